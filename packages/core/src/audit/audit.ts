import { MahnwerkError, ValidationError } from '../errors/errors.js';
import { canonicalJson, canonicalJsonAndCopy } from './canonical-json.js';
import { nobleSha256Hasher, type AuditHashOptions, type AuditHasher } from './hasher.js';

export { canonicalJson } from './canonical-json.js';
export { nobleSha256Hasher, type AuditHashOptions, type AuditHasher } from './hasher.js';

/**
 * One entry of a hash-chained audit trail: a claim's events, in order.
 *
 * Entry `n` stores its position `seq = n`, the event, the hash of entry `n − 1` (`prevHash`; the
 * {@link GENESIS_HASH} for entry 0) and its own hash, SHA-256 over the canonical JSON of
 * `{ seq, prevHash, event }` (see {@link auditPreimage}). Changing, removing, inserting or
 * reordering an entry breaks either that entry's own hash or the link of the entry after it, and
 * {@link verifyAudit} says where and how. Truncation and a complete re-hash can only be detected
 * against an anchor stored elsewhere (see {@link AuditAnchor}).
 */
export interface AuditEntry<E = unknown> {
  /** Position in the chain, starting at 0; entry `n` has `seq === n`. */
  readonly seq: number;
  /** The recorded event: plain JSON data (see {@link canonicalJson}). */
  readonly event: E;
  /** The `hash` of the previous entry, or {@link GENESIS_HASH} for the first entry (64 lowercase hex digits). */
  readonly prevHash: string;
  /** `hashEntry(seq, event, prevHash)`: SHA-256 as 64 lowercase hex digits. */
  readonly hash: string;
}

/** The `prevHash` of the first entry of every chain: 64 zeros. Also the head of an empty chain. */
export const GENESIS_HASH: string = '0'.repeat(64);

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The exact text that {@link hashEntry} hashes, so an auditor can recompute an entry's hash with
 * any tool. It is `canonicalJson({ seq, prevHash, event })`, which — keys in UTF-16 order — is
 *
 * ```
 * {"event":<canonical JSON of the event>,"prevHash":"<64 lowercase hex>","seq":<seq in decimal>}
 * ```
 *
 * with no whitespace, encoded as UTF-8 (no byte-order mark, no trailing newline). For example the
 * first entry of a chain whose event is `{"type":"settled"}` has the preimage
 * `{"event":{"type":"settled"},"prevHash":"0000…0000","seq":0}` (64 zeros), and its hash is what
 * `printf '%s' '<preimage>' | sha256sum` prints:
 * `c611ce3e9e2a8f3339a879256523f5b2c2cb6324486d04c203f778b74c7a01c3`.
 *
 * @param seq - the entry's position, a non-negative safe integer
 * @param event - the event, JSON data as {@link canonicalJson} accepts it (not `undefined`)
 * @param prevHash - the previous entry's hash or {@link GENESIS_HASH}, 64 lowercase hex digits
 * @returns the preimage text
 * @throws ValidationError when `seq`, `prevHash` or the event is not valid (the message names the
 *   path inside the event, e.g. `event.payload.amount`)
 */
export function auditPreimage(seq: number, event: unknown, prevHash: string): string {
  checkPreimageInput(seq, event, prevHash);
  return canonicalJson({ seq, prevHash, event });
}

function checkPreimageInput(seq: number, event: unknown, prevHash: string): void {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new ValidationError(`seq must be a non-negative integer (the entry's position, 0 for the first entry), got ${describe(seq)}.`, {
      field: 'seq',
    });
  }
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash)) {
    throw new ValidationError(
      `prevHash must be 64 lowercase hex digits (the previous entry's hash, or GENESIS_HASH for the first entry), got ${describe(prevHash)}.`,
      { field: 'prevHash' },
    );
  }
  if (event === undefined) {
    throw new ValidationError('event is undefined; an audit entry must record an event (plain JSON data).', { field: 'event' });
  }
}

