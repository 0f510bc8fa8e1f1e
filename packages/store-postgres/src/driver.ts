import { MahnwerkError } from '@mahnwerk/core';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/** A connection (or a transaction on one) that runs parameterised SQL and returns rows. */
export interface SqlSession {
  /**
   * Runs one statement with `$1 …` parameters.
   *
   * @param text - the SQL
   * @param params - the parameter values (strings, numbers, null, arrays of them)
   * @returns the rows
   */
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs a script of several statements without parameters (migrations).
   *
   * @param text - the SQL statements, separated by `;`
   */
  exec(text: string): Promise<void>;
}

/**
 * What the store needs from a database: sessions and transactions. {@link pgliteDriver} and
 * {@link nodePostgresDriver} make one; both run the same SQL.
 */
export interface SqlDriver extends SqlSession {
  /** `pglite` or `node-postgres`, for messages and capability choices. */
  readonly kind: 'pglite' | 'node-postgres';
  /**
   * Runs `work` in one transaction (READ COMMITTED): committed when it resolves, rolled back when
   * it rejects.
   *
   * @param work - the statements of the transaction
   * @returns what `work` resolved to
   */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
}

/**
 * A driver over an open PGlite database (embedded PostgreSQL in WebAssembly, one connection:
 * PGlite runs one statement or transaction at a time and queues the rest).
 *
 * @param db - an open `PGlite`
 * @returns the driver
 */
export function pgliteDriver(db: PGlite): SqlDriver {
  const session = (q: PGlite | Transaction): SqlSession => ({
    query: async <R extends object>(text: string, params: readonly unknown[] = []) => (await q.query<R>(text, [...params])).rows,
    exec: async (text: string) => {
      await q.exec(text);
    },
  });
  return {
    kind: 'pglite',
    ...session(db),
    transaction: (work) => db.transaction((tx) => work(session(tx))),
  };
}

/** A query result as node-postgres returns it: the rows. */
export interface PgQueryResult {
  /** The rows. */
  readonly rows: unknown[];
}

/**
 * A pooled node-postgres connection: what {@link nodePostgresDriver} uses of `pg`'s `PoolClient`.
 * Declared here so that this package's types compile without `pg`'s (an optional peer).
 */
export interface PgPoolClient {
  /** Runs a statement. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Gives the connection back to the pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/**
 * What {@link nodePostgresDriver} uses of a node-postgres `Pool`; a `pg.Pool` fits. Declared here so
 * that a host on the embedded store (without `pg` and its types) type-checks with `skipLibCheck: false`.
 */
export interface PgPool {
  /** Runs a statement on any pooled connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Takes a connection from the pool (for a transaction). */
  connect(): Promise<PgPoolClient>;
}

/**
 * A driver over a node-postgres `Pool`: each transaction runs on its own pooled connection, so
 * several workers (processes or async tasks) write at once; the store's SQL keeps them apart.
 *
 * @param pool - a `pg.Pool` (the host owns it and ends it), or anything of its shape ({@link PgPool})
 * @returns the driver
 */
export function nodePostgresDriver(pool: PgPool): SqlDriver {
  const session = (c: PgPool | PgPoolClient): SqlSession => ({
    query: async <R extends object>(text: string, params: readonly unknown[] = []) => (await c.query(text, [...params])).rows as R[],
    exec: async (text: string) => {
      await c.query(text);
    },
  });
  return {
    kind: 'node-postgres',
    ...session(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query('begin');
        const result = await work(session(client));
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch (rollbackError) {
          broken = rollbackError;
        }
        throw error;
      } finally {
        // A connection whose rollback failed is discarded, not returned to the pool.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}

/** The SQLSTATE of a database error, if it has one. @internal */
export function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Wraps a database failure in a `MahnwerkError` (code `adapter_failed`) with the cause attached;
 * lets mahnwerk's own errors through. Connection losses, serialisation failures and deadlocks are
 * retryable.
 *
 * @internal
 */
export function wrapDatabaseError(error: unknown, what: string): MahnwerkError {
  if (MahnwerkError.isInstance(error)) return error;
  const state = sqlState(error);
  const retryable = state === undefined ? true : /^(08|40|53|57P)/.test(state);
  const detail = error instanceof Error ? error.message : String(error);
  return new MahnwerkError('adapter_failed', `${what}: the database failed (${state === undefined ? '' : `SQLSTATE ${state}: `}${detail}).`, {
    cause: error,
    retryable,
  });
}
