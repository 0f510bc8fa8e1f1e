import type { RenderInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, createRenderer, renderMessage, TemplateError, templateNames, type CreditorParty } from '../src/index.js';
import { creditor, handoverData, letterData, statement } from './fixtures.js';

// The body of a printed letter (RenderedMessage.letterBody): what a letter layout such as
// channel-letter's DIN 5008 PDF puts between its subject and its closing. The layout sets letter
// head, return line, address, date, subject, closing, footer and the payment block (from the
// message's payment) itself, so the letter body must carry none of them — and everything else the
// text letter says, in the same words.

const closings = { de: 'Mit freundlichen Grüßen', en: 'Yours sincerely' } as const;

/** The part of the text letter from the salutation up to the closing (what the letter body must equal when no payment details are printed). */
function middleOf(text: string, salutation: string, locale: 'de' | 'en'): string {
  const start = text.indexOf(salutation);
  const end = text.indexOf(`\n\n${closings[locale]}\n`);
  expect(start, 'salutation in the text letter').toBeGreaterThan(0);
  expect(end, 'closing in the text letter').toBeGreaterThan(start);
  return text.slice(start, end);
}

// No bank and no payment link: the payment partial prints nothing, so text and letter body agree word for word.
const { bank: _bank, ...creditorWithoutBank } = creditor;
const handoverCreditor = (): CreditorParty => {
  const { bank: _b, ...agency } = handoverData().creditor;
  return agency;
};

describe('letter body: the text letter between salutation and closing', () => {
  for (const locale of ['de', 'en'] as const) {
    for (const name of templateNames) {
      it(`${locale}/${name}: equals the text letter's part from the salutation to the closing, without head, subject, closing and footer`, () => {
        const base = name === 'handover-inkasso' ? handoverData({ creditor: handoverCreditor() }) : letterData({ creditor: creditorWithoutBank });
        const { paymentLink: _link, ...data } = { ...base, locale, stage: name };
        const out = renderMessage(name, 'letter', data);
        const salutation = locale === 'de' ? 'Guten Tag Maximilian Mustermann,' : 'Dear Maximilian Mustermann,';
        expect(out.letterBody).toBe(middleOf(out.text, salutation, locale));
        const body = out.letterBody ?? '';
        expect(body.startsWith(salutation)).toBe(true);
        // What the layout sets itself is not in it.
        expect(body).not.toContain(out.subject);
        expect(body).not.toContain('Lindenallee 7');
        expect(body).not.toContain('K-778812');
        expect(body).not.toContain(closings[locale]);
        expect(body).not.toMatch(/^--$/m);
        expect(body).not.toMatch(/^(Datum|Date): /m);
      });
    }
  }
});

describe('letter body: the statement as text lines, the payment details left to the layout', () => {
  it('lists every statement line and the totals as the text letter does', () => {
    const { letterBody } = renderMessage('dunning-notice', 'letter', letterData());
    expect(letterBody).toContain('Forderungsaufstellung (Stand 10.03.2026):');
    expect(letterBody).toContain('- Hauptforderung Rechnung RE-2025-004711 vom 20.10.2025 (§ 433 Abs. 2 BGB): 1.234,56\u00a0€');
    expect(letterBody).toContain('- Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27\u00a0% p. a. aus 1.234,56\u00a0€ (§ 288 Abs. 1 BGB): 9,33\u00a0€');
    expect(letterBody).toContain('- Mahnkosten (Porto und Druck) vom 01.12.2025 (§§ 280 Abs. 1, 2, 286 BGB): 1,50\u00a0€');
    expect(letterBody).toContain(`Gesamtbetrag: 1.260,02\u00a0€`);
  });

  it('has no bank account, remittance reference or payment link — the text letter keeps them', () => {
    const out = renderMessage('dunning-notice', 'letter', letterData());
    const paymentLines = [
      'Bankverbindung: IBAN DE02 3705 0198 0000 1234 56, BIC COLSDE33 (Sparkasse KölnBonn)',
      'Verwendungszweck (bitte unverändert angeben): RF19 RE20 2500 4711',
      'Online bezahlen: https://pay.stadtwerke-musterstadt.de/p/Xk3f9Q2',
    ];
    for (const line of paymentLines) {
      expect(out.text).toContain(line);
      expect(out.letterBody).not.toContain(line);
    }
    // Apart from those lines the two agree.
    const withoutPayment = middleOf(out.text, 'Guten Tag', 'de').replace(`\n\n${paymentLines.join('\n')}`, '');
    expect(out.letterBody).toBe(withoutPayment);
  });

  it('keeps the § 13a RDG information of the agency’s first letter', () => {
    const { letterBody } = renderMessage('handover-inkasso', 'letter', handoverData());
    expect(letterBody).toContain('Informationen nach § 13a Abs. 1 RDG:');
    expect(letterBody).toContain('Zuständige Aufsichtsbehörde: Bundesamt für Justiz');
    expect(letterBody).not.toContain('Bankverbindung:');
  });
});

