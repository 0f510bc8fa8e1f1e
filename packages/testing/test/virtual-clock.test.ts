import { fixedClock, type Clock } from '@mahnwerk/core';
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
});
