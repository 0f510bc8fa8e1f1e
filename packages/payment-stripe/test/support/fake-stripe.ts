import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedPayment, SimulatedReversal, WebhookSimulator } from '@mahnwerk/testing';
import Stripe from 'stripe';

/** One request the fake Stripe API received. */
export interface FakeStripeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The form-encoded body as Stripe reads it (bracket keys kept, e.g. `line_items[0][price_data][unit_amount]`). */
  readonly form: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

/**
 * A local HTTP server standing in for the Stripe API (stripe-mock is a Go binary and not available
 * here). It checks each request the way Stripe does — secret key in `Authorization: Bearer`,
 * form encoding, an `Idempotency-Key` on every POST, integer `unit_amount` in minor units, lower-case
 * currency — answers with Stripe's error shape when a rule is broken, and replays the first answer
 * for a repeated idempotency key (a different body under the same key is an idempotency error).
 */
export interface FakeStripe {
  readonly port: number;
  readonly requests: FakeStripeRequest[];
  /** Rule violations found in requests (a correct adapter causes none). */
  readonly violations: string[];
  /** PaymentIntents the API knows (the simulator adds those of simulated payments). */
  readonly paymentIntents: Map<string, { id: string; metadata: Record<string, string> }>;
  /** Makes every API call answer with this HTTP status (e.g. 500, 400), or undefined to answer normally. */
  failWith: number | undefined;
  client(): Stripe;
  close(): Promise<void>;
}

const errorBody = (type: string, message: string, param?: string) => JSON.stringify({ error: { type, message, ...(param === undefined ? {} : { param }) } });

export async function startFakeStripe(secretKey = 'sk_test_mahnwerk'): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const violations: string[] = [];
  const idempotent = new Map<string, { rawBody: string; status: number; body: string }>();
  const paymentIntents = new Map<string, { id: string; metadata: Record<string, string> }>();
  let sessions = 0;

  const handle = (req: IncomingMessage, rawBody: string, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const form: Record<string, string> = {};
    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${requests.length}`, ...extra });
      res.end(body);
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      violations.push(`${req.method} ${url.pathname}: Authorization is not "Bearer <secret key>"`);
      send(401, errorBody('invalid_request_error', 'Invalid API Key provided'));
      return;
    }
    if (req.method === 'POST') {
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        violations.push(`POST ${url.pathname}: content-type ${String(req.headers['content-type'])} is not form encoding`);
      }
      for (const [k, v] of new URLSearchParams(rawBody)) form[k] = v;
    }
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, form, rawBody });
    if (fake.failWith !== undefined) {
      send(fake.failWith, errorBody(fake.failWith >= 500 ? 'api_error' : 'invalid_request_error', `simulated HTTP ${fake.failWith}`));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key === '') {
        violations.push('POST /v1/checkout/sessions without Idempotency-Key');
      } else {
        const seen = idempotent.get(key);
        if (seen !== undefined) {
          if (seen.rawBody !== rawBody) {
            send(400, errorBody('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with.`));
            return;
          }
          send(seen.status, seen.body, { 'idempotent-replayed': 'true' });
          return;
        }
      }
      const problems: string[] = [];
      if (form.mode !== 'payment') problems.push(`mode ${form.mode} is not payment`);
      const unit = form['line_items[0][price_data][unit_amount]'] ?? '';
      if (!/^[1-9]\d*$/.test(unit)) problems.push(`line_items[0][price_data][unit_amount] "${unit}" is not a positive integer in minor units`);
      const currency = form['line_items[0][price_data][currency]'] ?? '';
      if (!/^[a-z]{3}$/.test(currency)) problems.push(`currency "${currency}" is not a lower-case ISO code`);
      if (form['line_items[0][quantity]'] !== '1') problems.push('quantity is not 1');
      if (!form.success_url) problems.push('success_url is missing');
      if (form.expires_at !== undefined && !/^\d+$/.test(form.expires_at)) problems.push('expires_at is not a unix timestamp');
      if (problems.length > 0) {
        violations.push(...problems.map((p) => `POST /v1/checkout/sessions: ${p}`));
        send(400, errorBody('invalid_request_error', problems.join('; ')));
        return;
      }
      sessions += 1;
      const id = `cs_test_${sessions}`;
      const metadata = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]));
      const body = JSON.stringify({
        id,
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: Number(unit),
        currency,
        client_reference_id: form.client_reference_id ?? null,
        metadata,
        expires_at: form.expires_at === undefined ? null : Number(form.expires_at),
        url: `https://checkout.stripe.com/c/pay/${id}`,
      });
      if (typeof key === 'string' && key !== '') idempotent.set(key, { rawBody, status: 200, body });
      send(200, body);
      return;
    }
    const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && intent !== null) {
      const pi = paymentIntents.get(decodeURIComponent(intent[1] as string));
      if (pi === undefined) send(404, errorBody('invalid_request_error', `No such payment_intent: '${intent[1]}'`, 'intent'));
      else send(200, JSON.stringify({ object: 'payment_intent', ...pi }));
      return;
    }
    send(404, errorBody('invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeStripe = {
    port,
    requests,
    violations,
    paymentIntents,
    failWith: undefined,
    client: () => new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
  return fake;
}

/** Minor units of a decimal string, by hand (tests only; the adapter's own conversion is under test elsewhere). */
function cents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  return Number.parseInt(`${whole}${frac.padEnd(2, '0')}`, 10);
}

