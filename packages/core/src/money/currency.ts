import { ValidationError } from '../errors/errors.js';

/** An ISO 4217 currency and the number of digits of its minor unit. */
export interface Currency {
  /** Three-letter ISO 4217 code, e.g. `EUR`. */
  readonly code: string;
  /** Digits after the decimal point in final amounts (EUR: 2, JPY: 0, KWD: 3). */
  readonly minorUnit: number;
}

const table: Record<string, number> = {
  EUR: 2, USD: 2, GBP: 2, CHF: 2, PLN: 2, CZK: 2, DKK: 2, SEK: 2, NOK: 2, HUF: 2, RON: 2,
  BGN: 2, ISK: 0, JPY: 0, KRW: 0, CAD: 2, AUD: 2, NZD: 2, TRY: 2, KWD: 3, BHD: 3, JOD: 3,
};

/**
 * Looks up a currency by ISO 4217 code.
 *
 * @param code - three-letter code, upper case
 * @param field - the input field, for the error message
 * @throws ValidationError when the code is unknown
 */
export function currency(code: string, field = 'currency'): Currency {
  const known = byCode.get(code);
  if (known === undefined) {
    throw new ValidationError(
      `${field}: unknown currency "${code}". Use an ISO 4217 code such as EUR, USD, CHF or GBP.`,
      { field },
    );
  }
  return known;
}

/** Every known currency, made once (money code asks for its currency on every amount it prints or rounds); a Map, so only the table's own codes are found. */
const byCode: ReadonlyMap<string, Currency> = new Map(Object.entries(table).map(([code, minorUnit]) => [code, Object.freeze({ code, minorUnit })]));

/** The ISO 4217 codes mahnwerk knows, sorted. */
export function knownCurrencies(): readonly string[] {
  return sortedCodes;
}

/** The codes of {@link knownCurrencies}, sorted once and frozen (a caller cannot change the list). */
const sortedCodes: readonly string[] = Object.freeze(Object.keys(table).sort());

/**
 * True for an ISO 4217 code mahnwerk knows (one of {@link knownCurrencies}), without a list to search.
 *
 * @internal
 * @param code - the code, upper case
 */
export function isKnownCurrency(code: string): boolean {
  return byCode.has(code);
}
