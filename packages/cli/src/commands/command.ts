/** What a command returns: the text for stdout. Errors are thrown and printed by the runner. */
export interface CommandResult {
  readonly text: string;
  /**
   * A command that ran but did not do all of its work says so here: the exit code
   * (`exitCodes.claimsFailed` of `mahnwerk run`) and the lines for stderr. Absent: exit 0.
   */
  readonly exitCode?: number;
  /** Lines for stderr beside the result (each ends with a newline). */
  readonly stderr?: string;
}

/** A CLI command. */
export interface Command {
  /** The word after `mahnwerk`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Maps the core's field names to this command's flags, for error messages. */
  readonly fieldToFlag: Readonly<Record<string, string>>;
  /** The `--help` text. */
  help(): string;
  /** Runs the command with its arguments (without the command word). */
  run(argv: readonly string[]): Promise<CommandResult>;
}
