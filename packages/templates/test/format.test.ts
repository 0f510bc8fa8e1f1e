import { money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { formatDateFor, formatMoneyFor, formatPercentFor } from '../src/index.js';

const NBSP = '\u00a0';

describe('locale helpers', () => {
  it('money: de-DE "1.234,56 €", en "€1,234.56" (core formatMoney, half up, no float)', () => {
    expect(formatMoneyFor(money('1234.56'), 'de')).toBe(`1.234,56${NBSP}€`);
    expect(formatMoneyFor(money('1234.56'), 'en')).toBe('€1,234.56');
    expect(formatMoneyFor(money('0.005'), 'de')).toBe(`0,01${NBSP}€`);
    expect(formatMoneyFor(money('-500'), 'de')).toBe(`-500,00${NBSP}€`);
    expect(formatMoneyFor(money('9007199254740993.01'), 'de')).toBe(`9.007.199.254.740.993,01${NBSP}€`);
  });

  it('date: de "24.11.2026", en "24 November 2026" (from the string, no time zone)', () => {
    expect(formatDateFor('2026-11-24', 'de')).toBe('24.11.2026');
    expect(formatDateFor('2026-11-24', 'en')).toBe('24 November 2026');
    expect(formatDateFor('2026-01-01', 'en')).toBe('1 January 2026');
    expect(formatDateFor('2024-02-29', 'de')).toBe('29.02.2024');
    expect(() => formatDateFor('2026-02-30', 'de')).toThrow(/not a day of the calendar/);
  });

  it('percent: de "8,37 %", en "8.37%", at least two decimals', () => {
    expect(formatPercentFor('8.37', 'de')).toBe(`8,37${NBSP}%`);
    expect(formatPercentFor('8.37', 'en')).toBe('8.37%');
    expect(formatPercentFor('5', 'de')).toBe(`5,00${NBSP}%`);
    expect(formatPercentFor('2.125', 'en')).toBe('2.125%');
    expect(formatPercentFor('-0.88', 'de')).toBe(`-0,88${NBSP}%`);
  });
});
