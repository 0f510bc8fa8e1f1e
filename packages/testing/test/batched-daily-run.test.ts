import { addDays, createMahnwerk, type Channel, type ClaimStore, type IsoDate } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, createVirtualClock, makeBook } from '../src/index.js';

// The batched daily run (issue 9 point 11; core engine/daily-run.ts): with a store that has
// `loadMany` and `appendMany`, `runDue` decides a page of due claims as one batch and appends it
// in one transaction. The rule it keeps: the same decisions and events as the claim-by-claim run —
// including contact limits between claims of one debtor decided in the same page (a debtor's
// message queued earlier in the page counts for their later claims, as if it were stored already).
// Proven by running one book day by day through two hosts on the same virtual clock — one over the
// memory store, one over the same store with its batched methods hidden — and comparing every
// claim's stream, review date and outbox.

const channels: Channel[] = ['email', 'letter', 'sms'].map((name) => ({
  specificationVersion: 'v1',
  name,
  canReach: () => true,
  send: (message) => Promise.resolve({ providerMessageId: message.id }),
}));

/** The store without its optional batched methods: the host falls back to one claim at a time. */
function claimByClaim(store: ClaimStore): ClaimStore {
  const { appendMany: _a, loadMany: _l, contactsSinceMany: _c, ...rest } = store;
  return rest;
}

async function run(seed: number, batched: boolean, batchSize: number): Promise<{ claims: unknown[]; outbox: unknown[]; decided: number[] }> {
  const book = makeBook({ seed, size: 36 });
  const memory = createMemoryClaimStore();
  const store = batched ? memory : claimByClaim(memory);
  expect(store.appendMany === undefined).toBe(!batched);
  const start: IsoDate = '2025-01-01';
  const clock = createVirtualClock(start, { time: '12:00:00+01:00' });
  // Salts of the personal-data commitments from a counter, so both hosts write the same hashes.
  let salt = 0;
  const randomBytes = (length: number): Uint8Array => Uint8Array.from({ length }, () => (salt++ * 37) & 0xff);
  const mw = createMahnwerk({ store, clock, channels, policy: 'auto', batchSize, randomBytes, statement: { allowBeyondKnownBaseRate: true } });
  const decided: number[] = [];
  for (let i = 0; i < 200; i++) {
    const day = addDays(start, i);
    clock.set(day);
    for (const facts of book.claims) if (facts.invoiceDate === day) await mw.createClaim(facts);
    const result = await mw.runDue(day);
    expect(result.errors).toEqual([]);
    decided.push(result.decided);
  }
  const claims = await Promise.all(memory.claimIds().map((id) => memory.load(id)));
  return { claims, outbox: [...memory.outbox()], decided };
}

describe('runDue in batches (loadMany + appendMany) decides as claim by claim', () => {
  it('the same streams, review dates, outbox and daily counts over 200 days of a 36-claim book, pages of 5 claims', async () => {
    const book = makeBook({ seed: 7, size: 36 });
    // The book has debtors with several claims, so contact limits between claims of a page matter.
    expect(book.debtors.length).toBeLessThan(book.claims.length);
    const one = await run(7, false, 5);
    const many = await run(7, true, 5);
    expect(one.outbox.length).toBeGreaterThan(36);
    expect(many.decided).toEqual(one.decided);
    expect(many.claims).toEqual(one.claims);
    expect(many.outbox).toEqual(one.outbox);
  }, 120_000);

  it('the same with another book and one page per day (batch of 100)', async () => {
    const one = await run(20251202, false, 100);
    const many = await run(20251202, true, 100);
    expect(many.claims).toEqual(one.claims);
    expect(many.outbox).toEqual(one.outbox);
  }, 120_000);
});
