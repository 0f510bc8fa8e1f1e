import {
  ChannelError,
  sanitizeMessage,
  ValidationError,
  type AbortSignalLike,
  type Channel,
  type ChannelCapabilities,
  type ChannelSendOptions,
  type ClaimEvent,
  type OutgoingMessage,
  type SendReceipt,
} from '@mahnwerk/core';
import { signWebhook, webhookIdHeader, webhookSignatureHeader, webhookTimestampHeader } from './signature.js';

/** Options of {@link createWebhookChannel} and {@link createWebhookSender}. */
export interface WebhookOptions {
  /** Where deliveries are POSTed (https in production; http only for 127.0.0.1/localhost). */
  readonly url: string;
  /** The shared secret the receiver verifies with (`verifyWebhook`); at least 16 characters. */
  readonly secret: string;
  /** `fetch` to use (default the global one). */
  readonly fetch?: typeof fetch;
  /** Timeout per attempt in milliseconds (default 10,000). */
  readonly timeoutMs?: number;
  /** Attempts in one send, the first included (default 4). */
  readonly attempts?: number;
  /** Backoff before attempt n+1: `baseMs · 2^(n-1)`, at most `maxMs` (default 500 ms, 8,000 ms); a `Retry-After` in seconds is honoured up to `maxMs`. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Unix seconds now (default the system clock); the timestamp header. */
  readonly now?: () => number;
  /** How to wait (default `setTimeout`); tests pass a recorder. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Channel name (default `webhook`). */
  readonly name?: string;
}

/** A webhook delivery's body. */
export interface WebhookPayload<T> {
  /** The delivery id (also the `webhook-id` header): the idempotency key. */
  readonly id: string;
  /** `mahnwerk.message` for a channel message, `mahnwerk.claim-event` for a ledger event. */
  readonly type: 'mahnwerk.message' | 'mahnwerk.claim-event';
  /** The claim. */
  readonly claimId: string;
  /** The message or event. */
  readonly data: T;
}

const capabilities: ChannelCapabilities = Object.freeze({ attachments: false, needsConsent: false });

/** Sends signed deliveries with retries; the engine of the channel, usable for any claim event. */
export interface WebhookSender {
  /**
   * POSTs one delivery. A key delivered before (by this sender) is not POSTed again; the receiver
   * deduplicates by `webhook-id` across processes.
   */
  deliver<T>(payload: WebhookPayload<T>, options: ChannelSendOptions): Promise<SendReceipt>;
  /** POSTs a claim's ledger event (type `mahnwerk.claim-event`), keyed by claim, type and position. */
  postEvent(event: ClaimEvent, options: ChannelSendOptions): Promise<SendReceipt>;
}

function checkOptions(options: WebhookOptions): URL {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new ValidationError(`url: "${options.url}" is not a URL.`, { field: 'url', cause: error });
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ValidationError(`url: "${options.url}" must use https (plain http only for 127.0.0.1 or localhost).`, { field: 'url' });
  }
  if (options.secret.length < 16) throw new ValidationError('secret: use at least 16 characters (32 random bytes recommended).', { field: 'secret' });
  return url;
}

function cancelled(key: string): ChannelError {
  return new ChannelError(`webhook "${key}": the send was cancelled by its signal; send it again with the same idempotency key.`, { retryable: true });
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });

/** An AbortController that follows the caller's signal. */
function follow(signal: AbortSignalLike | undefined): AbortController {
  const controller = new AbortController();
  if (signal !== undefined) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller;
}

