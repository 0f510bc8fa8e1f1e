import { describe, expect, it } from 'vitest';
import { addDays, deB2cDefaultPolicy, decide, definePolicy, nextReviewAt, paidUnderPlan, project, renderPlainText, toAmountString, type PolicyInput, type RenderInput } from '../../src/index.js';
import { autoHost, renderingHost, runDays } from './host-fixture.js';
import { claimFacts, play, stages, told } from './kept-plan-play.js';

// The end of a kept installment plan (keptPlanRemainder, paidUnderPlan in engine/installment-agreement.ts;
// docs/legal-notes.md "A kept installment plan's end"). A consumer's claim like the demo book's RE-00001:
// invoice Tue 2025-01-28, due Tue 02-11, the 30-day rule pointed out on the invoice; de-b2c-default:
// reminder e-mail 02-18 (due + 7), Mahnung letter Tue 03-04 (reminder + 14, deadline 03-18), received
// Fri 03-07 (3 letter days), default from Sat 03-08 (§ 286 Abs. 1 BGB). Interest 7.27 % (base rate 2.27 %
// + 5 pp, § 288 Abs. 1 BGB), act/365, each payment to costs, then interest, then principal (§ 367 Abs. 1 BGB).
// installmentGraceDays 5.

describe('a kept plan agreed at the reminder stage: the Mahnung that asks for the remainder is the letter after a kept plan (RenderInput.afterKeptPlan)', () => {
  // Plan agreed Tue 02-25, after the reminder (02-18) and before any Mahnung: 427.21 + 427.21 + 427.22 = 1,281.64,
  // due 03-25, 04-25, 05-25, each paid on its day. No Mahnung before the plan, so default comes from the 30-day
  // rule pointed out on the invoice (§ 286 Abs. 3 S. 1 BGB): receipt of the invoice taken as its day 01-28 (+ 3
  // days of delivery for a consumer: 01-31; due date 02-11 later) … default from Fri 03-14, as
  // simulate/kept-plan-remainder.test.ts notes ("the 30-day rule would only give 03-14"). By hand:
  // - 03-25: 03-14 … 03-24 = 11 days on 1,281.64: 1281.64 × 0.0727 × 11 / 365 = 1024.9175 / 365 = 2.8080 → 2.81;
  //          principal 427.21 − 2.81 = 424.40 → 857.24 left.
  // - 04-25: 03-25 … 04-24 = 31 days on 857.24: 857.24 × 0.0727 × 31 / 365 = 1931.9718 / 365 = 5.2931 → 5.29;
  //          principal 427.21 − 5.29 = 421.92 → 435.32 left.
  // - 05-25: 04-25 … 05-24 = 30 days on 435.32: 435.32 × 0.0727 × 30 / 365 = 949.4329 / 365 = 2.6012 → 2.60;
  //          principal 427.22 − 2.60 = 424.62 → 10.70 left.
  // The plan holds escalation through the last installment's last day (installmentLastDay): Sun 05-25 → payable Mon
  // 05-26 (§ 193 BGB), + 5 = Sat 05-31 → Mon 06-02. On Tue 06-03 the remainder: 10.70 + interest 05-25 … 06-03 = 10
  // days: 10.70 × 0.0727 × 10 / 365 = 7.7789 / 365 = 0.0213 → 0.02; 10.72. The reminder sets no deadline, so the
  // next stage asks: the Mahnung (its trigger 02-18 + 14 = 03-04, long past), deadline 06-03 + 14 = Tue 06-17, no
  // fee; then the final notice at 06-03 + 21 = Tue 06-24 (10.72 + interest ≥ 10 EUR).
  const installments = [
    { dueDate: '2025-03-25', amount: '427.21' },
    { dueDate: '2025-04-25', amount: '427.21' },
    { dueDate: '2025-05-25', amount: '427.22' },
  ];
  const paid = installments.map((i, n) => ({ day: i.dueDate, amount: i.amount, id: `p${n + 1}` }));

  it('the Mahnung of 06-03 carries the kept plan (3 installments, 1,281.64 agreed and paid, kept through Mon 06-02 by § 193 BGB) for 10.72, deadline Tue 06-17', async () => {
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-25');
    expect(events.find((e) => e.type === 'default-began')?.date).toBe('2025-03-14');
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-06-03 dunning-notice', '2025-06-24 final-notice']);
    expect(told(h.rendered)).toEqual([
      '2025-02-18 reminder: -',
      // Without the fix: "2025-06-03 dunning-notice: -", a plain Mahnung ("ist bis heute nicht beglichen").
      '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02',
      '2025-06-24 final-notice: -',
    ]);
    const mahnung = h.rendered[1];
    expect(mahnung?.statement.total.amount.toFixed(2)).toBe('10.72');
    expect(mahnung?.deadline).toBe('2025-06-17');
    // Its notice only: no fee with the remainder's Mahnung (the final notice's 1.00 comes after its deadline).
    expect(events.filter((e) => e.type === 'fee-charged').map((e) => e.date)).toEqual(['2025-06-24']);
    const entered = events.filter((e) => e.type === 'stage-entered')[1];
    expect(entered?.reason?.inputs).toMatchObject({ afterKeptPlan: 'RE-00001:plan:2025-02-25:1', planKeptUntil: '2025-06-02', openBalance: '10.72' });
  });
});

