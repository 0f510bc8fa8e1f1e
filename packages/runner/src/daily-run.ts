import { checkRunDay, createMahnwerk, MahnwerkError, parseIsoDate, ValidationError, type BlockedRule, type IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { withRetryBackoff } from './backoff.js';
import { answeringFromHand, keepingInHand, type ClaimsInHand } from './claims-in-hand.js';
import { databaseNow, finishClaims, giveUpClaims, leaseClaims, leasedElsewhere, releaseClaims, type LeasedClaim } from './claim-leases.js';
import { batchView, runnerEngine, type RunnerEngineOptions } from './engine-options.js';

/** Options of {@link runDailyRun}. */
export interface DailyRunOptions {
  /** The PostgreSQL claim store (migrated, with {@link migrateRunner} run once). */
  readonly store: PostgresClaimStore;
  /** Policy, clock, channels … as for `createMahnwerk`. */
  readonly engine: RunnerEngineOptions;
  /** This worker's id: unique per worker; a restarted worker with the same id takes its leases back at once. */
  readonly workerId: string;
  /** The run's business date (default: the engine clock's today). */
  readonly date?: IsoDate;
  /** Claims leased and decided per batch (default 200). */
  readonly batchSize?: number;
  /**
   * Lanes a batch is split into, decided side by side, each appended in its own transaction
   * (default 4; a pg Pool needs at least as many connections). The claims of one debtor are always
   * in one lane, decided one after the other, so contact limits see each other.
   */
  readonly concurrency?: number;
  /** How long a batch's lease lasts, in seconds (default 300): longer than a batch takes. */
  readonly leaseSeconds?: number;
  /** After a retryable failure (a database error, a lost race), the claim is tried again after this many seconds (default 30). */
  readonly retryDelaySeconds?: number;
  /** A claim that failed retryably this often in the run is given up for the run and reported (default 5). */
  readonly maxFailures?: number;
  /**
   * When this run began, by the database's clock (ISO 8601 with offset or Z, e.g. from
   * {@link databaseNow}). A claim the run gives up on — an error that is not retryable, such as
   * `base_rate_unknown`, or `maxFailures` retryable ones — is not taken again by any worker of the
   * run, while a run that began before it was given up takes it up again: so the same day run
   * again once the cause is fixed decides it, as `runDue` does. Workers started together for one
   * run pass the same instant (`mahnwerk run --workers N` does); default: the database's clock as
   * this call begins (workers started apart then take up, once each, what a worker that began before
   * them gave up).
   */
  readonly runStartedAt?: string;
  /**
   * With nothing left to lease, wait for claims other workers still hold until they finish or
   * their leases run out (a crashed worker's), then take them (default true).
   */
  readonly waitForOthers?: boolean;
  /**
   * Hand each batch's new messages to their channels right after the batch is decided (default
   * false: the run only queues them, {@link runDispatcher} sends). The batch's claims are then not
   * read a second time: the dispatch takes them as the decisions left them, after one statement
   * checked that none has moved on and that no personal data was erased meanwhile (any such claim
   * is read anew). Leasing, sending and recording go through the dispatcher's one path with its
   * guarantees (each message leased before it is sent, its id as idempotency key, its events
   * written before its outcome, the default backoff on retries); a batch's dispatch runs beside
   * the next batch's decisions (one at a time), and the run returns after the last one finished.
   * What a batch leaves behind (deferred, retried, a failure) is left for {@link runDispatcher},
   * so run it after as before.
   */
  readonly dispatch?: boolean;
  /** Aborting it stops the run after the current batch (see {@link stopOnSignals}). */
  readonly signal?: AbortSignal;
  /** Called after each batch. */
  readonly onBatch?: (batch: BatchReport) => void;
}

/** What one batch did. */
export interface BatchReport {
  /** The worker. */
  readonly workerId: string;
  /** The ids of the claims leased and looked at, in id order. */
  readonly claimIds: readonly string[];
  /** The claims leased. */
  readonly claims: number;
  /** Claims whose decision wrote something. */
  readonly decided: number;
  /** Events written. */
  readonly events: number;
  /** Claims that failed (kept for a retry or given up for the day). */
  readonly errors: number;
}

/** A claim the run could not decide. */
export interface DailyRunError {
  /** The claim. */
  readonly claimId: string;
  /** Its error's code and message. */
  readonly code: string;
  /** What went wrong. */
  readonly message: string;
  /**
   * True when it was given back for another try in this run (retryable, fewer than `maxFailures`);
   * false: given up for this run — a later run of the same day takes it up again.
   */
  readonly retried: boolean;
}

/** A step a guard blocked: which claim, by which rule (core's `BlockedStep` without its texts). */
export interface DailyRunBlocked {
  /** The claim. */
  readonly claimId: string;
  /** The guard (or engine rule, or stage condition) that stopped the step, e.g. `guard.agency-handover-needs-claim-reason` or `stage.below-minimum`. */
  readonly rule: BlockedRule;
  /** The stage concerned, if any. */
  readonly stage?: string;
}

/** What {@link runDailyRun} did in this worker. */
export interface DailyRunResult {
  /** The business date. */
  readonly date: IsoDate;
  /** The worker. */
  readonly workerId: string;
  /** Batches processed. */
  readonly batches: number;
  /** Claims leased and looked at. */
  readonly claims: number;
  /** Claims whose decision wrote events. */
  readonly decided: number;
  /** Events written by decisions. */
  readonly events: number;
  /** Messages queued into the outbox. */
  readonly queued: number;
  /** Messages the run handed to their channels itself (with `dispatch`; 0 otherwise). */
  readonly sent: number;
  /** Messages the run's deliveries marked failed for good (with `dispatch`; 0 otherwise), as the dispatcher's `failed` counts them. */
  readonly sendFailed: number;
  /** Events the run's deliveries wrote (with `dispatch`; 0 otherwise): sent, attempted, failed …, as the dispatcher's `events` counts them. */
  readonly sendEvents: number;
  /** Messages whose delivery in the run broke off with an error (with `dispatch`; left for the dispatcher); an empty `messageId` when a batch's dispatch failed as a whole. */
  readonly sendErrors: readonly { readonly messageId: string; readonly error: string }[];
  /** Steps guards blocked (the length of `blockedSteps`). */
  readonly blocked: number;
  /** The steps guards blocked, one entry each (claim, rule, stage), in the order they were decided: what `blocked` counts, for saying why. */
  readonly blockedSteps: readonly DailyRunBlocked[];
  /** Claims that failed. */
  readonly errors: readonly DailyRunError[];
  /** True when the run stopped on its signal before the work was done. */
  readonly stopped: boolean;
}

/** The checked options with their defaults. @internal */
export interface RunSettings {
  readonly date: IsoDate;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly leaseSeconds: number;
  readonly retryDelaySeconds: number;
  readonly maxFailures: number;
  readonly dispatch: boolean;
  /** The run's start as given (checked), or undefined: the database's clock as the run begins. */
  readonly runStartedAt: string | undefined;
}

function positiveInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 1_000_000) {
    throw new ValidationError(`${field}: expected a whole number from 1 to 1,000,000, got ${JSON.stringify(value)}.`, { field });
  }
  return value;
}

