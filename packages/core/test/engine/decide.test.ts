import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  checkInvariants,
  decide,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  money,
  policySchema,
  project,
  type ClaimEvent,
  type ClaimEventOf,
  type Policy,
  type PolicyInput,
} from '../../src/index.js';
import { created, facts, ofType, play, timeline } from './helpers.js';

/** A policy validated by the schema only — NOT by assertPolicyLawful — to prove the runtime guards hold on their own. */
function schemaOnly(input: PolicyInput): Policy {
  return policySchema.parse(input);
}

function payment(events: readonly ClaimEvent[], paymentId: string, amount: string, date: string): ClaimEvent {
  return allocateIncomingPayment(project(events), { paymentId, amount: money(amount, 'EUR'), date });
}

describe('decide: the built-in consumer timeline (de-b2c-default)', () => {
  // 1000 EUR consumer claim, invoice 2025-01-02, due Thu 2025-01-16, due date NOT fixed by the
  // calendar and no 30-day notice on the invoice: only a Mahnung puts the consumer in default.
  const f = facts({ dueDateIsCalendarDate: false });
  const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-06-30');

  it('§ 286 Abs. 1 BGB: the letter sent 2025-02-06 is received 02-09 (3 days), default from 02-10; stages never before the previous deadline', () => {
    expect(timeline(events)).toEqual([
      // due + 7
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      // previous + 14; deadline 14 days → Thu 2025-02-20
      '2025-02-06 stage dunning-notice deadline 2025-02-20',
      '2025-02-06 message letter dunning-notice',
      // receipt 2025-02-09 (sent + letterDeliveryDays 3) → default from the next day
      '2025-02-10 default reminder',
      // previous + 21 (after the deadline 02-20); in default → creditor fee 1.00 (actual material costs)
      '2025-02-27 stage final-notice deadline 2025-03-10',
      '2025-02-27 fee creditor-dunning-fee 1.00',
      '2025-02-27 message letter final-notice',
      // previous + 17 = Sun 2025-03-16; deadline 03-30 is a Sunday → § 193 BGB: Mon 03-31
      '2025-03-16 stage handover deadline 2025-03-31',
      '2025-03-16 handed-over',
      // § 13e RDG: mandate 2025-03-16 → RVG 2021 table; 1.0 fee for 1000 EUR = 88.00;
      // Nr. 2300 0.9 × 88.00 = 79.20; Nr. 7002 20 % = 15.84 → 95.04
      '2025-03-16 fee collection-costs 95.04',
      '2025-03-16 message letter handover-inkasso',
      // previous + 30; KV 1100 GKG 2021: 0.5 × 58.00 = 29.00 < minimum 36.00
      // issue 8: the announcement charges nothing; 04-15 + 14 = Tue 04-29
      '2025-04-15 stage court-dunning-announcement deadline 2025-04-29',
      '2025-04-15 message letter court-dunning-announcement',
      // the filing, a stage of its own: 04-15 + 21 = 05-06; KV 1100 GKG on 1000.00 (GKG 2021: 0.5 × 58 = 29 < 36) → minimum 36.00
      '2025-05-06 stage court-dunning',
      '2025-05-06 court-dunning-filed',
      '2025-05-06 fee court-fee 36.00',
    ]);
  });

  it('every event names its rule, and decisions carry the policy as id@version', () => {
    for (const e of events.filter((x) => x.type !== 'claim-created' && x.type !== 'message-sent')) {
      expect(e.policy).toBe('de-b2c-default@4');
      expect(e.reason?.rule).toMatch(/^(stage:|default\.|fee\.|handover|court-dunning)/);
    }
    const def = ofType(events, 'default-began')[0];
    expect(def?.reason).toMatchObject({ rule: 'default.reminder', basis: '§ 286 Abs. 1 BGB', inputs: { noticeStage: 'dunning-notice', noticeReceivedOn: '2025-02-09' } });
    const costs = ofType(events, 'fee-charged').find((e) => e.kind === 'collection-costs');
    expect(costs?.items?.map((i) => [i.code, i.amount])).toEqual([
      ['Nr. 2300 VV RVG', '79.20'],
      ['Nr. 7002 VV RVG', '15.84'],
    ]);
    expect(costs?.reason?.inputs).toMatchObject({ case: 'uncontested', claimValue: '1000.00', table: 'RVG 2021-01-01', cap: '95.04' });
  });

  it('no event stream of the timeline breaks a guard', () => {
    expect(checkInvariants(events, deB2cDefaultPolicy)).toEqual([]);
  });

  it('is idempotent: deciding again on every day of the timeline adds nothing', () => {
    for (let i = 1; i <= events.length; i++) {
      const prefix = events.slice(0, i);
      const day = prefix[prefix.length - 1]?.date ?? '2025-01-02';
      const d1 = decide(project(prefix), deB2cDefaultPolicy, day);
      const d2 = decide(project([...prefix, ...d1.events]), deB2cDefaultPolicy, day);
      expect(d2.events).toEqual([]);
    }
  });

  it('nextReviewAt is the next trigger day (dunning-notice: reminder 01-23 + 14 = 02-06)', () => {
    const upTo = events.filter((e) => e.date <= '2025-01-23');
    const d = decide(project(upTo), deB2cDefaultPolicy, '2025-01-23');
    expect(d.events).toEqual([]);
    expect(d.nextReviewAt).toBe('2025-02-06');
  });

  it('one stage per decide call: after a long gap the stages are spaced by their triggers, not fired on one day', () => {
    const late = play([created(f)], deB2cDefaultPolicy, '2025-06-02', '2025-06-02');
    expect(timeline(late)).toEqual(['2025-06-02 stage reminder', '2025-06-02 message email reminder']);
    const next = decide(project(late), deB2cDefaultPolicy, '2025-06-03');
    expect(next.events).toEqual([]);
    expect(next.nextReviewAt).toBe('2025-06-16');
  });
});

