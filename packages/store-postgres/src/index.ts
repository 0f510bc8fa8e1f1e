/**
 * The PostgreSQL claim store for mahnwerk: embedded on PGlite by default, on a PostgreSQL server
 * through node-postgres when you grow — the same tables and SQL on both.
 *
 * @packageDocumentation
 */
export { nodePostgresDriver, pgliteDriver, type PgPool, type PgPoolClient, type PgQueryResult, type SqlDriver, type SqlSession } from './driver.js';
export { migrate, migrations, type Migration, type MigrationResult } from './migrations.js';
export { createPostgresStore, type PostgresClaimStore, type PostgresStoreOptions } from './store.js';
export { openEmbeddedStore, openPglite, pgliteTemplate, type EmbeddedOptions } from './pglite.js';
export { nodeSha256Hasher } from './node-hasher.js';
export {
  checkStoreCopy,
  copyStore,
  StoreCopyError,
  type CheckStoreCopyOptions,
  type CopiedTable,
  type CopyStoreOptions,
  type StoreCopyCheck,
  type StoreCopyRefusal,
  type StoreCopyReport,
} from './copy.js';
