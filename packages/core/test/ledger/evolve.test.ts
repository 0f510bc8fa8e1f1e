import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, evolve, initialState, project, simulate, statement, type ClaimEvent, type ClaimFacts, type ClaimState, type Statement } from '../../src/index.js';
import { evolveAll, statementKey } from '../../src/ledger/project.js';

// The Decider's evolve (ledger/project.ts): one event folded into a state. project(events) must be
// exactly the fold of evolve over the ledger, and evolve must never change the state it was given
// (states are shared: statement() remembers its last result by state identity).

function book(seed: number, count: number): ClaimFacts[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `E${i + 1}`,
    debtor: { id: `d${i % 3}`, kind: i % 2 === 0 ? 'consumer' : 'business', name: `Debtor ${i}`, email: `d${i}@example.org` },
    principal: `${100 + ((seed * 37 + i * 101) % 4900)}.${String((seed + i) % 100).padStart(2, '0')}`,
    currency: 'EUR',
    invoiceDate: addDays('2025-01-02', (seed + i * 13) % 60),
    dueDate: addDays('2025-01-16', (seed + i * 13) % 60),
  }));
}

function ledgers(seed: number): ClaimEvent[][] {
  const result = simulate({
    claims: book(seed, 5),
    policy: 'auto',
    from: '2025-01-01',
    to: '2025-12-31',
    seed,
    behaviour: { model: { payAfterMessage: 0.4, partialShare: 0.5, disputeAfterMessage: 0.2, payWithinDays: [2, 20] } },
  });
  return result.claims.map((c) => [...c.events]);
}

