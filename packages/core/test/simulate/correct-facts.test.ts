import { describe, expect, it } from 'vitest';
import { ValidationError, addDays, simulate, simulateStream, type ClaimEvent, type IsoDate, type SimulatedRefusal, type SimulationInput, type ScriptedActionInput } from '../../src/index.js';
import { facts } from '../engine/helpers.js';

// A simulation script corrects a claim's facts (`correct-facts`): the host's correctClaimFacts,
// booked by the same decider (decideCommand → decideFactsCorrection), so the rules are those of
// docs/legal-notes.md "Correcting a fact" and test/engine/correct-claim-facts.test.ts:
// - booked as one audited claim-facts-corrected event with the old and new values and the reason;
//   no figure rests on a description, and a consumer's margin (5 points, § 288 Abs. 1 BGB) does not
//   depend on the contract date, so nothing else in the ledger changes;
// - refused where papers rest on the old value: a private person's claim handed over to a
//   collection agency (§ 13a Abs. 1 Nr. 2 RDG) — FactCorrectionRefusedError, because handed-over —
//   or where the claim has the value already; a refused correction books nothing and is listed in
//   `refused`, and the run goes on;
// - what the script gets wrong regardless of the day is a ValidationError before the run.

const REASON = 'Tippfehler beim Import; die Auftragsbestätigung nennt den 20.12.2024 und "Gartenstuhl"';
/** The consumer claim of the engine helpers (1000.00 EUR, invoiced 2025-01-02, agreed due date 2025-01-16) with a mistyped description and contract date. */
const wrong = facts({ description: 'Bestellung 4711: Gartenstul', contractDate: '2024-12-02' });
const STATEMENT = { allowBeyondKnownBaseRate: true } as const;

const run = (script: ScriptedActionInput[], claim = wrong): ReturnType<typeof simulate> =>
  simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-07-31', behaviour: { script }, statement: STATEMENT });
const correction = (date: IsoDate, over: Partial<Extract<ScriptedActionInput, { type: 'correct-facts' }>> = {}): ScriptedActionInput => ({
  type: 'correct-facts',
  claimId: wrong.id,
  date,
  description: 'Bestellung 4711: Gartenstuhl',
  contractDate: '2024-12-20',
  reason: REASON,
  ...over,
});
const withoutCorrections = (events: readonly ClaimEvent[]): ClaimEvent[] => events.filter((e) => e.type !== 'claim-facts-corrected');

describe('simulate: a script corrects facts through the host decider (correct-facts)', () => {
  const plain = run([]);
  const handedOver = plain.claims[0]?.events.find((e) => e.type === 'handed-over')?.date as IsoDate;

  it('the plain run hands the claim over (the day the refusal cases below rest on)', () => {
    // de-b2c-default: reminder due + 7, dunning notice + 14, final notice + 21, hand-over + 17 — March 2025.
    expect(handedOver).toMatch(/^2025-03-/);
  });

  it('before the hand-over: one claim-facts-corrected event with old value, new value and reason; nothing else in the ledger changes; the claim ends with the corrected facts', () => {
    const result = run([correction('2025-02-20')]);
    const claim = result.claims[0];
    const corrected = claim?.events.filter((e) => e.type === 'claim-facts-corrected') ?? [];
    expect(corrected).toHaveLength(1);
    expect(corrected[0]).toMatchObject({
      claimId: 'INV-1',
      date: '2025-02-20',
      facts: { description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' },
      previous: { description: 'Bestellung 4711: Gartenstul', contractDate: '2024-12-02' },
      correctionReason: REASON,
    });
    // No figure rests on the description, and a consumer's margin not on the contract date: the same ledger otherwise.
    expect(withoutCorrections(claim?.events ?? [])).toEqual(plain.claims[0]?.events);
    expect(claim?.facts).toEqual({ ...wrong, description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' });
    expect(plain.claims[0]?.facts).toBe(wrong);
    expect(result.refused).toEqual([]);
  });

  it('after the hand-over to a collection agency: refused (handed-over, § 13a Abs. 1 Nr. 2 RDG), nothing booked, listed in refused, and the run goes on', () => {
    const day = addDays(handedOver, 1);
    const result = run([correction(day)]);
    const claim = result.claims[0];
    expect(claim?.events).toEqual(plain.claims[0]?.events);
    expect(claim?.facts).toBe(wrong);
    expect(result.refused).toHaveLength(1);
    const refusal = result.refused[0] as SimulatedRefusal;
    expect(refusal).toMatchObject({ date: day, claimId: 'INV-1', action: 'correct-facts', code: 'fact_correction_refused', field: 'description', because: 'handed-over' });
    expect(refusal.message).toContain('§ 13a Abs. 1 Nr. 2 RDG');
    // The run went on past the refusal: the court-dunning announcement comes later (+ 30 days).
    expect(claim?.events.some((e) => e.date > day && e.type === 'stage-entered')).toBe(true);
  });

  it('a second correction to the value the first one set: refused by the decider (invalid_input, the value the claim has), the first stands', () => {
    const result = run([correction('2025-02-20', { contractDate: undefined }), correction('2025-02-21', { contractDate: undefined })]);
    expect(result.claims[0]?.events.filter((e) => e.type === 'claim-facts-corrected').map((e) => e.date)).toEqual(['2025-02-20']);
    expect(result.refused).toMatchObject([{ date: '2025-02-21', claimId: 'INV-1', action: 'correct-facts', code: 'invalid_input', field: 'description' }]);
    expect(result.refused[0]?.because).toBeUndefined();
  });

  it('simulateStream hands the same refusals to onRefused as the day comes', () => {
    const input: SimulationInput = { claims: [wrong], policy: 'auto', from: '2025-01-02', to: '2025-07-31', behaviour: { script: [correction(addDays(handedOver, 1))] }, statement: STATEMENT };
    const seen: SimulatedRefusal[] = [];
    simulateStream(input, { onRefused: (r) => seen.push(r) });
    expect(seen).toEqual(simulate(input).refused);
    expect(seen).toHaveLength(1);
  });

  it('what is wrong on any day is a ValidationError before the run, naming the script step and field', () => {
    const cases: [ScriptedActionInput, string][] = [
      [correction('2025-02-20', { description: undefined, contractDate: undefined }), 'behaviour.script[0].description'],
      [correction('2025-02-20', { contractDate: '2025-01-03' }), 'behaviour.script[0].contractDate'], // after the invoice date 2025-01-02
      [correction('2025-02-20', { reason: '  ' }), 'behaviour.script[0].reason'],
      [correction('2025-02-20', { description: '' }), 'behaviour.script[0].description'],
    ];
    for (const [step, field] of cases) {
      const error = (() => {
        try {
          run([step]);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    // A fact the claim lacks: a script cannot add it (the host's amendClaimFacts), so it cannot be corrected either.
    const { contractDate: _dropped, ...noContract } = wrong;
    expect(() => run([correction('2025-02-20', { description: undefined })], noContract)).toThrow(/has no contractDate to correct/);
  });
});
