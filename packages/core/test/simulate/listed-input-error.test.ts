import { describe, expect, it } from 'vitest';
import {
  LegalDataError,
  MahnwerkError,
  scriptStepError,
  simulate,
  ValidationError,
  type ClaimFacts,
  type ScriptedAction,
  type ScriptedActionInput,
  type SimulationPayment,
} from '../../src/index.js';
import { caught } from '../errors/caught.js';
import { beyondJune2025 as beyond, ratesToJune2025 } from './rates-to-june-2025.js';

// House rule: a message that says what was wrong, where, and how to fix it — for every step of a
// simulation's input that fails on its day, not only a script entry (script-step-error.test.ts).
// Before, an entry of the separate `payments` list and an installment a scripted plan's debtor pays
// came out as the engine threw them (a LegalDataError naming the internal field `to`), not saying
// which entry caused them. Now they are named as a script entry is — by one function,
// scriptStepError: `payments[i]` / `behaviour.script[i].installments[k]`, the step, its day and
// claim — and keep their class, code and fields, with the engine's error as `cause`.

const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' };
// The error of a run with the base rate known through 2025-06-30 (§ 247 BGB), not for 2025-07-01; the
// engine's own words for it (`beyond`) stand after the entry.
const thrownBy = (payments: SimulationPayment[], script: ScriptedActionInput[]) =>
  caught(() => simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-07-31', statement: { baseRates: ratesToJune2025 }, payments, behaviour: { script } }));

describe('an entry of the payments list or an installment of a scripted plan that fails on its day names its entry, keeping class and code (a message that says what was wrong, where, and how to fix it)', () => {
  // By hand (as script-step-error.test.ts): claim A (100.00 EUR, consumer, due 2025-01-16) pays
  // 10.00 on 2025-02-03 (before default: all principal, 90.00 left); in default from 2025-02-10 (the
  // Mahnung of 2025-02-06, received 2025-02-09, § 286 Abs. 1 BGB); its last stage is the final notice
  // of 2025-02-27, so no decision falls in July before the step. The payment of Wednesday 2025-07-02
  // is allocated (§ 367 Abs. 1 BGB) against the interest up to the end of 2025-07-01 — a day the
  // table has no base rate for (§ 247 BGB): the step fails before the day's decision.
  it('payments[1] past the known base rates (§ 247 BGB): LegalDataError base_rate_unknown, field payments[1], "the payment of 2025-07-02 on claim "A""', () => {
    const e = thrownBy(
      [
        { claimId: 'A', date: '2025-02-03', amount: '10.00' },
        { claimId: 'A', date: '2025-07-02', amount: '10.00' },
      ],
      [],
    );
    expect(e).toBeInstanceOf(LegalDataError);
    const error = e as LegalDataError;
    expect([error.code, error.name]).toEqual(['base_rate_unknown', 'LegalDataError']);
    // The engine's field (`to`, the end of an interest period) is none of a payment's: the entry is the place.
    expect(error.field).toBe('payments[1]');
    expect(error.message).toBe(`payments[1]: the payment of 2025-07-02 on claim "A" was refused: ${beyond}`);
    expect(MahnwerkError.isInstance(error.cause) && [error.cause.code, error.cause.field]).toEqual(['base_rate_unknown', 'to']);
    expect(error.stack?.split('\n')[0]).toBe(`LegalDataError: ${error.message}`);
  });

  // By hand: claim A without the early payment is in default from 2025-02-10 as well (the Mahnung of
  // 2025-02-06, received 2025-02-09, § 286 Abs. 1 BGB) and agrees a plan on 2025-02-17, in default,
  // so default interest keeps running (§ 288 Abs. 1 BGB; a plan agreed before default starts none):
  // two installments, 50.00 due 2025-03-03 and 50.00 due 2025-07-02. The first is booked (interest
  // 2025-02-10..03-02 at 2.27 % + 5 pp, rates known); the second is allocated (§ 367 Abs. 1 BGB)
  // against the interest up to the end of 2025-07-01 — unknown base rate (§ 247 BGB), as above. The
  // installment is the plan's (script entry 0), its second (installments[1]).
  it('an installment the scripted plan\'s debtor pays past the known base rates: field behaviour.script[0].installments[1], "the installment of 2025-07-02 of the installment-plan of 2025-02-17"', () => {
    const e = thrownBy(
      [],
      [
        {
          type: 'installment-plan',
          claimId: 'A',
          date: '2025-02-17',
          installments: [
            { dueDate: '2025-03-03', amount: '50.00' },
            { dueDate: '2025-07-02', amount: '50.00' },
          ],
        },
      ],
    );
    expect(e).toBeInstanceOf(LegalDataError);
    const error = e as LegalDataError;
    expect(error.code).toBe('base_rate_unknown');
    expect(error.field).toBe('behaviour.script[0].installments[1]');
    expect(error.message).toBe(`behaviour.script[0].installments[1]: the installment of 2025-07-02 of the installment-plan of 2025-02-17 on claim "A" was refused: ${beyond}`);
    expect(MahnwerkError.isInstance(error.cause) && error.cause.field).toBe('to');
  });

  // A decider's error naming one of the entry's fields: the field after the entry, the words without
  // their "<field>:" (as for a script entry's `until`). An installment's payment is dated its due day.
  it('a field the entry has: payments[i].amount; an installment\'s payment date is its dueDate', () => {
    const refusal = new ValidationError('date: 2025-03-01 is before the payment of 2025-03-02 on claim "A"; …', { field: 'date' });
    const plan: Extract<ScriptedAction, { type: 'installment-plan' }> = {
      type: 'installment-plan',
      claimId: 'A',
      date: '2025-02-03',
      installments: [
        { dueDate: '2025-02-20', amount: '50.00' },
        { dueDate: '2025-03-01', amount: '50.00' },
      ],
    };
    const placed = scriptStepError({ kind: 'payment', date: '2025-03-01', amount: '50.00', source: { scriptIndex: 3, plan, installment: 1 } }, refusal) as ValidationError;
    expect(placed).toBeInstanceOf(ValidationError);
    expect(placed.field).toBe('behaviour.script[3].installments[1].dueDate');
    expect(placed.message).toBe(
      'behaviour.script[3].installments[1].dueDate: the installment of 2025-03-01 of the installment-plan of 2025-02-03 on claim "A" was refused: 2025-03-01 is before the payment of 2025-03-02 on claim "A"; …',
    );
    const amount = new ValidationError('amount: "10.001" has more decimals than EUR has.', { field: 'amount' });
    const listed = scriptStepError({ kind: 'payment', date: '2025-03-01', amount: '10.001', source: { paymentIndex: 4, claimId: 'A' } }, amount) as ValidationError;
    expect([listed.field, listed.message]).toEqual(['payments[4].amount', 'payments[4].amount: the payment of 2025-03-01 on claim "A" was refused: "10.001" has more decimals than EUR has.']);
  });

  it('a payment that gives no place (no source) is given as it is', () => {
    const error = new LegalDataError('base_rate_unknown', 'to: …', { field: 'to' });
    expect(scriptStepError({ kind: 'payment', date: '2025-07-02', amount: 'full' }, error)).toBe(error);
  });
});
