import { readFileSync } from 'node:fs';
import { createMahnwerk, creditorReference, fixedClock, toAmountString } from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { importBankStatement } from '../src/index.js';

// A camt.053 of 2025-01-10 (fixtures/camt053-default.xml) against claims in default, imported on
// 2025-01-14, twice. Every figure below is worked out by hand from the statute and the project's
// documented conventions (docs/legal-notes.md): default interest § 288 Abs. 1 BGB = base rate + 5 pp
// for a consumer; base rate 3.37 % from 2024-07-01 and 2.27 % from 2025-01-01 (§ 247 BGB,
// Bundesbank); default begins the day after an agreed calendar due date (§ 286 Abs. 2 Nr. 1 BGB);
// act/365, each period rounded half up to the cent; a payment pays the interest up to the day
// BEFORE its value date, then costs → interest → principal (§ 367 Abs. 1 BGB); no costs here (no
// daily run, so no dunning fee was charged).
//
// RE-2024-0900, 1000.00, due Mon 2024-12-02 → default from 2024-12-03:
//   2024-12-03…12-31  29 days × 8.37 % × 1000.00 / 365 = 6.6501… → 6.65
//   2025-01-01…01-09   9 days × 7.27 % × 1000.00 / 365 = 1.7926… → 1.79      interest 8.44
//   credit 100001 of 500.00 ("Rechnung RE-2024-0900"): interest 8.44, principal 491.56
//   open at the end of 2025-01-10: principal 508.44 + 1 day × 7.27 % × 508.44 / 365 = 0.1012… → 0.10 = 508.54
// RE-2024-0950, 300.00, same debtor, due Fri 2024-12-20 → default from 2024-12-21:
//   2024-12-21…12-31  11 days × 8.37 % × 300.00 / 365 = 0.7567… → 0.76
//   2025-01-01…01-09   9 days × 7.27 % × 300.00 / 365 = 0.5377… → 0.54      interest 1.30
//   credit 100002 of 300.00 ("Rechnung RE-2024-0950"): the debtor named this claim, so it pays it
//   although RE-2024-0900 is older (§ 366 Abs. 1 BGB): interest 1.30, principal 298.70
//   open at the end of 2025-01-10: principal 1.30 + 1.30 × 7.27 % / 365 = 0.0003 → 0.00 = 1.30
// RE-2025-0010, 200.00, business, due 2025-01-16 (not yet due): credit 100003 of 200.00 with RF40RE20250010 → principal 200.00, open 0.00
// credit 100004 of 45.00 ("Spende", Max Unbekannt) → for review
const statement = readFileSync(new URL('./fixtures/camt053-default.xml', import.meta.url), 'utf8');
const claimIds = ['RE-2024-0900', 'RE-2024-0950', 'RE-2025-0010'];

async function book() {
  const mw = createMahnwerk({ store: createMemoryClaimStore(), clock: fixedClock('2025-01-14'), policy: 'auto' });
  const erika = { id: 'D-1', kind: 'consumer' as const, name: 'Erika Mustermann' };
  await mw.createClaim({ id: 'RE-2024-0900', reference: 'RE-2024-0900', debtor: erika, principal: '1000.00', currency: 'EUR', invoiceDate: '2024-11-15', dueDate: '2024-12-02', dueDateAgreed: true });
  await mw.createClaim({ id: 'RE-2024-0950', reference: 'RE-2024-0950', debtor: erika, principal: '300.00', currency: 'EUR', invoiceDate: '2024-12-06', dueDate: '2024-12-20', dueDateAgreed: true });
  await mw.createClaim({ id: 'RE-2025-0010', reference: 'RE-2025-0010', debtor: { id: 'D-2', kind: 'business', name: 'Beispiel GmbH' }, principal: '200.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });
  return mw;
}

describe('camt.053 with matched, partly matched and unknown credits on claims in default (§§ 366, 367 BGB), imported twice', () => {
  it('the RF in the file is the ISO 11649 reference of RE-2025-0010 (98 − "RE20250010RF00" as digits mod 97 = 40)', () => {
    expect(creditorReference('RE-2025-0010')).toBe('RF40RE20250010');
  });

  it('allocates each credit to the claim it names, interest before principal, and the second import changes nothing', async () => {
    const mw = await book();
    const first = await importBankStatement(mw, statement, { claimIds });
    expect(first.matched.map((m) => [m.credit.id, m.claimId, m.rule, m.openAfter])).toEqual([['100003', 'RE-2025-0010', 'creditor-reference', '0.00']]);
    expect(first.partlyMatched.map((m) => [m.credit.id, m.claimId, m.rule, m.openAfter])).toEqual([
      ['100001', 'RE-2024-0900', 'invoice-number', '508.54'],
      ['100002', 'RE-2024-0950', 'invoice-number', '1.30'],
    ]);
    expect(first.unmatched.map((u) => [u.credit.id, u.credit.amount])).toEqual([['100004', '45.00']]);

    const allocations = async () =>
      Promise.all(claimIds.map(async (id) => (await mw.claim(id)).payments.map((p) => [p.paymentId, p.date, p.amount, p.allocation.costs, p.allocation.interest, p.allocation.principal, p.allocation.unapplied])));
    const expected = [
      [['bank:100001', '2025-01-10', '500.00', '0.00', '8.44', '491.56', '0.00']],
      [['bank:100002', '2025-01-10', '300.00', '0.00', '1.30', '298.70', '0.00']],
      [['bank:100003', '2025-01-10', '200.00', '0.00', '0.00', '200.00', '0.00']],
    ];
    expect(await allocations()).toEqual(expected);
    const totals = async () => Promise.all(claimIds.map(async (id) => toAmountString((await mw.statement(id, '2025-01-10')).total)));
    expect(await totals()).toEqual(['508.54', '1.30', '0.00']);
    const lengths = await Promise.all(claimIds.map(async (id) => (await mw.history(id)).length));

    const second = await importBankStatement(mw, statement, { claimIds });
    expect([...second.matched, ...second.partlyMatched].map((m) => [m.credit.id, m.rule, m.replayed])).toEqual([
      ['100003', 'already-imported', true],
      ['100001', 'already-imported', true],
      ['100002', 'already-imported', true],
    ]);
    expect(second.unmatched.map((u) => u.credit.id)).toEqual(['100004']);
    expect(await allocations()).toEqual(expected);
    expect(await totals()).toEqual(['508.54', '1.30', '0.00']);
    expect(await Promise.all(claimIds.map(async (id) => (await mw.history(id)).length))).toEqual(lengths);
  });
});
