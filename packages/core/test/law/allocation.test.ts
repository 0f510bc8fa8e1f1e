import { describe, expect, it } from 'vitest';
import {
  allocatePayment,
  allocateWithinClaim,
  CurrencyMismatchError,
  DateError,
  MahnwerkError,
  money,
  MoneyError,
  subtract,
  toAmountString,
  ValidationError,
  type AllocationResult,
  type ClaimAllocation,
  type OpenClaim,
} from '../../src/index.js';

// Legal source for every rule below: /work/shared/legal/de-and-eu-facts.md § 4
// (§§ 366, 367 BGB and § 497 Abs. 3 BGB, [V] from kmein/gesetze laws/BGB-BJNR001950896.md).
// Every expected figure is computed by hand in the comment next to it.

const eur = (s: string) => money(s, 'EUR');

/** An open claim with EUR parts given as strings. */
function claim(id: string, dueDate: string, principal: string, extra: Partial<Omit<OpenClaim, 'costs' | 'interest' | 'principal'>> & { costs?: string; interest?: string } = {}): OpenClaim {
  const { costs = '0', interest = '0', ...rest } = extra;
  return { id, dueDate, costs: eur(costs), interest: eur(interest), principal: eur(principal), ...rest };
}

/** The row of one claim, as amount strings. */
function row(result: AllocationResult, id: string): { costs: string; interest: string; principal: string; total: string; basis: string } {
  const r = result.allocations.find((a) => a.claimId === id) as ClaimAllocation;
  expect(r, `row for ${id}`).toBeDefined();
  return {
    costs: toAmountString(r.costs),
    interest: toAmountString(r.interest),
    principal: toAmountString(r.principal),
    total: toAmountString(r.total),
    basis: r.basis,
  };
}

function totals(result: AllocationResult): Record<string, string> {
  return Object.fromEntries(result.allocations.map((a) => [a.claimId, toAmountString(a.total)]));
}

