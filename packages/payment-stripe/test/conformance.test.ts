import { testPaymentProvider } from '@mahnwerk/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createStripePaymentProvider } from '../src/index.js';
import { startFakeStripe, stripeWebhooks, type FakeStripe } from './support/fake-stripe.js';

// The PaymentProvider conformance suite of @mahnwerk/testing, against the Stripe adapter talking to
// a local stand-in for the Stripe API, with webhooks signed by stripe.webhooks.generateTestHeaderString.
const secret = 'whsec_conformance';
let fake: FakeStripe;
let failing: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  failing = await startFakeStripe();
  failing.failWith = 500;
});
afterAll(async () => {
  await fake.close();
  await failing.close();
});

testPaymentProvider('stripe', () => createStripePaymentProvider({ stripe: fake.client(), webhookSecret: secret, successUrl: 'https://shop.example/paid' }), {
  failing: () => createStripePaymentProvider({ stripe: failing.client(), webhookSecret: secret, successUrl: 'https://shop.example/paid' }),
  webhooks: () => stripeWebhooks(fake, secret),
});
