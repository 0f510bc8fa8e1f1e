import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  bookIncomingPayment,
  bookPaymentReversal,
  money,
  checkInvariants,
  paymentPartsLeft,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type ClaimEventOf,
  type ClaimState,
  type IsoDate,
  type Statement,
} from '../../src/index.js';
import { CLAIM, created, plain } from './fixtures.js';
import { buildLedger, ledgerScenario, START, type LedgerScenario } from './random-ledger.js';

// Invariants of the ledger (engine design, issue #3), checked on the random ledgers every property
// test of the statement uses (random-ledger.ts, one generator), in their wide form: payments
// (§ 367 BGB) booked as the record-payment command books them, refunds and chargebacks, credit
// notes, dunning letters and collection costs with their reductions — lowered, credited to the
// principal (`creditedToPrincipal`), dropped on the payment day (rule fee.payment-day), dropped for
// a letter withdrawn when the claim closed, the paid part moved to the payments' unapplied parts
// (`movedToUnapplied`, rule fee.letter-not-sent) — and refunds after them; holds with and without
// interest, write-off and reopening, default from a random day or none; bookings before the due
// day, spread over a year and a half or crowded into a few days, in date order or backdated; credit
// notes and write-downs of any size (bookAdjustment), and the engine's own stages (decide: flat fee,
// hand-over with collection costs, court dunning with its court fee) and installment plans with an
// agency's Einigungsgebühr (the host's command).
// Amounts are integer cents turned into decimal strings without floating-point arithmetic.

const scenarioArb = ledgerScenario({ reversals: true, options: false, wide: true });

/** Cents of a decimal string with two decimals (no float). */
const centsOf = (text: string): bigint => BigInt(text.replace('.', ''));

/** The ledger of a scenario booked in date order. */
const inDateOrder = (sc: LedgerScenario): ClaimEvent[] => buildLedger({ ...sc, chronological: true });

const cents = (m: { amount: { toFixed(n: number): string } }): bigint => BigInt(m.amount.toFixed(2).replace('.', ''));

function checkLines(st: Statement): void {
  for (const l of st.lines) expect(l.amount.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  const byPart = (part: string) => st.lines.filter((l) => l.part === part).reduce((s, l) => s + cents(l.amount), 0n);
  expect(byPart('principal')).toBe(cents(st.principal));
  expect(byPart('interest')).toBe(cents(st.interest));
  expect(byPart('costs')).toBe(cents(st.costs));
  expect(st.lines.reduce((s, l) => s + cents(l.amount), 0n)).toBe(cents(st.total));
  expect(cents(st.total)).toBe(cents(st.principal) + cents(st.interest) + cents(st.costs));
  const dates = st.lines.map((l) => l.date);
  expect([...dates].sort()).toEqual(dates);
}

const statementDay = fc.integer({ min: -31, max: 560 });

// The oracle on a hand-made ledger: the case of seed 632063835 (a collection fee lowered by a payment,
// then a refund that puts it back), booked by the engine's commands, in whole euros but for the cent
// the lowering moves. By hand (no default: no interest runs): 40.00, collection costs 18.01 charged
// 2025-01-01 (booked by hand, as the random ledgers book them).
// - 01-02 P1 18.01 meets costs 18.01 first (§ 367 Abs. 1 BGB): costs 18.01.
// - 01-02 P2 39.99 settles the claim once the costs are lowered to the simple case (rule
//   fee.simple-case; claim value up to 50.00: 0.5 × 30.00 (§ 13e Abs. 1 RDG) = 15.00 + Nr. 7002
//   20 % = 3.00 → 18.00): lowered by 0.01, which P1 had paid already and which is credited to the
//   principal (creditedToPrincipal 0.01); P2 pays principal 39.99.
// - 01-02 10.00 of P1 refunded (taken off its costs part): the claim was not paid, the 0.01 comes back
//   (fee-reinstated 0.01) and its credit is withdrawn (backFromPrincipal 0.01).
// - End of 01-02: principal 40.00 − 39.99 − 0.01 + 0.01 = 0.01; costs 18.01 − (18.01 − 10.00) = 10.00.
// Principal settled by the events: 39.99 + 0.01 − 0.01 = 39.99, and 0.01 + 39.99 = 40.00. The old
// oracle left out the withdrawal: 39.99 + 0.01 = 40.00 settled, 0.01 + 40.00 = 40.01 ≠ 40.00 (in the
// seed's case 0.02: expected 2n, got 3n) — the statement was right, the oracle was not.
function reinstatedCredit(): ClaimEvent[] {
  const events: ClaimEvent[] = [created('40.00'), { type: 'fee-charged', claimId: CLAIM, date: '2025-01-01', feeId: 'F1', kind: 'collection-costs', code: 'Nr. 2300 VV RVG', amount: '18.01', basis: 'Nr. 2300 VV RVG' }];
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: money('18.01'), date: '2025-01-02' }));
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P2', amount: money('39.99'), date: '2025-01-02' }));
  events.push(...bookPaymentReversal(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'refund', amount: money('10.00'), date: '2025-01-02' }));
  return events;
}

