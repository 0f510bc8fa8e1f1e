import { describe, expect, it } from 'vitest';
import {
  creditorDunningFee,
  CurrencyMismatchError,
  flatFee,
  flatFeeRefusal,
  gkgFee,
  gkgTable2013,
  gkgTable2021,
  gkgTable2025,
  gkgTableOn,
  LegalDataError,
  money,
  roundMoney,
  rvgFee,
  rvgFeeAtRate,
  rvgTable2013,
  rvgTable2021,
  rvgTable2025,
  rvgTableOn,
  toAmountString,
  ValidationError,
  type FlatFeeInput,
  type GkgTable,
  type Money,
  type RvgTable,
} from '../../src/index.js';
import { caught } from '../errors/caught.js';

// Sources: /work/shared/legal/de-and-eu-facts.md
//   § 3.1 (§ 13 RVG 2025, [V] kmein/gesetze laws/RVG-BJNR078800004.md, Anlage 2 table),
//   § 3.2 (§ 13 RVG 2021, [V2] buzer.de Anlage 2), § 6 (§ 34 GKG 2025 [V] / 2021 [V2]),
//   § 2.1 (§ 288 Abs. 5 BGB, Art. 229 § 34 EGBGB), § 2.4 (BGH VIII ZR 95/18), § 8 (worked examples).
// Boundary figures are hand-computed from the step rules in the comments.

const eur = (s: string): Money => money(s, 'EUR');
const amt = (m: Money): string => toAmountString(m);
const rvg = (value: string, table: RvgTable): string => amt(rvgFee(eur(value), table));
const gkg = (value: string, table: GkgTable): string => amt(gkgFee(eur(value), table));

describe('§ 13 Abs. 1 RVG table 2025-06-01 (KostBRÄG 2025)', () => {
  // Anlage 2 RVG 2025, all 42 values from the facts file § 3.1, plus the two [C] values above 500,000.
  const anlage2: Array<[string, string]> = [
    ['500', '51.50'], ['1000', '93.00'], ['1500', '134.50'], ['2000', '176.00'], ['3000', '235.50'],
    ['4000', '295.00'], ['5000', '354.50'], ['6000', '414.00'], ['7000', '473.50'], ['8000', '533.00'],
    ['9000', '592.50'], ['10000', '652.00'], ['13000', '707.00'], ['16000', '762.00'], ['19000', '817.00'],
    ['22000', '872.00'], ['25000', '927.00'], ['30000', '1013.00'], ['35000', '1099.00'], ['40000', '1185.00'],
    ['45000', '1271.00'], ['50000', '1357.00'], ['65000', '1456.50'], ['80000', '1556.00'], ['95000', '1655.50'],
    ['110000', '1755.00'], ['125000', '1854.50'], ['140000', '1954.00'], ['155000', '2053.50'], ['170000', '2153.00'],
    ['185000', '2252.50'], ['200000', '2352.00'], ['230000', '2492.00'], ['260000', '2632.00'], ['290000', '2772.00'],
    ['320000', '2912.00'], ['350000', '3052.00'], ['380000', '3192.00'], ['410000', '3332.00'], ['440000', '3472.00'],
    ['470000', '3612.00'], ['500000', '3752.00'], ['600000', '4102.00'], ['1000000', '5502.00'],
  ];
  it.each(anlage2)('value %s → 1.0 fee %s EUR (Anlage 2 RVG)', (value, fee) => {
    expect(rvg(value, rvgTable2025)).toBe(fee);
  });

  // Each threshold and the first started block above it: base + one more step.
  it.each([
    ['0', '51.50'], // value zero: still the base fee
    ['499.99', '51.50'],
    ['500', '51.50'],
    ['500.01', '93.00'], // 51.50 + 41.50 (a started 500)
    ['501', '93.00'],
    ['2000', '176.00'], // 51.50 + 3 × 41.50
    ['2001', '235.50'], // 176.00 + 59.50 (a started 1,000)
    ['10000', '652.00'], // 176.00 + 8 × 59.50
    ['10001', '707.00'], // 652.00 + 55.00 (a started 3,000)
    ['25000', '927.00'], // 652.00 + 5 × 55.00
    ['25001', '1013.00'], // 927.00 + 86.00
    ['50000', '1357.00'], // 927.00 + 5 × 86.00
    ['50001', '1456.50'], // 1357.00 + 99.50
    ['200000', '2352.00'], // 1357.00 + 10 × 99.50
    ['200001', '2492.00'], // 2352.00 + 140.00
    ['500000', '3752.00'], // 2352.00 + 10 × 140.00
    ['500001', '3927.00'], // 3752.00 + 175.00 (a started 50,000)
  ])('§ 13 Abs. 1 RVG step boundary: value %s → %s EUR', (value, fee) => {
    expect(rvg(value, rvgTable2025)).toBe(fee);
  });
});

