import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  computeDefaultInterest,
  computeInterestSchedule,
  fromDayNumber,
  money,
  toAmountString,
  toDayNumber,
  type DefaultInterestInput,
  type InterestResult,
  type Money,
  type PrincipalChange,
} from '../../src/index.js';

// Invariants of §§ 288, 289 BGB interest on random inputs inside the known base-rate table
// (2002-01-01 … 2026-12-31, facts file § 1.1). Amounts are generated as integer cents and turned into
// decimal strings without floating-point arithmetic.

function centsToString(cents: number): string {
  const digits = String(cents).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function cents(m: Money): bigint {
  return BigInt(toAmountString(m).replace('.', '').replace('-', '')) * (m.amount.isNegative() ? -1n : 1n);
}

const FIRST = toDayNumber('2002-01-01');
const LAST = toDayNumber('2026-12-31');

const dayArb = fc.integer({ min: FIRST, max: LAST });
const rangeArb = fc.tuple(dayArb, dayArb).map(([a, b]) => (a <= b ? [fromDayNumber(a), fromDayNumber(b)] : [fromDayNumber(b), fromDayNumber(a)]) as [string, string]);
const principalArb = fc.integer({ min: 0, max: 100_000_000 }).map((c) => money(centsToString(c)));
const termsArb = fc.record({
  debtor: fc.constantFrom('consumer', 'business') as fc.Arbitrary<'consumer' | 'business'>,
  claimKind: fc.constantFrom('entgelt', 'other') as fc.Arbitrary<'entgelt' | 'other'>,
  obligationDate: fc.constantFrom('2010-05-05', '2014-07-28', '2014-07-29', '2020-01-01'),
  dayCount: fc.constantFrom('act/365', 'act/act') as fc.Arbitrary<'act/365' | 'act/act'>,
  contractualRatePercent: fc.option(fc.constantFrom('4', '6.5', '9', '12', '15.25'), { nil: undefined }),
});

type Terms = Omit<DefaultInterestInput, 'principal' | 'from' | 'to'>;

function clean(t: { contractualRatePercent: string | undefined } & Omit<Terms, 'contractualRatePercent'>): Terms {
  const { contractualRatePercent, ...rest } = t;
  return contractualRatePercent === undefined ? rest : { ...rest, contractualRatePercent };
}

/** Comparable form of a result: strings only. */
function shape(r: InterestResult) {
  return {
    total: toAmountString(r.total),
    periods: r.periods.map((p) => [p.from, p.to, p.days, p.yearDays, toAmountString(p.principal), p.ratePercent.toString(), toAmountString(p.amount), p.basis]),
  };
}

describe('interest invariants (fast-check)', () => {
  it('additivity at a period boundary: I[a, c] = I[a, b] + I[b + 1, c] (rounding per period)', () => {
    fc.assert(
      fc.property(rangeArb, principalArb, termsArb, fc.nat(), ([a, c], principal, t, pick) => {
        const terms = clean(t);
        const whole = computeDefaultInterest({ principal, from: a, to: c, ...terms, rounding: 'period' });
        const boundaries = whole.periods.slice(1).map((p) => p.from);
        fc.pre(boundaries.length > 0);
        const next = boundaries[pick % boundaries.length] as string;
        const left = computeDefaultInterest({ principal, from: a, to: addDays(next, -1), ...terms, rounding: 'period' });
        const right = computeDefaultInterest({ principal, from: next, to: c, ...terms, rounding: 'period' });
        expect(cents(whole.total)).toBe(cents(left.total) + cents(right.total));
        expect(shape(whole).periods).toEqual([...shape(left).periods, ...shape(right).periods]);
      }),
      { numRuns: 300 },
    );
  });

  it('the total is never negative, every period amount is zero or more, and the days add up', () => {
    fc.assert(
      fc.property(rangeArb, principalArb, termsArb, fc.constantFrom('period', 'total') as fc.Arbitrary<'period' | 'total'>, ([a, c], principal, t, rounding) => {
        const r = computeDefaultInterest({ principal, from: a, to: c, ...clean(t), rounding });
        expect(r.total.amount.isNegative()).toBe(false);
        for (const p of r.periods) {
          expect(p.amount.amount.isNegative()).toBe(false);
          expect(p.ratePercent.isNegative()).toBe(false);
        }
        if (!principal.amount.isZero()) {
          expect(r.periods.reduce((n, p) => n + p.days, 0)).toBe(toDayNumber(c) - toDayNumber(a) + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rounding per period and once on the total differ by at most half a cent per period', () => {
    fc.assert(
      fc.property(rangeArb, principalArb, termsArb, ([a, c], principal, t) => {
        const terms = clean(t);
        const byPeriod = computeDefaultInterest({ principal, from: a, to: c, ...terms, rounding: 'period' });
        const once = computeDefaultInterest({ principal, from: a, to: c, ...terms, rounding: 'total' });
        const diff = cents(byPeriod.total) - cents(once.total);
        const bound = BigInt(Math.ceil(byPeriod.periods.length / 2));
        expect(diff <= bound && diff >= -bound).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a Zinsstaffel with a single principal equals computeDefaultInterest (also with repeated same-principal entries)', () => {
    fc.assert(
      fc.property(
        rangeArb,
        principalArb,
        termsArb,
        fc.constantFrom('period', 'total') as fc.Arbitrary<'period' | 'total'>,
        fc.uniqueArray(fc.integer({ min: 1, max: 4000 }), { maxLength: 4 }),
        ([a, c], principal, t, rounding, offsets) => {
          const terms = { ...clean(t), rounding };
          const single = computeDefaultInterest({ principal, from: a, to: c, ...terms });
          const schedule = computeInterestSchedule({ changes: [{ date: a, principal }], from: a, to: c, ...terms });
          expect(shape(schedule)).toEqual(shape(single));
          const repeated: PrincipalChange[] = [a, ...[...offsets].sort((x, y) => x - y).map((o) => addDays(a, o))]
            .filter((d) => d <= '2026-12-31')
            .map((date) => ({ date, principal }));
          expect(shape(computeInterestSchedule({ changes: repeated, from: a, to: c, ...terms }))).toEqual(shape(single));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a Zinsstaffel equals the sum of computeDefaultInterest over its constant-principal stretches (rounding per period)', () => {
    fc.assert(
      fc.property(
        rangeArb,
        termsArb,
        fc.uniqueArray(fc.integer({ min: FIRST, max: LAST }), { minLength: 1, maxLength: 5 }),
        // Distinct principals: equal neighbours would merge into one period and be rounded once.
        fc.uniqueArray(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 5, maxLength: 5 }).map((cs) => cs.map((c) => money(centsToString(c)))),
        ([a, c], t, days, principals) => {
          const terms = { ...clean(t), rounding: 'period' as const };
          const dates = [...days].sort((x, y) => x - y).map(fromDayNumber);
          const changes = dates.map((date, i) => ({ date, principal: principals[i] as Money }));
          const schedule = computeInterestSchedule({ changes, from: a, to: c, ...terms });
          let expected = 0n;
          // Stretches: [max(a, d_i), min(c, d_{i+1} − 1)] with principal p_i.
          changes.forEach((ch, i) => {
            const start = ch.date > a ? ch.date : a;
            const nextDate = changes[i + 1]?.date;
            const end = nextDate !== undefined && addDays(nextDate, -1) < c ? addDays(nextDate, -1) : c;
            if (start > end) return;
            expected += cents(computeDefaultInterest({ principal: ch.principal, from: start, to: end, ...terms }).total);
          });
          expect(cents(schedule.total)).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
