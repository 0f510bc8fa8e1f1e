import {
  addDays,
  appendAudit,
  buildAuditChain,
  hashEntry,
  keepPersonalDataApart,
  verifyAudit,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxLease,
  type OutboxMessage,
} from '@mahnwerk/core';
import { fixtures } from '../fixtures.js';
import { firstDifference, fail, hasCode, ok, rejectsWith, resolves, same, settle, show, stableJson, tryMutate } from './assert.js';
import type { ConformanceCheck } from './check.js';
import { claimQueryChecks } from './claim-query-checks.js';
import { claimStoreBatchChecks } from './claim-store-batch-checks.js';
import { claimStoreRunDayChecks } from './claim-store-run-day-checks.js';

/** Makes a fresh, empty store for one check. */
export type ClaimStoreFactory = () => ClaimStore | Promise<ClaimStore>;

/** One stored event row, as the adapter's tables hold it. */
export interface StoredEventRow {
  /** Position in the claim's stream (0, 1, …). */
  readonly seq: number;
  /** Hash of the entry before it. */
  readonly prevHash: string;
  /** The entry's hash. */
  readonly hash: string;
  /** The event, parsed from what is stored. */
  readonly event: unknown;
}

/** One stored outbox row. */
export interface StoredOutboxRow {
  /** Message id. */
  readonly id: string;
  /** Claim id. */
  readonly claimId: string;
  /** Delivery status. */
  readonly status: string;
  /** Attempts so far. */
  readonly attempts: number;
}

/**
 * Reads what landed in an adapter's storage directly — not through the port — so the checks can
 * prove that a write stored exactly what it said, and that a refused write left no row behind.
 * An adapter's test provides it (e.g. plain SQL on the store's tables).
 */
export interface ClaimStoreTables {
  /** The stream head of a claim (version, debtor, next review date), or null when no row exists. */
  claim(claimId: string): Promise<{ readonly version: number; readonly debtorId: string; readonly nextReviewAt: string | null } | null>;
  /** Every stored event row of a claim, by seq. */
  events(claimId: string): Promise<readonly StoredEventRow[]>;
  /** Every stored outbox row (any claim, any status), in write order. */
  outbox(): Promise<readonly StoredOutboxRow[]>;
  /**
   * The money the claim's projection row says it holds beyond what it owed (`ClaimSummary.unapplied`),
   * as the stored text with the currency's minor-unit digits (SQL: `unapplied::text`), or null when no
   * row exists; absent when the store keeps no such row (the check then reads it through the port only).
   */
  unapplied?(claimId: string): Promise<string | null>;
  /**
   * The principal still open as the claim's projection row holds it (`ClaimSummary.openPrincipal`),
   * as the stored text with the currency's minor-unit digits (SQL: `open_principal::text`), or null
   * when no row exists; absent when the store keeps no such row (the check then reads it through the port only).
   */
  openPrincipal?(claimId: string): Promise<string | null>;
  /** Every stored idempotency key with the claim and version it produced, sorted by key; absent when the store cannot list them. */
  idempotencyKeys?(): Promise<readonly { readonly key: string; readonly claimId: string; readonly version: number }[]>;
  /**
   * Everything the store holds — every column of every row of every table (SQL: `row_to_json` of
   * each table of the schema) — as one text, to grep for personal data after an erasure; absent
   * when the store cannot dump itself (the erasure check through the tables is then skipped).
   */
  dump?(): Promise<string>;
}

/** What the claim-store checks run against. */
export interface ClaimStoreSubject {
  /** Makes a fresh, empty store; called once per check. */
  readonly create: ClaimStoreFactory;
  /** Reads a store's tables directly; the `tables` checks are skipped without it. */
  readonly tables?: (store: ClaimStore) => ClaimStoreTables;
  /**
   * Whether the store implements the optional batched methods (`appendMany`, `loadMany`,
   * `contactsSinceMany`); default true. With `false` their checks are reported as skipped.
   */
  readonly batched?: boolean;
  /**
   * Whether the store implements the optional last day run (`lastRunDay` and `recordRunDay`); default
   * true. With `false` their checks are reported as skipped.
   */
  readonly runDays?: boolean;
}

/** A claim-store specification check. */
export type ClaimStoreCheck = ConformanceCheck<ClaimStoreSubject>;

// ---------------------------------------------------------------------------------------------
// Test data: valid ledgers, outbox messages and requests.

const DAY0 = '2025-01-02';

/** A valid ledger of `n` events for a claim (claim-created first), varied in shape. */
function events(claimId: string, debtorId: string, n: number, variant = 0): ClaimEvent[] {
  const facts = fixtures.consumerClaim({ id: claimId, debtor: { id: debtorId }, reference: `${claimId}/${variant}` });
  const list: ClaimEvent[] = [fixtures.claimCreated(facts, DAY0)];
  for (let i = 1; i < n; i++) {
    const date = addDays(DAY0, i);
    list.push({ type: 'stage-entered', claimId, date, stage: `stage-${i}`, stageIndex: i - 1, reason: { rule: `stage:stage-${i}`, inputs: { variant } } });
  }
  return list;
}

/** The first `n` entries of a claim's ledger. */
function ledger(claimId: string, debtorId: string, n: number, variant = 0): AuditEntry<ClaimEvent>[] {
  return buildAuditChain(events(claimId, debtorId, n, variant));
}

/** One more entry continuing `chain`, distinct per `variant`. */
function next(chain: readonly AuditEntry<ClaimEvent>[], claimId: string, variant: number): AuditEntry<ClaimEvent> {
  const date = addDays(DAY0, chain.length);
  return appendAudit(chain, { type: 'promise-to-pay', claimId, date, amount: `${100 + variant}.00`, by: addDays(date, 14) });
}

/** An outbox message. */
function message(claimId: string, debtorId: string, id: string, date: IsoDate, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return { id, claimId, debtorId, channel: 'email', template: 'conformance/reminder', date, status: 'pending', attempts: 0, ...extra };
}

/** An append request. */
function request(
  claimId: string,
  debtorId: string,
  expectedVersion: number,
  entries: readonly AuditEntry<ClaimEvent>[],
  nextReviewAt: IsoDate | null,
  extra: { readonly outbox?: readonly OutboxMessage[]; readonly idempotencyKey?: string; readonly idempotencyFingerprint?: string } = {},
): AppendRequest {
  return { claimId, debtorId, expectedVersion, entries, nextReviewAt, ...extra };
}

const reads = ['load', 'listDue', 'findByIdempotencyKey', 'contactsSince', 'pendingOutbox', 'leaseOutbox', 'completeOutbox'] as const;

/**
 * A fresh store from the factory. Its read methods never reject in any check, so a rejection
 * becomes a failure naming the call; `append` and `markOutbox` are passed through untouched.
 */
async function fresh(subject: ClaimStoreSubject): Promise<ClaimStore> {
  const store = await subject.create();
  ok(typeof store === 'object' && store !== null, `the factory must return a ClaimStore, got ${show(store)}`);
  const guarded: Record<string, unknown> = {};
  for (const name of reads) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = (...args: unknown[]) => resolves(method.apply(store, args), `${name}(${args.map((a) => show(a)).join(', ')})`);
  }
  return Object.assign(Object.create(store) as ClaimStore, guarded, {
    specificationVersion: store.specificationVersion,
    append: (request: AppendRequest) => store.append(request),
    markOutbox: (id: string, status: 'sent' | 'failed' | 'pending') => store.markOutbox(id, status),
  });
}

/** Creates a claim with `n` entries and returns its ledger. */
async function seed(
  store: ClaimStore,
  claimId: string,
  debtorId: string,
  n: number,
  nextReviewAt: IsoDate | null,
  extra: { readonly outbox?: readonly OutboxMessage[]; readonly idempotencyKey?: string } = {},
): Promise<AuditEntry<ClaimEvent>[]> {
  const chain = ledger(claimId, debtorId, n);
  const result = await resolves(store.append(request(claimId, debtorId, 0, chain, nextReviewAt, extra)), `creating claim "${claimId}" with ${n} entries`);
  same(result, { version: n }, `append creating claim "${claimId}" with ${n} entries must resolve with { version: ${n} }`);
  return chain;
}

/** Everything observable about some claims, debtors and keys, to prove a failed write changed nothing. */
async function snapshot(store: ClaimStore, claimIds: readonly string[], debtorIds: readonly string[], keys: readonly string[]): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  for (const id of claimIds) parts.set(`load(${show(id)})`, stableJson(await store.load(id)));
  for (const id of debtorIds) parts.set(`contactsSince(${show(id)}, "1900-01-01")`, stableJson(await store.contactsSince(id, '1900-01-01')));
  for (const key of keys) parts.set(`findByIdempotencyKey(${show(key)})`, stableJson(await store.findByIdempotencyKey(key)));
  parts.set('pendingOutbox()', stableJson(await store.pendingOutbox()));
  parts.set('listDue("2999-12-31")', stableJson(await store.listDue('2999-12-31')));
  return parts;
}

/** The claims, debtors and keys a {@link snapshot} looks at. */
type SnapshotScope = Parameters<typeof snapshot>;

/** Fails unless nothing a snapshot looks at changed; names each read that now answers differently. */
async function unchanged(before: Map<string, string>, scope: SnapshotScope, what: string, rule: string): Promise<void> {
  const after = await snapshot(...scope);
  const changed = [...before].filter(([read, text]) => after.get(read) !== text);
  if (changed.length > 0) {
    fail(
      `${what}: ${rule}, but these reads now answer differently:\n` +
        changed.map(([read, text]) => `  ${read} — ${firstDifference(text, after.get(read) ?? 'undefined')}`).join('\n'),
    );
  }
}

const REFUSED = 'a refused append must write nothing (no entries, next review date, outbox message or idempotency key)';

function isConflict(error: unknown): boolean {
  return hasCode(error, 'conflict');
}

async function exactlyOneWins(promises: readonly Promise<unknown>[], what: string): Promise<number> {
  const { fulfilled, rejected } = await settle(promises);
  ok(
    fulfilled.length === 1,
    `${what}: exactly one of ${promises.length} concurrent writers must succeed, but ${fulfilled.length} did` +
      (rejected.length > 0 ? ` (the others rejected with ${rejected.map((e) => show(e, 120)).join('; ')})` : ''),
  );
  const other = rejected.find((e) => !isConflict(e));
  ok(other === undefined, () => `${what}: the losing writers must reject with a MahnwerkError of code 'conflict', but one rejected with ${show(other)}`);
  return fulfilled[0] as number;
}

