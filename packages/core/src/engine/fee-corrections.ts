import { applySection193 } from '../calendar/business-days.js';
import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { collectionCostsFigures, inkassoReformFrom, type CollectionCostsFigures, type ScaledCostItem } from '../law/de/collection-costs.js';
import { scaledToAmountString, scaledToMoney, scaledToString } from '../money/scaled.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEvent, ClaimEventOf, FeeItem, InterestReallocation, Reason, UnappliedMove } from '../ledger/events.js';
import { idsUsedBy, nextFreeId, scopedId } from '../ledger/ids.js';
import { allocateIncomingPayment, allocateIncomingPaymentAfter, type IncomingPayment } from '../ledger/payment.js';
import { evolve, evolveAll, isTerminalStatus, project } from '../ledger/project.js';
import { saidReason } from '../ledger/reason-texts.js';
import { everyPaymentPartsLeft, paymentPartsLeft, reverseIncomingPayment, type IncomingReversal } from '../ledger/reversal.js';
import { feeReducedNet } from '../ledger/fee-reduction.js';
import type { ClaimState } from '../ledger/state.js';
import { figuresAsOf, interestAccruedOn, isStatementSettled, type StatementOptions } from '../ledger/statement.js';
import { feeReductionBasis, feeReinstatementBasis } from '../ledger/statement-words.js';
import { CurrencyMismatchError, ValidationError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import { defaultLetterDeliveryDays } from '../policy/schema.js';
import { messageDeliveryState } from './delivery-events.js';
import { deliveredSend, receiptDay } from './receipt.js';
import { add, isPositive, minMoney, money, subtract, sum, toAmountString, zero, type Money } from '../money/money.js';

/** Legal basis of the simple-case reduction of collection costs. */
export const simpleCaseBasis = 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG';

/** Days after the collection agency's first demand within which payment makes the case simple (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG: "zwei Wochen"). */
export const simpleCaseWindowDays = 14;

/** Options of {@link simpleCaseCorrection} and {@link bookIncomingPayment}. */
export interface FeeCorrectionOptions {
  /** Statement options (base rates, interest conventions), as for the payment's allocation. */
  readonly statement?: StatementOptions;
  /** Federal state whose public holidays move the end of the two weeks (§ 193 BGB) when the debtor has no `state` (as in `DecideContext`); default: nationwide holidays only. */
  readonly state?: GermanState;
  /** The policy's days a letter takes to arrive, for the receipt of the first demand (`receiptDay`); default {@link defaultLetterDeliveryDays}. */
  readonly letterDeliveryDays?: number;
}

/** The collection agency's first demand after a hand-over, as the ledger shows it. */
export interface FirstDemand {
  /** The day the demand was sent: its message's first delivered `message-sent`, else the day it was queued, else the hand-over day. */
  readonly date: IsoDate;
  /** The message, or `null` when the hand-over queued none (then `date` is the hand-over day). */
  readonly messageId: string | null;
  /** The day the debtor is taken to have received it (`receiptDay`: a letter `date` + the policy's letter delivery days, anything else `date` + 1) — the day the two weeks count from. */
  readonly receivedOn: IsoDate;
  /** The last day a payment makes the case simple: `receivedOn` + 14 days (§§ 187 Abs. 1, 188 Abs. 2 BGB), moved to the next business day by § 193 BGB. */
  readonly windowEnd: IsoDate;
}

/**
 * The lines of collection costs as events carry them: amounts as text with the cents, the rate as
 * decimal.js writes it, keys in the order code, amount, factor?, baseFee?, basis (events are stored
 * and hashed as built; object literals, not spreads of optional members).
 *
 * @internal
 */
export function feeItemsOf(items: readonly ScaledCostItem[]): FeeItem[] {
  const out: FeeItem[] = [];
  for (const item of items) {
    const code = item.code;
    const amount = scaledToString(item.amount, 2);
    const basis = item.basis;
    const baseFee = item.baseFee === undefined ? undefined : scaledToAmountString(item.baseFee.value, item.baseFee.scale, 2);
    if (item.factor === undefined) out.push(baseFee === undefined ? { code, amount, basis } : { code, amount, baseFee, basis });
    else {
      const factor = item.factor.toString();
      out.push(baseFee === undefined ? { code, amount, factor, basis } : { code, amount, factor, baseFee, basis });
    }
  }
  return out;
}

/**
 * The collection agency's first demand for a collection-costs fee: the first message queued after
 * the last hand-over before the fee (in ledger order) — in the built-in policies the hand-over
 * stage's letter. It was sent on its first `message-sent` event that was not reported bounced or
 * undelivered, or, while it is not sent, is taken as sent on the day it was queued, by the channel
 * it was queued for; without any such message, on the hand-over day (or the fee's day when no
 * hand-over is recorded), as a letter.
 *
 * The two weeks of Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG ("innerhalb von zwei Wochen nach der
 * ersten Zahlungsaufforderung") run from the demand's *receipt* — a demand works when it reaches
 * the debtor (§ 130 Abs. 1 S. 1 BGB) — taken by the same convention the engine uses for the receipt
 * of a Mahnung (`receiptDay`: a letter on sent + the policy's `letterDeliveryDays`, anything else on
 * sent + 1). They run from the day after the receipt (§ 187 Abs. 1 BGB) and end with the same
 * weekday two weeks later (§ 188 Abs. 2 BGB), i.e. on receipt + 14; a Saturday, Sunday or public
 * holiday moves the end to the next business day (§ 193 BGB).
 *
 * @param state - the claim's state
 * @param fee - the collection-costs fee
 * @param holidays - federal state whose holidays count for § 193 BGB
 * @param letterDeliveryDays - the policy's days a letter takes to arrive (default {@link defaultLetterDeliveryDays})
 */
export function firstDemandFor(state: ClaimState, fee: ClaimEventOf<'fee-charged'>, holidays?: GermanState, letterDeliveryDays: number = defaultLetterDeliveryDays): FirstDemand {
  const events = state.events;
  const feeIndex = events.indexOf(fee);
  let handoverIndex = -1;
  for (let i = (feeIndex < 0 ? events.length : feeIndex) - 1; i >= 0; i--) {
    if ((events[i] as ClaimEvent).type === 'handed-over') {
      handoverIndex = i;
      break;
    }
  }
  const from = handoverIndex < 0 ? Math.max(feeIndex, 0) : handoverIndex;
  const start = handoverIndex < 0 ? fee.date : (events[handoverIndex] as ClaimEvent).date;
  let date = start;
  let channel = 'letter';
  let messageId: string | null = null;
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type !== 'message-queued' || e.date < start) continue;
    messageId = e.messageId;
    const sent = deliveredSend(state, e.messageId);
    date = sent === null ? e.date : sent.date;
    channel = sent === null ? e.channel : sent.channel;
    break;
  }
  const receivedOn = receiptDay(channel, date, letterDeliveryDays);
  return { date, messageId, receivedOn, windowEnd: applySection193(addDays(receivedOn, simpleCaseWindowDays), holidays).date };
}

/** Validates a payment as `allocateIncomingPayment` would (an amount made with `money`, in the claim's currency, above zero, a date); returns its date. */
function checkedPayment(state: ClaimState, payment: { readonly amount: Money; readonly date: IsoDate }): IsoDate {
  const date = parseIsoDate(payment.date, 'date');
  const cur = state.facts.currency;
  const paid = payment.amount;
  if (typeof paid !== 'object' || paid === null || !Dec.isDecimal(paid.amount)) {
    throw new ValidationError("amount: expected an amount made with money('100.00', 'EUR').", { field: 'amount' });
  }
  if (paid.currency !== cur) {
    throw new CurrencyMismatchError(`amount: the payment is in ${paid.currency}, but claim "${state.facts.id}" is in ${cur}; convert it first.`, { field: 'amount' });
  }
  if (!isPositive(paid)) {
    throw new ValidationError(`amount: ${paid.amount.toString()} ${cur} is not above zero; a payment must be positive.`, { field: 'amount' });
  }
  return date;
}

