import { GENESIS_HASH, hashEntry, mintingHasher, nobleSha256Hasher, type AuditHashOptions } from '../audit/audit.js';
import { checkPersonalDataRecord } from '../audit/personal-data.js';
import { parseIsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { AppendRequest, LeaseOutboxOptions, OutboxCompletion, OutboxMessage, OutboxOutcome } from './claim-store.js';

const outboxStatuses: ReadonlySet<string> = new Set(['pending', 'sent', 'failed']);

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${field}: expected a non-empty string, got ${describeValue(value)}.`, { field });
  }
  return value;
}

/**
 * A whole number of 0 or more (versions, limits, attempts), or a `ValidationError` naming the field.
 *
 * @param value - the value to check
 * @param field - its name in messages
 * @returns the number
 */
export function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${field}: expected a whole number of 0 or more, got ${describeValue(value)}.`, { field });
  }
  return value;
}

function checkOutboxMessage(message: unknown, index: number, request: AppendRequest): void {
  const field = `outbox[${index}]`;
  if (typeof message !== 'object' || message === null) {
    throw new ValidationError(`${field}: expected an outbox message object, got ${describeValue(message)}.`, { field });
  }
  const m = message as OutboxMessage;
  nonEmptyString(m.id, `${field}.id`);
  if (m.claimId !== request.claimId) {
    throw new ValidationError(
      `${field}.claimId: the message is about claim ${describeValue(m.claimId)} but is written with claim "${request.claimId}"; ` +
        'an append carries only messages of its own claim.',
      { field: `${field}.claimId` },
    );
  }
  nonEmptyString(m.debtorId, `${field}.debtorId`);
  nonEmptyString(m.channel, `${field}.channel`);
  nonEmptyString(m.template, `${field}.template`);
  parseIsoDate(m.date, `${field}.date`);
  if (!outboxStatuses.has(m.status)) {
    throw new ValidationError(`${field}.status: expected "pending", "sent" or "failed", got ${describeValue(m.status)}.`, { field: `${field}.status` });
  }
  checkCount(m.attempts, `${field}.attempts`);
}

/**
 * Checks the shape of an append request before a store looks at what it holds: ids, version,
 * next review date, idempotency key, outbox messages of this claim, and entries whose `seq`
 * continues at `expectedVersion` and whose events belong to the claim. Every store adapter calls
 * it first, so a malformed write is refused the same way everywhere.
 *
 * @param request - the request as the store received it
 * @throws ValidationError naming the field
 */
export function checkAppendRequest(request: AppendRequest): void {
  if (typeof request !== 'object' || request === null) {
    throw new ValidationError(`append: expected an append request object, got ${describeValue(request)}.`, { field: 'request' });
  }
  nonEmptyString(request.claimId, 'claimId');
  nonEmptyString(request.debtorId, 'debtorId');
  checkCount(request.expectedVersion, 'expectedVersion');
  if (!Array.isArray(request.entries)) {
    throw new ValidationError(`entries: expected an array of audit entries, got ${describeValue(request.entries)}.`, { field: 'entries' });
  }
  if (request.nextReviewAt !== null) parseIsoDate(request.nextReviewAt, 'nextReviewAt');
  if (request.idempotencyKey !== undefined) nonEmptyString(request.idempotencyKey, 'idempotencyKey');
  if (request.idempotencyFingerprint !== undefined) {
    nonEmptyString(request.idempotencyFingerprint, 'idempotencyFingerprint');
    if (request.idempotencyKey === undefined) {
      throw new ValidationError('idempotencyFingerprint: is written only together with its idempotencyKey.', { field: 'idempotencyFingerprint' });
    }
  }
  if (request.outbox !== undefined) {
    if (!Array.isArray(request.outbox)) {
      throw new ValidationError(`outbox: expected an array of outbox messages, got ${describeValue(request.outbox)}.`, { field: 'outbox' });
    }
    request.outbox.forEach((m, i) => checkOutboxMessage(m, i, request));
  }
  if (request.personalData !== undefined) {
    if (request.expectedVersion !== 0) {
      throw new ValidationError('personalData: is written only with the claim\'s first write (expectedVersion 0).', { field: 'personalData' });
    }
    checkPersonalDataRecord(request.personalData, request.claimId, request.debtorId, request.entries[0]?.event);
  }
  if (request.summary !== undefined) checkSummary(request);
  request.entries.forEach((entry, i) => {
    const field = `entries[${i}]`;
    if (typeof entry !== 'object' || entry === null || typeof entry.event !== 'object' || entry.event === null) {
      throw new ValidationError(`${field}: expected an audit entry { seq, event, prevHash, hash }, got ${describeValue(entry)}.`, { field });
    }
    if (entry.seq !== request.expectedVersion + i) {
      throw new ValidationError(
        `${field}.seq: is ${describeValue(entry.seq)}, but the entries of a write continue the chain at seq = expectedVersion (${request.expectedVersion}) + ${i}.`,
        { field: `${field}.seq` },
      );
    }
    if (entry.event.claimId !== request.claimId) {
      throw new ValidationError(
        `${field}.event.claimId: the event belongs to claim ${describeValue(entry.event.claimId)}, not to "${request.claimId}" it is written to.`,
        { field: `${field}.event.claimId` },
      );
    }
  });
}

