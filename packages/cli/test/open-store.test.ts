import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortal } from '../src/commands/portal.js';
import type { CliIo, OpenStoreOptions } from '../src/index.js';
import { daytime, json, openTestStore, runWith, testSharedBuffers } from './run.js';

// CliIo.openStore: the one function every command of a process opens its database with (`--db`,
// the config's "database", copy's --from/--to, portal's --db), so that a host — these specs — can
// open it its own way. The specs pass `sharedBuffers` through it (test/run.ts): a command's open
// then costs less, and the command is the same. A command that opened past the seam would run
// with initdb's 128MB and not be seen here; the last test checks that what the seam opens is the
// database the command works on.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-open-store-'));
  await writeFile(join(dir, 'audit.key'), `${'5a'.repeat(32)}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A seam that records each open (the db and its options) and opens as the specs do. */
function recording(): { opens: { db: string | undefined; options: OpenStoreOptions }[]; openStore: NonNullable<CliIo['openStore']> } {
  const opens: { db: string | undefined; options: OpenStoreOptions }[] = [];
  return {
    opens,
    openStore: async (db, options) => {
      opens.push({ db, options });
      return openTestStore(db, options);
    },
  };
}

const book = JSON.stringify([
  {
    id: 'RE-1',
    principal: '100.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: true,
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Heidestraße 17', '51147 Köln'] },
  },
]);

describe('CliIo.openStore: every command opens its database through the seam', { timeout: 300_000 }, () => {
  it('import, run, status, migrate, verify and copy (--from, --to and the copy\'s verify) each open once through it, with the options the command opens with', async () => {
    const db = join(dir, 'db');
    const target = join(dir, 'copy');
    const anchor = { checkpoints: join(dir, 'checkpoints.jsonl'), keyId: 'seam-2025', hmacKeyFile: join(dir, 'audit.key') };
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: db, anchor, channels: { file: { dir: './outbox' } } }) };
    const commands: [string, string[], (string | undefined)[], OpenStoreOptions[]][] = [
      ['import', ['import', 'book.json', '--config', 'mw.json', '--json'], [db], [{}]],
      ['run', ['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23'), '--json'], [db], [{}]],
      ['status', ['status', '--config', 'mw.json', '--json'], [db], [{}]],
      ['migrate', ['migrate', '--config', 'mw.json', '--json'], [db], [{ migrate: false }]],
      ['verify', ['verify', '--config', 'mw.json', '--json'], [db], [{}]],
      // --from, --to, then `mahnwerk verify --db TARGET` after the copy (the config has an anchor).
      ['copy', ['copy', '--from', db, '--to', target, '--config', 'mw.json', '--json'], [db, target, target], [{ migrate: false }, { migrate: false }, {}]],
    ];
    for (const [name, argv, dbs, options] of commands) {
      const seam = recording();
      const out = await runWith(argv, { files, openStore: seam.openStore });
      expect(out.stderr, name).toBe('');
      expect(out.code, name).toBe(0);
      expect(seam.opens.map((o) => o.db), name).toEqual(dbs);
      expect(seam.opens.map((o) => o.options), name).toEqual(options);
    }
  });

  it('the demo portal opens its --db through it (startDemoPortal, as `mahnwerk portal` calls it with the CLI\'s io)', async () => {
    const seam = recording();
    const db = join(dir, 'portal');
    const portal = await startDemoPortal({ db, claims: 1, date: '2025-02-15', port: 0, links: 1, secret: 'cli-test-secret-cli-test-secret-', openStore: seam.openStore });
    await portal.close();
    expect(seam.opens).toEqual([{ db, options: {} }]);
  });

  it('the database the seam opens is the one the command works on: the specs\' pool (shared_buffers) is in force, and what one command wrote the next reads', async () => {
    const db = join(dir, 'pool');
    const files = { 'book.json': book };
    let seen: string | undefined;
    const openStore: NonNullable<CliIo['openStore']> = async (at, options) => {
      const opened = await openTestStore(at, options);
      seen = (await opened.store.driver.query<{ shared_buffers: string }>('show shared_buffers'))[0]?.shared_buffers;
      return opened;
    };
    expect((await runWith(['import', 'book.json', '--db', db, '--json'], { files, openStore })).code).toBe(0);
    expect(seen).toBe(testSharedBuffers);
    seen = undefined;
    const status = json(await runWith(['status', '--db', db, '--json'], { openStore }));
    expect(seen).toBe(testSharedBuffers);
    // The imported claim, read back by the next command (100.00 open, no stage yet).
    expect(status.claims).toEqual([expect.objectContaining({ status: 'open', count: 1, amount: '100.00' })]);
  });
});
