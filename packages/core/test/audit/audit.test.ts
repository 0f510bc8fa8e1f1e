import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendAudit,
  auditPreimage,
  buildAuditChain,
  GENESIS_HASH,
  hashEntry,
  ValidationError,
  verifyAudit,
  type AuditEntry,
  type AuditProblem,
  type AuditVerification,
  type ClaimEvent,
} from '../../src/index.js';

/** SHA-256 by Node's OpenSSL binding — an independent implementation (allowed in tests only). */
function nodeSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const ZEROS = '0000000000000000000000000000000000000000000000000000000000000000';

/** A claim's ledger of `n` events: created, then payments (money as decimal strings). */
function ledger(n: number): ClaimEvent[] {
  const events: ClaimEvent[] = [];
  for (let i = 0; i < n; i++) {
    const date = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    if (i === 0) {
      events.push({
        type: 'claim-created',
        claimId: 'INV-2025-0042',
        date,
        claim: {
          id: 'INV-2025-0042',
          debtor: { id: 'D-7', kind: 'consumer', name: 'Erika Müller' },
          principal: '1200.00',
          currency: 'EUR',
          invoiceDate: '2025-01-01',
          dueDate: '2025-01-31',
        },
      });
    } else {
      events.push({
        type: 'payment-received',
        claimId: 'INV-2025-0042',
        date,
        paymentId: `P-${i}`,
        amount: `${i}.00`,
        allocation: { costs: '0.00', interest: '0.00', principal: `${i}.00`, unapplied: '0.00' },
      });
    }
  }
  return events;
}

function expectProblem(result: AuditVerification, index: number, problem: AuditProblem): void {
  expect(result).toMatchObject({ ok: false, index, problem });
  if (!result.ok) expect(result.message.length).toBeGreaterThan(20);
}

/** Changes one field of an event without recomputing any hash. */
function alterAmount(entry: AuditEntry<ClaimEvent>): AuditEntry<ClaimEvent> {
  return { ...entry, event: { ...entry.event, date: entry.event.date === '2031-01-01' ? '2031-01-02' : '2031-01-01' } };
}

