import { CurrencyMismatchError, FeeCapError, ValidationError } from '../../errors/errors.js';
import { withArticle } from '../../errors/zod-issue.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { feeAtRateScaled, roundedTo, stepTableFeeScaled, tableVersionText } from '../../data/de/fee-table.js';
import { rvgTables, feeTableOn, type RvgTable } from '../../data/de/rvg-tables.js';
import { preReformGeschaeftsgebuehrBasis } from '../../ledger/statement-words.js';
import { atScale, scaledToMoney, scaledToString, toScaled, type Scaled } from '../../money/scaled.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { isNegative, isPositive, minMoney, toAmountString, type Money } from '../../money/money.js';

/**
 * How the collection went, which decides the Nr. 2300 VV RVG rate:
 *
 * - `simple`: an uncontested claim paid within about two weeks of the first demand — only 0.5
 *   (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG);
 * - `uncontested`: the debtor does not dispute the claim — up to 0.9, up to 1.3 only if the work was
 *   particularly extensive or difficult (Anm. Abs. 2 S. 1, 3);
 * - `contested`: the debtor disputes the claim — up to 1.3, up to 2.5 only if the work was extensive
 *   or difficult (Anm. Abs. 1).
 */
export type CollectionCase = 'simple' | 'uncontested' | 'contested';

/** Input of {@link computeCollectionCosts}. */
export interface CollectionCostsInput {
  /** The claim (principal only; interest and costs are not added to the value, § 43 Abs. 1 GKG i.V.m. § 23 RVG), in EUR, above zero. */
  claim: Money;
  /** Date of the (unconditional) collection mandate; picks the RVG table (§ 60 RVG). */
  mandateDate: IsoDate;
  /** How the collection went; decides the default rate and its cap. */
  case: CollectionCase;
  /** Nr. 2300 rate as a decimal string (`'0.9'`); default: the case's usual rate (0.5 / 0.9 / 1.3). */
  factor?: string;
  /** Why the work was (particularly) extensive or difficult; required for a rate above the case's cap. */
  factorReason?: string;
  /** Whether the creditor can deduct input VAT; default true → no VAT on the costs (Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG). */
  creditorCanDeductVat?: boolean;
  /** VAT rate in percent as a decimal string; default `'19'`. Used only when the creditor cannot deduct input VAT. */
  vatRatePercent?: string;
  /** True when an installment (payment) agreement was made: Einigungsgebühr Nr. 1000 Nr. 2 VV RVG on 50 % of the claim (§ 31b RVG). */
  installmentAgreement?: boolean;
  /** The § 288 Abs. 5 BGB flat fee already claimed for this claim; credited against the costs (§ 288 Abs. 5 S. 3 BGB). */
  flatFeeCredit?: Money;
  /**
   * True when a lawyer also acted for the creditor on this claim *out of court* and charges a
   * Geschäftsgebühr for it: a lawyer alone would have charged that fee only, so under § 13f RDG no
   * collection costs are recoverable beside it (total 0.00 with an explanatory item).
   */
  alreadyChargedByLawyer?: boolean;
  /**
   * True when, after the collection agency's out-of-court work, a lawyer represents the creditor in
   * court proceedings on the claim (court dunning procedure or lawsuit). § 13f RDG caps agency plus
   * lawyer at what a lawyer alone would have cost, and a lawyer alone would have had half of the
   * Geschäftsgebühr, at most 0.75, credited against the court Verfahrensgebühr (Vorbem. 3 Abs. 4
   * VV RVG): that share is deducted from the collection costs (line `Vorbem. 3 Abs. 4 VV RVG`).
   */
  lawyerInCourtProceedings?: boolean;
  /**
   * The value of the court proceedings, when less than the claim (a part paid meanwhile): the
   * crediting runs on the value that is also the subject of the court proceedings (Vorbem. 3 Abs. 4
   * S. 5 VV RVG). Default: the claim.
   */
  courtValue?: Money;
  /**
   * True when the lawyer was hired only because the debtor first disputed the claim after the collection
   * mandate (the exception of § 13f RDG): then both sets of costs are recoverable.
   */
  lawyerHiredAfterDispute?: boolean;
  /** RVG table versions to choose from; default the shipped {@link rvgTables}. */
  tables?: readonly RvgTable[];
}

