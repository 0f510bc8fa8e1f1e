import { addDays, parseIsoDate, ValidationError, zonedInstant, type Clock, type IsoDate } from '@mahnwerk/core';

/** Options of {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /**
   * The time of day `now()` reports, with its offset: `HH:MM:SS` followed by `Z` or `±HH:MM`
   * (default `09:00:00Z`, the time `fixedClock` (from @mahnwerk/core) uses). With `timeZone`, the wall
   * time of that zone without offset, `HH:MM:SS` (default `09:00:00`).
   */
  readonly time?: string;
  /**
   * The IANA time zone the clock is in (e.g. `Europe/Berlin`), as core's `Clock.timeZone`: `now()` is
   * today at `time` on that zone's wall clock, written with the offset the zone has on that day (summer
   * time included, as `zonedClock` writes it: `2025-03-29T09:00:00+01:00`, the next day
   * `2025-03-30T09:00:00+02:00`), and the engine reads quiet hours and the Sunday/holiday rest in it.
   * Without it the clock declares no zone and `now()` keeps the offset written in `time`.
   */
  readonly timeZone?: string;
}

/** A {@link Clock} that only moves when the test moves it. */
export interface VirtualClock extends Clock {
  /**
   * Moves the clock forward by whole days.
   *
   * @param days - a whole number of 0 or more (use {@link VirtualClock.set} to go back)
   * @returns the new today
   * @throws ValidationError for a negative or fractional number of days
   */
  advance(days: number): IsoDate;
  /**
   * Puts the clock on a day (forward or back).
   *
   * @param date - the new today, `YYYY-MM-DD`
   * @throws DateError when `date` is not a calendar day
   */
  set(date: IsoDate): void;
  /**
   * Sets the time of day `now()` reports.
   *
   * @param time - `HH:MM:SS` followed by `Z` or `±HH:MM`, e.g. `21:30:00+01:00`; for a clock with a
   *   `timeZone` the zone's wall time without offset, e.g. `21:30:00`
   * @throws ValidationError when the time is not in that form
   */
  setTime(time: string): void;
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const wallTimePattern = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

function checkTime(time: string, field: string, zoned: boolean): string {
  if (typeof time !== 'string' || !(zoned ? wallTimePattern : timePattern).test(time)) {
    throw new ValidationError(
      zoned
        ? `${field}: expected the time zone's wall time without offset like "09:00:00" (the clock writes the zone's offset), got ${JSON.stringify(time)}.`
        : `${field}: expected a time of day with offset like "09:00:00Z" or "21:30:00+01:00", got ${JSON.stringify(time)}.`,
      { field },
    );
  }
  return time;
}

/**
 * A clock for tests and simulations: `today()` is `start` until the test calls
 * {@link VirtualClock.advance} or {@link VirtualClock.set}; `now()` is today at a fixed time of day.
 * With `timeZone` the clock declares that zone (`timeZone`) and `now()` is today at that wall time of
 * the zone with the zone's offset that day, as core's `zonedInstant` gives it (a virtual clock in
 * `Europe/Berlin` at 09:00 reports `2025-03-29T09:00:00+01:00` and, advanced a day across the change to
 * summer time, `2025-03-30T09:00:00+02:00`).
 *
 * @param start - the first today, `YYYY-MM-DD`
 * @param options - the time of day `now()` reports, and the time zone the clock is in
 * @returns the clock
 * @throws DateError when `start` is not a calendar day
 * @throws ValidationError naming `time` or `timeZone` when the time is not in its form or the runtime does not know the zone
 */
export function createVirtualClock(start: IsoDate, options: VirtualClockOptions = {}): VirtualClock {
  let today = parseIsoDate(start, 'start');
  const timeZone = options.timeZone;
  const zoned = timeZone !== undefined;
  let time = checkTime(options.time ?? (zoned ? '09:00:00' : '09:00:00Z'), 'time', zoned);
  // Refuses a zone the runtime does not know now, not at the first now().
  if (zoned) zonedInstant(today, time, timeZone);
  return {
    ...(zoned ? { timeZone } : {}),
    today: () => today,
    now: () => (zoned ? zonedInstant(today, time, timeZone) : `${today}T${time}`),
    advance(days) {
      if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) {
        throw new ValidationError(
          `days: expected a whole number of days of 0 or more, got ${String(days)}; to go back in time use set(date).`,
          { field: 'days' },
        );
      }
      today = addDays(today, days);
      return today;
    },
    set(date) {
      today = parseIsoDate(date, 'date');
    },
    setTime(value) {
      time = checkTime(value, 'time', zoned);
    },
  };
}
