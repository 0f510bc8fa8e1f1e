import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  ChannelError,
  checkInvariants,
  deB2cDefaultPolicy,
  letterNotSentBasis,
  letterNotSentCorrection,
  evolve,
  MahnwerkError,
  money,
  paymentPartsLeft,
  project,
  renderPlainText,
  reverseIncomingPayment,
  statement,
  toAmountString,
  unappliedMoneyOf,
  type ClaimEvent,
  type ClaimFactsInput,
  type IsoDate,
  type MahnwerkOptions,
  type Renderer,
} from '../../src/index.js';
import { autoHost, channel } from './host-fixture.js';

// Rule `fee.letter-not-sent`, the withdrawn letter: the creditor fee of the final notice (de-b2c-default:
// 1.00 EUR, the material costs of that letter, §§ 280 Abs. 2, 286 BGB) is booked when the stage is
// entered. When the letter is withdrawn from the outbox because the claim closed before it went out
// (the debtor paid in full meanwhile), no print, paper or postage was spent (§ 249 Abs. 1 BGB: no
// damage), so the fee drops — and what the debtor paid on it (§ 367 Abs. 1 BGB: costs first) is not
// kept: first credited to principal still open, the rest held for the debtor as the paying payment's
// unapplied part (`fee-reduced.movedToUnapplied`, the latest payment first; § 812 Abs. 1 S. 1 Alt. 1
// BGB). A letter whose attempt had an unknown outcome may have gone: its fee stays.
// docs/legal-notes.md, "Built-in policies" (the creditor fee of a letter that was never sent).
//
// Figures by hand (facts /work/shared/legal/de-and-eu-facts.md § 1.1, § 2.1; the same claim as
// letter-not-sent.test.ts):
// - Consumer claim 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (agreed) → default from 06-17.
//   de-b2c-default: final notice Mon 07-28 (letter, e-mail fallback) with the creditor fee 1.00.
// - Interest 5 pp above base: 06-17 … 06-30 = 14 d at 7.27 %: 1500.00 × 0.0727 × 14 / 365 = 4.1827 → 4.18;
//   07-01 … 07-28 = 28 d at 6.27 %: 1500.00 × 0.0627 × 28 / 365 = 7.2148 → 7.21. As of 07-28: 11.39;
//   principal + interest + fee = 1500.00 + 11.39 + 1.00 = 1512.39.
// - 07-01 … 07-29 = 29 d at 6.27 % on 1500.00: 2727.45 / 365 = 7.4725 → 7.47; as of 07-29: 4.18 + 7.47 = 11.65.

const facts = (id: string): ClaimFactsInput => ({
  id,
  debtor: { id: `D-${id}`, kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1500.00',
  currency: 'EUR',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
});

/** A renderer whose template store is down for the final notice (retryable: the letter waits in the outbox, nothing is handed over). */
const held: Renderer = (input) => {
  if (input.stage === 'final-notice') throw new MahnwerkError('template_invalid', 'template store unavailable', { retryable: true });
  return renderPlainText(input);
};

/** The letter-not-sent host with the final notice held in the outbox (`held`, 10 attempts); `pay` records a payment on its day. */
function setup(options: Partial<MahnwerkOptions> = {}) {
  const h = autoHost({ render: held, maxAttempts: 10, ...options });
  const pay = async (claimId: string, amount: string, date: IsoDate, paymentId: string) => {
    h.clock.date = date;
    return h.mw.recordPayment({ claimId, amount, date, paymentId });
  };
  return { ...h, pay };
}

/** "date type detail" of the fee events, the payments and the final notice's delivery events. */
const timeline = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => {
    if (e.type === 'fee-charged') return [`${e.date} fee-charged ${e.kind} ${e.amount}`];
    if (e.type === 'fee-reduced') {
      const credited = e.creditedToPrincipal === undefined ? '' : ` credited ${e.creditedToPrincipal}`;
      const moved = e.movedToUnapplied === undefined ? '' : ` moved ${e.movedToUnapplied.map((m) => `${m.paymentId}:${m.amount}`).join(',')}`;
      return [`${e.date} fee-reduced ${e.amount}${credited}${moved}`];
    }
    if (e.type === 'payment-received') return [`${e.date} payment ${e.paymentId} ${e.amount} = ${e.allocation.costs}/${e.allocation.interest}/${e.allocation.principal}/${e.allocation.unapplied}`];
    if (e.type === 'settled') return [`${e.date} settled`];
    if ((e.type === 'message-sent' || e.type === 'message-failed' || e.type === 'message-skipped') && e.messageId.includes('final-notice')) {
      return [`${e.date} ${e.type} ${e.channel}${e.type === 'message-failed' && e.contentHash !== undefined ? ' may-have-gone' : ''}`];
    }
    return [];
  });

