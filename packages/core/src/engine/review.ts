import { addDays, type IsoDate } from '../calendar/date.js';
import { isTerminalStatus } from '../ledger/project.js';
import { agencyHandoverBlock, installmentPlanKeptUntil, minimumLook, ownMinimum } from './guards.js';
import { installmentCheck, keptPlanRemainder } from './installment-agreement.js';
import type { ClaimState } from '../ledger/state.js';
import { statementFigures, type StatementFigures } from '../ledger/statement.js';
import { money } from '../money/money.js';
import type { Policy, Stage } from '../policy/schema.js';
import type { DecideContext } from './context.js';
import type { LimitationInput } from '../law/de/limitation.js';
import { defaultFromLedger, ledgerDefaultKept, limitationEndOfClaim, limitationEndOrBound, limitationInput, limitationInputKept, holidayState, limitationNotBeforeOfClaim, nextStageOf, noBelowMinimum, promiseHolds, type BelowMinimum, type LedgerDefault, type StageWait } from './triggers.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';

/** Why a claim needs a look on a day. */
export type ReviewKind = 'hold' | 'default' | 'installment' | 'limitation' | 'stage' | 'postponed';

/** A day a claim needs a look, and why. */
export interface ReviewCandidate {
  /** The day. */
  readonly date: IsoDate;
  /** Why. */
  readonly kind: ReviewKind;
}

/**
 * What a decision has already worked out for one state (the one it ends with), so that the review
 * of that same state does not work it out again: when the claim defaults on the ledger
 * (`defaultFromLedger`) and its limitation input on a day (the limitation itself is remembered for
 * the claim by its input: `limitationOrBound`). Only used while `state` is the state reviewed.
 *
 * @internal
 */
export interface KnownOfState {
  /** The state the other members were worked out for. */
  state: ClaimState | null;
  /** `defaultFromLedger(state, policy, context)` with the same policy and context, when worked out. */
  ledgerDefault?: LedgerDefault | null | undefined;
  /** The day of `limitationInput`. */
  limitationDay?: IsoDate | undefined;
  /**
   * `limitationInput(state, limitationDay, context)` with the same context, when worked out. It
   * also serves a later state of the same decision whose input is the same (`limitationInputKept`:
   * the events a decision records seldom touch acknowledgements, the court dunning filing or a title).
   */
  limitationInput?: LimitationInput | undefined;
}

/**
 * Points `known` at `state`: what was worked out for another state is forgotten. The one place
 * that keeps {@link KnownOfState}'s members consistent with its `state`.
 *
 * @internal
 */
export function knownFor(known: KnownOfState, state: ClaimState): KnownOfState {
  if (known.state !== state) {
    known.state = state;
    known.ledgerDefault = undefined;
    known.limitationDay = undefined;
    known.limitationInput = undefined;
  }
  return known;
}

/**
 * Points `known` from `before` at `after` (`before` with `events[from..]` folded in), keeping what
 * still holds for `after`: the limitation input when `after` has the same
 * (`limitationInputKept`), when the claim defaults on the ledger when the events folded in change no
 * notice's receipt (`ledgerDefaultKept`); the rest is forgotten. Nothing when `known` is not about `before`.
 *
 * @internal
 */
export function knownAfter(known: KnownOfState, before: ClaimState, after: ClaimState, events: readonly ClaimEvent[], from: number): void {
  if (known.state !== before) return;
  const ledgerDefault = known.ledgerDefault !== undefined && ledgerDefaultKept(before, after, events, from) ? known.ledgerDefault : undefined;
  if (limitationInputKept(before, after, events, from)) known.state = after;
  else knownFor(known, after);
  known.ledgerDefault = ledgerDefault;
}

