import { renderPlainText, type ClaimFacts, type OutgoingMessage, type Statement } from '@mahnwerk/core';
import { createRenderer } from '@mahnwerk/templates';
import { money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createLetterChannel, letterFromMessage, type LetterFile } from '../src/index.js';
import { dunningLetter, dunningMessage } from './fixtures.js';
import { pdfText, tempPdf, withoutPdfTools } from './poppler.js';

// The itemized statement reaches the letter channel as a typed table (core's OutgoingMessage.letterStatement),
// placed by the body's `[statement]` paragraph — no longer as tab-separated text inside letterBody, where a
// description or label with a tab or a line break broke the table, and a paragraph that only looked like a
// table (a custom template's contact lines, a plain-text statement line whose label held a tab) was made one.

const sender = dunningLetter().sender;
/** The text with every run of white space (pdftotext's line breaks and column gaps, no-break spaces) as one space. */
const flat = (text: string): string => text.replace(/\s+/gu, ' ');
const count = (text: string, needle: string): number => text.split(needle).length - 1;

const message: OutgoingMessage = dunningMessage({
  text: 'Guten Tag Maximilian Müller,\n\nbitte zahlen Sie.',
  letterBody: 'Guten Tag Maximilian Müller,\n\nbitte zahlen Sie 1.106,68 € bis zum 20.02.2025.\n\n[statement]\n\nMit Dank.',
  letterHead: [],
  // Figures checked by hand: 1,000.00 + 4.18 + 2.50 + 100.00 = 1,106.68 (principal 1,100.00, interest 4.18, costs 2.50).
  letterStatement: {
    caption: 'Forderungsaufstellung (Stand 06.02.2025)',
    rows: [
      { description: 'Hauptforderung Strom\tund Gas vom 02.01.2025', basis: 'Rechnung RE-1', amount: '1.000,00 €' },
      { description: 'Hauptforderung Wasser\nAbwasser vom 02.01.2025', basis: 'Rechnung RE-2', amount: '100,00 €' },
      { description: 'Zinsen 17.01.2025 bis 06.02.2025', basis: '§ 288 Abs. 1 BGB', amount: '4,18 €' },
      { description: 'Mahn\tkosten\nPorto vom 06.02.2025', basis: '', amount: '2,50 €' },
    ],
    totals: [
      { label: 'Haupt\tforderung', amount: '1.100,00 €' },
      { label: 'Zinsen', amount: '4,18 €' },
      { label: 'Kosten\nund Auslagen', amount: '2,50 €' },
      { label: 'Gesamtbetrag', amount: '1.106,68 €' },
    ],
  },
  payment: { amount: '1106.68', currency: 'EUR', reference: 'RE-2025-001' },
});

async function sent(m: OutgoingMessage): Promise<string> {
  const files: LetterFile[] = [];
  const channel = createLetterChannel({ sender, output: (file) => Promise.resolve(void files.push(file)) });
  await channel.send(m);
  return pdfText(tempPdf((files[0] as LetterFile).bytes));
}

describe('letterFromMessage: the statement table of the message', () => {
  it('becomes the letter’s statement (amounts as the renderer wrote them, an empty basis left out) and the body is laid out as text (bodyTables: false)', () => {
    const letter = letterFromMessage(message, sender, '2025-02-06');
    expect(letter.body).toBe(message.letterBody);
    expect(letter.bodyTables).toBe(false);
    expect(letter.statement?.title).toBe('Forderungsaufstellung (Stand 06.02.2025)');
    expect(letter.statement?.rows[3]).toEqual({ description: 'Mahn\tkosten\nPorto vom 06.02.2025', amount: '2,50 €' });
    expect(letter.statement?.totals.at(-1)).toEqual({ label: 'Gesamtbetrag', amount: '1.106,68 €' });
  });

  it('null: no statement, the body still text throughout; absent (a renderer of its own, older than the field): the body’s table paragraphs are read as before', () => {
    const none = letterFromMessage({ ...message, letterStatement: null }, sender, '2025-02-06');
    expect(none.statement).toBeUndefined();
    expect(none.bodyTables).toBe(false);
    const { letterStatement: _s, ...older } = message;
    const old = letterFromMessage(older, sender, '2025-02-06');
    expect(old.statement).toBeUndefined();
    expect('bodyTables' in old).toBe(false);
  });
});

