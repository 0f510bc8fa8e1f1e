import { resolve } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { openStore, runCli, type CliIo, type OpenedStore } from '../src/index.js';
import { isPostgresUrl } from '../src/store-option.js';

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

/** The databases {@link keepDirectoriesOpen} holds open, by resolved directory; undefined: every command opens its own. */
let keptOpen: Map<string, { readonly opened: Promise<OpenedStore>; readonly schema: string | undefined }> | undefined;

/**
 * One open PGlite per data directory while a test runs, instead of one per command: call it once
 * at the top of a spec file. Every command the file's {@link runWith} runs then opens its
 * directory through {@link openKept}: the first command on a directory opens it as a command does
 * ({@link openTestStore}: the `--db` checks, a new directory from the template, the migrations);
 * each later command gets that same open database — migrated again unless it opens with
 * `migrate: false`, as its own open would — and its `close()` leaves it open. The kept databases
 * are closed after each test (and after the file), so no test sees another's open.
 *
 * A command's own open of an existing directory costs 0.25–0.6 s (4–5 s under load), a spec runs
 * 2–20 commands on one directory (docs/benchmarks.md, "# CI time"). The commands' SQL, results
 * and files are the same; what such a file no longer exercises is the reopen itself, which
 * migrate, verify, copy and open-store (that keep one open per command) still do.
 *
 * Only for files where nothing else opens the directories: a second PGlite on an open directory
 * (another process, or an `openStore` of the test past this seam — use {@link openKept}) or a copy
 * of its files while open would see or leave a broken database. Servers (`postgres://`) and
 * in-memory databases are opened per command as before.
 */
export function keepDirectoriesOpen(): void {
  keptOpen = new Map();
  afterEach(closeKept);
  afterAll(closeKept);
}

/** Closes the databases {@link keepDirectoriesOpen} holds. */
async function closeKept(): Promise<void> {
  if (keptOpen === undefined) return;
  const entries = [...keptOpen.values()];
  keptOpen.clear();
  for (const entry of entries) {
    const opened = await entry.opened.catch(() => undefined);
    await opened?.close();
  }
}

/**
 * The specs' {@link CliIo.openStore} in a file that called {@link keepDirectoriesOpen}: the one
 * open database of a PGlite directory (see there); else {@link openTestStore}. Tests that open a
 * directory themselves (to set up or tamper with a book) open it with this too.
 */
export const openKept: NonNullable<CliIo['openStore']> = async (db, options) => {
  if (keptOpen === undefined || db === undefined || isPostgresUrl(db)) return openTestStore(db, options);
  const key = resolve(db);
  const kept = keptOpen.get(key);
  if (kept === undefined) {
    const opened = openTestStore(db, options);
    const entry = { opened, schema: options.schema };
    keptOpen.set(key, entry);
    // A refused open (a bad --db) keeps nothing: the next command opens as if it were the first.
    opened.catch(() => {
      if (keptOpen?.get(key) === entry) keptOpen.delete(key);
    });
    return { ...(await opened), close: async () => {} };
  }
  if (kept.schema !== options.schema) {
    throw new Error(`keepDirectoriesOpen: ${db} is open with schema ${kept.schema ?? '(default)'}, a command asks for ${options.schema ?? '(default)'}; open it per command (no keepDirectoriesOpen in this file).`);
  }
  const opened = await kept.opened;
  if (options.migrate ?? true) await opened.store.migrate();
  return { ...opened, close: async () => {} };
};

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
  /** How the commands open their database (`CliIo.openStore`); default {@link openKept} (which is {@link openTestStore} unless the file called {@link keepDirectoriesOpen}). */
  readonly openStore?: NonNullable<CliIo['openStore']>;
}

/**
 * Runs the CLI in-process: `readFile` serves an in-memory map of files, `writeFile` records what
 * was written, stdout and stderr are captured, and every database a command opens is opened by
 * {@link openKept}: {@link openTestStore} (a smaller buffer pool, so each open costs less), or the
 * directory's one open database in a file that called {@link keepDirectoriesOpen}.
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
    openStore: options.openStore ?? openKept,
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
