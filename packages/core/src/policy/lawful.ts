import { PolicyError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import type { Policy, Stage, StageAction, StageKind } from './schema.js';

/**
 * One finding about a policy: a violation (the policy is refused) or a warning (the policy
 * loads, but a careful creditor should look again).
 */
export interface PolicyFinding {
  /** Stable rule id, e.g. `guard.no-fee-before-default`; see {@link policyRules}. */
  readonly rule: string;
  /** Legal basis of the rule, where there is one. */
  readonly basis?: string;
  /** Id of the stage the finding is about, if it is about one stage. */
  readonly stage?: string;
  /** JSON path of the offending element, e.g. `stages[2].actions[1]`. */
  readonly field: string;
  /** What is wrong, why, and how to fix it. */
  readonly message: string;
}

/** What a rule of {@link policyRules} is about. */
export interface PolicyRule {
  /** `error`: the policy is refused; `warning`: reported by {@link policyWarnings}. */
  readonly severity: 'error' | 'warning';
  /** Legal basis, if the rule has one (structural rules have none). */
  readonly basis?: string;
  /** One-line summary. */
  readonly summary: string;
}

/**
 * A creditor's own dunning fee above this amount is refused (`guard.creditor-fee-bound`). Only
 * actual material costs (print, envelope, postage) of a dunning letter sent after default are
 * recoverable (BGH 26.06.2019, VIII ZR 95/18, which accepted about 0.76 EUR); older case law
 * quoted up to 10 EUR, which is the outer bound kept here. In the claim's currency (EUR).
 */
export const creditorFeeLimit = '10.00';

/**
 * A creditor's own dunning fee above this amount loads but is reported by
 * {@link policyWarnings} (`guard.creditor-fee-actual-cost`): 2.50 EUR is the AGB lump sum the
 * BGH struck down in VIII ZR 95/18; above it, the creditor must be able to prove the actual
 * cost (facts file § 2.4). In the claim's currency (EUR).
 */
export const creditorFeeWarningThreshold = '2.50';

/**
 * The id of a rule in {@link policyRules}: `guard.*` rules protect the debtor as the law requires,
 * `policy.*` rules keep the policy's structure sound.
 */
export type PolicyRuleId =
  | 'guard.no-fee-before-default'
  | 'guard.no-fee-for-default-causing-notice'
  | 'guard.no-flat-fee-for-consumers'
  | 'guard.flat-fee-once'
  | 'guard.collection-costs-once'
  | 'guard.collection-costs-after-handover'
  | 'guard.creditor-fee-bound'
  | 'guard.no-dunning-before-due-date'
  | 'policy.unique-stage-ids'
  | 'policy.no-stage-after-final'
  | 'policy.first-stage-trigger'
  | 'policy.after-deadline-needs-deadline'
  | 'guard.creditor-fee-actual-cost'
  | 'guard.creditor-fee-without-letter'
  | 'guard.creditor-fee-with-flat-fee';

/**
 * Every rule {@link assertPolicyLawful} and {@link policyWarnings} apply, by id. The `guard.*`
 * rules keep a policy from switching off a legal guard; the `policy.*` rules keep its structure
 * sound. The engine applies the same guards again at run time (fees only once default has
 * actually begun, …); these checks refuse a policy that could never be run lawfully.
 */
export const policyRules: Readonly<Record<PolicyRuleId, PolicyRule>> = {
  'guard.no-fee-before-default': {
    severity: 'error',
    basis: '§§ 280 Abs. 2, 286 Abs. 1 BGB',
    summary:
      'No creditor fee, flat fee or collection costs on a stage before the first dunning notice: before default there is no damage from delay to recover.',
  },
  'guard.no-fee-for-default-causing-notice': {
    severity: 'error',
    basis: '§§ 280 Abs. 2, 286 Abs. 1 BGB; BGH 26.06.2019, VIII ZR 95/18',
    summary: 'No creditor fee on the first dunning notice: the notice that causes default is not a cost of default.',
  },
  'guard.no-flat-fee-for-consumers': {
    severity: 'error',
    basis: '§ 288 Abs. 5 S. 1 BGB',
    summary: 'No 40 EUR flat fee against a consumer (policy or stage restricted to consumers).',
  },
  'guard.flat-fee-once': {
    severity: 'error',
    basis: '§ 288 Abs. 5 S. 1 BGB',
    summary: 'The 40 EUR flat fee is due once per claim; a policy may charge it in one action only.',
  },
  'guard.collection-costs-once': {
    severity: 'error',
    basis: '§§ 13e, 13f RDG',
    summary: 'Collection costs are recoverable once, up to what one lawyer would get; a policy may charge them in one action only.',
  },
  'guard.collection-costs-after-handover': {
    severity: 'error',
    basis: '§ 13e Abs. 1 RDG; §§ 280 Abs. 2, 286 BGB',
    summary: 'Collection costs arise only once a collection agency or lawyer is engaged: charge them after a hand-over action.',
  },
  'guard.creditor-fee-bound': {
    severity: 'error',
    basis: '§§ 280 Abs. 2, 286 BGB; § 309 Nr. 5 BGB; BGH 26.06.2019, VIII ZR 95/18',
    summary: `A creditor's own dunning fee above ${creditorFeeLimit} is far above the actual material cost of a letter and is refused.`,
  },
  'guard.no-dunning-before-due-date': {
    severity: 'error',
    basis: '§ 286 Abs. 1 S. 1 BGB',
    summary:
      'A dunning notice, final notice, hand-over or court dunning stage must not be able to start on or before the due date: a Mahnung before Fälligkeit has no effect.',
  },
  'policy.unique-stage-ids': {
    severity: 'error',
    summary: 'Stage ids are unique within a policy (events and messages refer to stages by id).',
  },
  'policy.no-stage-after-final': {
    severity: 'error',
    summary: 'No stage may follow a stage marked `final: true`; it could never be reached.',
  },
  'policy.first-stage-trigger': {
    severity: 'error',
    summary: "The first stage has no previous stage: its trigger must be 'due-date' or 'default'.",
  },
  'policy.after-deadline-needs-deadline': {
    severity: 'error',
    basis: '§ 286 Abs. 1 BGB',
    summary:
      "mahnungDefault: 'after-deadline' needs a set-deadline action on the first dunning notice: without a deadline there is nothing for default to wait for, and the setting would change nothing.",
  },
  'guard.creditor-fee-actual-cost': {
    severity: 'warning',
    basis: '§ 309 Nr. 5 BGB; BGH 26.06.2019, VIII ZR 95/18',
    summary: `A creditor's own dunning fee above ${creditorFeeWarningThreshold} must be backed by proof of actual material costs.`,
  },
  'guard.creditor-fee-without-letter': {
    severity: 'warning',
    basis: '§§ 280 Abs. 2, 286 BGB; BGH 26.06.2019, VIII ZR 95/18',
    summary: 'A creditor fee on a stage that sends no letter: an e-mail or SMS causes no material cost that could be recovered.',
  },
  'guard.creditor-fee-with-flat-fee': {
    severity: 'warning',
    basis: '§ 288 Abs. 5 S. 3 BGB; EuGH 13.09.2018, C-287/17',
    summary: 'A creditor fee in a policy that also charges the 40 EUR flat fee: own dunning costs are covered by (credited against) the flat fee.',
  },
};

/**
 * Stage kinds whose message is a Mahnung that can put the debtor in default (§ 286 Abs. 1 BGB):
 * dunning notices, final notices, the collection agency's first letter and the announcement of
 * court dunning (a demand for payment after the due date, whoever sends it; a Mahnbescheid counts
 * as one, S. 2). A `reminder` (Zahlungserinnerung) is treated as friendly and without legal effect.
 * The one list the policy checks and the engine's default and letters read.
 */
export const noticeKinds: ReadonlySet<StageKind> = new Set<StageKind>(['dunning-notice', 'final-notice', 'handover', 'court-dunning']);

const feeActions: ReadonlySet<StageAction['type']> = new Set<StageAction['type']>([
  'charge-creditor-fee',
  'charge-flat-fee',
  'charge-collection-costs',
]);

/**
 * Index of the stage whose message is the first Mahnung of the policy — the notice that puts a
 * debtor who is not yet in default into default (§ 286 Abs. 1 BGB): the first stage of kind
 * `dunning-notice`, `final-notice`, `handover` or `court-dunning` (a Mahnbescheid counts as a
 * Mahnung, § 286 Abs. 1 S. 2 BGB). `-1` when the policy has none (reminders only).
 *
 * @param policy - a validated policy
 */
export function defaultCausingStageIndex(policy: Pick<Policy, 'stages'>): number {
  return policy.stages.findIndex((s) => noticeKinds.has(s.kind));
}

function finding(
  rule: PolicyRuleId,
  field: string,
  stage: Stage | undefined,
  problem: string,
  fix: string,
): PolicyFinding {
  const def: PolicyRule = policyRules[rule];
  const where = stage === undefined ? field : `stage "${stage.id}" (${field})`;
  const basis = def.basis === undefined ? '' : `; ${def.basis}`;
  const message = `Policy ${where}: ${problem} ${fix} [rule ${rule}${basis}]`;
  return {
    rule,
    field,
    message,
    ...(def.basis === undefined ? {} : { basis: def.basis }),
    ...(stage === undefined ? {} : { stage: stage.id }),
  };
}

/**
 * Lower bound, in days relative to the due date, of the day each stage can start; `null` when a
 * stage can only start after default, which itself begins on the due date + 1 at the earliest.
 */
function earliestDueOffsets(stages: readonly Stage[]): number[] {
  const earliest: number[] = [];
  stages.forEach((s, i) => {
    if (s.trigger.after === 'due-date') {
      earliest.push(s.trigger.days);
      return;
    }
    if (s.trigger.after === 'default') {
      earliest.push(1 + s.trigger.days);
      return;
    }
    // previous-stage: the previously ENTERED stage — i-1, or further back while the stages in
    // between have conditions (they may be skipped). A stage starts no earlier than that one.
    let low = Number.POSITIVE_INFINITY;
    for (let k = i - 1; k >= 0; k--) {
      low = Math.min(low, (earliest[k] ?? 0) + Math.max(s.trigger.days, 0));
      if (stages[k]?.conditions === undefined) break; // stage k is always entered: nothing before it counts
    }
    earliest.push(low === Number.POSITIVE_INFINITY ? s.trigger.days : low);
  });
  return earliest;
}

/**
 * Every violation of a `severity: 'error'` rule of {@link policyRules}, in stage order. Empty for
 * a lawful policy. {@link assertPolicyLawful} throws the first of them.
 *
 * @param policy - a policy that passed the schema (see `loadPolicy`)
 */
export function policyViolations(policy: Policy): readonly PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const stages = policy.stages;
  const noticeIndex = defaultCausingStageIndex(policy);
  const seenIds = new Map<string, number>();
  const earliest = earliestDueOffsets(stages);
  let finalIndex = -1;
  let flatFeeAt: string | null = null;
  let collectionCostsAt: string | null = null;
  let handedOver = false;

  stages.forEach((stage, i) => {
    const at = `stages[${i}]`;
    const firstIndex = seenIds.get(stage.id);
    if (firstIndex !== undefined) {
      out.push(
        finding(
          'policy.unique-stage-ids',
          `${at}.id`,
          stage,
          `the id "${stage.id}" is already used by stages[${firstIndex}].`,
          'Give every stage its own id.',
        ),
      );
    } else {
      seenIds.set(stage.id, i);
    }
    if (finalIndex >= 0) {
      out.push(
        finding(
          'policy.no-stage-after-final',
          at,
          stage,
          `stages[${finalIndex}] ("${stages[finalIndex]?.id ?? ''}") is marked final: true, so this stage can never be reached.`,
          'Remove this stage or remove `final: true` from the earlier stage.',
        ),
      );
    }
    if (stage.final === true && finalIndex < 0) finalIndex = i;
    if (i === 0 && stage.trigger.after === 'previous-stage') {
      out.push(
        finding(
          'policy.first-stage-trigger',
          `${at}.trigger.after`,
          stage,
          "the first stage is triggered by 'previous-stage', but there is no previous stage.",
          "Use after: 'due-date' (e.g. 7 days) or after: 'default'.",
        ),
      );
    }
    const earliestDay = earliest[i] ?? 0;
    if (noticeKinds.has(stage.kind) && earliestDay < 1) {
      out.push(
        finding(
          'guard.no-dunning-before-due-date',
          `${at}.trigger`,
          stage,
          `this ${stage.kind} stage can start ${earliestDay === 0 ? 'on' : `${-earliestDay} day(s) before`} the due date; a Mahnung sent before the claim is due (fällig) does not put the debtor in default, and fees computed from it would be wrong.`,
          'Trigger it at least 1 day after the due date (or after the previous stage / default).',
        ),
      );
    }

    stage.actions.forEach((action, j) => {
      const field = `${at}.actions[${j}]`;
      if (action.type === 'hand-over') handedOver = true;
      if (!feeActions.has(action.type)) return;
      if (noticeIndex < 0 || i < noticeIndex) {
        out.push(
          finding(
            'guard.no-fee-before-default',
            field,
            stage,
            noticeIndex < 0
              ? `${action.type} in a policy without any dunning-notice stage; without a Mahnung the policy cannot rely on default, and no cost of default may be charged before it.`
              : `${action.type} on a stage before the first dunning notice ("${stages[noticeIndex]?.id ?? ''}"); the debtor is not yet in default, so there is no damage from delay to charge.`,
            'Move the action to a stage after the first dunning-notice stage, or remove it.',
          ),
        );
      } else if (i === noticeIndex && action.type === 'charge-creditor-fee') {
        out.push(
          finding(
            'guard.no-fee-for-default-causing-notice',
            field,
            stage,
            'charge-creditor-fee on the first dunning notice; the notice that causes default is not recoverable (BGH VIII ZR 95/18).',
            'Charge a creditor fee on a later notice (e.g. the final notice) only, or remove it.',
          ),
        );
      }
      if (action.type === 'charge-flat-fee') {
        const consumer = policy.debtorKind === 'consumer' || stage.conditions?.debtorKind === 'consumer';
        if (consumer) {
          out.push(
            finding(
              'guard.no-flat-fee-for-consumers',
              field,
              stage,
              `charge-flat-fee where the debtor is a consumer (${policy.debtorKind === 'consumer' ? 'policy debtorKind' : 'stage condition debtorKind'} is 'consumer'); the 40 EUR flat fee is only due from a debtor who is not a consumer.`,
              "Remove the action, or use it only in a policy (or stage) with debtorKind 'business'.",
            ),
          );
        }
        if (flatFeeAt !== null) {
          out.push(
            finding(
              'guard.flat-fee-once',
              field,
              stage,
              `a second charge-flat-fee (the first is at ${flatFeeAt}); the flat fee is due once per claim.`,
              'Keep one charge-flat-fee action.',
            ),
          );
        } else {
          flatFeeAt = field;
        }
      }
      if (action.type === 'charge-collection-costs') {
        if (!handedOver) {
          out.push(
            finding(
              'guard.collection-costs-after-handover',
              field,
              stage,
              'charge-collection-costs before any hand-over action; collection costs arise only once a collection agency or lawyer is engaged.',
              "Put a { type: 'hand-over' } action before it (same stage or an earlier one).",
            ),
          );
        }
        if (collectionCostsAt !== null) {
          out.push(
            finding(
              'guard.collection-costs-once',
              field,
              stage,
              `a second charge-collection-costs (the first is at ${collectionCostsAt}); collection costs are recoverable once, and agency plus lawyer only as much as one lawyer (§ 13f RDG).`,
              'Keep one charge-collection-costs action.',
            ),
          );
        } else {
          collectionCostsAt = field;
        }
      }
      if (action.type === 'charge-creditor-fee' && new Dec(action.amount).gt(creditorFeeLimit)) {
        out.push(
          finding(
            'guard.creditor-fee-bound',
            `${field}.amount`,
            stage,
            `creditor fee ${action.amount} is above ${creditorFeeLimit}; only the actual material cost of a dunning letter (print, envelope, postage) is recoverable.`,
            `Use at most ${creditorFeeLimit} (better: at most ${creditorFeeWarningThreshold}, backed by your actual cost).`,
          ),
        );
      }
    });
  });
  if (policy.mahnungDefault === 'after-deadline') {
    const notice = stages[noticeIndex];
    if (notice === undefined || !notice.actions.some((a) => a.type === 'set-deadline')) {
      out.push(
        finding(
          'policy.after-deadline-needs-deadline',
          notice === undefined ? 'mahnungDefault' : `stages[${noticeIndex}].actions`,
          notice,
          notice === undefined
            ? "mahnungDefault is 'after-deadline', but the policy has no dunning-notice stage, so no Mahnung sets a deadline for default to wait for."
            : `mahnungDefault is 'after-deadline', but this first dunning notice sets no payment deadline, so default could not wait for one (it would begin with the notice's receipt, as under 'on-receipt').`,
          notice === undefined
            ? "Add a dunning-notice stage with a { type: 'set-deadline', days } action, or remove mahnungDefault."
            : "Add a { type: 'set-deadline', days } action to this stage (e.g. 14 days), or remove mahnungDefault.",
        ),
      );
    }
  }
  return out;
}

