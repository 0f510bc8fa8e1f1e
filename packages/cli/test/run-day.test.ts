import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daytime, json, keepDirectoriesOpen, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk run --date D` goes through runDue's one rule of which day may be run (core's checkRunDay):
// not after the run clock's today, not before the last day the database records as run. Before it, a
// run of 2025-01-23 after a run of 2025-01-24 printed "0 claims decided" as if nothing were due.
// (`--workers N` refuses the same days once, before any worker starts: run-workers.test.ts.)

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-run-day-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Due Thu 2025-01-16: the built-in consumer policy's reminder is due 7 days later, Thu 2025-01-23
// (the book of run-now.test.ts). Run late, on Fri 2025-01-24, it is decided as of the 24th.
const book = JSON.stringify([
  { id: 'R-1', principal: '120.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] } },
]);

describe('rule: mahnwerk run refuses a day before the last day run (checkRunDay, runDue\'s rule), in one process', { timeout: 300_000 }, () => {
  it('after the run of 2025-01-24, --date 2025-01-23 exits 2 naming both days and what to do; nothing is decided; the same day again runs', async () => {
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: join(dir, 'one'), channels: { file: { dir: './outbox' } } }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const args = (date: string, now: string) => ['run', '--config', 'mw.json', '--date', date, '--now', daytime(now), '--json'];
    const first = await runWith(args('2025-01-24', '2025-01-24'), { files });
    expect(first.stderr).toBe('');
    expect(json(first)).toMatchObject({ date: '2025-01-24', decided: 1, sent: 1 });

    const earlier = await runWith(args('2025-01-23', '2025-01-26'), { files });
    expect(earlier.code).toBe(2);
    expect(earlier.stdout).toBe('');
    expect(earlier.stderr).toBe(
      'mahnwerk run: --date: 2025-01-23 is before 2025-01-24, the last day run: the claims due by then were decided as of 2025-01-24, so a run of 2025-01-23 would decide nothing. ' +
        'Run 2025-01-24 again (it decides only what is still due) or a later day up to today (2025-01-26); record what happened on 2025-01-23 (a payment, a promise) with its own date.\n',
    );
    const status = await runWith(['status', '--config', 'mw.json', '--json'], { files });
    expect(json(status).messages).toEqual([{ template: 'reminder', channel: 'email', status: 'sent', count: 1 }]);

    // The same day again: allowed, nothing left to decide.
    const again = await runWith(args('2025-01-24', '2025-01-26'), { files });
    expect(again.stderr).toBe('');
    expect(json(again)).toMatchObject({ date: '2025-01-24', decided: 0, events: 0, sent: 0 });
  });

  it('a day after today (the day of --now) is refused by the same rule, before the channel check: exit 2, the after-today words', async () => {
    // No channel configured and a claim due: the day is refused first, as --workers N refuses it.
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: join(dir, 'later') }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const out = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-25', '--now', daytime('2025-01-24')], { files });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('mahnwerk run: --date: 2025-01-25 is after today (2025-01-24); record what has happened, not what will.\n');
  });
});

describe('rule: a run whose sending fails has still run its day (its decisions are written; runDue records the day before it delivers)', { timeout: 300_000 }, () => {
  it('the file channel cannot write on 2025-01-23: the reminder is decided and stays pending, --date 2025-01-22 is refused, and the same day run again sends it', async () => {
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: join(dir, 'failing'), channels: { file: { dir: './outbox' } } }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const args = (date: string, now: string) => ['run', '--config', 'mw.json', '--date', date, '--now', daytime(now), '--json'];
    // The reminder is due 2025-01-16 + 7 = 2025-01-23; the channel's write fails (outcome unknown: retried with the same key).
    const failing = await runWith(args('2025-01-23', '2025-01-23'), { files, failWrite: (path) => (path.startsWith('./outbox/') ? new Error(`EACCES: permission denied, open '${path}'`) : null) });
    expect(failing.stderr).toBe('');
    expect(json(failing)).toMatchObject({ date: '2025-01-23', decided: 1, sent: 0, failed: 0 });
    const status = await runWith(['status', '--config', 'mw.json', '--json'], { files });
    expect(json(status).messages).toEqual([{ template: 'reminder', channel: 'email', status: 'pending', count: 1 }]);

    // The day counts as run: an earlier day is refused, in runDue's words.
    const earlier = await runWith(args('2025-01-22', '2025-01-24'), { files });
    expect(earlier.code).toBe(2);
    expect(earlier.stderr).toMatch(/^mahnwerk run: --date: 2025-01-22 is before 2025-01-23, the last day run: /);

    // The same day again decides nothing and sends the reminder left queued.
    const again = await runWith(args('2025-01-23', '2025-01-24'), { files });
    expect(again.stderr).toBe('');
    expect(json(again)).toMatchObject({ date: '2025-01-23', decided: 0, sent: 1, failed: 0 });
    expect([...again.written.keys()]).toEqual(['./outbox/R-1_msg_reminder_1.txt']);
  });
});
