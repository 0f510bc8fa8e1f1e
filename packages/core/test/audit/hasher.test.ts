import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendAudit,
  buildAuditChain,
  hashEntry,
  nobleSha256Hasher,
  ValidationError,
  verifyAudit,
  type AuditHasher,
} from '../../src/index.js';

// The audit chain hashes through an injected AuditHasher (default: @noble/hashes). The chain's hash
// is defined as SHA-256 of the canonical preimage, so every hasher must give the same entries.

/** SHA-256 by Node's OpenSSL binding — an independent implementation (allowed in tests only). */
const opensslHasher: AuditHasher = { algorithm: 'sha-256', sha256Hex: (t) => createHash('sha256').update(t, 'utf8').digest('hex') };

/** A hasher that counts its calls and delegates to OpenSSL, to prove the injected one is used. */
function counting(): AuditHasher & { calls: number } {
  const h = { algorithm: 'sha-256' as const, calls: 0, sha256Hex: (t: string) => (h.calls++, opensslHasher.sha256Hex(t)) };
  return h;
}

const events = [
  { type: 'settled', claimId: 'A-1', date: '2025-03-01' },
  { type: 'payment-received', claimId: 'A-1', date: '2025-03-02', amount: '12.50', note: 'Grüße € 🙂' },
  { type: 'reopened', claimId: 'A-1', date: '2025-03-03' },
];

describe('injected audit hasher', () => {
  it('the default hasher is SHA-256: the documented example hash (auditPreimage TSDoc) and the empty string', () => {
    expect(nobleSha256Hasher.sha256Hex(`{"event":{"type":"settled"},"prevHash":"${'0'.repeat(64)}","seq":0}`)).toBe(
      'c611ce3e9e2a8f3339a879256523f5b2c2cb6324486d04c203f778b74c7a01c3',
    );
    // FIPS 180-4 test vector: SHA-256 of the empty message.
    expect(nobleSha256Hasher.sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('the default hasher equals OpenSSL SHA-256 on any text, including non-ASCII and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(nobleSha256Hasher.sha256Hex(text)).toBe(opensslHasher.sha256Hex(text));
      }),
    );
  }, 30_000);

  it('appendAudit, buildAuditChain, hashEntry and verifyAudit use the injected hasher, and give the same entries as the default', () => {
    const h = counting();
    const chain = buildAuditChain(events, { hasher: h });
    expect(h.calls).toBe(3);
    expect(chain).toEqual(buildAuditChain(events));
    const next = appendAudit(chain, { type: 'settled', claimId: 'A-1', date: '2025-03-04' }, { hasher: h });
    expect(h.calls).toBe(4);
    expect(next).toEqual(appendAudit(chain, { type: 'settled', claimId: 'A-1', date: '2025-03-04' }));
    expect(hashEntry(1, events[1], chain[0]!.hash, { hasher: h })).toBe(chain[1]!.hash);
    expect(h.calls).toBe(5);
    expect(verifyAudit([...chain, next], { hasher: h })).toEqual({ ok: true, length: 4, head: next.hash });
    expect(h.calls).toBe(9);
  });

  it('a chain written with one hasher verifies with the other', () => {
    const chain = buildAuditChain(events, { hasher: opensslHasher });
    expect(verifyAudit(chain)).toMatchObject({ ok: true, length: 3 });
  });

  it('a hasher that gives a different digest is detected by verifyAudit as altered entries (a wrong hasher cannot pass silently)', () => {
    const wrong: AuditHasher = { algorithm: 'sha-256', sha256Hex: (t) => opensslHasher.sha256Hex(`${t}x`) };
    const chain = buildAuditChain(events);
    expect(verifyAudit(chain, { hasher: wrong })).toMatchObject({ ok: false, index: 0, problem: 'altered' });
  });

  it('something that is not an AuditHasher is a ValidationError naming hasher', () => {
    const bad = { algorithm: 'md5', sha256Hex: () => '' } as unknown as AuditHasher;
    expect(() => appendAudit([], events[0], { hasher: bad })).toThrow(ValidationError);
    expect(() => buildAuditChain(events, { hasher: {} as AuditHasher })).toThrow(/hasher: expected an AuditHasher/);
  });
});
