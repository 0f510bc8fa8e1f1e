/**
 * `@mahnwerk/channel-email` — the e-mail channel of mahnwerk over nodemailer: any SMTP server (or
 * another nodemailer transport), text and HTML parts, PDF attachments, a Message-ID derived from
 * the idempotency key, `List-Unsubscribe` where allowed, SMTP rejections reported as bounces, and
 * `composeEmail` for RFC 5322 `.eml` files.
 *
 * @packageDocumentation
 */
export { composeEmail, createEmailChannel, emailMessageId, type EmailChannel, type EmailChannelOptions, type Mailbox } from './email-channel.js';