/** Fee codes of collection-cost items. */
export type CostItemCode =
  | 'Nr. 2300 VV RVG'
  | 'Nr. 1000 VV RVG'
  | 'Nr. 7002 VV RVG'
  | 'Vorbem. 3 Abs. 4 VV RVG'
  | 'Nr. 7008 VV RVG'
  | '§ 288 Abs. 5 S. 3 BGB';

/** One line of the collection costs. */
export interface CostItem {
  /** Fee code. */
  code: CostItemCode;
  /** Rate of the 1.0 fee, for fees (Nr. 2300, Nr. 1000). */
  factor?: Decimal;
  /** The value (Gegenstandswert) the fee is computed on, for fees. */
  value?: Money;
  /** The 1.0 fee for the value, for fees. */
  baseFee?: Money;
  /** The amount of this line; negative for the flat-fee credit. Final (whole cents). */
  amount: Money;
  /** Legal basis of the line. */
  basis: string;
  /** Explanation for letters and the audit trail. */
  note?: string;
}

/** The recoverable collection costs. */
export interface CollectionCostsResult {
  /** Sum of the items, never below zero. */
  total: Money;
  /** RVG table version, e.g. `'RVG 2025-06-01'`. */
  table: string;
  /** The lines, in the order Nr. 2300, Nr. 1000, Nr. 7002, Nr. 7008, flat-fee credit. */
  items: readonly CostItem[];
  /**
   * The § 13e RDG cap for this case: the same costs at the highest rate the case allows (with a
   * `factorReason`, the higher ceiling), after the same flat-fee credit. `total` never exceeds it.
   */
  cap: Money;
  /** The Nr. 2300 rate used (0 when § 13f RDG excludes the costs). */
  factor: Decimal;
}

/** Options of {@link collectionCostsCap}. */
export interface CollectionCostsCapOptions {
  /** The case; default `uncontested` (the usual collection of an undisputed invoice). */
  case?: CollectionCase;
  /** True to allow the higher ceiling that needs a documented reason (uncontested 1.3, contested 2.5); default false. */
  withReason?: boolean;
  /** As in {@link CollectionCostsInput}; default true (no VAT). */
  creditorCanDeductVat?: boolean;
  /** As in {@link CollectionCostsInput}; default `'19'`. */
  vatRatePercent?: string;
  /** As in {@link CollectionCostsInput}: include the Nr. 1000 Einigungsgebühr. */
  installmentAgreement?: boolean;
  /** As in {@link CollectionCostsInput}: flat fee credited against the costs. */
  flatFeeCredit?: Money;
  /** As in {@link CollectionCostsInput}: § 13f RDG — nothing is recoverable. */
  alreadyChargedByLawyer?: boolean;
  /** As in {@link CollectionCostsInput}: the § 13f RDG exception. */
  lawyerHiredAfterDispute?: boolean;
  /** As in {@link CollectionCostsInput}: § 13f RDG with Vorbem. 3 Abs. 4 VV RVG crediting. */
  lawyerInCourtProceedings?: boolean;
  /** As in {@link CollectionCostsInput}. */
  courtValue?: Money;
  /** RVG table versions to choose from; default the shipped {@link rvgTables}. */
  tables?: readonly RvgTable[];
}

/**
 * The first mandate date of the Inkasso reform (Gesetz zur Verbesserung des Verbraucherschutzes im
 * Inkassorecht, BGBl. I 2020, 3320): Anm. Abs. 2 zu Nr. 2300 VV RVG (0.5 / 0.9 / max 1.3 for
 * uncontested claims), § 13 Abs. 2 RVG and Nr. 1000 at 0.7 on 50 % of the claim (§ 31b RVG).
 */
export const inkassoReformFrom: IsoDate = '2021-10-01';

interface FactorRule {
  readonly usual: string;
  readonly cap: string;
  readonly capWithReason: string;
  readonly basis: string;
  readonly reasonHint: string;
}

const NR2300_MIN = '0.5';
const NR2300_MAX = '2.5';

const collectionCases: readonly string[] = ['simple', 'uncontested', 'contested'];

