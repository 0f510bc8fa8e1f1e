import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, toAmountString } from '../src/index.js';

describe('smoke', () => {
  it('formats 1234.5 EUR in de-DE with the euro sign after the amount', () => {
    expect(formatMoney(parseMoney('1.234,50', { locale: 'de' }), 'de-DE')).toBe('1.234,50\u00a0€');
    expect(toAmountString(parseMoney('1234.5'))).toBe('1234.50');
  });
});
