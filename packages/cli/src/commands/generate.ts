import { makeBook } from '@mahnwerk/testing';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'claims', type: 'string', required: true, placeholder: 'n', help: 'number of claims, 1 to 1000000' },
  { name: 'seed', type: 'string', placeholder: 'integer', help: 'seed: the same seed and number give the same book (default 1)' },
  { name: 'start', type: 'string', placeholder: 'YYYY-MM-DD', help: 'first invoice date; invoices spread over 90 days from it (default 2025-01-01)' },
  { name: 'out', type: 'string', placeholder: 'file.json', help: 'write the book into this file (default: standard output)' },
];

const summary = 'write a realistic, reproducible book of claims as JSON (the format import and simulate read)';

function wholeNumber(text: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag}: "${text}" is not a whole number from ${min} to ${max}.`);
  return Number(text);
}

/** `mahnwerk generate`: a book from `makeBook` of `@mahnwerk/testing`, one claim per line of a JSON array. */
export const generateCommand = {
  name: 'generate',
  summary,
  fieldToFlag: { size: '--claims', seed: '--seed', start: '--start' } as Record<string, string>,
  help: () => helpText('generate', summary, flags, 'mahnwerk generate --claims 1000 --seed 7 --out book.json', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('generate', argv, flags);
    if (f['help']) return { text: generateCommand.help() };
    const size = wholeNumber(str(f, 'claims'), '--claims', 1, 1_000_000, 0);
    const seed = wholeNumber(str(f, 'seed'), '--seed', 0, 2 ** 32 - 1, 1);
    const start = str(f, 'start');
    const book = makeBook({ seed, size, ...(start === undefined ? {} : { start: start as `${number}-${number}-${number}` }) });
    // One claim per line: diffable, and a line number in an import error points at its claim.
    const text = `[\n${book.claims.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`;
    const out = str(f, 'out');
    if (out === undefined) return { text };
    if (io.writeFile === undefined) throw new UsageError('--out: this host cannot write files; leave --out away to print the book.');
    await io.writeFile(out, text);
    return { text: `wrote ${book.claims.length} claims of ${book.debtors.length} debtors (seed ${seed}) to ${out}\n` };
  },
};
