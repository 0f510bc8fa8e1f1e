import { z } from 'zod';
import { postalAddressSchema } from '../address/postal-address.js';
import { isIsoDate, type IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimFacts, Installment } from '../ledger/events.js';
import { germanStates } from '../law/de/types.js';
import { knownCurrencies, currency as lookupCurrency } from '../money/currency.js';
import { Dec } from '../money/decimal.js';

/*
 * The inputs of the host API's commands, as zod schemas. Every command validates its input with
 * these before it reads or writes anything, and turns the first problem into a ValidationError
 * naming the field.
 */

const isoDate = z.string().refine((v) => isIsoDate(v), { message: 'expected a date written YYYY-MM-DD, e.g. 2025-03-31' });
const decimalText = /^\d+(\.\d+)?$/;
const positiveAmount = z
  .string()
  .regex(decimalText, 'expected an amount written like "1200.00" (a decimal string, not a number)')
  .refine((v) => !decimalText.test(v) || new Dec(v).greaterThan(0), { message: 'the amount must be above zero' });
const id = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const note = z.string().max(2000, 'at most 2000 characters');

const debtorSchema = z.strictObject({
  id,
  kind: z.enum(['consumer', 'business']),
  name: z.string().trim().min(1, 'must not be empty'),
  email: z.email('expected an e-mail address').optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'expected a mobile number in E.164 form, e.g. +4915112345678')
    .optional(),
  address: z.array(z.string()).optional(),
  postalAddress: postalAddressSchema.optional(),
  state: z.enum(germanStates as unknown as [string, ...string[]]).optional(),
  locale: z.enum(['de', 'en']).optional(),
});

const claimFactsSchema = z
  .strictObject({
    id,
    debtor: debtorSchema,
    principal: positiveAmount,
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
    invoiceDate: isoDate,
    dueDate: isoDate,
    claimKind: z.enum(['entgelt', 'other']).optional(),
    contractDate: isoDate.optional(),
    creditorKind: z.enum(['consumer', 'business']).optional(),
    continuingObligation: z.boolean().optional(),
    performanceDate: isoDate.optional(),
    dueDateIsCalendarDate: z.boolean().optional(),
    invoicePointedOut30DayRule: z.boolean().optional(),
    reference: z.string().max(200).optional(),
    tags: z.array(z.string()).optional(),
    score: z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a score between 0 and 1 as a decimal string, e.g. "0.35"')
      .optional(),
    creditorCanDeductVat: z.boolean().optional(),
  })
  .superRefine((facts, ctx) => {
    if (!knownCurrencies().includes(facts.currency)) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: `unknown currency "${facts.currency}"; use an ISO 4217 code such as EUR` });
    } else if (decimalText.test(facts.principal)) {
      const digits = new Dec(facts.principal).decimalPlaces();
      const minor = lookupCurrency(facts.currency).minorUnit;
      if (digits > minor) ctx.addIssue({ code: 'custom', path: ['principal'], message: `has ${digits} decimals, but ${facts.currency} amounts have at most ${minor}` });
    }
    if (isIsoDate(facts.invoiceDate) && isIsoDate(facts.dueDate) && facts.dueDate < facts.invoiceDate) {
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: `is before the invoice date ${facts.invoiceDate}; the due date cannot precede the invoice` });
    }
    if (facts.contractDate !== undefined && isIsoDate(facts.contractDate) && isIsoDate(facts.invoiceDate) && facts.contractDate > facts.invoiceDate) {
      ctx.addIssue({ code: 'custom', path: ['contractDate'], message: `is after the invoice date ${facts.invoiceDate}; give the day the obligation arose` });
    }
  });

/** The facts of a new claim as a host passes them (validated by `createClaim`; see `ClaimFacts`). */
export type ClaimFactsInput = ClaimFacts;

/** Options every command takes. */
const commandOptionsSchema = z.strictObject({
  idempotencyKey: id.optional(),
});

/** Options every command takes. */
export interface CommandOptions {
  /** Idempotency key: the same key again returns the first result and writes nothing (1–200 characters). */
  readonly idempotencyKey?: string;
}

const recordPaymentSchema = z.strictObject({
  claimId: id,
  amount: positiveAmount,
  date: isoDate.optional(),
  paymentId: id.optional(),
});

/** A payment received. */
export interface RecordPaymentInput {
  /** The claim. */
  readonly claimId: string;
  /** Amount received, a decimal string in the claim's currency, above zero, e.g. `"250.00"`. */
  readonly amount: string;
  /** Day the money was credited (default today; not in the future, not before the invoice date). */
  readonly date?: IsoDate;
  /** The host's payment id (bank transaction id); a known id is not recorded twice. Default: derived from claim and date. */
  readonly paymentId?: string;
}

const openDisputeSchema = z.strictObject({
  claimId: id,
  note: note.optional(),
  disputeId: id.optional(),
  date: isoDate.optional(),
});

