import { describe, expect, it } from 'vitest';
import { ChannelError, project, statement, toAmountString, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { messageDeliveryState } from '../../src/engine/delivery-events.js';
import { about, deadlineLine, deliveryClaim, deliveryEvents, deliveryHost, deliveryPolicy, lost, untilQueued, type SendScript } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule (docs/engine.md, "A message sent later than booked"; engine/delivery-events.ts,
// `messageDeliveryState`): after an attempt whose outcome is unknown on channel X
// (`message-attempt-unknown`), every retry is pinned to X with the same content — it may have been
// delivered. A definite report of non-delivery on X after it — a `message-bounced`, or a
// `message-failed` without `contentHash` — releases the pin: nothing reached the debtor on X, so the
// message goes out on its fallback, and the next stage waits for that letter's send (its deadline
// counted from the send day, § 193 BGB applied as `deadlineOnSend` does).
//
// The bug: the message stayed pinned to X for good. The dispatcher tried only X, found it failed and
// gave the message up without trying the fallback; the next stage counted the Mahnung as ended and
// went on from the booked deadline of a letter the debtor never got.
//
// Dates by hand: 2025-01-01 was a Wednesday, so 2025-01-02, -16 and -23 are Thursdays; 2025-02-01
// (+ 31 days) a Saturday, so 2025-02-06 is a Thursday, 02-07 a Friday, 02-08 a Saturday, 02-13 and
// 02-20 Thursdays, 02-21 a Friday, 02-22 a Saturday, 02-24 a Monday, 02-25 a Tuesday; February 2025
// has 28 days, so 03-04 is a Tuesday. No federal public holiday falls in January (after New Year's
// Day) to March 2025, so § 193 BGB moves a deadline only off a Saturday or Sunday.
//
// The policy: reminder by letter 7 days after the due date (Thu 2025-01-16 + 7 = Thu 2025-01-23);
// Mahnung by e-mail with a letter fallback 14 days later (Thu 2025-02-06), 14-day deadline (booked:
// 2025-02-06 + 14 = Thu 2025-02-20); final notice by letter only, 7 days after the Mahnung (2025-02-13
// at the earliest, and never on or before the Mahnung's deadline), 7-day deadline and a creditor fee
// of 1.00 EUR for the letter's material costs (§§ 280 Abs. 2, 286 BGB).

const policy = deliveryPolicy({ id: 'unknown-then-reported', name: 'Unknown, then reported', finalFee: '1.00' });

/** The host; each channel answers by its script (`SendScript`: what it does with the `n`-th call for a message of a stage). */
const setup = (email: SendScript, letter: SendScript = () => null) => deliveryHost({ policy, claimId: 'INV-5', email, letter });

const claim = deliveryClaim(5);

const mahnungId = 'INV-5:msg:dunning-notice:1';
const finalId = 'INV-5:msg:final-notice:1';


describe('a definite report of non-delivery on the pinned channel releases the pin of an attempt whose outcome was unknown', () => {
  it.each([
    ['bounced', 'message-bounced'],
    ['failed', 'message-failed'],
  ] as const)(
    'e-mail Mahnung unknown on Thu 2025-02-06 and Fri 2025-02-07, provider reports %s on Sat 2025-02-08: the letter goes out that day with Mon 24.02.2025 (2025-02-22 is a Saturday), the final notice waits for Tue 2025-02-25',
    async (status, reported) => {
      const h = setup((stage) => (stage === 'dunning-notice' ? lost() : null));
      await h.mw.createClaim(claim);
      await h.run('2025-03-10', async (day) => {
        if (day === '2025-02-08') await h.mw.recordDelivery({ claimId: 'INV-5', messageId: mahnungId, channel: 'email', status, detail: '550 5.1.1 mailbox unknown' });
      });
      const events = await h.events();
      // Both e-mail attempts handed over the same content (pinned to the first attempt's day), then the report released the pin.
      const mails = h.email.filter((m) => m.id === mahnungId);
      expect(mails.map((m) => m.date)).toEqual(['2025-02-06', '2025-02-06']);
      expect(about(events, mahnungId)).toEqual([
        '2025-02-06 message-attempt-unknown email',
        '2025-02-07 message-attempt-unknown email',
        `2025-02-08 ${reported} email`,
        '2025-02-08 message-sent letter',
      ]);
      // The report is definite: no content hash on it (it says nothing went out there).
      expect(ofType(events, 'message-failed').filter((e) => e.contentHash !== undefined)).toEqual([]);
      // The fallback letter, rendered fresh on its send day: booked 2025-02-06 with 14 days, sent Sat
      // 2025-02-08: 2025-02-08 + 14 = Sat 2025-02-22 -> Mon 2025-02-24 (§ 193 BGB).
      const letter = h.letter.find((m) => m.id === mahnungId);
      expect(letter?.date).toBe('2025-02-08');
      expect(deadlineLine(letter)).toBe('Bitte zahlen Sie den offenen Betrag bis zum 24.02.2025.');
      const send = ofType(events, 'message-sent').find((e) => e.messageId === mahnungId) as ClaimEventOf<'message-sent'>;
      expect([send.date, send.channel, send.deadline, send.contentHash]).toEqual(['2025-02-08', 'letter', '2025-02-24', undefined]);
      // The letter is the notice the debtor received: 2025-02-08 + 3 days (letterDeliveryDays) = Tue
      // 2025-02-11, default from Wed 2025-02-12 (§ 286 Abs. 1 BGB).
      expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-12']);
      // Final notice: 2025-02-06 + 7 = 2025-02-13, moved past the deadline the letter gave (2025-02-24):
      // Tue 2025-02-25; its own deadline 2025-02-25 + 7 = Tue 2025-03-04. Before the fix the Mahnung was
      // never sent and the final notice came on 2025-02-21, after the booked 2025-02-20.
      expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date, e.deadline])).toEqual([
        ['reminder', '2025-01-23', undefined],
        ['dunning-notice', '2025-02-06', '2025-02-20'],
        ['final-notice', '2025-02-25', '2025-03-04'],
      ]);
      expect(h.letter.map((m) => [m.stage, m.date])).toEqual([
        ['reminder', '2025-01-23'],
        ['dunning-notice', '2025-02-08'],
        ['final-notice', '2025-02-25'],
      ]);
    },
  );

  it('the retry on the pinned channel bounces (Fri 2025-02-07): the same dispatch sends the letter fallback, 14 days to Fri 2025-02-21 (a weekday, not moved); the final notice on Sat 2025-02-22', async () => {
    const h = setup((stage, n) => (stage !== 'dunning-notice' ? null : n === 1 ? lost() : new ChannelError('550 5.1.1 <erika@example.org>: user unknown', { bounced: true })));
    await h.mw.createClaim(claim);
    await h.run('2025-03-05');
    const events = await h.events();
    expect(about(events, mahnungId)).toEqual(['2025-02-06 message-attempt-unknown email', '2025-02-07 message-bounced email', '2025-02-07 message-sent letter']);
    const bounce = ofType(events, 'message-bounced')[0] as ClaimEventOf<'message-bounced'>;
    expect(bounce.reason?.text).toBe('The email provider refused the recipient; trying letter: 550 5.1.1 <[personal data]>: user unknown');
    // 2025-02-07 + 14 = Fri 2025-02-21: a working day, the deadline stays; the letter records it (later than the booked 2025-02-20).
    const send = ofType(events, 'message-sent').find((e) => e.messageId === mahnungId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.channel, send.deadline]).toEqual(['2025-02-07', 'letter', '2025-02-21']);
    expect(deadlineLine(h.letter.find((m) => m.id === mahnungId))).toBe('Bitte zahlen Sie den offenen Betrag bis zum 21.02.2025.');
    // Receipt 2025-02-07 + 3 = Mon 2025-02-10, default from Tue 2025-02-11; final notice 2025-02-13
    // moved past 2025-02-21: Sat 2025-02-22, deadline 2025-02-22 + 7 = Sat 2025-03-01 -> Mon 2025-03-03.
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-11']);
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date, e.deadline])).toContainEqual(['final-notice', '2025-02-22', '2025-03-03']);
  });

  it('while the report has not come the pin holds: the next stage waits for the Mahnung (not entered on 2025-02-21 after the booked 2025-02-20), and the letter fallback is not tried', async () => {
    // The e-mail provider never answers in time: three attempts (maxAttempts 3) on 2025-02-06, -07, -08, all unknown,
    // then the message is given up on as one that may have gone (contentHash), and the engine reads the booked deadline.
    const h = setup((stage) => (stage === 'dunning-notice' ? lost() : null));
    await h.mw.createClaim(claim);
    await h.run('2025-02-21');
    const events = await h.events();
    expect(h.letter.filter((m) => m.id === mahnungId)).toEqual([]);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId);
    expect(failed.map((e) => [e.date, e.channel, e.contentHash !== undefined])).toEqual([['2025-02-08', 'email', true]]);
    // It may have gone: the next stage counts from the booked deadline 2025-02-20 — final notice Fri 2025-02-21.
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toContainEqual(['final-notice', '2025-02-21']);
  });

  it('the claim is paid in full after the report (Fri 2025-02-07): the Mahnung is withdrawn as not sent — no content hash, nothing may have gone', async () => {
    const h = setup((stage) => (stage === 'dunning-notice' ? lost() : null));
    await h.mw.createClaim(claim);
    await h.run('2025-02-08', async (day) => {
      if (day !== '2025-02-07') return;
      await h.mw.recordDelivery({ claimId: 'INV-5', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' });
      // 500.00 is all that is owed on 2025-02-07: no fee so far, no default yet (the Mahnung was never received).
      await h.mw.recordPayment({ claimId: 'INV-5', amount: '500.00', date: day });
    });
    const events = await h.events();
    expect(ofType(events, 'settled').map((e) => e.date)).toEqual(['2025-02-07']);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId);
    // Before the fix: "not sent again: … may have delivered it", with the hash of the e-mail that bounced.
    expect(failed.map((e) => [e.date, e.channel, e.error, e.contentHash])).toEqual([['2025-02-07', 'email', 'not sent: the claim is settled', undefined]]);
    expect(h.letter.filter((m) => m.id === mahnungId)).toEqual([]);
  });
});

