import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  checkInvariants,
  deB2cDefaultPolicy,
  definePolicy,
  money,
  nextReviewAt,
  project,
  type ClaimEvent,
  type DecideContext,
  type IsoDate,
} from '../../src/index.js';
import { installmentLastDay } from '../../src/engine/installment-agreement.js';
import { created, facts, ofType, play } from './helpers.js';

// § 193 BGB for an installment's due date (installmentLastDay in engine/installment-agreement.ts, the one rule every
// check of an installment reads: installmentCheck for decide and the review, installmentPlanKeptUntil for the
// escalation guard and the kept plan's end, checkInvariants). An installment due on a Saturday, a Sunday or a public
// holiday at the place of performance (the debtor's federal state, §§ 269, 270 Abs. 4 BGB; else the context's) may be
// paid on the next business day: paid then it is in time — no installment-missed, no Terminverlust
// (installment-plan-defaulted). The policy's grace days count from that business day, and their end moves again when
// it falls on such a day (docs/legal-notes.md, "An installment due on a Saturday, Sunday or holiday").
//
// The claim (helpers.ts facts): a consumer's 1,000.00 EUR, due Thu 2025-01-16 (agreed calendar date, default from
// 01-17); plan agreed Mon 2025-01-20 before any stage (the reminder would come on 01-23), so the plan holds escalation.

const noGrace = definePolicy({ ...deB2cDefaultPolicy, id: 'installment-193-no-grace', installmentGraceDays: 0 });

function planOf(claimId: string, installments: readonly { readonly dueDate: IsoDate; readonly amount: string }[]): ClaimEvent {
  return { type: 'installment-plan-agreed', claimId, date: '2025-01-20', planId: 'p', installments: [...installments] };
}

/** A payment on its value day, allocated as the engine books it. */
const pays =
  (paymentId: string, amount: string, date: IsoDate) =>
  (events: readonly ClaimEvent[]): ClaimEvent[] => [allocateIncomingPayment(project(events), { paymentId, amount: money(amount, 'EUR'), date })];

/** Plays decide from the plan's day to `to` with the payments given; returns "day missed index" / "day defaulted" lines. */
function run(
  installments: readonly { readonly dueDate: IsoDate; readonly amount: string }[],
  payments: readonly { readonly day: IsoDate; readonly amount: string }[],
  to: IsoDate,
  options: { readonly state?: 'BY' | 'BE'; readonly context?: DecideContext; readonly policy?: typeof noGrace } = {},
): { lines: string[]; events: ClaimEvent[] } {
  const f = facts(options.state === undefined ? {} : { debtor: { state: options.state } });
  const on: Record<IsoDate, (events: readonly ClaimEvent[]) => ClaimEvent[]> = {};
  payments.forEach((p, n) => (on[p.day] = pays(`pay-${n + 1}`, p.amount, p.day)));
  const events = play([created(f), planOf(f.id, installments)], options.policy ?? noGrace, '2025-01-20', to, { on, ...(options.context ? { context: options.context } : {}) });
  const lines = events.flatMap((e) =>
    e.type === 'installment-missed' ? [`${e.date} missed ${e.index}`] : e.type === 'installment-plan-defaulted' ? [`${e.date} defaulted`] : [],
  );
  return { lines, events };
}

describe('§ 193 BGB: an installment due on a Saturday may be paid on the Monday (installmentLastDay, rule installment.missed)', () => {
  const plan = [
    { dueDate: '2025-05-31', amount: '500.00' },
    { dueDate: '2025-06-30', amount: '500.00' },
  ] as const;

  it('due Sat 2025-05-31, grace 0, paid Mon 06-02: in time — no miss (without § 193 BGB: missed on Sun 06-01)', () => {
    // Last day: Sat 05-31 → Mon 06-02 (§ 193 BGB); check day Tue 06-03: 500.00 paid of 500.00 due.
    const { lines } = run(plan, [{ day: '2025-06-02', amount: '500.00' }], '2025-06-20');
    expect(lines).toEqual([]);
  });

  it('unpaid: missed on Tue 06-03, the day after the Monday, and the reason names the day it was payable by (§ 193 BGB)', () => {
    const { lines, events } = run(plan, [], '2025-06-10');
    expect(lines).toEqual(['2025-06-03 missed 0']);
    const missed = ofType(events, 'installment-missed')[0];
    expect(missed?.reason?.basis).toBe('§ 311 Abs. 1 BGB (installment agreement); § 193 BGB');
    expect(missed?.reason?.inputs).toMatchObject({ dueDate: '2025-05-31', payableOn: '2025-06-02', graceDays: 0, paid: '0.00', due: '500.00' });
    expect(missed?.reason?.text).toBe(
      'Installment 1 of 500.00 was due on 2025-05-31, payable on 2025-06-02 (§ 193 BGB); by 2025-06-02 (grace 0 days) 0.00 of 500.00 due so far was paid.',
    );
  });

  it('the review looks at the plan on Tue 06-03, not on Sun 06-01', () => {
    const { events } = run(plan, [], '2025-05-20');
    expect(nextReviewAt(project(events), noGrace, {}, '2025-05-20')).toBe('2025-06-03');
  });

  it('no Terminverlust: two installments due on a weekend (Sat 05-31, Sun 06-29), each paid on the Monday — no miss, the plan is not declared defaulted and holds escalation to its end (installmentsMissedToDefault 2)', () => {
    // Sat 05-31 → Mon 06-02; Sun 06-29 → Mon 06-30. Without § 193 BGB: missed 06-01 and 06-30, the plan declared
    // defaulted on 06-30 and the Mahnung sent that day.
    const weekend = [
      { dueDate: '2025-05-31', amount: '500.00' },
      { dueDate: '2025-06-29', amount: '500.00' },
    ] as const;
    // The installments count payments: 500.00 + 500.00 by 06-30 keeps the plan (the default interest left open is
    // asked for after its end, keptPlanRemainder — not before 07-01).
    const { lines, events } = run(
      weekend,
      [
        { day: '2025-06-02', amount: '500.00' },
        { day: '2025-06-30', amount: '500.00' },
      ],
      '2025-07-05',
    );
    expect(lines).toEqual([]);
    expect(ofType(events, 'stage-entered').map((e) => `${e.date} ${e.stage}`).filter((l) => l < '2025-07-01')).toEqual([]);
    expect(checkInvariants(events, noGrace)).toEqual([]);
  });
});

