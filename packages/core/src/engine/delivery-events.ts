import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { IsoDate } from '../calendar/date.js';
import type { ClaimEvent, ClaimEventOf } from '../ledger/events.js';
import { isTerminalStatus } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
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

/**
 * Where one message stands, read from its delivery events (`message-sent`, `message-attempt-unknown`,
 * `message-failed`, `message-skipped`, `message-bounced`): {@link messageDeliveryState}.
 *
 * @internal
 */
export interface MessageDeliveryState {
  /**
   * Its first `message-sent` event, whatever the provider reported after it: the message went out
   * (the dispatcher never sends it again on that channel, and its letter's creditor fee stays). Reported
   * bounced or undelivered there, it goes on to its fallback ({@link MessageDeliveryState.reopened}).
   */
  readonly sent: ClaimEventOf<'message-sent'> | undefined;
  /**
   * The send that reached the debtor: its first `message-sent` on a channel the provider did not
   * report bounced or undelivered (`message-bounced`, `message-failed`) for it. What receipts read
   * (a notice's receipt, the collection agency's first demand).
   */
  readonly delivered: ClaimEventOf<'message-sent'> | undefined;
  /**
   * The attempt whose outcome is unknown (`message-attempt-unknown`) that pins the message, and its
   * index in the claim's events (a retry renders the message from the events before it): its first
   * such attempt, or — after a report of non-delivery released that one ({@link MessageDeliveryState.released})
   * — the first one after the release (on a channel it went on to). `undefined` when none pins it.
   */
  readonly unknown: { readonly event: ClaimEventOf<'message-attempt-unknown'>; readonly index: number } | undefined;
  /** Some attempt of it had an unknown outcome (pinning it or released since). */
  readonly hadUnknown: boolean;
  /**
   * The channel every further attempt is pinned to, that of {@link MessageDeliveryState.unknown}: the
   * attempt may have delivered, so only a retry under the same key with the same content, never a
   * fallback. A report on that channel after it that the message was not delivered — a
   * `message-bounced`, or a `message-failed` without `contentHash` — releases the pin: nothing reached
   * the debtor there, so the message may go out on the channels it has left.
   */
  readonly pinnedTo: string | undefined;
  /** The report of non-delivery that released the last pin, if any. */
  readonly released: ClaimEventOf<'message-bounced' | 'message-failed'> | undefined;
  /**
   * A report of non-delivery took back what the message counted as: it was given up on as one that
   * may have gone (a `message-failed` or `message-skipped` with `contentHash` on the pinned channel)
   * and a report on that channel came after it, or it was sent (`message-sent`) and the provider
   * reported every send bounced or undelivered on the channel it went by (`sent` without `delivered`).
   * Either way the debtor demonstrably did not get it (§ 130 Abs. 1 S. 1 BGB), so it no longer counts
   * as having gone out (`mayHaveGone` is `undefined`, `ended` is false while a channel is left) and
   * goes on to the channels it has left (`remaining`: its fallback). The dispatcher had completed its
   * outbox row (failed, or sent); the host's `recordDelivery` puts it back (`reopensOutbox`).
   */
  readonly reopened: boolean;
  /** The channels it failed (`message-failed`), was passed by (`message-skipped`) or bounced (`message-bounced`) on. */
  readonly failedOn: ReadonlySet<string>;
  /**
   * The hash a `message-failed` or `message-skipped` that ended it recorded (`contentHash`): it was
   * given up on although it may have been delivered. `undefined` when none did, or when a report of
   * non-delivery on that channel came after it ({@link MessageDeliveryState.reopened}).
   */
  readonly mayHaveGone: string | undefined;
  /**
   * Something of it was handed to a channel: it was sent, an attempt's outcome was unknown (even when
   * the provider later reported it bounced: a letter was printed, posted and came back), or it ended
   * as one that may have gone.
   */
  readonly handedOver: boolean;
  /**
   * The channels it may still go out on, in order (its pinned channel, else its channel and fallback),
   * less those in `failedOn`; empty once it ended. A message sent and then reported bounced or
   * undelivered on that channel ({@link MessageDeliveryState.reopened}) has its fallback left.
   */
  readonly remaining: readonly string[];
  /**
   * It ended: it reached the debtor by a send (`delivered`), was sent and has no channel left, ended as
   * one that may have gone, or has no channel left. A send reported bounced or undelivered ends it
   * only when no fallback is left.
   */
  readonly ended: boolean;
}

