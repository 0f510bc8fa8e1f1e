import type { IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { schemaOf, wrap } from './schema.js';

/** Which claims a lease may take: due ones, or only those of a given list (a pg-boss job). @internal */
export interface LeaseRequest {
  /** The run's business date: claims with `next_review_at <= date`. */
  readonly date: IsoDate;
  /** The worker taking the lease. */
  readonly owner: string;
  /** The first this many free due claims name the debtors leased (all their due claims: a batch may hold more). */
  readonly limit: number;
  /** How long the lease lasts (seconds). */
  readonly leaseSeconds: number;
  /** A claim that failed retryably this often in a run is not leased again by that run. */
  readonly maxFailures: number;
  /**
   * When the run began, by the database's clock (ISO 8601, from {@link databaseNow}): a claim a run
   * gave up on the date ({@link giveUpClaims}) is leased again only by a run that began before it was
   * given up — so a run never takes back what it gave up, and the same day run again does.
   */
  readonly runStartedAt: string;
  /** Only these claims (default: any due claim). */
  readonly claimIds?: readonly string[];
}

/** A leased claim and how often it failed retryably in this run before. @internal */
export interface LeasedClaim {
  readonly claimId: string;
  readonly debtorId: string;
  readonly failures: number;
}

/**
 * Leases due claims for one worker — always **all** due claims of a debtor together, so the
 * contact limit (§ 7 UWG, messages per debtor over all its claims) holds across workers: a
 * debtor's claims are decided one after the other by one worker, each seeing the contacts the
 * ones before it queued. A claim is free when it has no lease row, its lease row belongs to an
 * earlier run date, it is not done and its lease ran out (or belongs to this same worker id — a
 * restarted worker takes its own leases back at once), or a run gave it up on the date before this
 * run began (`failed_at < runStartedAt`: the same day run again once the cause is fixed; a run never
 * takes back what it gave up itself, so a claim that fails every time is tried once per run).
 *
 * One transaction of two statements:
 * 1. the first `limit` free due claims (in `next_review_at`, id order; of `claimIds` when given)
 *    name the debtors to take, each under a transaction-level advisory lock
 *    (`pg_try_advisory_xact_lock`; a debtor another worker is leasing right now is skipped);
 * 2. with a snapshot taken after those locks, every free due claim of those debtors is leased —
 *    except debtors of whom another worker still holds a live lease on the run date — by a
 *    conditional upsert (`on conflict … do update … where`) that re-checks each lease row as
 *    committed.
 * A batch can so hold more than `limit` claims (a debtor's claims are never split). The debtor of
 * each leased claim is written into its lease row and returned by the insert (a join of the lease
 * rows with the candidates was planned as a nested loop over both — PostgreSQL estimates one row
 * for each — 250,000 comparisons for a batch of 500; a lookup by key in `claims` cost 4 buffer
 * hits a claim).
 *
 * @returns the leased claims, ordered by id
 * @internal
 */
export async function leaseClaims(store: PostgresClaimStore, request: LeaseRequest): Promise<LeasedClaim[]> {
  const s = schemaOf(store);
  try {
    // Workers that start together see the same first free claims; the one that wins their debtors'
    // locks leases them, and the others must not take "all locked" for "nothing left": they try again
    // once the winner's lease is committed (its claims are then no longer free), so they share the day.
    for (let attempt = 0; ; attempt++) {
      const rows = await leaseOnce(store, request, s);
      if (rows !== 'busy') return rows.map((r) => ({ claimId: r.claim_id, debtorId: r.debtor_id, failures: r.failures })).sort((a, b) => byCodePoint(a.claimId, b.claimId));
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 + attempt * 5, 50)));
    }
  } catch (error) {
    throw wrap(error, `lease due claims for worker "${request.owner}" on ${request.date}`);
  }
}

/**
 * Whether the lease row `l` leaves its claim free for a lease on the run date `$1` by owner `$2`
 * (`$4`: `maxFailures`; `started`: the placeholder of the run's start, see {@link leaseClaims}).
 * Never null (a claim's lease is looked up with `coalesce(…, true)`: no row is free, a row is what this says).
 */
const freeRow = (started: string): string =>
  `(l.run_date < $1::date or (not l.done and l.failures < $4 and (l.owner = $2 or l.lease_until <= now())) or (l.run_date = $1::date and coalesce(l.failed_at < ${started}::timestamptz, false)))`;

