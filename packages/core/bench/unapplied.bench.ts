import { bench, describe } from 'vitest';
import { unappliedMoneyOf } from '../src/index.js';
import { oldUnappliedMoneyOf } from '../test/ledger/unapplied-reference.js';
import { standingOrder } from './book.js';

// `pnpm bench`: unappliedMoneyOf (the money a claim holds beyond what it owed; summarizeClaim
// computes it at every write of a claim) on a claim paid by a standing order that kept running
// (standingOrder: half the payments are surplus, every fourth refunded in part, every tenth charged
// back), with 10 and with 1,000 payments — the one-pass rule (everyPaymentPartsLeft) beside the
// per-payment scan it replaced (test/ledger/unapplied-reference.ts), in one run. States are built
// outside the measurement; unappliedMoneyOf keeps nothing between calls.
for (const count of [10, 1_000]) {
  const state = standingOrder(count);
  describe(`unappliedMoneyOf, ${count} payments, ${state.reversals.length} reversals`, () => {
    bench('one pass (everyPaymentPartsLeft)', () => {
      unappliedMoneyOf(state);
    });
    bench('per-payment scan (before)', () => {
      oldUnappliedMoneyOf(state);
    });
  });
}
