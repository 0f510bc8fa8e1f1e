import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currency, money, MoneyError, toAmountString } from '../../src/index.js';
import { amountStringOfText, scaledToAmountString, scaledToDecimal, scaledToMoney } from '../../src/money/scaled.js';

/** Scaled integers: wide values and small ones (where halves and zeros are common). */
const scaledValue = fc.oneof(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: -2000n, max: 2000n }));
/** Currencies with 2, 0 and 3 minor-unit digits. */
const currencyCode = fc.constantFrom('EUR', 'JPY', 'KWD');

// The engine writes amounts of its integer figures (a statement's total and principal at the
// ledger's scale) with scaledToAmountString instead of making a decimal.js value and printing it
// with toAmountString. Specification: the same text as that decimal.js path, for every value, every
// scale at or above the currency's minor unit (the statement's scale) and currencies with 0, 2 and 3
// decimals — including halves (round half away from zero), negatives that round to zero and zero.
describe('scaledToAmountString equals toAmountString of the decimal.js value', () => {
  it('random values and scales', () => {
    fc.assert(
      fc.property(
        scaledValue,
        currencyCode,
        fc.integer({ min: 0, max: 8 }),
        (value, code, extra) => {
          const { minorUnit } = currency(code);
          const scale = minorUnit + extra;
          expect(scaledToAmountString(value, scale, minorUnit)).toBe(toAmountString(money(scaledToDecimal(value, scale), code)));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('cases checked by hand', () => {
    expect(scaledToAmountString(123450n, 2, 2)).toBe('1234.50');
    expect(scaledToAmountString(5n, 3, 2)).toBe('0.01'); // 0.005 → half up
    expect(scaledToAmountString(-5n, 3, 2)).toBe('-0.01'); // −0.005 → half away from zero
    expect(scaledToAmountString(-4n, 3, 2)).toBe('0.00'); // −0.004 → zero, printed without sign
    expect(scaledToAmountString(0n, 4, 2)).toBe('0.00');
    // Zero in each minor unit, asked for in turn (its text is made once per minor unit).
    expect([0, 3, 2, 0, 3].map((u) => scaledToAmountString(0n, u + 1, u))).toEqual(['0', '0.000', '0.00', '0', '0.000']);
    expect(scaledToAmountString(1500n, 3, 0)).toBe('2'); // 1.5 JPY → 2
    expect(scaledToAmountString(7n, 0, 0)).toBe('7');
  });
});

// Statement figures and interest periods are made Money with scaledToMoney (from the text, through
// money's cache of read amounts) instead of money(scaledToDecimal(…)). Specification: the same amount
// (value and written digits) in the same currency as that path, for every value and scale.
describe('scaledToMoney equals money(scaledToDecimal(…))', () => {
  it('random values and scales', () => {
    fc.assert(
      fc.property(
        scaledValue,
        currencyCode,
        fc.integer({ min: 0, max: 8 }),
        (value, code, scale) => {
          const fast = scaledToMoney(value, scale, code);
          const slow = money(scaledToDecimal(value, scale), code);
          expect(fast.currency).toBe(slow.currency);
          expect(fast.amount.equals(slow.amount)).toBe(true);
          expect(fast.amount.toFixed()).toBe(slow.amount.toFixed());
          expect(fast.amount.decimalPlaces()).toBe(slow.amount.decimalPlaces());
          expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('cases checked by hand', () => {
    expect(scaledToMoney(123450n, 2, 'EUR').amount.toFixed()).toBe('1234.5');
    expect(scaledToMoney(-5n, 3, 'EUR').amount.toFixed()).toBe('-0.005');
    expect(scaledToMoney(0n, 2, 'EUR').amount.isZero()).toBe(true);
    expect(scaledToMoney(7n, 0, 'JPY')).toEqual(money('7', 'JPY'));
  });
});

// A new claim's principal is written with its currency's minor-unit digits by amountStringOfText
// (integers for a plain decimal of up to 15 digits) instead of toAmountString(money(text)).
// Specification: the same text for every plain decimal (signs, leading zeros, fewer and more
// decimals than the minor unit, halves), and the same error for a text money refuses.
describe('amountStringOfText equals toAmountString(money(text))', () => {
  const text = fc
    .tuple(fc.constantFrom('', '+', '-'), fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 6 }), fc.boolean())
    .map(([sign, digits, decimals, zeros]) => {
      const d = (zeros ? '00' : '') + digits.toString().padStart(decimals + 1, '0');
      return decimals === 0 ? `${sign}${d}` : `${sign}${d.slice(0, -decimals)}.${d.slice(-decimals)}`;
    });
  it('random plain decimals', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('EUR', 'JPY', 'KWD'), (t, code) => {
        expect(amountStringOfText(t, code)).toBe(toAmountString(money(t, code)));
      }),
      { numRuns: 3000 },
    );
  });
  it('cases checked by hand, and texts money refuses', () => {
    expect(amountStringOfText('1234.5', 'EUR')).toBe('1234.50');
    expect(amountStringOfText('0.005', 'EUR')).toBe('0.01');
    expect(amountStringOfText('-0.004', 'EUR')).toBe('0.00');
    expect(amountStringOfText('12', 'KWD')).toBe('12.000');
    expect(amountStringOfText('2.5', 'JPY')).toBe('3');
    expect(amountStringOfText(' 12.30 ', 'EUR')).toBe(toAmountString(money(' 12.30 ', 'EUR')));
    for (const bad of ['12.', '.5', '1e3', '12,30', '']) expect(() => amountStringOfText(bad, 'EUR')).toThrow(MoneyError);
    expect(() => amountStringOfText('12.30', 'XXX')).toThrow();
  });
});
