import { applySection193 } from '../calendar/business-days.js';
import { addDays, type IsoDate } from '../calendar/date.js';
import { CostNoticeRequiredError } from '../errors/errors.js';
import { computeCollectionCosts, type CollectionCase, type CostItem } from '../law/de/collection-costs.js';
import { installmentAgreementFee, installmentNoticeRefusal, type InstallmentAgreementFee } from '../law/de/installment-agreement.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf, FeeItem } from '../ledger/events.js';
import { feeId as makeFeeId, idsInUse, nextFreeId } from '../ledger/ids.js';
import { reversalBookedOn } from '../ledger/reversal.js';
import type { ClaimState, InstallmentPlanState } from '../ledger/state.js';
import { Dec } from '../money/decimal.js';
import { add, compare, isPositive, money, subtract, sum, toAmountString, zero, type Money } from '../money/money.js';
import type { Policy, Stage } from '../policy/schema.js';
import { holdBlocks, installmentPlanKeptUntil } from './guards.js';
import type { KeptInstallmentPlan } from './render.js';
import { currentStageIndex, failedCondition } from './triggers.js';

/** Legal basis of the Einigungsgebühr the engine charges for a payment agreement a collection agency concludes. */
export const agreementFeeBasis = 'Nr. 1000 Nr. 2 VV RVG; § 31b RVG; § 13e RDG';

/**
 * What a payment (installment) agreement on a claim costs the debtor, and what must be shown to
 * them before it is concluded — the figures and text a portal or a collection agency's letter shows
 * with a plan offer, and what `agree-installment-plan` charges and enforces.
 */
export interface InstallmentAgreementTerms {
  /** True when the claim is with a collection agency (its last hand-over was to one), which then concludes the agreement. */
  readonly byCollectionAgency: boolean;
  /**
   * True when the § 13a Abs. 3 RDG notice of the agreement's costs must be given to the debtor in
   * Textform *before* the agreement: a collection agency and a private person (consumer debtor).
   * `agree-installment-plan` is refused with `CostNoticeRequiredError` without a `costNoticeGivenOn` on or before its day.
   */
  readonly noticeRequired: boolean;
  /**
   * The Einigungsgebühr the agreement adds (Nr. 1000 Nr. 2 VV RVG on 50 % of the claim, § 31b RVG,
   * and the rise of the Nr. 7002/7008 lines), or `null` when the agreement causes no further costs:
   * not with a collection agency, no collection costs charged on the claim, or an agreement fee
   * charged already.
   */
  readonly fee: {
    /** What the agreement adds to the costs. */
    readonly amount: Money;
    /** Its lines, as the `fee-charged` event carries them (the Nr. 1000 fee with rate and base fee, then the rise of Nr. 7002 / 7008). */
    readonly items: readonly FeeItem[];
  } | null;
  /**
   * The § 13a Abs. 3 RDG notice in German, to show before the agreement (a portal shows it with the
   * plan offer; the agency sends it in Textform), or `null` when the agreement causes no costs. Also
   * set for business debtors, for whom it is a courtesy, not a duty.
   */
  readonly notice: string | null;
}

/** The collection-costs fee an agreement fee builds on: the latest one, with what is known of how it was charged. */
function chargedCollectionCosts(state: ClaimState): ClaimEventOf<'fee-charged'> | undefined {
  return [...state.fees].reverse().find((f) => f.kind === 'collection-costs');
}

/** The lines the agreement adds: the Einigungsgebühr with rate and base fee, and how much each other line (Nr. 7002, 7008) rises. */
function lineDeltas(withAgreement: InstallmentAgreementFee, without: readonly CostItem[]): FeeItem[] {
  const out: FeeItem[] = [];
  for (const item of withAgreement.items) {
    const before = without.find((w) => w.code === item.code);
    const delta = before === undefined ? item.amount : subtract(item.amount, before.amount);
    if (!isPositive(delta)) continue;
    out.push({
      code: item.code,
      amount: toAmountString(delta),
      ...(item.code === 'Nr. 1000 VV RVG' && item.factor !== undefined ? { factor: item.factor.toString() } : {}),
      ...(item.code === 'Nr. 1000 VV RVG' && item.baseFee !== undefined ? { baseFee: toAmountString(item.baseFee) } : {}),
      basis: item.code === 'Nr. 1000 VV RVG' ? item.basis : `${item.basis} (Erhöhung durch die Einigungsgebühr)`,
    });
  }
  return out;
}

