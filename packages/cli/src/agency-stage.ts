import { PolicyError, resolvePolicy, type DebtorKind, type RenderInput, type Stage } from '@mahnwerk/core';

/**
 * The stages the config's policy runs for a debtor of `kind`; none when the policy is for the other
 * kind only (it never decides such a claim, so nothing of it is sent).
 *
 * @param policy - the policy as the config names it: a built-in id or `'auto'`
 * @param kind - the debtor's kind
 * @returns the stages, or none
 * @internal
 */
export function policyStagesFor(policy: string, kind: DebtorKind): readonly Stage[] {
  try {
    return resolvePolicy(policy as Parameters<typeof resolvePolicy>[0], kind).stages;
  } catch (error) {
    if (error instanceof PolicyError && error.rule === 'policy.debtor-kind-mismatch') return [];
    throw error;
  }
}

/**
 * Whether the collection agency writes a message: from the stage of the policy that hands the claim
 * over (an action `hand-over`; the built-in policies' `handover`, then the court dunning stages)
 * on, the agency collects; before it, the creditor. The stage is the one the host queued the message
 * for. The one rule the demo's renderer and a config with an `agency` share.
 *
 * @param policy - the policy as the config names it: a built-in id or `'auto'`
 * @param input - the message to render
 * @returns true when the agency is its sender
 * @internal
 */
export function writtenByAgency(policy: string, input: Pick<RenderInput, 'claim' | 'stage'>): boolean {
  const stages = policyStagesFor(policy, input.claim.debtor.kind);
  const handover = stages.findIndex((stage) => stage.actions.some((action) => action.type === 'hand-over'));
  const at = stages.findIndex((stage) => stage.id === input.stage);
  return handover >= 0 && at >= handover;
}