const unix = (at: string): number => Math.floor(Date.parse(at) / 1000);

/**
 * Signed Stripe webhook requests for the conformance suite, in Stripe's event format (API version
 * of the installed `stripe` package), signed with `stripe.webhooks.generateTestHeaderString`.
 * Payments register their PaymentIntent (with the claim in its metadata) in the fake API, as a
 * payment through a mahnwerk Checkout Session would.
 */
export function stripeWebhooks(fake: FakeStripe, secret: string): WebhookSimulator {
  const stripe = fake.client();
  const sign = (event: Record<string, unknown>) => {
    const rawBody = JSON.stringify(event, null, 2);
    return { rawBody, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret }) } };
  };
  const envelope = (id: string, type: string, created: number, object: Record<string, unknown>) => ({
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const knowIntent = (p: SimulatedPayment) => fake.paymentIntents.set(p.paymentId, { id: p.paymentId, metadata: { mahnwerk_claim_id: p.claimId } });
  return {
    payment(p) {
      knowIntent(p);
      return sign(
        envelope(p.eventId, 'checkout.session.completed', unix(p.at), {
          id: `cs_test_${p.paymentId}`,
          object: 'checkout.session',
          mode: 'payment',
          status: 'complete',
          payment_status: 'paid',
          amount_total: cents(p.amount),
          currency: p.currency.toLowerCase(),
          client_reference_id: p.claimId,
          metadata: { mahnwerk_claim_id: p.claimId },
          payment_intent: p.paymentId,
        }),
      );
    },
    refund(r: SimulatedReversal) {
      knowIntent(r);
      const refund = { id: r.reversalId, object: 'refund', amount: cents(r.amount), currency: r.currency.toLowerCase(), created: unix(r.at), charge: `ch_${r.paymentId}`, payment_intent: r.paymentId, status: 'succeeded', metadata: {} };
      return sign(
        envelope(r.eventId, 'charge.refunded', unix(r.at), {
          id: `ch_${r.paymentId}`,
          object: 'charge',
          amount: cents(r.amount),
          amount_refunded: cents(r.amount),
          currency: r.currency.toLowerCase(),
          payment_intent: r.paymentId,
          refunded: false,
          metadata: {},
          refunds: { object: 'list', data: [refund], has_more: false, url: `/v1/charges/ch_${r.paymentId}/refunds` },
        }),
      );
    },
    chargeback(r: SimulatedReversal) {
      knowIntent(r);
      return sign(
        envelope(r.eventId, 'charge.dispute.created', unix(r.at), {
          id: r.reversalId,
          object: 'dispute',
          amount: cents(r.amount),
          currency: r.currency.toLowerCase(),
          created: unix(r.at),
          charge: `ch_${r.paymentId}`,
          payment_intent: r.paymentId,
          reason: 'fraudulent',
          status: 'needs_response',
          metadata: {},
        }),
      );
    },
  };
}
