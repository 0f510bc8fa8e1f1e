import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { json, runWith } from './run.js';
import { describePostgres, freshDatabase } from './support/postgres.js';
import { buildWorkerEntry } from './support/worker-bundle.js';

// `mahnwerk run --workers N` across 2027-01-01 (§ 247 BGB: a new base rate every 1 January and
// 1 July; the shipped table ends 2026-12-31): every worker builds its engine from the parent's
// config through hostEngineOptions → configStatementOptions, so the config's `baseRates` reach the
// workers; while the rate is missing the parent exits 3 with the same summary as one process, and once
// the row is added the same command — the same day, still with --workers — decides the claims left, as
// one process does (@mahnwerk/runner gives a claim whose decision failed up for its run, not the day).
// 2.00 % for 2027-01-01 is a TEST FIGURE, not the published rate.

const testRow = { from: '2027-01-01', ratePercent: '2.00', source: 'TEST FIGURE — not the published rate' };

// Business claims (§ 288 Abs. 2 BGB) due on a calendar day (§ 286 Abs. 2 Nr. 1 BGB): in default from 2026-12-16.
const book = JSON.stringify(
  ['B-1', 'B-2', 'B-3'].map((id, i) => ({
    id,
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2026-12-01',
    dueDate: '2026-12-15',
    dueDateIsCalendarDate: true,
    debtor: { id: `D-${i + 1}`, kind: 'business', name: `Muster ${i + 1} GmbH`, email: `ap${i + 1}@muster.example` },
  })),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-workers-base-rates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describePostgres('mahnwerk run --workers N across 2027-01-01', () => {
  let entry: string;
  beforeAll(async () => {
    entry = await buildWorkerEntry();
  }, 120_000);

  it('without the base rate for 2027-01-01 the parent exits 3 naming base_rate_unknown and the fix "run the same command again"; with the config row the same command (the same day, --workers) decides those claims, each once, and a third run nothing — before, the workers had marked them done for the day and the advice was to run without --workers', async () => {
    const url = await freshDatabase(`mw_cli_base_rates_${process.pid}`);
    const config = (rows: unknown[]) => JSON.stringify({ baseRates: rows, channels: { file: { dir: join(dir, 'out') } } });
    const files = { 'book.json': book, 'mw.json': config([]) };
    expect((await runWith(['import', 'book.json', '--db', url, '--config', 'mw.json'], { files })).code).toBe(0);
    const day = (date: string, f: Record<string, string>) =>
      runWith(['run', '--db', url, '--config', 'mw.json', '--date', date, '--now', `${date}T10:00:00Z`, '--workers', '2', '--batch-size', '1', '--json'], { files: f, workerEntry: entry });
    const december = await day('2026-12-20', files);
    expect(december.code).toBe(0);
    const first = json(december).sent as number;

    const missing = await day('2027-01-20', files);
    expect(missing.code).toBe(3);
    expect(json(missing)).toMatchObject({ decided: 0 });
    expect(json(missing).errors.map((e: { claimId: string; code: string }) => `${e.claimId} ${e.code}`).sort()).toEqual(['B-1 base_rate_unknown', 'B-2 base_rate_unknown', 'B-3 base_rate_unknown']);
    expect(missing.stderr).toBe(
      'mahnwerk run: 3 claims could not be decided (exit code 3; what was decided is stored):\n' +
        '  3 × base_rate_unknown (B-1, B-2, B-3): the base rate (§ 247 BGB) for 2027-01-01 is not known — the table ends on 2026-12-31. Add the base rate for 2027-01-01 to "baseRates" in mw.json: the Deutsche Bundesbank publishes it in the last days of the half-year before (§ 247 Abs. 2 BGB, in the Bundesanzeiger), e.g. "baseRates": [{ "from": "2027-01-01", "ratePercent": "<rate>", "source": "Deutsche Bundesbank, Bundesanzeiger of <date>" }]; then run the same command again (it decides only what is left). A later release of @mahnwerk/core carries the rate too.\n',
    );

    // With the row, the same command again: the workers decide the three claims given up, each once.
    const fixed = { ...files, 'mw.json': config([testRow]) };
    const withRow = await day('2027-01-20', fixed);
    expect(withRow.code).toBe(0);
    expect(withRow.stderr).toBe('');
    expect(json(withRow)).toMatchObject({ decided: 3, errors: [], claims: 3, leased: 3 });
    const sent = json(withRow).sent as number;
    expect(sent).toBeGreaterThan(0);
    // Nothing is left: a third run of the day leases, decides and sends nothing (no claim decided twice, no message sent twice).
    const again = await day('2027-01-20', fixed);
    expect(again.code).toBe(0);
    expect(json(again)).toMatchObject({ decided: 0, sent: 0, errors: [], claims: 0, leased: 0 });
    // Each message of the day once in the file channel's directory: what the first day wrote and the rerun's.
    expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.txt'))).toHaveLength(first + sent);
  }, 240_000);
});
