import { describe, expect, it } from 'vitest';
import { json, keepDirectoriesOpen, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// The collection agency's first letter to a consumer (template handover-inkasso) must name the
// contract's subject and the date it was concluded (§ 13a Abs. 1 Nr. 2 RDG); the templates take them
// from each claim's `description` and `contractDate`; without them the engine does not hand a
// consumer's claim over (guard.agency-handover-needs-claim-reason in core: no hand-over, no collection
// costs, the claim stays at its last stage). `run` checks the config's part (disclosure-check);
// `import` warns about each claim's own part when the config would send that letter, and imports the
// claims anyway (existing books keep importing), unless --strict.

const creditor = { name: 'Muster Inkasso GmbH', addressLines: ['Inkassoplatz 2', '10117 Berlin'], isCollectionAgency: true, email: 'post@muster-inkasso.example' };
const inkasso = {
  client: { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] },
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['Adenauerallee 99–103', '53113 Bonn'], website: 'https://www.bundesjustizamt.de' },
  addressResearched: false,
};
const handsOver = JSON.stringify({ creditor, inkasso });

const header = 'id,principal,currency,invoiceDate,dueDate,description,contractDate,debtor.id,debtor.kind,debtor.name,debtor.email,debtor.address';
const csv = [
  header,
  // line 2: both fields — nothing to say
  'RE-1,99.90,EUR,2025-01-03,2025-01-17,Jahresabo Kaffeebohnen,2024-12-20,D-1,consumer,Erika Mustermann,erika@example.org,Heidestraße 17|51147 Köln',
  // line 3: neither
  'RE-2,10.00,EUR,2025-01-04,2025-01-18,,,D-2,consumer,Jürgen Groß,j@example.org,Weg 1|10115 Berlin',
  // line 4: no contract date
  'RE-3,20.00,EUR,2025-01-04,2025-01-18,Wanderschuhe Gr. 42,,D-3,consumer,Anna Schmidt,a@example.org,Weg 2|10115 Berlin',
  // line 5: a business claim: its letters carry no § 13a block
  'RE-4,1200.00,EUR,2025-01-02,2025-01-16,,,D-4,business,Nordlicht GmbH,buha@nordlicht.example,Am Kai 5|20457 Hamburg',
].join('\n');
const complete = [csv.split('\n')[0], csv.split('\n')[1]].join('\n');

describe('rule: import warns about consumer claims whose handover letter would lack the contract\'s subject or date (§ 13a Abs. 1 Nr. 2 RDG), and imports them', { timeout: 120_000 }, () => {
  it('a creditor and a policy handing consumers over: one warning line per such row (file:line, id, the fields missing), then why and what to add; all rows imported', async () => {
    const out = await runWith(['import', 'book.csv', '--config', 'mw.json', '--json'], { files: { 'book.csv': csv, 'mw.json': handsOver } });
    expect(out.code).toBe(0);
    expect(json(out)).toMatchObject({ rows: 4, imported: 4, invalid: 0, refused: 0 });
    const lines = out.stderr.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'mahnwerk import: warning: book.csv:3: id "RE-2": consumer claim without description and contractDate',
      'mahnwerk import: warning: book.csv:4: id "RE-3": consumer claim without contractDate',
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^mahnwerk import: warning: 2 consumer claims \(listed above\) lack what the collection agency's first letter must name \(§ 13a Abs\. 1 Nr\. 2 RDG\): the subject of the contract \("description"\) and the date it was concluded \("contractDate", YYYY-MM-DD\)\. The policy "auto" hands consumers over \(stage "handover" \('handover-inkasso'\)\)/);
    expect(lines[2]).toContain('without them the engine does not hand such a claim over: it stays at its last stage and no collection costs are charged (guard.agency-handover-needs-claim-reason)');
    expect(lines[2]).toContain('add both to such rows before they are imported');
    // The complete consumer row and the business row are not named.
    expect(out.stderr).not.toMatch(/RE-1|RE-4/);
  });

  it('a JSON book: the lines are those the records start on', async () => {
    const book = `[\n  ${JSON.stringify({ id: 'J-1', principal: '50.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', contractDate: '2024-12-01', debtor: { id: 'D-9', kind: 'consumer', name: 'Erika Mustermann', email: 'e@example.org' } })}\n]\n`;
    const out = await runWith(['import', 'book.json', '--config', 'mw.json'], { files: { 'book.json': book, 'mw.json': handsOver } });
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n')[0]).toBe('mahnwerk import: warning: book.json:2: id "J-1": consumer claim without description');
    expect(out.stderr).toContain('1 consumer claim (listed above) lacks what');
  });

  it('a consumer claim with description and contractDate gives no warning', async () => {
    const out = await runWith(['import', 'book.csv', '--config', 'mw.json'], { files: { 'book.csv': complete, 'mw.json': handsOver } });
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
  });

  it('no warning when the config sends no such letter: a policy for business debtors only, or no creditor (plain-text messages)', async () => {
    for (const config of [{ creditor, policy: 'de-b2b-default' }, {}]) {
      const book = config.policy === undefined ? csv : [header, csv.split('\n')[4]].join('\n');
      const out = await runWith(['import', 'book.csv', '--config', 'mw.json'], { files: { 'book.csv': book, 'mw.json': JSON.stringify(config) } });
      expect(out.stderr, JSON.stringify(config)).toBe('');
      expect(out.code).toBe(0);
    }
  });

  it('--strict: the same rows listed, exit 2, nothing imported', async () => {
    const out = await runWith(['import', 'book.csv', '--config', 'mw.json', '--strict'], { files: { 'book.csv': csv, 'mw.json': handsOver } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('mahnwerk import: book.csv:3: id "RE-2": consumer claim without description and contractDate\n');
    expect(out.stderr).toContain('mahnwerk import: book.csv:4: id "RE-3": consumer claim without contractDate\n');
    expect(out.stderr).toMatch(/mahnwerk import: --strict: 2 consumer claims \(listed above\) lack .* Nothing was imported: add both to these rows, or import without --strict/);
    // A complete file passes --strict.
    const ok = await runWith(['import', 'book.csv', '--config', 'mw.json', '--strict'], { files: { 'book.csv': complete, 'mw.json': handsOver } });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});
