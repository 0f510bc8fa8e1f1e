import { testClaimStore } from '@mahnwerk/testing/vitest';
import { postgresTables } from './support/tables.js';
import { usePglite } from './support/databases.js';

// The ClaimStore specification (every promise of the port) against the embedded driver.
const db = usePglite();
testClaimStore('store-postgres on PGlite', () => db.freshStore(), { tables: postgresTables, teardown: (s) => db.drop(s as never), timeout: 60_000 });
