import { isPositive, money, subtract, sum, toAmountString, type AllocationParts, type ClaimState, type HeldSurplus, type UnappliedMoney } from '../../src/index.js';

// The reference for unapplied.property.test.ts and bench/unapplied.bench.ts: `paymentPartsLeft` and
// `unappliedMoneyOf` as they were before the one-pass rule (everyPaymentPartsLeft), word for word
// from main at 921a21f. Each payment searched the payments (find) and scanned every reversal:
// quadratic in the number of payments. Not for use outside the test and the benchmark.

const PARTS = ['unapplied', 'principal', 'interest', 'costs'] as const;

/** Reference: `paymentPartsLeft` before the one-pass rule (main at 921a21f). */
export function oldPaymentPartsLeft(state: ClaimState, paymentId: string): AllocationParts | null {
  const payment = state.payments.find((p) => p.paymentId === paymentId);
  if (payment === undefined) return null;
  const cur = state.facts.currency;
  const left = { ...payment.allocation } as Record<(typeof PARTS)[number], string>;
  for (const r of state.reversals) {
    if (r.paymentId !== paymentId) continue;
    for (const part of PARTS) left[part] = toAmountString(subtract(money(left[part], cur), money(r.allocation[part], cur)));
  }
  return left;
}

/** Reference: `unappliedMoneyOf` before the one-pass rule (main at 921a21f). */
export function oldUnappliedMoneyOf(state: ClaimState): UnappliedMoney | null {
  const cur = state.facts.currency;
  const payments: HeldSurplus[] = [];
  for (const p of state.payments) {
    const left = oldPaymentPartsLeft(state, p.paymentId);
    if (left === null) continue;
    const amount = money(left.unapplied, cur);
    if (isPositive(amount)) payments.push({ paymentId: p.paymentId, date: p.date, amount });
  }
  if (payments.length === 0) return null;
  let since = (payments[0] as HeldSurplus).date;
  for (const p of payments) if (p.date < since) since = p.date;
  return {
    claimId: state.facts.id,
    debtorId: state.facts.debtor.id,
    status: state.status,
    amount: sum(
      payments.map((p) => p.amount),
      cur,
    ),
    since,
    payments,
  };
}
