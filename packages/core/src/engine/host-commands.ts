import type { IsoDate } from '../calendar/date.js';
import { ClaimExistsError, IdempotencyMismatchError, ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { saidReason } from '../ledger/reason-texts.js';
import { evolveAll, initialState, isTerminalStatus, project } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import type { DeliveryUpdate } from '../ports/channel.js';
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
  type AmendClaimFactsInput,
  type CorrectClaimFactsInput,
  type ClaimFactsInput,
  type CommandOptions,
  type LiftHoldInput,
  type OpenDisputeInput,
  type PlaceHoldInput,
  type RecordAdjustmentInput,
  type RecordPaymentInput,
  type RecordPromiseInput,
  type ResolveDisputeInput,
  type ReversePaymentInput,
} from './commands.js';
import { isConflict, reopenReported, type HostContext } from './host-context.js';
import type { CommandResult, DeliveryResult, Mahnwerk, PaymentResult } from './host-types.js';
import { referencesUnfoundedBy } from './triggers.js';
import { money } from '../money/money.js';
import { nextReviewAt } from './review.js';

/**
 * The host API's commands. Each validates its input, loads the claim, asks its decider
 * (`decideCreateClaim`, `decideCommand`) for the events and appends them — honouring idempotency
 * keys (a replay of the same command; `idempotency_mismatch` for anything else) and retrying a lost
 * race on fresh state. `recordDelivery` records a provider's report on a sent message.
 *
 * @internal
 */
