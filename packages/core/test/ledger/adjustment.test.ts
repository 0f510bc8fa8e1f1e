import { describe, expect, it } from 'vitest';
import {
  AdjustmentExceedsPrincipalError,
  bookAdjustment,
  bookIncomingPayment,
  checkInvariants,
  createMahnwerk,
  MahnwerkError,
  money,
  project,
  reverseIncomingPayment,
  statement,
  toAmountString,
  type ClaimEvent,
  type IsoDate,
} from '../../src/index.js';
import { facts } from '../engine/helpers.js';
import { memoryStore } from '../engine/memory-store.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';

// A credit note (Gutschrift) or write-down (Teilerlass, § 397 Abs. 1 BGB) lowers the principal still
// owed — and only that. Payments recorded before it are extinguished as far as they paid (§ 362
// Abs. 1 BGB) and stay applied as § 367 Abs. 1 BGB applied them (costs, interest, principal). One
// larger than the principal open showed a NEGATIVE principal on the statement (reproduced below with
// the raw event), which no payment can pay and guard.no-negative-balance reports. bookAdjustment —
// the one decision of every adjustment (the host's recordAdjustment, the random ledgers) — refuses it
// with AdjustmentExceedsPrincipalError (code adjustment_exceeds_principal), naming the principal open
// and its day, before anything is written. Money to give back is a refund of the payment
// (reverseIncomingPayment, kind refund), which puts the principal part it paid back open; then the
// credit note lowers that too.

const eur = (text: string) => money(text, 'EUR');

/** The error `f` throws (it must throw a mahnwerk error). */
function refusal(f: () => unknown): AdjustmentExceedsPrincipalError {
  try {
    f();
  } catch (error) {
    if (MahnwerkError.isInstance(error)) return error as AdjustmentExceedsPrincipalError;
    throw error;
  }
  throw new Error('expected a refusal, but it was booked');
}

describe('a credit note larger than the principal open (§ 362 Abs. 1, § 367 Abs. 1 BGB; guard.no-negative-balance)', () => {
  // Hand check: principal 100.00, no default, no payment. A raw credit note of 150.00 on 2025-01-05
  // leaves 100.00 − 150.00 = −50.00 principal.
  it('reproduction: the raw event leaves the principal at -50.00, and checkInvariants reports guard.no-negative-balance', () => {
    const events: ClaimEvent[] = [created('100.00'), { type: 'adjustment', claimId: CLAIM, date: '2025-01-05', kind: 'credit-note', amount: '150.00' }];
    expect(toAmountString(statement(project(events), '2025-01-05').principal)).toBe('-50.00');
    expect(checkInvariants(events).map((r) => r.guard)).toContain('guard.no-negative-balance');
  });

  it('bookAdjustment refuses it with AdjustmentExceedsPrincipalError naming the principal open (100.00 EUR) and how to fix it; 100.00 itself is booked and leaves 0.00', () => {
    const state = project([created('100.00')]);
    const e = refusal(() => bookAdjustment(state, { kind: 'credit-note', amount: eur('150.00'), date: '2025-01-05' }));
    expect(e).toBeInstanceOf(AdjustmentExceedsPrincipalError);
    expect([e.code, e.field, e.open, e.openOn]).toEqual(['adjustment_exceeds_principal', 'amount', '100.00', '2025-01-05']);
    expect(e.message).toContain('a credit note of 150.00 EUR on 2025-01-05 is more than the principal open on claim "RE-2025-001", 100.00 EUR on 2025-01-05');
    expect(e.message).toContain('Book at most 100.00 EUR; to give the debtor money back, record a refund of the payment first');
    const booked = bookAdjustment(state, { kind: 'credit-note', amount: eur('100.00'), date: '2025-01-05', note: 'Rücksendung' });
    expect([booked.type, booked.kind, booked.amount, booked.date, booked.note, booked.reason?.inputs?.openPrincipal]).toEqual(['adjustment', 'credit-note', '100.00', '2025-01-05', 'Rücksendung', '100.00']);
    const events = [created('100.00'), booked];
    expect(toAmountString(statement(project(events), '2025-01-05').principal)).toBe('0.00');
    expect(checkInvariants(events)).toEqual([]);
  });

  // Hand check: principal 500.00 (consumer), in default from 2025-01-01 (base rate 2.27 % + 5 pp =
  // 7.27 %). Payment of 200.00 on 2025-02-01 meets the claim as of 2025-01-31: interest 31 days,
  // 500.00 × 7.27 % × 31 / 365 = 3.0873… → 3.09; § 367: interest 3.09, principal 196.91. Principal
  // open: 500.00 − 196.91 = 303.09. A credit note of 303.10 is one cent too much; 303.09 leaves 0.00.
  it('after a part payment: at most the 303.09 open (500.00 − 196.91 paid on the principal), not the invoice amount — the 3.09 paid on interest stays paid', () => {
    const events: ClaimEvent[] = [created('500.00'), defaultBegan('2025-01-01')];
    events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: eur('200.00'), date: '2025-02-01' }));
    const pay = events.at(-1);
    expect(pay?.type === 'payment-received' && [pay.allocation.interest, pay.allocation.principal]).toEqual(['3.09', '196.91']);
    const e = refusal(() => bookAdjustment(project(events), { kind: 'credit-note', amount: eur('303.10'), date: '2025-02-01' }));
    expect([e.code, e.open, e.openOn]).toEqual(['adjustment_exceeds_principal', '303.09', '2025-02-01']);
    events.push(bookAdjustment(project(events), { kind: 'credit-note', amount: eur('303.09'), date: '2025-02-01' }));
    expect(toAmountString(statement(project(events), '2025-02-01').principal)).toBe('0.00');
    expect(checkInvariants(events)).toEqual([]);
  });

  // Hand check: principal 100.00, no default; a payment of 100.00 on 2025-01-10 pays the principal
  // (nothing else is owed). A credit note dated 2025-01-05 (booked later, backdated) finds 100.00
  // open on its day, but 0.00 from 2025-01-10 on: booked, even 0.01 would leave −0.01 from then.
  it('backdated before a payment already recorded: the least principal open from its day on counts — 0.00 from 2025-01-10, so even 0.01 is refused', () => {
    const events: ClaimEvent[] = [created('100.00')];
    events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: eur('100.00'), date: '2025-01-10' }));
    for (const amount of ['50.00', '0.01']) {
      const e = refusal(() => bookAdjustment(project(events), { kind: 'credit-note', amount: eur(amount), date: '2025-01-05' }));
      expect([e.code, e.open, e.openOn]).toEqual(['adjustment_exceeds_principal', '0.00', '2025-01-10']);
      expect(e.message).toContain('0.00 EUR on 2025-01-10, after the payment recorded for that day');
    }
  });

  // Hand check: as above, the 100.00 paid on 2025-01-10; the goods come back on 2025-01-20. The
  // refund of 100.00 undoes the payment's principal part (nothing was unapplied): principal open
  // 100.00 again; the credit note of 100.00 then leaves 0.00, nothing held for the debtor.
  it('the way to give money back: the refund first (it puts the 100.00 principal part back open), then the credit note of 100.00 — principal 0.00, unapplied 0.00', () => {
    const events: ClaimEvent[] = [created('100.00')];
    events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: eur('100.00'), date: '2025-01-10' }));
    expect(refusal(() => bookAdjustment(project(events), { kind: 'credit-note', amount: eur('100.00'), date: '2025-01-20' })).open).toBe('0.00');
    events.push(...reverseIncomingPayment(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'refund', amount: eur('100.00'), date: '2025-01-20' }));
    events.push(bookAdjustment(project(events), { kind: 'credit-note', amount: eur('100.00'), date: '2025-01-20' }));
    const st = statement(project(events), '2025-01-20');
    expect([st.principal, st.unapplied, st.total].map(toAmountString)).toEqual(['0.00', '0.00', '0.00']);
    expect(checkInvariants(events)).toEqual([]);
  });

  it('a write-down (Teilerlass, § 397 Abs. 1 BGB) is held to the same bound; amounts not above zero, with more decimals than EUR, or in another currency are refused', () => {
    const state = project([created('100.00')]);
    expect(refusal(() => bookAdjustment(state, { kind: 'write-down', amount: eur('100.01'), date: '2025-01-05' })).code).toBe('adjustment_exceeds_principal');
    expect(refusal(() => bookAdjustment(state, { kind: 'write-down', amount: eur('0.00'), date: '2025-01-05' })).code).toBe('invalid_input');
    expect(refusal(() => bookAdjustment(state, { kind: 'write-down', amount: eur('1.005'), date: '2025-01-05' })).code).toBe('invalid_money');
    expect(refusal(() => bookAdjustment(state, { kind: 'write-down', amount: money('1.00', 'USD'), date: '2025-01-05' })).code).toBe('currency_mismatch');
  });
});

