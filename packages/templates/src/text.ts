/**
 * Text hygiene for rendered messages: control characters out of host data, GSM-7 for SMS.
 */

// C0 and C1 controls, DEL, and the Unicode bidi embeddings/overrides/isolates and marks that can
// make a text display differently from what it says ("Trojan Source").
// eslint-disable-next-line no-control-regex
const controlPattern = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const lineBreakPattern = /[\t\n\r\u000b\u000c\u0085\u2028\u2029]+/g;

/**
 * Removes control characters from a single-line value supplied by the host or debtor (a name, an
 * address line, a reference): line breaks and tabs become one space, all other C0/C1 controls and
 * bidi override characters are dropped, and the result is trimmed.
 *
 * @param value - the raw text
 */
export function stripControlCharacters(value: string): string {
  return value.replace(lineBreakPattern, ' ').replace(controlPattern, '').trim();
}

/** The GSM 03.38 default alphabet (one septet each). */
const gsmBasic = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** The GSM 03.38 extension table (escape + character: two septets each). */
const gsmExtension = new Set(Array.from('^{}\\[~]|€\f'));

const typographic: Readonly<Record<string, string>> = {
  '\u00a0': ' ', '\u202f': ' ', '\u2007': ' ', '\u2009': ' ', '\u200a': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u201e': '"', '\u201c': '"', '\u201d': '"', '\u00ab': '"', '\u00bb': '"',
  '\u201a': "'", '\u2018': "'", '\u2019': "'", '\u2039': "'", '\u203a': "'",
  '\u2026': '...', '\u00b7': '-', '\u2022': '-',
};

/**
 * Rewrites a text so that it fits the GSM-7 alphabet where it can: typographic spaces, dashes,
 * quotes and the ellipsis become their ASCII forms, and letters with accents outside the alphabet
 * lose the accent (`č` → `c`). Characters that still do not fit stay (the SMS is then sent as
 * UCS-2; see {@link measureSms}).
 *
 * @param text - the message text
 */
export function toGsmText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (gsmBasic.has(ch) || gsmExtension.has(ch)) {
      out += ch;
      continue;
    }
    const mapped = typographic[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += Array.from(stripped).every((c) => gsmBasic.has(c)) ? stripped : ch;
  }
  return out;
}

/** How an SMS text is encoded and how many parts it needs. */
export interface SmsMeasure {
  /** `gsm7` when every character is in the GSM 03.38 alphabet, else `ucs2`. */
  readonly encoding: 'gsm7' | 'ucs2';
  /** Length in the encoding's units: septets (extension characters such as `€` count two) or UTF-16 code units. */
  readonly length: number;
  /** Characters that forced UCS-2, if any. */
  readonly nonGsm: readonly string[];
  /** Number of SMS parts: one up to 160 septets (70 UCS-2 units), then 153 (67) per part. */
  readonly segments: number;
  /** The single-segment limit of the encoding: 160 or 70. */
  readonly limit: number;
}

/**
 * Measures an SMS text as a mobile network does.
 *
 * @param text - the final message text
 */
export function measureSms(text: string): SmsMeasure {
  let septets = 0;
  const nonGsm: string[] = [];
  for (const ch of text) {
    if (gsmBasic.has(ch)) septets += 1;
    else if (gsmExtension.has(ch)) septets += 2;
    else nonGsm.push(ch);
  }
  if (nonGsm.length === 0) {
    return { encoding: 'gsm7', length: septets, nonGsm, segments: septets <= 160 ? 1 : Math.ceil(septets / 153), limit: 160 };
  }
  const units = text.length;
  return { encoding: 'ucs2', length: units, nonGsm, segments: units <= 70 ? 1 : Math.ceil(units / 67), limit: 70 };
}