function ids(messages: readonly OutboxMessage[]): string[] {
  return messages.map((m) => m.id);
}

// ---------------------------------------------------------------------------------------------
// The checks.

const port: ClaimStoreCheck[] = [
  {
    id: 'claim-store/specification-version',
    group: 'port',
    title: "declares specificationVersion 'v1'",
    async run(subject) {
      const store = await fresh(subject);
      same(store.specificationVersion, 'v1', "specificationVersion must be 'v1'");
    },
  },
  {
    id: 'claim-store/load-missing',
    group: 'port',
    title: 'load resolves to null for a claim it does not hold',
    async run(subject) {
      const store = await fresh(subject);
      same(await store.load('no-such-claim'), null, 'load("no-such-claim") on an empty store must resolve to null');
    },
  },
];

const appendAndLoad: ClaimStoreCheck[] = [
  {
    id: 'claim-store/append-create',
    group: 'append and load',
    title: 'a first append with expectedVersion 0 creates the claim and resolves with its version, the number of events',
    async run(subject) {
      const store = await fresh(subject);
      const chain = await seed(store, 'cs-create', 'debtor-1', 3, '2025-02-01');
      const loaded = await store.load('cs-create');
      ok(loaded !== null, 'load after a successful append must return the claim, got null');
      same(
        { claimId: loaded.claimId, debtorId: loaded.debtorId, version: loaded.version, nextReviewAt: loaded.nextReviewAt },
        { claimId: 'cs-create', debtorId: 'debtor-1', version: 3, nextReviewAt: '2025-02-01' },
        'the loaded claim must have the id, debtor, version (number of events) and next review date written',
      );
      same(loaded.entries, chain, 'the loaded entries must be the entries written');
    },
  },
  {
    id: 'claim-store/append-continue',
    group: 'append and load',
    title: 'an append with the stored version continues the ledger; the version counts all events',
    async run(subject) {
      const store = await fresh(subject);
      const all = ledger('cs-continue', 'debtor-1', 6);
      same(await resolves(store.append(request('cs-continue', 'debtor-1', 0, all.slice(0, 2), '2025-01-10')), 'first append'), { version: 2 }, 'first append of 2 entries');
      same(
        await resolves(store.append(request('cs-continue', 'debtor-1', 2, all.slice(2, 5), '2025-01-20')), 'second append with expectedVersion 2'),
        { version: 5 },
        'an append of 3 entries at version 2 must resolve with { version: 5 }',
      );
      same(await resolves(store.append(request('cs-continue', 'debtor-1', 5, all.slice(5), '2025-01-30')), 'third append'), { version: 6 }, 'third append of 1 entry');
      const loaded = await store.load('cs-continue');
      ok(loaded !== null, 'load after appends returned null');
      same(loaded.version, 6, 'version after appending 2 + 3 + 1 events');
      same(loaded.entries, all, 'entries after three appends must be all entries, in order');
    },
  },
  {
    id: 'claim-store/entries-exact',
    group: 'append and load',
    title: 'entries come back exactly as written: same seq, prevHash, hash and event JSON (unicode, nested data, decimal strings)',
    async run(subject) {
      const store = await fresh(subject);
      const claimId = 'cs-exact';
      const facts = fixtures.businessClaim({
        id: claimId,
        debtor: { id: 'debtor-ü', name: 'Jürgen Groß-Öztürk e.K. „Ostseeblick“', address: ['Straße des 17. Juni 1', '10623 Berlin', '🇩🇪'] },
        principal: '12345.67',
        tags: ['vip', 'Überfällig'],
        score: '0.42',
      });
      const written = buildAuditChain<ClaimEvent>([
        fixtures.claimCreated(facts),
        { type: 'default-began', claimId, date: '2025-01-01', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
        {
          type: 'stage-entered',
          claimId,
          date: '2025-01-15',
          stage: 'dunning-notice',
          stageIndex: 1,
          deadline: '2025-01-29',
          policy: 'de-b2b-default@1',
          reason: { rule: 'stage:dunning-notice', basis: '§ 286 Abs. 1 BGB', text: 'Mahnung — 2. Stufe', inputs: { days: 14, business: true, note: null, amount: '12345.67' } },
        },
        {
          type: 'fee-charged',
          claimId,
          date: '2025-01-15',
          feeId: `${claimId}:fee:collection-costs:2025-01-15:1`,
          kind: 'collection-costs',
          code: 'Nr. 2300 VV RVG',
          amount: '1010.35',
          basis: '§ 13e RDG',
          items: [
            { code: 'Nr. 2300 VV RVG', amount: '990.35', factor: '1.3', baseFee: '761.80', basis: '§ 13e Abs. 1 RDG' },
            { code: 'Nr. 7002 VV RVG', amount: '20.00', basis: 'Nr. 7002 VV RVG' },
          ],
        },
        {
          type: 'payment-received',
          claimId,
          date: '2025-02-03',
          paymentId: 'pay-1',
          amount: '0.01',
          allocation: { costs: '0.01', interest: '0.00', principal: '0.00', unapplied: '0.00' },
          idempotencyKey: 'pay-1',
        },
        { type: 'dispute-opened', claimId, date: '2025-02-04', disputeId: 'd-1', note: 'Ware "defekt"\nZeile 2 — ü ß 漢字 📦 \\ \t' },
      ]);
      await resolves(store.append(request(claimId, 'debtor-ü', 0, written, null)), 'append of a varied ledger');
      const loaded = await store.load(claimId);
      ok(loaded !== null, 'load returned null after a successful append');
      ok(loaded.entries.length === written.length, `expected ${written.length} entries back, found ${loaded.entries.length}`);
      loaded.entries.forEach((entry, i) => {
        const original = written[i] as AuditEntry<ClaimEvent>;
        same(
          { seq: entry.seq, prevHash: entry.prevHash, hash: entry.hash },
          { seq: original.seq, prevHash: original.prevHash, hash: original.hash },
          `entry ${i}: seq, prevHash and hash must come back as written`,
        );
        same(entry.event, original.event, `entry ${i} (${original.event.type}): the event JSON must come back as written`);
        ok(hashEntry(entry.seq, entry.event, entry.prevHash) === entry.hash, `entry ${i}: the loaded event no longer hashes to its stored hash`);
      });
      const verification = verifyAudit(loaded.entries);
      ok(verification.ok, () => `the loaded ledger must verify with verifyAudit: ${show(verification)}`);
    },
  },
  {
    id: 'claim-store/next-review-at',
    group: 'append and load',
    title: 'each append sets the next review date, null included',
    async run(subject) {
      const store = await fresh(subject);
      const all = ledger('cs-review', 'debtor-1', 4);
      const steps: [number, IsoDate | null][] = [
        [1, '2025-01-10'],
        [2, null],
        [3, '2025-03-01'],
        [4, '2025-02-15'],
      ];
      for (const [version, nextReviewAt] of steps) {
        await resolves(store.append(request('cs-review', 'debtor-1', version - 1, all.slice(version - 1, version), nextReviewAt)), `append setting nextReviewAt ${String(nextReviewAt)}`);
        const loaded = await store.load('cs-review');
        same(loaded?.nextReviewAt, nextReviewAt, `after an append with nextReviewAt ${String(nextReviewAt)}, load must report it`);
      }
    },
  },
];

const concurrency: ClaimStoreCheck[] = [
  {
    id: 'claim-store/conflict-stale',
    group: 'optimistic concurrency',
    title: "an append with an expectedVersion behind the stored version throws a MahnwerkError with code 'conflict' and writes nothing",
    async run(subject) {
      const store = await fresh(subject);
      const chain = await seed(store, 'cs-stale', 'debtor-1', 3, '2025-02-01', {
        outbox: [message('cs-stale', 'debtor-1', 'cs-stale:msg:1', DAY0)],
        idempotencyKey: 'cs-stale:create',
      });
      const scope: SnapshotScope = [store, ['cs-stale'], ['debtor-1'], ['cs-stale:create', 'cs-stale:late']];
      const before = await snapshot(...scope);
      const stale = request('cs-stale', 'debtor-1', 1, [next(chain.slice(0, 1), 'cs-stale', 1)], '2025-01-05', {
        outbox: [message('cs-stale', 'debtor-1', 'cs-stale:msg:late', '2025-01-05')],
        idempotencyKey: 'cs-stale:late',
      });
      await rejectsWith(store.append(stale), 'conflict', 'append with expectedVersion 1 to a claim at version 3');
      await unchanged(before, scope, 'append with expectedVersion 1 to a claim at version 3', REFUSED);
      const zero = request('cs-stale', 'debtor-1', 0, ledger('cs-stale', 'debtor-1', 1, 9), '2025-01-05');
      await rejectsWith(store.append(zero), 'conflict', 'append with expectedVersion 0 (create) to an existing claim at version 3');
      await unchanged(before, scope, 'append with expectedVersion 0 to an existing claim', REFUSED);
    },
  },
  {
    id: 'claim-store/conflict-ahead',
    group: 'optimistic concurrency',
    title: "an append with an expectedVersion ahead of the stored version — or above 0 for a claim it does not hold — throws 'conflict' and writes nothing",
    async run(subject) {
      const store = await fresh(subject);
      await seed(store, 'cs-ahead', 'debtor-1', 1, '2025-02-01');
      const scope: SnapshotScope = [store, ['cs-ahead', 'cs-ghost'], ['debtor-1'], ['cs-ahead:k', 'cs-ghost:k']];
      const before = await snapshot(...scope);
      const long = ledger('cs-ahead', 'debtor-1', 5);
      await rejectsWith(
        store.append(request('cs-ahead', 'debtor-1', 3, long.slice(3, 4), '2025-01-05', { idempotencyKey: 'cs-ahead:k', outbox: [message('cs-ahead', 'debtor-1', 'cs-ahead:m', '2025-01-05')] })),
        'conflict',
        'append with expectedVersion 3 to a claim at version 1',
      );
      await unchanged(before, scope, 'append with expectedVersion 3 to a claim at version 1', REFUSED);
      const ghost = ledger('cs-ghost', 'debtor-1', 3);
      await rejectsWith(
        store.append(request('cs-ghost', 'debtor-1', 2, ghost.slice(2), '2025-01-05', { idempotencyKey: 'cs-ghost:k' })),
        'conflict',
        'append with expectedVersion 2 to a claim the store does not hold',
      );
      await unchanged(before, scope, 'append with expectedVersion 2 to a claim the store does not hold', REFUSED);
      same(await store.load('cs-ghost'), null, 'a claim whose creating append was refused must not exist');
    },
  },
  {
    id: 'claim-store/race-create',
    group: 'optimistic concurrency',
    title: "of concurrent appends creating the same claim (expectedVersion 0), exactly one succeeds; the others throw 'conflict'",
    async run(subject) {
      const store = await fresh(subject);
      const writers = [0, 1, 2, 3, 4].map((variant) => ledger('cs-race-create', 'debtor-1', 2, variant));
      const winner = await exactlyOneWins(
        writers.map((entries) => store.append(request('cs-race-create', 'debtor-1', 0, entries, '2025-02-01'))),
        'five concurrent appends creating claim "cs-race-create"',
      );
      const loaded = await store.load('cs-race-create');
      same(loaded?.entries, writers[winner], 'the stored ledger must be exactly the winning writer\'s entries');
      same(loaded?.version, 2, 'version after the winning append of 2 entries');
    },
  },
  {
    id: 'claim-store/race-continue',
    group: 'optimistic concurrency',
    title: "of concurrent appends with the same expectedVersion on a claim, exactly one succeeds; the others throw 'conflict'",
    async run(subject) {
      const store = await fresh(subject);
      const base = await seed(store, 'cs-race', 'debtor-1', 2, '2025-02-01');
      const writers = [0, 1, 2, 3, 4].map((variant) => [next(base, 'cs-race', variant)]);
      const winner = await exactlyOneWins(
        writers.map((entries, i) =>
          store.append(request('cs-race', 'debtor-1', 2, entries, '2025-03-01', { outbox: [message('cs-race', 'debtor-1', `cs-race:msg:${i}`, '2025-01-05')] })),
        ),
        'five concurrent appends to claim "cs-race" at version 2',
      );
      const loaded = await store.load('cs-race');
      same(loaded?.entries, [...base, ...(writers[winner] as AuditEntry<ClaimEvent>[])], "the stored ledger must be the base plus only the winner's entry");
      same(ids(await store.pendingOutbox()), [`cs-race:msg:${winner}`], "only the winner's outbox message may be stored");
    },
  },
];

const idempotency: ClaimStoreCheck[] = [
  {
    id: 'claim-store/idempotency-fingerprint',
    group: 'idempotency keys',
    title: 'the fingerprint written with a key comes back exactly from findByIdempotencyKey (the engine tells a replay from a reused key by it)',
    async run(subject) {
      const store = await fresh(subject);
      const all = ledger('cs-fp', 'debtor-1', 3);
      await resolves(store.append(request('cs-fp', 'debtor-1', 0, all.slice(0, 2), null, { idempotencyKey: 'cs-fp:create', idempotencyFingerprint: 'create-claim:00ff' })), 'keyed create with a fingerprint');
      await resolves(store.append(request('cs-fp', 'debtor-1', 2, all.slice(2, 3), null, { idempotencyKey: 'cs-fp:plain' })), 'keyed append without a fingerprint');
      same(await store.findByIdempotencyKey('cs-fp:create'), { claimId: 'cs-fp', version: 2, fingerprint: 'create-claim:00ff' }, 'the key written with fingerprint "create-claim:00ff"');
      same(await store.findByIdempotencyKey('cs-fp:plain'), { claimId: 'cs-fp', version: 3 }, 'a key written without a fingerprint has none');
    },
  },
  {
    id: 'claim-store/idempotency-find',
    group: 'idempotency keys',
    title: 'findByIdempotencyKey answers the claim and the version the keyed append produced, and null for an unknown key',
    async run(subject) {
      const store = await fresh(subject);
      same(await store.findByIdempotencyKey('cs-key:unknown'), null, 'findByIdempotencyKey of a key never used must resolve to null');
      const all = ledger('cs-key', 'debtor-1', 5);
      await resolves(store.append(request('cs-key', 'debtor-1', 0, all.slice(0, 2), null, { idempotencyKey: 'cs-key:create' })), 'keyed create');
      const second = await resolves(store.append(request('cs-key', 'debtor-1', 2, all.slice(2, 5), null, { idempotencyKey: 'cs-key:payment' })), 'keyed append');
      same(second, { version: 5 }, 'keyed append of 3 entries at version 2');
      same(await store.findByIdempotencyKey('cs-key:create'), { claimId: 'cs-key', version: 2 }, 'the key of the creating append (which produced version 2)');
      same(await store.findByIdempotencyKey('cs-key:payment'), { claimId: 'cs-key', version: 5 }, 'the key of the second append (which produced version 5)');
      same(await store.findByIdempotencyKey('cs-key:unknown'), null, 'an unknown key after writes');
    },
  },
  {
    id: 'claim-store/idempotency-reuse',
    group: 'idempotency keys',
    title: "a second append with a used idempotency key throws 'conflict' and writes nothing, on the same claim or another",
    async run(subject) {
      const store = await fresh(subject);
      const chain = await seed(store, 'cs-reuse', 'debtor-1', 1, '2025-02-01', { idempotencyKey: 'cs-reuse:key' });
      const scope: SnapshotScope = [store, ['cs-reuse', 'cs-reuse-other'], ['debtor-1', 'debtor-2'], ['cs-reuse:key']];
      const before = await snapshot(...scope);
      await rejectsWith(
        store.append(
          request('cs-reuse', 'debtor-1', 1, [next(chain, 'cs-reuse', 1)], '2025-01-03', {
            idempotencyKey: 'cs-reuse:key',
            outbox: [message('cs-reuse', 'debtor-1', 'cs-reuse:msg:again', '2025-01-03')],
          }),
        ),
        'conflict',
        'a second append to the same claim, at the right version, with a used idempotency key',
      );
      await unchanged(before, scope, 'append reusing an idempotency key on the same claim', REFUSED);
      await rejectsWith(
        store.append(
          request('cs-reuse-other', 'debtor-2', 0, ledger('cs-reuse-other', 'debtor-2', 2), '2025-01-03', {
            idempotencyKey: 'cs-reuse:key',
            outbox: [message('cs-reuse-other', 'debtor-2', 'cs-reuse-other:msg:1', '2025-01-03')],
          }),
        ),
        'conflict',
        'an append creating another claim with a used idempotency key',
      );
      await unchanged(before, scope, 'append reusing an idempotency key on another claim', REFUSED);
    },
  },
  {
    id: 'claim-store/idempotency-failed-write',
    group: 'idempotency keys',
    title: 'a key whose append was refused is not stored: findByIdempotencyKey stays null and the key can be used later',
    async run(subject) {
      const store = await fresh(subject);
      const chain = await seed(store, 'cs-keyfail', 'debtor-1', 2, null);
      await rejectsWith(
        store.append(request('cs-keyfail', 'debtor-1', 1, [next(chain.slice(0, 1), 'cs-keyfail', 1)], null, { idempotencyKey: 'cs-keyfail:k' })),
        'conflict',
        'keyed append with a stale version',
      );
      same(await store.findByIdempotencyKey('cs-keyfail:k'), null, 'the key of a refused append must not be stored');
      await resolves(store.append(request('cs-keyfail', 'debtor-1', 2, [next(chain, 'cs-keyfail', 2)], null, { idempotencyKey: 'cs-keyfail:k' })), 'the same key on a correct append');
      same(await store.findByIdempotencyKey('cs-keyfail:k'), { claimId: 'cs-keyfail', version: 3 }, 'the key after the correct append');
    },
  },
  {
    id: 'claim-store/idempotency-race',
    group: 'idempotency keys',
    title: "of concurrent appends using the same idempotency key on different claims, exactly one succeeds; the others throw 'conflict'",
    async run(subject) {
      const store = await fresh(subject);
      const claimIds = ['cs-krace-1', 'cs-krace-2', 'cs-krace-3', 'cs-krace-4'];
      const winner = await exactlyOneWins(
        claimIds.map((id) => store.append(request(id, 'debtor-1', 0, ledger(id, 'debtor-1', 1), '2025-02-01', { idempotencyKey: 'cs-krace:key' }))),
        'four concurrent appends creating different claims with one idempotency key',
      );
      for (const [i, id] of claimIds.entries()) {
        const loaded = await store.load(id);
        ok(i === winner ? loaded !== null : loaded === null, () => `claim "${id}" must ${i === winner ? '' : 'not '}exist after the race (winner: "${claimIds[winner]}")`);
      }
      same(await store.findByIdempotencyKey('cs-krace:key'), { claimId: claimIds[winner], version: 1 }, 'the key must point to the winning claim');
    },
  },
];

const listDue: ClaimStoreCheck[] = [
  {
    id: 'claim-store/list-due-filter',
    group: 'listDue',
    title: 'listDue(date) returns exactly the claims with nextReviewAt <= date (the date itself included; later dates and null excluded)',
    async run(subject) {
      const store = await fresh(subject);
      const reviews: [string, IsoDate | null][] = [
        ['due-a', '2025-03-09'],
        ['due-b', '2025-03-10'],
        ['due-c', '2025-03-11'],
        ['due-d', null],
        ['due-e', '2024-12-31'],
      ];
      for (const [id, at] of reviews) await seed(store, id, 'debtor-1', 1, at);
      same(await store.listDue('2025-03-10'), ['due-a', 'due-b', 'due-e'], 'listDue("2025-03-10") with reviews on 03-09, 03-10, 03-11, null and 2024-12-31');
      same(await store.listDue('2024-12-30'), [], 'listDue before every review date');
      same(await store.listDue('2999-12-31'), ['due-a', 'due-b', 'due-c', 'due-e'], 'listDue far in the future (null is never due)');
    },
  },
  {
    id: 'claim-store/list-due-order',
    group: 'listDue',
    title: 'listDue orders claims by id, whatever order they were written in or are due in',
    async run(subject) {
      const store = await fresh(subject);
      const written: [string, IsoDate][] = [
        ['c-2', '2025-01-01'],
        ['c-b', '2025-01-05'],
        ['c-10', '2025-01-03'],
        ['c-a', '2025-01-02'],
        ['c-1', '2025-01-04'],
      ];
      for (const [id, at] of written) await seed(store, id, 'debtor-1', 1, at);
      same(await store.listDue('2025-01-31'), ['c-1', 'c-10', 'c-2', 'c-a', 'c-b'], 'listDue must order by claim id (code-unit order)');
    },
  },
  {
    id: 'claim-store/list-due-paging',
    group: 'listDue',
    title: 'listDue pages with limit and cursor: each page at most limit ids after the cursor, together every due claim exactly once',
    async run(subject) {
      const store = await fresh(subject);
      const due = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7'];
      for (const id of ['p-5', 'p-2', 'p-7', 'p-1', 'p-6', 'p-3', 'p-4']) await seed(store, id, 'debtor-1', 1, '2025-01-10');
      await seed(store, 'p-0', 'debtor-1', 1, '2025-02-10');
      await seed(store, 'p-8', 'debtor-1', 1, null);
      same(await store.listDue('2025-01-10', { limit: 3 }), ['p-1', 'p-2', 'p-3'], 'first page, limit 3');
      same(await store.listDue('2025-01-10', { limit: 3, cursor: 'p-3' }), ['p-4', 'p-5', 'p-6'], 'second page, cursor "p-3"');
      same(await store.listDue('2025-01-10', { limit: 3, cursor: 'p-6' }), ['p-7'], 'last page, cursor "p-6"');
      same(await store.listDue('2025-01-10', { limit: 3, cursor: 'p-7' }), [], 'after the last due id');
      same(await store.listDue('2025-01-10', { cursor: 'p-4' }), ['p-5', 'p-6', 'p-7'], 'a cursor without a limit: every due id after it');
      same(await store.listDue('2025-01-10', { limit: 100 }), due, 'a limit above the number of due claims');
      same(await store.listDue('2025-01-10', { limit: 1, cursor: 'p-45' }), ['p-5'], 'a cursor that is not a stored id: the first id after it');
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const page = await store.listDue('2025-01-10', cursor === undefined ? { limit: 2 } : { limit: 2, cursor });
        ok(page.length <= 2, `a page with limit 2 returned ${page.length} ids: ${show(page)}`);
        if (page.length === 0) break;
        seen.push(...page);
        cursor = page[page.length - 1];
      }
      same(seen, due, 'paging with limit 2 from the start must yield every due claim exactly once, in order');
    },
  },
  {
    id: 'claim-store/list-due-moves',
    group: 'listDue',
    title: 'a claim leaves listDue when an append moves its next review date later or to null, and returns when moved earlier',
    async run(subject) {
      const store = await fresh(subject);
      const all = ledger('cs-moves', 'debtor-1', 4);
      await resolves(store.append(request('cs-moves', 'debtor-1', 0, all.slice(0, 1), '2025-03-01')), 'create');
      same(await store.listDue('2025-03-05'), ['cs-moves'], 'due on 2025-03-05 with review 2025-03-01');
      await resolves(store.append(request('cs-moves', 'debtor-1', 1, all.slice(1, 2), '2025-03-20')), 'move review to 2025-03-20');
      same(await store.listDue('2025-03-05'), [], 'not due on 2025-03-05 after moving the review to 2025-03-20');
      await resolves(store.append(request('cs-moves', 'debtor-1', 2, all.slice(2, 3), null)), 'no review (settled)');
      same(await store.listDue('2999-12-31'), [], 'a claim with no review date is never due');
      await resolves(store.append(request('cs-moves', 'debtor-1', 3, all.slice(3, 4), '2025-03-02')), 'review again on 2025-03-02');
      same(await store.listDue('2025-03-05'), ['cs-moves'], 'due again after moving the review to 2025-03-02');
    },
  },
];

