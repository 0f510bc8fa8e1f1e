import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  project,
  statement,
  type Statement,
} from '../../src/index.js';
import { figuresAsOf, isStatementSettled, statementAsOf, statementFigures } from '../../src/ledger/statement.js';
import { toAmountString } from '../../src/money/money.js';
import { decimalStatementAsOf } from '../oracle/statement-decimal.js';
import { buildLedger, ledgerScenario, START } from './random-ledger.js';

// Issue 7 point 5: the statement's figures are computed in exact integers at the ledger's scale
// (decimal strings in, decimal.js values out) and its lines are made when first read. The oracle
// is the statement as it was built before (test/oracle/statement-decimal.ts, commit 0923dd4):
// line by line in decimal.js, each total the sum of its lines (principal, interest, costs,
// § 367 BGB allocation parts, refunds and chargebacks, fee reductions credited to the principal,
// holds and write-offs without interest). On random ledgers every figure and every line must be
// identical — for the state's own day and for days before its last events.

const scenario = ledgerScenario({ reversals: true, options: true });

/**
 * A statement as plain JSON: figures and lines (money written as decimal strings). `unconfirmed`
 * (the distinct remarks of the lines, added after the oracle was taken) is left out: it is read
 * from the lines compared here.
 */
const plain = (s: Omit<Statement, 'unconfirmed'>): unknown => {
  const { unconfirmed: _unconfirmed, ...rest } = { ...s, lines: s.lines } as Omit<Statement, 'unconfirmed'> & { unconfirmed?: unknown };
  return JSON.parse(JSON.stringify(rest));
};

describe('statement in integers equals the decimal.js statement, line by line (issue 7 point 5)', () => {
  it('figures and lines on random ledgers with payments, refunds, chargebacks, credits, fees, holds and write-offs', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const asOf = addDays(START, sc.asOf);
        const oracle = plain(decimalStatementAsOf(events, asOf, options));
        expect(plain(statementAsOf(events, asOf, options))).toEqual(oracle);
        // The state's own statement: without re-projection when it sees every event.
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), START);
        const end = asOf > last ? asOf : last;
        expect(plain(statement(state, end, options))).toEqual(plain(decimalStatementAsOf(events, end, options)));
        expect(plain(statement(state, asOf, options))).toEqual(oracle);
      }),
      { numRuns: 300 },
    );
  });

  it("the engine's integer answers (settled, total and principal as text, principal open) equal the decimal.js statement's", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), START);
        for (const day of [addDays(START, sc.asOf), last]) {
          const oracle = decimalStatementAsOf(events, day, options);
          const figures = statementFigures(state, day, options);
          // Settled: nothing left to pay, total zero or below.
          expect(isStatementSettled(figures)).toBe(oracle.total.amount.lessThanOrEqualTo(0));
          expect(figures.totalAmountString).toBe(toAmountString(oracle.total));
          expect(figures.principalAmountString).toBe(toAmountString(oracle.principal));
          expect(figures.principalOpen).toBe(oracle.principal.amount.greaterThan(0));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('figuresAsOf(state, day) (what the payment corrections read) has the figures of statementAsOf(events, day), before and after the last event', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -40, max: 400 }), (sc, offset) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const state = project(events);
        const day = addDays(START, offset);
        const a = figuresAsOf(state, day, options);
        const b = statementAsOf(events, day, options);
        for (const k of ['principal', 'interest', 'costs', 'total', 'interestAccrued', 'unapplied'] as const) expect(a[k].amount.toFixed()).toBe(b[k].amount.toFixed());
        expect(isStatementSettled(a)).toBe(isStatementSettled(b));
      }),
      { numRuns: 300 },
    );
  });
});
