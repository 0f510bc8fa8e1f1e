import { describe, expect, it } from 'vitest';
import { germanWordsIn } from './german-words.js';

// The word list of the "English output has no German word" specifications (german-words.ts) keeps
// German statute citations and finds German words, German and ISO days; names are stripped first.

describe('germanWordsIn: the list the English-output specifications check against', () => {
  it('lets the citations of German statutes through, as English legal text writes them', () => {
    const citations = [
      '§ 288 Abs. 5 S. 3 BGB',
      'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG',
      'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG',
      'KV Nr. 1100 GKG (0.5 fee, at least EUR 38.00), § 34 GKG',
      '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB',
      'a court order for payment (Mahnbescheid, §§ 688 ff. ZPO)',
      'You may lodge an objection (Widerspruch) against it.',
      'Information under § 13a(1) RDG (German Legal Services Act)',
    ];
    for (const text of citations) expect(germanWordsIn(text), text).toEqual([]);
  });

  it('finds German words — whole, inside compounds, with umlauts — and German or ISO days', () => {
    expect(germanWordsIn('Gerichtskosten Mahnverfahren (KV 1100 GKG)')).toEqual(['Gerichtskosten', 'Mahnverfahren']);
    expect(germanWordsIn('KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR)')).toEqual(['Gebühr', 'mindestens']);
    expect(germanWordsIn('Basiszinssatz 1.52 % noch nicht amtlich bestätigt')).toEqual(['Basiszinssatz', 'bestätigt', 'noch', 'nicht', 'amtlich']);
    expect(germanWordsIn('invoice of 2025-01-02, due 16.01.2025')).toEqual(['date:2025-01-02', 'date:16.01.2025']);
    expect(germanWordsIn('a Mahnbescheid will follow')).toEqual(['Mahnbescheid']);
  });

  it('strips the names given, links, e-mail addresses, IBANs and tags (but keeps a tag’s title)', () => {
    expect(germanWordsIn('Rheinland Inkasso GmbH, Hafenstraße 12', ['Rheinland Inkasso GmbH', 'Hafenstraße 12'])).toEqual([]);
    expect(germanWordsIn('IBAN DE02 1203 0000 0000 2020 51 — https://zahlen.example/rechnung — forderung@example.de')).toEqual([]);
    expect(germanWordsIn('<span class="tag" title="nicht bestätigt">provisional</span>')).toEqual(['bestätigt', 'nicht']);
  });
});
