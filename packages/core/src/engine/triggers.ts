import { addDays, maxDate, type IsoDate } from '../calendar/date.js';
import { determineDefault, mahnungDefaultDay, type DefaultResult } from '../law/de/default.js';
import { computeLimitation, courtDunningTolling, limitationExpiresAt, limitationNotBefore, limitationNotBeforeArising, type LimitationInput, type LimitationResult, type TollingPeriod } from '../law/de/limitation.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts } from '../ledger/events.js';
import type { ClaimState } from '../ledger/state.js';
import { paidOrCredited } from '../ledger/paid-or-credited.js';
import { Dec } from '../money/decimal.js';
import { money, type Money } from '../money/money.js';
import { compareScaled, toScaled, type Scaled } from '../money/scaled.js';
import { noticeKinds } from '../policy/lawful.js';
import type { Policy, Stage, StageConditions } from '../policy/schema.js';
import type { StageKind } from '../policy/types.js';
import type { DecideContext } from './context.js';
import { receiptDay } from './receipt.js';
import { deadlineGiven, deadlineOnSend, stageDeadlineDays } from './deadline.js';
import { installmentLastDay } from './installment-agreement.js';
import { messageDeliveryState } from './delivery-events.js';
import type { UnfoundedReference } from './host-types.js';

export type { DecideContext } from './context.js';

export { noticeKinds } from '../policy/lawful.js';

/** The next policy stage a claim can enter, and from which day. */
export interface StageCandidate {
  /** The stage. */
  readonly stage: Stage;
  /** Its index within the policy's stages. */
  readonly index: number;
  /**
   * The first day the stage may be entered, or `null` while that day cannot be known yet (a stage
   * triggered by default while the debtor is not in default).
   */
  readonly triggerDate: IsoDate | null;
  /** How the trigger date was found, for the stage-entered reason. */
  readonly explanation: string;
  /** Stages passed over because their conditions failed, with the condition that failed. */
  readonly skipped: readonly SkippedStage[];
  /** The message of the current stage still in the outbox that alone keeps the stage from being due on the day looked at ({@link TriggerDate}'s `waitsFor`). */
  readonly waitsFor?: ClaimEventOf<'message-queued'>;
}

/** A stage passed over because one of its conditions failed. */
export interface SkippedStage {
  /** The stage id. */
  readonly stage: string;
  /** The first condition that failed, e.g. `minAmount`. */
  readonly failed: string;
}

/**
 * The stage a claim waits for because of its amount conditions (see {@link nextStageOf}'s `wait`):
 * the first later stage passed over for its minimum (`minAmount`, `minRemainder`) or `maxAmount` when no later stage applies.
 *
 * @internal
 */
export interface StageWait {
  /** The stage. */
  readonly stage: Stage;
  /** Its index within the policy's stages. */
  readonly index: number;
  /** The amount condition that failed. */
  readonly failed: MinimumCondition | 'maxAmount';
  /** The first day the stage would be entered were its condition met (as a candidate's `triggerDate`), or `null` while it cannot be known yet. */
  readonly triggerDate: IsoDate | null;
}

/**
 * A later stage passed over because the open balance is below its minimum (`stageMinimum`), and that would apply
 * once the balance reaches it (see {@link nextStageOf}'s `wait`): its other conditions hold at that
 * amount, and no stage before it that the balance reaching the same amount would make apply comes
 * first — its minimum is below that of every such stage before it. Default interest makes the balance
 * grow, so the claim may enter it on the day the balance reaches the minimum, not before its trigger day.
 *
 * @internal
 */
export interface BelowMinimum {
  /** The stage. */
  readonly stage: Stage;
  /** Its minimum ({@link stageMinimum}: its `minAmount`, or its `minRemainder` once part of the claim was paid or credited). */
  readonly minAmount: string;
  /** The first day the stage would be entered were its minimum met (as a candidate's `triggerDate`), or `null` while it cannot be known yet. */
  readonly triggerDate: IsoDate | null;
}

/** The first day a stage may be entered, and how it was found. */
export interface TriggerDate {
  /** The day. */
  readonly date: IsoDate;
  /** How it was found, in words (for the stage-entered reason). */
  readonly explanation: string;
  /**
   * The message of the current stage still in the outbox (not sent, not ended: `stageLetters`'s
   * `unsent`) that alone keeps the stage from being due on the day looked at: counted from the entry
   * and past the booked deadline, the stage would be due then. What `decide` reports as
   * `guard.stage-waits-for-letter`.
   */
  readonly waitsFor?: ClaimEventOf<'message-queued'>;
}

/**
 * Checks a stage's conditions against a claim. The amount conditions compare with the claim's open
 * balance (principal, interest and costs) on the day of the decision: `minAmount` always,
 * `minRemainder` only once part of the claim was paid or credited ({@link paidOrCredited}).
 *
 * @param conditions - the stage's conditions (none: always true)
 * @param claim - the claim: its state (facts, payments, reversals and adjustments — what `minRemainder`
 *   reads), or its facts alone, as before `minRemainder` existed: then nothing counts as paid or credited
 * @param openBalance - the open balance on the day of the decision
 * @returns `null` when all conditions hold, else the name of the first failing condition
 */
export function failedCondition(conditions: StageConditions | undefined, claim: ConditionState | ClaimFacts, openBalance: Money): string | null {
  const state: ConditionState = 'facts' in claim ? claim : { facts: claim, payments: [], reversals: [], adjustments: [] };
  return failedConditionOf(conditions, state, () => toScaled(openBalance.amount));
}

/**
 * What {@link failedCondition} reads of a claim: its facts, and what was paid or credited on it.
 *
 * @internal
 */
export type ConditionState = Pick<ClaimState, 'facts' | 'payments' | 'reversals' | 'adjustments'>;

/**
 * The minimum a stage's conditions set on the open balance of a claim, and the condition it comes
 * from: `minAmount`, and `minRemainder` once part of the claim was paid or credited
 * ({@link paidOrCredited}) — the higher of the two when both apply (on equal amounts `minAmount`).
 * `undefined` when none applies. The one rule of a stage's minimum: the check of the conditions
 * ({@link failedCondition}), the stages a claim waits for below their minimum, and the reason and
 * review that say when interest lifts the balance to it all read it.
 *
 * @internal
 * @param conditions - the stage's conditions
 * @param state - the claim (only asked when the stage has `minRemainder`)
 */
export function stageMinimum(conditions: StageConditions | undefined, state: ConditionState): { readonly condition: MinimumCondition; readonly amount: string } | undefined {
  if (conditions === undefined) return undefined;
  const { minAmount, minRemainder } = conditions;
  if (minRemainder === undefined || !paidOrCredited(state)) return minAmount === undefined ? undefined : { condition: 'minAmount', amount: minAmount };
  if (minAmount !== undefined && compareScaled(conditionAmount(minAmount, state.facts.currency), conditionAmount(minRemainder, state.facts.currency)) >= 0) return { condition: 'minAmount', amount: minAmount };
  return { condition: 'minRemainder', amount: minRemainder };
}

/**
 * A condition that sets a minimum on the open balance: `minAmount`, or `minRemainder` once part of the claim was paid or credited.
 *
 * @internal
 */
export type MinimumCondition = 'minAmount' | 'minRemainder';

/**
 * Whether `failed` (a condition name of {@link failedCondition}) is a minimum on the open balance.
 *
 * @internal
 */
export function isMinimumCondition(failed: string | null): failed is MinimumCondition {
  return failed === 'minAmount' || failed === 'minRemainder';
}

/**
 * {@link failedCondition} asking for the open balance only when an amount condition needs it, as a
 * scaled integer (the engine has it so in its statement figures): compared with the condition's
 * amount without a decimal.js value made per stage and decision.
 */
function failedConditionOf(conditions: StageConditions | undefined, state: ConditionState, openBalanceOf: () => Scaled): string | null {
  if (conditions === undefined) return null;
  const facts = state.facts;
  if (conditions.currency !== undefined && conditions.currency !== facts.currency) return 'currency';
  const minimum = conditions.minAmount === undefined && conditions.minRemainder === undefined ? undefined : stageMinimum(conditions, state);
  if (minimum !== undefined || conditions.maxAmount !== undefined) {
    // (No closure and one call: asked for once per stage and decision, and the balance is the same for both.)
    const balance = openBalanceOf();
    if (minimum !== undefined && compareScaled(balance, conditionAmount(minimum.amount, facts.currency)) < 0) return minimum.condition;
    if (conditions.maxAmount !== undefined && compareScaled(balance, conditionAmount(conditions.maxAmount, facts.currency)) > 0) return 'maxAmount';
  }
  if (conditions.debtorKind !== undefined && conditions.debtorKind !== facts.debtor.kind) return 'debtorKind';
  const tags = facts.tags ?? noTags;
  if (conditions.tagsAny !== undefined && !conditions.tagsAny.some((t) => tags.includes(t))) return 'tagsAny';
  if (conditions.tagsNone !== undefined && conditions.tagsNone.some((t) => tags.includes(t))) return 'tagsNone';
  if (conditions.minScore !== undefined) {
    if (facts.score === undefined || new Dec(facts.score).lessThan(new Dec(conditions.minScore))) return 'minScore';
  }
  if (conditions.maxScore !== undefined) {
    if (facts.score === undefined || new Dec(facts.score).greaterThan(new Dec(conditions.maxScore))) return 'maxScore';
  }
  return null;
}

