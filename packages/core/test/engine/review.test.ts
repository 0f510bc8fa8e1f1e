import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  decide,
  deB2cDefaultPolicy,
  failedCondition,
  money,
  nextReviewAt,
  nextStage,
  policySchema,
  project,
  renderPlainText,
  resolvePolicy,
  reviewCandidates,
  simulate,
  statement,
  type ClaimEvent,
} from '../../src/index.js';
import { stateAfterDecision } from '../../src/engine/decide.js';
import { messageSentEvent } from '../../src/engine/delivery-events.js';
import { nextReviewAfterSent } from '../../src/engine/review.js';
import { nextStageOf } from '../../src/engine/triggers.js';
import { compare } from '../../src/money/money.js';
import { statementFigures } from '../../src/ledger/statement.js';
import { evolve } from '../../src/ledger/project.js';
import { created, facts, play } from './helpers.js';

describe('nextReviewAt: the next day a claim needs a look', () => {
  const f = facts({ dueDateIsCalendarDate: false });

  it('a new claim: the reminder trigger (due 2025-01-16 + 7 = 01-23)', () => {
    expect(nextReviewAt(project([created(f)]), deB2cDefaultPolicy)).toBe('2025-01-23');
  });

  it('with a calendar due date the first day of default (2025-01-17) comes first', () => {
    const g = facts();
    expect(reviewCandidates(project([created(g)]), deB2cDefaultPolicy).map((c) => `${c.kind} ${c.date}`)).toEqual([
      'default 2025-01-17',
      'limitation 2029-01-03',
      'stage 2025-01-23',
    ]);
    expect(nextReviewAt(project([created(g)]), deB2cDefaultPolicy)).toBe('2025-01-17');
  });

  it('a hold with an end: the day after `until`; a hold without end and an open dispute: no stage day', () => {
    const base: ClaimEvent[] = [created(f)];
    const hold: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', until: '2025-02-14', interestRuns: true };
    expect(nextReviewAt(project([...base, hold]), deB2cDefaultPolicy)).toBe('2025-02-15');
    const endless: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', interestRuns: true };
    expect(reviewCandidates(project([...base, endless]), deB2cDefaultPolicy).map((c) => c.kind)).toEqual(['limitation']);
    const dispute: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'dispute-opened', disputeId: 'd' };
    expect(reviewCandidates(project([...base, dispute]), deB2cDefaultPolicy).map((c) => c.kind)).toEqual(['limitation']);
    // The limitation alone: its day is the next review (2028-12-31 is a Sunday, 2029-01-01 a holiday:
    // the period ends on 2029-01-02 under § 193 BGB, the claim is looked at the day after).
    expect(nextReviewAt(project([...base, endless]), deB2cDefaultPolicy)).toBe('2029-01-03');
    expect(nextReviewAt(project([...base, dispute]), deB2cDefaultPolicy)).toBe('2029-01-03');
    // A due date no other test uses: its limitation is not remembered yet, only its bound (the end of 2028).
    const h = facts({ invoiceDate: '2025-04-15', dueDate: '2025-04-29', dueDateIsCalendarDate: false });
    const held: ClaimEvent = { ...endless, claimId: h.id };
    expect(nextReviewAt(project([created(h), held]), deB2cDefaultPolicy)).toBe('2029-01-03');
  });

  it("decide with a horizon: the limitation's day when it can come on or before the horizon, else a day after the horizon without working the limitation out", () => {
    // A due date no other test uses: its limitation is not remembered (bound: the end of 2028).
    const h = facts({ invoiceDate: '2025-05-06', dueDate: '2025-05-20', dueDateIsCalendarDate: false });
    const held: ClaimEvent = { claimId: h.id, date: '2025-05-21', type: 'hold-placed', holdId: 'h', note: 'n', interestRuns: true };
    const state = project([created(h), held]);
    // First, while the claim's limitation is not known yet (once worked out it is remembered, and
    // then answered exactly with or without a horizon).
    const near = decide(state, deB2cDefaultPolicy, '2025-06-02', { horizon: '2025-12-31' });
    expect(near.nextReviewAt).toBe('2029-01-01'); // the day after the bound: after the horizon
    const far = decide(state, deB2cDefaultPolicy, '2025-06-02', { horizon: '2029-06-30' });
    expect(far.nextReviewAt).toBe('2029-01-03');
    const plain = decide(state, deB2cDefaultPolicy, '2025-06-02');
    expect(plain.nextReviewAt).toBe('2029-01-03');
    expect(near.events).toEqual(plain.events);
  });

  it('an installment plan: the check day of the next unpaid installment (due, § 193 BGB, + 5 grace days, § 193 BGB, + 1)', () => {
    const plan: ClaimEvent = {
      claimId: f.id,
      date: '2025-01-20',
      type: 'installment-plan-agreed',
      planId: 'p',
      installments: [
        { dueDate: '2025-02-01', amount: '500.00' },
        { dueDate: '2025-03-01', amount: '500.00' },
      ],
    };
    const kinds = reviewCandidates(project([created(f), plan]), deB2cDefaultPolicy).map((c) => `${c.kind} ${c.date}`);
    // Sat 02-01 → payable Mon 02-03 (§ 193 BGB) + 5 = Sat 02-08 → last day Mon 02-10 → check day 02-11; the reminder
    // waits for the plan's last installment: Sat 03-01 → Mon 03-03 + 5 = Sat 03-08 → Mon 03-10, + 1 = 03-11
    expect(kinds).toEqual(['installment 2025-02-11', 'limitation 2029-01-03', 'stage 2025-03-11']);
  });

  it('none for a settled claim', () => {
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-01-10', {
      on: { '2025-01-10': [{ claimId: f.id, date: '2025-01-10', type: 'adjustment', kind: 'credit-note', amount: '1000.00' }] },
    });
    expect(project(events).status).toBe('settled');
    expect(nextReviewAt(project(events), deB2cDefaultPolicy)).toBeNull();
  });
});

