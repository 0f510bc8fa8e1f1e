import { describe, expect, it } from 'vitest';
import { toAmountString } from '@mahnwerk/core';
import { runShop, runShopDays } from '../src/shop.js';

describe('README quick start (examples/shop)', () => {
  it('on 2025-01-23 the consumer is in default since 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB) and gets the reminder', async () => {
    const { statement, sent } = await runShop('2025-01-23');
    // Interest 2025-01-17..2025-01-23 = 7 days at 2.27 + 5 = 7.27 %: 1000 × 0.0727 × 7 / 365 = 1.3942 → 1.39
    expect(toAmountString(statement.interest)).toBe('1.39');
    expect(toAmountString(statement.total)).toBe('1001.39');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain('Zahlungserinnerung');
  });
});

describe('README quick start, carried on to the hand-over (de-b2c-default, § 13a Abs. 1 Nr. 2 RDG)', () => {
  it('the claim carries what the agency must name, so the hand-over is not blocked and happens on its day', async () => {
    const { blocked, stages } = await runShopDays('2025-03-31');
    // Without description and contractDate the engine refuses the hand-over of a consumer's claim
    // (guard.agency-handover-needs-claim-reason) and the claim stays at the final notice for good.
    expect(blocked).toEqual([]);
    // Checked by hand against the policy's triggers (de-b2c-default.ts): reminder due date + 7 =
    // 2025-01-23; Mahnung + 14 = 2025-02-06 (deadline 02-20); letzte Mahnung + 21 = 2025-02-27
    // (deadline + 10 = 03-09, a Sunday, § 193 BGB → 03-10); hand-over + 17 = 2025-03-16.
    expect(stages).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-02-27 final-notice', '2025-03-16 handover']);
  }, 60_000);
});
