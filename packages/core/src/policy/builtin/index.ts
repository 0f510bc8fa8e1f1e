import { PolicyError } from '../../errors/errors.js';
import type { DebtorKind } from '../../law/de/types.js';
import { loadPolicy } from '../load.js';
import type { Policy, PolicyInput } from '../schema.js';
import { deB2bDefaultPolicy } from './de-b2b-default.js';
import { deB2cDefaultPolicy } from './de-b2c-default.js';

export { deB2bDefaultPolicy, deB2bDefaultPolicyInput } from './de-b2b-default.js';
export { deB2cDefaultPolicy, deB2cDefaultPolicyInput } from './de-b2c-default.js';

/** Ids of the built-in policies. */
export type BuiltinPolicyId = 'de-b2c-default' | 'de-b2b-default';

/**
 * The built-in policies by id, validated and frozen. Share them freely; copy one (e.g.
 * `structuredClone`) to derive your own, with a new `id`.
 */
export const builtinPolicies: Readonly<Record<BuiltinPolicyId, Policy>> = Object.freeze({
  'de-b2c-default': deB2cDefaultPolicy,
  'de-b2b-default': deB2bDefaultPolicy,
});

/** The built-in policy ids, in a stable order. */
export const builtinPolicyIds: readonly BuiltinPolicyId[] = Object.freeze(['de-b2c-default', 'de-b2b-default'] as const);

/** Whether `id` names a built-in policy. */
export function isBuiltinPolicyId(id: unknown): id is BuiltinPolicyId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(builtinPolicies, id);
}

/**
 * A built-in policy by id.
 *
 * @param id - `de-b2c-default` or `de-b2b-default`
 * @throws PolicyError (rule `policy.unknown-builtin`) for any other id, listing the known ones
 */
export function getBuiltinPolicy(id: string): Policy {
  if (isBuiltinPolicyId(id)) return builtinPolicies[id];
  throw new PolicyError(
    `Policy "${id}" is not a built-in policy. Use one of ${builtinPolicyIds.map((x) => `"${x}"`).join(', ')} or 'auto', or pass a policy object. [rule policy.unknown-builtin]`,
    { rule: 'policy.unknown-builtin', field: 'policy' },
  );
}

/** What a host may pass where a policy is expected: a policy, a policy as data, a built-in id, or `'auto'`. */
export type PolicySpec = Policy | PolicyInput | BuiltinPolicyId | 'auto';

/**
 * The built-in policy for a debtor kind: `de-b2c-default` for consumers, `de-b2b-default` for
 * businesses.
 *
 * @param debtorKind - the debtor's kind
 */
export function defaultPolicyFor(debtorKind: DebtorKind): Policy {
  return debtorKind === 'consumer' ? deB2cDefaultPolicy : deB2bDefaultPolicy;
}

/**
 * Resolves what a host passed as `policy` to the policy that applies to a claim with a debtor of
 * `debtorKind`: `'auto'` picks by debtor kind ({@link defaultPolicyFor}), a built-in id picks that
 * policy, and an object is loaded with `loadPolicy` (schema and legal guards).
 *
 * @param policyOrId - a policy, policy data, a built-in id, or `'auto'`
 * @param debtorKind - the kind of the claim's debtor
 * @throws PolicyError for an unknown id, an invalid or unlawful policy, or a policy whose
 *   `debtorKind` is not the debtor's (rule `policy.debtor-kind-mismatch`: a business policy would
 *   charge a consumer the flat fee, and a consumer policy charges a business a creditor fee the flat fee already covers)
 */
export function resolvePolicy(policyOrId: PolicySpec, debtorKind: DebtorKind): Policy {
  let policy: Policy;
  if (policyOrId === 'auto') return defaultPolicyFor(debtorKind);
  if (typeof policyOrId === 'string') policy = getBuiltinPolicy(policyOrId);
  else policy = loadPolicy(policyOrId);
  if (policy.debtorKind !== undefined && policy.debtorKind !== debtorKind) {
    throw new PolicyError(
      `Policy "${policy.id}" is for ${policy.debtorKind} debtors, but this debtor is a ${debtorKind}. Use 'auto', a policy without debtorKind, or one with debtorKind '${debtorKind}'. [rule policy.debtor-kind-mismatch]`,
      { rule: 'policy.debtor-kind-mismatch', field: 'policy.debtorKind' },
    );
  }
  return policy;
}