/** principal, interest, costs, total, unapplied of the statement as of `asOf`. */
const figures = (events: readonly ClaimEvent[], asOf: IsoDate): string[] => {
  const s = statement(project(events), asOf);
  return [s.principal, s.interest, s.costs, s.total, s.unapplied].map(toAmountString);
};

const held1 = (events: readonly ClaimEvent[]) =>
  unappliedMoneyOf(project(events))?.payments.map((p) => `${p.paymentId} ${p.date} ${toAmountString(p.amount)}`) ?? [];

describe('fee.letter-not-sent, withdrawn: a letter withdrawn because the claim closed does not keep its fee (§§ 280 Abs. 2, 286, 249 Abs. 1 BGB)', () => {
  it('paid exactly principal + interest + fee (1512.39) on 07-29 while the final notice waits: settled, letter withdrawn, fee 1.00 dropped, the 1.00 paid on it held for the debtor', async () => {
    const { mw, run, pay, events } = setup();
    await mw.createClaim(facts('LW-1'));
    await run('2025-07-28');
    // 07-29: § 367 Abs. 1 BGB against the claim as of the end of 07-28 (costs 1.00, interest 11.39,
    // principal 1500.00): 1512.39 = 1.00 + 11.39 + 1500.00, nothing over.
    await pay('LW-1', '1512.39', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    const ledger = await events('LW-1');
    // No principal left open (1500.00 − 1500.00 = 0.00), so nothing is credited: all 1.00 moves to bank-1's unapplied part.
    expect(timeline(ledger)).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-29 payment bank-1 1512.39 = 1.00/11.39/1500.00/0.00',
      '2025-07-29 settled',
      '2025-07-29 message-failed letter',
      '2025-07-29 fee-reduced 1.00 moved bank-1:1.00',
    ]);
    const reduced = ledger.find((e) => e.type === 'fee-reduced');
    expect(reduced).toMatchObject({ basis: letterNotSentBasis, items: [], reason: { rule: 'fee.letter-not-sent', inputs: { dropped: '1.00', openCostsBefore: '0.00', movedToUnapplied: '1.00' } } });
    expect(reduced?.reason?.text).toBe(
      'Message LW-1:msg:final-notice:1 of stage final-notice was not sent on any channel: no material costs arose, so the creditor dunning fee LW-1:fee:creditor-dunning-fee:2025-07-28:1 is not owed. 1.00 EUR dropped. 1.00 EUR paid on it is held for the debtor as an overpayment.',
    );
    // Costs: 1.00 charged − 1.00 paid − 1.00 dropped + 1.00 no longer paying costs = 0.00; interest 11.39 − 11.39 = 0.00
    // (from 07-29 on no principal bears interest); total 0.00; held 0.00 + 1.00 = 1.00.
    expect(figures(ledger, '2025-07-29')).toEqual(['0.00', '0.00', '0.00', '0.00', '1.00']);
    expect(held1(ledger)).toEqual(['bank-1 2025-07-29 1.00']);
    expect((await mw.claim('LW-1')).status).toBe('settled');
    const line = statement(project(ledger), '2025-07-29').lines.find((l) => l.label === 'Auf entfallene Kosten gezahlt, als Überzahlung gehalten');
    expect(line).toMatchObject({ part: 'costs', basis: '§ 812 Abs. 1 S. 1 Alt. 1 BGB', date: '2025-07-29' });
    expect(toAmountString(line!.amount)).toBe('1.00');
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
    // A refund of the held money takes the unapplied part first (reverseIncomingPayment): 1.00 back, the claim stays settled.
    const refund = reverseIncomingPayment(project(ledger), { reversalId: 'r-1', paymentId: 'bank-1', kind: 'refund', amount: money('1.00', 'EUR'), date: '2025-07-30' });
    expect(refund).toHaveLength(1);
    expect(refund[0]).toMatchObject({ allocation: { costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '1.00' } });
  });

  it('§ 362 Abs. 1 BGB: the payment charged back later does not bring the fee back — no letter went out, so its costs never arose whatever became of the payment (no fee-reinstated)', async () => {
    // As the first case: 1512.39 on 07-29 settles, the letter is withdrawn, the 1.00 fee drops and 1.00 is
    // held. Charged back in full on 07-30: the reversal undoes the held 1.00 first, then principal 1500.00 and
    // interest 11.39 (costs part 0.00: the 1.00 it paid moved to its unapplied part); the claim reopens.
    // The fee's reason (§ 249 Abs. 1 BGB: no letter, no material costs) does not rest on the payment: it
    // stays dropped. Interest as of 07-30: 4.18 + 7.21 (07-01 … 07-28) + 07-30: 1500.00 × 0.0627 / 365 =
    // 0.2577 → 0.26 (07-29 bore none: paid that day) = 11.65; total 1500.00 + 11.65 + 0.00 = 1511.65.
    const { mw, run, pay, events, clock } = setup();
    await mw.createClaim(facts('LW-9'));
    await run('2025-07-28');
    await pay('LW-9', '1512.39', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    clock.date = '2025-07-30';
    const reversed = await mw.reversePayment({ claimId: 'LW-9', paymentId: 'bank-1', reversalId: 'cb-1', kind: 'chargeback', amount: '1512.39', date: '2025-07-30' });
    expect(reversed.events.map((e) => e.type)).toEqual(['payment-reversed', 'reopened']);
    expect(reversed.events[0]).toMatchObject({ allocation: { costs: '0.00', interest: '11.39', principal: '1500.00', unapplied: '1.00' } });
    const ledger = await events('LW-9');
    expect(ledger.filter((e) => e.type === 'fee-reinstated')).toEqual([]);
    expect(figures(ledger, '2025-07-30')).toEqual(['1500.00', '11.65', '0.00', '1511.65', '0.00']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('overpaid (1520.00): 7.61 held already, with the fee 1.00 moved to it 8.61 held', async () => {
    const { mw, run, pay, events } = setup();
    await mw.createClaim(facts('LW-2'));
    await run('2025-07-28');
    // 1520.00 − 1512.39 = 7.61 over the claim as of the end of 07-28.
    await pay('LW-2', '1520.00', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    const ledger = await events('LW-2');
    expect(timeline(ledger).slice(1)).toEqual([
      '2025-07-29 payment bank-1 1520.00 = 1.00/11.39/1500.00/7.61',
      '2025-07-29 settled',
      '2025-07-29 message-failed letter',
      '2025-07-29 fee-reduced 1.00 moved bank-1:1.00',
    ]);
    // 7.61 + 1.00 = 8.61 held, all of bank-1.
    expect(figures(ledger, '2025-07-29')).toEqual(['0.00', '0.00', '0.00', '0.00', '8.61']);
    expect(held1(ledger)).toEqual(['bank-1 2025-07-29 8.61']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('two payments paid the fee (0.60 on 07-29, the rest on 07-30): moved back the latest payment first — bank-2 0.40, bank-1 0.60', async () => {
    const { mw, run, pay, events } = setup();
    await mw.createClaim(facts('LW-3'));
    await run('2025-07-28');
    // 07-29: 0.60 against costs 1.00 first (§ 367 Abs. 1 BGB) → 0.60 on the costs.
    await pay('LW-3', '0.60', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    // End of 07-29: costs 1.00 − 0.60 = 0.40, interest 11.65 (principal untouched), principal 1500.00 → 1512.05.
    await pay('LW-3', '1512.05', '2025-07-30', 'bank-2');
    await run('2025-07-30');
    const ledger = await events('LW-3');
    // The fee is paid in full (0.60 + 0.40 = 1.00), no principal is open: bank-2 (latest) gives back its
    // 0.40 costs part, bank-1 the remaining 1.00 − 0.40 = 0.60.
    expect(timeline(ledger).slice(1)).toEqual([
      '2025-07-29 payment bank-1 0.60 = 0.60/0.00/0.00/0.00',
      '2025-07-30 payment bank-2 1512.05 = 0.40/11.65/1500.00/0.00',
      '2025-07-30 settled',
      '2025-07-30 message-failed letter',
      '2025-07-30 fee-reduced 1.00 moved bank-2:0.40,bank-1:0.60',
    ]);
    expect(figures(ledger, '2025-07-30')).toEqual(['0.00', '0.00', '0.00', '0.00', '1.00']);
    expect(held1(ledger)).toEqual(['bank-1 2025-07-29 0.60', 'bank-2 2025-07-30 0.40']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('withdrawn after an attempt whose outcome is unknown ("may have gone"): the fee stays, nothing is moved', async () => {
    // The letter times out on 07-28 (retryable: unknown, retried under the same key); the debtor pays in full on 07-29.
    const unknown = channel('letter', (m) => (m.stage === 'final-notice' ? new ChannelError('gateway timeout', { retryable: true }) : null));
    const { mw, run, pay, events } = setup({ channels: [channel('email'), unknown], render: renderPlainText });
    await mw.createClaim(facts('LW-4'));
    await run('2025-07-28');
    await pay('LW-4', '1512.39', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    const ledger = await events('LW-4');
    expect(timeline(ledger)).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-29 payment bank-1 1512.39 = 1.00/11.39/1500.00/0.00',
      '2025-07-29 settled',
      '2025-07-29 message-failed letter may-have-gone',
    ]);
    expect(figures(ledger, '2025-07-29')).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(unappliedMoneyOf(project(ledger))).toBeNull();
  });

  it('a claim written off with part of the fee paid: the paid 0.60 goes to the principal still open (1500.00), nothing is held', async () => {
    const { mw, run, pay, events } = setup();
    await mw.createClaim(facts('LW-5'));
    await run('2025-07-28');
    await pay('LW-5', '0.60', '2025-07-29', 'bank-1');
    await run('2025-07-29');
    // The creditor's write-off stage, as the engine books it (decide: `written-off` with the total then
    // open): as of 07-30 costs 0.40, interest 4.18 + (07-01 … 07-30 = 30 d: 1500.00 × 0.0627 × 30 / 365 = 7.7301 → 7.73) = 11.91,
    // principal 1500.00 → 1512.31.
    const before = await events('LW-5');
    const writtenOff: ClaimEvent = { type: 'written-off', claimId: 'LW-5', date: '2025-07-30', amount: '1512.31' };
    expect(figures(before, '2025-07-30')).toEqual(['1500.00', '11.91', '0.40', '1512.31', '0.00']);
    const state = project([...before, writtenOff]);
    expect(state.status).toBe('written-off');
    const [reduced, ...more] = letterNotSentCorrection(state, 'LW-5:msg:final-notice:1', '2025-07-30');
    expect(more).toEqual([]);
    // Fee left 1.00, open 0.40 → paid 0.60; principal open 1500.00 ≥ 0.60 → all 0.60 credited, nothing moved.
    expect(reduced).toMatchObject({ type: 'fee-reduced', date: '2025-07-30', amount: '1.00', creditedToPrincipal: '0.60' });
    expect(reduced).not.toHaveProperty('movedToUnapplied');
    const after = [...before, writtenOff, reduced as ClaimEvent];
    // Principal 1500.00 − 0.60 = 1499.40 from 07-30; interest stops on the write-off day (07-30), so
    // interest runs 06-17 … 07-29 = 11.65; costs 0.40 − 1.00 + 0.60 = 0.00; total 1499.40 + 11.65 = 1511.05.
    expect(figures(after, '2025-07-30')).toEqual(['1499.40', '11.65', '0.00', '1511.05', '0.00']);
    expect(checkInvariants(after, deB2cDefaultPolicy)).toEqual([]);
  });
});

describe('fee.letter-not-sent, property: dropping a paid fee conserves the money (nothing paid is lost, nothing moved twice)', () => {
  it('random payments (some refunded) after the final notice, the correction on a random later day: held = before + moved, moved + credited = the part of the fee paid, each payment still adds up, no guard fires', async () => {
    // The ledger of 07-28 (fee 1.00 charged, the final notice waiting), made once by the host.
    const { mw, run, events } = setup();
    await mw.createClaim(facts('LW-P'));
    await run('2025-07-28');
    const base = await events('LW-P');
    const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
    // Cents as integers read off the decimal strings (no float in between).
    const textCents = (text: string): number => Number(text.replace('.', ''));
    const toCents = (m: Parameters<typeof toAmountString>[0]): number => textCents(toAmountString(m));
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 6 }), cents: fc.integer({ min: 1, max: 160_000 }), refund: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 5 }),
        (pays, after) => {
          let ledger: ClaimEvent[] = [...base];
          let last = '2025-07-28' as IsoDate;
          pays
            .slice()
            .sort((a, b) => a.day - b.day)
            .forEach((p, i) => {
              const date = addDays('2025-07-28', p.day);
              last = date;
              ledger.push(allocateIncomingPayment(project(ledger), { paymentId: `P${i}`, amount: money(cents(p.cents), 'EUR'), date }));
              // Some payments are partly refunded the same day (the tail first: unapplied, principal, interest, costs).
              const refund = Math.floor((p.cents * p.refund) / 400);
              if (refund > 0) ledger.push(...reverseIncomingPayment(project(ledger), { reversalId: `R${i}`, paymentId: `P${i}`, kind: 'refund', amount: money(cents(refund), 'EUR'), date }));
            });
          const day = addDays(last, after);
          if (statement(project(ledger), day).total.amount.lessThanOrEqualTo(0)) ledger.push({ type: 'settled', claimId: 'LW-P', date: day });
          const state = project(ledger);
          const before = statement(state, day);
          const reductions = letterNotSentCorrection(state, 'LW-P:msg:final-notice:1', day);
          expect(reductions).toHaveLength(1);
          const red = reductions[0]!;
          const after1 = [...ledger, red];
          const projected = project(after1);
          const now = statement(projected, day);
          // The part of the fee paid: 1.00 less the costs open before (never below zero).
          const paid = Math.max(0, 100 - toCents(before.costs));
          const moved = (red.movedToUnapplied ?? []).reduce((s, m) => s + textCents(m.amount), 0);
          const credited = red.creditedToPrincipal === undefined ? 0 : textCents(red.creditedToPrincipal);
          expect(red.amount).toBe('1.00');
          expect(moved + credited).toBe(paid);
          // Credited only up to the principal open; moved only when no principal is left to take it.
          expect(credited).toBeLessThanOrEqual(Math.max(0, toCents(before.principal)));
          if (moved > 0) expect(credited).toBe(Math.max(0, toCents(before.principal)));
          expect(toCents(now.unapplied)).toBe(toCents(before.unapplied) + moved);
          expect(toCents(now.costs)).toBe(0);
          expect(toCents(now.unapplied)).toBe(unappliedMoneyOf(projected) === null ? 0 : toCents(unappliedMoneyOf(projected)!.amount));
          // Each payment's parts still add up to what is left of it (paid less refunded).
          for (const p of projected.payments) {
            const left = paymentPartsLeft(projected, p.paymentId)!;
            const refunded = projected.reversals.filter((r) => r.paymentId === p.paymentId).reduce((s, r) => s + textCents(r.amount), 0);
            const parts = [left.costs, left.interest, left.principal, left.unapplied].map(textCents);
            expect(parts.every((x) => x >= 0)).toBe(true);
            expect(parts.reduce((s, x) => s + x, 0)).toBe(textCents(p.amount) - refunded);
          }
          // The state folded with the event (carried sums) has the statement of the ledger projected anew.
          expect(toAmountString(statement(evolve(state, red), day).total)).toBe(toAmountString(now.total));
          expect(toAmountString(statement(evolve(state, red), day).unapplied)).toBe(toAmountString(now.unapplied));
          expect(checkInvariants(after1, deB2cDefaultPolicy)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
