import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MahnwerkError, PolicyError, ValidationError } from '../../src/errors/errors.js';
import {
  assertPolicyLawful,
  creditorFeeLimit,
  creditorFeeWarningThreshold,
  defaultCausingStageIndex,
  loadPolicy,
  parsePolicy,
  policyRules,
  policyViolations,
  policyWarnings,
  type PolicyInput,
  type StageActionInput,
  type StageInput,
} from '../../src/policy/index.js';
import { b2b, b2c, policyErrorOf } from './fixtures.js';

type Mutable = ReturnType<typeof b2c>;

function actionsOf(p: Mutable, stageIndex: number): StageActionInput[] {
  const s = p.stages[stageIndex];
  if (s === undefined) throw new Error(`no stage ${stageIndex}`);
  return s.actions as StageActionInput[];
}

interface Case {
  readonly name: string;
  readonly make: () => PolicyInput;
  readonly rule: string;
  readonly stage: string;
  readonly field: string;
  readonly basis?: string;
}

const cases: Case[] = [
  {
    name: 'creditor fee on the reminder, before the first dunning notice (no fee before default)',
    make: () => {
      const p = b2c();
      actionsOf(p, 0).push({ type: 'charge-creditor-fee', amount: '1.00' });
      return p;
    },
    rule: 'guard.no-fee-before-default',
    stage: 'reminder',
    field: 'stages[0].actions[1]',
    basis: '§§ 280 Abs. 2, 286 Abs. 1 BGB',
  },
  {
    name: 'flat fee on the reminder of a business policy (no fee before default)',
    make: () => {
      const p = b2b();
      actionsOf(p, 0).push({ type: 'charge-flat-fee' });
      return p;
    },
    rule: 'guard.no-fee-before-default',
    stage: 'reminder',
    field: 'stages[0].actions[1]',
  },
  {
    name: 'collection costs on a reminder-kind stage before any dunning notice',
    make: () => {
      const p = b2c();
      actionsOf(p, 0).push({ type: 'hand-over', to: 'collection-agency' }, { type: 'charge-collection-costs' });
      return p;
    },
    rule: 'guard.no-fee-before-default',
    stage: 'reminder',
    field: 'stages[0].actions[2]',
  },
  {
    name: 'a fee in a policy that has no dunning notice at all (reminders only)',
    make: () => ({
      id: 'reminders-only',
      version: 1,
      name: 'Reminders only',
      stages: [
        { id: 'r1', name: 'R1', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [] },
        { id: 'r2', name: 'R2', kind: 'reminder', trigger: { after: 'previous-stage', days: 14 }, actions: [{ type: 'charge-creditor-fee', amount: '1.00' }] },
      ],
    }),
    rule: 'guard.no-fee-before-default',
    stage: 'r2',
    field: 'stages[1].actions[0]',
  },
  {
    name: 'creditor fee on the first dunning notice — the notice causing default (BGH VIII ZR 95/18)',
    make: () => {
      const p = b2c();
      actionsOf(p, 1).push({ type: 'charge-creditor-fee', amount: '1.00' });
      return p;
    },
    rule: 'guard.no-fee-for-default-causing-notice',
    stage: 'dunning-notice',
    field: 'stages[1].actions[2]',
    basis: '§§ 280 Abs. 2, 286 Abs. 1 BGB; BGH 26.06.2019, VIII ZR 95/18',
  },
  {
    name: 'creditor fee on a final notice that is the first Mahnung of the policy (no dunning-notice stage)',
    make: () => {
      const p = b2c();
      p.stages.splice(1, 1); // drop the dunning notice: the final notice now causes default
      return p;
    },
    rule: 'guard.no-fee-for-default-causing-notice',
    stage: 'final-notice',
    field: 'stages[1].actions[2]',
  },
  {
    name: 'flat fee in a consumer policy (§ 288 Abs. 5 S. 1 BGB)',
    make: () => {
      const p = b2c();
      actionsOf(p, 2).splice(2, 1, { type: 'charge-flat-fee' });
      return p;
    },
    rule: 'guard.no-flat-fee-for-consumers',
    stage: 'final-notice',
    field: 'stages[2].actions[2]',
    basis: '§ 288 Abs. 5 S. 1 BGB',
  },
  {
    name: 'flat fee on a stage restricted to consumers in a policy for any debtor (§ 288 Abs. 5 S. 1 BGB)',
    make: () => {
      const p = b2b();
      delete (p as { debtorKind?: string }).debtorKind;
      const s = p.stages[2] as StageInput;
      p.stages[2] = { ...s, conditions: { debtorKind: 'consumer' } };
      return p;
    },
    rule: 'guard.no-flat-fee-for-consumers',
    stage: 'final-notice',
    field: 'stages[2].actions[2]',
  },
  {
    name: 'a second flat fee (§ 288 Abs. 5 BGB: once per claim)',
    make: () => {
      const p = b2b();
      actionsOf(p, 3).push({ type: 'charge-flat-fee' });
      return p;
    },
    rule: 'guard.flat-fee-once',
    stage: 'handover',
    field: 'stages[3].actions[4]',
  },
  {
    name: 'a second charge of collection costs, e.g. agency and lawyer (§§ 13e, 13f RDG)',
    make: () => {
      const p = b2c();
      actionsOf(p, 4).push({ type: 'hand-over', to: 'lawyer' }, { type: 'charge-collection-costs', case: 'contested' });
      return p;
    },
    rule: 'guard.collection-costs-once',
    stage: 'court-dunning-announcement',
    field: 'stages[4].actions[3]',
    basis: '§§ 13e, 13f RDG',
  },
  {
    name: 'collection costs on the final notice, before any hand-over (§ 13e RDG)',
    make: () => {
      const p = b2c();
      actionsOf(p, 2).push({ type: 'charge-collection-costs' });
      return p;
    },
    rule: 'guard.collection-costs-after-handover',
    stage: 'final-notice',
    field: 'stages[2].actions[3]',
  },
  {
    name: 'collection costs listed before the hand-over action in the same stage',
    make: () => {
      const p = b2c();
      actionsOf(p, 3).reverse();
      return p;
    },
    rule: 'guard.collection-costs-after-handover',
    stage: 'handover',
    field: 'stages[3].actions[2]',
  },
  {
    name: `creditor fee above ${creditorFeeLimit} (only actual material costs, BGH VIII ZR 95/18)`,
    make: () => {
      const p = b2c();
      actionsOf(p, 2)[2] = { type: 'charge-creditor-fee', amount: '10.01' };
      return p;
    },
    rule: 'guard.creditor-fee-bound',
    stage: 'final-notice',
    field: 'stages[2].actions[2].amount',
  },
  {
    name: 'a dunning notice on the due date itself (§ 286 Abs. 1 S. 1 BGB: a Mahnung needs Fälligkeit)',
    make: () => {
      const p = b2c();
      p.stages.splice(0, 1);
      p.stages[0] = { ...(p.stages[0] as StageInput), trigger: { after: 'due-date', days: 0 } };
      return p;
    },
    rule: 'guard.no-dunning-before-due-date',
    stage: 'dunning-notice',
    field: 'stages[0].trigger',
    basis: '§ 286 Abs. 1 S. 1 BGB',
  },
  {
    name: 'a dunning notice that can start before the due date through a chain of previous-stage triggers',
    make: () => {
      const p = b2c();
      p.stages[0] = { ...(p.stages[0] as StageInput), trigger: { after: 'due-date', days: -5 } };
      p.stages[1] = { ...(p.stages[1] as StageInput), trigger: { after: 'previous-stage', days: 3 } };
      return p;
    },
    rule: 'guard.no-dunning-before-due-date',
    stage: 'dunning-notice',
    field: 'stages[1].trigger',
  },
  {
    name: 'two stages with the same id',
    make: () => {
      const p = b2c();
      p.stages[2] = { ...(p.stages[2] as StageInput), id: 'dunning-notice' };
      return p;
    },
    rule: 'policy.unique-stage-ids',
    stage: 'dunning-notice',
    field: 'stages[2].id',
  },
  {
    name: 'a stage after a final stage',
    make: () => {
      const p = b2c();
      p.stages.push({ id: 'write-off', name: 'Ausbuchung', kind: 'write-off', trigger: { after: 'previous-stage', days: 30 }, actions: [{ type: 'write-off' }] });
      return p;
    },
    rule: 'policy.no-stage-after-final',
    stage: 'write-off',
    field: 'stages[6]',
  },
  {
    name: "trigger 'previous-stage' on the first stage",
    make: () => {
      const p = b2c();
      p.stages[0] = { ...(p.stages[0] as StageInput), trigger: { after: 'previous-stage', days: 7 } };
      return p;
    },
    rule: 'policy.first-stage-trigger',
    stage: 'reminder',
    field: 'stages[0].trigger.after',
  },
  {
    // mahnungDefault 'after-deadline' waits for the first Mahnung's deadline (§ 286 Abs. 1 BGB, docs/legal-notes.md):
    // without a set-deadline on that stage the setting could change nothing.
    name: "mahnungDefault 'after-deadline' with a first dunning notice that sets no deadline",
    make: () => {
      const p = b2c();
      const notice = p.stages[1] as StageInput;
      p.stages[1] = { ...notice, actions: notice.actions.filter((a) => a.type !== 'set-deadline') };
      return { ...p, mahnungDefault: 'after-deadline' };
    },
    rule: 'policy.after-deadline-needs-deadline',
    stage: 'dunning-notice',
    field: 'stages[1].actions',
    basis: '§ 286 Abs. 1 BGB',
  },
];