/**
 * What a payment agreement on the claim costs, and whether the § 13a Abs. 3 RDG notice must
 * come first ({@link InstallmentAgreementTerms}). The Einigungsgebühr is computed by
 * `installmentAgreementFee` on the collection costs as they were charged (their value, mandate day,
 * case and rate, the flat fee credited, § 288 Abs. 5 S. 3 BGB) — what a lawyer could charge for the
 * same agreement (§ 13e RDG). One per claim: a second agreement after a failed one adds none (our
 * reading: the costs of agreeing again are not necessary costs of the delay). A claim with a lawyer
 * (not an agency) gets none from this function: a lawyer's Einigungsgebühr and its notice (§ 43d
 * Abs. 3 BRAO) are not modelled.
 *
 * No fee either while the debtor disputes the claim or while a hold (Mahnstopp) is active on the
 * day of the agreement: the agency's costs for a claim the debtor has refused are not necessary
 * (§ 254 Abs. 2 BGB), and during an agreed standstill the claim cannot be enforced, so the debtor is
 * not in default and costs arising then are no damage of a delay (§§ 280 Abs. 2, 286 BGB; cf. § 205
 * BGB) — the guards `guard.no-escalation-during-dispute` and `guard.no-escalation-during-hold`. For
 * the same reason none while the debtor is not in default on the day (`guard.no-fee-before-default`):
 * a default taken back (`default-withdrawn`) and not begun again leaves no damage of delay to recover.
 *
 * @param state - the claim's state (the fee keeps the RVG table of the collection mandate, § 60 RVG)
 * @param date - the day of the agreement (a hold active that day means no fee)
 */
export function installmentAgreementTerms(state: ClaimState, date: IsoDate): InstallmentAgreementTerms {
  const byCollectionAgency = state.handedOver?.to === 'collection-agency';
  const noticeRequired = byCollectionAgency && state.facts.debtor.kind === 'consumer';
  const none: InstallmentAgreementTerms = { byCollectionAgency, noticeRequired, fee: null, notice: null };
  if (!byCollectionAgency || state.facts.currency !== 'EUR') return none;
  if (state.fees.some((f) => f.kind === 'agreement-fee')) return none;
  // While the debtor disputes the claim, the agency's costs for it are not necessary (§ 254 Abs. 2 BGB;
  // issue 8 point 5): a plan agreed then carries no Einigungsgebühr (guard.no-escalation-during-dispute).
  if (state.disputes.some((d) => d.resolvedOn === undefined)) return none;
  // Likewise during a hold: the standstill makes the claim unenforceable for its time, so there is no
  // default and no damage of delay to recover (§§ 280 Abs. 2, 286 BGB; guard.no-escalation-during-hold).
  if (state.holds.some((h) => holdBlocks(h, date))) return none;
  // And only in default: the fee is damage of the delay (§§ 280 Abs. 2, 286 BGB; guard.no-fee-before-default).
  // Default can be gone although collection costs stand on the ledger: taken back (default-withdrawn) with
  // the costs charged in it dropped (rule fee.before-default), and not begun again by the agreement's day.
  if (state.defaultBegan === null || state.defaultBegan > date) return none;
  const costs = chargedCollectionCosts(state);
  if (costs === undefined) return none;
  const inputs = costs.reason?.inputs ?? {};
  const claimValue = typeof inputs['claimValue'] === 'string' ? money(inputs['claimValue'], 'EUR') : money(state.facts.principal, 'EUR');
  const case_ = (['simple', 'uncontested', 'contested'] as const).find((c) => c === inputs['case']) ?? ('uncontested' satisfies CollectionCase);
  const flatFees = state.fees.filter((f) => f.kind === 'flat-fee' && f.date <= costs.date).map((f) => money(f.amount, 'EUR'));
  const input = {
    claim: claimValue,
    mandateDate: costs.date,
    case: case_,
    ...(typeof inputs['factor'] === 'string' ? { factor: inputs['factor'] } : {}),
    ...(state.facts.creditorCanDeductVat === undefined ? {} : { creditorCanDeductVat: state.facts.creditorCanDeductVat }),
    ...(flatFees.length === 0 ? {} : { flatFeeCredit: sum(flatFees, 'EUR') }),
  };
  const result = installmentAgreementFee(input);
  if (!isPositive(result.amount)) return none;
  const without = computeCollectionCosts({ ...input, installmentAgreement: false }).items;
  return { byCollectionAgency, noticeRequired, fee: { amount: result.amount, items: lineDeltas(result, without) }, notice: result.notice };
}