describe('§ 13 Abs. 1 RVG table 2021-01-01 (KostRÄG 2021)', () => {
  // Anlage 2 RVG 2021, all 42 values from the facts file § 3.2 (buzer).
  const anlage2: Array<[string, string]> = [
    ['500', '49'], ['1000', '88'], ['1500', '127'], ['2000', '166'], ['3000', '222'], ['4000', '278'],
    ['5000', '334'], ['6000', '390'], ['7000', '446'], ['8000', '502'], ['9000', '558'], ['10000', '614'],
    ['13000', '666'], ['16000', '718'], ['19000', '770'], ['22000', '822'], ['25000', '874'], ['30000', '955'],
    ['35000', '1036'], ['40000', '1117'], ['45000', '1198'], ['50000', '1279'], ['65000', '1373'], ['80000', '1467'],
    ['95000', '1561'], ['110000', '1655'], ['125000', '1749'], ['140000', '1843'], ['155000', '1937'], ['170000', '2031'],
    ['185000', '2125'], ['200000', '2219'], ['230000', '2351'], ['260000', '2483'], ['290000', '2615'], ['320000', '2747'],
    ['350000', '2879'], ['380000', '3011'], ['410000', '3143'], ['440000', '3275'], ['470000', '3407'], ['500000', '3539'],
  ];
  it.each(anlage2)('value %s → 1.0 fee %s EUR (Anlage 2 RVG a.F.)', (value, fee) => {
    expect(rvg(value, rvgTable2021)).toBe(`${fee}.00`);
  });

  it.each([
    ['500', '49.00'],
    ['501', '88.00'], // 49 + 39
    ['2000', '166.00'], // 49 + 3 × 39
    ['2001', '222.00'], // 166 + 56
    ['10000', '614.00'], // 166 + 8 × 56
    ['10001', '666.00'], // 614 + 52
    ['25000', '874.00'], // 614 + 5 × 52
    ['25001', '955.00'], // 874 + 81
    ['50000', '1279.00'], // 874 + 5 × 81
    ['50001', '1373.00'], // 1279 + 94
    ['200000', '2219.00'], // 1279 + 10 × 94
    ['200001', '2351.00'], // 2219 + 132
    ['500000', '3539.00'], // 2219 + 10 × 132
    ['500001', '3704.00'], // 3539 + 165
  ])('§ 13 Abs. 1 RVG a.F. step boundary: value %s → %s EUR', (value, fee) => {
    expect(rvg(value, rvgTable2021)).toBe(fee);
  });
});

