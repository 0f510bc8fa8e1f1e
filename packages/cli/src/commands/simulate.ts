import {
  add,
  loadPolicy,
  MahnwerkError,
  money,
  simulateStream,
  zero,
  type ClaimFacts,
  type Money,
  parseIsoDate,
  scriptedActionTypes,
  simulate,
  toAmountString,
  type ClaimEvent,
  type PolicySpec,
  type ScriptedAction,
  type SimulatedRefusal,
  type SimulationInput,
  type SimulationResult,
  validateSimulationInput,
} from '@mahnwerk/core';
import { baseRateErrorInCliWords, baseRateWarning, runAgain } from '../base-rate-advice.js';
import { configStatementOptions, loadConfig } from '../config.js';
import { configFlag, configuredRenderer } from '../host.js';
import { blockedByRule, blockedLines } from './run.js';
import { claimRecord, forEachClaimRecord, locateCoreError, parsePaymentsFile, parseScriptFile, readClaimsStream, type PaymentRecord, type ScriptFile } from '../book.js';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { UsageError, type CliIo, type FileWriter } from '../io.js';
import type { CommandResult } from './command.js';

/** Claims simulated together by `--summary` / `--events` (see {@link streamRun}). */
const defaultBatch = 25_000;

const flags: readonly FlagSpec[] = [
  {
    name: 'claims',
    type: 'string',
    required: true,
    placeholder: 'claims.json',
    help: 'JSON array of claims (or NDJSON, one claim per line, in a .ndjson file): id, debtor {kind, name, email?, address?}, principal, currency, invoiceDate, dueDate; read as a stream, any size',
  },
  { name: 'from', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'first simulated day' },
  { name: 'to', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'last simulated day; balances are as of its end' },
  { name: 'payments', type: 'string', placeholder: 'payments.json', help: 'JSON array of payments: claimId, date, amount' },
  {
    name: 'script',
    type: 'string',
    placeholder: 'script.json',
    help: `JSON array of scripted actions as core's simulate takes them (behaviour.script): ${scriptedActionTypes.join(', ')} — each with type, claimId and date; checked before anything runs; with --payments, both are booked`,
  },
  { name: 'policy', type: 'string', placeholder: 'auto|de-b2c-default|de-b2b-default|FILE', help: "policy (default: the config's policy, else auto: by debtor kind)" },
  {
    ...configFlag,
    help: "the config file (default: ./mahnwerk.config.json if it exists): its policy, and with a \"creditor\" the renderer mahnwerk run writes with — a stage whose message it refuses is blocked, as in the daily run",
  },
  { name: 'seed', type: 'string', placeholder: 'integer', help: 'seed for modelled behaviour (default 1)' },
  {
    name: 'summary',
    type: 'boolean',
    help: 'print one JSON object (claims, events, decisions, messages, amounts invoiced/collected/open) instead of the timeline; memory follows the claims in progress',
  },
  {
    name: 'events',
    type: 'string',
    placeholder: 'events.ndjson',
    help: 'stream every event to this file as NDJSON, one event per line as in --json (prints the summary), day by day as the run records them, batch after batch (see --batch)',
  },
  {
    name: 'batch',
    type: 'string',
    placeholder: 'claims',
    help: `with --summary/--events: a book of more claims is simulated in batches of about this many, a debtor's claims always in one batch (default ${defaultBatch}); memory follows the batch, not the book; the results are those of one run over the whole book`,
  },
];

/** What `mahnwerk simulate --summary` prints. */
export interface SimulationSummary {
  /** First simulated day. */
  readonly from: string;
  /** Last simulated day. */
  readonly to: string;
  /** Claims in the book. */
  readonly claims: number;
  /** Events recorded (claim-created included). */
  readonly events: number;
  /** Times the engine looked at a claim. */
  readonly decisions: number;
  /** Messages sent. */
  readonly messages: number;
  /** Claims by status at the end. */
  readonly byStatus: Record<string, number>;
  /** Per currency: principal invoiced, payments received, and the total open at the end of `to` (decimal strings). */
  readonly amounts: Record<string, { readonly invoiced: string; readonly collected: string; readonly open: string }>;
  /** Steps guards blocked (e.g. a stage whose message the configured renderer refuses), as `mahnwerk run` counts them. */
  readonly blocked: number;
  /** Scripted steps (`--script`) their decider refused, so nothing was booked for them: fact corrections, credit notes above the principal open (`SimulationResult.refused`). */
  readonly refused: number;
}

