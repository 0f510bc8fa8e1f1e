import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';
import { MahnwerkError, ValidationError } from '@mahnwerk/core';
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
  /**
   * PostgreSQL's `shared_buffers` for this open, with its unit (`kB`, `MB` or `GB`, at least
   * `128kB`), e.g. `'16MB'`. Absent: the data directory's `postgresql.conf` (128MB for a directory
   * made by this package). PGlite sets the whole buffer pool up on every open, so it costs start
   * time in proportion: about 0.7 s with 128MB against 0.25 s with 16MB on a 2-core machine (see
   * docs/benchmarks.md, "# CI time"). A smaller pool suits a short-lived process that touches a
   * small book (a test, one CLI command); a long run over a large book reads more pages again.
   */
  readonly sharedBuffers?: string;
}

/** kB per unit of a `shared_buffers` value. */
const bufferUnits: Readonly<Record<string, number>> = { kB: 1, MB: 1024, GB: 1024 * 1024 };

/**
 * PGlite's start parameters with `shared_buffers` set, or undefined for its defaults.
 *
 * @param sharedBuffers - the value of {@link EmbeddedOptions.sharedBuffers}
 * @param defaults - PGlite's default start parameters
 * @returns the parameters to start with, or undefined
 * @throws ValidationError (`invalid_input`) when the value is no size with a unit, or below 128kB
 * @internal
 */
export function startParams(sharedBuffers: string | undefined, defaults: readonly string[]): string[] | undefined {
  if (sharedBuffers === undefined) return undefined;
  const match = /^([1-9][0-9]*)(kB|MB|GB)$/.exec(sharedBuffers);
  // PostgreSQL's minimum is 16 buffers of 8 kB; below it PGlite only says it failed to start.
  if (match === null || Number(match[1]) * (bufferUnits[match[2] as string] as number) < 128) {
    throw new ValidationError(`openPglite: sharedBuffers "${sharedBuffers}" is no size PostgreSQL takes for shared_buffers; give a whole number with kB, MB or GB, at least 128kB (e.g. "16MB").`, {
      field: 'sharedBuffers',
    });
  }
  return [...defaults, '-c', `shared_buffers=${sharedBuffers}`];
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
  const params = startParams(options.sharedBuffers, PGlite.defaultStartParams);
  const start = params === undefined ? {} : { startParams: params };
  if (dataDir !== undefined && (await exists(join(dataDir, 'PG_VERSION')))) return PGlite.create(dataDir, start);
  // PGlite creates the data directory itself, but not its parents: `./var/lib/mahnwerk` on a fresh
  // checkout failed with ENOENT.
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const template = options.template ?? (options.cacheDir === false ? undefined : await pgliteTemplate(options.cacheDir));
  return PGlite.create(dataDir, template === undefined ? start : { ...start, loadDataDir: template });
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