describe('§ 367 Abs. 1 BGB — costs, then interest, then principal within one claim', () => {
  it('the issue example: 500.00 on costs 55.00 / interest 30.25 / principal 1,000.00 (facts file § 4 [C])', () => {
    const result = allocatePayment({
      payment: eur('500.00'),
      date: '2025-03-01',
      claims: [claim('A', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25' })],
    });
    // Applied amounts: costs 55.00 in full, interest 30.25 in full, principal 500 − 55 − 30.25 = 414.75.
    expect(row(result, 'A')).toEqual({ costs: '55.00', interest: '30.25', principal: '414.75', total: '500.00', basis: '§ 367 Abs. 1 BGB' });
    expect(toAmountString(result.unapplied)).toBe('0.00');
    // The facts file states the same case as what REMAINS open afterwards:
    // "costs 0.00, interest 0.00, principal 585.25" — 55 − 55 = 0, 30.25 − 30.25 = 0, 1000 − 414.75 = 585.25.
    const a = result.allocations[0] as ClaimAllocation;
    expect(toAmountString(subtract(eur('55.00'), a.costs))).toBe('0.00');
    expect(toAmountString(subtract(eur('30.25'), a.interest))).toBe('0.00');
    expect(toAmountString(subtract(eur('1000.00'), a.principal))).toBe('585.25');
    // One claim: § 366 is not engaged, only § 367 Abs. 1.
    expect(result.basis).toEqual(['§ 367 Abs. 1 BGB']);
    expect(result.order).toEqual(['A']);
  });

  it('a payment below the costs goes to the costs only', () => {
    const result = allocatePayment({
      payment: eur('40.00'),
      date: '2025-03-01',
      claims: [claim('A', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25' })],
    });
    // 40.00 < 55.00 costs → costs 40.00, interest and principal nothing.
    expect(row(result, 'A')).toMatchObject({ costs: '40.00', interest: '0.00', principal: '0.00', total: '40.00' });
  });

  it('a payment covering costs and part of the interest stops inside the interest', () => {
    const result = allocatePayment({
      payment: eur('60.00'),
      date: '2025-03-01',
      claims: [claim('A', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25' })],
    });
    // 60 − 55 = 5.00 left for interest; principal nothing.
    expect(row(result, 'A')).toMatchObject({ costs: '55.00', interest: '5.00', principal: '0.00' });
  });
});

describe('§ 497 Abs. 3 BGB — consumer loans: costs, then principal, then interest', () => {
  it('500.00 on costs 55.00 / interest 30.25 / principal 1,000.00 goes to costs and principal', () => {
    const result = allocatePayment({
      payment: eur('500.00'),
      date: '2025-03-01',
      claims: [claim('L', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25', order: 'bgb497' })],
    });
    // costs 55.00, principal 500 − 55 = 445.00, interest nothing (it comes last).
    expect(row(result, 'L')).toEqual({ costs: '55.00', interest: '0.00', principal: '445.00', total: '500.00', basis: '§ 497 Abs. 3 BGB' });
    expect(result.basis).toEqual(['§ 497 Abs. 3 BGB']);
  });

  it('interest gets money only once the principal is paid', () => {
    const result = allocatePayment({
      payment: eur('1070.00'),
      date: '2025-03-01',
      claims: [claim('L', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25', order: 'bgb497' })],
    });
    // 1070 − 55 costs − 1000 principal = 15.00 for interest (of 30.25).
    expect(row(result, 'L')).toMatchObject({ costs: '55.00', principal: '1000.00', interest: '15.00' });
  });

  it('orders are chosen per claim', () => {
    const result = allocatePayment({
      payment: eur('200.00'),
      date: '2025-03-01',
      claims: [
        claim('A', '2025-01-10', '100.00', { interest: '10.00' }),
        claim('L', '2025-01-10', '100.00', { interest: '10.00', order: 'bgb497' }),
      ],
    });
    // Equal rank (same due date, security, burden, age): pro rata by totals 110 : 110 → 100.00 each.
    // A (§ 367): interest 10, principal 90. L (§ 497): principal 100, interest 0.
    expect(row(result, 'A')).toMatchObject({ interest: '10.00', principal: '90.00', basis: '§ 366 Abs. 2 BGB; § 367 Abs. 1 BGB' });
    expect(row(result, 'L')).toMatchObject({ interest: '0.00', principal: '100.00', basis: '§ 366 Abs. 2 BGB; § 497 Abs. 3 BGB' });
    expect(result.basis).toEqual(['§ 366 Abs. 2 BGB', '§ 367 Abs. 1 BGB', '§ 497 Abs. 3 BGB']);
  });
});

describe('allocateWithinClaim', () => {
  const parts = { costs: eur('55.00'), interest: eur('30.25'), principal: eur('1000.00') };

  it('§ 367 Abs. 1 BGB order by default, returning the rest', () => {
    const r = allocateWithinClaim(eur('1100.00'), parts);
    // 55 + 30.25 + 1000 = 1085.25 owed; rest 1100 − 1085.25 = 14.75.
    expect([r.costs, r.interest, r.principal, r.rest].map(toAmountString)).toEqual(['55.00', '30.25', '1000.00', '14.75']);
  });

  it('§ 497 Abs. 3 BGB order on request', () => {
    const r = allocateWithinClaim(eur('100.00'), parts, 'bgb497');
    // 55 costs, then 100 − 55 = 45 principal, interest 0.
    expect([r.costs, r.principal, r.interest, r.rest].map(toAmountString)).toEqual(['55.00', '45.00', '0.00', '0.00']);
  });

  it('zero gives zeros', () => {
    const r = allocateWithinClaim(eur('0'), parts);
    expect([r.costs, r.interest, r.principal, r.rest].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('rejects a negative amount, a negative part, another currency and an unknown order', () => {
    expect(() => allocateWithinClaim(eur('-1.00'), parts)).toThrow(ValidationError);
    expect(() => allocateWithinClaim(eur('1.00'), { ...parts, interest: eur('-0.01') })).toThrow(/parts\.interest/);
    expect(() => allocateWithinClaim(eur('1.00'), { ...parts, costs: money('1.00', 'USD') })).toThrow(CurrencyMismatchError);
    expect(() => allocateWithinClaim(eur('1.00'), parts, 'fifo' as never)).toThrow(/order/);
  });
});

describe('§ 366 Abs. 2 BGB — the ranking, one step at a time', () => {
  // All claims below have principal only, so the § 367 split is trivial and the totals show the ranking.

  it('(1) the due claim before one not yet due', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('NOT_DUE', '2025-04-01', '300.00'), claim('DUE', '2025-02-01', '300.00')],
    });
    // DUE is due (2025-02-01 ≤ 2025-03-01), NOT_DUE is not → DUE takes all 100.00.
    expect(totals(result)).toEqual({ NOT_DUE: '0.00', DUE: '100.00' });
    expect(row(result, 'DUE').basis).toBe('§ 366 Abs. 2 BGB; § 367 Abs. 1 BGB');
  });

  it('(1) a claim due on the payment day is due', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      // TODAY is due on the payment day; LATER one day after. LATER is older (arose earlier) to show step 1 wins.
      claims: [claim('LATER', '2025-03-02', '300.00', { arose: '2024-01-01' }), claim('TODAY', '2025-03-01', '300.00')],
    });
    expect(totals(result)).toEqual({ LATER: '0.00', TODAY: '100.00' });
  });

  it('(2) among due claims, the less secured first', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('SECURED', '2025-02-01', '300.00', { security: 1 }), claim('BARE', '2025-02-01', '300.00')],
    });
    // BARE has security 0 < 1 → served first.
    expect(totals(result)).toEqual({ SECURED: '0.00', BARE: '100.00' });
  });

  it('(3) among equally secured claims, the more burdensome first — compared as decimals, not as text', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('NINE_FIVE', '2025-02-01', '300.00', { burden: '9.5' }), claim('TEN', '2025-02-01', '300.00', { burden: '10' })],
    });
    // 10 % > 9.5 % (as text "10" < "9.5") → TEN first.
    expect(totals(result)).toEqual({ NINE_FIVE: '0.00', TEN: '100.00' });
  });

  it('(4) among equally burdensome claims, the older first (by `arose`, default the due date)', () => {
    const byArose = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('YOUNG', '2025-02-01', '300.00', { arose: '2025-01-15' }), claim('OLD', '2025-02-01', '300.00', { arose: '2024-12-01' })],
    });
    expect(totals(byArose)).toEqual({ YOUNG: '0.00', OLD: '100.00' });
    const byDueDate = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('FEB', '2025-02-01', '300.00'), claim('JAN', '2025-01-01', '300.00')],
    });
    // No `arose`: the due date stands for the age; JAN is older.
    expect(totals(byDueDate)).toEqual({ FEB: '0.00', JAN: '100.00' });
  });

  it('(5) at equal rank, pro rata: 100.00 over three equal claims → 33.34 / 33.33 / 33.33', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [claim('X', '2025-02-01', '100.00'), claim('Y', '2025-02-01', '100.00'), claim('Z', '2025-02-01', '100.00')],
    });
    // 10000 cents / 3 = 3333.33… each; floors 3 × 3333 = 9999; the 1 cent left goes to the first in input order.
    expect(totals(result)).toEqual({ X: '33.34', Y: '33.33', Z: '33.33' });
    expect(result.order).toEqual(['X', 'Y', 'Z']);
    expect(toAmountString(result.unapplied)).toBe('0.00');
  });

  it('(5) pro rata follows the outstanding totals, then § 367 inside each claim', () => {
    const result = allocatePayment({
      payment: eur('100.00'),
      date: '2025-03-01',
      claims: [
        claim('BIG', '2025-02-01', '270.00', { costs: '10.00', interest: '20.00' }), // total 300.00
        claim('SMALL', '2025-02-01', '95.00', { costs: '5.00' }), // total 100.00
      ],
    });
    // Shares 300 : 100 → 75.00 and 25.00.
    // BIG 75: costs 10, interest 20, principal 75 − 30 = 45. SMALL 25: costs 5, principal 20.
    expect(row(result, 'BIG')).toMatchObject({ costs: '10.00', interest: '20.00', principal: '45.00', total: '75.00' });
    expect(row(result, 'SMALL')).toMatchObject({ costs: '5.00', interest: '0.00', principal: '20.00', total: '25.00' });
  });

  it('(5) a claim with nothing owed takes no share', () => {
    const result = allocatePayment({
      payment: eur('10.00'),
      date: '2025-03-01',
      claims: [claim('PAID', '2025-02-01', '0.00'), claim('OPEN', '2025-02-01', '50.00')],
    });
    expect(totals(result)).toEqual({ PAID: '0.00', OPEN: '10.00' });
    expect(result.order).toEqual(['OPEN']);
  });

  it('the steps apply in order: due beats security, security beats burden, burden beats age', () => {
    const result = allocatePayment({
      payment: eur('250.00'),
      date: '2025-03-01',
      claims: [
        claim('E_NOT_DUE', '2025-06-01', '100.00', { arose: '2020-01-01', burden: '20' }), // not due: last despite age and burden
        claim('D_SECURED', '2025-02-01', '100.00', { security: 5, burden: '20', arose: '2020-01-01' }), // due but secured: 4th
        claim('C_YOUNG', '2025-02-01', '100.00', { burden: '5', arose: '2025-01-01' }), // 3rd: younger than B
        claim('B_OLD', '2025-02-01', '100.00', { burden: '5', arose: '2024-01-01' }), // 2nd
        claim('A_BURDEN', '2025-02-01', '100.00', { burden: '12', arose: '2025-02-01' }), // 1st: unsecured, most burdensome
      ],
    });
    // 250 = A 100 + B 100 + C 50; D and E nothing.
    expect(result.order).toEqual(['A_BURDEN', 'B_OLD', 'C_YOUNG']);
    expect(totals(result)).toEqual({ E_NOT_DUE: '0.00', D_SECURED: '0.00', C_YOUNG: '50.00', B_OLD: '100.00', A_BURDEN: '100.00' });
  });

  it('among claims not yet due the same steps apply (documented choice)', () => {
    const result = allocatePayment({
      payment: eur('150.00'),
      date: '2025-03-01',
      claims: [
        claim('DUE', '2025-02-01', '100.00'),
        claim('LATER_SECURED', '2025-05-01', '100.00', { security: 1 }),
        claim('LATER_BARE', '2025-06-01', '100.00'),
      ],
    });
    // DUE 100 first; 50 left go to the less secured of the two not-yet-due claims.
    expect(totals(result)).toEqual({ DUE: '100.00', LATER_SECURED: '0.00', LATER_BARE: '50.00' });
  });
});

