// The texts of the reasons the engine writes (issue 7, point 5: "reasons kept as rule id + inputs").
// Each text is made by one named function of its inputs, here; the engine builds `reason.text` with
// it (see `saidReason`) and nothing else makes these texts. A reason object made this way is
// remembered (weakly) with the function's id and its arguments, so that simulate's compact encoder
// can keep the id and the arguments instead of taking the finished text apart again, and its
// decoder makes the same text by calling the same function. The events themselves do not change:
// `reason.text` is a plain string, the reason a plain object with the same keys in the same order.
import { ReturnsItsArgument } from '../private-fields.js';
import type { Reason } from './events.js';

/** The `Hold … ran until …` text of an expired hold. */
function holdExpired(holdId: string, until: string): string {
  return `Hold ${holdId} ran until ${until}; it ends the next day.`;
}

/** `, payable on … (§ 193 BGB)` when § 193 BGB moved an installment's due date (a Saturday, Sunday or holiday), else nothing. */
function payableText(payableOn: string | undefined): string {
  return payableOn === undefined ? '' : `, payable on ${payableOn} (§ 193 BGB)`;
}

/** A missed installment (`payableOn`: the business day § 193 BGB moved its due date to, if it did). */
function installmentMissed(number: number, amount: string, dueDate: string, lastDay: string, graceDays: number, paid: string, due: string, payableOn?: string): string {
  return `Installment ${number} of ${amount} was due on ${dueDate}${payableText(payableOn)}; by ${lastDay} (grace ${graceDays} days) ${paid} of ${due} due so far was paid.`;
}

/** An installment paid by its last day and left unpaid by a refund or chargeback recorded after it (§ 362 Abs. 1 BGB). */
function installmentTakenBack(
  number: number,
  amount: string,
  dueDate: string,
  lastDay: string,
  reversalIds: string,
  reversedOn: string,
  paid: string,
  due: string,
  payableOn?: string,
): string {
  return (
    `Installment ${number} of ${amount} was due on ${dueDate}${payableText(payableOn)} and paid by ${lastDay}; the refund or chargeback ${reversalIds} of ${reversedOn} took back payments under the plan, ` +
    `leaving ${paid} of ${due} due so far paid. A payment taken back did not fulfil (§ 362 Abs. 1 BGB): the installment is unpaid from ${reversedOn}.`
  );
}

/**
 * An installment left unpaid by a refund or chargeback booked after its value date (value-dated back by
 * the bank), recorded missed on the day of the booking (§ 362 Abs. 1 BGB): `valueDates` the reversals'
 * value dates, `paidThrough` the last day whose payments `paid` counts.
 */
function installmentTakenBackBooked(
  number: number,
  amount: string,
  dueDate: string,
  lastDay: string,
  reversalIds: string,
  valueDates: string,
  bookedOn: string,
  paidThrough: string,
  paid: string,
  due: string,
  payableOn?: string,
): string {
  return (
    `Installment ${number} of ${amount} was due on ${dueDate}${payableText(payableOn)} and stood paid by ${lastDay} until the refund or chargeback ${reversalIds}, ` +
    `value-dated ${valueDates}, was booked on ${bookedOn}: it took back payments under the plan, leaving ${paid} of ${due} due so far paid by ${paidThrough}. ` +
    `A payment taken back did not fulfil (§ 362 Abs. 1 BGB): the installment was unpaid from ${valueDates}; it is recorded missed on ${bookedOn}, the day the reversal was booked, not before.`
  );
}

/** An installment plan that failed. */
function installmentPlanDefaulted(missed: number, limit: number): string {
  return `${missed} installments missed (policy limit ${limit}); the plan has failed and dunning resumes.`;
}

/** A settled claim. */
function settled(total: string, currency: string, asOf: string): string {
  return `Nothing is left to pay (total ${total} ${currency} on ${asOf}).`;
}