export function createCommands(
  ctx: HostContext,
): Pick<Mahnwerk, 'createClaim' | 'recordPayment' | 'reversePayment' | 'recordAdjustment' | 'openDispute' | 'resolveDispute' | 'placeHold' | 'liftHold' | 'agreeInstallmentPlan' | 'recordPromise' | 'amendClaimFacts' | 'correctClaimFacts' | 'recordDelivery'> {
  const { store, clock, policyFor, contextFor, load, eventsOf, write } = ctx;

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
      const review = isTerminalStatus(next.status) ? null : today;
      try {
        const { version, recorded } = await write(stored, claimId, stored.debtorId, events, review, key === undefined ? {} : { idempotencyKey: key, idempotencyFingerprint: fingerprint });
        return { claimId, version, events: recorded, replayed: false };
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
        const { version, recorded } = await write(null, parsed.id, parsed.debtor.id, [event], review, key === undefined ? {} : { idempotencyKey: key, idempotencyFingerprint: fingerprint });
        return { claimId: parsed.id, version, events: recorded, replayed: false };
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

  const recordPayment = async (input: RecordPaymentInput, opts?: CommandOptions): Promise<PaymentResult> => {
    const p = validateInput(schemas.recordPayment, input) as RecordPaymentInput;
    let currency: string | undefined;
    const result = await mutate(p.claimId, opts, commandFingerprint('record-payment', p), (state, today) => {
      currency = state.facts.currency;
      const decision = decideCommand(state, { ...p, type: 'record-payment' }, today, commandContext(state.facts));
      return decision.alreadyRecorded !== undefined ? { existing: decision.alreadyRecorded } : { events: decision.events };
    });
    // The payment's own event: the one booked, or the one already recorded under its id or key.
    const booked = result.events.find((e) => e.type === 'payment-received');
    if (booked === undefined || booked.type !== 'payment-received') {
      throw new IdempotencyMismatchError(
        `idempotencyKey: it was first used on claim "${result.claimId}" for a command that recorded no payment; this payment was not recorded — send it with a new key.`,
        { field: 'idempotencyKey' },
      );
    }
    // A replay by idempotency key answers before the claim is read: then its currency is read now.
    currency ??= project(eventsOf(await load(result.claimId))).facts.currency;
    return { ...result, paymentId: booked.paymentId, unapplied: money(booked.allocation.unapplied, currency) };
  };
  const reversePayment = command<ReversePaymentInput>(schemas.reversePayment, 'reverse-payment');
  const recordAdjustment = command<RecordAdjustmentInput>(schemas.recordAdjustment, 'record-adjustment');
  const openDispute = command<OpenDisputeInput>(schemas.openDispute, 'open-dispute');
  const resolveDispute = command<ResolveDisputeInput>(schemas.resolveDispute, 'resolve-dispute');
  const placeHold = command<PlaceHoldInput>(schemas.placeHold, 'place-hold');
  const liftHold = command<LiftHoldInput>(schemas.liftHold, 'lift-hold');
  const agreeInstallmentPlan = command<AgreeInstallmentPlanInput>(schemas.agreeInstallmentPlan, 'agree-installment-plan');
  const recordPromise = command<RecordPromiseInput>(schemas.recordPromise, 'record-promise');
  const amendClaimFacts = command<AmendClaimFactsInput>(schemas.amendClaimFacts, 'amend-claim-facts');
  const correctClaimFacts = command<CorrectClaimFactsInput>(schemas.correctClaimFacts, 'correct-claim-facts');

  /** Whether `e` is the delivery report `r` (one report per type, message, channel and day: the same report twice is recorded once). */
  const isReport = (e: ClaimEvent, r: ClaimEvent): boolean =>
    e.type === r.type && 'messageId' in e && 'messageId' in r && e.messageId === r.messageId && 'channel' in e && 'channel' in r && e.channel === r.channel && e.date === r.date;

  const recordDelivery = async (update: DeliveryUpdate, opts?: CommandOptions): Promise<DeliveryResult> => {
    const u = validateInput(schemas.recordDelivery, update, 'update');
    // The claim with the report in it (as recorded now, or as found already recorded).
    let after: ClaimState | undefined;
    const result = await mutate(u.claimId, opts, commandFingerprint('record-delivery', u), (state, today) => {
      if (!state.messages.some((m) => m.messageId === u.messageId)) {
        throw new ValidationError(`update.messageId: claim "${u.claimId}" has no message "${u.messageId}"; pass the id the message was sent with (its idempotency key).`, {
          field: 'update.messageId',
        });
      }
      const base = { claimId: state.facts.id, date: today, messageId: u.messageId, channel: u.channel, ...(u.at === undefined ? {} : { at: u.at }) };
      let event: ClaimEvent;
      switch (u.status) {
        case 'delivered':
          event = { type: 'message-delivered', ...base, ...(u.providerMessageId === undefined ? {} : { providerMessageId: u.providerMessageId }), reason: saidReason('delivery.delivered', undefined, undefined, 'reportedDelivered', u.channel, u.detail) };
          break;
        case 'bounced':
          event = {
            type: 'message-bounced',
            ...base,
            error: u.detail ?? 'bounced',
            ...(u.providerMessageId === undefined ? {} : { providerMessageId: u.providerMessageId }),
            reason: saidReason('delivery.bounced', undefined, undefined, 'reportedBounce', u.channel, u.detail),
          };
          break;
        case 'failed':
          event = { type: 'message-failed', ...base, error: u.detail ?? 'the provider reported the delivery failed', retryable: false, reason: saidReason('delivery.failed', undefined, undefined, 'reportedFailed', u.channel, u.detail) };
          break;
        case 'opened':
          event = { type: 'message-opened', ...base, reason: saidReason('delivery.opened', undefined, undefined, 'reportedOpened', u.channel, u.detail) };
          break;
        case 'opted-out':
          event = { type: 'channel-opted-out', ...base, reason: saidReason('delivery.opted-out', undefined, undefined, 'reportedOptOut', u.channel, u.detail) };
          break;
      }
      // The same report recorded before. A give-up that may have gone (`message-failed` with `contentHash`)
      // is not a report of failure: it says the message may have been delivered, the report says it was not.
      const same = state.events.find(
        (e) => e.type === event.type && 'messageId' in e && e.messageId === u.messageId && 'channel' in e && e.channel === u.channel && !(e.type === 'message-failed' && e.contentHash !== undefined),
      );
      after = same === undefined ? evolveAll(state, [event]) : state;
      return same === undefined ? { events: [event] } : { existing: [same] };
    });
    // A definite report of non-delivery may bring back a message given up on as one that may have gone: its
    // outbox row goes back to pending (reopenReported). Asked with the claim as the command left it, or read
    // anew (a replay by idempotency key answers without reading it); a crash before this line is repaired by
    // a report sent again or by the next daily run, which asks the same for the claim (due today).
    if (u.status !== 'bounced' && u.status !== 'failed') return { ...result, unfoundedReferences: [] };
    const withReport = after ?? project(eventsOf(await load(u.claimId)));
    await reopenReported(store, withReport, u.messageId);
    // The notices this report left referring to one the debtor never got: the claim with the report
    // against the claim without it (the report's event taken out — also for a replay, which answers the same).
    const without = withReport.events.filter((e) => !result.events.some((r) => isReport(e, r)));
    return { ...result, unfoundedReferences: referencesUnfoundedBy(project(without), withReport, policyFor(withReport.facts)) };
  };

  return { createClaim, recordPayment, reversePayment, recordAdjustment, openDispute, resolveDispute, placeHold, liftHold, agreeInstallmentPlan, recordPromise, amendClaimFacts, correctClaimFacts, recordDelivery };
}
