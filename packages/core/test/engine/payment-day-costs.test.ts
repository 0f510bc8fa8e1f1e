import { describe, expect, it } from 'vitest';
import {
  bookIncomingPayment,
  checkInvariants,
  createMahnwerk,
  decide,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  money,
  paymentDayCostsBasis,
  paymentDayCostsWaiver,
  project,
  simulate,
  statement,
  toAmountString,
  type ClaimEvent,
} from '../../src/index.js';
import { created, facts, ofType, play } from './helpers.js';
import { accepting, autoHost } from './host-fixture.js';

// Issue 8 point 3, second half: "a claim settled except for costs that arose on the day it was paid is
// settled" — no escalation, no letter for those costs alone. The day order (docs/engine.md, `dayOrder`)
// books a day's value-dated payments before its escalation, so a debtor who pays on the day of a step
// never bears its costs; a host that imports the bank statement AFTER `runDue` must reach the same result.
// Our reading of §§ 280 Abs. 2, 286 BGB, § 254 Abs. 2 BGB: the costs of a step taken on the very day the
// debtor paid are not damages the delay made necessary (docs/legal-notes.md, "Built-in policies").
//
// Figures by hand (facts file /work/shared/legal/de-and-eu-facts.md § 1.1, § 2.1):
// - Business claim 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (agreed) → default from 06-17.
//   de-b2b-default: final notice on Mon 2025-07-28 with the § 288 Abs. 5 BGB flat fee 40.00.
// - Interest 9 pp above base: 06-17 … 06-30 = 14 d at 11.27 %: 1500.00 × 0.1127 × 14 / 365 = 2366.70 / 365
//   = 6.4841 → 6.48; 07-01 … 07-27 = 27 d at 10.27 %: 1500.00 × 0.1027 × 27 / 365 = 4159.35 / 365 = 11.3955
//   → 11.40; as of 07-27: 17.88. A payment on 07-28 is allocated against the end of 07-27.
// - Principal and interest: 1500.00 + 17.88 = 1517.88.

const businessFacts = facts({
  id: 'PD-1',
  principal: '1500.00',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
  debtor: { id: 'D-2', kind: 'business', name: 'Muster GmbH', address: ['Industriestr. 1', '10115 Berlin'] },
});
const eur = (amount: string) => money(amount, 'EUR');
// The ledger after the daily run of 07-28 (the final notice and its flat fee are booked; the letter went out).
const afterRun = play([created(businessFacts)], deB2bDefaultPolicy, businessFacts.invoiceDate, '2025-07-28');

