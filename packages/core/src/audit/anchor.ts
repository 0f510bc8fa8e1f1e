import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent } from '../ledger/events.js';
import type { ClaimStore } from '../ports/claim-store.js';
import { GENESIS_HASH, verifyAudit, type AuditEntry, type AuditProblem } from './audit.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Signs checkpoints with a key the host keeps outside the store. Pure: no I/O, no clock.
 * {@link hmacCheckpointKey} (a shared secret, HMAC-SHA256) and {@link ed25519CheckpointSigner}
 * (a private key; anyone with the public key can verify) are built in; a host may pass its own
 * (e.g. a signer backed by a KMS) as long as its verifier accepts what it signs.
 */
export interface CheckpointSigner {
  /** `hmac-sha256` or `ed25519`. */
  readonly algorithm: 'hmac-sha256' | 'ed25519';
  /** The key's name, written into every checkpoint so a verifier can pick the key (key rotation). */
  readonly keyId: string;
  /**
   * Signs the UTF-8 bytes of `message` (a checkpoint digest, 64 hex digits).
   *
   * @param message - the text to sign
   * @returns the signature (HMAC tag or Ed25519 signature) as lowercase hex
   */
  sign(message: string): string;
}

/** Checks what a {@link CheckpointSigner} signed. */
export interface CheckpointVerifier {
  /** `hmac-sha256` or `ed25519`. */
  readonly algorithm: 'hmac-sha256' | 'ed25519';
  /** The key's name; checkpoints signed under another key id are reported as not verifiable. */
  readonly keyId: string;
  /**
   * Whether `signature` is a valid signature of `message` under this key.
   *
   * @param message - the text that was signed
   * @param signature - the signature as lowercase hex
   * @returns true when it is valid
   */
  verify(message: string, signature: string): boolean;
}

const HEX = /^(?:[0-9a-f]{2})+$/;
const HEX64 = /^[0-9a-f]{64}$/;

function keyBytes(key: Uint8Array | string, field: string, length?: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof key === 'string') {
    if (!HEX.test(key)) throw new ValidationError(`${field}: expected the key as lowercase hex digits (or a Uint8Array), got a string that is not hex.`, { field });
    bytes = hexToBytes(key);
  } else if (key instanceof Uint8Array) bytes = key;
  else throw new ValidationError(`${field}: expected a Uint8Array or a hex string.`, { field });
  if (length !== undefined && bytes.length !== length) {
    throw new ValidationError(`${field}: expected ${length} bytes, got ${bytes.length}.`, { field });
  }
  if (length === undefined && bytes.length < 32) {
    throw new ValidationError(`${field}: an HMAC key must have at least 32 bytes (256 bits) of randomness, got ${bytes.length}.`, { field });
  }
  return bytes;
}

function checkKeyId(keyId: string): string {
  if (typeof keyId !== 'string' || keyId === '') throw new ValidationError('keyId: expected a non-empty name of the key, e.g. "audit-2026-01".', { field: 'keyId' });
  return keyId;
}

function constantTimeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * A host-held secret that signs and verifies checkpoints with HMAC-SHA256 (RFC 2104), in pure
 * JavaScript (`@noble/hashes`). Keep the key out of the database the store writes to: whoever
 * holds it can forge checkpoints.
 *
 * @param key - at least 32 random bytes, as a `Uint8Array` or lowercase hex
 * @param keyId - the key's name, recorded in each checkpoint
 * @returns a signer that is also its own verifier
 * @throws ValidationError when the key is shorter than 32 bytes or not hex
 */
export function hmacCheckpointKey(key: Uint8Array | string, keyId: string): CheckpointSigner & CheckpointVerifier {
  const bytes = keyBytes(key, 'key');
  const id = checkKeyId(keyId);
  const tag = (message: string) => bytesToHex(hmac(sha256, bytes, utf8ToBytes(message)));
  return Object.freeze({
    algorithm: 'hmac-sha256' as const,
    keyId: id,
    sign: tag,
    verify: (message: string, signature: string) => typeof signature === 'string' && constantTimeEqualHex(tag(message), signature),
  });
}

/**
 * Signs checkpoints with an Ed25519 private key (RFC 8032, `@noble/curves`, pure JavaScript). The
 * public key ({@link Ed25519CheckpointSigner.publicKey}) can be handed to an auditor, who verifies
 * with {@link ed25519CheckpointVerifier} without being able to sign.
 *
 * @param secretKey - the 32-byte private key (seed), as a `Uint8Array` or lowercase hex
 * @param keyId - the key's name, recorded in each checkpoint
 * @returns the signer and its public key
 * @throws ValidationError when the key is not 32 bytes
 */
