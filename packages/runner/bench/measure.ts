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
//     With MAHNWERK_BENCH_SCHEMA=name (pg only) the book is kept in that schema after the run and
//     the next run on it resets the due claims to their loaded rows instead of loading again.
//     MAHNWERK_BENCH_WORKERS=bench (WORKERS > 0): the workers deliver to channels that record
//     nothing and record no processed claims, and report their CPU (runCpuMs.client = their sum).
//     MAHNWERK_BENCH_RUN_DISPATCH=1: the run dispatches each batch right after deciding it (in this
//     process, or in the worker processes).
//     MAHNWERK_BENCH_DUE_NOW=n (kept books only) leaves only the first n of the due claims due.
//   node measure.mjs load CLAIMS DUE     only load the book (and check a sample): its speed and
//     size; with MAHNWERK_BENCH_SCHEMA the book is kept for later runs
//   node --expose-gc measure.mjs memory CLAIMS STORE      STORE memory | pglite | pg
//     Retained memory of a store holding CLAIMS claims of the book (after full collections, the
//     empty store as the baseline); run it for several CLAIMS and take the slope.
//
// Prints one JSON line.
import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU milliseconds (user + system) this process has used. */
const clientCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU milliseconds (user + system) the PostgreSQL server of MAHNWERK_PG_DIR has used: the
 * postmaster's own and its reaped children's (`/proc/<pid>/stat` fields 14–17) plus those of its
 * live children (the backends); null when the server is not found (another server, no /proc).
 */
function serverCpuMs(): number | null {
  const dir = process.env.MAHNWERK_PG_DIR;
  if (dir === undefined) return null;
  try {
    const pid = Number(readFileSync(`${dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
    const tick = 100; // USER_HZ on Linux
    const fields = (p: string): string[] => {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const own = fields(String(pid));
    // After the command: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const f = fields(p);
        if (Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // gone meanwhile
      }
    }
    return (ticks * 1000) / tick;
  } catch {
    return null;
  }
}

/** CPU of this process and of the server since `from`. */
const cpuSince = (from: { client: number; server: number | null }): { client: number; server: number | null } => {
  const server = serverCpuMs();
  return { client: Math.round(clientCpuMs() - from.client), server: server === null || from.server === null ? null : Math.round(server - from.server) };
};
const cpuNow = (): { client: number; server: number | null } => ({ client: clientCpuMs(), server: serverCpuMs() });

interface Opened {
  readonly store: PostgresClaimStore;
  readonly target: BookTarget;
  readonly close: () => Promise<void>;
}

async function open(driver: string, kept?: string): Promise<Opened> {
  const schema = kept ?? `bench_${Date.now().toString(36)}`;
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
      if (kept === undefined) await store.driver.exec(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}

/** A migrated store holding the shapes' claims (made through createClaim), and the shapes. */
async function openWithShapes(driver: string, kept?: string): Promise<Opened & { readonly shapes: BookShapes }> {
  const opened = await open(driver, kept);
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

/**
 * A kept book back to how it was loaded: the events, outbox rows and leases of the last run
 * removed, the due claims' rows restored from `bench_due` (their rows as loaded).
 */
async function resetKeptBook(store: PostgresClaimStore): Promise<void> {
  const s = `"${store.schema}"`;
  const cols = (
    await store.driver.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = $1 and table_name = 'claims' and column_name <> 'claim_id' order by ordinal_position`,
      [store.schema],
    )
  ).map((c) => c.column_name);
  const strays = await store.driver.query<{ n: number }>(
    `select count(*)::int as n from ${s}.claim_events e where e.seq > 0 and not exists (select 1 from ${s}.bench_due d where d.claim_id = e.claim_id)`,
  );
  if (strays[0]!.n !== 0) throw new Error(`the last run wrote events of ${strays[0]!.n} claims that were not due; the kept book cannot be reset`);
  await store.driver.exec(`
    delete from ${s}.claim_events e using ${s}.bench_due d where e.claim_id = d.claim_id and e.seq > 0;
    delete from ${s}.outbox; delete from ${s}.idempotency_keys; delete from ${s}.runner_claim_leases; delete from ${s}.runner_plans;
    update ${s}.claims c set ${cols.map((c) => `${c} = d.${c}`).join(', ')} from ${s}.bench_due d where c.claim_id = d.claim_id;
    drop table if exists ${s}.raw_events, ${s}.test_sends, ${s}.test_processed;`);
  for (const table of ['claims', 'claim_events', 'outbox']) await store.driver.exec(`vacuum analyze ${s}.${table}`);
}

/** Marks a loaded book as kept: its size, and the due claims' rows as loaded (for the reset). */
async function keepBook(store: PostgresClaimStore, dueWanted: number): Promise<void> {
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    create table ${s}.bench_book as select ${size}::int as claims, ${dueWanted}::int as due;
    create table ${s}.bench_due as select * from ${s}.claims where next_review_at <= '${runDate}';
    alter table ${s}.bench_due add primary key (claim_id);`);
}

/**
 * Leaves only the first `count` due claims (in claim id order: the same shapes in every book,
 * see `duePattern`) due on the run date and moves the others' review to the day after; the reset
 * of a kept book restores them.
 */
async function limitDue(store: PostgresClaimStore, count: number): Promise<void> {
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    update ${s}.claims set next_review_at = date '${runDate}' + 1
     where next_review_at <= '${runDate}'
       and claim_id not in (select claim_id from ${s}.claims where next_review_at <= '${runDate}' order by claim_id limit ${count})`);
  // analyze only: a vacuum would scan every index of the 10M book (minutes); both books carry the
  // same number of moved rows.
  await store.driver.exec(`analyze ${s}.claims`);
}

