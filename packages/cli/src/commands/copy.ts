import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { migrateRunner } from '@mahnwerk/runner';
import { checkStoreCopy, copyStore, type StoreCopyReport } from '@mahnwerk/store-postgres';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { loadConfig } from '../config.js';
import { renderTable, toJson } from '../format.js';
import { UsageError, type CliIo } from '../io.js';
import { isPostgresUrl, openCommandStore, type OpenedStore } from '../store-option.js';
import type { CommandResult } from './command.js';
import { verifyCommand } from './verify.js';

const flags: readonly FlagSpec[] = [
  { name: 'from', type: 'string', placeholder: 'DIR|URL', required: true, help: 'the database to copy: a PGlite data directory (the --db of your other commands) or a postgres:// URL; only read' },
  { name: 'to', type: 'string', placeholder: 'URL|DIR', required: true, help: 'the database to copy into: a postgres:// URL or a PGlite directory; must hold no data (migrated in the copy, left as it was when refused)' },
  { name: 'config', type: 'string', placeholder: 'file', help: "the config file (default: ./mahnwerk.config.json if it exists); with an \"anchor\", the copy is verified against its checkpoints as mahnwerk verify does" },
];

const summary = 'move a database with its whole history (events, messages sent, fees, leases, keys) into an empty one, e.g. from the embedded default to a server';

const notes = [
  'What is copied: every table of the store (claims and their event streams byte for byte, the outbox',
  'with each message\'s status, attempts and lease, idempotency keys, personal data and erasures) and',
  'the runner\'s tables (day leases as they are: a lease runs out on the target when it would have on',
  'the source). A new target is migrated (store and runner tables) in the copy\'s own transaction, so a',
  'refused copy leaves it as it was; a target migrated before must be empty and at the source\'s schema',
  'version. The source must be at the newest schema version (mahnwerk migrate --db FROM first if older).',
  '',
  'Stop every process that writes the source before copying: a source being written (an open write',
  'transaction, a worker\'s live lease) is refused, and what is written to it after the copy is not on',
  'the target; a PGlite directory cannot tell that another process has it open. Afterwards point --db',
  '(or the config\'s "database") at the target and leave the source.',
  '',
  'Verified before the target commits: rows per table, each claim\'s version and chain head, and each',
  'chain up to its head; with an "anchor" in the config also the checkpoints (mahnwerk verify).',
];

/** Opens `--from` or `--to` as `openStore` opens `--db`, its messages naming the flag. */
async function open(io: CliIo, flag: '--from' | '--to', value: string): Promise<OpenedStore> {
  try {
    return await openCommandStore(io, value, { migrate: false });
  } catch (error) {
    if (error instanceof UsageError && error.message.startsWith('--db:')) throw new UsageError(`${flag}:${error.message.slice('--db:'.length)}`);
    throw error;
  }
}

/** `--from DIR` must be a PGlite data directory that exists: `openStore` would make a new, empty one. */
async function checkSourceDirectory(dir: string): Promise<void> {
  if (isPostgresUrl(dir) || /^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) return;
  const version = await stat(join(dir, 'PG_VERSION')).catch(() => undefined);
  if (version === undefined) {
    throw new UsageError(`--from: "${dir}" holds no embedded database (no PG_VERSION in it); give the data directory your other commands use as --db, or a postgres:// URL.`);
  }
}

/**
 * What `--to` is on disk before the copy: a directory to be created (`missing` names the outermost
 * directory that does not exist yet, which opening PGlite would create with its parents) or an
 * empty directory — a new target, made by opening it, so the copy is checked (`checkStoreCopy`
 * without a target) before it is opened — or anything else (a server URL, a directory that holds
 * files: opened as it is, which creates nothing, and checked with the source before the copy).
 */
type TargetBefore = { readonly kind: 'missing'; readonly missing: string } | { readonly kind: 'empty' } | { readonly kind: 'kept' };

async function targetBefore(to: string): Promise<TargetBefore> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to) || to.trim() === '') return { kind: 'kept' };
  const entries = await readdir(to).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : undefined));
  if (entries === undefined) return { kind: 'kept' };
  if (entries !== null) return { kind: entries.length === 0 ? 'empty' : 'kept' };
  let missing = to;
  for (let parent = dirname(missing); parent !== missing; parent = dirname(missing)) {
    if ((await stat(parent).catch(() => undefined)) !== undefined) break;
    missing = parent;
  }
  return { kind: 'missing', missing };
}

/**
 * Puts a new PGlite target back as it was when the copy failed after making it — what the checks
 * before it cannot see: the database failing, or the stores changing between the check and the copy
 * (a worker starting on the source), or a copy that came out unequal: the directories the copy
 * created are removed, an empty directory is emptied again. Only what the copy made is touched
 * (`targetBefore` saw nothing there). A refusal of a bad source or target never gets here: it is
 * found before the target is made.
 */
