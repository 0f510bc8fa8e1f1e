import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  computeInterestSchedule,
  money,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type ClaimState,
  type IsoDate,
  type PrincipalChange,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';

// The statement's Zinsstaffel (§§ 288, 289 BGB) is computed in one sweep over the claim's events
// (issue 7: linear in the events, no payments × days rescans). This checks it against the
// definition, written as plainly as possible: for EVERY day from the first day of default to the
// statement day, the interest-bearing principal is the claim's principal minus every principal
// reduction dated that day or earlier (principal parts of payments, credit notes, costs credited
// to the principal by a fee reduction), never below zero, and zero on a day without interest (a
// hold with interestRuns: false, or from a settled/written-off day until reopened). The days where
// it changes are the Zinsstaffel; interest lines and totals must be identical.

const START: IsoDate = '2025-01-01';

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

type Op =
  | { kind: 'pay'; day: number; cents: number }
  | { kind: 'credit'; day: number; cents: number }
  | { kind: 'collection-fee'; day: number; cents: number; reduceAfter: number; reduceCents: number; credited: number }
  | { kind: 'hold'; day: number; interestRuns: boolean; untilAfter: number | null; liftAfter: number | null }
  | { kind: 'write-off'; day: number; reopenAfter: number | null };

const day = fc.integer({ min: 0, max: 400 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), day, cents: fc.integer({ min: 1, max: 200_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('credit' as const), day, cents: fc.integer({ min: 1, max: 50_000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('collection-fee' as const),
      day,
      cents: fc.integer({ min: 100, max: 30_000 }),
      reduceAfter: fc.integer({ min: 0, max: 30 }),
      reduceCents: fc.integer({ min: 1, max: 99 }),
      credited: fc.integer({ min: 0, max: 5_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      day,
      interestRuns: fc.boolean(),
      untilAfter: fc.option(fc.integer({ min: 0, max: 60 })),
      liftAfter: fc.option(fc.integer({ min: 0, max: 60 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('write-off' as const), day, reopenAfter: fc.option(fc.integer({ min: 1, max: 90 })) }) },
);

const scenario = fc.record({
  principal: fc.integer({ min: 1, max: 5_000_000 }),
  debtor: fc.constantFrom('consumer' as const, 'business' as const),
  defaultDay: fc.integer({ min: 0, max: 60 }),
  ops: fc.array(opArb, { maxLength: 30 }),
  asOf: fc.integer({ min: 0, max: 520 }),
});

function build(sc: typeof scenario extends fc.Arbitrary<infer T> ? T : never): ClaimEvent[] {
  const events: ClaimEvent[] = [created(cents(sc.principal), { debtor: sc.debtor, date: START, facts: { invoiceDate: START, dueDate: START } })];
  events.push(defaultBegan(addDays(START, sc.defaultDay)));
  let n = 0;
  // Booked in date order, as a host books them; same-day bookings keep their generated order.
  // Follow-ups (fee reductions, lifts, reopenings) wait until their day comes.
  const ops = [...sc.ops].sort((a, b) => a.day - b.day);
  const later: ClaimEvent[] = [];
  const flush = (upTo: IsoDate | null): void => {
    later.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    while (later.length > 0 && (upTo === null || (later[0] as ClaimEvent).date <= upTo)) events.push(later.shift() as ClaimEvent);
  };
  for (const op of ops) {
    n++;
    const date = addDays(START, op.day);
    flush(date);
    switch (op.kind) {
      case 'pay':
        events.push(allocateIncomingPayment(project(events), { paymentId: `P${n}`, amount: money(cents(op.cents)), date }));
        break;
      case 'credit':
        events.push({ type: 'adjustment', claimId: CLAIM, date, kind: 'credit-note', amount: cents(op.cents) });
        break;
      case 'collection-fee': {
        const feeId = `F${n}`;
        events.push({ type: 'fee-charged', claimId: CLAIM, date, feeId, kind: 'collection-costs', code: 'Nr. 2300 VV RVG', amount: cents(op.cents), basis: 'Nr. 2300 VV RVG' });
        later.push({
          type: 'fee-reduced',
          claimId: CLAIM,
          date: addDays(date, op.reduceAfter),
          feeId,
          amount: cents(Math.max(1, Math.floor((op.cents * op.reduceCents) / 100))),
          basis: 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG',
          ...(op.credited > 0 ? { creditedToPrincipal: cents(op.credited) } : {}),
        });
        break;
      }
      case 'hold':
        events.push({
          type: 'hold-placed',
          claimId: CLAIM,
          date,
          holdId: `H${n}`,
          note: 'test',
          interestRuns: op.interestRuns,
          ...(op.untilAfter === null ? {} : { until: addDays(date, op.untilAfter) }),
        });
        if (op.liftAfter !== null) later.push({ type: 'hold-lifted', claimId: CLAIM, date: addDays(date, op.liftAfter), holdId: `H${n}`, expired: false });
        break;
      case 'write-off':
        events.push({ type: 'written-off', claimId: CLAIM, date, amount: '0.00' });
        if (op.reopenAfter !== null) later.push({ type: 'reopened', claimId: CLAIM, date: addDays(date, op.reopenAfter) });
        break;
    }
  }
  flush(null);
  return events;
}

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
        const events = build(sc);
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
