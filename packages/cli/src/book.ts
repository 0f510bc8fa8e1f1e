import { z } from 'zod';
import { germanStates, isoDateProblem, MahnwerkError, postalAddressSchema, type ClaimFacts, type GermanState } from '@mahnwerk/core';
import JSONParser from '@streamparser/json/jsonparser.js';
import { UsageError } from './io.js';

/**
 * A day of the book (invoice, due, contract, performance and payment dates): what is wrong with one
 * is said by core's one rule, `isoDateProblem` — `2025-02-30 is not a day of the calendar (February
 * 2025 has 28 days)` for a date of the right form, not only a wrong form — so the message names the
 * file, line, record and field before core ever sees the claim.
 */
const isoDate = z.string().superRefine((value, ctx) => {
  const problem = isoDateProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: value });
});
/** The problem of an amount that is not a decimal string, in the JSON book's words (a CSV import says it in cell words). @internal */
export const amountProblem = 'expected an amount written like "1200.00" (a string)';
const amount = z.string().regex(/^\d+(\.\d+)?$/, amountProblem);

const debtorSchema = z.looseObject({
  id: z.string().min(1).optional(),
  kind: z.enum(['consumer', 'business']),
  name: z.string().min(1),
  email: z.string().min(3).optional(),
  phone: z.string().min(3).optional(),
  // Lines as text or list, or the fields { street, houseNumber?, postalCode, city, country, addressLine2? }.
  address: z.union([z.string(), z.array(z.string()), postalAddressSchema]).optional(),
  postalAddress: postalAddressSchema.optional(),
  locale: z.enum(['de', 'en']).optional(),
  state: z.enum(germanStates as [GermanState, ...GermanState[]]).optional(),
});

const claimSchema = z.looseObject({
  id: z.string().min(1),
  debtor: debtorSchema,
  principal: amount,
  currency: z.string().length(3, 'expected an ISO 4217 code such as "EUR"').default('EUR'),
  invoiceDate: isoDate,
  dueDate: isoDate,
  claimKind: z.enum(['entgelt', 'other']).optional(),
  contractDate: isoDate.optional(),
  creditorKind: z.enum(['consumer', 'business']).optional(),
  continuingObligation: z.boolean().optional(),
  performanceDate: isoDate.optional(),
  reference: z.string().optional(),
  description: z.string().min(1).optional(),
  tags: z.array(z.string()).optional(),
  invoicePointedOut30DayRule: z.boolean().optional(),
  dueDateAgreed: z.boolean().optional(),
  dueDateIsCalendarDate: z.boolean().optional(),
  score: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a score between 0 and 1 written like "0.7"').optional(),
  creditorCanDeductVat: z.boolean().optional(),
});

const paymentSchema = z.looseObject({
  claimId: z.string().min(1),
  date: isoDate,
  amount,
  currency: z.string().length(3).optional(),
});

