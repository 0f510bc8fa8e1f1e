import { describePostgres as describeWithPostgres } from '@mahnwerk/testing/vitest';
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore, type SqlDriver } from '@mahnwerk/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrateRunner } from '../../src/index.js';

/** The URL of a real PostgreSQL server for tests (CI's .ci/services.sh exports it). */
export const postgresUrl: string | undefined = process.env.MAHNWERK_TEST_PG_URL;

/** A database the tests of one file share; every store gets a schema of its own. */
export interface TestDatabase {
  /** A migrated store (and runner tables) in a fresh schema. */
  readonly freshStore: () => Promise<PostgresClaimStore>;
}

function database(open: () => Promise<{ driver: SqlDriver; close: () => Promise<void> }>): TestDatabase {
  let opened: { driver: SqlDriver; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    opened = await open();
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
  });
  return {
    freshStore: async () => {
      if (opened === undefined) throw new Error('the test database is not open yet (use it inside a test)');
      const store = createPostgresStore({ driver: opened.driver, schema: `rn_${randomUUID().replaceAll('-', '').slice(0, 12)}` });
      await store.migrate();
      await migrateRunner(store);
      return store;
    },
  };
}

/** One in-memory PGlite for the file, loaded from the cached template. */
export function usePglite(): TestDatabase {
  return database(async () => {
    const db: PGlite = await openPglite();
    return { driver: pgliteDriver(db), close: () => db.close() };
  });
}

/** A node-postgres pool on {@link postgresUrl} for the file. */
export function usePostgres(): TestDatabase {
  return database(async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
    return { driver: nodePostgresDriver(pool), close: () => pool.end() };
  });
}

/** Runs `body` only when a real PostgreSQL is configured (`describePostgres` of @mahnwerk/testing). */
export function describePostgres(title: string, body: () => void): void {
  describeWithPostgres(title, body, 'runner');
}
