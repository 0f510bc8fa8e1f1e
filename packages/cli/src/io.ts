import type { OpenedStore, OpenStoreOptions } from './store-option.js';

/** Where the CLI reads and writes; injected so that tests and hosts can run it in-process. */
export interface CliIo {
  /** Writes to standard output (text already ends with a newline where needed). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Reads a file as UTF-8 text (for commands that take file arguments). */
  readonly readFile: (path: string) => Promise<string>;
  /** Writes a UTF-8 text file, creating its directories (for commands that write files, e.g. `demo`). */
  readonly writeFile?: (path: string, text: string) => Promise<void>;
  /** Writes a binary file (e.g. a letter PDF), creating its directories; without it `demo` writes no PDFs. */
  readonly writeBinaryFile?: (path: string, bytes: Uint8Array) => Promise<void>;
  /**
   * Reads a file as UTF-8 text in pieces, for files too large to hold as one string (e.g. a book
   * of a million claims). Without it, commands read the file whole with `readFile`.
   */
  readonly readFileStream?: (path: string) => AsyncIterable<string>;
  /**
   * Opens a UTF-8 text file for writing piece by piece (synchronously, in order), creating its
   * directories; `close` flushes it. For output too large to hold (e.g. `simulate --events`).
   * Without it, commands collect the text and write it with `writeFile`.
   */
  readonly openFileWriter?: (path: string) => FileWriter;
  /**
   * The process's standard error as a stream, when it is a terminal: long commands (`run`) draw a
   * progress bar on it. Without it they print only their result.
   */
  readonly progressStream?: NodeJS.WriteStream;
  /**
   * The worker entry `mahnwerk run --workers N` forks (a JavaScript file run by Node with an IPC
   * channel). Default: `run-worker.js` beside the CLI's bundle in `dist/`; tests point it at a
   * bundle of `src/run-worker.ts`.
   */
  readonly workerEntry?: string;
  /**
   * Opens the store a command's `--db` names (also `copy`'s `--from`/`--to` and `portal`'s): every
   * command of this process opens its database through this one function. Absent:
   * `openStore` (exported by this package). A host that wraps it should call `openStore` with the same arguments, adding
   * what it needs (e.g. tests pass a smaller `sharedBuffers`, so an open costs less). The workers
   * `run --workers N` forks are separate processes and open with `openStore` itself.
   */
  readonly openStore?: (db: string | undefined, options: OpenStoreOptions) => Promise<OpenedStore>;
}

/** A file being written piece by piece (see {@link CliIo.openFileWriter}). */
export interface FileWriter {
  /** Appends text. */
  readonly write: (text: string) => void;
  /** Flushes and closes the file. */
  readonly close: () => Promise<void>;
}

/**
 * A problem with the command line itself: an unknown flag, a missing or unparseable value. The CLI
 * prints it as one line on stderr and exits with code 2.
 */
export class UsageError extends Error {
  /**
   * @param message - the line to print, naming the flag and what is wrong
   */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
