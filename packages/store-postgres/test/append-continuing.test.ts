import {
  addDays,
  appendAudit,
  buildAuditChain,
  summarizeClaim,
  type AppendManyOutcome,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type IsoDate,
  type OutboxMessage,
} from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import type { SqlDriver, SqlSession } from '../src/driver.js';
import { createPostgresStore, type PostgresClaimStore } from '../src/store.js';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

/**
 * The write of a batch whose requests each continue a stored stream (the daily run's decisions and
 * deliveries: expected version above 0, entries, the summary, no idempotency key, no personal data)
 * goes to the database as one statement in one transaction; everything else — and such a batch
 * when a head is not as expected or a message id is taken — goes the checking path, with the
 * port's answers unchanged (optimistic concurrency per claim, message ids unique, the chain linked
 * to the stored head: DESIGN.md "Effects happen exactly once", "A claim is an event stream").
 */

const DAY0: IsoDate = '2025-01-02';

/** Statements sent, per kind of call: on the pool (`query`) and inside transactions (`tx`). */
interface Counts {
  query: number;
  tx: number;
  transactions: number;
}

/** The driver with every statement counted. */
function counting(inner: SqlDriver, counts: Counts): SqlDriver {
  const session = (tx: SqlSession): SqlSession => ({
    query: (sql, params) => {
      counts.tx += 1;
      return tx.query(sql, params);
    },
    exec: (sql) => {
      counts.tx += 1;
      return tx.exec(sql);
    },
  });
  return {
    query: (sql, params) => {
      counts.query += 1;
      return inner.query(sql, params);
    },
    exec: (sql) => {
      counts.query += 1;
      return inner.exec(sql);
    },
    transaction: (work) => {
      counts.transactions += 1;
      return inner.transaction((tx) => work(session(tx)));
    },
  };
}

/** A claim's ledger of `n` events: claim-created, then stages. */
function ledger(claimId: string, debtorId: string, n: number, reference = `${claimId}/cont`): AuditEntry<ClaimEvent>[] {
  const facts = fixtures.consumerClaim({ id: claimId, debtor: { id: debtorId }, reference });
  const list: ClaimEvent[] = [fixtures.claimCreated(facts, DAY0)];
  for (let i = 1; i < n; i++) list.push({ type: 'stage-entered', claimId, date: addDays(DAY0, i), stage: `stage-${i}`, stageIndex: i - 1, reason: { rule: `stage:stage-${i}` } });
  return buildAuditChain(list);
}

function message(claimId: string, debtorId: string, id: string): OutboxMessage {
  return { id, claimId, debtorId, channel: 'email', template: 'conformance/reminder', date: '2025-03-01', status: 'pending', attempts: 0 };
}

/** A request continuing `chain` by one stage, with its summary and the given messages. */
function continuing(chain: readonly AuditEntry<ClaimEvent>[], claimId: string, debtorId: string, messages: readonly string[]): { request: AppendRequest; after: AuditEntry<ClaimEvent>[] } {
  const entry = appendAudit(chain, { type: 'stage-entered', claimId, date: '2025-03-01', stage: 'letter', stageIndex: 5, reason: { rule: 'stage:letter' } });
  const after = [...chain, entry];
  const nextReviewAt: IsoDate = '2025-03-15';
  const summary = summarizeClaim({ claimId, debtorId, version: after.length, nextReviewAt, entries: after });
  return {
    request: { claimId, debtorId, expectedVersion: chain.length, entries: [entry], nextReviewAt, summary, outbox: messages.map((id) => message(claimId, debtorId, id)) },
    after,
  };
}

const statusOf = (outcomes: readonly AppendManyOutcome[]): string[] => outcomes.map((o) => `${o.claimId}:${o.status}${o.status === 'appended' ? `@${o.version}` : ''}`);