describe('RVG table choice by mandate date (§ 60 RVG)', () => {
  it('2025-05-31 → RVG 2021-01-01; 2025-06-01 → RVG 2025-06-01; 2021-01-01 → RVG 2021-01-01', () => {
    expect(rvgTableOn('2025-05-31').id).toBe('RVG 2021-01-01');
    expect(rvgTableOn('2025-06-01').id).toBe('RVG 2025-06-01');
    expect(rvgTableOn('2021-01-01').id).toBe('RVG 2021-01-01');
    expect(rvgTableOn('2030-01-01').id).toBe('RVG 2025-06-01');
  });

  it('RVG 2013-08-01 (2. KostRMoG) for mandates until 2020-12-31: Anlage 2 values 500 → 45, 1,000 → 80, 2,000 → 150, 5,000 → 303, 10,000 → 558, 500,000 → 3,213', () => {
    expect(rvgTableOn('2020-12-31').id).toBe('RVG 2013-08-01');
    expect(rvgTableOn('2013-08-01').id).toBe('RVG 2013-08-01');
    // 45; 45 + 35; 45 + 3 × 35; 150 + 3 × 51; 150 + 8 × 51; step rule up to 500,000 as in the Anlage 2 (BGBl. I 2013, 2703).
    expect([rvg('500', rvgTable2013), rvg('1000', rvgTable2013), rvg('2000', rvgTable2013), rvg('5000', rvgTable2013), rvg('10000', rvgTable2013), rvg('500000', rvgTable2013)]).toEqual([
      '45.00', '80.00', '150.00', '303.00', '558.00', '3213.00',
    ]);
    expect(rvgTable2013.smallClaimFee).toBeUndefined();
  });

  it('a date before 2013-08-01 → LegalDataError table_unknown naming the date and the known versions', () => {
    const e = caught(() => rvgTableOn('2013-07-31'));
    expect(e).toBeInstanceOf(LegalDataError);
    expect(e.code).toBe('table_unknown');
    expect(e.message).toContain('2013-07-31');
    expect(e.message).toContain('RVG 2021-01-01');
  });

  it('a malformed date → DateError', () => {
    expect(caught(() => rvgTableOn('2025-02-30')).code).toBe('invalid_date');
  });

  it('every table names its source and § 13 Abs. 2 fee (30 EUR from 2021-10-01; 31.50 EUR from 2025-06-01)', () => {
    expect(rvgTable2021.source).toMatch(/buzer/);
    expect(rvgTable2025.source).toMatch(/BGBl\. 2025 I Nr\. 109/);
    expect(rvgTable2021.smallClaimFee).toMatchObject({ fee: '30', upTo: '50', from: '2021-10-01' });
    expect(rvgTable2025.smallClaimFee).toMatchObject({ fee: '31.50', upTo: '50' });
  });

  it('a non-EUR value → CurrencyMismatchError; a negative value → ValidationError', () => {
    expect(() => rvgFee(money('100', 'USD'), rvgTable2025)).toThrow(CurrencyMismatchError);
    expect(() => rvgFee(eur('-1'), rvgTable2025)).toThrow(ValidationError);
  });
});

describe('§ 13 Abs. 3 RVG minimum fee 15 EUR and § 2 Abs. 2 RVG rounding', () => {
  it('0.3 × 49.00 = 14.70 → raised to the 15.00 minimum (§ 13 Abs. 3 RVG)', () => {
    expect(amt(rvgFeeAtRate(eur('49'), '0.3', rvgTable2021))).toBe('15.00');
  });

  it('0.5 × 30.00 = 15.00 exactly (facts § 3.4, haufe Rz. 141)', () => {
    expect(amt(rvgFeeAtRate(eur('30'), '0.5', rvgTable2021))).toBe('15.00');
  });

  it('half a cent rounds up: 0.65 × 51.50 = 33.475 → 33.48; 0.35 × 93.00 = 32.55', () => {
    expect(amt(rvgFeeAtRate(eur('51.50'), '0.65', rvgTable2025))).toBe('33.48');
    expect(amt(rvgFeeAtRate(eur('93.00'), '0.35', rvgTable2025))).toBe('32.55');
  });
});

