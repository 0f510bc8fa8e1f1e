import { claimQueries, type ClaimQueries } from './queries.js';
import { postalAddressLines } from '../address/postal-address.js';
import { appendAudit, verifyAudit, type AuditEntry, type AuditVerification } from '../audit/audit.js';
import { addDays, parseIsoDate, toDayNumber, type IsoDate } from '../calendar/date.js';
import { ChannelError, ClaimExistsError, ClaimNotFoundError, ConflictError, IdempotencyMismatchError, MahnwerkError, ValidationError } from '../errors/errors.js';
import type { DebtorKind, GermanState } from '../law/de/types.js';
import type { ChannelSkipReason, ClaimEvent, ClaimEventOf, ClaimFacts, Reason } from '../ledger/events.js';
import { idsInUse, nextFreeId, scopedId } from '../ledger/ids.js';
import { initialState, project, terminalStatuses } from '../ledger/project.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { statement as statementOf, type StatementOptions } from '../ledger/statement.js';
import { money, parseMoney, toAmountString } from '../money/money.js';
import { getBuiltinPolicy, resolvePolicy, type PolicySpec } from '../policy/builtin/index.js';
import { loadPolicy } from '../policy/load.js';
import type { ContactLimits, Policy } from '../policy/schema.js';
import { channelCapabilities, type AbortSignalLike, type Channel, type DeliveryUpdate, type OutgoingMessage } from '../ports/channel.js';
import { sanitizeMessage, sanitizeRecipient } from '../ports/sanitize.js';
import type { AppendRequest, ClaimStore, OutboxLease, OutboxMessage, OutboxOutcome, StoredClaim } from '../ports/claim-store.js';
import type { Clock } from '../ports/clock.js';
import type { PaymentProvider } from '../ports/payment-provider.js';
import type { z } from 'zod';
import {
  commandSchemas as schemas,
  commandFingerprint,
  decideCommand,
  decideCreateClaim,
  type ClaimCommand,
  type CommandContext,
  validateInput,
  type AgreeInstallmentPlanInput,
  type ClaimFactsInput,
  type CommandOptions,
  type LiftHoldInput,
  type OpenDisputeInput,
  type PlaceHoldInput,
  type RecordPaymentInput,
  type RecordPromiseInput,
  type ResolveDisputeInput,
  type ReversePaymentInput,
} from './commands.js';
import { decide, type DecideContext, type Decision } from './decide.js';
import { messageSentEvent } from './delivery-events.js';
import { escalationBlock, isRestDay, nextNonRestDay, restDayChannels, type BlockedReason, type ContactRecord } from './guards.js';
import { renderPlainText, type Renderer } from './render.js';
import { nextReviewAt, reviewCandidates } from './review.js';

/** Options of {@link createMahnwerk}. */
export interface MahnwerkOptions {
  /** Where claims, their ledgers and the outbox live. */
  readonly store: ClaimStore;
  /** The channels messages go out on, by their `name` (e.g. `email`, `letter`). */
  readonly channels?: readonly Channel[];
  /** A payment provider; when given, every message carries a payment link (idempotency key = message id). */
  readonly payments?: PaymentProvider;
  /** The policy: a policy, policy data, a built-in id, or `'auto'` (de-b2c-default / de-b2b-default by debtor kind). */
  readonly policy: PolicySpec;
  /** Where today comes from. */
  readonly clock: Clock;
  /** Renders messages; default {@link renderPlainText}. `@mahnwerk/templates` provides a full renderer. */
  readonly render?: Renderer;
  /** Federal state whose public holidays count when a debtor has none (default: nationwide holidays only). */
  readonly state?: GermanState;
  /** Statement options (base-rate table, beyond-known base rates, day count, rounding). */
  readonly statement?: StatementOptions;
  /** Delivery attempts per channel before a message fails over to its fallback channel (default 3). */
  readonly maxAttempts?: number;
  /** Page size for due claims and the outbox (default 100). */
  readonly batchSize?: number;
  /**
   * How long one `send` may take before its outcome counts as unknown, in milliseconds (default
   * 30,000). An unknown outcome (it may have delivered) is retried on the same channel with the same
   * message id as idempotency key — never failed over to the fallback channel.
   */
  readonly sendTimeoutMs?: number;
  /** This dispatcher's name on its outbox leases (default `mahnwerk`); give each worker its own. */
  readonly workerId?: string;
}

