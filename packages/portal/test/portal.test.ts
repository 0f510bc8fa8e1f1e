import { parseEpcQr, type ClaimEvent } from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import decodeQR from 'qr/decode.js';
import { describe, expect, it } from 'vitest';
import { createPortalLinkSigner } from '../src/index.js';
import { bankAccount, field, post, secret, setup } from './setup.js';

const claimId = fixtures.consumerClaim().id;
const types = (events: readonly ClaimEvent[]): string[] => events.map((e) => e.type);

/** Paints the SVG's module rectangles (`M x y h w v1 …`) into an RGBA bitmap and decodes it with qr/decode. */
function decodeSvg(svg: string): string {
  const n = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const scale = 4;
  const size = n * scale;
  const data = new Uint8Array(size * size * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let py = y * scale; py < (y + 1) * scale; py++) {
      for (let px = x * scale; px < (x + w) * scale; px++) data.fill(0, (py * size + px) * 4, (py * size + px) * 4 + 3);
    }
  }
  return decodeQR({ width: size, height: size, data });
}

describe('claim page (GET /l/<token>)', () => {
  it('an interest period of one day is named with its day, "Verzugszinsen am 01.01.2025", never "vom 01.01.2025 bis 01.01.2025" (core\'s one periodInWords, as the letters), and "1 Tag", not "1 Tage"', async () => {
    // 1000.00 × 7.27 % × 1 / 365 = 0.1991… → 0.20 (checked by hand); total 1,000.20.
    const s = setup('2025-01-01');
    const page = await (await s.portal.app.request(await s.claim())).text();
    expect(page).toMatch(/Verzugszinsen am 01\.01\.2025[\s\S]*1 Tag, 7,27 % p\. a\. auf 1\.000,00[\s\S]*§ 288 Abs\. 1 BGB[\s\S]*0,20/);
    expect(page).not.toContain('vom 01.01.2025 bis 01.01.2025');
    expect(page).not.toContain('1 Tage');
    expect(page).toMatch(/data-total="total">1\.000,20/);
  });

  it('shows the itemized statement with legal bases: 1,000.00 principal + 6.17 interest (7.27 % = base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB, 31 days of January 2025) = 1,006.17', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const res = await s.portal.app.request(path);
    expect(res.status).toBe(200);
    const page = await res.text();
    // 1000.00 × 7.27 % × 31 / 365 = 6.1745… → 6.17 (checked by hand).
    expect(page).toContain('Hauptforderung');
    expect(page).toContain('1.000,00');
    expect(page).toMatch(/Verzugszinsen vom 01\.01\.2025 bis 31\.01\.2025[\s\S]*31 Tage, 7,27 % p\. a\. auf 1\.000,00[\s\S]*§ 288 Abs\. 1 BGB[\s\S]*6,17/);
    expect(page).toMatch(/data-total="total">1\.006,17/);
    expect(page).toContain('lang="de"');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the GiroCode decodes to an EPC069-12 transfer of the open total to the creditor, with a structured creditor reference', async () => {
    const s = setup('2025-01-31');
    const page = await (await s.portal.app.request(await s.claim())).text();
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    const epc = parseEpcQr(decodeSvg(svg));
    expect(epc).toMatchObject({ iban: bankAccount.iban, bic: bankAccount.bic, name: bankAccount.name, amount: '1006.17' });
    expect(epc.reference).toMatch(/^RF\d{2}/);
    expect(page).toContain(epc.reference as string);
  });

  it('speaks English with ?lang=en or an English Accept-Language, German by default', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim(fixtures.consumerClaim({ debtor: { locale: undefined } }));
    const en = await (await s.portal.app.request(`${path}?lang=en`)).text();
    expect(en).toContain('lang="en"');
    expect(en).toContain('Statement of account');
    expect(en).toMatch(/data-total="total">€1,006\.17/);
    const accept = await (await s.portal.app.request(path, { headers: { 'accept-language': 'en-GB,en;q=0.8' } })).text();
    expect(accept).toContain('Propose an installment plan');
    const de = await (await s.portal.app.request(path)).text();
    expect(de).toContain('Ratenzahlung vorschlagen');
  });

  it('shows every date in German format (TT.MM.JJJJ): no ISO date in the text a debtor reads, the interest period included', async () => {
    const s = setup('2025-01-31');
    const page = await (await s.portal.app.request(await s.claim())).text();
    // The visible text: without the style sheet, the GiroCode and the tags (attributes such as a date input's value are ISO by HTML's rule).
    const visible = page.replace(/<style>[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]*>/g, ' ');
    expect(visible).toContain('Verzugszinsen vom 01.01.2025 bis 31.01.2025');
    expect(visible).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('every form field has a label, and the page has one h1 and a skip link (WCAG 1.3.1, 2.4.1, 3.3.2)', async () => {
    const s = setup('2025-01-31');
    const page = await (await s.portal.app.request(await s.claim())).text();
    for (const m of page.matchAll(/<(?:input|textarea)\b[^>]*\bid="([^"]+)"/g)) expect(page).toContain(`for="${m[1]}"`);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('href="#main"');
  });

  it('marks figures resting on an unconfirmed base rate: interest from 2026-07-01 at 1.52 % + 5 pp (row not confirmed by a primary source) is flagged "vorläufig"', async () => {
    const s = setup('2026-07-31');
    const path = await s.claim(fixtures.consumerClaim({ id: 'INV-U', invoiceDate: '2026-06-01', dueDate: '2026-06-30' }));
    const page = await (await s.portal.app.request(path)).text();
    // 1000.00 × 6.52 % × 31 / 365 = 5.537… → 5.54 (checked by hand).
    expect(page).toMatch(/data-unconfirmed="true"[\s\S]*Verzugszinsen vom 01\.07\.2026 bis 31\.07\.2026[\s\S]*vorläufig[\s\S]*noch nicht amtlich bestätigt[\s\S]*5,54/);
    expect(page).toContain('id="unconfirmed-note"');
  });
});

