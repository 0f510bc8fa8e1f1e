import { describe, expect, it } from 'vitest';
import { deB2cDefaultPolicyInput, type ClaimEventOf, type RunDueResult } from '../../src/index.js';
import { deferredStagePolicy, deliveryClaim, deliveryHost, feeLines, sentLines, type DeliveryHost } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule guard.stage-waits-for-letter (engine/triggers.ts `stageTriggerDate`, `stageLetters`; docs/engine.md
// "A stage waits for the letter of the one before"; docs/legal-notes.md "A stage's wait runs from its
// letter"): a notice works only once it reaches the debtor (§ 130 Abs. 1 S. 1 BGB; a Mahnung puts the
// debtor in default with its receipt, § 286 Abs. 1 BGB), so a stage is not entered while a message of the
// current stage is still in the outbox (queued, neither sent nor failed for good), and a stage triggered
// "previous stage + n days" counts its n days from the day that message went out. The decision says
// why (BlockedReason `guard.stage-waits-for-letter`) and is reviewed on the day the stage would be due
// were the message to go out that day.
//
// The bug: a message deferred by quiet hours (a dated `mahnwerk run` at 23:00 writes `notBefore` 08:00
// the next morning, and the run's own dispatch defers it) and no run until weeks later: that run decided
// first, entered the next stage — its days counted from the entry of the one before, long passed — and
// its dispatch then sent both letters on the same day: the Mahnung and the letter that builds on it.
//
// Dates by hand: 2025-01-01 is a Wednesday, so 2025-01-23 (+ 22 days) is a Thursday, and so are
// 2025-02-13 (+ 21), 2025-02-20 (+ 28), 2025-02-27, 2025-03-06 and 2025-03-13 (+ 7 each; February 2025
// has 28 days). No federal public holiday falls in January (after the 1st) to March 2025: § 193 BGB
// moves none of the deadlines below. The delivery host's e-mail keeps the policy's quiet hours
// (default 20:00–08:00, `contactLimits`); its clock reads `${date}T${time}:00+01:00`.

/** The Mahnung by e-mail without a deadline (due date + 7), then the final notice by letter 14 days after it (fee 1.00, 7-day deadline). */
const policy = deferredStagePolicy;

/** Runs the host once, on the clock's day at `time`. */
async function runAt(h: DeliveryHost, date: string, time: string): Promise<RunDueResult> {
  h.clock.date = date as typeof h.clock.date;
  h.clock.time = time;
  return h.mw.runDue();
}

const stagesEntered = (events: readonly { type: string }[]) => ofType(events as never, 'stage-entered').map((e: ClaimEventOf<'stage-entered'>) => `${e.stage} ${e.date}`);

describe('a stage waits for the letter of the stage before it (guard.stage-waits-for-letter, § 130 Abs. 1 S. 1 BGB)', () => {
  it('Mahnung booked Thu 2025-01-23 at 23:00 (quiet hours), no run until Thu 2025-02-20: the Mahnung goes out 02-20, the final notice and its fee 14 days later on 03-06 — not both letters on 02-20', async () => {
    // Calendar due date agreed: the debtor is in default from 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB), so the
    // final notice's fee is not held back by the default rule — only the new rule keeps it from 02-20.
    const h = deliveryHost({ policy, claimId: 'INV-1' });
    await h.mw.createClaim({ ...deliveryClaim(1), dueDateAgreed: true });
    // Due 2025-01-16 + 7 = Thu 2025-01-23: the Mahnung is booked; at 23:00 the e-mail keeps quiet until 08:00, so nothing goes.
    const night = await runAt(h, '2025-01-23', '23:00');
    expect(night.sent).toBe(0);
    expect(stagesEntered(night.events)).toEqual(['dunning-notice 2025-01-23']);
    // Four weeks without a run. On Thu 2025-02-20 at 10:00 the final notice would be due counted from the
    // entry (01-23 + 14 = 02-06), but the Mahnung is still in the outbox: the decision enters nothing and
    // says why; the dispatch then sends the Mahnung.
    const late = await runAt(h, '2025-02-20', '10:00');
    expect(stagesEntered(late.events)).toEqual([]);
    expect(late.sent).toBe(1);
    // Counted from the day it goes out, 02-20 + 14 = Thu 2025-03-06.
    expect(late.blocked).toEqual([
      {
        claimId: 'INV-1',
        reason: expect.objectContaining({ rule: 'guard.stage-waits-for-letter', basis: '§ 130 Abs. 1 S. 1 BGB; § 286 Abs. 1 BGB', stage: 'final-notice', until: '2025-03-06' }),
      },
    ]);
    expect(late.blocked[0]?.reason.text).toContain('message INV-1:msg:dunning-notice:1 of stage dunning-notice (booked 2025-01-23, by email) has not gone out by 2025-02-20');
    // Its review day: the day the final notice is due (the claim is not listed due before it).
    expect((await h.store.load('INV-1'))?.nextReviewAt).toBe('2025-03-06');
    // Daily runs from 02-21: nothing until Thu 03-06, then the final notice, its fee and its 7-day deadline (03-13).
    h.clock.date = '2025-02-21';
    await h.run('2025-03-20');
    const events = await h.events();
    expect(sentLines(h.email)).toEqual(['dunning-notice 2025-02-20']);
    expect(sentLines(h.letter)).toEqual(['final-notice 2025-03-06']);
    expect(stagesEntered(events)).toEqual(['dunning-notice 2025-01-23', 'final-notice 2025-03-06']);
    expect(feeLines(events)).toEqual(['2025-03-06 charged creditor-dunning-fee 1.00']);
    const final = ofType(events, 'stage-entered').find((e) => e.stage === 'final-notice');
    expect(final?.deadline).toBe('2025-03-13');
    expect(final?.reason?.text).toContain('its message INV-1:msg:dunning-notice:1 went out 2025-02-20: counted from there, + 14 days');
  });

  it('the same without an agreed calendar date: the Mahnung e-mail of 02-20 is received 02-21 and puts the debtor in default from 02-22 (§ 286 Abs. 1 BGB); the final notice of 03-06 then carries the fee and 13 days of interest', async () => {
    const h = deliveryHost({ policy, claimId: 'INV-2' });
    await h.mw.createClaim(deliveryClaim(2));
    await runAt(h, '2025-01-23', '23:00');
    const late = await runAt(h, '2025-02-20', '10:00');
    expect(late.blocked.map((b) => b.reason.rule)).toEqual(['guard.stage-waits-for-letter']);
    h.clock.date = '2025-02-21';
    await h.run('2025-03-20');
    const events = await h.events();
    // An e-mail is received the day after it is sent (receiptDay): 02-21; default from the next day, 02-22.
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-22']);
    expect(sentLines([...h.email, ...h.letter])).toEqual(['dunning-notice 2025-02-20', 'final-notice 2025-03-06']);
    // In default since 02-22, so the fee is charged (before the fix the final notice of 02-20 was itself the notice that put the debtor in default: no fee, and two letters at once).
    expect(feeLines(events)).toEqual(['2025-03-06 charged creditor-dunning-fee 1.00']);
    // Interest 02-22 … 03-06: 7 + 6 = 13 days at 2.27 + 5 = 7.27 % on 500.00: 500 × 0.0727 × 13 / 365 = 1.2946… → 1.29.
    // (Amounts are written with a no-break space before the euro sign; read as a plain space here.)
    const letter = (h.letter[0]?.text ?? '').replace(/\u00a0/g, ' ');
    expect(letter).toContain('Zinsen 22.02.2025 bis 06.03.2025: 13 Tage zu 7,27 % p. a. aus 500,00 €: 1,29 €');
    expect(letter).toContain('Offener Gesamtbetrag: 502,29 €');
  });

  it('the built-in consumer policy: reminder e-mail booked Thu 2025-01-23 at 23:00, next run Thu 2025-02-13: the reminder goes out 02-13, the Mahnung 14 days later on 02-27 — not with the reminder', async () => {
    const h = deliveryHost({ policy: deB2cDefaultPolicyInput, claimId: 'INV-3' });
    await h.mw.createClaim(deliveryClaim(3));
    // Reminder: due 01-16 + 7 = 01-23, by e-mail, deferred by the quiet hours.
    expect((await runAt(h, '2025-01-23', '23:00')).sent).toBe(0);
    // Three weeks later the Mahnung would be due counted from the entry (01-23 + 14 = 02-06): it waits.
    const late = await runAt(h, '2025-02-13', '10:00');
    expect(late.blocked.map((b) => [b.reason.rule, b.reason.stage, b.reason.until])).toEqual([['guard.stage-waits-for-letter', 'dunning-notice', '2025-02-27']]);
    h.clock.date = '2025-02-14';
    await h.run('2025-03-10');
    expect(sentLines(h.email)).toEqual(['reminder 2025-02-13']);
    // The Mahnung by letter on 02-13 + 14 = 02-27, with its 14-day deadline 03-13.
    expect(sentLines(h.letter)).toEqual(['dunning-notice 2025-02-27']);
    expect(h.letter[0]?.text).toContain('bis zum 13.03.2025');
  });

  it('a run at 10:00 sends the letter on the day it is booked: the wait counts from the entry as before (Mahnung 2025-01-23, final notice 2025-02-06)', async () => {
    const h = deliveryHost({ policy, claimId: 'INV-4' });
    await h.mw.createClaim({ ...deliveryClaim(4), dueDateAgreed: true });
    h.clock.date = '2025-01-20';
    await h.run('2025-02-10');
    // 01-16 + 7 = 01-23; 01-23 + 14 = 02-06.
    expect(sentLines([...h.email, ...h.letter])).toEqual(['dunning-notice 2025-01-23', 'final-notice 2025-02-06']);
    expect(feeLines(await h.events())).toEqual(['2025-02-06 charged creditor-dunning-fee 1.00']);
  });
});
