import { MahnwerkError, ValidationError, verifyAudit, type AuditHasher, type MahnwerkErrorCode } from '@mahnwerk/core';
import { sqlState, wrapDatabaseError, type SqlDriver, type SqlSession } from './driver.js';
import { migrations, quoteSchema } from './migrations.js';
import { nodeSha256Hasher } from './node-hasher.js';
import { createPostgresStore, type PostgresClaimStore } from './store.js';

/** Why {@link copyStore} refused or undid a copy (see {@link StoreCopyError}). */
export type StoreCopyRefusal =
  /** `from` and `to` are the same schema of the same database. */
  | 'same-store'
  /** The source's schema holds no store (no `schema_migrations`): not migrated, or the wrong schema. */
  | 'not-a-store'
  /**
   * Source and target are at different schema versions, or the source is not at the newest version
   * this package migrates a new target to.
   */
  | 'schema-version'
  /** A table (or a column) of the source is missing in the target, or has another type there. */
  | 'tables-differ'
  /** The target already holds rows. */
  | 'target-not-empty'
  /** Someone is writing the source: a transaction holds a write lock, or a worker holds a live lease. */
  | 'source-busy'
  /** Someone is using the target: a transaction holds a lock on one of its tables. */
  | 'target-busy'
  /** After copying, the target's counts, chain heads or chains differ from the source's; nothing was kept. */
  | 'copy-differs';

const codeOf: Readonly<Record<StoreCopyRefusal, MahnwerkErrorCode>> = {
  'same-store': 'invalid_input',
  'not-a-store': 'invalid_input',
  'schema-version': 'invalid_input',
  'tables-differ': 'invalid_input',
  'target-not-empty': 'conflict',
  'source-busy': 'conflict',
  'target-busy': 'conflict',
  'copy-differs': 'adapter_failed',
};

/**
 * A copy {@link copyStore} refused before writing anything, or undid (`copy-differs`: the target's
 * transaction was rolled back). `reason` says which; `code` is `invalid_input` for stores that do
 * not fit together, `conflict` for a busy source or target or a target that holds data (retryable
 * when busy), `adapter_failed` for a copy that did not come out equal; `field` is `from` or `to`.
 */
export class StoreCopyError extends MahnwerkError {
  /** Which refusal this is. */
  readonly reason: StoreCopyRefusal;

  /**
   * @param reason - which refusal
   * @param message - what was wrong, where, and how to fix it
   * @param field - the store it is about
   */
  constructor(reason: StoreCopyRefusal, message: string, field: 'from' | 'to') {
    super(codeOf[reason], message, { field, retryable: reason === 'source-busy' || reason === 'target-busy' });
    this.name = 'StoreCopyError';
    this.reason = reason;
  }
}

/** Options of {@link copyStore}. */
export interface CopyStoreOptions {
  /** The store to copy; read in one snapshot and never written. */
  readonly from: Pick<PostgresClaimStore, 'driver' | 'schema'>;
  /**
   * The store to fill: a schema that holds no store yet (no `schema_migrations`, no table with rows;
   * it may not exist) — {@link copyStore} migrates it in the copy's transaction — or a migrated store
   * at the source's schema version whose every table is empty.
   */
  readonly to: Pick<PostgresClaimStore, 'driver' | 'schema'>;
  /**
   * Creates further tables in the target, in the copy's transaction, after the target was checked
   * (and migrated) and before the tables are compared — e.g. `migrateRunner` of `@mahnwerk/runner`,
   * so a source with the runner's tables can be copied into a new target. It gets the target store,
   * whose statements run in that transaction; a refused or undone copy takes its tables back too.
   * It runs for a target that was migrated before as well, so it should create only what is missing
   * (`create table if not exists`).
   */
  readonly prepareTarget?: (target: PostgresClaimStore) => Promise<void>;
  /** Rows read and written per statement (default 1000). */
  readonly batchSize?: number;
  /** The SHA-256 the chains are verified with (default {@link nodeSha256Hasher}). */
  readonly hasher?: AuditHasher;
}

/** One table as {@link copyStore} copied it. */
export interface CopiedTable {
  /** The table's name. */
  readonly table: string;
  /** Its rows in the source's snapshot — as many were written and are now in the target. */
  readonly rows: number;
}

