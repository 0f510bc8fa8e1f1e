import { describe, expect, it } from 'vitest';
import {
  deB2cDefaultPolicy,
  failedCondition,
  money,
  nextReviewAt,
  nextStage,
  policySchema,
  project,
  renderPlainText,
  reviewCandidates,
  statement,
  type ClaimEvent,
} from '../../src/index.js';
import { created, facts, play } from './helpers.js';

describe('nextReviewAt: the next day a claim needs a look', () => {
  const f = facts({ dueDateIsCalendarDate: false });

  it('a new claim: the reminder trigger (due 2025-01-16 + 7 = 01-23)', () => {
    expect(nextReviewAt(project([created(f)]), deB2cDefaultPolicy)).toBe('2025-01-23');
  });

  it('with a calendar due date the first day of default (2025-01-17) comes first', () => {
    const g = facts();
    expect(reviewCandidates(project([created(g)]), deB2cDefaultPolicy).map((c) => `${c.kind} ${c.date}`)).toEqual([
      'default 2025-01-17',
      'limitation 2029-01-03',
      'stage 2025-01-23',
    ]);
    expect(nextReviewAt(project([created(g)]), deB2cDefaultPolicy)).toBe('2025-01-17');
  });

  it('a hold with an end: the day after `until`; a hold without end and an open dispute: no stage day', () => {
    const base: ClaimEvent[] = [created(f)];
    const hold: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', until: '2025-02-14', interestRuns: true };
    expect(nextReviewAt(project([...base, hold]), deB2cDefaultPolicy)).toBe('2025-02-15');
    const endless: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', interestRuns: true };
    expect(reviewCandidates(project([...base, endless]), deB2cDefaultPolicy).map((c) => c.kind)).toEqual(['limitation']);
    const dispute: ClaimEvent = { claimId: f.id, date: '2025-01-20', type: 'dispute-opened', disputeId: 'd' };
    expect(reviewCandidates(project([...base, dispute]), deB2cDefaultPolicy).map((c) => c.kind)).toEqual(['limitation']);
  });

  it('an installment plan: the check day of the next unpaid installment (due + 5 grace days + 1)', () => {
    const plan: ClaimEvent = {
      claimId: f.id,
      date: '2025-01-20',
      type: 'installment-plan-agreed',
      planId: 'p',
      installments: [
        { dueDate: '2025-02-01', amount: '500.00' },
        { dueDate: '2025-03-01', amount: '500.00' },
      ],
    };
    const kinds = reviewCandidates(project([created(f), plan]), deB2cDefaultPolicy).map((c) => `${c.kind} ${c.date}`);
    // the reminder waits for the plan's last installment + grace: 03-01 + 5 + 1 = 03-07
    expect(kinds).toEqual(['installment 2025-02-07', 'limitation 2029-01-03', 'stage 2025-03-07']);
  });

  it('none for a settled claim', () => {
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-01-10', {
      on: { '2025-01-10': [{ claimId: f.id, date: '2025-01-10', type: 'adjustment', kind: 'credit-note', amount: '1000.00' }] },
    });
    expect(project(events).status).toBe('settled');
    expect(nextReviewAt(project(events), deB2cDefaultPolicy)).toBeNull();
  });
});

describe('stage conditions (skipped when they fail)', () => {
  const policy = policySchema.parse({
    id: 'cond',
    version: 1,
    name: 'conditions',
    stages: [
      { id: 'vip', name: 'VIP call', kind: 'reminder', trigger: { after: 'due-date', days: 3 }, conditions: { tagsAny: ['vip'] }, actions: [] },
      { id: 'big', name: 'big', kind: 'reminder', trigger: { after: 'due-date', days: 5 }, conditions: { minAmount: '5000' }, actions: [] },
      { id: 'normal', name: 'normal', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, conditions: { debtorKind: 'consumer', maxScore: '0.5' }, actions: [] },
    ],
  });

  it('the first stage whose conditions hold is next; the skipped ones are named with the failing condition', () => {
    const f = facts({ score: '0.3' });
    const state = project([created(f)]);
    const c = nextStage(state, policy, statement(state, '2025-01-20').total);
    expect(c?.stage.id).toBe('normal');
    expect(c?.triggerDate).toBe('2025-01-23');
    expect(c?.skipped).toEqual([
      { stage: 'vip', failed: 'tagsAny' },
      { stage: 'big', failed: 'minAmount' },
    ]);
    expect(failedCondition({ maxScore: '0.5' }, facts({ score: '0.7' }), money('1', 'EUR'))).toBe('maxScore');
    expect(failedCondition({ tagsNone: ['vip'] }, facts({ tags: ['vip'] }), money('1', 'EUR'))).toBe('tagsNone');
  });
});

describe('renderPlainText: the default renderer of the core', () => {
  it('writes the statement lines with their legal basis, the total, the deadline and the payment link (de and en)', () => {
    const f = facts({ reference: 'RE-1' });
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-02-28');
    const st = statement(project(events), '2025-02-28');
    const de = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, deadline: '2025-03-14', paymentLink: 'https://pay/x' });
    expect(de.subject).toBe('Mahnung: RE-1');
    expect(de.text).toContain('Guten Tag Erika Muster,');
    expect(de.text).toContain('§ 288 Abs. 1 BGB');
    expect(de.text).toContain('14.03.2025');
    expect(de.text).toContain('https://pay/x');
    const en = renderPlainText({ template: 'x/reminder', channel: 'email', locale: 'en', claim: f, statement: st });
    expect(en.subject).toBe('Payment reminder: RE-1');
    expect(en.text).toContain('Total open amount');
  });
});
