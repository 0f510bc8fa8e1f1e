import { describe, expect, it } from 'vitest';
import { bookPaymentReversal, checkInvariants, deB2cDefaultPolicy, money, project, type ClaimEvent, type GuardReport } from '../../src/index.js';
import { simpleCasePartThenSettled } from './simple-case-claim.js';

// checkInvariants' promise (engine/guards.ts): it REPORTS every event that breaks a guard — also bad stored data
// read from a host's imported ledger — and does not throw on it. An amount member of a stored event whose text is
// no number ("abc", "12,50": a decimal comma, as a German spreadsheet writes it) made `money()` throw a MoneyError
// out of checkInvariants for every member but the fee events' `amount` (the one read with a catch). Now every
// amount member is read by one reader (`storedAmount`) that reports the event, the member and the text under the
// guard that reads the member: a fee's members under guard.fee-reduction-bounds (Anm. Abs. 2 S. 2 zu Nr. 2300 VV
// RVG; § 13e RDG), the money of payments, reversals, adjustments and re-allocated interest under
// guard.no-negative-balance (§ 362 Abs. 1, § 367 Abs. 1 BGB: those members make the balance), the claim's
// principal under guard.collection-costs-cap (§ 13e RDG: the cap's value).
//
// The ledger: the claim of reversal-fee-reinstated.test.ts, "fee-reinstated.backFromPrincipal" (figures by hand
// there; consumer claim 1500.00, de-b2c-default, collection costs 141.05 charged on 2025-08-14):
// - 1000.00 paid 2025-08-20: costs 142.05 (1.00 + 141.05), interest 17.06, principal 840.89;
// - 599.67 paid 08-28 settles as a simple case: 60.35 lowered (141.05 − 80.70), all of it paid already, so
//   credited to the principal (fee-reduced.creditedToPrincipal 60.35);
// - the 599.67 charged back on 08-29: the 60.35 reinstated and its credit taken back from the principal
//   (fee-reinstated.backFromPrincipal 60.35).
// Untouched it breaks no guard (the control). Each spec then writes one member's text as "abc" or "12,50".

const ledger: readonly ClaimEvent[] = [
  ...simpleCasePartThenSettled,
  ...bookPaymentReversal(project(simpleCasePartThenSettled), { reversalId: 'cb-2', paymentId: 'bank-2', kind: 'chargeback', amount: money('599.67', 'EUR'), date: '2025-08-29' }),
];
const FEE = 'SC-1:fee:collection-costs:2025-08-14:1';

/** The ledger with the first event of `type` (or the one `pick` finds) changed by `change`. */
function edited<T extends ClaimEvent['type']>(type: T, change: (e: Extract<ClaimEvent, { type: T }>) => object, pick: (e: Extract<ClaimEvent, { type: T }>) => boolean = () => true): ClaimEvent[] {
  const out = [...ledger];
  const i = out.findIndex((e) => e.type === type && pick(e as Extract<ClaimEvent, { type: T }>));
  expect(i).toBeGreaterThanOrEqual(0);
  out[i] = { ...(out[i] as object), ...change(out[i] as Extract<ClaimEvent, { type: T }>) } as ClaimEvent;
  return out;
}

/** checkInvariants' reports (it must not throw), as `guard type: message`. */
function reported(events: readonly ClaimEvent[]): string[] {
  let reports: GuardReport[] = [];
  expect(() => (reports = checkInvariants(events, deB2cDefaultPolicy))).not.toThrow();
  return reports.map((r) => `${r.guard} ${r.type}: ${r.message}`);
}

/** What `money` says of a text that is no amount (MoneyError, code invalid_money). */
const notAmount = (text: string) => `amount: "${text}" is not a decimal number; write it like "1234.56".`;

