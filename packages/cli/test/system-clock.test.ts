import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/system-clock.js';

describe('systemClock (Node side: zonedClock over Date.now)', () => {
  it('today() is the date in the zone at the real current instant', () => {
    const before = Date.now();
    const today = systemClock('Europe/Berlin').today();
    const after = Date.now();
    const berlin = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(ms));
    expect([berlin(before), berlin(after)]).toContain(today);
  });

  it('now() carries the zone offset, +01:00 or +02:00 for Berlin', () => {
    expect(systemClock().now()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
  });
});
