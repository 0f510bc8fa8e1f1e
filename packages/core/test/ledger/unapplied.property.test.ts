import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  everyPaymentPartsLeft,
  evolve,
  money,
  paymentPartsLeft,
  project,
  reverseIncomingPayment,
  sum,
  toAmountString,
  unappliedMoneyOf,
  type AllocationParts,
  type ClaimEvent,
  type ClaimState,
  type UnappliedMoney,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';
import { oldPaymentPartsLeft, oldUnappliedMoneyOf } from './unapplied-reference.js';

// unappliedMoneyOf (§ 812 Abs. 1 S. 1 BGB: what a payment brought beyond what the claim owed, less
// what refunds and chargebacks of it undid) works out every payment's parts left in one pass
// (everyPaymentPartsLeft). Before, it asked paymentPartsLeft once per payment, and each call
// searched the payments and scanned every reversal: quadratic in the number of payments. The old
// code is kept beside this file, word for word, as the reference (unapplied-reference.ts, which the
// benchmark bench/unapplied.bench.ts runs side by side with the new code); on random ledgers the new code must give
// exactly what it gave — the same strings, the same payments in the same order, the same `since`.

const PARTS = ['unapplied', 'principal', 'interest', 'costs'] as const;

/** The figure as plain strings (the Money's exact decimal and currency), for an exact comparison. */
function plainHeld(held: UnappliedMoney | null): unknown {
  if (held === null) return null;
  const m = (x: { amount: { toString(): string }; currency: string }) => `${x.amount.toString()} ${x.currency}`;
  return { ...held, amount: m(held.amount), payments: held.payments.map((p) => ({ ...p, amount: m(p.amount) })) };
}

/** Minor units of `cur` as a decimal string: 12345 → "123.45" (EUR), "12345" (JPY), "12.345" (KWD). */
function minorToString(units: number, minorUnit: number): string {
  if (minorUnit === 0) return String(units);
  const digits = String(units).padStart(minorUnit + 1, '0');
  return `${digits.slice(0, -minorUnit)}.${digits.slice(-minorUnit)}`;
}

/** Two decimals (EUR, USD), none (JPY), three (KWD). */
const CURRENCIES = [
  { code: 'EUR', minorUnit: 2 },
  { code: 'USD', minorUnit: 2 },
  { code: 'JPY', minorUnit: 0 },
  { code: 'KWD', minorUnit: 3 },
] as const;

type Op =
  | { kind: 'pay'; day: number; units: number }
  | { kind: 'reverse'; day: number; which: number; share: number; chargeback: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), day: fc.integer({ min: 0, max: 200 }), units: fc.integer({ min: 1, max: 400_000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reverse' as const),
      day: fc.integer({ min: 0, max: 200 }),
      which: fc.nat(),
      // 100: all that is left of the payment (a full refund or chargeback).
      share: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(100)),
      chargeback: fc.boolean(),
    }),
  },
);

