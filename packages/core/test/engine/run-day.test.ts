// The daily run's day: one rule (`checkRunDay`, beside `notAfterToday` in commands.ts) says which day
// `runDue` may run — not after the clock's today, and not before the last day the store records as run
// (`ClaimStore.lastRunDay`, recorded by `recordRunDay` once a run's decisions are stored). Before it, a
// host that ran 2025-01-24 and then 2025-01-23 got an empty run and took it for "nothing was due".
//
// The claim (host-fixture's runDayClaim on sendingHost, the automatic policy): invoice Thu 2025-01-02, due
// Thu 2025-01-16, no calendar date agreed (§ 286 Abs. 2 Nr. 1 BGB does not apply). The policy's reminder is
// due 7 days after the due date: 2025-01-16 + 7 = Thu 2025-01-23, the claim's first review day. It is run
// late, on Fri 2025-01-24: the reminder is decided as of 2025-01-24 and sets a deadline of 14 days, so the
// next review is 2025-01-24 + 14 = Fri 2025-02-07. A run of 2025-01-23 afterwards lists the claims due by 2025-01-23:
// none (2025-02-07 > 2025-01-23), so it would decide nothing.
import { describe, expect, it } from 'vitest';
import { createMahnwerk, RunDayBeforeLastRunError, type ClaimStore } from '../../src/index.js';
import { accepting, runDayClaim, sendingHost } from './host-fixture.js';

const claim = runDayClaim;

/** The host with the claim, run on Fri 2025-01-24 (the reminder's day 2025-01-23 caught up). */
async function ranOn24th() {
  const h = sendingHost();
  await h.mw.createClaim(claim);
  h.clock.date = '2025-01-24';
  const run = await h.mw.runDue('2025-01-24');
  return { ...h, run };
}

describe('runDue: a day before the last day run is refused (one rule with "not after today", checkRunDay)', () => {
  it('after running Fri 2025-01-24, runDue(2025-01-23) is a RunDayBeforeLastRunError (code run_day_before_last_run, field date) naming both days and what to do; nothing is written', async () => {
    const h = await ranOn24th();
    expect(h.run.events.map((e) => `${e.date} ${e.type}`)).toEqual(['2025-01-24 stage-entered', '2025-01-24 message-queued', '2025-01-24 message-sent']);
    expect((await h.store.load('INV-1'))?.nextReviewAt).toBe('2025-02-07');
    expect(await h.store.lastRunDay()).toBe('2025-01-24');
    const writes = h.store.writes();
    const outbox = h.store.outbox();

    const refused = h.mw.runDue('2025-01-23');
    await expect(refused).rejects.toBeInstanceOf(RunDayBeforeLastRunError);
    await expect(refused).rejects.toMatchObject({
      code: 'run_day_before_last_run',
      field: 'date',
      date: '2025-01-23',
      lastRunDay: '2025-01-24',
      message:
        'date: 2025-01-23 is before 2025-01-24, the last day run: the claims due by then were decided as of 2025-01-24, so a run of 2025-01-23 would decide nothing. ' +
        'Run 2025-01-24 again (it decides only what is still due); record what happened on 2025-01-23 (a payment, a promise) with its own date.',
    });
    // Before anything is written: no append, no outbox message, the last day run unchanged.
    expect(h.store.writes()).toBe(writes);
    expect(h.store.outbox()).toEqual(outbox);
    expect(await h.store.lastRunDay()).toBe('2025-01-24');
  });

  it('two days later (clock Sun 2025-01-26) the message also offers a later day up to today; the same day again and a later day run', async () => {
    const h = await ranOn24th();
    h.clock.date = '2025-01-26';
    await expect(h.mw.runDue('2025-01-10')).rejects.toMatchObject({
      code: 'run_day_before_last_run',
      message: expect.stringContaining('Run 2025-01-24 again (it decides only what is still due) or a later day up to today (2025-01-26);'),
    });
    // The same day again is allowed (idempotent: nothing is due, nothing is written).
    const writes = h.store.writes();
    const again = await h.mw.runDue('2025-01-24');
    expect([again.date, again.decided, again.events, again.errors]).toEqual(['2025-01-24', 0, [], []]);
    expect(h.store.writes()).toBe(writes);
    // A later day runs and becomes the last day run; the 24th is then refused too.
    expect((await h.mw.runDue('2025-01-25')).date).toBe('2025-01-25');
    expect(await h.store.lastRunDay()).toBe('2025-01-25');
    await expect(h.mw.runDue('2025-01-24')).rejects.toMatchObject({ code: 'run_day_before_last_run', lastRunDay: '2025-01-25' });
  });

  it('the one rule checks "not after today" first: with 2025-01-24 run and the clock on the 24th, runDue(2025-01-25) is the after-today ValidationError, not this one', async () => {
    const h = await ranOn24th();
    await expect(h.mw.runDue('2025-01-25')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'date',
      message: 'date: 2025-01-25 is after today (2025-01-24); record what has happened, not what will.',
    });
    expect(await h.store.lastRunDay()).toBe('2025-01-24');
  });

  it('two runs of the same day at once both resolve; the reminder is decided and queued once', async () => {
    const h = sendingHost();
    await h.mw.createClaim(claim);
    h.clock.date = '2025-01-24';
    const [a, b] = await Promise.all([h.mw.runDue('2025-01-24'), h.mw.runDue('2025-01-24')]);
    expect([a.date, b.date]).toEqual(['2025-01-24', '2025-01-24']);
    expect(h.store.outbox().map((m) => m.template)).toEqual(['reminder']);
    expect(await h.store.lastRunDay()).toBe('2025-01-24');
  });

  it('a store without lastRunDay/recordRunDay (optional in the port) refuses no earlier day: the run of 2025-01-23 answers empty, as before', async () => {
    const h = sendingHost();
    const { lastRunDay: _last, recordRunDay: _record, ...rest } = h.store;
    const store: ClaimStore = rest;
    const mw = createMahnwerk({ store, clock: h.clock, policy: 'auto', channels: [accepting('email'), accepting('letter')] });
    await mw.createClaim(claim);
    h.clock.date = '2025-01-24';
    expect((await mw.runDue('2025-01-24')).decided).toBe(1);
    const earlier = await mw.runDue('2025-01-23');
    expect([earlier.decided, earlier.events]).toEqual([0, []]);
  });
});
