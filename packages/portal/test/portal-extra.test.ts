import { money, sum } from '@mahnwerk/core';
import { createRecordingChannel, fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { portalLinkProvider } from '../src/index.js';
import { field, post, secret, setup } from './setup.js';

const claimId = fixtures.consumerClaim().id;

/** The consumer fixture's claim run day by day until it is handed to collection. */
async function atCollection(s: ReturnType<typeof setup>) {
  await s.claim();
  let state = await s.mahnwerk.claim(claimId);
  for (let d = 0; d < 200 && !state.feeKindsCharged.has('collection-costs') && state.handedOver === null; d++) {
    s.clock.advance(1);
    await s.mahnwerk.runDue();
    state = await s.mahnwerk.claim(claimId);
  }
  expect(state.feeKindsCharged.has('collection-costs') || state.handedOver !== null).toBe(true);
  return state;
}

describe('§ 13a Abs. 3 RDG cost notice at an Inkasso stage', () => {
  it('a proposal sent to review with the notice acknowledged records on its hold the day the notice was given (today), for the plan the reviewer agrees', async () => {
    const s = setup('2025-01-31');
    await atCollection(s);
    const path = await s.portal.createLink(claimId);
    const page = await (await s.portal.app.request(path)).text();
    const today = s.clock.today();
    const sent = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '5', first: today, ack: 'yes' });
    expect(sent.headers.get('location')).toContain('done=review');
    // On the event as data (not only in the note, which core's holdProposal would read for a hold stored before).
    const hold = (await s.mahnwerk.claim(claimId)).events.filter((e) => e.type === 'hold-placed').at(-1);
    expect(hold?.type === 'hold-placed' ? hold.proposal?.costNoticeGivenOn : null).toBe(today);
    expect(hold?.type === 'hold-placed' ? hold.proposal?.installments : null).toHaveLength(5);
    expect(hold?.type === 'hold-placed' && hold.note.endsWith('; Kostenhinweis nach § 13a Abs. 3 RDG angezeigt und bestätigt')).toBe(true);
  });

  it('once the claim is handed to collection, the plan form shows the cost notice and needs its acknowledgement before anything is recorded', async () => {
    const s = setup('2025-01-31');
    const state = await atCollection(s);
    const path = await s.portal.createLink(claimId);
    const page = await (await s.portal.app.request(path)).text();
    expect(page).toContain('Hinweis nach § 13a Abs. 3 RDG');
    // The collection costs show how they were computed, as the letters do: 0.9 × 88.00 (1.0 fee on 1,000.00, RVG table
    // before 2025-06-01) = 79.20 (checked by hand).
    expect(page).toMatch(/Geschäftsgebühr[^<]*<span class="detail">0,9 × volle Gebühr von 88,00\s€<\/span>[\s\S]*?79,20\s€/);
    // From core's installmentAgreementFee, checked by hand (RVG table before 2025-06-01): 0.7 × 49.00 (value 500.00 =
    // 50 % of 1,000.00, § 31b RVG) = 34.30; Nr. 7002 rises from 20 % of 79.20 (0.9 × 88.00) = 15.84 to its cap 20.00: + 4.16.
    expect(page).toMatch(/id="cost-notice"[\s\S]*weitere Kosten von 38,46\s€: eine Einigungsgebühr nach Nr\. 1000 Nr\. 2 VV RVG von 34,30\s€ \(0,7 × Gebühr aus einem Gegenstandswert von 500,00\s€/);
    expect(page).toMatch(/<input type="checkbox" id="plan-ack" name="ack" value="yes" required>/);
    const before = state.events.length;
    const today = s.clock.today();
    const form = { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '2', first: today };
    const refused = await post(s.portal, `${path}/plan`, form);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Bitte bestätigen Sie, dass Sie den Kostenhinweis gelesen haben.');
    expect((await s.mahnwerk.claim(claimId)).events.length).toBe(before);
    const totalBefore = (await s.mahnwerk.statement(claimId, today)).total;
    const agreed = await post(s.portal, `${path}/plan`, { ...form, ack: 'yes' });
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toContain('done=plan');
    const added = (await s.mahnwerk.claim(claimId)).events.slice(before);
    // The engine charges the Einigungsgebühr the notice named; the plan covers it with the open total.
    const plan = added.find((e) => e.type === 'installment-plan-agreed') as { costNoticeGivenOn?: string; installments: { amount: string }[] } | undefined;
    expect(plan?.costNoticeGivenOn).toBe(today);
    expect(added.find((e) => e.type === 'fee-charged')).toMatchObject({ amount: '38.46' });
    const planSum = sum((plan?.installments ?? []).map((i) => money(i.amount)));
    expect(planSum.amount.equals(totalBefore.amount.plus('38.46'))).toBe(true);
    expect(planSum.amount.equals((await s.mahnwerk.statement(claimId, today)).total.amount)).toBe(true);
  });

  it('before the Inkasso stage no cost notice is shown', async () => {
    const s = setup('2025-01-31');
    const page = await (await s.portal.app.request(await s.claim())).text();
    expect(page).not.toContain('13a Abs. 3 RDG');
    expect(page).not.toContain('name="ack"');
  });
});

