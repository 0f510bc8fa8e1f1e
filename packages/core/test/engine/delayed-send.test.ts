import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  createPlainTextRenderer,
  MahnwerkError,
  type Channel,
  type ClaimEventOf,
  type IsoDate,
  type OutgoingMessage,
  type PolicyInput,
  type Renderer,
  loadPolicy,
} from '../../src/index.js';
import { deadlineOnSend, stageDeadlineDays } from '../../src/engine/deadline.js';
import { deliveryPolicy, letterHost } from './host-fixture.js';
import { ofType } from './helpers.js';
import { memoryStore } from './memory-store.js';

// A message is booked on the day its stage is decided (message-queued, with the stage's deadline) and
// rendered and sent by the dispatcher — the same day normally, later when the send is deferred
// (here: the payment provider cannot make the letter's payment link until a given day, a retryable
// failure before anything is handed to the channel, so the outbox retries the next day).
//
// Dates are worked out by hand: 2025-02-01 was a Saturday (2025-01-01 a Wednesday, + 31 days), so
// 2025-02-06 is a Thursday, 2025-02-08 a Saturday, 2025-02-20 a Thursday, 2025-02-22 a Saturday and
// 2025-02-24 a Monday; no federal public holiday falls in February 2025.

/**
 * Reminder 7 days after the due date; Mahnung 14 days later with a 14-day deadline (`mahnungDays`);
 * final notice 7 days after the Mahnung (with a 7-day deadline).
 */
function policy(mahnungDefault: 'on-receipt' | 'after-deadline' = 'on-receipt', mahnungDays = 14): PolicyInput {
  return deliveryPolicy({ id: 'delayed-send', version: mahnungDays === 14 ? 1 : 2, name: 'Delayed send', mahnungDefault, mahnung: 'letter', mahnungDays, final: false });
}

interface Options {
  /** The Mahnung's payment link (and so its send) fails before this day. */
  readonly linkFrom?: IsoDate;
  readonly mahnungDefault?: 'on-receipt' | 'after-deadline';
  readonly render?: Renderer;
  /** The Mahnung's `set-deadline` days (default 14). */
  readonly mahnungDays?: number;
}

