import {
  ConflictError,
  GENESIS_HASH,
  hashEntry,
  parseIsoDate,
  ValidationError,
  type AppendRequest,
  type AuditEntry,
  type ClaimEvent,
  type ClaimStore,
  type IsoDate,
  type OutboxMessage,
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
}

interface ClaimRecord {
  readonly claimId: string;
  readonly debtorId: string;
  entries: AuditEntry<ClaimEvent>[];
  nextReviewAt: IsoDate | null;
}

interface OutboxRecord {
  message: OutboxMessage;
}

const statuses: ReadonlySet<string> = new Set(['pending', 'sent', 'failed']);

/** Code-unit order of ids, the order `listDue` promises (no locale rules). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${field}: expected a non-empty string, got ${describe(value)}.`, { field });
  }
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${field}: expected a whole number of 0 or more, got ${describe(value)}.`, { field });
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function checkOutboxMessage(message: unknown, index: number, request: AppendRequest): void {
  const field = `outbox[${index}]`;
  if (typeof message !== 'object' || message === null) {
    throw new ValidationError(`${field}: expected an outbox message object, got ${describe(message)}.`, { field });
  }
  const m = message as OutboxMessage;
  nonEmptyString(m.id, `${field}.id`);
  if (m.claimId !== request.claimId) {
    throw new ValidationError(
      `${field}.claimId: the message is about claim ${describe(m.claimId)} but is written with claim "${request.claimId}"; ` +
        'an append carries only messages of its own claim.',
      { field: `${field}.claimId` },
    );
  }
  nonEmptyString(m.debtorId, `${field}.debtorId`);
  nonEmptyString(m.channel, `${field}.channel`);
  nonEmptyString(m.template, `${field}.template`);
  parseIsoDate(m.date, `${field}.date`);
  if (!statuses.has(m.status)) {
    throw new ValidationError(`${field}.status: expected "pending", "sent" or "failed", got ${describe(m.status)}.`, { field: `${field}.status` });
  }
  count(m.attempts, `${field}.attempts`);
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
 *   counts the attempt;
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

  function validate(request: AppendRequest): void {
    if (typeof request !== 'object' || request === null) {
      throw new ValidationError(`append: expected an append request object, got ${describe(request)}.`, { field: 'request' });
    }
    nonEmptyString(request.claimId, 'claimId');
    nonEmptyString(request.debtorId, 'debtorId');
    count(request.expectedVersion, 'expectedVersion');
    if (!Array.isArray(request.entries)) {
      throw new ValidationError(`entries: expected an array of audit entries, got ${describe(request.entries)}.`, { field: 'entries' });
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
        throw new ValidationError(`outbox: expected an array of outbox messages, got ${describe(request.outbox)}.`, { field: 'outbox' });
      }
      request.outbox.forEach((m, i) => checkOutboxMessage(m, i, request));
    }
    request.entries.forEach((entry, i) => {
      const field = `entries[${i}]`;
      if (typeof entry !== 'object' || entry === null || typeof entry.event !== 'object' || entry.event === null) {
        throw new ValidationError(`${field}: expected an audit entry { seq, event, prevHash, hash }, got ${describe(entry)}.`, { field });
      }
      if (entry.seq !== request.expectedVersion + i) {
        throw new ValidationError(
          `${field}.seq: is ${describe(entry.seq)}, but the entries of a write continue the chain at seq = expectedVersion (${request.expectedVersion}) + ${i}.`,
          { field: `${field}.seq` },
        );
      }
      if (entry.event.claimId !== request.claimId) {
        throw new ValidationError(
          `${field}.event.claimId: the event belongs to claim ${describe(entry.event.claimId)}, not to "${request.claimId}" it is written to.`,
          { field: `${field}.event.claimId` },
        );
      }
    });
  }

  function checkChain(request: AppendRequest, record: ClaimRecord | undefined): void {
    if (record === undefined) {
      if (request.entries.length === 0 || request.entries[0]?.event.type !== 'claim-created') {
        throw new ValidationError(
          `entries: the first write of claim "${request.claimId}" must start with its claim-created event` +
            (request.entries.length === 0 ? ', but it has no entries.' : `, not with ${request.entries[0]?.event.type}.`),
          { field: 'entries' },
        );
      }
    } else if (record.debtorId !== request.debtorId) {
      throw new ValidationError(
        `debtorId: claim "${request.claimId}" belongs to debtor "${record.debtorId}", not to "${request.debtorId}".`,
        { field: 'debtorId' },
      );
    }
    if (!verifyChain) return;
    let prev = record?.entries[record.entries.length - 1]?.hash ?? GENESIS_HASH;
    request.entries.forEach((entry, i) => {
      const field = `entries[${i}]`;
      if (entry.prevHash !== prev) {
        throw new ValidationError(
          `${field}.prevHash: does not link to the ${i === 0 ? 'stored head' : 'entry before it'} (${prev.slice(0, 12)}…); ` +
            'build entries with appendAudit on the chain as loaded.',
          { field: `${field}.prevHash` },
        );
      }
      let expected: string;
      try {
        expected = hashEntry(entry.seq, entry.event, entry.prevHash);
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
      return Promise.resolve(claim);
    },

    append(request) {
      // Everything below runs in one synchronous step: no other write can slip in between the
      // checks and the write.
      try {
        validate(request);
        const record = claims.get(request.claimId);
        const stored = record?.entries.length ?? 0;
        if (stored !== request.expectedVersion) {
          throw new ConflictError(
            `append to claim "${request.claimId}": expected version ${request.expectedVersion}, but the store holds version ${stored}` +
              (record === undefined ? ' (no such claim yet)' : '') +
              '; the claim moved on since it was read — load it again and decide again.',
            { field: 'expectedVersion', retryable: true },
          );
        }
        const key = request.idempotencyKey;
        if (key !== undefined) {
          const used = keys.get(key);
          if (used !== undefined) {
            throw new ConflictError(
              `append to claim "${request.claimId}": idempotency key "${key}" was already used (claim "${used.claimId}", version ${used.version}); ` +
                'the command already ran — look its result up with findByIdempotencyKey instead of writing again.',
              { field: 'idempotencyKey' },
            );
          }
        }
        const messages = request.outbox ?? [];
        const seen = new Set<string>();
        messages.forEach((m, i) => {
          if (outboxById.has(m.id) || seen.has(m.id)) {
            throw new ConflictError(
              `append to claim "${request.claimId}": outbox message id "${m.id}" is already stored; message ids are the channels' idempotency keys and must be unique.`,
              { field: `outbox[${i}].id` },
            );
          }
          seen.add(m.id);
        });
        checkChain(request, record);

        // The write: all of it, at once.
        const entries = copyJson(request.entries) as AuditEntry<ClaimEvent>[];
        const target: ClaimRecord = record ?? { claimId: request.claimId, debtorId: request.debtorId, entries: [], nextReviewAt: null };
        target.entries.push(...entries);
        target.nextReviewAt = request.nextReviewAt;
        claims.set(request.claimId, target);
        const version = target.entries.length;
        if (key !== undefined) {
          const fingerprint = request.idempotencyFingerprint;
          keys.set(key, { claimId: request.claimId, version, ...(fingerprint === undefined ? {} : { fingerprint }) });
        }
        for (const m of messages) {
          const stored: OutboxRecord = { message: copyJson(m) };
          outbox.push(stored);
          outboxById.set(m.id, stored);
        }
        return Promise.resolve({ version });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    listDue(date, listOptions = {}) {
      try {
        parseIsoDate(date, 'date');
        const limit = listOptions.limit === undefined ? Number.POSITIVE_INFINITY : count(listOptions.limit, 'limit');
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
        const found = outbox
          .map((record, order) => ({ message: record.message, order }))
          .filter(({ message }) => message.debtorId === debtorId && message.date >= since)
          .sort((a, b) => compareIds(a.message.date, b.message.date) || a.order - b.order)
          .map(({ message }) => copyJson(message));
        return Promise.resolve(found);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    pendingOutbox(pendingOptions = {}) {
      try {
        const limit = pendingOptions.limit === undefined ? Number.POSITIVE_INFINITY : count(pendingOptions.limit, 'limit');
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

    claimIds() {
      return [...claims.keys()].sort(compareIds);
    },

    outbox() {
      return outbox.map((record) => copyJson(record.message));
    },
  };
  return store;
}
