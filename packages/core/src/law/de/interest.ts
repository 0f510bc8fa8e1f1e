import {
  addDays,
  addMonths,
  assertOrdered,
  daysInclusive,
  daysInYear,
  monthOf,
  parseIsoDate,
  yearOf,
  type IsoDate,
} from '../../calendar/date.js';
import type { BaseRateRow } from '../../data/de/base-rates.js';
import { CurrencyMismatchError, ValidationError } from '../../errors/errors.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { isNegative, money, roundMoney, sum, type Money } from '../../money/money.js';
import { baseRateOn, resolveBaseRateTable, type BaseRateTable } from './base-rate.js';
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
  if (input.debtor === 'consumer' || creditor === 'consumer' || claimKind === 'other') return { marginPoints: new Dec(5), basis: '§ 288 Abs. 1 BGB' };
  const law = applicableLaw(input);
  if (law.version === 'old') return { marginPoints: new Dec(8), basis: '§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB' };
  return { marginPoints: new Dec(9), basis: law.via === 'S. 2' ? '§ 288 Abs. 2 BGB i.V.m. Art. 229 § 34 S. 2 EGBGB' : '§ 288 Abs. 2 BGB' };
}

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

/** First 1 January or 1 July after `date`. */
function nextHalfYearStart(date: IsoDate): IsoDate {
  const y = yearOf(date);
  return monthOf(date) >= 7 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${String(y).padStart(4, '0')}-07-01`;
}

interface RawSegment {
  from: IsoDate;
  to: IsoDate;
  principal: Money;
}

/** Computes interest for a principal that changes at given dates; the core of both public functions. */
function compute(terms: InterestTerms, changes: readonly PrincipalChange[]): InterestResult {
  const from = parseIsoDate(terms.from, 'from');
  const to = parseIsoDate(terms.to, 'to');
  assertOrdered(from, to, 'from', 'to');
  const dayCount = terms.dayCount ?? 'act/365';
  checkEnum(dayCount, dayCounts, 'dayCount');
  const rounding = terms.rounding ?? 'period';
  checkEnum(rounding, roundings, 'rounding');
  const { marginPoints, basis: statutoryBasis } = defaultInterestMargin({
    debtor: terms.debtor,
    ...(terms.claimKind === undefined ? {} : { claimKind: terms.claimKind }),
    ...(terms.creditor === undefined ? {} : { creditor: terms.creditor }),
    ...(terms.obligationDate === undefined ? {} : { obligationDate: terms.obligationDate }),
    ...(terms.continuingObligation === undefined ? {} : { continuingObligation: terms.continuingObligation }),
    ...(terms.performedOn === undefined ? {} : { performedOn: terms.performedOn }),
  });
  let contractual: Decimal | undefined;
  if (terms.contractualRatePercent !== undefined) {
    if (typeof terms.contractualRatePercent !== 'string' || !ratePattern.test(terms.contractualRatePercent.trim())) {
      throw new ValidationError(
        `contractualRatePercent: ${JSON.stringify(terms.contractualRatePercent)} is not an annual rate in percent; write it as a decimal string such as '12' or '9.5'.`,
        { field: 'contractualRatePercent' },
      );
    }
    contractual = new Dec(terms.contractualRatePercent.trim());
  }
  const table = resolveBaseRateTable(terms.baseRates, 'baseRates');
  const currency = changes[0]?.principal.currency ?? 'EUR';

  // Cut [from, to] at every 1 January / 1 July (base-rate half-years) and every principal change.
  const cuts = new Set<IsoDate>();
  for (let d = nextHalfYearStart(from); d <= to; d = addMonths(d, 6)) cuts.add(d);
  for (const c of changes) if (c.date > from && c.date <= to) cuts.add(c.date);
  const starts = [from, ...[...cuts].sort()];
  const raw: RawSegment[] = [];
  let changeIndex = -1;
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    while (changeIndex + 1 < changes.length && (changes[changeIndex + 1] as PrincipalChange).date <= start) changeIndex++;
    const principal = changeIndex >= 0 ? (changes[changeIndex] as PrincipalChange).principal : money('0', currency);
    raw.push({ from: start, to: next === undefined ? to : addDays(next, -1), principal });
  });

  // Look up the rate of every segment that bears interest; merge neighbours with the same terms.
  interface Draft {
    from: IsoDate;
    to: IsoDate;
    principal: Money;
    yearDays: number;
    base: ReturnType<typeof baseRateOn>;
    key: string;
  }
  const drafts: Draft[] = [];
  for (const seg of raw) {
    if (seg.principal.amount.isZero()) continue;
    // Name `to` when the period runs past the known table, `from` when it starts outside it.
    const field = seg.from > table.knownUntil && from <= table.knownUntil ? 'to' : 'from';
    const base = baseRateOn(seg.from, { table, allowBeyondKnown: terms.allowBeyondKnownBaseRate === true, field });
    const yearDays = dayCount === 'act/act' ? daysInYear(yearOf(seg.from)) : 365;
    const key = [
      seg.principal.amount.toString(),
      base.ratePercent.toString(),
      String(base.assumed),
      String(base.confirmed),
      dayCount === 'act/act' ? String(yearOf(seg.from)) : '',
    ].join('|');
    const prev = drafts[drafts.length - 1];
    if (prev !== undefined && prev.key === key && addDays(prev.to, 1) === seg.from) {
      prev.to = seg.to;
      continue;
    }
    drafts.push({ from: seg.from, to: seg.to, principal: seg.principal, yearDays, base, key });
  }

  const periods: InterestPeriod[] = drafts.map((d) => {
    const days = daysInclusive(d.from, d.to);
    let statutory = d.base.ratePercent.plus(marginPoints);
    // With the real table the statutory rate is never negative (lowest base rate −0.88 + 5);
    // a host table with a lower base rate must not make the creditor owe interest to the debtor.
    if (statutory.isNegative()) statutory = new Dec(0);
    const useContract = contractual !== undefined && contractual.greaterThan(statutory);
    const ratePercent = useContract ? (contractual as Decimal) : statutory;
    const exact = money(
      d.principal.amount.times(ratePercent).times(days).dividedBy(new Dec(100).times(d.yearDays)),
      d.principal.currency,
    );
    return {
      from: d.from,
      to: d.to,
      days,
      yearDays: d.yearDays,
      principal: d.principal,
      baseRatePercent: d.base.ratePercent,
      marginPoints,
      ratePercent,
      statutoryRatePercent: statutory,
      amount: roundMoney(exact),
      exactAmount: exact,
      basis: useContract ? '§ 288 Abs. 3 BGB' : statutoryBasis,
      baseRateSource: d.base.source,
      ...(d.base.assumed ? { assumedBaseRate: true } : {}),
      ...(d.base.confirmed ? {} : { unconfirmedBaseRate: true }),
    };
  });

  const total =
    rounding === 'period'
      ? sum(periods.map((p) => p.amount), currency)
      : roundMoney(sum(periods.map((p) => p.exactAmount ?? p.amount), currency));
  return Object.freeze({
    total,
    currency,
    dayCount: dayCount as DayCount,
    rounding: rounding as InterestRounding,
    periods: Object.freeze(periods.map((p) => Object.freeze(p))),
    ...(rounding === 'total' && periods.length > 1
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
