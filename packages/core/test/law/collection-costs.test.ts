import { describe, expect, it } from 'vitest';
import {
  collectionCostsCap,
  computeCollectionCosts,
  FeeCapError,
  LegalDataError,
  money,
  toAmountString,
  ValidationError,
  type CollectionCostsInput,
  type CollectionCostsResult,
  type CostItem,
  type Money,
} from '../../src/index.js';
import { caught } from '../errors/caught.js';

// Sources: /work/shared/legal/de-and-eu-facts.md § 3 — § 13 RVG tables (3.1 [V], 3.2 [V2]), § 13 Abs. 2
// and Abs. 3 RVG, Nr. 2300 Anm. (1), (2) VV RVG (text checked in kmein/gesetze laws/RVG-BJNR078800004.md:
// "mehr als 0,9 nur … besonders umfangreich oder besonders schwierig … In einfachen Fällen darf nur eine
// Gebühr von 0,5 … höchstens 1,3"), Nr. 1000 / § 31b RVG, Nr. 7002, Nr. 7008 VV RVG (3.3), §§ 13e, 13f RDG
// (3.4); § 288 Abs. 5 S. 3 BGB (2.1); haufe Rz. 141 worked examples (8, P2). Figures hand-computed.

const eur = (s: string): Money => money(s, 'EUR');
const amt = (m: Money): string => toAmountString(m);

function costs(claim: string, mandateDate: string, kind: CollectionCostsInput['case'], extra: Partial<CollectionCostsInput> = {}): CollectionCostsResult {
  return computeCollectionCosts({ claim: eur(claim), mandateDate, case: kind, ...extra });
}

function item(r: CollectionCostsResult, code: CostItem['code']): CostItem | undefined {
  return r.items.find((i) => i.code === code);
}

/** The result as code → amount strings. */
function lines(r: CollectionCostsResult): Record<string, string> {
  return Object.fromEntries(r.items.map((i) => [i.code, amt(i.amount)]));
}

describe('computeCollectionCosts — contract figures (§ 13e RDG, RVG)', () => {
  it('1,200 uncontested, mandate 2025-07-01: 0.9 × 134.50 = 121.05 + Nr. 7002 20.00 = 141.05 (RVG 2025-06-01)', () => {
    const r = costs('1200.00', '2025-07-01', 'uncontested');
    expect(r.table).toBe('RVG 2025-06-01');
    expect(amt(r.total)).toBe('141.05');
    const g = item(r, 'Nr. 2300 VV RVG')!;
    expect(g.factor!.toString()).toBe('0.9');
    expect(amt(g.baseFee!)).toBe('134.50');
    expect(amt(g.value!)).toBe('1200.00');
    expect(amt(g.amount)).toBe('121.05');
    expect(g.basis).toContain('§ 13e');
    expect(lines(r)).toEqual({ 'Nr. 2300 VV RVG': '121.05', 'Nr. 7002 VV RVG': '20.00' });
    expect(amt(r.cap)).toBe('141.05');
    expect(r.factor.toString()).toBe('0.9');
  });

  it('§ 60 RVG switch: mandate 2025-05-31 → RVG 2021: 0.9 × 127 = 114.30 + 20.00 = 134.30; mandate 2025-06-01 → 141.05', () => {
    const before = costs('1200.00', '2025-05-31', 'uncontested');
    expect(before.table).toBe('RVG 2021-01-01');
    expect(lines(before)).toEqual({ 'Nr. 2300 VV RVG': '114.30', 'Nr. 7002 VV RVG': '20.00' });
    expect(amt(before.total)).toBe('134.30');
    const on = costs('1200.00', '2025-06-01', 'uncontested');
    expect(on.table).toBe('RVG 2025-06-01');
    expect(amt(on.total)).toBe('141.05');
  });

  it('usual rates by case: simple 0.5 (67.25 + 13.45 = 80.70), contested 1.3 (174.85 + 20.00 = 194.85)', () => {
    // 0.5 × 134.50 = 67.25; Nr. 7002 20 % = 13.45.  1.3 × 134.50 = 174.85; 20 % = 34.97 → capped at 20.00.
    expect(lines(costs('1200', '2025-07-01', 'simple'))).toEqual({ 'Nr. 2300 VV RVG': '67.25', 'Nr. 7002 VV RVG': '13.45' });
    expect(amt(costs('1200', '2025-07-01', 'simple').total)).toBe('80.70');
    expect(amt(costs('1200', '2025-07-01', 'contested').total)).toBe('194.85');
  });

  it('older claims: mandate 2020-12-31 → RVG 2013-08-01 (0.9 × 115 = 103.50 + 20.00 = 123.50; no § 13 Abs. 2 fee for 40 EUR: 0.9 × 45 = 40.50 + 8.10)', () => {
    // 2. KostRMoG table: 1,200 → 45 + 2 × 35 = 115.
    const r = costs('1200', '2020-12-31', 'uncontested');
    expect(r.table).toBe('RVG 2013-08-01');
    expect(amt(r.total)).toBe('123.50');
    expect(amt(costs('40', '2020-12-31', 'uncontested').total)).toBe('48.60');
  });

  it('unknown table: mandate 2013-07-31 → LegalDataError table_unknown naming mandateDate', () => {
    const e = caught(() => costs('1200', '2013-07-31', 'uncontested'));
    expect(e).toBeInstanceOf(LegalDataError);
    expect(e.code).toBe('table_unknown');
    expect(e.field).toBe('mandateDate');
  });
});

