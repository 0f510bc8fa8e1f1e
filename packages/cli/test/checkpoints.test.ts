import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditAnchor, createMahnwerk, fixedClock, hmacCheckpointKey, verifyAnchoredStore } from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fileCheckpointExporter, lastCheckpoint, readCheckpointFile } from '../src/checkpoints.js';

// The file exporter of the audit anchor (issue 9 point 6): checkpoints land in a JSON-lines file
// outside the database; a restarted writer resumes its log; the file verifies the store.
const key = hmacCheckpointKey('c3'.repeat(32), 'file-test');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const claim = (id: string) => ({
  id,
  debtor: { id: `D-${id}`, kind: 'consumer' as const, name: `Name ${id}`, email: `${id}@example.org` },
  principal: '120.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
});

describe('fileCheckpointExporter / readCheckpointFile / lastCheckpoint', () => {
  it('two runs of one writer (the second resumed from the file) leave one gapless log that verifies the store; a tampered line is caught', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-checkpoints-'));
    dirs.push(dir);
    const file = join(dir, 'checkpoints.jsonl');
    const store = createMemoryClaimStore();
    const first = createMahnwerk({ store, clock: fixedClock('2025-01-02'), policy: 'de-b2c-default', anchor: createAuditAnchor({ signer: key, stream: 'w1', onCheckpoint: fileCheckpointExporter(file) }) });
    await first.createClaim(claim('A'));
    await first.createClaim(claim('B'));
    expect(lastCheckpoint(file, 'w1')?.sequence).toBe(2);
    // A restart: the anchor continues the log where the file ends.
    const second = createMahnwerk({
      store,
      clock: fixedClock('2025-02-20'),
      policy: 'de-b2c-default',
      anchor: createAuditAnchor({ signer: key, stream: 'w1', onCheckpoint: fileCheckpointExporter(file), resumeFrom: lastCheckpoint(file, 'w1') }),
    });
    await second.recordPayment({ claimId: 'A', paymentId: 'P-1', amount: '20.00', date: '2025-02-19' });
    const checkpoints = readCheckpointFile(file);
    expect(checkpoints.map((c) => c.sequence)).toEqual([1, 2, 3]);
    expect((await verifyAnchoredStore({ store, checkpoints, verifier: key })).findings).toEqual([]);

    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[1]?.replace('"claimId":"B"', '"claimId":"A"'), lines[2], ''].join('\n'));
    const forged = await verifyAnchoredStore({ store, checkpoints: readCheckpointFile(file), verifier: key });
    expect(forged.findings[0]).toMatchObject({ problem: 'checkpoint-invalid', position: 2 });
  });

  it('a line that is not JSON is refused naming the file and line; a missing file has no checkpoints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-checkpoints-'));
    dirs.push(dir);
    const file = join(dir, 'c.jsonl');
    expect(readCheckpointFile(file)).toEqual([]);
    writeFileSync(file, '{"sequence":1}\nnot json\n');
    expect(() => readCheckpointFile(file)).toThrow(/c\.jsonl:2: not a JSON checkpoint/);
  });
});