/** A payment as read from a payments file. */
export interface PaymentRecord {
  /** The claim paid. */
  readonly claimId: string;
  /** Day of payment. */
  readonly date: string;
  /** Amount as a decimal string. */
  readonly amount: string;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

function where(file: string, index: number, id: unknown, line?: number): string {
  return `${file}${line === undefined ? '' : `:${line}`}: record ${index + 1}${typeof id === 'string' ? ` (id "${id}")` : ''}`;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.') ?? '';
  return `${path || '(record)'}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Checks one record of a claims file and turns it into claim facts; the first problem is a usage
 * error naming the file, the record and the field.
 *
 * @param record - the record as parsed from JSON
 * @param i - its position in the file (0-based)
 * @param file - the file name, for messages
 * @param seen - claim ids met so far (a second one is refused)
 * @param debtors - debtors met so far by content: debtors with the same content share one object
 * @param line - the line the record starts on, named in messages when given (`mahnwerk import`)
 */
export function claimRecord(record: unknown, i: number, file: string, seen: Set<string>, debtors: Map<string, ClaimFacts['debtor']>, line?: number): ClaimFacts {
  const id = (record as { id?: unknown } | null)?.id;
  const type = (record as { type?: unknown } | null)?.type;
  if (type !== undefined) {
    // A book for mahnwerk import may hold credit notes and write-downs; a claims file read here holds claims only.
    throw new UsageError(
      `${where(file, i, undefined, line)}: type: ${JSON.stringify(type)} — a claims file holds claims (no type); give a simulation's credit notes and write-downs (type "adjustment") in --script, the same entry.`,
    );
  }
  const parsed = claimSchema.safeParse(record);
  if (!parsed.success) throw new UsageError(`${where(file, i, id, line)}: ${issueText(parsed.error)}.`);
  const c = parsed.data;
  if (seen.has(c.id)) throw new UsageError(`${where(file, i, c.id, line)}: id: appears twice; claim ids must be unique.`);
  seen.add(c.id);
  if (c.dueDate < c.invoiceDate) throw new UsageError(`${where(file, i, c.id, line)}: dueDate: ${c.dueDate} is before invoiceDate ${c.invoiceDate}.`);
  const given = c.debtor.address;
  const address = given === undefined || (typeof given === 'object' && !Array.isArray(given)) ? undefined : Array.isArray(given) ? given : [given];
  const postalAddress = c.debtor.postalAddress ?? (typeof given === 'object' && !Array.isArray(given) ? given : undefined);
  let debtor: ClaimFacts['debtor'] = {
    id: c.debtor.id ?? c.debtor.email ?? c.debtor.name,
    kind: c.debtor.kind,
    name: c.debtor.name,
    ...(c.debtor.email ? { email: c.debtor.email } : {}),
    ...(c.debtor.phone ? { phone: c.debtor.phone } : {}),
    ...(address ? { address } : {}),
    ...(postalAddress ? { postalAddress } : {}),
    ...(c.debtor.locale ? { locale: c.debtor.locale } : {}),
    ...(c.debtor.state ? { state: c.debtor.state } : {}),
  };
  // A debtor with several claims is held once (large books repeat debtors).
  const key = JSON.stringify(debtor);
  const known = debtors.get(key);
  if (known === undefined) debtors.set(key, debtor);
  else debtor = known;
  return {
    id: c.id,
    debtor,
    principal: c.principal,
    currency: c.currency.toUpperCase(),
    invoiceDate: c.invoiceDate,
    dueDate: c.dueDate,
    ...(c.claimKind ? { claimKind: c.claimKind } : {}),
    ...(c.contractDate ? { contractDate: c.contractDate } : {}),
    ...(c.creditorKind ? { creditorKind: c.creditorKind } : {}),
    ...(c.continuingObligation !== undefined ? { continuingObligation: c.continuingObligation } : {}),
    ...(c.performanceDate ? { performanceDate: c.performanceDate } : {}),
    ...(c.reference ? { reference: c.reference } : {}),
    ...(c.description ? { description: c.description } : {}),
    ...(c.tags ? { tags: c.tags } : {}),
    ...(c.dueDateAgreed !== undefined ? { dueDateAgreed: c.dueDateAgreed } : {}),
    ...(c.dueDateIsCalendarDate !== undefined ? { dueDateIsCalendarDate: c.dueDateIsCalendarDate } : {}),
    ...(c.score !== undefined ? { score: c.score } : {}),
    ...(c.invoicePointedOut30DayRule !== undefined ? { invoicePointedOut30DayRule: c.invoicePointedOut30DayRule } : {}),
    ...(c.creditorCanDeductVat !== undefined ? { creditorCanDeductVat: c.creditorCanDeductVat } : {}),
  };
}

/**
 * Reads a claims file: a JSON array of claims. Every record is checked before anything runs; the
 * first bad one is a usage error naming the file, the record and the field.
 *
 * @param text - the file's content
 * @param file - the file name, for messages
 */
export function parseClaimsFile(text: string, file: string): ClaimFacts[] {
  const raw = parseJson(text, file);
  if (!Array.isArray(raw)) throw new UsageError(`${file}: expected a JSON array of claims.`);
  const seen = new Set<string>();
  const debtors = new Map<string, ClaimFacts['debtor']>();
  return raw.map((record: unknown, i) => claimRecord(record, i, file, seen, debtors));
}

/**
 * Reads a claims file of any size as it streams in, record by record, so the text is never held
 * whole: NDJSON (`.ndjson` / `.jsonl`: one claim per line, blank lines allowed) or a JSON array
 * (parsed with `@streamparser/json`, which hands over each element of the top-level array and
 * drops it from its stack). Records are checked as {@link parseClaimsFile} checks them.
 *
 * @param chunks - the file's content in pieces of UTF-8 text
 * @param file - the file name, for messages (its ending picks NDJSON)
 * @returns the claims, in file order
 */