/** Checks the run options and fills in defaults. @internal */
export function runSettings(options: Omit<DailyRunOptions, 'store'>): RunSettings {
  if (typeof options.workerId !== 'string' || options.workerId.trim() === '') {
    throw new ValidationError('workerId: give each worker a non-empty id (e.g. host name and process number).', { field: 'workerId' });
  }
  return {
    date: parseIsoDate(options.date ?? options.engine.clock.today(), 'date'),
    batchSize: positiveInteger(options.batchSize, 'batchSize', 200),
    concurrency: positiveInteger(options.concurrency, 'concurrency', 4),
    leaseSeconds: positiveInteger(options.leaseSeconds, 'leaseSeconds', 300),
    retryDelaySeconds: positiveInteger(options.retryDelaySeconds, 'retryDelaySeconds', 30),
    maxFailures: positiveInteger(options.maxFailures, 'maxFailures', 5),
    dispatch: options.dispatch === true,
    runStartedAt: instant(options.runStartedAt, 'runStartedAt'),
  };
}

/** An ISO 8601 instant with its offset or Z, or undefined. */
function instant(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError(`${field}: expected an instant with its offset or Z such as "2025-04-15T06:00:00.123456Z" (databaseNow gives one), got ${JSON.stringify(value)}.`, { field });
  }
  return value;
}