/**
 * Facts the simple-case amount is computed from, as they stood when the fee was charged. The value of
 * the collection mandate is the principal open on the fee's day on the ledger before the fee — the
 * statement's principal (`figuresAsOf`: the payments' principal parts less what refunds put back,
 * adjustments, costs a fee reduction credited to the principal, interest a withdrawn default
 * re-allocated to it), the one reading the engine charged the fee on (its `claimValue`) and
 * `checkInvariants` checks the § 13e RDG cap against. The flat fees charged before are credited
 * (§ 288 Abs. 5 S. 3 BGB).
 */
function feeBasisAt(state: ClaimState, fee: ClaimEventOf<'fee-charged'>): { claimValue: Money; flatFeeCredit: Money | null } {
  const cur = state.facts.currency;
  const events = state.events;
  const end = Math.max(events.indexOf(fee), 0);
  const claimValue = end === 0 ? money(state.facts.principal, cur) : figuresAsOf(project(events.slice(0, end)), fee.date).principal;
  // The flat fees charged, by id, less what was dropped of them (one dropped as charged before default, fee.before-default, is credited no more).
  const flatFees = new Map<string, Money>();
  for (let i = 0; i < end; i++) {
    const e = events[i] as ClaimEvent;
    if (e.type === 'fee-charged' && e.kind === 'flat-fee') flatFees.set(e.feeId, money(e.amount, cur));
    else if (e.type === 'fee-reduced') {
      const flat = flatFees.get(e.feeId);
      if (flat !== undefined) flatFees.set(e.feeId, subtract(flat, money(e.amount, cur)));
    } else if (e.type === 'fee-reinstated') {
      // Put back by a refund or chargeback of the payment it was dropped for: it stands again.
      const flat = flatFees.get(e.feeId);
      if (flat !== undefined) flatFees.set(e.feeId, add(flat, money(e.amount, cur)));
    }
  }
  const standing = [...flatFees.values()].filter((m) => isPositive(m));
  return { claimValue, flatFeeCredit: standing.length === 0 ? null : sum(standing, cur) };
}

/**
 * The simple-case costs of a collection-costs fee: the value and flat-fee credit as they stood when
 * the fee was charged (feeBasisAt) and the costs at 0.5 on them — null when no principal was open.
 * A function of the claim's facts and the ledger up to the fee, which later events never change:
 * kept per fee event, for the same facts object and the fee at the same place in the ledger.
 */
function simpleCaseCostsOf(state: ClaimState, fee: ClaimEventOf<'fee-charged'>): SimpleCaseCosts | null {
  const index = state.events.indexOf(fee);
  const known = simpleCaseCosts.get(fee);
  if (known !== undefined && known.facts === state.facts && known.index === index) return known.costs;
  const { claimValue, flatFeeCredit } = feeBasisAt(state, fee);
  const costs = !isPositive(claimValue)
    ? null
    : {
        claimValue,
        flatFeeCredit,
        simple: collectionCostsFigures({
          claim: claimValue,
          mandateDate: fee.date,
          case: 'simple',
          ...(state.facts.creditorCanDeductVat === undefined ? {} : { creditorCanDeductVat: state.facts.creditorCanDeductVat }),
          ...(flatFeeCredit === null ? {} : { flatFeeCredit }),
        }),
      };
  simpleCaseCosts.set(fee, { facts: state.facts, index, costs });
  return costs;
}

interface SimpleCaseCosts {
  readonly claimValue: Money;
  readonly flatFeeCredit: Money | null;
  readonly simple: CollectionCostsFigures;
}

const simpleCaseCosts = new WeakMap<ClaimEventOf<'fee-charged'>, { readonly facts: ClaimState['facts']; readonly index: number; readonly costs: SimpleCaseCosts | null }>();

/** What {@link simpleCaseCorrection} reads from the claim and the payment day, whatever the amount. */
interface SimpleCaseFigures {
  readonly fee: ClaimEventOf<'fee-charged'>;
  readonly demand: FirstDemand;
  readonly claimValue: Money;
  readonly flatFeeCredit: Money | null;
  readonly simple: CollectionCostsFigures;
  readonly reduction: Money;
  readonly openCosts: Money;
  readonly credited: Money;
  /** What no principal open takes of the costs paid above the lowered fee: back to the paying payments (the event's `movedToUnapplied`). */
  readonly moves: readonly UnappliedMove[];
  readonly chargedFactor: string | null;
  /** `toAmountString(reduction)`: the `fee-reduced` event's amount. */
  readonly reductionText: string;
  /** `toAmountString(credited)` when it is above zero (the event's `creditedToPrincipal`), else `null`. */
  readonly creditedText: string | null;
}

/**
 * The amount-independent part of {@link simpleCaseCorrection}: the fee a payment on `date` could
 * lower and by how much, or `null` when no payment on that day makes the case simple. The last
 * answer is remembered (states are immutable): a driver that works out what settles a claim
 * (`amountToSettle`) and then books that payment asks twice for the same state and day.
 */
function simpleCaseFigures(state: ClaimState, date: IsoDate, options: FeeCorrectionOptions): SimpleCaseFigures | null {
  const known = lastSimpleCase;
  if (
    known !== undefined &&
    known.state === state &&
    known.date === date &&
    known.statement === options.statement &&
    known.holidays === options.state &&
    known.letterDeliveryDays === options.letterDeliveryDays
  ) {
    return known.figures;
  }
  const figures = simpleCaseFiguresOf(state, date, options);
  lastSimpleCase = { state, date, statement: options.statement, holidays: options.state, letterDeliveryDays: options.letterDeliveryDays, figures };
  return figures;
}

/**
 * Whether a payment on `date` could make the case simple at all — some amount might bring about a
 * {@link simpleCaseCorrection} — from the same remembered figures that correction reads first, so
 * asking before it costs nothing. `false` lets a driver take a claim's total as what settles it
 * without making the total Money only to hear there is no correction.
 *
 * @internal
 */
export function simpleCaseMayApply(state: ClaimState, date: IsoDate, options: FeeCorrectionOptions = {}): boolean {
  return simpleCaseFigures(state, parseIsoDate(date, 'date'), options) !== null;
}

let lastSimpleCase:
  | {
      readonly state: ClaimState;
      readonly date: IsoDate;
      readonly statement: StatementOptions | undefined;
      readonly holidays: GermanState | undefined;
      readonly letterDeliveryDays: number | undefined;
      readonly figures: SimpleCaseFigures | null;
    }
  | undefined;

function simpleCaseFiguresOf(state: ClaimState, date: IsoDate, options: FeeCorrectionOptions): SimpleCaseFigures | null {
  const cur = state.facts.currency;
  if (cur !== 'EUR') return null;
  // The latest collection-costs fee (most claims have none: no copy of the fee list to find that out).
  let fee: ClaimEventOf<'fee-charged'> | undefined;
  for (let i = state.fees.length - 1; i >= 0; i--) {
    const f = state.fees[i] as ClaimEventOf<'fee-charged'>;
    if (f.kind === 'collection-costs') {
      fee = f;
      break;
    }
  }
  if (fee === undefined) return null;
  // Lowered or dropped before, and not put back in full by a refund or chargeback (fee-reinstated).
  if (isPositive(feeReducedNet(state, fee.feeId, cur))) return null;
  if (fee.date < inkassoReformFrom || date < fee.date) return null;
  if (fee.reason?.inputs?.['case'] === 'contested') return null;
  if (state.disputes.some((d) => d.openedOn <= date)) return null;
  if (state.status === 'written-off' || state.status === 'time-barred') return null;
  const holidays = state.facts.debtor.state ?? options.state;
  const demand = firstDemandFor(state, fee, holidays, options.letterDeliveryDays);
  if (date > demand.windowEnd) return null;

  const costs = simpleCaseCostsOf(state, fee);
  if (costs === null) return null;
  const { claimValue, flatFeeCredit, simple } = costs;
  const charged = money(fee.amount, cur);
  const reduction = subtract(charged, scaledToMoney(simple.total, 2, 'EUR'));
  if (!isPositive(reduction)) return null;

  // Costs already paid above what is owed after the reduction (a payment before this one met the
  // 0.9 costs first, § 367 BGB): that surplus is credited to the principal open, and what no principal
  // takes goes back to the paying payments (placePaidCosts) — so neither costs nor principal turn negative.
  const figures = figuresAsOf(state, date, options.statement ?? {});
  const openCosts = figures.costs;
  const paid = subtract(reduction, isPositive(openCosts) ? openCosts : zero(cur));
  const placed = isPositive(paid) ? placePaidCosts(paid, { open: isPositive(figures.principal) ? figures.principal : zero(cur) }, paymentsLatestFirst(state, date)) : null;
  const credited = placed === null ? zero(cur) : placed.toPrincipal;
  const moves = placed === null ? [] : placed.moves;
  const chargedFactor = fee.items?.find((i) => i.code === 'Nr. 2300 VV RVG')?.factor ?? null;
  const reductionText = toAmountString(reduction);
  const creditedText = isPositive(credited) ? toAmountString(credited) : null;
  return { fee, demand, claimValue, flatFeeCredit, simple, reduction, openCosts, credited, moves, chargedFactor, reductionText, creditedText };
}