function factorRule(kind: CollectionCase, reform: boolean): FactorRule {
  if (!collectionCases.includes(kind)) {
    throw new ValidationError(`case: "${String(kind)}" is not one of "simple", "uncontested", "contested".`, { field: 'case' });
  }
  if (!reform) {
    // Before the Inkasso reform only Anm. (1) existed: up to 1.3, more only if extensive or difficult.
    const usual = kind === 'simple' ? '0.5' : kind === 'uncontested' ? '0.9' : '1.3';
    return {
      usual,
      cap: '1.3',
      capWithReason: NR2300_MAX,
      basis: preReformGeschaeftsgebuehrBasis,
      reasonHint: 'a rate above 1.3 needs extensive or difficult work — give factorReason',
    };
  }
  switch (kind) {
    case 'simple':
      return {
        usual: '0.5',
        cap: '0.5',
        capWithReason: '0.5',
        basis: 'Nr. 2300 VV RVG Anm. (2) S. 2',
        reasonHint: 'in simple cases only 0.5 may be charged, whatever the reason; choose case "uncontested" if the claim was not paid within about two weeks',
      };
    case 'uncontested':
      return {
        usual: '0.9',
        cap: '0.9',
        capWithReason: '1.3',
        basis: 'Nr. 2300 VV RVG Anm. (2) S. 1, 3',
        reasonHint: 'more than 0.9 needs particularly extensive or difficult work (give factorReason), and 1.3 is the maximum for an uncontested claim',
      };
    default: // contested
      return {
        usual: '1.3',
        cap: '1.3',
        capWithReason: NR2300_MAX,
        basis: 'Nr. 2300 VV RVG Anm. (1)',
        reasonHint: 'more than 1.3 needs extensive or difficult work (give factorReason), and 2.5 is the maximum',
      };
  }
}

const decimalPattern = /^\d+(\.\d+)?$/;

/** The rates this module writes as text, each read once (decimal.js values are immutable, so results may share them). */
const decimals = new Map<string, Decimal>();
function decimalOf(text: string): Decimal {
  let d = decimals.get(text);
  if (d === undefined) decimals.set(text, (d = new Dec(text)));
  return d;
}

interface Prepared {
  readonly claim: Money;
  /** The claim as a scaled integer (its own decimals). */
  readonly claimScaled: Scaled;
  readonly mandateDate: IsoDate;
  readonly table: RvgTable;
  readonly kind: CollectionCase;
  readonly rule: FactorRule;
  readonly reform: boolean;
  readonly hasReason: boolean;
  readonly vatRate: Decimal | null;
  readonly installment: boolean;
  /** The flat fee credited, in cents (rounded half up), or null. */
  readonly credit: bigint | null;
  readonly excludedBy13f: boolean;
  /** § 13f RDG with a lawyer in court: the value the Vorbem. 3 Abs. 4 crediting runs on, or null. */
  readonly courtCreditValue: Money | null;
}

