import { CurrencyMismatchError, MoneyError } from '../errors/errors.js';
import { withArticle } from '../errors/zod-issue.js';
import { currency as lookupCurrency } from './currency.js';
import { Dec, type Decimal, type DecimalInput } from './decimal.js';

/**
 * An amount of money: an exact decimal in an ISO 4217 currency. Intermediate results (interest
 * before rounding) may carry more digits than the currency's minor unit; {@link roundMoney} gives
 * the final figure. Immutable.
 */
export interface Money {
  /** The exact amount. */
  readonly amount: Decimal;
  /** ISO 4217 code. */
  readonly currency: string;
}

/** Options for reading an amount from outside. */
export interface ParseMoneyOptions {
  /** ISO 4217 currency of the amount; default `EUR`. */
  readonly currency?: string;
  /** `de` reads `1.234,56`; `en` reads `1,234.56`; `plain` (default) reads only `1234.56`. */
  readonly locale?: 'plain' | 'de' | 'en';
  /** Name of the input field, used in error messages. */
  readonly field?: string;
  /** Reject more decimals than the currency's minor unit (default true: a final amount is expected). */
  readonly exact?: boolean;
  /** Reject amounts below zero (default false). */
  readonly nonNegative?: boolean;
}

const plainPattern = /^[+-]?\d+(\.\d+)?$/;
const dePattern = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
const enPattern = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * What every {@link Money} inherits: `toJSON`, so `JSON.stringify` of any result that holds money
 * (interest periods, statements, fee items) writes it through {@link moneyToJson}, not through
 * decimal.js's shortest form (`"1000"`). Not enumerable: a Money's own keys stay `amount` and
 * `currency`.
 */
const moneyPrototype: object = Object.freeze(
  Object.defineProperty({}, 'toJSON', {
    value: function toJSON(this: Money): MoneyJson {
      return moneyToJson(this);
    },
  }),
);

function make(amount: Decimal, code: string): Money {
  const m = Object.create(moneyPrototype) as { amount: Decimal; currency: string };
  m.amount = amount;
  m.currency = code;
  return Object.freeze(m);
}

/**
 * Creates an amount from an exact decimal (a string such as `"1234.56"` or a decimal.js value).
 * Any number of decimals is kept; use {@link parseMoney} to read a final amount from outside.
 *
 * @param value - the amount; a JS number is refused by type and at run time
 * @param currencyCode - ISO 4217 code, default `EUR`
 * @throws MoneyError for anything that is not a finite decimal
 */
export function money(value: DecimalInput, currencyCode = 'EUR'): Money {
  if (typeof value === 'string') {
    // The same few amounts are read again and again (a claim's principal, fees, payment parts):
    // each text is parsed once per currency. Money is immutable, so sharing one object is safe.
    let known = readAmounts.get(currencyCode);
    const hit = known?.get(value);
    if (hit !== undefined) return hit;
    if (value === '0') return zero(currencyCode);
    lookupCurrency(currencyCode);
    const trimmed = value.trim();
    if (!plainPattern.test(trimmed)) {
      throw new MoneyError(`amount: "${value}" is not a decimal number; write it like "1234.56".`, { field: 'amount' });
    }
    const m = make(new Dec(trimmed), currencyCode);
    if (known === undefined) readAmounts.set(currencyCode, (known = new Map()));
    if (known.size >= READ_AMOUNTS_SIZE) known.clear();
    known.set(value, m);
    return m;
  }
  lookupCurrency(currencyCode);
  if (typeof value !== 'object' || value === null || !Dec.isDecimal(value)) {
    throw new MoneyError(
      `amount: ${String(value)} is ${withArticle(typeof value)}, not a decimal; pass money as a decimal string ("12.30") — never a JS number.`,
      { field: 'amount' },
    );
  }
  const d = new Dec(value);
  if (!d.isFinite()) throw new MoneyError(`amount: ${d.toString()} is not a finite amount.`, { field: 'amount' });
  return make(d, currencyCode);
}

/**
 * Money of a plain decimal text that mahnwerk wrote itself (`scaledToString`: digits, at most one
 * point, an optional minus) in a currency already checked: neither checked nor remembered — the
 * figures of statements vary from day to day, and remembering each filled and emptied the cache of
 * read amounts for nothing.
 *
 * @internal
 * @param text - the amount, e.g. `"1234.56"`
 * @param currencyCode - an ISO 4217 code {@link money} accepts
 */
export function moneyOfPlainText(text: string, currencyCode: string): Money {
  return make(new Dec(text), currencyCode);
}

