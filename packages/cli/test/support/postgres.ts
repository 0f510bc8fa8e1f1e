import pg from 'pg';
import { describe, it } from 'vitest';

/** The URL of a real PostgreSQL server for tests (CI's .ci/services.sh exports it). */
export const postgresUrl: string | undefined = process.env.MAHNWERK_TEST_PG_URL;

/**
 * Runs `body` only when a real PostgreSQL is configured. Without `MAHNWERK_TEST_PG_URL` the tests
 * are reported as skipped with the reason; on CI (`CI=true`) its absence fails instead.
 */
export function describePostgres(title: string, body: () => void): void {
  if (postgresUrl !== undefined && postgresUrl !== '') {
    describe(title, body);
    return;
  }
  const why = 'MAHNWERK_TEST_PG_URL is not set (locally: source .ci/services.sh && services_start)';
  if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(title, () => {
      it('needs a real PostgreSQL on CI', () => {
        throw new Error(`${why}; CI must run the PostgreSQL tests, so this fails instead of skipping.`);
      });
    });
    return;
  }
  console.warn(`[cli] skipping "${title}": ${why}.`);
  describe.skip(`${title} — skipped: ${why}`, body);
}

/**
 * A fresh database on the test server (the CLI's store uses the fixed schema `mahnwerk`, so each
 * test gets a database of its own).
 *
 * @param name - a unique database name (letters, digits, underscores)
 * @returns its postgres:// URL
 */
export async function freshDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}
