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
//
// `dispatch(date)` is under the same rule: a dispatch dated before the last day run would write
// `message-sent` and attempt events dated before decisions already taken (a backdated audit trail).
// Only a run records its day; a dispatch on the last day run or later is fine and records nothing.
// And a run whose sending fails still records its day: its decisions are written, so a run of an
// earlier day would decide again on stale dates (docs/engine.md, "No day before the last day run").
//
// The delivery host's claim (deliveryHost, deliveryClaim(1), deliveryPolicy): 500.00 EUR due Thu
// 2025-01-16; the reminder goes by letter 7 days after the due date, 2025-01-16 + 7 = Thu 2025-01-23.
// Its letter channel loses the first send (outcome unknown: the message stays pending, retried under
// the same key) and delivers every later one.
import { describe, expect, it } from 'vitest';
import { createMahnwerk, createPlainTextRenderer, MahnwerkError, RunDayBeforeLastRunError, type ClaimStore, type Mahnwerk } from '../../src/index.js';
import { rejected } from '../errors/caught.js';
import { accepting, deliveryClaim, deliveryHost, deliveryPolicy, lost, runDayClaim, sendingHost, type DeliveryHost } from './host-fixture.js';

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

/**
 * The delivery host whose letter channel loses the first `lostSends` sends (outcome unknown: the message stays
 * pending, retried under the same key), run on Thu 2025-01-23: the reminder is queued and its first attempt
 * is unknown.
 */
async function reminderLostOn23rd(lostSends = 1) {
  const h = deliveryHost({ policy: deliveryPolicy({ id: 'run-day', name: 'run day' }), claimId: 'INV-1', letter: (_stage, n) => (n <= lostSends ? lost() : null) });
  await h.mw.createClaim(deliveryClaim(1));
  h.clock.date = '2025-01-23';
  const run23rd = await h.mw.runDue('2025-01-23');
  return { ...h, run23rd };
}

/**
 * A second facade of the delivery host `h` over `store` (a view of h's store): the same clock, channels,
 * policy and letters (the same content as h's attempts, so the same idempotency key may be used again).
 */
function sameHostOver(h: DeliveryHost, store: ClaimStore): Mahnwerk {
  return createMahnwerk({ store, clock: h.clock, channels: [h.emailChannel.channel, h.letterChannel.channel], policy: h.policy, render: createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }) });
}

/**
 * {@link reminderLostOn23rd} with two sends lost, and Fri 2025-01-24 run too: nothing is decided (the
 * reminder's deadline runs), the run's dispatch tries the reminder again and loses it again. The last day
 * run is 2025-01-24; the reminder (decided 2025-01-23) is pending with its second attempt unknown.
 */
async function ran23rdAnd24th() {
  const h = await reminderLostOn23rd(2);
  h.clock.date = '2025-01-24';
  await h.mw.runDue('2025-01-24');
  expect((await h.events()).map((e) => `${e.date} ${e.type}`)).toEqual([
    '2025-01-02 claim-created',
    '2025-01-23 stage-entered',
    '2025-01-23 message-queued',
    '2025-01-23 message-attempt-unknown',
    '2025-01-24 message-attempt-unknown',
  ]);
  expect(await h.store.lastRunDay()).toBe('2025-01-24');
  expect(h.store.outbox().map((m) => `${m.id} ${m.date} ${m.status} ${m.attempts}`)).toEqual(['INV-1:msg:reminder:1 2025-01-23 pending 2']);
  return h;
}

