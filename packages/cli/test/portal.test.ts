import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortal, type DemoPortal } from '../src/commands/portal.js';
import { UsageError } from '../src/io.js';
import { json, openTestStore, run, runWith } from './run.js';

// `mahnwerk portal` (issue 11 point 6): the demo book in a database, served by @mahnwerk/portal, with links printed.

describe('mahnwerk portal', () => {
  let demo: DemoPortal;
  beforeAll(async () => {
    demo = await startDemoPortal({ claims: 6, date: '2025-03-15', port: 0, links: 3, secret: 'cli-test-secret-cli-test-secret-', openStore: openTestStore });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('adds the demo book, serves the portal over HTTP and prints links that open claim pages with their statement', async () => {
    expect(demo.added).toBe(6);
    expect(demo.where).toBe('memory');
    expect(demo.links.length).toBeGreaterThan(0);
    expect(demo.links.length).toBeLessThanOrEqual(3);
    for (const link of demo.links) {
      expect(link.url.startsWith(`${demo.url}/l/`)).toBe(true);
      const res = await fetch(link.url);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain(`Forderung ${link.claimId}`);
      expect(page).toContain('Forderungsaufstellung');
      // The page names who claims the money (the demo's creditor), as its letters do.
      expect(page).toContain('<dd id="creditor">Beispiel Versand GmbH</dd>');
    }
    const bad = await fetch(`${demo.url}/l/not-a-link`);
    expect(bad.status).toBe(404);
  });

  it('letters sent by the run are downloadable from the page', async () => {
    const withLetter = [];
    for (const link of demo.links) {
      const page = await (await fetch(link.url)).text();
      const href = /href="([^"]*\/letters\/[^"]+)"/.exec(page)?.[1];
      if (href !== undefined) withLetter.push(href.replace(/&amp;/g, '&'));
    }
    expect(withLetter.length).toBeGreaterThan(0);
    const pdf = await fetch(`${demo.url}${withLetter[0]}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('--help names its flags; bad numbers are usage errors naming the flag', async () => {
    const help = await run(['portal', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--db');
    const bad = await run(['portal', '--port', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port');
  });
});

describe('mahnwerk portal: the letters behind the page are the demo’s letters', () => {
  // Before, the portal's run used core's plain-text fallback and one fixed sender: the hand-over
  // letter of RE-00001 (11.04.2025) went out under the shop's letterhead and account, without the
  // § 13a Abs. 1 RDG information, while the page named the agency and its account.
  it('the hand-over letter is the agency’s: its letterhead and account, the § 13a RDG block, the client named', async () => {
    const demo = await startDemoPortal({ claims: 1, date: '2025-04-15', port: 0, links: 1, secret: 'cli-test-secret-cli-test-secret-', openStore: openTestStore });
    try {
      const link = demo.links[0];
      expect(link?.claimId).toBe('RE-00001');
      const page = await (await fetch(link?.url as string)).text();
      const hrefs = [...page.matchAll(/href="([^"]*\/letters\/[^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
      const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-portal-letters-'));
      const texts = [];
      for (const [i, href] of hrefs.entries()) {
        const file = join(dir, `${i}.pdf`);
        writeFileSync(file, new Uint8Array(await (await fetch(`${demo.url}${href}`)).arrayBuffer()));
        texts.push(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' '));
      }
      const handover = texts.filter((t) => t.includes('Informationen nach § 13a Abs. 1 RDG'));
      expect(handover).toHaveLength(1);
      const letter = handover[0] as string;
      expect(letter).toContain('Muster Inkasso GmbH · Inkassoplatz 2 · 10117 Berlin');
      expect(letter).toContain('Auftraggeber: Beispiel Versand GmbH');
      expect(letter).toContain('IBAN DE02 1001 0010 0006 8201 01');
      expect(letter).not.toContain('DE89 3704 0044 0532 0130 00');
      // The shop's own letters before the hand-over keep the shop's letterhead and account.
      const before = texts.filter((t) => !t.includes('§ 13a Abs. 1 RDG'));
      expect(before.length).toBeGreaterThan(0);
      for (const t of before) expect(t).toContain('IBAN DE89 3704 0044 0532 0130 00');
    } finally {
      await demo.close();
    }
  }, 120_000);
});

describe('mahnwerk portal keeps out of a real book', { timeout: 300_000 }, () => {
  // The help's example and docs/guides/cli.md once said `mahnwerk portal --db ./mahnwerk-data` — the
  // directory every other example uses for the real book. The portal adds its demo claims there and
  // runs every due claim of the database day by day with the demo's letters and a channel that keeps
  // them in memory: a real claim got stages, fees and messages recorded as sent that no debtor got.
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-cli-portal-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const foreign = JSON.stringify([
    {
      id: 'SHOP-1',
      principal: '250.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      dueDateAgreed: true,
      debtor: { id: 'K-1', kind: 'consumer', name: 'Erika Mustermann', address: ['Heidestraße 17', '51147 Köln'] },
    },
  ]);

  it('a database holding a claim not of the demo book is refused (a usage error naming --db and the claim); the claim is left as it was', async () => {
    const db = join(dir, 'book');
    expect((await runWith(['import', 'book.json', '--db', db], { files: { 'book.json': foreign } })).code).toBe(0);
    // startDemoPortal, not `mahnwerk portal`: a portal that starts serves until Ctrl-C (the test would hang, not fail).
    const started = startDemoPortal({ db, claims: 2, date: '2025-02-15', port: 0, links: 1, secret: 'cli-test-secret-cli-test-secret-', openStore: openTestStore });
    await expect(started.then(async (portal) => portal.close())).rejects.toThrow(/^--db: .* holds 1 claim not of the demo book \(SHOP-1\); .*--db \.\/portal-demo/);
    await expect(started).rejects.toBeInstanceOf(UsageError); // exit 2, one line on stderr
    // Nothing was added, nothing decided: the one claim, still without a stage, and no message.
    const status = json(await run(['status', '--db', db, '--json']));
    // Nothing paid or credited: all of the principal still open.
    expect(status.claims).toEqual([{ status: 'open', stage: null, currency: 'EUR', count: 1, amount: '250.00', openPrincipal: '250.00' }]);
  });

  it('a database holding only the demo book is opened again (nothing added)', async () => {
    const db = join(dir, 'demo');
    const options = { db, claims: 2, date: '2025-02-15' as const, port: 0, links: 1, secret: 'cli-test-secret-cli-test-secret-', openStore: openTestStore };
    const first = await startDemoPortal(options);
    await first.close();
    expect(first.added).toBe(2);
    const again = await startDemoPortal(options);
    await again.close();
    expect(again.added).toBe(0);
  });

  it('the help\'s example gives the portal a database of its own', async () => {
    const help = (await run(['portal', '--help'])).stdout;
    expect(help).toContain('Example: mahnwerk portal --db ./portal-demo');
    expect(help).not.toContain('./mahnwerk-data');
  });
});
