import { createHash } from 'node:crypto';
import { appendAudit, createMahnwerk, type AppendRequest, type AuditHasher, type ClaimEvent, type ClaimStore, type IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { createMemoryClaimStore, createVirtualClock, makeBook } from '@mahnwerk/testing';

/** Node's SHA-256 (the same hashes as core's built-in one, faster for a million claims). */
const nodeHasher: AuditHasher = { algorithm: 'sha-256', sha256Hex: (text) => createHash('sha256').update(text).digest('hex') };

/** A claim as `createClaim` stored it: its first event and next review date. */
interface Prototype {
  readonly event: ClaimEvent;
  readonly nextReviewAt: IsoDate | null;
}

/**
 * Claims created through the facade's `createClaim` (the one path) into a store that only keeps
 * the write: `due` ones need a look on `runDate`, `later` ones not before.
 */
export async function prototypes(runDate: IsoDate, count: number): Promise<{ readonly due: Prototype[]; readonly later: Prototype[] }> {
  const written: AppendRequest[] = [];
  const memory = createMemoryClaimStore();
  const capture: ClaimStore = { ...memory, append: (r) => (written.push(r), memory.append(r)) };
  const clock = createVirtualClock('2025-01-01');
  const m = createMahnwerk({ store: capture, clock, policy: 'auto' });
  // Invoices over the 90 days from 1 January (all due by mid-April) and over the 90 days from
  // 1 April (those invoiced by the run date and not yet due are the book's quiet majority).
  for (const [start, prefix] of [['2025-01-01', 'A-'], ['2025-04-01', 'B-']] as const) {
    for (const facts of makeBook({ seed: 11, size: count, start, idPrefix: prefix }).claims) {
      if (facts.invoiceDate > runDate) continue;
      clock.set(facts.invoiceDate);
      await m.createClaim(facts);
    }
  }
  const due: Prototype[] = [];
  const later: Prototype[] = [];
  for (const r of written) {
    const event = r.entries[0]?.event;
    if (event === undefined) continue;
    const p = { event, nextReviewAt: r.nextReviewAt };
    if (r.nextReviewAt !== null && r.nextReviewAt <= runDate) due.push(p);
    else if (r.nextReviewAt !== null) later.push(p);
  }
  return { due, later };
}

/** The claim id of claim `i` of a bench book. */
export const benchClaimId = (i: number): string => `B${String(i).padStart(8, '0')}`;

/** The rows of claims `from` … `to − 1` (every 1/dueShare-th one due), ready for `unnest`. */
function rows(protos: { readonly due: Prototype[]; readonly later: Prototype[] }, from: number, to: number, dueEvery: number) {
  const claims = { id: [] as string[], debtor: [] as string[], head: [] as string[], review: [] as (string | null)[] };
  const events = { id: [] as string[], type: [] as string[], date: [] as string[], prev: [] as string[], hash: [] as string[], json: [] as string[] };
  for (let i = from; i < to; i++) {
    const pool = i % dueEvery === 0 ? protos.due : protos.later;
    const p = pool[i % pool.length]!;
    const e = p.event as ClaimEvent & { type: 'claim-created' };
    const id = benchClaimId(i);
    const debtorId = `BD${String(i).padStart(8, '0')}`;
    const event = { ...e, claimId: id, claim: { ...e.claim, id, debtor: { ...e.claim.debtor, id: debtorId } }, ...(e.reason === undefined ? {} : { reason: { ...e.reason, text: (e.reason.text ?? '').replace(e.claim.id, id) } }) } as ClaimEvent;
    const entry = appendAudit([], event, { hasher: nodeHasher });
    claims.id.push(id);
    claims.debtor.push(debtorId);
    claims.head.push(entry.hash);
    claims.review.push(p.nextReviewAt);
    events.id.push(id);
    events.type.push(event.type);
    events.date.push(event.date);
    events.prev.push(entry.prevHash);
    events.hash.push(entry.hash);
    events.json.push(JSON.stringify(event));
  }
  return { claims, events };
}

/**
 * Loads a book of `size` open claims straight into the store's tables (`unnest` batches of
 * pre-built rows: the same rows `createClaim` writes, ids and hashes made anew), `dueShare` of
 * them due on `runDate`.
 *
 * @returns the number of due claims
 */
export async function loadBenchBook(
  store: PostgresClaimStore,
  protos: { readonly due: Prototype[]; readonly later: Prototype[] },
  size: number,
  options: { readonly dueShare?: number; readonly from?: number; readonly batch?: number } = {},
): Promise<number> {
  const s = `"${store.schema}"`;
  const dueEvery = Math.round(1 / (options.dueShare ?? 0.05));
  const batch = options.batch ?? 5_000;
  let due = 0;
  for (let from = options.from ?? 0; from < size; from += batch) {
    const to = Math.min(size, from + batch);
    const r = rows(protos, from, to, dueEvery);
    for (let i = from; i < to; i++) if (i % dueEvery === 0) due += 1;
    await store.driver.transaction(async (tx) => {
      await tx.query(
        `insert into ${s}.claims (claim_id, debtor_id, version, head_hash, next_review_at) select c, d, 1, h, r from unnest($1::text[], $2::text[], $3::text[], $4::date[]) as t(c, d, h, r)`,
        [r.claims.id, r.claims.debtor, r.claims.head, r.claims.review],
      );
      await tx.query(
        `insert into ${s}.claim_events (claim_id, seq, type, business_date, prev_hash, hash, event) select c, 0, t, d, p, h, e from unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::json[]) as x(c, t, d, p, h, e)`,
        [r.events.id, r.events.type, r.events.date, r.events.prev, r.events.hash, r.events.json],
      );
    });
  }
  return due;
}

/**
 * The raw rate to compare a run with: inserts `count` event rows shaped like the run's (copies
 * of rows of the book) into a scratch table of `claim_events`' shape, in `unnest` batches of
 * `batch` rows, one transaction each.
 *
 * @returns milliseconds taken
 */
export async function rawEventInsertMs(store: PostgresClaimStore, count: number, batch = 1_000): Promise<number> {
  const s = `"${store.schema}"`;
  await store.driver.exec(`create table ${s}.raw_events (like ${s}.claim_events including all)`);
  const sample = await store.driver.query<{ claim_id: string; type: string; business_date: string; prev_hash: string; hash: string; event: string }>(
    `select claim_id, type, to_char(business_date, 'YYYY-MM-DD') as business_date, prev_hash, hash, event::text as event from ${s}.claim_events where seq > 0 limit 1000`,
  );
  if (sample.length === 0) throw new Error('rawEventInsertMs: run the daily run first (no events with seq > 0 to copy)');
  const t0 = performance.now();
  for (let from = 0; from < count; from += batch) {
    const n = Math.min(batch, count - from);
    const rowsOf = Array.from({ length: n }, (_, k) => sample[(from + k) % sample.length]!);
    await store.driver.transaction((tx) =>
      tx.query(
        `insert into ${s}.raw_events (claim_id, seq, type, business_date, prev_hash, hash, event) select * from unnest($1::text[], $2::integer[], $3::text[], $4::date[], $5::text[], $6::text[], $7::json[])`,
        [rowsOf.map((r) => r.claim_id), rowsOf.map((_, k) => from + k + 1), rowsOf.map((r) => r.type), rowsOf.map((r) => r.business_date), rowsOf.map((r) => r.prev_hash), rowsOf.map((r) => r.hash), rowsOf.map((r) => r.event)],
      ),
    );
  }
  return performance.now() - t0;
}
