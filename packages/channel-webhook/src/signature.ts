import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@mahnwerk/core';

/** The header carrying the delivery's id (the idempotency key; receivers deduplicate by it). */
export const webhookIdHeader = 'webhook-id';
/** The header carrying the send time, Unix seconds. */
export const webhookTimestampHeader = 'webhook-timestamp';
/** The header carrying `v1,<base64 HMAC-SHA256>`; several signatures separated by spaces (key rotation). */
export const webhookSignatureHeader = 'webhook-signature';

/**
 * The signature of a delivery: HMAC-SHA256 with the shared secret over `${id}.${timestamp}.${body}`
 * (the scheme of the Standard Webhooks specification), base64, prefixed `v1,`. Signing the id and
 * the timestamp with the body means neither can be swapped without breaking the signature.
 *
 * @param secret - the shared secret (at least 16 bytes)
 * @param id - the delivery id
 * @param timestamp - Unix seconds
 * @param body - the exact request body
 * @returns `v1,<base64>`
 */
export function signWebhook(secret: string | Uint8Array, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** What {@link verifyWebhook} needs. */
export interface VerifyWebhookInput {
  /** The shared secret (or several, while rotating). */
  readonly secret: string | Uint8Array | readonly (string | Uint8Array)[];
  /** The request headers (any case; Node's `IncomingHttpHeaders` or a `Headers` object). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };
  /** The exact raw request body, before any JSON parsing. */
  readonly body: string;
  /** Now, Unix seconds (inject it; default the system clock). */
  readonly now?: number;
  /** How far the timestamp may lie from now, in seconds (default 300). Older deliveries are replays. */
  readonly toleranceSeconds?: number;
  /** Whether this delivery id was already processed (a replay inside the tolerance); optional. */
  readonly seen?: (id: string) => boolean;
}

/** A verified delivery. */
export interface VerifiedWebhook<T = unknown> {
  /** The delivery id (deduplicate by it). */
  readonly id: string;
  /** When it was sent, Unix seconds. */
  readonly timestamp: number;
  /** The parsed JSON body. */
  readonly payload: T;
}

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value as readonly string[]).join(' ') : (value as string | undefined);
  }
  return undefined;
}

function refuse(field: string, message: string): never {
  throw new ValidationError(`${field}: ${message}`, { field });
}

/**
 * Verifies a webhook delivery on the receiving side: the signature over id, timestamp and body
 * (constant-time comparison, any of the secrets), a timestamp within `toleranceSeconds` of now (an
 * older delivery — or one from the future — is a replay), and optionally an id not seen before.
 *
 * @param input - secret(s), headers, raw body, now, tolerance, seen-check
 * @returns the id, timestamp and parsed payload
 * @throws ValidationError naming the header that failed: missing, malformed, too old, replayed or
 *   not signed with the secret
 */
export function verifyWebhook<T = unknown>(input: VerifyWebhookInput): VerifiedWebhook<T> {
  const id = header(input.headers, webhookIdHeader);
  const stamp = header(input.headers, webhookTimestampHeader);
  const signatures = header(input.headers, webhookSignatureHeader);
  if (id === undefined || id === '') refuse(webhookIdHeader, 'missing; every delivery carries its id.');
  if (stamp === undefined || !/^\d{1,12}$/.test(stamp)) refuse(webhookTimestampHeader, `"${stamp ?? ''}" is not Unix seconds.`);
  if (signatures === undefined || signatures === '') refuse(webhookSignatureHeader, 'missing; the delivery is not signed.');
  const timestamp = Number(stamp);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(now - timestamp) > tolerance) {
    refuse(webhookTimestampHeader, `${timestamp} is ${now - timestamp} s from now, more than the tolerance of ${tolerance} s; a replayed or delayed delivery is refused.`);
  }
  const secrets = Array.isArray(input.secret) ? (input.secret as readonly (string | Uint8Array)[]) : [input.secret as string | Uint8Array];
  const given = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(signWebhook(secret, id, timestamp, input.body).slice(3), 'base64');
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
  if (!matches) refuse(webhookSignatureHeader, 'does not match the body, id and timestamp under the shared secret; the delivery is refused.');
  if (input.seen?.(id) === true) refuse(webhookIdHeader, `"${id}" was already processed; a replayed delivery is refused.`);
  let payload: T;
  try {
    payload = JSON.parse(input.body) as T;
  } catch (error) {
    throw new ValidationError('body: not JSON, though correctly signed.', { field: 'body', cause: error });
  }
  return { id, timestamp, payload };
}