const contacts: ClaimStoreCheck[] = [
  {
    id: 'claim-store/contacts-since',
    group: 'contacts',
    title: "contactsSince returns the debtor's messages from all their claims decided on or after since, and no other debtor's",
    async run(subject) {
      const store = await fresh(subject);
      const a1 = ledger('ct-a1', 'debtor-a', 3);
      await resolves(store.append(request('ct-a1', 'debtor-a', 0, a1.slice(0, 2), null, { outbox: [message('ct-a1', 'debtor-a', 'ct-a1:m:0110', '2025-01-10')] })), 'claim a1');
      await resolves(store.append(request('ct-a2', 'debtor-a', 0, ledger('ct-a2', 'debtor-a', 1), null, { outbox: [message('ct-a2', 'debtor-a', 'ct-a2:m:0115', '2025-01-15')] })), 'claim a2');
      await resolves(store.append(request('ct-b1', 'debtor-b', 0, ledger('ct-b1', 'debtor-b', 1), null, { outbox: [message('ct-b1', 'debtor-b', 'ct-b1:m:0120', '2025-01-20')] })), 'claim b1 (other debtor)');
      await resolves(
        store.append(request('ct-a1', 'debtor-a', 2, a1.slice(2, 3), null, { outbox: [message('ct-a1', 'debtor-a', 'ct-a1:m:0120', '2025-01-20', { channel: 'letter' }), message('ct-a1', 'debtor-a', 'ct-a1:m:0131', '2025-01-31', { channel: 'sms' })] })),
        'claim a1, two more messages',
      );
      const sorted = (list: readonly OutboxMessage[]): string[] => ids(list).sort();
      same(sorted(await store.contactsSince('debtor-a', '2025-01-15')), ['ct-a1:m:0120', 'ct-a1:m:0131', 'ct-a2:m:0115'], 'contactsSince("debtor-a", "2025-01-15") (ids sorted; on-the-day message included)');
      same(sorted(await store.contactsSince('debtor-a', '2025-01-01')), ['ct-a1:m:0110', 'ct-a1:m:0120', 'ct-a1:m:0131', 'ct-a2:m:0115'], 'contactsSince("debtor-a", "2025-01-01")');
      same(sorted(await store.contactsSince('debtor-b', '2025-01-01')), ['ct-b1:m:0120'], 'contactsSince("debtor-b", "2025-01-01")');
      same(await store.contactsSince('debtor-a', '2025-02-01'), [], 'contactsSince after the last message');
      same(await store.contactsSince('debtor-unknown', '2025-01-01'), [], 'contactsSince of a debtor with no messages');
    },
  },
  {
    id: 'claim-store/contacts-status',
    group: 'contacts',
    title: 'contactsSince includes messages already sent, with their current status and attempts',
    async run(subject) {
      const store = await fresh(subject);
      await seed(store, 'ct-sent', 'debtor-s', 1, null, { outbox: [message('ct-sent', 'debtor-s', 'ct-sent:m:1', '2025-01-10'), message('ct-sent', 'debtor-s', 'ct-sent:m:2', '2025-01-10')] });
      await resolves(store.markOutbox('ct-sent:m:1', 'sent'), 'markOutbox(sent)');
      const found = await store.contactsSince('debtor-s', '2025-01-10');
      const byId = new Map(found.map((m) => [m.id, m]));
      same(
        { sent: [byId.get('ct-sent:m:1')?.status, byId.get('ct-sent:m:1')?.attempts], pending: [byId.get('ct-sent:m:2')?.status, byId.get('ct-sent:m:2')?.attempts] },
        { sent: ['sent', 1], pending: ['pending', 0] },
        'contactsSince must report a sent message (status sent, 1 attempt) and a pending one',
      );
    },
  },
];

