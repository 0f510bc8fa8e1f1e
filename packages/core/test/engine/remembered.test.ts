import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, computeLimitation, decide, deB2cDefaultPolicy, determineDefault, evolve, holidayState, noticeReceipts, project, resolvePolicy, reviewCandidates, simulate, type ClaimState, type LimitationInput } from '../../src/index.js';
import { stateAfterDecision } from '../../src/engine/decide.js';
import { limitationNotBefore } from '../../src/law/de/limitation.js';
import { claimLimitation, currentStageIndex, defaultFromLedger, ledgerDefaultKept, limitationInput, limitationInputKept, limitationEndOfClaim, limitationEndOrBound, limitationKey, limitationOfClaim } from '../../src/engine/triggers.js';
import type { ClaimEvent, Policy } from '../../src/index.js';
import { created, facts, play } from './helpers.js';

// What the engine remembers to avoid computing twice must answer exactly what computing again
// would: the state after a decision (the fold of its events with evolve) and the limitation of an
// input (§§ 195, 199, 204, 212 BGB through computeLimitation).

/** `state` with a `message-sent` for each message `events` queued, on its day (what the dispatcher records; a deadline runs from the letter, so the next stage waits for it). */
function sentSameDay(state: ClaimState, events: readonly ClaimEvent[]): ClaimState {
  for (const e of events) if (e.type === 'message-queued') state = evolve(state, { type: 'message-sent', claimId: e.claimId, date: e.date, messageId: e.messageId, channel: e.channel });
  return state;
}

describe('stateAfterDecision: the state decide folded, reused by a driver that appends the decision', () => {
  it('equals folding the decision events with evolve, over a claim decided day after day', () => {
    let state: ClaimState = project([created(facts())]);
    let steps = 0;
    for (let day = '2025-01-17'; day <= '2025-06-30'; day = addDays(day, 1)) {
      const decision = decide(state, deB2cDefaultPolicy, day);
      let folded = state;
      for (const event of decision.events) folded = evolve(folded, event);
      const reused = stateAfterDecision(state, decision);
      expect(reused).toEqual(folded);
      if (decision.events.length > 0) steps++;
      // The day's letters go out, as the dispatcher sends them: the next stage waits for the send of a deadline-setting one.
      state = sentSameDay(reused, decision.events);
    }
    expect(steps).toBeGreaterThan(3); // reminder, notices, default …: the loop saw real decisions
  });

  it('folds again when asked for another state than the one decided on (nothing wrong is reused)', () => {
    const state = project([created(facts())]);
    const decision = decide(state, deB2cDefaultPolicy, '2025-02-20');
    expect(decision.events.length).toBeGreaterThan(0);
    const other = project([created(facts())]); // equal, but not the same state
    let folded = other;
    for (const event of decision.events) folded = evolve(folded, event);
    const after = stateAfterDecision(other, decision);
    expect(after).toEqual(folded);
    expect(after).not.toBe(stateAfterDecision(state, decision));
  });
});

describe('claimLimitation: computeLimitation remembered by its input', () => {
  const inputs: LimitationInput[] = [
    { arose: '2025-01-16' },
    { arose: '2025-01-16', acknowledgedOn: ['2025-03-01'] },
    { arose: '2025-01-16', acknowledgedOn: ['2025-03-01', '2026-02-02'] },
    { arose: '2025-01-16', tolling: [{ from: '2025-05-02', to: '2025-05-02', kind: 'court-dunning' }] },
    { arose: '2025-01-16', tolling: [{ from: '2025-05-02', to: '2025-07-01', kind: 'court-dunning' }] },
    { arose: '2025-01-16', titledOn: '2025-09-30' },
    { arose: '2025-01-16', state: 'BY' },
    { arose: '2025-12-30', apply193: false },
    { arose: '2025-12-30' },
  ];

  it('answers what computeLimitation answers for each input, also when asked again after all the others (no input is taken for another)', () => {
    for (const input of inputs) expect(claimLimitation(input)).toEqual(computeLimitation(input));
    for (const input of [...inputs].reverse()) expect(claimLimitation(input)).toEqual(computeLimitation(input));
    // The inputs lead to different answers, so a memo that mixed two of them up would fail above.
    expect(new Set(inputs.map((input) => JSON.stringify(computeLimitation(input)))).size).toBeGreaterThan(5);
  });
});

