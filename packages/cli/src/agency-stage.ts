import { agencyCollectsAt, policyStagesFor, type PolicySpec, type RenderInput } from '@mahnwerk/core';

/**
 * Whether the collection agency writes a message: core's {@link agencyCollectsAt} — from the stage
 * of the policy that hands the claim over on, the agency; before it, the creditor — for the stage
 * the host queued the message for. The rule the demo's renderer, a config with an `agency` and the
 * debtor portal share.
 *
 * @param policy - the policy as the config names it: a built-in id or `'auto'`
 * @param input - the message to render
 * @returns true when the agency is its sender
 * @internal
 */
export function writtenByAgency(policy: string, input: Pick<RenderInput, 'claim' | 'stage'>): boolean {
  return agencyCollectsAt(policyStagesFor(policy as PolicySpec, input.claim.debtor.kind), input.stage);
}
