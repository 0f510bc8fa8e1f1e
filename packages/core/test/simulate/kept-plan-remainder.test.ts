import { describe, expect, it } from 'vitest';
import { checkInvariants, deB2cDefaultPolicy, type SimulationResult } from '../../src/index.js';
import { keptPlanAgreedOn, keptPlanClaim, keptPlanId, keptPlanInstallments } from './kept-plan-book.js';
import { figures, interestLines, ofType, only, runWith, timeline, type Script } from './timeline-helpers.js';

// A kept installment plan's end (keptPlanRemainder, engine/installment-agreement.ts). The demo book's
// RE-00001, by hand: a consumer's 1,281.64 EUR, invoice Tue 2025-01-28, due Tue 2025-02-11, no calendar
// date; reminder 02-18 (due + 7), Mahnung Tue 03-04 (reminder + 14, deadline 03-18), received Fri 03-07
// (3 letter days), default from Sat 03-08 (§ 286 Abs. 1 BGB; the 30-day rule, § 286 Abs. 3 BGB, would
// only give 03-14). Plan agreed Mon 03-10: 427.21 on 04-09, 427.21 on 05-09, 427.22 on 06-08 = 1,281.64,
// the principal only. Interest 7.27 % (base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB), act/365; each
// installment goes to interest first (§ 367 Abs. 1 BGB):
// - 04-09: 03-08 … 04-08 = 32 days: 1281.64 × 0.0727 × 32 / 365 = 2981.607 / 365 = 8.1688 → 8.17;
//          principal 427.21 − 8.17 = 419.04 → 862.60 left.
// - 05-09: 04-09 … 05-08 = 30 days: 862.60 × 0.0727 × 30 / 365 = 1881.331 / 365 = 5.1543 → 5.15;
//          principal 427.21 − 5.15 = 422.06 → 440.54 left.
// - 06-08: 05-09 … 06-07 = 30 days: 440.54 × 0.0727 × 30 / 365 = 960.818 / 365 = 2.6324 → 2.63;
//          principal 427.22 − 2.63 = 424.59 → 15.95 left (= 8.17 + 5.15 + 2.63, the interest the plan left out).
// (The claim and the plan: kept-plan-book.ts.) The plan stops escalation through the last installment's last day
// (installmentLastDay, § 193 BGB): due Whit Sunday 06-08, Whit Monday 06-09 a public holiday → payable Tue 06-10;
// + 5 grace days (installmentGraceDays) = Sun 06-15 → Mon 06-16.
const claim = keptPlanClaim;
const plan: Script[number] = { type: 'installment-plan', claimId: 'RE-00001', date: keptPlanAgreedOn, installments: [...keptPlanInstallments] };
const before = [
  '2025-02-18 stage reminder',
  '2025-02-18 message email reminder',
  '2025-03-04 stage dunning-notice deadline 2025-03-18',
  '2025-03-04 message letter dunning-notice',
  '2025-03-08 default reminder', // route: receipt of a notice (§ 286 Abs. 1 BGB)
  '2025-03-10 installment-plan-agreed',
  '2025-04-09 payment 427.21 → costs 0.00 interest 8.17 principal 419.04',
  '2025-05-09 payment 427.21 → costs 0.00 interest 5.15 principal 422.06',
  '2025-06-08 payment 427.22 → costs 0.00 interest 2.63 principal 424.59',
];

function run(to: string, script: Script = []): SimulationResult {
  return runWith(deB2cDefaultPolicy, claim, '2025-01-28', to, [plan, ...script]);
}