describe('§ 13 Abs. 2 RVG: uncontested collection claims up to 50 EUR', () => {
  it('2025: 50.00 uncontested → 0.9 × 31.50 = 28.35 + 5.67 = 34.02', () => {
    const r = costs('50.00', '2025-07-01', 'uncontested');
    const g = item(r, 'Nr. 2300 VV RVG')!;
    expect(amt(g.baseFee!)).toBe('31.50');
    expect(amt(g.amount)).toBe('28.35');
    expect(g.basis).toContain('§ 13 Abs. 2 RVG');
    expect(g.note).toContain('§ 13 Abs. 2 RVG');
    expect(amt(r.total)).toBe('34.02');
  });

  it('2025: 50.01 uncontested → normal table 0.9 × 51.50 = 46.35 + 9.27 = 55.62', () => {
    const r = costs('50.01', '2025-07-01', 'uncontested');
    expect(amt(item(r, 'Nr. 2300 VV RVG')!.baseFee!)).toBe('51.50');
    expect(amt(r.total)).toBe('55.62');
  });

  it('2025: 50.00 simple → 0.5 × 31.50 = 15.75 + 3.15 = 18.90 (a simple case is an uncontested one)', () => {
    expect(amt(costs('50.00', '2025-07-01', 'simple').total)).toBe('18.90');
  });

  it('contested claims do not get the § 13 Abs. 2 fee: 50.00 contested → 1.3 × 51.50 = 66.95 + 13.39 = 80.34', () => {
    const r = costs('50.00', '2025-07-01', 'contested');
    expect(amt(item(r, 'Nr. 2300 VV RVG')!.baseFee!)).toBe('51.50');
    expect(amt(r.total)).toBe('80.34');
  });

  it('P2 (haufe Rz. 141, 2021 table): ≤ 50 EUR uncontested 0.9 × 30 = 27.00; simple 0.5 × 30 = 15.00; < 500 EUR 0.9 × 49 = 44.10', () => {
    const u = costs('40.00', '2022-03-01', 'uncontested');
    expect(amt(item(u, 'Nr. 2300 VV RVG')!.amount)).toBe('27.00');
    expect(amt(u.total)).toBe('32.40'); // + 20 % = 5.40
    const s = costs('40.00', '2022-03-01', 'simple');
    expect(amt(item(s, 'Nr. 2300 VV RVG')!.amount)).toBe('15.00');
    expect(amt(s.total)).toBe('18.00'); // + 3.00
    expect(amt(item(costs('450.00', '2022-03-01', 'uncontested'), 'Nr. 2300 VV RVG')!.amount)).toBe('44.10');
  });

  it('§ 13 Abs. 2 RVG applies to mandates from 2021-10-01 only: 40 EUR on 2021-09-30 → 0.9 × 49 = 44.10', () => {
    expect(amt(item(costs('40.00', '2021-09-30', 'uncontested'), 'Nr. 2300 VV RVG')!.amount)).toBe('44.10');
    expect(amt(item(costs('40.00', '2021-10-01', 'uncontested'), 'Nr. 2300 VV RVG')!.amount)).toBe('27.00');
  });

  it('§ 13 Abs. 3 RVG minimum 15 EUR: the lowest collection fee, 0.5 × 30 = 15.00, is not below it', () => {
    const g = item(costs('0.01', '2024-01-01', 'simple'), 'Nr. 2300 VV RVG')!;
    expect(amt(g.amount)).toBe('15.00');
  });
});

