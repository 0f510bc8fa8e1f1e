import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  bookIncomingPayment,
  checkInvariants,
  createMahnwerk,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  firstDemandFor,
  money,
  noticeReceipts,
  project,
  receiptDay,
  simpleCaseCorrection,
  simulate,
  statement,
  toAmountString,
  ValidationError,
  type ClaimEvent,
  type ClaimState,
  type IsoDate,
  type Policy,
} from '../../src/index.js';
import { created, facts, ofType, play } from './helpers.js';
import { accepting, autoHost } from './host-fixture.js';
import { simpleCaseFacts } from './simple-case-claim.js';

// Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG: "In einfachen Fällen darf nur eine Gebühr von 0,5 gefordert
// werden; ein einfacher Fall liegt in der Regel vor, wenn die Forderung innerhalb von zwei Wochen nach
// der ersten Zahlungsaufforderung beglichen wird." § 13e Abs. 1 RDG caps recoverable collection costs
// at what a lawyer may charge. All figures by hand (facts file /work/shared/legal/de-and-eu-facts.md):
// - 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (calendar date) → default from 06-17; the built-in
//   policies hand over on Thu 2025-08-14 (reminder 06-23, notice 07-07, final notice 07-28, + 17),
//   letter handover-inkasso queued and sent Thu 08-14, received Sun 08-17 (receiptDay: a letter on sent +
//   letterDeliveryDays 3 — the receipt convention of a Mahnung, § 286 Abs. 1 BGB) → the two weeks run from
//   the receipt: 08-17 + 14 = Sun 08-31 (§§ 187 Abs. 1, 188 Abs. 2 BGB) → § 193 BGB → Mon 09-01.
// - RVG 2025 (mandate 08-14, § 60 RVG), value 1500.00: 1.0 fee 51.50 + 2 × 41.50 = 134.50.
//   Charged (0.9): 121.05 + Nr. 7002 20 % = 24.21 → max 20.00 = 141.05.
//   Simple case (0.5): 67.25 + Nr. 7002 13.45 = 80.70. Reduction 141.05 − 80.70 = 60.35.
// - Consumer interest: base 2.27 % + 5 = 7.27 % to 06-30, 1.27 % + 5 = 6.27 % from 07-01, act/365,
//   each period rounded: 06-17 … 06-30 = 14 d: 1500.00 × 0.0727 × 14 / 365 = 1526.70 / 365 = 4.1827 → 4.18.
//   Creditor dunning fee 1.00 with the final notice (b2c); flat fee 40.00 instead (b2b, § 288 Abs. 5 BGB).

const consumerFacts = simpleCaseFacts;
const businessFacts = facts({
  id: 'SC-2',
  principal: '1500.00',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateIsCalendarDate: true,
  debtor: { id: 'D-2', kind: 'business', name: 'Muster GmbH', address: ['Industriestr. 1', '10115 Berlin'] },
});

function ledgerTo(f: typeof consumerFacts, policy: Policy, to: IsoDate): ClaimEvent[] {
  return play([created(f)], policy, f.invoiceDate, to);
}

const b2c = ledgerTo(consumerFacts, deB2cDefaultPolicy, '2025-08-14');
const b2b = ledgerTo(businessFacts, deB2bDefaultPolicy, '2025-08-14');
const eur = (amount: string) => money(amount, 'EUR');
const pay = (state: ClaimState, amount: string, date: IsoDate) => simpleCaseCorrection(state, { amount: eur(amount), date });

describe('the ledgers the tests start from', () => {
  it('hand-over on 2025-08-14 with collection costs of 141.05 (b2c) / 101.05 (b2b, less the 40.00 flat fee), letter sent the same day', () => {
    const fees = (events: ClaimEvent[]) => ofType(events, 'fee-charged').map((f) => [f.date, f.kind, f.amount]);
    expect(fees(b2c)).toEqual([
      ['2025-07-28', 'creditor-dunning-fee', '1.00'],
      ['2025-08-14', 'collection-costs', '141.05'],
    ]);
    expect(fees(b2b)).toEqual([
      ['2025-07-28', 'flat-fee', '40.00'],
      ['2025-08-14', 'collection-costs', '101.05'],
    ]);
    const fee = ofType(b2c, 'fee-charged')[1];
    expect(fee && firstDemandFor(project(b2c), fee)).toEqual({ date: '2025-08-14', messageId: 'SC-1:msg:handover:1', receivedOn: '2025-08-17', windowEnd: '2025-09-01' });
  });
});

