import { claimLegalTerms } from '../ledger/legal-terms.js';
import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { collectionCostsFigures, type CollectionCase, type CollectionCostsInput } from '../law/de/collection-costs.js';
import { feeItemsOf, feesBeforeDefaultCorrection, interestReallocation } from './fee-corrections.js';
import { scaledToAmountString, scaledToMoney, scaledToString } from '../money/scaled.js';
import { courtDunningFeeFigures } from '../law/de/court-fee.js';
import { creditorDunningFee, type CreditorDunningFeeInput } from '../law/de/dunning-fees.js';
import { flatFeeDue, flatFeeRefusal, type FlatFeeInput } from '../law/de/flat-fee.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf, Reason } from '../ledger/events.js';
import { saidReason } from '../ledger/reason-texts.js';
import { feeId as makeFeeId, idsInUse, messageId as makeMessageId, nextFreeId } from '../ledger/ids.js';
import { evolve, evolveAll, isTerminalStatus } from '../ledger/project.js';
import type { ClaimState } from '../ledger/state.js';
import { feeReducedNet } from '../ledger/fee-reduction.js';
import { emptyList } from '../lists.js';
import { isStatementSettled, statementFigures, type StatementFigures, type StatementOptions } from '../ledger/statement.js';
import type { DecideContext } from './context.js';
import { isPositive, money, subtract, sum, toAmountString, type Money } from '../money/money.js';
import type { Policy, Stage, StageAction } from '../policy/schema.js';
import {
  agencyHandoverBlock,
  blocked,
  contactLimitCheckBy,
  escalationBlock,
  isRestDay,
  letterPendingBlock,
  messageBlock,
  nextNonRestDay,
  restDayChannels,
  stageConditionBlock,
  type BlockedReason,
  type GuardId,
} from './guards.js';
import { earliestWithLimitation, forEachReviewCandidate, knownAfter, knownFor, noDeferredLimitation, type KnownOfState } from './review.js';
import { paymentDeadline } from './deadline.js';
import { installmentCheck, keptPlanRemainder, type KeptPlanRemainder } from './installment-agreement.js';

/** The skipped stages of a stage re-entered for a kept plan's remainder: none. */
const noneSkippedHere: readonly SkippedStage[] = Object.freeze([]);
import { defaultFromLedger, withdrawnDefault, holidayState, limitationEndOfClaim, limitationEndOrBound, limitationInput, limitationNotBeforeOfClaim, limitationOfClaim, nextStageOf, noBelowMinimum, noticeKinds, promiseHolds, promiseKept, promisePaid, type BelowMinimum, type PromiseHold, type SkippedStage, type StageWait } from './triggers.js';

export type { DecideContext } from './context.js';

/** The outcome of {@link decide}. */
export interface Decision {
  /** New events, in the order they are to be appended; empty when nothing is due. */
  readonly events: readonly ClaimEvent[];
  /** The next day the claim needs a look (always after `today`), or `null` when it needs none. */
  readonly nextReviewAt: IsoDate | null;
  /** What the policy asked for but a guard stopped (with the day to try again, when known). */
  readonly blocked: readonly BlockedReason[];
}

/** Legal character of stage kinds, for stage-entered reasons. */
const stageBasis: Record<Stage['kind'], string | undefined> = {
  reminder: undefined,
  'dunning-notice': '§ 286 Abs. 1 BGB',
  'final-notice': '§ 286 Abs. 1 BGB',
  handover: '§ 13e RDG; §§ 280 Abs. 2, 286 BGB',
  'court-dunning': '§§ 688 ff. ZPO; § 204 Abs. 1 Nr. 3 BGB',
  'write-off': undefined,
};

/** The policy tag events carry: `${id}@${version}`. */
export function policyTag(policy: Pick<Policy, 'id' | 'version'>): string {
  // Asked for by every decision: the text is kept per policy object while its id and version stay the same.
  const known = policyTags.get(policy);
  if (known !== undefined && known.id === policy.id && known.version === policy.version) return known.tag;
  const tag = `${policy.id}@${policy.version}`;
  policyTags.set(policy, { id: policy.id, version: policy.version, tag });
  return tag;
}

const policyTags = new WeakMap<object, { readonly id: string; readonly version: Policy['version']; readonly tag: string }>();

/** A reason with its optional basis in second place: the key order every event's reason has. @internal */
function reasonOf(rule: string, basis: string | undefined, text: string, inputs: NonNullable<Reason['inputs']>): Reason {
  return basis === undefined ? { rule, text, inputs } : { rule, basis, text, inputs };
}

/**
 * Decides what happens to a claim on `today` under a policy. Pure and idempotent: the same state,
 * policy, day and context give the same events, and deciding again on the state with those events
 * appended gives no new events.
 *
 * In order: (1) holds whose `until` has passed are lifted (`hold-lifted { expired: true }` on the
 * day after `until`); (2) default begins (`default-began`, dated the first day of default) from the
 * calendar due date, the receipt of a dunning notice or the 30-day rule; (3) installments not paid
 * by their due date + grace days are recorded missed, and so are installments paid by then and left
 * unpaid by a refund or chargeback recorded later (on the day it was booked; `installmentCheck`), and
 * enough misses default the plan;
 * (4) a claim paid in full is settled; (5) a claim whose limitation period has run out is flagged
 * `time-barred` and not dunned; (6) at most one new stage: the first later stage whose conditions
 * hold and whose trigger day has come, unless a dispute, hold or kept installment plan stops
 * escalation, the stage would hand a consumer's claim without `description` or `contractDate` over
 * to a collection agency (`guard.agency-handover-needs-claim-reason`, § 13a Abs. 1 Nr. 2 RDG), the
 * contact limit or Sunday/holiday rest postpones it, or the renderer's check
 * (`context.messageCheck`) says it cannot write a message of the stage
 * (`guard.message-cannot-be-written`) — asked last, on the state with the stage's events, so that
 * it sees the statement with the stage's own fees and costs as the message will be rendered; when
 * it refuses, the stage's events are dropped again. When no later stage applies because of the
 * open balance — the stage due next has a `minAmount` the balance is below (or a `maxAmount` it is
 * above), and so has every stage after it — the claim waits at its stage and, from that stage's
 * trigger day on, the decision says so: `stage.below-minimum` / `stage.above-maximum` with the
 * stage, the open balance, the minimum (or maximum) and as `until` the day it is looked at again: the
 * first day default interest can bring the balance to the minimum of a stage that then applies (a later
 * stage with a lower minimum too), not before that stage's day — or, when that lies after the known base
 * rates, the day after them, when the next half-year's rate must be known (`stageConditionBlock`); the same
 * for a kept installment plan's remainder below the minimum of the stage that would ask for it. A stage records
 * `stage-entered` (with the deadline of a `set-deadline` action, moved by § 193 BGB), its fees
 * (through the law modules and the guards), handover, court dunning, write-off and one
 * `message-queued` per `send` action.
 *
 * Every event carries a reason (rule id, legal basis, inputs) and the policy as `id@version`.
 *
 * @param state - the claim's state (from `project`)
 * @param policy - the claim's policy (validated, defaults filled in)
 * @param today - the business day of the decision
 * @param context - other claims' contacts with the debtor, holiday state, statement options
 * @returns the new events, the next review day and what guards blocked
 * @throws DateError for an invalid `today`; LegalDataError `base_rate_unknown` when interest runs
 *   beyond the known base rates (extend the table or set `statement.allowBeyondKnownBaseRate`)
 */