describe('Nr. 2300 VV RVG rate caps (FeeCapError factor_above_cap)', () => {
  it('uncontested 1.0 without a reason → factor_above_cap naming factor', () => {
    const e = caught(() => costs('1200', '2025-07-01', 'uncontested', { factor: '1.0' }));
    expect(e).toBeInstanceOf(FeeCapError);
    expect(e.code).toBe('factor_above_cap');
    expect(e.field).toBe('factor');
    expect(e.message).toMatch(/^factor: /);
    expect(e.message).toContain('0.9');
  });

  it('uncontested 1.0 with factorReason → allowed: 1.0 × 134.50 + 20.00 = 154.50; cap with reason 1.3 → 194.85', () => {
    const r = costs('1200', '2025-07-01', 'uncontested', { factor: '1.0', factorReason: 'debtor moved abroad twice' });
    expect(amt(r.total)).toBe('154.50');
    expect(amt(r.cap)).toBe('194.85');
  });

  it('uncontested never above 1.3, even with a reason (Anm. Abs. 2 S. 3)', () => {
    const e = caught(() => costs('1200', '2025-07-01', 'uncontested', { factor: '1.4', factorReason: 'very difficult' }));
    expect(e.code).toBe('factor_above_cap');
    expect(e.field).toBe('factor');
  });

  it('simple: only 0.5 (Anm. Abs. 2 S. 2), with or without a reason', () => {
    expect(caught(() => costs('1200', '2025-07-01', 'simple', { factor: '0.6' })).code).toBe('factor_above_cap');
    expect(caught(() => costs('1200', '2025-07-01', 'simple', { factor: '0.6', factorReason: 'x' })).code).toBe('factor_above_cap');
    expect(amt(costs('1200', '2025-07-01', 'simple', { factor: '0.5' }).total)).toBe('80.70');
  });

  it('contested: up to 1.3; 1.5 only with a reason (1.5 × 134.50 = 201.75 + 20.00 = 221.75); never above 2.5', () => {
    expect(caught(() => costs('1200', '2025-07-01', 'contested', { factor: '1.5' })).code).toBe('factor_above_cap');
    expect(amt(costs('1200', '2025-07-01', 'contested', { factor: '1.5', factorReason: 'extensive correspondence' }).total)).toBe('221.75');
    const e = caught(() => costs('1200', '2025-07-01', 'contested', { factor: '2.6', factorReason: 'x' }));
    expect(e.code).toBe('factor_above_cap');
    expect(e.field).toBe('factor');
    // 2.5 × 134.50 = 336.25 + 20.00
    expect(amt(costs('1200', '2025-07-01', 'contested', { factor: '2.5', factorReason: 'x' }).total)).toBe('356.25');
  });

  it('a blank factorReason counts as none', () => {
    expect(caught(() => costs('1200', '2025-07-01', 'contested', { factor: '1.5', factorReason: '   ' })).code).toBe('factor_above_cap');
  });

  it('mandates before 2021-10-01 (no Anm. Abs. 2 yet): uncontested up to 1.3 without a reason (1.3 × 127 = 165.10 + 20 = 185.10)', () => {
    expect(amt(costs('1200', '2021-09-30', 'uncontested', { factor: '1.3' }).total)).toBe('185.10');
    expect(caught(() => costs('1200', '2021-09-30', 'uncontested', { factor: '1.4' })).code).toBe('factor_above_cap');
    expect(caught(() => costs('1200', '2021-10-01', 'uncontested', { factor: '1.3' })).code).toBe('factor_above_cap');
  });

  it('a rate below 0.5 or not a decimal → ValidationError naming factor', () => {
    const low = caught(() => costs('1200', '2025-07-01', 'uncontested', { factor: '0.3' }));
    expect(low).toBeInstanceOf(ValidationError);
    expect(low.field).toBe('factor');
    expect(caught(() => costs('1200', '2025-07-01', 'uncontested', { factor: 'abc' })).field).toBe('factor');
    expect(caught(() => costs('1200', '2025-07-01', 'uncontested', { factor: '-1' })).field).toBe('factor');
  });
});

