import { MahnwerkError, ValidationError } from '@mahnwerk/core';
import { wrapDatabaseError, type SqlDriver } from './driver.js';
import { lastRunDayMigration } from './migration-last-run-day.js';
import { openPrincipalMigration } from './migration-open-principal.js';

/** One versioned step of the schema. */
export interface Migration {
  /** 1, 2, 3 … in the order they run. */
  readonly version: number;
  /** What it does, in a few words. */
  readonly name: string;
  /** The statements, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

/**
 * The schema, version by version. A released migration never changes; a change is a new one.
 *
 * - `claims`: one row per claim — the stream head (version, hash of the last entry) and the
 *   projection queries use (next review date, debtor); the row lock of `update … where version = $expected`
 *   is the optimistic concurrency check.
 * - `claim_events`: the per-claim event streams, `(claim_id, seq)` unique; the event JSON kept as
 *   written (`json`, not `jsonb`, so key order, whitespace and number spelling come back unchanged).
 * - `idempotency_keys`: a command's key, the claim and version its write produced, and its fingerprint.
 * - `outbox`: messages written in the same transaction as their decision; `position` keeps write order.
 *   Version 2 adds the lease: owner, expiry (or retry time), the attempt holding it, and the channel
 *   of an attempt whose outcome is unknown.
 * - `personal_data` (version 3): a claim's personal data (name, e-mail, phone, address) kept apart
 *   from its events, with the salt of the commitment its `claim-created` event records; erasure
 *   sets `data` and `salt` to null and keeps the tombstone (`erased_at`, commitment).
 * - Version 4 adds the query projection to `claims` (`summarizeClaim` of the claim after its latest
 *   write): status, stage, currency, principal (`numeric`, exact), tags, invoice and due date, with
 *   indexes for the filters and sort orders of `queryClaims`. Rows written before it are filled in
 *   by the store's `migrate()` (the projection needs the ledger, which SQL cannot fold).
 * - Version 5 drops the foreign keys of `claim_events` and `outbox` on `claims`. They were checked
 *   row by row (a lookup and a key-share lock of the claim's row per event and message): ~70 % of
 *   the server's time to insert a day's events. The store's one write path keeps what they
 *   promised: `writeBatch` locks each claim's row (`for update`) or inserts it in the same
 *   transaction in which it writes the claim's events and messages (a request refused after its
 *   messages were inserted has them deleted again before the commit), and no path deletes a claim, so
 *   every event and outbox row has its claim (the conformance suite reads the tables to check it).
 *   A row written past the store by hand is not loaded (`load` reads the entries up to the
 *   claim's version) and a stream rewritten that way fails `verify`.
 * - Version 6 sets `fillfactor = 80` on `claims`: pages written from then on keep a fifth free, so
 *   the next version of a row fits on its own page. A write that changes no indexed column (a
 *   delivery's events: version and head hash only) is then a heap-only update that writes none of
 *   the table's 8 indexes; without the room it moved the row to another page and wrote all of
 *   them. Pages written before keep their fill until rewritten (`vacuum full`, `cluster`).
 * - Version 7 drops the unique index on `outbox.attempt_id`. An attempt id is
 *   `<message id>#<attempt number>` (`leaseOutbox` makes it), so it is unique because the message
 *   id is; the outcome of an attempt finds its row by the message id (unique index) and compares
 *   the attempt id. A lease then writes one index fewer.
 * - Version 8 sets `fillfactor = 50` on `outbox`: a message is leased shortly after its row was
 *   written, and the lease changes no indexed column (owner, expiry, attempt), so with room on the
 *   page it is a heap-only update that writes none of the outbox's indexes; written full, each
 *   lease moved the row and wrote all of them. Its outcome changes `status` (the pending index's
 *   condition) and so still writes them.
 * - Version 9 makes the message id the outbox's primary key (in place of its unique constraint)
 *   and drops the index on `position`: nothing looks a row up by its position (the pending index
 *   orders the lease, the rest sort what they read), and the identity column keeps it unique and
 *   in write order. Writing a message and recording its outcome then write one index fewer.
 * - Version 10 adds `unapplied` to the query projection of `claims`: what the claim holds beyond
 *   what it owed (an overpayment owed back to the debtor; `summarizeClaim`'s figure, core's
 *   `unappliedMoneyOf`), `numeric`, exact, written with the rest of the projection. A partial
 *   index on the claims holding money (`unapplied > 0`, by currency and claim id) answers
 *   `queryClaims({ holdsUnapplied: true })` and `unappliedTotals` without reading the other rows.
 *   Rows written before it have `unapplied` null and are filled in by the store's `migrate()`, as
 *   those of version 4 were: the index of unprojected rows now covers both (`status is null or
 *   unapplied is null`). A row's figure changes only with a payment or a reversal, so the other
 *   writes (a delivery's events) stay heap-only updates.
 * - Version 11 (`migration-last-run-day.ts`) adds `last_run_day`: one row with the last day a daily
 *   run was done for, which `runDue` refuses to go back before.
 * - Version 12 (`migration-open-principal.ts`) adds `open_principal` to the query projection of
 *   `claims`: the principal still open after payments, credit notes and write-downs
 *   (`summarizeClaim`'s figure, the principal of core's statement), filled in for rows written
 *   before it by the store's `migrate()`, as version 10's `unapplied` was.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'claims, claim events, idempotency keys, outbox',
    sql: (s) => `
      create table ${s}.claims (
        claim_id text collate "C" primary key,
        debtor_id text not null,
        version integer not null check (version > 0),
        head_hash text not null,
        next_review_at date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index claims_next_review_at on ${s}.claims (next_review_at, claim_id) where next_review_at is not null;
      create index claims_debtor_id on ${s}.claims (debtor_id);

      create table ${s}.claim_events (
        claim_id text collate "C" not null references ${s}.claims (claim_id),
        seq integer not null check (seq >= 0),
        type text not null,
        business_date date not null,
        prev_hash text not null,
        hash text not null,
        event json not null,
        recorded_at timestamptz not null default now(),
        primary key (claim_id, seq)
      );

      create table ${s}.idempotency_keys (
        key text primary key,
        claim_id text collate "C" not null references ${s}.claims (claim_id),
        version integer not null,
        fingerprint text,
        created_at timestamptz not null default now()
      );

      create table ${s}.outbox (
        position bigint generated always as identity primary key,
        id text not null unique,
        claim_id text collate "C" not null references ${s}.claims (claim_id),
        debtor_id text not null,
        channel text not null,
        fallback_channel text,
        template text not null,
        not_before text,
        business_date date not null,
        status text not null check (status in ('pending', 'sent', 'failed')),
        attempts integer not null default 0 check (attempts >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index outbox_pending on ${s}.outbox (position) where status = 'pending';
      create index outbox_debtor_date on ${s}.outbox (debtor_id, business_date);
    `,
  },
  {
    version: 2,
    name: 'outbox leases: owner, expiry or retry time, attempt id, unknown outcome',
    sql: (s) => `
      alter table ${s}.outbox
        add column lease_owner text,
        add column lease_until timestamptz,
        add column attempt_id text,
        add column unknown_on text;
      create unique index outbox_attempt_id on ${s}.outbox (attempt_id) where attempt_id is not null;
    `,
  },
  {
    version: 3,
    name: 'personal data kept apart from the events, erasable',
    sql: (s) => `
      create table ${s}.personal_data (
        claim_id text collate "C" primary key references ${s}.claims (claim_id),
        debtor_id text not null,
        data json,
        salt text,
        commitment text not null,
        erased_at text,
        created_at timestamptz not null default now(),
        check ((data is null) = (salt is null)),
        check ((data is null) = (erased_at is not null))
      );
      create index personal_data_debtor_id on ${s}.personal_data (debtor_id);
    `,
  },
  {
    version: 4,
    name: 'claim query projection: status, stage, currency, principal, tags, invoice and due date',
    sql: (s) => `
      alter table ${s}.claims
        add column status text,
        add column stage text,
        add column currency text,
        add column principal numeric,
        add column tags text[],
        add column invoice_date date,
        add column due_date date;
      create index claims_status_stage on ${s}.claims (status, stage);
      create index claims_due_date on ${s}.claims (due_date, claim_id);
      create index claims_principal on ${s}.claims (principal, claim_id);
      create index claims_tags on ${s}.claims using gin (tags);
      create index claims_unprojected on ${s}.claims (claim_id) where status is null;
    `,
  },
  {
    version: 5,
    name: 'no per-row foreign-key checks on claim events and outbox rows (the write path holds the claim row)',
    sql: (s) => `
      alter table ${s}.claim_events drop constraint if exists claim_events_claim_id_fkey;
      alter table ${s}.outbox drop constraint if exists outbox_claim_id_fkey;
    `,
  },
  {
    version: 6,
    name: 'claims pages keep room for the next versions of their rows (fillfactor 80): heap-only updates',
    sql: (s) => `
      alter table ${s}.claims set (fillfactor = 80);
    `,
  },
  {
    version: 7,
    name: 'no index on outbox attempt ids: an attempt is found by its message id, which it begins with',
    sql: (s) => `
      drop index if exists ${s}.outbox_attempt_id;
    `,
  },
  {
    version: 8,
    name: 'outbox pages keep room for the lease of their rows (fillfactor 50): heap-only lease updates',
    sql: (s) => `
      alter table ${s}.outbox set (fillfactor = 50);
    `,
  },
  {
    version: 9,
    name: 'outbox keyed by message id; write order kept by its identity column, without an index of its own',
    sql: (s) => `
      alter table ${s}.outbox drop constraint outbox_pkey;
      alter table ${s}.outbox drop constraint outbox_id_key, add constraint outbox_pkey primary key (id);
    `,
  },
  {
    version: 10,
    name: 'claim query projection: unapplied (money held beyond what the claim owed), indexed where above zero',
    sql: (s) => `
      alter table ${s}.claims add column unapplied numeric;
      create index claims_unapplied on ${s}.claims (currency, claim_id) where unapplied > 0;
      drop index if exists ${s}.claims_unprojected;
      create index claims_unprojected on ${s}.claims (claim_id) where status is null or unapplied is null;
    `,
  },
  lastRunDayMigration,
  openPrincipalMigration,
];

/** A schema name as a quoted SQL identifier; only letters, digits and `_` are accepted. @internal */
export function quoteSchema(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new ValidationError(`schema: "${schema}" is not a plain SQL identifier; use letters, digits and _ (at most 63, not starting with a digit).`, {
      field: 'schema',
    });
  }
  return `"${schema}"`;
}

