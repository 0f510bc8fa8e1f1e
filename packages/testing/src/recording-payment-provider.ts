import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { MahnwerkError, type PaymentEvent, type PaymentLinkRequest, type PaymentProvider, type WebhookHeaders, type WebhookOutcome } from '@mahnwerk/core';
import { copyJson } from './json-copy.js';
import type { SimulatedFailure } from './recording-channel.js';
import type { SimulatedPayment, SimulatedReversal, WebhookDelivery, WebhookSimulator } from './webhook-simulator.js';

/** Options of {@link createRecordingPaymentProvider}. */
export interface RecordingPaymentProviderOptions {
  /** Provider name (default `recording`). */
  readonly name?: string;
  /** Base of the link URLs (default `https://pay.example.com/link`); the link id is appended. */
  readonly baseUrl?: string;
  /**
   * Makes `createPaymentLink` fail: always, or for the requests a function picks (return
   * `undefined` to let one through). Rejects with a `MahnwerkError` of code `adapter_failed`
   * carrying the failure's `retryable`; no link is created.
   */
  readonly failWith?: SimulatedFailure | ((request: PaymentLinkRequest) => SimulatedFailure | undefined);
  /** The secret webhooks are signed with (HMAC-SHA256; default `whsec_recording`). */
  readonly webhookSecret?: string;
}

/** A payment link the recording provider created. */
export interface RecordedPaymentLink {
  /** The link id (`plink-1`, `plink-2`, …). */
  readonly id: string;
  /** The link URL. */
  readonly url: string;
  /** The request that created it (a copy). */
  readonly request: PaymentLinkRequest;
}

/** A {@link PaymentProvider} that creates fake links, takes signed webhooks and remembers every request. */
export interface RecordingPaymentProvider extends PaymentProvider {
  /** Every call of `createPaymentLink`, including repeats and failures, in call order (copies). */
  readonly requests: readonly PaymentLinkRequest[];
  /** The links created, once per idempotency key, in creation order. */
  readonly links: readonly RecordedPaymentLink[];
  /** Makes webhook requests signed with this provider's secret (for tests and the conformance suite). */
  readonly webhooks: WebhookSimulator;
  /** Forgets all requests and links. */
  reset(): void;
}

/** The header the recording provider signs its webhooks in: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const recordingSignatureHeader = 'x-recording-signature';

interface Body {
  id: string;
  type: 'payment' | 'refund' | 'chargeback';
  claimId: string;
  paymentId: string;
  reversalId?: string;
  amount: string;
  currency: string;
  valueDate: string;
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

/** Compares two strings in time independent of where they differ. */
function equalText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const amountText = /^\d+(\.\d+)?$/;
const dateText = /^\d{4}-\d{2}-\d{2}$/;

function readBody(text: string): Body | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  const b = raw as Partial<Body> | null;
  if (typeof b !== 'object' || b === null) return 'the body is not an object';
  for (const key of ['id', 'claimId', 'paymentId', 'amount', 'currency', 'valueDate'] as const) {
    if (typeof b[key] !== 'string' || b[key] === '') return `${key} is missing`;
  }
  if (b.type !== 'payment' && b.type !== 'refund' && b.type !== 'chargeback') return `type ${JSON.stringify(b.type)} is not payment, refund or chargeback`;
  if (b.type !== 'payment' && (typeof b.reversalId !== 'string' || b.reversalId === '')) return 'reversalId is missing';
  if (!amountText.test(b.amount as string)) return `amount ${JSON.stringify(b.amount)} is not a decimal string`;
  if (!dateText.test(b.valueDate as string)) return `valueDate ${JSON.stringify(b.valueDate)} is not YYYY-MM-DD`;
  return b as Body;
}

