import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '@mahnwerk/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres, freshDatabase } from './support/postgres.js';
import { daytime, json, keepDirectoriesOpen, openKept, run, type RunResult, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk copy --from DIR|URL --to URL|DIR`: a user who started on the embedded default moves to
// a server with the book's history. Checked against the source itself: the copied book's next day
// does what the source's next day does (same decisions, same messages, same fees), none of the
// messages sent before the copy is sent again, and `mahnwerk verify` passes with the same
// checkpoints file.

const latest = migrations[migrations.length - 1]?.version ?? 0;
const KEY_HEX = '5a'.repeat(32);
// The third day charges the book's first fees (27 of the 30 claims, seen in a run of this book): the
// copy carries fees already charged, and the next day must not charge them again.
const DAYS = ['2025-06-30', '2025-07-21', '2025-08-18'] as const;
const NEXT_DAY = '2025-09-15';
let dir: string;
let files: Record<string, string>;
let source: string;
/** The checkpoints file as the source's runs left it (each copy goes on with a file of its own with this content). */
let checkpoints: string;
/** The message files each run of the source wrote (the file channel: `<message id>.txt`). */
const sentBefore = new Set<string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-copy-'));
  await writeFile(join(dir, 'audit.key'), `${KEY_HEX}\n`);
  const channels = { file: { dir: join(dir, 'outbox'), channels: ['email', 'letter', 'sms'] } };
  const anchor = { checkpoints: join(dir, 'checkpoints.jsonl'), keyId: 'copy-2025', hmacKeyFile: join(dir, 'audit.key') };
  const generated = await run(['generate', '--claims', '30', '--seed', '11']);
  files = {
    'book.json': generated.stdout,
    'mw.json': JSON.stringify({ policy: 'auto', channels, anchor }),
    // The control run on the source after the copy: the same, but it must not anchor into the target's checkpoints file.
    'control.json': JSON.stringify({ policy: 'auto', channels }),
  };
  source = join(dir, 'embedded');
  const imported = await runWith(['import', 'book.json', '--db', source, '--config', 'mw.json', '--json'], { files });
  expect(imported.stderr).toBe('');
  for (const date of DAYS) {
    const day = await runWith(['run', '--db', source, '--config', 'mw.json', '--date', date, '--now', daytime(date), '--json'], { files });
    expect(day.stderr).toBe('');
    for (const path of day.written.keys()) sentBefore.add(path);
  }
  expect(sentBefore.size).toBeGreaterThan(0);
  checkpoints = await readFile(anchor.checkpoints, 'utf8');
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rows per table, fee events and distinct fees (claim and fee id) of a database, read with SQL. */
async function tablesOf(db: string): Promise<{ rows: Record<string, number>; fees: number; distinctFees: number }> {
  const opened = await openKept(db, { migrate: false });
  try {
    const rows: Record<string, number> = {};
    for (const t of ['claims', 'claim_events', 'idempotency_keys', 'last_run_day', 'outbox', 'personal_data']) {
      rows[t] = Number((await opened.store.driver.query<{ n: string }>(`select count(*)::text as n from mahnwerk.${t}`))[0]?.n);
    }
    const [fees] = await opened.store.driver.query<{ n: string; distinct: string }>(
      `select count(*)::text as n, count(distinct (claim_id, event->>'feeId'))::text as distinct from mahnwerk.claim_events where type = 'fee-charged'`,
    );
    return { rows, fees: Number(fees?.n), distinctFees: Number(fees?.distinct) };
  } finally {
    await opened.close();
  }
}

/** The tables in schema `mahnwerk` of a database (none: no store was made there), read from the catalog. */
async function schemaTables(db: string): Promise<string[]> {
  const opened = await openKept(db, { migrate: false });
  try {
    const rows = await opened.store.driver.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'mahnwerk' order by table_name`);
    return rows.map((r) => r.name);
  } finally {
    await opened.close();
  }
}

/** What a day's run did, without what differs by the instant it ran at. */
function dayOf(out: RunResult) {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  const { decided, events, sent, failed, blocked, errors } = json(out);
  return { decided, events, sent, failed, blocked, errors, files: [...out.written.keys()].sort(), texts: [...out.written.entries()].sort() };
}