function checks(db: TestDatabase): void {
  /** A fresh store with claims a (2 events), b (3), c (1) of debtors d1, d1, d2, and the same schema behind a counting driver. */
  const setUp = async (): Promise<{ store: PostgresClaimStore; counted: PostgresClaimStore; counts: Counts; chains: Map<string, AuditEntry<ClaimEvent>[]> }> => {
    const store = await db.freshStore();
    const chains = new Map<string, AuditEntry<ClaimEvent>[]>();
    for (const [claimId, debtorId, n] of [['a', 'd1', 2], ['b', 'd1', 3], ['c', 'd2', 1]] as const) {
      const chain = ledger(claimId, debtorId, n);
      await store.append({ claimId, debtorId, expectedVersion: 0, entries: chain, nextReviewAt: '2025-03-01' });
      chains.set(claimId, chain);
    }
    const counts: Counts = { query: 0, tx: 0, transactions: 0 };
    const counted = createPostgresStore({ driver: counting(db.driver(), counts), schema: store.schema });
    return { store, counted, counts, chains };
  };
  const chainOf = (chains: Map<string, AuditEntry<ClaimEvent>[]>, id: string): AuditEntry<ClaimEvent>[] => chains.get(id) as AuditEntry<ClaimEvent>[];
  const outboxRows = async (store: PostgresClaimStore): Promise<string[]> =>
    (await store.driver.query<{ id: string; status: string }>(`select id, status from "${store.schema}".outbox order by position`)).map((r) => `${r.id}:${r.status}`);

  it('a batch of requests that each continue their stored stream, with summaries, is written by one statement in one transaction (the checking path sends four: lock, outbox, heads, events) — and lands as the checking path lands it', async () => {
    const { store, counted, counts, chains } = await setUp();
    const a = continuing(chainOf(chains, 'a'), 'a', 'd1', ['a:m1', 'a:m2']);
    const b = continuing(chainOf(chains, 'b'), 'b', 'd1', []);
    const c = continuing(chainOf(chains, 'c'), 'c', 'd2', ['c:m1']);
    const outcomes = await counted.appendMany([a.request, b.request, c.request]);
    // Versions after the write: a 2 + 1 = 3, b 3 + 1 = 4, c 1 + 1 = 2.
    expect(statusOf(outcomes)).toEqual(['a:appended@3', 'b:appended@4', 'c:appended@2']);
    expect(counts).toEqual({ query: 0, tx: 1, transactions: 1 });
    for (const [id, x] of [['a', a], ['b', b], ['c', c]] as const) {
      const loaded = await store.load(id);
      expect(loaded?.version).toBe(x.after.length);
      expect(loaded?.entries.map((e) => e.hash)).toEqual(x.after.map((e) => e.hash));
      expect(loaded?.nextReviewAt).toBe('2025-03-15');
    }
    expect(await outboxRows(store)).toEqual(['a:m1:pending', 'a:m2:pending', 'c:m1:pending']);
    const page = await store.queryClaims({ debtorId: 'd1' });
    expect(page.claims).toEqual([a.request.summary, b.request.summary]);
  });

  it('optimistic concurrency per claim: a request of such a batch behind its stored version conflicts (retryable) and writes nothing; the others are written', async () => {
    const { store, counted, chains } = await setUp();
    const a = continuing(chainOf(chains, 'a'), 'a', 'd1', ['a:m1']);
    const c = continuing(chainOf(chains, 'c'), 'c', 'd2', ['c:m1']);
    // b moves on first: the request below still expects version 3.
    const bMoved = continuing(chainOf(chains, 'b'), 'b', 'd1', []);
    await store.append(bMoved.request);
    const stale = continuing(chainOf(chains, 'b'), 'b', 'd1', ['b:m1']);
    const outcomes = await counted.appendMany([a.request, stale.request, c.request]);
    expect(statusOf(outcomes)).toEqual(['a:appended@3', 'b:conflict', 'c:appended@2']);
    const conflict = outcomes[1];
    expect(conflict?.status === 'conflict' && conflict.error.code === 'conflict' && conflict.error.retryable).toBe(true);
    expect((await store.load('b'))?.version).toBe(4);
    expect(await outboxRows(store)).toEqual(['a:m1:pending', 'c:m1:pending']);
  });

  it('message ids are the channels\' idempotency keys: a request of such a batch whose message id is already stored conflicts and writes nothing; the others are written', async () => {
    const { store, counted, chains } = await setUp();
    const first = continuing(chainOf(chains, 'c'), 'c', 'd2', ['taken']);
    await store.append(first.request);
    const a = continuing(chainOf(chains, 'a'), 'a', 'd1', ['a:m1']);
    const b = continuing(chainOf(chains, 'b'), 'b', 'd1', ['taken']);
    const outcomes = await counted.appendMany([a.request, b.request]);
    expect(statusOf(outcomes)).toEqual(['a:appended@3', 'b:conflict']);
    expect((await store.load('b'))?.version).toBe(3);
    expect(await outboxRows(store)).toEqual(['taken:pending', 'a:m1:pending']);
  });

  it('the audit chain: a first entry that does not link to the stored head is refused with a ValidationError and nothing of the batch is written', async () => {
    const { store, counted, chains } = await setUp();
    const a = continuing(chainOf(chains, 'a'), 'a', 'd1', ['a:m1']);
    // Built on another ledger of b (another reference, so other hashes) of the same length: sound in
    // itself, at the right sequence number, but linked to that ledger's head, not to the stored one.
    const broken = continuing(ledger('b', 'd1', 3, 'b/other'), 'b', 'd1', []);
    await expect(counted.appendMany([a.request, broken.request])).rejects.toMatchObject({ code: 'invalid_input', field: 'entries[0].prevHash' });
    expect((await store.load('a'))?.version).toBe(2);
    expect((await store.load('b'))?.version).toBe(3);
    expect(await outboxRows(store)).toEqual([]);
  });

  it('a claim keeps its debtor: a continuing request naming another debtor is refused with a ValidationError and nothing of the batch is written', async () => {
    const { store, counted, chains } = await setUp();
    const a = continuing(chainOf(chains, 'a'), 'a', 'd1', ['a:m1']);
    const c = continuing(chainOf(chains, 'c'), 'c', 'd1', []);
    await expect(counted.appendMany([a.request, c.request])).rejects.toMatchObject({ code: 'invalid_input', field: 'debtorId' });
    expect((await store.load('a'))?.version).toBe(2);
    expect(await outboxRows(store)).toEqual([]);
  });
}

describe('PGlite: the one-statement write of continuing requests', () => {
  checks(usePglite());
});

describePostgres('PostgreSQL server: the one-statement write of continuing requests', () => {
  checks(usePostgres());
});