/** The result of a command. */
export interface CommandResult {
  /** The claim. */
  readonly claimId: string;
  /** The claim's version after the command. */
  readonly version: number;
  /** The events the command recorded (for a replayed idempotency key: the events recorded the first time). */
  readonly events: readonly ClaimEvent[];
  /** True when the idempotency key (or payment id) was seen before and nothing was written. */
  readonly replayed: boolean;
}

/** A claim that could not be decided in a run, and why. */
export interface RunError {
  /** The claim. */
  readonly claimId: string;
  /** The error (a MahnwerkError with a code; e.g. `base_rate_unknown`). */
  readonly error: MahnwerkError;
}

/** What a delivery run did. */
export interface DispatchResult {
  /** Messages delivered. */
  readonly sent: number;
  /** Messages given up on (on all their channels). */
  readonly failed: number;
  /** Messages left pending for another try (retryable failures, quiet hours, Sundays, holds). */
  readonly deferred: number;
  /** Events recorded (`message-sent`, `message-failed`). */
  readonly events: readonly ClaimEvent[];
  /** Messages whose delivery broke off with an error (left for a later dispatch; the run went on). */
  readonly errors: readonly { readonly messageId: string; readonly error: string }[];
}

/** A step a guard blocked in a run. */
export interface BlockedStep {
  /** The claim. */
  readonly claimId: string;
  /** What was blocked and why. */
  readonly reason: BlockedReason;
}

/** What a daily run did. */
export interface RunDueResult {
  /** The business day of the run. */
  readonly date: IsoDate;
  /** Claims decided. */
  readonly decided: number;
  /** Every event recorded in the run (decisions and deliveries), claim by claim. */
  readonly events: readonly ClaimEvent[];
  /** Messages delivered. */
  readonly sent: number;
  /** Messages given up on. */
  readonly failed: number;
  /** What guards blocked, by claim. */
  readonly blocked: readonly BlockedStep[];
  /** Claims that could not be decided (the run goes on with the others). */
  readonly errors: readonly RunError[];
}

