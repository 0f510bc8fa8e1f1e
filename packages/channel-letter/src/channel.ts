import {
  MahnwerkError,
  money,
  sanitizeMessage,
  ValidationError,
  type AbortSignalLike,
  type Channel,
  type ChannelCapabilities,
  type IsoDate,
  type OutgoingMessage,
  type SendResult,
} from '@mahnwerk/core';
import { letterFileName } from './batch.js';
import type { LetterDocument, LetterSender } from './document.js';
import { renderLetterPdf } from './pdf.js';
import { checkLetterSender } from './sender.js';

/** A finished letter handed to the output (a folder, a print service's upload, a queue). */
export interface LetterFile {
  /** File name from the message id, e.g. `INV-1_msg_dunning-notice_1.pdf`; the same message gives the same name. */
  readonly name: string;
  /** The PDF. */
  readonly bytes: Uint8Array;
  /** The message it was made from. */
  readonly message: OutgoingMessage;
}

/** Options of {@link createLetterChannel}. */
export interface LetterChannelOptions {
  /**
   * The sender printed in the letterhead, return line and footer; its bank account goes into the
   * GiroCode. A function picks it per message — e.g. the collection agency for the letters of the
   * policy's hand-over stage on (core's `agencyCollectsAt` by `message.stage`), the creditor before,
   * the same choice a templates renderer's `creditor` function makes for the text. A function that
   * throws fails that letter (`retryable: false`).
   */
  readonly sender: LetterSender | ((message: OutgoingMessage) => LetterSender);
  /**
   * Takes each finished letter. It should store by `name` (overwriting): the same message always
   * gives the same name and bytes, so a retried send is harmless. A rejection is reported as a
   * retryable failure.
   */
  readonly output: (file: LetterFile) => Promise<void>;
  /** The letter date when the message carries none. */
  readonly today?: () => IsoDate;
  /** Channel name policies use; default `letter`. */
  readonly name?: string;
  /** Builds the letter from a message; default {@link letterFromMessage}. */
  readonly compose?: (message: OutgoingMessage, sender: LetterSender, date: IsoDate) => LetterDocument;
  /** Closing lines; default `Mit freundlichen Grüßen` / `Kind regards` and the sender's name. */
  readonly closing?: readonly string[];
}

/** Options a send takes (the channel port's idempotency key and cancellation). */
export interface LetterSendOptions {
  /** Key that makes a resend a no-op; default the message id. */
  readonly idempotencyKey?: string;
  /** Aborts the send before the letter is handed to the output (a real `AbortSignal` fits). */
  readonly signal?: AbortSignalLike;
}

/**
 * What the letter channel can do: no attachments (the letter is the PDF), no length limit (a long
 * text runs onto further pages), and no consent needed — a letter is not advertising by electronic
 * mail or phone that § 7 Abs. 2 UWG makes subject to consent.
 */
export const letterChannelCapabilities: ChannelCapabilities = Object.freeze({ attachments: false, needsConsent: false });

/**
 * The letter for a message: the recipient's name and address lines, the subject, the date, the
 * body, and — when the message carries what to pay — the payment block with the transfer details,
 * the GiroCode (euro only) and the payment link's QR code.
 *
 * The body is the message's `letterBody` (the body of a printed letter a renderer such as
 * `@mahnwerk/templates`' `createEngineRenderer` makes, without head, address, date, subject,
 * closing, footer and payment details, which this layout sets itself); a message without one (a
 * renderer that makes none) has its `text` laid out instead. The items of the letter's head a
 * renderer gives (`message.letterHead`, e.g. the templates' customer number) are set in the
 * information block after our reference and before the date. The itemized statement a renderer
 * gives as a table (`message.letterStatement`, e.g. the templates' Forderungsaufstellung) becomes the
 * letter's statement table, printed where the body has the paragraph `[statement]`; the body is then
 * laid out as text throughout (`bodyTables: false`), so a description or label is one cell and a
 * paragraph that merely looks like a table stays text.
 *
 * A message without `letterStatement` (a renderer of the host's own, written before the field) has
 * paragraphs of its body written as tab-separated tables printed as tables, as before (see
 * `LetterDocument.bodyTables`; deprecated — give `letterStatement` instead, `null` when there is none).
 *
 * A message with a letter body but no `letterHead` (a renderer of the host's own, written before the
 * field) has its head items read from a first paragraph of `label⇥value` lines of the body, as
 * before ({@link letterBodyInfo}; deprecated — give `letterHead` instead, an empty list when there
 * are none, and the body is laid out as it is).
 *
 * @param message - the outgoing message
 * @param sender - the sender
 * @param date - the letter date
 * @param closing - closing lines
 */
