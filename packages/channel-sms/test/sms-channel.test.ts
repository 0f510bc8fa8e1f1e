import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMahnwerk, type ClaimFactsInput, type IsoDate, type OutgoingMessage, type PolicyInput } from '@mahnwerk/core';
import { createMemoryClaimStore, createVirtualClock } from '@mahnwerk/testing';
import { testChannel } from '@mahnwerk/testing/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSmsChannel, parseStatusCallback, verifyTwilioSignature, type SmsChannelOptions } from '../src/index.js';

const sid = 'AC0123456789abcdef0123456789abcdef';
const token = 'test-auth-token-0123';

interface Request {
  readonly form: URLSearchParams;
  readonly status: number;
}

/**
 * A local server that checks each request as Twilio's Messages API would: the path with the
 * account SID, Basic auth, a form-encoded body with To, From (or MessagingServiceSid) and Body (or
 * ContentSid + JSON ContentVariables); numbers +1500555000N answer with Twilio's error codes.
 */
let server: Server;
let base = '';
const requests: Request[] = [];
beforeAll(async () => {
  let n = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const reply = (status: number, body: object): void => {
        requests.push({ form, status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${sid}/Messages.json`) return reply(404, { code: 20404, message: 'The requested resource was not found' });
      if (req.headers.authorization !== `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`) return reply(401, { code: 20003, message: 'Authenticate' });
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return reply(400, { code: 21000, message: 'form-encoded only' });
      const to = form.get('To') ?? '';
      const hasSender = form.has('From') || form.has('MessagingServiceSid');
      const hasContent = form.has('Body') || (form.has('ContentSid') && JSON.parse(form.get('ContentVariables') ?? 'null') !== null);
      if (!hasSender || !hasContent || !/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(to)) return reply(400, { code: 21604, message: 'A To, From and Body are required' });
      if (form.get('From') === '+4930999999') return reply(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      if (to.endsWith('+15005550001')) return reply(400, { code: 21211, message: "The 'To' number is not a valid phone number." });
      if (to.endsWith('+15005550009')) return reply(400, { code: 21614, message: "'To' number is not a valid mobile number" });
      if (to.endsWith('+15005550002')) return reply(429, { code: 20429, message: 'Too Many Requests' });
      n += 1;
      return reply(201, { sid: `SM${String(n).padStart(32, '0')}`, status: 'queued' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = (over: Partial<SmsChannelOptions> = {}): SmsChannelOptions => ({
  baseUrl: base,
  accountSid: sid,
  authToken: token,
  from: '+4930123456',
  statusCallbackUrl: 'https://shop.example/hooks/sms',
  ...over,
});
/** Requests the provider accepted for an idempotency key (it travels in the StatusCallback URL). */
const accepted = (key: string): Request[] => requests.filter((r) => r.status === 201 && new URL(r.form.get('StatusCallback') ?? 'x:/').searchParams.get('messageId') === key);

testChannel('sms over a Twilio-shaped API', () => createSmsChannel(options()), {
  deliveries: (_c, key) => accepted(key).length,
  received: (_c, key) => accepted(key).map((r) => r.form.toString()).join('\n'),
  failing: () => createSmsChannel(options({ baseUrl: base.replace(/:\d+$/, ':1') })),
  // the recipient sent STOP to this sender: Twilio refuses with 21610
  bouncing: () => createSmsChannel(options({ from: '+4930999999' })),
  recipient: { name: 'Erika Mustermann', phone: '+4915123456789' },
});

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 'RE-1:msg:reminder:1',
  claimId: 'RE-1',
  channel: 'sms',
  to: { name: 'Erika Mustermann', phone: '+4915123456789', consented: true },
  subject: 'Zahlungserinnerung',
  text: 'Bitte zahlen Sie 12,50 EUR.',
  locale: 'de',
  stage: 'reminder',
  ...over,
});
let k = 0;
const send = (over: Partial<OutgoingMessage> = {}, o: Partial<SmsChannelOptions> = {}) => createSmsChannel(options(o)).send(message(over), { idempotencyKey: `sms-${++k}` });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { code: string; retryable: boolean; bounced: boolean; message: string });

describe('createSmsChannel: the request', () => {
  it('POSTs To, From, Body and a StatusCallback carrying claimId and messageId', async () => {
    const receipt = await createSmsChannel(options()).send(message(), { idempotencyKey: 'req-1' });
    expect(receipt.providerMessageId).toMatch(/^SM\d{32}$/);
    const [r] = accepted('req-1');
    expect(Object.fromEntries(r?.form ?? [])).toEqual({
      To: '+4915123456789',
      From: '+4930123456',
      Body: 'Bitte zahlen Sie 12,50 EUR.',
      StatusCallback: 'https://shop.example/hooks/sms?claimId=RE-1&messageId=req-1',
    });
  });

  it('WhatsApp: whatsapp: addresses and the stage template with its variables; a stage without a template is refused', async () => {
    const wa = createSmsChannel(
      options({ kind: 'whatsapp', templates: { reminder: { contentSid: 'HX0123456789abcdef0123456789abcdef', variables: (m) => ({ '1': m.to.name, '2': m.claimId }) } } }),
    );
    expect(wa.name).toBe('whatsapp');
    await wa.send(message({ channel: 'whatsapp' }), { idempotencyKey: 'wa-1' });
    expect(Object.fromEntries(accepted('wa-1')[0]?.form ?? [])).toMatchObject({
      To: 'whatsapp:+4915123456789',
      From: 'whatsapp:+4930123456',
      ContentSid: 'HX0123456789abcdef0123456789abcdef',
      ContentVariables: '{"1":"Erika Mustermann","2":"RE-1"}',
    });
    const none = await failure(wa.send(message({ channel: 'whatsapp', stage: 'dunning-notice' }), { idempotencyKey: 'wa-2' }));
    expect(none).toMatchObject({ code: 'adapter_failed', retryable: false });
    expect(accepted('wa-2')).toHaveLength(0);
  });
});

describe('createSmsChannel: segment budget (GSM 03.38: 160/153 septets, extension characters count 2; UCS-2 70/67)', () => {
  const gsm = (n: number): string => 'a'.repeat(n);
  it.each([
    ['160 GSM-7 letters: one part, sent with budget 1', gsm(160), 1, true],
    ['161 GSM-7 letters: two parts (153 + 8), refused with budget 1', gsm(161), 1, false],
    ['306 letters: two parts, sent with budget 2', gsm(306), 2, true],
    ['307 letters: three parts, refused with budget 2', gsm(307), 2, false],
    ['80 € signs = 160 septets (escape + €): one part, sent with budget 1', '€'.repeat(80), 1, true],
    ['81 € signs = 162 septets: two parts, refused with budget 1', '€'.repeat(81), 1, false],
    ['70 Cyrillic letters (UCS-2): one part, sent with budget 1', 'ж'.repeat(70), 1, true],
    ['71 Cyrillic letters: two parts (67 + 4), refused with budget 1', 'ж'.repeat(71), 1, false],
    ['134 UCS-2 units: two parts, sent with budget 2', 'ж'.repeat(134), 2, true],
    ['135 UCS-2 units: three parts, refused with budget 2', 'ж'.repeat(135), 2, false],
  ] as const)('%s', async (_name, text, budget, sent) => {
    const result = await failure(send({ text }, { segmentBudget: { reminder: budget } }));
    if (sent) expect(result).toBeNull();
    else expect(result).toMatchObject({ code: 'adapter_failed', retryable: false, message: expect.stringContaining(`the budget is ${budget}`) as unknown });
  });
});

describe('createSmsChannel: consent, provider errors', () => {
  it('no consent → refused, nothing posted (§ 7 Abs. 2 UWG)', async () => {
    const before = requests.length;
    const e = await failure(send({ to: { name: 'E', phone: '+4915123456789' } }));
    expect(e).toMatchObject({ code: 'adapter_failed', retryable: false });
    expect(requests.length).toBe(before);
  });

  it('provider errors: invalid number (21211) and landline (21614) are bounces; 429 is retryable; a dead server is retryable', async () => {
    expect(await failure(send({ to: { name: 'E', phone: '+15005550001', consented: true } }))).toMatchObject({ bounced: true, retryable: false });
    expect(await failure(send({ to: { name: 'E', phone: '+15005550009', consented: true } }))).toMatchObject({ bounced: true, retryable: false });
    expect(await failure(send({ to: { name: 'E', phone: '+15005550002', consented: true } }))).toMatchObject({ bounced: false, retryable: true });
    expect(await failure(send({}, { baseUrl: 'http://127.0.0.1:1' }))).toMatchObject({ bounced: false, retryable: true });
  });
});

describe('status callbacks', () => {
  it("verifyTwilioSignature matches Twilio's published example (token 12345, myapp.php?foo=1&bar=2 → GvWf1cFY/Q7PnoempGyD5oXAezc=)", () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };
    expect(verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(true);
    expect(verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(false);
    expect(verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', { ...params, Digits: '1235' }, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(false);
  });

  const url = 'https://shop.example/hooks/sms?claimId=RE-1&messageId=RE-1%3Amsg%3Areminder%3A1';
  const sign = (params: Record<string, string>): string =>
    createHmac('sha1', token).update(url + Object.keys(params).sort().map((key) => key + params[key]).join('')).digest('base64');

  it('a verified callback becomes a delivery update: delivered, read → opened, undelivered 30005 → bounced, failed 30008 → failed, sent → none', () => {
    const cb = (params: Record<string, string>) => parseStatusCallback({ authToken: token, url, params, signature: sign(params) });
    const common = { MessageSid: 'SM1', To: '+4915123456789' };
    expect(cb({ ...common, MessageStatus: 'delivered' })).toEqual({ claimId: 'RE-1', messageId: 'RE-1:msg:reminder:1', channel: 'sms', providerMessageId: 'SM1', status: 'delivered' });
    expect(cb({ ...common, MessageStatus: 'read', To: 'whatsapp:+4915123456789' })).toMatchObject({ status: 'opened', channel: 'whatsapp' });
    expect(cb({ ...common, MessageStatus: 'undelivered', ErrorCode: '30005' })).toMatchObject({ status: 'bounced', detail: 'undelivered (error 30005)' });
    expect(cb({ ...common, MessageStatus: 'failed', ErrorCode: '30008' })).toMatchObject({ status: 'failed' });
    expect(cb({ ...common, MessageStatus: 'sent' })).toBeNull();
  });

  it('a callback with a wrong signature is refused', () => {
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
    expect(() => parseStatusCallback({ authToken: token, url, params, signature: sign({ ...params, MessageStatus: 'undelivered' }) })).toThrow(/X-Twilio-Signature/);
  });
});

// Quiet hours (§ 7 Abs. 1 UWG) are one rule, core's (sendableAt, on the debtor's wall clock: the
// debtor's timeZone, else the clock's). The channel declares its quiet hours as
// capabilities.allowedHours for core to keep and checks no hour itself: before, it refused (retryable)
// inside its quietHours read in the debtor's zone (default Europe/Berlin) on its own clock (`now`,
// default the system clock) — so a message core had decided to send was refused when the real time,
// or the default zone, said night: under a virtual clock at 10:00 while the machine's clock showed
// 23:00, or for a creditor whose clock is in New York (15:30 there = 21:30 in Berlin).
describe('quiet hours: declared by the channel, kept by core; the channel never refuses what core sends', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('declares its quiet hours as allowedHours (default 08:00–20:00 allowed; quietHours 21:00–07:00 → 07:00–21:00)', () => {
    expect(createSmsChannel(options()).capabilities?.allowedHours).toEqual({ from: '08:00', to: '20:00' });
    expect(createSmsChannel(options({ quietHours: { from: '21:00', to: '07:00' } })).capabilities?.allowedHours).toEqual({ from: '07:00', to: '21:00' });
  });

  // The machine's clock at 2025-03-12T22:00:00Z = 23:00 in Berlin (CET, +01:00), inside 20:00–08:00.
  it('send does not look at the hour: at 23:00 Berlin time on the machine\'s clock the message goes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-12T22:00:00Z'));
    expect(await failure(send())).toBeNull();
  });

  /** An SMS reminder 8 days after the due date (default quiet hours 20:00–08:00). */
  const smsReminder: PolicyInput = {
    id: 'sms-reminder',
    version: 1,
    name: 'reminder by SMS',
    debtorKind: 'consumer',
    stages: [{ id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 8 }, actions: [{ type: 'send', channel: 'sms', template: 'reminder' }] }],
  };
  // 1 January 2025 is a Wednesday: due Tue 01-14 + 8 days = Wed 01-22, the reminder's business day.
  const claim = (timeZone?: string): ClaimFactsInput => ({
    id: 'INV-Q',
    debtor: { id: 'D-Q', kind: 'consumer', name: 'Erika Muster', phone: '+4915123456789', consent: { sms: true }, address: ['Musterstr. 1', '10115 Berlin'], ...(timeZone === undefined ? {} : { timeZone }) },
    principal: '300.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-14',
    dueDateIsCalendarDate: false,
    reference: 'RE-Q',
  });
  /** Runs the reminder's day on core with the channel: what core recorded for the message. */
  const runReminder = async (clockZone: string, time: string, timeZone?: string) => {
    const clock = createVirtualClock('2025-01-02', { timeZone: clockZone });
    // (Core's plain-text renderer writes the whole reminder, five UCS-2 parts: a budget that takes it.)
    const mw = createMahnwerk({ store: createMemoryClaimStore(), clock, channels: [createSmsChannel(options({ maxSegments: 10 }))], policy: smsReminder });
    await mw.createClaim(claim(timeZone));
    clock.set('2025-01-22' as IsoDate);
    clock.setTime(time);
    const run = await mw.runDue();
    const types = (await mw.history('INV-Q')).map((h) => h.event.type).filter((t) => t.startsWith('message-'));
    return { run, types };
  };

  // Core's clock (virtual, Berlin) at Wed 10:00; the machine's clock at 23:00 Berlin time
  // (2025-01-22T22:00:00Z). Core sends (10:00 is outside 20:00–08:00); the channel used to refuse by
  // the machine's clock (retryable: the attempt's outcome unknown, nothing sent).
  it('a virtual clock at 10:00 while the machine\'s clock shows 23:00: core sends, and the channel takes it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-22T22:00:00Z'));
    const { run, types } = await runReminder('Europe/Berlin', '10:00:00');
    expect(run.sent).toBe(1);
    expect(types).toEqual(['message-queued', 'message-sent']);
  });

  // A creditor in New York (core's clock there), a debtor without a time zone: core reads the clock's
  // zone, Wed 15:30 in New York (−05:00) = 20:30 UTC, the same instant on the machine's clock. The
  // channel used to read its default zone, Europe/Berlin: 21:30, quiet — and refused what core sent.
  it('a clock in New York at 15:30 and a debtor without a zone: core sends, and the channel takes it (no default zone of its own)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-22T20:30:00Z'));
    const { run, types } = await runReminder('America/New_York', '15:30:00');
    expect(run.sent).toBe(1);
    expect(types).toEqual(['message-queued', 'message-sent']);
  });

  // And what core holds never reaches the channel: a debtor in Berlin at 21:30 Berlin time (core's
  // clock in New York at 15:30, the same instant) waits for 08:00 in Berlin.
  it('a debtor in Berlin at 21:30 their time (15:30 on core\'s New York clock): core holds it until 08:00 Berlin time; nothing is posted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-22T20:30:00Z'));
    const before = requests.length;
    const { run, types } = await runReminder('America/New_York', '15:30:00', 'Europe/Berlin');
    expect(run.sent).toBe(0);
    expect(types).toEqual(['message-queued']);
    expect(requests.length).toBe(before);
  });
});
