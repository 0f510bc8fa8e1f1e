/** What a command returns: the text for stdout. Errors are thrown and printed by the runner. */
export interface CommandResult {
  readonly text: string;
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
