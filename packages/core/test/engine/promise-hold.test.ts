import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  deB2cDefaultPolicy,
  decide,
  escalationBlock,
  policySchema,
  project,
  promiseHolds,
  promiseWouldHold,
  simulate,
  type Channel,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type OutgoingMessage,
} from '../../src/index.js';
import { installmentLastDay } from '../../src/engine/installment-agreement.js';
import { created, ofType } from './helpers.js';
import { memoryStore } from './memory-store.js';
import { strangerFacts } from './stranger-claim.js';

// Rule guard.no-escalation-during-promise (stranger pass F1): a promise to pay holds escalation —
// no new stage, so no fee, no hand-over, no message of a stage — from the day it is made through
// its `by` + the policy's promiseGraceDays (default 5). It is no deferral: default interest runs on
// (§§ 286, 288 BGB). After the hold the claim is settled if paid in full, else escalation resumes
// from its stage (a stage whose waiting time passed is due at once). The portal's promise form
// tells the debtor "Bis dahin senden wir keine weitere Mahnung" (packages/portal/src/messages.ts).
// § 193 BGB moves the promised day and the end of the grace days off a Saturday, Sunday or holiday
// (the rule of an installment's last day; promise-section-193.test.ts): the stranger's by Tue 2025-05-20
// + 5 = Sun 05-25 → the hold runs through Mon 05-26.

const RULE = 'guard.no-escalation-during-promise';


function recordingChannel(name: string): Channel & { sent: OutgoingMessage[] } {
  const ch = {
    specificationVersion: 'v1' as const,
    name,
    sent: [] as OutgoingMessage[],
    canReach: () => true,
    send(message: OutgoingMessage) {
      if (!ch.sent.some((m) => m.id === message.id)) ch.sent.push(message);
      return Promise.resolve({ providerMessageId: `${name}-${message.id}` });
    },
  };
  return ch;
}

/**
 * The stranger's repro through the host API: runDue every day from the invoice date to `to`; on
 * 2025-05-05 (before the run, as the portal books it) the promise of 160.00 by 2025-05-20 when
 * `promise`, and on `payDay` a payment of `pay` ('full': amountDueInFull of that day).
 */
