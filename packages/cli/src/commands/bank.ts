import { fixedClock, isIsoDate } from '@mahnwerk/core';
import { importBankStatement, type BankImportResult } from '@mahnwerk/payment-sepa';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { baseRateRefusal, isBaseRateBeyondTable, runAgain } from '../base-rate-advice.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openConfiguredHost, requiredDatabase } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import { storedClaimIds } from '../stored-claims.js';
import { systemClock } from '../system-clock.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'today', type: 'string', placeholder: 'YYYY-MM-DD', help: "the business day (default: today in the config's time zone); credits valued later are refused" },
];

const summary = 'bank import FILE.xml: record the credits of a camt.053/054 file on their claims (matched, partly matched, unmatched)';

const inputs = [
  'FILE.xml  a camt.053 statement (BkToCstmrStmt) or camt.054 notification (BkToCstmrDbtCdtNtfctn),',
  '          any version; booked credits are read, debits and pending entries skipped',
  '',
  'Matching, first rule naming exactly one claim: the creditor reference (RF), the invoice number in',
  'the remittance text, the amount equal to the open balance and the payer\'s name. Each credit is',
  'recorded under bank:<bank reference>, so importing the same file again changes nothing (the',
  'credits come back as already imported). Unmatched credits are listed for review, not recorded.',
];

function positional(argv: readonly string[]): { file: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--')) {
      rest.push(arg);
      const name = arg.slice(2);
      if (!arg.includes('=') && flags.some((f) => f.name === name && f.type === 'string') && argv[i + 1] !== undefined) rest.push(argv[++i] as string);
    } else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument "${arg}"; bank import takes one file (see mahnwerk bank --help).`);
  }
  return { file, rest };
}

/** The import result as the JSON the command prints. @internal */
export function bankImportJson(result: BankImportResult, file: string): unknown {
  const imported = (m: BankImportResult['matched'][number]) => ({
    credit: m.credit.id,
    valueDate: m.credit.valueDate,
    amount: m.credit.amount,
    currency: m.credit.currency,
    claimId: m.claimId,
    rule: m.rule,
    openAfter: m.openAfter,
    replayed: m.replayed,
  });
  return {
    file,
    kind: result.kind,
    matched: result.matched.map(imported),
    partlyMatched: result.partlyMatched.map(imported),
    unmatched: result.unmatched.map((u) => ({ credit: u.credit.id, valueDate: u.credit.valueDate, amount: u.credit.amount, currency: u.credit.currency, payer: u.credit.debtorName ?? null, remittance: u.credit.remittance, reason: u.reason })),
    skipped: result.skipped,
  };
}

function table(result: BankImportResult, file: string): string {
  const rows = [...result.matched.map((m) => ['matched', m] as const), ...result.partlyMatched.map((m) => ['partly matched', m] as const)].map(([what, m]) => [
    what,
    m.credit.id,
    m.credit.valueDate,
    m.credit.amount,
    m.claimId,
    m.rule,
    m.openAfter,
    m.replayed ? 'yes' : 'no',
  ]);
  const out = [`${result.kind} ${file}: ${result.matched.length} matched, ${result.partlyMatched.length} partly matched, ${result.unmatched.length} unmatched, ${result.skipped} entries skipped (not booked credits)`, ''];
  if (rows.length > 0) out.push(renderTable(['credit', 'bank ref', 'value date', 'amount', 'claim', 'rule', 'open after', 'imported before'], rows));
  if (result.unmatched.length > 0) {
    out.push('For review (not recorded):');
    out.push(
      renderTable(
        ['bank ref', 'value date', 'amount', 'payer', 'reason'],
        result.unmatched.map((u) => [u.credit.id, u.credit.valueDate, u.credit.amount, u.credit.debtorName ?? '', u.reason]),
      ),
    );
  }
  return out.join('\n');
}

/** `mahnwerk bank import FILE.xml --db …`: imports a camt.053/054 file into the claims of a database. */
export const bankCommand = {
  name: 'bank',
  summary,
  fieldToFlag: { db: '--db', today: '--today' } as Record<string, string>,
  help: () => helpText('bank import FILE.xml', summary.replace(/^bank import FILE\.xml: /, ''), flags, 'mahnwerk bank import statement-2025-01-14.xml --db ./mahnwerk-data', inputs),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const [sub, ...args] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return { text: bankCommand.help() };
    if (sub !== 'import') throw new UsageError(`unknown subcommand "${sub}"; bank has "import" (mahnwerk bank import FILE.xml --db …).`);
    const { file, rest } = positional(args);
    const f = parseFlags('bank import', rest, flags);
    if (f['help']) return { text: bankCommand.help() };
    if (file === undefined) throw new UsageError('FILE.xml: missing; give the camt.053/054 file to import (mahnwerk bank import FILE.xml --db …).');
    const today = str(f, 'today');
    if (today !== undefined && !isIsoDate(today)) throw new UsageError(`--today: "${today}" is not a date written YYYY-MM-DD.`);
    let xml: string;
    try {
      xml = await io.readFile(file);
    } catch (error) {
      throw new UsageError(`FILE.xml: cannot read "${file}": ${error instanceof Error ? error.message : String(error)}`);
    }
    const { config, db, file: configFile } = await requiredDatabase(f, io, 'bank import');
    // The config's host (policy, hasher, audit anchor): payments are recorded as `run` records its
    // events, and signed into the checkpoints when the config has an anchor.
    const host = await openConfiguredHost(config, db, io, 'cli', today === undefined ? {} : { clock: fixedClock(today) });
    try {
      const result = await importBankStatement(host.mahnwerk, xml, { claimIds: await storedClaimIds(host.opened.store) });
      return { text: f['json'] ? toJson(bankImportJson(result, file)) : table(result, file) };
    } catch (error) {
      // A payment whose allocation needs a base rate the config's table lacks (interest up to its
      // day, § 367 Abs. 1 BGB): which half-year, and the row to add. Its day is not after today.
      if (isBaseRateBeyondTable(error, config, today ?? systemClock(config.timeZone).today())) {
        throw baseRateRefusal(`${file}: booking its payments needs a base rate the table does not have`, config, { file: configFile, then: runAgain });
      }
      throw error;
    } finally {
      await host.close();
    }
  },
};
