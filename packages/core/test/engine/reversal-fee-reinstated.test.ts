import { describe, expect, it } from 'vitest';
import {
  bookIncomingPayment,
  bookPaymentReversal,
  checkInvariants,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  decide,
  feeReinstatements,
  money,
  project,
  simpleCaseCorrection,
  statement,
  statementLineText,
  toAmountString,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
} from '../../src/index.js';
import { created, facts, ofType, play } from './helpers.js';
import { accepting, autoHost, feeLines } from './host-fixture.js';
import { simpleCaseHandedOver, simpleCasePartThenSettled } from './simple-case-claim.js';
import { created as ledgerCreated, defaultBegan as ledgerDefaultBegan, fee as ledgerFee } from '../ledger/fixtures.js';

// § 362 Abs. 1 BGB: a payment taken back (a refund or chargeback, `payment-reversed`) did not fulfil. Two
// fee reductions rest on a payment that settled the claim:
// - fee.payment-day (§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB): a fee charged on the day of a payment that
//   settles everything else drops — a debtor who pays on the day of a step does not bear its costs;
// - fee.simple-case (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG): collection costs are lowered to the
//   0.5 fee when the claim is "beglichen" within two weeks of the agency's first demand.
// Once that payment is taken back, the claim was not paid on that day: the step was necessary and its
// costs are damages of the delay, and a claim not settled within the two weeks was no simple case. So the
// reduction is put back (`fee-reinstated`, rule fee.reinstated), dated the reversal's day — the day the
// undone parts of the payment are owed again (reverseIncomingPayment; the ledger is append-only).
//
// The bug: the fee stayed dropped (and the collection costs lowered) after the chargeback, while a host
// that booked the same payment before the day's run (as simulate does) charged the fee after the
// chargeback — the same day gave two results.
//
// Figures by hand (facts file /work/shared/legal/de-and-eu-facts.md § 1.1, § 2.1), the claim of
// payment-day-costs.test.ts: business claim 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (agreed) →
// default from 06-17; de-b2b-default enters the final notice with the § 288 Abs. 5 BGB flat fee 40.00 on
// Mon 2025-07-28. Interest 9 pp above base: 06-17 … 06-30 = 14 d at 11.27 %: 1500.00 × 0.1127 × 14 / 365 =
// 6.4841 → 6.48; 07-01 … 07-27 = 27 d at 10.27 %: 1500.00 × 0.1027 × 27 / 365 = 11.3955 → 11.40; 17.88 as of
// 07-27. 1517.88 paid on 07-28 settles everything but the flat fee of that day, which drops (fee.payment-day).
// Chargeback of the whole 1517.88 on Tue 2025-08-05: interest 17.88 and principal 1500.00 owed again from
// 08-05 (no interest 07-28 … 08-04: the creditor had the money); the flat fee 40.00 is charged again on 08-05.
// - As of 08-05: interest 17.88 + 1 d: 1500.00 × 0.1027 / 365 = 0.4221 → 0.42 = 18.30; total 1500.00 +
//   18.30 + 40.00 = 1558.30 (before the fix: 1518.30).

const businessFacts = facts({
  id: 'PD-1',
  principal: '1500.00',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
  debtor: { id: 'D-2', kind: 'business', name: 'Muster GmbH', address: ['Industriestr. 1', '10115 Berlin'] },
});
const eur = (amount: string) => money(amount, 'EUR');
const figures = (events: readonly ClaimEvent[], asOf: IsoDate): string[] => {
  const s = statement(project(events), asOf);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};

// The ledger after the daily run of 07-28 (final notice, flat fee 40.00), the payment booked after the run.
const afterRun = play([created(businessFacts)], deB2bDefaultPolicy, businessFacts.invoiceDate, '2025-07-28');
const paid = [...afterRun, ...bookIncomingPayment(project(afterRun), { paymentId: 'bank-1', amount: eur('1517.88'), date: '2025-07-28' })];
const settledLedger = [...paid, ...decide(project(paid), deB2bDefaultPolicy, '2025-07-29').events];

