import { describe, expect, it } from 'vitest';
import {
  addDays,
  ChannelError,
  createMahnwerk,
  MahnwerkError,
  type Channel,
  type ChannelCapabilities,
  type ChannelSendOptions,
  type ClaimEvent,
  type ClaimFactsInput,
  type IsoDate,
  type Mahnwerk,
  type OutgoingMessage,
  type PolicyInput,
  type Renderer,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// The dispatcher's side of the Channel port: sanitised recipients, the idempotency key, consent and
// opt-out per debtor and channel, skipping a channel without a usable address to the fallback with
// the reason recorded, bounces (at send time and reported later) and what they do to later steps.

interface TestChannel extends Channel {
  readonly sent: { message: OutgoingMessage; options: ChannelSendOptions }[];
}

function channel(name: string, options: { capabilities?: ChannelCapabilities; fail?: (m: OutgoingMessage) => Error | null } = {}): TestChannel {
  const sent: TestChannel['sent'] = [];
  return {
    specificationVersion: 'v1',
    name,
    sent,
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
    canReach: (to) => (name === 'email' ? to.email !== undefined : name === 'letter' ? to.address !== undefined : to.phone !== undefined),
    send(message, sendOptions) {
      const error = options.fail?.(message) ?? null;
      if (error !== null) return Promise.reject(error);
      sent.push({ message, options: sendOptions });
      return Promise.resolve({ providerMessageId: `${name}:${sendOptions.idempotencyKey}` });
    },
  };
}

/** Two stages, both by `primary` with `fallback`: a reminder 7 days after the due date, a Mahnung 14 days later. */
function policy(primary: 'email' | 'sms' | 'letter', fallback: 'email' | 'letter'): PolicyInput {
  return {
    id: 'channels-test',
    version: 1,
    name: 'Channels test',
    stages: [
      { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: primary, template: 'reminder', fallbackChannel: fallback }] },
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [{ type: 'send', channel: primary, template: 'dunning-notice', fallbackChannel: fallback }, { type: 'set-deadline', days: 14 }],
      },
    ],
  };
}

const facts = (debtor: Partial<ClaimFactsInput['debtor']> = {}): ClaimFactsInput => ({
  id: 'INV-7',
  debtor: { id: 'D-7', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'], ...debtor },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-7',
});

function setup(channels: Channel[], p: PolicyInput, render?: Renderer) {
  const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const mw = createMahnwerk({ store: memoryStore(), clock, channels, policy: p, ...(render === undefined ? {} : { render }) });
  const run = async (to: IsoDate): Promise<ClaimEvent[]> => {
    const events: ClaimEvent[] = [];
    for (let day = clock.date; day <= to; day = addDays(day, 1)) {
      clock.date = day;
      events.push(...(await mw.runDue()).events);
    }
    return events;
  };
  return { clock, mw, run };
}

const deliveries = (events: readonly ClaimEvent[]): string[] =>
  events
    .filter((e) => e.type.startsWith('message-') && e.type !== 'message-queued')
    .map((e) => `${e.date} ${e.type} ${'channel' in e ? e.channel : ''}${e.type === 'message-skipped' ? ` ${e.skip}` : ''} ${'messageId' in e ? e.messageId : ''}`);

async function history(mw: Mahnwerk): Promise<ClaimEvent[]> {
  return (await mw.history('INV-7')).map((e) => e.event);
}

describe('dispatcher: what reaches the adapter', () => {
  it('the channel gets the outbox id as idempotency key and a sanitised recipient (no CR/LF or bidi override from the debtor data)', async () => {
    const email = channel('email');
    const { mw, run } = setup([email, channel('letter')], policy('email', 'letter'));
    await mw.createClaim(facts({ name: 'Anna\r\nBcc: victim@example.org\u202e', address: ['Musterstr. 1\r\n', '10115 Berlin'] }));
    await run('2025-01-23');
    expect(email.sent).toHaveLength(1);
    const [{ message, options }] = email.sent as [TestChannel['sent'][number]];
    expect(options.idempotencyKey).toBe(message.id);
    expect(message.id).toBe('INV-7:msg:reminder:1');
    expect(message.to).toEqual({ name: 'Anna Bcc: victim@example.org', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] });
    expect(message.stage).toBe('reminder');
  });
});