describe('decide: the built-in business timeline (de-b2b-default)', () => {
  // Calendar due date Thu 2025-01-16 → default from 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB).
  const f = facts({ debtor: { kind: 'business', name: 'Muster GmbH' } });
  const events = play([created(f)], deB2bDefaultPolicy, '2025-01-02', '2025-05-31');

  it('§ 288 Abs. 5 BGB: 40 EUR flat fee once, credited against collection costs (§ 288 Abs. 5 S. 3 BGB): 95.04 − 40.00 = 55.04', () => {
    expect(timeline(events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      '2025-02-06 stage dunning-notice deadline 2025-02-20',
      '2025-02-06 message letter dunning-notice',
      '2025-02-27 stage final-notice deadline 2025-03-10',
      '2025-02-27 fee flat-fee 40.00',
      '2025-02-27 message letter final-notice',
      '2025-03-16 stage handover deadline 2025-03-31',
      '2025-03-16 handed-over',
      '2025-03-16 fee collection-costs 55.04',
      '2025-03-16 message letter handover-inkasso',
      // issue 8: the announcement charges nothing; 04-15 + 14 = Tue 04-29
      '2025-04-15 stage court-dunning-announcement deadline 2025-04-29',
      '2025-04-15 message letter court-dunning-announcement',
      // the filing, a stage of its own: 04-15 + 21 = 05-06; KV 1100 GKG on 1000.00 (GKG 2021: 0.5 × 58 = 29 < 36) → minimum 36.00
      '2025-05-06 stage court-dunning',
      '2025-05-06 court-dunning-filed',
      '2025-05-06 fee court-fee 36.00',
    ]);
    const costs = ofType(events, 'fee-charged').find((e) => e.kind === 'collection-costs');
    expect(costs?.items?.map((i) => [i.code, i.amount])).toEqual([
      ['Nr. 2300 VV RVG', '79.20'],
      ['Nr. 7002 VV RVG', '15.84'],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00'],
    ]);
    expect(checkInvariants(events, deB2bDefaultPolicy)).toEqual([]);
  });
});

