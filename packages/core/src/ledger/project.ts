import { addDays, type IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimEventOf, ClaimFacts, FeeKind } from './events.js';
import { emptyList, replacedAt } from '../lists.js';
import { ReturnsItsArgument } from '../private-fields.js';
import type { ClaimState, ClaimStatus, DisputeState, HoldState, InstallmentPlanState } from './state.js';

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

/**
 * Whether a claim in this status leaves it only by a `reopened` event (settled, written off, time
 * barred). Three comparisons of interned strings the optimising compiler keeps inline.
 *
 * @internal
 */
export function isTerminalStatus(status: ClaimStatus): boolean {
  return status === 'settled' || status === 'written-off' || status === 'time-barred';
}

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

/** Up to this many items a list is scanned for an id rather than indexed (see {@link IdIndex}). */
const SCAN_LIMIT = 16;

/**
 * The ids of one of a draft's lists, for the references a fold checks. A list of up to
 * {@link SCAN_LIMIT} items is scanned (cheaper than making a set, and at most that many reads per
 * question); once it is longer, a set of its ids is made and kept up with the list as the fold
 * appends to it (the items not yet in it are added at the next question). A list grows only at its
 * end during a fold, and a copy of it ({@link OwnedLists}) keeps its items, so one set per fold serves
 * the list and its copy. So a ledger with many payments and reversals folds in time linear in its
 * events, not in payments × reversals.
 */
class IdIndex<T> {
  private readonly idOf: (item: T) => string;
  private ids: Map<string, T> | undefined;
  private indexed = 0;

  /** @param idOf - an item's id */
  constructor(idOf: (item: T) => string) {
    this.idOf = idOf;
  }

  /** Whether an item of `list` (the draft's list, as it is now) has the id `id`. */
  has(list: readonly T[], id: string): boolean {
    return this.find(list, id) !== undefined;
  }

  /** The first item of `list` (the draft's list, as it is now) with the id `id` — what `list.find` by id answers — or `undefined`. */
  find(list: readonly T[], id: string): T | undefined {
    let ids = this.ids;
    if (ids === undefined) {
      if (list.length <= SCAN_LIMIT) {
        for (const item of list) if (this.idOf(item) === id) return item;
        return undefined;
      }
      ids = this.ids = new Map<string, T>();
    }
    for (let k = this.indexed; k < list.length; k++) {
      const item = list[k] as T;
      const itemId = this.idOf(item);
      // The first item of an id is the one `find` answers (a ledger may carry an id twice).
      if (!ids.has(itemId)) ids.set(itemId, item);
    }
    this.indexed = list.length;
    return ids.get(id);
  }
}

const paymentIdOf = (p: ClaimEventOf<'payment-received'>): string => p.paymentId;
const reversalIdOf = (r: ClaimEventOf<'payment-reversed'>): string => r.reversalId;
const feeIdOf = (f: ClaimEventOf<'fee-charged'>): string => f.feeId;
const messageIdOf = (m: ClaimEventOf<'message-queued'>): string => m.messageId;

/** The indexes one fold keeps of its draft's ids (see {@link IdIndex}) — payments, reversals, fees, messages — each made when first asked: one object per fold. */
class FoldIndex {
  private paymentIds: IdIndex<ClaimEventOf<'payment-received'>> | undefined;
  private reversalIds: IdIndex<ClaimEventOf<'payment-reversed'>> | undefined;
  private feeIds: IdIndex<ClaimEventOf<'fee-charged'>> | undefined;
  private messageIds: IdIndex<ClaimEventOf<'message-queued'>> | undefined;

  /** The ids of the payments received: what a reversal and a reduction's `movedToUnapplied` refer to. */
  get payments(): IdIndex<ClaimEventOf<'payment-received'>> {
    return (this.paymentIds ??= new IdIndex(paymentIdOf));
  }

  /** The ids of the reversals recorded: a reversal id is used once. */
  get reversals(): IdIndex<ClaimEventOf<'payment-reversed'>> {
    return (this.reversalIds ??= new IdIndex(reversalIdOf));
  }

  /** The ids of the fees charged: what a `fee-reduced` refers to. */
  get fees(): IdIndex<ClaimEventOf<'fee-charged'>> {
    return (this.feeIds ??= new IdIndex(feeIdOf));
  }