/**
 * A payment provider for tests: `createPaymentLink` returns `{ id: 'plink-<n>', url }`, the same
 * link again for a known idempotency key (the port's promise). With `failWith` it rejects with a
 * `MahnwerkError` (code `adapter_failed`).
 *
 * Webhooks are JSON bodies `{ id, type: 'payment' | 'refund' | 'chargeback', claimId, paymentId,
 * reversalId?, amount, currency, valueDate }` signed in {@link recordingSignatureHeader} with
 * HMAC-SHA256 over the raw body; `webhooks` makes them (value date = the UTC day of `at`).
 * `handleWebhook` checks the signature before it reads the body, like a real provider's SDK.
 *
 * @param options - name, URL base, simulated failures and webhook secret
 * @returns the provider, with its records
 */
export function createRecordingPaymentProvider(options: RecordingPaymentProviderOptions = {}): RecordingPaymentProvider {
  const name = options.name ?? 'recording';
  const baseUrl = (options.baseUrl ?? 'https://pay.example.com/link').replace(/\/+$/, '');
  const secret = utf8ToBytes(options.webhookSecret ?? 'whsec_recording');
  const requests: PaymentLinkRequest[] = [];
  const links: RecordedPaymentLink[] = [];
  const byKey = new Map<string, RecordedPaymentLink>();
  const sign = (body: string): string => `sha256=${bytesToHex(hmac(sha256, secret, utf8ToBytes(body)))}`;
  const deliver = (type: Body['type'], p: SimulatedPayment | SimulatedReversal): WebhookDelivery => {
    const body: Body = {
      id: p.eventId,
      type,
      claimId: p.claimId,
      paymentId: p.paymentId,
      ...('reversalId' in p ? { reversalId: p.reversalId } : {}),
      amount: p.amount,
      currency: p.currency,
      valueDate: p.at.slice(0, 10),
    };
    const rawBody = JSON.stringify(body);
    return { rawBody, headers: { 'content-type': 'application/json', [recordingSignatureHeader]: sign(rawBody) } };
  };

  return {
    specificationVersion: 'v1',
    name,
    get requests() {
      return requests;
    },
    get links() {
      return links;
    },
    webhooks: {
      payment: (p) => deliver('payment', p),
      refund: (p) => deliver('refund', p),
      chargeback: (p) => deliver('chargeback', p),
    },
    createPaymentLink(request) {
      const copy = copyJson(request);
      requests.push(copy);
      const known = byKey.get(request.idempotencyKey);
      if (known !== undefined) return Promise.resolve({ url: known.url, id: known.id });
      const failWith = options.failWith;
      const failure = typeof failWith === 'function' ? failWith(copy) : failWith;
      if (failure !== undefined) {
        const text =
          failure.message ?? `${name}: simulated ${failure.retryable ? 'temporary' : 'permanent'} failure creating a payment link for claim "${request.claimId}".`;
        return Promise.reject(new MahnwerkError('adapter_failed', text, { retryable: failure.retryable }));
      }
      const id = `plink-${links.length + 1}`;
      const link: RecordedPaymentLink = { id, url: `${baseUrl}/${encodeURIComponent(id)}`, request: copy };
      links.push(link);
      byKey.set(request.idempotencyKey, link);
      return Promise.resolve({ url: link.url, id: link.id });
    },
    handleWebhook(rawBody, headers): Promise<WebhookOutcome> {
      const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
      const signature = headerValue(headers, recordingSignatureHeader);
      if (signature === undefined) {
        return Promise.resolve({ status: 'rejected', reason: 'bad-signature', message: `${name}: the ${recordingSignatureHeader} header is missing.` });
      }
      if (!equalText(signature, sign(text))) {
        return Promise.resolve({ status: 'rejected', reason: 'bad-signature', message: `${name}: the signature does not match the body.` });
      }
      const body = readBody(text);
      if (typeof body === 'string') return Promise.resolve({ status: 'rejected', reason: 'malformed', message: `${name}: ${body}.` });
      const base = { eventId: body.id, claimId: body.claimId, paymentId: body.paymentId, amount: body.amount, currency: body.currency, valueDate: body.valueDate };
      const event: PaymentEvent = body.type === 'payment' ? { kind: 'payment', ...base } : { kind: body.type, reversalId: body.reversalId as string, ...base };
      return Promise.resolve({ status: 'verified', event });
    },
    reset() {
      requests.length = 0;
      links.length = 0;
      byKey.clear();
    },
  };
}
