import type { IsoDate } from '../calendar/date.js';
import { currency as lookupCurrency } from '../money/currency.js';
import { isPositive, money, sum, toAmountString, type Money } from '../money/money.js';
import { scaledToAmountString } from '../money/scaled.js';
import { everyPaymentPartsLeft } from './reversal.js';
import type { ClaimState, ClaimStatus } from './state.js';

/** What one payment brought beyond what the claim owed, as far as it is still held. */
export interface HeldSurplus {
  /** The payment (its `paymentId`): the one a refund of this surplus names (`reversePayment`). */
  readonly paymentId: string;
  /** The payment's value date: from this day on the creditor holds the surplus. */
  readonly date: IsoDate;
  /** What of the payment's `unapplied` part is left after the refunds and chargebacks recorded against it; above zero. */
  readonly amount: Money;
}

/**
 * Money a claim holds beyond what it owed (an overpayment), which the creditor owes back to the
 * debtor — see {@link unappliedMoneyOf} for the rule.
 */
export interface UnappliedMoney {
  /** The claim. */
  readonly claimId: string;
  /** The debtor the money is owed back to. */
  readonly debtorId: string;
  /** The claim's status (usually `settled`: the payment paid it in full and more). */
  readonly status: ClaimStatus;
  /** All of it: the sum of `payments` — the same figure as the claim's `statement().unapplied`. */
  readonly amount: Money;
  /** Since when money is held: the value date of the earliest payment whose surplus is still held. */
  readonly since: IsoDate;
  /** The payments whose surplus is held, in the order they were recorded. */
  readonly payments: readonly HeldSurplus[];
}

/**
 * The money a claim holds beyond what it owed, or `null` when it holds none.
 *
 * The rule: a payment is applied under § 367 Abs. 1 BGB (costs, interest, principal) to what the
 * claim owed at the end of the day before it; what it brings beyond that is recorded as its
 * `unapplied` part. That part pays no debt: the debtor paid it without legal ground and may claim
 * it back (§ 812 Abs. 1 S. 1 Alt. 1 BGB, Leistungskondiktion). mahnwerk does not move it anywhere
 * on its own; the host refunds it — `reversePayment({ kind: 'refund', paymentId, amount })`, which
 * undoes the payment's unapplied part first (`reverseIncomingPayment`) — or, where the creditor has
 * another due claim against the same debtor, sets it off against that one (§§ 387, 389 BGB:
 * record it as a refund here and as a payment on the other claim). Until then it is listed here.
 *
 * A payment's held surplus is its `unapplied` part less what refunds and chargebacks of it undid
 * (`paymentPartsLeft`; all payments' parts in one pass, so the cost grows with the number of payments
 * and reversals, not with the square of it); the claim's is the sum over its payments — the same figure as
 * `statement(state, date).unapplied` (payments are never dated after today, so every statement from
 * the last payment on shows it).
 *
 * @param state - the projected claim ({@link project})
 * @returns the held money with its payments and since when, or `null` when no payment left any
 *   (or all of it was refunded)
 */
export function unappliedMoneyOf(state: ClaimState): UnappliedMoney | null {
  const cur = state.facts.currency;
  const payments: HeldSurplus[] = [];
  const partsLeft = everyPaymentPartsLeft(state);
  for (const p of state.payments) {
    const left = partsLeft.get(p.paymentId);
    if (left === undefined) continue;
    const amount = money(left.unapplied, cur);
    if (isPositive(amount)) payments.push({ paymentId: p.paymentId, date: p.date, amount });
  }
  if (payments.length === 0) return null;
  let since = (payments[0] as HeldSurplus).date;
  for (const p of payments) if (p.date < since) since = p.date;
  return {
    claimId: state.facts.id,
    debtorId: state.facts.debtor.id,
    status: state.status,
    amount: sum(
      payments.map((p) => p.amount),
      cur,
    ),
    since,
    payments,
  };
}

/**
 * The money a claim holds for its debtor as an amount string: `toAmountString` of
 * {@link unappliedMoneyOf}'s amount, or the currency's zero (`"0.00"`, `"0"` for JPY) when no payment
 * left any — written without making a decimal.js zero. What a write's claim summary stores as
 * `unapplied` (`summarizeState`).
 *
 * @internal
 * @param state - the projected claim
 */
export function unappliedAmountString(state: ClaimState): string {
  const held = unappliedMoneyOf(state);
  if (held !== null) return toAmountString(held.amount);
  const { minorUnit } = lookupCurrency(state.facts.currency);
  return scaledToAmountString(0n, minorUnit, minorUnit);
}
