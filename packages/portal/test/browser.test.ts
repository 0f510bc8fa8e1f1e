/**
 * The portal in a real browser: Debian's Chromium driven by playwright-core opens the link printed
 * on a simulated letter, reads the statement, proposes an installment plan, pays through the
 * recording payment provider, downloads the letter and disputes another claim with the keyboard
 * alone — and each action appears as events on its claim. axe-core checks the pages (WCAG 2.1 A/AA).
 * Screenshots go to `artifacts/portal/` at the repository root.
 *
 * Without `/usr/bin/chromium` the suite is skipped with a note, unless `CI` is set: then it fails.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLetterChannel } from '@mahnwerk/channel-letter';
import { createMahnwerk, type ClaimEvent, type Mahnwerk } from '@mahnwerk/core';
import { createMemoryClaimStore, createRecordingPaymentProvider, createVirtualClock, fixtures } from '@mahnwerk/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortal, portalLinkProvider, type Portal } from '../src/index.js';
import { servePortal, type PortalServer } from '../src/node.js';
import { bankAccount, secret } from './setup.js';

const executablePath = process.env['MAHNWERK_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';
if (!haveChromium && !inCi) {
  console.warn(`portal browser tests skipped: no Chromium at ${executablePath} (apt-get install chromium, or set MAHNWERK_CHROMIUM); CI runs them.`);
}

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../../artifacts/portal');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const claimA = fixtures.consumerClaim({ debtor: { email: undefined } });
const claimB = fixtures.consumerClaim({ id: 'RE-2024-2002', reference: 'RE-2024-2002', debtor: { id: 'D-2002', name: 'Max Beispiel', email: undefined } });

/** The text as shown, with the no-break spaces of number formatting as plain spaces. */
const text = (s: string): string => s.replace(/\u00a0/g, ' ');

interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

