import type { ClaimStoreTables } from '../../src/index.js';
import {
  checkAppendBatch,
  checkAppendContinues,
  checkClaimQuery,
  checkOutboxCompletions,
  checkOutboxOutcome,
  checkPersonalDataRecord,
  ConflictError,
  parseIsoDate,
  summarizeClaim,
  ValidationError,
  type AppendManyOutcome,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimQuery,
  type ClaimStore,
  type ClaimSummary,
  type ClaimTotal,
  type IsoDate,
  type OutboxMessage,
  type OutboxOutcome,
  type PersonalDataHolding,
} from '@mahnwerk/core';

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
  | 'reopen-counts-attempt'
  | 'reopen-any-status'
  | 'reopen-keeps-unknown'
  | 'reopen-sent-counts-attempt'
  | 'reopen-sent-any-status'
  | 'reopen-sent-check-then-await'
  | 'reopen-sent-keeps-unknown'
  | 'reopen-sent-not-persisted'
  | 'live-references'
  | 'keeps-caller-objects'
  | 'drops-unicode'
  | 'keeps-first-review-date'
  | 'reports-written-count'
  | 'drops-outbox-options'
  | 'load-missing-throws'
  | 'wrong-specification-version'
  | 'outbox-before-version-check'
  | 'outbox-not-persisted'
  | 'claim-row-before-key-check'
  | 'amounts-through-floats'
  | 'caps-streams-at-1000'
  | 'list-due-locale-order'
  | 'list-due-scans-first-100'
  | 'lease-check-then-await'
  | 'complete-ignores-attempt'
  | 'retry-ignores-retry-at'
  | 'personal-data-dropped'
  | 'personal-data-any-write'
  | 'erase-all-debtors'
  | 'erase-keeps-copy'
  | 'erase-keeps-fingerprint'
  | 'query-drops-stage-null'
  | 'summary-keeps-tag-order'
  | 'amount-sorted-as-text'
  | 'query-cursor-inclusive'
  | 'query-cursor-key-only'
  | 'summary-at-creation-only'
  | 'totals-through-floats'
  | 'outbox-totals-ignore-status'
  | 'query-accepts-anything'
  | 'append-many-outcomes-by-claim-id'
  | 'append-many-ignores-batch-keys'
  | 'append-many-writes-before-checks'
  | 'append-many-check-then-await'
  | 'load-many-skips-missing'
  | 'contacts-many-by-debtor'
  | 'summary-unchecked'
  | 'complete-many-answers-by-id'
  | 'complete-many-ignores-attempt'
  | 'complete-many-records-before-checks'
  | 'unapplied-ignores-refunds'
  | 'open-principal-ignores-adjustments'
  | 'run-day-overwrites'
  | 'run-day-check-then-await'
  | 'run-day-unchecked';

