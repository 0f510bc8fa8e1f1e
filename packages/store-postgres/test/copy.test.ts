import type { PGlite } from '@electric-sql/pglite';
import { createAuditAnchor, createMahnwerk, hmacCheckpointKey, MahnwerkError, verifyAnchoredStore, type Checkpoint, type ClaimFactsInput, type IsoDate } from '@mahnwerk/core';
import { createRecordingChannel } from '@mahnwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStoreCopy, copyStore, StoreCopyError } from '../src/copy.js';
import * as storeIndex from '../src/index.js';
import { pgliteDriver } from '../src/driver.js';
import { migrations } from '../src/migrations.js';
import { openPglite } from '../src/pglite.js';
import { createPostgresStore, type PostgresClaimStore } from '../src/store.js';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

/**
 * `copyStore`: moving a store from the embedded default to a server (or to another database) with
 * every claim's history. Checked against the source itself: every row of every table, read as the
 * database's JSON text in key order, must be byte for byte the same in the target; and a book
 * continued on the target must do on its next day exactly what the source does on that day — no
 * message already sent sent again, no fee charged twice.
 */

const KEY = hmacCheckpointKey('3c'.repeat(32), 'copy-test');
const latest = migrations[migrations.length - 1]?.version ?? 0;

function clockAt(date: IsoDate, time = '09:30') {
  const c = { date, time, today: () => c.date, now: () => `${c.date}T${c.time}:00+01:00` };
  return c;
}

const facts = (id: string, debtorId: string, name: string, principal: string): ClaimFactsInput => ({
  id,
  debtor: { id: debtorId, kind: 'consumer', name, email: `${debtorId.toLowerCase()}@example.org`, postalAddress: { street: 'Karl-Heine-Straße', houseNumber: '3', postalCode: '04109', city: 'Leipzig', country: 'DE' } },
  principal,
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
});

const channels = () => [createRecordingChannel('email'), createRecordingChannel('letter')];

/**
 * A book with something in every table: three claims (one created with an idempotency key) dunned
 * on 2025-02-20, a part payment, a debtor erased (tombstone), a host table with an identity column
 * and values of awkward types, and outbox messages decided at 21:00 (quiet hours: pending) of which
 * one has an unknown outcome (retry time, channel) leased again by a worker that vanished (expired lease).
 */
async function book(store: PostgresClaimStore) {
  const exported: Checkpoint[] = [];
  const clock = clockAt('2025-01-02');
  const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', channels: channels(), anchor: createAuditAnchor({ signer: KEY, onCheckpoint: (c) => void exported.push(c) }) });
  await mw.createClaim(facts('A', 'D-A', 'Jördis Käppler', '750.00'), { idempotencyKey: 'import:A' });
  await mw.createClaim(facts('B', 'D-B', 'Bruno Beispiel', '1234.50'));
  await mw.createClaim(facts('C', 'D-C', 'Clara Chen', '99.99'));
  clock.date = '2025-02-20';
  await mw.runDue('2025-02-20');
  await mw.recordPayment({ claimId: 'B', paymentId: 'P-1', amount: '100.01', date: '2025-02-18' });
  await mw.eraseDebtor('D-C');
  clock.date = '2025-03-20';
  clock.time = '21:00';
  await mw.runDue('2025-03-20');
  const pending = await store.pendingOutbox();
  // A worker of 2025 leased a message; the outcome of its attempt was unknown (retried with the same
  // key from 08:05); it leased it again at 08:10 and vanished: the lease ran out at 08:11.
  const lease = await store.leaseOutbox({ owner: 'worker-old', now: '2025-03-21T08:00:00+01:00', leaseSeconds: 60, limit: 1 });
  await store.completeOutbox(lease[0]?.attemptId ?? '', { status: 'unknown', channel: 'email', retryAt: '2025-03-21T08:05:00+01:00' });
  const again = await store.leaseOutbox({ owner: 'worker-old', now: '2025-03-21T08:10:00+01:00', leaseSeconds: 60, limit: 1 });
  const s = `"${store.schema}"`;
  await store.driver.exec(`
    create table ${s}.host_notes (id bigint generated always as identity primary key, amount numeric not null, at timestamptz, day date, tags text[], blob bytea, doc jsonb, raw json);
    insert into ${s}.host_notes (amount, at, day, tags, blob, doc, raw) values
      (0.10, '2025-03-20 21:00:00.123456+01', '2025-03-20', array['a', 'b "c"', null], '\\x00ff', '{"x": 1.50}', '{ "kept" : 1.50 }'),
      (12345678901234567890.123456789, null, 'infinity', '{}', null, null, null);`);
  return { mw, clock, exported, pending: pending.length, leases: lease.length + again.length };
}

