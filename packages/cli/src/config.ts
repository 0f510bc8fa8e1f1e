import { extendBaseRates, germanBaseRateTable, MahnwerkError, type BaseRateRow, type BaseRateTable, type StatementOptions } from '@mahnwerk/core';
import { z } from 'zod';
import { UsageError } from './io.js';

const bank = z.strictObject({
  iban: z.string().min(15).describe('IBAN of the account debtors pay to'),
  bic: z.string().min(8).optional().describe('BIC, if printed'),
  holder: z.string().min(1).optional().describe('account holder, if not the creditor'),
  bankName: z.string().min(1).optional().describe('name of the bank'),
});

const party = z
  .strictObject({
    name: z.string().min(1).describe('name or firm as printed in the letterhead'),
    addressLines: z.array(z.string().min(1)).min(1).describe('postal address lines, e.g. ["Musterstraße 1", "50667 Köln"]'),
    email: z.string().min(3).optional().describe('e-mail address for replies'),
    phone: z.string().min(3).optional().describe('phone number for replies'),
    website: z.string().min(3).optional().describe('web site, if printed'),
    registration: z.string().min(1).optional().describe('register entry, e.g. "HRB 12345, Amtsgericht Köln"'),
    isCollectionAgency: z.boolean().optional().describe('true when the sender is a registered collection agency acting for a client'),
    bank: bank.optional().describe('bank account for the transfer'),
    signature: z.string().min(1).optional().describe('name or department under the closing'),
  });

const creditor = party.describe('the creditor, the sender of every message (with "agency": of every message before the hand-over)');

const agency = party.describe(
  'the collection agency the claims are handed over to: from the policy\'s hand-over stage on (its letter, the court dunning announcement) it is the sender and payee instead of "creditor"; mark it isCollectionAgency: true',
);

const lines = (what: string) => z.array(z.string().min(1)).min(1).describe(what);

const inkasso = z
  .strictObject({
    client: z
      .strictObject({
        name: z.string().min(1).optional().describe('name or firm of the client (Auftraggeber), usually the original creditor'),
        addressLines: lines('postal address lines of the client').optional(),
      })
      .optional()
      .describe('§ 13a Abs. 1 Nr. 1 RDG: the client the agency collects for'),
    supervisoryAuthority: z
      .strictObject({
        name: z.string().min(1).optional().describe('name, e.g. the Bundesamt für Justiz (§ 13h RDG), or for a lawyer the Rechtsanwaltskammer'),
        addressLines: lines('postal address lines of the authority').optional(),
        email: z.string().min(3).optional().describe('e-mail address (electronic contact; give this or website)'),
        website: z.string().min(3).optional().describe('web site (electronic contact; give this or email)'),
      })
      .optional()
      .describe('§ 13a Abs. 1 Nr. 8 RDG: the supervisory authority: name, address and electronic contact'),
    addressResearched: z
      .boolean()
      .optional()
      .describe('§ 13a Abs. 1 Nr. 7 RDG: whether debtors\' addresses were researched by the agency rather than supplied by the client (must be stated: true or false)'),
    addressSource: z.string().min(1).optional().describe('where addresses were researched (e.g. "Melderegisterauskunft"), printed when addressResearched is true'),
    vatOnCosts: z.boolean().optional().describe('§ 13a Abs. 1 Nr. 6 RDG: whether VAT is claimed on the collection costs (default: detected from the cost lines)'),
    clientCannotDeductVat: z.boolean().optional().describe('§ 13a Abs. 1 Nr. 6 RDG: the declaration that the client cannot deduct that VAT as input tax (must be true when VAT is claimed)'),
    higherInterestReason: z
      .string()
      .min(1)
      .optional()
      .describe('§ 13a Abs. 1 Nr. 4 RDG: why the interest rate is above the statutory default rate, when it is (e.g. a contractual rate)'),
  })
  .describe(
    'the information of § 13a Abs. 1 RDG the collection agency\'s first letter (template handover-inkasso) must give a consumer, as @mahnwerk/templates\' LetterData.inkasso; the reason of each claim (Nr. 2) comes from its description and contractDate, interest and costs (Nr. 3–5) from its statement. Required (client, supervisoryAuthority, addressResearched) when the policy hands consumers over and a creditor is configured',
  );

const fileChannel = z
  .strictObject({
    dir: z.string().min(1).describe('directory each message is written into, one file per message (<message id>.txt)'),
    channels: z
      .array(z.enum(['email', 'letter', 'sms']))
      .min(1)
      .default(['email', 'letter'])
      .describe('channel names the file channel stands in for'),
  })
  .describe('writes every message into a directory instead of sending it (until real channels are configured)');