/**
 * The hash of an audit entry: SHA-256 over the UTF-8 bytes of
 * `canonicalJson({ seq, prevHash, event })` (see {@link auditPreimage} for the exact text),
 * written as 64 lowercase hex digits.
 *
 * @param seq - the entry's position, a non-negative safe integer
 * @param event - the event, JSON data as {@link canonicalJson} accepts it
 * @param prevHash - the previous entry's hash, or {@link GENESIS_HASH} for entry 0
 * @param options - the SHA-256 to use (`hasher`, default {@link nobleSha256Hasher}); every hasher gives the same hash
 * @returns the hash, 64 lowercase hex digits
 * @throws ValidationError when an argument is not valid (the message names the path)
 */
export function hashEntry(seq: number, event: unknown, prevHash: string, options: AuditHashOptions = {}): string {
  return hasherOf(options).sha256Hex(auditPreimage(seq, event, prevHash));
}

function hasherOf(options: AuditHashOptions | undefined): AuditHasher {
  const hasher = options?.hasher;
  if (hasher === undefined) return nobleSha256Hasher;
  if (typeof hasher !== 'object' || hasher === null || hasher.algorithm !== 'sha-256' || typeof hasher.sha256Hex !== 'function') {
    throw new ValidationError("hasher: expected an AuditHasher { algorithm: 'sha-256', sha256Hex(text) } (or leave it out for the built-in SHA-256).", {
      field: 'hasher',
    });
  }
  return hasher;
}

/**
 * Appends one event to a chain and returns the new entry (the chain itself is not changed).
 *
 * The entry holds a deep copy of the event as its canonical JSON reads back (members whose value
 * is `undefined` are gone), and the entry and its event are frozen, so neither a later change to
 * the caller's object nor a change through the entry can make the stored hash stale.
 *
 * Only the chain's last entry is looked at (its `seq` must be `chain.length - 1` and its `hash`
 * well-formed); run {@link verifyAudit} first when the chain comes from untrusted storage.
 *
 * @param chain - the chain so far (may be empty)
 * @param event - the event to record, plain JSON data (money as decimal strings)
 * @param options - the SHA-256 to use (`hasher`, default {@link nobleSha256Hasher})
 * @returns the new entry, to be stored after `chain`
 * @throws ValidationError when the event is not JSON data (naming the path, e.g.
 *   `event.payload.amount`) or the chain's last entry does not fit its position
 */
export function appendAudit<E>(chain: readonly AuditEntry<E>[], event: E, options: AuditHashOptions = {}): AuditEntry<E> {
  const hasher = hasherOf(options);
  const last = chain[chain.length - 1];
  if (last === undefined) return makeEntry(0, event, GENESIS_HASH, hasher);
  if (typeof last !== 'object' || last === null || last.seq !== chain.length - 1 || typeof last.hash !== 'string' || !HEX64.test(last.hash)) {
    throw new ValidationError(
      `chain: the last entry (index ${chain.length - 1}) must have seq ${chain.length - 1} and a 64-hex-digit hash; ` +
        'pass the chain as stored, in order, and check it with verifyAudit.',
      { field: 'chain' },
    );
  }
  // seq and prevHash were checked just above; only the event is left to check.
  return makeEntry(last.seq + 1, event, last.hash, hasher, true);
}

/**
 * Builds a chain from events in order: entry `n` records `events[n]` with `seq = n`.
 *
 * @param events - the events, oldest first, plain JSON data
 * @param options - the SHA-256 to use (`hasher`, default {@link nobleSha256Hasher})
 * @returns the entries (each frozen, holding a frozen copy of its event; see {@link appendAudit})
 * @throws ValidationError when an event is not JSON data (naming the path)
 */
export function buildAuditChain<E>(events: readonly E[], options: AuditHashOptions = {}): AuditEntry<E>[] {
  const hasher = hasherOf(options);
  const chain: AuditEntry<E>[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 0; seq < events.length; seq++) {
    const entry = makeEntry(seq, events[seq] as E, prevHash, hasher);
    chain.push(entry);
    prevHash = entry.hash;
  }
  return chain;
}

