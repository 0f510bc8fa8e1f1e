import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, computeDefaultInterest, computeInterestSchedule, money, type IsoDate, type PrincipalChange } from '../../src/index.js';
import { decimalInterestSchedule } from '../oracle/interest-decimal.js';

// Issue 7 point 5: "exact money stays exact — if you move hot paths to integer minor units,
// conversion happens at the edges and the property tests prove the results identical to the
// decimal.js path". The Zinsstaffel (§§ 288, 247 BGB) now computes principal × rate × days as an
// exact integer and rounds its quotient by 100 × year days half up to the cent. The oracle is the
// decimal.js computation it replaced (test/oracle/interest-decimal.ts, commit 0923dd4). Every
// figure of every period must be the same: amounts, exact amounts, principals, rates, days and bases.

const START: IsoDate = '2019-06-01';

/** A decimal string with `scale` decimals from an integer of digits. */
const decimal = (digits: bigint, scale: number): string => {
  const s = digits.toString().padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};

const principalArb = fc.oneof(
  // cents, as the ledger holds them
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 10_000_000_00n }).map((d) => decimal(d, 2)) },
  // up to the documented bound of 15 integer digits
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 999_999_999_999_999_99n }).map((d) => decimal(d, 2)) },
  // more decimals than the currency's minor unit (a principal given by a host, e.g. a pro-rata share)
  { weight: 2, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 })).map(([d, s]) => decimal(d, s)) },
);

const scheduleArb = fc.record({
  changes: fc.array(fc.record({ after: fc.integer({ min: 1, max: 200 }), principal: principalArb }), { minLength: 1, maxLength: 12 }),
  fromOffset: fc.integer({ min: 0, max: 100 }),
  length: fc.integer({ min: 0, max: 2_000 }),
  debtor: fc.constantFrom('consumer' as const, 'business' as const),
  obligationDate: fc.constantFrom(undefined, '2013-05-01', '2019-01-01'),
  contractualRatePercent: fc.option(
    fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 999 })).map(([i, s, f]) =>
      s === 0 ? String(i) : `${i}.${String(f % 10 ** s).padStart(s, '0')}`,
    ),
    { nil: undefined },
  ),
  dayCount: fc.constantFrom(undefined, 'act/365' as const, 'act/act' as const),
  rounding: fc.constantFrom(undefined, 'period' as const, 'total' as const),
  currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
});

type Schedule = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

function input(sc: Schedule) {
  let date = START;
  const changes: PrincipalChange[] = sc.changes.map((c) => {
    date = addDays(date, c.after);
    return { date, principal: money(c.principal, sc.currency) };
  });
  const from = addDays(START, sc.fromOffset);
  return {
    changes,
    from,
    to: addDays(from, sc.length),
    debtor: sc.debtor,
    allowBeyondKnownBaseRate: true,
    ...(sc.obligationDate === undefined ? {} : { obligationDate: sc.obligationDate }),
    ...(sc.contractualRatePercent === undefined ? {} : { contractualRatePercent: sc.contractualRatePercent }),
    ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }),
    ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }),
  };
}

/** Every figure of a result as plain strings (decimal.js values compared by value). */
function figures(r: ReturnType<typeof computeInterestSchedule>) {
  return {
    total: r.total.amount.toString(),
    currency: r.currency,
    dayCount: r.dayCount,
    rounding: r.rounding,
    note: r.note,
    periods: r.periods.map((p) => ({
      from: p.from,
      to: p.to,
      days: p.days,
      yearDays: p.yearDays,
      principal: p.principal.amount.toString(),
      baseRatePercent: p.baseRatePercent.toString(),
      marginPoints: p.marginPoints.toString(),
      ratePercent: p.ratePercent.toString(),
      statutoryRatePercent: p.statutoryRatePercent?.toString(),
      amount: p.amount.amount.toString(),
      exactAmount: p.exactAmount?.amount.toString(),
      basis: p.basis,
      baseRateSource: p.baseRateSource,
      assumedBaseRate: p.assumedBaseRate,
      unconfirmedBaseRate: p.unconfirmedBaseRate,
    })),
  };
}

describe('interest in integers equals the decimal.js Zinsstaffel (§§ 288, 247 BGB; issue 7 point 5)', () => {
  it('computeInterestSchedule: every period figure and the total, for random schedules, rates, year bases and roundings', () => {
    fc.assert(
      fc.property(scheduleArb, (sc) => {
        const i = input(sc);
        expect(figures(computeInterestSchedule(i))).toEqual(figures(decimalInterestSchedule(i)));
      }),
      { numRuns: 500 },
    );
  });

  it('computeDefaultInterest: one principal over one period', () => {
    fc.assert(
      fc.property(scheduleArb, (sc) => {
        const i = input(sc);
        const first = i.changes[0] as PrincipalChange;
        const single = { ...i, changes: [{ date: i.from, principal: first.principal }] };
        expect(figures(computeDefaultInterest({ ...i, principal: first.principal }))).toEqual(figures(decimalInterestSchedule(single)));
      }),
      { numRuns: 200 },
    );
  });

  it('a half cent is rounded up: 1,000.00 EUR at 8.37 % for 1 day is 0.229… → 0.23; a period with an exact half cent rounds away from zero', () => {
    // 1000 × 8.37 / 100 / 365 = 0.22931… (hand computed)
    const r = computeDefaultInterest({ principal: money('1000.00'), from: '2024-12-16', to: '2024-12-16', debtor: 'consumer' });
    expect(r.total.amount.toString()).toBe('0.23');
    // 73.00 × 5 % (contractual, above a statutory rate at the table's lowest) × 1 day / 365 = 0.01 exactly;
    // 36.50 × 5 % / 365 = 0.005 exactly → half up to 0.01.
    const half = computeDefaultInterest({ principal: money('36.50'), from: '2013-01-01', to: '2013-01-01', debtor: 'consumer', contractualRatePercent: '5' });
    expect(half.periods[0]?.exactAmount?.amount.toString()).toBe('0.005');
    expect(half.total.amount.toString()).toBe('0.01');
  });
});
