import { ConflictError, type AppendRequest, type AuditEntry, type ClaimEvent, type ClaimStore, type IsoDate, type OutboxMessage } from '@mahnwerk/core';

/** One way a store can break a promise of the ClaimStore port. */
export type Flaw =
  | 'ignores-expected-version'
  | 'check-then-await'
  | 'ignores-idempotency-keys'
  | 'writes-before-key-check'
  | 'stores-key-of-refused-write'
  | 'key-answers-expected-version'
  | 'drops-fingerprint'
  | 'wrong-error-code'
  | 'list-due-exclusive'
  | 'list-due-unsorted'
  | 'cursor-inclusive'
  | 'ignores-limit'
  | 'contacts-one-claim'
  | 'contacts-exclusive-since'
  | 'outbox-sorted-by-id'
  | 'mark-without-attempt'
  | 'live-references'
  | 'keeps-caller-objects'
  | 'drops-unicode'
  | 'keeps-first-review-date'
  | 'reports-written-count'
  | 'drops-outbox-options'
  | 'load-missing-throws'
  | 'wrong-specification-version';

interface Claim {
  claimId: string;
  debtorId: string;
  entries: AuditEntry<ClaimEvent>[];
  nextReviewAt: IsoDate | null;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A small, independent in-memory store that is correct with no flaws and breaks exactly one
 * promise per flaw — to prove that the conformance checks catch each.
 */
export function createFlawedStore(...flaws: Flaw[]): ClaimStore {
  const has = (flaw: Flaw): boolean => flaws.includes(flaw);
  const out = <T>(value: T): T => (has('live-references') ? value : copy(value));
  const into = <T>(value: T): T => (has('keeps-caller-objects') ? value : copy(value));
  const claims = new Map<string, Claim>();
  const keys = new Map<string, { claimId: string; version: number; fingerprint?: string }>();
  const outbox: OutboxMessage[] = [];

  function conflict(message: string): Error {
    return has('wrong-error-code') ? new Error(message) : new ConflictError(message);
  }

  function write(request: AppendRequest): number {
    const claim = claims.get(request.claimId) ?? { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null };
    let entries = into(request.entries) as AuditEntry<ClaimEvent>[];
    if (has('drops-unicode')) entries = JSON.parse(JSON.stringify(entries).replace(/[^\x00-\x7f]/g, '?')) as AuditEntry<ClaimEvent>[];
    if (has('keeps-caller-objects')) claim.entries = claim.entries.concat(entries);
    else claim.entries.push(...entries);
    if (!has('keeps-first-review-date') || claim.entries.length === entries.length) claim.nextReviewAt = request.nextReviewAt;
    claims.set(request.claimId, claim);
    for (const m of request.outbox ?? []) {
      const stored = into(m);
      if (has('drops-outbox-options')) {
        const { fallbackChannel: _f, notBefore: _n, ...rest } = stored;
        outbox.push(rest);
      } else outbox.push(stored);
    }
    return has('reports-written-count') ? entries.length : claim.entries.length;
  }

  function checkVersion(request: AppendRequest): void {
    const stored = claims.get(request.claimId)?.entries.length ?? 0;
    if (!has('ignores-expected-version') && stored !== request.expectedVersion) throw conflict(`expected ${request.expectedVersion}, stored ${stored}`);
  }

  function checkKey(request: AppendRequest): void {
    if (request.idempotencyKey !== undefined && !has('ignores-idempotency-keys') && keys.has(request.idempotencyKey)) {
      throw conflict(`key ${request.idempotencyKey} used`);
    }
  }

  function storeKey(request: AppendRequest, version: number): void {
    if (request.idempotencyKey !== undefined && !keys.has(request.idempotencyKey)) {
      const fingerprint = has('drops-fingerprint') ? undefined : request.idempotencyFingerprint;
      keys.set(request.idempotencyKey, {
        claimId: request.claimId,
        version: has('key-answers-expected-version') ? request.expectedVersion : version,
        ...(fingerprint === undefined ? {} : { fingerprint }),
      });
    }
  }

  return {
    specificationVersion: (has('wrong-specification-version') ? 'v0' : 'v1') as 'v1',
    load(claimId) {
      const claim = claims.get(claimId);
      if (claim === undefined) return has('load-missing-throws') ? Promise.reject(new Error(`no claim ${claimId}`)) : Promise.resolve(null);
      return Promise.resolve(
        has('live-references')
          ? (Object.assign(claim, { version: claim.entries.length }) as Claim & { version: number })
          : { ...copy(claim), version: claim.entries.length },
      );
    },
    async append(request) {
      if (has('stores-key-of-refused-write')) storeKey(request, request.expectedVersion + request.entries.length);
      checkVersion(request);
      if (has('check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      if (has('writes-before-key-check')) {
        const version = write(request);
        checkKey(request);
        storeKey(request, version);
        return { version };
      }
      if (!has('stores-key-of-refused-write')) checkKey(request);
      const version = write(request);
      storeKey(request, version);
      return { version };
    },
    listDue(date, options = {}) {
      let due = [...claims.values()].filter((c) => c.nextReviewAt !== null && (has('list-due-exclusive') ? c.nextReviewAt < date : c.nextReviewAt <= date)).map((c) => c.claimId);
      if (!has('list-due-unsorted')) due.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const cursor = options.cursor;
      if (cursor !== undefined) due = due.filter((id) => (has('cursor-inclusive') ? id >= cursor : id > cursor));
      if (options.limit !== undefined && !has('ignores-limit')) due = due.slice(0, options.limit);
      return Promise.resolve(out(due));
    },
    findByIdempotencyKey(key) {
      const found = keys.get(key);
      return Promise.resolve(found === undefined ? null : { ...found });
    },
    contactsSince(debtorId, since) {
      let found = outbox.filter((m) => m.debtorId === debtorId && (has('contacts-exclusive-since') ? m.date > since : m.date >= since));
      if (has('contacts-one-claim')) found = found.filter((m) => m.claimId === found[0]?.claimId);
      return Promise.resolve(found.map(out));
    },
    pendingOutbox(options = {}) {
      let pending = outbox.filter((m) => m.status === 'pending');
      if (has('outbox-sorted-by-id')) pending = [...pending].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (options.limit !== undefined) pending = pending.slice(0, options.limit);
      return Promise.resolve(pending.map(out));
    },
    markOutbox(id, status) {
      const i = outbox.findIndex((m) => m.id === id);
      const m = outbox[i];
      if (m !== undefined) outbox[i] = { ...m, status, attempts: has('mark-without-attempt') ? m.attempts : m.attempts + 1 };
      return Promise.resolve();
    },
  };
}
