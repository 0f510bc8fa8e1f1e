import { PolicyError } from '../../src/errors/errors.js';
import { deB2bDefaultPolicyInput, deB2cDefaultPolicyInput, type PolicyInput } from '../../src/policy/index.js';

/** A mutable deep copy of the built-in consumer policy, to break in one place per test. */
export function b2c(): PolicyInput & { stages: Array<PolicyInput['stages'][number]> } {
  return structuredClone(deB2cDefaultPolicyInput) as PolicyInput & { stages: Array<PolicyInput['stages'][number]> };
}

/** A mutable deep copy of the built-in business policy. */
export function b2b(): PolicyInput & { stages: Array<PolicyInput['stages'][number]> } {
  return structuredClone(deB2bDefaultPolicyInput) as PolicyInput & { stages: Array<PolicyInput['stages'][number]> };
}

/** Runs `fn`, expects a PolicyError, and returns it. */
export function policyErrorOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw new Error(`expected a PolicyError, got ${String(error)}`);
  }
  throw new Error('expected a PolicyError, but nothing was thrown');
}
