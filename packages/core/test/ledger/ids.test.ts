import { describe, expect, it } from 'vitest';
import { eventId, feeId, idsInUse, messageId, nextFreeId, scopedId, ValidationError, type ClaimEvent } from '../../src/index.js';
import { idsUsedBy } from '../../src/ledger/ids.js';
import { CLAIM, created, fee } from './fixtures.js';

describe('deterministic ids (no randomness: deciding twice yields the same ids)', () => {
  it('are built from claim id, kind, date and counter', () => {
    expect(eventId('RE-1', 'fee-charged', '2025-03-01')).toBe('RE-1:fee-charged:2025-03-01:1');
    expect(eventId('RE-1', 'fee-charged', '2025-03-01', 2)).toBe('RE-1:fee-charged:2025-03-01:2');
    expect(messageId('RE-1', 'dunning-notice')).toBe('RE-1:msg:dunning-notice:1');
    expect(messageId('RE-1', 'dunning-notice', 3)).toBe('RE-1:msg:dunning-notice:3');
    expect(feeId('RE-1', 'flat-fee', '2025-03-01')).toBe('RE-1:fee:flat-fee:2025-03-01:1');
    expect(scopedId('RE-1', 'hold', '2025-03-01')).toBe('RE-1:hold:2025-03-01:1');
  });

  it('are the same for the same inputs and differ for different ones', () => {
    expect(messageId('A', 's', 1)).toBe(messageId('A', 's', 1));
    expect(new Set([messageId('A', 's', 1), messageId('A', 's', 2), messageId('B', 's', 1), messageId('A', 't', 1)]).size).toBe(4);
  });

  it('refuse an empty part or a counter below 1', () => {
    expect(() => messageId('', 's')).toThrow(ValidationError);
    expect(() => messageId('A', 's', 0)).toThrow(/n: the counter must be a whole number of 1 or more/);
    expect(() => eventId('A', 'settled', '2025-01-01', 1.5)).toThrow(ValidationError);
  });

  it('nextFreeId numbers the second fee of a kind on one day 2, using the ids already in the ledger', () => {
    const events: ClaimEvent[] = [created('100.00'), fee('2025-03-01', '2.50', 'creditor-dunning-fee')];
    const used = idsInUse(events);
    expect(used).toEqual(new Set([`${CLAIM}:fee:creditor-dunning-fee:2025-03-01:1`]));
    expect(nextFreeId(used, (n) => feeId(CLAIM, 'creditor-dunning-fee', '2025-03-01', n))).toBe(`${CLAIM}:fee:creditor-dunning-fee:2025-03-01:2`);
    expect(nextFreeId(used, (n) => feeId(CLAIM, 'flat-fee', '2025-03-01', n))).toBe(`${CLAIM}:fee:flat-fee:2025-03-01:1`);
  });

  it('idsUsedBy answers has() as the set of idsInUse does, so nextFreeId numbers the same without the set', () => {
    const events: ClaimEvent[] = [
      created('100.00'),
      fee('2025-03-01', '2.50', 'creditor-dunning-fee'),
      { ...fee('2025-03-01', '2.50', 'creditor-dunning-fee'), feeId: `${CLAIM}:fee:creditor-dunning-fee:2025-03-01:2` } as ClaimEvent,
      fee('2025-03-02', '40.00', 'flat-fee'),
    ];
    const set = idsInUse(events);
    const asked = idsUsedBy(events);
    for (const id of [...set, `${CLAIM}:fee:creditor-dunning-fee:2025-03-01:3`, `${CLAIM}:fee:flat-fee:2025-03-01:1`, CLAIM, '']) expect(asked.has(id)).toBe(set.has(id));
    expect(nextFreeId(asked, (n) => feeId(CLAIM, 'creditor-dunning-fee', '2025-03-01', n))).toBe(`${CLAIM}:fee:creditor-dunning-fee:2025-03-01:3`);
    expect(nextFreeId(asked, (n) => feeId(CLAIM, 'flat-fee', '2025-03-02', n))).toBe(`${CLAIM}:fee:flat-fee:2025-03-02:2`);
  });
});
