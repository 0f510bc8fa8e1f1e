import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, allocateIncomingPayment, evolveAll, money, openPartsForPayment, project, type ClaimEventOf } from '../../src/index.js';
import { allocateWithinClaim } from '../../src/law/de/allocation.js';
import { allocate367Scaled, allocateIncomingPaymentAfter } from '../../src/ledger/payment.js';
import { toAmountString } from '../../src/money/money.js';
import { parseAtScale, scaledToAmountString } from '../../src/money/scaled.js';
import { decimalAllocateIncomingPayment, decimalOpenParts } from '../oracle/payment-decimal.js';
import { buildLedger, cents, ledgerScenario, START } from './random-ledger.js';

// Issue 7 point 5: the § 367 BGB allocation of an incoming payment and the open parts it meets are
// computed in exact integers at the statement's scale (Money only at the edges). The oracle is the
// allocation as it was before, in decimal.js (test/oracle/payment-decimal.ts: the decimal
// statement, the same-day payments, refunds, credits and fee reductions, allocateWithinClaim). On
// random ledgers and payments the events must be identical, field by field.

const scenario = ledgerScenario({ reversals: true, options: true });

describe('the § 367 BGB allocation in integers equals the decimal.js allocation (issue 7 point 5)', () => {
  it('payment-received events on random ledgers, on the last day (same-day bookings) and on other days', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: -30, max: 200 }), (sc, paid, offset) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), START);
        const amount = money(cents(paid), 'EUR');
        // The last day sees the day's own payments, reversals, credits and reductions; a day before
        // the invoice date (offset < 0) is read as statementAsOf reads it.
        for (const date of [last, addDays(last, offset), addDays(START, Math.min(offset, 0))]) {
          const payment = { paymentId: 'probe-payment', amount, date };
          expect(allocateIncomingPayment(state, payment, options)).toEqual(decimalAllocateIncomingPayment(state, payment, options));
          const open = openPartsForPayment(state, date, options);
          const oracle = decimalOpenParts(state, date, options);
          expect([open.asOf, toAmountString(open.costs), toAmountString(open.interest), toAmountString(open.principal)]).toEqual([
            oracle.asOf,
            toAmountString(oracle.costs),
            toAmountString(oracle.interest),
            toAmountString(oracle.principal),
          ]);
          expect(open.costs.amount.equals(oracle.costs.amount) && open.interest.amount.equals(oracle.interest.amount) && open.principal.amount.equals(oracle.principal.amount)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('allocateIncomingPaymentAfter(state, reductions) equals the allocation on the state with the reductions appended', () => {
    const reductionArb = fc.record({ which: fc.nat(), cents: fc.integer({ min: 1, max: 40_000 }), credited: fc.integer({ min: 0, max: 20_000 }) });
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 0, max: 40 }), fc.array(reductionArb, { maxLength: 3 }), (sc, paid, after, picks) => {
        const events = buildLedger(sc);
        const options = { ...(sc.dayCount === undefined ? {} : { dayCount: sc.dayCount }), ...(sc.rounding === undefined ? {} : { rounding: sc.rounding }) };
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), START);
        // after = 0: the payment day already has bookings of its own.
        const date = addDays(last, after);
        const fees = state.fees;
        const reductions = fees.length === 0 ? [] : picks.map((p, i): ClaimEventOf<'fee-reduced'> => {
          const fee = fees[p.which % fees.length]!;
          return {
            type: 'fee-reduced',
            claimId: state.facts.id,
            date,
            feeId: fee.feeId,
            amount: cents(p.cents),
            basis: 'test',
            items: [],
            ...(p.credited === 0 ? {} : { creditedToPrincipal: cents(p.credited) }),
            reason: { rule: 'test', text: `reduction ${i}` },
          };
        });
        const payment = { paymentId: 'probe-payment', amount: money(cents(paid), 'EUR'), date };
        const got = allocateIncomingPaymentAfter(state, reductions, payment, options);
        expect(got).toEqual(allocateIncomingPayment(evolveAll(state, reductions), payment, options));
        expect(got).toEqual(decimalAllocateIncomingPayment(evolveAll(state, reductions), payment, options));
      }),
      { numRuns: 300 },
    );
  });

  it('allocate367Scaled equals allocateWithinClaim (bgb367) on random parts and amounts, at 2 to 4 decimals', () => {
    const part = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), part, part, part, fc.integer({ min: 2, max: 4 }), (amount, costs, interest, principal, scale) => {
        const text = (v: bigint): string => scaledToAmountString(v, scale, scale);
        const asMoney = (v: bigint) => money(text(v), 'EUR');
        const oracle = allocateWithinClaim(asMoney(amount), { costs: asMoney(costs), interest: asMoney(interest), principal: asMoney(principal) }, 'bgb367');
        const got = allocate367Scaled(amount, { costs, interest, principal });
        expect([got.costs, got.interest, got.principal, got.rest]).toEqual(
          [oracle.costs, oracle.interest, oracle.principal, oracle.rest].map((m) => parseAtScale(m.amount.toFixed(), scale)),
        );
        // Exact: the parts and the rest add up to the amount.
        expect(got.costs + got.interest + got.principal + got.rest).toBe(amount);
      }),
      { numRuns: 1000 },
    );
  });
});
