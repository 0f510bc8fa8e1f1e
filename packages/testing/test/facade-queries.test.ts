import { createMahnwerk, type Channel, type ClaimStore, type OutboxMessage } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, createVirtualClock, fixtures } from '../src/index.js';

// The facade's queries (issue 9 point 2): createMahnwerk answers claim lists, a debtor's claims and
// totals from the store's projection, which follows the engine's own writes (claim created, run).

const email: Channel = {
  specificationVersion: 'v1',
  name: 'email',
  capabilities: { deliveryReports: false, needsConsent: false, maxLength: null },
  canReach: () => true,
  send: async (message: OutboxMessage) => ({ providerMessageId: `p-${message.id}` }),
} as unknown as Channel;

describe('createMahnwerk queries', () => {
  it('lists, pages and sums claims created through the facade; a store without queries is named in the error', async () => {
    const store = createMemoryClaimStore();
    const mw = createMahnwerk({ store, clock: createVirtualClock('2024-12-01'), channels: [email], policy: 'auto' });
    await mw.createClaim(fixtures.consumerClaim({ id: 'F-1', principal: '100.00', tags: ['vip'] }));
    await mw.createClaim(fixtures.consumerClaim({ id: 'F-2', principal: '250.50' }));
    await mw.createClaim(fixtures.businessClaim({ id: 'F-3', principal: '2500.00' }));

    const page = await mw.queryClaims({ limit: 2 });
    expect(page.claims.map((c) => [c.claimId, c.status, c.stage, c.principal])).toEqual([
      ['F-1', 'open', null, '100.00'],
      ['F-2', 'open', null, '250.50'],
    ]);
    expect(page.nextCursor).not.toBeNull();
    const rest = await mw.queryClaims({ limit: 2, cursor: page.nextCursor as string });
    expect([rest.claims.map((c) => c.claimId), rest.nextCursor]).toEqual([['F-3'], null]);

    // fixtures: consumer claims belong to debtor D-1001, the business claim to D-2001.
    expect((await mw.debtorClaims('D-1001')).claims.map((c) => c.claimId)).toEqual(['F-1', 'F-2']);
    expect((await mw.queryClaims({ tag: 'vip' })).claims.map((c) => c.claimId)).toEqual(['F-1']);
    // 100.00 + 250.50 + 2500.00 = 2850.50, all open and in no stage yet; nothing paid or credited, so all of it still open.
    expect(await mw.claimTotals()).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 3, amount: '2850.50', openPrincipal: '2850.50' }]);

    const { queryClaims: _q, claimTotals: _t, outboxTotals: _o, ...rest2 } = store;
    const bare: ClaimStore = rest2;
    const without = createMahnwerk({ store: bare, clock: createVirtualClock('2024-12-01'), channels: [email], policy: 'auto' });
    await expect(without.queryClaims()).rejects.toMatchObject({ code: 'adapter_failed', message: expect.stringContaining('does not answer claim queries') });
    await expect(mw.debtorClaims('')).rejects.toMatchObject({ code: 'invalid_input', field: 'debtorId' });
  });

  it('claimTotals sums the principal still open beside the principal as created: 500.00 with a credit note of 100.00 and a payment of 150.00 (§ 367 Abs. 1 BGB) counts 250.00 open', async () => {
    const store = createMemoryClaimStore();
    const clock = createVirtualClock('2025-01-02');
    const mw = createMahnwerk({ store, clock, channels: [email], policy: 'auto' });
    // Both due 2025-01-10; everything below happens before it, so nothing but the principal is owed
    // (no default, § 286 BGB: no interest, no costs) and § 367 Abs. 1 BGB puts all of the payment on it.
    await mw.createClaim(fixtures.consumerClaim({ id: 'O-1', principal: '500.00', dueDate: '2025-01-10' }));
    await mw.createClaim(fixtures.consumerClaim({ id: 'O-2', principal: '200.00', dueDate: '2025-01-10' }));
    clock.set('2025-01-05');
    await mw.recordAdjustment({ claimId: 'O-1', kind: 'credit-note', amount: '100.00' });
    clock.set('2025-01-08');
    await mw.recordPayment({ claimId: 'O-1', amount: '150.00', paymentId: 'P-O-1' });
    // O-1: 500.00 − 100.00 − 150.00 = 250.00; O-2: 200.00 untouched.
    expect((await mw.queryClaims()).claims.map((c) => [c.claimId, c.principal, c.openPrincipal])).toEqual([
      ['O-1', '500.00', '250.00'],
      ['O-2', '200.00', '200.00'],
    ]);
    // As created 500.00 + 200.00 = 700.00; still open 250.00 + 200.00 = 450.00.
    expect(await mw.claimTotals()).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 2, amount: '700.00', openPrincipal: '450.00' }]);
    // Filters stay on the principal as created: O-1 (500.00 as created, 250.00 open) is above 300.00.
    expect((await mw.queryClaims({ amountMin: '300.00' })).claims.map((c) => c.claimId)).toEqual(['O-1']);
  });
});
