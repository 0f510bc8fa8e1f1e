import { describe, expect, it } from 'vitest';
import { checkInvariants, project, statement, toAmountString, type ClaimEvent, type ClaimEventOf, type IsoDate } from '../../src/index.js';
import { deliveryClaim, deliveryHost, deliveryPolicy } from './host-fixture.js';

// Rule (§ 367 Abs. 1 BGB with §§ 286 Abs. 1, 130 Abs. 1 S. 1 BGB; docs/legal-notes.md, "A Mahnung that
// did not reach the debtor"): a payment is applied to what is owed on its day — costs, then interest, then
// principal, against the claim as it stood at the end of the day before. When the provider reports the
// e-mail Mahnung bounced, the default it rested on is taken back (`default-withdrawn`, dated the report's
// day) and counted anew from the next Mahnung that did arrive; interest for the days before that new first
// day of default was never owed. A payment booked BEFORE the report had its interest part re-allocated by
// the withdrawal (`interestReallocated`, default-withdrawn-interest-paid.test.ts). A payment booked AFTER
// the report with an earlier value date (the bank statement came late) must meet the same figures: the
// interest owed counted from the new first day of default, the rest to the principal — one rule, whichever
// order the two were booked in.
//
// The bug: such a payment met the figures of its day before as the ledger showed them THEN (default from
// the bounced e-mail's receipt), so it paid interest for days taken back, and nothing re-allocated it
// afterwards: the statement showed interest below zero (guard.no-negative-balance), or — with interest
// owed anew by then — too much of the payment on interest and too little on the principal.
//
// The claim and policy are those of default-notice-not-received / default-withdrawn-interest-paid, without
// the final notice's fee (a fee charged 02-21 and dropped on 03-03 is a money event; a command may not be
// dated before one): 500.00 EUR, consumer, due Thu 2025-01-16; reminder letter Thu 2025-01-23; Mahnung by
// e-mail Thu 2025-02-06 (received Fri 02-07, default booked from Sat 2025-02-08; deadline Thu 02-20); final
// notice letter Fri 2025-02-21, received Mon 02-24: by it default begins Tue 2025-02-25. The bounce of the
// e-mail is reported Mon 2025-03-03, before that day's run; the late payments are booked Wed 2025-03-05.
// February 2025 has 28 days.
//
// Interest (§ 288 Abs. 1 BGB): 2.27 % + 5 = 7.27 % a year, act/365, each period rounded to the cent.

const policy = deliveryPolicy({ id: 'default-withdrawn-payment-booked-late', name: 'Default withdrawn, payment booked late' });
const claim = deliveryClaim(31);
const bounce = { claimId: 'INV-31', messageId: 'INV-31:msg:dunning-notice:1', channel: 'email', status: 'bounced' as const, detail: '550 5.1.1 mailbox unknown' };

/** Runs the claim to 2025-03-10: on each day the morning's commands (the bounce report on 03-03, the payments on the day given), then the daily run. */
async function run(payments: readonly { readonly id: string; readonly amount: string; readonly date: IsoDate; readonly bookedOn: IsoDate }[]): Promise<ClaimEvent[]> {
  const h = deliveryHost({ policy, claimId: 'INV-31' });
  await h.mw.createClaim(claim);
  await h.run('2025-03-10', async (day) => {
    if (day === '2025-03-03') await h.mw.recordDelivery(bounce);
    for (const p of payments) if (p.bookedOn === day) await h.mw.recordPayment({ claimId: 'INV-31', paymentId: p.id, amount: p.amount, date: p.date });
  });
  return h.events();
}

const paymentOf = (events: readonly ClaimEvent[], id: string) => events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === id);
const figures = (events: readonly ClaimEvent[], day: IsoDate): string[] => {
  const s = statement(project(events), day);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};
const negative = (events: readonly ClaimEvent[]) => checkInvariants(events, policy as never).filter((r) => r.guard === 'guard.no-negative-balance');

