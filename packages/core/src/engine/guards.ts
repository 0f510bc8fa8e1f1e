import { addDays, daysBetween, isoWeekday, type IsoDate } from '../calendar/date.js';
import { resolveBaseRateTable } from '../law/de/base-rate.js';
import { isPublicHoliday } from '../calendar/holidays.js';
import { parseInstant, recipientTimeZone, wallClockIn } from '../calendar/instant.js';
import { MahnwerkError } from '../errors/errors.js';
import { collectionCostsCap, type CollectionCase } from '../law/de/collection-costs.js';
import { applicableLaw } from '../law/de/transition.js';
import { claimLegalTerms } from '../ledger/legal-terms.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts } from '../ledger/events.js';
import type { ClaimState, HoldState } from '../ledger/state.js';
import { add, compare, isNegative, money, subtract, toAmountString, zero, type Money } from '../money/money.js';
import { statement, statementAsOf, statementFigures, type StatementOptions } from '../ledger/statement.js';
import { failedCondition, isMinimumCondition, limitationEndOfClaim, limitationInput, promiseHoldOn, stageMinimum, type ConditionState } from './triggers.js';
import type { ContactLimits, Policy, Stage } from '../policy/schema.js';
import type { RenderCheck } from './render.js';
import type { DecideContext } from './context.js';
import { checkRefusal, messageRenderInput } from './render-input.js';
import { installmentLastDay } from './installment-agreement.js';

/** The id of a guard, e.g. `guard.no-fee-before-default`. */
export type GuardId =
  | 'guard.no-fee-before-default'
  | 'guard.no-fee-for-default-causing-notice'
  | 'guard.flat-fee-business-only'
  | 'guard.flat-fee-once'
  | 'guard.flat-fee-credit'
  | 'guard.collection-costs-once'
  | 'guard.collection-costs-after-handover'
  | 'guard.collection-costs-cap'
  | 'guard.fee-reduction-bounds'
  | 'guard.eur-only'
  | 'guard.no-escalation-during-dispute'
  | 'guard.no-escalation-during-hold'
  | 'guard.no-escalation-during-installment-plan'
  | 'guard.no-dunning-when-time-barred'
  | 'guard.no-dunning-when-closed'
  | 'guard.contact-limit'
  | 'guard.no-sms-on-sundays-and-holidays'
  | 'guard.one-stage-per-day'
  | 'guard.stage-waits-for-letter'
  | 'guard.no-negative-balance'
  | 'guard.agency-handover-needs-claim-reason'
  | 'guard.no-escalation-during-promise'
  | 'guard.message-cannot-be-written';

/** A guard's legal basis and what it forbids. */
export interface GuardRule {
  /** Legal basis. */
  readonly basis: string;
  /** What the guard forbids, in words. */
  readonly text: string;
}

/**
 * The guards of the engine. They cannot be switched off by a policy: `decide` does not emit what a
 * guard forbids (it records a {@link BlockedReason} instead), and {@link checkInvariants} reports any
 * event stream that breaks one.
 */
export const guardRules: Readonly<Record<GuardId, GuardRule>> = {
  'guard.no-fee-before-default': {
    basis: '§§ 280 Abs. 2, 286 BGB',
    text: 'No fee, costs or interest before the debtor is in default: damages for delay presuppose default.',
  },
  'guard.no-fee-for-default-causing-notice': {
    basis: '§ 286 Abs. 1 BGB; BGH 26.06.2019, VIII ZR 95/18',
    text: 'The notice that puts the debtor in default earns no fee: there is no damage from delay yet.',
  },
  'guard.flat-fee-business-only': {
    basis: '§ 288 Abs. 5 S. 1 BGB; Art. 229 § 34 EGBGB',
    text: 'The 40 EUR flat fee is owed only by a business debtor, for an Entgeltforderung arising from 2014-07-29, once in default.',
  },
  'guard.flat-fee-once': { basis: '§ 288 Abs. 5 BGB', text: 'The flat fee is charged at most once per claim.' },
  'guard.flat-fee-credit': {
    basis: '§ 288 Abs. 5 S. 3 BGB; EuGH C-287/17',
    text: 'The flat fee and the costs of legal pursuit (own dunning fees, collection costs) are credited against each other, whichever comes first.',
  },
  'guard.collection-costs-once': {
    basis: '§ 13e RDG; § 15 Abs. 2 RVG',
    text: 'Collection costs are charged at most once per claim (one Geschäftsgebühr per matter).',
  },
  'guard.collection-costs-after-handover': {
    basis: '§ 13e Abs. 1 RDG; §§ 280 Abs. 2, 286 BGB',
    text: 'Collection costs arise only once a collection agency or lawyer is engaged (after a hand-over).',
  },
  'guard.collection-costs-cap': {
    basis: '§ 13e RDG; Nr. 2300 VV RVG; § 288 Abs. 5 S. 3 BGB',
    text: 'Collection costs may not exceed what a lawyer could charge (§ 13e RDG), less the flat fee already charged (§ 288 Abs. 5 S. 3 BGB).',
  },
  'guard.fee-reduction-bounds': {
    basis: 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG',
    text: 'A fee reduction refers to a fee charged before it on the claim, is above zero, is not dated before the fee, and does not exceed what is left of the fee; what it credits to the principal is between zero and the reduction; what it moves to the unapplied part of a payment is above zero and at most what that payment paid on the costs, and with the credit at most the reduction. A reinstatement (a refund or chargeback took away a reduction\'s reason) refers to a fee charged before it, is above zero, and puts back at most what reductions took off the fee.',
  },
  'guard.eur-only': {
    basis: '§ 288 Abs. 5 BGB; § 13e RDG; § 688 Abs. 1 ZPO',
    text: 'The flat fee, RVG-capped collection costs and the court dunning procedure exist for euro claims only.',
  },
  'guard.no-escalation-during-dispute': {
    basis: '§ 242 BGB; § 4a UWG',
    text: 'A disputed claim is not escalated until the dispute is resolved.',
  },
  'guard.no-escalation-during-hold': {
    basis: 'agreed standstill (cf. § 205 BGB)',
    text: 'No escalation while a hold (Mahnstopp) is active.',
  },
  'guard.no-escalation-during-installment-plan': {
    basis: 'installment agreement (Stundung, § 311 Abs. 1 BGB)',
    text: 'No escalation while an agreed installment plan is kept.',
  },
  'guard.no-escalation-during-promise': {
    basis: "the creditor's word to wait for a promised payment (no deferral: §§ 286, 288 BGB run on)",
    text: 'No escalation while a promise to pay holds: from the day it is made through its date (moved to the next business day by § 193 BGB) plus promiseGraceDays (promiseHolds).',
  },
  'guard.no-dunning-when-time-barred': {
    basis: '§ 214 Abs. 1 BGB',
    text: 'A time-barred claim is flagged and not dunned any more.',
  },
  'guard.no-dunning-when-closed': {
    basis: '§ 362 Abs. 1 BGB',
    text: 'A settled or written-off claim is not dunned.',
  },
  'guard.contact-limit': {
    basis: '§ 4a UWG; § 7 Abs. 1 UWG',
    text: 'At most maxMessages messages per perDays days to one debtor, across all claims and channels.',
  },
  'guard.no-sms-on-sundays-and-holidays': {
    basis: 'Art. 140 GG i.V.m. Art. 139 WRV; § 7 Abs. 1 UWG',
    text: 'No SMS or WhatsApp messages on Sundays and public holidays.',
  },
  'guard.one-stage-per-day': {
    basis: 'engine rule',
    text: 'At most one stage is entered per claim and day, so a long gap does not fire several notices at once.',
  },
  'guard.stage-waits-for-letter': {
    basis: '§ 130 Abs. 1 S. 1 BGB; § 286 Abs. 1 BGB',
    text: "A stage is not entered while a message of the claim's current stage is still in the outbox (queued, neither sent nor failed on every channel — quiet hours, a rest day, a retry, a dispatcher that has not run): a notice works only once it reaches the debtor, so the next stage's wait counts from the day that message goes out, and the two letters never go out together.",
  },
  'guard.no-negative-balance': {
    basis: '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB',
    text: 'Principal, interest and costs of a claim are never below zero on any day: a payment extinguishes what is owed and no more (an overpayment is unapplied), and no later event may turn a paid part negative.',
  },
  'guard.agency-handover-needs-claim-reason': {
    basis: '§ 13a Abs. 1 Nr. 2 RDG',
    text: "A consumer's claim is not handed over to a collection agency or a lawyer (and no collection costs are charged) while it lacks the contract's subject (description) or the date it was concluded (contractDate): their first letter must name both (§ 13a Abs. 1 Nr. 2 RDG; for a lawyer § 43d Abs. 1 Nr. 2 BRAO).",
  },
  'guard.message-cannot-be-written': {
    basis: 'engine rule; § 13a Abs. 1 RDG; §§ 280 Abs. 2, 286 BGB',
    text: "A stage whose message the renderer says it cannot write (Renderer.check) is not entered: no stage, fee or hand-over is booked for a step the debtor would not be told of (e.g. a collection agency's first letter without the § 13a Abs. 1 RDG information or without an agency as sender).",
  },
};


/**
 * The id of a rule of a stage's own amount conditions (`StageConditions.minAmount`, `minRemainder`, `maxAmount`) that
 * keeps a claim at its stage: `stage.below-minimum` — the open balance is below the minimum of the
 * stage due next — and `stage.above-maximum` — it is above that stage's maximum.
 */
