import { describePostgres as describeWithPostgres } from '@mahnwerk/testing/vitest';
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { nodePostgresDriver, pgliteDriver, type SqlDriver } from '../../src/driver.js';
import { openPglite } from '../../src/pglite.js';
import { createPostgresStore, type PostgresClaimStore } from '../../src/store.js';

/** The URL of a real PostgreSQL server for tests (CI's .ci/services.sh exports it). */
export const postgresUrl: string | undefined = process.env.MAHNWERK_TEST_PG_URL;

/** A database the tests of one file share; every store gets a schema of its own. */
export interface TestDatabase {
  /** The driver (valid inside tests). */
  readonly driver: () => SqlDriver;
  /** A migrated store in a fresh schema. */
  readonly freshStore: (options?: { verifyChain?: boolean }) => Promise<PostgresClaimStore>;
  /** Drops the store's schema. */
  readonly drop: (store: PostgresClaimStore) => Promise<void>;
}

function database(open: () => Promise<{ driver: SqlDriver; close: () => Promise<void> }>): TestDatabase {
  let opened: { driver: SqlDriver; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    opened = await open();
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
  });
  const driver = (): SqlDriver => {
    if (opened === undefined) throw new Error('the test database is not open yet (use it inside a test)');
    return opened.driver;
  };
  return {
    driver,
    freshStore: async (options = {}) => {
      const store = createPostgresStore({ driver: driver(), schema: `mw_${randomUUID().replaceAll('-', '').slice(0, 12)}`, ...options });
      await store.migrate();
      return store;
    },
    drop: async (store) => {
      await store.driver.exec(`drop schema "${store.schema}" cascade`);
    },
  };
}

/** One in-memory PGlite for the file, loaded from the cached template (see global-setup.ts). */
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
  describeWithPostgres(title, body, 'store-postgres');
}
