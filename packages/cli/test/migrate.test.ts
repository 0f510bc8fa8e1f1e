import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '@mahnwerk/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresUrl, openStore, redactUrl } from '../src/store-option.js';
import { json, run, runWith } from './run.js';

// `mahnwerk migrate --db URL|DIR` and the shared `--db` rule of openStore (issue 9 point 8):
// a postgres:// URL is a server, any other value a PGlite data directory, none an in-memory PGlite.

const latest = migrations[migrations.length - 1]?.version ?? 0;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-migrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openStore(--db)', () => {
  it('tells a server URL from a directory by its postgres:// or postgresql:// scheme', () => {
    expect(isPostgresUrl('postgres://u:p@localhost:5432/db')).toBe(true);
    expect(isPostgresUrl('postgresql://localhost/db')).toBe(true);
    expect(isPostgresUrl('./postgres-data')).toBe(false);
    expect(isPostgresUrl('/var/lib/mahnwerk')).toBe(false);
  });

  it('never prints a password of a URL', () => {
    expect(redactUrl('postgres://alice:s3cret@db.example:5432/mw')).toBe('postgres://alice:***@db.example:5432/mw');
  });

  it('no --db: an in-memory PGlite, migrated to the newest schema', async () => {
    const opened = await openStore(undefined);
    try {
      expect(opened.kind).toBe('pglite-memory');
      expect((await opened.store.migrate()).from).toBe(latest);
    } finally {
      await opened.close();
    }
  });

  it('a directory keeps the data across opens', async () => {
    const data = join(dir, 'keeps');
    const first = await openStore(data);
    expect(first.kind).toBe('pglite-dir');
    await first.store.driver.exec(`create table mahnwerk.probe (x integer); insert into mahnwerk.probe values (7)`);
    await first.close();
    const second = await openStore(data);
    try {
      expect(await second.store.driver.query('select x from mahnwerk.probe')).toEqual([{ x: 7 }]);
    } finally {
      await second.close();
    }
  });

  it('a path that is a file is refused naming --db', async () => {
    const file = join(dir, 'not-a-dir.txt');
    await writeFile(file, 'x');
    await expect(openStore(file)).rejects.toThrow(/^--db: ".*not-a-dir\.txt" is a file; give a directory/);
  });
});

describe('mahnwerk migrate', () => {
  it('migrates a new data directory from version 0 to the newest, then finds nothing to do', async () => {
    const data = join(dir, 'fresh');
    const first = await run(['migrate', '--db', data, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(json(first)).toEqual({ database: data, schema: 'mahnwerk', from: 0, to: latest, applied: migrations.map((m) => m.version) });
    const again = await run(['migrate', '--db', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date; nothing applied');
  });

  it('without --db and without a configured database exits 2 naming --db and the config field (migrating a database that vanishes at exit is no use)', async () => {
    const out = await run(['migrate']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'mahnwerk migrate: --db: missing; give --db URL|DIR or set "database" in mahnwerk.config.json (an in-memory database would be gone when the command ends; see mahnwerk migrate --help).\n',
    );
  });

  // docs/cli.md: "All of them take --config FILE"; README: "point --db (or the config's database) … migrate once".
  it('takes the database from --config FILE, as run, import and status do', async () => {
    const data = join(dir, 'from-config-flag');
    const out = await runWith(['migrate', '--config', 'mw.json', '--json'], { files: { 'mw.json': JSON.stringify({ database: data }) } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(json(out)).toMatchObject({ database: data, from: 0, to: latest });
  });

  it('takes the database from ./mahnwerk.config.json when no --config is given; --db wins over it', async () => {
    const data = join(dir, 'from-default-config');
    const files = { 'mahnwerk.config.json': JSON.stringify({ database: data }) };
    const first = await runWith(['migrate', '--json'], { files });
    expect(first.stderr).toBe('');
    expect(json(first)).toMatchObject({ database: data, from: 0, to: latest });
    const other = join(dir, 'flag-wins');
    const flag = await runWith(['migrate', '--db', other, '--json'], { files });
    expect(json(flag)).toMatchObject({ database: other, from: 0 });
  });

  it('--db with a misspelt or foreign scheme exits 2 naming the flag, the scheme and postgres:// (not a directory, not an unexpected failure), password redacted', async () => {
    for (const [db, scheme] of [['postgress://app:secret@127.0.0.1:5432/mahnwerk', 'postgress'], ['mysql://db.internal/mahnwerk', 'mysql']] as const) {
      const out = await run(['migrate', '--db', db]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`mahnwerk migrate: --db: "`);
      expect(out.stderr).toContain(`is a ${scheme}:// URL; a server is named by postgres:// or postgresql://`);
      expect(out.stderr).not.toContain('secret');
    }
  });

  it('--db naming a file exits 2 naming the flag', async () => {
    const file = join(dir, 'file.db');
    await writeFile(file, 'x');
    const out = await run(['migrate', '--db', file]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`mahnwerk migrate: --db: "${file}" is a file`);
  });

  const url = process.env.MAHNWERK_TEST_PG_URL;
  it.runIf(url !== undefined && url !== '')('migrates a PostgreSQL server given as a postgres:// URL', async () => {
    const out = await run(['migrate', '--db', url as string, '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(json(out).to).toBe(latest);
  });
});