function prepare(input: CollectionCostsInput): Prepared {
  const claim = input.claim;
  if (claim.currency !== 'EUR') {
    throw new CurrencyMismatchError(`claim: collection costs follow the RVG, which is in EUR; the claim is in ${claim.currency}. Convert it to EUR first.`, {
      field: 'claim',
    });
  }
  const claimScaled = toScaled(claim.amount);
  if (claimScaled.value <= 0n) {
    throw new ValidationError(`claim: ${claim.amount.toString()} EUR is not above zero; collection costs need an open claim.`, { field: 'claim' });
  }
  const mandateDate = parseIsoDate(input.mandateDate, 'mandateDate');
  const table = feeTableOn(mandateDate, input.tables ?? rvgTables, 'mandateDate');
  const kind = input.case;
  const reform = compareDates(mandateDate, inkassoReformFrom) >= 0;
  const rule = factorRule(kind, reform);
  let vatRate: Decimal | null = null;
  if (input.creditorCanDeductVat === false) {
    const text = input.vatRatePercent ?? '19';
    if (typeof text !== 'string' || !decimalPattern.test(text.trim()) || new Dec(text.trim()).greaterThanOrEqualTo(100)) {
      throw new ValidationError(`vatRatePercent: "${String(text)}" is not a VAT rate in percent; write it like "19" or "7".`, {
        field: 'vatRatePercent',
      });
    }
    vatRate = new Dec(text.trim());
  }
  let credit: bigint | null = null;
  if (input.flatFeeCredit !== undefined) {
    if (input.flatFeeCredit.currency !== 'EUR') {
      throw new CurrencyMismatchError(`flatFeeCredit: the flat fee is in EUR, not ${input.flatFeeCredit.currency}.`, { field: 'flatFeeCredit' });
    }
    if (isNegative(input.flatFeeCredit)) {
      throw new ValidationError(`flatFeeCredit: ${input.flatFeeCredit.amount.toString()} EUR is negative; pass the flat fee claimed (e.g. "40.00") or leave it out.`, {
        field: 'flatFeeCredit',
      });
    }
    const c = toScaled(input.flatFeeCredit.amount);
    credit = roundedTo(c.value, c.scale, 2);
  }
  return {
    claim,
    claimScaled,
    mandateDate,
    table,
    kind,
    rule,
    reform,
    hasReason: typeof input.factorReason === 'string' && input.factorReason.trim() !== '',
    vatRate,
    installment: input.installmentAgreement === true,
    credit,
    excludedBy13f: input.alreadyChargedByLawyer === true && input.lawyerHiredAfterDispute !== true,
    courtCreditValue: courtCreditValue(input, claim),
  };
}

function courtCreditValue(input: CollectionCostsInput, claim: Money): Money | null {
  if (input.lawyerInCourtProceedings !== true || input.lawyerHiredAfterDispute === true) return null;
  if (input.courtValue === undefined) return claim;
  const v = input.courtValue;
  if (v.currency !== 'EUR') {
    throw new CurrencyMismatchError(`courtValue: the value of the court proceedings is in ${v.currency}; it must be in EUR like the claim.`, { field: 'courtValue' });
  }
  if (!isPositive(v)) {
    throw new ValidationError(`courtValue: ${v.amount.toString()} EUR is not above zero; pass the amount claimed in court, or leave it out.`, { field: 'courtValue' });
  }
  return minMoney(v, claim);
}

/** Reads and checks the requested rate against Nr. 2300 VV RVG and the case's cap. */
function checkedFactor(input: CollectionCostsInput, p: Prepared): Decimal {
  if (input.factor === undefined) return decimalOf(p.rule.usual);
  const text = typeof input.factor === 'string' ? input.factor.trim() : '';
  if (!decimalPattern.test(text)) {
    throw new ValidationError(`factor: "${String(input.factor)}" is not a decimal rate; write it like "0.9" or "1.3".`, { field: 'factor' });
  }
  const factor = new Dec(text);
  if (factor.lessThan(NR2300_MIN)) {
    throw new ValidationError(
      `factor: ${text} is below 0.5, the lowest rate of Nr. 2300 VV RVG (0.5 to 2.5); a mandate limited to a simple letter (Nr. 2301, 0.3) is not a collection mandate.`,
      { field: 'factor' },
    );
  }
  if (factor.greaterThan(NR2300_MAX)) {
    throw new FeeCapError(`factor: ${text} is above 2.5, the highest rate of Nr. 2300 VV RVG; lower the factor to 2.5 or less.`, { field: 'factor' });
  }
  const cap = decimalOf(p.hasReason ? p.rule.capWithReason : p.rule.cap);
  if (factor.greaterThan(cap)) {
    // The article by the case's first sound: the one rule (withArticle), not picked here by hand.
    const what = p.reform ? `${withArticle(p.kind)} case` : 'this mandate';
    throw new FeeCapError(
      `factor: ${text} is above the cap of ${cap.toString()} for ${what}${p.hasReason ? ' even with a reason' : ''} (${p.rule.basis}); ` +
        `${p.rule.reasonHint}. Lower the factor to ${cap.toString()} or less.`,
      { field: 'factor' },
    );
  }
  return factor;
}

/**
 * A line of the collection costs in scaled integers: {@link CostItem} with the amount in cents and
 * the 1.0 fee at its table's scale (what the engine writes into events as text, without a
 * decimal.js value in between).
 *
 * @internal
 */