/**
 * Copies the source to `target`, checks the report against the source's tables, then runs the next
 * day on the target and (as the control) on a second copy of the source: the same day must come out.
 */
async function copyAndGoOn(name: string, target: string, control: string): Promise<void> {
  // The source's checkpoints file, as the one copy that goes on would keep using it (each test's copy has its own).
  const anchored = JSON.parse(files['mw.json'] as string) as { anchor: { checkpoints: string } };
  anchored.anchor.checkpoints = join(dir, `${name}.jsonl`);
  await writeFile(anchored.anchor.checkpoints, checkpoints);
  files[`${name}.json`] = JSON.stringify(anchored);
  const config = `${name}.json`;
  const before = await tablesOf(source);
  const out = await runWith(['copy', '--from', source, '--to', target, '--config', config, '--json'], { files });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  const report = json(out);
  expect(report.schemaVersion).toBe(latest);
  // Every table of the source: the store's (the embedded book ran in one process, so it has no runner tables).
  expect(Object.fromEntries((report.tables as { table: string; rows: number }[]).map((t) => [t.table, t.rows]))).toEqual(before.rows);
  expect(report.claims).toBe(30);
  expect(report.entries).toBe(before.rows['claim_events']);
  expect(report.anchor).toEqual({ checkpoints: expect.any(Number), claims: 30 });
  expect((await tablesOf(target)).rows).toEqual(before.rows);

  const verified = await runWith(['verify', '--db', target, '--config', config], { files });
  expect(verified.stderr).toBe('');
  expect(verified.stdout).toContain('ok: every anchored claim is in the database, complete and unchanged');

  // The control: a second copy of the source, run without the anchor (its checkpoints would be another history).
  expect((await runWith(['copy', '--from', source, '--to', control, '--config', 'control.json'], { files })).code).toBe(0);
  const onTarget = dayOf(await runWith(['run', '--db', target, '--config', config, '--date', NEXT_DAY, '--now', daytime(NEXT_DAY), '--json'], { files }));
  const onControl = dayOf(await runWith(['run', '--db', control, '--config', 'control.json', '--date', NEXT_DAY, '--now', daytime(NEXT_DAY), '--json'], { files }));
  expect(onTarget).toEqual(onControl);
  expect(onTarget.decided).toBeGreaterThan(0);
  expect(onTarget.sent).toBeGreaterThan(0);
  // No message sent before the copy is sent again; no fee charged twice (as many as the control charged).
  expect(onTarget.files.filter((f) => sentBefore.has(f))).toEqual([]);
  expect(before.fees).toBeGreaterThan(0);
  const after = await tablesOf(target);
  expect(after.fees).toBe((await tablesOf(control)).fees);
  expect(after.distinctFees).toBe(after.fees);

  const again = await runWith(['verify', '--db', target, '--config', config], { files });
  expect(again.stderr).toBe('');
  expect(again.code).toBe(0);
}

