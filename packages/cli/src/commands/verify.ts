import { readFileSync } from 'node:fs';
import { ed25519CheckpointVerifier, hmacCheckpointKey, verifyAnchoredStore, type CheckpointVerifier } from '@mahnwerk/core';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { readCheckpointFile } from '../checkpoints.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, requiredDatabase } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import { openStore } from '../store-option.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'checkpoints', type: 'string', required: true, placeholder: 'FILE', help: 'the checkpoint file written by fileCheckpointExporter (one JSON checkpoint per line), kept outside the database' },
  { name: 'key-id', type: 'string', required: true, placeholder: 'ID', help: 'the key id the checkpoints were signed under' },
  { name: 'hmac-key-file', type: 'string', placeholder: 'FILE', help: 'a file holding the HMAC-SHA256 key as hex (for checkpoints signed with hmacCheckpointKey)' },
  { name: 'public-key', type: 'string', placeholder: 'HEX', help: 'the Ed25519 public key as hex (for checkpoints signed with ed25519CheckpointSigner)' },
];

const summary = 'verify the audit trail in a database against checkpoints exported outside it (truncated, deleted, rewritten claims)';

function verifierOf(keyId: string, keyFile: string | undefined, publicKey: string | undefined): CheckpointVerifier {
  if ((keyFile === undefined) === (publicKey === undefined)) {
    throw new UsageError('give exactly one of --hmac-key-file FILE (HMAC-SHA256) or --public-key HEX (Ed25519).');
  }
  if (publicKey !== undefined) return ed25519CheckpointVerifier(publicKey.trim().toLowerCase(), keyId);
  let hex: string;
  try {
    hex = readFileSync(keyFile as string, 'utf8').trim().toLowerCase();
  } catch (error) {
    throw new UsageError(`--hmac-key-file: cannot read ${keyFile} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return hmacCheckpointKey(hex, keyId);
}

/**
 * `mahnwerk verify`: checks every claim the checkpoints name against the database. Prints the
 * claims checked and the backdated entries; when anything is wrong it fails (exit code 2) naming
 * each claim, position and kind of tampering.
 */
export const verifyCommand = {
  name: 'verify',
  summary,
  fieldToFlag: { db: '--db', checkpoints: '--checkpoints', keyId: '--key-id', key: '--hmac-key-file', publicKey: '--public-key' } as Record<string, string>,
  help: () => helpText('verify', summary, flags, 'mahnwerk verify --db ./mahnwerk-data --checkpoints /mnt/audit/checkpoints.jsonl --key-id audit-2026 --hmac-key-file /etc/mahnwerk/audit.key', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('verify', argv, flags);
    if (f['help']) return { text: verifyCommand.help() };
    const { db } = await requiredDatabase(f, io, 'verify');
    const verifier = verifierOf(str(f, 'key-id') as string, str(f, 'hmac-key-file'), str(f, 'public-key'));
    const checkpoints = readCheckpointFile(str(f, 'checkpoints') as string);
    const opened = await openStore(db);
    try {
      const report = await verifyAnchoredStore({ store: opened.store, checkpoints, verifier });
      if (!report.ok) {
        const lines = report.findings.map((x) => `${x.claimId} at ${x.position}: ${x.problem} — ${x.message}`);
        throw new UsageError(`the audit trail does not verify (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}): ${lines.join(' | ')}`);
      }
      if (f['json']) return { text: toJson(report) };
      return {
        text:
          renderTable(['checkpoints', 'claims', 'unanchored entries', 'backdated entries'], [
            [String(report.checkpoints), String(report.claims), String(report.unanchored.reduce((n, u) => n + u.count, 0)), String(report.backdated.length)],
          ]) + 'ok: every anchored claim is in the database, complete and unchanged\n',
      };
    } finally {
      await opened.close();
    }
  },
};
