import { describe, expect, it } from 'vitest';
import { addDays, createMahnwerk, project, unappliedMoneyOf, type ClaimFactsInput, type IsoDate, type Mahnwerk } from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// An overpayment is owed back (§ 812 Abs. 1 S. 1 Alt. 1 BGB): what a payment brings beyond what the
// claim owed is left `unapplied` by § 367 Abs. 1 BGB, and the host must learn of it — from the
// payment's result and from the facade's `unappliedMoney` query — until it is refunded.
//
// The business claim of examples/shop (its dispute 2025-04-14 … 04-28 holds escalation, so it is
// not handed over before the payment), worked by hand: 4,780.00 € due on the agreed date
// 2025-04-02, in default from 2025-04-03 (§ 286 Abs. 2 Nr. 1 BGB), 11.27 % (base rate 2.27 %
// from 2025-01-01 + 9 points, § 288 Abs. 2 BGB). Paid 6,000.00 € on 2025-06-02: interest
// 2025-04-03 … 2025-06-01 = 60 days (28 + 31 + 1), 4,780 × 0.1127 × 60 / 365 = 88.554… → 88.55 €;
// flat fee 40.00 € (§ 288 Abs. 5 BGB); owed 4,780.00 + 88.55 + 40.00 = 4,908.55 €;
// 6,000.00 − 4,908.55 = 1,091.45 € unapplied.

const business: ClaimFactsInput = {
  id: 'RE-2025-0418',
  debtor: { id: 'K-90412', kind: 'business', name: 'Muster Bau GmbH', address: ['Industriestraße 41', '80339 München'] },
  principal: '4780.00',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-04-02',
  dueDateAgreed: true,
};

