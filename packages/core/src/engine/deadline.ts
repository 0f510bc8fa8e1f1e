import { applySection193 } from '../calendar/business-days.js';
import { addDays, daysBetween, type IsoDate } from '../calendar/date.js';
import type { GermanState } from '../law/de/types.js';
import type { ClaimEventOf } from '../ledger/events.js';
import type { Policy } from '../policy/schema.js';

/** A payment deadline and, when § 193 BGB moved it, the day it fell on. */
export interface PaymentDeadline {
  /** The last day to pay. */
  readonly date: IsoDate;
  /** The day `days` after the start fell on, when that was a Saturday, Sunday or holiday and § 193 BGB moved it. */
  readonly movedFrom?: IsoDate;
}

/**
 * The payment deadline `days` days after `from`, moved to the next working day when it falls on a
 * Saturday, Sunday or public holiday (§ 193 BGB, holidays of `state`).
 *
 * The one rule of a notice's deadline: `decide` books a stage's `set-deadline` with it on the day the
 * stage is entered, and the dispatcher counts it again from the day a message goes out
 * ({@link deadlineOnSend}), so a letter sent late gives the debtor the stage's full period.
 *
 * @internal
 * @param from - the day the period starts (the day the stage is entered, or the day the message is sent)
 * @param days - the stage's `set-deadline` days
 * @param state - the federal state whose holidays count
 */
export function paymentDeadline(from: IsoDate, days: number, state: GermanState | undefined): PaymentDeadline {
  const raw = addDays(from, days);
  const moved = applySection193(raw, state);
  return moved.shifted ? { date: moved.date, movedFrom: raw } : { date: moved.date };
}

/**
 * The payment deadline a queued message gives the debtor when it goes out on `day`: the deadline
 * booked with it (`message-queued.deadline`) when it goes out on the day it was booked; when it goes
 * out later (quiet hours, a rest day, a hold, a retry, a dispatcher that ran late) the period decided
 * at booking counted again from `day` ({@link paymentDeadline}), never earlier than the booked deadline.
 * `undefined` when the message sets none.
 *
 * The period is the one booked with the message (`message-queued.deadlineDays`), not the stage's
 * `set-deadline` days in the policy of the send day: a host that changes its policy between booking
 * and send (14 days to 21) gives the letters booked before the change the period decided for them.
 * A message booked before the period was recorded counts `stageDays` (the stage's days in the
 * claim's policy, {@link stageDeadlineDays}), or — none, the stage no longer in the policy — the days
 * from booking to the booked deadline.
 *
 * A deadline must be reasonable from the debtor's receipt of the letter; a period counted from a
 * booking day the letter did not leave on shortens it by every day of delay (14 days booked, sent 3
 * days later: 11 days). The letter prints this day (`messageRenderInput`), the `message-sent` event
 * records it when it differs from the booked one, and the engine reads it from there (the claim's
 * `deadline`, the next stage's trigger, default under `mahnungDefault: 'after-deadline'`), so the
 * printed deadline and the engine's are the same day.
 *
 * @internal
 * @param message - the queued message
 * @param day - the day it goes out
 * @param stageDays - the `set-deadline` days of the message's stage in the claim's policy
 *   ({@link stageDeadlineDays}), read only for a message booked without `deadlineDays`; `undefined`:
 *   none (the stage is gone, or no policy is at hand)
 * @param state - the federal state whose holidays count
 */
export function deadlineOnSend(message: Pick<ClaimEventOf<'message-queued'>, 'date' | 'deadline' | 'deadlineDays'>, day: IsoDate, stageDays: number | undefined, state: GermanState | undefined): IsoDate | undefined {
  const booked = message.deadline;
  if (booked === undefined || day <= message.date) return booked;
  const counted = paymentDeadline(day, message.deadlineDays ?? stageDays ?? daysBetween(message.date, booked), state).date;
  return counted > booked ? counted : booked;
}

/**
 * The `set-deadline` days of `stage` in `policy` (its first such action), or `undefined` when the
 * stage is not in the policy or sets no deadline: what {@link deadlineOnSend} counts for a message
 * booked without its period.
 *
 * @internal
 * @param policy - the claim's policy
 * @param stage - the stage's id
 */
export function stageDeadlineDays(policy: Pick<Policy, 'stages'>, stage: string): number | undefined {
  for (const action of policy.stages.find((s) => s.id === stage)?.actions ?? []) {
    if (action.type === 'set-deadline') return action.days;
  }
  return undefined;
}

/**
 * The payment deadline the debtor got with a message: the one its `message-sent` event records (the
 * deadline counted from a late send, {@link deadlineOnSend}), else the one booked with it.
 *
 * @internal
 * @param message - the queued message
 * @param send - its delivered send, if any
 */
export function deadlineGiven(message: Pick<ClaimEventOf<'message-queued'>, 'deadline'>, send: Pick<ClaimEventOf<'message-sent'>, 'deadline'> | undefined): IsoDate | undefined {
  return send?.deadline ?? message.deadline;
}

