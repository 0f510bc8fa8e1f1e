import { openStore, runCli, type CliIo } from '../src/index.js';

/**
 * `shared_buffers` of every embedded database a command of these specs opens. PGlite sets the whole
 * pool up on each open: with the directory's 128MB an open took 0.6–0.9 s, with 16MB 0.25–0.45 s
 * (2 cores, load 4; docs/benchmarks.md, "# CI time"), and a spec runs 2–20 commands, each opening
 * its directory. The books of these specs fill a few hundred kB; the SQL and its results do not
 * depend on the pool's size.
 */
export const testSharedBuffers = '16MB';

/** The specs' {@link CliIo.openStore}: the CLI's own `openStore`, with {@link testSharedBuffers}. */
export const openTestStore: NonNullable<CliIo['openStore']> = (db, options) => openStore(db, { ...options, sharedBuffers: testSharedBuffers });

/** What an in-process run of the CLI printed and wrote. */
export interface RunResult {
  /** Exit code. */
  readonly code: number;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
  /** Files the command wrote through `io.writeFile`, by path (the last write wins). */
  readonly written: ReadonlyMap<string, string>;
  /** Binary files the command wrote through `io.writeBinaryFile` (letter PDFs), by path. */
  readonly binaries: ReadonlyMap<string, Uint8Array>;
  /** Paths in the order they were written (a path written twice appears twice). */
  readonly writes: readonly string[];
}

/** Options of {@link runWith}. */
export interface RunOptions {
  /** Standard input. */
  readonly stdin?: string;
  /** Files `io.readFile` serves, by path; any other path is "not found". */
  readonly files?: Readonly<Record<string, string>>;
  /** Offer `io.writeFile` (default true); false runs the CLI as a host without a file system would. */
  readonly writable?: boolean;
  /** Offer `io.writeBinaryFile` too (default true); false skips the letter PDFs of `demo`. */
  readonly binary?: boolean;
  /** The worker entry `run --workers N` forks (see test/support/worker-bundle.ts). */
  readonly workerEntry?: string;
  /** A text file write to a path for which this answers an error throws it (a full disk, a directory that cannot be written). */
  readonly failWrite?: (path: string) => Error | null;
  /** How the commands open their database (`CliIo.openStore`); default {@link openTestStore}. */
  readonly openStore?: NonNullable<CliIo['openStore']>;
}

/**
 * Runs the CLI in-process: `readFile` serves an in-memory map of files, `writeFile` records what
 * was written, stdout and stderr are captured, and every database a command opens is opened by
 * {@link openTestStore} (a smaller buffer pool, so each open costs less).
 */
export async function runWith(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const files = options.files ?? {};
  const written = new Map<string, string>();
  const binaries = new Map<string, Uint8Array>();
  const writes: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    openStore: options.openStore ?? openTestStore,
    ...(options.workerEntry === undefined ? {} : { workerEntry: options.workerEntry }),
    readFile: async (path) => {
      if (!Object.prototype.hasOwnProperty.call(files, path)) throw new Error(`ENOENT: no such file, open '${path}'`);
      return files[path] as string;
    },
    ...(options.writable === false
      ? {}
      : {
          writeFile: async (path: string, text: string) => {
            const failure = options.failWrite?.(path) ?? null;
            if (failure !== null) throw failure;
            written.set(path, text);
            writes.push(path);
          },
          ...(options.binary === false
            ? {}
            : {
                writeBinaryFile: async (path: string, bytes: Uint8Array) => {
                  binaries.set(path, bytes);
                  writes.push(path);
                },
              }),
        }),
  });
  return { code, stdout, stderr, written, binaries, writes };
}

/** Runs the CLI in-process and captures its output (no files to read or write). */
export async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runWith(argv, { stdin, files: {}, writable: false });
  return { code, stdout, stderr };
}

/** Parses the JSON a command printed. */
export function json(out: { stdout: string }): any {
  return JSON.parse(out.stdout);
}

/**
 * A daytime instant on `date` for `mahnwerk run --now`: 10:00 UTC, 11:00 (winter) or 12:00
 * (summer) in Berlin — outside the default quiet hours 20:00–08:00. Quiet hours are those of the
 * instant of the send, so every test run that dispatches fixes it: none depends on the hour it runs at.
 */
export function daytime(date: string): string {
  return `${date}T10:00:00Z`;
}
