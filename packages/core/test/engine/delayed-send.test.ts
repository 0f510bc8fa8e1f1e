import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  createPlainTextRenderer,
  MahnwerkError,
  type Channel,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
  type OutgoingMessage,
  type PaymentProvider,
  type PolicyInput,
  type Renderer,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// A message is booked on the day its stage is decided (message-queued, with the stage's deadline) and
// rendered and sent by the dispatcher — the same day normally, later when the send is deferred
// (here: the payment provider cannot make the letter's payment link until a given day, a retryable
// failure before anything is handed to the channel, so the outbox retries the next day).
//
// Dates are worked out by hand: 2025-02-01 was a Saturday (2025-01-01 a Wednesday, + 31 days), so
// 2025-02-06 is a Thursday, 2025-02-08 a Saturday, 2025-02-20 a Thursday, 2025-02-22 a Saturday and
// 2025-02-24 a Monday; no federal public holiday falls in February 2025.

/** Reminder 7 days after the due date; Mahnung 14 days later with a 14-day deadline; final notice 7 days after the Mahnung (with a 7-day deadline). */
function policy(mahnungDefault: 'on-receipt' | 'after-deadline' = 'on-receipt'): PolicyInput {
  return {
    id: 'delayed-send',
    version: 1,
    name: 'Delayed send',
    mahnungDefault,
    stages: [
      { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }, { type: 'set-deadline', days: 14 }],
      },
      {
        id: 'final-notice',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 7 },
        actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'set-deadline', days: 7 }],
      },
    ],
  } as PolicyInput;
}

interface Options {
  /** The Mahnung's payment link (and so its send) fails before this day. */
  readonly linkFrom?: IsoDate;
  readonly mahnungDefault?: 'on-receipt' | 'after-deadline';
  readonly render?: Renderer;
}

function setup(options: Options = {}) {
  const sent: OutgoingMessage[] = [];
  const letter: Channel = {
    specificationVersion: 'v1',
    name: 'letter',
    canReach: (to) => to.address !== undefined,
    send(message) {
      sent.push(message);
      return Promise.resolve({ providerMessageId: `letter:${message.id}` });
    },
  };
  const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const links: string[] = [];
  const payments = {
    name: 'test-pay',
    createPaymentLink(request: { idempotencyKey: string }) {
      if (options.linkFrom !== undefined && clock.date < options.linkFrom && request.idempotencyKey.includes(':dunning-notice:')) {
        return Promise.reject(new MahnwerkError('adapter_failed', 'payment provider unavailable', { retryable: true }));
      }
      links.push(request.idempotencyKey);
      return Promise.resolve({ url: `https://pay.example/${request.idempotencyKey}`, id: request.idempotencyKey });
    },
    handleWebhook: () => Promise.reject(new Error('not used')),
  } as unknown as PaymentProvider;
  const mw = createMahnwerk({
    store: memoryStore(),
    clock,
    channels: [letter],
    policy: policy(options.mahnungDefault),
    payments,
    render: options.render ?? createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }),
  });
  const run = async (to: IsoDate, before?: (day: IsoDate) => Promise<void>): Promise<void> => {
    for (let day = clock.date; day <= to; day = addDays(day, 1)) {
      clock.date = day;
      await before?.(day);
      await mw.runDue();
    }
  };
  const events = async (): Promise<ClaimEvent[]> => (await mw.history('INV-9')).map((e) => e.event);
  return { mw, clock, sent, links, run, events };
}