export async function readClaimsStream(chunks: AsyncIterable<string>, file: string): Promise<ClaimFacts[]> {
  const seen = new Set<string>();
  const debtors = new Map<string, ClaimFacts['debtor']>();
  const claims: ClaimFacts[] = [];
  await forEachClaimRecord(chunks, file, (record, i) => {
    claims.push(claimRecord(record, i, file, seen, debtors));
  });
  return claims;
}

/**
 * Walks the records of a claims file as it streams in (NDJSON or a JSON array, see
 * {@link readClaimsStream}) and hands each to `visit` with its position; nothing is kept. With
 * `wanted`, an NDJSON line whose position it refuses is not even parsed (a later pass over a large
 * book reads only the records it needs).
 *
 * @param chunks - the file's content in pieces of UTF-8 text
 * @param file - the file name, for messages (its ending picks NDJSON)
 * @param visit - called with each record (parsed JSON, unchecked) and its position (0-based)
 * @param wanted - which positions to visit (default all)
 */
export async function forEachClaimRecord(
  chunks: AsyncIterable<string>,
  file: string,
  visit: (record: unknown, index: number) => void,
  wanted?: (index: number) => boolean,
): Promise<void> {
  let count = 0;
  const take = (record: unknown): void => {
    const i = count++;
    if (wanted === undefined || wanted(i)) visit(record, i);
  };
  if (/\.(ndjson|jsonl)$/i.test(file)) {
    let rest = '';
    let line = 0;
    const parseLine = (text: string): void => {
      line++;
      if (text.trim() === '') return;
      if (wanted !== undefined && !wanted(count)) {
        count++;
        return;
      }
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${file}: line ${line}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
      }
      take(record);
    };
    for await (const chunk of chunks) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() as string;
      for (const part of parts) parseLine(part);
    }
    parseLine(rest);
    return;
  }
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let started = false;
  let failure: unknown;
  parser.onValue = ({ value }) => {
    if (failure !== undefined) return;
    try {
      take(value);
    } catch (error) {
      failure = error;
    }
  };
  parser.onError = (error) => {
    failure ??= new UsageError(`${file}: not valid JSON (${error.message}).`);
  };
  for await (const chunk of chunks) {
    if (!started) {
      const head = chunk.replace(/^\uFEFF/, '').trimStart();
      if (head === '') continue;
      if (!head.startsWith('[')) throw new UsageError(`${file}: expected a JSON array of claims (or NDJSON in a .ndjson file).`);
      started = true;
    }
    if (failure !== undefined) break;
    parser.write(chunk);
    if (failure !== undefined) break;
  }
  if (failure === undefined) {
    if (!started) throw new UsageError(`${file}: expected a JSON array of claims; the file is empty.`);
    if (!parser.isEnded) parser.end();
  }
  if (failure !== undefined) throw failure;
}

/**
 * Reads a payments file: a JSON array of `{ claimId, date, amount }`. A payment for an unknown claim
 * or in another currency than its claim is a usage error naming the file, the record and the field.
 *
 * @param text - the file's content
 * @param file - the file name, for messages
 * @param claims - the claims read before
 */
export function parsePaymentsFile(text: string, file: string, claims: readonly ClaimFacts[]): PaymentRecord[] {
  const raw = parseJson(text, file);
  if (!Array.isArray(raw)) throw new UsageError(`${file}: expected a JSON array of payments.`);
  const byId = new Map(claims.map((c) => [c.id, c]));
  return raw.map((record: unknown, i) => {
    const parsed = paymentSchema.safeParse(record);
    if (!parsed.success) throw new UsageError(`${where(file, i, undefined)}: ${issueText(parsed.error)}.`);
    const p = parsed.data;
    const claim = byId.get(p.claimId);
    if (!claim) throw new UsageError(`${where(file, i, undefined)}: claimId: no claim "${p.claimId}" in the claims file.`);
    if (p.currency !== undefined && p.currency.toUpperCase() !== claim.currency) {
      throw new UsageError(`${where(file, i, undefined)}: currency: ${p.currency} does not match claim "${p.claimId}" in ${claim.currency}.`);
    }
    return { claimId: p.claimId, date: p.date, amount: p.amount };
  });
}

