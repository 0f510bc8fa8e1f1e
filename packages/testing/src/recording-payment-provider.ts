import { MahnwerkError, type PaymentLinkRequest, type PaymentProvider } from '@mahnwerk/core';
import { copyJson } from './json-copy.js';
import type { SimulatedFailure } from './recording-channel.js';

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

/** A {@link PaymentProvider} that creates fake links and remembers every request. */
export interface RecordingPaymentProvider extends PaymentProvider {
  /** Every call of `createPaymentLink`, including repeats and failures, in call order (copies). */
  readonly requests: readonly PaymentLinkRequest[];
  /** The links created, once per idempotency key, in creation order. */
  readonly links: readonly RecordedPaymentLink[];
  /** Forgets all requests and links. */
  reset(): void;
}

/**
 * A payment provider for tests: `createPaymentLink` returns `{ id: 'plink-<n>', url }`, the same
 * link again for a known idempotency key (the port's promise). With `failWith` it rejects with a
 * `MahnwerkError` (code `adapter_failed`).
 *
 * @param options - name, URL base and simulated failures
 * @returns the provider, with its records
 */
export function createRecordingPaymentProvider(options: RecordingPaymentProviderOptions = {}): RecordingPaymentProvider {
  const name = options.name ?? 'recording';
  const baseUrl = (options.baseUrl ?? 'https://pay.example.com/link').replace(/\/+$/, '');
  const requests: PaymentLinkRequest[] = [];
  const links: RecordedPaymentLink[] = [];
  const byKey = new Map<string, RecordedPaymentLink>();

  return {
    specificationVersion: 'v1',
    name,
    get requests() {
      return requests;
    },
    get links() {
      return links;
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
    reset() {
      requests.length = 0;
      links.length = 0;
      byKey.clear();
    },
  };
}