export function decide(state: ClaimState, policy: Policy, today: IsoDate, context: DecideContext = {}): Decision {
  parseIsoDate(today, 'today');
  const claimId = state.facts.id;
  const currency = state.facts.currency;
  const tag = policyTag(policy);
  const stOpts = context.statement ?? {};
  const hstate = holidayState(state, context);
  const events: ClaimEvent[] = [];
  const blockedReasons: BlockedReason[] = [];
  // `current` is the state with the first `folded` events folded in. The events of a stage are
  // recorded first and folded together when the decision finishes (nothing reads the state in
  // between): one state, and each list copied once, instead of one state per event.
  let current = state;
  let folded = 0;
  const push = (event: ClaimEvent): void => {
    events.push(event);
  };
  // What this decision works out for a state and the review of the same state reuses.
  const known: KnownOfState = { state: null };
  const finish = (postponedUntil: IsoDate | null): Decision => {
    if (folded < events.length) {
      const before = current;
      current = evolveAll(current, events, folded);
      knownAfter(known, before, current, events, folded);
      folded = events.length;
    }
    if (events.length > 0) lastDecided = { events, from: state, to: current };
    return {
      events,
      nextReviewAt: isTerminalStatus(current.status) ? null : chooseReview(current, policy, today, context, postponedUntil, known),
      blocked: blockedReasons,
    };
  };

  if (isTerminalStatus(current.status)) return { events, nextReviewAt: null, blocked: blockedReasons };

  // (1)–(3) The facts the calendar brings: expired holds, default, missed installments (folded as they are found).
  current = factsOfDay(current, policy, today, context, known, events);
  folded = events.length;

  // (4) Settled.
  let stateOfNow: ClaimState | undefined;
  let now: StatementFigures | undefined;
  if (today >= current.facts.invoiceDate) {
    now = statementFigures(current, today, stOpts);
    stateOfNow = current;
    if (isStatementSettled(now)) {
      const last = lastMoneyDay(current, today);
      const day = last !== undefined && last >= current.facts.invoiceDate && isStatementSettled(statementFigures(current, last, stOpts)) ? last : today;
      const total = now.totalAmountString;
      push({
        claimId,
        date: day,
        reason: saidReason('settled', '§ 362 Abs. 1 BGB', { total, asOf: today }, 'settled', total, currency, today),
        policy: tag,
        type: 'settled',
      });
      return finish(null);
    }
  }

  // (5) Limitation. Not looked at while today is on or before the earliest day any limitation of
  // the claim can end (the end of the third year after it arose, see limitationNotBeforeOfClaim).
  const earliestEnd = current.timeBarred === null ? limitationNotBeforeOfClaim(current.facts, today) : undefined;
  if (current.timeBarred === null && (earliestEnd === undefined || today > earliestEnd)) {
    const input = limitationInput(current, today, context);
    // Not worked out when it cannot have run out by today (today is on or before the earliest day
    // it can end); the review works it out only if it can be the next review day.
    const found = limitationEndOrBound(current.facts, input);
    const end = 'end' in found ? found.end : today > found.notBefore ? limitationEndOfClaim(current.facts, input) : undefined;
    knownFor(known, current);
    known.limitationDay = today;
    known.limitationInput = input;
    if (end !== undefined && end < today) {
      const limitation = limitationOfClaim(current.facts, input);
      push({
        claimId,
        date: addDays(limitation.expiresAt, 1),
        reason: saidReason(
          'limitation.expired',
          limitation.basis.join('; '),
          { arose: input.arose, expiresAt: limitation.expiresAt, acknowledgements: input.acknowledgedOn?.length ?? 0 },
          'limitationExpired',
          limitation.expiresAt,
        ),
        policy: tag,
        type: 'time-barred',
        expiredOn: limitation.expiresAt,
      });
      return finish(null);
    }
  }

  // (6) The next stage.
  if (current.titled !== null) return finish(null);
  const block = escalationBlock(current, today, policy.installmentGraceDays, policy.promiseGraceDays, hstate);
  if (block !== null) {
    blockedReasons.push(block);
    return finish(null);
  }
  // The statement of (4) when nothing was recorded since (statement is a function of state and day).
  const balance = now !== undefined && stateOfNow === current ? now : statementFigures(current, today < current.facts.invoiceDate ? current.facts.invoiceDate : today, stOpts);
  const wait: { found?: StageWait; below?: readonly BelowMinimum[] } = {};
  const candidate = nextStageOf(
    current,
    policy,
    () => ({ value: balance.totalScaled, scale: balance.sums.scale }),
    () => balance.principalOpen,
    true,
    today,
    hstate,
    wait,
  );
  if (candidate === null) {
    // No later stage applies: when that is because of the open balance (a stage's minAmount or
    // maxAmount) and that stage is due, the claim waits at its stage and the decision says why
    // (stage.below-minimum / stage.above-maximum, stageConditionBlock).
    const waited = wait.found;
    if (waited !== undefined && waited.triggerDate !== null && waited.triggerDate <= today) {
      const reason = stageConditionBlock(waited.stage, current, money(balance.totalAmountString, currency), today, context, undefined, wait.below ?? noBelowMinimum);
      if (reason !== null) blockedReasons.push(reason);
    }
    return finish(null);
  }
  if (candidate.triggerDate === null || candidate.triggerDate > today) {
    // Due but for a letter of the current stage still in the outbox: the decision says why (guard.stage-waits-for-letter).
    if (candidate.waitsFor !== undefined && candidate.triggerDate !== null) blockedReasons.push(letterPendingBlock(candidate.stage, candidate.waitsFor, today, candidate.triggerDate));
    return finish(null);
  }
  if (current.stageEnteredOn === today) return finish(null);
  // A kept installment plan that left something open: its remainder is asked for with the current
  // stage's notice again, or the next stage's after a reminder (fresh statement and deadline, no fee),
  // before the next stage (keptPlanRemainder). Below that stage's minimum the claim waits at its stage,
  // and the decision says why (stageConditionBlock, as above).
  const openBalance = current.installmentPlan === null ? null : money(balance.totalAmountString, currency);
  const remainder = openBalance === null ? null : keptPlanRemainder(current, policy, today, openBalance, hstate, candidate);
  if (remainder !== null && remainder.failed !== null) {
    const reason = stageConditionBlock(remainder.stage, current, openBalance as Money, today, context, remainder.planId);
    if (reason !== null) blockedReasons.push(reason);
    return finish(null);
  }
  const stage = remainder === null ? candidate.stage : remainder.stage;
  // § 13a Abs. 1 Nr. 2 RDG: no hand-over of a consumer's claim to an agency whose first letter
  // cannot name the claim's reason. The claim stays at its stage; the review does not come back for it.
  const handoverBlock = agencyHandoverBlock(current.facts, stage);
  if (handoverBlock !== null) {
    blockedReasons.push(handoverBlock);
    return finish(null);
  }
  const plan = stagePlan(stage);
  const sends = plan.sends;
  const stageIndex = remainder === null ? candidate.index : remainder.index;
  const explanation =
    remainder === null
      ? candidate.explanation
      : remainder.again
        ? `installment plan ${remainder.planId} kept through ${remainder.keptUntil} with ${balance.totalAmountString} ${currency} still open: its notice again, with a fresh statement and deadline and without fees, before the next stage (${candidate.stage.id})`
        : `installment plan ${remainder.planId} kept through ${remainder.keptUntil} with ${balance.totalAmountString} ${currency} still open: the next stage's notice as the letter after the kept plan, with a fresh statement and without fees (${candidate.explanation})`;

  if (plan.restDaySend && isRestDay(today, hstate)) {
    const until = nextNonRestDay(addDays(today, 1), hstate);
    blockedReasons.push(
      blocked('guard.no-sms-on-sundays-and-holidays', `Stage ${stage.id} sends by ${sends.map((s) => s.channel).join(', ')}; ${today} is a Sunday or public holiday, so it waits until ${until}.`, {
        stage: stage.id,
        until,
      }),
    );
    return finish(until);
  }

  let sendable = sends;
  if (sends.length > 0) {
    // The debtor's contacts: this claim's messages, and those of other claims (this claim's own
    // entries there are ignored: its ledger has them), counted where they are.
    const own = current.messages;
    const others = context.recentContacts ?? [];
    const between = (from: IsoDate, to: IsoDate): number => {
      let n = 0;
      for (const m of own) if (m.date >= from && m.date <= to) n++;
      for (const c of others) if (c.claimId !== claimId && c.date >= from && c.date <= to) n++;
      return n;
    };
    const limits = policy.contactLimits;
    const check = contactLimitCheckBy(between, today, sends.length, limits);
    if (!check.allowed) {
      blockedReasons.push(
        blocked(
          'guard.contact-limit',
          `Stage ${stage.id} would send ${sends.length} message(s); the debtor already had ${check.inWindow} in the last ${limits.perDays} days (limit ${limits.maxMessages}). It waits until ${check.until}.`,
          { stage: stage.id, until: check.until },
        ),
      );
      return finish(check.until);
    }
    if (sends.length > limits.maxMessages) {
      sendable = sends.slice(0, limits.maxMessages);
      blockedReasons.push(
        blocked('guard.contact-limit', `Stage ${stage.id} has ${sends.length} send actions, more than the limit of ${limits.maxMessages}; only the first ${limits.maxMessages} are sent.`, {
          stage: stage.id,
        }),
      );
    }
  }

  const blockedBefore = blockedReasons.length;
  enterStage(current, stage, plan, stageIndex, explanation, remainder === null || !remainder.again ? candidate.skipped : noneSkippedHere, today, balance, sendable, hstate, push, tag, blockedReasons, policy.promiseGraceDays, remainder);
  if (context.messageCheck !== undefined && sendable.length > 0) {
    // Nor a stage whose message the renderer says it cannot write (guard.message-cannot-be-written):
    // asked on the state after the stage's own events — the statement with its fees and costs, as
    // the message will be rendered — and, when it refuses, the stage's events are dropped again.
    const before = current;
    const after = evolveAll(current, events, folded);
    const queued: ClaimEventOf<'message-queued'>[] = [];
    for (let i = folded; i < events.length; i++) {
      const event = events[i] as ClaimEvent;
      if (event.type === 'message-queued') queued.push(event);
    }
    const refused = messageBlock(after, queued, today, context.messageCheck, policy, context);
    if (refused !== null) {
      events.length = folded;
      blockedReasons.length = blockedBefore;
      blockedReasons.push(refused);
      return finish(null);
    }
    // Kept: folded here, so finish does not fold the stage's events a second time.
    current = after;
    knownAfter(known, before, after, events, folded);
    folded = events.length;
  }
  return finish(null);
}