/**
 * The correction of the collection costs a payment brings about under Anm. Abs. 2 S. 2 zu
 * Nr. 2300 VV RVG: "In einfachen Fällen darf nur eine Gebühr von 0,5 gefordert werden; ein
 * einfacher Fall liegt in der Regel vor, wenn die Forderung innerhalb von zwei Wochen nach der
 * ersten Zahlungsaufforderung beglichen wird." § 13e Abs. 1 RDG caps the recoverable collection
 * costs at what a lawyer could charge, so a debtor who settles within two weeks of the collection
 * agency's first demand owes the costs of a 0.5 Geschäftsgebühr only.
 *
 * Returns a `fee-reduced` event (dated the payment day, to be appended BEFORE the payment is
 * allocated under § 367 BGB) when all of these hold, else `null`:
 * - the claim carries a collection-costs fee (the latest one) not reduced before, in EUR, with a
 *   mandate (its charge day) from 2021-10-01, when Anm. Abs. 2 came into force;
 * - the fee was not charged as a contested case, and no dispute was opened on or before the
 *   payment day (a disputed claim is not a simple case, Anm. Abs. 1);
 * - the claim is neither written off nor time-barred;
 * - the payment day is not before the fee's day and not after the end of the two weeks after the
 *   receipt of the agency's first demand ({@link firstDemandFor}: receipt + 14, § 193 BGB);
 * - the payment, with the payments and adjustments recorded before it, settles the claim once the
 *   costs are lowered: the statement at the end of the payment day, with the reduction and the
 *   payment (allocated under § 367 BGB), shows nothing left to pay;
 * - the simple-case costs are lower than the fee: Nr. 2300 at 0.5 on the same value and RVG
 *   table, Nr. 7002 recomputed on it (20 %, at most 20 EUR), VAT if the creditor cannot deduct it,
 *   the § 288 Abs. 5 S. 3 BGB flat-fee credit, the 15 EUR minimum and the § 13 Abs. 2 RVG
 *   small-claim fee — as `computeCollectionCosts` with case `simple` computes them.
 *
 * It applies whatever case the policy asked for (`auto` or an explicit `uncontested`, with or
 * without a reason for a higher rate): the rule caps what is recoverable, whatever was charged.
 *
 * Where payments before this one already paid more of the costs than is owed after the reduction
 * (§ 367 BGB puts a payment on the costs first), the surplus is credited to the principal open from
 * the payment day (`creditedToPrincipal`), and what no principal takes — the principal paid or
 * credited in full already — goes back to the paying payments' unapplied parts (`movedToUnapplied`,
 * the latest payment first), held for the debtor: neither the costs nor the principal turn negative.
 *
 * @param state - the claim's state before the payment
 * @param payment - amount and day of the incoming payment
 * @param options - statement options and the holiday state for § 193 BGB
 * @returns the `fee-reduced` event (amount = charged − simple-case costs; items = the fee's lines
 *   after the reduction), or `null`
 * @throws ValidationError / MoneyError / CurrencyMismatchError / DateError for a payment that
 *   `allocateIncomingPayment` would refuse (amount not above zero, wrong currency, bad date)
 */
export function simpleCaseCorrection(
  state: ClaimState,
  payment: { readonly amount: Money; readonly date: IsoDate },
  options: FeeCorrectionOptions = {},
): ClaimEventOf<'fee-reduced'> | null {
  const date = checkedPayment(state, payment);
  const cur = state.facts.currency;
  const basis = simpleCaseFigures(state, date, options);
  // The event (its reason and inputs) is made only for a payment that settles the claim.
  if (basis === null || !settlesOnceLowered(state, basis, payment.amount, date, options)) return null;
  const { fee, demand, claimValue, flatFeeCredit, simple, openCosts, chargedFactor } = basis;
  return {
    type: 'fee-reduced',
    claimId: state.facts.id,
    date,
    feeId: fee.feeId,
    amount: basis.reductionText,
    basis: simpleCaseBasis,
    items: feeItemsOf(simple.items),
    ...(basis.creditedText === null ? {} : { creditedToPrincipal: basis.creditedText }),
    ...(basis.moves.length === 0 ? {} : { movedToUnapplied: basis.moves }),
    reason: {
      rule: 'fee.simple-case',
      basis: simpleCaseBasis,
      text:
        `Paid in full on ${date}, within two weeks of the receipt (${demand.receivedOn}) of the collection agency's first demand of ${demand.date} (last day ${demand.windowEnd}): ` +
        `a simple case, in which only a 0.5 Geschäftsgebühr may be demanded. The collection costs are lowered from ${fee.amount} to ${scaledToString(simple.total, 2)} ${cur}.`,
      inputs: {
        feeId: fee.feeId,
        demandMessageId: demand.messageId,
        demandDate: demand.date,
        demandReceivedOn: demand.receivedOn,
        windowEnd: demand.windowEnd,
        paymentDate: date,
        paymentAmount: toAmountString(payment.amount),
        claimValue: toAmountString(claimValue),
        mandateDate: fee.date,
        table: simple.table,
        chargedFactor,
        charged: fee.amount,
        simpleCase: scaledToString(simple.total, 2),
        flatFeeCredit: flatFeeCredit === null ? null : toAmountString(flatFeeCredit),
        openCostsBefore: toAmountString(openCosts),
      },
    },
  };
}

/**
 * Does a payment of `amount` on `date` settle the claim once the costs are lowered by `basis`? The
 * reduction booked (as the figures read it: day, fee, amount, the part credited to the principal),
 * the payment allocated (§ 367 BGB) after it, and the statement at the end of the payment day.
 * (The allocation reads the day before, which the reduction does not change: allocated on `state`
 * with the reduction, not on the corrected state, whose day before would be projected again.)
 */
function settlesOnceLowered(state: ClaimState, basis: SimpleCaseFigures, amount: Money, date: IsoDate, options: FeeCorrectionOptions): boolean {
  const reduction: ClaimEventOf<'fee-reduced'> = {
    type: 'fee-reduced',
    claimId: state.facts.id,
    date,
    feeId: basis.fee.feeId,
    amount: basis.reductionText,
    basis: simpleCaseBasis,
    items: [],
    ...(basis.creditedText === null ? {} : { creditedToPrincipal: basis.creditedText }),
    ...(basis.moves.length === 0 ? {} : { movedToUnapplied: basis.moves }),
  };
  const corrected = evolve(state, reduction);
  const probeId = nextFreeId(idsUsedBy(state.events), (n) => scopedId(state.facts.id, 'simple-case-probe', date, n));
  const allocated = allocateIncomingPaymentAfter(state, [reduction], { paymentId: probeId, amount, date }, options.statement ?? {});
  return isStatementSettled(figuresAsOf(evolve(corrected, allocated), date, options.statement ?? {}));
}

/**
 * The simple-case reduction a payment of `amount` on `date` brings about — the amount of the
 * `fee-reduced` event {@link simpleCaseCorrection} would answer, read as Money — or `null` when it
 * answers none; without making the event.
 */
