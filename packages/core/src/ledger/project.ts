import { addDays, type IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts, FeeKind } from './events.js';
import type { ClaimState, ClaimStatus, DisputeState, HoldState, InstallmentPlanState } from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * True when a hold is active on a day: placed on or before it and not lifted on or before it.
 * A hold's `until` does not end it here — the engine records expiry as `hold-lifted { expired: true }`
 * on the day after `until`.
 *
 * @param hold - the hold
 * @param date - the day
 */
export function isHoldActive(hold: HoldState, date: IsoDate): boolean {
  return hold.placedOn <= date && (hold.liftedOn === undefined || hold.liftedOn > date);
}

/**
 * The last day on which a hold stops default interest, or `null` while it has no end: the day
 * before it was lifted or its `until` day, whichever is earlier.
 *
 * @param hold - the hold
 */
export function holdLastDay(hold: HoldState): IsoDate | null {
  const lifted = hold.liftedOn === undefined ? null : addDays(hold.liftedOn, -1);
  const until = hold.until ?? null;
  if (lifted === null) return until;
  if (until === null) return lifted;
  return lifted < until ? lifted : until;
}

/** The holds of a state that are active on a day (see {@link isHoldActive}). */
export function activeHolds(state: ClaimState, date: IsoDate): HoldState[] {
  return state.holds.filter((h) => isHoldActive(h, date));
}

/** The disputes of a state that are not resolved. */
export function openDisputes(state: ClaimState): DisputeState[] {
  return state.disputes.filter((d) => d.resolvedOn === undefined);
}

/** True while an installment plan is agreed and not declared defaulted. */
export function isInstallmentPlanActive(state: ClaimState): boolean {
  return state.installmentPlan !== null && state.installmentPlan.defaultedOn === undefined;
}

/** The statuses a claim leaves only by a `reopened` event. */
export const terminalStatuses: readonly ClaimStatus[] = ['settled', 'written-off', 'time-barred'];

function fail(index: number, field: string, problem: string): never {
  const where = `events[${index}]${field ? `.${field}` : ''}`;
  throw new ValidationError(`${where}: ${problem}`, { field: where });
}

/**
 * Folds a claim's events into its state. Pure; the events are taken as they are stored (the
 * ledger's order), and dates may run backwards in it (a payment booked later with its value date).
 *
 * Status, first rule that applies:
 * 1. `settled`, `written-off`, `time-barred` — the latest of these events, unless a later
 *    `reopened` event came after it (in ledger order);
 * 2. `titled` > `court-dunning` > `handed-over`;
 * 3. `installment-plan` while the latest plan is not defaulted;
 * 4. `disputed` while a dispute is open;
 * 5. `on-hold` while a hold is active on the last event date (see {@link isHoldActive});
 * 6. `in-default` once default has begun;
 * 7. `open`.
 *
 * @param events - the ledger; the first event must be `claim-created`
 * @returns the projected state
 * @throws ValidationError naming `events[i]` for an empty ledger, a first event that is not
 *   `claim-created`, a second `claim-created`, an event of another claim, or an event that refers
 *   to an unknown hold, dispute, installment plan, fee (a `fee-reduced` before its `fee-charged`) or
 *   payment (a `payment-reversed` before its `payment-received`), or a reversal id used twice
 */
