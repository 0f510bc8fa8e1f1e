import { money, toAmountString, type ClaimState, type GermanState, type Installment, type IsoDate } from '@mahnwerk/core';
import { textsFor } from './messages.js';
import { installmentLines, type ProposalUnderReview } from './pages.js';

/** The idempotency keys of the portal's proposal form start with this (`portal:<form>:<form id>`, portal.ts): a hold with it is a proposal sent to review. */
const proposalKeyPrefix = 'portal:plan:';

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
 * (`… (24 Raten EUR: 2025-02-14 41.93, …)`); {@link proposalOfNote} reads both.
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
 * @internal The installments a proposal's hold note names ({@link proposalNote}, either form), or null when the
 * note is no such note or does not name as many installments as it says it has.
 *
 * @param note - the hold's note
 * @param currency - the claim's currency
 */
export function proposalOfNote(note: string, currency: string): Installment[] | null {
  if (!note.startsWith(`${notePrefix} (`)) return null;
  const count = /^\((\d+) Raten/.exec(note.slice(notePrefix.length + 1));
  if (count === null) return null;
  // "Rate 1: 1.006,17 €, fällig 16.02.2025 …": the amount in German figures (points group thousands, a comma the cents).
  const worded = [...note.matchAll(/Rate (\d+): ([^;]+?), fällig (\d{2})\.(\d{2})\.(\d{4})/g)].map((m) => ({
    dueDate: `${m[5] as string}-${m[4] as string}-${m[3] as string}` as IsoDate,
    amount: toAmountString(money((m[2] as string).replace(/[^\d,]/g, '').replace(',', '.'), currency)),
  }));
  const plain = worded.length > 0 ? worded : [...note.matchAll(/(\d{4}-\d{2}-\d{2}) (\d+(?:\.\d+)?)/g)].map((m) => ({ dueDate: m[1] as IsoDate, amount: m[2] as string }));
  return plain.length === Number(count[1]) ? plain : null;
}

/**
 * @internal The debtor's proposal while it is with the creditor's review: the latest hold placed by the
 * portal's proposal form (its idempotency key) that is neither lifted nor past its last day, with the
 * installments its note names — or null.
 *
 * @param state - the claim's state
 * @param today - the business day of the page
 */
export function proposalUnderReview(state: ClaimState, today: IsoDate): ProposalUnderReview | null {
  for (let k = state.events.length - 1; k >= 0; k--) {
    const e = state.events[k];
    if (e?.type !== 'hold-placed' || e.idempotencyKey?.startsWith(proposalKeyPrefix) !== true) continue;
    const hold = state.holds.find((h) => h.holdId === e.holdId);
    if (hold === undefined || hold.liftedOn !== undefined || (hold.until !== undefined && hold.until < today)) return null;
    const installments = proposalOfNote(hold.note, state.facts.currency);
    return installments === null ? null : { placedOn: hold.placedOn, until: hold.until, installments };
  }
  return null;
}
