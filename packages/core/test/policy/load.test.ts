import { describe, expect, it } from 'vitest';
import { PolicyError, ValidationError } from '../../src/errors/errors.js';
import { formatPolicyPath, loadPolicy, parsePolicy, policyJsonSchema, type PolicyInput, type StageInput } from '../../src/policy/index.js';
import { b2c, policyErrorOf } from './fixtures.js';

function withStage(index: number, patch: (s: Record<string, unknown>) => void): unknown {
  const p = b2c() as unknown as { stages: Record<string, unknown>[] };
  const s = p.stages[index];
  if (s === undefined) throw new Error('no stage');
  patch(s);
  return p;
}

describe('loadPolicy: a bad shape is refused with the JSON path of the first problem and how to fix it', () => {
  it.each([
    {
      name: 'unknown trigger reference',
      input: () => withStage(0, (s) => (s.trigger = { after: 'due', days: 7 })),
      field: 'stages[0].trigger.after',
      says: ['"due" is not allowed', 'Use one of "due-date", "previous-stage", "default"'],
    },
    {
      name: 'unknown action type',
      input: () => withStage(1, (s) => ((s.actions as unknown[])[0] = { type: 'send-sms' })),
      field: 'stages[1].actions[0].type',
      says: ['unknown type "send-sms"', '"charge-flat-fee"'],
    },
    {
      name: 'amount with a German decimal comma',
      input: () => withStage(2, (s) => ((s.actions as unknown[])[2] = { type: 'charge-creditor-fee', amount: '2,50' })),
      field: 'stages[2].actions[2].amount',
      says: ['"2,50"', 'Write an amount such as "2.50"'],
    },
    {
      name: 'amount as a JS number',
      input: () => withStage(2, (s) => ((s.actions as unknown[])[2] = { type: 'charge-creditor-fee', amount: 2.5 })),
      field: 'stages[2].actions[2].amount',
      says: ['expected a string, got number 2.5'],
    },
    {
      name: 'missing version',
      input: () => {
        const p = b2c() as Partial<PolicyInput>;
        delete p.version;
        return p;
      },
      field: 'version',
      says: ['missing', 'Add "version"'],
    },
    {
      name: 'fractional days',
      input: () => withStage(1, (s) => (s.trigger = { after: 'previous-stage', days: 1.5 })),
      field: 'stages[1].trigger.days',
      says: ['expected a whole number, got number 1.5'],
    },
    {
      name: 'unknown top-level field (strict: typos are refused, not ignored)',
      input: () => ({ ...b2c(), stagse: [] }),
      field: '(root)',
      says: ['unknown field "stagse"'],
    },
    {
      name: 'contact limit beyond the safe bound',
      input: () => ({ ...b2c(), contactLimits: { maxMessages: 9 } }),
      field: 'contactLimits.maxMessages',
      says: ['too big', 'at most 3'],
    },
    {
      name: 'no stages',
      input: () => ({ ...b2c(), stages: [] }),
      field: 'stages',
      says: ['at least 1 item(s)'],
    },
    {
      name: 'stage id not kebab-case',
      input: () => withStage(0, (s) => (s.id = 'Reminder 1')),
      field: 'stages[0].id',
      says: ['"Reminder 1"', 'Write a kebab-case id'],
    },
    {
      name: 'mahnungDefault neither on-receipt nor after-deadline',
      input: () => ({ ...b2c(), mahnungDefault: 'nach-frist' }),
      field: 'mahnungDefault',
      says: ['"nach-frist" is not allowed', '"on-receipt"', '"after-deadline"'],
    },
    { name: 'null', input: () => null, field: '(root)', says: ['expected an object, got null'] },
  ])('$name → $field', ({ input, field, says }) => {
    const err = policyErrorOf(() => loadPolicy(input()));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe('policy_invalid');
    expect(err.rule).toBe('policy.schema');
    expect(err.field).toBe(field);
    expect(err.message).toContain(`at ${field}:`);
    for (const s of says) expect(err.message).toContain(s);
  });

  it('counts further problems after the first', () => {
    const err = policyErrorOf(() => loadPolicy({ id: 'x', name: 'n', stages: [] }));
    expect(err.field).toBe('version');
    expect(err.message).toContain('(1 more problem after this one)');
  });

  it('checks the shape before the guards (a shape error is reported even if a guard would fail too)', () => {
    const p = withStage(0, (s) => {
      (s.actions as unknown[]).push({ type: 'charge-flat-fee' });
      s.name = '';
    });
    expect(policyErrorOf(() => loadPolicy(p)).rule).toBe('policy.schema');
  });

  it('reads JSON text, and refuses text that is not JSON with a hint to resolvePolicy', () => {
    expect(loadPolicy(JSON.stringify(b2c()))).toEqual(loadPolicy(b2c()));
    const err = policyErrorOf(() => loadPolicy('de-b2c-default'));
    expect(err.rule).toBe('policy.schema');
    expect(err.message).toContain('not valid JSON');
    expect(err.message).toContain("resolvePolicy('de-b2c-default')");
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('fills in defaults (letterDeliveryDays 3, contact limits 2 per 7 days, quiet 20:00–08:00, collection case auto)', () => {
    const p = b2c() as PolicyInput & { letterDeliveryDays?: number };
    delete p.letterDeliveryDays;
    const stages = p.stages as StageInput[];
    stages[3] = { ...(stages[3] as StageInput), actions: [{ type: 'hand-over', to: 'lawyer' }, { type: 'charge-collection-costs' }] };
    const policy = loadPolicy(p);
    expect(policy.letterDeliveryDays).toBe(3);
    // A Mahnung puts the debtor in default with its receipt unless the policy says otherwise (docs/legal-notes.md).
    expect(policy.mahnungDefault).toBe('on-receipt');
    expect(policy.installmentsMissedToDefault).toBe(2);
    expect(policy.installmentGraceDays).toBe(5);
    expect(policy.contactLimits).toEqual({ maxMessages: 2, perDays: 7, quietFrom: '20:00', quietTo: '08:00', noSundaysOrHolidays: true });
    expect(policy.stages[3]?.actions[1]).toEqual({ type: 'charge-collection-costs', case: 'auto' });
  });

  it('does not change its input', () => {
    const p = b2c();
    const copy = structuredClone(p);
    loadPolicy(p);
    expect(p).toEqual(copy);
  });

  it('parsePolicy checks the shape only (for tools that want to list all guard findings themselves)', () => {
    const p = withStage(0, (s) => (s.actions as unknown[]).push({ type: 'charge-flat-fee' }));
    expect(() => parsePolicy(p)).not.toThrow();
    expect(() => loadPolicy(p)).toThrow(PolicyError);
  });
});

describe('formatPolicyPath', () => {
  it('writes JSON paths like stages[2].actions[0].amount', () => {
    expect(formatPolicyPath(['stages', 2, 'actions', 0, 'amount'])).toBe('stages[2].actions[0].amount');
    expect(formatPolicyPath([])).toBe('(root)');
    expect(formatPolicyPath(['weird key'])).toBe('["weird key"]');
  });
});

describe('policyJsonSchema', () => {
  it('is the JSON Schema of the policy input (defaults optional), with title', () => {
    const schema = policyJsonSchema() as {
      $schema: string;
      type: string;
      title: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { default?: unknown; items?: { properties?: Record<string, unknown> } }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.title).toBe('mahnwerk dunning policy');
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(['id', 'name', 'stages', 'version']);
    expect(schema.properties.letterDeliveryDays?.default).toBe(3);
    expect(schema.properties.mahnungDefault).toMatchObject({ default: 'on-receipt', enum: ['on-receipt', 'after-deadline'] });
    expect(Object.keys(schema.properties.stages?.items?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'name', 'kind', 'trigger', 'conditions', 'actions', 'final']),
    );
  });

  it('returns a fresh object each call', () => {
    const a = policyJsonSchema();
    a.title = 'changed';
    expect(policyJsonSchema().title).toBe('mahnwerk dunning policy');
  });
});