describe('assertPolicyLawful: a policy cannot switch off a legal guard', () => {
  it.each(cases)('refuses $rule: $name', ({ make, rule, stage, field, basis }) => {
    const input = make();
    const err = policyErrorOf(() => loadPolicy(input));
    expect(err.code).toBe('policy_invalid');
    expect(err.rule).toBe(rule);
    expect(err.stage).toBe(stage);
    expect(err.field).toBe(field);
    const ruleDef = policyRules[rule as keyof typeof policyRules];
    expect(err.basis).toBe(ruleDef.basis);
    if (basis !== undefined) expect(err.basis).toBe(basis);
    // the message names the stage, the path, the rule id and the basis, and says how to fix it
    expect(err.message).toContain(`stage "${stage}"`);
    expect(err.message).toContain(field);
    expect(err.message).toContain(rule);
    if (err.basis !== undefined) expect(err.message).toContain(err.basis);
    // the same finding via the parsed policy
    const parsed = parsePolicy(input);
    expect(() => assertPolicyLawful(parsed)).toThrow(err.message);
    expect(policyViolations(parsed)[0]).toMatchObject({ rule, field, stage });
  });

  it('throws a PolicyError that is a ValidationError and a MahnwerkError with code policy_invalid', () => {
    const err = policyErrorOf(() => loadPolicy(cases[0]?.make()));
    expect(err).toBeInstanceOf(PolicyError);
    expect(err).toBeInstanceOf(ValidationError);
    expect(MahnwerkError.isInstance(err)).toBe(true);
    expect(err.name).toBe('PolicyError');
    expect(err.code).toBe('policy_invalid');
  });

  it('every rule used above is declared in policyRules with severity error', () => {
    for (const c of cases) expect(policyRules[c.rule as keyof typeof policyRules].severity).toBe('error');
  });

  it('reports every violation in stage order (policyViolations), not just the first', () => {
    const p = b2c();
    actionsOf(p, 0).push({ type: 'charge-flat-fee' });
    actionsOf(p, 1).push({ type: 'charge-creditor-fee', amount: '1.00' });
    const found = policyViolations(parsePolicy(p)).map((v) => v.rule);
    expect(found).toEqual(['guard.no-fee-before-default', 'guard.no-flat-fee-for-consumers', 'guard.no-fee-for-default-causing-notice']);
  });

  it(`allows a creditor fee of exactly ${creditorFeeLimit} (with a warning)`, () => {
    const p = b2c();
    actionsOf(p, 2)[2] = { type: 'charge-creditor-fee', amount: '10.00' };
    const policy = loadPolicy(p);
    expect(policyWarnings(policy).map((w) => w.rule)).toEqual(['guard.creditor-fee-actual-cost']);
  });

  it('allows a flat fee in a policy for any debtor kind (the engine refuses it for consumers at run time)', () => {
    const p = b2b();
    delete (p as { debtorKind?: string }).debtorKind;
    expect(() => loadPolicy(p)).not.toThrow();
  });

  it('allows a flat fee on the first dunning notice of a business policy (default may already run by calendar date)', () => {
    const p = b2b();
    const fee = actionsOf(p, 2).pop();
    actionsOf(p, 1).push(fee as StageActionInput);
    expect(() => loadPolicy(p)).not.toThrow();
  });

  it('allows a reminder before the due date (a friendly pre-due reminder is not a Mahnung)', () => {
    const p = b2c();
    p.stages[0] = { ...(p.stages[0] as StageInput), trigger: { after: 'due-date', days: -3 } };
    p.stages[1] = { ...(p.stages[1] as StageInput), trigger: { after: 'previous-stage', days: 10 } };
    expect(() => loadPolicy(p)).not.toThrow();
  });

  it('counts from the last always-entered stage when earlier stages have conditions (may be skipped)', () => {
    const p = b2c();
    // reminder at due-3 only for tagged claims; dunning notice previous+3 would then be day 0 for them
    p.stages[0] = { ...(p.stages[0] as StageInput), trigger: { after: 'due-date', days: -3 }, conditions: { tagsAny: ['early'] } };
    p.stages[1] = { ...(p.stages[1] as StageInput), trigger: { after: 'previous-stage', days: 3 } };
    expect(policyErrorOf(() => loadPolicy(p)).rule).toBe('guard.no-dunning-before-due-date');
  });

  it('defaultCausingStageIndex: the first stage whose message is a Mahnung (§ 286 Abs. 1 BGB)', () => {
    expect(defaultCausingStageIndex(parsePolicy(b2c()))).toBe(1);
    const p = b2c();
    p.stages.splice(1, 2);
    expect(defaultCausingStageIndex(parsePolicy(p))).toBe(1); // the hand-over stage
    expect(defaultCausingStageIndex({ stages: [] })).toBe(-1);
  });
});

