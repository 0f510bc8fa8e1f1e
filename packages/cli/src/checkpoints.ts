import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ValidationError, type Checkpoint } from '@mahnwerk/core';

/**
 * An `onCheckpoint` exporter for `createAuditAnchor` that appends each checkpoint as one JSON line
 * to a file and flushes it to disk (`fsync`) before the command that appended returns. Put the
 * file where the store's database cannot reach it (another disk or host, a mounted object store
 * with retention lock): it is the audit anchor outside the database.
 *
 * @example
 * ```ts
 * import { createAuditAnchor, hmacCheckpointKey } from '@mahnwerk/core';
 * import { fileCheckpointExporter, lastCheckpoint } from '@mahnwerk/cli/checkpoints';
 * const anchor = createAuditAnchor({
 *   signer: hmacCheckpointKey(keyHex, 'audit-2026'),
 *   stream: 'worker-1',
 *   onCheckpoint: fileCheckpointExporter('/mnt/audit/checkpoints.jsonl'),
 *   resumeFrom: lastCheckpoint('/mnt/audit/checkpoints.jsonl', 'worker-1'),
 * });
 * ```
 *
 * @param path - the file (created if missing; lines are only ever appended)
 * @returns the exporter
 */
export function fileCheckpointExporter(path: string): (checkpoint: Checkpoint) => void {
  return (checkpoint) => {
    const fd = openSync(path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * Reads a checkpoint file written by {@link fileCheckpointExporter}, for `verifyAnchoredStore`.
 *
 * @param path - the file
 * @returns the checkpoints in file order (an empty list when the file does not exist)
 * @throws ValidationError naming the line when a line is not JSON
 */
export function readCheckpointFile(path: string): Checkpoint[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const checkpoints: Checkpoint[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      checkpoints.push(JSON.parse(line) as Checkpoint);
    } catch {
      throw new ValidationError(`${path}:${i + 1}: not a JSON checkpoint (the file must hold one checkpoint per line, as fileCheckpointExporter writes them).`, {
        field: 'checkpoints',
      });
    }
  });
  return checkpoints;
}

/**
 * The last checkpoint of a stream in a checkpoint file, to resume its log after a restart
 * (`createAuditAnchor({ resumeFrom })`).
 *
 * @param path - the file
 * @param stream - the writer's stream name
 * @returns the checkpoint, or undefined when the stream has none yet
 */
export function lastCheckpoint(path: string, stream: string): Checkpoint | undefined {
  return readCheckpointFile(path)
    .filter((c) => c.stream === stream)
    .at(-1);
}
