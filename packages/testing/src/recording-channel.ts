import { ChannelError, defaultChannelCapabilities, MahnwerkError, type Channel, type ChannelCapabilities, type OutgoingMessage, type SendResult } from '@mahnwerk/core';
import { copyJson } from './json-copy.js';

/** How a recording adapter fails a call: with a retryable (temporary) or permanent error. */
export interface SimulatedFailure {
  /** Whether a retry may succeed (a timeout, a rate limit) or not (a bounced address). */
  readonly retryable: boolean;
  /** The error message; a generic one naming the adapter when absent. */
  readonly message?: string;
  /** A channel only: the provider refused the recipient for good (rejects with a `ChannelError` whose `bounced` is true). */
  readonly bounced?: boolean;
}

/** Options of {@link createRecordingChannel}. */
export interface RecordingChannelOptions {
  /**
   * Makes `send` fail: always (a {@link SimulatedFailure}), or for the messages a function picks
   * (return `undefined` to let a message through). The channel rejects with a `MahnwerkError` of
   * code `adapter_failed` carrying the failure's `retryable`, as the port promises; nothing is
   * recorded as sent, so a later retry of the same id can still succeed.
   */
  readonly failWith?: SimulatedFailure | ((message: OutgoingMessage, attempt: number) => SimulatedFailure | undefined);
  /**
   * Who the channel reaches: a fixed answer or a function. Default by channel name: `email` needs
   * an e-mail address, `sms` and `whatsapp` a phone number, `letter` an address; any other channel
   * reaches everyone.
   */
  readonly canReach?: boolean | ((to: OutgoingMessage['to']) => boolean);
  /** The capabilities the channel declares (default: none — no attachments, no limit, no consent). */
  readonly capabilities?: ChannelCapabilities;
}

/** One call of `send`, as the recording channel saw it. */
export interface SendAttempt {
  /** The message (a copy). */
  readonly message: OutgoingMessage;
  /**
   * What happened: `sent` (delivered now), `duplicate` (the id was delivered before; nothing
   * delivered again) or `failed`.
   */
  readonly outcome: 'sent' | 'duplicate' | 'failed';
  /** The provider id returned, for `sent` and `duplicate`. */
  readonly providerMessageId?: string;
  /** The error message, for `failed`. */
  readonly error?: string;
}

/** A {@link Channel} that delivers nowhere and remembers everything it was given. */
export interface RecordingChannel extends Channel {
  /** Messages delivered, once per id, in delivery order (copies). */
  readonly sent: readonly OutgoingMessage[];
  /** Every call of `send`, including duplicates and failures, in call order. */
  readonly attempts: readonly SendAttempt[];
  /** The delivered message with this id, if any. */
  find(id: string): OutgoingMessage | undefined;
  /** How many times the message with this id was delivered (0 or 1 for a correct channel). */
  deliveries(id: string): number;
  /** Forgets everything sent and attempted. */
  reset(): void;
}

/** Whether a channel of this name reaches a recipient, by the data it needs. */
function reachesByName(name: string, to: OutgoingMessage['to']): boolean {
  switch (name) {
    case 'email':
      return typeof to.email === 'string' && to.email !== '';
    case 'sms':
    case 'whatsapp':
      return typeof to.phone === 'string' && to.phone !== '';
    case 'letter':
      return Array.isArray(to.address) && to.address.length > 0;
    default:
      return true;
  }
}

/**
 * A channel for tests: `send` records the message and resolves with a provider id
 * (`<name>-1`, `<name>-2`, …); sending an id again delivers nothing new and resolves with the
 * first provider id (the port's idempotency promise). With `failWith` it rejects with a
 * `MahnwerkError` (code `adapter_failed`, `retryable` as configured).
 *
 * @param name - the channel name policies use, e.g. `email` or `letter`
 * @param options - simulated failures and reachability
 * @returns the channel, with its records
 */
export function createRecordingChannel(name: string, options: RecordingChannelOptions = {}): RecordingChannel {
  const sent: OutgoingMessage[] = [];
  const attempts: SendAttempt[] = [];
  const delivered = new Map<string, string>();
  const attemptsById = new Map<string, number>();
  let counter = 0;

  const reach = options.canReach;
  const channel: RecordingChannel = {
    specificationVersion: 'v1',
    name,
    get sent() {
      return sent;
    },
    get attempts() {
      return attempts;
    },
    canReach(to) {
      if (typeof reach === 'boolean') return reach;
      if (typeof reach === 'function') return reach(to);
      return reachesByName(name, to);
    },
    capabilities: options.capabilities ?? defaultChannelCapabilities,
    send(message, sendOptions) {
      const key = sendOptions?.idempotencyKey ?? message.id;
      const copy = copyJson(message);
      const already = delivered.get(key);
      if (already !== undefined) {
        attempts.push({ message: copy, outcome: 'duplicate', providerMessageId: already });
        return Promise.resolve({ providerMessageId: already });
      }
      if (sendOptions?.signal?.aborted === true) {
        attempts.push({ message: copy, outcome: 'failed', error: 'cancelled' });
        return Promise.reject(new MahnwerkError('adapter_failed', `${name}: the send of message "${message.id}" was cancelled by its signal before it started; send it again.`, { retryable: true }));
      }
      const attempt = (attemptsById.get(key) ?? 0) + 1;
      attemptsById.set(key, attempt);
      const failWith = options.failWith;
      const failure = typeof failWith === 'function' ? failWith(copy, attempt) : failWith;
      if (failure !== undefined) {
        const text = failure.message ?? `${name}: simulated ${failure.retryable ? 'temporary' : 'permanent'} failure sending message "${message.id}".`;
        attempts.push({ message: copy, outcome: 'failed', error: text });
        return Promise.reject(
          failure.bounced === true ? new ChannelError(text, { bounced: true, field: 'message.to' }) : new MahnwerkError('adapter_failed', text, { retryable: failure.retryable, field: 'message' }),
        );
      }
      counter += 1;
      const providerMessageId = `${name}-${counter}`;
      delivered.set(key, providerMessageId);
      sent.push(copy);
      attempts.push({ message: copy, outcome: 'sent', providerMessageId });
      const result: SendResult = { providerMessageId };
      return Promise.resolve(result);
    },
    find(id) {
      return sent.find((m) => m.id === id);
    },
    deliveries(id) {
      return sent.filter((m) => m.id === id).length;
    },
    reset() {
      sent.length = 0;
      attempts.length = 0;
      delivered.clear();
      attemptsById.clear();
      counter = 0;
    },
  };
  return channel;
}