/** The debtor disputes the claim (Einwand): escalation stops until the dispute is resolved. */
export interface OpenDisputeInput {
  /** The claim. */
  readonly claimId: string;
  /** What the debtor objects to. */
  readonly note?: string;
  /** Id of the dispute (default: derived from claim and date). */
  readonly disputeId?: string;
  /** Day the dispute was raised (default today). */
  readonly date?: IsoDate;
}

const resolveDisputeSchema = z.strictObject({
  claimId: id,
  disputeId: id,
  outcome: z.enum(['debtor-right', 'creditor-right', 'partial']),
  note: note.optional(),
  date: isoDate.optional(),
});

/** A dispute is resolved. */
export interface ResolveDisputeInput {
  /** The claim. */
  readonly claimId: string;
  /** The open dispute. */
  readonly disputeId: string;
  /** Who was right. */
  readonly outcome: 'debtor-right' | 'creditor-right' | 'partial';
  /** How it was resolved. */
  readonly note?: string;
  /** Day of the resolution (default today). */
  readonly date?: IsoDate;
}

const placeHoldSchema = z.strictObject({
  claimId: id,
  note: z.string().trim().min(1, 'must say why the hold is placed').max(2000),
  until: isoDate.optional(),
  interestRuns: z.boolean(),
  holdId: id.optional(),
  date: isoDate.optional(),
});

/** A hold (Mahnstopp): no escalation until `until` (inclusive) or until lifted. */
export interface PlaceHoldInput {
  /** The claim. */
  readonly claimId: string;
  /** Why the hold is placed (required). */
  readonly note: string;
  /** Last day of the hold; without it the hold lasts until lifted. */
  readonly until?: IsoDate;
  /** Whether default interest keeps running during the hold. */
  readonly interestRuns: boolean;
  /** Id of the hold (default: derived from claim and date). */
  readonly holdId?: string;
  /** Day the hold is placed (default today). */
  readonly date?: IsoDate;
}

const liftHoldSchema = z.strictObject({
  claimId: id,
  holdId: id,
  date: isoDate.optional(),
});

/** Lifts a hold. */
export interface LiftHoldInput {
  /** The claim. */
  readonly claimId: string;
  /** The active hold. */
  readonly holdId: string;
  /** Day the hold ends (default today). */
  readonly date?: IsoDate;
}

const agreeInstallmentPlanSchema = z.strictObject({
  claimId: id,
  installments: z
    .array(z.strictObject({ dueDate: isoDate, amount: positiveAmount }))
    .min(1, 'a plan needs at least one installment')
    .max(120, 'at most 120 installments'),
  planId: id.optional(),
  date: isoDate.optional(),
});

/** An installment plan (Ratenzahlung): escalation stops while it is kept. */
export interface AgreeInstallmentPlanInput {
  /** The claim. */
  readonly claimId: string;
  /** The installments (1–120), each falling due on or after the agreement day. */
  readonly installments: readonly Installment[];
  /** Id of the plan (default: derived from claim and date). */
  readonly planId?: string;
  /** Day the plan was agreed (default today). */
  readonly date?: IsoDate;
}

const recordPromiseSchema = z.strictObject({
  claimId: id,
  amount: positiveAmount,
  by: isoDate,
  date: isoDate.optional(),
});

/** A promise to pay `amount` by `by` (it also acknowledges the claim, § 212 Abs. 1 Nr. 1 BGB). */
export interface RecordPromiseInput {
  /** The claim. */
  readonly claimId: string;
  /** Amount promised, a decimal string above zero. */
  readonly amount: string;
  /** Day by which the debtor promised to pay. */
  readonly by: IsoDate;
  /** Day the promise was made (default today). */
  readonly date?: IsoDate;
}

function pathText(path: readonly PropertyKey[], root: string): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(input)' : out;
}

/**
 * Validates a command's input with its schema; on failure throws a ValidationError naming the
 * field of the first problem (e.g. `debtor.email`), what is wrong and how to fix it.
 *
 * @param schema - the zod schema
 * @param input - the untrusted input
 * @param root - a prefix for field names (e.g. `facts`), or `''`
 * @returns the parsed input
 * @throws ValidationError naming the field
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined ? root || '(input)' : pathText(issue.path, root);
  let message = issue?.message ?? 'invalid input';
  if (issue !== undefined && issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) message = `is required (${issue.expected})`;
  if (issue !== undefined && issue.code === 'unrecognized_keys') message = `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove them (check the spelling)`;
  throw new ValidationError(`${field}: ${message}.`, { field, cause: result.error });
}

/** The zod schemas of the commands (internal to the engine, not exported from the package; hosts use the input types). */
export const commandSchemas = {
  claimFacts: claimFactsSchema,
  options: commandOptionsSchema,
  recordPayment: recordPaymentSchema,
  openDispute: openDisputeSchema,
  resolveDispute: resolveDisputeSchema,
  placeHold: placeHoldSchema,
  liftHold: liftHoldSchema,
  agreeInstallmentPlan: agreeInstallmentPlanSchema,
  recordPromise: recordPromiseSchema,
} as const;
