import { describe, expect, it } from 'vitest';
import {
  addDays,
  computeDefaultInterest,
  computeInterestSchedule,
  CurrencyMismatchError,
  DateError,
  defaultInterestMargin,
  extendBaseRates,
  germanBaseRates,
  germanBaseRateTable,
  LegalDataError,
  money,
  toAmountString,
  ValidationError,
  type DefaultInterestInput,
  type InterestResult,
} from '../../src/index.js';
import { caught as catchError } from '../errors/caught.js';

// Every expected figure is computed by hand below (amount = principal × rate × days / (100 × yearDays),
// half up to the cent) with the base rates of the facts file shared/legal/de-and-eu-facts.md § 1.1, and
// was cross-checked with exact fractions (Python `fractions.Fraction`).

const amounts = (r: InterestResult) => r.periods.map((p) => toAmountString(p.amount));
const eur = (s: string) => money(s, 'EUR');

const consumer = (over: Partial<DefaultInterestInput> = {}): DefaultInterestInput => ({
  principal: eur('1000.00'),
  from: '2024-12-16',
  to: '2025-01-15',
  debtor: 'consumer',
  ...over,
});

describe('§ 288 Abs. 1 BGB: consumer, base rate + 5 points, split at the base-rate change (law-api contract)', () => {
  it('1000 EUR 2024-12-16 … 2025-01-15 → 6.66', () => {
    // 16 days 2024-12-16 … 2024-12-31 at 3.37 + 5 = 8.37 %: 1000 × 16 × 8.37 / 36500 = 133920 / 36500 = 3.66904… → 3.67
    // 15 days 2025-01-01 … 2025-01-15 at 2.27 + 5 = 7.27 %: 1000 × 15 × 7.27 / 36500 = 109050 / 36500 = 2.98767… → 2.99
    // total 3.67 + 2.99 = 6.66
    const r = computeDefaultInterest(consumer());
    expect(toAmountString(r.total)).toBe('6.66');
    expect(r).toMatchObject({ currency: 'EUR', dayCount: 'act/365', rounding: 'period' });
    expect(r.periods).toHaveLength(2);
    const [p1, p2] = r.periods;
    expect(p1).toMatchObject({ from: '2024-12-16', to: '2024-12-31', days: 16, yearDays: 365, basis: '§ 288 Abs. 1 BGB' });
    expect(p2).toMatchObject({ from: '2025-01-01', to: '2025-01-15', days: 15, yearDays: 365, basis: '§ 288 Abs. 1 BGB' });
    expect([p1?.baseRatePercent.toString(), p1?.marginPoints.toString(), p1?.ratePercent.toString()]).toEqual(['3.37', '5', '8.37']);
    expect([p2?.baseRatePercent.toString(), p2?.marginPoints.toString(), p2?.ratePercent.toString()]).toEqual(['2.27', '5', '7.27']);
    expect(amounts(r)).toEqual(['3.67', '2.99']);
    expect(r.periods.every((p) => p.assumedBaseRate === undefined && p.unconfirmedBaseRate === undefined)).toBe(true);
    expect(r.note).toBeUndefined();
  });

  it('claimKind other (not an Entgeltforderung) against a business: also + 5 points → 6.66', () => {
    const r = computeDefaultInterest(consumer({ debtor: 'business', claimKind: 'other' }));
    expect(toAmountString(r.total)).toBe('6.66');
    expect(r.periods[0]?.basis).toBe('§ 288 Abs. 1 BGB');
  });
});

