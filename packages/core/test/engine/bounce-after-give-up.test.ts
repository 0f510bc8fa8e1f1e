import { describe, expect, it } from 'vitest';
import { project, type ClaimEvent, type ClaimEventOf, toAmountString } from '../../src/index.js';
import { messageDeliveryState, reopensOutbox } from '../../src/engine/delivery-events.js';
import { about, deadlineLine, deliveryClaim, deliveryEvents, deliveryHost, deliveryPolicy, lost, untilQueued } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule (docs/engine.md, "A message sent later than booked"; docs/legal-notes.md, "A deadline runs from
// the letter"; engine/delivery-events.ts, `messageDeliveryState`): a message whose attempts all had an
// unknown outcome is given up on as one that may have gone (`message-failed` with `contentHash`): the
// engine has to assume the debtor may have it. A definite report of non-delivery for it on that channel
// that comes *after* the give-up — a bounce, or a failure report without hash (`recordDelivery`) — takes
// that back: a declaration to an absent person takes effect only when it reaches them (Zugang, § 130
// Abs. 1 S. 1 BGB), and this one demonstrably did not. So the notice counts as not sent: it goes out on
// the channel it has left (the letter fallback), rendered for its send day with its deadline counted
// from that day (§§ 187 Abs. 1, 188 Abs. 1 BGB, moved by § 193 BGB), and the next stage waits for that
// deadline instead of building on one the debtor never read. The creditor fee stays where one was
// charged (the message was handed over, legal-notes "creditor fee of a letter that was never sent").
//
// The bug: nothing changed after the report. The give-up still counted as "may have gone", the letter
// fallback was never sent, and the final notice came the day after the booked deadline (Fri 2025-02-21).
//
// Dates by hand: 2025-01-01 was a Wednesday, so 2025-01-16 and -23 are Thursdays; 2025-02-06 (+ 14 from
// 01-23) a Thursday, 02-08 a Saturday, 02-12 a Wednesday, 02-15 a Saturday, 02-20 a Thursday, 02-21 a
// Friday, 02-24 a Monday; February 2025 has 28 days, so 03-01 is a Saturday, 03-03 a Monday, 03-04 a
// Tuesday. No federal public holiday falls between 2 January and 31 March 2025, so § 193 BGB moves a
// deadline only off a Saturday or Sunday. The claim names no federal state (federal holidays only).
//
// The policy: reminder by letter 7 days after the due date (Thu 2025-01-16 + 7 = Thu 2025-01-23);
// Mahnung by e-mail with a letter fallback 14 days later (Thu 2025-02-06), 14-day deadline (booked:
// 2025-02-06 + 14 = Thu 2025-02-20); final notice by letter only, 7 days after the Mahnung (2025-02-13 at
// the earliest, never on or before the Mahnung's deadline), 7-day deadline, creditor fee 1.00 EUR.
// The e-mail provider never answers in time: the Mahnung's e-mail is handed over on 02-06, 02-07 and
// 02-08 (maxAttempts 3; the retries hand over the content of 02-06, so its deadline is the booked
// 02-20) and given up on Sat 2025-02-08 as one that may have gone.

const policy = deliveryPolicy({ id: 'bounce-after-give-up', name: 'Bounce after give-up', finalFee: '1.00' });

/** The host; the e-mail channel loses the connection on every Mahnung (outcome unknown). */
const setup = () => deliveryHost({ policy, claimId: 'INV-7', email: (stage) => (stage === 'dunning-notice' ? lost() : null) });

const claim = deliveryClaim(7);

const mahnungId = 'INV-7:msg:dunning-notice:1';

const stages = (events: readonly ClaimEvent[]): (string | undefined)[][] => ofType(events, 'stage-entered').map((e) => [e.stage, e.date, e.deadline]);

/** The give-up of Sat 2025-02-08, as every case below has it before the report. */
const gaveUp = ['2025-02-06 message-attempt-unknown email', '2025-02-07 message-attempt-unknown email', '2025-02-08 message-failed email (may have gone)'];

describe('a definite report of non-delivery after the give-up of a message that may have gone: the notice counts as not sent (§ 130 Abs. 1 S. 1 BGB)', () => {
  it.each([
    ['bounced', 'message-bounced'],
    ['failed', 'message-failed'],
  ] as const)(
    'e-mail Mahnung given up on Sat 2025-02-08, provider reports %s on Wed 2025-02-12: the letter goes out that day with Wed 26.02.2025 (a weekday, § 193 BGB moves nothing), default from Sun 2025-02-16, the final notice waits for Thu 2025-02-27',
    async (status, reported) => {
      const h = setup();
      await h.mw.createClaim(claim);
      await h.run('2025-03-10', async (day) => {
        if (day === '2025-02-12') await h.mw.recordDelivery({ claimId: 'INV-7', messageId: mahnungId, channel: 'email', status, detail: '550 5.1.1 mailbox unknown' });
      });
      const events = await h.events();
      // Three e-mail attempts, all with the content of 02-06; then the report, then the letter fallback.
      expect(h.email.filter((m) => m.id === mahnungId).map((m) => m.date)).toEqual(['2025-02-06', '2025-02-06', '2025-02-06']);
      expect(about(events, mahnungId)).toEqual([...gaveUp, `2025-02-12 ${reported} email`, '2025-02-12 message-sent letter']);
      // The fallback letter, rendered on its send day: 2025-02-12 + 14 = Wed 2025-02-26, a working day (not moved).
      const letter = h.letter.find((m) => m.id === mahnungId);
      expect(letter?.date).toBe('2025-02-12');
      expect(deadlineLine(letter)).toBe('Bitte zahlen Sie den offenen Betrag bis zum 26.02.2025.');
      const send = ofType(events, 'message-sent').find((e) => e.messageId === mahnungId) as ClaimEventOf<'message-sent'>;
      expect([send.date, send.channel, send.deadline]).toEqual(['2025-02-12', 'letter', '2025-02-26']);
      // The letter is the Mahnung the debtor received: 2025-02-12 + 3 days (letterDeliveryDays) = Sat
      // 2025-02-15, default from Sun 2025-02-16 (§ 286 Abs. 1 BGB, the day after receipt).
      expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-16']);
      // Final notice: 2025-02-06 + 7 = 2025-02-13, moved past the deadline the letter gave (2025-02-26):
      // Thu 2025-02-27; its own deadline 2025-02-27 + 7 = Thu 2025-03-06 (a weekday). Before the fix: the
      // final notice on Fri 2025-02-21, the day after the booked 2025-02-20 the debtor never read.
      expect(stages(events)).toEqual([
        ['reminder', '2025-01-23', undefined],
        ['dunning-notice', '2025-02-06', '2025-02-20'],
        ['final-notice', '2025-02-27', '2025-03-06'],
      ]);
      expect(h.letter.map((m) => [m.stage, m.date])).toEqual([
        ['reminder', '2025-01-23'],
        ['dunning-notice', '2025-02-12'],
        ['final-notice', '2025-02-27'],
      ]);
      // The outbox row, failed with the give-up, was put back and then sent: leased 3 times for the e-mail,
      // put back pending (reopenOutbox counts no attempt), leased once more for the letter: 3 + 0 + 1 = 4.
      expect(h.store.outbox().filter((m) => m.id === mahnungId).map((m) => [m.status, m.attempts])).toEqual([['sent', 4]]);
    },
  );

  it('report on Sat 2025-02-15: the letter goes out that Saturday, 2025-02-15 + 14 = Sat 2025-03-01 → Mon 03.03.2025 (§ 193 BGB); the final notice on Tue 2025-03-04 with 2025-03-11', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-12', async (day) => {
      if (day === '2025-02-15') await h.mw.recordDelivery({ claimId: 'INV-7', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' });
    });
    const events = await h.events();
    expect(about(events, mahnungId)).toEqual([...gaveUp, '2025-02-15 message-bounced email', '2025-02-15 message-sent letter']);
    expect(deadlineLine(h.letter.find((m) => m.id === mahnungId))).toBe('Bitte zahlen Sie den offenen Betrag bis zum 03.03.2025.');
    const send = ofType(events, 'message-sent').find((e) => e.messageId === mahnungId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.deadline]).toEqual(['2025-02-15', '2025-03-03']);
    // Receipt 2025-02-15 + 3 = Tue 2025-02-18, default from Wed 2025-02-19.
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-19']);
    // Final notice the day after Mon 2025-03-03: Tue 2025-03-04; + 7 = Tue 2025-03-11 (a weekday).
    expect(stages(events)).toContainEqual(['final-notice', '2025-03-04', '2025-03-11']);
    // Its creditor fee is charged with it, once (1.00); nothing of the Mahnung's handling adds or drops a fee.
    expect(ofType(events, 'fee-charged').map((e) => [e.date, e.kind, e.amount])).toEqual([['2025-03-04', 'creditor-dunning-fee', '1.00']]);
    expect(ofType(events, 'fee-reduced')).toEqual([]);
  });

  it('the report comes after the claim went on (final notice entered Fri 2025-02-21, report Mon 2025-02-24): the Mahnung is not sent after the final notice; the final notice keeps 2025-02-28', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-05', async (day) => {
      if (day === '2025-02-24') await h.mw.recordDelivery({ claimId: 'INV-7', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' });
    });
    const events = await h.events();
    // Given up on 02-08 as may have gone: the final notice the day after the booked 02-20; + 7 = Fri 2025-02-28.
    expect(stages(events)).toContainEqual(['final-notice', '2025-02-21', '2025-02-28']);
    expect(about(events, mahnungId)).toEqual([...gaveUp, '2025-02-24 message-bounced email']);
    expect(h.letter.filter((m) => m.id === mahnungId)).toEqual([]);
    expect(h.store.outbox().filter((m) => m.id === mahnungId).map((m) => m.status)).toEqual(['failed']);
    const state = project(events);
    // The ledger says what happened: the e-mail did not reach the debtor (nothing of it may have gone), the letter is left but not sent.
    expect(messageDeliveryState(state, mahnungId)).toMatchObject({ reopened: true, mayHaveGone: undefined, delivered: undefined, remaining: ['letter'] });
    expect(reopensOutbox(state, mahnungId)).toBe(false);
  });

  it('§ 286 Abs. 1 BGB: no default and no interest rested on the e-mail given up on — default and § 288 interest run from the fallback letter\'s receipt only (reported Wed 2025-02-12: letter received Sat 02-15, default from Sun 02-16)', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-12') await h.mw.recordDelivery({ claimId: 'INV-7', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' });
    });
    const events = await h.events();
    // The give-up had no message-sent: nothing was booked from it, so nothing is taken back.
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-16']);
    expect(ofType(events, 'default-withdrawn')).toEqual([]);
    // Consumer: 2.27 % + 5 = 7.27 %; 500.00 × 0.0727 = 36.35 a year. As of 2025-02-15 (the receipt): none.
    expect(toAmountString((await h.mw.statement('INV-7', '2025-02-15')).interest)).toBe('0.00');
    // 2025-02-16 to 2025-03-10 inclusive: 13 (16–28 Feb) + 10 = 23 days: 36.35 × 23 / 365 = 836.05 / 365
    // = 2.2905… → 2.29; the final notice (Thu 2025-02-27, in default since 02-16) keeps its 1.00.
    const s = await h.mw.statement('INV-7', '2025-03-10');
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['2.29', '1.00', '503.29']);
  });

  it('a report sent again (the host retries its webhook) changes nothing more: one report event, one letter', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-20', async (day) => {
      if (day === '2025-02-12' || day === '2025-02-13') await h.mw.recordDelivery({ claimId: 'INV-7', messageId: mahnungId, channel: 'email', status: 'failed', detail: 'undeliverable' });
    });
    const events = await h.events();
    expect(about(events, mahnungId)).toEqual([...gaveUp, '2025-02-12 message-failed email', '2025-02-12 message-sent letter']);
    expect(h.letter.filter((m) => m.id === mahnungId).map((m) => m.date)).toEqual(['2025-02-12']);
  });
});

