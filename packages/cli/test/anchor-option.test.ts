import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWith } from './run.js';

// Following the README as a stranger: a config whose anchor.checkpoints lies in a directory that
// does not exist yet. The checkpoint is exported after the append commits, so `import` stored the
// first claim, then died with "unexpected failure: ENOENT" — one claim in the database, unanchored.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-anchor-'));
  await writeFile(join(dir, 'audit.key'), `${'7d'.repeat(32)}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const csv = 'id,principal,currency,invoiceDate,dueDate,debtor.id,debtor.kind,debtor.name\nRE-1,100.00,EUR,2025-01-02,2025-01-16,D-1,business,Muster GmbH\nRE-2,200.00,EUR,2025-01-02,2025-01-16,D-2,business,Beispiel AG\n';

describe('the config\'s audit anchor', () => {
  it('a checkpoints file that cannot be appended to exits 2 naming anchor.checkpoints before anything is written', async () => {
    const db = join(dir, 'data');
    const checkpoints = join(dir, 'missing-dir', 'checkpoints.jsonl');
    const config = JSON.stringify({ database: db, anchor: { checkpoints, keyId: 'k', hmacKeyFile: join(dir, 'audit.key') } });
    const out = await runWith(['import', 'claims.csv', '--config', 'mw.json'], { files: { 'claims.csv': csv, 'mw.json': config } });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk import: anchor\.checkpoints: cannot append to .*missing-dir.*checkpoints\.jsonl \(ENOENT.*nothing was written\.\n$/);
    const status = await runWith(['status', '--db', db, '--json'], {});
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).claims).toEqual([]);
    expect(existsSync(checkpoints)).toBe(false);
  }, 120_000);

  it('run --workers checks it once, before connecting or forking: exit 2 naming anchor.checkpoints, not one "worker failed" per worker', async () => {
    const checkpoints = join(dir, 'missing-too', 'checkpoints.jsonl');
    const config = JSON.stringify({ anchor: { checkpoints, keyId: 'k', hmacKeyFile: join(dir, 'audit.key') } });
    // No server listens on port 1: the check must come before the connection.
    const out = await runWith(['run', '--db', 'postgres://mahnwerk@127.0.0.1:1/mahnwerk', '--config', 'mw.json', '--date', '2025-03-03', '--workers', '2'], { files: { 'mw.json': config } });
    expect(out.stderr).toMatch(/^mahnwerk run: anchor\.checkpoints: cannot append to .*missing-too.*\(ENOENT/);
    expect(out.code).toBe(2);
  });
});
