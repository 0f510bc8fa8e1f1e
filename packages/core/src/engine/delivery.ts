import { postalAddressLines } from '../address/postal-address.js';
import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { ChannelError, MahnwerkError } from '../errors/errors.js';
import type { ChannelSkipReason, ClaimEvent, ClaimEventOf, ClaimFacts } from '../ledger/events.js';
import { project, terminalStatuses } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import { statement as statementOf } from '../ledger/statement.js';
import { toAmountString } from '../money/money.js';
import { channelCapabilities, type AbortSignalLike, type Channel, type OutgoingMessage } from '../ports/channel.js';
import { sanitizeMessage, sanitizeRecipient } from '../ports/sanitize.js';
import type { OutboxLease, OutboxMessage, OutboxOutcome, StoredClaim } from '../ports/claim-store.js';
import { prospectiveCosts } from './prospective-costs.js';
import { messageSentEvent } from './delivery-events.js';
import { escalationBlock, isRestDay, restDayChannels } from './guards.js';
import { describeError, inQuietHours, isConflict, parseInstant, quietChannels, type HostContext } from './host-context.js';
import type { DispatchResult } from './host-types.js';
import { reviewCandidates } from './review.js';

/** The runtime's timers (every JavaScript runtime has them; core declares no host types), for send deadlines. */
const timers = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** The runtime's `AbortController` (Node 16+, browsers, Deno, Bun), to abort a send past its deadline. */
const abortControllers = globalThis as unknown as { AbortController?: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void } };

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
 * `-failed`, `-skipped`, `-bounced`) — with retries, the stage's fallback channel, quiet hours,
 * Sunday rest, holds and withdrawn messages of closed claims.
 *
 * @internal
 */
