import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import { described, issueError, zodIssueText } from '../errors/zod-issue.js';
import type { ClaimFacts } from '../ledger/events.js';
import { isPositive, parseMoney } from '../money/money.js';
import { amountText, commandSchemas, contractDateProblem, isoDateSchema, maxInstallments } from '../engine/commands.js';
import type { ScriptedAction } from './types.js';

const isoDate = isoDateSchema;
const amount = amountText;
const correctShape = commandSchemas.correctClaimFacts.shape;
const adjustmentShape = commandSchemas.recordAdjustment.shape;
const probability = z.union([z.number().min(0).max(1), z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'a probability between 0 and 1')]);

/** A payment the debtor makes during a simulation. */
export const simulationPaymentSchema = z.strictObject({
  claimId: z.string().min(1),
  date: isoDate,
  amount,
  paymentId: z.string().min(1).optional(),
});

/** A scripted debtor action in a simulation. */
export const scriptedActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pay'), claimId: z.string().min(1), date: isoDate, amount }),
  z.strictObject({ type: z.literal('pay-in-full'), claimId: z.string().min(1), date: isoDate }),
  z.strictObject({ type: z.literal('dispute'), claimId: z.string().min(1), date: isoDate, note: z.string().optional() }),
  z.strictObject({
    type: z.literal('resolve-dispute'),
    claimId: z.string().min(1),
    date: isoDate,
    outcome: z.enum(['debtor-right', 'creditor-right', 'partial']).default('creditor-right'),
  }),
  z.strictObject({
    type: z.literal('hold'),
    claimId: z.string().min(1),
    date: isoDate,
    until: isoDate.optional(),
    interestRuns: z.boolean().default(true),
    note: z.string().default('hold'),
  }),
  z.strictObject({ type: z.literal('lift-hold'), claimId: z.string().min(1), date: isoDate }),
  z.strictObject({
    type: z.literal('installment-plan'),
    claimId: z.string().min(1),
    date: isoDate,
    installments: z.array(z.strictObject({ dueDate: isoDate, amount })).min(1).max(maxInstallments, `at most ${maxInstallments} installments`),
    /** Whether the debtor pays the installments (true) or stops after `paysInstallments` of them. */
    paysInstallments: z.number().int().min(0).optional(),
    /** Day the § 13a Abs. 3 RDG cost notice was given (default: the plan's day, when one is needed). */
    costNoticeGivenOn: isoDate.optional(),
  }),
  z.strictObject({ type: z.literal('promise'), claimId: z.string().min(1), date: isoDate, amount, by: isoDate }),
  z.strictObject({
    type: z.literal('correct-facts'),
    claimId: z.string().min(1),
    date: isoDate,
    // The fields' own checks as the host's correctClaimFacts takes them, not written a second time.
    description: correctShape.description,
    contractDate: correctShape.contractDate,
    reason: correctShape.reason,
  }),
  z.strictObject({
    type: z.literal('adjustment'),
    claimId: z.string().min(1),
    date: isoDate,
    // The host's recordAdjustment fields and their checks, not written a second time.
    kind: adjustmentShape.kind,
    amount: adjustmentShape.amount,
    note: adjustmentShape.note,
  }),
]);

/** The fields each scripted action may have, by its `type`, read off {@link scriptedActionSchema}. */
const scriptedActionFields: ReadonlyMap<string, ReadonlySet<string>> = new Map(scriptedActionSchema.options.map((o) => [o.shape.type.value, new Set(Object.keys(o.shape))]));

/**
 * The types of the scripted actions `simulate` takes (`behaviour.script[i].type`), read off the
 * script's schema in its order: `pay`, `pay-in-full`, `dispute`, `resolve-dispute`,
 * `hold`, `lift-hold`, `installment-plan`, `promise`, `correct-facts`, `adjustment`. The one list of them: the
 * message of an unknown type names these, and `mahnwerk simulate --help` lists them.
 */
export const scriptedActionTypes: readonly ScriptedAction['type'][] = scriptedActionSchema.options.map((o) => o.shape.type.value);

/**
 * Whether `field` (a path such as `until` or `installments[0].dueDate`) lies in a field a scripted
 * action of this type may have: the field a refusal of the step names is then the entry's own.
 *
 * @param type - the scripted action's type
 * @param field - the field a decider's error names
 * @internal
 */
