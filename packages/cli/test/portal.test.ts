import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortal, type DemoPortal } from '../src/commands/portal.js';
import { run } from './run.js';

// `mahnwerk portal` (issue 11 point 6): the demo book in a database, served by @mahnwerk/portal, with links printed.

describe('mahnwerk portal', () => {
  let demo: DemoPortal;
  beforeAll(async () => {
    demo = await startDemoPortal({ claims: 6, date: '2025-03-15', port: 0, links: 3, secret: 'cli-test-secret-cli-test-secret-' });
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