const outbox: ClaimStoreCheck[] = [
  {
    id: 'claim-store/outbox-fields',
    group: 'outbox',
    title: 'outbox messages come back as written (claim, debtor, channel, fallback, template, notBefore, date, status, attempts)',
    async run(subject) {
      const store = await fresh(subject);
      const full = message('ob-fields', 'debtor-f', 'ob-fields:msg:notice:1', '2025-01-15', {
        channel: 'sms',
        fallbackChannel: 'letter',
        template: 'de-b2c-default/dunning-notice',
        notBefore: '2025-01-15T08:00:00+01:00',
      });
      const plain = message('ob-fields', 'debtor-f', 'ob-fields:msg:notice:2', '2025-01-15');
      await seed(store, 'ob-fields', 'debtor-f', 1, null, { outbox: [full, plain] });
      same(await store.pendingOutbox(), [full, plain], 'pendingOutbox must return the messages as written');
      const contacted = [...(await store.contactsSince('debtor-f', '2025-01-15'))].sort((a, b) => (a.id < b.id ? -1 : 1));
      same(contacted, [full, plain], 'contactsSince must return the messages as written (sorted by id here; its order is not promised)');
    },
  },
  {
    id: 'claim-store/outbox-order',
    group: 'outbox',
    title: 'pendingOutbox returns pending messages oldest first (write order; request order within a write), at most limit',
    async run(subject) {
      const store = await fresh(subject);
      const ob = ledger('ob-b', 'debtor-1', 2);
      await resolves(store.append(request('ob-b', 'debtor-1', 0, ob.slice(0, 1), null, { outbox: [message('ob-b', 'debtor-1', 'ob-b:msg:2', '2025-01-10'), message('ob-b', 'debtor-1', 'ob-b:msg:1', '2025-01-10')] })), 'first write');
      await resolves(store.append(request('ob-a', 'debtor-2', 0, ledger('ob-a', 'debtor-2', 1), null, { outbox: [message('ob-a', 'debtor-2', 'ob-a:msg:1', '2025-01-10')] })), 'second write');
      await resolves(store.append(request('ob-b', 'debtor-1', 1, ob.slice(1, 2), null, { outbox: [message('ob-b', 'debtor-1', 'ob-b:msg:0', '2025-01-11')] })), 'third write');
      same(ids(await store.pendingOutbox()), ['ob-b:msg:2', 'ob-b:msg:1', 'ob-a:msg:1', 'ob-b:msg:0'], 'pendingOutbox after three writes (not sorted by id)');
      same(ids(await store.pendingOutbox({ limit: 2 })), ['ob-b:msg:2', 'ob-b:msg:1'], 'pendingOutbox({ limit: 2 })');
    },
  },
  {
    id: 'claim-store/outbox-mark',
    group: 'outbox',
    title: 'markOutbox sets the status and counts the attempt: sent and failed leave the pending list, pending returns to it',
    async run(subject) {
      const store = await fresh(subject);
      await seed(store, 'ob-mark', 'debtor-m', 1, null, {
        outbox: [message('ob-mark', 'debtor-m', 'ob-mark:1', '2025-01-10'), message('ob-mark', 'debtor-m', 'ob-mark:2', '2025-01-10'), message('ob-mark', 'debtor-m', 'ob-mark:3', '2025-01-10')],
      });
      await resolves(store.markOutbox('ob-mark:1', 'sent'), 'markOutbox(1, sent)');
      same(ids(await store.pendingOutbox()), ['ob-mark:2', 'ob-mark:3'], 'pending after marking 1 sent');
      await resolves(store.markOutbox('ob-mark:2', 'failed'), 'markOutbox(2, failed)');
      same(ids(await store.pendingOutbox()), ['ob-mark:3'], 'pending after marking 2 failed');
      await resolves(store.markOutbox('ob-mark:2', 'pending'), 'markOutbox(2, pending)');
      same(ids(await store.pendingOutbox()), ['ob-mark:2', 'ob-mark:3'], 'pending after marking 2 pending again (oldest first)');
      const state = Object.fromEntries((await store.contactsSince('debtor-m', '2025-01-01')).map((m) => [m.id, `${m.status}/${m.attempts}`]));
      same(state, { 'ob-mark:1': 'sent/1', 'ob-mark:2': 'pending/2', 'ob-mark:3': 'pending/0' }, 'status/attempts of each message after the marks');
    },
  },
];

