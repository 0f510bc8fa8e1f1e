import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAuditChain, nobleSha256Hasher, personalDataCommitment, verifyAudit } from '@mahnwerk/core';
import { nodeSha256Hasher } from '../src/node-hasher.js';

// The Node hasher must be the same SHA-256 as core's default: chains written with either verify
// with the other.
describe('nodeSha256Hasher (node:crypto)', () => {
  it('gives the FIPS 180-4 digest of "abc"', () => {
    expect(nodeSha256Hasher.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('equals the default noble hasher on any text (UTF-8, astral characters, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(nodeSha256Hasher.sha256Hex(text)).toBe(nobleSha256Hasher.sha256Hex(text));
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('a chain built with it verifies with the default hasher', () => {
    const events = [
      { type: 'settled', claimId: 'A-1', date: '2025-03-01' },
      { type: 'reopened', claimId: 'A-1', date: '2025-03-02', note: 'Zahlung zurückgebucht' },
    ];
    const chain = buildAuditChain(events, { hasher: nodeSha256Hasher });
    expect(verifyAudit(chain)).toMatchObject({ ok: true, length: 2 });
  });

  it('gives the same personal-data commitment as core\'s default', () => {
    const data = { name: 'Erika Mustermann', email: 'erika@example.org', address: ['Heidestraße 17', '51147 Köln'] };
    const salt = 'ab'.repeat(32);
    expect(personalDataCommitment(data, salt, { hasher: nodeSha256Hasher })).toBe(personalDataCommitment(data, salt));
  });
});