function setup(options: Options = {}) {
  const h = letterHost({
    policy: policy(options.mahnungDefault, options.mahnungDays),
    claimId: 'INV-9',
    ...(options.linkFrom === undefined ? {} : { linkFrom: options.linkFrom }),
    ...(options.render === undefined ? {} : { render: options.render }),
  });
  return {
    ...h,
    /** Starts the host again over the same store with the Mahnung's deadline set to `mahnungDays` (a policy change). */
    redeploy: (mahnungDays: number): void => h.redeploy(policy(options.mahnungDefault, mahnungDays)),
    get mw() {
      return h.mw;
    },
  };
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

  it('the host changes the Mahnung\'s period from 14 to 21 days between booking (Thu 2025-02-06) and send (Sat 2025-02-08): the letter gets the 14 days decided at booking, counted from the send — Mon 2025-02-24, not Mon 2025-03-03', async () => {
    // By hand: 2025-02-08 + 14 = 2025-02-22, a Saturday -> Monday 2025-02-24 (§ 193 BGB). With the
    // policy of the send day (the bug): 2025-02-08 + 21 = 2025-03-01 (February 2025 has 28 days), a
    // Saturday -> Monday 2025-03-03 — a period nobody decided for this letter.
    const h = setup({ linkFrom: '2025-02-08' });
    await h.mw.createClaim(claim);
    await h.run('2025-02-07');
    // Overnight the host deploys its new policy (the Mahnung's deadline now 21 days) and runs from 2025-02-08 on.
    h.redeploy(21);
    h.clock.date = '2025-02-08';
    await h.run('2025-02-10');
    const events = await h.events();
    const queued = ofType(events, 'message-queued').find((e) => e.stage === 'dunning-notice') as ClaimEventOf<'message-queued'>;
    // The booking records the period it decided with the deadline it gave (2025-02-06 + 14 = Thu 2025-02-20).
    expect([queued.date, queued.deadline, queued.deadlineDays]).toEqual(['2025-02-06', '2025-02-20', 14]);
    const mahnung = h.sent.find((m) => m.stage === 'dunning-notice') as OutgoingMessage;
    expect(mahnung.date).toBe('2025-02-08');
    expect(deadlineLines(mahnung)[0]).toBe('Bitte zahlen Sie den offenen Betrag bis zum 24.02.2025.');
    const send = ofType(events, 'message-sent').find((e) => e.messageId === queued.messageId) as ClaimEventOf<'message-sent'>;
    expect([send.date, send.deadline]).toEqual(['2025-02-08', '2025-02-24']);
  });

  it('a message booked before the period was recorded (no deadlineDays) is read as before: the stage\'s days in the policy of the send day', async () => {
    // deadlineOnSend on such an event, the policy's 14 days: 2025-02-08 + 14 = Sat 2025-02-22 -> Mon 2025-02-24;
    // with 21 days in the policy (the only period there is for such an event): 2025-03-01 (Sat) -> Mon 2025-03-03.
    const old = { date: '2025-02-06' as IsoDate, stage: 'dunning-notice', deadline: '2025-02-20' as IsoDate };
    expect(stageDeadlineDays(loadPolicy(policy()), old.stage)).toBe(14);
    expect(deadlineOnSend(old, '2025-02-08', stageDeadlineDays(loadPolicy(policy()), old.stage), undefined)).toBe('2025-02-24');
    expect(deadlineOnSend(old, '2025-02-08', stageDeadlineDays(loadPolicy(policy('on-receipt', 21)), old.stage), undefined)).toBe('2025-03-03');
    // The stage gone from the policy (no days for it): the days from booking to the booked deadline (2025-02-06 -> 2025-02-20, 14).
    expect(stageDeadlineDays(loadPolicy(policy()), 'gone')).toBeUndefined();
    expect(deadlineOnSend(old, '2025-02-08', stageDeadlineDays(loadPolicy(policy()), 'gone'), undefined)).toBe('2025-02-24');
    // With the period recorded, the policy's days are not read.
    expect(deadlineOnSend({ ...old, deadlineDays: 14 }, '2025-02-08', stageDeadlineDays(loadPolicy(policy('on-receipt', 21)), old.stage), undefined)).toBe('2025-02-24');
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

describe("a message sent after the day it was booked: the renderer's check is asked again with what is sent (RenderCheck's promise at send time)", () => {
  /**
   * A host renderer whose render and check go through one validation (as RenderCheck asks): it writes
   * no letter while the host's configuration lacks the creditor's bank account — which the host
   * removes after the Mahnung was booked and before it goes out.
   */
  function hostRenderer(config: { iban?: string }) {
    const asked: { asOf: string; deadline: string | undefined; template: string }[] = [];
    const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
    const cannotWrite = (): string | null => (config.iban === undefined ? 'the creditor has no bank account in the host configuration (bank.iban); add it.' : null);
    const render = (input: Parameters<Renderer>[0]) => {
      const why = cannotWrite();
      if (why !== null) throw new Error(why);
      return plain(input);
    };
    const check = (input: Parameters<Renderer>[0]): string | null => {
      asked.push({ asOf: input.statement.asOf, deadline: input.deadline, template: input.template });
      return cannotWrite();
    };
    return { renderer: Object.assign(render, { check }) as Renderer, asked };
  }

  it('the check sees the send day (statement 2025-02-08, deadline 2025-02-24), not only the booking day (2025-02-06, 2025-02-20)', async () => {
    const { renderer, asked } = hostRenderer({ iban: 'DE02120300000000202051' });
    const h = setup({ linkFrom: '2025-02-08', render: renderer });
    await h.mw.createClaim(claim);
    await h.run('2025-02-08');
    expect(asked.filter((a) => a.template === 'dunning-notice')).toEqual([
      { asOf: '2025-02-06', deadline: '2025-02-20', template: 'dunning-notice' },
      // 2025-02-06 and 2025-02-07: the payment link failed after the check passed; 2025-02-08: sent.
      { asOf: '2025-02-06', deadline: '2025-02-20', template: 'dunning-notice' },
      { asOf: '2025-02-07', deadline: '2025-02-21', template: 'dunning-notice' },
      { asOf: '2025-02-08', deadline: '2025-02-24', template: 'dunning-notice' },
    ]);
  });

  it('a check that refuses at send fails the message with its reason (recorded, the run goes on), before a payment link is made', async () => {
    const config: { iban?: string } = { iban: 'DE02120300000000202051' };
    const { renderer } = hostRenderer(config);
    const h = setup({ linkFrom: '2025-02-07', render: renderer });
    await h.mw.createClaim(claim);
    // Booked on 2025-02-06 (the check passed), not sent that day (no payment link); the host drops the bank account on 2025-02-07.
    await h.run('2025-02-08', async (day) => {
      if (day === '2025-02-07') delete config.iban;
    });
    const events = await h.events();
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.channel, e.error, e.retryable])).toEqual([
      ['2025-02-07', 'letter', 'the renderer cannot write it on 2025-02-07: the creditor has no bank account in the host configuration (bank.iban); add it.', false],
    ]);
    expect(h.sent.filter((m) => m.stage === 'dunning-notice')).toEqual([]);
    expect(h.links.filter((k) => k.includes(':dunning-notice:'))).toEqual([]);
  });

  it('a claim paid in full between booking and send gets no dunning letter: the payment settles it, the dispatcher withdraws the message (§ 362 Abs. 1 BGB)', async () => {
    // What happened before this change already, kept as a specification: recordPayment books `settled`
    // with the payment, and the dispatcher fails a message of a closed claim without sending it.
    const h = setup({ linkFrom: '2025-02-08' });
    await h.mw.createClaim(claim);
    await h.run('2025-02-10', async (day) => {
      // 500.00 is all that is owed on 2025-02-07: not in default yet (the Mahnung was never received), no fees in this policy.
      if (day === '2025-02-07') await h.mw.recordPayment({ claimId: 'INV-9', amount: '500.00', date: day });
    });
    const events = await h.events();
    expect(ofType(events, 'settled').map((e) => e.date)).toEqual(['2025-02-07']);
    expect(ofType(events, 'message-failed').map((e) => [e.date, e.messageId, e.error])).toEqual([['2025-02-07', 'INV-9:msg:dunning-notice:1', 'not sent: the claim is settled']]);
    expect(h.sent.map((m) => m.stage)).toEqual(['reminder']);
  });
});

