import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { postalAddressSchema } from '../address/postal-address.js';
import { issueError, zodIssueText } from '../errors/zod-issue.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { addDays, isIsoDate, isoDateProblem, type IsoDate } from '../calendar/date.js';
import { timeZoneProblem } from '../calendar/instant.js';
import { FactAlreadySetError, FactCorrectionRefusedError, RunDayBeforeLastRunError, ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimFacts, Installment, PlanProposal, Reason } from '../ledger/events.js';
import { idsUsedBy, nextFreeId, scopedId } from '../ledger/ids.js';
import { bookAdjustment } from '../ledger/adjustment.js';
import type { ClaimState } from '../ledger/state.js';
import { statementFigures, type StatementFigures, type StatementOptions } from '../ledger/statement.js';
import { parseMoney, toAmountString, type Money } from '../money/money.js';
import { amountStringOfText } from '../money/scaled.js';
import type { Policy } from '../policy/schema.js';
import type { ClaimStore } from '../ports/claim-store.js';
import type { DecideContext } from './context.js';
import { decideFactsAndState, policyTag } from './decide.js';
import { amountToSettle, bookIncomingPayment, bookPaymentReversal, simpleCaseMayApply, type FeeCorrectionOptions } from './fee-corrections.js';
import { handoverNeedsClaimReason } from './guards.js';
import { installmentAgreementEvents } from './installment-agreement.js';
import { germanStates } from '../law/de/types.js';
import { applicableLaw } from '../law/de/transition.js';
import { amountTermsChange, claimLegalTerms } from '../ledger/legal-terms.js';
import { isKnownCurrency, currency as lookupCurrency } from '../money/currency.js';

/*
 * The inputs of the host API's commands, as zod schemas. Every command validates its input with
 * these before it reads or writes anything, and turns the first problem into a ValidationError
 * naming the field.
 */

/**
 * The one date schema of the inputs (commands, claim facts, simulation scripts and payments): a
 * string that is a calendar day `YYYY-MM-DD`; what is wrong is said as {@link isoDateProblem} says
 * it — `2025-02-30 is not a day of the calendar (February 2025 has 28 days)`, not "expected
 * YYYY-MM-DD" for a date of the right form.
 *
 * @internal
 */
export const isoDateSchema = z.string().superRefine((v, ctx) => {
  const problem = isoDateProblem(v);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: v });
});
const isoDate = isoDateSchema;
const decimalText = /^\d+(\.\d+)?$/;

/**
 * The largest amount a command or a simulation accepts has this many digits before the decimal
 * point (999,999,999,999,999.99 in a two-decimal currency). Larger amounts are refused with a
 * ValidationError naming the field — decimal.js would otherwise round them silently at its
 * precision, and no claim is that large.
 */
export const maxAmountIntegerDigits = 15;

/** The most installments a plan may have, in the host API and in `simulate` scripts alike. */
export const maxInstallments = 120;

/**
 * The first and last day a claim's invoice and due date may fall on: the German base-rate table
 * (§ 247 BGB) starts on 2002-01-01, and the engine's dates (limitation ends, interest periods) must
 * stay within the calendar for decades after the last.
 */
export const claimDateRange = { from: '2002-01-01', to: '2099-12-31' } as const;

/** An amount text: digits, optional decimals, at most {@link maxAmountIntegerDigits} digits before the point. */
export const amountText = z
  .string()
  .regex(decimalText, 'expected an amount written like "1200.00" (a decimal string, not a number)')
  .refine((v) => !decimalText.test(v) || integerDigits(v) <= maxAmountIntegerDigits, {
    message: `the amount has more than ${maxAmountIntegerDigits} digits before the decimal point; amounts are at most 999999999999999.99`,
  });
const positiveAmount = amountText.refine((v) => !decimalText.test(v) || isAboveZero(v), { message: 'the amount must be above zero' });

/**
 * True when an amount text `decimalText` accepts is above zero: a text of digits and at most one
 * point is, exactly when a digit other than 0 is in it (no decimal.js value made).
 *
 * @internal
 */
export function isAboveZero(text: string): boolean {
  return nonZeroDigit.test(text);
}

const nonZeroDigit = /[1-9]/;

/**
 * The digits before the point of an amount text `decimalText` accepts, leading zeros not counted
 * (one zero stays: `"0.50"` has 1, `"007"` has 1): read by character codes, without the strings
 * and array a split and a replace make for every amount validated.
 *
 * @internal
 */
export function integerDigits(text: string): number {
  let end = text.indexOf('.');
  if (end === -1) end = text.length;
  let start = 0;
  while (start < end - 1 && text.charCodeAt(start) === 48) start++;
  return end - start;
}

/**
 * The decimals of an amount text `decimalText` accepts, trailing zeros not counted (`"1.50"` has 1,
 * `"1.00"` none) — what decimal.js's `decimalPlaces()` of it answers, without making the value.
 *
 * @internal
 */
export function significantDecimals(text: string): number {
  const dot = text.indexOf('.');
  if (dot === -1) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

/** A claim's invoice or due date: a real date within {@link claimDateRange}. */
const claimDate = isoDate.refine((v) => !isIsoDate(v) || (v >= claimDateRange.from && v <= claimDateRange.to), {
  message: `must lie between ${claimDateRange.from} and ${claimDateRange.to} (the base-rate table of § 247 BGB starts in 2002)`,
});
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
  consent: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'channel names are lower-case, e.g. sms'), z.boolean()).optional(),
  timeZone: z
    .string()
    .regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/, 'expected an IANA time zone such as Europe/Berlin')
    // A name of the right form the runtime has no rules for (`Europe/Atlantis`) is refused too: the one rule, timeZoneProblem.
    .superRefine((value, ctx) => {
      const problem = timeZoneProblem(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: value, params: { timeZoneUnknown: value } });
    })
    .optional(),
});

/** The fields of a claim's facts, each with its own check (the checks across fields follow in `claimFactsSchema`). */
const claimFactsFields = z.strictObject({
  id,
  debtor: debtorSchema,
  principal: positiveAmount,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
  invoiceDate: claimDate,
  dueDate: claimDate,
  claimKind: z.enum(['entgelt', 'other']).optional(),
  contractDate: isoDate.optional(),
  creditorKind: z.enum(['consumer', 'business']).optional(),
  continuingObligation: z.boolean().optional(),
  performanceDate: isoDate.optional(),
  dueDateAgreed: z.boolean().optional(),
  dueDateIsCalendarDate: z.boolean().optional(),
  invoicePointedOut30DayRule: z.boolean().optional(),
  reference: z.string().max(200).optional(),
  description: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
  tags: z.array(z.string()).optional(),
  score: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a score between 0 and 1 as a decimal string, e.g. "0.35"')
    .optional(),
  creditorCanDeductVat: z.boolean().optional(),
});

/**
 * What is wrong with a contract date next to the claim's invoice date, or `null`: the obligation
 * cannot arise after it was invoiced. The one check of it, at creation (`claimFactsSchema`) and
 * when the date is added later (`amend-claim-facts`) or corrected (`correct-claim-facts`, and a
 * `simulate` script's `correct-facts` before the run).
 *
 * @internal
 */