/** The running totals of a run. @internal */
export interface RunTotals {
  batches: number;
  claims: number;
  decided: number;
  events: number;
  queued: number;
  blocked: number;
  blockedSteps: DailyRunBlocked[];
  errors: DailyRunError[];
  sent: number;
  sendFailed: number;
  sendEvents: number;
  sendErrors: { messageId: string; error: string }[];
}

/** Fresh totals. @internal */
export function emptyTotals(): RunTotals {
  return { batches: 0, claims: 0, decided: 0, events: 0, queued: 0, blocked: 0, blockedSteps: [], errors: [], sent: 0, sendFailed: 0, sendEvents: 0, sendErrors: [] };
}

/**
 * Decides one batch of leased claims through the facade's `runDue` (the one path from a due claim
 * to its events), lane by lane: the store has `loadMany` and `appendMany`, so each lane's claims
 * are loaded in one read and their events, next review dates and outbox rows appended in one
 * transaction (a claim that conflicts is decided again on its own). Then it marks them done for the day — except claims that failed: those that failed retryably are given back for
 * another try until `maxFailures`; the others are given up for this run (`giveUpClaims`: a later run of the day takes them up). With `dispatch`, the batch's messages are then dispatched
 * (`dispatchInHand`): at once, or with a `pipeline` beside the next batch.
 *
 * @internal
 */
export async function processLeased(
  store: PostgresClaimStore,
  engine: RunnerEngineOptions,
  workerId: string,
  settings: RunSettings,
  leased: readonly LeasedClaim[],
  totals: RunTotals,
  pipeline?: DispatchPipeline,
): Promise<BatchReport> {
  const ids = leased.map((l) => l.claimId);
  const options = runnerEngine(engine);
  // Lanes decided side by side, each claim's debtor always in the same lane.
  const lanes: string[][] = Array.from({ length: Math.min(settings.concurrency, ids.length) }, () => []);
  for (const l of leased) lanes[laneOf(l.debtorId, lanes.length)]?.push(l.claimId);
  // With `dispatch`, the claims as the decisions leave them, for the batch's dispatch.
  const inHand: ClaimsInHand = new Map();
  const deciding = settings.dispatch ? keepingInHand(store, inHand) : store;
  const results = await Promise.all(
    lanes.filter((lane) => lane.length > 0).map((lane) => createMahnwerk({ ...options, store: batchView(deciding, lane), workerId, batchSize: lane.length + 1 }).runDue(settings.date)),
  );
  const result = {
    decided: results.reduce((n, r) => n + r.decided, 0),
    events: results.flatMap((r) => r.events),
    blocked: results.flatMap((r) => r.blocked),
    errors: results.flatMap((r) => r.errors),
  };
  const failuresOf = new Map(leased.map((l) => [l.claimId, l.failures]));
  const retry: string[] = [];
  const givenUp: { claimId: string; code: string }[] = [];
  for (const { claimId, error } of result.errors) {
    const again = error.retryable && (failuresOf.get(claimId) ?? settings.maxFailures) + 1 < settings.maxFailures;
    if (again) retry.push(claimId);
    else givenUp.push({ claimId, code: error.code });
    totals.errors.push({ claimId, code: error.code, message: error.message, retried: again });
  }
  const failed = new Set(result.errors.map((e) => e.claimId));
  await releaseClaims(store, settings.date, workerId, retry, settings.retryDelaySeconds);
  await giveUpClaims(store, settings.date, workerId, givenUp);
  await finishClaims(
    store,
    settings.date,
    workerId,
    ids.filter((id) => !failed.has(id)),
  );
  const report: BatchReport = { workerId, claimIds: ids, claims: ids.length, decided: result.decided, events: result.events.length, errors: result.errors.length };
  const queued = result.events.filter((e) => e.type === 'message-queued').length;
  totals.batches += 1;
  totals.claims += ids.length;
  totals.decided += result.decided;
  totals.events += result.events.length;
  totals.queued += queued;
  totals.blocked += result.blocked.length;
  for (const b of result.blocked) totals.blockedSteps.push({ claimId: b.claimId, rule: b.reason.rule, ...(b.reason.stage === undefined ? {} : { stage: b.reason.stage }) });
  if (settings.dispatch && queued > 0) {
    const work = (): Promise<void> => dispatchInHand(store, engine, workerId, settings.date, inHand, queued, totals);
    if (pipeline === undefined) await work();
    else {
      await pipeline.settle();
      pipeline.start(work);
    }
  }
  return report;
}

