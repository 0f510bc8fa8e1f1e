// The German words an English text must not contain — the one list the "English output has no German
// word" specifications of core's plain text, the templates and the portal check against (they import
// this file). Citations of German statutes stay as the law cites them, also in English legal text
// (`§ 288 Abs. 5 BGB`, `Nr. 2300 VV RVG`, `KV Nr. 1100 GKG`, `§ 13a Abs. 1 Nr. 2 RDG`, `Vorbem. 3 Abs. 4
// VV RVG`, `Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG`, `i.V.m.`, `a.F.`, `§§ 688 ff. ZPO`): none of their
// tokens is on the list, so they need no stripping. What is stripped first: the names, addresses and
// free texts of the test data (passed in: a creditor called "Muster Inkasso GmbH" is no German word of
// ours), web links, e-mail addresses and IBANs.
//
// Where the list comes from: the German words of the texts a German reader gets — core's statement
// words (src/ledger/statement-words.ts), the bases and remarks core writes (statement.ts, court-fee.ts),
// the plain-text renderer's German words (src/engine/render.ts), the German templates
// (packages/templates/src/templates/de.ts) and the portal's German texts (packages/portal/src/messages.ts),
// read by hand: every word there that is not also English and not part of a citation.

/**
 * Word stems found inside compounds (case-insensitive, anywhere in a word): `Verzugszinsen`,
 * `Inkassokosten`, `Mindestgebühr`, `Zahlungserinnerung`, `Mahnverfahren`, … No English word contains one.
 */
const STEMS = [
  'rechnung',
  'forderung',
  'mahn',
  'zinsen',
  'zinssatz',
  'kosten',
  'zahlung',
  'gebühr',
  'pauschale',
  'inkasso',
  'gläubiger',
  'schuldner',
  'verzug',
  'erlass',
  'gutschrift',
  'erstattung',
  'rückbelastung',
  'lastschrift',
  'umsatzsteuer',
  'auslagen',
  'anrechnung',
  'ermäßigung',
  'verrechnung',
  'rundung',
  'stundung',
  'fassung',
  'quelle',
  'betrag',
  'absender',
  'schreiben',
  'frist',
  'gericht',
  'bescheid',
  'verfahren',
  'widerspruch',
  'vorläufig',
  'bestätig',
  'angenommen',
  'entfällt',
  'entstanden',
  'versandt',
  'mindest',
  'hinweis',
  'ratenzahlung',
] as const;

/**
 * Whole words (case-sensitive, as German writes them): the little words of German sentences and
 * the common words of our German texts that are no stems above. Not listed because English has them
 * too, or a citation does: `die` is listed (no English letter of ours says it), `zu` is not (`Anm. …
 * zu Nr. 2300 VV RVG`), nor `Material`, `Rate`, `Bank`, `Tag`.
 */
const WORDS = [
  'und',
  'oder',
  'der',
  'die',
  'das',
  'dem',
  'den',
  'des',
  'ein',
  'eine',
  'einer',
  'vom',
  'von',
  'für',
  'zum',
  'zur',
  'mit',
  'bei',
  'auf',
  'aus',
  'über',
  'nach',
  'nicht',
  'noch',
  'nur',
  'ist',
  'sind',
  'bis',
  'gemäß',
  'bitte',
  'Sie',
  'Ihr',
  'Ihre',
  'Ihnen',
  'wir',
  'uns',
  'Tage',
  'Porto',
  'Druck',
  'Grüßen',
  'Guten',
  'amtlich',
  'insoweit',
  'keine',
  'Erfüllung',
  'Teilerlass',
  'Hauptforderung',
  'Geschäftsgebühr',
  'Angabe',
  'prüfen',
  'Bundesanzeiger',
  'offen',
  'Offener',
  'Gesamtbetrag',
] as const;

/**
 * German terms of art an English letter names in brackets after its English words, so that the debtor
 * knows the form that will come (`court order for payment (Mahnbescheid, §§ 688 ff. ZPO)`) and the
 * word to write on the court's form (`objection (Widerspruch)`): a gloss, like a citation.
 */
const GLOSSES = /\((?:Mahnbescheid|Widerspruch)(?=[,)])/gu;

const stemPattern = new RegExp(`\\p{L}*(?:${STEMS.join('|')})\\p{L}*`, 'giu');
const wordPattern = new RegExp(`(?<!\\p{L})(?:${WORDS.join('|')})(?!\\p{L})`, 'gu');
/** A word with a German letter: ä, ö, ü or ß (names are stripped before). */
const umlautPattern = /\p{L}*[äöüÄÖÜß]\p{L}*/gu;
/** A day written as German (`02.01.2025`) or ISO (`2025-01-02`) dates are written; English text writes `2 January 2025`. */
const datePattern = /\b\d{2}\.\d{2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The German words of an English text (empty: none), after stripping `names` (the test data's names,
 * addresses and free texts), web links, e-mail addresses, IBANs, HTML tags (but their `title`, `alt`, `aria-label` and
 * `placeholder` texts), style sheets and the glosses above.
 * Each finding once, in order of appearance, as `word` (a stem's whole word) — plus every day written
 * the German or ISO way, as `date:<day>`.
 *
 * @param text - the English output (text, HTML or subject)
 * @param names - texts of the test data to strip first (e.g. `Muster Inkasso GmbH`, `Lindenallee 7`)
 */
export function germanWordsIn(text: string, names: readonly string[] = []): string[] {
  let rest = text;
  for (const name of [...names].filter((n) => n.trim() !== '').sort((a, b) => b.length - a.length)) rest = rest.replace(new RegExp(escape(name), 'g'), ' ');
  rest = rest
    .replace(/https?:\/\/[^\s<>"']+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g, ' ')
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
    // A tag counts with the texts a reader sees of it (a tooltip, an image's text, a placeholder).
    .replace(/<[^>]*>/g, (tag) => ` ${[...tag.matchAll(/\b(?:title|alt|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]).join(' ')} `);
  const found: string[] = [];
  for (const m of rest.matchAll(datePattern)) found.push(`date:${m[0]}`);
  rest = rest.replace(GLOSSES, ' ');
  for (const pattern of [stemPattern, wordPattern, umlautPattern]) for (const m of rest.matchAll(pattern)) found.push(m[0]);
  return [...new Set(found)];
}
