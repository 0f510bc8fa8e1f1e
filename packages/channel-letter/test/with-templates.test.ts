import { addDays, createMahnwerk, type IsoDate } from '@mahnwerk/core';
import { createEngineRenderer } from '@mahnwerk/templates';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLetterChannel, type LetterFile } from '../src/index.js';
import { din5008FormB } from '../src/index.js';
import { pdfText, pdfWords, tempPdf, withoutPdfTools, type PdfWord } from './poppler.js';

// What a library user gets who follows the READMEs: the templates' engine renderer writes the
// messages, the letter channel lays them out as DIN 5008 PDFs. The layout sets letter head, return
// line, address, information block with the date, subject, closing, footer and payment block itself;
// the message's letter body fills the space between subject and closing. Each of those must be
// printed once — laying out the whole text letter printed head, address, subject, closing and a
// text footer a second time inside the body. What the host gives the renderer for the head (the
// customer number, createEngineRenderer's `extra`) must reach the PDF's information block, and the
// itemized statement must be the layout's table, not text lines.

const creditor = {
  name: 'Beispiel GmbH',
  addressLines: ['Musterweg 1', '10115 Berlin'],
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
};

/** Occurrences of `needle` in `text`. */
const count = (text: string, needle: string): number => text.split(needle).length - 1;
/** The text with every run of white space (pdftotext's line breaks and column gaps, no-break spaces) as one space. */
const flat = (text: string): string => text.replace(/\s+/gu, ' ');

