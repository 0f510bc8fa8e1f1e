import { definePolicy } from '../builder.js';
import type { Policy, PolicyInput } from '../schema.js';
import { freezeDeep } from './freeze.js';
import { courtDunningAnnouncementStage, courtDunningStage, dunningNoticeStage, finalNoticeStage, handoverStage, reminderStage } from './stages.js';

/**
 * The built-in German policy for consumer debtors (Verbraucher, § 13 BGB), as data — the way a
 * careful German creditor dunns a private customer: friendly first, one clear Mahnung, one last
 * warning, then Inkasso, then the court.
 *
 * Timeline (days after the due date if every stage fires on its earliest day; the engine never
 * starts a stage before the previous stage's deadline):
 *
 * | stage | trigger | ≈ day | channel | deadline | fees |
 * |---|---|---|---|---|---|
 * | `reminder` (Zahlungserinnerung) | due date + 7 | 7 | e-mail, letter fallback | — | none; not for less than 10 EUR left after a payment or credit |
 * | `dunning-notice` (Mahnung) | previous + 14 | 21 | letter, e-mail fallback | 14 days | none; not for less than 10 EUR left after a payment or credit |
 * | `final-notice` (Letzte Mahnung) | previous + 21 | 42 | letter, e-mail fallback | 10 days | creditor fee 1.00; not below 10 EUR open |
 * | `handover` (Übergabe an Inkasso) | previous + 17 | 59 | letter, e-mail fallback | 14 days | collection costs (§ 13e RDG cap) |
 * | `court-dunning-announcement` (Ankündigung) | previous + 30 | 89 | letter | 14 days | none (the court fee is shown as a cost that would arise) |
 * | `court-dunning` (Antrag auf Mahnbescheid) | previous + 21 | 110 | — | — | court fee (KV 1100 GKG), charged by the filing |
 *
 * Why these timings and fees:
 * - **Reminder at due + 7.** A transfer made on the due date can take a few bank days to be
 *   credited and booked; a week avoids reminding customers who paid on time. It is a friendly
 *   Zahlungserinnerung with no legal effect and no fee.
 * - **Dunning notice 14 days after the reminder, 14-day deadline.** Two weeks give the reminder
 *   time to work. This is the Mahnung of § 286 Abs. 1 BGB: if the consumer is not yet in default
 *   (no calendar due date, the invoice did not point out the 30-day rule of § 286 Abs. 3 BGB),
 *   receipt of this letter puts them in default from the next day (`mahnungDefault: 'on-receipt'`,
 *   the default; a host that prefers the debtor-friendly reading, default only after the 14-day
 *   deadline, loads `{ ...deB2cDefaultPolicyInput, mahnungDefault: 'after-deadline' }` under its own
 *   id or version). No fee: the notice that causes
 *   default is not recoverable (BGH 26.06.2019, VIII ZR 95/18; facts file § 2.4). Sent by letter:
 *   it reaches customers who ignore e-mail, and the creditor bears the burden of showing it was
 *   received (the engine counts receipt as sent + `letterDeliveryDays`). 14 days is a customary,
 *   clearly reasonable deadline for consumers.
 * - **Final notice 21 days after the dunning notice (its 14-day deadline + 7 days).** The extra
 *   week lets a payment made on the last day of the deadline arrive and be booked before anyone
 *   escalates. It announces the hand-over to a collection agency and sets a last 10-day deadline.
 *   The debtor is now in default, so the creditor's actual cost of this letter is recoverable
 *   damage (§§ 280 Abs. 2, 286 BGB). 1.00 EUR stays near print, envelope and postage: the BGH
 *   accepted about 0.76 EUR of pure material costs in 2019 and struck down a 2.50 EUR AGB lump sum
 *   that also covered staff costs (VIII ZR 95/18; § 309 Nr. 5 BGB). Hosts with higher proven
 *   costs may raise it up to `creditorFeeWarningThreshold` without a warning.
 * - **Hand-over 17 days after the final notice (its 10-day deadline + 7 days).** Same grace week.
 *   Collection costs are recoverable because the debtor is in default when the agency is engaged
 *   (§§ 280 Abs. 2, 286 BGB), capped at what a lawyer would get under the RVG (§ 13e RDG); the
 *   engine computes them (`case: 'auto'`). The first letter of the agency (template
 *   `handover-inkasso`) must carry the § 13a Abs. 1 RDG information (client, contract subject and
 *   date, interest calculation, type/amount/origin of costs, VAT declaration, supervisory authority
 *   Bundesamt für Justiz) — facts file § 3.4. 14-day deadline.
 * - **Court dunning 30 days after the hand-over.** The agency's 14-day deadline plus two weeks for
 *   replies and installment talks (§ 13a Abs. 3 RDG notice on their costs) before the costlier court
 *   step; the announcement (template `court-dunning-announcement`) sets a last 14-day deadline and
 *   shows the court fee as a cost that *would* arise. The application for a Mahnbescheid is a stage of
 *   its own, 21 days later (deadline + 7): the filing is recorded with its date, charges the court fee
 *   (KV 1100 GKG, facts file § 6), tolls limitation (§ 204 Abs. 1 Nr. 3 BGB). Final stage: what follows
 *   (Vollstreckungsbescheid, § 699 ZPO) is outside the policy.
 * - **No hand-over or court dunning** while a dispute is open or was resolved for the debtor (§ 254
 *   Abs. 2 BGB), nor for interest or costs alone (`escalateWithoutPrincipal: false`).
 * - **No final notice, hand-over or court dunning for less than 10 EUR open** (condition `minAmount`),
 *   e.g. the interest left after a late payment or a kept installment plan that covered the
 *   principal only. The final notice announces the hand-over and the Mahnbescheid; below 10 EUR the
 *   policy takes neither step, so the letter would threaten what does not follow and charge a fee
 *   for it. Such a claim stays at the Mahnung, open, for the creditor to settle or write off; the
 *   daily run says why (`stage.below-minimum`), and the final notice follows if default interest
 *   brings the balance to 10 EUR (docs/engine.md, "A claim below a stage's minimum").
 *   (Version 3; version 2 sent the final notice whatever was left.)
 * - **No reminder or Mahnung for less than 10 EUR left after a payment or credit** (condition
 *   `minRemainder`): a consumer who paid a 249.90 EUR invoice a week late was sent a formal Mahnung
 *   with a 14-day deadline for the 0.35 EUR of interest the payment paid first (§ 367 Abs. 1 BGB).
 *   Such a remainder waits at its stage, open, for the creditor to settle, write off or ask for; the
 *   daily run says why (`stage.below-minimum`, condition `minRemainder`), and the stage follows if
 *   default interest brings it to 10 EUR. An invoice nothing was paid or credited on (a payment
 *   refunded or charged back in full counts as none) is reminded and dunned whatever its amount — a
 *   shop's unpaid 4.99 EUR gets its reminder and Mahnung, and stops before the final notice as above.
 *   (Version 4; version 3 sent the reminder and the Mahnung whatever was left.)
 *
 * No 40 EUR flat fee: § 288 Abs. 5 BGB excludes consumers.
 */
export const deB2cDefaultPolicyInput: PolicyInput = freezeDeep({
  id: 'de-b2c-default',
  version: 4,
  name: 'Deutschland, Verbraucher (Standard)',
  description:
    'Zahlungserinnerung, Mahnung, letzte Mahnung, Inkasso, gerichtliches Mahnverfahren — for consumer debtors under German law.',
  debtorKind: 'consumer',
  letterDeliveryDays: 3,
  stages: [reminderStage, dunningNoticeStage, finalNoticeStage({ type: 'charge-creditor-fee', amount: '1.00' }), handoverStage, courtDunningAnnouncementStage, courtDunningStage],
} satisfies PolicyInput);

/** The built-in consumer policy `de-b2c-default` (version 4), validated and frozen (see {@link deB2cDefaultPolicyInput}). */
export const deB2cDefaultPolicy: Policy = freezeDeep(definePolicy(deB2cDefaultPolicyInput));
