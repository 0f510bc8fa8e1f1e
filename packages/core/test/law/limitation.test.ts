import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  computeLimitation,
  courtDunningTolling,
  DateError,
  fromDayNumber,
  germanStates,
  isBusinessDay,
  isTimeBarred,
  toDayNumber,
  ValidationError,
  type LimitationInput,
  type TollingPeriod,
} from '../../src/index.js';
import { limitationExpiresAt, limitationNotBefore, limitationNotBeforeArising } from '../../src/law/de/limitation.js';

// §§ 195, 197, 199, 201, 203, 204, 209, 212 BGB (facts file /work/shared/legal/de-and-eu-facts.md § 5).
// § 193 BGB applies to the end of a limitation period by analogy (Deutsches Anwalt Office /
// haufe.de, "§ 5 Verjährung … § 193 BGB", Rz. 267: if 31.12. is a Saturday, a lawsuit filed on
// Monday 2.1. still suspends). Weekdays checked against a calendar; day counts by hand.

function errorOf(fn: () => unknown): { name: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, field: (e as { field?: string }).field };
  }
  throw new Error('expected an error');
}

describe('§§ 195, 199 Abs. 1 BGB: regular period, 3 years from the end of the year', () => {
  it('arose 2022-03-15 → time-barred after 2025-12-31 (facts file § 5 [C])', () => {
    const r = computeLimitation({ arose: '2022-03-15' });
    expect(r.expiresAt).toBe('2025-12-31');
    expect(r.periodEnd).toBe('2025-12-31');
    expect(r.shifted193).toBe(false);
    expect(r.basis).toContain('§ 195 BGB');
    expect(r.basis).toContain('§ 199 Abs. 1 BGB');
    expect(r.steps.map((s) => s.date)).toEqual(['2022-03-15', '2023-01-01', '2025-12-31']);
  });

  it('a claim arising on 31 December still starts the period at that year-end: 2022-12-31 → 2025-12-31', () => {
    expect(computeLimitation({ arose: '2022-12-31' }).expiresAt).toBe('2025-12-31');
  });

  it('later knowledge (§ 199 Abs. 1 Nr. 2 BGB): arose 2022-03-15, creditor learned 2024-02-01 → 2027-12-31', () => {
    expect(computeLimitation({ arose: '2022-03-15', creditorKnewOn: '2024-02-01' }).expiresAt).toBe('2027-12-31');
  });

  it('§ 193 BGB: period end Saturday 2022-12-31 → the claim can still be pursued on Monday 2023-01-02', () => {
    const r = computeLimitation({ arose: '2019-06-01' });
    expect(r).toMatchObject({ periodEnd: '2022-12-31', expiresAt: '2023-01-02', shifted193: true });
    expect(r.basis).toContain('§ 193 BGB');
    expect(computeLimitation({ arose: '2019-06-01', apply193: false }).expiresAt).toBe('2022-12-31');
  });

  it('isTimeBarred: not on the last day, from the next day on', () => {
    const input: LimitationInput = { arose: '2022-03-15' };
    expect(isTimeBarred(input, '2025-12-31')).toBe(false);
    expect(isTimeBarred(input, '2026-01-01')).toBe(true);
    expect(isTimeBarred({ arose: '2019-06-01' }, '2023-01-02')).toBe(false);
    expect(isTimeBarred({ arose: '2019-06-01' }, '2023-01-03')).toBe(true);
  });
});

describe('§ 199 Abs. 4 BGB: 10-year maximum from arising', () => {
  it('arose 2015-06-10, creditor learned only 2023-06-01 → capped at 2025-06-10 (Tuesday), not 2026-12-31', () => {
    const r = computeLimitation({ arose: '2015-06-10', creditorKnewOn: '2023-06-01' });
    expect(r.expiresAt).toBe('2025-06-10');
    expect(r.basis).toContain('§ 199 Abs. 4 BGB');
    expect(r.steps.at(-1)?.basis).toBe('§ 199 Abs. 4 BGB');
  });

  it('the cap is suspended too (§ 209 BGB): 10 days of negotiation extend it, with the 3-month floor of § 203 S. 2 BGB', () => {
    const r = computeLimitation({
      arose: '2015-06-10',
      creditorKnewOn: '2023-06-01',
      tolling: [{ from: '2025-01-06', to: '2025-01-15', kind: 'negotiation' }],
    });
    // 10 suspended days → 2025-06-20 (Friday); floor 2025-04-15 is earlier.
    expect(r.expiresAt).toBe('2025-06-20');
  });
});