/** A consumer claim of `principal` due 2025-03-31 (a payment before that day owes no interest, no costs). */
function consumer(id: string, debtorId: string, principal: string): ClaimFactsInput {
  return {
    id,
    debtor: { id: debtorId, kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
    principal,
    currency: 'EUR',
    invoiceDate: '2025-03-03',
    dueDate: '2025-03-31',
    dueDateAgreed: true,
  };
}

/**
 * A host on a virtual clock from 2025-03-03, with each day's actions and then the daily run done
 * every day up to `until` (the order of a business day).
 */
async function host(until: IsoDate, claims: readonly ClaimFactsInput[], actions: Record<IsoDate, (mw: Mahnwerk) => Promise<unknown>> = {}) {
  const clock = { date: '2025-03-03' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+02:00` };
  const mw = createMahnwerk({ store: memoryStore(), clock, policy: 'auto', channels: [] });
  for (const c of claims) await mw.createClaim(c);
  for (let day: IsoDate = '2025-03-03'; day <= until; day = addDays(day, 1)) {
    clock.date = day;
    await actions[day]?.(mw);
    await mw.runDue(day);
  }
  return { mw, clock };
}

/** The business claim's timeline of examples/shop up to its overpayment on 2025-06-02. */
const overpaid: Record<IsoDate, (mw: Mahnwerk) => Promise<unknown>> = {
  '2025-04-14': (mw) => mw.openDispute({ claimId: business.id, disputeId: 'D-1', note: 'Zwei Kübel mit Lackschäden geliefert' }),
  '2025-04-28': (mw) => mw.resolveDispute({ claimId: business.id, disputeId: 'D-1', outcome: 'creditor-right', note: 'Schaden nach Zustellung entstanden' }),
  '2025-06-02': (mw) => mw.recordPayment({ claimId: business.id, amount: '6000.00', paymentId: 'BANK-2025-06-02-9' }),
};

describe('recordPayment says what a payment left unapplied (§ 367 Abs. 1 BGB allocation, § 812 Abs. 1 S. 1 BGB refund owed)', () => {
  it('6,000.00 € on a claim owing 4,908.55 €: costs 40.00, interest 88.55, principal 4,780.00, unapplied 1,091.45 — and the result says 1,091.45', async () => {
    const { '2025-06-02': _pay, ...before } = overpaid;
    const { mw, clock } = await host('2025-06-01', [business], before);
    clock.date = '2025-06-02';
    const paid = await mw.recordPayment({ claimId: business.id, amount: '6000.00', paymentId: 'BANK-2025-06-02-9' });
    await mw.runDue('2025-06-02');
    const event = paid.events.find((e) => e.type === 'payment-received');
    expect(event?.type === 'payment-received' && event.allocation).toEqual({ costs: '40.00', interest: '88.55', principal: '4780.00', unapplied: '1091.45' });
    expect([paid.paymentId, paid.unapplied.amount.toFixed(2), paid.unapplied.currency, paid.replayed]).toEqual(['BANK-2025-06-02-9', '1091.45', 'EUR', false]);
    expect((await mw.claim(business.id)).status).toBe('settled');
  });

  it('a payment that all goes to the claim leaves 0.00 unapplied; the same payment id again answers the first booking (replayed) with its figure', async () => {
    const { mw } = await host('2025-03-10', [consumer('C-1', 'D-1', '100.00')]);
    // 60.00 € on a 100.00 € claim before it is due: all principal (no interest, no costs yet).
    const part = await mw.recordPayment({ claimId: 'C-1', amount: '60.00', paymentId: 'P-1' });
    expect(part.unapplied.amount.toFixed(2)).toBe('0.00');
    // 70.00 € more: 40.00 € principal is left, so 30.00 € is unapplied.
    const over = await mw.recordPayment({ claimId: 'C-1', amount: '70.00', paymentId: 'P-2' });
    expect(over.unapplied.amount.toFixed(2)).toBe('30.00');
    const again = await mw.recordPayment({ claimId: 'C-1', amount: '70.00', paymentId: 'P-2' });
    expect([again.replayed, again.paymentId, again.unapplied.amount.toFixed(2)]).toEqual([true, 'P-2', '30.00']);
    const keyed = await mw.recordPayment({ claimId: 'C-1', amount: '5.00', paymentId: 'P-3' }, { idempotencyKey: 'k-3' });
    const keyedAgain = await mw.recordPayment({ claimId: 'C-1', amount: '5.00', paymentId: 'P-3' }, { idempotencyKey: 'k-3' });
    // The claim owed nothing any more: all 5.00 € unapplied, the first time and on the replay by key.
    expect([keyed.unapplied.amount.toFixed(2), keyedAgain.replayed, keyedAgain.unapplied.amount.toFixed(2)]).toEqual(['5.00', true, '5.00']);
  });
});

describe('unappliedMoneyOf / Mahnwerk.unappliedMoney: the claims holding money owed back to the debtor (§ 812 Abs. 1 S. 1 BGB)', () => {
  it('lists the overpaid claim with 1,091.45 € since 2025-06-02, its debtor and payment — the same figure as statement().unapplied', async () => {
    const { mw } = await host('2025-06-02', [business, consumer('C-2', 'D-2', '100.00')], overpaid);
    const page = await mw.unappliedMoney();
    expect(page.nextCursor).toBeNull();
    expect(page.claims.map((c) => ({ ...c, amount: c.amount.amount.toFixed(2), payments: c.payments.map((p) => [p.paymentId, p.date, p.amount.amount.toFixed(2)]) }))).toEqual([
      {
        claimId: business.id,
        debtorId: 'K-90412',
        status: 'settled',
        amount: '1091.45',
        since: '2025-06-02',
        payments: [['BANK-2025-06-02-9', '2025-06-02', '1091.45']],
      },
    ]);
    expect((await mw.statement(business.id, '2025-06-30')).unapplied.amount.toFixed(2)).toBe('1091.45');
  });

  it('a refund of part of the surplus (reversal of kind refund undoes `unapplied` first) leaves the rest listed; a refund of all of it removes the claim, which stays settled', async () => {
    const { mw, clock } = await host('2025-06-02', [business], overpaid);
    clock.date = '2025-06-05';
    const partial = await mw.reversePayment({ claimId: business.id, paymentId: 'BANK-2025-06-02-9', reversalId: 'REF-1', kind: 'refund', amount: '500.00' });
    const reversed = partial.events.find((e) => e.type === 'payment-reversed');
    expect(reversed?.type === 'payment-reversed' && reversed.allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '500.00' });
    // 1,091.45 − 500.00 = 591.45 € still held, still since the payment's day.
    const after = (await mw.unappliedMoney()).claims;
    expect(after.map((c) => [c.claimId, c.amount.amount.toFixed(2), c.since])).toEqual([[business.id, '591.45', '2025-06-02']]);
    expect((await mw.statement(business.id, '2025-06-05')).unapplied.amount.toFixed(2)).toBe('591.45');
    await mw.reversePayment({ claimId: business.id, paymentId: 'BANK-2025-06-02-9', reversalId: 'REF-2', kind: 'refund', amount: '591.45' });
    expect((await mw.unappliedMoney()).claims).toEqual([]);
    const state = await mw.claim(business.id);
    expect([state.status, unappliedMoneyOf(state)]).toEqual(['settled', null]);
    expect((await mw.statement(business.id, '2025-06-30')).total.amount.toFixed(2)).toBe('0.00');
  });

  it('since = the earliest payment still holding a surplus; a refund of that one moves it to the next', async () => {
    const { mw, clock } = await host('2025-03-10', [consumer('C-1', 'D-1', '100.00')]);
    await mw.recordPayment({ claimId: 'C-1', amount: '120.00', paymentId: 'P-1' }); // 20.00 € over, 2025-03-10
    clock.date = '2025-03-12';
    await mw.recordPayment({ claimId: 'C-1', amount: '15.00', paymentId: 'P-2' }); // all 15.00 € over, 2025-03-12
    const state = project((await mw.history('C-1')).map((e) => e.event));
    const held = unappliedMoneyOf(state);
    expect([held?.amount.amount.toFixed(2), held?.since, held?.payments.map((p) => p.paymentId)]).toEqual(['35.00', '2025-03-10', ['P-1', 'P-2']]);
    await mw.reversePayment({ claimId: 'C-1', paymentId: 'P-1', reversalId: 'R-1', kind: 'refund', amount: '20.00' });
    const rest = unappliedMoneyOf(await mw.claim('C-1'));
    expect([rest?.amount.amount.toFixed(2), rest?.since]).toEqual(['15.00', '2025-03-12']);
  });

  it('pages by the query: `limit` claims holding money per page, other claims skipped, filters applied', async () => {
    const claims = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5'].map((id, i) => consumer(id, i < 4 ? 'D-1' : 'D-2', '100.00'));
    const { mw } = await host('2025-03-10', claims);
    // C-1, C-3 and C-5 overpaid (by 1.00, 3.00, 5.00 €), C-2 paid exactly, C-4 unpaid.
    await mw.recordPayment({ claimId: 'C-1', amount: '101.00', paymentId: 'P-1' });
    await mw.recordPayment({ claimId: 'C-2', amount: '100.00', paymentId: 'P-2' });
    await mw.recordPayment({ claimId: 'C-3', amount: '103.00', paymentId: 'P-3' });
    await mw.recordPayment({ claimId: 'C-5', amount: '105.00', paymentId: 'P-5' });
    const first = await mw.unappliedMoney({ limit: 2 });
    expect(first.claims.map((c) => [c.claimId, c.amount.amount.toFixed(2)])).toEqual([['C-1', '1.00'], ['C-3', '3.00']]);
    expect(first.nextCursor).not.toBeNull();
    const second = await mw.unappliedMoney({ limit: 2, cursor: first.nextCursor as string });
    expect([second.claims.map((c) => c.claimId), second.nextCursor]).toEqual([['C-5'], null]);
    expect((await mw.unappliedMoney({ debtorId: 'D-1' })).claims.map((c) => c.claimId)).toEqual(['C-1', 'C-3']);
    expect((await mw.unappliedMoney({ sort: 'claimId', order: 'desc', limit: 1 })).claims.map((c) => c.claimId)).toEqual(['C-5']);
    await expect(mw.unappliedMoney({ limit: 0 })).rejects.toMatchObject({ code: 'invalid_input', field: 'limit' });
  });

  it("the claim summary carries the figure (summarizeState → unappliedMoneyOf), and unappliedMoney loads only the claims whose summary holds money, not the whole book", async () => {
    const store = memoryStore();
    const clock = { date: '2025-03-10' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const mw = createMahnwerk({ store, clock, policy: 'auto', channels: [] });
    for (let i = 1; i <= 6; i++) await mw.createClaim(consumer(`C-${i}`, 'D-1', '100.00'));
    // Before the due date (2025-03-31): all principal, the rest unapplied. C-2: 130.00 − 100.00 = 30.00;
    // C-5: 100.50 − 100.00 = 0.50; C-3 paid exactly; the others unpaid.
    await mw.recordPayment({ claimId: 'C-2', amount: '130.00', paymentId: 'P-2' });
    await mw.recordPayment({ claimId: 'C-3', amount: '100.00', paymentId: 'P-3' });
    await mw.recordPayment({ claimId: 'C-5', amount: '100.50', paymentId: 'P-5' });
    // A refund of 10.00 of C-2's surplus: 30.00 − 10.00 = 20.00 still held.
    await mw.reversePayment({ claimId: 'C-2', paymentId: 'P-2', reversalId: 'R-2', kind: 'refund', amount: '10.00' });
    const summaries = (await mw.queryClaims()).claims.map((c) => [c.claimId, c.unapplied]);
    expect(summaries).toEqual([['C-1', '0.00'], ['C-2', '20.00'], ['C-3', '0.00'], ['C-4', '0.00'], ['C-5', '0.50'], ['C-6', '0.00']]);
    expect((await mw.queryClaims({ holdsUnapplied: true })).claims.map((c) => c.claimId)).toEqual(['C-2', 'C-5']);

    const loaded: string[] = [];
    const load = store.load.bind(store);
    store.load = async (claimId) => {
      loaded.push(claimId);
      return load(claimId);
    };
    const page = await mw.unappliedMoney();
    expect(page.claims.map((c) => [c.claimId, c.amount.amount.toFixed(2)])).toEqual([['C-2', '20.00'], ['C-5', '0.50']]);
    // Before the projection held the figure, every claim the filter passed (all six) was loaded.
    expect(loaded).toEqual(['C-2', 'C-5']);
  });
});
