import type { AuditEntry, AuditHasher, AuditVerification } from '../audit/audit.js';
import type { AuditAnchorWriter } from '../audit/anchor.js';
import type { DebtorErasure, DebtorExport } from './debtor-data.js';
import type { ClaimQueries } from './queries.js';
import type { IsoDate } from '../calendar/date.js';
import type { MahnwerkError } from '../errors/errors.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent } from '../ledger/events.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import type { StatementOptions } from '../ledger/statement.js';
import type { Money } from '../money/money.js';
import type { PolicySpec } from '../policy/builtin/index.js';
import type { Channel, DeliveryUpdate } from '../ports/channel.js';
import type { ClaimStore } from '../ports/claim-store.js';
import type { Clock } from '../ports/clock.js';
import type { PaymentProvider } from '../ports/payment-provider.js';
import type {
  AgreeInstallmentPlanInput,
  AmendClaimFactsInput,
  CorrectClaimFactsInput,
  ClaimFactsInput,
  CommandOptions,
  LiftHoldInput,
  OpenDisputeInput,
  PlaceHoldInput,
  RecordAdjustmentInput,
  RecordPaymentInput,
  RecordPromiseInput,
  ResolveDisputeInput,
  ReversePaymentInput,
} from './commands.js';
import type { BlockedReason } from './guards.js';
import type { Renderer } from './render.js';

/** Options of {@link createMahnwerk}. */
export interface MahnwerkOptions {
  /** Where claims, their ledgers and the outbox live. */
  readonly store: ClaimStore;
  /** The channels messages go out on, by their `name` (e.g. `email`, `letter`). */
  readonly channels?: readonly Channel[];
  /** A payment provider; when given, every message carries a payment link (idempotency key = message id). */
  readonly payments?: PaymentProvider;
  /** The policy: a policy, policy data, a built-in id, or `'auto'` (de-b2c-default / de-b2b-default by debtor kind). */
  readonly policy: PolicySpec;
  /** Where today comes from. */
  readonly clock: Clock;
  /**
   * Renders messages. `createEngineRenderer` of `@mahnwerk/templates` gives letterheads and HTML;
   * {@link createPlainTextRenderer} gives plain text signed with the creditor's name. Default
   * {@link renderPlainText} with no sender: its messages cannot say who is dunning and end with
   * "(Absender nicht angegeben)" — fine for tests, not for real debtors.
   */
  readonly render?: Renderer;
  /** Federal state whose public holidays count when a debtor has none (default: nationwide holidays only). */
  readonly state?: GermanState;
  /** Statement options (base-rate table, beyond-known base rates, day count, rounding). */
  readonly statement?: StatementOptions;
  /** Delivery attempts per channel before a message fails over to its fallback channel (default 3). */
  readonly maxAttempts?: number;
  /** Page size for due claims and the outbox (default 100). */
  readonly batchSize?: number;
  /**
   * How long one `send` may take before its outcome counts as unknown, in milliseconds (default
   * 30,000). An unknown outcome (it may have delivered) is retried on the same channel with the same
   * message id as idempotency key — never failed over to the fallback channel.
   */
  readonly sendTimeoutMs?: number;
  /** This dispatcher's name on its outbox leases (default `mahnwerk`); give each worker its own. */
  readonly workerId?: string;
  /**
   * The SHA-256 of the audit chain, used for every entry a command, the daily run or a delivery
   * appends and for `verify` (default `nobleSha256Hasher`, pure JavaScript). A host on Node.js
   * passes `nodeSha256Hasher` from `@mahnwerk/store-postgres` (also `@mahnwerk/cli/node-hasher`; node:crypto, several times faster; the runner uses it by default);
   * every hasher gives the same hashes, so a chain written with one verifies with any other.
   */
  readonly hasher?: AuditHasher;
  /**
   * The audit anchor outside the database (`createAuditAnchor`): after every append it signs and
   * exports the next checkpoint, so `verifyAnchoredStore` detects truncated, deleted and
   * rewritten-and-re-hashed entries. Without it the chain is anchored only on the store's own version.
   */
  readonly anchor?: AuditAnchorWriter;
  /**
   * Random bytes for the salts of personal data kept apart (default: the runtime's
   * `crypto.getRandomValues`, present in Node 20+ and browsers). Core reads no randomness itself.
   */
  readonly randomBytes?: (length: number) => Uint8Array;
}

