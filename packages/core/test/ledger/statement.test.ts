import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  DateError,
  LegalDataError,
  money,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type Statement,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan, fee } from './fixtures.js';

// Base rates (facts file § 1.1): 2.27 % from 2025-01-01, 1.27 % from 2025-07-01 (and 2026-01-01).
// § 288 Abs. 1 BGB consumer: base + 5 → 7.27 % in H1 2025; § 288 Abs. 2 BGB business Entgelt: base + 9
// → 11.27 % in H1 2025, 10.27 % in H2 2025. Interest days count both ends, act/365, each period rounded
// half up to the cent (facts file § 2.3).

const s = (amount: { amount: { toString(): string }; currency: string }): string => toAmountString(amount as never);

function pay(events: ClaimEvent[], paymentId: string, amount: string, date: string): ClaimEvent {
  const event = allocateIncomingPayment(project(events), { paymentId, amount: money(amount), date });
  events.push(event);
  return event;
}

function interestLines(st: Statement): { from: string; to: string | undefined; days: number | undefined; rate: string | undefined; amount: string; on: string | undefined }[] {
  return st.lines
    .filter((l) => l.part === 'interest' && l.to !== undefined)
    .map((l) => ({ from: l.date, to: l.to, days: l.days, rate: l.ratePercent, amount: s(l.amount), on: l.onPrincipal ? s(l.onPrincipal) : undefined }));
}

function sumOfLines(st: Statement): string {
  return toAmountString(st.lines.reduce((acc, l) => ({ ...acc, amount: acc.amount.plus(l.amount.amount) }), money('0')));
}