export function contractDateProblem(contractDate: IsoDate, invoiceDate: IsoDate): string | null {
  if (isIsoDate(contractDate) && isIsoDate(invoiceDate) && contractDate > invoiceDate) {
    return `is after the invoice date ${invoiceDate}; give the day the obligation arose`;
  }
  return null;
}

const claimFactsSchema = claimFactsFields.superRefine((facts, ctx) => {
  if (!isKnownCurrency(facts.currency)) {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: `unknown currency "${facts.currency}"; use an ISO 4217 code such as EUR` });
  } else if (decimalText.test(facts.principal)) {
    const digits = significantDecimals(facts.principal);
    const minor = lookupCurrency(facts.currency).minorUnit;
    if (digits > minor) ctx.addIssue({ code: 'custom', path: ['principal'], message: `has ${digits} decimals, but ${facts.currency} amounts have at most ${minor}` });
  }
  if (isIsoDate(facts.invoiceDate) && isIsoDate(facts.dueDate) && facts.dueDate < facts.invoiceDate) {
    ctx.addIssue({ code: 'custom', path: ['dueDate'], message: `is before the invoice date ${facts.invoiceDate}; the due date cannot precede the invoice` });
  }
  const contractDate = facts.contractDate === undefined ? null : contractDateProblem(facts.contractDate, facts.invoiceDate);
  if (contractDate !== null) ctx.addIssue({ code: 'custom', path: ['contractDate'], message: contractDate });
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

const reversePaymentSchema = z.strictObject({
  claimId: id,
  paymentId: id,
  reversalId: id,
  kind: z.enum(['refund', 'chargeback']),
  amount: positiveAmount,
  date: isoDate.optional(),
});

/** A refund or chargeback of a payment already recorded (see `reverseIncomingPayment`). */
export interface ReversePaymentInput {
  /** The claim. */
  readonly claimId: string;
  /** The payment taken back (its `paymentId`). */
  readonly paymentId: string;
  /** The provider's id of the refund or chargeback; a known id is not recorded twice. */
  readonly reversalId: string;
  /** `refund` or `chargeback`. */
  readonly kind: 'refund' | 'chargeback';
  /** Amount taken back, a decimal string in the claim's currency, above zero, at most what is left of the payment. */
  readonly amount: string;
  /**
   * Value date: the day the money left the creditor's account (default today; not in the future). A day
   * before today (a chargeback the bank value-dated back) is kept as the value date — the parts taken back
   * are owed again from it — and today is recorded as the day the reversal was booked (`bookedOn`).
   */
  readonly date?: IsoDate;
}

