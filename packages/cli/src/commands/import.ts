import { MahnwerkError, agencyHandoverMissing, parseClaimFacts, parseScriptedAction, type ClaimFacts, type RecordAdjustmentInput } from '@mahnwerk/core';
import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { claimRecord } from '../book.js';
import { renderTable, toJson } from '../format.js';
import type { MahnwerkConfig } from '../config.js';
import { consumerHandoverStages } from '../disclosure-check.js';
import { configuredDatabase, hostFlags, openConfiguredHost } from '../host.js';
import { adjustmentColumns, adjustmentType, readCsvRows, readJsonRows, csvColumns, inCellWords, type ImportRow } from '../import-file.js';
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

/**
 * The idempotency key of the n-th adjustment row (1-based, in file order) of a claim: the same row
 * imported again is a replay, and a row changed since is refused as other content.
 *
 * @internal
 */
export function importAdjustmentKey(claimId: string, n: number): string {
  return `import:${claimId}:adjustment:${n}`;
}

/** One bad row: where, and what is wrong. */
interface RowProblem {
  readonly line: number;
  readonly text: string;
}

/** A checked adjustment row: the host's recordAdjustment input, its key, and where it stands. */
interface AdjustmentRow {
  readonly input: RecordAdjustmentInput;
  readonly key: string;
  readonly line: number;
  readonly record: number;
}

/** Whether a book's record is an adjustment (has a `type`; a claim has none). */
function isAdjustmentRecord(record: unknown): boolean {
  return typeof record === 'object' && record !== null && !Array.isArray(record) && 'type' in record;
}

/**
 * Checks every row (the CLI's book rules, then the core's claim rules; an adjustment row by core's
 * scripted action `adjustment`, `parseScriptedAction`, against the claims of the file); the facts of
 * the good rows, the good adjustments, and the problems of the bad.
 */
function checkRows(
  rows: readonly ImportRow[],
  file: string,
  kind: 'csv' | 'json',
): { good: { facts: ClaimFacts; line: number }[]; adjustments: AdjustmentRow[]; bad: RowProblem[] } {
  const seen = new Set<string>();
  const debtors = new Map<string, ClaimFacts['debtor']>();
  const good: { facts: ClaimFacts; line: number }[] = [];
  const adjustments: AdjustmentRow[] = [];
  const bad: RowProblem[] = [];
  const problems = new Map<number, string>();
  const report = (line: number, text: string): void => void bad.push({ line, text: kind === 'csv' ? inCellWords(text) : text });
  rows.forEach(({ line, record, problem }, i) => {
    if (problem !== undefined) {
      problems.set(i, problem);
      return;
    }
    if (isAdjustmentRecord(record)) return; // checked below, against the claims of the whole file
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
      report(line, error.message);
    }
  });
  // The adjustments, each against the claim of the file it names (a claim row that is bad is none).
  const claims = new Map(good.map(({ facts }) => [facts.id, facts]));
  const perClaim = new Map<string, number>();
  rows.forEach(({ line, record }, i) => {
    const problem = problems.get(i);
    const claimId = typeof record === 'object' && record !== null ? (record as { claimId?: unknown; id?: unknown }).claimId ?? (record as { id?: unknown }).id : undefined;
    const where = `${file}:${line}: record ${i + 1}${typeof claimId === 'string' ? ` (${isAdjustmentRecord(record) ? 'claim' : 'id'} "${claimId}")` : ''}`;
    if (problem !== undefined) return report(line, `${where}: ${problem}.`);
    if (!isAdjustmentRecord(record)) return;
    const type = (record as { type: unknown }).type;
    if (type !== adjustmentType) {
      return report(
        line,
        `${where}: type: ${JSON.stringify(type)} is not a record of a book; a book holds claims (no type) and credit notes or write-downs (type "${adjustmentType}": ${adjustmentColumns.slice(1).join(', ')}) — payments and other steps are recorded by commands, or scripted in mahnwerk simulate --script.`,
      );
    }
    try {
      if (typeof claimId === 'string' && !claims.has(claimId)) {
        throw new UsageError(`${where}: claimId: no claim "${claimId}" in ${file}${seen.has(claimId) ? ' that is valid (its row is listed above)' : ''}; an adjustment names a claim of the same book.`);
      }
      // Core's one schema and checks of a script entry `adjustment` (the host's recordAdjustment fields and its day).
      const action = parseScriptedAction(record, (id) => claims.get(id), 'row');
      if (action.type !== 'adjustment') throw new Error(`unreachable: ${action.type}`);
      const n = (perClaim.get(action.claimId) ?? 0) + 1;
      perClaim.set(action.claimId, n);
      adjustments.push({
        input: { claimId: action.claimId, kind: action.kind, amount: action.amount, date: action.date, ...(action.note === undefined ? {} : { note: action.note }) },
        key: importAdjustmentKey(action.claimId, n),
        line,
        record: i + 1,
      });
    } catch (error) {
      if (error instanceof UsageError) return report(line, error.message);
      if (!MahnwerkError.isInstance(error)) throw error;
      const field = (error.field ?? 'row').replace(/^row\.?/, '');
      const text = error.message.replace(/^row[^:]*:\s*/, '');
      report(line, `${where}: ${field || 'record'}: ${text}`);
    }
  });
  bad.sort((a, b) => a.line - b.line);
  return { good, adjustments, bad };
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