describe('worked examples, facts § 8 (fees)', () => {
  it('P1 (haufe, RVG 2021, value 2,500): 1.0 VV 3305 = 222.00, 0.5 VV 3308 = 111.00, + 20.00, 19 % VAT 67.07 → 420.07', () => {
    const base = rvgFee(eur('2500'), rvgTable2021);
    expect(amt(base)).toBe('222.00');
    const v3308 = rvgFeeAtRate(base, '0.5', rvgTable2021);
    expect(amt(v3308)).toBe('111.00');
    const subtotal = base.amount.plus(v3308.amount).plus('20');
    expect(subtotal.toFixed(2)).toBe('353.00');
    const vat = roundMoney(money(subtotal.times('0.19'), 'EUR'));
    expect(amt(vat)).toBe('67.07');
    expect(subtotal.plus(vat.amount).toFixed(2)).toBe('420.07');
  });

  it('P1 on the 2025 table [C]: 235.50 + 117.75 + 20.00 = 373.25', () => {
    const base = rvgFee(eur('2500'), rvgTable2025);
    expect(amt(base)).toBe('235.50');
    expect(amt(rvgFeeAtRate(base, '0.5', rvgTable2025))).toBe('117.75');
  });

  it('P1 (haufe): 0.45 Geschäftsgebühr on 1,250 (50 % Zahlungsvereinbarung), RVG 2021 = 0.45 × 127 = 57.15', () => {
    expect(amt(rvgFeeAtRate(rvgFee(eur('1250'), rvgTable2021), '0.45', rvgTable2021))).toBe('57.15');
  });

  it('P2 (haufe Rz. 141, RVG 2021): 0.9 × 49 = 44.10 (claim < 500); 0.9 × 30 = 27.00 and 0.5 × 30 = 15.00 (claim ≤ 50)', () => {
    expect(amt(rvgFeeAtRate(rvgFee(eur('450'), rvgTable2021), '0.9', rvgTable2021))).toBe('44.10');
    expect(amt(rvgFeeAtRate(eur((rvgTable2021.smallClaimFee ?? { fee: 'missing' }).fee), '0.9', rvgTable2021))).toBe('27.00');
    expect(amt(rvgFeeAtRate(eur((rvgTable2021.smallClaimFee ?? { fee: 'missing' }).fee), '0.5', rvgTable2021))).toBe('15.00');
  });
});

describe('§ 34 Abs. 1 GKG table 2025-06-01', () => {
  // Facts § 6: selected 2025 values [V], and [C] 500,000 / 600,000.
  it.each([
    ['500', '40.00'], ['1000', '61.00'], ['1500', '82.00'], ['2000', '103.00'], ['3000', '125.50'],
    ['4000', '148.00'], ['5000', '170.50'], ['6000', '193.00'], ['7000', '215.50'], ['8000', '238.00'],
    ['9000', '260.50'], ['10000', '283.00'], ['13000', '313.50'], ['16000', '344.00'], ['19000', '374.50'],
    ['22000', '405.00'], ['25000', '435.50'], ['30000', '476.00'], ['50000', '638.00'], ['200000', '2038.00'],
    ['500000', '4138.00'], ['600000', '4558.00'],
  ])('value %s → 1.0 fee %s EUR (Anlage 2 GKG)', (value, fee) => {
    expect(gkg(value, gkgTable2025)).toBe(fee);
  });

  it.each([
    ['500.01', '61.00'], // 40.00 + 21.00
    ['2001', '125.50'], // 103.00 + 22.50
    ['10001', '313.50'], // 283.00 + 30.50
    ['25001', '476.00'], // 435.50 + 40.50
    ['50001', '778.00'], // 638.00 + 140.00
    ['200001', '2248.00'], // 2038.00 + 210.00
    ['500001', '4348.00'], // 4138.00 + 210.00 (a started 50,000)
  ])('§ 34 GKG step boundary: value %s → %s EUR', (value, fee) => {
    expect(gkg(value, gkgTable2025)).toBe(fee);
  });

  it('600,000 → 4,558.00, not the 4,498.00 of one code repository (facts § 6 ⚠)', () => {
    expect(gkg('600000', gkgTable2025)).not.toBe('4498.00');
  });
});