/** The tags of facts without tags (shared, never changed). */
const noTags: readonly string[] = Object.freeze([]);

/**
 * The amounts of stage conditions, read once per text: checked as `money(text, currency)` checks
 * them (a decimal text; the same errors), kept as scaled integers. The claim's currency, the other
 * thing `money` checks, was checked when the claim was created. Bounded.
 */
const conditionAmounts = new Map<string, Scaled>();

function conditionAmount(text: string, currency: string): Scaled {
  const known = conditionAmounts.get(text);
  if (known !== undefined) return known;
  const scaled = toScaled(money(text, currency).amount);
  if (conditionAmounts.size >= 256) conditionAmounts.clear();
  conditionAmounts.set(text, scaled);
  return scaled;
}

/** Stage kinds that engage a third party (agency, lawyer, court) at the debtor's cost. */
const escalationKinds: ReadonlySet<Stage['kind']> = new Set(['handover', 'court-dunning']);

/**
 * Why a hand-over or court-dunning stage may not start, whatever the policy's conditions say, or
 * `null` when it may:
 *
 * - `dispute`: a dispute is open, or was resolved for the debtor — an Inkasso mandate or a
 *   Mahnbescheid for a claim the debtor recognisably refuses causes costs that are not necessary
 *   (§ 254 Abs. 2 BGB; BVerfG 1 BvR 1012/11); the claim stays at the stage it reached until the
 *   dispute is resolved for the creditor (or in part);
 * - `principal`: no principal is open (interest or costs alone), unless the policy sets
 *   `escalateWithoutPrincipal`.
 *
 * @param stage - the stage
 * @param state - the claim's state
 * @param policy - the policy
 * @param openPrincipal - the principal open on the day of the decision; unknown: not checked
 */
export function escalationBar(stage: Stage, state: ClaimState, policy: Policy, openPrincipal?: Money): 'dispute' | 'principal' | null {
  return escalationBarOf(stage, state, policy, openPrincipal === undefined ? undefined : () => openPrincipal.amount.greaterThan(0));
}

/** {@link escalationBar} asking whether principal is open (above zero) only when the stage and policy need it. */
function escalationBarOf(stage: Stage, state: ClaimState, policy: Policy, principalOpenOf: (() => boolean) | undefined): 'dispute' | 'principal' | null {
  if (!escalationKinds.has(stage.kind)) return null;
  if (state.disputes.some((d) => d.resolvedOn === undefined || d.outcome === 'debtor-right')) return 'dispute';
  if (principalOpenOf !== undefined && !policy.escalateWithoutPrincipal && !principalOpenOf()) return 'principal';
  return null;
}

/**
 * The index in the policy of the stage the claim is in: found by the stage's id (so a new policy
 * version with inserted stages still finds it), else by the recorded index; -1 before the first stage.
 *
 * @param state - the claim's state
 * @param policy - the policy
 */
export function currentStageIndex(state: ClaimState, policy: Policy): number {
  if (state.stage === null) return -1;
  const byId = firstStageIndexById(policy.stages).get(state.stage);
  if (byId === undefined) return state.stageIndex;
  // (A stage list changed after it was first asked for, against the rules, is searched again.)
  return policy.stages[byId]?.id === state.stage ? byId : stageIndexBySearch(state.stage, state.stageIndex, policy.stages);
}

/** The index of the first stage with the id `stage`, else `recorded`: the rule {@link currentStageIndex} answers. */
function stageIndexBySearch(stage: string, recorded: number, stages: readonly Stage[]): number {
  const byId = stages.findIndex((s) => s.id === stage);
  return byId >= 0 ? byId : recorded;
}

/**
 * The index of the first stage with each id of a policy's stages (what `findIndex` by id answers),
 * worked out once per stage list: every decision and review asks for the claim's stage. Weak: an
 * entry lives as long as the policy; a policy's stages are never changed.
 */
function firstStageIndexById(stages: readonly Stage[]): ReadonlyMap<string, number> {
  let byId = stageIndexes.get(stages);
  if (byId === undefined) {
    byId = new Map();
    for (let index = 0; index < stages.length; index++) {
      const id = (stages[index] as Stage).id;
      if (!byId.has(id)) byId.set(id, index);
    }
    stageIndexes.set(stages, byId);
  }
  return byId;
}

/** {@link firstStageIndexById}'s maps by stage list. */
const stageIndexes = new WeakMap<readonly Stage[], Map<string, number>>();

/**
 * The first day a stage may be entered: its trigger (due date + days, previous stage entered + days,
 * or first day of default + days), but never on or before the deadline the previous notice gave
 * the debtor, and never on the day another stage was entered (one stage per day).
 *
 * A deadline runs from the letter: while a message of the current stage that sets a deadline has
 * not gone out (queued, neither sent nor ended by failures on all its channels), the debtor has no
 * deadline yet, and the stage waits past the one that message gives if it goes out on `day` (the
 * period booked with it counted from `day`, never before the booked deadline) — a day after `day`,
 * so the next stage is never entered while the letter of the current one is still in the outbox.
 *
 * A stage's wait runs from its letter (rule `guard.stage-waits-for-letter`; a notice works only once
 * it reaches the debtor, § 130 Abs. 1 S. 1 BGB): while any message of the current stage has not gone
 * out and has not ended (`stageLetters`), it counts as going out on `day` — a stage triggered
 * "previous stage + days" counts its days from `day`, and no stage comes on or before `day`; the
 * result's `waitsFor` names the message when the stage would be due on `day` counted from the entry
 * and the booked deadline. After a message went out later than the entry day, "previous stage +
 * days" counts from the day the last one went out, and no stage comes on or before that day. A
 * message that failed for good on every channel is not waited for (counted from the entry).
 *
 * @param stage - the stage
 * @param state - the claim's state
 * @param policy - the claim's policy (read for a message booked without its period); none: the period from the booked deadline
 * @param day - the day of the decision or review (default: the day of the claim's last event)
 * @param context - holiday state, as for `decide` (the federal state of § 193 BGB)
 * @returns the day and how it was found, or `null` for a default-triggered stage before default
 */
export function stageTriggerDate(stage: Stage, state: ClaimState, policy?: Policy, day?: IsoDate, context: DecideContext = {}): TriggerDate | null {
  const on = day ?? state.lastEventDate;
  const letters = stageLetters(state);
  return triggerOf(stage, state, true, awaitedDeadline(state, policy, on, holidayState(state, context), letters), letters, on);
}

/**
 * The deadline the next stage waits for, as {@link stageTriggerDate} describes it: the claim's
 * `deadline` (the one the current stage's notice gave), or — a deadline-setting message of the
 * current stage not sent yet ({@link unsentDeadlineMessage}) — the later of it and the deadline that
 * message gives if it goes out on `day` (`deadlineOnSend`). `null` when the stage set none.
 *
 * @internal
 */
export interface AwaitedDeadline {
  /** The day the next stage waits past. */
  readonly date: IsoDate;
  /** The message not sent yet whose send the deadline waits for, if any. */
  readonly unsent?: ClaimEventOf<'message-queued'>;
  /** With `unsent`: the day its send was counted from. */
  readonly on?: IsoDate;
}

/**
 * {@link AwaitedDeadline} of `state` on `day` (the holidays of `holidays` moving it by § 193 BGB);
 * `policy` is read for the period of a message booked without one (none: the period from booking to
 * the booked deadline).
 */
function awaitedDeadline(state: ClaimState, policy: Policy | undefined, day: IsoDate, holidays: GermanState | undefined, letters: StageLetters | null): AwaitedDeadline | null {
  const booked = state.deadline;
  if (booked === null) return null;
  const unsent = letters?.unsentDeadline;
  if (unsent === undefined) return { date: booked };
  const given = deadlineOnSend(unsent, day, policy === undefined ? undefined : stageDeadlineDays(policy, unsent.stage), holidays) ?? booked;
  return { date: given > booked ? given : booked, unsent, on: day };
}

/**
 * The first message of the current stage that sets a deadline and has not gone out: booked with the
 * stage's entry (`message-queued` of its stage and day, with a `deadline`) and not ended
 * (`messageDeliveryState(...).ended`): no `message-sent` (or only sends reported bounced or undelivered
 * on their channel while its fallback is left), no failure recording what may have gone out
 * (`contentHash`) that a report of non-delivery on its channel did not take back, and a channel it may still go out on that has no `message-failed`,
 * `message-skipped` or `message-bounced` — its channel and its fallback; after an attempt whose
 * outcome is unknown only that attempt's channel, until the provider reports the message bounced or
 * undelivered there (then its fallback, and the next stage waits for the fallback letter's send).
 * `undefined` when there is none. Reads only the events since the stage's entry.
 *
 * @internal
 */
export function unsentDeadlineMessage(state: ClaimState): ClaimEventOf<'message-queued'> | undefined {
  return state.deadline === null ? undefined : stageLetters(state)?.unsentDeadline;
}

