import { addDays, parseIsoDate, ValidationError, type Clock, type IsoDate } from '@mahnwerk/core';

/** Options of {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /**
   * The time of day `now()` reports, with its offset: `HH:MM:SS` followed by `Z` or `±HH:MM`
   * (default `09:00:00Z`, the time `fixedClock` (from @mahnwerk/core) uses).
   */
  readonly time?: string;
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
   * @param time - `HH:MM:SS` followed by `Z` or `±HH:MM`, e.g. `21:30:00+01:00`
   * @throws ValidationError when the time is not in that form
   */
  setTime(time: string): void;
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

function checkTime(time: string, field: string): string {
  if (typeof time !== 'string' || !timePattern.test(time)) {
    throw new ValidationError(`${field}: expected a time of day with offset like "09:00:00Z" or "21:30:00+01:00", got ${JSON.stringify(time)}.`, {
      field,
    });
  }
  return time;
}

/**
 * A clock for tests and simulations: `today()` is `start` until the test calls
 * {@link VirtualClock.advance} or {@link VirtualClock.set}; `now()` is today at a fixed time of day.
 *
 * @param start - the first today, `YYYY-MM-DD`
 * @param options - the time of day `now()` reports
 * @returns the clock
 * @throws DateError when `start` is not a calendar day
 */
export function createVirtualClock(start: IsoDate, options: VirtualClockOptions = {}): VirtualClock {
  let today = parseIsoDate(start, 'start');
  let time = checkTime(options.time ?? '09:00:00Z', 'time');
  return {
    today: () => today,
    now: () => `${today}T${time}`,
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
      time = checkTime(value, 'time');
    },
  };
}
