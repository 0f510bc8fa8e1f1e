import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  ChannelError,
  sanitizeMessage,
  ValidationError,
  type Channel,
  type ChannelCapabilities,
  type ChannelSendOptions,
  type DeliveryUpdate,
  type OutgoingMessage,
  type SendReceipt,
} from '@mahnwerk/core';
import { measureSms } from '@mahnwerk/templates';

/** A WhatsApp template (pre-approved by Meta) for a stage: its content id and how to fill its variables. */
export interface WhatsAppTemplate {
  /** The provider's template id, e.g. Twilio's `HX…` content SID. */
  readonly contentSid: string;
  /** The template's variables (`{"1": "Erika", "2": "RE-1001"}`) for a message. */
  readonly variables: (message: OutgoingMessage) => Readonly<Record<string, string>>;
}

/** Options of {@link createSmsChannel}. */
export interface SmsChannelOptions {
  /** `sms` (default) or `whatsapp`; also the channel name. */
  readonly kind?: 'sms' | 'whatsapp';
  /** The REST API's base URL (default `https://api.twilio.com`); a local server in tests. */
  readonly baseUrl?: string;
  /** Account SID (Basic auth user and path part). */
  readonly accountSid: string;
  /** Auth token (Basic auth password; also signs status callbacks). */
  readonly authToken: string;
  /** Sender: an E.164 number, or a messaging service SID (`MG…`). */
  readonly from: string;
  /** Where the provider posts status updates; `claimId` and `messageId` are added as query parameters. */
  readonly statusCallbackUrl?: string;
  /** Hard segment budget per message (default 3); `segmentBudget[stage]` overrides it per stage. */
  readonly maxSegments?: number;
  /** Segment budget per stage id, e.g. `{ reminder: 1 }`. */
  readonly segmentBudget?: Readonly<Record<string, number>>;
  /** WhatsApp: the template per stage id (business-initiated WhatsApp messages must use one). */
  readonly templates?: Readonly<Record<string, WhatsAppTemplate>>;
  /**
   * Quiet hours in the debtor's local time (default 20:00–08:00), `HH:MM`–`HH:MM` (may span midnight).
   * The channel declares the hours outside them as its `capabilities.allowedHours`, and core's
   * dispatcher keeps them — with the policy's quiet hours and the Sunday/holiday rest of SMS — on the
   * debtor's wall clock (the debtor's `timeZone`, else the clock's) before it hands a message over; the
   * channel does not check the hour again itself (see {@link createSmsChannel}).
   */
  readonly quietHours?: { readonly from: string; readonly to: string };
  /** `fetch` to use (default the global one). */
  readonly fetch?: typeof fetch;
  /** Timeout per request in milliseconds (default 10,000). */
  readonly timeoutMs?: number;
}

/**
 * Provider error codes (Twilio's numbering) that mean the number cannot receive: invalid, not a
 * mobile, unsubscribed (STOP), unreachable. They are bounces: the dispatcher moves to the fallback.
 */
const bounceCodes = new Set([21211, 21212, 21214, 21217, 21407, 21610, 21612, 21614, 63003, 63024]);
/** Codes worth retrying later: rate limits and queue overflows. */
const retryCodes = new Set([20429, 30001, 20500, 20503]);

/**
 * Creates the SMS or WhatsApp channel over a Twilio-shaped REST API (`POST
 * {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, Basic auth, a timeout per
 * request). Before anything goes out it refuses, not retryable: a recipient without consent
 * (§ 7 Abs. 2 UWG), a text over the stage's segment budget (GSM-7: 160 septets in one part, 153
 * per part after; UCS-2: 70 / 67 — `measureSms`), a WhatsApp stage without a template. Provider
 * errors: 429, 5xx, network errors and rate-limit codes are retryable; codes for numbers that cannot
 * receive (invalid, landline, unsubscribed) are bounces; the rest are not retryable.
 *
 * Quiet hours (§ 7 Abs. 1 UWG) are core's to keep, not the channel's: the channel declares its
 * `quietHours` as `capabilities.allowedHours`, and core's dispatcher (and the daily run's outbox
 * `notBefore`) keep them, the policy's quiet hours and the Sunday/holiday rest of SMS and WhatsApp on
 * the debtor's wall clock — the debtor's `timeZone`, else the clock's — by one rule, before a message
 * is handed over. So the channel sends what it is given at any hour: a message core holds never
 * reaches it, and one core sends is never refused for the hour (the channel has no clock of its own
 * that could disagree with core's, e.g. a virtual clock in a test or simulation). A host that calls
 * `send` itself, outside core's dispatcher, keeps the hours itself.
 *
 * @param options - provider account, sender, budgets, templates, quiet hours, fetch
 * @returns the channel
 * @throws ValidationError for a malformed base URL or sender
 */
