import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { formatOffset, instantAt, parseInstant, wallClockIn } from '../calendar/instant.js';
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
  /**
   * The IANA time zone of the creditor (e.g. `Europe/Berlin`), if the clock declares one
   * ({@link zonedClock} does, and {@link fixedClock} given `timeZone`). Quiet hours and the Sunday/holiday rest of a send are those of the wall
   * clock of this zone at `now()`, whatever offset `now()` is written with (`2025-01-25T23:30:00Z` is
   * Sunday 00:30 in `Europe/Berlin`), and a message held to a later wall time gets the offset the zone
   * has then (held from Sat 2025-03-29 22:30+01:00 to Monday 08:00, its `notBefore` is
   * `2025-03-31T08:00:00+02:00`, after the change to summer time). Without it the wall time is `now()`'s
   * as written, in its offset, and a held message keeps that offset: a clock of one fixed offset.
   */
  readonly timeZone?: string;
}

/** Options of {@link fixedClock}. */
export interface FixedClockOptions {
  /**
   * The IANA time zone the clock is in (e.g. `Europe/Berlin`), as {@link Clock.timeZone}: the clock
   * declares it, `now()` is 09:00 on that zone's wall clock on the day, written with the offset the
   * zone has then (`2025-03-29T09:00:00+01:00`, `2025-03-31T09:00:00+02:00`, as {@link zonedInstant}
   * gives it), and the engine reads quiet hours and the Sunday/holiday rest in it. Without it the clock
   * declares no zone and `now()` is 09:00 UTC (`2025-03-29T09:00:00Z`), a clock of one fixed offset.
   */
  readonly timeZone?: string;
}

/**
 * A clock fixed at one day, and at 09:00 on it: 09:00 UTC, or with `options.timeZone` 09:00 on that
 * zone's wall clock (the clock then declares the zone, as {@link zonedClock} and `@mahnwerk/testing`'s
 * `createVirtualClock(start, { timeZone })` do). Handy for scripts and tests.
 *
 * @param date - the day `today()` reports, `YYYY-MM-DD`
 * @param options - the time zone the clock is in, if any
 * @returns the clock
 * @throws DateError when `options.timeZone` is given and `date` is not a calendar day
 * @throws ValidationError (field `timeZone`) when `options.timeZone` is not a time zone the runtime knows
 */
export function fixedClock(date: IsoDate, options: FixedClockOptions = {}): Clock {
  const timeZone = options.timeZone;
  if (timeZone === undefined) return { today: () => date, now: () => `${date}T09:00:00Z` };
  // The instant once, now: an unknown zone (or a day that is none) is refused when the clock is made.
  const now = zonedInstant(date, '09:00:00', timeZone);
  return { timeZone, today: () => date, now: () => now };
}

/**
 * A clock in a time zone over an instant the host supplies: `today()` is the calendar date in
 * `timeZone` (an IANA name such as `Europe/Berlin`) at that instant, `now()` the same instant as
 * a local ISO 8601 timestamp with the zone's offset (`2025-03-30T03:00:00+02:00`), summer time
 * included, and `timeZone` the zone. The business day of a German creditor starts at midnight in Berlin, not in UTC: a
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
  const local = wallClockIn(timeZone);
  return {
    timeZone,
    today: () => local(source()).date,
    now: () => {
      const { date, time, offsetMinutes } = local(source());
      return `${date}T${time}${formatOffset(offsetMinutes)}`;
    },
  };
}

/**
 * The instant at which the wall clock of `timeZone` shows `time` on `date`, as an ISO 8601 timestamp
 * with the offset the zone has then (summer time included) — the form `zonedClock`'s `now()` writes:
 * `2025-03-29` `09:00:00` in `Europe/Berlin` is `2025-03-29T09:00:00+01:00`, on `2025-03-31` it is
 * `2025-03-31T09:00:00+02:00`. A wall time the change to summer time skips (02:30 on 2025-03-30 in
 * Berlin) is the instant an hour later on the clock (`2025-03-30T03:30:00+02:00`); one the change back
 * shows twice (02:30 on 2025-10-26), the first (`2025-10-26T02:30:00+02:00`).
 *
 * For clocks that stand at a wall time of a zone, such as the virtual clock of `@mahnwerk/testing`
 * with a `timeZone`. It reads the zone's rules through the same conversion as `zonedClock` and the
 * engine's reading of instants (the runtime's `Intl` time-zone data); nothing here reads the system clock.
 *
 * @param date - the local date, `YYYY-MM-DD`
 * @param time - the local wall time, `HH:MM` or `HH:MM:SS`
 * @param timeZone - an IANA time zone, e.g. `Europe/Berlin`
 * @returns the instant, e.g. `2025-03-31T09:00:00+02:00`
 * @throws DateError when `date` is not a calendar day
 * @throws ValidationError (field `time`) when `time` is not a wall time, (field `timeZone`) when the runtime does not know the zone
 */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): string {
  const day = parseIsoDate(date, 'date');
  const m = typeof time === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(time) : null;
  if (m === null) throw new ValidationError(`time: expected a wall time "HH:MM" or "HH:MM:SS" without offset, got ${JSON.stringify(time)}.`, { field: 'time' });
  const hhmm = `${m[1] as string}:${m[2] as string}`;
  // An instant of the zone (its rules are what instantAt reads from it), then the instant the zone's wall clock shows hhmm on the day.
  const at = instantAt(day, hhmm, parseInstant(`${day}T${hhmm}Z`, 'date', timeZone));
  return `${at.date}T${at.time}:${m[3] ?? '00'}${at.offset}`;
}