describe('§ 197 Abs. 1 Nr. 3, § 201 BGB: titled claims, 30 years', () => {
  it('Vollstreckungsbescheid final on 2024-05-15 → 2054-05-15 (Friday)', () => {
    const r = computeLimitation({ arose: '2022-03-15', titledOn: '2024-05-15' });
    expect(r).toMatchObject({ expiresAt: '2054-05-15', titled: true });
    expect(r.basis).toEqual(expect.arrayContaining(['§ 197 Abs. 1 Nr. 3 BGB', '§ 201 BGB', '§ 197 Abs. 2 BGB']));
  });

  it('the title supersedes the court dunning suspension that led to it', () => {
    const r = computeLimitation({
      arose: '2022-03-15',
      titledOn: '2024-05-15',
      tolling: [{ from: '2024-01-10', to: '2024-05-15', kind: 'court-dunning' }],
      acknowledgedOn: ['2023-04-01'],
    });
    expect(r.expiresAt).toBe('2054-05-15');
  });

  it('an enforcement act or acknowledgement after the title restarts the 30 years (§ 212 Abs. 1 BGB): 2030-01-15 → 2060-01-15', () => {
    expect(computeLimitation({ arose: '2022-03-15', titledOn: '2024-05-15', acknowledgedOn: ['2030-01-15'] }).expiresAt).toBe('2060-01-15');
  });
});