/**
 * The last decision with events and the states it folded them from and into (see stateAfterDecision):
 * drivers append a decision right after making it. One slot, not a WeakMap — a WeakMap entry per
 * decision cost more than the fold it saves on the others.
 */
let lastDecided: { readonly events: readonly ClaimEvent[]; readonly from: ClaimState; readonly to: ClaimState } | undefined;

/**
 * The state after a decision's events are appended to the state it was made on: what `evolve`
 * gives event by event — `decide` has folded them already and its result is reused, so a driver
 * that appends the decision does not fold every event twice.
 *
 * @internal
 * @param state - the state the decision was made on
 * @param decision - the decision
 */
export function stateAfterDecision(state: ClaimState, decision: Decision): ClaimState {
  const known = lastDecided;
  if (known !== undefined && known.events === decision.events && known.from === state) return known.to;
  return evolveAll(state, decision.events);
}

type Push = (event: ClaimEvent) => void;
/** An event under construction: optional members are added after the literal, in key order. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What entering a stage reads from the stage alone, the same for every claim: its sends, deadline
 * days, fee actions in the order they are taken, and the fixed parts of the reasons. Worked out once
 * per stage object and checked against the stage's current fields at every use (policies are plain
 * objects a host may change): the id, name, kind, trigger, the actions array and each action's type,
 * days, channel, template and fallback channel.
 */
interface StagePlan {
  readonly id: string;
  readonly name: string;
  readonly kind: Stage['kind'];
  readonly after: Stage['trigger']['after'];
  readonly days: number;
  readonly actions: readonly StageAction[];
  readonly seen: readonly { readonly action: StageAction; readonly type: StageAction['type']; readonly days: unknown; readonly channel: unknown; readonly template: unknown; readonly fallbackChannel: unknown }[];
  readonly sends: readonly Extract<StageAction, { type: 'send' }>[];
  /** A send goes by a channel that rests on Sundays and public holidays. */
  readonly restDaySend: boolean;
  /** The days of the first `set-deadline` action. */
  readonly deadlineDays: number | undefined;
  /** The actions that charge, hand over or file, a hand-over first (collection costs of the same stage follow it in the ledger). */
  readonly feeActions: readonly StageAction[];
  readonly handOver: boolean;
  readonly writeOff: boolean;
  readonly rule: string;
  readonly basis: string | undefined;
  readonly trigger: string;
  readonly sendRule: string;
  readonly sendBasis: string | undefined;
  /** The text of send n's reason (index n − 1). */
  readonly sendTexts: readonly string[];
}

const stagePlans = new WeakMap<Stage, StagePlan>();

function stagePlan(stage: Stage): StagePlan {
  const known = stagePlans.get(stage);
  if (known !== undefined && samePlanFields(known, stage)) return known;
  return newStagePlan(stage);
}

/** {@link stagePlan} worked out and remembered: apart, so that the look-up every decision makes compiles small. */
function newStagePlan(stage: Stage): StagePlan {
  const sends: Extract<StageAction, { type: 'send' }>[] = [];
  const handOvers: StageAction[] = [];
  const otherFeeActions: StageAction[] = [];
  let deadlineDays: number | undefined;
  let writeOff = false;
  for (const a of stage.actions) {
    if (a.type === 'send') sends.push(a);
    else if (a.type === 'set-deadline') deadlineDays ??= a.days;
    else if (a.type === 'write-off') writeOff = true;
    else if (a.type === 'hand-over') handOvers.push(a);
    else otherFeeActions.push(a);
  }
  const feeActions = handOvers.concat(otherFeeActions);
  const handOver = handOvers.length > 0;
  const plan: StagePlan = {
    id: stage.id,
    name: stage.name,
    kind: stage.kind,
    after: stage.trigger.after,
    days: stage.trigger.days,
    actions: stage.actions,
    seen: stage.actions.map((action) => ({
      action,
      type: action.type,
      days: action.type === 'set-deadline' ? action.days : undefined,
      channel: action.type === 'send' ? action.channel : undefined,
      template: action.type === 'send' ? action.template : undefined,
      fallbackChannel: action.type === 'send' ? action.fallbackChannel : undefined,
    })),
    sends,
    restDaySend: sends.some((a) => restDayChannels.includes(a.channel)),
    deadlineDays,
    feeActions,
    handOver,
    writeOff,
    rule: `stage:${stage.id}`,
    basis: stageBasis[stage.kind],
    trigger: `${stage.trigger.after}+${stage.trigger.days}`,
    sendRule: `stage:${stage.id}:send`,
    sendBasis: noticeKinds.has(stage.kind) ? '§ 286 Abs. 1 BGB' : undefined,
    sendTexts: sends.map((send, n) => `Message ${n + 1} of stage ${stage.id} by ${send.channel}${send.fallbackChannel === undefined ? '' : ` (fallback ${send.fallbackChannel})`}.`),
  };
  stagePlans.set(stage, plan);
  return plan;
}

function samePlanFields(plan: StagePlan, stage: Stage): boolean {
  const actions = stage.actions;
  if (plan.id !== stage.id || plan.name !== stage.name || plan.kind !== stage.kind || plan.actions !== actions || plan.seen.length !== actions.length) return false;
  if (plan.after !== stage.trigger.after || plan.days !== stage.trigger.days) return false;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as StageAction;
    const b = plan.seen[i] as StagePlan['seen'][number];
    if (a !== b.action || a.type !== b.type) return false;
    if (a.type === 'set-deadline' && a.days !== b.days) return false;
    if (a.type === 'send' && (a.channel !== b.channel || a.template !== b.template || a.fallbackChannel !== b.fallbackChannel)) return false;
  }
  return true;
}

/** The last day up to `today` on which a payment or an adjustment was booked (ISO days compare as strings). */
function lastMoneyDay(state: ClaimState, today: IsoDate): IsoDate | undefined {
  let last: IsoDate | undefined;
  for (const p of state.payments) if (p.date <= today && (last === undefined || p.date > last)) last = p.date;
  for (const a of state.adjustments) if (a.date <= today && (last === undefined || a.date > last)) last = a.date;
  return last;
}

