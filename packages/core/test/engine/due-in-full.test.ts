import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/date.js';
import { amountDueInFull, amountTextDueInFull, factsBefore } from '../../src/engine/commands.js';
import { project } from '../../src/ledger/project.js';
import type { ClaimEvent } from '../../src/ledger/events.js';
import { statementFigures } from '../../src/ledger/statement.js';
import { equals, isPositive, multiply, roundMoney, toAmountString } from '../../src/money/money.js';
import { resolvePolicy } from '../../src/policy/builtin/index.js';
import { halfOfTotal, simulate } from '../../src/simulate/simulate.js';

describe('the amount of a payment in full (and of half) as a command carries it (simulate\'s "pay in full")', () => {
  // amountTextDueInFull writes the total from the statement's integers and makes Money only where a
  // simple-case reduction could lower it; the text must be what toAmountString writes of
  // amountDueInFull (the public answer), and null exactly when that is not above zero.
  it('is toAmountString(amountDueInFull) on every ledger prefix of simulated books, on days after it (null when nothing is owed)', () => {
    const claims = Array.from({ length: 12 }, (_, i) => {
      const invoiceDate = addDays('2025-01-02', (i * 13) % 50);
      const business = i % 3 === 0;
      return {
        id: `F-${i}`,
        debtor: { id: `d${i}`, kind: (business ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
        principal: `${90 + i * 211}.${String((i * 37) % 100).padStart(2, '0')}`,
        currency: 'EUR',
        invoiceDate,
        dueDate: addDays(invoiceDate, business ? 30 : 14),
        invoicePointedOut30DayRule: true,
        // What a consumer's claim needs to be handed over (§ 13a Abs. 1 Nr. 2 RDG), so the book reaches the simple-case reduction.
        description: `Vertrag F-${i}`,
        contractDate: invoiceDate,
      };
    });
    const result = simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-09-30', seed: 3, behaviour: { model: { payAfterMessage: 0.12, partialShare: 0.4, disputeAfterMessage: 0.03, payWithinDays: [2, 14] } } });
    let compared = 0;
    let lowered = 0;
    let nothingOwed = 0;
    let halfRounded = 0;
    for (const c of result.claims) {
      const events = [...c.events];
      const context = { policy: resolvePolicy('auto', c.facts.debtor.kind) };
      for (let k = 0; k < events.length; k++) {
        const state = project(events.slice(0, k + 1));
        const last = (events[k] as ClaimEvent).date;
        for (const days of [0, 1, 4, 9, 15]) {
          const today = addDays(last, days);
          const seen = factsBefore(state, today, context).state;
          const due = amountDueInFull(seen, today, context);
          const text = amountTextDueInFull(seen, today, context);
          expect(text).toBe(isPositive(due) ? toAmountString(due) : null);
          const figures = statementFigures(seen, today > seen.facts.invoiceDate ? addDays(today, -1) : today);
          const total = figures.total;
          if (!equals(due, total)) lowered++;
          // Half (simulate's partial payment), from the integers, against decimal.js.
          const half = roundMoney(multiply(total, '0.5'));
          expect(halfOfTotal(figures)).toBe(isPositive(half) ? toAmountString(half) : null);
          if (!equals(half, multiply(total, '0.5'))) halfRounded++;
          if (text === null) nothingOwed++;
          compared++;
        }
      }
    }
    // The book reaches both other branches: a simple-case reduction lowering the total, and settled claims.
    expect(lowered).toBeGreaterThan(0);
    expect(nothingOwed).toBeGreaterThan(0);
    expect(halfRounded).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(1000);
  });
});