describe('statement — Zinsstaffel (§§ 288, 247, 289 BGB) with § 367 BGB payments', () => {
  it('§ 288 Abs. 1 BGB consumer: 1000 EUR from 2025-01-01, 500 EUR paid 2025-03-01 → 11.75 interest paid first, principal 511.75', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01')];
    // As of 2025-02-28: 2025-01-01..2025-02-28 = 59 days at 7.27 %:
    //   1000 × 7.27 / 100 × 59 / 365 = 11.7515… → 11.75
    const before = statement(project(events), '2025-02-28');
    expect(s(before.interest)).toBe('11.75');
    expect(s(before.total)).toBe('1011.75');
    expect(interestLines(before)).toEqual([{ from: '2025-01-01', to: '2025-02-28', days: 59, rate: '7.27', amount: '11.75', on: '1000.00' }]);

    // § 367 Abs. 1 BGB: 500 → interest 11.75, principal 500 − 11.75 = 488.25.
    const p = pay(events, 'P1', '500.00', '2025-03-01');
    expect(p.type === 'payment-received' && p.allocation).toEqual({ costs: '0.00', interest: '11.75', principal: '488.25', unapplied: '0.00' });

    // As of 2025-03-31: principal 1000 − 488.25 = 511.75 from 2025-03-01 (payment day inclusive);
    //   2025-03-01..2025-03-31 = 31 days: 511.75 × 7.27 / 100 × 31 / 365 = 3.1598… → 3.16
    //   accrued 11.75 + 3.16 = 14.91; paid 11.75 → interest 3.16; total 511.75 + 3.16 = 514.91
    const after = statement(project(events), '2025-03-31');
    expect(interestLines(after)).toEqual([
      { from: '2025-01-01', to: '2025-02-28', days: 59, rate: '7.27', amount: '11.75', on: '1000.00' },
      { from: '2025-03-01', to: '2025-03-31', days: 31, rate: '7.27', amount: '3.16', on: '511.75' },
    ]);
    expect(s(after.principal)).toBe('511.75');
    expect(s(after.interestAccrued)).toBe('14.91');
    expect(s(after.interest)).toBe('3.16');
    expect(s(after.costs)).toBe('0.00');
    expect(s(after.total)).toBe('514.91');
    expect(sumOfLines(after)).toBe('514.91');
    // The payment appears as two negative lines with their legal basis.
    expect(after.lines.filter((l) => l.date === '2025-03-01' && l.amount.amount.isNegative()).map((l) => [l.part, s(l.amount), l.basis])).toEqual([
      ['interest', '-11.75', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
      ['principal', '-488.25', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
    ]);
  });

  it('§ 288 Abs. 2 BGB business Entgeltforderung: split at the base-rate change of 2025-07-01, 40 EUR flat fee (§ 288 Abs. 5) as costs', () => {
    const events = [created('2000.00', { debtor: 'business', facts: { invoiceDate: '2025-05-16', dueDate: '2025-06-15' } }), defaultBegan('2025-06-16')];
    events[0] = { ...events[0], date: '2025-05-16' } as ClaimEvent;
    events.push(fee('2025-06-16', '40.00', 'flat-fee'));
    // 2025-06-16..2025-06-30 = 15 days at 2.27 + 9 = 11.27 %: 2000 × 11.27 / 100 × 15 / 365 = 9.2630… → 9.26
    // 2025-07-01..2025-07-15 = 15 days at 1.27 + 9 = 10.27 %: 2000 × 10.27 / 100 × 15 / 365 = 8.4411… → 8.44
    const st = statement(project(events), '2025-07-15');
    expect(interestLines(st)).toEqual([
      { from: '2025-06-16', to: '2025-06-30', days: 15, rate: '11.27', amount: '9.26', on: '2000.00' },
      { from: '2025-07-01', to: '2025-07-15', days: 15, rate: '10.27', amount: '8.44', on: '2000.00' },
    ]);
    expect(st.lines.filter((l) => l.part === 'interest').every((l) => l.basis === '§ 288 Abs. 2 BGB')).toBe(true);
    expect(s(st.interest)).toBe('17.70');
    expect(s(st.costs)).toBe('40.00');
    expect(s(st.total)).toBe('2057.70');

    // § 367 Abs. 1 BGB: 50 EUR on 2025-07-16 against the statement of 2025-07-15 → costs 40, interest 10, principal 0.
    const p = pay(events, 'P1', '50.00', '2025-07-16');
    expect(p.type === 'payment-received' && p.allocation).toEqual({ costs: '40.00', interest: '10.00', principal: '0.00', unapplied: '0.00' });
    expect(p.reason).toMatchObject({
      rule: 'allocation.367',
      basis: '§ 367 Abs. 1 BGB',
      inputs: { asOf: '2025-07-15', openCosts: '40.00', openInterest: '17.70', openPrincipal: '2000.00', amount: '50.00' },
    });
    // The principal did not move, so the second period simply runs on: 2025-07-01..2025-07-31 = 31 days
    // 2000 × 10.27 / 100 × 31 / 365 = 17.4449… → 17.44; accrued 9.26 + 17.44 = 26.70; paid 10 → 16.70.
    const later = statement(project(events), '2025-07-31');
    expect(s(later.interestAccrued)).toBe('26.70');
    expect(s(later.interest)).toBe('16.70');
    expect(s(later.costs)).toBe('0.00');
    expect(s(later.total)).toBe('2016.70');
  });

  it('§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB: business obligation from before 2014-07-29 keeps 8 points', () => {
    const events = [created('1000.00', { debtor: 'business', facts: { contractDate: '2014-01-15' } }), defaultBegan('2025-01-01')];
    // 2025-01-01..2025-01-31 = 31 days at 2.27 + 8 = 10.27 %: 1000 × 10.27 / 100 × 31 / 365 = 8.7224… → 8.72
    const st = statement(project(events), '2025-01-31');
    expect(interestLines(st)).toEqual([{ from: '2025-01-01', to: '2025-01-31', days: 31, rate: '10.27', amount: '8.72', on: '1000.00' }]);
    expect(st.lines.find((l) => l.part === 'interest')?.basis).toBe('§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB');
  });

  it('§ 288 Abs. 1 BGB: a business claim that is not an Entgeltforderung gets 5 points', () => {
    const events = [created('1000.00', { debtor: 'business', facts: { claimKind: 'other' } }), defaultBegan('2025-01-01')];
    // 31 days at 7.27 %: 1000 × 7.27 / 100 × 31 / 365 = 6.1745… → 6.17
    const st = statement(project(events), '2025-01-31');
    expect(s(st.interest)).toBe('6.17');
    expect(st.lines.find((l) => l.part === 'interest')?.ratePercent).toBe('7.27');
  });

  it('§ 286 BGB: no interest before the first day of default', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01')];
    const st = statement(project(events), '2024-12-31');
    expect(s(st.interest)).toBe('0.00');
    expect(s(st.interestAccrued)).toBe('0.00');
    expect(st.lines.filter((l) => l.part === 'interest')).toEqual([]);
    expect(s(st.total)).toBe('1000.00');
    // Without any default-began event there is no interest however late the day.
    const open = statement(project([created('1000.00')]), '2025-06-30');
    expect(s(open.total)).toBe('1000.00');
  });

  it('a default-began event dated after the statement day does not count (only events ≤ date)', () => {
    const events = [created('1000.00'), defaultBegan('2025-02-01')];
    expect(s(statement(project(events), '2025-01-31').interest)).toBe('0.00');
    // 2025-02-01..2025-02-28 = 28 days: 1000 × 7.27 / 100 × 28 / 365 = 5.5769… → 5.58
    expect(s(statement(project(events), '2025-02-28').interest)).toBe('5.58');
  });

  it('adjustment: a 200 EUR credit note on 2025-02-01 lowers the interest-bearing principal from that day', () => {
    const events: ClaimEvent[] = [
      created('1000.00'),
      defaultBegan('2025-01-01'),
      { type: 'adjustment', claimId: CLAIM, date: '2025-02-01', kind: 'credit-note', amount: '200.00', note: 'Mängel' },
    ];
    // 2025-01-01..01-31, 31 days on 1000: 6.1745… → 6.17
    // 2025-02-01..02-28, 28 days on 800: 800 × 7.27 / 100 × 28 / 365 = 4.4615… → 4.46
    const st = statement(project(events), '2025-02-28');
    expect(interestLines(st)).toEqual([
      { from: '2025-01-01', to: '2025-01-31', days: 31, rate: '7.27', amount: '6.17', on: '1000.00' },
      { from: '2025-02-01', to: '2025-02-28', days: 28, rate: '7.27', amount: '4.46', on: '800.00' },
    ]);
    expect(s(st.principal)).toBe('800.00');
    expect(s(st.interest)).toBe('10.63');
    expect(s(st.total)).toBe('810.63');
    expect(st.lines.find((l) => l.label.startsWith('Gutschrift'))).toMatchObject({ part: 'principal', label: 'Gutschrift: Mängel', date: '2025-02-01' });
  });

  it('adjustment: a write-down (Teilerlass, § 397 BGB) reduces the principal like a credit note', () => {
    const events: ClaimEvent[] = [created('1000.00'), { type: 'adjustment', claimId: CLAIM, date: '2024-12-20', kind: 'write-down', amount: '100.00' }];
    const st = statement(project(events), '2024-12-31');
    expect(s(st.principal)).toBe('900.00');
    expect(st.lines.at(-1)).toMatchObject({ label: 'Teilerlass', basis: '§ 397 Abs. 1 BGB (Erlass)' });
  });

  describe('holds (Mahnstopp)', () => {
    const base = (): ClaimEvent[] => [created('1000.00'), defaultBegan('2025-01-01')];

    it('interestRuns: false — no interest from the day placed to the day before it is lifted (split Zinsstaffel)', () => {
      const events = [
        ...base(),
        { type: 'hold-placed', claimId: CLAIM, date: '2025-01-11', holdId: 'H1', note: 'Kulanz', interestRuns: false } as ClaimEvent,
        { type: 'hold-lifted', claimId: CLAIM, date: '2025-01-21', holdId: 'H1', expired: false } as ClaimEvent,
      ];
      // Interest days 2025-01-01..01-10 (10 days) and 2025-01-21..01-31 (11 days); 01-11..01-20 excluded.
      //   1000 × 7.27 / 100 × 10 / 365 = 1.9917… → 1.99;  × 11 / 365 = 2.1909… → 2.19;  total 4.18
      const st = statement(project(events), '2025-01-31');
      expect(interestLines(st)).toEqual([
        { from: '2025-01-01', to: '2025-01-10', days: 10, rate: '7.27', amount: '1.99', on: '1000.00' },
        { from: '2025-01-21', to: '2025-01-31', days: 11, rate: '7.27', amount: '2.19', on: '1000.00' },
      ]);
      expect(s(st.interest)).toBe('4.18');
    });

    it('interestRuns: true — the hold does not touch interest (31 days → 6.17)', () => {
      const events = [
        ...base(),
        { type: 'hold-placed', claimId: CLAIM, date: '2025-01-11', holdId: 'H1', note: 'Rückfrage', interestRuns: true } as ClaimEvent,
        { type: 'hold-lifted', claimId: CLAIM, date: '2025-01-21', holdId: 'H1', expired: false } as ClaimEvent,
      ];
      const st = statement(project(events), '2025-01-31');
      expect(interestLines(st)).toEqual([{ from: '2025-01-01', to: '2025-01-31', days: 31, rate: '7.27', amount: '6.17', on: '1000.00' }]);
    });

    it('a hold with `until` and no lift event stops interest through its until day only', () => {
      const events = [...base(), { type: 'hold-placed', claimId: CLAIM, date: '2025-01-11', holdId: 'H1', note: 'bis 15.', until: '2025-01-15', interestRuns: false } as ClaimEvent];
      // 2025-01-01..01-10: 1.99; 2025-01-16..01-31 = 16 days: 1000 × 7.27 / 100 × 16 / 365 = 3.1868… → 3.19; total 5.18
      const st = statement(project(events), '2025-01-31');
      expect(interestLines(st).map((l) => [l.from, l.to, l.amount])).toEqual([
        ['2025-01-01', '2025-01-10', '1.99'],
        ['2025-01-16', '2025-01-31', '3.19'],
      ]);
      expect(s(st.interest)).toBe('5.18');
    });

    it('an open hold without until keeps interest stopped up to the statement day; a lift dated later is not seen yet', () => {
      const events = [
        ...base(),
        { type: 'hold-placed', claimId: CLAIM, date: '2025-01-11', holdId: 'H1', note: 'offen', interestRuns: false } as ClaimEvent,
        { type: 'hold-lifted', claimId: CLAIM, date: '2025-02-01', holdId: 'H1', expired: false } as ClaimEvent,
      ];
      // As of 2025-01-31 the lift (2025-02-01) is in the future: only 2025-01-01..01-10 bears interest → 1.99
      expect(interestLines(statement(project(events), '2025-01-31')).map((l) => [l.from, l.to, l.amount])).toEqual([['2025-01-01', '2025-01-10', '1.99']]);
      // As of 2025-02-10: plus 2025-02-01..02-10 = 10 days → 1.99
      expect(s(statement(project(events), '2025-02-10').interest)).toBe('3.98');
    });
  });

  it('interest stops on the written-off day and runs again from the day the claim is reopened', () => {
    const events: ClaimEvent[] = [
      created('1000.00'),
      defaultBegan('2025-01-01'),
      { type: 'written-off', claimId: CLAIM, date: '2025-02-01', amount: '1006.17' },
    ];
    // 2025-01-01..01-31 = 31 days → 6.17; nothing from 2025-02-01 on.
    expect(s(statement(project(events), '2025-03-31').interest)).toBe('6.17');
    events.push({ type: 'reopened', claimId: CLAIM, date: '2025-03-01' });
    // Again from 2025-03-01..03-31 = 31 days → 6.17; total interest 12.34.
    const st = statement(project(events), '2025-03-31');
    expect(interestLines(st).map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2025-01-01', '2025-01-31', '6.17'],
      ['2025-03-01', '2025-03-31', '6.17'],
    ]);
    expect(s(st.interest)).toBe('12.34');
  });

  it('overpayment: what the claim cannot take is unapplied and not part of the total', () => {
    const events = [created('100.00')];
    const p = pay(events, 'P1', '150.00', '2024-12-31');
    expect(p.type === 'payment-received' && p.allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '50.00' });
    const st = statement(project(events), '2024-12-31');
    expect(s(st.principal)).toBe('0.00');
    expect(s(st.total)).toBe('0.00');
    expect(s(st.unapplied)).toBe('50.00');
  });

  it('lines are in date order and each part equals the sum of its lines', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-15', '2.50', 'creditor-dunning-fee')];
    pay(events, 'P1', '100.00', '2025-02-01');
    const st = statement(project(events), '2025-03-31');
    const dates = st.lines.map((l) => l.date);
    expect([...dates].sort()).toEqual(dates);
    for (const part of ['principal', 'interest', 'costs'] as const) {
      const total = st.lines.filter((l) => l.part === part).reduce((a, l) => a.plus(l.amount.amount), money('0').amount);
      expect(total.toFixed(2)).toBe(s(st[part]));
    }
    expect(sumOfLines(st)).toBe(s(st.total));
  });

  it('rounding "total": a correction line keeps total = sum of lines', () => {
    const events = [created('1000.00'), defaultBegan('2025-06-16')];
    const st = statement(project(events), '2025-07-15', { rounding: 'total' });
    // Consumer: 2025-06-16..06-30 15 days at 7.27 % = 2.9876… ; 2025-07-01..07-15 15 days at 6.27 % = 2.5767…
    // Per period: 2.99 + 2.58 = 5.57; rounded once: 5.5643… → 5.56, so a −0.01 correction line is added.
    expect(s(st.interestAccrued)).toBe('5.56');
    expect(st.lines.filter((l) => l.part === 'interest').map((l) => s(l.amount))).toEqual(['2.99', '2.58', '-0.01']);
    expect(s(st.total)).toBe('1005.56');
    expect(sumOfLines(st)).toBe(s(st.total));
  });

  it('date checks: an invalid day or one before the invoice date is refused naming `date`', () => {
    const state = project([created('1000.00')]);
    expect(() => statement(state, '2025-02-30')).toThrow(DateError);
    expect(() => statement(state, '2024-11-30')).toThrow(/date: 2024-11-30 is before the invoice date 2024-12-01/);
  });

  it('base rate unknown beyond the table → LegalDataError base_rate_unknown; opt-in assumes the last rate', () => {
    const state = project([created('1000.00'), defaultBegan('2026-12-01')]);
    try {
      statement(state, '2027-01-31');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LegalDataError);
      expect((e as LegalDataError).code).toBe('base_rate_unknown');
    }
    const st = statement(state, '2027-01-31', { allowBeyondKnownBaseRate: true });
    expect(st.interest.amount.isPositive()).toBe(true);
  });
});

