import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkInvariants,
  createMahnwerk,
  deB2cDefaultPolicy,
  MahnwerkError,
  verifyAudit,
  type Channel,
  type ClaimEvent,
  type ClaimFactsInput,
  type IsoDate,
  type Mahnwerk,
  type OutgoingMessage,
  type PaymentLinkRequest,
  type PaymentProvider,
  type PolicyInput,
  type RunDueResult,
} from '../../src/index.js';
import { memoryStore, type TestStore } from './memory-store.js';
import { rejected } from '../errors/caught.js';
import { parseInstant } from '../../src/calendar/instant.js';
import { quietUntil } from '../../src/engine/host-context.js';

interface TestClock {
  date: IsoDate;
  time: string;
  today(): IsoDate;
  now(): string;
}

function clockAt(date: IsoDate, time = '09:00'): TestClock {
  const c: TestClock = { date, time, today: () => c.date, now: () => `${c.date}T${c.time}:00+01:00` };
  return c;
}

interface RecordingChannel extends Channel {
  readonly sent: OutgoingMessage[];
  attempts: number;
}

function channel(name: string, fail?: (attempt: number) => MahnwerkError | null): RecordingChannel {
  const ch: RecordingChannel = {
    specificationVersion: 'v1',
    name,
    sent: [],
    attempts: 0,
    canReach: (to) => (name === 'email' ? to.email !== undefined : name === 'letter' ? to.address !== undefined : name === 'sms' ? to.phone !== undefined : true),
    send(message) {
      ch.attempts += 1;
      const error = fail?.(ch.attempts) ?? null;
      if (error !== null) return Promise.reject(error);
      if (!ch.sent.some((m) => m.id === message.id)) ch.sent.push(message);
      return Promise.resolve({ providerMessageId: `${name}-${message.id}` });
    },
  };
  return ch;
}

function payments(): PaymentProvider & { requests: PaymentLinkRequest[] } {
  const requests: PaymentLinkRequest[] = [];
  return {
    specificationVersion: 'v1',
    name: 'test-pay',
    requests,
    createPaymentLink(request) {
      requests.push(request);
      return Promise.resolve({ url: `https://pay.example/${encodeURIComponent(request.idempotencyKey)}`, id: request.idempotencyKey });
    },
    handleWebhook: () => Promise.resolve({ status: 'rejected', reason: 'bad-signature', message: 'this test provider takes no webhooks' }),
  };
}

const consumer = (over: Partial<ClaimFactsInput> = {}): ClaimFactsInput => ({
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-2025-001',
  ...over,
});

async function runDays(mw: Mahnwerk, clock: TestClock, from: IsoDate, to: IsoDate): Promise<RunDueResult[]> {
  const out: RunDueResult[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    clock.date = day;
    out.push(await mw.runDue());
  }
  return out;
}

function setup(options: { policy?: PolicyInput | 'auto'; letter?: RecordingChannel; email?: RecordingChannel; withPayments?: boolean; maxAttempts?: number } = {}) {
  const store: TestStore = memoryStore();
  const clock = clockAt('2025-01-02');
  const email = options.email ?? channel('email');
  const letter = options.letter ?? channel('letter');
  const pay = payments();
  const mw = createMahnwerk({
    store,
    clock,
    channels: [email, letter],
    policy: options.policy ?? 'auto',
    ...(options.withPayments === false ? {} : { payments: pay }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  return { store, clock, email, letter, pay, mw };
}

describe('createMahnwerk: commands validate before they write', () => {
  it('createClaim: a bad field is a ValidationError naming it, and nothing is written', async () => {
    const { store, mw } = setup();
    const cases: [ClaimFactsInput, string][] = [
      [consumer({ debtor: { id: 'D-1', kind: 'consumer', name: 'E', email: 'not-an-email' } }), 'facts.debtor.email'],
      [consumer({ principal: '12,50' }), 'facts.principal'],
      [consumer({ principal: '0.00' }), 'facts.principal'],
      [consumer({ principal: '10.001' }), 'facts.principal'],
      [consumer({ dueDate: '2024-12-31' }), 'facts.dueDate'],
      [consumer({ invoiceDate: '2025-02-30' }), 'facts.invoiceDate'],
      [consumer({ currency: 'XXX' }), 'facts.currency'],
      [{ ...consumer(), extra: 1 } as unknown as ClaimFactsInput, 'facts'],
    ];
    for (const [input, field] of cases) {
      const error = await rejected(mw.createClaim(input));
      expect([error.code, error.field]).toEqual(['invalid_input', field]);
      expect(error.message.startsWith(`${field}:`)).toBe(true);
    }
    expect(store.writes()).toBe(0);
  });

  it('recordPayment: unknown claim → claim_not_found; a future date, a zero amount, too many decimals → refused before any write', async () => {
    const { store, mw } = setup();
    await mw.createClaim(consumer());
    const before = store.writes();
    expect((await rejected(mw.recordPayment({ claimId: 'nope', amount: '10.00' }))).code).toBe('claim_not_found');
    expect((await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '10.00', date: '2025-01-03' }))).field).toBe('date');
    expect((await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '0' }))).field).toBe('amount');
    expect((await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '10.001' }))).field).toBe('amount');
    expect((await rejected(mw.placeHold({ claimId: 'INV-1', note: '', interestRuns: true }))).field).toBe('note');
    expect((await rejected(mw.resolveDispute({ claimId: 'INV-1', disputeId: 'x', outcome: 'partial' }))).field).toBe('disputeId');
    expect((await rejected(mw.recordPayment({ claimId: 'INV-1', amount: '10.00' }, { idempotencyKey: '' }))).field).toBe('options.idempotencyKey');
    expect(store.writes()).toBe(before);
  });
});

