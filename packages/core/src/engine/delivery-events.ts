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
 * @param deadline - when the message went out after the day it was booked and its payment deadline
 *   was counted again from `day` (`deadlineOnSend`) to a later day: that deadline, the one booked and
 *   the day it was booked (absent otherwise: the booked deadline holds)
 */
export function messageSentEvent(
  claimId: string,
  messageId: string,
  channel: string,
  day: IsoDate,
  deadline?: { readonly given: IsoDate; readonly booked: IsoDate; readonly bookedOn: IsoDate },
): ClaimEventOf<'message-sent'> {
  if (deadline === undefined) return { type: 'message-sent', claimId, date: day, messageId, channel, reason: saidReason('delivery.sent', undefined, undefined, 'sent', channel) };
  return {
    type: 'message-sent',
    claimId,
    date: day,
    messageId,
    channel,
    deadline: deadline.given,
    reason: saidReason('delivery.sent', undefined, { deadline: deadline.given, bookedDeadline: deadline.booked, bookedOn: deadline.bookedOn }, 'sent', channel, deadline.given, deadline.booked, deadline.bookedOn),
  };
}
