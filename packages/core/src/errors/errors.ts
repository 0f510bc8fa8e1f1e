const marker = Symbol.for('mahnwerk.error');

/**
 * The stable error codes of mahnwerk. A code never changes meaning once released; hosts may
 * switch on it.
 */
export type MahnwerkErrorCode =
  | 'invalid_input'
  | 'invalid_money'
  | 'currency_mismatch'
  | 'invalid_date'
  | 'base_rate_unknown'
  | 'table_unknown'
  | 'factor_above_cap'
  | 'policy_invalid'
  | 'guard_violation'
  | 'claim_not_found'
  | 'claim_exists'
  | 'conflict'
  | 'idempotency_mismatch'
  | 'adapter_failed'
  | 'payment_not_found'
  | 'template_invalid'
  | 'cost_notice_required'
  | 'fact_already_set'
  | 'fact_correction_refused'
  | 'adjustment_exceeds_principal'
  | 'time_zone_unknown'
  | 'run_day_before_last_run';

/** Options common to every {@link MahnwerkError}. */
export interface MahnwerkErrorOptions {
  /** The input field or path the error is about, e.g. `principal` or `claims[3].dueDate`. */
  readonly field?: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
  /** Whether trying the same operation again may succeed (adapter failures). */
  readonly retryable?: boolean;
}

/**
 * Base class of every error mahnwerk throws on purpose. Recognise it across package copies with
 * {@link MahnwerkError.isInstance} rather than `instanceof`.
 */
export class MahnwerkError extends Error {
  /** Stable machine-readable code. */
  readonly code: MahnwerkErrorCode;
  /** The input field or path the error is about, if any. */
  readonly field: string | undefined;
  /** Whether a retry may succeed. */
  readonly retryable: boolean;
  private readonly [marker] = true;

  /**
   * @param code - the stable error code
   * @param message - what was wrong, where, and how to fix it
   * @param options - field, cause and retryability
   */
  constructor(code: MahnwerkErrorCode, message: string, options: MahnwerkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MahnwerkError';
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
  }

  /** True for any mahnwerk error, even one thrown by another copy of the package. */
  static isInstance(value: unknown): value is MahnwerkError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** Input that does not match its schema: a wrong type, a missing field, an impossible value. */
export class ValidationError extends MahnwerkError {
  /**
   * @param message - what was wrong and how to fix it
   * @param options - the field the error is about
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('invalid_input', message, options);
    this.name = 'ValidationError';
  }
}

/** An amount that is not a valid money value (NaN, Infinity, binary noise, too many decimals). */
export class MoneyError extends MahnwerkError {
  /**
   * @param message - what was wrong and how to fix it
   * @param options - the field the error is about
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('invalid_money', message, options);
    this.name = 'MoneyError';
  }
}

/** Two amounts in different currencies were combined. */
export class CurrencyMismatchError extends MahnwerkError {
  /**
   * @param message - which currencies met where
   * @param options - the field the error is about
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('currency_mismatch', message, options);
    this.name = 'CurrencyMismatchError';
  }
}

/** A date that is not a real calendar day in `YYYY-MM-DD` form, or a range that runs backwards. */
export class DateError extends MahnwerkError {
  /**
   * @param message - what was wrong and how to fix it
   * @param options - the field the error is about
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('invalid_date', message, options);
    this.name = 'DateError';
  }
}

/** A date beyond the legal data mahnwerk knows (e.g. a base rate not yet published). */
export class LegalDataError extends MahnwerkError {
  /**
   * @param code - `base_rate_unknown` or `table_unknown`
   * @param message - which date, which table, and how to supply the missing data
   * @param options - the field the error is about
   */
  constructor(code: 'base_rate_unknown' | 'table_unknown', message: string, options: MahnwerkErrorOptions = {}) {
    super(code, message, options);
    this.name = 'LegalDataError';
  }
}

/** A fee factor or amount above what the law allows for the case. */
export class FeeCapError extends MahnwerkError {
  /**
   * @param message - which factor, which cap, which rule
   * @param options - the field the error is about
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('factor_above_cap', message, options);
    this.name = 'FeeCapError';
  }
}

/** Options of a {@link PolicyError}: which rule of which stage was broken, and on what legal basis. */
export interface PolicyErrorOptions extends MahnwerkErrorOptions {
  /** Stable id of the broken rule, e.g. `guard.no-fee-before-default` or `policy.schema`. */
  readonly rule: string;
  /** Legal basis of the rule, e.g. `§ 288 Abs. 5 S. 1 BGB`, where there is one. */
  readonly basis?: string;
  /** Id of the offending stage, where the problem sits in one stage. */
  readonly stage?: string;
}

/**
 * A dunning policy that does not match the policy schema or that tries to switch off a legal
 * guard (a fee before default, a flat fee for a consumer, …). Code `policy_invalid`; it is a
 * {@link ValidationError}, so hosts that treat bad input alike may catch that.
 */
export class PolicyError extends ValidationError {
  /** Always `policy_invalid`. */
  override readonly code: 'policy_invalid' = 'policy_invalid';
  /** Stable id of the broken rule, e.g. `guard.no-flat-fee-for-consumers`. */
  readonly rule: string;
  /** Legal basis of the rule, if it has one. */
  readonly basis: string | undefined;
  /** Id of the offending stage, if the problem sits in one stage. */
  readonly stage: string | undefined;