export function ed25519CheckpointSigner(secretKey: Uint8Array | string, keyId: string): Ed25519CheckpointSigner {
  const bytes = keyBytes(secretKey, 'secretKey', 32);
  const id = checkKeyId(keyId);
  return Object.freeze({
    algorithm: 'ed25519' as const,
    keyId: id,
    publicKey: bytesToHex(ed25519.getPublicKey(bytes)),
    sign: (message: string) => bytesToHex(ed25519.sign(utf8ToBytes(message), bytes)),
  });
}

/** An Ed25519 {@link CheckpointSigner} with its public key. */
export interface Ed25519CheckpointSigner extends CheckpointSigner {
  /** `ed25519`. */
  readonly algorithm: 'ed25519';
  /** The public key (32 bytes, lowercase hex), for {@link ed25519CheckpointVerifier}. */
  readonly publicKey: string;
}

/**
 * Verifies Ed25519-signed checkpoints with the signer's public key.
 *
 * @param publicKey - the 32-byte public key, as a `Uint8Array` or lowercase hex
 * @param keyId - the key's name as the signer recorded it
 * @returns the verifier
 * @throws ValidationError when the key is not 32 bytes
 */
export function ed25519CheckpointVerifier(publicKey: Uint8Array | string, keyId: string): CheckpointVerifier {
  const bytes = keyBytes(publicKey, 'publicKey', 32);
  const id = checkKeyId(keyId);
  return Object.freeze({
    algorithm: 'ed25519' as const,
    keyId: id,
    verify: (message: string, signature: string) => {
      if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/.test(signature)) return false;
      try {
        return ed25519.verify(hexToBytes(signature), utf8ToBytes(message), bytes);
      } catch {
        return false;
      }
    },
  });
}

/**
 * One signed checkpoint: the state of the audit trail after one append, linked to the checkpoint
 * before it (a running hash over every append of one writer), signed with a host-held key.
 *
 * The host exports each checkpoint somewhere the store's database cannot reach (a file on another
 * disk, an object store with retention lock, a timestamping service); {@link verifyAnchoredStore}
 * then finds a store whose entries were truncated, deleted, or rewritten and re-hashed.
 */
export interface Checkpoint {
  /** Position in the writer's checkpoint log: 1, 2, 3 … without gaps. */
  readonly sequence: number;
  /** The writer's name (one log per writer process, e.g. its worker id). */
  readonly stream: string;
  /** The claim the append went to. */
  readonly claimId: string;
  /** The claim's number of entries after the append. */
  readonly version: number;
  /** The claim's chain head after the append (hash of entry `version − 1`). */
  readonly head: string;
  /** When the append was recorded, from the injected clock (ISO 8601 with offset). */
  readonly recordedAt: string;
  /** The `digest` of the previous checkpoint of this stream, or {@link GENESIS_HASH} for sequence 1. */
  readonly prevDigest: string;
  /** SHA-256 over {@link checkpointPreimage}: the running hash of the stream. */
  readonly digest: string;
  /** The signer's algorithm. */
  readonly algorithm: 'hmac-sha256' | 'ed25519';
  /** The signer's key id. */
  readonly keyId: string;
  /** The signature of `digest` (lowercase hex). */
  readonly signature: string;
}

/**
 * The exact text a checkpoint's digest hashes:
 * `canonicalJson({ claimId, head, prevDigest, recordedAt, sequence, stream, version })` (keys in
 * UTF-16 order, no whitespace, UTF-8). An auditor recomputes it with any SHA-256 tool.
 *
 * @param c - the checkpoint's fields
 * @returns the preimage
 */
export function checkpointPreimage(c: Pick<Checkpoint, 'sequence' | 'stream' | 'claimId' | 'version' | 'head' | 'recordedAt' | 'prevDigest'>): string {
  return canonicalJson({ claimId: c.claimId, head: c.head, prevDigest: c.prevDigest, recordedAt: c.recordedAt, sequence: c.sequence, stream: c.stream, version: c.version });
}

/** One append, as the anchor records it. */
export interface AnchorAppend {
  /** The claim. */
  readonly claimId: string;
  /** Its number of entries after the append. */
  readonly version: number;
  /** Its chain head after the append. */
  readonly head: string;
  /** When it was recorded (the injected clock's `now()`). */
  readonly recordedAt: string;
}