function makeEntry<E>(seq: number, event: E, prevHash: string, hasher: AuditHasher, linkChecked = false): AuditEntry<E> {
  // The preimage of auditPreimage and the frozen copy JSON.parse of it would give, in one pass.
  if (!linkChecked || event === undefined) checkPreimageInput(seq, event, prevHash);
  // canonicalJson({ seq, prevHash, event }) written out: the keys in their canonical order, prevHash
  // checked to be 64 hex digits (nothing to escape), seq a non-negative safe integer; the event's
  // errors are named from the root `event`, as inside the envelope.
  const { text, copy } = canonicalJsonAndCopy(event, 'event');
  const preimage = `{"event":${text},"prevHash":"${prevHash}","seq":${seq}}`;
  const entry = Object.freeze({ seq, event: copy as E, prevHash, hash: hasher.sha256Hex(preimage) });
  minted.set(entry, hasher);
  return entry;
}

/**
 * The entries this module made (`appendAudit`, `buildAuditChain`), with the hasher each was hashed
 * with. Such an entry and its event are frozen copies, so its hash stays that hasher's SHA-256 of
 * its own seq, prevHash and event for as long as the object lives. Weak: it holds nothing alive.
 */
const minted = new WeakMap<object, AuditHasher>();

/**
 * The hasher an entry was hashed with, when `appendAudit` or `buildAuditChain` of this copy of
 * core made this very object (frozen, with a frozen copy of its event): then its `hash` is that
 * hasher's SHA-256 of its `seq`, `prevHash` and `event`, and recomputing it would give the same
 * text. `undefined` for any other object — an entry read from storage, parsed, spread or built by
 * hand — whose hash must be recomputed to be trusted.
 *
 * @param entry - an audit entry
 * @returns the hasher that made it, or `undefined`
 */
export function mintingHasher(entry: AuditEntry<unknown>): AuditHasher | undefined {
  return typeof entry === 'object' && entry !== null ? minted.get(entry) : undefined;
}

/**
 * The kinds of tampering {@link verifyAudit} tells apart:
 * - `altered` — an entry's content (event, seq or prevHash) or hash was changed;
 * - `removed` — one or more entries are missing from the middle (or start) of the chain;
 * - `inserted` — an extra entry is in the chain (a copy of another entry, a forged entry, or
 *   entries beyond the anchored length);
 * - `reordered` — genuine entries are in the wrong order;
 * - `truncated` — entries were cut off the end (only detectable with an anchor);
 * - `malformed` — an entry is not an audit entry at all (missing fields, bad hex, non-JSON event).
 */
export type AuditProblem = 'altered' | 'removed' | 'inserted' | 'reordered' | 'truncated' | 'malformed';

/** {@link verifyAudit}'s answer for a chain without tampering. */
export interface AuditVerified {
  /** Always `true`. */
  readonly ok: true;
  /** Number of entries. */
  readonly length: number;
  /** The last entry's hash, or {@link GENESIS_HASH} for an empty chain: the value to anchor. */
  readonly head: string;
}

/** {@link verifyAudit}'s answer for a tampered or broken chain: the first bad entry. */
export interface AuditViolation {
  /** Always `false`. */
  readonly ok: false;
  /**
   * Index into the given array of the first bad entry. For `truncated` it is the index of the
   * first missing entry, i.e. the array's length.
   */
  readonly index: number;
  /** What kind of tampering it is. */
  readonly problem: AuditProblem;
  /** Explanation for a human: what is wrong with which entry (seq, hashes) and why it is classified so. */
  readonly message: string;
}

/** The result of {@link verifyAudit}. */
export type AuditVerification = AuditVerified | AuditViolation;

/**
 * The anchor a host keeps outside the entries, to detect truncation and wholesale rewriting.
 *
 * A chain alone cannot prove that nothing was cut off its end, or that a forger did not change an
 * event and then recompute every hash after it: both leave a valid chain. Against both, the host
 * **must** store the chain's head (the last entry's `hash`, {@link AuditVerified.head}) and its
 * length outside the entries whenever it appends — e.g. in the claim row next to its version, in a
 * signed daily digest, or with a timestamping service — and pass them to {@link verifyAudit}. Store
 * both: with the head alone, a cut-off end and a rewrite cannot be told apart.
 */
