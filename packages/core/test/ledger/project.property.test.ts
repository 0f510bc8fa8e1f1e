import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, evolveAll, initialState, project, type ClaimEvent, type ClaimState } from '../../src/index.js';
import { CLAIM, created } from './fixtures.js';
import { oldProject } from './project-reference.js';
import { buildLedger, ledgerScenario } from './random-ledger.js';

// The fold checks what an event refers to: a refund or chargeback (`payment-reversed`) a payment
// received before it, and a reversal id used once; a fee reduction's `movedToUnapplied` payments
// received before it. It looked each one up by scanning the payments (and the reversals) folded so
// far — time in payments × reversals. It now keeps the ids of the payments and reversals in one index
// per fold (FoldIndex in project.ts), so a ledger folds in time linear in its events. The old fold
// is kept as the reference (project-reference.ts, which bench/project.bench.ts runs beside the new
// one); the new fold must give the same state, and refuse the same ledgers with the same error.

/** What a fold gives: the state, or the error it throws (its class, message and field). */
function outcome(fold: () => unknown): unknown {
  try {
    return { state: fold() };
  } catch (e) {
    const err = e as Error & { field?: unknown; code?: unknown };
    return { error: [err.constructor.name, err.message, err.field, err.code] };
  }
}

/**
 * The fold a few events at a time: evolveAll from the state before (the index made anew per fold),
 * `runs[k]` events per step in turn, from the state of the first event.
 */
function foldInRuns(events: readonly ClaimEvent[], runs: readonly number[]): ClaimState {
  let state = initialState(events[0] as ClaimEvent);
  let at = 1;
  let k = 0;
  while (at < events.length) {
    const next = Math.min(events.length, at + (runs[k++ % runs.length] as number));
    state = evolveAll(state, events.slice(0, next), at);
    at = next;
  }
  return state;
}

/** Step sizes of {@link foldInRuns} for the long ledgers: 1 to 10 sizes of 1 to 30 events. */
const longRuns = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 });

/** The first event of a long ledger: a 100,000.00 EUR claim, invoice 2025-01-01, due 2025-01-15. */
const longLedgerStart = (): ClaimEvent => created('100000.00', { date: '2025-01-01', facts: { invoiceDate: '2025-01-01', dueDate: '2025-01-15' } });

/** The fold of the whole ledger and the fold in `runs` give the same state, or the same error, as the old fold. */
function expectAsOldFold(events: readonly ClaimEvent[], runs: readonly number[]): void {
  const oracle = outcome(() => oldProject(events));
  expect(outcome(() => project(events))).toEqual(oracle);
  expect(outcome(() => foldInRuns(events, runs))).toEqual(oracle);
}

/** A ledger broken in one of the ways the fold checks, at a random place. */
const breakage = fc.record({
  kind: fc.constantFrom('unknown-payment' as const, 'reversal-twice' as const, 'moved-unknown' as const, 'reversal-before-payment' as const),
  at: fc.nat(),
  which: fc.nat(),
});

function broken(events: readonly ClaimEvent[], b: { kind: 'unknown-payment' | 'reversal-twice' | 'moved-unknown' | 'reversal-before-payment'; at: number; which: number }): ClaimEvent[] {
  const out = [...events];
  const at = 1 + (b.at % Math.max(1, out.length - 1));
  const reversals = out.filter((e) => e.type === 'payment-reversed');
  const reductions = out.filter((e) => e.type === 'fee-reduced');
  const payments = out.filter((e) => e.type === 'payment-received');
  switch (b.kind) {
    case 'unknown-payment':
      out.splice(at, 0, { type: 'payment-reversed', claimId: CLAIM, date: '2025-06-01', reversalId: 'R-X', paymentId: 'no-such-payment', kind: 'refund', amount: '1.00', allocation: { costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '1.00' } });
      break;
    case 'reversal-twice': {
      const r = reversals[b.which % Math.max(1, reversals.length)];
      // Again after itself (anywhere before it, its payment may not be received yet).
      if (r !== undefined) out.splice(Math.min(out.length, out.indexOf(r) + 1 + (b.at % 4)), 0, r);
      break;
    }
    case 'moved-unknown': {
      const r = reductions[b.which % Math.max(1, reductions.length)];
      if (r !== undefined && r.type === 'fee-reduced') out.splice(out.indexOf(r), 1, { ...r, movedToUnapplied: [...(r.movedToUnapplied ?? []), { paymentId: 'no-such-payment', amount: '0.01' }] });
      break;
    }
    case 'reversal-before-payment': {
      // A payment moved behind the first reversal of it (or any other event naming it).
      const p = payments[b.which % Math.max(1, payments.length)];
      if (p === undefined || p.type !== 'payment-received') break;
      const from = out.indexOf(p);
      out.splice(from, 1);
      out.splice(Math.min(out.length, from + 1 + (b.at % 5)), 0, p);
      break;
    }
  }
  return out;
}

