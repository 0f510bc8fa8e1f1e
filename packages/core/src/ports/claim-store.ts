import type { AuditEntry } from '../audit/audit.js';
import type { PersonalDataHolding, PersonalDataRecord } from '../audit/personal-data.js';
import type { IsoDate } from '../calendar/date.js';
import type { ClaimEvent } from '../ledger/events.js';
import type { ConflictError } from '../errors/errors.js';
import type { ClaimFilter, ClaimPage, ClaimQuery, ClaimSummary, ClaimTotal, OutboxTotal, UnappliedTotal } from './claim-query.js';

/** A message waiting in the transactional outbox, written in the same transaction as its decision. */
export interface OutboxMessage {
  /** Unique id; also the idempotency key given to the channel, so a retry never sends twice. */
  readonly id: string;
  /** The claim it is about. */
  readonly claimId: string;
  /** The debtor it goes to. */
  readonly debtorId: string;
  /** Channel name, e.g. `email`. */
  readonly channel: string;
  /** Channel to use if the first one fails for good. */
  readonly fallbackChannel?: string;
  /** Template name, e.g. `de-b2c-default/dunning-notice`. */
  readonly template: string;
  /** Earliest instant to send (quiet hours), ISO 8601; absent = at once. */
  readonly notBefore?: string;
  /** The business date the message was decided on. */
  readonly date: IsoDate;
  /** Delivery state. */
  readonly status: 'pending' | 'sent' | 'failed';
  /** Delivery attempts so far. */
  readonly attempts: number;
}

/** A message leased to one dispatcher for one delivery attempt (see {@link ClaimStore.leaseOutbox}). */
export interface OutboxLease {
  /** The message; `attempts` already counts this attempt. */
  readonly message: OutboxMessage;
  /** The attempt's id (`<message id>#<attempt number>`); only this id can record the attempt's outcome. */
  readonly attemptId: string;
  /** When the lease runs out (ISO 8601); after it another dispatcher may lease the message again. */
  readonly leaseUntil: string;
  /**
   * The channel of an earlier attempt whose outcome is unknown (it may have delivered), as the last
   * `unknown` outcome recorded it: deliver again on this channel with the same idempotency key, never
   * on a fallback — until the provider reports the message bounced or undelivered on this channel
   * (a `message-bounced`, or a `message-failed` without `contentHash`, in the claim's events), which
   * releases it: nothing was delivered there, and the message goes on to its fallback. The store
   * keeps the value; the dispatcher reads the claim's events for the release (and reads this value
   * only for a message whose events record no such attempt).
   */
  readonly unknownOn?: string;
}

/** Options of {@link ClaimStore.leaseOutbox}. */
export interface LeaseOutboxOptions {
  /** Who leases (a worker id), kept with the lease for operators. */
  readonly owner: string;
  /** The current instant (ISO 8601 with offset); leases and retry times are compared with it. */
  readonly now: string;
  /** How long the lease lasts, in seconds (longer than a send may take, timeout included). */
  readonly leaseSeconds: number;
  /** At most this many messages (default: all that are free). */
  readonly limit?: number;
}

/**
 * What became of a leased attempt: `sent`; `failed` for good; `released` — not tried (quiet hours,
 * a hold, a rest day): the lease is given back and the attempt not counted; `retry` — not delivered, try again
 * (at `retryAt`, if given); `unknown` — the send may have delivered (a timeout, a lost
 * connection): try again on the same `channel` with the same key (at `retryAt`), never fail over —
 * unless a report of non-delivery on that channel comes first (see {@link OutboxLease.unknownOn}).
 */
export type OutboxOutcome =
  | { readonly status: 'sent' | 'failed' | 'released' }
  | { readonly status: 'retry'; readonly retryAt?: string }
  | { readonly status: 'unknown'; readonly channel: string; readonly retryAt?: string };

