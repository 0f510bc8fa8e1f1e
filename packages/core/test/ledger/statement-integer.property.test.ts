import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  money,
  paymentPartsLeft,
  project,
  reverseIncomingPayment,
  statement,
  type ClaimEvent,
  type IsoDate,
  type Statement,
} from '../../src/index.js';
import { statementAsOf } from '../../src/ledger/statement.js';
import { decimalStatementAsOf } from '../oracle/statement-decimal.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';

// Issue 7 point 5: the statement's figures are computed in exact integers at the ledger's scale
// (decimal strings in, decimal.js values out) and its lines are made when first read. The oracle
// is the statement as it was built before (test/oracle/statement-decimal.ts, commit 0923dd4):
// line by line in decimal.js, each total the sum of its lines (principal, interest, costs,
// § 367 BGB allocation parts, refunds and chargebacks, fee reductions credited to the principal,
// holds and write-offs without interest). On random ledgers every figure and every line must be
// identical — for the state's own day and for days before its last events.

const START: IsoDate = '2025-01-01';

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

type Op =
  | { kind: 'pay'; day: number; cents: number }
  | { kind: 'credit'; day: number; cents: number }
  | { kind: 'collection-fee'; day: number; cents: number; reduceAfter: number; reduceCents: number; credited: number }
  | { kind: 'hold'; day: number; interestRuns: boolean; untilAfter: number | null; liftAfter: number | null }
  | { kind: 'write-off'; day: number; reopenAfter: number | null }
  | { kind: 'reverse'; day: number; which: number; share: number; chargeback: boolean };

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
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reverse' as const), day, which: fc.nat(), share: fc.integer({ min: 1, max: 100 }), chargeback: fc.boolean() }),
  },
);

const scenario = fc.record({
  principal: fc.integer({ min: 1, max: 5_000_000 }),
  debtor: fc.constantFrom('consumer' as const, 'business' as const),
  defaultDay: fc.integer({ min: 0, max: 60 }),
  ops: fc.array(opArb, { maxLength: 30 }),
  asOf: fc.integer({ min: 0, max: 520 }),
  dayCount: fc.constantFrom(undefined, 'act/act' as const),
  rounding: fc.constantFrom(undefined, 'total' as const),
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
      case 'reverse': {
        const state = project(events);
        const pay = state.payments[op.which % Math.max(1, state.payments.length)];
        if (pay === undefined || pay.date > date) break;
        const left = paymentPartsLeft(state, pay.paymentId);
        if (left === null) break;
        const leftCents = ['costs', 'interest', 'principal', 'unapplied'].reduce((s, k) => s + Number(left[k as keyof typeof left].replace('.', '')), 0);
        const amount = Math.floor((leftCents * op.share) / 100);
        if (amount <= 0) break;
        events.push(...reverseIncomingPayment(state, { reversalId: `R${n}`, paymentId: pay.paymentId, kind: op.chargeback ? 'chargeback' : 'refund', amount: money(cents(amount)), date }));
        break;
      }
      case 'write-off':
        events.push({ type: 'written-off', claimId: CLAIM, date, amount: '0.00' });
        if (op.reopenAfter !== null) later.push({ type: 'reopened', claimId: CLAIM, date: addDays(date, op.reopenAfter) });
        break;
    }
  }
  flush(null);
  return events;
}


/** A statement as plain JSON: figures and lines (money written as decimal strings). */
const plain = (s: Statement): unknown => JSON.parse(JSON.stringify({ ...s, lines: s.lines }));

describe('statement in integers equals the decimal.js statement, line by line (issue 7 point 5)', () => {
  it('figures and lines on random ledgers with payments, refunds, chargebacks, credits, fees, holds and write-offs', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = build(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const asOf = addDays(START, sc.asOf);
        const oracle = plain(decimalStatementAsOf(events, asOf, options));
        expect(plain(statementAsOf(events, asOf, options))).toEqual(oracle);
        // The state's own statement: without re-projection when it sees every event.
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), START);
        const end = asOf > last ? asOf : last;
        expect(plain(statement(state, end, options))).toEqual(plain(decimalStatementAsOf(events, end, options)));
        expect(plain(statement(state, asOf, options))).toEqual(oracle);
      }),
      { numRuns: 300 },
    );
  });
});
