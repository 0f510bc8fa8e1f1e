import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  money,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type DebtorKind,
  type Statement,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan, fee, plain } from './fixtures.js';

// Invariants of the ledger (engine design, issue #3), checked on random ledgers: payments (§ 367 BGB),
// fees, credit notes, holds with and without interest, write-off and reopening, default from a random day.
// Amounts are integer cents turned into decimal strings without floating-point arithmetic.

const START = '2025-01-01';

function centsToString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

type Op =
  | { kind: 'pay'; day: number; cents: number }
  | { kind: 'fee'; day: number; cents: number }
  | { kind: 'adjust'; day: number; cents: number }
  | { kind: 'hold'; day: number; interestRuns: boolean; untilAfter: number | null }
  | { kind: 'lift'; day: number }
  | { kind: 'write-off'; day: number }
  | { kind: 'reopen'; day: number };

const opsOn = (day: fc.Arbitrary<number>): fc.Arbitrary<Op> => fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), day, cents: fc.integer({ min: 1, max: 300_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fee' as const), day, cents: fc.integer({ min: 1, max: 20_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), day, cents: fc.integer({ min: 1, max: 100_000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('hold' as const), day, interestRuns: fc.boolean(), untilAfter: fc.option(fc.integer({ min: 0, max: 60 })) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lift' as const), day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('write-off' as const), day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), day }) },
);

