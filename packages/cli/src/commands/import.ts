import { MahnwerkError, agencyHandoverMissing, parseClaimFacts, type ClaimFacts } from '@mahnwerk/core';
import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { claimRecord } from '../book.js';
import { renderTable, toJson } from '../format.js';
import type { MahnwerkConfig } from '../config.js';
import { consumerHandoverStages } from '../disclosure-check.js';
import { configuredDatabase, hostFlags, openConfiguredHost } from '../host.js';
import { readCsvRows, readJsonRows, csvColumns, inCellWords, type ImportRow } from '../import-file.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'skip-invalid', type: 'boolean', help: 'import the valid rows and report the others (default: import nothing while any row is bad)' },
  {
    name: 'strict',
    type: 'boolean',
    help: "import nothing while a consumer claim lacks description or contractDate and the config hands consumers over to a collection agency (default: warn and import; § 13a Abs. 1 Nr. 2 RDG)",
  },
];

const summary = 'import claims from a CSV or JSON file into the database (every row checked first; importing twice changes nothing)';

/** The idempotency key of a claim's import: the same claim imported again is a replay, not a second claim. @internal */
export function importKey(claimId: string): string {
  return `import:${claimId}`;
}

/** One bad row: where, and what is wrong. */
interface RowProblem {
  readonly line: number;
  readonly text: string;
}

/** Checks every row (the CLI's book rules, then the core's claim rules); the facts of the good rows and the problems of the bad. */
function checkRows(rows: readonly ImportRow[], file: string, kind: 'csv' | 'json'): { good: { facts: ClaimFacts; line: number }[]; bad: RowProblem[] } {
  const seen = new Set<string>();
  const debtors = new Map<string, ClaimFacts['debtor']>();
  const good: { facts: ClaimFacts; line: number }[] = [];
  const bad: RowProblem[] = [];
  rows.forEach(({ line, record }, i) => {
    try {
      const facts = claimRecord(record, i, file, seen, debtors, line);
      try {
        good.push({ facts: parseClaimFacts(facts), line });
      } catch (error) {
        if (!MahnwerkError.isInstance(error)) throw error;
        const field = (error.field ?? '').replace(/^facts\.?/, '');
        const text = error.message.replace(/^facts\.?[^:]*:\s*/, '');
        throw new UsageError(`${file}:${line}: record ${i + 1} (id "${facts.id}"): ${field || 'record'}: ${text}`);
      }
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      bad.push({ line, text: kind === 'csv' ? inCellWords(error.message) : error.message });
    }
  });
  return { good, bad };
}

/**
 * The consumer claims to be imported that lack what the collection agency's first letter must name
 * of each claim (§ 13a Abs. 1 Nr. 2 RDG: the contract's subject and date, from `description` and
 * `contractDate`) when the config would send them that letter ({@link consumerHandoverStages}, the
 * rule `run`'s refusal uses): a line per row, in the form of the bad rows' lines, and why it
 * matters. No rows when the config sends no such letter.
 *
 * @internal
 */
export function handoverDataProblems(config: MahnwerkConfig, file: string, good: readonly { readonly facts: ClaimFacts; readonly line: number }[]): { rows: string[]; why: string } {
  const stages = consumerHandoverStages(config);
  if (stages.length === 0 || config.creditor === undefined) return { rows: [], why: '' };
  const rows: string[] = [];
  for (const { facts, line } of good) {
    // The engine's own rule (core's guard.agency-handover-needs-claim-reason): what it will refuse to hand over.
    const missing = agencyHandoverMissing(facts, 'collection-agency');
    if (missing.length > 0) rows.push(`${file}:${line}: id "${facts.id}": consumer claim without ${missing.join(' and ')}`);
  }
  const n = rows.length;
  const why =
    `${n === 1 ? '1 consumer claim (listed above) lacks' : `${n} consumer claims (listed above) lack`} what the collection agency's first letter must name (§ 13a Abs. 1 Nr. 2 RDG): ` +
    `the subject of the contract ("description") and the date it was concluded ("contractDate", YYYY-MM-DD). The policy "${config.policy}" hands consumers over (${stages.join(', ')}); ` +
    'without them the engine does not hand such a claim over: it stays at its last stage and no collection costs are charged (guard.agency-handover-needs-claim-reason).';
  return { rows, why };
}