describe('hashEntry — the preimage and SHA-256 (checked against node:crypto)', () => {
  it('node:crypto itself reproduces the FIPS 180-2 vector SHA-256("abc")', () => {
    // FIPS 180-2, Appendix B.1.
    expect(nodeSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes exactly {"event":…,"prevHash":…,"seq":…} (keys sorted, no whitespace) as UTF-8', () => {
    const event = { type: 'settled', date: '2025-03-01', claimId: 'INV-1' };
    // Written by hand: keys of the envelope in order event < prevHash < seq; keys of the event sorted.
    const preimage = `{"event":{"claimId":"INV-1","date":"2025-03-01","type":"settled"},"prevHash":"${ZEROS}","seq":0}`;
    expect(auditPreimage(0, event, GENESIS_HASH)).toBe(preimage);
    expect(hashEntry(0, event, GENESIS_HASH)).toBe(nodeSha256(preimage));
  });

  it('encodes non-ASCII text as UTF-8 and control characters escaped', () => {
    const prev = 'ab'.repeat(32);
    const event = { note: 'Rückbuchung 12,50 €\n', amount: '-12.50', type: 'adjustment' };
    const preimage = `{"event":{"amount":"-12.50","note":"Rückbuchung 12,50 €\\n","type":"adjustment"},"prevHash":"${prev}","seq":41}`;
    expect(auditPreimage(41, event, prev)).toBe(preimage);
    expect(hashEntry(41, event, prev)).toBe(nodeSha256(preimage));
  });

  it('matches the documented example, computed independently with coreutils sha256sum', () => {
    // printf '%s' '{"event":{"type":"settled"},"prevHash":"<64 zeros>","seq":0}' | sha256sum
    const expected = 'c611ce3e9e2a8f3339a879256523f5b2c2cb6324486d04c203f778b74c7a01c3';
    expect(nodeSha256(`{"event":{"type":"settled"},"prevHash":"${ZEROS}","seq":0}`)).toBe(expected);
    expect(hashEntry(0, { type: 'settled' }, GENESIS_HASH)).toBe(expected);
    expect(buildAuditChain([{ type: 'settled' }])[0]?.hash).toBe(expected);
  });

  it('GENESIS_HASH is 64 zeros', () => {
    expect(GENESIS_HASH).toBe(ZEROS);
  });

  it('refuses a bad seq, a bad prevHash, a missing event and non-JSON data in the event (naming the path)', () => {
    expect(() => hashEntry(-1, {}, GENESIS_HASH)).toThrow(ValidationError);
    expect(() => hashEntry(1.5, {}, GENESIS_HASH)).toThrow(/seq/);
    expect(() => hashEntry(0, {}, GENESIS_HASH.toUpperCase().replace(/0/g, 'A'))).toThrow(/prevHash/);
    expect(() => hashEntry(0, {}, 'abc')).toThrow(/prevHash/);
    expect(() => hashEntry(0, undefined, GENESIS_HASH)).toThrow(/event/);
    try {
      hashEntry(0, { type: 'payment-received', payload: { amount: 12.5 } }, GENESIS_HASH);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('event.payload.amount');
    }
  });
});

describe('buildAuditChain / appendAudit', () => {
  it('numbers entries from 0, links each to the previous hash, starts at GENESIS_HASH', () => {
    const chain = buildAuditChain(ledger(5));
    expect(chain.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    chain.forEach((entry, i) => {
      if (i > 0) expect(entry.prevHash).toBe(chain[i - 1]?.hash);
      expect(entry.hash).toBe(nodeSha256(auditPreimage(entry.seq, entry.event, entry.prevHash)));
    });
  });

  it('appending one by one gives the same chain as building it at once', () => {
    const events = ledger(20);
    let chain: AuditEntry<ClaimEvent>[] = [];
    for (const event of events) chain = [...chain, appendAudit(chain, event)];
    expect(chain).toEqual(buildAuditChain(events));
  });

  it('stores a frozen copy of the event, without undefined members', () => {
    const event = { type: 'dispute-opened', claimId: 'INV-1', date: '2025-02-01', disputeId: 'X', note: undefined as string | undefined };
    const entry = appendAudit([], event);
    event.disputeId = 'changed later';
    expect(entry.event.disputeId).toBe('X');
    expect('note' in entry.event).toBe(false);
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.event)).toBe(true);
    expect(verifyAudit([entry])).toEqual({ ok: true, length: 1, head: entry.hash });
  });

  it('refuses an event that is not JSON data, naming the path', () => {
    try {
      appendAudit([], { type: 'fee-charged', amount: 5.1 });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).field).toBe('event.amount');
      expect((error as ValidationError).message).toMatch(/decimal string/);
    }
  });

  it('refuses to append to a chain whose last entry does not fit its position', () => {
    const chain = buildAuditChain(ledger(3));
    expect(() => appendAudit(chain.slice(1), ledger(1)[0])).toThrow(/chain/);
  });
});

describe('verifyAudit — an untouched chain', () => {
  it('an empty chain is ok with the genesis head', () => {
    expect(verifyAudit([])).toEqual({ ok: true, length: 0, head: GENESIS_HASH });
    expect(verifyAudit([], { expectedHead: GENESIS_HASH, expectedLength: 0 })).toEqual({ ok: true, length: 0, head: GENESIS_HASH });
  });

  it('a chain of 1000 events verifies, with and without its anchor', () => {
    const chain = buildAuditChain(ledger(1000));
    const head = chain[999]?.hash;
    expect(verifyAudit(chain)).toEqual({ ok: true, length: 1000, head });
    expect(verifyAudit(chain, { expectedHead: head as string, expectedLength: 1000 })).toEqual({ ok: true, length: 1000, head });
  });

  it('a chain that went through JSON storage verifies', () => {
    const chain = buildAuditChain(ledger(10));
    expect(verifyAudit(JSON.parse(JSON.stringify(chain)) as AuditEntry[]).ok).toBe(true);
  });
});

