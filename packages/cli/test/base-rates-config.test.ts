import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { germanBaseRateTable } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, configStatementOptions, parseConfig } from '../src/config.js';
import { openConfiguredHost } from '../src/host.js';
import type { CliIo } from '../src/io.js';
import { undecidedSummary } from '../src/commands/run.js';
import { json, keepDirectoriesOpen, openKept, runWith } from './run.js';
import { bookOfClaimInDefault, testBaseRateRow } from './support/base-rate-claim.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// § 247 BGB: the base rate changes every 1 January and 1 July; the Deutsche Bundesbank publishes the
// new one in the last days of the half-year before (§ 247 Abs. 2 BGB, in the Bundesanzeiger). The
// table shipped with @mahnwerk/core ends with the half-year 2026-07-01–2026-12-31, so from
// 2027-01-01 every claim in default needs a rate the release does not know: `baseRates` in
// mahnwerk.config.json adds it (core's extendBaseRates: added, never replacing a confirmed rate),
// and `mahnwerk run` exits 3 naming the fix while it is missing.
//
// 2.00 % for 2027-01-01 below is a TEST FIGURE, not the published rate.

const testRow = testBaseRateRow;

const problem = (config: unknown): string => {
  try {
    parseConfig(JSON.stringify(config), 'mw.json');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('baseRates in mahnwerk.config.json: rows added to the built-in table (§ 247 BGB)', () => {
  it('a row for the half-year after the built-in table is added: the table the engines get is known until 2027-06-30; without rows it is the built-in one', () => {
    const config = parseConfig(JSON.stringify({ baseRates: [testRow] }), 'mw.json');
    expect(config.baseRates).toEqual([testRow]);
    const table = configStatementOptions(config).baseRates as typeof germanBaseRateTable;
    expect(germanBaseRateTable.knownUntil).toBe('2026-12-31');
    expect(table.knownUntil).toBe('2027-06-30');
    expect(table.rows.at(-1)).toEqual(testRow);
    // Every built-in row is still there: rows are added, not replacing the table.
    expect(table.rows.slice(0, -1)).toEqual(germanBaseRateTable.rows);
    expect(configStatementOptions(configSchema.parse({})).baseRates).toBe(germanBaseRateTable);
    // One table per config: every statement of its engines shares it (core's statement memo compares by identity).
    expect(configStatementOptions(config).baseRates).toBe(table);
  });

  it('negative rates are allowed (the base rate was negative 2013–2022, e.g. -0.88 %); a built-in half-year may be repeated with its own rate', () => {
    expect(problem({ baseRates: [{ ...testRow, ratePercent: '-0.50' }] })).toBe('accepted');
    // 2026-01-01 is 1.27 % in the built-in table (confirmed): the same rate is no conflict.
    expect(problem({ baseRates: [{ from: '2026-01-01', ratePercent: '1.27', source: 'Bundesbank' }, { from: '2026-07-01', ratePercent: '1.52', source: 'Bundesbank' }, testRow] })).toBe('accepted');
  });

  it('§ 247 Abs. 1 S. 2 BGB: a half-year starts on 1 January or 1 July — another day is refused naming the row and the rule', () => {
    expect(problem({ baseRates: [{ ...testRow, from: '2027-02-01' }] })).toBe(
      'mw.json: baseRates[0].from: must be 1 January or 1 July: the base rate changes only on these days (§ 247 Abs. 1 S. 2 BGB). To fix: each row is one half-year of the Bundesbank\'s publication (§ 247 Abs. 2 BGB), from the half-year after the built-in table\'s last one (or one it has, with the same rate), in ascending order without gaps (see the JSON Schema schema/mahnwerk.config.schema.json of @mahnwerk/cli).',
    );
  });

  it('the rate is a decimal string in percent: a JSON number or a decimal comma is refused naming the field', () => {
    expect(problem({ baseRates: [{ ...testRow, ratePercent: 2 }] })).toMatch(/^mw\.json: baseRates\[0\]\.ratePercent: must be a decimal string in quotes such as "1\.27" or "-0\.88" \(percent, not a JSON number\)/);
    expect(problem({ baseRates: [{ ...testRow, ratePercent: '2,00' }] })).toMatch(/^mw\.json: baseRates\[0\]\.ratePercent: must be a decimal string such as "1\.27" or "-0\.88" \(percent, not a JS number\)\. To fix: /);
    expect(problem({ baseRates: [{ from: '2027-01-01', ratePercent: '2.00' }] })).toMatch(/^mw\.json: baseRates\[0\]\.source: /);
    expect(problem({ baseRates: [{ ...testRow, rate: '2.00' }] })).toMatch(/^mw\.json: baseRates\[0\]: Unrecognized key: "rate"/);
  });

  it('no other rate for a confirmed built-in half-year: 2026-01-01 is 1.27 % — 2.00 % is refused naming the row and how to fix it', () => {
    expect(problem({ baseRates: [{ from: '2026-01-01', ratePercent: '2.00', source: 'x' }] })).toBe(
      'mw.json: baseRates[0].ratePercent: 2026-01-01 already has the confirmed base rate 1.27 % in the table, not 2.00 %. To fix: remove the row (the built-in table has this half-year) or give the built-in rate; a confirmed rate is corrected by a new release of @mahnwerk/core, not by the config (see the JSON Schema schema/mahnwerk.config.schema.json of @mahnwerk/cli).',
    );
  });

  it('every half-year, in order: a row that leaves a gap after the table (2027-07-01 without 2027-01-01) is refused naming the half-year missing', () => {
    expect(problem({ baseRates: [{ ...testRow, from: '2027-07-01' }] })).toMatch(
      /^mw\.json: baseRates\[0\]\.from: 2027-07-01 leaves a gap after the table's last row 2026-07-01; the next row must be 2027-01-01 \(list every half-year, also unchanged ones\)\. To fix: /,
    );
    expect(problem({ baseRates: [testRow, { ...testRow, from: '2028-01-01' }] })).toMatch(/^mw\.json: baseRates\[1\]\.from: 2028-01-01 follows 2027-01-01, but the next row must be 2027-07-01\./);
  });
});

// A business claim (§ 288 Abs. 2 BGB: base rate + 9 points) of 1000.00 EUR due on the calendar day
// 2026-12-15: in default from 2026-12-16 without a reminder (§ 286 Abs. 2 Nr. 1 BGB, interest from
// the day after, § 187 Abs. 1 BGB), so its interest runs across 2027-01-01.
const book = bookOfClaimInDefault();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-base-rates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noIo: CliIo = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '', readFile: async () => '', writeFile: async () => undefined, openStore: openKept };

describe('mahnwerk run across 2027-01-01 (§ 247 BGB, § 288 Abs. 2 BGB)', () => {
  it('with the config row for 2027-01-01 the run decides the claim in default and its interest runs across the change at 2.00 % + 9 points', async () => {
    const db = join(dir, 'with-row');
    const text = JSON.stringify({ database: db, baseRates: [testRow], channels: { file: { dir: join(dir, 'out-with') } } });
    const files = { 'book.json': book, 'mw.json': text };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    // 2026-12-20 records the default of 2026-12-16; 2027-01-20 sends the dunning notice, its statement computed into 2027.
    for (const date of ['2026-12-20', '2027-01-20']) {
      const day = await runWith(['run', '--config', 'mw.json', '--date', date, '--now', `${date}T10:00:00Z`, '--json'], { files });
      expect(day.code).toBe(0);
      expect(day.stderr).toBe('');
      expect(json(day)).toMatchObject({ decided: 1, errors: [] });
    }
    // The statement of the same engine every command builds (hostEngineOptions → configStatementOptions).
    // By hand, 1000.00 EUR, act/365 (2026 and 2027 are no leap years):
    //   2026-12-16 … 2026-12-31: 16 days at 1.52 + 9 = 10.52 %: 1000.00 × 0.1052 × 16 / 365 = 1683.20 / 365 = 4.6115… → 4.61
    //   2027-01-01 … 2027-01-31: 31 days at 2.00 + 9 = 11.00 % (TEST FIGURE): 1000.00 × 0.11 × 31 / 365 = 3410 / 365 = 9.3424… → 9.34
    //   interest 4.61 + 9.34 = 13.95
    const host = await openConfiguredHost(parseConfig(text, 'mw.json'), db, noIo, 'spec');
    try {
      const statement = await host.mahnwerk.statement('B-1', '2027-01-31');
      const periods = statement.lines.filter((l) => l.part === 'interest').map((l) => ({ from: l.date, to: l.to, days: l.days, rate: l.ratePercent, amount: l.amount.amount.toString() }));
      expect(periods).toEqual([
        { from: '2026-12-16', to: '2026-12-31', days: 16, rate: '10.52', amount: '4.61' },
        { from: '2027-01-01', to: '2027-01-31', days: 31, rate: '11', amount: '9.34' },
      ]);
      expect(statement.interest.amount.toFixed(2)).toBe('13.95');
    } finally {
      await host.close();
    }
  }, 120_000);

  it('without the row: the run reports base_rate_unknown, decides nothing and exits 3 with a summary naming the code and the fix — before the fix it exited 0', async () => {
    const db = join(dir, 'without-row');
    const files = { 'book.json': book, 'mw.json': JSON.stringify({ database: db, channels: { file: { dir: join(dir, 'out-without') } } }) };
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    expect((await runWith(['run', '--config', 'mw.json', '--date', '2026-12-20', '--now', '2026-12-20T10:00:00Z'], { files })).code).toBe(0);
    const day = await runWith(['run', '--config', 'mw.json', '--date', '2027-01-20', '--now', '2027-01-20T10:00:00Z', '--json'], { files });
    expect(day.code).toBe(3);
    expect(json(day)).toMatchObject({ decided: 0, errors: [{ claimId: 'B-1', code: 'base_rate_unknown' }] });
    expect(day.stderr).toBe(
      'mahnwerk run: 1 claim could not be decided (exit code 3; what was decided is stored):\n' +
        '  1 × base_rate_unknown (B-1): the base rate (§ 247 BGB) for 2027-01-01 is not known — the table ends on 2026-12-31. Add the base rate for 2027-01-01 to "baseRates" in mw.json: the Deutsche Bundesbank publishes it in the last days of the half-year before (§ 247 Abs. 2 BGB, in the Bundesanzeiger), e.g. "baseRates": [{ "from": "2027-01-01", "ratePercent": "<rate>", "source": "Deutsche Bundesbank, Bundesanzeiger of <date>" }]; then run the same command again (it decides only what is left). A later release of @mahnwerk/core carries the rate too.\n',
    );
    // The table output says the same after its table, and exits 3 too.
    const again = await runWith(['run', '--config', 'mw.json', '--date', '2027-01-20', '--now', '2027-01-20T10:00:00Z'], { files });
    expect(again.code).toBe(3);
    expect(again.stdout).toMatch(/error on claim B-1 \(base_rate_unknown\)/);
    // Adding the row is all it takes: the same day again decides the claim.
    const fixed = { ...files, 'mw.json': JSON.stringify({ ...JSON.parse(files['mw.json']), baseRates: [testRow] }) };
    const after = await runWith(['run', '--config', 'mw.json', '--date', '2027-01-20', '--now', '2027-01-20T10:00:00Z', '--json'], { files: fixed });
    expect(after.code).toBe(0);
    expect(json(after)).toMatchObject({ decided: 1, errors: [] });
  }, 120_000);
});

describe('mahnwerk simulate computes with the config\'s base rates (the same configStatementOptions)', () => {
  it('with the row the balance carries 13.95 interest to 2027-01-31 (hand calculation above); without it the simulation stops at 2027-01-01', async () => {
    const argv = ['simulate', '--claims', 'book.json', '--from', '2026-12-01', '--to', '2027-01-31', '--config', 'mw.json', '--json'];
    const withRow = await runWith(argv, { files: { 'book.json': book, 'mw.json': JSON.stringify({ baseRates: [testRow] }) } });
    expect(withRow.code).toBe(0);
    expect(json(withRow).claims[0].balance).toMatchObject({ principal: '1000.00', interest: '13.95' });
    const without = await runWith(argv, { files: { 'book.json': book, 'mw.json': '{}' } });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/base rate \(§ 247 BGB\) for 2027-01-01 is not known/);
  });
});

