import {
  assertOrdered,
  daysInYear,
  fromDayNumber,
  parseIsoDate,
  toDayNumber,
  yearOf,
  type IsoDate,
} from '../../calendar/date.js';
import type { BaseRateRow } from '../../data/de/base-rates.js';
import { CurrencyMismatchError, ValidationError } from '../../errors/errors.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { currency as lookupCurrency } from '../../money/currency.js';
import { isNegative, money, roundMoney, sum, type Money } from '../../money/money.js';
import { atScale, divRoundHalfUp, pow10, scaledToMoney, toScaled, type Scaled } from '../../money/scaled.js';
import { baseRateOn, resolveBaseRateTable, type BaseRateOnDate, type BaseRateTable } from './base-rate.js';
import { applicableLaw } from './transition.js';
import type { ClaimKind, CreditorKind, DebtorKind } from './types.js';

/**
 * Year basis of the interest formula. No statute fixes one (facts file § 2.3):
 *
 * - `act/365` (default, the most common in practice): actual days ÷ 365, also in leap years;
 * - `act/act`: actual days ÷ 365 or 366 by the calendar year; periods are split at 1 January.
 */
export type DayCount = 'act/365' | 'act/act';

/**
 * Where interest is rounded to the cent (half up). No statute fixes it (facts file § 2.3, § 9 item 4):
 *
 * - `period` (default, like a court Zinsstaffel): each period is rounded; the total is their sum;
 * - `total`: the exact period amounts are added and the total is rounded once. The period
 *   amounts are then rounded for display only and may not add up to the total (see `note`).
 */
export type InterestRounding = 'period' | 'total';

/** The legal basis of an interest period's rate. */
export type InterestBasis =
  | '§ 288 Abs. 1 BGB'
  | '§ 288 Abs. 2 BGB'
  | '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB'
  | '§ 288 Abs. 2 BGB i.V.m. Art. 229 § 34 S. 2 EGBGB'
  | '§ 288 Abs. 3 BGB';

/** The terms shared by {@link DefaultInterestInput} and {@link InterestScheduleInput}. */
export interface InterestTerms {
  /** First interest day, inclusive: the first day of default (the day after the due date or the reminder's receipt). */
  from: IsoDate;
  /** Last interest day, inclusive (e.g. the day before payment, or the payment day if it is to count). */
  to: IsoDate;
  /** Consumer (+5 points) or business (+9 points for an Entgeltforderung). */
  debtor: DebtorKind;
  /** `entgelt` (default): an Entgeltforderung; `other`: any other money debt (+5 points, § 288 Abs. 1 BGB). */
  claimKind?: ClaimKind;
  /** Consumer or business creditor (default `business`); a consumer creditor gets +5 points (§ 288 Abs. 2 BGB: no consumer party). */
  creditor?: CreditorKind;
  /**
   * When the obligation arose. A business Entgeltforderung that arose before 2014-07-29 keeps
   * 8 points (Art. 229 § 34 S. 1 EGBGB). Absent: the obligation is taken to have arisen under the
   * current law (+9).
   */
  obligationDate?: IsoDate;
  /** True for a continuing obligation (Dauerschuldverhältnis); with `performedOn` after 2016-06-30 it gets +9 (Art. 229 § 34 S. 2 EGBGB). */
  continuingObligation?: boolean;
  /** For a continuing obligation: the day the consideration claimed was performed. */
  performedOn?: IsoDate;
  /**
   * A higher annual rate in percent agreed by contract or owed on another legal ground, e.g.
   * `'12'` (§ 288 Abs. 3 BGB). It applies in every period in which it is higher than the
   * statutory rate; otherwise the statutory rate applies.
   */
  contractualRatePercent?: string;
  /** Year basis; default `act/365`. */
  dayCount?: DayCount;
  /** Rounding; default `period`. */
  rounding?: InterestRounding;
  /**
   * For days after the base-rate table's known end, assume its last rate instead of throwing
   * `base_rate_unknown` (default `false`). Such periods are marked `assumedBaseRate`.
   */
  allowBeyondKnownBaseRate?: boolean;
  /** The base-rate table (default: the shipped German table); extend it with `extendBaseRates`. A row list is checked first. */
  baseRates?: BaseRateTable | readonly BaseRateRow[];
}

/** Input of {@link computeDefaultInterest}: one principal over one period. */
export interface DefaultInterestInput extends InterestTerms {
  /** The principal bearing interest (never interest itself: § 289 BGB), zero or more. */
  principal: Money;
}

/** One principal change of a Zinsstaffel. */
export interface PrincipalChange {
  /** The day from which `principal` is owed (inclusive). */
  date: IsoDate;
  /** The principal in force from `date` on, zero or more; principal only, never interest or costs (§ 289 BGB). */
  principal: Money;
}

