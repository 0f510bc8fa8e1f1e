import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  computeInterestSchedule,
  money,
  project,
  statement,
  toAmountString,
  type ClaimState,
  type IsoDate,
  type PrincipalChange,
} from '../../src/index.js';
import { buildLedger, ledgerScenario, START } from './random-ledger.js';

// The statement's Zinsstaffel (§§ 288, 289 BGB) is computed in one sweep over the claim's events
// (issue 7: linear in the events, no payments × days rescans). This checks it against the
// definition, written as plainly as possible: for EVERY day from the first day of default to the
// statement day, the interest-bearing principal is the claim's principal minus every principal
// reduction dated that day or earlier (principal parts of payments, credit notes, costs credited
// to the principal by a fee reduction), never below zero, and zero on a day without interest (a
// hold with interestRuns: false, or from a settled/written-off day until reopened). The days where
// it changes are the Zinsstaffel; interest lines and totals must be identical.

const scenario = ledgerScenario({ reversals: false, options: false });

/** The definition, day by day: is `d` a day without interest? */
function noInterestOn(state: ClaimState, d: IsoDate): boolean {
  for (const h of state.holds) {
    if (h.interestRuns || d < h.placedOn) continue;
    if (h.liftedOn !== undefined && d >= h.liftedOn) continue;
    if (h.until !== undefined && d > h.until) continue;
    return true;
  }
  // From a settled/written-off day until the day before it is reopened.
  let stopped: IsoDate | null = null;
  for (const e of state.events) {
    if (e.date > d) continue;
    if ((e.type === 'settled' || e.type === 'written-off') && stopped === null) stopped = e.date;
    else if (e.type === 'reopened' && stopped !== null) stopped = null;
  }
  return stopped !== null;
}

/** The definition, day by day: the Zinsstaffel input from the first day of default to `asOf`. */
function referenceChanges(state: ClaimState, from: IsoDate, asOf: IsoDate): PrincipalChange[] {
  const original = BigInt(state.facts.principal.replace('.', ''));
  const toCents = (s: string): bigint => BigInt(s.replace('.', ''));
  const changes: PrincipalChange[] = [];
  let last: bigint | null = null;
  for (let d = from; d <= asOf; d = addDays(d, 1)) {
    let p = original;
    for (const pay of state.payments) if (pay.date <= d) p -= toCents(pay.allocation.principal);
    for (const adj of state.adjustments) if (adj.date <= d) p -= toCents(adj.amount);
    for (const red of state.feeReductions) if (red.date <= d && red.creditedToPrincipal !== undefined) p -= toCents(red.creditedToPrincipal);
    for (const rei of state.feeReinstatements) if (rei.date <= d && rei.backFromPrincipal !== undefined) p += toCents(rei.backFromPrincipal);
    if (p < 0n) p = 0n;
    if (noInterestOn(state, d)) p = 0n;
    if (p === last) continue;
    last = p;
    const s = p.toString().padStart(3, '0');
    changes.push({ date: d, principal: money(`${s.slice(0, -2)}.${s.slice(-2)}`) });
  }
  return changes;
}

describe('statement: the one-sweep Zinsstaffel equals the day-by-day definition (§§ 288, 289 BGB; issue 7)', () => {
  it('interest lines, their principals and the interest total are identical on random ledgers', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = buildLedger(sc);
        const state = project(events);
        const asOf = addDays(START, sc.asOf);
        const st = statement(state, asOf);
        const from = state.defaultBegan as IsoDate;
        if (from > asOf) {
          expect(toAmountString(st.interestAccrued)).toBe('0.00');
          return;
        }
        const ref = computeInterestSchedule({ changes: referenceChanges(project(events.filter((e, i) => i === 0 || e.date <= asOf)), from, asOf), from, to: asOf, debtor: sc.debtor, obligationDate: START });
        expect(toAmountString(st.interestAccrued)).toBe(toAmountString(ref.total));
        const lines = st.lines.filter((l) => l.part === 'interest' && l.days !== undefined); // the Zinsstaffel, not payments on interest
        expect(lines.map((l) => [l.date, l.to, toAmountString(l.amount), l.onPrincipal ? toAmountString(l.onPrincipal) : null])).toEqual(
          ref.periods.map((p) => [p.from, p.to, toAmountString(p.amount), toAmountString(p.principal)]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