describe('a kept plan whose remainder is below the minimum of the stage that would ask for it: the claim waits at its stage (stage conditions, the 10 EUR rule)', () => {
  // The built-in consumer policy, except that the hand-over has no minimum (a creditor's own policy): so a next
  // stage exists for a small remainder and keptPlanRemainder is asked. The final notice keeps its 10 EUR.
  const policy: PolicyInput = {
    ...deB2cDefaultPolicy,
    id: 'kept-plan-minimum',
    stages: deB2cDefaultPolicy.stages.map((s) => {
      if (s.id !== 'handover') return s;
      const { conditions: _minimum, ...rest } = s;
      return rest;
    }),
  };
  // 600.00 EUR; Mahnung 03-04, default from 03-08, final notice Tue 03-25 (03-04 + 21) with its 1.00 fee, deadline
  // 03-25 + 10 = Fri 04-04. Plan agreed Mon 03-31: 300.50 + 300.50 = 601.00 (principal and fee), due 04-30, 05-30,
  // each paid on its day. By hand:
  // - 04-30: 03-08 … 04-29 = 53 days on 600.00: 600 × 0.0727 × 53 / 365 = 2311.86 / 365 = 6.3338 → 6.33;
  //          300.50 → fee 1.00, interest 6.33, principal 293.17 → 306.83 left.
  // - 05-30: 04-30 … 05-29 = 30 days on 306.83: 306.83 × 0.0727 × 30 / 365 = 669.1962 / 365 = 1.8334 → 1.83;
  //          300.50 → interest 1.83, principal 298.67 → 8.16 left.
  // The plan holds escalation through Fri 05-30 + 5 = Wed 06-04 (a business day: § 193 BGB moves nothing). On Thu 06-05: 8.16 + interest 05-30 … 06-05 = 7 days:
  // 8.16 × 0.0727 × 7 / 365 = 4.1526 / 365 = 0.0114 → 0.01; 8.17 open, below the final notice's 10.00.
  const installments = [
    { dueDate: '2025-04-30', amount: '300.50' },
    { dueDate: '2025-05-30', amount: '300.50' },
  ];
  const paid = installments.map((i, n) => ({ day: i.dueDate, amount: i.amount, id: `p${n + 1}` }));

  it('no "Letzte Mahnung" again for 8.17 and no hand-over: nothing after the final notice of 03-25; no daily look', async () => {
    const rendered: RenderInput[] = [];
    const h = autoHost({ policy, render: (input) => (rendered.push(input), renderPlainText(input)) });
    h.clock.date = '2025-01-28';
    await h.mw.createClaim(claimFacts('600.00'));
    await h.run('2025-03-30');
    h.clock.date = '2025-03-31';
    await h.mw.agreeInstallmentPlan({ claimId: 'RE-00001', installments });
    for (const p of paid) {
      await h.run(addDays(p.day, -1));
      h.clock.date = p.day;
      await h.mw.recordPayment({ claimId: 'RE-00001', paymentId: p.id, amount: p.amount, date: p.day });
    }
    const blocked = await h.run('2025-07-31');
    const events = await h.events('RE-00001');
    // The claim waits at its stage, and the run of 06-05 says why (stage.below-minimum, stageConditionBlock):
    // the final notice would ask for the 8.17 left, below its 10.00. Once: not reported again through 07-31.
    // Without the fix only the plan's own block of 05-30 (its last installment's day) was reported.
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.stage, b.reason.openBalance, b.reason.minAmount])).toEqual([
      ['2025-05-30', 'guard.no-escalation-during-installment-plan', undefined, undefined, undefined],
      ['2025-06-05', 'stage.below-minimum', 'final-notice', '8.17', '10.00'],
    ]);
    expect(blocked[1]?.reason.text).toContain('would ask for what the kept installment plan RE-00001:plan:2025-03-31:1 left open, but 8.17 EUR is open on 2025-06-05');
    expect(events.filter((e) => e.type === 'fee-charged').map((e) => `${e.date} ${e.amount}`)).toEqual(['2025-03-25 1.00']);
    // Without the fix: '2025-06-05 final-notice' again — a last warning announcing Inkasso and the Mahnbescheid for
    // 8.17 — then on 06-22 (06-05 + 17) the hand-over with 34.02 collection costs, on 07-22 the court dunning announcement.
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-03-04 dunning-notice', '2025-03-25 final-notice']);
    expect(rendered.map((i) => `${i.statement.asOf} ${i.template}`)).toEqual(['2025-02-18 reminder', '2025-03-04 dunning-notice', '2025-03-25 final-notice']);
    const state = project(events);
    expect(state.installmentPlan?.missed).toEqual([]);
    expect(state.stage).toBe('final-notice');
    // Decided on any later day (a command makes the claim due), the answer is the same: nothing to enter.
    expect(decide(state, definePolicy(policy), '2025-07-31').events.map((e) => e.type)).toEqual([]);
    // The claim is not looked at every day for a stage it waits for, nor on a stage day in the past (without
    // the look of 2025-06: 2025-06-05). Its next look is the first day after the known base rates (minimumLook):
    // 8.16 does not reach 10.00 by 2026-12-31 — 05-30 … 06-30 = 32 days at 7.27 %: 8.16 × 0.0727 × 32 / 365 =
    // 18.983424 / 365 = 0.0520 → 0.05; 2025-07-01 … 2026-06-30 at 6.27 %: 8.16 × 0.0627 = 0.511632 → 0.51;
    // 2026-07-01 … 12-31 = 184 days at 6.52 %: 8.16 × 0.0652 × 184 / 365 = 97.893888 / 365 = 0.2682 → 0.27;
    // 8.16 + 0.05 + 0.51 + 0.27 = 8.99 — so 2027-01-01, when the next half-year's rate must be known. Before
    // (stage-minimum-review.test.ts) the day after limitation ends (§§ 195, 199 BGB: three years from the end of
    // 2025 → Sun 2028-12-31, New Year's Day a holiday → Tue 2029-01-02 by § 193 BGB; the day after: 01-03).
    expect(decide(state, definePolicy(policy), '2026-12-31').blocked.map((b) => [b.openBalance, b.until])).toEqual([['8.99', '2027-01-01']]);
    expect(nextReviewAt(state, definePolicy(policy), {}, '2025-07-31')).toBe('2027-01-01');
  });
});

