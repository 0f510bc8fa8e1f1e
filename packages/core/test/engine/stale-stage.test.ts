import { describe, expect, it } from 'vitest';
import { type ClaimEventOf, type OutgoingMessage } from '../../src/index.js';
import { deliveryPolicy, letterHost } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule: a deadline runs from the letter (docs/legal-notes.md, "A deadline runs from the letter"), so
// the next stage is not entered while a message of the current stage that sets a deadline has not
// gone out: the deadline the next stage waits for is the one the debtor got, and before the send
// there is none (engine/triggers.ts, `stageTriggerDate`, `unsentDeadlineMessage`).
//
// The bug: a Mahnung booked on 2025-02-06 and kept in the outbox by a hold (or a promise to pay)
// until after its booked deadline (2025-02-20); on the first day after the hold the engine entered
// the final notice "moved past the deadline 2025-02-20" — a deadline the debtor never got — and the
// same dispatch sent both letters: the Mahnung (deadline counted from its send) and the final notice
// with an earlier deadline.
//
// Dates by hand: 2025-02-01 was a Saturday (2025-01-01 a Wednesday, + 31 days), February 2025 has 28
// days, so 2025-03-01 is a Saturday too: 2025-02-06 is a Thursday, 2025-02-26 a Wednesday, 2025-03-10 a
// Monday, 2025-03-12 a Wednesday, 2025-03-24 a Monday, 2025-03-25 a Tuesday. No federal public holiday
// falls in February or March 2025, so § 193 BGB moves none of the deadlines below.

/** Reminder 7 days after the due date; Mahnung 14 days later with a 14-day deadline; final notice 7 days after the Mahnung (7-day deadline). All by letter. */
const policy = deliveryPolicy({ id: 'stale-stage', name: 'Stale stage', mahnung: 'letter', final: false });

/**
 * A host whose Mahnung cannot go out on the day it is booked (2025-02-06): its payment link fails,
 * retryably, before anything is handed over, so the outbox tries again the next day — when a hold or
 * a promise placed that morning keeps it in the outbox.
 */
function setup() {
  return letterHost({ policy, claimId: 'INV-7', linkFrom: '2025-02-07' });
}

const claim = {
  id: 'INV-7',
  debtor: { id: 'D-7', kind: 'consumer' as const, name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-7',
};

const deadlineLine = (m: OutgoingMessage | undefined): string | undefined => m?.text.split('\n').find((l) => /bis zum/.test(l));

describe('the next stage waits for the send of the current stage\'s deadline-setting message (a deadline runs from the letter)', () => {
  it('Mahnung booked Thu 2025-02-06, held 2025-02-07..2025-03-09, sent Mon 2025-03-10 with 14 days to Mon 2025-03-24: one letter per stage, the final notice on Tue 2025-03-25, not with the Mahnung on 2025-03-10', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-04-10', async (day) => {
      if (day === '2025-02-07') await h.mw.placeHold({ claimId: 'INV-7', holdId: 'H-1', note: 'debtor on leave', until: '2025-03-09', interestRuns: true });
    });
    const events = await h.events();
    // Reminder: due 2025-01-16 + 7 = 2025-01-23; Mahnung: 2025-01-23 + 14 = 2025-02-06, deadline 2025-02-06 + 14 = Thu 2025-02-20.
    const queued = ofType(events, 'message-queued').find((e) => e.stage === 'dunning-notice') as ClaimEventOf<'message-queued'>;
    expect([queued.date, queued.deadline]).toEqual(['2025-02-06', '2025-02-20']);
    // The hold ends after 2025-03-09: the Mahnung goes out Mon 2025-03-10, its 14 days counted from there: Mon 2025-03-24.
    const send = ofType(events, 'message-sent').find((e) => e.messageId === queued.messageId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.deadline]).toEqual(['2025-03-10', '2025-03-24']);
    // Final notice: 2025-02-06 + 7 = 2025-02-13, moved past the deadline the debtor got (2025-03-24): Tue 2025-03-25.
    // Before the fix it was entered on 2025-03-10 ("moved past the deadline 2025-02-20").
    const entered = ofType(events, 'stage-entered').map((e) => [e.stage, e.date]);
    expect(entered).toEqual([
      ['reminder', '2025-01-23'],
      ['dunning-notice', '2025-02-06'],
      ['final-notice', '2025-03-25'],
    ]);
    expect(ofType(events, 'stage-entered').find((e) => e.stage === 'final-notice')?.reason?.text).toContain('moved past the deadline 2025-03-24');
    // One letter per stage, in order, each deadline after the one before: Mahnung 24.03., final notice 2025-03-25 + 7 = Tue 01.04.
    expect(h.sent.map((m) => [m.stage, m.date])).toEqual([
      ['reminder', '2025-01-23'],
      ['dunning-notice', '2025-03-10'],
      ['final-notice', '2025-03-25'],
    ]);
    expect(deadlineLine(h.sent[1])).toBe('Bitte zahlen Sie den offenen Betrag bis zum 24.03.2025.');
    expect(deadlineLine(h.sent[2])).toContain('01.04.2025');
  });

  it('broken promise: Mahnung booked Thu 2025-02-06, promise on 2025-02-07 to pay by 2025-02-20 (held through 2025-02-25 with 5 grace days), not kept: the Mahnung goes out Wed 2025-02-26 (deadline Wed 2025-03-12), the final notice Thu 2025-03-13', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-04-10', async (day) => {
      if (day === '2025-02-07') await h.mw.recordPromise({ claimId: 'INV-7', amount: '500.00', by: '2025-02-20' });
    });
    const events = await h.events();
    const queued = ofType(events, 'message-queued').find((e) => e.stage === 'dunning-notice') as ClaimEventOf<'message-queued'>;
    // 2025-02-20 + promiseGraceDays 5 (the policy default) = 2025-02-25: the first day the letter may go is 2025-02-26; + 14 = 2025-03-12.
    const send = ofType(events, 'message-sent').find((e) => e.messageId === queued.messageId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.deadline]).toEqual(['2025-02-26', '2025-03-12']);
    // Before the fix the final notice was entered with it on 2025-02-26 (trigger 2025-02-21, past the booked deadline 2025-02-20).
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toEqual([
      ['reminder', '2025-01-23'],
      ['dunning-notice', '2025-02-06'],
      ['final-notice', '2025-03-13'],
    ]);
    expect(h.sent.map((m) => [m.stage, m.date])).toEqual([
      ['reminder', '2025-01-23'],
      ['dunning-notice', '2025-02-26'],
      ['final-notice', '2025-03-13'],
    ]);
  });
});