  /**
   * @param message - what was wrong, where, and how to fix it
   * @param options - rule id, legal basis, stage id and the JSON path (`field`) of the problem
   */
  constructor(message: string, options: PolicyErrorOptions) {
    super(message, options);
    this.name = 'PolicyError';
    this.rule = options.rule;
    this.basis = options.basis;
    this.stage = options.stage;
  }
}

/** Options of a {@link CostNoticeRequiredError}: the notice and fee the debtor must be shown. */
export interface CostNoticeRequiredErrorOptions extends MahnwerkErrorOptions {
  /** The § 13a Abs. 3 RDG notice in German, or `null` when the agreement causes no costs. */
  readonly notice: string | null;
  /** The costs the agreement adds, as a decimal string, or `null`. */
  readonly fee: string | null;
}

/**
 * A payment agreement a collection agency would conclude with a private person who has not been
 * told its costs in Textform before (§ 13a Abs. 3 RDG). Code `cost_notice_required`; it is a
 * {@link ValidationError} naming `costNoticeGivenOn`, and carries the notice to show.
 */
export class CostNoticeRequiredError extends ValidationError {
  /** Always `cost_notice_required`. */
  override readonly code: 'cost_notice_required' = 'cost_notice_required';
  /** The notice to show the debtor before the agreement (German), or `null` when it causes no costs. */
  readonly notice: string | null;
  /** The costs the agreement adds (decimal string), or `null`. */
  readonly fee: string | null;

  /**
   * @param message - what is missing and how to fix it
   * @param options - the field (`costNoticeGivenOn`), the notice text and the fee
   */
  constructor(message: string, options: CostNoticeRequiredErrorOptions) {
    super(message, options);
    this.name = 'CostNoticeRequiredError';
    this.notice = options.notice;
    this.fee = options.fee;
  }
}

/**
 * `amendClaimFacts` was given a fact the claim already has, with another value. A claim's facts are
 * added, never changed: letters, the audit trail and the figures (the contract date decides which
 * § 288 BGB applies, Art. 229 § 34 EGBGB) may already rest on the value set. Code
 * `fact_already_set`; it is a {@link ValidationError} naming the field (`description` or
 * `contractDate`) and carrying the value the claim has.
 */
export class FactAlreadySetError extends ValidationError {
  /** Always `fact_already_set`. */
  override readonly code: 'fact_already_set' = 'fact_already_set';
  /** The value the claim already has for the field. */
  readonly current: string;

  /**
   * @param message - which fact is set, to what, and what to do instead
   * @param options - the field (`description` or `contractDate`) and the value already set
   */
  constructor(message: string, options: MahnwerkErrorOptions & { readonly current: string }) {
    super(message, options);
    this.name = 'FactAlreadySetError';
    this.current = options.current;
  }
}

/**
 * Why `correctClaimFacts` refused a correction that is well-formed: what an amount already booked,
 * or a paper already issued, rests on would change.
 * - `applicable-law`: the contract date decides which § 288 BGB governs the claim (Art. 229 § 34
 *   EGBGB: the default interest margin and the 40 EUR flat fee), and default interest has run or a
 *   flat fee was charged under the law as it stood;
 * - `handed-over`: the claim of a private person was handed over to a collection agency or a
 *   lawyer, whose first letter named the claim's reason from these facts (§ 13a Abs. 1 Nr. 2 RDG,
 *   § 43d Abs. 1 Nr. 2 BRAO) and on which the collection costs charged rest;
 * - `court-dunning`: a court dunning application (or a title) names the claim (§ 690 Abs. 1 Nr. 3
 *   ZPO); the court's papers are corrected with the court, not in the ledger.
 */
export type FactCorrectionRefusal = 'applicable-law' | 'handed-over' | 'court-dunning';

/**
 * `correctClaimFacts` was refused because the correction would change what amounts already booked
 * or papers already issued rest on ({@link FactCorrectionRefusal}). Code `fact_correction_refused`;
 * it is a {@link ValidationError} naming the field, carrying `because`; the message says what was
 * booked on the value and what to do instead. Nothing is written.
 */
export class FactCorrectionRefusedError extends ValidationError {
  /** Always `fact_correction_refused`. */
  override readonly code: 'fact_correction_refused' = 'fact_correction_refused';
  /** Which rule refused it. */
  readonly because: FactCorrectionRefusal;

