import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore, openPglite } from '../src/pglite.js';

// EmbeddedOptions.sharedBuffers: PostgreSQL's shared_buffers for one open of an embedded database.
// PGlite sets the whole pool up on every open (0.6–0.9 s with the directory's 128MB, 0.25–0.45 s
// with 16MB; docs/benchmarks.md, "# CI time"). The setting is a start parameter of this open only:
// postgresql.conf in the data directory stays as it was.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-pglite-options-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sharedBuffers(db: { query<T>(sql: string): Promise<{ rows: T[] }> }): Promise<string | undefined> {
  return (await db.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]?.shared_buffers;
}

describe('openPglite: sharedBuffers (shared_buffers of this open)', { timeout: 120_000 }, () => {
  it('a new directory from the template and its reopen start with the given pool; without the option the directory keeps its 128MB', async () => {
    const dataDir = join(dir, 'db');
    const made = await openPglite({ dataDir, sharedBuffers: '16MB' });
    expect(await sharedBuffers(made)).toBe('16MB');
    await made.close();
    const reopened = await openPglite({ dataDir, sharedBuffers: '2MB' });
    expect(await sharedBuffers(reopened)).toBe('2MB');
    await reopened.close();
    // Not written into the directory: the next open without the option has initdb's 128MB.
    const plain = await openPglite({ dataDir });
    expect(await sharedBuffers(plain)).toBe('128MB');
    await plain.close();
    expect(await readFile(join(dataDir, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 128MB/m);
  });

  it('openEmbeddedStore passes it on; an in-memory database takes it too', async () => {
    const store = await openEmbeddedStore({ sharedBuffers: '8MB' });
    const rows = await store.driver.query<{ shared_buffers: string }>('show shared_buffers');
    expect(rows[0]?.shared_buffers).toBe('8MB');
    expect(await store.load('none')).toBeNull();
    await store.close();
  });

  it.each(['16', '16mb', '0MB', '64kB', '1.5MB', ' 16MB', ''])('"%s" is refused with a ValidationError naming sharedBuffers, before PGlite starts', async (value) => {
    const error = await openPglite({ sharedBuffers: value }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'sharedBuffers' });
    expect((error as Error).message).toContain(`sharedBuffers "${value}"`);
  });

  it('128kB, PostgreSQL\'s least (16 buffers of 8 kB), is taken', async () => {
    const db = await openPglite({ sharedBuffers: '128kB' });
    expect(await sharedBuffers(db)).toBe('128kB');
    await db.close();
  });
});