/** Checks `request.summary` against the request it comes with (claim, debtor, version after the write, next review date) and its shape. */
function checkSummary(request: AppendRequest): void {
  const x = request.summary;
  if (typeof x !== 'object' || x === null) {
    throw new ValidationError(`summary: expected the claim's summary (summarizeState), got ${describeValue(x)}.`, { field: 'summary' });
  }
  const version = request.expectedVersion + request.entries.length;
  const mismatch = (field: string, got: unknown, want: unknown): never => {
    throw new ValidationError(
      `summary.${field}: is ${describeValue(got)}, but the write makes it ${describeValue(want)}; pass summarizeState of the claim after this write.`,
      { field: `summary.${field}` },
    );
  };
  if (x.claimId !== request.claimId) mismatch('claimId', x.claimId, request.claimId);
  if (x.debtorId !== request.debtorId) mismatch('debtorId', x.debtorId, request.debtorId);
  if (x.version !== version) mismatch('version', x.version, version);
  if (x.nextReviewAt !== request.nextReviewAt) mismatch('nextReviewAt', x.nextReviewAt, request.nextReviewAt);
  nonEmptyString(x.status, 'summary.status');
  nonEmptyString(x.currency, 'summary.currency');
  nonEmptyString(x.principal, 'summary.principal');
  // A summary without it (a writer older than the figure) would leave the claim out of `holdsUnapplied` and `unappliedTotals`.
  if (typeof x.unapplied !== 'string' || !/^\d+(\.\d+)?$/.test(x.unapplied)) {
    throw new ValidationError(`summary.unapplied: expected the money the claim holds beyond what it owed as a decimal string ("0.00" for none), got ${describeValue(x.unapplied)}; pass summarizeState of the claim after this write.`, {
      field: 'summary.unapplied',
    });
  }
  // A summary without it (a writer older than the figure) would count the claim's principal as created as still open.
  if (typeof x.openPrincipal !== 'string' || !/^-?\d+(\.\d+)?$/.test(x.openPrincipal)) {
    throw new ValidationError(`summary.openPrincipal: expected the principal still open as a decimal string ("0.00" when none is open), got ${describeValue(x.openPrincipal)}; pass summarizeState of the claim after this write.`, {
      field: 'summary.openPrincipal',
    });
  }
  if (x.stage !== null) nonEmptyString(x.stage, 'summary.stage');
  if (!Array.isArray(x.tags) || x.tags.some((t) => typeof t !== 'string')) {
    throw new ValidationError(`summary.tags: expected a list of strings, got ${describeValue(x.tags)}.`, { field: 'summary.tags' });
  }
  parseIsoDate(x.invoiceDate, 'summary.invoiceDate');
  parseIsoDate(x.dueDate, 'summary.dueDate');
}

/**
 * Checks the requests of an `appendMany` batch before a store looks at what it holds: a list,
 * each request as {@link checkAppendRequest} checks it (the error names the request:
 * `requests[3].entries[0].seq`), at most one request per claim. Every store calls it first.
 *
 * @param requests - the batch as the store received it
 * @throws ValidationError naming the request and field
 */