/**
 * Where the messages of the claim's current stage entry stand, as the next stage's wait reads them
 * (see {@link stageTriggerDate}): the messages booked with the entry (`message-queued` of its stage
 * and day), each read by `messageDeliveryState`.
 *
 * @internal
 */
export interface StageLetters {
  /**
   * The first of them that has not gone out and has not ended (`messageDeliveryState(...).ended` is
   * false: queued and not sent — quiet hours, a rest day, a retry, a dispatcher that has not run —, or
   * sent, reported bounced or undelivered, with its fallback left). A message that failed for good on
   * every channel has ended and is not waited for.
   */
  readonly unsent: ClaimEventOf<'message-queued'> | undefined;
  /** The first of them that sets a deadline and has not gone out ({@link unsentDeadlineMessage}). */
  readonly unsentDeadline: ClaimEventOf<'message-queued'> | undefined;
  /**
   * Of those that went out, the last day one did when that is after the entry day, with its message:
   * the send that reached the debtor (`delivered`), or — given up on as one that may have gone — the
   * attempt whose outcome is unknown. `undefined` when all went out on the entry day, or none did.
   */
  readonly sentLate: { readonly messageId: string; readonly date: IsoDate } | undefined;
}

/**
 * {@link StageLetters} of `state`, or `null` before the first stage or when the current entry booked
 * no message. Reads only the events since the stage's entry.
 *
 * @internal
 * @param state - the claim's state
 */
export function stageLetters(state: ClaimState): StageLetters | null {
  const entered = state.stageEnteredOn;
  if (entered === null) return null;
  const events = state.events;
  let from = events.length - 1;
  while (from >= 0 && (events[from] as ClaimEvent).type !== 'stage-entered') from--;
  let unsent: ClaimEventOf<'message-queued'> | undefined;
  let unsentDeadline: ClaimEventOf<'message-queued'> | undefined;
  let sentLate: { messageId: string; date: IsoDate } | undefined;
  let any = false;
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type !== 'message-queued' || e.stage !== state.stage || e.date !== entered) continue;
    any = true;
    // Read from the stage's entry on (messageDeliveryState's `from`): its delivery events come after its booking.
    const delivery = messageDeliveryState(state, e.messageId, e, from + 1);
    if (!delivery.ended) {
      unsent ??= e;
      if (e.deadline !== undefined) unsentDeadline ??= e;
      continue;
    }
    const out = delivery.delivered?.date ?? (delivery.mayHaveGone === undefined ? undefined : delivery.unknown?.event.date);
    if (out !== undefined && out > entered && (sentLate === undefined || out > sentLate.date)) sentLate = { messageId: e.messageId, date: out };
  }
  return any ? { unsent, unsentDeadline, sentLate } : null;
}

/** {@link stageTriggerDate}; without `explain` the explanation is left empty (a caller that wants the day only). */
function triggerOf(stage: Stage, state: ClaimState, explain: boolean, awaited: AwaitedDeadline | null, letters: StageLetters | null, day: IsoDate): TriggerDate | null {
  const { after, days } = stage.trigger;
  const entered = state.stageEnteredOn;
  // The day the current stage's letters went out, from which its wait counts: while one is still in
  // the outbox, the day looked at (the earliest it can go out); after the entry day, the last send.
  const unsent = letters?.unsent;
  const out = unsent !== undefined ? { messageId: unsent.messageId, date: day } : letters?.sentLate;
  let date: IsoDate;
  let explanation = '';
  if (after === 'due-date') {
    date = addDays(state.facts.dueDate, days);
    if (explain) explanation = `due date ${state.facts.dueDate} + ${days} days`;
  } else if (after === 'previous-stage') {
    const from = entered ?? state.facts.dueDate;
    date = addDays(from, days);
    if (explain) explanation = entered === null ? `due date ${from} + ${days} days (no stage entered yet)` : `previous stage entered ${from} + ${days} days`;
  } else {
    if (state.defaultBegan === null) return null;
    date = addDays(state.defaultBegan, days);
    if (explain) explanation = `first day of default ${state.defaultBegan} + ${days} days`;
  }
  // Due on `day` but for a letter of the current stage still in the outbox: the day the stage would
  // have without the rules of the letter (counted from the entry, past the booked deadline).
  let waitsFor: ClaimEventOf<'message-queued'> | undefined;
  if (unsent !== undefined) {
    let plain = date;
    if (state.deadline !== null && plain <= state.deadline) plain = addDays(state.deadline, 1);
    if (entered !== null && plain <= entered) plain = addDays(entered, 1);
    if (plain <= day) waitsFor = unsent;
  }
  if (after === 'previous-stage' && out !== undefined) {
    const counted = addDays(out.date, days);
    if (counted > date) {
      date = counted;
      if (explain) {
        explanation +=
          unsent !== undefined
            ? `; its message ${out.messageId} is not sent yet: counted from ${out.date}, the day it goes out at the earliest, + ${days} days (a stage's wait runs from its letter)`
            : `; its message ${out.messageId} went out ${out.date}: counted from there, + ${days} days (a stage's wait runs from its letter)`;
      }
    }
  }
  if (awaited !== null && date <= awaited.date) {
    date = addDays(awaited.date, 1);
    if (explain) {
      explanation +=
        awaited.unsent === undefined
          ? `, moved past the deadline ${awaited.date}`
          : `, moved past the deadline ${awaited.date} that message ${awaited.unsent.messageId} of stage ${awaited.unsent.stage} (booked ${awaited.unsent.date}, not sent yet) gives if it goes out on ${awaited.on}: a deadline runs from the letter`;
    }
  }
  if (entered !== null && date <= entered) {
    date = maxDate(date, addDays(entered, 1));
    if (explain) explanation += `, not before the day after the last stage (${entered})`;
  }
  if (out !== undefined && date <= out.date) {
    date = addDays(out.date, 1);
    if (explain) {
      explanation +=
        unsent !== undefined
          ? `, not before the day after message ${out.messageId} of stage ${state.stage ?? ''} goes out (not sent yet)`
          : `, not before the day after message ${out.messageId} of stage ${state.stage ?? ''} went out (${out.date})`;
    }
  }
  return waitsFor === undefined ? { date, explanation } : { date, explanation, waitsFor };
}

/**
 * The next stage the claim can enter: the first stage after the current one whose conditions hold
 * (stages whose conditions fail are skipped), with its trigger date. `null` when the current stage
 * is final or no later stage applies.
 *
 * @param state - the claim's state
 * @param policy - the policy
 * @param openBalance - the open balance on the day of the decision (for amount conditions)
 * @param openPrincipal - the principal open on that day (for the escalation bar); none: not checked
 * @param day - the day of the decision (default: the day of the claim's last event), for a deadline-setting message not sent yet (see {@link stageTriggerDate})
 * @param context - holiday state, as for `decide`
 */
export function nextStage(state: ClaimState, policy: Policy, openBalance: Money, openPrincipal?: Money, day?: IsoDate, context: DecideContext = {}): StageCandidate | null {
  return nextStageOf(
    state,
    policy,
    () => toScaled(openBalance.amount),
    openPrincipal === undefined ? undefined : () => openPrincipal.amount.greaterThan(0),
    true,
    day ?? state.lastEventDate,
    holidayState(state, context),
  );
}

/**
 * {@link nextStage} asking for the open balance and principal only when a stage's conditions or
 * escalation bar need them (most stages have none), so a caller can compute the statement lazily.
 *
 * @internal
 * @param state - the claim's state
 * @param policy - the policy
 * @param openBalanceOf - the open balance on the day of the decision, as a scaled integer
 * @param principalOpenOf - whether principal is open (above zero) on that day; none: not checked
 * @param explain - false: the candidate's explanation is left empty (for a caller that wants the day only)
 * @param day - the day of the decision or review, from which a deadline-setting message not sent yet is counted (see {@link stageTriggerDate})
 * @param holidays - the federal state whose holidays count (`holidayState`)
 * @param wait - when given and no later stage applies: `found` set to the stage the claim waits for because of
 *   an amount condition (the first later stage passed over for its minimum or `maxAmount`), with the
 *   day it would be due ({@link StageWait}); and whether a later stage applies or not, `below` set to the
 *   stages passed over for their minimum (`minAmount`, or `minRemainder` once part was paid or credited) that the balance growing can make apply before the one
 *   returned ({@link BelowMinimum}, in the policy's order), when there are any; left as it is otherwise
 */