/** The fees a claim was charged so far, by kind, as enterStage counts them (and adds the stage's own to). */
interface ChargedFees {
  flat: Money[];
  own: Money[];
  collection: Money[];
  kinds: Set<string>;
}

/**
 * The fees of a state by kind, in ledger order. The lists start as lists of objects (emptyList):
 * enterStage pushes the stage's fees into them, and a list of another kind deoptimised it.
 */
function chargedFees(state: ClaimState, currency: string): ChargedFees {
  const flat = emptyList<Money>();
  // § 288 Abs. 5 S. 3 BGB: the costs of legal pursuit charged so far (own dunning fees and collection costs, net of reductions), also within this stage.
  const own = emptyList<Money>();
  const collection = emptyList<Money>();
  const dropped = state.feeReductions.length === 0 ? undefined : feesDroppedInFull(state);
  for (const f of state.fees) {
    // A flat fee dropped in full (charged before default as the ledger now shows it) is not charged in effect.
    if (f.kind === 'flat-fee') {
      if (dropped === undefined || !dropped.has(f.feeId)) flat.push(money(f.amount, currency));
    } else if (f.kind === 'creditor-dunning-fee') own.push(money(f.amount, currency));
    else if (f.kind === 'collection-costs') collection.push(money(f.amount, currency));
  }
  for (const r of state.feeReductions) {
    const kind = state.fees.find((f) => f.feeId === r.feeId)?.kind;
    const lowered = money(money(r.amount, currency).amount.negated(), currency);
    if (kind === 'collection-costs') collection.push(lowered);
    else if (kind === 'creditor-dunning-fee') own.push(lowered);
  }
  // What a refund or chargeback put back on them (fee-reinstated) is charged again.
  for (const r of state.feeReinstatements) {
    const kind = state.fees.find((f) => f.feeId === r.feeId)?.kind;
    if (kind === 'collection-costs') collection.push(money(r.amount, currency));
    else if (kind === 'creditor-dunning-fee') own.push(money(r.amount, currency));
  }
  return { flat, own, collection, kinds: new Set(state.feeKindsCharged) };
}

/** The ids of the fees of a claim that reductions took away in full. */
function feesDroppedInFull(state: ClaimState): Set<string> {
  const currency = state.facts.currency;
  const out = new Set<string>();
  for (const f of state.fees) {
    if (!state.feeReductions.some((r) => r.feeId === f.feeId)) continue;
    if (!isPositive(subtract(money(f.amount, currency), feeReducedNet(state, f.feeId, currency)))) out.add(f.feeId);
  }
  return out;
}

/** The rule of a flat fee not charged, or the fee event to charge (see {@link flatFeeCharge}). */
type FlatFeeCharge = { readonly event: ClaimEventOf<'fee-charged'>; readonly refused?: undefined } | { readonly event?: undefined; readonly refused: { readonly rule: GuardId; readonly text: string } };

/**
 * The § 288 Abs. 5 BGB flat fee charged on `today` — the one way the engine charges it: for a stage's
 * `charge-flat-fee` entered in default, and on the first decision in default for what asked for it while
 * the debtor was not (see {@link flatFeeInDefault}): a flat fee charged before a default taken back that
 * dropped (`fee.before-default`), or a stage whose `charge-flat-fee` ran while no default stood (the
 * notice that puts the debtor in default). The creditor of an Entgeltforderung against a
 * debtor who is not a consumer is entitled to it "bei Verzug des Schuldners" (§ 288 Abs. 5 S. 1 BGB),
 * once per claim; costs of legal pursuit charged before lower it (S. 3). `fees` are the fees standing
 * (`chargedFees`: a flat fee dropped in full is not charged in effect, so it does not make this one a
 * second). Returns the `fee-charged` event (reason rule `fee.flat-fee`, its inputs led by `lead`), or
 * the guard that refuses it.
 */
function flatFeeCharge(
  state: ClaimState,
  today: IsoDate,
  fees: ChargedFees,
  causesDefault: boolean,
  lead: readonly (readonly [key: string, value: string])[],
  feeIdOf: (kind: string) => string,
  tag: string,
): FlatFeeCharge {
  const currency = state.facts.currency;
  if (currency !== 'EUR') return { refused: { rule: 'guard.eur-only', text: `Flat fee not charged: the claim is in ${currency}; § 288 Abs. 5 BGB grants 40 EUR.` } };
  // § 288 Abs. 5 S. 3 BGB: costs of legal pursuit charged before (own dunning fees, collection costs) lower the flat fee.
  const costsBefore = sum([...fees.own, ...fees.collection], currency);
  // One literal of a fixed shape (spreading the terms and an optional member made a slow
  // dictionary object, read field by field by the refusal and the fee).
  const terms = claimLegalTerms(state.facts);
  const input: FlatFeeInput = {
    debtor: terms.debtor,
    claimKind: terms.claimKind,
    obligationDate: terms.obligationDate,
    continuingObligation: terms.continuingObligation,
    performedOn: terms.performedOn,
    defaultBegan: state.defaultBegan,
    on: today,
    alreadyCharged: fees.flat.length > 0,
  };
  if (isPositive(costsBefore)) input.costsCharged = costsBefore;
  const refusal = flatFeeRefusal(input);
  const fee = refusal === null ? flatFeeDue(input) : null;
  if (refusal !== null || fee === null) {
    const rule: GuardId =
      refusal?.code === 'not-in-default'
        ? causesDefault
          ? 'guard.no-fee-for-default-causing-notice'
          : 'guard.no-fee-before-default'
        : refusal?.code === 'already-charged'
          ? 'guard.flat-fee-once'
          : refusal?.code === 'credited-against-costs'
            ? 'guard.flat-fee-credit'
            : 'guard.flat-fee-business-only';
    return { refused: { rule, text: `Flat fee not charged: ${refusal?.reason ?? 'not due'}` } };
  }
  const inputs: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of lead) inputs[key] = value;
  inputs['debtor'] = terms.debtor;
  inputs['claimKind'] = terms.claimKind;
  inputs['obligationDate'] = terms.obligationDate;
  inputs['defaultBegan'] = state.defaultBegan;
  return {
    event: {
      claimId: state.facts.id,
      date: today,
      reason: { rule: 'fee.flat-fee', basis: fee.basis, text: fee.explanation, inputs },
      policy: tag,
      type: 'fee-charged',
      feeId: feeIdOf('flat-fee'),
      kind: 'flat-fee',
      code: '§ 288 Abs. 5 BGB',
      amount: toAmountString(fee.amount),
      basis: fee.basis,
    },
  };
}

/**
 * What asked for a § 288 Abs. 5 BGB flat fee that was not charged because the debtor was not in default
 * as the ledger showed it then, and what has not been answered by a flat fee charged since: a flat fee a
 * stage charged that dropped as charged before default (`fee.before-default`: the Mahnung a default
 * rested on was reported not received, `default-withdrawn`), or a stage whose `charge-flat-fee` ran while
 * no default stood — before default ever began, or after one was taken back and before it began anew.
 * Such a stage's notice is, in the engine, the one that puts the debtor in default (the first Mahnung, or
 * the notice that became it after a withdrawal), so its fee was refused on its day:
 * `guard.no-fee-for-default-causing-notice` (a schema-only policy's reminder: `guard.no-fee-before-default`).
 * `null` when nothing did.
 */
type FlatFeeAsked =
  | { readonly dropped: ClaimEventOf<'fee-charged'>; readonly stage?: undefined }
  | { readonly dropped?: undefined; readonly stage: ClaimEventOf<'stage-entered'> };

/** Whether the stage `id` of `policy` charges the flat fee (`charge-flat-fee`). */
function stageChargesFlatFee(policy: Policy, id: string): boolean {
  for (const s of policy.stages) if (s.id === id) return s.actions.some((a) => a.type === 'charge-flat-fee');
  return false;
}

