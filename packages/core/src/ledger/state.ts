import type { IsoDate } from '../calendar/date.js';
import type { Money } from '../money/money.js';
import type { ClaimEventOf, ClaimFacts, FeeKind, Installment } from './events.js';

/** Where a claim stands in its life. */
export type ClaimStatus =
  | 'open'
  | 'in-default'
  | 'disputed'
  | 'on-hold'
  | 'installment-plan'
  | 'handed-over'
  | 'court-dunning'
  | 'titled'
  | 'time-barred'
  | 'settled'
  | 'written-off';

/** A hold (Mahnstopp) as projected from the ledger. */
export interface HoldState {
  /** Id of the hold. */
  readonly holdId: string;
  /** Day the hold was placed. */
  readonly placedOn: IsoDate;
  /** Last day of the hold, if it expires. */
  readonly until?: IsoDate;
  /** Day the hold was lifted (or expired), if it was. */
  readonly liftedOn?: IsoDate;
  /** Whether default interest keeps running while the hold is active. */
  readonly interestRuns: boolean;
  /** Why the hold was placed. */
  readonly note: string;
}

/** A dispute as projected from the ledger. */
export interface DisputeState {
  /** Id of the dispute. */
  readonly disputeId: string;
  /** Day the dispute was opened. */
  readonly openedOn: IsoDate;
  /** Day the dispute was resolved, if it was. */
  readonly resolvedOn?: IsoDate;
  /** Outcome, once resolved. */
  readonly outcome?: 'debtor-right' | 'creditor-right' | 'partial';
}

/** An installment plan as projected from the ledger. */
export interface InstallmentPlanState {
  /** Id of the plan. */
  readonly planId: string;
  /** Day the plan was agreed. */
  readonly agreedOn: IsoDate;
  /** The agreed installments, in due-date order. */
  readonly installments: readonly Installment[];
  /** Indexes of installments recorded as missed. */
  readonly missed: readonly number[];
  /** Day the plan was declared defaulted, if it was. */
  readonly defaultedOn?: IsoDate;
}

/** The state of one claim: a projection of its events (never stored on its own). */
export interface ClaimState {
  /** The claim's facts as created, with the facts added since (`claim-facts-amended`) laid over them. */
  readonly facts: ClaimFacts;
  /** Current status. */
  readonly status: ClaimStatus;
  /** Id of the policy stage the claim is in, or null before the first stage. */
  readonly stage: string | null;
  /** Index of that stage within the policy, or -1. */
  readonly stageIndex: number;
  /** Day the current stage was entered. */
  readonly stageEnteredOn: IsoDate | null;
  /**
   * The payment deadline set by the latest notice, if any: the one booked with its stage, or the later
   * one its message gave when sent after that day (`message-sent.deadline`) or may have given — handed
   * over after that day with an unknown outcome (`message-attempt-unknown.deadline`, `message-failed.deadline`).
   */
  readonly deadline: IsoDate | null;
  /** First day of default (first interest day), once default has begun. */
  readonly defaultBegan: IsoDate | null;
  /** Legal basis of default, once it has begun. */
  readonly defaultBasis: string | null;
  /** All events, in order. */
  readonly events: readonly import('./events.js').ClaimEvent[];
  /** Stage entries, in order. */
  readonly stagesEntered: readonly ClaimEventOf<'stage-entered'>[];
  /** Messages queued for this claim, in order. */
  readonly messages: readonly ClaimEventOf<'message-queued'>[];
  /** Fees charged, in order. */
  readonly fees: readonly ClaimEventOf<'fee-charged'>[];
  /** Reductions of fees charged (e.g. collection costs lowered to the simple-case fee), in order; costs are fees minus these. */
  readonly feeReductions: readonly ClaimEventOf<'fee-reduced'>[];
  /** What of those reductions was put back on the fees (`fee-reinstated`: a refund or chargeback took away their reason), in order; costs are fees minus reductions plus these. */
  readonly feeReinstatements: readonly ClaimEventOf<'fee-reinstated'>[];
  /** Payments received, in order. */
  readonly payments: readonly ClaimEventOf<'payment-received'>[];
  /** Refunds and chargebacks of payments received, in order (see `payment-reversed`). */
  readonly reversals: readonly ClaimEventOf<'payment-reversed'>[];
  /** Adjustments (credit notes, write-downs), in order. */
  readonly adjustments: readonly ClaimEventOf<'adjustment'>[];
  /** Disputes, in order of opening. */
  readonly disputes: readonly DisputeState[];
  /** Holds, in order of placing. */
  readonly holds: readonly HoldState[];
  /** The latest installment plan, if any. */
  readonly installmentPlan: InstallmentPlanState | null;
  /** Promises to pay, in order. */
  readonly promises: readonly ClaimEventOf<'promise-to-pay'>[];
  /** Handover, if the claim was handed over. */
  readonly handedOver: ClaimEventOf<'handed-over'> | null;
  /** Court dunning filing, if any. */
  readonly courtDunningFiled: ClaimEventOf<'court-dunning-filed'> | null;
  /** Title, if any. */
  readonly titled: ClaimEventOf<'titled'> | null;
  /** Time-bar flag, if the claim was found time-barred. */
  readonly timeBarred: ClaimEventOf<'time-barred'> | null;
  /** Fee kinds already charged (for once-only guards). */
  readonly feeKindsCharged: ReadonlySet<FeeKind>;
  /** Date of the last event. */
  readonly lastEventDate: IsoDate;
}

