import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { project, statementAsOf, toAmountString, type ClaimEvent } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';
import { creditNote, jsonLines, k1 } from './support/adjustment-book.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk import`: a book may hold credit notes (Gutschrift) and write-downs (Teilerlass, § 397
// Abs. 1 BGB) beside its claims — a record `{ "type": "adjustment", "claimId", "date", "kind",
// "amount", "note"? }` (core's scripted action, the script entry of `mahnwerk simulate --script`), in
// CSV a row whose `type` cell says `adjustment`. Each is checked with the other rows before anything
// is written (core's parseScriptedAction: one schema), a bad one named by file, line, record and
// field; then booked after the claims through the host's recordAdjustment (core's bookAdjustment:
// at most the principal open, § 362 Abs. 1 BGB) with an idempotency key, so importing the book again
// changes nothing. One the host refuses is listed at its line and writes nothing.

// The book (support/adjustment-book.ts): the claim k1 and its creditNote; the same two rows in CSV:
const header = 'id,principal,currency,invoiceDate,dueDate,dueDateAgreed,description,contractDate,debtor.id,debtor.kind,debtor.name,debtor.email,type,claimId,kind,amount,date,note';
const csvClaim = 'K1,500.00,EUR,2025-01-02,2025-01-16,true,Bestellung 4711: Gartenstuhl,2025-01-02,D-1,consumer,Erika Muster,erika@example.org,,,,,,';
const csvCredit = (amount: string): string => `,,,,,,,,,,,,adjustment,K1,credit-note,${amount},2025-02-14,Rücksendung`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-import-adjustment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ledgerOf(db: string, claimId: string): Promise<ClaimEvent[] | null> {
  const opened = await openKept(db, {});
  try {
    const stored = await opened.store.load(claimId);
    return stored === null ? null : stored.entries.map((e) => e.event);
  } finally {
    await opened.close();
  }
}