describe('simpleCaseCorrection (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG)', () => {
  const state = project(b2c);

  it('paid in full on Thu 08-28, within two weeks of the first demand\'s receipt (Sun 08-17) → collection costs lowered by 60.35 to the 0.5 fee', () => {
    // As of 08-27: 07-01 … 08-27 = 31 + 27 = 58 d: 1500.00 × 0.0627 × 58 / 365 = 5454.90 / 365 = 14.9449 → 14.94;
    // interest 4.18 + 14.94 = 19.12. Costs 1.00 + 80.70 = 81.70. Total 1500.00 + 19.12 + 81.70 = 1600.82.
    const event = pay(state, '1600.82', '2025-08-28');
    expect(event).toMatchObject({
      type: 'fee-reduced',
      claimId: 'SC-1',
      date: '2025-08-28',
      feeId: 'SC-1:fee:collection-costs:2025-08-14:1',
      amount: '60.35',
      basis: 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG',
    });
    expect(event?.items?.map((i) => [i.code, i.amount, i.factor ?? null, i.baseFee ?? null])).toEqual([
      ['Nr. 2300 VV RVG', '67.25', '0.5', '134.50'],
      ['Nr. 7002 VV RVG', '13.45', null, null],
    ]);
    expect(event?.reason).toMatchObject({
      rule: 'fee.simple-case',
      inputs: { demandDate: '2025-08-14', demandReceivedOn: '2025-08-17', windowEnd: '2025-09-01', charged: '141.05', simpleCase: '80.70', chargedFactor: '0.9', claimValue: '1500.00', table: 'RVG 2025-06-01' },
    });
  });

  it('one cent short of settling on day 14 → no reduction (the claim is not "beglichen")', () => {
    expect(pay(state, '1600.81', '2025-08-28')).toBeNull();
  });

  it('the two weeks run from the receipt, not the dispatch: Mon 09-01 (last day, § 193 BGB) lowers the costs; Tue 09-02 → no reduction, even for the full 0.9 amount or more', () => {
    // 09-01, as of 08-31: 07-01 … 08-31 = 62 d: 94.05 × 62 / 365 = 5831.10 / 365 = 15.9756 → 15.98; interest 4.18 + 15.98 = 20.16;
    // with the 0.5 costs 81.70: total 1500.00 + 20.16 + 81.70 = 1601.86. (Counted from the dispatch, the two weeks would have ended on 08-28.)
    expect(pay(state, '1601.86', '2025-09-01')?.amount).toBe('60.35');
    // 09-02, as of 09-01: 63 d: 94.05 × 63 / 365 = 5925.15 / 365 = 16.2333 → 16.23; interest 20.41;
    // costs 1.00 + 141.05 = 142.05; total 1500.00 + 20.41 + 142.05 = 1662.46.
    expect(toAmountString(statement(state, '2025-09-01').total)).toBe('1662.46');
    expect(pay(state, '1662.46', '2025-09-02')).toBeNull();
    expect(pay(state, '5000.00', '2025-09-02')).toBeNull();
  });

  it('a partial payment within the two weeks that does not settle the claim → no reduction', () => {
    expect(pay(state, '500.00', '2025-08-21')).toBeNull();
  });

  it('an earlier partial payment and a settling one within the two weeks → the settling one lowers the costs', () => {
    // 500.00 on 08-18 (as of 08-17: 07-01 … 08-17 = 48 d: 94.05 × 48 / 365 = 12.3682 → 12.37; interest 16.55;
    // costs 142.05): costs 142.05, interest 16.55, principal 341.40 → principal 1158.60 from 08-18.
    const first = bookIncomingPayment(state, { paymentId: 'p1', amount: eur('500.00'), date: '2025-08-18' });
    expect(first.map((e) => e.type)).toEqual(['payment-received']);
    expect(ofType(first, 'payment-received')[0]?.allocation).toEqual({ costs: '142.05', interest: '16.55', principal: '341.40', unapplied: '0.00' });
    const after = project([...b2c, ...first]);
    // 08-21, as of 08-20: interest 08-18 … 08-20 = 3 d on 1158.60: 1158.60 × 0.0627 × 3 / 365 = 217.93266 / 365 = 0.5971 → 0.60.
    // Owed with the 0.5 fee: principal 1158.60 + interest 0.60 + costs (81.70 − 142.05 paid = −60.35) = 1098.85.
    expect(simpleCaseCorrection(after, { amount: eur('1098.84'), date: '2025-08-21' })).toBeNull();
    const booked = bookIncomingPayment(after, { paymentId: 'p2', amount: eur('1098.85'), date: '2025-08-21' });
    expect(booked.map((e) => [e.type, 'amount' in e ? e.amount : null])).toEqual([
      ['fee-reduced', '60.35'],
      ['payment-received', '1098.85'],
    ]);
    // The 500.00 already paid 142.05 of costs; only 81.70 are owed now, so the surplus 60.35 is credited to the
    // principal on 08-21 (costs do not turn negative): the payment meets interest 0.60 and principal 1158.60 − 60.35 = 1098.25.
    expect(ofType(booked, 'fee-reduced')[0]?.creditedToPrincipal).toBe('60.35');
    expect(ofType(booked, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '0.60', principal: '1098.25', unapplied: '0.00' });
    const final = project([...b2c, ...first, ...booked]);
    const s = statement(final, '2025-08-21');
    expect(s.lines.filter((l) => l.date === '2025-08-21').map((l) => [l.part, l.label, toAmountString(l.amount)])).toEqual([
      ['costs', 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)', '-60.35'],
      ['costs', 'Verrechnung zu viel gezahlter Kosten', '60.35'],
      ['principal', 'Verrechnung zu viel gezahlter Kosten', '-60.35'],
      ['interest', 'Zahlung auf Zinsen', '-0.60'],
      ['principal', 'Zahlung auf Hauptforderung', '-1098.25'],
    ]);
    expect([s.principal, s.interest, s.costs, s.total].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(checkInvariants(final.events, deB2cDefaultPolicy)).toEqual([]);
  });

  it('contested: a dispute opened before the payment, or costs charged as a contested case → no reduction (Anm. Abs. 1)', () => {
    const disputed = project([
      ...b2c,
      { type: 'dispute-opened', claimId: 'SC-1', date: '2025-08-18', disputeId: 'd1' },
      { type: 'dispute-resolved', claimId: 'SC-1', date: '2025-08-19', disputeId: 'd1', outcome: 'creditor-right' },
    ]);
    expect(simpleCaseCorrection(disputed, { amount: eur('1599.02'), date: '2025-08-21' })).toBeNull();
    const contested = project(
      b2c.map((e) =>
        e.type === 'fee-charged' && e.kind === 'collection-costs' ? { ...e, reason: { rule: 'fee.collection-costs', inputs: { ...e.reason?.inputs, case: 'contested' } } } : e,
      ),
    );
    expect(simpleCaseCorrection(contested, { amount: eur('1599.02'), date: '2025-08-21' })).toBeNull();
    // The same payment on the undisputed claim is a simple case (timeline-b2c: 1599.02 on 08-21 settles).
    expect(simpleCaseCorrection(state, { amount: eur('1599.02'), date: '2025-08-21' })?.amount).toBe('60.35');
  });

  it('business debtor: the 0.5 fee less the 40.00 flat fee still credited (§ 288 Abs. 5 S. 3 BGB) → 101.05 lowered to 40.70', () => {
    // Business interest 9 points above base: 06-17 … 06-30 at 11.27 %: 1500.00 × 0.1127 × 14 / 365 = 6.4841 → 6.48;
    // 07-01 … 08-20 = 51 d at 10.27 %: 1500.00 × 0.1027 × 51 / 365 = 7856.55 / 365 = 21.5248 → 21.52; 28.00.
    // Costs 40.00 + 40.70 (80.70 − 40.00) = 80.70. Total 1500.00 + 28.00 + 80.70 = 1608.70.
    const event = simpleCaseCorrection(project(b2b), { amount: eur('1608.70'), date: '2025-08-21' });
    expect(event?.amount).toBe('60.35');
    expect(event?.items?.map((i) => [i.code, i.amount])).toEqual([
      ['Nr. 2300 VV RVG', '67.25'],
      ['Nr. 7002 VV RVG', '13.45'],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00'],
    ]);
    expect(event?.reason?.inputs).toMatchObject({ charged: '101.05', simpleCase: '40.70', flatFeeCredit: '40.00' });
    expect(simpleCaseCorrection(project(b2b), { amount: eur('1608.69'), date: '2025-08-21' })).toBeNull();
  });

  it('the two weeks count from the receipt by the convention of a Mahnung (receiptDay): a letter sent later, an e-mail, the policy\'s delivery days', () => {
    // Letter queued Thu 08-14 but sent Sat 08-16: received Tue 08-19; 08-19 + 14 = Tue 09-02 (a business day).
    const late = project(b2c.map((e) => (e.type === 'message-sent' && e.messageId === 'SC-1:msg:handover:1' ? { ...e, date: '2025-08-16' } : e)));
    const fee = late.fees.find((f) => f.kind === 'collection-costs');
    expect(fee && firstDemandFor(late, fee)).toEqual({ date: '2025-08-16', messageId: 'SC-1:msg:handover:1', receivedOn: '2025-08-19', windowEnd: '2025-09-02' });
    // 09-02, as of 09-01: 63 d: 94.05 × 63 / 365 = 16.2333 → 16.23; interest 20.41; total 1500.00 + 20.41 + 81.70 = 1602.11.
    expect(simpleCaseCorrection(late, { amount: eur('1602.11'), date: '2025-09-02' })?.amount).toBe('60.35');
    expect(simpleCaseCorrection(late, { amount: eur('5000.00'), date: '2025-09-03' })).toBeNull();
    // Not sent (no message-sent): taken as sent by its channel (letter) on the day it was queued.
    const unsent = project(b2c.filter((e) => !(e.type === 'message-sent' && e.messageId === 'SC-1:msg:handover:1')));
    const fee2 = unsent.fees.find((f) => f.kind === 'collection-costs');
    expect(fee2 && firstDemandFor(unsent, fee2)).toMatchObject({ date: '2025-08-14', receivedOn: '2025-08-17', windowEnd: '2025-09-01' });
    // Sent by e-mail Thu 08-14: received Fri 08-15; 08-15 + 14 = Fri 08-29.
    const byEmail = project(b2c.map((e) => (e.type === 'message-sent' && e.messageId === 'SC-1:msg:handover:1' ? { ...e, channel: 'email' } : e)));
    const fee3 = byEmail.fees.find((f) => f.kind === 'collection-costs');
    expect(fee3 && firstDemandFor(byEmail, fee3)).toMatchObject({ date: '2025-08-14', receivedOn: '2025-08-15', windowEnd: '2025-08-29' });
    // A policy whose letters take 5 days: received Tue 08-19 → Tue 09-02.
    expect(fee && firstDemandFor(project(b2c), fee, undefined, 5)).toMatchObject({ receivedOn: '2025-08-19', windowEnd: '2025-09-02' });
  });

  it('one receipt convention: the first demand is received on the day noticeReceipts says the hand-over letter (a Mahnung) was received', () => {
    const s = project(b2c);
    const fee = s.fees.find((f) => f.kind === 'collection-costs');
    const notice = noticeReceipts(s, deB2cDefaultPolicy).find((r) => r.messageId === 'SC-1:msg:handover:1');
    expect(notice?.receivedOn).toBe('2025-08-17');
    expect(fee && firstDemandFor(s, fee, undefined, deB2cDefaultPolicy.letterDeliveryDays).receivedOn).toBe(notice?.receivedOn);
    expect(receiptDay('letter', '2025-08-14', deB2cDefaultPolicy.letterDeliveryDays)).toBe('2025-08-17');
    expect(receiptDay('email', '2025-08-14')).toBe('2025-08-15');
  });

  it('no collection costs, or a mandate before 2021-10-01 (no Anm. Abs. 2 yet) → no reduction', () => {
    const early = project(b2c.filter((e) => e.date <= '2025-08-13'));
    expect(simpleCaseCorrection(early, { amount: eur('5000.00'), date: '2025-08-21' })).toBeNull();
    const old = facts({ id: 'SC-OLD', principal: '1500.00', invoiceDate: '2021-06-01', dueDate: '2021-06-15', dueDateIsCalendarDate: true });
    const oldLedger = play([created(old)], deB2cDefaultPolicy, '2021-06-01', '2021-08-31');
    const fee = ofType(oldLedger, 'fee-charged').find((f) => f.kind === 'collection-costs');
    if (fee === undefined) throw new Error('expected collection costs in 2021');
    expect(fee.date < '2021-10-01').toBe(true);
    const oldState = project(oldLedger.filter((e) => e.date <= fee.date));
    expect(simpleCaseCorrection(oldState, { amount: eur('5000.00'), date: addDays(fee.date, 3) })).toBeNull();
  });

  it('a reduction is made once: after it, a further payment brings no second one', () => {
    const booked = bookIncomingPayment(state, { paymentId: 'p1', amount: eur('1599.02'), date: '2025-08-21' });
    expect(booked.map((e) => e.type)).toEqual(['fee-reduced', 'payment-received']);
    expect(simpleCaseCorrection(project([...b2c, ...booked]), { amount: eur('10.00'), date: '2025-08-22' })).toBeNull();
  });

  it('bookIncomingPayment refuses a bad payment as allocateIncomingPayment does, before anything is computed', () => {
    const booked = bookIncomingPayment(state, { paymentId: 'p1', amount: eur('1599.02'), date: '2025-08-21' });
    const after = project([...b2c, ...booked]);
    expect(() => bookIncomingPayment(after, { paymentId: 'p1', amount: eur('1.00'), date: '2025-08-22' })).toThrow(ValidationError);
    expect(() => simpleCaseCorrection(state, { amount: eur('0.00'), date: '2025-08-21' })).toThrow(ValidationError);
  });
});

describe('fee-reduced in the ledger', () => {
  it('project: a reduction of a fee not charged before → ValidationError naming events[i].feeId', () => {
    const bad: ClaimEvent = { type: 'fee-reduced', claimId: 'SC-1', date: '2025-08-21', feeId: 'nope', amount: '1.00', basis: 'x' };
    let error: unknown = null;
    try {
      project([...b2c, bad]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(`events[${b2c.length}].feeId`);
  });

  it('checkInvariants: guard.fee-reduction-bounds for a reduction above what is left of the fee, of an unknown fee, of zero, or before the fee', () => {
    const feeId = 'SC-1:fee:collection-costs:2025-08-14:1';
    const red = (amount: string, date: IsoDate = '2025-08-21', id = feeId): ClaimEvent => ({ type: 'fee-reduced', claimId: 'SC-1', date, feeId: id, amount, basis: 'x' });
    const guards = (extra: ClaimEvent[]) => checkInvariants([...b2c, ...extra], deB2cDefaultPolicy).map((r) => r.guard);
    expect(guards([red('141.05')])).toEqual([]);
    expect(guards([red('141.06')])).toEqual(['guard.fee-reduction-bounds']);
    expect(guards([red('100.00'), red('41.06', '2025-08-22')])).toEqual(['guard.fee-reduction-bounds']);
    expect(guards([red('0.00')])).toEqual(['guard.fee-reduction-bounds']);
    expect(guards([red('1.00', '2025-08-13')])).toEqual(['guard.fee-reduction-bounds']);
    expect(guards([red('1.00', '2025-08-21', 'nope')])).toEqual(['guard.fee-reduction-bounds']);
    expect(guards([{ ...red('60.35'), creditedToPrincipal: '60.35' } as ClaimEvent])).toEqual([]);
    expect(guards([{ ...red('60.35'), creditedToPrincipal: '60.36' } as ClaimEvent])).toEqual(['guard.fee-reduction-bounds']);
  });

  it('statement: a negative costs line with the basis; a payment of the same day meets the lowered costs (§ 367 BGB)', () => {
    const reduced: ClaimEvent = {
      type: 'fee-reduced',
      claimId: 'SC-1',
      date: '2025-08-21',
      feeId: 'SC-1:fee:collection-costs:2025-08-14:1',
      amount: '60.35',
      basis: 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG',
    };
    const withReduction = project([...b2c, reduced]);
    const s = statement(withReduction, '2025-08-21');
    expect(s.lines.filter((l) => l.part === 'costs').map((l) => [l.date, l.label, toAmountString(l.amount), l.basis])).toEqual([
      ['2025-07-28', 'Mahnkosten (Porto und Material)', '1.00', '§§ 280 Abs. 1, 2, 286 BGB'],
      // Fee and rate apart from the Nr. 7002 expenses: 0.9 × 134.50 = 121.05, 20 % capped at 20.00; together 141.05.
      ['2025-08-14', 'Geschäftsgebühr Nr. 2300 VV RVG', '121.05', 'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG (Fassung ab 01.06.2025), § 13e Abs. 1 RDG'],
      ['2025-08-14', 'Auslagenpauschale Nr. 7002 VV RVG', '20.00', 'Nr. 7002 VV RVG'],
      ['2025-08-21', 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)', '-60.35', 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG'],
    ]);
    expect(toAmountString(s.costs)).toBe('81.70');
    expect(toAmountString(statement(withReduction, '2025-08-20').costs)).toBe('142.05');
    // A payment of 500.00 on 08-21 meets the claim as of 08-20 (costs 142.05, interest 17.32) less the
    // reduction of its day: costs 81.70, interest 17.32, principal 500.00 − 99.02 = 400.98.
    const payment = allocateIncomingPayment(withReduction, { paymentId: 'p1', amount: eur('500.00'), date: '2025-08-21' });
    expect(payment.allocation).toEqual({ costs: '81.70', interest: '17.32', principal: '400.98', unapplied: '0.00' });
  });
});

describe('simulate and createMahnwerk book the correction before the § 367 allocation', () => {
  it('simulate: pay-in-full within the two weeks pays the lowered total (1599.02), nothing unapplied; settled', () => {
    const result = simulate({
      claims: [consumerFacts],
      policy: 'auto',
      from: '2025-06-02',
      to: '2025-09-30',
      behaviour: { script: [{ type: 'pay-in-full', claimId: 'SC-1', date: '2025-08-21' }] },
    });
    const claim = result.claims[0];
    expect(claim?.status).toBe('settled');
    expect(ofType(claim?.events ?? [], 'fee-reduced').map((e) => e.amount)).toEqual(['60.35']);
    expect(ofType(claim?.events ?? [], 'payment-received').map((p) => [p.amount, p.allocation])).toEqual([
      ['1599.02', { costs: '81.70', interest: '17.32', principal: '1500.00', unapplied: '0.00' }],
    ]);
  });

  it('createMahnwerk.recordPayment: the payment of 1599.02 on 08-21 records fee-reduced, then payment-received; the next run settles', async () => {
    const { mw, run } = autoHost({ channels: [accepting('email'), accepting('letter')] });
    await mw.createClaim({ ...consumerFacts, id: 'SC-MW' });
    await run('2025-08-21');
    const before = (await mw.history('SC-MW')).map((h) => h.event);
    expect(ofType(before, 'fee-charged').map((f) => [f.date, f.kind, f.amount])).toEqual([
      ['2025-07-28', 'creditor-dunning-fee', '1.00'],
      ['2025-08-14', 'collection-costs', '141.05'],
    ]);
    const result = await mw.recordPayment({ claimId: 'SC-MW', amount: '1599.02', date: '2025-08-21', paymentId: 'bank-1' });
    expect(result.events.map((e) => e.type)).toEqual(['fee-reduced', 'payment-received']);
    expect(ofType(result.events, 'payment-received')[0]?.allocation).toEqual({ costs: '81.70', interest: '17.32', principal: '1500.00', unapplied: '0.00' });
    await mw.runDue();
    const after = (await mw.history('SC-MW')).map((h) => h.event);
    expect(after.some((e) => e.type === 'settled')).toBe(true);
    expect(checkInvariants(after, deB2cDefaultPolicy)).toEqual([]);
  });
});

describe('simpleCaseCorrection remembers its last claim and day, not the answer for an amount or other options', () => {
  it('the same state and day asked with other amounts, and with other letter delivery days, answers as if asked first', () => {
    const state = project(b2c);
    // 09-01: total 1601.86 with the 0.5 costs (see "the two weeks run from the receipt" above).
    expect(pay(state, '1601.86', '2025-09-01')?.reason?.inputs?.['paymentAmount']).toBe('1601.86');
    expect(pay(state, '1601.85', '2025-09-01')).toBeNull();
    expect(pay(state, '1700.00', '2025-09-01')?.reason?.inputs?.['paymentAmount']).toBe('1700.00');
    // 09-02: with letters taking 5 days the two weeks end on 09-02 (total 1602.11, see "the policy's delivery days" above); with 3, on 09-01.
    expect(simpleCaseCorrection(state, { amount: eur('1602.11'), date: '2025-09-02' }, { letterDeliveryDays: 5 })?.amount).toBe('60.35');
    expect(simpleCaseCorrection(state, { amount: eur('1602.11'), date: '2025-09-02' })).toBeNull();
    expect(simpleCaseCorrection(state, { amount: eur('1602.11'), date: '2025-09-02' }, { letterDeliveryDays: 5 })?.amount).toBe('60.35');
  });
});