describe('§ 288 Abs. 2 BGB: business Entgeltforderung, base rate + 9 points', () => {
  it('1000 EUR 2024-12-16 … 2025-01-15 → 10.05', () => {
    // 16 days at 3.37 + 9 = 12.37 %: 1000 × 16 × 12.37 / 36500 = 197920 / 36500 = 5.42246… → 5.42
    // 15 days at 2.27 + 9 = 11.27 %: 1000 × 15 × 11.27 / 36500 = 169050 / 36500 = 4.63150… → 4.63
    // total 5.42 + 4.63 = 10.05
    const r = computeDefaultInterest(consumer({ debtor: 'business' }));
    expect(toAmountString(r.total)).toBe('10.05');
    expect(amounts(r)).toEqual(['5.42', '4.63']);
    expect(r.periods.map((p) => p.ratePercent.toString())).toEqual(['12.37', '11.27']);
    expect(r.periods.every((p) => p.basis === '§ 288 Abs. 2 BGB' && p.marginPoints.toString() === '9')).toBe(true);
  });

  it('Art. 229 § 34 EGBGB: obligation arisen 2014-07-28 → + 8 points; 2014-07-29 → + 9 points', () => {
    // 2015-03-01 … 2015-03-31, 31 days, base rate −0.83 (from 2015-01-01):
    //   + 8 → 7.17 %: 1000 × 31 × 7.17 / 36500 = 222270 / 36500 = 6.08958… → 6.09
    //   + 9 → 8.17 %: 1000 × 31 × 8.17 / 36500 = 253270 / 36500 = 6.93890… → 6.94
    const base = { principal: eur('1000.00'), from: '2015-03-01', to: '2015-03-31', debtor: 'business' } as const;
    const old = computeDefaultInterest({ ...base, obligationDate: '2014-07-28' });
    const current = computeDefaultInterest({ ...base, obligationDate: '2014-07-29' });
    expect(toAmountString(old.total)).toBe('6.09');
    expect(old.periods[0]).toMatchObject({ basis: '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB' });
    expect(old.periods[0]?.marginPoints.toString()).toBe('8');
    expect(old.periods[0]?.ratePercent.toString()).toBe('7.17');
    expect(toAmountString(current.total)).toBe('6.94');
    expect(current.periods[0]).toMatchObject({ basis: '§ 288 Abs. 2 BGB' });
    expect(current.periods[0]?.ratePercent.toString()).toBe('8.17');
    // Without an obligation date the current law (+ 9) applies.
    expect(toAmountString(computeDefaultInterest(base).total)).toBe('6.94');
  });

  it('defaultInterestMargin: 5 / 8 / 9 points and their bases', () => {
    expect(defaultInterestMargin({ debtor: 'consumer', obligationDate: '2010-01-01' }).marginPoints.toString()).toBe('5');
    expect(defaultInterestMargin({ debtor: 'business', claimKind: 'other', obligationDate: '2010-01-01' }).basis).toBe('§ 288 Abs. 1 BGB');
    expect(defaultInterestMargin({ debtor: 'business', obligationDate: '2014-07-28' }).marginPoints.toString()).toBe('8');
    expect(defaultInterestMargin({ debtor: 'business', obligationDate: '2014-07-29' }).marginPoints.toString()).toBe('9');
  });
});

describe('§ 288 Abs. 2 BGB needs a legal transaction in which no consumer takes part', () => {
  it('a consumer creditor (collection for a private person) against a business debtor: + 5 points, § 288 Abs. 1 BGB → 6.66', () => {
    // Same figures as the consumer case above: 16 d at 8.37 % (3.67) + 15 d at 7.27 % (2.99) = 6.66.
    const r = computeDefaultInterest(consumer({ debtor: 'business', creditor: 'consumer' }));
    expect(toAmountString(r.total)).toBe('6.66');
    expect(r.periods.every((p) => p.basis === '§ 288 Abs. 1 BGB' && p.marginPoints.toString() === '5')).toBe(true);
    expect(defaultInterestMargin({ debtor: 'business', creditor: 'business' }).marginPoints.toString()).toBe('9');
    expect(catchError(() => defaultInterestMargin({ debtor: 'business', creditor: 'private' as never })).field).toBe('creditor');
  });
});

