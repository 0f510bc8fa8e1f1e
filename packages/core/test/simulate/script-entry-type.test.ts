import { describe, expect, it } from 'vitest';
import { simulate, ValidationError, type ClaimFacts, type ScriptedActionInput } from '../../src/index.js';

// House rule: a message that says what was wrong, where, and how to fix it. A script entry whose
// `type` is none of simulate's scripted actions got zod's raw words — "behaviour.script[1].type:
// Invalid discriminator value. Expected 'pay' | 'pay-in-full' | …" — the same for a misspelt type, a
// missing one and a number, and naming neither what the entry had nor which entry it was beyond its
// index. Now the message names the entry (index, day, claim), the type given, and the known types to
// use instead; checked before anything runs (validateSimulationInput), so nothing is half-simulated.

const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' };
const known = 'pay, pay-in-full, dispute, resolve-dispute, hold, lift-hold, installment-plan, promise, correct-facts, adjustment';

/** The error of a run with this script, and how many days ran before it. */
function refused(script: unknown[]): { error: ValidationError; days: number } {
  let days = 0;
  try {
    simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-03-31', behaviour: { script: script as ScriptedActionInput[] }, onProgress: (d) => (days = d) });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { error: error as ValidationError, days };
  }
  throw new Error('the run did not refuse the script');
}

describe('an unknown scripted action type names the entry, the type given and the known types (a message that says what was wrong, where, and how to fix it)', () => {
  it('a type simulate does not know ("refund", the second entry): behaviour.script[1].type, its day and claim, the types to use', () => {
    const { error, days } = refused([
      { type: 'pay', claimId: 'A', date: '2025-02-03', amount: '10.00' },
      { type: 'refund', claimId: 'A', date: '2025-02-10' },
    ]);
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('behaviour.script[1].type');
    expect(error.message).toBe(`behaviour.script[1].type: the entry of 2025-02-10 on claim "A" has the type "refund", which is not a scripted action; give one of ${known}.`);
    expect(days).toBe(0);
  });

  it('no type at all: "has no type"', () => {
    const { error } = refused([{ claimId: 'A', date: '2025-02-10', amount: '10.00' }]);
    expect(error.field).toBe('behaviour.script[0].type');
    expect(error.message).toBe(`behaviour.script[0].type: the entry of 2025-02-10 on claim "A" has no type; give one of ${known}.`);
  });

  it('a type that is no string (the number 1): says what it got', () => {
    const { error } = refused([{ type: 1, claimId: 'A', date: '2025-02-10' }]);
    expect(error.message).toBe(`behaviour.script[0].type: the entry of 2025-02-10 on claim "A" has the number 1 as its type; give one of ${known}.`);
  });

  it('an entry without a day or claim (a misspelt "Pay"): the entry is named by what it has', () => {
    const { error } = refused([{ type: 'Pay', claimId: 'A', amount: '10.00' }, { type: 'pay' }]);
    expect(error.message).toBe(`behaviour.script[0].type: the entry on claim "A" has the type "Pay", which is not a scripted action; give one of ${known}.`);
  });

  it('other issues of an entry keep their words (the type is known: a missing amount of a payment)', () => {
    const { error } = refused([{ type: 'pay', claimId: 'A', date: '2025-02-10' }]);
    expect(error.field).toBe('behaviour.script[0].amount');
    expect(error.message).toBe('behaviour.script[0].amount: is required (string).');
  });
});
