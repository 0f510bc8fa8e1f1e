import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDefaultInterest, money, moneyToJson, negate, zero } from '../../src/index.js';

// Issue 12: money in library JSON always carries the currency's minor-unit digits (ISO 4217:
// EUR 2, JPY 0, KWD 3), as the CLI prints it — and is never rounded on the way out.

describe('money in JSON (moneyToJson, used by every Money.toJSON)', () => {
  it('1000 EUR is "1000.00", not decimal.js\'s "1000"', () => {
    expect(JSON.stringify(money('1000', 'EUR'))).toBe('{"amount":"1000.00","currency":"EUR"}');
    expect(JSON.stringify({ total: money('12.5') })).toBe('{"total":{"amount":"12.50","currency":"EUR"}}');
  });

  it('uses the currency\'s minor unit: JPY 0 digits, KWD 3 digits', () => {
    expect(moneyToJson(money('1000', 'JPY'))).toEqual({ amount: '1000', currency: 'JPY' });
    expect(moneyToJson(money('1.5', 'KWD'))).toEqual({ amount: '1.500', currency: 'KWD' });
  });

  it('keeps the digits of an unrounded intermediate amount instead of rounding it', () => {
    expect(moneyToJson(money('3.66849315'))).toEqual({ amount: '3.66849315', currency: 'EUR' });
  });

  it('writes zero and negative zero as "0.00"', () => {
    expect(moneyToJson(zero())).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(moneyToJson(negate(zero()))).toEqual({ amount: '0.00', currency: 'EUR' });
  });

  it('a library result written as JSON: the § 288 interest of the README, principal "1000.00"', () => {
    const result = computeDefaultInterest({ principal: money('1000', 'EUR'), from: '2024-12-16', to: '2025-01-15', debtor: 'consumer' });
    const json = JSON.parse(JSON.stringify(result)) as { total: { amount: string }; periods: { principal: { amount: string }; amount: { amount: string } }[] };
    expect(json.total.amount).toBe('6.66');
    expect(json.periods.map((p) => p.principal.amount)).toEqual(['1000.00', '1000.00']);
    expect(json.periods.map((p) => p.amount.amount)).toEqual(['3.67', '2.99']);
  });

  it('a Money keeps only amount and currency as its own keys (toJSON is inherited, not enumerable)', () => {
    expect(Object.keys(money('1.00'))).toEqual(['amount', 'currency']);
    expect(Object.isFrozen(money('1.00'))).toBe(true);
  });

  it('property: the JSON amount reads back as the same exact decimal, with at least the minor-unit digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const text = (Number(scale) === 0 ? units.toString() : `${units < 0n ? '-' : ''}${(units < 0n ? -units : units).toString().padStart(scale + 1, '0').replace(new RegExp(`(\\d{${scale}})$`), '.$1')}`);
        const m = money(text, 'EUR');
        const { amount } = moneyToJson(m);
        expect(money(amount, 'EUR').amount.equals(m.amount)).toBe(true);
        expect(amount.split('.')[1]?.length ?? 0).toBeGreaterThanOrEqual(2);
      }),
    );
  });
});