async function restoreTarget(to: string, before: TargetBefore): Promise<void> {
  if (before.kind === 'missing') await rm(before.missing, { recursive: true, force: true });
  else if (before.kind === 'empty') for (const entry of await readdir(to)) await rm(join(to, entry), { recursive: true, force: true });
}

/** What `mahnwerk copy` prints with `--json`. */
interface CopyJson extends StoreCopyReport {
  readonly from: string;
  readonly to: string;
  /** The checkpoints check of the target (`mahnwerk verify` with the config's anchor), or null without an anchor. */
  readonly anchor: { readonly checkpoints: number; readonly claims: number } | null;
}

/**
 * `mahnwerk copy --from DIR|URL --to URL|DIR`: checks the copy with store-postgres' `checkStoreCopy`
 * before anything is made at `--to` — the source alone when `--to` is a directory still to be made
 * (or an empty one: opening it makes the database), else source and target together — then copies
 * every table of the source into the target with `copyStore` (one snapshot of the source, one
 * transaction on the target, verified before it commits), which checks both again and migrates a
 * new target — store and runner tables (`prepareTarget: migrateRunner`) — in that same
 * transaction; then — when the config has an `anchor` — checks the target against the checkpoints
 * with `mahnwerk verify`. Prints the rows per table.
 */
export const copyCommand = {
  name: 'copy',
  summary,
  fieldToFlag: { from: '--from', to: '--to', config: '--config' } as Record<string, string>,
  // The library's advice in the CLI's words.
  rewrites: [
    [/store\.migrate\(\), or /g, ''],
    [/mahnwerk migrate --db SOURCE/g, 'mahnwerk migrate --db FROM'],
  ] as const,
  help: () => `${helpText('copy', summary, flags, 'mahnwerk copy --from ./mahnwerk-data --to postgres://mahnwerk@db.internal/mahnwerk', [])}\n${notes.join('\n')}\n`,
  async run(argv: readonly string[], readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('copy', argv, flags);
    if (f['help']) return { text: copyCommand.help() };
    const from = str(f, 'from') as string;
    const to = str(f, 'to') as string;
    if (from.trim() === to.trim()) throw new UsageError('--to: the same database as --from; copy into another database (a new directory or a postgres:// URL).');
    const configFile = str(f, 'config');
    const { config } = await loadConfig(configFile, io.readFile);
    await checkSourceDirectory(from);
    const source = await open(io, '--from', from);
    let report: StoreCopyReport;
    let where: { from: string; to: string };
    try {
      // Opening a PGlite target makes its database (the directory, with its parents): a new target
      // is made only after the source passed every check a copy into a new target makes (a store,
      // at the newest schema version, no write or worker at work on it).
      const before = await targetBefore(to);
      if (before.kind !== 'kept') await checkStoreCopy({ from: source.store });
      try {
        const target = await open(io, '--to', to);
        try {
          // An existing target is checked with the source before the copy (it is not empty, another
          // schema version, in use …); copyStore checks both again in its transactions, and migrates
          // a new target there.
          if (before.kind === 'kept') await checkStoreCopy({ from: source.store, to: target.store });
          report = await copyStore({ from: source.store, to: target.store, prepareTarget: migrateRunner });
          where = { from: source.where, to: target.where };
        } finally {
          await target.close();
        }
      } catch (error) {
        await restoreTarget(to, before);
        throw error;
      }
    } finally {
      await source.close();
    }
    let anchor: CopyJson['anchor'] = null;
    if (config.anchor !== undefined) {
      // The same check as `mahnwerk verify` with this config: it fails (exit 2) naming each claim that does not verify.
      const verified = await verifyCommand.run(['--db', to, '--json', ...(configFile === undefined ? [] : ['--config', configFile])], readStdin, io);
      const result = JSON.parse(verified.text) as { checkpoints: number; claims: number };
      anchor = { checkpoints: result.checkpoints, claims: result.claims };
    }
    const json: CopyJson = { from: where.from, to: where.to, ...report, anchor };
    if (f['json']) return { text: toJson(json) };
    return {
      text:
        renderTable(['table', 'rows'], json.tables.map((t) => [t.table, String(t.rows)])) +
        `copied ${json.from} to ${json.to} (schema version ${json.schemaVersion})\n` +
        `verified: ${json.claims} claims with ${json.entries} events — row counts, chain heads and chains equal to the source's\n` +
        (anchor === null
          ? 'no "anchor" in the config: check the target against your checkpoints with mahnwerk verify --db TO\n'
          : `checkpoints: ${anchor.checkpoints} verify the target (${anchor.claims} claims anchored)\n`) +
        `next: use ${json.to} as --db (or the config's "database"); do not write to ${json.from} any more\n`,
    };
  },
};