/** Every row of every table of the store's schema as JSON text, in key order (timestamps in UTC). */
async function dump(store: PostgresClaimStore): Promise<Record<string, string[]>> {
  const s = `"${store.schema}"`;
  return store.driver.transaction(async (tx) => {
    await tx.query(`set local timezone to 'UTC'`);
    const tables = await tx.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by table_name`,
      [store.schema],
    );
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      // Ordered by the row's text: the same rows give the same list whatever their physical order.
      const rows = await tx.query<{ row: string }>(`select row_to_json(t)::text as row from ${s}."${name}" t order by row_to_json(t)::text collate "C"`);
      out[name] = rows.map((r) => r.row);
    }
    return out;
  });
}

async function counts(store: PostgresClaimStore, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await store.driver.query<{ n: string }>(`select count(*)::text as n from "${store.schema}"."${t}"`))[0]?.n);
  return out;
}

function copyChecks(open: () => Promise<{ source: PostgresClaimStore; target: () => Promise<PostgresClaimStore> }>): void {
  it('copies every table exactly (rows as JSON text equal to the source\'s), verifies the chains, and the target goes on where the source stood', async () => {
    const { source, target: newTarget } = await open();
    const target = await newTarget();
    const { exported, pending, leases } = await book(source);
    expect(pending).toBeGreaterThan(0);
    expect(leases).toBe(2);
    const tableNames = ['claims', 'claim_events', 'idempotency_keys', 'last_run_day', 'outbox', 'personal_data'];
    const before = await counts(source, tableNames);
    // The target needs the host's table too (copyStore copies every table of the schema, creates none).
    await target.driver.exec(
      `create table "${target.schema}".host_notes (id bigint generated always as identity primary key, amount numeric not null, at timestamptz, day date, tags text[], blob bytea, doc jsonb, raw json)`,
    );

    const report = await copyStore({ from: source, to: target, batchSize: 2 });

    expect(report.schemaVersion).toBe(latest);
    // By name, a table after those its foreign keys refer to (idempotency_keys and personal_data: claims).
    expect(report.tables.map((t) => t.table)).toEqual(['claim_events', 'claims', 'host_notes', 'idempotency_keys', 'last_run_day', 'outbox', 'personal_data']);
    for (const t of report.tables) if (t.table !== 'host_notes') expect(t.rows).toBe(before[t.table]);
    expect(report.claims).toBe(3);
    expect(report.entries).toBe(before['claim_events']);
    expect(await dump(target)).toEqual(await dump(source));
    // The last day run goes with the book (the book's second run, 2025-03-20): the target refuses an earlier day too.
    expect(await target.lastRunDay()).toBe('2025-03-20');

    // Spot checks by hand of what the book wrote: the principal as numeric with its two places, the
    // erased debtor's tombstone, the unknown outcome with its channel, the host table's values.
    const s = `"${target.schema}"`;
    expect(await target.driver.query(`select claim_id, principal::text as p from ${s}.claims order by claim_id`)).toEqual([
      { claim_id: 'A', p: '750.00' },
      { claim_id: 'B', p: '1234.50' },
      { claim_id: 'C', p: '99.99' },
    ]);
    expect(await target.driver.query(`select claim_id, data is null as erased from ${s}.personal_data order by claim_id`)).toEqual([
      { claim_id: 'A', erased: false },
      { claim_id: 'B', erased: false },
      { claim_id: 'C', erased: true },
    ]);
    expect(await target.driver.query(`select attempts, unknown_on, lease_owner, (lease_until at time zone 'UTC')::text as until from ${s}.outbox where unknown_on is not null`)).toEqual([
      { attempts: 2, unknown_on: 'email', lease_owner: 'worker-old', until: '2025-03-21 07:11:00' },
    ]);
    expect(await target.driver.query(`select amount::text as amount, (at at time zone 'UTC')::text as at, day::text as day, tags, encode(blob, 'hex') as blob, doc::text as doc, raw::text as raw from ${s}.host_notes order by id`)).toEqual([
      { amount: '0.10', at: '2025-03-20 20:00:00.123456', day: '2025-03-20', tags: ['a', 'b "c"', null], blob: '00ff', doc: '{"x": 1.50}', raw: '{ "kept" : 1.50 }' },
      { amount: '12345678901234567890.123456789', at: null, day: 'infinity', tags: [], blob: null, doc: null, raw: null },
    ]);
    expect(await target.findByIdempotencyKey('import:A')).toMatchObject({ claimId: 'A', version: 1 });
    // The checkpoints exported while the source was written verify the target.
    const anchored = await verifyAnchoredStore({ store: target, checkpoints: exported, verifier: KEY });
    expect(anchored.findings).toEqual([]);
    expect(anchored.claims).toBe(3);

    // The identity sequences stand where the source's stood: a new row comes after the copied ones.
    await target.driver.exec(`insert into ${s}.host_notes (amount) values (1)`);
    expect(await target.driver.query(`select max(id)::text as id from ${s}.host_notes`)).toEqual([{ id: '3' }]);
    await target.driver.exec(`delete from ${s}.host_notes where id = 3`);

    // Both go on to the next day the same way (source as the control): the same events, the same
    // messages handed to the channels, none of those already sent again, no fee charged twice.
    const next = async (store: PostgresClaimStore) => {
      const sent = channels();
      const mw = createMahnwerk({ store, clock: clockAt('2025-04-22'), policy: 'de-b2c-default', channels: sent });
      const result = await mw.runDue('2025-04-22');
      return {
        events: result.events.map((e) => `${e.claimId} ${e.type} ${e.date}`).sort(),
        sent: sent.flatMap((c) => c.sent.map((m) => m.id)).sort(),
      };
    };
    const [{ copied, last } = { copied: '', last: '' }] = await target.driver.query<{ copied: string; last: string }>(`select count(*)::text as copied, max(position)::text as last from ${s}.outbox`);
    const sentBefore = (await source.driver.query<{ id: string }>(`select id from "${source.schema}".outbox where status = 'sent'`)).map((r) => r.id);
    const onTarget = await next(target);
    const onSource = await next(source);
    expect(onTarget).toEqual(onSource);
    expect(onTarget.events.length).toBeGreaterThan(0);
    expect(onTarget.sent.filter((id) => sentBefore.includes(id))).toEqual([]);
    const fees = async (store: PostgresClaimStore) =>
      (await store.driver.query<{ n: string }>(`select count(*)::text as n from "${store.schema}".claim_events where type = 'fee-charged'`))[0]?.n;
    expect(await fees(target)).toBe(await fees(source));
    // Write order kept: every outbox row written on the target comes after the copied ones.
    expect(await target.driver.query(`select count(*)::text as n from ${s}.outbox where position <= $1::bigint`, [last])).toEqual([{ n: copied }]);
  });

  it('refuses a target that holds data, and one at another schema version — naming the store and writing nothing', async () => {
    const { source, target: newTarget } = await open();
    const mw = createMahnwerk({ store: source, clock: clockAt('2025-01-02'), policy: 'de-b2c-default', channels: channels() });
    await mw.createClaim(facts('A', 'D-A', 'Jördis Käppler', '750.00'));

    const filled = await newTarget();
    await createMahnwerk({ store: filled, clock: clockAt('2025-01-02'), policy: 'de-b2c-default', channels: channels() }).createClaim(facts('X', 'D-X', 'Xaver', '1.00'));
    const notEmpty = await copyStore({ from: source, to: filled }).catch((e: unknown) => e);
    expect(notEmpty).toBeInstanceOf(StoreCopyError);
    expect(notEmpty).toMatchObject({ reason: 'target-not-empty', code: 'conflict', field: 'to' });
    expect((notEmpty as Error).message).toMatch(/^to: schema ".*" of the target already holds data \(claim_events, claims, personal_data\); copy only into an empty store/);
    expect(await counts(filled, ['claims', 'claim_events'])).toEqual({ claims: 1, claim_events: 1 });

    const older = await newTarget();
    await older.driver.query(`delete from "${older.schema}".schema_migrations where version = $1`, [latest]);
    const version = await copyStore({ from: source, to: older }).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(version)).toBe(true);
    expect(version).toMatchObject({ reason: 'schema-version', code: 'invalid_input', field: 'to' });
    expect((version as Error).message).toContain(`the target is at schema version ${latest - 1}, the source at ${latest}`);
    await source.driver.query(`insert into "${source.schema}".schema_migrations (version, name) values ($1, 'from the future')`, [latest + 1]);
    const newer = await copyStore({ from: source, to: await newTarget() }).catch((e: unknown) => e);
    expect(newer).toMatchObject({ reason: 'schema-version', field: 'to' });
    await source.driver.query(`delete from "${source.schema}".schema_migrations where version = $1`, [latest + 1]);
    expect(await counts(older, ['claims', 'claim_events', 'outbox'])).toEqual({ claims: 0, claim_events: 0, outbox: 0 });

    // A table of the source the target lacks: refused before anything is written.
    await source.driver.exec(`create table "${source.schema}".runner_plans (run_date date primary key, jobs integer not null)`);
    const empty = await newTarget();
    const tables = await copyStore({ from: source, to: empty }).catch((e: unknown) => e);
    expect(tables).toMatchObject({ reason: 'tables-differ', field: 'to' });
    expect((tables as Error).message).toContain('table runner_plans is missing in the target');
    expect(await counts(empty, ['claims'])).toEqual({ claims: 0 });
    expect(await copyStore({ from: source, to: source }).catch((e: unknown) => e)).toMatchObject({ reason: 'same-store' });
  });

  it('migrates a target that holds no store yet in the copy\'s own transaction, after its checks: a refused copy leaves it unmigrated', async () => {
    // The defect: callers (mahnwerk copy) migrated the target before copyStore could refuse it, so a
    // refused copy left a changed target behind. Now copyStore checks first and migrates in the
    // transaction it copies in. Checked against the catalog: the target's schema has no table after
    // each refusal, and after the copy it is at the newest version with the source's rows.
    const { source, target: newTarget } = await open();
    await createMahnwerk({ store: source, clock: clockAt('2025-01-02'), policy: 'de-b2c-default', channels: channels() }).createClaim(facts('A', 'D-A', 'Jördis Käppler', '750.00'));
    const other = await newTarget();
    // A schema of the target's database that holds no store (it does not exist yet).
    const blank = createPostgresStore({ driver: other.driver, schema: `${other.schema}_new` });
    const tablesIn = async (store: PostgresClaimStore): Promise<string[]> =>
      (await store.driver.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = $1 order by table_name`, [store.schema])).map((r) => r.name);

    // The source below the newest version: refused before the target is touched.
    await source.driver.query(`delete from "${source.schema}".schema_migrations where version = $1`, [latest]);
    const older = await copyStore({ from: source, to: blank }).catch((e: unknown) => e);
    expect(older).toMatchObject({ reason: 'schema-version', code: 'invalid_input', field: 'from' });
    expect((older as Error).message).toBe(
      `from: the source is at schema version ${latest - 1}, and a new target is migrated to ${latest}; migrate the source first (store.migrate(), or mahnwerk migrate --db SOURCE), then copy.`,
    );
    expect(await tablesIn(blank)).toEqual([]);
    await source.driver.query(`insert into "${source.schema}".schema_migrations (version, name) values ($1, 'restored by the test')`, [latest]);

    // A source table the migrated target lacks: the migration was done in the copy's transaction and is rolled back with the refusal.
    await source.driver.exec(`create table "${source.schema}".runner_plans (run_date date primary key, jobs integer not null)`);
    const tables = await copyStore({ from: source, to: blank }).catch((e: unknown) => e);
    expect(tables).toMatchObject({ reason: 'tables-differ', field: 'to' });
    expect((tables as Error).message).toContain('table runner_plans is missing in the target');
    expect(await tablesIn(blank)).toEqual([]);

    // A schema without a store but with a table that holds rows (someone else's): refused, nothing created beside it.
    const foreign = createPostgresStore({ driver: other.driver, schema: `${other.schema}_foreign` });
    await foreign.driver.exec(`create schema "${foreign.schema}"; create table "${foreign.schema}".notes (id integer primary key); insert into "${foreign.schema}".notes values (1);`);
    const used = await copyStore({ from: source, to: foreign }).catch((e: unknown) => e);
    expect(used).toMatchObject({ reason: 'target-not-empty', field: 'to' });
    expect(await tablesIn(foreign)).toEqual(['notes']);

    // With prepareTarget making the runner's table (as mahnwerk copy passes migrateRunner): migrated, prepared and copied in one go.
    const prepared: string[] = [];
    const report = await copyStore({
      from: source,
      to: blank,
      prepareTarget: async (target) => {
        prepared.push(target.schema);
        await target.driver.exec(`create table if not exists "${target.schema}".runner_plans (run_date date primary key, jobs integer not null)`);
      },
    });
    expect(prepared).toEqual([blank.schema]);
    expect(report).toMatchObject({ schemaVersion: latest, claims: 1, entries: 1 });
    expect((await blank.driver.query<{ v: number }>(`select max(version)::integer as v from "${blank.schema}".schema_migrations`))[0]?.v).toBe(latest);
    expect(await dump(blank)).toEqual(await dump(source));
  });

  it('checkStoreCopy answers what copyStore would refuse, before a target exists and writing nothing: each refusal as copyStore gives it', async () => {
    // mahnwerk copy used to open (create) its --to directory and only then learn from copyStore that
    // the source was bad; checkStoreCopy lets a caller check the source before it makes the target.
    expect(storeIndex.checkStoreCopy).toBe(checkStoreCopy);
    const { source, target: newTarget } = await open();
    const clock = clockAt('2025-01-02', '21:00');
    const mw = createMahnwerk({ store: source, clock, policy: 'de-b2c-default', channels: channels() });
    await mw.createClaim(facts('A', 'D-A', 'Jördis Käppler', '750.00'));
    const written = async (store: PostgresClaimStore) => counts(store, ['claims', 'claim_events', 'outbox']);
    const before = await written(source);
    expect(await checkStoreCopy({ from: source })).toEqual({ schemaVersion: latest, targetMigrated: false });
    const empty = await newTarget();
    expect(await checkStoreCopy({ from: source, to: empty })).toEqual({ schemaVersion: latest, targetMigrated: true });

    // The same refusals as copyStore, for the same reasons (compared with copyStore's own error).
    const refusal = async (options: Parameters<typeof checkStoreCopy>[0]) => {
      const checked = await checkStoreCopy(options).catch((e: unknown) => e);
      expect(checked).toBeInstanceOf(StoreCopyError);
      if (options.to !== undefined) {
        const copied = await copyStore({ from: options.from, to: options.to }).catch((e: unknown) => e);
        expect([(checked as StoreCopyError).reason, (checked as Error).message]).toEqual([(copied as StoreCopyError).reason, (copied as Error).message]);
      }
      return checked as StoreCopyError;
    };
    await source.driver.query(`delete from "${source.schema}".schema_migrations where version = $1`, [latest]);
    expect(await refusal({ from: source })).toMatchObject({ reason: 'schema-version', field: 'from' });
    expect(await refusal({ from: source, to: createPostgresStore({ driver: empty.driver, schema: `${empty.schema}_new` }) })).toMatchObject({ reason: 'schema-version', field: 'from' });
    await source.driver.query(`insert into "${source.schema}".schema_migrations (version, name) values ($1, 'restored by the test')`, [latest]);
    const bare = createPostgresStore({ driver: source.driver, schema: `${source.schema}_bare` });
    expect(await refusal({ from: bare })).toMatchObject({ reason: 'not-a-store', field: 'from' });
    expect(await refusal({ from: source, to: source })).toMatchObject({ reason: 'same-store', field: 'to' });
    const filled = await newTarget();
    await createMahnwerk({ store: filled, clock: clockAt('2025-01-02'), policy: 'de-b2c-default', channels: channels() }).createClaim(facts('X', 'D-X', 'Xaver', '1.00'));
    expect(await refusal({ from: source, to: filled })).toMatchObject({ reason: 'target-not-empty', field: 'to' });
    clock.date = '2025-02-20';
    await mw.runDue('2025-02-20');
    await source.leaseOutbox({ owner: 'worker-1', now: new Date().toISOString(), leaseSeconds: 600, limit: 1 });
    expect(await refusal({ from: source })).toMatchObject({ reason: 'source-busy', field: 'from' });
    expect(await refusal({ from: source, to: empty })).toMatchObject({ reason: 'source-busy', field: 'from' });
    // Nothing written by the checks: the empty target is still empty, the source only has what the book wrote.
    expect(await written(empty)).toEqual({ claims: 0, claim_events: 0, outbox: 0 });
    expect((await written(source)).claims).toBe(before.claims);
  });

  it('refuses a source a worker is at work on (a live outbox lease), naming how long it runs', async () => {
    const { source, target: newTarget } = await open();
    const clock = clockAt('2025-02-20', '21:00');
    const mw = createMahnwerk({ store: source, clock, policy: 'de-b2c-default', channels: channels() });
    clock.date = '2025-01-02';
    await mw.createClaim(facts('A', 'D-A', 'Jördis Käppler', '750.00'));
    clock.date = '2025-02-20';
    await mw.runDue('2025-02-20');
    expect((await source.pendingOutbox()).length).toBeGreaterThan(0);
    // Leased now (the database's clock), for ten minutes.
    await source.leaseOutbox({ owner: 'worker-1', now: new Date().toISOString(), leaseSeconds: 600, limit: 1 });
    const target = await newTarget();
    const busy = await copyStore({ from: source, to: target }).catch((e: unknown) => e);
    expect(busy).toMatchObject({ reason: 'source-busy', code: 'conflict', field: 'from', retryable: true });
    expect((busy as Error).message).toMatch(/^from: workers are at work on the source: 1 outbox message and 0 claims are leased until \d{4}-/);
    expect(await counts(target, ['claims'])).toEqual({ claims: 0 });
  });
}

