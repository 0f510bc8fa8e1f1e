import { MahnwerkError } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createPortalLinkSigner, createRateLimiter, minSecretBytes } from '../src/index.js';
import { fromBase64Url, toBase64Url } from '../src/link.js';
import { secret } from './setup.js';

const link = { claimId: 'INV-1', expiresAt: 1_800_000_000, purpose: 'portal', linkId: 'msg-1' };

describe('portal links: HMAC-SHA256 over claim, expiry and purpose (WebCrypto)', () => {
  it('a signed link verifies before its expiry and gives back what was signed', async () => {
    const signer = createPortalLinkSigner(secret);
    const token = await signer.sign(link);
    const v = await signer.verify(token, link.expiresAt - 1);
    expect(v).toMatchObject({ ok: true, link });
  });

  it('a link is refused from the second of its expiry on', async () => {
    const signer = createPortalLinkSigner(secret);
    const token = await signer.sign(link);
    expect(await signer.verify(token, link.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a changed payload (another claim, a later expiry) fails the signature', async () => {
    const signer = createPortalLinkSigner(secret);
    const token = await signer.sign(link);
    const [, sig] = token.split('.') as [string, string];
    for (const forged of [
      { ...link, claimId: 'INV-2' },
      { ...link, expiresAt: link.expiresAt + 86_400 },
    ]) {
      const payload = toBase64Url(new TextEncoder().encode(JSON.stringify([forged.claimId, forged.expiresAt, forged.purpose, forged.linkId])));
      expect(await signer.verify(`${payload}.${sig}`, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('a link signed with another secret is refused; garbage is malformed, never an exception', async () => {
    const other = createPortalLinkSigner('another-secret-another-secret-an');
    const token = await other.sign(link);
    const signer = createPortalLinkSigner(secret);
    expect(await signer.verify(token, 0)).toEqual({ ok: false, reason: 'bad-signature' });
    for (const junk of ['', 'abc', 'a.b.c', '!!!.???', `${token}x`, 'x'.repeat(5000)]) {
      const v = await signer.verify(junk, 0);
      expect(v.ok).toBe(false);
    }
  });

  it('a link made for another purpose does not open the portal', async () => {
    const signer = createPortalLinkSigner(secret);
    const token = await signer.sign({ ...link, purpose: 'unsubscribe' });
    expect(await signer.verify(token, 0)).toEqual({ ok: false, reason: 'wrong-purpose' });
  });

  it('the CSRF token is bound to its link: valid for it, invalid for another link', async () => {
    const signer = createPortalLinkSigner(secret);
    const a = await signer.verify(await signer.sign(link), 0);
    const b = await signer.verify(await signer.sign({ ...link, claimId: 'INV-2' }), 0);
    if (!a.ok || !b.ok) throw new Error('links must verify');
    const csrf = await signer.csrfToken(a.signature);
    expect(await signer.verifyCsrf(a.signature, csrf)).toBe(true);
    expect(await signer.verifyCsrf(b.signature, csrf)).toBe(false);
    expect(await signer.verifyCsrf(a.signature, 'forged')).toBe(false);
  });

  it(`refuses a secret shorter than ${minSecretBytes} bytes with a ValidationError`, () => {
    expect(() => createPortalLinkSigner('short')).toThrow(MahnwerkError);
    expect(() => createPortalLinkSigner('short')).toThrow(/at least 32/);
  });

  it('base64url round-trips every byte value (RFC 4648 § 5, no padding)', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Array.from(fromBase64Url(text) ?? [])).toEqual(Array.from(bytes));
  });
});

describe('rate limiter: a fixed window per key', () => {
  it('allows `limit` requests per window and key, then asks to retry when the window ends', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000, now: () => now });
    expect(limiter.hit('a')).toEqual({ allowed: true });
    expect(limiter.hit('a')).toEqual({ allowed: true });
    expect(limiter.hit('b')).toEqual({ allowed: true });
    now = 4_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    now = 10_000;
    expect(limiter.hit('a')).toEqual({ allowed: true });
  });
});
