/**
 * Hand-written, documented types of a policy. The zod schemas in `schema.ts` are the runtime
 * truth; `schema.ts` checks at compile time that these types and the schemas' inferred types are
 * the same, so the two cannot drift apart.
 */

/** What a stage's trigger counts from. */
export type TriggerAnchor = 'due-date' | 'previous-stage' | 'default';

/** What starts a stage: days relative to the due date, the previous stage, or the first day of default. */
export interface StageTrigger {
  /** What the days count from. */
  after: TriggerAnchor;
  /** Days after the anchor (negative: before the due date). */
  days: number;
}

/** Conditions a claim must meet for a stage to apply; a stage whose conditions fail is skipped. */
export interface StageConditions {
  /** Smallest open balance (principal, interest and costs) on the day of the decision, as a decimal string. */
  minAmount?: string | undefined;
  /**
   * Smallest open balance (principal, interest and costs) on the day of the decision once part of the
   * claim was paid or credited — a payment not fully reversed, a credit note or a write-down
   * (`paidOrCredited`) —, as a decimal string. A claim nothing was paid or credited on is not held by
   * it (`minAmount` holds every claim). E.g. `'10.00'`: no letter for the cents of interest a late
   * payment of the whole invoice leaves, while an unpaid invoice of 4.99 is still reminded. Reported
   * as `stage.below-minimum`, like `minAmount`; default interest lifting the balance to it is looked for.
   */
  minRemainder?: string | undefined;
  /** Largest open balance (principal, interest and costs) on the day of the decision, as a decimal string. */
  maxAmount?: string | undefined;
  /** Only for this debtor kind. */
  debtorKind?: 'consumer' | 'business' | undefined;
  /** Only for this currency (ISO 4217). */
  currency?: string | undefined;
  /** Only if the claim has at least one of these tags. */
  tagsAny?: string[] | undefined;
  /** Only if the claim has none of these tags. */
  tagsNone?: string[] | undefined;
  /** Only if the claim's payment score is at least this (0..1, decimal string). */
  minScore?: string | undefined;
  /** Only if the claim's payment score is at most this (0..1, decimal string). */
  maxScore?: string | undefined;
}

/** A channel a message can go out on. */
export type ChannelName = 'email' | 'letter' | 'sms' | 'whatsapp' | 'webhook';

/** Send a message on a channel with a template, with an optional fallback channel. */
export interface SendAction {
  /** Discriminator. */
  type: 'send';
  /** Channel to send on. */
  channel: ChannelName;
  /** Template name, e.g. `dunning-notice`. */
  template: string;
  /** Channel to use when the first one cannot reach the debtor or fails. */
  fallbackChannel?: ChannelName | undefined;
}

/** Set a new payment deadline, `days` after the stage is entered (moved by § 193 BGB). */
export interface SetDeadlineAction {
  /** Discriminator. */
  type: 'set-deadline';
  /** Days until the deadline. */
  days: number;
}

/** Charge the creditor's own dunning fee (never for the notice that causes default). */
export interface ChargeCreditorFeeAction {
  /** Discriminator. */
  type: 'charge-creditor-fee';
  /** Fee as a decimal string, e.g. `"1.00"`. */
  amount: string;
}

/**
 * Charge the § 288 Abs. 5 BGB flat fee of 40 EUR (business debtors, Entgeltforderungen, once). On a
 * stage entered in default it is charged with the stage; on the notice that puts the debtor in default
 * (e.g. the first Mahnung) it is owed "bei Verzug" and charged on the first day of default instead (the
 * first decision in default on which escalation may go on).
 */
export interface ChargeFlatFeeAction {
  /** Discriminator. */
  type: 'charge-flat-fee';
}

/** Charge collection costs within the § 13e RDG cap (once per claim). */
export interface ChargeCollectionCostsAction {
  /** Discriminator. */
  type: 'charge-collection-costs';
  /** Which Nr. 2300 VV RVG case applies; `auto` picks by the claim's history. */
  case: 'auto' | 'simple' | 'uncontested' | 'contested';
}

/** Hand the claim over to a collection agency or a lawyer. */
export interface HandOverAction {
  /** Discriminator. */
  type: 'hand-over';
  /** To whom. */
  to: 'collection-agency' | 'lawyer';
}