describe('checkInvariants reports an amount member that is no number instead of throwing (engine/guards.ts: it reports, it does not throw, on bad stored data)', () => {
  it('the control: the ledger as booked (60.35 credited on 08-28, taken back on 08-29) breaks no guard', () => {
    expect(reported(ledger)).toEqual([]);
  });

  it('fee-reinstated.backFromPrincipal "abc": reported under guard.fee-reduction-bounds naming the event, the member and the text', () => {
    expect(reported(edited('fee-reinstated', () => ({ backFromPrincipal: 'abc' })))).toContain(
      `guard.fee-reduction-bounds fee-reinstated: Fee ${FEE}: fee-reinstated of 2025-08-29, backFromPrincipal is "abc", which is not an amount: ${notAmount('abc')}`,
    );
  });

  it('fee-reinstated.backFromUnapplied[0].amount "12,50" (a hand-made move back from bank-1): reported naming the member and the text', () => {
    expect(reported(edited('fee-reinstated', () => ({ backFromUnapplied: [{ paymentId: 'bank-1', amount: '12,50' }] })))).toContain(
      `guard.fee-reduction-bounds fee-reinstated: Fee ${FEE}: fee-reinstated of 2025-08-29, backFromUnapplied[0].amount (payment bank-1) is "12,50", which is not an amount: ${notAmount('12,50')}`,
    );
  });

  it('fee-reduced.creditedToPrincipal "abc": reported once (it is read once), naming the member and the text', () => {
    const reports = reported(edited('fee-reduced', () => ({ creditedToPrincipal: 'abc' })));
    const said = `guard.fee-reduction-bounds fee-reduced: Fee ${FEE}: fee-reduced of 2025-08-28, creditedToPrincipal is "abc", which is not an amount: ${notAmount('abc')}`;
    expect(reports.filter((r) => r === said)).toHaveLength(1);
  });

  it('fee-reduced.movedToUnapplied[0].amount "12,50" (a hand-made move to bank-1): reported naming the member and the text', () => {
    expect(reported(edited('fee-reduced', () => ({ movedToUnapplied: [{ paymentId: 'bank-1', amount: '12,50' }] })))).toContain(
      `guard.fee-reduction-bounds fee-reduced: Fee ${FEE}: fee-reduced of 2025-08-28, movedToUnapplied[0].amount (payment bank-1) is "12,50", which is not an amount: ${notAmount('12,50')}`,
    );
  });

  it('fee-charged.amount "abc" (the collection costs): reported once under guard.fee-reduction-bounds; its reduction and reinstatement are not reported again as "no such fee"', () => {
    const reports = reported(edited('fee-charged', () => ({ amount: 'abc' }), (e) => e.feeId === FEE));
    expect(reports.filter((r) => r.includes('"abc"'))).toEqual([
      `guard.fee-reduction-bounds fee-charged: Fee ${FEE}: fee-charged of 2025-08-14, amount is "abc", which is not an amount: ${notAmount('abc')}`,
    ]);
    expect(reports.filter((r) => r.includes('no such fee'))).toEqual([]);
  });

  it('payment-received.allocation.principal and .costs "abc": reported under guard.no-negative-balance (§§ 362, 367 BGB: they make the balance)', () => {
    const isBank1 = (e: ClaimEvent) => e.type === 'payment-received' && e.paymentId === 'bank-1';
    const reports = reported(edited('payment-received', (e) => ({ allocation: { ...e.allocation, principal: 'abc', costs: '12,50' } }), isBank1));
    expect(reports).toContain(`guard.no-negative-balance payment-received: Payment bank-1: payment-received of 2025-08-20, allocation.principal is "abc", which is not an amount: ${notAmount('abc')}`);
    expect(reports).toContain(`guard.no-negative-balance payment-received: Payment bank-1: payment-received of 2025-08-20, allocation.costs is "12,50", which is not an amount: ${notAmount('12,50')}`);
  });

  it('payment-reversed.allocation.principal and .costs "abc": reported the same way', () => {
    const reports = reported(edited('payment-reversed', (e) => ({ allocation: { ...e.allocation, principal: 'abc', costs: 'abc' } })));
    expect(reports).toContain(`guard.no-negative-balance payment-reversed: Payment bank-2: payment-reversed of 2025-08-29, allocation.principal is "abc", which is not an amount: ${notAmount('abc')}`);
    expect(reports).toContain(`guard.no-negative-balance payment-reversed: Payment bank-2: payment-reversed of 2025-08-29, allocation.costs is "abc", which is not an amount: ${notAmount('abc')}`);
  });

  it('adjustment.amount and default-withdrawn.interestReallocated[0].principal "abc" (hand-made events appended on 08-31): each reported, naming the member and the text', () => {
    const adjustment: ClaimEvent = { type: 'adjustment', claimId: 'SC-1', date: '2025-08-31', kind: 'credit-note', amount: 'abc' };
    const withdrawn: ClaimEvent = {
      type: 'default-withdrawn',
      claimId: 'SC-1',
      date: '2025-08-31',
      previous: '2025-01-01',
      messageId: 'SC-1:msg:none',
      basis: '§ 130 Abs. 1 S. 1 BGB',
      interestReallocated: [{ paymentId: 'bank-1', interest: '1.00', principal: 'abc', unapplied: '0.00' }],
    };
    const reports = reported([...ledger, adjustment, withdrawn]);
    expect(reports).toContain(`guard.no-negative-balance adjustment: Adjustment: adjustment of 2025-08-31, amount is "abc", which is not an amount: ${notAmount('abc')}`);
    expect(reports).toContain(
      `guard.no-negative-balance default-withdrawn: Default withdrawn: default-withdrawn of 2025-08-31, interestReallocated[0].principal (payment bank-1) is "abc", which is not an amount: ${notAmount('abc')}`,
    );
  });

  it('claim-created.claim.principal "12,50": the collection costs cannot be checked against the § 13e RDG cap — reported under guard.collection-costs-cap, naming the text', () => {
    const reports = reported(edited('claim-created', (e) => ({ claim: { ...e.claim, principal: '12,50' } })));
    expect(reports).toContain(`guard.collection-costs-cap fee-charged: Collection costs of 141.05 cannot be checked against the cap: the claim's principal is "12,50", which is not an amount: ${notAmount('12,50')}`);
  });
});