/** A time-barred claim. */
function limitationExpired(expiresAt: string): string {
  return `The limitation period ended on ${expiresAt}; the claim is time-barred and is not dunned any more (the debtor may refuse payment, § 214 Abs. 1 BGB).`;
}

/**
 * A stage entered: why (`explanation`, the trigger's text) and its deadline, if it has one (`movedFrom`:
 * the day the deadline fell on before § 193 BGB moved it to `deadline`).
 */
function stageEntered(stageId: string, stageName: string, explanation: string, deadline: string | undefined, movedFrom: string | undefined): string {
  const deadlineText = deadline === undefined ? '' : movedFrom === undefined ? ` Deadline ${deadline}.` : ` Deadline ${movedFrom} falls on a Saturday, Sunday or holiday; § 193 BGB moves it to ${deadline}.`;
  return `Stage ${stageId} (${stageName}) starts: ${explanation}.${deadlineText}`;
}

/** The creditor's own dunning fee of a stage, with the law module's warnings. */
function creditorDunningFee(stageId: string, warnings: readonly string[]): string {
  return `Creditor's dunning fee for stage ${stageId}: actual material costs of the letter.${warnings.length > 0 ? ` ${warnings.join(' ')}` : ''}`;
}

/** The creditor's own dunning fee of a stage whose letter was never sent (rule `fee.letter-not-sent`). */
function letterNotSent(messageId: string | readonly string[], stageId: string, feeId: string, dropped: string, currency: string, held?: string | null): string {
  const back = held === undefined || held === null ? '' : ` ${held} ${currency} paid on it is held for the debtor as an overpayment.`;
  const ids = typeof messageId === 'string' ? [messageId] : messageId;
  const which = ids.length === 1 ? `Message ${ids[0] as string} of stage ${stageId} was` : `Messages ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1] as string} of stage ${stageId} were`;
  return `${which} not sent on any channel: no material costs arose, so the creditor dunning fee ${feeId} is not owed. ${dropped} ${currency} dropped.${back}`;
}

/** A fee charged before default as the ledger now shows it (rule `fee.before-default`). */
function feeBeforeDefault(feeId: string, kind: string, charged: string, firstDayOfDefault: string | null, dropped: string, currency: string, held?: string | null): string {
  const back = held === undefined || held === null ? '' : ` ${held} ${currency} paid on it is held for the debtor as an overpayment.`;
  const since = firstDayOfDefault === null ? 'the debtor is not in default' : `default began only on ${firstDayOfDefault}`;
  return `The ${kind} ${feeId} was charged on ${charged} as if the debtor were in default, but the dunning notice default rested on did not reach them and ${since}: it is not owed. ${dropped} ${currency} dropped.${back}`;
}

/**
 * The part of a reinstated fee that earlier payments had paid, moved back onto the costs (`fee-reinstated`'s
 * `backFromPrincipal`, `backFromUnapplied`; empty when neither). The lowering had moved it off the costs:
 * credited to the principal or held for the debtor. Worded as the statement words the same moves
 * (statement-words.ts: "Credit of costs paid in excess withdrawn", "… applied to the costs again";
 * German "Verrechnung zu viel gezahlter Kosten aufgehoben", "… wieder auf die Kosten verrechnet").
 *
 * The legal words, and why: the earlier payments were applied under § 367 Abs. 1 BGB (costs, then interest,
 * then principal), and met the fee in full when they were made; only the lowering took that part off the
 * costs. With the fee owed again (§ 362 Abs. 1 BGB: the settling payment did not fulfil) the order of
 * § 367 Abs. 1 BGB places the same money on the costs again — nothing is newly paid or newly owed, the
 * lowering's move is undone. So the text cites § 367 Abs. 1 BGB ("costs first") for the move, says the
 * principal is owed again by the credit withdrawn (the figure the debtor sees rise on the statement), and
 * that money held as an overpayment is no longer held (it pays the fee, so there is nothing to give back).
 */