/** File a court dunning order (Mahnbescheid). */
export interface FileCourtDunningAction {
  /** Discriminator. */
  type: 'file-court-dunning';
}

/** Write the claim off. */
export interface WriteOffAction {
  /** Discriminator. */
  type: 'write-off';
}

/** What a stage does. */
export type StageAction =
  | SendAction
  | SetDeadlineAction
  | ChargeCreditorFeeAction
  | ChargeFlatFeeAction
  | ChargeCollectionCostsAction
  | HandOverAction
  | FileCourtDunningAction
  | WriteOffAction;

/** A stage action as written by a host: like {@link StageAction}, with defaults optional. */
export type StageActionInput =
  | Exclude<StageAction, ChargeCollectionCostsAction>
  | {
      /** Discriminator. */
      type: 'charge-collection-costs';
      /** Which Nr. 2300 VV RVG case applies; default `auto`. */
      case?: ChargeCollectionCostsAction['case'] | undefined;
    };

/**
 * The legal character of a stage's message. A `dunning-notice` (Mahnung) puts a debtor who is not
 * yet in default into default (§ 286 Abs. 1 BGB); a `reminder` is a friendly Zahlungserinnerung
 * sent before or at the due date and has no legal effect.
 */
export type StageKind = 'reminder' | 'dunning-notice' | 'final-notice' | 'handover' | 'court-dunning' | 'write-off';

/** One step of escalation. */
export interface Stage {
  /** Kebab-case id, unique in the policy. */
  id: string;
  /** Display name. */
  name: string;
  /** Legal character of the stage. */
  kind: StageKind;
  /** When the stage starts. */
  trigger: StageTrigger;
  /** Conditions; a stage whose conditions fail is skipped. */
  conditions?: StageConditions | undefined;
  /** What the stage does. */
  actions: StageAction[];
  /** Whether the policy ends with this stage. */
  final?: boolean | undefined;
}

/** A stage as written by a host (defaults optional). */
export interface StageInput extends Omit<Stage, 'actions'> {
  /** What the stage does. */
  actions: StageActionInput[];
}

/** Limits on contacting one debtor, across all channels and claims. */
export interface ContactLimits {
  /** At most this many messages (1–3) … */
  maxMessages: number;
  /** … within this many days (7–30). */
  perDays: number;
  /**
   * Start of the quiet hours, `HH:MM` local time (the clock's): no e-mail, SMS or WhatsApp message
   * goes out from here to {@link ContactLimits.quietTo} (letters are not held back). Checked at the
   * instant of the send, whatever business day the run is for — a run for an earlier day caught up
   * at night waits for their end too.
   */
  quietFrom: string;
  /** End of the quiet hours, `HH:MM` local time; may be earlier than `quietFrom` (the hours span midnight). */
  quietTo: string;
  /** No SMS or calls on Sundays and public holidays (cannot be switched off). */
  noSundaysOrHolidays: true;
}

/** Contact limits as written by a host: every field optional (defaults in {@link ContactLimits}). */
export type ContactLimitsInput = { [K in keyof ContactLimits]?: ContactLimits[K] | undefined };

/**
 * How a policy reads a Mahnung that sets a payment deadline ("Zahlen Sie bis zum …"), for when it
 * puts a debtor who is not yet in default into default (§ 286 Abs. 1 BGB):
 *
 * - `'on-receipt'` (default): with the Mahnung's receipt — default and default interest from the day
 *   after receipt (receipt = sending + `letterDeliveryDays` for a letter, + 1 day otherwise). The
 *   deadline is the time given before further steps, not a deferral; the letter says so.
 * - `'after-deadline'`: the debtor-friendly reading — the deadline postpones default: the debtor is in
 *   default from the day after the deadline (the deadline as § 193 BGB moved it; never before the day
 *   after receipt), if the claim is not paid by then; interest runs from that day, and no fee that
 *   needs default is charged before it. The letter says "Zahlen Sie nicht bis zum …, geraten Sie ab
 *   dem folgenden Tag in Zahlungsverzug …". A Mahnung without a deadline puts the debtor in default
 *   with its receipt either way.
 *
 * Either way, default that arises otherwise — an agreed calendar due date (§ 286 Abs. 2 Nr. 1 BGB),
 * the 30-day rule (Abs. 3), a serious refusal (Abs. 2 Nr. 3) — is not changed, and the earliest route
 * wins. Which reading a court follows depends on how it reads the letter (docs/legal-notes.md).
 */
