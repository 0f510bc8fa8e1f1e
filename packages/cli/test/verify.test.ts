import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditAnchor, createMahnwerk, ed25519CheckpointSigner, fixedClock, hmacCheckpointKey, type CheckpointSigner } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCheckpointExporter } from '../src/checkpoints.js';
import { keepDirectoriesOpen, openKept, run, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk verify` (issue 9 point 6): the audit trail in a database checked against the
// checkpoints exported outside it, with the HMAC key or the Ed25519 public key.
const KEY_HEX = '7d'.repeat(32);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-verify-'));
  await writeFile(join(dir, 'audit.key'), `${KEY_HEX}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A PGlite data directory with two anchored claims, and its checkpoint file. */
async function book(name: string, signer: CheckpointSigner): Promise<{ db: string; file: string }> {
  const db = join(dir, name);
  const file = join(dir, `${name}.jsonl`);
  const opened = await openKept(db, {});
  try {
    const mw = createMahnwerk({ store: opened.store, clock: fixedClock('2025-01-02'), policy: 'de-b2c-default', anchor: createAuditAnchor({ signer, onCheckpoint: fileCheckpointExporter(file) }) });
    for (const id of ['K-1', 'K-2']) {
      await mw.createClaim({ id, debtor: { id: `D-${id}`, kind: 'consumer', name: `Name ${id}`, email: `${id}@example.org` }, principal: '99.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });
    }
    await mw.recordPayment({ claimId: 'K-2', paymentId: 'P', amount: '9.00', date: '2025-01-02' });
  } finally {
    await opened.close();
  }
  return { db, file };
}

describe('mahnwerk verify', () => {
  it('an untouched database verifies with the HMAC key; after an SQL DELETE of K-2\'s last event it fails naming K-2, position 1 and "truncated"', async () => {
    const { db, file } = await book('hmac', hmacCheckpointKey(KEY_HEX, 'k-2026'));
    const args = ['verify', '--db', db, '--checkpoints', file, '--key-id', 'k-2026', '--hmac-key-file', join(dir, 'audit.key')];
    const good = await run(args);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('ok: every anchored claim is in the database, complete and unchanged');

    const opened = await openKept(db, {});
    await opened.store.driver.exec(`
      delete from mahnwerk.claim_events where claim_id = 'K-2' and seq = 1;
      update mahnwerk.claims set version = 1, head_hash = (select hash from mahnwerk.claim_events where claim_id = 'K-2' and seq = 0) where claim_id = 'K-2';`);
    await opened.close();
    const bad = await run(args);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/K-2 at 1: truncated/);
  }, 180_000);

  it('takes the database from --config FILE when --db is not given (the same rule as run, import and status)', async () => {
    const { db, file } = await book('from-config', hmacCheckpointKey(KEY_HEX, 'k-2026'));
    const out = await runWith(['verify', '--config', 'mw.json', '--checkpoints', file, '--key-id', 'k-2026', '--hmac-key-file', join(dir, 'audit.key')], {
      files: { 'mw.json': JSON.stringify({ database: db }) },
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('ok: every anchored claim is in the database');
  }, 180_000);

  // README: "each process signs its own checkpoint log; `mahnwerk verify` checks them all" — with
  // the config that signed them, as every other database command reads it.
  it('takes the checkpoints and the key from the config\'s anchor when no flag names them (HMAC, and Ed25519 from its key file); flags win; neither is a usage error naming --checkpoints', async () => {
    const hmac = await book('anchor-hmac', hmacCheckpointKey(KEY_HEX, 'k-2026'));
    const hmacConfig = JSON.stringify({ database: hmac.db, anchor: { checkpoints: hmac.file, keyId: 'k-2026', hmacKeyFile: join(dir, 'audit.key') } });
    const fromConfig = await runWith(['verify'], { files: { 'mahnwerk.config.json': hmacConfig } });
    expect(fromConfig.stderr).toBe('');
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout).toContain('ok: every anchored claim is in the database');
    const wrongFlag = await runWith(['verify', '--key-id', 'other', '--hmac-key-file', join(dir, 'audit.key')], { files: { 'mahnwerk.config.json': hmacConfig } });
    expect(wrongFlag.stderr).toMatch(/checkpoint-invalid/);

    await writeFile(join(dir, 'ed.key'), `${'42'.repeat(32)}\n`);
    const ed = await book('anchor-ed', ed25519CheckpointSigner('42'.repeat(32), 'ed-1'));
    const edConfig = JSON.stringify({ database: ed.db, anchor: { checkpoints: ed.file, keyId: 'ed-1', ed25519KeyFile: join(dir, 'ed.key') } });
    const edOut = await runWith(['verify', '--json'], { files: { 'mahnwerk.config.json': edConfig } });
    expect(edOut.stderr).toBe('');
    expect(JSON.parse(edOut.stdout)).toMatchObject({ ok: true, claims: 2 });

    const none = await runWith(['verify', '--db', hmac.db], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('mahnwerk verify: --checkpoints: missing; give --checkpoints FILE or set "anchor" in mahnwerk.config.json (see mahnwerk verify --help).\n');
    const noKey = await runWith(['verify', '--db', hmac.db, '--checkpoints', hmac.file], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^mahnwerk verify: --key-id: missing; give --key-id ID/);
  }, 180_000);

  it('backdated entries (a payment booked for an earlier day) are explained as informative, not left as a bare count', async () => {
    const file = join(dir, 'backdated.jsonl');
    const db = join(dir, 'backdated');
    const opened = await openKept(db, {});
    try {
      const signer = hmacCheckpointKey(KEY_HEX, 'k-2026');
      const mw = createMahnwerk({ store: opened.store, clock: fixedClock('2025-01-20'), policy: 'de-b2c-default', anchor: createAuditAnchor({ signer, onCheckpoint: fileCheckpointExporter(file) }) });
      await mw.createClaim({ id: 'K-1', debtor: { id: 'D-1', kind: 'consumer', name: 'Name' }, principal: '99.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });
      await mw.recordPayment({ claimId: 'K-1', paymentId: 'P', amount: '9.00', date: '2025-01-10' });
    } finally {
      await opened.close();
    }
    const out = await run(['verify', '--db', db, '--checkpoints', file, '--key-id', 'k-2026', '--hmac-key-file', join(dir, 'audit.key')]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/\n +\d+ +1 +0 +[1-9]\d*\n/);
    expect(out.stdout).toContain('backdated entries: business date before the day they were recorded (a run for a past --date, a value-dated payment) — listed for review, not tampering');
  }, 180_000);

  it('Ed25519: verifies with the public key; a wrong key id or both kinds of key are refused', async () => {
    const signer = ed25519CheckpointSigner('42'.repeat(32), 'ed-1');
    const { db, file } = await book('ed', signer);
    expect((await run(['verify', '--db', db, '--checkpoints', file, '--key-id', 'ed-1', '--public-key', signer.publicKey])).code).toBe(0);
    const wrongId = await run(['verify', '--db', db, '--checkpoints', file, '--key-id', 'other', '--public-key', signer.publicKey]);
    expect(wrongId.stderr).toMatch(/checkpoint-invalid/);
    const both = await run(['verify', '--db', db, '--checkpoints', file, '--key-id', 'ed-1', '--public-key', signer.publicKey, '--hmac-key-file', join(dir, 'audit.key')]);
    expect(both.stderr).toMatch(/exactly one of --hmac-key-file/);
  }, 180_000);
});
