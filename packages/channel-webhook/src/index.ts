/**
 * `@mahnwerk/channel-webhook` — claim messages and events POSTed to the host as signed JSON
 * (HMAC-SHA256 over id, timestamp and body; retries with backoff), and `verifyWebhook` for the
 * receiving side (wrong signatures and replays refused).
 *
 * @packageDocumentation
 */
export { createWebhookChannel, createWebhookSender, type WebhookOptions, type WebhookPayload, type WebhookSender } from './webhook-channel.js';
export {
  signWebhook,
  verifyWebhook,
  webhookIdHeader,
  webhookSignatureHeader,
  webhookTimestampHeader,
  type VerifiedWebhook,
  type VerifyWebhookInput,
} from './signature.js';
