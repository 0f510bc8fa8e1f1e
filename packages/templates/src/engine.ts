import { MahnwerkError, ValidationError, type IsoDate, type RenderedMessage, type Renderer, type RenderInput } from '@mahnwerk/core';
import { createRenderer, type TemplateRenderer } from './renderer.js';
import type { ClaimInfo, CreditorParty, InkassoInfo, LetterData, MessageChannel, RendererOptions } from './types.js';

/** Data the engine does not know but a message may print; returned per message by {@link EngineRendererOptions.extra}. */
export interface MessageExtras {
  /** The § 13a RDG information for `handover-inkasso` (required for consumers). */
  readonly inkasso?: InkassoInfo;
  /** What the invoice was for, printed after the reference; default the claim's `description`. */
  readonly claimSubject?: string;
  /** Date of the contract, when the claim's facts do not carry it. */
  readonly contractDate?: IsoDate;
  /** The debtor's customer number. */
  readonly customerNumber?: string;
  /** Letter date; default the statement day. */
  readonly letterDate?: IsoDate;
}

/** Options of {@link createEngineRenderer}. */
export interface EngineRendererOptions extends RendererOptions {
  /**
   * The sender: the creditor, or a function choosing it per message (e.g. the collection agency
   * for `handover-inkasso`).
   */
  readonly creditor: CreditorParty | ((input: RenderInput) => CreditorParty);
  /** Further data per message, e.g. the § 13a RDG block for the agency's first letter. */
  readonly extra?: (input: RenderInput) => MessageExtras;
  /**
   * Which template channel serves an engine channel; `letter`, `email` and `sms` map to
   * themselves, `whatsapp` to `sms` and `webhook` to `email` unless given here.
   */
  readonly channels?: Readonly<Record<string, MessageChannel>>;
}

const defaultChannels: Readonly<Record<string, MessageChannel>> = { letter: 'letter', email: 'email', sms: 'sms', whatsapp: 'sms', webhook: 'email' };

/**
 * Adapts the templates to the engine's `render` option (`createMahnwerk({ render })` in
 * `@mahnwerk/core`): the claim's facts, statement, deadline and payment link from the engine,
 * the sender and any extras from the host.
 *
 * The renderer carries core's `check` (`Renderer.check`): when the engine decides a stage it asks,
 * on the claim as the stage leaves it (its own costs included) and before anything is stored,
 * whether each of the stage's messages can be written, with the same checks rendering makes (one
 * function, {@link TemplateRenderer.check}); a message it cannot write blocks the stage (rule
 * `guard.message-cannot-be-written`) — no hand-over and no collection costs for a letter that would
 * not go out. The dispatcher asks it again when it sends, with the send day's statement and
 * deadline (a send deferred by quiet hours, a Sunday or a retry sees later figures); a refusal then
 * fails that message on its channel with the check's reason and the run goes on. So before the first hand-over, give the renderer the collection agency as the sender
 * of `handover-inkasso` (`creditor` as a function, the agency with `isCollectionAgency: true`) and
 * the § 13a RDG information (`extra: (input) => ({ inkasso })`); without them the hand-over is
 * blocked with the reason.
 *
 * @param options - sender, extras per message, channel mapping and template overrides
 * @returns a renderer for the engine with its `check`; it throws the errors of
 *   {@link TemplateRenderer.render} (the engine records them as a failed message)
 * @throws ValidationError (field `creditor` or `creditor.name`) when no sender is given, or a fixed
 *   sender without a name
 */
export function createEngineRenderer(options: EngineRendererOptions): Renderer {
  checkCreditorOption(options);
  const renderer = createRenderer(options.overrides === undefined ? {} : { overrides: options.overrides });
  const channels = { ...defaultChannels, ...options.channels };
  const render = (input: RenderInput): RenderedMessage => {
    const { channel, data } = letterDataFor(options, channels, input);
    return renderer.render(input.template, channel, data);
  };
  const check = (input: RenderInput): string | null => {
    let prepared: { channel: MessageChannel; data: LetterData };
    try {
      prepared = letterDataFor(options, channels, input);
    } catch (error) {
      if (MahnwerkError.isInstance(error)) return error.message;
      throw error;
    }
    return renderer.check(input.template, prepared.channel, prepared.data);
  };
  return Object.assign(render, { check });
}

