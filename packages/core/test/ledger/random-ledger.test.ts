import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentPartsLeft, project, statement, toAmountString, unappliedMoneyOf, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { buildLedger, ledgerScenario } from './random-ledger.js';

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
        // The costs open: charged, less dropped, less what the payments' costs parts still pay (a
        // moved amount is off the payment's costs part, a credited one on the principal).
        const charged = state.fees.reduce((s, f) => s + cents(f.amount), 0n);
        const dropped = state.feeReductions.reduce((s, r) => s + cents(r.amount) - cents(r.creditedToPrincipal ?? '0.00'), 0n);
        expect(cents(toAmountString(st.costs))).toBe(charged - dropped - costsPaid);
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