export type StageConditionRuleId = 'stage.below-minimum' | 'stage.above-maximum';

/** The id of a rule a {@link BlockedReason} names: a guard ({@link GuardId}) or a stage's amount condition ({@link StageConditionRuleId}). */
export type BlockedRule = GuardId | StageConditionRuleId;

/**
 * The rules of a stage's amount conditions, with what they keep from happening. Unlike the guards
 * ({@link guardRules}) they are the policy's own: a stage without `minAmount`, `minRemainder` or `maxAmount` has
 * none. A claim they keep at its stage gets a {@link BlockedReason} from {@link stageConditionBlock},
 * the one place such a reason is made.
 */
export const stageConditionRules: Readonly<Record<StageConditionRuleId, GuardRule>> = {
  'stage.below-minimum': {
    basis: "the policy's stage condition minAmount or minRemainder",
    text: "A stage whose minimum the claim's open balance (principal, interest and costs) is below is not entered: minAmount for every claim, minRemainder once part of the claim was paid or credited (a payment not fully reversed, a credit note or a write-down); the claim waits at its stage (the built-in policies: no reminder or Mahnung for less than 10 EUR left after a payment or credit, while an invoice nothing was paid on is reminded whatever its amount; no final notice, hand-over or court dunning for less than 10 EUR open).",
  },
  'stage.above-maximum': {
    basis: "the policy's stage condition maxAmount",
    text: "A stage whose maxAmount the claim's open balance (principal, interest and costs) is above is not entered: the claim waits at its stage.",
  },
};

/** Every rule a {@link BlockedReason} can name, with its basis and text: the guards and the stage conditions. */
export const blockedRules: Readonly<Record<BlockedRule, GuardRule>> = { ...guardRules, ...stageConditionRules };

/** Why `decide` did not do something a policy asked for. */
export interface BlockedReason {
  /** The guard (or engine rule, or stage condition) that stopped it. */
  readonly rule: BlockedRule;
  /** Legal basis of the guard. */
  readonly basis: string;
  /** What was stopped and why, in words. */
  readonly text: string;
  /** The stage concerned, if any. */
  readonly stage?: string;
  /** The first day the blocked step may be tried again, when known (contact limit, Sunday). */
  readonly until?: IsoDate;
  /** With a stage condition's rule: the claim's open balance on the day of the decision, a decimal string (e.g. `"8.17"`). */
  readonly openBalance?: string;
  /** With `stage.below-minimum`: the stage's minimum that failed (its `minAmount`, or its `minRemainder` once part of the claim was paid or credited), a decimal string to the currency's minor unit (e.g. `"10.00"`). */
  readonly minAmount?: string;
  /** With `stage.above-maximum`: the stage's maximum, a decimal string to the currency's minor unit. */
  readonly maxAmount?: string;
}

/**
 * Builds a {@link BlockedReason} for a guard.
 *
 * @param rule - the guard
 * @param text - what was stopped
 * @param extra - stage and retry day, and the basis where one paragraph other than the rule's own
 *   applies (e.g. § 43d BRAO for a lawyer instead of § 13a RDG)
 */
export function blocked(rule: GuardId, text: string, extra: { stage?: string; until?: IsoDate; basis?: string } = {}): BlockedReason {
  return {
    rule,
    basis: extra.basis ?? guardRules[rule].basis,
    text,
    ...(extra.stage === undefined ? {} : { stage: extra.stage }),
    ...(extra.until === undefined ? {} : { until: extra.until }),
  };
}

/**
 * The first day after `day` on which the open balance of a claim — nothing booked after `day`, only
 * default interest running on (§ 288 BGB; never compounded, § 289 BGB) — reaches `minimum`
 * (`reached: true`), searched up to the last day the interest can be worked out: the base-rate table's
 * `knownUntil` (the rate of a later half-year is not known; with `statement.allowBeyondKnownBaseRate`
 * the claim's limitation end instead), or the context's `horizon` when earlier. The balance only grows
 * with the days while nothing is booked (the rate, base rate + 5 or 9 pp, is above zero), so the day is
 * found by halving the days between, each asked of the statement (`statementFigures`, the figures every
 * decision reads). Pure.
 *
 * Not reached by the table's `knownUntil` while default interest runs on past it: the day after it
 * (`reached: false`) — the first day whose rate must be known to say more, on or before which the
 * balance cannot reach the minimum; a look on that day, with the next half-year's rate added
 * (`extendBaseRates`), searches on. `null` when there is no such day after `day`: not reached by the
 * limitation end (with `allowBeyondKnownBaseRate`) or by the `horizon` before the table's end, no
 * interest running on the day after the table's end (not in default, no principal open: the balance
 * stays), or `day` after the table's end (its statement had no unknown rate to ask for).
 *
 * E.g. 9.57 principal, nothing else open, 7.27 %: 0.0019 a day, so 10.00 about 220 days on.
 *
 * @internal
 * @param state - the claim's state
 * @param minimum - the amount to reach, a decimal string in the claim's currency (a stage's `minAmount`)
 * @param day - the day whose balance is below it (the decision's or review's day)
 * @param context - statement options and horizon, as for `decide`
 */
export function balanceReachesOn(state: ClaimState, minimum: string, day: IsoDate, context: DecideContext): { readonly date: IsoDate; readonly reached: boolean } | null {
  const options = context.statement ?? {};
  const currency = state.facts.currency;
  const min = money(minimum, currency);
  const reached = (d: IsoDate): boolean => compare(money(statementFigures(state, d, options).totalAmountString, currency), min) >= 0;
  const beyond = options.allowBeyondKnownBaseRate === true;
  const known = beyond ? limitationEndOfClaim(state.facts, limitationInput(state, day, context)) : resolveBaseRateTable(options.baseRates).knownUntil;
  const last = context.horizon !== undefined && context.horizon < known ? context.horizon : known;
  if (last > day && reached(last)) {
    // reached(hi), not reached(lo) (the caller's day: below the minimum).
    let lo = day;
    let hi = last;
    for (let gap = daysBetween(lo, hi); gap > 1; gap = daysBetween(lo, hi)) {
      const mid = addDays(lo, Math.floor(gap / 2));
      if (reached(mid)) hi = mid;
      else lo = mid;
    }
    return { date: hi, reached: true };
  }
  if (beyond || last < known || day > known) return null;
  // Only while the balance grows past the table's end: interest runs on the day after it (a period
  // there on principal open, asked with the last rate assumed) — else no rate to come changes it.
  const after = addDays(known, 1);
  const past = statementFigures(state, after, { ...options, allowBeyondKnownBaseRate: true }).interestCore;
  return past !== null && past.periods.some((p) => p.base.assumed && p.principal > 0n) ? { date: after, reached: false } : null;
}

/**
 * A stage a claim waits for below its minimum (`BelowMinimum` of `nextStageOf`): the stage, its minimum, its trigger day.
 *
 * @internal
 */
export interface MinimumWait {
  /** The stage. */
  readonly stage: Pick<Stage, 'id' | 'name'>;
  /** Its minimum (`stageMinimum`: its `minAmount`, or its `minRemainder` once part of the claim was paid or credited), a decimal string in the claim's currency. */
  readonly minAmount: string;
  /** The first day it would be entered were its minimum met, or `null` while that cannot be known (a trigger after default, before default). */
  readonly triggerDate: IsoDate | null;
}

/**
 * The look {@link minimumLook} finds: the day, the stage and its minimum, and the day the balance
 * reaches it (absent: not by the last day of the known base rates; `date` is then the day after them).
 *
 * @internal
 */
export interface MinimumLook {
  /** The day the claim is looked at again. */
  readonly date: IsoDate;
  /** The stage that can apply first. */
  readonly stage: Pick<Stage, 'id' | 'name'>;
  /** Its minimum (as {@link MinimumWait}'s). */
  readonly minAmount: string;
  /** The day default interest brings the balance to it; absent when not by the last day of the known base rates. */
  readonly reachedOn?: IsoDate;
}

/**
 * The {@link MinimumWait} of one stage whose condition `failed` keeps the claim from it, due on
 * `triggerDate`: the stage itself when it is its minimum, else none — where no other stage is asked
 * (a kept plan's remainder: only the stage that asks for it).
 *
 * @internal
 */
export function ownMinimum(stage: Pick<Stage, 'id' | 'name' | 'conditions'>, state: ConditionState, failed: string | null, triggerDate: IsoDate): readonly MinimumWait[] {
  const minimum = isMinimumCondition(failed) ? stageMinimum(stage.conditions, state) : undefined;
  return minimum === undefined ? [] : [{ stage, minAmount: minimum.amount, triggerDate }];
}

/**
 * When a claim that waits below stages' minimums is looked at again: the earliest day any of them
 * (`below`: each stage the balance growing can make apply, with its minimum and trigger day —
 * `BelowMinimum` of `nextStageOf`) can be entered — the day default interest brings the balance to its
 * minimum ({@link balanceReachesOn}), not before its trigger day — with the stage, its minimum and
 * the day the balance reaches it (`reachedOn`; absent when that lies after the known base rates: the
 * look is then on the day after them, when the next half-year's rate must be known). `null` when there
 * is no such day (see {@link balanceReachesOn}) or no stage's trigger day is known yet. The one rule of
 * the review's look and of the `until` of a `stage.below-minimum` reason ({@link stageConditionBlock}).
 *
 * @internal
 */