function simpleCaseReduction(state: ClaimState, amount: Money, date: IsoDate, options: FeeCorrectionOptions): Money | null {
  const day = checkedPayment(state, { amount, date });
  const basis = simpleCaseFigures(state, day, options);
  if (basis === null || !settlesOnceLowered(state, basis, amount, day, options)) return null;
  return money(basis.reductionText, state.facts.currency);
}

/** Legal basis of {@link paymentDayCostsWaiver} (its words live with the statement's, which word it in English). */
export const paymentDayCostsBasis = feeReductionBasis['payment-day'];

/** Does the payment settle the claim on its day once `corrections` are appended (and the simple case applied)? */
function settlesWith(
  state: ClaimState,
  corrections: readonly ClaimEventOf<'fee-reduced'>[],
  payment: { readonly amount: Money; readonly date: IsoDate },
  options: FeeCorrectionOptions,
): boolean {
  const stOpts = options.statement ?? {};
  let corrected = evolveAll(state, corrections);
  const simple = simpleCaseCorrection(corrected, payment, options);
  if (simple !== null) corrected = evolve(corrected, simple);
  const probeId = nextFreeId(idsUsedBy(state.events), (n) => scopedId(state.facts.id, 'settle-probe', payment.date, n));
  // Allocated on `state` with the day's reductions: the same event, without projecting the corrected state's day before.
  const reductions = simple === null ? corrections : [...corrections, simple];
  const allocated = allocateIncomingPaymentAfter(state, reductions, { paymentId: probeId, amount: payment.amount, date: payment.date }, stOpts);
  return isStatementSettled(figuresAsOf(evolve(corrected, allocated), payment.date, stOpts));
}

/**
 * The costs a payment takes away because they arose on its own day: when a payment settles the
 * claim except for fees charged on the payment day — by that day's escalation (a creditor fee, the
 * flat fee, collection costs, a court fee booked by the stage the daily run entered that day) — the
 * claim is settled and those fees are not owed. Returns one `fee-reduced` event per such fee, for
 * what is left of it (dated the payment day, to be appended BEFORE the payment is allocated under
 * § 367 BGB), or `[]`.
 *
 * Why: the engine's day order puts a day's value-dated payments before its escalation
 * (`dayOrder`), so a debtor who pays on the day of a step never bears its costs; a host that books
 * the day's bank statement *after* `runDue` must come to the same result, or the same payment would
 * settle a claim in one order and leave the step's costs open — and escalate for them alone — in the
 * other. Our reading of the law: costs of a step taken on the very day the debtor paid are not
 * damages the delay made necessary (§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB).
 *
 * Payments earlier the same day count towards settling (two transfers on one day); none of them
 * paid these fees, since a payment meets the claim as it stood at the end of the day before.
 *
 * @param state - the claim's state before the payment
 * @param payment - amount and day of the incoming payment
 * @param options - statement options, holiday state and letter delivery days (for the simple case the probe also applies)
 * @returns the `fee-reduced` events, or `[]` when no fee was charged that day or the payment does not settle the claim without them
 * @throws as {@link simpleCaseCorrection} for a payment `allocateIncomingPayment` would refuse
 */
export function paymentDayCostsWaiver(
  state: ClaimState,
  payment: { readonly amount: Money; readonly date: IsoDate },
  options: FeeCorrectionOptions = {},
): ClaimEventOf<'fee-reduced'>[] {
  const date = checkedPayment(state, payment);
  const cur = state.facts.currency;
  if (state.status === 'written-off' || state.status === 'time-barred') return [];
  const left: { fee: ClaimEventOf<'fee-charged'>; amount: Money }[] = [];
  for (const fee of state.fees) {
    if (fee.date !== date) continue;
    const amount = subtract(money(fee.amount, cur), feeReducedNet(state, fee.feeId, cur));
    if (isPositive(amount)) left.push({ fee, amount });
  }
  if (left.length === 0) return [];
  // No payment of the same day met these fees (a payment meets the claim as it stood at the end of the
  // day before, `openPartsForPayment`), so nothing of them was paid that would have to be credited back.
  const events = left.map(({ fee, amount }): ClaimEventOf<'fee-reduced'> => {
    return {
      type: 'fee-reduced',
      claimId: state.facts.id,
      date,
      feeId: fee.feeId,
      amount: toAmountString(amount),
      basis: paymentDayCostsBasis,
      items: [],
      reason: {
        rule: 'fee.payment-day',
        basis: paymentDayCostsBasis,
        text:
          `Paid on ${date}, the day the ${fee.kind} ${fee.feeId} was charged, and the payment settles everything else: ` +
          `a debtor who pays on the day of a step does not bear its costs (payments come before escalation in the order of a day). ${toAmountString(amount)} ${cur} dropped.`,
        inputs: { feeId: fee.feeId, kind: fee.kind, charged: fee.amount, dropped: toAmountString(amount), paymentDate: date, paymentAmount: toAmountString(payment.amount) },
      },
    };
  });
  return settlesWith(state, events, payment, options) ? events : [];
}

/** Legal basis of {@link letterNotSentCorrection} (its words live with the statement's, which word it in English). */
export const letterNotSentBasis = feeReductionBasis['letter-not-sent'];

/**
 * The creditor fee a stage charged for a letter that was never sent: when the message `messageId`
 * ended on `date` without going out — every channel of it (its channel and its fallback) failed,
 * was skipped or bounced before anything was handed over (`messageDeliveryState(...).handedOver`
 * false), or it was withdrawn from the outbox because the claim closed before it left (typically:
 * paid in full) — and the stage entry that queued it charged a creditor dunning fee
 * (`creditor-dunning-fee`: the material costs of that letter, §§ 280 Abs. 2, 286 BGB), that fee
 * drops. No letter went out, so no print, paper or postage was spent, and there is no damage to make
 * good (§ 249 Abs. 1 BGB); later letters must not demand it, and a debtor who paid it gets it back.
 *
 * Returns one `fee-reduced` event per such fee (rule `fee.letter-not-sent`, dated `date`, `items`
 * empty) for what is left of it, or `[]`. The stage entry is tied to the message by the ledger: a
 * decision's events are written together — its `stage-entered`, the fees it charges (after a
 * hand-over or court filing of the same stage), then its `message-queued` events, all of its day —
 * so the fees are those of that block.
 *
 * A stage entry that queued several messages: the fee is the material cost of a *letter*, so it
 * follows the entry's messages that may go out by letter (channel or fallback channel `letter`; an
 * entry with none — a fee on a stage that sends no letter — all its messages). An e-mail queued beside
 * the letter neither keeps the fee (it costs no print or postage) nor drops it. Of two letters, one
 * handed over keeps the fee (the material cost of a letter arose; the fee is at most that of one
 * letter, `guard.creditor-fee-actual-cost`), and it drops only when none of them went out — on the
 * day the last of them fails or is withdrawn (called for an earlier one, while another may still go
 * out, it returns `[]`; of a closed claim, whose messages are all withdrawn, the last withdrawal). It may be called for any message of the
 * entry (the e-mail's failure drops the fee of a letter that failed before it); a fee already dropped
 * is not dropped again.
 *
 * Nothing is dropped when one of those letters:
 * - has a `message-sent` event (it went out, even if it was reported bounced later: print and postage
 *   were spent);
 * - had an attempt with an unknown outcome (it may have been delivered), also when the provider
 *   reported it bounced or undelivered afterwards and the message then failed on its other channels:
 *   it was handed over — a letter printed, posted and returned — so its material costs arose;
 * - has not ended and may still go out (the claim is open).
 *
 * Nor when:
 * - the fee is of another kind: the § 288 Abs. 5 BGB flat fee is owed on default whatever is sent,
 *   collection costs and the court fee pay for work that is not the letter.
 *
 * The part of the fee that payments had already paid (§ 367 Abs. 1 BGB puts a payment on the costs
 * first: the fee less the costs open on `date`) is not kept: it is first credited to the principal
 * still open on `date` (`creditedToPrincipal`, § 366 Abs. 2 / § 367 BGB: the debt the debtor owes),
 * and what no principal takes — a claim paid in full — is moved to the paying payments' `unapplied`
 * parts (`movedToUnapplied`: the latest payment first, each at most its costs part still standing
 * after refunds and earlier moves). That money is held for the debtor as an overpayment
 * (`unappliedMoneyOf`; § 812 Abs. 1 S. 1 Alt. 1 BGB). The costs never turn negative.
 *
 * The host's dispatcher calls it when it records a message as failed for good and when it withdraws
 * a message of a closed claim (`simulate` delivers every message, so it never fails one).
 *
 * @param state - the claim's state with the message's delivery events folded in
 * @param messageId - the message that failed for good or was withdrawn
 * @param date - the business day of the failure or withdrawal
 * @param options - statement options (for the costs and principal open on `date`)
 * @returns the `fee-reduced` events, or `[]`
 */