export function isScriptedActionField(type: ScriptedAction['type'], field: string): boolean {
  return scriptedActionFields.get(type)?.has(field.split(/[.[]/, 1)[0] as string) === true;
}

/** The fields of an entry of a simulation's `payments`, read off {@link simulationPaymentSchema}. */
const simulationPaymentFields: ReadonlySet<string> = new Set(Object.keys(simulationPaymentSchema.shape));

/**
 * Whether `field` lies in a field an entry of a simulation's `payments` may have (`amount`, `date`,
 * …): the field a refusal of the payment names is then the entry's own.
 *
 * @param field - the field a decider's error names
 * @internal
 */
export function isSimulationPaymentField(field: string): boolean {
  return simulationPaymentFields.has(field.split(/[.[]/, 1)[0] as string);
}

/** The modelled behaviour of debtors: how likely they pay after each message. */
export const behaviourModelSchema = z.strictObject({
  /** Probability that a debtor pays in full within the deadline after a message. */
  payAfterMessage: probability.default(0.3),
  /** Probability that a payment is only part of the balance (half, rounded to the cent). */
  partialShare: probability.default(0),
  /** Probability that a debtor disputes after a message (resolved for the creditor 21 days later). */
  disputeAfterMessage: probability.default(0),
  /** Days between message and payment: drawn uniformly from this range. */
  payWithinDays: z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([2, 12]),
});

/** The most scripted actions a simulation takes (a bound on the input, like the 120 installments of a plan). */
export const maxScriptedActions = 1_000_000;

/** Debtor behaviour: a script, a model, or both. */
export const behaviourSchema = z.strictObject({
  script: z.array(scriptedActionSchema).max(maxScriptedActions, `at most ${maxScriptedActions} scripted actions`).default([]),
  model: behaviourModelSchema.optional(),
});

export type { Behaviour, BehaviourInput, BehaviourModel, ScriptedAction, ScriptedActionInput, SimulationPayment } from './types.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertSame<T extends true>(): T | undefined {
  return undefined;
}
// Compile-time proof that the documented types equal what the schemas accept and return.
assertSame<Same<z.output<typeof scriptedActionSchema>, import('./types.js').ScriptedAction>>();
assertSame<Same<z.input<typeof scriptedActionSchema>, import('./types.js').ScriptedActionInput>>();
assertSame<Same<z.output<typeof simulationPaymentSchema>, import('./types.js').SimulationPayment>>();
assertSame<Same<z.output<typeof behaviourSchema>, import('./types.js').Behaviour>>();
assertSame<Same<z.input<typeof behaviourSchema>, import('./types.js').BehaviourInput>>();

/**
 * Checks a simulation's claims, payments and script before anything runs: a bad record is an
 * error naming the record and the field, and nothing is half-simulated.
 *
 * @param claims - the claims
 * @param payments - payments during the run
 * @param behaviour - scripted and modelled behaviour
 * @param from - first simulated day
 * @param to - last simulated day
 */
export function validateSimulationInput(
  claims: readonly ClaimFacts[],
  payments: readonly unknown[],
  behaviour: unknown,
  from: IsoDate,
  to: IsoDate,
): { claims: readonly ClaimFacts[]; payments: import('./types.js').SimulationPayment[]; behaviour: import('./types.js').Behaviour } {
  parseIsoDate(from, 'from');
  parseIsoDate(to, 'to');
  if (to < from) throw new ValidationError(`to: ${to} is before from ${from}; the simulation needs from <= to.`, { field: 'to' });
  if (!Array.isArray(claims)) {
    throw new ValidationError(`claims: expected an array of claims, got ${claims === null ? 'null' : typeof claims}.`, { field: 'claims' });
  }
  if (!Array.isArray(payments)) {
    throw new ValidationError(`payments: expected an array of payments, got ${payments === null ? 'null' : typeof payments}.`, { field: 'payments' });
  }
  const byId = new Map<string, ClaimFacts>();
  const parsedClaims = claims.map((raw, i) => {
    const where = `claims[${i}]`;
    // The host API's schema: one rule for what a claim is (fields, amounts, currency, date range).
    const result = commandSchemas.claimFacts.safeParse(raw);
    if (!result.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
      throw fromZod(result.error, where, raw, id === null ? '' : ` (claim "${id}")`);
    }
    const claim = raw;
    if (byId.has(claim.id)) throw new ValidationError(`${where}.id: "${claim.id}" appears twice; claim ids must be unique.`, { field: `${where}.id` });
    // The principal is not parsed again here: the schema has checked it is a plain decimal above
    // zero with no more decimals than its (known) currency has — all that parseMoney would check.
    if (claim.invoiceDate > to) {
      throw new ValidationError(`${where}.invoiceDate: ${claim.invoiceDate} is after the last simulated day ${to} (claim "${claim.id}"); leave the claim out or simulate longer.`, {
        field: `${where}.invoiceDate`,
      });
    }
    byId.set(claim.id, claim);
    return claim;
  });
  const paymentIds = new Set<string>();
  const parsedPayments = payments.map((raw, i) => {
    const where = `payments[${i}]`;
    const result = simulationPaymentSchema.safeParse(raw);
    if (!result.success) throw fromZod(result.error, where, raw);
    const p = result.data;
    const claim = byId.get(p.claimId);
    if (!claim) throw new ValidationError(`${where}.claimId: no claim "${p.claimId}" in the claims.`, { field: `${where}.claimId` });
    checkInputDay(p.date, `${where}.date`, claim, from, to);
    positiveAmount(p.amount, `${where}.amount`, claim.currency);
    if (p.paymentId !== undefined) {
      if (paymentIds.has(p.paymentId)) {
        throw new ValidationError(`${where}.paymentId: "${p.paymentId}" appears twice; payment ids must be unique.`, { field: `${where}.paymentId` });
      }
      paymentIds.add(p.paymentId);
    }
    return p;
  });
  const behaviourResult = behaviourSchema.safeParse(behaviour ?? {});
  if (!behaviourResult.success) throw unknownActionType(behaviourResult.error, behaviour) ?? fromZod(behaviourResult.error, 'behaviour', behaviour ?? {});
  behaviourResult.data.script.forEach((action, i) => {
    const where = `behaviour.script[${i}]`;
    const claim = byId.get(action.claimId);
    if (!claim) throw new ValidationError(`${where}.claimId: no claim "${action.claimId}" in the claims.`, { field: `${where}.claimId` });
    checkInputDay(action.date, `${where}.date`, claim, from, to);
    checkScriptedAction(action, where, claim);
  });
  return { claims: parsedClaims, payments: parsedPayments, behaviour: behaviourResult.data };
}

/**
 * Checks one scripted action on its own, as {@link validateSimulationInput} checks an entry of
 * `behaviour.script` — the same schema and the same checks against its claim (a real day not
 * before the invoice, amounts above zero with no more decimals than the claim's currency has, …) —
 * but without a run around it (no first day to be after). For a book that carries script entries
 * beside its claims, e.g. the credit notes and write-downs (`adjustment`) of `mahnwerk import`.
 *
 * @param entry - the entry as parsed from JSON, unchecked
 * @param claimOf - the claim the entry names (by its `claimId`), or undefined when there is none
 * @param where - the entry's place, the prefix of the field an error names (e.g. `adjustments[2]`)
 * @returns the entry with its defaults filled in
 * @throws ValidationError naming `<where>.<field>`: an unknown `type` (naming the known types), a bad
 *   field, or a claim that is not given (`<where>.claimId`)
 */
export function parseScriptedAction(entry: unknown, claimOf: (claimId: string) => ClaimFacts | undefined, where: string): ScriptedAction {
  const behaviour = { script: [entry] };
  const result = behaviourSchema.safeParse(behaviour);
  if (!result.success) {
    // The words validateSimulationInput has for the entry `behaviour.script[0]`, said of the entry's own place.
    const error = unknownActionType(result.error, behaviour) ?? fromZod(result.error, 'behaviour', behaviour);
    const inScript = 'behaviour.script[0]';
    const field = (error.field ?? inScript).replace(inScript, where);
    throw new ValidationError(error.message.replace(error.field ?? inScript, field), { field, cause: result.error });
  }
  const action = result.data.script[0] as ScriptedAction;
  const claim = claimOf(action.claimId);
  if (claim === undefined) throw new ValidationError(`${where}.claimId: no claim "${action.claimId}" is given.`, { field: `${where}.claimId` });
  // A real day, not before the invoice (no run here whose first day it must be on or after).
  checkInputDay(action.date, `${where}.date`, claim, claim.invoiceDate, claim.invoiceDate);
  checkScriptedAction(action, where, claim);
  return action;
}

/** The checks of a scripted action against its claim beyond its day: amounts, a promise's day, a correction, a plan's installments. */
function checkScriptedAction(action: ScriptedAction, where: string, claim: ClaimFacts): void {
  if (action.type === 'pay' || action.type === 'promise' || action.type === 'adjustment') positiveAmount(action.amount, `${where}.amount`, claim.currency);
  if (action.type === 'promise') {
    parseIsoDate(action.by, `${where}.by`);
    if (action.by < action.date) throw new ValidationError(`${where}.by: ${action.by} is before the promise is made (${action.date}).`, { field: `${where}.by` });
  }
  if (action.type === 'correct-facts') checkCorrection(action, where, claim);
  if (action.type === 'installment-plan') {
    action.installments.forEach((inst, j) => {
      parseIsoDate(inst.dueDate, `${where}.installments[${j}].dueDate`);
      positiveAmount(inst.amount, `${where}.installments[${j}].amount`, claim.currency);
    });
  }
}

/**
 * The error of a script entry whose `type` is none of the scripted actions (the first issue of the
 * behaviour's parse is the schema's "no matching discriminator" at `script[i].type`), or `null` for
 * any other issue: what was wrong (the type given, or none), where (`behaviour.script[i].type`, and
 * the entry by its day and claim, as a refused step is named), and how to fix it (the known types,
 * read off the schema). zod's own words ("Invalid discriminator value. Expected 'pay' | …") said
 * neither what the entry had nor which entry it was.
 */
function unknownActionType(error: z.ZodError, behaviour: unknown): ValidationError | null {
  const issue = error.issues[0];
  if (issue?.code !== 'invalid_union' || issue.discriminator !== 'type' || issue.path.length !== 3 || issue.path[0] !== 'script' || issue.path[2] !== 'type') return null;
  const where = `behaviour.script[${String(issue.path[1])}]`;
  const entry: unknown = (behaviour as { script: unknown[] }).script[issue.path[1] as number];
  if (typeof entry !== 'object' || entry === null) return null;
  const { date, claimId, type } = entry as Record<string, unknown>;
  const which = `the entry${typeof date === 'string' ? ` of ${date}` : ''}${typeof claimId === 'string' ? ` on claim "${claimId}"` : ''}`;
  const had = type === undefined ? `${which} has no type` : typeof type === 'string' ? `${which} has the type ${JSON.stringify(type)}, which is not a scripted action` : `${which} has ${described(type)} as its type`;
  return new ValidationError(`${where}.type: ${had}; give one of ${scriptedActionTypes.join(', ')}.`, { field: `${where}.type`, cause: error });
}

/**
 * A scripted correction, as far as it can be checked before the run: it gives a fact to correct, a
 * contract date not after the invoice date (the rule of creation, `contractDateProblem`), and only
 * facts the claim has — a script cannot add a fact (the host's `amendClaimFacts`), so a fact missing
 * from the claim's facts stays missing. Whether the correction stands (the value it replaces, what
 * rests on it) is the decider's question on the day, answered in the run.
 */
function checkCorrection(action: Extract<ScriptedAction, { type: 'correct-facts' }>, where: string, claim: ClaimFacts): void {
  if (action.description === undefined && action.contractDate === undefined) {
    throw new ValidationError(`${where}.description: give the facts to correct: description, contractDate or both.`, { field: `${where}.description` });
  }
  for (const field of ['description', 'contractDate'] as const) {
    if (action[field] !== undefined && claim[field] === undefined) {
      throw new ValidationError(
        `${where}.${field}: claim "${claim.id}" has no ${field} to correct, and a script cannot add one; give it in the claim's facts (or leave the field out).`,
        { field: `${where}.${field}` },
      );
    }
  }
  if (action.contractDate !== undefined) {
    const problem = contractDateProblem(action.contractDate, claim.invoiceDate);
    if (problem !== null) throw new ValidationError(`${where}.contractDate: ${action.contractDate} ${problem} (claim "${claim.id}").`, { field: `${where}.contractDate` });
  }
}

/** A day of a payment or action: a real date, not before the invoice and not before the run starts. */
function checkInputDay(date: string, field: string, claim: ClaimFacts, from: IsoDate, to: IsoDate): void {
  parseIsoDate(date, field);
  if (date < claim.invoiceDate) {
    throw new ValidationError(`${field}: ${date} is before the invoice date ${claim.invoiceDate} of claim "${claim.id}".`, { field });
  }
  if (date < from) {
    throw new ValidationError(`${field}: ${date} is before the first simulated day ${from}; start the simulation earlier.`, { field });
  }
  void to; // days after the last simulated day are allowed: they simply do not happen within the run
}

/** An amount above zero in the claim's currency, with no more decimals than the currency has. */
function positiveAmount(text: string, field: string, currencyCode: string): void {
  let value;
  try {
    value = parseMoney(text, { field, currency: currencyCode, nonNegative: true, exact: true });
  } catch (error) {
    throw new ValidationError(error instanceof Error ? error.message : String(error), { field, cause: error });
  }
  if (!isPositive(value)) throw new ValidationError(`${field}: "${text}" is not above zero; a payment must be positive.`, { field });
}

/** Turns the first zod issue into a ValidationError naming its path under `where`. */
export function fromZod(error: z.ZodError, where: string, input: unknown, suffix = ''): ValidationError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
  const field = `${where}${path}`;
  return issueError(issue, field, `${field}: ${zodIssueText(issue, input)}${suffix}.`, error);
}
