/**
 * The daily run and the dispatcher of mahnwerk on PostgreSQL, for one or many worker processes:
 * due claims leased in batches (`FOR UPDATE SKIP LOCKED` with an expiry) or handed out through
 * pg-boss, decided through the engine's one path, and an outbox dispatcher with exponential
 * backoff and a dead-letter state.
 *
 * @packageDocumentation
 */
export { migrateRunner } from './schema.js';
export { databaseNow } from './claim-leases.js';
export type { RunnerEngineOptions } from './engine-options.js';
export {
  runDailyRun,
  stopOnSignals,
  type BatchReport,
  type DailyRunBlocked,
  type DailyRunError,
  type DailyRunOptions,
  type DailyRunResult,
} from './daily-run.js';
export { runDispatcher, deadLetters, type DispatcherOptions, type DispatcherResult } from './dispatcher.js';
export { retryDelayMs, withRetryBackoff, type RetryBackoff } from './backoff.js';
export { runDailyRunWithPgBoss, planDailyRun, type PgBossRunOptions, type DailyRunJob } from './pg-boss-run.js';
export { runWorkerDay, type WorkerDayOptions, type WorkerDayResult } from './worker-day.js';
