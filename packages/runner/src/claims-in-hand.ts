import type { AppendManyOutcome, AppendRequest, ClaimStore, StoredClaim } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { schemaOf, wrap } from './schema.js';

/**
 * The claims a batch of the daily run has in hand after its decisions: each claim as it was loaded
 * with the entries its decision appended, at the version the append returned. The batch's dispatch
 * reads them from here instead of reading the claims again.
 *
 * @internal
 */
export type ClaimsInHand = Map<string, StoredClaim>;

/**
 * The store as a batch's deciding facade sees it, keeping what it loads and appends in `inHand`:
 * a claim loaded and then appended (not with its first write, which carries its personal data) is
 * kept with the appended entries at the new version; a claim loaded and not written, as loaded.
 *
 * @internal
 */
export function keepingInHand(store: ClaimStore, inHand: ClaimsInHand): ClaimStore {
  const loaded = new Map<string, StoredClaim>();
  const remember = (c: StoredClaim | null): void => {
    if (c === null) return;
    loaded.set(c.claimId, c);
    inHand.set(c.claimId, c);
  };
  const appended = (request: AppendRequest, version: number): void => {
    const before = loaded.get(request.claimId);
    // Kept only when the write continued the stream as loaded (a claim read anew is kept anew).
    if (before === undefined || before.version !== request.expectedVersion || request.personalData !== undefined || version !== request.expectedVersion + request.entries.length) {
      inHand.delete(request.claimId);
      return;
    }
    const after: StoredClaim = { ...before, version, entries: before.entries.concat(request.entries), nextReviewAt: request.nextReviewAt };
    loaded.set(request.claimId, after);
    inHand.set(request.claimId, after);
  };
  const view: ClaimStore = {
    ...store,
    load: async (claimId) => {
      const c = await store.load(claimId);
      remember(c);
      return c;
    },
    append: async (request) => {
      const r = await store.append(request);
      appended(request, r.version);
      return r;
    },
  };
  const { loadMany, appendMany } = store;
  if (loadMany !== undefined) {
    view.loadMany = async (claimIds) => {
      const cs = await loadMany.call(store, claimIds);
      for (const c of cs) remember(c);
      return cs;
    };
  }
  if (appendMany !== undefined) {
    view.appendMany = async (requests) => {
      const outcomes: readonly AppendManyOutcome[] = await appendMany.call(store, requests);
      outcomes.forEach((o, i) => {
        const request = requests[i] as AppendRequest;
        if (o.status === 'appended') appended(request, o.version);
        else inHand.delete(request.claimId);
      });
      return outcomes;
    };
  }
  return view;
}

/**
 * The store as a batch's dispatching facade sees it: `loadMany` answers a claim from `inHand` when
 * one cheap statement finds that its stream has not moved past the version in hand (no entry at
 * that sequence number) and its personal data was not erased meanwhile (erasure changes no
 * version); every other claim is read from the store. Leasing, writing and recording outcomes are
 * the store's own, so every guarantee of the outbox holds as with `runDispatcher`: a claim that
 * moved on between the check and the write makes the write conflict and is read anew.
 *
 * @internal
 */
export function answeringFromHand(store: PostgresClaimStore, inHand: ClaimsInHand): PostgresClaimStore {
  const s = schemaOf(store);
  const loadMany = async (claimIds: readonly string[]): Promise<(StoredClaim | null)[]> => {
    const held = claimIds.filter((id) => inHand.has(id));
    const current = new Set<string>();
    if (held.length > 0) {
      let rows: { claim_id: string }[];
      try {
        rows = await store.driver.query<{ claim_id: string }>(
          `select h.claim_id from unnest($1::text[], $2::integer[]) as h(claim_id, version)
            where not exists (select 1 from ${s}.claim_events e where e.claim_id = h.claim_id and e.seq = h.version)
              and not exists (select 1 from ${s}.personal_data p where p.claim_id = h.claim_id and p.data is null)`,
          [held, held.map((id) => (inHand.get(id) as StoredClaim).version)],
        );
      } catch (error) {
        throw wrap(error, `check ${held.length} claims in hand`);
      }
      for (const r of rows) current.add(r.claim_id);
    }
    const rest = claimIds.filter((id) => !current.has(id));
    const read = rest.length === 0 ? [] : store.loadMany === undefined ? await Promise.all(rest.map((id) => store.load(id))) : await store.loadMany(rest);
    const readOf = new Map(rest.map((id, i) => [id, read[i] ?? null]));
    return claimIds.map((id) => (current.has(id) ? (inHand.get(id) as StoredClaim) : (readOf.get(id) ?? null)));
  };
  return { ...store, loadMany };
}
