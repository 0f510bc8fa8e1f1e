import type { PaymentLinkRequest, PaymentProvider } from '@mahnwerk/core';
import { ok, rejectsWith, resolves, same, show } from './assert.js';
import type { ConformanceCheck } from './check.js';

/** What the payment-provider checks run against. */
export interface PaymentProviderSubject {
  /** Makes a fresh provider (against a sandbox or mock); called once per check. */
  readonly create: () => PaymentProvider | Promise<PaymentProvider>;
  /** Makes a provider whose calls fail. Without it the failure check is skipped. */
  readonly failing?: () => PaymentProvider | Promise<PaymentProvider>;
}

/** A payment-provider specification check. */
export type PaymentProviderCheck = ConformanceCheck<PaymentProviderSubject>;

let sequence = 0;
function linkRequest(label: string, amount = '1011.75'): PaymentLinkRequest {
  sequence += 1;
  const key = `conformance:${label}:${Date.now().toString(36)}:${sequence}`;
  return Object.freeze({ claimId: 'RE-2024-1001', amount, currency: 'EUR', reference: 'RE-2024-1001', idempotencyKey: key });
}

async function fresh(subject: PaymentProviderSubject): Promise<PaymentProvider> {
  const provider = await subject.create();
  ok(typeof provider === 'object' && provider !== null, `the factory must return a PaymentProvider, got ${show(provider)}`);
  return provider;
}

function checkLink(link: unknown, what: string): { url: string; id: string } {
  const { url, id } = (link ?? {}) as { url?: unknown; id?: unknown };
  ok(typeof id === 'string' && id !== '', `${what}: must resolve with a non-empty id, got ${show(link)}`);
  ok(typeof url === 'string', `${what}: must resolve with a url string, got ${show(link)}`);
  ok(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i.test(url), `${what}: url ${show(url)} must be an absolute http(s) URL the debtor can open`);
  return { url, id };
}

/**
 * The specification of the `PaymentProvider` port: the declared version and name, a link with an
 * id and an http(s) URL, the same link for the same idempotency key (one after the other or at
 * once), different links for different keys, and failures rejecting with a `MahnwerkError` of code
 * `adapter_failed` with `retryable`. Run it with `testPaymentProvider` or {@link runConformance}.
 */
export const paymentProviderChecks: readonly PaymentProviderCheck[] = [
  {
    id: 'payment-provider/specification-version',
    group: 'port',
    title: "declares specificationVersion 'v1' and a non-empty name",
    async run(subject) {
      const provider = await fresh(subject);
      same(provider.specificationVersion, 'v1', "specificationVersion must be 'v1'");
      ok(typeof provider.name === 'string' && provider.name !== '', `name must be a non-empty string, got ${show(provider.name)}`);
    },
  },
  {
    id: 'payment-provider/link',
    group: 'createPaymentLink',
    title: 'createPaymentLink resolves with a non-empty id and an absolute http(s) URL',
    async run(subject) {
      const provider = await fresh(subject);
      checkLink(await resolves(provider.createPaymentLink(linkRequest('link')), 'createPaymentLink'), 'createPaymentLink');
    },
  },
  {
    id: 'payment-provider/idempotent-repeat',
    group: 'idempotency',
    title: 'the same idempotency key returns the same link',
    async run(subject) {
      const provider = await fresh(subject);
      const request = linkRequest('repeat');
      const first = checkLink(await resolves(provider.createPaymentLink(request), 'first call'), 'first call');
      const second = checkLink(await resolves(provider.createPaymentLink(request), 'second call with the same key'), 'second call');
      same(second, first, 'a second call with the same idempotency key must return the same link (id and url)');
    },
  },
  {
    id: 'payment-provider/idempotent-concurrent',
    group: 'idempotency',
    title: 'two calls with the same idempotency key at once return the same link',
    async run(subject) {
      const provider = await fresh(subject);
      const request = linkRequest('concurrent');
      const [a, b] = await Promise.all([resolves(provider.createPaymentLink(request), 'concurrent call 1'), resolves(provider.createPaymentLink(request), 'concurrent call 2')]);
      same(checkLink(b, 'concurrent call 2'), checkLink(a, 'concurrent call 1'), 'two concurrent calls with the same key must return the same link');
    },
  },
  {
    id: 'payment-provider/distinct-keys',
    group: 'idempotency',
    title: 'different idempotency keys get different links',
    async run(subject) {
      const provider = await fresh(subject);
      const a = checkLink(await resolves(provider.createPaymentLink(linkRequest('a')), 'first key'), 'first key');
      const b = checkLink(await resolves(provider.createPaymentLink(linkRequest('b', '20.00')), 'second key'), 'second key');
      ok(a.id !== b.id, `two different keys must get different link ids, both got ${show(a.id)}`);
    },
  },
  {
    id: 'payment-provider/failure',
    group: 'failures',
    title: "a failed call rejects with a MahnwerkError of code 'adapter_failed' that says whether a retry may succeed",
    unavailable: (subject) => (subject.failing === undefined ? 'pass a `failing` factory (a provider whose calls fail) to run the failure check' : undefined),
    async run(subject) {
      const provider = await (subject.failing as NonNullable<PaymentProviderSubject['failing']>)();
      const error = await rejectsWith(provider.createPaymentLink(linkRequest('failure')), 'adapter_failed', 'createPaymentLink on a failing provider');
      ok(typeof error.retryable === 'boolean', `the error's retryable must be a boolean, got ${show(error.retryable)}`);
      ok(typeof error.message === 'string' && error.message !== '', 'the error must have a message saying what failed');
    },
  },
];
