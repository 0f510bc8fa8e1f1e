import { isIsoDate, zonedClock, type Clock } from '@mahnwerk/core';
import { UsageError } from './io.js';
import { systemClock } from './system-clock.js';

/**
 * `mahnwerk run --now INSTANT`: the instant the run sends at, as milliseconds since the epoch — an
 * ISO 8601 date and time with seconds optional, fractions of a second allowed, and an offset
 * (`+01:00`) or `Z`: `2025-03-03T10:00:00+01:00`, `2025-03-03T09:00Z`. A date that is no day of the
 * calendar, a time past 23:59:59, or no offset is refused: without an offset the same text is
 * another instant on every machine.
 *
 * @param value - the flag's value, or undefined when it was not given
 * @returns the instant, or undefined
 * @throws UsageError naming `--now` (exit 2)
 * @internal
 */
export function nowFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/.exec(value);
  if (m === null || !isIsoDate(m[1])) {
    throw new UsageError(`--now: "${value}" is not an instant with its offset, e.g. 2025-03-03T10:00:00+01:00 or 2025-03-03T09:00:00Z (a day of the calendar, a time 00:00–23:59, the offset or Z).`);
  }
  return Date.parse(value);
}

/**
 * The clock of a run: the instant `--now` fixed, else the system clock — business days in the
 * config's time zone either way (core's `zonedClock`). With `--now` every send of the run, its
 * quiet hours and the `recordedAt` of its events are that instant; one process and every worker of
 * `--workers N` get the same clock from it.
 *
 * @param timeZone - the config's IANA time zone
 * @param now - the `--now` instant ({@link nowFlag}), or undefined for the system clock
 * @returns the clock
 * @internal
 */
export function runClock(timeZone: string, now: number | undefined): Clock {
  return now === undefined ? systemClock(timeZone) : zonedClock(timeZone, () => now);
}