/**
 * The events an installment plan agreed on `date` brings beside `installment-plan-agreed`: the
 * Einigungsgebühr when a collection agency concludes it ({@link installmentAgreementTerms}) — or a
 * refusal when the agency concludes it with a private person who was not given the § 13a Abs. 3 RDG
 * notice of its costs in Textform before (`costNoticeGivenOn` missing or after `date`).
 *
 * @param state - the claim's state before the plan
 * @param date - the day of the agreement
 * @param costNoticeGivenOn - the day the § 13a Abs. 3 RDG notice was given, if it was
 * @returns the `fee-charged` event of the agreement fee, or `[]`
 * @throws CostNoticeRequiredError (code `cost_notice_required`, field `costNoticeGivenOn`) with the notice text and fee to show
 */
export function installmentAgreementEvents(state: ClaimState, date: IsoDate, costNoticeGivenOn: IsoDate | undefined): ClaimEvent[] {
  const terms = installmentAgreementTerms(state, date);
  const refusal = installmentNoticeRefusal({
    debtor: state.facts.debtor.kind,
    byCollectionAgency: terms.byCollectionAgency,
    agreedOn: date,
    ...(costNoticeGivenOn === undefined ? {} : { costNoticeGivenOn }),
  });
  if (refusal !== null) {
    throw new CostNoticeRequiredError(
      `costNoticeGivenOn: claim "${state.facts.id}" is with a collection agency and the debtor is a private person. ${refusal} ` +
        'Show the debtor the notice (installmentAgreementTerms(state, date).notice, also on this error) in Textform, then agree the plan with costNoticeGivenOn set to that day.',
      { field: 'costNoticeGivenOn', notice: terms.notice, fee: terms.fee === null ? null : toAmountString(terms.fee.amount) },
    );
  }
  if (terms.fee === null) return [];
  const id = nextFreeId(idsInUse(state.events), (n) => makeFeeId(state.facts.id, 'agreement-fee', date, n));
  const nr1000 = terms.fee.items.find((i) => i.code === 'Nr. 1000 VV RVG');
  return [
    {
      type: 'fee-charged',
      claimId: state.facts.id,
      date,
      feeId: id,
      kind: 'agreement-fee',
      code: 'Nr. 1000 VV RVG',
      amount: toAmountString(terms.fee.amount),
      basis: agreementFeeBasis,
      items: terms.fee.items,
      reason: {
        rule: 'fee.agreement',
        basis: agreementFeeBasis,
        text:
          `The collection agency concluded a payment agreement: Einigungsgebühr ${nr1000?.factor ?? ''} × ${nr1000?.baseFee ?? ''} on 50 % of the claim (§ 31b RVG)` +
          `${costNoticeGivenOn === undefined ? '' : `; the § 13a Abs. 3 RDG notice of these costs was given on ${costNoticeGivenOn}`}.`,
        inputs: {
          amount: toAmountString(terms.fee.amount),
          collectionCostsFeeId: chargedCollectionCosts(state)?.feeId ?? null,
          costNoticeGivenOn: costNoticeGivenOn ?? null,
          noticeRequired: terms.noticeRequired,
        },
      },
    },
  ];
}

/**
 * The stage whose notice asks for what a kept installment plan left open, before escalation resumes:
 * the claim's current stage, re-entered once, or — when the current stage asks for nothing with a
 * deadline (a reminder) or the claim has no stage yet — the next stage; entered without its fees,
 * costs or hand-over.
 *
 * @internal
 */
export interface KeptPlanRemainder {
  /** The plan that was kept. */
  readonly planId: string;
  /** The last day the plan stopped escalation (the last installment's last day, {@link installmentLastDay}). */
  readonly keptUntil: IsoDate;
  /** The stage to enter: the claim's current stage (`again`) or the next one. */
  readonly stage: Stage;
  /** Its index in the policy. */
  readonly index: number;
  /** True when `stage` is the claim's current stage, entered once more; false for the next stage. */
  readonly again: boolean;
  /**
   * The condition of `stage` the open balance fails (`failedCondition`, e.g. `minAmount`: the 10 EUR of
   * the built-in final notice), or `null` when it holds. When set the stage is not entered: the claim
   * waits at its stage, as a claim whose open balance is below every later stage's minimum does.
   */
  readonly failed: string | null;
}