describe('keptPlanRemainder: a kept installment plan that left interest open (§ 367 Abs. 1 BGB, § 311 Abs. 1 BGB, § 286 Abs. 1 BGB)', () => {
  it('the remainder is asked for with the Mahnung again — fresh statement and deadline, no fee — not with the final notice and its 1.00', () => {
    // Tue 06-17, the first day after the plan: the Mahnung again (message 2 of its stage), deadline 06-17 + 14 =
    // Tue 07-01. No fee: no "Letzte Mahnung … trotz unserer Mahnung" days after the last installment. Unpaid, the
    // final notice follows at previous stage + 21 = Tue 07-08 (after the deadline 07-01; its own deadline 07-08 + 10
    // = Fri 07-18), with its 1.00 fee (§§ 280 Abs. 2, 286 BGB): 15.95 + interest ≥ 10 EUR.
    const result = run('2025-07-10');
    const c = only(result);
    expect(timeline(c.events)).toEqual([
      ...before,
      '2025-06-17 stage dunning-notice deadline 2025-07-01',
      '2025-06-17 message letter dunning-notice',
      '2025-07-08 stage final-notice deadline 2025-07-18',
      '2025-07-08 fee creditor-dunning-fee 1.00',
      '2025-07-08 message letter final-notice',
    ]);
    const again = ofType(c.events, 'stage-entered')[2];
    expect(again?.reason?.inputs).toMatchObject({ afterKeptPlan: keptPlanId, planKeptUntil: '2025-06-16', openBalance: '15.98' });
    expect(ofType(c.events, 'message-queued').map((m) => m.messageId)).toEqual([
      'RE-00001:msg:reminder:1',
      'RE-00001:msg:dunning-notice:1',
      'RE-00001:msg:dunning-notice:2',
      'RE-00001:msg:final-notice:1',
    ]);
    expect(checkInvariants(result.events, deB2cDefaultPolicy)).toEqual([]);
  });

  it('the statement of the fresh Mahnung: 15.95 principal + 0.03 interest = 15.98, no costs', () => {
    // 06-08 … 06-17 = 10 days on 15.95: 15.95 × 0.0727 × 10 / 365 = 11.5957 / 365 = 0.0318 → 0.03; total 15.98.
    const c = only(run('2025-06-17'));
    expect(interestLines(c.statement).at(-1)).toBe('2025-06-08..2025-06-17 10d 7.27% on 15.95 = 0.03');
    expect(figures(c.statement)).toMatchObject({ principal: '15.95', interest: '0.03', costs: '0.00', total: '15.98' });
    expect(ofType(c.events, 'fee-charged')).toEqual([]);
  });

  it('a debtor who pays the remainder by the fresh deadline is settled without any fee', () => {
    // Paid in full Fri 06-20: 15.95 + interest 06-08 … 06-19 = 12 days: 15.95 × 0.0727 × 12 / 365 = 13.9147 / 365
    // = 0.0381 → 0.04; 15.95 + 0.04 = 15.99 paid → settled, no final notice, no fee.
    const c = only(run('2025-07-31', [{ type: 'pay-in-full', claimId: 'RE-00001', date: '2025-06-20' }]));
    expect(timeline(c.events).slice(before.length)).toEqual([
      '2025-06-17 stage dunning-notice deadline 2025-07-01',
      '2025-06-17 message letter dunning-notice',
      '2025-06-20 payment 15.99 → costs 0.00 interest 0.04 principal 15.95',
      '2025-06-20 settled',
    ]);
    expect(ofType(c.events, 'fee-charged')).toEqual([]);
    expect(c.status).toBe('settled');
  });

  it('a defaulted plan is no kept plan: escalation resumes with the next stage, as before (§ 286 Abs. 2 Nr. 1 BGB)', () => {
    // Only the first installment paid: Fri 05-09 + 5 = Wed 05-14 → missed 05-15; Sun 06-08 → Tue 06-10 (Whit Monday,
    // § 193 BGB) + 5 = Sun 06-15 → Mon 06-16 → missed 06-17, 2 missed → defaulted; the final notice (trigger 03-04 +
    // 21 = 03-25, long past) the same day, with its fee.
    const c = only(runWith(deB2cDefaultPolicy, claim, '2025-01-28', '2025-06-20', [{ ...plan, paysInstallments: 1 }]));
    const stages = ofType(c.events, 'stage-entered').map((e) => `${e.date} ${e.stage}`);
    expect(stages).toEqual(['2025-02-18 reminder', '2025-03-04 dunning-notice', '2025-06-17 final-notice']);
    expect(ofType(c.events, 'fee-charged').map((f) => `${f.date} ${f.amount}`)).toEqual(['2025-06-17 1.00']);
  });
});
