// One measurement per process, for docs/benchmarks.md. Bundle and run (see docs/benchmarks.md):
//
//   node measure.mjs daily CLAIMS MODE WORKERS [DRIVER] [DUE_SHARE]
//     MODE skip-locked | pg-boss; WORKERS 0 = one worker in this process (decide, then dispatch),
//     N = N worker processes (test/fixtures/worker.ts: daily run, then dispatch); DRIVER pg (the
//     server at MAHNWERK_TEST_PG_URL, default) or pglite (in memory, WORKERS 0 only).
//     Loads a book of CLAIMS open claims (DUE_SHARE due on 2025-04-15, default 0.05) with unnest batches, runs the
//     daily run on it, then inserts as many event rows as the run wrote, in batches, for the ratio.
//   node --expose-gc measure.mjs memory CLAIMS STORE      STORE memory | pglite | pg
//
// Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { appendAudit, type Channel, type ClaimStore, type IsoDate } from '@mahnwerk/core';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore } from '@mahnwerk/store-postgres';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import pg from 'pg';
import { migrateRunner, runDailyRun, runDispatcher } from '../src/index.js';
import { buildWorker, startWorker } from '../test/support/processes.js';
import { loadBenchBook, prototypes, rawEventInsertMs } from './book.js';

const runDate: IsoDate = '2025-04-15';
const clock = { today: (): IsoDate => runDate, now: () => `${runDate}T10:00:00Z` };
const url = process.env.MAHNWERK_TEST_PG_URL ?? '';
const [kind = 'daily', claimsArg = '10000', arg3 = 'skip-locked', arg4 = '0', arg5 = 'pg', arg6 = '0.05'] = process.argv.slice(2);
const size = Number(claimsArg);
const gc = (globalThis as { gc?: () => void }).gc;

const noop = (name: string): Channel => ({ specificationVersion: 'v1', name, canReach: () => true, send: async (m) => ({ providerMessageId: `${name}:${m.id}` }) });