/** One attempt's outcome for {@link ClaimStore.completeOutboxMany}. */
export interface OutboxCompletion {
  /** The attempt's id, as its lease gave it. */
  readonly attemptId: string;
  /** What became of it. */
  readonly outcome: OutboxOutcome;
}

/** What a store holds for one claim. */
export interface StoredClaim {
  /** Claim id. */
  readonly claimId: string;
  /** Debtor id (contact limits are per debtor). */
  readonly debtorId: string;
  /** Number of events; the version for optimistic concurrency. */
  readonly version: number;
  /** The ledger, hash-chained. */
  readonly entries: readonly AuditEntry<ClaimEvent>[];
  /** The next business date the claim needs a look, or null when it needs none (settled). */
  readonly nextReviewAt: IsoDate | null;
  /**
   * The claim's personal data kept apart from its entries (written with its first append), or its
   * tombstone after {@link ClaimStore.eraseDebtor}; absent when the claim was written without any.
   */
  readonly personalData?: PersonalDataHolding;
}

/** What {@link ClaimStore.eraseDebtor} did. */
export interface ErasureResult {
  /** The claims whose personal data was erased now, in claim-id order (already erased ones are not listed again). */
  readonly erased: readonly string[];
}

/** One atomic write: new ledger entries, the next review date, outbox messages, an idempotency key. */
export interface AppendRequest {
  /** Claim id. */
  readonly claimId: string;
  /** Debtor id. */
  readonly debtorId: string;
  /** The version the writer read; the write fails with a `conflict` error if the claim moved on. */
  readonly expectedVersion: number;
  /** New entries, continuing the claim's hash chain (seq = expectedVersion, …). */
  readonly entries: readonly AuditEntry<ClaimEvent>[];
  /** The next review date after this write. */
  readonly nextReviewAt: IsoDate | null;
  /** Messages to deliver, stored in the same transaction. */
  readonly outbox?: readonly OutboxMessage[];
  /** The command's idempotency key: a second write with the same key is refused with `conflict`. */
  readonly idempotencyKey?: string;
  /**
   * The fingerprint of the command the key was used for (written only with `idempotencyKey`): an
   * opaque string of at most 200 characters, `<command>:<hash of its content>`. The store keeps it
   * with the key and returns it unchanged from `findByIdempotencyKey`, so the engine can tell a
   * replay of the same command from a reuse of the key for another one (`idempotency_mismatch`).
   * Added in v1 without a version bump: a store that stores no fingerprint makes every reuse of a
   * key look like a replay, as before.
   */
  readonly idempotencyFingerprint?: string;
  /**
   * The claim's personal data, kept apart from its entries (only with the claim's first write,
   * whose `claim-created` event records the record's commitment): stored in the same transaction,
   * returned by `load`, removed by `eraseDebtor`.
   */
  readonly personalData?: PersonalDataRecord;
  /**
   * The claim's query projection after this write, as the writer already knows it
   * (`summarizeState` of the state it decided on, with the events of this write folded in): a store
   * that keeps a projection writes it as given instead of reading the claim's stream again. It must
   * equal `summarizeClaim` of the claim as stored after the write; the store checks that it is
   * about this claim, debtor, version (`expectedVersion + entries.length`) and next review date
   * (`ValidationError` otherwise). Absent: the store computes it from the stream. Added in v1
   * without a version bump.
   */
  readonly summary?: ClaimSummary;
}

/**
 * What became of one request of {@link ClaimStore.appendMany}: `appended` with the claim's new
 * version, or `conflict` — nothing of it was written (a stale `expectedVersion`, a claim created
 * meanwhile, an idempotency key or outbox message id already used) — with the error `append` would
 * have thrown.
 */
export type AppendManyOutcome =
  | { readonly claimId: string; readonly status: 'appended'; readonly version: number }
  | { readonly claimId: string; readonly status: 'conflict'; readonly error: ConflictError };

