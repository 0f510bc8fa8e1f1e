import { addDays, type IsoDate } from '../calendar/date.js';
import type { ClaimEventOf } from '../ledger/events.js';
import type { ClaimState } from '../ledger/state.js';
import { defaultLetterDeliveryDays } from '../policy/schema.js';
import { messageDeliveryState } from './delivery-events.js';

/**
 * The day the debtor is taken to have received a message sent on `sentOn`: a letter on
 * `sentOn + letterDeliveryDays` (the policy's `letterDeliveryDays`, 3 by default), anything else
 * (e-mail, SMS, …) on the next day.
 *
 * The one receipt convention of the engine: a dunning notice puts the debtor in default from the
 * day after its receipt (§ 286 Abs. 1 BGB, `noticeReceipts`), and the two weeks of the simple case
 * (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG, `firstDemandFor`) run from the receipt of the collection
 * agency's first demand — both through this function.
 *
 * @param channel - the channel the message went by (`letter`, `email`, …)
 * @param sentOn - the day it was sent
 * @param letterDeliveryDays - the policy's days a letter takes to arrive
 */
export function receiptDay(channel: string, sentOn: IsoDate, letterDeliveryDays: number = defaultLetterDeliveryDays): IsoDate {
  return channel === 'letter' ? addDays(sentOn, letterDeliveryDays) : addDays(sentOn, 1);
}

/**
 * The send of a message that reached the debtor: its first `message-sent` event on a channel the
 * provider did not later report bounced or undelivered for it, or `null` when there is none
 * (`messageDeliveryState(...).delivered`).
 *
 * @param state - the claim's state
 * @param messageId - the message
 */
export function deliveredSend(state: ClaimState, messageId: string): ClaimEventOf<'message-sent'> | null {
  return messageDeliveryState(state, messageId).delivered ?? null;
}
