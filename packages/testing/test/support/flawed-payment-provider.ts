import type { PaymentEvent, PaymentProvider, WebhookOutcome } from '@mahnwerk/core';
import { createRecordingPaymentProvider, type RecordingPaymentProvider } from '../../src/index.js';

/** One way a payment provider can break a promise of its port's webhook half. */
export type PaymentFlaw =
  | 'accepts-any-signature'
  | 'new-event-id-per-delivery'
  | 'amount-through-float'
  | 'arrival-day-as-value-date'
  | 'refund-as-payment';

/**
 * The recording provider with one deliberate flaw in `handleWebhook` — to prove that the
 * payment-provider conformance suite catches it.
 */
export function createFlawedPaymentProvider(flaw: PaymentFlaw): RecordingPaymentProvider {
  const inner = createRecordingPaymentProvider();
  let deliveries = 0;
  const bend = (event: PaymentEvent): PaymentEvent => {
    switch (flaw) {
      case 'new-event-id-per-delivery':
        deliveries += 1;
        return { ...event, eventId: `${event.eventId}#${deliveries}` };
      case 'amount-through-float':
        return { ...event, amount: String(Number(event.amount)) };
      case 'arrival-day-as-value-date':
        return { ...event, valueDate: '2025-01-14' };
      case 'refund-as-payment':
        return { kind: 'payment', eventId: event.eventId, claimId: event.claimId, paymentId: event.paymentId, amount: event.amount, currency: event.currency, valueDate: event.valueDate };
      default:
        return event;
    }
  };
  const handleWebhook: PaymentProvider['handleWebhook'] = async (rawBody, headers): Promise<WebhookOutcome> => {
    if (flaw === 'accepts-any-signature') {
      const body = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody)) as Record<string, string>;
      const base = { eventId: body.id ?? '', claimId: body.claimId ?? '', paymentId: body.paymentId ?? '', amount: body.amount ?? '', currency: body.currency ?? '', valueDate: body.valueDate ?? '' };
      const event: PaymentEvent = body.type === 'payment' ? { kind: 'payment', ...base } : { kind: body.type as 'refund', reversalId: body.reversalId ?? '', ...base };
      return { status: 'verified', event };
    }
    const outcome = await inner.handleWebhook(rawBody, headers);
    return outcome.status === 'verified' ? { status: 'verified', event: bend(outcome.event) } : outcome;
  };
  return Object.assign(Object.create(inner) as RecordingPaymentProvider, { handleWebhook, webhooks: inner.webhooks, specificationVersion: 'v1', name: `flawed-${flaw}` });
}