describe('the creditor fee of a letter handed to the provider and reported bounced stays (fee.letter-not-sent does not apply)', () => {
  it('final notice letter (fee 1.00) unknown on Fri 2025-02-21, returned to sender on Sat 2025-02-22, no fallback: the message ends, no second letter, the fee stays (costs 1.00)', async () => {
    // Mahnung by e-mail on Thu 2025-02-06 (deadline 2025-02-20); final notice 2025-02-13 moved past 2025-02-20: Fri 2025-02-21, fee 1.00.
    const h = setup(() => null, (stage) => (stage === 'final-notice' ? lost() : null));
    await h.mw.createClaim(claim);
    await h.run('2025-02-28', async (day) => {
      if (day === '2025-02-22') await h.mw.recordDelivery({ claimId: 'INV-5', messageId: finalId, channel: 'letter', status: 'bounced', detail: 'Empfänger unbekannt verzogen' });
    });
    const events = await h.events();
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toContainEqual(['final-notice', '2025-02-21']);
    expect(about(events, finalId)).toEqual(['2025-02-21 message-attempt-unknown letter', '2025-02-22 message-bounced letter']);
    // One letter: the pin is released, but the stage has no fallback, so the message ends (nothing is handed over again).
    expect(h.letter.filter((m) => m.id === finalId).map((m) => m.date)).toEqual(['2025-02-21']);
    const state = project(events);
    expect(messageDeliveryState(state, finalId)).toMatchObject({ pinnedTo: undefined, hadUnknown: true, handedOver: true, remaining: [], ended: true });
    // The letter was printed, posted and came back: its material costs arose (§§ 280 Abs. 2, 286 BGB),
    // so the fee is not dropped (no fee-reduced); costs 1.00 charged - 0.00 dropped = 1.00.
    expect(ofType(events, 'fee-charged').map((e) => [e.date, e.kind, e.amount])).toEqual([['2025-02-21', 'creditor-dunning-fee', '1.00']]);
    expect(ofType(events, 'fee-reduced')).toEqual([]);
    expect(toAmountString(statement(state, '2025-02-28').costs)).toBe('1.00');
  });
});