describe('stage conditions (skipped when they fail)', () => {
  const policy = policySchema.parse({
    id: 'cond',
    version: 1,
    name: 'conditions',
    stages: [
      { id: 'vip', name: 'VIP call', kind: 'reminder', trigger: { after: 'due-date', days: 3 }, conditions: { tagsAny: ['vip'] }, actions: [] },
      { id: 'big', name: 'big', kind: 'reminder', trigger: { after: 'due-date', days: 5 }, conditions: { minAmount: '5000' }, actions: [] },
      { id: 'normal', name: 'normal', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, conditions: { debtorKind: 'consumer', maxScore: '0.5' }, actions: [] },
    ],
  });

  it('the first stage whose conditions hold is next; the skipped ones are named with the failing condition', () => {
    const f = facts({ score: '0.3' });
    const state = project([created(f)]);
    const c = nextStage(state, policy, statement(state, '2025-01-20').total);
    expect(c?.stage.id).toBe('normal');
    expect(c?.triggerDate).toBe('2025-01-23');
    expect(c?.skipped).toEqual([
      { stage: 'vip', failed: 'tagsAny' },
      { stage: 'big', failed: 'minAmount' },
    ]);
    expect(failedCondition({ maxScore: '0.5' }, facts({ score: '0.7' }), money('1', 'EUR'))).toBe('maxScore');
    expect(failedCondition({ tagsNone: ['vip'] }, facts({ tags: ['vip'] }), money('1', 'EUR'))).toBe('tagsNone');
  });

  it('the amount bounds read from a statement\'s figures (as integers) decide as they do against its total as Money', () => {
    // Bounds with up to four decimals around the balances of claims of 1.00–9999.99 with interest
    // and costs of a year: equal, one unit below and above at several scales.
    const bound = fc.tuple(fc.bigInt({ min: 0n, max: 2_000_000_000n }), fc.integer({ min: 0, max: 4 })).map(([v, d]) => {
      const t = v.toString().padStart(d + 1, '0');
      return d === 0 ? t : `${t.slice(0, t.length - d)}.${t.slice(t.length - d)}`;
    });
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 999_999 }), fc.integer({ min: 0, max: 400 }), fc.option(bound), fc.option(bound), fc.integer({ min: -1, max: 1 }), (cents, days, min, max, nudge) => {
        const f = facts({ principal: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, score: '0.3' });
        const events = play([created(f)], deB2cDefaultPolicy, f.invoiceDate, addDays(f.invoiceDate, Math.min(days, 120)));
        const state = project(events);
        const day = addDays(f.invoiceDate, days);
        const figures = statementFigures(state, day);
        // A bound at the balance itself (nudged by a cent), and the random ones.
        const at = money(figures.total.amount.plus(nudge / 100).toFixed(), 'EUR').amount.toFixed();
        const base = policySchema.parse({ id: 'b', version: 1, name: 'b', stages: [{ id: 's', name: 's', kind: 'reminder', trigger: { after: 'due-date', days: 1 }, actions: [] }] });
        for (const conditions of [{ minAmount: at }, { maxAmount: at }, { ...(min === null ? {} : { minAmount: min }), ...(max === null ? {} : { maxAmount: max }) }]) {
          // (Bounds with more decimals than a policy file may write: the engine compares any exact amount.)
          const p = { ...base, stages: [{ ...(base.stages[0] as (typeof base.stages)[number]), conditions }] };
          // The engine's route (the figures' integer total) and the public one (the total as Money).
          const fromFigures = nextStageOf(state, p, () => ({ value: figures.totalScaled, scale: figures.sums.scale }), undefined, true, state.lastEventDate, state.facts.debtor.state);
          const fromMoney = nextStage(state, p, figures.total);
          expect(fromFigures).toEqual(fromMoney);
          expect(fromFigures?.skipped ?? null).toEqual(fromMoney?.skipped ?? null);
          // Both against decimal.js's comparison of the total with each bound (the oracle).
          const oracle =
            conditions.minAmount !== undefined && compare(figures.total, money(conditions.minAmount, 'EUR')) < 0
              ? 'minAmount'
              : conditions.maxAmount !== undefined && compare(figures.total, money(conditions.maxAmount, 'EUR')) > 0
                ? 'maxAmount'
                : null;
          expect(failedCondition(conditions, f, figures.total)).toBe(oracle);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('checks the conditions in order, the amounts against the one balance: currency, minAmount, maxAmount, debtor kind, tags, score', () => {
    const f = facts({ score: '0.3' }); // EUR, consumer, no tags
    const range = { minAmount: '10.00', maxAmount: '100.00' };
    expect(failedCondition(range, f, money('9.99', 'EUR'))).toBe('minAmount');
    expect(failedCondition(range, f, money('10.00', 'EUR'))).toBeNull(); // the bounds themselves hold
    expect(failedCondition(range, f, money('100.00', 'EUR'))).toBeNull();
    expect(failedCondition(range, f, money('100.01', 'EUR'))).toBe('maxAmount');
    // A balance handed over in another currency is read in the claim's currency (the amount as it is).
    expect(failedCondition(range, f, money('5.00', 'USD'))).toBe('minAmount');
    // The currency is checked before the amounts, the amounts before the debtor kind, that before the tags.
    expect(failedCondition({ currency: 'USD', minAmount: '1000.00' }, f, money('5.00', 'EUR'))).toBe('currency');
    expect(failedCondition({ minAmount: '1000.00', debtorKind: 'business' }, f, money('5.00', 'EUR'))).toBe('minAmount');
    expect(failedCondition({ maxAmount: '1000.00', debtorKind: 'business', tagsAny: ['vip'] }, f, money('5.00', 'EUR'))).toBe('debtorKind');
    expect(failedCondition({ tagsAny: ['vip'], minScore: '0.5' }, f, money('5.00', 'EUR'))).toBe('tagsAny');
    expect(failedCondition({ tagsNone: ['vip'], minScore: '0.5' }, f, money('5.00', 'EUR'))).toBe('minScore');
    expect(failedCondition({}, f, money('0.00', 'EUR'))).toBeNull();
    expect(failedCondition(undefined, f, money('0.00', 'EUR'))).toBeNull();
  });
});

describe('renderPlainText: the default renderer of the core', () => {
  it('writes the statement lines with their legal basis, the total, the deadline and the payment link (de and en)', () => {
    const f = facts({ reference: 'RE-1' });
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-02-28');
    const st = statement(project(events), '2025-02-28');
    const de = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, deadline: '2025-03-14', paymentLink: 'https://pay/x' });
    expect(de.subject).toBe('Mahnung: RE-1');
    expect(de.text).toContain('Guten Tag Erika Muster,');
    expect(de.text).toContain('§ 288 Abs. 1 BGB');
    expect(de.text).toContain('14.03.2025');
    expect(de.text).toContain('https://pay/x');
    const en = renderPlainText({ template: 'x/reminder', channel: 'email', locale: 'en', claim: f, statement: st });
    expect(en.subject).toBe('Payment reminder: RE-1');
    expect(en.text).toContain('Total open amount');
  });
});

