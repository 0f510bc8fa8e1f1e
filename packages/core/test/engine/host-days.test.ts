// The days the host API takes: one rule, "a day may not be after the clock's today" (the rule every
// command's `date` goes through, `notAfterToday`), serves `runDue(date)` and `dispatch(date)` too.
import { describe, expect, it } from 'vitest';
import { createMahnwerk, fixedClock, simulate, zonedClock, type Clock } from '../../src/index.js';
import { accepting, runDayClaim } from './host-fixture.js';
import { memoryStore } from './memory-store.js';
import { rejected } from '../errors/caught.js';

// Invoice Thu 2025-01-02, due Thu 2025-01-16 (not a calendar date agreed: no default by § 286 Abs. 2 Nr. 1 BGB).
const claim = runDayClaim;

function host(clock: Clock) {
  const store = memoryStore();
  return { store, mw: createMahnwerk({ store, clock, channels: [accepting('letter')], policy: 'auto' }) };
}

describe('runDue and dispatch: a day after the clock\'s today is refused, as recordPayment refuses it', () => {
  it('fixedClock(2025-01-23): runDue(2025-03-01) and dispatch(2025-03-01) are ValidationErrors on field date, and nothing is written', async () => {
    const { store, mw } = host(fixedClock('2025-01-23'));
    await mw.createClaim(claim);
    const writes = store.writes();
    // recordPayment's refusal, the rule both now share:
    const pay = await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '10.00', date: '2025-03-01' }));
    expect([pay.code, pay.field]).toEqual(['invalid_input', 'date']);
    for (const call of [() => mw.runDue('2025-03-01'), () => mw.dispatch('2025-03-01'), () => mw.runDue('2025-01-24')]) {
      const error = await rejected(call());
      expect([error.code, error.field]).toEqual(['invalid_input', 'date']);
      expect(error.message).toMatch(/^date: 2025-0[13]-(01|24) is after today \(2025-01-23\); record what has happened, not what will\.$/);
    }
    expect(store.writes()).toBe(writes);
    expect(store.outbox()).toEqual([]);
    // Today itself, and an earlier day, run as before: on 2025-01-23 the reminder of the automatic
    // policy is due (due date 2025-01-16 + 7 days = 2025-01-23).
    const run = await mw.runDue('2025-01-23');
    expect(run.decided).toBe(1);
    expect(run.events.every((e) => e.date <= '2025-01-23')).toBe(true);
  });

  it("the clock's today in its time zone: at 2025-01-23T23:30Z it is already Friday 2025-01-24 in Europe/Berlin, so runDue(2025-01-24) runs and runDue(2025-01-25) is refused", async () => {
    // 23:30 UTC + 1 h (CET) = 00:30 on 2025-01-24 in Berlin.
    const { mw } = host(zonedClock('Europe/Berlin', () => Date.UTC(2025, 0, 23, 23, 30)));
    await mw.createClaim(claim);
    expect((await mw.runDue('2025-01-24')).date).toBe('2025-01-24');
    const error = await rejected(mw.runDue('2025-01-25'));
    expect([error.field, error.message]).toEqual(['date', 'date: 2025-01-25 is after today (2025-01-24); record what has happened, not what will.']);
  });
});

describe('the one date schema: a date of the right form whose day does not exist says so', () => {
  it('createClaim dueDate 2025-02-30: "February 2025 has 28 days" (2025 is not divisible by 4: no leap year), not "expected YYYY-MM-DD"', async () => {
    const { store, mw } = host(fixedClock('2025-03-05'));
    const error = await rejected(mw.createClaim({ ...claim, dueDate: '2025-02-30' }));
    expect([error.code, error.field]).toEqual(['invalid_input', 'facts.dueDate']);
    expect(error.message).toBe('facts.dueDate: 2025-02-30 is not a day of the calendar (February 2025 has 28 days).');
    expect(store.writes()).toBe(0);
  });

  it('a leap year and the other ways a day is missing: 2024-02-30 (2024 = 4 × 506: February has 29 days), 2025-04-31 (April has 30), 2025-13-01, 2025-01-00; a wrong form keeps its own words', async () => {
    const { mw } = host(fixedClock('2025-03-05'));
    await mw.createClaim(claim);
    const said = async (date: string): Promise<string> => (await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '10.00', date }))).message;
    expect(await said('2024-02-30')).toBe('date: 2024-02-30 is not a day of the calendar (February 2024 has 29 days).');
    expect(await said('2025-04-31')).toBe('date: 2025-04-31 is not a day of the calendar (April 2025 has 30 days).');
    expect(await said('2025-13-01')).toBe('date: 2025-13-01 is not a day of the calendar (a year has the months 01 to 12).');
    expect(await said('2025-01-00')).toBe('date: 2025-01-00 is not a day of the calendar (the days of a month count from 01).');
    expect(await said('1.3.2025')).toBe('date: "1.3.2025" is not a date written YYYY-MM-DD (e.g. 2025-03-31).');
    // parseIsoDate (runDue's day, the CLI's --date) says the same.
    const run = await rejected(mw.runDue('2025-02-29'));
    expect([run.field, run.message]).toEqual(['date', 'date: 2025-02-29 is not a day of the calendar (February 2025 has 28 days).']);
  });

  it('simulate reads a payment dated 2025-04-31 with the same schema and the same words', () => {
    let message = '';
    try {
      simulate({ claims: [claim as never], policy: 'auto', from: '2025-01-02', to: '2025-05-31', payments: [{ claimId: 'INV-1', date: '2025-04-31', amount: '10.00' }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('payments[0].date: 2025-04-31 is not a day of the calendar (April 2025 has 30 days).');
  });
});