/** What {@link copyStore} copied and verified. */
export interface StoreCopyReport {
  /** The schema version of both stores. */
  readonly schemaVersion: number;
  /** Every table copied, in the order it was written, with its rows (the same in source and target). */
  readonly tables: readonly CopiedTable[];
  /** Claims in the target whose version and head hash equal the source's and whose chain verifies up to that head. */
  readonly claims: number;
  /** The events of those claims (all of them verified). */
  readonly entries: number;
}

/** A column of a table, as the catalog describes it. */
interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly generated: boolean;
  /** Its sequence (identity or serial column), qualified and quoted, or null. */
  readonly sequence: string | null;
}

/** A table of a schema, as the catalog describes it. */
interface TableInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  /** The primary key's columns, quoted and comma-separated (null: no primary key). */
  readonly key: string | null;
  /** Tables of the same schema its foreign keys refer to. */
  readonly refs: readonly string[];
}

/** The quoted SQL identifier of a name. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The ordinary tables of a schema with their columns, primary key and foreign-key targets. */
async function tablesOf(session: SqlSession, schema: string): Promise<Map<string, TableInfo>> {
  const rows = await session.query<{ name: string; columns: string; key: string | null; refs: string }>(
    `select c.relname as name,
       coalesce((select json_agg(json_build_object(
           'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull,
           'hasDefault', a.atthasdef or a.attidentity <> '', 'generated', a.attgenerated <> '',
           'sequence', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)) order by a.attnum)
         from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]')::text as columns,
       (select string_agg(quote_ident(a.attname), ', ' order by array_position(i.indkey::int2[], a.attnum))
          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
         where i.indrelid = c.oid and i.indisprimary) as key,
       coalesce((select json_agg(distinct r.relname) from pg_constraint f join pg_class r on r.oid = f.confrelid
         where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid and r.relnamespace = c.relnamespace), '[]')::text as refs
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`,
    [schema],
  );
  return new Map(
    rows.map((r) => [r.name, { name: r.name, columns: JSON.parse(r.columns) as ColumnInfo[], key: r.key, refs: JSON.parse(r.refs) as string[] }] as const),
  );
}

/** The tables in an order that writes every table after those its foreign keys refer to (else by name). */
function writeOrder(tables: readonly TableInfo[]): TableInfo[] {
  const names = new Set(tables.map((t) => t.name));
  const done = new Set<string>();
  const order: TableInfo[] = [];
  const pending = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  while (pending.length > 0) {
    const i = pending.findIndex((t) => t.refs.every((r) => done.has(r) || !names.has(r) || r === t.name));
    // A cycle of foreign keys (none in mahnwerk's tables): written in name order, the database refuses what does not fit.
    const next = pending.splice(i < 0 ? 0 : i, 1)[0] as TableInfo;
    done.add(next.name);
    order.push(next);
  }
  return order;
}

/** The schema version a store's `schema_migrations` records. */
async function versionOf(session: SqlSession, s: string): Promise<number> {
  const rows = await session.query<{ version: number }>(`select coalesce(max(version), 0)::integer as version from ${s}.schema_migrations`);
  return Number(rows[0]?.version ?? 0);
}

/** The columns of the source's table `from` that the target's table `to` lacks or types differently, and the target's columns it cannot fill. */
function columnProblems(from: TableInfo, to: TableInfo): string[] {
  const problems: string[] = [];
  const target = new Map(to.columns.map((c) => [c.name, c]));
  const source = new Set(from.columns.map((c) => c.name));
  for (const c of from.columns) {
    if (c.generated) continue;
    const t = target.get(c.name);
    if (t === undefined) problems.push(`${from.name}.${c.name} is missing in the target`);
    else if (t.type !== c.type) problems.push(`${from.name}.${c.name} is ${c.type} in the source but ${t.type} in the target`);
    else if (t.generated) problems.push(`${from.name}.${c.name} is a generated column in the target`);
  }
  for (const t of to.columns) {
    if (!source.has(t.name) && t.notNull && !t.hasDefault && !t.generated) problems.push(`${to.name}.${t.name} (not null, no default) is missing in the source`);
  }
  return problems;
}