describe('a retry after an attempt whose outcome is unknown hands over the same content under the same key (a channel that delivered the first deduplicates the second)', () => {
  /**
   * A letter provider that accepts the Mahnung on its first call and then loses the connection (the
   * dispatcher cannot know it was delivered), and deduplicates by idempotency key as providers do: a
   * second call with the same key delivers nothing new.
   */
  function flakyLetter(lost = 1, after?: Error) {
    const calls: OutgoingMessage[] = [];
    const delivered = new Map<string, OutgoingMessage>();
    const channel: Channel = {
      specificationVersion: 'v1',
      name: 'letter',
      canReach: (to) => to.address !== undefined,
      send(message, options) {
        calls.push(message);
        const first = !delivered.has(options.idempotencyKey);
        if (first) delivered.set(options.idempotencyKey, message);
        const n = calls.filter((m) => m.id === message.id).length;
        if (message.stage === 'dunning-notice' && n <= lost) return Promise.reject(new Error('connection reset after the request was sent'));
        if (message.stage === 'dunning-notice' && after !== undefined) return Promise.reject(after);
        return Promise.resolve({ providerMessageId: `letter:${options.idempotencyKey}` });
      },
    };
    return { channel, calls, delivered };
  }

  /** The host's renderer: plain text with the claim's description as the letter's subject line (as the templates print it). */
  function describingRenderer(config: { footer: string }): Renderer {
    const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
    return (input) => {
      const out = plain(input) as { subject: string; text: string };
      return { subject: out.subject, text: `Betreff: ${input.claim.description ?? '-'}\n${out.text}\n${config.footer}` };
    };
  }

  function setupFlaky(config: { footer: string }, lost = 1, after?: Error) {
    const letter = flakyLetter(lost, after);
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const mw = createMahnwerk({ store: memoryStore(), clock, channels: [letter.channel], policy: policy(), render: describingRenderer(config) });
    const run = async (to: IsoDate, after?: (day: IsoDate) => Promise<void>): Promise<void> => {
      for (let day = clock.date; day <= to; day = addDays(day, 1)) {
        clock.date = day;
        await mw.runDue();
        await after?.(day);
      }
    };
    return { mw, letter, run, events: async () => (await mw.history('INV-9')).map((e) => e.event) };
  }

  const described = { ...claim, description: 'Bestellung 4711: Gartenstuhl' };

  it('corrected facts after the unknown attempt: the retry hands over what the first attempt did (old description, 2025-02-06, deadline 20.02.2025); both attempts record the same content hash', async () => {
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' });
    await h.mw.createClaim(described);
    await h.run('2025-02-28', async (day) => {
      // After the Mahnung's first attempt (outcome unknown), the creditor corrects the description.
      if (day === '2025-02-06') await h.mw.correctClaimFacts({ claimId: 'INV-9', description: 'Bestellung 4711: Gartentisch', reason: 'Tippfehler in der Bestellung' });
    });
    const mahnungen = h.letter.calls.filter((m) => m.stage === 'dunning-notice');
    expect(mahnungen).toHaveLength(2);
    // The same message under the same key: what the debtor has (if the first went out) is what the retry records.
    expect(mahnungen[1]).toEqual(mahnungen[0]);
    expect(mahnungen[0]?.date).toBe('2025-02-06');
    expect(mahnungen[0]?.text).toContain('Betreff: Bestellung 4711: Gartenstuhl');
    expect(deadlineLines(mahnungen[0] as OutgoingMessage)[0]).toBe('Bitte zahlen Sie den offenen Betrag bis zum 20.02.2025.');
    const events = await h.events();
    const unknown = ofType(events, 'message-attempt-unknown');
    expect(unknown.map((e) => [e.date, e.messageId, e.channel, e.error])).toEqual([['2025-02-06', 'INV-9:msg:dunning-notice:1', 'letter', 'connection reset after the request was sent']]);
    expect(unknown[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const sent = ofType(events, 'message-sent').find((e) => e.messageId === 'INV-9:msg:dunning-notice:1') as ClaimEventOf<'message-sent'>;
    expect(sent.date).toBe('2025-02-07');
    expect(sent.contentHash).toBe(unknown[0]?.contentHash);
    // The deadline the letter printed is the booked one (sent as of its booking day): none recorded, the final notice after 2025-02-20.
    expect(sent).not.toHaveProperty('deadline');
    expect(ofType(events, 'stage-entered').map((e) => [e.stage, e.date])).toContainEqual(['final-notice', '2025-02-21']);
    // Messages sent without an unknown attempt before them carry no hash (as simulate records them).
    expect(ofType(events, 'message-sent').filter((e) => e.contentHash !== undefined).map((e) => e.messageId)).toEqual(['INV-9:msg:dunning-notice:1']);
  });

  it('content that differs from the unknown attempt (the host changed its renderer meanwhile) is not handed over under the same key: the message fails as one that may have gone', async () => {
    const config = { footer: 'Beispiel GmbH · Musterweg 1' };
    const h = setupFlaky(config);
    await h.mw.createClaim(described);
    await h.run('2025-02-08', async (day) => {
      if (day === '2025-02-06') config.footer = 'Beispiel GmbH · Neue Straße 2';
    });
    expect(h.letter.calls.filter((m) => m.stage === 'dunning-notice')).toHaveLength(1);
    const events = await h.events();
    const unknown = ofType(events, 'message-attempt-unknown')[0] as ClaimEventOf<'message-attempt-unknown'>;
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.channel, e.retryable])).toEqual([['2025-02-07', 'letter', false]]);
    expect(failed[0]?.error).toContain(`not handed to letter again: the attempt of 2025-02-06, whose outcome is unknown, handed over content ${unknown.contentHash.slice(0, 12)}…`);
    expect(ofType(events, 'message-sent').map((e) => e.messageId)).toEqual(['INV-9:msg:reminder:1']);
  });

  /**
   * The SHA-256 of a message as handed to a channel, worked out here independently of the engine's
   * messageContentHash: JSON with every object's keys sorted (undefined members left out) — what
   * canonical JSON is for messages without numbers and without attachments (the plain-text renderer
   * makes none).
   */
  const sortedJson = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(sortedJson).join(',')}]`
      : v !== null && typeof v === 'object'
        ? `{${Object.keys(v)
            .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`)
            .join(',')}}`
        : JSON.stringify(v);
  const sha256Of = (m: OutgoingMessage): string => createHash('sha256').update(sortedJson(m), 'utf8').digest('hex');

  it('every attempt unknown until the retries run out: the message-failed that ends it records the hash of what was handed over (what may have reached the debtor), its reason says so', async () => {
    // maxAttempts 3 (default): attempts on Thu 2025-02-06, Fri 2025-02-07 and Sat 2025-02-08, each lost.
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' }, 99);
    await h.mw.createClaim(described);
    await h.run('2025-02-12');
    const mahnungen = h.letter.calls.filter((m) => m.stage === 'dunning-notice');
    expect(mahnungen.map((m) => m.date)).toEqual(['2025-02-06', '2025-02-06', '2025-02-06']);
    // All three handed over the same content (pinned to the first attempt's day and state).
    expect(mahnungen[2]).toEqual(mahnungen[0]);
    const handedOver = sha256Of(mahnungen[0] as OutgoingMessage);
    const events = await h.events();
    const unknown = ofType(events, 'message-attempt-unknown');
    expect(unknown.map((e) => [e.date, e.contentHash])).toEqual([
      ['2025-02-06', handedOver],
      ['2025-02-07', handedOver],
    ]);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.channel, e.error, e.retryable, e.contentHash])).toEqual([
      ['2025-02-08', 'letter', 'connection reset after the request was sent', true, handedOver],
    ]);
    expect(failed[0]?.reason?.text).toBe(
      `Given up on letter: connection reset after the request was sent. It may have been delivered all the same (an attempt's outcome is unknown): what was handed over under its idempotency key has content hash ${handedOver}. No other channel is tried and its stage's fee stays; check with the provider what the debtor got.`,
    );
    expect(failed[0]?.reason?.inputs).toEqual({ contentHash: handedOver });
    expect(ofType(events, 'message-sent').map((e) => e.messageId)).toEqual(['INV-9:msg:reminder:1']);
  });

  it('content that differs from the unknown attempt: the message-failed records the hash of what that attempt handed over, not of the content it refused to hand over', async () => {
    const config = { footer: 'Beispiel GmbH · Musterweg 1' };
    const h = setupFlaky(config);
    await h.mw.createClaim(described);
    await h.run('2025-02-08', async (day) => {
      if (day === '2025-02-06') config.footer = 'Beispiel GmbH · Neue Straße 2';
    });
    const handedOver = sha256Of(h.letter.calls.find((m) => m.stage === 'dunning-notice') as OutgoingMessage);
    const events = await h.events();
    expect(ofType(events, 'message-attempt-unknown').map((e) => e.contentHash)).toEqual([handedOver]);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.contentHash])).toEqual([['2025-02-07', handedOver]]);
  });

  it('a claim paid in full after an attempt whose outcome is unknown: the withdrawal says the letter may have gone and records its hash', async () => {
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' }, 99);
    await h.mw.createClaim(described);
    await h.run('2025-02-08', async (day) => {
      // 500.00 is all that is owed: the Mahnung was booked on 2025-02-06 and may have been received; this policy charges no fees.
      if (day === '2025-02-06') await h.mw.recordPayment({ claimId: 'INV-9', amount: '500.00', date: day });
    });
    const handedOver = sha256Of(h.letter.calls.find((m) => m.stage === 'dunning-notice') as OutgoingMessage);
    const events = await h.events();
    expect(ofType(events, 'settled').map((e) => e.date)).toEqual(['2025-02-06']);
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.channel, e.error, e.contentHash])).toEqual([
      ['2025-02-07', 'letter', 'not sent again: the claim is settled; the attempt of 2025-02-06, whose outcome is unknown, may have delivered it', handedOver],
    ]);
    expect(failed[0]?.reason?.text).toBe(`Message withdrawn: the claim is settled. An earlier attempt on letter, whose outcome is unknown, may have delivered it: what was handed over has content hash ${handedOver}.`);
  });

  it('a definite failure on the retry after an attempt whose outcome is unknown: the message-failed still records the first attempt\'s hash (that attempt may have gone)', async () => {
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' }, 1, new MahnwerkError('adapter_failed', 'the print shop rejects the order: account suspended', { retryable: false }));
    await h.mw.createClaim(described);
    await h.run('2025-02-08');
    const mahnungen = h.letter.calls.filter((m) => m.stage === 'dunning-notice');
    expect(mahnungen).toHaveLength(2);
    const handedOver = sha256Of(mahnungen[0] as OutgoingMessage);
    const events = await h.events();
    const failed = ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(failed.map((e) => [e.date, e.retryable, e.contentHash])).toEqual([['2025-02-07', false, handedOver]]);
    expect(failed[0]?.error).toContain('account suspended');
  });

  it('the debtor opts out of the channel after an attempt whose outcome is unknown: the skip that ends the message records that attempt\'s hash', async () => {
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' }, 99);
    await h.mw.createClaim(described);
    await h.run('2025-02-08', async (day) => {
      if (day === '2025-02-06') await h.mw.recordDelivery({ claimId: 'INV-9', messageId: 'INV-9:msg:dunning-notice:1', channel: 'letter', status: 'opted-out' });
    });
    const mahnungen = h.letter.calls.filter((m) => m.stage === 'dunning-notice');
    expect(mahnungen).toHaveLength(1);
    const handedOver = sha256Of(mahnungen[0] as OutgoingMessage);
    const events = await h.events();
    const skipped = ofType(events, 'message-skipped').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1');
    expect(skipped.map((e) => [e.date, e.channel, e.skip, e.contentHash])).toEqual([['2025-02-07', 'letter', 'opted-out', handedOver]]);
    expect(skipped[0]?.reason?.text).toBe(
      `Given up on letter: not handed over again: the debtor opted out of letter on 2025-02-06. It may have been delivered all the same (an attempt's outcome is unknown): what was handed over under its idempotency key has content hash ${handedOver}. No other channel is tried and its stage's fee stays; check with the provider what the debtor got.`,
    );
    expect(ofType(events, 'message-failed').filter((e) => e.messageId === 'INV-9:msg:dunning-notice:1')).toEqual([]);
  });

  it('two attempts with unknown outcome, a correction between them: the third hands over what the first did (all three the same content, one hash)', async () => {
    const h = setupFlaky({ footer: 'Beispiel GmbH · Musterweg 1' }, 2);
    await h.mw.createClaim(described);
    await h.run('2025-02-10', async (day) => {
      if (day === '2025-02-07') await h.mw.correctClaimFacts({ claimId: 'INV-9', description: 'Bestellung 4711: Gartentisch', reason: 'Tippfehler in der Bestellung' });
    });
    const mahnungen = h.letter.calls.filter((m) => m.stage === 'dunning-notice');
    expect(mahnungen).toHaveLength(3);
    expect(mahnungen[1]).toEqual(mahnungen[0]);
    expect(mahnungen[2]).toEqual(mahnungen[0]);
    const events = await h.events();
    const hashes = new Set([...ofType(events, 'message-attempt-unknown').map((e) => e.contentHash), ...ofType(events, 'message-sent').flatMap((e) => (e.contentHash === undefined ? [] : [e.contentHash]))]);
    expect(ofType(events, 'message-attempt-unknown').map((e) => e.date)).toEqual(['2025-02-06', '2025-02-07']);
    expect(hashes.size).toBe(1);
    expect(ofType(events, 'message-sent').find((e) => e.messageId === 'INV-9:msg:dunning-notice:1')?.date).toBe('2025-02-08');
  });
});