describe('messageDeliveryState: the one reading of a message\'s delivery events (the Mahnung: e-mail, letter fallback)', () => {
  /** The claim's events up to the Mahnung's booking (Thu 2025-02-06), before any attempt to send it. */
  async function booked(): Promise<ClaimEvent[]> {
    const h = setup((stage) => (stage === 'dunning-notice' ? lost() : null));
    await h.mw.createClaim(claim);
    await h.run('2025-02-06');
    return untilQueued(await h.events(), mahnungId);
  }
  const { unknownOn, bounced, failed, sent } = deliveryEvents('INV-5', mahnungId);
  const read = (events: readonly ClaimEvent[]) => {
    const d = messageDeliveryState(project(events), mahnungId);
    return { pinnedTo: d.pinnedTo, remaining: d.remaining, ended: d.ended, handedOver: d.handedOver, sent: d.sent?.channel, delivered: d.delivered?.channel, mayHaveGone: d.mayHaveGone !== undefined };
  };

  it('booked: both channels left; unknown on e-mail: pinned to e-mail (no fallback), handed over', async () => {
    const b = await booked();
    expect(read(b)).toEqual({ pinnedTo: undefined, remaining: ['email', 'letter'], ended: false, handedOver: false, sent: undefined, delivered: undefined, mayHaveGone: false });
    expect(read([...b, unknownOn('email', '2025-02-06')])).toEqual({ pinnedTo: 'email', remaining: ['email'], ended: false, handedOver: true, sent: undefined, delivered: undefined, mayHaveGone: false });
  });

  it('a give-up that may have gone (message-failed with contentHash) releases nothing: the message ended', async () => {
    const b = await booked();
    expect(read([...b, unknownOn('email', '2025-02-06'), failed('email', '2025-02-08', 'a'.repeat(64))])).toMatchObject({ pinnedTo: 'email', remaining: [], ended: true, mayHaveGone: true, handedOver: true });
  });

  it('a bounce or a failure without hash on the pinned channel releases it: the letter is left; an unknown letter attempt then pins to the letter; its send ends the message', async () => {
    const b = await booked();
    for (const report of [bounced('email', '2025-02-08'), failed('email', '2025-02-08')]) {
      const released = [...b, unknownOn('email', '2025-02-06'), report];
      expect(read(released)).toEqual({ pinnedTo: undefined, remaining: ['letter'], ended: false, handedOver: true, sent: undefined, delivered: undefined, mayHaveGone: false });
      const letterUnknown = [...released, unknownOn('letter', '2025-02-08')];
      expect(read(letterUnknown)).toMatchObject({ pinnedTo: 'letter', remaining: ['letter'], ended: false });
      expect(messageDeliveryState(project(letterUnknown), mahnungId).unknown?.index).toBe(letterUnknown.length - 1);
      expect(read([...letterUnknown, sent('letter', '2025-02-09')])).toMatchObject({ ended: true, sent: 'letter', delivered: 'letter' });
    }
  });

  it('a report on another channel than the pinned one releases nothing; a send reported bounced later was sent but not delivered', async () => {
    const b = await booked();
    expect(read([...b, unknownOn('email', '2025-02-06'), bounced('letter', '2025-02-07')])).toMatchObject({ pinnedTo: 'email', remaining: ['email'], ended: false });
    expect(read([...b, sent('letter', '2025-02-06'), bounced('letter', '2025-02-12')])).toMatchObject({ sent: 'letter', delivered: undefined, ended: true, handedOver: true });
  });
});
