import { MahnwerkError, type PaymentEvent, type PaymentProvider, type WebhookHeaders, type WebhookOutcome } from '@mahnwerk/core';
import type Stripe from 'stripe';
import { fromMinorUnits, toMinorUnits } from './minor-units.js';

/** The metadata key that ties a Checkout Session and its PaymentIntent to a claim. */
export const claimMetadataKey = 'mahnwerk_claim_id';

/** Stripe's longest Checkout Session lifetime: 24 hours from creation. */
const maxSessionSeconds = 24 * 60 * 60;
/** Stripe's shortest Checkout Session lifetime: 30 minutes from creation. */
const minSessionSeconds = 30 * 60;

/** Options of {@link createStripePaymentProvider}. */
export interface StripePaymentProviderOptions {
  /**
   * A constructed Stripe client, e.g. `new Stripe(key, { maxNetworkRetries: 2 })` (tests point it at
   * a local server with `host`, `port`, `protocol: 'http'`).
   */
  readonly stripe: Stripe;
  /** The signing secret of the webhook endpoint (`whsec_…`). */
  readonly webhookSecret: string;
  /** Where Checkout sends the debtor after paying. */
  readonly successUrl: string;
  /** Where Checkout sends the debtor who cancels (default: none, Checkout shows a back link only if given). */
  readonly cancelUrl?: string;
  /** IANA time zone of the creditor; value dates are the business day of the money movement there (default `Europe/Berlin`). */
  readonly timeZone?: string;
  /** The line item's name the debtor sees (default `Rechnung <reference>`). */
  readonly productName?: (reference: string) => string;
  /** Seconds a webhook signature's timestamp may be old (default: Stripe's 300). */
  readonly toleranceSeconds?: number;
  /** The current time, to cap `expiresAt` to Stripe's 24 hours (default: the system clock). */
  readonly now?: () => Date;
}

/** The Stripe payment provider: a {@link PaymentProvider} with `name: 'stripe'`. */
export type StripePaymentProvider = PaymentProvider;

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.id;
}

/** Wraps a failure of the Stripe API as `adapter_failed`, retryable for network errors, 409, 429 and 5xx. */
function adapterError(error: unknown, what: string): MahnwerkError {
  if (MahnwerkError.isInstance(error)) return error;
  const e = error as { type?: string; statusCode?: number; message?: string };
  const status = e.statusCode;
  const retryable = status === undefined || status === 409 || status === 429 || status >= 500;
  return new MahnwerkError('adapter_failed', `stripe: ${what} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${e.message ?? String(error)}`, {
    retryable,
    cause: error,
  });
}

/**
 * The Stripe payment provider.
 *
 * - `createPaymentLink` creates a Checkout Session (mode `payment`) for the amount in minor units
 *   converted exactly from the decimal string, with `client_reference_id` and metadata
 *   `mahnwerk_claim_id` on the session and its PaymentIntent, and Stripe's idempotency key
 *   `mahnwerk:<key>` (Stripe answers a repeat within 24 hours with the same session). `expiresAt`
 *   is capped to Stripe's allowed 30 minutes to 24 hours from now.
 * - `handleWebhook` verifies the `Stripe-Signature` header with `stripe.webhooks.constructEvent`
 *   over the raw body, then maps
 *   `checkout.session.completed` / `checkout.session.async_payment_succeeded` (paid) → payment,
 *   `charge.refunded` (the newest refund in the charge's snapshot) and `refund.created` → refund,
 *   `charge.dispute.created` → chargeback. Payment ids are PaymentIntent ids. Refunds and disputes
 *   find their claim through the PaymentIntent's metadata (one API call). Other events, sessions
 *   not made by mahnwerk and unpaid sessions are `ignored`.
 *
 * @param options - the Stripe client, webhook secret, return URLs and time zone
 * @returns the provider
 */
