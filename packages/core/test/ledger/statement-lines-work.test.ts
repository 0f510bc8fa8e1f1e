import { afterEach, describe, expect, it, vi } from 'vitest';
import { money, project, statement, summarizeState, toAmountString } from '../../src/index.js';
import { Dec } from '../../src/money/decimal.js';
import { interestPeriodsOf } from '../../src/law/de/interest.js';
import { openPrincipalAmountString, openPrincipalOf, statementFigures, StatementFigures } from '../../src/ledger/statement.js';
import { created, defaultBegan, fee } from './fixtures.js';

// The daily run renders a letter from each due claim's statement lines and writes each claim's
// summary with its open principal. These specs pin down that the lines and the summary are the same
// figures as before while work their readers never use is left out: the exact (unrounded) interest
// of each period, the statement's interest accrued as Money, and a decimal.js value for the open principal.

const s = toAmountString;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('statement lines (§ 288 Abs. 1 BGB Zinsstaffel): the rounded period amounts, without the exact ones', () => {
  // Consumer, 1000.00 € in default from 2025-06-16, statement at the end of 2025-07-15 (base rate 2.27 %
  // to 2025-06-30, 1.27 % from 2025-07-01; § 288 Abs. 1 BGB: + 5 points):
  //   2025-06-16 … 2025-06-30: 15 days × 1000.00 × 7.27 % / 365 = 1090.50 / 365 = 2.98767… → 2.99
  //   2025-07-01 … 2025-07-15: 15 days × 1000.00 × 6.27 % / 365 =  940.50 / 365 = 2.57671… → 2.58
  const state = project([created('1000.00'), defaultBegan('2025-06-16')]);

  it('interestPeriodsOf(core, undefined, false): every member of the periods but exactAmount, which it leaves out', () => {
    const core = statementFigures(state, '2025-07-15').interestCore;
    if (core === null) throw new Error('expected interest');
    const full = interestPeriodsOf(core);
    const lean = interestPeriodsOf(core, undefined, false);
    // With the exact amounts: 2.98767… and 2.57671… (40 significant digits; the first digits checked by hand above).
    expect(full.map((p) => p.exactAmount?.amount.toFixed(5))).toEqual(['2.98767', '2.57671']);
    expect(lean.map((p) => 'exactAmount' in p)).toEqual([false, false]);
    // Everything else is the same, member by member and in the same order.
    expect(lean.map((p) => Object.keys(p))).toEqual(full.map((p) => Object.keys(p).filter((k) => k !== 'exactAmount')));
    expect(lean.map((p) => [p.from, p.to, p.days, s(p.amount), p.ratePercent.toString(), s(p.principal), p.basis])).toEqual([
      ['2025-06-16', '2025-06-30', 15, '2.99', '7.27', '1000.00', '§ 288 Abs. 1 BGB'],
      ['2025-07-01', '2025-07-15', 15, '2.58', '6.27', '1000.00', '§ 288 Abs. 1 BGB'],
    ]);
  });

  it('rounding "period": the lines are made without reading the interest accrued as Money (2.99 + 2.58 = 5.57 is the total)', () => {
    const accrued = vi.spyOn(StatementFigures.prototype, 'interestAccrued', 'get');
    const st = statement(project([created('1000.00'), defaultBegan('2025-06-16'), fee('2025-06-20', '40.00')]), '2025-07-15');
    expect(st.lines.map((l) => [l.part, s(l.amount)])).toEqual([
      ['principal', '1000.00'],
      ['interest', '2.99'],
      ['costs', '40.00'],
      ['interest', '2.58'],
    ]);
    expect(accrued).not.toHaveBeenCalled();
    // 1000.00 + 5.57 + 40.00
    expect(s(st.total)).toBe('1045.57');
  });

  it('rounding "total", lines read first: the correction line of −0.01 (2.99 + 2.58 = 5.57 against 5.5643… → 5.56)', () => {
    // Exact: 2.98767… + 2.57671… = 5.56438… → 5.56 rounded once; the lines show 2.99 and 2.58, so a
    // correction of 5.56 − 5.57 = −0.01 keeps "total = sum of lines" true.
    const st = statement(project([created('1000.00'), defaultBegan('2025-06-16')]), '2025-07-15', { rounding: 'total' });
    expect(st.lines.filter((l) => l.part === 'interest').map((l) => [l.label, s(l.amount)])).toEqual([
      [expect.stringContaining('2025-06-16'), '2.99'],
      [expect.stringContaining('2025-07-01'), '2.58'],
      [expect.stringMatching(/Rundung/), '-0.01'],
    ]);
    expect(s(st.interestAccrued)).toBe('5.56');
    expect(s(st.total)).toBe('1005.56');
  });
});

