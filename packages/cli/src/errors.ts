import { MahnwerkError } from '@mahnwerk/core';
import { UsageError } from './io.js';

/**
 * Turns an error from the core into the one line the CLI prints, naming the flag instead of the
 * core's field name where the two differ. Anything that is not a known error is re-thrown.
 */
export function describeError(error: unknown, fieldToFlag: Readonly<Record<string, string>>): string {
  if (error instanceof UsageError) return error.message;
  if (MahnwerkError.isInstance(error)) {
    const field = error.field;
    const flag = field === undefined ? undefined : (fieldToFlag[field] ?? (field.startsWith('--') ? field : undefined));
    if (field !== undefined && flag !== undefined) {
      if (error.message.startsWith(`${field}:`)) return `${flag}:${error.message.slice(field.length + 1)}`;
      if (!error.message.startsWith(flag)) return `${flag}: ${error.message}`;
    }
    return error.message;
  }
  throw error;
}
