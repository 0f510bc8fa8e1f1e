import type { IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';

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

/**
 * A clock fixed at one day (and 09:00 UTC on it); handy for scripts and tests.
 */
export function fixedClock(date: IsoDate): Clock {
  return { today: () => date, now: () => `${date}T09:00:00Z` };
}

/**
 * A clock in a time zone over an instant the host supplies: `today()` is the calendar date in
 * `timeZone` (an IANA name such as `Europe/Berlin`) at that instant, `now()` the same instant as
 * a local ISO 8601 timestamp with the zone's offset (`2025-03-30T03:00:00+02:00`), summer time
 * included. The business day of a German creditor starts at midnight in Berlin, not in UTC: a
 * payment booked at 00:30 on 1 January is a 1 January payment.
 *
 * Core stays free of I/O because the instant is injected: this function never reads the system
 * clock, so it is deterministic under test. In production pass `Date.now` —
 * `zonedClock('Europe/Berlin', Date.now)` — or use `systemClock(timeZone)` from the Node side
 * (`@mahnwerk/cli/system-clock`), which does exactly that.
 *
 * @param timeZone - IANA time zone of the creditor's business days
 * @param source - the current instant in milliseconds since the epoch (e.g. `Date.now`)
 * @returns the clock
 * @throws ValidationError when `timeZone` is not a time zone the runtime knows
 */
export function zonedClock(timeZone: string, source: () => number): Clock {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new ValidationError(`timeZone: "${timeZone}" is not a known IANA time zone; use a name such as "Europe/Berlin".`, { field: 'timeZone' });
  }
  const local = (instant: number) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(instant))) parts[p.type] = p.value;
    const [y, mo, d, h, mi, s] = [parts['year'], parts['month'], parts['day'], parts['hour'], parts['minute'], parts['second']] as string[];
    const seconds = Math.floor(instant / 1000) * 1000;
    const offsetMinutes = Math.round((Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - seconds) / 60_000);
    return { date: `${y}-${mo}-${d}` as IsoDate, time: `${h}:${mi}:${s}`, offsetMinutes };
  };
  return {
    today: () => local(source()).date,
    now: () => {
      const { date, time, offsetMinutes } = local(source());
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      return `${date}T${time}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    },
  };
}