describe('§ 366 Abs. 1 BGB — the debtor’s designation', () => {
  const claims = [claim('OLD', '2025-01-01', '100.00'), claim('NEW', '2025-02-01', '100.00'), claim('NEWEST', '2025-02-15', '100.00')];

  it('named claims are served first, in the named order; the rest follows § 366 Abs. 2', () => {
    const result = allocatePayment({ payment: eur('250.00'), date: '2025-03-01', claims, designation: ['NEWEST', 'NEW'] });
    // NEWEST 100, NEW 100, then 50 left → OLD (by § 366 Abs. 2, the only one left).
    expect(result.order).toEqual(['NEWEST', 'NEW', 'OLD']);
    expect(totals(result)).toEqual({ OLD: '50.00', NEW: '100.00', NEWEST: '100.00' });
    expect(row(result, 'NEWEST').basis).toBe('§ 366 Abs. 1 BGB; § 367 Abs. 1 BGB');
    expect(row(result, 'OLD').basis).toBe('§ 366 Abs. 2 BGB; § 367 Abs. 1 BGB');
    expect(result.basis).toEqual(['§ 366 Abs. 1 BGB', '§ 366 Abs. 2 BGB', '§ 367 Abs. 1 BGB']);
  });

  it('without a designation the same payment goes to the oldest first', () => {
    const result = allocatePayment({ payment: eur('250.00'), date: '2025-03-01', claims, designation: null });
    // OLD 100, NEW 100, NEWEST 50 (age order of the due dates).
    expect(totals(result)).toEqual({ OLD: '100.00', NEW: '100.00', NEWEST: '50.00' });
    expect(result.basis).toEqual(['§ 366 Abs. 2 BGB', '§ 367 Abs. 1 BGB']);
  });

  it('an empty designation is no designation', () => {
    const result = allocatePayment({ payment: eur('250.00'), date: '2025-03-01', claims, designation: [] });
    expect(totals(result)).toEqual({ OLD: '100.00', NEW: '100.00', NEWEST: '50.00' });
  });

  it('the debtor may name a claim that is not yet due', () => {
    const result = allocatePayment({
      payment: eur('80.00'),
      date: '2025-03-01',
      claims: [claim('DUE', '2025-01-01', '100.00'), claim('FUTURE', '2025-12-01', '100.00')],
      designation: ['FUTURE'],
    });
    expect(totals(result)).toEqual({ DUE: '0.00', FUTURE: '80.00' });
  });

  it('rejects an unknown id and a repeated id, naming the designation', () => {
    const unknown = () => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims, designation: ['NOPE'] });
    expect(unknown).toThrow(ValidationError);
    expect(unknown).toThrow(/designation.*NOPE/);
    try {
      unknown();
    } catch (e) {
      expect((e as MahnwerkError).field).toBe('designation');
    }
    expect(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims, designation: ['OLD', 'OLD'] })).toThrow(/designation.*twice/);
  });
});

