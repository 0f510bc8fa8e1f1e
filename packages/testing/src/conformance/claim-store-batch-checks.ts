import {
  addDays,
  appendAudit,
  buildAuditChain,
  summarizeClaim,
  summarizeState,
  project,
  type AppendManyOutcome,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxCompletion,
  type OutboxLease,
  type OutboxMessage,
  type OutboxOutcome,
} from '@mahnwerk/core';
import { fixtures } from '../fixtures.js';
import { fail, hasCode, ok, rejectsWith, resolves, same, settle, show, stableJson } from './assert.js';
import type { ClaimStoreCheck, ClaimStoreSubject } from './claim-store-checks.js';

// The batched methods of the ClaimStore port (issue 9 point 11): appendMany with a per-claim
// optimistic check, loadMany, contactsSinceMany, and the summary a writer passes with its append.
// Every expected value below follows from the port's TSDoc and the requests written here.

const DAY0 = '2025-01-02';

/** A valid ledger of `n` events (claim-created, then stages). */
function ledger(claimId: string, debtorId: string, n: number): AuditEntry<ClaimEvent>[] {
  const facts = fixtures.consumerClaim({ id: claimId, debtor: { id: debtorId }, reference: `${claimId}/batch` });
  const list: ClaimEvent[] = [fixtures.claimCreated(facts, DAY0)];
  for (let i = 1; i < n; i++) {
    list.push({ type: 'stage-entered', claimId, date: addDays(DAY0, i), stage: `stage-${i}`, stageIndex: i - 1, reason: { rule: `stage:stage-${i}` } });
  }
  return buildAuditChain(list);
}

/** One more entry continuing `chain`. */
function next(chain: readonly AuditEntry<ClaimEvent>[], claimId: string, variant: number): AuditEntry<ClaimEvent> {
  const date = addDays(DAY0, chain.length);
  return appendAudit(chain, { type: 'promise-to-pay', claimId, date, amount: `${100 + variant}.00`, by: addDays(date, 14) });
}

function message(claimId: string, debtorId: string, id: string, date: IsoDate): OutboxMessage {
  return { id, claimId, debtorId, channel: 'email', template: 'conformance/reminder', date, status: 'pending', attempts: 0 };
}

function request(
  claimId: string,
  debtorId: string,
  expectedVersion: number,
  entries: readonly AuditEntry<ClaimEvent>[],
  nextReviewAt: IsoDate | null,
  extra: Partial<Pick<AppendRequest, 'outbox' | 'idempotencyKey' | 'summary'>> = {},
): AppendRequest {
  return { claimId, debtorId, expectedVersion, entries, nextReviewAt, ...extra };
}

async function fresh(subject: ClaimStoreSubject): Promise<ClaimStore> {
  const store = await subject.create();
  ok(typeof store === 'object' && store !== null, `the factory must return a ClaimStore, got ${show(store)}`);
  return store;
}

/** The store's `appendMany`, or a failure (the checks needing it are skipped for stores without it). */
function appendManyOf(store: ClaimStore): (requests: readonly AppendRequest[]) => Promise<readonly AppendManyOutcome[]> {
  const method = store.appendMany;
  if (typeof method !== 'function') fail('appendMany is not implemented by this store');
  return (requests) => resolves(method.call(store, requests), `appendMany of ${requests.length} requests`);
}

/** Creates claims one by one through `append`; returns their ledgers. */
async function seed(store: ClaimStore, claims: readonly [string, string, number][]): Promise<Map<string, AuditEntry<ClaimEvent>[]>> {
  const out = new Map<string, AuditEntry<ClaimEvent>[]>();
  for (const [claimId, debtorId, n] of claims) {
    const chain = ledger(claimId, debtorId, n);
    await resolves(store.append(request(claimId, debtorId, 0, chain, '2025-02-01')), `creating claim "${claimId}"`);
    out.set(claimId, chain);
  }
  return out;
}

/** What `load` answers for each claim, as JSON text. */
async function loads(store: ClaimStore, ids: readonly string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => stableJson(await resolves(store.load(id), `load("${id}")`))));
}

