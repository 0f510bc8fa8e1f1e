import { describe, expect, it } from 'vitest';
import { deB2cDefaultPolicy, decide, definePolicy, nextReviewAt, project, type IsoDate, type PolicyInput } from '../../src/index.js';
import { autoHost } from './host-fixture.js';
import { created, facts, play } from './helpers.js';

// A claim whose open balance is below the minimum of the stage due next (the stage's own condition
// minAmount; the built-in final notice, hand-over and court dunning ask for 10 EUR) waits at its stage.
// The decision says so — rule stage.below-minimum, with the stage, the open balance and the minimum
// (stageConditionBlock in engine/guards.ts, the one place the failure of failedCondition becomes a reason) —
// and the review looks at the claim on the day that stage is due, so that the daily run's blocked report
// lists it, then on the day default interest brings the open balance to the minimum (balanceReachesOn, while
// the base rates are known) — not daily, and not only at limitation (docs/engine.md, "A claim below a stage's
// minimum").
//
// The claim: 1,000.00 EUR, a consumer, invoice Thu 2025-01-02, due Thu 01-16 agreed as a calendar date
// (§ 286 Abs. 2 Nr. 1 BGB: default from Fri 01-17), the built-in consumer policy de-b2c-default: reminder
// e-mail 01-23 (due + 7), Mahnung letter Thu 02-06 (+ 14, deadline 02-20), final notice due Thu 02-27
// (+ 21, condition minAmount 10.00). Interest 7.27 % (base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB), act/365;
// a payment goes to costs, then interest, then principal (§ 367 Abs. 1 BGB). A part payment on Mon 02-24
// pays the interest 01-17 … 02-23 = 38 days (15 in January, 23 in February) on 1,000.00 first:
// 1000 × 0.0727 × 38 / 365 = 2762.6 / 365 = 7.5688 → 7.57.
async function partPaid(amount: string, until: IsoDate) {
  const h = autoHost({ policy: deB2cDefaultPolicy });
  h.clock.date = '2025-01-02';
  await h.mw.createClaim(facts());
  const before = await h.run('2025-02-23');
  h.clock.date = '2025-02-24';
  await h.mw.recordPayment({ claimId: 'INV-1', paymentId: 'p1', amount, date: '2025-02-24' });
  const after = await h.run(until);
  const events = await h.events('INV-1');
  return { before, after, events, stages: events.flatMap((e) => (e.type === 'stage-entered' ? [`${e.date} ${e.stage}`] : [])) };
}