/** The items of `xs` dated `asOf` or earlier. */
const upTo = <T extends { date: string }>(xs: readonly T[], asOf: IsoDate): T[] => xs.filter((x) => x.date <= asOf);

/**
 * The principal the ledger's events settled by the end of `asOf`, read from the events alone (the
 * oracle of money conservation: open principal + this = the claim's principal): what payments paid
 * of it less what refunds and chargebacks took back of it, credit notes and write-downs, costs
 * credited to it by fee reductions (`fee-reduced.creditedToPrincipal`) — less what reinstatements
 * took back of those credits (`fee-reinstated.backFromPrincipal`, § 367 Abs. 1 BGB: the money pays
 * the fee again, the principal is owed again). Without that last term the oracle counted a credit
 * a reinstatement had withdrawn (seed 632063835: expected 2n, got 3n).
 */
function principalSettled(state: ClaimState, asOf: IsoDate): bigint {
  const paid = upTo(state.payments, asOf).reduce((s, p) => s + centsOf(p.allocation.principal), 0n) - upTo(state.reversals, asOf).reduce((s, r) => s + centsOf(r.allocation.principal), 0n);
  const credited = upTo(state.adjustments, asOf).reduce((s, a) => s + centsOf(a.amount), 0n);
  const creditedCosts = upTo(state.feeReductions, asOf).reduce((s, r) => s + centsOf(r.creditedToPrincipal ?? '0.00'), 0n);
  const withdrawn = upTo(state.feeReinstatements, asOf).reduce((s, r) => s + centsOf(r.backFromPrincipal ?? '0.00'), 0n);
  return paid + credited + creditedCosts - withdrawn;
}

/**
 * The money held for the debtor at the end of `asOf`, read from the events alone: the payments'
 * unapplied parts, less what refunds took of them, plus the costs fee reductions moved to them
 * (`fee-reduced.movedToUnapplied`), less what reinstatements moved back onto the costs
 * (`fee-reinstated.backFromUnapplied`).
 */
function heldForDebtor(state: ClaimState, asOf: IsoDate): bigint {
  const moves = (xs: readonly { amount: string }[] | undefined): bigint => (xs ?? []).reduce((t, m) => t + centsOf(m.amount), 0n);
  return (
    upTo(state.payments, asOf).reduce((s, p) => s + centsOf(p.allocation.unapplied), 0n) -
    upTo(state.reversals, asOf).reduce((s, r) => s + centsOf(r.allocation.unapplied), 0n) +
    upTo(state.feeReductions, asOf).reduce((s, r) => s + moves(r.movedToUnapplied), 0n) -
    upTo(state.feeReinstatements, asOf).reduce((s, r) => s + moves(r.backFromUnapplied), 0n)
  );
}