/**
 * The batches' dispatches of a run with `dispatch`, each running beside the next batch's decisions
 * (at most one at a time: a batch's dispatch starts after the one before it finished), so that one
 * waits for the database while the other computes.
 *
 * @internal
 */
export interface DispatchPipeline {
  /** Starts a batch's dispatch (after `settle`). */
  start(work: () => Promise<void>): void;
  /** Waits for the dispatch in flight; throws what it threw. */
  settle(): Promise<void>;
  /** Waits for the dispatch in flight, whatever its end (its error is kept for `settle`). */
  drain(): Promise<void>;
}

/** A fresh {@link DispatchPipeline}. @internal */
export function dispatchPipeline(): DispatchPipeline {
  let current: Promise<void> | undefined;
  let failure: { readonly error: unknown } | undefined;
  const drain = async (): Promise<void> => {
    await current;
    current = undefined;
  };
  return {
    start: (work) => {
      current = work().catch((error: unknown) => {
        failure = { error };
      });
    },
    settle: async () => {
      await drain();
      const f = failure;
      failure = undefined;
      if (f !== undefined) throw f.error;
    },
    drain,
  };
}

/**
 * The batch's dispatch (`dispatch`): one round of the dispatcher's path (the facade's `dispatch`
 * with the default backoff, as {@link runDispatcher} runs it) leasing as many messages as the batch
 * queued — the oldest pending ones, which are the batch's unless others were left before — with the
 * claims read from `inHand` where they are still current. The run's date was checked once before the
 * run leased (`checkRunDay`), so the facade sees no `lastRunDay` here. A failure of the round leaves
 * its messages to the dispatcher; the run still records its day when done (its decisions are written).
 */
async function dispatchInHand(
  store: PostgresClaimStore,
  engine: RunnerEngineOptions,
  workerId: string,
  date: IsoDate,
  inHand: ClaimsInHand,
  queued: number,
  totals: RunTotals,
): Promise<void> {
  // The run checked its day once before it leased (checkRunDay) and records it when done: like the
  // batches' decisions (batchView), a batch's dispatch neither reads nor records the day again.
  const { lastRunDay: _last, recordRunDay: _record, ...viewed } = withRetryBackoff(answeringFromHand(store, inHand), () => engine.clock.now());
  // The facade leases batchSize × 10 per dispatch.
  const facade = createMahnwerk({ ...runnerEngine(engine), store: viewed, workerId, batchSize: Math.ceil(queued / 10) });
  try {
    const r = await facade.dispatch(date);
    totals.sent += r.sent;
    totals.sendFailed += r.failed;
    totals.sendEvents += r.events.length;
    totals.sendErrors.push(...r.errors);
  } catch (error) {
    if (!MahnwerkError.isInstance(error)) throw error;
    totals.sendErrors.push({ messageId: '', error: `${error.code}: ${error.message}` });
  }
}

