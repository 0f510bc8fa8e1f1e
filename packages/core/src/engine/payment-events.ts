import type { PaymentEvent, PaymentProvider, WebhookHeaders, WebhookOutcome } from '../ports/payment-provider.js';
import type { CommandResult, Mahnwerk, PaymentResult } from './mahnwerk.js';

/** The host commands a payment event is recorded through. */
export type PaymentCommands = Pick<Mahnwerk, 'recordPayment' | 'reversePayment'>;

/**
 * The idempotency key a provider event is recorded under: the same event delivered twice is
 * recorded once.
 *
 * @param event - a verified provider event
 */
export function paymentEventKey(event: Pick<PaymentEvent, 'eventId'>): string {
  return `payment-event:${event.eventId}`;
}

/**
 * What recording a provider event did, by the event's `kind`: for a `payment`, `recordPayment`'s
 * own {@link PaymentResult} — with `paymentId` and `unapplied`, what the payment brought beyond
 * what the claim owed (an overpayment the creditor owes back, § 812 Abs. 1 S. 1 BGB; refund it or
 * set it off) — for a `refund` or `chargeback`, `reversePayment`'s result. Narrow on `kind`.
 */
export type PaymentEventResult =
  | (PaymentResult & {
      /** The event was a payment. */
      readonly kind: 'payment';
    })
  | (CommandResult & {
      /** The event gave a payment back to the debtor. */
      readonly kind: 'refund';
    })
  | (CommandResult & {
      /** The debtor's bank pulled a payment back. */
      readonly kind: 'chargeback';
    });

/**
 * Records a verified provider event through the host's commands — the one path from a payment
 * provider (webhook, bank statement) into a claim's ledger; nothing else books payment events.
 *
 * - `payment` → `recordPayment` with the provider's payment id and the value date (§ 367 BGB
 *   allocation as of that day); a known payment id is not recorded twice. Its result is
 *   `recordPayment`'s, `unapplied` included (also for a replayed delivery: the first booking's).
 * - `refund` / `chargeback` → `reversePayment`; a settled claim is reopened. Delivered before its
 *   payment, it is refused with `payment_not_found` (retryable): answer the provider with a 5xx so
 *   it delivers again later.
 *
 * Each command runs under {@link paymentEventKey}, so a duplicate delivery replays the first result
 * (`replayed: true`) and writes nothing.
 *
 * @param commands - the host API (or anything with its `recordPayment` and `reversePayment`)
 * @typeParam E - the event's type (its `kind` picks the result's type)
 * @param event - the verified event
 * @returns the command's result, tagged with the event's `kind` ({@link PaymentEventResult}); typed by
 *   the event's kind, so a payment event's result has `unapplied` without a check
 */
export async function recordPaymentEvent<E extends PaymentEvent>(commands: PaymentCommands, event: E): Promise<Extract<PaymentEventResult, { readonly kind: E['kind'] }>> {
  const options = { idempotencyKey: paymentEventKey(event) };
  if (event.kind === 'payment') {
    const paid = await commands.recordPayment({ claimId: event.claimId, amount: event.amount, date: event.valueDate, paymentId: event.paymentId }, options);
    return { ...paid, kind: 'payment' } as Extract<PaymentEventResult, { readonly kind: E['kind'] }>;
  }
  const reversed = await commands.reversePayment(
    { claimId: event.claimId, paymentId: event.paymentId, reversalId: event.reversalId, kind: event.kind, amount: event.amount, date: event.valueDate },
    options,
  );
  return { ...reversed, kind: event.kind } as Extract<PaymentEventResult, { readonly kind: E['kind'] }>;
}

/** What {@link handlePaymentWebhook} did with a request. */
export interface PaymentWebhookResult {
  /** The provider's verdict on the request. */
  readonly outcome: WebhookOutcome;
  /**
   * For a verified event: what recording it did (replayed for a duplicate) — for a payment with
   * what it left `unapplied` (see {@link PaymentEventResult}).
   */
  readonly result?: PaymentEventResult;
}

/**
 * Verifies a webhook request with the provider and records a verified event through the host's
 * commands ({@link recordPaymentEvent}). Rejected and ignored requests record nothing. Errors of
 * the command (e.g. `payment_not_found` for a refund before its payment) are thrown as they are;
 * their `retryable` says whether the provider should deliver again.
 *
 * @param commands - the host API
 * @param provider - the payment provider that signed the request
 * @param rawBody - the request body exactly as received
 * @param headers - the request headers
 */
export async function handlePaymentWebhook(
  commands: PaymentCommands,
  provider: Pick<PaymentProvider, 'handleWebhook'>,
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
): Promise<PaymentWebhookResult> {
  const outcome = await provider.handleWebhook(rawBody, headers);
  if (outcome.status !== 'verified') return { outcome };
  return { outcome, result: await recordPaymentEvent(commands, outcome.event) };
}
