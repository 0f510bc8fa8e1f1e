import { addDays, createMahnwerk, type IsoDate } from '@mahnwerk/core';
import { createEngineRenderer } from '@mahnwerk/templates';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLetterChannel, type LetterFile } from '../src/index.js';
import { pdfText, tempPdf, withoutPdfTools } from './poppler.js';

// What a library user gets who follows the READMEs: the templates' engine renderer writes the
// messages, the letter channel lays them out as DIN 5008 PDFs. The layout sets letter head, return
// line, address, information block with the date, subject, closing, footer and payment block itself;
// the message's letter body fills the space between subject and closing. Each of those must be
// printed once — laying out the whole text letter printed head, address, subject, closing and a
// text footer a second time inside the body.

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
  const text = (name: string): string => {
    const file = files.get(name);
    if (file === undefined) throw new Error(`no letter ${name}; got ${[...files.keys()].join(', ')}`);
    return pdfText(tempPdf(file.bytes));
  };

  beforeAll(async () => {
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const mahnwerk = createMahnwerk({
      store: createMemoryClaimStore(),
      clock,
      policy: 'auto',
      render: createEngineRenderer({ creditor }),
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
    for (let day: IsoDate = '2025-01-02'; day <= '2025-02-20'; day = addDays(day, 1)) {
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
    expect(pdf).toContain('Forderungsaufstellung (Stand 06.02.2025):');
    expect(pdf).toContain('- Hauptforderung vom 02.01.2025 (Rechnung RE-1): 100,00 €');
    expect(pdf).toContain('Gesamtbetrag: 100,00 €');
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
    expect(flat(pdf)).toContain('- Hauptforderung vom 02.01.2025 (Rechnung RE-1): 100,00 €');
  });
});
