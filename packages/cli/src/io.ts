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
