import { bench, describe } from 'vitest';
import { project } from '../src/index.js';
import { oldProject } from '../test/ledger/project-reference.js';
import { standingOrder } from './book.js';

// `pnpm bench`: project (the fold of a claim's ledger into its state, which every read of a claim
// from its events does) on the ledger of a claim paid by a standing order that kept running
// (standingOrder: every fourth payment refunded in part, every tenth charged back), with 10 and with
// 1,000 payments — the fold that checks a reversal's payment and id through one index per fold
// (FoldIndex) beside the fold that scanned the payments and reversals for each reversal
// (test/ledger/project-reference.ts), in one run. The ledgers are built outside the measurement.
for (const count of [10, 1_000]) {
  const state = standingOrder(count);
  const events = state.events;
  describe(`project, ${count} payments, ${state.reversals.length} reversals, ${events.length} events`, () => {
    bench('one index per fold (FoldIndex)', () => {
      project(events);
    });
    bench('scan per reversal (before)', () => {
      oldProject(events);
    });
  });
}