export type MahnungDefault = 'on-receipt' | 'after-deadline';

/** A dunning policy (after validation, with defaults filled in). */
export interface Policy {
  /** Kebab-case id. */
  id: string;
  /** Version; every decision records `id@version`. */
  version: number;
  /** Display name. */
  name: string;
  /** What the policy is for. */
  description?: string | undefined;
  /** The debtor kind the policy is written for, if only one. */
  debtorKind?: 'consumer' | 'business' | undefined;
  /** Days a letter takes to arrive (receipt of a dunning notice starts default the day after). */
  letterDeliveryDays: number;
  /**
   * When a Mahnung that sets a payment deadline (a stage with `set-deadline`) puts a debtor who is
   * not yet in default into default (§ 286 Abs. 1 BGB). Default `'on-receipt'` (built-ins too).
   * See {@link MahnungDefault}.
   */
  mahnungDefault: MahnungDefault;
  /** Installments missed before a plan counts as defaulted. */
  installmentsMissedToDefault: number;
  /**
   * Days of grace after an installment's due date before it counts as missed — counted from the day it was
   * payable by (a due date on a Saturday, Sunday or public holiday moves to the next business day, § 193 BGB),
   * the end moved again when it falls on such a day.
   */
  installmentGraceDays: number;
  /**
   * Days of grace after the date of a promise to pay (`recordPromise`'s `by`) during which the
   * promise still holds escalation, so that a transfer made on that day can arrive (0–14, default 5:
   * a SEPA transfer is credited by the end of the next business day, § 675s Abs. 1 BGB, and Good
   * Friday to Easter Monday puts four days off between a Thursday and the Tuesday after). See
   * `promiseHolds`.
   */
  promiseGraceDays: number;
  /**
   * Whether `handover` and `court-dunning` stages may start when no principal is open — for interest
   * or costs alone. Default false (built-ins: false): an agency mandate or a Mahnbescheid for the
   * remaining flat fee or collection costs alone is out of proportion, and its costs are hardly
   * necessary (§ 254 Abs. 2 BGB).
   */
  escalateWithoutPrincipal: boolean;
  /** Contact limits per debtor. */
  contactLimits: ContactLimits;
  /** The stages, in order. */
  stages: Stage[];
}

/** A policy as written by a host (defaults optional). */
export interface PolicyInput {
  /** Kebab-case id. */
  id: string;
  /** Version; every decision records `id@version`. */
  version: number;
  /** Display name. */
  name: string;
  /** What the policy is for. */
  description?: string | undefined;
  /** The debtor kind the policy is written for, if only one. */
  debtorKind?: 'consumer' | 'business' | undefined;
  /** Days a letter takes to arrive; default 3. */
  letterDeliveryDays?: number | undefined;
  /** When a Mahnung with a payment deadline puts the debtor in default; default `'on-receipt'` (see {@link MahnungDefault}). */
  mahnungDefault?: MahnungDefault | undefined;
  /** Installments missed before a plan counts as defaulted; default 2. */
  installmentsMissedToDefault?: number | undefined;
  /** Grace days after an installment's due date (counted from the next business day when it falls on a Saturday, Sunday or holiday, § 193 BGB); default 5. */
  installmentGraceDays?: number | undefined;
  /** Grace days after a promise's date before escalation resumes (0–14); default 5. */
  promiseGraceDays?: number | undefined;
  /** Hand over or file a Mahnbescheid when no principal is open; default false. */
  escalateWithoutPrincipal?: boolean | undefined;
  /** Contact limits; defaults: 2 messages per 7 days, quiet 20:00–08:00, none on Sundays/holidays. */
  contactLimits?: ContactLimitsInput | undefined;
  /** The stages, in order. */
  stages: StageInput[];
}