describe('dispatcher: the letter body a renderer gives', () => {
  it('reaches the channel beside the text, sanitised like it (CR LF to LF, no bidi override); text and html stay as rendered', async () => {
    const letter = channel('letter');
    const render: Renderer = (input) => ({
      subject: `Zahlungserinnerung ${input.claim.reference ?? ''}`,
      text: 'Erika Muster\nMusterstr. 1\n\nGuten Tag Erika Muster,\n\nbitte zahlen Sie.\n\nMit freundlichen Grüßen',
      html: '<p>Guten Tag Erika Muster,</p>',
      letterBody: 'Guten Tag Erika Muster,\r\n\r\nbitte zahlen Sie.\u202e',
    });
    const { mw, run } = setup([letter], policy('letter', 'letter'), render);
    await mw.createClaim(facts());
    await run('2025-01-23');
    expect(letter.sent).toHaveLength(1);
    const { message } = letter.sent[0] as TestChannel['sent'][number];
    expect(message.letterBody).toBe('Guten Tag Erika Muster,\n\nbitte zahlen Sie.');
    expect(message.text).toBe('Erika Muster\nMusterstr. 1\n\nGuten Tag Erika Muster,\n\nbitte zahlen Sie.\n\nMit freundlichen Grüßen');
    expect(message.html).toBe('<p>Guten Tag Erika Muster,</p>');
  });

  it('the letter head a renderer gives reaches the channel as OutgoingMessage.letterHead, each label and value one safe line', async () => {
    const letter = channel('letter');
    const render: Renderer = () => ({
      subject: 'Zahlungserinnerung',
      text: 'Kundennummer: K-4711\n\nGuten Tag,\n\nbitte zahlen Sie.',
      letterBody: 'Guten Tag,\n\nbitte zahlen Sie.',
      letterHead: [{ label: 'Kundennummer', value: 'K-4711\r\n\u202e' }],
    });
    const { mw, run } = setup([letter], policy('letter', 'letter'), render);
    await mw.createClaim(facts());
    await run('2025-01-23');
    expect((letter.sent[0] as TestChannel['sent'][number]).message.letterHead).toEqual([{ label: 'Kundennummer', value: 'K-4711' }]);
  });

  it('the statement table a renderer gives reaches the channel as OutgoingMessage.letterStatement, each cell one safe line; null stays null', async () => {
    const table = {
      caption: 'Forderungsaufstellung',
      rows: [{ description: 'Mahn\tkosten\nPorto', basis: '', amount: '1,50 €' }],
      totals: [{ label: 'Gesamtbetrag', amount: '1,50 €' }],
    };
    for (const letterStatement of [table, null]) {
      const letter = channel('letter');
      const render: Renderer = () => ({ subject: 'Zahlungserinnerung', text: 'Guten Tag,\n\nbitte zahlen Sie.', letterBody: 'Guten Tag,\n\n[statement]', letterHead: [], letterStatement });
      const { mw, run } = setup([letter], policy('letter', 'letter'), render);
      await mw.createClaim(facts());
      await run('2025-01-23');
      const sent = (letter.sent[0] as TestChannel['sent'][number]).message;
      expect(sent.letterStatement).toEqual(letterStatement === null ? null : { ...table, rows: [{ description: 'Mahn kosten Porto', basis: '', amount: '1,50 €' }] });
    }
  });

  it('is absent from the message when the renderer gives none (a host renderer of subject and text only)', async () => {
    const letter = channel('letter');
    const { mw, run } = setup([letter], policy('letter', 'letter'), () => ({ subject: 'Zahlungserinnerung', text: 'Guten Tag,\n\nbitte zahlen Sie.' }));
    await mw.createClaim(facts());
    await run('2025-01-23');
    expect(letter.sent).toHaveLength(1);
    expect('letterBody' in (letter.sent[0] as TestChannel['sent'][number]).message).toBe(false);
    expect('letterHead' in (letter.sent[0] as TestChannel['sent'][number]).message).toBe(false);
    expect('letterStatement' in (letter.sent[0] as TestChannel['sent'][number]).message).toBe(false);
  });

  it('the core plain-text renderer gives one for the letter channel: its text without the closing, which the letter layout sets', async () => {
    const letter = channel('letter');
    const { mw, run } = setup([letter], policy('letter', 'letter'));
    await mw.createClaim(facts());
    await run('2025-01-23');
    const message = (letter.sent[0] as TestChannel['sent'][number]).message;
    expect(message.text).toContain('Mit freundlichen Grüßen');
    expect(message.letterBody?.startsWith('Guten Tag')).toBe(true);
    expect(message.letterBody).not.toContain('Mit freundlichen Grüßen');
  });
});

