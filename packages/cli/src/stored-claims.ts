import type { PostgresClaimStore } from '@mahnwerk/store-postgres';

/**
 * Every claim id in the store, in id order — the claims a bank statement may pay or a direct-debit
 * run may collect (settled ones included, so a repeated import finds the credits it recorded).
 * Read from the store's `claims` table through its driver until the ClaimStore port has a claim
 * query of its own.
 *
 * @param store - the store `openStore` opened
 * @returns the claim ids
 * @internal
 */
export async function storedClaimIds(store: PostgresClaimStore): Promise<string[]> {
  const schema = `"${store.schema.replace(/"/g, '""')}"`;
  const rows = await store.driver.query<{ claim_id: string }>(`select claim_id from ${schema}.claims order by claim_id`);
  return rows.map((r) => r.claim_id);
}
