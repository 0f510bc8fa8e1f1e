import { scriptedActionTypes, validateSimulationInput, ValidationError } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { helpActionTypes } from './support/help-types.js';

// One list, no drift: `mahnwerk simulate --help` names the scripted action types core's simulate
// takes — the list core's message of an unknown type names (scriptedActionTypes, read off the
// script's schema) — in the --script flag's line and in "types and their fields". Before, the help
// wrote them by hand, so a type core added or dropped stayed wrong in the help.
// (simulate-help-drift.test.ts: with a core whose list differs, the help follows it.)

const claim = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' } as const;
/** The error of validating one script entry, or null. */
const refusalOf = (entry: Record<string, unknown>): ValidationError | null => {
  try {
    validateSimulationInput([claim], [], { script: [{ claimId: 'A', date: '2025-02-03', ...entry }] }, '2025-01-02', '2025-03-31');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return null;
};

describe('mahnwerk simulate --help lists exactly the scripted action types of core\'s schema, in its order', () => {
  it('the --script line and "types and their fields" name core\'s types, each once, in the schema\'s order', async () => {
    const out = await run(['simulate', '--help']);
    expect(out.code).toBe(0);
    const { flag, fields } = helpActionTypes(out.stdout);
    // By hand (packages/core/src/simulate/input.ts, scriptedActionSchema): ten types.
    const schema = ['pay', 'pay-in-full', 'dispute', 'resolve-dispute', 'hold', 'lift-hold', 'installment-plan', 'promise', 'correct-facts', 'adjustment'];
    expect(scriptedActionTypes).toEqual(schema);
    expect(flag).toEqual(schema);
    expect(fields).toEqual(schema);
  });

  it('each listed type is one the schema takes (a refusal, if any, is not of its type), and the unknown-type message names the same list', () => {
    for (const type of scriptedActionTypes) expect(refusalOf({ type })?.field, type).not.toBe('behaviour.script[0].type');
    const unknown = refusalOf({ type: 'refund' });
    expect(unknown?.field).toBe('behaviour.script[0].type');
    expect(unknown?.message).toContain(`give one of ${scriptedActionTypes.join(', ')}.`);
  });
});