describe.skipIf(withoutPdfTools)('the PDF prints the statement table from the field', () => {
  it('a description or label holding a tab or a line break is one cell: each row on one line with its basis and amount (pdftotext -layout)', async () => {
    const text = await sent(message);
    const lines = text.split('\n').map((line) => line.trim().replace(/\s{2,}/gu, ' | '));
    // Read off pdftotext -layout: the channel sanitises every cell to one line (core's sanitizeLine), so each row is one line.
    expect(lines).toContain('Hauptforderung Strom und Gas vom 02.01.2025 | Rechnung RE-1 | 1.000,00 €');
    expect(lines).toContain('Hauptforderung Wasser Abwasser vom 02.01.2025 | Rechnung RE-2 | 100,00 €');
    expect(lines).toContain('Mahn kosten Porto vom 06.02.2025 | 2,50 €');
    expect(lines).toContain('Haupt forderung | 1.100,00 €');
    expect(lines).toContain('Kosten und Auslagen | 2,50 €');
    // Placed by [statement], between the paragraphs around it; the marker itself is not printed.
    expect(flat(text)).toContain('bis zum 20.02.2025. Forderungsaufstellung (Stand 06.02.2025) Position Grundlage Betrag Hauptforderung Strom');
    expect(flat(text)).toContain('Gesamtbetrag 1.106,68 € Mit Dank.');
    expect(text).not.toContain('[statement]');
  });

  it('a paragraph of the body that merely looks like a table is printed as text when the field is given; without the field it is still read as one (deprecated)', async () => {
    const letterBody = 'Guten Tag Maximilian Müller,\n\n[statement]\n\nSo erreichen Sie uns\nTelefon\t0221 123456\nE-Mail\tforderungen@example.de';
    const text = await sent({ ...message, letterBody });
    // One table (its column heads once); the contact lines stay lines of text under their first line.
    expect(count(text, 'Position')).toBe(1);
    expect(flat(text)).toContain('So erreichen Sie uns Telefon 0221 123456 E-Mail forderungen@example.de');
    const { letterStatement: _s, ...older } = message;
    // Without the field there is no statement to place, and the contact lines are read as a table (caption, column heads, two sums;
    // the long e-mail address wraps in the sum column, so pdftotext splits it).
    expect(flat(await sent({ ...older, letterBody }))).toContain('So erreichen Sie uns Position Grundlage Betrag Telefon 0221 123456 E-Mail');
  });

  it('a custom template (handlebars override) through createRenderer: its table-like paragraph stays text, the statement is printed where its .body places it', async () => {
    // A host's .body: the statement first, then a contact paragraph written with tabs.
    const renderer = createRenderer({
      overrides: { 'de/letter/dunning-notice.body': '{{> salutation}}\n{{> statement}}\n\nSo erreichen Sie uns\nTelefon\t0221 123456\nE-Mail\tforderungen@example.de\n' },
    });
    const statement: Statement = {
      claimId: 'RE-1',
      asOf: '2025-02-06',
      currency: 'EUR',
      principal: money('100.00'),
      interest: money('0'),
      costs: money('2.50'),
      total: money('102.50'),
      interestAccrued: money('0'),
      unapplied: money('0'),
      lines: [
        { part: 'principal', label: 'Hauptforderung', amount: money('100.00'), basis: 'Rechnung RE-1', date: '2025-01-02' },
        { part: 'costs', label: 'Mahnkosten', amount: money('2.50'), basis: '§ 286 BGB', date: '2025-02-06' },
      ],
      unconfirmed: [],
    };
    const rendered = renderer.render('dunning-notice', 'letter', {
      locale: 'de',
      stage: 'dunning-notice',
      creditor: { name: 'Stadtwerke Musterstadt GmbH', addressLines: ['Hafenstraße 12', '50667 Köln'] },
      debtor: { name: 'Maximilian Müller', kind: 'consumer', addressLines: ['Lindenallee 7', '50968 Köln'] },
      claim: { id: 'RE-1', invoiceDate: '2025-01-02', dueDate: '2025-01-16' },
      statement,
    });
    const { letterBody, letterHead, letterStatement } = rendered;
    const text = flat(await sent({ ...message, text: rendered.text, ...(letterBody === undefined ? {} : { letterBody }), ...(letterHead === undefined ? {} : { letterHead }), ...(letterStatement === undefined ? {} : { letterStatement }) }));
    // 100.00 + 2.50 = 102.50, by hand.
    expect(text).toContain('Guten Tag Maximilian Müller, Forderungsaufstellung (Stand 06.02.2025) Position Grundlage Betrag Hauptforderung vom 02.01.2025 Rechnung RE-1 100,00 €');
    expect(text).toContain('Gesamtbetrag 102,50 € So erreichen Sie uns Telefon 0221 123456 E-Mail forderungen@example.de');
    expect(count(text, 'Position')).toBe(1);
  });

  it('core’s plain-text renderer: a statement line whose label holds a tab stays a line of text, never a table', async () => {
    const facts: ClaimFacts = {
      id: 'RE-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Maximilian Müller', address: ['Lindenallee 7', '50968 Köln'] },
      principal: '100.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      dueDateIsCalendarDate: false,
      reference: 'RE-1',
    };
    const statement: Statement = {
      claimId: 'RE-1',
      asOf: '2025-02-06',
      currency: 'EUR',
      principal: money('100.00'),
      interest: money('0'),
      costs: money('2.50'),
      total: money('102.50'),
      interestAccrued: money('0'),
      unapplied: money('0'),
      lines: [
        { part: 'principal', label: 'Hauptforderung', amount: money('100.00'), basis: '', date: '2025-01-02' },
        { part: 'costs', label: 'Mahn\tkosten', amount: money('2.50'), basis: '', date: '2025-02-06' },
      ],
      unconfirmed: [],
    };
    const rendered = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: facts, statement });
    const { letterBody, letterHead, letterStatement } = rendered;
    const text = await sent({ ...message, text: rendered.text, ...(letterBody === undefined ? {} : { letterBody }), ...(letterHead === undefined ? {} : { letterHead }), ...(letterStatement === undefined ? {} : { letterStatement }) });
    // The paragraph "  Hauptforderung: 100,00 €" / "  Mahn⇥kosten: 2,50 €" was a caption and a sum line of a table before.
    expect(text).not.toContain('Position');
    expect(flat(text)).toContain('Hauptforderung: 100,00 €');
    expect(flat(text)).toMatch(/Mahn\s*kosten: 2,50 €/u);
  });
});