describe('Nr. 7002 and Nr. 7008 VV RVG', () => {
  it('Nr. 7002 is 20 % of the fees, at most 20.00: 500 uncontested 2025 → 0.9 × 51.50 = 46.35, 20 % = 9.27', () => {
    expect(lines(costs('500', '2025-07-01', 'uncontested'))).toEqual({ 'Nr. 2300 VV RVG': '46.35', 'Nr. 7002 VV RVG': '9.27' });
  });

  it('VAT only when the creditor cannot deduct it: 141.05 × 19 % = 26.7995 → 26.80, total 167.85', () => {
    const r = costs('1200', '2025-07-01', 'uncontested', { creditorCanDeductVat: false });
    expect(amt(item(r, 'Nr. 7008 VV RVG')!.amount)).toBe('26.80');
    expect(item(r, 'Nr. 7008 VV RVG')!.basis).toContain('§ 13a Abs. 1 Nr. 6 RDG');
    expect(amt(r.total)).toBe('167.85');
    expect(amt(r.cap)).toBe('167.85');
  });

  it('no VAT by default or when the creditor can deduct it', () => {
    expect(item(costs('1200', '2025-07-01', 'uncontested'), 'Nr. 7008 VV RVG')).toBeUndefined();
    expect(item(costs('1200', '2025-07-01', 'uncontested', { creditorCanDeductVat: true, vatRatePercent: '19' }), 'Nr. 7008 VV RVG')).toBeUndefined();
  });

  it('another VAT rate: 7 % of 141.05 = 9.8735 → 9.87; a bad rate → ValidationError naming vatRatePercent', () => {
    expect(amt(item(costs('1200', '2025-07-01', 'uncontested', { creditorCanDeductVat: false, vatRatePercent: '7' }), 'Nr. 7008 VV RVG')!.amount)).toBe('9.87');
    expect(caught(() => costs('1200', '2025-07-01', 'uncontested', { creditorCanDeductVat: false, vatRatePercent: 'x' })).field).toBe('vatRatePercent');
  });
});

describe('Nr. 1000 VV RVG: installment agreement (§ 31b RVG)', () => {
  it('2025: 0.7 on 50 % of 1,200 (600 → 93.00) = 65.10; Nr. 7002 capped at 20.00; total 206.15', () => {
    const r = costs('1200', '2025-07-01', 'uncontested', { installmentAgreement: true });
    const e = item(r, 'Nr. 1000 VV RVG')!;
    expect(e.factor!.toString()).toBe('0.7');
    expect(amt(e.value!)).toBe('600.00');
    expect(amt(e.baseFee!)).toBe('93.00');
    expect(amt(e.amount)).toBe('65.10');
    expect(lines(r)).toEqual({ 'Nr. 2300 VV RVG': '121.05', 'Nr. 1000 VV RVG': '65.10', 'Nr. 7002 VV RVG': '20.00' });
    expect(amt(r.total)).toBe('206.15');
  });

  it('Nr. 1000 uses the normal table even for claims ≤ 50 EUR: 40 EUR → value 20 → 0.7 × 51.50 = 36.05', () => {
    const r = costs('40', '2025-07-01', 'uncontested', { installmentAgreement: true });
    expect(amt(item(r, 'Nr. 1000 VV RVG')!.amount)).toBe('36.05');
    // 28.35 + 36.05 = 64.40; 20 % = 12.88
    expect(amt(r.total)).toBe('77.28');
  });

  it('mandate before 2021-10-01: 1.5 on 20 % (1,200 → 240 → 49) = 73.50', () => {
    const r = costs('1200', '2021-05-01', 'uncontested', { installmentAgreement: true });
    expect(amt(item(r, 'Nr. 1000 VV RVG')!.amount)).toBe('73.50');
    expect(amt(r.total)).toBe('207.80'); // 114.30 + 73.50 + 20.00
  });
});

