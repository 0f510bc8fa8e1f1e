import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integerDigits, isAboveZero, significantDecimals } from '../../src/engine/commands.js';
import { isKnownCurrency, knownCurrencies } from '../../src/money/currency.js';
import { Dec } from '../../src/money/decimal.js';

/** Amount texts as the command schemas accept them (`^\d+(\.\d+)?$`), leading and trailing zeros included. */
const digits = (min: number, max: number) => fc.array(fc.constantFrom('0', '0', '0', '1', '5', '9'), { minLength: min, maxLength: max }).map((d) => d.join(''));
const amountTexts = fc.tuple(digits(1, 20), fc.option(digits(1, 8), { nil: undefined })).map(([int, dec]) => (dec === undefined ? int : `${int}.${dec}`));

describe('amount texts read by character codes, against decimal.js and the string operations they replace', () => {
  it('integerDigits = the digits before the point without leading zeros (split and replace)', () => {
    fc.assert(
      fc.property(amountTexts, (v) => {
        expect(integerDigits(v)).toBe((v.split('.')[0] as string).replace(/^0+(?=\d)/, '').length);
      }),
      { numRuns: 2000 },
    );
    expect(integerDigits('0.50')).toBe(1);
    expect(integerDigits('007')).toBe(1);
    expect(integerDigits('1200.00')).toBe(4);
  });

  it('significantDecimals = decimal.js decimalPlaces()', () => {
    fc.assert(
      fc.property(amountTexts, (v) => {
        expect(significantDecimals(v)).toBe(new Dec(v).decimalPlaces());
      }),
      { numRuns: 2000 },
    );
    expect(significantDecimals('1.50')).toBe(1);
    expect(significantDecimals('1.00')).toBe(0);
    expect(significantDecimals('100')).toBe(0);
  });

  it('isAboveZero = decimal.js greaterThan(0)', () => {
    fc.assert(
      fc.property(amountTexts, (v) => {
        expect(isAboveZero(v)).toBe(new Dec(v).greaterThan(0));
      }),
      { numRuns: 2000 },
    );
    expect(isAboveZero('0.00')).toBe(false);
    expect(isAboveZero('000')).toBe(false);
    expect(isAboveZero('0.01')).toBe(true);
  });

  it('isKnownCurrency answers as knownCurrencies().includes, and the list stays sorted and unchangeable', () => {
    for (const code of ['EUR', 'JPY', 'KWD', 'XXX', 'eur', '', 'toString', '__proto__']) expect(isKnownCurrency(code)).toBe(knownCurrencies().includes(code));
    expect([...knownCurrencies()]).toEqual([...knownCurrencies()].sort());
    expect(Object.isFrozen(knownCurrencies())).toBe(true);
  });
});
