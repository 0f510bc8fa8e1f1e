import type { PaymentProvider } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import {
  createRecordingPaymentProvider,
  paymentProviderChecks,
  paymentWebhookChecks,
  runConformance,
  type RecordingPaymentProvider,
} from '../src/index.js';
import { testPaymentProvider } from '../src/vitest.js';
import { createFlawedPaymentProvider } from './support/flawed-payment-provider.js';

testPaymentProvider('recording', () => createRecordingPaymentProvider(), {
  failing: () => createRecordingPaymentProvider({ failWith: { retryable: false } }),
  webhooks: (provider) => (provider as RecordingPaymentProvider).webhooks,
});

const request = { claimId: 'RE-1', amount: '1011.75', currency: 'EUR', reference: 'RE-1', idempotencyKey: 'RE-1:link:1' };

describe('createRecordingPaymentProvider', () => {
  it('creates numbered links under baseUrl, the same link again for a known key, and records every request', async () => {
    const provider = createRecordingPaymentProvider({ name: 'stripe-fake', baseUrl: 'https://pay.example.com/l/' });
    expect(provider.name).toBe('stripe-fake');
    await expect(provider.createPaymentLink(request)).resolves.toEqual({ id: 'plink-1', url: 'https://pay.example.com/l/plink-1' });
    await expect(provider.createPaymentLink({ ...request, idempotencyKey: 'RE-1:link:2' })).resolves.toEqual({ id: 'plink-2', url: 'https://pay.example.com/l/plink-2' });
    await expect(provider.createPaymentLink(request)).resolves.toEqual({ id: 'plink-1', url: 'https://pay.example.com/l/plink-1' });
    expect(provider.requests).toHaveLength(3);
    expect(provider.links.map((l) => [l.id, l.request.idempotencyKey])).toEqual([
      ['plink-1', 'RE-1:link:1'],
      ['plink-2', 'RE-1:link:2'],
    ]);
    provider.reset();
    expect([provider.requests.length, provider.links.length]).toEqual([0, 0]);
  });

  it('failWith rejects with a MahnwerkError adapter_failed (retryable as given) and creates no link', async () => {
    const provider = createRecordingPaymentProvider({ failWith: (r) => (r.amount === '0.00' ? { retryable: false, message: 'amount must be positive' } : undefined) });
    await expect(provider.createPaymentLink({ ...request, amount: '0.00' })).rejects.toMatchObject({ code: 'adapter_failed', retryable: false, message: 'amount must be positive' });
    await expect(provider.createPaymentLink(request)).resolves.toMatchObject({ id: 'plink-1' });
    expect(provider.links).toHaveLength(1);
  });
});

describe('PaymentProvider conformance checks catch broken providers', () => {
  let n = 0;
  const base: PaymentProvider = { ...createRecordingPaymentProvider() };
  it.each([
    ['ignores the idempotency key', { ...base, createPaymentLink: () => Promise.resolve({ id: `l-${++n}`, url: `https://pay.example.com/${n}` }) }, ['payment-provider/idempotent-repeat', 'payment-provider/idempotent-concurrent']],
    ['returns a relative URL', { ...base, createPaymentLink: () => Promise.resolve({ id: 'x', url: '/pay/x' }) }, ['payment-provider/link', 'payment-provider/idempotent-repeat', 'payment-provider/idempotent-concurrent', 'payment-provider/distinct-keys']],
    ['gives every key the same link', { ...base, createPaymentLink: () => Promise.resolve({ id: 'same', url: 'https://pay.example.com/same' }) }, ['payment-provider/distinct-keys']],
    ['has no name', { ...base, name: '' }, ['payment-provider/specification-version']],
  ] as const)('a provider that %s fails the matching checks', async (_what, provider, failing) => {
    const report = await runConformance(paymentProviderChecks, { create: () => provider });
    expect(report.failed).toEqual(failing);
  });

  it('a failing provider must reject with MahnwerkError adapter_failed; a plain Error fails the check', async () => {
    const plain: PaymentProvider = { ...base, createPaymentLink: () => Promise.reject(new TypeError('fetch failed')) };
    const report = await runConformance(paymentProviderChecks, { create: () => createRecordingPaymentProvider(), failing: () => plain });
    expect(report.failed).toEqual(['payment-provider/failure']);
  });
});

describe('the webhook and ledger checks catch broken providers', () => {
  const webhooks = (p: PaymentProvider) => (p as RecordingPaymentProvider).webhooks;

  it('the recording provider passes every webhook and ledger check', async () => {
    const report = await runConformance(paymentWebhookChecks, { create: () => createRecordingPaymentProvider(), webhooks });
    expect(report.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expect(report.outcomes).toHaveLength(9);
  });

  it.each([
    ['accepts-any-signature', ['payment-provider/webhook-bad-signature', 'payment-provider/ledger-bad-signature']],
    // The event id is the host's idempotency key: a changed id fails the exact-event checks and the redelivery check.
    ['new-event-id-per-delivery', ['payment-provider/webhook-payment', 'payment-provider/webhook-reversals', 'payment-provider/webhook-redelivery']],
    ['amount-through-float', ['payment-provider/webhook-payment', 'payment-provider/webhook-reversals']],
    [
      'arrival-day-as-value-date',
      // (the chargeback check's chargeback happens on the host's today, so the flaw cannot show there)
      ['payment-provider/webhook-payment', 'payment-provider/webhook-reversals', 'payment-provider/ledger-duplicate', 'payment-provider/ledger-out-of-order'],
    ],
    ['refund-as-payment', ['payment-provider/webhook-reversals', 'payment-provider/ledger-out-of-order', 'payment-provider/ledger-refund-reopens', 'payment-provider/ledger-chargeback-reopens']],
  ] as const)('a provider whose webhooks are flawed (%s) fails exactly the matching checks', async (flaw, failing) => {
    const report = await runConformance(paymentWebhookChecks, { create: () => createFlawedPaymentProvider(flaw), webhooks });
    expect(report.failed).toEqual(failing);
  });

  it('without a webhooks simulator the webhook checks are skipped, saying what to pass', async () => {
    const report = await runConformance(paymentWebhookChecks, { create: () => createRecordingPaymentProvider() });
    expect(report.outcomes.every((o) => o.status === 'skipped' && /webhooks/.test(o.message ?? ''))).toBe(true);
  });
});