describe('overpayment', () => {
  it('what the claims cannot take is reported as unapplied', () => {
    const result = allocatePayment({
      payment: eur('1200.00'),
      date: '2025-03-01',
      claims: [claim('A', '2025-01-10', '1000.00', { costs: '55.00', interest: '30.25' })],
    });
    // Owed 55 + 30.25 + 1000 = 1085.25; unapplied 1200 − 1085.25 = 114.75.
    expect(row(result, 'A')).toMatchObject({ costs: '55.00', interest: '30.25', principal: '1000.00', total: '1085.25' });
    expect(toAmountString(result.unapplied)).toBe('114.75');
  });

  it('with no open claims the whole payment is unapplied', () => {
    const result = allocatePayment({ payment: eur('10.00'), date: '2025-03-01', claims: [] });
    expect(result.allocations).toEqual([]);
    expect(toAmountString(result.unapplied)).toBe('10.00');
    expect(result.order).toEqual([]);
    expect(result.basis).toEqual([]);
  });
});

describe('result shape', () => {
  it('lists every claim in input order, including zero rows', () => {
    const result = allocatePayment({
      payment: eur('10.00'),
      date: '2025-03-01',
      claims: [claim('C', '2025-02-03', '10.00'), claim('A', '2025-02-01', '10.00'), claim('B', '2025-02-02', '10.00')],
    });
    expect(result.allocations.map((a) => a.claimId)).toEqual(['C', 'A', 'B']);
    expect(totals(result)).toEqual({ C: '0.00', A: '10.00', B: '0.00' });
    expect(result.order).toEqual(['A']);
    expect(result.unapplied.currency).toBe('EUR');
  });

  it('works in other currencies (JPY, no minor unit)', () => {
    const result = allocatePayment({
      payment: money('100', 'JPY'),
      date: '2025-03-01',
      claims: ['X', 'Y', 'Z'].map((id) => ({ id, dueDate: '2025-01-01', costs: money('0', 'JPY'), interest: money('0', 'JPY'), principal: money('100', 'JPY') })),
    });
    // 100 yen / 3 = 33.33… → 34 / 33 / 33.
    expect(result.allocations.map((a) => toAmountString(a.total))).toEqual(['34', '33', '33']);
  });
});

