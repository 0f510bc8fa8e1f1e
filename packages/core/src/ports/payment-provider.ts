/** A request for a payment link for a claim's open balance. */
export interface PaymentLinkRequest {
  /** Claim id. */
  readonly claimId: string;
  /** Amount as a decimal string, e.g. `"1234.56"`. */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Reference the debtor sees (invoice number). */
  readonly reference: string;
  /** Idempotency key: the same key returns the same link. */
  readonly idempotencyKey: string;
}

/**
 * The payment-provider port. Promises: `createPaymentLink` is idempotent per key; failures reject
 * with a `MahnwerkError` (code `adapter_failed`) carrying `retryable`.
 */
export interface PaymentProvider {
  /** Version of this port's contract. */
  readonly specificationVersion: 'v1';
  /** Provider name, e.g. `stripe`. */
  readonly name: string;
  /** Creates (or returns the existing) payment link. */
  createPaymentLink(request: PaymentLinkRequest): Promise<{ readonly url: string; readonly id: string }>;
}
