import { parseIsoDate, type IsoDate } from '../calendar/date.js';
import { AdjustmentExceedsPrincipalError, CurrencyMismatchError, MoneyError, ValidationError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import { isFinal, isPositive, toAmountString, type Money } from '../money/money.js';
import { parseAtScale, scaledToAmountString } from '../money/scaled.js';
import type { ClaimEventOf } from './events.js';
import type { ClaimState } from './state.js';
import { leastPrincipalOpenFrom } from './statement.js';

/** A credit note or write-down as the creditor gives it, before it is booked on the claim. */
export interface IncomingAdjustment {
  /** `credit-note` (Gutschrift: the creditor lowers the price) or `write-down` (Teilerlass: a partial waiver, § 397 Abs. 1 BGB). */
  readonly kind: 'credit-note' | 'write-down';
  /** How much the principal is lowered by, above zero, in the claim's currency, at most the principal open (see {@link bookAdjustment}). */
  readonly amount: Money;
  /** The day it takes effect: the principal bears no default interest on the amount from this day on. */
  readonly date: IsoDate;
  /** The creditor's words, printed on the statement after the label (e.g. `Mängel`). */
  readonly note?: string;
}

/**
 * Books a credit note or write-down on a claim — the one decision every `adjustment` event is made
 * by (the host's `recordAdjustment`, and the property tests' random ledgers). Pure: the result is the
 * event to append; nothing is written.
 *
 * An adjustment lowers the principal still owed from its day on, and only that: payments recorded
 * before it are extinguished as far as they paid (§ 362 Abs. 1 BGB) and stay applied as § 367 Abs. 1
 * BGB applied them (costs, then interest, then principal). So it may be at most the principal open
 * at the end of its day *and* of every later day a payment already recorded leaves less on (a
 * backdated credit note must not turn a later payment's principal part into an overpayment): a larger
 * one is refused with {@link AdjustmentExceedsPrincipalError}, naming that principal open and its
 * day. A refusal rather than booking the surplus as money owed back: the surplus is no lowering of
 * this claim but the creditor's debt to the debtor (a refund, e.g. after a return, §§ 346, 812 BGB),
 * which leaves the creditor's account as a refund of a payment — record that first
 * (`reverseIncomingPayment`, kind `refund`: it undoes the payment's unapplied part, then its principal
 * part, which is open again), then the credit note for the principal it opened.
 *
 * @param state - the projected claim
 * @param adjustment - the kind, amount, day and note
 * @returns the `adjustment` event (reason `adjustment.open-principal`, with the principal open in its inputs)
 * @throws ValidationError naming `amount` (not Money, not above zero), `date` or `note`;
 *   CurrencyMismatchError; MoneyError (more decimals than the currency has);
 *   AdjustmentExceedsPrincipalError when the amount is above the principal open
 */
export function bookAdjustment(state: ClaimState, adjustment: IncomingAdjustment): ClaimEventOf<'adjustment'> {
  if (typeof adjustment !== 'object' || adjustment === null) {
    throw new ValidationError('adjustment: expected { kind, amount, date }.', { field: 'adjustment' });
  }
  const { kind, amount, note } = adjustment;
  if (kind !== 'credit-note' && kind !== 'write-down') {
    throw new ValidationError(`kind: "${String(kind)}" is not an adjustment; give credit-note or write-down.`, { field: 'kind' });
  }
  if (typeof amount !== 'object' || amount === null || !Dec.isDecimal(amount.amount)) {
    throw new ValidationError("amount: expected an amount made with money('100.00', 'EUR').", { field: 'amount' });
  }
  const cur = state.facts.currency;
  if (amount.currency !== cur) {
    throw new CurrencyMismatchError(`amount: the ${kind} is in ${amount.currency}, but claim "${state.facts.id}" is in ${cur}; convert it first.`, { field: 'amount' });
  }
  if (!isPositive(amount)) {
    throw new ValidationError(`amount: ${amount.amount.toString()} ${cur} is not above zero; a ${kind} lowers the principal by an amount above zero.`, { field: 'amount' });
  }
  if (!isFinal(amount)) {
    throw new MoneyError(`amount: ${amount.amount.toString()} has more decimals than ${cur} has; give the amount of the ${kind} document.`, { field: 'amount' });
  }
  if (note !== undefined && (typeof note !== 'string' || note.trim() === '')) {
    throw new ValidationError('note: leave it out, or give the creditor\'s words (not blank).', { field: 'note' });
  }
  const date = parseIsoDate(adjustment.date, 'date');
  const text = toAmountString(amount);
  const open = leastPrincipalOpenFrom(state, date);
  const openText = scaledToAmountString(open.principal > 0n ? open.principal : 0n, open.scale, open.minorUnit);
  if (parseAtScale(text, open.scale) > open.principal) {
    const word = kind === 'credit-note' ? 'credit note' : 'write-down';
    const on = open.day === date ? `on ${date}` : `on ${open.day}, after the payment recorded for that day (the principal open on ${date} is more)`;
    throw new AdjustmentExceedsPrincipalError(
      `amount: a ${word} of ${text} ${cur} on ${date} is more than the principal open on claim "${state.facts.id}", ${openText} ${cur} ${on}; it would leave the principal below zero. ` +
        `A ${word} lowers only the principal still owed — what payments paid is extinguished (§ 362 Abs. 1 BGB) and stays applied to costs, interest and principal (§ 367 Abs. 1 BGB). ` +
        `Book at most ${openText} ${cur}; to give the debtor money back, record a refund of the payment first (reversePayment, kind refund): it puts the principal part it paid back open, and the ${word} can then lower that too.`,
      { field: 'amount', open: openText, openOn: open.day },
    );
  }
  return {
    type: 'adjustment',
    claimId: state.facts.id,
    date,
    kind,
    amount: text,
    ...(note === undefined ? {} : { note }),
    reason: {
      rule: 'adjustment.open-principal',
      text: `Lowers the principal open (${openText} ${cur}${open.day === date ? '' : ` on ${open.day}`}) by ${text} ${cur} from ${date}.`,
      inputs: { openPrincipal: openText, openOn: open.day, amount: text },
    },
  };
}
