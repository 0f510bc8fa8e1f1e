/**
 * `@mahnwerk/payment-stripe` — the Stripe payment provider for mahnwerk: Checkout Sessions for a
 * claim's open balance, webhooks verified with Stripe's own helper and read as payments, refunds
 * and chargebacks.
 *
 * @packageDocumentation
 */
export { claimMetadataKey, createStripePaymentProvider, type StripePaymentProvider, type StripePaymentProviderOptions } from './stripe-provider.js';
export { fromMinorUnits, toMinorUnits } from './minor-units.js';