export function nextStageOf(
  state: ClaimState,
  policy: Policy,
  openBalanceOf: () => Scaled,
  principalOpenOf: (() => boolean) | undefined,
  explain: boolean,
  day: IsoDate,
  holidays: GermanState | undefined,
  wait?: { found?: StageWait; below?: readonly BelowMinimum[] },
): StageCandidate | null {
  const current = currentStageIndex(state, policy);
  const currentStage = current >= 0 ? policy.stages[current] : undefined;
  if (currentStage?.final === true) return null;
  let skipped: SkippedStage[] | undefined;
  let waited: { readonly stage: Stage; readonly index: number; readonly failed: MinimumCondition | 'maxAmount' } | undefined;
  // The stages passed over for their minimum that would apply at it, each with a minimum below that of those before it.
  let below: { readonly stage: Stage; readonly minimum: Scaled; readonly minAmount: string }[] | undefined;
  for (let index = current + 1; index < policy.stages.length; index++) {
    const stage = policy.stages[index] as Stage;
    const failed = escalationBarOf(stage, state, policy, principalOpenOf) ?? failedConditionOf(stage.conditions, state, openBalanceOf);
    if (failed !== null) {
      (skipped ??= []).push({ stage: stage.id, failed });
      if (waited === undefined && (isMinimumCondition(failed) || failed === 'maxAmount')) waited = { stage, index, failed };
      if (isMinimumCondition(failed) && wait !== undefined) {
        const minAmount = (stageMinimum(stage.conditions, state) as { readonly amount: string }).amount;
        const minimum = conditionAmount(minAmount, state.facts.currency);
        const lowest = below?.[below.length - 1]?.minimum;
        // At its minimum an earlier stage with the same or a lower one applies first (nextStageOf takes the first).
        if ((lowest === undefined || compareScaled(minimum, lowest) < 0) && failedConditionOf(stage.conditions, state, () => minimum) === null) (below ??= []).push({ stage, minimum, minAmount });
      }
      continue;
    }
    const letters = stageLetters(state);
    const trigger = triggerOf(stage, state, explain, awaitedDeadline(state, policy, day, holidays, letters), letters, day);
    if (wait !== undefined && below !== undefined) wait.below = belowMinimums(below, state, policy, day, holidays, letters);
    const candidate: StageCandidate = {
      stage,
      index,
      triggerDate: trigger === null ? null : trigger.date,
      explanation: trigger === null ? (explain ? 'waits for the first day of default' : '') : trigger.explanation,
      skipped: skipped ?? noneSkipped,
    };
    return trigger?.waitsFor === undefined ? candidate : { ...candidate, waitsFor: trigger.waitsFor };
  }
  if (wait !== undefined && (waited !== undefined || below !== undefined)) {
    const letters = stageLetters(state);
    if (waited !== undefined) {
      const trigger = triggerOf(waited.stage, state, false, awaitedDeadline(state, policy, day, holidays, letters), letters, day);
      wait.found = { ...waited, triggerDate: trigger === null ? null : trigger.date };
    }
    if (below !== undefined) wait.below = belowMinimums(below, state, policy, day, holidays, letters);
  }
  return null;
}

/**
 * No stage the balance growing can make apply (shared, never changed).
 *
 * @internal
 */
export const noBelowMinimum: readonly BelowMinimum[] = Object.freeze([]);

/** The {@link BelowMinimum}s of {@link nextStageOf}: each stage with its minimum and trigger day. */
function belowMinimums(
  below: readonly { readonly stage: Stage; readonly minAmount: string }[],
  state: ClaimState,
  policy: Policy,
  day: IsoDate,
  holidays: GermanState | undefined,
  letters: StageLetters | null,
): BelowMinimum[] {
  const awaited = awaitedDeadline(state, policy, day, holidays, letters);
  return below.map(({ stage, minAmount }) => {
    const trigger = triggerOf(stage, state, false, awaited, letters, day);
    return { stage, minAmount, triggerDate: trigger === null ? null : trigger.date };
  });
}

/** The `skipped` of a candidate when no stage was skipped (shared, never changed). */
const noneSkipped: readonly SkippedStage[] = Object.freeze([]);

/** The federal state whose holidays count for a claim. */
export function holidayState(state: ClaimState, context: DecideContext = {}): GermanState | undefined {
  return state.facts.debtor.state ?? context.state;
}

/** When default begins on what the ledger shows (see {@link defaultFromLedger}). */
export interface LedgerDefault {
  /** The result of `determineDefault`: first day of default, route, basis, explanation. */
  readonly result: DefaultResult;
  /** The dunning notice whose receipt causes default, when the route is `reminder`. */
  readonly notice: NoticeReceipt | null;
  /** The day the invoice is taken as received (invoice date + letter delivery days), for the 30-day rule. */
  readonly invoiceReceivedOn: IsoDate;
}

/** A dunning notice's receipt by the debtor, from its message-sent event. */
export interface NoticeReceipt {
  /** The day the debtor is taken to have received it. */
  readonly receivedOn: IsoDate;
  /** The stage that sent it. */
  readonly stage: string;
  /** The message. */
  readonly messageId: string;
  /** The channel it went by. */
  readonly channel: string;
  /** The day it was sent. */
  readonly sentOn: IsoDate;
  /**
   * The payment deadline it gave (the one its send recorded when it went out after the day it was
   * booked, else the booked one; `deadlineGiven`), when the policy reads it as postponing default
   * (`mahnungDefault: 'after-deadline'`): default by this notice then begins the day after it. Absent
   * otherwise.
   */
  readonly deadline?: IsoDate;
}

/**
 * When the debtor received the claim's dunning notices (stages of a kind in {@link noticeKinds}), by
 * the engine's one receipt convention (`receiptDay`): a letter sent on S is received on
 * S + `letterDeliveryDays`, anything else (e-mail, SMS …) on S + 1. Only messages with a `message-sent` event count, and not when the
 * provider later reported them bounced or undelivered on that channel. Earliest first.
 *
 * @param state - the claim's state
 * @param policy - the policy (stage kinds, letter delivery days)
 */
export function noticeReceipts(state: ClaimState, policy: Policy): NoticeReceipt[] {
  const out: NoticeReceipt[] = [];
  forEachNoticeSend(state, policy, (message, send) => {
    out.push(noticeReceiptOf(message, send, policy));
  });
  return out.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
}

/** The receipt of a notice `message` by its delivered `send`. */
function noticeReceiptOf(message: ClaimEventOf<'message-queued'>, send: ClaimEventOf<'message-sent'>, policy: Policy): NoticeReceipt {
  const receivedOn = receiptDay(send.channel, send.date, policy.letterDeliveryDays);
  const deadline = deadlineRead(policy, deadlineGiven(message, send));
  const receipt = { receivedOn, stage: message.stage, messageId: message.messageId, channel: send.channel, sentOn: send.date };
  return deadline === undefined ? receipt : { ...receipt, deadline };
}

/**
 * The payment deadline of a notice that postpones default under the policy's reading of a Mahnung
 * (`Policy.mahnungDefault`): the notice's `deadline` under `'after-deadline'`, else `undefined`
 * (default with receipt).
 */
function deadlineRead(policy: Policy, deadline: IsoDate | undefined): IsoDate | undefined {
  return policy.mahnungDefault === 'after-deadline' ? deadline : undefined;
}

/**
 * Each dunning notice of the claim (a message of a stage of a kind in {@link noticeKinds}) that reached
 * the debtor, with the send that did (its first `message-sent` event on a channel the provider did not
 * later report bounced or undelivered), in the order of the claim's messages: the one place
 * {@link noticeReceipts} and {@link defaultFromLedger} find them.
 */
function forEachNoticeSend(state: ClaimState, policy: Policy, visit: (message: ClaimEventOf<'message-queued'>, send: ClaimEventOf<'message-sent'>) => void): void {
  // Receipts come from the claim's notices; a claim that has not sent one needs no look at its events.
  let notices: ClaimEventOf<'message-queued'>[] | undefined;
  for (const m of state.messages) {
    const stage = policy.stages.find((s) => s.id === m.stage);
    if (stage !== undefined && noticeKinds.has(stage.kind)) (notices ??= []).push(m);
  }
  if (notices === undefined) return;
  // A message the provider later reported bounced or undelivered on the channel it was sent by did not reach the debtor.
  for (const m of notices) {
    const s = messageDeliveryState(state, m.messageId, m).delivered;
    if (s !== undefined) visit(m, s);
  }
}

/**
 * Whether no earlier dunning notice of the claim reached the debtor, so that the notice `messageId` is the
 * first demand the debtor gets and its text must not refer to an earlier one ("trotz unserer Mahnung"): none
 * of the messages of stages of a kind in {@link noticeKinds} booked before `messageId` reached the debtor
 * (`messageDeliveryState(...).delivered`) or may have (a give-up that recorded what may have gone,
 * `mayHaveGone`) — each was reported bounced or undelivered on its channel, never went out, or there was
 * none (a policy with no Mahnung stage before its final notice). A declaration takes effect only when it
 * reaches the debtor (§ 130 Abs. 1 S. 1 BGB). What `messageRenderInput` passes on as
 * `RenderInput.earlierNoticeNotReceived`.
 *
 * False for a Mahnung (kind `dunning-notice`) with no notice before it: the first Mahnung refers to none,
 * and its text is the same either way.
 *
 * @internal
 * @param state - the claim's state
 * @param policy - the policy (stage kinds)
 * @param messageId - the message being written
 * @param kind - the kind of the message's stage (a kind in {@link noticeKinds})
 */
export function earlierNoticeNotReceived(state: ClaimState, policy: Policy, messageId: string | undefined, kind: StageKind): boolean {
  let earlier = false;
  for (const m of state.messages) {
    // Those booked before it.
    if (m.messageId === messageId) break;
    const stage = policy.stages.find((s) => s.id === m.stage);
    if (stage === undefined || !noticeKinds.has(stage.kind)) continue;
    const delivery = messageDeliveryState(state, m.messageId, m);
    if (delivery.delivered !== undefined || delivery.mayHaveGone !== undefined) return false;
    earlier = true;
  }
  return earlier || kind !== 'dunning-notice';
}