describe('decide: default from the 30-day rule (§ 286 Abs. 3 BGB)', () => {
  it('business debtor, no calendar due date, no Mahnung: invoice taken as received 2025-01-05 (invoice date + 3 days), due 01-16 → 30 days to 02-15 → default from 02-16', () => {
    const reminderOnly = schemaOnly({
      id: 'reminder-only',
      version: 1,
      name: 'reminder only',
      stages: [{ id: 'reminder', name: 'Erinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder' }] }],
    });
    const f = facts({ dueDateIsCalendarDate: false, debtor: { kind: 'business' } });
    const events = play([created(f)], reminderOnly, '2025-01-02', '2025-03-01');
    const def = ofType(events, 'default-began');
    expect(def.map((e) => [e.date, e.route, e.basis])).toEqual([['2025-02-16', 'thirty-day-rule', '§ 286 Abs. 3 BGB']]);
    expect(def[0]?.reason?.inputs).toMatchObject({ invoiceReceivedOnAssumed: '2025-01-05' });
  });
});

describe('decide: fees and the guards that no policy can switch off', () => {
  const early: Policy = schemaOnly({
    id: 'unlawful-early-fees',
    version: 1,
    name: 'fees too early',
    stages: [
      {
        id: 'reminder',
        name: 'Reminder',
        kind: 'reminder',
        trigger: { after: 'due-date', days: 7 },
        actions: [{ type: 'send', channel: 'email', template: 'reminder' }, { type: 'charge-creditor-fee', amount: '2.00' }, { type: 'charge-flat-fee' }],
      },
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }, { type: 'set-deadline', days: 14 }, { type: 'charge-creditor-fee', amount: '2.00' }],
      },
      {
        id: 'final-notice',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 21 },
        actions: [
          { type: 'send', channel: 'letter', template: 'final-notice' },
          { type: 'charge-creditor-fee', amount: '2.00' },
          { type: 'charge-flat-fee' },
          { type: 'charge-collection-costs', case: 'auto' },
        ],
      },
      {
        id: 'handover',
        name: 'Inkasso',
        kind: 'handover',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [
          { type: 'hand-over', to: 'collection-agency' },
          { type: 'charge-flat-fee' },
          { type: 'charge-collection-costs', case: 'contested' },
          { type: 'send', channel: 'letter', template: 'handover' },
        ],
      },
      {
        id: 'agency-again',
        name: 'Inkasso 2',
        kind: 'handover',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [{ type: 'charge-collection-costs', case: 'auto' }, { type: 'send', channel: 'letter', template: 'handover' }],
      },
    ],
  });

  it('guard.no-fee-before-default (§§ 280 Abs. 2, 286 BGB): a fee on a reminder before default is not charged', () => {
    const f = facts({ dueDateIsCalendarDate: false, debtor: { kind: 'business' } });
    const events = [created(f)];
    const d = decide(project(events), early, '2025-01-23');
    expect(ofType([...d.events], 'fee-charged')).toEqual([]);
    expect(d.blocked.map((b) => b.rule)).toEqual(['guard.no-fee-before-default', 'guard.no-fee-before-default']);
  });

  it('guard.no-fee-for-default-causing-notice (BGH VIII ZR 95/18): the Mahnung that causes default carries no fee; the next notice may', () => {
    const f = facts({ dueDateIsCalendarDate: false });
    const events = play([created(f)], early, '2025-01-02', '2025-03-05');
    const fees = ofType(events, 'fee-charged');
    // reminder 01-23 (no default), dunning-notice 02-06 (causes default: received 02-09, default 02-10),
    // final-notice 02-27: in default → creditor fee 2.00; flat fee refused for a consumer.
    expect(fees.map((e) => `${e.date} ${e.kind} ${e.amount}`)).toEqual(['2025-02-27 creditor-dunning-fee 2.00']);
    const d = decide(project(events.filter((e) => e.date <= '2025-02-06' && !(e.date === '2025-02-06' && e.type !== 'claim-created'))), early, '2025-02-06');
    expect(d.blocked.map((b) => b.rule)).toContain('guard.no-fee-for-default-causing-notice');
    expect(checkInvariants(events)).toEqual([]);
  });

  it('guard.flat-fee-business-only (§ 288 Abs. 5 S. 1 BGB): no flat fee for a consumer', () => {
    const f = facts({ dueDateIsCalendarDate: true });
    const events = play([created(f)], early, '2025-01-02', '2025-03-05');
    expect(ofType(events, 'fee-charged').filter((e) => e.kind === 'flat-fee')).toEqual([]);
  });

  it('guard.flat-fee-business-only: no flat fee for a claim that is not an Entgeltforderung, nor for an obligation before 2014-07-29 (Art. 229 § 34 EGBGB)', () => {
    for (const f of [facts({ claimKind: 'other', debtor: { kind: 'business' } }), facts({ contractDate: '2014-07-28', debtor: { kind: 'business' } })]) {
      const events = play([created(f)], early, '2025-01-02', '2025-03-05');
      expect(ofType(events, 'fee-charged').filter((e) => e.kind === 'flat-fee')).toEqual([]);
    }
  });

  it('guard.flat-fee-once and guard.collection-costs-once; collection costs only after a hand-over, ≤ the § 13e RDG cap less the flat fee', () => {
    // Business, calendar due date → in default from 2025-01-17.
    const f = facts({ debtor: { kind: 'business' } });
    const events = play([created(f)], early, '2025-01-02', '2025-04-30');
    const fees = ofType(events, 'fee-charged');
    expect(fees.map((e) => `${e.date} ${e.kind} ${e.amount}`)).toEqual([
      // reminder 01-23: in default since 01-17 → the creditor fee and the flat fee may be charged
      '2025-01-23 creditor-dunning-fee 2.00',
      // § 288 Abs. 5 S. 3 BGB both ways: the own fee charged first (2.00) is credited against the flat fee → 38.00
      '2025-01-23 flat-fee 38.00',
      // 02-06 and 02-27: own fees of 4.00 and 6.00 in all stay within the 40 EUR the flat fee compensates
      // (EuGH C-287/17) → not charged (guard.flat-fee-credit); collection costs without a hand-over → refused
      // handover 03-13: 'contested' requested, but the claim was never disputed → uncontested 0.9:
      // 0.9 × 88 (RVG 2021, value 1000) = 79.20 + 15.84 (Nr. 7002) − 38.00 flat fee charged = 57.04
      '2025-03-13 collection-costs 57.04',
    ]);
    const d = (day: string) => decide(project(events.filter((e) => e.date < day || e.type === 'claim-created')), early, day).blocked.map((b) => b.rule);
    expect(d('2025-02-27')).toEqual(['guard.flat-fee-credit', 'guard.flat-fee-once', 'guard.collection-costs-after-handover']);
    expect(d('2025-03-13')).toEqual(['guard.flat-fee-once']);
    expect(d('2025-03-27')).toEqual(['guard.collection-costs-once']);
    expect(fees.find((e) => e.kind === 'collection-costs')?.reason?.inputs).toMatchObject({ requestedCase: 'contested', case: 'uncontested' });
    expect(checkInvariants(events)).toEqual([]);
  });

  it('§ 13e RDG with the RVG 2025 table: 1200 EUR consumer claim, hand-over 2025-06-29 → 0.9 × 134.50 = 121.05 + 20.00 = 141.05', () => {
    const f = facts({ principal: '1200.00', invoiceDate: '2025-04-17', dueDate: '2025-05-01' });
    const events = play([created(f)], deB2cDefaultPolicy, '2025-04-17', '2025-07-05');
    const costs = ofType(events, 'fee-charged').find((e) => e.kind === 'collection-costs');
    // reminder 05-08, dunning-notice 05-22, final-notice 06-12, handover 06-29
    expect(costs?.date).toBe('2025-06-29');
    expect(costs?.amount).toBe('141.05');
    expect(costs?.reason?.inputs).toMatchObject({ table: 'RVG 2025-06-01' });
  });
});

