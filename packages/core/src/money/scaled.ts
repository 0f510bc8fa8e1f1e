import { MoneyError } from '../errors/errors.js';
import { Dec, type Decimal } from './decimal.js';
import { currency as lookupCurrency } from './currency.js';
import { money, moneyOfPlainText, toAmountString, zero, type Money } from './money.js';

/**
 * Exact decimals as scaled integers for hot paths: `value / 10^scale`, both parts integers
 * (`bigint` value, so no digit is ever lost). decimal.js stays at the edges: amounts come in as
 * decimal strings and leave as decimal.js values; in between, sums, products and half-up rounding
 * are integer operations.
 *
 * @internal
 */
export interface Scaled {
  /** The digits, sign included. */
  readonly value: bigint;
  /** How many of them are decimals. */
  readonly scale: number;
}

const plain = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const powers: bigint[] = [1n];

/** 10^n as a bigint (cached). @internal */
export function pow10(n: number): bigint {
  for (let i = powers.length; i <= n; i++) powers.push((powers[i - 1] as bigint) * 10n);
  return powers[n] as bigint;
}

/**
 * Reads a decimal string (`"1234.56"`, `"-0.88"`, `"12"`) or a decimal.js value exactly.
 *
 * @throws MoneyError (`invalid_money`) when the text is not a finite decimal number
 * @internal
 */
export function toScaled(input: string | Decimal): Scaled {
  if (typeof input === 'string') {
    const fast = readShort(input);
    if (fast !== undefined) return fast;
  }
  const text = typeof input === 'string' ? input.trim() : input.toFixed();
  const m = plain.exec(text);
  if (m === null) {
    let read: Decimal;
    try {
      read = new Dec(text);
    } catch {
      // decimal.js throws its own DecimalError; callers (and checkInvariants) expect a MahnwerkError.
      throw new MoneyError(`"${text}" is not a decimal amount: write it like "1234.56" or "-0.88".`);
    }
    if (!read.isFinite()) throw new MoneyError(`"${text}" is not a decimal amount: write it like "1234.56" or "-0.88".`);
    return toScaled(read.toFixed());
  }
  const decimals = m[3] ?? '';
  const digits = BigInt(`${m[2] as string}${decimals}`);
  return { value: m[1] === '-' ? -digits : digits, scale: decimals.length };
}

/** A plain decimal of at most 15 digits read by character codes (exact in a JS number), else `undefined`. */
function readShort(text: string): Scaled | undefined {
  const n = text.length;
  if (n === 0 || n > 16) return undefined;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let value = 0;
  let digits = 0;
  let scale = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (scale !== -1 || digits === 0) return undefined;
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
    digits++;
    if (scale !== -1) scale++;
  }
  if (digits === 0 || digits > 15 || scale === 0) return undefined;
  return { value: BigInt(negative ? -value : value), scale: scale === -1 ? 0 : scale };
}

/** Decimals of a plain decimal string (0 for `"12"`); strings in another form are read through {@link toScaled}. @internal */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  if (dot === -1) return /^[+-]?\d+$/.test(text) ? 0 : toScaled(text).scale;
  return text.length - dot - 1;
}

/** The value of `x` at `scale` decimals; `scale` must be at least `x.scale`. @internal */
export function atScale(x: Scaled, scale: number): bigint {
  return scale === x.scale ? x.value : x.value * pow10(scale - x.scale);
}

/** A decimal string at `scale` decimals read as an integer of that scale (`"12.3"` at 2 → 1230n). @internal */
export function parseAtScale(text: string, scale: number): bigint {
  return atScale(toScaled(text), scale);
}

/**
 * -1, 0 or 1 as `a` is below, equal to or above `b` (exact: both at the larger scale).
 *
 * @internal
 */
export function compareScaled(a: Scaled, b: Scaled): number {
  const scale = a.scale > b.scale ? a.scale : b.scale;
  const x = atScale(a, scale);
  const y = atScale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The amount texts of zero by minor unit (what scaledToString(0n, minorUnit) writes), filled without holes. */
const zeroAmountTexts: string[] = [];

/** `scaledToString(0n, minorUnit)`, made once per minor unit below 16. */
function zeroAmountText(minorUnit: number): string {
  let text = zeroAmountTexts[minorUnit];
  if (text === undefined) {
    text = scaledToString(0n, minorUnit);
    if (minorUnit >= 0 && minorUnit < 16 && (minorUnit | 0) === minorUnit) {
      while (zeroAmountTexts.length < minorUnit) zeroAmountTexts.push(scaledToString(0n, zeroAmountTexts.length));
      zeroAmountTexts[minorUnit] = text;
    }
  }
  return text;
}

/** `value / 10^scale` as a decimal string (`1230n`, 2 → `"12.30"`). @internal */
export function scaledToString(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * `value / 10^scale` as `toAmountString` prints it: rounded half up (away from zero) to `minorUnit`
 * decimals and written with exactly that many — the same text as
 * `toAmountString(money(scaledToDecimal(value, scale), code))` for a currency with that minor unit,
 * without a decimal.js value in between.
 *
 * @internal
 */
export function scaledToAmountString(value: bigint, scale: number, minorUnit: number): string {
  // Zero (a fifth of the amounts simulate writes: interest or costs not due yet) without
  // BigInt#toString and the padding: '0.00' for a minor unit of 2, made once per minor unit.
  if (value === 0n) return zeroAmountText(minorUnit);
  if (scale <= minorUnit) return scaledToString(value * pow10(minorUnit - scale), minorUnit);
  return scaledToString(divRoundHalfUp(value, pow10(scale - minorUnit)), minorUnit);
}

/**
 * `toAmountString(money(text, currencyCode))` — the amount rounded half up to the currency's
 * minor unit and written with exactly its digits — read in integers for a plain decimal of at most
 * 15 digits (`"1234.5"` → `"1234.50"`); any other text goes through `money`, with its checks and
 * errors.
 *
 * @internal
 */
export function amountStringOfText(text: string, currencyCode: string): string {
  const short = readShort(text);
  if (short === undefined) return toAmountString(money(text, currencyCode));
  return scaledToAmountString(short.value, short.scale, lookupCurrency(currencyCode).minorUnit);
}

/** `value / 10^scale` as a decimal.js value of mahnwerk's `Dec`. @internal */
export function scaledToDecimal(value: bigint, scale: number): Decimal {
  return new Dec(scaledToString(value, scale));
}

/**
 * `value / 10^scale` as Money: the same amount as `money(scaledToDecimal(value, scale), code)`,
 * made from its text — one decimal.js value instead of two (money copies a decimal.js value it is
 * given), and no check of a text written here. `currencyCode` must be one `money` accepts.
 *
 * @internal
 */
export function scaledToMoney(value: bigint, scale: number, currencyCode: string): Money {
  // Zero without reading "0.00" (see zero).
  if (value === 0n) return zero(currencyCode);
  return moneyOfPlainText(scaledToString(value, scale), currencyCode);
}

/**
 * `numerator / denominator` rounded half up (half away from zero, as decimal.js `ROUND_HALF_UP`)
 * to an integer; `denominator` must be positive.
 *
 * @internal
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator >= 0n) return (2n * numerator + denominator) / (2n * denominator);
  return -((-2n * numerator + denominator) / (2n * denominator));
}
