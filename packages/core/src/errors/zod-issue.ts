import type { z } from 'zod';
import { UnknownTimeZoneError, ValidationError } from './errors.js';

/**
 * A type's name with its indefinite article, by the name's first sound: `an object`, `an array`,
 * `an int`, `an undefined`, `an unknown`; `a string`, `a union` and `a unique…` (a "yoo" sound),
 * `a nan`. The one rule of the article before a type name in a message.
 *
 * @param name - the type's name, as zod or `typeof` gives it
 * @returns the name after "a" or "an"
 * @internal
 */
export function withArticle(name: string): string {
  return `${/^(?!uni|us[aeu]|uti|eu|one)[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * What a value is, for a message: `the number 249.9`, `null`, `an array`, `an object`.
 *
 * @param value - the value
 * @internal
 */
export function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return withArticle(typeof value);
}

/** The value at a zod issue's path in the input (undefined where the path ends early). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The words of a zod issue for a `ValidationError`, from the input it was found in: a missing field
 * "is required (string)"; a value of the wrong type says what it got ("expected a string, got the
 * number 249.9 …", with the hint that amounts and dates are strings); unknown keys are named; any other
 * issue keeps the schema's message. The one wording of the command and the simulation inputs.
 *
 * @param issue - the first issue of a failed `safeParse`
 * @param input - what was parsed
 * @returns the text after the field's name
 * @internal
 */
export function zodIssueText(issue: z.core.$ZodIssue | undefined, input: unknown): string {
  if (issue === undefined) return 'invalid input';
  if (issue.code === 'unrecognized_keys') return `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove them (check the spelling)`;
  if (issue.code === 'invalid_type') {
    const value = valueAt(input, issue.path);
    if (value === undefined) return `is required (${issue.expected})`;
    const hint = issue.expected === 'string' && typeof value === 'number' ? ' (amounts are decimal strings such as "249.90", dates strings such as "2025-03-17")' : '';
    return `expected ${withArticle(issue.expected)}, got ${described(value)}${hint}`;
  }
  return issue.message;
}

/**
 * The error of the first zod issue of an input, its words already made (`field: text.`): an
 * {@link UnknownTimeZoneError} for a time zone the runtime does not know (the issue the claim's facts
 * schema raises with `params.timeZoneUnknown`, carrying the value), else a {@link ValidationError}.
 * The one place an issue becomes a typed error, for the commands (`validateInput`) and the
 * simulation inputs alike.
 *
 * @internal
 * @param issue - the first issue
 * @param field - the field it names, e.g. `facts.debtor.timeZone`
 * @param message - the whole message
 * @param cause - the ZodError
 */
export function issueError(issue: z.core.$ZodIssue | undefined, field: string, message: string, cause: unknown): ValidationError {
  const unknownZone = issue?.code === 'custom' ? (issue.params as { timeZoneUnknown?: unknown } | undefined)?.timeZoneUnknown : undefined;
  if (typeof unknownZone === 'string') return new UnknownTimeZoneError(message, { field, cause, timeZone: unknownZone });
  return new ValidationError(message, { field, cause });
}
