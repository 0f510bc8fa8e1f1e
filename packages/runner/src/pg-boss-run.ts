import { checkRunDay, type IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore, SqlSession } from '@mahnwerk/store-postgres';
import type PgBoss from 'pg-boss';
import { databaseNow, leaseClaims } from './claim-leases.js';
import { emptyTotals, processLeased, runDailyRun, runSettings, type DailyRunOptions, type DailyRunResult } from './daily-run.js';
import { schemaOf, wrap, type migrateRunner } from './schema.js';

/** Options of {@link runDailyRunWithPgBoss}: those of {@link runDailyRun} and a started pg-boss. */
export interface PgBossRunOptions extends DailyRunOptions {
  /** A started `PgBoss` (10.4.x) on the same database; the host owns it and stops it. */
  readonly boss: PgBoss;
  /** Claims per job (default: `batchSize`). pg-boss polls, so a job should carry a large batch. */
  readonly jobSize?: number;
}

/** The data of one daily-run job: its business date and claim ids. */
export interface DailyRunJob {
  readonly date: IsoDate;
  readonly claimIds: readonly string[];
}

/** The pg-boss queue of a store's daily runs (one per schema). @internal */
export function queueName(store: PostgresClaimStore): string {
  return `mahnwerk-daily-run-${store.schema}`;
}

/**
 * Queues the day's due claims as pg-boss jobs of `jobSize` claims, once per date: the first
 * worker to get here writes the plan row and the jobs in one transaction (pg-boss inserts through
 * the transaction's connection), the others find the plan and only work.
 *
 * @param store - the PostgreSQL claim store (with {@link migrateRunner} run)
 * @param boss - a started pg-boss on the same database
 * @param date - the run's business date
 * @param jobSize - claims per job
 * @returns the number of jobs queued now (0 when the date was planned before)
 */
export async function planDailyRun(store: PostgresClaimStore, boss: PgBoss, date: IsoDate, jobSize: number): Promise<number> {
  const s = schemaOf(store);
  const queue = queueName(store);
  try {
    // pg-boss's createQueue deadlocks when two processes run it at once: one at a time.
    await store.driver.transaction(async (tx: SqlSession) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`mahnwerk.runner.queue.${store.schema}`]);
      await boss.createQueue(queue);
    });
  } catch (error) {
    throw wrap(error, `create the pg-boss queue "${queue}"`);
  }
  try {
    return await store.driver.transaction(async (tx: SqlSession) => {
      const won = await tx.query(`insert into ${s}.runner_plans (run_date, jobs, claims) values ($1::date, 0, 0) on conflict (run_date) do nothing returning run_date`, [date]);
      if (won.length === 0) return 0;
      const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) };
      let cursor = '';
      let jobs = 0;
      let claims = 0;
      for (;;) {
        const rows = await tx.query<{ claim_id: string }>(
          `select claim_id from ${s}.claims where next_review_at <= $1::date and claim_id > $2 order by claim_id limit $3`,
          [date, cursor, jobSize * 50],
        );
        if (rows.length === 0) break;
        const batch: PgBoss.JobInsert<DailyRunJob>[] = [];
        for (let i = 0; i < rows.length; i += jobSize) {
          batch.push({ name: queue, data: { date, claimIds: rows.slice(i, i + jobSize).map((r) => r.claim_id) } });
        }
        await boss.insert(batch, { db });
        jobs += batch.length;
        claims += rows.length;
        cursor = rows[rows.length - 1]?.claim_id ?? cursor;
      }
      await tx.query(`update ${s}.runner_plans set jobs = $2, claims = $3 where run_date = $1::date`, [date, jobs, claims]);
      return jobs;
    });
  } catch (error) {
    throw wrap(error, `plan the daily run of ${date} in pg-boss`);
  }
}

/**
 * The daily run with pg-boss handing out the work: the day's due claims are queued once as jobs of
 * `jobSize` claims ({@link planDailyRun}); each worker fetches jobs, leases the job's claims with the
 * same lease as {@link runDailyRun} (so a job pg-boss hands out twice — after an expiry — still
 * decides each claim once) and decides them. When the queue is empty the worker sweeps up with
 * {@link runDailyRun} whatever is left (claims of a crashed worker's job, claims that became due
 * after planning).
 *
 * @param options - the daily-run options, the started pg-boss and the job size
 * @returns what this worker did (jobs and sweep together)
 */
export async function runDailyRunWithPgBoss(options: PgBossRunOptions): Promise<DailyRunResult> {
  const settings = runSettings(options);
  const { store, engine, workerId, boss } = options;
  const jobSize = options.jobSize ?? settings.batchSize;
  // Before a job is planned: the day goes through runDue's rule (as in runDailyRun, whose sweep records it).
  await checkRunDay(store, settings.date, engine.clock.today());
  // One start for the jobs and the sweep: the sweep does not take back what a job gave up.
  const runStartedAt = settings.runStartedAt ?? (await databaseNow(store));
  await planDailyRun(store, boss, settings.date, jobSize);
  const queue = queueName(store);
  const totals = emptyTotals();
  for (;;) {
    if (options.signal?.aborted === true) return { date: settings.date, workerId, ...totals, stopped: true };
    const jobs = await boss.fetch<DailyRunJob>(queue, { batchSize: 1 });
    const job = jobs[0];
    if (job === undefined) break;
    if (job.data.date === settings.date) {
      const leased = await leaseClaims(store, {
        date: settings.date,
        owner: workerId,
        limit: job.data.claimIds.length,
        leaseSeconds: settings.leaseSeconds,
        maxFailures: settings.maxFailures,
        runStartedAt,
        claimIds: job.data.claimIds,
      });
      if (leased.length > 0) options.onBatch?.(await processLeased(store, engine, workerId, settings, leased, totals));
    }
    await boss.complete(queue, job.id);
  }
  const sweep = await runDailyRun({ ...options, runStartedAt });
  return {
    date: settings.date,
    workerId,
    batches: totals.batches + sweep.batches,
    claims: totals.claims + sweep.claims,
    decided: totals.decided + sweep.decided,
    events: totals.events + sweep.events,
    queued: totals.queued + sweep.queued,
    blocked: totals.blocked + sweep.blocked,
    blockedSteps: [...totals.blockedSteps, ...sweep.blockedSteps],
    errors: [...totals.errors, ...sweep.errors],
    sent: totals.sent + sweep.sent,
    sendFailed: totals.sendFailed + sweep.sendFailed,
    sendEvents: totals.sendEvents + sweep.sendEvents,
    sendErrors: [...totals.sendErrors, ...sweep.sendErrors],
    stopped: sweep.stopped,
  };
}
