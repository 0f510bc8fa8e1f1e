// One measurement per process, for docs/benchmarks.md. Bundle and run (see docs/benchmarks.md):
//
//   node measure.mjs daily CLAIMS MODE WORKERS [DRIVER] [DUE]
//     MODE skip-locked | pg-boss; WORKERS 0 = one worker in this process (decide, then dispatch),
//     N = N worker processes (test/fixtures/worker.ts: daily run, then dispatch); DRIVER pg (the
//     server at MAHNWERK_TEST_PG_URL, default) or pglite (in memory, WORKERS 0 only); DUE the
//     number of claims due on 2025-04-15 (or, below 1, their share of the book; default 0.05).
//     Loads the book (bench/book.ts: COPY, keys and indexes built after), checks a sample of its
//     hash chains, runs the daily run on it, then inserts as many event rows as the run wrote, in
//     batches, for the ratio.
//   node --expose-gc measure.mjs memory CLAIMS STORE      STORE memory | pglite | pg
//     Retained memory of a store holding CLAIMS claims of the book (after full collections, the
//     empty store as the baseline); run it for several CLAIMS and take the slope.
//
// Prints one JSON line.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type { AuditEntry, Channel, ClaimEvent, ClaimStore, IsoDate, PersonalData } from '@mahnwerk/core';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore } from '@mahnwerk/store-postgres';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import pg from 'pg';
import { migrateRunner, runDailyRun, runDispatcher } from '../src/index.js';
import { buildWorker, startWorker } from '../test/support/processes.js';
import { benchRows, bookShapes, loadBenchBook, rawEventInsertMs, verifyBookSample, type BookShapes, type BookTarget } from './book.js';

const runDate: IsoDate = '2025-04-15';
const clock = { today: (): IsoDate => runDate, now: () => `${runDate}T10:00:00Z` };
const url = process.env.MAHNWERK_TEST_PG_URL ?? '';
const [kind = 'daily', claimsArg = '10000', arg3 = 'skip-locked', arg4 = '0', arg5 = 'pg', arg6 = '0.05'] = process.argv.slice(2);
const size = Number(claimsArg);
const gc = (globalThis as { gc?: () => void }).gc;
/** Shapes per quarter of invoices (bookShapes): ~1,000 claims made through createClaim. */
const shapeCount = 600;

const noop = (name: string): Channel => ({ specificationVersion: 'v1', name, canReach: () => true, send: async (m) => ({ providerMessageId: `${name}:${m.id}` }) });
const log = (what: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${what} (load ${loadavg()[0]!.toFixed(1)})\n`);
};

interface Opened {
  readonly store: PostgresClaimStore;
  readonly target: BookTarget;
  readonly close: () => Promise<void>;
}

async function open(driver: string): Promise<Opened> {
  const schema = `bench_${Date.now().toString(36)}`;
  if (driver === 'pglite') {
    const db: PGlite = await openPglite();
    const store = createPostgresStore({ driver: pgliteDriver(db), schema });
    return { store, target: { kind: 'pglite', db }, close: () => db.close() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const store = createPostgresStore({ driver: nodePostgresDriver(pool), schema });
  return {
    store,
    target: { kind: 'pg', pool },
    close: async () => {
      await store.driver.exec(`drop schema "${schema}" cascade`);
      await pool.end();
    },
  };
}

/** A migrated store holding the shapes' claims (made through createClaim), and the shapes. */
async function openWithShapes(driver: string): Promise<Opened & { readonly shapes: BookShapes }> {
  const opened = await open(driver);
  await opened.store.migrate();
  await migrateRunner(opened.store);
  const shapes = await bookShapes(opened.store, runDate, shapeCount);
  if (shapes.otherRows !== 0) throw new Error(`createClaim wrote ${shapes.otherRows} outbox or idempotency rows the loader does not copy`);
  return { ...opened, shapes };
}

async function serverBytes(store: PostgresClaimStore): Promise<number> {
  const r = await store.driver.query<{ bytes: string }>(
    `select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 't', 'm')`,
    [store.schema],
  );
  return Number(r[0]?.bytes ?? 0);
}

async function daily(mode: string, workers: number, driver: string): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg()[0];
  const { store, target, close, shapes } = await openWithShapes(driver);
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    create table ${s}.test_sends (n bigint generated always as identity, message_id text not null, idempotency_key text, channel text not null, worker text not null);
    create table ${s}.test_processed (claim_id text not null, worker text not null);`);
  const dueArg = Number(arg6);
  const dueWanted = dueArg < 1 ? Math.round(size * dueArg) : dueArg;
  log(`loading ${size} claims, ${dueWanted} due`);
  const load = await loadBenchBook(store, target, shapes, size, dueWanted);
  log(`loaded: copy ${Math.round(load.copyMs)} ms, keys and indexes ${Math.round(load.indexMs)} ms`);
  const verified = await verifyBookSample(store, size, dueWanted);
  const bookBytes = driver === 'pg' ? await serverBytes(store) : null;
  const engine = { clock, policy: 'auto' as const, channels: [noop('email'), noop('letter'), noop('sms')] };
  let runMs = 0;
  let dispatchMs = 0;
  let duplicates: number | null = null;
  log('daily run');
  let t = performance.now();
  if (workers === 0) {
    await runDailyRun({ store, engine, workerId: 'bench', date: runDate, batchSize: 500 });
    runMs = performance.now() - t;
    log('dispatch');
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
  log('counting');
  const counts = (
    await store.driver.query<{ events: number; decided: number; messages: number; sent: number }>(
      `select (select count(*)::int from ${s}.claim_events where seq > 0) as events,
              (select count(distinct claim_id)::int from ${s}.claim_events where seq > 0) as decided,
              (select count(*)::int from ${s}.outbox) as messages,
              (select count(*)::int from ${s}.outbox where status = 'sent') as sent`,
    )
  )[0]!;
  log('raw insert');
  const rawMs = await rawEventInsertMs(store, counts.events);
  const loadAtEnd = loadavg()[0];
  await close();
  const total = runMs + dispatchMs;
  return {
    case: 'daily',
    driver,
    mode: workers === 0 ? 'in-process' : mode,
    workers,
    claims: size,
    due: load.due,
    shapes: { due: shapes.due.length, later: shapes.later.length },
    loadRows: load.rows,
    copyMs: Math.round(load.copyMs),
    indexMs: Math.round(load.indexMs),
    loadRowsPerS: Math.round(load.rows / ((load.copyMs + load.indexMs) / 1000)),
    verifiedSample: verified,
    bookBytesPerClaim: bookBytes === null ? null : Math.round(bookBytes / size),
    runMs: Math.round(runMs),
    dispatchMs: Math.round(dispatchMs),
    dueClaimsPerS: Math.round(load.due / (total / 1000)),
    decided: counts.decided,
    events: counts.events,
    messages: counts.messages,
    sent: counts.sent,
    duplicates,
    rawInsertMs: Math.round(rawMs),
    rawEventsPerS: Math.round(counts.events / (rawMs / 1000)),
    ratio: Number((rawMs / total).toFixed(3)),
    load: [loadAtStart, loadAtEnd].map((x) => Number(x!.toFixed(1))),
  };
}

