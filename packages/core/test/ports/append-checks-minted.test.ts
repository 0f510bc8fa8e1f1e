import { describe, expect, it } from 'vitest';
import {
  appendAudit,
  buildAuditChain,
  checkAppendContinues,
  mintingHasher,
  nobleSha256Hasher,
  type AppendRequest,
  type AuditEntry,
  type AuditHasher,
  type ClaimEvent,
} from '../../src/index.js';

// The chain check of a store skips recomputing the hash of an entry appendAudit made in this
// process with a hasher it trusts (core's, or its own) — and only of such an entry: everything
// else is hashed again, so a write whose chain is broken is still refused.

/** Counts SHA-256 calls. */
function counting(): AuditHasher & { calls: number } {
  const h = { algorithm: 'sha-256' as const, calls: 0, sha256Hex: (text: string): string => (h.calls++, nobleSha256Hasher.sha256Hex(text)) };
  return h;
}

const created = { type: 'claim-created', claimId: 'M-1', date: '2025-01-02', note: 'first' } as unknown as ClaimEvent;
const later = { type: 'promise-to-pay', claimId: 'M-1', date: '2025-01-03', amount: '10.00', by: '2025-01-10' } as unknown as ClaimEvent;

const request = (entries: readonly AuditEntry<ClaimEvent>[], expectedVersion = 0): AppendRequest => ({
  claimId: 'M-1',
  debtorId: 'D-1',
  expectedVersion,
  entries,
  nextReviewAt: null,
});

describe('checkAppendContinues trusts only entries appendAudit made with a trusted hasher', () => {
  it('entries made by appendAudit with core’s hasher or the check’s own are not hashed again; their links still are checked', () => {
    const check = counting();
    const chain = buildAuditChain([created, later]);
    expect(mintingHasher(chain[0] as AuditEntry<unknown>)).toBe(nobleSha256Hasher);
    checkAppendContinues(request(chain), undefined, true, { hasher: check });
    expect(check.calls).toBe(0);
    const own = buildAuditChain([created, later], { hasher: check });
    const before = check.calls;
    checkAppendContinues(request(own), undefined, true, { hasher: check });
    expect(check.calls).toBe(before);
    // A trusted entry in the wrong place: its link is checked all the same.
    expect(() => checkAppendContinues(request([chain[1] as AuditEntry<ClaimEvent>], 1), { debtorId: 'D-1', headHash: 'f'.repeat(64) }, true, { hasher: check })).toThrow(/prevHash/);
  });

  it('a copy of a made entry with its event changed is hashed again and refused', () => {
    const check = counting();
    const [first] = buildAuditChain([created]) as [AuditEntry<ClaimEvent>];
    const forged = { ...first, event: { ...first.event, note: 'changed' } as ClaimEvent };
    expect(mintingHasher(forged)).toBeUndefined();
    expect(() => checkAppendContinues(request([forged]), undefined, true, { hasher: check })).toThrow(/hash/);
    expect(check.calls).toBe(1);
  });

  it('a made entry cannot be changed in place: it and its event are frozen', () => {
    const [first] = buildAuditChain([created]) as [AuditEntry<ClaimEvent>];
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.event)).toBe(true);
    expect(() => {
      (first.event as unknown as { note: string }).note = 'changed';
    }).toThrow(TypeError);
  });

  it('an entry made with another hasher (not SHA-256 here) is hashed again with the check’s and refused', () => {
    const bogus: AuditHasher = { algorithm: 'sha-256', sha256Hex: (text) => nobleSha256Hasher.sha256Hex(`salt:${text}`) };
    const entry = appendAudit([], created, { hasher: bogus });
    expect(mintingHasher(entry)).toBe(bogus);
    const check = counting();
    expect(() => checkAppendContinues(request([entry]), undefined, true, { hasher: check })).toThrow(/hash/);
    expect(check.calls).toBe(1);
  });
});
