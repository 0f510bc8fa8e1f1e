import { describe, expect, it } from 'vitest';
import { bookIncomingPayment, bookPaymentReversal, money, project, statement, toAmountString, type ClaimEvent } from '../../src/index.js';
import { ofType } from './helpers.js';
import { simpleCaseHandedOver, simpleCasePartThenSettled } from './simple-case-claim.js';

// Rule fee.reinstated (§ 362 Abs. 1 BGB) with § 367 Abs. 1 BGB: a reinstatement that undoes the lowering's move
// of what earlier payments had paid (`fee-reinstated.backFromPrincipal` / `backFromUnapplied`) says so in its
// reason. The reason used to end with "60.35 EUR charged again." — the audit trail gave no words for why the
// principal rose by 60.35 on the reversal's day (the statement has its own line for it: "Verrechnung zu viel
// gezahlter Kosten aufgehoben (Kosten wieder berechnet)", on the costs and the principal).
//
// Figures by hand (reversal-fee-reinstated.test.ts, "fee-reinstated.backFromPrincipal"; consumer, 5 pp above base):
// - 1000.00 paid Wed 2025-08-20: costs 142.05, interest 17.06, principal 840.89 → 659.11 open;
// - 599.67 paid Thu 08-28 settles as a simple case: the collection costs 141.05 are lowered by 60.35 to 80.70;
//   the costs were paid in full by the 1000.00, so the 60.35 is credited to the principal (659.11 − 60.35 =
//   598.76): interest 0.91, principal 598.76;
// - the 599.67 charged back on Fri 08-29: 60.35 reinstated, and the credit withdrawn (backFromPrincipal 60.35):
//   principal 598.76 + 60.35 = 659.11; as of 08-31 interest 0.91 + 659.11 × 0.0627 × 3 / 365 = 0.34 → 1.25,
//   costs 0.00, total 660.36.
const FEE = 'SC-1:fee:collection-costs:2025-08-14:1';
const eur = (amount: string) => money(amount, 'EUR');
const lowered = `The collection-costs ${FEE} was lowered on 2025-08-28 because payment bank-2 settled the claim within two weeks of the collection agency's first demand (a simple case).`;

describe('fee.reinstated with § 367 Abs. 1 BGB: the reason names the part of earlier payments moved back onto the costs', () => {
  it('the 599.67 charged back on 08-29: "… 60.35 EUR charged again. Of it, 60.35 EUR … credited to the principal …, so the principal is owed again by 60.35 EUR." — principal 598.76 + 60.35 = 659.11, total 660.36 as of 08-31', () => {
    const booked = bookPaymentReversal(project(simpleCasePartThenSettled), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: eur('599.67'), date: '2025-08-29' });
    const [rei] = ofType(booked, 'fee-reinstated');
    expect([rei?.amount, rei?.backFromPrincipal, rei?.backFromUnapplied]).toEqual(['60.35', '60.35', undefined]);
    expect(rei?.reason?.text).toBe(
      `${lowered} The chargeback takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 60.35 EUR charged again.` +
        ' Of it, 60.35 EUR that earlier payments had paid on the costs was credited to the principal when the fee was lowered: that credit is withdrawn and the money applied to the costs again (§ 367 Abs. 1 BGB, costs first), so the principal is owed again by 60.35 EUR.',
    );
    expect(rei?.reason?.inputs).toMatchObject({ reinstated: '60.35', backFromPrincipal: '60.35' });
    expect(rei?.reason?.inputs).not.toHaveProperty('backFromUnapplied');
    // The figure the words explain: the principal owed again.
    const s = statement(project([...simpleCasePartThenSettled, ...booked]), '2025-08-31');
    expect([s.principal, s.interest, s.costs, s.total].map(toAmountString)).toEqual(['659.11', '1.25', '0.00', '660.36']);
  });

  it('the control: a reinstatement with nothing paid before (1600.82 on 08-28 settles, charged back on 08-29: costs 81.70 were paid by that payment itself) keeps the words it had — no "Of it"', () => {
    // By hand (reversal-fee-reinstated.test.ts): 1500.00 + 19.12 + 1.00 + 80.70 = 1600.82 settles with the costs lowered; the chargeback takes back all of it.
    const settled: ClaimEvent[] = [...simpleCaseHandedOver, ...bookIncomingPayment(project(simpleCaseHandedOver), { paymentId: 'bank-1', amount: eur('1600.82'), date: '2025-08-28' })];
    const booked = bookPaymentReversal(project(settled), { reversalId: 'cb-1', paymentId: 'bank-1', kind: 'chargeback', amount: eur('1600.82'), date: '2025-08-29' });
    const [rei] = ofType(booked, 'fee-reinstated');
    expect([rei?.amount, rei?.backFromPrincipal, rei?.backFromUnapplied]).toEqual(['60.35', undefined, undefined]);
    expect(rei?.reason?.text).toBe(
      `The collection-costs ${FEE} was lowered on 2025-08-28 because payment bank-1 settled the claim within two weeks of the collection agency's first demand (a simple case). The chargeback takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 60.35 EUR charged again.`,
    );
    expect(rei?.reason?.inputs).not.toHaveProperty('backFromPrincipal');
  });
});
