import { allocateIncomingPayment, money, project, statement as statementOf, type ClaimEvent, type ClaimFacts, type RenderInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, createRenderer, renderMessage, TemplateError, templateNames, type CreditorParty } from '../src/index.js';
import { creditor, handoverData, letterData, statement } from './fixtures.js';

// The body of a printed letter (RenderedMessage.letterBody): what a letter layout such as
// channel-letter's DIN 5008 PDF puts between its subject and its closing. The layout sets letter
// head, return line, address, date, subject, closing, footer and the payment block (from the
// message's payment) itself, so the letter body must carry none of them — and everything else the
// text letter says, in the same words. Two things it gives the layout rather than as the text
// letter does: the customer number, which the text letter prints in its head beside the date, is
// not in the body but an item of the message's `letterHead` (the layout puts it into its information
// block, beside the date), and the itemized statement is the message's `letterStatement` (caption,
// items with basis and amount, sums), which the layout prints as its statement table where the body
// has the paragraph `[statement]`.

const closings = { de: 'Mit freundlichen Grüßen', en: 'Yours sincerely' } as const;

/** The part of the text letter from the salutation up to the closing (what the letter body must equal when no payment details are printed). */
function middleOf(text: string, salutation: string, locale: 'de' | 'en'): string {
  const start = text.indexOf(salutation);
  const end = text.indexOf(`\n\n${closings[locale]}\n`);
  expect(start, 'salutation in the text letter').toBeGreaterThan(0);
  expect(end, 'closing in the text letter').toBeGreaterThan(start);
  return text.slice(start, end);
}

const statementCaption = /^(Forderungsaufstellung \(Stand|Statement of account \(as of) /;
/**
 * The text with its itemized statement — the text letter's lines from the caption to the
 * `Gesamtbetrag:`/`Total due:` line — replaced by `[statement]`, the paragraph that places the
 * statement table in a letter body: what must then agree word for word. A letter body is returned
 * as it is, after checking that it places the table once and writes no statement lines itself.
 */
function withoutStatement(text: string): string {
  const lines = text.split('\n');
  if (lines.includes('[statement]')) {
    expect(lines.filter((l) => l === '[statement]'), 'one [statement] paragraph').toHaveLength(1);
    expect(lines.some((l) => statementCaption.test(l)), 'no statement caption beside [statement]').toBe(false);
    return text;
  }
  const start = lines.findIndex((l) => statementCaption.test(l));
  expect(start, 'the statement caption').toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^(Gesamtbetrag|Total due)(:|\t)/.test(l));
  expect(end, 'the statement total').toBeGreaterThan(start);
  return [...lines.slice(0, start), '[statement]', ...lines.slice(end + 1)].join('\n');
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
      it(`${locale}/${name}: equals the text letter's part from the salutation to the closing (statement as a table), without head, subject, closing and footer`, () => {
        const base = name === 'handover-inkasso' ? handoverData({ creditor: handoverCreditor() }) : letterData({ creditor: creditorWithoutBank });
        const { paymentLink: _link, ...data } = { ...base, locale, stage: name };
        const out = renderMessage(name, 'letter', data);
        const salutation = locale === 'de' ? 'Guten Tag Maximilian Mustermann,' : 'Dear Maximilian Mustermann,';
        expect(withoutStatement(out.letterBody ?? '')).toBe(withoutStatement(middleOf(out.text, salutation, locale)));
        const body = out.letterBody ?? '';
        // The customer number (fixtures.ts: K-778812) as the head's item for the layout's information block, not in the body, which starts with the salutation.
        expect(out.letterHead).toEqual([{ label: locale === 'de' ? 'Kundennummer' : 'Customer number', value: 'K-778812' }]);
        expect(body.startsWith(salutation)).toBe(true);
        expect(body).not.toContain('K-778812');
        // What the layout sets itself is not in it.
        expect(body).not.toContain(out.subject);
        expect(body).not.toContain('Lindenallee 7');
        expect(body).not.toContain(closings[locale]);
        expect(body).not.toMatch(/^--$/m);
        expect(body).not.toMatch(/^(Datum|Date): /m);
      });
    }
  }
});

