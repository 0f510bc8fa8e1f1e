import { blockedRules, checkRunDay, parseIsoDate, type BlockedRule, type ClaimStore, type IsoDate, type RunDueResult } from '@mahnwerk/core';
import cliProgress from 'cli-progress';
import { databaseNow, migrateRunner, type WorkerDayResult } from '@mahnwerk/runner';
import { helpText, parseFlags, str, type FlagSpec, type ParsedFlags } from '../args.js';
import { anchorSigner, checkCheckpointsFile } from '../anchor-option.js';
import { checkRunChannels } from '../channel-check.js';
import { missingBaseRate } from '../base-rate-advice.js';
import { defaultConfigFile, type MahnwerkConfig } from '../config.js';
import { failuresOf, failuresOverWorkers, type RunFailure } from '../delivery-failures.js';
import { runWorkers } from '../run-workers.js';
import { isPostgresUrl, openCommandStore, redactUrl } from '../store-option.js';
import { renderTable, toJson } from '../format.js';
import { configuredDatabase, hostFlags, openConfiguredHost, type Host } from '../host.js';
import { nowFlag, runClock } from '../now-option.js';
import { OperationalError } from '../errors.js';
import { exitCodes } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'date', type: 'string', placeholder: 'YYYY-MM-DD', help: "the business day to run (default: the day of --now, else today, in the config's time zone)" },
  {
    name: 'now',
    type: 'string',
    placeholder: 'INSTANT',
    help: "the instant the run sends at, with its offset or Z (e.g. 2025-03-03T10:00:00+01:00): quiet hours and a channel's hours are checked at it and events recorded at it (default: the system clock); a run for a past --date sends now, dated that day",
  },
  {
    name: 'workers',
    type: 'string',
    placeholder: 'N',
    help: 'share the day among N worker processes on a PostgreSQL server (@mahnwerk/runner: leased batches, each sent right after it is decided, then the dispatcher); an embedded PGlite directory is one process only',
  },
  { name: 'batch-size', type: 'string', placeholder: 'N', help: 'with --workers: claims each worker leases per batch (default 200); a debtor\'s due claims always go into one batch' },
];

const summary = 'the daily run: decide every due claim, store the decisions, deliver the messages (one process, or --workers N)';

/** Reports how far a run is: claims written of those due. */
export interface RunProgress {
  /** Called once before the run with the number of due claims. */
  start(due: number): void;
  /** Called after each claim's decision is stored. */
  tick(): void;
  /** Called when the run is over (also when it failed). */
  stop(): void;
}

/** The store with every successful `append` reported: a run writes each decided claim once. @internal */
export function countingStore(store: ClaimStore, onAppend: () => void): ClaimStore {
  return Object.assign(Object.create(store) as ClaimStore, {
    specificationVersion: store.specificationVersion,
    append: async (request: Parameters<ClaimStore['append']>[0]) => {
      const result = await store.append(request);
      onAppend();
      return result;
    },
  });
}

async function countDue(store: ClaimStore, date: IsoDate): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listDue(date, { limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    count += page.length;
    if (page.length < 1000) return count;
    cursor = page[page.length - 1];
  }
}

/**
 * The run in this process: `runDue(date)` of the host's mahnwerk over a store that reports each
 * written claim to `progress`. (`mahnwerk run --workers N` hands the same day to N worker
 * processes instead; this is the N = 1 path.) First the day goes through core's `checkRunDay`
 * (runDue's one rule: not after `today`, not before the last day run), then, when a claim is due, a
 * config on which a message of the policy could go out on no channel is refused
 * (`checkRunChannels`) — both before anything is decided, in the order `--workers N` checks them.
 *
 * @param today - the run clock's today (the config's time zone, `--now`)
 * @param configFile - the `--config` file, for the refusal's message
 * @internal
 */
export async function runSingleProcess(host: Host, date: IsoDate, today: IsoDate, progress: RunProgress, configFile?: string): Promise<RunDueResult> {
  await checkRunDay(host.opened.store, date, today);
  const due = await countDue(host.opened.store, date);
  // Before anything is decided: a due claim whose messages could go out on no channel.
  if (due > 0) checkRunChannels(host.config, configFile);
  progress.start(due);
  try {
    return await host.rebuild(countingStore(host.opened.store, () => progress.tick())).runDue(date);
  } finally {
    progress.stop();
  }
}