/**
 * The notices that reached the debtor written as if an earlier notice had reached them too (no
 * {@link earlierNoticeNotReceived} on `before`) and that, on `after`, were the first demand the debtor
 * got (the flag now set): their text ("trotz unserer Mahnung …") referred to a notice a report between
 * the two states showed never arrived (§ 130 Abs. 1 S. 1 BGB). In the order of the claim's messages.
 *
 * The engine sends no correction — such a notice still put the debtor in default as a demand of its own
 * (docs/legal-notes.md, "A later notice built on a notice that never arrived"); this is what
 * `recordDelivery` tells the host so it can decide whether to write to the debtor.
 *
 * @internal
 * @param before - the claim without the report
 * @param after - the claim with it
 * @param policy - the policy (stage kinds)
 */
export function referencesUnfoundedBy(before: ClaimState, after: ClaimState, policy: Policy): UnfoundedReference[] {
  const found: UnfoundedReference[] = [];
  for (const m of after.messages) {
    const stage = policy.stages.find((s) => s.id === m.stage);
    if (stage === undefined || !noticeKinds.has(stage.kind)) continue;
    const delivered = messageDeliveryState(after, m.messageId, m).delivered;
    if (delivered === undefined) continue;
    if (!earlierNoticeNotReceived(before, policy, m.messageId, stage.kind) && earlierNoticeNotReceived(after, policy, m.messageId, stage.kind)) {
      found.push({ messageId: m.messageId, stage: stage.id, sentOn: delivered.date });
    }
  }
  return found;
}

/** A notice that reached the debtor: its message, the send that did, the day of receipt and the deadline read (see {@link deadlineRead}). */
interface NoticeSend {
  readonly message: ClaimEventOf<'message-queued'>;
  readonly send: ClaimEventOf<'message-sent'>;
  readonly receivedOn: IsoDate;
  readonly deadline: IsoDate | undefined;
}

/**
 * The notice of {@link noticeReceipts} received on or after `day` that puts the debtor in default
 * first, as its message and send: by the policy's reading of a Mahnung (`mahnungDefault`) — with
 * `'on-receipt'` the earliest receipt, the first notice among receipts of the same day (as the sorted
 * list has them); with `'after-deadline'` the earliest day of default by `mahnungDefaultDay` (a notice
 * without a deadline by its receipt), of those giving the same day the earliest receipt. `undefined`
 * when none.
 */
function firstNoticeFrom(state: ClaimState, policy: Policy, day: IsoDate, st: GermanState | undefined): NoticeSend | undefined {
  const afterDeadline = policy.mahnungDefault === 'after-deadline';
  let first: NoticeSend | undefined;
  let firstDay: IsoDate | undefined;
  forEachNoticeSend(state, policy, (message, send) => {
    const receivedOn = receiptDay(send.channel, send.date, policy.letterDeliveryDays);
    if (receivedOn < day) return;
    const deadline = deadlineRead(policy, deadlineGiven(message, send));
    // The day this notice puts the debtor in default. Under 'on-receipt' that is the day after its
    // receipt (mahnungDefaultDay without a deadline), so the receipt itself orders the notices as that
    // day would: it stands in for it, and the date arithmetic is spared.
    const defaultDay = afterDeadline ? mahnungDefaultDay(receivedOn, deadline, { state: st }).firstDayOfDefault : receivedOn;
    if (first === undefined || firstDay === undefined || defaultDay < firstDay || (defaultDay === firstDay && receivedOn < first.receivedOn)) {
      first = { message, send, receivedOn, deadline };
      firstDay = defaultDay;
    }
  });
  return first;
}

/**
 * When the debtor is (or will be) in default on what the ledger shows: the calendar due date
 * (§ 286 Abs. 2 Nr. 1 BGB), a dunning notice (Abs. 1: the day after its receipt — or, when the
 * policy reads a Mahnung's deadline as postponing default, `mahnungDefault: 'after-deadline'`, the
 * day after its deadline) or the 30-day rule (Abs. 3, with the invoice taken as received
 * `letterDeliveryDays` after the invoice date). `null` while nothing puts the debtor in default.
 *
 * The one answer to "in default since when": the daily decision books it as `default-began`, and
 * interest (`statement`), fees, stages triggered by default and the review read that event.
 *
 * @param state - the claim's state
 * @param policy - the policy
 * @param context - holiday state
 */
export function defaultFromLedger(state: ClaimState, policy: Policy, context: DecideContext = {}): LedgerDefault | null {
  const facts = state.facts;
  const st = holidayState(state, context);
  const first = firstNoticeFrom(state, policy, facts.dueDate, st);
  const reminderReceivedOn = first?.receivedOn;
  const reminderDeadline = first?.deadline;
  // determineDefault is a function of the facts, the delivery days, the holiday state and the
  // notice's receipt day: asked again for the same claim (each decision, its review, each command),
  // the last answer for these is reused — the whole answer when the notice is the same message and
  // send (its receipt is then the same), else the result of determineDefault.
  const last = lastDefaults.get(facts);
  if (
    last !== undefined &&
    last.letterDeliveryDays === policy.letterDeliveryDays &&
    last.st === st &&
    last.reminderReceivedOn === reminderReceivedOn &&
    last.reminderDeadline === reminderDeadline
  ) {
    if (last.message === first?.message && last.send === first?.send) return last.answer;
    const notice = first === undefined ? null : noticeReceiptOf(first.message, first.send, policy);
    const answer = last.result === null ? null : { result: last.result, notice: last.result.route === 'reminder' ? notice : null, invoiceReceivedOn: last.invoiceReceivedOn };
    lastDefaults.set(facts, { ...last, message: first?.message, send: first?.send, answer });
    return answer;
  }
  const notice = first === undefined ? null : noticeReceiptOf(first.message, first.send, policy);
  const invoiceReceivedOn = addDays(facts.invoiceDate, policy.letterDeliveryDays);
  const result = determineDefault({
    debtor: facts.debtor.kind,
    claimKind: facts.claimKind,
    dueDate: facts.dueDate,
    dueDateAgreed: facts.dueDateAgreed,
    dueDateIsCalendarDate: facts.dueDateIsCalendarDate,
    invoiceReceivedOn,
    invoicePointedOut30DayRule: facts.invoicePointedOut30DayRule,
    reminderReceivedOn,
    reminderDeadline,
    state: st,
  });
  const answer = result === null ? null : { result, notice: result.route === 'reminder' ? notice : null, invoiceReceivedOn };
  lastDefaults.set(facts, { letterDeliveryDays: policy.letterDeliveryDays, st, reminderReceivedOn, reminderDeadline, invoiceReceivedOn, result, message: first?.message, send: first?.send, answer });
  return answer;
}

/** A booked default whose notice never reached the debtor (see {@link withdrawnDefault}). @internal */
export interface WithdrawnDefault {
  /** The `default-began` booked from the notice: its date is the first day of default taken back. */
  readonly booked: ClaimEventOf<'default-began'>;
  /** The notice's message. */
  readonly messageId: string;
  /** The first report that it was not delivered on the channel it went by (its date dates the withdrawal). */
  readonly report: ClaimEventOf<'message-bounced' | 'message-failed'>;
}

/**
 * The default in force on the ledger (`state.defaultBegan`) when it rested on the receipt of a dunning
 * notice (route `reminder`, the notice named in its inputs) that the provider has since reported
 * bounced or undelivered on the channel it went by: the send {@link defaultFromLedger} counted no longer
 * reaches the debtor (`messageDeliveryState(...).delivered`). A declaration takes effect only when it
 * reaches the debtor (§ 130 Abs. 1 S. 1 BGB), so that notice did not put them in default (§ 286 Abs. 1
 * BGB): the daily decision takes the booked default back (`default-withdrawn`) and books default anew
 * from what the ledger shows now — the one rule, {@link defaultFromLedger}. `null` otherwise (no default,
 * a default by calendar date or the 30-day rule, or the notice still counts as received).
 *
 * Reads the events after the booked `default-began` only (a report before it was already read when
 * default was booked), and the notice's delivery state only when such a report names it.
 *
 * @internal
 * @param state - the claim's state
 */
export function withdrawnDefault(state: ClaimState): WithdrawnDefault | null {
  const began = state.defaultBegan;
  if (began === null) return null;
  const events = state.events;
  let booked: ClaimEventOf<'default-began'> | undefined;
  let reports: ClaimEventOf<'message-bounced' | 'message-failed'>[] | undefined;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as ClaimEvent;
    if (e.type === 'default-began') {
      if (e.date === began) {
        booked = e;
        break;
      }
    } else if (e.type === 'message-bounced' || (e.type === 'message-failed' && e.contentHash === undefined)) (reports ??= []).push(e);
  }
  if (booked === undefined || reports === undefined || booked.route !== 'reminder') return null;
  const inputs = booked.reason?.inputs;
  const messageId = inputs?.['noticeMessageId'];
  const channel = inputs?.['noticeChannel'];
  if (typeof messageId !== 'string') return null;
  // The earliest report after the booking about the notice on the channel it went by (the list runs latest first).
  let report: ClaimEventOf<'message-bounced' | 'message-failed'> | undefined;
  for (const r of reports) if (r.messageId === messageId && r.channel === channel) report = r;
  if (report === undefined) return null;
  const delivered = messageDeliveryState(state, messageId).delivered;
  if (delivered !== undefined && delivered.channel === channel && delivered.date === inputs?.['noticeSentOn']) return null;
  return { booked, messageId, report };
}