describe("decide's next review day is the earliest review candidate of the state after the decision", () => {
  // decide works out the candidates itself and leaves out what cannot come first (the limitation up
  // to the end of the third year after the claim arose); the day must be the one the public
  // reviewCandidates give for the state after the decision: the earliest candidate, at least the
  // next day, with a stage postponed by a guard (Sunday rest, contact limit) replaced by its day.
  // (The limitation results the run remembers are reused here; decide.test.ts checks the days for
  // limitations not worked out before.)
  it('on every decision point of simulated books, and with a dispute opened at their end (claims from 2021, 2022 and 2025: limitations that end before, after and long after the run)', () => {
    const policyFor = (kind: 'consumer' | 'business') => resolvePolicy('auto', kind);
    let compared = 0;
    for (const seed of [1, 2, 3]) {
      const claims = Array.from({ length: 9 }, (_, i) => {
        const invoiceDate = addDays(i % 3 === 0 ? '2025-01-02' : i % 3 === 1 ? '2022-11-01' : '2021-03-01', (seed * 7 + i * 11) % 40);
        return {
          id: `R${seed}-${i}`,
          debtor: { id: `d${i}`, kind: (i % 3 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
          principal: `${200 + i * 37}.50`,
          currency: 'EUR',
          invoiceDate,
          dueDate: addDays(invoiceDate, 14),
        };
      });
      const result = simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-02-20', seed, behaviour: { model: { payAfterMessage: 0.15, partialShare: 0.5, disputeAfterMessage: 0.1, payWithinDays: [2, 20] } } });
      for (const c of result.claims) {
        const events = [...c.events];
        const policy = policyFor(c.facts.debtor.kind);
        // Every prefix, and the whole ledger with a dispute opened at its end (no stage day: the
        // limitation can be the only candidate).
        const ledgers = events.map((_, k) => events.slice(0, k + 1));
        const lastDay = (events[events.length - 1] as ClaimEvent).date;
        ledgers.push([...events, { type: 'dispute-opened', claimId: c.id, date: lastDay, disputeId: 'probe' } as ClaimEvent]);
        for (const ledger of ledgers) {
          const state = project(ledger);
          const last = (ledger[ledger.length - 1] as ClaimEvent).date;
          for (const today of [last < '2025-01-01' ? '2025-01-01' : last, addDays(last < '2025-01-01' ? '2025-01-01' : last, 17)]) {
            const d = decide(state, policy, today);
            const after = stateAfterDecision(state, d);
            const postponed = d.blocked.find((b) => (b.rule === 'guard.no-sms-on-sundays-and-holidays' || b.rule === 'guard.contact-limit') && b.until !== undefined)?.until;
            let candidates = reviewCandidates(after, policy, {}, today);
            if (postponed !== undefined) candidates = [...candidates.filter((x) => x.kind !== 'stage'), { date: postponed, kind: 'postponed' }];
            const tomorrow = addDays(today, 1);
            const expected = ['settled', 'written-off', 'time-barred'].includes(after.status)
              ? null
              : candidates.map((x) => (x.date > today ? x.date : tomorrow)).reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
            expect(d.nextReviewAt).toBe(expected);
            // With a horizon (simulate's last day) the events are the same, and so is the review
            // day when it can come on or before the horizon; after it, the day may be any later one.
            for (const horizon of ['2025-02-20', '2027-06-30']) {
              const h = decide(state, policy, today, { horizon });
              expect(h.events).toEqual(d.events);
              if (expected === null || expected <= horizon) expect(h.nextReviewAt).toBe(expected);
              else expect(h.nextReviewAt !== null && h.nextReviewAt > horizon).toBe(true);
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

describe('the next review day after the sent messages of a decision (simulate\'s delivery)', () => {
  // nextReviewAfterSent works out only the default again (a sent notice's receipt can start it); the
  // day must be the one the full review of the state with the message-sent events gives (as simulate
  // worked it out before): the earlier of the decision's day and that review's day, if after today.
  it('on every decision point of simulated books that queues messages, with all of them sent that day', () => {
    let compared = 0;
    let moved = 0;
    for (const seed of [1, 2, 3, 4]) {
      const claims = Array.from({ length: 9 }, (_, i) => {
        const invoiceDate = addDays(i % 3 === 0 ? '2025-01-02' : i % 3 === 1 ? '2022-11-01' : '2021-03-01', (seed * 7 + i * 11) % 40);
        return {
          id: `S${seed}-${i}`,
          debtor: { id: `d${i}`, kind: (i % 3 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
          principal: `${200 + i * 37}.50`,
          currency: 'EUR',
          invoiceDate,
          dueDate: addDays(invoiceDate, 14),
        };
      });
      const result = simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-03-20', seed, behaviour: { model: { payAfterMessage: 0.15, partialShare: 0.5, disputeAfterMessage: 0.1, payWithinDays: [2, 20] } } });
      for (const c of result.claims) {
        const events = [...c.events];
        const policy = resolvePolicy('auto', c.facts.debtor.kind);
        for (let k = 0; k < events.length; k++) {
          const ledger = events.slice(0, k + 1);
          const state = project(ledger);
          const last = (ledger[ledger.length - 1] as ClaimEvent).date;
          for (const today of [last < '2025-01-01' ? '2025-01-01' : last, addDays(last < '2025-01-01' ? '2025-01-01' : last, 17)]) {
            const d = decide(state, policy, today);
            const queued = d.events.filter((e) => e.type === 'message-queued');
            if (queued.length === 0) continue;
            let sent = stateAfterDecision(state, d);
            for (const q of queued) sent = evolve(sent, messageSentEvent(c.id, q.messageId, q.channel, today));
            const full = nextReviewAt(sent, policy, {});
            const expected = full !== null && full > today && (d.nextReviewAt === null || full < d.nextReviewAt) ? full : d.nextReviewAt;
            const got = nextReviewAfterSent(sent, policy, {}, today, d.nextReviewAt);
            expect(got).toBe(expected);
            compared++;
            if (got !== d.nextReviewAt) moved++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
    // Some sent notices do start default before the decision's day (else the test proves little).
    expect(moved).toBeGreaterThan(0);
  });
});
