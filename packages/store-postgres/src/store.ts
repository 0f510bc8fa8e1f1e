import {
  checkAppendBatch,
  checkAppendContinues,
  checkAppendRequest,
  checkCount,
  checkLeaseOptions,
  checkOutboxCompletions,
  checkOutboxOutcome,
  checkClaimFilter,
  checkClaimQuery,
  compareText,
  compareTotals,
  encodeClaimCursor,
  summarizeClaim,
  totalAmountString,
  type ClaimFilter,
  type ClaimStatus,
  type ClaimSummary,
  type ClaimTotal,
  type CheckedClaimQuery,
  type OutboxTotal,
  type UnappliedTotal,
  ConflictError,
  type OutboxLease,
  parseIsoDate,
  ValidationError,
  type AppendManyOutcome,
  type AppendRequest,
  type AuditEntry,
  type AuditHasher,
  type AuditHashOptions,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxCompletion,
  type OutboxMessage,
  type PersonalData,
  type PersonalDataHolding,
  type StoredClaim,
} from '@mahnwerk/core';
import { sqlState, wrapDatabaseError, type SqlDriver, type SqlSession } from './driver.js';
import { migrate as runMigrations, quoteSchema, type MigrationResult } from './migrations.js';
import { nodeSha256Hasher } from './node-hasher.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** The database: `pgliteDriver(db)` or `nodePostgresDriver(pool)`. */
  readonly driver: SqlDriver;
  /** The schema the tables live in (default `mahnwerk`). */
  readonly schema?: string;
  /**
   * Recompute every appended entry's hash and check it links to the stored head (default `true`).
   * A write that breaks the chain is refused with a `ValidationError`.
   */
  readonly verifyChain?: boolean;
  /**
   * The SHA-256 the chain check recomputes hashes with (default {@link nodeSha256Hasher},
   * `node:crypto`). Every `AuditHasher` gives the same hashes; this only chooses how fast.
   */
  readonly hasher?: AuditHasher;
}

/** The PostgreSQL {@link ClaimStore}, with its schema management. */
export interface PostgresClaimStore extends ClaimStore {
  /** The driver the store runs on (for the host's own queries and for tests). */
  readonly driver: SqlDriver;
  /** The schema, as given. */
  readonly schema: string;
  /**
   * Runs the missing migrations, then fills in the query projection of claims written before it
   * existed; safe to call from several processes at once.
   */
  migrate(): Promise<MigrationResult>;
  /** Writes many claims' requests in one transaction (the port's optional method, always present here). */
  appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendManyOutcome[]>;
  /** The money claims hold beyond what they owed, per currency, from the projection (the port's optional method, always present here). */
  unappliedTotals(filter?: ClaimFilter): Promise<readonly UnappliedTotal[]>;
  /** Records many attempts' outcomes with one statement (the port's optional method, always present here). */
  completeOutboxMany(completions: readonly OutboxCompletion[]): Promise<readonly boolean[]>;
  /** The last day a daily run was recorded for, or null (the port's optional method, always present here). */
  lastRunDay(): Promise<IsoDate | null>;
  /** Records the day of a daily run, keeping the later day (the port's optional method, always present here). */
  recordRunDay(day: IsoDate): Promise<void>;
}

interface HeadRow {
  readonly version: number;
  readonly debtor_id: string;
  readonly head_hash: string;
}

interface OutboxRow {
  readonly id: string;
  readonly claim_id: string;
  readonly debtor_id: string;
  readonly channel: string;
  readonly fallback_channel: string | null;
  readonly template: string;
  readonly not_before: string | null;
  readonly business_date: string;
  readonly status: OutboxMessage['status'];
  readonly attempts: number;
}

/** The outbox columns a message is read from, of table alias `t`. */
function outboxColumnsOf(t: string): string {
  return `${t}.id, ${t}.claim_id, ${t}.debtor_id, ${t}.channel, ${t}.fallback_channel, ${t}.template, ${t}.not_before, to_char(${t}.business_date, 'YYYY-MM-DD') as business_date, ${t}.status, ${t}.attempts`;
}

const outboxColumns = outboxColumnsOf('outbox');

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    claimId: row.claim_id,
    debtorId: row.debtor_id,
    channel: row.channel,
    ...(row.fallback_channel === null ? {} : { fallbackChannel: row.fallback_channel }),
    template: row.template,
    ...(row.not_before === null ? {} : { notBefore: row.not_before }),
    date: row.business_date as IsoDate,
    status: row.status,
    attempts: Number(row.attempts),

  };
}

/**
 * The message id of an attempt id (`<message id>#<attempt number>`, as `leaseOutbox` makes it):
 * the attempt's row is found through the outbox's unique `id` and must still hold exactly this
 * `attempt_id`, so an id the store did not make (no `#`: `''`) matches nothing.
 */
function messageIdOf(attemptId: string): string {
  const hash = attemptId.lastIndexOf('#');
  return hash < 0 ? '' : attemptId.slice(0, hash);
}

function messageIdTaken(request: AppendRequest, clash: number): ConflictError {
  return new ConflictError(
    `append to claim "${request.claimId}": outbox message id "${request.outbox?.[clash]?.id}" is already stored or written twice; message ids are the channels' idempotency keys and must be unique.`,
    { field: `outbox[${clash}].id` },
  );
}

function conflictOnVersion(request: AppendRequest, stored: number, exists: boolean): ConflictError {
  return new ConflictError(
    `append to claim "${request.claimId}": expected version ${request.expectedVersion}, but the store holds version ${stored}` +
      (exists ? '' : ' (no such claim yet)') +
      '; the claim moved on since it was read — load it again and decide again.',
    { field: 'expectedVersion', retryable: true },
  );
}

interface SummaryRow {
  readonly claim_id: string;
  readonly debtor_id: string;
  readonly status: ClaimStatus;
  readonly stage: string | null;
  readonly currency: string;
  readonly principal: string;
  readonly tags: readonly string[] | null;
  readonly invoice_date: string;
  readonly due_date: string;
  readonly next_review_at: string | null;
  readonly version: number;
  readonly unapplied: string;
  readonly open_principal: string;
}

