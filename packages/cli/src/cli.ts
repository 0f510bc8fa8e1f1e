import { allocateCommand } from './commands/allocate.js';
import { bankCommand } from './commands/bank.js';
import { sepaCommand } from './commands/sepa.js';
import { costsCommand } from './commands/costs.js';
import { courtFeeCommand } from './commands/court-fee.js';
import { demoCommand } from './commands/demo.js';
import { simulateCommand } from './commands/simulate.js';
import { interestCommand } from './commands/interest.js';
import { limitationCommand } from './commands/limitation.js';
import { portalCommand } from './commands/portal.js';
import { migrateCommand } from './commands/migrate.js';
import { copyCommand } from './commands/copy.js';
import { verifyCommand } from './commands/verify.js';
import { importCommand } from './commands/import.js';
import { amendCommand } from './commands/amend.js';
import { statusCommand } from './commands/status.js';
import { generateCommand } from './commands/generate.js';
import { runCommand } from './commands/run.js';
import { describeFailure } from './errors.js';
import { exitCodes } from './exit-codes.js';
import type { CliIo } from './io.js';
import { version } from './version.js';

interface RunnableCommand {
  readonly name: string;
  readonly summary: string;
  readonly fieldToFlag: Readonly<Record<string, string>>;
  readonly rewrites?: readonly (readonly [RegExp, string])[];
  help(): string;
  run(argv: readonly string[], readStdin: () => Promise<string>, io: CliIo): Promise<{ text: string; exitCode?: number; stderr?: string }>;
}

const commands: readonly RunnableCommand[] = [
  demoCommand,
  simulateCommand,
  interestCommand,
  costsCommand,
  allocateCommand,
  limitationCommand,
  courtFeeCommand,
  migrateCommand,
  copyCommand,
  verifyCommand,
  bankCommand,
  sepaCommand,
  importCommand,
  amendCommand,
  runCommand,
  statusCommand,
  generateCommand,
  portalCommand,
];

export { exitCodes } from './exit-codes.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'mahnwerk — dunning and debt collection by German law, to the cent, with its legal basis',
    '',
    'Usage: mahnwerk <command> [flags]   (mahnwerk <command> --help for its flags and input formats)',
    '       mahnwerk --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Output: a table, or JSON with --json (money as decimal strings with the currency\'s minor-unit',
    'digits, dates as YYYY-MM-DD). Exit codes: 0 done, 2 bad input (one line on stderr naming the',
    'flag), 1 a failure of what it runs on (a database out of reach, a worker that died: one line',
    'saying what to do) or a bug ("unexpected failure"), 3 run: the day ran but claims could not be',
    'decided (a summary on stderr names the error and the fix; steps a guard blocked are no failure).',
    '',
  ].join('\n');
}

/**
 * Runs the mahnwerk CLI in-process.
 *
 * @param argv - the arguments after the program name, e.g. `['interest', '--principal', '1000.00', …]`
 * @param io - where to read and write
 * @returns the exit code: 0 on success, 2 on bad input (one line on stderr naming the flag), 1 on an operational failure (one line saying what happened and what to do) or a bug, 3 when `run` ran its day but claims could not be decided (a summary on stderr)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Nothing asked for: the list goes to stderr so that `mahnwerk > out.json` does not capture it.
    io.stderr(overview());
    return exitCodes.badInput;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return exitCodes.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`${version}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name.startsWith('-') ? `unknown flag "${name}" before a command` : `unknown command "${name}"`;
    io.stderr(`mahnwerk: ${what}; run mahnwerk --help for the list.\n`);
    return exitCodes.badInput;
  }
  try {
    const result = await command.run(rest, io.readStdin, io);
    io.stdout(result.text);
    if (result.stderr !== undefined) io.stderr(result.stderr);
    return result.exitCode ?? exitCodes.ok;
  } catch (error) {
    // Bad input exits 2; an operational failure (a database out of reach, a worker that died) and a bug exit 1.
    const failure = describeFailure(error, command.fieldToFlag, command.rewrites);
    io.stderr(`mahnwerk ${name}: ${failure.line.replace(/\s*\n\s*/g, ' ')}\n`);
    return failure.exitCode;
  }
}
