import type { ClaimStore } from '@mahnwerk/core';

/**
 * Every claim id in the store, in id order — the claims a bank statement may pay or a direct-debit
 * run may collect (settled ones included, so a repeated import finds the credits it recorded).
 * Pages through the store's claim query (`queryClaims`, sort by claim id).
 *
 * @param store - the store `openStore` opened
 * @returns the claim ids
 * @throws Error when the store has no claim query
 * @internal
 */
export async function storedClaimIds(store: ClaimStore): Promise<string[]> {
  if (store.queryClaims === undefined) throw new Error('the store cannot list its claims (no queryClaims); use a store of @mahnwerk/store-postgres.');
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.queryClaims({ sort: 'claimId', order: 'asc', limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...page.claims.map((c) => c.claimId));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
}