/** Adds `amount` to the running total of its currency. */
function tally(totals: Map<string, Money>, amount: Money): void {
  const cur = amount.currency;
  totals.set(cur, add(totals.get(cur) ?? zero(cur), amount));
}

/** The JSON form of one event: its type, claim, date and the fields that matter to a reader. */
export function eventToJson(event: ClaimEvent): Record<string, unknown> {
  const { claimId, date, type, reason, policy, idempotencyKey: _key, ...rest } = event as ClaimEvent & Record<string, unknown>;
  const out: Record<string, unknown> = { claimId, date, type };
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'claim') continue; // claim-created: the facts are in the input already
    out[key] = value;
  }
  if (policy !== undefined) out['policy'] = policy;
  if (reason !== undefined) out['reason'] = reason;
  return out;
}

/** The JSON form of a simulation result, as documented for `mahnwerk simulate --json`. */
export function simulationToJson(result: SimulationResult): Record<string, unknown> {
  return {
    events: result.events.map(eventToJson),
    // What guards blocked, day by day: the day, the claim and core's BlockedReason (rule, basis, text, stage?, until?).
    blocked: result.blocked.map((b) => ({ date: b.date, claimId: b.claimId, ...b.reason })),
    // Scripted steps refused on their day, nothing booked (core's SimulatedRefusal: date, claimId, action, code, field?, because?, message).
    refused: result.refused.map(refusalToJson),
    claims: result.claims.map((c) => ({
      id: c.id,
      status: c.status,
      stage: c.stage,
      balance: {
        principal: toAmountString(c.statement.principal),
        interest: toAmountString(c.statement.interest),
        costs: toAmountString(c.statement.costs),
        total: toAmountString(c.statement.total),
      },
    })),
  };
}

/** The JSON form of a refused scripted step: core's {@link SimulatedRefusal}, its fields in their order. */
function refusalToJson(r: SimulatedRefusal): Record<string, unknown> {
  return {
    date: r.date,
    claimId: r.claimId,
    action: r.action,
    code: r.code,
    ...(r.field === undefined ? {} : { field: r.field }),
    ...(r.because === undefined ? {} : { because: r.because }),
    message: r.message,
  };
}