/** Input of {@link computeInterestSchedule}: a principal that changes over time. */
export interface InterestScheduleInput extends InterestTerms {
  /**
   * The principal over time, in ascending date order: each entry is the principal owed from its
   * date on. Before the first entry no principal is owed. Entries before `from` set the opening
   * principal; entries after `to` are ignored.
   */
  changes: readonly PrincipalChange[];
}

/** One line of an interest computation: a run of days with the same principal, rate and year basis. */
export interface InterestPeriod {
  /** First day, inclusive. */
  from: IsoDate;
  /** Last day, inclusive. */
  to: IsoDate;
  /** Number of interest days, both ends counted. */
  days: number;
  /** Year basis used: 365, or 366 for a leap year under `act/act`. */
  yearDays: number;
  /** The principal bearing interest in this period. */
  principal: Money;
  /** The base rate (§ 247 BGB) in force in this period. */
  baseRatePercent: Decimal;
  /** The statutory margin in points: 5, 8 or 9. */
  marginPoints: Decimal;
  /** The annual rate applied: base rate + margin, or the higher contractual rate (§ 288 Abs. 3 BGB). */
  ratePercent: Decimal;
  /** The statutory rate, base rate + margin (never below zero), for comparison with `ratePercent`. */
  statutoryRatePercent?: Decimal;
  /** The interest of the period, rounded half up to the cent. */
  amount: Money;
  /** The exact, unrounded interest of the period: principal × rate / 100 × days / yearDays. */
  exactAmount?: Money;
  /** Legal basis of the rate. */
  basis: InterestBasis;
  /** The source of the base-rate row used. */
  baseRateSource?: string;
  /** `true` when the base rate was assumed beyond the known table (opt-in). */
  assumedBaseRate?: boolean;
  /** `true` when the base-rate row used is not confirmed by a primary source yet. */
  unconfirmedBaseRate?: boolean;
}

/** The result of an interest computation. */
export interface InterestResult {
  /** The interest owed, rounded half up to the cent. */
  total: Money;
  /** ISO 4217 currency of all amounts. */
  currency: string;
  /** The year basis used. */
  dayCount: DayCount;
  /** The rounding used. */
  rounding: InterestRounding;
  /** The periods, in date order; periods with a principal of zero are left out. */
  periods: readonly InterestPeriod[];
  /** A remark for people, e.g. that the period amounts are rounded for display only (rounding `total`). */
  note?: string;
}

/** The statutory margin over the base rate and its basis. */
export interface DefaultInterestMargin {
  /** Points over the base rate: 5, 8 or 9. */
  marginPoints: Decimal;
  /** The legal basis. */
  basis: Exclude<InterestBasis, '§ 288 Abs. 3 BGB'>;
}

/** Input of {@link defaultInterestMargin}. */
export interface DefaultInterestMarginInput {
  /** Consumer or business debtor. */
  debtor: DebtorKind;
  /** Entgeltforderung (default) or another money debt. */
  claimKind?: ClaimKind;
  /** Consumer or business creditor; default `business`. */
  creditor?: CreditorKind;
  /** When the obligation arose; absent: under the current law. */
  obligationDate?: IsoDate;
  /** True for a continuing obligation (Art. 229 § 34 S. 2 EGBGB). */
  continuingObligation?: boolean;
  /** For a continuing obligation: the day the consideration was performed. */
  performedOn?: IsoDate;
}

const debtorKinds: readonly string[] = ['consumer', 'business'];
const claimKinds: readonly string[] = ['entgelt', 'other'];
const dayCounts: readonly string[] = ['act/365', 'act/act'];
const roundings: readonly string[] = ['period', 'total'];
const ratePattern = /^\d{1,3}(\.\d+)?$/;

function checkEnum(value: unknown, allowed: readonly string[], field: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ValidationError(`${field}: ${JSON.stringify(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}.`, { field });
  }
}

/**
 * The statutory default-interest margin (§ 288 Abs. 1, 2 BGB; Art. 229 § 34 EGBGB).
 *
 * - consumer debtor, consumer creditor, or a money debt that is not an Entgeltforderung: 5 points
 *   (Abs. 1; Abs. 2 needs a legal transaction in which no consumer takes part);
 * - otherwise 9 points (Abs. 2), or 8 points when the obligation arose before 2014-07-29 — unless it
 *   is a continuing obligation whose consideration was performed after 2016-06-30 (Art. 229 § 34
 *   S. 2 EGBGB: 9 points).
 *
 * @param input - debtor, claim kind and when the obligation arose
 * @throws ValidationError for an unknown debtor or claim kind
 * @throws DateError for an invalid obligation date
 */
