import { createHash } from 'node:crypto';
import { fixedClock, isIsoDate, toAmountString, type ClaimStatus } from '@mahnwerk/core';
import { pain008, type DirectDebit, type SepaAddress } from '@mahnwerk/payment-sepa';
import { z } from 'zod';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { baseRateRefusal, isBaseRateBeyondTable, runAgain } from '../base-rate-advice.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openConfiguredHost, requiredDatabase } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import { storedClaimIds } from '../stored-claims.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'date', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'the collection date (ReqdColltnDt); each debit is the open balance at the end of that day' },
  { name: 'mandates', type: 'string', required: true, placeholder: 'FILE.json', help: 'the creditor and the debtors\' SEPA mandates (see below)' },
  { name: 'out', type: 'string', placeholder: 'FILE.xml', help: 'where to write the pain.008 file (default pain008-<date>.xml)' },
  { name: 'message-id', type: 'string', placeholder: 'ID', help: 'the file\'s message id (default MW-SDD-<date>-<hash of the debits>: the same debits get the same id, so the bank refuses a second submission)' },
  { name: 'created-at', type: 'string', placeholder: 'ISO', help: 'the creation time written into the file (default now)' },
];

const summary = 'sepa debits: write a pain.008 file collecting the open claims of debtors with a SEPA mandate';

const inputs = [
  'FILE.json  {',
  '             "creditor": { "name": "Beispiel Shop GmbH", "iban": "DE89…", "bic": "COBADEFFXXX",',
  '                           "creditorId": "DE98ZZZ09999999999" },',
  '             "scheme": "CORE" | "B2B"   (default CORE),',
  '             "mandates": [ { "debtorId": "D-17", "mandateId": "MNDT-2024-0042", "signedOn": "2024-11-02",',
  '                             "iban": "DE02…", "bic": "…" (optional), "accountHolder": "…" (optional),',
  '                             "sequenceType": "FRST" | "RCUR" | "OOFF" | "FNAL" } ]',
  '           }',
  '',
  'Collected: every claim in the database that is open or in default (not disputed, on hold, under an',
  'installment plan, handed over, in court, time-barred, settled or written off), in EUR, with an',
  'open balance above zero on --date, whose debtor has a mandate. End-to-end id <claim>-<YYYYMMDD>,',
  'remittance line the claim id (the SEPA provider finds the claim of a notified collection or return',
  'by them). Nothing is recorded on the claims: the payments come in with the bank statement.',
];

const address = z.object({ street: z.string(), houseNumber: z.string().optional(), postalCode: z.string(), city: z.string(), country: z.string() });
const mandateFile = z.object({
  creditor: z.object({ name: z.string(), iban: z.string(), bic: z.string().optional(), creditorId: z.string(), address: address.optional() }),
  scheme: z.enum(['CORE', 'B2B']).optional(),
  mandates: z.array(
    z.object({
      debtorId: z.string().min(1),
      mandateId: z.string().min(1),
      signedOn: z.string(),
      iban: z.string(),
      bic: z.string().optional(),
      accountHolder: z.string().optional(),
      sequenceType: z.enum(['FRST', 'RCUR', 'OOFF', 'FNAL']),
    }),
  ),
});
type MandateFile = z.infer<typeof mandateFile>;

