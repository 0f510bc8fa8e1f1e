import { createBaseRateTable, createMahnwerk, germanBaseRates, MahnwerkError, type ClaimEvent, type ClaimStore, type IsoDate } from '@mahnwerk/core';
import { createMemoryClaimStore, createRecordingChannel, createVirtualClock, makeBook } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { deadLetters, retryDelayMs, runDailyRun, runDispatcher, runWorkerDay, withRetryBackoff } from '../src/index.js';
import { databaseNow, leaseClaims } from '../src/claim-leases.js';
import { answeringFromHand, keepingInHand, type ClaimsInHand } from '../src/claims-in-hand.js';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

/**
 * The runner decides through the engine's one path (DESIGN.md "One path from a command to its
 * events"): a daily run in leased batches writes exactly what the embedded `runDue` writes.
 */

/** The same salt for the personal data kept apart in every store, so two loads of the book record the same claim-created events. */
const fixedSalt = (length: number): Uint8Array => new Uint8Array(length).fill(7);

/** An event without `recordedAt`: when a process recorded it differs between runs; the business content must not. */
function withoutRecordedAt(event: ClaimEvent): ClaimEvent {
  const { recordedAt: _recordedAt, ...rest } = event as ClaimEvent & { recordedAt?: string };
  return rest as ClaimEvent;
}

const book = makeBook({ seed: 9, size: 40 });
const runDate: IsoDate = '2025-04-15';

async function loadBook(store: ClaimStore): Promise<void> {
  const clock = createVirtualClock('2025-01-01');
  const m = createMahnwerk({ store, clock, policy: 'auto', randomBytes: fixedSalt });
  for (const facts of book.claims) {
    clock.set(facts.invoiceDate);
    await m.createClaim(facts);
  }
}

const deliveryEvents = new Set<string>(['message-sent', 'message-failed', 'message-skipped', 'message-bounced']);

/** Each claim's events without delivery events (the embedded runDue also dispatches; the run leaves that to the dispatcher). */
async function decisionsByClaim(store: ClaimStore): Promise<Map<string, readonly ClaimEvent[]>> {
  const out = new Map<string, readonly ClaimEvent[]>();
  for (const c of book.claims) out.set(c.id, ((await store.load(c.id))?.entries ?? []).map((e) => withoutRecordedAt(e.event)).filter((e) => !deliveryEvents.has(e.type)));
  return out;
}