describe('copyStore: PGlite to PGlite (two databases)', () => {
  // Two databases for the file, not one per store: opening a PGlite costs seconds (14 were opened
  // here, 125 s of the file's 158 s under load). The sources live in the one, the targets in the
  // other, each store in a fresh schema — a test's first target under its source's schema name, as
  // two embedded stores in the default schema are (the same name in another database is no same-store).
  const sources = usePglite();
  const targets = usePglite();
  let tests = 0;
  const fresh = async (db: TestDatabase, schema: string): Promise<PostgresClaimStore> => {
    const store = createPostgresStore({ driver: db.driver(), schema });
    await store.migrate();
    return store;
  };
  copyChecks(async () => {
    const name = `copy_${++tests}`;
    let made = 0;
    return { source: await fresh(sources, name), target: () => fresh(targets, made++ === 0 ? name : `${name}_${made}`) };
  });
});

describe('copyStore: one PGlite, two schemas (one transaction for both)', () => {
  const db = usePglite();
  copyChecks(async () => ({ source: await db.freshStore(), target: () => db.freshStore() }));
});

describePostgres('copyStore on a PostgreSQL server', () => {
  const server: TestDatabase = usePostgres();
  let embedded: PGlite;
  beforeAll(async () => {
    embedded = await openPglite();
  });
  afterAll(async () => {
    await embedded.close();
  });
  let n = 0;
  // PGlite (the embedded default) to the server: what a user moving up does.
  copyChecks(async () => {
    const source = createPostgresStore({ driver: pgliteDriver(embedded), schema: `copy_${++n}` });
    await source.migrate();
    return { source, target: () => server.freshStore() };
  });

  it('refuses a source another transaction is writing (its write lock), at once', async () => {
    const source = await server.freshStore();
    const target = await server.freshStore();
    await createMahnwerk({ store: source, clock: clockAt('2025-01-02'), policy: 'de-b2c-default', channels: channels() }).createClaim(facts('A', 'D-A', 'A', '1.00'));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = source.driver.transaction(async (tx) => {
      await tx.query(`update "${source.schema}".claims set updated_at = now() where claim_id = 'A'`);
      await held;
    });
    try {
      const busy = await copyStore({ from: source, to: target }).catch((e: unknown) => e);
      expect(busy).toMatchObject({ reason: 'source-busy', field: 'from', retryable: true });
      expect((busy as Error).message).toMatch(/^from: another transaction is writing schema/);
    } finally {
      release();
      await writing;
    }
    expect((await copyStore({ from: source, to: target })).claims).toBe(1);
  });
});