/** One leasing transaction: the leased rows, or `'busy'` when free claims exist but each of their debtors is being leased by another worker. */
async function leaseOnce(store: PostgresClaimStore, request: LeaseRequest, s: string): Promise<{ claim_id: string; debtor_id: string; failures: number }[] | 'busy'> {
  return store.driver.transaction(async (tx) => {
    const seeded = await tx.query<{ debtor_id: string; locked: boolean }>(
      // The lease row is looked up per claim (a subquery, not a join) so that PostgreSQL walks the
      // due claims in index order and stops at the limit: as a join, with the lease table's
      // statistics behind (it changes fast during a run), it read every due claim and every lease
      // row and sorted them for each batch — a day of 50,000 due claims read ~10 million rows.
      `with seed as (
         select c.debtor_id, c.next_review_at, c.claim_id from ${s}.claims c
         where c.next_review_at <= $1::date
           and ($5::text[] is null or c.claim_id = any($5::text[]))
           and coalesce((select ${freeRow('$7')} from ${s}.runner_claim_leases l where l.claim_id = c.claim_id), true)
         order by c.next_review_at, c.claim_id
         limit $3
       ),
       debtors as (select debtor_id, min(next_review_at) as first_due, min(claim_id) as first_claim from seed group by debtor_id)
       select debtor_id, pg_try_advisory_xact_lock(hashtext($6), hashtext(debtor_id)) as locked from debtors
        order by first_due, first_claim`,
      [request.date, request.owner, request.limit, request.maxFailures, request.claimIds === undefined ? null : [...request.claimIds], `mahnwerk.runner.debtor.${store.schema}`, request.runStartedAt],
    );
    const debtors = seeded.filter((d) => d.locked);
    if (debtors.length === 0) return seeded.length === 0 ? [] : 'busy';
    return tx.query<{ claim_id: string; debtor_id: string; failures: number }>(
      // One pass over the debtors' claims, each with its lease row (a claim's row and lease are read
      // once): a debtor of whom another worker holds a live lease on the run date — on any of its
      // claims, due or not — is left out whole (a window over the debtor, not a second scan of the
      // debtor's claims and leases per candidate).
      `with debtor_claims as (
         select c.claim_id, c.debtor_id, c.next_review_at <= $1::date as due, (l.claim_id is null or ${freeRow('$6')}) as free,
                bool_or(coalesce(l.run_date = $1::date and not l.done and l.owner <> $2 and l.owner <> '' and l.lease_until > now(), false))
                  over (partition by c.debtor_id) as held_elsewhere
           from ${s}.claims c
           left join ${s}.runner_claim_leases l on l.claim_id = c.claim_id
          where c.debtor_id = any($3::text[])
       ),
       candidates as (select claim_id, debtor_id from debtor_claims where due and free and not held_elsewhere)
       insert into ${s}.runner_claim_leases as l (claim_id, run_date, owner, lease_until, done, failures, debtor_id)
       select claim_id, $1::date, $2, now() + make_interval(secs => $5), false, 0, debtor_id from candidates
       on conflict (claim_id) do update
         set run_date = excluded.run_date, owner = excluded.owner, lease_until = excluded.lease_until, done = false,
             failures = case when l.run_date = excluded.run_date and l.failed_at is null then l.failures else 0 end, debtor_id = excluded.debtor_id,
             failed_at = null,
             failed_code = case when l.run_date = excluded.run_date then l.failed_code end,
             failed_runs = case when l.run_date = excluded.run_date then l.failed_runs else 0 end
         where ${freeRow('$6')}
       returning claim_id, failures, debtor_id`,
      [request.date, request.owner, debtors.map((d) => d.debtor_id), request.maxFailures, request.leaseSeconds, request.runStartedAt],
    );
  });
}

/**
 * Marks claims done for the run date (this worker's leases only): no worker takes them again that day.
 *
 * @returns how many of them this worker still held
 * @internal
 */
export async function finishClaims(store: PostgresClaimStore, date: IsoDate, owner: string, claimIds: readonly string[]): Promise<number> {
  if (claimIds.length === 0) return 0;
  const s = schemaOf(store);
  try {
    const rows = await store.driver.query(
      `update ${s}.runner_claim_leases set done = true, lease_until = now()
        where claim_id = any($1::text[]) and owner = $2 and run_date = $3::date and not done returning claim_id`,
      [[...claimIds], owner, date],
    );
    return rows.length;
  } catch (error) {
    throw wrap(error, `finish ${claimIds.length} claims of worker "${owner}"`);
  }
}

