import { createMemoryClaimStore } from '../../src/index.js';
import { testClaimStore } from '../../src/vitest.js';
import { createFlawedStore } from '../support/flawed-store.js';
import { memoryTables } from '../support/memory-tables.js';

// Run by suite-teeth.test.ts in a child vitest: the real `testClaimStore` against a store that
// ignores expectedVersion must fail, and against the memory store must pass.
testClaimStore('flawed: ignores expectedVersion', () => createFlawedStore('ignores-expected-version'));
testClaimStore('memory', () => createMemoryClaimStore(), { tables: memoryTables });
