import { describe, expect, it } from 'vitest';
import { agencyCollectsAt, deB2bDefaultPolicy, deB2cDefaultPolicy, handOverPartyAt, policyStagesFor } from '../../src/policy/index.js';
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

describe('handOverPartyAt: whom the claim is handed over to at a stage — the party of the latest hand-over action up to it', () => {
  type Stages = Parameters<typeof handOverPartyAt>[0];
  const ids = ['reminder', 'dunning-notice', 'final-notice', 'handover', 'court-dunning-announcement', 'court-dunning'];

  it('built-in consumer policy: nobody before its handover stage, the collection agency from it on (its action is `hand-over` to `collection-agency`)', () => {
    expect(ids.map((id) => handOverPartyAt(deB2cDefaultPolicy.stages, id))).toEqual([null, null, null, 'collection-agency', 'collection-agency', 'collection-agency']);
  });

  it('a policy that hands over to a lawyer: the lawyer from that stage on — what the portal names instead of "Inkasso"', () => {
    const own = b2c();
    own.stages = own.stages.map((s) => ({ ...s, actions: s.actions.map((a) => (a.type === 'hand-over' ? { type: 'hand-over' as const, to: 'lawyer' as const } : a)) }));
    expect(ids.map((id) => handOverPartyAt(own.stages as Stages, id))).toEqual([null, null, null, 'lawyer', 'lawyer', 'lawyer']);
    // agencyCollectsAt asks the same rule: whoever it is, the creditor no longer collects alone.
    expect(ids.map((id) => agencyCollectsAt(own.stages as Stages, id))).toEqual([false, false, false, true, true, true]);
  });

  it('an agency first and a lawyer later (§ 13f RDG\'s case): the later hand-over replaces the earlier from its stage on', () => {
    const own = b2c();
    own.stages = own.stages.map((s) => (s.id === 'court-dunning-announcement' ? { ...s, actions: [{ type: 'hand-over' as const, to: 'lawyer' as const }, ...s.actions] } : s));
    expect(ids.map((id) => handOverPartyAt(own.stages as Stages, id))).toEqual([null, null, null, 'collection-agency', 'lawyer', 'lawyer']);
  });

  it('no stage, or one the policy does not have: nobody (the creditor collects)', () => {
    expect(handOverPartyAt(deB2cDefaultPolicy.stages, null)).toBeNull();
    expect(handOverPartyAt(deB2cDefaultPolicy.stages, undefined)).toBeNull();
    expect(handOverPartyAt(deB2cDefaultPolicy.stages, 'inkasso')).toBeNull();
  });
});