/** How a notice puts the debtor in default (see {@link noticeDefault}). */
export interface NoticeDefault {
  /** The first day of default the notice causes. */
  readonly firstDayOfDefault: IsoDate;
  /**
   * True when default begins only after the notice's deadline has passed unpaid (the policy's
   * `mahnungDefault: 'after-deadline'` and a deadline that ends after receipt): the letter says
   * "Zahlen Sie nicht bis zum …, geraten Sie ab dem folgenden Tag in Zahlungsverzug". False: default
   * begins with its receipt, and the letter says so.
   */
  readonly afterDeadline: boolean;
}

/**
 * Whether the message of `stage`, sent by `channel` on `day` with `deadline`, is the Mahnung that puts
 * the debtor in default (§ 286 Abs. 1 BGB), and how: the stage is of a kind in {@link noticeKinds},
 * the claim is due on `day`, and on what the ledger shows (see {@link defaultFromLedger}) no earlier
 * route — an agreed calendar date, the 30-day rule, an earlier notice already received — puts the
 * debtor in default before the day this notice does. That day is the one `mahnungDefaultDay` gives:
 * the day after receipt (`receiptDay`); under the policy's `mahnungDefault: 'after-deadline'` the day
 * after the deadline (as § 193 BGB moved it), not before the day after receipt. Default then begins
 * on that day, as the engine counts it; the letter says so, so that its payment deadline reads either
 * as the time before further steps, not a deferral of payment (on receipt), or as the day default
 * waits for (after the deadline). Whether a deadline in a Mahnung postpones default is a question of
 * how the letter is read; see docs/legal-notes.md. `null` when the notice does not cause default.
 *
 * @param state - the claim's state before the message is sent
 * @param policy - the claim's policy
 * @param stage - the id of the stage that queued the message (`undefined`: not a stage's message)
 * @param channel - the channel it goes out on
 * @param day - the day of sending
 * @param deadline - the payment deadline the message sets (`message-queued.deadline`), if any
 * @param context - holiday state
 */
export function noticeDefault(
  state: ClaimState,
  policy: Policy,
  stage: string | undefined,
  channel: string,
  day: IsoDate,
  deadline: IsoDate | undefined,
  context: DecideContext = {},
): NoticeDefault | null {
  const kind = stage === undefined ? undefined : policy.stages.find((s) => s.id === stage)?.kind;
  if (kind === undefined || !noticeKinds.has(kind) || day < state.facts.dueDate) return null;
  const byNotice = mahnungDefaultDay(receiptDay(channel, day, policy.letterDeliveryDays), deadlineRead(policy, deadline), { state: holidayState(state, context) });
  const ledger = defaultFromLedger(state, policy, context);
  return ledger === null || ledger.result.firstDayOfDefault >= byNotice.firstDayOfDefault ? { firstDayOfDefault: byNotice.firstDayOfDefault, afterDeadline: byNotice.afterDeadline } : null;
}

/**
 * True when the message of `stage`, sent by `channel` on `day`, is the Mahnung that puts the debtor in
 * default (§ 286 Abs. 1 BGB) — {@link noticeDefault} is not `null`. Under the policy's
 * `mahnungDefault: 'after-deadline'` pass the message's `deadline`: without it the notice is taken to
 * cause default with its receipt.
 *
 * @param state - the claim's state before the message is sent
 * @param policy - the claim's policy
 * @param stage - the id of the stage that queued the message (`undefined`: not a stage's message)
 * @param channel - the channel it goes out on
 * @param day - the day of sending
 * @param context - holiday state
 * @param deadline - the payment deadline the message sets, if any
 */
export function noticeCausesDefault(state: ClaimState, policy: Policy, stage: string | undefined, channel: string, day: IsoDate, context: DecideContext = {}, deadline?: IsoDate): boolean {
  return noticeDefault(state, policy, stage, channel, day, deadline, context) !== null;
}

/**
 * True when {@link defaultFromLedger} gives `after` the same answer as `before` (with the same policy
 * and context): `after` is `before` with `events[from..]` folded in (`evolveAll`), with the same
 * facts, and none of those events changes a notice's receipt — the send that reached the debtor
 * (`messageDeliveryState(...).delivered`, what {@link forEachNoticeSend} reads) is the same before and
 * after for every message a `message-sent`, `message-bounced` or `message-failed` among them is about,
 * and no `message-queued` among them has the id of a message `after` records as delivered (a message
 * only queued has not reached the debtor).
 *
 * @internal
 * @param before - a state
 * @param after - `before` with `events` from `from` on folded in
 * @param events - the events
 * @param from - the index of the first event folded in
 */
export function ledgerDefaultKept(before: ClaimState, after: ClaimState, events: readonly ClaimEvent[], from: number): boolean {
  if (after.facts !== before.facts) return false;
  for (let i = from; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type === 'message-sent' || e.type === 'message-bounced' || e.type === 'message-failed') {
      if (messageDeliveryState(before, e.messageId).delivered !== messageDeliveryState(after, e.messageId).delivered) return false;
    } else if (e.type === 'message-queued' && messageDeliveryState(after, e.messageId).delivered !== undefined) return false;
  }
  return true;
}

/**
 * The last `determineDefault` result of {@link defaultFromLedger} for a claim's facts (the same object
 * in every state of the claim), with what else it was worked out from, and the answer made of it
 * with the notice's message and send. Weak: an entry lives as long as the claim's states; facts and
 * events are never changed. (The answer is shared between callers: read, never changed.)
 */
const lastDefaults = new WeakMap<
  ClaimFacts,
  {
    readonly letterDeliveryDays: number;
    readonly st: GermanState | undefined;
    readonly reminderReceivedOn: IsoDate | undefined;
    readonly reminderDeadline: IsoDate | undefined;
    readonly invoiceReceivedOn: IsoDate;
    readonly result: DefaultResult | null;
    readonly message: ClaimEventOf<'message-queued'> | undefined;
    readonly send: ClaimEventOf<'message-sent'> | undefined;
    readonly answer: LedgerDefault | null;
  }
>();

/**
 * The limitation input of a claim (§§ 195, 199, 204, 212 BGB): it arose on its due date; payments,
 * installment plans and promises to pay are acknowledgements (§ 212 Abs. 1 Nr. 1 BGB); a court
 * dunning application suspends limitation while the proceedings run (§ 204 Abs. 1 Nr. 3 BGB), until six
 * months after they stall when no Vollstreckungsbescheid follows within six months (§ 204 Abs. 2 BGB,
 * § 701 ZPO; the filing day stands for the unrecorded service day); a title starts the 30-year period (§ 197 Abs. 1 Nr. 3 BGB).
 *
 * @param state - the claim's state
 * @param today - the day of the decision
 * @param context - holiday state
 */
export function limitationInput(state: ClaimState, today: IsoDate, context: DecideContext = {}): LimitationInput {
  const acknowledgedOn: IsoDate[] = [];
  for (const e of state.events) {
    if (e.date > today) continue;
    if (acknowledges(e)) acknowledgedOn.push(e.date);
  }
  const filed = state.courtDunningFiled;
  const st = holidayState(state, context);
  // The optional members are added after the literal, in the same key order (conditional spreads
  // made a copy per member, twice per decision).
  const input: { -readonly [K in keyof LimitationInput]: LimitationInput[K] } = { arose: state.facts.dueDate };
  if (acknowledgedOn.length > 0) input.acknowledgedOn = acknowledgedOn;
  // § 204 Abs. 2 BGB, § 701 ZPO: the service date is not in the ledger, so the filing day stands for it (the earliest
  // possible service — the lapse and the end of the suspension come no later than in fact).
  if (filed !== null && filed.date <= today) input.tolling = [courtDunningTolling({ appliedOn: filed.date, servedOn: filed.date, asOf: today }).tolling];
  if (state.titled !== null) input.titledOn = state.titled.date;
  if (st !== undefined) input.state = st;
  return input;
}

/**
 * A day on or before which no limitation of the claim can have ended, whatever its acknowledgements,
 * tolling or title (`limitationNotBefore` of any {@link limitationInput} of it made on `asOf`: the
 * claim arose on its due date): read without making the input. `undefined` when that lies after
 * the year 2900, and from `asOf` 2901-01-01 on, where an input made that day can hold dates after
 * 2900, for which `limitationNotBefore` names no day.
 *
 * @internal
 */
export function limitationNotBeforeOfClaim(facts: ClaimFacts, asOf: IsoDate): IsoDate | undefined {
  return asOf >= '2901-01-01' ? undefined : limitationNotBeforeArising(facts.dueDate);
}

