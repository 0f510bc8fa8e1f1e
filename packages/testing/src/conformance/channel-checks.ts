import { channelCapabilities, ChannelError, type AbortSignalLike, type Channel, type OutgoingMessage } from '@mahnwerk/core';
import { hasCode, ok, rejectsWith, resolves, same, settle, show } from './assert.js';
import type { ConformanceCheck } from './check.js';

/** What the channel checks run against. */
export interface ChannelSubject {
  /** Makes a fresh channel that delivers (to a sandbox, a mock server …); called once per check. */
  readonly create: () => Channel | Promise<Channel>;
  /**
   * A recipient the channel can reach (default: a recipient with name, e-mail, phone and postal
   * address, which every channel should reach). The checks add `consented: true` unless they test consent.
   */
  readonly recipient?: OutgoingMessage['to'];
  /**
   * Makes a channel whose sends fail (e.g. pointed at a dead endpoint). Without it the failure
   * checks are skipped.
   */
  readonly failing?: () => Channel | Promise<Channel>;
  /**
   * Makes a channel whose provider refuses the recipient for good (SMTP 550, an unknown number).
   * Without it the bounce check is skipped.
   */
  readonly bouncing?: () => Channel | Promise<Channel>;
  /**
   * How many times the provider received the message sent with this idempotency key (from the
   * sandbox's log). Without it the "delivers once" checks only compare provider ids, and the
   * length, consent and cancellation checks cannot prove that nothing was delivered.
   */
  readonly deliveries?: (channel: Channel, idempotencyKey: string) => number | Promise<number>;
  /**
   * What the provider received for this idempotency key, as text (the raw e-mail, the request
   * body …), to prove that a hostile name or subject added no header line or recipient. Without it
   * the sanitising check is skipped.
   */
  readonly received?: (channel: Channel, idempotencyKey: string) => string | Promise<string>;
}

/** A channel specification check. */
export type ChannelCheck = ConformanceCheck<ChannelSubject>;

const fullRecipient: OutgoingMessage['to'] = {
  name: 'Erika Mustermann',
  consented: true,
  email: 'erika.mustermann@example.org',
  phone: '+4915123456789',
  address: ['Erika Mustermann', 'Heidestraße 17', '51147 Köln'],
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** A deep-frozen message to the subject's recipient, on the channel's name. */
function outgoing(channel: Channel, subject: ChannelSubject, id: string, change: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return deepFreeze({
    id,
    claimId: 'RE-2024-1001',
    channel: channel.name,
    to: subject.recipient === undefined ? fullRecipient : { ...subject.recipient, consented: true },
    subject: 'Zahlungserinnerung – Rechnung RE-2024-1001',
    text: 'Sehr geehrte Frau Mustermann,\n\nbitte zahlen Sie 1.000,00 € bis zum 14.01.2025.\n\nMit freundlichen Grüßen',
    html: '<p>Sehr geehrte Frau Mustermann,</p><p>bitte zahlen Sie <strong>1.000,00&nbsp;€</strong> bis zum 14.01.2025.</p>',
    locale: 'de',
    ...change,
  });
}

/** Sends with the message id as idempotency key, as the dispatcher does. */
function sendOf(channel: Channel, message: OutgoingMessage, signal?: AbortSignalLike): Promise<unknown> {
  return channel.send(message, { idempotencyKey: message.id, ...(signal === undefined ? {} : { signal }) });
}

/** A run-unique message id, so checks against a shared sandbox do not collide. */
let sequence = 0;
function uniqueId(label: string): string {
  sequence += 1;
  return `conformance:${label}:${Date.now().toString(36)}:${sequence}`;
}

async function fresh(subject: ChannelSubject): Promise<Channel> {
  const channel = await subject.create();
  ok(typeof channel === 'object' && channel !== null, `the factory must return a Channel, got ${show(channel)}`);
  return channel;
}

function checkResult(result: unknown, what: string): string {
  const id = (result as { providerMessageId?: unknown } | null)?.providerMessageId;
  ok(typeof id === 'string' && id !== '', `${what}: send must resolve with { providerMessageId: a non-empty string }, got ${show(result)}`);
  return id;
}

async function deliveredTimes(subject: ChannelSubject, channel: Channel, id: string, expected: number, what: string): Promise<void> {
  if (subject.deliveries === undefined) return;
  const times = await subject.deliveries(channel, id);
  same(times, expected, `${what}: deliveries of message "${id}" counted by the subject's deliveries hook`);
}

/** A text of exactly `length` characters (GSM-7 letters, so no channel counts a character twice). */
function textOf(length: number): string {
  const words = 'Bitte zahlen Sie den offenen Betrag bis zum genannten Datum. ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

/** An abort signal the checks fire by hand (the testing package has no DOM types). */
function abortSignal(): AbortSignalLike & { abort(reason: unknown): void } {
  const listeners = new Set<() => void>();
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (_type: 'abort', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: 'abort', listener: () => void) => void listeners.delete(listener),
    abort(reason: unknown) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason;
      for (const listener of [...listeners]) listener();
    },
  };
  return signal;
}