export function letterNotSentCorrection(state: ClaimState, messageId: string, date: IsoDate, options: FeeCorrectionOptions = {}): ClaimEventOf<'fee-reduced'>[] {
  const day = parseIsoDate(date, 'date');
  const events = state.events;
  const at = events.findIndex((e) => e.type === 'message-queued' && e.messageId === messageId);
  if (at < 0) return [];
  const queued = events[at] as ClaimEventOf<'message-queued'>;
  // The stage entry that queued it: the last stage-entered before it, of its stage and day.
  let entry = -1;
  for (let i = at - 1; i >= 0; i--) {
    const e = events[i] as ClaimEvent;
    if (e.type !== 'stage-entered') continue;
    if (e.stage === queued.stage && e.date === queued.date) entry = i;
    break;
  }
  if (entry < 0) return [];
  const fees: ClaimEventOf<'fee-charged'>[] = [];
  const messages: { readonly message: ClaimEventOf<'message-queued'>; readonly index: number }[] = [];
  for (let i = entry + 1; i < events.length; i++) {
    const e = events[i] as ClaimEvent;
    if (e.date !== queued.date) break;
    if (e.type === 'fee-charged') fees.push(e);
    else if (e.type === 'message-queued') messages.push({ message: e, index: i });
    else if (e.type !== 'handed-over' && e.type !== 'court-dunning-filed') break;
  }
  if (!messages.some((m) => m.message.messageId === messageId)) return [];
  if (!fees.some((f) => f.kind === 'creditor-dunning-fee')) return [];
  // The fee is the material cost of the entry's letter: it follows the messages that may go by letter.
  const letters = entryLetters(messages);
  const closed = isTerminalStatus(state.status);
  for (const { message, index } of letters) {
    const delivery = messageDeliveryState(state, message.messageId, message, index);
    // Anything of it handed to a channel (sent, an attempt whose outcome was unknown): print and postage may have been spent.
    if (delivery.handedOver) return [];
    // Not handed over, and it may still go out: wait for it. Finished: it ended, or — the claim closed, so
    // nothing more goes out — it was withdrawn (a failure recorded on it); the message failing now is.
    if (message.messageId !== messageId && !delivery.ended && !(closed && delivery.failedOn.size > 0)) return [];
  }
  const creditorFees = fees.filter((f) => f.kind === 'creditor-dunning-fee');
  return dropFees(state, creditorFees, day, options, letterNotSentBasis, (fee, dropped, figures, held) =>
    saidReason(
      'fee.letter-not-sent',
      letterNotSentBasis,
      {
        feeId: fee.feeId,
        messageId: letters.map((l) => l.message.messageId).join(', '),
        stage: queued.stage,
        charged: fee.amount,
        dropped,
        openCostsBefore: toAmountString(figures.costs),
        failedOn: day,
        ...(held === null ? {} : { principalOpenBefore: toAmountString(figures.principal), movedToUnapplied: held }),
      },
      'letterNotSent',
      letters.length === 1 ? (letters[0] as (typeof letters)[number]).message.messageId : letters.map((l) => l.message.messageId),
      queued.stage,
      fee.feeId,
      dropped,
      state.facts.currency,
      held,
    ),
  );
}

/**
 * Where the part of a lowered or dropped fee that payments had already paid goes (§ 367 Abs. 1 BGB
 * put them on the costs first): to the principal open first (`creditedToPrincipal`; `principal.open`
 * is taken down), what no principal takes back to the paying payments' unapplied parts
 * (`movedToUnapplied`: the latest payment first, each at most its costs part; `payers` are taken
 * down), held for the debtor (§ 812 Abs. 1 S. 1 Alt. 1 BGB). The one rule of every fee reduction the
 * engine books with a paid part: rules fee.letter-not-sent and fee.before-default ({@link dropFees})
 * and fee.simple-case ({@link simpleCaseCorrection}) — so the principal never turns negative.
 * Costs are only ever paid by payments (their costs parts), so nothing is left over; were anything,
 * it stays with the principal (as before this rule moved anything) rather than vanish.
 */
function placePaidCosts(paid: Money, principal: { open: Money }, payers: readonly { readonly paymentId: string; costs: Money }[]): { toPrincipal: Money; moves: UnappliedMove[] } {
  const credited = minMoney(paid, principal.open);
  principal.open = subtract(principal.open, credited);
  let rest = subtract(paid, credited);
  const moves: UnappliedMove[] = [];
  for (const payer of payers) {
    if (!isPositive(rest)) break;
    const take = minMoney(rest, payer.costs);
    if (!isPositive(take)) continue;
    moves.push({ paymentId: payer.paymentId, amount: toAmountString(take) });
    payer.costs = subtract(payer.costs, take);
    rest = subtract(rest, take);
  }
  return { toPrincipal: isPositive(rest) ? add(credited, rest) : credited, moves };
}

/**
 * Drops what is left of each of `fees` on `day` (one `fee-reduced` each, `items` empty, with `basis`
 * and the reason `reasonOf` gives): the open costs take it first; the part payments had already paid
 * is credited to the principal open on `day` (`creditedToPrincipal`) and what no principal takes goes
 * back to the paying payments' unapplied parts (`movedToUnapplied`, the latest payment first) — so the
 * costs never turn negative. The one way a fee is dropped ({@link letterNotSentCorrection},
 * {@link feesBeforeDefaultCorrection}). A fee already dropped in full is passed by.
 */
function dropFees(
  state: ClaimState,
  fees: readonly ClaimEventOf<'fee-charged'>[],
  day: IsoDate,
  options: FeeCorrectionOptions,
  basis: string,
  reasonOf: (fee: ClaimEventOf<'fee-charged'>, dropped: string, figures: { readonly costs: Money; readonly principal: Money }, held: string | null) => Reason,
): ClaimEventOf<'fee-reduced'>[] {
  if (fees.length === 0) return [];
  const cur = state.facts.currency;
  // The costs and principal open on the day (payments of the day included): a dropped fee takes away
  // the open costs first; what of it was paid goes to the open principal, then back to the payments.
  const figures = figuresAsOf(state, day, options.statement ?? {});
  const openCosts = figures.costs;
  let open = isPositive(openCosts) ? openCosts : zero(cur);
  const principal = { open: isPositive(figures.principal) ? figures.principal : zero(cur) };
  const payers = paymentsLatestFirst(state, day);
  const out: ClaimEventOf<'fee-reduced'>[] = [];
  for (const fee of fees) {
    const left = subtract(money(fee.amount, cur), feeReducedNet(state, fee.feeId, cur));
    if (!isPositive(left)) continue;
    // The part of the fee paid: what is left of it beyond the costs still open.
    const over = subtract(left, open);
    const paid = isPositive(over) ? over : zero(cur);
    open = isPositive(over) ? zero(cur) : subtract(open, left);
    const { toPrincipal, moves } = placePaidCosts(paid, principal, payers);
    const dropped = toAmountString(left);
    const held = moves.length === 0 ? null : toAmountString(sum(moves.map((m) => money(m.amount, cur)), cur));
    out.push({
      type: 'fee-reduced',
      claimId: state.facts.id,
      date: day,
      feeId: fee.feeId,
      amount: dropped,
      basis,
      items: [],
      ...(isPositive(toPrincipal) ? { creditedToPrincipal: toAmountString(toPrincipal) } : {}),
      ...(moves.length === 0 ? {} : { movedToUnapplied: moves }),
      reason: reasonOf(fee, dropped, { costs: openCosts, principal: figures.principal }, held),
    });
  }
  return out;
}

