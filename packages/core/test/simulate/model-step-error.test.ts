import { describe, expect, it } from 'vitest';
import { LegalDataError, MahnwerkError, scriptStepError, simulate, ValidationError, type ClaimFacts } from '../../src/index.js';
import { caught } from '../errors/caught.js';
import { beyondJune2025 as beyond, ratesToJune2025 } from './rates-to-june-2025.js';

// A payment or dispute the behaviour model of simulate makes (no script entry, no entry of `payments`)
// that fails on its day ends the run with an error naming its place, as scriptStepError names a
// scripted entry (errors/placed.ts placedError: same class, code and fields, the engine's error as
// `cause`): the model's field that drew the step (`behaviour.model.payAfterMessage`,
// `behaviour.model.partialShare`, `behaviour.model.disputeAfterMessage`), the step and its day, the
// claim, and the day of the message the debtor reacted to. Before, such an error came out with the
// engine's words alone (`to: the base rate … for 2025-07-01 is not known …`, field `to`): no claim, no
// day of the step, no behaviour.

describe('an error of a step the behaviour model made names the behaviour, the step, its day, the claim and the message it reacts to', () => {
  // The base rate is known through 2025-06-30 (§ 247 BGB), not for 2025-07-01.
  const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-05-20', dueDate: '2025-06-03' };
  const run = (partialShare: number) => () =>
    simulate({ claims: [claim], policy: 'auto', from: '2025-05-20', to: '2025-07-31', statement: { baseRates: ratesToJune2025 }, behaviour: { model: { payAfterMessage: 1, partialShare, payWithinDays: [25, 25] } } });

  // By hand (the timeline with the full table, checked in a run: reminder Tue 2025-06-10 without a
  // deadline, Mahnung Tue 06-24 with deadline 07-08, received Fri 06-27, default from Sat 06-28,
  // § 286 Abs. 1 BGB). The model pays every message (payAfterMessage 1) 25 days after it: the
  // reminder's reaction is 06-10 + 25 = 2025-07-05 (20 days to 06-30, 5 into July); the Mahnung's,
  // 06-24 + 25 = 07-19, is cut to its deadline 07-08. So the first step in July is the payment of
  // 07-05, reacting to the message of 06-10. A payment in full is read off the claim that day: the
  // interest of default (06-28 on) up to the end of 07-04 — through 2025-07-01, a day the table has
  // no base rate for. The step fails before the day's decision (commands first).
  it('a payment in full past the known base rates (§ 247 BGB): LegalDataError base_rate_unknown, field behaviour.model.payAfterMessage', () => {
    const e = caught(run(0));
    expect(e).toBeInstanceOf(LegalDataError);
    const error = e as LegalDataError;
    expect([error.code, error.name, error.field]).toEqual(['base_rate_unknown', 'LegalDataError', 'behaviour.model.payAfterMessage']);
    expect(error.message).toBe(
      `behaviour.model.payAfterMessage: the payment in full of 2025-07-05 (the behaviour model's reaction to the message of 2025-06-10) on claim "A" was refused: ${beyond}`,
    );
    // The engine's error, unchanged, is the cause: its field `to` (the end of an interest period) is none of the model's.
    expect(MahnwerkError.isInstance(error.cause) && [error.cause.code, error.cause.field]).toEqual(['base_rate_unknown', 'to']);
    expect(error.stack?.split('\n')[0]).toBe(`LegalDataError: ${error.message}`);
  });

  // partialShare 1: the same reaction pays half of the total as of the end of the day before (07-04),
  // the same interest period, the same missing rate.
  it('a payment of half the total: field behaviour.model.partialShare', () => {
    expect(caught(run(1))).toMatchObject({
      code: 'base_rate_unknown',
      field: 'behaviour.model.partialShare',
      message: `behaviour.model.partialShare: the payment of half the total of 2025-07-05 (the behaviour model's reaction to the message of 2025-06-10) on claim "A" was refused: ${beyond}`,
    });
  });

  // A dispute the model opens (disputeAfterMessage) books no money, so a run cannot easily make its
  // decider refuse it; the step's error is placed by the same function, given a decider's error.
  it('a dispute and its resolution: field behaviour.model.disputeAfterMessage, the decider\'s field dropped (none of the model\'s)', () => {
    const model = { behaviour: 'disputeAfterMessage', claimId: 'A', after: '2025-06-10' } as const;
    const refusal = new ValidationError('date: 2025-06-12 is before the fee-charged of 2025-06-13 on claim "A"; …', { field: 'date' });
    const placed = scriptStepError({ kind: 'action', date: '2025-06-12', action: { type: 'dispute', claimId: 'A', date: '2025-06-12' }, model }, refusal) as ValidationError;
    expect(placed).toBeInstanceOf(ValidationError);
    expect(placed).not.toBe(refusal);
    expect([placed.code, placed.field, placed.cause]).toEqual(['invalid_input', 'behaviour.model.disputeAfterMessage', refusal]);
    expect(placed.message).toBe(
      'behaviour.model.disputeAfterMessage: the dispute of 2025-06-12 (the behaviour model\'s reaction to the message of 2025-06-10) on claim "A" was refused: 2025-06-12 is before the fee-charged of 2025-06-13 on claim "A"; …',
    );
    const resolved = scriptStepError(
      { kind: 'action', date: '2025-07-03', action: { type: 'resolve-dispute', claimId: 'A', date: '2025-07-03', outcome: 'creditor-right' }, model },
      new LegalDataError('base_rate_unknown', 'to: …', { field: 'to' }),
    ) as LegalDataError;
    expect([resolved.field, resolved.message]).toEqual([
      'behaviour.model.disputeAfterMessage',
      'behaviour.model.disputeAfterMessage: the resolve-dispute of 2025-07-03 (the behaviour model\'s reaction to the message of 2025-06-10) on claim "A" was refused: …',
    ]);
  });
});
