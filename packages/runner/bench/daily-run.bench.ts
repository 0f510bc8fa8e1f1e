import type { Channel, IsoDate } from '@mahnwerk/core';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore } from '@mahnwerk/store-postgres';
import pg from 'pg';
import { afterAll, bench, describe } from 'vitest';
import { migrateRunner, runDailyRun, runDispatcher } from '../src/index.js';
import { loadBenchBook, prototypes } from './book.js';

// `pnpm bench`: the daily run (decide, then dispatch) over a book of open claims of which 5 % are
// due, loaded into a fresh schema before the measured run. Default 2,000 claims on PGlite, and on
// PostgreSQL when MAHNWERK_TEST_PG_URL is set; MAHNWERK_BENCH_CLAIMS=1000000 for the large book.
// The figures in docs/benchmarks.md come from bench/measure.ts (one case per process, with the
// raw insert rate, worker processes and pg-boss); see there.

const runDate: IsoDate = '2025-04-15';
const clock = { today: (): IsoDate => runDate, now: () => `${runDate}T10:00:00Z` };
const size = Number(process.env.MAHNWERK_BENCH_CLAIMS ?? 2_000);
const url = process.env.MAHNWERK_TEST_PG_URL;
const noop = (name: string): Channel => ({ specificationVersion: 'v1', name, canReach: () => true, send: async (m) => ({ providerMessageId: `${name}:${m.id}` }) });
const engine = { clock, policy: 'auto' as const, channels: [noop('email'), noop('letter'), noop('sms')] };
const protos = await prototypes(runDate, 300);
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

function dailyRunBench(name: string, makeStore: () => Promise<PostgresClaimStore>): void {
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
        store = await makeStore();
        await store.migrate();
        await migrateRunner(store);
        await loadBenchBook(store, protos, size);
      },
    },
  );
}

describe(`daily run, ${size.toLocaleString('en')} open claims, 5 % due`, () => {
  dailyRunBench('PGlite (in memory), one worker', async () => {
    const db = await openPglite();
    closers.push(() => db.close());
    return createPostgresStore({ driver: pgliteDriver(db), schema: `bench_${Date.now().toString(36)}` });
  });
  if (url !== undefined && url !== '') {
    dailyRunBench('PostgreSQL, one worker', async () => {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      const schema = `bench_${Date.now().toString(36)}`;
      closers.push(async () => {
        await pool.query(`drop schema "${schema}" cascade`);
        await pool.end();
      });
      return createPostgresStore({ driver: nodePostgresDriver(pool), schema });
    });
  }
});