export interface ScaledCostItem {
  readonly code: CostItemCode;
  readonly factor?: Decimal;
  readonly value?: Money;
  readonly baseFee?: Scaled;
  /** Cents. */
  readonly amount: bigint;
  readonly basis: string;
  readonly note?: string;
}

/**
 * {@link CollectionCostsResult} in scaled integers: `total` and `cap` in cents.
 *
 * @internal
 */
export interface CollectionCostsFigures {
  readonly total: bigint;
  readonly table: string;
  readonly items: readonly ScaledCostItem[];
  readonly cap: bigint;
  readonly factor: Decimal;
}

interface Computed {
  readonly items: ScaledCostItem[];
  /** Cents, never below zero. */
  readonly total: bigint;
}

function excludedItems(): Computed {
  return {
    items: [
      {
        code: 'Nr. 2300 VV RVG',
        factor: decimalOf('0'),
        amount: 0n,
        basis: '§ 13f RDG',
        note:
          'A lawyer also acts for the creditor on this claim: only the costs a lawyer alone would have caused are recoverable (§ 13f RDG), ' +
          'so no second collection costs are charged. Exception: the lawyer was hired because the debtor first disputed the claim after the collection mandate (set lawyerHiredAfterDispute).',
      },
    ],
    total: 0n,
  };
}

/** Cents (an integer at scale 2) as EUR Money. */
function eur(cents: bigint): Money {
  return scaledToMoney(cents, 2, 'EUR');
}

/** A scaled integer at most `limit` (a decimal text). */
function notAbove(x: Scaled, limit: string): boolean {
  const l = toScaled(limit);
  const scale = x.scale > l.scale ? x.scale : l.scale;
  return atScale(x, scale) <= atScale(l, scale);
}

/** A fee of the table at a rate, in cents (a table's minimum fee is a whole-cent amount). */
function feeCents(base: Scaled, rate: Scaled, table: RvgTable): { readonly cents: bigint; readonly raw: bigint } {
  const fee = feeAtRateScaled(base, rate, table, 2);
  return { cents: roundedTo(fee.value, fee.scale, 2), raw: fee.raw };
}

const SHARE_REFORM: Scaled = { value: 5n, scale: 1 };
const SHARE_BEFORE: Scaled = { value: 2n, scale: 1 };

/**
 * The costs of one case at one Nr. 2300 rate. Exact integer arithmetic in cents (scaled integers;
 * the value keeps its own decimals until the table look-up): every product is rounded half up to
 * the cent as roundMoney rounds it, so the figures are those of the same rules in decimal.js.
 */