describe('evolve: one event at a time (Decider shape)', () => {
  it('project(events) equals initialState(events[0]) folded with evolve over the rest, for every prefix of simulated ledgers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        for (const events of ledgers(seed)) {
          let state = initialState(events[0] as ClaimEvent);
          for (let i = 1; i < events.length; i++) {
            state = evolve(state, events[i] as ClaimEvent);
            if (i % 7 === 0 || i === events.length - 1) expect(state).toEqual(project(events.slice(0, i + 1)));
          }
        }
      }),
      { numRuns: 8 },
    );
  });

  it('evolve leaves the state it was given unchanged (lists are copied when an event touches them)', () => {
    const events = ledgers(7).reduce((a, b) => (b.length > a.length ? b : a));
    const states: ClaimState[] = [initialState(events[0] as ClaimEvent)];
    const snapshots: string[] = [JSON.stringify({ ...states[0], feeKindsCharged: [...(states[0] as ClaimState).feeKindsCharged] })];
    for (let i = 1; i < events.length; i++) {
      const next = evolve(states[i - 1] as ClaimState, events[i] as ClaimEvent);
      states.push(next);
      snapshots.push(JSON.stringify({ ...next, feeKindsCharged: [...next.feeKindsCharged] }));
    }
    states.forEach((s, i) => {
      expect(JSON.stringify({ ...s, feeKindsCharged: [...s.feeKindsCharged] })).toBe(snapshots[i]);
      expect(s.events).toHaveLength(i + 1);
    });
    expect(events.length).toBeGreaterThan(8);
  });

  it('statements of evolved states equal those of the projected ledger: a state evolved by an event a statement does not read (stage, message, dispute, plan, hand-over) answers with the statement remembered for the state before, and that is the right one', () => {
    const figures = (s: Statement): string[] => [s.principal, s.interest, s.costs, s.total, s.interestAccrued, s.unapplied].map((m) => m.amount.toFixed()).concat(String(s.lines.length));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        for (const events of ledgers(seed)) {
          let state = initialState(events[0] as ClaimEvent);
          for (let i = 1; i < events.length; i++) {
            const day = (events[i] as ClaimEvent).date;
            // Ask before the event (so a result is remembered), then after it, on the same days.
            const days = [day, addDays(day, 9)].filter((d) => d >= state.facts.invoiceDate);
            for (const d of days) statement(state, d);
            state = evolve(state, events[i] as ClaimEvent);
            const fresh = project(events.slice(0, i + 1));
            for (const d of days) expect(figures(statement(state, d))).toEqual(figures(statement(fresh, d)));
          }
        }
      }),
      { numRuns: 4 },
    );
  });

  it('evolve refuses what project refuses, naming the event by its ledger position: a second claim-created is events[n]', () => {
    const events = ledgers(3)[0] as ClaimEvent[];
    const state = project(events);
    expect(() => evolve(state, events[0] as ClaimEvent)).toThrow(`events[${events.length}].type`);
  });

  it('evolveAll folds a run of events into the state evolve gives event by event (same state, same statement key), leaving the given state unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 6 }), (seed, run) => {
        for (const events of ledgers(seed)) {
          for (let start = 1; start < events.length; start += run) {
            const before = project(events.slice(0, start));
            const key = statementKey(before);
            const snapshot = JSON.stringify({ ...before, feeKindsCharged: [...before.feeKindsCharged] });
            const slice = events.slice(start, start + run);
            let stepwise = before;
            for (const e of slice) stepwise = evolve(stepwise, e);
            const all = evolveAll(before, events.slice(0, start + run), start);
            expect(all).toEqual(stepwise);
            expect(all).toEqual(project(events.slice(0, start + run)));
            // The statement key passes on exactly when evolve's chain passes it on.
            expect(statementKey(all) === key).toBe(statementKey(stepwise) === key);
            expect(JSON.stringify({ ...before, feeKindsCharged: [...before.feeKindsCharged] })).toBe(snapshot);
          }
        }
      }),
      { numRuns: 6 },
    );
  });

  it("a state's statement key is its own: not seen by a spread, Object.keys, JSON or deep equality, not shared by a copy, and a frozen state has one too", () => {
    const events = ledgers(5)[0] as ClaimEvent[];
    const state = project(events);
    const keys = Object.keys(state);
    const json = JSON.stringify({ ...state, feeKindsCharged: [...state.feeKindsCharged] });
    const key = statementKey(state);
    expect(statementKey(state)).toBe(key);
    expect(Object.keys(state)).toEqual(keys);
    expect(JSON.stringify({ ...state, feeKindsCharged: [...state.feeKindsCharged] })).toBe(json);
    // A copy (a host's spread, a deserialised state) is another state: a key of its own, the same statements.
    const copy = { ...state } as ClaimState;
    expect(copy).toStrictEqual(project(events));
    expect(statementKey(copy)).not.toBe(key);
    const day = addDays(state.lastEventDate, 30);
    expect(statement(copy, day).total).toEqual(statement(state, day).total);
    // A state a host froze cannot carry the key: it is kept beside it, once per state.
    const frozen = Object.freeze({ ...state }) as ClaimState;
    const frozenKey = statementKey(frozen);
    expect(statementKey(frozen)).toBe(frozenKey);
    expect(frozenKey).not.toBe(key);
    expect(statement(frozen, day).total).toEqual(statement(state, day).total);
    // evolve passes a frozen state's key on to the next state over a statement-neutral event.
    const sent = events.find((e) => e.type === 'message-sent');
    if (sent !== undefined) {
      const before = Object.freeze(project(events.slice(0, events.indexOf(sent)))) as ClaimState;
      const k = statementKey(before);
      expect(statementKey(evolve(before, sent))).toBe(k);
    }
  });

  it('an event date is taken exactly when it matches /^\\d{4}-\\d{2}-\\d{2}$/ (checked by char codes), by evolve, evolveAll and project alike', () => {
    const events = ledgers(4)[0] as ClaimEvent[];
    const state = project(events);
    const sent = events.find((e) => e.type === 'message-sent') as ClaimEvent;
    const near = fc.oneof(
      fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', '/', ' ', 'a', '\u0660', '\n'), minLength: 8, maxLength: 12 }),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string(),
    );
    fc.assert(
      fc.property(near, (date) => {
        const event = { ...sent, date } as ClaimEvent;
        const taken = /^\d{4}-\d{2}-\d{2}$/.test(date);
        const attempts = [() => evolve(state, event), () => evolveAll(state, [sent, event]), () => project([...events, event])];
        for (const attempt of attempts) {
          if (taken) expect(attempt).not.toThrow();
          else expect(attempt).toThrow('.date: ');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evolveAll names a refused event by its ledger position, as evolve does', () => {
    const events = ledgers(3)[0] as ClaimEvent[];
    const state = project(events);
    expect(() => evolveAll(state, [events[events.length - 1] as ClaimEvent, events[0] as ClaimEvent])).toThrow(`events[${events.length + 1}].type`);
  });
});