/**
 * The codes of a host's refusal of an adjustment row, reported at its line: above the principal open
 * (`adjustment_exceeds_principal`), a day after today or before the last money event (`invalid_input`),
 * the row imported before with other content (`idempotency_mismatch`), the claim not in the database.
 */
const adjustmentRefusals: ReadonlySet<string> = new Set(['adjustment_exceeds_principal', 'invalid_input', 'invalid_money', 'currency_mismatch', 'idempotency_mismatch', 'claim_not_found']);

/** `mahnwerk import`: claims from a file into the database. */
export const importCommand = {
  name: 'import',
  summary,
  fieldToFlag: {} as Record<string, string>,
  help: () =>
    helpText('import', `${summary}; usage: mahnwerk import FILE [flags]`, flags, 'mahnwerk import claims.csv --db ./mahnwerk-data', [
      'FILE.json  a JSON array of claims in the book format (as mahnwerk generate writes it), and of credit notes and',
      '           write-downs: { "type": "adjustment", "claimId", "date", "kind": "credit-note"|"write-down", "amount", "note"? }',
      '           (the script entry of mahnwerk simulate --script; the claim must be in the same file)',
      `FILE.csv   a header row, then one claim per row; columns: ${csvColumns.join(', ')}`,
      '           lists (tags, debtor.address) separated by |; yes/no fields true or false; an empty cell leaves the field out;',
      `           a row with type "adjustment" is a credit note or write-down and fills only ${adjustmentColumns.join(', ')}`,
      'Adjustments are booked after the claims through recordAdjustment: at most the principal open on their day, not',
      'after today; a refused one is listed (file:line) and writes nothing.',
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
    const { good, adjustments, bad } = checkRows(rows, file, kind);
    for (const problem of bad) io.stderr(`mahnwerk import: ${problem.text}\n`);
    if (bad.length > 0 && !f['skip-invalid']) {
      throw new UsageError(
        `${bad.length} of ${rows.length} rows are invalid (listed above); nothing was imported. Fix them, or pass --skip-invalid to import the ${good.length + adjustments.length} valid rows.`,
      );
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
    let booked = 0;
    let bookedBefore = 0;
    const failed: RowProblem[] = [];
    const refusedClaims = new Set<string>();
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
          refusedClaims.add(facts.id);
        }
      }
      // Then the credit notes and write-downs, in file order, each through the host's recordAdjustment
      // (core's bookAdjustment: at most the principal open); one refused writes nothing.
      for (const a of adjustments) {
        const where = `${file}:${a.line}: record ${a.record} (claim "${a.input.claimId}")`;
        if (refusedClaims.has(a.input.claimId)) {
          failed.push({ line: a.line, text: `${where}: claimId: not booked, the claim was refused (above).` });
          continue;
        }
        try {
          const result = await host.mahnwerk.recordAdjustment(a.input, { idempotencyKey: a.key });
          if (result.replayed) bookedBefore++;
          else booked++;
        } catch (error) {
          if (!MahnwerkError.isInstance(error) || !adjustmentRefusals.has(error.code)) throw error;
          const text =
            error.code === 'idempotency_mismatch'
              ? 'imported before with other content; a booked adjustment is not changed by importing it again (book a new one as a row of its own)'
              : error.field !== undefined && error.message.startsWith(`${error.field}:`)
                ? error.message
                : `${error.field ?? 'record'}: ${error.message}`;
          failed.push({ line: a.line, text: `${where}: ${text}` });
        }
      }
    } finally {
      await host.close();
    }
    failed.sort((a, b) => a.line - b.line);
    for (const problem of failed) io.stderr(`mahnwerk import: ${problem.text}\n`);
    const json = {
      file,
      database: host.opened.where,
      rows: rows.length,
      imported,
      unchanged,
      invalid: bad.length,
      refused: failed.length,
      // Only a book with adjustment rows has these (a book of claims prints what it printed before).
      ...(adjustments.length === 0 ? {} : { adjustments: booked, adjustmentsUnchanged: bookedBefore }),
    };
    if (failed.length > 0) {
      throw new UsageError(
        adjustments.length === 0
          ? `${failed.length} claims were refused (listed above); ${imported} imported, ${unchanged} unchanged.`
          : `${failed.length} rows were refused (listed above); ${imported} claims imported, ${unchanged} unchanged, ${booked} adjustments booked, ${bookedBefore} unchanged.`,
      );
    }
    if (f['json']) return { text: toJson(json) };
    const head = ['rows', 'imported', 'unchanged', 'invalid (skipped)', ...(adjustments.length === 0 ? [] : ['adjustments booked', 'adjustments unchanged'])];
    const cells = [String(json.rows), String(imported), String(unchanged), String(bad.length), ...(adjustments.length === 0 ? [] : [String(booked), String(bookedBefore)])];
    return { text: renderTable(head, [cells]) };
  },
};
