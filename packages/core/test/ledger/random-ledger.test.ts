import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants, paymentPartsLeft, project, statement, toAmountString, unappliedMoneyOf, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { feeReducedNet } from '../../src/ledger/fee-reduction.js';
import { decimalStatementAsOf } from '../oracle/statement-decimal.js';
import { plain } from './fixtures.js';
import { buildLedger, ledgerScenario, type LedgerScenario } from './random-ledger.js';

// The random ledgers of the statement's property tests (random-ledger.ts; statement-integer,
// statement-interest-memo, statement.reference and payment-integer property tests) hold the fee
// moves of rule fee.letter-not-sent: a letter waiting in the outbox when its claim closes is
// withdrawn, its creditor fee drops, and what payments paid of it goes to principal still open
// (`creditedToPrincipal`), the rest back to the paying payments' unapplied parts (`movedToUnapplied`,
// § 812 Abs. 1 S. 1 Alt. 1 BGB; docs/legal-notes.md, the creditor fee of a letter that was never sent).
// Before, no random ledger had a `movedToUnapplied`, so the statement's property tests never
// checked the "Auf entfallene Kosten gezahlt, als Überzahlung gehalten" line nor the sums it moves.

const reductions = (events: readonly ClaimEvent[]): ClaimEventOf<'fee-reduced'>[] =>
  events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced' && e.reason?.rule === 'fee.letter-not-sent');

/** Cents read off a decimal string with two decimals (no float). */
const cents = (text: string): bigint => BigInt(text.replace('.', ''));

describe('the random ledgers of the statement property tests hold withdrawn letters and their fee moves (rule fee.letter-not-sent, § 812 Abs. 1 S. 1 Alt. 1 BGB)', () => {
  it('of 300 ledgers (fixed seed), some hold a movedToUnapplied — after a fee paid in full, split over two payments, after a part credited to the principal — and some a refund after it', () => {
    for (const reversals of [true, false]) {
      const ledgers = fc.sample(ledgerScenario({ reversals, options: true }), { numRuns: 300, seed: 20261204 }).map(buildLedger);
      const moved = ledgers.filter((l) => reductions(l).some((r) => r.movedToUnapplied !== undefined));
      // A claim settled or written off while its letter waited, the fee paid: its paid part held for the debtor.
      expect(moved.length).toBeGreaterThanOrEqual(20);
      // The paid part of one fee split between the principal still open and the payments' unapplied parts.
      expect(ledgers.some((l) => reductions(l).some((r) => r.movedToUnapplied !== undefined && r.creditedToPrincipal !== undefined))).toBe(true);
      // A fee unpaid (nothing to move) and a fee paid and credited to the principal only.
      expect(ledgers.some((l) => reductions(l).some((r) => r.movedToUnapplied === undefined && r.creditedToPrincipal === undefined))).toBe(true);
      expect(ledgers.some((l) => reductions(l).some((r) => r.movedToUnapplied === undefined && r.creditedToPrincipal !== undefined))).toBe(true);
      if (reversals) {
        // Moved back from two payments (the latest first), and a payment refunded or charged back after its costs part was moved.
        expect(ledgers.some((l) => reductions(l).some((r) => (r.movedToUnapplied?.length ?? 0) > 1))).toBe(true);
        expect(
          moved.some((l) => {
            const at = l.findIndex((e) => e.type === 'fee-reduced' && e.movedToUnapplied !== undefined);
            return l.slice(at).some((e) => e.type === 'payment-reversed');
          }),
        ).toBe(true);
      }
    }
  });

  it('money is conserved on every random ledger: what the payments left (paid less refunded) is their parts, the held part is the statement\'s unapplied and unappliedMoneyOf, and the statement adds up', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false }), (sc) => {
        const events = buildLedger(sc);
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), events[0]!.date);
        const st = statement(state, last);
        let held = 0n;
        let costsPaid = 0n;
        for (const p of state.payments) {
          const left = paymentPartsLeft(state, p.paymentId)!;
          const parts = [left.costs, left.interest, left.principal, left.unapplied].map(cents);
          // No part of a payment below zero: a move takes at most the costs part left, a refund the parts left.
          for (const x of parts) expect(x >= 0n).toBe(true);
          const reversed = state.reversals.filter((r) => r.paymentId === p.paymentId).reduce((s, r) => s + cents(r.amount), 0n);
          expect(parts.reduce((s, x) => s + x, 0n)).toBe(cents(p.amount) - reversed);
          held += cents(left.unapplied);
          costsPaid += cents(left.costs);
        }
        // The money held for the debtor, read per payment and by the statement.
        expect(cents(toAmountString(st.unapplied))).toBe(held);
        const money = unappliedMoneyOf(state);
        expect(money === null ? 0n : cents(toAmountString(money.amount))).toBe(held);
        // The costs open: charged, less dropped, plus what a refund or chargeback put back (fee-reinstated,
        // § 362 Abs. 1 BGB), less what the payments' costs parts still pay (a moved amount is off the
        // payment's costs part, a credited one on the principal; a reinstatement's moves back the reverse).
        const charged = state.fees.reduce((s, f) => s + cents(f.amount), 0n);
        const dropped = state.feeReductions.reduce((s, r) => s + cents(r.amount) - cents(r.creditedToPrincipal ?? '0.00'), 0n);
        const putBack = state.feeReinstatements.reduce((s, r) => s + cents(r.amount) - cents(r.backFromPrincipal ?? '0.00'), 0n);
        expect(cents(toAmountString(st.costs))).toBe(charged - dropped + putBack - costsPaid);
        // The statement adds up: each part the sum of its lines, the total the sum of the parts.
        const sumOf = (part: string) => st.lines.filter((l) => l.part === part).reduce((s, l) => s + cents(toAmountString(l.amount)), 0n);
        expect(sumOf('costs')).toBe(cents(toAmountString(st.costs)));
        expect(sumOf('principal')).toBe(cents(toAmountString(st.principal)));
        expect(cents(toAmountString(st.total))).toBe(cents(toAmountString(st.principal)) + cents(toAmountString(st.interest)) + cents(toAmountString(st.costs)));
      }),
      { numRuns: 300 },
    );
  });
});