describe('ledger properties', () => {
  it('the random ledgers hold the fee reductions the invariants must survive: credited to the principal, moved to unapplied, dropped on the payment day (rule fee.payment-day), and a refund after a credit or move', () => {
    // 300 wide ledgers, fixed seed: 4 hold a creditedToPrincipal, 23 a movedToUnapplied, 35 a
    // fee.payment-day reduction, 7 a refund or chargeback after a credit or move (counted when written).
    const ledgers = fc.sample(scenarioArb, { numRuns: 300, seed: 20261204 }).map(buildLedger);
    const reductions = (l: ClaimEvent[]) => l.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    const has = (f: (l: ClaimEvent[]) => boolean): number => ledgers.filter(f).length;
    expect(has((l) => reductions(l).some((r) => r.creditedToPrincipal !== undefined))).toBeGreaterThanOrEqual(2);
    expect(has((l) => reductions(l).some((r) => r.movedToUnapplied !== undefined))).toBeGreaterThanOrEqual(10);
    expect(has((l) => reductions(l).some((r) => r.reason?.rule === 'fee.payment-day'))).toBeGreaterThanOrEqual(10);
    expect(
      has((l) => {
        const at = l.findIndex((e) => e.type === 'fee-reduced' && (e.movedToUnapplied !== undefined || e.creditedToPrincipal !== undefined));
        return at >= 0 && l.slice(at).some((e) => e.type === 'payment-reversed');
      }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('§ 367 BGB: every payment is split exactly — costs + interest + principal + unapplied = amount, no part negative, all to the cent; after moves and refunds each payment\'s parts left add up to what it left', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const events = buildLedger(sc);
        for (const e of events) {
          if (e.type === 'payment-received' || e.type === 'payment-reversed') {
            const parts = [e.allocation.costs, e.allocation.interest, e.allocation.principal, e.allocation.unapplied];
            for (const p of parts) expect(p).toMatch(/^\d+\.\d{2}$/); // never negative, exactly two decimals
            expect(parts.reduce((s, p) => s + centsOf(p), 0n)).toBe(centsOf(e.amount));
          }
          if (e.type === 'fee-reduced') {
            for (const a of [e.amount, e.creditedToPrincipal ?? '0.00', ...(e.movedToUnapplied ?? []).map((m) => m.amount)]) expect(a).toMatch(/^\d+\.\d{2}$/);
          }
        }
        const state = project(events);
        for (const p of state.payments) {
          const left = paymentPartsLeft(state, p.paymentId)!;
          const parts = [left.costs, left.interest, left.principal, left.unapplied];
          for (const x of parts) expect(x).toMatch(/^\d+\.\d{2}$/);
          const reversed = state.reversals.filter((r) => r.paymentId === p.paymentId).reduce((s, r) => s + centsOf(r.amount), 0n);
          expect(parts.reduce((s, x) => s + centsOf(x), 0n)).toBe(centsOf(p.amount) - reversed);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a statement total is the sum of its lines, and each part the sum of its part lines', () => {
    fc.assert(
      fc.property(scenarioArb, statementDay, (sc, d) => {
        checkLines(statement(project(buildLedger(sc)), addDays(START, d)));
      }),
      { numRuns: 150 },
    );
  });

  it('a statement as of day d depends only on events dated d or earlier (later events, wherever in the ledger, change nothing)', () => {
    fc.assert(
      fc.property(scenarioArb, statementDay, (sc, d) => {
        const events = buildLedger(sc);
        const asOf = addDays(START, d);
        const full = statement(project(events), asOf);
        const upTo = events.filter((e, i) => i === 0 || e.date <= asOf);
        expect(plain(statement(project(upTo), asOf))).toEqual(plain(full));
      }),
      { numRuns: 150 },
    );
  });

  it('the conservation oracle counts a credit to the principal a reinstatement withdrew (fee-reinstated.backFromPrincipal; seed 632063835): 40.00 = 0.01 open + 39.99 paid + 0.01 credited − 0.01 withdrawn', () => {
    const events = reinstatedCredit();
    const red = events.find((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    const rei = events.find((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');
    expect([red?.reason?.rule, red?.amount, red?.creditedToPrincipal, rei?.amount, rei?.backFromPrincipal]).toEqual(['fee.simple-case', '0.01', '0.01', '0.01', '0.01']);
    const state = project(events);
    const st = statement(state, '2025-01-02');
    expect([st.principal, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['0.01', '10.00', '10.01', '0.00']);
    expect(principalSettled(state, '2025-01-02')).toBe(3999n);
    expect(cents(st.principal) + principalSettled(state, '2025-01-02')).toBe(4000n);
    expect(heldForDebtor(state, '2025-01-02')).toBe(0n);
  });

  it('recorded in date order: outstanding interest and costs and the money held never go negative, and principal and money are conserved', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(statementDay, { minLength: 1, maxLength: 4 }), (sc, days) => {
        const events = inDateOrder(sc);
        const state = project(events);
        for (const d of days) {
          const asOf = addDays(START, d);
          const st = statement(state, asOf);
          expect(st.interest.amount.isNegative() && !st.interest.amount.isZero()).toBe(false);
          expect(st.costs.amount.isNegative() && !st.costs.amount.isZero()).toBe(false);
          expect(st.unapplied.amount.isNegative() && !st.unapplied.amount.isZero()).toBe(false);
          expect(cents(st.principal) + principalSettled(state, asOf)).toBe(BigInt(sc.principal));
          expect(cents(st.unapplied)).toBe(heldForDebtor(state, asOf));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('recorded in date order, credit notes and write-downs of any size included, the engine\'s own checks find nothing wrong with the money: no fee reduced beyond its bounds (guard.fee-reduction-bounds), no part of the claim below zero on any day (guard.no-negative-balance; an adjustment above the principal open is refused by bookAdjustment, § 362 Abs. 1 BGB)', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const events = inDateOrder(sc);
        const reports = checkInvariants(events).filter((r) => r.guard === 'guard.fee-reduction-bounds' || r.guard === 'guard.no-negative-balance');
        expect(reports).toEqual([]);
        // The fees the engine charged (decide's stages, the installment plan's Einigungsgebühr — the
        // events with a policy tag; the letters and collection costs the generator books by hand are
        // not the engine's) break no fee guard: none before default, the flat fee to businesses only
        // and once (§ 288 Abs. 5 BGB), collection costs after a hand-over, once, within the § 13e RDG cap.
        const feeGuards = new Set<string>(['guard.no-fee-before-default', 'guard.no-fee-for-default-causing-notice', 'guard.flat-fee-business-only', 'guard.flat-fee-once', 'guard.collection-costs-once', 'guard.collection-costs-after-handover', 'guard.collection-costs-cap']);
        const engineFees = checkInvariants(events).filter((r) => feeGuards.has(r.guard) && (events[r.index] as ClaimEvent).reason !== undefined);
        expect(engineFees).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('paying the total of the day before, on day D, as the record-payment command books it, leaves nothing open at the end of D', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 560 }), (sc, d) => {
        const payDay = addDays(START, d);
        // The ledger as it stood at the end of the day before (booked in date order), credit notes of
        // any size included (bookAdjustment books at most the principal open: none leaves a negative
        // principal no payment pays).
        const events = inDateOrder(sc).filter((e, i) => i === 0 || e.date < payDay);
        const before = statement(project(events), addDays(payDay, -1));
        if (!before.total.amount.greaterThan(0)) return;
        events.push(...bookIncomingPayment(project(events), { paymentId: 'FULL', amount: before.total, date: payDay }));
        const after = statement(project(events), payDay);
        expect(toAmountString(after.total)).toBe('0.00');
        expect(toAmountString(after.principal)).toBe('0.00');
      }),
      { numRuns: 200 },
    );
  });
});
