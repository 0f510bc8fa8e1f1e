import { closeSync, openSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createAuditAnchor, ed25519CheckpointSigner, hmacCheckpointKey, type AuditAnchorWriter, type CheckpointSigner } from '@mahnwerk/core';
import { fileCheckpointExporter } from './checkpoints.js';
import type { MahnwerkConfig } from './config.js';
import { UsageError } from './io.js';

/** The `anchor` section of `mahnwerk.config.json`. @internal */
export type AnchorConfig = NonNullable<MahnwerkConfig['anchor']>;

function readHexKey(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8').trim().toLowerCase();
  } catch (error) {
    throw new UsageError(`anchor.${field}: cannot read ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** The signer the config's key file holds. @internal */
export function anchorSigner(anchor: AnchorConfig): CheckpointSigner {
  if (anchor.hmacKeyFile !== undefined) return hmacCheckpointKey(readHexKey(anchor.hmacKeyFile, 'hmacKeyFile'), anchor.keyId);
  return ed25519CheckpointSigner(readHexKey(anchor.ed25519KeyFile as string, 'ed25519KeyFile'), anchor.keyId);
}

/**
 * A checkpoint stream name no other process uses: `<role>@<host>#<pid>.<n>/<start instant>`. Every
 * process that appends starts its own log at sequence 1, so the checkpoints of several workers
 * (and of runs one after another) never collide in the shared checkpoints file, and
 * `verifyAnchoredStore` checks each log on its own.
 *
 * @param role - what the process is, e.g. `run` or `worker-2`
 * @param now - the start instant (the system clock's, read by the caller)
 * @returns the stream name
 * @internal
 */
export function processStream(role: string, now: Date): string {
  opened += 1;
  return `${role}@${hostname()}#${process.pid}.${opened}/${now.toISOString()}`;
}

/** Anchors opened in this process so far (a process that runs several commands, e.g. in tests, opens one per command). */
let opened = 0;

/**
 * Checks the checkpoints file can be appended to (creating it when missing), before a command
 * writes anything: the exporter runs after an append committed, so a file that cannot be written
 * (its directory missing, no permission) failed only then — the first claim stored but
 * unanchored, the command an "unexpected failure".
 *
 * @param anchor - the config's `anchor` section
 * @throws UsageError naming `anchor.checkpoints`
 * @internal
 */
export function checkCheckpointsFile(anchor: AnchorConfig): void {
  try {
    closeSync(openSync(anchor.checkpoints, 'a'));
  } catch (error) {
    throw new UsageError(
      `anchor.checkpoints: cannot append to ${anchor.checkpoints} (${error instanceof Error ? error.message : String(error)}); create its directory or fix the path — nothing was written.`,
    );
  }
}

/**
 * The audit anchor of one process from the config: the key from its key file, each checkpoint
 * appended (and fsynced) to the checkpoints file under this process's own stream.
 *
 * @param anchor - the config's `anchor` section
 * @param stream - this process's stream name ({@link processStream})
 * @returns the anchor for `createMahnwerk({ anchor })`
 * @throws UsageError when a key file cannot be read or the checkpoints file cannot be appended to; ValidationError when the key is malformed
 * @internal
 */
export function openAnchor(anchor: AnchorConfig, stream: string): AuditAnchorWriter {
  checkCheckpointsFile(anchor);
  return createAuditAnchor({ signer: anchorSigner(anchor), stream, onCheckpoint: fileCheckpointExporter(anchor.checkpoints) });
}
