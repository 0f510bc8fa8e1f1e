import { ValidationError, type ClaimStore, type OutboxCompletion, type OutboxOutcome } from '@mahnwerk/core';

/** Exponential backoff of outbox retries. */
export interface RetryBackoff {
  /** The wait after the first failed attempt, in seconds (default 60). */
  readonly baseSeconds?: number;
  /** The longest wait, in seconds (default 3,600). */
  readonly maxSeconds?: number;
}

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1, 2, …) failed retryably or with
 * an unknown outcome: `base × 2^(attempt − 1)`, at most `max` — 60 s, 120 s, 240 s … by default.
 *
 * @param attempt - the number of the attempt that failed (1 for the first)
 * @param backoff - base and maximum wait
 * @returns the wait in milliseconds
 * @throws ValidationError when the attempt number or the waits are not positive whole numbers
 */
export function retryDelayMs(attempt: number, backoff: RetryBackoff = {}): number {
  const base = backoff.baseSeconds ?? 60;
  const max = backoff.maxSeconds ?? 3600;
  for (const [field, v] of [['attempt', attempt], ['baseSeconds', base], ['maxSeconds', max]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValidationError(`${field}: expected a whole number of at least 1, got ${String(v)}.`, { field });
  }
  // 2^(attempt-1) grows past any max quickly; cap the exponent so the number stays exact.
  const factor = 2 ** Math.min(attempt - 1, 30);
  return Math.min(max, base * factor) * 1000;
}

/** The attempt number of an attempt id `<message id>#<n>` (the store's format), or 1. @internal */
export function attemptNumber(attemptId: string): number {
  const n = Number(attemptId.slice(attemptId.lastIndexOf('#') + 1));
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * The store with exponential backoff on outbox retries: an outcome `retry` or `unknown` that the
 * engine records without a retry time (by `completeOutbox` or `completeOutboxMany`) gets one — now + {@link retryDelayMs} of the attempt — so the
 * message is not leased again before then. Everything else is the store's own.
 *
 * @param store - the claim store
 * @param now - the current instant (ISO 8601 with offset): the same clock the dispatcher leases with
 * @param backoff - base and maximum wait
 * @returns the store with backoff
 */
export function withRetryBackoff<S extends ClaimStore>(store: S, now: () => string, backoff: RetryBackoff = {}): S {
  retryDelayMs(1, backoff);
  const timed = (attemptId: string, outcome: OutboxOutcome): OutboxOutcome =>
    (outcome.status === 'retry' || outcome.status === 'unknown') && outcome.retryAt === undefined
      ? { ...outcome, retryAt: new Date(Date.parse(now()) + retryDelayMs(attemptNumber(attemptId), backoff)).toISOString() }
      : outcome;
  const many = store.completeOutboxMany;
  return {
    ...store,
    completeOutbox: (attemptId: string, outcome: OutboxOutcome) => store.completeOutbox(attemptId, timed(attemptId, outcome)),
    ...(many === undefined
      ? {}
      : { completeOutboxMany: (completions: readonly OutboxCompletion[]) => many.call(store, completions.map((c) => ({ attemptId: c.attemptId, outcome: timed(c.attemptId, c.outcome) }))) }),
  };
}
