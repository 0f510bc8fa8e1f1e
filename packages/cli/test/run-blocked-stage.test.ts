import { stageConditionRules } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { blockedByRule, blockedLines } from '../src/commands/run.js';

// `mahnwerk run` (and `simulate`) say why steps were blocked by rule, with the rule's basis and text. A claim
// whose open balance is below the minimum of the stage due next waits at its stage with core's reason
// `stage.below-minimum` (a stage condition, not a guard: core's stageConditionRules, in blockedRules beside the
// guards) — its group names the rule's basis and text like a guard's.
describe('rule: the run output names a stage condition (stage.below-minimum) with its basis and text', () => {
  const steps = [
    { claimId: 'RE-2', rule: 'stage.below-minimum' as const },
    { claimId: 'RE-1', rule: 'stage.below-minimum' as const },
    { claimId: 'RE-3', rule: 'guard.agency-handover-needs-claim-reason' as const },
  ];

  it('grouped most steps first, claims in id order; basis and text from stageConditionRules (without the fix: empty)', () => {
    const groups = blockedByRule(steps);
    expect(groups.map((g) => [g.rule, g.steps, g.claimIds])).toEqual([
      ['stage.below-minimum', 2, ['RE-1', 'RE-2']],
      ['guard.agency-handover-needs-claim-reason', 1, ['RE-3']],
    ]);
    expect(groups[0]).toMatchObject({ basis: "the policy's stage condition minAmount or minRemainder", text: stageConditionRules['stage.below-minimum'].text });
    expect(blockedLines(groups).split('\n')[0]).toBe(
      `2 steps blocked by stage.below-minimum (the policy's stage condition minAmount or minRemainder): ${stageConditionRules['stage.below-minimum'].text} Claims RE-1, RE-2.`,
    );
  });
});
