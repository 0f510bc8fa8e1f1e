/**
 * `@mahnwerk/templates` — German and English message templates for mahnwerk: payment reminder,
 * Mahnung, letzte Mahnung, the collection agency's first demand with the § 13a RDG information,
 * and the announcement of the court dunning procedure — each as letter, e-mail and SMS, rendered
 * with an isolated, strict Handlebars instance. Hosts override any template by key.
 *
 * @packageDocumentation
 */
export {
  templateNames,
  messageChannels,
  locales,
  type Locale,
  type MessageChannel,
  type TemplateName,
  type BankAccount,
  type CreditorParty,
  type DebtorParty,
  type ClaimInfo,
  type ClaimReason,
  type SupervisoryAuthority,
  type InkassoInfo,
  type KeptPlanInfo,
  type LetterData,
  type RendererOptions,
  type RenderMessageOptions,
} from './types.js';
export { TemplateError, InkassoDisclosureError, type TemplateErrorOptions } from './errors.js';
export { formatMoneyFor, formatDateFor, formatPercentFor } from './format.js';
export { stripControlCharacters, toGsmText, measureSms, type SmsMeasure } from './text.js';
export { checkInkassoDisclosure, type DisclosureCheck, type DisclosureProblem } from './disclosure.js';
export type { TemplateView, ViewLine, ViewInkasso, ViewProspectiveCost } from './view.js';
export { builtinTemplates } from './templates/builtin.js';
export { createRenderer, renderMessage, type TemplateRenderer } from './renderer.js';
export { createEngineRenderer, type EngineRendererOptions, type MessageExtras } from './engine.js';
