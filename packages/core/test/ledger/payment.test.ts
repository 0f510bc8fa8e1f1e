import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  allocationTotal,
  CurrencyMismatchError,
  money,
  MoneyError,
  openPartsForPayment,
  project,
  statement,
  toAmountString,
  ValidationError,
  type ClaimEvent,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan, fee } from './fixtures.js';

// § 367 Abs. 1 BGB: a payment that does not cover everything goes to costs, then interest, then the
// principal. mahnwerk applies it against the claim as it stood at the END OF THE DAY BEFORE the payment
// (interest for the payment day is not yet owed; the principal part lowers the principal from that day).

function pay(events: ClaimEvent[], paymentId: string, amount: string, date: string): ClaimEvent & { type: 'payment-received' } {
  const event = allocateIncomingPayment(project(events), { paymentId, amount: money(amount), date });
  events.push(event);
  return event;
}

describe('allocateIncomingPayment — § 367 Abs. 1 BGB against the statement of the day before', () => {
  it('§ 367 Abs. 1 BGB order: costs, then interest, then principal', () => {
    // Consumer 1000 EUR, default from 2025-01-01, dunning fee 2.50 on 2025-01-20.
    // As of 2025-01-31: interest 31 days × 1000 × 7.27 % / 365 = 6.1745… → 6.17; costs 2.50.
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-20', '2.50', 'creditor-dunning-fee')];
    // 5.00 → costs 2.50, interest 2.50, principal 0
    expect(pay(events, 'P1', '5.00', '2025-02-01').allocation).toEqual({ costs: '2.50', interest: '2.50', principal: '0.00', unapplied: '0.00' });
    // Next day, as of 2025-02-01: interest accrued 32 days = 6.3736… → 6.37, paid 2.50 → 3.87 open.
    // 100.00 → interest 3.87, principal 96.13
    expect(pay(events, 'P2', '100.00', '2025-02-02').allocation).toEqual({ costs: '0.00', interest: '3.87', principal: '96.13', unapplied: '0.00' });
  });

  it('uses the statement of the end of the day before: the payment day bears no interest yet', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01')];
    const open = openPartsForPayment(project(events), '2025-03-01');
    // 2025-01-01..2025-02-28 = 59 days: 11.75 (not 60 days = 11.95)
    expect({ asOf: open.asOf, interest: toAmountString(open.interest), principal: toAmountString(open.principal) }).toEqual({
      asOf: '2025-02-28',
      interest: '11.75',
      principal: '1000.00',
    });
  });

  it('a fee charged on the payment day itself is not yet among the open costs (statement of the day before)', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-10', '5.00', 'creditor-dunning-fee')];
    // As of 2025-01-09: 9 days × 1000 × 7.27 % / 365 = 1.7926… → 1.79; the fee (2025-01-10) is not yet there.
    expect(pay(events, 'P1', '10.00', '2025-01-10').allocation).toEqual({ costs: '0.00', interest: '1.79', principal: '8.21', unapplied: '0.00' });
  });

  it('two payments on the same day never pay the same interest twice', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01')];
    // Open on 2025-03-01: interest 11.75 (see the statement tests).
    expect(pay(events, 'P1', '5.00', '2025-03-01').allocation).toEqual({ costs: '0.00', interest: '5.00', principal: '0.00', unapplied: '0.00' });
    expect(pay(events, 'P2', '10.00', '2025-03-01').allocation).toEqual({ costs: '0.00', interest: '6.75', principal: '3.25', unapplied: '0.00' });
    // A credit note on the same day also counts before the next payment: principal 996.75 − 996.00 = 0.75 left.
    events.push({ type: 'adjustment', claimId: CLAIM, date: '2025-03-01', kind: 'credit-note', amount: '996.00' });
    expect(pay(events, 'P3', '1.00', '2025-03-01').allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '0.75', unapplied: '0.25' });
  });

  it('overpayment: the rest is unapplied; a payment on a fully paid claim is unapplied entirely', () => {
    const events = [created('100.00')];
    expect(pay(events, 'P1', '100.01', '2024-12-20').allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '0.01' });
    expect(pay(events, 'P2', '20.00', '2024-12-21').allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '20.00' });
    const st = statement(project(events), '2024-12-31');
    expect(toAmountString(st.unapplied)).toBe('20.01');
    expect(toAmountString(st.total)).toBe('0.00');
  });

  it('a payment on the invoice day (statement of the day before the claim existed) goes to the principal', () => {
    const events = [created('100.00')];
    expect(pay(events, 'P1', '30.00', '2024-12-01').allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '30.00', unapplied: '0.00' });
  });

  it('returns a complete payment-received event with the reason allocation.367', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01')];
    const e = allocateIncomingPayment(project(events), { paymentId: 'TX-1', amount: money('500.00'), date: '2025-03-01' });
    expect(e).toMatchObject({
      type: 'payment-received',
      claimId: CLAIM,
      date: '2025-03-01',
      paymentId: 'TX-1',
      amount: '500.00',
      reason: { rule: 'allocation.367', basis: '§ 367 Abs. 1 BGB' },
    });
    expect(toAmountString(allocationTotal(e, 'EUR'))).toBe('500.00');
  });

  it('refuses bad input with a ValidationError/MoneyError naming the field', () => {
    const events = [created('100.00')];
    pay(events, 'P1', '10.00', '2024-12-10');
    const state = project(events);
    const attempt = (payment: { paymentId: string; amount: ReturnType<typeof money>; date: string }) => () => allocateIncomingPayment(state, payment);
    expect(attempt({ paymentId: 'P1', amount: money('1.00'), date: '2024-12-11' })).toThrow(/paymentId: payment "P1" is already recorded/);
    expect(attempt({ paymentId: ' ', amount: money('1.00'), date: '2024-12-11' })).toThrow(ValidationError);
    expect(attempt({ paymentId: 'P2', amount: money('0.00'), date: '2024-12-11' })).toThrow(/amount: 0 EUR is not above zero/);
    expect(attempt({ paymentId: 'P2', amount: money('-5.00'), date: '2024-12-11' })).toThrow(ValidationError);
    expect(attempt({ paymentId: 'P2', amount: money('1.005'), date: '2024-12-11' })).toThrow(MoneyError);
    expect(attempt({ paymentId: 'P2', amount: money('1.00', 'USD'), date: '2024-12-11' })).toThrow(CurrencyMismatchError);
    expect(attempt({ paymentId: 'P2', amount: money('1.00'), date: '2024-12-32' })).toThrow(/date:/);
  });
});