describe('decide: no escalation during a dispute, a hold or a kept installment plan', () => {
  const f = facts();

  it('guard.no-escalation-during-dispute: nothing escalates while a dispute is open; after resolution the due stage follows', () => {
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-03-20', {
      on: {
        '2025-01-20': [{ type: 'dispute-opened', claimId: f.id, date: '2025-01-20', disputeId: 'd1' }],
        '2025-03-01': [{ type: 'dispute-resolved', claimId: f.id, date: '2025-03-01', disputeId: 'd1', outcome: 'creditor-right' }],
      },
    });
    expect(timeline(events).filter((l) => l.includes('stage'))).toEqual(['2025-03-01 stage reminder', '2025-03-15 stage dunning-notice deadline 2025-03-31']);
    const during = decide(project(events.filter((e) => e.date <= '2025-02-10')), deB2cDefaultPolicy, '2025-02-10');
    expect(during.blocked[0]?.rule).toBe('guard.no-escalation-during-dispute');
    // An open dispute gives no stage day (resolving it schedules a review); what is left is the
    // limitation check: arose 2025-01-16 → 2028-12-31, a Sunday → § 193 BGB: 2029-01-02 → review 2029-01-03.
    expect(during.nextReviewAt).toBe('2029-01-03');
    expect(checkInvariants(events)).toEqual([]);
  });

  it('guard.no-escalation-during-hold; the hold expires the day after `until` (hold-lifted expired) and escalation resumes', () => {
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-02-28', {
      on: { '2025-01-20': [{ type: 'hold-placed', claimId: f.id, date: '2025-01-20', holdId: 'h1', note: 'customer on holiday', until: '2025-02-10', interestRuns: true }] },
    });
    expect(timeline(events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-20 hold-placed',
      '2025-02-11 hold-lifted',
      '2025-02-11 stage reminder',
      '2025-02-11 message email reminder',
      '2025-02-25 stage dunning-notice deadline 2025-03-11',
      '2025-02-25 message letter dunning-notice',
    ]);
    expect(ofType(events, 'hold-lifted')[0]).toMatchObject({ holdId: 'h1', expired: true, reason: { rule: 'hold.expired' } });
    // During the hold, the next review is the day after `until`.
    expect(decide(project(events.filter((e) => e.date <= '2025-01-25')), deB2cDefaultPolicy, '2025-01-25').nextReviewAt).toBe('2025-02-11');
    expect(checkInvariants(events)).toEqual([]);
  });

  it('guard.no-escalation-during-installment-plan: a kept plan stops dunning; paid in full the claim is settled', () => {
    // Not in default (no calendar due date) → no interest: two installments of 500 pay it off.
    const g = facts({ dueDateIsCalendarDate: false });
    const events = play([created(g)], deB2cDefaultPolicy, '2025-01-02', '2025-04-30', {
      on: {
        '2025-01-20': [
          { type: 'installment-plan-agreed', claimId: g.id, date: '2025-01-20', planId: 'p1', installments: [{ dueDate: '2025-02-01', amount: '500.00' }, { dueDate: '2025-03-01', amount: '500.00' }] },
        ],
        '2025-02-01': (ev) => [payment(ev, 'pay-1', '500.00', '2025-02-01')],
        '2025-03-01': (ev) => [payment(ev, 'pay-2', '500.00', '2025-03-01')],
      },
    });
    expect(timeline(events)).toEqual(['2025-01-20 installment-plan-agreed', '2025-02-01 payment-received', '2025-03-01 payment-received', '2025-03-01 settled']);
    expect(checkInvariants(events)).toEqual([]);
  });

  it('installments missed → plan defaulted (installmentsMissedToDefault 2, grace 5 days) → escalation resumes', () => {
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-04-30', {
      on: {
        '2025-01-20': [
          {
            type: 'installment-plan-agreed',
            claimId: f.id,
            date: '2025-01-20',
            planId: 'p1',
            installments: ['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01'].map((dueDate) => ({ dueDate, amount: '250.00' })),
          },
        ],
        '2025-02-01': (ev) => [payment(ev, 'pay-1', '250.00', '2025-02-01')],
      },
    });
    expect(timeline(events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-20 installment-plan-agreed',
      '2025-02-01 payment-received',
      // 2nd installment due Sat 03-01 → payable Mon 03-03 (§ 193 BGB); + 5 grace = Sat 03-08 → last day Mon 03-10
      // (§ 193 BGB again, installmentLastDay) → missed on Tue 03-11
      '2025-03-11 installment-missed',
      // 3rd due Tue 04-01, + 5 = Sun 04-06 → last day Mon 04-07 (§ 193 BGB) → missed Tue 04-08; 2 misses → plan
      // defaulted, dunning resumes: reminder 04-08, Mahnung 04-08 + 14 = Tue 04-22, deadline 04-22 + 14 = Tue 05-06
      '2025-04-08 installment-missed',
      '2025-04-08 installment-plan-defaulted',
      '2025-04-08 stage reminder',
      '2025-04-08 message email reminder',
      '2025-04-22 stage dunning-notice deadline 2025-05-06',
      '2025-04-22 message letter dunning-notice',
    ]);
    expect(ofType(events, 'installment-missed').map((e) => e.index)).toEqual([1, 2]);
    expect(checkInvariants(events)).toEqual([]);
  });
});

