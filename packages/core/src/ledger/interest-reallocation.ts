import type { IsoDate } from '../calendar/date.js';
import type { AmountString, ClaimEvent, ClaimEventOf, InterestReallocation } from './events.js';
import type { ClaimState } from './state.js';

/**
 * A part of a claim's sums an interest re-allocation books on: the open interest (the interest paid
 * goes down, so what is open goes up), the open principal, or what the claim holds for the debtor.
 *
 * @internal
 */
export type ReallocationPart = 'interest' | 'principal' | 'unapplied';

/**
 * What a `default-withdrawn` event's `interestReallocated` books on a claim's sums — the one reading
 * of it, which the statement's sums (read from the whole ledger, and carried over a fold), the
 * principal's changes, the open parts a payment meets and the parts left of each payment go through:
 * per payment, the open interest rises by `interest` (that much of it is no longer paid), the open
 * principal falls by `principal` (credited to it, § 367 Abs. 1 BGB) and the money held for the debtor
 * rises by `unapplied` (§ 812 Abs. 1 S. 1 Alt. 1 BGB).
 *
 * Calls `book(part, sign, amount, move)` once per amount booked, in that order, for each entry.
 *
 * @internal
 * @param event - the `default-withdrawn` event
 * @param book - adds `sign` × `amount` to `part`
 */
export function bookInterestReallocation(
  event: ClaimEventOf<'default-withdrawn'>,
  book: (part: ReallocationPart, sign: 1n | -1n, amount: AmountString, move: InterestReallocation) => void,
): void {
  const moves = event.interestReallocated;
  if (moves === undefined) return;
  for (const m of moves) {
    book('interest', 1n, m.interest, m);
    book('principal', -1n, m.principal, m);
    book('unapplied', 1n, m.unapplied, m);
  }
}

/**
 * The `default-withdrawn` events of a claim that re-allocate interest (`interestReallocated`), in
 * ledger order; with `day`, only those dated `day`. Most ledgers have none: one pass over the events.
 *
 * @internal
 * @param state - the claim's state
 * @param day - only the events of this day, when given
 */
export function interestReallocationsOf(state: ClaimState, day?: IsoDate): ClaimEventOf<'default-withdrawn'>[] {
  const out: ClaimEventOf<'default-withdrawn'>[] = [];
  const events = state.events;
  for (let i = 1; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type === 'default-withdrawn' && e.interestReallocated !== undefined && (day === undefined || e.date === day)) out.push(e);
  }
  return out;
}
