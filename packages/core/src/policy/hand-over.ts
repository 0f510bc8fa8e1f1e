import { PolicyError } from '../errors/errors.js';
import type { DebtorKind } from '../law/de/types.js';
import { resolvePolicy, type PolicySpec } from './builtin/index.js';
import type { Stage } from './schema.js';

/**
 * The stages `policy` runs for a debtor of `debtorKind`; none when the policy is for the other kind
 * only (rule `policy.debtor-kind-mismatch`: it never decides such a claim, so none of its stages
 * applies). What a renderer or the portal looks a claim's stage up in.
 *
 * @param policy - what the host passes to `createMahnwerk` as `policy`: a policy, policy data, a built-in id or `'auto'`
 * @param debtorKind - the debtor's kind
 * @returns the stages in policy order, or none
 * @throws PolicyError for an unknown id or an invalid or unlawful policy
 */
export function policyStagesFor(policy: PolicySpec, debtorKind: DebtorKind): readonly Stage[] {
  try {
    return resolvePolicy(policy, debtorKind).stages;
  } catch (error) {
    if (error instanceof PolicyError && error.rule === 'policy.debtor-kind-mismatch') return [];
    throw error;
  }
}

/** Who a policy hands a claim over to: the `to` of a stage action `hand-over`. */
export type HandOverParty = Extract<Stage['actions'][number], { type: 'hand-over' }>['to'];

/**
 * Who collects at the stage `stageId` when it is not the creditor: the party of the latest stage up
 * to and including it that hands the claim over (an action `hand-over`) — a `collection-agency` or a
 * `lawyer`; a later hand-over (e.g. from an agency to a lawyer) replaces an earlier one. Null before
 * the policy's first hand-over stage, for no stage, and for a stage the policy does not have: the
 * creditor collects. The one rule for whom a claim's stage hands over to (the portal names "an einen
 * Rechtsanwalt übergeben" or "an Inkasso übergeben" by it), and the rule {@link agencyCollectsAt} asks.
 *
 * @param stages - the policy's stages, e.g. from {@link policyStagesFor}
 * @param stageId - the stage: the claim's (`ClaimState.stage`) or the one a message was queued for
 * @returns the party collecting for the creditor, or null when the creditor collects
 */
export function handOverPartyAt(stages: readonly Pick<Stage, 'id' | 'actions'>[], stageId: string | null | undefined): HandOverParty | null {
  const at = stages.findIndex((stage) => stage.id === stageId);
  let party: HandOverParty | null = null;
  for (const stage of stages.slice(0, at + 1)) {
    for (const action of stage.actions) if (action.type === 'hand-over') party = action.to;
  }
  return party;
}

/**
 * Whether the collection agency (or lawyer) collects at the stage `stageId`: from the first stage
 * of the policy that hands the claim over (an action `hand-over`; the built-in policies' `handover`,
 * then the court dunning stages) on, it collects on behalf of the creditor and writes in its own
 * name (§ 13a Abs. 1 Nr. 1 RDG: naming the creditor as its client); before it — and for no stage or
 * a stage the policy does not have — the creditor collects. The one rule for who writes a message
 * (by the stage that queued it) and whom the debtor portal names (by the claim's stage); who it is,
 * agency or lawyer, is {@link handOverPartyAt}'s answer, which this asks.
 *
 * @param stages - the policy's stages, e.g. from {@link policyStagesFor}
 * @param stageId - the stage: the claim's (`ClaimState.stage`) or the one a message was queued for
 * @returns true when the agency collects
 */
export function agencyCollectsAt(stages: readonly Pick<Stage, 'id' | 'actions'>[], stageId: string | null | undefined): boolean {
  return handOverPartyAt(stages, stageId) !== null;
}