function paidPartMovedBack(fromPrincipal: string | null | undefined, fromHeld: string | null | undefined, currency: string): string {
  const credit =
    fromPrincipal === undefined || fromPrincipal === null
      ? ''
      : ` Of it, ${fromPrincipal} ${currency} that earlier payments had paid on the costs was credited to the principal when the fee was lowered: that credit is withdrawn and the money applied to the costs again (§ 367 Abs. 1 BGB, costs first), so the principal is owed again by ${fromPrincipal} ${currency}.`;
  const held =
    fromHeld === undefined || fromHeld === null
      ? ''
      : ` Of it, ${fromHeld} ${currency} that earlier payments had paid on the costs was held for the debtor as an overpayment when the fee was lowered: it is applied to the costs again (§ 367 Abs. 1 BGB, costs first) and no longer held.`;
  return `${held}${credit}`;
}

/**
 * A fee put back by a refund or chargeback (rule `fee.reinstated`): the payment a reduction of it rested
 * on (`reducedBy`: `fee.payment-day` or `fee.simple-case`) was taken back, so it did not fulfil. With
 * `fromPrincipal` / `fromHeld` (the event's `backFromPrincipal`, the sum of its `backFromUnapplied`): the
 * part earlier payments had paid, moved back onto the costs (see {@link paidPartMovedBack}).
 */
function feeReinstated(
  kind: string,
  feeId: string,
  reducedBy: string,
  reducedOn: string,
  paymentId: string,
  reversalKind: string,
  reinstated: string,
  currency: string,
  fromPrincipal?: string | null,
  fromHeld?: string | null,
): string {
  const why =
    reducedBy === 'fee.simple-case'
      ? `lowered on ${reducedOn} because payment ${paymentId} settled the claim within two weeks of the collection agency's first demand (a simple case)`
      : `dropped on ${reducedOn} because payment ${paymentId} settled the claim on the day it was charged`;
  return `The ${kind} ${feeId} was ${why}. The ${reversalKind} takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. ${reinstated} ${currency} charged again.${paidPartMovedBack(fromPrincipal, fromHeld, currency)}`;
}

/** A booked default taken back: the notice it rested on did not reach the debtor (rule `default.notice-not-received`). */
function defaultWithdrawn(previous: string, messageId: string, channel: string, reportedOn: string, interestReallocated?: string, currency?: string): string {
  const moved =
    interestReallocated === undefined
      ? ''
      : ` ${interestReallocated} ${currency ?? ''} paid on interest for days taken back was not owed as interest: under § 367 Abs. 1 BGB it goes to the principal (what no principal takes is held for the debtor).`;
  return `Default from ${previous} rested on the receipt of notice ${messageId}, which the ${channel} provider reported not delivered on ${reportedOn}: it never reached the debtor (§ 130 Abs. 1 S. 1 BGB) and did not put them in default (§ 286 Abs. 1 BGB). Default is taken back and counted anew from the ledger.${moved}`;
}

/** A collection agency's costs. */
function collectionCosts(case_: string, claimValue: string, currency: string, flatFeeCredited: boolean): string {
  return `Collection costs (${case_} claim) on ${claimValue} ${currency}, at most what a lawyer could charge (§ 13e RDG)${flatFeeCredited ? ', less the flat fee (§ 288 Abs. 5 S. 3 BGB)' : ''}.`;
}

/** The court fee of a Mahnbescheid. */
function courtFee(table: string, minimumApplied: boolean): string {
  return `Court fee for the Mahnbescheid (KV 1100 GKG, ${table})${minimumApplied ? ', minimum fee' : ''}.`;
}

/** A hand-over to a collection agency or a lawyer. */
function handedOver(to: string): string {
  return `The claim is handed over to a ${to === 'lawyer' ? 'lawyer' : 'collection agency'}.`;
}

/** A write-off. */
function writeOff(total: string, currency: string): string {
  return `The open balance of ${total} ${currency} is written off.`;
}