function outcomeSummary(outcomes: readonly AppendManyOutcome[]): unknown[] {
  return outcomes.map((o) => (o.status === 'appended' ? { claimId: o.claimId, status: o.status, version: o.version } : { claimId: o.claimId, status: o.status }));
}

const noAppendMany = (subject: ClaimStoreSubject): string | undefined => (subject.batched === false ? 'the store has no appendMany (optional)' : undefined);

const batched: ClaimStoreCheck[] = [
  {
    id: 'claim-store/append-many-writes-each',
    group: 'batched writes',
    title: 'appendMany writes every request as append would (entries, next review date, outbox, key) and answers each new version in request order',
    unavailable: noAppendMany,
    async run(subject) {
      const store = await fresh(subject);
      const appendMany = appendManyOf(store);
      const chains = await seed(store, [
        ['bm-a', 'bm-debtor-1', 2],
        ['bm-b', 'bm-debtor-2', 3],
      ]);
      const a = chains.get('bm-a') as AuditEntry<ClaimEvent>[];
      const b = chains.get('bm-b') as AuditEntry<ClaimEvent>[];
      const a2 = next(a, 'bm-a', 1);
      const b3 = next(b, 'bm-b', 2);
      const b4 = next([...b, b3], 'bm-b', 3);
      const c = ledger('bm-c', 'bm-debtor-1', 1);
      const outcomes = await appendMany([
        request('bm-b', 'bm-debtor-2', 3, [b3, b4], '2025-03-01', { outbox: [message('bm-b', 'bm-debtor-2', 'bm-msg-b', '2025-01-06')] }),
        request('bm-c', 'bm-debtor-1', 0, c, '2025-02-15', { idempotencyKey: 'bm-key-c' }),
        request('bm-a', 'bm-debtor-1', 2, [a2], null, { outbox: [message('bm-a', 'bm-debtor-1', 'bm-msg-a', '2025-01-05')] }),
      ]);
      same(
        outcomeSummary(outcomes),
        [
          { claimId: 'bm-b', status: 'appended', version: 5 },
          { claimId: 'bm-c', status: 'appended', version: 1 },
          { claimId: 'bm-a', status: 'appended', version: 3 },
        ],
        'the outcomes of three requests that hold: appended, each with version = expectedVersion + entries, in request order',
      );
      same((await store.load('bm-b'))?.entries, [...b, b3, b4], 'claim bm-b must hold its 3 stored and 2 appended entries');
      same((await store.load('bm-a'))?.entries, [...a, a2], 'claim bm-a must hold its 2 stored and 1 appended entries');
      same((await store.load('bm-c'))?.entries, c, 'the new claim bm-c must hold its entry');
      same(await store.listDue('2025-02-20'), ['bm-c'], 'next review dates as written: bm-a none, bm-b 2025-03-01, bm-c 2025-02-15');
      same((await store.findByIdempotencyKey('bm-key-c'))?.claimId, 'bm-c', 'the idempotency key of a batched request must be stored');
      same(
        (await store.pendingOutbox()).map((m) => m.id).sort(),
        ['bm-msg-a', 'bm-msg-b'],
        'the outbox messages of a batch must be stored, pending',
      );
      same(await appendMany([]), [], 'an empty batch answers an empty list');
    },
  },
  {
    id: 'claim-store/append-many-conflicts-per-claim',
    group: 'batched writes',
    title: 'appendMany reports a stale version, a claim that exists already, a used idempotency key or outbox id as that claim\'s conflict, writes nothing of it, and writes the others',
    unavailable: noAppendMany,
    async run(subject) {
      const store = await fresh(subject);
      const appendMany = appendManyOf(store);
      const chains = await seed(store, [
        ['bc-a', 'bc-debtor', 2],
        ['bc-b', 'bc-debtor', 2],
        ['bc-c', 'bc-debtor', 1],
      ]);
      await resolves(
        store.append(request('bc-used', 'bc-debtor', 0, ledger('bc-used', 'bc-debtor', 1), null, { idempotencyKey: 'bc-key', outbox: [message('bc-used', 'bc-debtor', 'bc-msg', DAY0)] })),
        'a claim holding key bc-key and message bc-msg',
      );
      const before = await loads(store, ['bc-b', 'bc-c', 'bc-d', 'bc-e', 'bc-f']);
      const a = chains.get('bc-a') as AuditEntry<ClaimEvent>[];
      const b = chains.get('bc-b') as AuditEntry<ClaimEvent>[];
      const c = chains.get('bc-c') as AuditEntry<ClaimEvent>[];
      const outcomes = await appendMany([
        request('bc-a', 'bc-debtor', 2, [next(a, 'bc-a', 1)], '2025-03-01', { idempotencyKey: 'bc-key-a' }),
        request('bc-b', 'bc-debtor', 1, [next(b.slice(0, 1), 'bc-b', 2)], '2025-03-01'),
        request('bc-c', 'bc-debtor', 0, c, '2025-03-01'),
        request('bc-d', 'bc-debtor', 0, ledger('bc-d', 'bc-debtor', 1), '2025-03-01', { idempotencyKey: 'bc-key' }),
        request('bc-e', 'bc-debtor', 0, ledger('bc-e', 'bc-debtor', 1), '2025-03-01', { outbox: [message('bc-e', 'bc-debtor', 'bc-msg', DAY0)] }),
        request('bc-f', 'bc-debtor', 0, ledger('bc-f', 'bc-debtor', 1), '2025-03-01', { idempotencyKey: 'bc-key-a' }),
        request('bc-g', 'bc-debtor', 0, ledger('bc-g', 'bc-debtor', 1), '2025-03-01'),
      ]);
      same(
        outcomeSummary(outcomes),
        [
          { claimId: 'bc-a', status: 'appended', version: 3 },
          { claimId: 'bc-b', status: 'conflict' },
          { claimId: 'bc-c', status: 'conflict' },
          { claimId: 'bc-d', status: 'conflict' },
          { claimId: 'bc-e', status: 'conflict' },
          { claimId: 'bc-f', status: 'conflict' },
          { claimId: 'bc-g', status: 'appended', version: 1 },
        ],
        'bc-b read at version 1 (holds 2), bc-c created again, bc-d reuses a stored key, bc-e a stored message id, bc-f the key of bc-a earlier in the batch: conflicts; bc-a and bc-g are written',
      );
      for (const o of outcomes) {
        if (o.status === 'conflict') ok(hasCode(o.error, 'conflict'), `the conflict of ${o.claimId} must carry a MahnwerkError of code 'conflict', got ${show(o.error)}`);
      }
      same(await loads(store, ['bc-b', 'bc-c', 'bc-d', 'bc-e', 'bc-f']), before, 'a conflicting request must write nothing of its claim');
      same((await store.findByIdempotencyKey('bc-key'))?.claimId, 'bc-used', 'a reused key must still point at its first claim');
      same((await store.findByIdempotencyKey('bc-key-a'))?.claimId, 'bc-a', 'the key taken by bc-a stays with bc-a');
      same(
        (await store.pendingOutbox()).map((m) => `${m.id}/${m.claimId}`),
        ['bc-msg/bc-used'],
        'a conflicting request must store no outbox message',
      );
      same((await store.load('bc-g'))?.version, 1, 'a request after the conflicts is written');
    },
  },
  {
    id: 'claim-store/append-many-malformed-refuses-all',
    group: 'batched writes',
    title: 'appendMany refuses a batch with a malformed request (a seq that does not continue, an event of another claim, two requests for one claim) with a ValidationError and writes nothing',
    unavailable: noAppendMany,
    async run(subject) {
      const store = await fresh(subject);
      const appendMany = store.appendMany?.bind(store);
      if (appendMany === undefined) fail('appendMany is not implemented by this store');
      const chains = await seed(store, [['bv-a', 'bv-debtor', 2]]);
      const a = chains.get('bv-a') as AuditEntry<ClaimEvent>[];
      const before = await loads(store, ['bv-a', 'bv-new']);
      const good = request('bv-new', 'bv-debtor', 0, ledger('bv-new', 'bv-debtor', 1), '2025-03-01');
      const entry = next(a, 'bv-a', 1);
      await rejectsWith(appendMany([good, request('bv-a', 'bv-debtor', 2, [{ ...entry, seq: 5 }], null)]), 'invalid_input', 'appendMany with an entry whose seq does not continue the chain');
      await rejectsWith(
        appendMany([good, request('bv-a', 'bv-debtor', 2, [{ ...entry, event: { ...entry.event, claimId: 'bv-other' } }], null)]),
        'invalid_input',
        'appendMany with an entry whose event belongs to another claim',
      );
      await rejectsWith(
        appendMany([request('bv-a', 'bv-debtor', 2, [entry], null), request('bv-a', 'bv-debtor', 2, [entry], null)]),
        'invalid_input',
        'appendMany with two requests for one claim',
      );
      same(await loads(store, ['bv-a', 'bv-new']), before, 'a refused batch must write nothing, not even its valid requests');
      same(await store.pendingOutbox(), [], 'a refused batch stores no outbox message');
    },
  },
  {
    id: 'claim-store/append-many-concurrent',
    group: 'batched writes',
    title: 'of concurrent batches holding a request at the same expected version of a claim, exactly one writes it',
    unavailable: noAppendMany,
    async run(subject) {
      const store = await fresh(subject);
      const appendMany = store.appendMany?.bind(store);
      if (appendMany === undefined) fail('appendMany is not implemented by this store');
      const chains = await seed(store, [
        ['bx-a', 'bx-debtor', 1],
        ['bx-b', 'bx-debtor', 1],
      ]);
      const a = chains.get('bx-a') as AuditEntry<ClaimEvent>[];
      const b = chains.get('bx-b') as AuditEntry<ClaimEvent>[];
      const batches = [0, 1, 2, 3].map((k) => appendMany([request('bx-a', 'bx-debtor', 1, [next(a, 'bx-a', k)], null), request('bx-b', 'bx-debtor', 1, [next(b, 'bx-b', k)], null)]));
      const { fulfilled, rejected } = await settle(batches);
      const other = rejected.find((e) => !hasCode(e, 'conflict'));
      ok(other === undefined, () => `a batch that fails as a whole under concurrency must fail with code 'conflict', got ${show(other)}`);
      for (const claimId of ['bx-a', 'bx-b']) {
        let wins = 0;
        for (const i of fulfilled) {
          const outcome = (await batches[i])?.find((o) => o.claimId === claimId);
          if (outcome?.status === 'appended') wins += 1;
        }
        same(wins, 1, `of 4 concurrent batches writing ${claimId} at version 1, exactly one must report it appended`);
        same((await store.load(claimId))?.version, 2, `${claimId} must hold exactly one appended entry`);
      }
    },
  },
  {
    id: 'claim-store/load-many',
    group: 'batched writes',
    title: 'loadMany answers what load answers for each id, in the order given, null for a claim it does not hold',
    unavailable: (subject) => (subject.batched === false ? 'the store has no loadMany (optional)' : undefined),
    async run(subject) {
      const store = await fresh(subject);
      const loadMany = store.loadMany?.bind(store);
      if (loadMany === undefined) fail('loadMany is not implemented by this store');
      await seed(store, [
        ['bl-a', 'bl-debtor', 3],
        ['bl-b', 'bl-debtor', 1],
      ]);
      const got = await resolves(loadMany(['bl-b', 'bl-missing', 'bl-a']), 'loadMany(["bl-b", "bl-missing", "bl-a"])');
      same(got.map((c) => stableJson(c)), await loads(store, ['bl-b', 'bl-missing', 'bl-a']), 'loadMany must answer load of each id, in the order asked');
      same(await resolves(loadMany([]), 'loadMany([])'), [], 'loadMany of no ids answers an empty list');
    },
  },
  {
    id: 'claim-store/contacts-since-many',
    group: 'batched writes',
    title: 'contactsSinceMany answers the messages of every debtor given, decided on or after the date, by date and then write order',
    unavailable: (subject) => (subject.batched === false ? 'the store has no contactsSinceMany (optional)' : undefined),
    async run(subject) {
      const store = await fresh(subject);
      const many = store.contactsSinceMany?.bind(store);
      if (many === undefined) fail('contactsSinceMany is not implemented by this store');
      const write = (claimId: string, debtorId: string, messages: readonly [string, IsoDate][]) =>
        resolves(
          store.append(request(claimId, debtorId, 0, ledger(claimId, debtorId, 1), null, { outbox: messages.map(([id, date]) => message(claimId, debtorId, id, date)) })),
          `claim ${claimId}`,
        );
      await write('bk-1', 'bk-x', [['m1', '2025-01-10'], ['m2', '2025-01-03']]);
      await write('bk-2', 'bk-y', [['m3', '2025-01-10'], ['m4', '2025-01-20']]);
      await write('bk-3', 'bk-z', [['m5', '2025-01-15']]);
      await write('bk-4', 'bk-x', [['m6', '2025-01-10']]);
      const got = await resolves(many(['bk-x', 'bk-y'], '2025-01-05'), 'contactsSinceMany(["bk-x", "bk-y"], "2025-01-05")');
      same(
        got.map((m) => m.id),
        ['m1', 'm3', 'm6', 'm4'],
        'debtors bk-x and bk-y from 2025-01-05: m2 is older, m5 is another debtor\'s; the 10th in write order (m1, m3, m6), then the 20th',
      );
      same(await resolves(many([], '2025-01-01'), 'contactsSinceMany([])'), [], 'no debtors, no messages');
    },
  },
  {
    id: 'claim-store/summary-checked',
    group: 'batched writes',
    title: 'a summary passed with an append is checked against the write (claim, version after it, next review date): a wrong one is refused with a ValidationError and nothing is written; a right one is accepted',
    async run(subject) {
      const store = await fresh(subject);
      const chains = await seed(store, [['bs-a', 'bs-debtor', 2]]);
      const a = chains.get('bs-a') as AuditEntry<ClaimEvent>[];
      const entry = next(a, 'bs-a', 1);
      const after = [...a, entry];
      const right = summarizeState({ claimId: 'bs-a', debtorId: 'bs-debtor', version: 3, nextReviewAt: '2025-04-01' }, project(after.map((e) => e.event)));
      same(right, summarizeClaim({ claimId: 'bs-a', debtorId: 'bs-debtor', version: 3, nextReviewAt: '2025-04-01', entries: after }), 'summarizeState of the projected ledger is summarizeClaim');
      const before = await loads(store, ['bs-a']);
      await rejectsWith(
        store.append(request('bs-a', 'bs-debtor', 2, [entry], '2025-04-01', { summary: { ...right, version: 2 } })),
        'invalid_input',
        'an append whose summary has the version before the write',
      );
      await rejectsWith(
        store.append(request('bs-a', 'bs-debtor', 2, [entry], '2025-04-01', { summary: { ...right, nextReviewAt: '2025-05-01' } })),
        'invalid_input',
        'an append whose summary has another next review date',
      );
      same(await loads(store, ['bs-a']), before, 'a refused append with a wrong summary must write nothing');
      same(await resolves(store.append(request('bs-a', 'bs-debtor', 2, [entry], '2025-04-01', { summary: right })), 'append with the right summary'), { version: 3 }, 'the append with the right summary');
      if (store.queryClaims !== undefined) {
        const page = await resolves(store.queryClaims({ debtorId: 'bs-debtor' }), 'queryClaims');
        same(page.claims, [right], 'the projection after the write is the summary of the claim as stored');
      }
    },
  },
];

