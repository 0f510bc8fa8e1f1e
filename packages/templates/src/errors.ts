import { MahnwerkError, type MahnwerkErrorOptions } from '@mahnwerk/core';

/** Options of a {@link TemplateError}. */
export interface TemplateErrorOptions extends MahnwerkErrorOptions {
  /** The template key the error is about, e.g. `de/email/reminder.subject`. */
  readonly templateKey?: string;
}

/**
 * A template cannot be rendered: unknown name, channel or locale; a syntax error in an override;
 * a variable or helper the template uses but the data does not have (templates run in Handlebars'
 * strict mode); an SMS longer than one segment. Code `template_invalid`.
 */
export class TemplateError extends MahnwerkError {
  /** The template key the error is about, if any. */
  readonly templateKey: string | undefined;

  /**
   * @param message - what was wrong, in which template, and how to fix it
   * @param options - template key, data field and cause
   */
  constructor(message: string, options: TemplateErrorOptions = {}) {
    super('template_invalid', message, options);
    this.name = 'TemplateError';
    this.templateKey = options.templateKey;
  }
}

/**
 * The `handover-inkasso` message to a private person lacks information § 13a Abs. 1 RDG requires
 * with the first demand. Code `template_invalid`; {@link InkassoDisclosureError.missing} names
 * every missing item with its number in § 13a Abs. 1 RDG and the data field to fill.
 */
export class InkassoDisclosureError extends TemplateError {
  /** One entry per missing item, e.g. `§ 13a Abs. 1 Nr. 1 RDG: name of the client (inkasso.client.name)`. */
  readonly missing: readonly string[];

  /**
   * @param missing - the missing items, as returned by `checkInkassoDisclosure`
   * @param options - template key
   */
  constructor(missing: readonly string[], options: TemplateErrorOptions = {}) {
    super(
      `The first demand of a collection agency to a private person must contain the information of § 13a Abs. 1 RDG; ` +
        `missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\nSupply these fields in LetterData before rendering 'handover-inkasso'.`,
      { field: 'inkasso', ...options },
    );
    this.name = 'InkassoDisclosureError';
    this.missing = Object.freeze([...missing]);
  }
}