/** See {@link FlatFeeAsked}: the dropped flat fee first (in ledger order), else the first such stage entry not answered since. */
function flatFeeAsked(state: ClaimState, policy: Policy): FlatFeeAsked | null {
  if (state.feeReductions.length > 0) {
    const dropped = state.fees.find((f) => f.kind === 'flat-fee' && state.feeReductions.some((r) => r.feeId === f.feeId && r.reason?.rule === 'fee.before-default'));
    if (dropped !== undefined) return { dropped };
  }
  // Most claims in default have entered no such stage yet (or it charged a flat fee that stands).
  if (!state.stagesEntered.some((e) => stageChargesFlatFee(policy, e.stage))) return null;
  // In ledger order: a stage entered while no default stood (none began yet, or the last one was taken
  // back), not followed by a flat fee charged — a flat fee charged after it answered it, whatever became
  // of that fee later (a fee dropped as charged before default is the branch above).
  let inDefault = false;
  let asked: ClaimEventOf<'stage-entered'> | null = null;
  for (const e of state.events) {
    if (e.type === 'default-began') inDefault = true;
    else if (e.type === 'default-withdrawn') inDefault = false;
    else if (e.type === 'fee-charged') {
      if (e.kind === 'flat-fee') asked = null;
    } else if (!inDefault && asked === null && e.type === 'stage-entered' && stageChargesFlatFee(policy, e.stage)) asked = e;
  }
  return asked === null ? null : { stage: asked };
}

/**
 * The flat fee charged on `today`, the first day of a decision on which the debtor is in default, for
 * what asked for it while they were not ({@link flatFeeAsked}) when none stands: § 288 Abs. 5 S. 1 BGB
 * entitles the creditor to it "bei Verzug des Schuldners", once per claim, whichever step of the policy
 * asked for it — so a flat fee that dropped as charged before default comes back (input
 * `chargedAgainFor`), and the `charge-flat-fee` of the stage whose notice puts the debtor in default —
 * the first Mahnung, or a notice that became it after a default was taken back — is charged once that
 * default begins (inputs `stage` and `stageEnteredOn`). Charged through {@link flatFeeCharge}, once
 * (`guard.flat-fee-once` counts the flat fees standing; a later stage's `charge-flat-fee` is refused by
 * it; the S. 3 credit of costs charged before applies; a consumer, a claim that is no Entgeltforderung
 * get none). Not while escalation waits (a dispute, a hold, a kept installment plan, a promise to pay):
 * then on the first day it may; nor when nothing else is open on `today` (a payment in full that day: a
 * debtor who pays on the day of a step does not bear its costs, the claim is settled). `null` when there
 * is none to charge (most claims: a flat fee stands, or the policy's `charge-flat-fee` ran in default).
 */
function flatFeeInDefault(state: ClaimState, policy: Policy, today: IsoDate, tag: string, stOpts: StatementOptions, holidays: GermanState | undefined): ClaimEventOf<'fee-charged'> | null {
  if (state.defaultBegan === null || state.defaultBegan > today) return null;
  // A flat fee charged and never reduced stands.
  if (state.feeReductions.length === 0 && state.feeKindsCharged.has('flat-fee')) return null;
  const asked = flatFeeAsked(state, policy);
  if (asked === null) return null;
  const fees = chargedFees(state, state.facts.currency);
  if (fees.flat.length > 0) return null;
  if (escalationBlock(state, today, policy.installmentGraceDays, policy.promiseGraceDays, holidays) !== null) return null;
  const lead: readonly (readonly [string, string])[] =
    asked.dropped !== undefined
      ? [['chargedAgainFor', asked.dropped.feeId]]
      : [
          ['stage', asked.stage.stage],
          ['stageEnteredOn', asked.stage.date],
        ];
  const charged = flatFeeCharge(state, today, fees, false, lead, (kind) => nextFreeId(idsInUse(state.events), (n) => makeFeeId(state.facts.id, kind, today, n)), tag);
  if (charged.event === undefined) return null;
  // The order of a day: payments come before escalation, and a debtor whose payments leave nothing open
  // on `today` does not bear a step's costs of that day (`settled` follows; booked after the run, the
  // same payment drops the fee again: fee.payment-day).
  if (today >= state.facts.invoiceDate && isStatementSettled(statementFigures(state, today, stOpts))) return null;
  return charged.event;
}

