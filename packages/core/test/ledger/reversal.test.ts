import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  money,
  paymentPartsLeft,
  project,
  reverseIncomingPayment,
  reversalBookedOn,
  statement,
  toAmountString,
  type ClaimEvent,
  type ClaimEventOf,
  type PaymentReversalKind,
} from '../../src/index.js';
import { caught } from '../errors/caught.js';
import { CLAIM, created, defaultBegan, fee } from './fixtures.js';

// A refund or chargeback takes money back: § 362 Abs. 1 BGB — the claim is fulfilled only by what
// the creditor keeps. The reversal undoes the payment's allocation from its tail (unapplied,
// principal, interest, costs), so what is kept stays allocated by § 367 Abs. 1 BGB.

function pay(events: ClaimEvent[], paymentId: string, amount: string, date: string): void {
  events.push(allocateIncomingPayment(project(events), { paymentId, amount: money(amount), date }));
}

function reverse(events: ClaimEvent[], reversalId: string, paymentId: string, amount: string, date: string, kind: PaymentReversalKind = 'refund'): ClaimEvent[] {
  const out = reverseIncomingPayment(project(events), { reversalId, paymentId, kind, amount: money(amount), date });
  events.push(...out);
  return out;
}

const settled = (date: string): ClaimEvent => ({ type: 'settled', claimId: CLAIM, date });

