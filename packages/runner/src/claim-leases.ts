import type { IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { schemaOf, wrap } from './schema.js';

/** Which claims a lease may take: due ones, or only those of a given list (a pg-boss job). @internal */
export interface LeaseRequest {
  /** The run's business date: claims with `next_review_at <= date`. */
  readonly date: IsoDate;
  /** The worker taking the lease. */
  readonly owner: string;
  /** At most this many claims. */
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
 * Leases due claims for one worker, in one statement. A claim is free when it has no lease row,
 * its lease row belongs to an earlier run date, or it is not done and its lease ran out (or
 * belongs to this same worker id — a restarted worker takes its own leases back at once).
 *
 * Two guards keep two workers from leasing one claim: `for update of c skip locked` skips the
 * claims another worker's lease statement is taking right now, and the conditional upsert
 * (`on conflict … do update … where`) re-checks the lease row as committed — a row another worker
 * leased after this statement's snapshot is not updated and not returned.
 *
 * @returns the leased claims, ordered by id
 * @internal
 */
export async function leaseClaims(store: PostgresClaimStore, request: LeaseRequest): Promise<LeasedClaim[]> {
  const s = schemaOf(store);
  const free = `(l.run_date < $1::date or (not l.done and l.failures < $6 and (l.owner = $2 or l.lease_until <= now())))`;
  try {
    const rows = await store.driver.query<{ claim_id: string; debtor_id: string; failures: number }>(
      `with candidates as (
         select c.claim_id from ${s}.claims c
         left join ${s}.runner_claim_leases l on l.claim_id = c.claim_id
         where c.next_review_at <= $1::date
           and ($5::text[] is null or c.claim_id = any($5::text[]))
           and (l.claim_id is null or ${free})
         order by c.next_review_at, c.claim_id
         limit $3
         for update of c skip locked
       ),
       leased as (
       insert into ${s}.runner_claim_leases as l (claim_id, run_date, owner, lease_until, done, failures)
       select claim_id, $1::date, $2, now() + make_interval(secs => $4), false, 0 from candidates
       on conflict (claim_id) do update
         set run_date = excluded.run_date, owner = excluded.owner, lease_until = excluded.lease_until, done = false,
             failures = case when l.run_date = excluded.run_date then l.failures else 0 end
         where ${free}
       returning claim_id, failures
       )
       select leased.claim_id, leased.failures, c.debtor_id from leased join ${s}.claims c on c.claim_id = leased.claim_id`,
      [request.date, request.owner, request.limit, request.leaseSeconds, request.claimIds === undefined ? null : [...request.claimIds], request.maxFailures],
    );
    return rows.map((r) => ({ claimId: r.claim_id, debtorId: r.debtor_id, failures: r.failures })).sort((a, b) => byCodePoint(a.claimId, b.claimId));
  } catch (error) {
    throw wrap(error, `lease due claims for worker "${request.owner}" on ${request.date}`);
  }
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
