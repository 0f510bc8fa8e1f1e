import { ValidationError } from '../../errors/errors.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { isNegative, isPositive, money, subtract, toAmountString, type Money } from '../../money/money.js';
import { applicableLaw, currentLawObligationsFrom } from './transition.js';
import type { ClaimKind, DebtorKind } from './types.js';

/** Input of {@link flatFee} and {@link flatFeeRefusal}. */
export interface FlatFeeInput {
  /** Consumer or business debtor; consumers never owe the flat fee. */
  debtor: DebtorKind;
  /** `entgelt` (default) or `other`; only Entgeltforderungen carry the flat fee. */
  claimKind?: ClaimKind;
  /** When the obligation arose (contract date). The flat fee exists only for obligations arising from 2014-07-29. Default: treated as new. */
  obligationDate?: IsoDate;
  /** True for a continuing obligation: an older one carries the flat fee for consideration performed after 2016-06-30 (Art. 229 § 34 S. 2 EGBGB). */
  continuingObligation?: boolean;
  /** For a continuing obligation: the day the consideration claimed was performed. */
  performedOn?: IsoDate;
  /**
   * Costs of legal pursuit already charged for this claim — the creditor's own dunning fees and
   * collection costs, in EUR. The flat fee is credited against them (§ 288 Abs. 5 S. 3 BGB) whichever
   * comes first, so only the part of 40 EUR they do not reach is charged.
   */
  costsCharged?: Money;
  /** First day of default (from `determineDefault`), or `null` when the debtor is not in default. */
  defaultBegan: IsoDate | null;
  /** The day the fee would be charged; when given, the debtor must be in default on that day. */
  on?: IsoDate;
  /** True when the flat fee was already charged for this claim (it is due once per claim). */
  alreadyCharged?: boolean;
}

/** The flat fee for late payment (Verzugspauschale). */
export interface FlatFeeResult {
  /** 40.00 EUR, less the costs of legal pursuit charged before (§ 288 Abs. 5 S. 3 BGB). */
  amount: Money;
  /** Legal basis. */
  basis: '§ 288 Abs. 5 BGB';
  /** Why it is due, and that it is credited against later collection costs (§ 288 Abs. 5 S. 3 BGB). */
  explanation: string;
}

/** Why no flat fee is due. */
export interface FlatFeeRefusal {
  /** Stable reason code. */
  code: 'consumer' | 'not-entgelt' | 'not-in-default' | 'obligation-before-2014-07-29' | 'already-charged' | 'credited-against-costs';
  /** The reason in words, with its legal basis. */
  reason: string;
}

/** First day of obligations that carry the flat fee: Art. 229 § 34 EGBGB ("nach dem 28. Juli 2014 entstanden"). */
export const flatFeeObligationsFrom: IsoDate = currentLawObligationsFrom;

const FLAT_FEE = '40.00';

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
  if (obligationDate !== undefined && applicableLaw(input).version === 'old') {
    return {
      code: 'obligation-before-2014-07-29',
      reason:
        `Art. 229 § 34 EGBGB: § 288 Abs. 5 BGB applies only to obligations that arose after 28 July 2014 (or to older continuing obligations ` +
        `for consideration performed after 30 June 2016, S. 2); this one arose on ${obligationDate}.`,
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
  if (input.costsCharged !== undefined) {
    if (input.costsCharged.currency !== 'EUR' || isNegative(input.costsCharged)) {
      throw new ValidationError('costsCharged: pass the costs of legal pursuit charged so far as a EUR amount of zero or more.', { field: 'costsCharged' });
    }
    if (!isPositive(subtract(money(FLAT_FEE, 'EUR'), input.costsCharged))) {
      return {
        code: 'credited-against-costs',
        reason: `§ 288 Abs. 5 S. 3 BGB: the flat fee is credited against the costs of legal pursuit already charged (${toAmountString(input.costsCharged)} EUR), which reach 40 EUR.`,
      };
    }
  }
  return null;
}

/**
 * The flat fee for late payment of § 288 Abs. 5 BGB: 40 EUR, owed by a business (non-consumer)
 * debtor in default with an Entgeltforderung that arose from 2014-07-29 (or an older continuing
 * obligation for consideration performed after 2016-06-30, Art. 229 § 34 S. 2 EGBGB). It is
 * credited against damages for the costs of legal pursuit (§ 288 Abs. 5 S. 3 BGB) either way: pass
 * it as `flatFeeCredit` to `computeCollectionCosts` and as `flatFeeCharged` to `creditorDunningFee`
 * for costs that come later; costs charged before it (`costsCharged`) lower it.
 *
 * @param input - debtor, claim kind, obligation date and default
 * @returns the fee, or `null` when none is due (see {@link flatFeeRefusal} for the reason)
 */
export function flatFee(input: FlatFeeInput): FlatFeeResult | null {
  if (flatFeeRefusal(input) !== null) return null;
  return flatFeeDue(input);
}

/**
 * {@link flatFee} for an input {@link flatFeeRefusal} has already found no reason to refuse (the
 * engine asks for the refusal first, to name it): the fee, without checking the input again.
 *
 * @internal
 */
export function flatFeeDue(input: FlatFeeInput): FlatFeeResult {
  const full = money(FLAT_FEE, 'EUR');
  const costs = input.costsCharged;
  if (costs !== undefined && isPositive(costs)) {
    return {
      amount: subtract(full, costs),
      basis: '§ 288 Abs. 5 BGB',
      explanation:
        `§ 288 Abs. 5 S. 1 BGB: 40 EUR flat fee for a business debtor in default with an Entgeltforderung, less the costs of legal pursuit ` +
        `already charged (${toAmountString(costs)} EUR), against which it is credited (§ 288 Abs. 5 S. 3 BGB; EuGH C-287/17).`,
    };
  }
  return {
    amount: full,
    basis: '§ 288 Abs. 5 BGB',
    explanation:
      '§ 288 Abs. 5 S. 1 BGB: 40 EUR flat fee for a business debtor in default with an Entgeltforderung; ' +
      'it is credited against later costs of legal pursuit such as collection costs (§ 288 Abs. 5 S. 3 BGB).',
  };
}