/** Events that are acknowledgements for {@link limitationInput} (§ 212 Abs. 1 Nr. 1 BGB): payments, installment plans, promises to pay. */
function acknowledges(e: ClaimEvent): boolean {
  return e.type === 'payment-received' || e.type === 'installment-plan-agreed' || e.type === 'promise-to-pay';
}

/**
 * True when {@link limitationInput} gives `after` the same input as `before` on every day: `after`
 * is `before` with `events[from..]` folded in (`evolveAll`), and what the input reads is unchanged —
 * the facts (due date, debtor's state), the court dunning filing, the title — and none of the events
 * folded in is an acknowledgement. What was worked out from `before`'s input then holds for `after`.
 *
 * @internal
 * @param before - a state
 * @param after - `before` with `events` from `from` on folded in
 * @param events - the events
 * @param from - the index of the first event folded in
 */
export function limitationInputKept(before: ClaimState, after: ClaimState, events: readonly ClaimEvent[], from: number): boolean {
  if (after.facts !== before.facts || after.courtDunningFiled !== before.courtDunningFiled || after.titled !== before.titled) return false;
  for (let i = from; i < events.length; i++) if (acknowledges(events[i] as ClaimEvent)) return false;
  return true;
}

/**
 * Limitation results by their input (see {@link claimLimitation}). Small and cleared when full: the
 * reuse that matters is within one decision and the review after it, and a simulation's retained heap
 * should not carry thousands of results with their steps.
 */
const limitations = new Map<string, LimitationResult>();

/**
 * The content of a limitation input as {@link limitationInput} makes it, as one string: two inputs
 * with the same key have the same limitation (see {@link claimLimitation}).
 *
 * @internal
 * @param input - the claim's limitation input
 */
export function limitationKey(input: LimitationInput): string {
  let key = `${input.arose}|${input.creditorKnewOn ?? ''}|${input.titledOn ?? ''}|${input.state ?? ''}|${input.apply193 === undefined ? '' : String(input.apply193)}|`;
  if (input.acknowledgedOn !== undefined) key += input.acknowledgedOn.join(',');
  key += '|';
  if (input.tolling !== undefined) for (const t of input.tolling) key += `${t.from}~${t.to}~${t.kind},`;
  return key;
}

/**
 * `computeLimitation` of a limitation input as {@link limitationInput} makes it, remembered by the
 * input's content: a decision asks for the limitation of one claim several times (the time-bar
 * check, then the next review day), and most claims of a book share their dates. The result is
 * shared between callers; it is read, never changed.
 *
 * @internal
 * @param input - the claim's limitation input (from {@link limitationInput})
 * @param key - its {@link limitationKey}, when the caller has it already
 */
export function claimLimitation(input: LimitationInput, key: string = limitationKey(input)): LimitationResult {
  const known = limitations.get(key);
  if (known !== undefined) return known;
  const result = computeLimitation(input);
  if (limitations.size >= 512) limitations.clear();
  limitations.set(key, result);
  return result;
}

/**
 * What is known of a claim's limitation for one input: the input, the day on or before which it
 * cannot end (`limitationNotBefore`, which checks the input as the full computation does), the day
 * it ends (`limitationExpiresAt`) and the full result, each once worked out, with the answer
 * {@link limitationEndOrBound} gives.
 */
interface LimitationOfInput {
  readonly input: LimitationInput;
  readonly bound: { readonly notBefore: IsoDate } | undefined;
  end: { readonly end: IsoDate } | undefined;
  result: LimitationResult | undefined;
}

/**
 * The last limitation input of a claim (by its facts, the same object in every state of the claim)
 * with what is known of it. The input changes seldom (a payment, the court dunning filing, a title;
 * each day only while court dunning suspends limitation), so the decisions of one claim and their
 * reviews find it here, compared by content, without a key. Weak: an entry lives as long as the
 * claim's states.
 */
const lastLimitations = new WeakMap<ClaimFacts, LimitationOfInput>();

/** True when two limitation inputs have the same content (the members {@link limitationInput} sets, and the others). */
function sameLimitationInput(a: LimitationInput, b: LimitationInput): boolean {
  if (a === b) return true;
  if (a.arose !== b.arose || a.creditorKnewOn !== b.creditorKnewOn || a.titledOn !== b.titledOn || a.state !== b.state || a.apply193 !== b.apply193) return false;
  const ackA = a.acknowledgedOn ?? noDates;
  const ackB = b.acknowledgedOn ?? noDates;
  if (ackA.length !== ackB.length) return false;
  for (let i = 0; i < ackA.length; i++) if (ackA[i] !== ackB[i]) return false;
  const tollA = a.tolling ?? noTolling;
  const tollB = b.tolling ?? noTolling;
  if (tollA.length !== tollB.length) return false;
  for (let i = 0; i < tollA.length; i++) {
    const x = tollA[i] as TollingPeriod;
    const y = tollB[i] as TollingPeriod;
    if (x.from !== y.from || x.to !== y.to || x.kind !== y.kind) return false;
  }
  return true;
}

const noDates: readonly IsoDate[] = [];
const noTolling: readonly TollingPeriod[] = [];

/** What is known of the limitation of `input`, a limitation input of the claim with `facts`: the last one remembered when its content is the same. */
function limitationOfInput(facts: ClaimFacts, input: LimitationInput): LimitationOfInput {
  const last = lastLimitations.get(facts);
  if (last !== undefined && sameLimitationInput(last.input, input)) return last;
  const notBefore = limitationNotBefore(input);
  const known: LimitationOfInput = { input, bound: notBefore === undefined ? undefined : { notBefore }, end: undefined, result: undefined };
  lastLimitations.set(facts, known);
  return known;
}

/**
 * The limitation of a claim's limitation input, with its steps and basis: {@link claimLimitation},
 * remembered for the claim as long as its input stays the same (compared by content).
 *
 * @internal
 * @param facts - the claim's facts
 * @param input - the claim's limitation input (from {@link limitationInput})
 */
export function limitationOfClaim(facts: ClaimFacts, input: LimitationInput): LimitationResult {
  const known = limitationOfInput(facts, input);
  return (known.result ??= claimLimitation(input));
}

/**
 * The last day before a claim's limitation (`expiresAt` of {@link limitationOfClaim}), worked out
 * without the steps when they are not known yet; remembered for the claim as long as its input stays
 * the same (compared by content).
 *
 * @internal
 * @param facts - the claim's facts
 * @param input - the claim's limitation input (from {@link limitationInput})
 */
export function limitationEndOfClaim(facts: ClaimFacts, input: LimitationInput): IsoDate {
  return endOf(limitationOfInput(facts, input)).end;
}

/** The end of a remembered input's limitation, worked out once. */
function endOf(known: LimitationOfInput): { readonly end: IsoDate } {
  return (known.end ??= { end: known.result !== undefined ? known.result.expiresAt : limitationExpiresAt(known.input) });
}

/**
 * The last day before a claim's limitation, or a day on or before which it cannot end when that is
 * all a caller needs to know: the end when it was worked out for the same input before, else the
 * bound of `limitationNotBefore` (the input checked as for the full computation), else the end.
 * Remembered for the claim as long as its input stays the same (compared by content).
 *
 * @internal
 * @param facts - the claim's facts
 * @param input - the claim's limitation input (from {@link limitationInput})
 */
export function limitationEndOrBound(facts: ClaimFacts, input: LimitationInput): { readonly end: IsoDate } | { readonly notBefore: IsoDate } {
  const known = limitationOfInput(facts, input);
  if (known.end !== undefined) return known.end;
  if (known.bound !== undefined) return known.bound;
  return endOf(known);
}

/**
 * A period in which promises to pay hold escalation (guard `guard.no-escalation-during-promise`, see {@link promiseHolds}).
 */
export interface PromiseHold {
  /** The promise that started the hold. */
  readonly first: ClaimEventOf<'promise-to-pay'>;
  /** The promise whose `by` the hold runs to: `first`, or the later promise that extended the hold. */
  readonly promise: ClaimEventOf<'promise-to-pay'>;
  /** The first day of the hold: the day `first` was made. */
  readonly from: IsoDate;
  /**
   * The last day of the hold: `promise.by` — moved to the next business day by § 193 BGB when it is a
   * Saturday, Sunday or public holiday — + the policy's `promiseGraceDays`, moved again by § 193 BGB
   * (the rule of an installment's last day, `installmentLastDay`).
   */
  readonly until: IsoDate;
  /** Promises made while the hold was active that did not move its end (the extension was used up, or their day was not later). */
  readonly notExtending: readonly ClaimEventOf<'promise-to-pay'>[];
}

/**
 * A promise to pay that held nothing (guard `guard.no-escalation-during-promise`, see {@link promiseHolds}): it was
 * made after an earlier promise was broken and before the claim entered a stage since.
 */
export interface PromiseNotHolding {
  /** The promise. */
  readonly promise: ClaimEventOf<'promise-to-pay'>;
  /** The last day of the broken promise's hold. */
  readonly brokenUntil: IsoDate;
}

/** What {@link promiseHolds} finds on a claim's ledger. */
export interface PromiseHolds {
  /** The periods in which promises hold escalation, earliest first; they do not overlap. */
  readonly holds: readonly PromiseHold[];
  /** Promises that held nothing, in ledger order. */
  readonly notHolding: readonly PromiseNotHolding[];
}

