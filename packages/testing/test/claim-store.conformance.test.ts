import type { ClaimStore } from '@mahnwerk/core';
import { createMemoryClaimStore, type ClaimStoreTables, type MemoryClaimStore } from '../src/index.js';
import { testClaimStore } from '../src/vitest.js';

/** The memory store has no tables: its read-outs (every outbox message, every claim) stand in for them. */
function memoryTables(store: ClaimStore): ClaimStoreTables {
  const memory = store as MemoryClaimStore;
  return {
    claim: async (claimId) => {
      const c = await memory.load(claimId);
      return c === null ? null : { version: c.version, debtorId: c.debtorId, nextReviewAt: c.nextReviewAt };
    },
    events: async (claimId) => ((await memory.load(claimId))?.entries ?? []).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event })),
    outbox: async () => memory.outbox().map((m) => ({ id: m.id, claimId: m.claimId, status: m.status, attempts: m.attempts })),
  };
}

// The memory store is the reference adapter: it must pass every check of the ClaimStore port.
testClaimStore('memory', () => createMemoryClaimStore(), { tables: memoryTables });

// Also without hash-chain verification (the mode for very large simulations).
testClaimStore('memory (verifyChain: false)', () => createMemoryClaimStore({ verifyChain: false }));