export function minimumLook(
  state: ClaimState,
  below: readonly MinimumWait[],
  day: IsoDate,
  context: DecideContext,
): MinimumLook | null {
  let best: MinimumLook | null = null;
  for (const wait of below) {
    // Waiting for the first day of default (a trigger after default): no interest runs before it, and the default's own look comes first.
    if (wait.triggerDate === null) continue;
    const reach = balanceReachesOn(state, wait.minAmount, day, context);
    if (reach === null) continue;
    const date = reach.date < wait.triggerDate ? wait.triggerDate : reach.date;
    if (best === null || date < best.date) best = { date, stage: wait.stage, minAmount: wait.minAmount, ...(reach.reached ? { reachedOn: reach.date } : {}) };
  }
  return best;
}

/** `context` without its `horizon`. */
function withoutHorizon(context: DecideContext): DecideContext {
  if (context.horizon === undefined) return context;
  const { horizon: _horizon, ...rest } = context;
  return rest;
}

/**
 * Why a stage due on `today` is not entered because of its own amount conditions, or `null` when
 * they hold (or only another condition fails): `stage.below-minimum` when the claim's open balance
 * is below the stage's minimum (`stageMinimum`: `minAmount`, or `minRemainder` once part of the claim was paid or credited) — at the minimum exactly the stage is entered, the condition is
 * "below" —, `stage.above-maximum` when it is above its `maxAmount`. Which condition fails is asked
 * of `failedCondition`, the one check of a stage's conditions (the daily decision's next stage, a
 * kept plan's remainder and the review all go through it); this is the one place its failure
 * becomes a reason. The reason names the stage, the open balance and the minimum (or maximum) as
 * amount strings, and as `until` the day the review looks at the claim again (`minimumLook`):
 * the day default interest brings the balance to the minimum of the stage or of a later one with a
 * lower minimum (`below`), not before that stage's day — or, when that lies after the known base
 * rates, the day after them, when the next half-year's rate must be known.
 *
 * `decide` records it for the stage the claim waits for — the first later stage passed over for an
 * amount condition when no later stage applies (`nextStageOf`), or the stage that would ask for a kept
 * installment plan's remainder (`keptPlanRemainder`) — on the stage's trigger day and on every later
 * decision; the review looks at the claim on that day, then on `until` (docs/engine.md, "A claim
 * below a stage's minimum").
 *
 * @param stage - the stage due
 * @param state - the claim's state (its facts, its current stage)
 * @param openBalance - the open balance on `today`
 * @param today - the day of the decision
 * @param context - statement options and horizon, as for `decide`
 * @param keptPlan - the installment plan whose remainder the stage would ask for (`keptPlanRemainder`), if that is why it is due
 * @param below - the stages the balance growing can make apply (`BelowMinimum` of `nextStageOf`); default: the stage itself, due today
 */
export function stageConditionBlock(
  stage: Pick<Stage, 'id' | 'name' | 'conditions'>,
  state: ClaimState,
  openBalance: Money,
  today: IsoDate,
  context: DecideContext = {},
  keptPlan?: string,
  below?: readonly MinimumWait[],
): BlockedReason | null {
  const facts = state.facts;
  const failed = failedCondition(stage.conditions, state, openBalance);
  const isMinimum = isMinimumCondition(failed);
  if (!isMinimum && failed !== 'maxAmount') return null;
  const rule: StageConditionRuleId = isMinimum ? 'stage.below-minimum' : 'stage.above-maximum';
  const condition = (isMinimum ? stageMinimum(stage.conditions, state)?.amount : stage.conditions?.maxAmount) as string;
  const limit = toAmountString(money(condition, facts.currency));
  const balance = toAmountString(openBalance);
  const cur = facts.currency;
  const waitsFor = below ?? ownMinimum(stage, state, failed, today);
  // Without the context's horizon: the reason is the same whatever day a caller acts on last (simulate's last day).
  const look = waitsFor.length === 0 ? null : minimumLook(state, waitsFor, today, withoutHorizon(context));
  const waits = state.stage === null ? 'The claim waits before its first stage' : `The claim waits at its stage ${state.stage}`;
  const due = keptPlan === undefined ? 'is due' : `would ask for what the kept installment plan ${keptPlan} left open`;
  const looked =
    look !== null
      ? lookText(look, stage.id, cur, context)
      : isMinimum
        ? `It is not looked at again for this until a payment or another command (or limitation) makes it due: settle or write off what is left, or ask for it yourself.`
        : `It is not looked at again for this until a payment or another command (or limitation) makes it due.`;
  const where =
    failed === 'minRemainder'
      ? `below its minimum of ${limit} ${cur} for what is left once part of the claim was paid or credited (condition minRemainder)`
      : isMinimum
        ? `below its minimum of ${limit} ${cur} (condition minAmount)`
        : `above its maximum of ${limit} ${cur} (condition maxAmount)`;
  return {
    rule,
    // The condition that failed: a reason names its own (the rule's basis names both minimums).
    basis: isMinimum ? `the policy's stage condition ${failed}` : stageConditionRules[rule].basis,
    text: `Stage ${stage.id} (${stage.name}) ${due}, but ${balance} ${cur} is open on ${today}, ${where}. ${waits}. ${looked}`,
    stage: stage.id,
    ...(look === null ? {} : { until: look.date }),
    openBalance: balance,
    ...(isMinimum ? { minAmount: limit } : { maxAmount: limit }),
  };
}

/**
 * Why a stage due on `today` is not entered yet (rule `guard.stage-waits-for-letter`): `message`, booked
 * with the claim's current stage, is still in the outbox — counted from that stage's entry and past
 * its booked deadline the stage would be due, but its wait counts from the day the message goes out
 * (`stageTriggerDate`, the candidate's `waitsFor`). `until` is the stage's trigger day were the message
 * to go out on `today`: the day the decision's review looks at the claim again (later if it goes out later).
 *
 * @internal
 * @param stage - the stage due
 * @param message - the message of the current stage not sent yet
 * @param today - the day of the decision
 * @param until - the stage's trigger day counted from `today`
 */
export function letterPendingBlock(stage: Pick<Stage, 'id' | 'name'>, message: ClaimEventOf<'message-queued'>, today: IsoDate, until: IsoDate): BlockedReason {
  return blocked(
    'guard.stage-waits-for-letter',
    `Stage ${stage.id} (${stage.name}) waits: message ${message.messageId} of stage ${message.stage} (booked ${message.date}, by ${message.channel}) has not gone out by ${today} (quiet hours, a rest day, a retry or a dispatch that has not run). A notice works only once it reaches the debtor (§ 130 Abs. 1 S. 1 BGB), so the next stage's wait counts from the day that message goes out; if it goes out on ${today}, the stage is due on ${until}.`,
    { stage: stage.id, until },
  );
}

/** The words of a {@link stageConditionBlock} reason for its look ({@link minimumLook}); `reported` is the stage the reason names. */
function lookText(look: MinimumLook, reported: string, cur: string, context: DecideContext): string {
  const limit = toAmountString(money(look.minAmount, cur));
  const of = look.stage.id === reported ? '' : `, the minimum of stage ${look.stage.id} (${look.stage.name}),`;
  // Not reached: by the last day of the known base rates (with allowBeyondKnownBaseRate a look is always a reached minimum).
  const knownUntil = look.reachedOn === undefined ? resolveBaseRateTable(context.statement?.baseRates).knownUntil : undefined;
  const reach =
    knownUntil === undefined
      ? `Default interest brings the open balance to ${limit} ${cur}${of} on ${look.reachedOn}`
      : `Default interest does not bring the open balance to ${limit} ${cur}${of} by ${knownUntil}, the last day of the known base rates (§ 247 BGB)`;
  const when =
    look.reachedOn === look.date
      ? 'then'
      : knownUntil === undefined || look.date !== addDays(knownUntil, 1)
        ? `on ${look.date}, the day stage ${look.stage.id} is due`
        : `on ${look.date}, when the next half-year's base rate must be known (add it with extendBaseRates)`;
  return `${reach}; the claim is looked at again ${when}, or when a payment or another command makes it due before.`;
}

/** A field of {@link ClaimFacts} that the collection agency's first letter to a consumer must print. */
export type AgencyHandoverField = 'description' | 'contractDate';

/**
 * What a claim lacks to be handed over to a collection agency or a lawyer (rule
 * `guard.agency-handover-needs-claim-reason`): the agency's first letter to a private person must
 * name the reason of the claim — for a contract its concrete subject and the date it was concluded
 * (§ 13a Abs. 1 Nr. 2 RDG) — which the letters take from `description` and `contractDate`. A lawyer
 * who collects owes a private person the same (§ 43d Abs. 1 Nr. 2 BRAO, word for word). Without
 * them that letter cannot be written (`@mahnwerk/templates` refuses it), so the engine does not hand
 * the claim over and charges no collection costs for it. A business debtor's claim lacks nothing:
 * both rules protect private persons only (§ 13a Abs. 5 RDG, § 43d Abs. 5 BRAO).
 *
 * The one place the rule lives: `decide` blocks the stage with it, the review does not come back
 * for such a stage until the facts are added (`amendClaimFacts`, which makes the claim due that
 * day), and {@link checkInvariants} reports a hand-over that broke it.
 *
 * @param facts - the claim's facts
 * @param to - to whom the claim is handed over
 * @returns the missing fields, `description` before `contractDate`; empty when none is missing
 */
