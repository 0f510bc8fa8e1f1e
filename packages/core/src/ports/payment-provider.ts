import type { IsoDate } from '../calendar/date.js';

/** A request for a payment link for a claim's open balance. */
export interface PaymentLinkRequest {
  /** Claim id; the provider stores it with the link (e.g. as metadata) so its payments find the claim. */
  readonly claimId: string;
  /** Amount as a decimal string, e.g. `"1234.56"` (the open balance the debtor is asked to pay). */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Reference the debtor sees (invoice number). */
  readonly reference: string;
  /** Idempotency key: the same key returns the same link. */
  readonly idempotencyKey: string;
  /**
   * When the link stops taking payments, an ISO 8601 instant with offset (e.g. the deadline of the
   * notice it is printed on). Providers with a shorter maximum lifetime cap it and say so in their
   * README; absent = the provider's default.
   */
  readonly expiresAt?: string;
}

/** The headers of a webhook request as the HTTP server received them (names in any case). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Fields every payment event from a provider has. */
export interface PaymentEventBase {
  /**
   * The provider's id of the event (e.g. Stripe's `evt_…`). The same event delivered again has the
   * same id; the host uses it as the idempotency key, so a redelivery changes nothing.
   */
  readonly eventId: string;
  /** The claim, as the provider was told when the link was made (e.g. from metadata). */
  readonly claimId: string;
  /** The payment's id at the provider (e.g. a payment intent); a refund or chargeback names the payment it takes back. */
  readonly paymentId: string;
  /** Amount as a decimal string with the currency's minor-unit digits, e.g. `"1011.75"`; above zero. */
  readonly amount: string;
  /** ISO 4217 currency, upper case. */
  readonly currency: string;
  /**
   * The value date: the business day (in the creditor's time zone) the money moved at the provider —
   * not the day the webhook arrived. Late or out-of-order deliveries keep it.
   */
  readonly valueDate: IsoDate;
}

/** A verified payment event, ready for the host's payment commands (see `recordPaymentEvent`). */
export type PaymentEvent =
  | (PaymentEventBase & { readonly kind: 'payment' })
  | (PaymentEventBase & {
      /** `refund`: the money went back to the debtor; `chargeback`: the debtor's bank pulled it back. */
      readonly kind: 'refund' | 'chargeback';
      /** The provider's id of the refund or chargeback (unique per claim). */
      readonly reversalId: string;
    });

/** Why a webhook request was not accepted. */
export type WebhookRejectionReason =
  /** The signature is missing, wrong, or does not match the body: the request may be forged. */
  | 'bad-signature'
  /** Signed correctly, but the body is not an event the provider can read (or lacks the claim). */
  | 'malformed';

/**
 * What `handleWebhook` made of a request:
 * - `verified`: a genuine event about money on a claim — record it;
 * - `ignored`: a genuine event with nothing for the ledger (another event type, a payment not
 *   made through mahnwerk); answer the provider 2xx so it stops redelivering;
 * - `rejected`: not genuine or unreadable; answer 4xx and record nothing.
 */
export type WebhookOutcome =
  | { readonly status: 'verified'; readonly event: PaymentEvent }
  | { readonly status: 'ignored'; readonly eventId: string; readonly type: string; readonly reason: string }
  | { readonly status: 'rejected'; readonly reason: WebhookRejectionReason; readonly message: string };

/**
 * The payment-provider port. Promises every adapter keeps (the payment-provider conformance suite
 * in `@mahnwerk/testing` checks each):
 * - `createPaymentLink` is idempotent per key (one after the other or at once); failures reject
 *   with a `MahnwerkError` (code `adapter_failed`) carrying `retryable`.
 * - `handleWebhook` never throws for what a request contains: it verifies the signature over the
 *   exact raw body with the provider's own scheme before reading anything, and resolves with a
 *   {@link WebhookOutcome}. A tampered body, a wrong or missing signature is `rejected` with
 *   `bad-signature`.
 * - A verified event carries the provider's event id (the same on every redelivery), the claim id
 *   the link was made for, the payment id, the exact amount as a decimal string (no float on the
 *   way: `"0.29"` stays `"0.29"`), the currency and the value date of the money movement.
 * - Refunds and chargebacks come as their own events (`refund`, `chargeback`) naming the payment
 *   they take back; the host reverses that payment's allocation and reopens a settled claim.
 * - The adapter keeps no state between deliveries: duplicates and out-of-order deliveries are
 *   the host's to absorb (idempotent by event id and payment id; a refund before its payment is
 *   refused as retryable, `payment_not_found`).
 */
export interface PaymentProvider {
  /** Version of this port's contract. */
  readonly specificationVersion: 'v1';
  /** Provider name, e.g. `stripe`. */
  readonly name: string;
  /** Creates (or returns the existing) payment link. */
  createPaymentLink(request: PaymentLinkRequest): Promise<{ readonly url: string; readonly id: string }>;
  /**
   * Verifies and reads one webhook request.
   *
   * @param rawBody - the request body exactly as received (do not parse and re-serialise it)
   * @param headers - the request headers
   * @returns the outcome; see {@link WebhookOutcome}
   */
  handleWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookOutcome>;
}
