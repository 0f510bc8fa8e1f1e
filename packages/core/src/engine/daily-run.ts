import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { formatInstant } from '../calendar/instant.js';
import { MahnwerkError } from '../errors/errors.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts } from '../ledger/events.js';
import type { Policy } from '../policy/schema.js';
import type { ClaimState } from '../ledger/state.js';
import type { OutboxMessage, StoredClaim } from '../ports/claim-store.js';
import { checkRunDay } from './commands.js';
import { decide, type Decision } from './decide.js';
import type { ContactRecord } from './guards.js';
import { isConflict, reopenReported, sendableAt, sendInstant, type HostContext, type PreparedWrite } from './host-context.js';
import { reopenedMessages } from './delivery-events.js';
import type { BlockedStep, DispatchResult, RunDueResult, RunError } from './host-types.js';

/** What deciding one claim gave: the decision and the events as recorded. */
interface Decided {
  readonly decision: Decision;
  readonly events: readonly ClaimEvent[];
}

/**
 * The daily run: `runDue(day)` decides every claim due on the day (`store.listDue`, page by page),
 * stores each decision with its next review day and its outbox messages, then hands the outbox to
 * the dispatcher. One claim's error is reported and the run goes on.
 *
 * With a store that has `loadMany` and `appendMany`, a page is one batch: its claims loaded in one
 * read, their debtors' recent contacts in one read (`contactsSinceMany`, when the store has it),
 * each claim decided as the claim-by-claim run decides it — in page order, a debtor's messages
 * queued earlier in the page counted as contacts of their later claims, as if they were stored
 * already — and all decisions appended in one transaction. A claim whose append conflicts (it
 * moved on meanwhile) is decided again on its own; when the batch fails as a whole (a broken
 * request, a database error), every claim of the page is decided again on its own, so one claim's
 * problem is reported on that claim. Without those methods each claim is loaded, decided and
 * appended on its own.
 *
 * @internal
 */
