import { describe, expect, it } from 'vitest';
import { addDays, project, statement, summarizeState, toAmountString, type ClaimEvent, type ClaimFactsInput, type IsoDate } from '../../src/index.js';
import { autoHost } from '../engine/host-fixture.js';

// "Status in real time": the claim's query projection keeps the principal still open
// (`ClaimSummary.openPrincipal`) beside the principal as created (the totals, which sum both, are
// specified with the memory store of @mahnwerk/testing and the conformance suite). The figure is
// the statement's principal (payments as allocated under § 367 Abs. 1 BGB — costs, then interest,
// then principal — less credit notes and write-downs), never computed a second way.

/** A consumer claim of 500.00 € invoiced 2025-06-02, due on the agreed date 2025-06-30 (§ 286 Abs. 2 Nr. 1 BGB: in default from 2025-07-01). */
const claim: ClaimFactsInput = {
  id: 'RE-500',
  debtor: { id: 'D-500', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-30',
  dueDateAgreed: true,
};

/**
 * The automatic policy's host from 2025-06-02 without channels (no message can go out, so no costs
 * arise): the claim created, then each day run up to `until`, a day's command booked before its run.
 */
async function booked(until: IsoDate, commands: Record<IsoDate, (h: ReturnType<typeof autoHost>) => Promise<unknown>>) {
  const h = autoHost({ channels: [] });
  await h.mw.createClaim(claim);
  for (const day of Object.keys(commands).sort() as IsoDate[]) {
    if (day > h.clock.date) await h.run(addDays(day, -1));
    h.clock.date = day;
    await commands[day]?.(h);
  }
  await h.run(until);
  return h;
}

describe('ClaimSummary.openPrincipal: the principal still open after payments (§ 367 Abs. 1 BGB), credit notes and write-downs', () => {
  it('500.00 € with a credit note of 100.00 € and a payment of 150.00 € before the due date: 250.00 € still open, 500.00 € as created', async () => {
    // Before the due date nothing but the principal is owed (no default, § 286 BGB: no interest, no
    // costs), so § 367 Abs. 1 BGB puts all of the payment on the principal:
    // 500.00 − 100.00 (credit note, 2025-06-10) − 150.00 (payment, 2025-06-12) = 250.00.
    const { mw } = await booked('2025-06-12', {
      '2025-06-10': (h) => h.mw.recordAdjustment({ claimId: claim.id, kind: 'credit-note', amount: '100.00' }),
      '2025-06-12': (h) => h.mw.recordPayment({ claimId: claim.id, amount: '150.00', paymentId: 'P-1' }),
    });
    const [row] = (await mw.queryClaims()).claims;
    expect([row?.principal, row?.openPrincipal]).toEqual(['500.00', '250.00']);
    // The one rule: the statement's principal line shows the same figure.
    expect(toAmountString((await mw.statement(claim.id, '2025-06-12')).principal)).toBe('250.00');
  });

  it('a payment in default goes to the interest first (§ 367 Abs. 1 BGB): 150.00 € on 2025-08-01 leaves 252.13 € of the 400.00 € open', async () => {
    // Credit note 100.00 on 2025-06-10: 400.00 principal. In default from 2025-07-01 (the day after the
    // agreed due date, § 286 Abs. 2 Nr. 1 BGB) at 6.27 % (base rate 1.27 % from 2025-07-01 + 5 points,
    // § 288 Abs. 1 BGB, consumer). Paid 150.00 on 2025-08-01, applied to what was owed at the end of
    // 2025-07-31: interest 2025-07-01 … 2025-07-31 = 31 days, 400.00 × 0.0627 × 31 / 365 = 2.1300… → 2.13;
    // no costs (no channel, so no message and no fee). Interest 2.13, principal 150.00 − 2.13 = 147.87;
    // still open 400.00 − 147.87 = 252.13.
    const { mw, events } = await booked('2025-08-01', {
      '2025-06-10': (h) => h.mw.recordAdjustment({ claimId: claim.id, kind: 'credit-note', amount: '100.00' }),
      '2025-08-01': (h) => h.mw.recordPayment({ claimId: claim.id, amount: '150.00', paymentId: 'P-1' }),
    });
    const paid = (await events(claim.id)).find((e): e is Extract<ClaimEvent, { type: 'payment-received' }> => e.type === 'payment-received');
    expect(paid?.allocation).toEqual({ costs: '0.00', interest: '2.13', principal: '147.87', unapplied: '0.00' });
    const [row] = (await mw.queryClaims()).claims;
    expect([row?.status, row?.principal, row?.openPrincipal]).toEqual(['in-default', '500.00', '252.13']);
    expect(toAmountString((await mw.statement(claim.id, '2025-08-01')).principal)).toBe('252.13');
  });

  it('summarizeState reads the figure without a day and without interest: a write-down, a chargeback putting the principal back, JPY digits', () => {
    // Built by hand (no host): 5000 JPY, paid 2000 on 2025-01-08 (before the due date 2025-01-10: all
    // principal), written down by 1000 on 2025-01-09, the payment charged back on 2025-01-20 (its
    // principal part returns): 5000 − 2000 − 1000 + 2000 = 4000.
    const events: ClaimEvent[] = [
      {
        type: 'claim-created',
        claimId: 'J-1',
        date: '2024-12-01',
        claim: { ...claim, id: 'J-1', principal: '5000', currency: 'JPY', invoiceDate: '2024-12-01', dueDate: '2025-01-10', dueDateAgreed: false },
      } as ClaimEvent,
      { type: 'payment-received', claimId: 'J-1', date: '2025-01-08', paymentId: 'P-J', amount: '2000', allocation: { costs: '0', interest: '0', principal: '2000', unapplied: '0' } },
      { type: 'adjustment', claimId: 'J-1', date: '2025-01-09', kind: 'write-down', amount: '1000' },
    ];
    const at = (list: ClaimEvent[]): string => summarizeState({ claimId: 'J-1', debtorId: 'D-500', version: list.length, nextReviewAt: null }, project(list)).openPrincipal;
    // 5000 − 2000 − 1000 = 2000
    expect(at(events)).toBe('2000');
    const chargedBack: ClaimEvent[] = [
      ...events,
      { type: 'payment-reversed', claimId: 'J-1', date: '2025-01-20', reversalId: 'CB-J', paymentId: 'P-J', kind: 'chargeback', amount: '2000', allocation: { costs: '0', interest: '0', principal: '2000', unapplied: '0' } },
    ];
    // + 2000 back: 4000, the statement's principal on any day from the last event on.
    expect(at(chargedBack)).toBe('4000');
    expect(toAmountString(statement(project(chargedBack), '2025-12-31').principal)).toBe('4000');
  });
});
