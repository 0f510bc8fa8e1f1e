import { describe, expect, it } from 'vitest';
import { activeHolds, isHoldActive, holdLastDay, openDisputes, project, ValidationError, type ClaimEvent } from '../../src/index.js';
import { CLAIM, created, defaultBegan, fee } from './fixtures.js';
import { isStatementNeutral, isTerminalStatus } from '../../src/ledger/project.js';
import type { ClaimStatus } from '../../src/ledger/state.js';

const ev = (e: Record<string, unknown>): ClaimEvent => ({ claimId: CLAIM, ...e }) as unknown as ClaimEvent;

const hold = (date: string, holdId = 'H1', extra: Record<string, unknown> = {}): ClaimEvent =>
  ev({ type: 'hold-placed', date, holdId, note: 'Rückfrage', interestRuns: true, ...extra });
const lift = (date: string, holdId = 'H1'): ClaimEvent => ev({ type: 'hold-lifted', date, holdId, expired: false });
const dispute = (date: string, disputeId = 'D1'): ClaimEvent => ev({ type: 'dispute-opened', date, disputeId });
const resolve = (date: string, disputeId = 'D1'): ClaimEvent => ev({ type: 'dispute-resolved', date, disputeId, outcome: 'creditor-right' });
const plan = (date: string, planId = 'PL1'): ClaimEvent =>
  ev({
    type: 'installment-plan-agreed',
    date,
    planId,
    installments: [
      { dueDate: '2025-03-01', amount: '500.00' },
      { dueDate: '2025-02-01', amount: '500.00' },
    ],
  });

const statusOf = (events: ClaimEvent[]) => project(events).status;