const scenarioArb = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  debtor: fc.constantFrom('consumer' as const, 'business' as const),
  principalUnits: fc.integer({ min: 1, max: 1_000_000 }),
  defaultDay: fc.option(fc.integer({ min: 0, max: 60 })),
  ops: fc.array(opArb, { maxLength: 40 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * A ledger written through the commands' own functions, booked in date order: payments allocated
 * by § 367 BGB (so a payment beyond what is owed leaves an `unapplied` part), refunds and
 * chargebacks of a share of what is left of an earlier payment (reverseIncomingPayment).
 */
function ledgerOf(sc: Scenario): ClaimState {
  const { code, minorUnit } = sc.currency;
  const start = '2025-01-01';
  const events: ClaimEvent[] = [
    created(minorToString(sc.principalUnits, minorUnit), { debtor: sc.debtor, date: start, facts: { currency: code, invoiceDate: start, dueDate: start } }),
  ];
  if (sc.defaultDay !== null) events.push(defaultBegan(addDays(start, sc.defaultDay)));
  let state = project(events);
  let n = 0;
  for (const op of [...sc.ops].sort((a, b) => a.day - b.day)) {
    n++;
    const date = addDays(start, Math.max(op.day, sc.defaultDay ?? 0));
    if (op.kind === 'pay') {
      state = evolve(state, allocateIncomingPayment(state, { paymentId: `P${n}`, amount: money(minorToString(op.units, minorUnit), code), date }));
      continue;
    }
    const pay = state.payments[op.which % Math.max(1, state.payments.length)];
    if (pay === undefined) continue;
    const left = oldPaymentPartsLeft(state, pay.paymentId) as AllocationParts;
    const leftUnits = PARTS.reduce((s, k) => s + Number(left[k].replace('.', '')), 0);
    const units = Math.floor((leftUnits * op.share) / 100);
    if (units <= 0) continue;
    const reversal = { reversalId: `R${n}`, paymentId: pay.paymentId, kind: op.chargeback ? ('chargeback' as const) : ('refund' as const), amount: money(minorToString(units, minorUnit), code), date };
    for (const e of reverseIncomingPayment(state, reversal)) state = evolve(state, e);
  }
  return state;
}

describe('unappliedMoneyOf in one pass (everyPaymentPartsLeft) = the per-payment scan it replaced (§ 812 Abs. 1 S. 1 BGB; § 367 Abs. 1 BGB; § 362 Abs. 1 BGB)', () => {
  it('on random ledgers of payments, refunds and chargebacks in EUR, USD, JPY and KWD: the same held money, payment by payment, and the same parts left of every payment', () => {
    const seen = { held: 0, reversed: 0, jpyHeld: 0, partlyRefundedHeld: 0 };
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const state = ledgerOf(sc);
        const held = unappliedMoneyOf(state);
        expect(plainHeld(held)).toEqual(plainHeld(oldUnappliedMoneyOf(state)));
        const all = everyPaymentPartsLeft(state);
        expect(all.size).toBe(state.payments.length);
        for (const p of state.payments) {
          const old = oldPaymentPartsLeft(state, p.paymentId);
          expect(all.get(p.paymentId)).toEqual(old);
          expect(paymentPartsLeft(state, p.paymentId)).toEqual(old);
        }
        expect(paymentPartsLeft(state, 'no-such-payment')).toBeNull();
        if (held !== null) seen.held++;
        if (state.reversals.length > 0) seen.reversed++;
        if (held !== null && sc.currency.code === 'JPY') seen.jpyHeld++;
        if (held?.payments.some((h) => state.reversals.some((r) => r.paymentId === h.paymentId && r.allocation.unapplied !== toAmountString(money('0', sc.currency.code))))) {
          seen.partlyRefundedHeld++;
        }
      }),
      { numRuns: 400 },
    );
    // The property had teeth: ledgers holding money, with reversals, in JPY, and surpluses partly refunded.
    expect(Object.values(seen).every((k) => k > 0)).toBe(true);
  });

  it('on ledgers not written through the commands — two payments with one id, allocations as the events give them: the first payment of an id is the one its reversals and parts name, as before', () => {
    // Two events "P" (a host replaying a bank file twice without recordPayment's check): the old
    // rule found the first with state.payments.find and listed its parts for both entries.
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('P', 'Q', 'R'), unapplied: fc.integer({ min: 0, max: 5_000 }), principal: fc.integer({ min: 0, max: 5_000 }) }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ which: fc.nat(), unapplied: fc.integer({ min: 0, max: 2_000 }) }), { maxLength: 6 }),
        (payments, reversals) => {
          const events: ClaimEvent[] = [created('100.00', { date: '2025-01-01', facts: { invoiceDate: '2025-01-01', dueDate: '2025-01-01' } })];
          payments.forEach((p, k) => {
            const unapplied = minorToString(p.unapplied, 2);
            const principal = minorToString(p.principal, 2);
            events.push({
              type: 'payment-received',
              claimId: CLAIM,
              date: addDays('2025-01-02', k),
              paymentId: p.id,
              amount: toAmountString(sum([money(unapplied), money(principal)], 'EUR')),
              allocation: { costs: '0.00', interest: '0.00', principal, unapplied },
            });
          });
          reversals.forEach((r, k) => {
            const p = payments[r.which % payments.length] as (typeof payments)[number];
            const unapplied = minorToString(r.unapplied, 2);
            events.push({
              type: 'payment-reversed',
              claimId: CLAIM,
              date: '2025-03-01',
              reversalId: `R${k}`,
              paymentId: p.id,
              kind: 'refund',
              amount: unapplied,
              allocation: { costs: '0.00', interest: '0.00', principal: '0.00', unapplied },
            });
          });
          const state = project(events);
          expect(plainHeld(unappliedMoneyOf(state))).toEqual(plainHeld(oldUnappliedMoneyOf(state)));
          for (const id of ['P', 'Q', 'R']) expect(paymentPartsLeft(state, id)).toEqual(oldPaymentPartsLeft(state, id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hand-checked: a settled claim of 10,000 JPY paid 6,000 + 7,000 JPY, 2,500 JPY of the surplus refunded — 500 JPY held since the second payment', () => {
    // Not in default (no interest, no costs): P1 6,000 → principal 6,000; P2 7,000 against 4,000 still
    // owed → principal 4,000, unapplied 3,000. Refund of 2,500 of P2 undoes unapplied first: 3,000 − 2,500 = 500.
    let state = project([created('10000', { date: '2025-01-01', facts: { currency: 'JPY', invoiceDate: '2025-01-01', dueDate: '2025-01-31' } })]);
    state = evolve(state, allocateIncomingPayment(state, { paymentId: 'P1', amount: money('6000', 'JPY'), date: '2025-01-10' }));
    state = evolve(state, allocateIncomingPayment(state, { paymentId: 'P2', amount: money('7000', 'JPY'), date: '2025-01-20' }));
    for (const e of reverseIncomingPayment(state, { reversalId: 'R1', paymentId: 'P2', kind: 'refund', amount: money('2500', 'JPY'), date: '2025-01-25' })) state = evolve(state, e);
    expect(Object.fromEntries(everyPaymentPartsLeft(state))).toEqual({
      P1: { costs: '0', interest: '0', principal: '6000', unapplied: '0' },
      P2: { costs: '0', interest: '0', principal: '4000', unapplied: '500' },
    });
    const held = unappliedMoneyOf(state);
    expect([held?.amount.amount.toString(), held?.amount.currency, held?.since, held?.payments.map((p) => p.paymentId)]).toEqual(['500', 'JPY', '2025-01-20', ['P2']]);
  });
});