/**
 * Refuses a policy that tries to switch off a legal guard or whose structure is unsound. The
 * guards cannot be configured away; see {@link policyRules} for each rule, its basis and why.
 *
 * @param policy - a policy that passed the schema (see `loadPolicy`)
 * @throws PolicyError (code `policy_invalid`) for the first violation, naming the stage, the rule
 *   id, the legal basis and how to fix it; `field` holds the JSON path
 */
export function assertPolicyLawful(policy: Policy): void {
  const first = policyViolations(policy)[0];
  if (first === undefined) return;
  throw new PolicyError(first.message, {
    rule: first.rule,
    field: first.field,
    ...(first.basis === undefined ? {} : { basis: first.basis }),
    ...(first.stage === undefined ? {} : { stage: first.stage }),
  });
}

/**
 * Findings of the `severity: 'warning'` rules of {@link policyRules}: things a lawful policy may
 * do but a careful creditor should double-check — a creditor fee above
 * {@link creditorFeeWarningThreshold}, a creditor fee on a stage that sends no letter, a creditor
 * fee alongside the 40 EUR flat fee. Empty for the built-in policies.
 *
 * @param policy - a policy that passed the schema (see `loadPolicy`)
 */
export function policyWarnings(policy: Policy): readonly PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const flatFee = policy.stages.some((s) => s.actions.some((a) => a.type === 'charge-flat-fee'));
  policy.stages.forEach((stage, i) => {
    const sendsLetter = stage.actions.some((a) => a.type === 'send' && a.channel === 'letter');
    stage.actions.forEach((action, j) => {
      if (action.type !== 'charge-creditor-fee') return;
      const field = `stages[${i}].actions[${j}]`;
      const amount = new Dec(action.amount);
      if (amount.gt(creditorFeeWarningThreshold) && amount.lte(creditorFeeLimit)) {
        out.push(
          finding(
            'guard.creditor-fee-actual-cost',
            `${field}.amount`,
            stage,
            `creditor fee ${action.amount} is above ${creditorFeeWarningThreshold}; a lump sum is recoverable only up to the actual material cost of the letter (a 2.50 EUR AGB lump sum was struck down in BGH VIII ZR 95/18).`,
            `Lower it to your proven cost per letter or keep evidence of that cost.`,
          ),
        );
      }
      if (!sendsLetter) {
        out.push(
          finding(
            'guard.creditor-fee-without-letter',
            field,
            stage,
            'creditor fee on a stage that sends no letter; an e-mail or SMS causes no material cost to recover.',
            "Send this stage's notice by letter (channel 'letter') or remove the fee.",
          ),
        );
      }
      if (flatFee) {
        out.push(
          finding(
            'guard.creditor-fee-with-flat-fee',
            field,
            stage,
            'creditor fee in a policy that also charges the 40 EUR flat fee; own dunning costs are credited against the flat fee, so the fee would be charged twice.',
            'Remove the creditor fee from policies that charge the flat fee.',
          ),
        );
      }
    });
  });
  return out;
}
