// The engine's reading of stored personal data (engine/debtor-data.ts) remembers what it hydrated and
// the redactor it prepared per object: a claim read again as the same objects is not hashed twice.
// These tests pin that the memory never answers for a different holding or different data.
import { describe, expect, it } from 'vitest';
import { createMahnwerk, type ClaimEvent, type IsoDate, type PersonalDataHolding, type StoredClaim } from '../../src/index.js';
import { hydratedEvents, prepareEvents } from '../../src/engine/debtor-data.js';
import { memoryStore } from './memory-store.js';

const clock = { today: (): IsoDate => '2025-01-02', now: () => '2025-01-02T08:00:00Z' };

async function storedClaim(): Promise<StoredClaim> {
  const store = memoryStore();
  let n = 0;
  const randomBytes = (length: number) => Uint8Array.from({ length }, () => (n++ * 37 + 11) % 256);
  const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', randomBytes });
  await mw.createClaim({
    id: 'INV-1',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika.mustermann@example.org' },
    principal: '1200.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
  });
  return (await store.load('INV-1')) as StoredClaim;
}

const debtorOf = (events: readonly ClaimEvent[]) => (events[0]?.type === 'claim-created' ? events[0].claim.debtor : undefined);

describe('hydrating and redacting with remembered results', () => {
  it('the same stored event read with another holding (erased, or data that does not match) is hydrated anew', async () => {
    const stored = await storedClaim();
    const held = stored.personalData as PersonalDataHolding & { status: 'held' };
    expect(held.status).toBe('held');
    const first = hydratedEvents(stored);
    expect(debtorOf(first)).toMatchObject({ name: 'Erika Mustermann', personalData: { status: 'held' } });
    // Read again as the same objects: the same result.
    expect(hydratedEvents(stored)).toEqual(first);
    const erased: PersonalDataHolding = { status: 'erased', claimId: 'INV-1', debtorId: 'D-1', commitment: held.record.commitment, erasedAt: '2025-02-01T00:00:00Z' };
    const afterErasure = hydratedEvents({ ...stored, personalData: erased });
    expect(debtorOf(afterErasure)).toMatchObject({ name: 'gelöscht', personalData: { status: 'erased' } });
    expect(debtorOf(afterErasure)).not.toHaveProperty('email');
    // A held record whose data no longer matches the commitment is a mismatch, not the remembered match.
    const tampered: PersonalDataHolding = { status: 'held', record: { ...held.record, data: { ...held.record.data, name: 'Someone Else' } } };
    expect(debtorOf(hydratedEvents({ ...stored, personalData: tampered }))).toMatchObject({ personalData: { status: 'mismatch' } });
    // And the original holding still reads as held.
    expect(debtorOf(hydratedEvents(stored))).toMatchObject({ name: 'Erika Mustermann', personalData: { status: 'held' } });
  });

  it('a redactor is per personal-data object: other data redacts its own needles', () => {
    const note = (text: string): ClaimEvent => ({
      type: 'message-failed',
      claimId: 'INV-1',
      date: '2025-01-02',
      messageId: 'm-1',
      channel: 'email',
      error: text,
      retryable: false,
      reason: { rule: 'delivery.failed', text: 'Delivery by email failed.' },
    });
    const erika = { name: 'Erika Mustermann', email: 'erika.mustermann@example.org' };
    const max = { name: 'Max Other', email: 'max@example.org' };
    const text = 'called Erika Mustermann and Max Other';
    const once = prepareEvents([note(text)], '2025-01-02T08:00:00Z', undefined, erika).events[0] as { error: string };
    const twice = prepareEvents([note(text)], '2025-01-02T08:00:00Z', undefined, erika).events[0] as { error: string };
    const other = prepareEvents([note(text)], '2025-01-02T08:00:00Z', undefined, max).events[0] as { error: string };
    expect(once.error).toBe('called [personal data] and Max Other');
    expect(twice.error).toBe(once.error);
    expect(other.error).toBe('called Erika Mustermann and [personal data]');
  });
});