export function checkAppendBatch(requests: readonly AppendRequest[]): void {
  if (!Array.isArray(requests)) {
    throw new ValidationError(`appendMany: expected a list of append requests, got ${describeValue(requests)}.`, { field: 'requests' });
  }
  const seen = new Map<string, number>();
  requests.forEach((request, i) => {
    try {
      checkAppendRequest(request);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(`requests[${i}]: ${error.message}`, { field: `requests[${i}].${error.field ?? 'request'}`, cause: error });
    }
    const earlier = seen.get(request.claimId);
    if (earlier !== undefined) {
      throw new ValidationError(
        `requests[${i}].claimId: claim "${request.claimId}" has a request at requests[${earlier}] already; a batch holds at most one request per claim (put its events into one request).`,
        { field: `requests[${i}].claimId` },
      );
    }
    seen.set(request.claimId, i);
  });
}

/** What a store holds of a claim's stream head, for {@link checkAppendContinues}. */
export interface StreamHead {
  /** The claim's debtor. */
  readonly debtorId: string;
  /** The hash of the last stored entry. */
  readonly headHash: string;
}

/**
 * Checks that a (shape-checked) request continues what the store holds: a new claim starts with
 * its `claim-created` event, an existing one keeps its debtor, and — with `verifyChain` — every
 * entry links to the one before it (the stored head first) and hashes to its `hash`.
 *
 * An entry that `appendAudit` of this copy of core made with the check's hasher or core's own
 * ({@link mintingHasher}: the object itself, frozen, with a frozen copy of its event) is not hashed
 * again — its hash is that hasher's SHA-256 of its content, so recomputing it cannot differ — but
 * its link is checked like any other's. Every other entry (read back, parsed, copied, built by
 * hand, or hashed with another hasher) is recomputed: a write whose chain is broken is refused.
 *
 * @param request - the request, already checked by {@link checkAppendRequest}
 * @param head - the stored stream head, or `undefined` for a claim not stored yet
 * @param verifyChain - whether to recompute the hashes (SHA-256 per entry)
 * @param hashOptions - the hasher to recompute them with (default: core's; every hasher gives the same hashes)
 * @throws ValidationError naming the field
 */
export function checkAppendContinues(request: AppendRequest, head: StreamHead | undefined, verifyChain: boolean, hashOptions: AuditHashOptions = {}): void {
  if (head === undefined) {
    if (request.entries.length === 0 || request.entries[0]?.event.type !== 'claim-created') {
      throw new ValidationError(
        `entries: the first write of claim "${request.claimId}" must start with its claim-created event` +
          (request.entries.length === 0 ? ', but it has no entries.' : `, not with ${request.entries[0]?.event.type}.`),
        { field: 'entries' },
      );
    }
  } else if (head.debtorId !== request.debtorId) {
    throw new ValidationError(`debtorId: claim "${request.claimId}" belongs to debtor "${head.debtorId}", not to "${request.debtorId}".`, {
      field: 'debtorId',
    });
  }
  if (!verifyChain) return;
  let prev = head?.headHash ?? GENESIS_HASH;
  request.entries.forEach((entry, i) => {
    const field = `entries[${i}]`;
    if (entry.prevHash !== prev) {
      throw new ValidationError(
        `${field}.prevHash: does not link to the ${i === 0 ? 'stored head' : 'entry before it'} (${prev.slice(0, 12)}…); ` +
          'build entries with appendAudit on the chain as loaded.',
        { field: `${field}.prevHash` },
      );
    }
    const maker = mintingHasher(entry);
    if (maker !== undefined && (maker === nobleSha256Hasher || maker === hashOptions.hasher)) {
      prev = entry.hash;
      return;
    }
    let expected: string;
    try {
      expected = hashEntry(entry.seq, entry.event, entry.prevHash, hashOptions);
    } catch (error) {
      throw new ValidationError(`${field}: the entry cannot be hashed (${error instanceof Error ? error.message : String(error)}).`, {
        field,
        cause: error,
      });
    }
    if (entry.hash !== expected) {
      throw new ValidationError(`${field}.hash: is not the SHA-256 of the entry's seq, prevHash and event; build entries with appendAudit.`, {
        field: `${field}.hash`,
      });
    }
    prev = entry.hash;
  });
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with an offset (e.g. `2025-03-14T09:30:00+01:00`) as milliseconds since
 * the epoch, or a `ValidationError` naming the field. Leases and retry times are compared this way.
 *
 * @param value - the instant
 * @param field - its name in messages
 * @returns milliseconds since 1970-01-01T00:00:00Z
 */
export function instantMillis(value: unknown, field: string): number {
  const ms = typeof value === 'string' && instantPattern.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ValidationError(`${field}: expected an ISO 8601 instant with offset, e.g. 2025-03-14T09:30:00+01:00, got ${describeValue(value)}.`, { field });
  }
  return ms;
}