function progressBar(io: CliIo): RunProgress {
  const stream = io.progressStream;
  if (stream === undefined) return { start: () => undefined, tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: 'claims {bar} {value}/{total} ({percentage} %), {eta_formatted} left', noTTYOutput: true, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  return { start: (due) => bar.start(due, 0), tick: () => bar.increment(), stop: () => bar.stop() };
}

/** `mahnwerk run`: one business day of the dunning run on the database. */
export const runCommand = {
  name: 'run',
  summary,
  fieldToFlag: { date: '--date' } as Record<string, string>,
  help: () => helpText('run', summary, flags, 'mahnwerk run --db postgres://localhost/mahnwerk --workers 4 --date 2025-03-03 --now 2025-03-04T10:00:00+01:00', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('run', argv, flags);
    if (f['help']) return { text: runCommand.help() };
    const given = str(f, 'date');
    const dateFlag = given === undefined ? undefined : parseIsoDate(given, '--date');
    const now = nowFlag(str(f, 'now'));
    const workers = workersFlag(str(f, 'workers'));
    const batchSize = str(f, 'batch-size');
    if (batchSize !== undefined && (workers === undefined || !/^\d+$/.test(batchSize) || Number(batchSize) < 1 || Number(batchSize) > 100_000)) {
      throw new UsageError(workers === undefined ? '--batch-size: only with --workers N.' : `--batch-size: "${batchSize}" is not a whole number from 1 to 100000.`);
    }
    if (workers !== undefined) return runWithWorkers(f, io, workers, dateFlag, now, batchSize === undefined ? undefined : Number(batchSize));
    const { config, db } = await configuredDatabase(f, io, { sends: true });
    const clock = runClock(config.timeZone, now);
    const host = await openConfiguredHost(config, db, io, 'cli', { clock });
    try {
      const date = dateFlag ?? clock.today();
      // The instant the run sends at: --now, else the clock's when the run begins.
      const sentAt = clock.now();
      const result = await runSingleProcess(host, date, clock.today(), progressBar(io), str(f, 'config'));
      return report(f, {
        date: result.date,
        now: sentAt,
        database: host.opened.where,
        decided: result.decided,
        events: result.events.length,
        sent: result.sent,
        failed: result.failed,
        blocked: result.blocked.length,
        blockedByRule: blockedByRule(result.blocked.map((b) => ({ claimId: b.claimId, rule: b.reason.rule }))),
        errors: result.errors.map((e) => ({ claimId: e.claimId, code: e.error.code, message: e.error.message })),
        failures: failuresOf(result.events),
      }, config, str(f, 'config'));
    } finally {
      await host.close();
    }
  },
};

/** The steps guards blocked under one rule, for the run's output. @internal */
export interface BlockedByRule {
  /** The guard or stage condition, e.g. `guard.agency-handover-needs-claim-reason` or `stage.below-minimum`. */
  readonly rule: string;
  /** Its legal basis (core's `blockedRules`: the guards and the stage conditions). */
  readonly basis: string;
  /** What it forbids, in words (core's `blockedRules`). */
  readonly text: string;
  /** Steps it blocked. */
  readonly steps: number;
  /** The claims concerned, distinct, in id order. */
  readonly claimIds: readonly string[];
}

/** Claims named per rule in the table output; `--json` lists them all. */
const CLAIMS_SHOWN = 5;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The blocked steps of a run grouped by the rule that blocked them — most steps first, then by
 * rule id; each group's claims distinct and in id order — so that one process and N workers (whose
 * steps arrive in whatever order the workers decided them) print the same. The one grouping both
 * paths of `mahnwerk run` use.
 *
 * @param steps - each blocked step's claim and rule (core's `RunDueResult.blocked`, the runner's `blockedSteps`)
 * @returns the groups
 * @internal
 */
export function blockedByRule(steps: readonly { readonly claimId: string; readonly rule: BlockedRule }[]): BlockedByRule[] {
  const groups = new Map<BlockedRule, { steps: number; claims: Set<string> }>();
  for (const step of steps) {
    const group = groups.get(step.rule) ?? { steps: 0, claims: new Set<string>() };
    group.steps += 1;
    group.claims.add(step.claimId);
    groups.set(step.rule, group);
  }
  return [...groups]
    .map(([rule, g]) => ({ rule, basis: blockedRules[rule]?.basis ?? '', text: blockedRules[rule]?.text ?? '', steps: g.steps, claimIds: [...g.claims].sort(byCodeUnits) }))
    .sort((a, b) => b.steps - a.steps || byCodeUnits(a.rule, b.rule));
}