/**
 * Where message `messageId` of a claim stands: its send and the send that reached the debtor, its
 * first attempt whose outcome is unknown and the channel that pins it to, the channels it failed on,
 * whether it ended (or a report of non-delivery took back its give-up as one that may have gone) and
 * which channels it may still go out on ({@link MessageDeliveryState}).
 *
 * The one reading of a message's delivery events: the dispatcher (already sent? which channels, pinned
 * to which? a withdrawal that may have gone?), the next stage's wait for an unsent deadline-setting
 * letter (`unsentDeadlineMessage`), the receipts of notices and of the agency's first demand
 * (`deliveredSend`), the drop of a letter's creditor fee (`letterNotSentCorrection`) and the review's
 * cache of the default answer (`ledgerDefaultKept`) all go through it. What they read differs on
 * purpose: the dispatcher and the fee rule ask whether it was `sent` at all (a letter reported
 * bounced after its send went out all the same), receipts ask for the `delivered` send.
 *
 * @internal
 * @param state - the claim's state (its events)
 * @param messageId - the message
 * @param channels - its channel and fallback (the dispatcher passes the outbox message's); default: those
 *   of its `message-queued` event in `state` (none found: no channel, so `remaining` is empty)
 * @param from - the index of the first event read (default 0): a caller that knows the message was queued
 *   at or after it reads only the events since (the next stage's wait reads those since the stage's entry)
 */
export function messageDeliveryState(
  state: ClaimState,
  messageId: string,
  channels?: { readonly channel: string; readonly fallbackChannel?: string | undefined },
  from = 0,
): MessageDeliveryState {
  const events = state.events;
  let sent: ClaimEventOf<'message-sent'> | undefined;
  let sends: ClaimEventOf<'message-sent'>[] | undefined;
  let unknown: { readonly event: ClaimEventOf<'message-attempt-unknown'>; readonly index: number } | undefined;
  let released: ClaimEventOf<'message-bounced' | 'message-failed'> | undefined;
  let hadUnknown = false;
  let mayHaveGone: string | undefined;
  // The channel of the give-up that recorded `mayHaveGone` (always the pinned one), and whether a report took it back.
  let mayHaveGoneOn: string | undefined;
  let reopened = false;
  let undelivered: Set<string> | undefined;
  let failedOn: Set<string> | undefined;
  for (let i = from; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    switch (e.type) {
      case 'message-sent':
        if (e.messageId !== messageId) break;
        sent ??= e;
        (sends ??= []).push(e);
        break;
      case 'message-attempt-unknown':
        if (e.messageId !== messageId) break;
        unknown ??= { event: e, index: i };
        hadUnknown = true;
        break;
      case 'message-bounced':
      case 'message-failed':
        if (e.messageId !== messageId) break;
        (failedOn ??= new Set()).add(e.channel);
        (undelivered ??= new Set()).add(e.channel);
        if (e.type === 'message-failed' && e.contentHash !== undefined) {
          if (mayHaveGone === undefined) {
            mayHaveGone = e.contentHash;
            mayHaveGoneOn = e.channel;
            reopened = false;
          }
        }
        // A definite report of non-delivery on the pinned channel, after the attempt that pinned it, releases the pin —
        // also after the message was given up on there as one that may have gone: nothing of it reached the debtor.
        else if (unknown !== undefined && e.channel === unknown.event.channel) {
          released = e;
          unknown = undefined;
          if (mayHaveGoneOn === e.channel) {
            mayHaveGone = undefined;
            mayHaveGoneOn = undefined;
            reopened = true;
          }
        }
        break;
      case 'message-skipped':
        if (e.messageId !== messageId) break;
        (failedOn ??= new Set()).add(e.channel);
        if (e.contentHash !== undefined && mayHaveGone === undefined) {
          mayHaveGone = e.contentHash;
          mayHaveGoneOn = e.channel;
          reopened = false;
        }
        break;
      default:
        break;
    }
  }
  let delivered: ClaimEventOf<'message-sent'> | undefined;
  if (sends !== undefined) {
    for (const s of sends) {
      if (undelivered !== undefined && undelivered.has(s.channel)) continue;
      delivered = s;
      break;
    }
  }
  const pinnedTo = unknown?.event.channel;
  // Sent, and every send reported bounced or undelivered on the channel it went by: nothing of it reached
  // the debtor, so it goes on to the channels it has left (its fallback), as a given-up one reported so does.
  const sentUndelivered = sent !== undefined && delivered === undefined;
  if (sentUndelivered) reopened = true;
  const over = (sent !== undefined && !sentUndelivered) || mayHaveGone !== undefined;
  let remaining: readonly string[] = noChannels;
  if (!over) {
    const of = channels ?? state.messages.find((m) => m.messageId === messageId);
    let order = pinnedTo !== undefined ? [pinnedTo] : of === undefined ? noChannels : of.fallbackChannel === undefined || of.fallbackChannel === of.channel ? [of.channel] : [of.channel, of.fallbackChannel];
    // Sent and reported not delivered: only the channels after the last one it went by (a letter sent as
    // the fallback and returned has nothing after it; the e-mail before it is not tried again).
    if (sentUndelivered) {
      let last = -1;
      for (const s of sends as ClaimEventOf<'message-sent'>[]) last = Math.max(last, order.indexOf(s.channel));
      order = order.slice(last + 1);
    }
    remaining = failedOn === undefined ? order : order.filter((c) => !(failedOn as Set<string>).has(c));
  }
  return {
    sent,
    delivered,
    unknown,
    hadUnknown,
    pinnedTo,
    released,
    reopened,
    failedOn: failedOn ?? noFailures,
    mayHaveGone,
    handedOver: sent !== undefined || hadUnknown || mayHaveGone !== undefined,
    remaining,
    ended: over || remaining.length === 0,
  };
}