async function open(driver: string): Promise<{ store: PostgresClaimStore; close: () => Promise<void> }> {
  const schema = `bench_${Date.now().toString(36)}`;
  if (driver === 'pglite') {
    const db = await openPglite();
    const store = createPostgresStore({ driver: pgliteDriver(db), schema });
    return { store, close: () => db.close() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const store = createPostgresStore({ driver: nodePostgresDriver(pool), schema });
  return {
    store,
    close: async () => {
      await store.driver.exec(`drop schema "${schema}" cascade`);
      await pool.end();
    },
  };
}

async function daily(mode: string, workers: number, driver: string): Promise<Record<string, unknown>> {
  const { store, close } = await open(driver);
  await store.migrate();
  await migrateRunner(store);
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    create table ${s}.test_sends (n bigint generated always as identity, message_id text not null, idempotency_key text, channel text not null, worker text not null);
    create table ${s}.test_processed (claim_id text not null, worker text not null);`);
  const protos = await prototypes(runDate, 1000);
  let t = performance.now();
  const due = await loadBenchBook(store, protos, size, { dueShare: Number(arg6) });
  const loadMs = performance.now() - t;
  await store.driver.exec(`analyze ${s}.claims; analyze ${s}.claim_events; analyze ${s}.outbox`);
  const engine = { clock, policy: 'auto' as const, channels: [noop('email'), noop('letter'), noop('sms')] };
  let runMs = 0;
  let dispatchMs = 0;
  let duplicates: number | null = null;
  t = performance.now();
  if (workers === 0) {
    await runDailyRun({ store, engine, workerId: 'bench', date: runDate, batchSize: 500 });
    runMs = performance.now() - t;
    t = performance.now();
    await runDispatcher({ store, engine, workerId: 'bench', date: runDate, batchSize: 500 });
    dispatchMs = performance.now() - t;
  } else {
    const file = await buildWorker();
    t = performance.now();
    const exits = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        startWorker(file, { url, schema: store.schema, workerId: `bench-${i}`, date: runDate, mode: mode === 'pg-boss' ? 'pg-boss' : 'run', batchSize: 500 }).exited,
      ),
    );
    runMs = performance.now() - t;
    for (const e of exits) if (e.code !== 0) throw new Error(`worker failed: ${e.stderr}`);
    const d = await store.driver.query<{ n: number }>(`select (count(*) - count(distinct claim_id))::int as n from ${s}.test_processed`);
    duplicates = d[0]?.n ?? null;
  }
  const counts = (
    await store.driver.query<{ events: number; decided: number; messages: number; sent: number }>(
      `select (select count(*)::int from ${s}.claim_events where seq > 0) as events,
              (select count(distinct claim_id)::int from ${s}.claim_events where seq > 0) as decided,
              (select count(*)::int from ${s}.outbox) as messages,
              (select count(*)::int from ${s}.outbox where status = 'sent') as sent`,
    )
  )[0]!;
  const rawMs = await rawEventInsertMs(store, counts.events);
  await close();
  const total = runMs + dispatchMs;
  return {
    case: 'daily',
    driver,
    mode: workers === 0 ? 'in-process' : mode,
    workers,
    claims: size,
    due,
    loadMs: Math.round(loadMs),
    loadRowsPerS: Math.round((2 * size) / (loadMs / 1000)),
    runMs: Math.round(runMs),
    dispatchMs: Math.round(dispatchMs),
    dueClaimsPerS: Math.round(due / (total / 1000)),
    decided: counts.decided,
    events: counts.events,
    messages: counts.messages,
    sent: counts.sent,
    duplicates,
    rawInsertMs: Math.round(rawMs),
    rawEventsPerS: Math.round(counts.events / (rawMs / 1000)),
    ratio: Number((rawMs / total).toFixed(3)),
  };
}

async function memory(which: string): Promise<Record<string, unknown>> {
  const protos = await prototypes(runDate, 1000);
  gc?.();
  const before = process.memoryUsage();
  let serverBytes: number | null = null;
  let keep: unknown;
  if (which === 'memory') {
    // The in-memory store of @mahnwerk/testing, filled through its port with the same claims.
    const store: ClaimStore = createMemoryClaimStore();
    const all = protos.due.concat(protos.later);
    for (let i = 0; i < size; i++) {
      const p = all[i % all.length]!;
      const e = p.event as typeof p.event & { type: 'claim-created' };
      const id = `B${String(i).padStart(8, '0')}`;
      const event = { ...e, claimId: id, claim: { ...e.claim, id, debtor: { ...e.claim.debtor, id: `BD${i}` } } } as typeof p.event;
      await store.append({ claimId: id, debtorId: `BD${i}`, expectedVersion: 0, entries: [appendAudit([], event)], nextReviewAt: p.nextReviewAt });
    }
    keep = store;
  } else {
    const { store, close } = await open(which);
    await store.migrate();
    await loadBenchBook(store, protos, size);
    if (which === 'pg') {
      const r = await store.driver.query<{ bytes: string }>(
        `select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
        [store.schema],
      );
      serverBytes = Number(r[0]?.bytes ?? 0);
    }
    keep = store;
    gc?.();
    const after = process.memoryUsage();
    await close();
    return result(which, before, after, serverBytes);
  }
  gc?.();
  const after = process.memoryUsage();
  void keep;
  return result(which, before, after, serverBytes);
}

function result(which: string, before: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage, serverBytes: number | null): Record<string, unknown> {
  return {
    case: 'memory',
    store: which,
    claims: size,
    heapBytesPerClaim: Math.round((after.heapUsed - before.heapUsed) / size),
    rssBytesPerClaim: Math.round((after.rss - before.rss) / size),
    serverBytesPerClaim: serverBytes === null ? null : Math.round(serverBytes / size),
  };
}

const out = kind === 'memory' ? await memory(arg3) : await daily(arg3, Number(arg4), arg5);
process.stdout.write(`${JSON.stringify(out)}\n`);