describe('stage.below-minimum: a part payment leaves less than the final notice\'s 10.00 EUR (built-in consumer policy, condition minAmount)', () => {
  it('998.00 paid on 02-24: 9.58 open on 02-27, below 10.00 — the run of 02-27 reports it, with the day interest brings it to 10.00 (10-21); the final notice comes then', async () => {
    // 998.00 − 7.57 interest = 990.43 on the principal → 9.57 left. On 02-27: interest 02-24 … 02-27 = 4 days on
    // 9.57: 9.57 × 0.0727 × 4 / 365 = 2.782956 / 365 = 0.0076 → 0.01; 9.57 + 0.01 = 9.58 open, below 10.00.
    // The day the balance reaches 10.00 with nothing booked (balanceReachesOn), interest in lines per base rate,
    // each to the cent: 02-24 … 06-30 = 127 days (5 + 31 + 30 + 31 + 30) at 7.27 %: 9.57 × 0.0727 × 127 / 365 =
    // 88.358853 / 365 = 0.2421 → 0.24; from 07-01 the base rate is 1.27 % → 6.27 %: 9.57 × 0.0627 = 0.600039 a year.
    // 10.00 − 9.57 − 0.24 = 0.19 needs at least 0.185 before rounding: 112 days give 67.204368 / 365 = 0.1841 →
    // 0.18, 113 days 67.804407 / 365 = 0.1858 → 0.19. Day 113 from 07-01: 31 (July) + 31 (August) + 30
    // (September) + 21 → Tue 10-21: 9.57 + 0.24 + 0.19 = 10.00.
    const { before, after, events, stages } = await partPaid('998.00', '2025-10-31');
    expect(before).toEqual([]);
    expect(events.find((e) => e.type === 'payment-received')).toMatchObject({ allocation: { interest: '7.57', principal: '990.43' } });
    // Without the fix: [] — the claim waited silently (and the run of 02-27 did not even look at it).
    expect(after).toEqual([
      {
        day: '2025-02-27',
        claimId: 'INV-1',
        reason: {
          rule: 'stage.below-minimum',
          basis: "the policy's stage condition minAmount",
          text:
            'Stage final-notice (Letzte Mahnung) is due, but 9.58 EUR is open on 2025-02-27, below its minimum of 10.00 EUR (condition minAmount). The claim waits at its stage dunning-notice. ' +
            'Default interest brings the open balance to 10.00 EUR on 2025-10-21; the claim is looked at again then, or when a payment or another command makes it due before.',
          stage: 'final-notice',
          until: '2025-10-21',
          openBalance: '9.58',
          minAmount: '10.00',
        },
      },
    ]);
    // Looked at on the day it reaches the minimum, not daily before it, and not at limitation only: the final
    // notice of 10-21 with its 1.00 fee (without the fix: no final notice ever, the claim open at the Mahnung).
    expect(stages).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-10-21 final-notice']);
    expect(events.filter((e) => e.type === 'fee-charged').map((e) => `${e.date} ${e.amount}`)).toEqual(['2025-10-21 1.00']);
  });

  it('asked on a later day (a command makes the claim due), the decision names that day\'s balance and the same day to look again', async () => {
    const { events } = await partPaid('998.00', '2025-03-31');
    const state = project(events);
    // 02-24 … 03-31 = 36 days (5 in February, 31 in March) on 9.57: 9.57 × 0.0727 × 36 / 365 = 25.046604 / 365 =
    // 0.0686 → 0.07; 9.64 open. Nothing is entered; the next look is 10-21 (above), not every day.
    const later = decide(state, deB2cDefaultPolicy, '2025-03-31');
    expect(later.events).toEqual([]);
    expect(later.blocked.map((b) => [b.rule, b.stage, b.openBalance, b.minAmount, b.until])).toEqual([['stage.below-minimum', 'final-notice', '9.64', '10.00', '2025-10-21']]);
    expect(later.nextReviewAt).toBe('2025-10-21');
    expect(nextReviewAt(state, deB2cDefaultPolicy, {}, '2025-03-31')).toBe('2025-10-21');
    // The same reason whatever day the caller acts on last (simulate's horizon, here 04-30, before 10-21): the
    // reason is part of the one path simulate and the host share (testing/differential.test.ts compares them).
    expect(decide(state, deB2cDefaultPolicy, '2025-03-31', { horizon: '2025-04-30' }).blocked).toEqual(later.blocked);
  });

  it('at the minimum exactly — 997.58 paid: 10.00 open on 02-27 — the final notice is entered and nothing is blocked (the condition is "below")', async () => {
    // 997.58 − 7.57 = 990.01 on the principal → 9.99 left; 02-24 … 02-27 = 4 days: 9.99 × 0.0727 × 4 / 365 =
    // 2.905092 / 365 = 0.0080 → 0.01; 9.99 + 0.01 = 10.00 open, not below 10.00. (Without the fix the claim was not
    // looked at on 02-27 at all — on 02-24, the day of the payment, 9.99 was open and the review found no stage —
    // so the final notice never came.)
    const { after, stages } = await partPaid('997.58', '2025-03-31');
    expect(stages.slice(0, 3)).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-02-27 final-notice']);
    expect(after.filter((b) => b.reason.rule.startsWith('stage.'))).toEqual([]);
  });
});

describe('stage.above-maximum: the open balance above the next stage\'s maxAmount (a policy condition)', () => {
  // A creditor's policy: reminder 7 days after the due date, then a final notice 14 days later only up to 500.00
  // EUR open (bigger claims the creditor takes up by hand). The 1,000.00 claim above: default from 01-17, reminder
  // 01-23, final notice due 02-06. On 02-06: interest 01-17 … 02-06 = 21 days (15 in January, 6 in February):
  // 1000 × 0.0727 × 21 / 365 = 1526.7 / 365 = 4.1827 → 4.18; 1,004.18 open, above 500.00.
  const policy = definePolicy({
    id: 'small-claims-final',
    version: 1,
    name: 'Final notice up to 500 EUR',
    stages: [
      { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder' }] },
      {
        id: 'final',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 14 },
        conditions: { maxAmount: '500.00' },
        actions: [{ type: 'send', channel: 'email', template: 'final-notice' }, { type: 'set-deadline', days: 10 }],
      },
    ],
  } satisfies PolicyInput);
  const f = facts();
  const events = play([created(f)], policy, '2025-01-02', '2025-02-05');

  it('on 02-06 the decision names stage final, 1004.18 open and the maximum 500.00; before that day it names nothing', () => {
    const state = project(events);
    expect(state.stage).toBe('reminder');
    // Before the final notice's day the claim is not blocked: it waits for the day.
    expect(decide(state, policy, '2025-02-05').blocked).toEqual([]);
    const due = decide(state, policy, '2025-02-06');
    expect(due.events.filter((e) => e.type === 'stage-entered')).toEqual([]);
    // Without the fix: [].
    expect(due.blocked.map((b) => [b.rule, b.stage, b.openBalance, b.maxAmount, b.minAmount])).toEqual([['stage.above-maximum', 'final', '1004.18', '500.00', undefined]]);
    expect(due.blocked[0]?.text).toBe(
      'Stage final (Letzte Mahnung) is due, but 1004.18 EUR is open on 2025-02-06, above its maximum of 500.00 EUR (condition maxAmount). The claim waits at its stage reminder. ' +
        'It is not looked at again for this until a payment or another command (or limitation) makes it due.',
    );
  });
});