/** Stage kinds whose notice may ask for a kept plan's remainder as the next stage: their letter is all they do. */
const remainderNextKinds: ReadonlySet<Stage['kind']> = new Set<Stage['kind']>(['reminder', 'dunning-notice', 'final-notice']);

/**
 * What the installments of a plan add up to.
 *
 * @internal
 * @param plan - the plan
 * @param currency - the claim's currency
 */
export function planTotal(plan: InstallmentPlanState, currency: string): Money {
  return sum(plan.installments.map((inst) => money(inst.amount, currency)), currency);
}

/**
 * The one rule of a kept installment plan's end (our reading of a Ratenzahlungsvereinbarung, a
 * Stundung of the claim, § 311 Abs. 1 BGB): a debtor who kept the plan to its last installment and
 * still owes something — above all the default interest that ran on while the plan was kept and took
 * part of each installment first (§ 367 Abs. 1 BGB) — is asked for that remainder with a fresh
 * statement and a fresh deadline before escalation resumes. The claim's current stage is entered
 * again, its messages only: no creditor fee, flat fee, collection costs or hand-over, and the next
 * stage (e.g. the final notice with its fee, "trotz unserer Mahnung") waits past the new deadline as
 * after any notice. Without this the debtor who paid every installment on time got the next stage's
 * letter and fee a few days after the last installment.
 *
 * Kept means paid: the payments under the plan through its last day, net of every refund or
 * chargeback of them recorded by `today` ({@link paidUnderPlan}), reach the installments' total — a
 * payment taken back did not fulfil (§ 362 Abs. 1 BGB), so a plan with an installment charged back (or
 * left unpaid) and not paid again is not kept, and escalation goes on as after it.
 *
 * When the current stage sends nothing or sets no deadline (a reminder, whose letter asks for no
 * payment by a day) or the claim has no stage yet, the remainder is asked for by the next stage
 * (`next`, the stage the daily decision would enter) — its notice only, as above, and only when it
 * is a reminder, Mahnung or final notice that sends: a plan agreed at the reminder stage is followed
 * by the Mahnung as the letter after a kept plan, not as a plain dunning letter.
 *
 * The stage found must meet its own conditions on the open balance (`failedCondition`, the one check
 * of a stage's minimum — in the built-ins the 10 EUR of the final notice, hand-over and court
 * dunning): else it is returned with `failed` set and not entered, and the claim waits at its stage —
 * what the stage conditions do for every claim: a remainder below a stage's minimum does not get that
 * stage's letter.
 *
 * Returns `null` (escalation goes on as before) when: there is no plan, or it was declared defaulted
 * (`installment-plan-defaulted`: escalation resumes at once, § 286 Abs. 2 Nr. 1 BGB for the missed
 * calendar-dated installment); `today` is on or before the plan's last day; the plan was not kept
 * (above); a stage was entered after the plan's day (the remainder was asked for already); or neither
 * the current stage nor `next` can ask.
 *
 * @internal
 * @param state - the claim's state
 * @param policy - its policy (stages, installment grace days)
 * @param today - the day of the decision
 * @param openBalance - the open balance on `today` (for the stage's amount conditions)
 * @param holidays - the federal state whose public holidays count for the plan's last day (§ 193 BGB, {@link installmentLastDay})
 * @param next - the next stage the decision would enter, with its index, if any
 */
export function keptPlanRemainder(
  state: ClaimState,
  policy: Policy,
  today: IsoDate,
  openBalance: Money,
  holidays: GermanState | undefined,
  next?: { readonly stage: Stage; readonly index: number },
): KeptPlanRemainder | null {
  const plan = state.installmentPlan;
  if (plan === null) return null;
  const keptUntil = installmentPlanKeptUntil(state, policy.installmentGraceDays, holidays);
  if (keptUntil === null || today <= keptUntil) return null;
  if (state.stageEnteredOn !== null && state.stageEnteredOn > plan.agreedOn) return null;
  const currency = state.facts.currency;
  if (compare(paidUnderPlan(state, plan, keptUntil, today), planTotal(plan, currency)) < 0) return null;
  const index = currentStageIndex(state, policy);
  const current = index >= 0 ? policy.stages[index] : undefined;
  let found: { readonly stage: Stage; readonly index: number; readonly again: boolean };
  if (current !== undefined && current.actions.some((a) => a.type === 'send') && current.actions.some((a) => a.type === 'set-deadline')) {
    found = { stage: current, index, again: true };
  } else if (next !== undefined && remainderNextKinds.has(next.stage.kind) && next.stage.actions.some((a) => a.type === 'send')) {
    found = { stage: next.stage, index: next.index, again: false };
  } else return null;
  return { planId: plan.planId, keptUntil, ...found, failed: failedCondition(found.stage.conditions, state, openBalance) };
}