describe('input validation', () => {
  const ok = claim('A', '2025-01-10', '100.00');

  function fieldOf(fn: () => unknown): string | undefined {
    try {
      fn();
    } catch (e) {
      if (MahnwerkError.isInstance(e)) return e.field;
      throw e;
    }
    throw new Error('expected an error');
  }

  it('a payment of zero or less is rejected, naming payment', () => {
    expect(() => allocatePayment({ payment: eur('0.00'), date: '2025-03-01', claims: [ok] })).toThrow(ValidationError);
    expect(fieldOf(() => allocatePayment({ payment: eur('-5.00'), date: '2025-03-01', claims: [ok] }))).toBe('payment');
  });

  it('a payment with fractions of a cent is rejected', () => {
    expect(() => allocatePayment({ payment: eur('1.005'), date: '2025-03-01', claims: [ok] })).toThrow(MoneyError);
  });

  it('amounts in another currency throw CurrencyMismatchError naming the field', () => {
    const usd = { ...ok, interest: money('1.00', 'USD') };
    expect(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [usd] })).toThrow(CurrencyMismatchError);
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [usd] }))).toBe('claims[0].interest');
  });

  it('a negative part names the claim and the field', () => {
    const bad = claim('INV-7', '2025-01-10', '100.00', { costs: '-1.00' });
    const run = () => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [ok, bad] });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(/INV-7.*costs/);
    expect(fieldOf(run)).toBe('claims[1].costs');
  });

  it('parts with fractions of a cent must be rounded first', () => {
    const bad = claim('A', '2025-01-10', '100.00', { interest: '1.234' });
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [bad] }))).toBe('claims[0].interest');
  });

  it('ids must be unique and non-empty', () => {
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [ok, ok] }))).toBe('claims[1].id');
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, id: '' }] }))).toBe('claims[0].id');
  });

  it('dates, burden, security and order are checked', () => {
    expect(() => allocatePayment({ payment: eur('1.00'), date: '2025-02-30', claims: [ok] })).toThrow(DateError);
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, dueDate: '10.01.2025' }] }))).toBe('claims[0].dueDate');
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, arose: '2025-13-01' }] }))).toBe('claims[0].arose');
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, burden: '9,5' }] }))).toBe('claims[0].burden');
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, security: Number.NaN }] }))).toBe('claims[0].security');
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, order: 'lifo' as never }] }))).toBe('claims[0].order');
  });

  it('a JS number instead of Money is refused', () => {
    expect(() => allocatePayment({ payment: 10 as never, date: '2025-03-01', claims: [ok] })).toThrow(MoneyError);
    expect(fieldOf(() => allocatePayment({ payment: eur('1.00'), date: '2025-03-01', claims: [{ ...ok, principal: 100 as never }] }))).toBe(
      'claims[0].principal',
    );
  });
});
