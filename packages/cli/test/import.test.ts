import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk import FILE.csv|FILE.json --db DIR` (issue 9 point 8): every row is checked before
// anything is written; all bad rows are reported with file, line and field; nothing is imported
// unless --skip-invalid; importing the same file twice changes nothing.

const header = 'id,principal,currency,invoiceDate,dueDate,tags,debtor.id,debtor.kind,debtor.name,debtor.email,debtor.address';
const good = [
  header,
  'RE-1,1200.00,EUR,2025-01-02,2025-01-16,vip|b2b,D-1,business,Nordlicht GmbH,buha@nordlicht.example,Am Kai 5|20457 Hamburg',
  'RE-2,99.90,EUR,2025-01-03,2025-01-17,,D-2,consumer,"Mustermann, Erika",erika@example.org,Heidestraße 17|51147 Köln',
  // A quoted cell spanning two lines: the record starts on line 4, the next on line 6.
  'RE-3,10.00,EUR,2025-01-04,2025-01-18,,D-3,consumer,"Jürgen ""Jü""\nGroß",j@example.org,Weg 1|10115 Berlin',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function claimsIn(db: string): Promise<{ id: string; principal: string; tags: readonly string[] }[]> {
  const opened = await openKept(db, {});
  try {
    const page = await opened.store.queryClaims?.({ limit: 1000 });
    return (page?.claims ?? []).map((c) => ({ id: c.claimId, principal: c.principal, tags: c.tags }));
  } finally {
    await opened.close();
  }
}

// Each command opens the PGlite directory (seconds each on a loaded machine): a timeout is a hang guard, not a speed check.
describe('mahnwerk import', { timeout: 600_000 }, () => {
  it('imports a CSV book; importing it again changes nothing', async () => {
    const db = join(dir, 'twice');
    const first = await runWith(['import', 'book.csv', '--db', db, '--json'], { files: { 'book.csv': good } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(json(first)).toEqual({ file: 'book.csv', database: db, rows: 3, imported: 3, unchanged: 0, invalid: 0, refused: 0 });
    const before = await claimsIn(db);
    expect(before).toEqual([
      { id: 'RE-1', principal: '1200.00', tags: ['b2b', 'vip'] },
      { id: 'RE-2', principal: '99.90', tags: [] },
      { id: 'RE-3', principal: '10.00', tags: [] },
    ]);
    const again = await runWith(['import', 'book.csv', '--db', db, '--json'], { files: { 'book.csv': good } });
    expect(again.code).toBe(0);
    expect(json(again)).toMatchObject({ imported: 0, unchanged: 3 });
    const opened = await openKept(db, {});
    try {
      // Still one event per claim: the second import wrote nothing.
      expect((await opened.store.queryClaims?.())?.claims.map((c) => c.version)).toEqual([1, 1, 1]);
    } finally {
      await opened.close();
    }
  });

  it('reports every bad row with file, line and field, and imports nothing', async () => {
    const db = join(dir, 'bad');
    const bad = [
      header,
      'RE-1,1200.00,EUR,2025-01-02,2025-01-16,,D-1,business,Nordlicht GmbH,,',
      'RE-2,12;50,EUR,2025-01-03,2025-01-17,,D-2,consumer,Erika,,',
      'RE-3,10.00,EUR,2025-01-04,2025-01-18,,D-3,pirate,Jürgen,,',
      'RE-4,10.00,EUR,2025-01-20,2025-01-04,,D-4,consumer,Anna,,',
      'RE-1,5.00,EUR,2025-01-04,2025-01-18,,D-5,consumer,Doppelt,,',
    ].join('\n');
    const out = await runWith(['import', 'claims.csv', '--db', db], { files: { 'claims.csv': bad } });
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^mahnwerk import: claims\.csv:3: record 2 \(id "RE-2"\): principal: expected an amount/);
    expect(lines[1]).toMatch(/^mahnwerk import: claims\.csv:4: record 3 \(id "RE-3"\): debtor\.kind: /);
    expect(lines[2]).toBe('mahnwerk import: claims.csv:5: record 4 (id "RE-4"): dueDate: 2025-01-04 is before invoiceDate 2025-01-20.');
    expect(lines[3]).toBe('mahnwerk import: claims.csv:6: record 5 (id "RE-1"): id: appears twice; claim ids must be unique.');
    expect(lines[4]).toBe('mahnwerk import: 4 of 5 rows are invalid (listed above); nothing was imported. Fix them, or pass --skip-invalid to import the 1 valid rows.');
    expect(lines).toHaveLength(5);
    expect(await claimsIn(db)).toEqual([]);
  });

  it('an impossible date is named with its line in the one wording of a bad date (isoDateProblem); nothing is imported', async () => {
    const db = join(dir, 'bad-date');
    // 2025 is no leap year: 2025-02-29 is no day. Row 2 starts on line 3, row 3 on line 4.
    const book = [
      header,
      'RE-1,1200.00,EUR,2025-01-02,2025-01-16,,D-1,business,Nordlicht GmbH,,',
      'RE-2,10.00,EUR,2025-02-29,2025-03-15,,D-2,consumer,Erika,,',
      'RE-3,10.00,EUR,2025-01-04,2025-06-31,,D-3,consumer,Max,,',
    ].join('\n');
    const out = await runWith(['import', 'dates.csv', '--db', db], { files: { 'dates.csv': book } });
    expect(out.code).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toBe('mahnwerk import: dates.csv:3: record 2 (id "RE-2"): invoiceDate: 2025-02-29 is not a day of the calendar (February 2025 has 28 days).');
    expect(lines[1]).toBe('mahnwerk import: dates.csv:4: record 3 (id "RE-3"): dueDate: 2025-06-31 is not a day of the calendar (June 2025 has 30 days).');
    expect(await claimsIn(db)).toEqual([]);
  });

  // A CSV cell has no JSON quotes: the message says what to write in the cell, not that the value is "a string".
  it('a CSV cell is explained in cell words (amount, yes/no); a JSON record keeps the JSON wording', async () => {
    const csv = [
      'id,principal,invoiceDate,dueDate,debtor.kind,debtor.name,dueDateAgreed',
      'RE-1,"1.200,00",2025-01-02,2025-01-16,consumer,Erika,',
      'RE-2,12.50,2025-01-02,2025-01-16,consumer,Max,yes',
    ].join('\n');
    const fromCsv = await runWith(['import', 'c.csv', '--db', join(dir, 'cells')], { files: { 'c.csv': csv } });
    const lines = fromCsv.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      'mahnwerk import: c.csv:2: record 1 (id "RE-1"): principal: expected an amount written like 1200.00 in the cell (digits, a dot and the cents; no thousands separator, no currency sign).',
    );
    expect(lines[1]).toBe('mahnwerk import: c.csv:3: record 2 (id "RE-2"): dueDateAgreed: expected true or false in the cell (or leave it empty).');
    expect(lines[0]).not.toContain('(a string)');

    const book = JSON.stringify([{ id: 'J-1', principal: '1.200,00', invoiceDate: '2025-01-02', dueDate: '2025-01-16', debtor: { kind: 'consumer', name: 'Erika' } }]);
    const fromJson = await runWith(['import', 'b.json', '--db', join(dir, 'cells-json')], { files: { 'b.json': book } });
    expect(fromJson.stderr.split('\n')[0]).toBe('mahnwerk import: b.json:1: record 1 (id "J-1"): principal: expected an amount written like "1200.00" (a string).');
  });

  it('--skip-invalid imports the valid rows and counts the others', async () => {
    const db = join(dir, 'skip');
    const mixed = [header, 'RE-1,1200.00,EUR,2025-01-02,2025-01-16,,D-1,business,Nordlicht GmbH,,', 'RE-2,abc,EUR,2025-01-03,2025-01-17,,D-2,consumer,Erika,,'].join('\n');
    const out = await runWith(['import', 'm.csv', '--db', db, '--skip-invalid', '--json'], { files: { 'm.csv': mixed } });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^mahnwerk import: m\.csv:3: record 2 \(id "RE-2"\): principal: /);
    expect(json(out)).toMatchObject({ rows: 2, imported: 1, invalid: 1 });
    expect((await claimsIn(db)).map((c) => c.id)).toEqual(['RE-1']);
  });

  it('a JSON book: a bad record is named with the line it starts on; the core rules apply too (unknown currency)', async () => {
    const db = join(dir, 'json');
    const text = `[
  { "id": "J-1", "principal": "50.00", "invoiceDate": "2025-01-02", "dueDate": "2025-01-16",
    "debtor": { "kind": "consumer", "name": "Erika" } },
  {
    "id": "J-2", "principal": "50.00", "currency": "XYZ", "invoiceDate": "2025-01-02", "dueDate": "2025-01-16",
    "debtor": { "kind": "consumer", "name": "Max" }
  }
]`;
    const out = await runWith(['import', 'book.json', '--db', db], { files: { 'book.json': text } });
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toMatch(/^mahnwerk import: book\.json:4: record 2 \(id "J-2"\): currency: .*XYZ/);
    expect(await claimsIn(db)).toEqual([]);
  });

  it('usage errors: no file, a file of another format, an unknown CSV column', async () => {
    expect((await runWith(['import', '--db', 'x'], {})).stderr).toBe('mahnwerk import: FILE: missing; give the claims file: mahnwerk import claims.csv --db DIR (see mahnwerk import --help).\n');
    expect((await runWith(['import', 'a.xlsx'], {})).stderr).toContain('FILE: "a.xlsx" is neither .csv nor .json');
    const out = await runWith(['import', 'c.csv'], { files: { 'c.csv': 'id,betrag\nRE-1,5' } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('c.csv:1: column 2 "betrag" is not a field of the book');
    // "amount" is a column of an adjustment row (a credit note or write-down, type "adjustment"):
    // in a claim row it is named as such, not dropped without a word.
    const amount = await runWith(['import', 'c.csv'], { files: { 'c.csv': 'id,amount\nRE-1,5' } });
    expect(amount.code).toBe(2);
    expect(amount.stderr).toContain('c.csv:2: record 1 (id "RE-1"): amount: a cell of an adjustment in a claim row; give an adjustment its own row with type "adjustment"');
  });
});