/**
 * What the debtor paid under an installment plan by `through`: every payment received from the plan's
 * day through that day, net of the refunds and chargebacks of those payments (`payment-reversed`)
 * value-dated on or before `reversedBy` (default `through`) — a payment taken back did not fulfil
 * (§ 362 Abs. 1 BGB) and is not counted — and, with `bookedBy`, booked by that day
 * (`reversalBookedOn`): what the ledger showed on `bookedBy`. The one sum {@link installmentCheck}
 * checks each installment against for the daily decision and the review (an installment is missed
 * when this falls short of the installments due by its last day — or, taken back later, by the day of
 * the reversal), {@link keptPlanRemainder} checks the plan's total against, and the letter after a
 * kept plan thanks for ({@link keptPlanOfMessage}).
 *
 * @internal
 * @param state - the claim's state
 * @param plan - its installment plan
 * @param through - the last day a payment is counted
 * @param reversedBy - the last value date of a reversal of such a payment taken off (default `through`)
 * @param bookedBy - the last day such a reversal was booked to be taken off (default: every reversal on the ledger)
 */
export function paidUnderPlan(state: ClaimState, plan: InstallmentPlanState, through: IsoDate, reversedBy: IsoDate = through, bookedBy?: IsoDate): Money {
  const currency = state.facts.currency;
  let paid = new Dec(0);
  let counted: Set<string> | undefined;
  for (const p of state.payments) {
    if (p.date < plan.agreedOn || p.date > through) continue;
    (counted ??= new Set()).add(p.paymentId);
    paid = paid.plus(money(p.amount, currency).amount);
  }
  if (counted !== undefined) {
    for (const r of state.reversals) {
      if (r.date > reversedBy || !counted.has(r.paymentId)) continue;
      if (bookedBy !== undefined && reversalBookedOn(r) > bookedBy) continue;
      paid = paid.minus(money(r.amount, currency).amount);
    }
  }
  return money(paid, currency);
}

/**
 * The days an installment's payment counts in time by ({@link installmentLastDay}).
 */
export interface InstallmentDays {
  /**
   * The day the installment must be paid by under § 193 BGB: its agreed due date, or — when that is a
   * Saturday, Sunday or public holiday at the place of performance — the next business day.
   */
  readonly payableOn: IsoDate;
  /** The installment's last day: `payableOn` + the grace days, moved by § 193 BGB again when it ends on a Saturday, Sunday or holiday. */
  readonly lastDay: IsoDate;
}

/**
 * The one rule of an installment's last day (our reading of a Ratenzahlungsvereinbarung, § 311 Abs. 1
 * BGB, with § 193 BGB): the agreed due date is a fixed day for a performance, so when it falls on a
 * Saturday, Sunday or a public holiday at the place of performance (the debtor's federal state,
 * §§ 269, 270 Abs. 4 BGB) the debtor may pay on the next business day (`payableOn`) and is in time. The
 * policy's grace days are counted after that day — a tolerance granted after the day the debtor had to
 * pay, not from a day on which they did not have to — and their end, as the end of a period for a
 * performance (§ 186 BGB), is moved by § 193 BGB as well. With no grace days the last day is `payableOn`.
 *
 * Every check of an installment goes through here: `installmentCheck` (the daily decision's misses
 * and the review's next check day), the end of a kept plan (`installmentPlanKeptUntil`, which the
 * escalation guard, the review and `keptPlanRemainder` read) and `checkInvariants` — and so does
 * what a debtor is shown: the portal prints an installment's agreed due date and, when § 193 BGB
 * moves it, the day it may be paid by (`payableOn`, with `graceDays` 0: the creditor's tolerance is
 * not shown). The agreed due date itself is not changed.
 *
 * E.g. due Sat 2025-05-31, grace 0: payable and last day Mon 06-02. Due Sun 2025-05-25, grace 5:
 * payable Mon 05-26, + 5 = Sat 05-31 → Mon 06-02.
 *
 * @param dueDate - the installment's agreed due date
 * @param graceDays - the policy's `installmentGraceDays`
 * @param holidays - the federal state whose public holidays count (`holidayState`: the debtor's, else the context's); without it, nationwide holidays only
 */