const anchor = z
  .strictObject({
    checkpoints: z
      .string()
      .min(1)
      .describe('file every checkpoint is appended to as one JSON line (fsync per line); keep it where the database cannot reach it'),
    keyId: z.string().min(1).describe('the key\'s name, written into every checkpoint (e.g. "audit-2026")'),
    hmacKeyFile: z.string().min(1).optional().describe('a file holding the HMAC-SHA256 key as hex (at least 32 bytes)'),
    ed25519KeyFile: z.string().min(1).optional().describe('a file holding the Ed25519 private key (32-byte seed) as hex'),
  })
  .refine((a) => (a.hmacKeyFile === undefined) !== (a.ed25519KeyFile === undefined), {
    message: 'give exactly one of hmacKeyFile or ed25519KeyFile',
  })
  .describe(
    'the audit anchor outside the database: every append is signed into a checkpoint (one log per process) and appended to the checkpoints file; mahnwerk verify checks the database against it',
  );

/**
 * One half-year row of `baseRates`: the JSON shape only (its types, for the JSON Schema and editors).
 * What a row means — a 1 January or 1 July, a decimal string, a source, one half-year after another,
 * no other rate for a half-year the built-in table has confirmed — is checked by core's
 * `extendBaseRates`, the one place those rules live ({@link configBaseRateTable}).
 */
const baseRateRow = z
  .strictObject({
    from: z
      .string({ error: 'must be a date written "YYYY-MM-DD" in quotes: 1 January or 1 July' })
      .describe('first day of the half-year: "YYYY-01-01" or "YYYY-07-01" (§ 247 Abs. 1 S. 2 BGB: the base rate changes only on these days)'),
    ratePercent: z
      .string({ error: 'must be a decimal string in quotes such as "1.27" or "-0.88" (percent, not a JSON number)' })
      .describe('the base rate in percent as a decimal string, e.g. "1.27"; negative allowed ("-0.88", as in 2013–2022)'),
    source: z.string({ error: 'must name where the rate comes from' }).describe('where the rate comes from, e.g. "Deutsche Bundesbank, Bundesanzeiger of 2026-12-28 (§ 247 Abs. 2 BGB)"'),
    confirmed: z
      .boolean({ error: 'must be true or false' })
      .optional()
      .describe('false when no primary source confirms the rate yet (interest on it is marked unconfirmed); default true'),
    confidence: z.string({ error: 'must be one of "V", "V2", "M", "U"' }).optional().describe('how well the value is backed: "V", "V2", "M" or "U" (informational)'),
  })
  .describe('one half-year of the base rate of § 247 BGB, as published by the Deutsche Bundesbank');

/** What to do about a row core's `extendBaseRates` refused, in the words of the config file. */
function baseRateFix(field: string, message: string): string {
  if (/createBaseRateTable/.test(message) && field.endsWith('.ratePercent')) {
    return 'remove the row (the built-in table has this half-year) or give the built-in rate; a confirmed rate is corrected by a new release of @mahnwerk/core, not by the config';
  }
  if (/createBaseRateTable/.test(message)) return 'remove the row: baseRates adds half-years after those the built-in table has (it starts 2002-01-01), it does not replace them';
  return 'each row is one half-year of the Bundesbank\'s publication (§ 247 Abs. 2 BGB), from the half-year after the built-in table\'s last one (or one it has, with the same rate), in ascending order without gaps';
}

/**
 * The base-rate table the config's engines compute interest with: the built-in table
 * (`germanBaseRateTable`) with the config's `baseRates` added by core's `extendBaseRates` — rows are
 * added, never replacing a confirmed built-in rate. The one place the CLI turns `baseRates` into a
 * table; {@link configStatementOptions} hands it to every engine.
 *
 * @param rows - the config's `baseRates`
 * @returns the table (the built-in one when there are no rows)
 * @throws ValidationError of core naming `rows[i].field`
 * @internal
 */
export function configBaseRateTable(rows: readonly BaseRateRow[]): BaseRateTable {
  return rows.length === 0 ? germanBaseRateTable : extendBaseRates(germanBaseRateTable, rows);
}

/** A table per rows array: a config's engines share one table object (core's statement memo compares it by identity). */
const tables = new WeakMap<readonly BaseRateRow[], BaseRateTable>();

/**
 * The statement options every engine the CLI builds computes with — `run` (one process and each
 * worker of `--workers N`), every command on a database, `simulate`, and `demo` and `portal` with
 * their own settings: `baseRates`, the built-in table with the config's rows
 * ({@link configBaseRateTable}), and whatever the command sets itself on top (`demo`: statements
 * that may run beyond the known base rates). The one function from the config to the statement
 * options.
 *
 * @param config - the settings (`baseRates`)
 * @param own - statement options the command sets itself; each replaces what the config gives
 * @returns the options
 * @internal
 */
export function configStatementOptions(config: Pick<MahnwerkConfig, 'baseRates'>, own: StatementOptions = {}): StatementOptions {
  const rows = config.baseRates as readonly BaseRateRow[];
  let table = tables.get(rows);
  if (table === undefined) {
    table = configBaseRateTable(rows);
    tables.set(rows, table);
  }
  return { baseRates: table, ...own };
}

