import type { IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { runDailyRun, type BatchReport, type DailyRunResult } from './daily-run.js';
import { runDispatcher, type DispatcherResult } from './dispatcher.js';
import type { RunnerEngineOptions } from './engine-options.js';

/** Options of {@link runWorkerDay}. */
export interface WorkerDayOptions {
  /** The PostgreSQL claim store (migrated, with `migrateRunner` run once). */
  readonly store: PostgresClaimStore;
  /** Policy, clock, channels, renderer, audit anchor … as for `createMahnwerk`. */
  readonly engine: RunnerEngineOptions;
  /** This worker's id, unique among the workers sharing the day. */
  readonly workerId: string;
  /** The business date (default: the engine clock's today). */
  readonly date?: IsoDate;
  /** Claims leased per batch (default 200). */
  readonly batchSize?: number;
  /** When the run began, shared by its workers (`runDailyRun`'s `runStartedAt`; default: the database's clock as this worker begins). */
  readonly runStartedAt?: string;
  /**
   * Whether the daily run dispatches each batch itself right after deciding it (`runDailyRun({
   * dispatch: true })`, default true): the same sending the dispatcher would do after the run, done
   * sooner and from the claims in hand. `false`: decide every batch first, then dispatch.
   */
  readonly dispatchInRun?: boolean;
  /** Aborting it stops after the current batch (or dispatch round); see `stopOnSignals`. */
  readonly signal?: AbortSignal;
  /** Called after each batch of the daily run. */
  readonly onBatch?: (batch: BatchReport) => void;
}

/** What one worker did on the day. */
export interface WorkerDayResult {
  /** The daily run's part. */
  readonly run: DailyRunResult;
  /**
   * The dispatcher's part (what the run's own dispatch left: deferred, retried, others' messages);
   * null when the run was stopped before it was done (the dispatcher was not run; what the run
   * sent itself is in `run.sent`).
   */
  readonly dispatched: DispatcherResult | null;
}

/**
 * One worker's share of a business day: {@link runDailyRun} until every due claim is decided (by
 * this worker or the others on the same database — it waits for their leases), each batch's
 * messages sent right after the batch is decided (unless `dispatchInRun: false`), then
 * {@link runDispatcher} until the outbox holds nothing that can go out now. Start it in N
 * processes with N worker ids: each claim is decided once, each message handed to its channel once.
 * When the signal stops the run, the worker finishes its batch (and that batch's dispatch) and
 * returns without running the dispatcher.
 *
 * @param options - store, engine options, worker id, date, batch size, stop signal, progress
 * @returns what this worker decided and sent (in the run: `run.sent`; after it: `dispatched.sent`)
 */
export async function runWorkerDay(options: WorkerDayOptions): Promise<WorkerDayResult> {
  const { store, engine, workerId } = options;
  const common = { store, engine, workerId, ...(options.date === undefined ? {} : { date: options.date }), ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const run = await runDailyRun({
    ...common,
    dispatch: options.dispatchInRun !== false,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.runStartedAt === undefined ? {} : { runStartedAt: options.runStartedAt }),
    ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
  });
  if (run.stopped) return { run, dispatched: null };
  const dispatched = await runDispatcher({ ...common, date: run.date });
  return { run, dispatched };
}
