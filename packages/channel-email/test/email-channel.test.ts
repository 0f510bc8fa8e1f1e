import { addDays, createMahnwerk, MahnwerkError, type ClaimEvent, type IsoDate, type OutgoingMessage, type PolicyInput } from '@mahnwerk/core';
import { createEngineRenderer } from '@mahnwerk/templates';
import { createMemoryClaimStore, createRecordingChannel } from '@mahnwerk/testing';
import { testChannel } from '@mahnwerk/testing/vitest';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEmail, createEmailChannel, emailMessageId, type EmailChannel } from '../src/index.js';
import { deadPort, startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const from = { name: 'Beispiel Versand GmbH – Forderungsmanagement', address: 'forderungen@beispiel-versand.example' };
const domain = 'beispiel-versand.example';

let sink: SmtpSink;
let refusing: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ refuse: (address) => address.startsWith('unknown@') });
  refusing = await startSmtpSink({ refuse: () => true });
});
afterAll(async () => {
  await sink.close();
  await refusing.close();
});

const smtp = (port: number) => ({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 3000 });
const channelOn = (port: number): EmailChannel => createEmailChannel({ transport: smtp(port), from, listUnsubscribe: true });
/** Header lines unfolded (RFC 5322 § 2.2.3), so a folded Message-ID is found. */
const unfold = (raw: string): string => raw.replace(/\r\n[ \t]+/g, ' ');
const rawOf = (key: string): string[] => sink.received.filter((r) => unfold(r.raw).includes(`Message-ID: ${emailMessageId(key, domain)}`)).map((r) => r.raw);

// The Channel port's conformance suite against a real SMTP server (smtp-server on 127.0.0.1).
testChannel('email over SMTP', () => channelOn(sink.port), {
  deliveries: (_c, key) => rawOf(key).length,
  received: (_c, key) => rawOf(key).join('\n'),
  failing: async () => channelOn(await deadPort()),
  bouncing: () => channelOn(refusing.port),
  timeout: 20_000,
});

const pdf = new TextEncoder().encode('%PDF-1.7\n% Mahnung\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 'RE-2025-001:msg:dunning-notice:1',
  claimId: 'RE-2025-001',
  channel: 'email',
  to: { name: 'Jürgen Weiß', email: 'juergen.weiss@example.org' },
  subject: 'Mahnung – Rechnung RE-2025-001 über 1.234,56 €',
  text: 'Sehr geehrter Herr Weiß,\n\nbitte überweisen Sie 1.234,56 € bis zum 14.02.2025.\n',
  html: '<p>Sehr geehrter Herr Weiß,</p><p>bitte überweisen Sie <strong>1.234,56&nbsp;€</strong> bis zum 14.02.2025.</p>',
  locale: 'de',
  ...over,
});

