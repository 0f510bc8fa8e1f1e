import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock, toAmountString } from '@mahnwerk/core';
import { openEmbeddedStore } from '@mahnwerk/store-postgres';
import { runShop, runShopDays } from '../src/shop.js';

describe('README quick start (examples/shop)', () => {
  it('on 2025-01-23 the consumer is in default since 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB) and gets the reminder', async () => {
    const { statement, sent } = await runShop('2025-01-23');
    // Interest 2025-01-17..2025-01-23 = 7 days at 2.27 + 5 = 7.27 %: 1000 × 0.0727 × 7 / 365 = 1.3942 → 1.39
    expect(toAmountString(statement.interest)).toBe('1.39');
    expect(toAmountString(statement.total)).toBe('1001.39');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain('Zahlungserinnerung');
  }, 60_000); // the first embedded database of a machine is made by initdb in WebAssembly (15–30 s), later ones from its cached template
});

// The README's quick start opens the embedded default store, `openEmbeddedStore()` from
// @mahnwerk/store-postgres (PostgreSQL on PGlite; `{ dataDir }` keeps it on disk) — the example that
// calls itself the quick start used the test kit's memory store instead. Kept in a data directory, the
// book is there for the next process: the same claim, its events and the reminder's outbox row.
describe('README quick start (examples/shop): the embedded default store, PostgreSQL on PGlite', () => {
  it('with { dataDir } the claim, its events and the reminder are in the database after the run (reopened)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mahnwerk-example-shop-'));
    try {
      await runShop('2025-01-23', fixedClock('2025-01-23'), { dataDir });
      const store = await openEmbeddedStore({ dataDir });
      try {
        const stored = await store.load('RE-1001');
        const types = stored?.entries.map((entry) => entry.event.type) ?? [];
        // claim-created on 2025-01-02; default began 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB); the reminder stage of 2025-01-23.
        expect(types.slice(0, 1)).toEqual(['claim-created']);
        expect(types).toEqual(expect.arrayContaining(['default-began', 'stage-entered', 'message-queued']));
      } finally {
        await store.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('README quick start, carried on to the hand-over (de-b2c-default, § 13a Abs. 1 Nr. 2 RDG)', () => {
  it('the claim carries what the agency must name, so the facts do not block the hand-over; the quick start\'s creditor-only renderer does (guard.message-cannot-be-written) and nothing is charged', async () => {
    const { blocked, stages, state } = await runShopDays('2025-03-31');
    // Without description and contractDate the engine refuses the hand-over of a consumer's claim
    // (guard.agency-handover-needs-claim-reason) and the claim stays at the final notice.
    expect(blocked.filter((b) => b.reason.rule === 'guard.agency-handover-needs-claim-reason')).toEqual([]);
    // The quick start's renderer has no collection agency and no § 13a Abs. 1 RDG data, so it cannot
    // write the agency's first letter and says so before the step (its check): the hand-over is not
    // booked — no collection costs for a letter that would not go out — and asked again daily
    // (2025-03-16 … 2025-03-31: 16 days). examples/shop/src/timeline.ts gives the renderer the agency.
    expect(blocked.map((b) => `${b.date} ${b.reason.rule}`)).toEqual(
      Array.from({ length: 16 }, (_, i) => `2025-03-${String(16 + i).padStart(2, '0')} guard.message-cannot-be-written`),
    );
    expect(blocked[0]?.reason.text).toContain('§ 13a Abs. 1 RDG');
    expect(state.handedOver).toBeNull();
    expect(state.fees.some((f) => f.kind === 'collection-costs')).toBe(false);
    // Checked by hand against the policy's triggers (de-b2c-default.ts): reminder due date + 7 =
    // 2025-01-23; Mahnung + 14 = 2025-02-06 (deadline 02-20); letzte Mahnung + 21 = 2025-02-27
    // (deadline + 10 = 03-09, a Sunday, § 193 BGB → 03-10); hand-over + 17 = 2025-03-16 (blocked).
    expect(stages).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-02-27 final-notice']);
  }, 60_000);
});