describe('verifyAudit — each kind of tampering, with the first bad index', () => {
  const chain = buildAuditChain(ledger(10));
  const anchor = { expectedHead: chain[9]?.hash as string, expectedLength: 10 };
  const at = (i: number): AuditEntry<ClaimEvent> => chain[i] as AuditEntry<ClaimEvent>;

  it('altered: an event field changed (hash kept) → altered at that entry', () => {
    const tampered = [...chain];
    tampered[4] = alterAmount(at(4));
    expectProblem(verifyAudit(tampered), 4, 'altered');
  });

  it('altered: the amount of a payment changed', () => {
    const tampered = [...chain];
    const e = at(6).event as Extract<ClaimEvent, { type: 'payment-received' }>;
    tampered[6] = { ...at(6), event: { ...e, amount: '600.00' } };
    expectProblem(verifyAudit(tampered, anchor), 6, 'altered');
  });

  it('altered: the first entry, the last entry, the hash field, the seq field, the prevHash field', () => {
    const first = [...chain];
    first[0] = alterAmount(at(0));
    expectProblem(verifyAudit(first), 0, 'altered');

    const last = [...chain];
    last[9] = alterAmount(at(9));
    expectProblem(verifyAudit(last), 9, 'altered');

    const hash = [...chain];
    hash[3] = { ...at(3), hash: at(3).hash.replace(/^./, (c) => (c === 'f' ? 'e' : 'f')) };
    expectProblem(verifyAudit(hash), 3, 'altered');

    const seq = [...chain];
    seq[5] = { ...at(5), seq: 7 };
    expectProblem(verifyAudit(seq), 5, 'altered');

    const prev = [...chain];
    prev[5] = { ...at(5), prevHash: at(2).hash };
    expectProblem(verifyAudit(prev), 5, 'altered');
  });

  it('altered: a lazy forger re-hashes only the changed entry → the changed entry is named', () => {
    const tampered = [...chain];
    const forged = alterAmount(at(4));
    tampered[4] = { ...forged, hash: hashEntry(4, forged.event, forged.prevHash) };
    // Entry 4 is now self-consistent and links to 3; entry 5 still points to the old hash of 4.
    expectProblem(verifyAudit(tampered), 4, 'altered');
  });

  it('altered: seq changed and hash recomputed', () => {
    const tampered = [...chain];
    tampered[9] = { ...at(9), seq: 12, hash: hashEntry(12, at(9).event, at(9).prevHash) };
    expectProblem(verifyAudit(tampered), 9, 'altered');
  });

  it('altered: a forger who recomputes every hash after the change is caught only by the anchored head', () => {
    const events = chain.map((e) => e.event);
    const forgedEvents = [...events];
    const e = forgedEvents[3] as Extract<ClaimEvent, { type: 'payment-received' }>;
    forgedEvents[3] = { ...e, amount: '300.00' };
    const rewritten = buildAuditChain(forgedEvents);
    // Without the anchor the rewrite is a valid chain — this is why hosts must store the head.
    expect(verifyAudit(rewritten).ok).toBe(true);
    // With the anchor it is caught; the hashes cannot tell which entry was changed, so the last
    // entry (whose hash differs from the anchored head) is named.
    expectProblem(verifyAudit(rewritten, anchor), 9, 'altered');
    expectProblem(verifyAudit(rewritten, { expectedHead: anchor.expectedHead }), 9, 'altered');
  });

  it('removed: one entry from the middle → reported where the gap is', () => {
    const tampered = chain.filter((_, i) => i !== 5);
    expectProblem(verifyAudit(tampered), 5, 'removed');
    const result = verifyAudit(tampered);
    if (!result.ok) expect(result.message).toContain('seq 5');
  });

  it('removed: several consecutive entries, and the first entry', () => {
    const run = chain.filter((_, i) => i < 2 || i > 5);
    expectProblem(verifyAudit(run), 2, 'removed');
    const result = verifyAudit(run);
    if (!result.ok) expect(result.message).toContain('4 entries with seq 2 to 5');

    expectProblem(verifyAudit(chain.slice(1)), 0, 'removed');
  });

  it('inserted: a copy of an entry right after itself', () => {
    const tampered = [...chain.slice(0, 4), at(3), ...chain.slice(4)];
    expectProblem(verifyAudit(tampered), 4, 'inserted');
  });

  it('inserted: a copy of an earlier entry further down, and of a later entry further up', () => {
    const down = [...chain.slice(0, 7), at(2), ...chain.slice(7)];
    expectProblem(verifyAudit(down), 7, 'inserted');
    const up = [...chain.slice(0, 2), at(7), ...chain.slice(2)];
    expectProblem(verifyAudit(up), 2, 'inserted');
  });

  it('inserted: a copy appended at the end (caught even without an anchor: seq already taken)', () => {
    expectProblem(verifyAudit([...chain, at(9)]), 10, 'inserted');
  });

  it('inserted: a forged, self-consistent entry in the middle', () => {
    const fake = ledger(2)[1] as ClaimEvent;
    const forged = { seq: 4, event: fake, prevHash: at(3).hash, hash: hashEntry(4, fake, at(3).hash) };
    // The forged entry takes seq 4 and links to entry 3, so it passes; the genuine entry 4 after
    // it then carries a seq already taken and is the first break.
    const tampered = [...chain.slice(0, 4), forged, ...chain.slice(4)];
    expectProblem(verifyAudit(tampered), 5, 'inserted');
  });

  it('inserted: a garbage entry whose hash matches nothing, followed by the genuine chain', () => {
    const garbage = { seq: 3, event: { type: 'settled' }, prevHash: at(2).hash, hash: 'ab'.repeat(32) };
    const tampered = [...chain.slice(0, 3), garbage, ...chain.slice(3)];
    expectProblem(verifyAudit(tampered), 3, 'inserted');
  });

  it('inserted: entries appended beyond the anchored length or head', () => {
    const longer = buildAuditChain(ledger(12));
    const head = longer[9]?.hash as string;
    expectProblem(verifyAudit(longer, { expectedHead: head, expectedLength: 10 }), 10, 'inserted');
    expectProblem(verifyAudit(longer, { expectedLength: 10 }), 10, 'inserted');
    expectProblem(verifyAudit(longer, { expectedHead: head }), 10, 'inserted');
  });

  it('reordered: two adjacent entries swapped → the first of them', () => {
    const tampered = [...chain];
    tampered[4] = at(5);
    tampered[5] = at(4);
    expectProblem(verifyAudit(tampered), 4, 'reordered');
  });

  it('reordered: the first two, the last two, two distant entries, one entry moved', () => {
    const firstTwo = [at(1), at(0), ...chain.slice(2)];
    expectProblem(verifyAudit(firstTwo), 0, 'reordered');

    const lastTwo = [...chain.slice(0, 8), at(9), at(8)];
    expectProblem(verifyAudit(lastTwo), 8, 'reordered');

    const distant = [...chain];
    distant[2] = at(7);
    distant[7] = at(2);
    expectProblem(verifyAudit(distant), 2, 'reordered');

    const moved = [at(0), at(1), at(3), at(4), at(5), at(2), ...chain.slice(6)];
    expectProblem(verifyAudit(moved), 2, 'reordered');
  });

  it('truncated: entries cut off the end are invisible without an anchor, caught with it', () => {
    const cut = chain.slice(0, 7);
    expect(verifyAudit(cut).ok).toBe(true);
    expectProblem(verifyAudit(cut, anchor), 7, 'truncated');
    expectProblem(verifyAudit(cut, { expectedLength: 10 }), 7, 'truncated');
    const result = verifyAudit(cut, anchor);
    if (!result.ok) expect(result.message).toContain('entries 7 to 9');
    // With the head alone a cut and a rewrite look the same: reported at the last entry (documented).
    expectProblem(verifyAudit(cut, { expectedHead: anchor.expectedHead }), 6, 'altered');
    // Everything cut off.
    expectProblem(verifyAudit([], anchor), 0, 'truncated');
    expectProblem(verifyAudit([], { expectedHead: anchor.expectedHead }), 0, 'truncated');
  });

  it('malformed: missing fields, bad hex, a non-entry, an event that is not JSON data', () => {
    const noHash = [...chain] as unknown[];
    const { hash: _dropped, ...withoutHash } = at(2);
    noHash[2] = withoutHash;
    expectProblem(verifyAudit(noHash as AuditEntry[]), 2, 'malformed');

    const upper = [...chain];
    upper[3] = { ...at(3), hash: at(3).hash.toUpperCase() };
    expectProblem(verifyAudit(upper), 3, 'malformed');

    const shortHex = [...chain];
    shortHex[1] = { ...at(1), prevHash: 'abc' };
    expectProblem(verifyAudit(shortHex), 1, 'malformed');

    const nullEntry = [...chain] as unknown[];
    nullEntry[0] = null;
    expectProblem(verifyAudit(nullEntry as AuditEntry[]), 0, 'malformed');

    const floatAmount = [...chain] as unknown[];
    floatAmount[6] = { ...at(6), event: { ...at(6).event, amount: 6.5 } };
    expectProblem(verifyAudit(floatAmount as AuditEntry[]), 6, 'malformed');
    const result = verifyAudit(floatAmount as AuditEntry[]);
    if (!result.ok) expect(result.message).toContain('event.amount');

    const noEvent = [...chain] as unknown[];
    noEvent[8] = { seq: 8, prevHash: at(7).hash, hash: at(8).hash };
    expectProblem(verifyAudit(noEvent as AuditEntry[]), 8, 'malformed');
  });

  it('reports the first bad entry when there are several', () => {
    const tampered = [...chain];
    tampered[7] = alterAmount(at(7));
    tampered[2] = alterAmount(at(2));
    expectProblem(verifyAudit(tampered, anchor), 2, 'altered');
  });

  it('refuses an invalid anchor as a caller error, not as tampering', () => {
    expect(() => verifyAudit(chain, { expectedHead: 'nope' })).toThrow(ValidationError);
    expect(() => verifyAudit(chain, { expectedLength: -1 })).toThrow(/expectedLength/);
    expect(() => verifyAudit(chain, { expectedLength: 0, expectedHead: anchor.expectedHead })).toThrow(/GENESIS_HASH/);
  });
});

