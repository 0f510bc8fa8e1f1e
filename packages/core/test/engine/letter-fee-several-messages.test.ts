import { describe, expect, it } from 'vitest';
import {
  ChannelError,
  checkInvariants,
  letterNotSentCorrection,
  loadPolicy,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type IsoDate,
  type PolicyInput,
} from '../../src/index.js';
import { deliveryClaim, deliveryHost, deliveryPolicy, type SendScript } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule `fee.letter-not-sent` (docs/legal-notes.md, "Built-in policies": the creditor fee of a letter
// that was never sent drops; engine/fee-corrections.ts, `letterNotSentCorrection`) for a stage entry
// that queued more than one message. The creditor dunning fee is the creditor's material cost of a
// *letter* (print, paper, postage; §§ 280 Abs. 2, 286 BGB; BGH VIII ZR 95/18: only actual material
// costs) and recoverable only once that cost arose (§ 249 Abs. 1 BGB). So:
// - e-mail + letter: the fee follows the letter. The letter not sent → the fee drops, whatever the
//   e-mail did (an e-mail costs no print or postage); the letter sent → it stays, whatever the e-mail did.
// - two letters: one letter handed over → the material cost of a letter arose, the fee stays (it is at
//   most the cost of one letter: `guard.creditor-fee-actual-cost`); it drops only when neither went out,
//   once, on the day the last of them fails.
// - withdrawn (the claim closed before they went out): the same — the fee drops and what was paid on
//   it is held for the debtor (as for one letter, `engine/letter-withdrawn.test.ts`).
// The bug: with more than one message in the entry the rule never applied, so the fee of a letter that
// was never sent stayed on the statement.
//
// Figures by hand. Consumer claim 500.00 EUR, invoice Thu 2025-01-02, due Thu 2025-01-16 (not agreed as a
// calendar date). 2025-01-01 was a Wednesday: 01-23 and 02-06 are Thursdays, 02-09 a Sunday, 02-20 a
// Thursday, 02-21 a Friday, 02-22 a Saturday. No federal public holiday in January to March 2025.
// - Reminder letter Thu 2025-01-23 (due date + 7); Mahnung letter Thu 2025-02-06 (+ 14), deadline
//   2025-02-06 + 14 = Thu 2025-02-20, received 2025-02-06 + 3 = Sun 2025-02-09 → default from Mon
//   2025-02-10 (§ 286 Abs. 1 BGB); final notice 7 days later at the earliest (02-13), after the Mahnung's
//   deadline: Fri 2025-02-21, with the creditor fee 1.00 and two messages.
// - Interest 5 pp above the base rate of 2.27 % (from 2025-01-01): 7.27 %. 2025-02-10 … 2025-02-21 = 12
//   days: 500.00 × 0.0727 × 12 / 365 = 436.20 / 365 = 1.1951 → 1.20. As of 02-21: 500.00 + 1.20 + 1.00
//   = 502.20 with the fee, 501.20 without it.

/** The policy; `finalSends` are the final notice's messages, in order (ids `INV-8:msg:final-notice:1`, `:2`). */
const policyWith = (finalSends: readonly ('email' | 'letter')[]): PolicyInput =>
  deliveryPolicy({ id: 'two-messages', name: 'Two messages on the final notice', mahnung: 'letter', finalSends, finalFee: '1.00' });

const first = 'INV-8:msg:final-notice:1';
const second = 'INV-8:msg:final-notice:2';
const feeId = 'INV-8:fee:creditor-dunning-fee:2025-02-21:1';

/** The print service refuses the letter for good (nothing is handed over). */
const refused = (): Error => new ChannelError('the print service refused the document', { retryable: false });

/** Refuses for good the messages named in `fail` (the final notice's), delivers the others. */
const refusing = (fail: readonly string[]): SendScript => (_stage, _n, message) => (fail.includes(message.id) ? refused() : null);

/** The host; `fail` names the final-notice messages each channel refuses for good. Letters keep office hours (08:00–18:00) so a run at night leaves them in the outbox. */
function setup(finalSends: readonly ('email' | 'letter')[], fail: { email?: readonly string[]; letter?: readonly string[] } = {}) {
  return deliveryHost({
    policy: policyWith(finalSends),
    claimId: 'INV-8',
    email: refusing(fail.email ?? []),
    letter: refusing(fail.letter ?? []),
    letterCapabilities: { attachments: false, needsConsent: false, allowedHours: { from: '08:00', to: '18:00' } },
  });
}

const claim = deliveryClaim(8);

/** "date type channel" of the final notice's delivery events and "date fee-… amount" of its fee. */
const timeline = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => {
    if (e.type === 'fee-charged') return [`${e.date} fee-charged ${e.amount}`];
    if (e.type === 'fee-reduced') return [`${e.date} fee-reduced ${e.amount}`];
    if ((e.type === 'message-sent' || e.type === 'message-failed') && e.messageId.includes('final-notice')) return [`${e.date} ${e.type} ${e.channel} :${e.messageId.slice(-1)}`];
    return [];
  });