  /**
   * @param message - what the correction would change, what rests on it, and what to do instead
   * @param options - the field (`description` or `contractDate`) and the rule that refused it
   */
  constructor(message: string, options: MahnwerkErrorOptions & { readonly because: FactCorrectionRefusal }) {
    super(message, options);
    this.name = 'FactCorrectionRefusedError';
    this.because = options.because;
  }
}

/**
 * A credit note or write-down (`adjustment`) larger than the principal open: booked, it would leave
 * the principal below zero. An adjustment lowers the principal still owed (a credit note: the
 * creditor's reduction of the price; a write-down: a partial waiver, § 397 Abs. 1 BGB); what
 * payments paid is extinguished already (§ 362 Abs. 1 BGB) and stays applied as § 367 Abs. 1 BGB
 * applied it, so an adjustment cannot reach it — money to give back to the debtor is a refund of the
 * payment (`reversePayment`, kind `refund`), which puts the principal part it paid back open.
 * Code `adjustment_exceeds_principal`; it is a {@link ValidationError} naming `amount`, carrying the
 * principal open (`open`, the most the adjustment may be) and the day it is open on (`openOn`: the
 * adjustment's day, or a later day whose payment leaves less). Nothing is written.
 */
export class AdjustmentExceedsPrincipalError extends ValidationError {
  /** Always `adjustment_exceeds_principal`. */
  override readonly code: 'adjustment_exceeds_principal' = 'adjustment_exceeds_principal';
  /** The principal open, as a decimal string: the most a credit note or write-down of that day may be (`0.00` when nothing is open). */
  readonly open: string;
  /** The day `open` is the principal open on: the adjustment's day, or a later day a payment already recorded left less on. */
  readonly openOn: string;

  /**
   * @param message - the amount, the principal open, and what to do instead
   * @param options - the field (`amount`), the principal open and its day
   */
  constructor(message: string, options: MahnwerkErrorOptions & { readonly open: string; readonly openOn: string }) {
    super(message, options);
    this.name = 'AdjustmentExceedsPrincipalError';
    this.open = options.open;
    this.openOn = options.openOn;
  }
}

/** Options of {@link UnknownTimeZoneError}. */
export interface UnknownTimeZoneErrorOptions extends MahnwerkErrorOptions {
  /** The time zone given, as given (e.g. `Europe/Atlantis`). */
  readonly timeZone: string;
}

/**
 * A time zone the runtime does not know (its name has the form of an IANA zone, but `Intl` has no
 * rules for it, e.g. `Europe/Atlantis`), given for a debtor (`facts.debtor.timeZone`). The quiet
 * hours and the Sunday/holiday rest of a send (§ 7 UWG) are kept on the debtor's wall clock; a zone
 * without rules would leave them on the clock's zone without a word, so the claim is refused before
 * anything is written. Code `time_zone_unknown`; it is a {@link ValidationError} naming the field
 * and carrying the value given (`timeZone`). Fix: a name from `Intl.supportedValuesOf('timeZone')`,
 * such as `Europe/Berlin`, or no `timeZone` (the clock's zone is used).
 */
export class UnknownTimeZoneError extends ValidationError {
  /** Always `time_zone_unknown`. */
  override readonly code: 'time_zone_unknown' = 'time_zone_unknown';
  /** The time zone given. */
  readonly timeZone: string;