describe('paymentDayCostsWaiver (issue 8 point 3; §§ 280 Abs. 2, 286 BGB, § 254 Abs. 2 BGB; the day order)', () => {
  it('the ledger it starts from: the final notice of 07-28 charged the 40.00 flat fee; 1517.88 is principal and interest', () => {
    expect(ofType(afterRun, 'fee-charged').map((f) => [f.date, f.kind, f.amount])).toEqual([['2025-07-28', 'flat-fee', '40.00']]);
    const s = statement(project(afterRun), '2025-07-27');
    expect([s.principal, s.interest, s.costs].map(toAmountString)).toEqual(['1500.00', '17.88', '0.00']);
  });

  it('principal and interest paid on the day the flat fee arose → the fee drops out (fee-reduced, rule fee.payment-day), then § 367 allocation; settled', () => {
    const state = project(afterRun);
    const booked = bookIncomingPayment(state, { paymentId: 'bank-1', amount: eur('1517.88'), date: '2025-07-28' });
    expect(booked.map((e) => e.type)).toEqual(['fee-reduced', 'payment-received']);
    const waiver = ofType(booked, 'fee-reduced')[0];
    expect(waiver).toMatchObject({ date: '2025-07-28', feeId: 'PD-1:fee:flat-fee:2025-07-28:1', amount: '40.00', basis: paymentDayCostsBasis, items: [] });
    expect(waiver?.reason?.rule).toBe('fee.payment-day');
    expect(waiver?.creditedToPrincipal).toBeUndefined();
    expect(ofType(booked, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '17.88', principal: '1500.00', unapplied: '0.00' });
    const after = project([...afterRun, ...booked]);
    const s = statement(after, '2025-07-28');
    expect([s.principal, s.interest, s.costs, s.total].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(s.lines.find((l) => l.date === '2025-07-28' && l.part === 'costs' && l.amount.amount.isNegative())?.label).toBe(
      'Entfällt: Verzugspauschale (§ 288 Abs. 5 BGB), am Tag der Zahlung entstanden',
    );
    // The next decision settles the claim on the payment day; no stage follows.
    const next = decide(after, deB2bDefaultPolicy, '2025-07-29');
    expect(next.events.map((e) => [e.type, e.date])).toEqual([['settled', '2025-07-28']]);
    expect(next.nextReviewAt).toBeNull();
    expect(checkInvariants([...afterRun, ...booked, ...next.events], deB2bDefaultPolicy)).toEqual([]);
  });

  it('one cent short of principal and interest → the fee stays (0.01 principal and the 40.00 remain open)', () => {
    const state = project(afterRun);
    expect(paymentDayCostsWaiver(state, { amount: eur('1517.87'), date: '2025-07-28' })).toEqual([]);
    const booked = bookIncomingPayment(state, { paymentId: 'bank-1', amount: eur('1517.87'), date: '2025-07-28' });
    // § 367 BGB against the end of 07-27 (the fee of 07-28 is not yet among the parts a payment of 07-28 meets):
    // interest 17.88, principal 1517.87 − 17.88 = 1499.99.
    expect(booked.map((e) => e.type)).toEqual(['payment-received']);
    expect(ofType(booked, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '17.88', principal: '1499.99', unapplied: '0.00' });
    const s = statement(project([...afterRun, ...booked]), '2025-07-28');
    expect([s.principal, s.costs].map(toAmountString)).toEqual(['0.01', '40.00']);
  });

  it('a fee from an earlier day is not dropped: paying principal and interest on 07-29 leaves the 40.00 (it arose the day before)', () => {
    // As of 07-28: 28 d at 10.27 %: 1500.00 × 0.1027 × 28 / 365 = 4313.40 / 365 = 11.8175 → 11.82; interest 18.30; principal + interest 1518.30.
    const state = project(afterRun);
    expect(paymentDayCostsWaiver(state, { amount: eur('1518.30'), date: '2025-07-29' })).toEqual([]);
    const booked = bookIncomingPayment(state, { paymentId: 'bank-1', amount: eur('1518.30'), date: '2025-07-29' });
    // § 367 BGB: costs 40.00, interest 18.30, principal 1518.30 − 58.30 = 1460.00 (40.00 of principal left open).
    expect(ofType(booked, 'payment-received')[0]?.allocation).toEqual({ costs: '40.00', interest: '18.30', principal: '1460.00', unapplied: '0.00' });
  });

  it('two transfers the same day: 20.00 then 1497.88 settle all but the fee → the second drops it', () => {
    // 20.00 on 07-28 (against the end of 07-27): interest 17.88, principal 2.12. Not settling → no waiver.
    const first = bookIncomingPayment(project(afterRun), { paymentId: 'bank-1', amount: eur('20.00'), date: '2025-07-28' });
    expect(first.map((e) => e.type)).toEqual(['payment-received']);
    expect(ofType(first, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '17.88', principal: '2.12', unapplied: '0.00' });
    // Then 1497.88 = 1500.00 − 2.12: principal paid; only the fee of the day is left → it drops out.
    const state = project([...afterRun, ...first]);
    const booked = bookIncomingPayment(state, { paymentId: 'bank-2', amount: eur('1497.88'), date: '2025-07-28' });
    expect(ofType(booked, 'fee-reduced').map((r) => [r.amount, r.creditedToPrincipal])).toEqual([['40.00', undefined]]);
    expect(ofType(booked, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '1497.88', unapplied: '0.00' });
    const s = statement(project([...afterRun, ...first, ...booked]), '2025-07-28');
    expect([s.principal, s.interest, s.costs, s.total].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(checkInvariants([...afterRun, ...first, ...booked], deB2bDefaultPolicy)).toEqual([]);
  });

  it('consumer: the 1.00 creditor fee of the final notice drops out the same way (de-b2c-default)', () => {
    // 1500.00 consumer, same dates; 5 pp above base: 06-17 … 06-30 at 7.27 %: 1500.00 × 0.0727 × 14 / 365 = 1526.70 / 365 = 4.1827 → 4.18;
    // 07-01 … 07-27 at 6.27 %: 1500.00 × 0.0627 × 27 / 365 = 2539.35 / 365 = 6.9571 → 6.96; principal and interest 1511.14.
    const consumer = facts({ id: 'PD-2', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16', dueDateAgreed: true });
    const ledger = play([created(consumer)], deB2cDefaultPolicy, consumer.invoiceDate, '2025-07-28');
    expect(ofType(ledger, 'fee-charged').map((f) => [f.date, f.kind, f.amount])).toEqual([['2025-07-28', 'creditor-dunning-fee', '1.00']]);
    const booked = bookIncomingPayment(project(ledger), { paymentId: 'bank-1', amount: eur('1511.14'), date: '2025-07-28' });
    expect(booked.map((e) => [e.type, 'amount' in e ? e.amount : null])).toEqual([
      ['fee-reduced', '1.00'],
      ['payment-received', '1511.14'],
    ]);
    expect(decide(project([...ledger, ...booked]), deB2cDefaultPolicy, '2025-07-29').events.map((e) => e.type)).toEqual(['settled']);
  });
});

describe('both orders of a day give the same result (createMahnwerk books the bank statement after runDue; simulate before)', () => {
  it('host: runDue on 07-28 enters the final notice with the flat fee; 1517.88 value-dated 07-28 recorded afterwards settles the claim — no hand-over, no letter for the 40.00', async () => {
    const { mw, run } = autoHost({ channels: [accepting('email'), accepting('letter')] });
    await mw.createClaim(businessFacts);
    await run('2025-07-28');
    const before = (await mw.history('PD-1')).map((h) => h.event);
    expect(ofType(before, 'fee-charged').map((f) => [f.date, f.kind, f.amount])).toEqual([['2025-07-28', 'flat-fee', '40.00']]);
    const result = await mw.recordPayment({ claimId: 'PD-1', amount: '1517.88', date: '2025-07-28', paymentId: 'bank-1' });
    expect(result.events.map((e) => e.type)).toEqual(['fee-reduced', 'payment-received']);
    await run('2025-10-31');
    const after = (await mw.history('PD-1')).map((h) => h.event);
    const later = after.filter((e): e is ClaimEvent => e.date > '2025-07-28');
    expect(later.map((e) => e.type)).toEqual([]);
    expect(after.filter((e) => e.type === 'settled').map((e) => e.date)).toEqual(['2025-07-28']);
    expect(ofType(after, 'handed-over')).toEqual([]);
    expect(checkInvariants(after, deB2bDefaultPolicy)).toEqual([]);

    // simulate books the same payment before the day's decision: settled, the final notice never entered.
    const sim = simulate({
      claims: [businessFacts],
      policy: 'auto',
      from: '2025-06-02',
      to: '2025-10-31',
      behaviour: { script: [{ type: 'pay', claimId: 'PD-1', date: '2025-07-28', amount: '1517.88' }] },
    });
    const claim = sim.claims[0];
    expect(claim?.status).toBe('settled');
    expect(ofType(claim?.events ?? [], 'fee-charged')).toEqual([]);
    expect(toAmountString(claim?.statement.total ?? eur('1'))).toBe('0.00');
  });
});