describe('§§ 204, 209 BGB: suspension by court dunning procedure, ends 6 months after the proceedings', () => {
  it('Mahnbescheid applied for 2025-11-03, proceedings ended 2026-01-15 → suspended to 2026-07-15; 255 days not counted → 2026-09-12 (Saturday) → § 193 → 2026-09-14', () => {
    // Suspended 2025-11-03 … 2026-07-15 = 28+31+31+28+31+30+31+30+15 = 255 days.
    // Left to run at the start: 2025-11-03 … 2025-12-31 = 59 days → 2026-07-16 … 2026-09-12.
    const r = computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2025-11-03', to: '2026-01-15', kind: 'court-dunning' }] });
    expect(r.periodEnd).toBe('2026-09-12');
    expect(r.expiresAt).toBe('2026-09-14');
    expect(r.basis).toEqual(expect.arrayContaining(['§ 204 Abs. 1 Nr. 3 BGB', '§ 204 Abs. 2 BGB', '§ 209 BGB', '§ 193 BGB']));
    expect(r.steps.find((s) => s.basis === '§ 209 BGB')?.event).toContain('255');
  });

  it('suspension that begins before the period starts defers its start: 2022-10-01 … 2023-02-01 (+6 months to 2023-08-01) → 2026-08-01', () => {
    // Suspended days inside the period: 2023-01-01 … 2023-08-01 = 213 → 2025-12-31 + 213 = 2026-08-01 (Saturday → 2026-08-03).
    const r = computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2022-10-01', to: '2023-02-01', kind: 'court-dunning' }] });
    expect(r.periodEnd).toBe('2026-08-01');
    expect(r.expiresAt).toBe('2026-08-03');
  });

  it('a Mahnbescheid filed on the § 193 day (Monday 2023-01-02 for a period ending Saturday 2022-12-31) still suspends', () => {
    // One day (2023-01-02) was left; suspension 2023-01-02 … 2023-07-31 (to + 6 months); that day runs on 2023-08-01.
    const r = computeLimitation({ arose: '2019-06-01', tolling: [{ from: '2023-01-02', to: '2023-01-31', kind: 'court-dunning' }] });
    expect(r.expiresAt).toBe('2023-08-01');
  });

  it('a suspension that begins after the claim is time-barred has no effect', () => {
    expect(computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2026-01-05', to: '2026-02-01', kind: 'court-dunning' }] }).expiresAt).toBe('2025-12-31');
  });

  it('overlapping suspensions count each day once', () => {
    const one: TollingPeriod = { from: '2025-03-01', to: '2025-03-10', kind: 'other' };
    const two: TollingPeriod = { from: '2025-03-05', to: '2025-03-20', kind: 'other' };
    // Union 2025-03-01 … 2025-03-20 = 20 days → 2026-01-20.
    expect(computeLimitation({ arose: '2022-03-15', tolling: [two, one] }).expiresAt).toBe('2026-01-20');
  });

  it('§ 203 BGB negotiations: 20 days suspended, but limitation not before 3 months after they end → 2026-03-20', () => {
    // 2025-12-01 … 2025-12-20 = 20 days → 2026-01-20; floor 2025-12-20 + 3 months = 2026-03-20 (Friday).
    const r = computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2025-12-01', to: '2025-12-20', kind: 'negotiation' }] });
    expect(r.expiresAt).toBe('2026-03-20');
    expect(r.basis).toContain('§ 203 S. 2 BGB');
  });
});

describe('§ 212 Abs. 1 Nr. 1 BGB: acknowledgement / part payment restarts the period', () => {
  it('part payment 2024-05-10 → full 3 years from the next day, no year-end rule → 2027-05-10 (Monday)', () => {
    const r = computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2024-05-10'] });
    expect(r.expiresAt).toBe('2027-05-10');
    expect(r.basis).toContain('§ 212 Abs. 1 BGB');
  });

  it('acknowledgement on 29 February → 28 February three years later (§ 188 Abs. 3 BGB)', () => {
    expect(computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2024-02-29'] }).expiresAt).toBe('2027-03-01'); // 2027-02-28 is a Sunday
    expect(computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2024-02-29'] }).periodEnd).toBe('2027-02-28');
  });

  it('the last acknowledgement counts; order of input does not matter', () => {
    expect(computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2025-06-02', '2024-05-10'] }).expiresAt).toBe('2028-06-02');
  });

  it('an acknowledgement after the claim is time-barred starts nothing', () => {
    const r = computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2026-02-01'] });
    expect(r.expiresAt).toBe('2025-12-31');
    expect(r.steps.some((s) => s.event.includes('already time-barred'))).toBe(true);
  });

  it('an acknowledgement before the period began does not shorten it: 2022-06-01 → still 2025-12-31', () => {
    expect(computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2022-06-01'] }).expiresAt).toBe('2025-12-31');
  });

  it('an acknowledgement during a suspension: the new period starts after the suspension ends', () => {
    // Suspended 2024-01-10 … 2024-09-01 (2024-03-01 + 6 months); ack 2024-05-15 → new period from 2024-09-02 → ends 2027-09-01 (Wednesday).
    const r = computeLimitation({
      arose: '2022-03-15',
      tolling: [{ from: '2024-01-10', to: '2024-03-01', kind: 'court-dunning' }],
      acknowledgedOn: ['2024-05-15'],
    });
    expect(r.expiresAt).toBe('2027-09-01');
  });

  it('restart, then suspension: ack 2024-02-29 → 2027-02-28; court dunning 2025-06-02 … 2025-09-30 (+6 months) → 302 days → 2027-12-27', () => {
    const r = computeLimitation({
      arose: '2022-03-15',
      acknowledgedOn: ['2024-02-29'],
      tolling: [{ from: '2025-06-02', to: '2025-09-30', kind: 'court-dunning' }],
    });
    expect(r.expiresAt).toBe('2027-12-27');
  });
});

describe('input errors name the field', () => {
  it('invalid dates → DateError on the field', () => {
    expect(errorOf(() => computeLimitation({ arose: '2022-13-01' }))).toEqual({ name: 'DateError', field: 'arose' });
    expect(errorOf(() => computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2024-01-01', 'soon'] }))).toEqual({ name: 'DateError', field: 'acknowledgedOn[1]' });
    expect(errorOf(() => isTimeBarred({ arose: '2022-03-15' }, '31.12.2025'))).toEqual({ name: 'DateError', field: 'date' });
  });

  it('a tolling period that runs backwards → DateError on tolling[i].to; a wrong kind → ValidationError on tolling[i].kind', () => {
    expect(errorOf(() => computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2025-03-01', to: '2025-02-01', kind: 'other' }] }))).toEqual({
      name: 'DateError',
      field: 'tolling[0].to',
    });
    expect(errorOf(() => computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2025-03-01', to: '2025-04-01', kind: 'lawsuit' as 'other' }] }))).toEqual({
      name: 'ValidationError',
      field: 'tolling[0].kind',
    });
  });

  it('events before the claim arose (e.g. a part payment before the due date) are accepted and change nothing', () => {
    expect(computeLimitation({ arose: '2022-03-15', acknowledgedOn: ['2022-01-01'] }).expiresAt).toBe('2025-12-31');
    expect(computeLimitation({ arose: '2022-03-15', tolling: [{ from: '2021-01-01', to: '2022-04-01', kind: 'other' }] }).expiresAt).toBe('2025-12-31');
  });

  it('an untitled claim from before 2002 (old law, Art. 229 § 6 EGBGB) → ValidationError on arose', () => {
    expect(errorOf(() => computeLimitation({ arose: '2001-12-31' }))).toEqual({ name: 'ValidationError', field: 'arose' });
    expect(() => computeLimitation({ arose: '2001-12-31', titledOn: '2003-01-10' })).not.toThrow();
  });

  it('unknown state → ValidationError on state', () => {
    expect(errorOf(() => computeLimitation({ arose: '2022-03-15', state: 'XX' as 'BY' }))).toEqual({ name: 'ValidationError', field: 'state' });
    expect(ValidationError).toBeDefined();
  });
});

describe('properties', () => {
  const day = (min: string, max: string) => fc.integer({ min: toDayNumber(min), max: toDayNumber(max) }).map(fromDayNumber);
  const state = fc.option(fc.constantFrom(...germanStates), { nil: undefined });

  it('expiresAt is never before the end of the 3rd year after arising unless the 10-year cap binds, is a business day (§ 193), and events never shorten the period', () => {
    fc.assert(
      fc.property(
        day('2002-01-01', '2060-12-31'),
        fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom('court-dunning' as const, 'negotiation' as const, 'other' as const)), { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 3 }),
        state,
        (arose, knewAfter, tolls, acks, st) => {
          const knew = knewAfter === undefined ? undefined : addDays(arose, knewAfter);
          const base = computeLimitation({ arose, creditorKnewOn: knew, state: st });
          const input: LimitationInput = {
            arose,
            creditorKnewOn: knew,
            state: st,
            tolling: tolls.map(([start, len, kind]) => ({ from: addDays(arose, start), to: addDays(arose, start + len), kind })),
            acknowledgedOn: acks.map((a) => addDays(arose, a)),
          };
          const r = computeLimitation(input);
          const yearEnd3 = `${Number(arose.slice(0, 4)) + 3}-12-31`;
          const cap = addYears(arose, 10);
          if (cap >= yearEnd3) expect(r.expiresAt >= yearEnd3).toBe(true);
          expect(r.expiresAt >= base.expiresAt).toBe(true);
          expect(isBusinessDay(r.expiresAt, st)).toBe(true);
          expect(r.expiresAt >= r.periodEnd).toBe(true);
          expect(isTimeBarred(input, r.expiresAt)).toBe(false);
          expect(isTimeBarred(input, addDays(r.expiresAt, 1))).toBe(true);
          const sorted = r.steps.map((s) => s.date);
          expect([...sorted].sort()).toEqual(sorted);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('limitationNotBefore: a day limitation cannot end before, known without working it out (the engine skips the computation up to it)', () => {
  const day = (min: string, max: string) => fc.integer({ min: toDayNumber(min), max: toDayNumber(max) }).map(fromDayNumber);
  const state = fc.option(fc.constantFrom(...germanStates), { nil: undefined });

  it('is the end of the third year after the claim arose (§§ 195, 199 BGB) and never after expiresAt, whatever the acknowledgements (before, during or after the period)', () => {
    fc.assert(
      fc.property(day('2002-01-01', '2080-12-31'), fc.array(fc.integer({ min: -400, max: 6000 }), { maxLength: 5 }), state, fc.option(fc.boolean(), { nil: undefined }), (arose, acks, st, apply193) => {
        const input: LimitationInput = { arose, acknowledgedOn: acks.map((a) => addDays(arose, a)), state: st, apply193 };
        const bound = limitationNotBefore(input);
        expect(bound).toBe(`${Number(arose.slice(0, 4)) + 3}-12-31`);
        expect(computeLimitation(input).expiresAt >= (bound as string)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('by hand: arose 2025-02-14 → not before 2028-12-31 (2028-12-31 is a Sunday: expiresAt 2029-01-02 after New Year)', () => {
    expect(limitationNotBefore({ arose: '2025-02-14' })).toBe('2028-12-31');
    expect(limitationNotBeforeArising('2025-02-14')).toBe('2028-12-31');
    // Near the calendar's end only the full computation knows (as limitationNotBefore answers).
    expect(limitationNotBeforeArising('2901-03-01')).toBeUndefined();
    expect(limitationNotBefore({ arose: '2901-03-01' })).toBeUndefined();
    expect(computeLimitation({ arose: '2025-02-14' }).expiresAt).toBe('2029-01-02');
  });

  it('is the same day, and never after expiresAt, with a title, suspensions of every kind, a later (or earlier) knowledge date and acknowledgements in any order', () => {
    fc.assert(
      fc.property(
        day('2002-01-01', '2080-12-31'),
        fc.option(fc.integer({ min: -400, max: 4000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -800, max: 4000 }), { nil: undefined }),
        fc.array(fc.tuple(fc.integer({ min: -400, max: 4000 }), fc.integer({ min: 0, max: 700 }), fc.constantFrom('court-dunning' as const, 'negotiation' as const, 'other' as const)), { maxLength: 3 }),
        fc.array(fc.integer({ min: -400, max: 6000 }), { maxLength: 4 }),
        state,
        fc.option(fc.boolean(), { nil: undefined }),
        (arose, knewAfter, titledAfter, tolls, acks, st, apply193) => {
          const input: LimitationInput = {
            arose,
            creditorKnewOn: knewAfter === undefined ? undefined : addDays(arose, knewAfter),
            titledOn: titledAfter === undefined ? undefined : addDays(arose, titledAfter),
            tolling: tolls.map(([start, len, kind]) => ({ from: addDays(arose, start), to: addDays(arose, start + len), kind })),
            acknowledgedOn: acks.map((a) => addDays(arose, a)),
            state: st,
            apply193,
          };
          const bound = limitationNotBefore(input);
          expect(bound).toBe(`${Number(arose.slice(0, 4)) + 3}-12-31`);
          // The engine's shortcut reads the same day from `arose` alone, without the input.
          expect(limitationNotBeforeArising(arose)).toBe(bound);
          const full = computeLimitation(input);
          expect(full.expiresAt >= (bound as string)).toBe(true);
          // The day alone, worked out without the steps, is the full computation's.
          expect(limitationExpiresAt(input)).toBe(full.expiresAt);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('by hand: a title, a suspension or a later knowledge date only move the end later than the bound', () => {
    // Titled 2025-06-01: 30 years from finality → 2055-06-01 (a Tuesday).
    expect(limitationNotBefore({ arose: '2025-02-14', titledOn: '2025-06-01' })).toBe('2028-12-31');
    expect(computeLimitation({ arose: '2025-02-14', titledOn: '2025-06-01' }).expiresAt).toBe('2055-06-01');
    // Negotiations 2025-03-01 … 2025-04-01 lie before the period begins (2026-01-01): no day counted, the end stays 2028-12-31 (Sunday) → 2029-01-02.
    expect(limitationNotBefore({ arose: '2025-02-14', tolling: [{ from: '2025-03-01', to: '2025-04-01', kind: 'negotiation' }] })).toBe('2028-12-31');
    // Known 2026-01-10: the regular period runs from the end of 2026 → 2029-12-31 (a Monday).
    expect(limitationNotBefore({ arose: '2025-02-14', creditorKnewOn: '2026-01-10' })).toBe('2028-12-31');
    expect(computeLimitation({ arose: '2025-02-14', creditorKnewOn: '2026-01-10' }).expiresAt).toBe('2029-12-31');
  });

  it('knows nothing for dates after the year 2900, where the computation can run out of the calendar (only computeLimitation knows, or fails)', () => {
    expect(limitationNotBefore({ arose: '2990-02-14' })).toBeUndefined();
    expect(errorOf(() => computeLimitation({ arose: '2990-02-14' })).name).toBe('DateError'); // 10-year maximum: 3000-02-14
    expect(limitationNotBefore({ arose: '2025-02-14', titledOn: '2980-06-01' })).toBeUndefined();
    expect(errorOf(() => computeLimitation({ arose: '2025-02-14', titledOn: '2980-06-01' })).name).toBe('DateError'); // 30 years: 3010
    expect(limitationNotBefore({ arose: '2025-02-14', acknowledgedOn: ['2901-01-01'] })).toBeUndefined();
    expect(limitationNotBefore({ arose: '2025-02-14', tolling: [{ from: '2025-03-01', to: '2901-04-01', kind: 'other' }] })).toBeUndefined();
  });

  it('checks its input as computeLimitation does: the same error', () => {
    for (const input of [{ arose: '2001-12-31' }, { arose: '2025-02-30' }, { arose: '2025-02-14', state: 'XX' as 'BY' }, { arose: '2025-02-14', acknowledgedOn: ['2025-13-01'] }]) {
      expect(errorOf(() => limitationNotBefore(input))).toEqual(errorOf(() => computeLimitation(input)));
    }
  });
});

describe('§ 204 Abs. 2 BGB, § 701 ZPO: the suspension by a Mahnbescheid after the proceedings stall', () => {
  it('no Vollstreckungsbescheid within six months of service: the Mahnbescheid lapses (§ 701 ZPO), the suspension ends six months after the service (§ 204 Abs. 2 S. 3 BGB)', () => {
    const t = courtDunningTolling({ appliedOn: '2025-02-03', servedOn: '2025-02-10', asOf: '2026-03-01' });
    expect(t.lapsedOn).toBe('2025-08-11');
    expect(t.tolling).toEqual({ from: '2025-02-03', to: '2025-02-10', kind: 'court-dunning' });
    expect(t.explanation).toContain('§ 701 S. 1 ZPO');
    // Arose 2022-03-15 → regular end 2025-12-31. Suspended 2025-02-03 … 2025-08-10 = 26 + 31 + 30 + 31 + 30 + 31 + 10
    // = 189 days; 2025-12-31 + 189 days = 2026-07-08 (a Wednesday).
    const r = computeLimitation({ arose: '2022-03-15', tolling: [t.tolling] });
    expect(r.expiresAt).toBe('2026-07-08');
  });

  it('a Vollstreckungsbescheid applied for in time keeps the proceedings running up to asOf; no lapse', () => {
    const t = courtDunningTolling({ appliedOn: '2025-02-03', servedOn: '2025-02-10', enforcementOrderAppliedOn: '2025-08-10', asOf: '2026-03-01' });
    expect(t.lapsedOn).toBeNull();
    expect(t.tolling.to).toBe('2026-03-01');
  });

  it('a later procedural act moves the stall (§ 204 Abs. 2 S. 3 BGB: the last act of the parties or the court); within six months of service nothing has lapsed yet', () => {
    expect(courtDunningTolling({ appliedOn: '2025-02-03', servedOn: '2025-02-10', lastProceduralActOn: '2025-04-01', asOf: '2026-03-01' }).tolling.to).toBe('2025-04-01');
    const running = courtDunningTolling({ appliedOn: '2025-02-03', servedOn: '2025-02-10', asOf: '2025-08-10' });
    expect(running.lapsedOn).toBeNull();
    expect(running.tolling.to).toBe('2025-08-10');
  });
});
