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
 * The paragraph of a notice that puts the debtor in default, as text (`afterDeadline` when the policy
 * lets only the deadline's passing do it, `onReceipt` when the receipt does, § 286 Abs. 1 BGB; nothing
 * otherwise), each set off by a blank line: it follows the demand's line, the next paragraph follows it
 * after a blank line.
 *
 * @internal
 */
export const causesDefaultParagraph = (afterDeadline: string, onReceipt: string): string =>
  `{{#if causesDefaultAfterDeadline}}\n\n${afterDeadline}\n{{else if causesDefault}}\n\n${onReceipt}\n{{/if}}`;

/**
 * {@link causesDefaultParagraph} in HTML, a `<p>` each.
 *
 * @internal
 */
export const causesDefaultParagraphHtml = (afterDeadline: string, onReceipt: string): string =>
  `{{#if causesDefaultAfterDeadline}}\n<p>${afterDeadline}</p>\n{{else if causesDefault}}\n<p>${onReceipt}</p>\n{{/if}}`;

/**
 * The court dunning announcement's further costs, as text: `intro` and one "- label: amount" line per
 * prospective cost when there are any (`hasProspectiveCosts`), else `otherwise`.
 *
 * @internal
 */
export const prospectiveCostsParagraph = (intro: string, otherwise: string): string =>
  `{{#if hasProspectiveCosts}}\n${intro}\n{{#each prospectiveCosts}}\n- {{label}}: {{money amount}}\n{{/each}}\n{{else}}\n${otherwise}\n{{/if}}`;

/**
 * {@link prospectiveCostsParagraph} in HTML: `intro` as a `<p>` and the costs as a list, or `otherwise` as a `<p>`.
 *
 * @internal
 */
export const prospectiveCostsParagraphHtml = (intro: string, otherwise: string): string =>
  `{{#if hasProspectiveCosts}}\n<p>${intro}</p>\n<ul class="prospective-costs">{{#each prospectiveCosts}}<li>{{label}}: {{money amount}}</li>{{/each}}</ul>\n{{else}}\n<p>${otherwise}</p>\n{{/if}}`;
