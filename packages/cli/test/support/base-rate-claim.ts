// What the specs of base rates beyond the shipped table share (base-rates-config, base-rates-commands).

/**
 * A base-rate row for the half-year after the table @mahnwerk/core ships (it ends 2026-12-31):
 * 2.00 % from 2027-01-01 is a TEST FIGURE, not the published rate. With it, § 288 Abs. 1 BGB gives a
 * consumer 2.00 + 5 = 7.00 %, § 288 Abs. 2 BGB a business debtor 2.00 + 9 = 11.00 %.
 */
export const testBaseRateRow = { from: '2027-01-01', ratePercent: '2.00', source: 'TEST FIGURE — not the published rate' };

/**
 * The book of one business claim (§ 288 Abs. 2 BGB: base rate + 9 points) of 1000.00 EUR due on the
 * calendar day 2026-12-15: in default from 2026-12-16 without a reminder (§ 286 Abs. 2 Nr. 1 BGB,
 * interest from the day after, § 187 Abs. 1 BGB), so its interest runs across 2027-01-01. As JSON,
 * for `import` and `simulate --claims`.
 *
 * @param extra - further fields of the claim (e.g. its `reference`)
 */
export function bookOfClaimInDefault(extra: Record<string, unknown> = {}): string {
  return JSON.stringify([
    {
      id: 'B-1',
      principal: '1000.00',
      currency: 'EUR',
      invoiceDate: '2026-12-01',
      dueDate: '2026-12-15',
      dueDateIsCalendarDate: true,
      debtor: { id: 'D-1', kind: 'business', name: 'Muster GmbH', email: 'ap@muster.example' },
      ...extra,
    },
  ]);
}