export function createDailyRun(ctx: HostContext, dispatch: (day: IsoDate) => Promise<DispatchResult>): { runDue(date?: IsoDate): Promise<RunDueResult> } {
  const { store, clock, channels, batchSize, policyFor, contextFor, holidays, stateOf, prepareWrite, anchorWrite } = ctx;
  const batched = store.loadMany !== undefined && store.appendMany !== undefined;

  /**
   * The outbox entry for a queued message: when it may not go at the clock's instant — in the hours its
   * channel keeps quiet, or on SMS and WhatsApp on a Sunday or holiday at that instant on the debtor's
   * wall clock ({@link sendableAt} at {@link sendInstant}, the dispatcher's rule) — the instant it may
   * becomes `notBefore`, with the offset of that instant in the debtor's zone, else the clock's (after a
   * change of summer time, not the offset of the clock's instant now).
   */
  const toOutbox = (event: ClaimEventOf<'message-queued'>, debtorId: string, policy: Policy, facts: ClaimFacts): OutboxMessage => {
    let notBefore: string | undefined;
    const state = holidays(facts);
    const now = sendInstant(clock, facts.debtor);
    const from = sendableAt(event.channel, now, policy.contactLimits, channels.get(event.channel)?.capabilities?.allowedHours, state);
    if (from !== null) notBefore = formatInstant(from);
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

  /** The recent contacts of a claim's debtor the decision counts (not failed, decided on or before the day). */
  const contactRecords = (messages: readonly OutboxMessage[], day: IsoDate, since: IsoDate): ContactRecord[] =>
    messages
      .filter((m) => m.status !== 'failed' && m.date >= since && m.date <= day)
      .map((m) => ({ date: m.date, channel: m.channel, claimId: m.claimId, messageId: m.id }));

  /** The first day of a claim's contact window ending on `day`. */
  const contactWindowStart = (policy: Policy, day: IsoDate): IsoDate => addDays(day, -(policy.contactLimits.perDays - 1));

  /**
   * Decides a loaded claim on the day and prepares its write: null when the decision changes
   * nothing (no events, same review day).
   */
  const prepareDecision = (
    stored: StoredClaim,
    state: ClaimState,
    day: IsoDate,
    contacts: readonly ContactRecord[],
  ): { decision: Decision; prepared: PreparedWrite | null; outbox: readonly OutboxMessage[] } => {
    const policy = policyFor(state.facts);
    const decision = decide(state, policy, day, contextFor(contacts));
    if (decision.events.length === 0 && decision.nextReviewAt === stored.nextReviewAt) return { decision, prepared: null, outbox: [] };
    const outbox = decision.events
      .filter((e): e is ClaimEventOf<'message-queued'> => e.type === 'message-queued')
      .map((e) => toOutbox(e, stored.debtorId, policy, state.facts));
    const prepared = prepareWrite(stored, stored.claimId, stored.debtorId, decision.events, decision.nextReviewAt, { outbox, state });
    return { decision, prepared, outbox };
  };

  /** Decides one claim and stores the decision; retried on a lost race. */
  const decideClaim = async (claimId: string, day: IsoDate): Promise<Decided | null> => {
    for (let attempt = 0; ; attempt++) {
      const stored = await store.load(claimId);
      if (stored === null) return null;
      const state = stateOf(stored);
      // A message a report took back whose outbox row is still failed (a crash after the report's write) goes back first.
      await reopenReported(store, state);
      const since = contactWindowStart(policyFor(state.facts), day);
      const contacts = contactRecords(await store.contactsSince(stored.debtorId, since), day, since);
      const { decision, prepared } = prepareDecision(stored, state, day, contacts);
      if (prepared === null) return { decision, events: [] };
      try {
        const { version } = await store.append(prepared.request);
        await anchorWrite(prepared, version);
        return { decision, events: prepared.recorded };
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
  };

  /** The page's debtors' messages since the earliest contact window's start: one read, or one per debtor. */
  const pageContacts = async (debtorIds: readonly string[], since: IsoDate): Promise<Map<string, OutboxMessage[]>> => {
    const byDebtor = new Map<string, OutboxMessage[]>(debtorIds.map((d) => [d, []]));
    const messages =
      store.contactsSinceMany === undefined
        ? (await Promise.all(debtorIds.map((d) => store.contactsSince(d, since)))).flat()
        : await store.contactsSinceMany(debtorIds, since);
    for (const m of messages) byDebtor.get(m.debtorId)?.push(m);
    return byDebtor;
  };

  /**
   * Decides a page of claims as one batch (see {@link createDailyRun}): the results per claim id
   * (null: not stored), errors per claim id, and the ids to decide again on their own.
   */
  const decidePage = async (
    ids: readonly string[],
    day: IsoDate,
  ): Promise<{ decided: Map<string, Decided | null>; errors: Map<string, MahnwerkError>; again: string[] }> => {
    const decided = new Map<string, Decided | null>();
    const errors = new Map<string, MahnwerkError>();
    const loadMany = store.loadMany as NonNullable<typeof store.loadMany>;
    const appendMany = store.appendMany as NonNullable<typeof store.appendMany>;
    const loaded = await loadMany.call(store, ids);
    const claims: { stored: StoredClaim; state: ClaimState; since: IsoDate }[] = [];
    ids.forEach((claimId, i) => {
      const stored = loaded[i] ?? null;
      if (stored === null) {
        decided.set(claimId, null);
        return;
      }
      try {
        const state = stateOf(stored);
        claims.push({ stored, state, since: contactWindowStart(policyFor(state.facts), day) });
      } catch (error) {
        if (!MahnwerkError.isInstance(error)) throw error;
        errors.set(claimId, error);
      }
    });
    // A message a report took back whose outbox row is still failed (a crash after the report's write) goes
    // back first, as in the claim-by-claim run; a claim whose row cannot be put back is not decided (it stays due).
    for (const c of [...claims]) {
      if (reopenedMessages(c.state).length === 0) continue;
      try {
        await reopenReported(store, c.state);
      } catch (error) {
        if (!MahnwerkError.isInstance(error)) throw error;
        errors.set(c.stored.claimId, error);
        claims.splice(claims.indexOf(c), 1);
      }
    }
    if (claims.length === 0) return { decided, errors, again: [] };
    const earliest = claims.reduce((min, c) => (c.since < min ? c.since : min), day);
    const contacts = await pageContacts([...new Set(claims.map((c) => c.stored.debtorId))], earliest);
    const writes: { decision: Decision; prepared: PreparedWrite }[] = [];
    for (const { stored, state, since } of claims) {
      try {
        const mine = contacts.get(stored.debtorId) ?? [];
        const { decision, prepared, outbox } = prepareDecision(stored, state, day, contactRecords(mine, day, since));
        if (prepared === null) {
          decided.set(stored.claimId, { decision, events: [] });
          continue;
        }
        // Later claims of the debtor in this page count these messages, as if stored already.
        mine.push(...outbox);
        writes.push({ decision, prepared });
      } catch (error) {
        if (!MahnwerkError.isInstance(error)) throw error;
        errors.set(stored.claimId, error);
      }
    }
    if (writes.length === 0) return { decided, errors, again: [] };
    let outcomes;
    try {
      outcomes = await appendMany.call(store, writes.map((w) => w.prepared.request));
    } catch (error) {
      if (!MahnwerkError.isInstance(error)) throw error;
      // Nothing of the batch was written: each claim on its own, so a problem stays with its claim.
      return { decided, errors, again: writes.map((w) => w.prepared.request.claimId) };
    }
    const again: string[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const w = writes[i] as (typeof writes)[number];
      if (outcome.status === 'conflict') {
        again.push(outcome.claimId);
        continue;
      }
      try {
        await anchorWrite(w.prepared, outcome.version);
        decided.set(outcome.claimId, { decision: w.decision, events: w.prepared.recorded });
      } catch (error) {
        // Written, but not anchored: reported on the claim, as the claim-by-claim run reports it.
        if (!MahnwerkError.isInstance(error)) throw error;
        errors.set(outcome.claimId, error);
      }
    }
    return { decided, errors, again };
  };

  const runDue = async (date?: IsoDate): Promise<RunDueResult> => {
    const today = clock.today();
    const day = parseIsoDate(date ?? today, 'date');
    // The one rule of which day may be run: not after the clock's today (recordPayment's rule), not
    // before the last day the store records as run.
    await checkRunDay(store, day, today);
    const events: ClaimEvent[] = [];
    const blockedList: BlockedStep[] = [];
    const errors: RunError[] = [];
    let decided = 0;
    let cursor: string | undefined;
    for (;;) {
      const ids = await store.listDue(day, { limit: batchSize, ...(cursor === undefined ? {} : { cursor }) });
      let page: Awaited<ReturnType<typeof decidePage>> | undefined;
      if (batched && ids.length > 1) {
        try {
          page = await decidePage(ids, day);
        } catch (error) {
          // The page could not be read (nothing of it was written): claim by claim, so each claim's problem is its own.
          if (!MahnwerkError.isInstance(error)) throw error;
        }
      }
      const again = new Set(page?.again ?? ids);
      for (const claimId of ids) {
        try {
          const early = page?.errors.get(claimId);
          if (early !== undefined) throw early;
          const r = again.has(claimId) ? await decideClaim(claimId, day) : page?.decided.get(claimId);
          if (r === null || r === undefined) continue;
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
    // Every claim due on the day is decided and stored (a claim's error is its own and stays due):
    // the day is run, and a later run of an earlier day is refused. Recorded before the delivery, so
    // a delivery that fails (even as a whole) leaves the day run: its decisions are written, and what
    // it did not send stays queued for the next dispatch (dated this day or later, checkRunDay).
    if (store.recordRunDay !== undefined) await store.recordRunDay(day);
    const delivery = await dispatch(day);
    events.push(...delivery.events);
    return { date: day, decided, events, sent: delivery.sent, failed: delivery.failed, failures: delivery.failures, fallbacks: delivery.fallbacks, blocked: blockedList, errors };
  };

  return { runDue };
}