describe('statement — cost labels a debtor understands, fee and rate apart from the Nr. 7002 expenses (issue 8, point 16)', () => {
  it('collection costs itemized: Geschäftsgebühr Nr. 2300 VV RVG 0.9 × 134.50 = 121.05 and Auslagenpauschale Nr. 7002 VV RVG 20.00; flat fee and court fee in words', () => {
    const costs: ClaimEvent = {
      type: 'fee-charged',
      claimId: CLAIM,
      date: '2025-08-14',
      feeId: `${CLAIM}:fee:collection-costs:2025-08-14:1`,
      kind: 'collection-costs',
      code: 'Nr. 2300 VV RVG',
      amount: '141.05',
      basis: '§ 13e RDG',
      items: [
        { code: 'Nr. 2300 VV RVG', amount: '121.05', factor: '0.9', baseFee: '134.50', basis: 'Nr. 2300 VV RVG Anm. (2) S. 1, 3' },
        { code: 'Nr. 7002 VV RVG', amount: '20.00', basis: 'Nr. 7002 VV RVG' },
      ],
    };
    const events = [created('1200.00', { debtor: 'business' }), defaultBegan('2025-01-01'), fee('2025-02-01', '40.00'), costs, fee('2025-09-01', '36.00', 'court-fee')];
    const lines = statement(project(events), '2025-09-01').lines.filter((l) => l.part === 'costs');
    expect(lines.map((l) => [l.label, toAmountString(l.amount), l.factor ?? null, l.baseFee ? toAmountString(l.baseFee) : null])).toEqual([
      ['Verzugspauschale (§ 288 Abs. 5 BGB)', '40.00', null, null],
      ['Geschäftsgebühr Nr. 2300 VV RVG', '121.05', '0.9', '134.50'],
      ['Auslagenpauschale Nr. 7002 VV RVG', '20.00', null, null],
      ['Gerichtskosten Mahnverfahren (KV 1100 GKG)', '36.00', null, null],
    ]);
  });

  it('items that do not add up to the fee are not itemized (one line with the fee)', () => {
    const odd: ClaimEvent = { ...(fee('2025-08-14', '141.05', 'collection-costs') as object), items: [{ code: 'Nr. 2300 VV RVG', amount: '100.00', basis: 'x' }] } as unknown as ClaimEvent;
    const lines = statement(project([created('1200.00'), defaultBegan('2025-01-01'), odd]), '2025-08-14').lines.filter((l) => l.part === 'costs');
    expect(lines.map((l) => [l.label, toAmountString(l.amount)])).toEqual([['Geschäftsgebühr Nr. 2300 VV RVG', '141.05']]);
  });
});