describe('§ 31b RVG: the value of the Einigungsgebühr is not rounded before the table look-up', () => {
  it('mandate 2021-05-01: 20 % of 2,500.02 = 500.004 → next step (1.0 fee 88, not 49) → 1.5 × 88 = 132.00', () => {
    // § 13 Abs. 1 RVG: +39 "für jeden angefangenen Betrag von weiteren 500 Euro" above 500; 500.004 starts one.
    const r = costs('2500.02', '2021-05-01', 'uncontested', { installmentAgreement: true });
    const e = item(r, 'Nr. 1000 VV RVG')!;
    expect(e.value!.amount.toString()).toBe('500.004');
    expect(amt(e.baseFee!)).toBe('88.00');
    expect(amt(e.amount)).toBe('132.00');
    // Nr. 2300: 2,500.02 → 49 + 3 × 39 + 1 × 56 = 222; 0.9 × 222 = 199.80; Nr. 7002 capped at 20.00.
    expect(amt(r.total)).toBe('351.80');
  });
});

describe('§ 288 Abs. 5 S. 3 BGB: the flat fee is credited against the collection costs', () => {
  it('141.05 − 40.00 = 101.05, as a negative item', () => {
    const r = costs('1200', '2025-07-01', 'uncontested', { flatFeeCredit: eur('40.00') });
    const c = item(r, '§ 288 Abs. 5 S. 3 BGB')!;
    expect(amt(c.amount)).toBe('-40.00');
    expect(amt(r.total)).toBe('101.05');
    expect(amt(r.cap)).toBe('101.05');
  });

  it('the credit never takes the total below zero: 30 EUR simple → 18.90 − 18.90 = 0.00', () => {
    const r = costs('30', '2025-07-01', 'simple', { flatFeeCredit: eur('40.00') });
    expect(amt(item(r, '§ 288 Abs. 5 S. 3 BGB')!.amount)).toBe('-18.90');
    expect(amt(r.total)).toBe('0.00');
  });

  it('a zero credit adds no item; a negative credit → ValidationError naming flatFeeCredit', () => {
    expect(item(costs('1200', '2025-07-01', 'uncontested', { flatFeeCredit: eur('0') }), '§ 288 Abs. 5 S. 3 BGB')).toBeUndefined();
    expect(caught(() => costs('1200', '2025-07-01', 'uncontested', { flatFeeCredit: eur('-40') })).field).toBe('flatFeeCredit');
  });
});

