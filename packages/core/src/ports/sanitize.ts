import type { PostalAddress } from '../address/postal-address.js';
import type { LetterHeadItem, LetterStatementTable, OutgoingMessage, Recipient } from './channel.js';

/**
 * Characters that never reach a channel adapter from a name or address: C0 controls (CR and LF
 * included: `"Anna\r\nBcc: …"` must not become a header), DEL and C1 controls, the Unicode line and
 * paragraph separators, and the bidirectional formatting characters (LRM, RLM, ALM, the embeddings
 * and overrides U+202A–U+202E, the isolates U+2066–U+2069) that can make a name or an IBAN read
 * differently from what it is (CVE-2021-42574, "Trojan Source").
 *
 * @internal
 */
const unsafeInLine = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

/** In bodies, tab and line feed are text; everything else of {@link unsafeInLine} is not. @internal */
const unsafeInBody = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

/** An e-mail address a channel can use: one addr-spec, no spaces, quotes, brackets, commas or semicolons. @internal */
const usableEmail = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;

/** A mobile number in E.164 form (ITU-T E.164: `+`, country code, at most 15 digits). @internal */
const usablePhone = /^\+[1-9]\d{6,14}$/u;

/** An IANA time zone name such as `Europe/Berlin` or `UTC`. @internal */
const usableTimeZone = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/u;

/** Whether a text holds a character {@link sanitizeLine} would replace. */
export function hasUnsafeCharacters(text: string): boolean {
  unsafeInLine.lastIndex = 0;
  return unsafeInLine.test(text);
}

/**
 * One line of text safe for any channel: control, line-break and bidi-formatting characters become
 * a space, runs of spaces one space, and the ends are trimmed. `"Anna\r\nBcc: x@y"` becomes
 * `"Anna Bcc: x@y"` — a harmless display name.
 *
 * @param text - a name, an address line, a subject
 * @returns the sanitised line
 */
export function sanitizeLine(text: string): string {
  return text.replace(unsafeInLine, ' ').replace(/ {2,}/gu, ' ').trim();
}

/**
 * A message body safe for any channel: CRLF and CR become LF, tabs and line feeds stay, every other
 * control and bidi-formatting character is removed.
 *
 * @param text - a plain-text or HTML body
 * @returns the sanitised body
 */
export function sanitizeBody(text: string): string {
  return text.replace(/\r\n?/gu, '\n').replace(unsafeInBody, '');
}

/** Why a recipient field was dropped by {@link sanitizeRecipient}. */
export interface DroppedField {
  /** The field, e.g. `email`. */
  readonly field: 'email' | 'phone' | 'address' | 'postalAddress' | 'timeZone';
  /** Why it is not usable. */
  readonly reason: string;
}

/**
 * A recipient with every field made safe: the name, the address lines and each field of the
 * structured postal address via {@link sanitizeLine} (a postal address whose street, postal code,
 * city or country is left empty is dropped, an empty optional field omitted); an
 * e-mail address or phone number that is not a single clean addr-spec / E.164 number (after
 * removing spaces, dashes and parentheses from the number) is dropped, with the reason, so the
 * dispatcher skips the channel instead of handing an adapter something it would have to trust.
 *
 * @param to - the recipient as the debtor's data has it
 * @returns the sanitised recipient and the fields that were dropped
 */