/** Locks tables with `nowait`; a lock someone else holds is reported as `busy` (the SQLSTATE of "lock not available"). */
async function lockTables(session: SqlSession, s: string, tables: readonly string[], mode: string): Promise<'locked' | 'busy'> {
  if (tables.length === 0) return 'locked';
  try {
    await session.query(`lock table ${tables.map((t) => `${s}.${quoteIdent(t)}`).join(', ')} in ${mode} mode nowait`);
    return 'locked';
  } catch (error) {
    if (sqlState(error) === '55P03') return 'busy';
    throw error;
  }
}

/** A driver whose every statement runs in the given transaction (the store's reads, inside the copy's transaction). */
function inTransaction(kind: SqlDriver['kind'], tx: SqlSession): SqlDriver {
  return { kind, query: (text, params) => tx.query(text, params), exec: (text) => tx.exec(text), transaction: (work) => work(tx) };
}

/** Either end of a copy, as the catalog showed it before the transactions began. */
interface CopyEnds {
  readonly from: Pick<PostgresClaimStore, 'driver' | 'schema'>;
  /** Absent: a target that holds no store yet and is not opened (a database or directory still to be made). */
  readonly to?: Pick<PostgresClaimStore, 'driver' | 'schema'>;
  readonly sourceTables: ReadonlyMap<string, TableInfo>;
  /** The target's tables (none for an absent target). */
  readonly targetTables: ReadonlyMap<string, TableInfo>;
  /** Whether the target holds a store (`schema_migrations`); a target without one is migrated by the copy. */
  readonly targetMigrated: boolean;
}

/**
 * The checks of a copy that need no transaction (run before any is opened): not the same store,
 * the source holds a store. Reads the catalogs of both ends.
 */
async function endsOf(from: Pick<PostgresClaimStore, 'driver' | 'schema'>, to: Pick<PostgresClaimStore, 'driver' | 'schema'> | undefined): Promise<CopyEnds> {
  if (to !== undefined && from.driver === to.driver && from.schema === to.schema) {
    throw new StoreCopyError('same-store', `to: the target is the source itself (schema "${to.schema}" of the same database); copy into another database or schema.`, 'to');
  }
  // Catalog reads before the snapshot: the tables must be locked before the snapshot is taken.
  const sourceTables = await tablesOf(from.driver, from.schema);
  const targetTables = to === undefined ? new Map<string, TableInfo>() : await tablesOf(to.driver, to.schema);
  if (!sourceTables.has('schema_migrations')) {
    throw new StoreCopyError('not-a-store', `from: schema "${from.schema}" holds no mahnwerk store (no schema_migrations table); name the database and schema the store was written to.`, 'from');
  }
  // A target without schema_migrations holds no store yet: the copy migrates it, in its transaction.
  return { from, ...(to === undefined ? {} : { to }), sourceTables, targetTables, targetMigrated: targetTables.has('schema_migrations') };
}

/**
 * Every check of a copy that needs the ends' transactions — the one path {@link copyStore} and
 * {@link checkStoreCopy} both take, before anything is written: the source's tables locked
 * (`SHARE`, `nowait`: `source-busy`), the target's (`EXCLUSIVE`, `nowait`: `target-busy`), the schema
 * versions (`schema-version`: equal, and the newest this package knows for a target it migrates),
 * the target's tables empty (`target-not-empty`), and no worker's live lease on the source
 * (`source-busy`). The locks last until the transactions end.
 *
 * @param src - the source's transaction (`REPEATABLE READ` already set; made read-only here when `readOnly`)
 * @param dst - the target's transaction, or undefined for a target that is not opened
 * @returns the source's schema version
 */
