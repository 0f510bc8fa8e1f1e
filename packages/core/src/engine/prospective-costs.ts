import { addDays, type IsoDate } from '../calendar/date.js';
import { courtDunningFee } from '../law/de/court-fee.js';
import type { Statement } from '../ledger/state.js';
import { unconfirmedMinimumNote } from '../ledger/statement.js';
import { costLabel, statementLineText, unconfirmedText, type StatementLocale } from '../ledger/statement-words.js';
import { isPositive, type Money } from '../money/money.js';

/** A cost a message announces: it would arise by the step the message announces, and is not in the statement's total. */
export interface ProspectiveCost {
  /**
   * What the cost is, in words a debtor understands, in the language asked for: `Gerichtskosten
   * Mahnverfahren (KV 1100 GKG)` / `Court fee for the court dunning procedure (KV 1100 GKG)`.
   */
  readonly label: string;
  /** The amount that would be charged. */
  readonly amount: Money;
  /** The legal basis of the amount, in the language asked for (citations as the law cites them). */
  readonly basis: string;
  /** Set when the figure rests on an unconfirmed figure (e.g. a court-fee minimum from secondary sources), in the language asked for; for internal notes. */
  readonly unconfirmed?: string;
}

/**
 * The costs a message announces without charging them (issue 8 point 1): a letter announcing the
 * court dunning procedure (`court-dunning-announcement`) shows the KV 1100 GKG fee the application
 * would cause, on the open principal (§ 43 Abs. 1 GKG: interest and costs beside the principal do
 * not count) — as a notice, never in the total; the fee itself is charged by the event that records
 * the filing. The fee is the one of the table in force on the first day the application can be
 * filed: the day after the letter's deadline (or the letter's date when it sets none). So a table
 * that changes between the letter and the filing (GKG from 2025-06-01) is announced with the figure
 * the filing will charge, not a lower one the debtor would later find raised. Nothing is announced
 * when the fee is already charged or no principal is open (no court dunning for costs alone, issue 8
 * point 3). Every path that renders a message (the host's delivery, `mahnwerk demo`) calls this one
 * function.
 *
 * The cost is worded in the message's language: label and basis as the statement line of the fee
 * will read once the filing charges it (`statementLineText` of that line), the remark on an
 * unconfirmed minimum by `unconfirmedText`.
 *
 * @param template - the message's template name
 * @param statement - the claim's statement on the message's day
 * @param date - the message's date
 * @param deadline - the payment deadline the message sets, if any: the application is filed after it
 * @param locale - the language of the message (the debtor's `locale`), default `de`
 * @returns the announced costs; empty for every other template
 */
export function prospectiveCosts(template: string, statement: Statement, date: IsoDate, deadline?: IsoDate, locale: StatementLocale = 'de'): readonly ProspectiveCost[] {
  if (template !== 'court-dunning-announcement') return [];
  if (statement.currency !== 'EUR' || !isPositive(statement.principal)) return [];
  if (statement.lines.some((l) => l.code === 'KV 1100 GKG')) return [];
  const filingFrom = deadline !== undefined && deadline >= date ? addDays(deadline, 1) : date;
  const fee = courtDunningFee({ value: statement.principal, date: filingFrom });
  // Worded as the fee's statement line will be (statement.ts feeLines: the fee code's label, the fee's basis).
  const words = statementLineText({ part: 'costs', label: costLabel(fee.code), basis: fee.basis, code: fee.code }, locale);
  return [
    {
      label: words.label,
      amount: fee.amount,
      basis: words.basis,
      ...(fee.minimumApplied && !fee.minimumConfirmed ? { unconfirmed: unconfirmedText(unconfirmedMinimumNote(fee.code), locale) } : {}),
    },
  ];
}