describe('createMahnwerk: idempotency keys', () => {
  it('the same key returns the first result and writes nothing; a taken id without a key is claim_exists; a key reused for another claim is idempotency_mismatch (issue 7), never a replay', async () => {
    const { store, mw } = setup();
    const first = await mw.createClaim(consumer(), { idempotencyKey: 'create-INV-1' });
    expect(first).toMatchObject({ claimId: 'INV-1', version: 1, replayed: false });
    const again = await mw.createClaim(consumer(), { idempotencyKey: 'create-INV-1' });
    expect(again).toMatchObject({ claimId: 'INV-1', version: 1, replayed: true });
    expect(again.events).toEqual(first.events);
    expect(store.writes()).toBe(1);
    expect((await rejected(mw.createClaim(consumer()))).code).toBe('claim_exists');
    expect((await rejected(mw.createClaim(consumer({ id: 'INV-2' }), { idempotencyKey: 'create-INV-1' }))).code).toBe('idempotency_mismatch');
    expect(store.writes()).toBe(1);
  });

  it('recordPayment twice with one key records one payment (§ 367 BGB allocation once); a known paymentId is not recorded again', async () => {
    const { store, clock, mw } = setup();
    await mw.createClaim(consumer());
    clock.date = '2025-01-20';
    const a = await mw.recordPayment({ claimId: 'INV-1', amount: '100.00', paymentId: 'bank-1' }, { idempotencyKey: 'pay-1' });
    const b = await mw.recordPayment({ claimId: 'INV-1', amount: '100.00', paymentId: 'bank-1' }, { idempotencyKey: 'pay-1' });
    const c = await mw.recordPayment({ claimId: 'INV-1', amount: '100.00', paymentId: 'bank-1' });
    expect([a.replayed, b.replayed, c.replayed]).toEqual([false, true, true]);
    expect(b.events).toEqual(a.events);
    expect(a.events[0]).toMatchObject({ type: 'payment-received', paymentId: 'bank-1', idempotencyKey: 'pay-1', allocation: { principal: '100.00' } });
    const state = await mw.claim('INV-1');
    expect(state.payments).toHaveLength(1);
    expect(store.writes()).toBe(2);
  });
});