describe('§ 34 Abs. 1 GKG table 2021-01-01', () => {
  it.each([
    ['500', '38.00'],
    ['501', '58.00'], // 38 + 20
    ['1000', '58.00'],
    ['2000', '98.00'], // 38 + 3 × 20
    ['2001', '119.00'], // 98 + 21
    ['5000', '161.00'], // 98 + 3 × 21
    ['10000', '266.00'], // 98 + 8 × 21
    ['10001', '295.00'], // 266 + 29
    ['25000', '411.00'], // 266 + 5 × 29
    ['25001', '449.00'], // 411 + 38
    ['50000', '601.00'], // 411 + 5 × 38
    ['50001', '733.00'], // 601 + 132
    ['200000', '1921.00'], // 601 + 10 × 132
    ['200001', '2119.00'], // 1921 + 198
    ['500000', '3901.00'], // 1921 + 10 × 198
    ['500001', '4099.00'], // 3901 + 198
  ])('§ 34 GKG a.F.: value %s → %s EUR', (value, fee) => {
    expect(gkg(value, gkgTable2021)).toBe(fee);
  });

  it('table choice (§ 71 GKG): 2025-05-31 → GKG 2021-01-01, 2025-06-01 → GKG 2025-06-01, 2020-12-31 → GKG 2013-08-01, 2013-07-31 → table_unknown', () => {
    expect(gkgTableOn('2025-05-31').id).toBe('GKG 2021-01-01');
    expect(gkgTableOn('2025-06-01').id).toBe('GKG 2025-06-01');
    expect(gkgTableOn('2020-12-31').id).toBe('GKG 2013-08-01');
    expect(caught(() => gkgTableOn('2013-07-31')).code).toBe('table_unknown');
  });

  it('§ 34 GKG 2013-08-01 … 2020-12-31 (norm.bverwg.de, juris): 500 → 35, 1,000 → 53, 2,000 → 89, 5,000 → 146, 10,000 → 241, 25,000 → 371', () => {
    // 35; 35 + 18; 35 + 3 × 18; 89 + 3 × 19; 89 + 8 × 19; 241 + 5 × 26.
    expect(['500', '1000', '2000', '5000', '10000', '25000'].map((v) => gkg(v, gkgTable2013))).toEqual(['35.00', '53.00', '89.00', '146.00', '241.00', '371.00']);
  });
});

describe('§ 288 Abs. 5 BGB flat fee (flatFee)', () => {
  const base: FlatFeeInput = { debtor: 'business', claimKind: 'entgelt', defaultBegan: '2025-03-01' };

  it('business debtor, Entgeltforderung, in default → 40.00 EUR, basis § 288 Abs. 5 BGB', () => {
    const fee = flatFee(base);
    expect(fee).not.toBeNull();
    expect(amt(fee!.amount)).toBe('40.00');
    expect(fee!.amount.currency).toBe('EUR');
    expect(fee!.basis).toBe('§ 288 Abs. 5 BGB');
    expect(fee!.explanation).toContain('§ 288 Abs. 5 S. 3 BGB');
  });

  it('claimKind defaults to entgelt', () => {
    expect(flatFee({ debtor: 'business', defaultBegan: '2025-03-01' })).not.toBeNull();
  });

  it('never for a consumer (§ 288 Abs. 5 S. 1 BGB), in default or not', () => {
    expect(flatFee({ ...base, debtor: 'consumer' })).toBeNull();
    expect(flatFeeRefusal({ ...base, debtor: 'consumer' })?.code).toBe('consumer');
    expect(flatFee({ debtor: 'consumer', defaultBegan: null })).toBeNull();
  });

  it('not for a claim that is not an Entgeltforderung (damages, return-debit fees, wages)', () => {
    expect(flatFee({ ...base, claimKind: 'other' })).toBeNull();
    expect(flatFeeRefusal({ ...base, claimKind: 'other' })?.code).toBe('not-entgelt');
  });

  it('only in default: defaultBegan null → none; on a day before default → none; on the first day of default → 40', () => {
    expect(flatFee({ ...base, defaultBegan: null })).toBeNull();
    expect(flatFeeRefusal({ ...base, defaultBegan: null })?.code).toBe('not-in-default');
    expect(flatFee({ ...base, on: '2025-02-28' })).toBeNull();
    expect(flatFee({ ...base, on: '2025-03-01' })).not.toBeNull();
  });

  it('Art. 229 § 34 EGBGB: obligation of 2014-07-28 → none; 2014-07-29 → 40', () => {
    expect(flatFeeRefusal({ ...base, obligationDate: '2014-07-28' })?.code).toBe('obligation-before-2014-07-29');
    expect(flatFee({ ...base, obligationDate: '2014-07-29' })).not.toBeNull();
  });

  it('Art. 229 § 34 S. 2 EGBGB: a continuing obligation of 2012 with consideration performed after 2016-06-30 → 40', () => {
    const old = { ...base, obligationDate: '2012-01-01', continuingObligation: true };
    expect(flatFee({ ...old, performedOn: '2016-07-01' })).not.toBeNull();
    expect(flatFeeRefusal({ ...old, performedOn: '2016-06-30' })?.code).toBe('obligation-before-2014-07-29');
  });

  it('§ 288 Abs. 5 S. 3 BGB both ways: costs charged first lower the flat fee (15.00 → 25.00); costs of 40 or more → none', () => {
    expect(amt(flatFee({ ...base, costsCharged: eur('15.00') })!.amount)).toBe('25.00');
    expect(flatFeeRefusal({ ...base, costsCharged: eur('40.00') })?.code).toBe('credited-against-costs');
    expect(flatFee({ ...base, costsCharged: eur('141.05') })).toBeNull();
    expect(amt(flatFee({ ...base, costsCharged: eur('0') })!.amount)).toBe('40.00');
  });

  it('once per claim: alreadyCharged → none', () => {
    expect(flatFeeRefusal({ ...base, alreadyCharged: true })?.code).toBe('already-charged');
    expect(flatFeeRefusal(base)).toBeNull();
  });

  it('malformed dates → DateError naming the field', () => {
    const e = caught(() => flatFee({ ...base, defaultBegan: '2025-13-01' }));
    expect(e.code).toBe('invalid_date');
    expect(e.field).toBe('defaultBegan');
  });
});

