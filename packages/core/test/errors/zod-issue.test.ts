import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { simulate, ValidationError, type ClaimFacts, type ScriptedActionInput, type SimulationPayment } from '../../src/index.js';
import { described, withArticle, zodIssueText } from '../../src/errors/zod-issue.js';

// House rule: a message that says what was wrong, where, and how to fix it — in plain English. The
// one wording of zod issues (errors/zod-issue.ts, used by the host API's commands and simulate's
// input) wrote "expected a ${type}" for every type, so a null script entry got "expected a object,
// got null". The article follows the type name's first sound: "an" before a vowel sound (object,
// array, int, undefined, unknown, any, enum), "a" before a consonant sound — also "a union", whose
// u is read "yoo".

const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' };
const refusal = (payments: unknown[], script: unknown[]): string => {
  try {
    simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-03-31', payments: payments as SimulationPayment[], behaviour: { script: script as ScriptedActionInput[] } });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('the run did not refuse its input');
};

describe('zod issues name the expected type with its article by sound ("an object", "an array", "an int"; "a string", "a union")', () => {
  it('a null script entry: "behaviour.script[0]: expected an object, got null." (was "expected a object")', () => {
    expect(refusal([], [null])).toBe('behaviour.script[0]: expected an object, got null.');
  });

  it('a null payment, installments that are no array, a hold\'s interestRuns that is no boolean', () => {
    expect(refusal([null], [])).toBe('payments[0]: expected an object, got null.');
    expect(refusal([], [{ type: 'installment-plan', claimId: 'A', date: '2025-02-10', installments: 'monthly' }])).toBe(
      'behaviour.script[0].installments: expected an array, got the string "monthly".',
    );
    expect(refusal([], [{ type: 'hold', claimId: 'A', date: '2025-02-10', interestRuns: 'yes' }])).toBe('behaviour.script[0].interestRuns: expected a boolean, got the string "yes".');
  });

  it('the texts of zod\'s own issues (invalid_type), from real schemas: an object, an array, an undefined; a string, a number, a date', () => {
    const text = (schema: z.ZodType, input: unknown): string => {
      const result = schema.safeParse(input);
      if (result.success) throw new Error('parsed');
      return zodIssueText(result.error.issues[0], input);
    };
    expect(text(z.object({ o: z.object({}) }), { o: 1 })).toBe('expected an object, got the number 1');
    expect(text(z.object({ a: z.array(z.string()) }), { a: true })).toBe('expected an array, got the boolean true');
    expect(text(z.object({ u: z.undefined() }), { u: null })).toBe('expected an undefined, got null');
    expect(text(z.object({ s: z.string() }), { s: 2 })).toBe('expected a string, got the number 2 (amounts are decimal strings such as "249.90", dates strings such as "2025-03-17")');
    expect(text(z.object({ n: z.number() }), { n: [] })).toBe('expected a number, got an array');
    expect(text(z.object({ d: z.date() }), { d: {} })).toBe('expected a date, got an object');
  });

  it('every type name zod writes as `expected` (and a few schema types), with its article', () => {
    const an = ['int', 'undefined', 'array', 'object', 'any', 'unknown', 'enum', 'intersection', 'optional'];
    const a = ['string', 'number', 'boolean', 'bigint', 'symbol', 'null', 'never', 'void', 'date', 'tuple', 'record', 'map', 'set', 'file', 'nonoptional', 'nan', 'function', 'union', 'literal', 'promise'];
    expect(an.map(withArticle)).toEqual(an.map((t) => `an ${t}`));
    expect(a.map(withArticle)).toEqual(a.map((t) => `a ${t}`));
  });

  it('what a value is: by the same rule (an object, an undefined, a function, a symbol)', () => {
    expect([{}, undefined, () => 1, Symbol('s')].map(described)).toEqual(['an object', 'an undefined', 'a function', 'a symbol']);
  });
});