describe('letter body: only for letters', () => {
  it('e-mail and SMS have none', () => {
    expect(renderMessage('dunning-notice', 'email', letterData()).letterBody).toBeUndefined();
    expect(renderMessage('reminder', 'sms', letterData({ stage: 'reminder' })).letterBody).toBeUndefined();
  });
});

describe('letter body: overrides', () => {
  it('a body partial the host rewrote is used in text and letter body alike', () => {
    const r = createRenderer({ overrides: { 'de/partials/body-reminder': 'bitte zahlen Sie {{money statement.total}}.\n\n{{> payment}}' } });
    const out = r.render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(out.text).toContain('bitte zahlen Sie 1.260,02\u00a0€.');
    expect(out.letterBody).toBe('Guten Tag Maximilian Mustermann,\n\nbitte zahlen Sie 1.260,02\u00a0€.');
  });

  it('a text letter rewritten without its .body has no letter body (the built-in wording it replaced is not printed); with one, that is used', () => {
    const text = 'Hallo {{debtor.name}}, zahlen Sie {{money statement.total}}.';
    const without = createRenderer({ overrides: { 'de/letter/reminder': text } }).render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(without.text).toBe('Hallo Maximilian Mustermann, zahlen Sie 1.260,02\u00a0€.');
    expect(without.letterBody).toBeUndefined();
    const withBody = createRenderer({ overrides: { 'de/letter/reminder': text, 'de/letter/reminder.body': 'Hallo {{debtor.name}},\n\n{{> payment}}zahlen Sie.' } });
    expect(withBody.render('reminder', 'letter', letterData({ stage: 'reminder' })).letterBody).toBe('Hallo Maximilian Mustermann,\n\nzahlen Sie.');
    // Other template names keep their built-in letter body.
    expect(createRenderer({ overrides: { 'de/letter/reminder': text } }).render('dunning-notice', 'letter', letterData()).letterBody).toMatch(/^Guten Tag/);
  });

  it('a template of its own gets a letter body only through its .body key', () => {
    const own = { 'de/letter/stundung': 'Stundung bis {{date deadline}}.', 'de/letter/stundung.subject': 'Stundung {{claim.reference}}' };
    expect(createRenderer({ overrides: own }).render('stundung', 'letter', letterData()).letterBody).toBeUndefined();
    const withBody = createRenderer({ overrides: { ...own, 'de/letter/stundung.body': '{{> salutation}}\nwir stunden bis {{date deadline}}.' } });
    expect(withBody.render('stundung', 'letter', letterData()).letterBody).toBe('Guten Tag Maximilian Mustermann,\nwir stunden bis 24.03.2026.');
  });

  it('.body is a letter key only', () => {
    expect(() => createRenderer({ overrides: { 'de/email/reminder.body': 'x' } })).toThrow(TemplateError);
    expect(() => createRenderer({ overrides: { 'de/partials/payment.body': 'x' } })).toThrow(TemplateError);
    expect(() => createRenderer({ overrides: { 'de/letter/reminder.body': '{{> salutation}}' } })).not.toThrow();
  });
});

describe('letter body through createEngineRenderer', () => {
  const input: RenderInput = {
    template: 'dunning-notice',
    channel: 'letter',
    locale: 'de',
    claim: {
      id: 'K-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
      principal: '1234.56',
      currency: 'EUR',
      invoiceDate: '2025-10-20',
      dueDate: '2025-11-03',
      dueDateIsCalendarDate: false,
      reference: 'RE-1',
    },
    statement,
    deadline: '2026-03-24',
  };

  it('a letter channel, also one mapped to the letter templates under another name, gets the letter body; e-mail none', async () => {
    const render = createEngineRenderer({ creditor, channels: { post: 'letter' } });
    const letter = await render(input);
    expect(letter.letterBody?.startsWith('Guten Tag Erika Muster,\n\nunsere Rechnung RE-1 vom 20.10.2025 war am 03.11.2025 fällig')).toBe(true);
    expect((await render({ ...input, channel: 'post' })).letterBody).toBe(letter.letterBody);
    expect((await render({ ...input, channel: 'email' })).letterBody).toBeUndefined();
  });
});