describe('Art. 229 § 34 S. 2 EGBGB: continuing obligations from before 2014-07-29', () => {
  it('performance after 2016-06-30 → + 9 points (basis names S. 2); performance on 2016-06-30 → + 8 points', () => {
    // 2017-03-01 … 2017-03-31, 31 days, base rate −0.88: + 9 → 8.12 %: 1000 × 31 × 8.12 / 36500 = 6.8964… → 6.90
    //                                                     + 8 → 7.12 %: 1000 × 31 × 7.12 / 36500 = 6.0471… → 6.05
    const base = { principal: eur('1000.00'), from: '2017-03-01', to: '2017-03-31', debtor: 'business', obligationDate: '2012-01-01', continuingObligation: true } as const;
    const after = computeDefaultInterest({ ...base, performedOn: '2016-07-01' });
    expect(toAmountString(after.total)).toBe('6.90');
    expect(after.periods[0]?.basis).toBe('§ 288 Abs. 2 BGB i.V.m. Art. 229 § 34 S. 2 EGBGB');
    expect(toAmountString(computeDefaultInterest({ ...base, performedOn: '2016-06-30' }).total)).toBe('6.05');
    // Not a continuing obligation: S. 1 keeps the old law whatever the performance date.
    expect(toAmountString(computeDefaultInterest({ ...base, continuingObligation: false, performedOn: '2016-07-01' }).total)).toBe('6.05');
  });
});

describe('§ 288 Abs. 3 BGB: a higher contractual rate applies where it is higher than the statutory rate', () => {
  it('business, 12 % agreed: 12.37 % (statutory) in Dec 2024, 12 % (contract) in Jan 2025 → 10.35', () => {
    // 16 days at 12.37 % (12 < 12.37, statutory): 5.42 (see above)
    // 15 days at 12 % (12 > 11.27, contract): 1000 × 15 × 12 / 36500 = 180000 / 36500 = 4.93150… → 4.93
    // total 5.42 + 4.93 = 10.35
    const r = computeDefaultInterest(consumer({ debtor: 'business', contractualRatePercent: '12' }));
    expect(toAmountString(r.total)).toBe('10.35');
    expect(amounts(r)).toEqual(['5.42', '4.93']);
    expect(r.periods.map((p) => p.basis)).toEqual(['§ 288 Abs. 2 BGB', '§ 288 Abs. 3 BGB']);
    expect(r.periods.map((p) => p.ratePercent.toString())).toEqual(['12.37', '12']);
    expect(r.periods[1]?.statutoryRatePercent?.toString()).toBe('11.27');
  });

  it('a contractual rate not above the statutory one is ignored', () => {
    const r = computeDefaultInterest(consumer({ contractualRatePercent: '7.27' }));
    expect(toAmountString(r.total)).toBe('6.66');
    expect(r.periods.every((p) => p.basis === '§ 288 Abs. 1 BGB')).toBe(true);
  });

  it('refuses a contractual rate that is not a decimal percent string', () => {
    const e = catchError(() => computeDefaultInterest(consumer({ contractualRatePercent: '12%' })));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('contractualRatePercent');
  });
});

describe('worked examples of facts file § 8 (interest)', () => {
  it('P3 (anleiter.de): 1000 EUR, 25 days at 5.12 % (base 0.12 + 5) → 3.51', () => {
    // 2010-03-01 … 2010-03-25, base rate 0.12 (2009-07-01 … 2011-06-30): 1000 × 25 × 5.12 / 36500 = 3.50684… → 3.51
    const r = computeDefaultInterest({ principal: eur('1000.00'), from: '2010-03-01', to: '2010-03-25', debtor: 'consumer' });
    expect(r.periods).toHaveLength(1);
    expect(r.periods[0]?.days).toBe(25);
    expect(r.periods[0]?.ratePercent.toString()).toBe('5.12');
    expect(toAmountString(r.total)).toBe('3.51');
  });

  it('P4 (ameax/bgb-interest): 10000 EUR, 181 days 2023-01-01 … 2023-06-30 at 6.62 % → 328.28; at 10.62 % → 526.64', () => {
    // 10000 × 181 × 6.62 / 36500 = 11982200 / 36500 = 328.2794… → 328.28
    // 10000 × 181 × 10.62 / 36500 = 19222200 / 36500 = 526.6356… → 526.64
    const c = computeDefaultInterest({ principal: eur('10000.00'), from: '2023-01-01', to: '2023-06-30', debtor: 'consumer' });
    expect(c.periods).toHaveLength(1);
    expect(c.periods[0]?.days).toBe(181);
    expect(toAmountString(c.total)).toBe('328.28');
    const b = computeDefaultInterest({ principal: eur('10000.00'), from: '2023-01-01', to: '2023-06-30', debtor: 'business' });
    expect(toAmountString(b.total)).toBe('526.64');
  });

  it('P4 corrected split: interest days 2023-01-02 … 2023-07-01 → 180 d at 6.62 % + 1 d at 8.12 % = 328.69', () => {
    // 10000 × 180 × 6.62 / 36500 = 326.4657… → 326.47; 10000 × 1 × 8.12 / 36500 = 2.2246… → 2.22; 328.69
    const r = computeDefaultInterest({ principal: eur('10000.00'), from: '2023-01-02', to: '2023-07-01', debtor: 'consumer' });
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.ratePercent.toString()])).toEqual([
      ['2023-01-02', '2023-06-30', 180, '6.62'],
      ['2023-07-01', '2023-07-01', 1, '8.12'],
    ]);
    expect(amounts(r)).toEqual(['326.47', '2.22']);
    expect(toAmountString(r.total)).toBe('328.69');
  });
});

