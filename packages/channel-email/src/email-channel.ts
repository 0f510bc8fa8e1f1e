import { createHash } from 'node:crypto';
import {
  ChannelError,
  sanitizeLine,
  sanitizeMessage,
  ValidationError,
  type AbortSignalLike,
  type Channel,
  type ChannelCapabilities,
  type ChannelSendOptions,
  type OutgoingMessage,
  type SendReceipt,
} from '@mahnwerk/core';
import nodemailer from 'nodemailer';
import type { SentMessageInfo, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/** A mailbox: a display name and an address. */
export interface Mailbox {
  /** Display name, e.g. `Beispiel Versand GmbH – Forderungsmanagement`. */
  readonly name: string;
  /** The address, e.g. `forderungen@beispiel-versand.example`. */
  readonly address: string;
}

/** Options of {@link createEmailChannel} and {@link composeEmail}. */
export interface EmailChannelOptions {
  /**
   * Where mail goes: a nodemailer transport (`nodemailer.createTransport(…)`, any SMTP server or
   * another nodemailer transport), or SMTP options to make one.
   */
  readonly transport: Transporter | Parameters<typeof nodemailer.createTransport>[0];
  /** The sender. */
  readonly from: Mailbox;
  /** Where replies go, if not to `from`. */
  readonly replyTo?: Mailbox;
  /**
   * The domain of the Message-ID (`<…@domain>`); default the domain of `from`. The local part is
   * derived from the idempotency key, so every retry of a message carries the same Message-ID.
   */
  readonly messageIdDomain?: string;
  /**
   * Whether messages that carry `unsubscribe` (set where the policy allows it) get the
   * `List-Unsubscribe` header (RFC 2369) and, for an https link, `List-Unsubscribe-Post` (RFC 8058
   * one-click). Default false: a dunning notice is not a newsletter.
   */
  readonly listUnsubscribe?: boolean;
  /** The channel name policies use; default `email`. */
  readonly name?: string;
}

/** The e-mail channel, with the MIME composer it sends through. */
export interface EmailChannel extends Channel {
  /** The RFC 5322 message (headers and MIME body) this channel would send for `message` under `idempotencyKey`. */
  compose(message: OutgoingMessage, idempotencyKey: string): Promise<Buffer>;
}

const capabilities: ChannelCapabilities = Object.freeze({ attachments: true, needsConsent: false });

/**
 * The Message-ID of the message sent under an idempotency key: `<first 32 hex digits of
 * sha256(key)>.mahnwerk@domain>`. The same key always gives the same id (a mail client or a receiving server
 * sees a retry as the same message); the key itself (which names a claim) is not disclosed.
 *
 * @param idempotencyKey - the outbox message id
 * @param domain - the domain part
 * @returns the Message-ID with angle brackets, e.g. `<3f1c…@beispiel-versand.example>`
 */
export function emailMessageId(idempotencyKey: string, domain: string): string {
  const local = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${local}.mahnwerk@${domain}>`;
}

const domainPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;
const addressPattern = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/u;

function checkOptions(options: EmailChannelOptions): string {
  if (!addressPattern.test(options.from.address)) {
    throw new ValidationError(`from.address: "${options.from.address}" is not a plain e-mail address such as forderungen@example.org.`, { field: 'from.address' });
  }
  const domain = options.messageIdDomain ?? options.from.address.slice(options.from.address.indexOf('@') + 1);
  if (!domainPattern.test(domain)) {
    throw new ValidationError(`messageIdDomain: "${domain}" is not a domain name such as example.org.`, { field: 'messageIdDomain' });
  }
  return domain;
}

/** `List-Unsubscribe` and `List-Unsubscribe-Post` headers from the message's unsubscribe targets, or none. */
function unsubscribeHeaders(message: OutgoingMessage): Record<string, string> {
  const targets: string[] = [];
  let oneClick = false;
  const url = message.unsubscribe?.url;
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.protocol !== 'https:') {
      throw new ChannelError(`message "${message.id}": unsubscribe.url "${url}" is not an https URL; List-Unsubscribe takes https links only (RFC 8058).`, { field: 'message.unsubscribe.url' });
    }
    targets.push(`<${parsed.href}>`);
    oneClick = true;
  }
  const mailto = message.unsubscribe?.mailto;
  if (mailto !== undefined) {
    if (!addressPattern.test(mailto)) {
      throw new ChannelError(`message "${message.id}": unsubscribe.mailto "${mailto}" is not a plain e-mail address.`, { field: 'message.unsubscribe.mailto' });
    }
    targets.push(`<mailto:${mailto}?subject=unsubscribe>`);
  }
  if (targets.length === 0) return {};
  return { 'List-Unsubscribe': targets.join(', '), ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}) };
}

function crlf(text: string): string {
  return text.replace(/\r?\n/gu, '\r\n');
}

/** The nodemailer mail options of a message: sanitised, Message-ID from the key, parts and attachments. */
function mailOptions(raw: OutgoingMessage, idempotencyKey: string, options: EmailChannelOptions, domain: string): Mail.Options {
  const message = sanitizeMessage(raw);
  if (message.to.email === undefined) {
    throw new ChannelError(`message "${message.id}": the recipient has no usable e-mail address; the dispatcher should have skipped the e-mail channel.`, { field: 'message.to.email' });
  }
  return {
    from: { name: sanitizeLine(options.from.name), address: options.from.address },
    ...(options.replyTo === undefined ? {} : { replyTo: { name: sanitizeLine(options.replyTo.name), address: options.replyTo.address } }),
    to: { name: message.to.name, address: message.to.email },
    subject: message.subject,
    // RFC 5322 § 2.3: lines end in CRLF, in the body too (sanitizeMessage left them as LF).
    text: crlf(message.text),
    ...(message.html === undefined ? {} : { html: crlf(message.html) }),
    messageId: emailMessageId(idempotencyKey, domain),
    headers: {
      'Content-Language': message.locale,
      ...(options.listUnsubscribe === true ? unsubscribeHeaders(message) : {}),
    },
    ...(message.attachments === undefined
      ? {}
      : { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })) }),
    textEncoding: 'quoted-printable',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * The RFC 5322 bytes of a message as the e-mail channel would send it (headers, `multipart/
 * alternative` text and HTML, attachments), composed by nodemailer's MIME composer — for `.eml`
 * files a mail client opens, and for tests. The Date header is `date` (default now).
 *
 * @param message - the message
 * @param idempotencyKey - its idempotency key (gives the Message-ID)
 * @param options - sender, Message-ID domain, List-Unsubscribe
 * @param date - the Date header
 * @returns the message, CRLF line ends, ASCII only (non-ASCII text encoded per RFC 2045/2047)
 */
export async function composeEmail(
  message: OutgoingMessage,
  idempotencyKey: string,
  options: Omit<EmailChannelOptions, 'transport'>,
  date?: Date,
): Promise<Buffer> {
  const domain = checkOptions(options as EmailChannelOptions);
  const mail = mailOptions(message, idempotencyKey, options as EmailChannelOptions, domain);
  const node = new MailComposer({ ...mail, ...(date === undefined ? {} : { date }) }).compile();
  node.keepBcc = false;
  return node.build();
}

/** Whether a nodemailer error is a recipient refused for good (5xx on RCPT TO). */
function isRefusedRecipient(error: { code?: unknown; responseCode?: unknown; command?: unknown }): boolean {
  const code = typeof error.responseCode === 'number' ? error.responseCode : 0;
  return code >= 500 && code < 600 && (error.code === 'EENVELOPE' || error.command === 'RCPT TO');
}

const temporaryCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETLS', 'EPROTOCOL']);

/** A nodemailer failure as the port's error: bounce, retryable or not. */
function toChannelError(error: unknown, message: OutgoingMessage): ChannelError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; command?: unknown; response?: unknown; message?: unknown };
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  if (isRefusedRecipient(e)) {
    return new ChannelError(`message "${message.id}": the mail server refused the recipient: ${said}`, { bounced: true, cause: error, field: 'message.to.email' });
  }
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const retryable = code === undefined ? typeof e.code === 'string' && temporaryCodes.has(e.code) : code >= 400 && code < 500;
  return new ChannelError(
    `message "${message.id}": sending failed${code === undefined ? '' : ` (SMTP ${code})`}: ${said}${retryable ? '; it will be retried with the same Message-ID' : ''}`,
    { retryable, cause: error },
  );
}

function cancelled(message: OutgoingMessage): ChannelError {
  return new ChannelError(`message "${message.id}": the send was cancelled by its signal; send it again with the same idempotency key.`, { retryable: true });
}

/** Rejects when the signal fires first; the underlying send goes on (its outcome is kept for the key). */
function raceSignal<T>(work: Promise<T>, signal: AbortSignalLike | undefined, message: OutgoingMessage): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled(message));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * Creates the e-mail channel. Each message goes out as `multipart/alternative` (text and HTML,
 * UTF-8, quoted-printable; umlauts and € in the subject as RFC 2047 encoded words) with its
 * attachments (e.g. the PDF letter), a Message-ID derived from the idempotency key and, where
 * allowed, `List-Unsubscribe`. Recipients and subjects are sanitised again here (no header
 * injection, whatever the caller passes).
 *
 * Idempotency: a key sent (or being sent) by this channel object is not sent again — the second
 * call gets the first receipt, also when both run at once or the first call was cancelled by its
 * signal while the server was already receiving. Across processes the dispatcher's outbox keeps
 * keys apart; a retry after a crash carries the same Message-ID.
 *
 * Failures: a recipient the server refuses with 5xx is a `ChannelError` with `bounced: true`; 4xx
 * and connection errors are retryable; other 5xx are not.
 *
 * @param options - transport, sender, Message-ID domain, List-Unsubscribe, channel name
 * @returns the channel
 * @throws ValidationError for a malformed sender or Message-ID domain
 */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const domain = checkOptions(options);
  const transport: Transporter =
    typeof (options.transport as Transporter).sendMail === 'function'
      ? (options.transport as Transporter)
      : nodemailer.createTransport(options.transport as Parameters<typeof nodemailer.createTransport>[0]);
  const sends = new Map<string, Promise<SendReceipt>>();

  const deliver = async (message: OutgoingMessage, key: string): Promise<SendReceipt> => {
    const mail = mailOptions(message, key, options, domain);
    let info: SentMessageInfo;
    try {
      info = (await transport.sendMail(mail)) as SentMessageInfo;
    } catch (error) {
      throw toChannelError(error, message);
    }
    const rejected = (info as { rejected?: unknown[] }).rejected ?? [];
    if (rejected.length > 0) {
      throw new ChannelError(`message "${message.id}": the mail server refused the recipient: ${String((info as { response?: unknown }).response ?? rejected.join(', '))}`, {
        bounced: true,
        field: 'message.to.email',
      });
    }
    return { providerMessageId: mail.messageId as string, status: 'accepted' };
  };

  return {
    specificationVersion: 'v1',
    name: options.name ?? 'email',
    capabilities,
    canReach: (to) => to.email !== undefined && addressPattern.test(to.email),
    send(message: OutgoingMessage, sendOptions: ChannelSendOptions): Promise<SendReceipt> {
      const key = sendOptions.idempotencyKey;
      if (sendOptions.signal?.aborted === true) return Promise.reject(cancelled(message));
      let work = sends.get(key);
      if (work === undefined) {
        work = deliver(message, key);
        sends.set(key, work);
        // A failed send frees its key for a retry; a successful one keeps it.
        work.catch(() => {
          if (sends.get(key) === work) sends.delete(key);
        });
      }
      return raceSignal(work, sendOptions.signal, message);
    },
    compose: (message, idempotencyKey) => composeEmail(message, idempotencyKey, options),
  };
}