export interface AuditAnchor {
  /** The head (last entry's hash) stored when the chain was last written; {@link GENESIS_HASH} for no entries. */
  readonly expectedHead?: string;
  /** The number of entries stored when the chain was last written (e.g. the claim's version). */
  readonly expectedLength?: number;
}

/**
 * Checks a hash chain and reports the **first** bad entry and the kind of tampering.
 *
 * An entry at array index `i` is *good* when it is well-formed, its `hash` equals
 * `hashEntry(seq, event, prevHash)` ("self-consistent"), `seq === i`, and `prevHash` is the hash of
 * entry `i − 1` ({@link GENESIS_HASH} for `i = 0`). Entries are checked in order; the first entry
 * that is not good is classified by the first rule that applies, given that all entries before it
 * are good:
 *
 * 1. **malformed** — not an object with a non-negative integer `seq`, 64-lowercase-hex `prevHash`
 *    and `hash`, and an `event` that is JSON data as {@link canonicalJson} accepts it.
 * 2. The entry is **not self-consistent** (its content no longer matches its hash):
 *    **inserted** if the next entry is good at this position (the chain runs on without it: a
 *    forged extra entry), otherwise **altered**.
 *
 *    From here on the entry is self-consistent but does not continue the chain.
 * 3. **inserted** — its hash occurs at another index: it is a copy of another entry. (When a copy
 *    sits directly before its original, the original passes and the copy's twin after it is
 *    reported; the two are indistinguishable.)
 * 4. **reordered** — its `prevHash` is the hash of a *later* entry whose `seq` is one less: a
 *    genuine entry stands before its predecessor (e.g. two swapped entries; the index is the
 *    first of them).
 * 5. **inserted** — the next entry is good at this position: the chain runs on without this one.
 * 6. **altered** — its `prevHash` is right but its `seq` is not: the seq was changed and the hash
 *    recomputed.
 * 7. Its `seq` is right but its `prevHash` is not: if that `prevHash` appears nowhere in the
 *    chain and the next entry (if any) links to this one, this entry is genuine and the entry
 *    before it was changed and its hash recomputed, so **altered** is reported at the index
 *    *before* (`i − 1`); otherwise **altered** at `i` (the entry was replaced by one from
 *    another chain).
 * 8. **removed** — its `seq` is ahead of its position and its `prevHash` appears nowhere in the
 *    chain: the entries with seq `i … seq − 1` are missing.
 * 9. **inserted** — its `seq` is behind its position: that seq is already taken (an entry from a
 *    fork of the chain).
 * 10. **altered** — anything else.
 *
 * Then the anchor, when given (see {@link AuditAnchor}; the host must store it outside the
 * entries, otherwise truncation and a forger who recomputes every hash after the change go
 * unnoticed):
 * - with `expectedLength` L: fewer good entries than L and no earlier break → **truncated** at the
 *   array's length; otherwise, if entry `L − 1`'s hash differs from `expectedHead` → **altered** at
 *   `L − 1` (the chain was rewritten and re-hashed; the hashes cannot tell which entry was changed
 *   first — compare the events with a copy); else entries beyond L → **inserted** at L;
 * - with only `expectedHead`: if it is the hash of good entry `j` and more entries follow →
 *   **inserted** at `j + 1`; if it is not in the chain → **truncated** at 0 for an empty array,
 *   otherwise **altered** at the last index (this can be truncation *or* a rewrite; pass
 *   `expectedLength` as well to tell them apart).
 * A break inside the chain is reported when it comes before what the anchor reveals.
 *
 * The classification is exact (kind and index) for any single tampering operation — change a
 * field, with or without recomputing that entry's hash; remove one entry or a run of entries;
 * insert a copy of an entry anywhere; swap any two entries; cut off the end (with an anchor);
 * rewrite and re-hash everything (with an anchor) — as the property tests check. For combinations
 * it names the first break and the most plausible kind. Fields other than `seq`,
 * `event`, `prevHash` and `hash` on an entry are not covered by the hash and are ignored.
 *
 * @param entries - the stored entries in stored order (treated as untrusted data)
 * @param options - the anchor kept outside the entries (`expectedHead`, `expectedLength`), and the
 *   SHA-256 to use (`hasher`, default {@link nobleSha256Hasher})
 * @returns `{ ok: true, length, head }` or the first bad entry `{ ok: false, index, problem, message }`
 * @throws ValidationError when the anchor itself is invalid (not hex, not a count, or a non-genesis
 *   head for length 0) — a caller error, not tampering
 */
