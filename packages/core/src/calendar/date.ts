import { DateError } from '../errors/errors.js';

/**
 * A calendar day written `YYYY-MM-DD`, with no time and no time zone. mahnwerk computes on day
 * numbers, never on JS `Date` objects, so a date cannot drift across a time-zone boundary.
 */
export type IsoDate = string;

/**
 * Reads `YYYY-MM-DD` by character codes (hot paths call this for every date they touch; a regular
 * expression and three `Number()` calls cost several times more). Returns year, month and day, or
 * `undefined` when the text is not of that form; the calendar check is the caller's.
 */
function readDate(value: string): { y: number; m: number; d: number } | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    y = y * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
  return { y, m: m1 * 10 + m2, d: d1 * 10 + d2 };
}

/** Day 0 is 1970-01-01 (proleptic Gregorian calendar). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

/** True in a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 365 or 366. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (monthDays[month - 1] as number);
}

/**
 * Valid dates already read or made, with their day numbers: the engine reads the same few hundred
 * days millions of times (every event date, every review day), so each is checked and converted
 * once. Only dates that pass {@link parseIsoDate}'s checks go in. Bounded: cleared when full.
 */
const knownDays = new Map<string, number>();

function rememberDay(text: IsoDate, day: number): void {
  if (knownDays.size >= 100_000) knownDays.clear();
  knownDays.set(text, day);
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * What is wrong with a value as a calendar day written `YYYY-MM-DD`, in words, or `null` when it is
 * one: the form (`"25-1-1" is not a date written YYYY-MM-DD (e.g. 2025-03-31)`), or a day the form
 * allows and the calendar does not have (`2025-02-30 is not a day of the calendar (February 2025 has
 * 28 days)`, `2025-13-01 … (a year has the months 01 to 12)`). The one wording of a bad date:
 * {@link parseIsoDate} and the date schema of every command and simulation input say it after the
 * field's name.
 *
 * @internal
 * @param value - the input
 * @returns the problem (no field, no full stop), or null
 */
export function isoDateProblem(value: unknown): string | null {
  if (typeof value !== 'string') return `expected a date written YYYY-MM-DD, got ${value === null ? 'null' : typeof value}`;
  if (knownDays.has(value)) return null;
  const parts = readDate(value);
  if (parts === undefined) return `"${value}" is not a date written YYYY-MM-DD (e.g. 2025-03-31)`;
  const { y, m, d } = parts;
  if (y < 1900 || y > 2999) return `${value} is not a day of the calendar mahnwerk reckons in (the years 1900 to 2999)`;
  if (m < 1 || m > 12) return `${value} is not a day of the calendar (a year has the months 01 to 12)`;
  if (d < 1) return `${value} is not a day of the calendar (the days of a month count from 01)`;
  const last = daysInMonth(y, m);
  if (d > last) return `${value} is not a day of the calendar (${monthNames[m - 1] as string} ${y} has ${last} days)`;
  return null;
}

/**
 * Checks that a value is a real calendar day in `YYYY-MM-DD` form and returns it.
 *
 * @param value - the input
 * @param field - the input field, for the error message
 * @throws DateError naming the field and what is wrong for `2025-02-30` ("2025-02-30 is not a day
 *   of the calendar (February 2025 has 28 days)"), `25-1-1`, a timestamp, a non-string …
 */
export function parseIsoDate(value: unknown, field = 'date'): IsoDate {
  if (typeof value === 'string' && knownDays.has(value)) return value;
  const parts = typeof value === 'string' ? readDate(value) : undefined;
  if (parts === undefined || isoDateProblem(value) !== null) {
    throw new DateError(`${field}: ${isoDateProblem(value) ?? 'invalid date'}.`, { field });
  }
  rememberDay(value as string, daysFromCivil(parts.y, parts.m, parts.d));
  return value as string;
}

/** True for a valid `YYYY-MM-DD` day. */
export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The day number (days since 1970-01-01) of a date.
 *
 * @internal
 */
export function toDayNumber(date: IsoDate): number {
  const known = knownDays.get(date);
  if (known !== undefined) return known;
  const parts = typeof date === 'string' ? readDate(date) : undefined;
  if (parts === undefined) throw new DateError(`"${date}" is not a date written YYYY-MM-DD.`);
  return daysFromCivil(parts.y, parts.m, parts.d);
}

/** Dates made from day numbers, shared: a simulation writes the same few hundred days millions of times. */
const dayTexts = new Map<number, IsoDate>();

/**
 * The date of a day number.
 *
 * @internal
 */
export function fromDayNumber(day: number): IsoDate {
  const known = dayTexts.get(day);
  if (known !== undefined) return known;
  const [y, m, d] = civilFromDays(day);
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Bounded: a long-running host computing over centuries of dates does not grow it without end.
  if (dayTexts.size >= 50_000) dayTexts.clear();
  dayTexts.set(day, text);
  if (y >= 1900 && y <= 2999) rememberDay(text, day);
  return text;
}

/** Builds a date from year, month (1–12) and day. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return parseIsoDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** The year of a date. */
export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** The month (1–12) of a date. */
export function monthOf(date: IsoDate): number {
  return Number(date.slice(5, 7));
}

/** The day of the month of a date. */
export function dayOfMonth(date: IsoDate): number {
  return Number(date.slice(8, 10));
}

/** `date` plus `days` (may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * `date` plus whole months. A day that does not exist in the target month becomes its last day
 * (§ 188 Abs. 3 BGB: 31 January + 1 month = 28/29 February).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const total = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return isoDate(y, m, Math.min(dayOfMonth(date), daysInMonth(y, m)));
}

/** `date` plus whole years (29 February becomes 28 February in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** `to − from` in days: 0 for the same day, 1 for the next. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Days from `from` to `to`, both counted: 1 for the same day. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return daysBetween(from, to) + 1;
}

/** −1, 0 or 1 as a is before, equal to or after b. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** 1 January of the date's year. */
export function startOfYear(date: IsoDate): IsoDate {
  return `${date.slice(0, 4)}-01-01`;
}

/** 31 December of the date's year. */
export function endOfYear(date: IsoDate): IsoDate {
  return `${date.slice(0, 4)}-12-31`;
}

/**
 * Checks that `from` is not after `to`.
 *
 * @throws DateError naming both fields
 */
export function assertOrdered(from: IsoDate, to: IsoDate, fromField = 'from', toField = 'to'): void {
  if (from > to) {
    throw new DateError(`${toField}: ${to} is before ${fromField} ${from}; the range must not run backwards.`, { field: toField });
  }
}

/** Formats a date as `31.03.2025` (`de`) or `2025-03-31` (anything else). */
export function formatDate(date: IsoDate, locale = 'de-DE'): string {
  if (locale.startsWith('de')) return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
  return date;
}
