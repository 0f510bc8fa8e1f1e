import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { CurrencyMismatchError, MoneyError, ValidationError } from '../errors/errors.js';
import { allocateWithinClaim } from '../law/de/allocation.js';
import { Dec } from '../money/decimal.js';
import { add, isFinal, isPositive, maxMoney, money, subtract, sum, toAmountString, zero, type Money } from '../money/money.js';
import type { ClaimEventOf } from './events.js';
import type { ClaimState } from './state.js';
import { statement, statementAsOf, type StatementOptions } from './statement.js';

/** A payment as it comes in, before it is applied to the claim. */
export interface IncomingPayment {
  /** The host's id of the payment (bank transaction id, PSP id); unique within the claim. */
  readonly paymentId: string;
  /** The amount received, above zero, in the claim's currency. */
  readonly amount: Money;
  /** The day the money was received (credited to the creditor's account). */
  readonly date: IsoDate;
}

/** The open parts of a claim a payment on a day is applied to. */
export interface OpenParts {
  /** The parts are those at the end of this day (the day before the payment). */
  readonly asOf: IsoDate;
  /** Open costs. */
  readonly costs: Money;
  /** Open interest. */
  readonly interest: Money;
  /** Open principal. */
  readonly principal: Money;
}

/**
 * The open costs, interest and principal a payment received on `date` meets: the statement as of
 * the end of the day before, less what payments and adjustments already recorded for `date` took
 * and less fee reductions dated `date` (a reduction booked with a payment lowers the costs that
 * payment meets), plus what refunds and chargebacks recorded for `date` put back. Each part is zero or more.
 *
 * @param state - the projected claim
 * @param date - the payment day
 * @param options - statement options (base rates, interest conventions)
 */
export function openPartsForPayment(state: ClaimState, date: IsoDate, options: StatementOptions = {}): OpenParts {
  const day = parseIsoDate(date, 'date');
  const asOf = addDays(day, -1);
  // On and after the invoice date `statement` answers the same (and remembers it: the driver asked
  // for this day's figures before it booked the payment); before it, only statementAsOf may be asked.
  const s = asOf < state.facts.invoiceDate ? statementAsOf(state.events, asOf, options) : statement(state, asOf, options);
  const cur = s.currency;
  let costs = s.costs;
  let interest = s.interest;
  let principal = s.principal;
  for (const pay of state.payments) {
    if (pay.date !== day) continue;
    costs = subtract(costs, money(pay.allocation.costs, cur));
    interest = subtract(interest, money(pay.allocation.interest, cur));
    principal = subtract(principal, money(pay.allocation.principal, cur));
  }
  for (const rev of state.reversals) {
    if (rev.date !== day) continue;
    costs = add(costs, money(rev.allocation.costs, cur));
    interest = add(interest, money(rev.allocation.interest, cur));
    principal = add(principal, money(rev.allocation.principal, cur));
  }
  for (const adj of state.adjustments) if (adj.date === day) principal = subtract(principal, money(adj.amount, cur));
  for (const red of state.feeReductions) {
    if (red.date !== day) continue;
    const credited = money(red.creditedToPrincipal ?? '0', cur);
    costs = subtract(costs, subtract(money(red.amount, cur), credited));
    principal = subtract(principal, credited);
  }
  const none = zero(cur);
  return { asOf, costs: maxMoney(costs, none), interest: maxMoney(interest, none), principal: maxMoney(principal, none) };
}

