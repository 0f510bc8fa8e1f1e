import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, LegalDataError, type IsoDate } from '../../src/index.js';
import {
  computeInterestCorePrepared,
  extendInterestCore,
  interestRestartDay,
  prepareInterestTerms,
  type InterestCore,
  type ScaledPrincipalChange,
} from '../../src/law/de/interest.js';

// The statement keeps a claim's last Zinsstaffel and, for a later day with the same principal
// changes, extends it: every period but the last is kept, the rest is computed from the last
// period's first day (extendInterestCore). Specification: the same core — every period (days,
// principal, rate, amount, exact fraction) and the total — as computing the whole span at once,
// for random principal changes (including zero principal, i.e. days without interest), both day
// counts and roundings, contractual rates, and spans across half-years and beyond the known table.

const START: IsoDate = '2023-03-10';

const arb = fc.record({
  changes: fc.array(fc.record({ after: fc.integer({ min: 1, max: 150 }), principal: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 10n })) }), {
    minLength: 0,
    maxLength: 8,
  }),
  first: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  scale: fc.integer({ min: 2, max: 4 }),
  lengths: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 4 }),
  debtor: fc.constantFrom('consumer' as const, 'business' as const),
  contractualRatePercent: fc.constantFrom(undefined, '9', '12.5'),
  dayCount: fc.constantFrom('act/365' as const, 'act/act' as const),
  rounding: fc.constantFrom('period' as const, 'total' as const),
});

/** The changes as principalChanges gives them for `from`…`to`: the principal in force on `from` first, then each later change up to `to`. */
function changesBetween(all: readonly ScaledPrincipalChange[], from: IsoDate, to: IsoDate): ScaledPrincipalChange[] {
  let inForce = 0n;
  for (const c of all) if (c.date <= from) inForce = c.principal;
  return [{ date: from, principal: inForce }, ...all.filter((c) => c.date > from && c.date <= to)];
}

describe('extendInterestCore equals the Zinsstaffel computed at once', () => {
  it('random principal changes and days', () => {
    fc.assert(
      fc.property(arb, (sc) => {
        const prepared = prepareInterestTerms({
          debtor: sc.debtor,
          dayCount: sc.dayCount,
          rounding: sc.rounding,
          allowBeyondKnownBaseRate: true,
          ...(sc.contractualRatePercent === undefined ? {} : { contractualRatePercent: sc.contractualRatePercent }),
        });
        let date = START;
        const all: ScaledPrincipalChange[] = [{ date, principal: sc.first }];
        for (const c of sc.changes) {
          date = addDays(date, c.after);
          all.push({ date, principal: c.principal });
        }
        let to = START;
        let core: InterestCore = computeInterestCorePrepared(prepared, START, to, changesBetween(all, START, to), sc.scale, 'EUR');
        for (const length of sc.lengths) {
          to = addDays(to, length + 1);
          const whole = computeInterestCorePrepared(prepared, START, to, changesBetween(all, START, to), sc.scale, 'EUR');
          const restart = interestRestartDay(core);
          if (restart !== undefined) {
            const extended = extendInterestCore(prepared, core, START, to, changesBetween(all, restart, to), sc.scale, 'EUR');
            expect(extended).toEqual(whole);
          }
          core = whole;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an error beyond the known base rates names `to`, as the computation at once does', () => {
    // The shipped table is known until 2026-12-31. The earlier core (assumed rates allowed) ends in
    // 2027, so its last period starts after the known end; extended under terms that do not assume,
    // the tail fails there — and names `to`, since the whole span starts within the known table.
    const assuming = prepareInterestTerms({ debtor: 'consumer', allowBeyondKnownBaseRate: true });
    const strict = prepareInterestTerms({ debtor: 'consumer' });
    const changes: ScaledPrincipalChange[] = [{ date: '2026-06-01', principal: 100000n }];
    const core = computeInterestCorePrepared(assuming, '2026-06-01', '2027-01-10', changes, 2, 'EUR');
    const restart = interestRestartDay(core) as IsoDate;
    expect(restart).toBe('2027-01-01');
    const fieldOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(LegalDataError);
        return (e as LegalDataError).field;
      }
      return 'no error';
    };
    expect(fieldOf(() => computeInterestCorePrepared(strict, '2026-06-01', '2027-02-01', changes, 2, 'EUR'))).toBe('to');
    expect(fieldOf(() => extendInterestCore(strict, core, '2026-06-01', '2027-02-01', [{ date: restart, principal: 100000n }], 2, 'EUR'))).toBe('to');
  });
});