describe('policyWarnings: lawful but worth a second look', () => {
  it(`creditor fee above ${creditorFeeWarningThreshold}: prove the actual cost (BGH VIII ZR 95/18, facts § 2.4)`, () => {
    const p = b2c();
    actionsOf(p, 2)[2] = { type: 'charge-creditor-fee', amount: '2.51' };
    const warnings = policyWarnings(loadPolicy(p));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ rule: 'guard.creditor-fee-actual-cost', stage: 'final-notice', field: 'stages[2].actions[2].amount' });
    expect(warnings[0]?.message).toContain('2.51');
  });

  it(`no warning at exactly ${creditorFeeWarningThreshold}`, () => {
    const p = b2c();
    actionsOf(p, 2)[2] = { type: 'charge-creditor-fee', amount: '2.50' };
    expect(policyWarnings(loadPolicy(p))).toEqual([]);
  });

  it('creditor fee on a stage that sends only an e-mail (no material cost)', () => {
    const p = b2c();
    actionsOf(p, 2)[0] = { type: 'send', channel: 'email', template: 'final-notice' };
    expect(policyWarnings(loadPolicy(p)).map((w) => w.rule)).toEqual(['guard.creditor-fee-without-letter']);
  });

  it('creditor fee next to the 40 EUR flat fee (§ 288 Abs. 5 S. 3 BGB, EuGH C-287/17)', () => {
    const p = b2b();
    actionsOf(p, 3).push({ type: 'charge-creditor-fee', amount: '1.00' });
    const warnings = policyWarnings(loadPolicy(p));
    expect(warnings.map((w) => w.rule)).toEqual(['guard.creditor-fee-with-flat-fee']);
    expect(warnings[0]?.basis).toBe('§ 288 Abs. 5 S. 3 BGB; EuGH 13.09.2018, C-287/17');
  });

  it('all warning rules are declared with severity warning', () => {
    for (const id of ['guard.creditor-fee-actual-cost', 'guard.creditor-fee-without-letter', 'guard.creditor-fee-with-flat-fee'] as const) {
      expect(policyRules[id].severity).toBe('warning');
    }
  });
});