/**
 * Every day on which something may next happen to a claim: a hold's expiry (`until` + 1), the first
 * day of default, the check day of the next unpaid installment (due date + grace days + 1), the day
 * after the limitation period ends, and the trigger day of the next stage (unless a dispute, an
 * unlimited hold stops escalation, or the claim is titled; a kept installment plan moves it past the
 * plan's last installment and grace days, a promise to pay that holds past its date and grace days; a
 * deadline-setting message of the current stage not sent yet moves it past the deadline that message
 * gives if it goes out on `asOf`, see `stageTriggerDate`). When no later stage applies because of the
 * open balance (a stage's `minAmount` or `maxAmount`, also for a kept plan's remainder), the trigger day
 * of the stage the claim waits for while it is to come (its decision reports `stage.below-minimum`), and
 * the first day default interest can make a stage apply (`minimumLook`: the balance reaches the minimum
 * of that stage or of a later one with a lower minimum, not before that stage's day; or, when that lies
 * after the known base rates, the day after them, when the next half-year's rate must be known) — so
 * also, before a later stage that applies, the day an earlier one passed over for its minimum reaches
 * it. Empty for a settled, written-off or time-barred claim.
 *
 * @param state - the claim's state
 * @param policy - the claim's policy
 * @param context - holiday state and statement options, as for `decide`
 * @param asOf - the day whose open balance decides stage amount conditions (default: the last event's day)
 * @param known - @internal what the caller already worked out for this state (see {@link KnownOfState})
 */
export function reviewCandidates(state: ClaimState, policy: Policy, context: DecideContext = {}, asOf?: IsoDate, known?: KnownOfState): ReviewCandidate[] {
  return reviewCandidatesOf(state, policy, context, asOf, known, undefined);
}

/**
 * The limitation candidate of {@link reviewCandidatesOf} left to the caller: the claim's facts and
 * limitation input, and a day on or before which limitation cannot end (`facts` undefined: nothing
 * left; `input` undefined with `facts` set: the limitation cannot end on or before the context's
 * horizon, and `notBefore` stands for it).
 *
 * @internal
 */
export interface DeferredLimitation {
  facts: ClaimFacts | undefined;
  input: LimitationInput | undefined;
  notBefore: IsoDate;
}

/**
 * A {@link DeferredLimitation} with nothing left yet, for {@link forEachReviewCandidate} to fill.
 *
 * @internal
 */
export function noDeferredLimitation(): DeferredLimitation {
  return { facts: undefined, input: undefined, notBefore: '' };
}

/**
 * {@link reviewCandidates}; with `deferred`, for a caller that wants the earliest day only, the
 * limitation candidate is left out when limitation is not worked out yet and a day is known on or
 * before which it cannot end (`limitationOrBound`): `deferred` then holds what it takes to work it out.
 *
 * @internal
 */
export function reviewCandidatesOf(
  state: ClaimState,
  policy: Policy,
  context: DecideContext,
  asOf: IsoDate | undefined,
  known: KnownOfState | undefined,
  deferred: DeferredLimitation | undefined,
): ReviewCandidate[] {
  const out: ReviewCandidate[] = [];
  forEachReviewCandidate(state, policy, context, asOf, known, deferred, (date, kind) => {
    out.push({ date, kind });
  });
  return out;
}

/**
 * {@link reviewCandidatesOf}, each candidate handed to `visit` (in the same order) instead of
 * collected: the one place the candidates are found, for a caller that wants the earliest only.
 *
 * @internal
 */
