import { describe, expect, it } from 'vitest';
import { courtDunningFee, money, toAmountString, type CourtDunningFeeResult } from '../../src/index.js';
import { caught } from '../errors/caught.js';

// Source: /work/shared/legal/de-and-eu-facts.md § 6 (KV Nr. 1100 GKG: 0.5 fee; minimum 36.00 EUR from
// 2021 [V2], 38.00 EUR from 2025-06-01 [M, unverified]; § 34 GKG tables) and § 8 P5 (whk-controlling.de
// Mahnbescheid table, 2021 values). Each expected figure is 0.5 × the 1.0 fee, hand-computed.

const fee = (value: string, date: string): CourtDunningFeeResult => courtDunningFee({ value: money(value, 'EUR'), date });

describe('KV 1100 GKG court fee for a Mahnbescheid (courtDunningFee)', () => {
  it('5,000.00 EUR on 2025-07-01 → 0.5 × 170.50 = 85.25 EUR (GKG 2025-06-01)', () => {
    const r = fee('5000.00', '2025-07-01');
    expect(toAmountString(r.amount)).toBe('85.25');
    expect(toAmountString(r.baseFee)).toBe('170.50');
    expect(r.factor.toString()).toBe('0.5');
    expect(r.code).toBe('KV 1100 GKG');
    expect(r.table).toBe('GKG 2025-06-01');
    expect(r.minimumApplied).toBe(false);
  });

  it('§ 71 GKG: the same claim applied for on 2025-05-31 → 0.5 × 161 = 80.50 EUR (GKG 2021-01-01)', () => {
    const r = fee('5000.00', '2025-05-31');
    expect(toAmountString(r.amount)).toBe('80.50');
    expect(r.table).toBe('GKG 2021-01-01');
  });

  it('the basis names the table version as a German letter prints it (Fassung ab TT.MM.JJJJ), never as an ISO date', () => {
    expect(fee('5000.00', '2025-07-01').basis).toBe('KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR), § 34 GKG (Fassung ab 01.06.2025)');
    expect(fee('5000.00', '2025-05-31').basis).toBe('KV Nr. 1100 GKG (0,5-Gebühr, mindestens 36,00 EUR), § 34 GKG (Fassung ab 01.01.2021)');
  });

  // Facts § 8 P5 (whk-controlling.de, 2021 values).
  it.each([
    ['1000', '36.00', true], // 0.5 × 58 = 29.00 → minimum 36.00
    ['1500', '39.00', false], // 0.5 × 78
    ['2000', '49.00', false], // 0.5 × 98
    ['3000', '59.50', false], // 0.5 × 119
    ['4000', '70.00', false], // 0.5 × 140
    ['5000', '80.50', false], // 0.5 × 161
    ['10000', '133.00', false], // 0.5 × 266
    ['25000', '205.50', false], // 0.5 × 411
    ['50000', '300.50', false], // 0.5 × 601
  ])('P5, 2021 table: value %s → %s EUR (minimum applied: %s)', (value, amount, minimumApplied) => {
    const r = fee(value, '2024-05-01');
    expect(toAmountString(r.amount)).toBe(amount);
    expect(r.minimumApplied).toBe(minimumApplied);
  });

  it('minimum 36.00 EUR (2021): 1,000.00 → 36.00 (minimum), 1,000.01 → 0.5 × 78 = 39.00', () => {
    expect(toAmountString(fee('1000.00', '2024-01-01').amount)).toBe('36.00');
    expect(fee('1000.00', '2024-01-01').minimumConfirmed).toBe(true);
    expect(toAmountString(fee('1000.01', '2024-01-01').amount)).toBe('39.00');
  });

  it('minimum 38.00 EUR from 2025-06-01 (unverified, flagged): 500 → 0.5 × 40 = 20 → 38.00; 1,000 → 30.50 → 38.00; 1,000.01 → 41.00', () => {
    const small = fee('500.00', '2025-06-01');
    expect(toAmountString(small.amount)).toBe('38.00');
    expect(small.minimumApplied).toBe(true);
    expect(small.minimumConfirmed).toBe(false);
    expect(toAmountString(small.minimum)).toBe('38.00');
    expect(toAmountString(fee('1000.00', '2025-06-01').amount)).toBe('38.00');
    const above = fee('1000.01', '2025-06-01');
    expect(toAmountString(above.amount)).toBe('41.00');
    expect(above.minimumApplied).toBe(false);
  });

  it('rounding half up (§ 34 Abs. 2 GKG): 2,001 → 0.5 × 125.50 = 62.75; 25,001 → 0.5 × 476 = 238.00', () => {
    expect(toAmountString(fee('2001', '2025-07-01').amount)).toBe('62.75');
    expect(toAmountString(fee('25001', '2025-07-01').amount)).toBe('238.00');
  });

  it('value zero or negative → ValidationError naming value; non-EUR → currency_mismatch', () => {
    const e = caught(() => fee('0', '2025-07-01'));
    expect(e.code).toBe('invalid_input');
    expect(e.field).toBe('value');
    expect(caught(() => courtDunningFee({ value: money('100', 'USD'), date: '2025-07-01' })).code).toBe('currency_mismatch');
  });

  it('older applications (§ 71 GKG): 2020-12-31 → GKG 2013-08-01, 0.5 × 146 = 73.00; 500 EUR → minimum 32.00, not confirmed', () => {
    // § 34 GKG a.F.: 5,000 → 35 + 3 × 18 + 3 × 19 = 146.
    const r = fee('5000', '2020-12-31');
    expect(r.table).toBe('GKG 2013-08-01');
    expect(toAmountString(r.amount)).toBe('73.00');
    const small = fee('500', '2020-12-31');
    expect(toAmountString(small.amount)).toBe('32.00');
    expect(small.minimumConfirmed).toBe(false);
  });

  it('a date before 2013-08-01 → table_unknown; a malformed date → invalid_date naming date', () => {
    expect(caught(() => fee('5000', '2013-07-31')).code).toBe('table_unknown');
    const e = caught(() => fee('5000', '2025-7-1'));
    expect(e.code).toBe('invalid_date');
    expect(e.field).toBe('date');
  });
});
