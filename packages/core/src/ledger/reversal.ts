import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { CurrencyMismatchError, MoneyError, PaymentNotFoundError, ValidationError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import { add, isFinal, isPositive, minMoney, money, negate, subtract, sum, toAmountString, type Money } from '../money/money.js';
import type { AllocationParts, ClaimEvent, ClaimEventOf, PaymentReversalKind } from './events.js';
import type { ClaimState } from './state.js';
import { bookInterestReallocation, interestReallocationsOf } from './interest-reallocation.js';
import { saidReason } from './reason-texts.js';

/** A refund or chargeback of a payment already recorded, as it comes in. */
export interface IncomingReversal {
  /** The provider's (or bank's) id of the refund or chargeback; unique within the claim. */
  readonly reversalId: string;
  /** The payment it takes money back from (its `paymentId`). */
  readonly paymentId: string;
  /** `refund` or `chargeback`. */
  readonly kind: PaymentReversalKind;
  /** How much is taken back, above zero, at most what is left of the payment after earlier reversals. */
  readonly amount: Money;
  /** The value date: the day the money left the creditor's account. */
  readonly date: IsoDate;
  /**
   * The business day the reversal is booked (recorded in the ledger), when after its value date `date`:
   * a bank may value-date a chargeback back (a SEPA return can carry the original settlement date), so
   * the engine learns of it only on this day. Not before `date`. Kept on the event (`bookedOn`) when
   * after `date`; the engine's `reverse-payment` command sets it to its business day. Leave it out
   * when the reversal is booked on its value date.
   */
  readonly bookedOn?: IsoDate;
}

const PARTS = ['unapplied', 'principal', 'interest', 'costs'] as const;

/**
 * What is left of a payment's allocation after the reversals already recorded against it, part by
 * part, with what fee reductions moved from its costs part to its unapplied part
 * (`fee-reduced.movedToUnapplied`) and reinstatements moved back (`fee-reinstated.backFromUnapplied`). The rule is `everyPaymentPartsLeft`'s (internal), for one payment.
 *
 * @param state - the projected claim
 * @param paymentId - the payment
 * @returns the parts still standing, or `null` for an unknown payment
 */
export function paymentPartsLeft(state: ClaimState, paymentId: string): AllocationParts | null {
  return everyPaymentPartsLeft(state).get(paymentId) ?? null;
}

/**
 * What is left of every payment's allocation after the reversals recorded against it, part by part,
 * in one pass over the payments and one over the reversals — the one place of the rule: a payment's
 * parts are its `allocation` less the `allocation` of each `payment-reversed` event naming it, in the
 * order they were recorded, and with what fee reductions moved from its costs part to its unapplied
 * part (`fee-reduced.movedToUnapplied`) and reinstatements moved back (`fee-reinstated.backFromUnapplied`). A payment nothing names keeps its allocation as booked. When two
 * payments carry the same id (a ledger not written through `recordPayment`, which refuses that), the
 * first one is the payment the id names, as `state.payments.find` would pick it.
 *
 * @internal
 * @param state - the projected claim
 * @returns the parts left of each payment, keyed by `paymentId`
 */
export function everyPaymentPartsLeft(state: ClaimState): ReadonlyMap<string, AllocationParts> {
  const cur = state.facts.currency;
  const left = new Map<string, Record<(typeof PARTS)[number], string>>();
  for (const p of state.payments) if (!left.has(p.paymentId)) left.set(p.paymentId, { ...p.allocation });
  for (const r of state.reversals) {
    const parts = left.get(r.paymentId);
    if (parts === undefined) continue;
    for (const part of PARTS) parts[part] = toAmountString(subtract(money(parts[part], cur), money(r.allocation[part], cur)));
  }
  // What a fee reduction moved from a payment's costs part to its unapplied part (`fee-reduced.movedToUnapplied`),
  // and what a reinstatement moved back from the unapplied part to the costs part (`fee-reinstated.backFromUnapplied`).
  for (const red of state.feeReductions) moveCostsToUnapplied(left, red.movedToUnapplied, cur, 1);
  for (const rei of state.feeReinstatements) moveCostsToUnapplied(left, rei.backFromUnapplied, cur, -1);
  // What a withdrawn default re-allocated of a payment's interest part (`default-withdrawn.interestReallocated`):
  // off its interest part, onto its principal and unapplied parts.
  for (const w of interestReallocationsOf(state)) {
    bookInterestReallocation(w, (part, _sign, text, move) => {
      const parts = left.get(move.paymentId);
      if (parts === undefined) return;
      // The claim's open interest rising is the payment's interest part falling; the claim's principal
      // falling is the payment's principal part rising; what is held for the debtor is its unapplied part.
      const was = money(parts[part], cur);
      parts[part] = toAmountString(part === 'interest' ? subtract(was, money(text, cur)) : add(was, money(text, cur)));
    });
  }
  return left;
}

/** Moves each `amount` from a payment's costs part to its unapplied part (`direction` 1) or back (-1); a payment not in `left` is passed over. */
function moveCostsToUnapplied(
  left: Map<string, Record<(typeof PARTS)[number], string>>,
  moves: readonly { readonly paymentId: string; readonly amount: string }[] | undefined,
  cur: string,
  direction: 1 | -1,
): void {
  if (moves === undefined) return;
  for (const m of moves) {
    const parts = left.get(m.paymentId);
    if (parts === undefined) continue;
    const moved = direction === 1 ? money(m.amount, cur) : negate(money(m.amount, cur));
    parts.costs = toAmountString(subtract(money(parts.costs, cur), moved));
    parts.unapplied = toAmountString(add(money(parts.unapplied, cur), moved));
  }
}

/**
 * Takes back part or all of a recorded payment (a refund or a chargeback) — the reversal itself.
 * Nothing is written; the result is the events to append. The engine books a reversal with
 * `bookPaymentReversal` (the host's `reversePayment`, `decideCommand`), which calls this and then puts
 * back the fees a reduction had dropped or lowered because this payment settled the claim
 * (`fee-reinstated`); a driver of its own should do the same.
 *
 * The amount undoes the payment's allocation from its tail: first what the payment left unapplied
 * (an overpayment is what a refund returns first), then its principal part, its interest part and
 * its costs part. So what the creditor keeps of the payment stays allocated in the order of
 * § 367 Abs. 1 BGB (costs, interest, principal), as if only that much had been paid. The undone
 * parts are owed again from `date` on (the principal bears default interest again from then).
 *
 * A settled claim that is owed something again is reopened: a `reopened` event follows the
 * `payment-reversed` event. A claim written off or time-barred keeps its status.
 *
 * A reversal booked after its value date (`bookedOn`) keeps that day on the event: the parts are owed
 * again from the value date all the same (the creditor did not have the money from then), but what
 * the engine decides from the reversal — an installment it leaves unpaid ({@link reversalBookedOn}) —
 * is not dated before the day it was booked.
 *
 * @param state - the projected claim
 * @param reversal - reversal id, payment id, kind, amount, value date and, when later, the day it is booked
 * @returns `payment-reversed`, and `reopened` when the claim was settled and is now owed again
 * @throws PaymentNotFoundError (`payment_not_found`, retryable) when the payment is not recorded
 *   (yet): a refund or chargeback delivered before its payment can be retried once the payment is in
 * @throws ValidationError naming `reversalId` (empty or already recorded), `amount` (zero or less,
 *   or more than is left of the payment), `date` (before the payment's day) or `bookedOn` (before `date`)
 * @throws MoneyError / CurrencyMismatchError naming `amount`
 */
export function reverseIncomingPayment(state: ClaimState, reversal: IncomingReversal): ClaimEvent[] {
  if (typeof reversal !== 'object' || reversal === null) {
    throw new ValidationError('reversal: expected { reversalId, paymentId, kind, amount, date }.', { field: 'reversal' });
  }
  const { reversalId, paymentId, kind, amount } = reversal;
  const claimId = state.facts.id;
  if (typeof reversalId !== 'string' || reversalId.trim() === '') {
    throw new ValidationError('reversalId: every refund or chargeback needs a non-empty id (e.g. the provider\'s refund or dispute id).', { field: 'reversalId' });
  }
  if (state.reversals.some((r) => r.reversalId === reversalId)) {
    throw new ValidationError(`reversalId: "${reversalId}" is already recorded for claim "${claimId}"; record each refund or chargeback once.`, {
      field: 'reversalId',
    });
  }
  if (kind !== 'refund' && kind !== 'chargeback') {
    throw new ValidationError(`kind: expected 'refund' or 'chargeback', got ${JSON.stringify(kind)}.`, { field: 'kind' });
  }
  const payment = state.payments.find((p) => p.paymentId === paymentId);
  const left = paymentPartsLeft(state, paymentId);
  if (payment === undefined || left === null) {
    throw new PaymentNotFoundError(
      `paymentId: claim "${claimId}" has no payment "${String(paymentId)}"; a ${kind} can only take back a recorded payment — record the payment first (a ${kind} delivered before its payment succeeds when retried after it).`,
      { field: 'paymentId', retryable: true },
    );
  }
  const cur = state.facts.currency;
  if (typeof amount !== 'object' || amount === null || !Dec.isDecimal(amount.amount)) {
    throw new ValidationError("amount: expected an amount made with money('100.00', 'EUR').", { field: 'amount' });
  }
  if (amount.currency !== cur) {
    throw new CurrencyMismatchError(`amount: the ${kind} is in ${amount.currency}, but claim "${claimId}" is in ${cur}.`, { field: 'amount' });
  }
  if (!isPositive(amount)) throw new ValidationError(`amount: ${amount.amount.toString()} ${cur} is not above zero.`, { field: 'amount' });
  if (!isFinal(amount)) throw new MoneyError(`amount: ${amount.amount.toString()} has more decimals than ${cur} has.`, { field: 'amount' });
  const remaining = sum(
    PARTS.map((p) => money(left[p], cur)),
    cur,
  );
  if (amount.amount.greaterThan(remaining.amount)) {
    throw new ValidationError(
      `amount: ${toAmountString(amount)} ${cur} is more than the ${toAmountString(remaining)} ${cur} left of payment "${paymentId}" on claim "${claimId}"; a ${kind} takes back at most what was paid.`,
      { field: 'amount' },
    );
  }
  const date = parseIsoDate(reversal.date, 'date');
  if (date < payment.date) {
    throw new ValidationError(`date: ${date} is before payment "${paymentId}" was received (${payment.date}); give the day the money left the account.`, {
      field: 'date',
    });
  }
  const bookedOn = reversal.bookedOn === undefined ? date : parseIsoDate(reversal.bookedOn, 'bookedOn');
  if (bookedOn < date) {
    throw new ValidationError(`bookedOn: ${bookedOn} is before the ${kind}'s value date ${date}; a reversal is booked on or after the day the money left the account.`, {
      field: 'bookedOn',
    });
  }

  let rest = amount;
  const undone = {} as Record<(typeof PARTS)[number], string>;
  for (const part of PARTS) {
    const take = minMoney(rest, money(left[part], cur));
    undone[part] = toAmountString(take);
    rest = subtract(rest, take);
  }
  const events: ClaimEvent[] = [
    {
      type: 'payment-reversed',
      claimId,
      date,
      reversalId,
      paymentId,
      kind,
      amount: toAmountString(amount),
      allocation: { costs: undone.costs, interest: undone.interest, principal: undone.principal, unapplied: undone.unapplied },
      ...(bookedOn > date ? { bookedOn } : {}),
      reason: saidReason(
        `payment.${kind}`,
        '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB',
        {
          paymentId,
          paymentDate: payment.date,
          leftUnapplied: left.unapplied,
          leftPrincipal: left.principal,
          leftInterest: left.interest,
          leftCosts: left.costs,
          amount: toAmountString(amount),
        },
        'paymentReversed',
        kind,
        date,
      ),
    },
  ];
  const owedAgain = subtract(amount, money(undone.unapplied, cur));
  if (state.status === 'settled' && owedAgain.amount.greaterThan(0)) {
    events.push({
      type: 'reopened',
      claimId,
      date,
      note: `${kind} of payment ${paymentId}`,
      reason: saidReason(`payment.${kind}.reopen`, undefined, undefined, 'reopened', kind, toAmountString(owedAgain), cur),
    });
  }
  return events;
}

/**
 * The day the engine first knows of a refund or chargeback: the day it was booked (`bookedOn`), or its
 * value date `date` when it was booked on that day (or recorded before `bookedOn` existed) — the later of
 * the two. The one reading of a reversal's booking day; what the engine decides from a reversal is not
 * dated before it (an installment the reversal leaves unpaid, `installmentCheck`).
 *
 * @param reversal - the `payment-reversed` event
 * @returns the day it was booked
 */
export function reversalBookedOn(reversal: ClaimEventOf<'payment-reversed'>): IsoDate {
  return reversal.bookedOn !== undefined && reversal.bookedOn > reversal.date ? reversal.bookedOn : reversal.date;
}
