import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The SHA-256 the audit chain hashes with, as a port: core computes it with `@noble/hashes` (pure
 * JavaScript, runs everywhere), and a host on Node.js can pass one built on `node:crypto`, which is
 * several times faster per entry (e.g. `nodeSha256Hasher` from `@mahnwerk/cli/node-hasher`).
 *
 * Contract: `sha256Hex(text)` is the SHA-256 of the UTF-8 bytes of `text` (no byte-order mark),
 * written as 64 lowercase hex digits — exactly what `printf '%s' text | sha256sum` prints. Every
 * hasher must give the same answer for the same text; a chain written with one verifies with any
 * other. It must be pure (no state between calls) and must not throw for any string.
 */
export interface AuditHasher {
  /** The algorithm, always `sha-256`: the chain's hashes are defined as SHA-256. */
  readonly algorithm: 'sha-256';
  /**
   * SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits.
   *
   * @param text - the text to hash (an audit preimage)
   */
  sha256Hex(text: string): string;
}

/** The default {@link AuditHasher}: SHA-256 from `@noble/hashes`, pure JavaScript. */
export const nobleSha256Hasher: AuditHasher = Object.freeze({
  algorithm: 'sha-256' as const,
  sha256Hex(text: string): string {
    return bytesToHex(sha256(utf8ToBytes(text)));
  },
});

/** Options of the audit functions that hash. */
export interface AuditHashOptions {
  /** The SHA-256 to use (default {@link nobleSha256Hasher}). */
  readonly hasher?: AuditHasher;
}
