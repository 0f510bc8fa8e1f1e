import {
  createMahnwerk,
  fixedClock,
  handlePaymentWebhook,
  toAmountString,
  type ClaimFactsInput,
  type Mahnwerk,
  type PaymentLinkRequest,
  type PaymentProvider,
  type WebhookOutcome,
} from '@mahnwerk/core';
import { createMemoryClaimStore } from '../memory-claim-store.js';
import type { SimulatedPayment, WebhookDelivery, WebhookSimulator } from '../webhook-simulator.js';
import { ok, rejectsWith, resolves, same, show } from './assert.js';
import type { ConformanceCheck } from './check.js';

/** What the payment-provider checks run against. */
export interface PaymentProviderSubject {
  /** Makes a fresh provider (against a sandbox or mock); called once per check. */
  readonly create: () => PaymentProvider | Promise<PaymentProvider>;
  /** Makes a provider whose calls fail. Without it the failure check is skipped. */
  readonly failing?: () => PaymentProvider | Promise<PaymentProvider>;
  /**
   * Makes signed webhook requests for a provider the factory made, as the real provider would
   * send them (its event format and signing scheme). Without it the webhook and ledger checks are
   * skipped.
   */
  readonly webhooks?: (provider: PaymentProvider) => WebhookSimulator | Promise<WebhookSimulator>;
}

/** A payment-provider specification check. */
export type PaymentProviderCheck = ConformanceCheck<PaymentProviderSubject>;

let sequence = 0;
function linkRequest(label: string, amount = '1011.75'): PaymentLinkRequest {
  sequence += 1;
  const key = `conformance:${label}:${Date.now().toString(36)}:${sequence}`;
  return Object.freeze({ claimId: 'RE-2024-1001', amount, currency: 'EUR', reference: 'RE-2024-1001', idempotencyKey: key });
}

async function fresh(subject: PaymentProviderSubject): Promise<PaymentProvider> {
  const provider = await subject.create();
  ok(typeof provider === 'object' && provider !== null, `the factory must return a PaymentProvider, got ${show(provider)}`);
  return provider;
}

function checkLink(link: unknown, what: string): { url: string; id: string } {
  const { url, id } = (link ?? {}) as { url?: unknown; id?: unknown };
  ok(typeof id === 'string' && id !== '', `${what}: must resolve with a non-empty id, got ${show(link)}`);
  ok(typeof url === 'string', `${what}: must resolve with a url string, got ${show(link)}`);
  ok(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i.test(url), `${what}: url ${show(url)} must be an absolute http(s) URL the debtor can open`);
  return { url, id };
}

/**
 * The specification of the `PaymentProvider` port: the declared version and name, a link with an
 * id and an http(s) URL, the same link for the same idempotency key (one after the other or at
 * once), different links for different keys, and failures rejecting with a `MahnwerkError` of code
 * `adapter_failed` with `retryable`. Run it with `testPaymentProvider` or {@link runConformance}.
 */