describe('links that must not open anything', () => {
  it('tampered, expired, revoked, wrongly signed links and a link to an unknown claim all get the same plain 404 page that names no claim', async () => {
    const rejected: string[] = [];
    const s = setup('2025-01-31', { isRevoked: (link) => link.linkId === 'revoked-msg', onRejectedLink: (reason) => rejected.push(reason) });
    const good = await s.claim();
    const token = good.split('/').pop() as string;
    const tampered = `/l/${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const revoked = await s.portal.createLink(claimId, { linkId: 'revoked-msg' });
    const expiring = await s.portal.createLink(claimId, { expiresAt: '2025-02-01T00:00:00Z' });
    const unknownClaim = await s.portal.createLink('INV-NOPE');
    const foreign = `/l/${await createPortalLinkSigner('another-secret-another-secret-an').sign({ claimId: claimId, expiresAt: 2_000_000_000, purpose: 'portal', linkId: 'x' })}`;
    expect((await s.portal.app.request(expiring)).status).toBe(200);
    s.clock.advance(1);
    const bodies: string[] = [];
    for (const path of [tampered, revoked, expiring, unknownClaim, foreign, '/l/garbage', `${revoked}/letters/x`]) {
      const res = await s.portal.app.request(path);
      expect(res.status, path).toBe(404);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    const facts = fixtures.consumerClaim();
    expect(bodies[0]).not.toContain(facts.id);
    expect(bodies[0]).not.toContain(facts.debtor.name);
    expect(bodies[0]).toContain('Dieser Link ist nicht gültig');
    expect(rejected).toEqual(['bad-signature', 'revoked', 'expired', 'claim-not-found', 'bad-signature', 'malformed', 'revoked']);
  });

  it('a form body above 16 KiB is refused (413) before it is read, with a German page that says the entry was too long and not saved; nothing is recorded', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await res.text();
    expect(body).toContain('lang="de"');
    expect(body).toContain('<h1>Eingabe zu lang</h1>');
    expect(body).toContain('nicht gespeichert');
    expect(body).not.toContain('Payload Too Large');
    expect(await s.newEvents(claimId)).toEqual([]);
    // A browser that asks for English gets the English page.
    const en = await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason: 'x'.repeat(20_000) }, { 'accept-language': 'en' });
    expect(en.status).toBe(413);
    expect(await en.text()).toContain('<h1>Entry too long</h1>');
  });

  it('requests beyond the rate limit get 429 with Retry-After', async () => {
    let now = 0;
    const s = setup('2025-01-31', { rateLimit: { limit: 3, windowMs: 60_000, now: () => now } });
    const path = await s.claim();
    for (let i = 0; i < 3; i++) expect((await s.portal.app.request(path)).status).toBe(200);
    const res = await s.portal.app.request(path);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    now = 60_000;
    expect((await s.portal.app.request(path)).status).toBe(200);
  });
});

describe('debtor actions run the host commands', () => {
  it('a form without the CSRF token, or with the token of another link, is refused (403) and records nothing', async () => {
    const s = setup('2025-01-31');
    const a = await s.claim();
    const b = await s.claim(fixtures.consumerClaim({ id: 'INV-B', debtor: { id: 'D-B' } }));
    const pageB = await (await s.portal.app.request(b)).text();
    const formA = { form: 'f0000000000000001', count: '3', first: '2025-02-14' };
    expect((await post(s.portal, `${a}/plan`, formA)).status).toBe(403);
    expect((await post(s.portal, `${a}/plan`, { ...formA, csrf: field(pageB, 'csrf') })).status).toBe(403);
    expect((await post(s.portal, `${a}/dispute`, { form: 'f0000000000000002', reason: 'nope', csrf: 'forged' })).status).toBe(403);
    expect(types(await s.newEvents(claimId))).toEqual([]);
  });

  it('an installment plan within the automatic limits is agreed: installment-plan-agreed with 3 × 335.39 = 1,006.17; sending the same form again records nothing more', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const form = { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '3', first: '2025-02-14' };
    const res = await post(s.portal, `${path}/plan`, form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?lang=de&done=plan`);
    const again = await post(s.portal, `${path}/plan`, form);
    expect(again.status).toBe(303);
    const events = await s.newEvents(claimId);
    expect(types(events)).toEqual(['installment-plan-agreed']);
    expect(events[0]).toMatchObject({
      installments: [
        { dueDate: '2025-02-14', amount: '335.39' },
        { dueDate: '2025-03-14', amount: '335.39' },
        { dueDate: '2025-04-14', amount: '335.39' },
      ],
    });
    const after = await (await s.portal.app.request(`${path}?done=plan`)).text();
    expect(after).toContain('Ihre Ratenzahlung ist vereinbart');
    expect(after).toContain('Ratenzahlung vereinbart');
  });

  it('rule plan-in-force: while a plan is in force the page shows it without the proposal form, and a second proposal (a stale page) is refused with nothing recorded', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    // Two forms rendered before the plan: the second stands for a page left open in another tab.
    const first = { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '3', first: '2025-02-14' };
    const stalePage = await (await s.portal.app.request(path)).text();
    const stale = { csrf: field(stalePage, 'csrf'), form: field(stalePage, 'form'), count: '2', first: '2025-02-20' };
    expect((await post(s.portal, `${path}/plan`, first)).status).toBe(303);
    const after = await (await s.portal.app.request(path)).text();
    expect(after).not.toContain(`action="${path}/plan"`);
    expect(after).not.toContain('id="plan-count"');
    expect(after).toContain('<h2 id="plan">Ihre Ratenzahlung</h2>');
    expect(after).toContain('Mit Ihnen ist eine Ratenzahlung vereinbart.');
    // 1,006.17 / 3 = 335.39 each (checked by hand in the test above).
    expect(after).toMatch(/id="plan-installments"><li>Rate 1: 335,39\s€, fällig 14\.02\.2025<\/li>/);
    // Core records another plan as a replacement (a creditor may renegotiate); the portal does not let the debtor do that.
    const refused = await post(s.portal, `${path}/plan`, stale);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Mit Ihnen ist bereits eine Ratenzahlung vereinbart.');
    expect(types(await s.newEvents(claimId))).toEqual(['installment-plan-agreed']);
    // The form that agreed the plan, sent again, still replays its command.
    expect((await post(s.portal, `${path}/plan`, first)).status).toBe(303);
    expect(types(await s.newEvents(claimId))).toEqual(['installment-plan-agreed']);
  });

  it('a plan beyond the automatic limits goes to review: a hold (interest runs) with the proposal in its note', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '5', first: '2025-02-14' });
    expect(res.headers.get('location')).toContain('done=review');
    const events = await s.newEvents(claimId);
    expect(events[0]).toMatchObject({ type: 'hold-placed', interestRuns: true, until: '2025-02-14' });
    // The installments in the page's words (proposal-review-days.test.ts): 1,006.17 / 5 → 201.24, 201.24, 201.23 × 3; Sat 06-14 → Mon 06-16.
    expect((events[0] as { note: string }).note.replace(/\u00a0/g, ' ')).toContain(
      '(5 Raten): Rate 1: 201,24 €, fällig 14.02.2025; Rate 2: 201,24 €, fällig 14.03.2025; Rate 3: 201,23 €, fällig 14.04.2025; Rate 4: 201,23 €, fällig 14.05.2025; Rate 5: 201,23 €, fällig 14.06.2025 (Samstag) – zahlbar bis Montag, 16.06.2025',
    );
  });

  it('a plan outside the rules is refused with the rule in the page, and nothing is recorded', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '12', first: '2025-02-14' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Bitte wählen Sie höchstens 6 Raten.');
    expect(types(await s.newEvents(claimId))).toEqual([]);
  });

  it('the promise form speaks German amounts: it offers the open total as 1006,17 and takes 1.006,17 (points group thousands, a comma the cents)', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    expect(field(page, 'amount')).toBe('1006,17');
    const res = await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '1.006,17', by: '2025-02-10' });
    expect(res.status).toBe(303);
    expect((await s.newEvents(claimId))[0]).toMatchObject({ type: 'promise-to-pay', amount: '1006.17', by: '2025-02-10' });
  });

  it('guard.no-escalation-during-promise: a new promise after a broken one is refused — the form says "Bis dahin senden wir keine weitere Mahnung", which the engine would not keep', async () => {
    // Promise on 2025-01-31 to pay by Mon 2025-02-10: it holds through Mon 2025-02-17 (built-in promiseGraceDays 5:
    // 02-10 + 5 = Sat 02-15 → Mon 02-17, § 193 BGB). Nothing paid, and no stage entered since (no daily run
    // here): on 2025-02-18 it is broken, and a new promise would hold nothing (core's promiseHolds), so the
    // page refuses it and books nothing.
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    expect((await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '100,00', by: '2025-02-10' })).status).toBe(303);
    const promises = async () => (await s.newEvents(claimId)).filter((e) => e.type === 'promise-to-pay').map((e) => e.date);
    expect(await promises()).toEqual(['2025-01-31']);
    s.clock.advance(18);
    const later = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/promise`, { csrf: field(later, 'csrf'), form: field(later, 'form'), amount: '100,00', by: '2025-02-28' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Eine weitere Zahlungszusage können wir für diese Forderung nicht annehmen');
    expect(await promises()).toEqual(['2025-01-31']);
  });

  it('a promise to pay records promise-to-pay with amount and date', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '1006,17', by: '2025-02-10' });
    expect(res.status).toBe(303);
    expect((await s.newEvents(claimId))[0]).toMatchObject({ type: 'promise-to-pay', amount: '1006.17', by: '2025-02-10' });
    // The page shows the promise as the claim's status until its day has passed.
    const after = await (await s.portal.app.request(path)).text();
    expect(after).toMatch(/<span id="status">Zahlung von 1\.006,17\s€ bis 10\.02\.2025 zugesagt<\/span>/);
    s.clock.advance(11);
    expect(await (await s.portal.app.request(path)).text()).toContain('<span id="status">offen</span>');
  });

  it('a dispute records dispute-opened with the reason, and the daily run escalates no further (guard.no-escalation-during-dispute)', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason: 'Ware nie erhalten <script>' });
    expect(res.status).toBe(303);
    const events = await s.newEvents(claimId);
    expect(events[0]).toMatchObject({ type: 'dispute-opened', note: 'Über das Portal bestritten: Ware nie erhalten <script>' });
    // 45 days: the reminder's next stage would have come by then; the link (60 days) still works.
    for (let d = 0; d < 45; d++) {
      await s.mahnwerk.runDue();
      s.clock.advance(1);
    }
    expect(types(await s.newEvents(claimId)).filter((t) => t === 'stage-entered' || t === 'message-queued' || t === 'fee-charged')).toEqual([]);
    const after = await (await s.portal.app.request(path)).text();
    expect(after).toContain('bestritten');
    expect(after).not.toContain('<script>');
  });

  it('a reason as long as the form allows (its maxlength) is recorded: the note with its prefix stays within core\'s 2000 characters', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const max = Number(/id="dispute-reason"[^>]*maxlength="(\d+)"/.exec(page)?.[1]);
    const reason = 'ä'.repeat(max);
    const res = await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason });
    expect(res.status).toBe(303);
    expect((await s.newEvents(claimId))[0]).toMatchObject({ type: 'dispute-opened', note: `Über das Portal bestritten: ${reason}` });
  });

  it('"pay online" asks the provider for a link over what settles the claim today and redirects the debtor to it; a second click reuses it', async () => {
    // A payment booked on 2025-01-31 bears no interest for that day (core's amountDueInFull): 1,000.00 €
    // in default from 2025-01-01 at 7.27 %, 30 days: 1,000 × 7.27 % × 30 / 365 = 5.975… → 5.98 €;
    // the page's total as of today (31 days, 1,006.17 €) would overpay by 0.19 €.
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/pay`, { csrf: field(page, 'csrf'), form: field(page, 'form') });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://pay.example.com/link/plink-1');
    expect(s.provider.requests[0]).toMatchObject({ claimId: claimId, amount: '1005.98', currency: 'EUR' });
    // The page says so beside the button, since it differs from the total it shows.
    expect(page).toContain('Bei Zahlung heute zahlen Sie 1.005,98\u00a0€');
    await post(s.portal, `${path}/pay`, { csrf: field(page, 'csrf'), form: field(page, 'form') });
    expect(s.provider.links).toHaveLength(1);
  });

  it('the payment webhook (acceptWebhooks) records the payment through the host commands; a forged one is rejected', async () => {
    const s = setup('2025-01-31');
    const portal = (await import('../src/index.js')).createPortal({ mahnwerk: s.mahnwerk, secret, clock: s.clock, payments: s.provider, acceptWebhooks: true });
    await s.claim();
    const d = await s.provider.webhooks.payment({ eventId: 'evt-1', claimId: claimId, paymentId: 'pay-1', amount: '1006.17', currency: 'EUR', at: '2025-01-31T10:00:00Z' });
    const ok = await portal.app.request('/webhooks/payment', { method: 'POST', body: d.rawBody, headers: d.headers });
    expect(ok.status).toBe(200);
    const forged = await portal.app.request('/webhooks/payment', { method: 'POST', body: d.rawBody.replace('1006.17', '9999.99'), headers: d.headers });
    expect(forged.status).toBe(400);
    const events = await s.newEvents(claimId);
    expect(types(events).filter((t) => t === 'payment-received')).toHaveLength(1);
    expect(events.find((e) => e.type === 'payment-received')).toMatchObject({ amount: '1006.17', paymentId: 'pay-1' });
  });
});