/** The zod schema of `mahnwerk.config.json` (its JSON Schema is generated from it). @internal */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('path or URL of this JSON Schema, for editors'),
    database: z
      .string()
      .min(1)
      .optional()
      .describe('a postgres:// URL (a PostgreSQL server) or a directory (an embedded PGlite database); --db overrides it; absent: in memory'),
    policy: z.string().min(1).default('auto').describe("a built-in policy id (e.g. de-b2c-default) or 'auto' (by the debtor's kind)"),
    timeZone: z.string().min(1).default('Europe/Berlin').describe("the creditor's IANA time zone: what 'today' is"),
    creditor: creditor.optional(),
    agency: agency.optional(),
    inkasso: inkasso.optional(),
    anchor: anchor.optional(),
    baseRates: z
      .array(baseRateRow)
      .default([])
      .superRefine((rows, ctx) => {
        try {
          configBaseRateTable(rows as BaseRateRow[]);
        } catch (error) {
          if (!MahnwerkError.isInstance(error)) throw error;
          // Core names the row as rows[i].field: the same row of baseRates, and what to do in the config.
          const at = /^rows\[(\d+)\](?:\.(\w+))?/.exec(error.field ?? '');
          // Without core's advice for code (createBaseRateTable): the fix below says what to do in the file.
          const message = error.message
            .replace(/^rows(\[\d+\])?(\.\w+)?: /, '')
            .replace(/\.$/, '')
            .replace(/; [^;]*createBaseRateTable\(rows\)[^;]*$/, '');
          ctx.addIssue({
            code: 'custom',
            message: `${message}. To fix: ${baseRateFix(error.field ?? '', error.message)}`,
            path: at === null ? [] : [Number(at[1]), ...(at[2] === undefined ? [] : [at[2]])],
          });
        }
      })
      .describe(
        'base-rate rows (§ 247 BGB) added to the built-in table of @mahnwerk/core, which ends with the last half-year known at its release (its export baseRateKnownUntil): the Bundesbank publishes the rate for each 1 January and 1 July in the last days of the half-year before (§ 247 Abs. 2 BGB, Bundesanzeiger) — add the new half-year here until a release of @mahnwerk/core carries it; a half-year the built-in table has may be given only with the same rate (or replace an unconfirmed row)',
      ),
    channels: z
      .strictObject({ file: fileChannel.optional() })
      .default({})
      .describe('where messages go; a message whose channel (and fallback channel) is not configured fails and is not retried'),
  })
  .refine((c) => c.agency === undefined || c.creditor !== undefined, {
    message: 'the agency writes from the hand-over on, the creditor before it; add "creditor" (or, if the agency writes every message, give it as "creditor" and remove "agency")',
    path: ['agency'],
  })
  .refine((c) => c.inkasso === undefined || c.creditor !== undefined, {
    message: 'the § 13a RDG information is printed by the templates of a configured sender; add "creditor" (the collection agency, isCollectionAgency: true) or remove "inkasso"',
    path: ['inkasso'],
  })
  .describe('mahnwerk.config.json: the settings of the mahnwerk command line');

/** The settings in `mahnwerk.config.json`, with defaults filled in. */
export type MahnwerkConfig = z.output<typeof configSchema>;

/** The config file's default name, looked for in the working directory. */
export const defaultConfigFile = 'mahnwerk.config.json';

/**
 * The JSON Schema of `mahnwerk.config.json`, generated from the zod schema (`z.toJSONSchema`, the
 * input side: fields with defaults are optional). The package ships it as
 * `schema/mahnwerk.config.schema.json`; a test checks the committed file equals this.
 *
 * @returns the JSON Schema document
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://mahnwerk.dev/schema/mahnwerk.config.schema.json',
    title: 'mahnwerk.config.json',
  };
}

/**
 * Reads and checks a config file: JSON, every field validated; a problem is one usage error naming
 * the file and the field.
 *
 * @param text - the file's content
 * @param file - its name, for messages
 * @returns the settings with defaults filled in
 * @throws UsageError naming the file and the field
 */
export function parseConfig(text: string, file: string): MahnwerkConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') ?? '';
    throw new UsageError(`${file}: ${path || '(top level)'}: ${issue?.message ?? 'invalid'} (see the JSON Schema schema/mahnwerk.config.schema.json of @mahnwerk/cli).`);
  }
  return parsed.data;
}

/**
 * The settings a command runs with: `--config FILE` if given (it must exist), else
 * `mahnwerk.config.json` in the working directory if there is one, else the defaults.
 *
 * @param file - the `--config` value
 * @param readFile - reads a file (the CLI's io)
 * @returns the settings and the file they came from (undefined for the defaults)
 */
export async function loadConfig(file: string | undefined, readFile: (path: string) => Promise<string>): Promise<{ config: MahnwerkConfig; file: string | undefined }> {
  const path = file ?? defaultConfigFile;
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    const missing = /ENOENT|no such file/i.test(error instanceof Error ? error.message : String(error));
    if (file === undefined && missing) return { config: configSchema.parse({}), file: undefined };
    throw new UsageError(`--config: cannot read "${path}" (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { config: parseConfig(text, path), file: path };
}