const summaryColumns = `claim_id, debtor_id, status, stage, currency, principal::text as principal, tags,
  to_char(invoice_date, 'YYYY-MM-DD') as invoice_date, to_char(due_date, 'YYYY-MM-DD') as due_date,
  to_char(next_review_at, 'YYYY-MM-DD') as next_review_at, version, unapplied::text as unapplied,
  open_principal::text as open_principal`;

function toSummary(row: SummaryRow): ClaimSummary {
  return {
    claimId: row.claim_id,
    debtorId: row.debtor_id,
    status: row.status,
    stage: row.stage,
    currency: row.currency,
    principal: row.principal,
    tags: [...(row.tags ?? [])],
    invoiceDate: row.invoice_date as IsoDate,
    dueDate: row.due_date as IsoDate,
    nextReviewAt: row.next_review_at as IsoDate | null,
    version: Number(row.version),
    unapplied: row.unapplied,
    openPrincipal: row.open_principal,
  };
}

/** The projection columns of a summary, as the parameters $2… of {@link writeSummarySql}. */
function summaryParams(x: ClaimSummary): unknown[] {
  return [x.claimId, x.status, x.stage, x.currency, x.principal, [...x.tags], x.invoiceDate, x.dueDate, x.unapplied, x.openPrincipal];
}

/** A filter as SQL conditions on `claims`, its parameters appended to `params`. */
function filterSql(f: ClaimFilter, params: unknown[]): string[] {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ['status is not null'];
  if (f.status !== undefined) where.push(`status = any(${p([...f.status])}::text[])`);
  if (f.stage !== undefined) {
    const named = f.stage.filter((x): x is string => x !== null);
    const none = f.stage.includes(null);
    where.push(`(stage = any(${p(named)}::text[])${none ? ' or stage is null' : ''})`);
  }
  if (f.debtorId !== undefined) where.push(`debtor_id = ${p(f.debtorId)}`);
  if (f.tag !== undefined) where.push(`tags @> array[${p(f.tag)}::text]`);
  if (f.currency !== undefined) where.push(`currency = ${p(f.currency)}`);
  if (f.amountMin !== undefined) where.push(`principal >= ${p(f.amountMin)}::numeric`);
  if (f.amountMax !== undefined) where.push(`principal <= ${p(f.amountMax)}::numeric`);
  if (f.dueFrom !== undefined) where.push(`due_date >= ${p(f.dueFrom)}::date`);
  if (f.dueTo !== undefined) where.push(`due_date <= ${p(f.dueTo)}::date`);
  // Written as the partial index claims_unapplied's predicate, so the planner can use it.
  if (f.holdsUnapplied !== undefined) where.push(f.holdsUnapplied ? 'unapplied > 0' : 'not (unapplied > 0)');
  return where;
}

/** The column and SQL type a query sorts by. */
function sortColumn(q: CheckedClaimQuery): { readonly column: string; readonly type: string } {
  return q.sort === 'amount' ? { column: 'principal', type: 'numeric' } : q.sort === 'dueDate' ? { column: 'due_date', type: 'date' } : { column: 'claim_id', type: 'text' };
}

