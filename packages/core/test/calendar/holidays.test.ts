import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DateError,
  easterSunday,
  germanPublicHolidays,
  germanStates,
  holidaysOn,
  isoWeekday,
  isPublicHoliday,
  ValidationError,
  type GermanState,
} from '../../src/index.js';

// Sources: Feiertagsgesetze der Länder; Easter dates as in the official church calendar (checked
// against Python dateutil.easter, EASTER_WESTERN, which implements the same Gregorian computus).

const dates = (year: number, state?: GermanState) => germanPublicHolidays(year, state).map((h) => h.date);
const names = (year: number, state?: GermanState) => germanPublicHolidays(year, state).map((h) => `${h.date} ${h.name}`);

/** Gauss' original Easter formula with its two exceptions: an independent check of the computus. */
function gaussEaster(year: number): string {
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (15 - p + k - q) % 30;
  const N = (4 + k - q) % 7;
  const d = (19 * a + M) % 30;
  const e = (2 * b + 4 * c + 6 * d + N) % 7;
  let day = 22 + d + e; // in March
  if (d === 29 && e === 6) day = 50; // 19 April
  else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) day = 49; // 18 April
  const month = day > 31 ? 4 : 3;
  const dom = day > 31 ? day - 31 : day;
  return `${year}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`;
}

describe('Easter Sunday (anonymous Gregorian computus)', () => {
  it.each([
    [1995, '1995-04-16'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2017, '2017-04-16'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // latest possible date
    [2100, '2100-03-28'],
    [2285, '2285-03-22'], // earliest possible date
    [1913, '1913-03-23'],
  ])('Easter %i is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('property: agrees with Gauss\u2019 formula with exceptions, is a Sunday between 22 March and 25 April (1900–2999)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2999 }), (year) => {
        const e = easterSunday(year);
        expect(e).toBe(gaussEaster(year));
        expect(isoWeekday(e)).toBe(7);
        expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a year that is not a whole Gregorian year, naming `year`', () => {
    expect(() => easterSunday(1899)).toThrow(ValidationError);
    expect(() => easterSunday(2025.5)).toThrow(/year/);
  });
});