describe('decide: limitation (§§ 195, 199, 212, 214 BGB)', () => {
  // Arose (fell due) 2021-03-15 → period ends 2024-12-31 (end of 2021 + 3 years).
  const f = facts({ invoiceDate: '2021-03-01', dueDate: '2021-03-15' });

  it('a time-barred claim is flagged (time-barred on 2025-01-01) and not dunned', () => {
    const d = decide(project([created(f, '2025-01-10')]), deB2cDefaultPolicy, '2025-01-10');
    expect(timeline(d.events)).toEqual(['2021-03-16 default calendar-date', '2025-01-01 time-barred']);
    expect(ofType([...d.events], 'time-barred')[0]).toMatchObject({ expiredOn: '2024-12-31', reason: { rule: 'limitation.expired' } });
    expect(d.nextReviewAt).toBeNull();
    const again = decide(project([created(f, '2025-01-10'), ...d.events]), deB2cDefaultPolicy, '2025-03-01');
    expect(again.events).toEqual([]);
  });

  it('with an open dispute (no stage day) the next review is the day after limitation ends: 2025-01-01 for a claim due 2021-03-15; 2029-01-03 for one due 2025-02-14 (2028-12-31 a Sunday, 2029-01-01 New Year: § 193 BGB → 2029-01-02)', () => {
    const disputed = (g: typeof f, on: string): ClaimEvent[] => [created(g, on), { type: 'dispute-opened', claimId: g.id, date: on, disputeId: 'd1' } as ClaimEvent];
    const old = disputed(f, '2023-06-01');
    const d = decide(project(old), deB2cDefaultPolicy, '2023-06-01');
    expect(timeline(d.events)).toEqual(['2021-03-16 default calendar-date']);
    expect(d.nextReviewAt).toBe('2025-01-01');
    const young = facts({ invoiceDate: '2025-01-31', dueDate: '2025-02-14' });
    const events = disputed(young, '2025-03-01');
    const first = decide(project(events), deB2cDefaultPolicy, '2025-03-01');
    const later = decide(project([...events, ...first.events]), deB2cDefaultPolicy, '2025-03-02');
    expect(later.events).toEqual([]);
    expect(later.nextReviewAt).toBe('2029-01-03');
  });

  it('§ 212 Abs. 1 Nr. 1 BGB: a part payment restarts the period, so the claim is dunned', () => {
    const start = [created(f, '2023-05-10')];
    const paid = [...start, payment(start, 'p', '100.00', '2023-05-10')];
    const d = decide(project(paid), deB2cDefaultPolicy, '2025-01-10');
    expect(ofType([...d.events], 'time-barred')).toEqual([]);
    expect(ofType([...d.events], 'stage-entered').map((e) => e.stage)).toEqual(['reminder']);
  });
});

