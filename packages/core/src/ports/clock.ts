import type { IsoDate } from '../calendar/date.js';

/**
 * Where time comes from. The core never reads the system clock; hosts pass a clock (a system clock
 * in production, a virtual clock in tests and simulations).
 */
export interface Clock {
  /** Today's business date in the creditor's time zone. */
  today(): IsoDate;
  /** The current instant as an ISO 8601 timestamp with offset, e.g. `2025-03-14T09:30:00+01:00`. */
  now(): string;
}

/** A clock fixed at one day (and 09:00 UTC on it); handy for scripts and tests. */
export function fixedClock(date: IsoDate): Clock {
  return { today: () => date, now: () => `${date}T09:00:00Z` };
}