export function agencyHandoverMissing(facts: ClaimFacts, to: 'collection-agency' | 'lawyer'): AgencyHandoverField[] {
  if (handoverNeedsClaimReason(facts, to) === null) return [];
  const missing: AgencyHandoverField[] = [];
  if (facts.description === undefined || facts.description.trim() === '') missing.push('description');
  if (facts.contractDate === undefined) missing.push('contractDate');
  return missing;
}

/**
 * Whether handing this claim over to `to` needs the claim's reason in its first letter (a private
 * person's claim handed to a collection agency or a lawyer: § 13a Abs. 1 Nr. 2 RDG, § 43d Abs. 1
 * Nr. 2 BRAO), and then who takes it over, in words, and the paragraph; `null` when it does not
 * (a business debtor, § 13a Abs. 5 RDG, § 43d Abs. 5 BRAO). The one test of the rule's reach: the
 * hand-over guard ({@link agencyHandoverMissing}) and the correction of the facts after a hand-over
 * (`decideFactsCorrection`) both ask it.
 *
 * @internal
 * @param facts - the claim's facts
 * @param to - to whom the claim is (or was) handed over
 */
export function handoverNeedsClaimReason(facts: ClaimFacts, to: 'collection-agency' | 'lawyer'): { readonly party: string; readonly basis: string } | null {
  if ((to !== 'collection-agency' && to !== 'lawyer') || facts.debtor.kind !== 'consumer') return null;
  return handOverLaw(to);
}

/** Who takes the claim over, in words, and the paragraph that asks for the claim's reason: § 13a RDG binds a collection agency, § 43d BRAO a lawyer (the same items). */
function handOverLaw(to: 'collection-agency' | 'lawyer'): { readonly party: string; readonly basis: string } {
  return to === 'lawyer' ? { party: 'a lawyer', basis: '§ 43d Abs. 1 Nr. 2 BRAO' } : { party: 'a collection agency', basis: '§ 13a Abs. 1 Nr. 2 RDG' };
}

/** The wording of the missing fields, for the reasons of {@link agencyHandoverBlock} and {@link checkInvariants}. */
function missingFieldsText(missing: readonly AgencyHandoverField[]): string {
  const words: Record<AgencyHandoverField, string> = {
    description: "description (the contract's subject, e.g. \"Bestellung 4711: Gartenstuhl\")",
    contractDate: 'contractDate (the day the contract was concluded, YYYY-MM-DD)',
  };
  return missing.map((f) => words[f]).join(' and ');
}

/**
 * Why a stage that hands a consumer's claim over to a collection agency or a lawyer may not be
 * entered, or `null` when it may (see {@link agencyHandoverMissing}). A stage hands over when one
 * of its actions is `{ type: 'hand-over', to: 'collection-agency' }` or `to: 'lawyer'`; the
 * reason's basis is § 13a Abs. 1 Nr. 2 RDG or § 43d Abs. 1 Nr. 2 BRAO accordingly.
 *
 * @param facts - the claim's facts
 * @param stage - the stage due
 */
export function agencyHandoverBlock(facts: ClaimFacts, stage: Pick<Stage, 'id' | 'actions'>): BlockedReason | null {
  for (const action of stage.actions) {
    if (action.type !== 'hand-over') continue;
    const missing = agencyHandoverMissing(facts, action.to);
    if (missing.length === 0) continue;
    const law = handOverLaw(action.to);
    return blocked(
      'guard.agency-handover-needs-claim-reason',
      `Stage ${stage.id} hands the claim over to ${law.party}, whose first letter to a consumer must name the contract's subject and the date it was concluded (${law.basis}); the claim lacks ${missingFieldsText(missing)}. It is not handed over and no collection costs are charged: add what is missing with amendClaimFacts (CLI: mahnwerk amend); the next run takes the hand-over up again.`,
      { stage: stage.id, basis: law.basis },
    );
  }
  return null;
}

/**
 * Why a stage may not be entered because the renderer cannot write one of its messages, or `null`
 * when it may (rule `guard.message-cannot-be-written`). For each message the stage queues the
 * renderer's check ({@link RenderCheck}) is asked on the message's channel and, when that refuses, on
 * its fallback channel; a message neither can write blocks the stage with the check's reason. The
 * check is asked with what rendering the message will be given (`messageRenderInput`, the function the dispatcher renders with) — on
 * `after`, the claim's state with the stage's own events folded in, so its statement on `today` (on
 * the invoice date before it) holds the stage's fees and costs, and the input its deadline, message
 * id, announced costs and whether it puts the debtor in default; only the payment link is missing
 * (the dispatcher asks the payment provider for it when it sends). The statement is worked out once
 * for all messages and channels of the stage. Nothing is asked when there is no check or the stage
 * queues nothing: a renderer without a check behaves as before.
 *
 * The one place the rule lives: `decide` books the stage's events, asks this with the state after
 * them, and drops them again (recording the reason) when it refuses; after
 * {@link agencyHandoverBlock}, Sunday rest and the contact limit. `simulate` passes its `render`'s
 * check the same way `createMahnwerk` does. Pure as long as the check keeps its promise
 * (synchronous, no I/O).
 *
 * @param after - the claim's state with the stage's events (its `message-queued` among them) folded in
 * @param messages - the `message-queued` events of the stage
 * @param today - the business day of the decision (the day the messages are sent)
 * @param check - the renderer's check; absent: nothing is checked
 * @param policy - the claim's policy (whether a notice puts the debtor in default)
 * @param context - statement options and holiday state (as for `decide`)
 */
export function messageBlock(
  after: ClaimState,
  messages: readonly ClaimEventOf<'message-queued'>[],
  today: IsoDate,
  check: RenderCheck | undefined,
  policy: Policy,
  context: DecideContext = {},
): BlockedReason | null {
  if (check === undefined || messages.length === 0) return null;
  const facts = after.facts;
  const shown = statement(after, today < facts.invoiceDate ? facts.invoiceDate : today, context.statement ?? {});
  for (const message of messages) {
    const channels = message.fallbackChannel === undefined || message.fallbackChannel === message.channel ? [message.channel] : [message.channel, message.fallbackChannel];
    const refusals: string[] = [];
    for (const channel of channels) {
      const reason = checkRefusal(check, messageRenderInput(after, message, channel, today, shown, policy, context));
      if (reason === null) break;
      refusals.push(`${channel}: ${reason}`);
    }
    if (refusals.length < channels.length) continue;
    return blocked(
      'guard.message-cannot-be-written',
      `Stage ${message.stage} sends "${message.template}" by ${channels.join(' (fallback ')}${channels.length > 1 ? ')' : ''}, which the renderer cannot write — ${refusals.join(' — ')} The stage is not entered and nothing is charged; it is tried again on the next day. Give the renderer what it names.`,
      { stage: message.stage },
    );
  }
  return null;
}

/** The channels that must keep Sunday and holiday rest. */
export const restDayChannels: readonly string[] = ['sms', 'whatsapp'];

/**
 * True when a hold stops escalation on a day: placed on or before it, not lifted on or before it,
 * and the day is not after its `until`.
 *
 * @param hold - the hold
 * @param date - the day
 */
export function holdBlocks(hold: HoldState, date: IsoDate): boolean {
  return hold.placedOn <= date && (hold.liftedOn === undefined || hold.liftedOn > date) && (hold.until === undefined || date <= hold.until);
}

/**
 * The last day an installment plan stops escalation: the last installment's last day
 * (`installmentLastDay`: its due date moved by § 193 BGB, plus the grace days, moved again), or `null`
 * when no plan is being kept (none, or declared defaulted). After that day a fully paid plan no longer
 * stops the dunning of what is left (e.g. interest).
 *
 * @param state - the claim's state
 * @param graceDays - the policy's installment grace days
 * @param holidays - the federal state whose public holidays count for § 193 BGB (`holidayState`: the debtor's, else the
 *   context's); default the debtor's state (without one, nationwide holidays only)
 */
export function installmentPlanKeptUntil(state: ClaimState, graceDays: number, holidays: GermanState | undefined = state.facts.debtor.state): IsoDate | null {
  const plan = state.installmentPlan;
  if (plan === null || plan.defaultedOn !== undefined) return null;
  let last = plan.agreedOn;
  for (const inst of plan.installments) if (inst.dueDate > last) last = inst.dueDate;
  return installmentLastDay(last, graceDays, holidays).lastDay;
}

/**
 * Why a claim may not be escalated on a day, or `null` when it may: time-barred, closed, an open
 * dispute, an active hold, a kept installment plan, a promise to pay that holds
 * (`guard.no-escalation-during-promise`, see `promiseHolds`).
 *
 * @param state - the claim's state
 * @param date - the day
 * @param installmentGraceDays - the policy's grace days after an installment's due date (default 0)
 * @param promiseGraceDays - the policy's grace days after a promise's `by` (default 0)
 * @param holidays - the federal state whose public holidays count for an installment's and a promise hold's last day (§ 193 BGB; `holidayState(state, context)`); default the debtor's
 */
