import { PolicyError, resolvePolicy, type RenderInput } from '@mahnwerk/core';

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
  let stages;
  try {
    stages = resolvePolicy(policy as Parameters<typeof resolvePolicy>[0], input.claim.debtor.kind).stages;
  } catch (error) {
    // A policy for the other debtor kind never decided this claim: nothing of it is the agency's.
    if (error instanceof PolicyError && error.rule === 'policy.debtor-kind-mismatch') return false;
    throw error;
  }
  const handover = stages.findIndex((stage) => stage.actions.some((action) => action.type === 'hand-over'));
  const at = stages.findIndex((stage) => stage.id === input.stage);
  return handover >= 0 && at >= handover;
}
