import { describe, expect, it } from 'vitest';
import {
  CostNoticeRequiredError,
  LegalDataError,
  MahnwerkError,
  scriptStepError,
  simulate,
  ValidationError,
  type ClaimFacts,
  type ScriptedAction,
  type ScriptedActionInput,
} from '../../src/index.js';
import { caught } from '../errors/caught.js';
import { beyondJune2025 as beyond, ratesToJune2025 } from './rates-to-june-2025.js';

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

// House rule: a message that says what was wrong, where, and how to fix it — for every error a
// scripted step raises on its day, not only a ValidationError. Before, an error of another class
// (LegalDataError base_rate_unknown, CostNoticeRequiredError, …) came out as the engine threw it,
// naming an internal field (`to`) or the command's, and not which entry of the script failed. Now
// the entry is named as for a ValidationError — index, day, action type and claim — and the error
// keeps its class, its code and the fields of its class, with the engine's error as `cause`.
describe('every error a scripted step raises names its entry and keeps its class and code (a message that says what was wrong, where, and how to fix it)', () => {
  // The base rate is known through 2025-06-30 (§ 247 BGB), not for 2025-07-01; the engine's own words
  // for it (`beyond`) stand after the entry.
  const past = (script: ScriptedActionInput[]) => () =>
    simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-07-31', statement: { baseRates: ratesToJune2025 }, behaviour: { script } });

  // By hand: claim A (100.00 EUR, consumer, due 2025-01-16) pays 10.00 on 2025-02-03 (before
  // default: all principal, 90.00 left) and is in default from 2025-02-10 (the Mahnung of 2025-02-06,
  // received 2025-02-09, § 286 Abs. 1 BGB); its last stage is the final notice of 2025-02-27, so the
  // run decides it on no day in July before the step. The payment of Wednesday 2025-07-02 is
  // allocated (§ 367 Abs. 1 BGB) against the interest up to the end of the day before, 2025-07-01 —
  // a day the table has no base rate for: the step fails, before the day's decision (commands first).
  it('a payment past the known base rates (§ 247 BGB): a LegalDataError, code base_rate_unknown, field behaviour.script[1], the entry in the message', () => {
    const e = caught(
      past([
        { type: 'pay', claimId: 'A', date: '2025-02-03', amount: '10.00' },
        { type: 'pay', claimId: 'A', date: '2025-07-02', amount: '10.00' },
      ]),
    );
    expect(e).toBeInstanceOf(LegalDataError);
    const error = e as LegalDataError;
    expect(error.code).toBe('base_rate_unknown');
    expect(error.name).toBe('LegalDataError');
    // The engine's field (`to`, the end of an interest period) is none of a payment's: the entry is the place.
    expect(error.field).toBe('behaviour.script[1]');
    expect(error.message).toBe(`behaviour.script[1]: the pay of 2025-07-02 on claim "A" was refused: ${beyond}`);
    expect(MahnwerkError.isInstance(error.cause) && error.cause.code).toBe('base_rate_unknown');
    expect(MahnwerkError.isInstance(error.cause) && error.cause.field).toBe('to');
    // What Node prints for an uncaught error starts with the placed message.
    expect(error.stack?.split('\n')[0]).toBe(`LegalDataError: ${error.message}`);
  });

  it('a payment in full past the known base rates: the amount is read off the claim on the step\'s day, and that failure names the entry too', () => {
    const e = caught(past([{ type: 'pay-in-full', claimId: 'A', date: '2025-07-02' }]));
    expect(e).toBeInstanceOf(LegalDataError);
    expect(e).toMatchObject({ code: 'base_rate_unknown', field: 'behaviour.script[0]', message: `behaviour.script[0]: the pay-in-full of 2025-07-02 on claim "A" was refused: ${beyond}` });
  });

  // § 13a Abs. 3 RDG: a collection agency's payment agreement with a private person is refused
  // without the cost notice before it (installment-agreement.ts). simulate gives the notice itself on
  // the plan's day (commandForInput), so a run cannot reach this refusal; the step's error is placed
  // by the same function, given the decider's error as installmentAgreementEvents throws it.
  it('a CostNoticeRequiredError (§ 13a Abs. 3 RDG) keeps its class, code, notice and fee; its field costNoticeGivenOn is the entry\'s', () => {
    const refusal = new CostNoticeRequiredError('costNoticeGivenOn: claim "A" is with a collection agency and the debtor is a private person. § 13a Abs. 3 RDG: …', {
      field: 'costNoticeGivenOn',
      notice: 'Hinweis nach § 13a Abs. 3 RDG: …',
      fee: '65.10',
    });
    const action: ScriptedAction = { type: 'installment-plan', claimId: 'A', date: '2025-04-10', installments: [{ dueDate: '2025-05-10', amount: '50.00' }] };
    const placed = scriptStepError({ kind: 'action', date: '2025-04-10', action, scriptIndex: 2 }, refusal);
    expect(placed).toBeInstanceOf(CostNoticeRequiredError);
    expect(placed).toBeInstanceOf(ValidationError);
    expect(placed).not.toBe(refusal);
    const e = placed as CostNoticeRequiredError;
    expect(MahnwerkError.isInstance(e)).toBe(true);
    expect([e.code, e.name, e.notice, e.fee, e.retryable]).toEqual(['cost_notice_required', 'CostNoticeRequiredError', 'Hinweis nach § 13a Abs. 3 RDG: …', '65.10', false]);
    expect(e.field).toBe('behaviour.script[2].costNoticeGivenOn');
    expect(e.message).toBe(
      'behaviour.script[2].costNoticeGivenOn: the installment-plan of 2025-04-10 on claim "A" was refused: claim "A" is with a collection agency and the debtor is a private person. § 13a Abs. 3 RDG: …',
    );
    expect(e.cause).toBe(refusal);
    // The decider's error is left as it was.
    expect([refusal.field, refusal.message.startsWith('costNoticeGivenOn: claim "A"')]).toEqual(['costNoticeGivenOn', true]);
  });

  // (A step the behaviour model made is named by its behaviour: test/simulate/model-step-error.test.ts.)
  it('an error of a step that gives no place (no script entry, no model reaction), or one that is no MahnwerkError (a defect), is given as it is', () => {
    const action = { type: 'dispute', claimId: 'A', date: '2025-04-10' } as const;
    const error = new LegalDataError('base_rate_unknown', 'to: …', { field: 'to' });
    expect(scriptStepError({ kind: 'action', date: '2025-04-10', action }, error)).toBe(error);
    const defect = new TypeError('x is undefined');
    expect(scriptStepError({ kind: 'action', date: '2025-04-10', action, scriptIndex: 0 }, defect)).toBe(defect);
  });
});
