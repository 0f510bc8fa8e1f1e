import { describe, expect, it } from 'vitest';
import {
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  defaultPolicyFor,
  isBuiltinPolicyId,
  loadPolicy,
  resolvePolicy,
  type PolicySpec,
} from '../../src/policy/index.js';
import { b2b, b2c, policyErrorOf } from './fixtures.js';

describe("resolvePolicy: 'auto', built-in ids, and policy objects", () => {
  it("'auto' picks de-b2c-default for a consumer (§ 13 BGB) and de-b2b-default for a business (§ 14 BGB)", () => {
    expect(resolvePolicy('auto', 'consumer')).toBe(deB2cDefaultPolicy);
    expect(resolvePolicy('auto', 'business')).toBe(deB2bDefaultPolicy);
    expect(defaultPolicyFor('consumer').id).toBe('de-b2c-default');
    expect(defaultPolicyFor('business').id).toBe('de-b2b-default');
  });

  it('a built-in id resolves to that built-in', () => {
    expect(resolvePolicy('de-b2c-default', 'consumer')).toBe(deB2cDefaultPolicy);
    expect(resolvePolicy('de-b2b-default', 'business')).toBe(deB2bDefaultPolicy);
  });

  it('a policy object is loaded (validated, guarded, defaults filled in)', () => {
    expect(resolvePolicy(b2c(), 'consumer')).toEqual(loadPolicy(b2c()));
    const unlawful = b2c();
    (unlawful.stages[0]?.actions as unknown[]).push({ type: 'charge-creditor-fee', amount: '1.00' });
    expect(policyErrorOf(() => resolvePolicy(unlawful, 'consumer')).rule).toBe('guard.no-fee-before-default');
  });

  it('a policy without debtorKind applies to both kinds', () => {
    const p = b2b();
    delete (p as { debtorKind?: string }).debtorKind;
    expect(resolvePolicy(p, 'consumer').id).toBe('de-b2b-default');
    expect(resolvePolicy(p, 'business').id).toBe('de-b2b-default');
  });

  it('refuses a business policy for a consumer debtor and vice versa (policy.debtor-kind-mismatch)', () => {
    const err = policyErrorOf(() => resolvePolicy('de-b2b-default', 'consumer'));
    expect(err.rule).toBe('policy.debtor-kind-mismatch');
    expect(err.code).toBe('policy_invalid');
    expect(err.message).toContain("'auto'");
    expect(policyErrorOf(() => resolvePolicy(b2c(), 'business')).rule).toBe('policy.debtor-kind-mismatch');
  });

  it('refuses an unknown id (from untyped JavaScript) naming the known ones', () => {
    const err = policyErrorOf(() => resolvePolicy('de-default' as PolicySpec, 'consumer'));
    expect(err.rule).toBe('policy.unknown-builtin');
    expect(isBuiltinPolicyId('de-default')).toBe(false);
    expect(isBuiltinPolicyId('de-b2b-default')).toBe(true);
    expect(isBuiltinPolicyId('toString')).toBe(false);
  });
});
