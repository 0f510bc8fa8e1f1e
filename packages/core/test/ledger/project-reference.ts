import type { IsoDate } from '../../src/calendar/date.js';
import { ValidationError } from '../../src/errors/errors.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts, FeeKind } from '../../src/ledger/events.js';
import { isHoldActive } from '../../src/ledger/project.js';
import type { ClaimState, ClaimStatus, DisputeState, HoldState, InstallmentPlanState } from '../../src/ledger/state.js';
import { emptyList, replacedAt } from '../../src/lists.js';

// The reference for project.property.test.ts and bench/project.bench.ts: `project` as it was before
// the fold indexed its payments and reversals by id (FoldIndex), word for word from main at 4a694df
// but for the imports and the name (oldProject). Each payment-reversed searched the payments for its
// payment and the reversals for its id, and each moved payment of a fee-reduced the payments: time
// in payments × reversals. Not for use outside the test and the benchmark.

function fail(index: number, field: string, problem: string): never {
  const where = `events[${index}]${field ? `.${field}` : ''}`;
  throw new ValidationError(`${where}: ${problem}`, { field: where });
}

/**
 * A state under construction — the object that becomes the state (no second object is made): the
 * fields of {@link ClaimState} in its order, writable, with `status` holding the terminal status in
 * force (or `null`) until {@link finish} sets the status.
 */
interface Draft {
  facts: ClaimFacts;
  status: ClaimStatus | null;
  stage: string | null;
  stageIndex: number;
  stageEnteredOn: IsoDate | null;
  deadline: IsoDate | null;
  defaultBegan: IsoDate | null;
  defaultBasis: string | null;
  events: ClaimEvent[];
  stagesEntered: ClaimEventOf<'stage-entered'>[];
  messages: ClaimEventOf<'message-queued'>[];
  fees: ClaimEventOf<'fee-charged'>[];
  feeReductions: ClaimEventOf<'fee-reduced'>[];
  feeReinstatements: ClaimEventOf<'fee-reinstated'>[];
  payments: ClaimEventOf<'payment-received'>[];
  reversals: ClaimEventOf<'payment-reversed'>[];
  adjustments: ClaimEventOf<'adjustment'>[];
  disputes: DisputeState[];
  holds: HoldState[];
  installmentPlan: InstallmentPlanState | null;
  promises: ClaimEventOf<'promise-to-pay'>[];
  handedOver: ClaimEventOf<'handed-over'> | null;
  courtDunningFiled: ClaimEventOf<'court-dunning-filed'> | null;
  titled: ClaimEventOf<'titled'> | null;
  timeBarred: ClaimEventOf<'time-barred'> | null;
  feeKindsCharged: Set<FeeKind>;
  lastEventDate: IsoDate;
}

/**
 * One bit per list of a draft that an event appends to, for {@link OwnedLists}.
 */
const LIST_BITS = {
  events: 1,
  stagesEntered: 2,
  messages: 4,
  fees: 8,
  feeReductions: 16,
  payments: 32,
  reversals: 64,
  adjustments: 128,
  promises: 256,
  feeKindsCharged: 512,
  feeReinstatements: 1024,
} as const;

/** Every bit of {@link LIST_BITS}: a draft of a fold's own ({@link project}) owns all its lists. */
const ALL_LISTS = Object.values(LIST_BITS).reduce((all: number, bit) => all | bit, 0);

/**
 * The lists of a draft it owns during one fold (bits of {@link LIST_BITS}) — all of them in
 * {@link project}, else those copied so far — and the one place a list is written: in place when the
 * draft owns it, else copied first and owned from then on, so the state the draft came from shares
 * the list and never sees it change, and each list is copied once per fold, not once per event.
 * One object per fold, not a closure per event.
 */
class OwnedLists {
  private owned: number;

  /** @param owned - the lists the draft owns from the start (bits of {@link LIST_BITS}) */
  constructor(owned: number) {
    this.owned = owned;
  }

  /** `list` with `value` appended (see the class). */
  appended<T>(list: T[], value: T, bit: number): T[] {
    if ((this.owned & bit) !== 0) {
      list.push(value);
      return list;
    }
    this.owned |= bit;
    return [...list, value];
  }

