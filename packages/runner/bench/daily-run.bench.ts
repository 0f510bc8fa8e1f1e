import type { Channel, IsoDate } from '@mahnwerk/core';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore } from '@mahnwerk/store-postgres';
import pg from 'pg';
import { afterAll, bench, describe } from 'vitest';
import { migrateRunner, runDailyRun, runDispatcher } from '../src/index.js';
import { bookShapes, loadBenchBook, verifyBookSample, type BookTarget } from './book.js';

// `pnpm bench`: the daily run (decide, then dispatch) over a book of open claims of which 5 % are
// due, loaded into a fresh schema before the measured run (bench/book.ts: claims made through
// createClaim, copied with new ids and hash chains by COPY; a sample of the chains verified).
// Default 2,000 claims on PGlite, and on PostgreSQL when MAHNWERK_TEST_PG_URL is set;
// MAHNWERK_BENCH_CLAIMS=1000000 for the large book, MAHNWERK_BENCH_DUE for the number due
// (default 5 % of the book).
// The figures in docs/benchmarks.md come from bench/measure.ts (one case per process, with the
// raw insert rate, worker processes and pg-boss); see there.

const runDate: IsoDate = '2025-04-15';
const clock = { today: (): IsoDate => runDate, now: () => `${runDate}T10:00:00Z` };
const size = Number(process.env.MAHNWERK_BENCH_CLAIMS ?? 2_000);
const due = Number(process.env.MAHNWERK_BENCH_DUE ?? Math.round(size * 0.05));
const url = process.env.MAHNWERK_TEST_PG_URL;
const noop = (name: string): Channel => ({ specificationVersion: 'v1', name, canReach: () => true, send: async (m) => ({ providerMessageId: `${name}:${m.id}` }) });
const engine = { clock, policy: 'auto' as const, channels: [noop('email'), noop('letter'), noop('sms')] };
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

function dailyRunBench(name: string, makeStore: () => Promise<{ store: PostgresClaimStore; target: BookTarget }>): void {
  let store: PostgresClaimStore | undefined;
  bench(
    name,
    async () => {
      if (store === undefined) throw new Error('setup did not run');
      await runDailyRun({ store, engine, workerId: 'bench', date: runDate, batchSize: 500 });
      await runDispatcher({ store, engine, workerId: 'bench', date: runDate, batchSize: 500 });
    },
    {
      iterations: 1,
      warmupIterations: 0,
      time: 0,
      warmupTime: 0,
      setup: async () => {
        const made = await makeStore();
        store = made.store;
        await store.migrate();
        await migrateRunner(store);
        await loadBenchBook(store, made.target, await bookShapes(store, runDate, 300), size, due);
        await verifyBookSample(store, size, due);
      },
    },
  );
}

describe(`daily run, ${size.toLocaleString('en')} open claims, ${due.toLocaleString('en')} due`, () => {
  dailyRunBench('PGlite (in memory), one worker', async () => {
    const db = await openPglite();
    closers.push(() => db.close());
    return { store: createPostgresStore({ driver: pgliteDriver(db), schema: `bench_${Date.now().toString(36)}` }), target: { kind: 'pglite', db } };
  });
  if (url !== undefined && url !== '') {
    dailyRunBench('PostgreSQL, one worker', async () => {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      const schema = `bench_${Date.now().toString(36)}`;
      closers.push(async () => {
        await pool.query(`drop schema "${schema}" cascade`);
        await pool.end();
      });
      return { store: createPostgresStore({ driver: nodePostgresDriver(pool), schema }), target: { kind: 'pg', pool } };
    });
  }
});
