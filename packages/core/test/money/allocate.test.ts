import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, Dec, money, MoneyError, sum, toAmountString, type Money } from '../../src/index.js';

const amounts = (parts: Money[]) => parts.map(toAmountString);

/** Integer minor units → decimal string with `digits` decimals, no float arithmetic. */
function unitsToString(units: bigint, digits: number): string {
  const neg = units < 0n;
  const abs = (neg ? -units : units).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return neg ? `-${text}` : text;
}

describe('allocate — split without losing a cent', () => {
  it('100.00 in three equal parts → 33.34 / 33.33 / 33.33', () => {
    // 10000 cents / 3 = 3333.33…; floors 9999; the remaining cent to the first (ties → earlier part).
    expect(amounts(allocate(money('100.00'), ['1', '1', '1']))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('−100.00 in three equal parts → −33.34 / −33.33 / −33.33 (mirror image)', () => {
    expect(amounts(allocate(money('-100.00'), ['1', '1', '1']))).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('the largest remainder gets the odd cent', () => {
    // 0.05 = 5 cents by 1 : 2 → exact 1.67 / 3.33 cents → floors 1 / 3, remainder 1 → first (.67 > .33): 2 / 3.
    expect(amounts(allocate(money('0.05'), ['1', '2']))).toEqual(['0.02', '0.03']);
  });

  it('a zero ratio gets nothing', () => {
    expect(amounts(allocate(money('10.00'), ['0', '1', '1']))).toEqual(['0.00', '5.00', '5.00']);
  });

  it('JPY by whole yen', () => {
    expect(amounts(allocate(money('100', 'JPY'), ['1', '1', '1']))).toEqual(['34', '33', '33']);
  });

  it('rejects a non-final amount and unusable ratios', () => {
    expect(() => allocate(money('1.005'), ['1'])).toThrow(MoneyError);
    expect(() => allocate(money('1.00'), [])).toThrow(MoneyError);
    expect(() => allocate(money('1.00'), ['0', '0'])).toThrow(MoneyError);
    expect(() => allocate(money('1.00'), ['-1', '2'])).toThrow(MoneyError);
  });

  it('property: parts sum to the whole, each within one minor unit of its exact share, any sign and currency', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0)),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (units, weights, code) => {
          const digits = code === 'JPY' ? 0 : code === 'KWD' ? 3 : 2;
          const whole = money(unitsToString(units, digits), code);
          const ratios = weights.map(String);
          const parts = allocate(whole, ratios);
          expect(parts).toHaveLength(weights.length);
          expect(sum(parts, code).amount.equals(whole.amount)).toBe(true);
          const total = weights.reduce((s, w) => s + w, 0);
          const unit = new Dec(10).pow(-digits);
          parts.forEach((p, i) => {
            expect(p.currency).toBe(code);
            expect(p.amount.decimalPlaces()).toBeLessThanOrEqual(digits);
            const exact = whole.amount.times(String(weights[i])).dividedBy(String(total));
            expect(p.amount.minus(exact).abs().lessThan(unit)).toBe(true);
            // never the opposite sign of the whole
            if (!whole.amount.isZero()) expect(p.amount.isZero() || p.amount.isNegative() === whole.amount.isNegative()).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