describe('§ 247 BGB: every base-rate change splits a period running across it', () => {
  const rows = germanBaseRates;
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1];
    const cur = rows[i];
    if (!prev || !cur) continue;
    const changed = prev.ratePercent !== cur.ratePercent;
    it(`${cur.from}: ${prev.ratePercent} → ${cur.ratePercent} ${changed ? 'splits' : 'stays one period (unchanged rate)'}`, () => {
      const from = addDays(cur.from, -10);
      const to = addDays(cur.from, 9);
      const r = computeDefaultInterest({ principal: eur('1000.00'), from, to, debtor: 'consumer' });
      if (changed) {
        expect(r.periods.map((p) => [p.from, p.to, p.days])).toEqual([
          [from, addDays(cur.from, -1), 10],
          [cur.from, to, 10],
        ]);
        expect(r.periods.map((p) => p.baseRatePercent.toFixed(2))).toEqual([prev.ratePercent, cur.ratePercent]);
      } else {
        expect(r.periods.map((p) => [p.from, p.to, p.days])).toEqual([[from, to, 20]]);
      }
      // The split never loses or adds a day.
      expect(r.periods.reduce((n, p) => n + p.days, 0)).toBe(20);
    });
  }

  it('a period from 2002-01-01 to 2026-12-31 covers every day once, with one line per rate change', () => {
    const r = computeDefaultInterest({ principal: eur('1000.00'), from: '2002-01-01', to: '2026-12-31', debtor: 'consumer' });
    expect(r.periods.reduce((n, p) => n + p.days, 0)).toBe(9131); // 25 years, 6 of them leap years (2004 … 2024)
    const changes = rows.filter((row, i) => i === 0 || rows[i - 1]?.ratePercent !== row.ratePercent || row.confirmed === false);
    expect(r.periods.map((p) => p.from)).toEqual(changes.map((row) => row.from));
    for (let i = 1; i < r.periods.length; i++) expect(r.periods[i]?.from).toBe(addDays(r.periods[i - 1]?.to ?? '', 1));
  });
});

