import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedByRule } from '../src/commands/run.js';
import { daytime, json, keepDirectoriesOpen, runWith } from './run.js';
import { describePostgres, freshDatabase } from './support/postgres.js';
import { buildWorkerEntry } from './support/worker-bundle.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// `mahnwerk run` says why steps were blocked, not only how many: grouped by the guard's rule, most
// steps first (then by rule id), with the rule's legal basis and text from core's guardRules and the
// claims concerned in id order — a few in the table, all in --json — the same for one process and
// for N workers (whose blocked steps come back from the runner's `blockedSteps`).

let dir: string;
// The config: a creditor (the agency) with its § 13a information, and a file channel for e-mail and
// letter in the test's directory — `run` refuses a config on which the policy's messages could go out
// on no channel.
let files: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-blocked-'));
  files = { 'mw.json': JSON.stringify({ creditor, inkasso, channels: { file: { dir: join(dir, 'outbox') } } }) };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const creditor = { name: 'Muster Inkasso GmbH', addressLines: ['Inkassoplatz 2', '10117 Berlin'], isCollectionAgency: true, email: 'post@muster-inkasso.example' };
const inkasso = {
  client: { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] },
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['Adenauerallee 99–103', '53113 Bonn'], website: 'https://www.bundesjustizamt.de' },
  addressResearched: false,
};
// Three consumer claims due 2025-01-17 under the built-in consumer policy: RE-1 has description and
// contractDate; RE-2 lacks both, RE-3 the contract date — so § 13a Abs. 1 Nr. 2 RDG bars handing
// RE-2 and RE-3 over (guard.agency-handover-needs-claim-reason; import warns about the same two rows).
const book = [
  'id,principal,currency,invoiceDate,dueDate,description,contractDate,debtor.id,debtor.kind,debtor.name,debtor.email,debtor.address',
  'RE-1,99.90,EUR,2025-01-03,2025-01-17,Jahresabo Kaffeebohnen,2024-12-20,D-1,consumer,Erika Mustermann,erika@example.org,Heidestraße 17|51147 Köln',
  'RE-2,50.00,EUR,2025-01-03,2025-01-17,,,D-2,consumer,Jürgen Groß,j@example.org,Weg 1|10115 Berlin',
  'RE-3,20.00,EUR,2025-01-03,2025-01-17,Wanderschuhe Gr. 42,,D-3,consumer,Anna Schmidt,a@example.org,Weg 2|10115 Berlin',
].join('\n');
// Reminder, dunning notice and final notice (due + 7, previous + 14, previous + 21 after the deadlines), then the handover stage (previous + 17).
const stagesBefore = ['2025-01-27', '2025-02-12', '2025-03-06'];
const handoverDay = '2025-03-26';

const handoverText =
  "A consumer's claim is not handed over to a collection agency or a lawyer (and no collection costs are charged) while it lacks the contract's subject (description) or the date it was concluded (contractDate): their first letter must name both (§ 13a Abs. 1 Nr. 2 RDG; for a lawyer § 43d Abs. 1 Nr. 2 BRAO).";
/**
 * What the handover day's run blocked: RE-2 and RE-3 are not handed over (the guard above, predicted
 * from the book by hand; RE-1, complete, is, and its agency letter is the 1 message sent). The file
 * channel delivers every earlier notice, so RE-1's debtor is in default since the Mahnung was
 * received and its hand-over's collection costs are charged. (Before `run` refused a config without
 * channels, this spec ran without them: every notice failed, RE-1 was not in default, and a third step,
 * guard.no-fee-for-default-causing-notice on RE-1, was blocked too.) 2 steps = the 2 in "blocked".
 */
const expectedGroups = [
  { rule: 'guard.agency-handover-needs-claim-reason', basis: '§ 13a Abs. 1 Nr. 2 RDG', text: handoverText, steps: 2, claimIds: ['RE-2', 'RE-3'] },
];

