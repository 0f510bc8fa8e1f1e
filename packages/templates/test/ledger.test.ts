import { statementAsOf, toAmountString, type ClaimEvent } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { checkInkassoDisclosure, formatMoneyFor, renderMessage } from '../src/index.js';
import { agency, inkasso, letterData } from './fixtures.js';

/*
 * End to end with the core ledger: a consumer claim of 1,234.56 EUR in default from 2025-11-18,
 * a payment of 100.00 on 2026-02-02, collection costs charged on 2026-03-10; the statement comes
 * from statementAsOf() in @mahnwerk/core and goes into the templates unchanged.
 */
const claimId = 'claim-0815';
const events: ClaimEvent[] = [
  {
    type: 'claim-created',
    claimId,
    date: '2025-10-20',
    claim: {
      id: claimId,
      debtor: { id: 'd-1', kind: 'consumer', name: 'Maximilian Mustermann', address: ['Lindenallee 7', '50968 Köln'] },
      principal: '1234.56',
      currency: 'EUR',
      invoiceDate: '2025-10-20',
      dueDate: '2025-11-03',
      reference: 'RE-2025-004711',
    },
  },
  { type: 'default-began', claimId, date: '2025-11-18', basis: '§ 286 Abs. 1 BGB', route: 'reminder' },
  {
    type: 'payment-received',
    claimId,
    date: '2026-02-02',
    paymentId: 'pay-1',
    amount: '100.00',
    allocation: { costs: '0.00', interest: '20.00', principal: '80.00', unapplied: '0.00' },
  },
  {
    type: 'fee-charged',
    claimId,
    date: '2026-03-10',
    feeId: 'fee-1',
    kind: 'collection-costs',
    code: 'Inkassokosten (Nr. 2300, 7002, 7008 VV RVG)',
    amount: '96.03',
    basis: '§ 13e RDG i.V.m. Nr. 2300 (0,5), 7002, 7008 VV RVG',
  },
];

describe('rendering a statement produced by the core ledger', () => {
  it('prints every line of the statement with its amount and basis', () => {
    const statement = statementAsOf(events, '2026-03-10');
    const data = letterData({ creditor: agency, statement, inkasso, stage: 'handover' });
    expect(checkInkassoDisclosure(data)).toMatchObject({ ok: true });
    const { text, html } = renderMessage('handover-inkasso', 'letter', data);
    expect(statement.lines.length).toBeGreaterThanOrEqual(5);
    for (const line of statement.lines) {
      expect(text).toContain(`${formatMoneyFor(line.amount, 'de')}`);
      expect(html).toContain(line.basis.replace(/&/g, '&amp;'));
    }
    expect(text).toContain(`Gesamtbetrag: ${formatMoneyFor(statement.total, 'de')}`);
    expect(toAmountString(statement.total)).not.toBe('0.00');
    // VAT is claimed (Nr. 7008 in the fee), so the input-VAT declaration is printed (§ 13a Abs. 1 Nr. 6 RDG).
    expect(text).toContain('nicht zum Vorsteuerabzug berechtigt');
  });
});
