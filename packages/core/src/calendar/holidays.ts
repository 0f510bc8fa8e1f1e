import { DateError, ValidationError } from '../errors/errors.js';
import { addDays, isoDate, isoWeekday, parseIsoDate, yearOf, type IsoDate } from './date.js';
import { germanStates, type GermanState } from '../law/de/types.js';

/**
 * One German public holiday (gesetzlicher Feiertag) — a "staatlich anerkannter allgemeiner
 * Feiertag" in the sense of § 193 BGB.
 */
export interface GermanHoliday {
  /** The day of the holiday. */
  readonly date: IsoDate;
  /** Its German name, e.g. `Karfreitag`, `Buß- und Bettag`. */
  readonly name: string;
  /** True when the holiday applies in every federal state (federal or all-state law). */
  readonly nationwide: boolean;
}

/**
 * The first year {@link germanPublicHolidays} answers for. The rules are those in force since
 * 1995 (Buß- und Bettag abolished outside Saxony); for 1991–1994 Buß- und Bettag is nationwide,
 * all other state rules are taken as from 1995.
 */
export const firstHolidayYear = 1991;

/** The last year {@link germanPublicHolidays} answers for (the last year an {@link IsoDate} can hold). */
export const lastHolidayYear = 2999;

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian computus (Meeus/Jones/Butcher,
 * Gauss' rule in its exception-free form).
 *
 * @param year - a whole year from 1900 to 2999 (the range of an {@link IsoDate})
 * @returns the date of Easter Sunday, e.g. `2025-04-20`
 * @throws ValidationError naming `year` for a non-integer or a year outside 1900–2999
 */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1900 || year > lastHolidayYear) {
    throw new ValidationError(`year: ${String(year)} is not a whole year from 1900 to ${lastHolidayYear}; pass a year such as 2025.`, {
      field: 'year',
    });
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Buß- und Bettag: the Wednesday before 23 November (between 16 and 22 November). */
function repentanceDay(year: number): IsoDate {
  const nov22 = isoDate(year, 11, 22);
  // isoWeekday: 1 = Monday … 7 = Sunday; Wednesday = 3.
  const back = (isoWeekday(nov22) - 3 + 7) % 7;
  return addDays(nov22, -back);
}

/** A state-level holiday rule: the states it applies in (with the first year, if it was introduced later). */
interface StateRule {
  readonly name: string;
  readonly date: (year: number, easter: IsoDate) => IsoDate;
  /** State → first year the holiday applies there. */
  readonly states: Partial<Record<GermanState, number>>;
}

const ALWAYS = 0;

const fixed = (month: number, day: number) => (year: number): IsoDate => isoDate(year, month, day);
const fromEaster = (days: number) => (_year: number, easter: IsoDate): IsoDate => addDays(easter, days);

/**
 * State holidays, after the state holiday laws (Feiertagsgesetze der Länder). Only holidays that
 * apply in a whole state are listed; holidays of single municipalities or predominantly Catholic
 * communities (Fronleichnam in parts of SN and TH, Mariä Himmelfahrt in parts of BY, Augsburger
 * Friedensfest) are left out. Sunday-only holidays (Ostersonntag, Pfingstsonntag in BB) are left
 * out because a Sunday is never a business day anyway.
 */
const stateRules: readonly StateRule[] = [
  { name: 'Heilige Drei Könige', date: fixed(1, 6), states: { BW: ALWAYS, BY: ALWAYS, ST: ALWAYS } },
  // Berlin since 2019 (GVBl. 2019 S. 22), Mecklenburg-Vorpommern since 2023.
  { name: 'Internationaler Frauentag', date: fixed(3, 8), states: { BE: 2019, MV: 2023 } },
  { name: 'Fronleichnam', date: fromEaster(60), states: { BW: ALWAYS, BY: ALWAYS, HE: ALWAYS, NW: ALWAYS, RP: ALWAYS, SL: ALWAYS } },
  { name: 'Mariä Himmelfahrt', date: fixed(8, 15), states: { SL: ALWAYS } },
  { name: 'Weltkindertag', date: fixed(9, 20), states: { TH: 2019 } },
  // The five eastern states since reunification; HB, HH, NI and SH since 2018. 2017 was nationwide (below).
  {
    name: 'Reformationstag',
    date: fixed(10, 31),
    states: { BB: ALWAYS, MV: ALWAYS, SN: ALWAYS, ST: ALWAYS, TH: ALWAYS, HB: 2018, HH: 2018, NI: 2018, SH: 2018 },
  },
  { name: 'Allerheiligen', date: fixed(11, 1), states: { BW: ALWAYS, BY: ALWAYS, NW: ALWAYS, RP: ALWAYS, SL: ALWAYS } },
  { name: 'Buß- und Bettag', date: (year) => repentanceDay(year), states: { SN: 1995 } },
];

/** One-off state holidays. */
const stateOneOffs: readonly { readonly date: IsoDate; readonly name: string; readonly state: GermanState }[] = [
  // 75th and 80th anniversary of the end of the war in Europe (Berliner Feiertagsgesetz, einmalige Feiertage).
  { date: '2020-05-08', name: 'Tag der Befreiung', state: 'BE' },
  { date: '2025-05-08', name: 'Tag der Befreiung', state: 'BE' },
  // Not included: a planned one-off 17 June 2028 in Berlin (a Saturday; enactment not confirmed).
];

function checkYear(year: number, field: string, asDate: boolean): void {
  if (!Number.isInteger(year) || year < firstHolidayYear || year > lastHolidayYear) {
    const message = `${field}: public holidays are known for the years ${firstHolidayYear} to ${lastHolidayYear} only, got ${String(year)}; pass a date in that range.`;
    throw asDate ? new DateError(message, { field }) : new ValidationError(message, { field });
  }
}

/** Checks an optional state argument (from untyped callers). */
function checkState(state: unknown, field = 'state'): GermanState | undefined {
  if (state === undefined) return undefined;
  if (typeof state !== 'string' || !(germanStates as readonly string[]).includes(state)) {
    throw new ValidationError(
      `${field}: "${String(state)}" is not a German federal state; use one of ${germanStates.join(', ')} (ISO 3166-2:DE suffix) or leave it out for nationwide holidays only.`,
      { field },
    );
  }
  return state as GermanState;
}

function build(year: number, state: GermanState | undefined): readonly GermanHoliday[] {
  const easter = easterSunday(year);
  const list: GermanHoliday[] = [
    { date: isoDate(year, 1, 1), name: 'Neujahr', nationwide: true },
    { date: addDays(easter, -2), name: 'Karfreitag', nationwide: true },
    { date: addDays(easter, 1), name: 'Ostermontag', nationwide: true },
    { date: isoDate(year, 5, 1), name: 'Tag der Arbeit', nationwide: true },
    { date: addDays(easter, 39), name: 'Christi Himmelfahrt', nationwide: true },
    { date: addDays(easter, 50), name: 'Pfingstmontag', nationwide: true },
    { date: isoDate(year, 10, 3), name: 'Tag der Deutschen Einheit', nationwide: true },
    { date: isoDate(year, 12, 25), name: '1. Weihnachtstag', nationwide: true },
    { date: isoDate(year, 12, 26), name: '2. Weihnachtstag', nationwide: true },
  ];
  // 500th anniversary of the Reformation: a holiday in every state (one-off, 2017).
  if (year === 2017) list.push({ date: '2017-10-31', name: 'Reformationstag', nationwide: true });
  // Buß- und Bettag was a holiday in every state until 1994.
  if (year <= 1994) list.push({ date: repentanceDay(year), name: 'Buß- und Bettag', nationwide: true });
  if (state !== undefined) {
    for (const rule of stateRules) {
      const since = rule.states[state];
      if (since === undefined || year < since) continue;
      const date = rule.date(year, easter);
      if (list.some((h) => h.date === date && h.name === rule.name)) continue;
      list.push({ date, name: rule.name, nationwide: false });
    }
    for (const one of stateOneOffs) {
      if (one.state === state && yearOf(one.date) === year) list.push({ date: one.date, name: one.name, nationwide: false });
    }
  }
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Object.freeze(list.map((h) => Object.freeze(h)));
}

const cache = new Map<string, { readonly list: readonly GermanHoliday[]; readonly dates: ReadonlySet<IsoDate> }>();

function entry(year: number, state: GermanState | undefined): { readonly list: readonly GermanHoliday[]; readonly dates: ReadonlySet<IsoDate> } {
  const key = `${year}:${state ?? ''}`;
  let hit = cache.get(key);
  if (!hit) {
    const list = build(year, state);
    hit = { list, dates: new Set(list.map((h) => h.date)) };
    cache.set(key, hit);
  }
  return hit;
}

/**
 * The German public holidays of a year: the nationwide ones, plus those of `state` if given.
 * Movable feasts follow Easter Sunday ({@link easterSunday}). Sorted by date; frozen.
 *
 * Nationwide: Neujahr, Karfreitag, Ostermontag, Tag der Arbeit, Christi Himmelfahrt, Pfingstmontag,
 * Tag der Deutschen Einheit, 1. and 2. Weihnachtstag; Reformationstag 2017 (one-off); Buß- und
 * Bettag until 1994. State holidays: Heilige Drei Könige (BW, BY, ST), Internationaler Frauentag
 * (BE from 2019, MV from 2023), Fronleichnam (BW, BY, HE, NW, RP, SL), Mariä Himmelfahrt (SL),
 * Weltkindertag (TH from 2019), Reformationstag (BB, MV, SN, ST, TH; HB, HH, NI, SH from 2018),
 * Allerheiligen (BW, BY, NW, RP, SL), Buß- und Bettag (SN), and Berlin's one-off holidays
 * (2020-05-08, 2025-05-08). Holidays of parts of a state are not included.
 *
 * @param year - a year from {@link firstHolidayYear} to {@link lastHolidayYear}
 * @param state - the federal state; without it, only the nationwide holidays
 * @throws ValidationError naming `year` or `state` for a year out of range or an unknown state
 */
export function germanPublicHolidays(year: number, state?: GermanState): readonly GermanHoliday[] {
  checkYear(year, 'year', false);
  return entry(year, checkState(state)).list;
}

/**
 * True when `date` is a public holiday nationwide or, if `state` is given, in that state.
 *
 * @param date - the day to check
 * @param state - the federal state whose holidays count (e.g. the place of performance, § 193 BGB)
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function isPublicHoliday(date: IsoDate, state?: GermanState): boolean {
  parseIsoDate(date, 'date');
  const year = yearOf(date);
  checkYear(year, 'date', true);
  return entry(year, checkState(state)).dates.has(date);
}

/**
 * The holiday (or holidays) falling on `date`, empty if none.
 *
 * @param date - the day to look up
 * @param state - the federal state whose holidays count
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function holidaysOn(date: IsoDate, state?: GermanState): readonly GermanHoliday[] {
  parseIsoDate(date, 'date');
  const year = yearOf(date);
  checkYear(year, 'date', true);
  return entry(year, checkState(state)).list.filter((h) => h.date === date);
}
