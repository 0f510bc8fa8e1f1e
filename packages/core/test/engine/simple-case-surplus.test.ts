import { describe, expect, it } from 'vitest';
import { bookAdjustment, bookIncomingPayment, bookPaymentReversal, checkInvariants, decide, money, paymentPartsLeft, policySchema, project, statement, statementLineText, toAmountString, unappliedMoneyOf, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { created, defaultBegan } from '../ledger/fixtures.js';

// Rule fee.simple-case (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG): a payment that settles the
// claim within two weeks of the collection agency's first demand lowers the collection costs to the
// 0.5 fee. Costs payments had already paid above the lowered fee (§ 367 Abs. 1 BGB put them on the
// costs first) were all credited to the principal (`creditedToPrincipal`) — also when no principal
// was open any more: the statement then showed a NEGATIVE principal (guard.no-negative-balance).
// Found by the ledger property test once the random ledgers handed claims over through the engine.
// Now the surplus goes to the principal open first and the rest back to the paying payments'
// unapplied parts (`movedToUnapplied`, latest first): held for the debtor (§ 812 Abs. 1 S. 1 Alt. 1
// BGB) — the one rule of rules fee.letter-not-sent and fee.before-default (placePaidCosts).
//
// By hand: 100.00 (consumer), invoice 2024-12-01, in default from 2025-01-01 (7.27 %).
// - Handed over 2025-01-02: RVG 2021 (mandate before 2025-06-01), value 100.00 → 1.0 fee 49.00;
//   0.9 × 49.00 = 44.10 + Nr. 7002 20 % = 8.82 → 52.92. Simple case 0.5: 24.50 + 4.90 = 29.40;
//   reduction 52.92 − 29.40 = 23.52.
// - 60.00 paid 2025-01-03 meets the claim as of 01-02: costs 52.92, interest 2 days 100.00 × 7.27 % ×
//   2 / 365 = 0.0398 → 0.04, principal 60.00 − 52.92 − 0.04 = 7.04 → 92.96 open. It settles nothing,
//   not even once lowered (129.44 owed then), so no reduction yet.
// - Credit note 92.96 on 2025-01-10 (the rest of the goods returned): principal 0.00. Interest
//   01-03 … 01-09, 7 days: 92.96 × 7.27 % × 7 / 365 = 0.1296 → 0.13 open.
// - 0.13 paid 2025-01-11 settles the claim once lowered: the reduction 23.52, of which the costs open
//   (0.00) take nothing and the principal open (0.00) nothing: 23.52 moves back to the 60.00 payment
//   (its costs part 52.92 → 29.40, unapplied 0.00 → 23.52). End of 01-11: principal, interest, costs
//   0.00; 23.52 held for the debtor (paid 60.13; owed 7.04 + 0.17 + 29.40 = 36.61 after the credit of
//   92.96: 60.13 − 36.61 = 23.52).

/** A policy whose one stage hands the claim over to a collection agency with collection costs (case auto), due at once. */
const handover = policySchema.parse({
  id: 'handover-now',
  version: 1,
  name: 'handover',
  stages: [{ id: 'inkasso', name: 'Inkasso', kind: 'handover', trigger: { after: 'due-date', days: 0 }, actions: [{ type: 'hand-over', to: 'collection-agency' }, { type: 'charge-collection-costs', case: 'auto' }] }],
});

function ledger(): ClaimEvent[] {
  const events: ClaimEvent[] = [created('100.00', { facts: { description: 'Bestellung 4711', contractDate: '2024-12-01' } }), defaultBegan('2025-01-01')];
  events.push(...decide(project(events), handover, '2025-01-02').events);
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: money('60.00'), date: '2025-01-03' }));
  events.push(bookAdjustment(project(events), { kind: 'credit-note', amount: money('92.96'), date: '2025-01-10', note: 'Rücksendung' }));
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P2', amount: money('0.13'), date: '2025-01-11' }));
  return events;
}

