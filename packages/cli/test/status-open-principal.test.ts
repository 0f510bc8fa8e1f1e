import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { openConfiguredHost } from '../src/host.js';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk status` shows, beside the principal as created, the principal still open after payments
// (as allocated by § 367 Abs. 1 BGB: costs, then interest, then principal), credit notes and
// write-downs — the store's projection of core's statement principal (`ClaimTotal.openPrincipal`) —
// so a creditor who booked credit notes and payments does not see a book larger than what is owed.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-open-principal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const debtor = (id: string) => ({ id, kind: 'consumer' as const, name: `Debtor ${id}`, email: `${id.toLowerCase()}@example.org` });
const claim = (id: string, debtorId: string, principal: string) => ({ id, debtor: debtor(debtorId), principal, currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });

/**
 * Two claims due 2025-01-16; everything is booked before that day, so nothing but the principal is owed
 * (no default, § 286 BGB: no interest, no costs) and a payment goes to the principal in full.
 */
async function book(db: string): Promise<void> {
  const host = await openConfiguredHost(parseConfig('{}', 'test'), db, { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', readFile: async () => '', openStore: openKept }, 'test', {
    clock: fixedClock('2025-01-10'),
  });
  try {
    const mw = host.mahnwerk;
    await mw.createClaim(claim('RE-1', 'D-1', '500.00'));
    await mw.createClaim(claim('RE-2', 'D-2', '200.00'));
    // RE-1: credit note 100.00 on 2025-01-05, payment 150.00 on 2025-01-08 → 500.00 − 100.00 − 150.00 = 250.00 open.
    await mw.recordAdjustment({ claimId: 'RE-1', kind: 'credit-note', amount: '100.00', date: '2025-01-05' });
    await mw.recordPayment({ claimId: 'RE-1', amount: '150.00', date: '2025-01-08', paymentId: 'pay-1' });
    // RE-2: nothing booked → 200.00 open.
    await mw.runDue();
  } finally {
    await host.close();
  }
}

describe('mahnwerk status: principal as created and still open (§ 367 Abs. 1 BGB, credit notes)', () => {
  it('shows the column "open principal" beside "principal", in the table and in --json, the same on every run', async () => {
    const db = join(dir, 'db');
    await book(db);

    const out = await runWith(['status', '--db', db, '--json'], { files: {} });
    expect([out.code, out.stderr]).toEqual([0, '']);
    // By hand: as created 500.00 + 200.00 = 700.00; still open 250.00 + 200.00 = 450.00.
    expect(json(out).claims).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 2, amount: '700.00', openPrincipal: '450.00' }]);

    const table = await runWith(['status', '--db', db], { files: {} });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('status'));
    expect(lines.slice(header, header + 3)).toEqual([
      'status  stage  currency  claims  principal  open principal',
      '------  -----  --------  ------  ---------  --------------',
      'open    –      EUR            2     700.00          450.00',
    ]);
    // Deterministic: the same database prints the same report.
    expect((await runWith(['status', '--db', db], { files: {} })).stdout).toBe(table.stdout);
    expect((await runWith(['status', '--db', db, '--json'], { files: {} })).stdout).toBe(out.stdout);
  });
});