/** What {@link migrate} did. */
export interface MigrationResult {
  /** The schema version before. */
  readonly from: number;
  /** The schema version after. */
  readonly to: number;
  /** The versions applied now, in order. */
  readonly applied: readonly number[];
}

/**
 * Brings the schema up to the newest version: the missing migrations in one transaction under an
 * advisory lock, so several processes may call it at start-up at once (one migrates, the others
 * wait and find nothing to do). A database newer than this package is refused.
 *
 * @param driver - the database
 * @param schema - the schema the tables live in (created if missing)
 * @returns the versions before and after, and those applied
 * @throws MahnwerkError `adapter_failed` when the database is newer than this package or fails
 */
export async function migrate(driver: SqlDriver, schema: string): Promise<MigrationResult> {
  const s = quoteSchema(schema);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  try {
    return await driver.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`mahnwerk.migrate.${schema}`]);
      await tx.query(`create schema if not exists ${s}`);
      await tx.query(
        `create table if not exists ${s}.schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
      );
      const rows = await tx.query<{ version: number }>(`select coalesce(max(version), 0)::integer as version from ${s}.schema_migrations`);
      const from = rows[0]?.version ?? 0;
      if (from > latest) {
        throw new MahnwerkError(
          'adapter_failed',
          `migrate: schema "${schema}" is at version ${from}, newer than this @mahnwerk/store-postgres knows (${latest}); upgrade the package instead of running an older one against it.`,
        );
      }
      const applied: number[] = [];
      for (const m of migrations) {
        if (m.version <= from) continue;
        await tx.exec(m.sql(s));
        await tx.query(`insert into ${s}.schema_migrations (version, name) values ($1, $2)`, [m.version, m.name]);
        applied.push(m.version);
      }
      return { from, to: Math.max(from, latest), applied };
    });
  } catch (error) {
    throw wrapDatabaseError(error, `migrate schema "${schema}"`);
  }
}