describe('fee.simple-case: costs paid above the lowered fee go to the principal open, the rest back to the payments (no negative principal)', () => {
  it('the figures by hand: costs 52.92, P1 = 52.92 + 0.04 + 7.04, reduction 23.52 on 2025-01-11 — none credited to the principal (none open), 23.52 moved back to P1', () => {
    const events = ledger();
    const fee = events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged');
    expect([fee?.kind, fee?.amount]).toEqual(['collection-costs', '52.92']);
    const p1 = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === 'P1');
    expect(p1?.allocation).toEqual({ costs: '52.92', interest: '0.04', principal: '7.04', unapplied: '0.00' });
    const reduced = events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    expect(reduced.map((r) => [r.date, r.reason?.rule, r.amount, r.creditedToPrincipal, r.movedToUnapplied])).toEqual([
      ['2025-01-11', 'fee.simple-case', '23.52', undefined, [{ paymentId: 'P1', amount: '23.52' }]],
    ]);
    const state = project(events);
    expect(paymentPartsLeft(state, 'P1')).toEqual({ costs: '29.40', interest: '0.04', principal: '7.04', unapplied: '23.52' });
  });

  it('the statement at the end of 2025-01-11: principal, interest, costs and total 0.00, 23.52 held for the debtor; checkInvariants finds no negative balance', () => {
    const events = ledger();
    const st = statement(project(events), '2025-01-11');
    expect([st.principal, st.interest, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00', '23.52']);
    expect(checkInvariants(events).filter((r) => r.guard === 'guard.no-negative-balance' || r.guard === 'guard.fee-reduction-bounds')).toEqual([]);
  });
});

// § 362 Abs. 1 BGB with § 367 Abs. 1 and § 812 Abs. 1 S. 1 Alt. 1 BGB: the settling 0.13 of 2025-01-11 is
// charged back on Mon 2025-01-13. The claim was not settled within the two weeks, so the 23.52 comes back
// (`fee-reinstated`, rule fee.reinstated) — and what the lowering had moved from P1's costs part to its
// unapplied part goes back onto the costs on that day (`fee-reinstated.backFromUnapplied`): P1's 52.92 pays
// the 0.9 costs in full again, and nothing is held for the debtor any more.
//
// The bug: the 23.52 stayed held for the debtor while the same 23.52 was owed again as costs — the total
// was 23.65 with 23.52 "overpaid" beside it, and a refund of the held 23.52 would have paid out money the
// creditor is owed.
//
// By hand: the chargeback takes back P2's interest part 0.13 (its only part); the reinstatement puts 23.52
// on the costs and moves 23.52 from P1's unapplied part back to its costs part: costs 23.52 − 23.52 = 0.00,
// unapplied 23.52 − 23.52 = 0.00, P1 again 52.92 + 0.04 + 7.04 = 60.00. As of 01-13: principal 0.00 (no
// interest runs), interest 0.13, total 0.13 (before the fix: costs 23.52, total 23.65, unapplied 23.52).
describe('§ 362 Abs. 1 BGB: a reinstatement puts the costs a lowering had moved to a payment\'s unapplied part back on the costs (fee-reinstated.backFromUnapplied)', () => {
  it('P2 (0.13) charged back on 2025-01-13: 23.52 reinstated and moved back from P1\'s unapplied part; costs 0.00, interest 0.13, total 0.13, nothing held', () => {
    const events = ledger();
    const booked = bookPaymentReversal(project(events), { reversalId: 'CB-2', paymentId: 'P2', kind: 'chargeback', amount: money('0.13'), date: '2025-01-13' });
    const back = booked.filter((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');
    expect(back.map((r) => [r.date, r.amount, r.backFromPrincipal, r.backFromUnapplied])).toEqual([['2025-01-13', '23.52', undefined, [{ paymentId: 'P1', amount: '23.52' }]]]);
    const after = [...events, ...booked];
    const state = project(after);
    expect(paymentPartsLeft(state, 'P1')).toEqual({ costs: '52.92', interest: '0.04', principal: '7.04', unapplied: '0.00' });
    const st = statement(state, '2025-01-13');
    expect([st.principal, st.interest, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['0.00', '0.13', '0.00', '0.13', '0.00']);
    expect(unappliedMoneyOf(state)).toBeNull();
    const line = st.lines.find((l) => l.date === '2025-01-13' && l.label.startsWith('Als Überzahlung gehaltene Kosten'));
    expect(line && [line.part, toAmountString(line.amount)]).toEqual(['costs', '-23.52']);
    expect(line && statementLineText(line, 'en').label).toBe('Overpayment held for costs that dropped, applied to the costs again (costs charged again)');
    expect(checkInvariants(after).filter((r) => r.guard === 'guard.no-negative-balance' || r.guard === 'guard.fee-reduction-bounds')).toEqual([]);
  });

  // Rule fee.reinstated with § 367 Abs. 1 BGB: the reason names the 23.52 moved back from what was held (it used to
  // end with "23.52 EUR charged again.", no word of the held money that now pays the costs again).
  it('the reason of the reinstatement of 01-13 names the 23.52 held for the debtor and applied to the costs again (backFromUnapplied)', () => {
    const events = ledger();
    const booked = bookPaymentReversal(project(events), { reversalId: 'CB-2', paymentId: 'P2', kind: 'chargeback', amount: money('0.13'), date: '2025-01-13' });
    const rei = booked.find((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');
    expect(rei?.reason?.text).toMatch(
      / 23\.52 EUR charged again\. Of it, 23\.52 EUR that earlier payments had paid on the costs was held for the debtor as an overpayment when the fee was lowered: it is applied to the costs again \(§ 367 Abs\. 1 BGB, costs first\) and no longer held\.$/,
    );
    expect(rei?.reason?.inputs).toMatchObject({ reinstated: '23.52', backFromUnapplied: '23.52' });
    expect(rei?.reason?.inputs).not.toHaveProperty('backFromPrincipal');
  });

  it('P1 (60.00) charged back in full instead: its held 23.52 goes back with it, so nothing is left to move — the 0.9 costs 52.92 stand open again, principal 7.04', () => {
    const events = ledger();
    const booked = bookPaymentReversal(project(events), { reversalId: 'CB-1', paymentId: 'P1', kind: 'chargeback', amount: money('60.00'), date: '2025-01-13' });
    const back = booked.filter((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');
    // P1's parts left were costs 29.40, interest 0.04, principal 7.04, unapplied 23.52: all taken back.
    expect(back.map((r) => [r.amount, r.backFromPrincipal, r.backFromUnapplied])).toEqual([['23.52', undefined, undefined]]);
    const st = statement(project([...events, ...booked]), '2025-01-13');
    // Costs 29.40 + 23.52 = 52.92; interest 0.04 owed again, 0.13 paid by P2 (interest 01-03 … 01-09 on 92.96) stays paid; principal 7.04 from 01-13 (1 d: 7.04 × 0.0727 / 365 = 0.0014 → 0.00).
    expect([st.principal, st.interest, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['7.04', '0.04', '52.92', '60.00', '0.00']);
  });
});
