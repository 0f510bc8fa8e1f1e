import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MahnwerkError, ValidationError } from '@mahnwerk/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, OperationalError } from '../src/errors.js';
import { UsageError } from '../src/io.js';
import { runCli } from '../src/index.js';
import { run } from './run.js';
import { describePostgres, freshDatabase } from './support/postgres.js';

// The exit codes of the CLI (cli.ts, docs/guides/cli.md): 2 bad input, 1 a failure of what it runs
// on — said plainly, with what happened, where and what to do — and "unexpected failure" (with the
// error's class and code) only for a bug. Each message below was read by hand against the failure
// it stands for: the address refused, the database or role named, the path that is a file.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-failures-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rule: a database that cannot be reached is an operational failure (exit 1), not bad input and not an unexpected failure', () => {
  it('nothing listens on 127.0.0.1:1 (connection refused): exit 1, the address, and what to do — before the fix it exited 2 as if the input were wrong', async () => {
    const out = await run(['run', '--db', 'postgres://127.0.0.1:1/mahnwerk', '--date', '2025-04-15']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'mahnwerk run: the PostgreSQL server cannot be reached — migrate schema "mahnwerk": the database failed (connect ECONNREFUSED 127.0.0.1:1). ' +
        'What to do: check that the server in --db (or the config\'s "database") is running and that its host and port are right, then run the command again.\n',
    );
  });

  it('a host name that does not resolve (.invalid, RFC 2606): exit 1 naming the host', async () => {
    const out = await run(['status', '--db', 'postgres://no-such-host.invalid/mahnwerk']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^mahnwerk status: the PostgreSQL server cannot be reached — .*ENOTFOUND no-such-host\.invalid\)\. What to do: check that the server/);
    expect(out.stderr).not.toContain('unexpected failure');
  });
});

describePostgres('rule: a PostgreSQL server that refuses says why and what to do (exit 1)', () => {
  it('a database that does not exist (SQLSTATE 3D000): named, with createdb as the way out', async () => {
    const url = new URL(process.env.MAHNWERK_TEST_PG_URL as string);
    url.pathname = `/mw_cli_missing_${process.pid}`;
    const out = await run(['status', '--db', url.toString()]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`the database does not exist on the PostgreSQL server — migrate schema "mahnwerk": the database failed (SQLSTATE 3D000: database "mw_cli_missing_${process.pid}" does not exist). What to do: create it (createdb <name>)`);
  });

  it('a role that does not exist (SQLSTATE 28000): the login was refused, check user and password', async () => {
    const url = new URL(process.env.MAHNWERK_TEST_PG_URL as string);
    url.username = 'mw_no_such_role';
    const out = await run(['status', '--db', url.toString()]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^mahnwerk status: the PostgreSQL server refused the login — .*role "mw_no_such_role" does not exist\)\. What to do: check the user name and password in --db/);
  });

  it('a lock held by another process (SQLSTATE 55P03 under lock_timeout): said as such, with "run the command again once it is done"', async () => {
    const url = await freshDatabase(`mw_cli_locked_${process.pid}`);
    expect((await run(['migrate', '--db', url])).code).toBe(0);
    // Another process holds the claims table exclusively; the CLI gives up after 300 ms instead of waiting.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table mahnwerk.claims in access exclusive mode');
      const withTimeout = `${url}?options=${encodeURIComponent('-c lock_timeout=300')}`;
      const out = await run(['status', '--db', withTimeout]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^mahnwerk status: another process holds a lock on the same data — .*SQLSTATE 55P03: .*\)\. What to do: run the command again once it is done/);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  }, 60_000);
});

describe('rule: a file the command cannot write is an operational failure (exit 1) naming the path and what to do', () => {
  it('generate --out into a path under a file: the CLI as bin.ts runs it (real mkdir), no "unexpected failure"', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    let stderr = '';
    const code = await runCli(['generate', '--claims', '3', '--out', join(file, 'book.csv')], {
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => '',
      readFile: async () => '',
      writeFile: async (path, text) => {
        await mkdir(join(path, '..'), { recursive: true });
        await writeFile(path, text, 'utf8');
      },
    });
    expect(code).toBe(1);
    // mkdir -p of "<file>" meets the file itself: EEXIST on that path (checked by running it).
    expect(stderr).toBe(`mahnwerk generate: could not create the directory "${file}": a file is in the way where a directory is needed (EEXIST); choose a path this user may write to, or fix the one given.\n`);
  });
});

describe('describeFailure: bad input 2, operational failures 1 in plain words, a bug "unexpected failure" with its class and code', () => {
  it('bad input stays exit 2 with describeError\'s line', () => {
    expect(describeFailure(new UsageError('--date: "x" is not a date.'))).toEqual({ line: '--date: "x" is not a date.', exitCode: 2 });
    expect(describeFailure(new ValidationError('principal: expected an amount.', { field: 'principal' }), { principal: '--principal' })).toEqual({
      line: '--principal: expected an amount.',
      exitCode: 2,
    });
  });

  it('an OperationalError (a worker process that died) is printed as it is, exit 1', () => {
    expect(describeFailure(new OperationalError('worker w1 failed: ended with signal SIGKILL before finishing. Run the same command again.'))).toEqual({
      line: 'worker w1 failed: ended with signal SIGKILL before finishing. Run the same command again.',
      exitCode: 1,
    });
  });

  it('an adapter failure that is no database error (a channel) keeps its message, exit 1; a retryable one adds that it may pass', () => {
    expect(describeFailure(new MahnwerkError('adapter_failed', 'smtp: the server said 421.', { retryable: true }))).toEqual({
      line: 'smtp: the server said 421. This may pass: run the command again.',
      exitCode: 1,
    });
  });

  it('a directory that cannot be made (a file is in its path: ENOTDIR): the path, the reason, what to do — exit 1, no "unexpected failure"', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const error = await mkdir(join(file, 'out'), { recursive: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toEqual({
      line: `could not create the directory "${join(file, 'out')}": a part of the path is a file, not a directory (ENOTDIR); choose a path this user may write to, or fix the one given.`,
      exitCode: 1,
    });
  });

  it('anything else is a bug: "unexpected failure" with the class (and the code when it has one)', () => {
    expect(describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual({
      line: "unexpected failure (TypeError): Cannot read properties of undefined (reading 'x') — a bug in mahnwerk, not in your input; please report it with the command you ran.",
      exitCode: 1,
    });
    expect(describeFailure(Object.assign(new Error('boom'), { code: 'ERR_SOMETHING' })).line).toMatch(/^unexpected failure \(Error ERR_SOMETHING\): boom/);
  });

  it('a file that cannot be opened (ENOENT from open): "could not open", and a hint that fits reading as well as writing', async () => {
    const { readFile } = await import('node:fs/promises');
    const missing = join(dir, 'missing.json');
    const error = await readFile(missing, 'utf8').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toEqual({ line: `could not open "${missing}": no such file or directory (ENOENT); check the path and its permissions.`, exitCode: 1 });
  });
});
