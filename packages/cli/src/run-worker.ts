/**
 * The worker process `mahnwerk run --workers N` forks N times (dist/run-worker.js): it waits for
 * its job on the IPC channel, opens the PostgreSQL database, builds the engine from the parent's
 * config through the same `hostEngineOptions` every command uses (policy, the clock — the parent's
 * `--now` instant, else the system clock — file channel,
 * renderer, its own audit-anchor stream), and runs its share of the day through `@mahnwerk/runner`
 * (`runWorkerDay`: leased daily run sending each batch after deciding it, then the dispatcher).
 * SIGTERM/SIGINT finish the current batch (and its sending).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { migrateRunner, runWorkerDay, stopOnSignals } from '@mahnwerk/runner';
import { recordingDeliveries, type DeliveryOutcome } from './delivery-failures.js';
import { describeFailure } from './errors.js';
import { hostEngineOptions } from './host.js';
import { runClock } from './now-option.js';
import { openStore } from './store-option.js';
import type { FromWorker, ToWorker, WorkerJob } from './worker-protocol.js';

const send = (message: FromWorker): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });

const io = {
  writeFile: async (path: string, text: string) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  },
  writeBinaryFile: async (path: string, bytes: Uint8Array) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  },
};

// Installed before the job arrives: a SIGTERM/SIGINT that comes early still stops the worker cleanly.
const { signal, dispose } = stopOnSignals();

async function work(job: WorkerJob): Promise<void> {
  const opened = await openStore(job.db, { migrate: false });
  try {
    await migrateRunner(opened.store);
    // The parent's --now, if given: every worker sends at the same instant (runClock, as one process does).
    const engine = hostEngineOptions(job.config, io, job.workerId, { clock: runClock(job.config.timeZone, job.now) });
    const pending: Promise<void>[] = [];
    // What this worker's deliveries wrote, for the parent to say why messages failed (as runDue's events do in one process).
    const deliveries: DeliveryOutcome[] = [];
    const result = await runWorkerDay({
      store: recordingDeliveries(opened.store, (o) => deliveries.push(...o)),
      engine,
      workerId: job.workerId,
      date: job.date,
      runStartedAt: job.runStartedAt,
      signal,
      ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
      onBatch: (b) => {
        pending.push(send({ type: 'batch', claimIds: b.claimIds, decided: b.decided, events: b.events, errors: b.errors }));
      },
    });
    await Promise.all(pending);
    await send({ type: 'done', result, deliveries });
  } finally {
    await opened.close();
  }
}

process.once('message', (message: ToWorker) => {
  if (message?.type !== 'start') return;
  work(message.job).then(
    () => {
      dispose();
      process.disconnect?.();
    },
    async (error: unknown) => {
      // In the words the CLI uses for it: what happened and what to do (a database out of reach), or "unexpected failure (<class>)" for a bug.
      await send({ type: 'failed', message: describeFailure(error).line });
      process.exitCode = 1;
      dispose();
      process.disconnect?.();
    },
  );
});