const recordAdjustmentSchema = z.strictObject({
  claimId: id,
  kind: z.enum(['credit-note', 'write-down']),
  amount: positiveAmount,
  date: isoDate.optional(),
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

/**
 * A credit note or write-down of the principal (see `bookAdjustment`): at most the principal open,
 * else refused with `AdjustmentExceedsPrincipalError` before anything is written.
 */
export interface RecordAdjustmentInput {
  /** The claim. */
  readonly claimId: string;
  /** `credit-note` (Gutschrift: the creditor lowers the price) or `write-down` (Teilerlass, § 397 Abs. 1 BGB). */
  readonly kind: 'credit-note' | 'write-down';
  /** How much the principal is lowered by, a decimal string in the claim's currency, above zero, at most the principal open. */
  readonly amount: string;
  /** Day it takes effect (default today; not in the future, not before the last money event). */
  readonly date?: IsoDate;
  /** The creditor's words, printed on the statement after the label (e.g. `Mängel`). */
  readonly note?: string;
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

/** The installments of a plan, agreed or proposed: 1–120, each a day and an amount above zero. */
const installmentsSchema = z
  .array(z.strictObject({ dueDate: isoDate, amount: positiveAmount }))
  .min(1, 'a plan needs at least one installment')
  .max(maxInstallments, `at most ${maxInstallments} installments`);

const placeHoldSchema = z.strictObject({
  claimId: id,
  note: z.string().trim().min(1, 'must say why the hold is placed').max(2000),
  until: isoDate.optional(),
  interestRuns: z.boolean(),
  holdId: id.optional(),
  date: isoDate.optional(),
  proposal: z.strictObject({ installments: installmentsSchema, costNoticeGivenOn: isoDate.optional() }).optional(),
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
  /**
   * When the hold waits on the creditor's review of a debtor's installment proposal: the proposal as
   * data, recorded on the `hold-placed` event (`proposal`) and read back with `holdProposal` — the note
   * stays the words for people. Its installments are checked as a plan's are (`agreeInstallmentPlan`:
   * 1–120, amounts above zero in the claim's currency, none due before the hold's day), its
   * `costNoticeGivenOn` not after the hold's day.
   */
  readonly proposal?: PlanProposal;
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
  installments: installmentsSchema,
  planId: id.optional(),
  date: isoDate.optional(),
  costNoticeGivenOn: isoDate.optional(),
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
  /**
   * Day the debtor was told in Textform which costs the agreement causes (§ 13a Abs. 3 RDG), on or
   * before `date`. Required when the claim is with a collection agency and the debtor is a private
   * person (`installmentAgreementTerms(state, date).noticeRequired`): without it the plan is refused with
   * `CostNoticeRequiredError`. Recorded on the `installment-plan-agreed` event.
   */
  readonly costNoticeGivenOn?: IsoDate;
}

const recordPromiseSchema = z.strictObject({
  claimId: id,
  amount: positiveAmount,
  by: isoDate,
  date: isoDate.optional(),
});

/**
 * A promise to pay `amount` by `by`. It holds escalation through `by` + the policy's
 * `promiseGraceDays` — a `by` on a Saturday, Sunday or public holiday, and the end of the grace days,
 * moved to the next business day by § 193 BGB (`promiseHolds`) — (no deferral: default interest runs on)
 * and acknowledges the claim (§ 212 Abs. 1 Nr. 1 BGB).
 */
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

const amendClaimFactsSchema = z
  .strictObject({
    claimId: id,
    // The fields' own checks as at creation (claimFactsFields), not written a second time.
    description: claimFactsFields.shape.description,
    contractDate: claimFactsFields.shape.contractDate,
  })
  .refine((input) => input.description !== undefined || input.contractDate !== undefined, {
    path: ['description'],
    message: 'give the facts to add: description, contractDate or both',
  });

/**
 * Facts to add to a claim that was created without them (see `Mahnwerk.amendClaimFacts`): what a
 * collection agency's first letter to a consumer must name (§ 13a Abs. 1 Nr. 2 RDG). At least one
 * of `description` and `contractDate`; each is checked as at creation (`createClaim`).
 */
export interface AmendClaimFactsInput {
  /** The claim. */
  readonly claimId: string;
  /** What the claim is for, as printed in letters (1–500 characters, trimmed), e.g. `"Bestellung 4711: Gartenstuhl"`. */
  readonly description?: string;
  /** The day the contract was concluded, `YYYY-MM-DD`, not after the claim's invoice date. */
  readonly contractDate?: IsoDate;
}

const correctClaimFactsSchema = z
  .strictObject({
    claimId: id,
    // The fields' own checks as at creation (claimFactsFields), not written a second time.
    description: claimFactsFields.shape.description,
    contractDate: claimFactsFields.shape.contractDate,
    reason: z.string().trim().min(1, 'must say why the fact is corrected (it is kept in the audit trail)').max(2000, 'at most 2000 characters'),
  })
  .refine((input) => input.description !== undefined || input.contractDate !== undefined, {
    path: ['description'],
    message: 'give the facts to correct: description, contractDate or both',
  });

/**
 * Facts of a claim to correct (see `Mahnwerk.correctClaimFacts`): a `description` or `contractDate`
 * the claim has, with a value that was entered wrongly. At least one of them, each checked as at
 * creation (`createClaim`), and the reason for the correction.
 */
export interface CorrectClaimFactsInput {
  /** The claim. */
  readonly claimId: string;
  /** The right description (1–500 characters, trimmed), replacing the one the claim has. */
  readonly description?: string;
  /** The right contract date, `YYYY-MM-DD`, not after the claim's invoice date, replacing the one the claim has. */
  readonly contractDate?: IsoDate;
  /** Why the fact is corrected, in the creditor's words (1–2000 characters, trimmed), e.g. `"contract date mistyped at import; the order confirmation says 2024-12-20"`. Kept in the audit trail. */
  readonly reason: string;
}

const recordDeliverySchema = z.strictObject({
  claimId: id,
  messageId: id,
  channel: z.string().regex(/^[a-z][a-z0-9-]*$/, 'channel names are lower-case, e.g. email'),
  status: z.enum(['delivered', 'bounced', 'failed', 'opened', 'opted-out']),
  providerMessageId: z.string().min(1).max(500).optional(),
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 instant with offset, e.g. 2025-03-14T09:30:00+01:00')
    .optional(),
  detail: z.string().max(2000, 'at most 2000 characters').optional(),
});

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
 * @throws ValidationError naming the field (an UnknownTimeZoneError for a debtor's time zone the runtime does not know)
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined ? root || '(input)' : pathText(issue.path, root);
  throw issueError(issue, field, `${field}: ${zodIssueText(issue, input)}.`, result.error);
}

/** The zod schemas of the commands (internal to the engine, not exported from the package; hosts use the input types). */
export const commandSchemas = {
  claimFacts: claimFactsSchema,
  recordDelivery: recordDeliverySchema,
  options: commandOptionsSchema,
  recordPayment: recordPaymentSchema,
  reversePayment: reversePaymentSchema,
  recordAdjustment: recordAdjustmentSchema,
  openDispute: openDisputeSchema,
  resolveDispute: resolveDisputeSchema,
  placeHold: placeHoldSchema,
  liftHold: liftHoldSchema,
  agreeInstallmentPlan: agreeInstallmentPlanSchema,
  recordPromise: recordPromiseSchema,
  amendClaimFacts: amendClaimFactsSchema,
  correctClaimFacts: correctClaimFactsSchema,
} as const;

/**
 * A command on an existing claim, as data: the input of the matching host method with its `type`.
 * Both drivers — `createMahnwerk` and `simulate` — turn what they are asked into these commands
 * and hand them to {@link decideCommand}; nothing else books a payment or a debtor action.
 */
export type ClaimCommand =
  | ({ readonly type: 'record-payment' } & RecordPaymentInput)
  | ({ readonly type: 'reverse-payment' } & ReversePaymentInput)
  | ({ readonly type: 'record-adjustment' } & RecordAdjustmentInput)
  | ({ readonly type: 'open-dispute' } & OpenDisputeInput)
  | ({ readonly type: 'resolve-dispute' } & ResolveDisputeInput)
  | ({ readonly type: 'place-hold' } & PlaceHoldInput)
  | ({ readonly type: 'lift-hold' } & LiftHoldInput)
  | ({ readonly type: 'agree-installment-plan' } & AgreeInstallmentPlanInput)
  | ({ readonly type: 'record-promise' } & RecordPromiseInput)
  | ({ readonly type: 'amend-claim-facts' } & AmendClaimFactsInput)
  | ({ readonly type: 'correct-claim-facts' } & CorrectClaimFactsInput);

/** The `type` names of {@link ClaimCommand}. */
export type ClaimCommandType = ClaimCommand['type'];

/** What a command decider needs beyond the claim: its policy, plus what `decide` may know. */
export interface CommandContext extends DecideContext {
  /** The claim's policy (for the facts of the calendar the command sees first, and the policy tag). */
  readonly policy: Policy;
}

/** What {@link decideCommand} answers when it does not refuse. */
export interface CommandDecision {
  /** The events to append, in order (empty when `alreadyRecorded` is set). */
  readonly events: readonly ClaimEvent[];
  /**
   * For a payment whose `paymentId` (a reversal whose `reversalId`) is already on the ledger: that
   * event; for facts to add that the claim has already, with the same values: the events that
   * recorded them. Nothing new is recorded.
   */
  readonly alreadyRecorded?: readonly ClaimEvent[];
}

const moneyTypes: ReadonlySet<ClaimEvent['type']> = new Set(['payment-received', 'fee-charged', 'fee-reduced', 'fee-reinstated', 'adjustment']);

/** The latest-dated money event of a claim (payment, fee, fee reduction or reinstatement, adjustment), or null. */
function lastMoneyEvent(state: ClaimState): ClaimEvent | null {
  let last: ClaimEvent | null = null;
  for (const e of state.events) if (moneyTypes.has(e.type) && (last === null || e.date > last.date)) last = e;
  return last;
}

/**
 * The date of {@link lastMoneyEvent} (`''`, before every day, when there is none), read from the
 * state's lists of payments, fees, fee reductions and reinstatements and adjustments — the events of `moneyTypes`.
 */
function lastMoneyDate(state: ClaimState): IsoDate {
  let last = '';
  for (const list of [state.payments, state.fees, state.feeReductions, state.feeReinstatements, state.adjustments] as const) {
    for (const e of list) if (e.date > last) last = e.date;
  }
  return last;
}

/**
 * The one rule that a day a host command takes may not be after the clock's today: `today` is the
 * clock's `today()` (the business date in the clock's time zone), so a day is compared with the
 * creditor's calendar, not with UTC's. Every command's `date` (and a plan's `costNoticeGivenOn`)
 * goes through it, and so do `runDue(date)` and `dispatch(date)`: a run for a later day would book
 * default, fees and letters dated in the future.
 *
 * @internal
 * @param date - the day given
 * @param today - the clock's today
 * @param field - the input field, for the error
 * @throws ValidationError naming the field when `date` is after `today`
 */
export function notAfterToday(date: IsoDate, today: IsoDate, field: string): void {
  if (date > today) throw new ValidationError(`${field}: ${date} is after today (${today}); record what has happened, not what will.`, { field });
}

/**
 * What is asked of a business day under {@link checkRunDay}: `run` decides the claims due on it
 * (`runDue`, the runner's daily run, `mahnwerk run`); `dispatch` sends the outbox dated it (the
 * facade's `dispatch`, the runner's dispatcher). The rule is the same; the words of a refusal say
 * what was asked.
 */
export type RunDayUse = 'run' | 'dispatch';

/**
 * The one rule of which business day a daily run — or a dispatch of the outbox — may be dated,
 * asked before anything is leased, decided or written: not after the clock's `today` (the rule of
 * every host call that takes a day, which also refuses a payment dated in the future), and not
 * before the last day the store records as run (its `lastRunDay`, when it has one). The run of that
 * later day decided every claim due up to it, so a run of an earlier day would find nothing due and
 * answer an empty run, as if nothing were; and a dispatch dated an earlier day would date its
 * `message-sent` and attempt events before decisions already taken — a backdated audit trail. The
 * same day again (and, for a dispatch, any later day up to today) is allowed: a second run (or a
 * second worker) decides only what is still due. Only a run records its day (`recordRunDay`); a
 * dispatch never does. The facade's `runDue` and `dispatch`, the runner's `runDailyRun` and
 * `runDispatcher`, and `mahnwerk run` (once, before its workers start) all ask it.
 *
 * @param store - the claim store; a store without `lastRunDay` refuses no earlier day
 * @param day - the day to run or dispatch (a calendar day, already parsed)
 * @param today - the clock's `today()`
 * @param use - what is asked of the day, for the refusal's words (default `run`)
 * @throws ValidationError (field `date`) when `day` is after `today`
 * @throws RunDayBeforeLastRunError (field `date`) when `day` is before the store's last run day
 */
export async function checkRunDay(store: Pick<ClaimStore, 'lastRunDay'>, day: IsoDate, today: IsoDate, use: RunDayUse = 'run'): Promise<void> {
  notAfterToday(day, today, 'date');
  const last = store.lastRunDay === undefined ? null : await store.lastRunDay();
  if (last !== null && day < last) {
    const later = last < today ? ` or a later day up to today (${today})` : '';
    const message =
      use === 'run'
        ? `the claims due by then were decided as of ${last}, so a run of ${day} would decide nothing. ` +
          `Run ${last} again (it decides only what is still due)${later}; record what happened on ${day} (a payment, a promise) with its own date.`
        : `decisions dated ${last} are recorded, so messages sent by a dispatch dated ${day} would stand in the audit trail before them. ` +
          `Dispatch with ${last}${later}: a dispatch is dated the day it sends, not the day its messages were decided.`;
    throw new RunDayBeforeLastRunError(`date: ${day} is before ${last}, the last day run: ${message}`, { field: 'date', date: day, lastRunDay: last });
  }
}

function reason(rule: string, text: string, basis?: string): Reason {
  return basis === undefined ? { rule, text } : { rule, basis, text };
}

/**
 * The `claim-created` event of a new claim (the decider of the create command; the claim has no
 * state yet). The facts must have passed the `claimFacts` schema; the principal is written with the
 * currency's minor-unit digits.
 *
 * @param facts - the claim's facts, validated
 * @param today - the business day the claim is recorded
 * @param policy - the claim's policy (its tag goes on the event)
 * @returns the event
 */
export function decideCreateClaim(facts: ClaimFacts, today: IsoDate, policy: Pick<Policy, 'id' | 'version'>): ClaimEvent {
  const normalised: ClaimFacts = { ...facts, principal: amountStringOfText(facts.principal, facts.currency) };
  return {
    type: 'claim-created',
    claimId: normalised.id,
    date: today,
    claim: normalised,
    reason: reason('command.create-claim', `Claim ${normalised.id} over ${normalised.principal} ${normalised.currency}, due ${normalised.dueDate}.`),
    policy: policyTag(policy),
  };
}

/**
 * The amount a debtor pays who "pays in full" on `date`: the claim's total as of the end of the day
 * before (§ 367 BGB allocates against it; on the invoice day nothing has accrued, so the total of
 * that day), less the simple-case reduction of collection costs such a payment brings about
 * (`amountToSettle`). Zero or less when nothing is owed.
 *
 * @param state - the claim's state (with the facts of the calendar up to the day before recorded)
 * @param date - the payment day
 * @param context - statement options and holiday state
 */
export function amountDueInFull(state: ClaimState, date: IsoDate, context: DecideContext & { readonly policy?: Pick<Policy, 'letterDeliveryDays'> } = {}): Money {
  const due = dueInFull(state, date, context);
  return due.lowered ?? due.figures.total;
}

/**
 * {@link amountDueInFull} as the amount text of a `record-payment` command (what `toAmountString`
 * writes of it), or `null` when nothing is owed: for a driver that books "pay in full" as a command.
 * The total is written from the figures' integers, and is made Money only when a simple-case
 * reduction could lower it.
 *
 * @internal
 * @param state - the claim's state (with the facts of the calendar up to the day before recorded)
 * @param date - the payment day
 * @param context - statement options and holiday state
 */
export function amountTextDueInFull(state: ClaimState, date: IsoDate, context: DecideContext & { readonly policy?: Pick<Policy, 'letterDeliveryDays'> } = {}): string | null {
  const { figures, lowered } = dueInFull(state, date, context);
  if (lowered !== null) return toAmountString(lowered); // amountToSettle answers a lowered amount only when it is above zero
  return figures.totalScaled > 0n ? figures.totalAmountString : null;
}

/**
 * The one computation behind {@link amountDueInFull}: the statement figures as of the end of the day
 * before (the total), and what `amountToSettle` answers when it is not that total (`null` when it
 * is: nothing owed, or no simple-case reduction possible on `date`).
 */
function dueInFull(state: ClaimState, date: IsoDate, context: DecideContext & { readonly policy?: Pick<Policy, 'letterDeliveryDays'> }): { figures: StatementFigures; lowered: Money | null } {
  const stOpts = context.statement ?? {};
  const figures = statementFigures(state, date > state.facts.invoiceDate ? addDays(date, -1) : date, stOpts);
  if (figures.totalScaled <= 0n) return { figures, lowered: null };
  const options = feeCorrectionOptions(context);
  if (!simpleCaseMayApply(state, date, options)) return { figures, lowered: null };
  const total = figures.total;
  const settle = amountToSettle(state, date, total, options);
  return { figures, lowered: settle === total ? null : settle };
}

const noStatementOptions: StatementOptions = Object.freeze({});

/** The fee-correction options of a command's context: statement options, holiday state, the policy's letter delivery days. */
function feeCorrectionOptions(context: DecideContext & { readonly policy?: Pick<Policy, 'letterDeliveryDays'> }): FeeCorrectionOptions {
  return {
    // One shared empty object when there are none: the fee corrections remember their last answer per options object.
    statement: context.statement ?? noStatementOptions,
    ...(context.state === undefined ? {} : { state: context.state }),
    ...(context.policy === undefined ? {} : { letterDeliveryDays: context.policy.letterDeliveryDays }),
  };
}

/**
 * The facts of the calendar a command dated `date` sees first: those up to the end of the day
 * before (`decideFacts`) — default that began, holds that ran out, installments missed. So a
 * payment is allocated against interest that accrued (§ 367 BGB) even when no daily run has looked
 * at the claim since default began. Returns the events and the state with them folded in.
 *
 * @param state - the claim's state
 * @param date - the command's day
 * @param context - the policy and what `decide` may know
 */
export function factsBefore(state: ClaimState, date: IsoDate, context: CommandContext): { events: ClaimEvent[]; state: ClaimState } {
  // A driver that reads the claim before it books a command (simulate's "pay in full") asks twice in
  // a row for the same state and day: the last answer is remembered (states are immutable).
  const known = lastFactsBefore;
  if (known !== undefined && known.state === state && known.date === date && known.policy === context.policy && known.holidays === context.state && known.statement === context.statement) {
    return { events: [...known.events], state: known.next };
  }
  const { events, state: next } = decideFactsAndState(state, context.policy, addDays(date, -1), context);
  lastFactsBefore = { state, date, policy: context.policy, holidays: context.state, statement: context.statement, events, next };
  return { events: [...events], state: next };
}

let lastFactsBefore:
  | {
      readonly state: ClaimState;
      readonly date: IsoDate;
      readonly policy: Policy;
      readonly holidays: CommandContext['state'];
      readonly statement: CommandContext['statement'];
      readonly events: readonly ClaimEvent[];
      readonly next: ClaimState;
    }
  | undefined;

/**
 * The installments of a plan agreed or proposed on `date`, as the event records them: none due before
 * that day (a ValidationError naming the installment, `<field>[i].dueDate`), each amount read in the
 * claim's currency and written with its minor-unit digits.
 */
function installmentsOf(installments: readonly Installment[], date: IsoDate, currency: string, field: string, day: string, after: string): Installment[] {
  installments.forEach((inst, i) => {
    if (inst.dueDate < date) {
      throw new ValidationError(`${field}[${i}].dueDate: ${inst.dueDate} is before ${day} (${date}); installments fall due after ${after}.`, { field: `${field}[${i}].dueDate` });
    }
  });
  return installments.map((inst, i) => ({ dueDate: inst.dueDate, amount: toAmountString(parseMoney(inst.amount, { currency, field: `${field}[${i}].amount` })) }));
}

/** A hold's proposal as `hold-placed.proposal` records it: its installments as a plan's ({@link installmentsOf}), the cost notice not after the hold's day. */
function proposalOf(proposal: PlanProposal, date: IsoDate, currency: string): PlanProposal {
  const installments = installmentsOf(proposal.installments, date, currency, 'proposal.installments', 'the proposal', 'it is made');
  const notice = proposal.costNoticeGivenOn;
  if (notice !== undefined && notice > date) {
    throw new ValidationError(`proposal.costNoticeGivenOn: ${notice} is after the proposal (${date}); the § 13a Abs. 3 RDG cost notice is shown before the debtor proposes — give the day it was shown.`, {
      field: 'proposal.costNoticeGivenOn',
    });
  }
  return notice === undefined ? { installments } : { installments, costNoticeGivenOn: notice };
}

/**
 * Decides a command on a claim: pure, from the claim's state, the command and the business day to
 * the events it records — or a refusal, thrown as a typed `MahnwerkError` (a `ValidationError`
 * naming the field). The Decider of every command but create ({@link decideCreateClaim}); the host
 * API and `simulate` both call it, so a simulation books exactly what production books.
 *
 * Every command is dated `command.date` (default `today`): never after `today`, never before the
 * invoice date, and never before the last money event on the ledger (payment, fee, fee reduction,
 * adjustment) — backdating behind money already allocated or charged is refused, not recomputed:
 * a payment's § 367 allocation, the interest a hold without interest stops, the case of collection
 * costs were all computed on the ledger as it stood, and a command dated before them would make
 * those figures wrong (e.g. negative interest). Same-day commands are fine. It first records
 * the facts of the calendar up to the day before its date ({@link factsBefore}), then:
 * - `record-payment`: a `paymentId` already on the ledger answers `alreadyRecorded`; otherwise the
 *   payment is booked with `bookIncomingPayment` (simple-case reduction of collection costs first,
 *   then the § 367 BGB allocation against the end of the day before). Not before the invoice date.
 * - `reverse-payment`: a `reversalId` already on the ledger answers `alreadyRecorded`; otherwise
 *   `bookPaymentReversal` (a refund or chargeback of a recorded payment, `reverseIncomingPayment`,
 *   then the fees a reduction had dropped or lowered for that payment put back; `payment_not_found`,
 *   retryable, when the payment is not recorded yet). Dated its value date; a reversal value-dated
 *   before `today` records `today` as the day it was booked (`bookedOn`).
 * - `record-adjustment`: a credit note or write-down of the principal, booked with `bookAdjustment`:
 *   at most the principal open (`AdjustmentExceedsPrincipalError` for more, naming it).
 * - `open-dispute` / `resolve-dispute`: a new dispute id (or the given one, unused); resolving needs
 *   an open dispute and is not dated before it was opened.
 * - `place-hold` / `lift-hold`: `until` not before the day placed; a `proposal`'s installments
 *   checked as a plan's, its cost notice not after the day; lifting needs a hold not lifted
 *   and is not dated before it was placed.
 * - `agree-installment-plan`: installments not due before the agreement; a given `planId` not used
 *   by an earlier plan; with a collection agency, a private person must have had the § 13a Abs. 3
 *   RDG cost notice on or before the day (`costNoticeGivenOn`, else `CostNoticeRequiredError`), and
 *   the Einigungsgebühr is charged after the plan (`installmentAgreementEvents`).
 * - `record-promise`: `by` not before the promise.
 * - `amend-claim-facts`: dated today; adds `description` and/or `contractDate` where the claim
 *   lacks them (`decideFactsAmendment`).
 * - `correct-claim-facts`: dated today; replaces a `description` and/or `contractDate` the claim
 *   has, with the reason (`decideFactsCorrection`).
 *
 * Ids a command does not give are derived from the claim, the kind, the date and a counter
 * (`scopedId`), so the same ledger gives the same ids in both drivers.
 *
 * @param state - the claim's state
 * @param command - the command (its fields as the command schemas accept them)
 * @param today - the business day
 * @param context - the claim's policy, holiday state and statement options
 * @returns the events to append
 * @throws ValidationError naming the field when the command does not fit the claim
 */
export function decideCommand(state: ClaimState, command: ClaimCommand, today: IsoDate, context: CommandContext): CommandDecision {
  const date = ('date' in command ? command.date : undefined) ?? today;
  notAfterToday(date, today, 'date');
  const claimId = state.facts.id;
  const currency = state.facts.currency;
  const stOpts = context.statement ?? {};
  if (date < state.facts.invoiceDate) {
    throw new ValidationError(
      `date: ${date} is before the invoice date ${state.facts.invoiceDate} of claim "${claimId}"; nothing happens to a claim before it arose — give the day it happened.`,
      { field: 'date' },
    );
  }
  if (command.type === 'record-payment') {
    if (command.paymentId !== undefined) {
      const known = state.payments.find((x) => x.paymentId === command.paymentId);
      if (known !== undefined) return { events: [], alreadyRecorded: [known] };
    }
  }
  if (command.type === 'reverse-payment') {
    const known = state.reversals.find((x) => x.reversalId === command.reversalId);
    if (known !== undefined) return { events: [], alreadyRecorded: [known] };
  }
  // The latest money day from the state's lists of money events (shorter than its events); the
  // event itself is looked up only to name it when the command is refused.
  const lastMoney = date < lastMoneyDate(state) ? lastMoneyEvent(state) : null;
  if (lastMoney !== null && date < lastMoney.date) {
    throw new ValidationError(
      `date: ${date} is before the ${lastMoney.type} of ${lastMoney.date} on claim "${claimId}"; a command may not be dated before the last money event ` +
        '(payment, fee, fee reduction, adjustment), whose allocation or amount it would change. Record it with a date on or after that day.',
      { field: 'date' },
    );
  }
  const before = factsBefore(state, date, context);
  const s = before.state;
  const own = (events: readonly ClaimEvent[]): CommandDecision => ({ events: [...before.events, ...events] });
  const freeId = (kind: string): string => nextFreeId(idsUsedBy(s.events), (n) => scopedId(claimId, kind, date, n));

  switch (command.type) {
    case 'record-payment': {
      const paymentId = command.paymentId ?? freeId('payment');
      const amount = parseMoney(command.amount, { currency, field: 'amount' });
      // Collection costs lowered to the simple-case fee first, where this payment settles the claim
      // within two weeks of the agency's first demand (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG), then § 367 BGB.
      return own(bookIncomingPayment(s, { paymentId, amount, date }, feeCorrectionOptions(context)));
    }
    case 'reverse-payment': {
      // A refund or chargeback undoes the payment's allocation from its tail and reopens a settled claim.
      const amount = parseMoney(command.amount, { currency, field: 'amount' });
      // A fee dropped or lowered because that payment settled the claim is put back (bookPaymentReversal).
      // Booked today: a reversal value-dated back keeps today as its booking day (bookedOn), the day the
      // engine learns of it — an installment it leaves unpaid is not recorded missed before (installmentCheck).
      return own(bookPaymentReversal(s, { reversalId: command.reversalId, paymentId: command.paymentId, kind: command.kind, amount, date, bookedOn: today }));
    }
    case 'record-adjustment': {
      // At most the principal open (bookAdjustment refuses more with AdjustmentExceedsPrincipalError).
      const amount = parseMoney(command.amount, { currency, field: 'amount' });
      return own([bookAdjustment(s, { kind: command.kind, amount, date, ...(command.note === undefined ? {} : { note: command.note }) })]);
    }
    case 'open-dispute': {
      if (command.disputeId !== undefined && s.disputes.some((d) => d.disputeId === command.disputeId)) {
        throw new ValidationError(`disputeId: dispute "${command.disputeId}" was opened before; give a new dispute a new id.`, { field: 'disputeId' });
      }
      const disputeId = command.disputeId ?? freeId('dispute');
      return own([
        {
          type: 'dispute-opened',
          claimId,
          date,
          disputeId,
          ...(command.note === undefined ? {} : { note: command.note }),
          reason: reason('command.open-dispute', 'The debtor disputes the claim; escalation stops until the dispute is resolved.'),
        },
      ]);
    }
    case 'resolve-dispute': {
      const dispute = s.disputes.find((d) => d.disputeId === command.disputeId);
      if (dispute === undefined || dispute.resolvedOn !== undefined) {
        throw new ValidationError(
          `disputeId: ${dispute === undefined ? `no dispute "${command.disputeId}" was opened` : `dispute "${command.disputeId}" was already resolved on ${dispute.resolvedOn}`} on claim "${claimId}".`,
          { field: 'disputeId' },
        );
      }
      if (date < dispute.openedOn) {
        throw new ValidationError(`date: ${date} is before dispute "${command.disputeId}" was opened (${dispute.openedOn}); a dispute is resolved on or after the day it was raised.`, {
          field: 'date',
        });
      }
      return own([
        {
          type: 'dispute-resolved',
          claimId,
          date,
          disputeId: command.disputeId,
          outcome: command.outcome,
          ...(command.note === undefined ? {} : { note: command.note }),
          reason: reason('command.resolve-dispute', `Dispute ${command.disputeId} resolved (${command.outcome}).`),
        },
      ]);
    }
    case 'place-hold': {
      if (command.until !== undefined && command.until < date) {
        throw new ValidationError(`until: ${command.until} is before the day the hold is placed (${date}); give the last day of the hold.`, { field: 'until' });
      }
      if (command.holdId !== undefined && s.holds.some((h) => h.holdId === command.holdId)) {
        throw new ValidationError(`holdId: hold "${command.holdId}" was placed before; give a new hold a new id.`, { field: 'holdId' });
      }
      const proposal = command.proposal === undefined ? undefined : proposalOf(command.proposal, date, currency);
      const holdId = command.holdId ?? freeId('hold');
      return own([
        {
          type: 'hold-placed',
          claimId,
          date,
          holdId,
          note: command.note,
          ...(command.until === undefined ? {} : { until: command.until }),
          interestRuns: command.interestRuns,
          ...(proposal === undefined ? {} : { proposal }),
          reason: reason('command.place-hold', `Hold placed${command.until === undefined ? '' : ` until ${command.until}`}: ${command.note}`),
        },
      ]);
    }
    case 'lift-hold': {
      const hold = s.holds.find((h) => h.holdId === command.holdId);
      if (hold === undefined || hold.liftedOn !== undefined) {
        throw new ValidationError(
          `holdId: ${hold === undefined ? `no hold "${command.holdId}" was placed` : `hold "${command.holdId}" was already lifted on ${hold.liftedOn}`} on claim "${claimId}".`,
          { field: 'holdId' },
        );
      }
      if (date < hold.placedOn) {
        throw new ValidationError(`date: ${date} is before hold "${command.holdId}" was placed (${hold.placedOn}); a hold is lifted on or after the day it was placed.`, { field: 'date' });
      }
      return own([{ type: 'hold-lifted', claimId, date, holdId: command.holdId, expired: false, reason: reason('command.lift-hold', `Hold ${command.holdId} lifted.`) }]);
    }
    case 'agree-installment-plan': {
      const installments = installmentsOf(command.installments, date, currency, 'installments', 'the agreement', 'the plan is agreed');
      if (command.planId !== undefined && s.events.some((e) => e.type === 'installment-plan-agreed' && e.planId === command.planId)) {
        throw new ValidationError(`planId: installment plan "${command.planId}" was agreed before on claim "${claimId}"; give a new plan a new id.`, { field: 'planId' });
      }
      if (command.costNoticeGivenOn !== undefined) notAfterToday(command.costNoticeGivenOn, today, 'costNoticeGivenOn');
      // § 13a Abs. 3 RDG: refused without the cost notice before it; the Einigungsgebühr when a collection agency concludes it.
      const agreementFee = installmentAgreementEvents(s, date, command.costNoticeGivenOn);
      const planId = command.planId ?? freeId('plan');
      return own([
        {
          type: 'installment-plan-agreed',
          claimId,
          date,
          planId,
          installments,
          ...(command.costNoticeGivenOn === undefined ? {} : { costNoticeGivenOn: command.costNoticeGivenOn }),
          reason: reason('command.agree-installment-plan', `Installment plan of ${installments.length} installment(s) agreed.`, '§ 311 Abs. 1 BGB; § 212 Abs. 1 Nr. 1 BGB'),
        },
        ...agreementFee,
      ]);
    }
    case 'amend-claim-facts': {
      const amended = decideFactsAmendment(s, command, date);
      if (amended.length > 0) return own(amended);
      // Every fact given is on the claim already, with the same value: the events that recorded them.
      const recorded = state.events.filter((e) => {
        const facts = e.type === 'claim-created' ? e.claim : e.type === 'claim-facts-amended' ? e.facts : null;
        return facts !== null && ((command.description !== undefined && facts.description === command.description) || (command.contractDate !== undefined && facts.contractDate === command.contractDate));
      });
      return { events: [], alreadyRecorded: recorded };
    }
    case 'correct-claim-facts':
      return own(decideFactsCorrection(s, command, date));
    case 'record-promise': {
      if (command.by < date) throw new ValidationError(`by: ${command.by} is before the promise was made (${date}).`, { field: 'by' });
      const amount = toAmountString(parseMoney(command.amount, { currency, field: 'amount' }));
      return own([
        {
          type: 'promise-to-pay',
          claimId,
          date,
          amount,
          by: command.by,
          reason: reason('command.record-promise', `The debtor promised to pay ${amount} by ${command.by}.`, '§ 212 Abs. 1 Nr. 1 BGB'),
        },
      ]);
    }
  }
}

/**
 * The events that add facts to a claim (`amend-claim-facts`): one `claim-facts-amended` with the
 * facts the claim lacks, or none when it has every fact given with the same value already. The
 * rules:
 * - a fact is added, never changed: one the claim has with another value is refused with
 *   {@link FactAlreadySetError} naming the field — letters already sent (the agency's first letter
 *   to a consumer names both, § 13a Abs. 1 Nr. 2 RDG) and the audit trail rest on it, and a
 *   different contract or subject is a different claim, not a correction;
 * - `contractDate` is checked against the invoice date as at creation (not after it);
 * - once default has begun, a `contractDate` that changes how the amounts are worked out
 *   (`amountTermsChange`: for a business debtor which § 288 BGB governs the claim, Art. 229 § 34
 *   EGBGB — 8 or 9 points, flat fee or none) is refused: interest has run, and fees were charged,
 *   under the law as it stood. A consumer's margin (5 points, § 288 Abs. 1 BGB) and flat fee (none)
 *   do not depend on it. The same rule as for a correction ({@link decideFactsCorrection}).
 * So the amendment changes no amount, no date of default and nothing already sent; it lets a
 * hand-over that `guard.agency-handover-needs-claim-reason` blocked go ahead at the next review.
 *
 * @param state - the claim's state (with the facts of the calendar up to the day before recorded)
 * @param input - the facts to add, validated by the command's schema
 * @param date - the day of the amendment
 * @throws FactAlreadySetError naming `description` or `contractDate`
 * @throws ValidationError naming `contractDate` for a date after the invoice date or one that changes the applicable law
 * @internal
 */
export function decideFactsAmendment(state: ClaimState, input: AmendClaimFactsInput, date: IsoDate): ClaimEvent[] {
  const facts = state.facts;
  const claimId = facts.id;
  const added: { description?: string; contractDate?: IsoDate } = {};
  for (const field of ['description', 'contractDate'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const current = facts[field];
    if (current === undefined || (field === 'description' && current.trim() === '')) {
      added[field] = value;
    } else if (current !== value) {
      throw new FactAlreadySetError(
        `${field}: claim "${claimId}" has ${field} ${JSON.stringify(current)} already; a fact that is set is not changed (letters and the audit trail rest on it). ` +
          'Leave it out to add only what is missing; to correct one entered wrongly, give the right value and why to correctClaimFacts (CLI: mahnwerk amend --correct --reason TEXT).',
        { field, current },
      );
    }
  }
  if (added.contractDate !== undefined) {
    const problem = contractDateProblem(added.contractDate, facts.invoiceDate);
    if (problem !== null) throw new ValidationError(`contractDate: ${added.contractDate} ${problem}.`, { field: 'contractDate' });
    const change = amountsRestOn(state, facts, { ...facts, contractDate: added.contractDate });
    if (change !== null) {
      const before = applicableLaw(claimLegalTerms(facts));
      const after = applicableLaw(claimLegalTerms({ ...facts, contractDate: added.contractDate }));
      throw new ValidationError(
        `contractDate: ${added.contractDate} would put claim "${claimId}" under the ${after.version} § 288 BGB (Art. 229 § 34 ${after.via} EGBGB) instead of the ${before.version} one it was worked out under (${change}); ` +
          `default began on ${state.defaultBegan ?? ''} and interest and fees rest on that. A contract date that changes the applicable law is given when the claim is created.`,
        { field: 'contractDate' },
      );
    }
  }
  if (added.description === undefined && added.contractDate === undefined) return [];
  const said = [
    ...(added.description === undefined ? [] : [`description ${JSON.stringify(added.description)}`]),
    ...(added.contractDate === undefined ? [] : [`contract date ${added.contractDate}`]),
  ];
  return [
    {
      type: 'claim-facts-amended',
      claimId,
      date,
      facts: added,
      reason: reason('command.amend-claim-facts', `Facts added to claim ${claimId}: ${said.join(', ')}.`, '§ 13a Abs. 1 Nr. 2 RDG'),
    },
  ];
}

/**
 * What the amounts of a claim would change by if its facts were `after` instead of `before`
 * (`amountTermsChange`), when amounts already rest on them: once default has begun (default
 * interest runs from its first day under the margin of the facts, and the flat fee is charged under
 * them). `null` when nothing would change, or before default (nothing has been worked out yet: the
 * next statement and decision read the new facts). One rule for adding (`amend-claim-facts`) and
 * correcting (`correct-claim-facts`) a fact.
 */
function amountsRestOn(state: ClaimState, before: ClaimFacts, after: ClaimFacts): string | null {
  if (state.defaultBegan === null) return null;
  return amountTermsChange(before, after);
}

/**
 * The event that corrects facts of a claim (`correct-claim-facts`): one `claim-facts-corrected`
 * with the new values, the values they replace and the reason given. It never rewrites an event: it
 * is laid over the facts from its place in the ledger on, so later statements, letters and decisions
 * read the corrected facts, and what was sent before keeps the facts it was sent with. The rules, in
 * this order, each checked before anything is written:
 * - the fact must be set (a missing one is added with `amendClaimFacts`) and the new value must
 *   differ from it (`ValidationError` naming the field); `contractDate` not after the invoice date;
 * - `court-dunning`: once a court dunning application was filed (or a title obtained), no fact is
 *   corrected — the court's papers name the claim (§ 690 Abs. 1 Nr. 3 ZPO) and the court fee rests
 *   on them; that is corrected with the court;
 * - `handed-over`: once a private person's claim was handed over to a collection agency or a
 *   lawyer, its `description` and `contractDate` are not corrected — the first letter named the
 *   claim's reason with them (§ 13a Abs. 1 Nr. 2 RDG, § 43d Abs. 1 Nr. 2 BRAO), the hand-over was
 *   allowed and its collection costs charged because of them (`agencyHandoverBlock`), and whether
 *   those costs stand after a first demand with a wrong reason is a legal judgement, not a sum;
 * - `applicable-law`: once default has begun, a contract date that changes how the amounts are
 *   worked out ({@link amountsRestOn}: margin and flat fee, Art. 229 § 34 EGBGB) — the same rule as
 *   for adding one.
 * Refusals are {@link FactCorrectionRefusedError} naming the field and the rule. A settled,
 * written-off or time-barred claim is corrected like an open one (nothing is owed on the facts any
 * more; a reopened claim goes on with the right ones).
 *
 * @param state - the claim's state (with the facts of the calendar up to the day before recorded)
 * @param input - the corrections and the reason, validated by the command's schema
 * @param date - the day of the correction
 * @throws ValidationError naming the field for a fact not set, the same value, or a contract date after the invoice date
 * @throws FactCorrectionRefusedError naming the field, for a correction amounts or papers rest on
 * @internal
 */
export function decideFactsCorrection(state: ClaimState, input: CorrectClaimFactsInput, date: IsoDate): ClaimEvent[] {
  const facts = state.facts;
  const claimId = facts.id;
  const corrected: { description?: string; contractDate?: IsoDate } = {};
  const previous: { description?: string; contractDate?: IsoDate } = {};
  for (const field of ['description', 'contractDate'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const current = facts[field];
    if (current === undefined || current.trim() === '') {
      throw new ValidationError(
        `${field}: claim "${claimId}" has no ${field} to correct; add a missing fact with amendClaimFacts (CLI: mahnwerk amend without --correct).`,
        { field },
      );
    }
    if (current === value) {
      throw new ValidationError(`${field}: claim "${claimId}" has ${field} ${JSON.stringify(current)} already; a correction gives a different value (leave the field out to keep it).`, { field });
    }
    corrected[field] = value;
    previous[field] = current;
  }
  const fields = Object.keys(corrected) as ('description' | 'contractDate')[];
  const first = fields[0] as 'description' | 'contractDate';
  if (corrected.contractDate !== undefined) {
    const problem = contractDateProblem(corrected.contractDate, facts.invoiceDate);
    if (problem !== null) throw new ValidationError(`contractDate: ${corrected.contractDate} ${problem}.`, { field: 'contractDate' });
  }
  const court = state.titled ?? state.courtDunningFiled;
  if (court !== null) {
    throw new FactCorrectionRefusedError(
      `${first}: claim "${claimId}" is before the court since ${court.date} (${court.type}); the court's papers name the claim as filed (§ 690 Abs. 1 Nr. 3 ZPO) and the court fee rests on them. ` +
        'Correct the claim with the court (or withdraw the application); the ledger is not changed behind it.',
      { field: first, because: 'court-dunning' },
    );
  }
  const handedOver = state.handedOver;
  if (handedOver !== null) {
    const law = handoverNeedsClaimReason(facts, handedOver.to);
    if (law !== null) {
      throw new FactCorrectionRefusedError(
        `${first}: claim "${claimId}" was handed over to ${law.party} on ${handedOver.date}, whose first letter to the debtor named the claim's reason with ${fields.map((f) => `${f} ${JSON.stringify(previous[f])}`).join(' and ')} (${law.basis}); ` +
          'the hand-over and its collection costs rest on that letter, and whether they stand after a first demand with a wrong reason is for the creditor and ' +
          `${law.party.replace(/^a /, 'the ')} to decide, not a sum the engine can work out again. Have ${law.party.replace(/^a /, 'the ')} send the debtor the right reason and settle the costs with it; place a hold (placeHold) meanwhile if no further letter should go out.`,
        { field: first, because: 'handed-over' },
      );
    }
  }
  if (corrected.contractDate !== undefined) {
    const change = amountsRestOn(state, facts, { ...facts, ...corrected });
    if (change !== null) {
      throw new FactCorrectionRefusedError(
        `contractDate: correcting claim "${claimId}"'s contract date from ${facts.contractDate ?? ''} to ${corrected.contractDate} would change ${change}; ` +
          `default began on ${state.defaultBegan ?? ''} and the interest and fees on the claim were worked out under the law as it stood. The claim under the other law is another claim: ` +
          'write this one off with your bookkeeping and create the claim anew with the right contract date (createClaim, CLI: mahnwerk import).',
        { field: 'contractDate', because: 'applicable-law' },
      );
    }
  }
  const said = fields.map((f) => `${f === 'contractDate' ? 'contract date' : f} ${JSON.stringify(previous[f])} → ${JSON.stringify(corrected[f])}`);
  return [
    {
      type: 'claim-facts-corrected',
      claimId,
      date,
      facts: corrected,
      previous,
      correctionReason: input.reason,
      reason: reason('command.correct-claim-facts', `Facts of claim ${claimId} corrected: ${said.join(', ')}. Reason given: ${input.reason}`),
    },
  ];
}

/**
 * The fingerprint of a command, stored with its idempotency key (`AppendRequest.idempotencyFingerprint`):
 * `<command>:<SHA-256 of the canonical JSON of its validated input>`, e.g.
 * `record-payment:3f1c…`. The same command with the same content always has the same fingerprint;
 * a key reused for another command, another claim or other content is told apart by it.
 *
 * @param command - the command's name (`create-claim` or a {@link ClaimCommandType})
 * @param input - the validated input (the claim's facts, or the command's fields)
 */
export function commandFingerprint(command: 'create-claim' | 'record-delivery' | ClaimCommandType, input: unknown): string {
  return `${command}:${bytesToHex(sha256(utf8ToBytes(canonicalJson(input))))}`;
}

/**
 * Checks claim facts as `createClaim` does (the same zod schema), without a store: for hosts that
 * validate a whole batch before writing any of it (e.g. `mahnwerk import`).
 *
 * @param input - the claim facts as given
 * @returns the facts, parsed
 * @throws ValidationError naming the field (`facts.<field>`)
 */
export function parseClaimFacts(input: unknown): ClaimFacts {
  return validateInput(claimFactsSchema, input, 'facts') as ClaimFacts;
}