export function escalationBlock(
  state: ClaimState,
  date: IsoDate,
  installmentGraceDays = 0,
  promiseGraceDays = 0,
  holidays: GermanState | undefined = state.facts.debtor.state,
): BlockedReason | null {
  if (state.status === 'time-barred') {
    return blocked('guard.no-dunning-when-time-barred', `The claim is time-barred (expired on ${state.timeBarred?.expiredOn ?? '?'}); it is not dunned.`);
  }
  if (state.status === 'settled' || state.status === 'written-off') {
    return blocked('guard.no-dunning-when-closed', `The claim is ${state.status}; it is not dunned.`);
  }
  const dispute = state.disputes.find((d) => d.resolvedOn === undefined);
  if (dispute !== undefined) {
    return blocked('guard.no-escalation-during-dispute', `Dispute ${dispute.disputeId} (opened ${dispute.openedOn}) is open; escalation waits until it is resolved.`);
  }
  const hold = state.holds.find((h) => holdBlocks(h, date));
  if (hold !== undefined) {
    return blocked(
      'guard.no-escalation-during-hold',
      `Hold ${hold.holdId} (${hold.note}) is active${hold.until === undefined ? '' : ` until ${hold.until}`}; escalation waits.`,
      hold.until === undefined ? {} : { until: addDays(hold.until, 1) },
    );
  }
  const keptUntil = installmentPlanKeptUntil(state, installmentGraceDays, holidays);
  if (keptUntil !== null && date <= keptUntil) {
    const plan = state.installmentPlan;
    return blocked(
      'guard.no-escalation-during-installment-plan',
      `Installment plan ${plan?.planId ?? ''} (agreed ${plan?.agreedOn ?? ''}) is being kept; escalation waits.`,
      { until: addDays(keptUntil, 1) },
    );
  }
  const promise = promiseHoldOn(state, date, promiseGraceDays, holidays);
  if (promise !== null) {
    const p = promise.promise;
    // The day § 193 BGB gives a promised day on a Saturday, Sunday or holiday (the rule promiseHolds counts the hold by).
    const { payableOn } = installmentLastDay(p.by, 0, holidays);
    const by = payableOn === p.by ? p.by : `${p.by} (payable on ${payableOn}, § 193 BGB)`;
    return blocked(
      'guard.no-escalation-during-promise',
      `The debtor promised on ${p.date} to pay ${p.amount} ${state.facts.currency} by ${by}; escalation waits until ${promise.until} (${promiseGraceDays} days of grace for the transfer). Default interest keeps running.`,
      { until: addDays(promise.until, 1) },
    );
  }
  return null;
}

/**
 * True when a day is a Sunday or a public holiday (nationwide or in `state`).
 *
 * @param date - the day
 * @param state - the federal state whose holidays count
 */
export function isRestDay(date: IsoDate, state?: GermanState): boolean {
  return isoWeekday(date) === 7 || isPublicHoliday(date, state);
}

/**
 * The first day on or after `date` that is neither a Sunday nor a public holiday.
 *
 * @param date - the day to start from
 * @param state - the federal state whose holidays count
 */
export function nextNonRestDay(date: IsoDate, state?: GermanState): IsoDate {
  let day = date;
  while (isRestDay(day, state)) day = addDays(day, 1);
  return day;
}

/**
 * The local date a message went out on: the date of its event's `recordedAt` (the clock's instant of
 * the send) read in `timeZone` ({@link parseInstant}; the debtor's zone, else the clock's, as the
 * dispatcher read it — `recipientTimeZone`), or as written without one; its business `date` for an
 * event recorded without an instant.
 *
 * @internal
 */
function sentDay(event: ClaimEventOf<'message-sent'>, timeZone: string | undefined): IsoDate {
  const at = event.recordedAt;
  if (at === undefined) return event.date;
  try {
    return parseInstant(at, 'recordedAt', timeZone).date;
  } catch (error) {
    if (!MahnwerkError.isInstance(error)) throw error;
  }
  // Not an instant with offset (an imported ledger): its date as written, if it starts with one.
  return /^\d{4}-\d{2}-\d{2}T/.test(at) ? (at.slice(0, 10) as IsoDate) : event.date;
}

/** A message to a debtor, for the contact limit. */
export interface ContactRecord {
  /** The business day it was decided (or sent) on. */
  readonly date: IsoDate;
  /** The channel. */
  readonly channel: string;
  /** The claim it belonged to, if known (contacts of the claim being decided are taken from its own ledger). */
  readonly claimId?: string;
  /** The message id, if known. */
  readonly messageId?: string;
}

/**
 * Whether `count` more messages may go to a debtor on `date` under the contact limit, and if not,
 * the first later day they may.
 *
 * @param contacts - the debtor's messages so far (all claims, all channels)
 * @param date - the day of the planned messages
 * @param count - how many messages the stage would send
 * @param limits - the policy's contact limits
 * @returns `{ allowed: true }` or `{ allowed: false, until }`
 */
export function contactLimitCheck(
  contacts: readonly ContactRecord[],
  date: IsoDate,
  count: number,
  limits: Pick<ContactLimits, 'maxMessages' | 'perDays'>,
): ContactLimitResult {
  return contactLimitCheckBy(
    (from, to) => {
      let n = 0;
      for (const c of contacts) if (c.date >= from && c.date <= to) n++;
      return n;
    },
    date,
    count,
    limits,
  );
}

/**
 * {@link contactLimitCheck} counting the debtor's messages with `between(from, to)` (both days
 * inclusive), for a caller that holds them in more than one list and need not join them.
 *
 * @internal
 */
export function contactLimitCheckBy(
  between: (from: IsoDate, to: IsoDate) => number,
  date: IsoDate,
  count: number,
  limits: Pick<ContactLimits, 'maxMessages' | 'perDays'>,
): ContactLimitResult {
  const need = Math.min(count, limits.maxMessages);
  const inWindowOn = (day: IsoDate): number => between(addDays(day, -(limits.perDays - 1)), day);
  const now = inWindowOn(date);
  if (now + need <= limits.maxMessages) return { allowed: true, inWindow: now };
  for (let k = 1; k <= limits.perDays; k++) {
    const day = addDays(date, k);
    if (inWindowOn(day) + need <= limits.maxMessages) return { allowed: false, inWindow: now, until: day };
  }
  return { allowed: false, inWindow: now, until: addDays(date, limits.perDays) };
}

/** The contact limit allows the messages. */
export interface ContactAllowed {
  /** Always true. */
  readonly allowed: true;
  /** Messages to the debtor already in the window ending on the day. */
  readonly inWindow: number;
}

/** The contact limit postpones the messages. */
export interface ContactPostponed {
  /** Always false. */
  readonly allowed: false;
  /** Messages to the debtor already in the window ending on the day. */
  readonly inWindow: number;
  /** The first day the messages fit into the window. */
  readonly until: IsoDate;
}

/** The answer of {@link contactLimitCheck}. */
export type ContactLimitResult = ContactAllowed | ContactPostponed;

/** One broken guard found by {@link checkInvariants}. */
export interface GuardReport {
  /** The guard. */
  readonly guard: GuardId;
  /** Legal basis of the guard. */
  readonly basis: string;
  /** The claim. */
  readonly claimId: string;
  /** Index of the offending event in the array given to {@link checkInvariants}. */
  readonly index: number;
  /** The offending event's type. */
  readonly type: ClaimEvent['type'];
  /** What is wrong, in words. */
  readonly message: string;
}

const escalationTypes: ReadonlySet<ClaimEvent['type']> = new Set(['stage-entered', 'message-queued', 'fee-charged', 'handed-over', 'court-dunning-filed']);

interface ClaimFold {
  facts: ClaimFacts | null;
  defaultBegan: IsoDate | null;
  defaultRoute: string | null;
  defaultNoticeStage: string | null;
  disputes: Map<string, boolean>;
  disputeSeen: boolean;
  holds: Map<string, { placedOn: IsoDate; until?: IsoDate; lifted: boolean }>;
  planActive: boolean;
  planUntil: IsoDate | null;
  closed: 'settled' | 'written-off' | 'time-barred' | null;
  stage: string | null;
  stageDates: Set<IsoDate>;
  /** The flat fees charged, by fee id (one dropped in full, e.g. by `fee.before-default`, no longer counts: see {@link standingFlatFees}). */
  flatFees: { feeId: string; amount: Money }[];
  /** What is left of each fee charged (amount minus reductions), by fee id, with its charge date. */
  feesLeft: Map<string, { left: Money; date: IsoDate; charged: Money }>;
  /** Fees charged with an amount text that is no amount (reported at the charge; their reductions are not checked). */
  unreadableFees: Set<string>;
  collectionCostsCharged: boolean;
  handedOver: boolean;
  principalPaid: Money | null;
  /** Each payment's costs part still standing (its allocation's, less refunds and moves to its unapplied part), by payment id. */
  costsPaidBy: Map<string, Money>;
}

function newFold(): ClaimFold {
  return {
    facts: null,
    defaultBegan: null,
    defaultRoute: null,
    defaultNoticeStage: null,
    disputes: new Map(),
    disputeSeen: false,
    holds: new Map(),
    planActive: false,
    planUntil: null,
    closed: null,
    stage: null,
    stageDates: new Set(),
    flatFees: [],
    feesLeft: new Map(),
    unreadableFees: new Set(),
    collectionCostsCharged: false,
    handedOver: false,
    principalPaid: null,
    costsPaidBy: new Map(),
  };
}

function inputString(event: ClaimEvent, key: string): string | null {
  const value = event.reason?.inputs?.[key];
  return typeof value === 'string' ? value : null;
}

