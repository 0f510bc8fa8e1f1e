import { MahnwerkError, ValidationError } from '../errors/errors.js';
import type { ClaimFilter, ClaimPage, ClaimQuery, ClaimTotal, OutboxTotal } from '../ports/claim-query.js';
import type { ClaimStore } from '../ports/claim-store.js';

/** The read side of the facade: claims listed, counted and summed (issue 9 point 2). */
export interface ClaimQueries {
  /**
   * One page of claims matching the query — by status, stage, debtor, tag, currency, amount and
   * due-date ranges — sorted by claim id, amount or due date; follow `nextCursor` for the next page.
   *
   * @throws ValidationError naming the field of a malformed query; MahnwerkError `adapter_failed`
   *   when the store cannot answer queries
   */
  queryClaims(query?: ClaimQuery): Promise<ClaimPage>;
  /** Claims counted and principals summed per status, stage and currency (decimal strings), of the claims passing `filter`. */
  claimTotals(filter?: ClaimFilter): Promise<readonly ClaimTotal[]>;
  /** Outbox messages counted per template, channel and delivery status. */
  outboxTotals(): Promise<readonly OutboxTotal[]>;
  /** One page of a debtor's claims (all statuses), by claim id; the query's other filters and paging apply. */
  debtorClaims(debtorId: string, query?: Omit<ClaimQuery, 'debtorId'>): Promise<ClaimPage>;
}

function unsupported(method: string): MahnwerkError {
  return new MahnwerkError(
    'adapter_failed',
    `${method}: this ClaimStore does not answer claim queries (its optional queryClaims, claimTotals and outboxTotals are missing); use a store that has them, e.g. @mahnwerk/store-postgres or the memory store of @mahnwerk/testing.`,
  );
}

/**
 * The facade's query methods over a store: each passes the query to the store, which keeps the
 * projection they read (see the `ClaimStore` port).
 *
 * @param store - the claim store
 * @returns the query methods
 * @internal
 */
export function claimQueries(store: ClaimStore): ClaimQueries {
  return {
    queryClaims: async (query) => {
      if (store.queryClaims === undefined) throw unsupported('queryClaims');
      return store.queryClaims(query);
    },
    claimTotals: async (filter) => {
      if (store.claimTotals === undefined) throw unsupported('claimTotals');
      return store.claimTotals(filter);
    },
    outboxTotals: async () => {
      if (store.outboxTotals === undefined) throw unsupported('outboxTotals');
      return store.outboxTotals();
    },
    debtorClaims: async (debtorId, query = {}) => {
      if (typeof debtorId !== 'string' || debtorId === '') {
        throw new ValidationError(`debtorId: expected the debtor's id, got ${JSON.stringify(debtorId)}.`, { field: 'debtorId' });
      }
      if (store.queryClaims === undefined) throw unsupported('debtorClaims');
      return store.queryClaims({ ...query, debtorId });
    },
  };
}