describe('dispatch(date) is under the run day\'s one rule (checkRunDay): no delivery dated before the last day run', () => {
  it('after running 2025-01-24, dispatch(2025-01-23) on the 25th is a RunDayBeforeLastRunError (field date) before anything is leased or written; dispatch(2025-01-24) then sends', async () => {
    const h = await ran23rdAnd24th();
    h.clock.date = '2025-01-25';
    const writes = h.store.writes();
    const outbox = h.store.outbox();

    const error = await rejected(h.mw.dispatch('2025-01-23'));
    expect(error).toBeInstanceOf(RunDayBeforeLastRunError);
    expect(error).toMatchObject({
      code: 'run_day_before_last_run',
      field: 'date',
      date: '2025-01-23',
      lastRunDay: '2025-01-24',
      message:
        'date: 2025-01-23 is before 2025-01-24, the last day run: decisions dated 2025-01-24 are recorded, so messages sent by a dispatch dated 2025-01-23 would stand in the audit trail before them. ' +
        'Dispatch with 2025-01-24 or a later day up to today (2025-01-25): a dispatch is dated the day it sends, not the day its messages were decided.',
    });
    // Nothing leased (the memory store counts an attempt per lease), nothing handed to the channel, nothing written.
    expect(h.store.outbox()).toEqual(outbox);
    expect(h.letter).toHaveLength(2);
    expect(h.store.writes()).toBe(writes);
    expect(await h.store.lastRunDay()).toBe('2025-01-24');

    // The last day run itself is fine: the reminder goes out at once (it was not leased), dated 2025-01-24.
    const same = await h.mw.dispatch('2025-01-24');
    expect([same.sent, same.failed]).toEqual([1, 0]);
    expect(same.events.map((e) => `${e.date} ${e.type}`)).toEqual(['2025-01-24 message-sent']);
    expect(h.letter).toHaveLength(3);
  });

  it('a dispatch on a later day up to today is fine and records no run day: after dispatch(2025-01-26) on the 26th the last day run is still 2025-01-24, and runDue(2025-01-25) runs', async () => {
    const h = await ran23rdAnd24th();
    h.clock.date = '2025-01-26';
    const later = await h.mw.dispatch('2025-01-26');
    expect(later.events.map((e) => `${e.date} ${e.type}`)).toEqual(['2025-01-26 message-sent']);
    // Only runs record their day.
    expect(await h.store.lastRunDay()).toBe('2025-01-24');
    expect((await h.mw.runDue('2025-01-25')).date).toBe('2025-01-25');
    expect(await h.store.lastRunDay()).toBe('2025-01-25');
    // After today the same rule refuses as for runDue (not the run-day error).
    await expect(h.mw.dispatch('2025-01-27')).rejects.toMatchObject({ code: 'invalid_input', message: 'date: 2025-01-27 is after today (2025-01-26); record what has happened, not what will.' });
  });

  it('a store without lastRunDay/recordRunDay refuses no earlier dispatch — what such a host loses: the send is dated before an attempt of the day after', async () => {
    const h = await ran23rdAnd24th();
    const { lastRunDay: _last, recordRunDay: _record, ...rest } = h.store;
    const store: ClaimStore = rest;
    const mw = sameHostOver(h, store);
    h.clock.date = '2025-01-25';
    expect((await mw.dispatch('2025-01-23')).sent).toBe(1);
    expect((await h.events()).map((e) => `${e.date} ${e.type}`).slice(-2)).toEqual(['2025-01-24 message-attempt-unknown', '2025-01-23 message-sent']);
  });
});

describe('a run whose sending fails still records its day (its decisions are written; an earlier day would decide again on stale dates)', () => {
  it('the letter channel throws in the run of 2025-01-23: the run resolves, 2025-01-23 is the last day run, the reminder stays queued (pending) and the next dispatch sends it', async () => {
    const h = await reminderLostOn23rd();
    expect([h.run23rd.decided, h.run23rd.sent, h.run23rd.failed]).toEqual([1, 0, 0]);
    expect(await h.store.lastRunDay()).toBe('2025-01-23');
    expect(h.store.outbox().map((m) => `${m.template} ${m.status}`)).toEqual(['reminder pending']);
    await expect(h.mw.runDue('2025-01-22')).rejects.toMatchObject({ code: 'run_day_before_last_run', lastRunDay: '2025-01-23' });
    const next = await h.mw.dispatch('2025-01-23');
    expect(next.sent).toBe(1);
    expect(h.store.outbox().map((m) => `${m.template} ${m.status}`)).toEqual(['reminder sent']);
  });

  it('the dispatch in the run fails as a whole (the store cannot lease the outbox): runDue rejects, yet 2025-01-23 is recorded and the reminder stays pending, unleased', async () => {
    const h = deliveryHost({ policy: deliveryPolicy({ id: 'run-day', name: 'run day' }), claimId: 'INV-1' });
    await h.mw.createClaim(deliveryClaim(1));
    const broken: ClaimStore = { ...h.store, leaseOutbox: () => Promise.reject(new MahnwerkError('adapter_failed', 'outbox: connection lost', { retryable: true })) };
    const mw = sameHostOver(h, broken);
    h.clock.date = '2025-01-23';
    const error = await rejected(mw.runDue('2025-01-23'));
    expect([error.code, error.message]).toEqual(['adapter_failed', 'outbox: connection lost']);
    expect((await h.store.load('INV-1'))?.entries.map((e) => `${e.event.date} ${e.event.type}`)).toEqual(['2025-01-02 claim-created', '2025-01-23 stage-entered', '2025-01-23 message-queued']);
    expect(await h.store.lastRunDay()).toBe('2025-01-23');
    expect(h.store.outbox().map((m) => `${m.template} ${m.status} ${m.attempts}`)).toEqual(['reminder pending 0']);
    await expect(mw.runDue('2025-01-22')).rejects.toMatchObject({ code: 'run_day_before_last_run' });
    // The dispatcher (here the healthy store's host) sends it on the day run.
    expect((await h.mw.dispatch('2025-01-23')).sent).toBe(1);
  });
});
