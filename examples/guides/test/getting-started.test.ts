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

/** Runs one generated block of the guide and returns the lines it printed. */
async function printedBy(block: string): Promise<string[]> {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    printed.push(values.map(String).join(' '));
  });
  try {
    await import(block);
  } finally {
    log.mockRestore();
  }
  return printed;
}

// "When the debtor answers": hand figures in the guide's text. Default from 2025-01-17 (§ 286 Abs. 2
// Nr. 1 BGB), 7.27 % (base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB), a payment bears no interest for its
// own day, each installment pays interest first (§ 367 Abs. 1 BGB):
//   01-17 … 03-02, 45 days: 600.00 × 0.0727 × 45 / 365 = 5.378 → 5.38; principal 600.00 − 194.62 = 405.38
//   03-03 … 03-31, 29 days: 405.38 × 0.0727 × 29 / 365 = 2.341 → 2.34; principal 405.38 − 197.66 = 207.72
//   04-01 … 04-29, 29 days: 207.72 × 0.0727 × 29 / 365 = 1.200 → 1.20; principal 207.72 − 198.80 = 8.92
//   04-30 … 05-31, 32 days: 8.92 × 0.0727 × 32 / 365 = 0.057 → 0.06; total 8.98
// No stage during the dispute (01-27 … 02-10) nor while the plan is kept; the Mahnung on the day the
// dispute is resolved (its day, 14 days after the reminder's 01-23 — de-b2c-default — passed during the dispute);
// the remainder 8.98 is below the 10.00 minimum of the stage after the kept plan (stage.below-minimum).
it('getting-started: a dispute holds escalation, a kept installment plan of the principal leaves the interest it paid first (§ 367 Abs. 1 BGB), and the guide prints the figures it states', async () => {
  expect(await printedBy('../generated/getting-started-2.js')).toEqual([
    '2025-01-23 reminder',
    '2025-02-10 dunning-notice',
    '2025-05-08 stage.below-minimum',
    '8.92 0.06 8.98',
  ]);
}, 60_000);

// "A debtor's data": docs/gdpr.md — erasure removes the data, keeps the chain (Art. 17(3) GDPR).
it('getting-started: exportDebtor holds the data with a verified chain, eraseDebtor leaves "gelöscht" and a chain that still verifies (docs/gdpr.md)', async () => {
  expect(await printedBy('../generated/getting-started-3.js')).toEqual(['RE-1003 held true', 'RE-1003 gelöscht', 'true']);
}, 60_000);