describe('day count: act/365 (default) and act/act; 2024 is a leap year (facts § 2.3)', () => {
  it('2024-01-01 … 2024-06-30 (182 days at 8.62 %): act/365 → 42.98, act/act → 42.86', () => {
    // act/365: 1000 × 182 × 8.62 / 36500 = 1568840 / 36500 = 42.9819… → 42.98
    // act/act: 1000 × 182 × 8.62 / 36600 = 1568840 / 36600 = 42.8644… → 42.86
    const input = { principal: eur('1000.00'), from: '2024-01-01', to: '2024-06-30', debtor: 'consumer' } as const;
    const a365 = computeDefaultInterest(input);
    const aact = computeDefaultInterest({ ...input, dayCount: 'act/act' });
    expect(a365.periods[0]?.yearDays).toBe(365);
    expect(aact.periods[0]?.yearDays).toBe(366);
    expect(toAmountString(a365.total)).toBe('42.98');
    expect(toAmountString(aact.total)).toBe('42.86');
    expect(aact.dayCount).toBe('act/act');
  });

  it('across 1 January 2024: 2023-12-16 … 2024-01-15 → act/365 7.10, act/act 7.09 (366 days in 2024)', () => {
    // 16 days at 3.12 + 5 = 8.12 %: 1000 × 16 × 8.12 / 36500 = 3.5594… → 3.56 (both)
    // 15 days at 3.62 + 5 = 8.62 %: act/365 1000 × 15 × 8.62 / 36500 = 3.5424… → 3.54; act/act / 36600 = 3.5327… → 3.53
    const input = { principal: eur('1000.00'), from: '2023-12-16', to: '2024-01-15', debtor: 'consumer' } as const;
    const a365 = computeDefaultInterest(input);
    const aact = computeDefaultInterest({ ...input, dayCount: 'act/act' });
    expect(amounts(a365)).toEqual(['3.56', '3.54']);
    expect(amounts(aact)).toEqual(['3.56', '3.53']);
    expect(aact.periods.map((p) => p.yearDays)).toEqual([365, 366]);
    expect(toAmountString(a365.total)).toBe('7.10');
    expect(toAmountString(aact.total)).toBe('7.09');
  });

  it('act/act splits at 1 January even when the base rate does not change (2020-12-01 … 2021-01-31, −0.88)', () => {
    // act/365, one period of 62 days at 4.12 %: 1000 × 62 × 4.12 / 36500 = 6.9983… → 7.00
    // act/act: 31 days / 366 (2020): 127720 / 36600 = 3.4896… → 3.49; 31 days / 365 (2021): 127720 / 36500 = 3.4991… → 3.50; 6.99
    const input = { principal: eur('1000.00'), from: '2020-12-01', to: '2021-01-31', debtor: 'consumer' } as const;
    const a365 = computeDefaultInterest(input);
    const aact = computeDefaultInterest({ ...input, dayCount: 'act/act' });
    expect(a365.periods.map((p) => p.days)).toEqual([62]);
    expect(toAmountString(a365.total)).toBe('7.00');
    expect(aact.periods.map((p) => [p.from, p.to, p.yearDays])).toEqual([
      ['2020-12-01', '2020-12-31', 366],
      ['2021-01-01', '2021-01-31', 365],
    ]);
    expect(toAmountString(aact.total)).toBe('6.99');
  });
});

describe('negative base rates (2013-01-01 … 2022-12-31): the rate lies below the margin', () => {
  it('consumer 10000 EUR over 2016 → 415.62 at 4.17 % and 4.12 %', () => {
    // 2016-01-01 … 2016-06-30: 182 days (leap year), base −0.83 → 4.17 %: 10000 × 182 × 4.17 / 36500 = 207.9287… → 207.93
    // 2016-07-01 … 2016-12-31: 184 days, base −0.88 → 4.12 %: 10000 × 184 × 4.12 / 36500 = 207.6931… → 207.69
    // total 415.62
    const r = computeDefaultInterest({ principal: eur('10000.00'), from: '2016-01-01', to: '2016-12-31', debtor: 'consumer' });
    expect(r.periods.map((p) => [p.days, p.baseRatePercent.toString(), p.ratePercent.toString()])).toEqual([
      [182, '-0.83', '4.17'],
      [184, '-0.88', '4.12'],
    ]);
    expect(amounts(r)).toEqual(['207.93', '207.69']);
    expect(toAmountString(r.total)).toBe('415.62');
  });

  it('business: 8.17 % and 8.12 % → 816.72', () => {
    // 10000 × 182 × 8.17 / 36500 = 407.3808… → 407.38; 10000 × 184 × 8.12 / 36500 = 409.3369… → 409.34
    const r = computeDefaultInterest({ principal: eur('10000.00'), from: '2016-01-01', to: '2016-12-31', debtor: 'business' });
    expect(amounts(r)).toEqual(['407.38', '409.34']);
    expect(toAmountString(r.total)).toBe('816.72');
  });

  it('a host table with an extreme negative base rate never yields negative interest (rate floored at 0)', () => {
    const rows = [{ from: '2030-01-01', ratePercent: '-6.00', source: 'hypothetical' }];
    const r = computeDefaultInterest({ principal: eur('1000.00'), from: '2030-01-01', to: '2030-01-31', debtor: 'consumer', baseRates: rows });
    expect(r.periods[0]?.ratePercent.toString()).toBe('0');
    expect(toAmountString(r.total)).toBe('0.00');
  });
});