function checks(name: string, db: TestDatabase): void {
  it(`${name}: a run in leased batches of 7 writes, claim by claim, the events the embedded runDue writes`, async () => {
    const reference = createMemoryClaimStore();
    await loadBook(reference);
    const clock = createVirtualClock(runDate);
    await createMahnwerk({ store: reference, clock, policy: 'auto' }).runDue(runDate);

    const store = await db.freshStore();
    await loadBook(store);
    const batches: number[] = [];
    const result = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 7, onBatch: (b) => batches.push(b.claims) });
    const due = (await reference.listDue('2025-01-01')).length; // nothing is due before any invoice …
    expect(due).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.stopped).toBe(false);
    // Every batch but the last is full: the run leases 7 at a time, and with them the other due
    // claims of their debtors (a debtor's claims are never split over batches: the contact limit).
    expect(batches.slice(0, -1).every((n) => n >= 7)).toBe(true);
    expect(result.claims).toBe(batches.reduce((a, b) => a + b, 0));
    expect(result.decided).toBeGreaterThan(10);
    expect(await decisionsByClaim(store)).toEqual(await decisionsByClaim(reference));
    // The run sent nothing (that is the dispatcher's): every queued message waits in the outbox.
    const queued = [...(await decisionsByClaim(store)).values()].flat().filter((e) => e.type === 'message-queued');
    expect(queued.length).toBeGreaterThan(0);
    expect((await store.pendingOutbox()).map((m) => m.id).sort()).toEqual(queued.map((e) => (e.type === 'message-queued' ? e.messageId : '')).sort());
  });

  it(`${name}: a second run on the same date finds nothing to do`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const clock = createVirtualClock(runDate);
    const first = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 10 });
    expect(first.claims).toBeGreaterThan(0);
    const again = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w2', date: runDate, batchSize: 10 });
    expect(again.claims).toBe(0);
    expect(again.events).toBe(0);
  });

  it(`${name}: a day before the last day run is refused before anything is leased (core's checkRunDay, runDue's one rule); the same day again runs`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const clock = createVirtualClock(runDate);
    const engine = { clock, policy: 'auto' as const };
    expect(await store.lastRunDay()).toBeNull();
    const first = await runDailyRun({ store, engine, workerId: 'w1', date: runDate, batchSize: 10 });
    expect(first.claims).toBeGreaterThan(0);
    // Recorded once the run was done: 2025-04-15.
    expect(await store.lastRunDay()).toBe('2025-04-15');
    const events = async () => (await store.driver.query<{ n: string }>(`select count(*)::text as n from "${store.schema}".claim_events`))[0]?.n;
    const before = await events();
    // 2025-04-14 < 2025-04-15: refused, with the words runDue uses.
    await expect(runDailyRun({ store, engine, workerId: 'w2', date: '2025-04-14', batchSize: 10 })).rejects.toMatchObject({
      code: 'run_day_before_last_run',
      field: 'date',
      date: '2025-04-14',
      lastRunDay: '2025-04-15',
      message: expect.stringMatching(/^date: 2025-04-14 is before 2025-04-15, the last day run: /),
    });
    expect(await events()).toBe(before);
    // 2025-04-16 is after the clock's today (2025-04-15): refused by the same rule, not in each lane.
    await expect(runDailyRun({ store, engine, workerId: 'w2', date: '2025-04-16' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'date: 2025-04-16 is after today (2025-04-15); record what has happened, not what will.',
    });
    const again = await runDailyRun({ store, engine, workerId: 'w2', date: runDate, batchSize: 10 });
    expect([again.claims, again.events]).toEqual([0, 0]);
    expect(await store.lastRunDay()).toBe('2025-04-15');
  });

  it(`${name}: the dispatcher is under the run day's rule (core's checkRunDay, through the facade's dispatch): a date before the last day run is refused before any lane leases; the last day run and a later day send and record no day`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    // The clock on Wed 2025-04-16; the day run is Tue 2025-04-15 (its messages queued, nothing sent).
    const clock = createVirtualClock('2025-04-16', { time: '10:00:00Z' });
    await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 10 });
    expect(await store.lastRunDay()).toBe('2025-04-15');
    const pending = await store.pendingOutbox({ limit: 1000 });
    expect(pending.length).toBeGreaterThan(5);
    const events = async () => (await store.driver.query<{ n: string }>(`select count(*)::text as n from "${store.schema}".claim_events`))[0]?.n;
    const before = await events();
    const channels = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
    const engine = { clock, policy: 'auto' as const, channels };
    // 2025-04-14 < 2025-04-15: refused once, with three lanes, before any lane leased a message.
    await expect(runDispatcher({ store, engine, workerId: 'd1', date: '2025-04-14', concurrency: 3 })).rejects.toMatchObject({
      code: 'run_day_before_last_run',
      field: 'date',
      date: '2025-04-14',
      lastRunDay: '2025-04-15',
      message: expect.stringMatching(/^date: 2025-04-14 is before 2025-04-15, the last day run: decisions dated 2025-04-15 are recorded, so messages sent by a dispatch dated 2025-04-14 /),
    });
    expect(channels.flatMap((c) => c.sent)).toEqual([]);
    // Not leased: the same messages, none with an attempt counted; no event written.
    expect(await store.pendingOutbox({ limit: 1000 })).toEqual(pending);
    expect(await events()).toBe(before);
    // The last day run sends, dated that day; the dispatcher records no run day.
    const same = await runDispatcher({ store, engine, workerId: 'd1', date: runDate, concurrency: 3 });
    expect(same.sent).toBeGreaterThan(5);
    expect(await store.lastRunDay()).toBe('2025-04-15');
    // A later day up to today is fine too (nothing left to send) and records nothing either.
    const later = await runDispatcher({ store, engine, workerId: 'd1', date: '2025-04-16' });
    expect([later.sent, later.failed]).toEqual([0, 0]);
    expect(await store.lastRunDay()).toBe('2025-04-15');
  });

  it(`${name}: a later day run while the dispatcher works refuses its next round; the other lane ends after its round, and only then is the refusal thrown (nothing goes on after)`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const clock = createVirtualClock('2025-04-16', { time: '10:00:00Z' });
    await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 10 });
    const pending = (await store.pendingOutbox({ limit: 1000 })).length;
    expect(pending).toBeGreaterThan(20);
    // The first round of each lane reads 2025-04-15 as the last day run; the third read finds a run of
    // the 16th recorded meanwhile (by another process).
    let reads = 0;
    let thirdRead: () => void = () => undefined;
    const refusedRound = new Promise<void>((resolve) => (thirdRead = resolve));
    // The second lane's messages (those of the second lease) wait at a gate in the channel until the spec opens it.
    let leases = 0;
    const secondLane = new Set<string>();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const meanwhile: typeof store = {
      ...store,
      lastRunDay: () => {
        reads += 1;
        if (reads === 3) thirdRead();
        return Promise.resolve<IsoDate>(reads <= 2 ? '2025-04-15' : '2025-04-16');
      },
      leaseOutbox: async (options) => {
        const call = ++leases;
        const leased = await store.leaseOutbox(options);
        if (call === 2) for (const l of leased) secondLane.add(l.message.id);
        return leased;
      },
    };
    const recording = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
    const channels = recording.map((c) => ({ ...c, send: async (m: Parameters<typeof c.send>[0], o: Parameters<typeof c.send>[1]) => (secondLane.has(m.id) ? gate.then(() => c.send(m, o)) : c.send(m, o)) }));
    const handedOver = () => recording.reduce((n, c) => n + c.sent.length, 0);
    // batchSize 10: each round leases 10 messages (the facade leases batchSize / 10 × 10).
    const refused = runDispatcher({ store: meanwhile, engine: { clock, policy: 'auto', channels }, workerId: 'd1', date: runDate, batchSize: 10, concurrency: 2 });
    let settled = false;
    refused.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The first lane's second round is refused; the second lane is still in its first round, at the gate.
    await refusedRound;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    expect(handedOver()).toBe(10);
    open();
    await expect(refused).rejects.toMatchObject({ code: 'run_day_before_last_run', date: '2025-04-15', lastRunDay: '2025-04-16' });
    // Both lanes' first rounds went out (10 + 10); no lane started another round, nothing goes on after.
    expect(handedOver()).toBe(20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handedOver()).toBe(20);
    expect(reads).toBe(3);
    expect((await store.pendingOutbox({ limit: 1000 })).length).toBe(pending - 20);
  });

  it(`${name}: a run whose sending fails still records its day (its decisions are written): the channels throw, or the batch's dispatch fails as a whole; the messages stay queued for the dispatcher`, async () => {
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    // Every channel throws a retryable failure (a provider that is down).
    const down = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n, { failWith: { retryable: true } }));
    const throwing = await db.freshStore();
    await loadBook(throwing);
    const run = await runDailyRun({ store: throwing, engine: { clock, policy: 'auto', channels: down }, workerId: 'w1', date: runDate, batchSize: 10, dispatch: true });
    expect([run.queued > 5, run.sent]).toEqual([true, 0]);
    expect(await throwing.lastRunDay()).toBe('2025-04-15');
    expect((await throwing.pendingOutbox({ limit: 1000 })).length).toBe(run.queued);
    await expect(runDailyRun({ store: throwing, engine: { clock, policy: 'auto' }, workerId: 'w1', date: '2025-04-14' })).rejects.toMatchObject({ code: 'run_day_before_last_run' });
    // The batches' dispatch fails as a whole (the outbox cannot be leased).
    const store = await db.freshStore();
    await loadBook(store);
    const broken = { ...store, leaseOutbox: () => Promise.reject(new MahnwerkError('adapter_failed', 'outbox: connection lost', { retryable: true })) };
    const failing = await runDailyRun({ store: broken, engine: { clock, policy: 'auto', channels: down }, workerId: 'w1', date: runDate, batchSize: 10, dispatch: true });
    expect(failing.sendErrors.length).toBeGreaterThan(0);
    expect(failing.sendErrors.every((e) => e.error === 'adapter_failed: outbox: connection lost')).toBe(true);
    expect(await store.lastRunDay()).toBe('2025-04-15');
    expect((await store.pendingOutbox({ limit: 1000 })).length).toBe(failing.queued);
    // The dispatcher sends them on the day run.
    const channels = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
    expect((await runDispatcher({ store, engine: { clock, policy: 'auto', channels }, workerId: 'd1', date: runDate })).sent).toBeGreaterThan(5);
  });

  // § 247 BGB base rates known only until 2024-12-31 (the shipped rows before 2025-01-01): a claim
  // whose interest runs into 2025 cannot be decided on 2025-04-15 (`base_rate_unknown`, not retryable:
  // the same rows give the same error) until the rows for 2025 are there — the user's case of a release
  // whose table ended before the run's day, fixed by adding the half-year (`baseRates` in the CLI's config).
  const shortRates = createBaseRateTable(germanBaseRates.filter((r) => r.from < '2025-01-01'));

  it(`${name}: a claim whose decision failed for a reason that is not retryable (base_rate_unknown) is given up for the run, not for the day: no worker of the run (two, sharing runStartedAt) takes it again, and the same day run again once the base rates are extended decides it once — the runner's two runs write what the embedded runDue's two runs write, each message queued once`, async () => {
    const clock = createVirtualClock(runDate);
    // The embedded runDue, twice on the day: without, then with the rows for 2025.
    const reference = createMemoryClaimStore();
    await loadBook(reference);
    const refFirst = await createMahnwerk({ store: reference, clock, policy: 'auto', statement: { baseRates: shortRates } }).runDue(runDate);
    const refSecond = await createMahnwerk({ store: reference, clock, policy: 'auto' }).runDue(runDate);
    const failing = refFirst.errors.map((e) => e.claimId).sort();
    // The book has both: claims that fail for the missing rate and claims decided without it.
    expect(failing.length).toBeGreaterThan(0);
    expect(refFirst.errors.every((e) => e.error.code === 'base_rate_unknown' && !e.error.retryable)).toBe(true);
    expect(refFirst.decided).toBeGreaterThan(0);
    expect(refSecond.errors).toEqual([]);

    const store = await db.freshStore();
    await loadBook(store);
    // One run of two workers that began together, on the short table.
    const runStartedAt = await databaseNow(store);
    const leasedBy: string[][] = [[], []];
    const first = await Promise.all(
      ['w1', 'w2'].map((workerId, i) =>
        runDailyRun({ store, engine: { clock, policy: 'auto', statement: { baseRates: shortRates } }, workerId, date: runDate, batchSize: 3, runStartedAt, onBatch: (b) => leasedBy[i]?.push(...b.claimIds) }),
      ),
    );
    const firstErrors = first.flatMap((r) => r.errors);
    // Each failing claim tried once in the run — by one of the workers, not by both, not again.
    expect(firstErrors.map((e) => e.claimId).sort()).toEqual(failing);
    expect(firstErrors.every((e) => e.code === 'base_rate_unknown' && !e.retried)).toBe(true);
    expect(leasedBy.flat().sort()).toEqual([...new Set(leasedBy.flat())].sort());
    expect(first.reduce((n, r) => n + r.decided, 0)).toBe(refFirst.decided);
    // The same run again (its start): nothing, and it does not wait for the claims given up.
    const sameRun = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w3', date: runDate, runStartedAt });
    expect([sameRun.claims, sameRun.events]).toEqual([0, 0]);

    // Fixed: the same day run again (a new run — the same worker id, its start read anew) decides what is left.
    const secondLeased: string[] = [];
    const second = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 3, onBatch: (b) => secondLeased.push(...b.claimIds) });
    expect(second.errors).toEqual([]);
    // Exactly the claims given up, each once; nothing decided before is leased again.
    expect(secondLeased.sort()).toEqual(failing);
    expect(second.decided).toBe(refSecond.decided);
    expect(await decisionsByClaim(store)).toEqual(await decisionsByClaim(reference));
    // Every message queued once, and each waits once in the outbox.
    const queued = [...(await decisionsByClaim(store)).values()].flat().flatMap((e) => (e.type === 'message-queued' ? [e.messageId] : []));
    expect(new Set(queued).size).toBe(queued.length);
    expect((await store.pendingOutbox({ limit: 1000 })).map((m) => m.id).sort()).toEqual(queued.sort());
    // A third run of the day finds nothing left.
    const third = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w2', date: runDate });
    expect([third.claims, third.events]).toEqual([0, 0]);
  });

  it(`${name}: a claim that fails every time is tried once per run and ends no run in a loop: given up after maxFailures retryable failures (each after retryDelaySeconds) or at once when not retryable; a run begun later takes it up once more, the lease row keeping its code and how many runs gave it up`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const clock = createVirtualClock(runDate);
    // A start that is no instant is refused before anything is leased.
    await expect(runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, runStartedAt: '2025-04-15 06:00' })).rejects.toMatchObject({ code: 'invalid_input', field: 'runStartedAt' });
    expect(await store.driver.query(`select 1 from "${store.schema}".runner_claim_leases`)).toEqual([]);
    const due = await store.listDue(runDate);
    const flaky = due[0] ?? '';
    // The store cannot read one claim (a retryable database failure, every time).
    const down = (): Promise<never> => Promise.reject(new MahnwerkError('adapter_failed', `load ${flaky}: connection lost`, { retryable: true }));
    const broken = {
      ...store,
      load: (id: string) => (id === flaky ? down() : store.load(id)),
      loadMany: (ids: readonly string[]) => (ids.includes(flaky) ? down() : Promise.all(ids.map((id) => store.load(id)))),
    };
    const first = await runDailyRun({ store: broken, engine: { clock, policy: 'auto', statement: { baseRates: shortRates } }, workerId: 'w1', date: runDate, batchSize: 5, maxFailures: 2, retryDelaySeconds: 1 });
    const rateFailures = first.errors.filter((e) => e.code === 'base_rate_unknown');
    expect(rateFailures.length).toBeGreaterThan(0);
    // maxFailures 2: retried once after its delay, then given up; each base_rate_unknown claim once.
    expect(first.errors.filter((e) => e.claimId === flaky).map((e) => [e.code, e.retried])).toEqual([
      ['adapter_failed', true],
      ['adapter_failed', false],
    ]);
    expect(rateFailures.every((e) => !e.retried)).toBe(true);
    expect(new Set(rateFailures.map((e) => e.claimId)).size).toBe(rateFailures.length);
    const rows = async () =>
      store.driver.query<{ claim_id: string; done: boolean; failed_code: string | null; failed_runs: number; given_up: boolean }>(
        `select claim_id, done, failed_code, failed_runs, failed_at is not null as given_up from "${store.schema}".runner_claim_leases where failed_runs > 0 order by claim_id`,
      );
    const givenUp = [flaky, ...rateFailures.map((e) => e.claimId)].sort();
    expect(await rows()).toEqual(givenUp.map((id) => ({ claim_id: id, done: true, failed_code: id === flaky ? 'adapter_failed' : 'base_rate_unknown', failed_runs: 1, given_up: true })));
    // A later run, nothing fixed: each claim given up is tried once more, and given up again.
    const again = await runDailyRun({ store: broken, engine: { clock, policy: 'auto', statement: { baseRates: shortRates } }, workerId: 'w2', date: runDate, batchSize: 5, maxFailures: 1 });
    expect(again.errors.map((e) => e.claimId).sort()).toEqual(givenUp);
    expect(again.claims).toBe(givenUp.length);
    expect((await rows()).map((r) => [r.claim_id, r.failed_runs, r.given_up])).toEqual(givenUp.map((id) => [id, 2, true]));
    // Fixed (the store reads the claim again, the rows for 2025 are there): a later run decides them, and only them.
    const fixed = await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate, batchSize: 5 });
    expect(fixed.errors).toEqual([]);
    expect(fixed.claims).toBe(givenUp.length);
    expect(fixed.decided).toBeGreaterThan(0);
    // Decided: done, no longer given up (the code and count of the runs that gave it up stay).
    expect((await rows()).map((r) => [r.claim_id, r.done, r.given_up])).toEqual(givenUp.map((id) => [id, true, false]));
  });

  it(`${name}: leases do not overlap; a worker's own expired-or-not lease comes back to it, another worker's only after expiry`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const take = async (owner: string, leaseSeconds = 300) => leaseClaims(store, { date: runDate, owner, limit: 5, leaseSeconds, maxFailures: 5, runStartedAt: await databaseNow(store) });
    const a = await take('a');
    const b = await take('b');
    // Five claims name the debtors; each lease holds all their due claims (at least five).
    expect(a.length).toBeGreaterThanOrEqual(5);
    expect(b.length).toBeGreaterThanOrEqual(5);
    expect(a.filter((x) => b.some((y) => y.debtorId === x.debtorId))).toEqual([]);
    expect(a.filter((x) => b.some((y) => y.claimId === x.claimId))).toEqual([]);
    // "a" crashes and restarts under the same id: it takes its own five back first (lowest ids due first).
    const again = await take('a');
    expect(again.map((x) => x.claimId)).toEqual(a.map((x) => x.claimId));
    // A lease of 1 s by "c" runs out; then "d" gets the same claims.
    const c = await take('c', 1);
    await new Promise((r) => setTimeout(r, 1100));
    const d = await take('d');
    expect(d.map((x) => x.claimId)).toEqual(expect.arrayContaining(c.map((x) => x.claimId)));
  });

  it(`${name}: a debtor of whom another worker holds a live lease is not leased, even a claim of it that is free`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const take = async (owner: string, claimIds?: readonly string[]) => leaseClaims(store, { date: runDate, owner, limit: 40, leaseSeconds: 300, maxFailures: 5, runStartedAt: await databaseNow(store), ...(claimIds === undefined ? {} : { claimIds }) });
    const a = await take('a');
    // A debtor with two due claims, both leased by "a".
    const debtor = a.find((x) => a.filter((y) => y.debtorId === x.debtorId).length >= 2)?.debtorId;
    expect(debtor).toBeDefined();
    const [held, freed] = a.filter((x) => x.debtorId === debtor);
    // The second one's lease is from an earlier day (free again); "a" still holds the first.
    await store.driver.query(`update "${store.schema}".runner_claim_leases set run_date = '2025-04-14' where claim_id = $1`, [freed?.claimId]);
    expect(await take('b', [freed?.claimId ?? ''])).toEqual([]);
    // Once "a" is done with the first, the free one can be leased.
    await store.driver.query(`update "${store.schema}".runner_claim_leases set done = true where claim_id = $1`, [held?.claimId]);
    expect((await take('b', [freed?.claimId ?? ''])).map((x) => x.claimId)).toEqual([freed?.claimId]);
  });

  it(`${name}: a dispatcher with 3 lanes hands every message over once and writes the events one lane writes`, async () => {
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    const delivered = async (concurrency: number) => {
      const store = await db.freshStore();
      await loadBook(store);
      await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate });
      const channels = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
      const result = await runDispatcher({ store, engine: { clock, policy: 'auto', channels }, workerId: 'd1', date: runDate, batchSize: 3, concurrency });
      const handedOver = channels.flatMap((c) => c.sent.map((m) => m.id));
      const events = new Map<string, readonly ClaimEvent[]>();
      for (const c of book.claims) events.set(c.id, ((await store.load(c.id))?.entries ?? []).map((e) => withoutRecordedAt(e.event)));
      return { result, handedOver, events, pending: await store.pendingOutbox() };
    };
    const one = await delivered(1);
    const three = await delivered(3);
    expect(one.result.sent).toBeGreaterThan(5);
    expect(three.result).toMatchObject({ sent: one.result.sent, failed: one.result.failed, errors: [], stopped: false });
    expect(new Set(three.handedOver).size).toBe(three.handedOver.length);
    expect([...three.handedOver].sort()).toEqual([...one.handedOver].sort());
    expect(three.pending).toEqual([]);
    expect(three.events).toEqual(one.events);
  });

  it(`${name}: a run with dispatch hands every message over once, right after its batch, and writes what the run and then the dispatcher write`, async () => {
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    const delivered = async (inRun: boolean) => {
      const store = await db.freshStore();
      await loadBook(store);
      const channels = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
      const engine = { clock, policy: 'auto' as const, channels };
      const sentAfterBatch: number[] = [];
      const run = await runDailyRun({
        store,
        engine,
        workerId: 'w1',
        date: runDate,
        batchSize: 7,
        dispatch: inRun,
        onBatch: () => sentAfterBatch.push(channels.reduce((n, c) => n + c.sent.length, 0)),
      });
      const dispatched = await runDispatcher({ store, engine, workerId: 'd1', date: runDate });
      const events = new Map<string, readonly ClaimEvent[]>();
      for (const c of book.claims) events.set(c.id, ((await store.load(c.id))?.entries ?? []).map((e) => withoutRecordedAt(e.event)));
      return { run, dispatched, handedOver: channels.flatMap((c) => c.sent.map((m) => m.id)), sentAfterBatch, events, pending: await store.pendingOutbox() };
    };
    const after = await delivered(false);
    const inRun = await delivered(true);
    expect(after.run.sent).toBe(0);
    expect(after.dispatched.sent).toBeGreaterThan(5);
    // Every message went out during the run, batch by batch; the dispatcher after it found nothing left.
    expect(inRun.run.sendErrors).toEqual([]);
    expect(inRun.run.sent).toBe(after.dispatched.sent);
    expect(inRun.dispatched.sent).toBe(0);
    expect(inRun.sentAfterBatch.filter((n, i) => n > (inRun.sentAfterBatch[i - 1] ?? 0)).length).toBeGreaterThan(1);
    expect(new Set(inRun.handedOver).size).toBe(inRun.handedOver.length);
    expect([...inRun.handedOver].sort()).toEqual([...after.handedOver].sort());
    expect(inRun.pending).toEqual([]);
    expect(inRun.events).toEqual(after.events);
    // The run counts its own sending as the dispatcher counts it: the same events, nothing failed.
    expect(after.run.sendEvents).toBe(0);
    expect(inRun.run.sendEvents).toBe(after.dispatched.events);
    expect(inRun.run.sendEvents).toBeGreaterThanOrEqual(inRun.run.sent);
    expect(inRun.run.sendFailed).toBe(after.dispatched.failed);
  });

  it(`${name}: runWorkerDay sends each batch in the run by default (dispatchInRun: false decides first), the same messages and events either way`, async () => {
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    const day = async (dispatchInRun: boolean | undefined) => {
      const store = await db.freshStore();
      await loadBook(store);
      const channels = ['email', 'letter', 'sms'].map((n) => createRecordingChannel(n));
      const engine = { clock, policy: 'auto' as const, channels };
      const result = await runWorkerDay({ store, engine, workerId: 'w1', date: runDate, batchSize: 7, ...(dispatchInRun === undefined ? {} : { dispatchInRun }) });
      const events = new Map<string, readonly ClaimEvent[]>();
      for (const c of book.claims) events.set(c.id, ((await store.load(c.id))?.entries ?? []).map((e) => withoutRecordedAt(e.event)));
      return { result, handedOver: channels.flatMap((c) => c.sent.map((m) => m.id)).sort(), events, pending: await store.pendingOutbox() };
    };
    const first = await day(false);
    const inRun = await day(undefined);
    expect(first.result.run.sent).toBe(0);
    expect(first.result.dispatched?.sent).toBe(first.handedOver.length);
    expect(first.handedOver.length).toBeGreaterThan(5);
    expect(inRun.result.run.sent).toBe(first.handedOver.length);
    expect(inRun.result.dispatched?.sent).toBe(0);
    expect(inRun.result.run.sendEvents).toBe(first.result.dispatched?.events);
    expect(inRun.handedOver).toEqual(first.handedOver);
    expect(inRun.events).toEqual(first.events);
    expect(inRun.pending).toEqual([]);
  });

  it(`${name}: the dispatch of a batch takes a claim in hand only while its stream has not moved on and its personal data was not erased`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const [a, b, c] = book.claims.filter((f, i, all) => all.findIndex((g) => g.debtor.id === f.debtor.id) === i).map((f) => f.id) as [string, string, string];
    const inHand: ClaimsInHand = new Map();
    const kept = keepingInHand(store, inHand);
    await kept.loadMany?.([a, b, c]);
    expect([...inHand.keys()].sort()).toEqual([a, b, c].sort());
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    const host = createMahnwerk({ store, clock, policy: 'auto' });
    // a moves on (a payment), b's debtor is erased (no new version), c stays as it was.
    await host.recordPayment({ claimId: a, amount: '1.00', date: runDate, paymentId: 'p-a' });
    const debtorOfB = (await store.load(b))?.debtorId as string;
    await host.eraseDebtor(debtorOfB);
    const [ra, rb, rc] = (await answeringFromHand(store, inHand).loadMany?.([a, b, c])) ?? [];
    expect(ra?.version).toBeGreaterThan(inHand.get(a)?.version ?? Number.POSITIVE_INFINITY);
    expect(ra).toEqual(await store.load(a));
    expect(inHand.get(b)?.personalData?.status).toBe('held');
    expect(rb?.personalData?.status).toBe('erased');
    expect(rb).toEqual(await store.load(b));
    expect(rc).toBe(inHand.get(c));
  });

  it(`${name}: a retryable send failure waits base × 2^(attempt − 1) before the next attempt, then the message is a dead letter`, async () => {
    const store = await db.freshStore();
    await loadBook(store);
    const clock = createVirtualClock(runDate, { time: '10:00:00Z' });
    // Letters fail retryably (a print service that is down); no fallback channel for letters.
    const letter = createRecordingChannel('letter', { failWith: { retryable: true } });
    const email = createRecordingChannel('email', { failWith: { retryable: true } });
    await runDailyRun({ store, engine: { clock, policy: 'auto' }, workerId: 'w1', date: runDate });
    const pending = await store.pendingOutbox();
    expect(pending.length).toBeGreaterThan(0);
    const engine = { clock, policy: 'auto' as const, channels: [letter, email], maxAttempts: 2 };
    const backoff = { baseSeconds: 60, maxSeconds: 3600 };
    const retryTimes = async () =>
      (await store.driver.query<{ at: string }>(`select to_char(lease_until at time zone 'UTC', 'HH24:MI:SS') as at from "${store.schema}".outbox where status = 'pending'`)).map((r) => r.at);
    const first = await runDispatcher({ store, engine, workerId: 'd1', backoff });
    expect(first.sent).toBe(0);
    expect(first.deferred).toBe(pending.length);
    // Attempt 1 failed at 10:00:00: the next may start 60 s later.
    expect(new Set(await retryTimes())).toEqual(new Set(['10:01:00']));
    // At 10:00:59 no message is leased.
    clock.setTime('10:00:59Z');
    const early = await runDispatcher({ store, engine, workerId: 'd1', backoff });
    expect(early.sent + early.failed + early.deferred).toBe(0);
    // At 10:01:00 attempt 2 runs; what is still pending (failed over to its fallback channel) waits 120 s.
    clock.setTime('10:01:00Z');
    const second = await runDispatcher({ store, engine, workerId: 'd1', backoff });
    expect(second.sent + second.failed + second.deferred).toBe(pending.length);
    for (const at of await retryTimes()) expect(at).toBe('10:03:00');
    // Attempts go on with growing waits until every channel is used up: the messages are dead letters.
    for (const hour of [11, 12, 13, 14, 15]) {
      clock.setTime(`${hour}:00:00Z`);
      await runDispatcher({ store, engine, workerId: 'd1', backoff });
    }
    expect(await store.pendingOutbox()).toEqual([]);
    const dead = await deadLetters(store, { limit: 1000 });
    expect(dead.map((m) => m.id).sort()).toEqual(pending.map((m) => m.id).sort());
    const claim = await store.load(dead[0]!.claimId);
    expect(claim?.entries.some((e) => e.event.type === 'message-failed')).toBe(true);
  });
}