/** What a store remembers of a used idempotency key. */
export interface IdempotencyRecord {
  /** The claim the keyed write went to. */
  readonly claimId: string;
  /** The claim's version after that write. */
  readonly version: number;
  /** The `idempotencyFingerprint` written with the key, exactly; absent when none was written. */
  readonly fingerprint?: string;
}

/**
 * The storage port. Promises every adapter must keep (the conformance suite in `@mahnwerk/testing`
 * checks each):
 * - `append` is atomic: entries, next review date, outbox messages and idempotency key land
 *   together or not at all.
 * - `append` is optimistic: if the stored version is not `expectedVersion`, it throws a
 *   `MahnwerkError` with code `conflict` and writes nothing; of two concurrent writers with the same
 *   expected version exactly one succeeds.
 * - An idempotency key is stored once; a second `append` with the same key throws `conflict`.
 *   The key's fingerprint (`idempotencyFingerprint`) is stored with it in the same write and
 *   returned exactly by `findByIdempotencyKey`.
 * - `listDue` returns only claims with `nextReviewAt <= date`, ordered by claim id, paged.
 * - Entries come back exactly as written (same seq, hashes and event JSON).
 * - `leaseOutbox` hands each pending message to one dispatcher at a time: of concurrent callers,
 *   only one gets a message until its lease runs out (SQL: `for update skip locked`). Each lease
 *   counts an attempt and has its own `attemptId`; `completeOutbox` records an outcome only for the
 *   attempt that holds the lease — a late dispatcher whose lease was taken over records nothing.
 *   A message with a `retryAt` is not leased before that instant.
 * - `reopenOutbox` puts a failed message back to pending in one step (check and write together: of
 *   concurrent calls at most one answers true) and counts no attempt: its `attempts` stay as they
 *   were, so the next lease counts on from there (its attempt id follows the last one's) and a
 *   dispatcher that allows a number of attempts per channel gives the message's fallback all of them.
 *   Its lease, retry time and unknown outcome (`OutboxLease.unknownOn`) are cleared: the next
 *   `leaseOutbox` hands it out at once, without `unknownOn`. A message that is not failed is left
 *   exactly as it is.
 * - `reopenSentOutbox` does the same for a message completed as sent: it puts it back to pending in
 *   one step, only while it is sent (a conditional update: of concurrent calls exactly one answers
 *   true, every other false), counts no attempt, keeps its id (the channels' idempotency key) and
 *   every other field, and clears its lease, retry time and unknown outcome. A message that is not
 *   sent (pending, leased, waiting for its retry time, failed) is left exactly as it is.
 * - Personal data (`AppendRequest.personalData`) is stored apart from the entries and nowhere
 *   else, returned by `load` exactly as written; `eraseDebtor` removes every copy of it (data and
 *   salt) for all the debtor's claims in one step — afterwards no name, address, e-mail or phone of
 *   the debtor is anywhere in the store's tables — and leaves a tombstone (commitment, `erasedAt`).
 *   Entries, amounts, dates, outbox rows and hashes stay exactly as they were, so the chain verifies.
 *   It also forgets the fingerprints of the debtor's `create-claim` idempotency keys (they hash the
 *   personal data); the keys themselves stay.
 * - Queries (`queryClaims`, `claimTotals`, `outboxTotals`; optional — added in v1 without a version
 *   bump, a store without them cannot answer the facade's queries) read a projection the store
 *   keeps per claim: `summarizeClaim` of the claim as stored after its latest write, in the same
 *   transaction. `queryClaims` returns the claims that pass every filter given, ordered by the sort
 *   key and then the claim id (code-unit order) in the query's direction, at most `limit`; following
 *   `nextCursor` from the first page to the last returns every matching claim exactly once, even
 *   when many share a sort key. Amounts are compared and summed as exact decimals, never floats;
 *   `claimTotals` sums the principals per status, stage and currency.
 * - The projection holds what the claim holds beyond what it owed (`ClaimSummary.unapplied`, an
 *   overpayment owed back to the debtor), `summarizeClaim`'s figure — core's `unappliedMoneyOf`,
 *   never computed another way — written with the rest of the row whenever the claim's events are
 *   written; rows written before the store kept it are filled in before the store answers queries
 *   (e.g. by its migration step). `holdsUnapplied: true` in a filter selects the claims whose
 *   figure is above zero, and `unappliedTotals` (optional — added in v1 without a version bump)
 *   counts them and sums their figures exactly per currency, sorted by currency, from the
 *   projection alone: its cost follows the claims holding money, not the size of the book. A store
 *   without it cannot answer the facade's `unappliedTotals`.
 * - The projection holds the principal still open (`ClaimSummary.openPrincipal`: after payments as
 *   allocated under § 367 BGB, credit notes and write-downs), `summarizeClaim`'s figure — the
 *   principal of core's statement, never computed another way — written and filled in as
 *   `unapplied` is; `claimTotals` sums it per status, stage and currency beside the principal as
 *   created (`ClaimTotal.openPrincipal`). Filters and sort orders stay on the principal as created.
 * - `appendMany` (optional — added in v1 without a version bump; a host without it appends claim by
 *   claim) writes many claims' requests in one transaction, each with its own optimistic check:
 *   every request that holds is written, each exactly as `append` would write it; a request whose
 *   claim moved on (or whose idempotency key or outbox message id is already used, or used by an
 *   earlier request of the batch) is written not at all and reported as a `conflict` outcome; the
 *   others are not affected by it. A malformed request (the checks of `append`, or two requests for
 *   one claim) refuses the whole batch with a `ValidationError` and writes nothing; a database
 *   failure writes nothing. Outcomes come back in request order. Of two concurrent batches holding
 *   requests at the same expected version of a claim, exactly one writes it (or one of them fails
 *   as a whole with a retryable `conflict`).
 * - `loadMany` (optional) answers what `load` answers for each id, in the order given (null for a
 *   claim it does not hold), in one read; `contactsSinceMany` (optional) answers what
 *   `contactsSince` answers for each debtor given, together, by date and then write order.
 * - `completeOutboxMany` (optional — added in v1 without a version bump; a host without it records
 *   attempt by attempt) records many attempts' outcomes in one step, each exactly as
 *   `completeOutbox` would record it (only for the attempt that holds the lease), and answers for
 *   each, in the order given, what `completeOutbox` would have answered. A malformed call (an
 *   outcome `completeOutbox` refuses, an attempt id given twice) refuses the whole call with a
 *   `ValidationError` and records nothing.
 * - `lastRunDay` and `recordRunDay` (optional — added in v1 without a version bump; a store has both
 *   or neither) keep the latest business day a daily run was done for. `recordRunDay(day)` keeps the
 *   later of the day recorded and `day` in one atomic step: recording the same day again (a second
 *   run of the day, concurrent workers sharing it) leaves it, an earlier day never lowers it, and of
 *   concurrent records the latest day stays. `lastRunDay()` answers that day, null before the first
 *   record. The day is part of what the store holds (it survives a restart, a copy of the store
 *   carries it). Only a daily run records its day — once its decisions are stored, also when its
 *   sending then fails; a dispatch of the outbox records none. A host whose store has neither loses
 *   both refusals of a day before the last one run (`checkRunDay`): a run of such a day answers an
 *   empty run as if nothing were due, and a dispatch dated such a day writes `message-sent` and
 *   attempt events dated before decisions already recorded — the audit trail shows a letter as sent
 *   before a day the book had already been run for.
 */