describe('createEmailChannel over SMTP: what arrives', () => {
  it('a message arrives with From, To, encoded subject (RFC 2047) and text + HTML parts (multipart/alternative) that decode to the umlauts and € sent', async () => {
    const channel = channelOn(sink.port);
    const key = 'case-1:msg:1';
    const receipt = await channel.send(message({ id: key }), { idempotencyKey: key });
    expect(receipt).toEqual({ providerMessageId: emailMessageId(key, domain), status: 'accepted' });
    const [raw] = rawOf(key);
    expect(raw).toBeDefined();
    // the wire is 7-bit: no raw umlaut or € in the message (RFC 5322 § 2.1 / RFC 2045 encodings)
    expect(/[^\x00-\x7f]/.test(raw as string)).toBe(false);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    const parsed = await simpleParser(raw as string);
    expect(parsed.subject).toBe('Mahnung – Rechnung RE-2025-001 über 1.234,56 €');
    expect(parsed.from?.value).toEqual([{ name: from.name, address: from.address }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Jürgen Weiß', address: 'juergen.weiss@example.org' }] });
    expect(parsed.text).toBe('Sehr geehrter Herr Weiß,\n\nbitte überweisen Sie 1.234,56 € bis zum 14.02.2025.\n');
    expect(parsed.html).toContain('<strong>1.234,56&nbsp;€</strong>');
    expect(parsed.messageId).toBe(emailMessageId(key, domain));
    expect(parsed.headers.get('content-language')).toBe('de');
    expect(parsed.attachments).toEqual([]);
  });

  it('the PDF attachment arrives byte for byte as application/pdf with its file name', async () => {
    const channel = channelOn(sink.port);
    const key = 'case-2:msg:1';
    await channel.send(message({ id: key, attachments: [{ filename: 'Mahnung-RE-2025-001.pdf', contentType: 'application/pdf', content: pdf }] }), { idempotencyKey: key });
    const parsed = await simpleParser(rawOf(key)[0] as string);
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment?.contentType).toBe('application/pdf');
    expect(attachment?.filename).toBe('Mahnung-RE-2025-001.pdf');
    expect(Buffer.compare(attachment?.content as Buffer, Buffer.from(pdf))).toBe(0);
    expect(parsed.text).toContain('1.234,56 €');
  });

  it('the Message-ID is derived from the idempotency key: the same key gives the same id, a retry of a delivered key sends nothing', async () => {
    expect(emailMessageId('a', domain)).toBe(emailMessageId('a', domain));
    expect(emailMessageId('a', domain)).not.toBe(emailMessageId('b', domain));
    // sha256("a") = ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb (FIPS 180-4 test vector family; checked with sha256sum)
    expect(emailMessageId('a', domain)).toBe('<ca978112ca1bbdcafac231b39a23dc4d.mahnwerk@beispiel-versand.example>');
    const channel = channelOn(sink.port);
    const key = 'case-3:msg:1';
    const first = await channel.send(message({ id: key }), { idempotencyKey: key });
    const again = await channel.send(message({ id: key, text: 'geändert' }), { idempotencyKey: key });
    expect(again).toEqual(first);
    expect(rawOf(key)).toHaveLength(1);
  });

  it('List-Unsubscribe (RFC 2369) with one-click (RFC 8058) only where the message carries unsubscribe targets and the channel allows it', async () => {
    const key = 'case-4:msg:1';
    const unsubscribe = { url: 'https://beispiel-versand.example/abmelden?t=abc', mailto: 'abmelden@beispiel-versand.example' };
    await channelOn(sink.port).send(message({ id: key, unsubscribe }), { idempotencyKey: key });
    expect(unfold(rawOf(key)[0] as string)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(unfold(rawOf(key)[0] as string)).toContain('List-Unsubscribe: <https://beispiel-versand.example/abmelden?t=abc>, <mailto:abmelden@beispiel-versand.example?subject=unsubscribe>');

    const off = createEmailChannel({ transport: smtp(sink.port), from });
    await off.send(message({ id: 'case-4:msg:2', unsubscribe }), { idempotencyKey: 'case-4:msg:2' });
    expect(rawOf('case-4:msg:2')[0]).not.toMatch(/List-Unsubscribe/i);
    await off.send(message({ id: 'case-4:msg:3' }), { idempotencyKey: 'case-4:msg:3' });
    const none = await simpleParser(rawOf('case-4:msg:3')[0] as string);
    expect(none.headers.has('list-unsubscribe')).toBe(false);

    const bad = await channelOn(sink.port).send(message({ id: 'case-4:msg:4', unsubscribe: { url: 'http://x.example/\r\nBcc: a@b.c' } }), { idempotencyKey: 'case-4:msg:4' }).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(bad) && bad.field).toBe('message.unsubscribe.url');
    expect(rawOf('case-4:msg:4')).toHaveLength(0);
  });

  it('"Anna\\r\\nBcc: …" in to.name stays a display name: one recipient on the envelope, no Bcc header', async () => {
    const key = 'case-5:msg:1';
    await channelOn(sink.port).send(message({ id: key, to: { name: 'Anna\r\nBcc: victim@evil.example', email: 'anna@example.org' } }), { idempotencyKey: key });
    const got = sink.received.find((r) => unfold(r.raw).includes(emailMessageId(key, domain)));
    expect(got?.to).toEqual(['anna@example.org']);
    const parsed = await simpleParser(got?.raw as string);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.to).toMatchObject({ value: [{ name: 'Anna Bcc: victim@evil.example', address: 'anna@example.org' }] });
  });
});

describe('createEmailChannel: failures', () => {
  it('a recipient refused with SMTP 550 rejects with a ChannelError: bounced, not retryable, with the server words', async () => {
    const key = 'case-6:msg:1';
    const error = await channelOn(sink.port).send(message({ id: key, to: { name: 'X', email: 'unknown@example.org' } }), { idempotencyKey: key }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'adapter_failed', bounced: true, retryable: false });
    expect((error as Error).message).toContain('550 5.1.1 <unknown@example.org>: Recipient address rejected');
  });

  it('a server nobody listens on is a retryable failure (ECONNREFUSED)', async () => {
    const error = await channelOn(await deadPort()).send(message(), { idempotencyKey: 'case-7' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'adapter_failed', bounced: false, retryable: true });
  });
});

