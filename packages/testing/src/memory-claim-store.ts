import {
  checkAppendContinues,
  checkAppendBatch,
  checkAppendRequest,
  checkCount,
  checkLeaseOptions,
  checkOutboxCompletions,
  checkOutboxOutcome,
  checkClaimFilter,
  checkClaimQuery,
  compareSummaries,
  compareText,
  compareTotals,
  encodeClaimCursor,
  instantFromMillis,
  matchesClaimFilter,
  isAfterCursor,
  sumAmounts,
  summarizeClaim,
  totalAmountString,
  type ClaimSummary,
  type ClaimTotal,
  type OutboxTotal,
  type UnappliedTotal,
  type OutboxLease,
  ConflictError,
  GENESIS_HASH,
  parseIsoDate,
  ValidationError,
  type AppendManyOutcome,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxMessage,
  type OutboxOutcome,
  type PersonalDataHolding,
  type StoredClaim,
} from '@mahnwerk/core';
import { copyJson } from './json-copy.js';

/** Options of {@link createMemoryClaimStore}. */
export interface MemoryClaimStoreOptions {
  /**
   * Check every appended entry against the hash chain: `seq` continues the stored chain,
   * `prevHash` links to the stored head and `hash` is the SHA-256 of the entry (default `true`).
   * A write that breaks the chain is refused with a `ValidationError` — a bug in the writer, not a
   * race. Switch it off only to save the hashing in very large simulations.
   */
  readonly verifyChain?: boolean;
}

/** The in-memory {@link ClaimStore}, with a few read-outs for tests. */
export interface MemoryClaimStore extends ClaimStore {
  /** Ids of all stored claims, in claim-id order. */
  claimIds(): readonly string[];
  /** Every outbox message ever written (any status), in write order, as copies. */
  outbox(): readonly OutboxMessage[];
  /** Everything the store holds (claims, entries, keys, outbox, personal data), as JSON text: what a grep of its tables would see. */
  dump(): string;
}

interface ClaimRecord {
  readonly claimId: string;
  readonly debtorId: string;
  entries: AuditEntry<ClaimEvent>[];
  nextReviewAt: IsoDate | null;
}

interface OutboxRecord {
  message: OutboxMessage;
  /** The live lease or retry time (ms since epoch); free when absent or reached. */
  leaseUntil?: number | undefined;
  /** The attempt that holds the lease. */
  attemptId?: string | undefined;
  /** The channel of an attempt whose outcome is unknown. */
  unknownOn?: string | undefined;
}

const statuses: ReadonlySet<string> = new Set(['pending', 'sent', 'failed']);

/** Code-unit order of ids, the order `listDue` promises (no locale rules). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * An in-memory {@link ClaimStore} that keeps every promise of the port, for tests, simulations
 * and demos (the reference the conformance suite is checked against):
 * - `append` is atomic and optimistic: a wrong `expectedVersion` throws a `ConflictError`
 *   (code `conflict`, retryable) and writes nothing; the check and the write happen in one
 *   synchronous step, so of two concurrent writers with the same expected version exactly one wins;
 * - an idempotency key is stored once, with its command fingerprint; reusing it throws a `ConflictError` and writes nothing; an
 *   outbox message id already stored is refused the same way (ids are the channels' idempotency keys);
 * - `findByIdempotencyKey` answers the claim, the version the keyed write produced and the fingerprint written with it;
 * - `listDue(date)` returns the claims whose `nextReviewAt <= date` in code-unit order of their
 *   ids, after `cursor`, at most `limit`;
 * - `contactsSince` returns the debtor's messages from all their claims (any status) decided on or
 *   after `since`, by date and then write order;
 * - `pendingOutbox` returns pending messages in write order; `markOutbox` sets the status and
 *   counts the attempt; `reopenOutbox` puts a failed message back to pending without counting one
 *   (and frees its lease, retry time and unknown outcome), and leaves any other as it is;
 *   `reopenSentOutbox` does the same for a sent message (check and write in one synchronous step, so
 *   of concurrent calls exactly one answers true);
 * - `recordRunDay` keeps the later of the day recorded and the day given, in one synchronous step
 *   (an earlier day never lowers it; of concurrent records the latest stays); `lastRunDay` answers it;
 * - `queryClaims`, `claimTotals`, `unappliedTotals` and `outboxTotals` filter, sort and count
 *   `summarizeClaim` of each claim (computed on first use after a write) with the port's own
 *   helpers, summing amounts exactly (`unappliedTotals` sums the summaries' `unapplied`, which
 *   `summarizeClaim` takes from core's `unappliedMoneyOf`; `claimTotals` sums the summaries'
 *   `principal` and `openPrincipal`, the principal still open after payments, credit notes and
 *   write-downs, which `summarizeClaim` reads off core's statement sums);
 * - everything goes in and comes out as a deep copy: changing what you passed in or got back never
 *   changes the store.
 *
 * Beyond the port it refuses malformed writes with a `ValidationError` naming the field: a first
 * write that does not start with `claim-created`, entries of another claim, a different debtor for
 * an existing claim, and (unless `verifyChain: false`) entries that do not continue the hash chain.
 *
 * @param options - whether to verify the hash chain on every write
 * @returns an empty store
 */
