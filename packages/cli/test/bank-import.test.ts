import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMahnwerk, fixedClock, toAmountString } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepDirectoriesOpen, openKept, run, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk bank import FILE.xml --db DIR` (issue 11 point 6): the camt.053 fixture (also used by
// payment-sepa's import test) against three open claims, invoiced 2025-01-02 and due 2025-01-16,
// imported on 2025-01-14 — before the due date no claim is in default, so every credit goes to
// principal (§ 367 Abs. 1 BGB: no costs or interest yet) and the open balance is principal − credit:
//   000123   1011.75  RF27RE2025001 (ISO 11649 of RE-2025-001)   → RE-2025-001, 1011.75 − 1011.75 = 0.00
//   000124/1  250.00  "Rechnung RE-2025-002 Teilzahlung"          → RE-2025-002,  600.00 −  250.00 = 350.00
//   000124/2   80.00  Fritz Fremd, no reference                    → unmatched
//   000125    450.00  MUSTERMANN GMBH, amount = open 450.00        → RE-2025-003, 450.00 − 450.00 = 0.00
//   000127     99.99  Max Unbekannt                                → unmatched
//   one debit entry                                                → skipped
const camt053 = readFileSync(new URL('./fixtures/camt053-mixed.xml', import.meta.url), 'utf8');
let dir: string;
let db: string;

/** The three open claims of the fixture in a new PGlite directory. */
async function threeClaims(db: string): Promise<void> {
  const opened = await openKept(db, {});
  try {
    const mw = createMahnwerk({ store: opened.store, clock: fixedClock('2025-01-14'), policy: 'auto' });
    const claim = (id: string, kind: 'consumer' | 'business', name: string, principal: string) =>
      mw.createClaim({ id, debtor: { id: `D-${id}`, kind, name }, principal, currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', reference: id });
    await claim('RE-2025-001', 'consumer', 'Erika Mustermann', '1011.75');
    await claim('RE-2025-002', 'consumer', 'Hans Beispiel', '600.00');
    await claim('RE-2025-003', 'business', 'Mustermann GmbH', '450.00');
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-bank-'));
  db = join(dir, 'data');
  await threeClaims(db);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = { 'statement.xml': camt053, 'not-camt.xml': '<Document><Other/></Document>' };

describe('mahnwerk bank import', () => {
  it('records through the config\'s host: with an audit anchor in the config, the payments are signed into its checkpoints and verify covers them (DESIGN.md: one path for every caller)', async () => {
    const anchored = join(dir, 'anchored');
    await threeClaims(anchored);
    const keyFile = join(dir, 'audit.key');
    await writeFile(keyFile, `${'7d'.repeat(32)}\n`);
    const checkpoints = join(dir, 'checkpoints.jsonl');
    const config = JSON.stringify({ database: anchored, anchor: { checkpoints, keyId: 'bank-test', hmacKeyFile: keyFile } });
    const out = await runWith(['bank', 'import', 'statement.xml', '--config', 'mw.json', '--today', '2025-01-14'], { files: { ...files, 'mw.json': config } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    // The three matched or partly matched credits were appended and signed: the checkpoint log names their claims.
    const log = readFileSync(checkpoints, 'utf8');
    for (const id of ['RE-2025-001', 'RE-2025-002', 'RE-2025-003']) expect(log).toContain(id);
    const verified = await run(['verify', '--db', anchored, '--checkpoints', checkpoints, '--key-id', 'bank-test', '--hmac-key-file', keyFile]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  }, 120_000);

  it('prints matched, partly matched and unmatched credits; the second import records nothing and says so', async () => {
    const first = await runWith(['bank', 'import', 'statement.xml', '--db', db, '--today', '2025-01-14'], { files });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe('camt.053 statement.xml: 2 matched, 1 partly matched, 2 unmatched, 1 entries skipped (not booked credits)');
    const row = (ref: string) => lines.find((l) => l.includes(` ${ref} `))?.trim().split(/\s{2,}/);
    expect(row('000123')).toEqual(['matched', '000123', '2025-01-10', '1011.75', 'RE-2025-001', 'creditor-reference', '0.00', 'no']);
    expect(row('000125')).toEqual(['matched', '000125', '2025-01-12', '450.00', 'RE-2025-003', 'amount-and-name', '0.00', 'no']);
    expect(row('000124/1')).toEqual(['partly matched', '000124/1', '2025-01-11', '250.00', 'RE-2025-002', 'invoice-number', '350.00', 'no']);
    expect(first.stdout).toContain('For review (not recorded):');
    expect(lines.find((l) => l.startsWith('000124/2'))).toMatch(/^000124\/2\s+2025-01-11\s+80\.00\s+Fritz Fremd\s+no creditor reference/);
    expect(lines.find((l) => l.startsWith('000127'))).toMatch(/^000127\s+2025-01-13\s+99\.99\s+Max Unbekannt\s+no creditor reference/);

    const second = await runWith(['bank', 'import', 'statement.xml', '--db', db, '--today', '2025-01-14', '--json'], { files });
    expect(second.code).toBe(0);
    const out = JSON.parse(second.stdout) as { matched: { credit: string; claimId: string; rule: string; replayed: boolean }[]; partlyMatched: { credit: string; openAfter: string; replayed: boolean }[]; unmatched: { credit: string }[]; skipped: number };
    expect(out.matched.map((m) => [m.credit, m.claimId, m.rule, m.replayed])).toEqual([
      ['000123', 'RE-2025-001', 'already-imported', true],
      ['000125', 'RE-2025-003', 'already-imported', true],
    ]);
    expect(out.partlyMatched.map((m) => [m.credit, m.openAfter, m.replayed])).toEqual([['000124/1', '350.00', true]]);
    expect(out.unmatched.map((u) => u.credit)).toEqual(['000124/2', '000127']);
    expect(out.skipped).toBe(1);

    // What landed in the database: one payment per matched credit, by its value date, all to principal.
    const opened = await openKept(db, {});
    try {
      const mw = createMahnwerk({ store: opened.store, clock: fixedClock('2025-01-14'), policy: 'auto' });
      const payments = await Promise.all(['RE-2025-001', 'RE-2025-002', 'RE-2025-003'].map(async (id) => (await mw.claim(id)).payments.map((p) => [p.paymentId, p.date, p.amount, p.allocation.principal])));
      expect(payments).toEqual([[['bank:000123', '2025-01-10', '1011.75', '1011.75']], [['bank:000124/1', '2025-01-11', '250.00', '250.00']], [['bank:000125', '2025-01-12', '450.00', '450.00']]]);
      expect(toAmountString((await mw.statement('RE-2025-002')).total)).toBe('350.00');
    } finally {
      await opened.close();
    }
  });

  it('takes the database from --config FILE when --db is not given (the same rule as run, import and status)', async () => {
    const r = await runWith(['bank', 'import', 'statement.xml', '--config', 'mw.json', '--today', '2025-01-14', '--json'], { files: { ...files, 'mw.json': JSON.stringify({ database: db }) } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Three claims of the book are in that database: the credits matched them (recorded now or by an earlier import).
    expect(r.stdout).toContain('RE-2025-001');
  });

  it('exit code 2 with one line naming what is wrong: no file, an unreadable file, a file that is not camt, no --db, another subcommand', async () => {
    const cases: [string[], RegExp][] = [
      [['bank', 'import', '--db', db], /^mahnwerk bank: FILE\.xml: missing/],
      [['bank', 'import', 'missing.xml', '--db', db], /^mahnwerk bank: FILE\.xml: cannot read "missing\.xml"/],
      [['bank', 'import', 'not-camt.xml', '--db', db], /neither BkToCstmrStmt\/Stmt \(camt\.053\) nor BkToCstmrDbtCdtNtfctn/],
      [['bank', 'import', 'statement.xml'], /^mahnwerk bank: --db: missing; give --db URL\|DIR or set "database" in mahnwerk\.config\.json/],
      [['bank', 'import', 'statement.xml', '--db', db, '--today', '14.01.2025'], /^mahnwerk bank: --today: "14\.01\.2025" is not a date/],
      [['bank', 'export', 'statement.xml'], /^mahnwerk bank: unknown subcommand "export"/],
    ];
    for (const [argv, message] of cases) {
      const r = await runWith(argv, { files });
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--help names the file formats and the matching rules', async () => {
    const r = await runWith(['bank', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mahnwerk bank import FILE\.xml — /);
    expect(r.stdout).toContain('camt.053');
    expect(r.stdout).toContain('--db <URL|DIR>');
  });
});