/** The host API: commands, the daily run, statements and the audit trail. */
export interface Mahnwerk extends ClaimQueries {
  /** Creates a claim (validated; `claim_exists` if the id is taken). */
  createClaim(facts: ClaimFactsInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records a payment, applied by § 367 BGB (costs, interest, principal). A known `paymentId` is not recorded twice. */
  recordPayment(input: RecordPaymentInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records a refund or chargeback of a recorded payment: its allocation is undone from the tail
   * (unapplied, principal, interest, costs) and a settled claim is reopened. A known `reversalId` is
   * not recorded twice; an unknown payment is refused with `payment_not_found` (retryable).
   */
  reversePayment(input: ReversePaymentInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records that the debtor disputes the claim; escalation stops. */
  openDispute(input: OpenDisputeInput, options?: CommandOptions): Promise<CommandResult>;
  /** Resolves an open dispute. */
  resolveDispute(input: ResolveDisputeInput, options?: CommandOptions): Promise<CommandResult>;
  /** Places a hold (Mahnstopp). */
  placeHold(input: PlaceHoldInput, options?: CommandOptions): Promise<CommandResult>;
  /** Lifts an active hold. */
  liftHold(input: LiftHoldInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records an agreed installment plan. */
  agreeInstallmentPlan(input: AgreeInstallmentPlanInput, options?: CommandOptions): Promise<CommandResult>;
  /** Records a promise to pay. */
  recordPromise(input: RecordPromiseInput, options?: CommandOptions): Promise<CommandResult>;
  /**
   * Records what a channel's provider reported about a sent message (delivered, bounced, failed,
   * opened, opted out) as an event on the claim. A bounce makes later messages skip that channel
   * for their fallback; an opt-out makes them skip it for good. The same report twice is recorded once.
   */
  recordDelivery(update: DeliveryUpdate, options?: CommandOptions): Promise<CommandResult>;
  /** Decides every due claim, stores the decisions with their outbox messages, then delivers the outbox. */
  runDue(date?: IsoDate): Promise<RunDueResult>;
  /** Delivers pending outbox messages (part of `runDue`; call it on its own to retry deliveries). */
  dispatch(date?: IsoDate): Promise<DispatchResult>;
  /** The claim's statement as of the end of `date` (default today). */
  statement(claimId: string, date?: IsoDate): Promise<Statement>;
  /** The claim's projected state. */
  claim(claimId: string): Promise<ClaimState>;
  /** The claim's ledger with audit hashes. */
  history(claimId: string): Promise<readonly AuditEntry<ClaimEvent>[]>;
  /** Verifies the claim's hash chain (anchored at its stored version). */
  verify(claimId: string): Promise<AuditVerification>;
}

const quietChannels: readonly string[] = ['email', 'sms', 'whatsapp'];

/** The runtime's timers (every JavaScript runtime has them; core declares no host types), for send deadlines. */
const timers = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

/** The runtime's `AbortController` (Node 16+, browsers, Deno, Bun), to abort a send past its deadline. */
const abortControllers = globalThis as unknown as { AbortController?: new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void } };

interface LocalInstant {
  readonly date: IsoDate;
  readonly time: string;
  readonly offset: string;
  readonly minutes: number;
}

function parseInstant(value: string, field = 'now'): LocalInstant {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (m === null) {
    throw new ValidationError(`${field}: "${value}" is not an ISO 8601 instant with offset, e.g. 2025-03-14T09:30:00+01:00.`, { field });
  }
  const [, date, hh, mm, offset] = m as unknown as [string, string, string, string, string];
  const h = Number.parseInt(hh, 10);
  const min = Number.parseInt(mm, 10);
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number.parseInt(offset.slice(1, 3), 10) * 60 + Number.parseInt(offset.slice(4, 6), 10));
  }
  return { date: parseIsoDate(date, field), time: `${hh}:${mm}`, offset, minutes: toDayNumber(date) * 1440 + h * 60 + min - offsetMinutes };
}

function inQuietHours(time: string, limits: Pick<ContactLimits, 'quietFrom' | 'quietTo'>): boolean {
  const { quietFrom: from, quietTo: to } = limits;
  return from > to ? time >= from || time < to : time >= from && time < to;
}

function isConflict(error: unknown): boolean {
  return MahnwerkError.isInstance(error) && error.code === 'conflict';
}

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

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the host API over a store, channels, an optional payment provider, a policy and a clock.
 *
 * Every command validates its input with zod before it reads or writes (a ValidationError names the
 * field), appends hash-chained audit entries with the version it read (optimistic concurrency; a lost
 * race is retried on fresh state), and honours an idempotency key: the same key again returns the
 * first result and writes nothing. `runDue` decides each due claim (`store.listDue`), stores the new
 * events, next review day and outbox messages in one append, and then delivers the outbox through
 * the channels — with retries, the stage's fallback channel, quiet hours, Sunday rest for SMS — and
 * records `message-sent` / `message-failed`.
 *
 * @param options - store, channels, payments, policy, clock, renderer, holiday state, statement options
 * @returns the host API
 * @throws PolicyError when the policy is invalid or unlawful
 */
export function createMahnwerk(options: MahnwerkOptions): Mahnwerk {
  const { store, clock } = options;
  const render = options.render ?? renderPlainText;
  const maxAttempts = options.maxAttempts ?? 3;
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const workerId = options.workerId ?? 'mahnwerk';
  const batchSize = options.batchSize ?? 100;
  const stOpts = options.statement ?? {};
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
  });
  const holidays = (facts: ClaimFacts): GermanState | undefined => facts.debtor.state ?? options.state;

  const load = async (claimId: string): Promise<StoredClaim> => {
    const stored = await store.load(claimId);
    if (stored === null) {
      throw new ClaimNotFoundError(`claimId: no claim "${claimId}" in the store; create it with createClaim first (check the id).`, { field: 'claimId' });
    }
    return stored;
  };
  const eventsOf = (stored: StoredClaim): ClaimEvent[] => stored.entries.map((e) => e.event);

  const write = async (
    stored: StoredClaim | null,
    claimId: string,
    debtorId: string,
    events: readonly ClaimEvent[],
    review: IsoDate | null,
    extra: { outbox?: readonly OutboxMessage[]; idempotencyKey?: string; idempotencyFingerprint?: string } = {},
  ): Promise<number> => {
    const chain: AuditEntry<ClaimEvent>[] = [...(stored?.entries ?? [])];
    const entries: AuditEntry<ClaimEvent>[] = [];
    for (const event of events) {
      const entry = appendAudit(chain, event);
      chain.push(entry);
      entries.push(entry);
    }
    const request: AppendRequest = {
      claimId,
      debtorId,
      expectedVersion: stored?.version ?? 0,
      entries,
      nextReviewAt: review,
      ...(extra.outbox === undefined || extra.outbox.length === 0 ? {} : { outbox: extra.outbox }),
      ...(extra.idempotencyKey === undefined ? {} : { idempotencyKey: extra.idempotencyKey }),
      ...(extra.idempotencyFingerprint === undefined ? {} : { idempotencyFingerprint: extra.idempotencyFingerprint }),
    };
    const { version } = await store.append(request);
    return version;
  };

  /**
   * The first result of a keyed command, when the key was used before for the same command on the
   * same claim with the same content (same fingerprint); an IdempotencyMismatchError when it was
   * used for anything else; null for a new key.
   */
  const replay = async (key: string, claimId: string, fingerprint: string): Promise<CommandResult | null> => {
    const hit = await store.findByIdempotencyKey(key);
    if (hit === null) return null;
    const [command] = fingerprint.split(':');
    const first = hit.fingerprint === undefined ? null : (hit.fingerprint.split(':')[0] ?? null);
    if (hit.claimId !== claimId || (hit.fingerprint !== undefined && hit.fingerprint !== fingerprint)) {
      const what = first === null ? 'another command' : first === command ? `${first} with different content` : first;
      throw new IdempotencyMismatchError(
        `idempotencyKey: "${key}" was first used for ${what} on claim "${hit.claimId}" (version ${hit.version}); this ${command} on claim "${claimId}" was not recorded — send it with a new key.`,
        { field: 'idempotencyKey' },
      );
    }
    const stored = await store.load(hit.claimId);
    const events = stored === null ? [] : eventsOf(stored).filter((e) => e.idempotencyKey === key);
    return { claimId: hit.claimId, version: hit.version, events, replayed: true };
  };

  type Built = { readonly events: readonly ClaimEvent[] } | { readonly existing: readonly ClaimEvent[] };

  /** Runs a command on an existing claim: replay, load, build, append, retry on a lost race. */
  const mutate = async (
    claimId: string,
    opts: CommandOptions | undefined,
    fingerprint: string,
    build: (state: ClaimState, today: IsoDate) => Built,
  ): Promise<CommandResult> => {
    const { idempotencyKey: key } = validateInput(schemas.options, opts ?? {}, 'options');
    for (let attempt = 0; ; attempt++) {
      if (key !== undefined) {
        const r = await replay(key, claimId, fingerprint);
        if (r !== null) return r;
      }
      const stored = await load(claimId);
      const state = project(eventsOf(stored));
      const today = clock.today();
      const built = build(state, today);
      if ('existing' in built) return { claimId, version: stored.version, events: built.existing, replayed: true };
      const events = built.events.map((e) => (key === undefined ? e : { ...e, idempotencyKey: key }));
      const next = project([...state.events, ...events]);
      // The next run looks at the claim again (a payment may settle it, a resolved dispute resume dunning).
      const review = terminalStatuses.includes(next.status) ? null : today;
      try {
        const version = await write(stored, claimId, stored.debtorId, events, review, key === undefined ? {} : { idempotencyKey: key, idempotencyFingerprint: fingerprint });
        return { claimId, version, events, replayed: false };
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  const commandContext = (facts: ClaimFacts): CommandContext => ({ ...contextFor(), policy: policyFor(facts) });

  const createClaim = async (input: ClaimFactsInput, opts?: CommandOptions): Promise<CommandResult> => {
    const parsed = validateInput(schemas.claimFacts, input, 'facts') as ClaimFacts;
    const { idempotencyKey: key } = validateInput(schemas.options, opts ?? {}, 'options');
    const policy = policyFor(parsed);
    const fingerprint = commandFingerprint('create-claim', parsed);
    for (let attempt = 0; ; attempt++) {
      if (key !== undefined) {
        const r = await replay(key, parsed.id, fingerprint);
        if (r !== null) return r;
      }
      if ((await store.load(parsed.id)) !== null) {
        throw new ClaimExistsError(`facts.id: a claim "${parsed.id}" already exists; use a new id, or an idempotency key to make retries safe.`, { field: 'facts.id' });
      }
      const today = clock.today();
      const created = decideCreateClaim(parsed, today, policy);
      const event: ClaimEvent = key === undefined ? created : { ...created, idempotencyKey: key };
      const state = initialState(event);
      const review = nextReviewAt(state, policy, contextFor(), today);
      try {
        const version = await write(null, parsed.id, parsed.debtor.id, [event], review, key === undefined ? {} : { idempotencyKey: key, idempotencyFingerprint: fingerprint });
        return { claimId: parsed.id, version, events: [event], replayed: false };
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  /** A host method: validates the input, then runs its command through {@link decideCommand}. */
  const command =
    <I extends { readonly claimId: string }>(schema: z.ZodType, type: ClaimCommand['type']) =>
    async (input: I, opts?: CommandOptions): Promise<CommandResult> => {
      const p = validateInput(schema, input) as I;
      return mutate(p.claimId, opts, commandFingerprint(type, p), (state, today) => {
        const decision = decideCommand(state, { ...p, type } as ClaimCommand, today, commandContext(state.facts));
        return decision.alreadyRecorded !== undefined ? { existing: decision.alreadyRecorded } : { events: decision.events };
      });
    };

  const recordPayment = command<RecordPaymentInput>(schemas.recordPayment, 'record-payment');
  const reversePayment = command<ReversePaymentInput>(schemas.reversePayment, 'reverse-payment');
  const openDispute = command<OpenDisputeInput>(schemas.openDispute, 'open-dispute');
  const resolveDispute = command<ResolveDisputeInput>(schemas.resolveDispute, 'resolve-dispute');
  const placeHold = command<PlaceHoldInput>(schemas.placeHold, 'place-hold');
  const liftHold = command<LiftHoldInput>(schemas.liftHold, 'lift-hold');
  const agreeInstallmentPlan = command<AgreeInstallmentPlanInput>(schemas.agreeInstallmentPlan, 'agree-installment-plan');
  const recordPromise = command<RecordPromiseInput>(schemas.recordPromise, 'record-promise');

  const recordDelivery = async (update: DeliveryUpdate, opts?: CommandOptions): Promise<CommandResult> => {
    const u = validateInput(schemas.recordDelivery, update, 'update');
    return mutate(u.claimId, opts, commandFingerprint('record-delivery', u), (state, today) => {
      if (!state.messages.some((m) => m.messageId === u.messageId)) {
        throw new ValidationError(`update.messageId: claim "${u.claimId}" has no message "${u.messageId}"; pass the id the message was sent with (its idempotency key).`, {
          field: 'update.messageId',
        });
      }
      const base = { claimId: state.facts.id, date: today, messageId: u.messageId, channel: u.channel, ...(u.at === undefined ? {} : { at: u.at }) };
      const said = u.detail === undefined ? '' : `: ${u.detail}`;
      let event: ClaimEvent;
      switch (u.status) {
        case 'delivered':
          event = { type: 'message-delivered', ...base, ...(u.providerMessageId === undefined ? {} : { providerMessageId: u.providerMessageId }), reason: { rule: 'delivery.delivered', text: `Delivered by ${u.channel}${said}.` } };
          break;
        case 'bounced':
          event = {
            type: 'message-bounced',
            ...base,
            error: u.detail ?? 'bounced',
            ...(u.providerMessageId === undefined ? {} : { providerMessageId: u.providerMessageId }),
            reason: { rule: 'delivery.bounced', text: `The ${u.channel} provider reported a bounce${said}; later messages go out on their fallback channel.` },
          };
          break;
        case 'failed':
          event = { type: 'message-failed', ...base, error: u.detail ?? 'the provider reported the delivery failed', retryable: false, reason: { rule: 'delivery.failed', text: `The ${u.channel} provider could not deliver${said}.` } };
          break;
        case 'opened':
          event = { type: 'message-opened', ...base, reason: { rule: 'delivery.opened', text: `Opened (reported by ${u.channel})${said}.` } };
          break;
        case 'opted-out':
          event = { type: 'channel-opted-out', ...base, reason: { rule: 'delivery.opted-out', text: `The debtor opted out of ${u.channel}${said}; no further messages on it.` } };
          break;
      }
      const same = state.events.find((e) => e.type === event.type && 'messageId' in e && e.messageId === u.messageId && 'channel' in e && e.channel === u.channel);
      return same === undefined ? { events: [event] } : { existing: [same] };
    });
  };

  /** The outbox entry for a queued message: quiet hours from the clock become `notBefore`. */
  const toOutbox = (event: ClaimEventOf<'message-queued'>, debtorId: string, policy: Policy, state: GermanState | undefined): OutboxMessage => {
    let notBefore: string | undefined;
    if (quietChannels.includes(event.channel)) {
      const now = parseInstant(clock.now());
      if (now.date === event.date && inQuietHours(now.time, policy.contactLimits)) {
        // The next time the quiet hours end: later today, or tomorrow.
        let day = now.time < policy.contactLimits.quietTo ? now.date : addDays(now.date, 1);
        if (restDayChannels.includes(event.channel)) day = nextNonRestDay(day, state);
        notBefore = `${day}T${policy.contactLimits.quietTo}:00${now.offset}`;
      }
    }
    return {
      id: event.messageId,
      claimId: event.claimId,
      debtorId,
      channel: event.channel,
      ...(event.fallbackChannel === undefined ? {} : { fallbackChannel: event.fallbackChannel }),
      template: event.template,
      ...(notBefore === undefined ? {} : { notBefore }),
      date: event.date,
      status: 'pending',
      attempts: 0,
    };
  };

  /** Decides one claim and stores the decision; retried on a lost race. */
  const decideClaim = async (claimId: string, day: IsoDate): Promise<{ decision: Decision; events: readonly ClaimEvent[] } | null> => {
    for (let attempt = 0; ; attempt++) {
      const stored = await store.load(claimId);
      if (stored === null) return null;
      const state = project(eventsOf(stored));
      const policy = policyFor(state.facts);
      const since = addDays(day, -(policy.contactLimits.perDays - 1));
      const contacts = (await store.contactsSince(stored.debtorId, since))
        .filter((m) => m.status !== 'failed' && m.date <= day)
        .map((m) => ({ date: m.date, channel: m.channel, claimId: m.claimId, messageId: m.id }));
      const decision = decide(state, policy, day, contextFor(contacts));
      if (decision.events.length === 0 && decision.nextReviewAt === stored.nextReviewAt) return { decision, events: [] };
      const outbox = decision.events
        .filter((e): e is ClaimEventOf<'message-queued'> => e.type === 'message-queued')
        .map((e) => toOutbox(e, stored.debtorId, policy, holidays(state.facts)));
      try {
        await write(stored, claimId, stored.debtorId, decision.events, decision.nextReviewAt, { outbox });
        return { decision, events: decision.events };
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  /** Appends delivery events to a claim (reloading on a lost race) and refreshes its next review day. */
  const appendDelivery = async (claimId: string, make: (state: ClaimState) => ClaimEvent[], day: IsoDate): Promise<ClaimEvent[]> => {
    for (let attempt = 0; ; attempt++) {
      const stored = await load(claimId);
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
      try {
        await write(stored, claimId, stored.debtorId, events, review);
        return events;
      } catch (error) {
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

  const deliver = async (lease: OutboxLease, day: IsoDate, recorded: ClaimEvent[]): Promise<Outcome> => {
    const msg = lease.message;
    let completed = false;
    const complete = async (outcome: OutboxOutcome): Promise<void> => {
      completed = true;
      await store.completeOutbox(lease.attemptId, outcome);
    };
    const outcome = await attemptDelivery(lease, day, recorded, complete);
    // Not tried (quiet hours, a hold, a rest day, a later date): give the lease back uncounted.
    if (!completed) await store.completeOutbox(lease.attemptId, { status: 'released' });
    return outcome;
  };

  const attemptDelivery = async (lease: OutboxLease, day: IsoDate, recorded: ClaimEvent[], complete: (outcome: OutboxOutcome) => Promise<void>): Promise<Outcome> => {
    const msg = lease.message;
    if (msg.date > day) return 'deferred';
    if (msg.notBefore !== undefined && parseInstant(clock.now()).minutes < parseInstant(msg.notBefore, 'notBefore').minutes) return 'deferred';
    const stored = await load(msg.claimId);
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
    for (const lease of leases) {
      let outcome: Outcome;
      try {
        outcome = await deliver(lease, day, recorded);
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

  const runDue = async (date?: IsoDate): Promise<RunDueResult> => {
    const day = parseIsoDate(date ?? clock.today(), 'date');
    const events: ClaimEvent[] = [];
    const blockedList: BlockedStep[] = [];
    const errors: RunError[] = [];
    let decided = 0;
    let cursor: string | undefined;
    for (;;) {
      const ids = await store.listDue(day, { limit: batchSize, ...(cursor === undefined ? {} : { cursor }) });
      for (const claimId of ids) {
        try {
          const r = await decideClaim(claimId, day);
          if (r === null) continue;
          decided += 1;
          events.push(...r.events);
          for (const b of r.decision.blocked) blockedList.push({ claimId, reason: b });
        } catch (error) {
          // One claim's problem (unknown base rate, a lost race after retries …) does not stop the run.
          if (!MahnwerkError.isInstance(error)) throw error;
          errors.push({ claimId, error });
        }
      }
      if (ids.length < batchSize) break;
      cursor = ids[ids.length - 1];
    }
    const delivery = await dispatch(day);
    events.push(...delivery.events);
    return { date: day, decided, events, sent: delivery.sent, failed: delivery.failed, blocked: blockedList, errors };
  };

  return {
    createClaim,
    recordPayment,
    reversePayment,
    openDispute,
    resolveDispute,
    placeHold,
    liftHold,
    agreeInstallmentPlan,
    recordPromise,
    recordDelivery,
    runDue,
    dispatch,
    statement: async (claimId, date) => {
      const state = project(eventsOf(await load(claimId)));
      return statementOf(state, parseIsoDate(date ?? clock.today(), 'date'), stOpts);
    },
    claim: async (claimId) => project(eventsOf(await load(claimId))),
    history: async (claimId) => (await load(claimId)).entries,
    verify: async (claimId) => {
      const stored = await load(claimId);
      return verifyAudit(stored.entries, { expectedLength: stored.version });
    },
    ...claimQueries(store),
  };
}
