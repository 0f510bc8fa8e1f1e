import type { IsoDate } from '../calendar/date.js';
import { flatFeeRefusal } from '../law/de/flat-fee.js';
import { defaultInterestMargin } from '../law/de/interest.js';
import type { ClaimKind, CreditorKind, DebtorKind } from '../law/de/types.js';
import type { ClaimFacts } from './events.js';

/** The facts of a claim that decide its interest margin and flat fee (§ 288 BGB, Art. 229 § 34 EGBGB). */
export interface ClaimLegalTerms {
  /** Consumer or business debtor. */
  readonly debtor: DebtorKind;
  /** Consumer or business creditor. */
  readonly creditor: CreditorKind;
  /** Entgeltforderung or other money debt. */
  readonly claimKind: ClaimKind;
  /** When the obligation arose: the contract date, or the invoice date. */
  readonly obligationDate: IsoDate;
  /** True for a continuing obligation. */
  readonly continuingObligation: boolean;
  /** When the consideration was performed: `performanceDate`, or the invoice date. */
  readonly performedOn: IsoDate;
}

/**
 * The legal terms of a claim with their defaults filled in — one place, so the statement, the engine
 * and its guards read the same margin and flat-fee facts.
 *
 * @param facts - the claim's facts
 */
export function claimLegalTerms(facts: ClaimFacts): ClaimLegalTerms {
  return {
    debtor: facts.debtor.kind,
    creditor: facts.creditorKind ?? 'business',
    claimKind: facts.claimKind ?? 'entgelt',
    obligationDate: facts.contractDate ?? facts.invoiceDate,
    continuingObligation: facts.continuingObligation === true,
    performedOn: facts.performanceDate ?? facts.invoiceDate,
  };
}

/**
 * What a change of a claim's facts would change in how its amounts are worked out — the default
 * interest margin with its basis (`defaultInterestMargin`, which the statement's interest uses) and
 * whether § 288 Abs. 5 BGB grants the flat fee at all (`flatFeeRefusal`, which the engine asks before
 * charging it) — read from {@link claimLegalTerms} of both, so the same functions that compute the
 * amounts decide whether they would change. `null` when nothing would: e.g. a consumer's contract
 * date (5 points, no flat fee, whatever the obligation date) or a description.
 *
 * `amendClaimFacts` and `correctClaimFacts` refuse such a change once default has begun (interest
 * has run, and a flat fee may be charged, under the law as it stood).
 *
 * @internal
 * @param before - the claim's facts as they stand
 * @param after - the facts with the change laid over them
 * @returns what would change, in words (e.g. `default interest 9 points (§ 288 Abs. 2 BGB) → 8 points (…)`), or null
 */
export function amountTermsChange(before: ClaimFacts, after: ClaimFacts): string | null {
  const changes: string[] = [];
  const termsBefore = claimLegalTerms(before);
  const termsAfter = claimLegalTerms(after);
  const marginBefore = defaultInterestMargin(termsBefore);
  const marginAfter = defaultInterestMargin(termsAfter);
  if (!marginBefore.marginPoints.equals(marginAfter.marginPoints) || marginBefore.basis !== marginAfter.basis) {
    changes.push(
      `default interest base rate + ${marginBefore.marginPoints.toString()} points (${marginBefore.basis}) → + ${marginAfter.marginPoints.toString()} points (${marginAfter.basis})`,
    );
  }
  // Whether the law grants the flat fee at all (not whether it is due yet): asked without a default.
  const grantsFlatFee = (terms: ClaimLegalTerms): boolean => flatFeeRefusal({ ...terms, defaultBegan: null })?.code === 'not-in-default';
  const feeBefore = grantsFlatFee(termsBefore);
  const feeAfter = grantsFlatFee(termsAfter);
  if (feeBefore !== feeAfter) changes.push(feeBefore ? 'the 40 EUR flat fee (§ 288 Abs. 5 BGB) no longer owed (Art. 229 § 34 EGBGB)' : 'the 40 EUR flat fee (§ 288 Abs. 5 BGB) owed');
  return changes.length === 0 ? null : changes.join('; ');
}
