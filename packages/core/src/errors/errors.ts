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
  | 'adapter_failed';

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
