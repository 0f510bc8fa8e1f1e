import { describePostgres as describeWithPostgres } from '@mahnwerk/testing/vitest';
import pg from 'pg';

/** The URL of a real PostgreSQL server for tests (CI's .ci/services.sh exports it). */
export const postgresUrl: string | undefined = process.env.MAHNWERK_TEST_PG_URL;

/** Runs `body` only when a real PostgreSQL is configured (`describePostgres` of @mahnwerk/testing). */
export function describePostgres(title: string, body: () => void): void {
  describeWithPostgres(title, body, 'cli');
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