describe('the summary of claims a run could not decide (exit 3): one line per error code, its claims, the fix', () => {
  it('codes in order, the first five claims of each in id order, the generic fix with the error\'s own words; the claims are taken up again by the same command, one process or --workers N', () => {
    const config = configSchema.parse({});
    const errors = [
      ...['K-7', 'K-1', 'K-3', 'K-2', 'K-6', 'K-5', 'K-4'].map((claimId) => ({ claimId, code: 'base_rate_unknown', message: 'to: …' })),
      { claimId: 'K-9', code: 'version_conflict', message: 'the claim K-9 was changed by another process.' },
    ];
    const text = undecidedSummary(errors, config, undefined);
    expect(text?.split('\n')).toEqual([
      'mahnwerk run: 8 claims could not be decided (exit code 3; what was decided is stored):',
      expect.stringMatching(
        /^ {2}7 × base_rate_unknown \(K-1, K-2, K-3, K-4, K-5 and 2 more \(--json lists all\)\): .* to "baseRates" in mahnwerk\.config\.json: .*; then run the same command again \(it decides only what is left\)\. /,
      ),
      '  1 × version_conflict (K-9): the claim K-9 was changed by another process. Fix what it says, then run the same command again (it decides only what is left).',
      '',
    ]);
    expect(undecidedSummary([], config, undefined)).toBeUndefined();
  });

  it('with a config row for 2027-01-01 the half-year to add is the next one, 2027-07-01', () => {
    const config = parseConfig(JSON.stringify({ baseRates: [testRow] }), 'mw.json');
    expect(undecidedSummary([{ claimId: 'K-1', code: 'base_rate_unknown', message: '…' }], config, 'mw.json')).toMatch(
      /the base rate \(§ 247 BGB\) for 2027-07-01 is not known — the table ends on 2027-06-30\. Add the base rate for 2027-07-01 to "baseRates" in mw\.json/,
    );
  });
});
