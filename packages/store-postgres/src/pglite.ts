import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';
import { MahnwerkError } from '@mahnwerk/core';
import { pgliteDriver } from './driver.js';
import { createPostgresStore, type PostgresClaimStore } from './store.js';

/** Options of {@link openPglite} and {@link openEmbeddedStore}. */
export interface EmbeddedOptions {
  /**
   * A directory that keeps the database across restarts. Absent: the database lives in memory and
   * is gone when the process ends.
   */
  readonly dataDir?: string;
  /**
   * An initialised, empty PGlite data directory as a tarball (`db.dumpDataDir('none')`), used
   * instead of running initdb for a new database. Absent: the cached template in `cacheDir`.
   */
  readonly template?: Blob;
  /**
   * Where the template of a fresh database is cached (default: `mahnwerk-pglite` in the OS temp
   * directory); `false` runs initdb for every new database. initdb inside WebAssembly takes
   * 15–30 s; loading the template takes 2–4 s.
   */
  readonly cacheDir?: string | false;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function loadPglite(): Promise<typeof import('@electric-sql/pglite')> {
  try {
    return await import('@electric-sql/pglite');
  } catch (error) {
    throw new MahnwerkError('adapter_failed', 'openPglite: @electric-sql/pglite is not installed; add it to your dependencies (pnpm add @electric-sql/pglite@0.5).', {
      cause: error,
    });
  }
}

/**
 * The template of a fresh database: read from the cache, or made once (initdb) and cached.
 * Written to a temporary name and renamed, so concurrent processes never read half a file.
 *
 * @param cacheDir - the cache directory
 * @returns the template tarball
 */
export async function pgliteTemplate(cacheDir: string = join(tmpdir(), 'mahnwerk-pglite')): Promise<Blob> {
  const { PGlite } = await loadPglite();
  // The template belongs to the PGlite build that made it: keyed by the size and time of its WASM.
  const wasm = await stat(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'));
  const file = join(cacheDir, `template-${wasm.size}-${Math.trunc(wasm.mtimeMs)}.tar`);
  if (await exists(file)) return new Blob([await readFile(file)]);
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
  await rename(temporary, file);
  return dump;
}

/**
 * Opens an embedded PostgreSQL (PGlite): the database in `dataDir` if there is one, else a new one
 * from a template (no initdb); a missing `dataDir` is created with its parents.
 *
 * @param options - data directory, template, cache directory
 * @returns the open database; close it with `db.close()`
 */
export async function openPglite(options: EmbeddedOptions = {}): Promise<PGlite> {
  const { PGlite } = await loadPglite();
  const { dataDir } = options;
  if (dataDir !== undefined && (await exists(join(dataDir, 'PG_VERSION')))) return PGlite.create(dataDir);
  // PGlite creates the data directory itself, but not its parents: `./var/lib/mahnwerk` on a fresh
  // checkout failed with ENOENT.
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const template = options.template ?? (options.cacheDir === false ? undefined : await pgliteTemplate(options.cacheDir));
  return PGlite.create(dataDir, template === undefined ? {} : { loadDataDir: template });
}

/**
 * The embedded default: a claim store on PGlite, migrated and ready — in memory, or kept in
 * `dataDir`. Move to a PostgreSQL server later with {@link createPostgresStore} and
 * `nodePostgresDriver(pool)`; the tables are the same.
 *
 * ```ts
 * const store = await openEmbeddedStore({ dataDir: './mahnwerk-data' });
 * const mahnwerk = createMahnwerk({ store, policy: 'auto', clock, channels });
 * ```
 *
 * @param options - data directory, template, cache directory, schema
 * @returns the store, with `close()` to close the database
 */
export async function openEmbeddedStore(options: EmbeddedOptions & { readonly schema?: string } = {}): Promise<PostgresClaimStore & { close(): Promise<void> }> {
  const db = await openPglite(options);
  const store = createPostgresStore({ driver: pgliteDriver(db), ...(options.schema === undefined ? {} : { schema: options.schema }) });
  await store.migrate();
  return Object.assign(store, { close: () => db.close() });
}
