import { describe, expect, it } from 'vitest';
import { toAmountString } from '@mahnwerk/core';
import { runShop } from '../src/shop.js';

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
