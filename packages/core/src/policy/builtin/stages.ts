import type { StageAction, StageInput } from '../types.js';

/**
 * The stages the built-in German policies share: same timings, channels and deadlines for consumer
 * and business debtors (reasons in the TSDoc of `deB2cDefaultPolicyInput`). Only the final notice
 * differs — what may be charged with it — so each policy passes its fee action.
 */

/**
 * Not for a small remainder after a payment or credit (e.g. the interest a late payment of the whole
 * invoice leaves, § 367 Abs. 1 BGB): a reminder or a formal Mahnung with a 14-day deadline for a few
 * cents is out of proportion. An invoice nothing was paid or credited on is reminded and dunned
 * whatever its amount — a shop's unpaid 4.99 EUR gets its reminder and Mahnung (condition
 * `minRemainder`, version 4; version 3 sent them whatever was left). The same 10 EUR as the later
 * stages' minimum: a judgment of proportion, not a figure from a source (docs/legal-notes.md).
 */
const notForSmallRemaindersAfterPayment = { minRemainder: '10.00' };

/** Friendly reminder a week after the due date; no legal effect, no fee; not for a remainder below 10 EUR after a payment or credit. */
export const reminderStage: StageInput = {
  id: 'reminder',
  name: 'Zahlungserinnerung',
  kind: 'reminder',
  trigger: { after: 'due-date', days: 7 },
  conditions: notForSmallRemaindersAfterPayment,
  actions: [{ type: 'send', channel: 'email', template: 'reminder', fallbackChannel: 'letter' }],
};

/**
 * The Mahnung (§ 286 Abs. 1 BGB); causes default if not yet in default; no fee (BGH VIII ZR 95/18);
 * not for a remainder below 10 EUR after a payment or credit.
 */
export const dunningNoticeStage: StageInput = {
  id: 'dunning-notice',
  name: 'Mahnung',
  kind: 'dunning-notice',
  trigger: { after: 'previous-stage', days: 14 },
  conditions: notForSmallRemaindersAfterPayment,
  actions: [
    { type: 'send', channel: 'letter', template: 'dunning-notice', fallbackChannel: 'email' },
    { type: 'set-deadline', days: 14 },
  ],
};

/**
 * Not for small remainders (e.g. interest left after the principal was paid): handing over or
 * filing a Mahnbescheid (court fee at least 38 EUR from 2025-06-01, 36 EUR before) for less than 10 EUR is out of proportion.
 */
const notForSmallRemainders = { minAmount: '10.00' };

/**
 * Last warning announcing Inkasso, 14-day deadline + 7 grace days after the Mahnung, with a new
 * 10-day deadline and the fee the debtor kind allows. Not for small remainders: it threatens the
 * hand-over and the court dunning procedure, which the policy does not take below 10 EUR — a
 * letter announcing steps that will not follow would mislead the debtor (and charge a fee for it).
 *
 * @param fee - the consumer's creditor fee or the business debtor's § 288 Abs. 5 BGB flat fee
 */
export function finalNoticeStage(fee: StageAction): StageInput {
  return {
    id: 'final-notice',
    name: 'Letzte Mahnung',
    kind: 'final-notice',
    trigger: { after: 'previous-stage', days: 21 },
    conditions: notForSmallRemainders,
    actions: [{ type: 'send', channel: 'letter', template: 'final-notice', fallbackChannel: 'email' }, { type: 'set-deadline', days: 10 }, fee],
  };
}

/** Hand-over to a collection agency; 10-day deadline + 7 grace days; costs capped by § 13e RDG. */
export const handoverStage: StageInput = {
  id: 'handover',
  name: 'Übergabe an Inkasso',
  kind: 'handover',
  trigger: { after: 'previous-stage', days: 17 },
  conditions: notForSmallRemainders,
  actions: [
    { type: 'hand-over', to: 'collection-agency' },
    { type: 'charge-collection-costs', case: 'auto' },
    { type: 'send', channel: 'letter', template: 'handover-inkasso', fallbackChannel: 'email' },
    { type: 'set-deadline', days: 14 },
  ],
};

/**
 * Announcement of the court dunning procedure, 30 days after the hand-over: a last demand with a
 * 14-day deadline. It charges nothing — the court fee arises with the application, not with the letter
 * that announces it; the letter shows it as a cost that *would* arise.
 */
export const courtDunningAnnouncementStage: StageInput = {
  id: 'court-dunning-announcement',
  name: 'Ankündigung des gerichtlichen Mahnverfahrens',
  kind: 'court-dunning',
  trigger: { after: 'previous-stage', days: 30 },
  conditions: notForSmallRemainders,
  actions: [
    { type: 'send', channel: 'letter', template: 'court-dunning-announcement' },
    { type: 'set-deadline', days: 14 },
  ],
};

/**
 * Application for a Mahnbescheid (§§ 688 ff. ZPO), a step of its own after the announcement's 14-day
 * deadline + 7 days: the filing is recorded with its date (`court-dunning-filed`), suspends limitation
 * (§ 204 Abs. 1 Nr. 3 BGB) and is what charges the court fee (KV 1100 GKG).
 */
export const courtDunningStage: StageInput = {
  id: 'court-dunning',
  name: 'Antrag auf Erlass eines Mahnbescheids',
  kind: 'court-dunning',
  trigger: { after: 'previous-stage', days: 21 },
  conditions: notForSmallRemainders,
  actions: [{ type: 'file-court-dunning' }],
  final: true,
};