export function createDelivery(ctx: HostContext): { dispatch(date?: IsoDate): Promise<DispatchResult> } {
  const { options, store, clock, render, maxAttempts, sendTimeoutMs, workerId, batchSize, stOpts, channels, policyFor, contextFor, holidays, load, eventsOf, prepareWrite, anchorWrite } = ctx;

  /**
   * The claims of one dispatch round as read at its start (one `loadMany` for all leased messages,
   * when the store has it) and as this round wrote them since: a message is judged on its claim as
   * read there, and its delivery events are appended at that version — a claim that moved on
   * meanwhile makes the append conflict, and the claim is read again.
   */
  type RoundClaims = Map<string, StoredClaim>;

  const claimOf = async (claims: RoundClaims, claimId: string): Promise<StoredClaim> => claims.get(claimId) ?? (await load(claimId));

  /** Appends delivery events to a claim (reloading on a lost race) and refreshes its next review day. */
  const appendDelivery = async (claims: RoundClaims, claimId: string, make: (state: ClaimState) => ClaimEvent[], day: IsoDate): Promise<ClaimEvent[]> => {
    for (let attempt = 0; ; attempt++) {
      const stored = attempt === 0 ? await claimOf(claims, claimId) : await load(claimId);
      const state = project(eventsOf(stored));
      const events = make(state);
      if (events.length === 0) return [];
      const next = project([...state.events, ...events]);
      const policy = policyFor(state.facts);
      // Keep the review day the last decision chose (it knows postponements), unless the delivery
      // brings something earlier (e.g. the day a dunning notice's receipt starts default).
      let review: IsoDate | null = terminalStatuses.includes(next.status) ? null : stored.nextReviewAt;
      if (review !== null || !terminalStatuses.includes(next.status)) {
        for (const c of reviewCandidates(next, policy, contextFor(), day)) {
          if (c.date > day && (review === null || c.date < review)) review = c.date;
        }
      }
      const prepared = prepareWrite(stored, claimId, stored.debtorId, events, review, { state });
      try {
        const { version } = await store.append(prepared.request);
        claims.set(claimId, { ...stored, version, entries: [...stored.entries, ...prepared.request.entries], nextReviewAt: review });
        await anchorWrite(prepared, version);
        return [...prepared.recorded];
      } catch (error) {
        claims.delete(claimId);
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  type Attempt =
    | { ok: true }
    /** `unknown` when the send may have delivered (timeout, retryable or unexpected error): retried on the same channel with the same key, never failed over. */
    | { ok: false; error: string; retryable: boolean; bounced?: boolean; unknown?: boolean }
    | { ok: false; skip: ChannelSkipReason; detail: string };

  /**
   * Why a channel must be passed by for this message before anything is rendered: the debtor has
   * no usable address for it (after sanitising), opted out, has not consented where the channel
   * needs consent, or an earlier message to the debtor bounced on it.
   */
  const skipReason = (channel: Channel, state: ClaimState): { skip: ChannelSkipReason; detail: string } | null => {
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
    const { recipient, dropped } = sanitizeRecipient(recipientOf(state.facts));
    if (!channel.canReach(recipient)) {
      const why = dropped.map((d) => d.reason).join('; ');
      return { skip: 'no-address', detail: `the debtor has no usable address for ${name}${why === '' ? '' : ` (${why})`}` };
    }
    return null;
  };

  const attemptSend = async (msg: OutboxMessage, channelName: string, state: ClaimState, day: IsoDate): Promise<Attempt> => {
    const facts = state.facts;
    const debtor = facts.debtor;
    const channel = channels.get(channelName);
    if (channel === undefined) return { ok: false, error: `no channel "${channelName}" is configured`, retryable: false };
    let skip: { skip: ChannelSkipReason; detail: string } | null;
    try {
      skip = skipReason(channel, state);
    } catch (error) {
      // A broken channel (canReach throwing) fails this message (nothing was sent), not the run.
      return { ok: false, error: `${channelName}.canReach threw: ${describeError(error)}`, retryable: false };
    }
    if (skip !== null) return { ok: false, ...skip };
    const to = { ...sanitizeRecipient(recipientOf(facts)).recipient, ...(debtor.consent?.[channelName] === true ? { consented: true } : {}) };
    const queued = state.messages.find((m) => m.messageId === msg.id);
    const stmt = statementOf(state, day < facts.invoiceDate ? facts.invoiceDate : day, stOpts);
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
      const announced = prospectiveCosts(msg.template, stmt, stmt.asOf);
      const rendered = await render({
        template: msg.template,
        channel: channelName,
        locale: debtor.locale ?? 'de',
        claim: facts,
        statement: stmt,
        ...(queued?.deadline === undefined ? {} : { deadline: queued.deadline }),
        ...(paymentLink === undefined ? {} : { paymentLink }),
        messageId: msg.id,
        ...(queued === undefined ? {} : { stage: queued.stage }),
        ...(announced.length === 0 ? {} : { prospectiveCosts: announced }),
      });
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
    return sendWithTimeout(channel, outgoing);
  };

  /**
   * Hands a message to its channel with the outbox id as idempotency key and a deadline; past the
   * deadline the send's signal is aborted. A bounce (the provider refused the recipient for good)
   * or another non-retryable MahnwerkError says for certain that nothing was delivered; past the
   * deadline, or on a retryable or unexpected error, the outcome is unknown — the channel may have
   * delivered.
   */
  const sendWithTimeout = async (channel: Channel, outgoing: OutgoingMessage): Promise<Attempt> => {
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

  const deliver = async (claims: RoundClaims, lease: OutboxLease, day: IsoDate, recorded: ClaimEvent[]): Promise<Outcome> => {
    let completed = false;
    const complete = async (outcome: OutboxOutcome): Promise<void> => {
      completed = true;
      await store.completeOutbox(lease.attemptId, outcome);
    };
    const outcome = await attemptDelivery(claims, lease, day, recorded, complete);
    // Not tried (quiet hours, a hold, a rest day, a later date): give the lease back uncounted.
    if (!completed) await store.completeOutbox(lease.attemptId, { status: 'released' });
    return outcome;
  };

  const attemptDelivery = async (
    claims: RoundClaims,
    lease: OutboxLease,
    day: IsoDate,
    recorded: ClaimEvent[],
    complete: (outcome: OutboxOutcome) => Promise<void>,
  ): Promise<Outcome> => {
    const msg = lease.message;
    if (msg.date > day) return 'deferred';
    if (msg.notBefore !== undefined && parseInstant(clock.now()).minutes < parseInstant(msg.notBefore, 'notBefore').minutes) return 'deferred';
    const stored = await claimOf(claims, msg.claimId);
    const state = project(eventsOf(stored));
    const policy = policyFor(state.facts);
    const hstate = holidays(state.facts);
    if (state.events.some((e) => e.type === 'message-sent' && e.messageId === msg.id)) {
      await complete({ status: 'sent' });
      return 'sent';
    }
    if (terminalStatuses.includes(state.status)) {
      recorded.push(
        ...(await appendDelivery(
          claims,
          msg.claimId,
          () => [
            {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: msg.channel,
              error: `not sent: the claim is ${state.status}`,
              retryable: false,
              reason: { rule: 'guard.no-dunning-when-closed', basis: '§ 362 Abs. 1 BGB', text: `Message withdrawn: the claim is ${state.status}.` },
            },
          ],
          day,
        )),
      );
      await complete({ status: 'failed' });
      return 'failed';
    }
    if (escalationBlock(state, day, policy.installmentGraceDays) !== null) return 'deferred';
    const failedOn = new Set(
      state.events
        .filter((e): e is ClaimEventOf<'message-failed' | 'message-skipped' | 'message-bounced'> =>
          (e.type === 'message-failed' || e.type === 'message-skipped' || e.type === 'message-bounced') && e.messageId === msg.id,
        )
        .map((e) => e.channel),
    );
    // After an attempt whose outcome is unknown, only its channel may send (same key): no failover.
    const order =
      lease.unknownOn !== undefined
        ? [lease.unknownOn]
        : [msg.channel, ...(msg.fallbackChannel === undefined || msg.fallbackChannel === msg.channel ? [] : [msg.fallbackChannel])];
    const now = parseInstant(clock.now());
    for (const name of order) {
      if (failedOn.has(name)) continue;
      if (restDayChannels.includes(name) && isRestDay(day, hstate)) return 'deferred';
      if (quietChannels.includes(name) && now.date === day && inQuietHours(now.time, policy.contactLimits)) return 'deferred';
      const hours = channels.get(name)?.capabilities?.allowedHours;
      if (hours !== undefined && now.date === day && inQuietHours(now.time, { quietFrom: hours.to, quietTo: hours.from })) return 'deferred';
      const result = await attemptSend(msg, name, state, day);
      const next = order[order.indexOf(name) + 1];
      if (!result.ok && 'skip' in result) {
        recorded.push(
          ...(await appendDelivery(
            claims,
            msg.claimId,
            () => [
              {
                type: 'message-skipped',
                claimId: msg.claimId,
                date: day,
                messageId: msg.id,
                channel: name,
                skip: result.skip,
                detail: result.detail,
                reason: { rule: `delivery.skipped.${result.skip}`, text: `Not sent by ${name}${next === undefined ? '' : `; trying ${next}`}: ${result.detail}.` },
              },
            ],
            day,
          )),
        );
        continue;
      }
      if (!result.ok && result.bounced === true) {
        recorded.push(
          ...(await appendDelivery(
            claims,
            msg.claimId,
            () => [
              {
                type: 'message-bounced',
                claimId: msg.claimId,
                date: day,
                messageId: msg.id,
                channel: name,
                error: result.error,
                reason: { rule: 'delivery.bounced', text: `The ${name} provider refused the recipient${next === undefined ? '' : `; trying ${next}`}: ${result.error}` },
              },
            ],
            day,
          )),
        );
        continue;
      }
      if (result.ok) {
        recorded.push(
          ...(await appendDelivery(
            claims,
            msg.claimId,
            (s) =>
              s.events.some((e) => e.type === 'message-sent' && e.messageId === msg.id)
                ? []
                : [messageSentEvent(msg.claimId, msg.id, name, day)],
            day,
          )),
        );
        await complete({ status: 'sent' });
        return 'sent';
      }
      const limit = name === msg.channel ? maxAttempts : maxAttempts * 2;
      if (result.retryable && msg.attempts < limit) {
        await complete(result.unknown === true ? { status: 'unknown', channel: name } : { status: 'retry' });
        return 'deferred';
      }
      recorded.push(
        ...(await appendDelivery(
          claims,
          msg.claimId,
          () => [
            {
              type: 'message-failed',
              claimId: msg.claimId,
              date: day,
              messageId: msg.id,
              channel: name,
              error: result.error,
              retryable: result.retryable,
              reason: { rule: 'delivery.failed', text: `Delivery by ${name} failed${name === msg.channel && order.length > 1 && result.unknown !== true ? `; trying ${order[1]}` : ''}: ${result.error}` },
            },
          ],
          day,
        )),
      );
      // It may have delivered: a fallback would be a second letter for one demand.
      if (result.unknown === true) break;
    }
    await complete({ status: 'failed' });
    return 'failed';
  };

  const dispatch = async (date?: IsoDate): Promise<DispatchResult> => {
    const day = parseIsoDate(date ?? clock.today(), 'date');
    // Each message is leased before it is sent: a second dispatcher (another worker, a concurrent
    // run) never gets it while this one holds it. The lease outlasts a send with its timeout.
    const leases = await store.leaseOutbox({ owner: workerId, now: clock.now(), leaseSeconds: Math.ceil((sendTimeoutMs * 2) / 1000) + 60, limit: batchSize * 10 });
    const recorded: ClaimEvent[] = [];
    let sent = 0;
    let failed = 0;
    let deferred = 0;
    const errors: { messageId: string; error: string }[] = [];
    const claims: RoundClaims = new Map();
    if (store.loadMany !== undefined && leases.length > 1) {
      try {
        const ids = [...new Set(leases.map((l) => l.message.claimId))];
        for (const c of await store.loadMany(ids)) if (c !== null) claims.set(c.claimId, c);
      } catch (error) {
        // Read claim by claim below; a claim that cannot be read fails its own messages.
        if (!MahnwerkError.isInstance(error)) throw error;
      }
    }
    for (const lease of leases) {
      let outcome: Outcome;
      try {
        outcome = await deliver(claims, lease, day, recorded);
      } catch (error) {
        // One message's trouble (a store error while recording, a claim that cannot be read) is
        // left on that message — its lease runs out and a later dispatch tries again — and the
        // run goes on with the others.
        outcome = 'deferred';
        errors.push({ messageId: lease.message.id, error: describeError(error) });
      }
      if (outcome === 'sent') sent += 1;
      else if (outcome === 'failed') failed += 1;
      else deferred += 1;
    }
    return { sent, failed, deferred, events: recorded, errors };
  };

  return { dispatch };
}