/** The result of a command. */
export interface CommandResult {
  /** The claim. */
  readonly claimId: string;
  /** The claim's version after the command. */
  readonly version: number;
  /** The events the command recorded (for a replayed idempotency key: the events recorded the first time). */
  readonly events: readonly ClaimEvent[];
  /** True when the idempotency key (or payment id) was seen before and nothing was written. */
  readonly replayed: boolean;
}

/**
 * A dunning notice that reached the debtor written as if an earlier notice had reached them too
 * ("trotz unserer Mahnung …"), when a later report of non-delivery showed that earlier notice never
 * arrived (§ 130 Abs. 1 S. 1 BGB). The notice keeps its effect as a demand; the engine sends no
 * correction (docs/legal-notes.md, "A later notice built on a notice that never arrived").
 */
export interface UnfoundedReference {
  /** The notice's message (its id is the idempotency key it was sent with). */
  readonly messageId: string;
  /** Its stage. */
  readonly stage: string;
  /** The day it was sent (its `message-sent` that reached the debtor). */
  readonly sentOn: IsoDate;
}

/**
 * The result of `recordDelivery`: the command's result, and the notices a report of non-delivery
 * left referring to a notice the debtor never got.
 */
export interface DeliveryResult extends CommandResult {
  /**
   * Notices that reached the debtor and referred to the reported message as received — a bounce or a
   * failure report on the only earlier notice that had (or may have) reached the debtor — in the order
   * of the claim's messages; empty for every other report (delivered, opened, opted out, a report on a
   * notice no later notice referred to, a report on a channel the message did not reach the debtor by).
   * The engine corrects nothing: such a notice was still a demand for payment and put the debtor in
   * default with its receipt (§ 286 Abs. 1 BGB). A host that wants to tell the debtor that the earlier
   * letter never reached them writes to them itself. A replay by idempotency key answers the same.
   */
  readonly unfoundedReferences: readonly UnfoundedReference[];
}

/**
 * The result of `recordPayment`: the command's result, and what the payment left unapplied.
 */
export interface PaymentResult extends CommandResult {
  /** The payment's id (the one given, or the one derived from claim and date). */
  readonly paymentId: string;
  /**
   * What the payment brought beyond what the claim owed on its day, as it was booked (its
   * `allocation.unapplied`; zero when all of it went to costs, interest and principal). Above zero
   * it is an overpayment: the creditor owes it back to the debtor (§ 812 Abs. 1 S. 1 BGB) — refund
   * it with `reversePayment({ kind: 'refund', paymentId, amount })` or set it off against another
   * claim of the debtor. `unappliedMoney()` lists every claim still holding such money.
   */
  readonly unapplied: Money;
}

/** A claim that could not be decided in a run, and why. */
export interface RunError {
  /** The claim. */
  readonly claimId: string;
  /** The error (a MahnwerkError with a code; e.g. `base_rate_unknown`). */
  readonly error: MahnwerkError;
}

/**
 * A message given up on in a delivery run (counted in `failed`): it could not be written or sent on
 * any of its channels, and nothing was handed over.
 */
export interface MessageFailure {
  /** The claim. */
  readonly claimId: string;
  /** The outbox id of the message. */
  readonly messageId: string;
  /** The message's template, e.g. `handover-inkasso`. */
  readonly template: string;
  /**
   * Why, channel by channel in the order tried, e.g. `letter: The first demand of a collection
   * agency to a private person must contain …` (the `message-failed` error or the
   * `message-skipped` detail).
   */
  readonly error: string;
}

/**
 * A message delivered in a delivery run on another channel than its own (counted in `sent`, not in
 * `failed`): its channel failed for good, skipped it or bounced, and its fallback took it — e.g. a
 * Mahnung meant as a letter that went out as an e-mail because the letter channel threw a
 * non-retryable error. The debtor was reached, but not as the policy asked; many of them in one run
 * mean a channel is broken. The `message-failed` (`message-skipped`, `message-bounced`) events
 * record the same.
 */
export interface MessageFallback {
  /** The claim. */
  readonly claimId: string;
  /** The outbox id of the message. */
  readonly messageId: string;
  /** The message's template, e.g. `dunning-notice`. */
  readonly template: string;
  /** The message's own channel, the one the policy asked for (e.g. `letter`). */
  readonly channel: string;
  /** The channel it went out on (e.g. `email`). */
  readonly sentOn: string;
  /**
   * Why not on its own channel, channel by channel in the order tried, as in
   * {@link MessageFailure.error} (e.g. `letter: print service refused the PDF`).
   */
  readonly error: string;
}

