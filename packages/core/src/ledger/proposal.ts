import { isIsoDate, type IsoDate } from '../calendar/date.js';
import { money, toAmountString } from '../money/money.js';
import type { ClaimEventOf, Installment, PlanProposal } from './events.js';

/**
 * The idempotency keys of the portal's proposal form began with this (`portal:plan:<form id>`): before
 * `hold-placed.proposal` existed, a hold placed under such a key was a proposal sent to review.
 */
const portalProposalKeyPrefix = 'portal:plan:';

/** How the note of such a hold began (the portal's `proposalNote`, German, for the reviewer). */
const portalNotePrefix = 'Ratenzahlungsvorschlag über das Portal, zur Prüfung';

/** How such a note ended when the § 13a Abs. 3 RDG cost notice was shown and acknowledged with the proposal. */
const portalNoticeSuffix = '; Kostenhinweis nach § 13a Abs. 3 RDG angezeigt und bestätigt';

const plainAmount = /^\d+(\.\d+)?$/;

/**
 * The one reader of a debtor's installment proposal under the creditor's review: the proposal a
 * `hold-placed` event carries as data (`proposal`, see {@link PlanProposal}) — or, for a hold the
 * portal's proposal form placed before that member existed (its idempotency key `portal:plan:…`), the
 * proposal its note names, read back from the note's text; `null` for any other hold, and for such an
 * old note that does not name as many installments as it says it has. The portal's page shows what it
 * reads; a host's review reads it the same way (from `ClaimState.events` or `history`). An old note is
 * parsed only when asked (some 20–60 µs), never while a claim's state is projected.
 *
 * @param event - the `hold-placed` event
 * @param currency - the claim's currency (an old note's amounts are read in it)
 * @returns the proposal, or null
 */
export function holdProposal(event: ClaimEventOf<'hold-placed'>, currency: string): PlanProposal | null {
  if (event.proposal !== undefined) return event.proposal;
  if (event.idempotencyKey?.startsWith(portalProposalKeyPrefix) !== true) return null;
  const installments = installmentsOfPortalNote(event.note, currency);
  if (installments === null) return null;
  // The portal showed the notice on the page and took its acknowledgement with the form: on the day of the hold.
  return event.note.endsWith(portalNoticeSuffix) ? { installments, costNoticeGivenOn: event.date } : { installments };
}

/**
 * The installments the note of an old proposal hold names, in either of the two forms the portal wrote:
 * worded as the debtor's page lists them (`… (3 Raten): Rate 1: 1.006,17 €, fällig 16.02.2025 (Sonntag) –
 * zahlbar bis Montag, 17.02.2025; Rate 2: …`: German figures, points grouping thousands, a comma before
 * the cents) or, for a list too long for a note, by ISO date and amount (`… (24 Raten EUR: 2025-02-14
 * 41.93, …)`). Null when the note is none of these or names fewer or more installments than it says.
 */
function installmentsOfPortalNote(note: string, currency: string): Installment[] | null {
  if (!note.startsWith(`${portalNotePrefix} (`)) return null;
  const count = /^\((\d+) Raten/.exec(note.slice(portalNotePrefix.length + 1));
  if (count === null) return null;
  const worded = [...note.matchAll(/Rate (\d+): ([^;]+?), fällig (\d{2})\.(\d{2})\.(\d{4})/g)].map((m) => ({
    dueDate: `${m[5] as string}-${m[4] as string}-${m[3] as string}`,
    amount: (m[2] as string).replace(/[^\d,]/g, '').replace(',', '.'),
  }));
  const plain = worded.length > 0 ? worded : [...note.matchAll(/(\d{4}-\d{2}-\d{2}) (\d+(?:\.\d+)?)/g)].map((m) => ({ dueDate: m[1] as string, amount: m[2] as string }));
  if (plain.length !== Number(count[1])) return null;
  // A stored note is read as it is: text that is no day or amount makes it no proposal, never a failed load.
  if (plain.some((i) => !isIsoDate(i.dueDate) || !plainAmount.test(i.amount))) return null;
  return plain.map((i) => ({ dueDate: i.dueDate as IsoDate, amount: worded.length > 0 ? toAmountString(money(i.amount, currency)) : i.amount }));
}