export function forEachReviewCandidate(
  state: ClaimState,
  policy: Policy,
  context: DecideContext,
  asOf: IsoDate | undefined,
  known: KnownOfState | undefined,
  deferred: DeferredLimitation | undefined,
  visit: (date: IsoDate, kind: ReviewKind) => void,
): void {
  if (isTerminalStatus(state.status)) return;
  const knows = known !== undefined && known.state === state;
  const day = asOf ?? state.lastEventDate;
  const currency = state.facts.currency;

  for (const hold of state.holds) {
    if (hold.liftedOn === undefined && hold.until !== undefined) visit(addDays(hold.until, 1), 'hold');
  }

  const defaultDay = defaultCandidate(state, policy, context, knows ? known : undefined);
  if (defaultDay !== null) visit(defaultDay, 'default');

  const plan = state.installmentPlan;
  const planActive = plan !== null && plan.defaultedOn === undefined;
  if (plan !== null && planActive) {
    // The one check of the installments (installmentCheck, which decide records): the first miss it
    // finds by `day` — unpaid by its last day, or taken back after it — else the next check day.
    const check = installmentCheck(state, plan, policy.installmentGraceDays, holidayState(state, context), day, true);
    const first = check.missed[0];
    if (first !== undefined) visit(first.date, 'installment');
    else if (check.next !== null) visit(check.next, 'installment');
  }

  // With a horizon, a limitation that cannot end on or before it (the earliest any can end is the
  // end of the third year after the claim arose) is left out without making the claim's input.
  const horizon = context.horizon;
  const earliestEnd = state.timeBarred === null && deferred !== undefined && horizon !== undefined ? limitationNotBeforeOfClaim(state.facts, day) : undefined;
  if (deferred !== undefined && horizon !== undefined && earliestEnd !== undefined && earliestEnd >= horizon) {
    deferred.facts = state.facts;
    deferred.input = undefined;
    deferred.notBefore = earliestEnd;
  } else if (state.timeBarred === null) {
    const input = knows && known.limitationDay === day && known.limitationInput !== undefined ? known.limitationInput : limitationInput(state, day, context);
    let end: IsoDate | undefined;
    if (deferred === undefined) end = limitationEndOfClaim(state.facts, input);
    else {
      const found = limitationEndOrBound(state.facts, input);
      if ('end' in found) end = found.end;
      else {
        deferred.facts = state.facts;
        deferred.input = input;
        deferred.notBefore = found.notBefore;
      }
    }
    if (end !== undefined) visit(addDays(end, 1), 'limitation');
  }

  const disputed = state.disputes.some((d) => d.resolvedOn === undefined);
  const endlessHold = state.holds.some((h) => h.liftedOn === undefined && h.until === undefined);
  if (state.titled === null && !disputed && !endlessHold) {
    const balanceDay = day < state.facts.invoiceDate ? state.facts.invoiceDate : day;
    // The statement only when a stage's amount condition or escalation bar asks for it.
    let balance: StatementFigures | undefined;
    const balanceOf = (): StatementFigures => (balance ??= statementFigures(state, balanceDay, context.statement ?? {}));
    // The day only: no explanation (the decision on that day works it out with its own).
    const wait: { found?: StageWait; below?: readonly BelowMinimum[] } = {};
    const candidate = nextStageOf(
      state,
      policy,
      () => {
        const figures = balanceOf();
        return { value: figures.totalScaled, scale: figures.sums.scale };
      },
      () => balanceOf().principalOpen,
      false,
      day,
      holidayState(state, context),
      wait,
    );
    // No later stage applies because of the open balance (a stage's minAmount or maxAmount): the stage
    // the claim waits for is looked at on its day — the decision then reports it (stage.below-minimum,
    // stageConditionBlock) — and after it on the first day default interest can make a stage apply
    // (minimumLook: its minimum reached, or the day after the known base rates); a payment or another
    // command makes the claim due in between (docs/engine.md, "A claim below a stage's minimum").
    const waited = candidate === null ? wait.found : undefined;
    // A stage before the candidate passed over for its minimum applies first once the balance reaches it.
    if (candidate !== null && wait.below !== undefined) {
      const look = minimumLook(state, wait.below, balanceDay, context);
      if (look !== null) visit(look.date, 'stage');
    }
    const triggerDate = candidate !== null ? candidate.triggerDate : waited === undefined ? null : waited.triggerDate;
    if (triggerDate !== null) {
      let date = triggerDate;
      for (const hold of state.holds) {
        if (hold.liftedOn === undefined && hold.until !== undefined && hold.placedOn <= date && date <= hold.until) date = addDays(hold.until, 1);
      }
      // A promise to pay holds escalation through its date + grace (promiseHolds): the stage waits for the day after.
      if (state.promises.length > 0) {
        // (A hold made after the trigger day counts from the review's day: the stage is overdue, not due before the promise.)
        for (const hold of promiseHolds(state, policy.promiseGraceDays, holidayState(state, context)).holds) if (hold.from <= (date > day ? date : day) && date <= hold.until) date = addDays(hold.until, 1);
      }
      if (plan !== null && planActive) {
        // The day after the plan's last day (installmentPlanKeptUntil: the last installment's last day, § 193 BGB).
        const keptUntil = installmentPlanKeptUntil(state, policy.installmentGraceDays, holidayState(state, context));
        const after = keptUntil === null ? date : addDays(keptUntil, 1);
        if (date < after) date = after;
        // A kept plan's remainder below the minimum of the stage that would ask for it: the claim waits at
        // its stage (keptPlanRemainder), like a claim below every later stage's minimum — looked at on its
        // day (the decision reports it), not daily after it.
        if (candidate !== null) {
          const remainder = keptPlanRemainder(state, policy, date, money(balanceOf().totalAmountString, currency), holidayState(state, context), candidate);
          if (remainder !== null && remainder.failed !== null) {
            visitWaiting(state, remainder.stage, remainder.failed, date, balanceDay, context, visit);
            return;
          }
        }
      }
      if (candidate === null) {
        if (waited !== undefined) visitWaiting(state, waited.stage, waited.failed, date, balanceDay, context, visit, wait.below ?? noBelowMinimum);
        return;
      }
      // A hand-over the claim's facts block (agencyHandoverBlock) is looked at on its day — the
      // decision then reports it — and not again after it: only `amend-claim-facts` adds the facts,
      // and like every command it makes the claim due on its day (host-commands), when this
      // candidate, no longer blocked, comes back.
      if (date > day || agencyHandoverBlock(state.facts, candidate.stage) === null) visit(date, 'stage');
    }
  }
}