describe('project — status rules (engine design, issue #3)', () => {
  const base = (): ClaimEvent[] => [created('1000.00')];

  it('open → in-default once default has begun', () => {
    expect(statusOf(base())).toBe('open');
    expect(statusOf([...base(), defaultBegan('2025-01-01')])).toBe('in-default');
  });

  it('on-hold while a hold is active on the last event date; lifted → back', () => {
    const events = [...base(), defaultBegan('2025-01-01'), hold('2025-01-10')];
    expect(statusOf(events)).toBe('on-hold');
    expect(statusOf([...events, lift('2025-01-20')])).toBe('in-default');
    // until alone does not end it: expiry is the engine's hold-lifted { expired: true }.
    expect(statusOf([...base(), hold('2025-01-10', 'H1', { until: '2025-01-12' }), fee('2025-02-01', '1.00')])).toBe('on-hold');
  });

  it('disputed (open dispute) ranks above on-hold; resolved → on-hold again', () => {
    const events = [...base(), defaultBegan('2025-01-01'), hold('2025-01-10'), dispute('2025-01-11')];
    expect(statusOf(events)).toBe('disputed');
    expect(statusOf([...events, resolve('2025-01-15')])).toBe('on-hold');
  });

  it('installment-plan (active, not defaulted) ranks above disputed; defaulted plan → back to in-default', () => {
    const events = [...base(), defaultBegan('2025-01-01'), dispute('2025-01-11'), plan('2025-01-15')];
    expect(statusOf(events)).toBe('installment-plan');
    const defaulted = [...events, resolve('2025-01-16'), ev({ type: 'installment-missed', date: '2025-02-10', planId: 'PL1', index: 0 }), ev({ type: 'installment-plan-defaulted', date: '2025-02-20', planId: 'PL1' })];
    expect(statusOf(defaulted)).toBe('in-default');
    const state = project(defaulted);
    expect(state.installmentPlan).toMatchObject({ planId: 'PL1', agreedOn: '2025-01-15', missed: [0], defaultedOn: '2025-02-20' });
    // Installments are kept in due-date order.
    expect(state.installmentPlan?.installments.map((i) => i.dueDate)).toEqual(['2025-02-01', '2025-03-01']);
  });

  it('titled > court-dunning > handed-over > installment-plan', () => {
    const events = [...base(), defaultBegan('2025-01-01'), plan('2025-01-15'), ev({ type: 'handed-over', date: '2025-03-01', to: 'collection-agency' })];
    expect(statusOf(events)).toBe('handed-over');
    events.push(ev({ type: 'court-dunning-filed', date: '2025-04-01' }));
    expect(statusOf(events)).toBe('court-dunning');
    events.push(ev({ type: 'titled', date: '2025-05-01', title: 'enforcement-order' }));
    expect(statusOf(events)).toBe('titled');
  });

  it('settled, written-off and time-barred rank above everything; reopened → back to the other rules', () => {
    const titled = [...base(), defaultBegan('2025-01-01'), ev({ type: 'titled', date: '2025-05-01', title: 'judgment' })];
    expect(statusOf([...titled, ev({ type: 'settled', date: '2025-06-01' })])).toBe('settled');
    expect(statusOf([...titled, ev({ type: 'settled', date: '2025-06-01' }), ev({ type: 'reopened', date: '2025-06-02' })])).toBe('titled');
    const open = [...base(), defaultBegan('2025-01-01')];
    expect(statusOf([...open, ev({ type: 'written-off', date: '2025-06-01', amount: '1000.00' })])).toBe('written-off');
    const barred = [...open, ev({ type: 'time-barred', date: '2028-01-01', expiredOn: '2027-12-31' })];
    expect(statusOf(barred)).toBe('time-barred');
    expect(project(barred).timeBarred).toMatchObject({ expiredOn: '2027-12-31' });
    expect(statusOf([...barred, ev({ type: 'reopened', date: '2028-01-05', note: 'Anerkenntnis' })])).toBe('in-default');
    expect(statusOf([...base(), ev({ type: 'settled', date: '2025-01-05' }), ev({ type: 'reopened', date: '2025-01-06' })])).toBe('open');
  });

  it('collects stages, messages, fees, payments, promises; default begins on the earliest default-began day', () => {
    const events: ClaimEvent[] = [
      ...base(),
      ev({ type: 'stage-entered', date: '2025-01-05', stage: 'reminder', stageIndex: 0 }),
      ev({ type: 'message-queued', date: '2025-01-05', messageId: 'm1', stage: 'reminder', channel: 'email', template: 't' }),
      ev({ type: 'stage-entered', date: '2025-01-20', stage: 'dunning-notice', stageIndex: 1, deadline: '2025-02-03' }),
      defaultBegan('2025-01-10'),
      ev({ type: 'default-began', date: '2025-01-01', basis: '§ 286 Abs. 3 BGB', route: 'thirty-day-rule' }),
      fee('2025-01-20', '2.50', 'creditor-dunning-fee'),
      ev({ type: 'promise-to-pay', date: '2025-01-21', amount: '1000.00', by: '2025-02-01' }),
    ];
    const s = project(events);
    expect(s).toMatchObject({
      stage: 'dunning-notice',
      stageIndex: 1,
      stageEnteredOn: '2025-01-20',
      deadline: '2025-02-03',
      defaultBegan: '2025-01-01',
      defaultBasis: '§ 286 Abs. 3 BGB',
      lastEventDate: '2025-01-21',
    });
    expect(s.stagesEntered).toHaveLength(2);
    expect(s.messages.map((m) => m.messageId)).toEqual(['m1']);
    expect([...s.feeKindsCharged]).toEqual(['creditor-dunning-fee']);
    expect(s.promises).toHaveLength(1);
    expect(s.events).toEqual(events);
    // The state keeps its own copy of the ledger.
    events.push(ev({ type: 'settled', date: '2025-02-01' }));
    expect(s.events).toHaveLength(events.length - 1);
  });

  it('lastEventDate is the latest date, whatever the ledger order (a payment booked later with its value date)', () => {
    const events = [...base(), fee('2025-02-01', '1.00'), defaultBegan('2025-01-01')];
    expect(project(events).lastEventDate).toBe('2025-02-01');
  });

  it('hold helpers: active from the placing day to the day before the lift; interest-free last day is min(lift − 1, until)', () => {
    const s = project([...base(), hold('2025-01-10', 'H1', { until: '2025-01-31' }), lift('2025-01-20'), hold('2025-02-01', 'H2'), dispute('2025-02-02')]);
    const [h1, h2] = s.holds;
    expect(h1 && isHoldActive(h1, '2025-01-19')).toBe(true);
    expect(h1 && isHoldActive(h1, '2025-01-20')).toBe(false);
    expect(h1 && isHoldActive(h1, '2025-01-09')).toBe(false);
    expect(h1 && holdLastDay(h1)).toBe('2025-01-19');
    expect(h2 && holdLastDay(h2)).toBe(null);
    expect(activeHolds(s, '2025-02-05').map((h) => h.holdId)).toEqual(['H2']);
    expect(openDisputes(s).map((d) => d.disputeId)).toEqual(['D1']);
  });

  describe('refuses broken ledgers with a ValidationError naming events[i]', () => {
    it('empty ledger, or a first event that is not claim-created', () => {
      expect(() => project([])).toThrow(ValidationError);
      expect(() => project([defaultBegan('2025-01-01')])).toThrow(/events\[0\]\.type: the first event of a ledger must be claim-created/);
    });
    it('a second claim-created, an event of another claim', () => {
      expect(() => project([...base(), created('5.00')])).toThrow(/events\[1\]\.type/);
      expect(() => project([...base(), { ...defaultBegan('2025-01-01'), claimId: 'OTHER' } as ClaimEvent])).toThrow(/events\[1\]\.claimId: belongs to claim "OTHER"/);
    });
    it('lifting an unknown hold, resolving an unknown dispute, missing an installment of another plan, repeated ids', () => {
      expect(() => project([...base(), lift('2025-01-01', 'nope')])).toThrow(/events\[1\]\.holdId: no hold "nope"/);
      expect(() => project([...base(), resolve('2025-01-01', 'nope')])).toThrow(/events\[1\]\.disputeId/);
      expect(() => project([...base(), plan('2025-01-01'), ev({ type: 'installment-missed', date: '2025-02-10', planId: 'OLD', index: 0 })])).toThrow(/events\[2\]\.planId/);
      expect(() => project([...base(), hold('2025-01-01'), hold('2025-01-02')])).toThrow(/events\[2\]\.holdId/);
      expect(() => project([...base(), dispute('2025-01-01'), dispute('2025-01-02')])).toThrow(/events\[2\]\.disputeId/);
    });
    it('an unknown event type or a bad date', () => {
      expect(() => project([...base(), ev({ type: 'interest-capitalised', date: '2025-01-01' })])).toThrow(/events\[1\]\.type: "interest-capitalised" is not a known event type/);
      expect(() => project([...base(), ev({ type: 'settled', date: '1.1.2025' })])).toThrow(/events\[1\]\.date/);
    });
  });
});

