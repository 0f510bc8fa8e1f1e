import { describe, expect, it } from 'vitest';
import { MahnwerkError, type ClaimEventOf, type IsoDate } from '../../src/index.js';
import { about, deadlineLine, deliveryClaim, deliveryHost, deliveryPolicy, lost } from './host-fixture.js';
import { memoryStore, type TestStore } from './memory-store.js';

// Rule (docs/engine.md, "A report of non-delivery after the give-up takes the give-up back"; ClaimStore
// port, `reopenOutbox`): a definite report of non-delivery that comes after an e-mail Mahnung was given up
// on as one that may have gone puts its outbox row back, and the fallback letter goes out (a notice takes
// effect only on receipt, § 130 Abs. 1 S. 1 BGB). Two things around that put-back are specified here:
//
// 1. The put-back is not an attempt. The dispatcher allows `maxAttempts` (default 3) on the message's
//    channel and, counted over the whole message, 2 × 3 = 6 with its fallback (`delivery.ts`: `limit = name ===
//    msg.channel ? maxAttempts : maxAttempts * 2`, compared with the attempts the store counted). The e-mail
//    used attempts 1, 2, 3; the fallback letter is owed attempts 4, 5, 6 — three tries, as many as it has
//    when the e-mail fails definitely. Before the fix the put-back went through `markOutbox(id, 'pending')`,
//    which counts an attempt (3 + 1 = 4): the letter got only attempts 5 and 6.
// 2. The report's write and the put-back are two steps. A crash between them (here: a store whose
//    `reopenOutbox` fails once) left the row failed for good: no letter, and the final notice waiting
//    forever for a letter that never left. The daily run puts it back (the claim is due on the day of the
//    report: a command reviews its claim that day), through the same function `recordDelivery` uses.
//
// Dates by hand (as in bounce-after-give-up.test.ts): 2025-01-01 was a Wednesday; due Thu 2025-01-16,
// reminder Thu 01-23 (+ 7), Mahnung Thu 02-06 (+ 14), its e-mail handed over 02-06, 02-07, 02-08 with
// unknown outcome and given up on Sat 02-08; report Wed 2025-02-12. The letter sent that day says
// 2025-02-12 + 14 = Wed 2025-02-26 (a weekday, § 193 BGB moves nothing); the final notice waits for the day
// after it, Thu 2025-02-27. No federal public holiday falls in February 2025.

const policy = deliveryPolicy({ id: 'reopen-after-report', name: 'Reopen after report' });

const claim = deliveryClaim(8);

const mahnungId = 'INV-8:msg:dunning-notice:1';

/**
 * The host on `store`. The e-mail never answers the Mahnung in time (outcome unknown); with
 * `letterLost` the letter service does the same for it.
 */
function setup(store: TestStore, letterLost = false) {
  const h = deliveryHost({
    policy,
    claimId: 'INV-8',
    store,
    email: (stage) => (stage === 'dunning-notice' ? lost() : null),
    letter: (stage) => (stage === 'dunning-notice' && letterLost ? lost() : null),
  });
  return {
    ...h,
    /** The days of the letter service's calls about the Mahnung. */
    letterDays: () => h.letterChannel.calls.flatMap((m, i) => (m.id === mahnungId ? [h.letterChannel.days[i] as IsoDate] : [])),
  };
}

const bounce = { claimId: 'INV-8', messageId: mahnungId, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' } as const;
const gaveUp = ['2025-02-06 message-attempt-unknown email', '2025-02-07 message-attempt-unknown email', '2025-02-08 message-failed email (may have gone)'];
const row = (store: TestStore) => store.outbox().filter((m) => m.id === mahnungId).map((m) => [m.status, m.attempts]);

describe('putting a message back after a report of non-delivery (§ 130 Abs. 1 S. 1 BGB): not an attempt, and repaired after a crash', () => {
  it('the fallback letter gets its 3 tries after the put-back: attempts 4, 5, 6 on Wed 02-12, Thu 02-13, Fri 02-14 (before: 2, attempts 5 and 6)', async () => {
    const store = memoryStore();
    const h = setup(store, true);
    await h.mw.createClaim(claim);
    await h.run('2025-02-20', async (day) => {
      if (day !== '2025-02-12') return;
      // Given up on Sat 02-08 after its 3 e-mail attempts (limit 3 on its own channel).
      expect(row(store)).toEqual([['failed', 3]]);
      await h.mw.recordDelivery(bounce);
      // Put back without counting: still 3 attempts.
      expect(row(store)).toEqual([['pending', 3]]);
    });
    // One lease per daily run: attempt 4 on 02-12 (4 < 6, retried), 5 on 02-13 (5 < 6, retried), 6 on 02-14
    // (6 = 6: given up on, as one that may have gone — the letter service never answered).
    expect(h.letterDays()).toEqual(['2025-02-12', '2025-02-13', '2025-02-14']);
    // Every try hands over the letter rendered on 02-12 (pinned to its first, unknown attempt).
    expect(h.letter.filter((m) => m.id === mahnungId).map((m) => m.date)).toEqual(['2025-02-12', '2025-02-12', '2025-02-12']);
    expect(about(await h.events(), mahnungId)).toEqual([
      ...gaveUp,
      '2025-02-12 message-bounced email',
      '2025-02-12 message-attempt-unknown letter',
      '2025-02-13 message-attempt-unknown letter',
      '2025-02-14 message-failed letter (may have gone)',
    ]);
    expect(row(store)).toEqual([['failed', 6]]);
  });

  it('crash between the report and the put-back (reopenOutbox fails once): the daily run of Wed 02-12 puts the row back, the letter goes out that day with 26.02.2025, the final notice follows on Thu 02-27', async () => {
    const inner = memoryStore();
    let failures = 1;
    const store: TestStore = {
      ...inner,
      reopenOutbox(id) {
        if (failures > 0) {
          failures -= 1;
          return Promise.reject(new MahnwerkError('adapter_failed', `reopen outbox message "${id}": connection lost`, { retryable: true }));
        }
        return inner.reopenOutbox(id);
      },
    };
    const h = setup(store);
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day !== '2025-02-12') return;
      // The report is written; putting the row back fails, and the host hears of it (and does not send the report again).
      await expect(h.mw.recordDelivery(bounce)).rejects.toMatchObject({ code: 'adapter_failed' });
      expect(row(store)).toEqual([['failed', 3]]);
    });
    const events = await h.events();
    expect(about(events, mahnungId)).toEqual([...gaveUp, '2025-02-12 message-bounced email', '2025-02-12 message-sent letter']);
    const letter = h.letter.find((m) => m.id === mahnungId);
    expect(letter?.date).toBe('2025-02-12');
    expect(deadlineLine(letter)).toBe('Bitte zahlen Sie den offenen Betrag bis zum 26.02.2025.');
    const final = events.find((e): e is ClaimEventOf<'stage-entered'> => e.type === 'stage-entered' && e.stage === 'final-notice');
    expect(final?.date).toBe('2025-02-27');
    // 3 e-mail leases + the put-back (none) + 1 letter lease.
    expect(row(store)).toEqual([['sent', 4]]);
  });
});
