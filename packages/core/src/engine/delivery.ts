import { postalAddressLines } from '../address/postal-address.js';
import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { ChannelError, MahnwerkError } from '../errors/errors.js';
import type { ChannelSkipReason, ClaimEvent, ClaimEventOf, ClaimFacts } from '../ledger/events.js';
import { saidReason } from '../ledger/reason-texts.js';
import { evolveAll, isTerminalStatus, project } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import { statement as statementOf } from '../ledger/statement.js';
import { toAmountString } from '../money/money.js';
import { channelCapabilities, type AbortSignalLike, type Channel, type OutgoingMessage } from '../ports/channel.js';
import { sanitizeMessage, sanitizeRecipient } from '../ports/sanitize.js';
import type { AppendManyOutcome, OutboxLease, OutboxMessage, OutboxOutcome, StoredClaim } from '../ports/claim-store.js';
import { checkRunDay } from './commands.js';
import { letterNotSentCorrection } from './fee-corrections.js';
import { checkRefusal, messageRenderInput } from './render-input.js';
import { deadlineOnSend, stageDeadlineDays } from './deadline.js';
import { messageContentHash, messageDeliveryState, messageSentEvent, type MessageDeliveryState } from './delivery-events.js';
import { escalationBlock } from './guards.js';
import { parseInstant } from '../calendar/instant.js';
import { describeError, isConflict, sendableAt, sendInstant, type HostContext, type PreparedWrite } from './host-context.js';
import type { DispatchResult, MessageFailure, MessageFallback } from './host-types.js';
import type { RenderInput } from './render.js';
import { earliestReviewAfter } from './review.js';
import { withdrawnDefault } from './triggers.js';

/** The runtime's timers (every JavaScript runtime has them; core declares no host types), for send deadlines. */
const timers = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** The runtime's `AbortController` (Node 16+, browsers, Deno, Bun), to abort a send past its deadline. */
const abortControllers = globalThis as unknown as { AbortController?: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void } };

/**
 * How many claims of a dispatch round are delivered side by side (their sends in flight at once);
 * a claim's own messages go one after the other.
 */
const sendConcurrency = 16;

/** The recipient as the debtor's data has it (before sanitising). */
function recipientOf(facts: ClaimFacts): OutgoingMessage['to'] {
  const debtor = facts.debtor;
  return {
    name: debtor.name,
    ...(debtor.email === undefined ? {} : { email: debtor.email }),
    ...(debtor.phone === undefined ? {} : { phone: debtor.phone }),
    ...(debtor.postalAddress === undefined
      ? debtor.address === undefined
        ? {}
        : { address: debtor.address }
      : { address: postalAddressLines(debtor.postalAddress), postalAddress: debtor.postalAddress }),
    ...(debtor.timeZone === undefined ? {} : { timeZone: debtor.timeZone }),
  };
}

/**
 * The outbox dispatcher: leases pending messages, renders each, hands it to its channel with the
 * message id as idempotency key and a deadline, and records what happened (`message-sent`,
 * `-failed`, `-skipped`, `-bounced`; for a message failed for good, the drop of its stage's creditor
 * fee, `letterNotSentCorrection`) — with retries, the stage's fallback channel, quiet hours,
 * Sunday rest, holds and withdrawn messages of closed claims.
 *
 * @internal
 */