/** The lines a human reads about the blocked steps: per rule, how many, why, and the first claims (`run` and `simulate`). @internal */
export function blockedLines(groups: readonly BlockedByRule[]): string {
  return groups
    .map((g) => {
      const shown = g.claimIds.slice(0, CLAIMS_SHOWN).join(', ');
      const more = g.claimIds.length > CLAIMS_SHOWN ? ` and ${g.claimIds.length - CLAIMS_SHOWN} more (--json lists all)` : '';
      return `${g.steps} step${g.steps === 1 ? '' : 's'} blocked by ${g.rule}${g.basis === '' ? '' : ` (${g.basis})`}: ${g.text} Claim${g.claimIds.length === 1 ? '' : 's'} ${shown}${more}.\n`;
    })
    .join('');
}

/** What a run prints (the same fields for one process and for N workers, which add theirs). */
interface RunReport {
  /** The business day the run decided and sent for (`--date`). */
  readonly date: IsoDate;
  /**
   * The instant the run sent at, ISO 8601 with the config's time zone's offset: the `--now` instant,
   * else the system clock's when the run began (each worker of `--workers N` then reads its own clock).
   */
  readonly now: string;
  readonly database: string;
  readonly decided: number;
  readonly events: number;
  readonly sent: number;
  readonly failed: number;
  readonly blocked: number;
  /** Why: the blocked steps by rule, with the claims concerned ({@link blockedByRule}). */
  readonly blockedByRule: readonly BlockedByRule[];
  readonly errors: readonly { readonly claimId: string; readonly code: string; readonly message: string }[];
  readonly workers?: readonly { readonly workerId: string; readonly claims: number; readonly decided: number; readonly sent: number }[];
  /** Claims leased over all workers (a claim retried after a failure counts again). */
  readonly leased?: number;
  /** Distinct claims the workers decided. */
  readonly claims?: number;
  /** The messages given up on, by channel and reason (one process: from `runDue`'s events; N workers: from the delivery outcomes each wrote). */
  readonly failures?: readonly RunFailure[];
}

/** The lines a human reads about the failed messages: how many, why, and what to do about a channel that is not configured. */
function failureLines(json: RunReport, configFile: string | undefined): string {
  if (json.failed === 0) return '';
  const plural = (n: number) => `${n} message${n === 1 ? '' : 's'} failed`;
  const fix = ` — add a file channel ("channels": { "file": { "dir": "./outbox" } }) to ${configFile ?? defaultConfigFile}, or configure the real channel; failed messages are not retried`;
  if (json.failures === undefined || json.failures.length === 0) return `${plural(json.failed)}; mahnwerk status shows them by template and channel\n`;
  return json.failures.map((x) => `${plural(x.messages)}: ${x.error}${/^no channel ".*" is configured/.test(x.error) ? fix : ''}\n`).join('');
}

/**
 * What `mahnwerk run` says when claims could not be decided (`errors`, not steps a guard blocked):
 * one line per error code — how many claims, the first ones, and what to do — ending the run with
 * exit code 3 (`exitCodes.claimsFailed`). `base_rate_unknown` names the half-year to add to
 * `baseRates` in the words every command uses ({@link missingBaseRate}).
 * The one summary both paths (one process, `--workers N`) print, with the one advice once the cause
 * is fixed: run the same command again ({@link RERUN}).
 *
 * @param errors - the claims that could not be decided, with their error's code and message
 * @param config - the settings (their base-rate table)
 * @param configFile - the `--config` file, for the fix
 * @returns the lines for stderr, or undefined when every due claim was decided
 * @internal
 */
export function undecidedSummary(errors: RunReport['errors'], config: MahnwerkConfig, configFile: string | undefined): string | undefined {
  if (errors.length === 0) return undefined;
  const byCode = new Map<string, { claims: string[]; message: string }>();
  for (const e of errors) {
    const group = byCode.get(e.code) ?? { claims: [], message: e.message };
    if (!group.claims.includes(e.claimId)) group.claims.push(e.claimId);
    byCode.set(e.code, group);
  }
  const file = configFile ?? defaultConfigFile;
  const count = new Set(errors.map((e) => e.claimId)).size;
  const claims = `${count} claim${count === 1 ? '' : 's'}`;
  const lines = [...byCode].sort(([a], [b]) => byCodeUnits(a, b)).map(([code, g]) => {
    const sorted = [...g.claims].sort(byCodeUnits);
    const shown = `${sorted.slice(0, CLAIMS_SHOWN).join(', ')}${sorted.length > CLAIMS_SHOWN ? ` and ${sorted.length - CLAIMS_SHOWN} more (--json lists all)` : ''}`;
    return `  ${g.claims.length} × ${code} (${shown}): ${code === 'base_rate_unknown' ? missingBaseRate(config, { file, then: RERUN }) : `${g.message.replace(/\.$/, '')}. Fix what it says, then ${RERUN}.`}\n`;
  });
  return `mahnwerk run: ${claims} could not be decided (exit code ${exitCodes.claimsFailed}; what was decided is stored):\n${lines.join('')}`;
}