/**
 * The `creditor` option: a sender object with a name, or a function choosing one per message.
 *
 * @throws ValidationError (field `creditor` or `creditor.name`)
 */
function checkCreditorOption(options: EngineRendererOptions): void {
  const creditor: unknown = typeof options === 'object' && options !== null ? options.creditor : undefined;
  if (typeof creditor === 'function') return;
  if (typeof creditor !== 'object' || creditor === null) {
    throw new ValidationError(
      'creditor: createEngineRenderer needs the sender of the messages — the creditor ({ name, addressLines, … }) or a function choosing it per message (e.g. the collection agency for handover-inkasso).',
      { field: 'creditor' },
    );
  }
  const name: unknown = (creditor as { name?: unknown }).name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError('creditor.name: expected the name or firm of the sender, e.g. "Beispiel GmbH"; a dunning letter must name the creditor.', { field: 'creditor.name' });
  }
}

/**
 * The template channel and the letter data of an engine message: the one path of the renderer's
 * render and check.
 *
 * @throws ValidationError (field `channel`) when no template channel serves the engine channel
 */
function letterDataFor(
  options: EngineRendererOptions,
  channels: Readonly<Record<string, MessageChannel>>,
  input: RenderInput,
): { channel: MessageChannel; data: LetterData } {
  const channel = channels[input.channel];
  if (channel === undefined) {
    throw new ValidationError(`channel: no template channel for "${input.channel}"; map it in createEngineRenderer({ channels }).`, { field: 'channel' });
  }
  const facts = input.claim;
  const extras = options.extra?.(input) ?? {};
  const creditor = typeof options.creditor === 'function' ? options.creditor(input) : options.creditor;
  const contractDate = extras.contractDate ?? facts.contractDate;
  // The claim's own description is what it was for (ClaimFacts.description: "as printed in
  // letters"; § 13a Abs. 1 Nr. 2 RDG asks the agency's letter to name it); the host may word it anew.
  const subject = extras.claimSubject ?? facts.description;
  const claim: ClaimInfo = {
    id: facts.id,
    invoiceDate: facts.invoiceDate,
    dueDate: facts.dueDate,
    ...(facts.reference === undefined ? {} : { reference: facts.reference }),
    ...(subject === undefined ? {} : { subject }),
    ...(contractDate === undefined ? {} : { contractDate }),
  };
  const data: LetterData = {
    locale: input.locale,
    stage: input.stage ?? input.template,
    creditor,
    debtor: {
      name: facts.debtor.name,
      kind: facts.debtor.kind,
      addressLines: facts.debtor.address ?? [],
      ...(facts.debtor.postalAddress === undefined ? {} : { postalAddress: facts.debtor.postalAddress }),
      ...(facts.debtor.email === undefined ? {} : { email: facts.debtor.email }),
      ...(facts.debtor.phone === undefined ? {} : { phone: facts.debtor.phone }),
      ...(extras.customerNumber === undefined ? {} : { customerNumber: extras.customerNumber }),
    },
    claim,
    statement: input.statement,
    ...(input.deadline === undefined ? {} : { deadline: input.deadline }),
    ...(input.causesDefault === true ? { causesDefault: true } : {}),
    ...(input.causesDefaultAfterDeadline === true ? { causesDefaultAfterDeadline: true } : {}),
    ...(input.earlierNoticeNotReceived === true ? { earlierNoticeNotReceived: true } : {}),
    ...(input.afterKeptPlan === undefined
      ? {}
      : { afterKeptPlan: { agreedOn: input.afterKeptPlan.agreedOn, installments: input.afterKeptPlan.installments, agreed: input.afterKeptPlan.agreed, paid: input.afterKeptPlan.paid } }),
    ...(input.paymentLink === undefined ? {} : { paymentLink: input.paymentLink }),
    ...(extras.letterDate === undefined ? {} : { letterDate: extras.letterDate }),
    ...(extras.inkasso === undefined ? {} : { inkasso: extras.inkasso }),
    // Costs the message announces (core's prospectiveCosts: the court fee of a Mahnbescheid not yet applied for) — a notice, not in the total.
    ...(input.prospectiveCosts === undefined || input.prospectiveCosts.length === 0
      ? {}
      : { prospectiveCosts: input.prospectiveCosts.map((c) => ({ label: c.label, amount: c.amount, ...(c.unconfirmed === undefined ? {} : { unconfirmed: c.unconfirmed }) })) }),
  };
  return { channel, data };
}
