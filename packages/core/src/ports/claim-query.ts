import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { AmountString, ClaimEvent } from '../ledger/events.js';
import { project } from '../ledger/project.js';
import type { ClaimState, ClaimStatus } from '../ledger/state.js';
import { Dec } from '../money/decimal.js';
import { money, toAmountString } from '../money/money.js';
import { unappliedAmountString } from '../ledger/unapplied.js';
import { openPrincipalAmountString } from '../ledger/statement.js';
import type { StoredClaim } from './claim-store.js';

/**
 * What a store keeps of a claim for queries: its projection, one row per claim. A store computes it
 * with {@link summarizeClaim} from the claim's ledger after every write (never from anything else),
 * so every store answers a query alike.
 */
export interface ClaimSummary {
  /** Claim id. */
  readonly claimId: string;
  /** Debtor id. */
  readonly debtorId: string;
  /** The claim's status (see `project`). */
  readonly status: ClaimStatus;
  /** Id of the policy stage the claim is in, or null before the first stage. */
  readonly stage: string | null;
  /** ISO 4217 currency of the claim. */
  readonly currency: string;
  /**
   * The principal as created (`claim.principal`), a decimal string; the amount the filters
   * `amountMin`/`amountMax`, the sort `amount` and the totals' `amount` use. What is still open of
   * it is {@link ClaimSummary.openPrincipal}.
   */
  readonly principal: AmountString;
  /** The claim's tags as created, sorted, without duplicates. */
  readonly tags: readonly string[];
  /** Invoice date. */
  readonly invoiceDate: IsoDate;
  /** Due date. */
  readonly dueDate: IsoDate;
  /** The next review date, or null (as stored with the claim). */
  readonly nextReviewAt: IsoDate | null;
  /** Number of ledger entries (the claim's version). */
  readonly version: number;
  /**
   * What the claim holds beyond what it owed — an overpayment the creditor owes back to the debtor
   * (§ 812 Abs. 1 S. 1 BGB) — a decimal string with the currency's minor-unit digits, `0.00` (`0`
   * for JPY) when it holds none: the `amount` of core's `unappliedMoneyOf` of the claim's state,
   * the one rule (a payment's `unapplied` part less the refunds and chargebacks of it). Kept with
   * the rest of the projection on every write, so the claims holding money and their totals are a
   * query (`holdsUnapplied`, `unappliedTotals`), not a pass over every claim.
   */
  readonly unapplied: AmountString;
  /**
   * The principal still open — the principal as created less what payments paid on it (as
   * allocated under § 367 Abs. 1 BGB: costs and interest first), less credit notes and write-downs
   * (`recordAdjustment`) and costs credited to it, plus what refunds and chargebacks put back — a
   * decimal string with the currency's minor-unit digits, `0.00` (`0` for JPY) when nothing is open:
   * the `principal` of core's `statement(state, day)` for any day on or after the claim's last event
   * (the one rule: the statement's own sums, read without a day). Kept with the rest of the
   * projection on every write, so what the book is still owed is a query (`ClaimTotal.openPrincipal`),
   * not a pass over every claim. Filters and sort orders read {@link ClaimSummary.principal}, not this.
   */
  readonly openPrincipal: AmountString;
}

/**
 * The orders {@link ClaimQuery} can sort by; every order ends with the claim id, so ties are stable.
 * `amount` is the principal as created (`ClaimSummary.principal`), not the principal still open.
 */
export type ClaimSort = 'claimId' | 'dueDate' | 'amount';

/** Filters of {@link ClaimQuery} and {@link ClaimStore.claimTotals}; all given filters must hold. */
export interface ClaimFilter {
  /** Only claims in one of these statuses. */
  readonly status?: readonly ClaimStatus[];
  /** Only claims in one of these stages (`null`: not in a stage yet). */
  readonly stage?: readonly (string | null)[];
  /** Only the claims of this debtor. */
  readonly debtorId?: string;
  /** Only claims carrying this tag. */
  readonly tag?: string;
  /** Only claims in this currency. */
  readonly currency?: string;
  /** Only claims whose principal as created (`principal`, not `openPrincipal`) is at least this (decimal string, inclusive). */
  readonly amountMin?: AmountString;
  /** Only claims whose principal as created (`principal`, not `openPrincipal`) is at most this (decimal string, inclusive). */
  readonly amountMax?: AmountString;
  /** Only claims due on or after this date. */
  readonly dueFrom?: IsoDate;
  /** Only claims due on or before this date. */
  readonly dueTo?: IsoDate;
  /**
   * `true`: only claims holding money beyond what they owed (the summary's `unapplied` above zero);
   * `false`: only claims holding none.
   */
  readonly holdsUnapplied?: boolean;
}

