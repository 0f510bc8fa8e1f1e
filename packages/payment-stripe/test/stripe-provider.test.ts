import { MahnwerkError } from '@mahnwerk/core';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStripePaymentProvider, fromMinorUnits, toMinorUnits } from '../src/index.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';

const secret = 'whsec_unit';
let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.violations.length = 0;
  fake.failWith = undefined;
  fake.paymentIntents.clear();
});

const provider = (over: Partial<Parameters<typeof createStripePaymentProvider>[0]> = {}) =>
  createStripePaymentProvider({ stripe: fake.client(), webhookSecret: secret, successUrl: 'https://shop.example/paid', cancelUrl: 'https://shop.example/open', ...over });

const signed = (event: Record<string, unknown>, options: { timestamp?: number; secret?: string } = {}) => {
  const rawBody = JSON.stringify(event);
  const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload: rawBody, secret: options.secret ?? secret, ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }) });
  return { rawBody, headers: { 'stripe-signature': header } };
};
const event = (type: string, object: Record<string, unknown>, created = Date.parse('2025-01-05T12:00:00Z') / 1000) => ({ id: `evt_${type}`, object: 'event', type, created, data: { object } });

describe('minor units: exact decimal conversion, never through a float', () => {
  it('converts decimal strings to integer minor units and back by the currency (ISO 4217 minor unit)', () => {
    // 19.99 × 100 in floating point is 1998.9999999999998; 0.29 × 100 is 28.999999999999996.
    expect([toMinorUnits('19.99', 'EUR'), toMinorUnits('0.29', 'eur'), toMinorUnits('1011.75', 'EUR'), toMinorUnits('1000', 'JPY')]).toEqual([1999, 29, 101175, 1000]);
    expect([fromMinorUnits(1999, 'eur'), fromMinorUnits(29, 'EUR'), fromMinorUnits(101170, 'EUR'), fromMinorUnits(1000, 'JPY')]).toEqual(['19.99', '0.29', '1011.70', '1000']);
    expect(() => toMinorUnits('10.001', 'EUR')).toThrow(expect.objectContaining({ code: 'invalid_money' }) as Error);
    expect(() => fromMinorUnits(19.5, 'EUR')).toThrow(/not a whole number/);
  });
});

describe('createPaymentLink: a Checkout Session as Stripe expects the request', () => {
  it('form-encodes the open amount in cents, ties session and PaymentIntent to the claim, and sends an idempotency key', async () => {
    const link = await provider().createPaymentLink({ claimId: 'RE-1', amount: '19.99', currency: 'EUR', reference: 'RE-2025-001', idempotencyKey: 'msg-1' });
    expect(link).toEqual({ id: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request?.headers['idempotency-key']).toBe('mahnwerk:msg-1');
    expect(request?.form).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '1999',
      'line_items[0][price_data][product_data][name]': 'Rechnung RE-2025-001',
      client_reference_id: 'RE-1',
      'metadata[mahnwerk_claim_id]': 'RE-1',
      'payment_intent_data[metadata][mahnwerk_claim_id]': 'RE-1',
      success_url: 'https://shop.example/paid',
      cancel_url: 'https://shop.example/open',
    });
  });

  it('caps expiresAt to Stripe\'s 24 hours (and at least 30 minutes) from now', async () => {
    const now = () => new Date('2025-01-05T10:00:00Z');
    const p = provider({ now });
    await p.createPaymentLink({ claimId: 'RE-1', amount: '10.00', currency: 'EUR', reference: 'R', idempotencyKey: 'k1', expiresAt: '2025-01-19T23:59:59+01:00' });
    await p.createPaymentLink({ claimId: 'RE-1', amount: '10.00', currency: 'EUR', reference: 'R', idempotencyKey: 'k2', expiresAt: '2025-01-05T15:00:00Z' });
    await p.createPaymentLink({ claimId: 'RE-1', amount: '10.00', currency: 'EUR', reference: 'R', idempotencyKey: 'k3', expiresAt: '2025-01-05T10:05:00Z' });
    const base = Date.parse('2025-01-05T10:00:00Z') / 1000;
    expect(fake.requests.map((r) => Number(r.form.expires_at) - base)).toEqual([24 * 3600 - 60, 5 * 3600, 31 * 60]);
    await expect(p.createPaymentLink({ claimId: 'RE-1', amount: '10.00', currency: 'EUR', reference: 'R', idempotencyKey: 'k4', expiresAt: 'next week' })).rejects.toMatchObject({ field: 'expiresAt' });
  });

  it('wraps API failures as adapter_failed: 5xx retryable, 4xx not', async () => {
    const request = { claimId: 'RE-1', amount: '10.00', currency: 'EUR', reference: 'R', idempotencyKey: 'k' };
    fake.failWith = 503;
    const a = await provider().createPaymentLink(request).catch((e: unknown) => e);
    fake.failWith = 400;
    const b = await provider().createPaymentLink(request).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(a) && [a.code, a.retryable]).toEqual(['adapter_failed', true]);
    expect(MahnwerkError.isInstance(b) && [b.code, b.retryable]).toEqual(['adapter_failed', false]);
  });
});

