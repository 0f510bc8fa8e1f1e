import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daytime, json, keepDirectoriesOpen, run, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// The operational commands on one embedded database (issue 9 point 8): generate a book, import it,
// run a business day with the file channel, and report the status — checked against the book itself.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-ops-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sum of decimal strings with two decimals, in cents (exact). */
function cents(amounts: readonly string[]): bigint {
  return amounts.reduce((sum, a) => {
    const [whole = '0', frac = ''] = a.split('.');
    return sum + BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  }, 0n);
}

describe('mahnwerk generate', () => {
  it('the same seed and size give the same book; another seed another; a smaller book is a prefix', async () => {
    const a = await run(['generate', '--claims', '20', '--seed', '7']);
    const b = await run(['generate', '--claims', '20', '--seed', '7']);
    const c = await run(['generate', '--claims', '20', '--seed', '8']);
    const small = await run(['generate', '--claims', '5', '--seed', '7']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    expect(JSON.parse(a.stdout).slice(0, 5)).toEqual(JSON.parse(small.stdout));
    expect(JSON.parse(a.stdout)).toHaveLength(20);
  });

  it('--claims outside 1 … 1000000 exits 2 naming the flag', async () => {
    expect(await run(['generate', '--claims', '0'])).toEqual({ code: 2, stdout: '', stderr: 'mahnwerk generate: --claims: "0" is not a whole number from 1 to 1000000.\n' });
    expect((await run(['generate'])).stderr).toBe('mahnwerk generate: --claims: missing; it is required (see mahnwerk generate --help).\n');
  });
});

describe('generate → import → run → status on one PGlite directory', () => {
  it('status counts every imported claim and sums its principal; every message sent is a file of the file channel', async () => {
    const db = join(dir, 'book-db');
    const generated = await run(['generate', '--claims', '40', '--seed', '3']);
    const book = JSON.parse(generated.stdout) as { id: string; principal: string; currency: string }[];
    const config = JSON.stringify({ policy: 'auto', channels: { file: { dir: join(dir, 'outbox'), channels: ['email', 'letter', 'sms'] } } });
    const files = { 'book.json': generated.stdout, 'mw.json': config };

    const imported = await runWith(['import', 'book.json', '--db', db, '--config', 'mw.json', '--json'], { files });
    expect(imported.stderr).toBe('');
    expect(json(imported)).toMatchObject({ rows: 40, imported: 40 });

    const before = await runWith(['status', '--db', db, '--config', 'mw.json', '--json'], { files });
    expect(before.code).toBe(0);
    const totals = json(before).claims as { status: string; count: number; amount: string; currency: string }[];
    expect(totals.reduce((n, t) => n + t.count, 0)).toBe(40);
    expect(new Set(totals.map((t) => t.currency))).toEqual(new Set(book.map((c) => c.currency)));
    expect(cents(totals.map((t) => t.amount))).toBe(cents(book.map((c) => c.principal)));
    expect(json(before).messages).toEqual([]);

    const day = await runWith(['run', '--db', db, '--config', 'mw.json', '--date', '2025-06-30', '--now', daytime('2025-06-30'), '--json'], { files });
    expect(day.stderr).toBe('');
    expect(day.code).toBe(0);
    const result = json(day);
    expect(result.date).toBe('2025-06-30');
    expect(result.decided).toBeGreaterThan(0);

    const after = await runWith(['status', '--db', db, '--config', 'mw.json', '--json'], { files });
    const messages = json(after).messages as { status: string; count: number }[];
    const sent = messages.filter((m) => m.status === 'sent').reduce((n, m) => n + m.count, 0);
    expect(sent).toBe(result.sent);
    // Each message sent was written by the file channel as <id>.txt (the day's run wrote them).
    expect([...day.written.keys()].filter((p) => p.endsWith('.txt'))).toHaveLength(sent);
    expect(cents((json(after).claims as { amount: string }[]).map((t) => t.amount))).toBe(cents(book.map((c) => c.principal)));

    // Deterministic: the same database gives the same report, byte for byte.
    const table1 = await runWith(['status', '--db', db, '--config', 'mw.json'], { files });
    const table2 = await runWith(['status', '--db', db, '--config', 'mw.json'], { files });
    expect(table1.stdout).toBe(table2.stdout);
    expect(table1.stdout).toContain('status');
    expect(table1.stdout).toContain(`database: ${db}`);
    // Seven commands, each opening the PGlite directory (seconds each on a loaded machine).
  }, 600_000);

  it('run --date that is not a day exits 2 naming --date', async () => {
    const out = await run(['run', '--date', '2025-02-30']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk run: --date: 2025-02-30 is not a day of the calendar/);
  });
});
