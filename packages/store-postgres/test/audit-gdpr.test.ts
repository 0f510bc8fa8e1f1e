import {
  buildAuditChain,
  createAuditAnchor,
  createMahnwerk,
  hmacCheckpointKey,
  verifyAnchoredStore,
  verifyAudit,
  type Checkpoint,
  type ClaimEvent,
  type ClaimFactsInput,
  type IsoDate,
} from '@mahnwerk/core';
import { createRecordingChannel } from '@mahnwerk/testing';
import { describe, expect, it as vitestIt } from 'vitest';
import type { PostgresClaimStore } from '../src/store.js';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';
import { postgresTables } from './support/tables.js';

/**
 * Issue 9 points 6 and 7 on PostgreSQL: an attacker with the database (SQL UPDATE/DELETE on the
 * tables) truncates, deletes, rewrites, or rewrites and re-hashes a claim's events; the checkpoints
 * exported outside the database find each, naming the claim and the position. And a GDPR erasure
 * leaves no personal datum in any column of any table while the chain still verifies.
 */

/** Each check opens a schema and runs a small book: give it time on a loaded machine. */
const it = (title: string, body: () => Promise<void>) => vitestIt(title, body, 120_000);

const KEY = hmacCheckpointKey('5e'.repeat(32), 'audit-test');

function clockAt(date: IsoDate) {
  const c = { date, today: () => c.date, now: () => `${c.date}T09:30:00+01:00` };
  return c;
}

const facts = (id: string, debtorId: string, name: string, email: string, street: string): ClaimFactsInput => ({
  id,
  debtor: { id: debtorId, kind: 'consumer', name, email, phone: `+49176123456${debtorId.charCodeAt(2)}`, postalAddress: { street, houseNumber: '3', postalCode: '04109', city: 'Leipzig', country: 'DE' } },
  principal: '750.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
});

async function anchoredBook(store: PostgresClaimStore) {
  const exported: Checkpoint[] = [];
  const clock = clockAt('2025-01-02');
  const mw = createMahnwerk({
    store,
    clock,
    policy: 'de-b2c-default',
    channels: [createRecordingChannel('email'), createRecordingChannel('letter')],
    anchor: createAuditAnchor({ signer: KEY, onCheckpoint: (c) => void exported.push(c) }),
  });
  await mw.createClaim(facts('A', 'D-A', 'Jördis Käppler', 'joerdis.kaeppler@example.com', 'Karl-Heine-Straße'));
  await mw.createClaim(facts('B', 'D-B', 'Bruno Beispiel', 'bruno.beispiel@example.com', 'Gohliser Weg'));
  await mw.createClaim(facts('C', 'D-C', 'Clara Chen', 'clara.chen@example.com', 'Zschochersche Gasse'));
  clock.date = '2025-02-20';
  await mw.runDue('2025-02-20');
  await mw.recordPayment({ claimId: 'B', paymentId: 'P-1', amount: '100.00', date: '2025-02-18' });
  return { mw, exported, clock };
}