describe('§ 362 Abs. 1 BGB with fee.payment-day: a fee dropped for a payment that is charged back is charged again (fee-reinstated)', () => {
  it('the ledger it starts from: the flat fee of 07-28 dropped by the payment of its day, the claim settled', () => {
    expect(feeLines(settledLedger)).toEqual(['2025-07-28 charged flat-fee 40.00', '2025-07-28 reduced 40.00 (fee.payment-day)']);
    expect(project(settledLedger).status).toBe('settled');
    expect(figures(settledLedger, '2025-07-28')).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('chargeback of the whole 1517.88 on 08-05: payment-reversed, reopened, then the 40.00 reinstated on 08-05; total 1558.30 as of 08-05 (before: 1518.30)', () => {
    const booked = bookPaymentReversal(project(settledLedger), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1517.88'), date: '2025-08-05' });
    expect(booked.map((e) => [e.type, e.date])).toEqual([
      ['payment-reversed', '2025-08-05'],
      ['reopened', '2025-08-05'],
      ['fee-reinstated', '2025-08-05'],
    ]);
    const back = ofType(booked, 'fee-reinstated')[0] as ClaimEventOf<'fee-reinstated'>;
    expect(back).toMatchObject({
      feeId: 'PD-1:fee:flat-fee:2025-07-28:1',
      amount: '40.00',
      reversalId: 'cb-1',
      basis: '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (Zahlung zurückgebucht: am Tag des Schritts nicht erfüllt)',
      reason: { rule: 'fee.reinstated', inputs: { reducedBy: 'fee.payment-day', reducedOn: '2025-07-28', paymentId: 'bank-1', paymentDate: '2025-07-28', reversalKind: 'chargeback', reinstated: '40.00' } },
    });
    expect(back.reason?.text).toBe(
      'The flat-fee PD-1:fee:flat-fee:2025-07-28:1 was dropped on 2025-07-28 because payment bank-1 settled the claim on the day it was charged. The chargeback takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 40.00 EUR charged again.',
    );
    const ledger = [...settledLedger, ...booked];
    // 1500.00 + (17.88 + 0.42) + 40.00 = 1558.30.
    expect(figures(ledger, '2025-08-05')).toEqual(['1500.00', '18.30', '40.00', '1558.30']);
    // The statement line says why, in German as booked and in English for a renderer.
    const line = statement(project(ledger), '2025-08-05').lines.find((l) => l.part === 'costs' && l.date === '2025-08-05');
    expect(line?.label).toBe('Wieder berechnet: Verzugspauschale (§ 288 Abs. 5 BGB), Zahlung zurückgebucht');
    expect(line && toAmountString(line.amount)).toBe('40.00');
    expect(line && statementLineText(line, 'en')).toEqual({
      label: 'Charged again: Flat-rate default charge (§ 288 Abs. 5 BGB), payment taken back',
      basis: '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (payment taken back: the claim was not paid on the day of the step)',
    });
    expect(checkInvariants(ledger, deB2bDefaultPolicy)).toEqual([]);
  });

  it('both orders of the day give the same claim after the chargeback: booked before the run of 07-28 (simulate\'s order) the final notice and its 40.00 come after the chargeback; booked after it, the 40.00 comes back — 1558.30 either way as of 08-05', () => {
    const payFirst = (events: readonly ClaimEvent[]) => bookIncomingPayment(project(events), { paymentId: 'bank-1', amount: eur('1517.88'), date: '2025-07-28' });
    const before = play([created(businessFacts)], deB2bDefaultPolicy, businessFacts.invoiceDate, '2025-08-04', { on: { '2025-07-28': payFirst } });
    expect(feeLines(before)).toEqual([]);
    const reversed = [...before, ...bookPaymentReversal(project(before), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1517.88'), date: '2025-08-05' })];
    const beforeOrder = play(reversed, deB2bDefaultPolicy, '2025-08-05', '2025-08-05');
    expect(feeLines(beforeOrder)).toEqual(['2025-08-05 charged flat-fee 40.00']);
    const afterOrder = [...settledLedger, ...bookPaymentReversal(project(settledLedger), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1517.88'), date: '2025-08-05' })];
    expect(figures(beforeOrder, '2025-08-05')).toEqual(['1500.00', '18.30', '40.00', '1558.30']);
    expect(figures(afterOrder, '2025-08-05')).toEqual(figures(beforeOrder, '2025-08-05'));
    // The next run does not charge a second flat fee (guard.flat-fee-once counts the reinstated one as standing).
    const next = play(afterOrder, deB2bDefaultPolicy, '2025-08-05', '2025-08-13');
    expect(feeLines(next.slice(afterOrder.length))).toEqual([]);
  });

  it('a refund of the overpaid part only (2.12 of 1520.00) leaves the fee dropped: the payment still settled the claim; 2.13 reaches the principal → the fee comes back', () => {
    // 1520.00 on 07-28: costs 0.00, interest 17.88, principal 1500.00, unapplied 1520.00 − 1517.88 = 2.12.
    const over = [...afterRun, ...bookIncomingPayment(project(afterRun), { paymentId: 'bank-1', amount: eur('1520.00'), date: '2025-07-28' })];
    expect(ofType(over, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '17.88', principal: '1500.00', unapplied: '2.12' });
    const refundOver = bookPaymentReversal(project(over), { reversalId: 'r-1', paymentId: 'bank-1', kind: 'refund', amount: eur('2.12'), date: '2025-08-05' });
    expect(refundOver.map((e) => e.type)).toEqual(['payment-reversed']);
    // 2.13: 2.12 unapplied and 0.01 principal taken back — the claim was not paid in full on 07-28.
    const refundMore = bookPaymentReversal(project(over), { reversalId: 'r-1', paymentId: 'bank-1', kind: 'refund', amount: eur('2.13'), date: '2025-08-05' });
    expect(refundMore.map((e) => e.type)).toEqual(['payment-reversed', 'fee-reinstated']);
    expect(ofType(refundMore, 'fee-reinstated')[0]?.amount).toBe('40.00');
    // As of 08-05: principal 0.01 (its interest for one day 0.00), costs 40.00: total 40.01.
    expect(figures([...over, ...refundMore], '2025-08-05')).toEqual(['0.01', '0.00', '40.00', '40.01']);
  });

  it('the host: createMahnwerk books the bank statement after runDue, then reversePayment on 08-05 — the 40.00 reinstated through decideCommand, once', async () => {
    const { mw, run, events, clock } = autoHost({ channels: [accepting('email'), accepting('letter')] });
    await mw.createClaim(businessFacts);
    await run('2025-07-28');
    await mw.recordPayment({ claimId: 'PD-1', amount: '1517.88', date: '2025-07-28', paymentId: 'bank-1' });
    await run('2025-08-04');
    clock.date = '2025-08-05';
    const result = await mw.reversePayment({ claimId: 'PD-1', paymentId: 'bank-1', reversalId: 'cb-1', kind: 'chargeback', amount: '1517.88', date: '2025-08-05' });
    expect(result.events.map((e) => e.type)).toEqual(['payment-reversed', 'reopened', 'fee-reinstated']);
    // Recorded again (the provider's webhook delivered twice): the reversal already recorded, no second reinstatement (below).
    await mw.reversePayment({ claimId: 'PD-1', paymentId: 'bank-1', reversalId: 'cb-1', kind: 'chargeback', amount: '1517.88', date: '2025-08-05' });
    const ledger = await events('PD-1');
    expect(feeLines(ledger)).toEqual(['2025-07-28 charged flat-fee 40.00', '2025-07-28 reduced 40.00 (fee.payment-day)', '2025-08-05 reinstated 40.00 (fee.reinstated)']);
    expect(figures(ledger, '2025-08-05')).toEqual(['1500.00', '18.30', '40.00', '1558.30']);
    expect(checkInvariants(ledger, deB2bDefaultPolicy)).toEqual([]);
  });
});

// Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG ("ein einfacher Fall liegt in der Regel vor, wenn die Forderung
// innerhalb von zwei Wochen nach der ersten Zahlungsaufforderung beglichen wird"), the claim of
// fee-corrections.test.ts: consumer claim 1500.00 (calendar due date 2025-06-16, default from 06-17),
// de-b2c-default: creditor fee 1.00 on 07-28, hand-over Thu 2025-08-14 with collection costs 141.05
// (RVG 2025, value 1500.00: 0.9 × 134.50 = 121.05 + Nr. 7002 20.00); the agency's letter received Sun
// 08-17, two weeks to Sun 08-31 → § 193 BGB → Mon 09-01. Simple case (0.5): 67.25 + 13.45 = 80.70,
// reduction 141.05 − 80.70 = 60.35. Interest 5 pp above base: 4.18 (06-17 … 06-30) + 07-01 … 08-27 = 58 d:
// 1500.00 × 0.0627 × 58 / 365 = 14.9449 → 14.94 = 19.12 as of 08-27; 1500.00 + 19.12 + 1.00 + 80.70 = 1600.82
// paid on Thu 08-28 settles the claim with the costs lowered.
// Chargeback of the 1600.82 on Fri 08-29: principal 1500.00, interest 19.12 and costs 81.70 owed again, and the
// 60.35 comes back (the claim was not "beglichen"): costs 81.70 + 60.35 = 142.05. Interest from 08-29:
// 08-29 … 08-31 = 3 d: 1500.00 × 0.0627 × 3 / 365 = 282.15 / 365 = 0.7730 → 0.77; as of 08-31: 19.12 + 0.77 =
// 19.89; total 1500.00 + 19.89 + 142.05 = 1661.94 (before the fix: 1601.59).
// Paid again on Mon 09-01, the last day of the two weeks, with the 0.5 costs: 1661.94 − 60.35 = 1601.59 → the
// case is simple again, 60.35 lowered again, settled. On Tue 09-02 (as of 09-01: 08-29 … 09-01 = 4 d:
// 1500.00 × 0.0627 × 4 / 365 = 1.0307 → 1.03; interest 19.12 + 1.03 = 20.15; total 1500.00 + 20.15 + 142.05 =
// 1662.20) no payment lowers it.

const handedOver = simpleCaseHandedOver;
const simplePaid = [...handedOver, ...bookIncomingPayment(project(handedOver), { paymentId: 'bank-1', amount: eur('1600.82'), date: '2025-08-28' })];

describe('§ 362 Abs. 1 BGB with Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG: collection costs lowered for a payment within two weeks that is charged back are charged in full again', () => {
  it('the ledger it starts from: 1600.82 on 08-28 lowered the collection costs by 60.35 (fee.simple-case) and settles the claim', () => {
    expect(feeLines(simplePaid)).toEqual([
      '2025-07-28 charged creditor-dunning-fee 1.00',
      '2025-08-14 charged collection-costs 141.05',
      '2025-08-28 reduced 60.35 (fee.simple-case)',
    ]);
    expect(figures(simplePaid, '2025-08-28')).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('chargeback on 08-29: the 60.35 comes back on 08-29 (rule fee.reinstated, the simple-case basis); total 1661.94 as of 08-31 (before: 1601.59)', () => {
    const booked = bookPaymentReversal(project(simplePaid), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1600.82'), date: '2025-08-29' });
    expect(booked.map((e) => e.type)).toEqual(['payment-reversed', 'fee-reinstated']);
    expect(ofType(booked, 'fee-reinstated')[0]).toMatchObject({
      date: '2025-08-29',
      feeId: 'SC-1:fee:collection-costs:2025-08-14:1',
      amount: '60.35',
      basis: '§ 362 Abs. 1 BGB; Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG (Zahlung zurückgebucht: nicht binnen zwei Wochen beglichen, kein einfacher Fall)',
      reason: { rule: 'fee.reinstated', inputs: { reducedBy: 'fee.simple-case', reducedOn: '2025-08-28' } },
    });
    const ledger = [...simplePaid, ...booked];
    expect(figures(ledger, '2025-08-31')).toEqual(['1500.00', '19.89', '142.05', '1661.94']);
    const line = statement(project(ledger), '2025-08-31').lines.find((l) => l.part === 'costs' && l.date === '2025-08-29' && l.amount.amount.isPositive() && l.label.startsWith('Wieder'));
    expect(line?.label).toBe('Wieder berechnet: Inkassokosten, Zahlung zurückgebucht');
    expect(line && statementLineText(line, 'en').label).toBe('Charged again: collection costs, payment taken back');
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('paid again within the two weeks (Mon 09-01, 1601.59): a simple case again, 60.35 lowered again and settled; on 09-02 nothing lowers it', () => {
    const reversed = [...simplePaid, ...bookPaymentReversal(project(simplePaid), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1600.82'), date: '2025-08-29' })];
    const again = bookIncomingPayment(project(reversed), { paymentId: 'bank-2', amount: eur('1601.59'), date: '2025-09-01' });
    expect(ofType(again, 'fee-reduced').map((r) => [r.amount, r.reason?.rule])).toEqual([['60.35', 'fee.simple-case']]);
    const ledger = [...reversed, ...again];
    expect(figures(ledger, '2025-09-01')).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
    // 09-02, after the two weeks: as of 09-01 interest 19.12 + 1.03 = 20.15, total 1500.00 + 20.15 + 142.05 = 1662.20.
    expect(figures(reversed, '2025-09-01')).toEqual(['1500.00', '20.15', '142.05', '1662.20']);
    expect(simpleCaseCorrection(project(reversed), { amount: eur('1662.20'), date: '2025-09-02' })).toBeNull();
  });

  // The second lowering rests on the second payment alone: when that one is charged back too (Wed 09-03), the
  // claim was not settled within the two weeks after all, and the 60.35 comes back again. The bug: the
  // reinstatement of 08-29 (which put back the first lowering) was counted against the second lowering too,
  // so nothing came back — costs 81.70 instead of 142.05.
  // By hand: the 1601.59 of 09-01 was costs 81.70, interest 19.89 (19.12 + 08-29 … 08-31 0.77), principal
  // 1500.00; all taken back on 09-03, and the 60.35 reinstated: costs 142.05; interest 19.89 + 09-03 (1 d:
  // 1500.00 × 0.0627 / 365 = 0.2577 → 0.26; 09-01 and 09-02 bear none, the principal was paid) = 20.15;
  // total 1500.00 + 20.15 + 142.05 = 1662.20 as of 09-03 (before the fix: costs 81.70, total 1601.85).
  it('paid again within the two weeks and that payment charged back too (09-03): the second lowering comes back as well — 60.35 on 09-03, total 1662.20 (before: 1601.85)', () => {
    const reversed = [...simplePaid, ...bookPaymentReversal(project(simplePaid), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1600.82'), date: '2025-08-29' })];
    const again = [...reversed, ...bookIncomingPayment(project(reversed), { paymentId: 'bank-2', amount: eur('1601.59'), date: '2025-09-01' })];
    expect(ofType(again, 'payment-received').at(-1)?.allocation).toEqual({ costs: '81.70', interest: '19.89', principal: '1500.00', unapplied: '0.00' });
    const booked = bookPaymentReversal(project(again), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: eur('1601.59'), date: '2025-09-03' });
    expect(ofType(booked, 'fee-reinstated').map((r) => [r.date, r.amount, r.reason?.inputs?.['reducedOn']])).toEqual([['2025-09-03', '60.35', '2025-09-01']]);
    const ledger = [...again, ...booked];
    expect(figures(ledger, '2025-09-03')).toEqual(['1500.00', '20.15', '142.05', '1662.20']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('a chargeback of an overpayment received after the settlement (all of it unapplied) puts nothing back: the claim stayed paid within the two weeks', () => {
    // 5.00 overpaid on 08-30 (no open amount: all unapplied), then charged back: the simple case stands.
    const later = [...simplePaid, ...bookIncomingPayment(project(simplePaid), { paymentId: 'bank-2', amount: eur('5.00'), date: '2025-08-30' })];
    const booked = bookPaymentReversal(project(later), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: eur('5.00'), date: '2025-08-31' });
    expect(booked.map((e) => e.type)).toEqual(['payment-reversed']);
    expect(feeReinstatements(project([...later, ...booked]), booked[0] as ClaimEventOf<'payment-reversed'>)).toEqual([]);
  });
});

// Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG with § 367 Abs. 1 BGB: the simple case of the claim above when an
// earlier payment had already paid the collection costs in full. The lowering then took nothing off the
// open costs: the 60.35 the first payment had paid above the 0.5 costs was credited to the principal
// (`fee-reduced.creditedToPrincipal`). The chargeback of the settling payment puts the 60.35 back on the
// fee (`fee-reinstated`) and must undo that credit on its day (`fee-reinstated.backFromPrincipal`): the
// first payment's 142.05 pays the costs again in full, and the principal is owed again by the 60.35 —
// with default interest on it from the reinstatement's day, not backdated.
//
// The bug: the credit stayed on the principal — the total owed was right, but the costs showed 60.35 open
// and the principal (and the interest on it from the chargeback on) was 60.35 too low; a later payment
// went to the costs first (§ 367 Abs. 1 BGB) instead of the interest and principal.
//
// Figures by hand (consumer, 5 pp above base: 7.27 % to 06-30, 6.27 % from 07-01, act/365):
// - 1000.00 paid Wed 2025-08-20 against the end of 08-19: costs 1.00 + 141.05 = 142.05; interest 4.18
//   (06-17 … 06-30) + 07-01 … 08-19 = 50 d: 1500.00 × 0.0627 × 50 / 365 = 4702.50 / 365 = 12.8836 → 12.88 =
//   17.06; principal 1000.00 − 142.05 − 17.06 = 840.89 → 659.11 open. Not settled: no lowering.
// - Owed at the end of 08-27: interest 08-20 … 08-27 = 8 d: 659.11 × 0.0627 × 8 / 365 = 330.609576 / 365 =
//   0.9058 → 0.91; total 659.11 + 0.91 = 660.02; lowered by 60.35 (costs open 0.00, so all of it paid:
//   credited to the principal, 659.11 − 60.35 = 598.76) → 599.67 paid Thu 08-28: interest 0.91, principal
//   598.76; settled.
// - Chargeback of the 599.67 on Fri 08-29: interest 0.91 and principal 598.76 owed again, 60.35 reinstated
//   and its credit undone: principal 598.76 + 60.35 = 659.11, costs 60.35 − 60.35 = 0.00 (142.05 charged,
//   142.05 paid). As of 08-31: interest 08-29 … 08-31 = 3 d: 659.11 × 0.0627 × 3 / 365 = 123.978591 / 365 =
//   0.3397 → 0.34 (08-28: principal 0.00, nothing); 0.91 + 0.34 = 1.25; total 659.11 + 1.25 = 660.36.
//   Before the fix: principal 598.76, interest 0.91 + 598.76 × 0.0627 × 3 / 365 = 0.3086 → 0.31 = 1.22, costs
//   60.35, total 660.33.
// - 100.00 paid Tue 09-02 (after the two weeks, no lowering) against the end of 09-01: costs 0.00; interest
//   0.91 + 08-29 … 09-01 = 4 d: 659.11 × 0.0627 × 4 / 365 = 165.304788 / 365 = 0.4529 → 0.45 = 1.36;
//   principal 100.00 − 1.36 = 98.64 (before the fix: costs 60.35 first).
const partThenSettled = simpleCasePartThenSettled;

describe('guard.fee-reduction-bounds (checkInvariants): a reinstatement or reduction of no fee, of no amount or of zero is reported', () => {
  const reinstated = (): ClaimEvent[] => [...simplePaid, ...bookPaymentReversal(project(simplePaid), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1600.82'), date: '2025-08-29' })];
  const bounds = (ledger: readonly ClaimEvent[]): string[] => checkInvariants(ledger, deB2cDefaultPolicy).filter((r) => r.guard === 'guard.fee-reduction-bounds').map((r) => r.message);
  const edited = (type: 'fee-reinstated' | 'fee-reduced', change: Record<string, string>): ClaimEvent[] => {
    const ledger = reinstated();
    const i = ledger.findIndex((e) => e.type === type);
    ledger[i] = { ...ledger[i], ...change } as ClaimEvent;
    return ledger;
  };
  it('the untouched ledger (60.35 lowered on 08-28, put back on 08-29) is reported clean — the control', () => {
    expect(bounds(reinstated())).toEqual([]);
  });
  it('fee-reinstated of a fee never charged, of "abc" and of 0.00: each named with its fee and amount (reported, not thrown)', () => {
    expect(bounds(edited('fee-reinstated', { feeId: 'SC-1:fee:none' }))).toEqual(['Fee SC-1:fee:none is reinstated, but no such fee was charged before on this claim.']);
    expect(bounds(edited('fee-reinstated', { amount: 'abc' }))[0]).toMatch(/^Fee SC-1:fee:collection-costs:2025-08-14:1 is reinstated by "abc", which is not an amount: /);
    expect(bounds(edited('fee-reinstated', { amount: '0.00' }))).toContain('Fee SC-1:fee:collection-costs:2025-08-14:1 is reinstated by 0.00; a reinstatement must be above zero.');
  });
  it('fee-reduced of a fee never charged and of 0.00: the same checks in the words of a reduction', () => {
    expect(bounds(edited('fee-reduced', { feeId: 'SC-1:fee:none' }))).toContain('Fee SC-1:fee:none is reduced, but no such fee was charged before on this claim.');
    expect(bounds(edited('fee-reduced', { amount: '0.00' }))).toContain('Fee SC-1:fee:collection-costs:2025-08-14:1 is reduced by 0.00; a reduction must be above zero.');
  });
});

describe('§ 367 Abs. 1 BGB with fee.simple-case: a reinstatement undoes the credit of the costs an earlier payment had paid (fee-reinstated.backFromPrincipal)', () => {
  it('the ledger it starts from: 1000.00 on 08-20 paid the costs 142.05 in full; 599.67 on 08-28 settles, the 60.35 lowered is credited to the principal', () => {
    expect(ofType(partThenSettled, 'payment-received').map((p) => [p.paymentId, p.allocation])).toEqual([
      ['bank-1', { costs: '142.05', interest: '17.06', principal: '840.89', unapplied: '0.00' }],
      ['bank-2', { costs: '0.00', interest: '0.91', principal: '598.76', unapplied: '0.00' }],
    ]);
    expect(ofType(partThenSettled, 'fee-reduced').map((r) => [r.date, r.amount, r.creditedToPrincipal, r.reason?.rule])).toEqual([['2025-08-28', '60.35', '60.35', 'fee.simple-case']]);
    expect(figures(partThenSettled, '2025-08-28')).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('chargeback of the 599.67 on 08-29: the 60.35 comes back onto the costs the first payment paid, the principal is owed again by it — 659.11, interest 1.25, costs 0.00, total 660.36 as of 08-31 (before: 598.76, 1.22, 60.35, 660.33)', () => {
    const booked = bookPaymentReversal(project(partThenSettled), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: eur('599.67'), date: '2025-08-29' });
    expect(ofType(booked, 'fee-reinstated').map((r) => [r.date, r.amount, r.backFromPrincipal, r.backFromUnapplied])).toEqual([['2025-08-29', '60.35', '60.35', undefined]]);
    const ledger = [...partThenSettled, ...booked];
    expect(figures(ledger, '2025-08-31')).toEqual(['659.11', '1.25', '0.00', '660.36']);
    // Interest on the principal owed again runs from the reinstatement's day: 08-28 bears none, 08-29 … 08-31 on 659.11.
    const st = statement(project(ledger), '2025-08-31');
    const periods = st.lines.filter((l) => l.part === 'interest' && l.days !== undefined && l.date >= '2025-08-20');
    expect(periods.map((l) => [l.date, l.to, l.onPrincipal && toAmountString(l.onPrincipal), toAmountString(l.amount)])).toEqual([
      ['2025-08-20', '2025-08-27', '659.11', '0.91'],
      ['2025-08-29', '2025-08-31', '659.11', '0.34'],
    ]);
    // The lines of 08-29 say what moved back: the credit of 08-28 withdrawn, on the costs and on the principal.
    const undone = st.lines.filter((l) => l.date === '2025-08-29' && l.label.startsWith('Verrechnung zu viel gezahlter Kosten aufgehoben'));
    expect(undone.map((l) => [l.part, toAmountString(l.amount)])).toEqual([
      ['costs', '-60.35'],
      ['principal', '60.35'],
    ]);
    expect(statementLineText(undone[0]!, 'en').label).toBe('Credit of costs paid in excess withdrawn (costs charged again)');
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('§ 367 Abs. 1 BGB after it: 100.00 paid on 09-02 goes to the interest 1.36, then the principal 98.64 — no costs are open', () => {
    const reversed = [...partThenSettled, ...bookPaymentReversal(project(partThenSettled), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: eur('599.67'), date: '2025-08-29' })];
    const paidAgain = bookIncomingPayment(project(reversed), { paymentId: 'bank-3', amount: eur('100.00'), date: '2025-09-02' });
    expect(ofType(paidAgain, 'fee-reduced')).toEqual([]);
    expect(ofType(paidAgain, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '1.36', principal: '98.64', unapplied: '0.00' });
  });
});

// Which reductions come back is the reduction's rule: only fee.payment-day and fee.simple-case rest on a
// payment that settled the claim. fee.before-default (§ 286 Abs. 1 BGB, § 130 Abs. 1 S. 1 BGB: the debtor
// was not in default when the fee was charged) and fee.letter-not-sent (§ 249 Abs. 1 BGB: no letter, no
// costs; letter-withdrawn.test.ts) rest on facts a refund or chargeback does not change. A hand-built
// ledger (ledger fixtures): consumer, principal 100.00, default from 2025-01-10, a creditor fee 1.00 charged
// on 01-20, 101.00 paid on 01-25 — § 367 Abs. 1 BGB against the end of 01-24: costs 1.00, interest 01-10 …
// 01-24 = 15 d: 100.00 × 0.0727 × 15 / 365 = 109.05 / 365 = 0.2988 → 0.30, principal 101.00 − 1.30 = 99.70 —
// the fee dropped on 01-25 by the rule under test with its paid 1.00 credited to the principal, then the
// whole payment charged back on 02-03.
describe('§ 362 Abs. 1 BGB: only the reductions that rested on a settling payment come back', () => {
  const ledgerWith = (rule: string): ClaimEvent[] => {
    const events: ClaimEvent[] = [ledgerCreated('100.00', { date: '2025-01-02', facts: { invoiceDate: '2025-01-02', dueDate: '2025-01-09' } }), ledgerDefaultBegan('2025-01-10'), ledgerFee('2025-01-20', '1.00', 'creditor-dunning-fee')];
    events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: eur('101.00'), date: '2025-01-25' }));
    const feeId = ofType(events, 'fee-charged')[0]!.feeId;
    events.push({ type: 'fee-reduced', claimId: events[0]!.claimId, date: '2025-01-25', feeId, amount: '1.00', basis: 'test', items: [], creditedToPrincipal: '1.00', reason: { rule, text: 'test' } });
    return events;
  };
  const reverse = (events: ClaimEvent[]) => bookPaymentReversal(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'chargeback', amount: eur('101.00'), date: '2025-02-03' });

  it('fee.before-default and fee.letter-not-sent: the fee stays dropped after the chargeback', () => {
    for (const rule of ['fee.before-default', 'fee.letter-not-sent']) {
      const events = ledgerWith(rule);
      expect(ofType(events, 'payment-received')[0]?.allocation).toEqual({ costs: '1.00', interest: '0.30', principal: '99.70', unapplied: '0.00' });
      expect(reverse(events).map((e) => e.type), rule).toEqual(['payment-reversed']);
    }
  });

  it('the same ledger with the reduction of rule fee.payment-day: the 1.00 comes back on 02-03 (the control)', () => {
    const booked = reverse(ledgerWith('fee.payment-day'));
    expect(booked.map((e) => [e.type, e.date, 'amount' in e ? e.amount : ''])).toEqual([
      ['payment-reversed', '2025-02-03', '101.00'],
      ['fee-reinstated', '2025-02-03', '1.00'],
    ]);
  });
});