export function createDelivery(ctx: HostContext): { dispatch(date?: IsoDate): Promise<DispatchResult>; dispatchDay(day: IsoDate): Promise<DispatchResult> } {
  const { options, store, clock, render, maxAttempts, sendTimeoutMs, workerId, batchSize, stOpts, channels, policyFor, contextFor, holidays, load, stateOf: projected, prepareWrite, anchorWrite } = ctx;

  /** Delivery events one message adds to its claim, made from the claim's state (made again from a fresh state after a lost race). */
  type Maker = (state: ClaimState) => ClaimEvent[];

  /**
   * One claim's part of a dispatch round: the claim as read at the round's start (one `loadMany`
   * for all leased messages, when the store has it), its state as the round's messages left it, the
   * delivery events they made (written together after the round's sends, at the version read — a
   * claim that moved on meanwhile makes the write conflict, and the events are made again from the
   * claim read anew), and each message's outcome, recorded after the write.
   */
  interface ClaimRound {
    readonly claimId: string;
    readonly leases: OutboxLease[];
    stored?: StoredClaim | undefined;
    base?: ClaimState;
    state?: ClaimState;
    readonly makers: Maker[];
    readonly events: ClaimEvent[];
    readonly done: { readonly lease: OutboxLease; readonly outcome: Outcome; readonly completion: OutboxOutcome }[];
    readonly errors: { readonly messageId: string; readonly error: string }[];
  }

  /** The claim's state in this round (read once: from the round's `loadMany`, else on its own). */
  const stateOf = async (round: ClaimRound, read: ReadonlyMap<string, StoredClaim>): Promise<ClaimState> => {
    if (round.state === undefined) {
      const stored = read.get(round.claimId) ?? (await load(round.claimId));
      const base = projected(stored);
      round.stored = stored;
      round.base = base;
      round.state = base;
    }
    return round.state;
  };

  /** Adds a message's delivery events to its claim's round (written after the round's sends). */
  const record = (round: ClaimRound, make: Maker): void => {
    const state = round.state as ClaimState;
    const events = make(state);
    if (events.length === 0) return;
    round.makers.push(make);
    round.events.push(...events);
    // Folded in (evolveAll: the ledger's single step, one draft) rather than the whole stream projected again.
    round.state = evolveAll(state, events);
  };

  /**
   * The next review day after delivery events: the one the last decision chose (it knows
   * postponements), unless the delivery brings something earlier (e.g. the day a dunning notice's
   * receipt starts default); none once the claim is closed.
   */
  const reviewAfter = (stored: StoredClaim, state: ClaimState, next: ClaimState, day: IsoDate): IsoDate | null =>
    isTerminalStatus(next.status) ? null : earliestReviewAfter(next, policyFor(state.facts), contextFor(), day, stored.nextReviewAt);

  /**
   * Writes a claim's delivery events on their own (the store has no `appendMany`, or the round's
   * write conflicted): from `first` (the round's read) or the claim read anew, the events made
   * again from its state, appended at its version; a lost race reads again, up to three times.
   */
  const writeAlone = async (claimId: string, makers: readonly Maker[], day: IsoDate, first?: StoredClaim): Promise<readonly ClaimEvent[]> => {
    for (let attempt = 0; ; attempt++) {
      const stored = attempt === 0 && first !== undefined ? first : await load(claimId);
      const state = projected(stored);
      let next = state;
      const events: ClaimEvent[] = [];
      for (const make of makers) {
        const made = make(next);
        if (made.length === 0) continue;
        events.push(...made);
        next = evolveAll(next, made);
      }
      if (events.length === 0) return [];
      const prepared = prepareWrite(stored, claimId, stored.debtorId, events, reviewAfter(stored, state, next, day), { state });
      try {
        const { version } = await store.append(prepared.request);
        await anchorWrite(prepared, version);
        return prepared.recorded;
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  type Attempt =
    /** `deadline`: the payment deadline the message gave, counted from the send (`deadlineOnSend`); `contentHash`: what was handed over (`messageContentHash`). */
    | { ok: true; deadline?: IsoDate | undefined; contentHash?: string | undefined }
    /**
     * `unknown` when the send may have delivered (timeout, retryable or unexpected error): retried on the same channel with the same key and the
     * same content (`contentHash`, what was handed over), never failed over; `deadline`: the payment deadline that content printed (`deadlineOnSend`).
     */
    | { ok: false; error: string; retryable: boolean; bounced?: boolean; unknown?: boolean; contentHash?: string; deadline?: IsoDate | undefined }
    | { ok: false; skip: ChannelSkipReason; detail: string };

  /**
   * Why a channel must be passed by for this message before anything is rendered: the debtor has
   * no usable address for it (after sanitising), opted out, has not consented where the channel
   * needs consent, or an earlier message to the debtor bounced on it.
   */
  const skipReason = (channel: Channel, state: ClaimState, sanitized: () => ReturnType<typeof sanitizeRecipient>): { skip: ChannelSkipReason; detail: string } | null => {
    const debtor = state.facts.debtor;
    const name = channel.name;
    const consent = debtor.consent?.[name];
    const optedOut = state.events.find((e) => e.type === 'channel-opted-out' && e.channel === name);
    if (consent === false || optedOut !== undefined) {
      return { skip: 'opted-out', detail: `the debtor opted out of ${name}${optedOut === undefined ? '' : ` on ${optedOut.date}`}` };
    }
    if (channelCapabilities(channel).needsConsent && consent !== true) {
      return { skip: 'no-consent', detail: `${name} needs the debtor's consent (debtor.consent.${name} = true), which is not recorded` };
    }
    const bounce = state.events.find((e): e is ClaimEventOf<'message-bounced'> => e.type === 'message-bounced' && e.channel === name);
    if (bounce !== undefined) {
      return { skip: 'bounced-before', detail: `message "${bounce.messageId}" bounced on ${name} on ${bounce.date}: ${bounce.error}` };
    }
    const { recipient, dropped } = sanitized();
    if (!channel.canReach(recipient)) {
      const why = dropped.map((d) => d.reason).join('; ');
      return { skip: 'no-address', detail: `the debtor has no usable address for ${name}${why === '' ? '' : ` (${why})`}` };
    }
    return null;
  };

  /**
   * An earlier attempt of a message whose outcome is unknown (`message-attempt-unknown`): the claim's
   * state before it, its day and the hash of what it handed over. A retry renders the message from
   * these, so that it hands over the same content under the same key.
   */
  interface Pinned {
    readonly state: ClaimState;
    readonly day: IsoDate;
    readonly contentHash: string;
  }

  /**
   * The attempt whose outcome is unknown that pins a message to `channel` (`delivery.unknown`, see
   * `messageDeliveryState`), as a {@link Pinned}, or `undefined`. The first such attempt: every retry
   * after it handed over the same content (or none), rendered from the claim before it on its day — a
   * later unknown retry's own day and state would render another.
   */
  const pinnedAttempt = (state: ClaimState, delivery: MessageDeliveryState, channel: string): Pinned | undefined => {
    const first = delivery.unknown;
    if (first === undefined || first.event.channel !== channel) return undefined;
    return { state: project(state.events.slice(0, first.index)), day: first.event.date, contentHash: first.event.contentHash };
  };

  /**
   * Renders a message for `channelName` and hands it over: from the claim's `state` on `day`, or — a
   * retry of an attempt whose outcome is unknown — from that attempt's state and day (`pinned`), and
   * then only when the content is the same as that attempt's.
   */
  const attemptSend = async (msg: OutboxMessage, channelName: string, current: ClaimState, today: IsoDate, pinned?: Pinned): Promise<Attempt> => {
    // Skips (opt-out, consent, bounces) as the claim stands now; the content as the pinned attempt had it.
    const state = pinned?.state ?? current;
    const day = pinned?.day ?? today;
    const facts = state.facts;
    const debtor = facts.debtor;
    const channel = channels.get(channelName);
    if (channel === undefined) return { ok: false, error: `no channel "${channelName}" is configured`, retryable: false };
    let skip: { skip: ChannelSkipReason; detail: string } | null;
    // The recipient sanitised once (when first needed), for the address check and the message.
    let recipient: ReturnType<typeof sanitizeRecipient> | undefined;
    const sanitized = (): ReturnType<typeof sanitizeRecipient> => (recipient ??= sanitizeRecipient(recipientOf(facts)));
    try {
      skip = skipReason(channel, current, sanitized);
    } catch (error) {
      // A broken channel (canReach throwing) fails this message (nothing was sent), not the run.
      return { ok: false, error: `${channelName}.canReach threw: ${describeError(error)}`, retryable: false };
    }
    if (skip !== null) return { ok: false, ...skip };
    const to = { ...sanitized().recipient, ...(debtor.consent?.[channelName] === true ? { consented: true } : {}) };
    const queued = state.messages.find((m) => m.messageId === msg.id);
    const policy = policyFor(facts);
    const deadline = queued === undefined ? undefined : deadlineOnSend(queued, day, stageDeadlineDays(policy, queued.stage), holidays(facts));
    const stmt = statementOf(state, day < facts.invoiceDate ? facts.invoiceDate : day, stOpts);
    let input: RenderInput;
    try {
      // What the renderer's check was asked with when the step was booked (messageRenderInput), made for
      // today: today's statement, the deadline counted from today when the message goes out after the day it was booked.
      input = messageRenderInput(state, { messageId: msg.id, template: msg.template, stage: queued?.stage, deadline }, channelName, day, stmt, policy, contextFor());
    } catch (error) {
      return { ok: false, error: describeError(error), retryable: MahnwerkError.isInstance(error) ? error.retryable : false };
    }
    // The check asked again with what is sent today (the booking day's statement and deadline were what
    // it saw): a refusal fails the message on this channel before a payment link is made or anything is
    // handed over — a definite failure, recorded on the message; its fallback channel is tried.
    const refusal = render.check === undefined ? null : checkRefusal(render.check, input);
    if (refusal !== null) return { ok: false, error: `the renderer cannot write it on ${day}: ${refusal}`, retryable: false };
    let paymentLink: string | undefined;
    if (options.payments !== undefined && stmt.total.amount.greaterThan(0)) {
      try {
        const link = await options.payments.createPaymentLink({
          claimId: facts.id,
          amount: toAmountString(stmt.total),
          currency: facts.currency,
          reference: facts.reference ?? facts.id,
          idempotencyKey: msg.id,
        });
        paymentLink = link.url;
      } catch (error) {
        // A message without a link is better than no message; a retryable provider failure is retried with the message.
        if (MahnwerkError.isInstance(error) && error.retryable) return { ok: false, error: `payment link: ${error.message}`, retryable: true };
      }
    }
    let outgoing: OutgoingMessage;
    try {
      const rendered = await render(paymentLink === undefined ? input : { ...input, paymentLink });
      const capabilities = channelCapabilities(channel);
      if (capabilities.maxLength !== undefined && rendered.text.length > capabilities.maxLength) {
        return { ok: false, skip: 'too-long', detail: `the text has ${rendered.text.length} characters; ${channelName} takes at most ${capabilities.maxLength}` };
      }
      outgoing = sanitizeMessage({
        id: msg.id,
        claimId: facts.id,
        channel: channelName,
        to,
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html === undefined ? {} : { html: rendered.html }),
        ...(rendered.letterBody === undefined ? {} : { letterBody: rendered.letterBody }),
        ...(rendered.letterHead === undefined ? {} : { letterHead: rendered.letterHead }),
        ...(rendered.letterStatement === undefined ? {} : { letterStatement: rendered.letterStatement }),
        locale: debtor.locale ?? 'de',
        ...(capabilities.attachments && rendered.attachments !== undefined && rendered.attachments.length > 0 ? { attachments: rendered.attachments } : {}),
        ...(queued === undefined ? {} : { stage: queued.stage }),
        date: day,
        ...(stmt.total.amount.greaterThan(0)
          ? {
              payment: {
                amount: toAmountString(stmt.total),
                currency: facts.currency,
                reference: facts.reference ?? facts.id,
                ...(paymentLink === undefined ? {} : { link: paymentLink }),
              },
            }
          : {}),
      });
    } catch (error) {
      // Nothing was handed to the channel: a definite failure.
      return { ok: false, error: describeError(error), retryable: MahnwerkError.isInstance(error) ? error.retryable : false };
    }
    // Hashed only where it is read: a retry pinned to an unknown attempt compares it, an unknown
    // outcome records it. An ordinary send (the daily run's hot path) hashes nothing.
    const contentHash = pinned === undefined ? undefined : messageContentHash(outgoing);
    if (pinned !== undefined && contentHash !== undefined && contentHash !== pinned.contentHash) {
      // The attempt of pinned.day may have delivered: under the same key the channel would deliver that
      // one, not this — nothing is handed over, and the message fails as one that may have gone.
      return {
        ok: false,
        error: `not handed to ${channelName} again: the attempt of ${pinned.day}, whose outcome is unknown, handed over content ${pinned.contentHash.slice(0, 12)}…, and the message rendered from the same claim and day now gives ${contentHash.slice(0, 12)}… (the renderer or its configuration changed). A channel that delivered the first attempt would not deliver this one under the same idempotency key; check with the provider what the debtor got, and send a new message if needed`,
        retryable: false,
        unknown: true,
        // What was handed over under this key (and may have reached the debtor): the pinned attempt's content, and its deadline (counted from pinned.day).
        contentHash: pinned.contentHash,
        deadline,
      };
    }
    const attempt = await sendWithTimeout(channel, outgoing);
    if (attempt.ok) return { ok: true, deadline, contentHash };
    return attempt.unknown === true ? { ...attempt, contentHash: contentHash ?? messageContentHash(outgoing), deadline } : attempt;
  };

  /**
   * Hands a message to its channel with the outbox id as idempotency key and a deadline; past the
   * deadline the send's signal is aborted. A bounce (the provider refused the recipient for good)
   * or another non-retryable MahnwerkError says for certain that nothing was delivered; past the
   * deadline, or on a retryable or unexpected error, the outcome is unknown — the channel may have
   * delivered.
   */
  const sendWithTimeout = async (channel: Channel, outgoing: OutgoingMessage): Promise<{ ok: true } | { ok: false; error: string; retryable: boolean; bounced?: boolean; unknown?: boolean }> => {
    const abort = abortControllers.AbortController === undefined ? undefined : new abortControllers.AbortController();
    let timer: unknown;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = timers.setTimeout(() => resolve('timeout'), sendTimeoutMs);
    });
    try {
      const sending = channel.send(outgoing, { idempotencyKey: outgoing.id, ...(abort === undefined ? {} : { signal: abort.signal }) });
      const result = await Promise.race([sending.then(() => 'sent' as const), timeout]);
      if (result === 'timeout') {
        // The late send's rejection (the abort) is expected: nobody waits for it any more.
        sending.catch(() => undefined);
        abort?.abort(new ChannelError(`no answer from ${outgoing.channel} within ${sendTimeoutMs} ms`, { retryable: true }));
        return { ok: false, error: `no answer from ${outgoing.channel} within ${sendTimeoutMs} ms`, retryable: true, unknown: true };
      }
      return { ok: true };
    } catch (error) {
      if (ChannelError.isBounce(error)) return { ok: false, error: describeError(error), retryable: false, bounced: true };
      const definite = MahnwerkError.isInstance(error) && !error.retryable;
      return { ok: false, error: describeError(error), retryable: !definite, unknown: !definite };
    } finally {
      timers.clearTimeout(timer);
    }
  };

  type Outcome = 'sent' | 'failed' | 'deferred';

  /**
   * Decides and sends one leased message of a claim's round: its delivery events go to the round
   * ({@link record}), its outcome to `complete` (not completed: not tried — quiet hours, a hold, a
   * rest day, a later date — and the lease is given back uncounted).
   */
  const attemptDelivery = async (
    round: ClaimRound,
    read: ReadonlyMap<string, StoredClaim>,
    lease: OutboxLease,
    day: IsoDate,
    complete: (outcome: OutboxOutcome) => void,
  ): Promise<Outcome> => {
    const msg = lease.message;
    if (msg.date > day) return 'deferred';
    if (msg.notBefore !== undefined && parseInstant(clock.now()).minutes < parseInstant(msg.notBefore, 'notBefore').minutes) return 'deferred';
    const state = await stateOf(round, read);
    const policy = policyFor(state.facts);
    const hstate = holidays(state.facts);
    // Where the message stands (the one reading of its delivery events).
    const delivery = messageDeliveryState(state, msg.id, msg);
    // Sent: done — unless the provider reported it bounced or undelivered on the channel it went by and it
    // has its fallback left (`reopened`, put back by recordDelivery): then it goes on to that channel.
    if (delivery.sent !== undefined && (!delivery.reopened || delivery.ended)) {
      complete({ status: 'sent' });
      return 'sent';
    }
    // The attempt whose outcome is unknown that pins the message, if any: it may have delivered what it
    // handed over. A report of non-delivery on its channel since (a bounce, a failure without hash)
    // released it: then nothing of it may have gone.
    let unknownBefore = delivery.unknown?.event;
    if (isTerminalStatus(state.status)) {
      const status = state.status;
      record(round, () => [
        unknownBefore === undefined
          ? {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              // A message sent and reported not delivered is withdrawn on the channel it had left.
              channel: delivery.sent === undefined ? msg.channel : (delivery.remaining[0] ?? msg.channel),
              error: `not sent: the claim is ${status}`,
              retryable: false,
              reason: saidReason('guard.no-dunning-when-closed', '§ 362 Abs. 1 BGB', undefined, 'withdrawn', status),
            }
          : {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: unknownBefore.channel,
              error: `not sent again: the claim is ${status}; the attempt of ${unknownBefore.date}, whose outcome is unknown, may have delivered it`,
              retryable: false,
              contentHash: unknownBefore.contentHash,
              ...(unknownBefore.deadline === undefined ? {} : { deadline: unknownBefore.deadline }),
              reason: saidReason('guard.no-dunning-when-closed', '§ 362 Abs. 1 BGB', { contentHash: unknownBefore.contentHash }, 'withdrawnMayHaveGone', status, unknownBefore.channel, unknownBefore.contentHash),
            },
      ]);
      // Withdrawn before anything was handed over: the creditor fee of its letter drops, and what a
      // payment paid of it is held for the debtor (rule fee.letter-not-sent, which reads from the
      // message's delivery events whether anything was handed over: after an attempt whose outcome is
      // unknown the letter may have gone, and the fee stays).
      record(round, (s) => letterNotSentCorrection(s, msg.id, day, { statement: stOpts }));
      complete({ status: 'failed' });
      return 'failed';
    }
    if (escalationBlock(state, day, policy.installmentGraceDays, policy.promiseGraceDays, hstate) !== null) return 'deferred';
    // Sent, reported not delivered, its fallback left: while a default booked from that send is still on the
    // ledger (the report came after the day's decision), the letter would demand interest of a default that
    // never began. The claim is due on the report's day: the next decision takes the default back, then it goes.
    if (delivery.sent !== undefined && withdrawnDefault(state) !== null) return 'deferred';
    const failedOn = delivery.failedOn;
    // After an attempt whose outcome is unknown, only its channel may send (same key): no failover — until
    // a report of non-delivery on it releases the pin. The ledger says which (the lease's `unknownOn` is
    // read only for a message whose ledger records no such attempt).
    let pin = delivery.hadUnknown ? delivery.pinnedTo : lease.unknownOn;
    const order = pin !== undefined ? [pin] : [msg.channel, ...(msg.fallbackChannel === undefined || msg.fallbackChannel === msg.channel ? [] : [msg.fallbackChannel])];
    // The instant of the send on the debtor's wall clock (their zone, else the clock's): § 7 UWG protects the debtor's rest.
    const now = sendInstant(clock, state.facts.debtor);
    for (const name of order) {
      if (failedOn.has(name)) continue;
      // Quiet hours, a channel's hours and the Sunday/holiday rest of SMS and WhatsApp are those of the
      // instant of the send, also in a run for an earlier business day (a catch-up).
      if (sendableAt(name, now, policy.contactLimits, channels.get(name)?.capabilities?.allowedHours, hstate) !== null) return 'deferred';
      const pinned = pin === name ? pinnedAttempt(state, delivery, name) : undefined;
      const result = await attemptSend(msg, name, state, day, pinned);
      let next = order[order.indexOf(name) + 1];
      if (!result.ok && 'skip' in result) {
        // Passed by on the channel of an earlier attempt whose outcome is unknown: the message ends here and may have gone.
        const goneHash = unknownBefore?.channel === name ? unknownBefore.contentHash : undefined;
        // The deadline printed in what may have gone, where it is not the booked one (that attempt's).
        const goneDeadline = unknownBefore?.channel === name ? unknownBefore.deadline : undefined;
        record(round, () => [
          {
            type: 'message-skipped',
            claimId: msg.claimId,
            date: day,
            messageId: msg.id,
            channel: name,
            skip: result.skip,
            detail: result.detail,
            ...(goneHash === undefined ? {} : { contentHash: goneHash }),
            ...(goneHash === undefined || goneDeadline === undefined ? {} : { deadline: goneDeadline }),
            reason:
              goneHash === undefined
                ? saidReason(`delivery.skipped.${result.skip}`, undefined, undefined, 'skipped', name, next, result.detail)
                : saidReason(`delivery.skipped.${result.skip}`, undefined, { contentHash: goneHash }, 'mayHaveGone', name, `not handed over again: ${result.detail}`, goneHash),
          },
        ]);
        continue;
      }
      if (!result.ok && result.bounced === true) {
        const bounce = (then: string | undefined): ClaimEventOf<'message-bounced'> => ({
          type: 'message-bounced',
          claimId: msg.claimId,
          date: day,
          messageId: msg.id,
          channel: name,
          error: result.error,
          reason: saidReason('delivery.bounced', undefined, undefined, 'refused', name, then, result.error),
        });
        if (pin === name) {
          // The provider refused the recipient on the pinned channel: nothing was delivered there, so the
          // pin is released and the message goes on to the channels it has left (messageDeliveryState).
          const left = messageDeliveryState(evolveAll(round.state as ClaimState, [bounce(undefined)]), msg.id, msg).remaining;
          for (const c of left) if (!order.includes(c)) order.push(c);
          next = order[order.indexOf(name) + 1];
          pin = undefined;
          unknownBefore = undefined;
        }
        record(round, () => [bounce(next)]);
        continue;
      }
      if (result.ok) {
        const queued = state.messages.find((m) => m.messageId === msg.id);
        // A deadline counted again from a late send goes with the event: the engine reads the day the letter printed.
        const moved =
          result.deadline !== undefined && queued?.deadline !== undefined && result.deadline !== queued.deadline
            ? { given: result.deadline, booked: queued.deadline, bookedOn: queued.date }
            : undefined;
        // After an attempt whose outcome was unknown, the hash of what went out (the same as that attempt's).
        const extra = { deadline: moved, contentHash: pinned === undefined ? undefined : result.contentHash };
        // Once per channel: a message sent and reported not delivered goes out once more, on its fallback.
        record(round, (s) => (s.events.some((e) => e.type === 'message-sent' && e.messageId === msg.id && e.channel === name) ? [] : [messageSentEvent(msg.claimId, msg.id, name, day, extra)]));
        complete({ status: 'sent' });
        return 'sent';
      }
      const limit = name === msg.channel ? maxAttempts : maxAttempts * 2;
      if (result.retryable && msg.attempts < limit) {
        if (result.unknown === true && result.contentHash !== undefined) {
          // What may have gone out is recorded, so the retry hands over the same (and the audit shows what it was).
          const contentHash = result.contentHash;
          const printed = movedDeadline(state, msg.id, result.deadline);
          record(round, () => [
            {
              type: 'message-attempt-unknown',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: name,
              contentHash,
              error: result.error,
              ...(printed === undefined ? {} : { deadline: printed }),
              reason: saidReason('delivery.attempt-unknown', undefined, undefined, 'attemptUnknown', name, result.error),
            },
          ]);
        }
        complete(result.unknown === true ? { status: 'unknown', channel: name } : { status: 'retry' });
        return 'deferred';
      }
      // What may have reached the debtor on this channel: what this attempt handed over when its outcome is
      // unknown (after an earlier unknown attempt the same content, or — content that came out different —
      // that attempt's, handed over under the same key), else what an earlier unknown attempt handed over.
      const goneHash = result.unknown === true ? result.contentHash : unknownBefore?.channel === name ? unknownBefore.contentHash : undefined;
      // The deadline printed in what may have gone, where it is not the booked one.
      const goneDeadline = result.unknown === true ? movedDeadline(state, msg.id, result.deadline) : unknownBefore?.channel === name ? unknownBefore.deadline : undefined;
      record(round, () => [
        goneHash === undefined
          ? {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: name,
              error: result.error,
              retryable: result.retryable,
              reason: saidReason('delivery.failed', undefined, undefined, 'deliveryFailed', name, name === msg.channel && order.length > 1 && result.unknown !== true ? order[1] : undefined, result.error),
            }
          : {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: name,
              error: result.error,
              retryable: result.retryable,
              contentHash: goneHash,
              ...(goneDeadline === undefined ? {} : { deadline: goneDeadline }),
              reason: saidReason('delivery.failed', undefined, { contentHash: goneHash }, 'mayHaveGone', name, result.error, goneHash),
            },
      ]);
      // It may have delivered: a fallback would be a second letter for one demand.
      if (goneHash !== undefined) break;
    }
    // Failed for good: the creditor fee of its letter drops when nothing of it was handed over on any
    // channel (rule fee.letter-not-sent, which reads that from the message's delivery events) — made
    // from the state with this message's failures folded in.
    record(round, (s) => letterNotSentCorrection(s, msg.id, day, { statement: stOpts }));
    complete({ status: 'failed' });
    return 'failed';
  };

  /** Runs `work` on each item, at most `limit` at once. */
  const eachAtMost = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < items.length) await work(items[next++] as T);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  };

  /** A claim's messages one after the other (each sees what the one before it did); one message's trouble stays its own. */
  const deliverClaim = async (round: ClaimRound, read: ReadonlyMap<string, StoredClaim>, day: IsoDate): Promise<void> => {
    for (const lease of round.leases) {
      let completion: OutboxOutcome | undefined;
      try {
        const outcome = await attemptDelivery(round, read, lease, day, (c) => {
          completion = c;
        });
        // Not tried: the lease goes back uncounted.
        round.done.push({ lease, outcome, completion: completion ?? { status: 'released' } });
      } catch (error) {
        // A claim that cannot be read, a store error: left on the message — its lease runs out and
        // a later dispatch tries again — and the round goes on with the others.
        round.errors.push({ messageId: lease.message.id, error: describeError(error) });
      }
    }
  };

  /**
   * Writes the round's delivery events — with the store's `appendMany` in one transaction for all
   * claims, a claim that moved on (or every claim, without `appendMany` or when the batch fails)
   * on its own ({@link writeAlone}) — and returns the events as recorded per claim; a claim whose
   * write failed has its messages' outcomes dropped (their leases run out) and an error each.
   */
  const writeRounds = async (rounds: readonly ClaimRound[], day: IsoDate): Promise<Map<string, readonly ClaimEvent[]>> => {
    const written = new Map<string, readonly ClaimEvent[]>();
    const alone: ClaimRound[] = [];
    const pending = rounds.filter((r) => r.events.length > 0);
    const failWith = (round: ClaimRound, error: unknown): void => {
      for (const d of round.done) round.errors.push({ messageId: d.lease.message.id, error: describeError(error) });
      round.done.length = 0;
    };
    if (store.appendMany !== undefined && pending.length > 1) {
      const batch: { round: ClaimRound; prepared: PreparedWrite }[] = [];
      for (const round of pending) {
        try {
          const stored = round.stored as StoredClaim;
          const base = round.base as ClaimState;
          const next = round.state as ClaimState;
          batch.push({ round, prepared: prepareWrite(stored, round.claimId, stored.debtorId, round.events, reviewAfter(stored, base, next, day), { state: base }) });
        } catch (error) {
          failWith(round, error);
        }
      }
      let outcomes: readonly AppendManyOutcome[] | undefined;
      try {
        outcomes = batch.length === 0 ? [] : await store.appendMany(batch.map((b) => b.prepared.request));
      } catch (error) {
        // Nothing of the batch was written: claim by claim, so a problem stays with its claim.
        if (!MahnwerkError.isInstance(error)) throw error;
        alone.push(...batch.map((b) => b.round));
      }
      for (const [i, outcome] of (outcomes ?? []).entries()) {
        const { round, prepared } = batch[i] as (typeof batch)[number];
        if (outcome.status === 'conflict') {
          round.stored = undefined;
          alone.push(round);
          continue;
        }
        try {
          await anchorWrite(prepared, outcome.version);
          written.set(round.claimId, prepared.recorded);
        } catch (error) {
          // Written, not anchored: the messages stay leased; a later round finds their events and records them.
          failWith(round, error);
        }
      }
    } else {
      alone.push(...pending);
    }
    for (const round of alone) {
      try {
        written.set(round.claimId, await writeAlone(round.claimId, round.makers, day, round.stored));
      } catch (error) {
        failWith(round, error);
      }
    }
    return written;
  };

  /** Records the outcomes of the round's attempts whose events are written: one `completeOutboxMany`, or attempt by attempt. */
  const completeRounds = async (rounds: readonly ClaimRound[]): Promise<void> => {
    const done = rounds.flatMap((r) => r.done.map((d) => ({ round: r, attemptId: d.lease.attemptId, outcome: d.completion })));
    if (done.length === 0) return;
    if (store.completeOutboxMany !== undefined) {
      try {
        await store.completeOutboxMany(done.map(({ attemptId, outcome }) => ({ attemptId, outcome })));
      } catch (error) {
        for (const r of rounds) {
          for (const d of r.done) r.errors.push({ messageId: d.lease.message.id, error: describeError(error) });
          r.done.length = 0;
        }
      }
      return;
    }
    for (const r of rounds) {
      const kept = [];
      for (const d of r.done) {
        try {
          await store.completeOutbox(d.lease.attemptId, d.completion);
          kept.push(d);
        } catch (error) {
          r.errors.push({ messageId: d.lease.message.id, error: describeError(error) });
        }
      }
      r.done.splice(0, r.done.length, ...kept);
    }
  };

  /**
   * One dispatch round: lease pending messages (one statement), read their claims (one
   * `loadMany`), decide and send them — claims side by side, at most {@link sendConcurrency} at
   * once, each claim's messages in order — then write all delivery events (one `appendMany`) and
   * record all outcomes (one `completeOutboxMany`). Events are written before outcomes: a crash
   * between them leaves the messages leased; when the lease runs out the message is leased again
   * and, its `message-sent` event found, recorded as sent without a second send. A crash between a
   * send and the write sends again, under the same idempotency key. `day` has been checked by the
   * caller (`dispatch`, or `runDue` before its decisions).
   */
  const dispatchDay = async (day: IsoDate): Promise<DispatchResult> => {
    // Each message is leased before it is sent: a second dispatcher (another worker, a concurrent
    // run) never gets it while this one holds it. The lease outlasts a send with its timeout.
    const leases = await store.leaseOutbox({ owner: workerId, now: clock.now(), leaseSeconds: Math.ceil((sendTimeoutMs * 2) / 1000) + 60, limit: batchSize * 10 });
    const byClaim = new Map<string, ClaimRound>();
    for (const lease of leases) {
      const claimId = lease.message.claimId;
      let round = byClaim.get(claimId);
      if (round === undefined) {
        round = { claimId, leases: [], makers: [], events: [], done: [], errors: [] };
        byClaim.set(claimId, round);
      }
      round.leases.push(lease);
    }
    const rounds = [...byClaim.values()];
    const read = new Map<string, StoredClaim>();
    if (store.loadMany !== undefined && rounds.length > 1) {
      try {
        for (const c of await store.loadMany(rounds.map((r) => r.claimId))) if (c !== null) read.set(c.claimId, c);
      } catch (error) {
        // Read claim by claim below; a claim that cannot be read fails its own messages.
        if (!MahnwerkError.isInstance(error)) throw error;
      }
    }
    await eachAtMost(rounds, sendConcurrency, (round) => deliverClaim(round, read, day));
    const written = await writeRounds(rounds, day);
    await completeRounds(rounds);
    const recorded: ClaimEvent[] = [];
    let sent = 0;
    let failed = 0;
    let deferred = 0;
    const errors: { messageId: string; error: string }[] = [];
    const failures: MessageFailure[] = [];
    const fallbacks: MessageFallback[] = [];
    for (const round of rounds) {
      const events = written.get(round.claimId) ?? [];
      recorded.push(...events);
      for (const d of round.done) {
        if (d.outcome === 'sent') {
          sent += 1;
          const fallback = fallbackOf(round.claimId, d.lease.message, round.base?.events ?? [], events);
          if (fallback !== null) fallbacks.push(fallback);
        } else if (d.outcome === 'failed') {
          failed += 1;
          failures.push(failureOf(round.claimId, d.lease.message, events));
        } else deferred += 1;
      }
      deferred += round.errors.length;
      errors.push(...round.errors);
    }
    return { sent, failed, deferred, events: recorded, failures, fallbacks, errors };
  };

  /**
   * The host's `dispatch(date)`: the day goes through the one rule of which day may be run
   * (`checkRunDay`: not after the clock's today, not before the last day run — a dispatch dated
   * earlier would write `message-sent` and attempt events dated before decisions already taken)
   * before anything is leased; then one round ({@link dispatchDay}). A dispatch records no run day.
   */
  const dispatch = async (date?: IsoDate): Promise<DispatchResult> => {
    const today = clock.today();
    const day = parseIsoDate(date ?? today, 'date');
    await checkRunDay(store, day, today, 'dispatch');
    return dispatchDay(day);
  };

  return { dispatch, dispatchDay };
}

