import { buildAuditChain, money, type ClaimEvent, type Statement } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../src/index.js';
import { installMatchers, mahnwerkMatchers, timelineEvents } from '../src/vitest.js';

installMatchers();

const facts = fixtures.businessClaim({ id: 'RE-1' });
const timeline: ClaimEvent[] = [
  fixtures.claimCreated(facts),
  { type: 'default-began', claimId: 'RE-1', date: '2025-01-01', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
  { type: 'stage-entered', claimId: 'RE-1', date: '2025-01-14', stage: 'reminder', stageIndex: 0 },
  { type: 'message-queued', claimId: 'RE-1', date: '2025-01-14', messageId: 'RE-1:msg:reminder:1', stage: 'reminder', channel: 'email', template: 't' },
  { type: 'stage-entered', claimId: 'RE-1', date: '2025-01-28', stage: 'dunning-notice', stageIndex: 1, deadline: '2025-02-11' },
  { type: 'fee-charged', claimId: 'RE-1', date: '2025-01-28', feeId: 'f1', kind: 'flat-fee', code: '§ 288 Abs. 5 BGB', amount: '40.00', basis: '§ 288 Abs. 5 S. 1 BGB' },
  { type: 'payment-received', claimId: 'RE-1', date: '2025-02-03', paymentId: 'p1', amount: '100.00', allocation: { costs: '40.00', interest: '10.00', principal: '50.00', unapplied: '0.00' } },
];
const other: ClaimEvent[] = [
  fixtures.claimCreated(fixtures.consumerClaim({ id: 'RE-2' })),
  { type: 'stage-entered', claimId: 'RE-2', date: '2025-01-20', stage: 'final-notice', stageIndex: 2 },
  { type: 'fee-charged', claimId: 'RE-2', date: '2025-01-20', feeId: 'f2', kind: 'creditor-dunning-fee', code: 'policy', amount: '2.50', basis: '§ 280 Abs. 1, 2, § 286 BGB' },
];
const run = { events: [...timeline, ...other] };

const statement: Statement = {
  claimId: 'RE-1',
  asOf: '2025-03-01',
  currency: 'EUR',
  principal: money('2450.00'),
  interest: money('11.75'),
  costs: money('0'),
  total: money('2461.75'),
  interestAccrued: money('21.75'),
  unapplied: money('0'),
  lines: [],
  unconfirmed: [],
};

/** The message a failing assertion throws. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed, but it was expected to fail');
}

describe('toHaveEnteredStage', () => {
  it('passes for a stage entered (on the day, for the claim) and fails otherwise', () => {
    expect(timeline).toHaveEnteredStage('reminder');
    expect(timeline).toHaveEnteredStage('dunning-notice', { on: '2025-01-28' });
    expect(run).toHaveEnteredStage('final-notice', { claimId: 'RE-2', on: '2025-01-20' });
    expect(timeline).not.toHaveEnteredStage('final-notice');
    expect(timeline).not.toHaveEnteredStage('reminder', { on: '2025-01-15' });
    expect(run).not.toHaveEnteredStage('final-notice', { claimId: 'RE-1' });
  });

  it('failure messages say what was expected and which stages were entered', () => {
    expect(failure(() => expect(timeline).toHaveEnteredStage('final-notice'))).toBe(
      'expected the timeline to have entered stage "final-notice", but it entered "reminder" on 2025-01-14, "dunning-notice" on 2025-01-28.',
    );
    expect(failure(() => expect(timeline).toHaveEnteredStage('reminder', { on: '2025-01-15' }))).toContain('but it entered "reminder" on 2025-01-14');
    expect(failure(() => expect(timeline).not.toHaveEnteredStage('reminder'))).toBe(
      'expected the timeline not to have entered stage "reminder", but it did: "reminder" on 2025-01-14.',
    );
    expect(failure(() => expect(run).toHaveEnteredStage('x', { claimId: 'RE-9' }))).toContain(
      'expected claim RE-9 to have entered stage "x", but it entered no stage (the timeline has no events of claim RE-9; its claims: RE-1, RE-2)',
    );
    expect(failure(() => expect(run).toHaveEnteredStage('x'))).toContain('"final-notice" on 2025-01-20 (claim RE-2)');
  });

  it('accepts an event array, an object with events (ClaimState, run result) and a stored claim with entries', () => {
    expect({ entries: buildAuditChain(timeline) }).toHaveEnteredStage('reminder');
    expect(timelineEvents({ events: timeline })).toBe(timeline);
  });

  it('throws on something that is not a timeline, with or without .not', () => {
    expect(() => expect(42).toHaveEnteredStage('reminder')).toThrow(TypeError);
    expect(() => expect({ foo: 1 }).not.toHaveEnteredStage('reminder')).toThrow(/expected a timeline .* but got an object/);
    expect(() => expect([{ nope: true }]).not.toHaveEnteredStage('reminder')).toThrow(/element 0 of the timeline/);
    expect(() => expect(timeline).toHaveEnteredStage('reminder', { on: '14.01.2025' })).toThrow(/option "on"/);
  });
});

describe('toHaveCharged', () => {
  it('passes for a fee of the kind (amount compared exactly as a decimal, on the day, for the claim)', () => {
    expect(timeline).toHaveCharged('flat-fee');
    expect(timeline).toHaveCharged('flat-fee', { amount: '40.00', on: '2025-01-28' });
    expect(timeline).toHaveCharged('flat-fee', { amount: '40' });
    expect(timeline).toHaveCharged('flat-fee', { amount: money('40.00', 'EUR') });
    expect(run).toHaveCharged('creditor-dunning-fee', { claimId: 'RE-2', amount: '2.50' });
    expect(timeline).not.toHaveCharged('flat-fee', { amount: '40.01' });
    expect(timeline).not.toHaveCharged('flat-fee', { amount: money('40.00', 'USD') });
    expect(timeline).not.toHaveCharged('collection-costs');
    expect(run).not.toHaveCharged('creditor-dunning-fee', { claimId: 'RE-1' });
  });

  it('failure messages list the fees found', () => {
    expect(failure(() => expect(timeline).toHaveCharged('flat-fee', { amount: '45.00' }))).toBe(
      'expected the timeline to have charged flat-fee of 45.00, but it charged flat-fee 40.00 EUR on 2025-01-28 (§ 288 Abs. 5 BGB).',
    );
    expect(failure(() => expect(timeline.slice(0, 3)).toHaveCharged('flat-fee'))).toBe('expected the timeline to have charged flat-fee, but it charged no fees.');
    expect(failure(() => expect(timeline).not.toHaveCharged('flat-fee'))).toContain('not to have charged flat-fee, but it did: flat-fee 40.00 EUR on 2025-01-28');
  });

  it('refuses money as a JS number, even under .not', () => {
    expect(() => expect(timeline).not.toHaveCharged('flat-fee', { amount: 40 as unknown as string })).toThrow(/never pass money as a JS number/);
  });
});

describe('toHaveEventSequence', () => {
  it('passes when the types occur in this order, others between; exact requires exactly them', () => {
    expect(timeline).toHaveEventSequence(['claim-created', 'default-began', 'stage-entered', 'fee-charged', 'payment-received']);
    expect(timeline).toHaveEventSequence(['stage-entered', 'stage-entered']);
    expect(timeline).not.toHaveEventSequence(['fee-charged', 'default-began']);
    expect(run).toHaveEventSequence(['claim-created', 'stage-entered', 'fee-charged'], { claimId: 'RE-2', exact: true });
    expect(run).not.toHaveEventSequence(['claim-created', 'stage-entered'], { claimId: 'RE-2', exact: true });
  });

  it('failure messages show how far the sequence matched and the events found', () => {
    const message = failure(() => expect(timeline).toHaveEventSequence(['claim-created', 'fee-charged', 'default-began']));
    expect(message).toContain('expected the timeline to have the events claim-created → fee-charged → default-began in this order, but it matched claim-created (#0), fee-charged (#5), then found no "default-began" after #5 ("default-began" occurs earlier, at #1: the order differs)');
    expect(message).toContain('its events: #0 claim-created 2024-12-01, #1 default-began 2025-01-01, #2 stage-entered 2025-01-14');
    expect(failure(() => expect(timeline).toHaveEventSequence(['settled']))).toContain('but there is no "settled" at all');
    expect(failure(() => expect(run).toHaveEventSequence(['claim-created', 'fee-charged'], { claimId: 'RE-2', exact: true }))).toContain(
      'expected claim RE-2 to have exactly the events claim-created → fee-charged, but they differ at position 1 (expected fee-charged, found stage-entered)',
    );
    expect(failure(() => expect(timeline).not.toHaveEventSequence(['claim-created', 'settled'].slice(0, 1) as ['claim-created']))).toContain('but it has them at #0');
  });

  it('throws on a misspelt or empty type list', () => {
    expect(() => expect(timeline).not.toHaveEventSequence(['stage-enterd' as 'stage-entered'])).toThrow(/"stage-enterd" is not a claim event type/);
    expect(() => expect(timeline).toHaveEventSequence([])).toThrow(/non-empty array/);
  });
});

describe('toBalance', () => {
  it('passes when the given figures equal the statement exactly (strings or Money; others ignored)', () => {
    expect(statement).toBalance({ principal: '2450.00', interest: '11.75', costs: '0.00', total: '2461.75' });
    expect(statement).toBalance({ total: '2461.75' });
    expect(statement).toBalance({ interest: money('11.750') });
    expect(statement).not.toBalance({ interest: '11.76' });
    expect(statement).not.toBalance({ total: money('2461.75', 'USD') });
  });

  it('failure messages name each differing figure and show the whole statement', () => {
    expect(failure(() => expect(statement).toBalance({ principal: '2450.00', interest: '11.76', total: '2461.76' }))).toContain(
      'expected the statement of claim RE-1 as of 2025-03-01 to balance to principal 2450.00 EUR, interest 11.76 EUR, total 2461.76 EUR, ' +
        'but interest is 11.75 EUR (expected 11.76 EUR), total is 2461.75 EUR (expected 2461.76 EUR). ' +
        'The statement: principal 2450.00 EUR, interest 11.75 EUR, costs 0.00 EUR, total 2461.75 EUR.',
    );
    expect(failure(() => expect(statement).not.toBalance({ total: '2461.75' }))).toContain('not to balance to total 2461.75 EUR, but it does');
  });

  it('shows unrounded figures in full instead of hiding them', () => {
    const raw = { ...statement, interest: money('11.7534246575') };
    expect(failure(() => expect(raw).toBalance({ interest: '11.75' }))).toContain('interest is 11.7534246575 EUR (expected 11.75 EUR)');
  });

  it('throws on something that is not a statement, an empty or unknown expectation, and money as a number', () => {
    expect(() => expect(timeline).toBalance({ total: '1.00' })).toThrow(/expected a Statement/);
    expect(() => expect(statement).not.toBalance({})).toThrow(/name at least one/);
    expect(() => expect(statement).toBalance({ totl: '1.00' } as never)).toThrow(/unknown figure "totl"/);
    expect(() => expect(statement).not.toBalance({ total: 2461.75 as unknown as string })).toThrow(/never pass money as a JS number/);
  });
});

describe('mahnwerkMatchers', () => {
  it('are plain functions returning { pass, message } for use with expect.extend or on their own', () => {
    const result = mahnwerkMatchers.toHaveEnteredStage(timeline, 'reminder');
    expect(result.pass).toBe(true);
    expect(result.message()).toContain('not to have entered stage "reminder"');
  });
});
