import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { setup } from './setup.js';

const claimId = fixtures.consumerClaim().id;
const creditor = { name: 'Muster Versand GmbH' };
const contact = { email: 'buchhaltung@muster-versand.example', phone: '030 1234567' };

/** The text inside the element with `id` (tags removed, whitespace collapsed). */
function textOf(page: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(?:div|p|section)>`).exec(page);
  return m?.[1]?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

// The consumer fixture: 1,000.00 € in default from 2025-01-01 at 7.27 % (base rate 2.27 % + 5 pp,
// § 288 Abs. 1 BGB). Paid 1,100.00 € on 2025-01-31, applied to the claim as it stood at the end of
// 2025-01-30 (§ 367 Abs. 1 BGB): interest 2025-01-01 … 01-30 = 30 days, 1,000 × 0.0727 × 30 / 365
// = 5.975… → 5.98 €; owed 1,005.98 €; 1,100.00 − 1,005.98 = 94.02 € paid too much (checked by hand).
describe('an overpaid claim tells the debtor the surplus is owed back (§ 812 Abs. 1 BGB), not just a zero balance', () => {
  it('"Sie haben zu viel gezahlt": 94,02 € with the payment of 31.01.2025, refunded or set off; whom to ask — the contact', async () => {
    const s = setup('2025-01-31', { creditor, contact });
    const path = await s.claim();
    await s.mahnwerk.recordPayment({ claimId, amount: '1100.00', paymentId: 'P-1' });
    const page = await (await s.portal.app.request(path)).text();
    expect(page).toMatch(/data-total="total">0,00/);
    expect(textOf(page, 'overpaid')).toBe(
      'Sie haben zu viel gezahlt Mit Ihrer Zahlung vom 31.01.2025 haben Sie 94,02 € mehr gezahlt, als Sie schuldeten. Dieser Betrag steht Ihnen zu (§ 812 Abs. 1 BGB): Er wird Ihnen erstattet oder mit einer anderen fälligen Forderung gegen Sie verrechnet. Fragen dazu beantworten wir Ihnen unter buchhaltung@muster-versand.example oder 030 1234567.',
    );
    // The statement's overpayment row shows the same figure.
    expect(page).toMatch(/Überzahlung \(wird erstattet oder verrechnet\)<\/th><td class="num">94,02/);
    const en = await (await s.portal.app.request(`${path}?lang=en`)).text();
    // The day as English text writes it (it read "of 2025-01-31" before the portal wrote days with core's dayInWords).
    expect(textOf(en, 'overpaid')).toContain('With your payment of 31 January 2025 you paid €94.02 more than you owed. This amount is yours (§ 812 (1) BGB)');
  });

  it('without a contact the creditor is named to ask; without either, no one', async () => {
    const named = setup('2025-01-31', { creditor });
    const path = await named.claim();
    await named.mahnwerk.recordPayment({ claimId, amount: '1100.00', paymentId: 'P-1' });
    expect(textOf(await (await named.portal.app.request(path)).text(), 'overpaid')).toMatch(/verrechnet\. Fragen dazu richten Sie bitte an Muster Versand GmbH\.$/);
    const bare = setup('2025-01-31');
    const barePath = await bare.claim();
    await bare.mahnwerk.recordPayment({ claimId, amount: '1100.00', paymentId: 'P-1' });
    expect(textOf(await (await bare.portal.app.request(barePath)).text(), 'overpaid')).toMatch(/verrechnet\.$/);
  });

  it('once the surplus is refunded (a reversal of kind refund undoes the unapplied part first) the notice is gone; a claim paid exactly never shows it', async () => {
    const s = setup('2025-01-31', { creditor, contact });
    const path = await s.claim();
    await s.mahnwerk.recordPayment({ claimId, amount: '1100.00', paymentId: 'P-1' });
    await s.mahnwerk.reversePayment({ claimId, paymentId: 'P-1', reversalId: 'R-1', kind: 'refund', amount: '94.02' });
    const page = await (await s.portal.app.request(path)).text();
    expect(page).not.toContain('id="overpaid"');
    expect(page).toContain('Die Forderung ist vollständig beglichen.');
    const exact = setup('2025-01-31', { creditor, contact });
    const exactPath = await exact.claim();
    await exact.mahnwerk.recordPayment({ claimId, amount: '1005.98', paymentId: 'P-1' });
    const exactPage = await (await exact.portal.app.request(exactPath)).text();
    expect([exactPage.includes('id="overpaid"'), exactPage.includes('Die Forderung ist vollständig beglichen.')]).toEqual([false, true]);
  });

  it('a contact with neither e-mail nor phone, or a blank one, is refused at start-up naming the field', () => {
    expect(() => setup('2025-01-31', { contact: {} })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'contact' }));
    expect(() => setup('2025-01-31', { contact: { email: ' ' } })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'contact.email' }));
  });
});

// The README's quick start gives neither `payments` nor `bankAccount`: the page used to show the
// heading "Bezahlen" and "Sie zahlen an: …" with nothing to pay by.
describe('a page without a payment provider and without a bank account says it offers no way to pay, and how to pay', () => {
  it('"Auf dieser Seite ist kein Zahlungsweg hinterlegt … Bitte zahlen Sie 1.006,17 € so, wie es in unserem Schreiben angegeben ist." with whom to ask', async () => {
    const s = setup('2025-01-31', { creditor, contact, payments: undefined, bankAccount: undefined });
    const page = await (await s.portal.app.request(await s.claim())).text();
    expect(textOf(page, 'payee')).toBe('Sie zahlen an: Muster Versand GmbH');
    // 1,000.00 + 31 days of January at 7.27 %: 1,000 × 0.0727 × 31 / 365 = 6.174… → 6.17 (checked by hand).
    expect(textOf(page, 'pay-nowhere')).toBe(
      'Auf dieser Seite ist kein Zahlungsweg hinterlegt (keine Online-Zahlung, keine Bankverbindung). Bitte zahlen Sie 1.006,17 € so, wie es in unserem Schreiben angegeben ist. Fragen dazu beantworten wir Ihnen unter buchhaltung@muster-versand.example oder 030 1234567.',
    );
    expect(page).not.toContain('id="pay-button"');
    expect(page).not.toContain('id="pay-transfer"');
  });

  it('with either a provider or a bank account the page shows that way to pay and no such sentence', async () => {
    const online = setup('2025-01-31', { creditor, bankAccount: undefined });
    const onlinePage = await (await online.portal.app.request(await online.claim())).text();
    expect([onlinePage.includes('id="pay-button"'), onlinePage.includes('id="pay-nowhere"')]).toEqual([true, false]);
    const transfer = setup('2025-01-31', { creditor, payments: undefined });
    const transferPage = await (await transfer.portal.app.request(await transfer.claim())).text();
    expect([transferPage.includes('id="pay-transfer"'), transferPage.includes('id="pay-nowhere"')]).toEqual([true, false]);
  });
});
