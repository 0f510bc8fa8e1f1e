import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  CurrencyMismatchError,
  equals,
  isFinal,
  isNegative,
  isPositive,
  isZero,
  maxMoney,
  minMoney,
  money,
  multiply,
  negate,
  roundMoney,
  subtract,
  sum,
  toAmountString,
  zero,
  type Money,
} from '../../src/index.js';

const eur = (s: string) => money(s, 'EUR');
const str = (m: Money) => m.amount.toString();

describe('exact arithmetic', () => {
  it('0.10 + 0.20 is exactly 0.30 (no binary floating point)', () => {
    expect(str(add(eur('0.10'), eur('0.20')))).toBe('0.3');
    expect(equals(add(eur('0.10'), eur('0.20')), eur('0.30'))).toBe(true);
  });

  it('subtract, negate, multiply without rounding', () => {
    expect(str(subtract(eur('100.00'), eur('0.01')))).toBe('99.99');
    expect(str(negate(eur('5.5')))).toBe('-5.5');
    // 1000 × 0.0912 × 31 / 365 — interest for 31 days at 9.12 %, kept exact until rounded:
    // 1000 × 0.0912 = 91.2; 91.2 × 31 = 2827.2; 2827.2 / 365 = 7.7457534246575342465753… (period 42465753)
    const raw = multiply(multiply(eur('1000'), '0.0912'), '31');
    expect(str(raw)).toBe('2827.2');
  });

  it('sum of an empty list is zero; sum adds in one currency', () => {
    expect(str(sum([]))).toBe('0');
    expect(sum([], 'USD').currency).toBe('USD');
    expect(str(sum([eur('1.01'), eur('2.02'), eur('3.03')]))).toBe('6.06');
  });

  it('compare, min, max, predicates', () => {
    expect(compare(eur('1'), eur('2'))).toBe(-1);
    expect(compare(eur('2.00'), eur('2'))).toBe(0);
    expect(compare(eur('3'), eur('2'))).toBe(1);
    expect(str(minMoney(eur('1'), eur('2')))).toBe('1');
    expect(str(maxMoney(eur('1'), eur('2')))).toBe('2');
    expect(isZero(zero())).toBe(true);
    expect(isNegative(eur('-0.01'))).toBe(true);
    expect(isNegative(eur('-0'))).toBe(false);
    expect(isPositive(eur('0.01'))).toBe(true);
    expect(isPositive(eur('0'))).toBe(false);
    expect(isFinal(eur('1.23'))).toBe(true);
    expect(isFinal(eur('1.234'))).toBe(false);
    expect(equals(eur('1'), money('1', 'USD'))).toBe(false);
  });

  it('money is immutable', () => {
    const m = eur('1');
    expect(Object.isFrozen(m)).toBe(true);
  });
});

describe('currency mismatch', () => {
  const usd = money('1.00', 'USD');
  it.each([
    ['add', () => add(eur('1'), usd)],
    ['subtract', () => subtract(eur('1'), usd)],
    ['compare', () => compare(eur('1'), usd)],
    ['minMoney', () => minMoney(eur('1'), usd)],
    ['maxMoney', () => maxMoney(eur('1'), usd)],
    ['sum', () => sum([eur('1'), usd])],
  ])('%s of EUR and USD throws CurrencyMismatchError', (_name, fn) => {
    expect(fn).toThrow(CurrencyMismatchError);
    try {
      fn();
    } catch (e) {
      expect((e as CurrencyMismatchError).code).toBe('currency_mismatch');
      expect((e as Error).message).toMatch(/EUR.*USD/);
    }
  });
});

describe('roundMoney — half up to the minor unit (§ 2 Abs. 2 RVG, § 34 Abs. 2 GKG: "ab 0,5 Cent aufgerundet")', () => {
  it.each([
    ['1.004', '1.00'],
    ['1.005', '1.01'], // 0.5 cent rounds up
    ['2.675', '2.68'], // as a float 2.675 is 2.67499999… and Math.round would give 2.67
    ['1.0049999999', '1.00'],
    ['0.125', '0.13'],
    ['7.745753424657534246575342465753424657534', '7.75'], // 2827.2 / 365 to 40 digits (the example above): 7.745 75… is above the half → up
  ])('%s → %s', (input, expected) => {
    expect(toAmountString(roundMoney(eur(input)))).toBe(expected);
    expect(roundMoney(eur(input)).amount.decimalPlaces()).toBeLessThanOrEqual(2);
  });

  // decimal.js ROUND_HALF_UP (rounding mode 4) is "round half away from zero": a tie on a
  // negative amount goes to the larger magnitude. So −0.005 → −0.01, symmetric to +0.005 → +0.01
  // (not −0.00, which "half towards +∞" would give).
  it.each([
    ['-0.005', '-0.01'],
    ['-1.005', '-1.01'],
    ['-2.675', '-2.68'],
    ['-0.004', '0.00'], // rounds to zero; printed without a minus sign (money.ts fix)
    ['-0.0049', '0.00'],
  ])('negative amounts round half away from zero: %s → %s', (input, expected) => {
    expect(toAmountString(roundMoney(eur(input)))).toBe(expected);
  });

  it('toAmountString never prints "-0.00"', () => {
    expect(toAmountString(eur('-0.004'))).toBe('0.00');
    expect(toAmountString(eur('-0'))).toBe('0.00');
    expect(toAmountString(negate(zero()))).toBe('0.00');
  });

  it('JPY rounds to whole yen, KWD to 3 decimals', () => {
    expect(toAmountString(roundMoney(money('1234.5', 'JPY')))).toBe('1235');
    expect(toAmountString(roundMoney(money('-1234.5', 'JPY')))).toBe('-1235');
    expect(toAmountString(roundMoney(money('1.2345', 'KWD')))).toBe('1.235');
  });

  it('property: rounding moves by at most half a cent and is idempotent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (tenthousandths) => {
        // An amount with 4 decimals: tenthousandths / 10000.
        const text = (tenthousandths < 0n ? '-' : '') + `${(tenthousandths < 0n ? -tenthousandths : tenthousandths).toString().padStart(5, '0').replace(/(\d{4})$/, '.$1')}`;
        const m = eur(text);
        const r = roundMoney(m);
        expect(r.amount.minus(m.amount).abs().lessThanOrEqualTo('0.005')).toBe(true);
        expect(equals(roundMoney(r), r)).toBe(true);
        // half away from zero: symmetric under negation
        expect(roundMoney(negate(m)).amount.equals(r.amount.negated())).toBe(true);
      }),
    );
  });
});