/** A message sent; with a deadline counted again because it went out after the day it was booked (`deadlineOnSend`). */
function sent(channel: string, deadline?: string, bookedDeadline?: string, bookedOn?: string): string {
  if (deadline === undefined) return `Sent by ${channel}.`;
  return `Sent by ${channel}, later than booked (${bookedOn ?? '?'}): the payment deadline is counted from the day it was sent, ${deadline} instead of ${bookedDeadline ?? '?'}, so the debtor gets the stage's full period.`;
}

/** An attempt whose outcome is unknown (the channel may have delivered it), to be retried with the same content. */
function attemptUnknown(channel: string, error: string): string {
  return `Handed to ${channel}, outcome unknown (it may have been delivered): ${error}. Retried on ${channel} with the same idempotency key and the same content, never on another channel.`;
}

/** A message withdrawn because the claim is closed. */
function withdrawn(status: string): string {
  return `Message withdrawn: the claim is ${status}.`;
}

/** A message given up on after an attempt whose outcome is unknown: what may have reached the debtor. */
function mayHaveGone(channel: string, error: string, contentHash: string): string {
  return `Given up on ${channel}: ${error}. It may have been delivered all the same (an attempt's outcome is unknown): what was handed over under its idempotency key has content hash ${contentHash}. No other channel is tried and its stage's fee stays; check with the provider what the debtor got.`;
}

/** A message of a claim closed after an attempt whose outcome is unknown: withdrawn, but it may have gone. */
function withdrawnMayHaveGone(status: string, channel: string, contentHash: string): string {
  return `Message withdrawn: the claim is ${status}. An earlier attempt on ${channel}, whose outcome is unknown, may have delivered it: what was handed over has content hash ${contentHash}.`;
}

/** The `; trying …` of a delivery that goes on with another channel (empty when none is left). */
function trying(next: string | undefined): string {
  return next === undefined ? '' : `; trying ${next}`;
}

/** A channel that skipped a message. */
function skipped(channel: string, next: string | undefined, detail: string): string {
  return `Not sent by ${channel}${trying(next)}: ${detail}.`;
}

/** A provider that refused the recipient. */
function refused(channel: string, next: string | undefined, error: string): string {
  return `The ${channel} provider refused the recipient${trying(next)}: ${error}`;
}

/** A delivery that failed. */
function deliveryFailed(channel: string, next: string | undefined, error: string): string {
  return `Delivery by ${channel} failed${trying(next)}: ${error}`;
}

/** The `: detail` of a provider's report (empty without a detail). */
function reported(detail: string | undefined): string {
  return detail === undefined ? '' : `: ${detail}`;
}

/** A provider's report: delivered. */
function reportedDelivered(channel: string, detail: string | undefined): string {
  return `Delivered by ${channel}${reported(detail)}.`;
}

/** A provider's report: bounced. */
function reportedBounce(channel: string, detail: string | undefined): string {
  return `The ${channel} provider reported a bounce${reported(detail)}; later messages go out on their fallback channel.`;
}

/** A provider's report: failed. */
function reportedFailed(channel: string, detail: string | undefined): string {
  return `The ${channel} provider could not deliver${reported(detail)}.`;
}

/** A provider's report: opened. */
function reportedOpened(channel: string, detail: string | undefined): string {
  return `Opened (reported by ${channel})${reported(detail)}.`;
}

/** A provider's report: the debtor opted out. */
function reportedOptOut(channel: string, detail: string | undefined): string {
  return `The debtor opted out of ${channel}${reported(detail)}; no further messages on it.`;
}

/** A payment reversed (returned debit, chargeback, correction). */
function paymentReversed(kind: string, date: string): string {
  return `The ${kind} undoes the payment's allocation from its tail (unapplied, principal, interest, costs), so what is kept stays allocated costs, interest, principal; the undone parts are owed again from ${date}.`;
}

/** A settled claim reopened by a reversal. */
function reopened(kind: string, owedAgain: string, currency: string): string {
  return `The ${kind} leaves ${owedAgain} ${currency} owed again on a settled claim.`;
}

/**
 * The text functions, by id.
 *
 * @internal
 */
