/** A payment to simulate at a provider, as its webhook would report it. */
export interface SimulatedPayment {
  /** The provider's event id (the same on a redelivery). */
  readonly eventId: string;
  /** The claim the payment link was made for. */
  readonly claimId: string;
  /** The provider's id of the payment. */
  readonly paymentId: string;
  /** Amount as a decimal string, e.g. `"1011.75"`. */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** When the money moved, an ISO 8601 instant (`2025-01-08T12:00:00Z`); the value date is its day. */
  readonly at: string;
}

/** A refund or chargeback to simulate: a payment event plus the provider's id of the reversal. */
export interface SimulatedReversal extends SimulatedPayment {
  /** The provider's id of the refund or chargeback. */
  readonly reversalId: string;
}

/** A webhook request as the provider would send it. */
export interface WebhookDelivery {
  /** The exact body. */
  readonly rawBody: string;
  /** The headers, including the signature. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Makes signed webhook requests the way a provider sends them (with its real signing scheme and
 * event format), so the payment-provider conformance suite can feed any adapter the same story.
 */
export interface WebhookSimulator {
  /** A completed payment. */
  payment(payment: SimulatedPayment): WebhookDelivery | Promise<WebhookDelivery>;
  /** A refund of (part of) a payment. */
  refund(refund: SimulatedReversal): WebhookDelivery | Promise<WebhookDelivery>;
  /** A chargeback (dispute, direct-debit return) of (part of) a payment. */
  chargeback(chargeback: SimulatedReversal): WebhookDelivery | Promise<WebhookDelivery>;
}
