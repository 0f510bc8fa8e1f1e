import { appendAudit, buildAuditChain, MahnwerkError, type AuditEntry, type ClaimEvent, type OutboxMessage } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, fixtures } from '../src/index.js';

/** What the memory store does beyond the port's promises (those are in claim-store.conformance.test.ts). */

const facts = fixtures.consumerClaim({ id: 'M-1', debtor: { id: 'D-1' } });
const created = fixtures.claimCreated(facts);
const chain = buildAuditChain<ClaimEvent>([created, { type: 'default-began', claimId: 'M-1', date: '2025-01-01', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' }]);

function outbox(id: string, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return { id, claimId: 'M-1', debtorId: 'D-1', channel: 'email', template: 't', date: '2025-01-10', status: 'pending', attempts: 0, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<MahnwerkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MahnwerkError.isInstance(error)).toBe(true);
  return error as MahnwerkError;
}

describe('createMemoryClaimStore: refusals beyond the port (caller bugs → ValidationError naming the field)', () => {
  it('a version conflict is a retryable ConflictError that says how to recover', async () => {
    const store = createMemoryClaimStore();
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain, nextReviewAt: null });
    const error = await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: [], nextReviewAt: null }));
    expect(error.code).toBe('conflict');
    expect(error.name).toBe('ConflictError');
    expect(error.retryable).toBe(true);
    expect(error.field).toBe('expectedVersion');
    expect(error.message).toMatch(/expected version 1, but the store holds version 2.*load it again/);
  });

  it('a reused idempotency key is a ConflictError naming the key and where it was used', async () => {
    const store = createMemoryClaimStore();
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null, idempotencyKey: 'cmd-1' });
    const error = await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: chain.slice(1), nextReviewAt: null, idempotencyKey: 'cmd-1' }));
    expect(error.code).toBe('conflict');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('idempotency key "cmd-1" was already used (claim "M-1", version 1)');
  });

  it('an outbox id already stored (or twice in one write) is refused with conflict: ids are the channels\u2019 idempotency keys', async () => {
    const store = createMemoryClaimStore();
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null, outbox: [outbox('m-1')] });
    const again = await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: chain.slice(1), nextReviewAt: null, outbox: [outbox('m-1')] }));
    expect(again.code).toBe('conflict');
    expect(again.field).toBe('outbox[0].id');
    const twice = await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: chain.slice(1), nextReviewAt: null, outbox: [outbox('m-2'), outbox('m-2')] }));
    expect(twice.field).toBe('outbox[1].id');
    expect((await store.load('M-1'))?.version).toBe(1);
  });

  it('the first write of a claim must start with claim-created', async () => {
    const store = createMemoryClaimStore({ verifyChain: false });
    const error = await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: [], nextReviewAt: null }));
    expect([error.code, error.field]).toEqual(['invalid_input', 'entries']);
    const wrong = buildAuditChain<ClaimEvent>([{ type: 'settled', claimId: 'M-1', date: '2025-01-01' }]);
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: wrong, nextReviewAt: null }))).message).toContain('not with settled');
  });

  it('entries must continue the chain: seq, prevHash and hash are checked', async () => {
    const store = createMemoryClaimStore();
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null });
    const foreign = buildAuditChain<ClaimEvent>([created, { type: 'settled', claimId: 'M-1', date: '2025-01-02' }]);
    // Right seq, but linked to another chain's head.
    const other = appendAudit(buildAuditChain<ClaimEvent>([fixtures.claimCreated(fixtures.consumerClaim({ id: 'M-1', principal: '1.00', debtor: { id: 'D-1' } }))]), { type: 'settled', claimId: 'M-1', date: '2025-01-02' });
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: [other], nextReviewAt: null }))).field).toBe('entries[0].prevHash');
    const forged: AuditEntry<ClaimEvent> = { ...(foreign[1] as AuditEntry<ClaimEvent>), event: { type: 'settled', claimId: 'M-1', date: '2025-01-03' } };
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: [forged], nextReviewAt: null }))).field).toBe('entries[0].hash');
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: [chain[0] as AuditEntry<ClaimEvent>], nextReviewAt: null }))).field).toBe('entries[0].seq');
    // With verifyChain off, only the seq is checked.
    const loose = createMemoryClaimStore({ verifyChain: false });
    await loose.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null });
    await expect(loose.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 1, entries: [forged], nextReviewAt: null })).resolves.toEqual({ version: 2 });
  });

  it('entries and outbox messages of another claim, and a different debtor, are refused', async () => {
    const store = createMemoryClaimStore();
    expect((await rejection(store.append({ claimId: 'M-2', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null }))).field).toBe('entries[0].event.claimId');
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null, outbox: [outbox('x', { claimId: 'M-9' })] }))).field).toBe('outbox[0].claimId');
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain.slice(0, 1), nextReviewAt: null });
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-2', expectedVersion: 1, entries: chain.slice(1), nextReviewAt: null }))).field).toBe('debtorId');
  });

  it('malformed input names the field: dates, limits, statuses, unknown outbox ids', async () => {
    const store = createMemoryClaimStore();
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain, nextReviewAt: '2025-02-30' }))).field).toBe('nextReviewAt');
    expect((await rejection(store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: -1, entries: chain, nextReviewAt: null }))).field).toBe('expectedVersion');
    expect((await rejection(store.append({ claimId: '', debtorId: 'D-1', expectedVersion: 0, entries: chain, nextReviewAt: null }))).field).toBe('claimId');
    expect((await rejection(store.listDue('2025-1-1'))).field).toBe('date');
    expect((await rejection(store.listDue('2025-01-01', { limit: 1.5 }))).field).toBe('limit');
    expect((await rejection(store.pendingOutbox({ limit: -1 }))).field).toBe('limit');
    expect((await rejection(store.contactsSince('D-1', 'yesterday'))).field).toBe('since');
    expect((await rejection(store.markOutbox('nope', 'sent'))).field).toBe('id');
    expect(store.claimIds()).toEqual([]);
  });

  it('claimIds() and outbox() read out the whole store (copies, in order)', async () => {
    const store = createMemoryClaimStore();
    const b = buildAuditChain<ClaimEvent>([fixtures.claimCreated(fixtures.consumerClaim({ id: 'M-0', debtor: { id: 'D-1' } }))]);
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain, nextReviewAt: null, outbox: [outbox('m-1')] });
    await store.append({ claimId: 'M-0', debtorId: 'D-1', expectedVersion: 0, entries: b, nextReviewAt: null, outbox: [outbox('m-0', { claimId: 'M-0' })] });
    await store.markOutbox('m-1', 'sent');
    expect(store.claimIds()).toEqual(['M-0', 'M-1']);
    expect(store.outbox().map((m) => [m.id, m.status, m.attempts])).toEqual([
      ['m-1', 'sent', 1],
      ['m-0', 'pending', 0],
    ]);
    (store.outbox()[0] as { status: string }).status = 'pending';
    expect(store.outbox()[0]?.status).toBe('sent');
  });

  it('contactsSince lists a debtor\u2019s messages by decision date, then write order', async () => {
    const store = createMemoryClaimStore();
    await store.append({ claimId: 'M-1', debtorId: 'D-1', expectedVersion: 0, entries: chain, nextReviewAt: null, outbox: [outbox('late', { date: '2025-01-20' }), outbox('early', { date: '2025-01-05' }), outbox('early-2', { date: '2025-01-05' })] });
    expect((await store.contactsSince('D-1', '2025-01-01')).map((m) => m.id)).toEqual(['early', 'early-2', 'late']);
  });
});
