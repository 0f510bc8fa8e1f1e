/**
 * `@mahnwerk/channel-sms` — SMS and WhatsApp for mahnwerk over a Twilio-shaped REST API with
 * `fetch`: segment budgets (GSM-7 / UCS-2), WhatsApp templates, quiet hours declared for core's
 * dispatcher to keep in the debtor's time zone, provider errors as retryable or bounced, and signed
 * status callbacks as delivery updates.
 *
 * @packageDocumentation
 */
export {
  createSmsChannel,
  parseStatusCallback,
  verifyTwilioSignature,
  type SmsChannelOptions,
  type WhatsAppTemplate,
} from './sms-channel.js';