/**
 * The payment deadline a message printed when handed over (`deadlineOnSend`), where it is not the one
 * booked with it (`message-queued.deadline`) — what `message-attempt-unknown.deadline` and a
 * may-have-gone `message-failed.deadline` / `message-skipped.deadline` record — else `undefined`.
 */
function movedDeadline(state: ClaimState, messageId: string, printed: IsoDate | undefined): IsoDate | undefined {
  if (printed === undefined) return undefined;
  const booked = state.messages.find((m) => m.messageId === messageId)?.deadline;
  return booked === undefined || printed === booked ? undefined : printed;
}

/**
 * A message given up on, with why: its `message-failed` errors and `message-skipped` details of the
 * round, channel by channel.
 */
function failureOf(claimId: string, msg: OutboxMessage, events: readonly ClaimEvent[]): MessageFailure {
  const why = channelTrouble(msg.id, events, (e) => e.type !== 'message-bounced');
  return { claimId, messageId: msg.id, template: msg.template, error: why.length === 0 ? 'failed on all its channels' : why.join('; ') };
}

/**
 * What went wrong with a message on its channels, in the order recorded: `channel: error` of each
 * `message-failed`, `message-skipped` and `message-bounced` that `keep` keeps — the one wording of a
 * message's trouble that {@link MessageFailure} and {@link MessageFallback} print.
 */
