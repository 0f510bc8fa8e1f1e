import { describe, expect, it } from 'vitest';
import { bookIncomingPayment, money, openPartsForPayment, project, statement, toAmountString, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';

// Rule fee.payment-day (docs/legal-notes.md; §§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB): a payment
// that settles everything but the fees charged on its own day drops those fees. A payment meets the
// claim as it stood at the end of the day before (§ 367 BGB; openPartsForPayment), less what the
// payment day's own events took — and the drop of a fee charged that very day was taken off the
// costs of the day before too, which never held that fee. So with other costs open, the payment met
// those costs short by the dropped fee, did not settle them, and the rule never applied: the fee
// stayed and the claim with it. Found while tracing a property failure of the random ledgers (a
// letter's fee on the day the debtor paid, collection costs open from before).
//
// By hand: 100.00 (consumer), in default from 2025-01-01 (7.27 %). A letter's creditor fee of 2.00
// on 2025-01-02; another letter with a fee of 1.00 on 2025-01-03, and the same day the debtor pays
// the total as of 2025-01-02: interest 2 days, 100.00 × 7.27 % × 2 / 365 = 0.0398 → 0.04;
// 100.00 + 0.04 + 2.00 = 102.04. It settles everything but the 1.00 of its own day: the 1.00 drops,
// the payment pays costs 2.00, interest 0.04, principal 100.00; nothing is open at the end of 01-03.

function letter(n: number, date: string, amount: string): ClaimEvent[] {
  return [
    { type: 'stage-entered', claimId: CLAIM, date, stage: `mahnung-${n}`, stageIndex: n },
    { type: 'fee-charged', claimId: CLAIM, date, feeId: `L${n}`, kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount, basis: '§§ 280 Abs. 2, 286 BGB' },
    { type: 'message-queued', claimId: CLAIM, date, messageId: `M${n}`, stage: `mahnung-${n}`, channel: 'letter', template: 'mahnung' },
  ];
}

describe('fee.payment-day with other costs open from the day before (§§ 280 Abs. 2, 286 BGB; § 367 BGB)', () => {
  const before: ClaimEvent[] = [created('100.00'), defaultBegan('2025-01-01'), ...letter(1, '2025-01-02', '2.00'), ...letter(2, '2025-01-03', '1.00')];

  it('the drop of a fee charged on the payment day takes nothing off the costs of the day before: a payment on 2025-01-03 meets costs 2.00, interest 0.04, principal 100.00', () => {
    const dropped: ClaimEvent = { type: 'fee-reduced', claimId: CLAIM, date: '2025-01-03', feeId: 'L2', amount: '1.00', basis: 'x', items: [] };
    const open = openPartsForPayment(project([...before, dropped]), '2025-01-03');
    expect([open.costs, open.interest, open.principal].map(toAmountString)).toEqual(['2.00', '0.04', '100.00']);
  });

  it('102.04 paid on 2025-01-03 drops the 1.00 of that day and settles the claim: costs 2.00, interest 0.04, principal 100.00 paid, total 0.00', () => {
    const events = [...before, ...bookIncomingPayment(project(before), { paymentId: 'P1', amount: money('102.04'), date: '2025-01-03' })];
    const reductions = events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    expect(reductions.map((r) => [r.feeId, r.amount, r.reason?.rule])).toEqual([['L2', '1.00', 'fee.payment-day']]);
    const pay = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received');
    expect(pay?.allocation).toEqual({ costs: '2.00', interest: '0.04', principal: '100.00', unapplied: '0.00' });
    const st = statement(project(events), '2025-01-03');
    expect([st.principal, st.interest, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00']);
  });
});