describe('§ 13f RDG: no second collection costs beside a lawyer', () => {
  it('alreadyChargedByLawyer → total 0.00, cap 0.00, one explanatory item with basis § 13f RDG', () => {
    const r = costs('1200', '2025-07-01', 'uncontested', { alreadyChargedByLawyer: true, flatFeeCredit: eur('40') });
    expect(amt(r.total)).toBe('0.00');
    expect(amt(r.cap)).toBe('0.00');
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.basis).toBe('§ 13f RDG');
    expect(amt(r.items[0]!.amount)).toBe('0.00');
    expect(r.items[0]!.note).toContain('§ 13f RDG');
  });

  it('§ 13f RDG with a lawyer in court: capped at a lawyer alone via Vorbem. 3 Abs. 4 VV RVG — 141.05 − 0.45 × 134.50 (60.53) = 80.52', () => {
    // A lawyer alone: Nr. 2300 0.9 + Nr. 7002 + Nr. 3305 − half the Geschäftsgebühr credited (0.45) + Nr. 7002.
    // Agency + lawyer: the same without the crediting; the difference (0.45 × 134.50 = 60.525 → 60.53) is not recoverable.
    const r = costs('1200', '2025-07-01', 'uncontested', { lawyerInCourtProceedings: true });
    const c = item(r, 'Vorbem. 3 Abs. 4 VV RVG')!;
    expect(c.factor!.toString()).toBe('0.45');
    expect(amt(c.amount)).toBe('-60.53');
    expect(c.basis).toContain('§ 13f RDG');
    expect(amt(r.total)).toBe('80.52');
    expect(amt(r.cap)).toBe('80.52');
  });

  it('Vorbem. 3 Abs. 4: at most 0.75 is credited (contested 2.0 with a reason → 0.75 × 134.50 = 100.88), on the court value if smaller', () => {
    const high = costs('1200', '2025-07-01', 'contested', { factor: '2.0', factorReason: 'extensive', lawyerInCourtProceedings: true });
    expect(amt(item(high, 'Vorbem. 3 Abs. 4 VV RVG')!.amount)).toBe('-100.88');
    // 2.0 × 134.50 = 269.00 + 20.00 − 100.88 = 188.12
    expect(amt(high.total)).toBe('188.12');
    // Only 500 EUR go to court: 0.45 × 51.50 = 23.175 → 23.18; 141.05 − 23.18 = 117.87.
    expect(amt(costs('1200', '2025-07-01', 'uncontested', { lawyerInCourtProceedings: true, courtValue: eur('500') }).total)).toBe('117.87');
    expect(caught(() => costs('1200', '2025-07-01', 'uncontested', { lawyerInCourtProceedings: true, courtValue: eur('0') })).field).toBe('courtValue');
  });

  it('the crediting comes before VAT (Nr. 7008 on what a lawyer alone would charge): (141.05 − 60.53) × 1.19 = 80.52 + 15.30 = 95.82', () => {
    // 19 % of 80.52 = 15.2988 → 15.30
    expect(amt(costs('1200', '2025-07-01', 'uncontested', { lawyerInCourtProceedings: true, creditorCanDeductVat: false }).total)).toBe('95.82');
  });

  it('exception: the lawyer was hired because the debtor first disputed after the collection mandate → costs as usual', () => {
    expect(amt(costs('1200', '2025-07-01', 'uncontested', { alreadyChargedByLawyer: true, lawyerHiredAfterDispute: true }).total)).toBe('141.05');
  });
});

describe('input errors name the field', () => {
  it('claim zero or negative → ValidationError claim; non-EUR → currency_mismatch claim', () => {
    expect(caught(() => costs('0', '2025-07-01', 'uncontested')).field).toBe('claim');
    const usd = caught(() => computeCollectionCosts({ claim: money('100', 'USD'), mandateDate: '2025-07-01', case: 'uncontested' }));
    expect(usd.code).toBe('currency_mismatch');
    expect(usd.field).toBe('claim');
  });

  it('an unknown case → ValidationError case; a malformed mandate date → DateError mandateDate', () => {
    expect(caught(() => costs('100', '2025-07-01', 'disputed' as never)).field).toBe('case');
    expect(caught(() => costs('100', '2021-05-01', 'disputed' as never)).field).toBe('case');
    const e = caught(() => costs('100', '01.07.2025', 'uncontested'));
    expect(e.code).toBe('invalid_date');
    expect(e.field).toBe('mandateDate');
  });
});