describe('property: whatever policy loads keeps every fee guard', () => {
  const kinds = ['reminder', 'dunning-notice', 'final-notice', 'handover', 'court-dunning', 'write-off'] as const;
  const actionArb: fc.Arbitrary<StageActionInput> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<StageActionInput>({ type: 'send', channel: 'letter', template: 'x' }) },
    { weight: 2, arbitrary: fc.constant<StageActionInput>({ type: 'set-deadline', days: 14 }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('0.50', '1.00', '2.50', '3.00', '10.00', '12.00')
        .map<StageActionInput>((amount) => ({ type: 'charge-creditor-fee', amount })),
    },
    { weight: 1, arbitrary: fc.constant<StageActionInput>({ type: 'charge-flat-fee' }) },
    { weight: 1, arbitrary: fc.constant<StageActionInput>({ type: 'charge-collection-costs' }) },
    { weight: 2, arbitrary: fc.constant<StageActionInput>({ type: 'hand-over', to: 'collection-agency' }) },
    { weight: 1, arbitrary: fc.constant<StageActionInput>({ type: 'file-court-dunning' }) },
  );
  const stageArb = fc.record({
    kind: fc.constantFrom(...kinds),
    after: fc.constantFrom('due-date', 'previous-stage', 'default') as fc.Arbitrary<'due-date' | 'previous-stage' | 'default'>,
    days: fc.integer({ min: -3, max: 40 }),
    actions: fc.array(actionArb, { maxLength: 4 }),
    final: fc.constantFrom(false, false, false, true),
  });
  const policyArb = fc.record({
    debtorKind: fc.constantFrom(undefined, 'consumer', 'business') as fc.Arbitrary<'consumer' | 'business' | undefined>,
    stages: fc.array(stageArb, { minLength: 1, maxLength: 6 }),
  });

  let loaded = 0;
  it('loadPolicy either throws a PolicyError or returns a policy with no fee before default, no creditor fee on the default-causing notice, one flat fee / collection costs at most, costs only after hand-over', () => {
    fc.assert(
      fc.property(policyArb, ({ debtorKind, stages }) => {
        const input: PolicyInput = {
          id: 'p',
          version: 1,
          name: 'P',
          ...(debtorKind === undefined ? {} : { debtorKind }),
          stages: stages.map((s, i) => ({
            id: `s${i}`,
            name: `S${i}`,
            kind: s.kind,
            trigger: { after: s.after, days: s.days },
            actions: s.actions,
            ...(s.final ? { final: true } : {}),
          })),
        };
        let policy;
        try {
          policy = loadPolicy(input);
          loaded++;
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
          return;
        }
        const notice = defaultCausingStageIndex(policy);
        let flat = 0;
        let costs = 0;
        let handedOver = false;
        policy.stages.forEach((s, i) => {
          for (const a of s.actions) {
            if (a.type === 'hand-over') handedOver = true;
            if (a.type.startsWith('charge-')) expect(notice >= 0 && i >= notice).toBe(true);
            if (a.type === 'charge-creditor-fee') expect(i).not.toBe(notice);
            if (a.type === 'charge-flat-fee') {
              flat++;
              expect(policy.debtorKind).not.toBe('consumer');
            }
            if (a.type === 'charge-collection-costs') {
              costs++;
              expect(handedOver).toBe(true);
            }
          }
        });
        expect(flat).toBeLessThanOrEqual(1);
        expect(costs).toBeLessThanOrEqual(1);
        expect(policy.stages.findIndex((s) => s.final === true)).toBeGreaterThanOrEqual(
          policy.stages.some((s) => s.final === true) ? policy.stages.length - 1 : -1,
        );
      }),
      { numRuns: 500 },
    );
    // the generator must also produce lawful policies, or the property says nothing
    expect(loaded).toBeGreaterThan(40); // about 15 % of 500 load
  });
});

