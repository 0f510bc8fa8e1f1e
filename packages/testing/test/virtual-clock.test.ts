import { fixedClock, zonedClock, type Clock } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/index.js';

describe('createVirtualClock', () => {
  it('is a Clock that stands still until moved; now() is today at 09:00 UTC like fixedClock', () => {
    const clock: Clock = createVirtualClock('2025-01-31');
    expect(clock.today()).toBe('2025-01-31');
    expect(clock.today()).toBe('2025-01-31');
    expect(clock.now()).toBe(fixedClock('2025-01-31').now());
  });

  it('advance(days) moves forward over month, leap-day and year ends and returns the new today', () => {
    const clock = createVirtualClock('2024-02-28');
    expect(clock.advance(1)).toBe('2024-02-29');
    expect(clock.advance(1)).toBe('2024-03-01');
    expect(clock.advance(0)).toBe('2024-03-01');
    expect(clock.advance(306)).toBe('2025-01-01');
    expect(clock.now()).toBe('2025-01-01T09:00:00Z');
  });

  it('set(date) jumps forward or back; setTime and the time option change now()', () => {
    const clock = createVirtualClock('2025-06-01', { time: '21:30:00+02:00' });
    expect(clock.now()).toBe('2025-06-01T21:30:00+02:00');
    clock.set('2025-03-14');
    clock.setTime('07:59:59Z');
    expect([clock.today(), clock.now()]).toEqual(['2025-03-14', '2025-03-14T07:59:59Z']);
  });

  it('refuses impossible input with an error naming the field', () => {
    expect(() => createVirtualClock('2025-02-29')).toThrow(expect.objectContaining({ code: 'invalid_date', field: 'start' }) as Error);
    const clock = createVirtualClock('2025-01-01');
    expect(() => clock.advance(-1)).toThrow(/days: .*use set\(date\)/);
    expect(() => clock.advance(1.5)).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'days' }) as Error);
    expect(() => clock.set('2025-13-01')).toThrow(expect.objectContaining({ field: 'date' }) as Error);
    expect(() => clock.setTime('9:00')).toThrow(expect.objectContaining({ field: 'time' }) as Error);
    expect(() => createVirtualClock('2025-01-01', { time: '24:00:00Z' })).toThrow(expect.objectContaining({ field: 'time' }) as Error);
    expect(clock.today()).toBe('2025-01-01');
  });

  // Clock.timeZone (core ports/clock.ts): quiet hours and rest days are read in the clock's zone. By hand,
  // Europe/Berlin is UTC+1 in winter and UTC+2 from the last Sunday of March, 01:00 UTC — 2025-03-30
  // (2025-03-31 is a Monday): that morning the wall clock jumps from 02:00 to 03:00.
  it('with timeZone Europe/Berlin: declares the zone, now() is 09:00 Berlin time with +01:00 on Sat 2025-03-29 and +02:00 from Sun 2025-03-30 (summer time)', () => {
    const clock = createVirtualClock('2025-03-29', { timeZone: 'Europe/Berlin' });
    expect(clock.timeZone).toBe('Europe/Berlin');
    expect([clock.today(), clock.now()]).toEqual(['2025-03-29', '2025-03-29T09:00:00+01:00']);
    expect(clock.advance(1)).toBe('2025-03-30');
    expect(clock.now()).toBe('2025-03-30T09:00:00+02:00');
    // 09:00+02:00 is 07:00 UTC; core's zonedClock over that instant writes the same (one conversion).
    expect(zonedClock('Europe/Berlin', () => Date.parse('2025-03-30T07:00:00Z')).now()).toBe(clock.now());
    for (const day of ['2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31'] as const) {
      clock.set(day);
      const same = zonedClock('Europe/Berlin', () => Date.parse(clock.now()));
      expect([same.today(), same.now()]).toEqual([clock.today(), clock.now()]);
    }
    // The night of the change: 02:30 does not exist that day (03:30 summer time); 23:30 is still Sunday in Berlin.
    clock.set('2025-03-30');
    clock.setTime('02:30:00');
    expect(clock.now()).toBe('2025-03-30T03:30:00+02:00');
    clock.setTime('23:30:00');
    expect(clock.now()).toBe('2025-03-30T23:30:00+02:00');
    clock.set('2025-03-29');
    expect(clock.now()).toBe('2025-03-29T23:30:00+01:00');
  });

  it('with timeZone: the time is a wall time without offset, and an unknown zone is refused at once', () => {
    expect(createVirtualClock('2025-07-01', { timeZone: 'Europe/Berlin', time: '21:30:00' }).now()).toBe('2025-07-01T21:30:00+02:00');
    expect(() => createVirtualClock('2025-07-01', { timeZone: 'Europe/Berlin', time: '21:30:00+02:00' })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'time' }) as Error);
    expect(() => createVirtualClock('2025-07-01', { timeZone: 'Europe/Bärlin' })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'timeZone' }) as Error);
    const clock = createVirtualClock('2025-07-01', { timeZone: 'Europe/Berlin' });
    expect(() => clock.setTime('09:00:00Z')).toThrow(expect.objectContaining({ field: 'time' }) as Error);
    // Without timeZone the clock declares none, as before.
    expect('timeZone' in createVirtualClock('2025-07-01')).toBe(false);
  });
});