describe('retryDelayMs: exponential backoff of outbox retries', () => {
  it('doubles from the base per failed attempt and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n) / 1000)).toEqual([60, 120, 240, 480, 960, 1920, 3600]);
    expect(retryDelayMs(100, { baseSeconds: 5, maxSeconds: 30 })).toBe(30_000);
    expect(() => retryDelayMs(0)).toThrow(/attempt/);
  });

  it('withRetryBackoff gives a retry without a time the backoff time; a given time and other outcomes pass unchanged', async () => {
    const seen: unknown[] = [];
    const store = { ...createMemoryClaimStore(), completeOutbox: (id: string, o: unknown) => (seen.push([id, o]), Promise.resolve(true)) } as unknown as ClaimStore;
    const wrapped = withRetryBackoff(store, () => '2025-04-15T10:00:00Z', { baseSeconds: 60 });
    await wrapped.completeOutbox('m-1#3', { status: 'retry' });
    await wrapped.completeOutbox('m-1#1', { status: 'unknown', channel: 'email' });
    await wrapped.completeOutbox('m-1#2', { status: 'retry', retryAt: '2025-04-16T00:00:00Z' });
    await wrapped.completeOutbox('m-1#2', { status: 'sent' });
    expect(seen).toEqual([
      ['m-1#3', { status: 'retry', retryAt: '2025-04-15T10:04:00.000Z' }],
      ['m-1#1', { status: 'unknown', channel: 'email', retryAt: '2025-04-15T10:01:00.000Z' }],
      ['m-1#2', { status: 'retry', retryAt: '2025-04-16T00:00:00Z' }],
      ['m-1#2', { status: 'sent' }],
    ]);
  });
});

describe('runner on PGlite', () => checks('PGlite', usePglite()));
describePostgres('runner on PostgreSQL', () => checks('PostgreSQL', usePostgres()));
