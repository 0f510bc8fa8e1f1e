import { stat } from 'node:fs/promises';
import { createPostgresStore, nodePostgresDriver, openPglite, pgliteDriver, type PostgresClaimStore, type SqlDriver } from '@mahnwerk/store-postgres';
import { UsageError, type CliIo } from './io.js';

/** A claim store opened from `--db`, with what it runs on and how to close it. */
export interface OpenedStore {
  /** The store, migrated to the newest schema. */
  readonly store: PostgresClaimStore;
  /** `postgres` (a server through node-postgres), `pglite-dir` (a PGlite data directory) or `pglite-memory`. */
  readonly kind: 'postgres' | 'pglite-dir' | 'pglite-memory';
  /** Where the data lives, for messages (a server URL without its password, a directory, or `memory`). */
  readonly where: string;
  /** Closes the database (ends the pool, closes PGlite); call it when done, or the process stays alive. */
  readonly close: () => Promise<void>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Run the missing migrations when opening (default `true`); `mahnwerk migrate` passes `false` and migrates itself. */
  readonly migrate?: boolean;
  /** The schema the tables live in (default `mahnwerk`). */
  readonly schema?: string;
  /**
   * PostgreSQL's `shared_buffers` for an embedded (PGlite) database, e.g. `'16MB'`; see
   * `EmbeddedOptions.sharedBuffers` of `@mahnwerk/store-postgres`. Absent: the data directory's own
   * setting (128MB). Not used for a server.
   */
  readonly sharedBuffers?: string;
}

/** Whether `db` names a PostgreSQL server (`postgres://` or `postgresql://`). @internal */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL with its password replaced by `***`, for messages. @internal */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

async function ready(driver: SqlDriver, options: OpenStoreOptions, close: () => Promise<void>): Promise<PostgresClaimStore> {
  const store = createPostgresStore({ driver, ...(options.schema === undefined ? {} : { schema: options.schema }) });
  try {
    if (options.migrate ?? true) await store.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  return store;
}

async function openServer(url: string, options: OpenStoreOptions): Promise<OpenedStore> {
  let pg: typeof import('pg');
  try {
    pg = (await import('pg')).default as unknown as typeof import('pg');
  } catch (error) {
    throw new UsageError(`--db: ${redactUrl(url)} needs the PostgreSQL driver "pg", which is not installed; run npm install pg (${error instanceof Error ? error.message : String(error)}).`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const close = () => pool.end();
  const store = await ready(nodePostgresDriver(pool), options, close);
  return { store, kind: 'postgres', where: redactUrl(url), close };
}

async function openEmbedded(dataDir: string | undefined, options: OpenStoreOptions): Promise<OpenedStore> {
  const db = await openPglite({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(options.sharedBuffers === undefined ? {} : { sharedBuffers: options.sharedBuffers }),
  });
  const close = () => db.close();
  const store = await ready(pgliteDriver(db), options, close);
  return dataDir === undefined ? { store, kind: 'pglite-memory', where: 'memory', close } : { store, kind: 'pglite-dir', where: dataDir, close };
}

/**
 * Opens the claim store a command's `--db` names — the one place every command that touches a
 * database reads that flag:
 * - `postgres://…` or `postgresql://…`: a PostgreSQL server through node-postgres (a pool of 4);
 * - another `scheme://…` (a typo such as `postgress://`): refused;
 * - any other value: a PGlite data directory (created, from the cached template, if it does not exist;
 *   a path that exists but is a file is refused);
 * - absent: an embedded in-memory PGlite, gone when the process ends.
 *
 * The schema is migrated to the newest version unless `migrate: false`.
 *
 * @param db - the `--db` value, or undefined
 * @param options - whether to migrate, and the schema
 * @returns the open store; call `close()` when done
 * @throws UsageError naming `--db` when the value is empty, names a file, or is a URL of another scheme
 */
export async function openStore(db: string | undefined, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  if (db === undefined) return openEmbedded(undefined, options);
  if (db.trim() === '') throw new UsageError('--db: empty; give a postgres:// URL or a directory for an embedded database.');
  if (isPostgresUrl(db)) return openServer(db, options);
  // A URL of another scheme, or a misspelt one (postgress://, postgre://, pg://), is no directory:
  // taken as one it failed with ENOENT from mkdir, reported as an unexpected failure.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(db)?.[1];
  if (scheme !== undefined) {
    throw new UsageError(`--db: "${redactUrl(db)}" is a ${scheme}:// URL; a server is named by postgres:// or postgresql:// (an embedded database by a directory).`);
  }
  const info = await stat(db).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new UsageError(`--db: "${db}" is a file; give a directory for an embedded (PGlite) database or a postgres:// URL for a server.`);
  }
  return openEmbedded(db, options);
}

/**
 * The one way a command opens a store: through the host's {@link CliIo.openStore} when it gives
 * one, else {@link openStore}.
 *
 * @param io - the CLI's io
 * @param db - the `--db` value (or `--from`/`--to`), or undefined for an in-memory database
 * @param options - whether to migrate, and the schema
 * @returns the open store; call `close()` when done
 * @internal
 */
export function openCommandStore(io: Pick<CliIo, 'openStore'> | undefined, db: string | undefined, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const open = io?.openStore;
  return open === undefined ? openStore(db, options) : open(db, options);
}
