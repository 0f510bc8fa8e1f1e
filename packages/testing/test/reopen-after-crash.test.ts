import { addDays, createMahnwerk, MahnwerkError, type Channel, type ClaimStore, type IsoDate, type PolicyInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, createVirtualClock } from '../src/index.js';

// Rule (core docs/engine.md, "A report of non-delivery after the give-up takes the give-up back"; core
// engine/host-context.ts `reopenReported`): a bounce reported after an e-mail Mahnung was given up on as
// one that may have gone puts its outbox row back (ClaimStore `reopenOutbox`), and the fallback letter goes
// out — the notice never reached the debtor (§ 130 Abs. 1 S. 1 BGB). The report's write and the put-back
// are two steps; after a crash between them the daily run puts the row back. Here the batched daily run
// (a store with `loadMany` and `appendMany`, a page of two due claims) does it, as the claim-by-claim run
// does (core test engine/reopen-after-report.test.ts).
//
// Dates by hand: 2025-01-01 was a Wednesday. Due Thu 2025-01-16; reminder by letter Thu 01-23 (+ 7);
// Mahnung by e-mail with letter fallback Thu 02-06 (+ 14), 14-day deadline; its e-mail is handed over
// 02-06, 02-07, 02-08 without an answer (3 attempts, the default) and given up on Sat 02-08. Both claims'
// providers report the bounce on Wed 2025-02-12, and both put-backs fail. The letters go out that day:
// 2025-02-12 + 14 = Wed 2025-02-26 (a weekday, § 193 BGB moves nothing).

const policy = {
  id: 'reopen-after-crash',
  version: 1,
  name: 'Reopen after crash',
  stages: [
    { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 14 },
      actions: [{ type: 'send', channel: 'email', template: 'dunning-notice', fallbackChannel: 'letter' }, { type: 'set-deadline', days: 14 }],
    },
  ],
} as PolicyInput;

const sentLetters: { id: string; day: IsoDate }[] = [];

function channels(today: () => IsoDate): Channel[] {
  return (['email', 'letter'] as const).map((name) => ({
    specificationVersion: 'v1',
    name,
    canReach: () => true,
    send(message) {
      if (name === 'email' && message.stage === 'dunning-notice') return Promise.reject(new Error('connection reset after the request was sent'));
      if (name === 'letter') sentLetters.push({ id: message.id, day: today() });
      return Promise.resolve({ providerMessageId: message.id });
    },
  }));
}

const claim = (n: number) => ({
  id: `INV-${n}`,
  debtor: { id: `D-${n}`, kind: 'consumer' as const, name: `Erika Muster ${n}`, email: `erika${n}@example.org`, address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: `RE-${n}`,
});

describe('a put-back lost in a crash after the report (§ 130 Abs. 1 S. 1 BGB): the batched daily run repairs it', () => {
  it('two claims, both reports written on Wed 2025-02-12 and both put-backs failed: the page of both claims puts both rows back and both letters go out that day', async () => {
    sentLetters.length = 0;
    const memory = createMemoryClaimStore();
    let failures = 2;
    const pages: string[][] = [];
    const loadMany = memory.loadMany;
    if (loadMany === undefined) throw new Error('the memory store has loadMany (the batched run needs it)');
    const store: ClaimStore = {
      ...memory,
      loadMany(ids) {
        pages.push([...ids]);
        return loadMany.call(memory, ids);
      },
      reopenOutbox(id) {
        if (failures > 0) {
          failures -= 1;
          return Promise.reject(new MahnwerkError('adapter_failed', `reopen outbox message "${id}": connection lost`, { retryable: true }));
        }
        return memory.reopenOutbox(id);
      },
    };
    const clock = createVirtualClock('2025-01-02', { time: '10:00:00+01:00' });
    const mw = createMahnwerk({ store, clock, channels: channels(() => clock.today()), policy });
    await mw.createClaim(claim(1));
    await mw.createClaim(claim(2));
    const mahnung = (n: number): string => `INV-${n}:msg:dunning-notice:1`;
    for (let day: IsoDate = '2025-01-02'; day <= '2025-02-13'; day = addDays(day, 1)) {
      clock.set(day);
      if (day === '2025-02-12') {
        pages.length = 0;
        for (const n of [1, 2]) {
          await expect(mw.recordDelivery({ claimId: `INV-${n}`, messageId: mahnung(n), channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' })).rejects.toMatchObject({
            code: 'adapter_failed',
          });
        }
        const rows = await store.contactsSince('D-1', '2025-02-01');
        expect(rows.map((m) => [m.id, m.status, m.attempts])).toEqual([[mahnung(1), 'failed', 3]]);
      }
      await mw.runDue();
      // The day of the reports: both claims due (a command reviews its claim that day), read as one page.
      if (day === '2025-02-12') expect(pages).toContainEqual(['INV-1', 'INV-2']);
    }
    expect(sentLetters.filter((l) => l.id === mahnung(1) || l.id === mahnung(2))).toEqual([
      { id: mahnung(1), day: '2025-02-12' },
      { id: mahnung(2), day: '2025-02-12' },
    ]);
    for (const n of [1, 2]) {
      const rows = await store.contactsSince(`D-${n}`, '2025-02-01');
      // 3 e-mail leases + the put-back (no attempt) + 1 letter lease.
      expect(rows.map((m) => [m.id, m.status, m.attempts])).toEqual([[mahnung(n), 'sent', 4]]);
      const sent = (await mw.history(`INV-${n}`)).map((h) => h.event).find((e) => e.type === 'message-sent' && e.messageId === mahnung(n));
      expect(sent).toMatchObject({ date: '2025-02-12', channel: 'letter', deadline: '2025-02-26' });
    }
  });
});
