import { createMahnwerk, MahnwerkError, type Channel, type ClaimFactsInput, type ClaimStore, type IsoDate, type OutgoingMessage } from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

/**
 * Exactly-once effects (DESIGN.md "Effects happen exactly once"; issue 9 point 4): a dispatcher
 * leases a message before sending, hands its id to the channel as idempotency key, and records the
 * outcome; an unknown outcome is retried with the same key and never failed over.
 */

interface Clock {
  date: IsoDate;
  time: string;
  today(): IsoDate;
  now(): string;
}

const clockAt = (date: IsoDate, time = '09:00'): Clock => {
  const c: Clock = { date, time, today: () => c.date, now: () => `${c.date}T${c.time}:00+01:00` };
  return c;
};

/** Counts every hand-over per message id (not deduplicated: the count is what the test proves). */
function countingChannel(name: string, behave: (message: OutgoingMessage, handedOver: number) => Promise<void> = () => Promise.resolve()): Channel & { readonly handedOver: Map<string, number> } {
  const handedOver = new Map<string, number>();
  return {
    specificationVersion: 'v1',
    name,
    handedOver,
    canReach: () => true,
    async send(message) {
      const n = (handedOver.get(message.id) ?? 0) + 1;
      handedOver.set(message.id, n);
      await behave(message, n);
      return { providerMessageId: `${name}:${message.id}` };
    },
  };
}