/**
 * Gives claims up for this run (this worker's leases only) after an error that is not retryable, or
 * a retryable one for the `maxFailures`-th time: done like a decided claim — no worker of this run
 * takes it again, and none waits for it — but with `failed_at` (now, by the database's clock), its
 * error's code and one more run of the date that gave it up, so a run that begins later (the same day
 * run again once the cause is fixed) takes it up ({@link leaseClaims}).
 *
 * @returns how many of them this worker still held
 * @internal
 */
export async function giveUpClaims(store: PostgresClaimStore, date: IsoDate, owner: string, failed: readonly { readonly claimId: string; readonly code: string }[]): Promise<number> {
  if (failed.length === 0) return 0;
  const s = schemaOf(store);
  try {
    const rows = await store.driver.query(
      `update ${s}.runner_claim_leases l set done = true, lease_until = now(), failed_at = now(), failed_code = f.code, failed_runs = l.failed_runs + 1
         from unnest($1::text[], $2::text[]) as f(claim_id, code)
        where l.claim_id = f.claim_id and l.owner = $3 and l.run_date = $4::date and not l.done returning l.claim_id`,
      [failed.map((f) => f.claimId), failed.map((f) => f.code), owner, date],
    );
    return rows.length;
  } catch (error) {
    throw wrap(error, `give up ${failed.length} claims of worker "${owner}"`);
  }
}

/**
 * The database's clock now (ISO 8601 in UTC, to the microsecond): the start of a run. Read it once
 * and pass it as `runStartedAt` to every worker of one run (`runDailyRun`, `runWorkerDay`,
 * `runDailyRunWithPgBoss`), so that no worker of the run takes up a claim another one gave up, and
 * the same day run again does. The database's clock, not the engine's (a virtual or `--now` clock):
 * the database writes when a claim was given up.
 *
 * @param store - the PostgreSQL claim store the runner works on
 * @returns the instant, e.g. `2025-04-15T06:00:00.123456Z`
 * @throws MahnwerkError `adapter_failed` when the database fails
 */
export async function databaseNow(store: PostgresClaimStore): Promise<string> {
  try {
    const rows = await store.driver.query<{ now: string }>(`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`);
    const now = rows[0]?.now;
    if (now === undefined) throw new Error('no row');
    return now;
  } catch (error) {
    throw wrap(error, 'read the database clock');
  }
}

/**
 * Gives claims back after a retryable failure (counted): any worker may try again after `delaySeconds`.
 *
 * @internal
 */
export async function releaseClaims(store: PostgresClaimStore, date: IsoDate, owner: string, claimIds: readonly string[], delaySeconds: number): Promise<void> {
  if (claimIds.length === 0) return;
  const s = schemaOf(store);
  try {
    await store.driver.query(
      `update ${s}.runner_claim_leases set owner = '', failures = failures + 1, lease_until = now() + make_interval(secs => $4)
        where claim_id = any($1::text[]) and owner = $2 and run_date = $3::date and not done`,
      [[...claimIds], owner, date, delaySeconds],
    );
  } catch (error) {
    throw wrap(error, `release ${claimIds.length} claims of worker "${owner}"`);
  }
}

/**
 * Due claims still leased by other workers (not done) and the seconds until the first such lease
 * runs out: a worker with nothing left to lease waits for these rather than leave a crashed
 * worker's claims undecided.
 *
 * @internal
 */
export async function leasedElsewhere(store: PostgresClaimStore, date: IsoDate, maxFailures: number): Promise<{ readonly claims: number; readonly secondsToExpiry: number }> {
  const s = schemaOf(store);
  try {
    const rows = await store.driver.query<{ claims: number; seconds: number | null }>(
      `select count(*)::integer as claims, extract(epoch from min(l.lease_until) - now())::float8 as seconds
         from ${s}.runner_claim_leases l join ${s}.claims c on c.claim_id = l.claim_id
        where l.run_date = $1::date and not l.done and l.failures < $2 and c.next_review_at <= $1::date`,
      [date, maxFailures],
    );
    return { claims: rows[0]?.claims ?? 0, secondsToExpiry: Math.max(0, rows[0]?.seconds ?? 0) };
  } catch (error) {
    throw wrap(error, `count the claims leased on ${date}`);
  }
}

/** Code-point order of UTF-16 strings (the store's `collate "C"` order). @internal */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
