import { letterStatementMarker, type IsoDate, type Money, type PostalAddress } from '@mahnwerk/core';

/**
 * The sender of a letter: letterhead, return line, footer and the account the GiroCode pays to.
 * A `CreditorParty` of `@mahnwerk/templates` is one, so one object serves the texts and the letter.
 * A letter needs the sender's postal address: `addressLines` or `postalAddress` (see
 * {@link letterSenderAddressLines}); a sender with neither is refused with a `ValidationError`
 * (field `sender.addressLines`).
 */
export interface LetterSender {
  /** Name or firm. */
  readonly name: string;
  /** Postal address lines, e.g. `['Hafenstraße 12', '50667 Köln']`; may be left out when `postalAddress` is given. */
  readonly addressLines?: readonly string[];
  /**
   * Postal address as fields; when given, the letterhead, return line and footer print it as DIN 5008
   * lines (core's `postalAddressLines`, no country line for the sender's own country) and
   * `addressLines` is ignored — as the templates' letter head does.
   */
  readonly postalAddress?: PostalAddress;
  /** The return line above the recipient (Rücksendeangabe); default: name · address lines. */
  readonly returnLine?: string;
  /** Phone number, printed in the information block and footer. */
  readonly phone?: string;
  /** E-mail address, printed in the information block and footer. */
  readonly email?: string;
  /** Web site, printed in the footer. */
  readonly website?: string;
  /** Register entry, e.g. `Amtsgericht Köln HRB 12345`, printed in the footer. */
  readonly registration?: string;
  /** Bank account the debtor pays to: printed in the payment block and the footer, encoded in the GiroCode. */
  readonly bank?: LetterBankAccount;
}

/** A bank account for credit transfers. */
export interface LetterBankAccount {
  /** IBAN (print or electronic form); checked after ISO 13616. */
  readonly iban: string;
  /** BIC; checked for its form. */
  readonly bic?: string;
  /** Name of the bank, printed when given. */
  readonly bankName?: string;
  /** Account holder, if not the sender (the GiroCode's beneficiary name). */
  readonly holder?: string;
}

/** One line of the itemized statement table. */
export interface LetterStatementRow {
  /** What the amount is, e.g. `Hauptforderung Rechnung RE-1 vom 02.01.2025`. */
  readonly description: string;
  /** Its legal basis, e.g. `§ 288 Abs. 1 BGB`. */
  readonly basis?: string;
  /**
   * The amount (negative for a payment): a `Money`, formatted in the letter's language, or a text
   * printed as it is — an amount a renderer already wrote out (core's `OutgoingMessage.letterStatement`).
   */
  readonly amount: Money | string;
}

/** The itemized statement (Forderungsaufstellung) printed as a table. */
export interface LetterStatement {
  /** Caption, e.g. `Forderungsaufstellung (Stand 06.02.2025)`. */
  readonly title: string;
  /** The items. */
  readonly rows: readonly LetterStatementRow[];
  /** Sum lines under the items; the last one is printed bold (e.g. `Gesamtbetrag`). */
  readonly totals: readonly { readonly label: string; readonly amount: Money | string }[];
}

/** What the debtor is asked to pay, for the payment block and its QR codes. */
export interface LetterPayment {
  /** The amount to pay (the GiroCode's amount; euro). */
  readonly amount: Money;
  /** The claim's reference; becomes an ISO 11649 creditor reference (`RF…`) unless it already is one. */
  readonly reference: string;
  /** A web link to pay online, printed and encoded as a second QR code. */
  readonly link?: string;
}

/** One letter, everything it prints. */
export interface LetterDocument {
  /** Language of the fixed words (`Seite`, `Datum`, captions). */
  readonly locale: 'de' | 'en';
  /** Letter date; also the PDF's creation date, so the same letter gives the same bytes. */
  readonly date: IsoDate;
  /** The sender. */
  readonly sender: LetterSender;
  /** The recipient: name and address lines (at most 6 lines together, DIN 5008 form B). */
  readonly recipient: { readonly name: string; readonly addressLines: readonly string[] };
  /** Lines of the Zusatz- und Vermerkzone above the return line (e.g. `Einschreiben`), at most 4. */
  readonly notes?: readonly string[];
  /** Items of the information block (label and value), e.g. `Ihre Kundennummer`; the date is added. */
  readonly info?: readonly { readonly label: string; readonly value: string }[];
  /** The subject line (Betreff), printed bold. */
  readonly subject: string;
  /**
   * The text: paragraphs separated by blank lines, starting with the salutation. A paragraph that
   * is exactly `[statement]` places the statement table; without it, the table follows the first
   * paragraph after the salutation.
   *
   * Unless {@link LetterDocument.bodyTables} is `false`, a paragraph written as a table is printed
   * as one, in the statement table's columns: a caption line without a tab, then item lines
   * `description⇥legal basis⇥amount` (exactly two tabs; the basis may be empty), then sum lines
   * `label⇥amount` (exactly one tab; the last is printed bold) — core's `parseLetterStatementTable`.
   * Letter bodies carried their statement so before core's `OutgoingMessage.letterStatement`; any
   * other paragraph, and one that breaks this form, is printed as text.
   */
  readonly body: string;
  /**
   * Whether paragraphs of {@link LetterDocument.body} written as tab-separated tables are printed as
   * tables (default `true`, the convention before the statement came as a field; deprecated).
   * {@link letterFromMessage} sets `false` for a message whose renderer gives `letterStatement`: its
   * body is text, and a paragraph that only looks like a table (a custom template's contact lines)
   * is printed as written.
   */
  readonly bodyTables?: boolean;
  /** The itemized statement, printed as a table. */
  readonly statement?: LetterStatement;
  /** What to pay: prints the payment block with the GiroCode (needs `sender.bank`) and the link's QR code. */
  readonly payment?: LetterPayment;
  /** The closing lines, e.g. `['Mit freundlichen Grüßen', 'Ihr Forderungsmanagement']`. */
  readonly closing?: readonly string[];
}

/** The placeholder paragraph that places the statement table in {@link LetterDocument.body}: core's `letterStatementMarker`, `[statement]`. */
export const statementPlaceholder: typeof letterStatementMarker = letterStatementMarker;
