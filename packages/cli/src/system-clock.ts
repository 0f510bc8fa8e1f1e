import { zonedClock, type Clock } from '@mahnwerk/core';

/**
 * The production clock: business days in the creditor's time zone, read from the system clock
 * (`Date.now`). It lives on the Node side, not in `@mahnwerk/core`, because core never reads the
 * system clock (its results must be reproducible); core's {@link zonedClock} does the time-zone
 * arithmetic over an injected instant, and this is that clock with the real one plugged in.
 *
 * @example
 * ```ts
 * import { createMahnwerk } from '@mahnwerk/core';
 * import { systemClock } from '@mahnwerk/cli/system-clock';
 * const mahnwerk = createMahnwerk({ clock: systemClock('Europe/Berlin'), ... });
 * ```
 *
 * @param timeZone - IANA time zone of the creditor (default `Europe/Berlin`)
 * @returns the clock
 * @throws ValidationError when the time zone is unknown
 */
export function systemClock(timeZone = 'Europe/Berlin'): Clock {
  return zonedClock(timeZone, Date.now);
}
