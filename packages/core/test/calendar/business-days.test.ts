import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  applySection193,
  DateError,
  daysBetween,
  fromDayNumber,
  germanStates,
  isBusinessDay,
  isoWeekday,
  nextBusinessDay,
  toDayNumber,
  ValidationError,
} from '../../src/index.js';

// § 193 BGB: "… fällt der bestimmte Tag oder der letzte Tag der Frist auf einen Sonntag, einen am
// Erklärungs- oder Leistungsort staatlich anerkannten allgemeinen Feiertag oder einen Sonnabend, so
// tritt an die Stelle eines solchen Tages der nächste Werktag."

describe('isBusinessDay', () => {
  it('Monday–Friday are business days, Saturday and Sunday are not (§ 193 BGB treats Saturday like Sunday)', () => {
    expect(isBusinessDay('2025-05-12')).toBe(true); // Monday
    expect(isBusinessDay('2025-05-16')).toBe(true); // Friday
    expect(isBusinessDay('2025-05-17')).toBe(false); // Saturday
    expect(isBusinessDay('2025-05-18')).toBe(false); // Sunday
  });

  it('public holidays are not business days; state holidays only in that state', () => {
    expect(isBusinessDay('2025-04-18')).toBe(false); // Karfreitag
    expect(isBusinessDay('2025-06-19')).toBe(true); // Fronleichnam, nationwide view
    expect(isBusinessDay('2025-06-19', 'BY')).toBe(false);
    expect(isBusinessDay('2025-06-19', 'HH')).toBe(true);
  });
});

describe('§ 193 BGB: applySection193', () => {
  it('a Saturday moves to Monday: 2025-05-17 → 2025-05-19', () => {
    expect(applySection193('2025-05-17')).toEqual({ date: '2025-05-19', shifted: true });
  });

  it('a business day stays: 2025-12-31 (Wednesday)', () => {
    expect(applySection193('2025-12-31')).toEqual({ date: '2025-12-31', shifted: false });
  });

  it('Saturday 2022-12-31 → Monday 2023-01-02 (Sunday 1 January is Neujahr)', () => {
    expect(applySection193('2022-12-31')).toEqual({ date: '2023-01-02', shifted: true });
  });

  it('Easter: Karfreitag 2025-04-18 → Tuesday 2025-04-22 (Sat, Sun, Ostermontag skipped)', () => {
    expect(applySection193('2025-04-18')).toEqual({ date: '2025-04-22', shifted: true });
  });

  it('Christmas: Saturday 2023-12-23 → Wednesday 2023-12-27', () => {
    expect(applySection193('2023-12-23').date).toBe('2023-12-27');
  });

  it('state holiday at the place of performance: Buß- und Bettag 2025-11-19 moves in SN, not in BY', () => {
    expect(applySection193('2025-11-19', 'SN')).toEqual({ date: '2025-11-20', shifted: true });
    expect(applySection193('2025-11-19', 'BY')).toEqual({ date: '2025-11-19', shifted: false });
  });

  it('Reformationstag Friday 2025-10-31 in NI → Monday 2025-11-03; in NW it stays', () => {
    expect(applySection193('2025-10-31', 'NI').date).toBe('2025-11-03');
    expect(applySection193('2025-10-31', 'NW').shifted).toBe(false);
  });
});

describe('nextBusinessDay and addBusinessDays', () => {
  it('nextBusinessDay returns the day itself when it is a business day', () => {
    expect(nextBusinessDay('2025-05-16')).toBe('2025-05-16');
    expect(nextBusinessDay('2025-05-18')).toBe('2025-05-19');
  });

  it('addBusinessDays skips weekends and holidays: Thursday 2025-04-17 + 1 = Tuesday 2025-04-22, and back', () => {
    expect(addBusinessDays('2025-04-17', 1)).toBe('2025-04-22');
    expect(addBusinessDays('2025-04-22', -1)).toBe('2025-04-17');
    expect(addBusinessDays('2025-05-16', 5)).toBe('2025-05-23');
    expect(addBusinessDays('2025-05-17', 0)).toBe('2025-05-17');
  });

  it('a count that is not a whole number is a ValidationError naming `n`', () => {
    expect(() => addBusinessDays('2025-05-16', 1.5)).toThrow(ValidationError);
    expect(() => addBusinessDays('2025-05-16', Number.NaN)).toThrow(/n:/);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: toDayNumber('1995-01-01'), max: toDayNumber('2100-12-20') }).map(fromDayNumber);
  const state = fc.option(fc.constantFrom(...germanStates), { nil: undefined });

  it('§ 193 result is always a business day, never before the input, and no business day is skipped', () => {
    fc.assert(
      fc.property(day, state, (d, s) => {
        const r = applySection193(d, s);
        expect(isBusinessDay(r.date, s)).toBe(true);
        expect(r.date >= d).toBe(true);
        expect(r.shifted).toBe(r.date !== d);
        expect(daysBetween(d, r.date)).toBeLessThanOrEqual(5);
        for (let x = d; x < r.date; x = addDays(x, 1)) expect(isBusinessDay(x, s)).toBe(false);
        if (isoWeekday(d) >= 6) expect(r.shifted).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('addBusinessDays lands on a business day and is undone by the negative count (from a business day)', () => {
    fc.assert(
      fc.property(day, state, fc.integer({ min: 1, max: 60 }), (d, s, n) => {
        const start = nextBusinessDay(d, s);
        const there = addBusinessDays(start, n, s);
        expect(isBusinessDay(there, s)).toBe(true);
        expect(addBusinessDays(there, -n, s)).toBe(start);
      }),
      { numRuns: 300 },
    );
  });
});

// nextBusinessDay remembers its answers per state and day. Specification: the answer for a day
// never leaks from one state to another, in any order and asked again; it equals walking day by day
// with isBusinessDay; a lookup that throws throws again.
describe('nextBusinessDay remembered per state', () => {
  it('Buß- und Bettag 2025-11-19 (Saxony only), asked in turn for SN, BY and nationwide, twice', () => {
    for (let round = 0; round < 2; round++) {
      expect(nextBusinessDay('2025-11-19', 'SN')).toBe('2025-11-20');
      expect(nextBusinessDay('2025-11-19', 'BY')).toBe('2025-11-19');
      expect(nextBusinessDay('2025-11-19')).toBe('2025-11-19');
    }
  });
  it('equals the walk with isBusinessDay for every day of 2024–2026 and three states', () => {
    const states = [undefined, 'SN', 'BY'] as const;
    for (let round = 0; round < 2; round++) {
      for (let day = '2024-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
        for (const state of states) {
          let walked = day;
          while (!isBusinessDay(walked, state)) walked = addDays(walked, 1);
          expect(nextBusinessDay(day, state)).toBe(walked);
        }
      }
    }
  });
  it('a lookup that throws throws again', () => {
    for (let round = 0; round < 2; round++) {
      expect(() => nextBusinessDay('2025-02-30')).toThrow(DateError);
      expect(() => nextBusinessDay('2025-11-19', 'XX' as never)).toThrow();
    }
  });
});