  /** `set` with `value` added (see the class). */
  added<T>(set: Set<T>, value: T, bit: number): Set<T> {
    if ((this.owned & bit) !== 0) return set.add(value);
    this.owned |= bit;
    return new Set(set).add(value);
  }
}

function startDraft(first: ClaimEvent): Draft {
  if (typeof first !== 'object' || first === null) fail(0, '', 'is not an event object.');
  if (first.type !== 'claim-created') {
    fail(0, 'type', `the first event of a ledger must be claim-created, got "${String(first.type)}"; create the claim before recording anything else.`);
  }
  checkDate(first, 0);
  return {
    facts: first.claim,
    status: null,
    stage: null,
    stageIndex: -1,
    stageEnteredOn: null,
    deadline: null,
    defaultBegan: null,
    defaultBasis: null,
    events: [first],
    // Empty lists of the kind of lists of objects (emptyList), so each call site sees one map.
    stagesEntered: emptyList(),
    messages: emptyList(),
    fees: emptyList(),
    feeReductions: emptyList(),
    feeReinstatements: emptyList(),
    payments: emptyList(),
    reversals: emptyList(),
    adjustments: emptyList(),
    disputes: emptyList(),
    holds: emptyList(),
    installmentPlan: null,
    promises: emptyList(),
    handedOver: null,
    courtDunningFiled: null,
    titled: null,
    timeBarred: null,
    feeKindsCharged: new Set<FeeKind>(),
    lastEventDate: first.date,
  };
}


function checkDate(event: ClaimEvent, i: number): void {
  if (typeof event.date !== 'string' || !isDateForm(event.date)) {
    fail(i, 'date', `"${String(event.date)}" is not a date written YYYY-MM-DD.`);
  }
}

/**
 * True when `text` is of the form `/^\d{4}-\d{2}-\d{2}$/` (ASCII digits), checked by char codes: the
 * regular expression literal made a new RegExp object per event folded.
 */