/** Amounts read from text, per currency code (only codes {@link money} accepted): at most {@link READ_AMOUNTS_SIZE} each, emptied when full. */
const readAmounts = new Map<string, Map<string, Money>>();
const READ_AMOUNTS_SIZE = 4096;

/**
 * Zero read once: decimal.js reads an all-zero text past its end (its optimised code deoptimised at
 * every zero parsed again after the cache of read amounts was emptied). Immutable, shared.
 */
const decimalZero: Decimal = new Dec('0');
/** {@link zero} per currency code (only codes the currency table knows: bounded). */
const zeros = new Map<string, Money>();

/** Zero in a currency. */
export function zero(currencyCode = 'EUR'): Money {
  let z = zeros.get(currencyCode);
  if (z === undefined) {
    lookupCurrency(currencyCode);
    z = make(decimalZero, currencyCode);
    zeros.set(currencyCode, z);
  }
  return z;
}


/**
 * Reads an amount given as text from outside (a CLI flag, a CSV cell, a form).
 *
 * @param input - the text, e.g. `"1234.56"`, or `"1.234,56"` with `locale: 'de'`
 * @param options - currency, locale, field name, exactness and sign
 * @throws MoneyError naming the field when the text is not a valid amount
 */
export function parseMoney(input: string, options: ParseMoneyOptions = {}): Money {
  const field = options.field ?? 'amount';
  const code = options.currency ?? 'EUR';
  const cur = lookupCurrency(code, field === 'amount' ? 'currency' : `${field} currency`);
  const locale = options.locale ?? 'plain';
  if (typeof input !== 'string') {
    throw new MoneyError(`${field}: expected a decimal string such as "1234.56", got ${typeof input}.`, { field });
  }
  const text = input.trim();
  let normalised: string;
  if (locale === 'de' && dePattern.test(text)) normalised = text.replace(/\./g, '').replace(',', '.');
  else if (locale === 'en' && enPattern.test(text)) normalised = text.replace(/,/g, '');
  else if (plainPattern.test(text)) normalised = text;
  else {
    const example = locale === 'de' ? '"1.234,56"' : locale === 'en' ? '"1,234.56"' : '"1234.56"';
    throw new MoneyError(`${field}: "${input}" is not an amount; write it like ${example}.`, { field });
  }
  const amount = new Dec(normalised);
  if ((options.exact ?? true) && amount.decimalPlaces() > cur.minorUnit) {
    throw new MoneyError(
      `${field}: "${input}" has ${amount.decimalPlaces()} decimals, but ${code} amounts have at most ${cur.minorUnit}.`,
      { field },
    );
  }
  if (options.nonNegative && amount.isNegative() && !amount.isZero()) {
    throw new MoneyError(`${field}: "${input}" is negative; the amount must be zero or more.`, { field });
  }
  const m = make(amount, code);
  if (writtenAsAmountString(normalised, cur.minorUnit)) {
    lastReadMoney = m;
    lastReadText = normalised;
  }
  return m;
}

/**
 * The last amount {@link parseMoney} read from a text written as {@link toAmountString} writes it,
 * and that text: a command reads its amount, and booking it writes it back (the payment event's
 * `amount`), so `toAmountString` answers for that value without decimal.js. One entry, compared by
 * identity (Money is immutable): bounded, and the same answer as decimal.js's `toFixed`.
 */
let lastReadMoney: Money | undefined;
let lastReadText = '';