export function project(events: readonly ClaimEvent[]): ClaimState {
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('events: a claim ledger needs at least its claim-created event; got none.', { field: 'events' });
  }
  const first = events[0] as ClaimEvent;
  if (first.type !== 'claim-created') {
    fail(0, 'type', `the first event of a ledger must be claim-created, got "${String(first.type)}"; create the claim before recording anything else.`);
  }
  const facts: ClaimFacts = first.claim;
  const claimId = facts.id;

  let stage: string | null = null;
  let stageIndex = -1;
  let stageEnteredOn: IsoDate | null = null;
  let deadline: IsoDate | null = null;
  let defaultBegan: IsoDate | null = null;
  let defaultBasis: string | null = null;
  let terminal: ClaimStatus | null = null;
  let lastEventDate: IsoDate = first.date;
  let installmentPlan: Mutable<InstallmentPlanState> | null = null;
  let handedOver: ClaimEventOf<'handed-over'> | null = null;
  let courtDunningFiled: ClaimEventOf<'court-dunning-filed'> | null = null;
  let titled: ClaimEventOf<'titled'> | null = null;
  let timeBarred: ClaimEventOf<'time-barred'> | null = null;
  const stagesEntered: ClaimEventOf<'stage-entered'>[] = [];
  const messages: ClaimEventOf<'message-queued'>[] = [];
  const fees: ClaimEventOf<'fee-charged'>[] = [];
  const feeReductions: ClaimEventOf<'fee-reduced'>[] = [];
  const payments: ClaimEventOf<'payment-received'>[] = [];
  const reversals: ClaimEventOf<'payment-reversed'>[] = [];
  const adjustments: ClaimEventOf<'adjustment'>[] = [];
  const disputes: Mutable<DisputeState>[] = [];
  const holds: Mutable<HoldState>[] = [];
  const promises: ClaimEventOf<'promise-to-pay'>[] = [];
  const feeKindsCharged = new Set<FeeKind>();

  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ClaimEvent;
    if (typeof event !== 'object' || event === null) fail(i, '', 'is not an event object.');
    if (event.claimId !== claimId) {
      fail(i, 'claimId', `belongs to claim "${String(event.claimId)}", but this ledger is claim "${claimId}"; keep one ledger per claim.`);
    }
    if (typeof event.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(event.date)) {
      fail(i, 'date', `"${String(event.date)}" is not a date written YYYY-MM-DD.`);
    }
    if (event.date > lastEventDate) lastEventDate = event.date;
    switch (event.type) {
      case 'claim-created':
        if (i !== 0) fail(i, 'type', 'a ledger holds exactly one claim-created event, at its start.');
        break;
      case 'default-began':
        // The earliest first day of default wins (a later route cannot postpone default).
        if (defaultBegan === null || event.date < defaultBegan) {
          defaultBegan = event.date;
          defaultBasis = event.basis;
        }
        break;
      case 'stage-entered':
        stagesEntered.push(event);
        stage = event.stage;
        stageIndex = event.stageIndex;
        stageEnteredOn = event.date;
        deadline = event.deadline ?? null;
        break;
      case 'message-queued':
        messages.push(event);
        break;
      case 'message-sent':
      case 'message-failed':
        break;
      case 'fee-charged':
        fees.push(event);
        feeKindsCharged.add(event.kind);
        break;
      case 'fee-reduced':
        if (!fees.some((f) => f.feeId === event.feeId)) {
          fail(i, 'feeId', `no fee "${String(event.feeId)}" was charged before; a reduction refers to a fee-charged event earlier in the ledger.`);
        }
        feeReductions.push(event);
        break;
      case 'payment-received':
        payments.push(event);
        break;
      case 'payment-reversed':
        if (!payments.some((p) => p.paymentId === event.paymentId)) {
          fail(i, 'paymentId', `no payment "${String(event.paymentId)}" was received before; a refund or chargeback refers to a payment-received event earlier in the ledger.`);
        }
        if (reversals.some((r) => r.reversalId === event.reversalId)) {
          fail(i, 'reversalId', `reversal "${String(event.reversalId)}" was recorded before; record each refund or chargeback once.`);
        }
        reversals.push(event);
        break;
      case 'adjustment':
        adjustments.push(event);
        break;
      case 'dispute-opened':
        if (disputes.some((d) => d.disputeId === event.disputeId)) {
          fail(i, 'disputeId', `dispute "${event.disputeId}" was opened before; give a new dispute a new id.`);
        }
        disputes.push({ disputeId: event.disputeId, openedOn: event.date });
        break;
      case 'dispute-resolved': {
        const d = disputes.find((x) => x.disputeId === event.disputeId);
        if (!d) fail(i, 'disputeId', `no dispute "${event.disputeId}" was opened before; resolve only an opened dispute.`);
        if (d.resolvedOn === undefined) {
          d.resolvedOn = event.date;
          d.outcome = event.outcome;
        }
        break;
      }
      case 'hold-placed':
        if (holds.some((h) => h.holdId === event.holdId)) {
          fail(i, 'holdId', `hold "${event.holdId}" was placed before; give a new hold a new id.`);
        }
        holds.push({
          holdId: event.holdId,
          placedOn: event.date,
          ...(event.until === undefined ? {} : { until: event.until }),
          interestRuns: event.interestRuns,
          note: event.note,
        });
        break;
      case 'hold-lifted': {
        const h = holds.find((x) => x.holdId === event.holdId);
        if (!h) fail(i, 'holdId', `no hold "${event.holdId}" was placed before; lift only a placed hold.`);
        if (h.liftedOn === undefined) h.liftedOn = event.date;
        break;
      }
      case 'promise-to-pay':
        promises.push(event);
        break;
      case 'installment-plan-agreed':
        installmentPlan = {
          planId: event.planId,
          agreedOn: event.date,
          installments: [...event.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)),
          missed: [],
        };
        break;
      case 'installment-missed': {
        const plan: Mutable<InstallmentPlanState> | null = installmentPlan;
        if (plan === null || plan.planId !== event.planId) {
          fail(i, 'planId', `installment plan "${event.planId}" is not the current plan; record misses against the latest agreed plan.`);
        }
        if (!plan.missed.includes(event.index)) plan.missed = [...plan.missed, event.index];
        break;
      }
      case 'installment-plan-defaulted': {
        const plan: Mutable<InstallmentPlanState> | null = installmentPlan;
        if (plan === null || plan.planId !== event.planId) {
          fail(i, 'planId', `installment plan "${event.planId}" is not the current plan; only the latest agreed plan can default.`);
        }
        if (plan.defaultedOn === undefined) plan.defaultedOn = event.date;
        break;
      }
      case 'handed-over':
        handedOver = event;
        break;
      case 'court-dunning-filed':
        courtDunningFiled = event;
        break;
      case 'titled':
        titled = event;
        break;
      case 'time-barred':
        timeBarred = event;
        terminal = 'time-barred';
        break;
      case 'written-off':
        terminal = 'written-off';
        break;
      case 'settled':
        terminal = 'settled';
        break;
      case 'reopened':
        terminal = null;
        break;
      default:
        fail(i, 'type', `"${String((event as { type: unknown }).type)}" is not a known event type.`);
    }
  }

  const plan: InstallmentPlanState | null = installmentPlan;
  let status: ClaimStatus;
  if (terminal !== null) status = terminal;
  else if (titled !== null) status = 'titled';
  else if (courtDunningFiled !== null) status = 'court-dunning';
  else if (handedOver !== null) status = 'handed-over';
  else if (plan !== null && plan.defaultedOn === undefined) status = 'installment-plan';
  else if (disputes.some((d) => d.resolvedOn === undefined)) status = 'disputed';
  else if (holds.some((h) => isHoldActive(h, lastEventDate))) status = 'on-hold';
  else if (defaultBegan !== null) status = 'in-default';
  else status = 'open';

  return {
    facts,
    status,
    stage,
    stageIndex,
    stageEnteredOn,
    deadline,
    defaultBegan,
    defaultBasis,
    // A copy: appending to the caller's array later must not change this state.
    events: Object.freeze([...events]),
    stagesEntered,
    messages,
    fees,
    feeReductions,
    payments,
    reversals,
    adjustments,
    disputes,
    holds,
    installmentPlan: plan,
    promises,
    handedOver,
    courtDunningFiled,
    titled,
    timeBarred,
    feeKindsCharged,
    lastEventDate,
  };
}