const claim = {
  id: 'INV-9',
  debtor: { id: 'D-9', kind: 'consumer' as const, name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-9',
};

const ofType = <T extends ClaimEvent['type']>(events: readonly ClaimEvent[], type: T): ClaimEventOf<T>[] => events.filter((e): e is ClaimEventOf<T> => e.type === type);

/** The lines of a sent message that name a day to pay by. */
const deadlineLines = (m: OutgoingMessage): string[] => m.text.split('\n').filter((l) => /bis zum/.test(l));

describe('a message sent after the day it was booked: the payment deadline is counted from the send (§ 193 BGB), and the engine reads that day', () => {
  it('sent on the day it was booked: the booked deadline (2025-02-06 + 14 = Thu 2025-02-20), no deadline on message-sent, the final notice on 2025-02-21', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-02-28');
    const events = await h.events();
    const mahnung = h.sent.find((m) => m.stage === 'dunning-notice') as OutgoingMessage;
    expect(mahnung.date).toBe('2025-02-06');
    expect(deadlineLines(mahnung)[0]).toBe('Bitte zahlen Sie den offenen Betrag bis zum 20.02.2025.');
    expect(ofType(events, 'message-sent').find((e) => e.messageId === 'INV-9:msg:dunning-notice:1')).not.toHaveProperty('deadline');
    // previous stage 2025-02-06 + 7 = 2025-02-13, moved past the deadline 2025-02-20: 2025-02-21.
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toContainEqual(['final-notice', '2025-02-21']);
  });

  it('booked Thu 2025-02-06 with 14 days, sent Sat 2025-02-08: the letter prints Mon 24.02.2025 (2025-02-22 is a Saturday, § 193 BGB), message-sent records 2025-02-24, the final notice waits for 2025-02-25', async () => {
    const h = setup({ linkFrom: '2025-02-08' });
    await h.mw.createClaim(claim);
    await h.run('2025-03-03');
    const events = await h.events();
    const queued = ofType(events, 'message-queued').find((e) => e.stage === 'dunning-notice') as ClaimEventOf<'message-queued'>;
    // The booking is what the stage decided on its day (unchanged).
    expect([queued.date, queued.deadline]).toEqual(['2025-02-06', '2025-02-20']);
    const mahnung = h.sent.find((m) => m.stage === 'dunning-notice') as OutgoingMessage;
    expect(mahnung.date).toBe('2025-02-08');
    // Before the fix the letter printed 20.02.2025: 12 days from the send, 9 from the receipt on 2025-02-11.
    expect(deadlineLines(mahnung)).toEqual([
      'Bitte zahlen Sie den offenen Betrag bis zum 24.02.2025.',
      'Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB); ab dem folgenden Tag schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang. Die Zahlungsfrist bis zum 24.02.2025 ist keine Stundung: Sie gibt Ihnen Gelegenheit zu zahlen, bevor wir weitere Schritte einleiten.',
    ]);
    const send = ofType(events, 'message-sent').find((e) => e.messageId === queued.messageId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.deadline]).toEqual(['2025-02-08', '2025-02-24']);
    expect(send.reason?.inputs).toEqual({ deadline: '2025-02-24', bookedDeadline: '2025-02-20', bookedOn: '2025-02-06' });
    expect(send.reason?.text).toBe(
      'Sent by letter, later than booked (2025-02-06): the payment deadline is counted from the day it was sent, 2025-02-24 instead of 2025-02-20, so the debtor gets the stage\'s full period.',
    );
    // The engine reads the deadline the letter printed: default with receipt (2025-02-08 + 3 = 2025-02-11, from 2025-02-12),
    // the final notice not before the day after 2025-02-24 (it was entered on 2025-02-21 before the fix).
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-12']);
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toContainEqual(['final-notice', '2025-02-25']);
  });

  it("mahnungDefault 'after-deadline': default begins the day after the deadline the letter printed (2025-02-25), not after the booked one (2025-02-21)", async () => {
    const h = setup({ linkFrom: '2025-02-08', mahnungDefault: 'after-deadline' });
    await h.mw.createClaim(claim);
    await h.run('2025-03-03');
    const events = await h.events();
    const mahnung = h.sent.find((m) => m.stage === 'dunning-notice') as OutgoingMessage;
    expect(deadlineLines(mahnung)).toEqual([
      'Bitte zahlen Sie den offenen Betrag bis zum 24.02.2025.',
      'Zahlen Sie nicht bis zum 24.02.2025, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB); von da an schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.',
    ]);
    expect(ofType(events, 'default-began').map((e) => e.date)).toEqual(['2025-02-25']);
  });
});