// completeOutboxMany: many attempts' outcomes in one step, each as completeOutbox records it.

const T0 = '2025-01-10T09:00:00+01:00';

/** An instant `seconds` after {@link T0}. */
function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

const noCompleteMany = (subject: ClaimStoreSubject): string | undefined => (subject.batched === false ? 'the store has no completeOutboxMany (optional)' : undefined);

/** The store's `completeOutboxMany`, or a failure. */
function completeManyOf(store: ClaimStore): (completions: readonly OutboxCompletion[]) => Promise<readonly boolean[]> {
  const method = store.completeOutboxMany;
  if (typeof method !== 'function') fail('completeOutboxMany is not implemented by this store');
  return (completions) => method.call(store, completions);
}

/** A claim with `n` pending messages `<claimId>:m:00` …, written with its first append. */
async function seedMessages(store: ClaimStore, claimId: string, n: number): Promise<string[]> {
  const debtorId = `${claimId}-debtor`;
  const ids = Array.from({ length: n }, (_, i) => `${claimId}:m:${String(i).padStart(2, '0')}`);
  await resolves(store.append(request(claimId, debtorId, 0, ledger(claimId, debtorId, 1), null, { outbox: ids.map((id) => message(claimId, debtorId, id, '2025-01-10')) })), `creating claim "${claimId}" with ${n} messages`);
  return ids;
}