/** The fee kinds that are damages of delay (§§ 280 Abs. 2, 286 BGB; § 288 Abs. 5 BGB): owed only in default. */
const delayDamages: ReadonlySet<string> = new Set(['creditor-dunning-fee', 'collection-costs', 'flat-fee']);

/** Legal basis of {@link feesBeforeDefaultCorrection}. @internal */
export const feeBeforeDefaultBasis = feeReductionBasis['before-default'];

/**
 * The fees charged while the ledger showed the debtor in default from a dunning notice that — as the
 * provider reported later — never reached them (§ 130 Abs. 1 S. 1 BGB), dated before the first day of
 * default as the ledger shows it now (`firstDayOfDefault`; `null`: not in default on any known route).
 * Damages for delay — the creditor's dunning fees, collection costs (§§ 280 Abs. 1, 2, 286 BGB) and the
 * flat fee of § 288 Abs. 5 BGB — arise only in default; a fee charged before it is not owed, and the
 * fee of the very Mahnung that puts the debtor in default is not a damage of its delay. Each drops on
 * `date` (the day the default was taken back) by what is left of it, one `fee-reduced` each (rule
 * `fee.before-default`, `items` empty), paid parts credited to the principal or held for the debtor as
 * for a letter never sent. The court fee (`court-fee`) is not a damage of delay and stays. `[]` when no
 * such fee is left.
 *
 * The daily decision calls it right after it took the default back (`default-withdrawn`), with the
 * default the ledger shows then (`defaultFromLedger`).
 *
 * @internal
 * @param state - the claim's state with the `default-withdrawn` (and a new `default-began`) folded in
 * @param firstDayOfDefault - the first day of default as the ledger shows it now, or `null`
 * @param previous - the first day of default taken back
 * @param date - the day of the correction
 * @param options - statement options
 */
export function feesBeforeDefaultCorrection(state: ClaimState, firstDayOfDefault: IsoDate | null, previous: IsoDate, date: IsoDate, options: FeeCorrectionOptions = {}): ClaimEventOf<'fee-reduced'>[] {
  const fees = state.fees.filter((f) => delayDamages.has(f.kind) && f.date >= previous && (firstDayOfDefault === null || f.date < firstDayOfDefault));
  const cur = state.facts.currency;
  return dropFees(state, fees, date, options, feeBeforeDefaultBasis, (fee, dropped, figures, held) =>
    saidReason(
      'fee.before-default',
      feeBeforeDefaultBasis,
      {
        feeId: fee.feeId,
        kind: fee.kind,
        charged: fee.amount,
        chargedOn: fee.date,
        defaultTakenBack: previous,
        firstDayOfDefault,
        dropped,
        openCostsBefore: toAmountString(figures.costs),
        ...(held === null ? {} : { principalOpenBefore: toAmountString(figures.principal), movedToUnapplied: held }),
      },
      'feeBeforeDefault',
      fee.feeId,
      fee.kind,
      fee.date,
      firstDayOfDefault,
      dropped,
      cur,
      held,
    ),
  );
}

/**
 * The interest payments had paid for days a withdrawn default took back, re-allocated under § 367
 * Abs. 1 BGB — the `interestReallocated` of the `default-withdrawn` event, one entry per payment that
 * paid such interest, or `[]`.
 *
 * A payment is applied to what is owed on its day: costs, then interest, then principal (§ 367 Abs. 1
 * BGB), against the claim as it stood at the end of the day before. Its interest part was what the
 * ledger then showed owed, counted from the first day of default that is now taken back; a Mahnung that
 * did not reach the debtor put them in default on no day (§ 286 Abs. 1 with § 130 Abs. 1 S. 1 BGB), so
 * interest for days before the first day of default as the ledger now shows it (`firstDayOfDefault`;
 * `null`: none) was never owed, and the payment paid the next part in line — the principal. So, for each
 * payment received on or before `date` (by value date, then ledger order), its interest part still
 * standing (`everyPaymentPartsLeft`: after refunds and earlier re-allocations) keeps what the interest
 * owed on the ledger as it now stands was at the end of the day before it — interest from
 * `firstDayOfDefault` to that day (`interestAccruedOn`), less what earlier payments keep of theirs — and
 * the rest is taken off. Its costs part stays: the payment met the costs first, and a fee that is not
 * owed either drops by its own rule (`fee.before-default`). What is taken off is credited to the
 * principal still open on `date` (the earliest payment first), from `date` on — as a paid part of a
 * dropped fee is (`fee-reduced.creditedToPrincipal`) — and what no principal takes (the claim was paid in
 * full) is held for the debtor in the payment's unapplied part (§ 812 Abs. 1 S. 1 Alt. 1 BGB). The
 * statement's interest then never shows less than zero: interest paid is at most the interest owed.
 *
 * The principal between a payment and `date` still bears the interest it bore as booked (the credit
 * counts from `date`, as every correction the ledger appends does; the trail is append-only): on 1.20
 * EUR over a week at 7.27 % that is 1.20 × 0.0727 × 7 / 365 = 0.0017 EUR.
 *
 * The daily decision calls it when it takes a default back, on the state with the `default-withdrawn`
 * (without this field) folded in, with the first day of default the ledger shows then
 * (`defaultFromLedger`), and writes the result into that event.
 *
 * @internal
 * @param state - the claim's state with the default taken back
 * @param firstDayOfDefault - the first day of default as the ledger shows it now, or `null`
 * @param date - the day of the withdrawal
 * @param options - statement options
 */
export function interestReallocation(state: ClaimState, firstDayOfDefault: IsoDate | null, date: IsoDate, options: FeeCorrectionOptions = {}): InterestReallocation[] {
  const cur = state.facts.currency;
  const stOpts = options.statement ?? {};
  const partsLeft = everyPaymentPartsLeft(state);
  const payments = state.payments
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => p.date <= date)
    .sort((a, b) => (a.p.date < b.p.date ? -1 : a.p.date > b.p.date ? 1 : a.index - b.index));
  const out: InterestReallocation[] = [];
  let principalOpen: Money | undefined;
  let kept = zero(cur);
  for (const { p } of payments) {
    const left = partsLeft.get(p.paymentId);
    if (left === undefined) continue;
    const paid = money(left.interest, cur);
    if (!isPositive(paid)) continue;
    // The interest owed on the ledger as it now stands at the end of the day before the payment, less what earlier payments keep.
    const dayBefore = addDays(p.date, -1);
    const accrued = firstDayOfDefault === null || firstDayOfDefault > dayBefore ? zero(cur) : interestAccruedOn(state, firstDayOfDefault, dayBefore, stOpts);
    const owed = subtract(accrued, kept);
    const keeps = isPositive(owed) ? minMoney(paid, owed) : zero(cur);
    kept = add(kept, keeps);
    const taken = subtract(paid, keeps);
    if (!isPositive(taken)) continue;
    if (principalOpen === undefined) {
      const open = figuresAsOf(state, date, stOpts).principal;
      principalOpen = isPositive(open) ? open : zero(cur);
    }
    const credited = minMoney(taken, principalOpen);
    principalOpen = subtract(principalOpen, credited);
    out.push({ paymentId: p.paymentId, interest: toAmountString(taken), principal: toAmountString(credited), unapplied: toAmountString(subtract(taken, credited)) });
  }
  return out;
}

/**
 * The messages of a stage entry whose creditor fee {@link letterNotSentCorrection} ties to them: those
 * that may go out by letter (channel or fallback channel `letter`, the channel whose material cost the
 * fee is), in ledger order; none such (a fee on a stage that sends no letter, which `policyWarnings`
 * flags as `guard.creditor-fee-without-letter`): all of the entry's messages.
 */
function entryLetters<M extends { readonly message: Pick<ClaimEventOf<'message-queued'>, 'channel' | 'fallbackChannel'> }>(messages: readonly M[]): readonly M[] {
  const letters = messages.filter((m) => m.message.channel === letterChannel || m.message.fallbackChannel === letterChannel);
  return letters.length === 0 ? messages : letters;
}