/**
 * Checks the options of `leaseOutbox` (every store calls it first).
 *
 * @param options - the options as received
 * @returns the current instant in milliseconds, the lease in milliseconds and the limit
 * @throws ValidationError naming the field
 */
export function checkLeaseOptions(options: LeaseOutboxOptions): { readonly nowMs: number; readonly leaseMs: number; readonly limit: number | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`leaseOutbox: expected options { owner, now, leaseSeconds }, got ${describeValue(options)}.`, { field: 'options' });
  }
  nonEmptyString(options.owner, 'owner');
  const nowMs = instantMillis(options.now, 'now');
  const seconds = checkCount(options.leaseSeconds, 'leaseSeconds');
  if (seconds === 0) throw new ValidationError('leaseSeconds: a lease of 0 seconds expires at once; give the time a send may take, timeout included.', { field: 'leaseSeconds' });
  return { nowMs, leaseMs: seconds * 1000, limit: options.limit === undefined ? undefined : checkCount(options.limit, 'limit') };
}

/**
 * Checks an outbox outcome (every store calls it in `completeOutbox`).
 *
 * @param outcome - the outcome as received
 * @returns the retry instant in milliseconds, if any
 * @throws ValidationError naming the field
 */
export function checkOutboxOutcome(outcome: OutboxOutcome): { readonly retryAtMs: number | undefined } {
  const status = typeof outcome === 'object' && outcome !== null ? outcome.status : undefined;
  if (status !== 'sent' && status !== 'failed' && status !== 'released' && status !== 'retry' && status !== 'unknown') {
    throw new ValidationError(`outcome.status: expected "sent", "failed", "released", "retry" or "unknown", got ${describeValue(status)}.`, { field: 'outcome.status' });
  }
  if (outcome.status === 'unknown') nonEmptyString(outcome.channel, 'outcome.channel');
  const retryAt = outcome.status === 'retry' || outcome.status === 'unknown' ? outcome.retryAt : undefined;
  return { retryAtMs: retryAt === undefined ? undefined : instantMillis(retryAt, 'outcome.retryAt') };
}

/**
 * Checks the outcomes of a `completeOutboxMany` call (every store calls it before writing any):
 * each outcome as {@link checkOutboxOutcome} checks it, each attempt id a non-empty string, and no
 * attempt id twice.
 *
 * @param completions - the attempts and their outcomes, as received
 * @returns the retry instant in milliseconds of each, in order
 * @throws ValidationError naming the field (`completions[i]…`); nothing may be written then
 */
export function checkOutboxCompletions(completions: readonly OutboxCompletion[]): readonly (number | undefined)[] {
  if (!Array.isArray(completions)) {
    throw new ValidationError(`completions: expected an array of { attemptId, outcome }, got ${describeValue(completions)}.`, { field: 'completions' });
  }
  const seen = new Set<string>();
  return completions.map((c: OutboxCompletion, i) => {
    const field = `completions[${i}]`;
    if (typeof c !== 'object' || c === null) throw new ValidationError(`${field}: expected { attemptId, outcome }, got ${describeValue(c)}.`, { field });
    const attemptId = nonEmptyString(c.attemptId, `${field}.attemptId`);
    if (seen.has(attemptId)) {
      throw new ValidationError(`${field}.attemptId: attempt "${attemptId}" is given twice; record each attempt's outcome once.`, { field: `${field}.attemptId` });
    }
    seen.add(attemptId);
    try {
      return checkOutboxOutcome(c.outcome).retryAtMs;
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(`${field}.${error.message}`, { field: `${field}.${error.field ?? 'outcome'}` });
      throw error;
    }
  });
}

/**
 * Milliseconds since the epoch as an ISO 8601 instant in UTC (`…Z`): lease expiries and retry
 * times the stores hand back.
 *
 * @param ms - milliseconds since 1970-01-01T00:00:00Z
 * @returns the instant
 */
export function instantFromMillis(ms: number): string {
  return new Date(ms).toISOString();
}