async function strangerRun(options: { promise: boolean; payDay?: IsoDate; pay?: string | 'full'; to?: IsoDate }) {
  const clock = { date: '2025-03-03' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const store = memoryStore();
  const mw = createMahnwerk({ store, clock, policy: 'auto', channels: [recordingChannel('email'), recordingChannel('letter')] });
  await mw.createClaim(strangerFacts);
  for (let day: IsoDate = '2025-03-03'; day <= (options.to ?? '2025-06-30'); day = addDays(day, 1)) {
    clock.date = day;
    if (options.promise && day === '2025-05-05') await mw.recordPromise({ claimId: 'A', amount: '160.00', by: '2025-05-20' });
    if (options.payDay === day && options.pay !== undefined) {
      const amount = options.pay === 'full' ? (await mw.amountDueInFull('A', day)).amount.toFixed(2) : options.pay;
      await mw.recordPayment({ claimId: 'A', amount });
    }
    await mw.runDue(day);
  }
  return { mw, events: store.allEvents() };
}

const stageDays = (events: readonly ClaimEvent[]): string[] => ofType(events, 'stage-entered').map((e) => `${e.date} ${e.stage}`);
const collectionCosts = (events: readonly ClaimEvent[]) => ofType(events, 'fee-charged').filter((f) => f.kind === 'collection-costs');

describe(`${RULE}: the stranger's repro (consumer 249.90, promise on 2025-05-05 to pay 160.00 by 2025-05-20)`, () => {
  it('without the promise: hand-over on 2025-05-15 with collection costs 52.92 (the stranger\'s timeline, unchanged)', async () => {
    // Checked by hand (stranger-findings.md "Consumer hand-over"): value 249.90 ≤ 500, RVG table 2021
    // (mandate before 2025-06-01): 0.9 × 49.00 = 44.10; Nr. 7002 VV RVG 20 % = 8.82; 52.92.
    const { events } = await strangerRun({ promise: false, to: '2025-05-31' });
    expect(stageDays(events)).toContain('2025-05-15 handover');
    expect(collectionCosts(events).map((f) => `${f.date} ${f.amount}`)).toEqual(['2025-05-15 52.92']);
  });

  it('with the promise and no payment: no stage, fee or message from 2025-05-05 through 2025-05-26 (by Tue 05-20 + 5 days of grace = Sun 05-25 → Mon 05-26, § 193 BGB); the hand-over on 2025-05-27, its reason naming the broken promise', async () => {
    const { events } = await strangerRun({ promise: true, to: '2025-06-10' });
    const held = events.filter((e) => e.date >= '2025-05-05' && e.date <= '2025-05-26');
    expect(held.filter((e) => e.type === 'stage-entered' || e.type === 'fee-charged' || e.type === 'message-queued' || e.type === 'handed-over')).toEqual([]);
    // The hand-over's trigger day (2025-05-15) passed during the hold: it is due at once on the first day after it.
    expect(stageDays(events)).toContain('2025-05-27 handover');
    // Same figure as without the promise: the mandate is still before 2025-06-01 (table 2021), value 249.90.
    expect(collectionCosts(events).map((f) => `${f.date} ${f.amount}`)).toEqual(['2025-05-27 52.92']);
    const handover = ofType(events, 'stage-entered').find((e) => e.stage === 'handover');
    expect(handover?.reason?.inputs).toMatchObject({ promiseBroken: '2025-05-20', promisedAmount: '160.00', promisePaid: '0.00', promiseHeldUntil: '2025-05-26' });
    expect(handover?.reason?.text).toContain('the promise of 2025-05-05 to pay 160.00 EUR by 2025-05-20 was not kept (0.00 paid by 2025-05-26');
  });

  it('with the promise and the claim paid in full on 2025-05-19: settled, never handed over, no collection costs', async () => {
    const { mw, events } = await strangerRun({ promise: true, payDay: '2025-05-19', pay: 'full', to: '2025-06-30' });
    expect(ofType(events, 'settled').map((e) => e.date)).toEqual(['2025-05-19']);
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(collectionCosts(events)).toEqual([]);
    expect((await mw.claim('A'))?.status).toBe('settled');
  });

  it('the promised 160.00 paid on 2025-05-19 but not the rest: the promise was kept, the hold still ends on 2025-05-26 and the hand-over follows on 2025-05-27 (no broken-promise note)', async () => {
    const { events } = await strangerRun({ promise: true, payDay: '2025-05-19', pay: '160.00', to: '2025-06-10' });
    expect(stageDays(events)).toContain('2025-05-27 handover');
    const handover = ofType(events, 'stage-entered').find((e) => e.stage === 'handover');
    expect(handover?.reason?.inputs?.['promiseBroken']).toBeUndefined();
  });

  it('a partial payment (50.00 of the 160.00) does not extend the hold: hand-over on 2025-05-27, the note says 50.00 paid', async () => {
    const { events } = await strangerRun({ promise: true, payDay: '2025-05-12', pay: '50.00', to: '2025-06-10' });
    expect(stageDays(events)).toContain('2025-05-27 handover');
    const handover = ofType(events, 'stage-entered').find((e) => e.stage === 'handover');
    expect(handover?.reason?.inputs).toMatchObject({ promiseBroken: '2025-05-20', promisePaid: '50.00' });
  });

  it('default interest runs across the hold (a promise is no deferral, § 288 Abs. 1 BGB): 3.43 EUR on 2025-05-25, the same as without the promise', async () => {
    // By hand: in default from 2025-03-18 (due date 2025-03-17 agreed, § 286 Abs. 2 Nr. 1 BGB) through
    // 2025-05-25: 14 (March) + 30 (April) + 25 (May) = 69 days at 2.27 % + 5 pp = 7.27 % (§ 288 Abs. 1
    // BGB, base rate 2.27 % from 2025-01-01): 249.90 × 0.0727 × 69 / 365 = 3.4344… → 3.43 EUR.
    const withPromise = await strangerRun({ promise: true, to: '2025-05-25' });
    const without = await strangerRun({ promise: false, to: '2025-05-25' });
    const a = await withPromise.mw.statement('A', '2025-05-25');
    const b = await without.mw.statement('A', '2025-05-25');
    expect(a.interest.amount.toFixed(2)).toBe('3.43');
    expect(b.interest.amount.toFixed(2)).toBe('3.43');
  });

  it('simulate gets the same rule (one decider): the scripted promise holds the hand-over until 2025-05-27', () => {
    const run = (script: boolean) =>
      simulate({
        claims: [strangerFacts],
        policy: 'auto',
        from: '2025-03-03',
        to: '2025-06-10',
        behaviour: { script: script ? [{ type: 'promise', claimId: 'A', date: '2025-05-05', amount: '160.00', by: '2025-05-20' }] : [] },
        seed: 1,
      });
    const handOver = (r: ReturnType<typeof run>) => r.events.filter((e) => e.type === 'handed-over').map((e) => e.date);
    expect(handOver(run(false))).toEqual(['2025-05-15']);
    expect(handOver(run(true))).toEqual(['2025-05-27']);
  });
});

// The rules of promiseHolds on a ledger of its own (no driver): dates checked by counting days.
const base: ClaimFacts = { ...strangerFacts, id: 'P' };
const promise = (date: IsoDate, by: IsoDate, amount = '100.00'): ClaimEvent => ({ type: 'promise-to-pay', claimId: 'P', date, amount, by });

describe(`${RULE}: promiseHolds (second promises, broken promises, grace)`, () => {
  it('the hold runs from the promise day through by + promiseGraceDays (default 5; 0 allowed), an end on a Sunday moved to the Monday (§ 193 BGB)', () => {
    // by Tue 2025-05-20 + 5 = Sun 05-25 → Mon 05-26; grace 0: Tue 05-20 itself.
    const state = project([created(base), promise('2025-05-05', '2025-05-20')]);
    expect(promiseHolds(state, 5).holds.map((h) => `${h.from}..${h.until}`)).toEqual(['2025-05-05..2025-05-26']);
    expect(promiseHolds(state, 0).holds.map((h) => `${h.from}..${h.until}`)).toEqual(['2025-05-05..2025-05-20']);
    expect(escalationBlock(state, '2025-05-26', 0, 5)?.rule).toBe(RULE);
    expect(escalationBlock(state, '2025-05-26', 0, 5)?.until).toBe('2025-05-27');
    expect(escalationBlock(state, '2025-05-27', 0, 5)).toBeNull();
    expect(escalationBlock(state, '2025-05-04', 0, 5)).toBeNull();
  });

  it('a second promise while one holds extends the hold (the later date wins) — once: a third moves nothing', () => {
    const state = project([created(base), promise('2025-05-05', '2025-05-20'), promise('2025-05-18', '2025-06-01'), promise('2025-05-30', '2025-06-20')]);
    const { holds } = promiseHolds(state, 5);
    // The second promise's by Sun 2025-06-01 → Mon 06-02 (§ 193 BGB) + 5 = Sat 06-07 → Sun 06-08, Whit Monday 06-09 → Tue 06-10.
    expect(holds.map((h) => `${h.from}..${h.until} by ${h.promise.by}`)).toEqual(['2025-05-05..2025-06-10 by 2025-06-01']);
    expect(holds[0]?.notExtending.map((p) => p.by)).toEqual(['2025-06-20']);
  });

  it('a promise after a broken one holds nothing until a stage was entered since; then it holds again', () => {
    const broken = [created(base), promise('2025-05-05', '2025-05-20')];
    const again = promise('2025-05-27', '2025-06-10');
    const s1 = project([...broken, again]);
    // The first hold ends Mon 2025-05-26 (Tue 05-20 + 5 = Sun 05-25 → Mon); the second runs by Tue 06-10 + 5 = Sun 06-15 → Mon 06-16.
    expect(promiseHolds(s1, 5).notHolding.map((n) => `${n.promise.date} after ${n.brokenUntil}`)).toEqual(['2025-05-27 after 2025-05-26']);
    expect(escalationBlock(s1, '2025-05-28', 0, 5)).toBeNull();
    const stage: ClaimEvent = { type: 'stage-entered', claimId: 'P', date: '2025-05-27', stage: 'handover', stageIndex: 3 };
    const s2 = project([...broken, stage, again]);
    expect(promiseHolds(s2, 5).holds.map((h) => `${h.from}..${h.until}`)).toEqual(['2025-05-05..2025-05-26', '2025-05-27..2025-06-16']);
  });

  it('"since" is counted on the ledger: the stage the new promise\'s own day brings, entered after it, does not make it hold afterwards', () => {
    // The random-book differential test found it (seed 218635578): the claim's second promise, made
    // after the first was broken, held nothing, so the same day's decision entered the final notice.
    // Read again with that stage on the ledger, the promise "held" (a stage on its day counted as
    // entered since the broken one): the host's delivery deferred the final notice's letter to the
    // end of that hold, while simulate sent it the day the stage was booked.
    const broken = [created(base), promise('2025-05-05', '2025-05-20')];
    const again = promise('2025-05-27', '2025-06-10');
    const stageAfter: ClaimEvent = { type: 'stage-entered', claimId: 'P', date: '2025-05-27', stage: 'handover', stageIndex: 3 };
    const state = project([...broken, again, stageAfter]);
    expect(promiseHolds(state, 5).holds.map((h) => `${h.from}..${h.until}`)).toEqual(['2025-05-05..2025-05-26']);
    expect(promiseHolds(state, 5).notHolding.map((n) => n.promise.date)).toEqual(['2025-05-27']);
    expect(escalationBlock(state, '2025-05-27', 0, 5)).toBeNull();
    // A stage entered on the same day before the promise counts (the promise then holds).
    const stageBefore: ClaimEvent = { ...stageAfter };
    expect(promiseHolds(project([...broken, stageBefore, again]), 5).holds.map((h) => `${h.from}..${h.until}`)).toEqual(['2025-05-05..2025-05-26', '2025-05-27..2025-06-16']);
  });

  it('a kept promise does not bar the next one', () => {
    const pay: ClaimEvent = {
      type: 'payment-received',
      claimId: 'P',
      date: '2025-05-19',
      paymentId: 'pay-1',
      amount: '100.00',
      allocation: { costs: '0.00', interest: '3.00', principal: '97.00', unapplied: '0.00' },
    } as ClaimEvent;
    const state = project([created(base), promise('2025-05-05', '2025-05-20'), pay, promise('2025-05-27', '2025-06-10')]);
    expect(promiseHolds(state, 5).holds.map((h) => h.from)).toEqual(['2025-05-05', '2025-05-27']);
  });

  it('promiseGraceDays is validated like the other policy settings: an integer 0–14, default 5', () => {
    const p = { ...deB2cDefaultPolicy };
    expect(policySchema.parse({ ...p, promiseGraceDays: undefined }).promiseGraceDays).toBe(5);
    expect(policySchema.safeParse({ ...p, promiseGraceDays: 15 }).success).toBe(false);
    expect(policySchema.safeParse({ ...p, promiseGraceDays: -1 }).success).toBe(false);
    expect(policySchema.safeParse({ ...p, promiseGraceDays: 2.5 }).success).toBe(false);
    expect(policySchema.parse({ ...p, promiseGraceDays: 0 }).promiseGraceDays).toBe(0);
  });
});

describe(`${RULE}: property — no stage, fee or escalation message while a promise holds`, () => {
  it('for any principal, promise day, promised date and grace, the daily decisions enter no stage and charge no fee within the hold', () => {
    const policy = deB2cDefaultPolicy;
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 900_000 }),
        fc.integer({ min: 14, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 14 }),
        (cents, promiseAfterDue, byAfter, grace) => {
          const facts: ClaimFacts = { ...base, principal: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` };
          const pol = { ...policy, promiseGraceDays: grace };
          const promiseDay = addDays(facts.dueDate, promiseAfterDue);
          const by = addDays(promiseDay, byAfter);
          // The hold's last day by the one rule (§ 193 BGB on by and on the end of the grace days; nationwide holidays).
          const until = installmentLastDay(by, grace, undefined).lastDay;
          let events: ClaimEvent[] = [created(facts)];
          for (let day: IsoDate = facts.invoiceDate; day <= addDays(until, 20); day = addDays(day, 1)) {
            if (day === promiseDay) events = [...events, promise(day, by, '10.00')];
            const d = decide(project(events), pol, day);
            events = [...events, ...d.events];
          }
          const within = events.filter((e) => e.date >= promiseDay && e.date <= until);
          expect(within.filter((e) => e.type === 'stage-entered' || e.type === 'fee-charged' || e.type === 'message-queued' || e.type === 'handed-over' || e.type === 'court-dunning-filed')).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe(`${RULE}: promiseWouldHold (what the portal asks before it says "Bis dahin senden wir keine weitere Mahnung")`, () => {
  it('a first promise holds; a second during the hold extends it; a third to a later day would not; one after a broken promise would not', () => {
    const s0 = project([created(base)]);
    expect(promiseWouldHold(s0, '2025-05-05', '2025-05-20', 5)).toBe(true);
    const s1 = project([created(base), promise('2025-05-05', '2025-05-20')]);
    expect(promiseWouldHold(s1, '2025-05-18', '2025-06-01', 5)).toBe(true);
    const s2 = project([created(base), promise('2025-05-05', '2025-05-20'), promise('2025-05-18', '2025-06-01')]);
    expect(promiseWouldHold(s2, '2025-05-30', '2025-06-03', 5)).toBe(true); // within the extended hold (until Tue 2025-06-10: by Sun 06-01 → Mon 06-02 + 5 = Sat 06-07 → Whit Monday 06-09 → Tue)
    expect(promiseWouldHold(s2, '2025-05-30', '2025-06-20', 5)).toBe(false);
    expect(promiseWouldHold(s1, '2025-05-27', '2025-06-10', 5)).toBe(false); // broken: its hold ended Mon 2025-05-26, no stage since
  });
});