describe('statement — unconfirmed figures are visible (issue 8, point 14)', () => {
  it('interest lines on the 2026-07-01 base rate (1.52 %, not confirmed by a primary source) carry `unconfirmed`; earlier ones do not', () => {
    const events = [created('1000.00'), defaultBegan('2026-06-01')];
    const lines = statement(project(events), '2026-07-31').lines.filter((l) => l.part === 'interest');
    expect(lines.map((l) => [l.date, l.unconfirmed === undefined ? null : l.unconfirmed.includes('1.52 %')])).toEqual([
      ['2026-06-01', null],
      ['2026-07-01', true],
    ]);
  });

  it('Statement.unconfirmed lists each unconfirmed remark once (for the portal and internal notes); empty when every figure is confirmed', () => {
    // The interest line on the unconfirmed 2026-07-01 rate and a KV 1100 minimum fee of the
    // 2025 table (38 EUR, secondary sources only, facts file § 6): two distinct remarks, in line order.
    const court: ClaimEvent = {
      ...(fee('2026-07-15', '38.00', 'court-fee') as object),
      code: 'KV 1100 GKG',
      reason: { rule: 'fee.court-fee', inputs: { minimumApplied: true, minimumConfirmed: false } },
    } as unknown as ClaimEvent;
    const events = [created('1000.00'), defaultBegan('2026-06-01'), court];
    const s = statement(project(events), '2026-07-31');
    expect(s.unconfirmed).toHaveLength(2);
    expect(s.unconfirmed[0]).toContain('1.52 %');
    expect(s.unconfirmed[1]).toContain('KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen');
    expect(s.unconfirmed).toEqual([...new Set(s.lines.flatMap((l) => (l.unconfirmed === undefined ? [] : [l.unconfirmed])))]);
    expect(statement(project([created('1000.00'), defaultBegan('2025-06-01')]), '2025-07-31').unconfirmed).toEqual([]);
  });
});
