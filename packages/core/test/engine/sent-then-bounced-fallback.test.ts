import { describe, expect, it } from 'vitest';
import { toAmountString, type ClaimEvent, type IsoDate } from '../../src/index.js';
import { ofType } from './helpers.js';
import { defaultLine, deliveryClaim, deliveryHost, deliveryPolicy, feeLines as fees, mahnungBounce, sentLines as letters } from './host-fixture.js';

// Rule (§ 130 Abs. 1 S. 1 BGB with § 286 Abs. 1 BGB; docs/legal-notes.md, "A Mahnung that did not reach
// the debtor", and docs/engine.md, "A report of non-delivery after the send brings the fallback"): a
// Mahnung takes effect only when it reaches the debtor. An e-mail the provider reports bounced (or
// undelivered) after its `message-sent` never reached them: the debtor has not been warned, and no
// default rests on it. The policy gave the message a fallback channel (the letter) for a message that
// cannot be delivered by e-mail; so the report brings the fallback letter — once, through the same path
// as a report after a give-up (`messageDeliveryState(...).reopened`, `reopensOutbox`, the dispatcher's
// channels left) — its deadline counted from the day it goes out (`deadlineOnSend`, § 193 BGB), its
// receipt from that day (`letterDeliveryDays` 3), and the next stage waits for that deadline.
//
// The bug: the message ended with the send. The bounce took the default back (`default-withdrawn`) but
// no letter went out; the final notice followed on the e-mail's deadline the debtor never read.
//
// Dates by hand: 2025-01-01 was a Wednesday, so 2025-02-06 and -27 are Thursdays, 2025-02-12 and -26
// Wednesdays, 2025-02-15 and 2025-03-01 Saturdays, 2025-02-16 a Sunday, 2025-02-21 and 2025-03-07
// Fridays, 2025-02-24 and 2025-03-03 Mondays, 2025-02-25 and 2025-03-04 Tuesdays. February 2025 has 28 days.
//
// The policy (as in default-notice-not-received): reminder by letter Thu 2025-01-23 (due 01-16 + 7);
// Mahnung by e-mail with letter fallback 14 days later, Thu 2025-02-06, deadline 14 days; final notice by
// letter 7 days after the Mahnung, not before its deadline has passed, creditor fee 1.00 EUR. The e-mail
// goes out on 02-06 (received 02-07 by the engine's convention, default booked from Sat 02-08).
//
// Interest (consumer, § 288 Abs. 1 BGB): 2.27 % + 5 points = 7.27 % a year, act/365, on 500.00 EUR:
// 500.00 × 0.0727 = 36.35 a year.

/** The host (host-fixture's delivery host, both channels deliver everything) on claim INV-9. */
const setup = (options: { fallback?: boolean } = {}) =>
  deliveryHost({
    policy: deliveryPolicy({ id: 'sent-then-bounced', name: 'Sent then bounced', mahnung: (options.fallback ?? true) ? 'email-then-letter' : 'email', finalFee: '1.00' }),
    claimId: 'INV-9',
  });

const claim = deliveryClaim(9);

const mahnungId = 'INV-9:msg:dunning-notice:1';
const bounce = mahnungBounce(9);

const defaults = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'default-began' ? [`began ${e.date}`] : e.type === 'default-withdrawn' ? [`withdrawn ${e.date} (was ${e.previous})`] : []));
/** The Mahnung's sends: channel and day. */
const mahnungSends = (events: readonly ClaimEvent[]): string[] => ofType(events, 'message-sent').filter((e) => e.messageId === mahnungId).map((e) => `${e.channel} ${e.date}${e.deadline === undefined ? '' : ` (deadline ${e.deadline})`}`);