const hhmm = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/**
 * The specification of the `Channel` port: the declared version, name and capabilities, `canReach`
 * answering a boolean, `send` resolving with a provider id, the same idempotency key (one after the
 * other, at once, or on a changed message) delivering once, failures rejecting with a
 * `MahnwerkError` of code `adapter_failed` that says whether a retry may help, a refused recipient
 * reported as a bounce, the length limit, consent, sanitised headers and cancellation by signal.
 * Run it with `testChannel` or {@link runConformance}.
 */
export const channelChecks: readonly ChannelCheck[] = [
  {
    id: 'channel/specification-version',
    group: 'port',
    title: "declares specificationVersion 'v1' and a non-empty name",
    async run(subject) {
      const channel = await fresh(subject);
      same(channel.specificationVersion, 'v1', "specificationVersion must be 'v1'");
      ok(typeof channel.name === 'string' && channel.name !== '', `name must be a non-empty string, got ${show(channel.name)}`);
    },
  },
  {
    id: 'channel/can-reach',
    group: 'canReach',
    title: 'canReach answers a boolean without throwing, and true for a fully addressed recipient',
    async run(subject) {
      const channel = await fresh(subject);
      const full = channel.canReach(subject.recipient ?? fullRecipient);
      same(full, true, `canReach(${show(subject.recipient ?? fullRecipient)}) of a recipient the channel should reach`);
      const bare = channel.canReach({ name: 'Nobody Known' });
      ok(typeof bare === 'boolean', `canReach({ name }) must answer a boolean, got ${show(bare)}`);
    },
  },
  {
    id: 'channel/send',
    group: 'send',
    title: 'send resolves with a non-empty providerMessageId and leaves the message unchanged',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('send'));
      const before = JSON.stringify(message);
      const result = await resolves(sendOf(channel, message), `send of a frozen message "${message.id}"`);
      checkResult(result, 'send');
      same(JSON.stringify(message), before, 'send must not change the message it was given');
      await deliveredTimes(subject, channel, message.id, 1, 'one send');
    },
  },
  {
    id: 'channel/idempotent-repeat',
    group: 'idempotency',
    title: 'sending the same id again delivers once and resolves with the same providerMessageId',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('repeat'));
      const first = checkResult(await resolves(sendOf(channel, message), 'first send'), 'first send');
      const second = checkResult(await resolves(sendOf(channel, message), 'second send of the same id'), 'second send of the same id');
      same(second, first, 'the second send of the same id must resolve with the providerMessageId of the first');
      await deliveredTimes(subject, channel, message.id, 1, 'two sends of the same id');
    },
  },
  {
    id: 'channel/idempotent-concurrent',
    group: 'idempotency',
    title: 'sending the same id twice at once delivers once; both resolve with the same providerMessageId',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('concurrent'));
      const [a, b] = await Promise.all([resolves(sendOf(channel, message), 'concurrent send 1'), resolves(sendOf(channel, message), 'concurrent send 2')]);
      same(checkResult(b, 'concurrent send 2'), checkResult(a, 'concurrent send 1'), 'two concurrent sends of the same id must resolve with the same providerMessageId');
      await deliveredTimes(subject, channel, message.id, 1, 'two concurrent sends of the same id');
    },
  },
  {
    id: 'channel/distinct-ids',
    group: 'idempotency',
    title: 'messages with different ids are each delivered, with different providerMessageIds',
    async run(subject) {
      const channel = await fresh(subject);
      const one = outgoing(channel, subject, uniqueId('one'));
      const two = outgoing(channel, subject, uniqueId('two'));
      const a = checkResult(await resolves(sendOf(channel, one), 'send of the first message'), 'first message');
      const b = checkResult(await resolves(sendOf(channel, two), 'send of the second message'), 'second message');
      ok(a !== b, `two different messages must get different providerMessageIds, both got ${show(a)}`);
      await deliveredTimes(subject, channel, one.id, 1, 'first of two messages');
      await deliveredTimes(subject, channel, two.id, 1, 'second of two messages');
    },
  },
  {
    id: 'channel/failure',
    group: 'failures',
    title: "a failed send rejects with a MahnwerkError of code 'adapter_failed' that says whether a retry may succeed",
    unavailable: (subject) => (subject.failing === undefined ? 'pass a `failing` factory (a channel whose sends fail) to run the failure checks' : undefined),
    async run(subject) {
      const channel = await (subject.failing as NonNullable<ChannelSubject['failing']>)();
      const message = outgoing(channel, subject, uniqueId('failure'));
      const error = await rejectsWith(sendOf(channel, message), 'adapter_failed', 'send on a failing channel');
      ok(typeof error.retryable === 'boolean', `the error's retryable must be a boolean, got ${show(error.retryable)}`);
      ok(typeof error.message === 'string' && error.message !== '', 'the error must have a message saying what failed');
      const again = await settle([sendOf(channel, message)]);
      ok(again.fulfilled.length === 1 || hasCode(again.rejected[0], 'adapter_failed'), () => `a retry must again resolve or reject with 'adapter_failed', got ${show(again.rejected[0])}`);
    },
  },
  {
    id: 'channel/capabilities',
    group: 'port',
    title: 'declares its capabilities: attachments and needsConsent as booleans, a positive whole maxLength and HH:MM allowedHours where given',
    async run(subject) {
      const channel = await fresh(subject);
      const c = channel.capabilities as unknown;
      ok(typeof c === 'object' && c !== null, `capabilities must be declared (an object), got ${show(c)}`);
      const caps = channelCapabilities(channel);
      ok(typeof caps.attachments === 'boolean', `capabilities.attachments must be a boolean, got ${show(caps.attachments)}`);
      ok(typeof caps.needsConsent === 'boolean', `capabilities.needsConsent must be a boolean, got ${show(caps.needsConsent)}`);
      if (caps.maxLength !== undefined) ok(Number.isInteger(caps.maxLength) && caps.maxLength > 0, `capabilities.maxLength must be a whole number above 0, got ${show(caps.maxLength)}`);
      if (caps.allowedHours !== undefined) {
        ok(hhmm.test(caps.allowedHours.from) && hhmm.test(caps.allowedHours.to), `capabilities.allowedHours must be HH:MM–HH:MM, got ${show(caps.allowedHours)}`);
      }
    },
  },
  {
    id: 'channel/idempotent-key',
    group: 'idempotency',
    title: 'a send is deduplicated by its idempotency key, not by content: a changed message under a delivered key is not delivered again',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('key'));
      const first = checkResult(await resolves(sendOf(channel, message), 'first send'), 'first send');
      const changed = outgoing(channel, subject, message.id, { subject: 'Mahnung – Rechnung RE-2024-1001', text: 'Ein anderer Text.' });
      const second = checkResult(await resolves(sendOf(channel, changed), 'send of a changed message under the same key'), 'send under the same key');
      same(second, first, 'a send under a delivered idempotency key must resolve with the first providerMessageId');
      await deliveredTimes(subject, channel, message.id, 1, 'two different messages under one idempotency key');
    },
  },
  {
    id: 'channel/length-limit',
    group: 'limits',
    title: 'a text longer than capabilities.maxLength is refused (adapter_failed, not retryable) and not delivered; without a limit a long text is sent',
    async run(subject) {
      const channel = await fresh(subject);
      const max = channelCapabilities(channel).maxLength;
      if (max === undefined) {
        const long = outgoing(channel, subject, uniqueId('long'), { text: textOf(20_000) });
        checkResult(await resolves(sendOf(channel, long), 'send of a 20,000-character text to a channel without maxLength'), 'long text');
        await deliveredTimes(subject, channel, long.id, 1, 'a long text without a limit');
        return;
      }
      const over = outgoing(channel, subject, uniqueId('over'), { text: textOf(max + 1) });
      const error = await rejectsWith(sendOf(channel, over), 'adapter_failed', `send of ${max + 1} characters with maxLength ${max}`);
      same(error.retryable, false, 'a text over the limit must be refused as not retryable (it will not get shorter)');
      await deliveredTimes(subject, channel, over.id, 0, 'a text over the limit');
      const fits = outgoing(channel, subject, uniqueId('fits'), { text: textOf(max) });
      checkResult(await resolves(sendOf(channel, fits), `send of exactly maxLength (${max}) characters`), 'a text at the limit');
      await deliveredTimes(subject, channel, fits.id, 1, 'a text at the limit');
    },
  },
  {
    id: 'channel/consent',
    group: 'consent',
    title: 'a channel that needs consent refuses a recipient without it (not retryable, nothing sent); a channel that does not, sends',
    async run(subject) {
      const channel = await fresh(subject);
      const { consented: _, ...recipient } = subject.recipient ?? fullRecipient;
      const message = deepFreeze({ ...outgoing(channel, subject, uniqueId('consent')), to: recipient });
      if (channelCapabilities(channel).needsConsent) {
        const error = await rejectsWith(sendOf(channel, message), 'adapter_failed', 'send to a recipient without consent on a channel that needs it');
        same(error.retryable, false, 'a send without consent must be refused as not retryable');
        await deliveredTimes(subject, channel, message.id, 0, 'a recipient without consent');
      } else {
        checkResult(await resolves(sendOf(channel, message), 'send to a recipient without a consent flag on a channel that needs none'), 'no consent needed');
        await deliveredTimes(subject, channel, message.id, 1, 'a channel without needsConsent');
      }
    },
  },
  {
    id: 'channel/sanitised',
    group: 'sanitising',
    title: 'CR/LF and bidi overrides in the name and subject add no header line or recipient to what the provider receives',
    unavailable: (subject) => (subject.received === undefined ? 'pass a `received` hook (what the provider got) to run the sanitising check' : undefined),
    async run(subject) {
      const channel = await fresh(subject);
      const base = outgoing(channel, subject, uniqueId('sanitise'));
      const hostile = deepFreeze({
        ...base,
        to: { ...base.to, name: 'Anna\r\nBcc: injected@evil.example\r\nX-Injected: 1\u202e' },
        subject: 'Mahnung\r\nBcc: injected@evil.example\nX-Injected: 2',
      });
      const settled = await settle([sendOf(channel, hostile)]);
      if (settled.rejected.length > 0) {
        ok(hasCode(settled.rejected[0], 'adapter_failed'), () => `a hostile name may be refused, but only with 'adapter_failed', got ${show(settled.rejected[0])}`);
        return;
      }
      const raw = await (subject.received as NonNullable<ChannelSubject['received']>)(channel, hostile.id);
      ok(typeof raw === 'string' && raw !== '', `the received hook must return what the provider got, got ${show(raw)}`);
      ok(!/(^|[\r\n])(bcc|x-injected)\s*:/iu.test(raw), () => `a header line injected through the name or subject reached the provider:\n${raw.slice(0, 1500)}`);
      ok(!raw.includes('\u202e'), 'a right-to-left override (U+202E) reached the provider');
    },
  },
  {
    id: 'channel/abort-before',
    group: 'cancellation',
    title: 'a send whose signal has already fired rejects with a retryable adapter_failed and delivers nothing; the key stays usable',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('abort'));
      const signal = abortSignal();
      signal.abort(new Error('shutdown'));
      const error = await rejectsWith(sendOf(channel, message, signal), 'adapter_failed', 'send with an aborted signal');
      same(error.retryable, true, 'a cancelled send must be retryable (the message was not sent)');
      await deliveredTimes(subject, channel, message.id, 0, 'a send cancelled before it started');
      checkResult(await resolves(sendOf(channel, message), 'the same key again, without a signal'), 'send after a cancelled one');
      await deliveredTimes(subject, channel, message.id, 1, 'a send after a cancelled one');
    },
  },
  {
    id: 'channel/abort-during',
    group: 'cancellation',
    title: 'a signal that fires while a send runs ends it: it resolves (delivered) or rejects with adapter_failed, never hangs',
    async run(subject) {
      const channel = await fresh(subject);
      const message = outgoing(channel, subject, uniqueId('abort-during'));
      const signal = abortSignal();
      const pending = settle([sendOf(channel, message, signal)]);
      signal.abort(new Error('shutdown'));
      const result = await pending;
      if (result.rejected.length > 0) {
        ok(hasCode(result.rejected[0], 'adapter_failed'), () => `an aborted send must reject with 'adapter_failed', got ${show(result.rejected[0])}`);
      }
      const again = checkResult(await resolves(sendOf(channel, message), 'the same key after the abort'), 'send after an abort');
      ok(again !== '', 'send after an abort must resolve with a provider id');
      await deliveredTimes(subject, channel, message.id, 1, 'a send aborted midway and sent again');
    },
  },
  {
    id: 'channel/bounce',
    group: 'failures',
    title: 'a recipient the provider refuses for good rejects with a ChannelError: adapter_failed, bounced, not retryable',
    unavailable: (subject) => (subject.bouncing === undefined ? 'pass a `bouncing` factory (a channel whose provider refuses the recipient) to run the bounce check' : undefined),
    async run(subject) {
      const channel = await (subject.bouncing as NonNullable<ChannelSubject['bouncing']>)();
      const message = outgoing(channel, subject, uniqueId('bounce'));
      const error = await rejectsWith(sendOf(channel, message), 'adapter_failed', 'send to a refused recipient');
      ok(ChannelError.isBounce(error), `a refused recipient must be reported with bounced: true (ChannelError), got ${show({ message: error.message, bounced: (error as { bounced?: unknown }).bounced })}`);
      same(error.retryable, false, 'a bounce must not be retryable');
    },
  },
];