describe('dispatcher: skipped to the fallback with the reason recorded', () => {
  it('no usable address: a debtor without e-mail gets the letter, and the ledger says why e-mail was passed by', async () => {
    const letter = channel('letter');
    const { mw, run } = setup([channel('email'), letter], policy('email', 'letter'));
    const { email: _, ...debtor } = facts().debtor;
    await mw.createClaim({ ...facts(), debtor });
    const events = await run('2025-01-23');
    expect(deliveries(events)).toEqual(['2025-01-23 message-skipped email no-address INV-7:msg:reminder:1', '2025-01-23 message-sent letter INV-7:msg:reminder:1']);
    expect(events.find((e) => e.type === 'message-skipped')).toMatchObject({ detail: 'the debtor has no usable address for email', reason: { rule: 'delivery.skipped.no-address' } });
    expect(letter.sent).toHaveLength(1);
  });

  it('consent (§ 7 Abs. 2 UWG): a channel declaring needsConsent is skipped until debtor.consent names it; with consent it is used', async () => {
    const sms = (): TestChannel => channel('sms', { capabilities: { attachments: false, needsConsent: true, maxLength: 918 } });
    const without = sms();
    const a = setup([without, channel('email')], policy('sms', 'email'));
    await a.mw.createClaim(facts({ phone: '+4915112345678' }));
    expect(deliveries(await a.run('2025-01-23'))).toEqual(['2025-01-23 message-skipped sms no-consent INV-7:msg:reminder:1', '2025-01-23 message-sent email INV-7:msg:reminder:1']);
    expect(without.sent).toHaveLength(0);

    const withConsent = sms();
    const b = setup([withConsent, channel('email')], policy('sms', 'email'));
    await b.mw.createClaim(facts({ phone: '+4915112345678', consent: { sms: true } }));
    expect(deliveries(await b.run('2025-01-23'))).toEqual(['2025-01-23 message-sent sms INV-7:msg:reminder:1']);
    expect(withConsent.sent[0]?.message.to.phone).toBe('+4915112345678');
  });

  it('opt-out: debtor.consent.email = false skips e-mail even though it needs no consent', async () => {
    const { mw, run } = setup([channel('email'), channel('letter')], policy('email', 'letter'));
    await mw.createClaim(facts({ consent: { email: false } }));
    const events = await run('2025-01-23');
    expect(deliveries(events)).toEqual(['2025-01-23 message-skipped email opted-out INV-7:msg:reminder:1', '2025-01-23 message-sent letter INV-7:msg:reminder:1']);
  });

  it('maximum length: a text longer than capabilities.maxLength is not cut but skipped to the fallback (too-long)', async () => {
    const tiny = channel('sms', { capabilities: { attachments: false, needsConsent: false, maxLength: 20 } });
    const { mw, run } = setup([tiny, channel('email')], policy('sms', 'email'));
    await mw.createClaim(facts({ phone: '+4915112345678' }));
    const events = await run('2025-01-23');
    expect(deliveries(events)).toEqual(['2025-01-23 message-skipped sms too-long INV-7:msg:reminder:1', '2025-01-23 message-sent email INV-7:msg:reminder:1']);
    expect(events.find((e) => e.type === 'message-skipped')).toMatchObject({ detail: expect.stringMatching(/^the text has \d+ characters; sms takes at most 20$/) as unknown });
    expect(tiny.sent).toHaveLength(0);
  });

  it('allowed hours: outside capabilities.allowedHours the message waits (deferred), inside it goes', async () => {
    const email = channel('email', { capabilities: { attachments: true, needsConsent: false, allowedHours: { from: '11:00', to: '18:00' } } });
    const { clock, mw, run } = setup([email, channel('letter')], policy('email', 'letter'));
    await mw.createClaim(facts());
    await run('2025-01-23'); // the clock says 10:00
    expect(email.sent).toHaveLength(0);
    clock.now = () => `${clock.date}T11:00:00+01:00`;
    expect((await mw.dispatch()).sent).toBe(1);
    expect(email.sent).toHaveLength(1);
  });
});

