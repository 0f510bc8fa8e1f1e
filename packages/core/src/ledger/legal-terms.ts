import type { IsoDate } from '../calendar/date.js';
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