/** Claims in these states may be collected by direct debit; the others are paused, disputed, with someone else, or done. */
const collectable: readonly ClaimStatus[] = ['open', 'in-default'];

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Reads and checks the mandate file; errors name the path in the file. @internal */
export function parseMandateFile(text: string, source: string): MandateFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--mandates: ${source} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = mandateFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--mandates: ${source}: ${(issue ? pathOf(issue.path) : '') || '(top level)'}: ${issue?.message ?? 'invalid input'}.`);
  }
  const seen = new Set<string>();
  parsed.data.mandates.forEach((m, i) => {
    if (seen.has(m.debtorId)) throw new UsageError(`--mandates: ${source}: mandates[${i}].debtorId: "${m.debtorId}" has a mandate already; give one mandate per debtor.`);
    seen.add(m.debtorId);
  });
  return parsed.data;
}

/** One debit of the run, as printed. */
interface PlannedDebit {
  readonly claimId: string;
  readonly debtor: string;
  readonly mandateId: string;
  readonly sequenceType: DirectDebit['sequenceType'];
  readonly amount: string;
  readonly endToEndId: string;
}

/** The object with its undefined fields left out (optional fields are absent, not undefined). */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };
const noUndefined = <T extends object>(o: T): Defined<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;

/** `mahnwerk sepa debits --db … --date D --mandates FILE.json`: writes a pain.008 file. */
export const sepaCommand = {
  name: 'sepa',
  summary,
  fieldToFlag: { db: '--db', date: '--date', collectionDate: '--date', messageId: '--message-id', createdAt: '--created-at' } as Record<string, string>,
  help: () => helpText('sepa debits', summary.replace(/^sepa debits: /, ''), flags, 'mahnwerk sepa debits --db ./mahnwerk-data --date 2025-02-03 --mandates mandates.json', inputs),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return { text: sepaCommand.help() };
    if (sub !== 'debits') throw new UsageError(`unknown subcommand "${sub}"; sepa has "debits" (mahnwerk sepa debits --db … --date D --mandates FILE.json).`);
    const f = parseFlags('sepa debits', rest, flags);
    if (f['help']) return { text: sepaCommand.help() };
    const date = str(f, 'date') as string;
    if (!isIsoDate(date)) throw new UsageError(`--date: "${date}" is not a date written YYYY-MM-DD.`);
    const createdAt = str(f, 'created-at') ?? new Date().toISOString().slice(0, 19);
    const out = str(f, 'out') ?? `pain008-${date}.xml`;
    if (io.writeFile === undefined) throw new UsageError('--out: this host cannot write files; run the CLI where it can.');
    const mandatesPath = str(f, 'mandates') as string;
    let mandateText: string;
    try {
      mandateText = await io.readFile(mandatesPath);
    } catch (error) {
      throw new UsageError(`--mandates: cannot read "${mandatesPath}": ${error instanceof Error ? error.message : String(error)}`);
    }
    const file = parseMandateFile(mandateText, mandatesPath);
    const byDebtor = new Map(file.mandates.map((m) => [m.debtorId, m]));

    const { config, db, file: configFile } = await requiredDatabase(f, io, 'sepa debits');
    // The config's host, so statements are those of the config's policy (as `run` and `status` see them).
    const host = await openConfiguredHost(config, db, io, 'cli', { clock: fixedClock(date) });
    const mw = host.mahnwerk;
    const debits: DirectDebit[] = [];
    const planned: PlannedDebit[] = [];
    try {
      for (const claimId of await storedClaimIds(host.opened.store)) {
        const state = await mw.claim(claimId);
        const mandate = byDebtor.get(state.facts.debtor.id);
        if (mandate === undefined || !collectable.includes(state.status) || state.facts.currency !== 'EUR') continue;
        const open = (await mw.statement(claimId, date)).total;
        if (!open.amount.greaterThan(0)) continue;
        const amount = toAmountString(open);
        const endToEndId = `${claimId}-${date.replace(/-/g, '')}`;
        const postal = state.facts.debtor.postalAddress;
        const debtorAddress: SepaAddress | undefined =
          postal === undefined ? undefined : noUndefined({ street: postal.street, houseNumber: postal.houseNumber, postalCode: postal.postalCode, city: postal.city, country: postal.country });
        const name = mandate.accountHolder ?? state.facts.debtor.name;
        debits.push({
          claimId,
          endToEndId,
          amount,
          sequenceType: mandate.sequenceType,
          mandate: { id: mandate.mandateId, signedOn: mandate.signedOn as DirectDebit['mandate']['signedOn'] },
          debtor: noUndefined({ name, iban: mandate.iban, bic: mandate.bic, address: debtorAddress }),
        });
        planned.push({ claimId, debtor: name, mandateId: mandate.mandateId, sequenceType: mandate.sequenceType, amount, endToEndId });
      }
    } catch (error) {
      // A statement needing a base rate the config's table lacks: which half-year, and the row to add.
      if (isBaseRateBeyondTable(error, config, date)) {
        throw baseRateRefusal(`--date: the open amounts as of ${date} need a base rate the table does not have`, config, { file: configFile, then: runAgain });
      }
      throw error;
    } finally {
      await host.close();
    }

    if (debits.length === 0) {
      const json = { collectionDate: date, file: null, debits: [], count: 0, total: '0.00' };
      return { text: f['json'] ? toJson(json) : `no claim to collect on ${date} (none open with a mandated debtor); no file written\n` };
    }
    const digest = createHash('sha256').update(JSON.stringify(debits)).digest('hex').slice(0, 10).toUpperCase();
    const messageId = str(f, 'message-id') ?? `MW-SDD-${date.replace(/-/g, '')}-${digest}`;
    const xml = pain008(debits, {
      messageId,
      createdAt,
      collectionDate: date,
      ...(file.scheme === undefined ? {} : { scheme: file.scheme }),
      creditor: noUndefined({ name: file.creditor.name, iban: file.creditor.iban, bic: file.creditor.bic, creditorId: file.creditor.creditorId, address: file.creditor.address === undefined ? undefined : noUndefined(file.creditor.address) }),
    });
    await io.writeFile(out, xml);
    const total = /<GrpHdr>[\s\S]*?<CtrlSum>([^<]+)<\/CtrlSum>/.exec(xml)?.[1] ?? '';
    const json = { collectionDate: date, file: out, messageId, count: debits.length, total, debits: planned };
    if (f['json']) return { text: toJson(json) };
    return {
      text:
        renderTable(
          ['claim', 'debtor', 'mandate', 'sequence', 'amount', 'end-to-end id'],
          planned.map((p) => [p.claimId, p.debtor, p.mandateId, p.sequenceType, p.amount, p.endToEndId]),
        ) + `${debits.length} direct debit${debits.length === 1 ? '' : 's'}, ${total} EUR, collection date ${date}, message ${messageId} → ${out}\n`,
    };
  },
};
