import {
  checkAppendContinues,
  checkAppendRequest,
  checkCount,
  checkLeaseOptions,
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
  ConflictError,
  type OutboxLease,
  parseIsoDate,
  ValidationError,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxMessage,
  type PersonalData,
  type PersonalDataHolding,
  type StoredClaim,
} from '@mahnwerk/core';
import { sqlState, wrapDatabaseError, type SqlDriver, type SqlSession } from './driver.js';
import { migrate as runMigrations, quoteSchema, type MigrationResult } from './migrations.js';

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
}

const summaryColumns = `claim_id, debtor_id, status, stage, currency, principal::text as principal, tags,
  to_char(invoice_date, 'YYYY-MM-DD') as invoice_date, to_char(due_date, 'YYYY-MM-DD') as due_date,
  to_char(next_review_at, 'YYYY-MM-DD') as next_review_at, version`;

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
  };
}

/** The projection columns of a summary, as the parameters $2… of {@link writeSummarySql}. */
function summaryParams(x: ClaimSummary): unknown[] {
  return [x.claimId, x.status, x.stage, x.currency, x.principal, [...x.tags], x.invoiceDate, x.dueDate];
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
 * - `append` runs in one transaction: it locks the claim's row (`select … for update`), compares
 *   the version (a claim created concurrently is caught by its primary key), stores the
 *   idempotency key (`on conflict do nothing`), the events and outbox rows (`unnest` batches) and
 *   moves the stream head and `next_review_at` — all of it or nothing. A lost race, a used key or
 *   an outbox id already stored is a `ConflictError`.
 * - `append` also refreshes the claim's query projection (`summarizeClaim` of the ledger, read in the
 *   same transaction) in `claims`; `queryClaims` and `claimTotals` are SQL over it (keyset paging on
 *   the sort column and the claim id, sums in `numeric`), never a load of every claim.
 * - `listDue` reads the `claims` projection through its `next_review_at` index, ordered by claim
 *   id (`collate "C"`: byte order of UTF-8, i.e. code-point order), keyset-paged by the cursor.
 * - Events are kept as written (`json`), dates as `date`, amounts inside events as their decimal
 *   strings: nothing passes through a float.
 *
 * Database failures are wrapped in a `MahnwerkError` with code `adapter_failed` (retryable for lost
 * connections, serialisation failures and deadlocks) and the original error as `cause`.
 *
 * @param options - driver, schema and chain verification
 * @returns the store
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresClaimStore {
  const { driver } = options;
  const schema = options.schema ?? 'mahnwerk';
  const s = quoteSchema(schema);
  const verifyChain = options.verifyChain ?? true;

  const guarded = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw wrapDatabaseError(error, what);
    }
  };

  const insertEvents = async (tx: SqlSession, request: AppendRequest): Promise<void> => {
    if (request.entries.length === 0) return;
    const e = request.entries;
    await tx.query(
      `insert into ${s}.claim_events (claim_id, seq, type, business_date, prev_hash, hash, event)
       select $1, * from unnest($2::integer[], $3::text[], $4::date[], $5::text[], $6::text[], $7::json[])`,
      [
        request.claimId,
        e.map((x) => x.seq),
        e.map((x) => x.event.type),
        e.map((x) => x.event.date),
        e.map((x) => x.prevHash),
        e.map((x) => x.hash),
        e.map((x) => JSON.stringify(x.event)),
      ],
    );
  };

  const insertOutbox = async (tx: SqlSession, request: AppendRequest): Promise<void> => {
    const m = request.outbox ?? [];
    if (m.length === 0) return;
    const ids = new Set<string>();
    m.forEach((x, i) => {
      if (ids.has(x.id)) {
        throw new ConflictError(`append to claim "${request.claimId}": outbox message id "${x.id}" appears twice in one write; message ids must be unique.`, {
          field: `outbox[${i}].id`,
        });
      }
      ids.add(x.id);
    });
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
    if (inserted.length !== m.length) {
      const got = new Set(inserted.map((r) => r.id));
      const i = m.findIndex((x) => !got.has(x.id));
      throw new ConflictError(
        `append to claim "${request.claimId}": outbox message id "${m[i]?.id}" is already stored; message ids are the channels' idempotency keys and must be unique.`,
        { field: `outbox[${i}].id` },
      );
    }
  };

  const storeKey = async (tx: SqlSession, request: AppendRequest, version: number): Promise<void> => {
    const key = request.idempotencyKey;
    if (key === undefined) return;
    const rows = await tx.query(
      `insert into ${s}.idempotency_keys (key, claim_id, version, fingerprint) values ($1, $2, $3, $4) on conflict (key) do nothing returning key`,
      [key, request.claimId, version, request.idempotencyFingerprint ?? null],
    );
    if (rows.length === 0) {
      const used = await tx.query<{ claim_id: string; version: number }>(`select claim_id, version from ${s}.idempotency_keys where key = $1`, [key]);
      throw new ConflictError(
        `append to claim "${request.claimId}": idempotency key "${key}" was already used (claim "${used[0]?.claim_id}", version ${used[0]?.version}); ` +
          'the command already ran — look its result up with findByIdempotencyKey instead of writing again.',
        { field: 'idempotencyKey' },
      );
    }
  };

  const writeSummary = async (tx: SqlSession, summary: ClaimSummary): Promise<void> => {
    await tx.query(
      `update ${s}.claims set status = $2, stage = $3, currency = $4, principal = $5::numeric, tags = $6::text[], invoice_date = $7::date, due_date = $8::date
        where claim_id = $1`,
      summaryParams(summary),
    );
  };

  /** Fills in the projection of claims written before migration 4 (status still null), in batches. */
  const backfillSummaries = async (): Promise<void> => {
    for (;;) {
      const ids = await driver.query<{ claim_id: string }>(`select claim_id from ${s}.claims where status is null order by claim_id limit 200`);
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

  const append = async (request: AppendRequest): Promise<{ version: number }> => {
    checkAppendRequest(request);
    const version = request.expectedVersion + request.entries.length;
    const last = request.entries[request.entries.length - 1];
    try {
      return await driver.transaction(async (tx) => {
        if (request.expectedVersion === 0) {
          checkAppendContinues(request, undefined, verifyChain);
          const created = await tx.query(
            `insert into ${s}.claims (claim_id, debtor_id, version, head_hash, next_review_at) values ($1, $2, $3, $4, $5)
             on conflict (claim_id) do nothing returning claim_id`,
            [request.claimId, request.debtorId, version, last?.hash, request.nextReviewAt],
          );
          if (created.length === 0) {
            const held = await tx.query<{ version: number }>(`select version from ${s}.claims where claim_id = $1`, [request.claimId]);
            throw conflictOnVersion(request, held[0]?.version ?? 0, true);
          }
        } else {
          const heads = await tx.query<HeadRow>(`select version, debtor_id, head_hash from ${s}.claims where claim_id = $1 for update`, [request.claimId]);
          const head = heads[0];
          if (head === undefined || head.version !== request.expectedVersion) throw conflictOnVersion(request, head?.version ?? 0, head !== undefined);
          checkAppendContinues(request, { debtorId: head.debtor_id, headHash: head.head_hash }, verifyChain);
          await tx.query(`update ${s}.claims set version = $2, head_hash = $3, next_review_at = $4, updated_at = now() where claim_id = $1`, [
            request.claimId,
            version,
            last?.hash ?? head.head_hash,
            request.nextReviewAt,
          ]);
        }
        await storeKey(tx, request, version);
        const earlier =
          request.expectedVersion === 0
            ? []
            : (await tx.query<{ event: string }>(`select event::text as event from ${s}.claim_events where claim_id = $1 order by seq`, [request.claimId])).map(
                (r) => ({ event: JSON.parse(r.event) as ClaimEvent }),
              );
        await insertEvents(tx, request);
        await insertOutbox(tx, request);
        const personal = request.personalData;
        if (personal !== undefined) {
          await tx.query(`insert into ${s}.personal_data (claim_id, debtor_id, data, salt, commitment) values ($1, $2, $3::json, $4, $5)`, [
            personal.claimId,
            personal.debtorId,
            JSON.stringify(personal.data),
            personal.salt,
            personal.commitment,
          ]);
        }
        await writeSummary(
          tx,
          summarizeClaim({ claimId: request.claimId, debtorId: request.debtorId, version, nextReviewAt: request.nextReviewAt, entries: [...earlier, ...request.entries] }),
        );
        return { version };
      });
    } catch (error) {
      // A unique violation on the claim's events is a writer that slipped past the version check.
      if (sqlState(error) === '23505') {
        throw new ConflictError(`append to claim "${request.claimId}": another write stored the same entries first; load the claim again.`, {
          field: 'expectedVersion',
          retryable: true,
          cause: error,
        });
      }
      throw wrapDatabaseError(error, `append to claim "${request.claimId}"`);
    }
  };

  return {
    specificationVersion: 'v1',
    driver,
    schema,
    migrate: async () => {
      const result = await runMigrations(driver, schema);
      await guarded('fill in the claim query projection', backfillSummaries);
      return result;
    },

    load: (claimId) =>
      guarded(`load claim "${claimId}"`, async () => {
        const heads = await driver.query<{ debtor_id: string; version: number; next_review_at: string | null }>(
          `select debtor_id, version, to_char(next_review_at, 'YYYY-MM-DD') as next_review_at from ${s}.claims where claim_id = $1`,
          [claimId],
        );
        const head = heads[0];
        if (head === undefined) return null;
        const rows = await driver.query<{ seq: number; prev_hash: string; hash: string; event: string }>(
          `select seq, prev_hash, hash, event::text as event from ${s}.claim_events where claim_id = $1 and seq < $2 order by seq`,
          [claimId, head.version],
        );
        const entries: AuditEntry<ClaimEvent>[] = rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.event) as ClaimEvent, prevHash: r.prev_hash, hash: r.hash }));
        const claim: StoredClaim = { claimId, debtorId: head.debtor_id, version: head.version, entries, nextReviewAt: head.next_review_at as IsoDate | null };
        const personal = await driver.query<{ debtor_id: string; data: string | null; salt: string | null; commitment: string; erased_at: string | null }>(
          `select debtor_id, data::text as data, salt, commitment, erased_at from ${s}.personal_data where claim_id = $1`,
          [claimId],
        );
        const p = personal[0];
        if (p === undefined) return claim;
        const holding: PersonalDataHolding =
          p.data === null || p.salt === null
            ? { status: 'erased', claimId, debtorId: p.debtor_id, commitment: p.commitment, erasedAt: p.erased_at ?? '' }
            : { status: 'held', record: { claimId, debtorId: p.debtor_id, data: JSON.parse(p.data) as PersonalData, salt: p.salt, commitment: p.commitment } };
        return { ...claim, personalData: holding };
      }),

    append,

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

    contactsSince: (debtorId, since) =>
      guarded(`contacts of debtor "${debtorId}"`, async () => {
        parseIsoDate(since, 'since');
        const rows = await driver.query<OutboxRow>(
          `select ${outboxColumns} from ${s}.outbox where debtor_id = $1 and business_date >= $2::date order by business_date, position`,
          [debtorId, since],
        );
        return rows.map(toMessage);
      }),

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

    leaseOutbox: (options) =>
      guarded('lease outbox messages', async () => {
        const { nowMs, leaseMs, limit } = checkLeaseOptions(options);
        const now = new Date(nowMs).toISOString();
        const until = new Date(nowMs + leaseMs).toISOString();
        // Rows another transaction is leasing right now are skipped, not waited for; a row leased
        // and committed meanwhile is re-checked against the WHERE clause and dropped.
        const rows = await driver.query<OutboxRow & { position: string; attempt_id: string; unknown_on: string | null }>(
          `with free as (
             select position from ${s}.outbox
             where status = 'pending' and (lease_until is null or lease_until <= $1::timestamptz)
             order by position
             limit $4
             for update skip locked
           )
           update ${s}.outbox o
              set lease_owner = $2, lease_until = $3::timestamptz, attempts = o.attempts + 1,
                  attempt_id = o.id || '#' || (o.attempts + 1), updated_at = now()
             from free
            where o.position = free.position
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
        const final = outcome.status === 'sent' || outcome.status === 'failed';
        const rows = await driver.query(
          `update ${s}.outbox
              set status = $2, lease_owner = null, attempt_id = null, lease_until = $3::timestamptz,
                  unknown_on = coalesce($4, unknown_on), attempts = attempts - $5::integer, updated_at = now()
            where attempt_id = $1 and status = 'pending'
           returning id`,
          [
            attemptId,
            final ? outcome.status : 'pending',
            retryAtMs === undefined ? null : new Date(retryAtMs).toISOString(),
            outcome.status === 'unknown' ? outcome.channel : null,
            outcome.status === 'released' ? 1 : 0,
          ],
        );
        return rows.length === 1;
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
        const rows = await driver.query<{ status: ClaimStatus; stage: string | null; currency: string; count: number; amount: string }>(
          `select status, stage, currency, count(*)::integer as count, sum(principal)::text as amount from ${s}.claims
            where ${where.join(' and ')} group by status, stage, currency`,
          params,
        );
        return rows
          .map((r): ClaimTotal => ({ status: r.status, stage: r.stage, currency: r.currency, count: Number(r.count), amount: totalAmountString(r.amount, r.currency) }))
          .sort(compareTotals);
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