function enterStage(
  state: ClaimState,
  stage: Stage,
  plan: StagePlan,
  index: number,
  explanation: string,
  skipped: readonly SkippedStage[],
  today: IsoDate,
  balance: StatementFigures,
  sends: readonly Extract<StageAction, { type: 'send' }>[],
  hstate: GermanState | undefined,
  push: Push,
  tag: string,
  blockedReasons: BlockedReason[],
  promiseGraceDays: number,
  remainder: KeptPlanRemainder | null = null,
): void {
  const claimId = state.facts.id;
  const currency = state.facts.currency;
  let deadline: IsoDate | undefined;
  // The day the deadline fell on when § 193 BGB moved it.
  let movedFrom: IsoDate | undefined;
  if (plan.deadlineDays !== undefined) {
    ({ date: deadline, movedFrom } = paymentDeadline(today, plan.deadlineDays, hstate));
  }
  const inputs: Record<string, string | number | boolean | null> = {
    kind: stage.kind,
    trigger: plan.trigger,
    openBalance: balance.totalAmountString,
  };
  if (deadline !== undefined) inputs['deadline'] = deadline;
  if (skipped.length > 0) inputs['skipped'] = skipped.map((s) => `${s.stage} (${s.failed})`).join(', ');
  if (remainder !== null) {
    inputs['afterKeptPlan'] = remainder.planId;
    inputs['planKeptUntil'] = remainder.keptUntil;
  }
  // The first stage after a broken promise to pay says so (guard.no-escalation-during-promise).
  const broken = state.promises.length === 0 ? null : brokenPromiseBefore(state, today, promiseGraceDays, hstate);
  if (broken !== null) {
    inputs['promiseBroken'] = broken.hold.promise.by;
    inputs['promisedAmount'] = broken.hold.promise.amount;
    inputs['promisePaid'] = broken.paid;
    inputs['promiseHeldUntil'] = broken.hold.until;
    explanation += `; the promise of ${broken.hold.promise.date} to pay ${broken.hold.promise.amount} ${currency} by ${broken.hold.promise.by} was not kept (${broken.paid} paid by ${broken.hold.until}, the end of its hold)`;
  }
  const entered: Mutable<ClaimEventOf<'stage-entered'>> = {
    claimId,
    date: today,
    reason: saidReason(plan.rule, plan.basis, inputs, 'stageEntered', stage.id, stage.name, explanation, deadline, movedFrom),
    policy: tag,
    type: 'stage-entered',
    stage: stage.id,
    stageIndex: index,
  };
  if (deadline !== undefined) entered.deadline = deadline;
  push(entered);

  const inDefault = state.defaultBegan !== null && state.defaultBegan <= today;
  const causesDefault = !inDefault && noticeKinds.has(stage.kind);
  // Most stages charge nothing: the ids in use and the fees charged so far are gathered at the first fee action.
  let used: Set<string> | undefined;
  const newFeeId = (kind: string): string => {
    const inUse = (used ??= idsInUse(state.events));
    const id = nextFreeId(inUse, (n) => makeFeeId(claimId, kind, today, n));
    inUse.add(id);
    return id;
  };
  let charged: ChargedFees | undefined;
  const fees = (): ChargedFees => (charged ??= chargedFees(state, currency));
  const notInDefault = (what: string): BlockedReason =>
    causesDefault
      ? blocked('guard.no-fee-for-default-causing-notice', `${what} not charged: stage ${stage.id} is the notice that puts the debtor in default.`, { stage: stage.id })
      : blocked('guard.no-fee-before-default', `${what} not charged: the debtor is not in default on ${today}.`, { stage: stage.id });

  // A hand-over comes first, so that collection costs of the same stage follow it in the ledger.
  // A stage entered for a kept plan's remainder (again, or the next after a reminder) sends its notice only: no fee, costs or hand-over.
  for (const action of remainder === null ? plan.feeActions : []) {
    switch (action.type) {
      case 'send':
      case 'set-deadline':
      case 'write-off':
        break;
      case 'charge-creditor-fee': {
        if (!inDefault) {
          blockedReasons.push(notInDefault(`Creditor dunning fee of ${action.amount}`));
          break;
        }
        const feeInput: CreditorDunningFeeInput = { amount: money(action.amount, currency), causesDefault: false, inDefault: true };
        // § 288 Abs. 5 S. 3 BGB, EuGH C-287/17: once the flat fee is charged, own costs count against its 40 EUR
        // (the statutory amount, whatever part of it earlier costs left to charge).
        if (fees().flat.length > 0) {
          feeInput.flatFeeCharged = money('40.00', currency);
          feeInput.ownFeesCharged = sum(fees().own, currency);
        }
        const result = creditorDunningFee(feeInput);
        if (!isPositive(result.amount)) {
          if (result.warnings.length > 0) blockedReasons.push(blocked('guard.flat-fee-credit', `Creditor dunning fee not charged: ${result.warnings.join(' ')}`, { stage: stage.id }));
          break;
        }
        push({
          claimId,
          date: today,
          reason: saidReason('fee.creditor-dunning-fee', result.basis, { stage: stage.id, requested: action.amount, defaultBegan: state.defaultBegan }, 'creditorDunningFee', stage.id, result.warnings.slice()),
          policy: tag,
          type: 'fee-charged',
          feeId: newFeeId('creditor-dunning-fee'),
          kind: 'creditor-dunning-fee',
          code: 'Mahnkosten',
          amount: toAmountString(result.amount),
          basis: result.basis,
        });
        fees().own.push(result.amount);
        fees().kinds.add('creditor-dunning-fee');
        break;
      }
      case 'charge-flat-fee': {
        const charged = flatFeeCharge(state, today, fees(), causesDefault, [['stage', stage.id]], newFeeId, tag);
        if (charged.event === undefined) {
          blockedReasons.push(blocked(charged.refused.rule, charged.refused.text, { stage: stage.id }));
          break;
        }
        push(charged.event);
        fees().flat.push(money(charged.event.amount, currency));
        fees().kinds.add('flat-fee');
        break;
      }
      case 'charge-collection-costs': {
        if (!inDefault) {
          blockedReasons.push(notInDefault('Collection costs'));
          break;
        }
        if (fees().kinds.has('collection-costs')) {
          blockedReasons.push(blocked('guard.collection-costs-once', 'Collection costs were already charged for this claim; they are charged once.', { stage: stage.id }));
          break;
        }
        if (state.handedOver === null && !plan.handOver) {
          blockedReasons.push(
            blocked('guard.collection-costs-after-handover', 'Collection costs not charged: no collection agency or lawyer has been engaged (no hand-over).', { stage: stage.id }),
          );
          break;
        }
        if (currency !== 'EUR') {
          blockedReasons.push(blocked('guard.eur-only', `Collection costs not charged: the claim is in ${currency}; the RVG cap of § 13e RDG is in EUR.`, { stage: stage.id }));
          break;
        }
        if (!balance.principalOpen) break;
        // Contested only while a dispute is open; a dispute resolved for the creditor leaves an uncontested claim
        // (and an open one bars the hand-over altogether: escalationBar, § 254 Abs. 2 BGB).
        const disputed = state.disputes.some((d) => d.resolvedOn === undefined);
        const requested = action.case;
        const case_: CollectionCase = requested === 'auto' ? (disputed ? 'contested' : 'uncontested') : requested === 'contested' && !disputed ? 'uncontested' : requested;
        const flatFeeCredit = fees().flat.length === 0 ? undefined : sum(fees().flat, 'EUR');
        // § 13f RDG only when an agency *and* a lawyer are instructed: a lawyer after an agency. A lawyer alone earns Nr. 2300 (§§ 280, 286 BGB).
        const lawyer = state.handedOver?.to === 'lawyer' && state.events.some((e) => e.type === 'handed-over' && e.to === 'collection-agency');
        const costsInput: CollectionCostsInput = { claim: balance.principal, mandateDate: today, case: case_ };
        if (state.facts.creditorCanDeductVat !== undefined) costsInput.creditorCanDeductVat = state.facts.creditorCanDeductVat;
        if (flatFeeCredit !== undefined) costsInput.flatFeeCredit = flatFeeCredit;
        if (lawyer) costsInput.alreadyChargedByLawyer = true;
        const result = collectionCostsFigures(costsInput);
        // The § 13e RDG cap of the same input: what collectionCostsCap(principal, today, { case, … }) gives,
        // computed by computeCollectionCosts alongside (no factor and no factorReason in either).
        const cap = result.cap;
        if (result.total > cap) {
          blockedReasons.push(
            blocked('guard.collection-costs-cap', `Collection costs of ${scaledToString(result.total, 2)} exceed the § 13e RDG cap of ${scaledToString(cap, 2)}; not charged.`, {
              stage: stage.id,
            }),
          );
          break;
        }
        if (result.total <= 0n) {
          blockedReasons.push(
            blocked('guard.collection-costs-cap', `No collection costs are recoverable here (${lawyer ? '§ 13f RDG: a lawyer already acts' : 'the flat fee credited covers them'}).`, {
              stage: stage.id,
            }),
          );
          break;
        }
        push({
          claimId,
          date: today,
          reason: saidReason(
            'fee.collection-costs',
            `§ 13e RDG; Nr. 2300 VV RVG (${result.table})`,
            {
              stage: stage.id,
              claimValue: balance.principalAmountString,
              case: case_,
              requestedCase: requested,
              mandateDate: today,
              factor: result.factor.toString(),
              table: result.table,
              cap: scaledToString(cap, 2),
              flatFeeCredit: flatFeeCredit === undefined ? null : toAmountString(flatFeeCredit),
            },
            'collectionCosts',
            case_,
            balance.principalAmountString,
            currency,
            flatFeeCredit !== undefined,
          ),
          policy: tag,
          type: 'fee-charged',
          feeId: newFeeId('collection-costs'),
          kind: 'collection-costs',
          code: 'Nr. 2300 VV RVG',
          amount: scaledToString(result.total, 2),
          basis: '§ 13e RDG',
          items: feeItemsOf(result.items),
        });
        fees().collection.push(scaledToMoney(result.total, 2, 'EUR'));
        fees().kinds.add('collection-costs');
        break;
      }
      case 'hand-over':
        push({
          claimId,
          date: today,
          reason: saidReason('handover', action.to === 'collection-agency' ? '§ 2 Abs. 2 RDG' : undefined, { stage: stage.id, to: action.to }, 'handedOver', action.to),
          policy: tag,
          type: 'handed-over',
          to: action.to,
        });
        break;
      case 'file-court-dunning': {
        if (currency !== 'EUR') {
          blockedReasons.push(blocked('guard.eur-only', `No court dunning application: the claim is in ${currency}; § 688 Abs. 1 ZPO allows euro claims only.`, { stage: stage.id }));
          break;
        }
        push({
          claimId,
          date: today,
          reason: {
            rule: 'court-dunning',
            basis: '§§ 688 ff. ZPO; § 204 Abs. 1 Nr. 3 BGB',
            text: 'Application for a Mahnbescheid; it suspends limitation while the proceedings run.',
            inputs: { stage: stage.id, value: balance.principalAmountString },
          },
          policy: tag,
          type: 'court-dunning-filed',
        });
        if (!inDefault) {
          blockedReasons.push(notInDefault('Court fee'));
          break;
        }
        if (!balance.principalOpen) break;
        const fee = courtDunningFeeFigures({ value: balance.principal, date: today });
        const amount = fee.amountText;
        push({
          claimId,
          date: today,
          reason: saidReason(
            'fee.court-fee',
            fee.basis,
            { stage: stage.id, value: balance.principalAmountString, table: fee.table, minimumApplied: fee.minimumApplied, minimumConfirmed: !fee.minimumApplied || fee.minimumConfirmed },
            'courtFee',
            fee.table,
            fee.minimumApplied,
          ),
          policy: tag,
          type: 'fee-charged',
          feeId: newFeeId('court-fee'),
          kind: 'court-fee',
          code: fee.code,
          amount,
          basis: fee.basis,
          items: [{ code: fee.code, amount, factor: fee.factorText, baseFee: scaledToAmountString(fee.baseFee.value, fee.baseFee.scale, 2), basis: fee.basis }],
        });
        break;
      }
      default:
        break;
    }
  }

  // The stage's messages count on from those it sent before (a stage re-entered for a kept plan's remainder).
  let firstN = 1;
  if (remainder !== null) {
    const inUse = idsInUse(state.events);
    while (inUse.has(makeMessageId(claimId, stage.id, firstN))) firstN++;
  }
  for (let n = 0; n < sends.length; n++) {
    const send = sends[n] as Extract<StageAction, { type: 'send' }>;
    const messageId = makeMessageId(claimId, stage.id, n + firstN);
    const fallbackChannel = send.fallbackChannel;
    const reason = reasonOf(plan.sendRule, plan.sendBasis, plan.sendTexts[n] as string, { stage: stage.id, channel: send.channel, template: send.template, causesDefault });
    // Key order: …, template, fallbackChannel?, deadline?, deadlineDays? (members added in that order).
    const event: Mutable<ClaimEventOf<'message-queued'>> = { claimId, date: today, reason, policy: tag, type: 'message-queued', messageId, stage: stage.id, channel: send.channel, template: send.template };
    if (fallbackChannel !== undefined) event.fallbackChannel = fallbackChannel;
    if (deadline !== undefined) event.deadline = deadline;
    // The period decided today (set exactly when the deadline is): a late send counts it again from its own day (deadlineOnSend).
    if (plan.deadlineDays !== undefined) event.deadlineDays = plan.deadlineDays;
    push(event);
  }

  if (plan.writeOff) {
    const total = balance.totalAmountString;
    push({
      claimId,
      date: today,
      reason: saidReason('write-off', undefined, { stage: stage.id, total }, 'writeOff', total, currency),
      policy: tag,
      type: 'written-off',
      amount: total,
    });
  }
}