describe('collectionCostsCap (§ 13e RDG ceiling for engine guards)', () => {
  it('default: uncontested at 0.9, no VAT → 1,200 on 2025-07-01 = 141.05; on 2025-05-31 = 134.30', () => {
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01'))).toBe('141.05');
    expect(amt(collectionCostsCap(eur('1200'), '2025-05-31'))).toBe('134.30');
  });

  it('by case and reason: simple 80.70; uncontested with reason 194.85; contested 194.85; contested with reason 356.25', () => {
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01', { case: 'simple' }))).toBe('80.70');
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01', { withReason: true }))).toBe('194.85');
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01', { case: 'contested' }))).toBe('194.85');
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01', { case: 'contested', withReason: true }))).toBe('356.25');
  });

  it('with VAT, installment agreement and flat-fee credit: 206.15 × 1.19 → 206.15 + 39.17 = 245.32 − 40 = 205.32', () => {
    // VAT 19 % of 206.15 = 39.1685 → 39.17
    const cap = collectionCostsCap(eur('1200'), '2025-07-01', { creditorCanDeductVat: false, installmentAgreement: true, flatFeeCredit: eur('40') });
    expect(amt(cap)).toBe('205.32');
  });

  it('§ 13f RDG → 0.00', () => {
    expect(amt(collectionCostsCap(eur('1200'), '2025-07-01', { alreadyChargedByLawyer: true }))).toBe('0.00');
  });
});

describe('Nr. 1000 VV RVG, § 31b RVG, § 13a Abs. 3 RDG: a payment agreement concluded by the agency', () => {
  it('1,200 uncontested (2025-07-01): the agreement adds 0.7 × 93.00 = 65.10 (Nr. 7002 already at its 20.00 cap); the notice names the costs', async () => {
    const { installmentAgreementFee } = await import('../../src/index.js');
    const r = installmentAgreementFee({ claim: eur('1200'), mandateDate: '2025-07-01', case: 'uncontested' });
    expect(amt(r.amount)).toBe('65.10');
    expect(amt(r.fee.amount)).toBe('65.10');
    expect(r.notice).toContain('§ 13a Abs. 3 RDG');
    expect(r.notice).toContain('weitere Kosten von 65,10\u00a0€');
    // § 31b RVG: 50 % of 1,200.00 = 600.00 → RVG 2025 step up to 1,000: 51.50 + 41.50 = 93.00; 0.7 × 93.00 = 65.10.
    expect(r.notice).toContain('Einigungsgebühr nach Nr. 1000 Nr. 2 VV RVG von 65,10\u00a0€ (0,7 × Gebühr aus einem Gegenstandswert von 600,00\u00a0€, § 31b RVG)');
  });

  it('a small claim: 200 EUR simple → 0.5 × 51.50 = 25.75 (+5.15 Nr. 7002); with the agreement + 0.7 × 51.50 = 36.05 and Nr. 7002 rises by 7.21', async () => {
    // value 100 → 1.0 fee 51.50; fees 25.75 + 36.05 = 61.80; 20 % = 12.36 (was 5.15): +7.21; total rise 43.26
    const { installmentAgreementFee } = await import('../../src/index.js');
    const r = installmentAgreementFee({ claim: eur('200'), mandateDate: '2025-07-01', case: 'simple' });
    expect(amt(r.amount)).toBe('43.26');
    expect(r.notice).toContain('7,21\u00a0€ höhere Auslagen');
  });

  it('§ 13a Abs. 3 RDG: an agency needs a cost notice to a private person before the agreement; not the creditor itself, not for businesses', async () => {
    const { installmentNoticeRefusal } = await import('../../src/index.js');
    const base = { debtor: 'consumer' as const, byCollectionAgency: true, agreedOn: '2025-08-20' };
    expect(installmentNoticeRefusal(base)).toContain('§ 13a Abs. 3 RDG');
    expect(installmentNoticeRefusal({ ...base, costNoticeGivenOn: '2025-08-21' })).toContain('must come before');
    expect(installmentNoticeRefusal({ ...base, costNoticeGivenOn: '2025-08-20' })).toBeNull();
    expect(installmentNoticeRefusal({ ...base, byCollectionAgency: false })).toBeNull();
    expect(installmentNoticeRefusal({ ...base, debtor: 'business' })).toBeNull();
  });
});