describe('limitationEndOrBound, limitationEndOfClaim, limitationOfClaim: the limitation remembered per claim while its input stays the same', () => {
  // Simulated books long enough for payments (acknowledgements, § 212 BGB) and court dunning
  // (suspension, § 204 BGB: its input changes every day while it runs). Every state of a claim shares
  // the claim's facts object, so the memo of the claim is asked for the inputs of all its states, in
  // an order fast-check picks (forwards, backwards, jumping): each answer must be what working it out
  // afresh gives, and the next review day of every decision what a claim never seen before gets.
  const books = [1, 2].map((seed) => {
    const claims = Array.from({ length: 8 }, (_, i) => {
      const invoiceDate = addDays(i % 2 === 0 ? '2025-01-02' : '2022-06-01', (seed * 5 + i * 13) % 40);
      return {
        id: `L${seed}-${i}`,
        debtor: { id: `d${i}`, kind: (i % 3 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
        principal: `${300 + i * 41}.25`,
        currency: 'EUR',
        invoiceDate,
        dueDate: addDays(invoiceDate, 14),
      };
    });
    return simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-10-31', seed, behaviour: { model: { payAfterMessage: 0.2, partialShare: 0.6, disputeAfterMessage: 0.05, payWithinDays: [2, 30] } } }).claims;
  });
  const points = books.flat().flatMap((c) => {
    const events = [...c.events];
    const policy = resolvePolicy('auto', c.facts.debtor.kind);
    return events.map((_, k) => ({ events, k, policy }));
  });

  it('answers for every state and day of the books what computeLimitation and limitationNotBefore answer afresh, in any order', () => {
    let tolled = 0;
    let acknowledged = 0;
    let full = 0;
    fc.assert(
      fc.property(fc.shuffledSubarray(points, { minLength: Math.min(60, points.length) }), (picked) => {
        for (const { events, k } of picked) {
          const state = project(events.slice(0, k + 1));
          const last = state.lastEventDate;
          for (const day of [last, addDays(last, 17), addDays(last, 1500)]) {
            const input = limitationInput(state, day);
            if (input.tolling !== undefined) tolled++;
            if (input.acknowledgedOn !== undefined) acknowledged++;
            const fresh = computeLimitation(structuredClone(input));
            const found = limitationEndOrBound(state.facts, input);
            if ('end' in found) {
              full++;
              expect(found.end).toBe(fresh.expiresAt);
            } else {
              expect(found.notBefore).toBe(limitationNotBefore(structuredClone(input)));
              expect(fresh.expiresAt >= found.notBefore).toBe(true);
            }
            // The end alone first or the full result first (each remembered, each from the other).
            if (k % 2 === 0) expect(limitationEndOfClaim(state.facts, input)).toBe(fresh.expiresAt);
            expect(limitationOfClaim(state.facts, input)).toEqual(fresh);
            expect(limitationEndOfClaim(state.facts, input)).toBe(fresh.expiresAt);
            expect(limitationEndOrBound(state.facts, input)).toEqual({ end: fresh.expiresAt });
          }
        }
      }),
      { numRuns: 6 },
    );
    expect(tolled).toBeGreaterThan(0); // court dunning reached
    expect(acknowledged).toBeGreaterThan(0); // payments seen
    expect(full).toBeGreaterThan(0);
  });

  it('decide\'s next review day is the earliest review candidate of the state it ends with, worked out afresh (nothing the decision knew reused), at every decision point', () => {
    // What decide reuses for its review (the default on the ledger, the limitation input) must not
    // change the day: the oracle is reviewCandidates of the decided state, on a new facts object,
    // each day moved to tomorrow when not after today (decisions that postponed a stage left out).
    let compared = 0;
    let queued = 0;
    for (const { events, k, policy } of points) {
      const state = project(events.slice(0, k + 1));
      const last = state.lastEventDate;
      for (const today of [last, addDays(last, 3), addDays(last, 40), addDays(last, 150)]) {
        const d = decide(state, policy, today);
        if (d.blocked.some((b) => b.until !== undefined)) continue;
        const after = project(structuredClone([...events.slice(0, k + 1), ...d.events]));
        const tomorrow = addDays(today, 1);
        const days = reviewCandidates(after, policy, {}, today).map((c) => (c.date > today ? c.date : tomorrow)); // none for a settled, written-off or time-barred claim
        const expected = days.length === 0 ? null : days.reduce((a, b) => (b < a ? b : a));
        expect({ today, got: d.nextReviewAt }).toEqual({ today, got: expected });
        compared++;
        if (d.events.some((e) => e.type === 'message-queued')) queued++;
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(queued).toBeGreaterThan(20); // decisions that queue notices (the default reused after them)
  });

  it('decide gives every decision point the next review day a claim never decided before gets', () => {
    let compared = 0;
    for (const { events, k, policy } of points) {
      const state = project(events.slice(0, k + 1));
      const fresh = (): ClaimState => project(structuredClone(events.slice(0, k + 1))); // new facts object: nothing remembered for it
      const last = state.lastEventDate;
      for (const today of [last, addDays(last, 3), addDays(last, 150)]) {
        expect(decide(state, policy, today).nextReviewAt).toBe(decide(fresh(), policy, today).nextReviewAt);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

describe('defaultFromLedger: the notice that starts default is the first of noticeReceipts on or after the due date (§ 286 Abs. 1 BGB)', () => {
  // The oracle: the list of receipts (sorted by receipt day), its first entry on or after the due
  // date, and determineDefault with that receipt — what defaultFromLedger is specified to answer.
  it('at every state of simulated books, also with the last sent message reported bounced, a later due date, and letters taking 3 or 0 days', () => {
    let beforeDue = 0;
    let bounceMattered = 0;
    let withNotice = 0;
    for (const seed of [3, 4]) {
      const claims = Array.from({ length: 10 }, (_, i) => {
        const invoiceDate = addDays('2025-01-02', (seed * 3 + i * 7) % 30);
        return {
          id: `N${seed}-${i}`,
          debtor: { id: `d${i}`, kind: (i % 4 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
          principal: `${150 + i * 23}.00`,
          currency: 'EUR',
          invoiceDate,
          dueDate: addDays(invoiceDate, 14),
        };
      });
      const result = simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-05-31', seed, behaviour: { model: { payAfterMessage: 0.1, partialShare: 0.5, disputeAfterMessage: 0.05, payWithinDays: [5, 25] } } });
      for (const c of result.claims) {
        const events = [...c.events];
        const base = resolvePolicy('auto', c.facts.debtor.kind);
        for (let k = 0; k < events.length; k++) {
          // Without the events of default (the question is when it begins), so that later notices count too.
          const ledger = events.slice(0, k + 1).filter((e) => e.type !== 'default-began');
          const lastSent = [...ledger].reverse().find((e) => e.type === 'message-sent');
          const bounce: ClaimEvent[] =
            lastSent !== undefined && lastSent.type === 'message-sent'
              ? [{ claimId: c.id, date: lastSent.date, type: 'message-bounced', messageId: lastSent.messageId, channel: lastSent.channel, error: '550' }]
              : [];
          for (const later of [0, 40]) {
            for (const policy of [base, { ...base, letterDeliveryDays: 0 }]) {
              const answers: string[] = [];
              for (const extra of [[], bounce]) {
                const variant = structuredClone([...ledger, ...extra]); // new facts object: nothing remembered for it
                const created = variant[0] as ClaimEvent & { type: 'claim-created' };
                (created.claim as { dueDate: string }).dueDate = addDays(created.claim.dueDate, later);
                const state = project(variant);
                const receipts = noticeReceipts(state, policy);
                const notice = receipts.find((r) => r.receivedOn >= state.facts.dueDate) ?? null;
                if (receipts.some((r) => r.receivedOn < state.facts.dueDate)) beforeDue++;
                if (notice !== null) withNotice++;
                const f = state.facts;
                const invoiceReceivedOn = addDays(f.invoiceDate, policy.letterDeliveryDays);
                const expected = determineDefault({
                  debtor: f.debtor.kind,
                  claimKind: f.claimKind,
                  dueDate: f.dueDate,
                  dueDateAgreed: f.dueDateAgreed,
                  dueDateIsCalendarDate: f.dueDateIsCalendarDate,
                  invoiceReceivedOn,
                  invoicePointedOut30DayRule: f.invoicePointedOut30DayRule,
                  reminderReceivedOn: notice?.receivedOn,
                  state: holidayState(state),
                });
                const got = defaultFromLedger(state, policy);
                expect(got).toEqual(expected === null ? null : { result: expected, notice: expected.route === 'reminder' ? notice : null, invoiceReceivedOn });
                answers.push(JSON.stringify(got));
              }
              if (bounce.length > 0 && answers[0] !== answers[1]) bounceMattered++;
            }
          }
        }
      }
    }
    expect(withNotice).toBeGreaterThan(20);
    expect(beforeDue).toBeGreaterThan(5); // notices received before the (later) due date: they must not count
    expect(bounceMattered).toBeGreaterThan(5); // a bounced notice does not start default
  });
});

describe('ledgerDefaultKept: events after which the default on the ledger is what it was', () => {
  it('is true only when defaultFromLedger answers the same, over the events of simulated books folded one to three at a time', () => {
    let kept = 0;
    let changed = 0;
    const result = simulate({ claims: Array.from({ length: 8 }, (_, i) => ({ id: `K${i}`, debtor: { id: `d${i}`, kind: (i % 3 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `D ${i}`, email: `d${i}@example.org` }, principal: `${200 + i * 17}.00`, currency: 'EUR', invoiceDate: addDays('2025-01-02', i * 3), dueDate: addDays('2025-01-16', i * 3) })), policy: 'auto', from: '2025-01-01', to: '2025-05-31', seed: 9, behaviour: { model: { payAfterMessage: 0.1, partialShare: 0.5, disputeAfterMessage: 0.05, payWithinDays: [5, 25] } } });
    for (const c of result.claims) {
      // Without the events of default, so that notices sent later still count.
      const events = c.events.filter((e) => e.type !== 'default-began');
      const policy = resolvePolicy('auto', c.facts.debtor.kind);
      for (let k = 1; k < events.length; k++) {
        for (let j = 1; j <= 3 && k + j <= events.length; j++) {
          const ledger = structuredClone(events.slice(0, k + j));
          const before = project(ledger.slice(0, k));
          let after = before;
          for (const e of ledger.slice(k)) after = evolve(after, e);
          if (ledgerDefaultKept(before, after, ledger, k)) {
            kept++;
            expect(defaultFromLedger(after, policy)).toEqual(defaultFromLedger(project(structuredClone(ledger.slice(0, k))), policy));
          } else changed++;
        }
      }
    }
    expect(kept).toBeGreaterThan(50);
    expect(changed).toBeGreaterThan(20); // sent notices
  });

  it('is false for a message queued again under the id of a message already sent (its receipt may now count), and for other facts', () => {
    const events = play([created(facts({ dueDateAgreed: false }))], deB2cDefaultPolicy, '2025-01-17', '2025-02-20');
    const before = project(events);
    const sent = events.find((e) => e.type === 'message-sent');
    const queued = events.find((e) => e.type === 'message-queued');
    expect(sent).toBeDefined();
    if (sent?.type !== 'message-sent' || queued?.type !== 'message-queued') return;
    const again: ClaimEvent = { ...queued, messageId: sent.messageId, date: before.lastEventDate };
    expect(ledgerDefaultKept(before, evolve(before, again), [again], 0)).toBe(false);
    const fresh: ClaimEvent = { ...queued, messageId: 'not-sent', date: before.lastEventDate };
    expect(ledgerDefaultKept(before, evolve(before, fresh), [fresh], 0)).toBe(true);
    const other = project(structuredClone(events));
    expect(ledgerDefaultKept(before, other, [], 0)).toBe(false);
  });
});

describe('limitationInputKept: a decision that leaves the limitation input as it was', () => {
  // The limitation input reads the facts, acknowledgements (payments, plans, promises), the court
  // dunning filing and the title; the events of a stage (stage-entered, fees, messages) touch none.
  const days = ['2025-02-01', '2025-06-30', '2026-03-01'];
  const keys = (state: ClaimState): string[] => days.map((d) => limitationKey(limitationInput(state, d)));

  it('is true only when the input of every day is the same, over a claim decided day after day', () => {
    let state: ClaimState = project([created(facts())]);
    let kept = 0;
    let changed = 0;
    for (let day = '2025-01-17'; day <= '2025-09-30'; day = addDays(day, 1)) {
      const decision = decide(state, deB2cDefaultPolicy, day);
      const after = stateAfterDecision(state, decision);
      if (decision.events.length > 0) {
        if (limitationInputKept(state, after, decision.events, 0)) {
          kept++;
          expect(keys(after)).toEqual(keys(state));
        } else changed++;
      }
      state = sentSameDay(after, decision.events);
    }
    expect(kept).toBeGreaterThan(2); // stages seen, with their events
    expect(changed).toBeGreaterThan(0); // the court dunning filing changes the input
  });

  it('is false when a payment (an acknowledgement, § 212 Abs. 1 Nr. 1 BGB) is folded in, whose input differs', () => {
    const before = project([created(facts())]);
    const payment: ClaimEvent = {
      type: 'payment-received',
      claimId: 'INV-1',
      date: '2025-03-03',
      paymentId: 'p1',
      amount: '100.00',
      allocation: { costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '0.00' },
    };
    const after = evolve(before, payment);
    expect(limitationInputKept(before, after, [payment], 0)).toBe(false);
    expect(keys(after)).not.toEqual(keys(before));
    // Folded from an index past the payment, nothing acknowledges: only the events from `from` on count.
    expect(limitationInputKept(after, after, [payment], 1)).toBe(true);
  });
});

describe('defaultFromLedger: the last answer for a claim reused only for the same delivery days, holiday state and notice', () => {
  it.each([
    // A consumer invoice without an agreed calendar date: default comes from the receipt of the dunning notice.
    ['the receipt of a notice', facts({ dueDateAgreed: false, invoicePointedOut30DayRule: false })],
    // A business debtor: the 30-day rule runs from the invoice's receipt (invoice date + delivery days), or a notice comes first.
    ['the 30-day rule or a notice', facts({ dueDateAgreed: false, debtor: { kind: 'business' } })],
    // An agreed calendar due date on Epiphany, a public holiday in Bavaria only: § 193 BGB moves it there.
    ['a calendar due date', facts({ invoiceDate: '2024-12-20', dueDate: '2025-01-06' })],
  ])('answers for each policy and each state what a claim never asked before answers (%s)', (_, claim) => {
    const start = [created(claim)];
    const events = play(start, deB2cDefaultPolicy, '2025-01-17', '2025-03-15');
    const quick: Policy = { ...deB2cDefaultPolicy, letterDeliveryDays: 0 };
    const fresh = (upTo: number): ClaimState => project(structuredClone(events.slice(0, upTo))); // new facts object: nothing remembered
    const answers = new Set<string>();
    const remembered = project(events.slice(0, 1));
    for (let upTo = 1; upTo <= events.length; upTo++) {
      const state = upTo === 1 ? remembered : project(events.slice(0, upTo));
      // The same facts object in every state of the claim (project keeps the claim-created event's facts).
      // One thing changed from each call to the next: the delivery days, or the holiday state.
      const bavaria = { state: 'BY' as const };
      for (const [policy, context] of [
        [deB2cDefaultPolicy, {}],
        [quick, {}],
        [quick, bavaria],
        [deB2cDefaultPolicy, bavaria],
        [deB2cDefaultPolicy, {}],
      ] as const) {
        const got = defaultFromLedger(state, policy, context);
        expect(got).toEqual(defaultFromLedger(fresh(upTo), policy, context));
        answers.add(JSON.stringify(got));
      }
    }
    expect(answers.size).toBeGreaterThan(2); // no notice yet, then a notice received on different days by policy
  });
});

describe('currentStageIndex: the index of the first stage with the claim\'s stage id, found by a map per policy', () => {
  // The rule: the first stage whose id is the claim's stage (a new policy version with inserted
  // stages still finds it), else the recorded index; -1 before the first stage.
  const oracle = (state: ClaimState, policy: Policy): number => {
    if (state.stage === null) return -1;
    const byId = policy.stages.findIndex((s) => s.id === state.stage);
    return byId >= 0 ? byId : state.stageIndex;
  };
  const stage = (id: string) => ({ ...(deB2cDefaultPolicy.stages[0] as Policy['stages'][number]), id });
  const policies: Policy[] = [
    deB2cDefaultPolicy,
    { ...deB2cDefaultPolicy, stages: [stage('inserted'), ...deB2cDefaultPolicy.stages] },
    { ...deB2cDefaultPolicy, stages: [...deB2cDefaultPolicy.stages.slice(0, 2), stage('reminder'), ...deB2cDefaultPolicy.stages.slice(2)] }, // a duplicate id after the first
    { ...deB2cDefaultPolicy, stages: [stage('dunning-notice'), ...deB2cDefaultPolicy.stages] }, // a duplicate id before the first
    { ...deB2cDefaultPolicy, stages: deB2cDefaultPolicy.stages.slice(1) }, // the claim's first stage removed
  ];

  it('answers what searching the stages answers, for every stage of a claim and policies with inserted, duplicate and removed stages', () => {
    const events = play([created(facts())], deB2cDefaultPolicy, '2025-01-17', '2025-09-30');
    const seen = new Set<string>();
    for (let upTo = 1; upTo <= events.length; upTo++) {
      const state = project(events.slice(0, upTo));
      for (const policy of policies) {
        expect(currentStageIndex(state, policy)).toBe(oracle(state, policy));
        seen.add(`${state.stage}:${oracle(state, policy)}`);
      }
    }
    expect(seen.size).toBeGreaterThan(8);
  });

  it('a stage list changed after it was first asked for (against the rules) is searched again', () => {
    const state = project(play([created(facts())], deB2cDefaultPolicy, '2025-01-17', '2025-03-01'));
    expect(state.stage).not.toBeNull();
    const stages = [...deB2cDefaultPolicy.stages];
    const policy: Policy = { ...deB2cDefaultPolicy, stages };
    expect(currentStageIndex(state, policy)).toBe(oracle(state, policy));
    stages.unshift(stage('inserted'));
    expect(currentStageIndex(state, policy)).toBe(oracle(state, policy));
  });
});