/** Full collections until the heap stops shrinking. */
function settle(): NodeJS.MemoryUsage {
  if (gc === undefined) throw new Error('run with node --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 10; k++) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1024) break;
    last = used;
  }
  return process.memoryUsage();
}

/** Kept reachable from a global, so nothing the measurement holds can be collected. */
const held: unknown[] = [];

async function memory(which: string): Promise<Record<string, unknown>> {
  let server: number | null = null;
  let before: NodeJS.MemoryUsage;
  let after: NodeJS.MemoryUsage;
  if (which === 'memory') {
    // The in-memory store of @mahnwerk/testing, filled through its port with the book's claims
    // (the shapes made on PGlite, which is closed before the baseline).
    const made = await openWithShapes('pglite');
    const rows = Array.from(benchRows(made.shapes, 0, size, Math.round(size * 0.05)));
    await made.close();
    const store: ClaimStore = createMemoryClaimStore();
    held.push(store);
    before = settle();
    for (const r of rows.splice(0)) {
      const entries: AuditEntry<ClaimEvent>[] = r.events.map((e) => ({ seq: e.seq, event: JSON.parse(e.event) as ClaimEvent, prevHash: e.prevHash, hash: e.hash }));
      const p = r.personalData;
      await store.append({
        claimId: r.claimId,
        debtorId: r.debtorId,
        expectedVersion: 0,
        entries,
        nextReviewAt: r.nextReviewAt,
        ...(p === null ? {} : { personalData: { claimId: r.claimId, debtorId: r.debtorId, data: JSON.parse(p.data) as PersonalData, salt: p.salt, commitment: p.commitment } }),
      });
    }
    after = settle();
  } else {
    const opened = await openWithShapes(which);
    held.push(opened);
    // The empty, migrated store (the shapes' rows are replaced by the load) is the baseline.
    before = settle();
    await loadBenchBook(opened.store, opened.target, opened.shapes, size, Math.round(size * 0.05));
    after = settle();
    if (which === 'pg') server = await serverBytes(opened.store);
    await opened.close();
  }
  const per = (a: number, b: number): number => Math.round((a - b) / size);
  return {
    case: 'memory',
    store: which,
    claims: size,
    heapUsed: after.heapUsed - before.heapUsed,
    heapBytesPerClaim: per(after.heapUsed, before.heapUsed),
    externalBytesPerClaim: per(after.external, before.external),
    arrayBuffersBytesPerClaim: per(after.arrayBuffers, before.arrayBuffers),
    rssBytesPerClaim: per(after.rss, before.rss),
    serverBytesPerClaim: server === null ? null : Math.round(server / size),
  };
}

const out = kind === 'memory' ? await memory(arg3) : await daily(arg3, Number(arg4), arg5);
process.stdout.write(`${JSON.stringify(out)}\n`);