/** One tampering operation on a chain of n entries, with the verdict it must get. */
type Tampering =
  | { kind: 'alter'; k: number }
  | { kind: 'delete'; k: number }
  | { kind: 'insert-copy'; j: number; k: number }
  | { kind: 'swap'; k: number }
  | { kind: 'truncate'; m: number }
  // Beyond the brief's list: a forger who re-hashes the changed entry, a run of deletions, any two swapped.
  | { kind: 'alter-rehash'; k: number }
  | { kind: 'delete-run'; k: number; count: number }
  | { kind: 'swap-any'; a: number; b: number };

function tamperingFor(n: number, extended = false): fc.Arbitrary<Tampering> {
  const index = fc.nat({ max: n - 1 });
  const ops: fc.Arbitrary<Tampering>[] = [
    index.map((k) => ({ kind: 'alter' as const, k })),
    index.map((k) => ({ kind: 'delete' as const, k })),
    fc.record({ j: index, k: fc.nat({ max: n }) }).map(({ j, k }) => ({ kind: 'insert-copy' as const, j, k })),
    fc.nat({ max: n - 1 }).map((m) => ({ kind: 'truncate' as const, m })),
  ];
  if (n >= 2) ops.push(fc.nat({ max: n - 2 }).map((k) => ({ kind: 'swap' as const, k })));
  if (extended) {
    ops.push(index.map((k) => ({ kind: 'alter-rehash' as const, k })));
    ops.push(
      fc.record({ k: index, count: fc.integer({ min: 1, max: n }) }).map(({ k, count }) => ({
        kind: 'delete-run' as const,
        k,
        count: Math.min(count, n - k),
      })),
    );
    if (n >= 2) {
      ops.push(
        fc
          .uniqueArray(index, { minLength: 2, maxLength: 2 })
          .map(([x, y]) => ({ kind: 'swap-any' as const, a: Math.min(x as number, y as number), b: Math.max(x as number, y as number) })),
      );
    }
  }
  return fc.oneof(...ops);
}