/** Options of {@link createAuditAnchor}. */
export interface AuditAnchorOptions {
  /** Signs each checkpoint (keep its key outside the store's database). */
  readonly signer: CheckpointSigner;
  /**
   * Receives each checkpoint after the append it records was stored; export it outside the
   * database (e.g. `fileCheckpointExporter` from `@mahnwerk/cli/checkpoints`). Awaited: when it
   * rejects, the command that appended fails with that error (its entries are stored, but not
   * anchored; verification then reports them as unanchored).
   */
  readonly onCheckpoint: (checkpoint: Checkpoint) => void | Promise<void>;
  /** The writer's name (default `mahnwerk`); give each writer process its own stream. */
  readonly stream?: string;
  /** The last checkpoint this stream exported before a restart, to continue its log (default: start at sequence 1). */
  readonly resumeFrom?: Checkpoint | undefined;
}

/** The running anchor of one writer: turns each append into the next signed checkpoint. */
export interface AuditAnchorWriter {
  /** The writer's name. */
  readonly stream: string;
  /**
   * Records an append: makes, signs and hands the next checkpoint to `onCheckpoint`. Appends are
   * anchored one after another in the order this method is called.
   *
   * @param append - the claim, its version and head after the append, and when it was recorded
   * @returns the checkpoint
   */
  advance(append: AnchorAppend): Promise<Checkpoint>;
  /** The last checkpoint made (or the one resumed from), if any. */
  last(): Checkpoint | undefined;
}

/**
 * Creates the audit anchor of one writer: every append advances the claim's chain head and the
 * writer's running checkpoint (sequence number + hash chained over all its appends), signed with
 * the host's key and exported through `onCheckpoint`. Give it to `createMahnwerk({ anchor })`.
 *
 * @param options - signer, exporter, stream name, and where to resume
 * @returns the anchor
 * @throws ValidationError when the options are incomplete
 */