/** The channel a letter goes by (the name `receiptDay` and `policyWarnings` read as a letter). */
const letterChannel = 'letter';

/**
 * The payments received on or before `day`, the latest first (by value date, then ledger order),
 * each with its costs part still standing (`paymentPartsLeft`: after refunds, chargebacks and
 * earlier moves to its unapplied part) — what {@link letterNotSentCorrection} moves a paid fee back from.
 */
function paymentsLatestFirst(state: ClaimState, day: IsoDate): { readonly paymentId: string; costs: Money }[] {
  const cur = state.facts.currency;
  const out: { paymentId: string; date: IsoDate; index: number; costs: Money }[] = [];
  state.payments.forEach((p, index) => {
    if (p.date > day) return;
    const left = paymentPartsLeft(state, p.paymentId);
    if (left === null) return;
    out.push({ paymentId: p.paymentId, date: p.date, index, costs: money(left.costs, cur) });
  });
  return out.sort((a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : b.index - a.index));
}

/**
 * Books an incoming payment: validates it, drops the fees charged on the payment day where the
 * payment settles everything else ({@link paymentDayCostsWaiver}), corrects the collection costs
 * where the payment makes the case simple ({@link simpleCaseCorrection}), then allocates it under
 * § 367 BGB (`allocateIncomingPayment`) against the corrected claim.
 *
 * @param state - the claim's state before the payment
 * @param payment - payment id, amount and day of receipt
 * @param options - statement options and the holiday state for § 193 BGB
 * @returns the events to append, in order: the `fee-reduced` events if any (payment-day fees, then the simple case), then `payment-received`
 * @throws as `allocateIncomingPayment` for a payment it refuses (before anything is computed)
 */
export function bookIncomingPayment(state: ClaimState, payment: IncomingPayment, options: FeeCorrectionOptions = {}): ClaimEvent[] {
  const stOpts = options.statement ?? {};
  // Validation first: the same errors, naming the same fields, as a plain allocation.
  const plain = allocateIncomingPayment(state, payment, stOpts);
  const waived = paymentDayCostsWaiver(state, payment, options);
  const base = waived.length === 0 ? state : evolveAll(state, waived);
  const correction = simpleCaseCorrection(base, payment, options);
  if (waived.length === 0 && correction === null) return [plain];
  const corrections = correction === null ? waived : [...waived, correction];
  // The allocation against the corrected claim (the reductions are dated the payment day, the
  // allocation reads the day before): on `state` with the reductions, not on a state made of them.
  return [...corrections, allocateIncomingPaymentAfter(state, corrections, payment, stOpts)];
}

/**
 * The least amount that settles a claim on `date` — its total as of the end of the day before,
 * less the simple-case reduction a payment of that total would bring about
 * ({@link simpleCaseCorrection}). What a debtor "paying in full" on `date` pays.
 *
 * @param state - the claim's state
 * @param date - the payment day
 * @param total - the claim's total as of the end of the day before
 * @param options - statement options and the holiday state for § 193 BGB
 * @returns `total`, or `total` less the reduction when paying it would make the case simple
 */
export function amountToSettle(state: ClaimState, date: IsoDate, total: Money, options: FeeCorrectionOptions = {}): Money {
  if (!isPositive(total)) return total;
  const reduction = simpleCaseReduction(state, total, date, options);
  if (reduction === null) return total;
  const lowered = subtract(total, reduction);
  // Nothing left once lowered (costs paid before exceed the simple-case costs): pay the total, the
  // reduction is booked with it and the surplus is unapplied.
  return isPositive(lowered) ? lowered : total;
}

/** The part of a fee that payments had paid and reductions moved (`creditedToPrincipal`, `movedToUnapplied` by payment), less what reinstatements moved back. */
interface PaidPartMoved {
  credited: Money;
  readonly moved: Map<string, Money>;
}

/** A fee reduction with what of it no reinstatement has put back yet: its amount, its credit to the principal and its moves to payments' unapplied parts. */
interface ReductionLeft extends PaidPartMoved {
  readonly event: ClaimEventOf<'fee-reduced'>;
  amount: Money;
}

/**
 * Takes what the reinstatement `rei` put back off the reductions it put back (`list`, of its fee and rule,
 * in ledger order): its amount, its `backFromPrincipal` and each `backFromUnapplied` off the earliest
 * reductions that still have some, in ledger order — a reinstatement puts back what is standing, and a
 * reduction is standing until one has put it back in full.
 */
function putBackEarliestFirst(list: readonly ReductionLeft[], rei: ClaimEventOf<'fee-reinstated'>, cur: string): void {
  const takeOff = (rest: Money, left: (x: ReductionLeft) => Money, set: (x: ReductionLeft, m: Money) => void): void => {
    for (const x of list) {
      if (!isPositive(rest)) return;
      const take = minMoney(rest, left(x));
      if (!isPositive(take)) continue;
      set(x, subtract(left(x), take));
      rest = subtract(rest, take);
    }
  };
  takeOff(money(rei.amount, cur), (x) => x.amount, (x, m) => (x.amount = m));
  if (rei.backFromPrincipal !== undefined) takeOff(money(rei.backFromPrincipal, cur), (x) => x.credited, (x, m) => (x.credited = m));
  for (const mv of rei.backFromUnapplied ?? []) {
    takeOff(money(mv.amount, cur), (x) => x.moved.get(mv.paymentId) ?? zero(cur), (x, m) => x.moved.set(mv.paymentId, m));
  }
}

/** The reduction rules whose reason is a payment that settled the claim, and the basis a reinstatement of each is booked with. */
const settledByPayment: ReadonlyMap<string, keyof typeof feeReinstatementBasis> = new Map([
  ['fee.payment-day', 'payment-day'],
  ['fee.simple-case', 'simple-case'],
]);

/**
 * The fee reductions a refund or chargeback takes the reason of, put back (`fee-reinstated`, rule
 * `fee.reinstated`, dated the reversal's day). Two reductions rest on a payment that settled the claim:
 * - `fee.payment-day` ({@link paymentDayCostsWaiver}): a fee charged on the day of a payment that settled
 *   everything else dropped — a debtor who pays on the day of a step does not bear its costs;
 * - `fee.simple-case` ({@link simpleCaseCorrection}): collection costs lowered to the 0.5 fee because the
 *   claim was settled within two weeks of the agency's first demand (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG).
 *
 * A payment taken back did not fulfil (§ 362 Abs. 1 BGB): the claim was not paid on that day, the step
 * was necessary and its costs are damages of the delay (§§ 280 Abs. 2, 286 BGB), and a claim not paid
 * within the two weeks was not a simple case. So when the reversal makes something owed again (it takes
 * back more than the payment's unapplied part) and the payment was received on or before the day of
 * such a reduction — it was one of the payments whose sum settled the claim on that day — what those
 * reductions took off the fee and no reinstatement has put back yet comes back, one event per fee and
 * rule. A reinstatement puts back the earliest reductions of its rule first: a lowering put back in full
 * before the claim was settled again is not counted against the next one, which comes back when the
 * payment it rests on is taken back in turn. Where a later payment settles the claim again within the
 * two weeks, the simple case applies again (the fee is no longer lowered); a fee put back is dropped
 * again by the same rule when a payment settles the claim on a day it is charged.
 *
 * Not put back: a fee dropped because its letter was never sent (`fee.letter-not-sent`: no material
 * costs arose, whatever became of a payment) or because it was charged before default
 * (`fee.before-default`: the debtor was not in default when it was charged) — their reasons are facts of
 * the letter and the default, which a refund or chargeback does not change. Nor a reversal that only
 * returns what a payment left unapplied (an overpayment): the payment still settled the claim.
 *
 * A part of a lowered fee that earlier payments had paid (§ 367 Abs. 1 BGB put them on the costs first)
 * went, with the reduction, to the principal (`creditedToPrincipal`) or to the paying payments' unapplied
 * parts (`movedToUnapplied`). The reinstatement undoes exactly that move on its day — the payments' money
 * pays the fee again: what the reductions put back credited to the principal and no earlier reinstatement
 * took back is taken back from the principal (`backFromPrincipal`: the principal is owed again by it), and
 * what they moved to a payment's unapplied part and no earlier reinstatement moved back is moved back to
 * its costs part (`backFromUnapplied`), at most what that payment still holds — a refund of the held money,
 * or the reversal of that payment itself (which returns its unapplied part first), took the rest, which is
 * then owed as costs. Together at most the amount put back, the moves back first, then the credit (the
 * reverse of the order the reduction placed them in). Interest is not backdated: fees bear no default
 * interest here, and the principal owed again — a reversal's principal part (`reverseIncomingPayment`)
 * and the credit taken back — bears interest from the reversal's day, as the fee is owed again from then.
 *
 * @internal
 * @param state - the claim's state with the `payment-reversed` (and a `reopened`) folded in
 * @param reversal - the `payment-reversed` event
 * @returns the `fee-reinstated` events, or `[]`
 */
