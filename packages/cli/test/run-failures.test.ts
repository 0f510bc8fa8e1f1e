import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendRequest, ClaimEvent, ClaimStore } from '@mahnwerk/core';
import { failuresOf, failuresOverWorkers, recordingDeliveries, type DeliveryOutcome } from '../src/delivery-failures.js';
import { daytime, json, keepDirectoriesOpen, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// A message whose channel is not configured would be given up on at once (core's delivery: `no
// channel "…" is configured` is a failure that is not retried) while its stage — fees included — is
// recorded. `mahnwerk run` refuses such a config before it decides anything (exit 2), naming the
// config field to set; a run whose messages fail for another reason still says which and why.

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

describe('rule: mahnwerk run refuses, before deciding, a config on which a message of the policy could go out on no channel', () => {
  it('no channels configured: exit 2 naming channels.file and what to write; nothing decided (no stage, no message) — before the fix the reminder was queued and failed for good', async () => {
    const db = join(dir, 'no-channels');
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: db }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);

    // The reminder stage is due 7 days after the due date: 2025-01-16 + 7 = 2025-01-23.
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23')], { files });
    expect(day.code).toBe(2);
    expect(day.stdout).toBe('');
    expect(day.stderr).toBe(
      'mahnwerk run: mw.json: channels.file: no channel is configured, and the policy "auto" sends by "email", "letter": every message of the run would fail and not be retried, while its stage and costs are recorded. Set "channels": { "file": { "dir": "./outbox" } } in mw.json (each message is written into a file there), or configure the real channel; nothing was decided.\n',
    );

    const status = await runWith(['status', '--config', 'mw.json', '--json'], { files });
    expect(json(status).messages).toEqual([]);
    // Nothing paid or credited: all of the principal still open.
    expect(json(status).claims).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 1, amount: '120.00', openPrincipal: '120.00' }]);
  }, 120_000);

  it('a file channel for sms only: exit 2 naming channels.file.channels and the channels to add; with email and letter the same run sends the reminder', async () => {
    const db = join(dir, 'sms-only');
    const config = (channels: string[]) => JSON.stringify({ database: db, channels: { file: { dir: join(dir, 'outbox'), channels } } });
    const files = { 'book.json': book, 'mw.json': config(['sms']) };
    await runWith(['import', 'book.json', '--config', 'mw.json'], { files });
    const refused = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23'), '--json'], { files });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^mahnwerk run: mw\.json: channels\.file\.channels: the file channel stands in for "sms" only, and the policy "auto" sends by "email", "letter" with no configured fallback: .* Add "email", "letter" to "channels\.file\.channels" in mw\.json; nothing was decided\.\n$/);
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2025-01-23', '--now', daytime('2025-01-23'), '--json'], { files: { ...files, 'mw.json': config(['email', 'letter']) } });
    expect(day.code).toBe(0);
    expect(json(day)).toMatchObject({ decided: 1, sent: 1, failed: 0, failures: [] });
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