describe('reverseIncomingPayment — a refund or chargeback undoes the tail of a payment', () => {
  it('a partial refund takes back principal first; the principal bears interest again from the refund day (hand-checked Zinsstaffel)', () => {
    // Consumer 1000.00 EUR, default from 2025-01-01 (base rate 2.27 % → 7.27 %), dunning fee 2.50 on 2025-01-15.
    // Payment 508.48 on 2025-01-31 against the day before: interest 30 days × 1000 × 7.27 % / 365 = 5.9753… → 5.98,
    // costs 2.50 → costs 2.50, interest 5.98, principal 500.00.
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-15', '2.50', 'creditor-dunning-fee')];
    pay(events, 'P1', '508.48', '2025-01-31');
    expect((events[3] as ClaimEvent & { type: 'payment-received' }).allocation).toEqual({ costs: '2.50', interest: '5.98', principal: '500.00', unapplied: '0.00' });
    const [reversed, ...rest] = reverse(events, 'R1', 'P1', '300.00', '2025-02-10');
    expect(rest).toEqual([]);
    expect(reversed).toMatchObject({ type: 'payment-reversed', kind: 'refund', amount: '300.00', allocation: { costs: '0.00', interest: '0.00', principal: '300.00', unapplied: '0.00' } });
    // Interest: 2025-01-01–01-30 on 1000: 5.98; 01-31–02-09 on 500: 10 × 36.35 / 365 = 0.9958… → 1.00;
    // 02-10–02-28 on 800: 19 × 58.16 / 365 = 3.0274… → 3.03. Accrued 10.01, paid 5.98 → 4.03 open.
    const s = statement(project(events), '2025-02-28');
    expect([s.principal, s.interest, s.costs, s.total, s.interestAccrued].map(toAmountString)).toEqual(['800.00', '4.03', '0.00', '804.03', '10.01']);
    // In date order the refund comes before the period it raises the principal of (500 + 300 = 800 from 02-10).
    expect(s.lines.filter((l) => l.date === '2025-02-10').map((l) => [l.part, l.label, toAmountString(l.amount)])).toEqual([
      ['principal', 'Erstattung der Zahlung auf Hauptforderung', '300.00'],
      ['interest', 'Verzugszinsen 2025-02-10–2025-02-28', '3.03'],
    ]);
  });

  it('taking back more than the principal part reaches interest, then costs; a second reversal continues where the first stopped', () => {
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-15', '2.50', 'creditor-dunning-fee')];
    pay(events, 'P1', '508.48', '2025-01-31');
    expect(reverse(events, 'R1', 'P1', '504.00', '2025-02-10', 'chargeback')[0]).toMatchObject({
      allocation: { unapplied: '0.00', principal: '500.00', interest: '4.00', costs: '0.00' },
    });
    expect(paymentPartsLeft(project(events), 'P1')).toEqual({ costs: '2.50', interest: '1.98', principal: '0.00', unapplied: '0.00' });
    expect(reverse(events, 'R2', 'P1', '4.48', '2025-02-11')[0]).toMatchObject({ allocation: { unapplied: '0.00', principal: '0.00', interest: '1.98', costs: '2.50' } });
    // Everything taken back: the claim stands as if P1 had never been paid, with interest running on 1000 throughout.
    const s = statement(project(events), '2025-02-28');
    // 2025-01-01–01-30 on 1000: 5.98; 01-31–02-09 on 500: 1.00; 02-10–02-28 on 1000: 19 × 72.70 / 365 = 3.7843… → 3.78.
    expect([s.principal, s.interest, s.costs].map(toAmountString)).toEqual(['1000.00', '10.76', '2.50']);
  });

  it('refunding an overpayment takes back the unapplied part first and leaves a settled claim settled', () => {
    const events = [created('1000.00')];
    pay(events, 'P1', '1100.00', '2024-12-20');
    events.push(settled('2024-12-20'));
    const out = reverse(events, 'R1', 'P1', '100.00', '2024-12-22');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ allocation: { unapplied: '100.00', principal: '0.00', interest: '0.00', costs: '0.00' } });
    const state = project(events);
    expect(state.status).toBe('settled');
    expect(toAmountString(statement(state, '2024-12-31').unapplied)).toBe('0.00');
  });

  it('a chargeback of a settling payment reopens the claim: the principal is owed again from the chargeback day', () => {
    const events = [created('1000.00')];
    pay(events, 'P1', '1000.00', '2024-12-20');
    events.push(settled('2024-12-20'));
    const out = reverse(events, 'CB1', 'P1', '1000.00', '2025-01-05', 'chargeback');
    expect(out.map((e) => e.type)).toEqual(['payment-reversed', 'reopened']);
    const state = project(events);
    expect(state.status).toBe('open');
    expect(toAmountString(statement(state, '2025-01-05').total)).toBe('1000.00');
  });

  it('refuses a reversal of an unknown payment (payment_not_found, retryable), a known reversal id, more than is left, a day before the payment', () => {
    const events = [created('1000.00')];
    const attempt = (over: Partial<Parameters<typeof reverseIncomingPayment>[1]>) => () =>
      reverseIncomingPayment(project(events), { reversalId: 'R9', paymentId: 'P1', kind: 'refund', amount: money('10.00'), date: '2024-12-22', ...over });
    expect(attempt({})).toThrow(expect.objectContaining({ code: 'payment_not_found', retryable: true, field: 'paymentId' }) as Error);
    pay(events, 'P1', '100.00', '2024-12-20');
    reverse(events, 'R1', 'P1', '60.00', '2024-12-21');
    expect(attempt({ reversalId: 'R1' })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'reversalId' }) as Error);
    expect(attempt({ amount: money('40.01') })).toThrow(/more than the 40.00 EUR left of payment "P1"/);
    expect(attempt({ date: '2024-12-19' })).toThrow(expect.objectContaining({ field: 'date' }) as Error);
    expect(attempt({ amount: money('0.001') })).toThrow(expect.objectContaining({ field: 'amount' }) as Error);
    expect(attempt({ amount: money('40.00') })()).toHaveLength(1);
  });

  it('§ 362 Abs. 1 BGB: a chargeback booked after its value date keeps the booking day (bookedOn) and is owed again from the value date — the figures of a reversal booked on its day', () => {
    // The 1000.00 claim above, P1 508.48 on 01-31 (costs 2.50, interest 5.98, principal 500.00); 300.00 charged back
    // value-dated 02-10 and booked 02-20: interest 01-01 … 01-30 on 1000: 5.98; 01-31 … 02-09 on 500: 1.00; 02-10 …
    // 02-28 on 800: 3.03 (the value date counts, not the booking day); accrued 10.01, paid 5.98 → 4.03 open; 804.03.
    const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-15', '2.50', 'creditor-dunning-fee')];
    pay(events, 'P1', '508.48', '2025-01-31');
    const state = project(events);
    const booked = reverseIncomingPayment(state, { reversalId: 'R1', paymentId: 'P1', kind: 'chargeback', amount: money('300.00'), date: '2025-02-10', bookedOn: '2025-02-20' });
    expect(booked[0]).toMatchObject({ type: 'payment-reversed', date: '2025-02-10', bookedOn: '2025-02-20' });
    expect(reversalBookedOn(booked[0] as ClaimEventOf<'payment-reversed'>)).toBe('2025-02-20');
    const s = statement(project([...events, ...booked]), '2025-02-28');
    expect([s.principal, s.interest, s.total].map(toAmountString)).toEqual(['800.00', '4.03', '804.03']);
    // Booked on its value date: no bookedOn on the event (as before it existed); its booking day is the value date.
    const sameDay = reverseIncomingPayment(state, { reversalId: 'R1', paymentId: 'P1', kind: 'chargeback', amount: money('300.00'), date: '2025-02-10', bookedOn: '2025-02-10' });
    expect(sameDay[0]).not.toHaveProperty('bookedOn');
    expect(reversalBookedOn(sameDay[0] as ClaimEventOf<'payment-reversed'>)).toBe('2025-02-10');
    // Booked before its value date: refused, naming bookedOn.
    const refusal = caught(() => reverseIncomingPayment(state, { reversalId: 'R1', paymentId: 'P1', kind: 'chargeback', amount: money('300.00'), date: '2025-02-10', bookedOn: '2025-02-09' }));
    expect([refusal.code, refusal.field]).toEqual(['invalid_input', 'bookedOn']);
  });

  it('project refuses a reversal without its payment or a reversal id used twice', () => {
    const events = [created('1000.00')];
    pay(events, 'P1', '100.00', '2024-12-20');
    const rev: ClaimEvent = {
      type: 'payment-reversed',
      claimId: CLAIM,
      date: '2024-12-21',
      reversalId: 'R1',
      paymentId: 'P1',
      kind: 'refund',
      amount: '1.00',
      allocation: { costs: '0.00', interest: '0.00', principal: '1.00', unapplied: '0.00' },
    };
    expect(() => project([...events, { ...rev, paymentId: 'P2' }])).toThrow(/events\[2\]\.paymentId/);
    expect(() => project([...events, rev, rev])).toThrow(/events\[3\]\.reversalId/);
  });
});
