import { policyStagesFor, zero, type PolicySpec } from '@mahnwerk/core';
import { checkInkassoDisclosure, type ClaimInfo, type CreditorParty, type DisclosureProblem, type InkassoInfo, type LetterData } from '@mahnwerk/templates';
import type { MahnwerkConfig } from './config.js';
import { UsageError } from './io.js';

/**
 * Templates whose message to a consumer must carry the § 13a Abs. 1 RDG information: the
 * renderer of `@mahnwerk/templates` refuses to render them without it (`InkassoDisclosureError`).
 *
 * @internal
 */
export const disclosureTemplates: readonly string[] = ['handover-inkasso'];

/**
 * The items of § 13a Abs. 1 RDG that the config supplies for every claim: Nr. 1 the client, Nr. 6
 * the input-VAT declaration, Nr. 7 whether the address was researched, Nr. 8 the supervisory
 * authority. Nr. 2–5 (reason, interest, higher rate, costs) come from each claim and its statement
 * and are checked when the message is rendered.
 */
const configItems: ReadonlySet<DisclosureProblem['item']> = new Set([1, 6, 7, 8]);

/** Where the configured policy sends a template that needs the § 13a disclosure: `stage "handover" ('handover-inkasso')`. */
function disclosureStages(policy: string): string[] {
  // § 13a Abs. 1 RDG concerns private persons; the renderer checks consumers only. A policy for
  // business debtors only never writes to a consumer.
  const stages = policyStagesFor(policy as PolicySpec, 'consumer');
  return stages.flatMap((stage) =>
    stage.actions.flatMap((action) => (action.type === 'send' && disclosureTemplates.includes(action.template) ? [`stage "${stage.id}" ('${action.template}')`] : [])),
  );
}

/**
 * The templates' own {@link checkInkassoDisclosure} on a handover letter to a consumer that differs
 * from a real one only in what the caller does not ask about (an empty statement, placeholder
 * names and dates).
 */
function checkHandover(creditor: CreditorParty, inkasso: InkassoInfo | undefined, claim: Pick<ClaimInfo, 'subject' | 'contractDate'>) {
  const none = zero('EUR');
  const data: LetterData = {
    locale: 'de',
    stage: 'handover',
    creditor,
    debtor: { name: 'check', kind: 'consumer', addressLines: ['check'] },
    claim: { id: 'check', invoiceDate: '2025-01-01', dueDate: '2025-01-15', ...claim },
    statement: { claimId: 'check', asOf: '2025-01-15', currency: 'EUR', principal: none, interest: none, costs: none, total: none, interestAccrued: none, unapplied: none, lines: [] },
    ...(inkasso === undefined ? {} : { inkasso }),
  };
  return checkInkassoDisclosure(data);
}

/**
 * The config-level items of § 13a Abs. 1 RDG the config's `inkasso` section lacks, found by the
 * templates' own {@link checkInkassoDisclosure} on a message that differs from a real one only in
 * what each claim supplies (a consumer debtor, an empty statement, a claim with subject and date).
 *
 * @param creditor - the sender
 * @param inkasso - the config's `inkasso` section (absent: none)
 * @returns the missing items, as the templates word them
 * @internal
 */
export function missingConfigDisclosure(creditor: CreditorParty, inkasso: InkassoInfo | undefined): string[] {
  const check = checkHandover(creditor, inkasso, { subject: 'check', contractDate: '2025-01-01' });
  return check.problems.flatMap((p, i) => (configItems.has(p.item) ? [check.missing[i] as string] : []));
}

/**
 * Where the config sends a consumer claim the collection agency's first letter, which must carry
 * the § 13a Abs. 1 RDG information: the stages, e.g. `stage "handover" ('handover-inkasso')`. None
 * when no `creditor` is configured (messages are the plain-text stand-in, not checked) or the
 * policy is for business debtors only. The one rule `run`'s refusal and `import`'s warning share.
 *
 * @param config - the settings
 * @returns the stages, or none
 * @internal
 */
export function consumerHandoverStages(config: MahnwerkConfig): string[] {
  if (config.creditor === undefined) return [];
  return disclosureStages(config.policy);
}

/**
 * Refuses, before anything is written, a config for commands that decide and send (`run`) whose
 * policy hands consumers over to a collection agency while the config lacks the § 13a Abs. 1 RDG
 * information: every such message would fail at sending while the engine still charges the
 * agency's fees. Applies when messages are rendered by `@mahnwerk/templates` (a `creditor` is
 * configured); the plain-text stand-in without a creditor is not checked.
 *
 * @param config - the settings
 * @param file - the config file they came from, for the message (undefined: the defaults)
 * @throws UsageError naming the config file, the stage and every missing `inkasso.…` field
 * @internal
 */
export function checkSendingConfig(config: MahnwerkConfig, file: string | undefined): void {
  const stages = consumerHandoverStages(config);
  if (stages.length === 0 || config.creditor === undefined) return;
  // The agency's first letter is the agency's when the config names one.
  const missing = missingConfigDisclosure((config.agency ?? config.creditor) as CreditorParty, config.inkasso as InkassoInfo | undefined);
  if (missing.length === 0) return;
  throw new UsageError(
    `${file ?? 'the config'}: inkasso: the policy "${config.policy}" hands consumers over to a collection agency (${stages.join(', ')}), whose first letter must carry the information of § 13a Abs. 1 RDG, but the config lacks ${missing.join('; ')}. Add them to the "inkasso" section (see docs/cli.md); nothing was run.`,
  );
}