export const paymentProviderChecks: readonly PaymentProviderCheck[] = [
  {
    id: 'payment-provider/specification-version',
    group: 'port',
    title: "declares specificationVersion 'v1' and a non-empty name",
    async run(subject) {
      const provider = await fresh(subject);
      same(provider.specificationVersion, 'v1', "specificationVersion must be 'v1'");
      ok(typeof provider.name === 'string' && provider.name !== '', `name must be a non-empty string, got ${show(provider.name)}`);
    },
  },
  {
    id: 'payment-provider/link',
    group: 'createPaymentLink',
    title: 'createPaymentLink resolves with a non-empty id and an absolute http(s) URL',
    async run(subject) {
      const provider = await fresh(subject);
      checkLink(await resolves(provider.createPaymentLink(linkRequest('link')), 'createPaymentLink'), 'createPaymentLink');
    },
  },
  {
    id: 'payment-provider/idempotent-repeat',
    group: 'idempotency',
    title: 'the same idempotency key returns the same link',
    async run(subject) {
      const provider = await fresh(subject);
      const request = linkRequest('repeat');
      const first = checkLink(await resolves(provider.createPaymentLink(request), 'first call'), 'first call');
      const second = checkLink(await resolves(provider.createPaymentLink(request), 'second call with the same key'), 'second call');
      same(second, first, 'a second call with the same idempotency key must return the same link (id and url)');
    },
  },
  {
    id: 'payment-provider/idempotent-concurrent',
    group: 'idempotency',
    title: 'two calls with the same idempotency key at once return the same link',
    async run(subject) {
      const provider = await fresh(subject);
      const request = linkRequest('concurrent');
      const [a, b] = await Promise.all([resolves(provider.createPaymentLink(request), 'concurrent call 1'), resolves(provider.createPaymentLink(request), 'concurrent call 2')]);
      same(checkLink(b, 'concurrent call 2'), checkLink(a, 'concurrent call 1'), 'two concurrent calls with the same key must return the same link');
    },
  },
  {
    id: 'payment-provider/distinct-keys',
    group: 'idempotency',
    title: 'different idempotency keys get different links',
    async run(subject) {
      const provider = await fresh(subject);
      const a = checkLink(await resolves(provider.createPaymentLink(linkRequest('a')), 'first key'), 'first key');
      const b = checkLink(await resolves(provider.createPaymentLink(linkRequest('b', '20.00')), 'second key'), 'second key');
      ok(a.id !== b.id, `two different keys must get different link ids, both got ${show(a.id)}`);
    },
  },
  {
    id: 'payment-provider/failure',
    group: 'failures',
    title: "a failed call rejects with a MahnwerkError of code 'adapter_failed' that says whether a retry may succeed",
    unavailable: (subject) => (subject.failing === undefined ? 'pass a `failing` factory (a provider whose calls fail) to run the failure check' : undefined),
    async run(subject) {
      const provider = await (subject.failing as NonNullable<PaymentProviderSubject['failing']>)();
      const error = await rejectsWith(provider.createPaymentLink(linkRequest('failure')), 'adapter_failed', 'createPaymentLink on a failing provider');
      ok(typeof error.retryable === 'boolean', `the error's retryable must be a boolean, got ${show(error.retryable)}`);
      ok(typeof error.message === 'string' && error.message !== '', 'the error must have a message saying what failed');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Webhooks: verified events, signatures, and what the host makes of duplicates and disorder.

const noWebhooks = (subject: PaymentProviderSubject): string | undefined =>
  subject.webhooks === undefined ? 'pass a `webhooks` hook (a simulator of the provider\'s signed webhook requests) to run the webhook checks' : undefined;

let story = 0;
/** Ids for one check's story, unique across checks and runs against a shared sandbox. */
function ids(label: string): { claimId: string; event: (n: number) => string; paymentId: string; reversal: (n: number) => string } {
  story += 1;
  const tag = `${label}-${Date.now().toString(36)}-${story}`;
  return { claimId: `RE-${tag}`, event: (n) => `evt_${tag}_${n}`, paymentId: `pay_${tag}`, reversal: (n) => `rev_${tag}_${n}` };
}

async function webhookKit(subject: PaymentProviderSubject): Promise<{ provider: PaymentProvider; hooks: WebhookSimulator }> {
  const provider = await fresh(subject);
  const hooks = await (subject.webhooks as NonNullable<PaymentProviderSubject['webhooks']>)(provider);
  return { provider, hooks };
}

async function handle(provider: PaymentProvider, delivery: WebhookDelivery | Uint8Array, headers?: WebhookDelivery['headers'], what = 'handleWebhook'): Promise<WebhookOutcome> {
  const [body, head] = delivery instanceof Uint8Array ? [delivery, headers ?? {}] : [delivery.rawBody, delivery.headers];
  return resolves(provider.handleWebhook(body, head), `${what} (it must resolve with an outcome, never throw for a request's content)`);
}

function verified(outcome: WebhookOutcome, what: string): Extract<WebhookOutcome, { status: 'verified' }>['event'] {
  ok(outcome.status === 'verified', `${what}: a correctly signed request must be verified, got ${show(outcome)}`);
  return outcome.event;
}

function rejectedForSignature(outcome: WebhookOutcome, what: string): void {
  ok(outcome.status === 'rejected' && outcome.reason === 'bad-signature', `${what}: must be rejected with reason 'bad-signature', got ${show(outcome)}`);
  ok(typeof outcome.message === 'string' && outcome.message !== '', `${what}: the rejection must say what was wrong`);
}

/** A day in the middle of the day in UTC: the same calendar day in every European time zone. */
const noon = (day: string): string => `${day}T12:00:00Z`;

/** The claim the ledger checks pay: 1000.00 EUR, invoiced 2025-01-02, due 2025-01-16; the host's today is 2025-01-14 (no dunning yet). */
function ledgerHost(claimId: string): { mw: Mahnwerk; facts: ClaimFactsInput } {
  const mw = createMahnwerk({ store: createMemoryClaimStore(), clock: fixedClock('2025-01-14'), policy: 'auto' });
  const facts: ClaimFactsInput = {
    id: claimId,
    debtor: { id: `D-${claimId}`, kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org' },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
  };
  return { mw, facts };
}

async function ledgerOf(mw: Mahnwerk, claimId: string): Promise<{ types: string[]; total: string; status: string }> {
  const state = await mw.claim(claimId);
  return { types: state.events.map((e) => e.type), total: toAmountString((await mw.statement(claimId)).total), status: state.status };
}

/**
 * The webhook half of the port's specification: signed requests become verified events with the
 * exact amount, the claim, the payment and the value date; refunds and chargebacks come as their
 * own events; a tampered or unsigned request is rejected. The ledger checks then feed the events
 * through a host (`createMahnwerk` over the in-memory store, `handlePaymentWebhook`): a duplicate
 * delivery records once, a refund delivered before its payment is refused as retryable and
 * recorded when redelivered, refunds and chargebacks reopen a settled claim, and a rejected
 * request writes nothing.
 */
export const paymentWebhookChecks: readonly PaymentProviderCheck[] = [
  {
    id: 'payment-provider/webhook-payment',
    group: 'handleWebhook',
    title: 'a signed payment webhook is verified with the claim, the payment id, the exact amount, the currency and the value date',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      // Amounts a float conversion gets wrong (19.99 × 100 = 1998.9999…, 0.29 × 100 = 28.9999…) or shortens ("1011.70" → "1011.7").
      for (const [i, amount] of ['1011.75', '19.99', '0.29', '1011.70'].entries()) {
        const id = ids('pay');
        const sent: SimulatedPayment = { eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount, currency: 'EUR', at: noon(`2025-01-0${i + 2}`) };
        const event = verified(await handle(provider, await hooks.payment(sent)), `payment of ${amount}`);
        same(
          event,
          { kind: 'payment', eventId: sent.eventId, claimId: sent.claimId, paymentId: sent.paymentId, amount, currency: 'EUR', valueDate: `2025-01-0${i + 2}` },
          `the verified payment event for ${amount} EUR paid at ${sent.at}`,
        );
      }
    },
  },
  {
    id: 'payment-provider/webhook-reversals',
    group: 'handleWebhook',
    title: 'refunds and chargebacks are verified as their own events naming the payment they take back',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('rev');
      const base = { claimId: id.claimId, paymentId: id.paymentId, currency: 'EUR' };
      const refund = verified(await handle(provider, await hooks.refund({ ...base, eventId: id.event(2), reversalId: id.reversal(1), amount: '200.10', at: noon('2025-01-10') })), 'refund');
      same(refund, { kind: 'refund', ...base, eventId: id.event(2), reversalId: id.reversal(1), amount: '200.10', valueDate: '2025-01-10' }, 'the verified refund event');
      const chargeback = verified(
        await handle(provider, await hooks.chargeback({ ...base, eventId: id.event(3), reversalId: id.reversal(2), amount: '799.90', at: noon('2025-01-11') })),
        'chargeback',
      );
      same(chargeback, { kind: 'chargeback', ...base, eventId: id.event(3), reversalId: id.reversal(2), amount: '799.90', valueDate: '2025-01-11' }, 'the verified chargeback event');
    },
  },
  {
    id: 'payment-provider/webhook-redelivery',
    group: 'handleWebhook',
    title: 'the same request delivered again (also as raw bytes) gives the same event with the same event id',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('again');
      const delivery = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '50.00', currency: 'EUR', at: noon('2025-01-05') });
      const first = verified(await handle(provider, delivery), 'first delivery');
      const second = verified(await handle(provider, delivery), 'second delivery');
      const bytes = verified(await handle(provider, new TextEncoder().encode(delivery.rawBody), delivery.headers), 'delivery as a Uint8Array body');
      same(second, first, 'a redelivered request must give the same event (the host deduplicates by its event id)');
      same(bytes, first, 'a body passed as bytes must give the same event as the same body as a string');
    },
  },
  {
    id: 'payment-provider/webhook-bad-signature',
    group: 'handleWebhook',
    title: "a tampered body, a missing signature or another request's signature is rejected as 'bad-signature'",
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('forged');
      const genuine = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '10.00', currency: 'EUR', at: noon('2025-01-05') });
      const other = await hooks.payment({ eventId: id.event(2), claimId: id.claimId, paymentId: `${id.paymentId}x`, amount: '99.00', currency: 'EUR', at: noon('2025-01-05') });
      // The same body with the amount raised: "10.00" → "910.00" (JSON or XML text), or 1000 → 91000 in minor units.
      const tampered = genuine.rawBody.replace(/1000(?!\d)/, '91000').replace('"10.00"', '"910.00"').replace('>10.00<', '>910.00<');
      ok(tampered !== genuine.rawBody, `the check could not find the amount in the simulated body to tamper with: ${show(genuine.rawBody)}`);
      rejectedForSignature(await handle(provider, { rawBody: tampered, headers: genuine.headers }), 'a body changed after signing');
      rejectedForSignature(await handle(provider, { rawBody: genuine.rawBody, headers: { 'content-type': 'application/json' } }), 'a request without signature header');
      rejectedForSignature(await handle(provider, { rawBody: genuine.rawBody, headers: other.headers }), "a body with another request's signature");
    },
  },
  {
    id: 'payment-provider/ledger-duplicate',
    group: 'ledger',
    title: 'through the host, a payment delivered twice is recorded once, with its value date and § 367 allocation',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('dup');
      const { mw, facts } = ledgerHost(id.claimId);
      await mw.createClaim(facts);
      const delivery = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '400.00', currency: 'EUR', at: noon('2025-01-08') });
      const first = await resolves(handlePaymentWebhook(mw, provider, delivery.rawBody, delivery.headers), 'first delivery through handlePaymentWebhook');
      const second = await resolves(handlePaymentWebhook(mw, provider, delivery.rawBody, delivery.headers), 'second delivery through handlePaymentWebhook');
      same(second.result?.replayed, true, 'the second delivery must be recognised as a replay (same event id)');
      const state = await mw.claim(id.claimId);
      same(
        state.payments.map((p) => ({ paymentId: p.paymentId, date: p.date, amount: p.amount, allocation: p.allocation })),
        [{ paymentId: id.paymentId, date: '2025-01-08', amount: '400.00', allocation: { costs: '0.00', interest: '0.00', principal: '400.00', unapplied: '0.00' } }],
        'the claim must hold exactly one payment, dated by its value date',
      );
      ok(first.result?.replayed === false, `the first delivery must record the payment, got ${show(first.result)}`);
    },
  },
  {
    id: 'payment-provider/ledger-out-of-order',
    group: 'ledger',
    title: 'a refund delivered before its payment is refused as retryable and writes nothing; redelivered after the payment it is recorded',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('order');
      const { mw, facts } = ledgerHost(id.claimId);
      await mw.createClaim(facts);
      const refund = await hooks.refund({ eventId: id.event(2), claimId: id.claimId, paymentId: id.paymentId, reversalId: id.reversal(1), amount: '300.00', currency: 'EUR', at: noon('2025-01-12') });
      const payment = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '1000.00', currency: 'EUR', at: noon('2025-01-06') });
      const early = await rejectsWith(handlePaymentWebhook(mw, provider, refund.rawBody, refund.headers), 'payment_not_found', 'a refund delivered before its payment');
      same(early.retryable, true, 'the refusal of a refund before its payment must be retryable (the provider delivers again)');
      same((await ledgerOf(mw, id.claimId)).types, ['claim-created'], 'nothing may be written for a refund before its payment');
      await resolves(handlePaymentWebhook(mw, provider, payment.rawBody, payment.headers), 'the late payment');
      await resolves(handlePaymentWebhook(mw, provider, refund.rawBody, refund.headers), 'the refund, redelivered');
      const state = await mw.claim(id.claimId);
      same(state.payments.map((p) => p.date), ['2025-01-06'], 'the late payment keeps its value date');
      same(
        state.reversals.map((r) => ({ kind: r.kind, date: r.date, amount: r.amount, principal: r.allocation.principal })),
        [{ kind: 'refund', date: '2025-01-12', amount: '300.00', principal: '300.00' }],
        'the redelivered refund is recorded once, against the payment, with its value date',
      );
      same((await ledgerOf(mw, id.claimId)).total, '300.00', 'after paying 1000.00 and getting 300.00 back, 300.00 is owed');
    },
  },
  {
    id: 'payment-provider/ledger-refund-reopens',
    group: 'ledger',
    title: 'a refund of a settling payment reopens the settled claim for the refunded amount',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('refund');
      const { mw, facts } = ledgerHost(id.claimId);
      await mw.createClaim(facts);
      const payment = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '1000.00', currency: 'EUR', at: noon('2025-01-06') });
      await resolves(handlePaymentWebhook(mw, provider, payment.rawBody, payment.headers), 'the payment');
      await mw.runDue();
      same((await ledgerOf(mw, id.claimId)).status, 'settled', 'paid in full, the claim is settled by the daily run');
      const refund = await hooks.refund({ eventId: id.event(2), claimId: id.claimId, paymentId: id.paymentId, reversalId: id.reversal(1), amount: '250.00', currency: 'EUR', at: noon('2025-01-13') });
      const r = await resolves(handlePaymentWebhook(mw, provider, refund.rawBody, refund.headers), 'the refund');
      same(r.result?.events.map((e) => e.type), ['payment-reversed', 'reopened'], 'the refund is recorded with its own event and reopens the claim');
      const after = await ledgerOf(mw, id.claimId);
      same([after.status, after.total], ['open', '250.00'], 'after the refund the claim is open for the refunded 250.00');
    },
  },
  {
    id: 'payment-provider/ledger-chargeback-reopens',
    group: 'ledger',
    title: 'a chargeback of the whole payment reopens the settled claim for the full amount; delivered twice it is recorded once',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('chargeback');
      const { mw, facts } = ledgerHost(id.claimId);
      await mw.createClaim(facts);
      const payment = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '1000.00', currency: 'EUR', at: noon('2025-01-06') });
      await resolves(handlePaymentWebhook(mw, provider, payment.rawBody, payment.headers), 'the payment');
      await mw.runDue();
      const chargeback = await hooks.chargeback({ eventId: id.event(2), claimId: id.claimId, paymentId: id.paymentId, reversalId: id.reversal(1), amount: '1000.00', currency: 'EUR', at: noon('2025-01-14') });
      await resolves(handlePaymentWebhook(mw, provider, chargeback.rawBody, chargeback.headers), 'the chargeback');
      await resolves(handlePaymentWebhook(mw, provider, chargeback.rawBody, chargeback.headers), 'the chargeback, delivered again');
      const state = await mw.claim(id.claimId);
      same(state.reversals.map((r) => [r.kind, r.amount, r.date]), [['chargeback', '1000.00', '2025-01-14']], 'one chargeback event, with its value date');
      const after = await ledgerOf(mw, id.claimId);
      same([after.status, after.total], ['open', '1000.00'], 'after the chargeback the whole claim is owed again');
    },
  },
  {
    id: 'payment-provider/ledger-bad-signature',
    group: 'ledger',
    title: 'through the host, a forged payment webhook writes nothing',
    unavailable: noWebhooks,
    async run(subject) {
      const { provider, hooks } = await webhookKit(subject);
      const id = ids('forged-ledger');
      const { mw, facts } = ledgerHost(id.claimId);
      await mw.createClaim(facts);
      const genuine = await hooks.payment({ eventId: id.event(1), claimId: id.claimId, paymentId: id.paymentId, amount: '10.00', currency: 'EUR', at: noon('2025-01-06') });
      const forged = genuine.rawBody.replace(/1000(?!\d)/, '100000').replace('"10.00"', '"1000.00"').replace('>10.00<', '>1000.00<');
      ok(forged !== genuine.rawBody, `the check could not find the amount in the simulated body to forge: ${show(genuine.rawBody)}`);
      const r = await resolves(handlePaymentWebhook(mw, provider, forged, genuine.headers), 'a forged request through handlePaymentWebhook');
      same(r.outcome.status, 'rejected', 'the forged request must be rejected');
      same((await ledgerOf(mw, id.claimId)).types, ['claim-created'], 'a rejected request must write nothing');
    },
  },
];
