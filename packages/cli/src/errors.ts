import { MahnwerkError } from '@mahnwerk/core';
import { UsageError } from './io.js';

/**
 * Turns an error from the core into the one line the CLI prints, naming the flag instead of the
 * core's field name where the two differ. Anything that is not a known error is re-thrown.
 */
export function describeError(
  error: unknown,
  fieldToFlag: Readonly<Record<string, string>>,
  rewrites: readonly (readonly [RegExp, string])[] = [],
): string {
  if (error instanceof UsageError) return error.message;
  if (MahnwerkError.isInstance(error)) {
    const field = error.field;
    const flag = field === undefined ? undefined : (fieldToFlag[field] ?? (field.startsWith('--') ? field : undefined));
    let line = error.message;
    if (field !== undefined && flag !== undefined) {
      if (line.startsWith(`${field}:`)) line = `${flag}:${line.slice(field.length + 1)}`;
      else if (!line.startsWith(flag)) line = `${flag}: ${line}`;
    }
    return toFlagNames(line, fieldToFlag, rewrites);
  }
  throw error;
}

/**
 * Replaces the library's option names inside a message with the flags the user typed: first the
 * command's own rewrites (sentences that name library calls), then every camelCase option name of
 * `fieldToFlag` as a whole word (`give factorReason` → `give --reason`). Plain-word option names
 * (`from`, `case`) are left to the rewrites, since they are also ordinary words.
 *
 * @internal
 */
export function toFlagNames(line: string, fieldToFlag: Readonly<Record<string, string>>, rewrites: readonly (readonly [RegExp, string])[] = []): string {
  let out = line;
  for (const [pattern, replacement] of rewrites) out = out.replace(pattern, replacement);
  for (const [option, flag] of Object.entries(fieldToFlag)) {
    if (/[A-Z]/.test(option)) out = out.replace(new RegExp(`(?<![\\w-])${option}(?![\\w])`, 'g'), flag);
  }
  return out;
}
