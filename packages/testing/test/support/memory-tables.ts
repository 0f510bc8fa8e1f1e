import type { ClaimStore } from '@mahnwerk/core';
import type { ClaimStoreTables, MemoryClaimStore } from '../../src/index.js';

/** The memory store has no tables: its read-outs (every outbox message, every claim) stand in for them. */
export function memoryTables(store: ClaimStore): ClaimStoreTables {
  const memory = store as MemoryClaimStore;
  return {
    claim: async (claimId) => {
      const c = await memory.load(claimId);
      return c === null ? null : { version: c.version, debtorId: c.debtorId, nextReviewAt: c.nextReviewAt };
    },
    events: async (claimId) => ((await memory.load(claimId))?.entries ?? []).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event })),
    outbox: async () => memory.outbox().map((m) => ({ id: m.id, claimId: m.claimId, status: m.status, attempts: m.attempts })),
    dump: async () => memory.dump(),
  };
}

