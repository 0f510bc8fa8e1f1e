import { describe, expect, it } from 'vitest';
import {
  addDays,
  baseRateKnownUntil,
  baseRateOn,
  createBaseRateTable,
  DateError,
  extendBaseRates,
  germanBaseRates,
  germanBaseRateTable,
  LegalDataError,
  ValidationError,
  type BaseRateRow,
} from '../../src/index.js';
import { caught as catchError } from '../errors/caught.js';

// Expected values: the half-year table of the legal facts file (shared/legal/de-and-eu-facts.md § 1.1),
// typed in here again independently of src/data/de/base-rates.ts. Every half-year is listed, also the
// unchanged ones (2010-01-01 … 2011-01-01 at 0.12; 2017-01-01 … 2022-07-01 at -0.88: 12 half-years).
const FACTS_TABLE: readonly [string, string][] = [
  ['2002-01-01', '2.57'], ['2002-07-01', '2.47'], ['2003-01-01', '1.97'], ['2003-07-01', '1.22'],
  ['2004-01-01', '1.14'], ['2004-07-01', '1.13'], ['2005-01-01', '1.21'], ['2005-07-01', '1.17'],
  ['2006-01-01', '1.37'], ['2006-07-01', '1.95'], ['2007-01-01', '2.70'], ['2007-07-01', '3.19'],
  ['2008-01-01', '3.32'], ['2008-07-01', '3.19'], ['2009-01-01', '1.62'], ['2009-07-01', '0.12'],
  ['2010-01-01', '0.12'], ['2010-07-01', '0.12'], ['2011-01-01', '0.12'], ['2011-07-01', '0.37'],
  ['2012-01-01', '0.12'], ['2012-07-01', '0.12'], ['2013-01-01', '-0.13'], ['2013-07-01', '-0.38'],
  ['2014-01-01', '-0.63'], ['2014-07-01', '-0.73'], ['2015-01-01', '-0.83'], ['2015-07-01', '-0.83'],
  ['2016-01-01', '-0.83'], ['2016-07-01', '-0.88'], ['2017-01-01', '-0.88'], ['2017-07-01', '-0.88'],
  ['2018-01-01', '-0.88'], ['2018-07-01', '-0.88'], ['2019-01-01', '-0.88'], ['2019-07-01', '-0.88'],
  ['2020-01-01', '-0.88'], ['2020-07-01', '-0.88'], ['2021-01-01', '-0.88'], ['2021-07-01', '-0.88'],
  ['2022-01-01', '-0.88'], ['2022-07-01', '-0.88'], ['2023-01-01', '1.62'], ['2023-07-01', '3.12'],
  ['2024-01-01', '3.62'], ['2024-07-01', '3.37'], ['2025-01-01', '2.27'], ['2025-07-01', '1.27'],
  ['2026-01-01', '1.27'], ['2026-07-01', '1.52'],
];

const row = (from: string, ratePercent: string, extra: Partial<BaseRateRow> = {}): BaseRateRow => ({ from, ratePercent, source: 'test fixture', ...extra });

describe('germanBaseRates: the shipped § 247 BGB table', () => {
  it('has every half-year from 2002-01-01 to 2026-07-01 with the rates of facts file § 1.1', () => {
    expect(germanBaseRates.map((r) => [r.from, r.ratePercent])).toEqual(FACTS_TABLE);
  });

  it('every row names its source and confidence; only 2026-07-01 (1.52 %, facts § 1.1 note 2 / § 9 item 1) is unconfirmed', () => {
    for (const r of germanBaseRates) {
      expect(r.source.length, r.from).toBeGreaterThan(20);
      expect(r.source, r.from).toContain('de-and-eu-facts.md');
      expect(r.confidence, r.from).toBeDefined();
    }
    expect(germanBaseRates.filter((r) => r.confirmed === false).map((r) => r.from)).toEqual(['2026-07-01']);
    expect(germanBaseRates.find((r) => r.from === '2026-07-01')?.confidence).toBe('U');
    // [M] rows of the facts file (2013-01, 2014-01, 2014-07) stay confirmed but carry their mark.
    expect(germanBaseRates.filter((r) => r.confidence === 'M').map((r) => r.from)).toEqual(['2013-01-01', '2014-01-01', '2014-07-01']);
  });

  it('baseRateKnownUntil is the last day of the last half-year (2026-12-31)', () => {
    expect(baseRateKnownUntil).toBe('2026-12-31');
    expect(germanBaseRateTable.knownUntil).toBe(baseRateKnownUntil);
    expect(germanBaseRateTable.rows).toHaveLength(50);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(germanBaseRates)).toBe(true);
    expect(Object.isFrozen(germanBaseRates[0])).toBe(true);
    expect(Object.isFrozen(germanBaseRateTable)).toBe(true);
  });
});