/** One itemized line of a statement, each with its legal basis. */
export interface StatementLine {
  /** Which part of the claim the line belongs to. */
  readonly part: 'principal' | 'interest' | 'costs';
  /** Short label, e.g. 'Hauptforderung', 'Verzugszinsen 2025-01-01–2025-06-30' (one day: 'Verzugszinsen am 2025-01-11'), 'Nr. 2300 VV RVG'. */
  readonly label: string;
  /** Signed amount (payments and credits negative). */
  readonly amount: Money;
  /** Legal basis, e.g. '§ 288 Abs. 1 BGB'. */
  readonly basis: string;
  /** Day the line refers to (charge date, payment date, or the period's first day). */
  readonly date: IsoDate;
  /** For interest lines: the period's last day. */
  readonly to?: IsoDate;
  /** For interest lines: interest days. */
  readonly days?: number;
  /** For interest lines: annual rate in percent, as a decimal string. */
  readonly ratePercent?: string;
  /** For interest lines: the principal the interest ran on. */
  readonly onPrincipal?: Money;
  /** For cost lines: the fee code, e.g. `Nr. 2300 VV RVG` (the label says it in words). */
  readonly code?: string;
  /** For fee lines with a rate: the rate of the 1.0 fee, as a decimal string (`'0.9'`). */
  readonly factor?: string;
  /** For fee lines with a rate: the 1.0 fee of the table it is a rate of. */
  readonly baseFee?: Money;
  /**
   * Set when the figure rests on an unconfirmed figure (a base rate not yet confirmed by a primary
   * source, an assumed base rate beyond the known table, a court-fee minimum from secondary sources):
   * what is unconfirmed, for internal notes and reviews. Letters to debtors need not print it.
   */
  readonly unconfirmed?: string;
}

/** What a claim amounts to at the end of a day: principal, interest and costs, itemized. */
export interface Statement {
  /** The claim. */
  readonly claimId: string;
  /** The statement is as of the end of this day. */
  readonly asOf: IsoDate;
  /** Currency of all amounts. */
  readonly currency: string;
  /** Outstanding principal. */
  readonly principal: Money;
  /** Outstanding interest (accrued minus paid). */
  readonly interest: Money;
  /** Outstanding costs and fees. */
  readonly costs: Money;
  /** principal + interest + costs. */
  readonly total: Money;
  /** Interest accrued since default (before payments). */
  readonly interestAccrued: Money;
  /** Payments not applied to the claim (overpayment, to be refunded or applied elsewhere); not part of `total`. */
  readonly unapplied: Money;
  /**
   * Every line that makes up the figures, in date order; on one day the principal, costs, payments
   * and credits come before the interest periods beginning that day, which run on the principal they
   * leave — read top to bottom, each period's `onPrincipal` follows from the lines above it.
   */
  readonly lines: readonly StatementLine[];
  /**
   * What the figures rest on that is not confirmed by a primary source — the distinct `unconfirmed`
   * remarks of the lines, in line order (an unconfirmed or assumed base rate, a court-fee minimum
   * from secondary sources); empty when every figure is confirmed. For internal notes, reviews and a
   * portal's "figures subject to confirmation" remark. Always set on a statement from `statement` /
   * `statementAsOf`; optional so that statements built by hand (fixtures, hosts) stay valid.
   */
  readonly unconfirmed?: readonly string[];
}
