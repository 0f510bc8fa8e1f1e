import { expect, it, vi } from 'vitest';

// docs/guides/getting-started.md states in its comments what its code prints; this file imports the
// block (generated/getting-started-1.ts, fresh in this test file's own module graph) and holds the
// printed lines to those comments. The figures were computed by hand, as the guide shows:
// 7 days (2025-01-17 … 23) at 2.27 + 5 = 7.27 % (§ 288 Abs. 1 BGB): 1000 × 0.0727 × 7 / 365 = 1.3942 → 1.39;
// the payment of 400.00 on 2025-01-23 bears no interest for its own day: 6 days = 1.1951 → 1.20
// interest (§ 367 Abs. 1 BGB: interest before principal), 398.80 principal → 601.20 left.
it('getting-started: the agreed due date puts the debtor in default on 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB) and the guide prints the figures it states', async () => {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    printed.push(values.map(String).join(' '));
  });
  try {
    await import('../generated/getting-started-1.js');
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual(['1 Zahlungserinnerung – Rechnung RE-1001', '1.39 1001.39', '601.20', 'true']);
}, 60_000); // the first import loads core, templates and testing from source: seconds on a busy machine