describe('handleWebhook: Stripe events as payment events', () => {
  it('refund.created is a refund; the claim comes from the PaymentIntent metadata (one API lookup)', async () => {
    fake.paymentIntents.set('pi_1', { id: 'pi_1', metadata: { mahnwerk_claim_id: 'RE-7' } });
    const d = signed(event('refund.created', { id: 're_1', object: 'refund', amount: 2550, currency: 'eur', created: Date.parse('2025-01-09T08:00:00Z') / 1000, payment_intent: 'pi_1', metadata: {} }));
    await expect(provider().handleWebhook(d.rawBody, d.headers)).resolves.toEqual({
      status: 'verified',
      event: { kind: 'refund', eventId: 'evt_refund.created', claimId: 'RE-7', paymentId: 'pi_1', reversalId: 're_1', amount: '25.50', currency: 'EUR', valueDate: '2025-01-09' },
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/payment_intents/pi_1']);
  });

  it('value dates are days in the creditor\'s time zone: 23:30 UTC on 5 January is 6 January in Berlin', async () => {
    const session = { id: 'cs_1', object: 'checkout.session', payment_status: 'paid', amount_total: 1000, currency: 'eur', metadata: { mahnwerk_claim_id: 'RE-1' }, payment_intent: 'pi_1' };
    const d = signed(event('checkout.session.completed', session, Date.parse('2025-01-05T23:30:00Z') / 1000));
    const berlin = await provider().handleWebhook(d.rawBody, d.headers);
    const utc = await provider({ timeZone: 'UTC' }).handleWebhook(d.rawBody, d.headers);
    expect([berlin, utc].map((o) => (o.status === 'verified' ? o.event.valueDate : o.status))).toEqual(['2025-01-06', '2025-01-05']);
  });

  it('ignores unpaid sessions, sessions not made by mahnwerk, charge.refunded without refunds and other event types', async () => {
    const p = provider();
    const cases = [
      event('checkout.session.completed', { id: 'cs_1', object: 'checkout.session', payment_status: 'unpaid', amount_total: 1000, currency: 'eur', metadata: { mahnwerk_claim_id: 'RE-1' }, payment_intent: 'pi_1' }),
      event('checkout.session.completed', { id: 'cs_2', object: 'checkout.session', payment_status: 'paid', amount_total: 1000, currency: 'eur', metadata: {}, client_reference_id: null, payment_intent: 'pi_2' }),
      event('charge.refunded', { id: 'ch_1', object: 'charge', amount_refunded: 1000, currency: 'eur', payment_intent: 'pi_1', metadata: {} }),
      event('customer.created', { id: 'cus_1', object: 'customer' }),
    ];
    const outcomes = [];
    for (const e of cases) {
      const d = signed(e);
      outcomes.push(await p.handleWebhook(d.rawBody, d.headers));
    }
    expect(outcomes.map((o) => o.status)).toEqual(['ignored', 'ignored', 'ignored', 'ignored']);
    expect(outcomes.map((o) => (o.status === 'ignored' ? o.reason : ''))).toEqual([
      expect.stringContaining('unpaid'),
      expect.stringContaining('not made by mahnwerk'),
      expect.stringContaining('refund.created'),
      'mahnwerk does not record customer.created events',
    ]);
  });

  it('rejects a signature older than the tolerance, one made with another secret, and a signed body that is not JSON', async () => {
    const p = provider();
    const e = event('customer.created', { id: 'cus_1', object: 'customer' });
    const stale = signed(e, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const otherSecret = signed(e, { secret: 'whsec_other' });
    const garbage = { rawBody: 'not json', headers: { 'stripe-signature': new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload: 'not json', secret }) } };
    const outcomes = await Promise.all([stale, otherSecret, garbage].map((d) => p.handleWebhook(d.rawBody, d.headers)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual(['bad-signature', 'bad-signature', 'malformed']);
  });

  it('a refund whose PaymentIntent cannot be looked up rejects as adapter_failed (retryable), so the host answers 5xx and Stripe redelivers', async () => {
    fake.failWith = 500;
    const d = signed(event('charge.dispute.created', { id: 'dp_1', object: 'dispute', amount: 1000, currency: 'eur', created: 1736078400, payment_intent: 'pi_9', metadata: {} }));
    await expect(provider().handleWebhook(d.rawBody, d.headers)).rejects.toMatchObject({ code: 'adapter_failed', retryable: true });
  });
});
