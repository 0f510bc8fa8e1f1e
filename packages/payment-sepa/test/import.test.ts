import { readFileSync } from 'node:fs';
import { createMahnwerk, creditorReference, fixedClock, isValidCreditorReference, toAmountString } from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { importBankStatement, matchCredit, parseCamt, type BankCredit, type MatchCandidate } from '../src/index.js';

const camt053 = readFileSync(new URL('./fixtures/camt053-mixed.xml', import.meta.url), 'utf8');

// Three open claims, invoiced 2025-01-02 and due 2025-01-16: on 2025-01-14 none is in default, so
// the open balance is the principal and a payment goes to the principal (§ 367 Abs. 1 BGB).
async function book() {
  const mw = createMahnwerk({ store: createMemoryClaimStore(), clock: fixedClock('2025-01-14'), policy: 'auto' });
  const claim = (id: string, kind: 'consumer' | 'business', name: string, principal: string) =>
    mw.createClaim({ id, debtor: { id: `D-${id}`, kind, name }, principal, currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', reference: id });
  await claim('RE-2025-001', 'consumer', 'Erika Mustermann', '1011.75');
  await claim('RE-2025-002', 'consumer', 'Hans Beispiel', '600.00');
  await claim('RE-2025-003', 'business', 'Mustermann GmbH', '450.00');
  return mw;
}
const claimIds = ['RE-2025-001', 'RE-2025-002', 'RE-2025-003'];

describe('parseCamt (camt.053)', () => {
  it('reads booked credits with their values as written, one per transaction of a batch; skips the debit', () => {
    const { kind, credits, skipped } = parseCamt(camt053);
    expect([kind, skipped]).toEqual(['camt.053', 1]);
    expect(credits.map((c) => [c.id, c.amount, c.valueDate, c.debtorName ?? null])).toEqual([
      // "000123" stays a string with its zeros (parseTagValue off).
      ['000123', '1011.75', '2025-01-10', 'Erika Mustermann'],
      ['000124/1', '250.00', '2025-01-11', 'Hans Beispiel'],
      ['000124/2', '80.00', '2025-01-11', 'Fritz Fremd'],
      ['000125', '450.00', '2025-01-12', 'MUSTERMANN GMBH'],
      ['000127', '99.99', '2025-01-13', 'Max Unbekannt'],
    ]);
    expect(credits[0]).toMatchObject({ creditorReference: 'RF27RE2025001', debtorIban: 'DE02120300000000202051', remittance: '' });
    expect(credits[0]?.endToEndId).toBeUndefined();
    expect(credits[1]).toMatchObject({ endToEndId: 'E2E-4711', remittance: 'Rechnung RE-2025-002 Teilzahlung' });
  });

  it('reads camt.054 notifications and refuses files that are neither', () => {
    const camt054 = camt053
      .replace('camt.053.001.02', 'camt.054.001.02')
      .replace(/BkToCstmrStmt>/g, 'BkToCstmrDbtCdtNtfctn>')
      .replace(/<Stmt>/g, '<Ntfctn>')
      .replace(/<\/Stmt>/g, '</Ntfctn>');
    const parsed = parseCamt(camt054);
    expect([parsed.kind, parsed.credits.length]).toEqual(['camt.054', 5]);
    expect(() => parseCamt('<Document><Other/></Document>')).toThrow(/neither BkToCstmrStmt/);
    expect(() => parseCamt(camt053.replace('1011.75', '1011.755'))).toThrow(/3 decimals/);
  });
});

describe('importBankStatement: camt.053 with matched, partly matched and unknown credits, imported twice', () => {
  it('the RF in the file is the ISO 11649 reference of RE-2025-001', () => {
    expect(isValidCreditorReference('RF27RE2025001')).toBe(true);
    expect(creditorReference('RE-2025-001')).toBe('RF27RE2025001');
  });

  it('matches by creditor reference, invoice number, amount and name; lists the rest for review; the second import changes nothing', async () => {
    const mw = await book();
    const first = await importBankStatement(mw, camt053, { claimIds });
    expect(first.matched.map((m) => [m.credit.id, m.claimId, m.rule, m.openAfter, m.replayed])).toEqual([
      ['000123', 'RE-2025-001', 'creditor-reference', '0.00', false],
      ['000125', 'RE-2025-003', 'amount-and-name', '0.00', false],
    ]);
    // 600.00 − 250.00 = 350.00 left.
    expect(first.partlyMatched.map((m) => [m.credit.id, m.claimId, m.rule, m.openAfter])).toEqual([['000124/1', 'RE-2025-002', 'invoice-number', '350.00']]);
    expect(first.unmatched.map((u) => u.credit.id)).toEqual(['000124/2', '000127']);
    expect(first.skipped).toBe(1);

    const payments = await Promise.all(claimIds.map(async (id) => (await mw.claim(id)).payments.map((p) => [p.paymentId, p.date, p.amount, p.allocation.principal])));
    expect(payments).toEqual([
      [['bank:000123', '2025-01-10', '1011.75', '1011.75']],
      [['bank:000124/1', '2025-01-11', '250.00', '250.00']],
      [['bank:000125', '2025-01-12', '450.00', '450.00']],
    ]);
    const lengths = await Promise.all(claimIds.map(async (id) => (await mw.history(id)).length));

    const second = await importBankStatement(mw, camt053, { claimIds });
    expect([...second.matched, ...second.partlyMatched].every((m) => m.replayed)).toBe(true);
    expect(second.matched.map((m) => [m.credit.id, m.claimId, m.rule])).toEqual([
      ['000123', 'RE-2025-001', 'already-imported'],
      ['000125', 'RE-2025-003', 'already-imported'],
    ]);
    expect(second.partlyMatched.map((m) => [m.credit.id, m.claimId, m.openAfter])).toEqual([['000124/1', 'RE-2025-002', '350.00']]);
    expect(second.unmatched.map((u) => u.credit.id)).toEqual(['000124/2', '000127']);
    expect(await Promise.all(claimIds.map(async (id) => (await mw.history(id)).length))).toEqual(lengths);
    expect(toAmountString((await mw.statement('RE-2025-002')).total)).toBe('350.00');
  });
});

describe('matchCredit: the order of the rules and no guessing', () => {
  const credit = (over: Partial<BankCredit>): BankCredit => ({ id: 'x', amount: '100.00', currency: 'EUR', bookingDate: '2025-01-10', valueDate: '2025-01-10', remittance: '', ...over });
  const c = (claimId: string, name: string, open: string, references = [claimId]): MatchCandidate => ({
    claimId,
    references,
    creditorReferences: references.map((r) => creditorReference(r)),
    debtorName: name,
    open,
    currency: 'EUR',
  });
  const pool = [c('RE-1001', 'Erika Mustermann', '100.00'), c('RE-1002', 'Erika Mustermann', '100.00'), c('RE-2001', 'Hans Beispiel', '55.10')];

  it('a creditor reference wins over an invoice number naming another claim; an RF in the free text counts too', () => {
    expect(matchCredit(credit({ creditorReference: creditorReference('RE-1002'), remittance: 'RE-1001' }), pool)).toMatchObject({ claimId: 'RE-1002', rule: 'creditor-reference' });
    expect(matchCredit(credit({ remittance: `Zahlung ${creditorReference('RE-2001').replace(/(.{4})/g, '$1 ')} danke` }), pool)).toMatchObject({ claimId: 'RE-2001', rule: 'creditor-reference' });
  });

  it('an invoice number must stand as its own token (RE-10010 is not RE-1001), separators inside do not matter', () => {
    expect(matchCredit(credit({ remittance: 'Rg.Nr. RE 1001' }), pool)).toMatchObject({ claimId: 'RE-1001', rule: 'invoice-number' });
    expect(matchCredit(credit({ remittance: 'RE-10010', debtorName: 'Fritz' }), pool)).toMatchObject({ claimId: null });
  });

  it('amount and name: name order and case do not matter; two claims of the same debtor and amount are not guessed', () => {
    expect(matchCredit(credit({ amount: '55.10', debtorName: 'BEISPIEL, HANS' }), pool)).toMatchObject({ claimId: 'RE-2001', rule: 'amount-and-name' });
    expect(matchCredit(credit({ amount: '100.00', debtorName: 'Erika Mustermann' }), pool)).toMatchObject({ claimId: null, reason: expect.stringContaining('several claims') as string });
    expect(matchCredit(credit({ amount: '55.11', debtorName: 'Hans Beispiel' }), pool)).toMatchObject({ claimId: null });
  });
});

describe('importBankStatement: a credit that pays more than the claim owes says what it left unapplied (§ 812 Abs. 1 S. 1 BGB)', () => {
  it('RE-2025-001 owes 1,000.00; the 1,011.75 credit leaves 11.75 owed back, on the imported credit as typed', async () => {
    // By hand: on its value date 2025-01-10 the claim (due 2025-01-16) is not in default, so it owes its
    // principal 1,000.00 and nothing else; 1,011.75 − 1,000.00 = 11.75 is money the creditor owes back.
    const mw = createMahnwerk({ store: createMemoryClaimStore(), clock: fixedClock('2025-01-14'), policy: 'auto' });
    await mw.createClaim({ id: 'RE-2025-001', debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann' }, principal: '1000.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', reference: 'RE-2025-001' });
    const imported = await importBankStatement(mw, camt053, { claimIds: ['RE-2025-001'] });
    const credit = imported.matched.find((m) => m.credit.id === '000123');
    // `result.unapplied` is on the type (PaymentResult): before, `result` was typed CommandResult and this did not compile.
    expect(credit && [credit.claimId, credit.openAfter, toAmountString(credit.result.unapplied), credit.result.unapplied.currency]).toEqual(['RE-2025-001', '0.00', '11.75', 'EUR']);
    expect(toAmountString((await mw.statement('RE-2025-001', '2025-01-10')).unapplied)).toBe('11.75');
  });
});