export function createStripePaymentProvider(options: StripePaymentProviderOptions): StripePaymentProvider {
  const { stripe, webhookSecret } = options;
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const valueDate = (unixSeconds: number): string => {
    const parts = Object.fromEntries(dayFormat.formatToParts(new Date(unixSeconds * 1000)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
  const now = options.now ?? (() => new Date());

  const claimOfPaymentIntent = async (paymentIntentId: string): Promise<string | undefined> => {
    try {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      return intent.metadata?.[claimMetadataKey] || undefined;
    } catch (error) {
      throw adapterError(error, `looking up PaymentIntent ${paymentIntentId} for its claim`);
    }
  };

  const ignored = (event: Stripe.Event, reason: string): WebhookOutcome => ({ status: 'ignored', eventId: event.id, type: event.type, reason });
  const malformed = (event: Stripe.Event, problem: string): WebhookOutcome => ({
    status: 'rejected',
    reason: 'malformed',
    message: `stripe: event ${event.id} (${event.type}) ${problem}.`,
  });

  const reversal = async (
    event: Stripe.Event,
    kind: 'refund' | 'chargeback',
    source: { id: string; amount: number; currency: string; created: number; payment_intent: string | { id: string } | null | undefined; metadata?: Stripe.Metadata | null },
  ): Promise<WebhookOutcome> => {
    const paymentId = idOf(source.payment_intent);
    if (paymentId === undefined) return ignored(event, `the ${kind} belongs to no PaymentIntent, so not to a payment made through a mahnwerk link`);
    const claimId = source.metadata?.[claimMetadataKey] || (await claimOfPaymentIntent(paymentId));
    if (claimId === undefined) return ignored(event, `PaymentIntent ${paymentId} carries no ${claimMetadataKey}; it was not paid through a mahnwerk link`);
    const verified: PaymentEvent = {
      kind,
      eventId: event.id,
      claimId,
      paymentId,
      reversalId: source.id,
      amount: fromMinorUnits(source.amount, source.currency),
      currency: source.currency.toUpperCase(),
      valueDate: valueDate(source.created),
    };
    return { status: 'verified', event: verified };
  };

  return {
    specificationVersion: 'v1',
    name: 'stripe',

    async createPaymentLink(request) {
      const unitAmount = toMinorUnits(request.amount, request.currency);
      let expiresAt: number | undefined;
      if (request.expiresAt !== undefined) {
        const wanted = Date.parse(request.expiresAt);
        if (Number.isNaN(wanted)) {
          throw new MahnwerkError('invalid_input', `expiresAt: "${request.expiresAt}" is not an ISO 8601 instant, e.g. 2025-03-14T23:59:59+01:00.`, { field: 'expiresAt' });
        }
        const nowSeconds = Math.floor(now().getTime() / 1000);
        expiresAt = Math.min(Math.max(Math.floor(wanted / 1000), nowSeconds + minSessionSeconds + 60), nowSeconds + maxSessionSeconds - 60);
      }
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: unitAmount,
                  product_data: { name: options.productName?.(request.reference) ?? `Rechnung ${request.reference}` },
                },
              },
            ],
            client_reference_id: request.claimId,
            metadata: { [claimMetadataKey]: request.claimId, mahnwerk_reference: request.reference },
            payment_intent_data: { metadata: { [claimMetadataKey]: request.claimId } },
            success_url: options.successUrl,
            ...(options.cancelUrl === undefined ? {} : { cancel_url: options.cancelUrl }),
            ...(expiresAt === undefined ? {} : { expires_at: expiresAt }),
          },
          { idempotencyKey: `mahnwerk:${request.idempotencyKey}` },
        );
        if (typeof session.url !== 'string') throw new Error(`Checkout Session ${session.id} came back without a url`);
        return { id: session.id, url: session.url };
      } catch (error) {
        throw adapterError(error, `creating a Checkout Session for claim "${request.claimId}"`);
      }
    },

    async handleWebhook(rawBody, headers) {
      const signature = headerValue(headers, 'stripe-signature');
      if (signature === undefined || signature === '') {
        return { status: 'rejected', reason: 'bad-signature', message: 'stripe: the Stripe-Signature header is missing.' };
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody), signature, webhookSecret, options.toleranceSeconds);
      } catch (error) {
        const e = error as { type?: string; message?: string };
        if (e.type === 'StripeSignatureVerificationError') {
          return { status: 'rejected', reason: 'bad-signature', message: `stripe: ${e.message ?? 'the signature does not match the body'}` };
        }
        return { status: 'rejected', reason: 'malformed', message: `stripe: the signed body is not a readable event: ${e.message ?? String(error)}` };
      }
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded': {
          const session = event.data.object;
          if (session.payment_status !== 'paid') return ignored(event, `the session is ${session.payment_status}; the payment counts once it is paid (checkout.session.async_payment_succeeded)`);
          const claimId = session.metadata?.[claimMetadataKey] || session.client_reference_id || undefined;
          if (claimId === undefined) return ignored(event, `the session carries no ${claimMetadataKey}; it was not made by mahnwerk`);
          const paymentId = idOf(session.payment_intent);
          if (paymentId === undefined) return malformed(event, 'is a paid session without a PaymentIntent');
          if (typeof session.amount_total !== 'number' || typeof session.currency !== 'string') return malformed(event, 'has no amount_total or currency');
          const payment: PaymentEvent = {
            kind: 'payment',
            eventId: event.id,
            claimId,
            paymentId,
            amount: fromMinorUnits(session.amount_total, session.currency),
            currency: session.currency.toUpperCase(),
            valueDate: valueDate(event.created),
          };
          return { status: 'verified', event: payment };
        }
        case 'charge.refunded': {
          const charge = event.data.object;
          const refunds = [...(charge.refunds?.data ?? [])].sort((a, b) => b.created - a.created);
          const newest = refunds[0];
          if (newest === undefined) return ignored(event, 'the charge snapshot lists no refunds; subscribe to refund.created, which carries each refund');
          return reversal(event, 'refund', { ...newest, payment_intent: newest.payment_intent ?? charge.payment_intent, metadata: charge.metadata });
        }
        case 'refund.created': {
          const refund = event.data.object;
          return reversal(event, 'refund', refund);
        }
        case 'charge.dispute.created': {
          const dispute = event.data.object;
          return reversal(event, 'chargeback', dispute);
        }
        default:
          return ignored(event, `mahnwerk does not record ${event.type} events`);
      }
    },
  };
}
