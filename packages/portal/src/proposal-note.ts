import { holdProposal, type ClaimState, type GermanState, type Installment, type IsoDate } from '@mahnwerk/core';
import { textsFor } from './messages.js';
import { installmentLines, type ProposalUnderReview } from './pages.js';

/** How a proposal's hold note begins. */
const notePrefix = 'Ratenzahlungsvorschlag über das Portal, zur Prüfung';

/** The most characters core takes in a hold's note (`placeHold`). */
const noteMaxLength = 2000;

/**
 * @internal The note of the hold a proposal sent to the creditor's review places, for the reviewer (German):
 * the installments in the words the debtor's page lists them in ({@link installmentLines}) — a due date
 * § 193 BGB moves with the day it may be paid by — and whether the § 13a Abs. 3 RDG cost notice was shown
 * and acknowledged:
 * `Ratenzahlungsvorschlag über das Portal, zur Prüfung (3 Raten): Rate 1: 335,39 €, fällig 16.02.2025 (Sonntag) – zahlbar bis Montag, 17.02.2025; Rate 2: …`.
 * A list too long for a hold's note (core takes 2,000 characters; a creditor allowing some 20
 * installments and more) names each installment by its ISO date and amount instead, as notes did before
 * (`… (24 Raten EUR: 2025-02-14 41.93, …)`). The note is for people: the hold records the proposal as
 * data beside it (`hold-placed.proposal`), and only holds recorded before that member existed are read
 * back from their note (core's `holdProposal`, which reads both forms).
 *
 * @param installments - the proposed installments (from `judgeProposal`)
 * @param currency - the claim's currency
 * @param holidays - the federal state whose public holidays count (core's `holidayState`)
 * @param noticeShown - whether the cost notice was shown and acknowledged
 */
export function proposalNote(installments: readonly Installment[], currency: string, holidays: GermanState | undefined, noticeShown: boolean): string {
  const notice = noticeShown ? '; Kostenhinweis nach § 13a Abs. 3 RDG angezeigt und bestätigt' : '';
  const lines = installmentLines(textsFor('de'), installments, currency, holidays);
  const worded = `${notePrefix} (${installments.length} Raten): ${lines.join('; ')}${notice}`;
  if (worded.length <= noteMaxLength) return worded;
  return `${notePrefix} (${installments.length} Raten ${currency}: ${installments.map((i) => `${i.dueDate} ${i.amount}`).join(', ')})${notice}`;
}

/**
 * @internal The debtor's proposal while it is with the creditor's review: the latest hold that waits on
 * a proposal (core's `holdProposal`: the proposal the hold records as data, or the one the note of a hold
 * placed by the portal's form before then names) while it is neither lifted nor past its last day, with
 * the proposed installments — or null.
 *
 * @param state - the claim's state
 * @param today - the business day of the page
 */
export function proposalUnderReview(state: ClaimState, today: IsoDate): ProposalUnderReview | null {
  for (let k = state.events.length - 1; k >= 0; k--) {
    const e = state.events[k];
    if (e?.type !== 'hold-placed') continue;
    const proposal = holdProposal(e, state.facts.currency);
    if (proposal === null) continue;
    const hold = state.holds.find((h) => h.holdId === e.holdId);
    if (hold === undefined || hold.liftedOn !== undefined || (hold.until !== undefined && hold.until < today)) return null;
    return { placedOn: hold.placedOn, until: hold.until, installments: proposal.installments };
  }
  return null;
}
