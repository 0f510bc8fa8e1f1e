import type { Channel, OutgoingMessage } from '@mahnwerk/core';
import { hasCode, ok, rejectsWith, resolves, same, settle, show } from './assert.js';
import type { ConformanceCheck } from './check.js';

/** What the channel checks run against. */
export interface ChannelSubject {
  /** Makes a fresh channel that delivers (to a sandbox, a mock server …); called once per check. */
  readonly create: () => Channel | Promise<Channel>;
  /**
   * A recipient the channel can reach (default: a recipient with name, e-mail, phone and postal
   * address, which every channel should reach).
   */
  readonly recipient?: OutgoingMessage['to'];
  /**
   * Makes a channel whose sends fail (e.g. pointed at a dead endpoint). Without it the failure
   * checks are skipped.
   */
  readonly failing?: () => Channel | Promise<Channel>;
  /**
   * How many times the provider received the message with this id (from the sandbox's log). Without
   * it the "delivers once" checks only compare provider ids.
   */
  readonly deliveries?: (channel: Channel, messageId: string) => number | Promise<number>;
}

/** A channel specification check. */
export type ChannelCheck = ConformanceCheck<ChannelSubject>;

const fullRecipient: OutgoingMessage['to'] = {
  name: 'Erika Mustermann',
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
function outgoing(channel: Channel, subject: ChannelSubject, id: string): OutgoingMessage {
  return deepFreeze({
    id,
    claimId: 'RE-2024-1001',
    channel: channel.name,
    to: subject.recipient ?? fullRecipient,
    subject: 'Zahlungserinnerung – Rechnung RE-2024-1001',
    text: 'Sehr geehrte Frau Mustermann,\n\nbitte zahlen Sie 1.000,00 € bis zum 14.01.2025.\n\nMit freundlichen Grüßen',
    html: '<p>Sehr geehrte Frau Mustermann,</p><p>bitte zahlen Sie <strong>1.000,00&nbsp;€</strong> bis zum 14.01.2025.</p>',
    locale: 'de',
  });
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

/**
 * The specification of the `Channel` port: the declared version and name, `canReach` answering a
 * boolean, `send` resolving with a provider id, sending an id twice (one after the other or at
 * once) delivering once, and failures rejecting with a `MahnwerkError` of code `adapter_failed`
 * that says whether a retry may help. Run it with `testChannel` or {@link runConformance}.
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
      const result = await resolves(channel.send(message), `send of a frozen message "${message.id}"`);
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
      const first = checkResult(await resolves(channel.send(message), 'first send'), 'first send');
      const second = checkResult(await resolves(channel.send(message), 'second send of the same id'), 'second send of the same id');
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
      const [a, b] = await Promise.all([resolves(channel.send(message), 'concurrent send 1'), resolves(channel.send(message), 'concurrent send 2')]);
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
      const a = checkResult(await resolves(channel.send(one), 'send of the first message'), 'first message');
      const b = checkResult(await resolves(channel.send(two), 'send of the second message'), 'second message');
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
      const error = await rejectsWith(channel.send(message), 'adapter_failed', 'send on a failing channel');
      ok(typeof error.retryable === 'boolean', `the error's retryable must be a boolean, got ${show(error.retryable)}`);
      ok(typeof error.message === 'string' && error.message !== '', 'the error must have a message saying what failed');
      const again = await settle([channel.send(message)]);
      ok(again.fulfilled.length === 1 || hasCode(again.rejected[0], 'adapter_failed'), () => `a retry must again resolve or reject with 'adapter_failed', got ${show(again.rejected[0])}`);
    },
  },
];
