import { ValidationError } from '../errors/errors.js';
import { parseIsoDate, toDayNumber, type IsoDate } from './date.js';

/**
 * The wall time of a time zone at an instant: its date, its time (`HH:MM:SS`) and its offset from UTC
 * in minutes (summer time included).
 *
 * @internal
 */
export interface WallTime {
  readonly date: IsoDate;
  readonly time: string;
  readonly offsetMinutes: number;
}

/** One reader per time zone (building an `Intl.DateTimeFormat` costs more than using it). */
const wallClocks = new Map<string, (instant: number) => WallTime>();

/**
 * The one conversion of an instant into the wall time of an IANA time zone (the runtime's zone
 * rules, through `Intl.DateTimeFormat`): `zonedClock`'s `today()` and `now()` and
 * {@link parseInstant}'s reading of an instant in a zone both use it.
 *
 * @internal
 * @param timeZone - an IANA time zone, e.g. `Europe/Berlin`
 * @returns the reader: milliseconds since the epoch to the zone's wall time then
 * @throws ValidationError (field `timeZone`) when the runtime does not know the zone
 */
export function wallClockIn(timeZone: string): (instant: number) => WallTime {
  const known = wallClocks.get(timeZone);
  if (known !== undefined) return known;
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
  const read = (instant: number): WallTime => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(instant))) parts[p.type] = p.value;
    const [y, mo, d, h, mi, s] = [parts['year'], parts['month'], parts['day'], parts['hour'], parts['minute'], parts['second']] as string[];
    const seconds = Math.floor(instant / 1000) * 1000;
    const offsetMinutes = Math.round((Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - seconds) / 60_000);
    return { date: `${y}-${mo}-${d}` as IsoDate, time: `${h}:${mi}:${s}`, offsetMinutes };
  };
  wallClocks.set(timeZone, read);
  return read;
}

/**
 * Whether the runtime knows an IANA time zone (its rules, through `Intl`): `Europe/Berlin` yes,
 * `Europe/Atlantis` no.
 *
 * @internal
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (wallClocks.has(timeZone)) return true;
  try {
    wallClockIn(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with a time zone given for a debtor, in words, or `null` when the runtime knows it
 * ({@link isKnownTimeZone}): a name of the right form without rules, `Europe/Atlantis`, is refused
 * with what to give instead. The one rule of a debtor's zone: the claim's facts schema asks it before
 * anything is written (`UnknownTimeZoneError`), so {@link recipientTimeZone} meets an unknown zone
 * only in facts stored before.
 *
 * @internal
 * @param timeZone - the zone given, e.g. `Europe/Berlin`
 * @returns the problem (no field, no full stop), or null
 */
export function timeZoneProblem(timeZone: string): string | null {
  if (isKnownTimeZone(timeZone)) return null;
  return (
    `${JSON.stringify(timeZone)} is not a time zone this runtime knows (it has no IANA rules for it); give a name from ` +
    `Intl.supportedValuesOf('timeZone'), such as "Europe/Berlin", or leave timeZone out to read quiet hours and rest days on the clock's zone`
  );
}

/**
 * The time zone the quiet hours and the Sunday/holiday rest of a send to a debtor are kept in: the
 * debtor's own (`debtor.timeZone`), when the claim's facts give one the runtime knows — § 7 UWG
 * protects the rest of the person texted or mailed, on their wall clock, not the creditor's — else the
 * zone of the clock of the send (`Clock.timeZone`), else none (the instant as written). A debtor in
 * `America/New_York` texted at 15:00 in Berlin (09:00 there) may be texted; one in Berlin at 21:00
 * Berlin time may not, whatever zone the creditor's clock is in.
 *
 * The one rule of whose wall clock a send is read on: the dispatcher and the daily run's `notBefore`
 * (through `sendInstant`) and `checkInvariants`' day of a send ask it.
 *
 * @internal
 * @param debtorTimeZone - the debtor's IANA time zone, if the claim's facts give one
 * @param clockTimeZone - the clock's time zone (`Clock.timeZone`), if it declares one
 * @returns the zone to read the instant of a send in, or `undefined` for none
 */
export function recipientTimeZone(debtorTimeZone: string | undefined, clockTimeZone: string | undefined): string | undefined {
  return debtorTimeZone !== undefined && isKnownTimeZone(debtorTimeZone) ? debtorTimeZone : clockTimeZone;
}

/**
 * An offset in minutes as ISO 8601 writes it: `+01:00`, `-05:00`, `+05:30` (`+00:00` for UTC).
 *
 * @internal
 */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A local instant: its date and wall time, its UTC offset, minutes since the epoch (UTC), and the IANA
 * time zone it was read in (`zone`), if any — without one, the wall time is that of its offset.
 *
 * @internal
 */
