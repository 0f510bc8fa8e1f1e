// The audit anchor outside the database (issue 9 point 6): checkpoints signed with a host-held key
// and exported elsewhere detect a store whose entries were truncated, deleted, or rewritten (with
// and without re-hashing), naming the claim and the position.
import { describe, expect, it } from 'vitest';
import {
  buildAuditChain,
  checkpointPreimage,
  createAuditAnchor,
  createMahnwerk,
  ed25519CheckpointSigner,
  ed25519CheckpointVerifier,
  GENESIS_HASH,
  hmacCheckpointKey,
  nobleSha256Hasher,
  verifyAnchoredStore,
  verifyAudit,
  type AuditEntry,
  type Checkpoint,
  type CheckpointSigner,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type StoredClaim,
} from '../../src/index.js';
import { memoryStore } from '../engine/memory-store.js';

const KEY = 'a1'.repeat(32);

describe('checkpoint signers', () => {
  it('HMAC-SHA256 equals RFC 4231 test case 7 (131-byte key 0xaa…, the long test message)', () => {
    const key = hmacCheckpointKey('aa'.repeat(131), 'rfc4231');
    const message = 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.';
    // RFC 4231 § 4.8, HMAC-SHA-256.
    expect(key.sign(message)).toBe('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2');
    expect(key.verify(message, '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2')).toBe(true);
    expect(key.verify(message, '0b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2')).toBe(false);
  });

  it('Ed25519 equals RFC 8032 § 7.1 TEST 1 (empty message): public key and signature', () => {
    const signer = ed25519CheckpointSigner('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'rfc8032');
    expect(signer.publicKey).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const signature = signer.sign('');
    expect(signature).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    const verifier = ed25519CheckpointVerifier(signer.publicKey, 'rfc8032');
    expect(verifier.verify('', signature)).toBe(true);
    expect(verifier.verify('x', signature)).toBe(false);
  });

  it('refuses an HMAC key shorter than 32 bytes', () => {
    expect(() => hmacCheckpointKey('ab'.repeat(16), 'short')).toThrow(/at least 32 bytes/);
  });
});

function clockAt(date: IsoDate) {
  const c = { date, today: () => c.date, now: () => `${c.date}T10:15:00+01:00` };
  return c;
}

/** A host with an anchor exporting to an array (the "somewhere else"), and three claims with history. */
async function anchoredBook(signer: CheckpointSigner = hmacCheckpointKey(KEY, 'k1')) {
  const store = memoryStore();
  const exported: Checkpoint[] = [];
  const anchor = createAuditAnchor({ signer, onCheckpoint: (c) => void exported.push(c), stream: 'worker-1' });
  const clock = clockAt('2025-01-02');
  const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', anchor });
  for (const id of ['A', 'B', 'C']) {
    await mw.createClaim({
      id,
      debtor: { id: `D-${id}`, kind: 'consumer', name: `Debtor ${id}`, email: `${id.toLowerCase()}@example.org`, address: ['Musterstr. 1', '10115 Berlin'] },
      principal: '500.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
    });
  }
  clock.date = '2025-02-20';
  await mw.runDue('2025-02-20');
  await mw.recordPayment({ claimId: 'B', paymentId: 'P-1', amount: '100.00', date: '2025-02-18' });
  return { store, exported, mw };
}

/** A copy of the store's claims with `change` applied: what an attacker with the database could leave behind. */
async function tampered(source: ClaimStore, ids: readonly string[], change: (claimId: string, entries: AuditEntry<ClaimEvent>[]) => AuditEntry<ClaimEvent>[] | null): Promise<Pick<ClaimStore, 'load'>> {
  const claims = new Map<string, StoredClaim>();
  for (const id of ids) {
    const stored = (await source.load(id)) as StoredClaim;
    const entries = change(id, [...stored.entries]);
    if (entries !== null) claims.set(id, { ...stored, entries, version: entries.length });
  }
  return { load: (id) => Promise.resolve(claims.get(id) ?? null) };
}

describe('verifyAnchoredStore: the four tamperings of issue 9 point 6 on the memory store', () => {
  it('an untouched store verifies; every append made one checkpoint, linked and signed', async () => {
    const { store, exported } = await anchoredBook();
    const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.claims).toBe(3);
    // 3 creates + one run decision per claim + one payment = 7 appends at least; sequences 1..n without gaps.
    expect(exported.map((c) => c.sequence)).toEqual(exported.map((_, i) => i + 1));
    expect(exported[0]?.prevDigest).toBe(GENESIS_HASH);
    for (let i = 1; i < exported.length; i++) expect(exported[i]?.prevDigest).toBe(exported[i - 1]?.digest);
  });

  it('truncated: entries cut off the end of claim B → "truncated" at the first missing seq', async () => {
    const { store, exported } = await anchoredBook();
    const full = (await store.load('B'))?.entries.length ?? 0;
    const cut = await tampered(store, ['A', 'B', 'C'], (id, e) => (id === 'B' ? e.slice(0, full - 2) : e));
    const result = await verifyAnchoredStore({ store: cut, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ claimId: 'B', position: full - 2, problem: 'truncated' })]);
  });

  it('deleted: claim C removed from the store → "deleted"', async () => {
    const { store, exported } = await anchoredBook();
    const gone = await tampered(store, ['A', 'B', 'C'], (id, e) => (id === 'C' ? null : e));
    const result = await verifyAnchoredStore({ store: gone, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.findings).toEqual([expect.objectContaining({ claimId: 'C', problem: 'deleted' })]);
  });

  it('rewritten without re-hashing: the principal of A changed in place → "altered" at seq 0', async () => {
    const { store, exported } = await anchoredBook();
    const forged = await tampered(store, ['A', 'B', 'C'], (id, e) => {
      if (id !== 'A') return e;
      const first = e[0] as AuditEntry<ClaimEvent>;
      const event = first.event as Extract<ClaimEvent, { type: 'claim-created' }>;
      return [{ ...first, event: { ...event, claim: { ...event.claim, principal: '50.00' } } }, ...e.slice(1)];
    });
    const result = await verifyAnchoredStore({ store: forged, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.findings).toEqual([expect.objectContaining({ claimId: 'A', position: 0, problem: 'altered' })]);
  });

  it('rewritten and re-hashed: the payment of B lowered and every hash recomputed (a valid chain) → "altered" at the payment\'s seq', async () => {
    const { store, exported } = await anchoredBook();
    const stored = (await store.load('B')) as StoredClaim;
    const at = stored.entries.findIndex((e) => e.event.type === 'payment-received');
    expect(at).toBeGreaterThan(0);
    const forged = await tampered(store, ['A', 'B', 'C'], (id, e) => {
      if (id !== 'B') return e;
      const events = e.map((x) => x.event);
      events[at] = { ...(events[at] as ClaimEvent), amount: '10.00' } as ClaimEvent;
      return buildAuditChain(events);
    });
    // The store alone cannot see it: the re-hashed chain is internally valid.
    const alone = (await forged.load('B')) as StoredClaim;
    expect(verifyAudit(alone.entries, { expectedLength: alone.version }).ok).toBe(true);
    const result = await verifyAnchoredStore({ store: forged, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.findings).toEqual([expect.objectContaining({ claimId: 'B', position: at, problem: 'altered' })]);
  });

  it('Ed25519: the auditor verifies with the public key alone; a wrong public key makes every checkpoint unverifiable', async () => {
    const signer = ed25519CheckpointSigner('11'.repeat(32), 'ed-1');
    const { store, exported } = await anchoredBook(signer);
    expect((await verifyAnchoredStore({ store, checkpoints: exported, verifier: ed25519CheckpointVerifier(signer.publicKey, 'ed-1') })).ok).toBe(true);
    const other = ed25519CheckpointSigner('22'.repeat(32), 'ed-1');
    const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: ed25519CheckpointVerifier(other.publicKey, 'ed-1') });
    expect(result.findings.length).toBe(exported.length);
    expect(result.findings.every((f) => f.problem === 'checkpoint-invalid')).toBe(true);
  });

  it('a forged checkpoint log is caught: a changed head fails its digest, a re-signed one without the key fails its signature, a dropped one breaks the sequence', async () => {
    const { store, exported } = await anchoredBook();
    const verifier = hmacCheckpointKey(KEY, 'k1');
    const changed = exported.map((c, i) => (i === 2 ? { ...c, head: 'f'.repeat(64) } : c));
    expect((await verifyAnchoredStore({ store, checkpoints: changed, verifier })).findings[0]).toMatchObject({ problem: 'checkpoint-invalid', position: 3 });
    const wrongKey = hmacCheckpointKey('b2'.repeat(32), 'k1');
    const resigned = exported.map((c, i) => {
      if (i !== 2) return c;
      // A forger rewrites the head and recomputes the digest correctly, but signs without the host's key.
      const fields = { ...c, head: 'f'.repeat(64) };
      const digest = nobleSha256Hasher.sha256Hex(checkpointPreimage(fields));
      return { ...fields, digest, signature: wrongKey.sign(digest) };
    });
    expect((await verifyAnchoredStore({ store, checkpoints: resigned, verifier })).findings.some((f) => f.problem === 'checkpoint-invalid' && f.position === 3)).toBe(true);
    const dropped = exported.filter((_, i) => i !== 1);
    expect((await verifyAnchoredStore({ store, checkpoints: dropped, verifier })).findings).toEqual([
      expect.objectContaining({ problem: 'checkpoint-invalid', position: 3, message: expect.stringMatching(/does not follow checkpoint 1/) }),
    ]);
  });

  it('the checkpoint preimage is the canonical JSON of its fields in key order', () => {
    const text = checkpointPreimage({ sequence: 1, stream: 's', claimId: 'A', version: 1, head: GENESIS_HASH, recordedAt: '2025-01-02T10:15:00+01:00', prevDigest: GENESIS_HASH });
    expect(text).toBe(`{"claimId":"A","head":"${GENESIS_HASH}","prevDigest":"${GENESIS_HASH}","recordedAt":"2025-01-02T10:15:00+01:00","sequence":1,"stream":"s","version":1}`);
  });
});

describe('recordedAt: every stored event records the instant of its append beside its business date', () => {
  it('a payment value-dated 2025-02-18 and recorded on 2025-02-20 is listed as backdated, with both dates', async () => {
    const { store, exported } = await anchoredBook();
    const entries = ((await store.load('B')) as StoredClaim).entries;
    for (const e of entries) expect(e.event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T10:15:00\+01:00$/);
    const payment = entries.find((e) => e.event.type === 'payment-received');
    expect(payment?.event).toMatchObject({ date: '2025-02-18', recordedAt: '2025-02-20T10:15:00+01:00' });
    const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.backdated).toContainEqual({ claimId: 'B', seq: payment?.seq, type: 'payment-received', date: '2025-02-18', recordedAt: '2025-02-20T10:15:00+01:00' });
  });

  it('entries stored after the last checkpoint (e.g. a crash before the export) are reported as unanchored, not as tampering', async () => {
    const { store, exported } = await anchoredBook();
    const result = await verifyAnchoredStore({ store, checkpoints: exported.slice(0, 3), verifier: hmacCheckpointKey(KEY, 'k1') });
    expect(result.ok).toBe(true);
    expect(result.unanchored.map((u) => u.claimId)).toEqual(['A', 'B', 'C']);
  });
});
