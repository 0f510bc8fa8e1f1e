import { describe, expect, it } from 'vitest';
import { deB2cDefaultPolicy, definePolicy, escalationBar, money, nextStage, project, type ClaimEvent, type Stage } from '../../src/index.js';
import { created, facts } from './helpers.js';

// Issue 8, points 3 and 5: no hand-over or court dunning for a disputed claim (§ 254 Abs. 2 BGB; BVerfG
// 1 BvR 1012/11 — costs of an Inkasso mandate against a debtor who recognisably refuses are not necessary),
// and none for costs or interest alone unless the policy allows it.

const f = facts();
const handover = deB2cDefaultPolicy.stages.find((s) => s.kind === 'handover') as Stage;
const finalNotice = deB2cDefaultPolicy.stages.find((s) => s.kind === 'final-notice') as Stage;
const base: ClaimEvent[] = [
  created(f),
  { type: 'default-began', claimId: f.id, date: '2025-01-17', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
  { type: 'stage-entered', claimId: f.id, date: '2025-03-01', stage: 'final-notice', stageIndex: 2, deadline: '2025-03-11' },
];
const disputed = (outcome?: 'debtor-right' | 'creditor-right' | 'partial'): ClaimEvent[] => [
  ...base,
  { type: 'dispute-opened', claimId: f.id, date: '2025-03-05', disputeId: 'd1' },
  ...(outcome === undefined ? [] : [{ type: 'dispute-resolved' as const, claimId: f.id, date: '2025-03-20', disputeId: 'd1', outcome }]),
];

describe('§ 254 Abs. 2 BGB: a disputed claim is not handed over until the dispute is resolved for the creditor', () => {
  it('open dispute or resolved for the debtor → dispute; resolved for the creditor or in part → may go on; other stages are not barred', () => {
    expect(escalationBar(handover, project(disputed()), deB2cDefaultPolicy)).toBe('dispute');
    expect(escalationBar(handover, project(disputed('debtor-right')), deB2cDefaultPolicy)).toBe('dispute');
    expect(escalationBar(handover, project(disputed('creditor-right')), deB2cDefaultPolicy)).toBeNull();
    expect(escalationBar(handover, project(disputed('partial')), deB2cDefaultPolicy)).toBeNull();
    expect(escalationBar(finalNotice, project(disputed()), deB2cDefaultPolicy)).toBeNull();
  });

  it('nextStage after the final notice: nothing while disputed (hand-over and court dunning both barred); the hand-over once resolved for the creditor', () => {
    expect(nextStage(project(disputed()), deB2cDefaultPolicy, money('1000.00'), money('1000.00'))).toBeNull();
    expect(nextStage(project(disputed('creditor-right')), deB2cDefaultPolicy, money('1000.00'), money('1000.00'))?.stage.kind).toBe('handover');
  });
});

describe('no hand-over or court dunning for costs or interest alone (policy option escalateWithoutPrincipal, off in the built-ins)', () => {
  it('principal 0.00, 40.00 costs open → principal; with the option → may go on; principal open → may go on', () => {
    const state = project(base);
    expect(deB2cDefaultPolicy.escalateWithoutPrincipal).toBe(false);
    expect(escalationBar(handover, state, deB2cDefaultPolicy, money('0.00'))).toBe('principal');
    expect(nextStage(state, deB2cDefaultPolicy, money('40.00'), money('0.00'))).toBeNull();
    const allowing = definePolicy({ ...deB2cDefaultPolicy, id: 'costs-alone', escalateWithoutPrincipal: true });
    expect(escalationBar(handover, state, allowing, money('0.00'))).toBeNull();
    expect(escalationBar(handover, state, deB2cDefaultPolicy, money('0.01'))).toBeNull();
  });
});

describe('§ 204 Abs. 2 BGB, § 701 ZPO in the engine: a Mahnbescheid without a Vollstreckungsbescheid stops suspending', () => {
  it('filed 2025-02-03, no title by 2026-03-01: the tolling ends at the filing day (standing for the service), so the suspension ends six months later', async () => {
    const { limitationInput } = await import('../../src/index.js');
    const filed = project([...base, { type: 'court-dunning-filed', claimId: f.id, date: '2025-02-03' }]);
    expect(limitationInput(filed, '2026-03-01').tolling).toEqual([{ from: '2025-02-03', to: '2025-02-03', kind: 'court-dunning' }]);
    // Within the six months the proceedings count as running up to the day of the decision.
    expect(limitationInput(filed, '2025-06-01').tolling).toEqual([{ from: '2025-02-03', to: '2025-06-01', kind: 'court-dunning' }]);
  });
});