const scenarioArb = fc.record({
  debtor: fc.constantFrom<DebtorKind>('consumer', 'business'),
  principalCents: fc.integer({ min: 1, max: 10_000_000 }),
  defaultDay: fc.option(fc.integer({ min: 0, max: 90 })),
  // Either spread over a year and a half, or crowded into a few days (several bookings on one day).
  ops: fc.oneof(fc.array(opsOn(fc.integer({ min: -20, max: 540 })), { maxLength: 14 }), fc.array(opsOn(fc.integer({ min: 0, max: 6 })), { maxLength: 10 })),
  /** true: ops are recorded in date order; false: in generation order (backdated bookings). */
  chronological: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Builds a ledger from a scenario; payments are allocated with allocateIncomingPayment on the ledger so far. */
function build(sc: Scenario): ClaimEvent[] {
  const events: ClaimEvent[] = [created(centsToString(sc.principalCents), { debtor: sc.debtor })];
  if (sc.defaultDay !== null) events.push(defaultBegan(addDays(START, sc.defaultDay)));
  const ops = sc.chronological ? [...sc.ops].sort((a, b) => a.day - b.day) : sc.ops;
  let holds = 0;
  let payments = 0;
  let fees = 0;
  for (const op of ops) {
    const date = addDays(START, op.day);
    switch (op.kind) {
      case 'pay':
        payments += 1;
        events.push(allocateIncomingPayment(project(events), { paymentId: `P${payments}`, amount: money(centsToString(op.cents)), date }));
        break;
      case 'fee':
        fees += 1;
        events.push({ ...fee(date, centsToString(op.cents), 'creditor-dunning-fee'), feeId: `F${fees}` } as ClaimEvent);
        break;
      case 'adjust':
        events.push({ type: 'adjustment', claimId: CLAIM, date, kind: 'credit-note', amount: centsToString(op.cents) });
        break;
      case 'hold':
        holds += 1;
        events.push({
          type: 'hold-placed',
          claimId: CLAIM,
          date,
          holdId: `H${holds}`,
          note: 'test',
          interestRuns: op.interestRuns,
          ...(op.untilAfter === null ? {} : { until: addDays(date, op.untilAfter) }),
        });
        break;
      case 'lift': {
        const open = project(events).holds.filter((h) => h.liftedOn === undefined);
        const h = open[open.length - 1];
        // A hold cannot be lifted before it was placed.
        if (h) events.push({ type: 'hold-lifted', claimId: CLAIM, date: date < h.placedOn ? h.placedOn : date, holdId: h.holdId, expired: false });
        break;
      }
      case 'write-off':
        events.push({ type: 'written-off', claimId: CLAIM, date, amount: '0.00' });
        break;
      case 'reopen':
        events.push({ type: 'reopened', claimId: CLAIM, date });
        break;
    }
  }
  return events;
}

const cents = (m: { amount: { toFixed(n: number): string } }): bigint => BigInt(m.amount.toFixed(2).replace('.', ''));

function checkLines(st: Statement): void {
  for (const l of st.lines) expect(l.amount.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  const byPart = (part: string) => st.lines.filter((l) => l.part === part).reduce((s, l) => s + cents(l.amount), 0n);
  expect(byPart('principal')).toBe(cents(st.principal));
  expect(byPart('interest')).toBe(cents(st.interest));
  expect(byPart('costs')).toBe(cents(st.costs));
  expect(st.lines.reduce((s, l) => s + cents(l.amount), 0n)).toBe(cents(st.total));
  expect(cents(st.total)).toBe(cents(st.principal) + cents(st.interest) + cents(st.costs));
  const dates = st.lines.map((l) => l.date);
  expect([...dates].sort()).toEqual(dates);
}

const statementDay = fc.integer({ min: -31, max: 560 });

describe('ledger properties', () => {
  it('§ 367 BGB: every payment is split exactly — costs + interest + principal + unapplied = amount, no part negative, all to the cent', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        for (const e of build(sc)) {
          if (e.type !== 'payment-received') continue;
          const parts = [e.allocation.costs, e.allocation.interest, e.allocation.principal, e.allocation.unapplied];
          for (const p of parts) expect(p).toMatch(/^\d+\.\d{2}$/); // never negative, exactly two decimals
          expect(parts.reduce((s, p) => s + BigInt(p.replace('.', '')), 0n)).toBe(BigInt(e.amount.replace('.', '')));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a statement total is the sum of its lines, and each part the sum of its part lines', () => {
    fc.assert(
      fc.property(scenarioArb, statementDay, (sc, d) => {
        checkLines(statement(project(build(sc)), addDays(START, d)));
      }),
      { numRuns: 150 },
    );
  });

  it('a statement as of day d depends only on events dated d or earlier (later events, wherever in the ledger, change nothing)', () => {
    fc.assert(
      fc.property(scenarioArb, statementDay, (sc, d) => {
        const events = build(sc);
        const asOf = addDays(START, d);
        const full = statement(project(events), asOf);
        const upTo = events.filter((e, i) => i === 0 || e.date <= asOf);
        expect(plain(statement(project(upTo), asOf))).toEqual(plain(full));
      }),
      { numRuns: 150 },
    );
  });

  it('recorded in date order: outstanding interest and costs never go negative, and principal is conserved', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(statementDay, { minLength: 1, maxLength: 4 }), (sc, days) => {
        const events = build({ ...sc, chronological: true });
        const state = project(events);
        for (const d of days) {
          const asOf = addDays(START, d);
          const st = statement(state, asOf);
          expect(st.interest.amount.isNegative() && !st.interest.amount.isZero()).toBe(false);
          expect(st.costs.amount.isNegative() && !st.costs.amount.isZero()).toBe(false);
          // principal + principal paid + credits (all dated ≤ asOf) = the claim's principal
          const paid = state.payments.filter((p) => p.date <= asOf).reduce((s, p) => s + BigInt(p.allocation.principal.replace('.', '')), 0n);
          const credited = state.adjustments.filter((a) => a.date <= asOf).reduce((s, a) => s + BigInt(a.amount.replace('.', '')), 0n);
          expect(cents(st.principal) + paid + credited).toBe(BigInt(sc.principalCents));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('paying the total of the day before, on day D, leaves nothing open at the end of D', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 560 }), (sc, d) => {
        const events = build({ ...sc, chronological: true, ops: sc.ops.filter((o) => o.day < d && o.kind !== 'adjust') });
        const payDay = addDays(START, d);
        const before = statement(project(events), addDays(payDay, -1));
        if (!before.total.amount.greaterThan(0)) return;
        events.push(allocateIncomingPayment(project(events), { paymentId: 'FULL', amount: before.total, date: payDay }));
        const after = statement(project(events), payDay);
        expect(toAmountString(after.total)).toBe('0.00');
        expect(toAmountString(after.principal)).toBe('0.00');
      }),
      { numRuns: 200 },
    );
  });
});