describe('the host\'s recordAdjustment books through bookAdjustment: refused before anything is written', () => {
  // Hand check: 1000.00 (consumer), invoice 2025-01-02, due 2025-01-16 (agreed: default from
  // 2025-01-17, § 286 Abs. 2 Nr. 1 BGB). Payment of 200.00 on 2025-02-01 meets interest 2025-01-17 –
  // 2025-01-31, 15 days: 1000.00 × 7.27 % × 15 / 365 = 2.9876… → 2.99; principal 197.01, open 802.99.
  it('a credit note of 803.00 is refused naming 802.99 (the store keeps its version); 802.99 is recorded and leaves principal 0.00', async () => {
    const store = memoryStore();
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
    const mw = createMahnwerk({ store, clock, policy: 'auto', channels: [] });
    await mw.createClaim(facts());
    clock.date = '2025-02-01';
    const paid = await mw.recordPayment({ claimId: 'INV-1', amount: '200.00' });
    const pay = paid.events.find((e) => e.type === 'payment-received');
    expect(pay?.type === 'payment-received' && [pay.allocation.interest, pay.allocation.principal]).toEqual(['2.99', '197.01']);
    const before = (await store.load('INV-1'))?.version;
    const e = await mw.recordAdjustment({ claimId: 'INV-1', kind: 'credit-note', amount: '803.00', note: 'Rücksendung' }).then(
      () => null,
      (error: unknown) => error as AdjustmentExceedsPrincipalError,
    );
    expect([e?.name, e?.code, e?.field, e?.open, e?.openOn]).toEqual(['AdjustmentExceedsPrincipalError', 'adjustment_exceeds_principal', 'amount', '802.99', '2025-02-01']);
    expect((await store.load('INV-1'))?.version).toBe(before);
    const done = await mw.recordAdjustment({ claimId: 'INV-1', kind: 'credit-note', amount: '802.99', note: 'Rücksendung' });
    expect(done.events.map((x) => x.type)).toEqual(['adjustment']);
    expect(toAmountString((await mw.statement('INV-1', '2025-02-01')).principal)).toBe('0.00');
  });
});
