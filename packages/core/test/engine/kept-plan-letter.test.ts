import { describe, expect, it } from 'vitest';
import { addDays, toAmountString, type IsoDate, type RenderInput } from '../../src/index.js';
import { keptPlanAgreedOn, keptPlanClaim, keptPlanId, keptPlanInstallments } from '../simulate/kept-plan-book.js';
import { renderingHost, runDays, type RenderingHost } from './host-fixture.js';

// RenderInput.afterKeptPlan: the letter that asks for what a kept installment plan left open says so
// (keptPlanRemainder re-enters the current stage; keptPlanOfMessage reads that stage entry for its messages).
// The demo book's RE-00001 through createMahnwerk (the automatic policy = de-b2c-default for a consumer; claim
// and plan from simulate/kept-plan-book.ts), by hand as in simulate/kept-plan-remainder.test.ts: 1,281.64 EUR,
// invoice Tue 2025-01-28, due Tue 02-11;
// reminder e-mail 02-18 (due + 7); Mahnung letter Tue 03-04 (deadline 03-18), received Fri 03-07 (3 letter
// days), default from Sat 03-08 (§ 286 Abs. 1 BGB). Plan agreed Mon 03-10: 427.21 + 427.21 + 427.22 =
// 1,281.64, due 04-09, 05-09, 06-08, each paid on its day. § 367 Abs. 1 BGB takes interest first: 8.17
// (32 days on 1,281.64 at 7.27 %), 5.15 (30 days on 862.60), 2.63 (30 days on 440.54), so 15.95 principal
// is left. The plan holds escalation through the last installment's last day (installmentLastDay, § 193 BGB): due
// Whit Sunday 06-08, Whit Monday 06-09 a public holiday → payable Tue 06-10; + 5 grace days = Sun 06-15 → Mon 06-16.
// On Tue 06-17 the Mahnung again: 15.95 + 0.03 interest (06-08 … 06-17, 10 days: 15.95 × 0.0727 × 10 / 365 =
// 0.0318) = 15.98, deadline 06-17 + 14 = Tue 07-01. Unpaid, the final notice on Tue 07-08 (previous stage + 21).

async function book(installmentsPaid: number): Promise<RenderingHost> {
  const h = renderingHost();
  h.clock.date = '2025-01-28';
  // The book's claim, with the postal address its letters need.
  await h.mw.createClaim({ ...keptPlanClaim, debtor: { ...keptPlanClaim.debtor, address: ['Lindenallee 33', '60311 Frankfurt am Main'] } });
  await runDays(h, '2025-01-28', '2025-03-09');
  h.clock.date = keptPlanAgreedOn;
  await h.mw.agreeInstallmentPlan({ claimId: 'RE-00001', installments: [...keptPlanInstallments] });
  let from: IsoDate = keptPlanAgreedOn;
  for (const { dueDate: day, amount } of keptPlanInstallments.slice(0, installmentsPaid)) {
    await runDays(h, from, addDays(day, -1));
    h.clock.date = day;
    await h.mw.recordPayment({ claimId: 'RE-00001', amount, date: day });
    from = day;
  }
  await runDays(h, from, '2025-07-09');
  return h;
}

/** "day template: plan agreed, installments, agreed, paid, kept until" of each input, or "-" without the flag. */
const told = (inputs: readonly RenderInput[]): string[] =>
  inputs.map((i) => {
    const k = i.afterKeptPlan;
    return `${i.statement.asOf} ${i.template}: ${k === undefined ? '-' : `${k.planId} ${k.agreedOn} ${k.installments} ${toAmountString(k.agreed)} ${toAmountString(k.paid)} ${k.keptUntil}`}`;
  });

describe('RenderInput.afterKeptPlan: the letter after a kept installment plan with a remainder (§ 311 Abs. 1 BGB, § 367 Abs. 1 BGB)', () => {
  it("is set on the remainder's Mahnung only: the plan, its 3 installments of 1,281.64 and the 1,281.64 paid (427.21 + 427.21 + 427.22), kept through Mon 06-16 (§ 193 BGB)", async () => {
    const h = await book(3);
    expect(told(h.rendered)).toEqual([
      '2025-02-18 reminder: -',
      '2025-03-04 dunning-notice: -',
      `2025-06-17 dunning-notice: ${keptPlanId} 2025-03-10 3 1281.64 1281.64 2025-06-16`,
      // The next stage after the remainder's deadline (07-01) is no letter after a kept plan.
      '2025-07-08 final-notice: -',
    ]);
    const again = h.rendered[2];
    // What is left is the statement's: 15.95 principal + 0.03 interest = 15.98, deadline Tue 07-01.
    expect(again?.statement.total.amount.toFixed(2)).toBe('15.98');
    expect(again?.deadline).toBe('2025-07-01');
    expect(again?.messageId).toBe('RE-00001:msg:dunning-notice:2');
  });

  it('is not set when the plan was declared defaulted: escalation resumes with the final notice, as before (§ 286 Abs. 2 Nr. 1 BGB)', async () => {
    // Only the first installment paid: Fri 05-09 + 5 = Wed 05-14 → missed 05-15; Sun 06-08 → Tue 06-10 (Whit Monday
    // 06-09, § 193 BGB) + 5 = Sun 06-15 → Mon 06-16 → missed 06-17, the second missed → defaulted; the final notice
    // (its trigger 03-04 + 21 = 03-25 long past) the same day, the hand-over 06-17 + 17 = Fri 07-04.
    const h = await book(1);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-03-04 dunning-notice: -', '2025-06-17 final-notice: -', '2025-07-04 handover-inkasso: -']);
  });
});