const payDay = (events: readonly ClaimEvent[]): ClaimEventOf<'fee-reduced'>[] =>
  events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced' && e.reason?.rule === 'fee.payment-day');

// Rule fee.payment-day (docs/legal-notes.md; §§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB): a payment
// that settles everything but the fees charged on its own day drops those fees before its § 367 BGB
// allocation. The random ledgers book payments with the engine's bookIncomingPayment, so a step
// paid on its day ('step-paid') books the rule's fee-reduced events; the decimal.js statement
// oracle knows their label.
describe('the random ledgers book rule fee.payment-day through bookIncomingPayment, and the statement oracle knows it (§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB)', () => {
  it('of 300 ledgers (fixed seed), some drop a letter\'s creditor fee and some collection costs charged on the payment day', () => {
    for (const reversals of [true, false]) {
      const ledgers = fc.sample(ledgerScenario({ reversals, options: true }), { numRuns: 300, seed: 20261204 }).map(buildLedger);
      const fees = (l: ClaimEvent[]) => l.filter((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged');
      const dropped = (kind: string) => ledgers.filter((l) => payDay(l).some((r) => fees(l).find((f) => f.feeId === r.feeId)?.kind === kind));
      expect(dropped('creditor-dunning-fee').length).toBeGreaterThanOrEqual(5);
      expect(dropped('collection-costs').length).toBeGreaterThanOrEqual(5);
      // Each dropped fee was charged on the payment day, dropped in full, before the payment that settled the rest.
      for (const l of ledgers) {
        for (const r of payDay(l)) {
          const fee = fees(l).find((f) => f.feeId === r.feeId)!;
          expect(fee.date).toBe(r.date);
          expect(r.amount).toBe(fee.amount);
          const next = l[l.indexOf(r) + 1]!;
          expect(next.type === 'payment-received' || next.type === 'fee-reduced').toBe(true);
        }
      }
    }
  });

  // Hand check of one small case. Principal 100.00 (consumer), invoice and first day of default
  // 2025-01-01. On 2025-01-11 a dunning letter with a creditor fee of 1.00 is booked, then the
  // debtor pays the total as of the end of 2025-01-10:
  //   interest 2025-01-01 – 2025-01-10, 10 days at 2.27 % (base rate from 2025-01-01) + 5 pp = 7.27 %:
  //   100.00 × 7.27 % × 10 / 365 = 0.19917… → 0.20; total 100.00 + 0.20 = 100.20.
  // The payment of 100.20 settles everything but the 1.00 fee charged that day, so the fee drops
  // (fee-reduced 1.00, rule fee.payment-day) and the payment pays interest 0.20 and principal 100.00
  // (§ 367 BGB: costs first, but there are none left). Statement as of 2025-01-11:
  //   Hauptforderung 100.00 + Zinsen 0.20 + Mahnkosten 1.00 − Entfällt 1.00 − Zahlung 0.20 − Zahlung 100.00 = 0.00.
  // One cent short (100.19), nothing is settled, so nothing drops: the payment pays interest 0.20
  // and principal 99.99; open are principal 0.01 and the fee 1.00, total 1.01.
  const small = (over: number): LedgerScenario => ({
    principal: 10_000,
    debtor: 'consumer',
    defaultDay: 0,
    ops: [{ kind: 'step-paid', day: 10, step: 'letter', cents: 100, over }],
    asOf: 10,
    dayCount: undefined,
    rounding: undefined,
  });
  it('hand check: a letter\'s 1.00 fee dropped on the day 100.20 settles a claim of 100.00 — the oracle\'s lines and the code\'s statement', () => {
    const events = buildLedger(small(0));
    const reductions = payDay(events);
    expect(reductions.map((r) => [r.date, r.amount, r.creditedToPrincipal, r.movedToUnapplied])).toEqual([['2025-01-11', '1.00', undefined, undefined]]);
    const oracle = plain(decimalStatementAsOf(events, '2025-01-11')) as { lines: { label: string; amount: string }[]; total: string; costs: string; interest: string; principal: string; unapplied: string };
    expect(oracle.lines.map((l) => [l.label, l.amount])).toEqual([
      ['Hauptforderung', '100.00'],
      ['Verzugszinsen 2025-01-01–2025-01-10', '0.20'],
      ['Mahnkosten (Porto und Material)', '1.00'],
      ['Entfällt: Mahnkosten (Porto und Material), am Tag der Zahlung entstanden', '-1.00'],
      ['Zahlung auf Zinsen', '-0.20'],
      ['Zahlung auf Hauptforderung', '-100.00'],
    ]);
    expect([oracle.principal, oracle.interest, oracle.costs, oracle.total, oracle.unapplied]).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(plain(statement(project(events), '2025-01-11'))).toEqual(oracle);
  });

  it('hand check: one cent short (100.19) settles nothing, so the 1.00 fee stays — principal 0.01 and costs 1.00 open', () => {
    const events = buildLedger(small(-1));
    expect(payDay(events)).toEqual([]);
    const oracle = plain(decimalStatementAsOf(events, '2025-01-11')) as { principal: string; interest: string; costs: string; total: string };
    expect([oracle.principal, oracle.interest, oracle.costs, oracle.total]).toEqual(['0.01', '0.00', '1.00', '1.01']);
    expect(plain(statement(project(events), '2025-01-11'))).toEqual(oracle);
  });
});

// The steps the engine books itself, through the one generator: decide's stages (the flat fee,
// § 288 Abs. 5 BGB; a hand-over with collection costs, § 13e RDG, a lawyer after an agency, § 13f
// RDG; a court dunning application with its court fee, KV 1100 GKG — from 2025-06-01 its minimum
// is not confirmed), installment plans agreed with the host's command (with an agency: the
// Einigungsgebühr, rule fee.agreement, Nr. 1000 VV RVG; for a private person after the § 13a Abs. 3
// RDG notice), payments within two weeks of the agency's demand (rule fee.simple-case), and credit
// notes and write-downs (§ 397 BGB) of any size through bookAdjustment. Before, no random ledger held
// any of them but fee.simple-case, and that in 0–4 of 300.
describe('the random ledgers hold the engine\'s own steps: flat fee, hand-over, collection costs, court dunning, installment plans, write-downs (one generator)', () => {
  it('of 300 ledgers (fixed seed), in each form, some hold each of them', () => {
    const forms = [ledgerScenario({ reversals: true, options: true }), ledgerScenario({ reversals: false, options: true }), ledgerScenario({ reversals: true, options: false, wide: true })];
    for (const form of forms) {
      const ledgers = fc.sample(form, { numRuns: 300, seed: 20261204 }).map(buildLedger);
      const has = (f: (e: ClaimEvent) => boolean): number => ledgers.filter((l) => l.some(f)).length;
      const fee = (kind: string) => (e: ClaimEvent) => e.type === 'fee-charged' && e.kind === kind && e.reason !== undefined;
      expect(has(fee('flat-fee'))).toBeGreaterThanOrEqual(3);
      expect(has(fee('collection-costs'))).toBeGreaterThanOrEqual(10);
      expect(has(fee('agreement-fee'))).toBeGreaterThanOrEqual(3);
      expect(has(fee('court-fee'))).toBeGreaterThanOrEqual(10);
      expect(has((e) => e.type === 'fee-charged' && e.kind === 'court-fee' && e.reason?.inputs?.['minimumConfirmed'] === false)).toBeGreaterThanOrEqual(2);
      expect(has((e) => e.type === 'handed-over' && e.to === 'collection-agency')).toBeGreaterThanOrEqual(20);
      expect(has((e) => e.type === 'handed-over' && e.to === 'lawyer')).toBeGreaterThanOrEqual(5);
      expect(has((e) => e.type === 'court-dunning-filed')).toBeGreaterThanOrEqual(10);
      expect(has((e) => e.type === 'installment-plan-agreed')).toBeGreaterThanOrEqual(20);
      expect(has((e) => e.type === 'fee-reduced' && e.reason?.rule === 'fee.simple-case')).toBeGreaterThanOrEqual(5);
      expect(has((e) => e.type === 'adjustment' && e.kind === 'write-down')).toBeGreaterThanOrEqual(10);
      // Credit notes above the principal open, refused and booked at the principal open the refusal named: principal 0.00 after them.
      expect(has((e) => e.type === 'adjustment' && e.amount === e.reason?.inputs?.['openPrincipal'])).toBeGreaterThanOrEqual(5);
    }
  });
});

// § 362 Abs. 1 BGB: a payment taken back did not fulfil. The random ledgers book refunds and chargebacks
// as the engine's reverse-payment command does (bookPaymentReversal), so a fee dropped because a payment
// settled the claim on its day (fee.payment-day) or lowered for a simple case (fee.simple-case) comes back
// when that payment is taken back (fee-reinstated, rule fee.reinstated). The invariants it must keep: no
// fee twice (what comes back is at most what reductions took off, so a fee never stands above its charge),
// no fee below zero, the costs line adds up, and the engine's own checks find nothing (guard.fee-reduction-bounds).
describe('the random ledgers put back fees whose reason a refund or chargeback took away (rule fee.reinstated, § 362 Abs. 1 BGB)', () => {
  const reinstated = (events: readonly ClaimEvent[]): ClaimEventOf<'fee-reinstated'>[] => events.filter((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');

  it('of 300 ledgers with reversals (fixed seed), some put a fee back', () => {
    const ledgers = fc.sample(ledgerScenario({ reversals: true, options: true }), { numRuns: 300, seed: 20261204 }).map(buildLedger);
    expect(ledgers.filter((l) => reinstated(l).length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('no fee twice, none above its charge nor below zero: for every fee on every day, 0 ≤ charged − reductions + reinstatements ≤ charged; the statement\'s costs are the fees standing less what payments paid on them', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false }), (sc) => {
        const events = buildLedger(sc);
        const left = new Map<string, { charged: bigint; left: bigint }>();
        for (const e of events) {
          if (e.type === 'fee-charged') left.set(e.feeId, { charged: cents(e.amount), left: cents(e.amount) });
          else if (e.type === 'fee-reduced' || e.type === 'fee-reinstated') {
            const fee = left.get(e.feeId)!;
            fee.left += e.type === 'fee-reduced' ? -cents(e.amount) : cents(e.amount);
            expect(fee.left >= 0n && fee.left <= fee.charged).toBe(true);
          }
        }
        // Each reinstatement follows its reversal and names it.
        for (const r of reinstated(events)) expect(events.some((e) => e.type === 'payment-reversed' && e.reversalId === r.reversalId && e.date === r.date)).toBe(true);
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), events[0]!.date);
        const costsLines = statement(state, last)
          .lines.filter((l) => l.part === 'costs')
          .reduce((s, l) => s + cents(toAmountString(l.amount)), 0n);
        expect(cents(toAmountString(statement(state, last).costs))).toBe(costsLines);
      }),
      { numRuns: 150, seed: 20261205 },
    );
  });
});

// § 367 Abs. 1 BGB with rule fee.reinstated: collection costs lowered as a simple case (Anm. Abs. 2 S. 2 zu
// Nr. 2300 VV RVG) after a part payment had already paid them — the part above the 0.5 fee credited to the
// principal or held for the debtor (`creditedToPrincipal`, `movedToUnapplied`) — and then the settling
// payment (or the part payment) refunded or charged back. The reinstatement undoes that move on its day
// (`backFromPrincipal`, `backFromUnapplied`). The invariants: money is conserved (each payment's parts add
// up to what is left of it, none below zero; the held money is the statement's unapplied; the costs are
// the fees standing less what the payments' costs parts pay; the principal is the claim's less what pays or
// credits it), no balance below zero, the statement adds up, and the engine's checks find nothing.
describe('random ledgers with the simple case paid in part and then taken back (fee-reinstated.backFromPrincipal / backFromUnapplied, § 367 Abs. 1 BGB)', () => {
  const reinstatements = (events: readonly ClaimEvent[]): ClaimEventOf<'fee-reinstated'>[] => events.filter((e): e is ClaimEventOf<'fee-reinstated'> => e.type === 'fee-reinstated');

  it('of 300 ledgers (fixed seed), some reinstatements take a credit back from the principal and some move held money back to the costs', () => {
    const ledgers = fc.sample(ledgerScenario({ reversals: true, options: false, paidInPart: true }), { numRuns: 300, seed: 20261206 }).map(buildLedger);
    const all = ledgers.flatMap(reinstatements);
    expect(all.filter((r) => r.backFromPrincipal !== undefined).length).toBeGreaterThanOrEqual(5);
    expect(all.filter((r) => r.backFromUnapplied !== undefined).length).toBeGreaterThanOrEqual(3);
    const lowered = ledgers.flatMap((l) => l.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced' && e.reason?.rule === 'fee.simple-case'));
    expect(lowered.filter((r) => r.creditedToPrincipal !== undefined).length).toBeGreaterThanOrEqual(5);
  });

  it('money is conserved and nothing goes below zero on every day after a reinstatement; checkInvariants finds nothing', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false, paidInPart: true }), (sc) => {
        const events = buildLedger(sc);
        const state = project(events);
        const last = events.reduce((d, e) => (e.date > d ? e.date : d), events[0]!.date);
        const days = [...new Set(reinstatements(events).map((r) => r.date)), last];
        for (const day of days) {
          const st = statement(state, day);
          for (const figure of [st.principal, st.costs, st.interest, st.unapplied]) expect(figure.amount.isNegative(), `${day}`).toBe(false);
          const sumOf = (part: string) => st.lines.filter((l) => l.part === part).reduce((s, l) => s + cents(toAmountString(l.amount)), 0n);
          expect(sumOf('costs')).toBe(cents(toAmountString(st.costs)));
          expect(sumOf('principal')).toBe(cents(toAmountString(st.principal)));
        }
        let held = 0n;
        let costsPaid = 0n;
        let principalPaid = 0n;
        for (const p of state.payments) {
          const left = paymentPartsLeft(state, p.paymentId)!;
          const parts = [left.costs, left.interest, left.principal, left.unapplied].map(cents);
          for (const x of parts) expect(x >= 0n).toBe(true);
          const reversed = state.reversals.filter((r) => r.paymentId === p.paymentId).reduce((s, r) => s + cents(r.amount), 0n);
          expect(parts.reduce((s, x) => s + x, 0n)).toBe(cents(p.amount) - reversed);
          held += cents(left.unapplied);
          costsPaid += cents(left.costs);
          principalPaid += cents(left.principal);
        }
        const st = statement(state, last);
        expect(cents(toAmountString(st.unapplied))).toBe(held);
        const charged = state.fees.reduce((s, f) => s + cents(f.amount), 0n);
        const dropped = state.feeReductions.reduce((s, r) => s + cents(r.amount) - cents(r.creditedToPrincipal ?? '0.00'), 0n);
        const putBack = state.feeReinstatements.reduce((s, r) => s + cents(r.amount) - cents(r.backFromPrincipal ?? '0.00'), 0n);
        expect(cents(toAmountString(st.costs))).toBe(charged - dropped + putBack - costsPaid);
        // The principal: the claim's, less what the payments' principal parts pay, adjustments, and the costs
        // credited to it that no reinstatement took back (no withdrawn default here: no interest re-allocated).
        const credited = state.feeReductions.reduce((s, r) => s + cents(r.creditedToPrincipal ?? '0.00'), 0n) - state.feeReinstatements.reduce((s, r) => s + cents(r.backFromPrincipal ?? '0.00'), 0n);
        const adjusted = state.adjustments.reduce((s, a) => s + cents(a.amount), 0n);
        expect(cents(toAmountString(st.principal))).toBe(cents(state.facts.principal) - principalPaid - adjusted - credited);
        // The reinstatement undoes exactly the move of the paid part: a fee put back in full (nothing of it
        // reduced any more) keeps no credit on the principal, and — when every fee whose paid part was held for
        // the debtor is put back in full — each payment holds no more than its own overpayment.
        const cur = state.facts.currency;
        const putBackInFull = (feeId: string): boolean => !state.feeReductions.some((r) => r.feeId === feeId) || toAmountString(feeReducedNet(state, feeId, cur)) === '0.00';
        for (const fee of state.fees) {
          if (!putBackInFull(fee.feeId) || !state.feeReinstatements.some((r) => r.feeId === fee.feeId)) continue;
          const creditedOn = state.feeReductions.filter((r) => r.feeId === fee.feeId).reduce((s, r) => s + cents(r.creditedToPrincipal ?? '0.00'), 0n);
          const takenBack = state.feeReinstatements.filter((r) => r.feeId === fee.feeId).reduce((s, r) => s + cents(r.backFromPrincipal ?? '0.00'), 0n);
          expect(takenBack, fee.feeId).toBe(creditedOn);
        }
        if (state.feeReductions.every((r) => r.movedToUnapplied === undefined || putBackInFull(r.feeId))) {
          for (const p of state.payments) expect(cents(paymentPartsLeft(state, p.paymentId)!.unapplied) <= cents(p.allocation.unapplied), p.paymentId).toBe(true);
        }
        // Against the decimal.js oracle of the statement.
        const oracle = decimalStatementAsOf(events, last);
        expect([oracle.principal, oracle.interest, oracle.costs, oracle.unapplied].map(toAmountString)).toEqual([st.principal, st.interest, st.costs, st.unapplied].map(toAmountString));
        expect(checkInvariants(events).filter((r) => r.guard === 'guard.fee-reduction-bounds' || r.guard === 'guard.no-negative-balance')).toEqual([]);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });
});
