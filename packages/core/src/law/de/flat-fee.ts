import { ValidationError } from '../../errors/errors.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { money, type Money } from '../../money/money.js';
import type { ClaimKind, DebtorKind } from './types.js';

/** Input of {@link flatFee} and {@link flatFeeRefusal}. */
export interface FlatFeeInput {
  /** Consumer or business debtor; consumers never owe the flat fee. */
  debtor: DebtorKind;
  /** `entgelt` (default) or `other`; only Entgeltforderungen carry the flat fee. */
  claimKind?: ClaimKind;
  /** When the obligation arose (contract date). The flat fee exists only for obligations arising from 2014-07-29. Default: treated as new. */
  obligationDate?: IsoDate;
  /** First day of default (from `determineDefault`), or `null` when the debtor is not in default. */
  defaultBegan: IsoDate | null;
  /** The day the fee would be charged; when given, the debtor must be in default on that day. */
  on?: IsoDate;
  /** True when the flat fee was already charged for this claim (it is due once per claim). */
  alreadyCharged?: boolean;
}

/** The flat fee for late payment (Verzugspauschale). */
export interface FlatFeeResult {
  /** 40.00 EUR. */
  amount: Money;
  /** Legal basis. */
  basis: '§ 288 Abs. 5 BGB';
  /** Why it is due, and that it is credited against later collection costs (§ 288 Abs. 5 S. 3 BGB). */
  explanation: string;
}

/** Why no flat fee is due. */
export interface FlatFeeRefusal {
  /** Stable reason code. */
  code: 'consumer' | 'not-entgelt' | 'not-in-default' | 'obligation-before-2014-07-29' | 'already-charged';
  /** The reason in words, with its legal basis. */
  reason: string;
}

/** First day of obligations that carry the flat fee: Art. 229 § 34 EGBGB ("nach dem 28. Juli 2014 entstanden"). */
export const flatFeeObligationsFrom: IsoDate = '2014-07-29';

/**
 * Why the § 288 Abs. 5 BGB flat fee is not due, or `null` when it is due.
 *
 * @param input - debtor, claim kind, obligation date and default
 * @throws DateError for malformed dates
 */
export function flatFeeRefusal(input: FlatFeeInput): FlatFeeRefusal | null {
  if (input.debtor !== 'consumer' && input.debtor !== 'business') {
    throw new ValidationError(`debtor: "${String(input.debtor)}" is neither "consumer" nor "business".`, { field: 'debtor' });
  }
  const claimKind = input.claimKind ?? 'entgelt';
  if (claimKind !== 'entgelt' && claimKind !== 'other') {
    throw new ValidationError(`claimKind: "${String(claimKind)}" is neither "entgelt" nor "other".`, { field: 'claimKind' });
  }
  const defaultBegan = input.defaultBegan === null ? null : parseIsoDate(input.defaultBegan, 'defaultBegan');
  const on = input.on === undefined ? undefined : parseIsoDate(input.on, 'on');
  const obligationDate = input.obligationDate === undefined ? undefined : parseIsoDate(input.obligationDate, 'obligationDate');
  if (input.debtor === 'consumer') {
    return { code: 'consumer', reason: '§ 288 Abs. 5 S. 1 BGB: the flat fee is owed only by a debtor who is not a consumer.' };
  }
  if (claimKind !== 'entgelt') {
    return {
      code: 'not-entgelt',
      reason: '§ 288 Abs. 5 S. 1 BGB: the flat fee belongs only to an Entgeltforderung (consideration for goods or services), not to damages, return-debit fees or wage claims.',
    };
  }
  if (obligationDate !== undefined && compareDates(obligationDate, flatFeeObligationsFrom) < 0) {
    return {
      code: 'obligation-before-2014-07-29',
      reason: `Art. 229 § 34 EGBGB: § 288 Abs. 5 BGB applies only to obligations that arose after 28 July 2014; this one arose on ${obligationDate}.`,
    };
  }
  if (defaultBegan === null || (on !== undefined && compareDates(on, defaultBegan) < 0)) {
    return {
      code: 'not-in-default',
      reason: `§ 288 Abs. 5 S. 1 BGB: the flat fee arises only once the debtor is in default (§ 286 BGB)${defaultBegan === null ? '' : `, which begins on ${defaultBegan}`}.`,
    };
  }
  if (input.alreadyCharged === true) {
    return { code: 'already-charged', reason: '§ 288 Abs. 5 BGB: the flat fee was already charged for this claim.' };
  }
  return null;
}

/**
 * The flat fee for late payment of § 288 Abs. 5 BGB: 40 EUR, owed by a business (non-consumer)
 * debtor in default with an Entgeltforderung that arose from 2014-07-29. It is credited against
 * damages for the costs of legal pursuit (§ 288 Abs. 5 S. 3 BGB), e.g. later collection costs —
 * pass it as `flatFeeCredit` to `computeCollectionCosts`.
 *
 * @param input - debtor, claim kind, obligation date and default
 * @returns the fee, or `null` when none is due (see {@link flatFeeRefusal} for the reason)
 */
export function flatFee(input: FlatFeeInput): FlatFeeResult | null {
  if (flatFeeRefusal(input) !== null) return null;
  return {
    amount: money('40.00', 'EUR'),
    basis: '§ 288 Abs. 5 BGB',
    explanation:
      '§ 288 Abs. 5 S. 1 BGB: 40 EUR flat fee for a business debtor in default with an Entgeltforderung; ' +
      'it is credited against later costs of legal pursuit such as collection costs (§ 288 Abs. 5 S. 3 BGB).',
  };
}