describe('dispatcher: bounces', () => {
  it('a recipient refused at send time (ChannelError bounced): message-bounced, the same message goes out as a letter, and the next step is skipped to the letter too', async () => {
    const email = channel('email', { fail: () => new ChannelError('550 5.1.1 <erika@example.org>: user unknown', { bounced: true }) });
    const letter = channel('letter');
    const { mw, run } = setup([email, letter], policy('email', 'letter'));
    await mw.createClaim(facts());
    const events = await run('2025-02-06');
    expect(deliveries(events)).toEqual([
      '2025-01-23 message-bounced email INV-7:msg:reminder:1',
      '2025-01-23 message-sent letter INV-7:msg:reminder:1',
      '2025-02-06 message-skipped email bounced-before INV-7:msg:dunning-notice:1',
      '2025-02-06 message-sent letter INV-7:msg:dunning-notice:1',
    ]);
    // The provider's error quotes the debtor's e-mail address: it is redacted before it enters the
    // hash chain, where it could not be erased (docs/gdpr.md).
    expect(events.find((e) => e.type === 'message-skipped')).toMatchObject({
      detail: 'message "INV-7:msg:reminder:1" bounced on email on 2025-01-23: 550 5.1.1 <[personal data]>: user unknown',
    });
    expect(letter.sent.map((s) => s.message.id)).toEqual(['INV-7:msg:reminder:1', 'INV-7:msg:dunning-notice:1']);
  });

  it('a bounce reported later (recordDelivery): recorded once, and the Mahnung does not count as received by e-mail (no default from it) — its fallback letter goes out and default runs from that (§ 286 Abs. 1, § 130 Abs. 1 S. 1 BGB)', async () => {
    const email = channel('email');
    const letter = channel('letter');
    const { mw, run } = setup([email, letter], policy('email', 'letter'));
    await mw.createClaim(facts());
    await run('2025-02-06');
    // the Mahnung went out by e-mail on 02-06; the mail server bounces it the same day
    const update = { claimId: 'INV-7', messageId: 'INV-7:msg:dunning-notice:1', channel: 'email', status: 'bounced', detail: '550 mailbox full', at: '2025-02-06T11:00:00+01:00' } as const;
    const first = await mw.recordDelivery(update);
    expect(first.events).toMatchObject([{ type: 'message-bounced', date: '2025-02-06', error: '550 mailbox full', at: '2025-02-06T11:00:00+01:00' }]);
    expect((await mw.recordDelivery(update)).replayed).toBe(true);
    expect((await history(mw)).filter((e) => e.type === 'message-bounced')).toHaveLength(1);
    // a Mahnung received by e-mail the next day would put the debtor in default from 02-08 (§ 286 Abs. 1 BGB); a bounced one does not.
    // The run of the report's day (Thu 2025-02-06) sends the Mahnung's fallback letter: received 02-06 + 3 = Sun 02-09
    // (letterDeliveryDays 3), default from Mon 02-10 (§ 187 Abs. 1 BGB) — not from 02-08, and not before 02-10.
    await run('2025-02-09');
    expect((await mw.claim('INV-7')).defaultBegan).toBeNull();
    expect(letter.sent.map((s) => [s.message.id, s.message.date])).toEqual([['INV-7:msg:dunning-notice:1', '2025-02-06']]);
    await run('2025-02-10');
    expect((await mw.claim('INV-7')).defaultBegan).toBe('2025-02-10');
  });

  it('delivered, opened and opted-out reports become events; an opt-out skips the channel for later messages', async () => {
    const { mw, run } = setup([channel('email'), channel('letter')], policy('email', 'letter'));
    await mw.createClaim(facts());
    await run('2025-01-23');
    const id = 'INV-7:msg:reminder:1';
    await mw.recordDelivery({ claimId: 'INV-7', messageId: id, channel: 'email', status: 'delivered', providerMessageId: '<x@mail>' });
    await mw.recordDelivery({ claimId: 'INV-7', messageId: id, channel: 'email', status: 'opened' });
    await mw.recordDelivery({ claimId: 'INV-7', messageId: id, channel: 'email', status: 'opted-out', detail: 'List-Unsubscribe-Post' });
    const events = await run('2025-02-06');
    expect(deliveries(await history(mw)).slice(1)).toEqual([
      '2025-01-23 message-delivered email INV-7:msg:reminder:1',
      '2025-01-23 message-opened email INV-7:msg:reminder:1',
      '2025-02-06 message-skipped email opted-out INV-7:msg:dunning-notice:1',
      '2025-02-06 message-sent letter INV-7:msg:dunning-notice:1',
    ]);
    expect(events.some((e) => e.type === 'message-sent' && e.channel === 'letter')).toBe(true);
  });

  it('recordDelivery validates: an unknown message id or status is a ValidationError naming the field, and nothing is written', async () => {
    const { mw, run } = setup([channel('email'), channel('letter')], policy('email', 'letter'));
    await mw.createClaim(facts());
    await run('2025-01-23');
    const before = (await history(mw)).length;
    const unknown = await mw.recordDelivery({ claimId: 'INV-7', messageId: 'nope', channel: 'email', status: 'bounced' }).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(unknown) && unknown.field).toBe('update.messageId');
    const badStatus = await mw.recordDelivery({ claimId: 'INV-7', messageId: 'INV-7:msg:reminder:1', channel: 'email', status: 'lost' as 'bounced' }).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(badStatus) && badStatus.field).toBe('update.status');
    expect((await history(mw)).length).toBe(before);
  });
});
