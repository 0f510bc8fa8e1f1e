import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MahnwerkError, type OutgoingMessage } from '@mahnwerk/core';
import { testChannel } from '@mahnwerk/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookChannel, createWebhookSender, signWebhook, verifyWebhook, type WebhookOptions } from '../src/index.js';

const secret = 'whsec-test-0123456789abcdef';

interface Hit {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What verifyWebhook said about the request, as the receiver would check it. */
  readonly verified: boolean;
}

/** A receiver on 127.0.0.1 that verifies each request as a host would, and answers per path: `/ok`, `/gone` (410), `/bad` (400), `/flaky/N` (503 for the first N of an id, then 200), `/down` (503). */
let server: Server;
let base = '';
const hits: Hit[] = [];
beforeAll(async () => {
  const tries = new Map<string, number>();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifyWebhook({ secret, headers: req.headers, body });
      } catch {
        verified = false;
      }
      const path = req.url ?? '/';
      hits.push({ path, headers: req.headers, body, verified });
      const id = String(req.headers['webhook-id']);
      const n = (tries.get(`${path}|${id}`) ?? 0) + 1;
      tries.set(`${path}|${id}`, n);
      const flaky = /^\/flaky\/(\d+)$/.exec(path);
      const status = !verified ? 401 : path === '/gone' ? 410 : path === '/bad' ? 400 : path === '/down' ? 503 : flaky !== null && n <= Number(flaky[1]) ? 503 : 200;
      res.writeHead(status, { 'content-type': 'text/plain', ...(status === 503 ? { 'retry-after': '1' } : {}) });
      res.end(status === 200 ? 'ok' : `status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const waits: number[] = [];
const options = (path: string, over: Partial<WebhookOptions> = {}): WebhookOptions => ({
  url: `${base}${path}`,
  secret,
  backoff: { baseMs: 100, maxMs: 2_000 },
  sleep: (ms) => {
    waits.push(ms);
    return Promise.resolve();
  },
  ...over,
});
const hitsOf = (key: string): Hit[] => hits.filter((h) => h.headers['webhook-id'] === key && h.verified && h.path === '/ok');

testChannel('webhook over HTTP', () => createWebhookChannel(options('/ok')), {
  deliveries: (_c, key) => hitsOf(key).length,
  received: (_c, key) => hitsOf(key).map((h) => h.body).join('\n'),
  failing: () => createWebhookChannel(options('/down', { attempts: 2 })),
  bouncing: () => createWebhookChannel(options('/gone')),
});

const message: OutgoingMessage = {
  id: 'RE-9:msg:reminder:1',
  claimId: 'RE-9',
  channel: 'webhook',
  to: { name: 'Jürgen Weiß', email: 'j@example.org' },
  subject: 'Zahlungserinnerung',
  text: 'Bitte zahlen Sie 12,50 €.',
  locale: 'de',
};

describe('createWebhookChannel: what the receiver gets', () => {
  it('a JSON POST with webhook-id = idempotency key, a current timestamp and an HMAC-SHA256 signature over "id.timestamp.body" that verifies', async () => {
    const t = Math.floor(Date.now() / 1000);
    const channel = createWebhookChannel(options('/ok', { now: () => t }));
    const receipt = await channel.send(message, { idempotencyKey: 'hook-1' });
    expect(receipt).toEqual({ providerMessageId: 'hook-1', status: 'delivered' });
    const [hit] = hits.filter((h) => h.headers['webhook-id'] === 'hook-1');
    expect(hit?.headers['content-type']).toBe('application/json');
    expect(hit?.headers['webhook-timestamp']).toBe(String(t));
    // the signature computed independently of signWebhook
    const expected = createHmac('sha256', secret).update(`hook-1.${t}.${hit?.body}`).digest('base64');
    expect(hit?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(hit?.body as string)).toEqual({ id: 'hook-1', type: 'mahnwerk.message', claimId: 'RE-9', data: message });
  });

  it('5xx is retried with exponential backoff (Retry-After honoured), each attempt signed afresh; the receiver sees one id until it says 200', async () => {
    waits.length = 0;
    const sender = createWebhookSender(options('/flaky/2', { backoff: { baseMs: 100, maxMs: 500 } }));
    await sender.deliver({ id: 'x', type: 'mahnwerk.message', claimId: 'RE-9', data: { n: 1 } }, { idempotencyKey: 'hook-2' });
    const tries = hits.filter((h) => h.headers['webhook-id'] === 'hook-2');
    expect(tries.map((h) => h.verified)).toEqual([true, true, true]);
    // Retry-After: 1 s, capped at maxMs 500
    expect(waits).toEqual([500, 500]);
    waits.length = 0;
    const plain = createWebhookSender(options('/down', { attempts: 4, backoff: { baseMs: 100, maxMs: 10_000 }, fetch: async (u, i) => { const r = await fetch(u, i); return new Response(await r.text(), { status: r.status }); } }));
    const error = await plain.deliver({ id: 'x', type: 'mahnwerk.message', claimId: 'RE-9', data: {} }, { idempotencyKey: 'hook-3' }).catch((e: unknown) => e);
    expect(waits).toEqual([100, 200, 400]);
    expect(error).toMatchObject({ code: 'adapter_failed', retryable: true, bounced: false });
    expect((error as Error).message).toContain('not delivered after 4 attempt(s), last HTTP 503');
  });

  it('a receiver refuses a delivery stamped an hour ago (replay tolerance 300 s): 401, not retried', async () => {
    const stale = await createWebhookChannel(options('/ok', { now: () => Math.floor(Date.now() / 1000) - 3600 })).send(message, { idempotencyKey: 'hook-stale' }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'adapter_failed', retryable: false });
    expect(hits.filter((h) => h.headers['webhook-id'] === 'hook-stale').map((h) => h.verified)).toEqual([false]);
  });

  it('400 is not retried (retryable false); 410 Gone is a bounce', async () => {
    const bad = await createWebhookChannel(options('/bad')).send(message, { idempotencyKey: 'hook-4' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'adapter_failed', retryable: false, bounced: false });
    expect(hits.filter((h) => h.headers['webhook-id'] === 'hook-4')).toHaveLength(1);
    const gone = await createWebhookChannel(options('/gone')).send(message, { idempotencyKey: 'hook-5' }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'adapter_failed', retryable: false, bounced: true });
  });

  it('postEvent sends a ledger event as mahnwerk.claim-event', async () => {
    const sender = createWebhookSender(options('/ok'));
    await sender.postEvent({ type: 'settled', claimId: 'RE-9', date: '2025-03-01' }, { idempotencyKey: 'RE-9:event:12' });
    const [hit] = hitsOf('RE-9:event:12');
    expect(JSON.parse(hit?.body as string)).toEqual({ id: 'RE-9:event:12', type: 'mahnwerk.claim-event', claimId: 'RE-9', data: { type: 'settled', claimId: 'RE-9', date: '2025-03-01' } });
  });

  it('refuses plain http to a remote host and a short secret', () => {
    expect(() => createWebhookChannel({ url: 'http://example.org/hook', secret })).toThrow(/must use https/);
    expect(() => createWebhookChannel({ url: 'https://example.org/hook', secret: 'short' })).toThrow(/at least 16 characters/);
  });
});

describe('verifyWebhook: the receiving side', () => {
  const body = JSON.stringify({ id: 'd-1', type: 'mahnwerk.message', claimId: 'RE-9', data: {} });
  const signed = (over: Record<string, string> = {}, ts = 1_700_000_000) => ({
    'webhook-id': 'd-1',
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secret, 'd-1', ts, body),
    ...over,
  });
  const field = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (error) {
      return MahnwerkError.isInstance(error) ? error.field : 'not a MahnwerkError';
    }
    return undefined;
  };

  it('accepts a correct delivery within the tolerance and returns id, timestamp and payload', () => {
    expect(verifyWebhook({ secret, headers: signed(), body, now: 1_700_000_299 })).toEqual({ id: 'd-1', timestamp: 1_700_000_000, payload: JSON.parse(body) as unknown });
    // Headers objects (fetch) work too, and a second secret while rotating
    expect(verifyWebhook({ secret: ['old-secret-0123456789', secret], headers: new Headers(signed()), body, now: 1_700_000_000 }).id).toBe('d-1');
  });

  it('rejects a wrong signature, a changed body, a swapped id, a missing header', () => {
    expect(field(() => verifyWebhook({ secret: 'another-secret-0123456789', headers: signed(), body, now: 1_700_000_000 }))).toBe('webhook-signature');
    expect(field(() => verifyWebhook({ secret, headers: signed(), body: body.replace('RE-9', 'RE-8'), now: 1_700_000_000 }))).toBe('webhook-signature');
    expect(field(() => verifyWebhook({ secret, headers: signed({ 'webhook-id': 'd-2' }), body, now: 1_700_000_000 }))).toBe('webhook-signature');
    expect(field(() => verifyWebhook({ secret, headers: { 'webhook-id': 'd-1', 'webhook-timestamp': '1700000000' }, body, now: 1_700_000_000 }))).toBe('webhook-signature');
    expect(field(() => verifyWebhook({ secret, headers: signed({ 'webhook-signature': 'v1,' }), body, now: 1_700_000_000 }))).toBe('webhook-signature');
  });

  it('rejects replays: a timestamp older (or newer) than the tolerance, and an id already seen', () => {
    expect(field(() => verifyWebhook({ secret, headers: signed(), body, now: 1_700_000_301 }))).toBe('webhook-timestamp');
    expect(field(() => verifyWebhook({ secret, headers: signed(), body, now: 1_700_000_000 - 301 }))).toBe('webhook-timestamp');
    expect(field(() => verifyWebhook({ secret, headers: signed(), body, now: 1_700_000_060, toleranceSeconds: 30 }))).toBe('webhook-timestamp');
    expect(field(() => verifyWebhook({ secret, headers: signed({ 'webhook-timestamp': 'yesterday' }), body, now: 1_700_000_000 }))).toBe('webhook-timestamp');
    const seen = new Set(['d-1']);
    expect(field(() => verifyWebhook({ secret, headers: signed(), body, now: 1_700_000_000, seen: (id) => seen.has(id) }))).toBe('webhook-id');
  });
});
