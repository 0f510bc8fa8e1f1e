import { testClaimStore } from '@mahnwerk/testing';
import { describePostgres, usePostgres } from './support/databases.js';

// The ClaimStore specification against a real PostgreSQL server through node-postgres.
describePostgres('PostgreSQL server', () => {
  const db = usePostgres();
  testClaimStore('store-postgres on PostgreSQL', () => db.freshStore(), { teardown: (s) => db.drop(s as never), timeout: 30_000 });
});
