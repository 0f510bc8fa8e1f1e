import { describe, expect, it } from 'vitest';
import { MahnwerkError, simulate, ValidationError, type ClaimFacts, type ScriptedActionInput } from '../../src/index.js';

// A scripted step its decider refuses on its day, not as an outcome of the run (only a fact
// correction is one, simulate.ts refusalIsOutcome): a bad script the checks before the run cannot
// see without deciding the step. The run ends with the decider's ValidationError named as those
// checks name a bad entry — `behaviour.script[i].<field>` — so that a caller can point at the entry
// (mahnwerk simulate --script names file, line and record by it). Before, the error named only the
// decider's field (`until`), not which of the script's steps it was.

const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' };
const run = (script: ScriptedActionInput[]) => () => simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-03-31', behaviour: { script } });

describe('a scripted step the decider refuses on its day ends the run with a ValidationError naming the script entry', () => {
  it('a hold whose last day is before the hold (the place-hold decider): behaviour.script[1].until, the decider error as cause', () => {
    let thrown: unknown;
    try {
      run([
        { type: 'pay', claimId: 'A', date: '2025-02-03', amount: '10.00' },
        { type: 'hold', claimId: 'A', date: '2025-02-10', until: '2025-02-01' },
      ])();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const e = thrown as ValidationError;
    expect(e.code).toBe('invalid_input');
    expect(e.field).toBe('behaviour.script[1].until');
    // The decider's own words (commands.ts, place-hold), after the step and its day.
    expect(e.message).toBe(
      'behaviour.script[1].until: the hold of 2025-02-10 on claim "A" was refused: 2025-02-01 is before the day the hold is placed (2025-02-10); give the last day of the hold.',
    );
    expect(MahnwerkError.isInstance(e.cause) && e.cause.field).toBe('until');
  });

  it('an installment due before the plan is agreed: behaviour.script[0].installments[0].dueDate', () => {
    expect(run([{ type: 'installment-plan', claimId: 'A', date: '2025-02-10', installments: [{ dueDate: '2025-02-01', amount: '100.00' }] }])).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'behaviour.script[0].installments[0].dueDate' }),
    );
  });
});