/** Applies the tampering; returns the tampered entries and the expected first bad index and problem. */
function apply<E>(
  chain: readonly AuditEntry<E>[],
  op: Tampering,
  alter: (e: AuditEntry<E>) => AuditEntry<E>,
): { entries: AuditEntry<E>[]; index: number; problem: AuditProblem; needsAnchor: boolean } {
  const result = applyOp(chain, op, alter);
  const n = chain.length;
  const needsAnchor =
    result.problem === 'truncated' || (op.kind === 'alter-rehash' && op.k === n - 1);
  return { ...result, needsAnchor };
}

function applyOp<E>(
  chain: readonly AuditEntry<E>[],
  op: Tampering,
  alter: (e: AuditEntry<E>) => AuditEntry<E>,
): { entries: AuditEntry<E>[]; index: number; problem: AuditProblem } {
  const entries = [...chain];
  const n = chain.length;
  switch (op.kind) {
    case 'alter':
      entries[op.k] = alter(chain[op.k] as AuditEntry<E>);
      return { entries, index: op.k, problem: 'altered' };
    case 'delete':
      entries.splice(op.k, 1);
      // Deleting the last entry is cutting off the end.
      return { entries, index: op.k, problem: op.k === n - 1 ? 'truncated' : 'removed' };
    case 'insert-copy':
      entries.splice(op.k, 0, chain[op.j] as AuditEntry<E>);
      // A copy placed directly before its original is indistinguishable from it: the twin after it is reported.
      return { entries, index: op.k === op.j ? op.j + 1 : op.k, problem: 'inserted' };
    case 'swap':
      entries[op.k] = chain[op.k + 1] as AuditEntry<E>;
      entries[op.k + 1] = chain[op.k] as AuditEntry<E>;
      return { entries, index: op.k, problem: 'reordered' };
    case 'truncate':
      return { entries: entries.slice(0, op.m), index: op.m, problem: 'truncated' };
    case 'alter-rehash': {
      const changed = alter(chain[op.k] as AuditEntry<E>);
      entries[op.k] = { ...changed, hash: hashEntry(changed.seq, changed.event, changed.prevHash) };
      // Entry k+1 still points to the old hash; for the last entry only the anchored head tells.
      return { entries, index: op.k, problem: 'altered' };
    }
    case 'delete-run':
      entries.splice(op.k, op.count);
      return { entries, index: op.k, problem: op.k + op.count === n ? 'truncated' : 'removed' };
    case 'swap-any':
      entries[op.a] = chain[op.b] as AuditEntry<E>;
      entries[op.b] = chain[op.a] as AuditEntry<E>;
      return { entries, index: op.a, problem: 'reordered' };
  }
}