/**
 * The looks a claim waiting at its stage for a stage's condition (`failed`) needs: on the stage's day
 * `date` when that is after `day` (the decision then reports why, `stageConditionBlock`); and on the
 * first day default interest can make a stage apply (`minimumLook` over `below`, the stages the
 * balance growing can make apply; by default the stage itself when it waits for its minimum): its
 * minimum reached, not before its day, or the day after the known base rates, when the next
 * half-year's rate must be known. That look is worked out only when it can come before `date`: after
 * the stage's day, or when another stage than this one can apply. Else none — a payment or another
 * command makes the claim due.
 */
function visitWaiting(
  state: ClaimState,
  stage: Stage,
  failed: string,
  date: IsoDate,
  day: IsoDate,
  context: DecideContext,
  visit: (date: IsoDate, kind: ReviewKind) => void,
  below?: readonly BelowMinimum[],
): void {
  if (date > day) visit(date, 'stage');
  // The stage's own day is `date` (moved past holds, promises and a kept plan).
  const waits = below?.map((w) => (w.stage === stage ? { ...w, triggerDate: date } : w)) ?? ownMinimum(stage, state, failed, date);
  if (waits.length === 0 || (date > day && waits.every((w) => w.stage === stage))) return;
  const look = minimumLook(state, waits, day, context);
  if (look !== null) visit(look.date, 'stage');
}

/** The default candidate of {@link forEachReviewCandidate}: the first day of default on the ledger, while the claim is not in default. */
function defaultCandidate(state: ClaimState, policy: Policy, context: DecideContext, known: KnownOfState | undefined): IsoDate | null {
  if (state.defaultBegan !== null) return null;
  const found = known !== undefined && known.ledgerDefault !== undefined ? known.ledgerDefault : defaultFromLedger(state, policy, context);
  return found === null ? null : found.result.firstDayOfDefault;
}

/**
 * The next review day of a claim after the messages a decision on `today` queued were sent: the
 * decision's `nextReviewAt` or, when earlier and after `today`, the first day of default the sent
 * notices bring about (a notice's receipt can start default). What the full review of `state` would
 * add is never earlier, so it is not worked out again: `message-sent` events change no member of a
 * claim's state but its events (`project`), and of the review candidates only the default is worked
 * out from the events; the others (hold, installment, limitation — no acknowledgement —, stage) are
 * those the decision's review found for the same state on the same day (the queued messages are
 * dated `today`, so `lastEventDate` is `today` before and after). A decision that queued messages
 * entered a stage, so it did not postpone one (its review has the stage candidate unchanged).
 *
 * @internal
 * @param state - the decision's state with the `message-sent` events of `today` folded in
 * @param decided - the decision's `nextReviewAt`
 * @param today - the day of the decision and the sending
 */
export function nextReviewAfterSent(state: ClaimState, policy: Policy, context: DecideContext, today: IsoDate, decided: IsoDate | null): IsoDate | null {
  if (isTerminalStatus(state.status)) return decided;
  const date = defaultCandidate(state, policy, context, undefined);
  return date !== null && date > today && (decided === null || date < decided) ? date : decided;
}

