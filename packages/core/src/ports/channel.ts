import type { PostalAddress } from '../address/postal-address.js';
import type { IsoDate } from '../calendar/date.js';

/** The recipient of a message, as the dispatcher hands it to a channel (already sanitised, see `sanitizeRecipient`). */
export interface Recipient {
  /** Display name; one line, no control or bidi-override characters. */
  readonly name: string;
  /** E-mail address (addr-spec), if the debtor has a usable one. */
  readonly email?: string;
  /** Mobile number in E.164 form, if the debtor has a usable one. */
  readonly phone?: string;
  /** Postal address lines under the name, for letters (from the debtor's `postalAddress` when it has one). */
  readonly address?: readonly string[];
  /** The postal address as fields, when the host gave it (each field one line, like the name). */
  readonly postalAddress?: PostalAddress;
  /**
   * IANA time zone of the debtor, e.g. `Europe/Berlin`: the wall clock the dispatcher kept the quiet
   * hours and the Sunday/holiday rest on before it handed the message over (without it, the clock's).
   */
  readonly timeZone?: string;
  /**
   * True when the debtor consented to this channel; the dispatcher sets it from `debtor.consent`.
   * A channel whose capabilities say `needsConsent` refuses a message without it.
   */
  readonly consented?: boolean;
}

/** A file sent with a message (e.g. the PDF letter attached to an e-mail). */
export interface MessageAttachment {
  /** File name shown to the recipient, e.g. `Mahnung-RE-2024-1001.pdf`. */
  readonly filename: string;
  /** MIME type, e.g. `application/pdf`. */
  readonly contentType: string;
  /** The bytes. */
  readonly content: Uint8Array;
}

/** A message ready to go out on a channel. */
export interface OutgoingMessage {
  /** Outbox id; the dispatcher passes it as the idempotency key of {@link ChannelSendOptions}. */
  readonly id: string;
  /** Claim id. */
  readonly claimId: string;
  /** Channel name. */
  readonly channel: string;
  /** The recipient. */
  readonly to: Recipient;
  /** Subject line (e-mail, letter heading). */
  readonly subject: string;
  /** Plain text body (all channels). */
  readonly text: string;
  /** HTML body (e-mail, letter). */
  readonly html?: string;
  /**
   * The body of a printed letter without letter head, address, date, subject, closing and footer,
   * which a letter layout sets itself: the salutation, the text and the statement. Payment details
   * are not in it either — a letter layout prints them from {@link OutgoingMessage.payment} (the
   * letter channel as its payment block with the GiroCode). A letter channel lays this out when it
   * is given and `text` otherwise (a renderer that makes no letter body); `text` stays the whole
   * letter for channels that print it as it is (e-mail, a file).
   */
  readonly letterBody?: string;
  /**
   * The items of a printed letter's head that the letter layout cannot know and sets in its
   * information block beside the date (DIN 5008), e.g. `{ label: 'Kundennummer', value: 'K-4711' }`,
   * in order; the letter channel adds its own (our reference, the date). Each label and value is one
   * line (`sanitizeMessage` makes it so). Given by a renderer that writes a {@link OutgoingMessage.letterBody}
   * (`@mahnwerk/templates`, core's plain-text renderer) — an empty list when it has none — so the
   * body is laid out as it is, never searched for head items.
   *
   * Absent (`undefined`) only from a renderer of its own that does not know this field: the letter
   * channel then still reads head items from a first paragraph of `label⇥value` lines of the letter
   * body, the convention before this field (deprecated; see channel-letter's `letterBodyInfo`).
   */
  readonly letterHead?: readonly LetterHeadItem[];
  /**
   * The itemized statement (Forderungsaufstellung) of a printed letter as a table — caption, items
   * and sums, each cell one line (`sanitizeMessage` makes it so) — which the letter layout prints
   * where {@link OutgoingMessage.letterBody} has a paragraph that is exactly {@link letterStatementMarker}
   * (`[statement]`). Given by a renderer that writes a letter body (`@mahnwerk/templates`, core's
   * plain-text renderer); `null` when the letter has no statement table (its statement, if any, is
   * text of the body), so the body is laid out as it is, never searched for tables.
   *
   * Absent (`undefined`) only from a renderer of its own that does not know this field: the letter
   * channel then still prints a paragraph of the body written as a tab-separated table (caption line,
   * `description⇥basis⇥amount` items, `label⇥amount` sums) as a table, the convention before this
   * field (deprecated; see channel-letter's `LetterDocument.bodyTables`).
   */
  readonly letterStatement?: LetterStatementTable | null;
  /** Language of the message. */
  readonly locale: 'de' | 'en';
  /** Files to send along, for channels whose capabilities declare `attachments`. */
  readonly attachments?: readonly MessageAttachment[];
  /** Where the debtor can unsubscribe from this channel (e-mail `List-Unsubscribe`), where the policy allows it. */
  readonly unsubscribe?: { readonly url?: string; readonly mailto?: string };
  /** The stage the message belongs to, e.g. `dunning-notice`. */
  readonly stage?: string;
  /** The business day the message goes out (a letter's date). */
  readonly date?: IsoDate;
  /** What the message asks the debtor to pay, for channels that print payment details (a letter's GiroCode). */
  readonly payment?: MessagePayment;
}

