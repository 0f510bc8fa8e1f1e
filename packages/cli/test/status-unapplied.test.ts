import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMahnwerk, fixedClock } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { unappliedReport } from '../src/commands/status.js';
import { openConfiguredHost } from '../src/host.js';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk status` lists the money the book owes back to debtors: the claims holding an
// overpayment (§ 812 Abs. 1 S. 1 BGB, Leistungskondiktion) until a refund reverses it — through
// core's unappliedMoney() (the rule: unappliedMoneyOf), with a count and a total to the cent.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-unapplied-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const debtor = (id: string) => ({ id, kind: 'consumer' as const, name: `Debtor ${id}`, email: `${id.toLowerCase()}@example.org` });
const claim = (id: string, debtorId: string, principal: string) => ({ id, debtor: debtor(debtorId), principal, currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });

/** A book of three claims paid on 8 January, before they fell due (so no interest and no costs are owed). */
async function bookWithOverpayments(db: string): Promise<void> {
  const host = await openConfiguredHost(parseConfig('{}', 'test'), db, { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', readFile: async () => '', openStore: openKept }, 'test', {
    clock: fixedClock('2025-01-10'),
  });
  try {
    const mw = host.mahnwerk;
    await mw.createClaim(claim('RE-1', 'D-1', '100.00'));
    await mw.createClaim(claim('RE-2', 'D-2', '200.00'));
    await mw.createClaim(claim('RE-3', 'D-3', '300.00'));
    // RE-1: 130.00 paid on 100.00 owed → 30.00 unapplied.
    expect((await mw.recordPayment({ claimId: 'RE-1', amount: '130.00', date: '2025-01-08', paymentId: 'pay-1' })).unapplied.amount.toFixed(2)).toBe('30.00');
    // RE-2: 250.50 paid on 200.00 owed → 50.50 unapplied; 20.00 of it refunded → 30.50 still held.
    await mw.recordPayment({ claimId: 'RE-2', amount: '250.50', date: '2025-01-08', paymentId: 'pay-2' });
    await mw.reversePayment({ claimId: 'RE-2', paymentId: 'pay-2', reversalId: 'ref-2', kind: 'refund', amount: '20.00', date: '2025-01-09' });
    // RE-3: paid exactly → nothing held.
    await mw.recordPayment({ claimId: 'RE-3', amount: '300.00', date: '2025-01-08', paymentId: 'pay-3' });
    // The daily run settles the paid claims (a claim is settled by the run, not by the payment).
    await mw.runDue();
  } finally {
    await host.close();
  }
}

describe('mahnwerk status: money owed back (§ 812 Abs. 1 S. 1 BGB)', () => {
  it('lists each overpaid claim to the cent, with a count and a total, in the table and in --json', async () => {
    const db = join(dir, 'db');
    await bookWithOverpayments(db);

    const out = await runWith(['status', '--db', db, '--json'], { files: {} });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    // By hand: RE-1 130.00 − 100.00 = 30.00; RE-2 250.50 − 200.00 = 50.50, less the refund of
    // 20.00 = 30.50; RE-3 300.00 − 300.00 = 0 (not listed). Count 2, total 30.00 + 30.50 = 60.50.
    expect(json(out).unapplied).toEqual({
      claims: [
        { claimId: 'RE-1', debtorId: 'D-1', status: 'settled', currency: 'EUR', amount: '30.00', since: '2025-01-08', payments: [{ paymentId: 'pay-1', date: '2025-01-08', amount: '30.00' }] },
        { claimId: 'RE-2', debtorId: 'D-2', status: 'settled', currency: 'EUR', amount: '30.50', since: '2025-01-08', payments: [{ paymentId: 'pay-2', date: '2025-01-08', amount: '30.50' }] },
      ],
      totals: [{ currency: 'EUR', claims: 2, amount: '60.50' }],
    });

    const table = await runWith(['status', '--db', db], { files: {} });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('owed back: 2 claims, 60.50 EUR in total');
    expect(table.stdout).toMatch(/RE-1\s+D-1\s+settled\s+2025-01-08\s+EUR\s+30\.00\s+pay-1/);
    expect(table.stdout).toMatch(/RE-2\s+D-2\s+settled\s+2025-01-08\s+EUR\s+30\.50\s+pay-2/);
    expect(table.stdout).not.toContain('RE-3');
    // Deterministic: the same database prints the same report.
    expect((await runWith(['status', '--db', db], { files: {} })).stdout).toBe(table.stdout);
  });

  it('reads the figure the store projects with each claim: only the claims holding money are loaded, the totals come from the projection (no pass over the book)', async () => {
    const db = join(dir, 'db-loads');
    await bookWithOverpayments(db);
    const opened = await openKept(db, {});
    try {
      const loaded: string[] = [];
      const store = opened.store;
      const loadMany = store.loadMany as NonNullable<typeof store.loadMany>; // always present in store-postgres
      const load = store.load.bind(store);
      const counted = Object.assign(Object.create(store) as typeof store, {
        loadMany: async (ids: readonly string[]) => (loaded.push(...ids), loadMany(ids)),
        load: async (id: string) => (loaded.push(id), load(id)),
      });
      const mw = createMahnwerk({ store: counted, clock: fixedClock('2025-01-10'), policy: 'auto', channels: [] });
      const report = await unappliedReport(mw);
      // The same figures as above (30.00 and 30.50, total 60.50), by hand.
      expect([report.claims.map((c) => [c.claimId, c.amount]), report.totals]).toEqual([
        [
          ['RE-1', '30.00'],
          ['RE-2', '30.50'],
        ],
        [{ currency: 'EUR', claims: 2, amount: '60.50' }],
      ]);
      // RE-3 (paid exactly) is not loaded: before, unappliedMoney loaded every claim of the book.
      expect(loaded).toEqual(['RE-1', 'RE-2']);
      // The projection holds the figure in the claims table itself.
      const rows = await store.driver.query<{ claim_id: string; unapplied: string }>(`select claim_id, unapplied::text as unapplied from "${store.schema}".claims order by claim_id`);
      expect(rows).toEqual([
        { claim_id: 'RE-1', unapplied: '30.00' },
        { claim_id: 'RE-2', unapplied: '30.50' },
        { claim_id: 'RE-3', unapplied: '0.00' },
      ]);
    } finally {
      await opened.close();
    }
  });

  it('a book without overpayments says so', async () => {
    const out = await runWith(['status'], { files: {} });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('no money owed back');
    expect(json(await runWith(['status', '--json'], { files: {} })).unapplied).toEqual({ claims: [], totals: [] });
  });
});
