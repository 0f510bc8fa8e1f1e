import { allocateIncomingPayment, money, project, statement, type ClaimEvent, type ClaimFacts } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { statementTable } from '../src/index.js';

// statementTable words each line in the letter's language through core's statementLineText: an
// English letter's table printed the German labels ("Hauptforderung", "Mahnkosten (Porto und
// Material)", "Zahlung auf Kosten") and bases ("Rechnung RE-1"), because it printed line.label as
// stored. German tables stay as they were (the stored German label and basis).

const facts = {
  id: 'RE-1',
  debtor: { id: 'D1', kind: 'consumer', name: 'Ann Smith', locale: 'en' },
  principal: '249.90',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-03-17',
  dueDateAgreed: true,
  reference: 'RE-1',
} satisfies ClaimFacts;

function events(): ClaimEvent[] {
  const list: ClaimEvent[] = [
    { type: 'claim-created', claimId: 'RE-1', date: '2025-03-03', claim: facts } as ClaimEvent,
    { type: 'default-began', claimId: 'RE-1', date: '2025-03-18', route: 'calendar-date', basis: '§ 286 Abs. 2 Nr. 1 BGB' } as ClaimEvent,
    {
      type: 'fee-charged',
      claimId: 'RE-1',
      date: '2025-04-28',
      feeId: 'RE-1:fee:creditor-dunning-fee:2025-04-28:1',
      kind: 'creditor-dunning-fee',
      code: 'Mahnkosten',
      amount: '2.50',
      basis: '§§ 280 Abs. 1, 2, 286 BGB',
    } as ClaimEvent,
  ];
  list.push(allocateIncomingPayment(project(list), { paymentId: 'P1', amount: money('50.00'), date: '2025-05-02' }));
  return list;
}

const GERMAN = ['Hauptforderung', 'Mahnkosten', 'Porto', 'Zahlung auf', 'Rechnung ', 'Kosten', 'Zinsen'];

describe('statementTable: the letter table in the letter language (statementLineText)', () => {
  const st = statement(project(events()), '2025-05-10');

  it('an English table has no German statement words, in descriptions or bases', () => {
    const table = statementTable(st, 'en');
    const words = table.rows.flatMap((r) => [r.description, r.basis ?? '']).join('\n');
    for (const german of GERMAN) expect(words).not.toContain(german);
    expect(words).toContain('Principal claim');
    expect(words).toContain('Dunning costs (postage and materials)');
    expect(words).toContain('Invoice RE-1');
    // Days as English letters write them (core's dayInWords), not ISO dates.
    expect(table.rows[0]?.description).toBe('Principal claim of 3 March 2025');
    expect(table.title).toBe('Statement of account (as of 10 May 2025)');
  });

  it('a German table prints the stored German label and basis of each line', () => {
    const table = statementTable(st, 'de');
    const nonInterest = st.lines.filter((l) => l.part !== 'interest' || l.to === undefined);
    for (const line of nonInterest) expect(table.rows.map((r) => r.description)).toContainEqual(expect.stringContaining(line.label));
    expect(table.rows.map((r) => r.basis ?? '')).toContain('Rechnung RE-1');
    expect(table.rows[0]?.description).toBe('Hauptforderung vom 03.03.2025');
  });
});
