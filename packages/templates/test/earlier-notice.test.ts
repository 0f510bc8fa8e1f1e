import { statementAsOf, type ClaimFacts, type RenderInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, renderMessage, type CreditorParty } from '../src/index.js';
import { letterData } from './fixtures.js';

// § 130 Abs. 1 S. 1 BGB with § 286 Abs. 1 BGB (docs/legal-notes.md, "A later notice built on a notice that
// never arrived"): a Mahnung takes effect only when it reaches the debtor. When the Mahnung went out but
// the provider reported it bounced and nothing delivered it, the final notice is the first demand the
// debtor gets: "trotz unserer Mahnung …" would state something that did not happen. Core says so with
// `RenderInput.earlierNoticeNotReceived`; the built-in final notice and court dunning announcement then
// leave the reference out. Every other letter keeps its words.

const finalNotice = (overrides: Parameters<typeof letterData>[0] = {}) => letterData({ stage: 'final-notice', ...overrides });
// The fixture's claim: RE-2025-004711 of 20.10.2025 about "Stromlieferung Oktober 2025", due 03.11.2025.
const claimText = 'unsere Rechnung RE-2025-004711 vom 20.10.2025 über Stromlieferung Oktober 2025, fällig am 03.11.2025';

describe('earlier notice not received (§ 130 Abs. 1 S. 1 BGB): the final notice does not refer to a Mahnung that never arrived', () => {
  it('de, final notice: "trotz unserer Mahnung" when the Mahnung reached the debtor; without it the sentence starts with the invoice — text and HTML', () => {
    const usual = renderMessage('final-notice', 'letter', finalNotice());
    expect(usual.text).toContain(`trotz unserer Mahnung ist ${claimText}, weiterhin nicht beglichen.`);
    const first = renderMessage('final-notice', 'letter', finalNotice({ earlierNoticeNotReceived: true }));
    expect(first.text).toContain(`${claimText}, ist weiterhin nicht beglichen.`);
    expect(first.html).toContain(`<p>${claimText}, ist weiterhin nicht beglichen.</p>`);
    for (const out of [first.text, first.html ?? '']) expect(out).not.toMatch(/trotz unserer Mahnung/i);
  });

  it('en, final notice: "Despite our dunning notice" only when it reached the debtor', () => {
    expect(renderMessage('final-notice', 'letter', finalNotice({ locale: 'en' })).text).toContain('Despite our dunning notice, our invoice RE-2025-004711');
    const first = renderMessage('final-notice', 'letter', finalNotice({ locale: 'en', earlierNoticeNotReceived: true }));
    expect(first.text).toContain('Our invoice RE-2025-004711');
    expect(first.text).not.toMatch(/despite our dunning notice/i);
  });

  it('the creditor\'s court dunning announcement: "ist trotz Mahnung weiterhin offen" / "ist weiterhin offen"', () => {
    const announce = (flag: boolean, locale: 'de' | 'en') =>
      renderMessage('court-dunning-announcement', 'letter', letterData({ stage: 'court-dunning-announcement', locale, ...(flag ? { earlierNoticeNotReceived: true } : {}) })).text;
    expect(announce(false, 'de')).toContain('ist trotz Mahnung weiterhin offen.');
    expect(announce(true, 'de')).toContain('über Stromlieferung Oktober 2025 ist weiterhin offen.');
    expect(announce(false, 'en')).toContain('is still outstanding despite our dunning notice.');
    expect(announce(true, 'en')).toContain('for Stromlieferung Oktober 2025 is still outstanding.');
  });

  it('createEngineRenderer passes core\'s RenderInput.earlierNoticeNotReceived on; anything but true or false is refused', async () => {
    const shop: CreditorParty = { name: 'Gartenwelt Versand GmbH', addressLines: ['Lindenallee 12', '04109 Leipzig'], email: 'buchhaltung@gartenwelt.example' };
    const facts: ClaimFacts = {
      id: 'RE-1',
      reference: 'RE-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Anna Muster', address: ['Kastanienweg 7', '01067 Dresden'], email: 'a@example.org' },
      principal: '249.90',
      currency: 'EUR',
      invoiceDate: '2025-03-03',
      dueDate: '2025-03-17',
      dueDateAgreed: true,
    };
    const input: RenderInput = {
      template: 'final-notice',
      channel: 'letter',
      locale: 'de',
      claim: facts,
      stage: 'final-notice',
      statement: statementAsOf([{ type: 'claim-created', claimId: 'RE-1', date: '2025-03-03', claim: facts }], '2025-05-15'),
    };
    const render = createEngineRenderer({ creditor: shop });
    expect((await render(input)).text).toMatch(/trotz unserer Mahnung ist unsere Rechnung RE-1/);
    const first = (await render({ ...input, earlierNoticeNotReceived: true })).text;
    expect(first).toMatch(/unsere Rechnung RE-1 vom 03\.03\.2025, fällig am 17\.03\.2025, ist weiterhin nicht beglichen\./);
    expect(first).not.toMatch(/trotz unserer Mahnung/);
    expect(() => renderMessage('final-notice', 'letter', { ...finalNotice(), earlierNoticeNotReceived: 'yes' as unknown as boolean })).toThrow(/earlierNoticeNotReceived/);
  });
});
