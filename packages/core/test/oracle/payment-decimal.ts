// The test oracle of the § 367 BGB allocation of an incoming payment: `allocateIncomingPayment` as
// it was before issue 7 point 5 moved it to integers (commit 8aa634d's
// packages/core/src/ledger/payment.ts, openPartsForPayment and the allocation, unchanged but for
// the imports and for the statement, which is the decimal.js oracle `decimalStatementAsOf`):
// the open parts in decimal.js Money, allocated with `allocateWithinClaim`. Test-only. Since then
// it reads `fee-reduced.movedToUnapplied` (costs paid on a dropped fee pay no costs any more).
import { addDays, type IsoDate } from '../../src/calendar/date.js';
import type { ClaimEventOf } from '../../src/ledger/events.js';
import type { ClaimState } from '../../src/ledger/state.js';
import type { StatementOptions } from '../../src/ledger/statement.js';
import { allocateWithinClaim } from '../../src/law/de/allocation.js';
import { add, maxMoney, money, subtract, toAmountString, zero, type Money } from '../../src/money/money.js';
import { decimalStatementAsOf } from './statement-decimal.js';

/** The open parts a payment on `day` meets, in decimal.js (the old `openPartsForPayment`). */
export function decimalOpenParts(state: ClaimState, day: IsoDate, options: StatementOptions = {}): { asOf: IsoDate; costs: Money; interest: Money; principal: Money } {
  const asOf = addDays(day, -1);
  const s = decimalStatementAsOf(state.events, asOf, options);
  const cur = s.currency;
  let costs = s.costs;
  let interest = s.interest;
  let principal = s.principal;
  for (const pay of state.payments) {
    if (pay.date !== day) continue;
    costs = subtract(costs, money(pay.allocation.costs, cur));
    interest = subtract(interest, money(pay.allocation.interest, cur));
    principal = subtract(principal, money(pay.allocation.principal, cur));
  }
  for (const rev of state.reversals) {
    if (rev.date !== day) continue;
    costs = add(costs, money(rev.allocation.costs, cur));
    interest = add(interest, money(rev.allocation.interest, cur));
    principal = add(principal, money(rev.allocation.principal, cur));
  }
  for (const adj of state.adjustments) if (adj.date === day) principal = subtract(principal, money(adj.amount, cur));
  for (const red of state.feeReductions) {
    if (red.date !== day) continue;
    // Added after the oracle was taken: the drop of a fee charged on the payment day itself takes
    // nothing off the day before's costs, which never held it (rule fee.payment-day) — only the drop:
    // what such a reduction credited to the principal or moved to the unapplied parts is money paid on
    // costs the day before did hold, and counts (a second payment of the day no longer pays principal
    // the credit already paid; ledger.property.test.ts, "a payment after a same-day credit").
    const ownDay = state.fees.find((f) => f.feeId === red.feeId)?.date === day;
    const credited = money(red.creditedToPrincipal ?? '0', cur);
    costs = subtract(costs, subtract(ownDay ? zero(cur) : money(red.amount, cur), credited));
    principal = subtract(principal, credited);
    // Added after the oracle was taken (rule fee.letter-not-sent, bdc3d55): costs paid on a dropped
    // fee moved to the payments' unapplied parts pay no costs any more.
    for (const m of red.movedToUnapplied ?? []) costs = add(costs, money(m.amount, cur));
  }
  // Added after the oracle was taken: a fee put back on the payment day (fee-reinstated) is owed again,
  // unless it was charged that day (the day before's costs never held it).
  for (const e of state.events) {
    if (e.type !== 'fee-reinstated' || e.date !== day) continue;
    // Of a fee charged that day, all but the fee standing again (as with the reductions above).
    if (state.fees.find((f) => f.feeId === e.feeId)?.date !== day) costs = add(costs, money(e.amount, cur));
    // Added with backFromPrincipal / backFromUnapplied: the paid part a reduction had moved pays the costs
    // again; the credit taken back is owed again on the principal.
    const back = money(e.backFromPrincipal ?? '0', cur);
    costs = subtract(costs, back);
    principal = add(principal, back);
    for (const m of e.backFromUnapplied ?? []) costs = subtract(costs, money(m.amount, cur));
  }
  const none = zero(cur);
  return { asOf, costs: maxMoney(costs, none), interest: maxMoney(interest, none), principal: maxMoney(principal, none) };
}

/** The old `allocateIncomingPayment` after its checks: the `payment-received` event, in decimal.js. */
export function decimalAllocateIncomingPayment(
  state: ClaimState,
  payment: { paymentId: string; amount: Money; date: IsoDate },
  options: StatementOptions = {},
): ClaimEventOf<'payment-received'> {
  const { paymentId, amount, date } = payment;
  const open = decimalOpenParts(state, date, options);
  const applied = allocateWithinClaim(amount, { costs: open.costs, interest: open.interest, principal: open.principal }, 'bgb367');
  return {
    type: 'payment-received',
    claimId: state.facts.id,
    date,
    paymentId,
    amount: toAmountString(amount),
    allocation: {
      costs: toAmountString(applied.costs),
      interest: toAmountString(applied.interest),
      principal: toAmountString(applied.principal),
      unapplied: toAmountString(applied.rest),
    },
    reason: {
      rule: 'allocation.367',
      basis: '§ 367 Abs. 1 BGB',
      text: 'Applied to costs, then interest, then principal, as the claim stood at the end of the day before the payment.',
      inputs: {
        asOf: open.asOf,
        openCosts: toAmountString(open.costs),
        openInterest: toAmountString(open.interest),
        openPrincipal: toAmountString(open.principal),
        amount: toAmountString(amount),
      },
    },
  };
}