/**
 * How claims that could not be decided are taken up again once the cause is fixed, a clause after
 * "then" — the same for both paths: one process (`runDue`) decides what is still due when the same
 * command runs again, and so do the workers of `--workers N` (`@mahnwerk/runner` gives a claim whose
 * decision failed up for its run only; a run that begins later takes it up).
 *
 * @internal
 */
export const RERUN = 'run the same command again (it decides only what is left)';

function report(f: ParsedFlags, json: RunReport, config: MahnwerkConfig, configFile?: string): CommandResult {
  const undecided = undecidedSummary(json.errors, config, configFile);
  const failed = undecided === undefined ? {} : { exitCode: exitCodes.claimsFailed, stderr: undecided };
  if (f['json']) return { text: toJson(json), ...failed };
  const head = ['date', 'claims decided', 'events', 'messages sent', 'failed', 'blocked', 'errors'];
  const row = [json.date, String(json.decided), String(json.events), String(json.sent), String(json.failed), String(json.blocked), String(json.errors.length)];
  const perWorker =
    json.workers === undefined
      ? ''
      : renderTable(
          ['worker', 'claims', 'decided', 'messages sent'],
          json.workers.map((w) => [w.workerId, String(w.claims), String(w.decided), String(w.sent)]),
        );
  return {
    text: renderTable(head, [row]) + perWorker + blockedLines(json.blockedByRule) + failureLines(json, configFile) + json.errors.map((e) => `error on claim ${e.claimId} (${e.code}): ${e.message}\n`).join(''),
    ...failed,
  };
}

/** `--workers N`: a whole number from 1 to 64. @internal */
export function workersFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new UsageError(`--workers: "${value}" is not a whole number from 1 to 64.`);
  return Number(value);
}

/** How long a worker's lease on its batch lasts: `runDailyRun`'s default `leaseSeconds` (300), which `run-worker.ts` keeps. */
const LEASE_MINUTES = 5;

/**
 * `mahnwerk run --workers N`: checks the database is a server, migrates it (store and runner
 * tables) once, refuses a day runDue would refuse (core's `checkRunDay`: after today, before the
 * last day run) and a config whose messages could go out on no channel — once, before any worker
 * starts — counts the due claims for the progress bar, then forks N workers that share the
 * day through `@mahnwerk/runner` and adds up what they did. A worker that failed (or was stopped
 * by a signal before the day was done) fails the command, after all workers have ended: an
 * operational failure (exit 1) that says what is stored and what to do, not an "unexpected failure".
 */
