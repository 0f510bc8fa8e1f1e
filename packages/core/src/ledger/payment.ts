import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import { CurrencyMismatchError, MoneyError, ValidationError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import { isFinal, isPositive, money, sum, toAmountString, type Money } from '../money/money.js';
import { atScale, parseAtScale, pow10, scaledToAmountString, scaledToMoney, toScaled, type Scaled } from '../money/scaled.js';
import type { ClaimEventOf } from './events.js';
import { bookFeeReduction, bookFeeReinstatement, type ReductionPart } from './fee-reduction.js';
import { bookInterestReallocation } from './interest-reallocation.js';
import type { ClaimState } from './state.js';
import { figuresAsOf, interestAccruedOn, type StatementOptions } from './statement.js';

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
 * payment meets) — but for those of fees charged on `date`, which the day before never held — plus
 * what refunds and chargebacks recorded for `date` put back. Each part is zero or more.
 *
 * When the ledger already takes back a default on `date` or later (`default-withdrawn`: the Mahnung
 * it rested on never reached the debtor) — a payment booked after the report with a value date on or
 * before it — the interest is what the ledger shows owed now: counted from the first day of default
 * as it now stands (none before it), less the interest earlier payments keep once the withdrawal
 * re-allocated what they paid for the days taken back (`interestReallocated`, credited to the
 * principal). Interest paid is never more than interest owed, whichever order the two were booked in.
 *
 * @param state - the projected claim
 * @param date - the payment day
 * @param options - statement options (base rates, interest conventions)
 */
export function openPartsForPayment(state: ClaimState, date: IsoDate, options: StatementOptions = {}): OpenParts {
  const open = openPartsScaled(state, parseIsoDate(date, 'date'), options);
  const cur = state.facts.currency;
  const asMoney = (value: bigint): Money => scaledToMoney(value, open.scale, cur);
  return { asOf: open.asOf, costs: asMoney(open.costs), interest: asMoney(open.interest), principal: asMoney(open.principal) };
}

/**
 * {@link openPartsForPayment} in exact integers: each part at `scale` decimals (the statement's
 * scale, or more when an event of the payment day has more decimals). The one computation of the
 * open parts; `openPartsForPayment` makes them Money.
 *
 * @internal
 */
export interface OpenPartsScaled {
  readonly asOf: IsoDate;
  readonly scale: number;
  readonly minorUnit: number;
  readonly costs: bigint;
  readonly interest: bigint;
  readonly principal: bigint;
}

/**
 * The open parts of {@link openPartsForPayment} as integers; `day` must be a valid day. `reductions`
 * are fee reductions dated `day` not yet on the state: the parts are those of the state with them
 * appended (the figures as of the day before do not read them, so that state need not be made).
 *
 * @internal
 */
export function openPartsScaled(
  state: ClaimState,
  day: IsoDate,
  options: StatementOptions,
  reductions: readonly ClaimEventOf<'fee-reduced'>[] = [],
): OpenPartsScaled {
  const asOf = addDays(day, -1);
  // The statement's figures as of the end of the day before (remembered: the driver asked for this
  // day's figures before it booked the payment), before the invoice date as statementAsOf has them.
  const figures = figuresAsOf(state, asOf, options);
  const { sums } = figures;
  // The payment day's events are read exactly; one with more decimals than the figures raises the scale.
  const moves: { part: 0 | 1 | 2; sign: 1n | -1n; x: Scaled }[] = [];
  let scale = sums.scale;
  const move = (part: 0 | 1 | 2, sign: 1n | -1n, text: string): void => {
    const x = toScaled(text);
    if (x.scale > scale) scale = x.scale;
    moves.push({ part, sign, x });
  };
  for (const pay of state.payments) {
    if (pay.date !== day) continue;
    move(0, -1n, pay.allocation.costs);
    move(1, -1n, pay.allocation.interest);
    move(2, -1n, pay.allocation.principal);
  }
  for (const rev of state.reversals) {
    if (rev.date !== day) continue;
    move(0, 1n, rev.allocation.costs);
    move(1, 1n, rev.allocation.interest);
    move(2, 1n, rev.allocation.principal);
  }
  for (const adj of state.adjustments) if (adj.date === day) move(2, -1n, adj.amount);
  // A reduction of the day books on the costs and the principal as on the statement's sums (the unapplied part is not met by a payment).
  const book = (part: ReductionPart, sign: 1n | -1n, text: string): void => {
    if (part !== 'unapplied') move(part === 'costs' ? 0 : 2, sign, text);
  };
  // Of the reduction of a fee charged on the payment day itself, not the drop of the fee: the figures of
  // the day before never held that fee (a payment does not meet it), so its drop there (rule
  // fee.payment-day) takes nothing off them — but what it credited to the principal or moved to what is
  // held for the debtor is money payments paid on the costs the figures did hold, moved on this day, and
  // books as on the statement's sums (it used to be left out: a second payment of the day met principal
  // the credit had already paid, and the principal went below zero).
  for (const red of reductions.length === 0 ? state.feeReductions : [...state.feeReductions, ...reductions]) {
    if (red.date !== day) continue;
    bookFeeReduction(red, book);
    if (chargedOn(state, red.feeId, day)) move(0, 1n, red.amount);
  }
  // A reinstatement of the day (a refund or chargeback put a dropped fee back, fee-reinstated) books on
  // the costs and the principal as on the statement's sums (the credit it takes back is owed again) — of
  // a fee charged on the payment day, all but the fee standing again, by the same reading.
  for (const rei of state.feeReinstatements) {
    if (rei.date !== day) continue;
    bookFeeReinstatement(rei, book);
    if (chargedOn(state, rei.feeId, day)) move(0, -1n, rei.amount);
  }
  // A default withdrawn on the payment day or later, already on the ledger (default-withdrawn is dated
  // the day the notice was reported not received): a payment booked on the report day after the daily
  // run took the default back, or booked after it with an earlier value date. The figures of the day
  // before do not see the withdrawal (they show the default as the ledger showed it then), but what is
  // owed on the payment's day is what the ledger shows now (§ 367 Abs. 1 BGB with § 286 Abs. 1, § 130
  // Abs. 1 S. 1 BGB): the interest accrued by then is counted from the first day of default the ledger
  // shows now (none when it begins later), and the interest such a withdrawal re-allocates is open again
  // (its principal credit lowers the principal), as on the statement's sums — the one rule
  // `interestReallocation` applies to the payments booked before the report. (Every payment on the
  // ledger is dated on or before `day`: a command is not dated before the last money event.)
  let accrued = figures.interestAccruedScaled;
  if (state.lastEventDate >= day) {
    const withdrawals = withdrawalsFrom(state, day);
    if (withdrawals.length > 0) {
      const began = state.defaultBegan;
      accrued = began === null ? 0n : atScale(toScaled(interestAccruedOn(state, began, asOf, options).amount), sums.scale);
      for (const w of withdrawals) {
        bookInterestReallocation(w, (part, sign, text) => {
          if (part !== 'unapplied') move(part === 'interest' ? 1 : 2, sign, text);
        });
      }
    }
  }
  const up = pow10(scale - sums.scale);
  const interestPart = figures.interestPart - figures.interestAccruedScaled + accrued;
  const parts = [sums.costs * up, interestPart * up, sums.principal * up];
  for (const m of moves) parts[m.part] = (parts[m.part] as bigint) + m.sign * atScale(m.x, scale);
  const nonNegative = (v: bigint): bigint => (v > 0n ? v : 0n);
  return {
    asOf,
    scale,
    minorUnit: sums.minorUnit,
    costs: nonNegative(parts[0] as bigint),
    interest: nonNegative(parts[1] as bigint),
    principal: nonNegative(parts[2] as bigint),
  };
}