export const reasonTexts = {
  holdExpired,
  installmentMissed,
  installmentTakenBack,
  installmentTakenBackBooked,
  installmentPlanDefaulted,
  settled,
  limitationExpired,
  stageEntered,
  creditorDunningFee,
  letterNotSent,
  feeBeforeDefault,
  feeReinstated,
  defaultWithdrawn,
  collectionCosts,
  courtFee,
  handedOver,
  writeOff,
  sent,
  attemptUnknown,
  withdrawn,
  mayHaveGone,
  withdrawnMayHaveGone,
  skipped,
  refused,
  deliveryFailed,
  reportedDelivered,
  reportedBounce,
  reportedFailed,
  reportedOpened,
  reportedOptOut,
  paymentReversed,
  reopened,
} as const;

/**
 * The id of a reason text function.
 *
 * @internal
 */
export type ReasonTextId = keyof typeof reasonTexts;

/**
 * A text function's id followed by its arguments.
 *
 * @internal
 */
export type ReasonTextCall = { [K in ReasonTextId]: [K, ...Parameters<(typeof reasonTexts)[K]>] }[ReasonTextId];

/**
 * The mark saidReason leaves on a reason it made: its text as made and the call that made it. Kept on
 * the reason itself (it goes with it), cheaper to add and to read than an entry in a WeakMap.
 */
class Said extends ReturnsItsArgument {
  readonly #text: string;
  readonly #call: readonly unknown[];
  constructor(o: object, text: string, call: readonly unknown[]) {
    super(o);
    this.#text = text;
    this.#call = call;
  }
  /** The call of `o`'s text if saidReason made `o` and `text` is the text it made, else undefined. */
  static callOf(o: object, text: unknown): readonly unknown[] | undefined {
    return #text in o && (o as Said).#text === text ? (o as Said).#call : undefined;
  }
}

/**
 * The text a reason text function gives for these arguments.
 *
 * @param call - the function's id, then its arguments
 * @internal
 */
export function reasonText(...call: ReasonTextCall): string {
  return renderCall(call);
}

/**
 * The text of a call read back (its id and arguments as written): what {@link reasonText} gives.
 * An unknown id is an assertion failure (the encoder writes known ids only).
 *
 * @internal
 */
export function renderCall(call: readonly unknown[]): string {
  const id = call[0] as string;
  if (!Object.prototype.hasOwnProperty.call(reasonTexts, id)) throw new Error(`reason-texts: unknown text function ${String(id)}`);
  const fn = reasonTexts[id as ReasonTextId] as (...args: unknown[]) => string;
  switch (call.length) {
    case 1:
      return fn();
    case 2:
      return fn(call[1]);
    case 3:
      return fn(call[1], call[2]);
    case 4:
      return fn(call[1], call[2], call[3]);
    default:
      return fn(...call.slice(1));
  }
}

/**
 * A reason whose text is made by a text function: `{ rule, basis?, text, inputs? }` (keys in that
 * order, `basis` and `inputs` only when given), remembered with the call that made its text.
 *
 * @param rule - the rule id
 * @param basis - the legal basis, or undefined for none
 * @param inputs - the inputs, or undefined for none
 * @param call - the text function's id, then its arguments
 * @internal
 */
export function saidReason(rule: string, basis: string | undefined, inputs: Reason['inputs'] | undefined, ...call: ReasonTextCall): Reason {
  const text = renderCall(call);
  const reason: Reason =
    basis === undefined ? (inputs === undefined ? { rule, text } : { rule, text, inputs }) : inputs === undefined ? { rule, basis, text } : { rule, basis, text, inputs };
  new Said(reason, text, call);
  return reason;
}

/**
 * The call (the text function's id, then its arguments) that made the text of `reason`, if
 * {@link saidReason} made it and `text` is still the text it made; else undefined.
 *
 * @internal
 */
export function saidCallOf(reason: object, text: unknown): readonly unknown[] | undefined {
  return Said.callOf(reason, text);
}