export function createAuditAnchor(options: AuditAnchorOptions): AuditAnchorWriter {
  const signer = options.signer;
  if (typeof signer !== 'object' || signer === null || typeof signer.sign !== 'function') {
    throw new ValidationError('signer: expected a CheckpointSigner, e.g. hmacCheckpointKey(key, keyId) or ed25519CheckpointSigner(secretKey, keyId).', { field: 'signer' });
  }
  if (typeof options.onCheckpoint !== 'function') {
    throw new ValidationError('onCheckpoint: expected a function that exports each checkpoint outside the database.', { field: 'onCheckpoint' });
  }
  const stream = options.stream ?? 'mahnwerk';
  if (typeof stream !== 'string' || stream === '') throw new ValidationError('stream: expected a non-empty writer name.', { field: 'stream' });
  let last = options.resumeFrom;
  if (last !== undefined && last.stream !== stream) {
    throw new ValidationError(`resumeFrom: the checkpoint belongs to stream "${last.stream}", not to "${stream}".`, { field: 'resumeFrom' });
  }
  // Appends are anchored strictly one after another, even when commands run concurrently.
  let queue: Promise<unknown> = Promise.resolve();
  const advance = (append: AnchorAppend): Promise<Checkpoint> => {
    const run = async (): Promise<Checkpoint> => {
      const fields = {
        sequence: (last?.sequence ?? 0) + 1,
        stream,
        claimId: append.claimId,
        version: append.version,
        head: append.head,
        recordedAt: append.recordedAt,
        prevDigest: last?.digest ?? GENESIS_HASH,
      };
      const digest = bytesToHex(sha256(utf8ToBytes(checkpointPreimage(fields))));
      const checkpoint: Checkpoint = Object.freeze({ ...fields, digest, algorithm: signer.algorithm, keyId: signer.keyId, signature: signer.sign(digest) });
      last = checkpoint;
      await options.onCheckpoint(checkpoint);
      return checkpoint;
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  return { stream, advance, last: () => last };
}

/** What is wrong with a checkpoint log or with a claim measured against it. */
export type AnchorProblem =
  | AuditProblem
  /** The claim is anchored but the store does not hold it any more. */
  | 'deleted'
  /** A checkpoint's signature, digest or link to the one before it is wrong, or it is unverifiable. */
  | 'checkpoint-invalid';

/** One finding of {@link verifyAnchoredStore}. */
export interface AnchorFinding {
  /** The claim (or, for a bad checkpoint, the claim the checkpoint names). */
  readonly claimId: string;
  /** The position (seq) in the claim's chain where the store departs from the anchor; for a bad checkpoint its sequence. */
  readonly position: number;
  /** What kind of departure. */
  readonly problem: AnchorProblem;
  /** For a human: what was found and where. */
  readonly message: string;
}

/** An entry whose business date lies before the day it was recorded: backdated (often lawfully, e.g. a value-dated payment). */
export interface BackdatedEntry {
  /** The claim. */
  readonly claimId: string;
  /** The entry's seq. */
  readonly seq: number;
  /** The event type. */
  readonly type: string;
  /** The business date. */
  readonly date: string;
  /** When it was recorded. */
  readonly recordedAt: string;
}

/** The answer of {@link verifyAnchoredStore}. */
export interface AnchoredVerification {
  /** True when every checkpoint verifies and every anchored claim holds its anchored entries unchanged. */
  readonly ok: boolean;
  /** Number of checkpoints read. */
  readonly checkpoints: number;
  /** Number of claims checked. */
  readonly claims: number;
  /** Every problem found, claim by claim (checkpoint problems first). */
  readonly findings: readonly AnchorFinding[];
  /** Entries stored after the last anchored version of their claim (appended but not anchored, e.g. a crash between append and export): not a failure, but not proven either. */
  readonly unanchored: readonly { readonly claimId: string; readonly fromSeq: number; readonly count: number }[];
  /** Entries whose business date is before their recording day: shown so backdating is visible. */
  readonly backdated: readonly BackdatedEntry[];
}

/** The anchored states of one claim, by version. */
interface ClaimAnchors {
  readonly versions: Map<number, string>;
  maxVersion: number;
}

/**
 * Checks checkpoint logs: each checkpoint's digest is the SHA-256 of its fields, its signature
 * verifies with one of the given keys, its sequence follows the one before it in its stream and
 * it links to that one's digest. Returns the findings and the anchored heads per claim.
 *
 * @internal
 */
function checkCheckpoints(checkpoints: readonly Checkpoint[], verifiers: readonly CheckpointVerifier[]): { findings: AnchorFinding[]; anchors: Map<string, ClaimAnchors> } {
  const findings: AnchorFinding[] = [];
  const anchors = new Map<string, ClaimAnchors>();
  const lastOf = new Map<string, Checkpoint>();
  for (const c of checkpoints) {
    const bad = (what: string) =>
      findings.push({ claimId: String(c?.claimId), position: Number(c?.sequence), problem: 'checkpoint-invalid', message: `Checkpoint ${String(c?.sequence)} of stream "${String(c?.stream)}": ${what}.` });
    if (typeof c !== 'object' || c === null || !Number.isSafeInteger(c.sequence) || typeof c.stream !== 'string' || typeof c.claimId !== 'string' || !Number.isSafeInteger(c.version) || !HEX64.test(String(c.head)) || !HEX64.test(String(c.prevDigest))) {
      bad('it is not a checkpoint (missing or malformed fields)');
      continue;
    }
    const digest = bytesToHex(sha256(utf8ToBytes(checkpointPreimage(c))));
    if (digest !== c.digest) {
      bad(`its digest is not the SHA-256 of its fields (it was changed after signing)`);
      continue;
    }
    const verifier = verifiers.find((v) => v.keyId === c.keyId && v.algorithm === c.algorithm);
    if (verifier === undefined) {
      bad(`no key "${c.keyId}" (${c.algorithm}) was given to verify its signature`);
      continue;
    }
    if (!verifier.verify(c.digest, c.signature)) {
      bad(`its signature does not verify with key "${c.keyId}": it was forged or altered`);
      continue;
    }
    const before = lastOf.get(c.stream);
    if (before === undefined ? c.sequence !== 1 || c.prevDigest !== GENESIS_HASH : c.sequence !== before.sequence + 1 || c.prevDigest !== before.digest) {
      bad(
        before === undefined
          ? 'the first checkpoint of its stream must have sequence 1 and link to the genesis hash (earlier checkpoints are missing)'
          : `it does not follow checkpoint ${before.sequence} (expected sequence ${before.sequence + 1} linking to its digest): checkpoints between them are missing or reordered`,
      );
    }
    lastOf.set(c.stream, c);
    let a = anchors.get(c.claimId);
    if (a === undefined) {
      a = { versions: new Map(), maxVersion: 0 };
      anchors.set(c.claimId, a);
    }
    a.versions.set(c.version, c.head);
    a.maxVersion = Math.max(a.maxVersion, c.version);
  }
  return { findings, anchors };
}

/** Checks one claim's stored entries against its anchored heads. @internal */
function checkClaim(claimId: string, entries: readonly AuditEntry[], anchors: ClaimAnchors): AnchorFinding | undefined {
  const inner = verifyAudit(entries);
  const versions = [...anchors.versions.entries()].sort((x, y) => x[0] - y[0]);
  // The first anchored version the stored chain no longer reaches, or reaches with another head.
  let matched = 0;
  for (const [version, head] of versions) {
    if (entries.length < version) {
      const brokenFirst = !inner.ok && inner.index < entries.length;
      if (brokenFirst) break;
      return {
        claimId,
        position: entries.length,
        problem: 'truncated',
        message: `Claim "${claimId}" was truncated: the store holds ${entries.length} entries, but ${anchors.maxVersion} were anchored; entries from seq ${entries.length} on were cut off.`,
      };
    }
    const stored = (entries[version - 1] as { hash?: unknown } | undefined)?.hash;
    if (stored !== head) {
      if (!inner.ok && inner.index < version) break;
      return {
        claimId,
        position: matched,
        problem: 'altered',
        message:
          `Claim "${claimId}" was rewritten and re-hashed: entry ${version - 1} should have the anchored head ${head.slice(0, 12)}… but has ${String(stored).slice(0, 12)}…; ` +
          (matched === version - 1 ? `the entry at seq ${matched} was changed.` : `an entry between seq ${matched} and ${version - 1} was changed.`),
      };
    }
    matched = version;
  }
  if (!inner.ok) return { claimId, position: inner.index, problem: inner.problem, message: `Claim "${claimId}": ${inner.message}` };
  return undefined;
}

/**
 * Verifies a store against checkpoints exported outside it, with the host's key(s): the
 * checkpoint log must verify (signatures, digests, sequence without gaps), and every claim it
 * names must be in the store with its chain intact and passing through every anchored head.
 *
 * It detects, naming the claim and the position:
 * - a claim's entries **truncated** (fewer entries than anchored) — `truncated` at the first missing seq;
 * - a claim **deleted** — `deleted`;
 * - entries **rewritten** without fixing the hashes — the chain's own `altered`/`removed`/… finding;
 * - entries **rewritten and re-hashed** (a valid chain, but not the anchored one) — `altered` at the
 *   first seq after the last anchored head that still matches;
 * - a forged, changed or missing checkpoint — `checkpoint-invalid`.
 *
 * Entries beyond a claim's last anchored version are listed as `unanchored`, and entries whose
 * business date is before their `recordedAt` day as `backdated` (both informative).
 *
 * @param options - the store, the checkpoints (all streams, in the order each stream wrote them), and the key(s)
 * @returns the findings
 */
export async function verifyAnchoredStore(options: {
  readonly store: Pick<ClaimStore, 'load'>;
  readonly checkpoints: readonly Checkpoint[];
  readonly verifier: CheckpointVerifier | readonly CheckpointVerifier[];
}): Promise<AnchoredVerification> {
  const verifiers = Array.isArray(options.verifier) ? (options.verifier as readonly CheckpointVerifier[]) : [options.verifier as CheckpointVerifier];
  const { findings, anchors } = checkCheckpoints(options.checkpoints, verifiers);
  const unanchored: { claimId: string; fromSeq: number; count: number }[] = [];
  const backdated: BackdatedEntry[] = [];
  const ids = [...anchors.keys()].sort();
  for (const claimId of ids) {
    const a = anchors.get(claimId) as ClaimAnchors;
    const stored = await options.store.load(claimId);
    if (stored === null) {
      findings.push({ claimId, position: 0, problem: 'deleted', message: `Claim "${claimId}" was deleted: ${a.maxVersion} entries were anchored, the store holds none.` });
      continue;
    }
    const finding = checkClaim(claimId, stored.entries, a);
    if (finding !== undefined) findings.push(finding);
    if (stored.entries.length > a.maxVersion) unanchored.push({ claimId, fromSeq: a.maxVersion, count: stored.entries.length - a.maxVersion });
    backdated.push(...backdatedEntries(claimId, stored.entries));
  }
  return { ok: findings.length === 0, checkpoints: options.checkpoints.length, claims: ids.length, findings, unanchored, backdated };
}

/**
 * The entries of a chain whose business date lies before the calendar day of their `recordedAt`
 * (in the offset `recordedAt` was written with). Backdating is often lawful — a payment value-dated
 * on its bank day, default that began before the notice was recorded — but it is always visible.
 *
 * @param claimId - the claim
 * @param entries - its entries
 * @returns the backdated entries
 */
export function backdatedEntries(claimId: string, entries: readonly AuditEntry<ClaimEvent>[]): BackdatedEntry[] {
  const found: BackdatedEntry[] = [];
  for (const e of entries) {
    const event = e.event as Partial<ClaimEvent> | undefined;
    const recordedAt = event?.recordedAt;
    if (typeof recordedAt !== 'string' || typeof event?.date !== 'string') continue;
    if (event.date < recordedAt.slice(0, 10)) found.push({ claimId, seq: e.seq, type: String(event.type), date: event.date, recordedAt });
  }
  return found;
}