describe('letter body: the statement as a table (letterStatement), the payment details left to the layout', () => {
  it('gives every statement line with its legal basis and amount, and the sums, as the typed table; the body places it with [statement]', () => {
    const out = renderMessage('dunning-notice', 'letter', letterData());
    // The fixture's statement (fixtures.ts), checked by hand: 1,234.56 × 6.27 % × 44/365 = 9.3316 → 9.33 and × 69/365 = 14.6335 → 14.63;
    // interest 9.33 + 14.63 = 23.96; total 1,234.56 + 23.96 + 1.50 = 1,260.02. The cells are those of the HTML letter's table (statement.html).
    expect(out.letterStatement).toEqual({
      caption: 'Forderungsaufstellung (Stand 10.03.2026)',
      rows: [
        { description: 'Hauptforderung Rechnung RE-2025-004711 vom 20.10.2025', basis: '§\u00a0433 Abs.\u00a02 BGB', amount: '1.234,56\u00a0€' },
        { description: 'Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27\u00a0% p.\u00a0a. aus 1.234,56\u00a0€', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '9,33\u00a0€' },
        { description: 'Zinsen 01.01.2026 bis 10.03.2026: 69 Tage zu 6,27\u00a0% p.\u00a0a. aus 1.234,56\u00a0€', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '14,63\u00a0€' },
        { description: 'Mahnkosten (Porto und Druck) vom 01.12.2025', basis: '§§\u00a0280 Abs.\u00a01, 2, 286 BGB', amount: '1,50\u00a0€' },
      ],
      totals: [
        { label: 'Hauptforderung', amount: '1.234,56\u00a0€' },
        { label: 'Zinsen', amount: '23,96\u00a0€' },
        { label: 'Kosten', amount: '1,50\u00a0€' },
        { label: 'Gesamtbetrag', amount: '1.260,02\u00a0€' },
      ],
    });
    // Placed where the statement partial stands (body-dunning-notice: after the interest sentence); no tab anywhere in the body.
    expect(out.letterBody).toContain('bis zum Zahlungseingang weiter.\n\n[statement]\n\nSollten Sie Einwände');
    expect(out.letterBody).not.toContain('\t');
    // The text letter keeps its statement as text lines.
    expect(out.text).toContain('- Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27\u00a0% p.\u00a0a. aus 1.234,56\u00a0€ (§ 288 Abs. 1 BGB): 9,33\u00a0€');
  });

  it('an English letter words its table in English (core statementLineText), days as English letters write them; a German one prints the stored German label and basis — the table channel-letter prints', () => {
    // (Moved here from channel-letter's statementTable, removed: the printed table is this field.)
    // Consumer claim RE-1, 249.90 EUR, due 2025-03-17 on an agreed day: default from 2025-03-18 (§ 286 Abs. 2 Nr. 1 BGB),
    // base rate 2.27 % + 5 points = 7.27 % (§ 288 Abs. 1 BGB). Mahnkosten 2.50 on 2025-04-28. Payment 50.00 on 2025-05-02,
    // applied (§ 367 Abs. 1 BGB) to the claim at the end of 2025-05-01: interest 2025-03-18..2025-05-01 = 14 + 30 + 1 = 45 days,
    // 249.90 × 7.27 % × 45 / 365 = 817.54785 / 365 = 2.2398… → 2.24; so costs 2.50, interest 2.24, principal 50.00 − 4.74 = 45.26,
    // principal left 249.90 − 45.26 = 204.64. Interest 2025-05-02..2025-05-10 = 9 days, 204.64 × 7.27 % × 9 / 365 = 133.895952 / 365
    // = 0.3668… → 0.37. Sums: principal 204.64, interest 2.24 + 0.37 − 2.24 = 0.37, costs 2.50 − 2.50 = 0 (no line), total 205.01.
    const facts = {
      id: 'RE-1',
      debtor: { id: 'D1', kind: 'consumer', name: 'Ann Smith', locale: 'en' },
      principal: '249.90',
      currency: 'EUR',
      invoiceDate: '2025-03-03',
      dueDate: '2025-03-17',
      dueDateAgreed: true,
      reference: 'RE-1',
    } satisfies ClaimFacts;
    const events: ClaimEvent[] = [
      { type: 'claim-created', claimId: 'RE-1', date: '2025-03-03', claim: facts },
      { type: 'default-began', claimId: 'RE-1', date: '2025-03-18', route: 'calendar-date', basis: '§\u00a0286 Abs.\u00a02 Nr.\u00a01 BGB' },
      { type: 'fee-charged', claimId: 'RE-1', date: '2025-04-28', feeId: 'RE-1:fee:creditor-dunning-fee:2025-04-28:1', kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '2.50', basis: '§§\u00a0280 Abs.\u00a01, 2, 286 BGB' },
    ];
    events.push(allocateIncomingPayment(project(events), { paymentId: 'P1', amount: money('50.00'), date: '2025-05-02' }));
    const st = statementOf(project(events), '2025-05-10');
    const data = (locale: 'de' | 'en') => letterData({ locale, letterDate: '2025-05-10', statement: st, claim: { id: 'RE-1', reference: 'RE-1', invoiceDate: '2025-03-03', dueDate: '2025-03-17' } });
    const payment = '§\u00a0362 Abs.\u00a01 BGB; §\u00a0367 Abs.\u00a01 BGB';
    const en = renderMessage('dunning-notice', 'letter', data('en')).letterStatement;
    expect(en).toEqual({
      caption: 'Statement of account (as of 10 May 2025)',
      rows: [
        { description: 'Principal claim of 3 March 2025', basis: 'Invoice RE-1', amount: '€249.90' },
        { description: 'Interest 18 March 2025 to 1 May 2025: 45 days at 7.27% p.a. on €249.90', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '€2.24' },
        { description: 'Dunning costs (postage and materials) of 28 April 2025', basis: '§§\u00a0280 Abs.\u00a01, 2, 286 BGB', amount: '€2.50' },
        { description: 'Payment towards costs of 2 May 2025', basis: payment, amount: '-€2.50' },
        { description: 'Payment towards interest of 2 May 2025', basis: payment, amount: '-€2.24' },
        { description: 'Payment towards principal claim of 2 May 2025', basis: payment, amount: '-€45.26' },
        // Below the payment of its first day: 249.90 − 45.26 = 204.64 (§ 367 Abs. 1 BGB; core's statement order).
        { description: 'Interest 2 May 2025 to 10 May 2025: 9 days at 7.27% p.a. on €204.64', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '€0.37' },
      ],
      totals: [
        { label: 'Principal', amount: '€204.64' },
        { label: 'Interest', amount: '€0.37' },
        { label: 'Total due', amount: '€205.01' },
      ],
    });
    // No German statement word in the English table (the bug of English letters printing the stored German labels and bases).
    const words = [en?.caption ?? '', ...(en?.rows ?? []).flatMap((r) => [r.description, r.basis ?? '']), ...(en?.totals ?? []).map((t) => t.label)].join('\n');
    for (const german of ['Hauptforderung', 'Mahnkosten', 'Porto', 'Zahlung auf', 'Rechnung ', 'Kosten', 'Zinsen', 'vom ']) expect(words).not.toContain(german);
    // German: each line's stored label and basis, days as German letters write them.
    const de = renderMessage('dunning-notice', 'letter', data('de')).letterStatement;
    expect(de?.caption).toBe('Forderungsaufstellung (Stand 10.05.2025)');
    expect(de?.rows[0]).toEqual({ description: 'Hauptforderung vom 03.03.2025', basis: 'Rechnung RE-1', amount: '249,90\u00a0€' });
    for (const line of st.lines.filter((l) => l.part !== 'interest' || l.to === undefined)) {
      expect(de?.rows.map((r) => r.description)).toContainEqual(`${line.label} vom ${line.date.split('-').reverse().join('.')}`);
    }
    expect(de?.totals.map((t) => t.label)).toEqual(['Hauptforderung', 'Zinsen', 'Gesamtbetrag']);
  });

  it('fees of the agency with their legal basis', () => {
    const { letterStatement } = renderMessage('handover-inkasso', 'letter', handoverData());
    expect(letterStatement?.rows).toContainEqual({ description: 'Post- und Telekommunikationspauschale vom 10.03.2026', basis: 'Nr.\u00a07002 VV RVG', amount: '13,45\u00a0€' });
    expect(letterStatement?.rows).toContainEqual({ description: expect.stringMatching(/^Geschäftsgebühr .* vom 10\.03\.2026/), basis: 'Nr.\u00a02300 VV RVG, §\u00a013e RDG', amount: '67,25\u00a0€' });
  });

  it('a fee label or claim subject holding a tab or a line break is one cell (the view makes host text one line); the body stays free of tabs', () => {
    const data = letterData();
    const lines = data.statement.lines.map((line) => (line.part === 'costs' ? { ...line, label: 'Mahn\tkosten\nPorto' } : line));
    const out = renderMessage('dunning-notice', 'letter', { ...data, claim: { ...data.claim, subject: 'Strom\tund\nGas' }, statement: { ...data.statement, lines } });
    expect(out.letterStatement?.rows[3]).toEqual({ description: 'Mahn kosten Porto vom 01.12.2025', basis: '§§\u00a0280 Abs.\u00a01, 2, 286 BGB', amount: '1,50\u00a0€' });
    expect(out.letterStatement?.rows).toHaveLength(4);
    expect(out.letterBody).toContain('über Strom und Gas war am');
    expect(out.letterBody).not.toContain('\t');
  });

  it('the customer number is an item of the letter head (letterHead), typed, not a line of the body; without one the head is empty', () => {
    const de = renderMessage('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(de.letterHead).toEqual([{ label: 'Kundennummer', value: 'K-778812' }]);
    expect(de.letterBody).toMatch(/^Guten Tag Maximilian Mustermann,\n/);
    const en = renderMessage('reminder', 'letter', { ...letterData({ stage: 'reminder' }), locale: 'en' });
    expect(en.letterHead).toEqual([{ label: 'Customer number', value: 'K-778812' }]);
    expect(en.letterBody).toMatch(/^Dear Maximilian Mustermann,\n/);
    const { customerNumber: _n, ...debtor } = letterData().debtor;
    const none = renderMessage('reminder', 'letter', { ...letterData({ stage: 'reminder' }), debtor });
    expect(none.letterHead).toEqual([]);
    expect(none.letterBody).toMatch(/^Guten Tag Maximilian Mustermann,\n/);
    // Only letters have a head.
    expect(renderMessage('reminder', 'email', letterData({ stage: 'reminder' })).letterHead).toBeUndefined();
  });

  it('a customer number holding a tab stays one item (the view makes host text one line), never a second column', () => {
    const data = letterData({ stage: 'reminder' });
    const out = renderMessage('reminder', 'letter', { ...data, debtor: { ...data.debtor, customerNumber: 'K-77\t88\n12' } });
    expect(out.letterHead).toEqual([{ label: 'Kundennummer', value: 'K-77 88 12' }]);
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
    // Apart from those lines (and the statement's form) the two agree.
    const withoutPayment = middleOf(out.text, 'Guten Tag', 'de').replace(`\n\n${paymentLines.join('\n')}`, '');
    expect(withoutStatement(out.letterBody ?? '')).toBe(withoutStatement(withoutPayment));
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

  it('e-mail, SMS and the text letter show the statement as text, with no table field and no [statement] marker', () => {
    // The statement partial's text lines (de.ts `statement`), figures of fixtures.ts (checked by hand there).
    const lines = ['Forderungsaufstellung (Stand 10.03.2026):', '- Mahnkosten (Porto und Druck) vom 01.12.2025 (§§ 280 Abs. 1, 2, 286 BGB): 1,50\u00a0€', 'Gesamtbetrag: 1.260,02\u00a0€'];
    const email = renderMessage('dunning-notice', 'email', letterData());
    const letter = renderMessage('dunning-notice', 'letter', letterData());
    for (const [name, text] of [['e-mail', email.text], ['text letter', letter.text]] as const) {
      for (const line of lines) expect(text, name).toContain(line);
      expect(text, name).not.toContain('[statement]');
    }
    expect(email.html).toContain('<caption>Forderungsaufstellung (Stand 10.03.2026)</caption>');
    expect(letter.html).not.toContain('[statement]');
    expect(email.letterStatement).toBeUndefined();
    const sms = renderMessage('dunning-notice', 'sms', letterData());
    expect(sms.text).toContain('offen 1.260,02');
    expect(sms.text).not.toContain('[statement]');
    expect(sms.letterStatement).toBeUndefined();
  });
});

describe('letter body: overrides', () => {
  it('a body partial the host rewrote is used in text and letter body alike', () => {
    const r = createRenderer({ overrides: { 'de/partials/body-reminder': 'bitte zahlen Sie {{money statement.total}}.\n\n{{> payment}}' } });
    const out = r.render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(out.text).toContain('bitte zahlen Sie 1.260,02\u00a0€.');
    expect(out.letterBody).toBe('Guten Tag Maximilian Mustermann,\n\nbitte zahlen Sie 1.260,02\u00a0€.');
    expect(out.letterHead).toEqual([{ label: 'Kundennummer', value: 'K-778812' }]);
  });

  it('a statement partial the host rewrote stands in the letter body too, unless it rewrote letter-statement as well', () => {
    const own = { 'de/partials/statement': 'Offen: {{money statement.total}}\n' };
    const mine = createRenderer({ overrides: own }).render('dunning-notice', 'letter', letterData());
    expect(mine.text).toContain('Offen: 1.260,02\u00a0€');
    expect(mine.letterBody).toContain('\n\nOffen: 1.260,02\u00a0€\n\n');
    expect(mine.letterBody).not.toContain('Forderungsaufstellung');
    expect(mine.letterStatement).toBeNull();
    // A letter-statement that writes no table (a caption line with a tab is none, as channel-letter read it before) stays text.
    const both = createRenderer({ overrides: { ...own, 'de/partials/letter-statement': 'Summe\t{{money statement.total}}\n' } }).render('dunning-notice', 'letter', letterData());
    expect(both.letterBody).toContain('\n\nSumme\t1.260,02\u00a0€\n\n');
    expect(both.letterBody).not.toContain('Offen:');
    expect(both.letterStatement).toBeNull();
  });

  it('a letter-statement the host rewrote (own caption and sums, a sentence before the table) gives its table as letterStatement; its sentence stays text', () => {
    const table = 'Wie sich der Betrag zusammensetzt:\n\nIhre offenen Posten\n{{#each lines}}\n{{label}}\t{{basis}}\t{{money amount}}\n{{/each}}\nZu zahlen\t{{money statement.total}}\n';
    const out = createRenderer({ overrides: { 'de/partials/letter-statement': table } }).render('dunning-notice', 'letter', letterData());
    // Amounts of fixtures.ts (checked by hand there; total 1,260.02).
    expect(out.letterStatement).toEqual({
      caption: 'Ihre offenen Posten',
      rows: [
        { description: 'Hauptforderung Rechnung RE-2025-004711', basis: '§\u00a0433 Abs.\u00a02 BGB', amount: '1.234,56\u00a0€' },
        { description: 'Verzugszinsen 2025-11-18–2025-12-31', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '9,33\u00a0€' },
        { description: 'Verzugszinsen 2026-01-01–2026-03-10', basis: '§\u00a0288 Abs.\u00a01 BGB', amount: '14,63\u00a0€' },
        { description: 'Mahnkosten (Porto und Druck)', basis: '§§\u00a0280 Abs.\u00a01, 2, 286 BGB', amount: '1,50\u00a0€' },
      ],
      totals: [{ label: 'Zu zahlen', amount: '1.260,02\u00a0€' }],
    });
    expect(out.letterBody).toContain('\n\nWie sich der Betrag zusammensetzt:\n\n[statement]\n\n');
    // The text letter and the e-mail keep the built-in text statement (letter-statement is the printed letter's only).
    expect(out.text).toContain('Forderungsaufstellung (Stand 10.03.2026):\n- Hauptforderung');
  });

  it('a .body of the host places the statement where it writes {{> statement}} (or {{> letter-statement}}); without it the letter has no table', () => {
    for (const partial of ['statement', 'letter-statement']) {
      const body = `{{> salutation}}\nhier die Aufstellung:\n\n{{> ${partial}}}\n\nBitte zahlen Sie bis {{date deadline}}.`;
      const out = createRenderer({ overrides: { 'de/letter/dunning-notice.body': body } }).render('dunning-notice', 'letter', letterData());
      expect(out.letterBody, partial).toBe('Guten Tag Maximilian Mustermann,\nhier die Aufstellung:\n\n[statement]\n\nBitte zahlen Sie bis 24.03.2026.');
      expect(out.letterStatement?.caption, partial).toBe('Forderungsaufstellung (Stand 10.03.2026)');
      expect(out.letterStatement?.totals.at(-1), partial).toEqual({ label: 'Gesamtbetrag', amount: '1.260,02\u00a0€' });
    }
    const without = createRenderer({ overrides: { 'de/letter/dunning-notice.body': '{{> salutation}}\nbitte zahlen Sie {{money statement.total}}.' } });
    const out = without.render('dunning-notice', 'letter', letterData());
    expect(out.letterBody).toBe('Guten Tag Maximilian Mustermann,\nbitte zahlen Sie 1.260,02\u00a0€.');
    expect(out.letterStatement).toBeNull();
  });

  it('a paragraph of a host .body that merely looks like a table (tab-separated contact lines) stays text of the body; the statement table is the field', () => {
    const body = '{{> salutation}}\n{{> statement}}\n\nSo erreichen Sie uns\nTelefon\t0221 123456\nE-Mail\tforderungen@example.de\n';
    const out = createRenderer({ overrides: { 'de/letter/dunning-notice.body': body } }).render('dunning-notice', 'letter', letterData());
    expect(out.letterBody).toBe('Guten Tag Maximilian Mustermann,\n\n[statement]\n\nSo erreichen Sie uns\nTelefon\t0221 123456\nE-Mail\tforderungen@example.de');
    expect(out.letterStatement?.caption).toBe('Forderungsaufstellung (Stand 10.03.2026)');
  });

  it('a text letter rewritten without its .body has no letter body (the built-in wording it replaced is not printed); with one, that is used', () => {
    const text = 'Hallo {{debtor.name}}, zahlen Sie {{money statement.total}}.';
    const without = createRenderer({ overrides: { 'de/letter/reminder': text } }).render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(without.text).toBe('Hallo Maximilian Mustermann, zahlen Sie 1.260,02\u00a0€.');
    expect(without.letterBody).toBeUndefined();
    const withBody = createRenderer({ overrides: { 'de/letter/reminder': text, 'de/letter/reminder.body': 'Hallo {{debtor.name}},\n\n{{> payment}}zahlen Sie.' } });
    expect(withBody.render('reminder', 'letter', letterData({ stage: 'reminder' })).letterBody).toBe('Hallo Maximilian Mustermann,\n\nzahlen Sie.');
    // The head's items come from letter-info whatever the .body says.
    expect(withBody.render('reminder', 'letter', letterData({ stage: 'reminder' })).letterHead).toEqual([{ label: 'Kundennummer', value: 'K-778812' }]);
    // Other template names keep their built-in letter body.
    expect(createRenderer({ overrides: { 'de/letter/reminder': text } }).render('dunning-notice', 'letter', letterData()).letterBody).toMatch(/^Guten Tag/);
  });

  it('a host .body that still names {{> letter-info}} (written when the head items stood at the top of the body) gets them as letterHead, not in the body', () => {
    const r = createRenderer({ overrides: { 'de/letter/reminder.body': '{{> letter-info}}\n\n{{> salutation}}\nzahlen Sie.' } });
    const out = r.render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(out.letterBody).toBe('Guten Tag Maximilian Mustermann,\nzahlen Sie.');
    expect(out.letterHead).toEqual([{ label: 'Kundennummer', value: 'K-778812' }]);
  });

  it('letter-info is where a host relabels or adds head items (one label⇥value line each); an empty one gives no items', () => {
    const info = 'Ihre Kundennummer\t{{debtor.customerNumber}}\n\nVertragskonto\t55-{{claim.reference}}\n';
    const out = createRenderer({ overrides: { 'de/partials/letter-info': info } }).render('reminder', 'letter', letterData({ stage: 'reminder' }));
    expect(out.letterHead).toEqual([
      { label: 'Ihre Kundennummer', value: 'K-778812' },
      { label: 'Vertragskonto', value: '55-RE-2025-004711' },
    ]);
    expect(out.letterBody).toMatch(/^Guten Tag Maximilian Mustermann,\n/);
    expect(createRenderer({ overrides: { 'de/partials/letter-info': '' } }).render('reminder', 'letter', letterData({ stage: 'reminder' })).letterHead).toEqual([]);
  });

  it('a letter-info line that is not label⇥value fails with a TemplateError naming the partial and the line, rather than printing something else', () => {
    for (const info of ['Kundennummer: {{debtor.customerNumber}}\n', 'Kundennummer\t{{debtor.customerNumber}}\tx\n', 'Kundennummer\t\n']) {
      const r = createRenderer({ overrides: { 'de/partials/letter-info': info } });
      expect(() => r.render('reminder', 'letter', letterData({ stage: 'reminder' })), JSON.stringify(info)).toThrow(TemplateError);
      expect(() => r.render('reminder', 'letter', letterData({ stage: 'reminder' })), JSON.stringify(info)).toThrow(/"de\/partials\/letter-info".*line 1 reads/);
    }
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
    expect(letter.letterHead).toEqual([]);
    expect((await render({ ...input, channel: 'post' })).letterBody).toBe(letter.letterBody);
    expect((await render({ ...input, channel: 'email' })).letterBody).toBeUndefined();
  });
});