/**
 * The promise to pay whose hold ended before `today`, after the claim's last stage, without being
 * kept (`promiseKept`), with what was paid within it — or `null`. The first stage after it records
 * it in its reason (guard.no-escalation-during-promise).
 */
function brokenPromiseBefore(state: ClaimState, today: IsoDate, graceDays: number, holidays: GermanState | undefined): { readonly hold: PromiseHold; readonly paid: string } | null {
  const holds = promiseHolds(state, graceDays, holidays).holds;
  const hold = holds[holds.length - 1];
  if (hold === undefined || hold.until >= today) return null;
  if (state.stageEnteredOn !== null && hold.until < state.stageEnteredOn) return null;
  if (promiseKept(state, hold)) return null;
  return { hold, paid: toAmountString(promisePaid(state, hold)) };
}

function chooseReview(state: ClaimState, policy: Policy, today: IsoDate, context: DecideContext, postponedUntil: IsoDate | null, known: KnownOfState): IsoDate | null {
  const deferred = noDeferredLimitation();
  const tomorrow = addDays(today, 1);
  let best = null as IsoDate | null; // (set in the callbacks below: not narrowed to null)
  const consider = (day: IsoDate): void => {
    const date = day > today ? day : tomorrow;
    if (best === null || date < best) best = date;
  };
  // A postponed stage is looked at again on the day it was postponed to, not on its trigger day.
  forEachReviewCandidate(state, policy, context, today, known, deferred, (day, kind) => {
    if (postponedUntil === null || kind !== 'stage') consider(day);
  });
  if (postponedUntil !== null) consider(postponedUntil);
  return earliestWithLimitation(best, deferred, (date) => (date > today ? date : tomorrow), context.horizon);
}

/**
 * The facts the calendar brings about by the end of `day`, with nobody acting: (1) holds whose
 * `until` has passed are lifted (`hold-lifted { expired: true }`, dated the day after `until`);
 * (2) default begins (`default-began`, dated its first day) from the calendar due date, the receipt
 * of a dunning notice or the 30-day rule; (3) installments not paid by their due date + grace days
 * are recorded missed (dated the day after), and so are installments paid by then that a refund or
 * chargeback recorded later leaves unpaid (dated the day the reversal was booked — its value date, or
 * the later day it was booked on when value-dated back — § 362 Abs. 1 BGB; the one check,
 * `installmentCheck`), and enough misses default the plan. Then the § 288 Abs. 5 BGB flat fee that a
 * stage asked for while no default stood (or that dropped as charged before a default taken back) is
 * charged once the debtor is in default and escalation may go on, read on the state after (1)–(3) (a
 * plan defaulted by (3) no longer holds escalation back). Each event is dated on or before `day`.
 * Nothing for a settled, written-off or time-barred claim.
 *
 * Part (1)–(3) of {@link decide}, and what every command decider records first up to the day
 * before its own date (see `decideCommand`): a payment is allocated under § 367 BGB against the
 * claim as it stood at the end of the day before, default interest included, whether or not a
 * daily run has looked at the claim since.
 *
 * @param state - the claim's state
 * @param policy - the claim's policy
 * @param day - the last day whose facts count
 * @param context - holiday state and statement options
 * @returns the events, in the order they are to be appended
 */
export function decideFacts(state: ClaimState, policy: Policy, day: IsoDate, context: DecideContext = {}): ClaimEvent[] {
  const events: ClaimEvent[] = [];
  factsOfDay(state, policy, day, context, undefined, events);
  return events;
}

/**
 * {@link decideFacts} with the state its events end with (folded already as they were found), for a
 * caller that appends them.
 *
 * @internal
 */
export function decideFactsAndState(state: ClaimState, policy: Policy, day: IsoDate, context: DecideContext = {}): { events: ClaimEvent[]; state: ClaimState } {
  const events: ClaimEvent[] = [];
  return { events, state: factsOfDay(state, policy, day, context, undefined, events) };
}

/** Legal basis of a `default-withdrawn`: default needs the receipt of a Mahnung, and one never received had no effect. */
const withdrawnDefaultBasis = '§ 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB';

/**
 * {@link decideFacts} with the state the events end with (each is folded as it is found: the next
 * step reads it), noting in `known` when default begins on the ledger of that state.
 */