describe('rounding: per period (default) or once on the total (facts § 2.3: no statutory rule)', () => {
  it('500 EUR consumer 2024-12-16 … 2025-01-15: period → 3.32, total → 3.33 (with a note)', () => {
    // 500 × 16 × 8.37 / 36500 = 66960 / 36500 = 1.834520… ; 500 × 15 × 7.27 / 36500 = 54525 / 36500 = 1.493835…
    // per period: 1.83 + 1.49 = 3.32; once: 3.328356… → 3.33
    const period = computeDefaultInterest(consumer({ principal: eur('500.00') }));
    const total = computeDefaultInterest(consumer({ principal: eur('500.00'), rounding: 'total' }));
    expect(toAmountString(period.total)).toBe('3.32');
    expect(toAmountString(total.total)).toBe('3.33');
    expect(total.rounding).toBe('total');
    // Period amounts are shown rounded; the exact amounts are kept beside them.
    expect(amounts(total)).toEqual(['1.83', '1.49']);
    expect(total.periods[0]?.exactAmount?.amount.toFixed(6)).toBe('1.834521');
    expect(total.note).toMatch(/display/);
    expect(period.note).toBeUndefined();
  });
});

describe('base rates beyond the known table (2026-12-31)', () => {
  it('a period reaching 2027 throws base_rate_unknown naming `to`, the date and the last known day', () => {
    const e = catchError(() => computeDefaultInterest({ principal: eur('100.00'), from: '2026-12-01', to: '2027-02-01', debtor: 'consumer' }));
    expect(e).toBeInstanceOf(LegalDataError);
    expect(e.code).toBe('base_rate_unknown');
    expect(e.field).toBe('to');
    expect(e.message).toMatch(/^to: /);
    expect(e.message).toContain('2027-01-01');
    expect(e.message).toContain('2026-12-31');
    expect(e.message).toContain('extendBaseRates');
    expect(e.message).toContain('allowBeyondKnownBaseRate');
  });

  it('a period starting after the table names `from`', () => {
    expect(catchError(() => computeDefaultInterest({ principal: eur('100.00'), from: '2027-02-01', to: '2027-03-01', debtor: 'consumer' })).field).toBe('from');
  });

  it('a period starting before 2002-01-01 names `from`', () => {
    const e = catchError(() => computeDefaultInterest({ principal: eur('100.00'), from: '2001-12-01', to: '2002-01-31', debtor: 'consumer' }));
    expect(e.code).toBe('base_rate_unknown');
    expect(e.field).toBe('from');
  });

  it('opt in: the last known rate (1.52) is assumed for 2027 and the period is marked; 2026-12 is marked unconfirmed', () => {
    // 2026-12-01 … 2026-12-31: 31 days at 1.52 + 5 = 6.52 % (row 2026-07-01, unconfirmed): 1000 × 31 × 6.52 / 36500 = 5.5375… → 5.54
    // 2027-01-01 … 2027-01-31: 31 days at 6.52 % (assumed): 5.54
    const r = computeDefaultInterest({ principal: eur('1000.00'), from: '2026-12-01', to: '2027-01-31', debtor: 'consumer', allowBeyondKnownBaseRate: true });
    expect(r.periods.map((p) => [p.from, p.to, p.ratePercent.toString(), p.assumedBaseRate ?? false, p.unconfirmedBaseRate ?? false])).toEqual([
      ['2026-12-01', '2026-12-31', '6.52', false, true],
      ['2027-01-01', '2027-01-31', '6.52', true, true],
    ]);
    expect(toAmountString(r.total)).toBe('11.08');
  });

  it('host-extended table: a 2027-01-01 row of 1.77 % is used (1000 EUR, January 2027 → 5.75)', () => {
    // 1000 × 31 × 6.77 / 36500 = 209870 / 36500 = 5.7498… → 5.75
    const table = extendBaseRates(germanBaseRateTable, [{ from: '2027-01-01', ratePercent: '1.77', source: 'Bundesbank press release (host)' }]);
    const r = computeDefaultInterest({ principal: eur('1000.00'), from: '2027-01-01', to: '2027-01-31', debtor: 'consumer', baseRates: table });
    expect(r.periods[0]).toMatchObject({ baseRateSource: 'Bundesbank press release (host)' });
    expect(r.periods[0]?.assumedBaseRate).toBeUndefined();
    expect(r.periods[0]?.ratePercent.toString()).toBe('6.77');
    expect(toAmountString(r.total)).toBe('5.75');
  });

  it('an invalid host row list in baseRates is a ValidationError naming it', () => {
    const e = catchError(() =>
      computeDefaultInterest({ ...consumer(), baseRates: [{ from: '2024-07-02', ratePercent: '3.37', source: 'x' }] }),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('baseRates[0].from');
  });
});

describe('input checks', () => {
  it('from > to → DateError naming `to`', () => {
    const e = catchError(() => computeDefaultInterest(consumer({ from: '2025-03-01', to: '2025-02-01' })));
    expect(e).toBeInstanceOf(DateError);
    expect(e.field).toBe('to');
    expect(e.message).toMatch(/^to: /);
  });

  it('from = to is one interest day (both ends count)', () => {
    // 1000 × 1 × 7.27 / 36500 = 0.1991… → 0.20
    const r = computeDefaultInterest(consumer({ from: '2025-01-10', to: '2025-01-10' }));
    expect(r.periods[0]?.days).toBe(1);
    expect(toAmountString(r.total)).toBe('0.20');
  });

  it('an impossible date names its field', () => {
    expect(catchError(() => computeDefaultInterest(consumer({ from: '2025-02-30' }))).field).toBe('from');
  });

  it('a negative principal is refused', () => {
    const e = catchError(() => computeDefaultInterest(consumer({ principal: eur('-1.00') })));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('principal');
  });

  it('a zero principal bears no interest (no periods)', () => {
    const r = computeDefaultInterest(consumer({ principal: eur('0.00') }));
    expect(r.periods).toEqual([]);
    expect(toAmountString(r.total)).toBe('0.00');
  });

  it('an unknown debtor kind is refused', () => {
    expect(catchError(() => computeDefaultInterest(consumer({ debtor: 'martian' as 'consumer' }))).field).toBe('debtor');
  });

  it('another currency is kept', () => {
    const r = computeDefaultInterest(consumer({ principal: money('1000.00', 'CHF') }));
    expect(r.currency).toBe('CHF');
    expect(r.total.currency).toBe('CHF');
  });
});

describe('computeInterestSchedule: Zinsstaffel (§§ 288, 289 BGB)', () => {
  it('1000 EUR from 2025-01-01, 600 from 2025-03-02 (part payment), to 2025-08-31 → 32.80', () => {
    // 2025-01-01 … 2025-03-01: 60 days, 1000 at 7.27 %: 1000 × 60 × 7.27 / 36500 = 11.9506… → 11.95
    // 2025-03-02 … 2025-06-30: 121 days, 600 at 7.27 %: 600 × 121 × 7.27 / 36500 = 14.4603… → 14.46
    // 2025-07-01 … 2025-08-31: 62 days, 600 at 1.27 + 5 = 6.27 %: 600 × 62 × 6.27 / 36500 = 6.3902… → 6.39
    // total 32.80
    const r = computeInterestSchedule({
      changes: [
        { date: '2025-01-01', principal: eur('1000.00') },
        { date: '2025-03-02', principal: eur('600.00') },
      ],
      from: '2025-01-01',
      to: '2025-08-31',
      debtor: 'consumer',
    });
    expect(r.periods.map((p) => [p.from, p.to, p.days, toAmountString(p.principal), p.ratePercent.toString(), toAmountString(p.amount)])).toEqual([
      ['2025-01-01', '2025-03-01', 60, '1000.00', '7.27', '11.95'],
      ['2025-03-02', '2025-06-30', 121, '600.00', '7.27', '14.46'],
      ['2025-07-01', '2025-08-31', 62, '600.00', '6.27', '6.39'],
    ]);
    expect(toAmountString(r.total)).toBe('32.80');
  });

  it('no principal before the first change and after full payment: those days have no line', () => {
    const r = computeInterestSchedule({
      changes: [
        { date: '2025-02-01', principal: eur('1000.00') },
        { date: '2025-03-01', principal: eur('0.00') },
      ],
      from: '2025-01-01',
      to: '2025-12-31',
      debtor: 'consumer',
    });
    expect(r.periods.map((p) => [p.from, p.to])).toEqual([['2025-02-01', '2025-02-28']]);
  });

  it('a change before `from` sets the opening principal; changes after `to` are ignored', () => {
    const r = computeInterestSchedule({
      changes: [
        { date: '2024-11-01', principal: eur('1000.00') },
        { date: '2025-06-01', principal: eur('5.00') },
      ],
      from: '2024-12-16',
      to: '2025-01-15',
      debtor: 'consumer',
    });
    expect(toAmountString(r.total)).toBe('6.66');
  });

  it('checks the changes: empty, unordered, negative, mixed currencies', () => {
    const base = { from: '2025-01-01', to: '2025-02-01', debtor: 'consumer' } as const;
    expect(catchError(() => computeInterestSchedule({ ...base, changes: [] })).field).toBe('changes');
    const unordered = catchError(() =>
      computeInterestSchedule({ ...base, changes: [{ date: '2025-01-10', principal: eur('1.00') }, { date: '2025-01-10', principal: eur('2.00') }] }),
    );
    expect(unordered).toBeInstanceOf(ValidationError);
    expect(unordered.field).toBe('changes[1].date');
    expect(catchError(() => computeInterestSchedule({ ...base, changes: [{ date: '2025-01-10', principal: eur('-1.00') }] })).field).toBe('changes[0].principal');
    const mixed = catchError(() =>
      computeInterestSchedule({ ...base, changes: [{ date: '2025-01-01', principal: eur('1.00') }, { date: '2025-01-10', principal: money('2.00', 'CHF') }] }),
    );
    expect(mixed).toBeInstanceOf(CurrencyMismatchError);
    expect(mixed.field).toBe('changes[1].principal');
  });
});

// prepareInterestTerms shares one preparation between terms that derive the same margin, basis,
// contractual rate, conventions and table. Specification: interleaved terms never take another's
// figures. 1,000.00 EUR, 2025-01-01…2025-01-31 (31 days, act/365), base rate 2.27 % (H1 2025):
// consumer 7.27 % → 6.1745… → 6.17; business 11.27 % → 9.5715… → 9.57; business, obligation of
// 2014-01-10 (old law) 10.27 % → 8.7225… → 8.72; contractual 12 % above 11.27 % → 10.1917… → 10.19;
// contractual 10 % for a consumer (above 7.27 %) → 8.4931… → 8.49, for a business (below 11.27 %)
// the statutory 9.57; act/act (2025: 365 days) the same as act/365.
describe('interest terms shared between claims keep their own figures', () => {
  const base = { principal: money('1000.00'), from: '2025-01-01', to: '2025-01-31' } as const;
  const cases: [Omit<DefaultInterestInput, 'principal' | 'from' | 'to'>, string, string][] = [
    [{ debtor: 'consumer' }, '6.17', '§ 288 Abs. 1 BGB'],
    [{ debtor: 'business' }, '9.57', '§ 288 Abs. 2 BGB'],
    [{ debtor: 'business', obligationDate: '2014-01-10' }, '8.72', '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB'],
    [{ debtor: 'business', contractualRatePercent: '12' }, '10.19', '§ 288 Abs. 3 BGB'],
    [{ debtor: 'consumer', contractualRatePercent: '10' }, '8.49', '§ 288 Abs. 3 BGB'],
    [{ debtor: 'business', contractualRatePercent: '10' }, '9.57', '§ 288 Abs. 2 BGB'],
    [{ debtor: 'business', dayCount: 'act/act' }, '9.57', '§ 288 Abs. 2 BGB'],
  ];
  it('in any order, twice over', () => {
    for (const order of [cases, [...cases].reverse(), cases]) {
      for (const [terms, total, basis] of order) {
        const result = computeDefaultInterest({ ...base, ...terms });
        expect(toAmountString(result.total)).toBe(total);
        expect(result.periods.map((p) => p.basis)).toEqual([basis]);
      }
    }
  });
});
