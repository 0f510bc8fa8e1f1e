import { describe, expect, it } from 'vitest';
import { bookIncomingPayment, checkInvariants, letterNotSentCorrection, money, paymentPartsLeft, project, statement, toAmountString, type ClaimEvent, type ClaimEventOf, type IsoDate } from '../../src/index.js';
import { CLAIM, created } from './fixtures.js';

// § 367 Abs. 1 BGB (costs, interest, principal, met as the claim stands at the end of the day before,
// less what the payment day's bookings already took — openPartsForPayment): a payment meets no
// principal that a fee reduction of its own day already paid. A reduction of a fee charged on the
// payment day leaves the fee's drop out of the open parts (the day before never held the fee, rule
// fee.payment-day) — but it used to leave out all of it, also what it credited to the principal
// (`creditedToPrincipal`): a second payment of the day met that principal again and the principal
// went below zero (guard.no-negative-balance). Found by ledger.property.test.ts ("the engine's own
// checks find nothing wrong with the money") at 15,000 runs, while looking into seed 632063835.
//
// By hand (no default: no interest runs, all figures in whole cents; the letters as the random ledgers
// book them): 100.00, invoice 2024-12-01, due 2024-12-31.
// - Wed 01-01 letter M1 with its fee L1 2.50; Thu 01-02 letter M2 with its fee L2 2.50.
// - 01-02 P1 102.49 meets the claim as of 01-01: costs 2.50 (L1; L2 is of the payment day), principal
//   100.00 → costs 2.50, principal 99.99. Short by 0.01, it settles nothing (no fee dropped).
// - 01-02 the rest written off (2.51 = L2 2.50 + principal 0.01); both letters withdrawn (rule
//   fee.letter-not-sent): L1 drops 2.50 while L2's 2.50 is still open, so no paid money moves; L2
//   drops 2.50 with nothing open on the costs: the 2.50 P1 paid on the costs is credited to the
//   principal open (0.01) and the rest, 2.49, held for the debtor (P1's unapplied part).
//   P1 is now 2.50 − 2.50 (costs) = 0.00 + principal 99.99 + 0.01 = 100.00, held 2.49: 102.49.
// - 01-02 P2 5.00 (a second transfer that day) meets costs 0.00 (2.50 − 2.50 paid − 2.50 dropped
//   + 2.50 paid back), interest 0.00, principal 100.00 − 99.99 − 0.01 = 0.00: all 5.00 unapplied.
//   (Before the fix: principal 0.01 met again — P2 principal 0.01, unapplied 4.99, principal −0.01.)
// - End of 01-02: principal, interest, costs, total 0.00; held for the debtor 2.49 + 5.00 = 7.49.

function letter(n: number, date: IsoDate): ClaimEvent[] {
  return [
    { type: 'stage-entered', claimId: CLAIM, date, stage: `mahnung-${n}`, stageIndex: n },
    { type: 'fee-charged', claimId: CLAIM, date, feeId: `L${n}`, kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '2.50', basis: '§§ 280 Abs. 2, 286 BGB' },
    { type: 'message-queued', claimId: CLAIM, date, messageId: `M${n}`, stage: `mahnung-${n}`, channel: 'letter', template: `mahnung-${n}` },
  ];
}

function ledger(): ClaimEvent[] {
  const events: ClaimEvent[] = [created('100.00'), ...letter(1, '2025-01-01'), ...letter(2, '2025-01-02')];
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P1', amount: money('102.49'), date: '2025-01-02' }));
  events.push({ type: 'written-off', claimId: CLAIM, date: '2025-01-02', amount: '2.51' });
  for (const messageId of ['M1', 'M2']) {
    events.push({ type: 'message-failed', claimId: CLAIM, date: '2025-01-02', messageId, channel: 'letter', error: 'not sent: the claim is written-off', retryable: false });
    events.push(...letterNotSentCorrection(project(events), messageId, '2025-01-02'));
  }
  events.push(...bookIncomingPayment(project(events), { paymentId: 'P2', amount: money('5.00'), date: '2025-01-02' }));
  return events;
}

const received = (events: ClaimEvent[], id: string) => events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === id);

describe('§ 367 Abs. 1 BGB: a payment meets no principal a same-day reduction of a fee of that day already credited', () => {
  it('the figures by hand up to P2: P1 = costs 2.50 + principal 99.99; L1 dropped with nothing moved, L2 dropped with 0.01 credited to the principal and 2.49 held', () => {
    const events = ledger();
    expect(received(events, 'P1')?.allocation).toEqual({ costs: '2.50', interest: '0.00', principal: '99.99', unapplied: '0.00' });
    const reduced = events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    expect(reduced.map((r) => [r.feeId, r.amount, r.creditedToPrincipal, r.movedToUnapplied])).toEqual([
      ['L1', '2.50', undefined, undefined],
      ['L2', '2.50', '0.01', [{ paymentId: 'P1', amount: '2.49' }]],
    ]);
  });

  it('P2 5.00 on the same day meets no principal (100.00 − 99.99 paid − 0.01 credited): all of it held for the debtor', () => {
    const events = ledger();
    expect(received(events, 'P2')?.allocation).toEqual({ costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '5.00' });
    expect(received(events, 'P2')?.reason?.inputs).toMatchObject({ openCosts: '0.00', openInterest: '0.00', openPrincipal: '0.00' });
  });

  it('the statement at the end of 01-02: principal, interest, costs and total 0.00, 7.49 held (2.49 + 5.00); no negative balance', () => {
    const events = ledger();
    const state = project(events);
    const st = statement(state, '2025-01-02');
    expect([st.principal, st.interest, st.costs, st.total, st.unapplied].map(toAmountString)).toEqual(['0.00', '0.00', '0.00', '0.00', '7.49']);
    // P1's parts left (paymentPartsLeft: only what reductions moved to its unapplied part leaves its costs
    // part; a credit to the principal is the claim's): costs 2.50 − 2.49 = 0.01, principal 99.99, held 2.49.
    expect(paymentPartsLeft(state, 'P1')).toEqual({ costs: '0.01', interest: '0.00', principal: '99.99', unapplied: '2.49' });
    expect(paymentPartsLeft(state, 'P2')).toEqual({ costs: '0.00', interest: '0.00', principal: '0.00', unapplied: '5.00' });
    expect(checkInvariants(events).filter((r) => r.guard === 'guard.no-negative-balance')).toEqual([]);
  });
});
