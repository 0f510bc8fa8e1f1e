import { ValidationError } from '../../errors/errors.js';
import { add, compare, isFinal, isNegative, isPositive, maxMoney, money, subtract, toAmountString, zero, type Money } from '../../money/money.js';

/** Input of {@link creditorDunningFee}. */
export interface CreditorDunningFeeInput {
  /** The fee the creditor wants to charge for this dunning letter (its own costs), a final amount, zero or more. */
  amount: Money;
  /** True when this notice is the one that puts the debtor in default (the Verzug-causing Mahnung, § 286 Abs. 1 BGB). */
  causesDefault: boolean;
  /** True when the debtor is already in default when the notice is sent. */
  inDefault: boolean;
  /** Above this amount a warning is given; default 2.50 EUR (see facts: BGH VIII ZR 95/18). */
  warnAbove?: Money;
  /**
   * The § 288 Abs. 5 BGB flat fee already charged for this claim (business debtor). The flat fee
   * compensates the creditor's own collection costs; only the part of them above it is charged on top
   * (§ 288 Abs. 5 S. 3 BGB; EuGH 13.09.2018, C-287/17, Česká pojišťovna).
   */
  flatFeeCharged?: Money;
  /** The creditor's own dunning fees charged earlier for this claim; with `flatFeeCharged` they count against the flat fee first. */
  ownFeesCharged?: Money;
}

/** The creditor's own dunning fee that may be charged. */
export interface CreditorDunningFeeResult {
  /** The recoverable fee: 0 for the default-causing notice and before default; otherwise the requested amount. */
  amount: Money;
  /** Legal basis of the result. */
  basis: string;
  /** Warnings for the host: e.g. an amount above the level of actual material costs. */
  warnings: string[];
}

/**
 * The creditor's own fee for a dunning letter (Mahngebühr) as damages for delay (§§ 280 Abs. 1, 2,
 * 286 BGB).
 *
 * - The notice that causes default earns nothing: there is no damage from delay yet
 *   (BGH 26.06.2019, VIII ZR 95/18).
 * - Before default nothing is recoverable.
 * - Later notices: only the actual material costs (print, paper, postage), not staff or overhead.
 *   The BGH accepted about 0.76 EUR and found a 2.50 EUR lump sum invalid (§§ 309 Nr. 5a, 307 BGB);
 *   amounts above `warnAbove` (default 2.50 EUR) are charged as asked but carry a warning.
 * - Against a business debtor charged the 40 EUR flat fee (`flatFeeCharged`): own costs count against
 *   it; only the part of all own fees above it is charged (§ 288 Abs. 5 S. 3 BGB; EuGH C-287/17).
 *
 * @param input - the requested fee and whether the debtor is, or is put, in default
 * @throws ValidationError for a negative amount or one with fractions of a cent
 */
export function creditorDunningFee(input: CreditorDunningFeeInput): CreditorDunningFeeResult {
  const requested = input.amount;
  if (isNegative(requested)) {
    throw new ValidationError(`amount: ${requested.amount.toString()} ${requested.currency} is negative; a dunning fee is zero or more.`, {
      field: 'amount',
    });
  }
  if (!isFinal(requested)) {
    throw new ValidationError(`amount: ${requested.amount.toString()} has fractions of a cent; pass a final amount like "1.50".`, {
      field: 'amount',
    });
  }
  const warnAbove = input.warnAbove ?? money('2.50', requested.currency);
  const shown = `${toAmountString(requested)} ${requested.currency}`;
  if (input.causesDefault) {
    return {
      amount: zero(requested.currency),
      basis: '§ 286 Abs. 1 BGB; BGH 26.06.2019, VIII ZR 95/18',
      warnings: requested.amount.isZero()
        ? []
        : [`The notice that puts the debtor in default is not recoverable (no damage from delay yet); the requested ${shown} is not charged.`],
    };
  }
  if (!input.inDefault) {
    return {
      amount: zero(requested.currency),
      basis: '§§ 280 Abs. 2, 286 BGB',
      warnings: requested.amount.isZero()
        ? []
        : [`The debtor is not in default; a reminder before default earns no damages, so the requested ${shown} is not charged.`],
    };
  }
  const warnings: string[] = [];
  if (compare(requested, warnAbove) > 0) {
    warnings.push(
      `${shown} is above ${toAmountString(warnAbove)} ${warnAbove.currency}: only actual material costs (print, paper, postage) are recoverable, ` +
        'not staff or overhead costs; the BGH accepted about 0.76 EUR and held a 2.50 EUR lump sum invalid (VIII ZR 95/18, §§ 309 Nr. 5a, 307 BGB). ' +
        'Be ready to prove the cost; against consumers never charge more than the proven cost.',
    );
  }
  const flat = input.flatFeeCharged;
  if (flat !== undefined && isPositive(flat)) {
    // Own costs count against the flat fee; only what they exceed it by is owed on top.
    const before = input.ownFeesCharged ?? zero(requested.currency);
    const after = add(before, requested);
    const zeroM = zero(requested.currency);
    const owed = subtract(maxMoney(subtract(after, flat), zeroM), maxMoney(subtract(before, flat), zeroM));
    if (compare(owed, requested) < 0) {
      warnings.push(
        `The flat fee of ${toAmountString(flat)} ${flat.currency} (§ 288 Abs. 5 BGB) already compensates the creditor's own dunning costs up to that amount; ` +
          `of the requested ${shown}, ${toAmountString(owed)} ${requested.currency} exceed it and are charged (§ 288 Abs. 5 S. 3 BGB; EuGH C-287/17).`,
      );
    }
    return { amount: owed, basis: '§§ 280 Abs. 1, 2, 286 BGB; § 288 Abs. 5 S. 3 BGB', warnings };
  }
  return { amount: requested, basis: '§§ 280 Abs. 1, 2, 286 BGB', warnings };
}