/** A debtor's lane: a string hash (FNV-1a) modulo the number of lanes. */
function laneOf(debtorId: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < debtorId.length; i++) h = Math.imul(h ^ debtorId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * The daily run of one worker on PostgreSQL: leases due claims in batches (`FOR UPDATE SKIP
 * LOCKED`, with an expiry), decides each batch through the facade's `runDue`, stores the
 * decisions of each lane of the batch (events, next review dates, outbox rows) in one transaction
 * (`appendMany`), and marks the batch done. Start it in as many
 * processes as you like on one database: each claim is decided by one worker; a crashed worker's
 * claims are taken over when its lease runs out (or at once by the same worker id restarted). A
 * claim decided twice (a lease that ran out while its worker was still writing) is still written
 * once: the second decision finds the first one's version and the claim no longer due.
 *
 * Sending is the dispatcher's ({@link runDispatcher}); run it after, or in other processes.
 *
 * The day goes through the facade's rule before anything is leased (core's `checkRunDay`): not after
 * the engine clock's today, not before the last day the store records as run; the same day again
 * (another worker, a second run) is allowed. When the run is done (not stopped), the day is recorded
 * as run (`recordRunDay`) — also when a batch's dispatch failed: the day's decisions are written (a
 * run of an earlier day would decide again on stale dates), and what the dispatch did not send stays
 * queued for {@link runDispatcher}, which may send it dated this day or later (not earlier).
 *
 * @param options - store, engine options, worker id, date, batch and lease sizes, stop signal
 * @returns what this worker did
 * @throws ValidationError on bad options, or (field `date`) a day after the clock's today;
 *   RunDayBeforeLastRunError (field `date`) for a day before the last day run — nothing leased or
 *   written; MahnwerkError `adapter_failed` when the database fails outside a claim
 */
export async function runDailyRun(options: DailyRunOptions): Promise<DailyRunResult> {
  const settings = runSettings(options);
  const { store, engine, workerId } = options;
  // Before anything is leased: the one rule of which day may be run (runDue's) — not after the
  // clock's today, not before the last day run. The same day again (another worker's) is allowed.
  await checkRunDay(store, settings.date, engine.clock.today());
  // What this run gives up it does not take again; what a run that began before gave up it does.
  const runStartedAt = settings.runStartedAt ?? (await databaseNow(store));
  const totals = emptyTotals();
  let stopped = false;
  // With `dispatch`, each batch's dispatch runs beside the next batch's decisions.
  const pipeline = settings.dispatch ? dispatchPipeline() : undefined;
  try {
    for (;;) {
      if (options.signal?.aborted === true) {
        stopped = true;
        break;
      }
      const leased = await leaseClaims(store, { date: settings.date, owner: workerId, limit: settings.batchSize, leaseSeconds: settings.leaseSeconds, maxFailures: settings.maxFailures, runStartedAt });
      if (leased.length === 0) {
        if (options.waitForOthers === false) break;
        const others = await leasedElsewhere(store, settings.date, settings.maxFailures);
        if (others.claims === 0) break;
        await sleep(Math.min(1000, Math.max(50, others.secondsToExpiry * 1000)), options.signal);
        continue;
      }
      const report = await processLeased(store, engine, workerId, settings, leased, totals, pipeline);
      options.onBatch?.(report);
    }
  } finally {
    // The last batch's dispatch finishes before the run returns (or throws).
    await pipeline?.drain();
  }
  await pipeline?.settle();
  // The day is run (a run stopped by its signal is not): an earlier day is refused from now on.
  if (!stopped) await store.recordRunDay(settings.date);
  return { date: settings.date, workerId, ...totals, stopped };
}

/**
 * An AbortSignal that is aborted on SIGTERM or SIGINT, for {@link runDailyRun} and
 * {@link runDispatcher}: the worker finishes its current batch and returns; `dispose` removes the
 * handlers again.
 *
 * @param signals - the process signals to stop on (default SIGTERM and SIGINT)
 * @returns the signal and a function removing the handlers
 */
export function stopOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): { readonly signal: AbortSignal; readonly dispose: () => void } {
  const controller = new AbortController();
  const stop = (name: NodeJS.Signals): void => controller.abort(new MahnwerkError('adapter_failed', `stopped by ${name}: the current batch finishes, no new one starts.`));
  for (const s of signals) process.on(s, stop);
  return { signal: controller.signal, dispose: () => signals.forEach((s) => process.off(s, stop)) };
}