/** One item of a printed letter's head (its information block): a label and its value, each one line. */
export interface LetterHeadItem {
  /** What the value is, in the letter's language, e.g. `Kundennummer` / `Customer number`. */
  readonly label: string;
  /** The value, e.g. `K-4711`. */
  readonly value: string;
}

/**
 * The paragraph of a letter body that places the statement table ({@link OutgoingMessage.letterStatement}):
 * a paragraph that is exactly this text, `[statement]`.
 */
export const letterStatementMarker = '[statement]';

/**
 * A printed letter's itemized statement as a table ({@link OutgoingMessage.letterStatement}). Every
 * text is what the letter prints, in its language — amounts too, written out by the renderer as
 * its text and HTML write them (e.g. `1.234,56 €`), so the three show the same figures; the letter
 * layout sets them in its columns and formats nothing again.
 */
export interface LetterStatementTable {
  /** The caption, e.g. `Forderungsaufstellung (Stand 10.03.2026)`. */
  readonly caption: string;
  /** The items, in the statement's order. */
  readonly rows: readonly LetterStatementTableRow[];
  /** The sums under the items (principal, interest, costs, total); the last one is the total. */
  readonly totals: readonly LetterStatementTableTotal[];
}

/** One item of a {@link LetterStatementTable}. */
export interface LetterStatementTableRow {
  /** What the amount is, e.g. `Mahnkosten (Porto und Druck) vom 01.12.2025`. */
  readonly description: string;
  /** Its legal basis, e.g. `§ 288 Abs. 1 BGB`; empty when there is none. */
  readonly basis: string;
  /** The amount as printed, e.g. `1,50 €` (negative for a payment). */
  readonly amount: string;
}

/** One sum line of a {@link LetterStatementTable}. */
export interface LetterStatementTableTotal {
  /** What is summed, e.g. `Gesamtbetrag`. */
  readonly label: string;
  /** The sum as printed, e.g. `1.260,02 €`. */
  readonly amount: string;
}

/** The no-break space that glues what a printed line must not break apart. */
const NBSP = '\u00a0';

/**
 * Glues what a printed letter's lines must not break apart with a no-break space (U+00A0): a
 * section sign and its number (`§ 288`, `§§ 280`, `§ 13e`), an abbreviation and its number
 * (`Abs. 1`, `Nr. 2300`, `S. 3`, `Art. 229`) and `p. a.` — so a line never ends with `§` and goes on
 * with `13e Abs. 1 RDG`. Amounts and rates already carry one before `€` and `%` (`formatMoney`).
 * The one keep rule of a letter: the templates glue the cells of their statement table with it, and
 * the letter layout (`@mahnwerk/channel-letter`) every paragraph of the body and every cell of a
 * table it sets, whichever renderer wrote them. Idempotent: glued text stays as it is.
 *
 * @param text - a paragraph or a cell's text
 * @returns the text with those spaces made no-break spaces
 */