interface Claim {
  claimId: string;
  debtorId: string;
  entries: AuditEntry<ClaimEvent>[];
  nextReviewAt: IsoDate | null;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** An integer of 10^-6 units as a decimal string with `digits` decimals. */
function formatScaled(units: bigint, digits: number): string {
  const whole = units / 1_000_000n;
  const frac = (units % 1_000_000n).toString().padStart(6, '0').slice(0, digits);
  return digits === 0 ? whole.toString() : `${whole}.${frac}`;
}

/**
 * A small, independent in-memory store that is correct with no flaws and breaks exactly one
 * promise per flaw — to prove that the conformance checks catch each.
 */
export function createFlawedStore(...flaws: Flaw[]): ClaimStore & { tables: ClaimStoreTables } {
  const has = (flaw: Flaw): boolean => flaws.includes(flaw);
  const out = <T>(value: T): T => (has('live-references') ? value : copy(value));
  const into = <T>(value: T): T => (has('keeps-caller-objects') ? value : copy(value));
  const claims = new Map<string, Claim>();
  const keys = new Map<string, { claimId: string; version: number; fingerprint?: string }>();
  const outbox: OutboxMessage[] = [];
  /** What the store's "tables" hold of the outbox; with 'outbox-not-persisted' the messages stay in `outbox` only. */
  const persistedOutbox: OutboxMessage[] = [];
  const written: string[] = [];
  const personal = new Map<string, PersonalDataHolding>();
  /** With 'erase-keeps-copy': a "log table" that keeps every personal-data record written. */
  const personalLog: unknown[] = [];
  const leases = new Map<string, { until: number; attemptId: string | undefined; unknownOn: string | undefined }>();
  /** The latest day a daily run was recorded for. */
  let lastRun: IsoDate | null = null;

  function conflict(message: string): Error {
    return has('wrong-error-code') ? new Error(message) : new ConflictError(message);
  }

  function write(request: AppendRequest): number {
    const claim = claims.get(request.claimId) ?? { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null };
    let entries = into(request.entries) as AuditEntry<ClaimEvent>[];
    if (has('amounts-through-floats')) {
      entries = JSON.parse(JSON.stringify(entries), (key, value: unknown) => (key === 'amount' && typeof value === 'string' ? Number(value).toFixed(2) : value)) as AuditEntry<ClaimEvent>[];
    }
    if (has('caps-streams-at-1000')) entries = entries.slice(0, Math.max(0, 1000 - claim.entries.length));
    if (has('drops-unicode')) entries = JSON.parse(JSON.stringify(entries).replace(/[^\x00-\x7f]/g, '?')) as AuditEntry<ClaimEvent>[];
    if (has('keeps-caller-objects')) claim.entries = claim.entries.concat(entries);
    else claim.entries.push(...entries);
    if (!has('keeps-first-review-date') || claim.entries.length === entries.length) claim.nextReviewAt = request.nextReviewAt;
    if (!claims.has(request.claimId)) written.push(request.claimId);
    claims.set(request.claimId, claim);
    if (!has('outbox-before-version-check')) writeOutbox(request);
    if (request.personalData !== undefined && !has('personal-data-dropped')) {
      personal.set(request.claimId, { status: 'held', record: copy(request.personalData) });
      if (has('erase-keeps-copy')) personalLog.push(copy(request.personalData));
    }
    return has('reports-written-count') ? entries.length : claim.entries.length;
  }

  function writeOutbox(request: AppendRequest): void {
    for (const m of request.outbox ?? []) {
      if (!has('outbox-not-persisted')) persistedOutbox.push(copy(m));
      const stored = into(m);
      if (has('drops-outbox-options')) {
        const { fallbackChannel: _f, notBefore: _n, ...rest } = stored;
        outbox.push(rest);
      } else outbox.push(stored);
    }
  }

  function checkOutboxIds(request: AppendRequest): void {
    for (const m of request.outbox ?? []) if (outbox.some((o) => o.id === m.id)) throw conflict(`outbox id ${m.id} stored`);
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

  const summaries = new Map<string, ClaimSummary>();
  const summarize = (c: Claim): ClaimSummary => {
    const known = summaries.get(c.claimId);
    if (known !== undefined && has('summary-at-creation-only')) return known;
    const x = summarizeClaim({ ...c, version: c.entries.length });
    const tagged = has('summary-keeps-tag-order') ? { ...x, tags: [...(c.entries[0]?.event.type === 'claim-created' ? (c.entries[0].event.claim.tags ?? []) : [])] } : x;
    // A second way to the figure: the payments' unapplied parts summed, refunds and chargebacks forgotten.
    const row = has('unapplied-ignores-refunds')
      ? {
          ...tagged,
          unapplied: formatScaled(
            c.entries.reduce((sum, e) => sum + (e.event.type === 'payment-received' ? scaled(e.event.allocation.unapplied) : 0n), 0n),
            x.currency === 'JPY' ? 0 : 2,
          ),
        }
      : tagged;
    // A second way to the open principal: the principal as created less the payments' principal parts, credit notes, write-downs and chargebacks forgotten.
    const opened = has('open-principal-ignores-adjustments')
      ? {
          ...row,
          openPrincipal: formatScaled(
            c.entries.reduce((open, e) => open - (e.event.type === 'payment-received' ? scaled(e.event.allocation.principal) : 0n), scaled(x.principal)),
            x.currency === 'JPY' ? 0 : 2,
          ),
        }
      : row;
    summaries.set(c.claimId, opened);
    return opened;
  };
  /** An amount as an integer of 10^-6 units (the fixtures have at most 2 decimals): exact ordering without decimal.js. */
  function scaled(x: string): bigint {
    const [whole = '0', frac = ''] = x.split('.');
    return BigInt(whole) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  }
  const keyOf = (x: ClaimSummary, sort: string): string => (sort === 'amount' ? x.principal : sort === 'dueDate' ? x.dueDate : x.claimId);
  const cmpKeys = (sort: string, a: string, b: string): number => {
    if (sort === 'amount' && !has('amount-sorted-as-text')) {
      const d = scaled(a) - scaled(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const passes = (x: ClaimSummary, q: ClaimQuery): boolean =>
    (q.status === undefined || q.status.includes(x.status)) &&
    (q.stage === undefined || (has('query-drops-stage-null') ? x.stage !== null && q.stage.includes(x.stage) : q.stage.includes(x.stage))) &&
    (q.debtorId === undefined || x.debtorId === q.debtorId) &&
    (q.tag === undefined || x.tags.includes(q.tag)) &&
    (q.currency === undefined || x.currency === q.currency) &&
    (q.amountMin === undefined || cmpKeys('amount', x.principal, q.amountMin) >= 0) &&
    (q.amountMax === undefined || cmpKeys('amount', x.principal, q.amountMax) <= 0) &&
    (q.dueFrom === undefined || x.dueDate >= q.dueFrom) &&
    (q.dueTo === undefined || x.dueDate <= q.dueTo) &&
    (q.holdsUnapplied === undefined || scaled(x.unapplied) > 0n === q.holdsUnapplied);

  /** The outbox row as the tables hold it follows the message's status and attempts (once it was persisted). */
  const persist = (m: OutboxMessage): void => {
    const p = persistedOutbox.findIndex((x) => x.id === m.id);
    const pm = persistedOutbox[p];
    if (pm !== undefined) persistedOutbox[p] = { ...pm, status: m.status, attempts: m.attempts };
  };

  /** Records an attempt's outcome (completeOutbox and completeOutboxMany); `anyAttempt`: without checking it holds the lease. */
  const complete = (attemptId: string, outcome: OutboxOutcome, anyAttempt: boolean): boolean => {
    const id = attemptId.slice(0, attemptId.lastIndexOf('#'));
    const lease = leases.get(id);
    const i = outbox.findIndex((m) => m.id === id);
    const m = outbox[i];
    if (m === undefined || lease === undefined || m.status !== 'pending' || (!anyAttempt && lease.attemptId !== attemptId)) return false;
    if (outcome.status === 'sent' || outcome.status === 'failed') outbox[i] = { ...m, status: outcome.status };
    if (outcome.status === 'released') outbox[i] = { ...m, attempts: m.attempts - 1 };
    persist(outbox[i] as OutboxMessage);
    const retryAt = outcome.status === 'retry' || outcome.status === 'unknown' ? outcome.retryAt : undefined;
    leases.set(id, {
      until: retryAt === undefined || has('retry-ignores-retry-at') ? 0 : Date.parse(retryAt),
      attemptId: undefined,
      unknownOn: outcome.status === 'unknown' ? outcome.channel : lease.unknownOn,
    });
    return true;
  };

  const store: ClaimStore & { tables: ClaimStoreTables } = {
    async queryClaims(query = {}) {
      const q = has('query-accepts-anything') ? { sort: 'claimId' as const, order: 'asc' as const, limit: 100, ...query } : checkClaimQuery(query);
      const sort = q.sort ?? 'claimId';
      const sign = q.order === 'desc' ? -1 : 1;
      const cmp = (a: ClaimSummary, b: ClaimSummary): number => sign * (cmpKeys(sort, keyOf(a, sort), keyOf(b, sort)) || (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
      let rows = [...claims.values()].map(summarize).filter((x) => passes(x, q)).sort(cmp);
      if (query.cursor !== undefined) {
        const [, , key, id] = JSON.parse(query.cursor) as string[];
        const pivot = { claimId: id as string, principal: key as string, dueDate: key as IsoDate } as ClaimSummary;
        rows = rows.filter((x) => {
          if (has('query-cursor-key-only')) return sign * cmpKeys(sort, keyOf(x, sort), keyOf(pivot, sort)) > 0 || (sort === 'claimId' && x.claimId !== id);
          const c = cmp(x, pivot);
          return has('query-cursor-inclusive') ? c >= 0 : c > 0;
        });
      }
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        claims: copy(page),
        nextCursor: rows.length > (q.limit ?? 100) && last !== undefined ? JSON.stringify([sort, q.order ?? 'asc', keyOf(last, sort), last.claimId]) : null,
      };
    },
    async claimTotals(filter = {}) {
      if (!has('query-accepts-anything')) checkClaimQuery(filter);
      const groups = new Map<string, ClaimTotal>();
      for (const x of [...claims.values()].map(summarize).filter((y) => passes(y, filter))) {
        const key = JSON.stringify([x.status, x.stage, x.currency]);
        const g = groups.get(key);
        const digits = x.currency === 'JPY' ? 0 : 2;
        const amount = has('totals-through-floats')
          ? (Number(g?.amount ?? 0) + Number(x.principal)).toFixed(digits)
          : formatScaled((g === undefined ? 0n : scaled(g.amount)) + scaled(x.principal), digits);
        const openPrincipal = formatScaled((g === undefined ? 0n : scaled(g.openPrincipal)) + scaled(x.openPrincipal), digits);
        groups.set(key, { status: x.status, stage: x.stage, currency: x.currency, count: (g?.count ?? 0) + 1, amount, openPrincipal });
      }
      const text = (a: string | null): string => (a === null ? '' : `~${a}`);
      return [...groups.values()].sort((a, b) => (a.status + '|' + text(a.stage) + '|' + a.currency < b.status + '|' + text(b.stage) + '|' + b.currency ? -1 : 1));
    },
    async unappliedTotals(filter = {}) {
      if (!has('query-accepts-anything')) checkClaimQuery(filter);
      const groups = new Map<string, { count: number; units: bigint }>();
      for (const x of [...claims.values()].map(summarize).filter((y) => filter.holdsUnapplied !== false && passes(y, { ...filter, holdsUnapplied: true }))) {
        const g = groups.get(x.currency) ?? { count: 0, units: 0n };
        groups.set(x.currency, { count: g.count + 1, units: g.units + scaled(x.unapplied) });
      }
      return [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, g]) => ({ currency, count: g.count, amount: formatScaled(g.units, currency === 'JPY' ? 0 : 2) }));
    },
    outboxTotals() {
      const counts = new Map<string, { template: string; channel: string; status: OutboxMessage['status']; count: number }>();
      for (const m of outbox) {
        const status = has('outbox-totals-ignore-status') ? 'pending' : m.status;
        const key = `${m.template}|${m.channel}|${status}`;
        counts.set(key, { template: m.template, channel: m.channel, status, count: (counts.get(key)?.count ?? 0) + 1 });
      }
      return Promise.resolve([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v));
    },
    specificationVersion: (has('wrong-specification-version') ? 'v0' : 'v1') as 'v1',
    load(claimId) {
      const claim = claims.get(claimId);
      if (claim === undefined) return has('load-missing-throws') ? Promise.reject(new Error(`no claim ${claimId}`)) : Promise.resolve(null);
      const holding = personal.get(claimId);
      const extra = holding === undefined ? {} : { personalData: copy(holding) };
      return Promise.resolve(
        has('live-references')
          ? (Object.assign(claim, { version: claim.entries.length }, extra) as Claim & { version: number })
          : { ...copy(claim), version: claim.entries.length, ...extra },
      );
    },
    eraseDebtor(debtorId, erasedAt) {
      const erased: string[] = [];
      for (const [claimId, h] of personal) {
        if (h.status !== 'held' || (h.record.debtorId !== debtorId && !has('erase-all-debtors'))) continue;
        personal.set(claimId, { status: 'erased', claimId, debtorId: h.record.debtorId, commitment: h.record.commitment, erasedAt });
        erased.push(claimId);
      }
      if (!has('erase-keeps-fingerprint')) {
        for (const [key, v] of keys) {
          if (claims.get(v.claimId)?.debtorId === debtorId && v.fingerprint?.startsWith('create-claim:') === true) keys.set(key, { claimId: v.claimId, version: v.version });
        }
      }
      return Promise.resolve({ erased: erased.sort() });
    },
    debtorClaimIds(debtorId) {
      return Promise.resolve([...claims.values()].filter((c) => c.debtorId === debtorId).map((c) => c.claimId).sort());
    },
    async append(request) {
      if (has('outbox-before-version-check')) writeOutbox(request);
      if (has('claim-row-before-key-check') && !claims.has(request.claimId) && request.expectedVersion === 0) {
        claims.set(request.claimId, { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null });
      }
      if (has('stores-key-of-refused-write')) storeKey(request, request.expectedVersion + request.entries.length);
      if (request.personalData !== undefined && !has('personal-data-any-write')) {
        if (request.expectedVersion !== 0) throw new ValidationError('personalData: first write only', { field: 'personalData' });
        checkPersonalDataRecord(request.personalData, request.claimId, request.debtorId, request.entries[0]?.event);
      }
      if (request.summary !== undefined && !has('summary-unchecked')) {
        const version = request.expectedVersion + request.entries.length;
        if (request.summary.version !== version || request.summary.nextReviewAt !== request.nextReviewAt) {
          throw new ValidationError('summary: not the summary after this write', { field: 'summary' });
        }
      }
      checkVersion(request);
      if (has('check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      if (has('writes-before-key-check')) {
        const version = write(request);
        checkKey(request);
        storeKey(request, version);
        return { version };
      }
      if (!has('stores-key-of-refused-write')) checkKey(request);
      checkOutboxIds(request);
      const version = write(request);
      storeKey(request, version);
      return { version };
    },
    async appendMany(requests) {
      const head = (r: AppendRequest) => {
        const c = claims.get(r.claimId);
        return c === undefined ? undefined : { debtorId: c.debtorId, headHash: c.entries[c.entries.length - 1]?.hash ?? '' };
      };
      const stale = (r: AppendRequest) => (claims.get(r.claimId)?.entries.length ?? 0) !== r.expectedVersion;
      const validate = (r: AppendRequest) => {
        if (!stale(r)) checkAppendContinues(r, head(r), true);
      };
      if (!has('append-many-writes-before-checks')) {
        checkAppendBatch(requests);
        requests.forEach(validate);
      }
      const batchKeys = new Set<string>();
      const conflicts = requests.map((r) => {
        const key = r.idempotencyKey;
        const clash =
          stale(r) ||
          (key !== undefined && (keys.has(key) || (batchKeys.has(key) && !has('append-many-ignores-batch-keys')))) ||
          (r.outbox ?? []).some((m) => outbox.some((o) => o.id === m.id));
        if (!clash && key !== undefined) batchKeys.add(key);
        return clash;
      });
      if (has('append-many-check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      const outcomes = requests.map((r, i): AppendManyOutcome => {
        if (conflicts[i] === true) return { claimId: r.claimId, status: 'conflict', error: new ConflictError(`conflict on ${r.claimId}`) };
        if (has('append-many-writes-before-checks')) validate(r);
        const version = write(r);
        storeKey(r, version);
        return { claimId: r.claimId, status: 'appended', version };
      });
      return has('append-many-outcomes-by-claim-id') ? [...outcomes].sort((a, b) => (a.claimId < b.claimId ? -1 : 1)) : outcomes;
    },
    async loadMany(claimIds) {
      const loaded = await Promise.all(claimIds.map((id) => store.load(id)));
      return has('load-many-skips-missing') ? loaded.filter((c) => c !== null) : loaded;
    },
    contactsSinceMany(debtorIds, since) {
      const mine = outbox.filter((m) => debtorIds.includes(m.debtorId) && m.date >= since);
      const ordered = has('contacts-many-by-debtor')
        ? debtorIds.flatMap((d) => mine.filter((m) => m.debtorId === d))
        : mine.map((m, i) => ({ m, i })).sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : a.i - b.i)).map((x) => x.m);
      return Promise.resolve(ordered.map(out));
    },
    listDue(date, options = {}) {
      const scanned = has('list-due-scans-first-100') ? written.slice(0, 100).map((id) => claims.get(id) as Claim) : [...claims.values()];
      let due = scanned.filter((c) => c.nextReviewAt !== null && (has('list-due-exclusive') ? c.nextReviewAt < date : c.nextReviewAt <= date)).map((c) => c.claimId);
      if (has('list-due-locale-order')) due.sort((a, b) => a.localeCompare(b, 'de'));
      else if (!has('list-due-unsorted')) due.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
      const p = persistedOutbox.findIndex((x) => x.id === id);
      const pm = persistedOutbox[p];
      if (pm !== undefined) persistedOutbox[p] = { ...pm, status, attempts: pm.attempts + 1 };
      return Promise.resolve();
    },
    reopenOutbox(id) {
      const i = outbox.findIndex((m) => m.id === id);
      const m = outbox[i];
      if (m === undefined) return Promise.reject(new ValidationError(`id: no outbox message "${id}" is stored.`, { field: 'id' }));
      if (m.status !== 'failed' && !has('reopen-any-status')) return Promise.resolve(false);
      outbox[i] = { ...m, status: 'pending', attempts: has('reopen-counts-attempt') ? m.attempts + 1 : m.attempts };
      persist(outbox[i] as OutboxMessage);
      const lease = leases.get(id);
      leases.set(id, { until: 0, attemptId: undefined, unknownOn: has('reopen-keeps-unknown') ? lease?.unknownOn : undefined });
      return Promise.resolve(true);
    },
    async reopenSentOutbox(id) {
      const i = outbox.findIndex((m) => m.id === id);
      const m = outbox[i];
      if (m === undefined) throw new ValidationError(`id: no outbox message "${id}" is stored.`, { field: 'id' });
      if (m.status !== 'sent' && !has('reopen-sent-any-status')) return false;
      // With 'reopen-sent-check-then-await' the check and the write are two steps: a concurrent call slips in between.
      if (has('reopen-sent-check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      outbox[i] = { ...(outbox[i] as OutboxMessage), status: 'pending', attempts: has('reopen-sent-counts-attempt') ? m.attempts + 1 : m.attempts };
      if (!has('reopen-sent-not-persisted')) persist(outbox[i] as OutboxMessage);
      const lease = leases.get(id);
      leases.set(id, { until: 0, attemptId: undefined, unknownOn: has('reopen-sent-keeps-unknown') ? lease?.unknownOn : undefined });
      return true;
    },
    async leaseOutbox(options) {
      const now = Date.parse(options.now);
      const free = outbox.filter((m) => m.status === 'pending' && (leases.get(m.id)?.until ?? 0) <= now).slice(0, options.limit ?? Number.POSITIVE_INFINITY);
      if (has('lease-check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      return free.map((m) => {
        const i = outbox.findIndex((o) => o.id === m.id);
        const attempts = (outbox[i] as OutboxMessage).attempts + 1;
        outbox[i] = { ...(outbox[i] as OutboxMessage), attempts };
        const attemptId = `${m.id}#${attempts}`;
        const unknownOn = leases.get(m.id)?.unknownOn;
        leases.set(m.id, { until: now + options.leaseSeconds * 1000, attemptId, unknownOn });
        persist(outbox[i] as OutboxMessage);
        return { message: copy(outbox[i] as OutboxMessage), attemptId, leaseUntil: new Date(now + options.leaseSeconds * 1000).toISOString(), ...(unknownOn === undefined ? {} : { unknownOn }) };
      });
    },
    completeOutbox(attemptId, outcome) {
      return Promise.resolve(complete(attemptId, outcome, has('complete-ignores-attempt')));
    },
    async completeOutboxMany(completions) {
      if (has('complete-many-records-before-checks')) {
        // Records each valid outcome before it meets the malformed one.
        const answers: boolean[] = [];
        for (const c of completions) {
          checkOutboxOutcome(c.outcome);
          answers.push(complete(c.attemptId, c.outcome, false));
        }
        return answers;
      }
      checkOutboxCompletions(completions);
      const order = has('complete-many-answers-by-id') ? [...completions].sort((a, b) => (a.attemptId < b.attemptId ? -1 : 1)) : completions;
      return order.map((c) => complete(c.attemptId, c.outcome, has('complete-many-ignores-attempt')));
    },
    lastRunDay() {
      return Promise.resolve(lastRun);
    },
    async recordRunDay(day) {
      const checked = has('run-day-unchecked') ? day : parseIsoDate(day, 'day');
      if (has('run-day-overwrites')) {
        lastRun = checked;
        return;
      }
      // Reads the day, waits, then writes what it read: a concurrent record of a later day is lost.
      const seen = lastRun;
      if (has('run-day-check-then-await')) await new Promise((resolve) => setTimeout(resolve, 1));
      if (seen === null || checked > seen) lastRun = checked;
    },
    tables: {
      claim: (claimId) => {
        const c = claims.get(claimId);
        return Promise.resolve(c === undefined ? null : { version: c.entries.length, debtorId: c.debtorId, nextReviewAt: c.nextReviewAt });
      },
      events: (claimId) => Promise.resolve(copy(claims.get(claimId)?.entries ?? []).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event }))),
      unapplied: (claimId) => {
        const c = claims.get(claimId);
        return Promise.resolve(c === undefined ? null : summarize(c).unapplied);
      },
      openPrincipal: (claimId) => {
        const c = claims.get(claimId);
        return Promise.resolve(c === undefined ? null : summarize(c).openPrincipal);
      },
      outbox: () => Promise.resolve(persistedOutbox.map((m) => ({ id: m.id, claimId: m.claimId, status: m.status, attempts: m.attempts }))),
      idempotencyKeys: () =>
        Promise.resolve(
          [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, v]) => ({ key, claimId: v.claimId, version: v.version })),
        ),
      dump: () => Promise.resolve(JSON.stringify({ claims: [...claims.values()], keys: [...keys.entries()], outbox: persistedOutbox, personal: [...personal.values()], personalLog })),
    },
  };
  return store;
}