/** A page request of {@link ClaimStore.queryClaims}. */
export interface ClaimQuery extends ClaimFilter {
  /** Sort key (default `claimId`); ties are broken by the claim id in the same direction. */
  readonly sort?: ClaimSort;
  /** `asc` (default) or `desc`. */
  readonly order?: 'asc' | 'desc';
  /** At most this many claims per page, 1–1000 (default 100). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page of the same query; absent for the first page. */
  readonly cursor?: string;
}

/** One page of claims. */
export interface ClaimPage {
  /** The claims of this page, in the query's order. */
  readonly claims: readonly ClaimSummary[];
  /** Give it as `cursor` to get the next page; null when this page is the last. */
  readonly nextCursor: string | null;
}

/** Claims and their principal summed — as created and still open — for one status, stage and currency. */
export interface ClaimTotal {
  /** The status. */
  readonly status: ClaimStatus;
  /** The stage, or null before the first stage. */
  readonly stage: string | null;
  /** The currency (amounts of different currencies are never added). */
  readonly currency: string;
  /** Number of claims. */
  readonly count: number;
  /** Their principals as created (`ClaimSummary.principal`) summed, a decimal string with the currency's minor-unit digits. */
  readonly amount: AmountString;
  /**
   * Their principals still open (`ClaimSummary.openPrincipal`: after payments, credit notes and
   * write-downs) summed exactly, as `amount` is, with the currency's minor-unit digits.
   */
  readonly openPrincipal: AmountString;
}

/** The claims holding money beyond what they owed (`unapplied` above zero), counted and summed for one currency. */
export interface UnappliedTotal {
  /** The currency (amounts of different currencies are never added). */
  readonly currency: string;
  /** Number of claims holding money. */
  readonly count: number;
  /** Their `unapplied` amounts summed, a decimal string with the currency's minor-unit digits. */
  readonly amount: AmountString;
}

/** Outbox messages counted by template, channel and delivery status. */
export interface OutboxTotal {
  /** Template name (it names the stage's message, e.g. `de-b2c-default/dunning-notice`). */
  readonly template: string;
  /** Channel name. */
  readonly channel: string;
  /** Delivery status. */
  readonly status: 'pending' | 'sent' | 'failed';
  /** Number of messages. */
  readonly count: number;
}

/** A {@link ClaimQuery} after {@link checkClaimQuery}: defaults filled in, the cursor decoded. @internal */
export interface CheckedClaimQuery extends ClaimFilter {
  readonly sort: ClaimSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  /** The last row of the previous page: its sort value (a date or decimal string, or the id) and its id. */
  readonly after?: { readonly key: string; readonly claimId: string };
}

const claimStatuses: readonly ClaimStatus[] = [
  'open', 'in-default', 'disputed', 'on-hold', 'installment-plan', 'handed-over', 'court-dunning', 'titled', 'time-barred', 'settled', 'written-off',
];

const amountPattern = /^-?\d+(\.\d+)?$/;

/**
 * A claim's query row: its ledger projected (`project`), the facts and status read off it. The
 * one rule every store uses to fill its projection.
 *
 * @param claim - the claim as stored (its ledger — only the events are read — and next review date)
 * @returns the summary
 * @throws ValidationError when the ledger does not project (see `project`)
 */
export function summarizeClaim(
  claim: Pick<StoredClaim, 'claimId' | 'debtorId' | 'version' | 'nextReviewAt'> & { readonly entries: readonly { readonly event: ClaimEvent }[] },
): ClaimSummary {
  return summarizeState(claim, project(claim.entries.map((e) => e.event)));
}

/**
 * A claim's query row read off its projected state: what {@link summarizeClaim} computes after
 * projecting the ledger, for a writer that already holds the state (the host after a decision
 * passes it with the append as `AppendRequest.summary`, so the store need not read the stream).
 *
 * @param claim - the claim's id, debtor, version and next review date after the write
 * @param state - the claim's state after the write (`project` of its ledger)
 * @returns the summary
 */
export function summarizeState(claim: Pick<StoredClaim, 'claimId' | 'debtorId' | 'version' | 'nextReviewAt'>, state: ClaimState): ClaimSummary {
  const facts = state.facts;
  return {
    claimId: claim.claimId,
    debtorId: claim.debtorId,
    status: state.status,
    stage: state.stage,
    currency: facts.currency,
    principal: facts.principal,
    tags: [...new Set(facts.tags ?? [])].sort(compareText),
    invoiceDate: facts.invoiceDate,
    dueDate: facts.dueDate,
    nextReviewAt: claim.nextReviewAt,
    version: claim.version,
    unapplied: unappliedAmountString(state),
    openPrincipal: openPrincipalAmountString(state),
  };
}

/** Code-unit order of strings (no locale rules): the order ids are sorted in. @internal */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bad(field: string, problem: string): never {
  throw new ValidationError(`${field}: ${problem}`, { field });
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') bad(field, `expected a non-empty string, got ${describe(value)}.`);
  return value;
}

