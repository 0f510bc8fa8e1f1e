// The test oracle of the fee arithmetic: the § 13 RVG / § 34 GKG step tables, fees at a rate,
// the collection costs (§ 13e RDG, Nr. 2300 ff. VV RVG) and the KV 1100 GKG court fee as they were
// computed before they moved to scaled integers (commit 9883be9's packages/core/src/data/de/fee-table.ts,
// law/de/collection-costs.ts and law/de/court-fee.ts, unchanged but for the imports and names) —
// every sum, product and quotient in decimal.js. Test-only: `fees-integer.property.test.ts` checks
// that the integer path gives the same figures over the whole value range.
import { CurrencyMismatchError, FeeCapError, ValidationError } from '../../src/errors/errors.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../src/calendar/date.js';
import { feeTableOn, tableVersionText, type FeeTableStep, type StepFeeTable } from '../../src/data/de/fee-table.js';
import { rvgTables, type RvgTable } from '../../src/data/de/rvg-tables.js';
import { gkgTableOn, gkgTables } from '../../src/data/de/gkg-tables.js';
import { Dec, type Decimal } from '../../src/money/decimal.js';
import { add, compare, isNegative, isPositive, maxMoney, minMoney, money, negate, roundMoney, sum, toAmountString, zero, type Money } from '../../src/money/money.js';
import {
  inkassoReformFrom,
  type CollectionCase,
  type CollectionCostsCapOptions,
  type CollectionCostsInput,
  type CollectionCostsResult,
  type CostItem,
} from '../../src/law/de/collection-costs.js';
import type { CourtDunningFeeInput, CourtDunningFeeResult } from '../../src/law/de/court-fee.js';

/**
 * The 1.0 fee of a stepped table for a value: the base fee, plus for every step the number of
 * started blocks of value inside that step times the step's increase. Exact decimal arithmetic;
 * the table's figures are whole cents, so the result is a final amount.
 *
 * @param value - the value (Gegenstandswert / Streitwert) in EUR, zero or more
 * @param table - the table version
 * @param field - the input field named in errors
 * @throws CurrencyMismatchError when the value is not in EUR; ValidationError when it is negative
 */
export function decimalStepTableFee(value: Money, table: StepFeeTable, field = 'value'): Money {
  if (value.currency !== 'EUR') {
    throw new CurrencyMismatchError(
      `${field}: the ${table.id} table is in EUR, but the value is in ${value.currency}; convert the value to EUR first.`,
      { field },
    );
  }
  if (value.amount.isNegative() && !value.amount.isZero()) {
    throw new ValidationError(`${field}: ${value.amount.toString()} EUR is negative; a fee value must be zero or more.`, { field });
  }
  const v = value.amount;
  const steps = preparedSteps(table);
  // The step the value ends in; the steps below it are full and their fees summed up already.
  let fee = steps.baseFee;
  let lower = steps.baseUpTo;
  let i = 0;
  while (i < steps.upper.length && v.greaterThan(lower)) {
    const upper = steps.upper[i] as Decimal | null;
    if (upper === null || v.lessThanOrEqualTo(upper)) {
      fee = (steps.feeBelow[i] as Decimal).plus(v.minus(lower).dividedBy(steps.per[i] as Decimal).ceil().times(steps.add[i] as Decimal));
      break;
    }
    lower = upper;
    i++;
    fee = steps.feeBelow[i] ?? fee;
  }
  return money(fee, 'EUR');
}

/** A table's figures as decimals, with the fee at the lower end of every step (all steps below it full). */
interface PreparedSteps {
  /** The figures they were made from, to notice a table changed since. */
  readonly from: { readonly baseUpTo: string; readonly baseFee: string; readonly steps: readonly FeeTableStep[]; readonly step: readonly FeeTableStep[] };
  readonly baseUpTo: Decimal;
  readonly baseFee: Decimal;
  /** Per step: its upper end (null: open), block size, increase per block, and the fee at its lower end. */
  readonly upper: readonly (Decimal | null)[];
  readonly per: readonly Decimal[];
  readonly add: readonly Decimal[];
  /** `feeBelow[i]`: the fee for a value at the lower end of step i (the base fee plus every full step before it); one more entry past the last step. */
  readonly feeBelow: readonly Decimal[];
}

/** Prepared tables by table object; checked against the table's current figures at every use. */
const prepared = new WeakMap<StepFeeTable, PreparedSteps>();

