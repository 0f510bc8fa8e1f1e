import { describe, expect, it } from 'vitest';
import {
  assertPolicyLawful,
  builtinPolicies,
  builtinPolicyIds,
  deB2bDefaultPolicy,
  deB2bDefaultPolicyInput,
  deB2cDefaultPolicy,
  deB2cDefaultPolicyInput,
  getBuiltinPolicy,
  loadPolicy,
  policyViolations,
  policyWarnings,
  type Policy,
} from '../../src/policy/index.js';
import { policyErrorOf } from './fixtures.js';

/** Template names the templates package must provide (for channels email, letter, sms). */
const templateNames = ['reminder', 'dunning-notice', 'final-notice', 'handover-inkasso', 'court-dunning-announcement'];

/** Earliest day (relative to the due date) each stage can start; all triggers here chain from the due date. */
function earliestDays(policy: Policy): number[] {
  const out: number[] = [];
  for (const s of policy.stages) {
    const prev = out[out.length - 1] ?? 0;
    out.push(s.trigger.after === 'previous-stage' ? prev + s.trigger.days : s.trigger.days);
  }
  return out;
}

describe.each([
  ['de-b2c-default', deB2cDefaultPolicy, deB2cDefaultPolicyInput],
  ['de-b2b-default', deB2bDefaultPolicy, deB2bDefaultPolicyInput],
] as const)('built-in policy %s', (id, policy, input) => {
  it('loads from its data and passes every guard (assertPolicyLawful)', () => {
    expect(loadPolicy(input)).toEqual(policy);
    expect(() => assertPolicyLawful(policy)).not.toThrow();
    expect(policyViolations(policy)).toEqual([]);
  });

  it('raises no warnings (creditor fee ≤ 2.50, only on a letter, never with the flat fee)', () => {
    expect(policyWarnings(policy)).toEqual([]);
  });

  it('survives a JSON round trip unchanged (policies are plain data)', () => {
    expect(loadPolicy(JSON.stringify(policy))).toEqual(policy);
  });

  it('is registered under its id, version 4 (no reminder or Mahnung for less than 10.00 left after a payment or credit), with defaults filled in; no escalation for costs alone', () => {
    expect(policy.id).toBe(id);
    expect(policy.version).toBe(4);
    expect(policy.escalateWithoutPrincipal).toBe(false);
    expect(getBuiltinPolicy(id)).toBe(policy);
    expect(builtinPolicies[id]).toBe(policy);
    expect(policy.letterDeliveryDays).toBe(3);
    expect(policy.contactLimits).toEqual({ maxMessages: 2, perDays: 7, quietFrom: '20:00', quietTo: '08:00', noSundaysOrHolidays: true });
  });

  it('escalates reminder → dunning notice → final notice → hand-over → court-dunning announcement → filing (final)', () => {
    expect(policy.stages.map((s) => [s.id, s.kind])).toEqual([
      ['reminder', 'reminder'],
      ['dunning-notice', 'dunning-notice'],
      ['final-notice', 'final-notice'],
      ['handover', 'handover'],
      ['court-dunning-announcement', 'court-dunning'],
      ['court-dunning', 'court-dunning'],
    ]);
    expect(policy.stages.map((s) => s.final ?? false)).toEqual([false, false, false, false, false, true]);
  });

  it('no final notice, hand-over or court dunning for less than 10.00 open: the final notice and every stage after it share the condition (version 3)', () => {
    expect(policy.stages.map((s) => s.conditions?.minAmount ?? null)).toEqual([null, null, '10.00', '10.00', '10.00', '10.00']);
  });

  it('no reminder or Mahnung for less than 10.00 left after a payment or credit, an unpaid invoice reminded whatever its amount: minRemainder on the first two stages (version 4)', () => {
    expect(policy.stages.map((s) => s.conditions?.minRemainder ?? null)).toEqual(['10.00', '10.00', null, null, null, null]);
  });

  it('KV 1100 GKG is charged by the filing, a stage of its own: the announcement sends and sets a deadline, the filing stage only files', () => {
    expect(policy.stages[4]?.actions.map((a) => a.type)).toEqual(['send', 'set-deadline']);
    expect(policy.stages[5]?.actions).toEqual([{ type: 'file-court-dunning' }]);
  });

  it('waits for each deadline plus a grace week: stages start on days 7, 21, 42, 59, 89, 110 after the due date', () => {
    // 89 + 21 (the announcement's 14-day deadline + 7)
    expect(earliestDays(policy)).toEqual([7, 21, 42, 59, 89, 110]);
    const deadlines = policy.stages.map((s) => s.actions.find((a) => a.type === 'set-deadline'));
    expect(deadlines.map((d) => (d?.type === 'set-deadline' ? d.days : null))).toEqual([null, 14, 10, 14, 14, null]);
    // next stage = previous deadline + 7 days
    expect(policy.stages[2]?.trigger.days).toBe(14 + 7);
    expect(policy.stages[3]?.trigger.days).toBe(10 + 7);
  });

  it('uses exactly the stable template names the templates package provides', () => {
    const used = policy.stages.flatMap((s) => s.actions.flatMap((a) => (a.type === 'send' ? [a.template] : [])));
    expect(used).toEqual(templateNames);
  });

  it('charges nothing on the reminder and on the default-causing dunning notice (BGH VIII ZR 95/18)', () => {
    for (const s of policy.stages.slice(0, 2)) {
      expect(s.actions.filter((a) => a.type.startsWith('charge-'))).toEqual([]);
    }
  });

  it('hands over before charging collection costs, once, case auto (§ 13e RDG)', () => {
    const handover = policy.stages[3];
    expect(handover?.actions.map((a) => a.type)).toEqual(['hand-over', 'charge-collection-costs', 'send', 'set-deadline']);
    expect(handover?.actions[1]).toEqual({ type: 'charge-collection-costs', case: 'auto' });
  });

  it('is frozen: a host cannot change the shared built-in', () => {
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.stages[0]?.actions[0])).toBe(true);
    expect(() => {
      (policy.stages as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });
});

describe('built-in differences by debtor kind', () => {
  it('consumer policy: no § 288 Abs. 5 BGB flat fee; creditor fee 1.00 on the final notice (material cost of a letter)', () => {
    const all = deB2cDefaultPolicy.stages.flatMap((s) => s.actions);
    expect(all.some((a) => a.type === 'charge-flat-fee')).toBe(false);
    expect(deB2cDefaultPolicy.debtorKind).toBe('consumer');
    expect(deB2cDefaultPolicy.stages[2]?.actions).toContainEqual({ type: 'charge-creditor-fee', amount: '1.00' });
  });

  it('business policy: the 40 EUR flat fee once, on the final notice; no creditor fee (§ 288 Abs. 5 S. 3 BGB, EuGH C-287/17)', () => {
    const all = deB2bDefaultPolicy.stages.flatMap((s) => s.actions);
    expect(all.filter((a) => a.type === 'charge-flat-fee')).toHaveLength(1);
    expect(deB2bDefaultPolicy.stages[2]?.actions).toContainEqual({ type: 'charge-flat-fee' });
    expect(all.some((a) => a.type === 'charge-creditor-fee')).toBe(false);
    expect(deB2bDefaultPolicy.debtorKind).toBe('business');
  });

  it('builtinPolicyIds lists both, and an unknown id is refused naming the known ones', () => {
    expect(builtinPolicyIds).toEqual(['de-b2c-default', 'de-b2b-default']);
    const err = policyErrorOf(() => getBuiltinPolicy('de-default'));
    expect(err.rule).toBe('policy.unknown-builtin');
    expect(err.message).toContain('"de-b2c-default", "de-b2b-default"');
  });
});