/** `mahnwerk import`: claims from a file into the database. */
export const importCommand = {
  name: 'import',
  summary,
  fieldToFlag: {} as Record<string, string>,
  help: () =>
    helpText('import', `${summary}; usage: mahnwerk import FILE [flags]`, flags, 'mahnwerk import claims.csv --db ./mahnwerk-data', [
      'FILE.json  a JSON array of claims in the book format (as mahnwerk generate writes it)',
      `FILE.csv   a header row, then one claim per row; columns: ${csvColumns.join(', ')}`,
      '           lists (tags, debtor.address) separated by |; yes/no fields true or false; an empty cell leaves the field out',
      'Every row is checked before anything is written: all bad rows are listed (file:line: field: problem) and nothing',
      'is imported unless --skip-invalid. A claim imported before (same id, same content) is left as it is.',
      'When the config hands consumers over to a collection agency (a creditor and a policy with the handover stage),',
      'consumer claims without description or contractDate are listed as a warning (§ 13a Abs. 1 Nr. 2 RDG) and imported',
      'unless --strict; add the missing facts later with mahnwerk amend --claim ID.',
    ]),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--db', '--config'].includes(argv[i - 1] as string)));
    const f = parseFlags('import', argv.filter((a) => !positional.includes(a)), flags);
    if (f['help']) return { text: importCommand.help() };
    const [file, ...extra] = positional;
    if (file === undefined) throw new UsageError('FILE: missing; give the claims file: mahnwerk import claims.csv --db DIR (see mahnwerk import --help).');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; import takes one file.`);
    const kind = /\.csv$/i.test(file) ? 'csv' : /\.json$/i.test(file) ? 'json' : undefined;
    if (kind === undefined) throw new UsageError(`FILE: "${file}" is neither .csv nor .json; name the file by its format.`);
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (error) {
      throw new UsageError(`FILE: cannot read "${file}" (${error instanceof Error ? error.message : String(error)}).`);
    }
    const rows = kind === 'csv' ? readCsvRows(text, file) : readJsonRows(text, file);
    const { good, bad } = checkRows(rows, file, kind);
    for (const problem of bad) io.stderr(`mahnwerk import: ${problem.text}\n`);
    if (bad.length > 0 && !f['skip-invalid']) {
      throw new UsageError(`${bad.length} of ${rows.length} rows are invalid (listed above); nothing was imported. Fix them, or pass --skip-invalid to import the ${good.length} valid rows.`);
    }
    const { config, db } = await configuredDatabase(f, io);
    const handover = handoverDataProblems(config, file, good);
    if (handover.rows.length > 0 && f['strict']) {
      for (const row of handover.rows) io.stderr(`mahnwerk import: ${row}\n`);
      throw new UsageError(`--strict: ${handover.why} Nothing was imported: add both to these rows, or import without --strict (a warning) and add them to the claims with mahnwerk amend.`);
    }
    if (handover.rows.length > 0) {
      for (const row of handover.rows) io.stderr(`mahnwerk import: warning: ${row}\n`);
      io.stderr(
        `mahnwerk import: warning: ${handover.why} They are imported as they are: add what is missing to each claim with mahnwerk amend --claim ID --description TEXT --contract-date YYYY-MM-DD (importing them again with the fields is refused as other content), ` +
          'or add both to such rows before they are imported (--strict imports nothing while one lacks them).\n',
      );
    }
    const host = await openConfiguredHost(config, db, io, 'cli');
    let imported = 0;
    let unchanged = 0;
    const failed: RowProblem[] = [];
    try {
      for (const { facts, line } of good) {
        try {
          const result = await host.mahnwerk.createClaim(facts, { idempotencyKey: importKey(facts.id) });
          if (result.replayed) unchanged++;
          else imported++;
        } catch (error) {
          if (!MahnwerkError.isInstance(error) || (error.code !== 'idempotency_mismatch' && error.code !== 'claim_exists')) throw error;
          const why =
            error.code === 'claim_exists'
              ? 'a claim with this id exists already (not created by an import); use another id'
              : 'imported before with other content; a claim is changed by commands, not by importing it again';
          failed.push({ line, text: `${file}:${line}: id "${facts.id}": ${why}` });
        }
      }
    } finally {
      await host.close();
    }
    for (const problem of failed) io.stderr(`mahnwerk import: ${problem.text}\n`);
    const json = { file, database: host.opened.where, rows: rows.length, imported, unchanged, invalid: bad.length, refused: failed.length };
    if (failed.length > 0) throw new UsageError(`${failed.length} claims were refused (listed above); ${imported} imported, ${unchanged} unchanged.`);
    if (f['json']) return { text: toJson(json) };
    return {
      text: renderTable(['rows', 'imported', 'unchanged', 'invalid (skipped)'], [[String(json.rows), String(imported), String(unchanged), String(bad.length)]]),
    };
  },
};