describe('isTerminalStatus', () => {
  it('is true for the statuses a claim leaves only by a reopened event: settled, written off, time barred', () => {
    const all: ClaimStatus[] = ['open', 'in-default', 'disputed', 'on-hold', 'installment-plan', 'handed-over', 'court-dunning', 'titled', 'time-barred', 'settled', 'written-off'];
    expect(all.filter(isTerminalStatus)).toEqual(['time-barred', 'settled', 'written-off']);
  });
});

describe('isStatementNeutral', () => {
  it('is true exactly for the event types that change nothing a statement reads (and false for an unknown one)', () => {
    // Every event type of ledger/events.ts (a type missing here fails to compile), and whether it
    // changes what a statement reads: facts, default, holds, money, and the days that stop interest.
    const neutral: Record<ClaimEvent['type'], boolean> = {
      // claim-facts-amended/-corrected: a contract date is a fact the interest terms read (claimLegalTerms).
      'claim-created': false, 'claim-facts-amended': false, 'claim-facts-corrected': false, 'default-began': false, 'default-withdrawn': false, 'hold-placed': false, 'hold-lifted': false,
      'payment-received': false, 'payment-reversed': false, 'fee-charged': false, 'fee-reduced': false, 'fee-reinstated': false, adjustment: false,
      settled: false, 'written-off': false, reopened: false,
      'stage-entered': true, 'message-queued': true, 'message-sent': true, 'message-failed': true, 'message-skipped': true,
      'message-delivered': true, 'message-bounced': true, 'message-opened': true, 'message-attempt-unknown': true, 'channel-opted-out': true,
      'dispute-opened': true, 'dispute-resolved': true, 'promise-to-pay': true, 'installment-plan-agreed': true,
      'installment-missed': true, 'installment-plan-defaulted': true, 'handed-over': true, 'court-dunning-filed': true,
      titled: true, 'time-barred': true,
    };
    const types = Object.keys(neutral) as ClaimEvent['type'][];
    expect(types).toHaveLength(36);
    for (const type of types) expect(isStatementNeutral(type), type).toBe(neutral[type]);
    expect(isStatementNeutral('no-such-type' as ClaimEvent['type'])).toBe(false);
  });
});