const claim = (i: number): ClaimFactsInput => ({
  id: `C-${String(i).padStart(3, '0')}`,
  debtor: { id: `D-${i}`, kind: 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org`, address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '100.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
});

function dispatchChecks(name: string, makeStore: () => Promise<ClaimStore>): void {
  it(`${name}: five concurrent dispatchers hand each of 20 messages to the channel exactly once`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    // A slow channel, so the five dispatchers really overlap.
    const email = countingChannel('email', () => new Promise((resolve) => setTimeout(resolve, 5)));
    const workers = [1, 2, 3, 4, 5].map((w) => createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email], workerId: `worker-${w}` }));
    const [first] = workers as [ReturnType<typeof createMahnwerk>];
    for (let i = 0; i < 20; i++) await first.createClaim(claim(i));
    // Decided at 21:00, in the quiet hours: the 20 reminders wait in the outbox until 08:00.
    clock.date = '2025-01-23';
    clock.time = '21:00';
    const decided = await first.runDue();
    expect(decided.events.filter((e) => e.type === 'message-queued')).toHaveLength(20);
    expect(decided.sent).toBe(0);
    // The next morning five dispatchers start at once.
    clock.date = '2025-01-24';
    clock.time = '08:00';
    const results = await Promise.all(workers.map((w) => w.dispatch()));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(20);
    expect(email.handedOver.size).toBe(20);
    expect([...email.handedOver.values()].every((n) => n === 1)).toBe(true);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
  }, 120_000);

  it(`${name}: a crash between send and record is recovered by sending again with the same message id`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    let crash = true;
    // The channel delivers, then the process "dies" before the outcome is recorded.
    const email = countingChannel('email', () => {
      if (crash) return Promise.reject(new Error('process killed after delivery'));
      return Promise.resolve();
    });
    const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email], workerId: 'w' });
    await mw.createClaim(claim(1));
    clock.date = '2025-01-23';
    const crashed = await mw.runDue();
    expect(crashed.sent).toBe(0);
    crash = false;
    const again = await mw.dispatch();
    expect(again.sent).toBe(1);
    const [[id, count]] = [...email.handedOver.entries()] as [[string, number]];
    // Twice handed over under one id: the channel's idempotency key makes it one delivery.
    expect(id).toBe('C-001:msg:reminder:1');
    expect(count).toBe(2);
  }, 60_000);

  it(`${name}: a send that times out is unknown — retried on the same channel with the same id, never failed over`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    const letter = countingChannel('letter');
    // Never answers on its first two tries.
    const email = countingChannel('email', (_m, n) => (n <= 2 ? new Promise(() => undefined) : Promise.resolve()));
    const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email, letter], sendTimeoutMs: 50, maxAttempts: 3 });
    await mw.createClaim(claim(1));
    // The dunning notice goes by letter with e-mail as fallback in the built-in policy; the reminder by e-mail.
    clock.date = '2025-01-23';
    const first = await mw.runDue();
    expect(first).toMatchObject({ sent: 0, failed: 0 });
    const second = await mw.dispatch();
    expect(second).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    const third = await mw.dispatch();
    expect(third).toMatchObject({ sent: 1, failed: 0 });
    expect([...email.handedOver.entries()]).toEqual([['C-001:msg:reminder:1', 3]]);
    expect(letter.handedOver.size).toBe(0);
  }, 60_000);

  it(`${name}: a channel that throws in canReach fails its message, and the run goes on with the others`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    const delivered = countingChannel('email');
    const email: Channel = {
      ...delivered,
      canReach: (to) => {
        if (to.name === 'Debtor 1') throw new TypeError("Cannot read properties of undefined (reading 'toLowerCase')");
        return true;
      },
      send: (m, o) => delivered.send(m, o),
    };
    const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email] });
    for (const i of [1, 2, 3]) await mw.createClaim(claim(i));
    clock.date = '2025-01-23';
    const run = await mw.runDue();
    expect(run.errors).toEqual([]);
    expect(run.sent).toBe(2);
    expect([...delivered.handedOver.keys()].sort()).toEqual(['C-002:msg:reminder:1', 'C-003:msg:reminder:1']);
    const failed = run.events.find((e) => e.type === 'message-failed');
    expect(failed).toMatchObject({ claimId: 'C-001', retryable: false });
  }, 60_000);

  it(`${name}: dispatch(date) before the last day run is refused before anything is leased (core's checkRunDay, runDue's one rule); the last day run sends, and no dispatch records a day`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    const email = countingChannel('email');
    const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email], workerId: 'w' });
    await mw.createClaim(claim(1));
    // Reminder due 2025-01-16 + 7 = 2025-01-23, decided at 21:00 (quiet hours: it waits until 08:00 of the 24th);
    // the 24th is run at 07:00, still in the quiet hours: the reminder stays pending, the last day run is the 24th.
    clock.date = '2025-01-23';
    clock.time = '21:00';
    expect((await mw.runDue()).sent).toBe(0);
    clock.date = '2025-01-24';
    clock.time = '07:00';
    expect((await mw.runDue()).sent).toBe(0);
    expect(await store.lastRunDay?.()).toBe('2025-01-24');
    clock.time = '09:00';
    const pending = await store.pendingOutbox();
    expect(pending.map((m) => `${m.id} ${m.date}`)).toEqual(['C-001:msg:reminder:1 2025-01-23']);
    // Dated the 23rd, the send would stand in the trail before the run of the 24th: refused, nothing leased or sent.
    await expect(mw.dispatch('2025-01-23')).rejects.toMatchObject({ code: 'run_day_before_last_run', field: 'date', date: '2025-01-23', lastRunDay: '2025-01-24' });
    expect(email.handedOver.size).toBe(0);
    expect(await store.pendingOutbox()).toEqual(pending);
    const sent = await mw.dispatch('2025-01-24');
    expect(sent.sent).toBe(1);
    expect(sent.events.filter((e) => e.type === 'message-sent').map((e) => e.date)).toEqual(['2025-01-24']);
    // A later day up to today is fine too, and a dispatch records no run day (only runs do).
    clock.date = '2025-01-25';
    expect((await mw.dispatch('2025-01-25')).sent).toBe(0);
    expect(await store.lastRunDay?.()).toBe('2025-01-24');
  }, 60_000);

  it(`${name}: a non-retryable channel error is definite — the message fails over to the fallback channel`, async () => {
    const store = await makeStore();
    const clock = clockAt('2025-01-02');
    const email = countingChannel('email', () => Promise.reject(new MahnwerkError('adapter_failed', 'mailbox does not exist', { retryable: false })));
    const letter = countingChannel('letter');
    const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: [email, letter] });
    await mw.createClaim(claim(1));
    clock.date = '2025-01-23';
    const run = await mw.runDue();
    // The built-in reminder goes by e-mail with the letter as fallback (policy/builtin/stages.ts).
    expect(run.events.filter((e) => e.type === 'message-failed').map((e) => ('channel' in e ? e.channel : ''))).toEqual(['email']);
    expect([...letter.handedOver.entries()]).toEqual([['C-001:msg:reminder:1', 1]]);
    expect(run.sent).toBe(1);
  }, 60_000);
}

describe('exactly-once delivery on the in-memory store', () => {
  dispatchChecks('memory', () => Promise.resolve(createMemoryClaimStore()));
});

describe('exactly-once delivery on a store without the optional batched methods', () => {
  // The dispatch's other path: claim by claim with append, attempt by attempt with completeOutbox.
  dispatchChecks('memory, unbatched', () => {
    const { appendMany: _a, loadMany: _l, contactsSinceMany: _c, completeOutboxMany: _o, ...plain } = createMemoryClaimStore();
    return Promise.resolve(plain);
  });
});

const withDb = (db: TestDatabase) => () => db.freshStore();

describe('exactly-once delivery on PGlite', () => {
  dispatchChecks('PGlite', withDb(usePglite()));
});

describePostgres('exactly-once delivery on PostgreSQL', () => {
  dispatchChecks('PostgreSQL', withDb(usePostgres()));
});