describe('createMahnwerk: runDue end to end (de-b2c-default via policy "auto")', () => {
  it('decides due claims, sends through the channels with payment links, records message-sent, and the audit chain verifies', async () => {
    const { store, clock, mw, email, letter, pay } = setup();
    await mw.createClaim(consumer(), { idempotencyKey: 'c1' });
    const runs = await runDays(mw, clock, '2025-01-02', '2025-03-01');
    const events = runs.flatMap((r) => [...r.events]);
    const lines = events.map((e) => `${e.date} ${e.type}${'stage' in e ? ` ${e.stage}` : ''}${'channel' in e ? ` ${e.channel}` : ''}`);
    expect(lines).toEqual([
      '2025-01-23 stage-entered reminder',
      '2025-01-23 message-queued reminder email',
      '2025-01-23 message-sent email',
      '2025-02-06 stage-entered dunning-notice',
      '2025-02-06 message-queued dunning-notice letter',
      '2025-02-06 message-sent letter',
      '2025-02-10 default-began',
      '2025-02-27 stage-entered final-notice',
      '2025-02-27 fee-charged',
      '2025-02-27 message-queued final-notice letter',
      '2025-02-27 message-sent letter',
    ]);
    expect(email.sent.map((m) => m.id)).toEqual(['INV-1:msg:reminder:1']);
    expect(letter.sent.map((m) => m.id)).toEqual(['INV-1:msg:dunning-notice:1', 'INV-1:msg:final-notice:1']);
    // one payment link per message, keyed by the message id; the open balance as amount
    expect(pay.requests.map((r) => [r.idempotencyKey, r.amount, r.reference])).toEqual([
      ['INV-1:msg:reminder:1', '1000.00', 'RE-2025-001'],
      ['INV-1:msg:dunning-notice:1', '1000.00', 'RE-2025-001'],
      // 2025-02-27: 1000 + interest 02-10..02-27 (18 days × 7.27 % = 3.59) + creditor fee 1.00
      ['INV-1:msg:final-notice:1', '1004.59', 'RE-2025-001'],
    ]);
    const final = letter.sent[1];
    expect(final?.subject).toBe('Letzte Mahnung: RE-2025-001');
    expect(final?.text).toContain('1.004,59');
    expect(final?.text).toContain('https://pay.example/INV-1%3Amsg%3Afinal-notice%3A1');
    expect(final?.text).toContain('10.03.2025');
    // the outbox is delivered exactly once
    expect(store.outbox().map((m) => [m.id, m.status])).toEqual([
      ['INV-1:msg:reminder:1', 'sent'],
      ['INV-1:msg:dunning-notice:1', 'sent'],
      ['INV-1:msg:final-notice:1', 'sent'],
    ]);
    // the audit chain verifies (anchored at the stored version) and the ledger breaks no guard
    expect(await mw.verify('INV-1')).toMatchObject({ ok: true, length: 12 });
    const history = await mw.history('INV-1');
    expect(verifyAudit(history).ok).toBe(true);
    expect(checkInvariants(history.map((h) => h.event), deB2cDefaultPolicy)).toEqual([]);
    // statement as of 2025-02-27: interest itemized with its basis
    const st = await mw.statement('INV-1', '2025-02-27');
    expect(st.total.amount.toFixed(2)).toBe('1004.59');
    expect(runs.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('a full payment settles the claim on the next run; the claim then needs no review', async () => {
    const { store, clock, mw } = setup();
    await mw.createClaim(consumer());
    await runDays(mw, clock, '2025-01-02', '2025-01-24');
    await mw.recordPayment({ claimId: 'INV-1', amount: '1000.00', paymentId: 'bank-9' });
    const run = await mw.runDue();
    expect(run.events.map((e) => `${e.date} ${e.type}`)).toEqual(['2025-01-24 settled']);
    expect((await store.load('INV-1'))?.nextReviewAt).toBeNull();
    clock.date = '2025-03-01';
    expect((await mw.runDue()).decided).toBe(0);
  });
});

describe('createMahnwerk: delivery', () => {
  it('a channel failing for good falls back to the stage fallback channel: message-failed, then message-sent by the fallback', async () => {
    const broken = channel('letter', () => new MahnwerkError('adapter_failed', 'printer on fire', { retryable: false }));
    const { clock, mw, email } = setup({ letter: broken });
    await mw.createClaim(consumer());
    const runs = await runDays(mw, clock, '2025-01-02', '2025-02-06');
    const ev = runs.flatMap((r) => [...r.events]).filter((e) => e.type === 'message-failed' || e.type === 'message-sent');
    expect(ev.map((e) => `${e.type} ${'channel' in e ? e.channel : ''}`)).toEqual(['message-sent email', 'message-failed letter', 'message-sent email']);
    expect(ev[1]).toMatchObject({ error: 'printer on fire', retryable: false });
    expect(email.sent.map((m) => m.id)).toEqual(['INV-1:msg:reminder:1', 'INV-1:msg:dunning-notice:1']);
    // the dunning notice went by e-mail: received the next day (02-07), default from 02-08
    const state = await mw.claim('INV-1');
    clock.date = '2025-02-08';
    await mw.runDue();
    expect((await mw.claim('INV-1')).defaultBegan).toBe('2025-02-08');
    expect(state.messages).toHaveLength(2);
  });

  it('a retryable failure leaves the message pending; the next dispatch delivers it once', async () => {
    const flaky = channel('email', (n) => (n === 1 ? new MahnwerkError('adapter_failed', 'timeout', { retryable: true }) : null));
    const { store, clock, mw } = setup({ email: flaky });
    await mw.createClaim(consumer());
    clock.date = '2025-01-23';
    const first = await mw.runDue();
    expect(first.sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    const second = await mw.dispatch();
    expect(second).toMatchObject({ sent: 1, failed: 0 });
    expect(flaky.sent).toHaveLength(1);
    expect(store.outbox()[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('quiet hours (20:00–08:00) become the outbox notBefore: a run at 21:00 sends the next morning', async () => {
    const { store, clock, mw, email } = setup();
    await mw.createClaim(consumer());
    clock.date = '2025-01-23';
    clock.time = '21:00';
    const late = await mw.runDue();
    expect(late.sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ notBefore: '2025-01-24T08:00:00+01:00', status: 'pending' });
    clock.date = '2025-01-24';
    clock.time = '07:59';
    expect((await mw.dispatch()).sent).toBe(0);
    clock.time = '08:00';
    const morning = await mw.dispatch();
    expect(morning.sent).toBe(1);
    expect(morning.events[0]).toMatchObject({ type: 'message-sent', date: '2025-01-24' });
    expect(email.sent).toHaveLength(1);
  });
});

describe('createMahnwerk: quiet hours are the hours the message is sent in, whatever business day the run is for', () => {
  // The rule (quietUntil, docs/engine.md "Quiet hours"): quiet hours and a channel's allowedHours are
  // checked at the clock's instant of the send — a run for an earlier business day (a missed run caught
  // up) sends now, so the hours of now count, not those of the day the run is for.

  it('a catch-up run at 23:30 on 2025-01-24 for the business day 2025-01-23 sends no e-mail at night: the reminder waits for 08:00 on the next dispatch', async () => {
    // Before: quiet hours were checked only when the clock's date was the run's day, so a run for an
    // earlier day (a missed run caught up late in the evening) e-mailed the debtor at 23:30 — a contact in the
    // policy's quiet hours (20:00–08:00 by default), at the real instant of the send.
    const { store, clock, mw, email } = setup();
    await mw.createClaim(consumer());
    clock.date = '2025-01-24';
    clock.time = '23:30';
    const late = await mw.runDue('2025-01-23');
    expect(late.sent).toBe(0);
    expect(email.sent).toHaveLength(0);
    // 23:30 is in 20:00–08:00; the quiet hours end at the next 08:00: 23:30 is past 08:00, so the next day,
    // 2025-01-25 (a Saturday — no rest day for e-mail), in the clock's offset +01:00.
    expect(store.outbox()[0]).toMatchObject({ date: '2025-01-23', status: 'pending', notBefore: '2025-01-25T08:00:00+01:00' });
    clock.date = '2025-01-25';
    clock.time = '07:59';
    expect((await mw.dispatch()).sent).toBe(0);
    clock.time = '08:00';
    const morning = await mw.dispatch();
    expect(morning.sent).toBe(1);
    expect(morning.events[0]).toMatchObject({ type: 'message-sent', date: '2025-01-25' });
  });

  it('a dispatcher run at 23:30 on 2025-01-24 for the business day 2025-01-23 does not retry a pending e-mail at night', async () => {
    // The reminder was queued at 09:00 on 2025-01-23 (outside the quiet hours: no notBefore) and its
    // first attempt failed (retryable), so it waits in the outbox. Before: the dispatcher checked the
    // quiet hours only when the clock's date was the dispatch's day, so dispatch('2025-01-23') at 23:30
    // the next day sent it at night.
    const email = channel('email', (n) => (n === 1 ? new MahnwerkError('adapter_failed', 'timeout', { retryable: true }) : null));
    const { store, clock, mw } = setup({ email });
    await mw.createClaim(consumer());
    clock.date = '2025-01-23';
    expect((await mw.runDue()).sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(store.outbox()[0]).not.toHaveProperty('notBefore');
    clock.date = '2025-01-24';
    clock.time = '23:30';
    expect((await mw.dispatch('2025-01-23')).sent).toBe(0);
    expect(email.sent).toHaveLength(0);
    clock.date = '2025-01-25';
    clock.time = '08:00';
    expect((await mw.dispatch()).sent).toBe(1);
    expect(email.sent).toHaveLength(1);
  });

  it('a catch-up run in the daytime (10:00 on 2025-01-24 for 2025-01-23) sends at once, and the e-mail is dated the run\'s business day, 2025-01-23', async () => {
    // 10:00 is outside 20:00–08:00: nothing to wait for. The dispatcher of runDue(D) sends for the
    // business day D: the message, its statement and the message-sent event carry D, not the clock's date.
    const { store, clock, mw, email } = setup();
    await mw.createClaim(consumer());
    clock.date = '2025-01-24';
    clock.time = '10:00';
    const run = await mw.runDue('2025-01-23');
    expect(run.sent).toBe(1);
    expect(store.outbox()[0]).not.toHaveProperty('notBefore');
    expect(email.sent[0]?.date).toBe('2025-01-23');
    expect(run.events.find((e) => e.type === 'message-sent')).toMatchObject({ date: '2025-01-23' });
  });

  it('a channel\'s allowedHours (11:00–18:00) are those of the send too: a catch-up run at 10:00 on 2025-01-24 for 2025-01-23 waits until 11:00', async () => {
    // Before: allowedHours, like quiet hours, were checked only when the clock's date was the run's day,
    // so this run sent at 10:00, an hour before the channel's first allowed hour.
    const email = channel('email');
    const hoursEmail = Object.assign(email, { capabilities: { attachments: false, needsConsent: false, allowedHours: { from: '11:00', to: '18:00' } } });
    const { store, clock, mw } = setup({ email: hoursEmail });
    await mw.createClaim(consumer());
    clock.date = '2025-01-24';
    clock.time = '10:00';
    const early = await mw.runDue('2025-01-23');
    expect(early.sent).toBe(0);
    expect(email.sent).toHaveLength(0);
    // 10:00 is outside 11:00–18:00, which begin again at 11:00 the same day (10:00 < 11:00).
    expect(store.outbox()[0]).toMatchObject({ date: '2025-01-23', status: 'pending', notBefore: '2025-01-24T11:00:00+01:00' });
    clock.time = '11:00';
    expect((await mw.dispatch()).sent).toBe(1);
    expect(email.sent).toHaveLength(1);
  });
});

describe('quietUntil: the one rule of quiet hours (dispatcher and outbox notBefore)', () => {
  const at = (date: IsoDate, time: string) => parseInstant(`${date}T${time}:00+01:00`);
  const limits = { quietFrom: '20:00', quietTo: '08:00' };

  it('the policy\'s quiet hours hold for e-mail, SMS and WhatsApp, not for a letter', () => {
    expect(quietUntil('email', at('2025-01-24', '23:30'), limits, undefined)).toEqual({ date: '2025-01-25', time: '08:00' });
    expect(quietUntil('sms', at('2025-01-24', '07:59'), limits, undefined)).toEqual({ date: '2025-01-24', time: '08:00' });
    expect(quietUntil('whatsapp', at('2025-01-24', '20:00'), limits, undefined)).toEqual({ date: '2025-01-25', time: '08:00' });
    expect(quietUntil('email', at('2025-01-24', '08:00'), limits, undefined)).toBeNull();
    expect(quietUntil('email', at('2025-01-24', '19:59'), limits, undefined)).toBeNull();
    expect(quietUntil('letter', at('2025-01-24', '23:30'), limits, undefined)).toBeNull();
  });

  it('a channel\'s allowedHours hold on any channel; where both apply the later end counts', () => {
    const hours = { from: '09:00', to: '18:00' };
    // A letter channel with hours: 18:30 is past 18:00, so the next 09:00, tomorrow.
    expect(quietUntil('letter', at('2025-01-24', '18:30'), limits, hours)).toEqual({ date: '2025-01-25', time: '09:00' });
    // 07:00: the policy's quiet hours end at 08:00, the channel's hours begin at 09:00 — 09:00.
    expect(quietUntil('email', at('2025-01-24', '07:00'), limits, hours)).toEqual({ date: '2025-01-24', time: '09:00' });
    // 08:30: out of the quiet hours, not yet in the channel's — 09:00.
    expect(quietUntil('email', at('2025-01-24', '08:30'), limits, hours)).toEqual({ date: '2025-01-24', time: '09:00' });
    // 23:00: both — tomorrow 08:00 and tomorrow 09:00: the later, 09:00.
    expect(quietUntil('email', at('2025-01-24', '23:00'), limits, hours)).toEqual({ date: '2025-01-25', time: '09:00' });
    expect(quietUntil('email', at('2025-01-24', '09:00'), limits, hours)).toBeNull();
  });
});

describe('createMahnwerk: contact limit across two claims of the same debtor', () => {
  const twoMessages: PolicyInput = {
    id: 'two-messages',
    version: 1,
    name: 'reminder by e-mail and letter',
    debtorKind: 'consumer',
    stages: [
      {
        id: 'reminder',
        name: 'Zahlungserinnerung',
        kind: 'reminder',
        trigger: { after: 'due-date', days: 7 },
        actions: [
          { type: 'send', channel: 'email', template: 'reminder' },
          { type: 'send', channel: 'letter', template: 'reminder' },
        ],
      },
    ],
  };

  it('guard.contact-limit (2 per 7 days): claim B’s reminder waits until claim A’s two messages leave the window', async () => {
    const { clock, mw } = setup({ policy: twoMessages });
    await mw.createClaim(consumer({ id: 'A', dueDate: '2025-01-16' }));
    await mw.createClaim(consumer({ id: 'B', dueDate: '2025-01-18' }));
    const runs = await runDays(mw, clock, '2025-01-02', '2025-02-05');
    const stages = runs.flatMap((r) => r.events.filter((e): e is Extract<ClaimEvent, { type: 'stage-entered' }> => e.type === 'stage-entered')).map((e) => `${e.date} ${e.claimId}`);
    // A: due 01-16 + 7 = 01-23 (2 messages). B: due 01-18 + 7 = 01-25, window 01-19..01-25 already
    // holds A's 2 messages → waits until 01-30 (A's messages of 01-23 leave the window).
    expect(stages).toEqual(['2025-01-23 A', '2025-01-30 B']);
    const blocked = runs.flatMap((r) => r.blocked.map((b) => `${r.date} ${b.claimId} ${b.reason.rule} ${b.reason.until ?? ''}`));
    expect(blocked).toEqual(['2025-01-25 B guard.contact-limit 2025-01-30']);
    const all = [...(await mw.history('A')), ...(await mw.history('B'))].map((h) => h.event);
    expect(checkInvariants(all)).toEqual([]);
  });
});

describe('createMahnwerk: policy option', () => {
  it('refuses an unknown built-in id and an unlawful policy at construction', () => {
    const store = memoryStore();
    const clock = clockAt('2025-01-02');
    expect(() => createMahnwerk({ store, clock, policy: 'nope' as 'auto' })).toThrow(/not a built-in policy/);
    const unlawful: PolicyInput = {
      id: 'x',
      version: 1,
      name: 'x',
      debtorKind: 'consumer',
      stages: [{ id: 'r', name: 'r', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'charge-flat-fee' }] }],
    };
    try {
      createMahnwerk({ store, clock, policy: unlawful });
      expect.unreachable();
    } catch (error) {
      expect(MahnwerkError.isInstance(error) && error.code).toBe('policy_invalid');
    }
  });

  it('"auto" picks de-b2b-default for a business debtor (flat fee on the final notice)', async () => {
    const { clock, mw } = setup();
    await mw.createClaim(consumer({ debtor: { id: 'D-2', kind: 'business', name: 'Muster GmbH', email: 'ap@muster.example', address: ['Hafenstr. 2', '20457 Hamburg'] }, dueDateIsCalendarDate: true }));
    const runs = await runDays(mw, clock, '2025-01-02', '2025-02-27');
    const fees = runs.flatMap((r) => r.events.filter((e): e is Extract<ClaimEvent, { type: 'fee-charged' }> => e.type === 'fee-charged'));
    expect(fees.map((f) => [f.date, f.kind, f.amount, f.policy])).toEqual([['2025-02-27', 'flat-fee', '40.00', 'de-b2b-default@4']]);
  });
});
