import type { IsoDate } from '../calendar/date.js';

/** A payment the debtor makes during a simulation. */
export interface SimulationPayment {
  /** The claim paid. */
  claimId: string;
  /** Day of payment. */
  date: IsoDate;
  /** Amount as a decimal string in the claim's currency, e.g. `"250.00"`. */
  amount: string;
  /** Payment id (default: derived from the claim and a counter). */
  paymentId?: string | undefined;
}

/** Fields every scripted action has. */
export interface ScriptedActionBase {
  /** The claim the debtor acts on. */
  claimId: string;
  /** The day of the action. */
  date: IsoDate;
}

/** Pay an amount. */
export interface PayAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'pay';
  /** Amount as a decimal string. */
  amount: string;
}

/** Pay everything owed as of the end of the day before. */
export interface PayInFullAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'pay-in-full';
}

/** Dispute the claim. */
export interface DisputeAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'dispute';
  /** What the debtor says. */
  note?: string | undefined;
}

/** Resolve the open dispute. */
export interface ResolveDisputeAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'resolve-dispute';
  /** Who was right. */
  outcome: 'debtor-right' | 'creditor-right' | 'partial';
}

/** Place a hold (Mahnstopp). */
export interface HoldAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'hold';
  /** Last day of the hold, if it expires. */
  until?: IsoDate | undefined;
  /** Whether default interest keeps running during the hold. */
  interestRuns: boolean;
  /** Why. */
  note: string;
}

/** Lift the active hold. */
export interface LiftHoldAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'lift-hold';
}

/** Agree an installment plan. */
export interface InstallmentPlanAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'installment-plan';
  /** The installments. */
  installments: { /** Due day. */ dueDate: IsoDate; /** Amount as a decimal string. */ amount: string }[];
  /** How many installments the debtor actually pays (default: all). */
  paysInstallments?: number | undefined;
  /**
   * Day the collection agency gave the § 13a Abs. 3 RDG notice of the agreement's costs. Default:
   * when the claim is with a collection agency and the debtor is a consumer, the simulated agency
   * gives it with the plan offer, on the plan's day (before the agreement); otherwise none.
   */
  costNoticeGivenOn?: IsoDate | undefined;
}

/** Promise to pay an amount by a day: it holds escalation through `by` + the policy's `promiseGraceDays`, each moved off a Saturday, Sunday or holiday by § 193 BGB (`promiseHolds`; default interest runs on) and acknowledges the claim (§ 212 Abs. 1 Nr. 1 BGB). */
export interface PromiseAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'promise';
  /** Amount promised, a decimal string above zero. */
  amount: string;
  /** Day by which the debtor promises to pay (not before `date`). */
  by: IsoDate;
}

/**
 * The creditor corrects facts of the claim that were entered wrongly: its `description` and/or
 * `contractDate` — the host's `correctClaimFacts`, booked by the same decider (an audited
 * `claim-facts-corrected` event, dated the action's day). The decider refuses a correction that a
 * booked amount or an issued paper rests on (`FactCorrectionRefusedError`: the claim is before the
 * court, a private person's claim was handed over, or a contract date would change the applicable
 * § 288 BGB after default began) or that gives the value the claim has: then nothing is booked and
 * the run lists the refusal in `refused`, as the host answers the call with the error and writes
 * nothing. Corrects a closed claim too, as the host does.
 */
export interface CorrectFactsAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'correct-facts';
  /** The right description (1–500 characters, trimmed), replacing the one the claim has. */
  description?: string | undefined;
  /** The right contract date, not after the claim's invoice date, replacing the one the claim has. */
  contractDate?: IsoDate | undefined;
  /** Why the fact is corrected (1–2000 characters, trimmed); kept in the audit trail. */
  reason: string;
}

/**
 * The creditor lowers the principal by a credit note (Gutschrift) or a write-down (Teilerlass,
 * § 397 Abs. 1 BGB) — the host's `recordAdjustment` with the same field names (`kind`, `amount`,
 * `note`; its `date` is the action's day), turned into the same command and booked by the same
 * decider (`decideCommand` → `bookAdjustment`): the principal bears no default interest on the
 * amount from that day on. At most the principal open on its day (and on every later day a payment
 * already recorded leaves less on): a larger one is refused as the host refuses it
 * (`AdjustmentExceedsPrincipalError`, code `adjustment_exceeds_principal`, field `amount`) — nothing
 * is booked and the run lists the refusal in `refused`, as the host answers the call with the error
 * and writes nothing. Taken on a closed claim too, as the host takes it (a settled claim has no
 * principal open, so it is refused there).
 */
export interface AdjustmentAction extends ScriptedActionBase {
  /** Discriminator. */
  type: 'adjustment';
  /** `credit-note` (Gutschrift: the creditor lowers the price) or `write-down` (Teilerlass, § 397 Abs. 1 BGB). */
  kind: 'credit-note' | 'write-down';
  /** How much the principal is lowered by, a decimal string in the claim's currency, above zero. */
  amount: string;
  /** The creditor's words, printed on the statement after the label (e.g. `Rücksendung`). */
  note?: string | undefined;
}

/** A scripted debtor action (after validation, defaults filled in). */
export type ScriptedAction =
  | PayAction
  | PayInFullAction
  | DisputeAction
  | ResolveDisputeAction
  | HoldAction
  | LiftHoldAction
  | InstallmentPlanAction
  | PromiseAction
  | CorrectFactsAction
  | AdjustmentAction;

/** A scripted action as written by a caller: defaults optional. */
export type ScriptedActionInput =
  | PayAction
  | PayInFullAction
  | DisputeAction
  | (Omit<ResolveDisputeAction, 'outcome'> & { /** Default `creditor-right`. */ outcome?: ResolveDisputeAction['outcome'] | undefined })
  | (Omit<HoldAction, 'interestRuns' | 'note'> & {
      /** Default true. */
      interestRuns?: boolean | undefined;
      /** Default `hold`. */
      note?: string | undefined;
    })
  | LiftHoldAction
  | InstallmentPlanAction
  | PromiseAction
  | CorrectFactsAction
  | AdjustmentAction;

/** A probability: a number or decimal string between 0 and 1. */
export type Probability = number | string;

/** The modelled behaviour of debtors: how likely they pay or dispute after each message. */
export interface BehaviourModel {
  /** Probability that a debtor pays within the deadline after a message. */
  payAfterMessage: Probability;
  /** Probability that such a payment is only half of the balance. */
  partialShare: Probability;
  /** Probability that a debtor disputes after a message (resolved for the creditor 21 days later). */
  disputeAfterMessage: Probability;
  /** Days between message and payment, drawn uniformly from this range. */
  payWithinDays: [number, number];
}

/** Debtor behaviour after validation. */
export interface Behaviour {
  /** Scripted actions. */
  script: ScriptedAction[];
  /** The probability model, if any. */
  model?: BehaviourModel | undefined;
}

/** Debtor behaviour as written by a caller: a script, a model, or both. */
export interface BehaviourInput {
  /** Scripted actions. */
  script?: ScriptedActionInput[] | undefined;
  /** The probability model (every field optional; defaults: 0.3, 0, 0, [2, 12]). */
  model?: { [K in keyof BehaviourModel]?: BehaviourModel[K] | undefined } | undefined;
}