/** principal, interest, costs, total as of `asOf`. */
const figures = (events: readonly ClaimEvent[], asOf: IsoDate): string[] => {
  const s = statement(project(events), asOf);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};

describe('fee.letter-not-sent, a stage entry with several messages: the fee follows the letter (§§ 280 Abs. 2, 286, 249 Abs. 1 BGB)', () => {
  it('e-mail + letter, the e-mail sent and the letter refused for good on Fri 2025-02-21: the fee drops that day; costs 1.00 − 1.00 = 0.00, total 501.20', async () => {
    const h = setup(['email', 'letter'], { letter: [second] });
    await h.mw.createClaim(claim);
    await h.run('2025-02-21');
    const events = await h.events();
    expect(timeline(events)).toEqual(['2025-02-21 fee-charged 1.00', '2025-02-21 message-sent email :1', '2025-02-21 message-failed letter :2', '2025-02-21 fee-reduced 1.00']);
    const reduced = ofType(events, 'fee-reduced')[0];
    expect(reduced).toMatchObject({ feeId, amount: '1.00', items: [] });
    // The reason names the letter, not the e-mail that went out.
    expect(reduced?.reason?.text).toBe(`Message ${second} of stage final-notice was not sent on any channel: no material costs arose, so the creditor dunning fee ${feeId} is not owed. 1.00 EUR dropped.`);
    expect(reduced?.reason?.inputs).toMatchObject({ messageId: second, stage: 'final-notice', charged: '1.00', dropped: '1.00' });
    // 500.00 + 1.20 interest + 0.00 costs = 501.20.
    expect(figures(events, '2025-02-21')).toEqual(['500.00', '1.20', '0.00', '501.20']);
    expect(checkInvariants(events, loadPolicy(h.policy))).toEqual([]);
  });

  it('e-mail + letter, the e-mail refused for good and the letter sent: the fee stays (the letter went out); costs 1.00, total 502.20', async () => {
    const h = setup(['email', 'letter'], { email: [first] });
    await h.mw.createClaim(claim);
    await h.run('2025-02-21');
    const events = await h.events();
    expect(timeline(events)).toEqual(['2025-02-21 fee-charged 1.00', '2025-02-21 message-failed email :1', '2025-02-21 message-sent letter :2']);
    expect(figures(events, '2025-02-21')).toEqual(['500.00', '1.20', '1.00', '502.20']);
  });

  it('two letters, the first refused and the second sent: the fee stays (a letter went out); both refused: it drops once, 1.00, naming both letters', async () => {
    const one = setup(['letter', 'letter'], { letter: [first] });
    await one.mw.createClaim(claim);
    await one.run('2025-02-21');
    const kept = await one.events();
    expect(timeline(kept)).toEqual(['2025-02-21 fee-charged 1.00', '2025-02-21 message-failed letter :1', '2025-02-21 message-sent letter :2']);
    expect(figures(kept, '2025-02-21')).toEqual(['500.00', '1.20', '1.00', '502.20']);

    const both = setup(['letter', 'letter'], { letter: [first, second] });
    await both.mw.createClaim(claim);
    await both.run('2025-02-24');
    const dropped = await both.events();
    // The first failure leaves the fee (the second letter may still go out); the second drops it.
    expect(timeline(dropped)).toEqual(['2025-02-21 fee-charged 1.00', '2025-02-21 message-failed letter :1', '2025-02-21 message-failed letter :2', '2025-02-21 fee-reduced 1.00']);
    expect(ofType(dropped, 'fee-reduced')[0]?.reason?.text).toBe(
      `Messages ${first} and ${second} of stage final-notice were not sent on any channel: no material costs arose, so the creditor dunning fee ${feeId} is not owed. 1.00 EUR dropped.`,
    );
    expect(figures(dropped, '2025-02-21')).toEqual(['500.00', '1.20', '0.00', '501.20']);
    // Asked after the first letter's failure alone (the second still in the outbox, the claim open): nothing yet.
    const firstFailed = dropped.findIndex((e) => e.type === 'message-failed' && e.messageId === first);
    expect(letterNotSentCorrection(project(dropped.slice(0, firstFailed + 1)), first, '2025-02-21')).toEqual([]);
    // Asked again for either letter once the fee dropped: nothing more to drop.
    expect(letterNotSentCorrection(project(dropped), first, '2025-02-21')).toEqual([]);
    expect(letterNotSentCorrection(project(dropped), second, '2025-02-21')).toEqual([]);
  });

  it('e-mail + letter withdrawn: the final notice waits past 18:00 on Fri 2025-02-21, the debtor pays 502.20 on Sat 2025-02-22, both are withdrawn, the fee drops and the 1.00 paid on it is held', async () => {
    const h = setup(['email', 'letter']);
    await h.mw.createClaim(claim);
    await h.run('2025-02-22', async (day) => {
      // The final notice's run at 21:00: e-mail in quiet hours (20:00–08:00), the letter outside its office hours.
      h.clock.time = day === '2025-02-21' ? '21:00' : '10:00';
      if (day === '2025-02-22') await h.mw.recordPayment({ claimId: 'INV-8', amount: '502.20', date: day });
    });
    const events = await h.events();
    expect(h.email.filter((m) => m.stage === 'final-notice')).toEqual([]);
    expect(h.letter.filter((m) => m.stage === 'final-notice')).toEqual([]);
    expect(ofType(events, 'settled').map((e) => e.date)).toEqual(['2025-02-22']);
    expect(timeline(events)).toEqual(['2025-02-21 fee-charged 1.00', '2025-02-22 message-failed email :1', '2025-02-22 message-failed letter :2', '2025-02-22 fee-reduced 1.00']);
    // 502.20 paid: § 367 Abs. 1 BGB costs 1.00, interest 1.20, principal 500.00. The fee drops; no
    // principal is open to take the 1.00, so it goes back to the payment's unapplied part (held).
    const reduced = ofType(events, 'fee-reduced')[0];
    expect([reduced?.creditedToPrincipal, reduced?.movedToUnapplied?.map((m) => m.amount)]).toEqual([undefined, ['1.00']]);
    expect(reduced?.reason?.text).toBe(
      `Message ${second} of stage final-notice was not sent on any channel: no material costs arose, so the creditor dunning fee ${feeId} is not owed. 1.00 EUR dropped. 1.00 EUR paid on it is held for the debtor as an overpayment.`,
    );
    // Costs: 1.00 charged − 1.00 paid − 1.00 dropped + 1.00 no longer paying costs = 0.00; interest 1.20 −
    // 1.20 = 0.00; principal 500.00 − 500.00 = 0.00; total 0.00; held 0.00 + 1.00 = 1.00.
    const s = statement(project(events), '2025-02-22');
    expect([s.principal, s.interest, s.costs, s.total, s.unapplied].map((m) => toAmountString(m))).toEqual(['0.00', '0.00', '0.00', '0.00', '1.00']);
    expect(checkInvariants(events, loadPolicy(h.policy))).toEqual([]);
  });
});
