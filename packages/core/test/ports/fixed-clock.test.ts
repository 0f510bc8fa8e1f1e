import { describe, expect, it } from 'vitest';
import { fixedClock, MahnwerkError, zonedClock } from '../../src/index.js';
import { sendableAt, sendInstant } from '../../src/engine/host-context.js';

// fixedClock declares a time zone when given one (`Clock.timeZone`), as zonedClock and
// @mahnwerk/testing's createVirtualClock(start, { timeZone }) do: quiet hours (§ 7 Abs. 1 UWG, the
// policy's 20:00–08:00) and the Sunday/holiday rest are then read on that zone's wall clock. Before,
// fixedClock took no zone: it was always 09:00 UTC, a clock of one fixed offset.
//
// Zone rules used below, by hand: Europe/Berlin is UTC+01:00 in winter and UTC+02:00 from the last
// Sunday of March (2025-03-30, 01:00 UTC) to the last Sunday of October; America/Los_Angeles is
// UTC−08:00 in winter (US summer time starts on the second Sunday of March, 2025-03-09).

describe('fixedClock(date, { timeZone })', () => {
  it('without a zone: 09:00 UTC, no zone declared (unchanged)', () => {
    const clock = fixedClock('2025-03-29');
    expect([clock.today(), clock.now(), clock.timeZone]).toEqual(['2025-03-29', '2025-03-29T09:00:00Z', undefined]);
    expect('timeZone' in clock).toBe(false);
  });

  it('with a zone: declares it, and now() is 09:00 on its wall clock with the offset of the day (summer time included)', () => {
    const winter = fixedClock('2025-03-29', { timeZone: 'Europe/Berlin' });
    expect([winter.today(), winter.now(), winter.timeZone]).toEqual(['2025-03-29', '2025-03-29T09:00:00+01:00', 'Europe/Berlin']);
    // 2025-03-31 is after the change to summer time: +02:00.
    expect(fixedClock('2025-03-31', { timeZone: 'Europe/Berlin' }).now()).toBe('2025-03-31T09:00:00+02:00');
    // The same text zonedClock writes at that instant: 09:00+02:00 = 07:00 UTC.
    expect(zonedClock('Europe/Berlin', () => Date.parse('2025-03-31T07:00:00Z')).now()).toBe('2025-03-31T09:00:00+02:00');
  });

  it('the engine reads the instant on the zone\'s wall clock: 09:00 in Los Angeles may send, 09:00 UTC there is 01:00 and quiet (§ 7 Abs. 1 UWG)', () => {
    const limits = { quietFrom: '20:00', quietTo: '08:00' };
    // With the zone: 2025-01-15 09:00−08:00 is 09:00 local, outside 20:00–08:00 → sendable now.
    const zoned = sendInstant(fixedClock('2025-01-15', { timeZone: 'America/Los_Angeles' }), {});
    expect([zoned.date, zoned.time, zoned.offset]).toEqual(['2025-01-15', '09:00', '-08:00']);
    expect(sendableAt('email', zoned, limits, undefined, undefined)).toBeNull();
    // Why now() moves with the zone: the UTC clock with the zone laid over it by hand would be at
    // 09:00 UTC = 01:00 in Los Angeles (09:00 − 8 h), in the quiet hours, held until 08:00 local.
    const byHand = sendInstant({ ...fixedClock('2025-01-15'), timeZone: 'America/Los_Angeles' }, {});
    expect([byHand.date, byHand.time]).toEqual(['2025-01-15', '01:00']);
    expect(sendableAt('email', byHand, limits, undefined, undefined)).toMatchObject({ date: '2025-01-15', time: '08:00', offset: '-08:00' });
  });

  it('refuses an unknown zone when the clock is made, with a ValidationError naming timeZone', () => {
    let error: unknown;
    try {
      fixedClock('2025-01-15', { timeZone: 'Europe/Atlantis' });
    } catch (e) {
      error = e;
    }
    expect(MahnwerkError.isInstance(error) && [error.code, error.field]).toEqual(['invalid_input', 'timeZone']);
  });
});