function costsAt(p: Prepared, factor: Decimal): Computed {
  if (p.excludedBy13f) return excludedItems();
  const { table, claim } = p;
  const v = p.claimScaled;
  const rate = toScaled(factor);
  const items: ScaledCostItem[] = [];

  // Nr. 2300 VV RVG, with the § 13 Abs. 2 RVG fee for uncontested claims up to 50 EUR.
  const small = table.smallClaimFee;
  const smallApplies = small !== undefined && p.kind !== 'contested' && compareDates(p.mandateDate, small.from) >= 0 && notAbove(v, small.upTo);
  const base = smallApplies && small !== undefined ? toScaled(small.fee) : stepTableFeeScaled(v, table);
  const at = feeCents(base, rate, table);
  const fee2300 = at.cents;
  const minimumApplied = fee2300 > at.raw;
  const notes2300: string[] = [];
  if (smallApplies && small !== undefined) notes2300.push(`§ 13 Abs. 2 RVG: 1.0 fee ${small.fee} EUR for an uncontested collection claim up to ${small.upTo} EUR`);
  if (minimumApplied) notes2300.push(`§ 13 Abs. 3 RVG: minimum fee ${table.minimumFee} EUR`);
  const basis2300 = `${p.rule.basis}, § 13 ${smallApplies ? 'Abs. 2' : 'Abs. 1'} RVG (${tableVersionText(table)}), § 13e Abs. 1 RDG`;
  items.push(
    notes2300.length > 0
      ? { code: 'Nr. 2300 VV RVG', factor, value: claim, baseFee: base, amount: fee2300, basis: basis2300, note: `${notes2300.join('; ')}.` }
      : { code: 'Nr. 2300 VV RVG', factor, value: claim, baseFee: base, amount: fee2300, basis: basis2300 },
  );
  let fees = fee2300;

  // Nr. 1000 Nr. 2 VV RVG: installment agreement (Zahlungsvereinbarung).
  if (p.installment) {
    const share = p.reform ? SHARE_REFORM : SHARE_BEFORE;
    const rate1000 = decimalOf(p.reform ? '0.7' : '1.5');
    // § 31b RVG: the value is the share of the claim as it is; rounding it before the table look-up
    // would put 500.004 EUR (20 % of 2,500.02) in the step up to 500 (§ 13 Abs. 1 RVG: "angefangene").
    const shareValue: Scaled = { value: v.value * share.value, scale: v.scale + share.scale };
    const value = scaledToMoney(shareValue.value, shareValue.scale, 'EUR');
    const base1000 = stepTableFeeScaled(shareValue, table);
    const fee1000 = feeCents(base1000, toScaled(rate1000), table).cents;
    items.push({
      code: 'Nr. 1000 VV RVG',
      factor: rate1000,
      value,
      baseFee: base1000,
      amount: fee1000,
      basis: `Nr. 1000 Nr. 2 VV RVG, § 31b RVG (${tableVersionText(table)}), § 13e Abs. 1 RDG`,
      note: p.reform
        ? 'Installment agreement: 0.7 Einigungsgebühr on 50 % of the claim (§ 31b RVG).'
        : 'Installment agreement, mandate before 2021-10-01: 1.5 Einigungsgebühr on 20 % of the claim (§ 31b RVG a.F.).',
    });
    fees += fee1000;
  }

  // Nr. 7002 VV RVG: 20 % of the fees, at most 20 EUR.
  const twentyPercent = roundedTo(fees * 2n, 3, 2);
  const postage = twentyPercent < 2000n ? twentyPercent : 2000n;
  items.push({
    code: 'Nr. 7002 VV RVG',
    amount: postage,
    basis: 'Nr. 7002 VV RVG',
    note: `Post and telecommunications: 20 % of the fees (${scaledToString(fees, 2)} EUR), at most 20.00 EUR.`,
  });

  // § 13f RDG: agency and a lawyer in court cost at most a lawyer alone, who would have had half the
  // Geschäftsgebühr (at most 0.75) credited against the court Verfahrensgebühr (Vorbem. 3 Abs. 4 VV RVG).
  let net = fees + postage;
  if (p.courtCreditValue !== null) {
    const creditRate = Dec.min(factor.dividedBy(2), decimalOf('0.75'));
    const courtValue = toScaled(p.courtCreditValue.amount);
    const overlapSmall = smallApplies && small !== undefined && notAbove(courtValue, small.upTo) ? small : undefined;
    const overlapBase = overlapSmall !== undefined ? toScaled(overlapSmall.fee) : stepTableFeeScaled(courtValue, table);
    const cr = toScaled(creditRate);
    const share = roundedTo(overlapBase.value * cr.value, overlapBase.scale + cr.scale, 2);
    const credited = share < fee2300 ? share : fee2300;
    items.push({
      code: 'Vorbem. 3 Abs. 4 VV RVG',
      factor: creditRate,
      value: p.courtCreditValue,
      baseFee: overlapBase,
      amount: -credited,
      basis: '§ 13f RDG, Vorbem. 3 Abs. 4 VV RVG',
      note:
        `A lawyer represents the creditor in court on this claim; agency and lawyer together may cost no more than a lawyer alone (§ 13f RDG), ` +
        `who would have had ${creditRate.toString()} of the Geschäftsgebühr (half, at most 0.75) on ${toAmountString(p.courtCreditValue)} EUR credited against the court fee (Vorbem. 3 Abs. 4 VV RVG).`,
    });
    net -= credited;
  }

  // Nr. 7008 VV RVG: VAT only when the creditor cannot deduct it as input tax.
  let gross = net;
  if (p.vatRate !== null) {
    const r = toScaled(p.vatRate);
    // net × rate / 100: the rate's decimals and two more (the percent).
    const vat = roundedTo(net * r.value, 2 + r.scale + 2, 2);
    items.push({
      code: 'Nr. 7008 VV RVG',
      amount: vat,
      basis: 'Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG',
      note: `VAT ${p.vatRate.toString()} % on ${scaledToString(net, 2)} EUR: the creditor has declared it cannot deduct input tax.`,
    });
    gross = net + vat;
  }

  // § 288 Abs. 5 S. 3 BGB: the flat fee is credited against the costs of legal pursuit.
  let total = gross;
  if (p.credit !== null && p.credit > 0n) {
    const credited = p.credit < gross ? p.credit : gross;
    if (credited > 0n) {
      items.push({
        code: '§ 288 Abs. 5 S. 3 BGB',
        amount: -credited,
        basis: '§ 288 Abs. 5 S. 3 BGB',
        note:
          credited < p.credit
            ? `Flat fee credited up to the costs (${scaledToString(credited, 2)} of ${scaledToString(p.credit, 2)} EUR); costs cannot fall below zero.`
            : `Flat fee of ${scaledToString(p.credit, 2)} EUR already claimed, credited against the collection costs.`,
      });
      total -= credited;
    }
  }
  return { items, total: total < 0n ? 0n : total };
}