function preparedSteps(table: StepFeeTable): PreparedSteps {
  const known = prepared.get(table);
  if (known !== undefined && sameFigures(known.from, table)) return known;
  const baseUpTo = new Dec(table.baseUpTo);
  const baseFee = new Dec(table.baseFee);
  const upper: (Decimal | null)[] = [];
  const per: Decimal[] = [];
  const add: Decimal[] = [];
  const feeBelow: Decimal[] = [baseFee];
  let lower = baseUpTo;
  let fee = baseFee;
  for (const step of table.steps) {
    const top = step.upTo === null ? null : new Dec(step.upTo);
    upper.push(top);
    per.push(new Dec(step.per));
    add.push(new Dec(step.add));
    if (top === null) break;
    // A full step: every started block of (top − lower), as the value top itself would count them.
    fee = fee.plus(top.minus(lower).dividedBy(step.per).ceil().times(step.add));
    feeBelow.push(fee);
    lower = top;
  }
  const result: PreparedSteps = {
    from: { baseUpTo: table.baseUpTo, baseFee: table.baseFee, steps: table.steps, step: table.steps.map((s) => ({ upTo: s.upTo, per: s.per, add: s.add })) },
    baseUpTo,
    baseFee,
    upper,
    per,
    add,
    feeBelow,
  };
  prepared.set(table, result);
  return result;
}

function sameFigures(from: PreparedSteps['from'], table: StepFeeTable): boolean {
  if (from.baseUpTo !== table.baseUpTo || from.baseFee !== table.baseFee || from.steps !== table.steps || from.step.length !== table.steps.length) return false;
  for (let i = 0; i < from.step.length; i++) {
    const a = from.step[i] as FeeTableStep;
    const b = table.steps[i] as FeeTableStep;
    if (a.upTo !== b.upTo || a.per !== b.per || a.add !== b.add) return false;
  }
  return true;
}

/**
 * A fee at a rate (Gebührensatz) of the 1.0 fee: `baseFee × factor`, rounded to the cent with
 * 0.5 cent rounded up (§ 2 Abs. 2 RVG, § 34 Abs. 2 S. 2 GKG), and at least the table's minimum fee
 * (§ 13 Abs. 3 RVG, § 34 Abs. 2 S. 1 GKG).
 *
 * @param baseFee - the 1.0 fee
 * @param factor - the rate, e.g. `'0.9'`
 * @param table - the table whose minimum applies
 */
export function decimalFeeAtRate(baseFee: Money, factor: Decimal | string, table: StepFeeTable): Money {
  const raw = roundMoney(money(baseFee.amount.times(new Dec(factor)), baseFee.currency));
  return maxMoney(raw, money(table.minimumFee, baseFee.currency));
}

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
      basis: 'Nr. 2300 VV RVG Anm. (1) (Auftrag vor dem 01.10.2021, § 60 RVG)',
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