export function createSmsChannel(options: SmsChannelOptions): Channel {
  const kind = options.kind ?? 'sms';
  const base = new URL(options.baseUrl ?? 'https://api.twilio.com');
  if (!/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/.test(options.from)) {
    throw new ValidationError(`from: "${options.from}" is neither an E.164 number nor a messaging service SID (MG…).`, { field: 'from' });
  }
  const maxSegments = options.maxSegments ?? 3;
  const quiet = options.quietHours ?? { from: '20:00', to: '08:00' };
  const doFetch = options.fetch ?? fetch;
  const endpoint = new URL(`/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`, base);
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const capabilities: ChannelCapabilities = Object.freeze({
    attachments: false,
    needsConsent: true,
    // The largest GSM-7 text within the default budget; UCS-2 texts are measured in send.
    maxLength: maxSegments === 1 ? 160 : maxSegments * 153,
    // The hours outside the quiet hours, debtor's time: core's dispatcher keeps them (sendableAt), not the channel.
    allowedHours: { from: quiet.to, to: quiet.from },
  });
  const sends = new Map<string, Promise<SendReceipt>>();
  const address = (phone: string): string => (kind === 'whatsapp' ? `whatsapp:${phone}` : phone);

  const deliver = async (raw: OutgoingMessage, key: string, signal: AbortSignal): Promise<SendReceipt> => {
    const message = sanitizeMessage(raw);
    const phone = message.to.phone;
    if (phone === undefined) throw new ChannelError(`message "${message.id}": the recipient has no usable mobile number.`, { field: 'message.to.phone' });
    if (message.to.consented !== true) {
      throw new ChannelError(`message "${message.id}": ${kind} needs the debtor's consent (§ 7 Abs. 2 UWG); it is not recorded for this recipient.`, { field: 'message.to.consented' });
    }
    const form = new URLSearchParams({ To: address(phone), From: options.from.startsWith('MG') ? options.from : address(options.from) });
    if (options.from.startsWith('MG')) {
      form.delete('From');
      form.set('MessagingServiceSid', options.from);
    }
    if (kind === 'whatsapp') {
      const template = message.stage === undefined ? undefined : options.templates?.[message.stage];
      if (template === undefined) {
        throw new ChannelError(`message "${message.id}": WhatsApp messages a business starts need an approved template; none is configured for stage "${message.stage ?? '(none)'}".`, { field: 'templates' });
      }
      form.set('ContentSid', template.contentSid);
      form.set('ContentVariables', JSON.stringify(template.variables(message)));
    } else {
      const measure = measureSms(message.text);
      const budget = (message.stage === undefined ? undefined : options.segmentBudget?.[message.stage]) ?? maxSegments;
      if (measure.segments > budget) {
        throw new ChannelError(
          `message "${message.id}": the text needs ${measure.segments} SMS part(s) (${measure.length} ${measure.encoding === 'gsm7' ? 'GSM-7 septets' : 'UCS-2 units'}${measure.nonGsm.length > 0 ? `; UCS-2 because of ${JSON.stringify(measure.nonGsm.slice(0, 5).join(''))}` : ''}); the budget is ${budget}.`,
          { field: 'message.text' },
        );
      }
      form.set('Body', message.text);
    }
    if (options.statusCallbackUrl !== undefined) {
      const callback = new URL(options.statusCallbackUrl);
      callback.searchParams.set('claimId', message.claimId);
      callback.searchParams.set('messageId', key);
      form.set('StatusCallback', callback.href);
    }
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]),
      });
    } catch (error) {
      if (signal.aborted) throw new ChannelError(`message "${message.id}": cancelled by its signal; send it again.`, { retryable: true });
      throw new ChannelError(`message "${message.id}": the provider could not be reached: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
    }
    const body = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown; message?: unknown };
    if (response.ok && typeof body.sid === 'string') return { providerMessageId: body.sid, status: 'accepted' };
    const code = typeof body.code === 'number' ? body.code : undefined;
    const said = `HTTP ${response.status}${code === undefined ? '' : `, code ${code}`}${typeof body.message === 'string' ? `: ${body.message}` : ''}`;
    if (code !== undefined && bounceCodes.has(code)) throw new ChannelError(`message "${message.id}": the number cannot receive (${said}).`, { bounced: true });
    const retryable = response.status === 429 || response.status >= 500 || (code !== undefined && retryCodes.has(code));
    throw new ChannelError(`message "${message.id}": the provider refused it (${said}).`, { retryable });
  };

  return {
    specificationVersion: 'v1',
    name: kind,
    capabilities,
    canReach: (to) => to.phone !== undefined && /^\+[1-9]\d{6,14}$/.test(to.phone),
    send(message: OutgoingMessage, sendOptions: ChannelSendOptions): Promise<SendReceipt> {
      const key = sendOptions.idempotencyKey;
      const cancelled = (): ChannelError => new ChannelError(`message "${message.id}": cancelled by its signal before it was sent; send it again.`, { retryable: true });
      if (sendOptions.signal?.aborted === true) return Promise.reject(cancelled());
      const existing = sends.get(key);
      if (existing !== undefined) return existing;
      const controller = new AbortController();
      sendOptions.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const work = deliver(message, key, controller.signal);
      sends.set(key, work);
      work.catch(() => {
        if (sends.get(key) === work) sends.delete(key);
      });
      return work;
    },
  };
}

/**
 * Verifies Twilio's `X-Twilio-Signature` on a status callback: base64 HMAC-SHA1 with the auth
 * token over the full callback URL followed by every POST parameter's name and value, sorted by
 * name (constant-time comparison).
 *
 * @param authToken - the account's auth token
 * @param url - the full URL the provider posted to, query included
 * @param params - the form parameters
 * @param signature - the `X-Twilio-Signature` header
 * @returns true when it matches
 */
export function verifyTwilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>, signature: string): boolean {
  const data = url + Object.keys(params).sort().map((k) => `${k}${params[k] ?? ''}`).join('');
  const expected = createHmac('sha1', authToken).update(data, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Turns a verified status callback into a {@link DeliveryUpdate} for `Mahnwerk.recordDelivery`:
 * `delivered` → delivered, `read` → opened, `undelivered`/`failed` → bounced for numbers that cannot
 * receive (error codes 30003 unreachable, 30005 unknown, 30006 landline, 30007 filtered, 63024), else
 * failed; `queued`, `sending`, `sent`, `accepted` give no update (`null`).
 *
 * @param input - auth token, the full callback URL (with `claimId` and `messageId`), form parameters, signature, channel name
 * @returns the update, or null for an intermediate status
 * @throws ValidationError when the signature does not verify or the URL lacks claimId/messageId
 */
export function parseStatusCallback(input: {
  readonly authToken: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly signature: string;
  readonly channel?: string;
}): DeliveryUpdate | null {
  if (!verifyTwilioSignature(input.authToken, input.url, input.params, input.signature)) {
    throw new ValidationError('X-Twilio-Signature: does not match the URL and parameters under the auth token; the callback is refused.', { field: 'X-Twilio-Signature' });
  }
  const url = new URL(input.url);
  const claimId = url.searchParams.get('claimId');
  const messageId = url.searchParams.get('messageId');
  if (claimId === null || messageId === null) throw new ValidationError('url: the status callback URL lacks claimId or messageId.', { field: 'url' });
  const status = input.params['MessageStatus'] ?? input.params['SmsStatus'];
  const code = Number(input.params['ErrorCode'] ?? '0');
  const channel = input.channel ?? ((input.params['To'] ?? '').startsWith('whatsapp:') ? 'whatsapp' : 'sms');
  const base = { claimId, messageId, channel, ...(input.params['MessageSid'] === undefined ? {} : { providerMessageId: input.params['MessageSid'] }) };
  switch (status) {
    case 'delivered':
      return { ...base, status: 'delivered' };
    case 'read':
      return { ...base, status: 'opened' };
    case 'undelivered':
    case 'failed':
      return { ...base, status: [30003, 30005, 30006, 30007, 63024].includes(code) ? 'bounced' : 'failed', detail: `${status}${code === 0 ? '' : ` (error ${code})`}` };
    default:
      return null;
  }
}