describe('decide: contact limits and rest days', () => {
  const f = facts();

  it('guard.contact-limit: 2 messages per 7 days per debtor across claims — the reminder waits until the window frees', () => {
    // The debtor got two messages on another claim on 01-18 and 01-21; the reminder is due 01-23.
    const contacts = [
      { date: '2025-01-18', channel: 'email', claimId: 'INV-2' },
      { date: '2025-01-21', channel: 'letter', claimId: 'INV-2' },
    ];
    const d = decide(project([created(f)]), deB2cDefaultPolicy, '2025-01-23', { recentContacts: contacts });
    expect(ofType([...d.events], 'stage-entered')).toEqual([]);
    // window of 01-25 is 01-19..01-25: only the 01-21 message → one more allowed
    expect(d.blocked).toEqual([expect.objectContaining({ rule: 'guard.contact-limit', stage: 'reminder', until: '2025-01-25' })]);
    expect(d.nextReviewAt).toBe('2025-01-25');
    const later = play([created(f)], deB2cDefaultPolicy, '2025-01-23', '2025-01-26', { contacts });
    expect(timeline(later)).toEqual(['2025-01-17 default calendar-date', '2025-01-25 stage reminder', '2025-01-25 message email reminder']);
  });

  it('guard.contact-limit: entries of the claim itself among the other claims\' contacts are not counted (its ledger has its messages)', () => {
    // Two messages in the window, but both name this claim (INV-1) and its ledger has none: the reminder goes out on 01-23.
    const first = { date: '2025-01-18', channel: 'email', claimId: 'INV-1' };
    const own = [first, { date: '2025-01-21', channel: 'letter', claimId: 'INV-1' }];
    const d = decide(project([created(f)]), deB2cDefaultPolicy, '2025-01-23', { recentContacts: own });
    expect(d.blocked).toEqual([]);
    expect(ofType([...d.events], 'stage-entered').map((e) => e.stage)).toEqual(['reminder']);
    // One of them on another claim, and the claim's own reminder of 01-23 in its ledger: 2 in the window of 01-24.
    // (The reminder went out on 01-23, as the outbox sends it: a stage waits for the send of the one before, guard.stage-waits-for-letter.)
    const mixed = [first, { date: '2025-01-21', channel: 'letter', claimId: 'INV-2' }];
    const reminder = ofType([...d.events], 'message-queued')[0] as ClaimEventOf<'message-queued'>;
    const events = [created(f), ...d.events, { type: 'message-sent' as const, claimId: 'INV-1', date: '2025-01-23', messageId: reminder.messageId, channel: reminder.channel }];
    const later = decide(project(events), { ...deB2cDefaultPolicy, stages: deB2cDefaultPolicy.stages.map((s) => (s.id === 'dunning-notice' ? { ...s, trigger: { after: 'previous-stage' as const, days: 1 } } : s)) }, '2025-01-24', {
      recentContacts: mixed,
    });
    expect(later.blocked).toEqual([expect.objectContaining({ rule: 'guard.contact-limit', stage: 'dunning-notice' })]);
  });

  const sms = schemaOnly({
    id: 'sms',
    version: 1,
    name: 'sms reminder',
    stages: [{ id: 'reminder', name: 'SMS', kind: 'reminder', trigger: { after: 'due-date', days: 3 }, actions: [{ type: 'send', channel: 'sms', template: 'reminder' }] }],
  });

  it('guard.no-sms-on-sundays-and-holidays: an SMS stage due on Sunday 2025-01-19 waits until Monday', () => {
    const g = facts({ debtor: { phone: '+4915112345678' } });
    const d = decide(project([created(g)]), sms, '2025-01-19');
    expect(d.blocked).toEqual([expect.objectContaining({ rule: 'guard.no-sms-on-sundays-and-holidays', until: '2025-01-20' })]);
    expect(d.nextReviewAt).toBe('2025-01-20');
    expect(timeline(play([created(g)], sms, '2025-01-19', '2025-01-20')).filter((l) => l.includes('stage'))).toEqual(['2025-01-20 stage reminder']);
  });

  it('… nor on a public holiday: Easter Monday 2025-04-21 → 04-22; Epiphany 2025-01-06 only where it is a holiday (BY, not BE)', () => {
    const easter = facts({ invoiceDate: '2025-04-01', dueDate: '2025-04-18' }); // Good Friday + 3 = Easter Monday
    expect(timeline(play([created(easter)], sms, '2025-04-19', '2025-04-23')).filter((l) => l.includes('stage'))).toEqual(['2025-04-22 stage reminder']);
    const by = facts({ invoiceDate: '2024-12-01', dueDate: '2025-01-03', debtor: { state: 'BY' } });
    const be = facts({ invoiceDate: '2024-12-01', dueDate: '2025-01-03', debtor: { state: 'BE' } });
    expect(timeline(play([created(by)], sms, '2025-01-06', '2025-01-07')).filter((l) => l.includes('stage'))).toEqual(['2025-01-07 stage reminder']);
    expect(timeline(play([created(be)], sms, '2025-01-06', '2025-01-07')).filter((l) => l.includes('stage'))).toEqual(['2025-01-06 stage reminder']);
  });
});