/**
 * Creates the PostgreSQL claim store over a driver. Run `migrate()` once before first use (it is
 * idempotent). The SQL is the same on PGlite and on a PostgreSQL server.
 *
 * How it keeps the port's promises:
 * - `append` and `appendMany` are one code path (`append` is a batch of one) in one transaction:
 *   it locks the claims' rows (`select … for update`, in id order), compares each version (a claim
 *   created concurrently is caught by its primary key), looks up the idempotency keys already
 *   used, inserts the outbox rows skipping message ids already stored (their requests are
 *   conflicts; rows of a request refused this way are deleted again in the same transaction), and
 *   writes the requests without a conflict with one statement per table (`unnest` arrays): new
 *   claims' rows, the stream heads with `next_review_at` and the query projection (each row found
 *   by the tuple id it was locked or inserted at), the events, the keys, the personal data — all of
 *   it or nothing. A
 *   conflicting request of a batch is reported and writes nothing; a lost race that slips past the
 *   checks (a unique violation) refuses the whole batch with a retryable `ConflictError`.
 * - The query projection in `claims` is the request's `summary` when the writer passes one (the
 *   host does: it holds the state it decided on), else `summarizeClaim` of the ledger read in the
 *   same transaction — with `unapplied`, the money the claim holds beyond what it owed (core's
 *   `unappliedMoneyOf`, through `summarizeClaim`) and `open_principal`, the principal still open (the
 *   principal of core's statement, through `summarizeClaim`); `queryClaims`, `claimTotals` and `unappliedTotals` are SQL over it (keyset paging on the sort
 *   column and the claim id, sums in `numeric`), never a load of every claim.
 * - `completeOutboxMany` (and `completeOutbox`, the same with one attempt) is one `update … from
 *   unnest(…)` statement: a row, found by the message id the attempt id begins with, changes only
 *   while its attempt id holds the lease and the message is pending.
 * - `reopenOutbox` and `reopenSentOutbox` are one `update … where status = 'failed'` (or `'sent'`)
 *   `… returning` each (with a read of the row, to tell an unknown id from one that is not failed or
 *   sent): the row lock orders concurrent calls, and the one that waited finds the row pending and
 *   changes nothing (answers false). `attempts` and the id are not touched.
 * - `recordRunDay` is one `insert … on conflict do update … where` on the one row of
 *   `last_run_day` that keeps the later day: concurrent records end with the latest, an earlier day
 *   writes nothing; `lastRunDay` reads the row.
 * - `loadMany` (and `load`, the same with one id) reads the heads, then the entries up to each head's
 *   version and the personal data of all the claims: three queries for any number of claims.
 * - `listDue` reads the `claims` projection through its `next_review_at` index, ordered by claim
 *   id (`collate "C"`: byte order of UTF-8, i.e. code-point order), keyset-paged by the cursor.
 * - Events are kept as written (`json`), dates as `date`, amounts inside events as their decimal
 *   strings: nothing passes through a float.
 *
 * Database failures are wrapped in a `MahnwerkError` with code `adapter_failed` (retryable for lost
 * connections, serialisation failures and deadlocks) and the original error as `cause`.
 *
 * @param options - driver, schema, chain verification and its hasher
 * @returns the store
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresClaimStore {
  const { driver } = options;
  const schema = options.schema ?? 'mahnwerk';
  const s = quoteSchema(schema);
  const verifyChain = options.verifyChain ?? true;
  const hashOptions: AuditHashOptions = { hasher: options.hasher ?? nodeSha256Hasher };

  const guarded = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw wrapDatabaseError(error, what);
    }
  };

  /** A request of a batch that passed its checks, with what the claim's row will hold after it. */
  interface Accepted {
    readonly index: number;
    readonly request: AppendRequest;
    readonly version: number;
    readonly headHash: string;
    readonly exists: boolean;
  }

  /**
   * The one write path of `append` and `appendMany` (requests already shape-checked), in the
   * caller's transaction: locks the stored heads (`for update`, in id order), finds each request's
   * conflict (stale version, used idempotency key, an outbox id used by an earlier request of the
   * batch), checks the chains of the others (a `ValidationError` rolls everything back), inserts
   * their outbox rows (an id already stored makes its request a conflict; the outbox rows of
   * requests refused after the insert are deleted again), then writes the rest with one statement
   * per table: the new claims' rows, the heads and projection rows, the events, the idempotency
   * keys, the personal data.
   */
  const writeBatch = async (tx: SqlSession, requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> => {
    const conflicts = new Map<number, ConflictError>();
    // The row's tuple id (`ctid`) as locked: the newest version (a row updated meanwhile is locked
    // in its newest version), which no other transaction can move before this one ends, so the head
    // update below finds it by its tuple id instead of a second lookup in the primary key.
    const heads = await tx.query<HeadRow & { claim_id: string; tid: string }>(
      `select claim_id, version, debtor_id, head_hash, ctid::text as tid from ${s}.claims where claim_id = any($1::text[]) order by claim_id for update`,
      [requests.map((r) => r.claimId)],
    );
    const headOf = new Map(heads.map((h) => [h.claim_id, h]));
    requests.forEach((r, i) => {
      const head = headOf.get(r.claimId);
      if ((head?.version ?? 0) !== r.expectedVersion) conflicts.set(i, conflictOnVersion(r, head?.version ?? 0, head !== undefined));
    });
    const keys = requests.flatMap((r) => (r.idempotencyKey === undefined ? [] : [r.idempotencyKey]));
    const usedKeys = new Map(
      keys.length === 0
        ? []
        : (await tx.query<{ key: string; claim_id: string; version: number }>(`select key, claim_id, version from ${s}.idempotency_keys where key = any($1::text[])`, [keys])).map(
            (k) => [k.key, k] as const,
          ),
    );
    // Message ids of earlier requests of this batch; ids stored before are found by the outbox insert below.
    const usedMessages = new Set<string>();
    const batchKeys = new Set<string>();
    const accepted: Accepted[] = [];
    requests.forEach((request, index) => {
      if (conflicts.has(index)) return;
      const key = request.idempotencyKey;
      if (key !== undefined && (usedKeys.has(key) || batchKeys.has(key))) {
        const used = usedKeys.get(key);
        conflicts.set(
          index,
          new ConflictError(
            `append to claim "${request.claimId}": idempotency key "${key}" was already used (` +
              (used === undefined ? 'by an earlier request of this batch' : `claim "${used.claim_id}", version ${used.version}`) +
              '); the command already ran — look its result up with findByIdempotencyKey instead of writing again.',
            { field: 'idempotencyKey' },
          ),
        );
        return;
      }
      const mine = new Set<string>();
      const clash = (request.outbox ?? []).findIndex((m) => {
        const taken = usedMessages.has(m.id) || mine.has(m.id);
        mine.add(m.id);
        return taken;
      });
      if (clash >= 0) {
        conflicts.set(index, messageIdTaken(request, clash));
        return;
      }
      const head = headOf.get(request.claimId);
      checkAppendContinues(request, head === undefined ? undefined : { debtorId: head.debtor_id, headHash: head.head_hash }, verifyChain, hashOptions);
      if (key !== undefined) batchKeys.add(key);
      for (const id of mine) usedMessages.add(id);
      const last = request.entries[request.entries.length - 1];
      accepted.push({
        index,
        request,
        version: request.expectedVersion + request.entries.length,
        headHash: last?.hash ?? head?.head_hash ?? '',
        exists: head !== undefined,
      });
    });
    // The outbox rows first, `on conflict (id) do nothing`: a request one of whose message ids is
    // already stored is a conflict (one statement instead of looking the ids up first).
    const inserted = await insertOutbox(tx, accepted);
    for (const a of accepted) {
      const clash = (a.request.outbox ?? []).findIndex((m) => !inserted.has(m.id));
      if (clash >= 0) conflicts.set(a.index, messageIdTaken(a.request, clash));
    }
    // New claims: a claim another transaction created meanwhile is a conflict.
    const fresh = accepted.filter((a) => !a.exists && !conflicts.has(a.index));
    // Each written claim's row by tuple id: as locked above, or as inserted here.
    const tidOf = new Map(heads.map((h) => [h.claim_id, h.tid]));
    if (fresh.length > 0) {
      const created = await tx.query<{ claim_id: string; tid: string }>(
        `insert into ${s}.claims (claim_id, debtor_id, version, head_hash, next_review_at)
         select * from unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::date[])
         on conflict (claim_id) do nothing returning claim_id, ctid::text as tid`,
        [fresh.map((a) => a.request.claimId), fresh.map((a) => a.request.debtorId), fresh.map((a) => a.version), fresh.map((a) => a.headHash), fresh.map((a) => a.request.nextReviewAt)],
      );
      for (const r of created) tidOf.set(r.claim_id, r.tid);
      for (const a of fresh) if (!tidOf.has(a.request.claimId)) conflicts.set(a.index, conflictOnVersion(a.request, 0, true));
    }
    // A refused request writes nothing: its outbox rows inserted above are taken out again.
    const takeBack = accepted.flatMap((a) => (conflicts.has(a.index) ? (a.request.outbox ?? []).map((m) => m.id).filter((id) => inserted.has(id)) : []));
    if (takeBack.length > 0) await tx.query(`delete from ${s}.outbox where id = any($1::text[])`, [takeBack]);
    const written = accepted.filter((a) => !conflicts.has(a.index));
    if (written.length > 0) {
      const summaries = await summariesOf(tx, written);
      // Found by tuple id (and checked by claim id): a row that is not where it was locked or
      // inserted — which the lock rules out — refuses the batch instead of being skipped.
      const updated = await tx.query<{ claim_id: string }>(
        `update ${s}.claims c
            set version = u.version, head_hash = u.head_hash, next_review_at = u.next_review_at, updated_at = now(),
                status = u.status, stage = u.stage, currency = u.currency, principal = u.principal,
                tags = array(select json_array_elements_text(u.tags)), invoice_date = u.invoice_date, due_date = u.due_date, unapplied = u.unapplied,
                open_principal = u.open_principal
           from unnest($1::text[], $2::integer[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::json[], $10::date[], $11::date[], $12::tid[], $13::numeric[], $14::numeric[])
             as u(claim_id, version, head_hash, next_review_at, status, stage, currency, principal, tags, invoice_date, due_date, tid, unapplied, open_principal)
          where c.ctid = u.tid and c.claim_id = u.claim_id
         returning c.claim_id`,
        [
          written.map((a) => a.request.claimId),
          written.map((a) => a.version),
          written.map((a) => a.headHash),
          written.map((a) => a.request.nextReviewAt),
          summaries.map((x) => x.status),
          summaries.map((x) => x.stage),
          summaries.map((x) => x.currency),
          summaries.map((x) => x.principal),
          summaries.map((x) => JSON.stringify(x.tags)),
          summaries.map((x) => x.invoiceDate),
          summaries.map((x) => x.dueDate),
          written.map((a) => tidOf.get(a.request.claimId)),
          summaries.map((x) => x.unapplied),
          summaries.map((x) => x.openPrincipal),
        ],
      );
      if (updated.length !== written.length) throw raced(`the row of ${written.length - updated.length} of the claims`);
      await insertEvents(tx, written.map((a) => a.request));
      await storeKeys(tx, written);
      await storePersonalData(tx, written.map((a) => a.request));
    }
    return requests.map((request, i): AppendManyOutcome => {
      const conflict = conflicts.get(i);
      return conflict === undefined
        ? { claimId: request.claimId, status: 'appended', version: request.expectedVersion + request.entries.length }
        : { claimId: request.claimId, status: 'conflict', error: conflict };
    });
  };

  /** The projection rows after the writes: as the writer passed them, of the entries of a new claim, or of the stream read back (one query for all). */
  const summariesOf = async (tx: SqlSession, written: readonly Accepted[]): Promise<ClaimSummary[]> => {
    const reread = written.filter((a) => a.request.summary === undefined && a.request.expectedVersion > 0).map((a) => a.request.claimId);
    const earlier = new Map<string, { event: ClaimEvent }[]>();
    if (reread.length > 0) {
      const rows = await tx.query<{ claim_id: string; event: string }>(
        `select claim_id, event::text as event from ${s}.claim_events where claim_id = any($1::text[]) order by claim_id, seq`,
        [reread],
      );
      for (const r of rows) {
        const list = earlier.get(r.claim_id) ?? [];
        list.push({ event: JSON.parse(r.event) as ClaimEvent });
        earlier.set(r.claim_id, list);
      }
    }
    return written.map(
      ({ request, version }) =>
        request.summary ??
        summarizeClaim({
          claimId: request.claimId,
          debtorId: request.debtorId,
          version,
          nextReviewAt: request.nextReviewAt,
          entries: [...(earlier.get(request.claimId) ?? []), ...request.entries],
        }),
    );
  };

  const insertEvents = async (tx: SqlSession, requests: readonly AppendRequest[]): Promise<void> => {
    const rows = requests.flatMap((r) => r.entries.map((entry) => ({ claimId: r.claimId, entry })));
    if (rows.length === 0) return;
    // The events go as one JSON array, not as a json[] parameter: the array literal would escape
    // every quote of every event again (most of the client's cost of this statement), while
    // json_array_elements hands back each element's text exactly as JSON.stringify wrote it —
    // the same text `JSON.stringify(event)` gives. ROWS FROM zips it with the columns, in order.
    await tx.query(
      `insert into ${s}.claim_events (claim_id, seq, type, business_date, prev_hash, hash, event)
       select * from rows from (unnest($1::text[]), unnest($2::integer[]), unnest($3::text[]), unnest($4::date[]), unnest($5::text[]), unnest($6::text[]), json_array_elements($7::json))`,
      [
        rows.map((x) => x.claimId),
        rows.map((x) => x.entry.seq),
        rows.map((x) => x.entry.event.type),
        rows.map((x) => x.entry.event.date),
        rows.map((x) => x.entry.prevHash),
        rows.map((x) => x.entry.hash),
        JSON.stringify(rows.map((x) => x.entry.event)),
      ],
    );
  };

  /** A write that raced past the checks (another transaction stored the same id or key first): the whole batch is refused. */
  const raced = (what: string): ConflictError =>
    new ConflictError(`append: ${what} was stored by another write at the same moment; nothing of this write was stored — load the claims again and retry.`, {
      field: 'expectedVersion',
      retryable: true,
    });

  /** Inserts the requests' outbox rows in order, skipping ids already stored; the ids inserted. */
  const insertOutbox = async (tx: SqlSession, accepted: readonly Accepted[]): Promise<Set<string>> => {
    const m = accepted.flatMap((a) => a.request.outbox ?? []);
    if (m.length === 0) return new Set();
    const inserted = await tx.query<{ id: string }>(
      `insert into ${s}.outbox (id, claim_id, debtor_id, channel, fallback_channel, template, not_before, business_date, status, attempts)
       select id, claim_id, debtor_id, channel, fallback_channel, template, not_before, business_date, status, attempts from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::integer[])
         with ordinality as t(id, claim_id, debtor_id, channel, fallback_channel, template, not_before, business_date, status, attempts, n)
       order by n
       on conflict (id) do nothing
       returning id`,
      [
        m.map((x) => x.id),
        m.map((x) => x.claimId),
        m.map((x) => x.debtorId),
        m.map((x) => x.channel),
        m.map((x) => x.fallbackChannel ?? null),
        m.map((x) => x.template),
        m.map((x) => x.notBefore ?? null),
        m.map((x) => x.date),
        m.map((x) => x.status),
        m.map((x) => x.attempts),
      ],
    );
    return new Set(inserted.map((r) => r.id));
  };

  const storeKeys = async (tx: SqlSession, written: readonly Accepted[]): Promise<void> => {
    const keyed = written.filter((a) => a.request.idempotencyKey !== undefined);
    if (keyed.length === 0) return;
    const rows = await tx.query<{ key: string }>(
      `insert into ${s}.idempotency_keys (key, claim_id, version, fingerprint)
       select * from unnest($1::text[], $2::text[], $3::integer[], $4::text[]) on conflict (key) do nothing returning key`,
      [keyed.map((a) => a.request.idempotencyKey), keyed.map((a) => a.request.claimId), keyed.map((a) => a.version), keyed.map((a) => a.request.idempotencyFingerprint ?? null)],
    );
    if (rows.length !== keyed.length) {
      const got = new Set(rows.map((r) => r.key));
      throw raced(`idempotency key "${keyed.find((a) => !got.has(a.request.idempotencyKey ?? ''))?.request.idempotencyKey}"`);
    }
  };

  const storePersonalData = async (tx: SqlSession, requests: readonly AppendRequest[]): Promise<void> => {
    const records = requests.flatMap((r) => (r.personalData === undefined ? [] : [r.personalData]));
    if (records.length === 0) return;
    await tx.query(
      `insert into ${s}.personal_data (claim_id, debtor_id, data, salt, commitment)
       select * from unnest($1::text[], $2::text[], $3::json[], $4::text[], $5::text[])`,
      [records.map((p) => p.claimId), records.map((p) => p.debtorId), records.map((p) => JSON.stringify(p.data)), records.map((p) => p.salt), records.map((p) => p.commitment)],
    );
  };

  const writeSummary = async (tx: SqlSession, summary: ClaimSummary): Promise<void> => {
    await tx.query(
      `update ${s}.claims set status = $2, stage = $3, currency = $4, principal = $5::numeric, tags = $6::text[], invoice_date = $7::date, due_date = $8::date,
              unapplied = $9::numeric, open_principal = $10::numeric
        where claim_id = $1`,
      summaryParams(summary),
    );
  };

  /**
   * Fills in the projection of claims written before migration 4 (status still null), before
   * migration 10 (`unapplied` still null) or before migration 12 (`open_principal` still null), in
   * batches: `summarizeClaim` of each claim's ledger, the same figures a write stores.
   */
  const backfillSummaries = async (): Promise<void> => {
    for (;;) {
      const ids = await driver.query<{ claim_id: string }>(
        `select claim_id from ${s}.claims where status is null or unapplied is null or open_principal is null order by claim_id limit 200`,
      );
      if (ids.length === 0) return;
      for (const { claim_id: claimId } of ids) {
        await driver.transaction(async (tx) => {
          const heads = await tx.query<{ debtor_id: string; version: number; next_review_at: string | null }>(
            `select debtor_id, version, to_char(next_review_at, 'YYYY-MM-DD') as next_review_at from ${s}.claims where claim_id = $1 for update`,
            [claimId],
          );
          const head = heads[0];
          if (head === undefined) return;
          const events = await tx.query<{ event: string }>(`select event::text as event from ${s}.claim_events where claim_id = $1 order by seq`, [claimId]);
          await writeSummary(
            tx,
            summarizeClaim({
              claimId,
              debtorId: head.debtor_id,
              version: head.version,
              nextReviewAt: head.next_review_at as IsoDate | null,
              entries: events.map((r) => ({ event: JSON.parse(r.event) as ClaimEvent })),
            }),
          );
        });
      }
    }
  };

  /** Runs a checked batch in one transaction; a unique violation (a writer that slipped past the checks) refuses it as a retryable conflict. */
  const appendBatch = async (requests: readonly AppendRequest[], what: string): Promise<AppendManyOutcome[]> => {
    if (requests.length === 0) return [];
    try {
      return await driver.transaction((tx) => writeBatch(tx, requests));
    } catch (error) {
      if (sqlState(error) === '23505') {
        throw new ConflictError(`${what}: another write stored the same entries first; nothing was stored — load the claims again.`, {
          field: 'expectedVersion',
          retryable: true,
          cause: error,
        });
      }
      throw wrapDatabaseError(error, what);
    }
  };

  const append = async (request: AppendRequest): Promise<{ version: number }> => {
    checkAppendRequest(request);
    const [outcome] = await appendBatch([request], `append to claim "${request.claimId}"`);
    if (outcome === undefined || outcome.status === 'conflict') throw outcome?.error ?? conflictOnVersion(request, 0, false);
    return { version: outcome.version };
  };

  const appendMany = async (requests: readonly AppendRequest[]): Promise<readonly AppendManyOutcome[]> => {
    checkAppendBatch(requests);
    return appendBatch(requests, `append to ${requests.length} claims`);
  };

  const loadMany = (claimIds: readonly string[]): Promise<(StoredClaim | null)[]> =>
    guarded(claimIds.length === 1 ? `load claim "${claimIds[0]}"` : `load ${claimIds.length} claims`, async () => {
      if (!Array.isArray(claimIds)) throw new ValidationError('claimIds: expected a list of claim ids.', { field: 'claimIds' });
      if (claimIds.length === 0) return [];
      const ids = [...claimIds];
      const heads = await driver.query<{ claim_id: string; debtor_id: string; version: number; next_review_at: string | null }>(
        `select claim_id, debtor_id, version, to_char(next_review_at, 'YYYY-MM-DD') as next_review_at from ${s}.claims where claim_id = any($1::text[])`,
        [ids],
      );
      if (heads.length === 0) return ids.map(() => null);
      // Only the entries up to each head's version: a write committed between the two reads is not half-seen.
      const rows = await driver.query<{ claim_id: string; seq: number; prev_hash: string; hash: string; event: string }>(
        `select e.claim_id, e.seq, e.prev_hash, e.hash, e.event::text as event
           from ${s}.claim_events e join unnest($1::text[], $2::integer[]) as h(claim_id, version) on e.claim_id = h.claim_id and e.seq < h.version
          order by e.claim_id, e.seq`,
        [heads.map((h) => h.claim_id), heads.map((h) => h.version)],
      );
      const entriesOf = new Map<string, AuditEntry<ClaimEvent>[]>();
      for (const r of rows) {
        const list = entriesOf.get(r.claim_id) ?? [];
        list.push({ seq: r.seq, event: JSON.parse(r.event) as ClaimEvent, prevHash: r.prev_hash, hash: r.hash });
        entriesOf.set(r.claim_id, list);
      }
      const personal = await driver.query<{ claim_id: string; debtor_id: string; data: string | null; salt: string | null; commitment: string; erased_at: string | null }>(
        `select claim_id, debtor_id, data::text as data, salt, commitment, erased_at from ${s}.personal_data where claim_id = any($1::text[])`,
        [heads.map((h) => h.claim_id)],
      );
      const personalOf = new Map(personal.map((p) => [p.claim_id, p]));
      const byId = new Map(
        heads.map((head) => {
          const claimId = head.claim_id;
          const claim: StoredClaim = {
            claimId,
            debtorId: head.debtor_id,
            version: head.version,
            entries: entriesOf.get(claimId) ?? [],
            nextReviewAt: head.next_review_at as IsoDate | null,
          };
          const p = personalOf.get(claimId);
          if (p === undefined) return [claimId, claim] as const;
          const holding: PersonalDataHolding =
            p.data === null || p.salt === null
              ? { status: 'erased', claimId, debtorId: p.debtor_id, commitment: p.commitment, erasedAt: p.erased_at ?? '' }
              : { status: 'held', record: { claimId, debtorId: p.debtor_id, data: JSON.parse(p.data) as PersonalData, salt: p.salt, commitment: p.commitment } };
          return [claimId, { ...claim, personalData: holding }] as const;
        }),
      );
      return ids.map((id) => byId.get(id) ?? null);
    });

  const contactsSinceMany = (debtorIds: readonly string[], since: IsoDate): Promise<OutboxMessage[]> =>
    guarded(debtorIds.length === 1 ? `contacts of debtor "${debtorIds[0]}"` : `contacts of ${debtorIds.length} debtors`, async () => {
      parseIsoDate(since, 'since');
      if (!Array.isArray(debtorIds)) throw new ValidationError('debtorIds: expected a list of debtor ids.', { field: 'debtorIds' });
      const rows = await driver.query<OutboxRow>(
        `select ${outboxColumns} from ${s}.outbox where debtor_id = any($1::text[]) and business_date >= $2::date order by business_date, position`,
        [[...debtorIds], since],
      );
      return rows.map(toMessage);
    });

  /**
   * Records checked outcomes of leased attempts with one statement (`completeOutbox` and
   * `completeOutboxMany` alike): each row only while its attempt holds the lease and the message is
   * pending; the answer per attempt in the order given.
   */
  const completeAttempts = async (completions: readonly OutboxCompletion[], retryAt: readonly (number | undefined)[]): Promise<boolean[]> => {
    if (completions.length === 0) return [];
    const rows = await driver.query<{ attempt_id: string }>(
      `update ${s}.outbox o
          set status = v.status, lease_owner = null, attempt_id = null, lease_until = v.lease_until,
              unknown_on = coalesce(v.unknown_on, o.unknown_on), attempts = o.attempts - v.uncounted, updated_at = now()
         from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::integer[], $6::text[]) as v(attempt_id, status, lease_until, unknown_on, uncounted, id)
        where o.id = v.id and o.attempt_id = v.attempt_id and o.status = 'pending'
       returning v.attempt_id`,
      [
        completions.map((c) => c.attemptId),
        completions.map((c) => (c.outcome.status === 'sent' || c.outcome.status === 'failed' ? c.outcome.status : 'pending')),
        retryAt.map((ms) => (ms === undefined ? null : new Date(ms).toISOString())),
        completions.map((c) => (c.outcome.status === 'unknown' ? c.outcome.channel : null)),
        completions.map((c) => (c.outcome.status === 'released' ? 1 : 0)),
        completions.map((c) => messageIdOf(c.attemptId)),
      ],
    );
    const done = new Set(rows.map((r) => r.attempt_id));
    return completions.map((c) => done.has(c.attemptId));
  };

  /**
   * `reopenOutbox` (from `failed`) and `reopenSentOutbox` (from `sent`): one conditional `update … where
   * status = $2 … returning`, check and write in one statement. The row lock orders concurrent calls: the
   * one that waited re-reads the row, finds it pending and changes nothing (false). `attempts` and the id
   * stay as they were; lease, retry time and unknown outcome are cleared. The read of the row tells an
   * unknown id (refused) from one that is not in `from` (false).
   */
  const reopen = (id: string, from: 'failed' | 'sent'): Promise<boolean> =>
    guarded(`${from === 'sent' ? 'reopen sent' : 'reopen'} outbox message "${id}"`, async () => {
      if (typeof id !== 'string') throw new ValidationError(`id: expected an outbox message id, got ${typeof id}.`, { field: 'id' });
      const rows = await driver.query<{ reopened: boolean }>(
        `with target as (select id from ${s}.outbox where id = $1),
              reopened as (
                update ${s}.outbox o
                   set status = 'pending', lease_owner = null, lease_until = null, attempt_id = null, unknown_on = null, updated_at = now()
                  from target
                 where o.id = target.id and o.status = $2::text
                returning o.id
              )
         select exists (select 1 from reopened) as reopened from target`,
        [id, from],
      );
      const row = rows[0];
      if (row === undefined) {
        throw new ValidationError(`id: no outbox message "${id}" is stored; reopen only ids the store holds.`, { field: 'id' });
      }
      return row.reopened;
    });

  return {
    specificationVersion: 'v1',
    driver,
    schema,
    migrate: async () => {
      const result = await runMigrations(driver, schema);
      await guarded('fill in the claim query projection', backfillSummaries);
      return result;
    },

    load: async (claimId) => (await loadMany([claimId]))[0] ?? null,

    loadMany,

    append,

    appendMany,

    listDue: (date, listOptions = {}) =>
      guarded(`list claims due on ${date}`, async () => {
        parseIsoDate(date, 'date');
        const limit = listOptions.limit === undefined ? null : checkCount(listOptions.limit, 'limit');
        const cursor = listOptions.cursor;
        if (cursor !== undefined && typeof cursor !== 'string') {
          throw new ValidationError(`cursor: expected the last claim id of the previous page, got ${typeof cursor}.`, { field: 'cursor' });
        }
        const rows = await driver.query<{ claim_id: string }>(
          `select claim_id from ${s}.claims where next_review_at <= $1::date and ($2::text is null or claim_id > $2::text) order by claim_id limit $3`,
          [date, cursor ?? null, limit],
        );
        return rows.map((r) => r.claim_id);
      }),

    findByIdempotencyKey: (key) =>
      guarded(`find idempotency key "${key}"`, async () => {
        const rows = await driver.query<{ claim_id: string; version: number; fingerprint: string | null }>(
          `select claim_id, version, fingerprint from ${s}.idempotency_keys where key = $1`,
          [key],
        );
        const row = rows[0];
        if (row === undefined) return null;
        return { claimId: row.claim_id, version: row.version, ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }) };
      }),

    contactsSince: (debtorId, since) => contactsSinceMany([debtorId], since),

    contactsSinceMany,

    pendingOutbox: (pendingOptions = {}) =>
      guarded('read the pending outbox', async () => {
        const limit = pendingOptions.limit === undefined ? null : checkCount(pendingOptions.limit, 'limit');
        const rows = await driver.query<OutboxRow>(`select ${outboxColumns} from ${s}.outbox where status = 'pending' order by position limit $1`, [limit]);
        return rows.map(toMessage);
      }),

    markOutbox: (id, status) =>
      guarded(`mark outbox message "${id}"`, async () => {
        if (status !== 'pending' && status !== 'sent' && status !== 'failed') {
          throw new ValidationError(`status: expected "pending", "sent" or "failed", got ${JSON.stringify(status)}.`, { field: 'status' });
        }
        const rows = await driver.query(`update ${s}.outbox set status = $2, attempts = attempts + 1, updated_at = now() where id = $1 returning id`, [id, status]);
        if (rows.length === 0) {
          throw new ValidationError(`id: no outbox message "${id}" is stored; mark only ids that pendingOutbox returned.`, { field: 'id' });
        }
      }),

    reopenOutbox: (id) => reopen(id, 'failed'),

    reopenSentOutbox: (id) => reopen(id, 'sent'),

    leaseOutbox: (options) =>
      guarded('lease outbox messages', async () => {
        const { nowMs, leaseMs, limit } = checkLeaseOptions(options);
        const now = new Date(nowMs).toISOString();
        const until = new Date(nowMs + leaseMs).toISOString();
        // Rows another transaction is leasing right now are skipped, not waited for; a row leased
        // and committed meanwhile is re-checked against the WHERE clause and dropped. The locked
        // rows are updated by their tuple id (no second lookup in the primary key); a row changed
        // and committed after this statement began is locked in its newest version, which the
        // update does not see: it is left for the next lease, not leased twice.
        const rows = await driver.query<OutboxRow & { position: string; attempt_id: string; unknown_on: string | null }>(
          `with free as (
             select ctid from ${s}.outbox
             where status = 'pending' and (lease_until is null or lease_until <= $1::timestamptz)
             order by position
             limit $4
             for update skip locked
           )
           update ${s}.outbox o
              set lease_owner = $2, lease_until = $3::timestamptz, attempts = o.attempts + 1,
                  attempt_id = o.id || '#' || (o.attempts + 1), updated_at = now()
             from free
            where o.ctid = free.ctid
           returning o.position::text as position, o.attempt_id, o.unknown_on, ${outboxColumnsOf('o')}`,
          [now, options.owner, until, limit ?? null],
        );
        rows.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
        return rows.map(
          (r): OutboxLease => ({ message: toMessage(r), attemptId: r.attempt_id, leaseUntil: until, ...(r.unknown_on === null ? {} : { unknownOn: r.unknown_on }) }),
        );
      }),

    eraseDebtor: (debtorId, erasedAt) =>
      guarded(`erase the personal data of debtor "${debtorId}"`, async () => {
        if (typeof debtorId !== 'string' || debtorId === '') throw new ValidationError('debtorId: expected a non-empty string.', { field: 'debtorId' });
        if (typeof erasedAt !== 'string' || erasedAt === '') throw new ValidationError('erasedAt: expected an ISO 8601 instant.', { field: 'erasedAt' });
        return driver.transaction(async (tx) => {
          const rows = await tx.query<{ claim_id: string }>(
            `update ${s}.personal_data set data = null, salt = null, erased_at = $2 where debtor_id = $1 and data is not null returning claim_id`,
            [debtorId, erasedAt],
          );
          // The create-claim fingerprints hash the personal data: forget them, keep the keys.
          await tx.query(
            `update ${s}.idempotency_keys set fingerprint = null
              where fingerprint like 'create-claim:%' and claim_id in (select claim_id from ${s}.claims where debtor_id = $1)`,
            [debtorId],
          );
          return { erased: rows.map((r) => r.claim_id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
        });
      }),

    debtorClaimIds: (debtorId) =>
      guarded(`list the claims of debtor "${debtorId}"`, async () => {
        const rows = await driver.query<{ claim_id: string }>(`select claim_id from ${s}.claims where debtor_id = $1 order by claim_id`, [debtorId]);
        return rows.map((r) => r.claim_id);
      }),

    completeOutbox: (attemptId, outcome) =>
      guarded(`record attempt "${attemptId}"`, async () => {
        const { retryAtMs } = checkOutboxOutcome(outcome);
        return (await completeAttempts([{ attemptId, outcome }], [retryAtMs]))[0] === true;
      }),

    completeOutboxMany: (completions) =>
      guarded(`record ${Array.isArray(completions) ? completions.length : 0} attempts`, async () => {
        const retryAt = checkOutboxCompletions(completions);
        return completeAttempts(completions, retryAt);
      }),

    queryClaims: (query = {}) =>
      guarded('query claims', async () => {
        const q = checkClaimQuery(query);
        const params: unknown[] = [];
        const where = filterSql(q, params);
        const { column, type } = sortColumn(q);
        const direction = q.order === 'asc' ? 'asc' : 'desc';
        if (q.after !== undefined) {
          const after = q.order === 'asc' ? '>' : '<';
          if (column === 'claim_id') {
            params.push(q.after.claimId);
            where.push(`c.claim_id ${after} $${params.length}::text`);
          } else {
            params.push(q.after.key, q.after.claimId);
            where.push(`(c.${column}, c.claim_id) ${after} ($${params.length - 1}::${type}, $${params.length}::text)`);
          }
        }
        params.push(q.limit + 1);
        // Qualified: the select list has columns of the same names (principal::text, to_char(due_date)), which ORDER BY would take first.
        const order = column === 'claim_id' ? `c.claim_id ${direction}` : `c.${column} ${direction}, c.claim_id ${direction}`;
        const rows = await driver.query<SummaryRow>(
          `select ${summaryColumns} from ${s}.claims c where ${where.join(' and ')} order by ${order} limit $${params.length}`,
          params,
        );
        const claims = rows.slice(0, q.limit).map(toSummary);
        const last = claims[claims.length - 1];
        return { claims, nextCursor: rows.length > q.limit && last !== undefined ? encodeClaimCursor(q, last) : null };
      }),

    claimTotals: (filter = {}) =>
      guarded('sum claims', async () => {
        const f = checkClaimFilter(filter);
        const params: unknown[] = [];
        const where = filterSql(f, params);
        const rows = await driver.query<{ status: ClaimStatus; stage: string | null; currency: string; count: number; amount: string; open_principal: string }>(
          `select status, stage, currency, count(*)::integer as count, sum(principal)::text as amount,
                  sum(open_principal)::text as open_principal from ${s}.claims
            where ${where.join(' and ')} group by status, stage, currency`,
          params,
        );
        return rows
          .map(
            (r): ClaimTotal => ({
              status: r.status,
              stage: r.stage,
              currency: r.currency,
              count: Number(r.count),
              amount: totalAmountString(r.amount, r.currency),
              openPrincipal: totalAmountString(r.open_principal, r.currency),
            }),
          )
          .sort(compareTotals);
      }),

    unappliedTotals: (filter = {}) =>
      guarded('sum the money claims hold beyond what they owed', async () => {
        const f = checkClaimFilter(filter);
        const params: unknown[] = [];
        const where = [...filterSql(f, params), 'unapplied > 0'];
        const rows = await driver.query<{ currency: string; count: number; amount: string }>(
          `select currency, count(*)::integer as count, sum(unapplied)::text as amount from ${s}.claims
            where ${where.join(' and ')} group by currency`,
          params,
        );
        return rows
          .map((r): UnappliedTotal => ({ currency: r.currency, count: Number(r.count), amount: totalAmountString(r.amount, r.currency) }))
          .sort((a, b) => compareText(a.currency, b.currency));
      }),

    lastRunDay: () =>
      guarded('read the last day run', async () => {
        const rows = await driver.query<{ day: string }>(`select to_char(day, 'YYYY-MM-DD') as day from ${s}.last_run_day`);
        return (rows[0]?.day ?? null) as IsoDate | null;
      }),

    recordRunDay: (day) =>
      guarded(`record ${String(day)} as the last day run`, async () => {
        const checked = parseIsoDate(day, 'day');
        // One statement: the later of the stored day and this one stays, also under concurrent records.
        await driver.query(
          `insert into ${s}.last_run_day (singleton, day) values (true, $1::date)
            on conflict (singleton) do update set day = excluded.day, recorded_at = now() where ${s}.last_run_day.day < excluded.day`,
          [checked],
        );
      }),

    outboxTotals: () =>
      guarded('count outbox messages', async () => {
        const rows = await driver.query<{ template: string; channel: string; status: OutboxTotal['status']; count: number }>(
          `select template, channel, status, count(*)::integer as count from ${s}.outbox group by template, channel, status`,
        );
        return rows
          .map((r): OutboxTotal => ({ template: r.template, channel: r.channel, status: r.status, count: Number(r.count) }))
          .sort((a, b) => compareText(a.template, b.template) || compareText(a.channel, b.channel) || compareText(a.status, b.status));
      }),
  };
}