describe.skipIf(!haveChromium && !inCi)('portal in Chromium (playwright-core)', () => {
  const clock = createVirtualClock('2025-01-31');
  const provider = createRecordingPaymentProvider();
  const letters = new Map<string, { claimId: string; bytes: Uint8Array; link: string | undefined }>();
  let portal: Portal;
  let mahnwerk: Mahnwerk;
  let server: PortalServer;
  let browser: Browser;

  const events = async (claimId: string): Promise<readonly ClaimEvent[]> => (await mahnwerk.claim(claimId)).events;
  const linkOf = (claimId: string): string => {
    const letter = [...letters.values()].find((l) => l.claimId === claimId);
    if (letter?.link === undefined) throw new Error(`no letter with a portal link for ${claimId}`);
    return letter.link;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const axe = async (url: string): Promise<readonly AxeViolation[]> => {
    // The portal's CSP allows no scripts; this context bypasses it only to inject axe-core.
    const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE' });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.evaluate(axeSource);
      return await page.evaluate(async () => {
        const run = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run;
        const result = await run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
      });
    } finally {
      await context.close();
    }
  };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI is set but there is no Chromium at ${executablePath}: install Debian's chromium (see .ci/services.sh).`);
    mkdirSync(artifacts, { recursive: true });
    // Messages carry portal links (link id = message id); the portal is made once the server's address is known.
    mahnwerk = createMahnwerk({
      store: createMemoryClaimStore(),
      policy: 'auto',
      clock,
      payments: portalLinkProvider({ createLink: (claimId, options) => portal.createLink(claimId, options) }, provider),
      channels: [
        createLetterChannel({
          sender: { name: bankAccount.name, addressLines: ['Hafenstraße 12', '50667 Köln'], bank: { iban: bankAccount.iban, bic: bankAccount.bic } },
          output: async (file) => {
            letters.set(file.message.id, { claimId: file.message.claimId, bytes: file.bytes, link: file.message.payment?.link });
          },
        }),
      ],
    });
    server = await servePortal({ fetch: (request, env) => portal.fetch(request, env) }, { port: 0 });
    portal = createPortal({
      mahnwerk,
      secret,
      clock,
      payments: provider,
      bankAccount,
      publicUrl: server.url,
      acceptWebhooks: true,
      letters: async (claimId, messageId) => {
        const letter = letters.get(messageId);
        return letter !== undefined && letter.claimId === claimId ? letter.bytes : null;
      },
    });
    await mahnwerk.createClaim(claimA);
    await mahnwerk.createClaim(claimB);
    // The reminder of 2025-01-31 goes out as a letter (no e-mail address): with the portal link on it.
    const run = await mahnwerk.runDue();
    expect(run.sent).toBe(2);
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the link from the letter and reads the itemized statement (1,000.00 + 6.17 interest = 1,006.17 EUR)', async () => {
    const link = linkOf(claimA.id);
    expect(link.startsWith(`${server.url}/l/`)).toBe(true);
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(link);
    await expect(page.title()).resolves.toContain(claimA.reference as string);
    expect(await page.locator('#total').innerText().then(text)).toBe('1.006,17 €');
    const rows = page.locator('#statement tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText().then(text)).toMatch(/Hauptforderung[\s\S]*1\.000,00 €/);
    expect(await rows.nth(1).innerText().then(text)).toMatch(/Verzugszinsen vom 01\.01\.2025 bis 31\.01\.2025[\s\S]*§ 288 Abs\. 1 BGB[\s\S]*6,17 €/);
    expect(await page.locator('#girocode svg').isVisible()).toBe(true);
    await shot(page, 'statement');
    await page.close();
  });

  it('the claim page and the error page have no axe violations (WCAG 2.1 A/AA and best practice)', async () => {
    const violations = [...(await axe(linkOf(claimA.id))), ...(await axe(`${server.url}/l/not-a-link`)), ...(await axe(`${linkOf(claimA.id)}?lang=en`))];
    expect(violations).toEqual([]);
  });

  it('proposes an installment plan of 3 rates: installment-plan-agreed on the claim', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(linkOf(claimA.id));
    await page.getByLabel('Anzahl der Monatsraten').fill('3');
    await page.getByLabel('Fälligkeit der ersten Rate').fill('2025-02-14');
    await page.getByRole('button', { name: 'Ratenzahlung vorschlagen' }).click();
    await page.waitForURL(/done=plan/);
    expect(await page.locator('#banner').innerText()).toContain('Ihre Ratenzahlung ist vereinbart');
    expect(await page.locator('#plan-installments li').allInnerTexts().then((all) => all.map(text))).toEqual(['Rate 1: 335,39 €, fällig 14.02.2025', 'Rate 2: 335,39 €, fällig 14.03.2025', 'Rate 3: 335,39 €, fällig 14.04.2025']);
    await shot(page, 'plan-agreed');
    await page.close();
    const plan = (await events(claimA.id)).filter((e) => e.type === 'installment-plan-agreed');
    expect(plan).toHaveLength(1);
  });

  it('downloads the letter it came from as a PDF', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(linkOf(claimA.id));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[download]').first().click()]);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });

  it('pays through the test provider: the provider link for what settles the claim today, its signed webhook, then payment-received and settled on the claim with nothing overpaid', async () => {
    // 1,000.00 € in default from 2025-01-01 at 7.27 % (base rate 2.27 % + 5, § 288 Abs. 1 BGB), paid
    // on 2025-01-31: interest for 2025-01-01 … 2025-01-30, 30 days: 1,000 × 7.27 % × 30 / 365 =
    // 5.975… → 5.98 €, so 1,005.98 € (the page's total as of today, 1,006.17 €, holds 31 days).
    const page = await browser.newPage({ locale: 'de-DE' });
    // The provider's checkout page, stood in for by the test.
    await page.route('https://pay.example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Test checkout</title><h1>Test checkout</h1></html>' }));
    await page.goto(linkOf(claimA.id));
    await page.getByRole('button', { name: 'Jetzt online bezahlen' }).click();
    await page.waitForURL('https://pay.example.com/link/plink-1');
    const request = provider.requests.at(-1);
    expect(request).toMatchObject({ claimId: claimA.id, amount: '1005.98', currency: 'EUR' });
    const hook = await provider.webhooks.payment({ eventId: 'evt-1', claimId: claimA.id, paymentId: 'pi-1', amount: '1005.98', currency: 'EUR', at: '2025-01-31T12:00:00Z' });
    const res = await fetch(`${server.url}/webhooks/payment`, { method: 'POST', body: hook.rawBody, headers: hook.headers });
    expect(res.status).toBe(200);
    // The host's daily run closes the paid claim (decide records `settled`).
    await mahnwerk.runDue();
    await page.goto(linkOf(claimA.id));
    expect(await page.locator('#total').innerText().then(text)).toBe('0,00 €');
    expect(await page.locator('#status').innerText().then(text)).toBe('beglichen');
    await shot(page, 'paid');
    await page.close();
    const types = (await events(claimA.id)).map((e) => e.type);
    expect(types).toContain('payment-received');
    expect(types.at(-1)).toBe('settled');
    const after = await mahnwerk.statement(claimA.id);
    expect([after.total.amount.toFixed(2), after.unapplied.amount.toFixed(2)]).toEqual(['0.00', '0.00']);
  });

  it('disputes another claim with the keyboard alone: dispute-opened with the reason on that claim', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(linkOf(claimB.id));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className)).toBe('skip');
    await page.locator('#dispute-reason').focus();
    await page.keyboard.type('Die Ware ist nie angekommen.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=dispute/);
    expect(await page.locator('#banner').innerText()).toContain('Ihr Einwand ist vermerkt');
    await shot(page, 'dispute');
    await page.close();
    const dispute = (await events(claimB.id)).filter((e) => e.type === 'dispute-opened');
    expect(dispute).toEqual([expect.objectContaining({ note: 'Über das Portal bestritten: Die Ware ist nie angekommen.' })]);
    expect((await events(claimA.id)).some((e) => e.type === 'dispute-opened')).toBe(false);
  });

  it('a tampered link shows the plain error page', async () => {
    const link = linkOf(claimB.id);
    const page = await browser.newPage({ locale: 'de-DE' });
    const response = await page.goto(`${link.slice(0, -3)}${link.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText().then(text)).toBe('Dieser Link ist nicht gültig');
    expect(await page.content()).not.toContain(claimB.debtor.name);
    await shot(page, 'invalid-link');
    await page.close();
  });
});
