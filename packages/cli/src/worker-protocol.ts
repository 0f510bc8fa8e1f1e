import type { IsoDate } from '@mahnwerk/core';
import type { WorkerDayResult } from '@mahnwerk/runner';
import type { MahnwerkConfig } from './config.js';
import type { DeliveryOutcome } from './delivery-failures.js';

/**
 * The messages between `mahnwerk run --workers N` and its worker processes (Node's IPC channel of
 * `child_process.fork`). The parent sends one `start`; the worker answers with a `batch` after each
 * batch it decided and one `done` (or `failed`) at the end.
 *
 * @internal
 */
export interface WorkerJob {
  /** The database: a postgres:// URL. */
  readonly db: string;
  /** The settings the parent read and checked. */
  readonly config: MahnwerkConfig;
  /** The business day. */
  readonly date: IsoDate;
  /** The instant to send at (`mahnwerk run --now`, milliseconds since the epoch); absent: the worker's system clock. */
  readonly now?: number;
  /** This worker's id (`<run id>-w<i>`). */
  readonly workerId: string;
  /** When the run began, by the database's clock: the same for every worker of the run (`runStartedAt` of `@mahnwerk/runner`). */
  readonly runStartedAt: string;
  /** Claims per batch (absent: the runner's default). */
  readonly batchSize?: number;
}

/** Parent → worker. @internal */
export type ToWorker = { readonly type: 'start'; readonly job: WorkerJob };

/** Worker → parent. @internal */
export type FromWorker =
  | { readonly type: 'batch'; readonly claimIds: readonly string[]; readonly decided: number; readonly events: number; readonly errors: number }
  /** `deliveries`: every message this worker gave up on or sent, with why it failed — the parent reports the reasons over all workers. */
  | { readonly type: 'done'; readonly result: WorkerDayResult; readonly deliveries: readonly DeliveryOutcome[] }
  | { readonly type: 'failed'; readonly message: string };