export function defaultInterestMargin(input: DefaultInterestMarginInput): DefaultInterestMargin {
  checkEnum(input.debtor, debtorKinds, 'debtor');
  const claimKind = input.claimKind ?? 'entgelt';
  checkEnum(claimKind, claimKinds, 'claimKind');
  const creditor = input.creditor ?? 'business';
  checkEnum(creditor, debtorKinds, 'creditor');
  if (input.debtor === 'consumer' || creditor === 'consumer' || claimKind === 'other') return { marginPoints: fivePoints, basis: '§ 288 Abs. 1 BGB' };
  const law = applicableLaw(input);
  if (law.version === 'old') return { marginPoints: eightPoints, basis: '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB' };
  return { marginPoints: ninePoints, basis: law.via === 'S. 2' ? '§ 288 Abs. 2 BGB i.V.m. Art. 229 § 34 S. 2 EGBGB' : '§ 288 Abs. 2 BGB' };
}

/** The margins of § 288 BGB (decimal.js values are immutable: shared, not made per call). */
const fivePoints = new Dec(5);
const eightPoints = new Dec(8);
const ninePoints = new Dec(9);

function checkPrincipal(value: unknown, field: string): Money {
  const m = value as Money | undefined;
  if (typeof m !== 'object' || m === null || !Dec.isDecimal(m.amount) || typeof m.currency !== 'string') {
    throw new ValidationError(`${field}: expected an amount made with money('1000.00', 'EUR').`, { field });
  }
  if (!m.amount.isFinite()) throw new ValidationError(`${field}: ${m.amount.toString()} is not a finite amount.`, { field });
  if (isNegative(m)) {
    throw new ValidationError(`${field}: ${m.amount.toString()} ${m.currency} is negative; default interest runs on an open principal of zero or more.`, { field });
  }
  return m;
}

/**
 * A principal change in exact scaled integers: `principal / 10^scale` is owed from `date` on.
 *
 * @internal
 */
export interface ScaledPrincipalChange {
  readonly date: IsoDate;
  /** Zero or more, at the scale given to {@link computeInterestCore}. */
  readonly principal: bigint;
}

/**
 * One interest period in integers: the days, the principal (at the input's scale), the rate and
 * the amount in minor units. {@link interestPeriodsOf} turns it into an {@link InterestPeriod}.
 *
 * @internal
 */
export interface InterestCorePeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: number;
  readonly yearDays: number;
  readonly principal: bigint;
  readonly base: BaseRateOnDate;
  readonly statutory: Scaled;
  readonly useContract: boolean;
  /** The interest rounded half up to the minor unit, in minor units. */
  readonly amount: bigint;
  /** The exact interest is `numerator / denominator` (in units of the currency). */
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * The result of {@link computeInterestCore}: everything of an {@link InterestResult} in integers.
 *
 * @internal
 */
export interface InterestCore {
  readonly currency: string;
  readonly minorUnit: number;
  /** Decimals of the principals. */
  readonly scale: number;
  readonly dayCount: DayCount;
  readonly rounding: InterestRounding;
  readonly marginPoints: Decimal;
  readonly statutoryBasis: Exclude<InterestBasis, '§ 288 Abs. 3 BGB'>;
  readonly contractual: Decimal | undefined;
  readonly periods: readonly InterestCorePeriod[];
  /** The interest owed in minor units, rounded per `rounding`. */
  readonly total: bigint;
}

/**
 * The interest of one period: `principal × rate × days / (100 × yearDays)` (principal at `scale`
 * decimals, rate at `rate.scale`) as an exact fraction of bigints, and rounded half up to the
 * minor unit.
 */
function periodInterest(
  principal: bigint,
  rate: Scaled,
  days: number,
  yearDays: number,
  scale: number,
  minorUnit: number,
): { numerator: bigint; denominator: bigint; amount: bigint } {
  const numerator = principal * rate.value * bigIntOf(days);
  const denominator = 100n * bigIntOf(yearDays) * pow10(scale + rate.scale);
  return { numerator, denominator, amount: divRoundHalfUp(numerator * pow10(minorUnit), denominator) };
}

/** Small day counts as bigints, each made once: `BigInt(n)` is a call into the runtime. */
const smallBigInts: bigint[] = [];

/** `BigInt(n)` for a whole number of days (remembered below 4096). */
function bigIntOf(n: number): bigint {
  if (!(n >= 0 && n < 4096 && (n | 0) === n)) return BigInt(n);
  let b = smallBigInts[n];
  if (b === undefined) {
    // Filled up to n at once, so the list has no holes.
    for (let k = smallBigInts.length; k <= n; k++) smallBigInts.push(BigInt(k));
    b = smallBigInts[n] as bigint;
  }
  return b;
}

/** The exact interest of a core period as money (40 significant digits, like every decimal in mahnwerk). */
function exactOf(p: InterestCorePeriod, currency: string): Money {
  return money(new Dec(p.numerator.toString()).dividedBy(p.denominator.toString()), currency);
}

