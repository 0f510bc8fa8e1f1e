import { appendAudit, buildAuditChain, type AuditEntry, type AuditHashOptions } from '../audit/audit.js';
import { addDays, type IsoDate } from '../calendar/date.js';
import { instantAt, parseInstant, recipientTimeZone, type LocalInstant } from '../calendar/instant.js';
import { ClaimNotFoundError, MahnwerkError } from '../errors/errors.js';
import type { DebtorKind, GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { evolveAll, project } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import type { StatementOptions } from '../ledger/statement.js';
import { getBuiltinPolicy, resolvePolicy, type PolicySpec } from '../policy/builtin/index.js';
import { loadPolicy } from '../policy/load.js';
import type { ContactLimits, Policy } from '../policy/schema.js';
import type { Channel } from '../ports/channel.js';
import type { AppendRequest, ClaimStore, OutboxMessage, StoredClaim } from '../ports/claim-store.js';
import { summarizeState } from '../ports/claim-query.js';
import type { Clock } from '../ports/clock.js';
import type { DecideContext } from './context.js';
import { isRestDay, nextNonRestDay, restDayChannels, type ContactRecord } from './guards.js';
import { hydratedEvents, prepareEvents } from './debtor-data.js';
import { messageDeliveryState, reopenedMessages, reopensOutbox } from './delivery-events.js';
import type { MahnwerkOptions } from './host-types.js';
import { renderPlainText, type Renderer } from './render.js';

/**
 * Channels that keep the policy's quiet hours (a letter does not wake anyone).
 *
 * @internal
 */
export const quietChannels: readonly string[] = ['email', 'sms', 'whatsapp'];

/**
 * Puts back to pending the outbox rows of the claim's messages a report of non-delivery took back and
 * that go out again on their fallback ({@link reopensOutbox}) — given up on as ones that may have gone,
 * or sent and reported bounced or undelivered on the channel they went by: `messageId` alone (after a
 * report about it), or every such message of the claim's current stage entry ({@link reopenedMessages}).
 * The claim's events say which row the report is about ({@link messageDeliveryState}): a message given
 * up on goes back through the store's `reopenOutbox`, which changes only a row that is still failed; a
 * message that went out (`message-sent`) through `reopenSentOutbox`, which changes only a row that is
 * still sent. Each is one conditional update in the store — check and write together — that counts no
 * attempt and keeps the row's id (the channel's idempotency key): the fallback keeps its full number of
 * tries, and of two reports at once (or a report and a daily run) exactly one call puts the row back;
 * every other answers false and changes nothing. False is not an error: the row was put back already,
 * or has gone on since (the fallback leased or sent), and the caller goes on as if it had put it back
 * itself. A store that fails (rejects) is passed on: `recordDelivery` rejects after its report is
 * written, and the report sent again, or the next daily run, puts the row back.
 *
 * The one path by which the engine puts a message back: `recordDelivery` right after writing a report,
 * and the daily run for each claim it decides before deciding it — which repairs a crash between the
 * report's write and the first call (the claim is due on the day of the report).
 *
 * @internal
 * @param store - the store
 * @param state - the claim's state, the report folded in
 * @param messageId - the message a report was about; without it every message of the current stage entry
 * @returns the messages put back now (by this call; not those another call put back)
 */
export async function reopenReported(store: ClaimStore, state: ClaimState, messageId?: string): Promise<readonly string[]> {
  const ids = messageId === undefined ? reopenedMessages(state) : reopensOutbox(state, messageId) ? [messageId] : [];
  if (ids.length === 0) return ids;
  const back: string[] = [];
  for (const id of ids) {
    const queued = state.messages.find((m) => m.messageId === id);
    // Sent, then reported not delivered: its row was completed as sent; given up on as one that may have gone: as failed.
    const sent = queued !== undefined && messageDeliveryState(state, id, queued).sent !== undefined;
    if (await (sent ? store.reopenSentOutbox(id) : store.reopenOutbox(id))) back.push(id);
  }
  return back;
}

/**
 * The instant of the clock's `now()` as the local date and wall time of a send to `debtor`: in the
 * debtor's `timeZone` when the claim's facts give one the runtime knows, else in the clock's
 * `timeZone` when it declares one ({@link recipientTimeZone}: § 7 UWG protects the debtor's rest, on
 * the debtor's wall clock), else as written. A clock that writes UTC, `2025-01-25T23:30:00Z`, is at
 * 00:30 on Sunday for a debtor in `Europe/Berlin`, and at 18:30 on Saturday for one in
 * `America/New_York`. The instant the dispatcher and the daily run's outbox `notBefore` ask
 * {@link sendableAt} about, so a held message's `notBefore` is written with the offset of the
 * debtor's zone.
 *
 * @internal
 * @param clock - the clock of the send
 * @param debtor - the claim's debtor (its `timeZone`, if any)
 */
export function sendInstant(clock: Clock, debtor: { readonly timeZone?: string }): LocalInstant {
  return parseInstant(clock.now(), 'now', recipientTimeZone(debtor.timeZone, clock.timeZone));
}

/**
 * Whether a wall time lies in the quiet hours `quietFrom`–`quietTo` (which may span midnight).
 *
 * @internal
 */
export function inQuietHours(time: string, limits: Pick<ContactLimits, 'quietFrom' | 'quietTo'>): boolean {
  const { quietFrom: from, quietTo: to } = limits;
  return from > to ? time >= from || time < to : time >= from && time < to;
}

/**
 * When a send on `channel` at the local instant `now` may go out: `null` when it may go now, else
 * the local day and wall time (`HH:MM`) at which the hours it must keep quiet end — the policy's
 * quiet hours (`contactLimits.quietFrom`–`quietTo`) on every channel that keeps them
 * ({@link quietChannels}: e-mail, SMS, WhatsApp), and the hours outside the channel's own
 * `capabilities.allowedHours` on any channel that declares them; when both apply, the later end.
 *
 * `now` is the instant of the send (the clock's `now()`), whatever business day the run is for: a
 * run for an earlier day (a missed run caught up late in the evening) sends at night if anything,
 * so its quiet hours are those of the night it runs in, not those of the day it is for.
 *
 * The one rule of quiet hours; the dispatcher and the daily run's `notBefore` read it through
 * {@link sendableAt}, which adds the Sunday and holiday rest of SMS and WhatsApp.
 *
 * @internal
 * @param channel - the channel's name
 * @param now - the instant of the send, as local date and time of the debtor ({@link sendInstant})
 * @param limits - the policy's contact limits (its quiet hours)
 * @param allowedHours - the channel's `capabilities.allowedHours`, if it declares any
 */
export function quietUntil(
  channel: string,
  now: LocalInstant,
  limits: Pick<ContactLimits, 'quietFrom' | 'quietTo'>,
  allowedHours: { readonly from: string; readonly to: string } | undefined,
): { readonly date: IsoDate; readonly time: string } | null {
  let until: { date: IsoDate; time: string } | null = null;
  const endsAt = (time: string): void => {
    // The next time the wall clock shows `time`: later today, or tomorrow.
    const date = now.time < time ? now.date : addDays(now.date, 1);
    if (until === null || `${date}T${time}` > `${until.date}T${until.time}`) until = { date, time };
  };
  if (quietChannels.includes(channel) && inQuietHours(now.time, limits)) endsAt(limits.quietTo);
  if (allowedHours !== undefined && inQuietHours(now.time, { quietFrom: allowedHours.to, quietTo: allowedHours.from })) endsAt(allowedHours.from);
  return until;
}

/**
 * When a send on `channel` at the local instant `now` may go out: `null` when it may go now, else the
 * instant from which it may — its local day and wall time (`HH:MM`), and the offset `now`'s zone
 * has then. The hours it must keep quiet ({@link quietUntil}), and on SMS and WhatsApp
 * ({@link restDayChannels}) the Sunday and public-holiday rest: when the local date the send would go
 * on — `now`'s, or the day the quiet hours end — is a Sunday or a holiday (nationwide or of
 * `holidays`, the debtor's/creditor's federal state, as {@link isRestDay} reads them), the first minute
 * of the next day that is neither that is outside its quiet hours (08:00 with the default 20:00–08:00).
 *
 * Like the quiet hours, the rest day is that of the instant of the send, whatever business day the run
 * is for: a catch-up run on a Sunday for the Saturday does not text the debtor on the Sunday, and a run
 * on a Monday for the Sunday sends.
 *
 * The wall time it gives is an instant in `now`'s zone (`now.zone`: the debtor's, else the clock's `timeZone`):
 * across a change of summer time the offset of that day, not `now`'s — an SMS held on Sat 2025-03-29
 * at 22:30+01:00 may go on Mon 2025-03-31 at 08:00+02:00 (`instantAt`). Without a zone, `now`'s offset.
 *
 * The one rule of when a message may go: the dispatcher defers a message when this is not `null`, and
 * the daily run gives a message it queues the `notBefore` of this instant.
 *
 * @internal
 * @param channel - the channel's name
 * @param now - the instant of the send, as local date and time of the debtor ({@link sendInstant})
 * @param limits - the policy's contact limits (its quiet hours)
 * @param allowedHours - the channel's `capabilities.allowedHours`, if it declares any
 * @param holidays - the federal state whose holidays count, if any
 */
export function sendableAt(
  channel: string,
  now: LocalInstant,
  limits: Pick<ContactLimits, 'quietFrom' | 'quietTo'>,
  allowedHours: { readonly from: string; readonly to: string } | undefined,
  holidays: GermanState | undefined,
): LocalInstant | null {
  const from = sendableWallTime(channel, now, limits, allowedHours, holidays);
  return from === null ? null : instantAt(from.date, from.time, now);
}

/** {@link sendableAt}'s local day and wall time, before it is made an instant of `now`'s zone. */
function sendableWallTime(
  channel: string,
  now: LocalInstant,
  limits: Pick<ContactLimits, 'quietFrom' | 'quietTo'>,
  allowedHours: { readonly from: string; readonly to: string } | undefined,
  holidays: GermanState | undefined,
): { readonly date: IsoDate; readonly time: string } | null {
  const quiet = quietUntil(channel, now, limits, allowedHours);
  if (!restDayChannels.includes(channel)) return quiet;
  const day = quiet?.date ?? now.date;
  if (!isRestDay(day, holidays)) return quiet;
  // The next working day from its midnight: its quiet hours (which end on that day) still count.
  const next = nextNonRestDay(day, holidays);
  return quietUntil(channel, instantAt(next, '00:00', now), limits, allowedHours) ?? { date: next, time: '00:00' };
}

/**
 * Whether an error is the store's lost race (`conflict`): the command is retried on fresh state.
 *
 * @internal
 */
export function isConflict(error: unknown): boolean {
  return MahnwerkError.isInstance(error) && error.code === 'conflict';
}

/**
 * The message of an error (or the thrown value as text).
 *
 * @internal
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the host API's modules share, built once by `createMahnwerk`: the ports, the options with
 * their defaults, the policy per debtor kind, and the two store operations every module needs —
 * load a claim, append events to it with their hash chain.
 *
 * @internal
 */
export interface HostContext {
  readonly options: MahnwerkOptions;
  readonly store: ClaimStore;
  readonly clock: Clock;
  readonly render: Renderer;
  readonly maxAttempts: number;
  readonly sendTimeoutMs: number;
  readonly workerId: string;
  readonly batchSize: number;
  readonly stOpts: StatementOptions;
  readonly channels: ReadonlyMap<string, Channel>;
  /** The audit hasher to append and verify with (`{}`: core's default). */
  readonly hashOptions: AuditHashOptions;
  /** The policy for the claim's debtor kind (resolved once per kind). */
  policyFor(facts: ClaimFacts): Policy;
  /** The decision context: recent contacts, the holiday state, statement options. */
  contextFor(contacts?: readonly ContactRecord[]): DecideContext;
  /** The federal state whose holidays count for this debtor. */
  holidays(facts: ClaimFacts): GermanState | undefined;
  /** The stored claim; `claim_not_found` when there is none. */
  load(claimId: string): Promise<StoredClaim>;
  /** The events of a stored claim, in order, with the personal data kept apart put back (see `hydratedEvents`). */
  eventsOf(stored: StoredClaim): ClaimEvent[];
  /**
   * The state of a stored claim: `project(eventsOf(stored))` — or, for a claim whose last entry a
   * {@link HostContext.prepareWrite} with `extra.state` made (the daily run's batch dispatching
   * from the claims in hand), the state that write folded its events into, not projected again.
   */
  stateOf(stored: StoredClaim): ClaimState;
  /**
   * Appends events (stamped with `recordedAt`, personal data kept apart, hash-chained onto the
   * stored entries) at the version read, and advances the audit anchor; returns the new version and
   * the events as recorded (as a later load reads them back).
   */
  write(
    stored: StoredClaim | null,
    claimId: string,
    debtorId: string,
    events: readonly ClaimEvent[],
    review: IsoDate | null,
    extra?: WriteExtra,
  ): Promise<{ readonly version: number; readonly recorded: readonly ClaimEvent[] }>;
  /**
   * The first half of `write`: the append request (events stamped, personal data kept apart,
   * hash-chained onto the stored entries; with `extra.state` the claim's summary after the write)
   * and the events as recorded — for a caller that appends many claims at once (`appendMany`) and
   * then calls {@link HostContext.anchorWrite} for each one written.
   */
  prepareWrite(
    stored: StoredClaim | null,
    claimId: string,
    debtorId: string,
    events: readonly ClaimEvent[],
    review: IsoDate | null,
    extra?: WriteExtra,
  ): PreparedWrite;
  /** The second half of `write` after the store took the request: advances the audit anchor (if any) to the written head. */
  anchorWrite(prepared: PreparedWrite, version: number): Promise<void>;
}

/**
 * What a write carries besides its events: outbox messages, the command's idempotency key and
 * fingerprint, and the claim's state before the events (`state`: then the summary after the write
 * goes with the append, so the store need not re-read the stream).
 *
 * @internal
 */
export interface WriteExtra {
  readonly outbox?: readonly OutboxMessage[];
  readonly idempotencyKey?: string;
  readonly idempotencyFingerprint?: string;
  readonly state?: ClaimState;
}

/**
 * A prepared write: the request for the store, the events as recorded, and when.
 *
 * @internal
 */
export interface PreparedWrite {
  readonly request: AppendRequest;
  readonly recorded: readonly ClaimEvent[];
  readonly recordedAt: string;
}

/**
 * The state after a prepared write with `extra.state`, by the last entry the write minted. An entry
 * object is minted once, chained onto the stored entries the write was prepared from, so a stored
 * claim ending in it is that stream with those events: its projection is this state. Weak: an
 * entry lives as long as a claim holding it.
 */
const statesAfter = new WeakMap<AuditEntry<ClaimEvent>, ClaimState>();

/**
 * Builds the {@link HostContext} from the options (validating the policy and the hasher).
 *
 * @internal
 * @throws PolicyError when the policy is invalid or unlawful
 * @throws ValidationError (field `hasher`) when the hasher is not an `AuditHasher`
 */
export function createHostContext(options: MahnwerkOptions): HostContext {
  const { store, clock } = options;
  const render: Renderer = options.render ?? renderPlainText;
  const maxAttempts = options.maxAttempts ?? 3;
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const workerId = options.workerId ?? 'mahnwerk';
  const batchSize = options.batchSize ?? 100;
  const stOpts = options.statement ?? {};
  const hashOptions: AuditHashOptions = options.hasher === undefined ? {} : { hasher: options.hasher };
  // The audit module's own check of the hasher, now rather than at the first append.
  buildAuditChain([], hashOptions);
  const channels = new Map<string, Channel>((options.channels ?? []).map((c) => [c.name, c]));
  const spec: PolicySpec = typeof options.policy === 'object' && options.policy !== null ? loadPolicy(options.policy) : options.policy;
  if (typeof spec === 'string' && spec !== 'auto') getBuiltinPolicy(spec);
  const policies = new Map<DebtorKind, Policy>();
  const policyFor = (facts: ClaimFacts): Policy => {
    const kind = facts.debtor.kind;
    let p = policies.get(kind);
    if (p === undefined) {
      p = resolvePolicy(spec, kind);
      policies.set(kind, p);
    }
    return p;
  };
  const contextFor = (contacts?: readonly ContactRecord[]): DecideContext => ({
    ...(contacts === undefined ? {} : { recentContacts: contacts }),
    ...(options.state === undefined ? {} : { state: options.state }),
    statement: stOpts,
    // The renderer's check, asked before a stage that queues messages is booked (guard.message-cannot-be-written).
    ...(render.check === undefined ? {} : { messageCheck: render.check }),
  });
  const holidays = (facts: ClaimFacts): GermanState | undefined => facts.debtor.state ?? options.state;

  const load = async (claimId: string): Promise<StoredClaim> => {
    const stored = await store.load(claimId);
    if (stored === null) {
      throw new ClaimNotFoundError(`claimId: no claim "${claimId}" in the store; create it with createClaim first (check the id).`, { field: 'claimId' });
    }
    return stored;
  };
  const eventsOf = (stored: StoredClaim): ClaimEvent[] => hydratedEvents(stored, hashOptions);
  const stateOf = (stored: StoredClaim): ClaimState => {
    const last = stored.entries[stored.entries.length - 1];
    return (last === undefined ? undefined : statesAfter.get(last)) ?? project(eventsOf(stored));
  };

  const prepareWrite = (
    stored: StoredClaim | null,
    claimId: string,
    debtorId: string,
    events: readonly ClaimEvent[],
    review: IsoDate | null,
    extra: WriteExtra = {},
  ): PreparedWrite => {
    const chain: AuditEntry<ClaimEvent>[] = [...(stored?.entries ?? [])];
    const entries: AuditEntry<ClaimEvent>[] = [];
    const recordedAt = clock.now();
    const held = stored?.personalData?.status === 'held' ? stored.personalData.record.data : undefined;
    const prepared = prepareEvents(events, recordedAt, options.randomBytes, held);
    // The events as recorded are what a later load reads back: the entries' events (frozen copies of
    // what was hashed), with the personal data put back into `claim-created` — not a second copy.
    const recorded = prepared.recorded;
    for (const [i, event] of prepared.events.entries()) {
      const entry = appendAudit(chain, event, hashOptions);
      chain.push(entry);
      entries.push(entry);
      if (event.type !== 'claim-created') recorded[i] = entry.event;
    }
    const expectedVersion = stored?.version ?? 0;
    // The state after the write, in one fold (evolveAll: the events as evolve applies them one by one).
    const after = extra.state === undefined ? undefined : evolveAll(extra.state, recorded);
    const summary = after === undefined ? undefined : summarizeState({ claimId, debtorId, version: expectedVersion + entries.length, nextReviewAt: review }, after);
    const head = entries[entries.length - 1];
    if (after !== undefined && head !== undefined) statesAfter.set(head, after);
    const request: AppendRequest = {
      claimId,
      debtorId,
      expectedVersion,
      entries,
      nextReviewAt: review,
      ...(extra.outbox === undefined || extra.outbox.length === 0 ? {} : { outbox: extra.outbox }),
      ...(extra.idempotencyKey === undefined ? {} : { idempotencyKey: extra.idempotencyKey }),
      ...(extra.idempotencyFingerprint === undefined ? {} : { idempotencyFingerprint: extra.idempotencyFingerprint }),
      ...(prepared.personalData === undefined ? {} : { personalData: prepared.personalData }),
      ...(summary === undefined ? {} : { summary }),
    };
    return { request, recorded, recordedAt };
  };

  const anchorWrite = async (prepared: PreparedWrite, version: number): Promise<void> => {
    const head = prepared.request.entries[prepared.request.entries.length - 1];
    if (options.anchor !== undefined && head !== undefined) {
      await options.anchor.advance({ claimId: prepared.request.claimId, version, head: head.hash, recordedAt: prepared.recordedAt });
    }
  };

  const write = async (
    stored: StoredClaim | null,
    claimId: string,
    debtorId: string,
    events: readonly ClaimEvent[],
    review: IsoDate | null,
    extra: WriteExtra = {},
  ): Promise<{ readonly version: number; readonly recorded: readonly ClaimEvent[] }> => {
    const prepared = prepareWrite(stored, claimId, debtorId, events, review, extra);
    const { version } = await store.append(prepared.request);
    await anchorWrite(prepared, version);
    return { version, recorded: prepared.recorded };
  };

  return { options, store, clock, render, maxAttempts, sendTimeoutMs, workerId, batchSize, stOpts, channels, hashOptions, policyFor, contextFor, holidays, load, eventsOf, stateOf, write, prepareWrite, anchorWrite };
}
