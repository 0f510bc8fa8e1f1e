import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  decide,
  loadPolicy,
  policySchema,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
  type PolicyInput,
} from '../../src/index.js';
import { created, facts, play } from './helpers.js';
import { deliveryClaim, deliveryHost, feeLines } from './host-fixture.js';

// Rule (§ 288 Abs. 5 S. 1 BGB; docs/legal-notes.md, "A Mahnung that did not reach the debtor", the flat
// fee of the notice that causes default): "Der Gläubiger einer Entgeltforderung hat bei Verzug des
// Schuldners, wenn dieser kein Verbraucher ist, außerdem einen Anspruch auf Zahlung einer Pauschale in
// Höhe von 40 Euro." The flat fee arises with default itself, once per claim, whichever step of the
// policy asked for it. A policy whose `charge-flat-fee` sits on the first Mahnung — the notice that puts
// the debtor in default — has it refused on the Mahnung's day (not in default yet:
// guard.no-fee-for-default-causing-notice, § 286 Abs. 1 BGB). Our reading (the lead's decision): it is
// owed from the first day of default and charged then, on the first decision in default (escalation
// allowed: no hold or dispute), once, through the one flatFeeCharge (rule fee.flat-fee, inputs `stage`
// and `stageEnteredOn`) — as for a stage that became the default-causing notice after a withdrawal
// (flat-fee-default-causing-after-withdrawal.test.ts).
//
// The bug: the Mahnung's fee was refused on its day and nothing charged it once default began; the
// policy's only flat fee was never charged.
//
// The claim: 500.00 EUR, a business debtor, an Entgeltforderung (invoice 2025-01-02, due Thu 2025-01-16,
// no calendar date). The policy: Mahnung one day after the due date, Fri 2025-01-17, charging the flat
// fee, deadline 7 days (Fri 01-24); final notice by letter 7 days after, once the deadline passed: Sat
// 2025-01-25, deadline 14 days. Days by hand: 2025-01-01 was a Wednesday, so 01-17 is a Friday, 01-18 a
// Saturday, 01-19 a Sunday, 01-20 a Monday, 01-21 a Tuesday, 01-25 a Saturday.
// - By e-mail: sent 01-17, received Sat 01-18 (an e-mail the day after), default from Sun 2025-01-19
//   (§ 286 Abs. 1 BGB, § 187 Abs. 1 BGB) — the flat fee's day. The 30-day rule of § 286 Abs. 3 BGB
//   would put the business debtor in default only from 2025-02-16: later.
// - By letter: sent 01-17, received + 3 days = Mon 01-20, default from Tue 2025-01-21.
// Interest (§ 288 Abs. 2 BGB): base rate 2.27 % (from 2025-01-01) + 9 points = 11.27 %, act/365, on
// 500.00: 500.00 × 0.1127 = 56.35 a year.
// - E-mail, 01-19 to 02-20: 13 + 20 = 33 days: 56.35 × 33 / 365 = 1,859.55 / 365 = 5.0947 → 5.09;
//   500.00 + 5.09 + 40.00 = 545.09 (before the fix, without the fee: 505.09).
// - Letter, 01-21 to 02-20: 11 + 20 = 31 days: 56.35 × 31 / 365 = 1,746.85 / 365 = 4.7859 → 4.79;
//   500.00 + 4.79 + 40.00 = 544.79 (before: 504.79).

/** The policy: the flat fee on the Mahnung that causes default (`mahnung` its channel), a final notice after it (optionally with a creditor fee). */
function mahnungFeePolicy(mahnung: 'email' | 'letter', finalActions: PolicyInput['stages'][number]['actions'] = []): PolicyInput {
  return {
    id: `flat-fee-on-the-mahnung-${mahnung}`,
    version: 1,
    name: 'Flat fee on the Mahnung that causes default',
    stages: [
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'due-date', days: 1 },
        actions: [{ type: 'send', channel: mahnung, template: 'dunning-notice' }, { type: 'charge-flat-fee' }, { type: 'set-deadline', days: 7 }],
      },
      {
        id: 'final-notice',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 7 },
        actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, ...finalActions, { type: 'set-deadline', days: 14 }],
        final: true,
      },
    ],
  };
}

const consumer = deliveryClaim(33);
const business = { ...consumer, debtor: { ...consumer.debtor, kind: 'business' as 'consumer' | 'business', name: 'Muster GmbH' } };

