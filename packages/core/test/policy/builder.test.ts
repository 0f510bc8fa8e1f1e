import { describe, expect, it } from 'vitest';
import {
  action,
  deB2bDefaultPolicyInput,
  deB2cDefaultPolicyInput,
  definePolicy,
  loadPolicy,
  stage,
  stageKindNames,
  type PolicyInput,
} from '../../src/policy/index.js';
import { b2c, policyErrorOf } from './fixtures.js';

describe('definePolicy (typed builder) equals loadPolicy', () => {
  it.each([
    ['de-b2c-default', deB2cDefaultPolicyInput],
    ['de-b2b-default', deB2bDefaultPolicyInput],
  ] as const)('%s: definePolicy(x) deep-equals loadPolicy(x)', (_id, input) => {
    expect(definePolicy(input)).toEqual(loadPolicy(input));
  });

  it('stage() and action.* build exactly the plain data', () => {
    const built: PolicyInput = {
      id: 'shop',
      version: 2,
      name: 'Shop',
      debtorKind: 'consumer',
      stages: [
        stage({ id: 'reminder', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [action.send('email', 'reminder', { fallback: 'letter' })] }),
        stage({
          id: 'dunning-notice',
          kind: 'dunning-notice',
          trigger: { after: 'previous-stage', days: 14 },
          actions: [action.send('letter', 'dunning-notice'), action.setDeadline(14)],
        }),
        stage({
          id: 'final-notice',
          name: 'Letzte Mahnung vor Inkasso',
          kind: 'final-notice',
          trigger: { after: 'previous-stage', days: 21 },
          actions: [action.send('letter', 'final-notice'), action.setDeadline(10), action.creditorFee('1.00')],
        }),
        stage({
          id: 'handover',
          kind: 'handover',
          trigger: { after: 'previous-stage', days: 17 },
          actions: [action.handOver('collection-agency'), action.collectionCosts(), action.send('letter', 'handover-inkasso')],
        }),
        stage({ id: 'court-dunning', kind: 'court-dunning', trigger: { after: 'previous-stage', days: 30 }, actions: [action.fileCourtDunning()], final: true }),
        // (no stage after final)
      ],
    };
    const plain: PolicyInput = {
      id: 'shop',
      version: 2,
      name: 'Shop',
      debtorKind: 'consumer',
      stages: [
        { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder', fallbackChannel: 'letter' }] },
        {
          id: 'dunning-notice',
          name: 'Mahnung',
          kind: 'dunning-notice',
          trigger: { after: 'previous-stage', days: 14 },
          actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }, { type: 'set-deadline', days: 14 }],
        },
        {
          id: 'final-notice',
          name: 'Letzte Mahnung vor Inkasso',
          kind: 'final-notice',
          trigger: { after: 'previous-stage', days: 21 },
          actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'set-deadline', days: 10 }, { type: 'charge-creditor-fee', amount: '1.00' }],
        },
        {
          id: 'handover',
          name: 'Übergabe an Inkasso',
          kind: 'handover',
          trigger: { after: 'previous-stage', days: 17 },
          actions: [{ type: 'hand-over', to: 'collection-agency' }, { type: 'charge-collection-costs', case: 'auto' }, { type: 'send', channel: 'letter', template: 'handover-inkasso' }],
        },
        { id: 'court-dunning', name: 'Gerichtliches Mahnverfahren', kind: 'court-dunning', trigger: { after: 'previous-stage', days: 30 }, actions: [{ type: 'file-court-dunning' }], final: true },
      ],
    };
    expect(built).toEqual(plain);
    expect(definePolicy(built)).toEqual(loadPolicy(plain));
  });

  it('refuses an unlawful policy with the same rule as loadPolicy (guards cannot be switched off by the builder)', () => {
    const p = b2c();
    (p.stages[1]?.actions as unknown[]).push(action.creditorFee('1.00'));
    const viaBuilder = policyErrorOf(() => definePolicy(p));
    const viaLoader = policyErrorOf(() => loadPolicy(p));
    expect(viaBuilder.rule).toBe('guard.no-fee-for-default-causing-notice');
    expect(viaBuilder.message).toBe(viaLoader.message);
  });

  it('stage() keeps an explicit name and names every kind in German otherwise', () => {
    expect(stage({ id: 'x', name: 'Eigene', kind: 'reminder', trigger: { after: 'due-date', days: 1 }, actions: [] }).name).toBe('Eigene');
    expect(Object.keys(stageKindNames).sort()).toEqual(['court-dunning', 'dunning-notice', 'final-notice', 'handover', 'reminder', 'write-off']);
    expect(stage({ id: 'w', kind: 'write-off', trigger: { after: 'default', days: 365 }, actions: [action.writeOff()] })).toEqual({
      id: 'w',
      name: 'Ausbuchung',
      kind: 'write-off',
      trigger: { after: 'default', days: 365 },
      actions: [{ type: 'write-off' }],
    });
  });

  it('action.* covers every action type', () => {
    expect([
      action.send('sms', 'reminder'),
      action.setDeadline(7),
      action.creditorFee('0.80'),
      action.flatFee(),
      action.collectionCosts('contested'),
      action.handOver('lawyer'),
      action.fileCourtDunning(),
      action.writeOff(),
    ].map((a) => a.type)).toEqual([
      'send',
      'set-deadline',
      'charge-creditor-fee',
      'charge-flat-fee',
      'charge-collection-costs',
      'hand-over',
      'file-court-dunning',
      'write-off',
    ]);
  });
});
