import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal.js';
import { money, parseMoney, toAmountString } from '../../src/money/money.js';

/** toAmountString as decimal.js writes it: rounded half up to the minor unit, then toFixed. */
const byDecimalJs = (text: string, minorUnit: number): string => new Dec(text).toDecimalPlaces(minorUnit, Dec.ROUND_HALF_UP).toFixed(minorUnit);

const digit = fc.constantFrom('0', '1', '5', '9');
const digits = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));
/** Amount texts near the form toAmountString writes: leading zeros, too few or too many decimals, large and small. */
const texts = fc
  .tuple(fc.constantFrom('', '', '', '-', '+'), digits(1, 18), fc.option(digits(0, 4), { nil: undefined }))
  .map(([sign, int, dec]) => `${sign}${int}${dec === undefined ? '' : `.${dec}`}`)
  .filter((t) => /^[+-]?\d+(\.\d+)?$/.test(t));

describe('toAmountString of an amount parseMoney read (the last one read is written without decimal.js)', () => {
  it('is what decimal.js writes, for the amount just read and for one read before another', () => {
    fc.assert(
      fc.property(texts, texts, fc.constantFrom(['EUR', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const), (a, b, [currency, minorUnit]) => {
        const first = parseMoney(a, { currency, exact: false });
        expect(toAmountString(first)).toBe(byDecimalJs(a, minorUnit));
        const second = parseMoney(b, { currency, exact: false });
        expect(toAmountString(second)).toBe(byDecimalJs(b, minorUnit));
        // The first is no longer the last read: written by decimal.js, the same text.
        expect(toAmountString(first)).toBe(byDecimalJs(a, minorUnit));
        // An equal amount made otherwise (not the object read) is written the same.
        expect(toAmountString(money(b, currency))).toBe(byDecimalJs(b, minorUnit));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the value, not the text, for amounts read in other forms', () => {
    expect(toAmountString(parseMoney('1.234,50', { locale: 'de' }))).toBe('1234.50');
    expect(toAmountString(parseMoney(' 12.30 '))).toBe('12.30');
    expect(toAmountString(parseMoney('007.10'))).toBe('7.10');
    expect(toAmountString(parseMoney('5'))).toBe('5.00');
    expect(toAmountString(parseMoney('-0.00', { exact: false }))).toBe('0.00');
    expect(toAmountString(parseMoney('1200', { currency: 'JPY' }))).toBe('1200');
    expect(toAmountString(parseMoney('0.125', { currency: 'KWD' }))).toBe('0.125');
  });
});