export interface ClaimStore {
  /** Version of this port's contract. */
  readonly specificationVersion: 'v1';
  /** Loads a claim, or null. */
  load(claimId: string): Promise<StoredClaim | null>;
  /** Writes atomically; see the interface's promises. */
  append(request: AppendRequest): Promise<{ readonly version: number }>;
  /**
   * Writes many claims' requests in one transaction, each with its own optimistic check; conflicts
   * are reported per claim (see the interface's promises). Optional: a host appends claim by claim
   * without it.
   *
   * @param requests - at most one request per claim
   * @returns one outcome per request, in request order
   * @throws ValidationError when a request is malformed (nothing is written)
   */
  appendMany?(requests: readonly AppendRequest[]): Promise<readonly AppendManyOutcome[]>;
  /**
   * Loads many claims in one read. Optional: a host loads claim by claim without it.
   *
   * @param claimIds - the claims
   * @returns for each id, in the order given, the claim as `load` returns it, or null
   */
  loadMany?(claimIds: readonly string[]): Promise<readonly (StoredClaim | null)[]>;
  /**
   * Messages (any claim) to any of these debtors decided on or after `since`, by date and then
   * write order (`contactsSince` of many debtors in one read). Optional.
   */
  contactsSinceMany?(debtorIds: readonly string[], since: IsoDate): Promise<readonly OutboxMessage[]>;
  /** Claim ids due for review on or before `date`, ordered by id, after `cursor`, at most `limit`. */
  listDue(date: IsoDate, options?: { readonly limit?: number; readonly cursor?: string }): Promise<readonly string[]>;
  /**
   * The latest business day a daily run was recorded for with {@link ClaimStore.recordRunDay}, or
   * null when none was (see the interface's promises). `runDue` and `dispatch` refuse a day before
   * it. Optional, with `recordRunDay`; without them no earlier day is refused (see the interface's
   * promises for what a host loses).
   *
   * @returns the day, `YYYY-MM-DD`, or null
   */
  lastRunDay?(): Promise<IsoDate | null>;
  /**
   * Records that the daily run of `day` is done: keeps the later of `day` and the day recorded, in
   * one atomic step (see the interface's promises). `runDue` calls it once the day's claims are
   * decided and stored, before it delivers the outbox: a run whose sending then fails (a channel
   * throws, the dispatch fails as a whole) has still run its day — its decisions are written, and a
   * run of an earlier day would decide again on stale dates; its unsent messages stay queued for the
   * next dispatch. A dispatch never calls it. Optional, with `lastRunDay`.
   *
   * @param day - the business day run, `YYYY-MM-DD`
   * @throws DateError (code `invalid_date`, field `day`) when `day` is not a calendar day written
   *   `YYYY-MM-DD` (core's `parseIsoDate`); nothing is recorded
   */
  recordRunDay?(day: IsoDate): Promise<void>;
  /** The claim, version and command fingerprint an idempotency key was used for, or null. */
  findByIdempotencyKey(key: string): Promise<IdempotencyRecord | null>;
  /** Messages (any claim) to this debtor decided on or after `since`, for contact limits. */
  contactsSince(debtorId: string, since: IsoDate): Promise<readonly OutboxMessage[]>;
  /** Pending outbox messages, oldest first. */
  pendingOutbox(options?: { readonly limit?: number }): Promise<readonly OutboxMessage[]>;
  /**
   * Marks an outbox message sent, failed or pending, and counts the attempt. (The engine puts a
   * message back with {@link ClaimStore.reopenOutbox} or {@link ClaimStore.reopenSentOutbox}, which
   * count none.)
   */
  markOutbox(id: string, status: 'sent' | 'failed' | 'pending'): Promise<void>;
  /**
   * Puts a message completed as failed back to pending, in one step and only if it is failed, and
   * counts no attempt (see the interface's promises). The engine's `recordDelivery` (and, after a
   * crash between its write and this call, the daily run) calls it when a provider reports a message
   * given up on as one that may have gone as not delivered: it then goes out on its fallback with the
   * fallback's full number of tries.
   *
   * @param id - the outbox message id
   * @returns true when the message was failed and is pending now; false when it was not failed (pending, leased or sent: left as it is)
   * @throws ValidationError (field `id`) when no message with this id is stored
   */
  reopenOutbox(id: string): Promise<boolean>;
  /**
   * Puts a message completed as sent back to pending, in one step and only if it is sent, and counts
   * no attempt (see the interface's promises): of concurrent calls for one message exactly one
   * answers true; the message keeps its id, so the channel's idempotency key stays the same. The
   * engine's `recordDelivery` (and, after a crash between its write and this call, the daily run)
   * calls it when a provider reports a message that went out as bounced or not delivered on the
   * channel it went by and the message has its fallback left: it then goes out on its fallback with
   * the fallback's full number of tries. A call that answers false changed nothing: the message was
   * put back already (by a concurrent report, or an earlier call) or is not sent.
   *
   * Added in v1 without a version bump, as a required method (like `reopenOutbox`): a store of your
   * own must implement it; the conformance suite checks it (`claim-store/outbox-reopen-sent`).
   *
   * @param id - the outbox message id
   * @returns true when the message was sent and is pending now; false when it was not sent (pending, leased, failed: left as it is)
   * @throws ValidationError (field `id`) when no message with this id is stored
   */
  reopenSentOutbox(id: string): Promise<boolean>;
  /** Leases pending messages that are free (no live lease, retry time reached), oldest first; see the interface's promises. */
  leaseOutbox(options: LeaseOutboxOptions): Promise<readonly OutboxLease[]>;
  /** Records the outcome of a leased attempt and releases the lease; false when the attempt no longer holds it. */
  completeOutbox(attemptId: string, outcome: OutboxOutcome): Promise<boolean>;
  /**
   * Records many attempts' outcomes in one step (see the interface's promises). Optional: a host
   * records attempt by attempt with `completeOutbox` without it.
   *
   * @param completions - attempts and outcomes, each attempt at most once
   * @returns for each, in the order given, true when the attempt held its lease and its outcome was recorded
   * @throws ValidationError when a completion is malformed (nothing is recorded)
   */
  completeOutboxMany?(completions: readonly OutboxCompletion[]): Promise<readonly boolean[]>;
  /**
   * Erases the personal data of every claim of the debtor (GDPR Art. 17), keeping a tombstone;
   * idempotent (a second call erases nothing more). See the interface's promises.
   *
   * @param debtorId - the debtor
   * @param erasedAt - when (the injected clock's instant, ISO 8601), kept in the tombstone
   * @returns the claims erased now
   */
  eraseDebtor(debtorId: string, erasedAt: string): Promise<ErasureResult>;
  /** Ids of every claim of the debtor, in claim-id order (for GDPR export and erasure). */
  debtorClaimIds(debtorId: string): Promise<readonly string[]>;
  /** One page of claims matching the query (see the interface's promises). Optional: see there. */
  queryClaims?(query?: ClaimQuery): Promise<ClaimPage>;
  /** Claims counted and principals (as created, and still open) summed per status, stage and currency, of the claims passing `filter`; sorted by status, stage (none first), currency. */
  claimTotals?(filter?: ClaimFilter): Promise<readonly ClaimTotal[]>;
  /** Outbox messages counted per template, channel and status; sorted by those three. */
  outboxTotals?(): Promise<readonly OutboxTotal[]>;
  /**
   * The claims passing `filter` that hold money beyond what they owed (`unapplied` above zero in
   * their projection), counted and their `unapplied` amounts summed exactly per currency; sorted by
   * currency, no row for a currency without such a claim. Read from the projection, never by
   * loading claims (see the interface's promises). Optional: see there.
   *
   * @param filter - the claims to look at (as `claimTotals`'); `holdsUnapplied: false` leaves none
   * @returns one row per currency
   * @throws ValidationError naming the field of a malformed filter
   */
  unappliedTotals?(filter?: ClaimFilter): Promise<readonly UnappliedTotal[]>;
}