/** The `default-withdrawn` events dated `day` or later, in ledger order (most ledgers have none). */
function withdrawalsFrom(state: ClaimState, day: IsoDate): ClaimEventOf<'default-withdrawn'>[] {
  const out: ClaimEventOf<'default-withdrawn'>[] = [];
  for (const e of state.events) if (e.type === 'default-withdrawn' && e.date >= day) out.push(e);
  return out;
}

/** Whether the fee `feeId` was charged on `day` (then the figures of the day before do not hold it). */
function chargedOn(state: ClaimState, feeId: string, day: IsoDate): boolean {
  for (const fee of state.fees) if (fee.feeId === feeId) return fee.date === day;
  return false;
}

/**
 * § 367 Abs. 1 BGB in exact integers: `amount` applied to costs, then interest, then principal,
 * each taking what it can (all at one scale, parts zero or more) — what `allocateWithinClaim`
 * (decimal.js) answers with `'bgb367'`, proven identical by property tests
 * (test/ledger/payment-integer.property.test.ts).
 *
 * @internal
 */
export function allocate367Scaled(
  amount: bigint,
  parts: { readonly costs: bigint; readonly interest: bigint; readonly principal: bigint },
): { costs: bigint; interest: bigint; principal: bigint; rest: bigint } {
  let rest = amount;
  const costs = rest < parts.costs ? rest : parts.costs;
  rest -= costs;
  const interest = rest < parts.interest ? rest : parts.interest;
  rest -= interest;
  const principal = rest < parts.principal ? rest : parts.principal;
  rest -= principal;
  return { costs, interest, principal, rest };
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
  return allocateIncomingPaymentAfter(state, [], payment, options);
}

/**
 * {@link allocateIncomingPayment} on the state with `reductions` (fee reductions dated the payment
 * day, as the fee corrections book them before the payment) appended — the same checks and the same
 * event as `allocateIncomingPayment(evolveAll(state, reductions), payment, options)`, without making
 * that state and projecting its day before again.
 *
 * @internal
 */
export function allocateIncomingPaymentAfter(
  state: ClaimState,
  reductions: readonly ClaimEventOf<'fee-reduced'>[],
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
  // In integers at the open parts' scale; amounts leave as toAmountString writes them.
  const open = openPartsScaled(state, date, options, reductions);
  const paid = toAmountString(amount);
  const { scale, minorUnit } = open;
  const applied = allocate367Scaled(parseAtScale(paid, scale), open);
  const text = (value: bigint): string => scaledToAmountString(value, scale, minorUnit);
  return {
    type: 'payment-received',
    claimId: state.facts.id,
    date,
    paymentId,
    amount: paid,
    allocation: {
      costs: text(applied.costs),
      interest: text(applied.interest),
      principal: text(applied.principal),
      unapplied: text(applied.rest),
    },
    reason: {
      rule: 'allocation.367',
      basis: '§ 367 Abs. 1 BGB',
      text: 'Applied to costs, then interest, then principal, as the claim stood at the end of the day before the payment.',
      inputs: {
        asOf: open.asOf,
        openCosts: text(open.costs),
        openInterest: text(open.interest),
        openPrincipal: text(open.principal),
        amount: paid,
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