describe('§ 367 Abs. 1 BGB with §§ 286 Abs. 1, 130 Abs. 1 S. 1 BGB: a payment booked after the report that took the default back, with an earlier value date, meets the interest owed as counted from the new first day of default', () => {
  it('100.00 dated 2025-02-20, booked 2025-03-05: no interest was owed by 02-19 counted from 02-25 — all 100.00 on the principal; principal 400.00, interest 1.12, total 401.12 to 2025-03-10 (before the fix 1.20 on interest and −0.08 interest shown)', async () => {
    // By hand. The ledger on 03-05: default booked from 02-08, taken back 03-03, anew from 02-25.
    // - As of the end of 02-19, counted from 02-25: no interest owed → 100.00 on the principal → 400.00.
    // - Before the fix, counted from 02-08 as the ledger showed it then: 12 days on 500.00 =
    //   500.00 × 0.0727 × 12 / 365 = 436.20 / 365 = 1.1951 → 1.20 on interest, 98.80 on the principal.
    // - To 2025-03-10: 02-25…03-10 (4 + 10 = 14 days) on 400.00 = 400.00 × 0.0727 × 14 / 365 = 407.12 / 365
    //   = 1.1154 → 1.12; nothing paid on it: interest 1.12, total 401.12 — the figures had the e-mail never
    //   counted (default-withdrawn-interest-paid's case 1, booked the other way round).
    // - Before the fix: 14 days on 401.20 = 408.34136 / 365 = 1.1187 → 1.12, less 1.20 paid = −0.08.
    const events = await run([{ id: 'P-1', amount: '100.00', date: '2025-02-20', bookedOn: '2025-03-05' }]);
    expect(events.filter((e) => e.type === 'default-began' || e.type === 'default-withdrawn').map((e) => `${e.type} ${e.date}`)).toEqual([
      'default-began 2025-02-08',
      'default-withdrawn 2025-03-03',
      'default-began 2025-02-25',
    ]);
    const p1 = paymentOf(events, 'P-1');
    // Booked after the withdrawal (nothing for the withdrawal to re-allocate then).
    expect(events.indexOf(p1 as ClaimEvent)).toBeGreaterThan(events.findIndex((e) => e.type === 'default-withdrawn'));
    expect(p1?.allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '0.00' });
    expect([p1?.reason?.inputs?.['asOf'], p1?.reason?.inputs?.['openInterest'], p1?.reason?.inputs?.['openPrincipal']]).toEqual(['2025-02-19', '0.00', '500.00']);
    expect(figures(events, '2025-03-10')).toEqual(['400.00', '1.12', '0.00', '401.12']);
    expect(negative(events)).toEqual([]);
  });

  it('100.00 dated 2025-02-27 (after the new first day of default), booked 2025-03-05: 0.20 on interest (02-25…02-26), 99.80 on the principal; principal 400.20, interest 0.96, total 401.16 (before the fix 1.89 on interest and −0.73 shown)', async () => {
    // By hand. As of the end of 02-26, counted from 02-25: 2 days on 500.00 = 500.00 × 0.0727 × 2 / 365 =
    // 72.70 / 365 = 0.1992 → 0.20 → interest 0.20, principal 99.80 → 400.20.
    // - Before the fix, counted from 02-08: 19 days on 500.00 = 690.65 / 365 = 1.8922 → 1.89 on interest.
    // - To 2025-03-10: 0.20 (02-25…02-26 on 500.00) + 02-27…03-10 (2 + 10 = 12 days) on 400.20 =
    //   400.20 × 0.0727 × 12 / 365 = 349.13448 / 365 = 0.9565 → 0.96 = 1.16 accrued, 0.20 paid: 0.96;
    //   total 400.20 + 0.96 = 401.16 — again the figures had the e-mail never counted.
    // - Before the fix: 0.20 + 12 days on 401.89 = 350.608836 / 365 = 0.9606 → 0.96 = 1.16, less 1.89 = −0.73.
    const events = await run([{ id: 'P-1', amount: '100.00', date: '2025-02-27', bookedOn: '2025-03-05' }]);
    expect(paymentOf(events, 'P-1')?.allocation).toEqual({ costs: '0.00', interest: '0.20', principal: '99.80', unapplied: '0.00' });
    expect(figures(events, '2025-03-10')).toEqual(['400.20', '0.96', '0.00', '401.16']);
    expect(negative(events)).toEqual([]);
  });

  it('100.00 paid 2025-02-20 and booked in time (its 1.20 of interest re-allocated by the withdrawal), then 50.00 dated 2025-02-27 booked 2025-03-05: 0.16 on interest, 49.84 on the principal — the figures of booking both in time (principal 350.16, interest 0.84, total 351.00)', async () => {
    // By hand. P-1 on 02-20 as booked: 12 days on 500.00 = 1.20 on interest, 98.80 on the principal → 401.20;
    // the withdrawal of 03-03 re-allocates the 1.20 (no interest was owed by 02-19 counted from 02-25),
    // credited to the principal from 03-03.
    // P-2 dated 02-27 meets the end of 02-26 as the ledger shows it now: 02-25…02-26 (2 days) on 401.20 =
    // 401.20 × 0.0727 × 2 / 365 = 58.33448 / 365 = 0.1598 → 0.16 owed, none of it paid (P-1 keeps 0.00);
    // principal 401.20 − 1.20 credited = 400.00 → 0.16 on interest, 49.84 on the principal.
    // - Before the fix, counted from 02-08: 1.20 + 02-20…02-26 (7 days) on 401.20 = 204.17068 / 365 = 0.5594
    //   → 0.56, less 1.20 paid = 0.56 → 0.56 on interest, 49.44 on the principal (0.40 too much on interest).
    // Principal: 401.20 from 02-20, 401.20 − 49.84 = 351.36 from 02-27, 351.36 − 1.20 = 350.16 from 03-03.
    // To 2025-03-10: 0.16 + 02-27…03-02 (4 days) on 351.36 = 102.175488 / 365 = 0.2799 → 0.28 + 03-03…03-10
    // (8 days) on 350.16 = 203.653056 / 365 = 0.5580 → 0.56 = 1.00, less 0.16 paid: 0.84; total 351.00.
    // Both booked in time (default-withdrawn-interest-paid's case 2, without the fee): the same 350.16, 0.84, 351.00.
    const events = await run([
      { id: 'P-1', amount: '100.00', date: '2025-02-20', bookedOn: '2025-02-20' },
      { id: 'P-2', amount: '50.00', date: '2025-02-27', bookedOn: '2025-03-05' },
    ]);
    expect(paymentOf(events, 'P-1')?.allocation).toEqual({ costs: '0.00', interest: '1.20', principal: '98.80', unapplied: '0.00' });
    expect(events.find((e): e is ClaimEventOf<'default-withdrawn'> => e.type === 'default-withdrawn')?.interestReallocated).toEqual([
      { paymentId: 'P-1', interest: '1.20', principal: '1.20', unapplied: '0.00' },
    ]);
    expect(paymentOf(events, 'P-2')?.allocation).toEqual({ costs: '0.00', interest: '0.16', principal: '49.84', unapplied: '0.00' });
    expect(figures(events, '2025-03-10')).toEqual(['350.16', '0.84', '0.00', '351.00']);
    const inTime = await run([
      { id: 'P-1', amount: '100.00', date: '2025-02-20', bookedOn: '2025-02-20' },
      { id: 'P-2', amount: '50.00', date: '2025-02-27', bookedOn: '2025-02-27' },
    ]);
    expect(figures(inTime, '2025-03-10')).toEqual(['350.16', '0.84', '0.00', '351.00']);
    expect(negative(events)).toEqual([]);
  });
});
