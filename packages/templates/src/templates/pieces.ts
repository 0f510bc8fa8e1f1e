// The shapes the built-in bodies share across locales (de.ts, en.ts): each locale gives its words, these
// put them together, so a letter's structure — which paragraph follows which, which branch says what — is
// written once. They build template sources as strings; the templates a host sees (builtinTemplates) are
// the same strings as when each body was written out in full.

/**
 * A body of a stage in two versions: `kept` for the letter that asks for what a kept installment plan
 * left open (`afterKeptPlan`), `usual` otherwise. Both end with a line break.
 *
 * @internal
 */
export const keptOr = (kept: string, usual: string): string => `{{#if afterKeptPlan}}\n${kept}{{else}}\n${usual}{{/if}}\n`;

/**
 * The text body of a letter after a kept installment plan: its opening (`after-kept-plan`: thanks, what
 * was paid, what is left), the statement, then `paragraphs`, a blank line between each; a line break at
 * the end.
 *
 * @internal
 */
export const keptText = (...paragraphs: readonly string[]): string => `${['{{> after-kept-plan}}', '{{> statement}}', ...paragraphs].join('\n\n')}\n`;

/**
 * The HTML body of a letter after a kept installment plan: its opening (`after-kept-plan`), the
 * statement, then `parts`, one a line; a line break at the end.
 *
 * @internal
 */
export const keptHtml = (...parts: readonly string[]): string => `${['{{> after-kept-plan}}', '{{> statement}}', ...parts].join('\n')}\n`;

/**
 * A piece of a body in both formats: `text` for the text bodies, `html` for the HTML ones.
 *
 * @internal
 */
export interface TextAndHtml {
  readonly text: string;
  readonly html: string;
}

/**
 * The paragraph of a dunning or final notice that says when default begins (§ 286 Abs. 1 BGB):
 * `afterDeadline` when the policy lets only the deadline's passing do it (`causesDefaultAfterDeadline`),
 * `onReceipt` when the notice's receipt does (`causesDefault`), nothing otherwise. As text each is set
 * off by a blank line (it follows the demand's line; the next paragraph follows it after a blank line);
 * in HTML each is a `<p>`.
 *
 * @internal
 */
export function causesDefaultParagraphs(afterDeadline: string, onReceipt: string): TextAndHtml {
  return {
    text: `{{#if causesDefaultAfterDeadline}}\n\n${afterDeadline}\n{{else if causesDefault}}\n\n${onReceipt}\n{{/if}}`,
    html: `{{#if causesDefaultAfterDeadline}}\n<p>${afterDeadline}</p>\n{{else if causesDefault}}\n<p>${onReceipt}</p>\n{{/if}}`,
  };
}

/** The words of {@link courtCostsParagraphs}. @internal */
export interface CourtCostsWords {
  /** What introduces the list of prospective costs (`hasProspectiveCosts`). */
  readonly intro: string;
  /** Without prospective costs, after a kept installment plan: what could follow. */
  readonly keptOtherwise: string;
  /** Without prospective costs, in the usual announcement. */
  readonly otherwise: string;
}

/**
 * The court dunning announcement's further costs, after a kept installment plan (`kept`) and in the
 * usual letter (`usual`): the intro and the prospective costs ("- label: amount" lines as text, a list
 * in HTML) when there are any, else the `keptOtherwise` or `otherwise` paragraph.
 *
 * @internal
 */
export function courtCostsParagraphs(words: CourtCostsWords): { readonly kept: TextAndHtml; readonly usual: TextAndHtml } {
  const paragraphs = (otherwise: string): TextAndHtml => ({
    text: `{{#if hasProspectiveCosts}}\n${words.intro}\n{{#each prospectiveCosts}}\n- {{label}}: {{money amount}}\n{{/each}}\n{{else}}\n${otherwise}\n{{/if}}`,
    html: `{{#if hasProspectiveCosts}}\n<p>${words.intro}</p>\n<ul class="prospective-costs">{{#each prospectiveCosts}}<li>{{label}}: {{money amount}}</li>{{/each}}</ul>\n{{else}}\n<p>${otherwise}</p>\n{{/if}}`,
  });
  return { kept: paragraphs(words.keptOtherwise), usual: paragraphs(words.otherwise) };
}