const copies: ClaimStoreCheck[] = [
  {
    id: 'claim-store/copies-out',
    group: 'copies',
    title: 'changing what load, listDue, pendingOutbox or contactsSince returned does not change the store',
    async run(subject) {
      const store = await fresh(subject);
      await seed(store, 'cp-out', 'debtor-c', 2, '2025-01-05', { outbox: [message('cp-out', 'debtor-c', 'cp-out:m', '2025-01-05')] });
      const scope: SnapshotScope = [store, ['cp-out'], ['debtor-c'], []];
      const before = await snapshot(...scope);
      const loaded = await store.load('cp-out');
      ok(loaded !== null, 'load returned null');
      const claim = loaded as unknown as { version: number; nextReviewAt: unknown; entries: { seq: number; event: { date: string; claim: { principal: string } } }[] };
      tryMutate(() => (claim.version = 99));
      tryMutate(() => (claim.nextReviewAt = null));
      tryMutate(() => claim.entries.pop());
      tryMutate(() => ((claim.entries[0] as { seq: number }).seq = 7));
      tryMutate(() => ((claim.entries[0] as { event: { date: string } }).event.date = '1999-01-01'));
      tryMutate(() => ((claim.entries[0] as { event: { claim: { principal: string } } }).event.claim.principal = '1.00'));
      const due = (await store.listDue('2025-01-31')) as string[];
      tryMutate(() => due.push('intruder'));
      const pending = (await store.pendingOutbox()) as unknown as { status: string; attempts: number }[];
      tryMutate(() => ((pending[0] as { status: string }).status = 'sent'));
      tryMutate(() => ((pending[0] as { attempts: number }).attempts = 5));
      tryMutate(() => pending.pop());
      const contactList = (await store.contactsSince('debtor-c', '2025-01-01')) as unknown as { channel: string }[];
      tryMutate(() => ((contactList[0] as { channel: string }).channel = 'fax'));
      await unchanged(before, scope, 'after changing the objects load, listDue, pendingOutbox and contactsSince returned', 'a store must return copies, never its own objects');
    },
  },
  {
    id: 'claim-store/copies-in',
    group: 'copies',
    title: 'changing the request after append does not change the store',
    async run(subject) {
      const store = await fresh(subject);
      const entries = JSON.parse(JSON.stringify(ledger('cp-in', 'debtor-c', 2))) as { seq: number; event: { date: string; claim?: { principal: string } } }[];
      const outboxMessages = [message('cp-in', 'debtor-c', 'cp-in:m', '2025-01-05')] as { status: string; channel: string }[];
      const original = JSON.parse(JSON.stringify({ entries, outboxMessages })) as unknown;
      await resolves(
        store.append(request('cp-in', 'debtor-c', 0, entries as unknown as AuditEntry<ClaimEvent>[], '2025-01-05', { outbox: outboxMessages as unknown as OutboxMessage[] })),
        'append of plain (unfrozen) entries',
      );
      (entries[0] as { event: { date: string } }).event.date = '1999-01-01';
      (entries[0] as { event: { claim: { principal: string } } }).event.claim.principal = '1.00';
      entries.pop();
      (outboxMessages[0] as { status: string }).status = 'sent';
      (outboxMessages[0] as { channel: string }).channel = 'fax';
      const loaded = await store.load('cp-in');
      const expected = original as { entries: unknown[]; outboxMessages: unknown[] };
      same(loaded?.entries, expected.entries, 'entries after the caller changed its request objects');
      same(await store.pendingOutbox(), expected.outboxMessages, 'outbox after the caller changed its request objects');
    },
  },
];


function tablesOf(subject: ClaimStoreSubject, store: ClaimStore): ClaimStoreTables {
  ok(subject.tables !== undefined, 'this check needs the tables hook');
  return subject.tables(store);
}

const noTables = (subject: ClaimStoreSubject): string | undefined =>
  subject.tables === undefined ? 'no tables hook: pass `tables` to read what landed in the storage directly' : undefined;

/** The underlying store behind the read guards of {@link fresh} (its prototype). */
function raw(store: ClaimStore): ClaimStore {
  return Object.getPrototypeOf(store) as ClaimStore;
}

const tables: ClaimStoreCheck[] = [
  {
    id: 'claim-store/tables-append',
    group: 'what lands in the tables',
    title: 'a keyed append with outbox messages stores exactly its entries, head, key and messages — read from the tables, not through the port',
    unavailable: noTables,
    async run(subject) {
      const store = await fresh(subject);
      const t = tablesOf(subject, raw(store));
      const all = ledger('tb-append', 'debtor-t', 3);
      await resolves(store.append(request('tb-append', 'debtor-t', 0, all.slice(0, 2), '2025-02-01', { idempotencyKey: 'tb-append:create' })), 'keyed create');
      await resolves(
        store.append(request('tb-append', 'debtor-t', 2, all.slice(2), '2025-03-01', { idempotencyKey: 'tb-append:next', outbox: [message('tb-append', 'debtor-t', 'tb-append:m:1', '2025-01-05'), message('tb-append', 'debtor-t', 'tb-append:m:2', '2025-01-05')] })),
        'keyed append with two messages',
      );
      same(await t.claim('tb-append'), { version: 3, debtorId: 'debtor-t', nextReviewAt: '2025-03-01' }, 'the stored stream head');
      same(
        await t.events('tb-append'),
        all.map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event })),
        'the stored event rows must be the entries written, one row per entry',
      );
      same(
        (await t.outbox()).map((m) => ({ id: m.id, claimId: m.claimId, status: m.status, attempts: m.attempts })),
        [
          { id: 'tb-append:m:1', claimId: 'tb-append', status: 'pending', attempts: 0 },
          { id: 'tb-append:m:2', claimId: 'tb-append', status: 'pending', attempts: 0 },
        ],
        'the stored outbox rows, in write order',
      );
      if (t.idempotencyKeys !== undefined) {
        same(
          await t.idempotencyKeys(),
          [
            { key: 'tb-append:create', claimId: 'tb-append', version: 2 },
            { key: 'tb-append:next', claimId: 'tb-append', version: 3 },
          ],
          'the stored idempotency keys with the version each write produced',
        );
      }
    },
  },
  {
    id: 'claim-store/tables-refused-atomic',
    group: 'what lands in the tables',
    title: 'outbox atomicity: a write refused for any reason (stale version, used key, an outbox id already stored) leaves no event, outbox or key row behind',
    unavailable: noTables,
    async run(subject) {
      const store = await fresh(subject);
      const t = tablesOf(subject, raw(store));
      const chain = await seed(store, 'tb-atomic', 'debtor-t', 2, '2025-02-01', { idempotencyKey: 'tb-atomic:k', outbox: [message('tb-atomic', 'debtor-t', 'tb-atomic:m', '2025-01-03')] });
      const before = {
        claim: stableJson(await t.claim('tb-atomic')),
        events: stableJson(await t.events('tb-atomic')),
        outbox: stableJson(await t.outbox()),
        keys: stableJson(t.idempotencyKeys === undefined ? null : await t.idempotencyKeys()),
      };
      const extra = next(chain, 'tb-atomic', 1);
      const attempts: [string, AppendRequest][] = [
        ['a stale expectedVersion', request('tb-atomic', 'debtor-t', 1, [next(chain.slice(0, 1), 'tb-atomic', 1)], null, { idempotencyKey: 'tb-atomic:new1', outbox: [message('tb-atomic', 'debtor-t', 'tb-atomic:m2', '2025-01-04')] })],
        ['a used idempotency key', request('tb-atomic', 'debtor-t', 2, [extra], null, { idempotencyKey: 'tb-atomic:k', outbox: [message('tb-atomic', 'debtor-t', 'tb-atomic:m3', '2025-01-04')] })],
        ['an outbox id already stored', request('tb-atomic', 'debtor-t', 2, [extra], null, { idempotencyKey: 'tb-atomic:new2', outbox: [message('tb-atomic', 'debtor-t', 'tb-atomic:m4', '2025-01-04'), message('tb-atomic', 'debtor-t', 'tb-atomic:m', '2025-01-04')] })],
      ];
      for (const [why, req] of attempts) {
        await rejectsWith(store.append(req), 'conflict', `an append with ${why}`);
        const after = {
          claim: stableJson(await t.claim('tb-atomic')),
          events: stableJson(await t.events('tb-atomic')),
          outbox: stableJson(await t.outbox()),
          keys: stableJson(t.idempotencyKeys === undefined ? null : await t.idempotencyKeys()),
        };
        for (const table of ['claim', 'events', 'outbox', 'keys'] as const) {
          ok(after[table] === before[table], () => `after a refused append with ${why}, the ${table} rows changed: ${firstDifference(before[table], after[table])}`);
        }
      }
    },
  },
  {
    id: 'claim-store/tables-create-refused',
    group: 'what lands in the tables',
    title: 'a refused first write of a claim leaves no claim row and no event row',
    unavailable: noTables,
    async run(subject) {
      const store = await fresh(subject);
      const t = tablesOf(subject, raw(store));
      await seed(store, 'tb-first', 'debtor-t', 1, null, { idempotencyKey: 'tb-first:k' });
      await rejectsWith(store.append(request('tb-second', 'debtor-t', 0, ledger('tb-second', 'debtor-t', 3), '2025-01-09', { idempotencyKey: 'tb-first:k' })), 'conflict', 'creating a claim with a used key');
      same(await t.claim('tb-second'), null, 'no claim row for a refused create');
      same(await t.events('tb-second'), [], 'no event rows for a refused create');
    },
  },
  {
    id: 'claim-store/tables-no-orphans',
    group: 'what lands in the tables',
    title: 'a write to a claim that is not stored (expectedVersion > 0), alone or in a batch, is refused and leaves no event or outbox row without its claim',
    unavailable: noTables,
    async run(subject) {
      const store = await fresh(subject);
      const t = tablesOf(subject, raw(store));
      const ghost = ledger('tb-ghost', 'debtor-t', 3);
      const ghostWrite = (): AppendRequest =>
        request('tb-ghost', 'debtor-t', 2, ghost.slice(2), '2025-01-09', { outbox: [message('tb-ghost', 'debtor-t', 'tb-ghost:m', '2025-01-04')] });
      await rejectsWith(store.append(ghostWrite()), 'conflict', 'an append to a claim that is not stored');
      if (store.appendMany !== undefined) {
        const real = ledger('tb-real', 'debtor-t', 2);
        const outcomes = await store.appendMany([request('tb-real', 'debtor-t', 0, real, '2025-01-09'), ghostWrite()]);
        same(
          outcomes.map((o) => o.status),
          ['appended', 'conflict'],
          'appendMany: the stored claim is written, the one that is not stored is a conflict',
        );
        same(await t.claim('tb-real'), { version: 2, debtorId: 'debtor-t', nextReviewAt: '2025-01-09' }, 'the other claim of the batch is written');
      }
      same(await t.claim('tb-ghost'), null, 'no claim row');
      same(await t.events('tb-ghost'), [], 'no event rows without their claim');
      same(
        (await t.outbox()).filter((m) => m.claimId === 'tb-ghost'),
        [],
        'no outbox rows without their claim',
      );
    },
  },
];

