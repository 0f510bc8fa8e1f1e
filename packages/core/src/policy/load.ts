import { z } from 'zod';
import { PolicyError } from '../errors/errors.js';
import { withArticle } from '../errors/zod-issue.js';
import { assertPolicyLawful } from './lawful.js';
import { policySchema, type Policy } from './schema.js';

type Issue = z.core.$ZodIssue;

/** Renders a zod path as a JSON path such as `stages[2].actions[0].amount` (`(root)` for the root). */
export function formatPolicyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'string') return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  return `${typeof input} ${String(input)}`;
}

/** Problem and fix for one zod issue, in plain words. */
function explain(issue: Issue, path: string): { problem: string; fix: string } {
  const last = issue.path[issue.path.length - 1];
  const got = 'input' in issue ? describeInput(issue.input) : 'nothing';
  switch (issue.code) {
    case 'invalid_type':
      if (!('input' in issue) || issue.input === undefined) {
        return { problem: `the required field is missing.`, fix: `Add "${String(last ?? path)}" (${issue.expected}).` };
      }
      return {
        problem: `expected ${issue.expected === 'int' ? 'a whole number' : withArticle(issue.expected)}, got ${got}.`,
        fix: `Write ${issue.expected === 'int' ? 'a whole number' : withArticle(issue.expected)} here.`,
      };
    case 'invalid_value':
      return {
        problem: `${got} is not allowed.`,
        fix: `Use ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`,
      };
    case 'invalid_union': {
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options !== undefined) {
        return {
          problem: `unknown ${String(last)} ${'input' in issue && typeof issue.input === 'object' && issue.input !== null ? describeInput((issue.input as Record<string, unknown>)[String(last)]) : got}.`,
          fix: `Use one of ${options.map((o) => JSON.stringify(o)).join(', ')}.`,
        };
      }
      return { problem: `${got} matches none of the allowed forms.`, fix: 'Check the field against the policy JSON Schema (policyJsonSchema()).' };
    }
    case 'unrecognized_keys':
      return {
        problem: `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`,
        fix: 'Remove or correct the spelling (policies are strict: unknown fields are refused, not ignored).',
      };
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const unit = issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : '';
      return { problem: `${got} is too ${issue.code === 'too_small' ? 'small' : 'big'}.`, fix: `Use ${word} ${String(bound)}${unit}.` };
    }
    case 'invalid_format':
      // The schema's own messages name the expected form (e.g. 'an amount such as "2.50"').
      return {
        problem: `${got} does not have the expected form.`,
        fix: issue.message.startsWith('Invalid') ? `${issue.message}.` : `Write ${issue.message}.`,
      };
    default:
      return { problem: `${issue.message}.`, fix: 'Check the field against the policy JSON Schema (policyJsonSchema()).' };
  }
}

/**
 * Turns the first zod issue into a {@link PolicyError} naming the JSON path, the problem and the
 * fix. Further issues are counted in the message.
 */
function schemaError(issues: readonly Issue[], cause: unknown): PolicyError {
  const first = issues[0];
  if (first === undefined) return new PolicyError('Policy is invalid.', { rule: 'policy.schema', cause });
  const path = formatPolicyPath(first.path);
  const { problem, fix } = explain(first, path);
  const more = issues.length > 1 ? ` (${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} after this one)` : '';
  return new PolicyError(`Policy is invalid at ${path}: ${problem} ${fix}${more} [rule policy.schema]`, {
    rule: 'policy.schema',
    field: path,
    cause,
  });
}

/**
 * Parses a policy against the policy schema only — defaults filled in, no legal checks. Use
 * {@link loadPolicy} unless you have a reason not to.
 *
 * @param input - the policy as data (an object), or its JSON text
 * @throws PolicyError (code `policy_invalid`, rule `policy.schema`) naming the JSON path of the
 *   first problem and how to fix it
 */
export function parsePolicy(input: unknown): Policy {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input) as unknown;
    } catch (cause) {
      throw new PolicyError(
        `Policy is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}. Pass the policy object or its JSON text; for a built-in policy use resolvePolicy('de-b2c-default') or resolvePolicy('auto', debtorKind). [rule policy.schema]`,
        { rule: 'policy.schema', field: '(root)', cause },
      );
    }
  }
  const result = policySchema.safeParse(data, { reportInput: true });
  if (!result.success) throw schemaError(result.error.issues, result.error);
  return result.data;
}

/**
 * Loads a dunning policy from data: validates its shape (filling in defaults) and then refuses
 * anything that would switch off a legal guard ({@link assertPolicyLawful}).
 *
 * @example
 * ```ts
 * const policy = loadPolicy(JSON.parse(fs.readFileSync('policy.json', 'utf8')));
 * ```
 *
 * @param input - the policy as data (an object), or its JSON text
 * @returns the validated policy with defaults filled in
 * @throws PolicyError (code `policy_invalid`, a `ValidationError`): for a bad shape with
 *   rule `policy.schema` and `field` = the JSON path of the first problem; for a guard violation
 *   with the rule id, the stage id and the legal basis
 */
export function loadPolicy(input: unknown): Policy {
  const policy = parsePolicy(input);
  assertPolicyLawful(policy);
  return policy;
}

/**
 * The JSON Schema (draft 2020-12) of a policy as a host writes it (fields with defaults are
 * optional), for editors, form generators and validation outside TypeScript. The legal guards of
 * {@link assertPolicyLawful} are not expressible in JSON Schema; {@link loadPolicy} applies them.
 *
 * @returns a fresh JSON Schema object each call
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'mahnwerk dunning policy',
    description:
      'A mahnwerk dunning policy: escalation stages with triggers, conditions and actions. Legal guards (no fee before default, no flat fee for consumers, …) are checked by loadPolicy().',
  };
}
