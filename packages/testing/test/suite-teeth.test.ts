import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface JsonReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

function runSuiteFile(file: string): Promise<{ code: number | null; report: JsonReport }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--config', join(here, 'teeth', 'vitest.config.ts'), '--reporter=json', file],
      { cwd: join(here, '..'), maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout) => {
        const start = stdout.indexOf('{');
        if (start < 0) {
          reject(error ?? new Error(`no JSON report from the child vitest: ${stdout.slice(0, 500)}`));
          return;
        }
        resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), report: JSON.parse(stdout.slice(start)) as JsonReport });
      },
    );
  });
}

describe('testClaimStore has teeth (run in a child vitest)', () => {
  it('registered against a store that ignores expectedVersion, the suite FAILS its concurrency checks; against the memory store it passes', async () => {
    const { code, report } = await runSuiteFile('flawed-store');
    expect(code).not.toBe(0);
    const results = report.testResults.flatMap((r) => r.assertionResults);
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.fullName);
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ClaimStore conformance: flawed: ignores expectedVersion optimistic concurrency an append with an expectedVersion behind'),
        expect.stringContaining('ClaimStore conformance: flawed: ignores expectedVersion optimistic concurrency of concurrent appends creating the same claim'),
      ]) as string[],
    );
    expect(failed.every((name) => name.startsWith('ClaimStore conformance: flawed'))).toBe(true);
    const memory = results.filter((r) => r.fullName.startsWith('ClaimStore conformance: memory'));
    expect(memory.length).toBeGreaterThan(20);
    expect(memory.every((r) => r.status === 'passed')).toBe(true);
    const message = results.find((r) => r.status === 'failed')?.failureMessages[0] ?? '';
    expect(message).toContain("code 'conflict'");
  }, 120_000);
});

describe('testChannel has teeth (run in a child vitest)', () => {
  it('registered against a channel that delivers every send and ignores its signal, the suite FAILS its idempotency and cancellation checks; against the recording channel it passes', async () => {
    const { code, report } = await runSuiteFile('flawed-channel');
    expect(code).not.toBe(0);
    const results = report.testResults.flatMap((r) => r.assertionResults);
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.fullName);
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Channel conformance: flawed: delivers every send idempotency sending the same id again delivers once'),
        expect.stringContaining('Channel conformance: flawed: delivers every send idempotency a send is deduplicated by its idempotency key'),
        expect.stringContaining('Channel conformance: flawed: delivers every send cancellation a send whose signal has already fired'),
      ]) as string[],
    );
    expect(failed.every((name) => name.startsWith('Channel conformance: flawed'))).toBe(true);
    const good = results.filter((r) => r.fullName.startsWith('Channel conformance: recording'));
    expect(good.length).toBeGreaterThan(10);
    expect(good.every((r) => r.status === 'passed' || r.status === 'skipped')).toBe(true);
    expect(good.filter((r) => r.status === 'passed').length).toBeGreaterThan(10);
  }, 120_000);
});

describe('testPaymentProvider has teeth (run in a child vitest)', () => {
  it('registered against a provider that accepts any signature, the suite FAILS its signature checks; against the recording provider it passes', async () => {
    const { code, report } = await runSuiteFile('flawed-payment-provider');
    expect(code).not.toBe(0);
    const results = report.testResults.flatMap((r) => r.assertionResults).filter((r) => r.fullName.startsWith('PaymentProvider'));
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.fullName);
    expect(failed).toEqual([
      expect.stringContaining("PaymentProvider conformance: flawed: accepts any signature handleWebhook a tampered body, a missing signature or another request's signature is rejected"),
      expect.stringContaining('PaymentProvider conformance: flawed: accepts any signature ledger through the host, a forged payment webhook writes nothing'),
    ]);
    const recording = results.filter((r) => r.fullName.startsWith('PaymentProvider conformance: recording'));
    // 5 link checks (the failure check is skipped without a failing factory), 9 webhook and ledger checks.
    expect(recording.filter((r) => r.status === 'passed')).toHaveLength(14);
    expect(recording.some((r) => r.status === 'failed')).toBe(false);
    const message = results.find((r) => r.status === 'failed')?.failureMessages[0] ?? '';
    expect(message).toContain("reason 'bad-signature'");
  }, 120_000);
});