describe('project: references checked through one index per fold give what the scans gave (payment-reversed, fee-reduced.movedToUnapplied)', () => {
  it('random ledgers (payments, refunds, chargebacks, withdrawn letters with their fee moves): the same state as the old fold', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false }), (sc) => {
        const events = buildLedger(sc);
        expect(project(events)).toEqual(oldProject(events));
      }),
      { numRuns: 300 },
    );
  });

  it('broken ledgers (a reversal of no payment received before, a reversal id twice, a moved payment never received): the same error, at the same event, as the old fold', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false }), breakage, (sc, b) => {
        const events = broken(buildLedger(sc), b);
        expect(outcome(() => project(events))).toEqual(outcome(() => oldProject(events)));
      }),
      { numRuns: 300 },
    );
  });

  it('folded a few events at a time (evolveAll, the index made anew per fold from the state before): the same state or error as the old fold of the whole ledger', () => {
    fc.assert(
      fc.property(ledgerScenario({ reversals: true, options: false }), breakage, fc.boolean(), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 20 }), (sc, b, isBroken, runs) => {
        const events = isBroken ? broken(buildLedger(sc), b) : buildLedger(sc);
        expect(outcome(() => foldInRuns(events, runs))).toEqual(outcome(() => oldProject(events)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('project: long ledgers (more payments and reversals than a fold scans, so it indexes them)', () => {
  it('17 to 240 payments and reversals in random order, some naming a payment not received (yet) or a reversal id again: the same state or error as the old fold, in one fold and a few events at a time', () => {
    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const) }) },
      // A payment received so far and a new reversal id — but roll 0 (or no payment yet): the payment
      // after the last one received; roll 1: a reversal id used before. About one ledger in three is whole.
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), payment: fc.nat(), roll: fc.integer({ min: 0, max: 199 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 17, maxLength: 240 }), longRuns, (steps, runs) => {
        const events: ClaimEvent[] = [longLedgerStart()];
        const parts = { costs: '0.00', interest: '0.00', principal: '1.00', unapplied: '0.00' };
        let paid = 0;
        let reversed = 0;
        for (const st of steps) {
          if (st.kind === 'pay') {
            paid++;
            events.push({ type: 'payment-received', claimId: CLAIM, date: '2025-02-01', paymentId: `P${paid}`, amount: '1.00', allocation: parts });
          } else {
            const reversalId = st.roll === 1 && reversed > 0 ? `R${1 + (st.payment % reversed)}` : `R${++reversed}`;
            const paymentId = st.roll === 0 || paid === 0 ? `P${paid + 1}` : `P${1 + (st.payment % paid)}`;
            events.push({ type: 'payment-reversed', claimId: CLAIM, date: '2025-02-01', reversalId, paymentId, kind: 'refund', amount: '1.00', allocation: parts });
          }
        }
        expectAsOldFold(events, runs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('project folds a ledger in time linear in its events: each payment id and reversal id is read a bounded number of times', () => {
  it('2,000 payments, each refunded once (the latest payment first): a payment id read at most once, a reversal id about twice — the scans read each kind about 2,000,000 times', () => {
    // Events whose ids count their reads. The old fold scanned, for the reversal of payment k,
    // payments 1 … k until found (Σ k = n(n + 1)/2 = 2,001,000 payment ids for n = 2,000), and for the
    // j-th reversal the j − 1 reversals before it (n(n − 1)/2 = 1,999,000 reversal ids).
    let paymentIdReads = 0;
    let reversalIdReads = 0;
    const n = 2_000;
    const events: ClaimEvent[] = [longLedgerStart()];
    for (let k = 1; k <= n; k++) {
      const payment = { type: 'payment-received', claimId: CLAIM, date: '2025-02-01', amount: '1.00', allocation: { costs: '0.00', interest: '0.00', principal: '1.00', unapplied: '0.00' } };
      Object.defineProperty(payment, 'paymentId', { enumerable: true, get: () => (paymentIdReads++, `P${k}`) });
      events.push(payment as ClaimEvent);
    }
    for (let k = n; k >= 1; k--) {
      const reversal = { type: 'payment-reversed', claimId: CLAIM, date: '2025-03-01', paymentId: `P${k}`, kind: 'refund', amount: '1.00', allocation: { costs: '0.00', interest: '0.00', principal: '1.00', unapplied: '0.00' } };
      Object.defineProperty(reversal, 'reversalId', { enumerable: true, get: () => (reversalIdReads++, `R${k}`) });
      events.push(reversal as ClaimEvent);
    }
    const state = project(events);
    expect(state.payments).toHaveLength(n);
    expect(state.reversals).toHaveLength(n);
    // Each payment's id goes into the index once; each reversal's id is asked once and indexed once
    // (and the first 16 reversals, a short list, are scanned: at most 0 + 1 + … + 16 = 136 reads more).
    expect(paymentIdReads).toBeLessThanOrEqual(n);
    expect(reversalIdReads).toBeLessThanOrEqual(2 * n + 136);
  });
});

describe('project: a fee reduction\'s fee and a send\'s message found through the fold\'s index (FoldIndex fees and messages), as the scans found them', () => {
  it('60 to 160 fees, reductions, queued messages and sends with a later deadline in random order — a reduction of a fee not charged (yet), a send of a message queued twice or not at all: the same state or error as the old fold, in one fold and a few events at a time', () => {
    const step = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('fee' as const) }) },
      // A fee charged so far — roll 0 (or none yet): the fee after the last one charged.
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('reduce' as const), fee: fc.nat(), roll: fc.integer({ min: 0, max: 99 }) }) },
      // A stage entered with its message (roll 0: the id of an earlier message again).
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('stage' as const), roll: fc.integer({ min: 0, max: 3 }), message: fc.nat() }) },
      // A send of one of the last three messages queued, with a deadline later than the stage's (roll 0: a message never queued).
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('send' as const), message: fc.nat(), roll: fc.integer({ min: 0, max: 19 }), days: fc.integer({ min: 1, max: 30 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 60, maxLength: 160 }), longRuns, (steps, runs) => {
        const events: ClaimEvent[] = [longLedgerStart()];
        let fees = 0;
        let stages = 0;
        const queued: { id: string; date: string }[] = [];
        for (const st of steps) {
          if (st.kind === 'fee') {
            fees++;
            events.push({ type: 'fee-charged', claimId: CLAIM, date: '2025-02-01', feeId: `F${fees}`, kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '1.00', basis: 'x' });
          } else if (st.kind === 'reduce') {
            const feeId = st.roll === 0 || fees === 0 ? `F${fees + 1}` : `F${1 + (st.fee % fees)}`;
            events.push({ type: 'fee-reduced', claimId: CLAIM, date: '2025-02-01', feeId, amount: '0.01', basis: 'x' });
          } else if (st.kind === 'stage') {
            stages++;
            const date = addDays('2025-02-01', stages);
            const id = st.roll === 0 && queued.length > 0 ? (queued[st.message % queued.length] as { id: string }).id : `M${stages}`;
            events.push({ type: 'stage-entered', claimId: CLAIM, date, stage: `s${stages}`, stageIndex: stages, deadline: addDays(date, 14) });
            events.push({ type: 'message-queued', claimId: CLAIM, date, messageId: id, stage: `s${stages}`, channel: 'letter', template: 't' });
            queued.push({ id, date });
          } else {
            const m = st.roll === 0 || queued.length === 0 ? { id: 'M-never', date: '2025-02-01' } : (queued[queued.length - 1 - (st.message % Math.min(3, queued.length))] as { id: string; date: string });
            events.push({ type: 'message-sent', claimId: CLAIM, date: addDays(m.date, 1), messageId: m.id, channel: 'letter', deadline: addDays(m.date, 14 + st.days) });
          }
        }
        expectAsOldFold(events, runs);
      }),
      { numRuns: 300 },
    );
  });
});
