import { describe, expect, it } from 'vitest';
import {
  addDays,
  ChannelError,
  createMahnwerk,
  createPlainTextRenderer,
  loadPolicy,
  MahnwerkError,
  project,
  stageTriggerDate,
  type Channel,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
  type OutgoingMessage,
  type PolicyInput,
  type Renderer,
} from '../../src/index.js';
import { deliveryPolicy } from './host-fixture.js';
import { ofType } from './helpers.js';
import { memoryStore } from './memory-store.js';

// The deadline a letter that "may have gone" printed. A Mahnung booked on its stage's day with a
// 14-day deadline and handed over later is rendered with the period counted again from that day
// (`deadlineOnSend`). When that hand-over's outcome is unknown (a lost connection: the provider may
// have printed and posted it) and the message is then given up on as one that may have gone
// (`message-failed` with `contentHash`), the debtor may hold a letter with the later deadline. The
// next stage must not come before it: `message-attempt-unknown.deadline` and `message-failed.deadline`
// record it, and the claim's deadline moves to it (never earlier). Events without the field read as before.
//
// Dates by hand: 2025-01-01 was a Wednesday, so Mon 2025-01-13, Mon 01-20, Mon 02-03, Mon 02-10,
// Mon 02-17, Mon 02-24 (February 2025 has 28 days; no federal public holiday in it, none of these a
// Saturday or Sunday, so § 193 BGB moves nothing).
// - Due Mon 2025-01-13; reminder due + 7 = Mon 01-20; Mahnung previous stage + 14 = Mon 02-03, with a
//   14-day deadline: 02-03 + 14 = Mon 02-17 (booked).
// - The Mahnung waits in the outbox (the template store is down, retryable: nothing handed over) until
//   Mon 02-10; handed over then: 02-10 + 14 = Mon 02-24 printed. The provider loses the connection
//   (outcome unknown); the retry on Tue 02-11 is refused for good (nothing new delivered) → message-failed
//   with the first attempt's hash: may have gone, with 02-24.
// - Final notice: previous stage + 7 = 02-10, but not before the day after the deadline: booked 02-17 →
//   Tue 02-18 (before this change); printed 02-24 → Tue 02-25.

/** Reminder, Mahnung (14-day deadline), final notice, all by letter; default on the Mahnung's receipt. */
const policy = (): PolicyInput => deliveryPolicy({ id: 'may-have-gone', name: 'May have gone', mahnungDefault: 'on-receipt', mahnung: 'letter', final: false });

const claim = {
  id: 'MG-1',
  debtor: { id: 'D-MG-1', kind: 'consumer' as const, name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-13',
  reference: 'RE-MG-1',
};

const mahnungId = 'MG-1:msg:dunning-notice:1';
const deadlineLines = (m: OutgoingMessage): string[] => m.text.split('\n').filter((l) => /bis zum/.test(l));

function setup() {
  const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const calls: OutgoingMessage[] = [];
  // The Mahnung: the first hand-over loses the connection (outcome unknown), the retry is refused for good.
  const letter: Channel = {
    specificationVersion: 'v1',
    name: 'letter',
    canReach: (to) => to.address !== undefined,
    send(message, options) {
      calls.push(message);
      if (message.stage === 'dunning-notice') {
        const n = calls.filter((m) => m.id === message.id).length;
        return Promise.reject(n === 1 ? new Error('connection reset after the request was sent') : new ChannelError('print job rejected', { retryable: false }));
      }
      return Promise.resolve({ providerMessageId: `letter:${options.idempotencyKey}` });
    },
  };
  const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
  // The template store is down for the Mahnung until 02-10 (retryable: the letter waits, nothing is handed over).
  const render: Renderer = (input) => {
    if (input.stage === 'dunning-notice' && clock.date < '2025-02-10') throw new MahnwerkError('template_invalid', 'template store unavailable', { retryable: true });
    return plain(input);
  };
  const mw = createMahnwerk({ store: memoryStore(), clock, channels: [letter], policy: policy(), render, maxAttempts: 10 });
  const run = async (to: IsoDate): Promise<void> => {
    for (let day = clock.date; day <= to; day = addDays(day, 1)) {
      clock.date = day;
      await mw.runDue();
    }
  };
  return { mw, clock, run, calls, events: async () => (await mw.history('MG-1')).map((e) => e.event) };
}

describe('a letter that may have gone keeps the deadline it printed: the next stage waits for it', () => {
  it('booked Mon 2025-02-03 (deadline 02-17), handed over Mon 02-10 with outcome unknown (printed 02-24), given up on 02-11: the claim reads 02-24, the final notice comes on 02-25', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-03');
    const events = await h.events();
    const queued = ofType(events, 'message-queued').find((e) => e.messageId === mahnungId) as ClaimEventOf<'message-queued'>;
    expect([queued.date, queued.deadline, queued.deadlineDays]).toEqual(['2025-02-03', '2025-02-17', 14]);
    // What was handed over on 02-10 printed 24.02.2025.
    const handed = h.calls.filter((m) => m.stage === 'dunning-notice');
    expect(handed.map((m) => m.date)).toEqual(['2025-02-10', '2025-02-10']);
    expect(deadlineLines(handed[0] as OutgoingMessage)[0]).toBe('Bitte zahlen Sie den offenen Betrag bis zum 24.02.2025.');
    const unknown = ofType(events, 'message-attempt-unknown');
    expect(unknown.map((e) => [e.date, e.messageId, e.deadline])).toEqual([['2025-02-10', mahnungId, '2025-02-24']]);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId);
    expect(failed.map((e) => [e.date, e.contentHash, e.deadline])).toEqual([['2025-02-11', unknown[0]?.contentHash, '2025-02-24']]);
    // The claim's deadline moved to what the debtor may have read; the final notice waits past it.
    const upToFailure = events.slice(0, events.indexOf(failed[0] as ClaimEvent) + 1);
    expect(project(upToFailure).deadline).toBe('2025-02-24');
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toEqual([
      ['reminder', '2025-01-20'],
      ['dunning-notice', '2025-02-03'],
      ['final-notice', '2025-02-25'],
    ]);
  });

  it('old events without the field read as before: the booked 02-17 holds, the final notice is due on 02-18', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-11');
    const strip = (e: ClaimEvent): ClaimEvent => {
      if ((e.type === 'message-attempt-unknown' || e.type === 'message-failed') && e.deadline !== undefined) {
        const { deadline: _dropped, ...rest } = e;
        return rest as ClaimEvent;
      }
      return e;
    };
    const events = await h.events();
    expect(ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId)).toHaveLength(1);
    const old = project(events.map(strip));
    const now = project(events);
    expect([old.deadline, now.deadline]).toEqual(['2025-02-17', '2025-02-24']);
    const loaded = loadPolicy(policy());
    const finalNotice = loaded.stages[2]!;
    // previous stage 02-03 + 7 = 02-10, moved to the day after the deadline.
    expect(stageTriggerDate(finalNotice, old, loaded, '2025-02-12')?.date).toBe('2025-02-18');
    expect(stageTriggerDate(finalNotice, now, loaded, '2025-02-12')?.date).toBe('2025-02-25');
  });

  it('never earlier: a may-have-gone deadline before the booked one (an event written by hand) leaves the booked deadline', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-11');
    const events = await h.events();
    const earlier = events.map((e) => ((e.type === 'message-attempt-unknown' || e.type === 'message-failed') && e.deadline !== undefined ? { ...e, deadline: '2025-02-14' } : e));
    expect(project(earlier).deadline).toBe('2025-02-17');
  });
});

