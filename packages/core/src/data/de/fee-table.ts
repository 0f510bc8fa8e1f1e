import { CurrencyMismatchError, LegalDataError, ValidationError } from '../../errors/errors.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { maxMoney, money, roundMoney, type Money } from '../../money/money.js';

/**
 * One step of a German value-fee table (§ 13 Abs. 1 RVG, § 34 Abs. 1 GKG): from the previous
 * threshold up to `upTo` euros, the fee rises by `add` euros for every started `per` euros.
 */
export interface FeeTableStep {
  /** Upper end of the step's value range in EUR (inclusive), e.g. `'2000'`; `null` for the open last step. */
  readonly upTo: string | null;
  /** Size of one started block of value in EUR, e.g. `'500'`. */
  readonly per: string;
  /** Increase of the fee per started block in EUR, e.g. `'41.50'`. */
  readonly add: string;
}

/**
 * A dated version of a value-fee table: the 1.0 fee up to `baseUpTo`, then the steps. All amounts
 * are EUR decimal strings, so a table is plain data that a host can inspect, serialise or replace.
 */
export interface StepFeeTable {
  /** Version id printed with every fee, e.g. `'RVG 2025-06-01'`. */
  readonly id: string;
  /** The statute the table belongs to. */
  readonly law: 'RVG' | 'GKG';
  /** First day the table applies (inclusive). */
  readonly validFrom: IsoDate;
  /** Last day the table applies (inclusive); `null` while it is in force. */
  readonly validUntil: IsoDate | null;
  /** Upper end of the first value range in EUR, `'500'`. */
  readonly baseUpTo: string;
  /** The 1.0 fee for values up to `baseUpTo`, e.g. `'51.50'`. */
  readonly baseFee: string;
  /** The steps above `baseUpTo`, in ascending order; the last one has `upTo: null`. */
  readonly steps: readonly FeeTableStep[];
  /** Minimum amount of any fee computed from the table (§ 13 Abs. 3 RVG, § 34 Abs. 2 GKG: 15 EUR). */
  readonly minimumFee: string;
  /** Where the figures come from (statute, Federal Law Gazette, cross-checks). */
  readonly source: string;
}

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
export function stepTableFee(value: Money, table: StepFeeTable, field = 'value'): Money {
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
export function feeAtRate(baseFee: Money, factor: Decimal | string, table: StepFeeTable): Money {
  const raw = roundMoney(money(baseFee.amount.times(new Dec(factor)), baseFee.currency));
  return maxMoney(raw, money(table.minimumFee, baseFee.currency));
}

/**
 * Picks the table version in force on a date.
 *
 * @param date - the deciding date (mandate date for the RVG, § 60 RVG; application date for the GKG, § 71 GKG)
 * @param tables - the versions to choose from
 * @param field - the input field named in errors
 * @throws DateError for a malformed date; LegalDataError `table_unknown` when no version covers it
 */
export function feeTableOn<T extends StepFeeTable>(date: IsoDate, tables: readonly T[], field = 'date'): T {
  const d = parseIsoDate(date, field);
  const found = tables.find(
    (t) => compareDates(t.validFrom, d) <= 0 && (t.validUntil === null || compareDates(d, t.validUntil) <= 0),
  );
  if (found) return found;
  const known = tables.map((t) => `${t.id} (${t.validFrom} – ${t.validUntil ?? 'today'})`).join(', ');
  const law = tables[0]?.law ?? 'fee';
  throw new LegalDataError(
    'table_unknown',
    `${field}: no ${law} fee table is known for ${d}; mahnwerk ships ${known || 'no tables'}. ` +
      `Use a date inside these versions or pass your own table list with the older version.`,
    { field },
  );
}
