import { definePolicy } from '../builder.js';
import type { Policy, PolicyInput } from '../schema.js';
import { freezeDeep } from './freeze.js';
import { courtDunningAnnouncementStage, courtDunningStage, dunningNoticeStage, finalNoticeStage, handoverStage, reminderStage } from './stages.js';

/**
 * The built-in German policy for business debtors (Unternehmer, § 14 BGB), as data. Same steps
 * and timings as the consumer policy (see `deB2cDefaultPolicyInput` for the reasons behind each
 * timing); the differences are in what may be charged.
 *
 * Timeline (days after the due date if every stage fires on its earliest day):
 *
 * | stage | trigger | ≈ day | channel | deadline | fees |
 * |---|---|---|---|---|---|
 * | `reminder` (Zahlungserinnerung) | due date + 7 | 7 | e-mail, letter fallback | — | none; not for less than 10 EUR left after a payment or credit |
 * | `dunning-notice` (Mahnung) | previous + 14 | 21 | letter, e-mail fallback | 14 days | none; not for less than 10 EUR left after a payment or credit |
 * | `final-notice` (Letzte Mahnung) | previous + 21 | 42 | letter, e-mail fallback | 10 days | 40 EUR flat fee (§ 288 Abs. 5 BGB); not below 10 EUR open |
 * | `handover` (Übergabe an Inkasso) | previous + 17 | 59 | letter, e-mail fallback | 14 days | collection costs, flat fee credited |
 * | `court-dunning-announcement` (Ankündigung) | previous + 30 | 89 | letter | 14 days | none (the court fee is shown as a cost that would arise) |
 * | `court-dunning` (Antrag auf Mahnbescheid) | previous + 21 | 110 | — | — | court fee (KV 1100 GKG), charged by the filing |
 *
 * What differs from the consumer policy, and why:
 * - **Default often begins without a Mahnung.** For an Entgeltforderung a business debtor is in
 *   default at the latest 30 days after due date and receipt of the invoice (§ 286 Abs. 3 BGB),
 *   with no need for the invoice to say so; with a calendar due date from the next day (§ 286 Abs. 2
 *   Nr. 1 BGB). The dunning notice still puts the debtor in default where neither applies, so it
 *   carries no fee (BGH VIII ZR 95/18).
 * - **40 EUR flat fee on the final notice, not earlier.** § 288 Abs. 5 BGB gives it to the creditor
 *   of an Entgeltforderung against a debtor who is not a consumer, once the debtor is in default.
 *   By the final notice default has begun by any route (the dunning notice caused it at the
 *   latest — with `mahnungDefault: 'after-deadline'` too, since the final notice comes 21 days after
 *   the dunning notice, past its 14-day deadline), so the engine's run-time guard will not refuse it. Charged once; the engine skips it
 *   for claims that are not Entgeltforderungen or whose obligation arose before 29 July 2014
 *   (Art. 229 § 34 EGBGB).
 * - **No creditor fee of its own.** The creditor's own dunning costs are Rechtsverfolgungskosten
 *   covered by the 40 EUR (§ 288 Abs. 5 S. 3 BGB; EuGH 13.09.2018, C-287/17: only costs beyond the
 *   flat amount are extra) — charging both would charge the same cost twice.
 * - **Collection costs after hand-over with the flat fee credited.** The 40 EUR are credited against
 *   the collection costs (§ 288 Abs. 5 S. 3 BGB, EuGH C-131/18 Gambietz); the engine computes the
 *   § 13e RDG cap and the credit. The § 13a RDG information duties apply to demands to private
 *   persons only, but the `handover-inkasso` template is the same for both.
 * - **No final notice below 10 EUR open**, as in the consumer policy (version 3): it announces steps
 *   the policy does not take for such amounts. So the flat fee is not charged on a claim with less
 *   than 10 EUR open by the final notice's day; a creditor who wants it there derives a policy
 *   whose final notice has no `minAmount` condition.
 * - **No reminder or Mahnung for less than 10 EUR left after a payment or credit** (condition
 *   `minRemainder`), as in the consumer policy (version 4): e.g. the 0.54 EUR of interest a payment of a
 *   249.90 EUR invoice a week late pays first at 11.27 %. An unpaid invoice is reminded and dunned
 *   whatever its amount.
 */
export const deB2bDefaultPolicyInput: PolicyInput = freezeDeep({
  id: 'de-b2b-default',
  version: 4,
  name: 'Deutschland, Unternehmer (Standard)',
  description:
    'Zahlungserinnerung, Mahnung, letzte Mahnung mit Verzugspauschale, Inkasso, gerichtliches Mahnverfahren — for business debtors under German law.',
  debtorKind: 'business',
  letterDeliveryDays: 3,
  stages: [reminderStage, dunningNoticeStage, finalNoticeStage({ type: 'charge-flat-fee' }), handoverStage, courtDunningAnnouncementStage, courtDunningStage],
} satisfies PolicyInput);

/** The built-in business policy `de-b2b-default` (version 4), validated and frozen (see {@link deB2bDefaultPolicyInput}). */
export const deB2bDefaultPolicy: Policy = freezeDeep(definePolicy(deB2bDefaultPolicyInput));