export function installmentLastDay(dueDate: IsoDate, graceDays: number, holidays: GermanState | undefined): InstallmentDays {
  const payableOn = applySection193(dueDate, holidays).date;
  const lastDay = graceDays === 0 ? payableOn : applySection193(addDays(payableOn, graceDays), holidays).date;
  return { payableOn, lastDay };
}

/**
 * An installment the plan's check finds missed ({@link installmentCheck}).
 *
 * @internal
 */
export interface InstallmentMiss {
  /** The installment's index in the plan (the plan's installments in due-date order). */
  readonly index: number;
  /**
   * The day the miss is recorded: the day after the installment's last day ({@link installmentLastDay}),
   * or — for an installment that stood paid then and is left unpaid by a refund or chargeback the ledger
   * learnt of later — the day that reversal (`reversal`) was booked: its value date, or the later day
   * it was booked on (`bookedOn`, a reversal value-dated back). Never before the reversal is on the ledger.
   */
  readonly date: IsoDate;
  /** The installment's last day ({@link installmentLastDay}): its due date moved by § 193 BGB, + the policy's grace days, moved again. */
  readonly lastDay: IsoDate;
  /** The day it was payable by when § 193 BGB moved its due date (a Saturday, Sunday or holiday); absent when the due date is a business day. */
  readonly payableOn?: IsoDate;
  /** What the installments due by `lastDay` add up to (this one and every one before it). */
  readonly due: Money;
  /** What the check counted as paid under the plan ({@link paidUnderPlan}): through `lastDay`, or through a reversal's value date (`paidThrough`). */
  readonly paid: Money;
  /** The last day whose payments `paid` counts: `lastDay`, or the value date of a reversal dated after it. */
  readonly paidThrough: IsoDate;
  /** The reversal that left the installment unpaid (the last one booked on `date`); absent for an installment not paid by its last day. */
  readonly reversal?: ClaimEventOf<'payment-reversed'>;
  /** The ids of every reversal of a payment under the plan booked on `date`, when `reversal` is set. */
  readonly reversalIds?: readonly string[];
  /** Their value dates, in the order of `reversalIds`; one before `date` means the reversal was value-dated back. */
  readonly reversalDates?: readonly IsoDate[];
}

/**
 * What {@link installmentCheck} finds: the misses to record through its day, and the next day a check
 * can find one.
 *
 * @internal
 */
export interface InstallmentCheck {
  /** The installments found missed on or before the day, in the order to record them: by `date`, then by index. */
  readonly missed: readonly InstallmentMiss[];
  /**
   * When asked for (`next`): the check day, after the day, of the first installment not recorded missed
   * that the payments on the ledger do not cover by its last day, or `null` for none. The scan then
   * stops at the first installment not paid by its last day, past or not — `missed` ends there, as
   * every later miss is dated on or after its day: the review needs the earliest day only.
   */
  readonly next: IsoDate | null;
}