describe('§ 130 Abs. 1 S. 1 BGB, § 286 Abs. 1 BGB: a Mahnung sent by e-mail and reported bounced afterwards gets its fallback letter — once, its deadline and receipt counted from the letter', () => {
  it('reported on Wed 2025-02-12: the letter goes out that day "bis zum 26.02.2025" (02-12 + 14), received Sat 02-15, default from Sun 02-16; the final notice on Thu 2025-02-27 keeps its 1.00; interest to 2025-03-10 = 23 days = 2.29', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
    });
    const events = await h.events();
    // The e-mail (02-06) and, after the report, the letter (02-12, its deadline counted from it: 02-26, a Wednesday).
    expect(mahnungSends(events)).toEqual(['email 2025-02-06', 'letter 2025-02-12 (deadline 2025-02-26)']);
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-12', 'final-notice 2025-02-27']);
    const mahnung = h.letter.find((m) => m.stage === 'dunning-notice');
    expect(mahnung?.text).toContain('26.02.2025');
    // It is the Mahnung that puts the debtor in default (the e-mail never did): no fee for it, and it says so.
    expect(defaultLine(mahnung)).toMatch(/Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug/);
    // Default taken back on the report's day, booked anew from the letter's receipt: 02-12 + 3 = 02-15, from 02-16 (§ 187 Abs. 1 BGB).
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-12 (was 2025-02-08)', 'began 2025-02-16']);
    // The final notice waits for the letter's deadline (02-26), not the e-mail's (02-20): Thu 2025-02-27. The debtor is in
    // default since 02-16, so its fee is a damage of delay and stays (§§ 280 Abs. 2, 286 BGB).
    expect(fees(events)).toEqual(['2025-02-27 charged creditor-dunning-fee 1.00']);
    expect(toAmountString((await h.mw.statement('INV-9', '2025-02-15')).interest)).toBe('0.00');
    const s = await h.mw.statement('INV-9', '2025-03-10');
    // 16–28 Feb = 13 days + 1–10 Mar = 10 days = 23 days: 36.35 × 23 / 365 = 836.05 / 365 = 2.2905… → 2.29; 500.00 + 2.29 + 1.00 = 503.29.
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['2.29', '1.00', '503.29']);
  });

  it('reported on Sat 2025-02-15: "bis zum 03.03.2025" (02-15 + 14 = Sat 03-01, moved by § 193 BGB), received Tue 02-18, default from Wed 02-19, final notice Tue 2025-03-04; interest to 2025-03-10 = 20 days = 1.99', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-15') await h.mw.recordDelivery(bounce);
    });
    const events = await h.events();
    expect(mahnungSends(events)).toEqual(['email 2025-02-06', 'letter 2025-02-15 (deadline 2025-03-03)']);
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-15', 'final-notice 2025-03-04']);
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-15 (was 2025-02-08)', 'began 2025-02-19']);
    const s = await h.mw.statement('INV-9', '2025-03-10');
    // 19–28 Feb = 10 days + 10 = 20 days: 36.35 × 20 / 365 = 727 / 365 = 1.9917… → 1.99; 500.00 + 1.99 + 1.00 = 502.99.
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['1.99', '1.00', '502.99']);
  });

  it('reported after the day\'s run (Wed 2025-02-12), a dispatch right after it sends nothing yet: the next run (here the day\'s run again) takes the default back first, then the letter goes out "bis zum 26.02.2025" demanding 500.00 — no interest of a default that never began', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-12');
    await h.mw.recordDelivery(bounce);
    // A dispatcher worker between the report and the next daily run: the default booked from the e-mail (02-08) is
    // still on the ledger, so a letter now would demand 5 days of interest (02-08..02-12: 36.35 × 5 / 365 = 0.4979 → 0.50).
    await h.mw.dispatch('2025-02-12');
    expect(mahnungSends(await h.events())).toEqual(['email 2025-02-06']);
    expect(h.letter.filter((m) => m.stage === 'dunning-notice')).toEqual([]);
    await h.run('2025-02-16');
    const events = await h.events();
    // The run of 02-12 again: the default taken back (dated the report's day), then the letter: 02-12 + 14 = Wed 02-26.
    expect(mahnungSends(events)).toEqual(['email 2025-02-06', 'letter 2025-02-12 (deadline 2025-02-26)']);
    const mahnung = h.letter.find((m) => m.stage === 'dunning-notice');
    expect(mahnung?.payment?.amount).toBe('500.00');
    expect(defaultLine(mahnung)).toMatch(/Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug/);
    // Received Sat 02-15, default from Sun 02-16.
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-12 (was 2025-02-08)', 'began 2025-02-16']);
  });

  it('once: the same bounce again, a failure report and a later bounce of the e-mail bring no second letter', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-12') {
        await h.mw.recordDelivery(bounce);
        await h.mw.recordDelivery(bounce);
      }
      if (day === '2025-02-13') await h.mw.recordDelivery({ ...bounce, status: 'failed', detail: 'the provider gave up' });
      if (day === '2025-02-20') await h.mw.recordDelivery({ ...bounce, detail: 'second notice of the bounce' });
    });
    const events = await h.events();
    expect(mahnungSends(events)).toEqual(['email 2025-02-06', 'letter 2025-02-12 (deadline 2025-02-26)']);
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-12', 'final-notice 2025-02-27']);
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-12 (was 2025-02-08)', 'began 2025-02-16']);
  });

  it('a policy without a fallback: nothing more goes out, the final notice (Fri 2025-02-21, received Mon 02-24) causes default from Tue 02-25 and charges no fee; interest 14 days = 1.39', async () => {
    const h = setup({ fallback: false });
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
    });
    const events = await h.events();
    expect(mahnungSends(events)).toEqual(['email 2025-02-06']);
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'final-notice 2025-02-21']);
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-12 (was 2025-02-08)', 'began 2025-02-25']);
    expect(fees(events)).toEqual([]);
    const s = await h.mw.statement('INV-9', '2025-03-10');
    // 25–28 Feb = 4 days + 10 = 14 days: 36.35 × 14 / 365 = 508.90 / 365 = 1.3942… → 1.39.
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['1.39', '0.00', '501.39']);
  });

  it('reported after the final notice was entered (Mon 2025-02-24): no Mahnung letter after it — the later notice replaced it', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-24') await h.mw.recordDelivery(bounce);
    });
    expect(mahnungSends(await h.events())).toEqual(['email 2025-02-06']);
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'final-notice 2025-02-21']);
  });

  it('settled: paid in full on 2025-02-11, reported on 02-12 — nothing goes out; paid in full on the report day after the report — the letter put back is withdrawn, not sent (§ 362 Abs. 1 BGB)', async () => {
    for (const payOn of ['2025-02-11', '2025-02-12'] as IsoDate[]) {
      const h = setup();
      await h.mw.createClaim(claim);
      await h.run('2025-02-14', async (day) => {
        if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
        if (day === payOn) {
          const due = await h.mw.amountDueInFull('INV-9', day);
          await h.mw.recordPayment({ claimId: 'INV-9', amount: due.amount.toFixed(2), date: day });
        }
      });
      const events = await h.events();
      expect((await h.mw.claim('INV-9')).status).toBe('settled');
      expect(mahnungSends(events)).toEqual(['email 2025-02-06']);
      expect(letters(h.letter)).toEqual(['reminder 2025-01-23']);
      const withdrawn = ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId);
      // Put back only while the claim was open (the report came first on 02-12): withdrawn on the letter it had left.
      expect(withdrawn.map((e) => `${e.date} ${e.channel} ${e.error}`)).toEqual(payOn === '2025-02-12' ? ['2025-02-12 letter not sent: the claim is settled'] : []);
    }
  });

  it('on hold (placed 2025-02-10 until 02-20) when reported on 02-12: the letter waits for the end of the hold, goes out Fri 2025-02-21 "bis zum 07.03.2025", received Mon 02-24, default from Tue 02-25', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-10') await h.mw.placeHold({ claimId: 'INV-9', holdId: 'H-1', note: 'debtor on leave', until: '2025-02-20', interestRuns: true });
      if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
    });
    const events = await h.events();
    expect(mahnungSends(events)).toEqual(['email 2025-02-06', 'letter 2025-02-21 (deadline 2025-03-07)']);
    expect(defaults(events)).toEqual(['began 2025-02-08', 'withdrawn 2025-02-12 (was 2025-02-08)', 'began 2025-02-25']);
    // The final notice waits for the letter's deadline: Sat 2025-03-08.
    expect(letters(h.letter)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-21', 'final-notice 2025-03-08']);
  });
});
