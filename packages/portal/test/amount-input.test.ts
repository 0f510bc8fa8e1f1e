import { describe, expect, it } from 'vitest';
import { amountInputText, parseAmountInput } from '../src/amount-input.js';

describe('parseAmountInput: an amount as a German debtor types it', () => {
  it('a comma separates the cents and points group the thousands (German notation)', () => {
    expect(parseAmountInput('12,50')).toBe('12.50');
    expect(parseAmountInput('1.248,59')).toBe('1248.59');
    expect(parseAmountInput('1.250')).toBe('1250');
    expect(parseAmountInput('1.000.000,5')).toBe('1000000.5');
    expect(parseAmountInput('1248')).toBe('1248');
  });

  it('a point before one or two digits without a comma is read as the cents (a pasted figure)', () => {
    expect(parseAmountInput('12.50')).toBe('12.50');
    expect(parseAmountInput('1248.5')).toBe('1248.5');
  });

  it('spaces and a trailing € or EUR are ignored', () => {
    expect(parseAmountInput(' 12,50 € ')).toBe('12.50');
    expect(parseAmountInput('1.248,59 EUR')).toBe('1248.59');
  });

  it('anything else is not an amount: three cents digits, misplaced group points, signs, letters, empty', () => {
    for (const bad of ['', ',50', '12,505', '12.5.0', '1.24,00', '12.345.6', '-5', '1e3', 'zwölf', '12,50,1', '1234567890123']) {
      expect(parseAmountInput(bad), bad).toBeNull();
    }
  });

  it('the German form shows the amount with a decimal comma, and reads it back unchanged', () => {
    expect(amountInputText('1248.59', 'de')).toBe('1248,59');
    expect(parseAmountInput(amountInputText('1248.59', 'de'))).toBe('1248.59');
    expect(amountInputText('1248.59', 'en')).toBe('1248.59');
  });
});
