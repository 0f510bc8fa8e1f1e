import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { IsoDate } from '../calendar/date.js';
import type { ClaimEventOf } from '../ledger/events.js';
import { saidReason } from '../ledger/reason-texts.js';
import type { OutgoingMessage } from '../ports/channel.js';

/**
 * The `message-sent` event of a message delivered on `day` by `channel` — the one shape both the
 * host's outbox dispatch and `simulate` (which delivers at once) record.
 *
 * @param claimId - the claim
 * @param messageId - the queued message
 * @param channel - the channel it went out on (the stage's channel or its fallback)
 * @param day - the business day of delivery
 * @param extra - `deadline`: when the message went out after the day it was booked and its payment
 *   deadline was counted again from the send (`deadlineOnSend`) to a later day, that deadline, the one
 *   booked and the day it was booked (absent: the booked deadline holds); `contentHash`: when an earlier
 *   attempt's outcome was unknown, the hash of what this attempt handed over (SHA-256 of the
 *   message's canonical JSON, each attachment by its own SHA-256)
 */
export function messageSentEvent(
  claimId: string,
  messageId: string,
  channel: string,
  day: IsoDate,
  extra: { readonly deadline?: { readonly given: IsoDate; readonly booked: IsoDate; readonly bookedOn: IsoDate } | undefined; readonly contentHash?: string | undefined } = {},
): ClaimEventOf<'message-sent'> {
  const { deadline, contentHash } = extra;
  const reason =
    deadline === undefined
      ? saidReason('delivery.sent', undefined, undefined, 'sent', channel)
      : saidReason('delivery.sent', undefined, { deadline: deadline.given, bookedDeadline: deadline.booked, bookedOn: deadline.bookedOn }, 'sent', channel, deadline.given, deadline.booked, deadline.bookedOn);
  return {
    type: 'message-sent',
    claimId,
    date: day,
    messageId,
    channel,
    ...(deadline === undefined ? {} : { deadline: deadline.given }),
    ...(contentHash === undefined ? {} : { contentHash }),
    reason,
  };
}

/**
 * The SHA-256 (64 hex digits) of what a channel is handed for a message: the canonical JSON of the
 * outgoing message, its attachments by file name, type and the SHA-256 of their bytes. The same
 * message rendered from the same state on the same day gives the same hash; a corrected fact, another
 * day's statement or another template text give another.
 *
 * The dispatcher records it with an attempt whose outcome is unknown (`message-attempt-unknown`) and
 * hands the message over again under the same idempotency key only with this same hash: a channel that
 * delivered the first attempt deduplicates the second by its key, so anything else handed over would
 * be recorded as sent while the debtor has the first.
 *
 * @internal
 * @param message - the message as handed to the channel
 */
export function messageContentHash(message: OutgoingMessage): string {
  const attachments = message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, sha256: bytesToHex(sha256(a.content)) }));
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ ...message, attachments }))));
}
