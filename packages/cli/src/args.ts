import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** A flag of a command: its name, whether it takes a value, and its help line. */
export interface FlagSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly help: string;
  readonly required?: boolean;
  readonly values?: readonly string[];
  readonly placeholder?: string;
}

/** Parsed flags: strings for value flags, booleans for switches. */
export type ParsedFlags = Record<string, string | boolean | undefined>;

/**
 * Parses argv strictly against the command's flags: unknown flags, missing values, missing
 * required flags and values outside an enumeration are usage errors naming the flag.
 */
export function parseFlags(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' }, json: { type: 'boolean' } };
  for (const s of specs) options[s.name] = { type: s.type };
  let values: ParsedFlags;
  try {
    values = parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: false }).values as ParsedFlags;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const match = /'(--[\w-]+)/.exec(text) ?? /(--[\w-]+)/.exec(text);
    const flag = match?.[1];
    if (/Unknown option/i.test(text)) throw new UsageError(`${flag ?? 'flag'}: unknown flag for "${command}"; see mahnwerk ${command} --help.`);
    if (/argument missing/i.test(text)) throw new UsageError(`${flag ?? 'flag'}: needs a value; see mahnwerk ${command} --help.`);
    if (/positional/i.test(text)) throw new UsageError(`unexpected argument; "${command}" takes only flags (see mahnwerk ${command} --help).`);
    throw new UsageError(text.split('\n')[0] ?? text);
  }
  if (values['help']) return values;
  for (const s of specs) {
    const v = values[s.name];
    if (s.required && (v === undefined || v === '')) throw new UsageError(`--${s.name}: missing; it is required (see mahnwerk ${command} --help).`);
    if (typeof v === 'string' && s.values && !s.values.includes(v)) {
      throw new UsageError(`--${s.name}: "${v}" is not one of ${s.values.join(', ')}.`);
    }
  }
  return values;
}

/**
 * `--principal -5` as `--principal=-5`: node's parser takes a value that starts with "-" for a flag
 * and refuses it as "ambiguous"; a negative number after a value flag is that flag's value (and is
 * then refused with the flag's own validation message).
 */
function joinNegativeValues(argv: readonly string[], options: Readonly<Record<string, { type: 'string' | 'boolean' }>>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const amountFormat = 'amounts   decimal strings with a dot and at most the currency\'s minor-unit digits: 1000, 1000.5, 1000.00';

/** How the calculator commands with a period and rates (`interest`) read amounts, dates and percentages (shown in `--help`). */
export const valueFormats = [
  amountFormat,
  'dates     calendar dates YYYY-MM-DD (e.g. 2025-01-16), days inclusive',
  'percent   annual rates as decimals: 12 or 12.5 (meaning 12.5 %)',
];

/** How the calculator commands with one amount and one day (`costs`, `court-fee`) read them: no period, no percentage flag. */
export const amountAndDayFormats = [amountFormat, 'dates     calendar dates YYYY-MM-DD (e.g. 2025-07-01)'];

/**
 * The help text of a command, built from its flags: usage line, flags, the input formats it reads
 * (value formats, and the file or stdin formats with an example), and an example call.
 */
export function helpText(command: string, summary: string, specs: readonly FlagSpec[], example: string, inputs: readonly string[] = valueFormats): string {
  const lines = [`mahnwerk ${command} — ${summary}`, '', 'Flags:'];
  const rows = specs.map((s) => {
    const value = s.type === 'string' ? ` <${s.placeholder ?? (s.values ? s.values.join('|') : 'value')}>` : '';
    return [`  --${s.name}${value}`, `${s.help}${s.required ? ' (required)' : ''}`] as const;
  });
  rows.push(['  --json', 'print JSON instead of a table'], ['  --help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  for (const [left, right] of rows) lines.push(left.padEnd(width) + right);
  if (inputs.length > 0) lines.push('', 'Input formats:', ...inputs.map((l) => (l === '' ? '' : `  ${l}`)));
  lines.push('', `Example: ${example}`, '');
  return lines.join('\n');
}

/** A string flag's value (after parseFlags checked required flags). */
export function str(flags: ParsedFlags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}