/** How checkInvariants' checks report a broken guard. */
type Report = (guard: GuardId, event: ClaimEvent, index: number, message: string) => void;

/**
 * The one reader of a stored event's amount members for {@link checkInvariants} (a fee's `amount`,
 * `creditedToPrincipal`, `backFromPrincipal`, the moves' amounts, a payment's or reversal's allocation
 * parts, an adjustment's amount, re-allocated interest): the text as money, or — a text that is no amount
 * (`"abc"`, `"12,50"`), which `money` refuses with a MoneyError — `undefined`, after reporting the event
 * under `guard` as `<said> "<text>", which is not an amount: <why>`. checkInvariants audits stored data
 * (a host's imported ledger): it reports such an event, it does not throw on it. Every amount member the
 * checks read goes through here.
 */
function storedAmount(text: string, currency: string, said: string, guard: GuardId, event: ClaimEvent, index: number, report: Report): Money | undefined {
  try {
    return money(text, currency);
  } catch (error) {
    if (!MahnwerkError.isInstance(error)) throw error;
    report(guard, event, index, `${said} "${text}", which is not an amount: ${error.message}`);
    return undefined;
  }
}

/** The words naming a member for {@link storedAmount}: `Fee F: fee-reinstated of 2025-08-29, backFromPrincipal is`. */
function memberSaid(who: string, event: ClaimEvent, member: string): string {
  return `${who}: ${event.type} of ${event.date}, ${member} is`;
}

/** The guard the money of payments, reversals, adjustments and re-allocated interest is read for: they make the balance (§§ 362, 367 BGB). */
const balanceGuard: GuardId = 'guard.no-negative-balance';

/**
 * The no-negative-balance guard: for every claim and every day an event is dated (from the invoice
 * date on), the statement at the end of that day shows principal, interest and costs at zero or
 * more. Reports the last event of the first such day. Interest beyond the known base rates is
 * assumed at the last known rate (only the signs matter here).
 */
function checkBalances(events: readonly ClaimEvent[], report: Report): void {
  const byClaim = new Map<string, { events: ClaimEvent[]; indexes: number[] }>();
  events.forEach((event, index) => {
    let c = byClaim.get(event.claimId);
    if (c === undefined) {
      c = { events: [], indexes: [] };
      byClaim.set(event.claimId, c);
    }
    c.events.push(event);
    c.indexes.push(index);
  });
  for (const { events: ledger, indexes } of byClaim.values()) {
    const first = ledger[0];
    if (first === undefined || first.type !== 'claim-created') continue;
    const lastIndexOn = new Map<IsoDate, number>();
    ledger.forEach((e, k) => {
      if (e.date >= first.claim.invoiceDate) lastIndexOn.set(e.date, k);
    });
    for (const day of [...lastIndexOn.keys()].sort()) {
      let s;
      try {
        s = statementAsOf(ledger, day, { allowBeyondKnownBaseRate: true });
      } catch (error) {
        if (MahnwerkError.isInstance(error)) continue; // a malformed ledger is project's to report
        throw error;
      }
      const negative = (['principal', 'interest', 'costs'] as const).filter((part) => isNegative(s[part]));
      if (negative.length === 0) continue;
      const k = lastIndexOn.get(day) as number;
      report(
        'guard.no-negative-balance',
        ledger[k] as ClaimEvent,
        indexes[k] as number,
        `On ${day} the claim shows ${negative.map((part) => `${part} ${toAmountString(s[part])}`).join(', ')}; no part of a claim may be below zero.`,
      );
      break;
    }
  }
}

/** Options of {@link checkInvariants}. */
export interface CheckInvariantsOptions {
  /**
   * The IANA time zone (e.g. `Europe/Berlin`) the instants of the sends (`recordedAt`) are read in
   * for a debtor whose facts give no time zone: the `timeZone` of the clock they were sent by. A
   * debtor's own `timeZone` comes first (the dispatcher keeps the rest day on the debtor's wall
   * clock). Without either, the date as written.
   */
  readonly timeZone?: string;
}

/**
 * Checks event streams against the engine's guards and reports every event that breaks one. Used by
 * property tests ("no event stream the engine writes ever breaks a guard") and by hosts auditing
 * imported ledgers. The events may belong to several claims (grouped by `claimId`, each stream in
 * ledger order); the contact limit is checked per debtor across those claims.
 *
 * Checked: no fee before default; no creditor fee on the notice that caused default; flat fee only
 * for business debtors, Entgeltforderungen and obligations from 2014-07-29, and once; collection
 * costs once and within the § 13e RDG cap less the flat fee; a fee reduction only of a fee charged
 * before it, above zero, not dated before the fee and not more than is left of it; no escalation (stage, message, fee,
 * handover, court dunning) during an open dispute, an active hold or a kept installment plan, or
 * after the claim was time-barred, settled or written off; one stage per day; no SMS/WhatsApp on
 * Sundays and public holidays; the contact limit (the policy's, or 2 per 7 days); principal,
 * interest and costs never below zero on any day an event is dated (`guard.no-negative-balance`);
 * no consumer's claim handed over to a collection agency without `description` and `contractDate`
 * (`guard.agency-handover-needs-claim-reason`, § 13a Abs. 1 Nr. 2 RDG).
 *
 * The day an SMS or WhatsApp message went out is the local date of its `message-sent` event's
 * `recordedAt` (the instant of the send) on the debtor's wall clock, the zone the dispatcher kept the
 * rest day in: in the debtor's `timeZone` (from the claim's `claim-created` facts) when it has one the
 * runtime knows, else in `options.timeZone` — pass the `timeZone` of the clock the messages were sent
 * by: a `recordedAt` of `2025-01-25T23:30:00Z` is Sunday 2025-01-26 in `Europe/Berlin`, and Saturday
 * 2025-01-25 for a debtor in `America/New_York`. Without either, the date as written.
 *
 * Bad stored data is reported, not thrown: an amount member whose text is no amount (`"abc"`, `"12,50"`)
 * is reported on its event, naming the member and the text, under the guard that reads it — a fee's
 * members (`amount`, `creditedToPrincipal`, `movedToUnapplied`, `backFromPrincipal`, `backFromUnapplied`)
 * under `guard.fee-reduction-bounds`; the allocation parts of payments and reversals, an adjustment's
 * amount and re-allocated interest (they make the balance) under `guard.no-negative-balance`; the claim's
 * principal under `guard.collection-costs-cap` — and the member counts as absent in the checks after it.
 *
 * @param events - the events of one or more claims, each claim's in ledger order
 * @param policy - the policy, for its contact limits (default 2 messages per 7 days) and installment grace days (default 5)
 * @param options - the time zone the instants of the sends are read in
 * @returns the broken guards, in event order (empty when all hold)
 * @throws ValidationError (field `timeZone`) when `options.timeZone` is not a time zone the runtime knows
 */
