import { ValidationError, type IsoDate, type Renderer, type RenderInput } from '@mahnwerk/core';
import { createRenderer } from './renderer.js';
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
 * @param options - sender, extras per message, channel mapping and template overrides
 * @returns a renderer for the engine; it throws the errors of {@link TemplateRenderer.render}
 *   (the engine records them as a failed message)
 */
export function createEngineRenderer(options: EngineRendererOptions): Renderer {
  const renderer = createRenderer(options.overrides === undefined ? {} : { overrides: options.overrides });
  const channels = { ...defaultChannels, ...options.channels };
  return (input: RenderInput) => {
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
      ...(input.paymentLink === undefined ? {} : { paymentLink: input.paymentLink }),
      ...(extras.letterDate === undefined ? {} : { letterDate: extras.letterDate }),
      ...(extras.inkasso === undefined ? {} : { inkasso: extras.inkasso }),
      // Costs the message announces (core's prospectiveCosts: the court fee of a Mahnbescheid not yet applied for) — a notice, not in the total.
      ...(input.prospectiveCosts === undefined || input.prospectiveCosts.length === 0
        ? {}
        : { prospectiveCosts: input.prospectiveCosts.map((c) => ({ label: c.label, amount: c.amount, ...(c.unconfirmed === undefined ? {} : { unconfirmed: c.unconfirmed }) })) }),
    };
    return renderer.render(input.template, channel, data);
  };
}