describe('baseRateOn (§ 247 Abs. 1 BGB: the rate changes on 1 January and 1 July)', () => {
  it('gives the new rate from the first day of each half-year, and the old one on the day before', () => {
    for (let i = 0; i < FACTS_TABLE.length; i++) {
      const [from, rate] = FACTS_TABLE[i] as [string, string];
      const onFirstDay = baseRateOn(from);
      expect(onFirstDay.ratePercent.toFixed(2), from).toBe(rate);
      expect(onFirstDay.from).toBe(from);
      if (i > 0) {
        const [prevFrom, prevRate] = FACTS_TABLE[i - 1] as [string, string];
        const dayBefore = baseRateOn(addDays(from, -1));
        expect(dayBefore.ratePercent.toFixed(2), addDays(from, -1)).toBe(prevRate);
        expect(dayBefore.from).toBe(prevFrom);
      }
    }
  });

  it('2024-12-31 → 3.37, 2025-01-01 → 2.27 (the contract example boundary)', () => {
    expect(baseRateOn('2024-12-31').ratePercent.toString()).toBe('3.37');
    expect(baseRateOn('2025-01-01').ratePercent.toString()).toBe('2.27');
  });

  it('negative base rates are kept with their sign (2016-07-01: −0.88)', () => {
    const r = baseRateOn('2016-08-15');
    expect(r.ratePercent.toString()).toBe('-0.88');
    expect(r.ratePercent.isNegative()).toBe(true);
  });

  it('returns the source and marks confirmation', () => {
    const r = baseRateOn('2025-09-01');
    expect(r).toMatchObject({ from: '2025-07-01', assumed: false, confirmed: true, knownUntil: '2026-12-31' });
    expect(r.source).toContain('1,27');
    expect(baseRateOn('2026-12-31')).toMatchObject({ from: '2026-07-01', assumed: false, confirmed: false });
  });

  it('after the known table: LegalDataError base_rate_unknown naming the date, the last known day and the fixes', () => {
    const e = catchError(() => baseRateOn('2027-01-01'));
    expect(e).toBeInstanceOf(LegalDataError);
    expect(e.code).toBe('base_rate_unknown');
    expect(e.field).toBe('date');
    expect(e.message).toMatch(/^date: /);
    expect(e.message).toContain('2027-01-01');
    expect(e.message).toContain('2026-12-31');
    expect(e.message).toContain('extendBaseRates');
    expect(e.message).toContain('allowBeyondKnown');
  });

  it('after the known table with allowBeyondKnown: the last known rate, marked assumed', () => {
    const r = baseRateOn('2027-03-15', { allowBeyondKnown: true });
    expect(r.ratePercent.toString()).toBe('1.52');
    expect(r).toMatchObject({ from: '2026-07-01', assumed: true });
  });

  it('before 2002-01-01 (DÜG base rate, not shipped): base_rate_unknown', () => {
    const e = catchError(() => baseRateOn('2001-12-31'));
    expect(e.code).toBe('base_rate_unknown');
    expect(e.message).toContain('2002-01-01');
  });

  it('an invalid date is a DateError naming the field', () => {
    const e = catchError(() => baseRateOn('2025-02-30', { field: 'when' }));
    expect(e).toBeInstanceOf(DateError);
    expect(e.field).toBe('when');
  });

  it('accepts a row list as table (checked first)', () => {
    const rows = [row('2030-01-01', '2.00'), row('2030-07-01', '2.50')];
    expect(baseRateOn('2030-08-01', { table: rows }).ratePercent.toString()).toBe('2.5');
    expect(catchError(() => baseRateOn('2031-01-01', { table: rows })).message).toContain('2030-12-31');
  });
});

describe('createBaseRateTable: validation (zod) of host rows', () => {
  it('confirmedOnly ends the table before the unconfirmed 2026-07-01 row', () => {
    const t = createBaseRateTable(germanBaseRates, { confirmedOnly: true });
    expect(t.knownUntil).toBe('2026-06-30');
    expect(catchError(() => baseRateOn('2026-07-01', { table: t })).code).toBe('base_rate_unknown');
  });

  const bad: [string, unknown[], string][] = [
    ['a day other than 1 January / 1 July', [row('2027-02-01', '1.00')], 'rows[0].from'],
    ['an impossible date', [row('2027-13-01', '1.00')], 'rows[0].from'],
    ['a JS number as rate', [{ from: '2027-01-01', ratePercent: 1.5, source: 'x' }], 'rows[0].ratePercent'],
    ['a rate that is not a decimal', [row('2027-01-01', '1,50')], 'rows[0].ratePercent'],
    ['an empty source', [row('2027-01-01', '1.00', { source: ' ' })], 'rows[0].source'],
    ['an unknown field', [{ ...row('2027-01-01', '1.00'), rate: '1' }], 'rows[0]'],
    ['a gap (missing half-year)', [row('2027-01-01', '1.00'), row('2028-01-01', '1.00')], 'rows[1].from'],
    ['descending rows', [row('2027-07-01', '1.00'), row('2027-01-01', '1.00')], 'rows[1].from'],
    ['no rows', [], 'rows'],
  ];
  for (const [what, rows, field] of bad) {
    it(`refuses ${what} with a ValidationError naming ${field}`, () => {
      const e = catchError(() => createBaseRateTable(rows as BaseRateRow[]));
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.field).toBe(field);
      expect(e.message.startsWith(field)).toBe(true);
    });
  }

  it('an impossible day says which day is missing, in the one wording of a bad date (isoDateProblem), § 247 Abs. 1 S. 2 BGB rows', () => {
    // 2027 is no leap year: February 2027 has 28 days, so 2027-02-30 is no day; 2027-13-01 has no month 13.
    expect(catchError(() => createBaseRateTable([row('2027-02-30', '1.00')])).message).toBe('rows[0].from: 2027-02-30 is not a day of the calendar (February 2027 has 28 days).');
    expect(catchError(() => createBaseRateTable([row('2027-13-01', '1.00')])).message).toBe('rows[0].from: 2027-13-01 is not a day of the calendar (a year has the months 01 to 12).');
    expect(catchError(() => createBaseRateTable([row('1.1.2027', '1.00')])).message).toBe('rows[0].from: "1.1.2027" is not a date written YYYY-MM-DD (e.g. 2025-03-31).');
  });

  it('the gap message names the half-year that is missing', () => {
    expect(catchError(() => createBaseRateTable([row('2027-01-01', '1.00'), row('2028-01-01', '1.00')])).message).toContain('2027-07-01');
  });
});