/**
 * The collection costs (Inkassokosten) recoverable from the debtor: at most what a lawyer could
 * charge under the RVG for the same work (§ 13e Abs. 1 RDG).
 *
 * - Nr. 2300 VV RVG Geschäftsgebühr at the case's rate: `simple` 0.5, `uncontested` 0.9 (up to
 *   1.3 with `factorReason`), `contested` 1.3 (up to 2.5 with `factorReason`); for mandates before
 *   2021-10-01 (no Anm. Abs. 2 yet) up to 1.3, up to 2.5 with a reason. For uncontested and simple
 *   claims up to 50 EUR the 1.0 fee is the § 13 Abs. 2 RVG fee (30 EUR / 31.50 EUR from 2025-06-01).
 *   Minimum fee 15 EUR (§ 13 Abs. 3 RVG); rounding to the cent, 0.5 cent up (§ 2 Abs. 2 RVG).
 * - Nr. 1000 Nr. 2 VV RVG for an installment agreement: 0.7 on 50 % of the claim (§ 31b RVG).
 * - Nr. 7002 VV RVG: 20 % of the fees, at most 20 EUR.
 * - Nr. 7008 VV RVG: VAT only when `creditorCanDeductVat === false`.
 * - § 288 Abs. 5 S. 3 BGB: a flat fee already claimed is credited (negative item; total not below 0).
 * - § 13f RDG (agency *and* lawyer instructed: at most what a lawyer alone would cost): with
 *   `lawyerInCourtProceedings` the share a lawyer alone would have had credited against the court
 *   Verfahrensgebühr — half the Nr. 2300 rate, at most 0.75 (Vorbem. 3 Abs. 4 VV RVG) — is deducted
 *   (negative line `Vorbem. 3 Abs. 4 VV RVG`, before VAT); with `alreadyChargedByLawyer` (the lawyer
 *   charged a Geschäftsgebühr out of court too) the result is **total 0** with one explanatory
 *   Nr. 2300 item of 0.00 (basis `§ 13f RDG`). A lawyer instructed alone is no § 13f case: charge
 *   the lawyer's Nr. 2300 fee with this function and neither flag (§§ 280, 286 BGB).
 *
 * Example: 1,200.00 EUR, uncontested, mandate 2025-07-01 → 0.9 × 134.50 = 121.05 + 20.00 = 141.05 EUR
 * (`RVG 2025-06-01`); with mandate 2025-05-31 → 0.9 × 127 = 114.30 + 20.00 = 134.30 EUR (`RVG 2021-01-01`).
 *
 * @param input - claim, mandate date, case and options
 * @throws FeeCapError `factor_above_cap` (field `factor`) for a rate above the case's cap;
 *   ValidationError for bad input (field named); CurrencyMismatchError for non-EUR amounts;
 *   LegalDataError `table_unknown` for mandates before 2013-08-01
 */
