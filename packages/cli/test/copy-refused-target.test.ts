import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '@mahnwerk/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store-option.js';
import { openTestStore, run, runWith } from './run.js';

/**
 * Runs the CLI as {@link run} does, recording every database its commands open (through
 * `CliIo.openStore`, the one function they open with; the specs' own open does the work).
 */
async function recordingOpens(argv: string[]): Promise<{ code: number; stderr: string; opened: string[] }> {
  const opened: string[] = [];
  const out = await runWith(argv, {
    files: {},
    writable: false,
    openStore: (db, options) => {
      opened.push(db ?? '(memory)');
      return openTestStore(db, options);
    },
  });
  return { code: out.code, stderr: out.stderr, opened };
}

// House rule: bad input is rejected before anything is written. `mahnwerk copy --to NEWDIR` opened
// the target (PGlite creates the directory, from its template) before copyStore refused a bad
// source, so a refused copy left an empty database directory behind where the user had none —
// and the next copy into that path found "a target" the user never made. Then the copy removed
// what it had made when copyStore refused; now the source is checked (store-postgres'
// checkStoreCopy) before --to is opened at all, so nothing is made there to be removed.

const latest = migrations[migrations.length - 1]?.version ?? 0;
let dir: string;
let older: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-copy-refused-'));
  // A source one schema version behind: migrated, then its newest migration struck off.
  older = join(dir, 'older');
  expect((await run(['migrate', '--db', older])).code).toBe(0);
  const opened = await openStore(older, { migrate: false });
  await opened.store.driver.query(`delete from mahnwerk.schema_migrations where version = $1`, [latest]);
  await opened.close();
}, 600_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined)) !== undefined;

describe('mahnwerk copy: a refused copy writes nothing at --to', () => {
  it('a source at an older schema version: the new target directory (and its new parent) is not left behind', async () => {
    const parent = join(dir, 'new-parent');
    const target = join(parent, 'copy');
    const out = await run(['copy', '--from', older, '--to', target]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `mahnwerk copy: --from: the source is at schema version ${latest - 1}, and a new target is migrated to ${latest}; migrate the source first (mahnwerk migrate --db FROM), then copy.\n`,
    );
    expect(await exists(target)).toBe(false);
    expect(await exists(parent)).toBe(false);
  }, 600_000);

  it('a source that holds no store: the new target directory is not left behind', async () => {
    // A PGlite directory without the mahnwerk schema (PG_VERSION there, so the CLI's own check passes).
    const bare = join(dir, 'bare');
    await (await openStore(bare, { migrate: false })).close();
    const target = join(dir, 'bare-copy');
    const out = await run(['copy', '--from', bare, '--to', target]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk copy: --from: schema "mahnwerk" holds no mahnwerk store/);
    expect(await exists(target)).toBe(false);
  }, 600_000);

  it('a bad source is refused before --to is opened: the target is never made, so no clean-up is needed (checkStoreCopy runs first)', async () => {
    const bare = join(dir, 'bare-unopened');
    await (await openStore(bare, { migrate: false })).close();
    for (const [source, reason] of [
      [older, /^mahnwerk copy: --from: the source is at schema version \d+, and a new target is migrated to \d+/],
      [bare, /^mahnwerk copy: --from: schema "mahnwerk" holds no mahnwerk store/],
    ] as const) {
      const missing = join(dir, 'never-made', 'copy');
      const made = join(dir, 'made-by-user');
      await mkdir(made, { recursive: true });
      for (const target of [missing, made]) {
        const out = await recordingOpens(['copy', '--from', source, '--to', target]);
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(reason);
        // Only the source was opened. Before, --to was opened (PGlite made the database there)
        // and removed again after copyStore refused the source.
        expect(out.opened).toEqual([source]);
      }
      expect(await exists(join(dir, 'never-made'))).toBe(false);
      expect(await readdir(made)).toEqual([]);
    }
  }, 600_000);

  it('an empty directory the user made stays empty', async () => {
    const target = join(dir, 'made-empty');
    await mkdir(target);
    const out = await run(['copy', '--from', older, '--to', target]);
    expect(out.code).toBe(2);
    expect(await readdir(target)).toEqual([]);
  }, 600_000);
});