/**
 * A script file as read (`mahnwerk simulate --script`): its entries, unchecked — core's
 * `validateSimulationInput` checks them, as `simulate` takes them (`behaviour.script`) — and the
 * line each entry starts on, for messages.
 */
export interface ScriptFile {
  /** The file name. */
  readonly file: string;
  /** The entries of its JSON array, as parsed. */
  readonly entries: readonly unknown[];
  /** The line (1-based) each entry starts on. */
  readonly lines: readonly number[];
  /**
   * When core was given some of the entries only (a batch of `--summary`): the position in the file
   * of the i-th entry it was given. Default: core was given them all, in order.
   */
  readonly records?: readonly number[];
}

/**
 * Reads a script file: a JSON array of scripted actions in the shape core's `simulate` takes
 * (`behaviour.script`). Only the JSON is read here; the entries are checked by core's
 * `validateSimulationInput` (one schema), whose errors {@link locateCoreError} places in the file.
 *
 * @param text - the file's content
 * @param file - the file name, for messages
 */
export function parseScriptFile(text: string, file: string): ScriptFile {
  const raw = parseJson(text, file);
  if (!Array.isArray(raw)) throw new UsageError(`${file}: expected a JSON array of scripted actions ({ "type", "claimId", "date", … } each).`);
  return { file, entries: raw, lines: elementLines(text) };
}

/**
 * The line (1-based) on which each element of the top-level array of a valid JSON text starts:
 * the first character after `[` or a comma at depth 1 that is not white space, outside strings.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let escaped = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\uFEFF') continue;
    if (expecting && depth === 1 && ch !== ']') lines.push(line);
    expecting = false;
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') expecting = ++depth === 1;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expecting = true;
  }
  return lines;
}

/**
 * Rewrites a core validation error about `claims[i].field`, `payments[i].field` or
 * `behaviour.script[i].field` into the CLI's "file: record n (id): field: problem" form (a script
 * entry: "file:line: record n (claim "id"): field: problem").
 *
 * @param error - the error thrown by core
 * @param files - the claims and payments file names
 * @param claims - the claims core was given (for the id of `claims[i]`)
 * @param recordOf - the position in the claims file of `claims[i]` (default `i`: core was given the whole book)
 * @param script - the script file core was given the entries of (`--script`), if any
 */
export function locateCoreError(
  error: unknown,
  files: { claims: string; payments?: string },
  claims: readonly ClaimFacts[],
  recordOf: (index: number) => number = (index) => index,
  script?: ScriptFile,
): never {
  if (MahnwerkError.isInstance(error) && error.field) {
    const s = /^behaviour\.script(?:\[(\d+)\])?\.?(.*)$/.exec(error.field);
    if (s && script !== undefined) {
      const text = error.message.startsWith(`${error.field}:`) ? error.message.slice(error.field.length + 1).trim() : error.message;
      if (s[1] === undefined) throw new UsageError(`${script.file}: ${s[2] || 'record'}: ${text}`);
      const index = script.records?.[Number(s[1])] ?? Number(s[1]);
      const claimId = (script.entries[index] as { claimId?: unknown } | null | undefined)?.claimId;
      const line = script.lines[index];
      throw new UsageError(
        `${script.file}${line === undefined ? '' : `:${line}`}: record ${index + 1}${typeof claimId === 'string' ? ` (claim "${claimId}")` : ''}: ${s[2] || 'record'}: ${text}`,
      );
    }
    const m = /^(claims|payments)\[(\d+)\]\.?(.*)$/.exec(error.field);
    if (m) {
      const index = Number(m[2]);
      const file = m[1] === 'claims' ? files.claims : (files.payments ?? 'payments');
      const id = m[1] === 'claims' ? claims[index]?.id : undefined;
      const text = error.message.startsWith(`${error.field}:`) ? error.message.slice(error.field.length + 1).trim() : error.message;
      throw new UsageError(`${where(file, m[1] === 'claims' ? recordOf(index) : index, id)}: ${m[3] || 'record'}: ${text}`);
    }
  }
  throw error;
}
