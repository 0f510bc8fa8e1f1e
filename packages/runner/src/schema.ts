import { MahnwerkError } from '@mahnwerk/core';
import type { PostgresClaimStore, SqlSession } from '@mahnwerk/store-postgres';

/**
 * The runner's own tables, beside the store's in the store's schema (the store's migrations stay
 * the store's; these are created idempotently under an advisory lock):
 *
 * - `runner_claim_leases`: one row per claim a daily run has taken — the run's business date, the
 *   worker holding it, until when, whether it is done for that date and how often it failed retryably
 *   in the run holding it. A claim a run gave up on (an error that is not retryable, or `maxFailures`
 *   retryable ones) is done for that run only: `failed_at` (when, by the database's clock),
 *   `failed_code` (the last error's code) and `failed_runs` (how many runs of the date gave it up); a
 *   run that started before `failed_at` does not take it again, one that started after does (the
 *   same day run again once the cause is fixed). A lease of it clears `failed_at`.
 *   The claim's debtor as it was when leased (returned by the lease's insert, no lookup; null in rows
 *   written before the column existed — nothing reads it from the table).
 *   A claim is leased by at most one worker at a time; a crashed worker's lease runs out (or the
 *   same worker id, restarted, takes it back at once).
 *   No foreign key on `claims`: a lease is only ever taken of a claim read from `claims` in the
 *   same statement, and no path deletes a claim; the key was checked row by row (a lookup and a
 *   key-share lock of the claim's row, which dirtied its page) for each of a day's leases. Its
 *   pages keep half their room (`fillfactor = 50`): marking a lease done or giving it back
 *   changes no indexed column and is then a heap-only update.
 * - `runner_plans`: the business dates for which the pg-boss planner has queued its jobs (once).
 *
 * @internal
 */
export const runnerTablesSql = (s: string): string => `
  create table if not exists ${s}.runner_claim_leases (
    claim_id text collate "C" primary key,
    run_date date not null,
    owner text not null,
    lease_until timestamptz not null,
    done boolean not null default false,
    failures integer not null default 0 check (failures >= 0)
  );
  alter table ${s}.runner_claim_leases drop constraint if exists runner_claim_leases_claim_id_fkey;
  alter table ${s}.runner_claim_leases add column if not exists debtor_id text collate "C";
  alter table ${s}.runner_claim_leases add column if not exists failed_at timestamptz;
  alter table ${s}.runner_claim_leases add column if not exists failed_code text;
  alter table ${s}.runner_claim_leases add column if not exists failed_runs integer not null default 0;
  alter table ${s}.runner_claim_leases set (fillfactor = 50);
  create table if not exists ${s}.runner_plans (
    run_date date primary key,
    jobs integer not null,
    claims integer not null,
    planned_at timestamptz not null default now()
  );
`;

/** The store's schema as a quoted identifier (the store checked it when it was created). @internal */
export function schemaOf(store: PostgresClaimStore): string {
  return `"${store.schema}"`;
}

/**
 * Creates the runner's tables (if missing) in the store's schema; safe to call from several
 * processes at once. Call it after `store.migrate()`.
 *
 * @param store - the PostgreSQL claim store the runner works on
 * @throws MahnwerkError `adapter_failed` when the database fails
 */
export async function migrateRunner(store: PostgresClaimStore): Promise<void> {
  const s = schemaOf(store);
  try {
    await store.driver.transaction(async (tx: SqlSession) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`mahnwerk.runner.migrate.${store.schema}`]);
      await tx.exec(runnerTablesSql(s));
    });
  } catch (error) {
    throw wrap(error, `create the runner tables in schema "${store.schema}"`);
  }
}

/** A database failure as a retryable `adapter_failed` MahnwerkError (mahnwerk's own errors pass). @internal */
export function wrap(error: unknown, what: string): MahnwerkError {
  if (MahnwerkError.isInstance(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new MahnwerkError('adapter_failed', `${what}: the database failed (${detail}).`, { cause: error, retryable: true });
}