export function checkInvariants(
  events: readonly ClaimEvent[],
  policy?: Partial<Pick<Policy, 'contactLimits' | 'installmentGraceDays'>>,
  options: CheckInvariantsOptions = {},
): GuardReport[] {
  const timeZone = options.timeZone;
  // An unknown zone is refused up front, not read as "no instant" on every send.
  if (timeZone !== undefined) wallClockIn(timeZone);
  const reports: GuardReport[] = [];
  const folds = new Map<string, ClaimFold>();
  const limits = policy?.contactLimits ?? { maxMessages: 2, perDays: 7 };
  const graceDays = policy?.installmentGraceDays ?? 5;
  const contactsByDebtor = new Map<string, { date: IsoDate; index: number; event: Extract<ClaimEvent, { type: 'message-queued' }> }[]>();

  const report = (guard: GuardId, event: ClaimEvent, index: number, message: string, basis: string = guardRules[guard].basis): void => {
    reports.push({ guard, basis, claimId: event.claimId, index, type: event.type, message });
  };

  events.forEach((event, index) => {
    let f = folds.get(event.claimId);
    if (f === undefined) {
      f = newFold();
      folds.set(event.claimId, f);
    }
    const facts = f.facts;
    const state = facts?.debtor.state;

    if (escalationTypes.has(event.type)) {
      if (f.closed === 'time-barred') report('guard.no-dunning-when-time-barred', event, index, `${event.type} on ${event.date} after the claim was flagged time-barred.`);
      else if (f.closed !== null) report('guard.no-dunning-when-closed', event, index, `${event.type} on ${event.date} after the claim was ${f.closed}.`);
      if ([...f.disputes.values()].some((open) => open)) report('guard.no-escalation-during-dispute', event, index, `${event.type} on ${event.date} while a dispute is open.`);
      for (const [holdId, h] of f.holds) {
        if (!h.lifted && h.placedOn <= event.date && (h.until === undefined || event.date <= h.until)) {
          report('guard.no-escalation-during-hold', event, index, `${event.type} on ${event.date} while hold ${holdId} is active.`);
        }
      }
      // The Einigungsgebühr is the agreement's own cost, booked with it (Nr. 1000 VV RVG), not an escalation during it.
      const agreementFee = event.type === 'fee-charged' && event.kind === 'agreement-fee';
      if (f.planActive && f.planUntil !== null && event.date <= f.planUntil && !agreementFee) report('guard.no-escalation-during-installment-plan', event, index, `${event.type} on ${event.date} while an installment plan is kept (until ${f.planUntil}).`);
    }

    switch (event.type) {
      case 'claim-created':
        f.facts = event.claim;
        f.principalPaid = zero(event.claim.currency);
        break;
      case 'claim-facts-amended':
      case 'claim-facts-corrected':
        // Facts added (or corrected) later count from here on, as the state reads them (project).
        if (f.facts !== null) f.facts = { ...f.facts, ...event.facts };
        break;
      case 'default-began':
        if (f.defaultBegan === null || event.date < f.defaultBegan) {
          f.defaultBegan = event.date;
          f.defaultRoute = event.route;
          f.defaultNoticeStage = inputString(event, 'noticeStage');
        }
        break;
      case 'default-withdrawn':
        // Interest re-allocated to the principal lowers it as a payment's principal part does.
        if (f.principalPaid !== null && event.interestReallocated !== undefined) {
          for (const [k, m] of event.interestReallocated.entries()) {
            const credited = storedAmount(m.principal, f.principalPaid.currency, memberSaid('Default withdrawn', event, `interestReallocated[${k}].principal (payment ${m.paymentId})`), balanceGuard, event, index, report);
            if (credited !== undefined) f.principalPaid = add(f.principalPaid, credited);
          }
        }
        // Fees charged after this are checked against the default booked after it.
        if (f.defaultBegan === event.previous) {
          f.defaultBegan = null;
          f.defaultRoute = null;
          f.defaultNoticeStage = null;
        }
        break;
      case 'stage-entered':
        if (f.stageDates.has(event.date)) report('guard.one-stage-per-day', event, index, `A second stage (${event.stage}) was entered on ${event.date}.`);
        f.stageDates.add(event.date);
        f.stage = event.stage;
        break;
      case 'message-queued': {
        if (restDayChannels.includes(event.channel) && isRestDay(event.date, state)) {
          report('guard.no-sms-on-sundays-and-holidays', event, index, `${event.channel} message ${event.messageId} queued on ${event.date}, a Sunday or public holiday.`);
        }
        const debtorId = facts?.debtor.id ?? `claim:${event.claimId}`;
        const list = contactsByDebtor.get(debtorId) ?? [];
        list.push({ date: event.date, index, event });
        contactsByDebtor.set(debtorId, list);
        break;
      }
      case 'message-sent': {
        // The day it went: the local date of the instant it was recorded at, on the debtor's wall clock
        // as the dispatcher read it (recipientTimeZone: the debtor's zone, else the clock's — the
        // instant the rest day is kept at, sendableAt), else its business day.
        const sentOn = sentDay(event, recipientTimeZone(facts?.debtor.timeZone, timeZone));
        if (restDayChannels.includes(event.channel) && isRestDay(sentOn, state)) {
          report('guard.no-sms-on-sundays-and-holidays', event, index, `${event.channel} message ${event.messageId} sent on ${sentOn}, a Sunday or public holiday.`);
        }
        break;
      }
      case 'fee-charged': {
        // Without the claim-created event (e.g. a simulation's timeline) the currency is taken as EUR; both sides of a comparison use it.
        const charged = storedAmount(event.amount, facts?.currency ?? 'EUR', memberSaid(`Fee ${event.feeId}`, event, 'amount'), 'guard.fee-reduction-bounds', event, index, report);
        checkFee(f, event, charged, index, report);
        if (charged === undefined) f.unreadableFees.add(event.feeId);
        else f.feesLeft.set(event.feeId, { left: charged, date: event.date, charged });
        break;
      }
      case 'fee-reduced':
        checkFeeReduction(f, event, index, report);
        break;
      case 'fee-reinstated':
        checkFeeReinstatement(f, event, index, report);
        break;
      case 'payment-received': {
        const cur = facts?.currency ?? 'EUR';
        const principal = storedAmount(event.allocation.principal, cur, memberSaid(`Payment ${event.paymentId}`, event, 'allocation.principal'), balanceGuard, event, index, report);
        const costs = storedAmount(event.allocation.costs, cur, memberSaid(`Payment ${event.paymentId}`, event, 'allocation.costs'), balanceGuard, event, index, report);
        if (f.principalPaid !== null && principal !== undefined) f.principalPaid = add(f.principalPaid, principal);
        // A costs part that is no amount counts as none paid: a move of it to the unapplied part is then reported as more than was paid.
        f.costsPaidBy.set(event.paymentId, costs ?? zero(cur));
        break;
      }
      case 'payment-reversed': {
        const cur = facts?.currency ?? 'EUR';
        const principal = storedAmount(event.allocation.principal, cur, memberSaid(`Payment ${event.paymentId}`, event, 'allocation.principal'), balanceGuard, event, index, report);
        const costs = storedAmount(event.allocation.costs, cur, memberSaid(`Payment ${event.paymentId}`, event, 'allocation.costs'), balanceGuard, event, index, report);
        if (f.principalPaid !== null && principal !== undefined) f.principalPaid = subtract(f.principalPaid, principal);
        const paid = f.costsPaidBy.get(event.paymentId);
        if (paid !== undefined && costs !== undefined) f.costsPaidBy.set(event.paymentId, subtract(paid, costs));
        break;
      }
      case 'adjustment': {
        const amount = storedAmount(event.amount, facts?.currency ?? 'EUR', memberSaid('Adjustment', event, 'amount'), balanceGuard, event, index, report);
        if (f.principalPaid !== null && amount !== undefined) f.principalPaid = add(f.principalPaid, amount);
        break;
      }
      case 'dispute-opened':
        f.disputes.set(event.disputeId, true);
        f.disputeSeen = true;
        break;
      case 'dispute-resolved':
        f.disputes.set(event.disputeId, false);
        break;
      case 'hold-placed':
        f.holds.set(event.holdId, { placedOn: event.date, ...(event.until === undefined ? {} : { until: event.until }), lifted: false });
        break;
      case 'hold-lifted': {
        const h = f.holds.get(event.holdId);
        if (h !== undefined) h.lifted = true;
        break;
      }
      case 'handed-over': {
        const missing = facts === null ? [] : agencyHandoverMissing(facts, event.to);
        if (missing.length > 0) {
          const law = handOverLaw(event.to);
          report('guard.agency-handover-needs-claim-reason', event, index, `Handed over to ${law.party} on ${event.date}, but the consumer's claim lacks ${missingFieldsText(missing)} (${law.basis}).`, law.basis);
        }
        f.handedOver = true;
        break;
      }
      case 'installment-plan-agreed': {
        f.planActive = true;
        let last = event.date;
        for (const inst of event.installments) if (inst.dueDate > last) last = inst.dueDate;
        // The engine's one rule of an installment's last day (§ 193 BGB, then the grace days), with the debtor's holidays.
        f.planUntil = installmentLastDay(last, graceDays, state).lastDay;
        break;
      }
      case 'installment-plan-defaulted':
        f.planActive = false;
        break;
      case 'time-barred':
        f.closed = 'time-barred';
        break;
      case 'settled':
        f.closed = 'settled';
        f.planActive = false;
        break;
      case 'written-off':
        f.closed = 'written-off';
        break;
      case 'reopened':
        f.closed = null;
        break;
      default:
        break;
    }
  });

  // The contact limit, per debtor over all claims given, in date order.
  for (const [debtorId, list] of contactsByDebtor) {
    const sorted = [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
    sorted.forEach((m, j) => {
      const from = addDays(m.date, -(limits.perDays - 1));
      const inWindow = sorted.slice(0, j + 1).filter((x) => x.date >= from).length;
      if (inWindow > limits.maxMessages) {
        report(
          'guard.contact-limit',
          m.event,
          m.index,
          `Message ${m.event.messageId} is message ${inWindow} to debtor ${debtorId} within ${limits.perDays} days (limit ${limits.maxMessages}).`,
        );
      }
    });
  }
  checkBalances(events, report);
  return reports.sort((a, b) => a.index - b.index);
}

/** The flat fees of a fold not dropped in full, as charged. */
function standingFlatFees(f: ClaimFold): Money[] {
  const out: Money[] = [];
  for (const flat of f.flatFees) {
    const left = f.feesLeft.get(flat.feeId)?.left;
    if (left === undefined || left.amount.greaterThan(0)) out.push(flat.amount);
  }
  return out;
}

/**
 * The fee a reduction or reinstatement changes and its amount, reporting (under
 * `guard.fee-reduction-bounds`) a fee not charged before, an amount that is not one, or one not above
 * zero; `undefined` when there is nothing to check further.
 */
function feeChangeOf(
  f: ClaimFold,
  event: Extract<ClaimEvent, { type: 'fee-reduced' | 'fee-reinstated' }>,
  index: number,
  report: Report,
): { readonly fee: { left: Money; date: IsoDate; charged: Money }; readonly amount: Money } | undefined {
  const [verb, noun] = event.type === 'fee-reduced' ? ['reduced', 'reduction'] : ['reinstated', 'reinstatement'];
  const fee = f.feesLeft.get(event.feeId);
  if (fee === undefined) {
    // A fee charged with an amount that is no amount was reported at its charge; nothing to check it against.
    if (!f.unreadableFees.has(event.feeId)) report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId} is ${verb}, but no such fee was charged before on this claim.`);
    return undefined;
  }
  const amount = storedAmount(event.amount, fee.left.currency, `Fee ${event.feeId} is ${verb} by`, 'guard.fee-reduction-bounds', event, index, report);
  if (amount === undefined) return undefined;
  if (compare(amount, zero(fee.left.currency)) <= 0) {
    report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId} is ${verb} by ${event.amount}; a ${noun} must be above zero.`);
  }
  return { fee, amount };
}