export function keepTogether(text: string): string {
  return text.replace(/(§§?|\b(?:Abs|Nr|S|Art)\.) (?=\d)/gu, `$1${NBSP}`).replace(/\bp\. a\./gu, `p.${NBSP}a.`);
}

/**
 * Reads a statement table written as text: a caption line without a tab, then item lines
 * `description⇥basis⇥amount` (exactly two tabs; the basis may be empty), then sum lines
 * `label⇥amount` (exactly one tab), each cell trimmed. This is the form `@mahnwerk/templates`'
 * `letter-statement` partial writes (its renderer turns it into {@link OutgoingMessage.letterStatement})
 * and the form letter bodies carried before that field (channel-letter's deprecated fallback).
 *
 * @param text - one paragraph (no blank line in it)
 * @returns the table, or `undefined` when the text is not in this form — a line with more tabs, an
 *   item after a sum, no item and no sum, an empty caption or cell — and is text, not a table
 */
export function parseLetterStatementTable(text: string): LetterStatementTable | undefined {
  const [caption, ...lines] = text.replace(/\r\n?/gu, '\n').split('\n');
  if (caption === undefined || caption.includes('\t') || caption.trim() === '' || lines.length === 0) return undefined;
  const rows: LetterStatementTableRow[] = [];
  const totals: LetterStatementTableTotal[] = [];
  for (const line of lines) {
    const cells = line.split('\t').map((cell) => cell.trim());
    const [first, second, third] = cells;
    if (cells.length === 3 && totals.length === 0 && first !== '' && third !== '' && first !== undefined && second !== undefined && third !== undefined) {
      rows.push({ description: first, basis: second, amount: third });
    } else if (cells.length === 2 && first !== '' && second !== '' && first !== undefined && second !== undefined) {
      totals.push({ label: first, amount: second });
    } else {
      return undefined;
    }
  }
  return { caption: caption.trim(), rows, totals };
}

/** The open amount a message asks for, with the reference a transfer must quote. */
export interface MessagePayment {
  /** The open total on the day of sending, e.g. `"1006.68"`. */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** The claim's reference (invoice number) a transfer must quote. */
  readonly reference: string;
  /** A link to pay online, when a payment provider made one. */
  readonly link?: string;
}

/**
 * The part of an `AbortSignal` a channel uses (the core has no DOM or Node types; a real
 * `AbortSignal` fits).
 */