export function createMemoryClaimStore(options: MemoryClaimStoreOptions = {}): MemoryClaimStore {
  const verifyChain = options.verifyChain ?? true;
  const claims = new Map<string, ClaimRecord>();
  const keys = new Map<string, { readonly claimId: string; readonly version: number; readonly fingerprint?: string }>();
  const outbox: OutboxRecord[] = [];
  const outboxById = new Map<string, OutboxRecord>();
  /** Personal data per claim, apart from the entries; after erasure the tombstone. */
  const personal = new Map<string, PersonalDataHolding>();
  /** The latest day a daily run was recorded for. */
  let lastRun: IsoDate | null = null;

  function checkChain(request: AppendRequest, record: ClaimRecord | undefined): void {
    const head = record === undefined ? undefined : { debtorId: record.debtorId, headHash: record.entries[record.entries.length - 1]?.hash ?? GENESIS_HASH };
    checkAppendContinues(request, head, verifyChain);
  }

  /** The query rows, each computed when first asked for after a write to its claim. */
  const summaryCache = new Map<string, ClaimSummary>();

  function summaries(): ClaimSummary[] {
    const out: ClaimSummary[] = [];
    for (const record of claims.values()) {
      const summary =
        summaryCache.get(record.claimId) ??
        summarizeClaim({
        claimId: record.claimId,
        debtorId: record.debtorId,
        version: record.entries.length,
        entries: record.entries,
        nextReviewAt: record.nextReviewAt,
      });
      summaryCache.set(record.claimId, summary);
      out.push(summary);
    }
    return out;
  }

  function settle<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Why a (shape-checked) request cannot be written now — a stale version, a used idempotency key
   * or outbox message id (stored, or taken by an earlier request of the same batch) — or undefined;
   * throws a ValidationError when it does not continue the stored chain.
   */
  function conflictOf(request: AppendRequest, batchKeys: ReadonlySet<string>, batchMessages: ReadonlySet<string>): ConflictError | undefined {
    const record = claims.get(request.claimId);
    const stored = record?.entries.length ?? 0;
    if (stored !== request.expectedVersion) {
      return new ConflictError(
        `append to claim "${request.claimId}": expected version ${request.expectedVersion}, but the store holds version ${stored}` +
          (record === undefined ? ' (no such claim yet)' : '') +
          '; the claim moved on since it was read — load it again and decide again.',
        { field: 'expectedVersion', retryable: true },
      );
    }
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const used = keys.get(key);
      if (used !== undefined || batchKeys.has(key)) {
        return new ConflictError(
          `append to claim "${request.claimId}": idempotency key "${key}" was already used (` +
            (used === undefined ? 'by an earlier request of this batch' : `claim "${used.claimId}", version ${used.version}`) +
            '); the command already ran — look its result up with findByIdempotencyKey instead of writing again.',
          { field: 'idempotencyKey' },
        );
      }
    }
    const seen = new Set<string>();
    let conflict: ConflictError | undefined;
    (request.outbox ?? []).forEach((m, i) => {
      if (conflict === undefined && (outboxById.has(m.id) || seen.has(m.id) || batchMessages.has(m.id))) {
        conflict = new ConflictError(
          `append to claim "${request.claimId}": outbox message id "${m.id}" is already stored; message ids are the channels' idempotency keys and must be unique.`,
          { field: `outbox[${i}].id` },
        );
      }
      seen.add(m.id);
    });
    if (conflict !== undefined) return conflict;
    checkChain(request, record);
    return undefined;
  }

  /** Writes a checked request without a conflict, all of it at once; returns the claim's new version. */
  function write(request: AppendRequest): number {
    const record = claims.get(request.claimId);
    const entries = copyJson(request.entries) as AuditEntry<ClaimEvent>[];
    const target: ClaimRecord = record ?? { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null };
    target.entries.push(...entries);
    target.nextReviewAt = request.nextReviewAt;
    summaryCache.delete(request.claimId);
    claims.set(request.claimId, target);
    const version = target.entries.length;
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const fingerprint = request.idempotencyFingerprint;
      keys.set(key, { claimId: request.claimId, version, ...(fingerprint === undefined ? {} : { fingerprint }) });
    }
    if (request.personalData !== undefined) personal.set(request.claimId, { status: 'held', record: copyJson(request.personalData) });
    for (const m of request.outbox ?? []) {
      const stored: OutboxRecord = { message: copyJson(m) };
      outbox.push(stored);
      outboxById.set(m.id, stored);
    }
    return version;
  }

  /** The messages of the debtors `wanted` accepts decided on or after `since`, by date and write order, as copies. */
  function contactsOf(wanted: (debtorId: string) => boolean, since: IsoDate): OutboxMessage[] {
    return outbox
      .map((record, order) => ({ message: record.message, order }))
      .filter(({ message }) => wanted(message.debtorId) && message.date >= since)
      .sort((a, b) => compareIds(a.message.date, b.message.date) || a.order - b.order)
      .map(({ message }) => copyJson(message));
  }

  /** Records a checked outcome for the attempt that holds the lease (`completeOutbox` and `completeOutboxMany` alike); false when none does. */
  function completeAttempt(attemptId: string, outcome: OutboxOutcome, retryAtMs: number | undefined): boolean {
    const record = outbox.find((r) => r.attemptId === attemptId);
    if (record === undefined || record.message.status !== 'pending') return false;
    record.attemptId = undefined;
    if (outcome.status === 'sent' || outcome.status === 'failed') {
      record.message = { ...record.message, status: outcome.status };
      record.leaseUntil = undefined;
    } else if (outcome.status === 'released') {
      record.message = { ...record.message, attempts: record.message.attempts - 1 };
      record.leaseUntil = undefined;
    } else {
      record.leaseUntil = retryAtMs;
      if (outcome.status === 'unknown') record.unknownOn = outcome.channel;
    }
    return true;
  }

  /**
   * `reopenOutbox` (from `failed`) and `reopenSentOutbox` (from `sent`): back to pending in one synchronous
   * step (check and write together: of concurrent calls only the first finds the status), the id and the
   * attempts as they were, no lease, retry time or unknown outcome left.
   */
  function reopen(id: string, from: 'failed' | 'sent'): Promise<boolean> {
    const record = outboxById.get(id);
    if (record === undefined) {
      return Promise.reject(new ValidationError(`id: no outbox message "${id}" is stored; reopen only ids the store holds.`, { field: 'id' }));
    }
    if (record.message.status !== from) return Promise.resolve(false);
    record.message = { ...record.message, status: 'pending' };
    record.leaseUntil = undefined;
    record.attemptId = undefined;
    record.unknownOn = undefined;
    return Promise.resolve(true);
  }

  const store: MemoryClaimStore = {
    specificationVersion: 'v1',

    load(claimId) {
      const record = claims.get(claimId);
      if (record === undefined) return Promise.resolve(null);
      const claim: StoredClaim = {
        claimId: record.claimId,
        debtorId: record.debtorId,
        version: record.entries.length,
        entries: copyJson(record.entries),
        nextReviewAt: record.nextReviewAt,
      };
      const holding = personal.get(claimId);
      return Promise.resolve(holding === undefined ? claim : { ...claim, personalData: copyJson(holding) });
    },

    append(request) {
      // Everything below runs in one synchronous step: no other write can slip in between the
      // checks and the write.
      try {
        checkAppendRequest(request);
        const conflict = conflictOf(request, new Set(), new Set());
        if (conflict !== undefined) throw conflict;
        return Promise.resolve({ version: write(request) });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    appendMany(requests) {
      // One synchronous step, as append: every check first (a malformed request refuses the
      // batch before anything is written), then the writes of the requests without a conflict.
      try {
        checkAppendBatch(requests);
        const batchKeys = new Set<string>();
        const batchMessages = new Set<string>();
        const conflicts = requests.map((request) => {
          const conflict = conflictOf(request, batchKeys, batchMessages);
          if (conflict === undefined) {
            if (request.idempotencyKey !== undefined) batchKeys.add(request.idempotencyKey);
            for (const m of request.outbox ?? []) batchMessages.add(m.id);
          }
          return conflict;
        });
        const outcomes = requests.map((request, i): AppendManyOutcome => {
          const error = conflicts[i];
          return error === undefined
            ? { claimId: request.claimId, status: 'appended', version: write(request) }
            : { claimId: request.claimId, status: 'conflict', error };
        });
        return Promise.resolve(outcomes);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    loadMany(claimIds) {
      if (!Array.isArray(claimIds)) return Promise.reject(new ValidationError(`claimIds: expected a list of claim ids, got ${describe(claimIds)}.`, { field: 'claimIds' }));
      return Promise.all(claimIds.map((id) => store.load(id)));
    },

    contactsSinceMany(debtorIds, since) {
      try {
        parseIsoDate(since, 'since');
        if (!Array.isArray(debtorIds)) throw new ValidationError(`debtorIds: expected a list of debtor ids, got ${describe(debtorIds)}.`, { field: 'debtorIds' });
        const wanted = new Set(debtorIds);
        return Promise.resolve(contactsOf((debtorId) => wanted.has(debtorId), since));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    listDue(date, listOptions = {}) {
      try {
        parseIsoDate(date, 'date');
        const limit = listOptions.limit === undefined ? Number.POSITIVE_INFINITY : checkCount(listOptions.limit, 'limit');
        const cursor = listOptions.cursor;
        if (cursor !== undefined && typeof cursor !== 'string') {
          throw new ValidationError(`cursor: expected the last claim id of the previous page, got ${describe(cursor)}.`, { field: 'cursor' });
        }
        const due: string[] = [];
        for (const record of claims.values()) {
          if (record.nextReviewAt !== null && record.nextReviewAt <= date && (cursor === undefined || record.claimId > cursor)) {
            due.push(record.claimId);
          }
        }
        due.sort(compareIds);
        return Promise.resolve(due.slice(0, Math.min(limit, due.length)));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    findByIdempotencyKey(key) {
      const used = keys.get(key);
      return Promise.resolve(used === undefined ? null : { ...used });
    },

    contactsSince(debtorId, since) {
      try {
        parseIsoDate(since, 'since');
        return Promise.resolve(contactsOf((d) => d === debtorId, since));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    pendingOutbox(pendingOptions = {}) {
      try {
        const limit = pendingOptions.limit === undefined ? Number.POSITIVE_INFINITY : checkCount(pendingOptions.limit, 'limit');
        const pending: OutboxMessage[] = [];
        for (const record of outbox) {
          if (pending.length >= limit) break;
          if (record.message.status === 'pending') pending.push(copyJson(record.message));
        }
        return Promise.resolve(pending);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    markOutbox(id, status) {
      const record = outboxById.get(id);
      if (record === undefined) {
        return Promise.reject(
          new ValidationError(`id: no outbox message "${id}" is stored; mark only ids that pendingOutbox returned.`, { field: 'id' }),
        );
      }
      if (!statuses.has(status)) {
        return Promise.reject(
          new ValidationError(`status: expected "pending", "sent" or "failed", got ${describe(status)}.`, { field: 'status' }),
        );
      }
      record.message = { ...record.message, status, attempts: record.message.attempts + 1 };
      return Promise.resolve();
    },

    reopenOutbox(id) {
      return reopen(id, 'failed');
    },

    reopenSentOutbox(id) {
      return reopen(id, 'sent');
    },

    leaseOutbox(options) {
      try {
        // One synchronous step: no other caller can lease the same message in between.
        const { nowMs, leaseMs, limit } = checkLeaseOptions(options);
        const leased: OutboxLease[] = [];
        for (const record of outbox) {
          if (limit !== undefined && leased.length >= limit) break;
          if (record.message.status !== 'pending' || (record.leaseUntil !== undefined && record.leaseUntil > nowMs)) continue;
          const attempts = record.message.attempts + 1;
          record.message = { ...record.message, attempts };
          record.leaseUntil = nowMs + leaseMs;
          record.attemptId = `${record.message.id}#${attempts}`;
          leased.push({
            message: copyJson(record.message),
            attemptId: record.attemptId,
            leaseUntil: instantFromMillis(record.leaseUntil),
            ...(record.unknownOn === undefined ? {} : { unknownOn: record.unknownOn }),
          });
        }
        return Promise.resolve(leased);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    completeOutbox(attemptId, outcome) {
      try {
        const { retryAtMs } = checkOutboxOutcome(outcome);
        return Promise.resolve(completeAttempt(attemptId, outcome, retryAtMs));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    completeOutboxMany(completions) {
      try {
        const retryAt = checkOutboxCompletions(completions);
        return Promise.resolve(completions.map((c, i) => completeAttempt(c.attemptId, c.outcome, retryAt[i])));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    eraseDebtor(debtorId, erasedAt) {
      try {
        if (typeof debtorId !== 'string' || debtorId === '') throw new ValidationError(`debtorId: expected a non-empty string, got ${describe(debtorId)}.`, { field: 'debtorId' });
        if (typeof erasedAt !== 'string' || erasedAt === '') throw new ValidationError(`erasedAt: expected an ISO 8601 instant, got ${describe(erasedAt)}.`, { field: 'erasedAt' });
        const erased: string[] = [];
        for (const [claimId, holding] of personal) {
          if (holding.status !== 'held' || holding.record.debtorId !== debtorId) continue;
          personal.set(claimId, { status: 'erased', claimId, debtorId, commitment: holding.record.commitment, erasedAt });
          erased.push(claimId);
        }
        // The create-claim fingerprints hash the personal data: forget them, keep the keys.
        for (const [key, used] of keys) {
          const record = claims.get(used.claimId);
          if (record?.debtorId === debtorId && used.fingerprint?.startsWith('create-claim:') === true) keys.set(key, { claimId: used.claimId, version: used.version });
        }
        return Promise.resolve({ erased: erased.sort(compareIds) });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    lastRunDay() {
      return Promise.resolve(lastRun);
    },

    recordRunDay(day) {
      return settle(() => {
        const checked = parseIsoDate(day, 'day');
        // The later of the two, in the same synchronous step as the read: concurrent records keep the latest.
        if (lastRun === null || checked > lastRun) lastRun = checked;
      });
    },

    debtorClaimIds(debtorId) {
      return Promise.resolve([...claims.values()].filter((c) => c.debtorId === debtorId).map((c) => c.claimId).sort(compareIds));
    },

    dump() {
      return JSON.stringify({
        claims: [...claims.values()],
        keys: [...keys.entries()],
        outbox: outbox.map((r) => r.message),
        personal: [...personal.values()],
      });
    },

    queryClaims(query = {}) {
      return settle(() => {
        const q = checkClaimQuery(query);
        const matching = summaries()
          .filter((x) => matchesClaimFilter(x, q) && isAfterCursor(x, q))
          .sort((a, b) => compareSummaries(a, b, q.sort, q.order));
        const page = matching.slice(0, q.limit).map((x) => copyJson(x));
        const last = page[page.length - 1];
        return { claims: page, nextCursor: matching.length > q.limit && last !== undefined ? encodeClaimCursor(q, last) : null };
      });
    },

    claimTotals(filter = {}) {
      return settle(() => {
        const f = checkClaimFilter(filter);
        const groups = new Map<string, { row: Omit<ClaimTotal, 'count' | 'amount' | 'openPrincipal'>; amounts: string[]; open: string[] }>();
        for (const x of summaries()) {
          if (!matchesClaimFilter(x, f)) continue;
          const key = JSON.stringify([x.status, x.stage, x.currency]);
          const group = groups.get(key) ?? { row: { status: x.status, stage: x.stage, currency: x.currency }, amounts: [], open: [] };
          group.amounts.push(x.principal);
          group.open.push(x.openPrincipal);
          groups.set(key, group);
        }
        return [...groups.values()]
          .map(
            ({ row, amounts, open }): ClaimTotal => ({
              ...row,
              count: amounts.length,
              amount: totalAmountString(sumAmounts(amounts), row.currency),
              openPrincipal: totalAmountString(sumAmounts(open), row.currency),
            }),
          )
          .sort(compareTotals);
      });
    },

    unappliedTotals(filter = {}) {
      return settle(() => {
        const f = checkClaimFilter(filter);
        const groups = new Map<string, string[]>();
        for (const x of summaries()) {
          // `holdsUnapplied: false` with "holding money" leaves no claim.
          if (f.holdsUnapplied === false || !matchesClaimFilter(x, { ...f, holdsUnapplied: true })) continue;
          groups.set(x.currency, [...(groups.get(x.currency) ?? []), x.unapplied]);
        }
        return [...groups]
          .map(([currency, amounts]): UnappliedTotal => ({ currency, count: amounts.length, amount: totalAmountString(sumAmounts(amounts), currency) }))
          .sort((a, b) => compareText(a.currency, b.currency));
      });
    },

    outboxTotals() {
      return settle(() => {
        const counts = new Map<string, OutboxTotal>();
        for (const { message: m } of outbox) {
          const key = JSON.stringify([m.template, m.channel, m.status]);
          const row = counts.get(key);
          counts.set(key, { template: m.template, channel: m.channel, status: m.status, count: (row?.count ?? 0) + 1 });
        }
        return [...counts.values()].sort((a, b) => compareText(a.template, b.template) || compareText(a.channel, b.channel) || compareText(a.status, b.status));
      });
    },

    claimIds() {
      return [...claims.keys()].sort(compareIds);
    },

    outbox() {
      return outbox.map((record) => copyJson(record.message));
    },
  };
  return store;
}