describe("creditor's own dunning fee (BGH VIII ZR 95/18; facts § 2.4)", () => {
  it('the notice that causes default: 0.00 and a warning when a fee was asked', () => {
    const r = creditorDunningFee({ amount: eur('2.00'), causesDefault: true, inDefault: false });
    expect(amt(r.amount)).toBe('0.00');
    expect(r.basis).toContain('VIII ZR 95/18');
    expect(r.warnings).toHaveLength(1);
    expect(creditorDunningFee({ amount: eur('0'), causesDefault: true, inDefault: false }).warnings).toEqual([]);
  });

  it('nothing before default', () => {
    const r = creditorDunningFee({ amount: eur('1.00'), causesDefault: false, inDefault: false });
    expect(amt(r.amount)).toBe('0.00');
    expect(r.warnings).toHaveLength(1);
  });

  it('in default: the asked amount; no warning up to 2.50 EUR, a warning above (actual material costs only)', () => {
    expect(amt(creditorDunningFee({ amount: eur('0.76'), causesDefault: false, inDefault: true }).amount)).toBe('0.76');
    expect(creditorDunningFee({ amount: eur('2.50'), causesDefault: false, inDefault: true }).warnings).toEqual([]);
    const r = creditorDunningFee({ amount: eur('2.51'), causesDefault: false, inDefault: true });
    expect(amt(r.amount)).toBe('2.51');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('VIII ZR 95/18');
  });

  it('EuGH C-287/17, § 288 Abs. 5 S. 3 BGB: a business creditor\'s own fees count against the 40 EUR flat fee, only the excess on top', () => {
    const flat = { causesDefault: false, inDefault: true, flatFeeCharged: eur('40.00') };
    // 1.00 after the flat fee: covered by it → 0.00, with a warning saying why.
    const covered = creditorDunningFee({ ...flat, amount: eur('1.00') });
    expect(amt(covered.amount)).toBe('0.00');
    expect(covered.basis).toContain('§ 288 Abs. 5 S. 3 BGB');
    expect(covered.warnings.join(' ')).toContain('C-287/17');
    // Own fees of 39.00 before, 3.00 now: 42.00 exceed 40 by 2.00.
    expect(amt(creditorDunningFee({ ...flat, amount: eur('3.00'), ownFeesCharged: eur('39.00') }).amount)).toBe('2.00');
    // Own fees already above the flat fee: the whole new fee is owed.
    expect(amt(creditorDunningFee({ ...flat, amount: eur('3.00'), ownFeesCharged: eur('45.00') }).amount)).toBe('3.00');
  });

  it('the warning level is configurable', () => {
    expect(creditorDunningFee({ amount: eur('1.00'), causesDefault: false, inDefault: true, warnAbove: eur('0.76') }).warnings).toHaveLength(1);
  });

  it('a negative amount or fractions of a cent → ValidationError naming amount', () => {
    expect(caught(() => creditorDunningFee({ amount: eur('-1'), causesDefault: false, inDefault: true })).field).toBe('amount');
    expect(caught(() => creditorDunningFee({ amount: eur('1.005'), causesDefault: false, inDefault: true })).code).toBe('invalid_input');
  });
});