export function verifyAudit(entries: readonly AuditEntry[], options: AuditAnchor & AuditHashOptions = {}): AuditVerification {
  const { expectedHead, expectedLength } = validateAnchor(options);
  const chain = chainView(entries, hasherOf(options));
  const n = chain.length;

  // The scan: how many entries are good, and the first break.
  let good = 0;
  let prev = GENESIS_HASH;
  let broken: AuditViolation | undefined;
  for (; good < n; good++) {
    if (chain.fits(good, good, prev)) {
      prev = storedHash(chain, good);
      continue;
    }
    broken = classify(chain, good, prev);
    break;
  }

  const anchored = checkAnchor(chain, good, broken, expectedHead, expectedLength);
  if (anchored !== undefined) return anchored;
  if (broken !== undefined) return broken;
  return { ok: true, length: n, head: prev };
}

function validateAnchor(options: AuditAnchor): AuditAnchor {
  const { expectedHead, expectedLength } = options;
  if (expectedHead !== undefined && (typeof expectedHead !== 'string' || !HEX64.test(expectedHead))) {
    throw new ValidationError(`expectedHead must be 64 lowercase hex digits (the stored head hash of the chain), got ${describe(expectedHead)}.`, {
      field: 'expectedHead',
    });
  }
  if (expectedLength !== undefined && (typeof expectedLength !== 'number' || !Number.isSafeInteger(expectedLength) || expectedLength < 0)) {
    throw new ValidationError(`expectedLength must be a non-negative integer (the stored number of entries), got ${describe(expectedLength)}.`, {
      field: 'expectedLength',
    });
  }
  if (expectedLength === 0 && expectedHead !== undefined && expectedHead !== GENESIS_HASH) {
    throw new ValidationError('expectedHead must be GENESIS_HASH when expectedLength is 0 (an empty chain has the genesis head).', {
      field: 'expectedHead',
    });
  }
  return options;
}

/** A well-formed entry, as `chainView` has checked it. */
interface Checked {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** Whether `hash` matches the content. */
  readonly selfConsistent: boolean;
}

/** Read-only view of untrusted entries that checks each at most once. */
interface ChainView {
  /** Number of entries. */
  readonly length: number;
  /** The entry as checked, or the reason it is malformed (out of range: malformed). */
  check(i: number): Checked | string;
  /** Whether entry `i` exists and is good at position `seq` after a predecessor with hash `prev`. */
  fits(i: number, seq: number, prev: string): boolean;
  /** Indices of the entries whose stored hash is `hash`. */
  indicesOf(hash: string): readonly number[];
}

function chainView(entries: readonly unknown[], hasher: AuditHasher): ChainView {
  const checked = new Map<number, Checked | string>();
  let hashIndex: Map<string, number[]> | undefined;
  const check = (i: number): Checked | string => {
    let result = checked.get(i);
    if (result === undefined) {
      result = i < entries.length ? inspect(entries[i], hasher) : 'there is no such entry';
      checked.set(i, result);
    }
    return result;
  };
  return {
    length: entries.length,
    check,
    fits(i, seq, prev) {
      const e = check(i);
      return typeof e !== 'string' && e.selfConsistent && e.seq === seq && e.prevHash === prev;
    },
    indicesOf(hash) {
      if (hashIndex === undefined) {
        hashIndex = new Map<string, number[]>();
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i];
          const h = typeof e === 'object' && e !== null ? (e as { hash?: unknown }).hash : undefined;
          if (typeof h !== 'string' || !HEX64.test(h)) continue;
          const list = hashIndex.get(h);
          if (list === undefined) hashIndex.set(h, [i]);
          else list.push(i);
        }
      }
      return hashIndex.get(hash) ?? [];
    },
  };
}

