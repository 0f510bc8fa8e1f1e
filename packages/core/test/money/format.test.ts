import { describe, expect, it } from 'vitest';
import { formatMoney, money, parseMoney, toAmountString } from '../../src/index.js';

const NBSP = '\u00a0';

describe('formatMoney', () => {
  it('de-DE: 1.234,56 € with a non-breaking space (U+00A0) before the sign', () => {
    expect(formatMoney(money('1234.56'), 'de-DE')).toBe(`1.234,56${NBSP}€`);
    expect(formatMoney(money('1234.5'))).toBe(`1.234,50${NBSP}€`); // de-DE is the default
    expect(formatMoney(money('-1234.56'), 'de-DE')).toBe(`-1.234,56${NBSP}€`);
  });

  it('en: €1,234.56', () => {
    expect(formatMoney(money('1234.56'), 'en')).toBe('€1,234.56');
  });

  it('rounds half up to the minor unit first', () => {
    expect(formatMoney(money('0.005'), 'de-DE')).toBe(`0,01${NBSP}€`);
    expect(formatMoney(money('-0.004'), 'de-DE')).toBe(`0,00${NBSP}€`); // no "-0,00 €"
  });

  it('formats huge amounts without float loss: 12345678901234567.89', () => {
    // As a JS number 12345678901234567.89 would be 12345678901234568 — the cents would be lost.
    const m = money('12345678901234567.89');
    expect(formatMoney(m, 'de-DE')).toBe(`12.345.678.901.234.567,89${NBSP}€`);
    expect(formatMoney(m, 'en')).toBe('€12,345,678,901,234,567.89');
    expect(toAmountString(m)).toBe('12345678901234567.89');
  });

  it('JPY without decimals, KWD with three', () => {
    expect(formatMoney(money('1234', 'JPY'), 'de-DE')).toBe(`1.234${NBSP}¥`);
    expect(formatMoney(money('1.5', 'KWD'), 'en')).toMatch(/^KWD\s?1\.500$/);
  });

  it('round trip: parse(de) → format(de-DE) (covers the former smoke test)', () => {
    expect(formatMoney(parseMoney('1.234,50', { locale: 'de' }), 'de-DE')).toBe(`1.234,50${NBSP}€`);
    expect(toAmountString(parseMoney('1234.5'))).toBe('1234.50');
  });
});