function checkFeeReinstatement(
  f: ClaimFold,
  event: Extract<ClaimEvent, { type: 'fee-reinstated' }>,
  index: number,
  report: Report,
): void {
  const change = feeChangeOf(f, event, index, report);
  if (change === undefined) return;
  const { fee, amount } = change;
  fee.left = add(fee.left, amount);
  // No fee twice: what is put back is at most what reductions took off it.
  if (compare(fee.left, fee.charged) > 0) {
    report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId} is reinstated by ${event.amount}, more than reductions took off the ${toAmountString(fee.charged)} charged.`);
  }
  // The paid part moved back (the mirror of a reduction's moves): each above zero, together at most the amount put back.
  const cur = fee.left.currency;
  let movedBack = zero(cur);
  const fromPrincipal = event.backFromPrincipal === undefined ? undefined : storedAmount(event.backFromPrincipal, cur, memberSaid(`Fee ${event.feeId}`, event, 'backFromPrincipal'), 'guard.fee-reduction-bounds', event, index, report);
  if (fromPrincipal !== undefined) {
    if (compare(fromPrincipal, zero(cur)) <= 0) report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${event.backFromPrincipal} taken back from the principal is not above zero.`);
    if (f.principalPaid !== null) f.principalPaid = subtract(f.principalPaid, fromPrincipal);
    movedBack = add(movedBack, fromPrincipal);
  }
  for (const [k, m] of (event.backFromUnapplied ?? []).entries()) {
    const back = storedAmount(m.amount, cur, memberSaid(`Fee ${event.feeId}`, event, `backFromUnapplied[${k}].amount (payment ${m.paymentId})`), 'guard.fee-reduction-bounds', event, index, report);
    if (back === undefined) continue;
    if (compare(back, zero(cur)) <= 0) report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${m.amount} moved back from the unapplied part of payment ${m.paymentId} is not above zero.`);
    const paid = f.costsPaidBy.get(m.paymentId);
    if (paid !== undefined) f.costsPaidBy.set(m.paymentId, add(paid, back));
    movedBack = add(movedBack, back);
  }
  if (compare(movedBack, amount) > 0) {
    report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${toAmountString(movedBack)} moved back from the principal and unapplied parts, more than the ${event.amount} reinstated.`);
  }
}

function checkFeeReduction(
  f: ClaimFold,
  event: Extract<ClaimEvent, { type: 'fee-reduced' }>,
  index: number,
  report: Report,
): void {
  const change = feeChangeOf(f, event, index, report);
  if (change === undefined) return;
  const { fee, amount } = change;
  if (event.date < fee.date) {
    report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId} is reduced on ${event.date}, before it was charged on ${fee.date}.`);
  }
  if (compare(amount, fee.left) > 0) {
    report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId} is reduced by ${event.amount}, more than the ${toAmountString(fee.left)} left of it.`);
  }
  fee.left = subtract(fee.left, amount);
  const cur = fee.left.currency;
  // Read once: the bounds below and the check of the moves use it.
  const credited = event.creditedToPrincipal === undefined ? undefined : storedAmount(event.creditedToPrincipal, cur, memberSaid(`Fee ${event.feeId}`, event, 'creditedToPrincipal'), 'guard.fee-reduction-bounds', event, index, report);
  if (credited !== undefined) {
    if (compare(credited, zero(cur)) < 0 || compare(credited, amount) > 0) {
      report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${event.creditedToPrincipal} credited to the principal is below zero or above the reduction of ${event.amount}.`);
    }
    if (f.principalPaid !== null) f.principalPaid = add(f.principalPaid, credited);
  }
  if (event.movedToUnapplied !== undefined) {
    // Only costs a payment paid can be moved back to it, and never more than the reduction takes away:
    // moved + credited ≤ the reduction (what was paid of the fee), each move ≤ its payment's costs part.
    let moved = zero(cur);
    for (const [k, m] of event.movedToUnapplied.entries()) {
      const amountMoved = storedAmount(m.amount, cur, memberSaid(`Fee ${event.feeId}`, event, `movedToUnapplied[${k}].amount (payment ${m.paymentId})`), 'guard.fee-reduction-bounds', event, index, report);
      if (amountMoved === undefined) continue;
      const paid = f.costsPaidBy.get(m.paymentId);
      if (compare(amountMoved, zero(cur)) <= 0) {
        report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${m.amount} moved to the unapplied part of payment ${m.paymentId} is not above zero.`);
      } else if (paid === undefined || compare(amountMoved, paid) > 0) {
        report(
          'guard.fee-reduction-bounds',
          event,
          index,
          `Fee ${event.feeId}: ${m.amount} moved to the unapplied part of payment ${m.paymentId}, more than the ${paid === undefined ? '0.00 (no such payment before)' : toAmountString(paid)} it paid on the costs.`,
        );
      }
      if (paid !== undefined) f.costsPaidBy.set(m.paymentId, subtract(paid, amountMoved));
      moved = add(moved, amountMoved);
    }
    const creditedOrZero = credited ?? zero(cur);
    if (compare(add(moved, creditedOrZero), amount) > 0) {
      report('guard.fee-reduction-bounds', event, index, `Fee ${event.feeId}: ${toAmountString(moved)} moved to unapplied and ${toAmountString(creditedOrZero)} credited to the principal, more than the reduction of ${event.amount}.`);
    }
  }
}

function checkFee(
  f: ClaimFold,
  event: Extract<ClaimEvent, { type: 'fee-charged' }>,
  charged: Money | undefined,
  index: number,
  report: Report,
): void {
  const facts = f.facts;
  if (f.defaultBegan === null || f.defaultBegan > event.date) {
    report('guard.no-fee-before-default', event, index, `${event.kind} of ${event.amount} charged on ${event.date}, before default${f.defaultBegan === null ? '' : ` (from ${f.defaultBegan})`}.`);
  }
  if (event.kind === 'creditor-dunning-fee' && f.defaultRoute === 'reminder' && f.defaultNoticeStage !== null && f.defaultNoticeStage === f.stage) {
    report('guard.no-fee-for-default-causing-notice', event, index, `A creditor fee was charged in stage ${f.stage}, whose notice put the debtor in default.`);
  }
  if (facts === null) return;
  if (event.kind === 'flat-fee') {
    const terms = claimLegalTerms(facts);
    const obligation = terms.obligationDate;
    if (terms.debtor === 'consumer' || terms.claimKind !== 'entgelt' || applicableLaw(terms).version === 'old') {
      report('guard.flat-fee-business-only', event, index, `A flat fee was charged to a ${facts.debtor.kind} debtor (claim kind ${facts.claimKind ?? 'entgelt'}, obligation ${obligation}).`);
    }
    // Once per claim: a flat fee dropped in full (charged before default as the ledger now shows it,
    // fee.before-default) was not charged in effect, and is charged again once default begins.
    if (standingFlatFees(f).length > 0) report('guard.flat-fee-once', event, index, 'A second flat fee was charged.');
    // A flat fee whose amount is no amount (reported at the charge) is credited as none.
    if (charged !== undefined) f.flatFees.push({ feeId: event.feeId, amount: charged });
  }
  if (event.kind === 'collection-costs') {
    if (!f.handedOver) report('guard.collection-costs-after-handover', event, index, 'Collection costs were charged before the claim was handed over.');
    if (f.collectionCostsCharged) report('guard.collection-costs-once', event, index, 'Collection costs were charged a second time.');
    f.collectionCostsCharged = true;
    const case_: CollectionCase = f.disputeSeen ? 'contested' : 'uncontested';
    const withReason = inputString(event, 'factorReason') !== null;
    // The cap's value is the principal open: a stored principal that is no amount means the cap cannot be checked.
    const claimPrincipal = storedAmount(facts.principal, facts.currency, `Collection costs of ${event.amount} cannot be checked against the cap: the claim's principal is`, 'guard.collection-costs-cap', event, index, report);
    if (claimPrincipal === undefined) return;
    const principal = subtract(claimPrincipal, f.principalPaid ?? zero(facts.currency));
    try {
      const standing = standingFlatFees(f);
      const flatFeeCredit = standing.length === 0 ? undefined : standing.reduce((a, b) => add(a, b));
      const cap = collectionCostsCap(principal, event.date, {
        case: case_,
        withReason,
        ...(facts.creditorCanDeductVat === undefined ? {} : { creditorCanDeductVat: facts.creditorCanDeductVat }),
        ...(flatFeeCredit === undefined ? {} : { flatFeeCredit }),
      });
      // An amount that is no amount was reported at the charge (storedAmount).
      if (charged !== undefined && compare(charged, cap) > 0) {
        report(
          'guard.collection-costs-cap',
          event,
          index,
          `Collection costs of ${event.amount} exceed the cap of ${toAmountString(cap)} (${case_}, value ${toAmountString(principal)}${flatFeeCredit === undefined ? '' : `, less the flat fee`}).`,
        );
      }
    } catch (error) {
      if (!MahnwerkError.isInstance(error)) throw error;
      report('guard.collection-costs-cap', event, index, `Collection costs of ${event.amount} cannot be checked against the cap: ${error.message}`);
    }
  }
}
