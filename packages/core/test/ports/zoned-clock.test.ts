import { describe, expect, it } from 'vitest';
import { MahnwerkError, zonedClock, zonedInstant } from '../../src/index.js';

// zonedClock: the business day in the creditor's time zone over an injected instant. Expected
// values worked out by hand from the zone rules: Europe/Berlin is UTC+1 in winter and UTC+2 from
// the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC; Asia/Kolkata UTC+5:30.

const at = (iso: string) => () => Date.parse(iso);

describe('zonedClock (core, pure: the instant comes from the caller)', () => {
  it('New Year in Berlin starts an hour before it does in UTC', () => {
    const clock = zonedClock('Europe/Berlin', at('2024-12-31T23:30:00Z'));
    expect(clock.today()).toBe('2025-01-01');
    expect(clock.now()).toBe('2025-01-01T00:30:00+01:00');
  });

  it('switches to summer time on 2025-03-30 at 01:00 UTC (02:00 → 03:00 local)', () => {
    expect(zonedClock('Europe/Berlin', at('2025-03-30T00:59:59Z')).now()).toBe('2025-03-30T01:59:59+01:00');
    expect(zonedClock('Europe/Berlin', at('2025-03-30T01:00:00Z')).now()).toBe('2025-03-30T03:00:00+02:00');
  });

  it('back to winter time on 2025-10-26 at 01:00 UTC', () => {
    expect(zonedClock('Europe/Berlin', at('2025-10-26T00:59:59Z')).now()).toBe('2025-10-26T02:59:59+02:00');
    expect(zonedClock('Europe/Berlin', at('2025-10-26T01:00:00Z')).now()).toBe('2025-10-26T02:00:00+01:00');
  });

  it('handles offsets west of UTC and half-hour offsets', () => {
    expect(zonedClock('America/New_York', at('2025-01-01T03:00:00Z')).now()).toBe('2024-12-31T22:00:00-05:00');
    expect(zonedClock('Asia/Kolkata', at('2025-01-01T20:00:00Z')).now()).toBe('2025-01-02T01:30:00+05:30');
    expect(zonedClock('UTC', at('2025-06-01T12:00:00.999Z')).now()).toBe('2025-06-01T12:00:00+00:00');
  });

  it('reads the source on every call (a clock, not a snapshot)', () => {
    let instant = Date.parse('2025-01-01T10:00:00Z');
    const clock = zonedClock('Europe/Berlin', () => instant);
    expect(clock.today()).toBe('2025-01-01');
    instant += 86_400_000;
    expect(clock.today()).toBe('2025-01-02');
  });

  it('refuses an unknown time zone up front with a ValidationError naming timeZone', () => {
    let error: unknown;
    try {
      zonedClock('Europe/Atlantis', at('2025-01-01T00:00:00Z'));
    } catch (e) {
      error = e;
    }
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect((error as MahnwerkError).code).toBe('invalid_input');
    expect((error as MahnwerkError).field).toBe('timeZone');
  });
});

// zonedInstant: the inverse reading, a wall time of a zone on a day → the instant with the zone's offset
// then. By hand, Europe/Berlin (rules above): 2025-03-30 is the last Sunday of March (03-31 is a Monday),
// so the wall clock jumps from 02:00 to 03:00 that morning; 2025-10-26 is the last Sunday of October
// (10-31 is a Friday), the clock goes back from 03:00 to 02:00, so 02:00–02:59 are shown twice.
describe('zonedInstant (core, pure: the wall time of a zone on a day)', () => {
  it('09:00 in Berlin: +01:00 on Sat 2025-03-29, +02:00 on Sun 2025-03-30 and after (the same instant zonedClock writes)', () => {
    expect(zonedInstant('2025-03-29', '09:00:00', 'Europe/Berlin')).toBe('2025-03-29T09:00:00+01:00');
    expect(zonedInstant('2025-03-30', '09:00', 'Europe/Berlin')).toBe('2025-03-30T09:00:00+02:00');
    // 09:00+02:00 = 07:00 UTC; zonedClock over that instant writes the same text.
    expect(zonedClock('Europe/Berlin', at('2025-03-30T07:00:00Z')).now()).toBe(zonedInstant('2025-03-30', '09:00:00', 'Europe/Berlin'));
  });

  it('a wall time the change to summer time skips is the instant an hour later on the clock; one shown twice, the first', () => {
    expect(zonedInstant('2025-03-30', '02:30:15', 'Europe/Berlin')).toBe('2025-03-30T03:30:15+02:00');
    expect(zonedInstant('2025-10-26', '02:30:00', 'Europe/Berlin')).toBe('2025-10-26T02:30:00+02:00');
    expect(zonedInstant('2025-10-26', '03:30:00', 'Europe/Berlin')).toBe('2025-10-26T03:30:00+01:00');
  });

  it('refuses a bad time, day or zone with an error naming the field', () => {
    for (const [date, time, zone, field] of [
      ['2025-03-30', '9:00', 'Europe/Berlin', 'time'],
      ['2025-03-30', '09:00:00+01:00', 'Europe/Berlin', 'time'],
      ['2025-02-30', '09:00', 'Europe/Berlin', 'date'],
      ['2025-03-30', '09:00', 'Europe/Bärlin', 'timeZone'],
    ] as const) {
      let error: unknown;
      try {
        zonedInstant(date, time, zone);
      } catch (e) {
        error = e;
      }
      expect(MahnwerkError.isInstance(error) && error.field).toBe(field);
    }
  });
});
