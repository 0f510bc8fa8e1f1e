import { parseIsoDate, type ClaimStore, type IsoDate, type RunDueResult } from '@mahnwerk/core';
import cliProgress from 'cli-progress';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openHost, type Host } from '../host.js';
import type { CliIo } from '../io.js';
import { systemClock } from '../system-clock.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'date', type: 'string', placeholder: 'YYYY-MM-DD', help: "the business day to run (default: today in the config's time zone)" },
];

const summary = 'the daily run: decide every due claim, store the decisions, deliver the messages (one process)';

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
 * processes instead; this is the N = 1 path.)
 *
 * @internal
 */
export async function runSingleProcess(host: Host, date: IsoDate, progress: RunProgress): Promise<RunDueResult> {
  progress.start(await countDue(host.opened.store, date));
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
  help: () => helpText('run', summary, flags, 'mahnwerk run --db ./mahnwerk-data --date 2025-03-03', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('run', argv, flags);
    if (f['help']) return { text: runCommand.help() };
    const given = str(f, 'date');
    const dateFlag = given === undefined ? undefined : parseIsoDate(given, '--date');
    const host = await openHost(f, io);
    try {
      const date = dateFlag ?? systemClock(host.config.timeZone).today();
      const result = await runSingleProcess(host, date, progressBar(io));
      const json = {
        date: result.date,
        database: host.opened.where,
        decided: result.decided,
        events: result.events.length,
        sent: result.sent,
        failed: result.failed,
        blocked: result.blocked.length,
        errors: result.errors.map((e) => ({ claimId: e.claimId, code: e.error.code, message: e.error.message })),
      };
      if (f['json']) return { text: toJson(json) };
      return {
        text:
          renderTable(
            ['date', 'claims decided', 'events', 'messages sent', 'failed', 'blocked', 'errors'],
            [[json.date, String(json.decided), String(json.events), String(json.sent), String(json.failed), String(json.blocked), String(json.errors.length)]],
          ) + json.errors.map((e) => `error on claim ${e.claimId} (${e.code}): ${e.message}\n`).join(''),
      };
    } finally {
      await host.close();
    }
  },
};