async function readPolicy(value: string | undefined, io: CliIo): Promise<PolicySpec> {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'de-b2c-default' || value === 'de-b2b-default') return value;
  let text: string;
  try {
    text = await io.readFile(value);
  } catch {
    throw new UsageError(`--policy: "${value}" is neither auto, de-b2c-default, de-b2b-default nor a readable policy file.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${value}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    return loadPolicy(raw);
  } catch (error) {
    throw new UsageError(`${value}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readFileOrFail(io: CliIo, path: string, flag: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch {
    throw new UsageError(`${flag}: cannot read "${path}".`);
  }
}

/**
 * The fields of each scripted action beyond type, claimId and date, for `--help` — keyed by core's
 * action types (a type core adds or drops is a compile error here); the types and their order are
 * core's `scriptedActionTypes`, the list its unknown-type message names.
 */
const actionFields: Readonly<Record<ScriptedAction['type'], string>> = {
  pay: '{amount}',
  'pay-in-full': '',
  dispute: '{note?}',
  'resolve-dispute': '{outcome?: debtor-right|creditor-right|partial}',
  hold: '{until?, interestRuns?, note?}',
  'lift-hold': '',
  'installment-plan': '{installments: [{dueDate, amount}], paysInstallments?, costNoticeGivenOn?}',
  promise: '{amount, by}',
  'correct-facts': '{description?, contractDate?, reason}',
  adjustment: '{kind: credit-note|write-down, amount, note?}',
};

/** A text broken into lines of at most `width` characters at spaces (a longer word stands alone). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The `Input formats` section of `mahnwerk simulate --help`: the claims and payments files, with examples. */
const simulateInputFormat = [
  '--claims FILE: a JSON array of claims, amounts as decimal strings, dates YYYY-MM-DD — e.g. claims.json:',
  '  [',
  '    { "id": "RE-1001", "principal": "1000.00", "currency": "EUR",',
  '      "invoiceDate": "2025-01-02", "dueDate": "2025-01-16", "description": "Bestellung 4711: Gartenstul",',
  '      "debtor": { "kind": "consumer", "name": "Erika Muster", "email": "erika@example.org",',
  '                  "address": ["Musterstr. 1", "10115 Berlin"] } }',
  '  ]',
  '  optional per claim: claimKind (entgelt|other), contractDate, reference, tags, score ("0".."1"),',
  '  dueDateIsCalendarDate, invoicePointedOut30DayRule, creditorCanDeductVat; per debtor: id, phone,',
  '  locale (de|en), state (German federal state code, e.g. BE, for its public holidays).',
  '--payments FILE: a JSON array of payments — e.g. payments.json:',
  '  [ { "claimId": "RE-1001", "date": "2025-02-10", "amount": "500.00" } ]',
  "--script FILE: a JSON array of scripted actions, as core's simulate takes them (behaviour.script),",
  '  each booked on its day through the host API\'s deciders — e.g. script.json:',
  '  [',
  '    { "type": "dispute", "claimId": "RE-1001", "date": "2025-01-20", "note": "Ware nie erhalten" },',
  '    { "type": "resolve-dispute", "claimId": "RE-1001", "date": "2025-02-03", "outcome": "creditor-right" },',
  '    { "type": "correct-facts", "claimId": "RE-1001", "date": "2025-02-05",',
  '      "description": "Bestellung 4711: Gartenstuhl", "reason": "Tippfehler beim Import" },',
  '    { "type": "adjustment", "claimId": "RE-1001", "date": "2025-02-14", "kind": "credit-note",',
  '      "amount": "100.00", "note": "Rücksendung" }',
  '  ]',
  ...wrapped(
    `types and their fields: ${scriptedActionTypes.map((type) => `${type}${actionFields[type] === '' ? '' : ` ${actionFields[type]}`}`).join('; ')} (only facts the claim ` +
      'has). A bad entry stops the command with exit 2, naming file, line, record and field: before ' +
      'anything runs, or — a step its decider refuses on its day, such as a hold ending before it is ' +
      'placed — on that day (--events has then written the events up to it). A correction refused on ' +
      'its day (something booked or sent rests on the old value), or a credit note or write-down above ' +
      'the principal then open, books nothing and is listed under "Refused steps" (--json: refused; ' +
      '--summary: their number); the run goes on.',
    96,
  ).map((line) => `  ${line}`),
  '--policy FILE: a policy as JSON (the format and its JSON Schema: docs/guides/writing-a-policy.md).',
];

/** `mahnwerk simulate`: runs a book of claims through a policy on a virtual clock. */
export const simulateCommand = {
  name: 'simulate',
  summary: 'run claims through a dunning policy on a virtual clock (no side effects)',
  fieldToFlag: { from: '--from', to: '--to' } as Record<string, string>,
  help: () =>
    helpText(
      'simulate',
      'run claims through a dunning policy on a virtual clock (no side effects)',
      flags,
      'mahnwerk simulate --claims claims.json --from 2025-01-01 --to 2025-06-30 --payments payments.json',
      simulateInputFormat,
    ),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('simulate', argv, flags);
    if (f['help']) return { text: simulateCommand.help() };
    const from = parseIsoDate(str(f, 'from'), '--from');
    const to = parseIsoDate(str(f, 'to'), '--to');
    if (to < from) throw new UsageError(`--to: ${to} is before --from ${from}.`);
    const claimsFile = str(f, 'claims') as string;
    const paymentsFile = str(f, 'payments');
    // The config as `mahnwerk run` reads it: its policy (unless --policy), and the renderer the run
    // writes with, whose check the simulation asks before it enters a stage (configuredRenderer).
    const { config, file: configFile } = await loadConfig(str(f, 'config'), io.readFile);
    const policyFlag = str(f, 'policy');
    const policy = policyFlag === undefined ? (config.policy as PolicySpec) : await readPolicy(policyFlag, io);
    const render = configuredRenderer(config);
    // The config's base rates (the built-in table with its baseRates rows), as the daily run computes interest with.
    const statement = configStatementOptions(config);
    // A base rate missing from that table, in the words of every command: which half-year, and the row to add.
    const advice = { file: configFile, then: runAgain };
    const inCliWords = (error: unknown): unknown => baseRateErrorInCliWords(error, config, to, advice);
    const warning = baseRateWarning(config, to, advice);
    const seedText = str(f, 'seed');
    if (seedText !== undefined && !/^\d{1,9}$/.test(seedText)) throw new UsageError(`--seed: "${seedText}" is not a whole number.`);
    const seed = seedText === undefined ? 1 : Number(seedText);
    const files = { claims: claimsFile, ...(paymentsFile ? { payments: paymentsFile } : {}) };
    // The script's JSON only: its entries are checked by core (validateSimulationInput), before anything runs.
    const scriptFile = str(f, 'script');
    const script = scriptFile === undefined ? undefined : parseScriptFile(await readFileOrFail(io, scriptFile, '--script'), scriptFile);
    const eventsFile = str(f, 'events');
    const batchText = str(f, 'batch');
    if (batchText !== undefined && !/^[1-9]\d{0,8}$/.test(batchText)) throw new UsageError(`--batch: "${batchText}" is not a whole number above 0.`);
    if (f['summary'] || eventsFile !== undefined) {
      const paymentsText = paymentsFile ? await readFileOrFail(io, paymentsFile, '--payments') : undefined;
      const summary = await streamRun(
        { policy, from, to, seed, statement, ...(render === undefined ? {} : { render }) },
        files,
        paymentsText,
        script,
        eventsFile,
        batchText === undefined ? defaultBatch : Number(batchText),
        io,
        inCliWords,
      );
      if (warning !== null) io.stderr(`mahnwerk simulate: warning: ${warning}\n`);
      return { text: toJson(summary) };
    }
    const claims = await readClaims(io, claimsFile);
    const payments = paymentsFile ? parsePaymentsFile(await readFileOrFail(io, paymentsFile, '--payments'), paymentsFile, claims) : [];
    const input: SimulationInput = {
      claims,
      payments,
      policy,
      from,
      to,
      seed,
      statement,
      ...(script === undefined ? {} : { behaviour: { script: script.entries as NonNullable<SimulationInput['behaviour']>['script'] } }),
      ...(render === undefined ? {} : { render }),
    };
    let result: SimulationResult;
    try {
      result = simulate(input);
    } catch (error) {
      locateCoreError(inCliWords(error), files, claims, undefined, script);
    }
    if (warning !== null) io.stderr(`mahnwerk simulate: warning: ${warning}\n`);
    if (f['json']) return { text: toJson(simulationToJson(result)) };
    const eventRows = result.events
      .filter((e) => e.type !== 'claim-created')
      .map((e) => [e.date, e.claimId, e.type, describe(e)]);
    const claimRows = result.claims.map((c) => [
      c.id,
      c.status,
      c.stage ?? '',
      toAmountString(c.statement.principal),
      toAmountString(c.statement.interest),
      toAmountString(c.statement.costs),
      toAmountString(c.statement.total),
    ]);
    // A step blocked day after day (e.g. a hand-over whose letter cannot be written) is one row: first and last day, how many days.
    const spans = new Map<string, { from: string; to: string; days: number; claimId: string; rule: string; stage: string }>();
    for (const b of result.blocked) {
      const stage = b.reason.stage ?? '';
      const key = JSON.stringify([b.claimId, b.reason.rule, stage]);
      const span = spans.get(key);
      if (span === undefined) spans.set(key, { from: b.date, to: b.date, days: 1, claimId: b.claimId, rule: b.reason.rule, stage });
      else spans.set(key, { ...span, to: b.date, days: span.days + 1 });
    }
    const blockedRows = [...spans.values()].map((b) => [b.from, b.to, String(b.days), b.claimId, b.rule, b.stage]);
    // Scripted steps refused on their day (a fact correction something booked or sent rests on, a credit note above the principal open): nothing was booked for them.
    const refusedRows = result.refused.map((r) => [r.date, r.claimId, r.action, r.because ?? r.code, r.message]);
    return {
      text:
        `${renderTable(['date', 'claim', 'event', 'details'], eventRows)}\n` +
        `Balances as of ${to}:\n${renderTable(['claim', 'status', 'stage', 'principal', 'interest', 'costs', 'total'], claimRows)}` +
        (result.blocked.length === 0
          ? ''
          : `\nBlocked steps:\n${renderTable(['first day', 'last day', 'days', 'claim', 'rule', 'stage'], blockedRows)}` +
            blockedLines(blockedByRule(result.blocked.map((b) => ({ claimId: b.claimId, rule: b.reason.rule }))))) +
        (refusedRows.length === 0 ? '' : `\nRefused steps (nothing booked):\n${renderTable(['date', 'claim', 'action', 'refused by', 'why'], refusedRows)}`),
    };
  },
};

/** The claims file in pieces: streamed where the host can, else read whole through readFile. */
function claimChunks(io: CliIo, file: string): AsyncIterable<string> {
  return io.readFileStream !== undefined
    ? io.readFileStream(file)
    : (async function* whole() {
        yield await readFileOrFail(io, file, '--claims');
      })();
}

/** Runs a read of the claims file; a failure to read it (not a bad record) names the file. */
async function readingClaims<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UsageError || MahnwerkError.isInstance(error)) throw error;
    throw new UsageError(`--claims: cannot read "${file}".`);
  }
}

