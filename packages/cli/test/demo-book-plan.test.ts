import { describe, expect, it } from 'vitest';
import { addDays, simulate, toAmountString } from '@mahnwerk/core';
import { makeDemoBook } from '../src/demo-book.js';

// The demo book's installment plans (profile 'installments'). A stranger read RE-00001's letters: a plan of
// 427.21 + 427.21 + 427.22 = 1,281.64 (the principal), paid on time; default interest ran on and took
// 8.17 + 5.15 + 2.63 = 15.95 of the installments first (§ 367 Abs. 1 BGB), and the debtor got "Letzte
// Mahnung … trotz unserer Mahnung" with a 1.00 fee. The engine now asks for such a remainder with the
// Mahnung again, fee-free (core keptPlanRemainder, § 286 Abs. 1 BGB); the demo's debtor who kept the plan
// pays it when that letter arrives, so the story ends settled, without a fee.

const book = makeDemoBook({ start: '2025-01-02', size: 200, seed: 42 });

describe('mahnwerk demo book: a kept installment plan ends settled, without a fee (§ 367 Abs. 1 BGB, § 286 Abs. 1 BGB)', () => {
  it('every kept plan is followed by the payment of the remainder, plan day + 90 + 12 (after the fresh Mahnung arrives)', () => {
    const script = book.behaviour.script ?? [];
    const kept = script.filter((a) => a.type === 'installment-plan' && a.paysInstallments === 3);
    expect(kept.length).toBeGreaterThan(0);
    for (const plan of kept) {
      // Last installment plan + 90; + 5 grace days + 1: the Mahnung again; + 3 letter days: received; + 3: paid.
      const rest = script.filter((a) => a.claimId === plan.claimId && a.type === 'pay-in-full');
      expect(rest.map((a) => a.date), plan.claimId).toEqual([addDays(plan.date, 102)]);
    }
  });

  it('RE-00001 by hand: Mahnung again on Tue 06-17 (§ 193 BGB) for 15.98, paid 15.99 on Fri 06-20, settled — no final notice, no fee', () => {
    // Plan 2025-03-10; last installment Whit Sunday 06-08, payable Tue 06-10 (Whit Monday 06-09 a holiday, § 193 BGB);
    // + 5 grace days = Sun 06-15 → plan kept through Mon 06-16; 06-17 the Mahnung again (15.95 + 0.03 interest for
    // 06-08 … 06-17, 10 days: 15.95 × 0.0727 × 10 / 365 = 0.0318 → 0.03). Paid 03-10 + 102 = 06-20: 15.95 + 0.04
    // (12 days: 15.95 × 0.0727 × 12 / 365 = 0.0381 → 0.04) = 15.99.
    const facts = book.claims.find((c) => c.id === 'RE-00001');
    expect(book.profiles.get('RE-00001')).toBe('installments');
    const script = (book.behaviour.script ?? []).filter((a) => a.claimId === 'RE-00001');
    const result = simulate({ claims: [facts!], policy: 'auto', from: '2025-01-02', to: '2025-07-31', behaviour: { script } });
    const claim = result.claims[0]!;
    const lines = claim.events
      .filter((e) => e.type === 'stage-entered' || e.type === 'fee-charged' || e.type === 'payment-received' || e.type === 'settled')
      .map((e) => `${e.date} ${e.type === 'stage-entered' ? e.stage : e.type === 'payment-received' ? `payment ${e.amount}` : e.type}`);
    expect(lines).toEqual([
      '2025-02-18 reminder',
      '2025-03-04 dunning-notice',
      '2025-04-09 payment 427.21',
      '2025-05-09 payment 427.21',
      '2025-06-08 payment 427.22',
      '2025-06-17 dunning-notice',
      '2025-06-20 payment 15.99',
      '2025-06-20 settled',
    ]);
    expect(claim.status).toBe('settled');
    expect(toAmountString(claim.statement.costs)).toBe('0.00');
  });
});