async function runWithWorkers(f: ParsedFlags, io: CliIo, workers: number, dateFlag: IsoDate | undefined, now: number | undefined, batchSize: number | undefined): Promise<CommandResult> {
  const { config, db } = await configuredDatabase(f, io, { sends: true });
  if (db === undefined || !isPostgresUrl(db)) {
    throw new UsageError(
      `--workers: ${workers} worker processes need a PostgreSQL server (--db postgres://…); ${db === undefined ? 'an in-memory database' : `the embedded PGlite directory "${db}"`} can be opened by one process only — drop --workers, or ${db === undefined ? 'import the book into a server (mahnwerk migrate --db postgres://… and mahnwerk import)' : `move it to a server with its history (mahnwerk copy --from ${db} --to postgres://…; importing the book again would dun it again from the first reminder)`}.`,
    );
  }
  const clock = runClock(config.timeZone, now);
  const date = dateFlag ?? clock.today();
  // The instant the run sends at: --now (every worker's), else the clock's when the run begins.
  const sentAt = clock.now();
  // A key file that cannot be read, or a checkpoints file that cannot be written, fails here,
  // once, rather than in every worker.
  if (config.anchor !== undefined) {
    anchorSigner(config.anchor);
    checkCheckpointsFile(config.anchor);
  }
  const opened = await openCommandStore(io, db);
  let due: number;
  let runStartedAt: string;
  try {
    await migrateRunner(opened.store);
    // Once, here, rather than in every worker: the day goes through runDue's one rule (not after
    // today, not before the last day run), in the words and with the exit code of one process.
    await checkRunDay(opened.store, date, clock.today());
    due = await countDue(opened.store, date);
    // The run's start, one for all its workers: none takes up a claim another gave up in this run,
    // and the same command run again (a later start) takes them all up.
    runStartedAt = await databaseNow(opened.store);
  } finally {
    await opened.close();
  }
  // Before any worker decides: a due claim whose messages could go out on no channel.
  if (due > 0) checkRunChannels(config, str(f, 'config'));
  const bar = progressBar(io);
  bar.start(due);
  let shown = 0;
  let outcomes: Awaited<ReturnType<typeof runWorkers>>;
  try {
    outcomes = await runWorkers({
      db,
      config,
      date,
      workers,
      runId: `run-${date}-${process.pid}`,
      runStartedAt,
      // Every worker sends at the instant --now fixed (without it, each at its system clock).
      ...(now === undefined ? {} : { now }),
      ...(io.workerEntry === undefined ? {} : { entry: io.workerEntry }),
      ...(batchSize === undefined ? {} : { batchSize }),
      progress: {
        tick: (claims) => {
          for (let i = 0; i < claims && shown < due; i++, shown++) bar.tick();
        },
      },
      // Said at once: the claims a dead worker leased wait for its lease to run out (the runner's
      // default, 5 minutes), and the bar stands still meanwhile — with nothing said, that looked
      // like a hang until the end.
      onEnded: (outcome, stillRunning) => {
        if (outcome.failure === undefined || stillRunning === 0) return;
        io.stderr(
          `\nmahnwerk run: worker ${outcome.workerId} failed: ${outcome.failure}. ${stillRunning === 1 ? 'The other worker takes' : `The other ${stillRunning} workers take`} over the claims it had leased once its lease runs out (${LEASE_MINUTES} minutes after it leased them); until then the run may seem to stand still.\n`,
        );
      },
    });
  } finally {
    bar.stop();
  }
  const failed = outcomes.filter((o) => o.failure !== undefined);
  const stopped = outcomes.filter((o) => o.result?.run.stopped === true);
  if (failed.length > 0 || stopped.length > 0) {
    const lines = [
      ...failed.map((o) => `worker ${o.workerId} failed: ${o.failure ?? ''}`),
      ...stopped.map((o) => `worker ${o.workerId} was stopped after its current batch`),
    ];
    throw new OperationalError(`${lines.join('; ')}. What was decided and sent is stored, and the other workers take over a dead worker's claims once its lease runs out, so the day may be done; run the same command again to be sure — it decides and sends only what is left, nothing twice.`);
  }
  const results = outcomes.map((o) => o.result as WorkerDayResult);
  const all = outcomes.flatMap((o) => o.claimIds);
  return report(f, {
    date,
    now: sentAt,
    database: redactUrl(db),
    decided: results.reduce((n, r) => n + r.run.decided, 0),
    // Each worker sends in its run (each batch after deciding it) and then in the dispatcher.
    events: results.reduce((n, r) => n + r.run.events + r.run.sendEvents + (r.dispatched?.events ?? 0), 0),
    sent: results.reduce((n, r) => n + r.run.sent + (r.dispatched?.sent ?? 0), 0),
    failed: results.reduce((n, r) => n + r.run.sendFailed + (r.dispatched?.failed ?? 0), 0),
    blocked: results.reduce((n, r) => n + r.run.blocked, 0),
    blockedByRule: blockedByRule(results.flatMap((r) => r.run.blockedSteps)),
    errors: results.flatMap((r) => r.run.errors.map((e) => ({ claimId: e.claimId, code: e.code, message: e.message }))),
    workers: outcomes.map((o, i) => ({
      workerId: o.workerId,
      claims: o.claimIds.length,
      decided: results[i]?.run.decided ?? 0,
      sent: (results[i]?.run.sent ?? 0) + (results[i]?.dispatched?.sent ?? 0),
    })),
    leased: all.length,
    claims: new Set(all).size,
    failures: failuresOverWorkers(outcomes.map((o) => o.deliveries)),
  }, config, str(f, 'config'));
}