/**
 * Creates a webhook sender: JSON bodies POSTed with `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (HMAC-SHA256 over id, timestamp and body, see `signWebhook`). 2xx is
 * delivered; 408, 429, 5xx and network errors are retried with exponential backoff (each attempt
 * signed afresh with its own timestamp); 410 Gone means the endpoint is gone for good (a bounce);
 * other 4xx are not retried.
 *
 * @param options - url, secret, fetch, timeout, attempts, backoff, clock, sleep
 * @returns the sender
 * @throws ValidationError for a URL that is not https (or local http) or a short secret
 */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const url = checkOptions(options);
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 4;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 8_000 };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const sleep = options.sleep ?? defaultSleep;
  const sends = new Map<string, Promise<SendReceipt>>();

  const post = async (body: string, key: string, controller: AbortController): Promise<SendReceipt> => {
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (controller.signal.aborted) throw cancelled(key);
      const timestamp = now();
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'mahnwerk-webhook/1',
            [webhookIdHeader]: key,
            [webhookTimestampHeader]: String(timestamp),
            [webhookSignatureHeader]: signWebhook(options.secret, key, timestamp, body),
          },
          body,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
          redirect: 'error',
        });
      } catch (error) {
        if (controller.signal.aborted) throw cancelled(key);
        last = `network error: ${error instanceof Error ? error.message : String(error)}`;
        if (attempt < attempts) await wait(attempt, undefined);
        continue;
      }
      const said = (await response.text().catch(() => '')).slice(0, 300);
      if (response.ok) return { providerMessageId: key, status: 'delivered' };
      last = `HTTP ${response.status}${said === '' ? '' : `: ${said}`}`;
      if (response.status === 410) throw new ChannelError(`webhook "${key}": the endpoint ${url.href} answered 410 Gone; it takes no more deliveries.`, { bounced: true });
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (!retryable) throw new ChannelError(`webhook "${key}": the endpoint refused the delivery (${last}); it is not retried.`, { retryable: false });
      if (attempt < attempts) await wait(attempt, response.headers.get('retry-after'));
    }
    throw new ChannelError(`webhook "${key}": not delivered after ${attempts} attempt(s), last ${last}; it will be retried later with the same webhook-id.`, { retryable: true });

    async function wait(attempt: number, retryAfter: string | null | undefined): Promise<void> {
      let ms = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
      if (retryAfter !== null && retryAfter !== undefined && /^\d+$/.test(retryAfter)) ms = Math.min(backoff.maxMs, Number(retryAfter) * 1000);
      try {
        await sleep(ms, controller.signal);
      } catch {
        throw cancelled(key);
      }
    }
  };

  const deliver = <T>(payload: WebhookPayload<T>, sendOptions: ChannelSendOptions): Promise<SendReceipt> => {
    const key = sendOptions.idempotencyKey;
    if (sendOptions.signal?.aborted === true) return Promise.reject(cancelled(key));
    const existing = sends.get(key);
    if (existing !== undefined) return existing;
    const controller = follow(sendOptions.signal);
    const work = post(JSON.stringify({ ...payload, id: key }), key, controller);
    sends.set(key, work);
    work.catch(() => {
      if (sends.get(key) === work) sends.delete(key);
    });
    return work;
  };

  return {
    deliver,
    postEvent: (event, sendOptions) => deliver({ id: sendOptions.idempotencyKey, type: 'mahnwerk.claim-event', claimId: event.claimId, data: event }, sendOptions),
  };
}

/**
 * Creates the webhook channel: each message is POSTed to the host (who may show it in an app or
 * forward it) as a signed `mahnwerk.message` delivery; see {@link createWebhookSender} for
 * signing, retries and failures. It reaches every debtor (the host decides), takes no attachments
 * and needs no consent. Names and texts are sanitised and travel JSON-escaped in the body.
 *
 * @param options - url, secret and the sender's options
 * @returns the channel
 */
export function createWebhookChannel(options: WebhookOptions): Channel {
  const sender = createWebhookSender(options);
  return {
    specificationVersion: 'v1',
    name: options.name ?? 'webhook',
    capabilities,
    canReach: () => true,
    send(message: OutgoingMessage, sendOptions: ChannelSendOptions): Promise<SendReceipt> {
      const { attachments: _, ...clean } = sanitizeMessage(message);
      return sender.deliver({ id: sendOptions.idempotencyKey, type: 'mahnwerk.message', claimId: message.claimId, data: clean }, sendOptions);
    },
  };
}