export function computeCollectionCosts(input: CollectionCostsInput): CollectionCostsResult {
  const f = collectionCostsFigures(input);
  return { total: eur(f.total), table: f.table, items: f.items.map(costItemOf), cap: eur(f.cap), factor: f.factor };
}

/** A line in Money, its keys in the order code, factor, value, baseFee, amount, basis, note. */
function costItemOf(i: ScaledCostItem): CostItem {
  const item = { code: i.code } as CostItem;
  if (i.factor !== undefined) item.factor = i.factor;
  if (i.value !== undefined) item.value = i.value;
  if (i.baseFee !== undefined) item.baseFee = scaledToMoney(i.baseFee.value, i.baseFee.scale, 'EUR');
  item.amount = eur(i.amount);
  item.basis = i.basis;
  if (i.note !== undefined) item.note = i.note;
  return item;
}

/**
 * {@link computeCollectionCosts} in scaled integers (amounts in cents): the one computation, which
 * computeCollectionCosts turns into Money and the engine writes into events as text.
 *
 * @internal
 */
export function collectionCostsFigures(input: CollectionCostsInput): CollectionCostsFigures {
  const p = prepare(input);
  const factor = checkedFactor(input, p);
  const actual = costsAt(p, factor);
  // costsAt is a function of the prepared input and the rate alone: at the usual rate, which is the
  // cap itself for every case after the Inkasso reform, the ceiling is the costs just computed.
  const capFactor = decimalOf(p.hasReason ? p.rule.capWithReason : p.rule.cap);
  const ceiling = capFactor === factor || capFactor.equals(factor) ? actual : costsAt(p, capFactor);
  return {
    total: actual.total,
    table: p.table.id,
    items: actual.items,
    cap: ceiling.total,
    factor: p.excludedBy13f ? decimalOf('0') : factor,
  };
}

/**
 * The most that may be recovered as collection costs for a claim and mandate date (§ 13e RDG):
 * the costs at the highest Nr. 2300 rate of the case, with the same Nr. 1000, 7002, 7008 and
 * flat-fee-credit rules as {@link computeCollectionCosts}. Engine guards compare a charge with it.
 *
 * Defaults: case `uncontested` without a reason (0.9), no VAT, no installment agreement.
 * Example: 1,200.00 EUR, mandate 2025-07-01 → 141.05 EUR.
 *
 * @param claim - the claim (principal), EUR
 * @param mandateDate - the collection mandate date (picks the RVG table)
 * @param options - case, reason ceiling, VAT, installment agreement, flat-fee credit, § 13f RDG
 * @throws ValidationError / CurrencyMismatchError / LegalDataError as {@link computeCollectionCosts}
 */
export function collectionCostsCap(claim: Money, mandateDate: IsoDate, options: CollectionCostsCapOptions = {}): Money {
  const input: CollectionCostsInput = {
    claim,
    mandateDate,
    case: options.case ?? 'uncontested',
    ...(options.withReason === true ? { factorReason: 'ceiling with a documented reason' } : {}),
    ...(options.creditorCanDeductVat !== undefined ? { creditorCanDeductVat: options.creditorCanDeductVat } : {}),
    ...(options.vatRatePercent !== undefined ? { vatRatePercent: options.vatRatePercent } : {}),
    ...(options.installmentAgreement !== undefined ? { installmentAgreement: options.installmentAgreement } : {}),
    ...(options.flatFeeCredit !== undefined ? { flatFeeCredit: options.flatFeeCredit } : {}),
    ...(options.alreadyChargedByLawyer !== undefined ? { alreadyChargedByLawyer: options.alreadyChargedByLawyer } : {}),
    ...(options.lawyerHiredAfterDispute !== undefined ? { lawyerHiredAfterDispute: options.lawyerHiredAfterDispute } : {}),
    ...(options.lawyerInCourtProceedings !== undefined ? { lawyerInCourtProceedings: options.lawyerInCourtProceedings } : {}),
    ...(options.courtValue !== undefined ? { courtValue: options.courtValue } : {}),
    ...(options.tables !== undefined ? { tables: options.tables } : {}),
  };
  const p = prepare(input);
  return eur(costsAt(p, decimalOf(p.hasReason ? p.rule.capWithReason : p.rule.cap)).total);
}