function optionalAmount(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !amountPattern.test(value)) bad(field, `expected a decimal string such as "1200.00", got ${describe(value)}.`);
  return value;
}

function optionalDate(value: unknown, field: string): IsoDate | undefined {
  return value === undefined ? undefined : parseIsoDate(value as string, field);
}

/**
 * Checks a claim filter: statuses known, stages strings or null, amounts decimal strings, dates
 * valid, `amountMin <= amountMax`, `dueFrom <= dueTo`, `holdsUnapplied` a boolean. @internal (every store calls it)
 *
 * @throws ValidationError naming the field
 */
export function checkClaimFilter(filter: ClaimFilter): ClaimFilter {
  if (typeof filter !== 'object' || filter === null) bad('query', `expected an object, got ${describe(filter)}.`);
  const out: { -readonly [K in keyof ClaimFilter]: ClaimFilter[K] } = {};
  if (filter.status !== undefined) {
    if (!Array.isArray(filter.status)) bad('status', `expected a list of statuses, got ${describe(filter.status)}.`);
    filter.status.forEach((s, i) => {
      if (!claimStatuses.includes(s)) bad(`status[${i}]`, `"${String(s)}" is not a claim status; use one of ${claimStatuses.join(', ')}.`);
    });
    out.status = [...filter.status];
  }
  if (filter.stage !== undefined) {
    if (!Array.isArray(filter.stage)) bad('stage', `expected a list of stage ids (or null for "no stage yet"), got ${describe(filter.stage)}.`);
    filter.stage.forEach((s, i) => {
      if (s !== null && (typeof s !== 'string' || s === '')) bad(`stage[${i}]`, `expected a stage id or null, got ${describe(s)}.`);
    });
    out.stage = [...filter.stage];
  }
  const debtorId = optionalText(filter.debtorId, 'debtorId');
  const tag = optionalText(filter.tag, 'tag');
  const currency = optionalText(filter.currency, 'currency');
  const amountMin = optionalAmount(filter.amountMin, 'amountMin');
  const amountMax = optionalAmount(filter.amountMax, 'amountMax');
  const dueFrom = optionalDate(filter.dueFrom, 'dueFrom');
  const dueTo = optionalDate(filter.dueTo, 'dueTo');
  if (amountMin !== undefined && amountMax !== undefined && new Dec(amountMin).gt(amountMax)) {
    bad('amountMin', `${amountMin} is above amountMax ${amountMax}; the range is empty.`);
  }
  if (dueFrom !== undefined && dueTo !== undefined && dueFrom > dueTo) bad('dueFrom', `${dueFrom} is after dueTo ${dueTo}; the range is empty.`);
  const holdsUnapplied = filter.holdsUnapplied;
  if (holdsUnapplied !== undefined && typeof holdsUnapplied !== 'boolean') {
    bad('holdsUnapplied', `expected true (only claims holding an overpayment) or false (only claims holding none), got ${describe(holdsUnapplied)}.`);
  }
  return {
    ...out,
    ...(debtorId === undefined ? {} : { debtorId }),
    ...(tag === undefined ? {} : { tag }),
    ...(currency === undefined ? {} : { currency }),
    ...(amountMin === undefined ? {} : { amountMin }),
    ...(amountMax === undefined ? {} : { amountMax }),
    ...(dueFrom === undefined ? {} : { dueFrom }),
    ...(dueTo === undefined ? {} : { dueTo }),
    ...(holdsUnapplied === undefined ? {} : { holdsUnapplied }),
  };
}

/** The key a summary sorts by under `sort`. @internal */
export function sortKeyOf(summary: ClaimSummary, sort: ClaimSort): string {
  return sort === 'amount' ? summary.principal : sort === 'dueDate' ? summary.dueDate : summary.claimId;
}

/**
 * The cursor after a row: the query's sort and order, the row's sort key and id, as JSON (opaque to
 * callers). @internal
 */
export function encodeClaimCursor(query: CheckedClaimQuery, last: ClaimSummary): string {
  return JSON.stringify([query.sort, query.order, sortKeyOf(last, query.sort), last.claimId]);
}

/**
 * Checks a claim query and fills in its defaults (sort `claimId`, order `asc`, limit 100); the
 * cursor must come from a page of a query with the same sort and order. @internal (every store calls it)
 *
 * @throws ValidationError naming the field
 */
