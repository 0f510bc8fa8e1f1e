import { MahnwerkError, ValidationError } from '../errors/errors.js';
import { project } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import { unappliedMoneyOf, type UnappliedMoney } from '../ledger/unapplied.js';
import { checkClaimQuery, encodeClaimCursor, type ClaimFilter, type ClaimPage, type ClaimQuery, type ClaimTotal, type OutboxTotal, type UnappliedTotal } from '../ports/claim-query.js';
import type { ClaimStore, StoredClaim } from '../ports/claim-store.js';

/** One page of {@link ClaimQueries.unappliedMoney}. */
export interface UnappliedMoneyPage {
  /** The claims of this page holding money beyond what they owed, in the query's order. */
  readonly claims: readonly UnappliedMoney[];
  /** Give it as `cursor` (with the same query) for the next page; null when no claim is left to look at. */
  readonly nextCursor: string | null;
}

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
  /** Claims counted, their principals as created (`amount`) and their principals still open (`openPrincipal`) summed per status, stage and currency (decimal strings), of the claims passing `filter`. */
  claimTotals(filter?: ClaimFilter): Promise<readonly ClaimTotal[]>;
  /** Outbox messages counted per template, channel and delivery status. */
  outboxTotals(): Promise<readonly OutboxTotal[]>;
  /** One page of a debtor's claims (all statuses), by claim id; the query's other filters and paging apply. */
  debtorClaims(debtorId: string, query?: Omit<ClaimQuery, 'debtorId'>): Promise<ClaimPage>;
  /**
   * The claims holding money beyond what they owed — an overpayment, which the creditor owes back
   * to the debtor (§ 812 Abs. 1 S. 1 BGB; the rule: `unappliedMoneyOf`) — each with the amount, since
   * when, the debtor and the payments it came with, so the host can refund it
   * (`reversePayment({ kind: 'refund', paymentId, amount })`) or set it off against another claim of
   * the debtor. A claim whose surplus was refunded in full is no longer listed.
   *
   * The query's filters, order and paging apply (`limit`: at most this many claims holding money per
   * page; follow `nextCursor`), with `holdsUnapplied: true`: the store selects the claims whose
   * projection holds money (`ClaimSummary.unapplied`, the same rule), and only those are loaded —
   * a page at a time (`loadMany` where the store has it) — for their payments and since when. The
   * cost follows the claims holding money, not the size of the book. Each loaded claim is checked
   * with `unappliedMoneyOf` again, so a store that does not keep the figure still answers right
   * (by loading every claim the other filters pass).
   *
   * @throws ValidationError naming the field of a malformed query; MahnwerkError `adapter_failed`
   *   when the store cannot answer queries
   */
  unappliedMoney(query?: ClaimQuery): Promise<UnappliedMoneyPage>;
  /**
   * The claims holding money beyond what they owed, counted and summed per currency (sorted by
   * currency) — the totals of what {@link ClaimQueries.unappliedMoney} lists, of the claims passing
   * `filter` — from the store's projection, without loading a claim (`ClaimStore.unappliedTotals`).
   *
   * @throws ValidationError naming the field of a malformed filter; MahnwerkError `adapter_failed`
   *   when the store cannot answer it (no `unappliedTotals`)
   */
  unappliedTotals(filter?: ClaimFilter): Promise<readonly UnappliedTotal[]>;
}

function unsupported(method: string): MahnwerkError {
  return new MahnwerkError(
    'adapter_failed',
    `${method}: this ClaimStore does not answer claim queries (its optional queryClaims, claimTotals, outboxTotals or unappliedTotals are missing); use a store that has them, e.g. @mahnwerk/store-postgres or the memory store of @mahnwerk/testing.`,
  );
}

/**
 * The facade's query methods over a store: each passes the query to the store, which keeps the
 * projection they read (see the `ClaimStore` port); `unappliedMoney` loads the claims it lists
 * (those the projection says hold money).
 *
 * @param store - the claim store
 * @param stateOf - a stored claim's state (default: its ledger projected)
 * @returns the query methods
 * @internal
 */
export function claimQueries(store: ClaimStore, stateOf: (stored: StoredClaim) => ClaimState = (stored) => project(stored.entries.map((e) => e.event))): ClaimQueries {
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
    unappliedMoney: async (query = {}) => {
      const checked = checkClaimQuery(query);
      if (store.queryClaims === undefined) throw unsupported('unappliedMoney');
      const claims: UnappliedMoney[] = [];
      let cursor = query.cursor;
      for (;;) {
        const page = await store.queryClaims({ ...query, holdsUnapplied: true, ...(cursor === undefined ? {} : { cursor }) });
        const ids = page.claims.map((c) => c.claimId);
        const loaded = store.loadMany === undefined ? await Promise.all(ids.map((id) => store.load(id))) : await store.loadMany(ids);
        for (const [i, summary] of page.claims.entries()) {
          const stored = loaded[i] ?? null;
          const held = stored === null ? null : unappliedMoneyOf(stateOf(stored));
          if (held !== null) claims.push(held);
          if (claims.length === checked.limit) {
            const more = i < page.claims.length - 1 || page.nextCursor !== null;
            return { claims, nextCursor: more ? encodeClaimCursor(checked, summary) : null };
          }
        }
        if (page.nextCursor === null) return { claims, nextCursor: null };
        cursor = page.nextCursor;
      }
    },
    unappliedTotals: async (filter) => {
      if (store.unappliedTotals === undefined) throw unsupported('unappliedTotals');
      return store.unappliedTotals(filter);
    },
  };
}
