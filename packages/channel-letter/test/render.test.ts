import { encodeQR } from 'qr';
import { isValidCreditorReference, money, parseEpcQr, ValidationError } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { din5008FormB, renderLetterPdf, type LetterDocument } from '../src/index.js';
import { dunningLetter } from './fixtures.js';
import { greyPages, pdfText, pdfWords, tempPdf, withoutPdfTools, type PdfWord } from './poppler.js';
import { findQrCodes, zbarRead } from './qr-codes.js';

const letter = dunningLetter();
const path = tempPdf(await renderLetterPdf(letter));
const words = withoutPdfTools ? [] : pdfWords(path);

/** The words of one printed line (matched by its first word and what follows on the same baseline). */
function lineWords(text: string, page = 1): PdfWord[] {
  const parts = text.split(' ');
  const candidates = words.filter((w) => w.page === page && w.text === parts[0]);
  for (const first of candidates) {
    const sameLine = words.filter((w) => w.page === page && Math.abs(w.top - first.top) < 0.5 && w.left >= first.left - 0.1).sort((a, b) => a.left - b.left);
    if (sameLine.slice(0, parts.length).map((w) => w.text).join(' ') === text) return sameLine.slice(0, parts.length);
  }
  throw new Error(`line "${text}" not found on page ${page}`);
}

describe.skipIf(withoutPdfTools)('DIN 5008 form B: what a window envelope shows', () => {
  const field = din5008FormB.addressField;
  const zone = din5008FormB.addressZone;

  it('name and address lie inside the address zone (20 mm from the left, 62.7–90 mm from the top, 85 mm wide)', () => {
    for (const line of [letter.recipient.name, ...letter.recipient.addressLines]) {
      for (const w of lineWords(line)) {
        expect(w.left, `${line}: ${w.text}`).toBeGreaterThanOrEqual(field.left);
        expect(w.right, `${line}: ${w.text}`).toBeLessThanOrEqual(field.left + field.width);
        expect(w.top, `${line}: ${w.text}`).toBeGreaterThanOrEqual(zone.top);
        expect(w.bottom, `${line}: ${w.text}`).toBeLessThanOrEqual(zone.top + zone.height);
      }
    }
  });

  it('the return line lies in the Zusatz- und Vermerkzone (45–62.7 mm), above the name', () => {
    const returnLine = words.filter((w) => w.page === 1 && w.top >= field.top && w.bottom <= zone.top && w.left >= field.left && w.right <= field.left + field.width);
    expect(returnLine.map((w) => w.text).join(' ')).toBe('Stadtwerke Musterstadt GmbH · Hafenstraße 12 · 50667 Köln');
  });

  it('nothing else is printed in the window area', () => {
    const inWindow = words.filter((w) => w.page === 1 && w.right > field.left && w.left < field.left + field.width && w.bottom > field.top && w.top < field.top + field.height);
    const expected = ['Stadtwerke Musterstadt GmbH · Hafenstraße 12 · 50667 Köln', letter.recipient.name, ...letter.recipient.addressLines].join(' ').split(' ');
    expect(inWindow.map((w) => w.text)).toEqual(expected);
  });

  it('the information block (reference, customer number, date) stands right of the address field from 125 mm', () => {
    for (const text of ['Ihre', 'K-778812', 'RE-2025-001', '06.02.2025']) {
      const w = words.find((x) => x.page === 1 && x.text === text && x.top < 100);
      expect(w, text).toBeDefined();
      expect(w?.left).toBeGreaterThanOrEqual(din5008FormB.infoBlock.left);
    }
  });
});

describe.skipIf(withoutPdfTools)('the letter reads as a German dunning letter (pdftotext -layout)', () => {
  const text = withoutPdfTools ? '' : pdfText(path);

  it('subject, salutation, body, closing, with umlauts and € from the embedded font', () => {
    expect(text).toContain('Mahnung – Rechnung RE-2025-001');
    expect(text).toContain('Guten Tag Maximilian Müller,');
    expect(text).toContain('Mit freundlichen Grüßen');
    expect(text).toContain('Ihr Forderungsmanagement');
  });

  it('the itemized statement is a table: each item with its basis and amount on one line, the total last', () => {
    expect(text).toMatch(/Position\s+Grundlage\s+Betrag/);
    expect(text).toMatch(/Hauptforderung Rechnung RE-2025-001 vom 02\.01\.2025\s+1\.000,00 €/);
    expect(text).toMatch(/Mahnkosten vom 06\.02\.2025\s+§ 280 Abs\. 2, § 286 BGB\s+2,50 €/);
    expect(text).toMatch(/Gesamtbetrag\s+1\.006,68 €/);
  });

  it('the payment block prints IBAN in groups of four, BIC and the RF creditor reference', () => {
    expect(text).toContain('DE89 3704 0044 0532 0130 00 / COBADEFFXXX');
    // RE-2025-001 → RE2025001; by hand: "RE2025001RF00" → 2714 2025001 2715 00 mod 97 = 71, 98 − 71 = 27.
    expect(text).toContain('RF27 RE20 2500 1');
  });

  it('a one-page letter has no page numbers', () => {
    expect(text).not.toMatch(/Seite \d von/);
  });
});

