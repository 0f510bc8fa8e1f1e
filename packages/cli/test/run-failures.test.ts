import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendRequest, ClaimEvent, ClaimStore } from '@mahnwerk/core';
import { failuresOf, failuresOverWorkers, recordingDeliveries, type DeliveryOutcome } from '../src/delivery-failures.js';
import { daytime, json, runWith } from './run.js';

// A message whose channel is not configured is given up on (core's delivery: `no channel "…" is
// configured` is a failure that is not retried, recorded as message-failed after the stage's
// fallback channel) — it does not wait in the outbox. `mahnwerk run` says so in words, with the
// reason and what to do, instead of only a count.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-run-failures-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const book = JSON.stringify([
  { id: 'R-1', principal: '120.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org' } },
]);

describe('rule: a run that fails messages says which and why in its output', () => {
  it('no channels configured: the reminder is failed (not pending), and the output names the channel and the config fix', async () => {
    const db = join(dir, 'no-channels');
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: db }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);

    // The reminder stage is due 7 days after the due date.
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23')], { files });
    expect(day.stderr).toBe('');
    expect(day.code).toBe(0);
    expect(day.stdout).toContain('1 message failed: no channel "email" is configured; on its fallback letter: no channel "letter" is configured — ');
    expect(day.stdout).toMatch(/add a file channel \("channels": \{ "file": \{ "dir": "\.\/outbox" \} \}\) to mw\.json/);

    const status = await runWith(['status', '--config', 'mw.json', '--json'], { files });
    expect(json(status).messages).toEqual([{ template: 'reminder', channel: 'email', status: 'failed', count: 1 }]);
  }, 120_000);

  it('--json lists the failures by channel and reason beside the count', async () => {
    const db = join(dir, 'no-channels-json');
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: db }) };
    await runWith(['import', 'book.json', '--config', 'mw.json'], { files });
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23'), '--json'], { files });
    const result = json(day);
    expect(result.failed).toBe(1);
    expect(result.failures).toEqual([{ channel: 'email', error: expect.stringMatching(/^no channel "email" is configured/), messages: 1 }]);
  }, 120_000);
});

describe('failuresOf: what the run reports as failed', () => {
  it('one message that failed on its channel and then on its fallback is one failure with both reasons; one sent on its fallback is none', () => {
    const failed = (messageId: string, channel: string) =>
      ({ type: 'message-failed', messageId, channel, error: `no channel "${channel}" is configured`, retryable: false, date: '2025-01-23' }) as unknown as ClaimEvent;
    const events = [failed('m-1', 'email'), failed('m-1', 'letter'), failed('m-2', 'email'), { type: 'message-sent', messageId: 'm-2', channel: 'letter', date: '2025-01-23' } as unknown as ClaimEvent];
    expect(failuresOf(events)).toEqual([{ channel: 'email', error: 'no channel "email" is configured; on its fallback letter: no channel "letter" is configured', messages: 1 }]);
  });
});

describe('failuresOverWorkers: the failures of `run --workers N`, over all workers', () => {
  const failed = (claimId: string, seq: number, channel: string): DeliveryOutcome => ({ type: 'message-failed', messageId: `${claimId}/m`, channel, error: `no channel "${channel}" is configured`, claimId, seq });
  const sent = (claimId: string, seq: number): DeliveryOutcome => ({ type: 'message-sent', messageId: `${claimId}/m`, claimId, seq });

  it('a message that failed on its channel in one worker and on its fallback in another is one failure, its own channel first, whatever the order of the workers', () => {
    const reason = { channel: 'email', error: 'no channel "email" is configured; on its fallback letter: no channel "letter" is configured', messages: 1 };
    expect(failuresOverWorkers([[failed('K-1', 5, 'letter')], [failed('K-1', 4, 'email')]])).toEqual([reason]);
    expect(failuresOverWorkers([[failed('K-1', 4, 'email')], [failed('K-1', 5, 'letter')]])).toEqual([reason]);
  });

  it('a message sent on its fallback by another worker is no failure; the same reason in several workers is counted once per message', () => {
    expect(failuresOverWorkers([[sent('K-1', 5)], [failed('K-1', 4, 'email')]])).toEqual([]);
    expect(failuresOverWorkers([[failed('K-1', 4, 'email')], [failed('K-2', 3, 'email')], []])).toEqual([{ channel: 'email', error: 'no channel "email" is configured', messages: 2 }]);
  });
});

describe('recordingDeliveries: what a worker reports of the deliveries it wrote', () => {
  const entry = (seq: number, event: Record<string, unknown>) => ({ seq, event: { claimId: 'K-1', date: '2025-01-23', ...event }, prevHash: '', hash: '' });
  const request = (claimId: string, entries: ReturnType<typeof entry>[]) => ({ claimId, debtorId: 'D-1', expectedVersion: 0, entries, nextReviewAt: null }) as unknown as AppendRequest;

  it('message-failed (with its reason) and message-sent of written entries only: not the other events, not a request refused as a conflict; the rest of the store is its own', async () => {
    const base = {
      specificationVersion: 'v1',
      schema: 'mahnwerk',
      append: async () => ({ version: 2 }),
      appendMany: async (requests: readonly AppendRequest[]) =>
        requests.map((r, i) => (i === 1 ? { claimId: r.claimId, status: 'conflict' as const, error: new Error('moved on') } : { claimId: r.claimId, status: 'appended' as const, version: 2 })),
    } as unknown as ClaimStore & { schema: string };
    const seen: DeliveryOutcome[] = [];
    const store = recordingDeliveries(base, (o) => seen.push(...o));
    expect(store.schema).toBe('mahnwerk');
    await store.append(request('K-1', [entry(0, { type: 'stage-entered', stage: 'reminder', stageIndex: 0 }), entry(1, { type: 'message-failed', messageId: 'm-1', channel: 'email', error: 'no channel "email" is configured', retryable: false })]));
    await store.appendMany?.([request('K-2', [entry(3, { type: 'message-sent', messageId: 'm-2', channel: 'letter' })]), request('K-3', [entry(4, { type: 'message-sent', messageId: 'm-3', channel: 'letter' })])]);
    expect(seen).toEqual([
      { type: 'message-failed', messageId: 'm-1', channel: 'email', error: 'no channel "email" is configured', claimId: 'K-1', seq: 1 },
      { type: 'message-sent', messageId: 'm-2', claimId: 'K-1', seq: 3 },
    ]);
  });
});