const noPromiseHolds: PromiseHolds = Object.freeze({ holds: Object.freeze([]), notHolding: Object.freeze([]) });

/**
 * The guard `guard.no-escalation-during-promise`: a promise to pay (`promise-to-pay`, `recordPromise`) holds
 * escalation — no new stage, so no fee, no hand-over, no message of a stage — from the day it is
 * made through its `by` plus `graceDays` (the policy's `promiseGraceDays`, time for a transfer made
 * on `by` to arrive). A promise is no deferral (Stundung): the claim stays due, the debtor stays in
 * default and default interest keeps running (§§ 286, 288 BGB); it also acknowledges the claim
 * (§ 212 Abs. 1 Nr. 1 BGB).
 *
 * - **§ 193 BGB.** A promise names a fixed day for a performance: when `by` is a Saturday, Sunday or
 *   public holiday at the debtor's place (`holidays`, the debtor's federal state), the debtor pays in
 *   time on the next business day, and the grace days count from that day; their end, when it falls on
 *   such a day, moves to the next business day as well (a transfer made on the last business day is
 *   credited only on the next one, § 675s Abs. 1 BGB). It is the one rule of an installment's last
 *   day (`installmentLastDay`), read here for the promise's `by`: promise Sun 2025-05-11, grace 5 →
 *   payable Mon 05-12, + 5 = Sat 05-17 → hold through Mon 05-19.
 *
 * - **Payments.** Paying the claim in full settles it, during the hold or after it, as always. A
 *   payment of part of the promised amount (or of all of it while more is owed) does not extend the
 *   hold: it ends on its day and escalation resumes for what is left.
 * - **After the hold** escalation resumes from the stage the claim is at: the next stage's trigger
 *   day is counted as without the promise, so a stage whose waiting time passed during the hold is
 *   due on the first day after it (`until` + 1).
 * - **A second promise while one holds** extends the hold to its own `by` + grace when that is
 *   later — once per hold: a third promise within the same hold is recorded (an acknowledgement) but
 *   moves nothing (`notExtending`). So a hold lasts at most two promises.
 * - **A promise after a broken one** (its hold ended, the claim was not paid in full and less than
 *   the promised amount was paid from the promise's day through the end of the hold) holds nothing
 *   until the claim has entered a stage since the end of the broken promise's hold: a broken promise
 *   costs the debtor the stage it held off, and promising anew cannot stall escalation for ever.
 *   "Since" is counted on the ledger: the stage must have been entered before the new promise was
 *   made; the stage its own day brings (because the promise held nothing) does not make it hold
 *   afterwards, so the stage's message goes out as booked.
 *
 * Pure; every driver (host API, `simulate`, CLI, runner) asks it through `escalationBlock` and the
 * review (`reviewCandidates`).
 *
 * @param state - the claim's state
 * @param graceDays - the policy's `promiseGraceDays`
 * @param holidays - the federal state whose public holidays count for § 193 BGB (`holidayState`: the debtor's, else the
 *   context's); default the debtor's state (without one, nationwide holidays only)
 */
export function promiseHolds(state: ClaimState, graceDays: number, holidays: GermanState | undefined = state.facts.debtor.state): PromiseHolds {
  const promises = state.promises;
  if (promises.length === 0) return noPromiseHolds;
  const holds: PromiseHold[] = [];
  const notHolding: PromiseNotHolding[] = [];
  type Open = { first: ClaimEventOf<'promise-to-pay'>; promise: ClaimEventOf<'promise-to-pay'>; until: IsoDate; extended: boolean; notExtending: ClaimEventOf<'promise-to-pay'>[] };
  // (Set in `close` too: not narrowed to null.)
  let open = null as Open | null;
  let brokenUntil = null as IsoDate | null;
  // Ledger positions: "a stage entered since" the broken promise counts only when it was entered
  // before the new promise was made — a stage entered later on the promise's own day (because the
  // promise held nothing) does not make it hold after the fact. A promise not on the ledger (one
  // `promiseWouldHold` tries) is made after everything on it.
  // (Read from the ledger only once a promise was broken.)
  let ledger = null as { readonly positionOf: Map<ClaimEvent, number>; readonly stagesAt: { readonly date: IsoDate; readonly position: number }[] } | null;
  const positions = (): NonNullable<typeof ledger> => {
    if (ledger !== null) return ledger;
    const positionOf = new Map<ClaimEvent, number>();
    const stagesAt: { readonly date: IsoDate; readonly position: number }[] = [];
    state.events.forEach((e, position) => {
      if (e.type === 'promise-to-pay') positionOf.set(e, position);
      else if (e.type === 'stage-entered') stagesAt.push({ date: e.date, position });
    });
    ledger = { positionOf, stagesAt };
    return ledger;
  };
  const close = (): void => {
    if (open === null) return;
    const hold: PromiseHold = { first: open.first, promise: open.promise, from: open.first.date, until: open.until, notExtending: open.notExtending };
    holds.push(hold);
    brokenUntil = promiseKept(state, hold) ? null : hold.until;
    open = null;
  };
  for (const p of promises) {
    // § 193 BGB on the promised day and on the end of the grace days: the one rule of a fixed day for a payment.
    const until = installmentLastDay(p.by, graceDays, holidays).lastDay;
    if (open !== null && p.date <= open.until) {
      if (!open.extended && until > open.until) {
        open.promise = p;
        open.until = until;
        open.extended = true;
      } else open.notExtending.push(p);
      continue;
    }
    close();
    if (brokenUntil !== null) {
      const since = brokenUntil;
      const { positionOf, stagesAt } = positions();
      const madeAt = positionOf.get(p) ?? state.events.length;
      if (!stagesAt.some((stage) => stage.date > since && stage.date <= p.date && stage.position < madeAt)) {
        notHolding.push({ promise: p, brokenUntil: since });
        continue;
      }
    }
    open = { first: p, promise: p, until, extended: false, notExtending: [] };
  }
  close();
  return { holds, notHolding };
}

/**
 * True when a promise hold was kept: the payments dated from the hold's first day through its last
 * (net of their reversals on or before that day) reach the amount of the promise it ran to.
 *
 * @param state - the claim's state
 * @param hold - the hold (from {@link promiseHolds})
 */
export function promiseKept(state: ClaimState, hold: PromiseHold): boolean {
  const currency = state.facts.currency;
  return !promisePaid(state, hold).amount.lessThan(money(hold.promise.amount, currency).amount);
}

/**
 * What the debtor paid within a promise hold: the payments dated from its first day through its
 * last, net of their reversals dated on or before its last day.
 *
 * @param state - the claim's state
 * @param hold - the hold (from {@link promiseHolds})
 */
export function promisePaid(state: ClaimState, hold: PromiseHold): Money {
  const currency = state.facts.currency;
  let paid = new Dec(0);
  const within = new Set<string>();
  for (const p of state.payments) {
    if (p.date < hold.from || p.date > hold.until) continue;
    within.add(p.paymentId);
    paid = paid.plus(money(p.amount, currency).amount);
  }
  for (const r of state.reversals) {
    if (r.date <= hold.until && within.has(r.paymentId)) paid = paid.minus(money(r.amount, currency).amount);
  }
  return money(paid, currency);
}

/**
 * The promise hold active on `date` (its first day on or before `date`, its last on or after), or
 * `null` (guard `guard.no-escalation-during-promise`, {@link promiseHolds}).
 *
 * @param state - the claim's state
 * @param date - the day
 * @param graceDays - the policy's `promiseGraceDays`
 * @param holidays - the federal state whose public holidays count for § 193 BGB (see {@link promiseHolds}); default the debtor's
 */
export function promiseHoldOn(state: ClaimState, date: IsoDate, graceDays: number, holidays: GermanState | undefined = state.facts.debtor.state): PromiseHold | null {
  if (state.promises.length === 0) return null;
  for (const hold of promiseHolds(state, graceDays, holidays).holds) if (hold.from <= date && date <= hold.until) return hold;
  return null;
}

/**
 * Whether a promise made on `date` to pay by `by` would hold escalation through `by`
 * (guard `guard.no-escalation-during-promise`, {@link promiseHolds}): false after a broken promise
 * with no stage entered since, or when a hold already extended once would have to move again. What a
 * page that tells the debtor "until then we send no further reminder" asks before it takes the promise.
 *
 * @param state - the claim's state
 * @param date - the day the promise would be made
 * @param by - the day the debtor would promise to pay by
 * @param graceDays - the policy's `promiseGraceDays`
 * @param holidays - the federal state whose public holidays count for § 193 BGB (see {@link promiseHolds}); default the debtor's
 */
export function promiseWouldHold(state: ClaimState, date: IsoDate, by: IsoDate, graceDays: number, holidays: GermanState | undefined = state.facts.debtor.state): boolean {
  // The amount plays no part in whether a promise holds (only in whether it was kept afterwards).
  const promise: ClaimEventOf<'promise-to-pay'> = { type: 'promise-to-pay', claimId: state.facts.id, date, amount: '0.00', by };
  const next: ClaimState = { ...state, promises: [...state.promises, promise] };
  const hold = promiseHoldOn(next, by, graceDays, holidays);
  return hold !== null && hold.from <= date;
}