export function checkClaimQuery(query: ClaimQuery = {}): CheckedClaimQuery {
  const filter = checkClaimFilter(query);
  const sort = query.sort ?? 'claimId';
  if (sort !== 'claimId' && sort !== 'dueDate' && sort !== 'amount') bad('sort', `expected "claimId", "dueDate" or "amount", got ${describe(sort)}.`);
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') bad('order', `expected "asc" or "desc", got ${describe(order)}.`);
  const limit = query.limit ?? 100;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    bad('limit', `expected a whole number from 1 to 1000, got ${describe(limit)}${typeof limit === 'number' ? ` (${limit})` : ''}.`);
  }
  let after: CheckedClaimQuery['after'];
  if (query.cursor !== undefined) {
    let parsed: unknown;
    try {
      parsed = typeof query.cursor === 'string' ? JSON.parse(query.cursor) : undefined;
    } catch {
      parsed = undefined;
    }
    const ok =
      Array.isArray(parsed) && parsed.length === 4 && parsed.every((x) => typeof x === 'string') && parsed[0] === sort && parsed[1] === order;
    if (!ok) bad('cursor', `not the nextCursor of a page sorted by ${sort} ${order}; pass the nextCursor of the previous page unchanged, with the same sort and order.`);
    const [, , key, claimId] = parsed as string[];
    if (sort === 'amount' && !amountPattern.test(key as string)) bad('cursor', 'its amount is not a decimal string; pass nextCursor unchanged.');
    if (sort === 'dueDate') parseIsoDate(key as string, 'cursor');
    after = { key: key as string, claimId: claimId as string };
  }
  return { ...filter, sort, order, limit, ...(after === undefined ? {} : { after }) };
}

/** Whether a summary passes a (checked) filter. @internal (the memory store filters with it) */
export function matchesClaimFilter(s: ClaimSummary, f: ClaimFilter): boolean {
  if (f.status !== undefined && !f.status.includes(s.status)) return false;
  if (f.stage !== undefined && !f.stage.includes(s.stage)) return false;
  if (f.debtorId !== undefined && s.debtorId !== f.debtorId) return false;
  if (f.tag !== undefined && !s.tags.includes(f.tag)) return false;
  if (f.currency !== undefined && s.currency !== f.currency) return false;
  if (f.amountMin !== undefined && new Dec(s.principal).lt(f.amountMin)) return false;
  if (f.amountMax !== undefined && new Dec(s.principal).gt(f.amountMax)) return false;
  if (f.dueFrom !== undefined && s.dueDate < f.dueFrom) return false;
  if (f.dueTo !== undefined && s.dueDate > f.dueTo) return false;
  if (f.holdsUnapplied !== undefined && new Dec(s.unapplied).gt(0) !== f.holdsUnapplied) return false;
  return true;
}

function compareKeyAndId(sort: ClaimSort, order: 'asc' | 'desc', ka: string, ida: string, kb: string, idb: string): number {
  const byKey = sort === 'amount' ? new Dec(ka).cmp(kb) : compareText(ka, kb);
  const c = byKey !== 0 ? byKey : compareText(ida, idb);
  return order === 'asc' ? c : -c;
}

/** Compares two summaries in a query's order (its sort key, then the claim id). @internal */
export function compareSummaries(a: ClaimSummary, b: ClaimSummary, sort: ClaimSort, order: 'asc' | 'desc'): number {
  return compareKeyAndId(sort, order, sortKeyOf(a, sort), a.claimId, sortKeyOf(b, sort), b.claimId);
}

/** Whether a summary comes after the query's cursor (always, without one). @internal */
export function isAfterCursor(s: ClaimSummary, query: CheckedClaimQuery): boolean {
  const after = query.after;
  return after === undefined || compareKeyAndId(query.sort, query.order, sortKeyOf(s, query.sort), s.claimId, after.key, after.claimId) > 0;
}

/** Exact sums: as many digits as the amounts have (decimal.js' maximum precision), never rounded. */
const Exact = Dec.clone({ precision: 1e9 });

/**
 * The exact sum of decimal strings (e.g. the principals of a totals row), however many digits they
 * have. @internal
 */
export function sumAmounts(amounts: readonly string[]): string {
  let total = new Exact(0);
  for (const a of amounts) total = total.plus(a);
  return total.toFixed();
}

/**
 * A sum of principals as the totals show it: exact, with the currency's minor-unit digits (stores
 * that sum in SQL pass their exact sum through it too). @internal
 *
 * @param amount - the exact sum, a decimal string
 * @param currencyCode - the currency
 */
export function totalAmountString(amount: string, currencyCode: string): AmountString {
  return toAmountString(money(amount, currencyCode));
}

/** Sorts totals rows: status, then stage (no stage first), then currency. @internal */
export function compareTotals(a: Pick<ClaimTotal, 'status' | 'stage' | 'currency'>, b: Pick<ClaimTotal, 'status' | 'stage' | 'currency'>): number {
  return (
    compareText(a.status, b.status) ||
    (a.stage === b.stage ? 0 : a.stage === null ? -1 : b.stage === null ? 1 : compareText(a.stage, b.stage)) ||
    compareText(a.currency, b.currency)
  );
}