/** Runs the claim day by day to `to` under `policy`; `before` runs on the morning of each day (before the run). */
async function run(claim: typeof business & { claimKind?: 'entgelt' | 'other' }, policy: PolicyInput, to: IsoDate = '2025-02-20', before?: (h: ReturnType<typeof deliveryHost>, day: IsoDate) => Promise<void>): Promise<ClaimEvent[]> {
  const h = deliveryHost({ policy, claimId: 'INV-33' });
  await h.mw.createClaim(claim);
  await h.run(to, async (day) => before?.(h, day));
  return h.events();
}

const figures = (events: readonly ClaimEvent[], day: IsoDate): string[] => {
  const s = statement(project(events), day);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};
/** The guards that blocked something in the decision of `day`, on the ledger as it stood before that day. */
const blockedOn = (events: readonly ClaimEvent[], policy: PolicyInput, day: IsoDate): string[] =>
  decide(project(events.filter((e) => e.date < day || e.type === 'claim-created')), loadPolicy(policy), day).blocked.map((b) => `${b.rule} ${b.stage ?? ''}`);

describe('§ 288 Abs. 5 S. 1 BGB: the flat fee of the Mahnung that causes default is charged on the first day of default, once', () => {
  it('e-mail Mahnung 2025-01-17: fee refused that day (guard.no-fee-for-default-causing-notice), 40.00 charged on 2025-01-19, the first day of default; interest 33 days = 5.09, total 545.09 to 2025-02-20', async () => {
    const policy = mahnungFeePolicy('email');
    const events = await run(business, policy);
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(events.filter((e) => e.type === 'stage-entered').map((e) => `${e.date} ${(e as ClaimEventOf<'stage-entered'>).stage}`)).toEqual(['2025-01-17 dunning-notice', '2025-01-25 final-notice']);
    // Refused on the Mahnung's day, as before: the notice that puts the debtor in default earns no fee on its day.
    expect(blockedOn(events, policy, '2025-01-17')).toEqual(['guard.no-fee-for-default-causing-notice dunning-notice']);
    expect(feeLines(events)).toEqual(['2025-01-19 charged flat-fee 40.00']);
    const fee = events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged');
    expect([fee?.reason?.rule, fee?.code, fee?.basis, fee?.reason?.inputs?.['stage'], fee?.reason?.inputs?.['stageEnteredOn'], fee?.reason?.inputs?.['defaultBegan']]).toEqual([
      'fee.flat-fee',
      '§ 288 Abs. 5 BGB',
      '§ 288 Abs. 5 BGB',
      'dunning-notice',
      '2025-01-17',
      '2025-01-19',
    ]);
    // Charged by the decision of the day default began, after the default-began in the ledger.
    expect(events.indexOf(fee as ClaimEvent)).toBeGreaterThan(events.findIndex((e) => e.type === 'default-began'));
    // 56.35 × 33 / 365 = 5.0947 → 5.09; 500.00 + 5.09 + 40.00 = 545.09.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '5.09', '40.00', '545.09']);
    // In default and once: the guards find nothing (guard.no-fee-before-default, guard.flat-fee-once).
    expect(checkInvariants(events, loadPolicy(policy))).toEqual([]);
    // Later days charge nothing more.
    expect(feeLines(await run(business, policy, '2025-03-31'))).toEqual(feeLines(events));
  });

  it('letter Mahnung 2025-01-17, received 01-20: 40.00 charged on 2025-01-21; interest 31 days = 4.79, total 544.79 to 2025-02-20', async () => {
    const events = await run(business, mahnungFeePolicy('letter'));
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-21']);
    expect(feeLines(events)).toEqual(['2025-01-21 charged flat-fee 40.00']);
    // 56.35 × 31 / 365 = 4.7859 → 4.79; 500.00 + 4.79 + 40.00 = 544.79.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '4.79', '40.00', '544.79']);
  });

  it('not while escalation waits: a hold placed 2025-01-18 until 01-22 moves the fee to 2025-01-23, the first day the hold no longer stands (guard.no-escalation-during-hold)', async () => {
    const events = await run(business, mahnungFeePolicy('email'), '2025-02-20', async (h, day) => {
      if (day === '2025-01-18') await h.mw.placeHold({ claimId: 'INV-33', note: 'Rückruf vereinbart', until: '2025-01-22', interestRuns: true });
    });
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(feeLines(events)).toEqual(['2025-01-23 charged flat-fee 40.00']);
    // Interest ran during the hold (interestRuns): as without it, 5.09; 545.09.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '5.09', '40.00', '545.09']);
  });

  it('none for a consumer (S. 1: "wenn dieser kein Verbraucher ist") nor for a claim that is no Entgeltforderung (guard.flat-fee-business-only)', async () => {
    const policy = mahnungFeePolicy('email');
    expect(feeLines(await run(consumer, policy))).toEqual([]);
    expect(feeLines(await run({ ...business, claimKind: 'other' }, policy))).toEqual([]);
  });

  it('§ 288 Abs. 5 S. 3 BGB, EuGH C-287/17: a creditor fee of 2.50 on the final notice after the flat fee counts against its 40 EUR, so it is not charged (guard.flat-fee-credit)', async () => {
    const policy = mahnungFeePolicy('email', [{ type: 'charge-creditor-fee', amount: '2.50' }]);
    const events = await run(business, policy);
    // Before the fix: '2025-01-25 charged creditor-dunning-fee 2.50' and no flat fee.
    expect(feeLines(events)).toEqual(['2025-01-19 charged flat-fee 40.00']);
    expect(blockedOn(events, policy, '2025-01-25')).toEqual(['guard.flat-fee-credit final-notice']);
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '5.09', '40.00', '545.09']);
  });

  it('a debtor who pays in full on the first day of default does not bear it (the order of a day: payments first): 500.00 dated 2025-01-19 settles the claim, booked before that day\'s run or after it (fee.payment-day)', async () => {
    // 500.00 dated 01-19 meets the claim as it stood at the end of 01-18: 500.00, no interest (default
    // from 01-19; the payment day bears none). Nothing else is open, so the claim is settled on 01-19
    // and the flat fee of that day is not owed (§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB) — whichever
    // the host books first, the payment or the day's run.
    const pay = (on: IsoDate) => async (h: ReturnType<typeof deliveryHost>, day: IsoDate) => {
      if (day === on) await h.mw.recordPayment({ claimId: 'INV-33', amount: '500.00', date: '2025-01-19', paymentId: 'P-1' });
    };
    const before = await run(business, mahnungFeePolicy('email'), '2025-02-20', pay('2025-01-19'));
    expect(feeLines(before)).toEqual([]);
    expect(before.filter((e) => e.type === 'settled').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(figures(before, '2025-02-20')).toEqual(['0.00', '0.00', '0.00', '0.00']);
    const after = await run(business, mahnungFeePolicy('email'), '2025-02-20', pay('2025-01-20'));
    expect(feeLines(after)).toEqual(['2025-01-19 charged flat-fee 40.00', '2025-01-19 reduced 40.00 (fee.payment-day)']);
    expect(after.filter((e) => e.type === 'settled').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(figures(after, '2025-02-20')).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('§ 362 Abs. 1 BGB: the fee charged for the Mahnung and dropped by a payment of its day (fee.payment-day) comes back when that payment is charged back (fee-reinstated), once — as when the payment was booked before the run', async () => {
    // 500.00 dated 2025-01-19 (booked 01-20): it meets the claim as it stood at the end of 01-18 — 500.00,
    // no interest yet — and settles it but for the 40.00 charged on its day, which drops (§ 254 Abs. 2 BGB).
    // Charged back 2025-02-03: the payment did not fulfil (§ 362 Abs. 1 BGB), the claim was not paid on the
    // first day of default, so the 40.00 is owed after all: reinstated on 02-03 (rule fee.reinstated); the
    // claim reopens and the final notice follows that day, no second flat fee (guard.flat-fee-once).
    // Interest 02-03 to 03-10: 26 + 10 = 36 days: 56.35 × 36 / 365 = 2,028.60 / 365 = 5.5578 → 5.56; total
    // 500.00 + 5.56 + 40.00 = 545.56 (before the fix: 505.56, the fee stayed dropped).
    const reverse = (bookOn: IsoDate) => async (h: ReturnType<typeof deliveryHost>, day: IsoDate) => {
      if (day === bookOn) await h.mw.recordPayment({ claimId: 'INV-33', amount: '500.00', date: '2025-01-19', paymentId: 'P-1' });
      if (day === '2025-02-03') await h.mw.reversePayment({ claimId: 'INV-33', paymentId: 'P-1', reversalId: 'R-1', kind: 'chargeback', amount: '500.00' });
    };
    const events = await run(business, mahnungFeePolicy('email'), '2025-03-10', reverse('2025-01-20'));
    expect(feeLines(events)).toEqual(['2025-01-19 charged flat-fee 40.00', '2025-01-19 reduced 40.00 (fee.payment-day)', '2025-02-03 reinstated 40.00 (fee.reinstated)']);
    expect(events.filter((e) => e.type === 'stage-entered').map((e) => `${e.date} ${(e as ClaimEventOf<'stage-entered'>).stage}`)).toEqual(['2025-01-17 dunning-notice', '2025-02-03 final-notice']);
    expect(figures(events, '2025-03-10')).toEqual(['500.00', '5.56', '40.00', '545.56']);
    expect(checkInvariants(events)).toEqual([]);
    // The payment booked before the run of 01-19 (the day's order: payments first): no fee that day; after
    // the chargeback the first decision in default charges it (flatFeeInDefault) — the same 545.56.
    const before = await run(business, mahnungFeePolicy('email'), '2025-03-10', reverse('2025-01-19'));
    expect(feeLines(before)).toEqual(['2025-02-03 charged flat-fee 40.00']);
    expect(figures(before, '2025-03-10')).toEqual(['500.00', '5.56', '40.00', '545.56']);
  });

  it('guard.flat-fee-once: a later stage that also charges the flat fee (a policy checked by the schema only) charges no second one', () => {
    // Two charge-flat-fee actions are refused by loadPolicy (guard.flat-fee-once); the engine holds on its own.
    const twice = policySchema.parse(mahnungFeePolicy('email', [{ type: 'charge-flat-fee' }]));
    const f = facts({ id: 'INV-33', principal: '500.00', dueDateIsCalendarDate: false, debtor: { kind: 'business' } });
    // play sends each message on its day: the e-mail Mahnung 01-17 is received 01-18, default from 01-19, as above.
    const events = play([created(f)], twice, '2025-01-02', '2025-03-31');
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(feeLines(events)).toEqual(['2025-01-19 charged flat-fee 40.00']);
    const d = decide(project(events.filter((e) => e.date < '2025-01-25' || e.type === 'claim-created')), twice, '2025-01-25');
    expect(d.blocked.map((b) => `${b.rule} ${b.stage ?? ''}`)).toEqual(['guard.flat-fee-once final-notice']);
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '5.09', '40.00', '545.09']);
    expect(checkInvariants(events)).toEqual([]);
  });
});