describe('extendBaseRates: hosts add newer rows at run time', () => {
  it('adds 2027-01-01 to the shipped table; knownUntil moves to 2027-06-30; the original stays as it was', () => {
    const t = extendBaseRates(germanBaseRateTable, [row('2027-01-01', '1.77', { source: 'Bundesbank press release (host)' })]);
    expect(t.knownUntil).toBe('2027-06-30');
    const r = baseRateOn('2027-03-01', { table: t });
    expect(r.ratePercent.toString()).toBe('1.77');
    expect(r.source).toBe('Bundesbank press release (host)');
    expect(germanBaseRateTable.knownUntil).toBe('2026-12-31');
    expect(catchError(() => baseRateOn('2027-03-01')).code).toBe('base_rate_unknown');
  });

  it('may confirm the unconfirmed 2026-07-01 row and continue in one call', () => {
    const t = extendBaseRates(germanBaseRateTable, [row('2026-07-01', '1.52', { confirmed: true }), row('2027-01-01', '1.52')]);
    expect(baseRateOn('2026-08-01', { table: t }).confirmed).toBe(true);
    expect(t.knownUntil).toBe('2027-06-30');
  });

  it('may correct the unconfirmed 2026-07-01 row', () => {
    const t = extendBaseRates(germanBaseRateTable, [row('2026-07-01', '1.27')]);
    expect(baseRateOn('2026-08-01', { table: t }).ratePercent.toString()).toBe('1.27');
  });

  it('refuses to change a confirmed rate (build a whole table instead)', () => {
    const e = catchError(() => extendBaseRates(germanBaseRateTable, [row('2025-07-01', '1.77'), row('2026-01-01', '1.27'), row('2026-07-01', '1.52')]));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('rows[0].ratePercent');
    expect(e.message).toContain('createBaseRateTable');
  });

  it('refuses a gap after the table and names the expected half-year', () => {
    const e = catchError(() => extendBaseRates(germanBaseRateTable, [row('2027-07-01', '1.00')]));
    expect(e.field).toBe('rows[0].from');
    expect(e.message).toContain('2027-01-01');
  });

  it('refuses rows that are not 1 January / 1 July (zod)', () => {
    expect(catchError(() => extendBaseRates(germanBaseRateTable, [row('2027-01-02', '1.00')])).field).toBe('rows[0].from');
  });

  it('no rows: the same table', () => {
    expect(extendBaseRates(germanBaseRateTable, [])).toBe(germanBaseRateTable);
  });
});

describe('baseRateCoverage: a warning when a run is past the last known half-year (§ 247 BGB update path)', () => {
  it('2026-01-15 known; 2026-07-15 unconfirmed (1.52 %); 2027-01-01 beyond, with the extendBaseRates update path; a host row makes it known', async () => {
    const { baseRateCoverage, extendBaseRates, germanBaseRateTable } = await import('../../src/index.js');
    expect(baseRateCoverage('2026-01-15')).toMatchObject({ status: 'known', warning: null });
    expect(baseRateCoverage('2026-07-15').status).toBe('unconfirmed');
    const beyond = baseRateCoverage('2027-01-01');
    expect(beyond.status).toBe('beyond');
    expect(beyond.knownUntil).toBe('2026-12-31');
    expect(beyond.warning).toContain('extendBaseRates');
    const hosted = extendBaseRates(germanBaseRateTable, [{ from: '2027-01-01', ratePercent: '1.77', source: 'host: Bundesbank notice' }]);
    expect(baseRateCoverage('2027-01-01', hosted)).toMatchObject({ status: 'known', knownUntil: '2027-06-30' });
  });
});
