import type { ClaimState } from './state.js';
import { add, compare, money, zero, type Money } from '../money/money.js';

/**
 * Whether part of a claim was paid or credited, as its ledger shows it — what the stage condition
 * `minRemainder` asks (a small remainder after a payment or credit is not dunned; an invoice nothing
 * was paid or credited on is not held by it):
 *
 * - a payment (`payment-received`) counts unless refunds and chargebacks (`payment-reversed`) took
 *   back all of it: a payment fully reversed is as if it had not been made (§ 362 Abs. 1 BGB needs the
 *   performance to stay with the creditor); one reversed in part still counts;
 * - a credit note or write-down (`adjustment`) counts: the creditor lowered the claim itself. A set-off
 *   (Aufrechnung, § 389 BGB) has no event of its own; it is booked as a payment and counts as one.
 *
 * Nothing else counts: interest and fees running on, a dispute, a plan or a promise to pay do not make
 * a claim part-paid. Pure.
 *
 * @param state - the claim's payments, reversals and adjustments (its facts for the currency)
 * @returns `true` when a payment not fully reversed or a credit note or write-down is on the ledger
 */
export function paidOrCredited(state: Pick<ClaimState, 'facts' | 'payments' | 'reversals' | 'adjustments'>): boolean {
  if (state.adjustments.length > 0) return true;
  if (state.payments.length === 0) return false;
  if (state.reversals.length === 0) return true;
  const currency = state.facts.currency;
  const reversed = new Map<string, Money>();
  for (const r of state.reversals) reversed.set(r.paymentId, add(reversed.get(r.paymentId) ?? zero(currency), money(r.amount, currency)));
  return state.payments.some((p) => compare(money(p.amount, currency), reversed.get(p.paymentId) ?? zero(currency)) > 0);
}