/** Reads the claims file as a stream (whole, through readFile, where the host cannot stream). */
async function readClaims(io: CliIo, file: string): Promise<ClaimFacts[]> {
  return readingClaims(file, () => readClaimsStream(claimChunks(io, file), file));
}

/** FNV-1a of a text: the batch of a debtor (the same debtor, the same batch). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The run's settings besides the book: policy, period, seed, and the configured renderer's check. */
interface RunSettings {
  readonly policy: PolicySpec;
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  /** The statement options: the config's base rates (`configStatementOptions`). */
  readonly statement: NonNullable<SimulationInput['statement']>;
  readonly render?: NonNullable<SimulationInput['render']>;
}

/**
 * The streaming run behind `--summary` and `--events`, in bounded memory for a book of any size.
 *
 * 1. One pass over the claims file checks every record (the CLI's checks and core's
 *    `validateSimulationInput`, so every input error is reported before anything runs), tallies
 *    the amount invoiced, and keeps per record only a 32-bit hash of its debtor's id — plus the
 *    facts of the claims the payments name, and the facts of all claims while there are no more
 *    than `batch` of them.
 * 2. A book of at most `batch` claims is simulated at once from the facts kept. A larger one is
 *    simulated in ⌈claims / batch⌉ batches by debtor (hash mod batches): each batch reads the file
 *    again, keeps only its own records (NDJSON lines of other batches are not even parsed) and
 *    runs `simulateStream` over them with their payments. Claims of different debtors share
 *    nothing in a simulation (a claim's timeline depends on its facts, its inputs, the seed and
 *    its debtor's recent contacts), so each claim's events are exactly those of one run over the
 *    whole book; only their order in `--events` is batch after batch, each day by day.
 *
 * Events go to the NDJSON file as they happen, finished claims are counted and dropped, and the
 * summary is all that is kept: memory follows one batch, not the book. An error of a batch's run
 * goes through `inCliWords` before it is placed in its file (a missing base rate in the CLI's words).
 */