function checks(db: TestDatabase): void {
  const s = (store: PostgresClaimStore) => `"${store.schema}"`;

  it('untouched: the store verifies against the exported checkpoints', async () => {
    const store = await db.freshStore();
    try {
      const { exported } = await anchoredBook(store);
      const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY });
      expect(result.findings).toEqual([]);
      expect(result.claims).toBe(3);
    } finally {
      await db.drop(store);
    }
  });

  it('truncated by SQL DELETE of the last events (and the head moved back): "truncated" at the first missing seq of B', async () => {
    const store = await db.freshStore();
    try {
      const { exported } = await anchoredBook(store);
      const [{ version }] = (await store.driver.query<{ version: number }>(`select version from ${s(store)}.claims where claim_id = 'B'`)) as [{ version: number }];
      const keep = version - 2;
      await store.driver.exec(`
        delete from ${s(store)}.claim_events where claim_id = 'B' and seq >= ${keep};
        update ${s(store)}.claims set version = ${keep}, head_hash = (select hash from ${s(store)}.claim_events where claim_id = 'B' and seq = ${keep - 1}) where claim_id = 'B';`);
      expect((await store.load('B'))?.entries.length).toBe(keep);
      // The store alone sees nothing wrong: its own version was moved back too.
      const alone = await store.load('B');
      expect(verifyAudit(alone?.entries ?? [], { expectedLength: alone?.version ?? 0 }).ok).toBe(true);
      const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY });
      expect(result.findings).toEqual([expect.objectContaining({ claimId: 'B', position: keep, problem: 'truncated' })]);
    } finally {
      await db.drop(store);
    }
  });

  it('deleted by SQL DELETE of every row of claim C: "deleted"', async () => {
    const store = await db.freshStore();
    try {
      const { exported } = await anchoredBook(store);
      await store.driver.exec(
        ['outbox', 'idempotency_keys', 'personal_data', 'claim_events', 'claims'].map((t) => `delete from ${s(store)}.${t} where claim_id = 'C';`).join('\n'),
      );
      const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY });
      expect(result.findings).toEqual([expect.objectContaining({ claimId: 'C', position: 0, problem: 'deleted' })]);
    } finally {
      await db.drop(store);
    }
  });

  it('rewritten by SQL UPDATE (principal 750.00 → 50.00) without re-hashing: "altered" at seq 0 of A', async () => {
    const store = await db.freshStore();
    try {
      const { exported } = await anchoredBook(store);
      await store.driver.exec(`update ${s(store)}.claim_events set event = jsonb_set(event::jsonb, '{claim,principal}', '"50.00"')::json where claim_id = 'A' and seq = 0;`);
      const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY });
      expect(result.findings).toEqual([expect.objectContaining({ claimId: 'A', position: 0, problem: 'altered' })]);
    } finally {
      await db.drop(store);
    }
  });

  it('rewritten and re-hashed by SQL UPDATE (payment 100.00 → 10.00, every hash and the head recomputed): "altered" at the payment\'s seq of B', async () => {
    const store = await db.freshStore();
    try {
      const { exported } = await anchoredBook(store);
      const stored = await store.load('B');
      const events = (stored?.entries ?? []).map((e) => e.event);
      const at = events.findIndex((e) => e.type === 'payment-received');
      expect(at).toBeGreaterThan(0);
      events[at] = { ...(events[at] as ClaimEvent), amount: '10.00' } as ClaimEvent;
      const forged = buildAuditChain(events);
      for (const e of forged) {
        await store.driver.query(`update ${s(store)}.claim_events set event = $3::json, prev_hash = $4, hash = $5 where claim_id = $1 and seq = $2`, [
          'B',
          e.seq,
          JSON.stringify(e.event),
          e.prevHash,
          e.hash,
        ]);
      }
      await store.driver.query(`update ${s(store)}.claims set head_hash = $1 where claim_id = 'B'`, [forged[forged.length - 1]?.hash]);
      const alone = await store.load('B');
      expect(verifyAudit(alone?.entries ?? [], { expectedLength: alone?.version ?? 0 }).ok).toBe(true);
      const result = await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY });
      expect(result.findings).toEqual([expect.objectContaining({ claimId: 'B', position: at, problem: 'altered' })]);
    } finally {
      await db.drop(store);
    }
  });

  it('eraseDebtor: afterwards no name, e-mail, phone or street of the debtor is in any column of any table; the chain verifies against the checkpoints; the claim reads "gelöscht"', async () => {
    const store = await db.freshStore();
    try {
      const { mw, exported } = await anchoredBook(store);
      const dump = () => postgresTables(store).dump?.() ?? Promise.resolve('');
      const erika = ['Jördis Käppler', 'joerdis.kaeppler@example.com', '+4917612345665', 'Karl-Heine-Straße'];
      const before = await dump();
      for (const datum of erika) expect(before).toContain(datum);
      const statement = await mw.statement('A', '2025-02-20');
      const result = await mw.eraseDebtor('D-A');
      expect(result.erased).toEqual(['A']);
      const after = await dump();
      for (const datum of erika) expect(after).not.toContain(datum);
      // The other debtors were not erased.
      expect(after).toContain('Bruno Beispiel');
      expect((await verifyAnchoredStore({ store, checkpoints: exported, verifier: KEY })).findings).toEqual([]);
      expect((await mw.verify('A')).ok).toBe(true);
      expect((await mw.claim('A')).facts.debtor.name).toBe('gelöscht');
      expect(await mw.statement('A', '2025-02-20')).toEqual(statement);
      const exportAfter = await mw.exportDebtor('D-A');
      expect(exportAfter.claims[0]?.personalData).toEqual({ status: 'erased', erasedAt: '2025-02-20T09:30:00+01:00' });
    } finally {
      await db.drop(store);
    }
  });
}

describe('PGlite', () => {
  checks(usePglite());
});

describePostgres('PostgreSQL server', () => {
  checks(usePostgres());
});
