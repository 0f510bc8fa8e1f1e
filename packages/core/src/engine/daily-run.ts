import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { MahnwerkError } from '../errors/errors.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf } from '../ledger/events.js';
import { project } from '../ledger/project.js';
import type { Policy } from '../policy/schema.js';
import type { OutboxMessage } from '../ports/claim-store.js';
import { decide, type Decision } from './decide.js';
import { nextNonRestDay, restDayChannels } from './guards.js';
import { inQuietHours, isConflict, parseInstant, quietChannels, type HostContext } from './host-context.js';
import type { BlockedStep, DispatchResult, RunDueResult, RunError } from './host-types.js';

/**
 * The daily run: `runDue(day)` decides every claim due on the day (`store.listDue`, page by page),
 * stores each decision with its next review day and its outbox messages in one append, then hands
 * the outbox to the dispatcher. One claim's error is reported and the run goes on.
 *
 * @internal
 */
export function createDailyRun(ctx: HostContext, dispatch: (date?: IsoDate) => Promise<DispatchResult>): { runDue(date?: IsoDate): Promise<RunDueResult> } {
  const { store, clock, batchSize, policyFor, contextFor, holidays, eventsOf, write } = ctx;

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
        const { recorded } = await write(stored, claimId, stored.debtorId, decision.events, decision.nextReviewAt, { outbox });
        return { decision, events: recorded };
      } catch (error) {
        if (isConflict(error) && attempt < 3) continue;
        throw error;
      }
    }
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

  return { runDue };
}
