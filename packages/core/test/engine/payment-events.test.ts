import { describe, expect, it } from 'vitest';
import { createMahnwerk, handlePaymentWebhook, recordPaymentEvent, toAmountString, type IsoDate, type PaymentEvent } from '../../src/index.js';
import { memoryStore } from './memory-store.js';
import { rejected } from '../errors/caught.js';

// Payments from a provider enter the ledger only through the host's commands (recordPayment,
// reversePayment), idempotent by the provider's event id and payment id, with their value dates.

function setup(today: IsoDate = '2025-01-10') {
  const store = memoryStore();
  const clock = { date: today, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
  const mw = createMahnwerk({ store, clock, policy: 'auto' });
  return { store, clock, mw };
}

const facts = {
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer' as const, name: 'Erika Muster', email: 'erika@example.org' },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
};

const payment: PaymentEvent = { kind: 'payment', eventId: 'evt_1', claimId: 'INV-1', paymentId: 'pi_1', amount: '1000.00', currency: 'EUR', valueDate: '2025-01-08' };

describe('recordPaymentEvent / handlePaymentWebhook', () => {
  it('records a payment with its value date; a duplicate delivery writes nothing; the daily run settles the claim', async () => {
    const { store, mw } = setup();
    await mw.createClaim(facts);
    const first = await recordPaymentEvent(mw, payment);
    expect(first.replayed).toBe(false);
    expect(first.events).toMatchObject([{ type: 'payment-received', paymentId: 'pi_1', date: '2025-01-08', amount: '1000.00', idempotencyKey: 'payment-event:evt_1' }]);
    const writes = store.writes();
    const again = await recordPaymentEvent(mw, payment);
    expect(again.replayed).toBe(true);
    // Another event about the same payment (a provider sends several) is absorbed by the payment id.
    expect((await recordPaymentEvent(mw, { ...payment, eventId: 'evt_1b' })).replayed).toBe(true);
    expect(store.writes()).toBe(writes);
    await mw.runDue();
    expect((await mw.claim('INV-1')).status).toBe('settled');
  });

  it('a chargeback reopens the settled claim; delivered before its payment, a refund is refused as retryable and writes nothing', async () => {
    const { store, mw } = setup();
    await mw.createClaim(facts);
    const refund: PaymentEvent = { kind: 'refund', eventId: 'evt_3', claimId: 'INV-1', paymentId: 'pi_1', reversalId: 're_1', amount: '200.00', currency: 'EUR', valueDate: '2025-01-09' };
    const writes = store.writes();
    const early = await rejected(recordPaymentEvent(mw, refund));
    expect([early.code, early.retryable]).toEqual(['payment_not_found', true]);
    expect(store.writes()).toBe(writes);
    await recordPaymentEvent(mw, payment);
    await mw.runDue();
    expect((await mw.claim('INV-1')).status).toBe('settled');
    const r = await recordPaymentEvent(mw, refund);
    expect(r.events.map((e) => e.type)).toEqual(['payment-reversed', 'reopened']);
    expect(toAmountString((await mw.statement('INV-1')).total)).toBe('200.00');
    const cb = await recordPaymentEvent(mw, { ...refund, kind: 'chargeback', eventId: 'evt_4', reversalId: 'dp_1', amount: '800.00', valueDate: '2025-01-10' });
    expect(cb.events.map((e) => e.type)).toEqual(['payment-reversed']);
    expect(toAmountString((await mw.statement('INV-1')).total)).toBe('1000.00');
    expect((await recordPaymentEvent(mw, { ...refund, kind: 'chargeback', eventId: 'evt_4', reversalId: 'dp_1', amount: '800.00', valueDate: '2025-01-10' })).replayed).toBe(true);
  });

  it('handlePaymentWebhook records nothing for a rejected or ignored request', async () => {
    const { store, mw } = setup();
    await mw.createClaim(facts);
    const writes = store.writes();
    const rejected = await handlePaymentWebhook(mw, { handleWebhook: () => Promise.resolve({ status: 'rejected', reason: 'bad-signature', message: 'no' }) }, '{}', {});
    const ignored = await handlePaymentWebhook(mw, { handleWebhook: () => Promise.resolve({ status: 'ignored', eventId: 'evt_9', type: 'customer.created', reason: 'not a payment' }) }, '{}', {});
    expect([rejected.result, ignored.result]).toEqual([undefined, undefined]);
    expect(store.writes()).toBe(writes);
    const verified = await handlePaymentWebhook(mw, { handleWebhook: () => Promise.resolve({ status: 'verified', event: payment }) }, '{}', {});
    expect(verified.result?.events).toHaveLength(1);
  });

  it('the webhook path says what a payment left unapplied, as recordPayment does (§ 812 Abs. 1 S. 1 BGB: an overpayment is owed back)', async () => {
    const { mw } = setup();
    await mw.createClaim(facts);
    // Checked by hand: 1,200.00 paid on 8 January for 1,000.00 due on 16 January — nothing else is
    // owed before the due date (no default, no interest, no costs), so 1,200.00 − 1,000.00 = 200.00
    // is unapplied; the claim's statement says the same.
    const over: PaymentEvent = { ...payment, eventId: 'evt_over', amount: '1200.00' };
    const verified = await handlePaymentWebhook(mw, { handleWebhook: () => Promise.resolve({ status: 'verified', event: over }) }, '{}', {});
    const r = verified.result;
    if (r?.kind !== 'payment') throw new Error(`expected a payment's result, got ${JSON.stringify(r)}`);
    expect([r.paymentId, toAmountString(r.unapplied), r.unapplied.currency]).toEqual(['pi_1', '200.00', 'EUR']);
    expect(toAmountString((await mw.statement('INV-1')).unapplied)).toBe('200.00');
    // A redelivery replays the first booking, unapplied included.
    const again = await recordPaymentEvent(mw, over);
    expect(again.kind === 'payment' && [again.replayed, toAmountString(again.unapplied)]).toEqual([true, '200.00']);
    // A refund of the surplus is a reversal: its result says so, and carries no unapplied.
    const refund = await recordPaymentEvent(mw, { kind: 'refund', eventId: 'evt_ref', claimId: 'INV-1', paymentId: 'pi_1', reversalId: 're_over', amount: '200.00', currency: 'EUR', valueDate: '2025-01-09' });
    expect(refund.kind).toBe('refund');
    expect('unapplied' in refund).toBe(false);
    expect(toAmountString((await mw.statement('INV-1')).unapplied)).toBe('0.00');
  });

  it('reversePayment validates its input before reading: a future date, a bad kind, too many decimals', async () => {
    const { mw } = setup();
    await mw.createClaim(facts);
    const base = { claimId: 'INV-1', paymentId: 'pi_1', reversalId: 're_1', kind: 'refund' as const, amount: '10.00' };
    expect((await rejected(mw.reversePayment({ ...base, date: '2025-01-11' }))).field).toBe('date');
    expect((await rejected(mw.reversePayment({ ...base, kind: 'void' as 'refund' }))).field).toBe('kind');
    expect((await rejected(mw.reversePayment({ ...base, amount: '10.001' }))).field).toBe('amount');
  });
});

describe('a chargeback after the due date puts the claim back into dunning', () => {
  it('settled by a card payment, charged back after the due date: the next daily run takes the claim up again', async () => {
    const { clock, mw } = setup('2025-01-10');
    await mw.createClaim(facts);
    await recordPaymentEvent(mw, payment);
    await mw.runDue();
    expect((await mw.claim('INV-1')).status).toBe('settled');
    clock.date = '2025-02-03';
    await recordPaymentEvent(mw, { kind: 'chargeback', eventId: 'evt_cb', claimId: 'INV-1', paymentId: 'pi_1', reversalId: 'dp_1', amount: '1000.00', currency: 'EUR', valueDate: '2025-02-03' });
    const run = await mw.runDue();
    const state = await mw.claim('INV-1');
    // Reopened and owed in full again; the run decided on it (a first notice or default, by the policy).
    expect(state.status).not.toBe('settled');
    expect(run.events.filter((e) => e.claimId === 'INV-1').map((e) => e.type)).toContain('stage-entered');
    expect(toAmountString((await mw.statement('INV-1')).principal)).toBe('1000.00');
  });
});
