import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daytime, json, keepDirectoriesOpen, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// mahnwerk amend: adds a claim's missing description and/or contract date (core's amendClaimFacts).
// Rule guard.agency-handover-needs-claim-reason (§ 13a Abs. 1 Nr. 2 RDG): a consumer's claim is not
// handed over to a collection agency while it lacks them, because the agency's first letter (template
// handover-inkasso) must name the contract's subject and the date it was concluded. After the
// amendment the next run hands the claim over and that letter names both.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-amend-'));
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

/** A consumer's claim with a description and no contract date (the import warns about it). */
const book = JSON.stringify([
  {
    id: 'RE-1',
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: true,
    description: 'Bestellung 4711: Gartenstuhl',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Heidestraße 17', '51147 Köln'] },
  },
]);

function setUp(name: string): { files: Record<string, string>; db: string } {
  const db = join(dir, name);
  return { db, files: { 'book.json': book, 'mw.json': JSON.stringify({ database: db, creditor, inkasso, channels: { file: { dir: './outbox' } } }) } };
}

describe('mahnwerk amend: a hand-over blocked for want of the contract date (§ 13a Abs. 1 Nr. 2 RDG) goes ahead after the amendment', { timeout: 300_000 }, () => {
  it('blocked runs write no agency letter and charge nothing; amend --contract-date, then the next run writes the agency letter naming description and date, with the collection costs of that day only', async () => {
    const { files } = setUp('handover');
    const imported = await runWith(['import', 'book.json', '--config', 'mw.json'], { files });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('mahnwerk amend --claim ID --description TEXT --contract-date YYYY-MM-DD');

    // Weekly runs: reminder, dunning notice, final notice, then the hand-over is blocked.
    const letters = new Map<string, string>();
    let blocked = 0;
    for (const date of ['2025-01-23', '2025-01-30', '2025-02-06', '2025-02-13', '2025-02-20', '2025-02-27', '2025-03-06', '2025-03-13', '2025-03-20', '2025-03-27', '2025-04-03']) {
      const out = await runWith(['run', '--config', 'mw.json', '--date', date, '--now', daytime(date), '--json'], { files });
      expect(out.code, out.stderr).toBe(0);
      blocked += json(out).blocked as number;
      for (const [path, text] of out.written) letters.set(path, text);
    }
    expect(blocked).toBe(1);
    expect([...letters.keys()].some((p) => p.includes('handover'))).toBe(false);
    const before = json(await runWith(['status', '--config', 'mw.json', '--json'], { files }));
    expect(before.claims).toEqual([expect.objectContaining({ status: 'in-default', stage: 'final-notice', count: 1 })]);

    const amended = await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--contract-date', '2024-12-20', '--today', '2025-04-04', '--json'], { files });
    expect(amended.stderr).toBe('');
    expect(amended.code).toBe(0);
    expect(json(amended)).toMatchObject({ claimId: 'RE-1', recorded: true, description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20', missingForHandover: [] });

    const run = await runWith(['run', '--config', 'mw.json', '--date', '2025-04-04', '--now', daytime('2025-04-04'), '--json'], { files });
    expect(json(run)).toMatchObject({ blocked: 0, decided: 1 });
    const handover = [...run.written].find(([path]) => path.includes('handover'));
    expect(handover?.[0]).toBe('./outbox/RE-1_msg_handover_1.txt');
    const text = handover?.[1] ?? '';
    // The § 13a Abs. 1 Nr. 2 RDG reason: the contract's date and subject from the amended facts (read in the letter by eye).
    expect(text).toContain('\nForderungsgrund: Vertrag vom 20.12.2024 über Bestellung 4711: Gartenstuhl; Rechnung RE-1 vom 02.01.2025, fällig am 16.01.2025\n');
    // Every cost the claim carries: the final notice's 1.00 and the collection costs of the hand-over day
    // (0.9 × 88.00 = 79.20 + 20 % = 15.84, § 13e Abs. 1 RDG, Nr. 2300/7002 VV RVG) — none for the blocked attempt.
    // (Amounts are printed with no-break spaces; compared with plain ones.)
    expect(text.replace(/[\u00a0\u202f]/g, ' ').split('\n').filter((l) => /^- .*(kosten|gebühr|pauschale).* vom /i.test(l))).toEqual([
      '- Mahnkosten (Porto und Material) vom 27.02.2025 (§§ 280 Abs. 1, 2, 286 BGB): 1,00 €',
      '- Geschäftsgebühr Nr. 2300 VV RVG vom 04.04.2025 (Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG (Fassung ab 01.01.2021), § 13e Abs. 1 RDG): 0,9 × 88,00 € = 79,20 €',
      '- Auslagenpauschale Nr. 7002 VV RVG vom 04.04.2025: 15,84 €',
    ]);
    const after = json(await runWith(['status', '--config', 'mw.json', '--json'], { files }));
    expect(after.claims).toEqual([expect.objectContaining({ status: 'handed-over', stage: 'handover', count: 1 })]);
  });
});

describe('mahnwerk amend: refusals name the flag, write nothing, exit 2', { timeout: 300_000 }, () => {
  it('bad date, date after the invoice, empty description, unknown claim, a set fact changed, nothing given, no database', async () => {
    const { files } = setUp('refusals');
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--claim', 'RE-1', '--contract-date', '2024-02-30'], /^mahnwerk amend: --contract-date: 2024-02-30 is not a day of the calendar \(February 2024 has 29 days\)/],
      [['--claim', 'RE-1', '--contract-date', '2025-01-03'], /^mahnwerk amend: --contract-date: 2025-01-03 is after the invoice date 2025-01-02; give the day the obligation arose\./],
      [['--claim', 'RE-1', '--contract-date', '2024-12-20', '--description', '  '], /^mahnwerk amend: --description: must not be empty\./],
      [['--claim', 'RE-9', '--contract-date', '2024-12-20'], /^mahnwerk amend: --claim: no claim "RE-9" in the store/],
      [['--claim', 'RE-1', '--description', 'Tisch'], /^mahnwerk amend: --description: claim "RE-1" has description "Bestellung 4711: Gartenstuhl" already; a fact that is set is not changed/],
      [['--claim', 'RE-1'], /^mahnwerk amend: --description \/ --contract-date: give the facts to add, one or both/],
      [['--claim', 'RE-1', '--today', '4.4.2025', '--contract-date', '2024-12-20'], /^mahnwerk amend: --today: "4\.4\.2025" is not a date written YYYY-MM-DD\./],
    ];
    for (const [args, message] of cases) {
      const out = await runWith(['amend', '--config', 'mw.json', ...args], { files });
      expect(out.stderr, args.join(' ')).toMatch(message);
      expect(out.code, args.join(' ')).toBe(2);
    }
    const noDb = await runWith(['amend', '--claim', 'RE-1', '--contract-date', '2024-12-20'], { files: {} });
    expect(noDb.stderr).toMatch(/^mahnwerk amend: --db: missing/);
    // Nothing was written: the claim still lacks its contract date, and the same value twice records once.
    // (On 2025-01-10, before default began on 2025-01-17, the amendment is the claim's only event after its creation: version 2.)
    const first = json(await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--contract-date', '2024-12-20', '--today', '2025-01-10', '--json'], { files }));
    expect(first).toMatchObject({ recorded: true, version: 2 });
    const again = await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--contract-date', '2024-12-20', '--today', '2025-01-10'], { files });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no (already set)');
    expect(again.stdout).toContain('the claim can be handed over to a collection agency');
  });

  it('--help names the flags and the rule', async () => {
    const out = await runWith(['amend', '--help']);
    expect(out.code).toBe(0);
    for (const flag of ['--db', '--claim', '--description', '--contract-date', '--today', '--json']) expect(out.stdout).toContain(flag);
    expect(out.stdout).toContain('§ 13a Abs. 1 Nr. 2 RDG');
    const list = await runWith(['--help']);
    expect(list.stdout).toMatch(/\n {2}amend +add a claim's missing description/);
  });
});

// mahnwerk amend --correct --reason TEXT: corrects a fact the claim has that was entered wrongly
// (core's correctClaimFacts, event claim-facts-corrected with the old value, the new value and the
// reason). Letters already written stay as they were; later letters use the corrected fact. Refused
// where something booked rests on the old value (docs/legal-notes.md, "Correcting a fact").

/** The consumer claim above with a mistyped description and contract date. */
const mistyped = JSON.stringify([
  {
    ...(JSON.parse(book) as Record<string, unknown>[])[0],
    description: 'Bestellung 4711: Gartenstul',
    contractDate: '2024-12-02',
  },
]);

function setUpMistyped(name: string): { files: Record<string, string>; db: string } {
  const { files, db } = setUp(name);
  return { db, files: { ...files, 'book.json': mistyped } };
}

describe('mahnwerk amend --correct: a mistyped description and contract date corrected before the hand-over (§ 13a Abs. 1 Nr. 2 RDG)', { timeout: 300_000 }, () => {
  it('records old and new value with the reason; the agency letter names the corrected reason; a correction after the hand-over is refused naming the flag', async () => {
    const { files } = setUpMistyped('correct');
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    for (const date of ['2025-01-23', '2025-01-30', '2025-02-06', '2025-02-13', '2025-02-20', '2025-02-27', '2025-03-06']) {
      const out = await runWith(['run', '--config', 'mw.json', '--date', date, '--now', daytime(date), '--json'], { files });
      expect(out.code, out.stderr).toBe(0);
    }

    const corrected = await runWith(
      ['amend', '--config', 'mw.json', '--claim', 'RE-1', '--correct', '--description', 'Bestellung 4711: Gartenstuhl', '--contract-date', '2024-12-20', '--reason', 'Tippfehler beim Import', '--today', '2025-03-10', '--json'],
      { files },
    );
    expect(corrected.stderr).toBe('');
    expect(corrected.code).toBe(0);
    expect(json(corrected)).toMatchObject({
      claimId: 'RE-1',
      mode: 'correct',
      recorded: true,
      description: 'Bestellung 4711: Gartenstuhl',
      contractDate: '2024-12-20',
      previous: { description: 'Bestellung 4711: Gartenstul', contractDate: '2024-12-02' },
      reason: 'Tippfehler beim Import',
      missingForHandover: [],
    });

    // The hand-over stage is due on 2025-03-16 (agency-handover.test.ts in core): the run of 03-20 writes the agency letter.
    const run = await runWith(['run', '--config', 'mw.json', '--date', '2025-03-20', '--now', daytime('2025-03-20'), '--json'], { files });
    expect(run.code, run.stderr).toBe(0);
    const handover = [...run.written].find(([path]) => path.includes('handover'));
    // The § 13a Abs. 1 Nr. 2 RDG reason from the corrected facts (the line read in the letter by eye).
    expect(handover?.[1]).toContain('\nForderungsgrund: Vertrag vom 20.12.2024 über Bestellung 4711: Gartenstuhl; Rechnung RE-1 vom 02.01.2025, fällig am 16.01.2025\n');

    // After the hand-over the first letter named the reason: refused, nothing written, exit 2.
    const late = await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--correct', '--description', 'Gartenstuhl "Sonja"', '--reason', 'genauer', '--today', '2025-03-21'], { files });
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/^mahnwerk amend: --description: claim "RE-1" was handed over to a collection agency on 2025-03-\d\d, whose first letter to the debtor named the claim's reason with description "Bestellung 4711: Gartenstuhl" \(§ 13a Abs\. 1 Nr\. 2 RDG\)/);
  });
});

describe('mahnwerk amend --correct: refusals name the flag, write nothing, exit 2', { timeout: 300_000 }, () => {
  it('no reason, a blank reason, a reason without --correct, the same value, a fact the claim lacks; without --correct a set fact points to --correct', async () => {
    const { files } = setUp('correct-refusals');
    expect((await runWith(['import', 'book.json', '--config', 'mw.json'], { files })).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--correct', '--description', 'Tisch'], /^mahnwerk amend: --reason: a correction needs the reason/],
      [['--correct', '--description', 'Tisch', '--reason', '   '], /^mahnwerk amend: --reason: must say why the fact is corrected/],
      [['--description', 'Tisch', '--reason', 'weil'], /^mahnwerk amend: --reason: only a correction takes a reason; add --correct/],
      [['--correct', '--description', 'Bestellung 4711: Gartenstuhl', '--reason', 'weil'], /^mahnwerk amend: --description: claim "RE-1" has description "Bestellung 4711: Gartenstuhl" already; a correction gives a different value/],
      [['--correct', '--contract-date', '2024-12-20', '--reason', 'weil'], /^mahnwerk amend: --contract-date: claim "RE-1" has no --contract-date to correct; add a missing fact with mahnwerk amend without --correct\.$/m],
      [['--description', 'Tisch'], /to correct one entered wrongly, give the right value and why to mahnwerk amend --correct --reason TEXT\./],
    ];
    for (const [args, message] of cases) {
      const out = await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--today', '2025-01-10', ...args], { files });
      expect(out.stderr, args.join(' ')).toMatch(message);
      expect(out.code, args.join(' ')).toBe(2);
    }
    // Nothing was written: the first amendment is the claim's version 2 (see above).
    const first = json(await runWith(['amend', '--config', 'mw.json', '--claim', 'RE-1', '--contract-date', '2024-12-20', '--today', '2025-01-10', '--json'], { files }));
    expect(first).toMatchObject({ mode: 'add', recorded: true, version: 2 });
  });

  it('--help names --correct and --reason', async () => {
    const out = await runWith(['amend', '--help']);
    expect(out.stdout).toContain('--correct');
    expect(out.stdout).toContain('--reason');
    expect(out.stdout).toContain('fact_correction_refused');
  });
});