/** What a delivery run did. */
export interface DispatchResult {
  /** Messages delivered. */
  readonly sent: number;
  /** Messages given up on (on all their channels). */
  readonly failed: number;
  /** The messages counted in `failed`, each with its id and why it failed. */
  readonly failures: readonly MessageFailure[];
  /** The messages counted in `sent` that went out on a fallback channel, each with why not on its own. */
  readonly fallbacks: readonly MessageFallback[];
  /** Messages left pending for another try (retryable failures, quiet hours, Sundays, holds). */
  readonly deferred: number;
  /** Events recorded (`message-sent`, `message-failed`). */
  readonly events: readonly ClaimEvent[];
  /** Messages whose delivery broke off with an error (left for a later dispatch; the run went on). */
  readonly errors: readonly { readonly messageId: string; readonly error: string }[];
}

/** A step a guard blocked in a run. */
export interface BlockedStep {
  /** The claim. */
  readonly claimId: string;
  /** What was blocked and why. */
  readonly reason: BlockedReason;
}

/** What a daily run did. */
export interface RunDueResult {
  /** The business day of the run. */
  readonly date: IsoDate;
  /** Claims decided. */
  readonly decided: number;
  /** Every event recorded in the run (decisions and deliveries), claim by claim. */
  readonly events: readonly ClaimEvent[];
  /** Messages delivered. */
  readonly sent: number;
  /** Messages given up on. */
  readonly failed: number;
  /**
   * The messages counted in `failed`, each with its claim, id, template and why (e.g. a renderer
   * that refused the letter). Not in `errors`, which lists claims that could not be decided.
   */
  readonly failures: readonly MessageFailure[];
  /**
   * The messages counted in `sent` that went out on a fallback channel because their own channel
   * failed for good, skipped them or bounced (e.g. a letter channel that threw a non-retryable error,
   * the Mahnung sent by e-mail): each with its claim, id, template, both channels and why. Not in
   * `failures`: the debtor was reached. Watch it as `failures`: a channel that is down turns every
   * message of it into one of these.
   */
  readonly fallbacks: readonly MessageFallback[];
  /**
   * What guards and stage conditions blocked, by claim. A claim below a stage's minimum
   * (`stage.below-minimum`; the built-in policies: 10 EUR open, from the final notice on) is listed on the day
   * its stage is due and not escalated: it stays open until a payment, default interest bringing it
   * to the minimum (the reason's `until`), or the creditor — who settles, writes it off or asks for
   * it — moves it.
   */
  readonly blocked: readonly BlockedStep[];
  /** Claims that could not be decided (the run goes on with the others). */
  readonly errors: readonly RunError[];
}