  /**
   * @param message - which field, which value, and how to fix it
   * @param options - the field (e.g. `facts.debtor.timeZone`) and the value given
   */
  constructor(message: string, options: UnknownTimeZoneErrorOptions) {
    super(message, options);
    this.name = 'UnknownTimeZoneError';
    this.timeZone = options.timeZone;
  }
}

/**
 * A daily run or a dispatch was asked for a day before the last day the store records as run
 * (`ClaimStore`'s `lastRunDay`). The later run decided every claim due up to its day already, so the
 * earlier day would find nothing due and answer an empty run as if nothing were due; a dispatch of the
 * earlier day would write sends dated before decisions already recorded. Code
 * `run_day_before_last_run`; it is a {@link ValidationError} naming `date`, carrying the day asked
 * for (`date`) and the last day run (`lastRunDay`). Nothing is decided, leased or written. Run the last day
 * again (it decides only what is still due) or a later one; a payment or other event of the earlier
 * day is recorded with its own date.
 */
export class RunDayBeforeLastRunError extends ValidationError {
  /** Always `run_day_before_last_run`. */
  override readonly code: 'run_day_before_last_run' = 'run_day_before_last_run';
  /** The day the run was asked for. */
  readonly date: string;
  /** The last day the store records as run, after `date`. */
  readonly lastRunDay: string;

  /**
   * @param message - the day asked for, the last day run, and how to go on
   * @param options - the field (`date`), the day asked for and the last day run
   */
  constructor(message: string, options: MahnwerkErrorOptions & { readonly date: string; readonly lastRunDay: string }) {
    super(message, options);
    this.name = 'RunDayBeforeLastRunError';
    this.date = options.date;
    this.lastRunDay = options.lastRunDay;
  }
}

/** A command named a claim the store does not hold. Code `claim_not_found`. */
export class ClaimNotFoundError extends MahnwerkError {
  /**
   * @param message - which claim was not found and how to fix it
   * @param options - the field the error is about (usually `claimId`)
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('claim_not_found', message, options);
    this.name = 'ClaimNotFoundError';
  }
}

/**
 * A refund or chargeback named a payment the claim does not hold (yet). Code `payment_not_found`;
 * retryable, because a provider may deliver the refund before the payment it refunds.
 */
export class PaymentNotFoundError extends MahnwerkError {
  /**
   * @param message - which payment was not found and how to fix it
   * @param options - the field (usually `paymentId`) and retryability
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('payment_not_found', message, options);
    this.name = 'PaymentNotFoundError';
  }
}

/** A claim with the same id already exists. Code `claim_exists`. */
export class ClaimExistsError extends MahnwerkError {
  /**
   * @param message - which claim exists and how to fix it
   * @param options - the field the error is about (usually `id`)
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('claim_exists', message, options);
    this.name = 'ClaimExistsError';
  }
}

/**
 * A write lost a race (the claim moved on since it was read) or reused an idempotency key for a
 * different command. Code `conflict`; reload and try again.
 */
export class ConflictError extends MahnwerkError {
  /**
   * @param message - what conflicted and how to resolve it
   * @param options - field, cause and retryability (a version conflict is retryable)
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('conflict', message, options);
    this.name = 'ConflictError';
  }
}

/** Options of a {@link ChannelError}. */
export interface ChannelErrorOptions extends MahnwerkErrorOptions {
  /** True when the provider refused the recipient for good (SMTP 5xx on RCPT, an unknown number): the address is not usable. */
  readonly bounced?: boolean;
}

/**
 * A channel could not hand a message over. Code `adapter_failed`; `retryable` says whether the same
 * send may succeed later, `bounced` whether the provider refused the recipient for good (the
 * dispatcher records a bounce and goes on with the stage's fallback channel).
 */
export class ChannelError extends MahnwerkError {
  /** Whether the recipient was refused for good. */
  readonly bounced: boolean;

  /**
   * @param message - what failed, for which message, and what to do
   * @param options - field, cause, retryability and whether it is a bounce
   */
  constructor(message: string, options: ChannelErrorOptions = {}) {
    super('adapter_failed', message, { ...options, retryable: options.bounced === true ? false : (options.retryable ?? false) });
    this.name = 'ChannelError';
    this.bounced = options.bounced ?? false;
  }

  /** Whether an error (from any copy of the package) is a channel error that reports a bounce. */
  static isBounce(error: unknown): boolean {
    return MahnwerkError.isInstance(error) && error.code === 'adapter_failed' && (error as { bounced?: unknown }).bounced === true;
  }
}

/**
 * An idempotency key was used again for a different command: another kind of command, another
 * claim, or the same command with different content. Code `idempotency_mismatch`. Never retried
 * and never answered as a replay — the second command was not recorded; send it with a new key.
 */
export class IdempotencyMismatchError extends MahnwerkError {
  /**
   * @param message - the key, the command it was first used for, and how to fix it
   * @param options - the field the error is about (`idempotencyKey`)
   */
  constructor(message: string, options: MahnwerkErrorOptions = {}) {
    super('idempotency_mismatch', message, options);
    this.name = 'IdempotencyMismatchError';
  }
}
