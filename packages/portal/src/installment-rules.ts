import { addDays, addMonths, allocate, compare, installmentLastDay, parseMoney, toAmountString, type GermanState, type IsoDate, type Installment, type Money } from '@mahnwerk/core';

/** The creditor's rules for installment plans a debtor proposes in the portal. */
export interface InstallmentRules {
  /** The most monthly installments a debtor may propose (default 6). */
  readonly maxInstallments?: number;
  /** The smallest installment, a decimal string in the claim's currency (default `"25.00"`). */
  readonly minInstallment?: string;
  /** The first installment must fall due within this many days from today (default 30). */
  readonly maxDaysToFirst?: number;
  /**
   * Proposals accepted at once, without review: at most this many installments (default 3) …
   */
  readonly autoAcceptMaxInstallments?: number;
  /** … and a claim total of at most this amount (decimal string; default: any total). Larger proposals within the rules go to review. */
  readonly autoAcceptUpTo?: string;
}

/**
 * A debtor's proposal: the number of monthly installments and the first due date. The installments
 * fall due on the day of the month the debtor chose, also when one of them is a Saturday, Sunday or
 * public holiday: § 193 BGB lets the debtor pay such an installment on the next business day (core's
 * `installmentLastDay`, which every check of an installment reads and the portal prints beside it).
 */
export interface InstallmentProposal {
  /** Number of monthly installments. */
  readonly count: number;
  /** Due date of the first installment; the next fall due on the same day of the following months (the last day of a shorter month). */
  readonly firstDueDate: IsoDate;
}

/** Why a proposal breaks the creditor's rules (the page says it in the debtor's language). */
export type ProposalRefusal =
  | {
      /** More installments than the creditor allows. */
      readonly rule: 'too-many';
      /** The most allowed. */
      readonly max: number;
    }
  | {
      /** Installments below the creditor's minimum. */
      readonly rule: 'too-small';
      /** The smallest installment allowed. */
      readonly min: Money;
    }
  | {
      /** The first installment falls due too late. */
      readonly rule: 'first-too-late';
      /** The latest allowed first due date. */
      readonly latest: IsoDate;
    }
  | {
      /** The first installment falls due before today. */
      readonly rule: 'first-in-past';
      /** The earliest allowed first due date (today). */
      readonly earliest: IsoDate;
    }
  | {
      /** Nothing is open. */
      readonly rule: 'nothing-owed';
    };

/** What the rules make of a proposal. */
export type ProposalVerdict =
  | {
      /** `accepted`: agree the plan at once; `review`: send it to the creditor's review. */
      readonly outcome: 'accepted' | 'review';
      /** The installments, adding up to the total. */
      readonly installments: readonly Installment[];
    }
  | {
      /** The proposal breaks a rule. */
      readonly outcome: 'refused';
      /** Which rule. */
      readonly refusal: ProposalRefusal;
    };

/** @internal The rules with every default filled in (see {@link InstallmentRules}). */
export interface ResolvedInstallmentRules {
  readonly maxInstallments: number;
  readonly minInstallment: string;
  readonly maxDaysToFirst: number;
  readonly autoAcceptMaxInstallments: number;
  readonly autoAcceptUpTo: string | null;
}

/** @internal The rules with their defaults. */
export function resolveInstallmentRules(rules: InstallmentRules = {}): ResolvedInstallmentRules {
  return {
    maxInstallments: rules.maxInstallments ?? 6,
    minInstallment: rules.minInstallment ?? '25.00',
    maxDaysToFirst: rules.maxDaysToFirst ?? 30,
    autoAcceptMaxInstallments: rules.autoAcceptMaxInstallments ?? 3,
    autoAcceptUpTo: rules.autoAcceptUpTo ?? null,
  };
}

/** @internal Days from today the proposal form suggests as the first due date (then moved off a weekend or holiday, {@link suggestedPayDay}). */
export const suggestedFirstDueInDays = 14;

