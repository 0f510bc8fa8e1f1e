import type { ClaimStore } from '@mahnwerk/core';
import type { ClaimStoreTables } from '@mahnwerk/testing';
import type { PostgresClaimStore } from '../../src/store.js';

/** Reads the store's tables with plain SQL — what landed, not what the port says. */
export function postgresTables(store: ClaimStore): ClaimStoreTables {
  const { driver, schema } = store as PostgresClaimStore;
  const s = `"${schema}"`;
  return {
    claim: async (claimId) => {
      const rows = await driver.query<{ version: number; debtor_id: string; next_review_at: string | null }>(
        `select version, debtor_id, to_char(next_review_at, 'YYYY-MM-DD') as next_review_at from ${s}.claims where claim_id = $1`,
        [claimId],
      );
      const r = rows[0];
      return r === undefined ? null : { version: r.version, debtorId: r.debtor_id, nextReviewAt: r.next_review_at };
    },
    events: async (claimId) =>
      (
        await driver.query<{ seq: number; prev_hash: string; hash: string; event: string }>(
          `select seq, prev_hash, hash, event::text as event from ${s}.claim_events where claim_id = $1 order by seq`,
          [claimId],
        )
      ).map((r) => ({ seq: r.seq, prevHash: r.prev_hash, hash: r.hash, event: JSON.parse(r.event) as unknown })),
    outbox: async () =>
      (await driver.query<{ id: string; claim_id: string; status: string; attempts: number }>(`select id, claim_id, status, attempts from ${s}.outbox order by position`)).map((r) => ({
        id: r.id,
        claimId: r.claim_id,
        status: r.status,
        attempts: r.attempts,
      })),
    unapplied: async (claimId) => {
      const rows = await driver.query<{ unapplied: string | null }>(`select unapplied::text as unapplied from ${s}.claims where claim_id = $1`, [claimId]);
      return rows[0] === undefined ? null : rows[0].unapplied;
    },
    openPrincipal: async (claimId) => {
      const rows = await driver.query<{ open_principal: string | null }>(`select open_principal::text as open_principal from ${s}.claims where claim_id = $1`, [claimId]);
      return rows[0] === undefined ? null : rows[0].open_principal;
    },
    idempotencyKeys: async () =>
      (await driver.query<{ key: string; claim_id: string; version: number }>(`select key, claim_id, version from ${s}.idempotency_keys order by key collate "C"`)).map((r) => ({
        key: r.key,
        claimId: r.claim_id,
        version: r.version,
      })),
    dump: async () => {
      // Every row of every table of the store's schema, all columns, as JSON text.
      const tableNames = await driver.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
        [schema],
      );
      const parts: string[] = [];
      for (const { table_name } of tableNames) {
        const rows = await driver.query<{ row: string }>(`select row_to_json(t)::text as row from ${s}."${table_name}" t`);
        parts.push(`${table_name}: ${rows.map((r) => r.row).join('\n')}`);
      }
      return parts.join('\n');
    },
  };
}