describe('rule: mahnwerk run prints why steps were blocked, by rule, with the claims', { timeout: 300_000 }, () => {
  it('one process: the table\'s blocked count, then one line per rule (steps, rule, basis, text, claims); --json has the count as before and the groups beside it', async () => {
    const db = join(dir, 'one');
    expect((await runWith(['import', 'book.csv', '--config', 'mw.json', '--db', db], { files: { ...files, 'book.csv': book } })).code).toBe(0);
    for (const date of stagesBefore) expect((await runWith(['run', '--config', 'mw.json', '--db', db, '--date', date, '--now', daytime(date)], { files })).code).toBe(0);
    const text = await runWith(['run', '--config', 'mw.json', '--db', db, '--date', handoverDay, '--now', daytime(handoverDay), '--json'], { files });
    expect(text.code).toBe(0);
    const out = json(text) as { blocked: number; blockedByRule: unknown };
    expect(out.blocked).toBe(2);
    expect(out.blockedByRule).toEqual(expectedGroups);
  });

  it('the table output names each rule with its count and claims (before: only "blocked 2")', async () => {
    const db = join(dir, 'table');
    expect((await runWith(['import', 'book.csv', '--config', 'mw.json', '--db', db], { files: { ...files, 'book.csv': book } })).code).toBe(0);
    for (const date of stagesBefore) expect((await runWith(['run', '--config', 'mw.json', '--db', db, '--date', date, '--now', daytime(date)], { files })).code).toBe(0);
    const out = await runWith(['run', '--config', 'mw.json', '--db', db, '--date', handoverDay, '--now', daytime(handoverDay)], { files });
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[2]).toMatch(/^2025-03-26 +3 +\d+ +1 +0 +2 +0$/);
    expect(lines.slice(3, 5)).toEqual([`2 steps blocked by guard.agency-handover-needs-claim-reason (§ 13a Abs. 1 Nr. 2 RDG): ${handoverText} Claims RE-2, RE-3.`, '']);
  });
});

describe('blockedByRule: the grouping both paths of mahnwerk run use', () => {
  it('most steps first, ties by rule id; claims distinct and in id order, whatever order the steps came in (N workers)', () => {
    const steps = [
      { claimId: 'K-9', rule: 'guard.flat-fee-once' },
      { claimId: 'K-2', rule: 'guard.eur-only' },
      { claimId: 'K-10', rule: 'guard.flat-fee-once' },
      { claimId: 'K-1', rule: 'guard.flat-fee-once' },
      { claimId: 'K-2', rule: 'guard.flat-fee-once' },
      { claimId: 'K-1', rule: 'guard.collection-costs-once' },
      { claimId: 'K-1', rule: 'guard.flat-fee-once' },
    ] as const;
    const groups = blockedByRule(steps);
    // By hand: flat-fee-once 5 steps on K-1 (twice), K-10, K-2, K-9 (code-unit order: "K-10" < "K-2");
    // collection-costs-once and eur-only 1 step each, in rule-id order.
    expect(groups.map((g) => [g.rule, g.steps, g.claimIds])).toEqual([
      ['guard.flat-fee-once', 5, ['K-1', 'K-10', 'K-2', 'K-9']],
      ['guard.collection-costs-once', 1, ['K-1']],
      ['guard.eur-only', 1, ['K-2']],
    ]);
    expect(blockedByRule([...steps].reverse())).toEqual(groups);
    expect(blockedByRule([])).toEqual([]);
  });
});

describePostgres('rule: mahnwerk run --workers N reports the blocked steps by rule as one process does', () => {
  it('two workers on PostgreSQL: the same blocked count and the same groups (the runner keeps each blocked step\'s claim and rule)', async () => {
    const entry = await buildWorkerEntry();
    const url = await freshDatabase(`mw_cli_blocked_${process.pid}`);
    expect((await runWith(['import', 'book.csv', '--config', 'mw.json', '--db', url], { files: { ...files, 'book.csv': book } })).code).toBe(0);
    for (const date of stagesBefore) expect((await runWith(['run', '--config', 'mw.json', '--db', url, '--date', date, '--now', daytime(date), '--workers', '2'], { files, workerEntry: entry })).code).toBe(0);
    const out = await runWith(['run', '--config', 'mw.json', '--db', url, '--date', handoverDay, '--now', daytime(handoverDay), '--workers', '2', '--json'], { files, workerEntry: entry });
    expect(out.code).toBe(0);
    const report = json(out) as { blocked: number; blockedByRule: unknown };
    expect(report.blocked).toBe(2);
    expect(report.blockedByRule).toEqual(expectedGroups);
  }, 300_000);
});