/** @internal Days from today the promise form suggests as its "Zahlung bis" (then moved off a weekend or holiday, {@link suggestedPayDay}). */
export const suggestedPromiseInDays = 7;

/**
 * @internal The day a form suggests for a payment — the proposal form's first due date
 * ({@link suggestedFirstDueInDays}, 14) and the promise form's "Zahlung bis" ({@link suggestedPromiseInDays},
 * 7): `days` from today (at most the latest allowed, `maxDaysToFirst` days from today, which bounds both
 * forms) — or, when that day is a Saturday, Sunday or public holiday in `holidays`, the business day a
 * payment due then may be made by (core's `installmentLastDay`), or the last business day before it when
 * that is past the latest allowed. The portal does not suggest a day that § 193 BGB moves; a date the
 * debtor types is kept as typed.
 *
 * @param today - the business day the form is shown
 * @param days - how many days from today the form suggests before § 193 BGB
 * @param rules - the creditor's rules with their defaults
 * @param holidays - the federal state whose public holidays count (core's `holidayState`)
 */
export function suggestedPayDay(today: IsoDate, days: number, rules: ResolvedInstallmentRules, holidays: GermanState | undefined): IsoDate {
  const latest = addDays(today, rules.maxDaysToFirst);
  const plain = addDays(today, Math.min(days, rules.maxDaysToFirst));
  const payable = installmentLastDay(plain, 0, holidays).payableOn;
  if (payable <= latest) return payable;
  for (let day = addDays(plain, -1); day >= today; day = addDays(day, -1)) if (installmentLastDay(day, 0, holidays).payableOn === day) return day;
  return plain;
}

/**
 * Judges a debtor's installment proposal for an open total: the total is split into `count`
 * monthly installments that add up to it to the cent (the first ones carry the remainder cents, by
 * `allocate`), due on `firstDueDate` and the same day of the following months. The dates are kept as
 * proposed — also one on a Saturday, Sunday or public holiday: the plan keeps the debtor's day of the
 * month (the day a standing order runs on), and § 193 BGB makes a payment on the next business day
 * timely, the day the engine checks (`installmentLastDay`) and the portal shows beside the date. A
 * proposal that breaks
 * a rule is refused with the rule; one within the automatic limits is accepted; any other goes to
 * the creditor's review.
 *
 * @param total - the claim's open total today (final, in the claim's currency)
 * @param proposal - number of installments and first due date
 * @param today - the business day of the proposal
 * @param rules - the creditor's rules
 */
export function judgeProposal(total: Money, proposal: InstallmentProposal, today: IsoDate, rules: InstallmentRules = {}): ProposalVerdict {
  const r = resolveInstallmentRules(rules);
  const cur = total.currency;
  if (!total.amount.greaterThan(0)) return { outcome: 'refused', refusal: { rule: 'nothing-owed' } };
  if (proposal.count < 1 || proposal.count > r.maxInstallments) return { outcome: 'refused', refusal: { rule: 'too-many', max: r.maxInstallments } };
  if (proposal.firstDueDate < today) return { outcome: 'refused', refusal: { rule: 'first-in-past', earliest: today } };
  const latest = addDays(today, r.maxDaysToFirst);
  if (proposal.firstDueDate > latest) return { outcome: 'refused', refusal: { rule: 'first-too-late', latest } };
  const parts = allocate(total, Array.from({ length: proposal.count }, () => '1'));
  const min = parseMoney(r.minInstallment, { currency: cur });
  // A single installment of the whole total is never "too small".
  if (proposal.count > 1 && parts.some((p) => compare(p, min) < 0)) return { outcome: 'refused', refusal: { rule: 'too-small', min } };
  const installments = parts.map((p, i) => ({ dueDate: addMonths(proposal.firstDueDate, i), amount: toAmountString(p) }));
  const auto = proposal.count <= r.autoAcceptMaxInstallments && (r.autoAcceptUpTo === null || compare(total, parseMoney(r.autoAcceptUpTo, { currency: cur })) <= 0);
  return { outcome: auto ? 'accepted' : 'review', installments };
}