interface Prepared {
  readonly claim: Money;
  readonly mandateDate: IsoDate;
  readonly table: RvgTable;
  readonly kind: CollectionCase;
  readonly rule: FactorRule;
  readonly reform: boolean;
  readonly hasReason: boolean;
  readonly vatRate: Decimal | null;
  readonly installment: boolean;
  readonly credit: Money | null;
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
  if (!isPositive(claim)) {
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
  let credit: Money | null = null;
  if (input.flatFeeCredit !== undefined) {
    if (input.flatFeeCredit.currency !== 'EUR') {
      throw new CurrencyMismatchError(`flatFeeCredit: the flat fee is in EUR, not ${input.flatFeeCredit.currency}.`, { field: 'flatFeeCredit' });
    }
    if (isNegative(input.flatFeeCredit)) {
      throw new ValidationError(`flatFeeCredit: ${input.flatFeeCredit.amount.toString()} EUR is negative; pass the flat fee claimed (e.g. "40.00") or leave it out.`, {
        field: 'flatFeeCredit',
      });
    }
    credit = roundMoney(input.flatFeeCredit);
  }
  return {
    claim,
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
  if (input.factor === undefined) return new Dec(p.rule.usual);
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
  const cap = new Dec(p.hasReason ? p.rule.capWithReason : p.rule.cap);
  if (factor.greaterThan(cap)) {
    const what = p.reform ? `a${p.kind === 'uncontested' ? 'n' : ''} ${p.kind} case` : 'this mandate';
    throw new FeeCapError(
      `factor: ${text} is above the cap of ${cap.toString()} for ${what}${p.hasReason ? ' even with a reason' : ''} (${p.rule.basis}); ` +
        `${p.rule.reasonHint}. Lower the factor to ${cap.toString()} or less.`,
      { field: 'factor' },
    );
  }
  return factor;
}

interface Computed {
  readonly items: CostItem[];
  readonly total: Money;
}

function excludedItems(): Computed {
  return {
    items: [
      {
        code: 'Nr. 2300 VV RVG',
        factor: new Dec(0),
        amount: zero('EUR'),
        basis: '§ 13f RDG',
        note:
          'A lawyer also acts for the creditor on this claim: only the costs a lawyer alone would have caused are recoverable (§ 13f RDG), ' +
          'so no second collection costs are charged. Exception: the lawyer was hired because the debtor first disputed the claim after the collection mandate (set lawyerHiredAfterDispute).',
      },
    ],
    total: zero('EUR'),
  };
}

/** The costs of one case at one Nr. 2300 rate. */
function costsAt(p: Prepared, factor: Decimal): Computed {
  if (p.excludedBy13f) return excludedItems();
  const { table, claim } = p;
  const items: CostItem[] = [];

  // Nr. 2300 VV RVG, with the § 13 Abs. 2 RVG fee for uncontested claims up to 50 EUR.
  const small = table.smallClaimFee;
  const smallApplies =
    small !== undefined && p.kind !== 'contested' && compareDates(p.mandateDate, small.from) >= 0 && claim.amount.lessThanOrEqualTo(small.upTo);
  const baseFee = smallApplies ? money(small.fee, 'EUR') : decimalStepTableFee(claim, table);
  const fee2300 = decimalFeeAtRate(baseFee, factor, table);
  const minimumApplied = compare(fee2300, roundMoney(money(baseFee.amount.times(factor), 'EUR'))) > 0;
  const notes2300: string[] = [];
  if (smallApplies && small !== undefined) notes2300.push(`§ 13 Abs. 2 RVG: 1.0 fee ${small.fee} EUR for an uncontested collection claim up to ${small.upTo} EUR`);
  if (minimumApplied) notes2300.push(`§ 13 Abs. 3 RVG: minimum fee ${table.minimumFee} EUR`);
  items.push({
    code: 'Nr. 2300 VV RVG',
    factor,
    value: claim,
    baseFee,
    amount: fee2300,
    basis: `${p.rule.basis}, § 13 ${smallApplies ? 'Abs. 2' : 'Abs. 1'} RVG (${tableVersionText(table)}), § 13e Abs. 1 RDG`,
    ...(notes2300.length > 0 ? { note: `${notes2300.join('; ')}.` } : {}),
  });
  let fees = fee2300;

  // Nr. 1000 Nr. 2 VV RVG: installment agreement (Zahlungsvereinbarung).
  if (p.installment) {
    const share = p.reform ? '0.5' : '0.2';
    const rate = new Dec(p.reform ? '0.7' : '1.5');
    // § 31b RVG: the value is the share of the claim as it is; rounding it before the table look-up
    // would put 500.004 EUR (20 % of 2,500.02) in the step up to 500 (§ 13 Abs. 1 RVG: "angefangene").
    const value = money(claim.amount.times(share), 'EUR');
    const base = decimalStepTableFee(value, table);
    const fee1000 = decimalFeeAtRate(base, rate, table);
    items.push({
      code: 'Nr. 1000 VV RVG',
      factor: rate,
      value,
      baseFee: base,
      amount: fee1000,
      basis: `Nr. 1000 Nr. 2 VV RVG, § 31b RVG (${tableVersionText(table)}), § 13e Abs. 1 RDG`,
      note: p.reform
        ? 'Installment agreement: 0.7 Einigungsgebühr on 50 % of the claim (§ 31b RVG).'
        : 'Installment agreement, mandate before 2021-10-01: 1.5 Einigungsgebühr on 20 % of the claim (§ 31b RVG a.F.).',
    });
    fees = add(fees, fee1000);
  }

  // Nr. 7002 VV RVG: 20 % of the fees, at most 20 EUR.
  const postage = minMoney(roundMoney(money(fees.amount.times('0.2'), 'EUR')), money('20.00', 'EUR'));
  items.push({
    code: 'Nr. 7002 VV RVG',
    amount: postage,
    basis: 'Nr. 7002 VV RVG',
    note: `Post and telecommunications: 20 % of the fees (${toAmountString(fees)} EUR), at most 20.00 EUR.`,
  });

  // § 13f RDG: agency and a lawyer in court cost at most a lawyer alone, who would have had half the
  // Geschäftsgebühr (at most 0.75) credited against the court Verfahrensgebühr (Vorbem. 3 Abs. 4 VV RVG).
  let net = add(fees, postage);
  if (p.courtCreditValue !== null) {
    const creditRate = Dec.min(factor.dividedBy(2), new Dec('0.75'));
    const overlapSmall = smallApplies && small !== undefined && p.courtCreditValue.amount.lessThanOrEqualTo(small.upTo) ? small : undefined;
    const overlapBase = overlapSmall !== undefined ? money(overlapSmall.fee, 'EUR') : decimalStepTableFee(p.courtCreditValue, table);
    const credited = minMoney(roundMoney(money(overlapBase.amount.times(creditRate), 'EUR')), fee2300);
    items.push({
      code: 'Vorbem. 3 Abs. 4 VV RVG',
      factor: creditRate,
      value: p.courtCreditValue,
      baseFee: overlapBase,
      amount: negate(credited),
      basis: '§ 13f RDG, Vorbem. 3 Abs. 4 VV RVG',
      note:
        `A lawyer represents the creditor in court on this claim; agency and lawyer together may cost no more than a lawyer alone (§ 13f RDG), ` +
        `who would have had ${creditRate.toString()} of the Geschäftsgebühr (half, at most 0.75) on ${toAmountString(p.courtCreditValue)} EUR credited against the court fee (Vorbem. 3 Abs. 4 VV RVG).`,
    });
    net = add(net, negate(credited));
  }

  // Nr. 7008 VV RVG: VAT only when the creditor cannot deduct it as input tax.
  let gross = net;
  if (p.vatRate !== null) {
    const vat = roundMoney(money(net.amount.times(p.vatRate).dividedBy(100), 'EUR'));
    items.push({
      code: 'Nr. 7008 VV RVG',
      amount: vat,
      basis: 'Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG',
      note: `VAT ${p.vatRate.toString()} % on ${toAmountString(net)} EUR: the creditor has declared it cannot deduct input tax.`,
    });
    gross = add(net, vat);
  }

  // § 288 Abs. 5 S. 3 BGB: the flat fee is credited against the costs of legal pursuit.
  if (p.credit !== null && isPositive(p.credit)) {
    const credited = minMoney(p.credit, gross);
    if (isPositive(credited)) {
      items.push({
        code: '§ 288 Abs. 5 S. 3 BGB',
        amount: negate(credited),
        basis: '§ 288 Abs. 5 S. 3 BGB',
        note:
          compare(credited, p.credit) < 0
            ? `Flat fee credited up to the costs (${toAmountString(credited)} of ${toAmountString(p.credit)} EUR); costs cannot fall below zero.`
            : `Flat fee of ${toAmountString(p.credit)} EUR already claimed, credited against the collection costs.`,
      });
    }
  }
  const total = sum(
    items.map((i) => i.amount),
    'EUR',
  );
  return { items, total: isNegative(total) ? zero('EUR') : total };
}

/** computeCollectionCosts as it was in decimal.js. */
export function decimalComputeCollectionCosts(input: CollectionCostsInput): CollectionCostsResult {
  const p = prepare(input);
  const factor = checkedFactor(input, p);
  const actual = costsAt(p, factor);
  // costsAt is a function of the prepared input and the rate alone: at the usual rate, which is the
  // cap itself for every case after the Inkasso reform, the ceiling is the costs just computed.
  const capFactor = new Dec(p.hasReason ? p.rule.capWithReason : p.rule.cap);
  const ceiling = capFactor.equals(factor) ? actual : costsAt(p, capFactor);
  return {
    total: actual.total,
    table: p.table.id,
    items: actual.items,
    cap: ceiling.total,
    factor: p.excludedBy13f ? new Dec(0) : factor,
  };
}

/** collectionCostsCap as it was in decimal.js. */
export function decimalCollectionCostsCap(claim: Money, mandateDate: IsoDate, options: CollectionCostsCapOptions = {}): Money {
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
  return costsAt(p, new Dec(p.hasReason ? p.rule.capWithReason : p.rule.cap)).total;
}

const HALF = '0.5';

/** courtDunningFee as it was in decimal.js. */
export function decimalCourtDunningFee(input: CourtDunningFeeInput): CourtDunningFeeResult {
  const date = parseIsoDate(input.date, 'date');
  if (!isPositive(input.value)) {
    throw new ValidationError(
      `value: ${input.value.amount.toString()} ${input.value.currency} is not above zero; a Mahnbescheid needs a money claim (§ 688 ZPO).`,
      { field: 'value' },
    );
  }
  const table = gkgTableOn(date, input.tables ?? gkgTables);
  const baseFee = decimalStepTableFee(input.value, table);
  const factor = new Dec(HALF);
  const half = roundMoney(money(baseFee.amount.times(factor), 'EUR'));
  const minimum = money(table.dunningMinimum.amount, 'EUR');
  const minimumApplied = compare(half, minimum) < 0;
  return {
    amount: minimumApplied ? minimum : half,
    baseFee,
    factor,
    code: 'KV 1100 GKG',
    table: table.id,
    minimumApplied,
    minimum,
    minimumConfirmed: table.dunningMinimum.confirmed,
    basis: `KV Nr. 1100 GKG (0,5-Gebühr, mindestens ${table.dunningMinimum.amount.replace(".", ",")} EUR), § 34 GKG (${tableVersionText(table)})`,
  };
}