  /** The ids of the messages queued: the message a send, attempt, failure or skip event is of. */
  get messages(): IdIndex<ClaimEventOf<'message-queued'>> {
    return (this.messageIds ??= new IdIndex(messageIdOf));
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

function draftOf(state: ClaimState): Draft {
  return {
    facts: state.facts,
    // A terminal status comes first in statusOf, so the status shows whether one is in force.
    status: isTerminalStatus(state.status) ? state.status : null,
    stage: state.stage,
    stageIndex: state.stageIndex,
    stageEnteredOn: state.stageEnteredOn,
    deadline: state.deadline,
    defaultBegan: state.defaultBegan,
    defaultBasis: state.defaultBasis,
    // Only the lists an event changes are copied (see applyEvent): the others are shared, never written.
    events: state.events as ClaimEvent[],
    stagesEntered: state.stagesEntered as ClaimEventOf<'stage-entered'>[],
    messages: state.messages as ClaimEventOf<'message-queued'>[],
    fees: state.fees as ClaimEventOf<'fee-charged'>[],
    feeReductions: state.feeReductions as ClaimEventOf<'fee-reduced'>[],
    feeReinstatements: state.feeReinstatements as ClaimEventOf<'fee-reinstated'>[],
    payments: state.payments as ClaimEventOf<'payment-received'>[],
    reversals: state.reversals as ClaimEventOf<'payment-reversed'>[],
    adjustments: state.adjustments as ClaimEventOf<'adjustment'>[],
    disputes: state.disputes as DisputeState[],
    holds: state.holds as HoldState[],
    installmentPlan: state.installmentPlan,
    promises: state.promises as ClaimEventOf<'promise-to-pay'>[],
    handedOver: state.handedOver,
    courtDunningFiled: state.courtDunningFiled,
    titled: state.titled,
    timeBarred: state.timeBarred,
    feeKindsCharged: state.feeKindsCharged as Set<FeeKind>,
    lastEventDate: state.lastEventDate,
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
 * A fee reduction or reinstatement refers to a fee charged before, and each payment it moves money of to a payment
 * received before: `fail`s naming the first reference that does not hold.
 */
function feeChangeRefs(
  d: Draft,
  index: FoldIndex,
  i: number,
  feeId: string,
  noun: 'reduction' | 'reinstatement',
  member: 'movedToUnapplied' | 'backFromUnapplied',
  moves: readonly { readonly paymentId: string }[] | undefined,
  moveWords: string,
): void {
  if (!index.fees.has(d.fees, feeId)) {
    fail(i, 'feeId', `no fee "${String(feeId)}" was charged before; a ${noun} refers to a fee-charged event earlier in the ledger.`);
  }
  if (moves === undefined) return;
  for (const m of moves) {
    if (!index.payments.has(d.payments, m.paymentId)) {
      fail(i, member, `names payment "${String(m.paymentId)}", which was not received before; a ${noun} ${moveWords} a payment-received event earlier in the ledger.`);
    }
  }
}

/**
 * Applies one event to a draft. `lists` says which of the draft's lists belong to it alone (all in
 * a fold in {@link project}); a list it does not own ({@link evolve}) is copied before it is first
 * changed (and owned by the draft from then on), so the state the draft came from never changes.
 * `index` holds the fold's ids of the draft's payments, reversals, fees and messages, which references are checked against and looked up by.
 */
function applyEvent(d: Draft, event: ClaimEvent, i: number, lists: OwnedLists, index: FoldIndex): void {
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
    case 'default-withdrawn':
      if (event.interestReallocated !== undefined) {
        for (const m of event.interestReallocated) {
          if (!index.payments.has(d.payments, m.paymentId)) {
            fail(i, 'interestReallocated', `names payment "${String(m.paymentId)}", which was not received before; a withdrawal re-allocates interest paid by a payment-received event earlier in the ledger.`);
          }
        }
      }
      // The default booked from a notice that never reached the debtor is taken back; a later
      // default-began books the route that holds now.
      if (d.defaultBegan === event.previous) {
        d.defaultBegan = null;
        d.defaultBasis = null;
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
        const queued = index.messages.find(d.messages, sent);
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
      feeChangeRefs(d, index, i, event.feeId, 'reduction', 'movedToUnapplied', event.movedToUnapplied, 'moves costs paid by');
      d.feeReductions = lists.appended(d.feeReductions, event, LIST_BITS.feeReductions);
      break;
    case 'fee-reinstated':
      feeChangeRefs(d, index, i, event.feeId, 'reinstatement', 'backFromUnapplied', event.backFromUnapplied, 'moves back money held for');
      d.feeReinstatements = lists.appended(d.feeReinstatements, event, LIST_BITS.feeReinstatements);
      break;
    case 'payment-received':
      d.payments = lists.appended(d.payments, event, LIST_BITS.payments);
      break;
    case 'payment-reversed':
      if (!index.payments.has(d.payments, event.paymentId)) {
        fail(i, 'paymentId', `no payment "${String(event.paymentId)}" was received before; a refund or chargeback refers to a payment-received event earlier in the ledger.`);
      }
      if (index.reversals.has(d.reversals, event.reversalId)) {
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
 * The state of a new claim: its `claim-created` event folded into nothing (the Decider's initial
 * state, applied to the first event).
 *
 * @param created - the `claim-created` event
 * @throws ValidationError naming `events[0]` when the event is not a `claim-created` event
 */
export function initialState(created: ClaimEvent): ClaimState {
  return finish(startDraft(created));
}

/**
 * Folds ONE event into a claim's state and returns the new state; the given state does not change
 * (lists the event touches are copied, the others shared). The single step of the ledger: `project`
 * is `events.slice(1).reduce(evolve, initialState(events[0]))`, computed with the same step, so a
 * decision that adds events folds them one by one instead of re-projecting the ledger.
 *
 * The rules per event, and the status, are those of {@link project}.
 *
 * @param state - the state before the event
 * @param event - the event to append
 * @returns the state after the event
 * @throws ValidationError naming `events[i]` (i = the event's position in the ledger) for an event
 *   of another claim, a second `claim-created`, an unknown type, or a reference to an unknown hold,
 *   dispute, installment plan or fee
 */
export function evolve(state: ClaimState, event: ClaimEvent): ClaimState {
  return evolveAll(state, [event]);
}

/**
 * Folds `events[from]`, `events[from + 1]` … into a state: the state {@link evolve} gives event by
 * event (the same rules, checks, error positions, status and statement key), made with one draft —
 * each list the events touch is copied once, and no state is made in between.
 *
 * @internal
 * @param state - the state before the events
 * @param events - the events; those before `from` are not read
 * @param from - the first event to fold (default 0)
 */
export function evolveAll(state: ClaimState, events: readonly ClaimEvent[], from = 0): ClaimState {
  if (from >= events.length) return state;
  const d = draftOf(state);
  let changes: ClaimEvent[] | undefined;
  const lists = new OwnedLists(0);
  const index = new FoldIndex();
  for (let i = from; i < events.length; i++) {
    const event = events[i] as ClaimEvent;
    // The event's position in the ledger, as evolve names it: the number of events before it.
    applyEvent(d, event, d.events.length, lists, index);
    if (!isStatementNeutral(event.type)) {
      if (changes === undefined) changes = [event];
      else changes.push(event);
    }
  }
  const next = finish(d);
  const key = keyOf(state);
  if (key === undefined) return next;
  // Event by event, each state takes the key of the state before when its event is neutral: the
  // last one has the first one's key exactly when every event is neutral.
  // (`next` is the draft made above, extensible: the key goes on it without asking Object.isExtensible, a runtime call.)
  if (changes === undefined) new KeyedState(next, key);
  // Otherwise a key of its own; when the state before has its ledger's sums, the new key knows
  // them and the events that change them, so statement.ts can carry the sums over instead of
  // reading the whole ledger again.
  else if (key.sums !== undefined) new KeyedState(next, { sums: undefined, statements: undefined, base: key, since: changes });
  return next;
}

/**
 * Whether an event of this type changes nothing a statement reads (facts, default, holds, money
 * events, and the settled / written-off / reopened days that stop interest): a state evolved by one
 * of them has the same statement on every day as the state before. Comparisons of interned strings,
 * the frequent types first (a Set lookup per event folded was a builtin call that hashes and walks a
 * table).
 *
 * @internal
 */
export function isStatementNeutral(type: ClaimEvent['type']): boolean {
  switch (type) {
    case 'message-sent':
    case 'message-queued':
    case 'stage-entered':
    case 'message-failed':
    case 'message-skipped':
    case 'message-delivered':
    case 'message-bounced':
    case 'message-opened':
    case 'message-attempt-unknown':
    case 'channel-opted-out':
    case 'dispute-opened':
    case 'dispute-resolved':
    case 'promise-to-pay':
    case 'installment-plan-agreed':
    case 'installment-missed':
    case 'installment-plan-defaulted':
    case 'handed-over':
    case 'court-dunning-filed':
    case 'titled':
    case 'time-barred':
      return true;
    default:
      return false;
  }
}

/**
 * A state's statement key sits on the state itself, in a private field (not seen by a spread,
 * `Object.keys`, JSON or deep equality, and not copied by a spread), unless the state cannot take it
 * (a frozen state a host made): then in {@link ledgerKeys}. Why not a WeakMap for all: V8 clears a
 * WeakMap's entries only in a full collection, so every state's key — with the statements
 * remembered on it — lived through the young generation's collections into the old one (simulate
 * 10000 × 365 promoted ~1.9 MB per scavenge that way, ~1.0 MB with the key on the state). Why a
 * private field and not a non-enumerable symbol property: `Object.defineProperty` goes through
 * the runtime, about twice the cost of adding a private field — and a state is keyed ~95,000
 * times in simulate 10000 × 365.
 */
const ledgerKeys = new WeakMap<ClaimState, StatementKey>();

/** Puts a statement key on a state as the private field `#key` (`new KeyedState(state, key)` adds it to `state`). */
class KeyedState extends ReturnsItsArgument {
  #key: StatementKey;
  constructor(state: ClaimState, key: StatementKey) {
    super(state);
    this.#key = key;
  }
  /** The key a state carries in its private field, or `undefined`. */
  static keyOf(state: object): StatementKey | undefined {
    return #key in state ? (state as KeyedState).#key : undefined;
  }
}

function keyOf(state: ClaimState): StatementKey | undefined {
  return KeyedState.keyOf(state) ?? ledgerKeys.get(state);
}

function setKey(state: ClaimState, key: StatementKey): void {
  if (Object.isExtensible(state)) new KeyedState(state, key);
  else ledgerKeys.set(state, key);
}

/**
 * A statement key, and what `statement` remembers under it (its ledger's sums, its last results),
 * kept on the key itself: a WeakMap entry per key and thing remembered cost more (each fresh
 * state made three; ephemeron entries also slow the garbage collector down).
 *
 * @internal
 */
export interface StatementKey {
  /** The ledger's sums (ledger/statement.ts's LedgerSums), once made. */
  sums: object | undefined;
  /** The statements last made for it (ledger/statement.ts), once made. */
  statements: object[] | undefined;
  /**
   * Until its sums are made: the key of the state this key's state was folded from by
   * {@link evolveAll}, when that key had its sums — what the sums may be carried over from.
   */
  base: StatementKey | undefined;
  /** With `base`: the events folded since its state that are not statement-neutral, in order. */
  since: readonly ClaimEvent[] | undefined;
}

/**
 * A token that is the same for two states exactly when {@link evolve} made one from the other by
 * events that change nothing a statement reads (stage entered, messages, disputes, promises,
 * plans, hand-over, court dunning, title, time-barred): `statement` remembers its results per token,
 * so the engine's repeated questions about one claim on one day are answered once.
 *
 * @internal
 * @param state - the claim's state
 */
export function statementKey(state: ClaimState): StatementKey {
  let key = keyOf(state);
  if (key === undefined) {
    key = { sums: undefined, statements: undefined, base: undefined, since: undefined };
    setKey(state, key);
  }
  return key;
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
export function project(events: readonly ClaimEvent[]): ClaimState {
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('events: a claim ledger needs at least its claim-created event; got none.', { field: 'events' });
  }
  const d = startDraft(events[0] as ClaimEvent);
  const lists = new OwnedLists(ALL_LISTS);
  const index = new FoldIndex();
  for (let i = 1; i < events.length; i++) applyEvent(d, events[i] as ClaimEvent, i, lists, index);
  return finish(d);
}
