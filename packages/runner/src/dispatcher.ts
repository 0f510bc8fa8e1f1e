import { createMahnwerk, parseIsoDate, ValidationError, type ClaimEvent, type IsoDate, type OutboxMessage } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { withRetryBackoff, type RetryBackoff } from './backoff.js';
import { runnerEngine, type RunnerEngineOptions } from './engine-options.js';
import { schemaOf, wrap } from './schema.js';

/** Options of {@link runDispatcher}. */
export interface DispatcherOptions {
  /** The PostgreSQL claim store. */
  readonly store: PostgresClaimStore;
  /** Policy, clock, channels … as for `createMahnwerk` (`maxAttempts` and `sendTimeoutMs` apply). */
  readonly engine: RunnerEngineOptions;
  /** This dispatcher's id, kept on its outbox leases. */
  readonly workerId: string;
  /** The business date to deliver for (default: the engine clock's today). */
  readonly date?: IsoDate;
  /** Messages leased per round (default 100). */
  readonly batchSize?: number;
  /**
   * Rounds run side by side (default 1): each leases its own messages (`SKIP LOCKED`), so while
   * one round waits for the database another sends. A crash can then re-send up to this many
   * rounds' messages (each under its own id as idempotency key); a pg Pool needs at least as many
   * connections.
   */
  readonly concurrency?: number;
  /** Waits between retries of one message (exponential; default 60 s doubling up to 1 h). */
  readonly backoff?: RetryBackoff;
  /** Aborting it stops after the current round. */
  readonly signal?: AbortSignal;
}

/** What {@link runDispatcher} did. */
export interface DispatcherResult {
  /** Rounds of leasing. */
  readonly rounds: number;
  /** Messages delivered. */
  readonly sent: number;
  /** Messages given up on — the dead letters ({@link deadLetters}). */
  readonly failed: number;
  /** Messages left for later (retry time, quiet hours, rest day, hold). */
  readonly deferred: number;
  /** Delivery events recorded. */
  readonly events: number;
  /** Messages whose delivery broke off with an error (their lease runs out; a later round tries again). */
  readonly errors: readonly { readonly messageId: string; readonly error: string }[];
  /** True when the signal stopped it. */
  readonly stopped: boolean;
}

/**
 * Delivers the outbox until nothing more can go out now: round after round it leases pending
 * messages (`FOR UPDATE SKIP LOCKED`; several dispatchers never hold one message at once), hands
 * each to its channel with the message id as idempotency key through the facade's `dispatch`, and
 * records the outcome. A retryable failure or an unknown outcome is retried with exponential
 * backoff (same channel, same key after an unknown outcome); after `maxAttempts` per channel the
 * message fails over to its fallback channel, and then is given up: status `failed`, a
 * `message-failed` event on the claim — the dead-letter state, listed by {@link deadLetters}.
 *
 * The date goes through the facade's rule with each round, before the round leases anything (core's
 * `checkRunDay`, the rule of `runDue`'s day): not after the engine clock's today, not before the last
 * day the store records as run — a dispatch dated earlier would write `message-sent` and attempt
 * events dated before decisions already taken. The last day run and later days up to today are fine;
 * the dispatcher records no run day (only a daily run does). A refusal, or any other error of a round,
 * ends every lane after its current round; then it is thrown.
 *
 * @param options - store, engine options, worker id, date, batch size, backoff, stop signal
 * @returns the totals
 * @throws ValidationError on bad options, or (field `date`) a date after the clock's today;
 *   RunDayBeforeLastRunError (field `date`) for a date before the last day run — refused before the
 *   first round leases anything (or, when a later day is run meanwhile, before the next round)
 */
export async function runDispatcher(options: DispatcherOptions): Promise<DispatcherResult> {
  if (typeof options.workerId !== 'string' || options.workerId.trim() === '') {
    throw new ValidationError('workerId: give each dispatcher a non-empty id.', { field: 'workerId' });
  }
  const date = parseIsoDate(options.date ?? options.engine.clock.today(), 'date');
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError(`batchSize: expected a whole number of at least 1, got ${String(batchSize)}.`, { field: 'batchSize' });
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ValidationError(`concurrency: expected a whole number from 1 to 64, got ${String(concurrency)}.`, { field: 'concurrency' });
  }
  const store = withRetryBackoff(options.store, () => options.engine.clock.now(), options.backoff);
  // The facade leases batchSize × 10 per dispatch; keep a round at batchSize messages.
  const facade = createMahnwerk({ ...runnerEngine(options.engine), store, workerId: options.workerId, batchSize: Math.max(1, Math.floor(batchSize / 10)) });
  let rounds = 0;
  let sent = 0;
  let failed = 0;
  let deferred = 0;
  let events = 0;
  const errors: { messageId: string; error: string }[] = [];
  let stopped = false;
  // The first error of any lane (a refused date, a database error): the other lanes stop after their round.
  let failure: { readonly error: unknown } | undefined;
  // Each lane runs rounds until one sends and gives up on nothing: what is left then waits for a
  // later time (or is held by another lane, which goes on).
  const lane = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted === true) {
        stopped = true;
        return;
      }
      if (failure !== undefined) return;
      let r;
      try {
        // Each round through the facade's one path: its date checked (checkRunDay) before it leases.
        r = await facade.dispatch(date);
      } catch (error) {
        failure ??= { error };
        return;
      }
      rounds += 1;
      sent += r.sent;
      failed += r.failed;
      deferred += r.deferred;
      events += countEvents(r.events);
      errors.push(...r.errors);
      if (r.sent + r.failed === 0) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  if (failure !== undefined) throw failure.error;
  return { rounds, sent, failed, deferred, events, errors, stopped };
}

function countEvents(events: readonly ClaimEvent[]): number {
  return events.length;
}

/**
 * The outbox's dead letters: messages given up on (status `failed`, on every channel they had),
 * oldest first — for an operator to look at (the claim's `message-failed` events say why).
 *
 * @param store - the PostgreSQL claim store
 * @param options - at most `limit` messages (default 100)
 * @returns the messages
 */
export async function deadLetters(store: PostgresClaimStore, options: { readonly limit?: number } = {}): Promise<readonly OutboxMessage[]> {
  const s = schemaOf(store);
  try {
    const rows = await store.driver.query<{
      id: string;
      claim_id: string;
      debtor_id: string;
      channel: string;
      fallback_channel: string | null;
      template: string;
      not_before: string | null;
      business_date: string;
      attempts: number;
    }>(
      `select id, claim_id, debtor_id, channel, fallback_channel, template, not_before, to_char(business_date, 'YYYY-MM-DD') as business_date, attempts
         from ${s}.outbox where status = 'failed' order by position limit $1`,
      [options.limit ?? 100],
    );
    return rows.map((r) => ({
      id: r.id,
      claimId: r.claim_id,
      debtorId: r.debtor_id,
      channel: r.channel,
      ...(r.fallback_channel === null ? {} : { fallbackChannel: r.fallback_channel }),
      template: r.template,
      ...(r.not_before === null ? {} : { notBefore: r.not_before }),
      date: r.business_date as IsoDate,
      status: 'failed' as const,
      attempts: r.attempts,
    }));
  } catch (error) {
    throw wrap(error, 'read the dead letters');
  }
}
