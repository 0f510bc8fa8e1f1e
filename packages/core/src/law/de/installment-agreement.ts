import { ValidationError } from '../../errors/errors.js';
import { parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { formatMoney, isPositive, subtract, type Money } from '../../money/money.js';
import { computeCollectionCosts, type CollectionCostsInput, type CostItem } from './collection-costs.js';

/** Input of {@link installmentAgreementFee}: the collection costs as charged, whose case and options the agreement keeps. */
export type InstallmentAgreementFeeInput = Omit<CollectionCostsInput, 'installmentAgreement'>;

/** The further costs a payment agreement concluded by a collection agency causes. */
export interface InstallmentAgreementFee {
  /** What the agreement adds to the collection costs already charged: the Einigungsgebühr and the rise of the Nr. 7002 (and 7008) lines. */
  amount: Money;
  /** The lines of the costs with the agreement (Nr. 2300, Nr. 1000, Nr. 7002, …). */
  items: readonly CostItem[];
  /** The Einigungsgebühr line (Nr. 1000 Nr. 2 VV RVG, § 31b RVG). */
  fee: CostItem;
  /** The notice of § 13a Abs. 3 RDG in German: the costs the agreement causes, to be given in Textform before it is concluded. */
  notice: string;
}

/**
 * The costs a payment (installment or deferral) agreement causes when a collection agency concludes
 * it: the Einigungsgebühr of Nr. 1000 Nr. 2 VV RVG (0.7, on 50 % of the claim, § 31b RVG; before
 * 2021-10-01 1.5 on 20 %), recoverable up to what a lawyer could charge (§ 13e RDG), and the rise of
 * the Nr. 7002 expenses it brings — the difference between the collection costs with and without the
 * agreement. Also the § 13a Abs. 3 RDG notice of these costs that a private person must get in
 * Textform *before* the agreement.
 *
 * Example: 1,200.00 EUR uncontested, mandate 2025-07-01 → 206.15 − 141.05 = 65.10 EUR (0.7 × 93.00; Nr. 7002 stays at 20.00).
 *
 * @param input - the collection costs' input (claim, mandate date, case, options)
 * @throws as `computeCollectionCosts`
 */
export function installmentAgreementFee(input: InstallmentAgreementFeeInput): InstallmentAgreementFee {
  const without = computeCollectionCosts({ ...input, installmentAgreement: false });
  const withAgreement = computeCollectionCosts({ ...input, installmentAgreement: true });
  const fee = withAgreement.items.find((i) => i.code === 'Nr. 1000 VV RVG');
  if (fee === undefined) {
    throw new ValidationError('input: no Einigungsgebühr arises here (the collection costs are excluded by § 13f RDG).', { field: 'alreadyChargedByLawyer' });
  }
  const amount = subtract(withAgreement.total, without.total);
  // German figures for the debtor (§ 13a Abs. 3 RDG asks for a notice they understand): "65,10 €", rate "0,7".
  const notice =
    `Hinweis nach § 13a Abs. 3 RDG: Schließen Sie mit uns eine Zahlungsvereinbarung (Raten- oder Stundungsvereinbarung), entstehen dadurch ` +
    `weitere Kosten von ${formatMoney(amount)}: eine Einigungsgebühr nach Nr. 1000 Nr. 2 VV RVG von ${formatMoney(fee.amount)} ` +
    `(${fee.factor?.toString().replace('.', ',') ?? ''} × Gebühr aus einem Gegenstandswert von ${formatMoney(fee.value ?? input.claim)}, § 31b RVG)` +
    `${isPositive(subtract(amount, fee.amount)) ? ` und ${formatMoney(subtract(amount, fee.amount))} höhere Auslagen (Nr. 7002${input.creditorCanDeductVat === false ? ', 7008' : ''} VV RVG)` : ''}. ` +
    'Diese Kosten sind Teil der Forderung, wenn Sie die Vereinbarung schließen.';
  return { amount, items: withAgreement.items, fee, notice };
}

/** What is known about a payment agreement with a private person, for § 13a Abs. 3 RDG. */
export interface InstallmentNoticeCheckInput {
  /** Consumer (private person, § 13a Abs. 5 RDG) or business debtor. */
  debtor: 'consumer' | 'business';
  /** True when a collection agency (not the creditor itself) concludes the agreement. */
  byCollectionAgency: boolean;
  /** The day the agreement is concluded. */
  agreedOn: IsoDate;
  /** The day the § 13a Abs. 3 RDG cost notice was given in Textform, if it was. */
  costNoticeGivenOn?: IsoDate | undefined;
}

/**
 * Why a payment agreement may not be concluded yet under § 13a Abs. 3 RDG, or `null` when it may:
 * a collection agency must tell a private person in Textform, *before* a payment agreement, which
 * costs it causes (see {@link installmentAgreementFee}'s `notice`). Creditors collecting themselves and
 * business debtors are not covered.
 *
 * @param input - debtor kind, who concludes it, and the days of agreement and notice
 * @throws DateError for malformed dates
 */
export function installmentNoticeRefusal(input: InstallmentNoticeCheckInput): string | null {
  const agreedOn = parseIsoDate(input.agreedOn, 'agreedOn');
  if (input.debtor !== 'consumer' || !input.byCollectionAgency) return null;
  if (input.costNoticeGivenOn === undefined) {
    return '§ 13a Abs. 3 RDG: before a payment agreement a collection agency must tell a private person in Textform which costs it causes; no cost notice was recorded (costNoticeGivenOn).';
  }
  const given = parseIsoDate(input.costNoticeGivenOn, 'costNoticeGivenOn');
  if (given > agreedOn) {
    return `§ 13a Abs. 3 RDG: the cost notice (${given}) must come before the payment agreement (${agreedOn}).`;
  }
  return null;
}
