import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuditChain, type ClaimEvent } from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.js';
import { openEmbeddedStore } from '../src/pglite.js';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

const latest = migrations[migrations.length - 1]?.version ?? 0;

function migrationChecks(db: TestDatabase): void {
  it('migrate() applies every migration once, records each version, and is a no-op the second time', async () => {
    const store = await db.freshStore();
    const rows = await store.driver.query<{ version: number; name: string }>(`select version, name from "${store.schema}".schema_migrations order by version`);
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(await store.migrate()).toEqual({ from: latest, to: latest, applied: [] });
    await db.drop(store);
  });

  it('concurrent migrate() calls on one fresh schema: one applies the migrations, the others find nothing to do', async () => {
    const store = await db.freshStore();
    await db.drop(store);
    const results = await Promise.all([store.migrate(), store.migrate(), store.migrate()]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, migrations.length]);
    await db.drop(store);
  });

  it('a schema newer than the package is refused with adapter_failed, naming both versions', async () => {
    const store = await db.freshStore();
    await store.driver.query(`insert into "${store.schema}".schema_migrations (version, name) values ($1, 'from the future')`, [latest + 1]);
    await expect(store.migrate()).rejects.toMatchObject({ code: 'adapter_failed', message: expect.stringContaining(`version ${latest + 1}`) });
    await db.drop(store);
  });

  it('migration 4: claims written before the query projection existed get their row from migrate() (summarizeClaim of the ledger)', async () => {
    const store = await db.freshStore();
    const facts = fixtures.consumerClaim({ id: 'before-v3', principal: '321.09', tags: ['vip'] });
    const chain = buildAuditChain<ClaimEvent>([
      fixtures.claimCreated(facts),
      { type: 'default-began', claimId: 'before-v3', date: '2025-01-01', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
      { type: 'stage-entered', claimId: 'before-v3', date: '2025-01-02', stage: 'reminder', stageIndex: 0 },
    ]);
    await store.append({ claimId: 'before-v3', debtorId: facts.debtor.id, expectedVersion: 0, entries: chain, nextReviewAt: '2025-02-01' });
    // What a row written by a store at schema version 3 looks like after migration 4 added the columns.
    await store.driver.exec(
      `update "${store.schema}".claims set status = null, stage = null, currency = null, principal = null, tags = null, invoice_date = null, due_date = null`,
    );
    expect((await store.queryClaims?.())?.claims).toEqual([]);
    await store.migrate();
    expect((await store.queryClaims?.())?.claims).toEqual([
      { claimId: 'before-v3', debtorId: facts.debtor.id, status: 'in-default', stage: 'reminder', currency: 'EUR', principal: '321.09', tags: ['vip'], invoiceDate: '2024-12-01', dueDate: '2024-12-31', nextReviewAt: '2025-02-01', version: 3, unapplied: '0.00', openPrincipal: '321.09' },
    ]);
    await db.drop(store);
  });

  it('migration 10: claims written at schema version 9 get their unapplied figure from migrate() (summarizeClaim → unappliedMoneyOf of the ledger), and are then found by holdsUnapplied and unappliedTotals', async () => {
    const store = await db.freshStore();
    const s = `"${store.schema}"`;
    // Paid 2025-01-08, before the due date 2025-01-10 of an invoice of 2024-12-01: no interest, no costs;
    // all principal, the rest unapplied. 130.00 on 100.00 → 30.00; 250.50 on 200.00 → 50.50, 20.00 refunded → 30.50.
    const claim = (id: string, principal: string, paid: string, unapplied: string, refunded?: string): ClaimEvent[] => [
      fixtures.claimCreated(fixtures.consumerClaim({ id, principal, dueDate: '2025-01-10' })),
      { type: 'payment-received', claimId: id, date: '2025-01-08', paymentId: `p-${id}`, amount: paid, allocation: { costs: '0.00', interest: '0.00', principal, unapplied } },
      ...(refunded === undefined
        ? []
        : [{ type: 'payment-reversed', claimId: id, date: '2025-01-09', reversalId: `r-${id}`, paymentId: `p-${id}`, kind: 'refund', amount: refunded, allocation: { costs: '0.00', interest: '0.00', principal: '0.00', unapplied: refunded } } as ClaimEvent]),
    ];
    for (const [id, events] of [['v9-a', claim('v9-a', '100.00', '130.00', '30.00')], ['v9-b', claim('v9-b', '200.00', '250.50', '50.50', '20.00')], ['v9-c', claim('v9-c', '80.00', '80.00', '0.00')]] as const) {
      await store.append({ claimId: id, debtorId: 'D-1001', expectedVersion: 0, entries: buildAuditChain<ClaimEvent>([...events]), nextReviewAt: null });
    }
    // The schema as version 9 left it: no unapplied column, the index of unprojected rows on status
    // only (and none of the later versions' tables and columns: no last_run_day of version 11, no
    // open_principal of version 12).
    await store.driver.exec(`
      alter table ${s}.claims drop column unapplied;
      alter table ${s}.claims drop column open_principal;
      drop index if exists ${s}.claims_unprojected;
      create index claims_unprojected on ${s}.claims (claim_id) where status is null;
      drop table ${s}.last_run_day;
      delete from ${s}.schema_migrations where version >= 10;
    `);
    expect(await store.migrate()).toEqual({ from: 9, to: latest, applied: migrations.filter((m) => m.version >= 10).map((m) => m.version) });
    const figures = await store.driver.query<{ claim_id: string; unapplied: string | null }>(`select claim_id, unapplied::text as unapplied from ${s}.claims order by claim_id`);
    expect(figures).toEqual([
      { claim_id: 'v9-a', unapplied: '30.00' },
      { claim_id: 'v9-b', unapplied: '30.50' },
      { claim_id: 'v9-c', unapplied: '0.00' },
    ]);
    expect((await store.queryClaims?.({ holdsUnapplied: true }))?.claims.map((c) => c.claimId)).toEqual(['v9-a', 'v9-b']);
    // 30.00 + 30.50 = 60.50
    expect(await store.unappliedTotals()).toEqual([{ currency: 'EUR', count: 2, amount: '60.50' }]);
    await db.drop(store);
  });

  it('migration 11: a store at schema version 10 gets last_run_day from migrate(); lastRunDay is null until recordRunDay, which keeps the later day', async () => {
    const store = await db.freshStore();
    const s = `"${store.schema}"`;
    // The schema as version 10 left it: no last_run_day (nor version 12's open_principal).
    await store.driver.exec(`
      drop table ${s}.last_run_day;
      alter table ${s}.claims drop column open_principal;
      drop index if exists ${s}.claims_unprojected;
      create index claims_unprojected on ${s}.claims (claim_id) where status is null or unapplied is null;
      delete from ${s}.schema_migrations where version >= 11;
    `);
    expect(await store.migrate()).toEqual({ from: 10, to: latest, applied: migrations.filter((m) => m.version >= 11).map((m) => m.version) });
    expect(await store.lastRunDay()).toBeNull();
    await store.recordRunDay('2025-03-12');
    await store.recordRunDay('2025-03-10');
    expect(await store.lastRunDay()).toBe('2025-03-12');
    // One row, whatever was recorded.
    expect(await store.driver.query(`select to_char(day, 'YYYY-MM-DD') as day from ${s}.last_run_day`)).toEqual([{ day: '2025-03-12' }]);
    await db.drop(store);
  });

  it('migration 12: claims written at schema version 11 get their open principal from migrate() (summarizeClaim → the statement\'s principal of the ledger: payments as allocated by § 367 BGB, credit notes), and claimTotals sums it', async () => {
    const store = await db.freshStore();
    const s = `"${store.schema}"`;
    // Invoice 2024-12-01, due 2025-01-10; every payment on 2025-01-08, before the due date: no
    // default, so no interest and no costs (§ 367 Abs. 1 BGB puts them first; here there are none),
    // all of a payment goes to the principal, the rest unapplied.
    // v11-a: 500.00, credit note 100.00 (2025-01-05), payment 150.00 → 500.00 − 100.00 − 150.00 = 250.00
    // v11-b: 200.00, payment 250.50 → 200.00 − 200.00 = 0.00 (50.50 unapplied)
    // v11-c: 80.00, nothing booked → 80.00
    const created = (id: string, principal: string): ClaimEvent => fixtures.claimCreated(fixtures.consumerClaim({ id, principal, dueDate: '2025-01-10' }));
    const paid = (id: string, amount: string, principal: string, unapplied: string): ClaimEvent => ({
      type: 'payment-received',
      claimId: id,
      date: '2025-01-08',
      paymentId: `p-${id}`,
      amount,
      allocation: { costs: '0.00', interest: '0.00', principal, unapplied },
    });
    const books: [string, ClaimEvent[]][] = [
      ['v11-a', [created('v11-a', '500.00'), { type: 'adjustment', claimId: 'v11-a', date: '2025-01-05', kind: 'credit-note', amount: '100.00' }, paid('v11-a', '150.00', '150.00', '0.00')]],
      ['v11-b', [created('v11-b', '200.00'), paid('v11-b', '250.50', '200.00', '50.50')]],
      ['v11-c', [created('v11-c', '80.00')]],
    ];
    for (const [id, events] of books) {
      await store.append({ claimId: id, debtorId: 'D-1001', expectedVersion: 0, entries: buildAuditChain<ClaimEvent>(events), nextReviewAt: null });
    }
    // The schema as version 11 left it: no open_principal column, the index of unprojected rows as version 10 made it.
    await store.driver.exec(`
      alter table ${s}.claims drop column open_principal;
      drop index if exists ${s}.claims_unprojected;
      create index claims_unprojected on ${s}.claims (claim_id) where status is null or unapplied is null;
      delete from ${s}.schema_migrations where version >= 12;
    `);
    expect(await store.migrate()).toEqual({ from: 11, to: latest, applied: migrations.filter((m) => m.version >= 12).map((m) => m.version) });
    const figures = await store.driver.query<{ claim_id: string; open_principal: string | null }>(
      `select claim_id, open_principal::text as open_principal from ${s}.claims order by claim_id`,
    );
    expect(figures).toEqual([
      { claim_id: 'v11-a', open_principal: '250.00' },
      { claim_id: 'v11-b', open_principal: '0.00' },
      { claim_id: 'v11-c', open_principal: '80.00' },
    ]);
    // As created 500.00 + 200.00 + 80.00 = 780.00; still open 250.00 + 0.00 + 80.00 = 330.00.
    expect(await store.claimTotals?.()).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 3, amount: '780.00', openPrincipal: '330.00' }]);
    await db.drop(store);
  });

  it('a schema name that is not a plain identifier is refused before any SQL runs', async () => {
    const store = await db.freshStore();
    const { createPostgresStore } = await import('../src/store.js');
    expect(() => createPostgresStore({ driver: store.driver, schema: 'x"; drop table y; --' })).toThrow(/schema/);
    await db.drop(store);
  });
}