/**
 * Whether message `messageId`, reported not delivered on the channel it went by after it was given up on
 * there as one that may have gone, or after it was sent there ({@link MessageDeliveryState.reopened}),
 * goes back to the outbox: it still has a channel left (its fallback), the claim is not closed
 * (settled, written off, time-barred: nothing is demanded any more, § 362 Abs. 1 BGB), and it belongs
 * to the claim's current stage entry. A message of an earlier stage stays as it ended: the claim went
 * on from it, and the later stage's notice — sent, or waiting in the outbox — is what the debtor is to
 * act on now; sending the older notice after it, with its own later deadline, would contradict it.
 * A hold, dispute, promise or installment plan does not keep it from the outbox: the dispatcher defers
 * it, as every stage message, until escalation may go on, and the next stage waits for its send.
 *
 * The host's `recordDelivery` asks it after recording a provider's report and then puts the
 * message's outbox row back to pending (completed as failed with the give-up: the store's
 * `reopenOutbox`; completed as sent: its `reopenSentOutbox` — each one conditional update that counts
 * no attempt, so of two reports at once one puts it back; see `reopenReported`),
 * and the daily run asks it through {@link reopenedMessages}
 * for each claim it decides (a crash between the report's write and that call); the dispatcher then
 * sends it on the channels it has left, rendered for its send day with its deadline counted from it,
 * and the next stage waits for that send (`unsentDeadlineMessage`, which reads the same
 * {@link messageDeliveryState}).
 *
 * @internal
 * @param state - the claim's state, the report folded in
 * @param messageId - the message the report is about
 * @param from - the index of an event at or before the message's booking (default 0), as {@link messageDeliveryState}'s
 */
export function reopensOutbox(state: ClaimState, messageId: string, from = 0): boolean {
  if (isTerminalStatus(state.status)) return false;
  const queued = state.messages.find((m) => m.messageId === messageId);
  if (queued === undefined || queued.stage !== state.stage || queued.date !== state.stageEnteredOn) return false;
  const delivery = messageDeliveryState(state, messageId, queued, from);
  return delivery.reopened && !delivery.ended;
}

/**
 * The messages of the claim's current stage entry that go back to the outbox ({@link reopensOutbox}),
 * in booking order. The daily run asks it for each claim it decides and puts their outbox rows back
 * (`reopenReported` changes only a row still completed as failed, or as sent: one conditional update), so a report of
 * non-delivery written without its outbox row put back — a crash between `recordDelivery`'s write and
 * putting the row back — is repaired by the next run: the claim is due that day (a command reviews its
 * claim on the day it is recorded).
 *
 * Reads only the events since the stage's entry and only messages with a fallback (a message without
 * one has no channel left once given up on): a claim with nothing to put back costs a walk over its
 * current stage's events.
 *
 * @internal
 * @param state - the claim's state
 */
export function reopenedMessages(state: ClaimState): readonly string[] {
  const entered = state.stageEnteredOn;
  if (entered === null || isTerminalStatus(state.status)) return [];
  const events = state.events;
  let from = events.length - 1;
  while (from >= 0 && (events[from] as ClaimEvent).type !== 'stage-entered') from--;
  let reopened: string[] | undefined;
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type !== 'message-queued' || e.fallbackChannel === undefined || e.fallbackChannel === e.channel || e.stage !== state.stage || e.date !== entered) continue;
    if (reopensOutbox(state, e.messageId, from + 1)) (reopened ??= []).push(e.messageId);
  }
  return reopened ?? noMessages;
}

/** No message (shared, never changed). */
const noMessages: readonly string[] = Object.freeze([]);

/** No channel failed (shared, never changed). */
const noFailures: ReadonlySet<string> = new Set();

/** No channel (shared, never changed). */
const noChannels: readonly string[] = Object.freeze([]);