async function checkEnds(src: SqlSession, dst: SqlSession | undefined, ends: CopyEnds, readOnly: boolean): Promise<number> {
  const { from, to, sourceTables, targetTables, targetMigrated } = ends;
  const fs = quoteSchema(from.schema);
  if ((await lockTables(src, fs, [...sourceTables.keys()], 'share')) === 'busy') {
    throw new StoreCopyError(
      'source-busy',
      `from: another transaction is writing schema "${from.schema}" of the source right now; stop every process that writes it (workers, the host, mahnwerk run) and copy again.`,
      'from',
    );
  }
  // Read-only from here on (a read-only transaction may not take the SHARE lock above).
  if (readOnly) await src.query(`set transaction read only`);
  const ts = to === undefined ? '' : quoteSchema(to.schema);
  if (dst !== undefined && to !== undefined && (await lockTables(dst, ts, [...targetTables.keys()], 'exclusive')) === 'busy') {
    throw new StoreCopyError('target-busy', `to: another transaction is using schema "${to.schema}" of the target; copy when nothing else works on it.`, 'to');
  }
  const newest = migrations[migrations.length - 1]?.version ?? 0;
  const sourceVersion = await versionOf(src, fs);
  if (!targetMigrated && sourceVersion !== newest) {
    throw new StoreCopyError(
      'schema-version',
      sourceVersion < newest
        ? `from: the source is at schema version ${sourceVersion}, and a new target is migrated to ${newest}; migrate the source first (store.migrate(), or mahnwerk migrate --db SOURCE), then copy.`
        : `from: the source is at schema version ${sourceVersion}, newer than this @mahnwerk/store-postgres knows (${newest}); copy with the version that wrote the source.`,
      'from',
    );
  }
  const targetVersion = targetMigrated && dst !== undefined ? await versionOf(dst, ts) : sourceVersion;
  if (sourceVersion !== targetVersion) {
    throw new StoreCopyError(
      'schema-version',
      sourceVersion < targetVersion
        ? `from: the source is at schema version ${sourceVersion}, the target at ${targetVersion}; migrate the source first (store.migrate(), or mahnwerk migrate --db SOURCE), then copy.`
        : `to: the target is at schema version ${targetVersion}, the source at ${sourceVersion}; migrate the target with the @mahnwerk/store-postgres that wrote the source, then copy.`,
      sourceVersion < targetVersion ? 'from' : 'to',
    );
  }
  if (dst !== undefined && to !== undefined) {
    const filled: string[] = [];
    // Every table already in the target's schema, before anything is created there.
    for (const name of targetTables.keys()) {
      if (name === 'schema_migrations') continue;
      const rows = await dst.query<{ any: boolean }>(`select exists (select 1 from ${ts}.${quoteIdent(name)}) as any`);
      if (rows[0]?.any === true) filled.push(name);
    }
    if (filled.length > 0) {
      throw new StoreCopyError(
        'target-not-empty',
        `to: schema "${to.schema}" of the target already holds data (${filled.join(', ')}); copy only into an empty store — a new database or schema — so that nothing is mixed or overwritten.`,
        'to',
      );
    }
  }
  const leased = await src.query<{ messages: number; until: string | null }>(
    `select count(*)::integer as messages, max(lease_until)::text as until from ${fs}.outbox
      where status = 'pending' and lease_owner is not null and lease_until > now()`,
  );
  const claimLeases = sourceTables.has('runner_claim_leases')
    ? await src.query<{ claims: number; until: string | null }>(
        // @mahnwerk/runner's live lease: not done, held by a worker (released ones have owner ''), not run out.
        `select count(*)::integer as claims, max(lease_until)::text as until from ${fs}.runner_claim_leases where not done and owner <> '' and lease_until > now()`,
      )
    : [];
  const messages = Number(leased[0]?.messages ?? 0);
  const claims = Number(claimLeases[0]?.claims ?? 0);
  if (messages > 0 || claims > 0) {
    const until = [leased[0]?.until, claimLeases[0]?.until].filter((u): u is string => typeof u === 'string').sort().at(-1);
    throw new StoreCopyError(
      'source-busy',
      `from: workers are at work on the source: ${messages} outbox message${messages === 1 ? '' : 's'} and ${claims} claim${claims === 1 ? '' : 's'} are leased until ${until}; stop every worker and copy after that instant (a crashed worker's lease runs out then).`,
      'from',
    );
  }
  return sourceVersion;
}

/** Options of {@link checkStoreCopy}. */
export interface CheckStoreCopyOptions {
  /** The store to copy (only read). */
  readonly from: Pick<PostgresClaimStore, 'driver' | 'schema'>;
  /**
   * The store to fill, as {@link CopyStoreOptions.to}; absent for a target that does not exist yet
   * (a PGlite directory or a database still to be made): the source is then checked as the source
   * of a copy into a new target, which the copy migrates to the newest schema version.
   */
  readonly to?: Pick<PostgresClaimStore, 'driver' | 'schema'>;
}

