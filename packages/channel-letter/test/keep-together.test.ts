import { money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../src/index.js';
import { dunningLetter } from './fixtures.js';
import { pdfText, tempPdf, withoutPdfTools } from './poppler.js';

// A printed letter never ends a line with "§" and goes on with "13e Abs. 1 RDG" (the demo's RE-00009
// showed "§ / 13e Abs. 1 RDG" in its BODY, while the statement table already kept "§ 288" together):
// a section sign and its number, "Abs. 1", "Nr. 2300", "S. 1", "Art. 229" and "p. a." are glued with a
// no-break space by one function, core's keepTogether, which the layout applies to every paragraph of
// the body and every cell of a table it sets — whichever renderer wrote them (templates, core's
// plain-text renderer, a host's own). Read back with pdftotext (poppler-utils).
//
// Where a line breaks depends on the width of what stands before "§", so the body has the sentence
// behind fillers of 0 to 59 one-letter words ("a "): each step moves it by about the width of two
// characters, smaller than "§ 13e", so some paragraphs put "§" at the end of a line unless it is
// glued (the layout wraps at 160 mm in 10 pt DejaVu Sans, about 90 characters). The same for the
// 45 mm basis column of a statement a host gives as LetterDocument.statement (not glued by a renderer).

const citations = 'die Inkassokosten sind nach § 13e Abs. 1 RDG begrenzt, Verzugszinsen schulden Sie nach §§ 286, 288 Abs. 1 BGB zu 7,27 % p. a. aus Nr. 2300 VV RVG';
const filled = (n: number): string => `${'a '.repeat(n)}${citations}.`;

/** The lines of the PDF's text that end with what must not end a line: "§", "§§" or an abbreviation that awaits its number. */
const brokenLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => /(?:^|\s)(?:§§?|Abs\.|Nr\.|S\.|Art\.|p\.)$/u.test(line));

describe.skipIf(withoutPdfTools)('a printed letter keeps "§ 13e", "§§ 286", "Abs. 1", "Nr. 2300", "S. 1" and "p. a." on one line (body and table, core keepTogether)', () => {
  it('the body: no line of 60 paragraphs ends with "§", "Abs.", "Nr." or "p."; every citation is printed whole', async () => {
    const body = ['Guten Tag Maximilian Müller,', ...Array.from({ length: 60 }, (_, n) => filled(n))].join('\n\n');
    const { statement: _table, ...letter } = dunningLetter({ body });
    const text = pdfText(tempPdf(await renderLetterPdf(letter), 'body.pdf'));
    expect(brokenLines(text)).toEqual([]);
    const flat = text.replace(/\s+/gu, ' ');
    expect(flat.split('§ 13e Abs. 1 RDG').length - 1).toBe(60);
    expect(flat.split('§§ 286, 288 Abs. 1 BGB').length - 1).toBe(60);
  });

  it('a statement table a host gives (not glued by a renderer): its basis column keeps "S. 1" and "§ 13" whole', async () => {
    const rows = Array.from({ length: 12 }, (_, n) => ({
      description: `Geschäftsgebühr ${'a '.repeat(n)}vom 04.04.2025`,
      basis: `${'a '.repeat(n)}Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG`,
      amount: money('114.30'),
    }));
    // 12 × 114.30 = 1,371.60
    const statement = { title: 'Forderungsaufstellung (Stand 04.04.2025)', rows, totals: [{ label: 'Gesamtbetrag', amount: money('1371.60') }] };
    const { payment: _payment, ...letter } = dunningLetter({ statement });
    const text = pdfText(tempPdf(await renderLetterPdf(letter), 'table.pdf'));
    expect(brokenLines(text)).toEqual([]);
  });
});