export function letterFromMessage(message: OutgoingMessage, sender: LetterSender, date: IsoDate, closing?: readonly string[]): LetterDocument {
  const payment = message.payment;
  const head =
    message.letterBody === undefined
      ? { info: [], body: message.text }
      : message.letterHead === undefined
        ? letterBodyInfo(message.letterBody)
        : { info: message.letterHead, body: message.letterBody };
  // The statement table a renderer gives as a field (placed by the body's `[statement]` paragraph); then the body is
  // text throughout. Without the field (a renderer of the host's own, older than it) table paragraphs of the body are
  // still printed as tables (deprecated, LetterDocument.bodyTables).
  const table = message.letterStatement;
  return {
    locale: message.locale,
    date,
    sender,
    recipient: { name: message.to.name, addressLines: message.to.address ?? [] },
    info: [{ label: message.locale === 'de' ? 'Unser Zeichen' : 'Our reference', value: payment?.reference ?? message.claimId }, ...head.info],
    subject: message.subject,
    body: head.body,
    ...(table === undefined ? {} : { bodyTables: false }),
    ...(table === undefined || table === null
      ? {}
      : {
          statement: {
            title: table.caption,
            rows: table.rows.map((row) => ({ description: row.description, ...(row.basis === '' ? {} : { basis: row.basis }), amount: row.amount })),
            totals: table.totals.map((total) => ({ label: total.label, amount: total.amount })),
          },
        }),
    ...(payment === undefined
      ? {}
      : { payment: { amount: money(payment.amount, payment.currency), reference: payment.reference, ...(payment.link === undefined ? {} : { link: payment.link }) } }),
    closing: closing ?? [message.locale === 'de' ? 'Mit freundlichen Grüßen' : 'Kind regards', sender.name],
  };
}

/**
 * The items of a letter's head a letter body carries in its text, and the body without them: the
 * convention before core's typed `OutgoingMessage.letterHead`, kept for a host's own renderer that
 * still writes it. {@link letterFromMessage} asks it only for a message with a letter body and no
 * `letterHead`. A body that begins with a paragraph whose every line is `label⇥value` (exactly one
 * tab, neither side empty), e.g. `Kundennummer⇥K-4711`, has those items for the information block;
 * the rest is the body. Any other body has none and stays as it is.
 *
 * @deprecated A body whose first paragraph only happens to hold a tab (a name with a tab in its
 *   greeting) loses it to the letter head. Give the head items as the rendered message's
 *   `letterHead` (`RenderedMessage.letterHead` in `@mahnwerk/core`; an empty list when there are
 *   none) and keep them out of the body; `@mahnwerk/templates` and core's plain-text renderer do.
 *   This fallback will be removed before 1.0.
 * @param letterBody - the message's letter body
 * @returns the information items (in order) and the body to lay out
 */
export function letterBodyInfo(letterBody: string): { readonly info: readonly { readonly label: string; readonly value: string }[]; readonly body: string } {
  const text = letterBody.replace(/\r\n?/g, '\n').replace(/^\n+/, '');
  const end = text.search(/\n[ \t]*\n/);
  const first = end === -1 ? text : text.slice(0, end);
  const info: { label: string; value: string }[] = [];
  for (const line of first.split('\n')) {
    const cells = line.split('\t').map((cell) => cell.trim());
    if (cells.length !== 2 || cells[0] === '' || cells[1] === '') return { info: [], body: letterBody };
    info.push({ label: cells[0] as string, value: cells[1] as string });
  }
  return { info, body: end === -1 ? '' : text.slice(end).replace(/^\n[ \t]*\n+/, '') };
}

/**
 * The letter channel: each message becomes a DIN 5008 PDF (see `renderLetterPdf`) handed to
 * `output`. A debtor is reachable when the message has postal address lines. The message is
 * sanitised again (`sanitizeMessage`) before it is laid out, so no control or bidi-override
 * character of a name, address or subject reaches the PDF. Sending the same
 * message id (or idempotency key) again hands nothing over a second time and returns the first
 * receipt; the file name and bytes depend only on the message, so even after a restart a resend
 * only overwrites the same file. A letter that cannot be laid out (address too long, bad IBAN)
 * fails with `retryable: false`; an output failure with `retryable: true`; a send whose signal has
 * fired before the letter is handed over rejects with `retryable: true` and leaves the key free.
 *
 * The options are checked when the channel is made, not at the first send: `sender` (a sender is
 * checked as `renderLetterPdf` checks it — name, postal address, IBAN and BIC — a function's
 * senders at each send), `output`, and the optional `today`, `name`, `compose` and `closing`.
 *
 * @param options - sender, output and defaults
 * @throws ValidationError naming the option (e.g. `sender`, `sender.addressLines`, `output`) when one is missing or of the wrong kind
 */