/** What {@link checkStoreCopy} found: a copy would not be refused now. */
export interface StoreCopyCheck {
  /** The source's schema version (the target's after the copy). */
  readonly schemaVersion: number;
  /** Whether the target already holds a store (migrated, empty) — false for a new target, which the copy migrates. */
  readonly targetMigrated: boolean;
}

/**
 * Checks, without writing anything anywhere, whether {@link copyStore} would refuse to copy `from`
 * into `to` — the same checks on the same path, before the target is created, opened or migrated:
 * not the same store (`same-store`); the source holds a store (`not-a-store`); nobody writes the
 * source (a write lock, or a worker's live outbox or claim lease: `source-busy`) or uses the target
 * (`target-busy`); the schema versions fit (`schema-version`: equal, and the newest this package
 * knows when the target holds no store yet); the target holds no data (`target-not-empty`).
 * Call it before making a new target (a PGlite directory is made by opening it) — without `to` —
 * so a copy that would be refused leaves nothing behind, not even an empty database. Whether the
 * target's tables fit the source's (`tables-differ`) is known only after `prepareTarget`, inside
 * the copy's transaction; `copyStore` checks it there and again all of the above, since the stores
 * may change in between.
 *
 * @param options - the source, and the target when it exists
 * @returns the source's schema version and whether the target holds a store
 * @throws StoreCopyError naming `from` or `to` when the copy would be refused; MahnwerkError
 *   `adapter_failed` when a database fails
 */
export async function checkStoreCopy(options: CheckStoreCopyOptions): Promise<StoreCopyCheck> {
  const { from, to } = options;
  quoteSchema(from.schema);
  if (to !== undefined) quoteSchema(to.schema);
  try {
    const ends = await endsOf(from, to);
    const check = async (src: SqlSession, dst: SqlSession | undefined): Promise<StoreCopyCheck> => {
      await src.query(`set transaction isolation level repeatable read`);
      const shared = dst === src;
      return { schemaVersion: await checkEnds(src, dst, ends, !shared), targetMigrated: ends.targetMigrated };
    };
    if (to === undefined) return await from.driver.transaction((src) => check(src, undefined));
    if (from.driver === to.driver && from.driver.kind === 'pglite') return await from.driver.transaction((tx) => check(tx, tx));
    return await from.driver.transaction((src) => to.driver.transaction((dst) => check(src, dst)));
  } catch (error) {
    throw wrapDatabaseError(error, `check the copy of the store in schema "${from.schema}"${to === undefined ? ' into a new target' : ` to schema "${to.schema}"`}`);
  }
}

/**
 * Copies everything one store holds into another, empty store of the same schema version — the
 * way from the embedded default (PGlite in a data directory) to a PostgreSQL server, or back, with
 * each claim's history: claims with their projection, the event streams byte for byte (so the
 * hash chains and the heads anchored outside the store stay valid), the outbox with each message's
 * status, attempts and lease, the idempotency keys, personal data and erasure tombstones — every
 * table of the source's schema, the host's and `@mahnwerk/runner`'s tables included (`runner_claim_leases`
 * and `runner_plans` are copied as they are: a lease names its worker and its expiry instant, so
 * on the target it runs out exactly when it would have on the source, and a day's done claims stay
 * done; pg-boss's jobs live in a schema of their own and are not copied — the runner's sweep
 * finishes a day planned on the source). Identity and serial sequences are set to where the
 * source's stand, so new outbox rows keep their write order after the copied ones. `schema_migrations` is not copied: the target
 * records its own migrations, at the same version.
 *
 * How it keeps the copy exact and whole:
 * - The source is read in one snapshot (a `REPEATABLE READ` transaction, read-only) after taking
 *   a `SHARE` lock on each of its tables with `nowait`: a transaction that is writing the source
 *   makes the copy refuse at once (`source-busy`), and no write can start until the copy is done.
 *   A pending outbox message leased to a worker, or a claim a daily run holds, with a lease that
 *   has not run out is refused as `source-busy` too — stop the workers first, and keep them away
 *   from the source afterwards: what is written there after the copy is not on the target. (A
 *   PGlite database opened by another process cannot be seen from this one: stop that process.)
 * - The target is written in one transaction after an `EXCLUSIVE` lock on its tables (`nowait`,
 *   else `target-busy`) and a check that every one of them is empty (`target-not-empty`); a
 *   migrated target must be at the source's schema version, and a target that holds no store yet
 *   is migrated by the copy — in its transaction, after these checks, so the source must be at the
 *   newest version this package knows (`schema-version`). These checks, the source's leases
 *   included, are {@link checkStoreCopy}'s — the same code — and run before anything is written to
 *   the target; a caller that still has to make the target (a PGlite directory is made by opening
 *   it) runs `checkStoreCopy` first, without `to`. Then `prepareTarget` runs (the runner's
 *   tables), and every table and column of the source must be in the target with the same type
 *   (`tables-differ`). All of this is checked before the first row is copied, and the target's
 *   transaction commits only with the copy: a refused copy leaves the target as it was — neither
 *   migrated nor with new tables.
 * - Rows travel as the database's own JSON text (`row_to_json`, read through a cursor in batches)
 *   and are written with `json_populate_recordset`: numeric, dates, timestamps, bytea, arrays,
 *   `json` (its text as written) and `jsonb` keep their values exactly; nothing passes through a
 *   JavaScript number.
 * - Before the target's transaction commits, its row counts are compared with the source's table
 *   by table, and every claim's version and head hash with the source's; each claim is then loaded
 *   through the store's own read path and its chain verified (`verifyAudit`) up to that head. Any
 *   difference rolls the whole copy back (`copy-differs`).
 *
 * @param options - the source and target stores, the batch size and the hasher
 * @returns the tables with their rows, and the claims and events verified
 * @throws StoreCopyError when the copy is refused (nothing written) or came out unequal (rolled back);
 *   MahnwerkError `adapter_failed` when a database fails (the target's transaction is rolled back)
 */