const eventArb = fc.record({
  type: fc.constantFrom('payment-received', 'fee-charged', 'stage-entered', 'message-sent'),
  claimId: fc.constantFrom('INV-1', 'INV-2'),
  date: fc.constantFrom('2025-01-31', '2025-02-14', '2025-03-03'),
  amount: fc.integer({ min: 0, max: 99_999 }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`),
  stageIndex: fc.integer({ min: 0, max: 5 }),
  tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
});

type Ev = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

/** Changes one field of the event (never to the same value), keeping the stored hash. */
function alterOneField(entry: AuditEntry<Ev>): AuditEntry<Ev> {
  return { ...entry, event: { ...entry.event, amount: `${entry.event.amount}1` } };
}

describe('verifyAudit — property: every single tampering is caught and classified (fast-check)', () => {
  it('an unmodified random chain verifies with its anchor', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (events) => {
        const chain = buildAuditChain(events);
        const head = chain.length === 0 ? GENESIS_HASH : (chain[chain.length - 1]?.hash as string);
        expect(verifyAudit(chain, { expectedHead: head, expectedLength: chain.length })).toEqual({ ok: true, length: chain.length, head });
      }),
    );
  });

  it('alter one field / delete one / insert a copy / swap two adjacent / truncate: not ok, right index and problem', () => {
    const scenario = fc
      .array(eventArb, { minLength: 1, maxLength: 25 })
      .chain((events) => fc.tuple(fc.constant(events), tamperingFor(events.length)));
    fc.assert(
      fc.property(scenario, ([events, op]) => {
        const chain = buildAuditChain(events);
        const anchor = { expectedHead: chain[chain.length - 1]?.hash as string, expectedLength: chain.length };
        const { entries, index, problem } = apply(chain, op, alterOneField);
        const result = verifyAudit(entries, anchor);
        expect(result.ok).toBe(false);
        expect(result).toMatchObject({ index, problem });
      }),
      { numRuns: 300 },
    );
  });

  it('without an anchor, every tampering except cutting off the end is still caught', () => {
    const scenario = fc
      .array(eventArb, { minLength: 1, maxLength: 25 })
      .chain((events) => fc.tuple(fc.constant(events), tamperingFor(events.length)));
    fc.assert(
      fc.property(scenario, ([events, op]) => {
        const chain = buildAuditChain(events);
        const { entries, index, problem, needsAnchor } = apply(chain, op, alterOneField);
        const result = verifyAudit(entries);
        if (needsAnchor) expect(result.ok).toBe(true);
        else expect(result).toMatchObject({ ok: false, index, problem });
      }),
      { numRuns: 300 },
    );
  });

  it('also: a re-hashed alteration, a run of deletions, any two entries swapped', () => {
    const scenario = fc
      .array(eventArb, { minLength: 1, maxLength: 25 })
      .chain((events) => fc.tuple(fc.constant(events), tamperingFor(events.length, true)));
    fc.assert(
      fc.property(scenario, ([events, op]) => {
        const chain = buildAuditChain(events);
        const anchor = { expectedHead: chain[chain.length - 1]?.hash as string, expectedLength: chain.length };
        const { entries, index, problem, needsAnchor } = apply(chain, op, alterOneField);
        expect(verifyAudit(entries, anchor)).toMatchObject({ ok: false, index, problem });
        if (needsAnchor) expect(verifyAudit(entries).ok).toBe(true);
        else expect(verifyAudit(entries)).toMatchObject({ ok: false, index, problem });
      }),
      { numRuns: 500 },
    );
  });
});
