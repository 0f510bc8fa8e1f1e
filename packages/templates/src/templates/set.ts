import type { TemplateName } from '../types.js';

/** The pieces of one locale's built-in templates; the channel wrappers are put together in builtin.ts. */
export interface LocaleTemplateSet {
  /** Subject per template name (letter heading, e-mail subject, SMS title). */
  readonly subjects: Readonly<Record<TemplateName, string>>;
  /** Plain-text body per template name (between salutation and closing). */
  readonly bodies: Readonly<Record<TemplateName, string>>;
  /** HTML body per template name. */
  readonly bodiesHtml: Readonly<Record<TemplateName, string>>;
  /** SMS text per template name (at most 160 GSM-7 characters with realistic data). */
  readonly sms: Readonly<Record<TemplateName, string>>;
  /** Shared partials by name; a `.html` suffix marks the HTML variant. */
  readonly partials: Readonly<Record<string, string>>;
}
