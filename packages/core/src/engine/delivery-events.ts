import type { IsoDate } from '../calendar/date.js';
import type { ClaimEventOf } from '../ledger/events.js';
import { saidReason } from '../ledger/reason-texts.js';

/**
 * The `message-sent` event of a message delivered on `day` by `channel` — the one shape both the
 * host's outbox dispatch and `simulate` (which delivers at once) record.
 *
 * @param claimId - the claim
 * @param messageId - the queued message
 * @param channel - the channel it went out on (the stage's channel or its fallback)
 * @param day - the business day of delivery
 */
export function messageSentEvent(claimId: string, messageId: string, channel: string, day: IsoDate): ClaimEventOf<'message-sent'> {
  return { type: 'message-sent', claimId, date: day, messageId, channel, reason: saidReason('delivery.sent', undefined, undefined, 'sent', channel) };
}
