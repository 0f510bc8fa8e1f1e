import { describe, expect, it } from 'vitest';
import { MahnwerkError, MoneyError } from '../../src/index.js';
import { toScaled } from '../../src/money/scaled.js';

// Amounts are text in events (ledger/events.ts); every reader of such text goes through toScaled. House rule: errors
// are typed MahnwerkError subclasses with a stable code — decimal.js's own DecimalError must not escape.
describe('toScaled: an amount text that is no decimal number is refused with MoneyError (invalid_money), not decimal.js\'s DecimalError', () => {
  it('reads plain and exponent forms exactly (the controls): "1234.56", "-0.88", "12", "1e3", "12345678901234567.25"', () => {
    expect(toScaled('1234.56')).toEqual({ value: 123456n, scale: 2 });
    expect(toScaled('-0.88')).toEqual({ value: -88n, scale: 2 });
    expect(toScaled('12')).toEqual({ value: 12n, scale: 0 });
    expect(toScaled('1e3')).toEqual({ value: 1000n, scale: 0 });
    expect(toScaled('12345678901234567.25')).toEqual({ value: 1234567890123456725n, scale: 2 });
  });
  it.each(['abc', '12,50', '', '1.2.3', 'NaN', 'Infinity'])('%j → MoneyError naming the text', (text) => {
    let caught: unknown;
    try {
      toScaled(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MoneyError);
    expect(MahnwerkError.isInstance(caught) && caught.code).toBe('invalid_money');
    expect((caught as Error).message).toContain(`"${text}" is not a decimal amount`);
  });
});