describe("mahnungDefault 'after-deadline' (policy.after-deadline-needs-deadline)", () => {
  it('the built-in policies load with it (their Mahnung sets 14 days), and a Mahnung without a deadline loads with on-receipt', () => {
    expect(loadPolicy({ ...b2c(), mahnungDefault: 'after-deadline' }).mahnungDefault).toBe('after-deadline');
    expect(loadPolicy({ ...b2b(), mahnungDefault: 'after-deadline' }).mahnungDefault).toBe('after-deadline');
    const p = b2c();
    const notice = p.stages[1] as StageInput;
    p.stages[1] = { ...notice, actions: notice.actions.filter((a) => a.type !== 'set-deadline') };
    expect(loadPolicy({ ...p, mahnungDefault: 'on-receipt' }).mahnungDefault).toBe('on-receipt');
  });

  it('a policy without any dunning notice is refused with the field mahnungDefault and how to fix it', () => {
    const p = b2c();
    const err = policyErrorOf(() => loadPolicy({ ...p, mahnungDefault: 'after-deadline', stages: [p.stages[0] as StageInput] }));
    expect(err.rule).toBe('policy.after-deadline-needs-deadline');
    expect(err.field).toBe('mahnungDefault');
    expect(err.message).toContain('no dunning-notice stage');
    expect(err.message).toContain('or remove mahnungDefault');
  });
});