function isDateForm(text: string): boolean {
  if (text.length !== 10) return false;
  for (let k = 0; k < 10; k++) {
    const c = text.charCodeAt(k);
    if (k === 4 || k === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Applies one event to a draft. `lists` says which of the draft's lists belong to it alone (all in
 * a fold in {@link project}); a list it does not own ({@link evolve}) is copied before it is first
 * changed (and owned by the draft from then on), so the state the draft came from never changes.
 */
function applyEvent(d: Draft, event: ClaimEvent, i: number, lists: OwnedLists): void {
  if (typeof event !== 'object' || event === null) fail(i, '', 'is not an event object.');
  const claimId = d.facts.id;
  if (event.claimId !== claimId) {
    fail(i, 'claimId', `belongs to claim "${String(event.claimId)}", but this ledger is claim "${claimId}"; keep one ledger per claim.`);
  }
  checkDate(event, i);
  if (event.date > d.lastEventDate) d.lastEventDate = event.date;
  switch (event.type) {
    case 'claim-created':
      fail(i, 'type', 'a ledger holds exactly one claim-created event, at its start.');
      break;
    case 'claim-facts-amended':
    case 'claim-facts-corrected':
      // Facts added (or corrected) after creation: laid over the facts as they stood (a new object, so what was
      // worked out from the facts before — interest terms, limitation — is not taken for these).
      d.facts = { ...d.facts, ...event.facts };
      break;
    case 'default-began':
      // The earliest first day of default wins (a later route cannot postpone default).
      if (d.defaultBegan === null || event.date < d.defaultBegan) {
        d.defaultBegan = event.date;
        d.defaultBasis = event.basis;
      }
      break;
    case 'stage-entered':
      d.stagesEntered = lists.appended(d.stagesEntered, event, LIST_BITS.stagesEntered);
      d.stage = event.stage;
      d.stageIndex = event.stageIndex;
      d.stageEnteredOn = event.date;
      d.deadline = event.deadline ?? null;
      break;
    case 'message-queued':
      d.messages = lists.appended(d.messages, event, LIST_BITS.messages);
      break;
    case 'message-sent':
    case 'message-attempt-unknown':
    case 'message-failed':
    case 'message-skipped':
      // A message of the current stage sent after the day it was booked gave the debtor a deadline
      // counted from its send (deadlineOnSend): the claim's deadline is the latest one given. So did
      // one handed over on a later day whose outcome is unknown (`message-attempt-unknown`, and the
      // `message-failed` or `message-skipped` that ends it as one that may have gone): the debtor may
      // have read it. (A skip without `deadline` moves nothing.)
      if (event.deadline !== undefined && d.deadline !== null && event.deadline > d.deadline) {
        const sent = event.messageId;
        const queued = d.messages.find((m) => m.messageId === sent);
        if (queued !== undefined && queued.stage === d.stage && queued.date === d.stageEnteredOn) d.deadline = event.deadline;
      }
      break;
    case 'message-delivered':
    case 'message-bounced':
    case 'message-opened':
    case 'channel-opted-out':
      break;
    case 'fee-charged':
      d.fees = lists.appended(d.fees, event, LIST_BITS.fees);
      if (!d.feeKindsCharged.has(event.kind)) d.feeKindsCharged = lists.added(d.feeKindsCharged, event.kind, LIST_BITS.feeKindsCharged);
      break;
    case 'fee-reduced':
      if (!d.fees.some((f) => f.feeId === event.feeId)) {
        fail(i, 'feeId', `no fee "${String(event.feeId)}" was charged before; a reduction refers to a fee-charged event earlier in the ledger.`);
      }
      if (event.movedToUnapplied !== undefined) {
        for (const m of event.movedToUnapplied) {
          if (!d.payments.some((p) => p.paymentId === m.paymentId)) {
            fail(i, 'movedToUnapplied', `names payment "${String(m.paymentId)}", which was not received before; a reduction moves costs paid by a payment-received event earlier in the ledger.`);
          }
        }
      }
      d.feeReductions = lists.appended(d.feeReductions, event, LIST_BITS.feeReductions);
      break;
    case 'fee-reinstated':
      if (!d.fees.some((f) => f.feeId === event.feeId)) {
        fail(i, 'feeId', `no fee "${String(event.feeId)}" was charged before; a reinstatement refers to a fee-charged event earlier in the ledger.`);
      }
      if (event.backFromUnapplied !== undefined) {
        for (const m of event.backFromUnapplied) {
          if (!d.payments.some((p) => p.paymentId === m.paymentId)) {
            fail(i, 'backFromUnapplied', `names payment "${String(m.paymentId)}", which was not received before; a reinstatement moves back money held for a payment-received event earlier in the ledger.`);
          }
        }
      }
      d.feeReinstatements = lists.appended(d.feeReinstatements, event, LIST_BITS.feeReinstatements);
      break;
    case 'payment-received':
      d.payments = lists.appended(d.payments, event, LIST_BITS.payments);
      break;
    case 'payment-reversed':
      if (!d.payments.some((p) => p.paymentId === event.paymentId)) {
        fail(i, 'paymentId', `no payment "${String(event.paymentId)}" was received before; a refund or chargeback refers to a payment-received event earlier in the ledger.`);
      }
      if (d.reversals.some((r) => r.reversalId === event.reversalId)) {
        fail(i, 'reversalId', `reversal "${String(event.reversalId)}" was recorded before; record each refund or chargeback once.`);
      }
      d.reversals = lists.appended(d.reversals, event, LIST_BITS.reversals);
      break;
    case 'adjustment':
      d.adjustments = lists.appended(d.adjustments, event, LIST_BITS.adjustments);
      break;
    case 'dispute-opened':
      if (d.disputes.some((x) => x.disputeId === event.disputeId)) {
        fail(i, 'disputeId', `dispute "${event.disputeId}" was opened before; give a new dispute a new id.`);
      }
      d.disputes = [...d.disputes, { disputeId: event.disputeId, openedOn: event.date }];
      break;
    case 'dispute-resolved': {
      const k = d.disputes.findIndex((x) => x.disputeId === event.disputeId);
      if (k < 0) fail(i, 'disputeId', `no dispute "${event.disputeId}" was opened before; resolve only an opened dispute.`);
      const dispute = d.disputes[k] as DisputeState;
      if (dispute.resolvedOn === undefined) {
        d.disputes = replacedAt(d.disputes, k, { ...dispute, resolvedOn: event.date, outcome: event.outcome });
      }
      break;
    }
    case 'hold-placed':
      if (d.holds.some((h) => h.holdId === event.holdId)) {
        fail(i, 'holdId', `hold "${event.holdId}" was placed before; give a new hold a new id.`);
      }
      d.holds = [
        ...d.holds,
        {
          holdId: event.holdId,
          placedOn: event.date,
          ...(event.until === undefined ? {} : { until: event.until }),
          interestRuns: event.interestRuns,
          note: event.note,
        },
      ];
      break;
    case 'hold-lifted': {
      const k = d.holds.findIndex((x) => x.holdId === event.holdId);
      if (k < 0) fail(i, 'holdId', `no hold "${event.holdId}" was placed before; lift only a placed hold.`);
      const hold = d.holds[k] as HoldState;
      if (hold.liftedOn === undefined) d.holds = replacedAt(d.holds, k, { ...hold, liftedOn: event.date });
      break;
    }
    case 'promise-to-pay':
      d.promises = lists.appended(d.promises, event, LIST_BITS.promises);
      break;
    case 'installment-plan-agreed':
      d.installmentPlan = {
        planId: event.planId,
        agreedOn: event.date,
        installments: [...event.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)),
        missed: [],
      };
      break;
    case 'installment-missed': {
      const plan = d.installmentPlan;
      if (plan === null || plan.planId !== event.planId) {
        fail(i, 'planId', `installment plan "${event.planId}" is not the current plan; record misses against the latest agreed plan.`);
      }
      if (!plan.missed.includes(event.index)) d.installmentPlan = { ...plan, missed: [...plan.missed, event.index] };
      break;
    }
    case 'installment-plan-defaulted': {
      const plan = d.installmentPlan;
      if (plan === null || plan.planId !== event.planId) {
        fail(i, 'planId', `installment plan "${event.planId}" is not the current plan; only the latest agreed plan can default.`);
      }
      if (plan.defaultedOn === undefined) d.installmentPlan = { ...plan, defaultedOn: event.date };
      break;
    }
    case 'handed-over':
      d.handedOver = event;
      break;
    case 'court-dunning-filed':
      d.courtDunningFiled = event;
      break;
    case 'titled':
      d.titled = event;
      break;
    case 'time-barred':
      d.timeBarred = event;
      d.status = 'time-barred';
      break;
    case 'written-off':
      d.status = 'written-off';
      break;
    case 'settled':
      d.status = 'settled';
      break;
    case 'reopened':
      d.status = null;
      break;
    default:
      fail(i, 'type', `"${String((event as { type: unknown }).type)}" is not a known event type.`);
  }
  d.events = lists.appended(d.events, event, LIST_BITS.events);
}

function statusOf(d: Draft): ClaimStatus {
  const plan = d.installmentPlan;
  if (d.status !== null) return d.status;
  if (d.titled !== null) return 'titled';
  if (d.courtDunningFiled !== null) return 'court-dunning';
  if (d.handedOver !== null) return 'handed-over';
  if (plan !== null && plan.defaultedOn === undefined) return 'installment-plan';
  if (d.disputes.some((x) => x.resolvedOn === undefined)) return 'disputed';
  if (d.holds.some((h) => isHoldActive(h, d.lastEventDate))) return 'on-hold';
  if (d.defaultBegan !== null) return 'in-default';
  return 'open';
}

function finish(d: Draft): ClaimState {
  // The draft becomes the state: its status set, its fields in the state's order already.
  d.status = statusOf(d);
  return d as ClaimState;
}

/**
 * Folds a claim's events into its state: `initialState` of the first event, then {@link evolve}
 * for each further one (one step function, applied in place here because nothing else sees the
 * intermediate states). Pure; the events are taken as they are stored (the ledger's order), and
 * dates may run backwards in it (a payment booked later with its value date).
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
export function oldProject(events: readonly ClaimEvent[]): ClaimState {
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('events: a claim ledger needs at least its claim-created event; got none.', { field: 'events' });
  }
  const d = startDraft(events[0] as ClaimEvent);
  const lists = new OwnedLists(ALL_LISTS);
  for (let i = 1; i < events.length; i++) applyEvent(d, events[i] as ClaimEvent, i, lists);
  return finish(d);
}