describe('paidUnderPlan nets refunds and chargebacks (§ 362 Abs. 1 BGB: a payment taken back did not fulfil)', () => {
  // The reminder-stage plan above (1,281.64 in 427.21 + 427.21 + 427.22 on 03-25, 04-25, 05-25), the second
  // installment charged back on Mon 05-05 (after its check day 04-25 + 5 + 1 = 05-01: missed on the chargeback's
  // day, installment-taken-back.test.ts).
  const installments = [
    { dueDate: '2025-03-25', amount: '427.21' },
    { dueDate: '2025-04-25', amount: '427.21' },
    { dueDate: '2025-05-25', amount: '427.22' },
  ];
  const paid = installments.map((i, n) => ({ day: i.dueDate, amount: i.amount, id: `p${n + 1}` }));
  const chargeback = [{ day: '2025-05-05', paymentId: 'p2', amount: '427.21' }];

  it('3 installments, one charged back: paid under the plan is the other two, 427.21 + 427.22 = 854.43, not 1,281.64', async () => {
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-05-30', chargeback);
    const state = project(events);
    const plan = state.installmentPlan;
    if (plan === null) throw new Error('no plan');
    // Through 05-30 with the chargeback of 05-05: 427.21 + 427.21 + 427.22 − 427.21 = 854.43.
    expect(toAmountString(paidUnderPlan(state, plan, '2025-05-30'))).toBe('854.43');
    // Through 05-04, before the chargeback: 427.21 + 427.21 = 854.42 (both stand).
    expect(toAmountString(paidUnderPlan(state, plan, '2025-05-04'))).toBe('854.42');
    // The second installment missed on the chargeback's day: paid by 05-05 427.21 + 427.21 − 427.21 = 427.21 of 854.42
    // due. The third installment's check (Sun 05-25 → Mon 05-26 + 5 = Sat 05-31 → Mon 06-02, § 193 BGB; checked Tue
    // 06-03): due 1,281.64, paid 854.43 → missed.
    const after = project(await play(renderingHost(), '1281.64', '2025-02-25', installments, paid, '2025-06-03', chargeback));
    expect(after.events.filter((e) => e.type === 'installment-missed').map((e) => `${e.date} ${e.reason?.inputs?.['paid']} of ${e.reason?.inputs?.['due']}`)).toEqual([
      // Without the fix: none — the charged-back 427.21 was counted as paid.
      '2025-05-05 427.21 of 854.42',
      '2025-06-03 854.43 of 1281.64',
    ]);
    // Two missed: the plan is declared defaulted on 06-03 (installmentsMissedToDefault 2).
    expect(after.installmentPlan?.defaultedOn).toBe('2025-06-03');
  });

  it('the review asks for the check day of an installment charged back before it: 04-25 + 5 + 1 = 05-01 (one sum with decide)', async () => {
    // The second installment charged back on Mon 04-28, within its grace days (last day 04-30): the review's next look
    // is its check day 05-01, where decide books it missed (paid 427.21 of 854.42 due); without the fix the review
    // counted the 427.21 as paid and came back only on 06-03, the third installment's check day.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-04-28', [{ day: '2025-04-28', paymentId: 'p2', amount: '427.21' }]);
    const state = project(events);
    expect(nextReviewAt(state, deB2cDefaultPolicy, {}, '2025-04-28')).toBe('2025-05-01');
    await runDays(h, '2025-04-29', '2025-05-01');
    const missed = (await h.mw.history('RE-00001')).map((x) => x.event).filter((e) => e.type === 'installment-missed');
    expect(missed.map((e) => `${e.date} ${e.reason?.inputs?.['paid']} of ${e.reason?.inputs?.['due']}`)).toEqual(['2025-05-01 427.21 of 854.42']);
  });

  it('a plan with an installment charged back and not paid again is not kept: no letter thanking for it; escalation goes on with the Mahnung as after any plan', async () => {
    // Missed on the chargeback's day (05-05) and at the third check (06-03): the plan is declared defaulted on 06-03
    // and escalation resumes — not kept either way. On 06-03 the Mahnung follows as the next stage, as a plain Mahnung
    // (no afterKeptPlan) for the charged-back installment and the interest: without the fix it thanked for 1,281.64
    // "paid" with "Sie haben alle vereinbarten Raten gezahlt".
    const h = renderingHost();
    await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-04', chargeback);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: -']);
  });

  it('charged back and paid again: the letter thanks for what stayed paid, 1,281.64 — not the 1,708.85 of four payments', async () => {
    // The charged-back 427.21 paid again on Sat 05-10: 427.21 + 427.21 − 427.21 + 427.21 + 427.22 = 1,281.64 by
    // 06-02: kept (the installment missed on the chargeback's day, 05-05, was paid again; one miss of 2). The remainder's Mahnung on 06-03 thanks for 1,281.64; without the fix paid was 1,708.85
    // (427.21 × 3 + 427.22, the chargeback not taken off).
    const h = renderingHost();
    await play(h, '1281.64', '2025-02-25', installments, [...paid, { day: '2025-05-10', amount: '427.21', id: 'p2-again' }], '2025-06-04', chargeback);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02']);
  });
});