/** MAHNWERK_BENCH_DISPATCH_LANES=n: the dispatcher's `concurrency` (default: the dispatcher's default). */
const dispatchLanes = process.env.MAHNWERK_BENCH_DISPATCH_LANES === undefined ? {} : { concurrency: Number(process.env.MAHNWERK_BENCH_DISPATCH_LANES) };

/** MAHNWERK_BENCH_RUN_DISPATCH=1: the daily run hands each batch's messages to their channels itself (`dispatch: true`). */
const runDispatch = process.env.MAHNWERK_BENCH_RUN_DISPATCH === '1' ? { dispatch: true } : {};

/** MAHNWERK_BENCH_RUN_LANES=n: the daily run's `concurrency` (default: the run's default, 4). */
const runLanes = process.env.MAHNWERK_BENCH_RUN_LANES === undefined ? {} : { concurrency: Number(process.env.MAHNWERK_BENCH_RUN_LANES) };

async function daily(mode: string, workers: number, driver: string): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg()[0];
  const kept = driver === 'pg' ? process.env.MAHNWERK_BENCH_SCHEMA : undefined;
  const dueArg = Number(arg6);
  const dueWanted = dueArg < 1 ? Math.round(size * dueArg) : dueArg;
  let opened = await open(driver, kept);
  let load: Awaited<ReturnType<typeof loadBenchBook>> | null = null;
  let shapeCounts: { due: number; later: number } | null = null;
  const book = kept === undefined ? [] : await opened.store.driver.query<{ claims: number; due: number }>(`select claims, due from "${kept}".bench_book`).catch(() => []);
  if (book.length > 0) {
    if (book[0]!.claims !== size || book[0]!.due !== dueWanted) throw new Error(`schema ${kept} holds a book of ${book[0]!.claims} claims, ${book[0]!.due} due`);
    await opened.store.migrate();
    await migrateRunner(opened.store);
    // A book not run since its load needs no reset.
    const ran = await opened.store.driver.query<{ n: number }>(`select count(*)::int as n from "${kept}".outbox`);
    const leased = await opened.store.driver.query<{ n: number }>(`select count(*)::int as n from "${kept}".runner_claim_leases`);
    if (ran[0]!.n > 0 || leased[0]!.n > 0) {
      log(`resetting the kept book in ${kept}`);
      await resetKeptBook(opened.store);
    }
  } else {
    await opened.close();
    const made = await openWithShapes(driver, kept);
    opened = made;
    shapeCounts = { due: made.shapes.due.length, later: made.shapes.later.length };
    log(`loading ${size} claims, ${dueWanted} due`);
    load = await loadBenchBook(made.store, made.target, made.shapes, size, dueWanted);
    log(`loaded: copy ${Math.round(load.copyMs)} ms, keys and indexes ${Math.round(load.indexMs)} ms`);
    if (kept !== undefined) await keepBook(made.store, dueWanted);
  }
  const { store, close } = opened;
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    create table ${s}.test_sends (n bigint generated always as identity, message_id text not null, idempotency_key text, channel text not null, worker text not null);
    create table ${s}.test_processed (claim_id text not null, worker text not null);`);
  const dueNow = process.env.MAHNWERK_BENCH_DUE_NOW;
  if (dueNow !== undefined) {
    if (kept === undefined) throw new Error('MAHNWERK_BENCH_DUE_NOW needs a kept book (MAHNWERK_BENCH_SCHEMA)');
    await limitDue(store, Number(dueNow));
  }
  const dueClaims = (await store.driver.query<{ n: number }>(`select count(*)::int as n from ${s}.claims where next_review_at <= $1`, [runDate]))[0]!.n;
  const verified = await verifyBookSample(store, size, dueWanted);
  const bookBytes = driver === 'pg' ? await serverBytes(store) : null;
  const engine = { clock, policy: 'auto' as const, channels: [noop('email'), noop('letter'), noop('sms')] };
  let runMs = 0;
  let dispatchMs = 0;
  let duplicates: number | null = null;
  let runCpu: { client: number; server: number | null } | null = null;
  let dispatchCpu: { client: number; server: number | null } | null = null;
  log('daily run');
  let t = performance.now();
  let c = cpuNow();
  if (workers === 0) {
    await runDailyRun({ store, engine, workerId: 'bench', date: runDate, batchSize: 500, ...runLanes, ...runDispatch });
    runMs = performance.now() - t;
    runCpu = cpuSince(c);
    log('dispatch');
    t = performance.now();
    c = cpuNow();
    await runDispatcher({ store, engine, workerId: 'bench', date: runDate, batchSize: 500, ...dispatchLanes });
    dispatchMs = performance.now() - t;
    dispatchCpu = cpuSince(c);
  } else {
    const file = await buildWorker();
    // MAHNWERK_BENCH_WORKERS=bench: the workers' channels deliver without recording each send and
    // no processed claims are recorded (the runner's work only; no duplicate count), and the
    // workers' own CPU (process start included) is added up as the client's.
    const benchWorkers = process.env.MAHNWERK_BENCH_WORKERS === 'bench';
    t = performance.now();
    c = cpuNow();
    const exits = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        startWorker(file, { url, schema: store.schema, workerId: `bench-${i}`, date: runDate, mode: mode === 'pg-boss' ? 'pg-boss' : 'run', batchSize: 500, bench: benchWorkers, ...(runDispatch.dispatch === true ? { dispatchInRun: true } : {}) }).exited,
      ),
    );
    runMs = performance.now() - t;
    runCpu = cpuSince(c);
    for (const e of exits) if (e.code !== 0) throw new Error(`worker failed: ${e.stderr}`);
    if (benchWorkers) {
      const workerCpu = exits.reduce((sum, e) => sum + Number((JSON.parse(e.stdout.trim().split('\n').pop() ?? '{}') as { cpuMs?: number }).cpuMs ?? 0), 0);
      runCpu = { client: Math.round(workerCpu), server: runCpu.server };
    } else {
      const d = await store.driver.query<{ n: number }>(`select (count(*) - count(distinct claim_id))::int as n from ${s}.test_processed`);
      duplicates = d[0]?.n ?? null;
    }
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
  c = cpuNow();
  const rawMs = await rawEventInsertMs(store, counts.events);
  const rawCpu = cpuSince(c);
  const loadAtEnd = loadavg()[0];
  await close();
  const total = runMs + dispatchMs;
  return {
    case: 'daily',
    driver,
    mode: workers === 0 ? 'in-process' : mode,
    workers,
    claims: size,
    due: dueClaims,
    book: load === null ? `kept in ${kept}` : 'loaded',
    shapes: shapeCounts,
    loadRows: load?.rows ?? null,
    copyMs: load === null ? null : Math.round(load.copyMs),
    indexMs: load === null ? null : Math.round(load.indexMs),
    loadRowsPerS: load === null ? null : Math.round(load.rows / ((load.copyMs + load.indexMs) / 1000)),
    verifiedSample: verified,
    bookBytesPerClaim: bookBytes === null ? null : Math.round(bookBytes / size),
    runMs: Math.round(runMs),
    dispatchMs: Math.round(dispatchMs),
    dueClaimsPerS: Math.round(dueClaims / (total / 1000)),
    decided: counts.decided,
    events: counts.events,
    messages: counts.messages,
    sent: counts.sent,
    duplicates,
    rawInsertMs: Math.round(rawMs),
    rawEventsPerS: Math.round(counts.events / (rawMs / 1000)),
    ratio: Number((rawMs / total).toFixed(3)),
    // CPU milliseconds of this process (client) and of the PostgreSQL server (server), per phase.
    runCpuMs: runCpu,
    dispatchCpuMs: dispatchCpu,
    rawInsertCpuMs: rawCpu,
    load: [loadAtStart, loadAtEnd].map((x) => Number(x!.toFixed(1))),
  };
}

async function loadOnly(dueWanted: number): Promise<Record<string, unknown>> {
  const kept = process.env.MAHNWERK_BENCH_SCHEMA;
  const { store, target, close, shapes } = await openWithShapes('pg', kept);
  log(`loading ${size} claims, ${dueWanted} due`);
  const load = await loadBenchBook(store, target, shapes, size, dueWanted);
  log(`loaded: copy ${Math.round(load.copyMs)} ms, keys and indexes ${Math.round(load.indexMs)} ms`);
  if (kept !== undefined) await keepBook(store, dueWanted);
  const verified = await verifyBookSample(store, size, dueWanted);
  const bytes = await serverBytes(store);
  await close();
  return {
    case: 'load',
    claims: size,
    due: load.due,
    loadRows: load.rows,
    copyMs: Math.round(load.copyMs),
    copyRowsPerS: Math.round(load.rows / (load.copyMs / 1000)),
    indexMs: Math.round(load.indexMs),
    verifiedSample: verified,
    bookBytesPerClaim: Math.round(bytes / size),
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
    // The rows are made one by one during the fill, so the baseline holds only the shapes.
    const made = await openWithShapes('pglite');
    await made.close();
    const shapes = made.shapes;
    const store: ClaimStore = createMemoryClaimStore();
    held.push(store, shapes);
    before = settle();
    for (const r of benchRows(shapes, 0, size, Math.round(size * 0.05))) {
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

const out = kind === 'memory' ? await memory(arg3) : kind === 'load' ? await loadOnly(Number(arg3)) : await daily(arg3, Number(arg4), arg5);
process.stdout.write(`${JSON.stringify(out)}\n`);
