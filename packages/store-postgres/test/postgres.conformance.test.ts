import { testClaimStore } from '@mahnwerk/testing/vitest';
import { postgresTables } from './support/tables.js';
import { describePostgres, usePostgres } from './support/databases.js';

// The ClaimStore specification against a real PostgreSQL server through node-postgres.
describePostgres('PostgreSQL server', () => {
  const db = usePostgres();
  testClaimStore('store-postgres on PostgreSQL', () => db.freshStore(), { tables: postgresTables, teardown: (s) => db.drop(s as never), timeout: 60_000 });
});