/** The hash of the entry at `i`, known to be well-formed. */
function storedHash(chain: ChainView, i: number): string {
  const e = chain.check(i);
  if (typeof e === 'string') throw new Error(`mahnwerk internal error: audit entry ${i} is malformed`);
  return e.hash;
}

/** How to name the predecessor of position `i` in a message. */
function before(i: number): string {
  return i === 0 ? 'the genesis hash' : `entry ${i - 1}`;
}

function inspect(raw: unknown, hasher: AuditHasher): Checked | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `it is ${describe(raw)}, not an object`;
  const e = raw as Record<string, unknown>;
  const { seq, prevHash, hash, event } = e;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return `seq is ${describe(seq)}, not a non-negative integer`;
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash)) return `prevHash is ${describe(prevHash)}, not 64 lowercase hex digits`;
  if (typeof hash !== 'string' || !HEX64.test(hash)) return `hash is ${describe(hash)}, not 64 lowercase hex digits`;
  if (!('event' in e) || event === undefined) return 'it has no event';
  let recomputed: string;
  try {
    recomputed = hashEntry(seq, event, prevHash, { hasher });
  } catch (error) {
    if (MahnwerkError.isInstance(error)) return `its event is not JSON data (${error.message})`;
    throw error;
  }
  return { seq, prevHash, hash, selfConsistent: recomputed === hash };
}

function classify(chain: ChainView, i: number, expectedPrev: string): AuditViolation {
  const checked = chain.check(i);
  if (typeof checked === 'string') {
    return violation(i, 'malformed', `Entry ${i} is malformed: ${checked}.`);
  }
  const e = checked;
  const s = e.seq;
  const nextFits = chain.fits(i + 1, i, expectedPrev);

  // Rule 2: the content no longer matches the hash.
  if (!e.selfConsistent) {
    if (nextFits) {
      return violation(
        i,
        'inserted',
        `Entry ${i} (seq ${s}) does not match its hash and the chain continues without it (entry ${i + 1} links to ${before(i)}): an entry was inserted.`,
      );
    }
    return violation(
      i,
      'altered',
      `Entry ${i} (seq ${s}) was altered: its stored hash ${short(e.hash)} is not the SHA-256 of its content (seq, prevHash, event).`,
    );
  }

  // Rule 3: a copy of another entry.
  const twins = chain.indicesOf(e.hash).filter((j) => j !== i);
  if (twins.length > 0) {
    return violation(i, 'inserted', `Entry ${i} (seq ${s}) was inserted: it is a copy of entry ${twins[0]}.`);
  }

  // Rule 4: a genuine entry standing before its predecessor.
  const predecessor = chain.indicesOf(e.prevHash).find((j) => {
    if (j <= i) return false;
    const p = chain.check(j);
    return typeof p !== 'string' && p.selfConsistent && p.seq === s - 1;
  });
  if (predecessor !== undefined) {
    return violation(
      i,
      'reordered',
      `Entry ${i} (seq ${s}) is out of order: its predecessor (seq ${s - 1}) stands later, at index ${predecessor}; position ${i} should hold seq ${i}.`,
    );
  }

  // Rule 5: the chain runs on without this entry.
  if (nextFits) {
    return violation(
      i,
      'inserted',
      `Entry ${i} (seq ${s}) was inserted: it does not link to ${before(i)}, and entry ${i + 1} continues the chain in its place.`,
    );
  }

  // Rule 6: the link is right, the seq is not.
  if (e.prevHash === expectedPrev) {
    return violation(i, 'altered', `Entry ${i} was altered: it links to the entry before it but carries seq ${s} instead of ${i}, with a recomputed hash.`);
  }

  // Rule 7: right seq, wrong link.
  if (s === i) {
    const next = chain.check(i + 1);
    const nextLinksHere = i + 1 >= chain.length || (typeof next !== 'string' && next.prevHash === e.hash);
    if (i > 0 && chain.indicesOf(e.prevHash).length === 0 && nextLinksHere) {
      return violation(
        i - 1,
        'altered',
        `Entry ${i - 1} (seq ${i - 1}) was altered and its hash recomputed: entry ${i} still points to its original hash ${short(e.prevHash)}, not to ${short(expectedPrev)}.`,
      );
    }
    return violation(
      i,
      'altered',
      `Entry ${i} (seq ${s}) was replaced: it does not link to ${before(i)} (prevHash ${short(e.prevHash)} instead of ${short(expectedPrev)}).`,
    );
  }

  // Rule 8: a gap.
  if (s > i && chain.indicesOf(e.prevHash).length === 0 && e.prevHash !== GENESIS_HASH) {
    const missing = s - i === 1 ? `the entry with seq ${i} is` : `the ${s - i} entries with seq ${i} to ${s - 1} are`;
    return violation(
      i,
      'removed',
      `Entries were removed before index ${i}: ${missing} missing (entry ${i} has seq ${s} and points to hash ${short(e.prevHash)}, which is not in the chain).`,
    );
  }

  // Rule 9: a seq that is already taken.
  if (s < i) {
    return violation(i, 'inserted', `Entry ${i} was inserted: it carries seq ${s}, which entry ${s} already has, and does not link to entry ${i - 1}.`);
  }

  // Rule 10.
  return violation(
    i,
    'altered',
    `Entry ${i} (seq ${s}) does not continue the chain: expected seq ${i} and prevHash ${short(expectedPrev)}, found prevHash ${short(e.prevHash)}.`,
  );
}