describe('migrations on PGlite', () => {
  migrationChecks(usePglite());
});

describePostgres('migrations on PostgreSQL', () => {
  migrationChecks(usePostgres());
});

describe('embedded store in a data directory', () => {
  it('keeps claims across a close and reopen (the embedded default survives a restart)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-embedded-'));
    try {
      const facts = fixtures.consumerClaim({ id: 'persist-1' });
      const chain = buildAuditChain([fixtures.claimCreated(facts)]);
      const first = await openEmbeddedStore({ dataDir: join(dir, 'db') });
      await first.append({ claimId: 'persist-1', debtorId: facts.debtor.id, expectedVersion: 0, entries: chain, nextReviewAt: '2025-02-01' });
      await first.close();
      const second = await openEmbeddedStore({ dataDir: join(dir, 'db') });
      const loaded = await second.load('persist-1');
      await second.close();
      expect(loaded?.entries).toEqual(chain);
      expect(loaded?.nextReviewAt).toBe('2025-02-01');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('creates a data directory whose parents do not exist yet (dataDir: ./var/lib/mahnwerk on a fresh checkout)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-embedded-'));
    try {
      const store = await openEmbeddedStore({ dataDir: join(dir, 'var', 'lib', 'mahnwerk') });
      expect(await store.load('none')).toBeNull();
      await store.close();
      await expect(stat(join(dir, 'var', 'lib', 'mahnwerk', 'PG_VERSION'))).resolves.toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