describe('decide: a policy changed in place is decided on its current stages', () => {
  // enterStage reads what a stage fixes for every claim (sends, deadline days, fee actions, reason
  // texts) from a plan made once per stage object; a host may change its policy object between two
  // decisions, and the second must follow the stage as it is then, not as it was planned.
  it('channel, fallback, name and a deadline added after a first decision show in the next one (same claim, same day)', () => {
    const policy = structuredClone(deB2cDefaultPolicy);
    const state = project([created(facts({ dueDateIsCalendarDate: false }))]);
    // Due 2025-01-16 + 7: the reminder, by e-mail with a letter as fallback, no deadline.
    const first = decide(state, policy, '2025-01-23');
    expect(ofType(first.events, 'message-queued').map((e) => [e.channel, e.fallbackChannel, e.reason?.text])).toEqual([
      ['email', 'letter', 'Message 1 of stage reminder by email (fallback letter).'],
    ]);
    expect(ofType(first.events, 'stage-entered')[0]?.deadline).toBeUndefined();

    const stage = policy.stages.find((s) => s.id === 'reminder');
    const send = stage?.actions.find((a) => a.type === 'send');
    if (stage === undefined || send?.type !== 'send') throw new Error('the built-in policy has a reminder that sends');
    send.channel = 'letter';
    delete send.fallbackChannel;
    stage.name = 'Erinnerung';
    const second = decide(state, policy, '2025-01-23');
    expect(ofType(second.events, 'message-queued').map((e) => [e.channel, e.fallbackChannel, e.reason?.text])).toEqual([['letter', undefined, 'Message 1 of stage reminder by letter.']]);
    expect(ofType(second.events, 'stage-entered')[0]?.reason?.text).toMatch(/^Stage reminder \(Erinnerung\) starts: /);

    // 2025-01-23 (Thu) + 10 = Sun 02-02; § 193 BGB moves the deadline to Mon 02-03.
    stage.actions.push({ type: 'set-deadline', days: 10 });
    const third = decide(state, policy, '2025-01-23');
    expect(ofType(third.events, 'stage-entered')[0]?.deadline).toBe('2025-02-03');
    expect(ofType(third.events, 'message-queued')[0]?.deadline).toBe('2025-02-03');
  });
});
