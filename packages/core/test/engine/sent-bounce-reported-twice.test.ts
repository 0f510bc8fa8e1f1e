import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/index.js';
import { about, deadlineLine, deliveryClaim, deliveryHost, deliveryPolicy } from './host-fixture.js';
import { memoryStore, type TestStore } from './memory-store.js';

// Rule (§ 130 Abs. 1 S. 1 BGB with § 286 Abs. 1 BGB; docs/engine.md, "A report of non-delivery after the
// send brings the fallback"; ClaimStore port, `reopenSentOutbox`; DESIGN.md "Effects happen exactly
// once"): an e-mail Mahnung that went out and is reported bounced afterwards gets its fallback letter —
// once. Its outbox row, completed as sent, goes back to pending through one conditional update of the
// store (`reopenSentOutbox`: only while the row is sent), which counts no attempt and keeps the row's id
// (the letter service's idempotency key). Providers send a bounce more than once and webhooks are
// retried, so two reports of one bounce may arrive at the same time: exactly one of them puts the row
// back; the other finds nothing to change, which is not an error — `recordDelivery` resolves for both.
//
// The bug: the row went back through `markOutbox(id, 'pending')` under a `contactsSince` check. That
// counted a delivery attempt that never happened (the row read pending/2 after the report, sent/3 after
// the letter — the dispatcher's limit and the runner's backoff read that counter), and two reports read
// the row as sent before either wrote it, so both could put it back (only the ledger and the idempotency
// key kept it to one letter).
//
// Dates by hand (as in sent-then-bounced-fallback.test.ts): 2025-01-01 was a Wednesday; due Thu 2025-01-16,
// reminder by letter Thu 01-23 (+ 7), Mahnung by e-mail Thu 02-06 (+ 14), handed over that day: its
// outbox row sent after attempt 1. The reports come on Wed 2025-02-12 before the day's run; the letter
// goes out that day "bis zum 26.02.2025" (02-12 + 14 = Wed 02-26, a weekday: § 193 BGB moves nothing);
// the final notice waits for the day after it, Thu 2025-02-27. No federal public holiday falls in
// February 2025. The row's attempts: 1 (e-mail lease) + 0 (put-back) + 1 (letter lease) = 2.

const policy = deliveryPolicy({ id: 'sent-bounce-twice', name: 'Sent, bounced twice' });
const claim = deliveryClaim(12);
const mahnungId = 'INV-12:msg:dunning-notice:1';
const bounce = { claimId: 'INV-12', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' } as const;

/** The delivery host on a test store whose `reopenSentOutbox` answers are kept, in call order. */
function setup() {
  const inner = memoryStore();
  const answers: boolean[] = [];
  const store: TestStore = {
    ...inner,
    async reopenSentOutbox(id) {
      const answer = await inner.reopenSentOutbox(id);
      answers.push(answer);
      return answer;
    },
  };
  const h = deliveryHost({ policy, claimId: 'INV-12', store });
  return { ...h, answers };
}

/** The Mahnung's outbox row: status and attempts. */
const row = (store: TestStore): string[] => store.outbox().filter((m) => m.id === mahnungId).map((m) => `${m.status}/${m.attempts}`);
/** The letter service's calls about the Mahnung: the day of each. */
const mahnungLetters = (h: ReturnType<typeof setup>): IsoDate[] => h.letterChannel.calls.flatMap((m, i) => (m.id === mahnungId ? [h.letterChannel.days[i] as IsoDate] : []));

describe('§ 130 Abs. 1 S. 1 BGB: a sent e-mail Mahnung reported bounced goes back to the outbox once (reopenSentOutbox) — no attempt counted, one fallback letter', () => {
  it('two bounce reports at once on Wed 2025-02-12: both resolve, one puts the row back (answers true and false), attempts stay 1; one letter that day "bis zum 26.02.2025", the row ends sent/2 (1 + 0 + 1)', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day !== '2025-02-12') return;
      expect(row(h.store)).toEqual(['sent/1']);
      // Neither rejects: the one that finds the row put back already changed nothing, and that is no error.
      const results = await Promise.all([h.mw.recordDelivery(bounce), h.mw.recordDelivery(bounce)]);
      expect(results.map((r) => r.claimId)).toEqual(['INV-12', 'INV-12']);
      // Pending again, the e-mail's one attempt and nothing more (before: pending/2, or pending/3 when both put it back).
      expect(row(h.store)).toEqual(['pending/1']);
      expect([...h.answers].sort()).toEqual([false, true]);
    });
    // The report is recorded once (the default booked from the e-mail taken back that day); the letter goes out once, on the report's day.
    expect(about(await h.events(), mahnungId)).toEqual(['2025-02-06 message-sent email', '2025-02-12 message-bounced email', '2025-02-12 default-withdrawn ', '2025-02-12 message-sent letter']);
    expect(mahnungLetters(h)).toEqual(['2025-02-12']);
    expect(deadlineLine(h.letter.find((m) => m.id === mahnungId))).toBe('Bitte zahlen Sie den offenen Betrag bis zum 26.02.2025.');
    expect(h.letter.map((m) => `${m.stage ?? '-'} ${m.date}`)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-12', 'final-notice 2025-02-27']);
    // Put back by exactly one call of all (the reports, and the daily run of 02-12 that found it pending already).
    expect(h.answers.filter((a) => a)).toEqual([true]);
    // 1 e-mail lease + 0 for the put-back + 1 letter lease = 2 (before: 3, or 4 when both reports put it back).
    expect(row(h.store)).toEqual(['sent/2']);
  });

  it('the same report again after the row was put back (before the dispatch) resolves and changes nothing: the store answers false, the row stays pending/1; after the letter a report again asks the store nothing', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-13', async (day) => {
      if (day === '2025-02-12') {
        const first = await h.mw.recordDelivery(bounce);
        expect(row(h.store)).toEqual(['pending/1']);
        expect(h.answers).toEqual([true]);
        // Someone else (here: the first report) put it back already: not an error, the same result, nothing changed.
        const again = await h.mw.recordDelivery(bounce);
        expect(again.events).toEqual(first.events);
        expect(row(h.store)).toEqual(['pending/1']);
        expect(h.answers).toEqual([true, false]);
      }
      if (day === '2025-02-13') {
        // The letter went out on 02-12: the message has ended (its last channel delivered), nothing is put back.
        const asked = h.answers.length;
        await h.mw.recordDelivery(bounce);
        expect(h.answers.length).toBe(asked);
      }
    });
    expect(mahnungLetters(h)).toEqual(['2025-02-12']);
    expect(row(h.store)).toEqual(['sent/2']);
  });
});
