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
  /** A claim that failed this often on the date is not leased again that day. */
  readonly maxFailures: number;
  /** Only these claims (default: any due claim). */
  readonly claimIds?: readonly string[];
}

/** A leased claim and how often it failed retryably on the run date before. @internal */
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
 * earlier run date, or it is not done and its lease ran out (or belongs to this same worker id — a
 * restarted worker takes its own leases back at once).
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
  const free = `(l.run_date < $1::date or (not l.done and l.failures < $4 and (l.owner = $2 or l.lease_until <= now())))`;
  try {
    // Workers that start together see the same first free claims; the one that wins their debtors'
    // locks leases them, and the others must not take "all locked" for "nothing left": they try again
    // once the winner's lease is committed (its claims are then no longer free), so they share the day.
    for (let attempt = 0; ; attempt++) {
      const rows = await leaseOnce(store, request, s, free);
      if (rows !== 'busy') return rows.map((r) => ({ claimId: r.claim_id, debtorId: r.debtor_id, failures: r.failures })).sort((a, b) => byCodePoint(a.claimId, b.claimId));
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 + attempt * 5, 50)));
    }
  } catch (error) {
    throw wrap(error, `lease due claims for worker "${request.owner}" on ${request.date}`);
  }
}

/** One leasing transaction: the leased rows, or `'busy'` when free claims exist but each of their debtors is being leased by another worker. */
async function leaseOnce(
  store: PostgresClaimStore,
  request: LeaseRequest,
  s: string,
  free: string,
): Promise<{ claim_id: string; debtor_id: string; failures: number }[] | 'busy'> {
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
           and coalesce((select ${free} from ${s}.runner_claim_leases l where l.claim_id = c.claim_id), true)
         order by c.next_review_at, c.claim_id
         limit $3
       ),
       debtors as (select debtor_id, min(next_review_at) as first_due, min(claim_id) as first_claim from seed group by debtor_id)
       select debtor_id, pg_try_advisory_xact_lock(hashtext($6), hashtext(debtor_id)) as locked from debtors
        order by first_due, first_claim`,
      [request.date, request.owner, request.limit, request.maxFailures, request.claimIds === undefined ? null : [...request.claimIds], `mahnwerk.runner.debtor.${store.schema}`],
    );
    const debtors = seeded.filter((d) => d.locked);
    if (debtors.length === 0) return seeded.length === 0 ? [] : 'busy';
    return tx.query<{ claim_id: string; debtor_id: string; failures: number }>(
      // One pass over the debtors' claims, each with its lease row (a claim's row and lease are read
      // once): a debtor of whom another worker holds a live lease on the run date — on any of its
      // claims, due or not — is left out whole (a window over the debtor, not a second scan of the
      // debtor's claims and leases per candidate).
      `with debtor_claims as (
         select c.claim_id, c.debtor_id, c.next_review_at <= $1::date as due, (l.claim_id is null or ${free}) as free,
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
             failures = case when l.run_date = excluded.run_date then l.failures else 0 end, debtor_id = excluded.debtor_id
         where ${free}
       returning claim_id, failures, debtor_id`,
      [request.date, request.owner, debtors.map((d) => d.debtor_id), request.maxFailures, request.leaseSeconds],
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