function checkAnchor(
  chain: ChainView,
  good: number,
  broken: AuditViolation | undefined,
  expectedHead: string | undefined,
  expectedLength: number | undefined,
): AuditViolation | undefined {
  const n = chain.length;
  const headOf = (count: number): string => (count === 0 ? GENESIS_HASH : storedHash(chain, count - 1));

  if (expectedLength !== undefined) {
    if (expectedLength > good) {
      if (broken !== undefined) return undefined; // the break comes first
      return violation(
        n,
        'truncated',
        `The chain was truncated: it has ${n} entries but ${expectedLength} were anchored; entries ${n} to ${expectedLength - 1} were cut off.`,
      );
    }
    if (expectedHead !== undefined && headOf(expectedLength) !== expectedHead) {
      return violation(
        expectedLength - 1,
        'altered',
        `The chain was rewritten: entry ${expectedLength - 1} should have the anchored head ${short(expectedHead)} but has ${short(headOf(expectedLength))}. ` +
          'An entry at or before it was changed and all following hashes recomputed; compare the events with a copy to find which.',
      );
    }
    if (expectedLength < n) {
      return violation(expectedLength, 'inserted', `Entries were appended after the anchor: ${expectedLength} entries were anchored, the chain has ${n}.`);
    }
    return undefined;
  }

  if (expectedHead !== undefined) {
    let anchoredCount: number | undefined;
    if (expectedHead === GENESIS_HASH) anchoredCount = 0;
    else {
      const at = chain.indicesOf(expectedHead).find((j) => j < good);
      if (at !== undefined) anchoredCount = at + 1;
    }
    if (anchoredCount !== undefined) {
      if (anchoredCount < n) {
        return violation(
          anchoredCount,
          'inserted',
          `Entries were appended after the anchor: the anchored head ${short(expectedHead)} is entry ${anchoredCount - 1}'s hash, but the chain has ${n} entries.`,
        );
      }
      return undefined;
    }
    if (broken !== undefined) return undefined;
    if (n === 0) {
      return violation(0, 'truncated', `The chain was truncated: it is empty, but the anchored head is ${short(expectedHead)}.`);
    }
    return violation(
      n - 1,
      'altered',
      `The chain does not end at the anchored head ${short(expectedHead)} (its head is ${short(headOf(n))}) and that hash is nowhere in it: ` +
        'entries were cut off the end, or changed and all following hashes recomputed. Anchor the length as well (expectedLength) to tell these apart.',
    );
  }
  return undefined;
}

function violation(index: number, problem: AuditProblem, message: string): AuditViolation {
  return { ok: false, index, problem, message };
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 70 ? `"${value.slice(0, 67)}…"` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
