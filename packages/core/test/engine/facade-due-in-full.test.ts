import { describe, expect, it } from 'vitest';
import { addDays, createMahnwerk, type IsoDate } from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// What a "pay now" link should charge (the portal's pay button): a payment booked on day P bears no
// interest for P, so the amount that settles the claim on P is the total as of the end of P − 1
// (core's amountDueInFull, the amount simulate's "pay in full" books) — not statement(P), which holds
// one day's interest more. Worked by hand: 1,000.00 € due on the agreed calendar date 2025-01-16,
// in default from 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB), 7.27 % (base rate 2.27 % + 5, § 288 Abs. 1
// BGB). Paid on 2025-02-10: interest 2025-01-17 … 2025-02-09 = 24 days, 1,000 × 7.27 % × 24 / 365
// = 4.780… → 4.78 €; total 1,004.78 €. statement(2025-02-10) holds 25 days: 4.979… → 4.98 €.

/** The claim, with the daily run done every day up to and including `until`, as a host runs it. */
async function claimInDefault(until: IsoDate): Promise<{ mw: ReturnType<typeof createMahnwerk>; clock: { date: IsoDate } }> {
  const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const mw = createMahnwerk({ store: memoryStore(), clock, policy: 'auto', channels: [] });
  await mw.createClaim({
    id: 'K-1',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: true,
  });
  for (let day: IsoDate = '2025-01-02'; day <= until; day = addDays(day, 1)) {
    clock.date = day;
    await mw.runDue(day);
  }
  return { mw, clock };
}

describe('Mahnwerk.amountDueInFull: what a payment in full on a day must be', () => {
  it('on 2025-02-10: 1,004.78 € (24 days of interest), one day less than statement(2025-02-10) at 1,004.98 €', async () => {
    const { mw } = await claimInDefault('2025-02-10');
    expect((await mw.amountDueInFull('K-1')).amount.toFixed(2)).toBe('1004.78');
    expect((await mw.statement('K-1', '2025-02-10')).total.amount.toFixed(2)).toBe('1004.98');
  });

  it('paying that amount on that day settles the claim to the cent: nothing open, nothing overpaid (invariant: money conserved)', async () => {
    for (const day of ['2025-01-20', '2025-02-10', '2025-03-31'] as IsoDate[]) {
      const fresh = await claimInDefault(day);
      const due = await fresh.mw.amountDueInFull('K-1', day);
      await fresh.mw.recordPayment({ claimId: 'K-1', amount: due.amount.toFixed(2), date: day });
      fresh.clock.date = addDays(day, 1);
      await fresh.mw.runDue(addDays(day, 1));
      const after = await fresh.mw.statement('K-1', addDays(day, 30));
      expect(after.total.amount.toFixed(2)).toBe('0.00');
      expect(after.unapplied.amount.toFixed(2)).toBe('0.00');
      expect((await fresh.mw.claim('K-1')).status).toBe('settled');
    }
  });
});