const payloads: ClaimStoreCheck[] = [
  {
    id: 'claim-store/large-stream',
    group: 'payloads',
    title: 'a large stream (1,000 entries in one write, then 50 single appends) comes back complete, in order, and verifies',
    async run(subject) {
      const store = await fresh(subject);
      const all = ledger('big-stream', 'debtor-big', 1050);
      await resolves(store.append(request('big-stream', 'debtor-big', 0, all.slice(0, 1000), '2025-01-10')), 'one write of 1,000 entries');
      for (let v = 1000; v < 1050; v++) {
        await resolves(store.append(request('big-stream', 'debtor-big', v, all.slice(v, v + 1), '2025-01-10')), `single append at version ${v}`);
      }
      const loaded = await store.load('big-stream');
      ok(loaded !== null, 'load of the large stream returned null');
      same(loaded.version, 1050, 'version of the large stream');
      ok(loaded.entries.length === 1050, `expected 1,050 entries, found ${loaded.entries.length}`);
      loaded.entries.forEach((e, i) => ok(e.seq === i && e.hash === all[i]?.hash, () => `entry ${i} came back as seq ${e.seq} with another hash`));
      const verification = verifyAudit(loaded.entries, { expectedLength: 1050 });
      ok(verification.ok, () => `the large stream must verify: ${show(verification)}`);
      if (subject.tables !== undefined) {
        same((await subject.tables(raw(store)).events('big-stream')).length, 1050, 'event rows stored for the large stream');
      }
    },
  },
  {
    id: 'claim-store/many-digit-amounts',
    group: 'payloads',
    title: 'amounts with many digits (30 integer digits, 20 decimals, trailing zeros) keep every digit: decimal strings never pass through a float',
    async run(subject) {
      const store = await fresh(subject);
      const claimId = 'digits-1';
      const facts = fixtures.businessClaim({ id: claimId, debtor: { id: 'debtor-d' }, principal: '123456789012345678901234567890.10' });
      const amounts = ['123456789012345678901234567890.10', '0.00000000000000000001', '9007199254740993.00', '1.50', '100.000'];
      const written = buildAuditChain<ClaimEvent>([
        fixtures.claimCreated(facts),
        ...amounts.map(
          (amount, i): ClaimEvent => ({ type: 'promise-to-pay', claimId, date: addDays(facts.invoiceDate, i + 1), amount, by: addDays(facts.invoiceDate, 30), reason: { rule: 'digits', inputs: { amount, exact: amount } } }),
        ),
      ]);
      await resolves(store.append(request(claimId, 'debtor-d', 0, written, null)), 'append of many-digit amounts');
      const loaded = await store.load(claimId);
      same(loaded?.entries, written, 'the entries with many-digit amounts must come back digit for digit');
      if (subject.tables !== undefined) {
        const rows = await subject.tables(raw(store)).events(claimId);
        same(
          rows.slice(1).map((r) => (r.event as { amount: string }).amount),
          amounts,
          'the amounts as stored in the event rows',
        );
      }
    },
  },
  {
    id: 'claim-store/unicode-ids',
    group: 'payloads',
    title: 'unicode in claim ids, debtor ids, idempotency keys and message ids is stored, found and listed unchanged',
    async run(subject) {
      const store = await fresh(subject);
      const claims = ['Übergröße-1', 'ärger-2', 'straße-ß', '漢字-4'];
      for (const [i, id] of claims.entries()) {
        await seed(store, id, 'Schuldner-Jürgen-😀', 1, '2025-01-10', { idempotencyKey: `Schlüssel-${id}`, outbox: [message(id, 'Schuldner-Jürgen-😀', `Nachricht-${id}-${i}`, '2025-01-10')] });
      }
      same(await store.listDue('2025-01-10'), [...claims].sort(compareIds), 'listDue with unicode ids (code-unit order; these ids sort the same by code point)');
      for (const id of claims) {
        same(await store.findByIdempotencyKey(`Schlüssel-${id}`), { claimId: id, version: 1 }, `the unicode key of "${id}"`);
        same((await store.load(id))?.debtorId, 'Schuldner-Jürgen-😀', `the debtor id of "${id}"`);
      }
      same(
        ids(await store.contactsSince('Schuldner-Jürgen-😀', '2025-01-01')).sort(compareIds),
        claims.map((id, i) => `Nachricht-${id}-${i}`).sort(compareIds),
        'contactsSince of a unicode debtor id',
      );
    },
  },
  {
    id: 'claim-store/due-at-scale',
    group: 'payloads',
    title: 'listDue over 400 claims of which 20 are due pages through exactly the due ones, in id order',
    async run(subject) {
      const store = await fresh(subject);
      const due: string[] = [];
      for (let i = 0; i < 400; i++) {
        const id = `scale-${String(i).padStart(4, '0')}`;
        const isDue = i % 20 === 7;
        if (isDue) due.push(id);
        await resolves(store.append(request(id, `debtor-${i % 37}`, 0, ledger(id, `debtor-${i % 37}`, 1), isDue ? '2025-05-01' : i % 2 === 0 ? '2025-06-01' : null)), `claim ${id}`);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const got = await store.listDue('2025-05-15', cursor === undefined ? { limit: 6 } : { limit: 6, cursor });
        if (got.length === 0) break;
        seen.push(...got);
        cursor = got[got.length - 1];
      }
      same(seen, due, 'the due claims paged 6 at a time');
    },
  },
];

const T0 = '2025-01-10T09:00:00+01:00';

/** An instant `seconds` after {@link T0}. */
function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

async function seedMessages(store: ClaimStore, claimId: string, n: number): Promise<string[]> {
  const messageIds = Array.from({ length: n }, (_, i) => `${claimId}:m:${String(i).padStart(2, '0')}`);
  await seed(store, claimId, `${claimId}-debtor`, 1, null, { outbox: messageIds.map((id) => message(claimId, `${claimId}-debtor`, id, '2025-01-10')) });
  return messageIds;
}