export async function copyStore(options: CopyStoreOptions): Promise<StoreCopyReport> {
  const { from, to } = options;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new ValidationError(`batchSize: expected a whole number from 1 to 100000, got ${String(batchSize)}.`, { field: 'batchSize' });
  }
  const hasher = options.hasher ?? nodeSha256Hasher;
  const fs = quoteSchema(from.schema);
  const ts = quoteSchema(to.schema);
  // One PGlite runs one transaction at a time: source and target in it share one transaction.
  const shared = from.driver === to.driver && from.driver.kind === 'pglite';
  try {
    const ends = await endsOf(from, to);
    const { sourceTables, targetTables, targetMigrated } = ends;
    const copied = writeOrder([...sourceTables.values()].filter((t) => t.name !== 'schema_migrations'));

    const copy = async (src: SqlSession, dst: SqlSession): Promise<StoreCopyReport> => {
      await src.query(`set transaction isolation level repeatable read`);
      // Every check of checkStoreCopy, on the same path, before anything is written.
      const sourceVersion = await checkEnds(src, dst, ends, !shared);
      // Only now is anything written to the target, in its transaction: the migrations of a new
      // target, and the caller's further tables.
      const targetStore = createPostgresStore({ driver: inTransaction(to.driver.kind, dst), schema: to.schema, verifyChain: false });
      if (!targetMigrated) await targetStore.migrate();
      if (options.prepareTarget !== undefined) await options.prepareTarget(targetStore);
      // The target's tables as the copy writes them (the catalog again when something was created).
      const targetNow = targetMigrated && options.prepareTarget === undefined ? targetTables : await tablesOf(dst, to.schema);
      const problems: string[] = [];
      for (const t of copied) {
        const target = targetNow.get(t.name);
        if (target === undefined) problems.push(`table ${t.name} is missing in the target`);
        else problems.push(...columnProblems(t, target));
      }
      if (problems.length > 0) {
        throw new StoreCopyError(
          'tables-differ',
          `to: the target's tables do not fit the source's: ${problems.join('; ')}. Create them in the target first, or in the copy with the option prepareTarget (the runner's tables: prepareTarget: migrateRunner).`,
          'to',
        );
      }
      // Copy, table by table, through a cursor on the source.
      const counts: CopiedTable[] = [];
      for (const t of copied) {
        const target = targetNow.get(t.name) as TableInfo;
        const columns = t.columns.filter((c) => !c.generated).map((c) => quoteIdent(c.name)).join(', ');
        const cursor = 'mahnwerk_copy_rows';
        await src.query(
          `declare ${cursor} no scroll cursor for select row_to_json(t)::text as row from ${fs}.${quoteIdent(t.name)} t${t.key === null ? '' : ` order by ${t.key}`}`,
        );
        let rows = 0;
        for (;;) {
          const batch = await src.query<{ row: string }>(`fetch forward ${batchSize} from ${cursor}`);
          if (batch.length === 0) break;
          // The rows' JSON text as the source wrote it: never parsed here, so no value passes through a JavaScript number.
          await dst.query(
            `insert into ${ts}.${quoteIdent(target.name)} (${columns}) overriding system value
             select ${columns} from json_populate_recordset(null::${ts}.${quoteIdent(target.name)}, $1::json)`,
            [`[${batch.map((b) => b.row).join(',')}]`],
          );
          rows += batch.length;
        }
        await src.query(`close ${cursor}`);
        counts.push({ table: t.name, rows });
        for (const c of t.columns) {
          const sequence = target.columns.find((x) => x.name === c.name)?.sequence ?? null;
          if (c.sequence === null || sequence === null) continue;
          const state = await src.query<{ last_value: string; is_called: boolean }>(`select last_value::text as last_value, is_called from ${c.sequence}`);
          if (state[0] !== undefined) await dst.query(`select setval($1::regclass, $2::bigint, $3)`, [sequence, state[0].last_value, state[0].is_called]);
        }
      }

      // Verify before the target's transaction commits: counts, heads, chains.
      for (const c of counts) {
        const [source] = await src.query<{ n: string }>(`select count(*)::text as n from ${fs}.${quoteIdent(c.table)}`);
        const [target] = await dst.query<{ n: string }>(`select count(*)::text as n from ${ts}.${quoteIdent(c.table)}`);
        if (source?.n !== String(c.rows) || target?.n !== String(c.rows)) {
          throw new StoreCopyError('copy-differs', `to: table ${c.table} has ${target?.n} rows in the target but ${source?.n} in the source (${c.rows} copied); nothing was kept.`, 'to');
        }
      }
      const reader = targetStore;
      let verifiedClaims = 0;
      let entries = 0;
      let after = '';
      for (;;) {
        const headsSql = (s: string) => `select claim_id, version, head_hash from ${s}.claims where claim_id > $1 order by claim_id limit $2`;
        const source = await src.query<{ claim_id: string; version: number; head_hash: string }>(headsSql(fs), [after, batchSize]);
        const target = await dst.query<{ claim_id: string; version: number; head_hash: string }>(headsSql(ts), [after, batchSize]);
        const differs = source.findIndex((h, i) => {
          const t = target[i];
          return t === undefined || t.claim_id !== h.claim_id || Number(t.version) !== Number(h.version) || t.head_hash !== h.head_hash;
        });
        if (differs >= 0 || target.length !== source.length) {
          const h = source[differs] ?? target[source.length];
          throw new StoreCopyError('copy-differs', `to: claim "${h?.claim_id}" has another version or head in the target than in the source; nothing was kept.`, 'to');
        }
        if (source.length === 0) break;
        const ids = source.map((h) => h.claim_id);
        // The store's one read path (it always has loadMany; the port makes it optional).
        const loaded = reader.loadMany === undefined ? await Promise.all(ids.map((id) => reader.load(id))) : await reader.loadMany(ids);
        source.forEach((h, i) => {
          const stored = loaded[i];
          const result = stored === null || stored === undefined ? undefined : verifyAudit(stored.entries, { expectedHead: h.head_hash, expectedLength: Number(h.version), hasher });
          if (result === undefined || !result.ok) {
            throw new StoreCopyError(
              'copy-differs',
              `to: the chain of claim "${h.claim_id}" does not verify in the target (${result === undefined ? 'not found' : result.message}); nothing was kept.`,
              'to',
            );
          }
          entries += result.length;
        });
        verifiedClaims += source.length;
        after = source[source.length - 1]?.claim_id ?? after;
      }
      return { schemaVersion: sourceVersion, tables: counts, claims: verifiedClaims, entries };
    };

    if (shared) return await from.driver.transaction((tx) => copy(tx, tx));
    return await from.driver.transaction((src) => to.driver.transaction((dst) => copy(src, dst)));
  } catch (error) {
    throw wrapDatabaseError(error, `copy the store in schema "${from.schema}" to schema "${to.schema}"`);
  }
}