/**
 * Applies an incoming payment to a claim under § 367 Abs. 1 BGB — costs, then interest, then
 * principal — against the claim as it stood at the END OF THE DAY BEFORE the payment (the payment
 * day's interest is not yet owed: the principal part lowers the principal from the payment day on).
 * Payments and adjustments already recorded for the same day are taken into account, so two
 * payments on one day never pay the same interest twice. What the claim cannot take is recorded as
 * `unapplied` (overpayment).
 *
 * The result is the `payment-received` event to append; nothing is written.
 *
 * @param state - the projected claim ({@link project})
 * @param payment - payment id, amount and day of receipt
 * @param options - statement options (base rates, interest conventions)
 * @returns the event, with `allocation` parts adding up exactly to the amount and a reason
 *   `{ rule: 'allocation.367', basis: '§ 367 Abs. 1 BGB', inputs }`
 * @throws ValidationError naming `paymentId` (empty or already recorded) or `amount` (zero or less)
 * @throws MoneyError naming `amount` for more decimals than the currency has
 * @throws CurrencyMismatchError naming `amount` when it is not in the claim's currency
 * @throws DateError naming `date` for an invalid day
 */
export function allocateIncomingPayment(
  state: ClaimState,
  payment: IncomingPayment,
  options: StatementOptions = {},
): ClaimEventOf<'payment-received'> {
  if (typeof payment !== 'object' || payment === null) {
    throw new ValidationError('payment: expected { paymentId, amount, date }.', { field: 'payment' });
  }
  const { paymentId, amount } = payment;
  if (typeof paymentId !== 'string' || paymentId.trim() === '') {
    throw new ValidationError('paymentId: every payment needs a non-empty id (e.g. the bank transaction id).', { field: 'paymentId' });
  }
  if (state.payments.some((p) => p.paymentId === paymentId)) {
    throw new ValidationError(
      `paymentId: payment "${paymentId}" is already recorded for claim "${state.facts.id}"; record each payment once, or give a different payment a new id.`,
      { field: 'paymentId' },
    );
  }
  if (typeof amount !== 'object' || amount === null || !Dec.isDecimal(amount.amount)) {
    throw new ValidationError("amount: expected an amount made with money('100.00', 'EUR').", { field: 'amount' });
  }
  const cur = state.facts.currency;
  if (amount.currency !== cur) {
    throw new CurrencyMismatchError(`amount: the payment is in ${amount.currency}, but claim "${state.facts.id}" is in ${cur}; convert it first.`, {
      field: 'amount',
    });
  }
  if (!isPositive(amount)) {
    throw new ValidationError(`amount: ${amount.amount.toString()} ${cur} is not above zero; a payment must be positive (use an adjustment for credits).`, {
      field: 'amount',
    });
  }
  if (!isFinal(amount)) {
    throw new MoneyError(`amount: ${amount.amount.toString()} has more decimals than ${cur} has; pass the amount actually received.`, { field: 'amount' });
  }
  const date = parseIsoDate(payment.date, 'date');
  const open = openPartsForPayment(state, date, options);
  const applied = allocateWithinClaim(amount, { costs: open.costs, interest: open.interest, principal: open.principal }, 'bgb367');
  return {
    type: 'payment-received',
    claimId: state.facts.id,
    date,
    paymentId,
    amount: toAmountString(amount),
    allocation: {
      costs: toAmountString(applied.costs),
      interest: toAmountString(applied.interest),
      principal: toAmountString(applied.principal),
      unapplied: toAmountString(applied.rest),
    },
    reason: {
      rule: 'allocation.367',
      basis: '§ 367 Abs. 1 BGB',
      text: 'Applied to costs, then interest, then principal, as the claim stood at the end of the day before the payment.',
      inputs: {
        asOf: open.asOf,
        openCosts: toAmountString(open.costs),
        openInterest: toAmountString(open.interest),
        openPrincipal: toAmountString(open.principal),
        amount: toAmountString(amount),
      },
    },
  };
}

/** The sum of a payment's parts, as a check value: it equals the payment's amount. */
export function allocationTotal(event: ClaimEventOf<'payment-received'>, currencyCode: string): Money {
  const a = event.allocation;
  return sum(
    [a.costs, a.interest, a.principal, a.unapplied].map((x) => money(x, currencyCode)),
    currencyCode,
  );
}