// Each command opens the PGlite directory (seconds each on a loaded machine): a timeout is a hang guard, not a speed check.
describe('mahnwerk import: credit notes and write-downs in the book', { timeout: 600_000 }, () => {
  it('JSON: bad adjustment rows are listed with file, line, record and field, and nothing is imported', async () => {
    const db = join(dir, 'bad');
    const book = jsonLines([
      k1, // line 2
      creditNote, // line 3: good
      { ...creditNote, amount: '1.005' }, // line 4: more decimals than EUR has
      { ...creditNote, claimId: 'K9' }, // line 5: no such claim in the book
      { ...creditNote, kind: 'refund' }, // line 6: not an adjustment's kind
      { type: 'payment', claimId: 'K1', date: '2025-02-14', amount: '100.00' }, // line 7: not a record of a book
    ]);
    const out = await runWith(['import', 'book.json', '--db', db], { files: { 'book.json': book } });
    expect(out.code).toBe(2);
    const stderr = out.stderr.trim().split('\n');
    expect(stderr[0]).toBe('mahnwerk import: book.json:4: record 3 (claim "K1"): amount: "1.005" has 3 decimals, but EUR amounts have at most 2.');
    expect(stderr[1]).toBe('mahnwerk import: book.json:5: record 4 (claim "K9"): claimId: no claim "K9" in book.json; an adjustment names a claim of the same book.');
    expect(stderr[2]).toMatch(/^mahnwerk import: book\.json:6: record 5 \(claim "K1"\): kind: /);
    expect(stderr[3]).toMatch(/^mahnwerk import: book\.json:7: record 6 \(claim "K1"\): type: "payment" is not a record of a book; a book holds claims \(no type\) and credit notes or write-downs/);
    expect(stderr[4]).toBe('mahnwerk import: 4 of 6 rows are invalid (listed above); nothing was imported. Fix them, or pass --skip-invalid to import the 2 valid rows.');
    expect(await ledgerOf(db, 'K1')).toBeNull();
  });

  it('CSV: the claim and its credit note are imported — the note booked through recordAdjustment, on the statement — and importing again changes nothing', async () => {
    const db = join(dir, 'good');
    const csv = [header, csvClaim, csvCredit('100.00')].join('\n');
    const first = await runWith(['import', 'book.csv', '--db', db, '--json'], { files: { 'book.csv': csv } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(json(first)).toEqual({ file: 'book.csv', database: db, rows: 2, imported: 1, unchanged: 0, invalid: 0, refused: 0, adjustments: 1, adjustmentsUnchanged: 0 });
    const events = (await ledgerOf(db, 'K1')) ?? [];
    expect(events.filter((e) => e.type === 'adjustment').map((e) => (e.type === 'adjustment' ? [e.date, e.kind, e.amount, e.note] : null))).toEqual([['2025-02-14', 'credit-note', '100.00', 'Rücksendung']]);
    // Hand check (§ 288 Abs. 1 BGB, 7.27 % = 2.27 + 5, act/365; default from 2025-01-17, § 286 Abs. 2 Nr. 1 BGB):
    // as of 2025-02-28: 500.00 × 7.27 % × 28 / 365 (01-17 – 02-13) = 2.788… → 2.79, then 400.00 × 7.27 % × 15 / 365
    // (02-14 – 02-28) = 1.195… → 1.20; principal 500.00 − 100.00 = 400.00; total 403.99 (the import charges no fee).
    const st = statementAsOf(events, '2025-02-28');
    expect([st.principal, st.interest, st.costs, st.total].map(toAmountString)).toEqual(['400.00', '3.99', '0.00', '403.99']);
    expect(st.lines.map((l) => l.label)).toContain('Gutschrift: Rücksendung');
    expect(project(events).facts.principal).toBe('500.00');
    const again = await runWith(['import', 'book.csv', '--db', db, '--json'], { files: { 'book.csv': csv } });
    expect(again.code).toBe(0);
    expect(json(again)).toMatchObject({ imported: 0, unchanged: 1, adjustments: 0, adjustmentsUnchanged: 1 });
    expect(await ledgerOf(db, 'K1')).toHaveLength(events.length);
  });

  it('CSV: a credit note above the principal open (500.01 on 500.00) is refused at its line with the host\'s words, and nothing of it is written', async () => {
    const db = join(dir, 'above');
    const csv = [header, csvClaim, csvCredit('500.01')].join('\n');
    const out = await runWith(['import', 'book.csv', '--db', db], { files: { 'book.csv': csv } });
    expect(out.code).toBe(2);
    const stderr = out.stderr.trim().split('\n');
    expect(stderr[0]).toMatch(
      /^mahnwerk import: book\.csv:3: record 2 \(claim "K1"\): amount: a credit note of 500\.01 EUR on 2025-02-14 is more than the principal open on claim "K1", 500\.00 EUR on 2025-02-14/,
    );
    expect(stderr[1]).toBe('mahnwerk import: 1 rows were refused (listed above); 1 claims imported, 0 unchanged, 0 adjustments booked, 0 unchanged.');
    // The claim is imported (it is valid); the refused note wrote nothing.
    expect((await ledgerOf(db, 'K1'))?.map((e) => e.type)).toEqual(['claim-created']);
  });

  it('CSV: a row mixing a claim\'s and an adjustment\'s cells is refused, naming the cells', async () => {
    const db = join(dir, 'mixed');
    const csv = [header, csvClaim.replace(/,,,,,,$/, ',,,,100.00,,'), csvCredit('100.00').replace(/^,,,,,,,,,,,,/, ',,,,,,,,,,Erika,,')].join('\n');
    const out = await runWith(['import', 'book.csv', '--db', db], { files: { 'book.csv': csv } });
    expect(out.code).toBe(2);
    const stderr = out.stderr.trim().split('\n');
    expect(stderr[0]).toBe(
      'mahnwerk import: book.csv:2: record 1 (id "K1"): amount: a cell of an adjustment in a claim row; give an adjustment its own row with type "adjustment" (type, claimId, kind, amount, date, note).',
    );
    expect(stderr[1]).toBe('mahnwerk import: book.csv:3: record 2 (claim "K1"): debtor.name: a cell of a claim in an adjustment row (type "adjustment"); an adjustment row fills only type, claimId, kind, amount, date, note.');
  });
});