describe('letters', () => {
  it('a message that was never sent is neither listed nor served, even when the archive has bytes for it', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    // No channels: the reminder failed, so there is no letter.
    expect(await (await s.portal.app.request(path)).text()).toContain('Noch keine Schreiben');
    const queued = (await s.mahnwerk.claim(claimId)).messages[0]?.messageId as string;
    s.letters.set(queued, new TextEncoder().encode('%PDF-1.7 test'));
    expect((await s.portal.app.request(`${path}/letters/${encodeURIComponent(queued)}`)).status).toBe(404);
  });

  it('a letter sent on the letter channel (the e-mail reminder\'s fallback) is listed and downloads as the archive has it; another claim\'s letter is not served', async () => {
    const s = setup('2025-01-31', {}, [createRecordingChannel('letter')]);
    const path = await s.claim();
    const other = await s.claim(fixtures.consumerClaim({ id: 'RE-OTHER', debtor: { id: 'D-OTHER' } }));
    const sent = (await s.mahnwerk.claim(claimId)).events.find((e) => e.type === 'message-sent');
    expect(sent).toMatchObject({ channel: 'letter' });
    const messageId = (sent as { messageId: string }).messageId;
    s.letters.set(messageId, new TextEncoder().encode('%PDF-1.7 test'));
    const page = await (await s.portal.app.request(path)).text();
    expect(page).toContain(`${path}/letters/${encodeURIComponent(messageId)}?lang=de`);
    // The letter is named as the debtor knows it, not by its template id ("reminder").
    expect(page).toContain('>Zahlungserinnerung vom 31.01.2025 (PDF)</a>');
    expect(page).not.toMatch(/\(reminder/);
    const res = await s.portal.app.request(`${path}/letters/${encodeURIComponent(messageId)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('%PDF-1.7 test');
    expect((await s.portal.app.request(`${other}/letters/${encodeURIComponent(messageId)}`)).status).toBe(404);
  });
});

describe('portalLinkProvider: portal links on every message', () => {
  it('answers createPaymentLink with a signed portal link whose link id is the message id and whose expiry is the request’s', async () => {
    const s = setup('2025-01-31');
    await s.claim();
    const links = portalLinkProvider(s.portal, s.provider);
    const { url, id } = await links.createPaymentLink({ claimId, amount: '1006.17', currency: 'EUR', reference: 'RE-2024-1001', idempotencyKey: 'msg-7', expiresAt: '2025-02-14T23:59:59+01:00' });
    expect(id).toBe('msg-7');
    expect(url).toMatch(/^\/l\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect((await s.portal.app.request(url)).status).toBe(200);
    s.clock.set('2025-02-15');
    expect((await s.portal.app.request(url)).status).toBe(404);
  });

  it('hands webhooks to the wrapped provider', async () => {
    const s = setup('2025-01-31');
    const links = portalLinkProvider(s.portal, s.provider);
    const d = await s.provider.webhooks.payment({ eventId: 'evt-9', claimId, paymentId: 'pi-9', amount: '10.00', currency: 'EUR', at: '2025-01-31T10:00:00Z' });
    expect(await links.handleWebhook(d.rawBody, d.headers)).toMatchObject({ status: 'verified', event: { eventId: 'evt-9', amount: '10.00' } });
    expect(await portalLinkProvider(s.portal).handleWebhook(d.rawBody, d.headers)).toMatchObject({ status: 'rejected' });
  });
});

describe('unexpected failures', () => {
  it('a failing host (the store is down) gives a plain 500 page that leaks nothing; the error goes to onError', async () => {
    const errors: unknown[] = [];
    const s = setup('2025-01-31', { onError: (error) => errors.push(error) });
    const path = await s.claim();
    const broken = (await import('../src/index.js')).createPortal({
      mahnwerk: { ...s.mahnwerk, claim: async () => Promise.reject(new Error('connection refused: db.internal:5432')) },
      secret,
      clock: s.clock,
      onError: (error) => errors.push(error),
    });
    const res = await broken.app.request(path);
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain('Seite gerade nicht verfügbar');
    expect(page).not.toContain('db.internal');
    expect(errors).toHaveLength(1);
  });
});

describe('mounting', () => {
  it('under a basePath with a publicUrl: links, form actions and redirects carry the prefix', async () => {
    const s = setup('2025-01-31', { basePath: '/portal', publicUrl: 'https://zahlung.example.de' });
    const link = await s.claim();
    expect(link).toMatch(/^https:\/\/zahlung\.example\.de\/portal\/l\//);
    const path = link.slice('https://zahlung.example.de'.length);
    const page = await (await s.portal.app.request(path)).text();
    expect(page).toContain(`action="${path}/promise"`);
    const res = await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '100.00', by: '2025-02-10' });
    expect(res.headers.get('location')).toBe(`${path}?lang=de&done=promise`);
    expect((await s.portal.app.request(path.replace('/portal', ''))).status).toBe(404);
  });

  it('served over HTTP by @mahnwerk/portal/node, requests over the limit get 429 with Retry-After', async () => {
    const { servePortal } = await import('../src/node.js');
    const s = setup('2025-01-31', { rateLimit: { limit: 2 } });
    const path = await s.claim();
    const server = await servePortal(s.portal, { port: 0 });
    try {
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
      const third = await fetch(`${server.url}${path}`);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('a refused form keeps what the debtor typed and says in German what is wrong, at the field (WCAG 3.3.1, 3.3.3)', () => {
  /** The visible text of a page. */
  const inputValue = (page: string, id: string): string | undefined => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page)?.[1];
  const textOf = (page: string): string => page.replace(/<style>[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]*>/g, ' ');

  it('promise: a date in the past is named as such, with the amount typed kept and the date field marked', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '12,50', by: '2025-01-20' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(textOf(body)).toContain('Das Datum „Zahlung bis“ liegt in der Vergangenheit. Bitte wählen Sie ein Datum ab dem 31.01.2025.');
    expect(field(body, 'amount')).toBe('12,50');
    expect(body).toMatch(/id="promise-by"[^>]*value="2025-01-20"[^>]*aria-describedby="promise-by-error"[^>]*aria-invalid="true"/);
    expect(body).toContain('<p class="field-error" id="promise-by-error">');
    expect(await s.newEvents(claimId)).toEqual([]);
  });

  it('promise: an amount that is no amount, and one above the open total (1.006,17 €), each get their own sentence; the text typed stays', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const form = { csrf: field(page, 'csrf'), form: field(page, 'form'), by: '2025-02-10' };
    const bad = await (await post(s.portal, `${path}/promise`, { ...form, amount: '12.5.0' })).text();
    expect(textOf(bad)).toContain('Bitte geben Sie den Betrag in Euro ein, zum Beispiel 12,50.');
    expect(field(bad, 'amount')).toBe('12.5.0');
    expect(bad).toMatch(/id="promise-amount"[^>]*aria-invalid="true"/);
    const high = await (await post(s.portal, `${path}/promise`, { ...form, amount: '2.000,00' })).text();
    expect(textOf(high)).toMatch(/Der Betrag ist höher als der offene Gesamtbetrag von 1\.006,17\s€\./);
    expect(field(high, 'amount')).toBe('2.000,00');
    expect(inputValue(high, 'promise-by')).toBe('2025-02-10');
  });

  it('plan: too many installments names the maximum at the count field, and the count and date typed stay', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '99', first: '2025-02-20' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(textOf(body)).toContain('Bitte wählen Sie höchstens 6 Raten.');
    expect(inputValue(body, 'plan-count')).toBe('99');
    expect(inputValue(body, 'plan-first')).toBe('2025-02-20');
    expect(body).toMatch(/id="plan-count"[^>]*aria-describedby="plan-count-error plan-hint"[^>]*aria-invalid="true"/);
  });

  it('dispute: a blank reason asks for one; the text typed (unicode, markup) comes back escaped in the field', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await (await s.portal.app.request(path)).text();
    const res = await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason: '  ' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(textOf(body)).toContain('Bitte schreiben Sie uns, warum die Forderung nicht stimmt (mindestens 3 Zeichen).');
    expect(body).toMatch(/id="dispute-reason"[^>]*aria-invalid="true"/);
    const typed = 'Nie geliefert 📦 – „Größe“ <b>x</b>';
    const res2 = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: 'drei', first: '2025-02-20' });
    expect(textOf(await res2.text())).toContain('Bitte geben Sie die Anzahl der Monatsraten als ganze Zahl ein, zum Beispiel 3.');
    const long = await (await post(s.portal, `${path}/dispute`, { csrf: field(page, 'csrf'), form: field(page, 'form'), reason: `${typed} ${'x'.repeat(2000)}` })).text();
    expect(textOf(long)).toContain('Ihre Begründung ist zu lang. Bitte fassen Sie sie in höchstens 1.972 Zeichen.');
    expect(long).toContain('Nie geliefert 📦 – „Größe“ &lt;b&gt;x&lt;/b&gt; xxx');
    expect(await s.newEvents(claimId)).toEqual([]);
  });
});

describe('an erased debtor (Art. 17 GDPR)', () => {
  it('the page still shows the claim, but no stand-in name: "gelöscht" is not printed where the debtor\'s name stood', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const before = await (await s.portal.app.request(path)).text();
    expect(before).toContain('<header><span>Erika Mustermann</span>');
    await s.mahnwerk.eraseDebtor('D-1001');
    const page = await (await s.portal.app.request(path)).text();
    expect(page).toContain('Forderungsaufstellung');
    expect(page).not.toContain('gelöscht');
    expect(page).not.toContain('Erika Mustermann');
  });
});