describe('openPrincipalAmountString: ClaimSummary.openPrincipal from the ledger sums, without a decimal.js value', () => {
  it('the text toAmountString(openPrincipalOf(state)) gives: 1000.00 € less a § 367 BGB payment of 300.00 € before default = 700.00', () => {
    // Before default there is no interest and, here, no costs: all of the payment goes to the principal.
    // 1000.00 − 300.00 = 700.00.
    const events = [
      created('1000.00'),
      {
        type: 'payment-received' as const,
        claimId: 'RE-2025-001',
        date: '2024-12-10',
        paymentId: 'P-1',
        amount: '300.00',
        allocation: { costs: '0.00', interest: '0.00', principal: '300.00', unapplied: '0.00' },
      },
    ];
    const state = project(events);
    expect(openPrincipalAmountString(state)).toBe('700.00');
    expect(openPrincipalAmountString(state)).toBe(s(openPrincipalOf(state)));
  });

  it('a ledger with more decimals than the currency (a principal of 1000.005 €) is rounded half up to the cent: 1000.01', () => {
    // The ledger's scale is 3 (1000.005 = 1000005 thousandths); the summary rounds half up to 2 decimals:
    // 1000.005 → 1000.01, as toAmountString rounds the Money.
    const state = project([created('1000.005')]);
    expect(openPrincipalAmountString(state)).toBe('1000.01');
    expect(s(openPrincipalOf(state))).toBe('1000.01');
  });
});

describe('statement lines of one day keep their order without an index per line (the sort is stable, ECMAScript 2019)', () => {
  it('30 dunning fees booked on 2025-01-15 after the principal of 2024-12-01: listed in the order booked; total 1000.00 + 30 × fee', () => {
    // Fee k (k = 1 … 30) is k.00 €: the costs are 1 + 2 + … + 30 = 30 × 31 / 2 = 465.00, the total
    // 1000.00 + 465.00 = 1465.00 (no default, so no interest).
    const fees = Array.from({ length: 30 }, (_, i) => ({ ...fee('2025-01-15', `${i + 1}.00`, 'creditor-dunning-fee'), feeId: `F-${i + 1}` }));
    const st = statement(project([created('1000.00'), ...fees]), '2025-01-20');
    expect(st.lines.map((l) => [l.date, s(l.amount)])).toEqual([
      ['2024-12-01', '1000.00'],
      ...Array.from({ length: 30 }, (_, i) => ['2025-01-15', `${i + 1}.00`]),
    ]);
    expect(st.lines.every((l) => Object.isFrozen(l)) && Object.isFrozen(st.lines)).toBe(true);
    expect(s(st.total)).toBe('1465.00');
  });
});

describe('summarizeState: the amount strings of the summary written from integers (ClaimSummary.openPrincipal and unapplied)', () => {
  it('1000.00 € with nothing paid: openPrincipal "1000.00", unapplied "0.00", and no decimal.js value printed', () => {
    const state = project([created('1000.00')]);
    const toFixed = vi.spyOn(Dec.prototype, 'toFixed');
    const summary = summarizeState({ claimId: 'RE-2025-001', debtorId: 'D-1', version: 1, nextReviewAt: null }, state);
    expect(toFixed).not.toHaveBeenCalled();
    expect([summary.principal, summary.openPrincipal, summary.unapplied]).toEqual(['1000.00', '1000.00', '0.00']);
  });

  it('JPY, overpaid: 5000 ¥ and a payment of 5200 ¥ before the due date hold 200 ¥ for the debtor (§ 367 BGB: nothing else owed)', () => {
    // Before default only the principal is owed: 5000 of the payment go to it, 5200 − 5000 = 200 are held
    // (unapplied). Open principal 5000 − 5000 = 0. JPY has no minor unit: "0" and "200".
    const events = [
      created('5000', { facts: { currency: 'JPY' } }),
      {
        type: 'payment-received' as const,
        claimId: 'RE-2025-001',
        date: '2024-12-10',
        paymentId: 'P-1',
        amount: '5200',
        allocation: { costs: '0', interest: '0', principal: '5000', unapplied: '200' },
      },
    ];
    const summary = summarizeState({ claimId: 'RE-2025-001', debtorId: 'D-1', version: 2, nextReviewAt: null }, project(events));
    expect([summary.openPrincipal, summary.unapplied]).toEqual(['0', '200']);
    // And a JPY claim with nothing held: the currency's zero, "0" (as toAmountString writes a zero of it).
    const fresh = summarizeState({ claimId: 'RE-2025-001', debtorId: 'D-1', version: 1, nextReviewAt: null }, project([created('5000', { facts: { currency: 'JPY' } })]));
    expect(fresh.unapplied).toBe(toAmountString(money('0', 'JPY')));
    expect(fresh.unapplied).toBe('0');
  });
});