describe('a letter that may have gone and is then skipped (the debtor opted out) keeps the deadline it printed', () => {
  // The same Mahnung: booked Mon 2025-02-03 with 02-03 + 14 = Mon 02-17, handed over Mon 02-10 with
  // 02-10 + 14 = Mon 02-24 printed and the outcome unknown. After that run on 02-10 the debtor opts out
  // of the letter channel; the retry on Tue 02-11 passes the channel by (`message-skipped`, opted-out,
  // with the attempt's hash: may have gone). The skip records 02-24 as the failure does above.

  async function optedOutAfterUnknown() {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-10');
    await h.mw.recordDelivery({ claimId: 'MG-1', messageId: mahnungId, channel: 'letter', status: 'opted-out' });
    h.clock.date = '2025-02-11';
    await h.run('2025-03-03');
    return { h, events: await h.events() };
  }

  it('the message-skipped of Tue 2025-02-11 records contentHash and the printed deadline 02-24 (booked 02-17); the final notice comes on 02-25', async () => {
    const { h, events } = await optedOutAfterUnknown();
    // One hand-over only: the retry on 02-11 hands nothing over (opted out).
    expect(h.calls.filter((m) => m.stage === 'dunning-notice').map((m) => m.date)).toEqual(['2025-02-10']);
    const unknown = ofType(events, 'message-attempt-unknown');
    expect(unknown.map((e) => [e.date, e.deadline])).toEqual([['2025-02-10', '2025-02-24']]);
    const skipped = ofType(events, 'message-skipped').filter((e) => e.messageId === mahnungId);
    expect(skipped.map((e) => [e.date, e.skip, e.contentHash, e.deadline])).toEqual([['2025-02-11', 'opted-out', unknown[0]?.contentHash, '2025-02-24']]);
    expect(ofType(events, 'message-failed').filter((e) => e.messageId === mahnungId)).toEqual([]);
    // The final notice: previous stage 02-03 + 7 = 02-10, not before the day after 02-24 → Tue 02-25
    // (a letter; the opt-out was of this message's channel, the final notice is booked all the same).
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toEqual([
      ['reminder', '2025-01-20'],
      ['dunning-notice', '2025-02-03'],
      ['final-notice', '2025-02-25'],
    ]);
  });

  it('the projection reads the skip\'s deadline on its own: with the attempt\'s deadline taken away (an attempt recorded before that field), the claim still reads 02-24, not the booked 02-17', async () => {
    const { events } = await optedOutAfterUnknown();
    const upToSkip = events.slice(0, events.findIndex((e) => e.type === 'message-skipped' && e.messageId === mahnungId) + 1);
    const withoutAttemptDeadline = upToSkip.map((e) => {
      if (e.type === 'message-attempt-unknown' && e.deadline !== undefined) {
        const { deadline: _dropped, ...rest } = e;
        return rest as ClaimEvent;
      }
      return e;
    });
    expect(project(withoutAttemptDeadline.filter((e) => e.type !== 'message-skipped')).deadline).toBe('2025-02-17');
    expect(project(withoutAttemptDeadline).deadline).toBe('2025-02-24');
  });
});