export interface LocalInstant {
  readonly date: IsoDate;
  readonly time: string;
  readonly offset: string;
  readonly minutes: number;
  readonly zone?: string;
}

/**
 * Parses an ISO 8601 instant with offset (the clock's `now()`, an outbox `notBefore`, an event's
 * `recordedAt`) and gives its local date and wall time (`HH:MM`): with `timeZone`, those of the zone at
 * that instant (and the zone's offset then), whatever offset the text was written with — a clock that
 * writes UTC (`2025-01-25T23:30:00Z`) is at 00:30 on Sunday 2025-01-26 in `Europe/Berlin`; without it,
 * the date and time as written.
 *
 * The one reading of the local date and time of an instant: the dispatcher, the daily run's outbox
 * `notBefore` (both in the clock's `timeZone`) and `checkInvariants`' day of a send ask it.
 *
 * @internal
 * @param value - the instant, e.g. `2025-03-14T09:30:00+01:00` or `2025-03-14T08:30:00Z`
 * @param field - the field to name in the error
 * @param timeZone - the IANA time zone to read the wall time in, if any
 * @throws ValidationError naming `field` when the text is not such an instant
 * @throws ValidationError (field `timeZone`) when the runtime does not know the zone
 */
export function parseInstant(value: string, field = 'now', timeZone?: string): LocalInstant {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (m === null) {
    throw new ValidationError(`${field}: "${value}" is not an ISO 8601 instant with offset, e.g. 2025-03-14T09:30:00+01:00.`, { field });
  }
  const [, date, hh, mm, offset] = m as unknown as [string, string, string, string, string];
  const h = Number.parseInt(hh, 10);
  const min = Number.parseInt(mm, 10);
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number.parseInt(offset.slice(1, 3), 10) * 60 + Number.parseInt(offset.slice(4, 6), 10));
  }
  const minutes = toDayNumber(parseIsoDate(date, field)) * 1440 + h * 60 + min - offsetMinutes;
  if (timeZone === undefined) return { date: date as IsoDate, time: `${hh}:${mm}`, offset, minutes };
  const wall = wallClockIn(timeZone)(minutes * 60_000);
  return { date: wall.date, time: wall.time.slice(0, 5), offset: formatOffset(wall.offsetMinutes), minutes, zone: timeZone };
}

/**
 * The instant at which the wall clock of `like` — its time zone (`like.zone`, summer time included),
 * else its fixed offset — shows `time` on `date`: `2025-03-31` `08:00` in `Europe/Berlin` is
 * `2025-03-31T08:00+02:00` also when `like` is a winter instant (`2025-03-29T22:30+01:00`). A wall
 * time the change to summer time skips (02:30 on 2025-03-30 in Berlin) is read as the instant an
 * hour later on the clock (03:30+02:00); one the change back shows twice (02:30 on 2025-10-26), as
 * the first time (02:30+02:00).
 *
 * @internal
 * @param date - the local date
 * @param time - the local wall time, `HH:MM`
 * @param like - an instant of the same clock (its zone or offset)
 */
export function instantAt(date: IsoDate, time: string, like: LocalInstant): LocalInstant {
  const wallMinutes = toDayNumber(date) * 1440 + minutesOf(time);
  if (like.zone === undefined) {
    return { date, time, offset: like.offset, minutes: wallMinutes - offsetOf(like) };
  }
  const wall = wallClockIn(like.zone);
  const offsetAt = (minutes: number): number => wall(minutes * 60_000).offsetMinutes;
  // The zone's offsets a day either side: a wall time is valid under an offset when the zone has that
  // offset at the instant it gives.
  const candidates = [...new Set([offsetAt(wallMinutes - 1440), offsetAt(wallMinutes + 1440)])].map((o) => wallMinutes - o);
  const valid = candidates.filter((u) => wallMinutes - offsetAt(u) === u);
  // Shown twice: the first; skipped: the later reading (the clock moved past it).
  const minutes = valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
  const at = wall(minutes * 60_000);
  return { date: at.date, time: at.time.slice(0, 5), offset: formatOffset(at.offsetMinutes), minutes, zone: like.zone };
}

/** Minutes of a wall time `HH:MM` since midnight. */
function minutesOf(time: string): number {
  return Number.parseInt(time.slice(0, 2), 10) * 60 + Number.parseInt(time.slice(3, 5), 10);
}

/** The offset of an instant in minutes (its wall time less its UTC minutes). */
function offsetOf(like: LocalInstant): number {
  return toDayNumber(like.date) * 1440 + minutesOf(like.time) - like.minutes;
}

/**
 * An instant as ISO 8601 with its offset, to the minute: `2025-03-31T08:00:00+02:00`.
 *
 * @internal
 */
export function formatInstant(at: LocalInstant): string {
  return `${at.date}T${at.time}:00${at.offset}`;
}