function factsOfDay(state: ClaimState, policy: Policy, day: IsoDate, context: DecideContext, known: KnownOfState | undefined, events: ClaimEvent[]): ClaimState {
  // Called for every decision and command, mostly to find nothing: no closure, array or result
  // object of its own — the events go into the caller's list, the state is returned.
  const today = day;
  const claimId = state.facts.id;
  const currency = state.facts.currency;
  const tag = policyTag(policy);
  if (isTerminalStatus(state.status)) return state;
  let current = state;
  // (1) Holds whose last day has passed.
  for (const hold of current.holds) {
    if (hold.liftedOn !== undefined || hold.until === undefined) continue;
    const liftOn = addDays(hold.until, 1);
    if (liftOn > today) continue;
    current = pushed(events, current, {
      claimId,
      date: liftOn,
      reason: saidReason('hold.expired', undefined, { holdId: hold.holdId, until: hold.until }, 'holdExpired', hold.holdId, hold.until),
      policy: tag,
      type: 'hold-lifted',
      holdId: hold.holdId,
      expired: true,
    });
  }

  // (2) Default. A default booked from a notice the provider has since reported not delivered is taken
  // back first (§ 130 Abs. 1 S. 1 BGB: it never reached the debtor), dated the report's day; default is
  // then booked anew below from what the ledger shows now, and the fees charged before that new first
  // day drop after it.
  let withdrawn: { readonly previous: IsoDate; readonly on: IsoDate } | undefined;
  if (current.defaultBegan !== null) {
    const w = withdrawnDefault(current);
    if (w !== null && w.report.date <= today) {
      const inputs = w.booked.reason?.inputs ?? {};
      const channel = typeof inputs['noticeChannel'] === 'string' ? inputs['noticeChannel'] : w.report.channel;
      const withdrawal: ClaimEventOf<'default-withdrawn'> = {
        claimId,
        date: w.report.date,
        reason: saidReason(
          'default.notice-not-received',
          withdrawnDefaultBasis,
          { previous: w.booked.date, noticeMessageId: w.messageId, noticeChannel: channel, noticeSentOn: inputs['noticeSentOn'] ?? null, noticeReceivedOn: inputs['noticeReceivedOn'] ?? null, reportedOn: w.report.date, report: w.report.type },
          'defaultWithdrawn',
          w.booked.date,
          w.messageId,
          channel,
          w.report.date,
        ),
        policy: tag,
        type: 'default-withdrawn',
        previous: w.booked.date,
        messageId: w.messageId,
        basis: withdrawnDefaultBasis,
      };
      // Interest payments paid for the days taken back is re-allocated with it (§ 367 Abs. 1 BGB), read
      // on the ledger with the default taken back and counted anew (the same defaultFromLedger as below).
      const without = evolve(current, withdrawal);
      const anew = defaultFromLedger(without, policy, context);
      const moves = interestReallocation(without, anew === null ? null : anew.result.firstDayOfDefault, w.report.date, { statement: context.statement ?? {} });
      if (moves.length === 0) current = pushed(events, current, withdrawal);
      else {
        const total = toAmountString(sum(moves.map((m) => money(m.interest, currency)), currency));
        current = pushed(events, current, {
          ...withdrawal,
          reason: saidReason(
            'default.notice-not-received',
            withdrawnDefaultBasis,
            { ...(withdrawal.reason?.inputs ?? {}), interestReallocated: total },
            'defaultWithdrawn',
            w.booked.date,
            w.messageId,
            channel,
            w.report.date,
            total,
            currency,
          ),
          interestReallocated: moves,
        });
      }
      withdrawn = { previous: w.booked.date, on: w.report.date };
    }
  }
  if (current.defaultBegan === null) {
    const found = defaultFromLedger(current, policy, context);
    if (known !== undefined) knownFor(known, current).ledgerDefault = found;
    if (found !== null && found.result.firstDayOfDefault <= today) {
      const inputs: Record<string, string | number | boolean | null> = {
        route: found.result.route,
        dueDate: current.facts.dueDate,
        dueDateAgreed: current.facts.dueDateAgreed ?? current.facts.dueDateIsCalendarDate ?? false,
        firstDayOfDefault: found.result.firstDayOfDefault,
      };
      if (found.notice !== null) {
        inputs['noticeStage'] = found.notice.stage;
        inputs['noticeMessageId'] = found.notice.messageId;
        inputs['noticeChannel'] = found.notice.channel;
        inputs['noticeSentOn'] = found.notice.sentOn;
        inputs['noticeReceivedOn'] = found.notice.receivedOn;
        // Only a policy that reads the deadline as postponing default (mahnungDefault 'after-deadline') has one here.
        if (found.notice.deadline !== undefined) inputs['noticeDeadline'] = found.notice.deadline;
      }
      if (found.result.route === 'thirty-day-rule') inputs['invoiceReceivedOnAssumed'] = found.invoiceReceivedOn;
      current = pushed(events, current, {
        claimId,
        date: found.result.firstDayOfDefault,
        reason: { rule: `default.${found.result.route}`, basis: found.result.basis, text: found.result.explanation, inputs },
        policy: tag,
        type: 'default-began',
        basis: found.result.basis,
        route: found.result.route,
      });
    }
  }
  if (withdrawn !== undefined) {
    const now = defaultFromLedger(current, policy, context);
    for (const reduced of feesBeforeDefaultCorrection(current, now === null ? null : now.result.firstDayOfDefault, withdrawn.previous, withdrawn.on, { statement: context.statement ?? {} })) {
      current = pushed(events, current, reduced);
    }
  }
  // (3) Installments: the one check (installmentCheck) — unpaid by the last day, or taken back after it.
  const plan = current.installmentPlan;
  if (plan !== null && plan.defaultedOn === undefined && current.status !== 'settled') {
    let missed = plan.missed.length;
    for (const miss of installmentCheck(current, plan, policy.installmentGraceDays, holidayState(current, context), today).missed) {
      const inst = plan.installments[miss.index] as (typeof plan.installments)[number];
      const inputs = {
        planId: plan.planId,
        index: miss.index,
        dueDate: inst.dueDate,
        graceDays: policy.installmentGraceDays,
        paid: toAmountString(miss.paid),
        due: toAmountString(miss.due),
        // § 193 BGB moved the due date (a Saturday, Sunday or holiday): the day the installment was payable by.
        ...(miss.payableOn === undefined ? {} : { payableOn: miss.payableOn }),
      };
      const moved = miss.payableOn === undefined ? '' : '; § 193 BGB';
      const taken = miss.reversal === undefined ? undefined : (miss.reversalIds ?? [miss.reversal.reversalId]).join(', ');
      // Value-dated back: booked after its value date, so the miss is dated the booking day (installmentCheck).
      const valueDates = miss.reversalDates !== undefined && miss.reversalDates.some((d) => d < miss.date) ? [...new Set(miss.reversalDates)].join(', ') : undefined;
      current = pushed(events, current, {
        claimId,
        date: miss.date,
        reason:
          taken !== undefined && valueDates !== undefined
            ? saidReason(
                'installment.missed',
                `§ 311 Abs. 1 BGB (installment agreement)${moved}; § 362 Abs. 1 BGB`,
                { ...inputs, reversedOn: miss.date, reversalIds: taken, reversalValueDates: valueDates, paidThrough: miss.paidThrough },
                'installmentTakenBackBooked',
                miss.index + 1,
                inst.amount,
                inst.dueDate,
                miss.lastDay,
                taken,
                valueDates,
                miss.date,
                miss.paidThrough,
                inputs.paid,
                inputs.due,
                ...(miss.payableOn === undefined ? ([] as const) : ([miss.payableOn] as const)),
              )
            : taken === undefined
            ? saidReason(
                'installment.missed',
                `§ 311 Abs. 1 BGB (installment agreement)${moved}`,
                inputs,
                'installmentMissed',
                miss.index + 1,
                inst.amount,
                inst.dueDate,
                miss.lastDay,
                policy.installmentGraceDays,
                inputs.paid,
                inputs.due,
                ...(miss.payableOn === undefined ? ([] as const) : ([miss.payableOn] as const)),
              )
            : saidReason(
                'installment.missed',
                `§ 311 Abs. 1 BGB (installment agreement)${moved}; § 362 Abs. 1 BGB`,
                { ...inputs, reversedOn: miss.date, reversalIds: taken },
                'installmentTakenBack',
                miss.index + 1,
                inst.amount,
                inst.dueDate,
                miss.lastDay,
                taken,
                miss.date,
                inputs.paid,
                inputs.due,
                ...(miss.payableOn === undefined ? ([] as const) : ([miss.payableOn] as const)),
              ),
        policy: tag,
        type: 'installment-missed',
        planId: plan.planId,
        index: miss.index,
      });
      missed += 1;
      if (missed >= policy.installmentsMissedToDefault) {
        current = pushed(events, current, {
          claimId,
          date: miss.date,
          reason: saidReason(
            'installment.plan-defaulted',
            '§ 311 Abs. 1 BGB (installment agreement)',
            { planId: plan.planId, missed, limit: policy.installmentsMissedToDefault },
            'installmentPlanDefaulted',
            missed,
            policy.installmentsMissedToDefault,
          ),
          policy: tag,
          type: 'installment-plan-defaulted',
          planId: plan.planId,
        });
        break;
      }
    }
  }

  // Last, a flat fee asked for while no default stood (dropped as charged before default, or refused on the
  // stage whose notice puts the debtor in default) is charged once the debtor is in default and escalation
  // may go on (§ 288 Abs. 5 S. 1 BGB) — read on the state with (1)–(3) folded in: a plan that defaulted by
  // today's misses no longer holds escalation back, so the first decision of the day charges the fee (read
  // before (3), it was left to a second decision of the same day: a fee that depended on how often the
  // host asked).
  const flatInDefault = flatFeeInDefault(current, policy, today, tag, context.statement ?? {}, holidayState(current, context));
  if (flatInDefault !== null) current = pushed(events, current, flatInDefault);
  return current;
}

/** Appends a fact to `events` and returns the state with it folded in (the next step of factsOfDay reads it). */
function pushed(events: ClaimEvent[], state: ClaimState, event: ClaimEvent): ClaimState {
  events.push(event);
  return evolve(state, event);
}
