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
  type OutboxMessage,
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

/**
 * The checks of the batched methods (`appendMany`, `loadMany`, `contactsSinceMany`) and of the
 * summary a writer passes with an append. The batched ones are skipped when the subject says
 * `batched: false` (a store without the optional methods).
 *
 * @internal
 */
export const claimStoreBatchChecks: readonly ClaimStoreCheck[] = batched;