function channelTrouble(messageId: string, events: readonly ClaimEvent[], keep: (e: ClaimEvent) => boolean = () => true): string[] {
  const why: string[] = [];
  for (const e of events) {
    if (!('messageId' in e) || e.messageId !== messageId || !keep(e)) continue;
    if (e.type === 'message-failed' || e.type === 'message-bounced') why.push(`${e.channel}: ${e.error}`);
    else if (e.type === 'message-skipped') why.push(`${e.channel}: ${e.detail}`);
  }
  return why;
}

/**
 * The {@link MessageFallback} of a message a delivery round sent, or `null` when it went out on its own
 * channel: the round's `message-sent` of it names another channel. Why is read from the claim's events
 * before the round (a letter reported bounced after it was sent, a failure of an earlier round) and the
 * round's own, on every channel but the one it went out on.
 */
function fallbackOf(claimId: string, msg: OutboxMessage, before: readonly ClaimEvent[], round: readonly ClaimEvent[]): MessageFallback | null {
  const sentEvent = round.find((e) => e.type === 'message-sent' && e.messageId === msg.id);
  if (sentEvent === undefined || sentEvent.type !== 'message-sent' || sentEvent.channel === msg.channel) return null;
  const sentOn = sentEvent.channel;
  const why = channelTrouble(msg.id, [...before, ...round], (e) => 'channel' in e && e.channel !== sentOn);
  return { claimId, messageId: msg.id, template: msg.template, channel: msg.channel, sentOn, error: why.length === 0 ? `${msg.channel}: not sent on it` : why.join('; ') };
}