async function streamRun(
  settings: RunSettings,
  files: { claims: string; payments?: string },
  paymentsText: string | undefined,
  script: ScriptFile | undefined,
  eventsFile: string | undefined,
  batch: number,
  io: CliIo,
  inCliWords: (error: unknown) => unknown = (error) => error,
): Promise<SimulationSummary> {
  const { from, to } = settings;
  const file = files.claims;
  // The claims the payments name (their facts are kept for the payments' checks and batches).
  let rawPayments: unknown[] = [];
  if (paymentsText !== undefined) {
    try {
      rawPayments = JSON.parse(paymentsText) as unknown[];
    } catch {
      rawPayments = [];
    }
  }
  const named = new Set<string>();
  const nameClaimsOf = (entries: readonly unknown[]): void => {
    for (const p of entries) if (typeof (p as { claimId?: unknown } | null)?.claimId === 'string') named.add((p as { claimId: string }).claimId);
  };
  if (Array.isArray(rawPayments)) nameClaimsOf(rawPayments);
  // And the claims the script names: kept for its checks and batches, as the payments' claims.
  if (script !== undefined) nameClaimsOf(script.entries);

  // Pass 1: check every record, tally the invoiced amounts, hash each debtor.
  const invoiced = new Map<string, Money>();
  let hashes = new Uint32Array(1024);
  let count = 0;
  let held: ClaimFacts[] | null = [];
  const namedFacts = new Map<string, { facts: ClaimFacts; record: number }>();
  const seen = new Set<string>();
  let debtors = new Map<string, ClaimFacts['debtor']>();
  await readingClaims(file, () =>
    forEachClaimRecord(claimChunks(io, file), file, (record, i) => {
      const facts = claimRecord(record, i, file, seen, held === null ? new Map() : debtors);
      try {
        validateSimulationInput([facts], [], undefined, from, to);
      } catch (error) {
        locateCoreError(error, files, [facts], () => i);
      }
      tally(invoiced, money(facts.principal, facts.currency));
      if (count === hashes.length) {
        const grown = new Uint32Array(hashes.length * 2);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[count++] = fnv1a(facts.debtor.id);
      if (named.has(facts.id)) namedFacts.set(facts.id, { facts, record: i });
      if (held !== null) {
        held.push(facts);
        if (held.length > batch) {
          held = null;
          debtors = new Map();
        }
      }
    }),
  );
  seen.clear();
  const batches = held === null ? Math.ceil(count / batch) : 1;
  const batchOf = (record: number): number => (batches === 1 ? 0 : (hashes[record] as number) % batches);

  // The payments and the script, checked by the CLI and by core against the claims they name, before anything runs.
  const knownClaims = [...namedFacts.values()].map((n) => n.facts);
  let payments: PaymentRecord[] = [];
  if (paymentsText !== undefined) payments = parsePaymentsFile(paymentsText, files.payments as string, knownClaims);
  const scriptEntries = (script?.entries ?? []) as NonNullable<NonNullable<SimulationInput['behaviour']>['script']>;
  if (paymentsText !== undefined || script !== undefined) {
    try {
      validateSimulationInput(knownClaims, payments, { script: scriptEntries }, from, to);
    } catch (error) {
      locateCoreError(error, files, knownClaims, (index) => namedFacts.get(knownClaims[index]?.id ?? '')?.record ?? index, script);
    }
  }

  let writer: FileWriter | undefined;
  if (eventsFile !== undefined) {
    if (io.openFileWriter !== undefined) writer = io.openFileWriter(eventsFile);
    else if (io.writeFile !== undefined) {
      const writeFile = io.writeFile;
      const parts: string[] = [];
      writer = { write: (text) => void parts.push(text), close: () => writeFile(eventsFile, parts.join('')) };
    } else throw new UsageError('--events: this host cannot write files.');
  }
  const collected = new Map<string, Money>();
  const open = new Map<string, Money>();
  const byStatus: Record<string, number> = {};
  const totals = { claims: 0, events: 0, decisions: 0, messages: 0 };
  let blocked = 0;
  let refused = 0;
  try {
    for (let b = 0; b < batches; b++) {
      // The batch's claims, with their positions in the file (for messages).
      let claims: ClaimFacts[];
      let records: number[] | undefined;
      if (held !== null) claims = held;
      else {
        const batchClaims: ClaimFacts[] = [];
        const batchRecords: number[] = [];
        const batchDebtors = new Map<string, ClaimFacts['debtor']>();
        await readingClaims(file, () =>
          forEachClaimRecord(
            claimChunks(io, file),
            file,
            (record, i) => {
              batchClaims.push(claimRecord(record, i, file, new Set(), batchDebtors));
              batchRecords.push(i);
            },
            (i) => batchOf(i) === b,
          ),
        );
        claims = batchClaims;
        records = batchRecords;
      }
      held = null; // the run below holds what it needs; the batch array is dropped after it
      const currencyOf = new Map<string, string>();
      for (const c of claims) if (c.currency !== 'EUR') currencyOf.set(c.id, c.currency);
      const inBatch = (claimId: string): boolean => batchOf(namedFacts.get(claimId)?.record ?? 0) === b;
      const batchPayments = batches === 1 ? payments : payments.filter((p) => inBatch(p.claimId));
      // The batch's script entries, and where each stands in the file (for messages).
      const scriptRecords = batches === 1 ? undefined : scriptEntries.flatMap((a, i) => (inBatch(a.claimId) ? [i] : []));
      const batchScript = scriptRecords === undefined ? scriptEntries : scriptRecords.map((i) => scriptEntries[i] as (typeof scriptEntries)[number]);
      const input = { claims, payments: batchPayments, ...(batchScript.length === 0 ? {} : { behaviour: { script: batchScript } }), ...settings };
      let counts: ReturnType<typeof simulateStream>;
      try {
        counts = simulateStream(input, {
          onEvent: (event) => {
            if (event.type === 'payment-received') tally(collected, money(event.amount, currencyOf.get(event.claimId) ?? 'EUR'));
            writer?.write(`${JSON.stringify(eventToJson(event))}\n`);
          },
          onClaim: (claim) => {
            byStatus[claim.status] = (byStatus[claim.status] ?? 0) + 1;
            tally(open, claim.statement.total);
          },
          onBlocked: () => {
            blocked += 1;
          },
          onRefused: () => {
            refused += 1;
          },
        });
      } catch (error) {
        const recordsOfBatch = records;
        locateCoreError(
          inCliWords(error),
          files,
          claims,
          recordsOfBatch === undefined ? undefined : (index) => recordsOfBatch[index] ?? index,
          script === undefined || scriptRecords === undefined ? script : { ...script, records: scriptRecords },
        );
      }
      totals.claims += counts.claims;
      totals.events += counts.events;
      totals.decisions += counts.decisions;
      totals.messages += counts.messages;
    }
  } finally {
    await writer?.close();
  }
  const amounts: Record<string, { invoiced: string; collected: string; open: string }> = {};
  for (const [cur, total] of [...invoiced].sort(([a], [b]) => (a < b ? -1 : 1))) {
    amounts[cur] = {
      invoiced: toAmountString(total),
      collected: toAmountString(collected.get(cur) ?? zero(cur)),
      open: toAmountString(open.get(cur) ?? zero(cur)),
    };
  }
  return {
    from,
    to,
    ...totals,
    byStatus: Object.fromEntries(Object.entries(byStatus).sort(([a], [b]) => (a < b ? -1 : 1))),
    amounts,
    blocked,
    refused,
  };
}

function describe(e: ClaimEvent): string {
  switch (e.type) {
    case 'default-began':
      return e.basis;
    case 'default-withdrawn':
      return `from ${e.previous} taken back (${e.messageId} not received)`;
    case 'stage-entered':
      return e.stage + (e.deadline ? ` (pay by ${e.deadline})` : '');
    case 'message-queued':
      return `${e.template} via ${e.channel}`;
    case 'message-sent':
      return e.channel;
    case 'fee-charged':
      return `${e.code} ${e.amount}`;
    case 'fee-reduced':
      return `-${e.amount} (${e.basis})`;
    case 'fee-reinstated':
      return `+${e.amount} (${e.basis})`;
    case 'payment-received':
      return `${e.amount}: costs ${e.allocation.costs}, interest ${e.allocation.interest}, principal ${e.allocation.principal}` +
        (e.allocation.unapplied !== '0.00' ? `, unapplied ${e.allocation.unapplied}` : '');
    case 'handed-over':
      return e.to;
    default:
      return '';
  }
}