/**
 * The one rule that checks a plan's installments (a Ratenzahlungsvereinbarung, § 311 Abs. 1 BGB): the
 * daily decision records what it finds (`installment-missed`, and the plan declared defaulted at the
 * policy's `installmentsMissedToDefault`) and the review looks at the claim on the day it finds one.
 * Each installment not recorded missed yet is checked against the installments due by its last day
 * ({@link installmentLastDay}: the due date, moved to the next business day by § 193 BGB when it is a
 * Saturday, Sunday or holiday at the debtor's place, + `graceDays`, the end moved again), cumulatively: what the debtor paid ahead covers a later installment, and
 * an installment left unpaid leaves every later one short until it is paid.
 *
 * Whether an installment is missed is read by value dates; when is read by the ledger. A refund or
 * chargeback counts from its value date (a payment taken back did not fulfil, § 362 Abs. 1 BGB), but the
 * engine knows of it only from the day it was booked (`reversalBookedOn`: a bank may value-date a
 * chargeback back) — and a decision is not dated before the engine could make it.
 *
 * - **Not paid by its last day:** {@link paidUnderPlan} through its last day, net of the reversals
 *   value-dated by then and booked by its check day (the day after), falls short of the installments
 *   due → missed on the check day.
 * - **Paid by its last day as the ledger stood on its check day, left unpaid by a reversal booked
 *   later:** on each later day a reversal of a payment under the plan is booked (`reversalBookedOn`),
 *   the installment is checked as the ledger stands at that day's end — every reversal booked by then
 *   counted from its value date — at its last day (payments through it, net of the reversals
 *   value-dated by it: one value-dated back on or before the last day) and at the value date of each
 *   reversal dated after the last day (payments through that day, net of the reversals value-dated by
 *   it). Short at any of them → missed on the day of the booking. A payment taken back did not fulfil
 *   (§ 362 Abs. 1 BGB): the installment is unpaid from the value date and its date has passed, so the
 *   plan is in arrears as if it had been missed. Not dated back to the check day or the value date: the
 *   engine held the plan for kept until the reversal was booked (and the debtor, for a reversal after
 *   the last day, could not know of the arrears before). The measure is the value dates', so the day
 *   of the booking moves only the day of the miss, never whether there is one: paid again on the value
 *   date of a reversal (for one dated back on or before the last day: by the last day), nothing is
 *   missed; paid again later — even before the booking — the miss stands, as it would had the reversal
 *   been booked on its value date. A reversal of a payment received before the plan's day is no payment
 *   under the plan and leaves its installments as they were.
 *
 * A reversal booked on its value date is booked that day: an installment taken back after its last day
 * is then missed on the reversal's day, and one taken back by its last day on its check day.
 *
 * This holds after the plan's last day too: a plan's installment taken back after the plan ran out
 * is missed on the day of the booking, and the kept plan's remainder ({@link keptPlanRemainder}) is
 * not asked for.
 *
 * @internal
 * @param state - the claim's state
 * @param plan - its installment plan (not declared defaulted)
 * @param graceDays - the policy's `installmentGraceDays`
 * @param holidays - the federal state whose public holidays count for § 193 BGB (`holidayState(state, context)`)
 * @param through - the last day whose misses count (the decision's day; a command's day before)
 * @param next - also find the next check day after `through` (the review)
 */
export function installmentCheck(
  state: ClaimState,
  plan: InstallmentPlanState,
  graceDays: number,
  holidays: GermanState | undefined,
  through: IsoDate,
  next = false,
): InstallmentCheck {
  const currency = state.facts.currency;
  const missed: InstallmentMiss[] = [];
  let nextDay: IsoDate | null = null;
  let reversals: readonly ClaimEventOf<'payment-reversed'>[] | undefined;
  let due = zero(currency);
  for (let index = 0; index < plan.installments.length; index++) {
    const inst = plan.installments[index] as (typeof plan.installments)[number];
    due = add(due, money(inst.amount, currency));
    if (plan.missed.includes(index)) continue;
    const { payableOn, lastDay } = installmentLastDay(inst.dueDate, graceDays, holidays);
    const moved = payableOn === inst.dueDate ? {} : { payableOn };
    const checkDay = addDays(lastDay, 1);
    if (checkDay > through && !next) break;
    // As the ledger stood on the check day: a reversal booked later is taken up on its booking day below.
    const paid = paidUnderPlan(state, plan, lastDay, lastDay, checkDay);
    if (compare(paid, due) < 0) {
      if (checkDay > through) nextDay = checkDay;
      else missed.push({ index, date: checkDay, lastDay, ...moved, due, paid, paidThrough: lastDay });
      // Every later miss is dated on or after this one's day: the review needs no more.
      if (checkDay > through || next) break;
      continue;
    }
    if (checkDay > through) continue;
    // Paid by its last day as the ledger stood on its check day: a reversal booked later may leave it unpaid (§ 362 Abs. 1 BGB).
    reversals ??= planReversals(state, plan);
    for (let k = 0; k < reversals.length; k++) {
      const r = reversals[k] as ClaimEventOf<'payment-reversed'>;
      const booked = reversalBookedOn(r);
      // Counted on the check day already.
      if (r.date <= lastDay && booked <= checkDay) continue;
      if (booked > through) break;
      // The day's last booking: what stands at its end counts.
      if (k + 1 < reversals.length && reversalBookedOn(reversals[k + 1] as ClaimEventOf<'payment-reversed'>) === booked) continue;
      const short = shortOn(state, plan, reversals, k, lastDay, booked, due);
      if (short === null) continue;
      const ofDay = reversals.filter((x) => reversalBookedOn(x) === booked);
      missed.push({
        index,
        date: booked,
        lastDay,
        ...moved,
        due,
        paid: short.paid,
        paidThrough: short.through,
        reversal: r,
        reversalIds: ofDay.map((x) => x.reversalId),
        reversalDates: ofDay.map((x) => x.date),
      });
      break;
    }
  }
  if (missed.length > 1) missed.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
  return { missed, next: nextDay };
}

