import { describe, expect, it } from 'vitest';
import { addDays, createMahnwerk, decide, deB2cDefaultPolicy, project, type ClaimEvent, type ClaimFactsInput, type IsoDate, type StoredClaim } from '../../src/index.js';
import { createHostContext } from '../../src/engine/host-context.js';
import { memoryStore } from './memory-store.js';

// HostContext.stateOf answers a stored claim's state. For a claim that continues, with the entries
// a prepareWrite (with the state before) minted, the stream that write was prepared from — as the
// daily run's batch keeps its claims in hand for their dispatch — it hands back the state that write
// folded, not projected again. It must be the state projecting the claim's events gives.

const facts: ClaimFactsInput = {
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-2025-001',
  description: 'Bestellung 4711: Gartenstuhl',
  contractDate: '2025-01-02',
};

describe('HostContext.stateOf: the state after a prepared write', () => {
  it('equals the projection of the claim in hand, write after write, and of the same claim read back', async () => {
    const store = memoryStore();
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
    await createMahnwerk({ store, clock, policy: 'auto' }).createClaim(facts);
    const ctx = createHostContext({ store, clock, policy: 'auto' });
    let inHand = (await store.load('INV-1')) as StoredClaim;
    let writes = 0;
    for (let day: IsoDate = '2025-01-17'; day <= '2025-05-31'; day = addDays(day, 1)) {
      clock.date = day;
      const state = ctx.stateOf(inHand);
      const decision = decide(state, deB2cDefaultPolicy, day);
      if (decision.events.length === 0) continue;
      // The day's letters go out with it, as the dispatcher sends them (the next stage waits for the send of a deadline-setting one).
      const sent: ClaimEvent[] = decision.events.flatMap((e) => (e.type === 'message-queued' ? [{ type: 'message-sent' as const, claimId: e.claimId, date: e.date, messageId: e.messageId, channel: e.channel }] : []));
      const prepared = ctx.prepareWrite(inHand, inHand.claimId, inHand.debtorId, [...decision.events, ...sent], decision.nextReviewAt, { state });
      const { version } = await store.append(prepared.request);
      writes++;
      // The claim in hand after the write, as the runner keeps it: the entries read plus the request's.
      inHand = { ...inHand, version, entries: inHand.entries.concat(prepared.request.entries), nextReviewAt: decision.nextReviewAt };
      const reused = ctx.stateOf(inHand);
      expect(reused).toBe(ctx.stateOf(inHand)); // taken from the write, not projected each time
      expect(reused).toEqual(project(ctx.eventsOf(inHand)));
      const readBack = (await store.load('INV-1')) as StoredClaim;
      expect(readBack.entries).toEqual(inHand.entries);
      expect(ctx.stateOf(readBack)).not.toBe(reused); // copies of the entries: projected
      expect(ctx.stateOf(readBack)).toEqual(reused);
    }
    expect(writes).toBeGreaterThan(3); // reminder, notices, default …: real decisions were written
  });

  it('a write prepared without the state before keeps nothing: the claim is projected', async () => {
    const store = memoryStore();
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
    await createMahnwerk({ store, clock, policy: 'auto' }).createClaim(facts);
    const ctx = createHostContext({ store, clock, policy: 'auto' });
    const stored = (await store.load('INV-1')) as StoredClaim;
    clock.date = '2025-01-23';
    const decision = decide(ctx.stateOf(stored), deB2cDefaultPolicy, '2025-01-23');
    expect(decision.events.length).toBeGreaterThan(0);
    const prepared = ctx.prepareWrite(stored, stored.claimId, stored.debtorId, decision.events, decision.nextReviewAt);
    const after: StoredClaim = { ...stored, version: stored.version + prepared.request.entries.length, entries: stored.entries.concat(prepared.request.entries) };
    expect(ctx.stateOf(after)).not.toBe(ctx.stateOf(after));
    expect(ctx.stateOf(after)).toEqual(project(ctx.eventsOf(after)));
  });
});