describe('messageDeliveryState after a give-up that may have gone', () => {
  /** The claim's events up to the Mahnung's booking (Thu 2025-02-06), before any attempt to send it. */
  async function booked(): Promise<ClaimEvent[]> {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-05');
    await h.run('2025-02-06');
    return untilQueued(await h.events(), mahnungId);
  }
  const { hash, unknownOn, failed, skipped, bounced } = deliveryEvents('INV-7', mahnungId);
  const read = (events: readonly ClaimEvent[]) => {
    const d = messageDeliveryState(project(events), mahnungId);
    return { reopened: d.reopened, mayHaveGone: d.mayHaveGone !== undefined, pinnedTo: d.pinnedTo, remaining: d.remaining, ended: d.ended, handedOver: d.handedOver };
  };

  it('a bounce or a failure without hash on the pinned channel after the give-up (failed or skipped with hash) reopens it: the letter is left, it was handed over', async () => {
    const b = await booked();
    for (const giveUp of [failed('email', '2025-02-08', hash), skipped('email', '2025-02-08', hash)]) {
      const gone = [...b, unknownOn('email', '2025-02-06'), giveUp];
      expect(read(gone)).toEqual({ reopened: false, mayHaveGone: true, pinnedTo: 'email', remaining: [], ended: true, handedOver: true });
      for (const report of [bounced('email', '2025-02-12'), failed('email', '2025-02-12')]) {
        expect(read([...gone, report])).toEqual({ reopened: true, mayHaveGone: false, pinnedTo: undefined, remaining: ['letter'], ended: false, handedOver: true });
        expect(reopensOutbox(project([...gone, report]), mahnungId)).toBe(true);
      }
    }
  });

  it('a report on another channel reopens nothing; a letter attempt after the reopening that is given up on again ends it again', async () => {
    const b = await booked();
    const gone = [...b, unknownOn('email', '2025-02-06'), failed('email', '2025-02-08', hash)];
    expect(read([...gone, bounced('letter', '2025-02-12')])).toMatchObject({ reopened: false, mayHaveGone: true, ended: true });
    const again = [...gone, bounced('email', '2025-02-12'), unknownOn('letter', '2025-02-12'), failed('letter', '2025-02-14', 'b'.repeat(64))];
    expect(read(again)).toEqual({ reopened: false, mayHaveGone: true, pinnedTo: 'letter', remaining: [], ended: true, handedOver: true });
    expect(reopensOutbox(project(again), mahnungId)).toBe(false);
  });
});