/** The host API: commands, the daily run, statements and the audit trail. */
export interface Mahnwerk extends ClaimQueries {
  /** Creates a claim (validated; `claim_exists` if the id is taken). */
  createClaim(facts: ClaimFactsInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records a payment, applied by § 367 BGB (costs, interest, principal). A known `paymentId` is not
   * recorded twice (the result is the first booking, `replayed: true`). The result says what the
   * payment left `unapplied`: an overpayment the creditor owes back (see {@link PaymentResult}).
   */
  recordPayment(input: RecordPaymentInput, options?: CommandOptions): Promise<PaymentResult>;
  /**
   * Records a refund or chargeback of a recorded payment: its allocation is undone from the tail
   * (unapplied, principal, interest, costs) and a settled claim is reopened. A known `reversalId` is
   * not recorded twice; an unknown payment is refused with `payment_not_found` (retryable).
   */
  reversePayment(input: ReversePaymentInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records a credit note (Gutschrift) or write-down (Teilerlass, § 397 Abs. 1 BGB) of the principal
   * (event `adjustment`, booked by `bookAdjustment`): the principal bears no default interest on the
   * amount from its day on. At most the principal open — on its day and on every later day a payment
   * already recorded leaves less on — else refused with `AdjustmentExceedsPrincipalError` (code
   * `adjustment_exceeds_principal`, naming `amount`, carrying `open` and `openOn`) and nothing is
   * written: what payments paid stays applied (§§ 362, 367 BGB); to give money back, record a refund
   * of the payment first (`reversePayment`, kind `refund`), which puts its principal part back open.
   */
  recordAdjustment(input: RecordAdjustmentInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records that the debtor disputes the claim; escalation stops. */
  openDispute(input: OpenDisputeInput, options?: CommandOptions): Promise<CommandResult>;
  /** Resolves an open dispute. */
  resolveDispute(input: ResolveDisputeInput, options?: CommandOptions): Promise<CommandResult>;
  /** Places a hold (Mahnstopp). */
  placeHold(input: PlaceHoldInput, options?: CommandOptions): Promise<CommandResult>;
  /** Lifts an active hold. */
  liftHold(input: LiftHoldInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records an agreed installment plan. */
  agreeInstallmentPlan(input: AgreeInstallmentPlanInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records a promise to pay `amount` by `by` (event `promise-to-pay`). The promise holds
   * escalation (`guard.no-escalation-during-promise`, `promiseHolds`): from its day through `by` +
   * the policy's `promiseGraceDays` (default 5; a `by` on a Saturday, Sunday or public holiday and the
   * end of the grace days are moved to the next business day, § 193 BGB) no new stage is entered — no fee, no hand-over, no
   * stage message. It is **no deferral** (Stundung): the claim stays due, the debtor stays in
   * default and default interest keeps running (§§ 286, 288 BGB). After the hold the claim is
   * settled if paid in full, else escalation resumes from its stage — a stage whose waiting time
   * passed during the hold is due on the first day after it, and its reason notes a broken promise.
   * A part payment does not extend the hold. A second promise while one holds extends it to its own
   * date (+ grace) once; a promise after a broken one holds nothing until a stage was entered since.
   * The promise also acknowledges the claim (§ 212 Abs. 1 Nr. 1 BGB: limitation starts anew).
   */
  recordPromise(input: RecordPromiseInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Adds facts a claim was created without — `description` (what it is for) and/or `contractDate`
   * (the day the contract was concluded) — as a `claim-facts-amended` event in its audit trail,
   * dated today. A consumer's claim needs both before it is handed over to a collection agency
   * (rule `guard.agency-handover-needs-claim-reason`, § 13a Abs. 1 Nr. 2 RDG): a hand-over the
   * guard blocked is taken up again by the next `runDue` (the claim is due on the day of the
   * amendment, as after every command).
   *
   * Each fact is checked as at creation (`createClaim`): a description of 1–500 characters, a
   * contract date written `YYYY-MM-DD` and not after the invoice date. A fact is added, never
   * changed: one the claim has with another value is refused with `FactAlreadySetError` (code
   * `fact_already_set`, naming the field) — letters sent and the audit trail rest on it; the same
   * value again records nothing (`replayed: true`). For a business debtor, a contract date that
   * changes which § 288 BGB applies (Art. 229 § 34 EGBGB) is refused (`invalid_input`). No amount,
   * date of default or message sent changes. `claim_not_found` for an unknown claim; nothing is
   * written when the input is refused.
   *
   * @param input - the claim and the facts to add
   * @param options - idempotency key
   */
  amendClaimFacts(input: AmendClaimFactsInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Corrects facts that were entered wrongly — a `description` or `contractDate` the claim has — as
   * a `claim-facts-corrected` event in its audit trail, dated today, with the old value, the new
   * value and the `reason` given (required, not blank). Nothing is rewritten: letters sent before
   * stay as they were (the ledger before the event gives the facts they were written with); every
   * later statement, letter and decision reads the corrected facts. Like every command it makes the
   * claim due on its day.
   *
   * Checked before anything is written: each fact as at creation; the claim must have the fact
   * (`amendClaimFacts` adds a missing one) and the new value must differ (`invalid_input`, naming
   * the field). Refused with `FactCorrectionRefusedError` (code `fact_correction_refused`, naming
   * the field, `because`) where a booked amount or an issued paper rests on the old value — no
   * amount is ever recomputed by a correction:
   * - `applicable-law`: once default has begun, a contract date that changes the default interest
   *   margin or the flat fee (§ 288 BGB, Art. 229 § 34 EGBGB) — the claim under the other law is
   *   created anew;
   * - `handed-over`: a consumer's claim handed over to a collection agency or a lawyer, whose first
   *   letter named the claim's reason with these facts (§ 13a Abs. 1 Nr. 2 RDG, § 43d Abs. 1 Nr. 2
   *   BRAO) and whose collection costs rest on it;
   * - `court-dunning`: a claim with a court dunning application or a title (§ 690 Abs. 1 Nr. 3 ZPO).
   * A settled, written-off or time-barred claim is corrected like an open one. `claim_not_found`
   * for an unknown claim. See docs/legal-notes.md.
   *
   * @param input - the claim, the right values and the reason
   * @param options - idempotency key
   */
  correctClaimFacts(input: CorrectClaimFactsInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records what a channel's provider reported about a sent message (delivered, bounced, failed,
   * opened, opted out) as an event on the claim. A bounce makes later messages skip that channel
   * for their fallback; an opt-out makes them skip it for good. The same report twice is recorded once.
   *
   * A bounce or a failure report on the channel of an attempt whose outcome was unknown says the
   * message did not reach the debtor there: its retries on that channel stop, and it goes out on its
   * fallback. That holds also after the message was given up on as one that may have gone: the notice
   * counts as not sent, its outbox message is put back (pending), the next `dispatch` sends the
   * fallback with its deadline counted from that day, and the next stage waits for it — unless the
   * claim has moved on to a later stage or closed meanwhile (docs/engine.md).
   */
  recordDelivery(update: DeliveryUpdate, options?: CommandOptions): Promise<DeliveryResult>;
  /**
   * Decides every due claim, stores the decisions with their outbox messages, then delivers the outbox.
   * Once the decisions are stored, the day is recorded as run (the store's `recordRunDay`, when it
   * has one); a later call for an earlier day is refused, the same day again is allowed
   * (`checkRunDay`, the one rule of which day may be run). The day is recorded before the delivery
   * and stays recorded when the delivery then fails (a channel throws, or the dispatch fails as a
   * whole and `runDue` rejects): the day's decisions are written, so a run of an earlier day would
   * decide again on stale dates. The messages the delivery did not send stay queued (pending) for
   * the next `dispatch` — dated the day run or later.
   *
   * @param date - the business day (default the clock's today); not after the clock's today, not
   *   before the last day run
   * @throws ValidationError (field `date`) when `date` is not a calendar day, or is after the clock's
   *   `today()` — the rule that refuses a payment dated in the future; nothing is decided or written
   * @throws RunDayBeforeLastRunError (field `date`) when `date` is before the last day the store
   *   records as run; nothing is decided or written
   */
  runDue(date?: IsoDate): Promise<RunDueResult>;
  /**
   * Delivers pending outbox messages (part of `runDue`; call it on its own to retry deliveries).
   * Its day goes through the rule of `runDue`'s day (`checkRunDay`) before anything is leased: not
   * after the clock's today, and not before the last day the store records as run — a dispatch dated
   * earlier would write `message-sent` and attempt events dated before decisions already taken. The
   * last day run and any later day up to today are fine; a dispatch records no run day (only runs do).
   *
   * @param date - the business day of the sends (default the clock's today); not after the clock's
   *   today, not before the last day run
   * @throws ValidationError (field `date`) when `date` is not a calendar day, or is after the clock's
   *   `today()`, as `runDue`; nothing is leased or written
   * @throws RunDayBeforeLastRunError (field `date`) when `date` is before the last day the store
   *   records as run; nothing is leased or written
   */
  dispatch(date?: IsoDate): Promise<DispatchResult>;
  /** The claim's statement as of the end of `date` (default today). */
  statement(claimId: string, date?: IsoDate): Promise<Statement>;
  /**
   * What a debtor pays who pays the claim in full on `date` (default today) — what a "pay now" link
   * for a payment booked that day should charge: the total as of the end of the day before (a
   * payment on `date` bears no interest for that day), less the reduction of collection costs such a
   * payment brings about in the simple case (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG). The same amount a
   * `record-payment` "in full" books. Zero or less when nothing is owed. `statement(claimId, date)`
   * is the total as of the end of `date`, one day's interest more.
   */
  amountDueInFull(claimId: string, date?: IsoDate): Promise<Money>;
  /** The claim's projected state. */
  claim(claimId: string): Promise<ClaimState>;
  /** The claim's ledger with audit hashes. */
  history(claimId: string): Promise<readonly AuditEntry<ClaimEvent>[]>;
  /** Verifies the claim's hash chain (anchored at its stored version). */
  verify(claimId: string): Promise<AuditVerification>;
  /**
   * Erases the debtor's personal data (name, e-mail, phone, address; GDPR Art. 17) from the store:
   * amounts, dates and the hash chain stay and verify (kept under Art. 17(3)(b)/(e): HGB § 257,
   * AO § 147); letters and statements show the name as "gelöscht"/"erased". Idempotent. See docs/gdpr.md.
   */
  eraseDebtor(debtorId: string): Promise<DebtorErasure>;
  /** Everything held about the debtor (GDPR Art. 15), as JSON data: personal data, entries with business date and `recordedAt`, messages. */
  exportDebtor(debtorId: string): Promise<DebtorExport>;
}
