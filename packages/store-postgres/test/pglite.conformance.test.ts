import { testClaimStore } from '@mahnwerk/testing';
import { usePglite } from './support/databases.js';

// The ClaimStore specification (every promise of the port) against the embedded driver.
const db = usePglite();
testClaimStore('store-postgres on PGlite', () => db.freshStore(), { teardown: (s) => db.drop(s as never), timeout: 30_000 });
