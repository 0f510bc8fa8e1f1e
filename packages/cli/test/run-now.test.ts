import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, keepDirectoriesOpen, openKept, run, runWith } from './run.js';
import { describePostgres, freshDatabase } from './support/postgres.js';
import { buildWorkerEntry } from './support/worker-bundle.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk run --date D --now INSTANT` (docs/cli.md "Business day and instant"): --date is the
// business day the run decides and sends for, --now the instant it sends at (default: the system
// clock). Quiet hours (20:00–08:00 under the built-in policies) and a channel's hours are those of
// the instant (core's quietUntil), so a catch-up run for a past day at night sends no e-mail; what goes
// out is dated the business day D.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-run-now-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Due 2025-01-16: the built-in consumer policy's reminder (e-mail, fallback letter) is due 7 days
// later, on 2025-01-23 (the same book and day as run-failures.test.ts).
const book = JSON.stringify([
  { id: 'R-1', principal: '120.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] } },
]);

function setUp(name: string): Record<string, string> {
  return { 'book.json': book, 'mw.json': JSON.stringify({ database: join(dir, name), channels: { file: { dir: './outbox' } } }) };
}

describe('rule: mahnwerk run --now fixes the instant the run sends at; quiet hours are those of that instant', { timeout: 300_000 }, () => {
  it('a catch-up run at 23:30 on 2025-01-24 for 2025-01-23 sends no e-mail at night: the reminder waits, and the run of 2025-01-25 at 08:00 sends it, dated 2025-01-25', async () => {
    const files = setUp('night');
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const night = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', '2025-01-24T23:30:00+01:00', '--json'], { files });
    expect(night.stderr).toBe('');
    expect(night.code).toBe(0);
    // 23:30 lies in 20:00–08:00: decided (the stage entered, the reminder queued), nothing sent, nothing written.
    expect(json(night)).toMatchObject({ date: '2025-01-23', decided: 1, sent: 0, failed: 0 });
    expect(night.writes).toEqual([]);
    const status = await runWith(['status', '--config', 'mw.json', '--json'], { files });
    expect(json(status).messages).toEqual([{ template: 'reminder', channel: 'email', status: 'pending', count: 1 }]);

    // 08:00 is the end of the quiet hours; the run of that day sends the waiting reminder for its own business day.
    const morning = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-25', '--now', '2025-01-25T08:00:00+01:00', '--json'], { files });
    expect(morning.stderr).toBe('');
    expect(json(morning)).toMatchObject({ date: '2025-01-25', sent: 1, failed: 0 });
    expect(morning.written.get('./outbox/R-1_msg_reminder_1.txt')).toContain('\nChannel: email\nStage: reminder\nDate: 2025-01-25\n');
  });

  it('a catch-up run in the daytime (10:00 on 2025-01-27 for 2025-01-23) sends at once: the e-mail is dated the business day 2025-01-23, its events recorded at the --now instant', async () => {
    const files = setUp('day');
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', '2025-01-27T10:00:00+01:00', '--json'], { files });
    expect(day.stderr).toBe('');
    expect(json(day)).toMatchObject({ date: '2025-01-23', sent: 1, failed: 0 });
    expect(day.written.get('./outbox/R-1_msg_reminder_1.txt')).toContain('\nDate: 2025-01-23\n');
    const opened = await openKept(join(dir, 'day'), { migrate: false });
    try {
      const events = ((await opened.store.load('R-1'))?.entries ?? []).map((e) => e.event);
      // Business date of the run, instant of --now (Berlin is +01:00 in January, as given).
      expect(events.find((e) => e.type === 'message-sent')).toMatchObject({ date: '2025-01-23', recordedAt: '2025-01-27T10:00:00+01:00' });
    } finally {
      await opened.close();
    }
  });

  it('without --date the business day is the day of --now in the config\'s time zone: 2025-01-23T23:30:00Z is 00:30 on 2025-01-24 in Berlin', async () => {
    // Europe/Berlin (the default time zone) is UTC+1 in January: 23:30 UTC + 1 h = 00:30 the next day.
    const out = await runWith(['run', '--now', '2025-01-23T23:30:00Z', '--json'], { files: {} });
    expect(out.stderr).toBe('');
    expect(json(out).date).toBe('2025-01-24');
  });

  it('--json prints the instant the run sent at (`now`, ISO 8601 with the config\'s time zone\'s offset) next to the business day (`date`)', async () => {
    // As given: 10:00 at +01:00 is Berlin's own offset in January (CET, UTC+1).
    const given = await runWith(['run', '--date', '2025-01-23', '--now', '2025-01-27T10:00:00+01:00', '--json'], { files: {} });
    expect(given.stderr).toBe('');
    expect(Object.keys(json(given)).slice(0, 2)).toEqual(['date', 'now']);
    expect(json(given)).toMatchObject({ date: '2025-01-23', now: '2025-01-27T10:00:00+01:00' });
    // In UTC: shown in Berlin's offset — 23:30 UTC + 1 h = 00:30 on 2025-01-24 (CET); 08:00 UTC on
    // 2025-07-01 + 2 h = 10:00 (CEST, UTC+2, from the last Sunday of March to the last of October).
    expect(json(await runWith(['run', '--now', '2025-01-23T23:30:00Z', '--json'], { files: {} }))).toMatchObject({ date: '2025-01-24', now: '2025-01-24T00:30:00+01:00' });
    expect(json(await runWith(['run', '--now', '2025-07-01T08:00:00Z', '--json'], { files: {} }))).toMatchObject({ date: '2025-07-01', now: '2025-07-01T10:00:00+02:00' });
    // Without --now: the system clock's instant when the run began, with its offset.
    const before = Date.now();
    const plain = json(await runWith(['run', '--json'], { files: {} }));
    const after = Date.now();
    expect(plain.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const at = Date.parse(plain.now as string);
    expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(at).toBeLessThanOrEqual(after);
  });

  it('a bad --now is refused with exit 2 naming the option, before anything is opened', async () => {
    for (const bad of ['2025-01-24T10:00:00', '2025-02-30T10:00:00Z', '2025-01-24T24:00:00Z', '2025-01-24 10:00:00Z', '2025-01-24', 'now', '2025-01-24T10:00:00+1']) {
      const out = await runWith(['run', '--date', '2025-01-23', '--now', bad], { files: {} });
      expect(out.code, bad).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe(
        `mahnwerk run: --now: "${bad}" is not an instant with its offset, e.g. 2025-03-03T10:00:00+01:00 or 2025-03-03T09:00:00Z (a day of the calendar, a time 00:00–23:59, the offset or Z).\n`,
      );
      expect(out.writes).toEqual([]);
    }
    // Seconds are optional, fractions and any offset allowed.
    for (const good of ['2025-01-24T10:00Z', '2025-01-24T10:00:00.250+01:00', '2025-01-24T04:00:00-05:00']) {
      expect((await run(['run', '--date', '2025-01-23', '--now', good])).code, good).toBe(0);
    }
  });
});

describePostgres('rule: mahnwerk run --workers N sends at the --now instant in every worker', () => {
  let entry = '';
  beforeAll(async () => {
    entry = await buildWorkerEntry();
  }, 120_000);

  it('--now at 23:30: no worker sends the e-mail; --now at 10:00 the next day: it goes out', async () => {
    const url = await freshDatabase(`mw_cli_now_${process.pid}`);
    const out = join(dir, 'workers-outbox');
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ policy: 'auto', channels: { file: { dir: out } } }) };
    expect((await runWith(['import', 'book.json', '--db', url, '--config', 'mw.json'], { files })).code).toBe(0);
    const night = await runWith(['run', '--db', url, '--config', 'mw.json', '--date', '2025-01-23', '--now', '2025-01-24T23:30:00+01:00', '--workers', '2', '--json'], { files, workerEntry: entry });
    expect(night.stderr).toBe('');
    expect(json(night)).toMatchObject({ date: '2025-01-23', now: '2025-01-24T23:30:00+01:00', decided: 1, sent: 0, failed: 0 });
    // A worker on its system clock would have sent it (in the daytime).
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const day = await runWith(['run', '--db', url, '--config', 'mw.json', '--date', '2025-01-23', '--now', '2025-01-27T10:00:00+01:00', '--workers', '2', '--json'], { files, workerEntry: entry });
    expect(day.stderr).toBe('');
    expect(json(day)).toMatchObject({ sent: 1, failed: 0 });
    expect(await readFile(join(out, 'R-1_msg_reminder_1.txt'), 'utf8')).toContain('\nDate: 2025-01-23\n');
  }, 300_000);
});