describe('composeEmail: .eml files', () => {
  it('writes an RFC 5322 message with a fixed Date, CRLF line ends, 7-bit only, that a mail parser reads back whole', async () => {
    const eml = await composeEmail(message({ attachments: [{ filename: 'Mahnung.pdf', contentType: 'application/pdf', content: pdf }] }), 'eml-1', { from }, new Date('2025-02-06T09:00:00Z'));
    const text = eml.toString('latin1');
    expect(text).toMatch(/^Date: Thu, 06 Feb 2025 09:00:00 \+0000\r$/m);
    expect(text).toMatch(/^MIME-Version: 1\.0\r$/m);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe('Mahnung – Rechnung RE-2025-001 über 1.234,56 €');
    expect(parsed.messageId).toBe(emailMessageId('eml-1', domain));
    expect(parsed.attachments[0]?.filename).toBe('Mahnung.pdf');
    expect(parsed.date?.toISOString()).toBe('2025-02-06T09:00:00.000Z');
  });
});

/** Both stages by e-mail with the letter as fallback. */
const emailFirst: PolicyInput = {
  id: 'email-first',
  version: 1,
  name: 'E-Mail zuerst',
  stages: [
    { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder', fallbackChannel: 'letter' }] },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 14 },
      actions: [{ type: 'send', channel: 'email', template: 'dunning-notice', fallbackChannel: 'letter' }, { type: 'set-deadline', days: 14 }],
    },
  ],
};

describe('timeline: an SMTP 550 on the reminder makes the reminder and the next step go out as letters', () => {
  it('reminder: message-bounced (email) then message-sent (letter); Mahnung: skipped on e-mail (bounced-before), sent as a letter; nothing more reaches the SMTP server', async () => {
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const letter = createRecordingChannel('letter');
    const email = channelOn(sink.port);
    const mw = createMahnwerk({
      store: createMemoryClaimStore(),
      clock,
      policy: emailFirst,
      channels: [email, letter],
      render: createEngineRenderer({
        creditor: { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'], email: from.address, bank: { iban: 'DE02120300000000202051', holder: 'Beispiel Versand GmbH' } },
      }),
    });
    const before = sink.received.length;
    await mw.createClaim({
      id: 'RE-2025-550',
      debtor: { id: 'D-550', kind: 'consumer', name: 'Paul Unbekannt', email: 'unknown@example.org', address: ['Heidestraße 17', '51147 Köln'] },
      principal: '250.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      dueDateIsCalendarDate: false,
    });
    const events: ClaimEvent[] = [];
    for (let day: IsoDate = '2025-01-02'; day <= '2025-02-06'; day = addDays(day, 1)) {
      clock.date = day;
      events.push(...(await mw.runDue()).events);
    }
    const deliveries = events
      .filter((e) => e.type === 'message-bounced' || e.type === 'message-sent' || e.type === 'message-skipped')
      .map((e) => `${e.date} ${e.type} ${'channel' in e ? e.channel : ''} ${'messageId' in e ? e.messageId : ''}`);
    expect(deliveries).toEqual([
      '2025-01-23 message-bounced email RE-2025-550:msg:reminder:1',
      '2025-01-23 message-sent letter RE-2025-550:msg:reminder:1',
      '2025-02-06 message-skipped email RE-2025-550:msg:dunning-notice:1',
      '2025-02-06 message-sent letter RE-2025-550:msg:dunning-notice:1',
    ]);
    // The server's words are kept; the debtor's address they quote is kept apart from the audit
    // chain like all personal data (GDPR erasure, docs/gdpr.md) and recorded as [personal data].
    const bounced = events.find((e) => e.type === 'message-bounced') as { error?: string } | undefined;
    expect(bounced?.error).toContain('550 5.1.1');
    expect(bounced?.error).toContain('[personal data]');
    expect(bounced?.error).not.toContain('unknown@example.org');
    expect(events.find((e) => e.type === 'message-skipped')).toMatchObject({ skip: 'bounced-before' });
    expect(letter.sent.map((m) => m.stage)).toEqual(['reminder', 'dunning-notice']);
    expect(letter.sent[1]?.text).toContain('250,00');
    expect(sink.received.length).toBe(before);
  }, 30_000);
});

describe('README quick start', () => {
  it('a stream transport hands the message back: the receipt carries the Message-ID derived from the key', async () => {
    const email = createEmailChannel({ transport: { streamTransport: true, buffer: true }, from });
    const m = message({ id: 'RE-1:msg:reminder:1' });
    const receipt = await email.send(m, { idempotencyKey: m.id });
    expect(receipt.providerMessageId).toBe(emailMessageId('RE-1:msg:reminder:1', domain));
  });
});