/**
 * The earliest day after `day` on which {@link reviewCandidates}`(state, policy, context, day)` has a
 * candidate, or `from` when that is earlier or there is none after `day`: candidates on or before
 * `day` do not count. The same answer as taking the minimum over the list, but the limitation's end
 * is worked out only when it can come before the answer found without it (the rule of
 * {@link earliestWithLimitation}: the limitation's day is never before the day after its bound), as
 * the decision's own review does — so a claim whose limitation lies years ahead costs no
 * limitation computation here.
 *
 * The next review day after delivery events (the dispatcher): the last decision's day (`from`), unless
 * the delivery brings something earlier, e.g. the first day of default a dunning notice's receipt starts.
 *
 * @internal
 * @param state - the claim's state with the delivery events folded in
 * @param policy - the claim's policy
 * @param context - holiday state and statement options, as for `decide`
 * @param day - the day of the delivery (the candidates' `asOf`)
 * @param from - the day to keep unless a candidate after `day` comes earlier (`null`: none)
 */
export function earliestReviewAfter(state: ClaimState, policy: Policy, context: DecideContext, day: IsoDate, from: IsoDate | null): IsoDate | null {
  let best = from;
  const deferred = noDeferredLimitation();
  forEachReviewCandidate(state, policy, context, day, undefined, deferred, (date) => {
    if (date > day && (best === null || date < best)) best = date;
  });
  if (deferred.facts === undefined) return best;
  // The limitation's day (the day after its end) is on or after the day after its bound.
  if (best !== null && best <= addDays(deferred.notBefore, 1)) return best;
  const input = deferred.input ?? limitationInput(state, day, context);
  const date = addDays(limitationEndOfClaim(deferred.facts, input), 1);
  return date > day && (best === null || date < best) ? date : best;
}

/**
 * The next day a claim needs a look: the earliest of the review candidates (`reviewCandidates`, internal), or `null` when
 * nothing can happen without a new command (settled, written-off, time-barred, waiting for a
 * dispute to be resolved or a hold without end to be lifted, or a hand-over to a collection agency
 * blocked for want of the claim's `description` or `contractDate` — added by `amendClaimFacts`; a claim
 * waiting below a stage's minimum is looked at on the day interest brings it there, or on the day after
 * the known base rates when it lies beyond them; with no such day it too waits for a command). The day may lie in the past for a
 * claim that is overdue for a decision; `decide` itself always answers a day after `today`.
 *
 * @param state - the claim's state
 * @param policy - the claim's policy
 * @param context - holiday state and statement options, as for `decide`
 * @param asOf - the day whose open balance decides stage amount conditions (default: the last event's day)
 */
export function nextReviewAt(state: ClaimState, policy: Policy, context: DecideContext = {}, asOf?: IsoDate): IsoDate | null {
  let best = null as IsoDate | null; // (set in the callback: not narrowed to null)
  const deferred = noDeferredLimitation();
  forEachReviewCandidate(state, policy, context, asOf, undefined, deferred, (date) => {
    if (best === null || date < best) best = date;
  });
  return earliestWithLimitation(best, deferred, (date) => date);
}

/**
 * The earlier of `best` and the limitation candidate {@link forEachReviewCandidate} left in
 * `deferred`, each day as `seen` makes it (non-decreasing: e.g. not before tomorrow). The
 * limitation's day (the day after it ends) is never before the day after its bound, so it is worked
 * out only when it can come before `best` — and, with a `horizon` (see `DecideContext`), only when
 * it can come on or before the horizon: otherwise the day after the bound stands for it (the
 * answer is then after the horizon either way).
 *
 * @internal
 */
export function earliestWithLimitation(best: IsoDate | null, deferred: DeferredLimitation, seen: (date: IsoDate) => IsoDate, horizon?: IsoDate): IsoDate | null {
  if (deferred.facts === undefined) return best;
  const bound = seen(addDays(deferred.notBefore, 1));
  if (best !== null && best <= bound) return best;
  if (deferred.input === undefined || (horizon !== undefined && bound > horizon)) return best ?? bound;
  const date = seen(addDays(limitationEndOfClaim(deferred.facts, deferred.input), 1));
  return best === null || date < best ? date : best;
}