export interface AbortSignalLike {
  /** Whether the signal fired. */
  readonly aborted: boolean;
  /** Why it fired. */
  readonly reason?: unknown;
  /** Listens for the abort. */
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  /** Stops listening. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** How a send is made. */
export interface ChannelSendOptions {
  /**
   * The idempotency key (the outbox message id). A channel delivers a key at most once: a second
   * send with a key it has already delivered resolves with the first receipt and delivers nothing.
   * A retry after an unknown outcome (crash, timeout) uses the same key.
   */
  readonly idempotencyKey: string;
  /** Aborts the send; the channel rejects with a retryable `adapter_failed` error when it fires before delivery. */
  readonly signal?: AbortSignalLike;
}

/** The receipt of a successful send: the provider took the message. */
export interface SendReceipt {
  /** The provider's id of the message (an e-mail's Message-ID, an SMS sid …). */
  readonly providerMessageId: string;
  /** `accepted` (default: handed over, delivery not yet known) or `delivered` (the provider confirmed delivery at once). */
  readonly status?: 'accepted' | 'delivered';
}

/** The result of a successful send (the receipt). */
export type SendResult = SendReceipt;

/** What a channel can do; the dispatcher plans around it instead of finding out by failure. */
export interface ChannelCapabilities {
  /** Whether the channel sends {@link OutgoingMessage.attachments}. */
  readonly attachments: boolean;
  /**
   * Largest text the channel sends, in the channel's own unit (characters; for SMS the provider's
   * segment budget turned into characters). Longer messages are refused (not truncated), with a
   * non-retryable error.
   */
  readonly maxLength?: number;
  /** Whether the debtor must have consented to this channel before it is used (SMS, WhatsApp: § 7 UWG). */
  readonly needsConsent: boolean;
  /**
   * Local hours `HH:MM`–`HH:MM` (debtor's time) in which the channel may send; outside them sends wait.
   * The dispatcher keeps them, with the policy's quiet hours, on the debtor's wall clock before it
   * hands a message over, so a channel that declares them need not check the hour again.
   */
  readonly allowedHours?: { readonly from: string; readonly to: string };
}

/** Capabilities assumed for a channel that declares none: no attachments, no length limit, no consent needed. */
export const defaultChannelCapabilities: ChannelCapabilities = Object.freeze({ attachments: false, needsConsent: false });

/** What a provider reported about a message after it was sent. */
export type DeliveryStatus = 'delivered' | 'bounced' | 'failed' | 'opened' | 'opted-out';

/**
 * A delivery update from a provider (an SMTP bounce, a status callback, a read receipt, an
 * unsubscribe), turned into a ledger event by `Mahnwerk.recordDelivery`.
 */
export interface DeliveryUpdate {
  /** The outbox message id (the idempotency key the message was sent with). */
  readonly messageId: string;
  /** The claim the message belongs to. */
  readonly claimId: string;
  /** The channel that reports. */
  readonly channel: string;
  /** What happened. */
  readonly status: DeliveryStatus;
  /** The provider's message id, if known. */
  readonly providerMessageId?: string;
  /** When the provider saw it, ISO 8601 with offset. */
  readonly at?: string;
  /** The provider's words (e.g. `550 5.1.1 user unknown`, an error code). */
  readonly detail?: string;
}

/**
 * The channel port (e-mail, letter, SMS, webhook …). Promises every adapter keeps (the conformance
 * suite `testChannel` in `@mahnwerk/testing` checks each):
 * - **Channels deduplicate by the idempotency key.** `send` with a key already delivered resolves
 *   with the first receipt and delivers nothing, also when two sends with one key run at once.
 * - `send` either hands the message to the provider and resolves with a receipt, or rejects with a
 *   `MahnwerkError` of code `adapter_failed` whose `retryable` says whether the same send may
 *   succeed later; a recipient the provider refuses for good (SMTP 550, unknown number) rejects with
 *   a `ChannelError` whose `bounced` is true.
 * - A channel whose capabilities say `needsConsent` refuses (`retryable: false`, nothing sent) a
 *   message whose recipient is not `consented`.
 * - A text longer than `capabilities.maxLength` is refused (not cut), with `retryable: false`.
 * - A send aborted by `options.signal` before delivery rejects with a retryable `adapter_failed`.
 * - The message is not changed. Names and addresses arrive sanitised (`sanitizeMessage`); an
 *   adapter sanitises again and never lets a recipient's data add a header or a recipient.
 * - Delivery updates the provider reports later come back as {@link DeliveryUpdate}s.
 *
 * The dispatcher relies on the idempotency key: after a crash between `send` and recording its
 * outcome, a timeout, a retryable or an unexpected error, it cannot know whether the message went
 * out, so it sends again with the same key on the same channel (never on a fallback). Reject with
 * `retryable: false` only when the message certainly was not delivered (e.g. no such mailbox):
 * that is the one failure after which the fallback channel is used.
 */
export interface Channel {
  /** Version of this port's contract. */
  readonly specificationVersion: 'v1';
  /** The channel name policies use, e.g. `email`. */
  readonly name: string;
  /** What the channel can do; {@link defaultChannelCapabilities} when absent. */
  readonly capabilities?: ChannelCapabilities;
  /** Whether the recipient can be reached on this channel (e.g. has an e-mail address). */
  canReach(to: Recipient): boolean;
  /** Sends one message; see the interface's promises. */
  send(message: OutgoingMessage, options: ChannelSendOptions): Promise<SendReceipt>;
}

/** A channel's declared capabilities, or the defaults. */
export function channelCapabilities(channel: Pick<Channel, 'capabilities'>): ChannelCapabilities {
  return channel.capabilities ?? defaultChannelCapabilities;
}