describe('mahnwerk copy: PGlite directory to PGlite directory', () => {
  it('copies the dunned book, verifies it, and the copy goes on exactly where the source stood', async () => {
    await copyAndGoOn('embedded-copy', join(dir, 'copy'), join(dir, 'control'));
  }, 600_000);

  it('prints the rows per table, the verification and what to do next', async () => {
    const target = join(dir, 'table-copy');
    const out = await runWith(['copy', '--from', source, '--to', target, '--config', 'control.json'], { files });
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^table +rows\n/);
    expect(out.stdout).toMatch(/\nclaims +30\n/);
    expect(out.stdout).toContain(`copied ${source} to ${target} (schema version ${latest})\n`);
    expect(out.stdout).toMatch(/\nverified: 30 claims with \d+ events — row counts, chain heads and chains equal to the source's\n/);
    expect(out.stdout).toContain('no "anchor" in the config: check the target against your checkpoints with mahnwerk verify --db TO\n');
    expect(out.stdout).toContain(`next: use ${target} as --db`);
  }, 600_000);

  it('refuses a target that holds data (exit 2, naming --to), and leaves it as it was', async () => {
    const target = join(dir, 'filled');
    const imported = await runWith(['import', 'book.json', '--db', target, '--config', 'control.json'], { files });
    expect(imported.code).toBe(0);
    const before = await tablesOf(target);
    const out = await runWith(['copy', '--from', source, '--to', target, '--config', 'control.json'], { files });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'mahnwerk copy: --to: schema "mahnwerk" of the target already holds data (claim_events, claims, idempotency_keys, personal_data); copy only into an empty store — a new database or schema — so that nothing is mixed or overwritten.\n',
    );
    expect(await tablesOf(target)).toEqual(before);
  }, 600_000);

  it('refuses a source at an older schema version (exit 2, naming --from and mahnwerk migrate), and leaves the target unmigrated', async () => {
    const older = join(dir, 'older');
    expect((await run(['migrate', '--db', older])).code).toBe(0);
    const opened = await openKept(older, { migrate: false });
    await opened.store.driver.query(`delete from mahnwerk.schema_migrations where version = $1`, [latest]);
    await opened.close();
    const target = join(dir, 'older-copy');
    const out = await run(['copy', '--from', older, '--to', target]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `mahnwerk copy: --from: the source is at schema version ${latest - 1}, and a new target is migrated to ${latest}; migrate the source first (mahnwerk migrate --db FROM), then copy.\n`,
    );
    // The copy used to migrate the target (store and runner tables) before copyStore refused: a
    // refused copy left a changed database behind. Now nothing of the store is made there.
    expect(await schemaTables(target)).toEqual([]);
  }, 600_000);

  it('refuses a target whose schema holds someone else\'s data, before migrating it (exit 2), and leaves it as it was', async () => {
    const target = join(dir, 'foreign');
    const opened = await openKept(target, { migrate: false });
    await opened.store.driver.exec(`create schema mahnwerk; create table mahnwerk.notes (id integer primary key); insert into mahnwerk.notes values (1);`);
    await opened.close();
    const out = await runWith(['copy', '--from', source, '--to', target, '--config', 'control.json'], { files });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'mahnwerk copy: --to: schema "mahnwerk" of the target already holds data (notes); copy only into an empty store — a new database or schema — so that nothing is mixed or overwritten.\n',
    );
    // Before the fix the store's and the runner's tables were created beside `notes` first.
    expect(await schemaTables(target)).toEqual(['notes']);
  }, 600_000);

  it('bad flags: exit 2 with one line naming the flag', async () => {
    expect(await run(['copy', '--to', join(dir, 'x')])).toEqual({ code: 2, stdout: '', stderr: 'mahnwerk copy: --from: missing; it is required (see mahnwerk copy --help).\n' });
    expect((await run(['copy', '--from', source])).stderr).toBe('mahnwerk copy: --to: missing; it is required (see mahnwerk copy --help).\n');
    expect((await run(['copy', '--from', source, '--to', source])).stderr).toBe(
      'mahnwerk copy: --to: the same database as --from; copy into another database (a new directory or a postgres:// URL).\n',
    );
    const missing = join(dir, 'no-such-dir');
    expect(await run(['copy', '--from', missing, '--to', join(dir, 'y')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `mahnwerk copy: --from: "${missing}" holds no embedded database (no PG_VERSION in it); give the data directory your other commands use as --db, or a postgres:// URL.\n`,
    });
    expect((await run(['copy', '--from', source, '--to', 'postgress://db/x'])).stderr).toMatch(/^mahnwerk copy: --to: "postgress:\/\/db\/x" is a postgress:\/\/ URL/);
  }, 600_000);

  it('--help says what is copied, what is refused and what to do after', async () => {
    const out = await run(['copy', '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('mahnwerk copy — move a database with its whole history');
    expect(out.stdout).toContain('--from <DIR|URL>');
    expect(out.stdout).toContain('--to <URL|DIR>');
    expect(out.stdout).toContain('Stop every process that writes the source before copying');
    expect((await run(['--help'])).stdout).toMatch(/\n {2}copy +move a database with its whole history/);
  });
});

describePostgres('mahnwerk copy: PGlite directory to a PostgreSQL server', () => {
  it('copies the dunned book onto the server, verifies it, and the server goes on exactly where the directory stood', async () => {
    await copyAndGoOn('server-copy', await freshDatabase('mw_copy_target'), await freshDatabase('mw_copy_control'));
  }, 600_000);
});
