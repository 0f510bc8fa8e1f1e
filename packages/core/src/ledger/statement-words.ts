// The words of statement lines, in German and English. The statement (statement.ts) labels every
// line through `germanLabel` / the German bases here, and renderers (templates, portal, the letter
// channel) word a line for a debtor's language through `statementLineText`. A line's label stays the
// German one it always was (stored in outboxes, hashed by the checksum guard), so the description of
// the item a renderer needs is read back from the line's own fields (`statementLineItem`): each German
// label here is made from one description, and read back to the same one (tested both ways).
import type { IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { StatementLine } from './state.js';

/** A language statement lines can be worded in. */
export type StatementLocale = 'de' | 'en';

/** The part of the claim a payment, reversal or credit line belongs to. */
export type StatementPart = StatementLine['part'];

/**
 * What a statement line is, as a renderer needs it to word the line in any language: the kind of
 * line and what its words depend on (the fee code, the interest period, the reversal or adjustment
 * kind, the part of the claim). Read from a line with {@link statementLineItem}.
 *
 * - `principal` — the claim's principal (`Hauptforderung`); its basis names the invoice.
 * - `interest` — default interest for the days `from`–`to` (`Verzugszinsen …`).
 * - `interest-rounding` — the correction line when interest is rounded once in total.
 * - `fee` — a fee or fee item with its `code` (e.g. `Nr. 2300 VV RVG`, `Mahnkosten`).
 * - `fee-reduction` — a fee that drops out (`rule` `payment-day`: charged on the day the claim was
 *   paid; `letter-not-sent`: the creditor fee of a letter never sent; `before-default`: a fee charged
 *   before default as the ledger shows it once a notice was reported not received) or is lowered (`lowered`);
 *   `collectionCosts` when the fee is the collection costs, `code` the fee code (empty when the
 *   label names the collection costs only).
 * - `fee-reinstatement` — what reductions had taken off a fee, put back because a refund or chargeback
 *   took away their reason (`fee-reinstated`): the payment the claim was settled with on the fee's day,
 *   or within two weeks of the collection agency's first demand, was taken back (§ 362 Abs. 1 BGB);
 *   `collectionCosts` and `code` as for `fee-reduction`.
 * - `costs-credited` — costs paid above a lowered fee, moved from the costs to the principal.
 * - `costs-unapplied` — costs paid on a fee that dropped, with no principal left open to take them:
 *   moved from the costs to what the claim holds for the debtor (`unapplied`, an overpayment).
 * - `costs-credit-undone` — costs paid above a lowered fee and credited to the principal, moved back
 *   to the costs when the fee is put back (`fee-reinstated.backFromPrincipal`): the principal is owed again.
 * - `costs-unapplied-undone` — costs paid on a fee that dropped and held for the debtor, moved back to
 *   the costs when the fee is put back (`fee-reinstated.backFromUnapplied`): no longer held.
 * - `interest-credited` — interest paid for days a withdrawn default took back (the Mahnung did not
 *   reach the debtor), moved from the interest to the principal (`default-withdrawn.interestReallocated`).
 * - `interest-unapplied` — such interest with no principal left open to take it: moved from the
 *   interest to what the claim holds for the debtor (`unapplied`, an overpayment).
 * - `payment` — the part of a payment that went to `part`.
 * - `reversal` — the part of a refunded (`refund`) or charged-back (`chargeback`) payment put back on `part`.
 * - `adjustment` — a credit note or write-down of the principal, with the creditor's `note` if any.
 * - `other` — a line not made by `statement` (built by hand); it is shown as it is in every language.
 */
export type StatementLineItem =
  | { readonly kind: 'principal' }
  | { readonly kind: 'interest'; readonly from: IsoDate; readonly to: IsoDate }
  | { readonly kind: 'interest-rounding' }
  | { readonly kind: 'fee'; readonly code: string }
  | { readonly kind: 'fee-reduction'; readonly rule: 'payment-day' | 'letter-not-sent' | 'before-default' | 'lowered'; readonly collectionCosts: boolean; readonly code: string }
  | { readonly kind: 'fee-reinstatement'; readonly collectionCosts: boolean; readonly code: string }
  | { readonly kind: 'costs-credited' }
  | { readonly kind: 'costs-unapplied' }
  | { readonly kind: 'costs-credit-undone' }
  | { readonly kind: 'costs-unapplied-undone' }
  | { readonly kind: 'interest-credited' }
  | { readonly kind: 'interest-unapplied' }
  | { readonly kind: 'payment'; readonly part: StatementPart }
  | { readonly kind: 'reversal'; readonly reversal: 'refund' | 'chargeback'; readonly part: StatementPart }
  | { readonly kind: 'adjustment'; readonly adjustment: 'credit-note' | 'write-down'; readonly note?: string }
  | { readonly kind: 'other' };

/** A statement line in words: its label and its basis. */
export interface StatementLineText {
  /** What the line is, e.g. `Hauptforderung` / `Principal claim`. */
  readonly label: string;
  /** Its legal basis, e.g. `Rechnung RE-1` / `Invoice RE-1`; statute citations stay as they are. */
  readonly basis: string;
}

/** The German label and the English one of each fee code the engine books; each names its code once, as cited. */
const COSTS: Readonly<Record<string, { readonly de: string; readonly en: string }>> = {
  'Nr. 2300 VV RVG': { de: 'Geschäftsgebühr Nr. 2300 VV RVG', en: 'Business fee, Nr. 2300 VV RVG' },
  'Nr. 1000 VV RVG': { de: 'Einigungsgebühr Nr. 1000 VV RVG', en: 'Settlement fee, Nr. 1000 VV RVG' },
  'Nr. 7002 VV RVG': { de: 'Auslagenpauschale Nr. 7002 VV RVG', en: 'Flat-rate postage and telecommunication expenses, Nr. 7002 VV RVG' },
  'Nr. 7008 VV RVG': { de: 'Umsatzsteuer Nr. 7008 VV RVG', en: 'VAT, Nr. 7008 VV RVG' },
  'Vorbem. 3 Abs. 4 VV RVG': {
    de: 'Anrechnung wegen Anwaltsbeauftragung (§ 13f RDG, Vorbem. 3 Abs. 4 VV RVG)',
    en: 'Credit because a lawyer was instructed (§ 13f RDG, Vorbem. 3 Abs. 4 VV RVG)',
  },
  '§ 288 Abs. 5 S. 3 BGB': { de: 'Anrechnung der Verzugspauschale (§ 288 Abs. 5 S. 3 BGB)', en: 'Flat-rate default charge credited (§ 288 Abs. 5 S. 3 BGB)' },
  '§ 288 Abs. 5 BGB': { de: 'Verzugspauschale (§ 288 Abs. 5 BGB)', en: 'Flat-rate default charge (§ 288 Abs. 5 BGB)' },
  'KV 1100 GKG': { de: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', en: 'Court fee for the court dunning procedure (KV 1100 GKG)' },
  Mahnkosten: { de: 'Mahnkosten (Porto und Material)', en: 'Dunning costs (postage and materials)' },
};

const PART = {
  de: { costs: 'Kosten', interest: 'Zinsen', principal: 'Hauptforderung' },
  en: { costs: 'costs', interest: 'interest', principal: 'principal claim' },
} as const;

const REVERSAL = {
  de: {
    refund: { label: 'Erstattung der Zahlung', basis: 'Zahlung an den Schuldner erstattet; insoweit keine Erfüllung (§ 362 Abs. 1 BGB)' },
    chargeback: { label: 'Rückbelastung der Zahlung', basis: 'Zahlung zurückbelastet (Chargeback/Rücklastschrift); insoweit keine Erfüllung (§ 362 Abs. 1 BGB)' },
  },
  en: {
    refund: { label: 'Payment refunded', basis: 'Payment refunded to the debtor; to that extent the claim is not paid (§ 362 Abs. 1 BGB)' },
    chargeback: { label: 'Payment charged back', basis: 'Payment charged back (card chargeback or returned direct debit); to that extent the claim is not paid (§ 362 Abs. 1 BGB)' },
  },
} as const;

const ADJUSTMENT = {
  de: {
    'credit-note': { label: 'Gutschrift', basis: 'Gutschrift des Gläubigers (Minderung der Hauptforderung)' },
    'write-down': { label: 'Teilerlass', basis: '§ 397 Abs. 1 BGB (Erlass)' },
  },
  en: {
    'credit-note': { label: 'Credit note', basis: "Creditor's credit note (lowers the principal claim)" },
    'write-down': { label: 'Partial waiver', basis: '§ 397 Abs. 1 BGB (waiver)' },
  },
} as const;

const PRINCIPAL = { de: 'Hauptforderung', en: 'Principal claim' } as const;
const INVOICE = { de: 'Rechnung ', en: 'Invoice ' } as const;
const ROUNDING = { de: 'Rundungsdifferenz Verzugszinsen (einmalige Rundung der Summe)', en: 'Rounding difference on default interest (the total rounded once)' } as const;
const CREDITED = { de: 'Verrechnung zu viel gezahlter Kosten', en: 'Costs paid in excess, credited to the principal claim' } as const;
const HELD = { de: 'Auf entfallene Kosten gezahlt, als Überzahlung gehalten', en: 'Paid towards costs that dropped, held as an overpayment' } as const;
const CREDIT_UNDONE = { de: 'Verrechnung zu viel gezahlter Kosten aufgehoben (Kosten wieder berechnet)', en: 'Credit of costs paid in excess withdrawn (costs charged again)' } as const;
const HELD_UNDONE = {
  de: 'Als Überzahlung gehaltene Kosten wieder auf die Kosten verrechnet (Kosten wieder berechnet)',
  en: 'Overpayment held for costs that dropped, applied to the costs again (costs charged again)',
} as const;
const INTEREST_CREDITED = {
  de: 'Verrechnung auf nicht geschuldete Verzugszinsen gezahlter Beträge (Mahnung nicht zugegangen)',
  en: 'Paid towards default interest not owed (dunning notice not received), credited to the principal claim',
} as const;
const INTEREST_HELD = {
  de: 'Auf nicht geschuldete Verzugszinsen gezahlt (Mahnung nicht zugegangen), als Überzahlung gehalten',
  en: 'Paid towards default interest not owed (dunning notice not received), held as an overpayment',
} as const;
const COLLECTION_COSTS = { de: 'Inkassokosten', en: 'collection costs' } as const;
const LOWERED_COLLECTION_COSTS = {
  de: 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)',
  en: 'Collection costs lowered to the 0.5 business fee (simple case, Nr. 2300 VV RVG)',
} as const;
const DROPPED_PREFIX = { de: 'Entfällt: ', en: 'Dropped: ' } as const;
const PAYMENT_DAY_SUFFIX = { de: ', am Tag der Zahlung entstanden', en: ', incurred on the day of payment' } as const;
const NOT_SENT_SUFFIX = { de: ', Schreiben nicht versandt', en: ', letter not sent' } as const;
const BEFORE_DEFAULT_SUFFIX = { de: ', vor Verzugseintritt berechnet', en: ', charged before default' } as const;
const LOWERED_PREFIX = { de: 'Ermäßigung ', en: 'Reduction of ' } as const;
const REINSTATED_PREFIX = { de: 'Wieder berechnet: ', en: 'Charged again: ' } as const;
const REINSTATED_SUFFIX = { de: ', Zahlung zurückgebucht', en: ', payment taken back' } as const;
const PAYMENT_PREFIX = { de: 'Zahlung auf ', en: 'Payment towards ' } as const;
const INTEREST_PREFIX = { de: 'Verzugszinsen ', en: 'Default interest ' } as const;

/**
 * The bases the engine writes on the fee reductions it books (`fee-reduced.basis`, engine/fee-corrections.ts
 * takes them from here): a fee of the day of a payment that settles the claim, the creditor fee of a
 * letter never sent, and a fee charged before default once the notice default rested on was reported
 * not received. German as booked; the English words for renderers.
 *
 * @internal
 */
export const feeReductionBasis = {
  'payment-day': '§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB (Zahlung am Tag des Schritts)',
  'letter-not-sent': '§§ 280 Abs. 2, 286 BGB; § 249 Abs. 1 BGB (Schreiben nicht versandt: keine Kosten entstanden)',
  'before-default': '§§ 280 Abs. 2, 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB (Mahnung nicht zugegangen: kein Verzug bei Entstehung)',
} as const;
const FEE_REDUCTION_BASIS_EN = {
  'payment-day': '§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB (paid on the day of the step)',
  'letter-not-sent': '§§ 280 Abs. 2, 286 BGB; § 249 Abs. 1 BGB (letter not sent: no costs arose)',
  'before-default': '§§ 280 Abs. 2, 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB (dunning notice not received: not in default when charged)',
} as const;

/**
 * The bases the engine writes on a fee reinstatement (`fee-reinstated.basis`, engine/fee-corrections.ts
 * takes them from here), by the rule of the reductions it puts back: a fee of the day of a payment that
 * settled the claim (`payment-day`), collection costs lowered for a simple case (`simple-case`) — the
 * payment was taken back, so it did not fulfil (§ 362 Abs. 1 BGB) and the reason of the reduction is
 * gone. German as booked; the English words for renderers.
 *
 * @internal
 */
export const feeReinstatementBasis = {
  'payment-day': '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (Zahlung zurückgebucht: am Tag des Schritts nicht erfüllt)',
  'simple-case': '§ 362 Abs. 1 BGB; Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG (Zahlung zurückgebucht: nicht binnen zwei Wochen beglichen, kein einfacher Fall)',
} as const;
const FEE_REINSTATEMENT_BASIS_EN = {
  'payment-day': '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (payment taken back: the claim was not paid on the day of the step)',
  'simple-case': '§ 362 Abs. 1 BGB; Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG (payment taken back: not paid within two weeks, not a simple case)',
} as const;

/**
 * The basis of the court fee of the court dunning procedure (KV 1100 GKG), as `courtDunningFee`
 * (law/de/court-fee.ts) writes it: the 0.5 fee of § 34 GKG with the table's minimum, and the table's
 * version (`tableVersionText`, `Fassung ab 01.06.2025`). German as booked (events, statement lines);
 * English for renderers ({@link statementLineText} reads the German one back).
 *
 * @internal
 * @param minimum - the table's KV 1100 minimum as a decimal string, `'38.00'`
 * @param tableVersion - the table's version as the fee bases cite it, `Fassung ab 01.06.2025`
 */
export function courtDunningFeeBasis(minimum: string, tableVersion: string): string {
  return `${COURT_FEE_BASIS_PREFIX}${minimum.replace('.', ',')}${COURT_FEE_BASIS_MIDDLE}${tableVersion})`;
}
/**
 * The citation of Nr. 2300 VV RVG for a mandate given before the Inkasso reform (in force
 * 2021-10-01): only Anm. (1) applied then (more than 1.3 only for extensive or difficult work), and
 * § 60 RVG keeps the old law for a mandate given before a change. German as booked in the
 * collection costs' basis (law/de/collection-costs.ts); {@link statementLineText} words it in English.
 *
 * @internal
 */
export const preReformGeschaeftsgebuehrBasis = 'Nr. 2300 VV RVG Anm. (1) (Auftrag vor dem 01.10.2021, § 60 RVG)';
const PRE_REFORM_BASIS_EN = 'Nr. 2300 VV RVG Anm. (1) (mandate given before 1 October 2021, § 60 RVG)';

const COURT_FEE_BASIS_PREFIX = 'KV Nr. 1100 GKG (0,5-Gebühr, mindestens ';
const COURT_FEE_BASIS_MIDDLE = ' EUR), § 34 GKG (';
/** {@link courtDunningFeeBasis} read back: the minimum's euros and cents, the table's version. */
const COURT_FEE_BASIS = /^KV Nr\. 1100 GKG \(0,5-Gebühr, mindestens (\d+),(\d+) EUR\), § 34 GKG \((.*)\)$/;

/**
 * The remarks `statement` puts on a line whose figure rests on a value not confirmed by a primary
 * source (`StatementLine.unconfirmed`), and `prospectiveCosts` on an announced cost: a court-fee
 * minimum known from secondary sources only, a base rate assumed for a period no table covers, a
 * base rate not yet officially confirmed. German as stored (statements, outboxes, the checksum
 * guard); {@link unconfirmedText} words one for a reader.
 *
 * @internal
 */
export const germanUnconfirmed = {
  minimumFee: (code: string): string => `${code}${MINIMUM_FEE_SUFFIX.de}`,
  assumedBaseRate: (percent: string): string => `${BASE_RATE_PREFIX.de}${percent}${ASSUMED_SUFFIX.de}`,
  baseRateNotConfirmed: (percent: string): string => `${BASE_RATE_PREFIX.de}${percent}${NOT_CONFIRMED_SUFFIX.de}`,
} as const;
const MINIMUM_FEE_SUFFIX = { de: ': Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt', en: ': minimum fee known from secondary sources only, not officially confirmed' } as const;
const BASE_RATE_PREFIX = { de: 'Basiszinssatz ', en: 'Base rate ' } as const;
const ASSUMED_SUFFIX = { de: ' % angenommen: für diesen Zeitraum ist kein Basiszinssatz bekannt (§ 247 BGB)', en: ' % assumed: no base rate is known for this period (§ 247 BGB)' } as const;
const NOT_CONFIRMED_SUFFIX = {
  de: ' % noch nicht amtlich bestätigt (§ 247 BGB; Bundesbank/Bundesanzeiger prüfen)',
  en: ' % not yet officially confirmed (§ 247 BGB; check with the Bundesbank or the Federal Gazette)',
} as const;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * An `unconfirmed` remark (of a statement line, a statement's `unconfirmed` list or an announced
 * cost) in words for a reader of `locale`: German returns the remark as it is; English words the
 * remarks core writes — `KV 1100 GKG: minimum fee known from secondary sources only, not officially
 * confirmed`, `Base rate 1.52 % not yet officially confirmed (§ 247 BGB; check with the Bundesbank
 * or the Federal Gazette)`, `Base rate 1.52 % assumed: no base rate is known for this period (§ 247
 * BGB)`. A remark core does not write (a host's own) is shown as it is.
 *
 * @param remark - the remark, as core wrote it
 * @param locale - `de` or `en`
 * @throws ValidationError `locale` for a language other than `de` or `en`
 */
export function unconfirmedText(remark: string, locale: StatementLocale): string {
  if (locale === 'de') return remark;
  if (locale !== 'en') throw new ValidationError(`locale: expected 'de' or 'en', got ${JSON.stringify(locale)}; remarks are worded in German or English.`, { field: 'locale' });
  if (remark.endsWith(MINIMUM_FEE_SUFFIX.de)) {
    const code = remark.slice(0, -MINIMUM_FEE_SUFFIX.de.length);
    if (code !== '') return `${code}${MINIMUM_FEE_SUFFIX.en}`;
  }
  if (remark.startsWith(BASE_RATE_PREFIX.de)) {
    for (const suffix of [ASSUMED_SUFFIX, NOT_CONFIRMED_SUFFIX]) {
      if (!remark.endsWith(suffix.de)) continue;
      const percent = remark.slice(BASE_RATE_PREFIX.de.length, -suffix.de.length);
      if (DECIMAL.test(percent)) return `${BASE_RATE_PREFIX.en}${percent}${suffix.en}`;
    }
  }
  return remark;
}

/** The version of a fee table as a fee's basis cites it (`tableVersionText` in data/de/fee-table.ts: `Fassung ab 01.01.2021`). */
const TABLE_VERSION = /Fassung ab (\d{2})\.(\d{2})\.(\d{4})/g;

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * A calendar day in words as English letters write it: `2025-03-18` → `18 March 2025`; German:
 * `18.03.2025`. Read from the `YYYY-MM-DD` string, never through a JS `Date`.
 *
 * @param date - a valid day, `YYYY-MM-DD`
 * @param locale - `de` or `en`
 */
export function dayInWords(date: IsoDate, locale: StatementLocale): string {
  const y = date.slice(0, 4);
  const m = date.slice(5, 7);
  const d = date.slice(8, 10);
  if (locale === 'de') return `${d}.${m}.${y}`;
  return `${String(Number(d))} ${ENGLISH_MONTHS[Number(m) - 1] as string} ${y}`;
}

/** The word before the one day of a period of one day. */
const ON_DAY = { de: 'am', en: 'on' } as const;

/**
 * The days of a period with the days written by `day`: a period of one day is that day (`am …` /
 * `on …`), never the same day twice; several days are `span` of the first and the last. The one rule
 * {@link periodInWords} and the statement's interest label ({@link germanLabel}, ISO days) share.
 */
function periodText(first: IsoDate, last: IsoDate, locale: StatementLocale, day: (date: IsoDate) => string, span: (first: string, last: string) => string): string {
  if (first === last) return `${ON_DAY[locale]} ${day(first)}`;
  return span(day(first), day(last));
}

/**
 * The days of a period in words, e.g. of an interest period (§ 288 BGB): `08.03.2025 bis 08.04.2025`
 * (`de`) / `8 March 2025 to 8 April 2025` (`en`), with `from` led by `vom` / `from`; a period of one
 * day is that day, `am 06.03.2025` / `on 6 March 2025`, never `06.03.2025 bis 06.03.2025`. Days as
 * {@link dayInWords} writes them. The one rule of a period's words: the statement's interest labels
 * (`Default interest on 6 March 2025`; the German label `Verzugszinsen am 2025-03-06` with ISO days)
 * follow it too.
 *
 * @param first - the period's first day
 * @param last - its last day (the same day for a period of one day)
 * @param locale - `de` or `en`
 * @param from - lead with `vom` / `from` (a period of one day reads `am` / `on` either way)
 */
export function periodInWords(first: IsoDate, last: IsoDate, locale: StatementLocale, from = false): string {
  const lead = from ? (locale === 'de' ? 'vom ' : 'from ') : '';
  const until = locale === 'de' ? ' bis ' : ' to ';
  return periodText(first, last, locale, (d) => dayInWords(d, locale), (a, b) => `${lead}${a}${until}${b}`);
}

/**
 * The statement label of a fee code: the fee in words with its code, e.g. `Geschäftsgebühr Nr. 2300
 * VV RVG` or `Verzugspauschale (§ 288 Abs. 5 BGB)`; an unknown code is shown as it is.
 *
 * @param code - the fee code of a `fee-charged` event or one of its items
 * @param locale - the language (default `de`, the label statement lines carry)
 */
export function costLabel(code: string, locale: StatementLocale = 'de'): string {
  return COSTS[code]?.[locale] ?? code;
}

/** The fee code whose German label is `label` (the label itself for an unknown code, as {@link costLabel} shows one). */
function codeOfCostLabel(label: string): string {
  for (const [code, words] of Object.entries(COSTS)) if (words.de === label) return code;
  return label;
}

/** The label of an item in a language; `other` has none (its line keeps its own). */
function labelOf(item: Exclude<StatementLineItem, { kind: 'other' }>, locale: StatementLocale): string {
  switch (item.kind) {
    case 'principal':
      return PRINCIPAL[locale];
    case 'interest':
      // German: ISO days for machines (`Verzugszinsen 2025-01-01–2025-01-10`, one day `Verzugszinsen am 2025-01-11`), read back by statementLineItem.
      return locale === 'de'
        ? `${INTEREST_PREFIX.de}${periodText(item.from, item.to, 'de', (d) => d, (a, b) => `${a}–${b}`)}`
        : `${INTEREST_PREFIX.en}${periodInWords(item.from, item.to, 'en')}`;
    case 'interest-rounding':
      return ROUNDING[locale];
    case 'fee':
      return costLabel(item.code, locale);
    case 'fee-reduction': {
      if (item.rule === 'payment-day') return `${DROPPED_PREFIX[locale]}${item.collectionCosts ? COLLECTION_COSTS[locale] : costLabel(item.code, locale)}${PAYMENT_DAY_SUFFIX[locale]}`;
      if (item.rule === 'letter-not-sent') return `${DROPPED_PREFIX[locale]}${costLabel(item.code, locale)}${NOT_SENT_SUFFIX[locale]}`;
      if (item.rule === 'before-default') return `${DROPPED_PREFIX[locale]}${item.collectionCosts ? COLLECTION_COSTS[locale] : costLabel(item.code, locale)}${BEFORE_DEFAULT_SUFFIX[locale]}`;
      return item.collectionCosts ? LOWERED_COLLECTION_COSTS[locale] : `${LOWERED_PREFIX[locale]}${costLabel(item.code, locale)}`;
    }
    case 'fee-reinstatement':
      return `${REINSTATED_PREFIX[locale]}${item.collectionCosts ? COLLECTION_COSTS[locale] : costLabel(item.code, locale)}${REINSTATED_SUFFIX[locale]}`;
    case 'costs-credited':
      return CREDITED[locale];
    case 'costs-unapplied':
      return HELD[locale];
    case 'costs-credit-undone':
      return CREDIT_UNDONE[locale];
    case 'costs-unapplied-undone':
      return HELD_UNDONE[locale];
    case 'interest-credited':
      return INTEREST_CREDITED[locale];
    case 'interest-unapplied':
      return INTEREST_HELD[locale];
    case 'payment':
      return `${PAYMENT_PREFIX[locale]}${PART[locale][item.part]}`;
    case 'reversal':
      return locale === 'de' ? `${REVERSAL.de[item.reversal].label} auf ${PART.de[item.part]}` : `${REVERSAL.en[item.reversal].label} (${PART.en[item.part]} part)`;
    case 'adjustment': {
      const label = ADJUSTMENT[locale][item.adjustment].label;
      return item.note ? `${label}: ${item.note}` : label;
    }
  }
}

/**
 * The German label of a statement line's item: what `statement` writes into `line.label`.
 *
 * @internal
 */
export function germanLabel(item: Exclude<StatementLineItem, { kind: 'other' }>): string {
  return labelOf(item, 'de');
}

/**
 * The German basis texts `statement` writes where the basis is not a citation: the principal's
 * invoice, a reversal's and a default adjustment's.
 *
 * @internal
 */
export const germanBasis = {
  invoice: (reference: string): string => `${INVOICE.de}${reference}`,
  reversal: (kind: 'refund' | 'chargeback'): string => REVERSAL.de[kind].basis,
  adjustment: (kind: 'credit-note' | 'write-down'): string => ADJUSTMENT.de[kind].basis,
} as const;

const PARTS: readonly StatementPart[] = ['costs', 'interest', 'principal'];
const INTEREST_LABEL = /^Verzugszinsen (\d{4}-\d{2}-\d{2})–(\d{4}-\d{2}-\d{2})$/;
/** The label of a period of one day (`Verzugszinsen am 2025-01-11`); stored before, one read `Verzugszinsen 2025-01-11–2025-01-11` (INTEREST_LABEL). */
const INTEREST_DAY_LABEL = /^Verzugszinsen am (\d{4}-\d{2}-\d{2})$/;

/**
 * What a statement line is ({@link StatementLineItem}), read from the line's own fields: its part,
 * its German label (as `statement` makes it) and its fee code. Works on a line as `statement` made
 * it and on one that went through JSON (an outbox, a host's letter data); a line built by hand with
 * a label `statement` does not make is `{ kind: 'other' }`.
 *
 * @param line - a statement line (at least `part` and `label`; `code`, `to` where the line has them)
 */
export function statementLineItem(line: Pick<StatementLine, 'part' | 'label'> & Partial<Pick<StatementLine, 'code' | 'to'>>): StatementLineItem {
  const { part, label } = line;
  if (part === 'principal' && label === PRINCIPAL.de) return { kind: 'principal' };
  if (part === 'interest') {
    const m = INTEREST_LABEL.exec(label);
    if (m !== null && (line.to === undefined || line.to === m[2])) return { kind: 'interest', from: m[1] as IsoDate, to: m[2] as IsoDate };
    const day = INTEREST_DAY_LABEL.exec(label);
    if (day !== null && (line.to === undefined || line.to === day[1])) return { kind: 'interest', from: day[1] as IsoDate, to: day[1] as IsoDate };
    if (label === ROUNDING.de) return { kind: 'interest-rounding' };
  }
  if (label === CREDITED.de && part !== 'interest') return { kind: 'costs-credited' };
  if (label === HELD.de && part === 'costs') return { kind: 'costs-unapplied' };
  if (label === CREDIT_UNDONE.de && part !== 'interest') return { kind: 'costs-credit-undone' };
  if (label === HELD_UNDONE.de && part === 'costs') return { kind: 'costs-unapplied-undone' };
  if (label === INTEREST_CREDITED.de && part !== 'costs') return { kind: 'interest-credited' };
  if (label === INTEREST_HELD.de && part === 'interest') return { kind: 'interest-unapplied' };
  for (const p of PARTS) {
    if (p !== part) continue;
    if (label === `${PAYMENT_PREFIX.de}${PART.de[p]}`) return { kind: 'payment', part: p };
    for (const r of ['refund', 'chargeback'] as const) if (label === `${REVERSAL.de[r].label} auf ${PART.de[p]}`) return { kind: 'reversal', reversal: r, part: p };
  }
  if (part === 'principal') {
    for (const a of ['credit-note', 'write-down'] as const) {
      const word = ADJUSTMENT.de[a].label;
      if (label === word) return { kind: 'adjustment', adjustment: a };
      if (label.startsWith(`${word}: `) && label.length > word.length + 2) return { kind: 'adjustment', adjustment: a, note: label.slice(word.length + 2) };
    }
  }
  if (part === 'costs') {
    if (line.code !== undefined && label === costLabel(line.code)) return { kind: 'fee', code: line.code };
    if (label === LOWERED_COLLECTION_COSTS.de) return { kind: 'fee-reduction', rule: 'lowered', collectionCosts: true, code: 'Nr. 2300 VV RVG' };
    if (label.startsWith(DROPPED_PREFIX.de)) {
      const rest = label.slice(DROPPED_PREFIX.de.length);
      if (rest.endsWith(PAYMENT_DAY_SUFFIX.de)) {
        const fee = rest.slice(0, -PAYMENT_DAY_SUFFIX.de.length);
        return fee === COLLECTION_COSTS.de
          ? { kind: 'fee-reduction', rule: 'payment-day', collectionCosts: true, code: '' }
          : { kind: 'fee-reduction', rule: 'payment-day', collectionCosts: false, code: codeOfCostLabel(fee) };
      }
      if (rest.endsWith(NOT_SENT_SUFFIX.de)) return { kind: 'fee-reduction', rule: 'letter-not-sent', collectionCosts: false, code: codeOfCostLabel(rest.slice(0, -NOT_SENT_SUFFIX.de.length)) };
      if (rest.endsWith(BEFORE_DEFAULT_SUFFIX.de)) {
        const fee = rest.slice(0, -BEFORE_DEFAULT_SUFFIX.de.length);
        return fee === COLLECTION_COSTS.de
          ? { kind: 'fee-reduction', rule: 'before-default', collectionCosts: true, code: '' }
          : { kind: 'fee-reduction', rule: 'before-default', collectionCosts: false, code: codeOfCostLabel(fee) };
      }
    }
    if (label.startsWith(REINSTATED_PREFIX.de) && label.endsWith(REINSTATED_SUFFIX.de)) {
      const fee = label.slice(REINSTATED_PREFIX.de.length, -REINSTATED_SUFFIX.de.length);
      return fee === COLLECTION_COSTS.de ? { kind: 'fee-reinstatement', collectionCosts: true, code: '' } : { kind: 'fee-reinstatement', collectionCosts: false, code: codeOfCostLabel(fee) };
    }
    if (label.startsWith(LOWERED_PREFIX.de)) return { kind: 'fee-reduction', rule: 'lowered', collectionCosts: false, code: codeOfCostLabel(label.slice(LOWERED_PREFIX.de.length)) };
    // A fee line without its code field (a line built or stored without it): its label names the code.
    for (const [code, words] of Object.entries(COSTS)) if (words.de === label) return { kind: 'fee', code };
  }
  return { kind: 'other' };
}

/** The basis of a line in English: the invoice, reversal, adjustment and fee-reduction texts written in German, worded; a fee table's version in words; citations as they are. */
function englishBasis(item: StatementLineItem, basis: string): string {
  if (item.kind === 'principal' && basis.startsWith(INVOICE.de)) return `${INVOICE.en}${basis.slice(INVOICE.de.length)}`;
  if (item.kind === 'reversal' && basis === REVERSAL.de[item.reversal].basis) return REVERSAL.en[item.reversal].basis;
  if (item.kind === 'adjustment' && basis === ADJUSTMENT.de[item.adjustment].basis) return ADJUSTMENT.en[item.adjustment].basis;
  if (item.kind === 'fee-reduction' && item.rule !== 'lowered' && basis === feeReductionBasis[item.rule]) return FEE_REDUCTION_BASIS_EN[item.rule];
  if (item.kind === 'fee-reinstatement') {
    for (const rule of ['payment-day', 'simple-case'] as const) if (basis === feeReinstatementBasis[rule]) return FEE_REINSTATEMENT_BASIS_EN[rule];
  }
  // The court fee's basis (courtDunningFeeBasis): `KV Nr. 1100 GKG (0.5 fee, at least EUR 38.00), § 34 GKG (version in force from 1 June 2025)`.
  const court = COURT_FEE_BASIS.exec(basis);
  if (court !== null) return englishTableVersion(`KV Nr. 1100 GKG (0.5 fee, at least EUR ${court[1] as string}.${court[2] as string}), § 34 GKG (${court[3] as string})`);
  return englishTableVersion(basis.replace(preReformGeschaeftsgebuehrBasis, PRE_REFORM_BASIS_EN));
}

/** A fee table's version inside a citation in English: `(Fassung ab 01.01.2021)` → `(version in force from 1 January 2021)`. */
function englishTableVersion(basis: string): string {
  return basis.replace(TABLE_VERSION, (_all, d: string, m: string, y: string) => `version in force from ${dayInWords(`${y}-${m}-${d}`, 'en')}`);
}

/**
 * A statement line in words for a reader of `locale`: the one function templates, the portal and
 * letter channels word statement lines with. German returns the line's own `label` and `basis`
 * exactly; English words the item ({@link statementLineItem}) — `Principal claim`, `Default interest
 * 18 March 2025 to 24 March 2025`, `Flat-rate default charge (§ 288 Abs. 5 BGB)`, `Payment towards
 * costs`, … — and keeps every statute and fee citation as the German law cites it (`§ 288 Abs. 5
 * BGB`, `Nr. 2300 VV RVG`), so a label that names its basis still does (see `basisNamedInLabel`).
 * A line `statement` did not make keeps its label in every language; a creditor's adjustment note
 * is shown as written.
 *
 * @param line - a statement line (as `statement` made it, or the same fields from JSON)
 * @param locale - `de` or `en`
 * @returns the label and basis to print
 * @throws ValidationError `locale` for a language other than `de` or `en`
 */
export function statementLineText(line: Pick<StatementLine, 'part' | 'label' | 'basis'> & Partial<Pick<StatementLine, 'code' | 'to'>>, locale: StatementLocale): StatementLineText {
  if (locale === 'de') return { label: line.label, basis: line.basis };
  if (locale !== 'en') throw new ValidationError(`locale: expected 'de' or 'en', got ${JSON.stringify(locale)}; statement lines are worded in German or English.`, { field: 'locale' });
  const item = statementLineItem(line);
  if (item.kind === 'other') return { label: line.label, basis: line.basis };
  return { label: labelOf(item, locale), basis: englishBasis(item, line.basis) };
}