export function feeReinstatements(state: ClaimState, reversal: ClaimEventOf<'payment-reversed'>): ClaimEventOf<'fee-reinstated'>[] {
  if (state.feeReductions.length === 0) return [];
  const cur = state.facts.currency;
  // Only the unapplied part taken back (a refund of an overpayment): the payment still settled the claim.
  if (!isPositive(subtract(money(reversal.amount, cur), money(reversal.allocation.unapplied, cur)))) return [];
  const payment = state.payments.find((p) => p.paymentId === reversal.paymentId);
  if (payment === undefined) return [];
  const out: ClaimEventOf<'fee-reinstated'>[] = [];
  // What each payment still holds (its unapplied part, the reversal folded in): at most that moves back to its costs.
  let held: Map<string, Money> | undefined;
  const heldBy = (paymentId: string): Money => {
    held ??= new Map([...everyPaymentPartsLeft(state)].map(([id, parts]) => [id, money(parts.unapplied, cur)]));
    return held.get(paymentId) ?? zero(cur);
  };
  for (const fee of state.fees) {
    // What is still taken off the fee (reductions less reinstatements): at most that comes back.
    let standing = feeReducedNet(state, fee.feeId, cur);
    if (!isPositive(standing)) continue;
    // The reductions of a rule that rests on a settling payment, by rule in ledger order, each with what is
    // left of it after the reinstatements of that rule — which put back the earliest first (a lowering put
    // back in full before the claim was settled again is not counted against the next one).
    const byRule = new Map<string, ReductionLeft[]>();
    for (const r of state.feeReductions) {
      if (r.feeId !== fee.feeId) continue;
      const rule = r.reason?.rule;
      if (rule === undefined || !settledByPayment.has(rule)) continue;
      const moved = new Map<string, Money>();
      for (const m of r.movedToUnapplied ?? []) moved.set(m.paymentId, add(moved.get(m.paymentId) ?? zero(cur), money(m.amount, cur)));
      const list = byRule.get(rule) ?? [];
      list.push({ event: r, amount: money(r.amount, cur), credited: money(r.creditedToPrincipal ?? '0', cur), moved });
      byRule.set(rule, list);
    }
    for (const [rule, list] of byRule) {
      const basis = feeReinstatementBasis[settledByPayment.get(rule) as keyof typeof feeReinstatementBasis];
      for (const r of state.feeReinstatements) if (r.feeId === fee.feeId && r.basis === basis) putBackEarliestFirst(list, r, cur);
      // Those received on or after the payment's day (it was one of the payments whose sum settled the claim), not yet put back.
      const due = list.filter((x) => x.event.date >= payment.date && isPositive(x.amount));
      if (due.length === 0) continue;
      const last = (due[due.length - 1] as ReductionLeft).event;
      let back = sum(due.map((x) => x.amount), cur);
      const paid: PaidPartMoved = { credited: sum(due.map((x) => x.credited), cur), moved: new Map() };
      for (const x of due) for (const [id, m] of x.moved) paid.moved.set(id, add(paid.moved.get(id) ?? zero(cur), m));
      back = minMoney(back, standing);
      if (!isPositive(back)) continue;
      standing = subtract(standing, back);
      const reinstated = toAmountString(back);
      // The paid part moved back, at most the amount put back: from the payments' unapplied parts (each at
      // most what it still holds, in the order the reductions named them), then from the principal credit.
      let room = back;
      const backFromUnapplied: UnappliedMove[] = [];
      for (const [paymentId, moved] of paid.moved) {
        const take = minMoney(minMoney(moved, heldBy(paymentId)), room);
        if (!isPositive(take)) continue;
        backFromUnapplied.push({ paymentId, amount: toAmountString(take) });
        (held as Map<string, Money>).set(paymentId, subtract(heldBy(paymentId), take));
        room = subtract(room, take);
      }
      const fromPrincipal = minMoney(paid.credited, room);
      // The paid part moved back, for the reason's words and inputs (only what is above zero, as on the event).
      const backFromPrincipal = isPositive(fromPrincipal) ? toAmountString(fromPrincipal) : null;
      const backFromHeld = backFromUnapplied.length === 0 ? null : toAmountString(sum(backFromUnapplied.map((m) => money(m.amount, cur)), cur));
      // Without moves the call is the one written before they existed (two arguments fewer).
      const moves: [] | [string | null, string | null] = backFromPrincipal === null && backFromHeld === null ? [] : [backFromPrincipal, backFromHeld];
      out.push({
        type: 'fee-reinstated',
        claimId: state.facts.id,
        // The reversal's day; never before the reduction it puts back (a ledger not booked in date order
        // may date a reversal before it — the commands refuse that: no command before the last money event).
        date: last.date > reversal.date ? last.date : reversal.date,
        feeId: fee.feeId,
        amount: reinstated,
        basis,
        reversalId: reversal.reversalId,
        ...(backFromPrincipal === null ? {} : { backFromPrincipal }),
        ...(backFromUnapplied.length === 0 ? {} : { backFromUnapplied }),
        reason: saidReason(
          'fee.reinstated',
          basis,
          {
            feeId: fee.feeId,
            kind: fee.kind,
            charged: fee.amount,
            chargedOn: fee.date,
            reducedBy: rule,
            reducedOn: last.date,
            paymentId: payment.paymentId,
            paymentDate: payment.date,
            reversalId: reversal.reversalId,
            reversalKind: reversal.kind,
            reinstated,
            ...(backFromPrincipal === null ? {} : { backFromPrincipal }),
            ...(backFromHeld === null ? {} : { backFromUnapplied: backFromHeld }),
          },
          'feeReinstated',
          fee.kind,
          fee.feeId,
          rule,
          last.date,
          payment.paymentId,
          reversal.kind,
          reinstated,
          cur,
          ...moves,
        ),
      });
    }
  }
  return out;
}

/**
 * Books a refund or chargeback of a recorded payment — the one way the engine does (the host's
 * `reversePayment`, `decideCommand`'s `reverse-payment`, and so `simulate`): takes the payment back
 * (`reverseIncomingPayment`: its allocation undone from the tail, a settled claim reopened), then puts
 * back the fee reductions whose reason was that payment (`feeReinstatements`, rule `fee.reinstated`: a fee dropped on the
 * day the payment settled the claim, collection costs lowered for a simple case), dated the reversal's day.
 *
 * @param state - the claim's state before the reversal
 * @param reversal - reversal id, payment id, kind, amount, value date and, when later, the day it is booked (`bookedOn`, kept on the event)
 * @returns the events to append, in order: `payment-reversed`, `reopened` if the claim was settled and is owed again, then the `fee-reinstated` events if any
 * @throws as `reverseIncomingPayment` (before anything is computed)
 */
export function bookPaymentReversal(state: ClaimState, reversal: IncomingReversal): ClaimEvent[] {
  const events = reverseIncomingPayment(state, reversal);
  if (state.feeReductions.length === 0) return events;
  const reversed = events[0] as ClaimEventOf<'payment-reversed'>;
  const reinstated = feeReinstatements(evolveAll(state, events), reversed);
  return reinstated.length === 0 ? events : [...events, ...reinstated];
}