// Not while a kept installment plan holds escalation back: then on the day the plan is declared defaulted
// (docs/legal-notes.md, "A kept installment plan's end": a plan declared defaulted resumes escalation at
// once) — by the first decision of that day. The bug (the invariants property "decide is idempotent",
// fast-check seed -1132768262): the fee was looked at before the day's missed installments were booked, on
// a state where the plan still held, so the first decision of the day the plan defaulted booked the misses
// and the plan's default but no fee, and a second decision of the same day booked the 40.00 — a fee that
// depended on how often the host asked.
//
// The claim and policy as above (e-mail Mahnung Fri 2025-01-17, fee refused, received Sat 01-18, default
// from Sun 01-19). A plan agreed on Sat 01-18, before default: three installments of 170.00 due Fri
// 2025-01-31, Fri 02-28 and Mon 03-31; the policy's defaults: 5 grace days, 2 misses default the plan.
// Days by hand (2025-01-01 a Wednesday): 01-31 + 5 = Wed 02-05 (35 days after 01-01, 5 weeks), missed
// on Thu 02-06; 02-28 + 5 = Wed 03-05 (63 days after 01-01, 9 weeks), missed on Thu 03-06, the second miss:
// the plan defaults on 2025-03-06. Kept, it would hold escalation to 03-31 + 5 = Sat 04-05, so 03-06 is
// the first day escalation may go on. The final notice (7 days after the Mahnung: 01-24) is due since
// 01-24 and follows on 03-06 too, without a second flat fee (it charges none).
// Interest 01-19 to 03-06: 13 + 28 + 6 = 47 days: 56.35 × 47 / 365 = 2,648.45 / 365 = 7.2560 → 7.26;
// 500.00 + 7.26 + 40.00 = 547.26.
describe('§ 288 Abs. 5 S. 1 BGB: the flat fee held back by a kept installment plan is charged by the first decision of the day the plan defaults', () => {
  const policy = loadPolicy(mahnungFeePolicy('email'));
  const f = facts({ id: 'INV-33', principal: '500.00', dueDateIsCalendarDate: false, debtor: { kind: 'business' } });
  const installments = [
    { dueDate: '2025-01-31', amount: '170.00' },
    { dueDate: '2025-02-28', amount: '170.00' },
    { dueDate: '2025-03-31', amount: '170.00' },
  ];
  const plan: ClaimEvent = { claimId: 'INV-33', date: '2025-01-18', type: 'installment-plan-agreed', planId: 'plan-1', installments };
  // Decided every day to 03-05 (each message sent on its day), the plan agreed on the morning of 01-18.
  const before = play([created(f)], policy, '2025-01-02', '2025-03-05', { on: { '2025-01-18': [plan] } });

  it('no fee while the plan holds (default from 2025-01-19, the plan kept); on 2025-03-06 the first decision books the second miss, the plan\'s default and the 40.00, a second decision that day nothing', () => {
    expect(before.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-19']);
    expect(feeLines(before)).toEqual([]);
    expect(before.filter((e) => e.type === 'installment-missed').map((e) => e.date)).toEqual(['2025-02-06']);
    const first = decide(project(before), policy, '2025-03-06');
    expect(first.events.map((e) => `${e.date} ${e.type}${e.type === 'stage-entered' ? ` ${e.stage}` : ''}`)).toEqual([
      '2025-03-06 installment-missed',
      '2025-03-06 installment-plan-defaulted',
      '2025-03-06 fee-charged',
      '2025-03-06 stage-entered final-notice',
      '2025-03-06 message-queued',
    ]);
    const fee = first.events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged');
    expect([fee?.kind, fee?.amount, fee?.reason?.rule, fee?.reason?.inputs?.['stage'], fee?.reason?.inputs?.['stageEnteredOn'], fee?.reason?.inputs?.['defaultBegan']]).toEqual([
      'flat-fee',
      '40.00',
      'fee.flat-fee',
      'dunning-notice',
      '2025-01-17',
      '2025-01-19',
    ]);
    const after = [...before, ...first.events];
    // Idempotent: the same day asked again books nothing (before the fix: the 40.00, here and not above).
    expect(decide(project(after), policy, '2025-03-06').events).toEqual([]);
    // 56.35 × 47 / 365 = 7.2560 → 7.26; 500.00 + 7.26 + 40.00 = 547.26.
    expect(figures(after, '2025-03-06')).toEqual(['500.00', '7.26', '40.00', '547.26']);
    expect(checkInvariants(after, policy)).toEqual([]);
  });

  it('through the host (runDue on each day, a claim looked at on its review days): the 40.00 on 2025-03-06 with the final notice; before the fix it was never charged, as no later review came — total 555.75 to 2025-04-30, not 515.75', async () => {
    // The same claim, policy and plan (agreeInstallmentPlan on the morning of 01-18). After the final
    // notice of 03-06 (the last stage) no review day is due for the fee the first decision did not book.
    // Interest 01-19 to 04-30: 13 + 28 + 31 + 30 = 102 days: 56.35 × 102 / 365 = 5,747.70 / 365 = 15.7471 → 15.75;
    // 500.00 + 15.75 + 40.00 = 555.75.
    const events = await run(business, mahnungFeePolicy('email'), '2025-04-30', async (h, day) => {
      if (day === '2025-01-18') await h.mw.agreeInstallmentPlan({ claimId: 'INV-33', installments });
    });
    expect(events.filter((e) => e.type === 'installment-plan-defaulted').map((e) => e.date)).toEqual(['2025-03-06']);
    expect(events.filter((e) => e.type === 'stage-entered').map((e) => `${e.date} ${(e as ClaimEventOf<'stage-entered'>).stage}`)).toEqual(['2025-01-17 dunning-notice', '2025-03-06 final-notice']);
    expect(feeLines(events)).toEqual(['2025-03-06 charged flat-fee 40.00']);
    expect(figures(events, '2025-04-30')).toEqual(['500.00', '15.75', '40.00', '555.75']);
  });
});
