import { add, money, subtract, zero, type Money } from '../money/money.js';
import type { AmountString, ClaimEventOf } from './events.js';

/**
 * A part of a claim's sums that a fee reduction books on: the open costs, the open principal, or
 * what the claim holds for the debtor (`unapplied`, an overpayment).
 *
 * @internal
 */
export type ReductionPart = 'costs' | 'principal' | 'unapplied';

/**
 * What a `fee-reduced` event books on a claim's sums — the one reading of its amounts, which the
 * statement's sums (read from the whole ledger, and carried over a fold) and the open parts a
 * payment meets go through:
 * - the costs lose `amount` (the fee drops by it);
 * - `creditedToPrincipal`, costs paid above what the fee now is (§ 367 Abs. 1 BGB put the payments
 *   on the costs first), no longer pays costs: back on the costs, off the principal;
 * - each `movedToUnapplied` amount, costs paid on a fee that dropped with no principal left open to
 *   take them, no longer pays costs either: back on the costs, onto what the claim holds for the
 *   debtor (§ 812 Abs. 1 S. 1 Alt. 1 BGB).
 *
 * Calls `book(part, sign, amount)` once per amount booked, in that order (a caller that keeps no
 * `unapplied` part ignores those calls).
 *
 * @internal
 * @param red - the fee reduction
 * @param book - adds `sign` × `amount` to `part`
 */
export function bookFeeReduction(red: ClaimEventOf<'fee-reduced'>, book: (part: ReductionPart, sign: 1n | -1n, amount: AmountString) => void): void {
  book('costs', -1n, red.amount);
  const credited = red.creditedToPrincipal;
  if (credited !== undefined) {
    book('costs', 1n, credited);
    book('principal', -1n, credited);
  }
  const moves = red.movedToUnapplied;
  if (moves !== undefined) {
    for (const m of moves) {
      book('costs', 1n, m.amount);
      book('unapplied', 1n, m.amount);
    }
  }
}

/**
 * What a `fee-reinstated` event books on a claim's sums — the one reading of its amounts, the mirror of
 * {@link bookFeeReduction}, which the statement's sums (read from the whole ledger, and carried over a
 * fold), the principal's changes, the open parts a payment meets and the parts left of each payment go
 * through:
 * - the costs gain `amount` (the fee stands again by it);
 * - `backFromPrincipal`, costs paid that a reduction had credited to the principal, pays the costs
 *   again: off the costs, back on the principal (owed again from the event's day);
 * - each `backFromUnapplied` amount, costs paid that a reduction had held for the debtor, pays the
 *   costs again: off the costs, off what the claim holds for the debtor.
 *
 * Calls `book(part, sign, amount)` once per amount booked, in that order (a caller that keeps no
 * `unapplied` part ignores those calls).
 *
 * @internal
 * @param rei - the fee reinstatement
 * @param book - adds `sign` × `amount` to `part`
 */
export function bookFeeReinstatement(rei: ClaimEventOf<'fee-reinstated'>, book: (part: ReductionPart, sign: 1n | -1n, amount: AmountString) => void): void {
  book('costs', 1n, rei.amount);
  const back = rei.backFromPrincipal;
  if (back !== undefined) {
    book('costs', -1n, back);
    book('principal', 1n, back);
  }
  const moves = rei.backFromUnapplied;
  if (moves !== undefined) {
    for (const m of moves) {
      book('costs', -1n, m.amount);
      book('unapplied', -1n, m.amount);
    }
  }
}

/**
 * How much of a fee reductions took off it, net of what reinstatements put back
 * (`fee-reinstated`: a refund or chargeback took away a reduction's reason) — the one reading of
 * "what is left of a fee": its amount less this. Every rule that asks how much of a fee stands
 * (what a fee reduction may still drop, whether a flat fee stands, the costs the § 288 Abs. 5 S. 3
 * BGB credit counts, the guards) goes through it.
 *
 * @internal
 * @param state - the claim's fee reductions and reinstatements
 * @param feeId - the fee
 * @returns the amount as Money in `currency`, zero when nothing was taken off
 */
export function feeReducedNet(
  state: { readonly feeReductions: readonly ClaimEventOf<'fee-reduced'>[]; readonly feeReinstatements: readonly ClaimEventOf<'fee-reinstated'>[] },
  feeId: string,
  currency: string,
): Money {
  let net = zero(currency);
  for (const r of state.feeReductions) if (r.feeId === feeId) net = add(net, money(r.amount, currency));
  for (const r of state.feeReinstatements) if (r.feeId === feeId) net = subtract(net, money(r.amount, currency));
  return net;
}
