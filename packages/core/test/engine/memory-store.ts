// A tiny in-memory ClaimStore for the engine tests (test-only; @mahnwerk/testing has the full one,
// which core cannot depend on). It keeps the port's promises the engine relies on: atomic,
// optimistic appends; idempotency keys stored once; listDue by nextReviewAt in id order; outbox;
// the last day run (lastRunDay, recordRunDay).
import {
  checkClaimQuery,
  compareSummaries,
  ConflictError,
  encodeClaimCursor,
  isAfterCursor,
  matchesClaimFilter,
  summarizeClaim,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxMessage,
  type PersonalDataHolding,
  type StoredClaim,
} from '../../src/index.js';

interface Row {
  claimId: string;
  debtorId: string;
  entries: AuditEntry<ClaimEvent>[];
  nextReviewAt: IsoDate | null;
}

export interface TestStore extends ClaimStore {
  /** Every outbox message ever written, as stored now. */
  outbox(): OutboxMessage[];
  /** Number of successful appends (to prove that a rejected command wrote nothing). */
  writes(): number;
  /** Every entry of every claim, in claim order. */
  allEvents(): ClaimEvent[];
  /** The port's optional last day run, always present here. */
  lastRunDay(): Promise<IsoDate | null>;
  recordRunDay(day: IsoDate): Promise<void>;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function memoryStore(): TestStore {
  const rows = new Map<string, Row>();
  const keys = new Map<string, { claimId: string; version: number; fingerprint?: string }>();
  const outbox: OutboxMessage[] = [];
  const leases = new Map<string, { until: number; attemptId: string | undefined; unknownOn: string | undefined }>();
  const personal = new Map<string, PersonalDataHolding>();
  let writes = 0;
  /** Back to pending from `from` in one synchronous step, the attempts as they were; no lease, retry time or unknown outcome. */
  const reopen = (id: string, from: 'failed' | 'sent'): Promise<boolean> => {
    const i = outbox.findIndex((m) => m.id === id);
    const m = outbox[i];
    if (m === undefined || m.status !== from) return Promise.resolve(false);
    outbox[i] = { ...m, status: 'pending' };
    leases.delete(id);
    return Promise.resolve(true);
  };
  let lastRun: IsoDate | null = null;
  return {
    specificationVersion: 'v1',
    load(claimId) {
      const row = rows.get(claimId);
      if (row === undefined) return Promise.resolve(null);
      const stored: StoredClaim = { claimId, debtorId: row.debtorId, version: row.entries.length, entries: copy(row.entries), nextReviewAt: row.nextReviewAt };
      const holding = personal.get(claimId);
      return Promise.resolve(holding === undefined ? stored : { ...stored, personalData: copy(holding) });
    },
    append(request: AppendRequest) {
      const row = rows.get(request.claimId);
      const version = row?.entries.length ?? 0;
      if (version !== request.expectedVersion) {
        return Promise.reject(new ConflictError(`expected version ${request.expectedVersion}, store has ${version}`, { retryable: true }));
      }
      if (request.idempotencyKey !== undefined && keys.has(request.idempotencyKey)) {
        return Promise.reject(new ConflictError(`idempotency key ${request.idempotencyKey} used`));
      }
      for (const m of request.outbox ?? []) {
        if (outbox.some((o) => o.id === m.id)) return Promise.reject(new ConflictError(`outbox id ${m.id} used`));
      }
      const target = row ?? { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null };
      target.entries.push(...copy(request.entries));
      target.nextReviewAt = request.nextReviewAt;
      rows.set(request.claimId, target);
      if (request.idempotencyKey !== undefined) {
        const fp = request.idempotencyFingerprint;
        keys.set(request.idempotencyKey, { claimId: request.claimId, version: target.entries.length, ...(fp === undefined ? {} : { fingerprint: fp }) });
      }
      outbox.push(...copy(request.outbox ?? []));
      if (request.personalData !== undefined) personal.set(request.claimId, { status: 'held', record: copy(request.personalData) });
      writes += 1;
      return Promise.resolve({ version: target.entries.length });
    },
    listDue(date, options = {}) {
      const ids = [...rows.values()]
        .filter((r) => r.nextReviewAt !== null && r.nextReviewAt <= date && (options.cursor === undefined || r.claimId > options.cursor))
        .map((r) => r.claimId)
        .sort();
      return Promise.resolve(ids.slice(0, options.limit ?? ids.length));
    },
    findByIdempotencyKey(key) {
      return Promise.resolve(keys.get(key) ?? null);
    },
    contactsSince(debtorId, since) {
      return Promise.resolve(copy(outbox.filter((m) => m.debtorId === debtorId && m.date >= since)));
    },
    pendingOutbox(options = {}) {
      const pending = outbox.filter((m) => m.status === 'pending');
      return Promise.resolve(copy(pending.slice(0, options.limit ?? pending.length)));
    },
    markOutbox(id, status) {
      const i = outbox.findIndex((m) => m.id === id);
      const m = outbox[i];
      if (m !== undefined) outbox[i] = { ...m, status, attempts: m.attempts + 1 };
      return Promise.resolve();
    },
    reopenOutbox(id) {
      return reopen(id, 'failed');
    },
    reopenSentOutbox(id) {
      return reopen(id, 'sent');
    },
    leaseOutbox(options) {
      const now = Date.parse(options.now);
      const free = outbox.filter((m) => m.status === 'pending' && (leases.get(m.id)?.until ?? 0) <= now).slice(0, options.limit ?? outbox.length);
      return Promise.resolve(
        free.map((m) => {
          const i = outbox.indexOf(m);
          const next = { ...m, attempts: m.attempts + 1 };
          outbox[i] = next;
          const attemptId = `${m.id}#${next.attempts}`;
          const unknownOn = leases.get(m.id)?.unknownOn;
          leases.set(m.id, { until: now + options.leaseSeconds * 1000, attemptId, unknownOn });
          return { message: copy(next), attemptId, leaseUntil: new Date(now + options.leaseSeconds * 1000).toISOString(), ...(unknownOn === undefined ? {} : { unknownOn }) };
        }),
      );
    },
    completeOutbox(attemptId, outcome) {
      const i = outbox.findIndex((m) => leases.get(m.id)?.attemptId === attemptId);
      const m = outbox[i];
      if (m === undefined || m.status !== 'pending') return Promise.resolve(false);
      if (outcome.status === 'sent' || outcome.status === 'failed') outbox[i] = { ...m, status: outcome.status };
      if (outcome.status === 'released') outbox[i] = { ...m, attempts: m.attempts - 1 };
      const retryAt = outcome.status === 'retry' || outcome.status === 'unknown' ? outcome.retryAt : undefined;
      const unknownOn = outcome.status === 'unknown' ? outcome.channel : leases.get(m.id)?.unknownOn;
      leases.set(m.id, { until: retryAt === undefined ? 0 : Date.parse(retryAt), attemptId: undefined, unknownOn });
      return Promise.resolve(true);
    },
    eraseDebtor(debtorId, erasedAt) {
      const erased: string[] = [];
      for (const [claimId, h] of personal) {
        if (h.status === 'held' && h.record.debtorId === debtorId) {
          personal.set(claimId, { status: 'erased', claimId, debtorId, commitment: h.record.commitment, erasedAt });
          erased.push(claimId);
        }
      }
      return Promise.resolve({ erased: erased.sort() });
    },
    // The query port as the memory store of @mahnwerk/testing answers it (core's own filter, order and cursor).
    queryClaims(query = {}) {
      const q = checkClaimQuery(query);
      const matching = [...rows.values()]
        .map((r) => summarizeClaim({ claimId: r.claimId, debtorId: r.debtorId, version: r.entries.length, nextReviewAt: r.nextReviewAt, entries: r.entries }))
        .filter((x) => matchesClaimFilter(x, q) && isAfterCursor(x, q))
        .sort((a, b) => compareSummaries(a, b, q.sort, q.order));
      const page = matching.slice(0, q.limit);
      const last = page[page.length - 1];
      return Promise.resolve({ claims: page, nextCursor: matching.length > q.limit && last !== undefined ? encodeClaimCursor(q, last) : null });
    },
    // The last day run, as the port promises it: the later of the day recorded and the day given.
    lastRunDay() {
      return Promise.resolve(lastRun);
    },
    recordRunDay(day) {
      if (lastRun === null || day > lastRun) lastRun = day;
      return Promise.resolve();
    },
    debtorClaimIds(debtorId) {
      return Promise.resolve([...rows.values()].filter((r) => r.debtorId === debtorId).map((r) => r.claimId).sort());
    },
    outbox: () => copy(outbox),
    writes: () => writes,
    allEvents: () => [...rows.values()].flatMap((r) => r.entries.map((e) => e.event)),
  };
}