describe('§ 193 BGB with public holidays: Good Friday and Easter Monday nationwide, Fronleichnam only where it is one (the debtor’s state)', () => {
  it('due Good Friday 2025-04-18, grace 0: payable Tue 04-22 (Sat, Sun and Easter Monday 04-21 between) — paid then, in time; unpaid, missed Wed 04-23', () => {
    const plan = [{ dueDate: '2025-04-18', amount: '1000.00' }] as const;
    expect(run(plan, [{ day: '2025-04-22', amount: '1000.00' }], '2025-04-30').lines).toEqual([]);
    expect(run(plan, [], '2025-04-30').lines).toEqual(['2025-04-23 missed 0']);
  });

  it('checkInvariants reads the same last day: a stage entered on Tue 04-22 breaks guard.no-escalation-during-installment-plan (the plan holds through 04-22), one on 04-23 does not', () => {
    // Unpaid, the single installment of Good Friday is missed on 04-23 and escalation resumes that day with the reminder.
    const { events } = run([{ dueDate: '2025-04-18', amount: '1000.00' }], [], '2025-04-23');
    const stage = ofType(events, 'stage-entered')[0];
    expect(stage?.date).toBe('2025-04-23');
    expect(checkInvariants(events, noGrace)).toEqual([]);
    // The same stage dated Tue 04-22, the last day the debtor could pay in time (§ 193 BGB): escalation during the
    // plan. Without § 193 BGB the plan ended on Good Friday and nothing was reported.
    const early = events.map((e) => (e === stage ? { ...e, date: '2025-04-22' } : e));
    expect(checkInvariants(early, noGrace).map((r) => `${r.guard} ${r.message}`)).toContain(
      'guard.no-escalation-during-installment-plan stage-entered on 2025-04-22 while an installment plan is kept (until 2025-04-22).',
    );
  });

  it('due Thu 2025-06-19 (Fronleichnam), grace 0, paid Fri 06-20: in time in Bavaria (BY), missed on 06-20 in Berlin (BE, a business day there)', () => {
    const plan = [
      { dueDate: '2025-06-19', amount: '500.00' },
      { dueDate: '2025-07-21', amount: '500.00' },
    ] as const;
    const paid = [{ day: '2025-06-20' as IsoDate, amount: '500.00' }];
    expect(run(plan, paid, '2025-06-30', { state: 'BY' }).lines).toEqual([]);
    expect(run(plan, paid, '2025-06-30', { state: 'BE' }).lines).toEqual(['2025-06-20 missed 0']);
    // A debtor without a state: the context's state counts (holidayState), as for the engine's other § 193 deadlines.
    expect(run(plan, paid, '2025-06-30', { context: { state: 'BY' } }).lines).toEqual([]);
    expect(run(plan, paid, '2025-06-30').lines).toEqual(['2025-06-20 missed 0']);
  });
});

describe('§ 193 BGB and the grace days: counted from the business day the installment was payable by, the end moved again (de-b2c-default: 5 days)', () => {
  it('installmentLastDay by hand', () => {
    // Sat 05-31 → payable Mon 06-02; + 5 = Sat 06-07 → Sun 06-08 → Whit Monday 06-09 (a holiday) → Tue 06-10.
    expect(installmentLastDay('2025-05-31', 5, undefined)).toEqual({ payableOn: '2025-06-02', lastDay: '2025-06-10' });
    // Fri 05-30 is a business day: + 5 = Wed 06-04, nothing moves.
    expect(installmentLastDay('2025-05-30', 5, undefined)).toEqual({ payableOn: '2025-05-30', lastDay: '2025-06-04' });
    // Sun 05-25 → Mon 05-26; + 5 = Sat 05-31 → Mon 06-02 (the demo book's RE-00001 third installment).
    expect(installmentLastDay('2025-05-25', 5, undefined)).toEqual({ payableOn: '2025-05-26', lastDay: '2025-06-02' });
    // Grace 0: the last day is the day it was payable by. Thu 06-19: Fronleichnam in BY, not in BE.
    expect(installmentLastDay('2025-06-19', 0, 'BY')).toEqual({ payableOn: '2025-06-20', lastDay: '2025-06-20' });
    expect(installmentLastDay('2025-06-19', 0, 'BE')).toEqual({ payableOn: '2025-06-19', lastDay: '2025-06-19' });
  });

  it('due Sat 05-31, grace 5: paid Tue 06-10 in time; unpaid, missed Wed 06-11 (without § 193 BGB: last day Thu 06-05, missed Fri 06-06)', () => {
    const plan = [
      { dueDate: '2025-05-31', amount: '500.00' },
      { dueDate: '2025-07-31', amount: '500.00' },
    ] as const;
    expect(run(plan, [{ day: '2025-06-10', amount: '500.00' }], '2025-06-20', { policy: deB2cDefaultPolicy }).lines).toEqual([]);
    expect(run(plan, [], '2025-06-20', { policy: deB2cDefaultPolicy }).lines).toEqual(['2025-06-11 missed 0']);
  });
});