/**
 * The Zinsstaffel in integers: the one implementation of the interest rules of
 * {@link computeDefaultInterest} and {@link computeInterestSchedule} (which validate their input
 * and call it), also used by the statement. Principal × rate × days is an exact integer and the
 * period amount is its quotient by 100 × year days rounded half up to the minor unit — the same
 * figure as the decimal computation (property test `interest-core.property.test.ts`).
 *
 * @param terms - the validated terms (dates, debtor, options)
 * @param changes - ascending, one per day, principals at `scale` decimals
 * @param scale - decimals of the principals
 * @param currency - ISO 4217 code
 * @internal
 */
export function computeInterestCore(terms: InterestTerms, changes: readonly ScaledPrincipalChange[], scale: number, currency: string): InterestCore {
  return computeInterestCoreBetween(terms, terms.from, terms.to, changes, scale, currency);
}

/**
 * {@link computeInterestCore} with the days given apart from the other terms: the statement's terms
 * are made once per claim, and copying them with the days of every statement cost more than the rest
 * of the set-up.
 *
 * @param terms - the validated terms; their `from` and `to`, if any, are not read
 * @param fromDate - the first day of interest (the terms' `from`)
 * @param toDate - the last day of interest (the terms' `to`)
 * @param changes - ascending, one per day, principals at `scale` decimals
 * @param scale - decimals of the principals
 * @param currency - ISO 4217 code
 * @internal
 */
export function computeInterestCoreBetween(
  terms: Omit<InterestTerms, 'from' | 'to'>,
  fromDate: IsoDate,
  toDate: IsoDate,
  changes: readonly ScaledPrincipalChange[],
  scale: number,
  currency: string,
): InterestCore {
  // The days are checked before the terms, as always (the first error named is the same).
  assertOrdered(parseIsoDate(fromDate, 'from'), parseIsoDate(toDate, 'to'), 'from', 'to');
  return computeInterestCorePrepared(prepareInterestTerms(terms), fromDate, toDate, changes, scale, currency);
}

/**
 * What {@link computeInterestCoreBetween} derives from its terms alone (checked options, margin,
 * contractual rate, base-rate table, the rates of base-rate rows): made once by
 * {@link prepareInterestTerms} for terms that do not change (the statement's, one per claim), so
 * a statement does not check and derive them again every day.
 *
 * @internal
 */
export interface PreparedInterestTerms {
  readonly dayCount: DayCount;
  readonly rounding: InterestRounding;
  readonly marginPoints: Decimal;
  readonly statutoryBasis: Exclude<InterestBasis, '§ 288 Abs. 3 BGB'>;
  readonly contractual: Decimal | undefined;
  readonly contractualScaled: Scaled | undefined;
  readonly marginScaled: Scaled;
  readonly table: BaseRateTable;
  readonly allowBeyondKnownBaseRate: boolean;
  /** The rate of each base-rate row looked up under these terms (at most one per half-year of the table). */
  readonly rates: Map<BaseRateOnDate, RateOfRow>;
}

/** The rate of a base-rate row under a claim's terms. */
interface RateOfRow {
  readonly statutory: Scaled;
  readonly useContract: boolean;
  readonly rate: Scaled;
}

/**
 * Checks and derives the parts of interest terms that do not depend on the days (see
 * {@link PreparedInterestTerms}).
 *
 * @internal
 * @param terms - the terms; their `from` and `to`, if any, are not read
 * @throws ValidationError for a bad option, debtor or claim kind, or contractual rate
 */