const leases: ClaimStoreCheck[] = [
  {
    id: 'claim-store/lease-exclusive',
    group: 'outbox leases',
    title: 'of five concurrent leaseOutbox calls, no two get the same message; together they get each free message at most once, oldest first per caller',
    async run(subject) {
      const store = await fresh(subject);
      const all = await seedMessages(store, 'ls-excl', 12);
      const results = await Promise.all([1, 2, 3, 4, 5].map((w) => resolves(store.leaseOutbox({ owner: `worker-${w}`, now: T0, leaseSeconds: 60, limit: 3 }), `leaseOutbox of worker ${w}`)));
      const got = results.flatMap((r) => r.map((l) => l.message.id));
      ok(new Set(got).size === got.length, () => `a message was leased to two callers at once: ${show(results.map((r) => r.map((l) => l.message.id)))}`);
      ok(got.length === 12, () => `five callers with limit 3 must together lease all 12 free messages, got ${got.length}: ${show(got)}`);
      for (const r of results) {
        const mine = r.map((l) => l.message.id);
        same(mine, [...mine].sort(compareIds), 'each caller gets its messages oldest first');
        for (const l of r) ok(l.message.attempts === 1 && l.attemptId !== '', () => `a first lease counts attempt 1 and has an attempt id: ${show(l)}`);
      }
      same(await store.leaseOutbox({ owner: 'late', now: at(30), leaseSeconds: 60 }), [], 'while every lease is live, nothing is free');
      same(ids(await store.pendingOutbox()), all, 'leased messages are still pending until an outcome is recorded');
    },
  },
  {
    id: 'claim-store/lease-expiry',
    group: 'outbox leases',
    title: 'an expired lease frees the message for another attempt (new attempt id, attempt counted); the first attempt can no longer record its outcome',
    async run(subject) {
      const store = await fresh(subject);
      await seedMessages(store, 'ls-exp', 1);
      const [first] = await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60 });
      ok(first !== undefined, 'the free message must be leased');
      same(await store.leaseOutbox({ owner: 'b', now: at(59), leaseSeconds: 60 }), [], 'a lease is live until it runs out');
      const [second] = await store.leaseOutbox({ owner: 'b', now: at(61), leaseSeconds: 60 });
      ok(second !== undefined, 'after the lease ran out the message must be leased again');
      ok(second.attemptId !== first.attemptId, 'the second attempt needs an id of its own');
      same(second.message.attempts, 2, 'the second lease counts attempt 2');
      same(await resolves(store.completeOutbox(first.attemptId, { status: 'sent' }), 'complete of the expired attempt'), false, 'the expired attempt must not record an outcome');
      same(ids(await store.pendingOutbox()), ['ls-exp:m:00'], 'the message stays pending after the refused completion');
      same(await resolves(store.completeOutbox(second.attemptId, { status: 'sent' }), 'complete of the live attempt'), true, 'the live attempt records its outcome');
      same(await store.pendingOutbox(), [], 'a sent message leaves the pending list');
      same(await resolves(store.completeOutbox(second.attemptId, { status: 'failed' }), 'second complete'), false, 'an attempt records its outcome once');
      same((await store.contactsSince('ls-exp-debtor', '2025-01-01')).map((m) => `${m.status}/${m.attempts}`), ['sent/2'], 'status and attempts after two leases');
    },
  },
  {
    id: 'claim-store/lease-outcomes',
    group: 'outbox leases',
    title: 'outcomes: sent and failed end the message; retry frees it at retryAt; unknown frees it at retryAt and names the channel to send on again',
    async run(subject) {
      const store = await fresh(subject);
      await seedMessages(store, 'ls-out', 4);
      const leased = await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60 });
      same(leased.map((l) => l.message.id), ['ls-out:m:00', 'ls-out:m:01', 'ls-out:m:02', 'ls-out:m:03'], 'all four leased');
      const [sent, failed, retry, unknown] = leased as [OutboxLease, OutboxLease, OutboxLease, OutboxLease];
      for (const [l, outcome] of [
        [sent, { status: 'sent' }],
        [failed, { status: 'failed' }],
        [retry, { status: 'retry', retryAt: at(600) }],
        [unknown, { status: 'unknown', channel: 'email', retryAt: at(300) }],
      ] as const) {
        same(await resolves(store.completeOutbox(l.attemptId, outcome), `complete ${l.message.id}`), true, `recording ${outcome.status}`);
      }
      same(ids(await store.pendingOutbox()), ['ls-out:m:02', 'ls-out:m:03'], 'retry and unknown stay pending; sent and failed leave');
      same(await store.leaseOutbox({ owner: 'b', now: at(299), leaseSeconds: 60 }), [], 'nothing is free before the earliest retryAt');
      const again = await store.leaseOutbox({ owner: 'b', now: at(300), leaseSeconds: 3600 });
      same(again.map((l) => [l.message.id, l.unknownOn ?? null]), [['ls-out:m:03', 'email']], 'at its retryAt the unknown message is free again and names its channel');
      const later = await store.leaseOutbox({ owner: 'b', now: at(600), leaseSeconds: 60 });
      same(later.map((l) => [l.message.id, l.unknownOn ?? null, l.message.attempts]), [['ls-out:m:02', null, 2]], 'at its retryAt the retried message is free again (attempt 2)');
      const [retried] = later as [OutboxLease];
      same(await resolves(store.completeOutbox(retried.attemptId, { status: 'released' }), 'release'), true, 'a lease given back untried');
      const back = await store.leaseOutbox({ owner: 'c', now: at(601), leaseSeconds: 60 });
      same(back.map((l) => [l.message.id, l.message.attempts]), [['ls-out:m:02', 2]], 'a released message is free at once and its untried attempt is not counted');
    },
  },
  {
    id: 'claim-store/outbox-reopen',
    group: 'outbox leases',
    title: 'reopenOutbox puts a failed message back to pending without counting an attempt (no lease, retry time or unknown outcome left); any other it leaves as it is; of two concurrent calls one does it',
    async run(subject) {
      const store = await fresh(subject);
      const [unknown, sent, failed] = (await seedMessages(store, 'ls-re', 3)) as [string, string, string];
      const first = (await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60 })) as [OutboxLease, OutboxLease, OutboxLease];
      // Message 0: outcome unknown on e-mail, retried at its retryAt (attempt 2, unknownOn email) and given up on: failed, 2 attempts.
      same(await resolves(store.completeOutbox(first[0].attemptId, { status: 'unknown', channel: 'email', retryAt: at(120) }), 'complete 0 unknown'), true, 'recording unknown');
      same(await resolves(store.completeOutbox(first[1].attemptId, { status: 'sent' }), 'complete 1 sent'), true, 'recording sent');
      same(await resolves(store.completeOutbox(first[2].attemptId, { status: 'failed' }), 'complete 2 failed'), true, 'recording failed');
      const [retried] = (await store.leaseOutbox({ owner: 'a', now: at(120), leaseSeconds: 60 })) as [OutboxLease];
      same([retried.message.id, retried.unknownOn ?? null, retried.message.attempts], [unknown, 'email', 2], 'the unknown message leased again at its retryAt');
      same(await resolves(store.completeOutbox(retried.attemptId, { status: 'failed' }), 'complete 0 failed'), true, 'recording its give-up');
      const statusOf = async (): Promise<Record<string, string>> =>
        Object.fromEntries((await store.contactsSince('ls-re-debtor', '2025-01-01')).map((m) => [m.id, `${m.status}/${m.attempts}`]));
      same(await statusOf(), { [unknown]: 'failed/2', [sent]: 'sent/1', [failed]: 'failed/1' }, 'status/attempts before any reopenOutbox');

      same(await resolves(store.reopenOutbox(unknown), `reopenOutbox(${unknown})`), true, 'reopenOutbox of a failed message answers true');
      same(await resolves(store.reopenOutbox(unknown), `reopenOutbox(${unknown}) again`), false, 'reopenOutbox of a message that is pending answers false');
      same(await resolves(store.reopenOutbox(sent), `reopenOutbox(${sent})`), false, 'reopenOutbox of a sent message answers false');
      const both = await Promise.all([resolves(store.reopenOutbox(failed), 'first concurrent reopenOutbox'), resolves(store.reopenOutbox(failed), 'second concurrent reopenOutbox')]);
      same([...both].sort(), [false, true], 'of two concurrent reopenOutbox calls of one failed message exactly one answers true');
      same(await statusOf(), { [unknown]: 'pending/2', [sent]: 'sent/1', [failed]: 'pending/1' }, 'status/attempts after reopenOutbox: back to pending, no attempt counted; the sent message untouched');
      same(ids(await store.pendingOutbox()), [unknown, failed], 'the reopened messages are pending again, oldest first');

      // Free at once (before the lease taken at 120 s would have run out at 180 s), counted on from the last attempt, without the unknown outcome.
      const again = await store.leaseOutbox({ owner: 'b', now: at(121), leaseSeconds: 60 });
      same(
        again.map((l) => [l.message.id, l.message.attempts, l.attemptId, l.unknownOn ?? null]),
        [
          [unknown, 3, `${unknown}#3`, null],
          [failed, 2, `${failed}#2`, null],
        ],
        'the next lease after reopenOutbox: attempt 3 and 2 (one more than before), no unknownOn',
      );
      await rejectsWith(store.reopenOutbox('ls-re:m:99'), 'invalid_input', 'reopenOutbox of an id the store does not hold');
    },
  },
  {
    id: 'claim-store/outbox-reopen-sent',
    group: 'outbox leases',
    title:
      'reopenSentOutbox puts a sent message back to pending once — of two concurrent calls exactly one answers true — without counting an attempt, under its own id (no lease, retry time or unknown outcome left); a pending, leased or failed message it leaves as it is',
    async run(subject) {
      const store = await fresh(subject);
      const [sent, retried, failed, leased, pending] = (await seedMessages(store, 'ls-rs', 5)) as [string, string, string, string, string];
      // Messages 0–2 leased at T0 for 60 s (attempt 1 each): 0 sent; 1 unknown on e-mail, leased again at its retryAt
      // (attempt 2, unknownOn email) and sent; 2 failed. Message 3 leased at T0 for an hour and still held; 4 never leased.
      const first = (await store.leaseOutbox({ owner: 'a', now: T0, leaseSeconds: 60, limit: 3 })) as [OutboxLease, OutboxLease, OutboxLease];
      same(first.map((l) => l.message.id), [sent, retried, failed], 'the three oldest leased');
      const [held] = (await store.leaseOutbox({ owner: 'h', now: T0, leaseSeconds: 3600, limit: 1 })) as [OutboxLease];
      same(held.message.id, leased, 'the fourth leased for an hour');
      same(await resolves(store.completeOutbox(first[0].attemptId, { status: 'sent' }), 'complete 0 sent'), true, 'recording sent');
      same(await resolves(store.completeOutbox(first[1].attemptId, { status: 'unknown', channel: 'email', retryAt: at(120) }), 'complete 1 unknown'), true, 'recording unknown');
      same(await resolves(store.completeOutbox(first[2].attemptId, { status: 'failed' }), 'complete 2 failed'), true, 'recording failed');
      const [again] = (await store.leaseOutbox({ owner: 'a', now: at(120), leaseSeconds: 60, limit: 1 })) as [OutboxLease];
      same([again.message.id, again.unknownOn ?? null, again.message.attempts], [retried, 'email', 2], 'the unknown message leased again at its retryAt');
      same(await resolves(store.completeOutbox(again.attemptId, { status: 'sent' }), 'complete 1 sent'), true, 'recording its send');
      const statusOf = async (): Promise<Record<string, string>> =>
        Object.fromEntries((await store.contactsSince('ls-rs-debtor', '2025-01-01')).map((m) => [m.id, `${m.status}/${m.attempts}`]));
      // Read from the storage itself where the adapter gives a tables hook (not through the port).
      const rowsOf = async (): Promise<Record<string, string> | null> =>
        subject.tables === undefined ? null : Object.fromEntries((await subject.tables(raw(store)).outbox()).filter((m) => m.claimId === 'ls-rs').map((m) => [m.id, `${m.status}/${m.attempts}`]));
      const before = { [sent]: 'sent/1', [retried]: 'sent/2', [failed]: 'failed/1', [leased]: 'pending/1', [pending]: 'pending/0' };
      same(await statusOf(), before, 'status/attempts before any reopenSentOutbox');
      const rowsBefore = await rowsOf();
      if (rowsBefore !== null) same(rowsBefore, before, 'the outbox rows in the tables before any reopenSentOutbox');

      const both = await Promise.all([resolves(store.reopenSentOutbox(sent), 'first concurrent reopenSentOutbox'), resolves(store.reopenSentOutbox(sent), 'second concurrent reopenSentOutbox')]);
      same([...both].sort(), [false, true], 'of two concurrent reopenSentOutbox calls of one sent message exactly one answers true');
      same(await resolves(store.reopenSentOutbox(sent), `reopenSentOutbox(${sent}) again`), false, 'reopenSentOutbox of a message put back already (pending) answers false');
      same(await resolves(store.reopenSentOutbox(retried), `reopenSentOutbox(${retried})`), true, 'reopenSentOutbox of a sent message answers true');
      same(await resolves(store.reopenSentOutbox(failed), `reopenSentOutbox(${failed})`), false, 'reopenSentOutbox of a failed message answers false (reopenOutbox is its way back)');
      same(await resolves(store.reopenSentOutbox(leased), `reopenSentOutbox(${leased})`), false, 'reopenSentOutbox of a leased message answers false');
      same(await resolves(store.reopenSentOutbox(pending), `reopenSentOutbox(${pending})`), false, 'reopenSentOutbox of a pending message answers false');
      const after = { [sent]: 'pending/1', [retried]: 'pending/2', [failed]: 'failed/1', [leased]: 'pending/1', [pending]: 'pending/0' };
      same(await statusOf(), after, 'status/attempts after reopenSentOutbox: the sent ones back to pending, no attempt counted; the others untouched');
      const rowsAfter = await rowsOf();
      if (rowsAfter !== null) same(rowsAfter, after, 'the outbox rows in the tables after reopenSentOutbox: put back once, attempts as they were');
      same(ids(await store.pendingOutbox()), [sent, retried, leased, pending], 'the messages put back are pending again, in their places (oldest first)');

      // Free at once, under their own ids, counted on from their last attempt, without the unknown outcome; the held
      // lease is left as it was: not handed out again, and its attempt still records its outcome.
      const next = await store.leaseOutbox({ owner: 'b', now: at(121), leaseSeconds: 60 });
      same(
        next.map((l) => [l.message.id, l.message.attempts, l.attemptId, l.unknownOn ?? null]),
        [
          [sent, 2, `${sent}#2`, null],
          [retried, 3, `${retried}#3`, null],
          [pending, 1, `${pending}#1`, null],
        ],
        'the next lease after reopenSentOutbox: attempt 2 and 3 (one more than before), no unknownOn; the held message not leased',
      );
      same(await resolves(store.completeOutbox(held.attemptId, { status: 'sent' }), 'complete the held attempt'), true, 'the held lease still records its outcome');
      await rejectsWith(store.reopenSentOutbox('ls-rs:m:99'), 'invalid_input', 'reopenSentOutbox of an id the store does not hold');
    },
  },
];

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Personal data kept apart, and its erasure (GDPR Art. 17; DESIGN.md "Personal data stays erasable").

