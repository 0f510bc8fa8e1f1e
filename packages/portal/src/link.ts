import { ValidationError } from '@mahnwerk/core';

/** What a portal link grants: one claim, until an instant, for one purpose. */
export interface PortalLink {
  /** The claim the link opens. */
  readonly claimId: string;
  /** The instant the link stops working, as seconds since 1970-01-01T00:00:00Z. */
  readonly expiresAt: number;
  /** What the link is for; the portal opens only links made for `portal`. */
  readonly purpose: string;
  /** The link's id (e.g. the message it was printed on), so a host can revoke one link. */
  readonly linkId: string;
}

/** Why a link was not accepted. The debtor sees one plain page for all of them; the reason is for the host's logs. */
export type LinkRejection = 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose' | 'revoked';

/** The outcome of {@link PortalLinkSigner.verify}. */
export type LinkVerification =
  | {
      /** The link is genuine, unexpired and for the purpose asked. */
      readonly ok: true;
      /** What it grants. */
      readonly link: PortalLink;
      /** Its signature (base64url), to which the CSRF tokens of its forms are bound. */
      readonly signature: string;
    }
  | {
      /** The link is refused. */
      readonly ok: false;
      /** Why (for logs only). */
      readonly reason: LinkRejection;
    };

/** Signs and verifies portal links and the CSRF tokens bound to them (HMAC-SHA256 with WebCrypto, so it runs in Node, Deno, Bun, workers). */
export interface PortalLinkSigner {
  /** Makes the token of a link (URL-safe, no padding). */
  sign(link: PortalLink): Promise<string>;
  /**
   * Checks a token: its signature over the exact payload (constant time, by WebCrypto), its form,
   * its expiry against `nowSeconds` and its purpose. Never throws for what a token contains.
   */
  verify(token: string, nowSeconds: number, purpose?: string): Promise<LinkVerification>;
  /** The CSRF token of the forms on a link's page: an HMAC over the link's signature, so it is valid for that link only. */
  csrfToken(signature: string): Promise<string>;
  /** Whether a form's CSRF token belongs to the link with this signature (constant time). */
  verifyCsrf(signature: string, token: string): Promise<boolean>;
}

/** The shortest secret accepted, in bytes (the HMAC-SHA256 block of security a host key should give). */
export const minSecretBytes = 32;

const linkDomain = 'mahnwerk-portal-link:v1\n';
const csrfDomain = 'mahnwerk-portal-csrf:v1\n';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** @internal base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @internal base64url (no padding) to bytes, or null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function readPayload(bytes: Uint8Array): PortalLink | null {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== 4) return null;
  const [claimId, expiresAt, purpose, linkId] = raw as unknown[];
  if (typeof claimId !== 'string' || claimId === '' || typeof purpose !== 'string' || typeof linkId !== 'string') return null;
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt)) return null;
  return { claimId, expiresAt, purpose, linkId };
}

/**
 * Creates the signer of portal links from a host-held secret. A token is
 * `base64url(JSON [claimId, expiresAt, purpose, linkId]) "." base64url(HMAC-SHA256(secret, domain ‖ payload))`;
 * the payload is readable but cannot be changed without the secret. CSRF tokens are HMACs over the
 * link's signature under another domain string, so a form token of one link does not work on another.
 *
 * @param secret - at least {@link minSecretBytes} bytes (a string is taken as its UTF-8 bytes); keep it out of the repository
 * @throws ValidationError when the secret is shorter
 */
export function createPortalLinkSigner(secret: string | Uint8Array): PortalLinkSigner {
  const keyBytes = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (keyBytes.length < minSecretBytes) {
    throw new ValidationError(`secret: the portal's link secret has ${keyBytes.length} bytes; give at least ${minSecretBytes} random bytes (e.g. 64 hex characters from a secret store).`, {
      field: 'secret',
    });
  }
  const subtle = globalThis.crypto.subtle;
  const key = subtle.importKey('raw', new Uint8Array(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const mac = async (domain: string, text: string): Promise<Uint8Array> => new Uint8Array(await subtle.sign('HMAC', await key, encoder.encode(domain + text)));
  const check = async (domain: string, text: string, signature: Uint8Array): Promise<boolean> => subtle.verify('HMAC', await key, new Uint8Array(signature), encoder.encode(domain + text));

  return {
    async sign(link) {
      if (link.claimId === '' || !Number.isSafeInteger(link.expiresAt)) {
        throw new ValidationError('link: a portal link needs a claim id and an expiry in whole seconds since 1970.', { field: 'link' });
      }
      const payload = toBase64Url(encoder.encode(JSON.stringify([link.claimId, link.expiresAt, link.purpose, link.linkId])));
      return `${payload}.${toBase64Url(await mac(linkDomain, payload))}`;
    },
    async verify(token, nowSeconds, purpose = 'portal') {
      const parts = token.split('.');
      if (parts.length !== 2 || token.length > 2048) return { ok: false, reason: 'malformed' };
      const [payload, signature] = parts as [string, string];
      const sig = fromBase64Url(signature);
      const body = fromBase64Url(payload);
      if (sig === null || body === null || sig.length !== 32) return { ok: false, reason: 'malformed' };
      if (!(await check(linkDomain, payload, sig))) return { ok: false, reason: 'bad-signature' };
      const link = readPayload(body);
      if (link === null) return { ok: false, reason: 'malformed' };
      if (link.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
      if (link.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
      return { ok: true, link, signature };
    },
    async csrfToken(signature) {
      return toBase64Url(await mac(csrfDomain, signature));
    },
    async verifyCsrf(signature, token) {
      const bytes = fromBase64Url(token);
      if (bytes === null || bytes.length !== 32) return false;
      return check(csrfDomain, signature, bytes);
    },
  };
}