/** True when `text` is what toAmountString writes of its value: digits without a sign or a leading zero, and exactly `minorUnit` decimals. */
function writtenAsAmountString(text: string, minorUnit: number): boolean {
  const n = text.length;
  const dot = minorUnit === 0 ? n : n - minorUnit - 1;
  if (dot < 1 || n > 40) return false;
  if (minorUnit > 0 && text.charCodeAt(dot) !== 46) return false;
  const first = text.charCodeAt(0);
  if (first === 48 ? dot !== 1 : first < 49 || first > 57) return false;
  for (let i = 1; i < n; i++) {
    if (i === dot) continue;
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Accepts a JS number only where it is an exact amount: finite, and with no more decimals than
 * the currency has. `0.1 + 0.2` (0.30000000000000004) is refused as binary noise.
 *
 * @param value - the number
 * @param currencyCode - ISO 4217 code, default `EUR`
 * @param field - input field name for the error
 * @throws MoneyError for NaN, Infinity, binary noise, or more than 15 significant digits
 */
export function moneyFromNumber(value: number, currencyCode = 'EUR', field = 'amount'): Money {
  const cur = lookupCurrency(currencyCode);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MoneyError(`${field}: ${String(value)} is not a finite amount.`, { field });
  }
  const text = String(value);
  if (/e/i.test(text)) throw new MoneyError(`${field}: ${text} is out of range for an amount.`, { field });
  const d = new Dec(text);
  if (d.decimalPlaces() > cur.minorUnit) {
    throw new MoneyError(
      `${field}: ${text} has ${d.decimalPlaces()} decimals (binary floating-point noise?); ${currencyCode} has ${cur.minorUnit}. Pass a decimal string.`,
      { field },
    );
  }
  // A double carries about 15 significant decimal digits; beyond that (2 ** 53 + 1, 1e20 …) the
  // number may already differ from the literal that was written, so refuse rather than guess.
  if (d.precision(true) > 15) {
    throw new MoneyError(`${field}: ${text} has more than 15 significant digits and cannot be trusted as a JS number; pass a decimal string.`, { field });
  }
  return make(d, currencyCode);
}

function same(a: Money, b: Money, op: string): void {
  if (a.currency !== b.currency) {
    throw new CurrencyMismatchError(`${op}: cannot combine ${a.currency} and ${b.currency}; convert first.`);
  }
}

/** a + b (same currency). */
export function add(a: Money, b: Money): Money {
  same(a, b, 'add');
  return make(a.amount.plus(b.amount), a.currency);
}

/** a − b (same currency). */
export function subtract(a: Money, b: Money): Money {
  same(a, b, 'subtract');
  return make(a.amount.minus(b.amount), a.currency);
}

/** The sum of amounts in one currency; zero for an empty list. */
export function sum(amounts: readonly Money[], currencyCode = amounts[0]?.currency ?? 'EUR'): Money {
  let total = zero(currencyCode);
  for (const m of amounts) total = add(total, m);
  return total;
}

/** a × factor, exactly (no rounding). */
export function multiply(a: Money, factor: DecimalInput): Money {
  return make(a.amount.times(new Dec(factor)), a.currency);
}

/** −a. */
export function negate(a: Money): Money {
  return make(a.amount.negated(), a.currency);
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  same(a, b, 'compare');
  return a.amount.comparedTo(b.amount) as -1 | 0 | 1;
}

/** The smaller of two amounts. */
export function minMoney(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

/** The larger of two amounts. */
export function maxMoney(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/** True for zero. */
export function isZero(a: Money): boolean {
  return a.amount.isZero();
}

/** True below zero. */
export function isNegative(a: Money): boolean {
  return a.amount.isNegative() && !a.amount.isZero();
}

/** True above zero. */
export function isPositive(a: Money): boolean {
  // (Read from the sign and the digits: `greaterThan(0)` makes a decimal.js value of 0 per call.)
  return a.amount.isPositive() && !a.amount.isZero();
}

/** Equal amount and currency. */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount.equals(b.amount);
}

/**
 * Rounds half up (0.5 cent away from zero) to the currency's minor unit — the rule of § 2 Abs. 2
 * RVG and § 34 Abs. 2 GKG, and the convention mahnwerk uses for interest.
 */
export function roundMoney(a: Money): Money {
  const { minorUnit } = lookupCurrency(a.currency);
  return make(a.amount.toDecimalPlaces(minorUnit, Dec.ROUND_HALF_UP), a.currency);
}

/** True when the amount has no more decimals than its currency's minor unit. */
export function isFinal(a: Money): boolean {
  return a.amount.decimalPlaces() <= lookupCurrency(a.currency).minorUnit;
}

/**
 * Splits an amount into parts proportional to `ratios` without losing or inventing a cent
 * (largest-remainder method; ties go to the earlier part). The parts add up to `a` exactly.
 *
 * @param a - a final amount (no more decimals than the currency has)
 * @param ratios - non-negative weights, at least one above zero
 * @throws MoneyError when `a` is not final or the ratios are unusable
 */
export function allocate(a: Money, ratios: readonly DecimalInput[]): Money[] {
  const { minorUnit } = lookupCurrency(a.currency);
  if (!isFinal(a)) throw new MoneyError(`allocate: ${a.amount.toString()} ${a.currency} is not a final amount; round it first.`);
  const weights = ratios.map((r) => new Dec(r));
  if (weights.length === 0 || weights.some((w) => w.isNegative() || !w.isFinite())) {
    throw new MoneyError('allocate: ratios must be a non-empty list of non-negative decimals.');
  }
  const total = weights.reduce((s, w) => s.plus(w), new Dec(0));
  if (total.isZero()) throw new MoneyError('allocate: at least one ratio must be above zero.');
  const scale = new Dec(10).pow(minorUnit);
  const units = a.amount.times(scale); // integer number of minor units, may be negative
  const sign = units.isNegative() ? -1 : 1;
  const absUnits = units.abs();
  const exact = weights.map((w) => absUnits.times(w).dividedBy(total));
  const floors = exact.map((e) => e.floor());
  let remainder = absUnits.minus(floors.reduce((s, f) => s.plus(f), new Dec(0))).toNumber();
  const order = exact
    .map((e, i) => ({ i, frac: e.minus(floors[i] as Decimal) }))
    .sort((x, y) => y.frac.comparedTo(x.frac) || x.i - y.i);
  const result = floors.slice();
  for (const { i } of order) {
    if (remainder <= 0) break;
    result[i] = (result[i] as Decimal).plus(1);
    remainder -= 1;
  }
  return result.map((u) => make(u.times(sign).dividedBy(scale), a.currency));
}

/**
 * The amount as a decimal string with exactly the currency's minor-unit digits, rounded half up:
 * `"1234.50"`. This is the form used in JSON output.
 */
export function toAmountString(a: Money): string {
  if (a === lastReadMoney) return lastReadText;
  const { minorUnit } = lookupCurrency(a.currency);
  // Round first: decimal.js prints a negative value that rounds to zero (-0.004) as "-0.00";
  // the rounded value is a (negative) zero, which toFixed prints as "0.00".
  // An amount with no more decimals needs no rounding (a zero, negative or not, prints "0.00" either way).
  if (a.amount.decimalPlaces() <= minorUnit) return a.amount.toFixed(minorUnit);
  return a.amount.toDecimalPlaces(minorUnit, Dec.ROUND_HALF_UP).toFixed(minorUnit);
}

/** The JSON form of {@link Money}: the amount as a decimal string and the ISO 4217 code. */
export interface MoneyJson {
  /** At least the currency's minor-unit digits (`"1000.00"`), more only when the amount is more exact. */
  readonly amount: string;
  /** ISO 4217 code. */
  readonly currency: string;
}

/**
 * The one place money becomes JSON (every Money's `toJSON` calls it): the exact amount with at
 * least the currency's minor-unit digits — `"1000.00"` for 1000 EUR, `"1000"` for 1000 JPY — and
 * never rounded, so an intermediate figure such as unrounded interest keeps its digits
 * (`"3.66849315"`). Final amounts therefore read as {@link toAmountString} prints them.
 *
 * @param a - the amount
 * @returns `{ amount, currency }` for JSON
 */
export function moneyToJson(a: Money): MoneyJson {
  const { minorUnit } = lookupCurrency(a.currency);
  const places = Math.max(minorUnit, a.amount.decimalPlaces());
  // A negative zero (e.g. from negate) prints as "-0.00"; money has no sign at zero.
  const amount = a.amount.isZero() ? a.amount.abs() : a.amount;
  return { amount: amount.toFixed(places), currency: a.currency };
}

/**
 * Formats for people, e.g. `1.234,56 €` (`de-DE`) or `€1,234.56` (`en`), rounded half up to the
 * minor unit. Formatting goes through the exact decimal string, never through a float.
 *
 * @param a - the amount
 * @param locale - a BCP 47 locale; `de-DE` and `en` are the tested ones
 */
export function formatMoney(a: Money, locale = 'de-DE'): string {
  const { minorUnit } = lookupCurrency(a.currency);
  // Making an Intl.NumberFormat costs ~50 times formatting with one (Node 20: 20 µs against
  // 0.4 µs; it was most of the time of rendering a message); a formatter depends on nothing but
  // its locale and currency.
  const key = `${locale}\u0000${a.currency}`;
  let formatter = moneyFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: a.currency,
      minimumFractionDigits: minorUnit,
      maximumFractionDigits: minorUnit,
    });
    // Locales come from debtor data: keep the cache small whatever they are.
    if (moneyFormatters.size >= 64) moneyFormatters.clear();
    moneyFormatters.set(key, formatter);
  }
  // Intl.NumberFormat formats decimal strings exactly (ECMA-402 "Intl.NumberFormat v3").
  return formatter.format(toAmountString(a) as unknown as number);
}

/** The formatters {@link formatMoney} made, per locale and currency (a few: they are made once each). */
const moneyFormatters = new Map<string, Intl.NumberFormat>();
