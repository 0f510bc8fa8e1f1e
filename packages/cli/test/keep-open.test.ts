import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';

// The specs' harness (test/run.ts): in a file that calls keepDirectoriesOpen, the commands of a test
// share one open PGlite per directory — and only within that test, so no test sees another's open
// database and a directory is never opened twice at once.
keepDirectoriesOpen();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-keep-open-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The store the first test's commands shared, to compare with the next test's. */
let firstTestStore: PostgresClaimStore | undefined;

const book = JSON.stringify([
  { id: 'RE-1', principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', debtor: { id: 'D-1', kind: 'business', name: 'Muster GmbH' } },
]);

describe('keepDirectoriesOpen: one open database per directory while a test runs', { timeout: 300_000 }, () => {
  it('the second open of a directory is the first one\'s database, still open after a command closed it; a command on it reads what the first wrote', async () => {
    const db = join(dir, 'db');
    const first = await openKept(db, {});
    await first.close();
    const second = await openKept(db, { migrate: false });
    expect(second.store).toBe(first.store);
    expect(second.where).toBe(db);
    // Still open after both close() calls: a query answers.
    expect(await second.store.driver.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    const imported = await runWith(['import', 'book.json', '--db', db, '--json'], { files: { 'book.json': book } });
    expect(imported.code, imported.stderr).toBe(0);
    expect(json(await runWith(['status', '--db', db, '--json'])).claims).toEqual([expect.objectContaining({ count: 1 })]);
    expect(await second.store.load('RE-1')).toBeDefined();
    firstTestStore = second.store;
  });

  it('the next test opens the directory anew (the last test\'s database was closed after it), and finds what that test wrote', async () => {
    const db = join(dir, 'db');
    const opened = await openKept(db, {});
    expect(firstTestStore).toBeDefined();
    expect(opened.store).not.toBe(firstTestStore);
    // The closed one answers no more.
    await expect(firstTestStore?.driver.query('select 1')).rejects.toThrow();
    expect(await opened.store.load('RE-1')).toBeDefined();
  });
});