/** Personal data that appears nowhere else in a check (so a grep for it finds only this debtor's data). */
function person(tag: string) {
  return {
    name: `Zoë Quellbrunn-${tag}`,
    email: `zoe.quellbrunn.${tag}@example.net`,
    phone: `+49151${tag.charCodeAt(0)}65432`,
    address: [`Zoë Quellbrunn-${tag}`, `Wendelsteinweg-${tag} 7a`, `83714 Miesbach-${tag}`],
    postalAddress: { street: `Wendelsteinweg-${tag}`, houseNumber: '7a', postalCode: '83714', city: `Miesbach-${tag}`, country: 'DE' },
  };
}

/** Writes a claim whose claim-created event keeps `debtor`'s personal data apart, with a fixed salt. */
async function seedPersonal(store: ClaimStore, claimId: string, debtorId: string, tag: string, extra: { readonly idempotencyKey?: string; readonly idempotencyFingerprint?: string } = {}) {
  const facts = fixtures.consumerClaim({ id: claimId, debtor: { id: debtorId, ...person(tag) } });
  const salt = hashEntry(0, { salt: claimId }, '0'.repeat(64));
  const apart = keepPersonalDataApart(fixtures.claimCreated(facts, DAY0), salt);
  ok(apart.record !== undefined, 'keepPersonalDataApart must return a record for a claim-created event');
  const chain = buildAuditChain([apart.event]);
  await resolves(store.append({ ...request(claimId, debtorId, 0, chain, '2025-01-10', extra), personalData: apart.record }), `creating claim "${claimId}" with personal data`);
  return { chain, record: apart.record };
}

const personalData: ClaimStoreCheck[] = [
  {
    id: 'claim-store/personal-data-round-trip',
    group: 'personal data and erasure',
    title: 'personal data written with a claim\'s first append comes back from load exactly, apart from the entries (which hold only its commitment)',
    async run(subject) {
      const store = await fresh(subject);
      const { chain, record } = await seedPersonal(store, 'pd-1', 'pd-debtor', 'a');
      const loaded = await store.load('pd-1');
      same(loaded?.entries, chain, 'entries (no personal data, only the commitment)');
      same(loaded?.personalData, { status: 'held', record }, 'the personal data kept apart');
      ok(!JSON.stringify(loaded?.entries).includes(person('a').name), 'the entries must not hold the name');
      same(await store.debtorClaimIds('pd-debtor'), ['pd-1'], 'debtorClaimIds');
    },
  },
  {
    id: 'claim-store/personal-data-first-write-only',
    group: 'personal data and erasure',
    title: 'personal data is refused on a later write (ValidationError) and with a commitment its claim-created event does not record; nothing is written',
    async run(subject) {
      const store = await fresh(subject);
      const { chain, record } = await seedPersonal(store, 'pd-2', 'pd-debtor', 'b');
      const later = next(chain, 'pd-2', 1);
      await rejectsWith(store.append({ ...request('pd-2', 'pd-debtor', 1, [later], null), personalData: record }), 'invalid_input', 'personal data on a later write');
      const facts = fixtures.consumerClaim({ id: 'pd-3', debtor: { id: 'pd-debtor' } });
      await rejectsWith(
        store.append({ ...request('pd-3', 'pd-debtor', 0, buildAuditChain([fixtures.claimCreated(facts, DAY0)]), null), personalData: { ...record, claimId: 'pd-3' } }),
        'invalid_input',
        'personal data whose commitment the claim-created event does not record',
      );
      same(await store.load('pd-3'), null, 'load of the refused claim');
      same((await store.load('pd-2'))?.version, 1, 'version of the claim a refused write went to');
    },
  },
  {
    id: 'claim-store/erase-debtor',
    group: 'personal data and erasure',
    title: 'eraseDebtor removes the personal data of all the debtor\'s claims and keeps a tombstone; entries, hashes and other debtors stay; a second call erases nothing',
    async run(subject) {
      const store = await fresh(subject);
      const one = await seedPersonal(store, 'er-1', 'er-debtor', 'c', { idempotencyKey: 'er-key-1', idempotencyFingerprint: 'create-claim:abc' });
      const two = await seedPersonal(store, 'er-2', 'er-debtor', 'c');
      const other = await seedPersonal(store, 'er-3', 'er-other', 'd');
      const more = next(two.chain, 'er-2', 2);
      await resolves(store.append(request('er-2', 'er-debtor', 1, [more], null, { idempotencyKey: 'er-key-2', idempotencyFingerprint: 'record-promise:def' })), 'a later write');
      same(await store.debtorClaimIds('er-debtor'), ['er-1', 'er-2'], 'debtorClaimIds before erasure');
      const result = await resolves(store.eraseDebtor('er-debtor', '2025-03-01T10:00:00+01:00'), 'eraseDebtor');
      same(result, { erased: ['er-1', 'er-2'] }, 'eraseDebtor result');
      const a = await store.load('er-1');
      same(a?.personalData, { status: 'erased', claimId: 'er-1', debtorId: 'er-debtor', commitment: one.record.commitment, erasedAt: '2025-03-01T10:00:00+01:00' }, 'the tombstone');
      same(a?.entries, one.chain, 'entries after erasure');
      same((await store.load('er-2'))?.entries, [...two.chain, more], 'entries of the second claim after erasure');
      const check = verifyAudit(a?.entries ?? [], { expectedLength: 1, expectedHead: (one.chain[0] as AuditEntry<ClaimEvent>).hash });
      ok(check.ok, `the chain must verify after erasure: ${show(check)}`);
      same((await store.load('er-3'))?.personalData, { status: 'held', record: other.record }, 'another debtor\'s personal data');
      same(await store.findByIdempotencyKey('er-key-1'), { claimId: 'er-1', version: 1 }, 'a create-claim key keeps its claim and version but forgets its fingerprint (it hashes the personal data)');
      same(await store.findByIdempotencyKey('er-key-2'), { claimId: 'er-2', version: 2, fingerprint: 'record-promise:def' }, 'another command\'s key and fingerprint');
      same(await resolves(store.eraseDebtor('er-debtor', '2025-03-02T10:00:00+01:00'), 'eraseDebtor again'), { erased: [] }, 'a second erasure');
      same((await store.load('er-1'))?.personalData, a?.personalData, 'the tombstone after a second erasure (first erasedAt kept)');
      same(await store.debtorClaimIds('nobody'), [], 'debtorClaimIds of an unknown debtor');
    },
  },
  {
    id: 'claim-store/erase-debtor-tables',
    group: 'personal data and erasure',
    title: 'after eraseDebtor no name, e-mail, phone or address of the debtor is anywhere in the store (every column of every table), while another debtor\'s still is',
    unavailable: (subject) => noTables(subject),
    async run(subject) {
      const store = await fresh(subject);
      const t = tablesOf(subject, raw(store));
      if (t.dump === undefined) fail('the tables hook has no dump(): it must return every column of every table as text');
      await seedPersonal(store, 'gr-1', 'gr-debtor', 'e', { idempotencyKey: 'gr-key', idempotencyFingerprint: 'create-claim:0123' });
      await seedPersonal(store, 'gr-2', 'gr-other', 'f');
      const erased = person('e');
      const kept = person('f');
      const data = (p: ReturnType<typeof person>) => [p.name, p.email, p.phone, p.postalAddress.street, p.postalAddress.city];
      const before = await t.dump();
      for (const datum of data(erased)) ok(before.includes(datum), `before erasure the dump must contain ${show(datum)} (else the dump does not see the personal data at all)`);
      await resolves(store.eraseDebtor('gr-debtor', '2025-03-01T10:00:00Z'), 'eraseDebtor');
      const after = await t.dump();
      for (const datum of data(erased)) ok(!after.includes(datum), `after erasure ${show(datum)} must be nowhere in the store, but the dump still contains it`);
      ok(!after.includes('create-claim:0123'), 'after erasure the create-claim fingerprint (a hash of the personal data) must be gone');
      for (const datum of data(kept)) ok(after.includes(datum), `another debtor's ${show(datum)} must still be stored`);
    },
  },
];

/**
 * The specification of the `ClaimStore` port, one check per promise of its TSDoc: atomic,
 * optimistic `append` (exactly one of concurrent writers wins; a refused write leaves no trace),
 * idempotency keys stored once, `listDue` filtered, ordered by id and paged, `contactsSince`
 * across a debtor's claims, the outbox in write order with `markOutbox` counting attempts, entries
 * returned exactly as written, copies in and out; with a `tables` hook, what landed in the storage
 * (and that a refused write left no row); large streams, many-digit amounts and unicode; the claim
 * queries (filters, sort orders, paging under ties, totals summed exactly); the batched writes
 * (`appendMany` with a conflict per claim, `loadMany`, `contactsSinceMany`) and the summary passed
 * with an append; the last day run (`recordRunDay` keeps the latest day, atomically). Run it with `testClaimStore` or
 * {@link runConformance}.
 */
export const claimStoreChecks: readonly ClaimStoreCheck[] = [...port, ...appendAndLoad, ...concurrency, ...idempotency, ...listDue, ...contacts, ...outbox, ...copies, ...leases, ...tables, ...payloads, ...personalData, ...claimStoreBatchChecks, ...claimStoreRunDayChecks, ...claimQueryChecks];
