import type { IsoDate } from '../calendar/date.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { noticeKinds } from '../policy/lawful.js';
import type { Policy } from '../policy/schema.js';
import type { DecideContext } from './context.js';
import { keptPlanOfMessage } from './installment-agreement.js';
import { prospectiveCosts } from './prospective-costs.js';
import type { RenderCheck, RenderInput } from './render.js';
import { earlierNoticeNotReceived, noticeDefault } from './triggers.js';

/** What {@link messageRenderInput} needs of a queued message: its id, template, stage and deadline. */
export interface QueuedMessageRef {
  /** The outbox id of the message (`message-queued.messageId`). */
  readonly messageId: string;
  /** Template name. */
  readonly template: string;
  /** The stage that queued it, if any. */
  readonly stage?: string | undefined;
  /** The payment deadline it sets, if any. */
  readonly deadline?: IsoDate | undefined;
}

/**
 * What a renderer is given to write a queued message on `channel` on `day`, except the payment
 * link (the payment provider's, asked by the dispatcher only when it sends): template, channel, the
 * debtor's locale (default `de`), the claim's facts, `statement`, the deadline, the message id, the
 * stage, the costs the message announces ({@link prospectiveCosts}), whether it is the notice that
 * puts the debtor in default, with its receipt or once its deadline passed ({@link noticeDefault}), and
 * — for a notice — whether the earlier notices that went out never reached the debtor
 * ({@link earlierNoticeNotReceived}), and — for a message of a stage entered for a kept installment
 * plan's remainder — that plan ({@link keptPlanOfMessage}).
 *
 * The one place this input is made: the dispatcher renders with it (adding the payment link), and
 * `decide` asks the renderer's check with it on the state after the step's own events
 * ({@link messageBlock}), so the check sees what rendering will see.
 *
 * @internal
 * @param state - the claim's state with the message queued (after its step's events)
 * @param message - the queued message
 * @param channel - the channel it is written for (its own or its fallback)
 * @param day - the day of sending
 * @param statement - the claim's statement on `day` (on the invoice date before it), from `state`
 * @param policy - the claim's policy
 * @param context - holiday state (as for `decide`)
 */
export function messageRenderInput(
  state: ClaimState,
  message: QueuedMessageRef,
  channel: string,
  day: IsoDate,
  statement: Statement,
  policy: Policy,
  context: DecideContext = {},
): RenderInput {
  const facts = state.facts;
  const locale = facts.debtor.locale ?? 'de';
  const announced = prospectiveCosts(message.template, statement, statement.asOf, message.deadline, locale);
  const causes = noticeDefault(state, policy, message.stage, channel, day, message.deadline, context);
  // Only a notice says "trotz unserer Mahnung"; asked for a message of a notice stage.
  const kind = message.stage === undefined ? undefined : policy.stages.find((s) => s.id === message.stage)?.kind;
  const noEarlier = kind !== undefined && noticeKinds.has(kind) && earlierNoticeNotReceived(state, policy, message.messageId, kind);
  const keptPlan = keptPlanOfMessage(state, message.messageId);
  return {
    template: message.template,
    channel,
    locale,
    claim: facts,
    statement,
    ...(message.deadline === undefined ? {} : { deadline: message.deadline }),
    messageId: message.messageId,
    ...(message.stage === undefined ? {} : { stage: message.stage }),
    ...(announced.length === 0 ? {} : { prospectiveCosts: announced }),
    ...(causes === null ? {} : causes.afterDeadline ? { causesDefaultAfterDeadline: true } : { causesDefault: true }),
    ...(noEarlier ? { earlierNoticeNotReceived: true } : {}),
    ...(keptPlan === null ? {} : { afterKeptPlan: keptPlan }),
  };
}

/**
 * The renderer's check asked with `input`: `null` when it can write the message, else its reason
 * (a check that throws all the same is answered as a refusal with the error's message; see
 * {@link RenderCheck}).
 *
 * The one way the engine asks a check: `decide` asks it when it books a stage (`messageBlock`, with
 * the booking day's input), and the dispatcher asks it again when it sends a message (with the send
 * day's input: its statement, the deadline counted from the send) — so what the check promises
 * holds for what is sent, also when the message goes out days after it was booked.
 *
 * @internal
 * @param check - the renderer's check
 * @param input - the input rendering gets (without the payment link)
 */
export function checkRefusal(check: RenderCheck, input: RenderInput): string | null {
  try {
    return check(input);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