export function prepareInterestTerms(terms: Omit<InterestTerms, 'from' | 'to'>): PreparedInterestTerms {
  const dayCount = terms.dayCount ?? 'act/365';
  checkEnum(dayCount, dayCounts, 'dayCount');
  const rounding = terms.rounding ?? 'period';
  checkEnum(rounding, roundings, 'rounding');
  // The terms are a margin input as they are (defaultInterestMargin and applicableLaw read these
  // fields only, an absent one as undefined): no copy per call.
  const { marginPoints, basis: statutoryBasis } = defaultInterestMargin(terms);
  const contractualText = terms.contractualRatePercent;
  if (contractualText !== undefined && (typeof contractualText !== 'string' || !ratePattern.test(contractualText.trim()))) {
    throw new ValidationError(
      `contractualRatePercent: ${JSON.stringify(contractualText)} is not an annual rate in percent; write it as a decimal string such as '12' or '9.5'.`,
      { field: 'contractualRatePercent' },
    );
  }
  const table = resolveBaseRateTable(terms.baseRates, 'baseRates');
  const allowBeyondKnownBaseRate = terms.allowBeyondKnownBaseRate === true;
  // Terms that derive the same figures share one preparation (and its rates of base-rate rows):
  // claims differ in dates and kinds, but only a few margins and contractual rates result.
  let known = preparedOfTable.get(table);
  if (known === undefined) preparedOfTable.set(table, (known = new Map()));
  const key = `${dayCount}|${rounding}|${marginPoints.toString()}|${statutoryBasis}|${contractualText === undefined ? '' : contractualText.trim()}|${allowBeyondKnownBaseRate ? 1 : 0}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const contractual = contractualText === undefined ? undefined : new Dec(contractualText.trim());
  const prepared: PreparedInterestTerms = {
    dayCount: dayCount as DayCount,
    rounding: rounding as InterestRounding,
    marginPoints,
    statutoryBasis,
    contractual,
    contractualScaled: contractual === undefined ? undefined : toScaled(contractual),
    marginScaled: toScaled(marginPoints),
    table,
    allowBeyondKnownBaseRate,
    rates: new Map(),
  };
  if (known.size >= 256) known.clear();
  known.set(key, prepared);
  return prepared;
}

/**
 * Prepared terms by base-rate table and what they derive (see {@link prepareInterestTerms}):
 * bounded per table (256), tables held weakly.
 */
const preparedOfTable = new WeakMap<BaseRateTable, Map<string, PreparedInterestTerms>>();

/**
 * Base rates by table and half-year: `baseRateOn` gives the same figures for every day of a
 * half-year (the table's rows and its `knownUntil` run by half-years), so one frozen result per
 * half-year serves every statement. Bounded per table; tables are few and held weakly.
 */
const baseRatesOfTable = new WeakMap<BaseRateTable, Map<number, BaseRateOnDate>>();

/** `baseRateOn(day, { table, allowBeyondKnown, field })`, remembered per half-year (`index`: the day's {@link halfYearIndex}; a lookup that throws is not remembered). */
function baseRateOfHalfYear(day: IsoDate, index: number, table: BaseRateTable, allowBeyondKnown: boolean, field: string): BaseRateOnDate {
  let known = baseRatesOfTable.get(table);
  if (known === undefined) baseRatesOfTable.set(table, (known = new Map()));
  const key = index * 2 + (allowBeyondKnown ? 1 : 0);
  let base = known.get(key);
  if (base === undefined) {
    base = baseRateOn(day, { table, allowBeyondKnown, field });
    if (known.size >= 1024) known.clear();
    known.set(key, base);
  }
  return base;
}

/** A run of days of one principal, rate and (act/act) year, before it is made an {@link InterestCorePeriod}. */
interface SegmentDraft {
  fromDay: number;
  toDay: number;
  from: IsoDate;
  principal: bigint;
  yearDays: number;
  base: BaseRateOnDate;
  rateKey: string;
  /** The calendar year under act/act (periods are split at 1 January), else 0. */
  year: number;
}

/** The base-rate half-year of a date: year × 2, plus 1 from July (read from the text, no parts made). */
function halfYearIndex(date: IsoDate): number {
  const c = (i: number): number => date.charCodeAt(i) - 48;
  const year = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  return year * 2 + (c(5) * 10 + c(6) >= 7 ? 1 : 0);
}

/** The day numbers of the first days of half-years (1 January, 1 July), by {@link halfYearIndex}. */
const halfYearStarts = new Map<number, number>();

/** The day number of the first day of a half-year (its index as {@link halfYearIndex} gives it). */
function halfYearStartDay(index: number): number {
  let day = halfYearStarts.get(index);
  if (day === undefined) {
    day = toDayNumber(`${String(index >> 1).padStart(4, '0')}-${(index & 1) === 1 ? '07' : '01'}-01`);
    if (halfYearStarts.size >= 4096) halfYearStarts.clear();
    halfYearStarts.set(index, day);
  }
  return day;
}

/** What makes two base rates the same for merging periods: rate, assumed, confirmed (one text per base-rate object). */
const rateKeys = new WeakMap<BaseRateOnDate, string>();

function rateKeyOf(base: BaseRateOnDate): string {
  let key = rateKeys.get(base);
  if (key === undefined) {
    key = `${base.ratePercent.toString()}|${String(base.assumed)}|${String(base.confirmed)}`;
    rateKeys.set(base, key);
  }
  return key;
}

/** The rate of a base-rate row under prepared terms: base + margin (never below zero), or the higher contractual rate; remembered in `prepared.rates`. */
function rateOfRow(prepared: PreparedInterestTerms, b: BaseRateOnDate): RateOfRow {
  const rates = prepared.rates;
  const known = rates.get(b);
  if (known !== undefined) return known;
  const { marginScaled, contractualScaled } = prepared;
  const baseScaled = toScaled(b.ratePercent);
  const rs = Math.max(baseScaled.scale, marginScaled.scale);
  let statutory: Scaled = { value: atScale(baseScaled, rs) + atScale(marginScaled, rs), scale: rs };
  // With the real table the statutory rate is never negative (lowest base rate −0.88 + 5);
  // a host table with a lower base rate must not make the creditor owe interest to the debtor.
  if (statutory.value < 0n) statutory = { value: 0n, scale: 0 };
  let useContract = false;
  if (contractualScaled !== undefined) {
    const cs = Math.max(contractualScaled.scale, statutory.scale);
    useContract = atScale(contractualScaled, cs) > atScale(statutory, cs);
  }
  const entry = { statutory, useContract, rate: useContract ? (contractualScaled as Scaled) : statutory };
  if (rates.size >= 256) rates.clear();
  rates.set(b, entry);
  return entry;
}

/**
 * {@link computeInterestCoreBetween} on prepared terms. `firstDay` (default `fromDate`) is the first
 * day of interest of the whole computation when this one computes its tail (`extendInterestCore`):
 * an error names `to` or `from` as the whole computation would.
 *
 * @internal
 */
export function computeInterestCorePrepared(
  prepared: PreparedInterestTerms,
  fromDate: IsoDate,
  toDate: IsoDate,
  changes: readonly ScaledPrincipalChange[],
  scale: number,
  currency: string,
  firstDay: IsoDate = fromDate,
): InterestCore {
  const from = parseIsoDate(fromDate, 'from');
  const to = parseIsoDate(toDate, 'to');
  assertOrdered(from, to, 'from', 'to');
  const { dayCount, table } = prepared;
  const { minorUnit } = lookupCurrency(currency);

  // Cut [from, to] at every 1 January / 1 July (base-rate half-years) and every principal change:
  // the two ascending sequences merged as the segments are walked (no list of cuts to sort).
  const fromDay = toDayNumber(from);
  const toDay = toDayNumber(to);
  let halfYear = halfYearIndex(from) + 1;
  let nextHalfYearDay = halfYearStartDay(halfYear);
  let changeIndex = -1; // the change in force on the segment's first day
  while (changeIndex + 1 < changes.length && (changes[changeIndex + 1] as ScaledPrincipalChange).date <= from) changeIndex++;

  // Look up the rate of every segment that bears interest; merge neighbours with the same terms.
  const drafts: SegmentDraft[] = [];
  let base: BaseRateOnDate | undefined;
  let baseKey = '';
  let baseUntil = -Infinity; // the base rate looked up last holds up to this day (its half-year's end)
  let baseField = '';
  for (let start = fromDay; start <= toDay; ) {
    const nextChange = changes[changeIndex + 1];
    const nextChangeDay = nextChange === undefined ? Infinity : toDayNumber(nextChange.date);
    const next = nextChangeDay < nextHalfYearDay ? nextChangeDay : nextHalfYearDay;
    const end = next - 1 < toDay ? next - 1 : toDay;
    const principal = changeIndex >= 0 ? (changes[changeIndex] as ScaledPrincipalChange).principal : 0n;
    if (principal !== 0n) {
      const segFrom = fromDayNumber(start);
      // Name `to` when the period runs past the known table, `from` when it starts outside it.
      const field = segFrom > table.knownUntil && firstDay <= table.knownUntil ? 'to' : 'from';
      if (base === undefined || start > baseUntil || field !== baseField) {
        const index = halfYearIndex(segFrom);
        base = baseRateOfHalfYear(segFrom, index, table, prepared.allowBeyondKnownBaseRate, field);
        baseKey = rateKeyOf(base);
        baseUntil = halfYearStartDay(index + 1) - 1;
        baseField = field;
      }
      const year = dayCount === 'act/act' ? yearOf(segFrom) : 0;
      const yearDays = dayCount === 'act/act' ? daysInYear(year) : 365;
      const prev = drafts[drafts.length - 1];
      if (prev !== undefined && prev.principal === principal && prev.rateKey === baseKey && prev.year === year && prev.toDay + 1 === start) prev.toDay = end;
      else drafts.push({ fromDay: start, toDay: end, from: segFrom, principal, yearDays, base, rateKey: baseKey, year });
    }
    start = end + 1;
    if (start === nextHalfYearDay) nextHalfYearDay = halfYearStartDay(++halfYear);
    if (start === nextChangeDay) changeIndex++;
  }

  const periods: InterestCorePeriod[] = [];
  for (const d of drafts) {
    const days = d.toDay - d.fromDay + 1;
    const { statutory, useContract, rate } = rateOfRow(prepared, d.base);
    // principal × rate / 100 × days / yearDays, as numerator / denominator in units of the currency.
    const { numerator, denominator, amount } = periodInterest(d.principal, rate, days, d.yearDays, scale, minorUnit);
    periods.push({
      from: d.from,
      to: fromDayNumber(d.toDay),
      days,
      yearDays: d.yearDays,
      principal: d.principal,
      base: d.base,
      statutory,
      useContract,
      amount,
      numerator,
      denominator,
    });
  }

  return coreOf(prepared, periods, scale, currency, minorUnit);
}

/** The core of periods: their total rounded per the terms' `rounding`, with the terms it was computed under. */
function coreOf(prepared: PreparedInterestTerms, periods: readonly InterestCorePeriod[], scale: number, currency: string, minorUnit: number): InterestCore {
  const { dayCount, rounding, marginPoints, statutoryBasis, contractual } = prepared;
  let total = 0n;
  if (rounding === 'period') for (const p of periods) total += p.amount;
  // Rounding 'total': the exact amounts (40 significant digits) added up and rounded once.
  else total = atScale(toScaled(roundMoney(sum(periods.map((p) => exactOf(p, currency)), currency)).amount), minorUnit);
  return { currency, minorUnit, scale, dayCount, rounding, marginPoints, statutoryBasis, contractual, periods, total };
}

/**
 * The day from which {@link extendInterestCore} computes a core again: the first day of its last
 * period (`undefined` when it has none).
 *
 * @internal
 */
export function interestRestartDay(core: InterestCore): IsoDate | undefined {
  return core.periods[core.periods.length - 1]?.from;
}

/**
 * The core of `fromDate`…`toDate` from the core of `fromDate`…an earlier day on the same terms,
 * scale, currency and principal changes: every period but the last is the same (a period ends at a
 * half-year, a change of principal or rate, or the last day, and only the last one depends on the
 * last day), so only the days from the last period's first day (`interestRestartDay`) are computed
 * again — the same periods and total as `computeInterestCorePrepared` over the whole span
 * (property test `interest-core-extend.property.test.ts`).
 *
 * @internal
 * @param prepared - the terms `earlier` was computed on
 * @param earlier - the core of `fromDate`…a day before `toDate`, with at least one period
 * @param fromDate - the first day of interest of `earlier`
 * @param toDate - the new last day
 * @param changes - the principal changes from the restart day to `toDate` (the first on the restart day)
 * @param scale - decimals of the principals of `earlier`
 * @param currency - the currency of `earlier`
 */
export function extendInterestCore(
  prepared: PreparedInterestTerms,
  earlier: InterestCore,
  fromDate: IsoDate,
  toDate: IsoDate,
  changes: readonly ScaledPrincipalChange[],
  scale: number,
  currency: string,
): InterestCore {
  const kept = earlier.periods.length - 1;
  const restart = (earlier.periods[kept] as InterestCorePeriod).from;
  const tail = computeInterestCorePrepared(prepared, restart, toDate, changes, scale, currency, fromDate);
  const periods = earlier.periods.slice(0, kept);
  for (const p of tail.periods) periods.push(p);
  return coreOf(prepared, periods, scale, currency, earlier.minorUnit);
}

/**
 * The periods of an {@link InterestCore} as {@link InterestPeriod}s (decimal.js values at the edge).
 *
 * `exact: false` leaves out each period's `exactAmount` (optional in {@link InterestPeriod}): a
 * decimal division to 40 significant digits per period that a statement's lines never read (they
 * print the rounded `amount`); every other member is the same.
 *
 * @internal
 * @param core - the Zinsstaffel in integers
 * @param principals - the Money of each scaled principal, to show the caller's own objects
 * @param exact - whether to compute `exactAmount` (default true)
 */
export function interestPeriodsOf(core: InterestCore, principals?: ReadonlyMap<bigint, Money>, exact = true): InterestPeriod[] {
  const { currency, minorUnit, scale, marginPoints, contractual, statutoryBasis } = core;
  return core.periods.map((p) => {
    const statutory = p.statutory.value === 0n ? new Dec(0) : p.base.ratePercent.plus(marginPoints);
    return Object.freeze({
      from: p.from,
      to: p.to,
      days: p.days,
      yearDays: p.yearDays,
      principal: principals?.get(p.principal) ?? scaledToMoney(p.principal, scale, currency),
      baseRatePercent: p.base.ratePercent,
      marginPoints,
      ratePercent: p.useContract ? (contractual as Decimal) : statutory,
      statutoryRatePercent: statutory,
      amount: scaledToMoney(p.amount, minorUnit, currency),
      ...(exact ? { exactAmount: exactOf(p, currency) } : {}),
      basis: p.useContract ? '§ 288 Abs. 3 BGB' : statutoryBasis,
      baseRateSource: p.base.source,
      ...(p.base.assumed ? { assumedBaseRate: true } : {}),
      ...(p.base.confirmed ? {} : { unconfirmedBaseRate: true }),
    });
  });
}

/** Computes interest for a principal that changes at given dates; the decimal edge of {@link computeInterestCore}. */
function compute(terms: InterestTerms, changes: readonly PrincipalChange[]): InterestResult {
  const currency = changes[0]?.principal.currency ?? 'EUR';
  const scaled = changes.map((c) => toScaled(c.principal.amount));
  const scale = Math.max(0, ...scaled.map((s) => s.scale));
  const principals = new Map<bigint, Money>();
  const input = changes.map((c, i) => {
    const principal = atScale(scaled[i] as Scaled, scale);
    if (!principals.has(principal)) principals.set(principal, c.principal);
    return { date: c.date, principal };
  });
  const core = computeInterestCore(terms, input, scale, currency);
  const periods = interestPeriodsOf(core, principals);
  return Object.freeze({
    total: scaledToMoney(core.total, core.minorUnit, currency),
    currency,
    dayCount: core.dayCount,
    rounding: core.rounding,
    periods: Object.freeze(periods),
    ...(core.rounding === 'total' && periods.length > 1
      ? {
          note:
            'Rounded once on the total: the period amounts are shown rounded to the cent for display only; the total is the rounded sum of the exact period amounts and may differ from the sum of the shown amounts by a cent or so.',
        }
      : {}),
  });
}

/**
 * Statutory default interest (Verzugszinsen, §§ 288, 247 BGB) on one principal over a period.
 *
 * The period `from`…`to` (both days inclusive) is split at every change of the base rate
 * (1 January / 1 July; half-years with an unchanged rate stay one period) and, under `act/act`,
 * at every 1 January. Each period: amount = principal × rate / 100 × days / yearDays. The rate is
 * base rate + 5 points (consumer, or not an Entgeltforderung; § 288 Abs. 1), + 9 points (business
 * Entgeltforderung; § 288 Abs. 2) or + 8 points (such an obligation arisen before 2014-07-29;
 * Art. 229 § 34 EGBGB); a higher contractual rate replaces it (§ 288 Abs. 3). With a negative base
 * rate the rate lies below the margin. Interest is simple: it never bears interest itself
 * (§ 289 BGB), so give the principal only.
 *
 * @example
 * ```ts
 * computeDefaultInterest({ principal: money('1000.00'), from: '2024-12-16', to: '2025-01-15', debtor: 'consumer' }).total;
 * // 6.66 EUR: 16 days at 8.37 % (3.67) + 15 days at 7.27 % (2.99)
 * ```
 *
 * @param input - principal, period, debtor and options
 * @returns the total and the periods with their legal basis
 * @throws DateError naming `to` when `to` is before `from`, or naming an invalid date
 * @throws ValidationError for a negative principal or a bad option
 * @throws LegalDataError code `base_rate_unknown` when the period reaches beyond the known base
 *   rates (unless `allowBeyondKnownBaseRate`) or before 2002-01-01
 */
export function computeDefaultInterest(input: DefaultInterestInput): InterestResult {
  const principal = checkPrincipal(input.principal, 'principal');
  const from = parseIsoDate(input.from, 'from');
  return compute(input, [{ date: from, principal }]);
}

/**
 * A Zinsstaffel: default interest (§§ 288, 247 BGB) on a principal that changes over time (part
 * payments, further invoices falling into default). Periods are split at every principal change,
 * every base-rate change and, under `act/act`, every 1 January; the rules are those of
 * {@link computeDefaultInterest}. Periods without principal are left out. Interest is computed on
 * the principal only (§ 289 BGB: no interest on interest).
 *
 * @param input - the principal changes, the period, debtor and options
 * @returns the total and the periods with their legal basis
 * @throws ValidationError for an empty, unordered or negative list of changes
 * @throws CurrencyMismatchError when the changes are in different currencies
 * @throws DateError / LegalDataError as {@link computeDefaultInterest}
 */
export function computeInterestSchedule(input: InterestScheduleInput): InterestResult {
  const changes = input.changes;
  if (!Array.isArray(changes) || changes.length === 0) {
    throw new ValidationError("changes: give at least one principal change, e.g. [{ date: '2025-01-01', principal: money('1000.00') }].", { field: 'changes' });
  }
  const checked: PrincipalChange[] = [];
  changes.forEach((c: PrincipalChange, i: number) => {
    const date = parseIsoDate(c?.date, `changes[${i}].date`);
    const principal = checkPrincipal(c?.principal, `changes[${i}].principal`);
    const prev = checked[i - 1];
    if (prev !== undefined && date <= prev.date) {
      throw new ValidationError(`changes[${i}].date: ${date} is not after ${prev.date}; list the principal changes in ascending date order, one per day.`, {
        field: `changes[${i}].date`,
      });
    }
    if (prev !== undefined && principal.currency !== prev.principal.currency) {
      throw new CurrencyMismatchError(`changes[${i}].principal: ${principal.currency} differs from ${prev.principal.currency}; a Zinsstaffel runs in one currency.`, {
        field: `changes[${i}].principal`,
      });
    }
    checked.push({ date, principal });
  });
  return compute(input, checked);
}
