import { createMemoryClaimStore } from '../src/index.js';
import { testClaimStore } from '../src/vitest.js';
import { memoryTables } from './support/memory-tables.js';

// The memory store is the reference adapter: it must pass every check of the ClaimStore port.
testClaimStore('memory', () => createMemoryClaimStore(), { tables: memoryTables });

// Also without hash-chain verification (the mode for very large simulations).
testClaimStore('memory (verifyChain: false)', () => createMemoryClaimStore({ verifyChain: false }));