const completeMany: ClaimStoreCheck[] = [
  {
    id: 'claim-store/complete-outbox-many',
    group: 'batched writes',
    title:
      'completeOutboxMany records each outcome as completeOutbox would (sent and failed end a message, retry and unknown free it at retryAt, released gives the lease back uncounted) and answers per attempt in the order given; an attempt not holding a lease records nothing',
    unavailable: noCompleteMany,
    async run(subject) {
      const store = await fresh(subject);
      const completeOutboxMany = completeManyOf(store);
      const all = await seedMessages(store, 'cm-a', 6);
      const leased = await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60, limit: 5 });
      same(leased.map((l) => l.message.id), all.slice(0, 5), 'the five oldest messages leased');
      const [sent, failed, retry, unknown, released] = leased as [OutboxLease, OutboxLease, OutboxLease, OutboxLease, OutboxLease];
      const answers = await resolves(
        completeOutboxMany([
          { attemptId: unknown.attemptId, outcome: { status: 'unknown', channel: 'letter', retryAt: at(300) } },
          { attemptId: sent.attemptId, outcome: { status: 'sent' } },
          { attemptId: 'cm-a:m:05#1', outcome: { status: 'sent' } },
          { attemptId: failed.attemptId, outcome: { status: 'failed' } },
          { attemptId: released.attemptId, outcome: { status: 'released' } },
          { attemptId: retry.attemptId, outcome: { status: 'retry', retryAt: at(600) } },
        ]),
        'completeOutboxMany of six attempts',
      );
      same(answers, [true, true, false, true, true, true], 'five live attempts recorded, in the order given; the sixth message was never leased, so its made-up attempt id holds nothing');
      same(
        (await store.pendingOutbox()).map((m) => [m.id, m.attempts]),
        [
          ['cm-a:m:02', 1],
          ['cm-a:m:03', 1],
          ['cm-a:m:04', 0],
          ['cm-a:m:05', 0],
        ],
        'sent and failed leave the pending list; retry and unknown stay pending with their attempt counted; released stays pending with its attempt not counted; the unleased one is untouched',
      );
      if (subject.tables !== undefined) {
        const rows = await subject.tables(store).outbox();
        same(
          rows.map((r) => [r.id, r.status, r.attempts]),
          [
            ['cm-a:m:00', 'sent', 1],
            ['cm-a:m:01', 'failed', 1],
            ['cm-a:m:02', 'pending', 1],
            ['cm-a:m:03', 'pending', 1],
            ['cm-a:m:04', 'pending', 0],
            ['cm-a:m:05', 'pending', 0],
          ],
          'the outbox rows as stored, read from the tables',
        );
      }
      same(
        (await store.leaseOutbox({ owner: 'b', now: at(1), leaseSeconds: 3600 })).map((l) => [l.message.id, l.message.attempts]),
        [
          ['cm-a:m:04', 1],
          ['cm-a:m:05', 1],
        ],
        'at once only the released message and the never-leased one are free (the released attempt was not counted)',
      );
      same(
        (await store.leaseOutbox({ owner: 'b', now: at(300), leaseSeconds: 3600 })).map((l) => [l.message.id, l.unknownOn ?? null, l.message.attempts]),
        [['cm-a:m:03', 'letter', 2]],
        'at its retryAt the unknown message is free again and names its channel',
      );
      same(
        (await store.leaseOutbox({ owner: 'b', now: at(600), leaseSeconds: 60 })).map((l) => [l.message.id, l.unknownOn ?? null, l.message.attempts]),
        [['cm-a:m:02', null, 2]],
        'at its retryAt the retried message is free again',
      );
      same(
        // (Not the released one: its attempt was not counted, so its next lease has the same number.)
        await resolves(completeOutboxMany([sent, failed, retry, unknown].map((l) => ({ attemptId: l.attemptId, outcome: { status: 'failed' } }))), 'completeOutboxMany of the same attempts again'),
        [false, false, false, false],
        'an attempt records its outcome once',
      );
      same(await resolves(completeOutboxMany([]), 'completeOutboxMany of nothing'), [], 'no attempts: an empty answer');
    },
  },
  {
    id: 'claim-store/complete-outbox-many-expired',
    group: 'batched writes',
    title: 'completeOutboxMany records nothing for an attempt whose lease ran out and was taken over, and records the live attempt in the same call',
    unavailable: noCompleteMany,
    async run(subject) {
      const store = await fresh(subject);
      const completeOutboxMany = completeManyOf(store);
      await seedMessages(store, 'cm-exp', 1);
      const [first] = await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60 });
      const [second] = await store.leaseOutbox({ owner: 'b', now: at(61), leaseSeconds: 60 });
      ok(first !== undefined && second !== undefined, 'the message must be leased, and again after the first lease ran out');
      same(
        await resolves(
          completeOutboxMany([
            { attemptId: first.attemptId, outcome: { status: 'failed' } },
            { attemptId: second.attemptId, outcome: { status: 'sent' } },
          ]),
          'completeOutboxMany of the expired and the live attempt',
        ),
        [false, true],
        'only the attempt holding the lease records its outcome',
      );
      same((await store.contactsSince('cm-exp-debtor', '2025-01-01')).map((m) => `${m.status}/${m.attempts}`), ['sent/2'], 'the live attempt’s outcome (sent, attempt 2), not the expired one’s');
    },
  },
  {
    id: 'claim-store/complete-outbox-many-malformed',
    group: 'batched writes',
    title: 'completeOutboxMany refuses a call with a malformed outcome or an attempt given twice with a ValidationError and records nothing of it',
    unavailable: noCompleteMany,
    async run(subject) {
      const store = await fresh(subject);
      const completeOutboxMany = completeManyOf(store);
      await seedMessages(store, 'cm-bad', 2);
      const [a, b] = (await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60 })) as [OutboxLease, OutboxLease];
      await rejectsWith(
        completeOutboxMany([
          { attemptId: a.attemptId, outcome: { status: 'sent' } },
          { attemptId: b.attemptId, outcome: { status: 'delivered' } as unknown as OutboxOutcome },
        ]),
        'invalid_input',
        'completeOutboxMany with an unknown status',
      );
      await rejectsWith(
        completeOutboxMany([
          { attemptId: a.attemptId, outcome: { status: 'sent' } },
          { attemptId: b.attemptId, outcome: { status: 'unknown' } as unknown as OutboxOutcome },
        ]),
        'invalid_input',
        'completeOutboxMany with an unknown outcome that names no channel',
      );
      await rejectsWith(
        completeOutboxMany([
          { attemptId: a.attemptId, outcome: { status: 'sent' } },
          { attemptId: a.attemptId, outcome: { status: 'failed' } },
        ]),
        'invalid_input',
        'completeOutboxMany with one attempt twice',
      );
      same((await store.pendingOutbox()).map((m) => m.id), ['cm-bad:m:00', 'cm-bad:m:01'], 'after the refused calls both messages are still pending');
      same(
        await resolves(
          completeOutboxMany([
            { attemptId: b.attemptId, outcome: { status: 'failed' } },
            { attemptId: a.attemptId, outcome: { status: 'sent' } },
          ]),
          'completeOutboxMany of both live attempts',
        ),
        [true, true],
        'the refused calls recorded nothing: both attempts still hold their leases',
      );
    },
  },
];

/**
 * The checks of the batched methods (`appendMany`, `loadMany`, `contactsSinceMany`,
 * `completeOutboxMany`) and of the
 * summary a writer passes with an append. The batched ones are skipped when the subject says
 * `batched: false` (a store without the optional methods).
 *
 * @internal
 */
export const claimStoreBatchChecks: readonly ClaimStoreCheck[] = [...batched, ...completeMany];