describe.skipIf(withoutPdfTools)('QR codes: GiroCode (EPC069-12) and payment link, read back from the 150 dpi rendering', () => {
  const rendered = withoutPdfTools ? undefined : greyPages(path)[0];
  if (rendered === undefined && !withoutPdfTools) throw new Error('no page rendered');
  const page = rendered ?? { width: 0, height: 0, data: new Uint8Array() }; // only read where the tools ran
  const codes = rendered === undefined ? [] : findQrCodes(page);

  it('the GiroCode decodes to a valid EPC payload with IBAN, BIC, amount and RF reference', () => {
    const giro = codes.find((c) => c.text.startsWith('BCD\n'));
    expect(giro).toBeDefined();
    const epc = parseEpcQr(giro?.text ?? '');
    expect(epc).toEqual({
      version: '002',
      characterSet: 1,
      bic: 'COBADEFFXXX',
      name: 'Stadtwerke Musterstadt GmbH',
      iban: 'DE89370400440532013000',
      amount: '1006.68',
      reference: 'RF27RE2025001',
    });
    expect(isValidCreditorReference(epc.reference ?? '')).toBe(true);
  });

  it('the second code carries the payment link', () => {
    expect(codes.map((c) => c.text).sort()).toEqual([expect.stringMatching(/^BCD\n/), 'https://pay.example/c/RE-2025-001'].sort());
  });

  it('zbarimg (-Sbinary) reads the same bytes as the decoder of qr', () => {
    codes.forEach((code, i) => expect(zbarRead(page, codes, i)).toBe(code.text));
  });

  it('each code keeps a white quiet zone of 4 modules around it', () => {
    // The codes are drawn 32 mm wide including their quiet zone (matrix with border 4), at 150 dpi.
    const drawnPx = (32 / 25.4) * 150;
    for (const code of codes) {
      const total = encodeQR(code.text, 'raw', { ecc: 'medium', border: 4 }).length;
      const module = drawnPx / total;
      const half = ((total - 8) * module) / 2;
      const cx = code.box.x + code.box.width / 2;
      const cy = code.box.y + code.box.height / 2;
      let dark = 0;
      let checked = 0;
      // The ring from 1 px outside the symbol to 1 px inside the quiet zone's outer edge.
      for (let y = Math.ceil(cy - half - 4 * module + 1); y <= cy + half + 4 * module - 1; y += 1) {
        for (let x = Math.ceil(cx - half - 4 * module + 1); x <= cx + half + 4 * module - 1; x += 1) {
          if (Math.abs(x - cx) <= half + 1.5 && Math.abs(y - cy) <= half + 1.5) continue;
          checked += 1;
          if ((page.data[y * page.width + x] ?? 255) < 128) dark += 1;
        }
      }
      expect(checked).toBeGreaterThan(1000);
      expect(dark, code.text.slice(0, 20)).toBe(0);
    }
  });
});

describe('deterministic bytes', () => {
  it('the same letter gives the same bytes; another date gives other bytes', async () => {
    const again = await renderLetterPdf(dunningLetter());
    const first = await renderLetterPdf(dunningLetter());
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    const later = await renderLetterPdf(dunningLetter({ date: '2025-02-07' }));
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
  });
});

describe.skipIf(withoutPdfTools)('long letters run over onto numbered follow-on pages', () => {
  it('page 1 says "Seite 1 von N", each follow-on page repeats the subject with its number; the table goes on', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ description: `Teilzahlung ${i + 1} vom 01.03.2025`, amount: money('-10.00') }));
    const base = dunningLetter();
    const long: LetterDocument = { ...base, statement: { ...(base.statement as NonNullable<LetterDocument['statement']>), rows: [...(base.statement?.rows ?? []), ...rows] } };
    const file = tempPdf(await renderLetterPdf(long));
    const pages = pdfText(file).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain(`Seite 1 von ${pages.length}`);
    pages.slice(1).forEach((p, i) => expect(p).toContain(`Mahnung – Rechnung RE-2025-001 · Seite ${i + 2} von ${pages.length}`));
    expect(pages.join('\n')).toContain('Teilzahlung 40 vom 01.03.2025');
    // The table header is repeated where the table continues.
    expect(pages.slice(1).some((p) => /Position\s+Grundlage\s+Betrag/.test(p))).toBe(true);
  });
});

describe('what cannot be printed is refused before layout', () => {
  it('more than 6 lines for the address zone', async () => {
    const tooLong = dunningLetter({ recipient: { name: 'A', addressLines: ['1', '2', '3', '4', '5', '6'] } });
    await expect(renderLetterPdf(tooLong)).rejects.toThrow(ValidationError);
    await expect(renderLetterPdf(tooLong)).rejects.toThrow(/7 lines; the address zone of DIN 5008 form B holds 6/);
  });

  it('a wrong IBAN of the sender', async () => {
    const base = dunningLetter();
    await expect(renderLetterPdf({ ...base, sender: { ...base.sender, bank: { iban: 'DE88370400440532013000' } } })).rejects.toThrow(/sender\.bank\.iban/);
  });

  it('a recipient without address', async () => {
    await expect(renderLetterPdf(dunningLetter({ recipient: { name: 'A', addressLines: [] } }))).rejects.toThrow(/recipient/);
  });
});

describe.skipIf(withoutPdfTools)('a GiroCode carries euro only (EPC069-12)', () => {
  it('a letter in another currency prints the transfer details and the link code, but no GiroCode', async () => {
    const base = dunningLetter();
    const chf = await renderLetterPdf({ ...base, payment: { amount: money('100.00', 'CHF'), reference: 'RE-2025-001', link: 'https://pay.example/c/chf' } });
    const file = tempPdf(chf);
    expect(pdfText(file)).toContain('RF27 RE20 2500 1');
    const codes = greyPages(file).flatMap((p) => findQrCodes(p));
    expect(codes.map((c) => c.text)).toEqual(['https://pay.example/c/chf']);
  });
});
