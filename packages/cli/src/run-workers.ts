import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IsoDate } from '@mahnwerk/core';
import type { WorkerDayResult } from '@mahnwerk/runner';
import type { MahnwerkConfig } from './config.js';
import type { DeliveryOutcome } from './delivery-failures.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** Progress over all workers (see `RunProgress` of the run command). @internal */
export interface WorkersProgress {
  /** Called after each batch any worker decided, with the number of claims in it and the worker's id. */
  tick(claims: number, workerId: string): void;
}

/** How one worker process ended. @internal */
export interface WorkerOutcome {
  /** Its id. */
  readonly workerId: string;
  /** What it did, when it finished its share. */
  readonly result: WorkerDayResult | undefined;
  /** Why it failed (its own message, or its exit code/signal and the end of its stderr), when it did. */
  readonly failure: string | undefined;
  /** Claims it leased and decided, batch by batch (a claim given back for a retry appears again). */
  readonly claimIds: readonly string[];
  /** The delivery outcomes it wrote (messages given up on with their reason, messages sent), when it finished its share. */
  readonly deliveries: readonly DeliveryOutcome[];
}

/** Options of {@link runWorkers}. @internal */
export interface RunWorkersOptions {
  /** The postgres:// URL. */
  readonly db: string;
  /** The checked settings, handed to every worker. */
  readonly config: MahnwerkConfig;
  /** The business day. */
  readonly date: IsoDate;
  /** The instant every worker sends at (`--now`, milliseconds since the epoch); absent: each worker's system clock. */
  readonly now?: number;
  /** How many processes. */
  readonly workers: number;
  /** This run's id, the prefix of the worker ids. */
  readonly runId: string;
  /** When this run began, by the database's clock (`databaseNow` of `@mahnwerk/runner`), handed to every worker. */
  readonly runStartedAt: string;
  /** The worker entry to fork (default: run-worker.js beside this module in dist/). */
  readonly entry?: string;
  /** Claims per batch. */
  readonly batchSize?: number;
  /** Progress over all workers. */
  readonly progress?: WorkersProgress;
  /**
   * Called as each worker ends, with how many others are still running — so a worker that died
   * can be reported while the others wait for its leases to run out, not only after all ended.
   */
  readonly onEnded?: (outcome: WorkerOutcome, stillRunning: number) => void;
}

/** The built worker entry beside the CLI's own bundle. @internal */
export function defaultWorkerEntry(): string {
  return fileURLToPath(new URL('./run-worker.js', import.meta.url));
}

/**
 * Forks the worker entry N times, hands each its job, and waits for all of them. While they run,
 * SIGTERM and SIGINT sent to this process are passed on to every worker (each finishes its batch
 * and stops); the handlers are removed when all have exited.
 *
 * @returns each worker's outcome, in worker order
 * @internal
 */
export async function runWorkers(options: RunWorkersOptions): Promise<WorkerOutcome[]> {
  const entry = options.entry ?? defaultWorkerEntry();
  const children: ChildProcess[] = [];
  const forward = (signal: NodeJS.Signals): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.on(s, forward);
  try {
    let running = options.workers;
    const outcomes = Array.from({ length: options.workers }, (_, i) => {
      const workerId = `${options.runId}-w${i + 1}`;
      const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      children.push(child);
      return watch(child, workerId, options).then((outcome) => {
        running -= 1;
        options.onEnded?.(outcome, running);
        return outcome;
      });
    });
    return await Promise.all(outcomes);
  } finally {
    for (const s of signals) process.off(s, forward);
  }
}

function watch(child: ChildProcess, workerId: string, options: RunWorkersOptions): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    let stderr = '';
    let result: WorkerDayResult | undefined;
    let failure: string | undefined;
    let deliveries: readonly DeliveryOutcome[] = [];
    const claimIds: string[] = [];
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('message', (m: FromWorker) => {
      if (m.type === 'batch') {
        claimIds.push(...m.claimIds);
        options.progress?.tick(m.claimIds.length, workerId);
      } else if (m.type === 'done') {
        result = m.result;
        deliveries = m.deliveries;
      }
      else if (m.type === 'failed') failure = m.message;
    });
    child.on('error', (error) => {
      failure ??= `could not start ${options.entry ?? defaultWorkerEntry()}: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      if (result === undefined || code !== 0) {
        const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
        failure ??= `ended with ${how} before finishing${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-3).join(' | ')}`}`;
      }
      resolve({ workerId, result: failure === undefined ? result : undefined, failure, claimIds, deliveries: failure === undefined ? deliveries : [] });
    });
    const job: ToWorker = {
      type: 'start',
      job: {
        db: options.db,
        config: options.config,
        date: options.date,
        workerId,
        runStartedAt: options.runStartedAt,
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      },
    };
    child.send(job);
  });
}