export function createLetterChannel(options: LetterChannelOptions): Channel & {
  send(message: OutgoingMessage, sendOptions?: LetterSendOptions): Promise<SendResult>;
} {
  checkLetterChannelOptions(options);
  const name = options.name ?? 'letter';
  // Sends by key, kept from the start: a second send of the same key, even at the same time, waits for the first.
  const sent = new Map<string, Promise<SendResult>>();
  const compose = options.compose ?? ((m: OutgoingMessage, s: LetterSender, d: IsoDate) => letterFromMessage(m, s, d, options.closing));
  return {
    specificationVersion: 'v1',
    name,
    capabilities: letterChannelCapabilities,
    canReach: (to) => (to.address?.some((line) => line.trim() !== '') ?? false) && to.name.trim() !== '',
    send(message: OutgoingMessage, sendOptions: LetterSendOptions = {}) {
      const key = sendOptions.idempotencyKey ?? message.id;
      if (sendOptions.signal?.aborted === true) return Promise.reject(cancelled(message));
      const earlier = sent.get(key);
      if (earlier !== undefined) return earlier;
      const attempt = deliver(message, sendOptions);
      sent.set(key, attempt);
      // A failed send may be tried again with the same key.
      attempt.catch(() => {
        if (sent.get(key) === attempt) sent.delete(key);
      });
      return attempt;
    },
  };

  async function deliver(raw: OutgoingMessage, sendOptions: LetterSendOptions): Promise<SendResult> {
    const message = sanitizeMessage(raw);
    const date = message.date ?? options.today?.();
    if (date === undefined) {
      throw new MahnwerkError('adapter_failed', `letter ${message.id}: the message has no date; give the channel a today() option.`, { retryable: false });
    }
    let bytes: Uint8Array;
    try {
      const sender = typeof options.sender === 'function' ? options.sender(message) : options.sender;
      bytes = await renderLetterPdf(compose(message, sender, date));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MahnwerkError('adapter_failed', `letter ${message.id} cannot be laid out: ${reason}`, { cause: error, retryable: false });
    }
    if (sendOptions.signal?.aborted === true) throw cancelled(message);
    const file = letterFileName(message.id);
    try {
      await options.output({ name: file, bytes, message });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MahnwerkError('adapter_failed', `letter ${message.id}: the output failed: ${reason}`, { cause: error, retryable: true });
    }
    return { providerMessageId: file };
  }
}

const senderShape = '{ name, addressLines or postalAddress, bank? } (a templates CreditorParty fits)';

/** Checks the options of {@link createLetterChannel} before the channel exists. @internal */
function checkLetterChannelOptions(options: LetterChannelOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`options: createLetterChannel needs its options ({ sender, output, … }), got ${options === null ? 'null' : typeof options}.`, { field: 'options' });
  }
  const o = options as unknown as Record<string, unknown>;
  const sender = o['sender'];
  if (sender === undefined || sender === null) {
    throw new ValidationError(
      `sender: createLetterChannel needs the sender printed in the letterhead, return line and footer — ${senderShape}, or a function choosing it per message (e.g. the collection agency from the hand-over stage on).`,
      { field: 'sender' },
    );
  }
  if (typeof sender !== 'function') {
    if (typeof sender !== 'object') {
      throw new ValidationError(`sender: expected ${senderShape} or a function of the message returning one, got ${typeof sender}.`, { field: 'sender' });
    }
    checkLetterSender(sender as LetterSender, 'sender');
  }
  if (typeof o['output'] !== 'function') {
    throw new ValidationError(
      `output: createLetterChannel needs a function taking each finished letter (file.name, file.bytes), e.g. (file) => writeFile(\`out/\${file.name}\`, file.bytes); got ${kind(o['output'])}.`,
      { field: 'output' },
    );
  }
  for (const key of ['today', 'compose'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') {
      const what = key === 'today' ? 'a function returning the letter date as YYYY-MM-DD' : 'a function (message, sender, date) => LetterDocument';
      throw new ValidationError(`${key}: expected ${what}, got ${kind(o[key])}; leave it out for the default.`, { field: key });
    }
  }
  if (o['name'] !== undefined && (typeof o['name'] !== 'string' || o['name'].trim() === '')) {
    throw new ValidationError(`name: expected the channel name policies use (a non-empty text, default \`letter\`), got ${kind(o['name'])}.`, { field: 'name' });
  }
  const closing = o['closing'];
  if (closing !== undefined) {
    if (!Array.isArray(closing)) {
      throw new ValidationError(`closing: expected the closing lines as an array of texts, e.g. ['Mit freundlichen Grüßen', 'Ihr Forderungsmanagement'], got ${kind(closing)}.`, {
        field: 'closing',
      });
    }
    closing.forEach((line: unknown, i) => {
      if (typeof line !== 'string') throw new ValidationError(`closing[${i}]: expected a line of text, got ${kind(line)}.`, { field: `closing[${i}]` });
    });
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty text' : 'a text';
  return typeof value;
}

function cancelled(message: OutgoingMessage): MahnwerkError {
  return new MahnwerkError('adapter_failed', `letter ${message.id}: the send was cancelled before the letter was handed over; send it again with the same idempotency key.`, {
    retryable: true,
  });
}
