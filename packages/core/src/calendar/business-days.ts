import { ValidationError } from '../errors/errors.js';
import { addDays, isoWeekday, parseIsoDate, type IsoDate } from './date.js';
import { isPublicHoliday } from './holidays.js';
import type { GermanState } from '../law/de/types.js';

/**
 * The result of {@link applySection193}: the day that takes the place of the last day of a period,
 * and whether it moved.
 */
export interface Section193Result {
  /** The last day of the period after § 193 BGB: the input day, or the next business day after it. */
  readonly date: IsoDate;
  /** True when the input day was a Saturday, Sunday or public holiday and was replaced. */
  readonly shifted: boolean;
}

/** The largest step count {@link addBusinessDays} accepts (about 400 years of business days). */
const MAX_STEPS = 100_000;

/**
 * True for a business day (Werktag in the sense of § 193 BGB): Monday to Friday and not a public
 * holiday nationwide or in `state`. Saturday is not a business day here — § 193 BGB treats it like
 * a Sunday.
 *
 * @param date - the day to check
 * @param state - the federal state whose holidays count (the place of declaration or performance)
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function isBusinessDay(date: IsoDate, state?: GermanState): boolean {
  parseIsoDate(date, 'date');
  return isoWeekday(date) <= 5 && !isPublicHoliday(date, state);
}

/**
 * The first business day on or after `date`: `date` itself if it is one.
 *
 * @param date - the day to start from
 * @param state - the federal state whose holidays count
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function nextBusinessDay(date: IsoDate, state?: GermanState): IsoDate {
  // The calendar does not change: each answer is remembered per state (a lookup that throws is not).
  const stateKey = state ?? '';
  let known = nextBusinessDays.get(stateKey);
  const hit = known?.get(date);
  if (hit !== undefined) return hit;
  let day = parseIsoDate(date, 'date');
  while (!isBusinessDay(day, state)) day = addDays(day, 1);
  if (known === undefined) nextBusinessDays.set(stateKey, (known = new Map()));
  if (known.size >= 4096) known.clear();
  known.set(date, day);
  return day;
}

/** {@link nextBusinessDay}'s answers by state (`''`: nationwide holidays only) and day; at most 4,096 per state, emptied when full. */
const nextBusinessDays = new Map<string, Map<IsoDate, IsoDate>>();

/**
 * `date` moved by `n` business days: for `n > 0` the n-th business day after `date`, for `n < 0`
 * the |n|-th business day before it, for `n = 0` `date` itself (even if it is not a business day).
 *
 * @param date - the day to count from (not counted itself)
 * @param n - a whole number of business days, at most 100 000 either way
 * @param state - the federal state whose holidays count
 * @throws ValidationError naming `n` for a non-integer or an out-of-range count
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function addBusinessDays(date: IsoDate, n: number, state?: GermanState): IsoDate {
  let day = parseIsoDate(date, 'date');
  if (!Number.isInteger(n) || Math.abs(n) > MAX_STEPS) {
    throw new ValidationError(`n: ${String(n)} is not a whole number of business days between -${MAX_STEPS} and ${MAX_STEPS}.`, { field: 'n' });
  }
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    day = addDays(day, step);
    if (isBusinessDay(day, state)) left -= 1;
  }
  return day;
}

/**
 * § 193 BGB: if the fixed day or the last day of a period for a declaration or a performance falls
 * on a Saturday, a Sunday or a public holiday recognised at the place of declaration or
 * performance, the next business day takes its place.
 *
 * @param date - the fixed day or the computed last day of the period
 * @param state - the federal state of the place of declaration or performance; without it, only
 *   nationwide holidays count
 * @returns the day that counts, and whether it moved
 * @throws DateError naming `date` for an invalid date or a year without holiday data
 */
export function applySection193(date: IsoDate, state?: GermanState): Section193Result {
  const next = nextBusinessDay(date, state);
  return { date: next, shifted: next !== date };
}
