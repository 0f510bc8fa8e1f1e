import { describe, expect, it } from 'vitest';
import { agencyCollectsAt, deB2bDefaultPolicy, deB2cDefaultPolicy, policyStagesFor } from '../../src/policy/index.js';
import { b2c } from './fixtures.js';

describe('policyStagesFor: the stages a policy runs for a debtor kind', () => {
  it("'auto' and a built-in id give that policy's stages; a policy for the other kind gives none (it never decides such a claim)", () => {
    expect(policyStagesFor('auto', 'consumer')).toBe(deB2cDefaultPolicy.stages);
    expect(policyStagesFor('auto', 'business')).toBe(deB2bDefaultPolicy.stages);
    expect(policyStagesFor('de-b2c-default', 'business')).toEqual([]);
  });

  it('an unknown id is still an error (a typo is not a policy without stages)', () => {
    expect(() => policyStagesFor('de-b2c-defualt' as 'auto', 'consumer')).toThrow(/not a built-in policy/);
  });
});

describe('agencyCollectsAt: the agency collects from the stage that hands the claim over on, the creditor before it', () => {
  const stages = deB2cDefaultPolicy.stages;

  it('built-in consumer policy: reminder, dunning notice and final notice are the creditor\'s; the handover stage and both court dunning stages the agency\'s', () => {
    // Stage order by hand: reminder, dunning-notice, final-notice, handover (hand-over action), court-dunning-announcement, court-dunning.
    expect(['reminder', 'dunning-notice', 'final-notice', 'handover', 'court-dunning-announcement', 'court-dunning'].map((id) => agencyCollectsAt(stages, id))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('no stage yet, or a stage the policy does not have: the creditor', () => {
    expect(agencyCollectsAt(stages, null)).toBe(false);
    expect(agencyCollectsAt(stages, undefined)).toBe(false);
    expect(agencyCollectsAt(stages, 'inkasso')).toBe(false);
  });

  it('a policy that never hands over: the creditor at every stage, the court dunning ones too', () => {
    const own = b2c();
    own.stages = own.stages.map((s) => ({ ...s, actions: s.actions.filter((a) => a.type !== 'hand-over') }));
    expect(own.stages.map((s) => agencyCollectsAt(own.stages as Parameters<typeof agencyCollectsAt>[0], s.id))).toEqual(own.stages.map(() => false));
  });
});
