import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, evolve, initialState, type ClaimEvent, type ClaimState } from '../../src/index.js';
import { evolveAll } from '../../src/ledger/project.js';
import { statementFigures } from '../../src/ledger/statement.js';
import { toAmountString } from '../../src/money/money.js';
import { decimalStatementAsOf } from '../oracle/statement-decimal.js';
import { buildLedger, ledgerScenario, START } from './random-ledger.js';

// A claim's last Zinsstaffel is kept with its interest terms and used again — as it is for the same
// day, extended for a later one — when the first day of default, the principal's changes and the
// days without interest are the same (fees, fee reductions without a credit to the principal,
// messages leave them as they were). Specification: every statement of a claim, asked for in the
// order an engine asks (state after state as its events are folded, each for several days, later
// and earlier), has the figures of the decimal.js statement (the oracle, test/oracle/statement-decimal.ts).

const scenario = ledgerScenario({ reversals: true, options: true });

describe('statements of one claim, state after state and day after day, equal the decimal.js statement', () => {
  it('random ledgers folded event by event, each state asked for several days', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.integer({ min: -30, max: 120 }), { minLength: 1, maxLength: 4 }), (sc, offsets) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        let state: ClaimState = initialState(events[0] as ClaimEvent);
        for (let i = 1; i <= events.length; i++) {
          const seen = events.slice(0, i);
          const last = seen.reduce((d, e) => (e.date > d ? e.date : d), START);
          for (const offset of offsets) {
            const day = addDays(last, offset);
            if (day < START) continue;
            const figures = statementFigures(state, day, options);
            const oracle = decimalStatementAsOf(seen, day, options);
            expect(toAmountString(figures.interestAccrued)).toBe(toAmountString(oracle.interestAccrued));
            expect(figures.totalAmountString).toBe(toAmountString(oracle.total));
            expect(toAmountString(figures.interest)).toBe(toAmountString(oracle.interest));
          }
          if (i < events.length) state = evolve(state, events[i] as ClaimEvent);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('random ledgers folded a few events at a time, some booked with more decimals than the ledger had, each state asked before the next fold', () => {
    // A state folded from a state whose sums are made carries them over (statement.ts carriedSums)
    // unless an event has more decimals than the ledger's scale so far: both must give the oracle's figures.
    const precise = (text: string, extra: number): string => (extra === 0 ? text : `${text}${'5'.repeat(extra)}`);
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 40 }),
        (sc, runs, extras) => {
          const events = buildLedger(sc).map((e, i): ClaimEvent => {
            const extra = extras[i % extras.length] as number;
            if (e.type === 'fee-charged') return { ...e, amount: precise(e.amount, extra) };
            if (e.type === 'adjustment') return { ...e, amount: precise(e.amount, extra) };
            return e;
          });
          const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
          let state: ClaimState = initialState(events[0] as ClaimEvent);
          let at = 1;
          let k = 0;
          while (true) {
            const seen = events.slice(0, at);
            const last = seen.reduce((d, e) => (e.date > d ? e.date : d), START);
            for (const day of [last, addDays(last, 45)]) {
              const figures = statementFigures(state, day, options);
              const oracle = decimalStatementAsOf(seen, day, options);
              expect(figures.totalAmountString).toBe(toAmountString(oracle.total));
              expect(toAmountString(figures.principal)).toBe(toAmountString(oracle.principal));
              expect(toAmountString(figures.costs)).toBe(toAmountString(oracle.costs));
              expect(toAmountString(figures.interest)).toBe(toAmountString(oracle.interest));
              expect(toAmountString(figures.unapplied)).toBe(toAmountString(oracle.unapplied));
            }
            if (at >= events.length) break;
            const next = Math.min(events.length, at + (runs[k++ % runs.length] as number));
            state = evolveAll(state, events.slice(0, next), at);
            at = next;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