describe.skipIf(withoutPdfTools)('createEngineRenderer + createLetterChannel: each part of the letter printed once', () => {
  const files = new Map<string, LetterFile>();
  const path = (name: string): string => {
    const file = files.get(name);
    if (file === undefined) throw new Error(`no letter ${name}; got ${[...files.keys()].join(', ')}`);
    return tempPdf(file.bytes);
  };
  const text = (name: string): string => pdfText(path(name));

  beforeAll(async () => {
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const mahnwerk = createMahnwerk({
      store: createMemoryClaimStore(),
      clock,
      policy: 'auto',
      // The host knows its debtors' customer numbers and hands them to the templates per message.
      render: createEngineRenderer({ creditor, extra: (input) => ({ customerNumber: `KD-${input.claim.debtor.id}` }) }),
      channels: [
        createLetterChannel({
          sender: creditor,
          output: (file) => {
            files.set(file.name, file);
            return Promise.resolve();
          },
        }),
      ],
    });
    await mahnwerk.createClaim({
      id: 'K-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', address: ['Lindenallee 7', '50968 Köln'] },
      principal: '100.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      reference: 'RE-1',
    });
    await mahnwerk.createClaim({
      id: 'K-2',
      debtor: { id: 'D-2', kind: 'consumer', name: 'John Smith', address: ['Elm Street 3', '10117 Berlin'], locale: 'en' },
      principal: '1000.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      reference: 'RE-2',
    });
    for (let day: IsoDate = '2025-01-02'; day <= '2025-03-31'; day = addDays(day, 1)) {
      clock.date = day;
      await mahnwerk.runDue(day);
    }
  });

  it('the Mahnung: subject, address, date, salutation, closing and the sender line once each; no text letter head or footer in the body', () => {
    const pdf = text('K-1_msg_dunning-notice_1.pdf');
    expect(count(pdf, 'Mahnung – Rechnung RE-1')).toBe(1);
    expect(count(pdf, 'Lindenallee 7')).toBe(1);
    expect(count(pdf, '50968 Köln')).toBe(1);
    expect(count(pdf, 'Datum')).toBe(1);
    expect(count(pdf, 'Guten Tag Erika Muster,')).toBe(1);
    expect(count(pdf, 'Mit freundlichen Grüßen')).toBe(1);
    // The return line; the text letter's head and its "--" footer repeated it.
    expect(count(pdf, 'Beispiel GmbH · Musterweg 1 · 10115 Berlin')).toBe(1);
    expect(pdf).not.toMatch(/^\s*--\s*$/m);
    // The remittance reference once, in the payment block (the text's payment lines are left to it).
    expect(count(pdf, 'Verwendungszweck')).toBe(1);
  });

  it('the Mahnung: its sentences, the § 286 notice and every statement line are in the body', () => {
    const pdf = flat(text('K-1_msg_dunning-notice_1.pdf'));
    expect(pdf).toContain('unsere Rechnung RE-1 vom 02.01.2025 war am 16.01.2025 fällig und ist bis heute nicht beglichen.');
    expect(pdf).toContain('Wir fordern Sie hiermit auf, den offenen Gesamtbetrag von 100,00 € bis zum 20.02.2025 zu zahlen.');
    expect(pdf).toContain('Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB)');
    // The statement: the layout's table (caption, column heads, the item with its basis, the sums), no text lines.
    expect(pdf).toContain('Forderungsaufstellung (Stand 06.02.2025) Position Grundlage Betrag Hauptforderung vom 02.01.2025 Rechnung RE-1 100,00 € Hauptforderung 100,00 € Gesamtbetrag 100,00 €');
    expect(pdf).not.toContain('- Hauptforderung');
    expect(pdf).not.toContain('Gesamtbetrag: ');
    expect(pdf).toContain('Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.');
    // The payment block: amount, account and RF reference of the claim.
    expect(pdf).toContain('Bitte überweisen Sie');
    expect(pdf).toContain('DE89 3704 0044 0532 0130 00 / COBADEFFXXX');
    expect(pdf).toContain('RF32 RE1');
  });

  it('the reminder: the same — subject, address, salutation and closing once, its sentences in the body', () => {
    const pdf = text('K-1_msg_reminder_1.pdf');
    expect(count(pdf, 'Zahlungserinnerung – Rechnung RE-1')).toBe(1);
    expect(count(pdf, 'Lindenallee 7')).toBe(1);
    expect(count(pdf, 'Mit freundlichen Grüßen')).toBe(1);
    expect(count(pdf, 'Beispiel GmbH · Musterweg 1 · 10115 Berlin')).toBe(1);
    expect(count(pdf, 'Verwendungszweck')).toBe(1);
    expect(flat(pdf)).toContain('Unsere Rechnung RE-1 vom 02.01.2025 war am 16.01.2025 zur Zahlung fällig.');
    expect(flat(pdf)).toContain('Position Grundlage Betrag Hauptforderung vom 02.01.2025 Rechnung RE-1 100,00 €');
  });

  /** The words of a letter's first page inside the information block (right of the address field, above the subject). */
  const infoBlock = (name: string): PdfWord[] =>
    pdfWords(path(name)).filter((w) => w.page === 1 && w.left >= din5008FormB.infoBlock.left - 0.5 && w.top >= din5008FormB.infoBlock.top - 0.5 && w.bottom < 98);

  it('the customer number the host gave the renderer (extra) is printed once, in the information block beside the date', () => {
    for (const name of ['K-1_msg_reminder_1.pdf', 'K-1_msg_dunning-notice_1.pdf']) {
      const pdf = text(name);
      expect(count(pdf, 'Kundennummer'), name).toBe(1);
      expect(count(pdf, 'KD-D-1'), name).toBe(1);
      const block = infoBlock(name).map((w) => w.text);
      // Label above value, as every item of the block: Unser Zeichen, Kundennummer, Datum.
      expect(block, name).toEqual(['Unser', 'Zeichen', 'RE-1', 'Kundennummer', 'KD-D-1', 'Datum', expect.stringMatching(/^\d\d\.\d\d\.2025$/)]);
    }
    const english = text('K-2_msg_reminder_1.pdf');
    expect(count(english, 'Customer number')).toBe(1);
    // An English letter's date as its text writes dates (core's dayInWords: "27 January 2025"), not ISO.
    expect(infoBlock('K-2_msg_reminder_1.pdf').map((w) => w.text)).toEqual(['Our', 'reference', 'RE-2', 'Customer', 'number', 'KD-D-2', 'Date', expect.stringMatching(/^\d{1,2}$/), expect.stringMatching(/^[A-Z][a-z]+$/), '2025']);
  });

  it('the final notice: interest for its period with days, rate and basis, the fee with its basis, and the sums in the table — figures worked by hand', () => {
    const pdf = flat(text('K-2_msg_final-notice_1.pdf'));
    // By hand: € 1,000.00 due 16.01.2025, in default from 10.02.2025 (the day after the Mahnung's receipt, § 286 Abs. 1 BGB);
    // 10.02.–27.02.2025 is 18 days at base rate 2.27 % + 5 pp = 7.27 % (§ 288 Abs. 1 BGB, consumer):
    // 1,000.00 × 0.0727 × 18 / 365 = 3.5852… → € 3.59. Material costs € 1.00; total 1,000.00 + 3.59 + 1.00 = € 1,004.59.
    // The lines in English (core's statementLineText), not the stored German labels.
    expect(pdf).toContain('Statement of account (as of 27 February 2025) Item Basis Amount Principal claim of 2 January 2025 Invoice RE-2 €1,000.00');
    // The interest row's description wraps; pdftotext reads its second line after the basis and amount of the row.
    expect(pdf).toContain('Interest 10 February 2025 to 27 February 2025: 18 days at § 288 Abs. 1 BGB €3.59 7.27% p.a. on €1,000.00');
    expect(pdf).toContain('Dunning costs (postage and materials) of 27 February 2025 §§ 280 Abs. 1, 2, 286 BGB €1.00');
    expect(pdf).not.toMatch(/Hauptforderung|Mahnkosten|Rechnung/);
    expect(pdf).toContain('Principal €1,000.00 Interest €3.59 Costs €1.00 Total due €1,004.59');
    // Once, as a table: no text lines of the statement.
    expect(count(pdf, 'Statement of account')).toBe(1);
    expect(pdf).not.toContain('Total due: ');
  });
});