describe('nationwide public holidays', () => {
  it('2025: the nine nationwide holidays, movable feasts from Easter 2025-04-20', () => {
    expect(names(2025)).toEqual([
      '2025-01-01 Neujahr',
      '2025-04-18 Karfreitag',
      '2025-04-21 Ostermontag',
      '2025-05-01 Tag der Arbeit',
      '2025-05-29 Christi Himmelfahrt',
      '2025-06-09 Pfingstmontag',
      '2025-10-03 Tag der Deutschen Einheit',
      '2025-12-25 1. Weihnachtstag',
      '2025-12-26 2. Weihnachtstag',
    ]);
    expect(germanPublicHolidays(2025).every((h) => h.nationwide)).toBe(true);
  });

  it('2024 (Easter 2024-03-31) and 2026 (Easter 2026-04-05): Karfreitag, Ostermontag, Himmelfahrt, Pfingstmontag', () => {
    expect(dates(2024)).toEqual(['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-01', '2024-05-09', '2024-05-20', '2024-10-03', '2024-12-25', '2024-12-26']);
    expect(dates(2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26']);
  });

  it('2008: Christi Himmelfahrt fell on 1 May — both holidays are listed on the same day', () => {
    expect(holidaysOn('2008-05-01').map((h) => h.name)).toEqual(['Tag der Arbeit', 'Christi Himmelfahrt']);
  });

  it('Reformationstag 2017 (500 years of the Reformation) was a one-off holiday in every state, listed once', () => {
    expect(isPublicHoliday('2017-10-31')).toBe(true);
    for (const state of germanStates) {
      expect(germanPublicHolidays(2017, state).filter((h) => h.date === '2017-10-31')).toHaveLength(1);
    }
    expect(isPublicHoliday('2016-10-31', 'BY')).toBe(false);
    expect(isPublicHoliday('2018-10-31', 'BY')).toBe(false);
  });

  it('Buß- und Bettag was nationwide until 1994 and is a holiday only in Saxony from 1995', () => {
    expect(isPublicHoliday('1994-11-16')).toBe(true);
    expect(isPublicHoliday('1995-11-22')).toBe(false);
    expect(isPublicHoliday('1995-11-22', 'SN')).toBe(true);
  });
});

describe('state public holidays (Feiertagsgesetze der Länder)', () => {
  it('Buß- und Bettag (SN): Wednesday before 23 November — 2022-11-16, 2023-11-22, 2024-11-20, 2025-11-19, 2026-11-18', () => {
    for (const d of ['2022-11-16', '2023-11-22', '2024-11-20', '2025-11-19', '2026-11-18']) {
      expect(isPublicHoliday(d, 'SN'), d).toBe(true);
      expect(isPublicHoliday(d, 'BY'), d).toBe(false);
      expect(holidaysOn(d, 'SN')[0]?.name).toBe('Buß- und Bettag');
    }
  });

  it('Bayern 2025: 12 statewide holidays (Mariä Himmelfahrt only in Catholic communities — not included)', () => {
    expect(names(2025, 'BY')).toEqual([
      '2025-01-01 Neujahr',
      '2025-01-06 Heilige Drei Könige',
      '2025-04-18 Karfreitag',
      '2025-04-21 Ostermontag',
      '2025-05-01 Tag der Arbeit',
      '2025-05-29 Christi Himmelfahrt',
      '2025-06-09 Pfingstmontag',
      '2025-06-19 Fronleichnam',
      '2025-10-03 Tag der Deutschen Einheit',
      '2025-11-01 Allerheiligen',
      '2025-12-25 1. Weihnachtstag',
      '2025-12-26 2. Weihnachtstag',
    ]);
  });

  it('Sachsen 2025: Reformationstag and Buß- und Bettag; Saarland 2025: Fronleichnam, Mariä Himmelfahrt, Allerheiligen', () => {
    const sn = germanPublicHolidays(2025, 'SN').filter((h) => !h.nationwide).map((h) => `${h.date} ${h.name}`);
    expect(sn).toEqual(['2025-10-31 Reformationstag', '2025-11-19 Buß- und Bettag']);
    const sl = germanPublicHolidays(2025, 'SL').filter((h) => !h.nationwide).map((h) => `${h.date} ${h.name}`);
    expect(sl).toEqual(['2025-06-19 Fronleichnam', '2025-08-15 Mariä Himmelfahrt', '2025-11-01 Allerheiligen']);
  });

  it('2025 count per state (9 nationwide + state holidays)', () => {
    const counts = Object.fromEntries(germanStates.map((s) => [s, germanPublicHolidays(2025, s).length]));
    expect(counts).toEqual({
      BW: 12, BY: 12, BE: 11, BB: 10, HB: 10, HH: 10, HE: 10, MV: 11,
      NI: 10, NW: 11, RP: 11, SL: 12, SN: 11, ST: 11, SH: 10, TH: 11,
    });
  });

  it('Fronleichnam (Easter + 60) in BW, BY, HE, NW, RP, SL only', () => {
    for (const state of germanStates) {
      expect(isPublicHoliday('2026-06-04', state), state).toBe(['BW', 'BY', 'HE', 'NW', 'RP', 'SL'].includes(state));
    }
  });

  it('Reformationstag: the eastern states always, HB/HH/NI/SH from 2018', () => {
    expect(isPublicHoliday('2016-10-31', 'BB')).toBe(true);
    expect(isPublicHoliday('2016-10-31', 'HH')).toBe(false);
    for (const s of ['BB', 'HB', 'HH', 'MV', 'NI', 'SN', 'ST', 'SH', 'TH'] as const) expect(isPublicHoliday('2018-10-31', s), s).toBe(true);
    for (const s of ['BW', 'BY', 'BE', 'HE', 'NW', 'RP', 'SL'] as const) expect(isPublicHoliday('2018-10-31', s), s).toBe(false);
  });

  it('Internationaler Frauentag: Berlin from 2019, Mecklenburg-Vorpommern from 2023', () => {
    expect(isPublicHoliday('2018-03-08', 'BE')).toBe(false);
    expect(isPublicHoliday('2019-03-08', 'BE')).toBe(true);
    expect(isPublicHoliday('2022-03-08', 'MV')).toBe(false);
    expect(isPublicHoliday('2023-03-08', 'MV')).toBe(true);
  });

  it('Weltkindertag (TH) from 2019; Heilige Drei Könige in BW, BY, ST; Allerheiligen in BW, BY, NW, RP, SL', () => {
    expect(isPublicHoliday('2018-09-20', 'TH')).toBe(false);
    expect(isPublicHoliday('2019-09-20', 'TH')).toBe(true);
    expect(germanStates.filter((s) => isPublicHoliday('2025-01-06', s))).toEqual(['BW', 'BY', 'ST']);
    expect(germanStates.filter((s) => isPublicHoliday('2025-11-01', s))).toEqual(['BW', 'BY', 'NW', 'RP', 'SL']);
  });

  it('Berlin one-off holidays: 8 May 2020 and 8 May 2025 (Tag der Befreiung), not 8 May 2024', () => {
    expect(isPublicHoliday('2020-05-08', 'BE')).toBe(true);
    expect(isPublicHoliday('2025-05-08', 'BE')).toBe(true);
    expect(isPublicHoliday('2024-05-08', 'BE')).toBe(false);
    expect(isPublicHoliday('2025-05-08', 'BB')).toBe(false);
  });

  it('without a state only nationwide holidays count', () => {
    expect(isPublicHoliday('2025-11-01')).toBe(false);
    expect(isPublicHoliday('2025-12-25')).toBe(true);
  });

  it('property: every year 1995–2100 has 9 nationwide holidays (10 in 2017), each state list contains them, sorted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1995, max: 2100 }), fc.constantFrom(...germanStates), (year, state) => {
        const national = germanPublicHolidays(year);
        expect(national).toHaveLength(year === 2017 ? 10 : 9);
        const list = germanPublicHolidays(year, state);
        for (const h of national) expect(list).toContainEqual(h);
        const ds = list.map((h) => h.date);
        expect([...ds].sort()).toEqual(ds);
        expect(ds.every((d) => d.startsWith(String(year)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('holiday input errors', () => {
  it('an unknown state is a ValidationError naming `state`', () => {
    expect(() => germanPublicHolidays(2025, 'XX' as GermanState)).toThrow(ValidationError);
    try {
      isPublicHoliday('2025-01-01', 'Bayern' as GermanState);
    } catch (e) {
      expect((e as ValidationError).field).toBe('state');
    }
  });

  it('a year outside the table is an error naming the field', () => {
    expect(() => germanPublicHolidays(1990)).toThrow(ValidationError);
    expect(() => isPublicHoliday('1985-01-01')).toThrow(DateError);
    expect(() => isPublicHoliday('2025-02-30')).toThrow(DateError);
  });
});