/**
 * Where an installment stands short as the ledger stands at the end of `booked` ({@link installmentCheck}):
 * at its last day, then at each value date after it of a reversal booked by then (`reversals[0..k]`,
 * in booking order), the first day whose payments, net of the reversals booked by `booked` and
 * value-dated by that day, fall short of `due` — or `null`.
 */
function shortOn(
  state: ClaimState,
  plan: InstallmentPlanState,
  reversals: readonly ClaimEventOf<'payment-reversed'>[],
  k: number,
  lastDay: IsoDate,
  booked: IsoDate,
  due: Money,
): { readonly paid: Money; readonly through: IsoDate } | null {
  const days = new Set<IsoDate>([lastDay]);
  for (let j = 0; j <= k; j++) {
    const d = (reversals[j] as ClaimEventOf<'payment-reversed'>).date;
    if (d > lastDay) days.add(d);
  }
  for (const day of [...days].sort()) {
    const paid = paidUnderPlan(state, plan, day, day, booked);
    if (compare(paid, due) < 0) return { paid, through: day };
  }
  return null;
}

/** The refunds and chargebacks of payments under the plan (received on or after its day), by the day they were booked (`reversalBookedOn`; stable). */
function planReversals(state: ClaimState, plan: InstallmentPlanState): ClaimEventOf<'payment-reversed'>[] {
  if (state.reversals.length === 0) return [];
  const under = new Set<string>();
  for (const p of state.payments) if (p.date >= plan.agreedOn) under.add(p.paymentId);
  const out = state.reversals.filter((r) => under.has(r.paymentId));
  return out.sort((a, b) => {
    const x = reversalBookedOn(a);
    const y = reversalBookedOn(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The kept installment plan whose remainder the queued message `messageId` asks for, as its letter
 * tells it (`RenderInput.afterKeptPlan`), or `null`: the message was booked by a stage entered for a
 * kept plan's remainder — the stage-entered event before its `message-queued` records the claim's plan
 * (`afterKeptPlan`, `planKeptUntil` of its reason's inputs), which the daily decision writes from
 * {@link keptPlanRemainder}, the one rule of a kept plan's end. So only the messages of that stage
 * entry carry it: not those of the stages before the plan, nor of the next stage after the remainder's
 * deadline. A claim without a plan, or whose plan was declared defaulted, gives `null` at once.
 *
 * @internal
 * @param state - the claim's state with the message queued
 * @param messageId - the message being written
 */
export function keptPlanOfMessage(state: ClaimState, messageId: string | undefined): KeptInstallmentPlan | null {
  const plan = state.installmentPlan;
  if (plan === null || plan.defaultedOn !== undefined || messageId === undefined) return null;
  const events = state.events;
  let i = events.length - 1;
  while (i >= 0) {
    const e = events[i] as ClaimEvent;
    if (e.type === 'message-queued' && e.messageId === messageId) break;
    i--;
  }
  for (i--; i >= 0; i--) {
    const e = events[i] as ClaimEvent;
    if (e.type !== 'stage-entered') continue;
    const inputs = e.reason?.inputs;
    const keptUntil = inputs?.['planKeptUntil'];
    if (inputs?.['afterKeptPlan'] !== plan.planId || typeof keptUntil !== 'string') return null;
    return {
      planId: plan.planId,
      agreedOn: plan.agreedOn,
      keptUntil: keptUntil as IsoDate,
      installments: plan.installments.length,
      agreed: planTotal(plan, state.facts.currency),
      // Net of every refund or chargeback recorded by the time of writing: the letter thanks for what stayed paid.
      paid: paidUnderPlan(state, plan, keptUntil as IsoDate, state.lastEventDate),
    };
  }
  return null;
}