export function sanitizeRecipient(to: Recipient): { readonly recipient: Recipient; readonly dropped: readonly DroppedField[] } {
  const dropped: DroppedField[] = [];
  const name = sanitizeLine(to.name);
  let email: string | undefined;
  if (to.email !== undefined) {
    const trimmed = to.email.trim();
    if (usableEmail.test(trimmed) && trimmed.length <= 254) email = trimmed;
    else dropped.push({ field: 'email', reason: `the e-mail address ${JSON.stringify(to.email)} is not one plain address (addr-spec, RFC 5322 § 3.4.1)` });
  }
  let phone: string | undefined;
  if (to.phone !== undefined) {
    const compact = to.phone.replace(/[\s\-()/.]/gu, '');
    if (usablePhone.test(compact)) phone = compact;
    else dropped.push({ field: 'phone', reason: `the phone number ${JSON.stringify(to.phone)} is not in E.164 form (e.g. +4915112345678)` });
  }
  let address: string[] | undefined;
  if (to.address !== undefined) {
    address = to.address.map(sanitizeLine).filter((line) => line !== '');
    if (address.length === 0) {
      dropped.push({ field: 'address', reason: 'the postal address has no non-empty line' });
      address = undefined;
    }
  }
  let postalAddress: PostalAddress | undefined;
  if (to.postalAddress !== undefined) {
    const pa = to.postalAddress;
    const required = { street: sanitizeLine(pa.street), postalCode: sanitizeLine(pa.postalCode), city: sanitizeLine(pa.city), country: sanitizeLine(pa.country) };
    const houseNumber = pa.houseNumber === undefined ? '' : sanitizeLine(pa.houseNumber);
    const addressLine2 = pa.addressLine2 === undefined ? '' : sanitizeLine(pa.addressLine2);
    const empty = Object.entries(required).filter(([, v]) => v === '').map(([k]) => k);
    if (empty.length > 0) dropped.push({ field: 'postalAddress', reason: `the postal address has no ${empty.join(', ')}` });
    else postalAddress = { ...required, ...(houseNumber === '' ? {} : { houseNumber }), ...(addressLine2 === '' ? {} : { addressLine2 }) };
  }
  let timeZone: string | undefined;
  if (to.timeZone !== undefined) {
    if (usableTimeZone.test(to.timeZone)) timeZone = to.timeZone;
    else dropped.push({ field: 'timeZone', reason: `the time zone ${JSON.stringify(to.timeZone)} is not an IANA name such as Europe/Berlin` });
  }
  const recipient: Recipient = {
    name,
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(address === undefined ? {} : { address }),
    ...(postalAddress === undefined ? {} : { postalAddress }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(to.consented === true ? { consented: true } : {}),
  };
  return { recipient, dropped };
}

/**
 * A message made safe for any adapter: the recipient via {@link sanitizeRecipient}, the subject via
 * {@link sanitizeLine}, the bodies (`text`, `html`, `letterBody`) via {@link sanitizeBody}, each label and value of the
 * letter head (`letterHead`) via {@link sanitizeLine} (an item whose label or value is then empty is left out: a head
 * item prints a label above its value, and one without either says nothing), every text of the statement table
 * (`letterStatement`: caption, each cell of its items and sums) via {@link sanitizeLine} — a tab or line break in a
 * description or label stays in its cell as a space — attachment file names via
 * {@link sanitizeLine} (and without path separators), the payment reference and link via
 * {@link sanitizeLine}. The dispatcher applies it to every message
 * before a channel sees it; adapters may rely on it.
 *
 * @param message - the message as rendered
 * @returns the sanitised message (a new object; the argument is not changed)
 */
export function sanitizeMessage(message: OutgoingMessage): OutgoingMessage {
  return {
    ...message,
    to: sanitizeRecipient(message.to).recipient,
    subject: sanitizeLine(message.subject),
    text: sanitizeBody(message.text),
    ...(message.html === undefined ? {} : { html: sanitizeBody(message.html) }),
    ...(message.letterBody === undefined ? {} : { letterBody: sanitizeBody(message.letterBody) }),
    ...(message.letterHead === undefined ? {} : { letterHead: sanitizeLetterHead(message.letterHead) }),
    ...(message.letterStatement === undefined ? {} : { letterStatement: message.letterStatement === null ? null : sanitizeLetterStatement(message.letterStatement) }),
    ...(message.attachments === undefined
      ? {}
      : { attachments: message.attachments.map((a) => ({ ...a, filename: sanitizeLine(a.filename).replace(/[/\\]/gu, '_'), contentType: sanitizeLine(a.contentType) })) }),
    ...(message.payment === undefined
      ? {}
      : {
          payment: {
            ...message.payment,
            reference: sanitizeLine(message.payment.reference),
            ...(message.payment.link === undefined ? {} : { link: sanitizeLine(message.payment.link) }),
          },
        }),
  };
}

/**
 * The items of a letter head made safe: label and value one line each ({@link sanitizeLine}); an item
 * whose label or value is empty after that is left out.
 *
 * @internal
 */
function sanitizeLetterHead(items: readonly LetterHeadItem[]): LetterHeadItem[] {
  const out: LetterHeadItem[] = [];
  for (const item of items) {
    const label = sanitizeLine(item.label);
    const value = sanitizeLine(item.value);
    if (label !== '' && value !== '') out.push({ label, value });
  }
  return out;
}

/**
 * The statement table made safe: caption and every cell one line ({@link sanitizeLine}); rows and
 * sums stay as they are (an empty cell is printed empty, never dropped: the figures must add up).
 *
 * @internal
 */
function sanitizeLetterStatement(table: LetterStatementTable): LetterStatementTable {
  return {
    caption: sanitizeLine(table.caption),
    rows: table.rows.map((row) => ({ description: sanitizeLine(row.description), basis: sanitizeLine(row.basis), amount: sanitizeLine(row.amount) })),
    totals: table.totals.map((total) => ({ label: sanitizeLine(total.label), amount: sanitizeLine(total.amount) })),
  };
}
