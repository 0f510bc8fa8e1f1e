import { CurrencyMismatchError, LegalDataError, ValidationError } from '../../errors/errors.js';
import { compareDates, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { currency as lookupCurrency } from '../../money/currency.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import type { Money } from '../../money/money.js';
import { atScale, divRoundHalfUp, pow10, scaledToMoney, toScaled, type Scaled } from '../../money/scaled.js';

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
 * How a legal basis names the version of a fee table, in the words of a German letter: `Fassung ab
 * 01.06.2025` (the table's first day as DD.MM.YYYY), not the id's ISO date — the basis is printed
 * in letters as it stands in the fee's event.
 *
 * @param table - the table version
 * @returns e.g. `Fassung ab 01.06.2025`
 * @internal
 */
export function tableVersionText(table: Pick<StepFeeTable, 'validFrom'>): string {
  const [y, m, d] = table.validFrom.split('-');
  return `Fassung ab ${d}.${m}.${y}`;
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
 * started blocks of value inside that step times the step's increase. Exact integer arithmetic on
 * the decimal figures (scaled integers, no decimal.js value in between); the table's figures are
 * whole cents, so the result is a final amount.
 *
 * @param value - the value (Gegenstandswert / Streitwert) in EUR, zero or more
 * @param table - the table version
 * @param field - the input field named in errors
 * @throws CurrencyMismatchError when the value is not in EUR; ValidationError when it is negative
 */
export function stepTableFee(value: Money, table: StepFeeTable, field = 'value'): Money {
  const fee = stepTableFeeScaled(checkedFeeValue(value, table, field), table);
  return scaledToMoney(fee.value, fee.scale, 'EUR');
}

/**
 * The checks of {@link stepTableFee} (a value in EUR, zero or more, else the same errors): the
 * value as a scaled integer for {@link stepTableFeeScaled}.
 *
 * @internal
 */
export function checkedFeeValue(value: Money, table: StepFeeTable, field: string): Scaled {
  if (value.currency !== 'EUR') {
    throw new CurrencyMismatchError(
      `${field}: the ${table.id} table is in EUR, but the value is in ${value.currency}; convert the value to EUR first.`,
      { field },
    );
  }
  if (value.amount.isNegative() && !value.amount.isZero()) {
    throw new ValidationError(`${field}: ${value.amount.toString()} EUR is negative; a fee value must be zero or more.`, { field });
  }
  return toScaled(value.amount);
}

/**
 * {@link stepTableFee} of a value already checked (EUR, zero or more), as a scaled integer at the
 * table's scale: the step the value ends in is found by integer comparison, its started blocks by
 * an integer division rounded up. A value with more decimals than the table's figures is compared
 * at its own scale; the fee keeps the table's.
 *
 * @internal
 */
export function stepTableFeeScaled(value: Scaled, table: StepFeeTable): Scaled {
  const steps = preparedSteps(table);
  const t = steps.scale;
  // Value and figures at one scale: the value's when it has more decimals (`up` lifts the figures).
  const up = value.scale > t ? pow10(value.scale - t) : 1n;
  const v = value.scale > t ? value.value : atScale(value, t);
  // The step the value ends in; the steps below it are full and their fees summed up already.
  let fee = steps.baseFee;
  let lower = steps.baseUpTo * up;
  let i = 0;
  const n = steps.upper.length;
  while (i < n && v > lower) {
    const top = steps.upper[i] as bigint | null;
    const upper = top === null ? null : top * up;
    if (upper === null || v <= upper) {
      const per = (steps.per[i] as bigint) * up;
      fee = (steps.feeBelow[i] as bigint) + ((v - lower + per - 1n) / per) * (steps.add[i] as bigint);
      break;
    }
    lower = upper;
    i++;
    fee = steps.feeBelow[i] ?? fee;
  }
  return { value: fee, scale: t };
}

/** A table's figures as integers at one scale, with the fee at the lower end of every step (all steps below it full). */
interface PreparedSteps {
  /** The figures they were made from, to notice a table changed since. */
  readonly from: { readonly baseUpTo: string; readonly baseFee: string; readonly steps: readonly FeeTableStep[]; readonly step: readonly FeeTableStep[] };
  /** Decimals of the figures below (the most any figure of the table has). */
  readonly scale: number;
  readonly baseUpTo: bigint;
  readonly baseFee: bigint;
  /** Per step: its upper end (null: open), block size, increase per block, and the fee at its lower end. */
  readonly upper: readonly (bigint | null)[];
  readonly per: readonly bigint[];
  readonly add: readonly bigint[];
  /** `feeBelow[i]`: the fee for a value at the lower end of step i (the base fee plus every full step before it); one more entry past the last step. */
  readonly feeBelow: readonly bigint[];
}

/** Prepared tables by table object; checked against the table's current figures at every use. */
const prepared = new WeakMap<StepFeeTable, PreparedSteps>();

function preparedSteps(table: StepFeeTable): PreparedSteps {
  const known = prepared.get(table);
  if (known !== undefined && sameFigures(known.from, table)) return known;
  // Every figure read exactly (a malformed one fails as decimal.js fails on it), then all at the largest scale.
  const texts: string[] = [table.baseUpTo, table.baseFee];
  for (const step of table.steps) {
    if (step.upTo !== null) texts.push(step.upTo);
    texts.push(step.per, step.add);
  }
  const figures = new Map<string, Scaled>();
  let scale = 0;
  for (const text of texts) {
    const x = toScaled(new Dec(text).toFixed());
    figures.set(text, x);
    if (x.scale > scale) scale = x.scale;
  }
  const at = (text: string): bigint => atScale(figures.get(text) as Scaled, scale);
  const baseUpTo = at(table.baseUpTo);
  const baseFee = at(table.baseFee);
  const upper: (bigint | null)[] = [];
  const per: bigint[] = [];
  const add: bigint[] = [];
  const feeBelow: bigint[] = [baseFee];
  let lower = baseUpTo;
  let fee = baseFee;
  for (const step of table.steps) {
    const top = step.upTo === null ? null : at(step.upTo);
    const size = at(step.per);
    upper.push(top);
    per.push(size);
    add.push(at(step.add));
    if (top === null) break;
    // A full step: every started block of (top − lower), as the value top itself would count them.
    const span = top - lower;
    fee += (span > 0n ? (span + size - 1n) / size : span / size) * at(step.add);
    feeBelow.push(fee);
    lower = top;
  }
  const result: PreparedSteps = {
    from: { baseUpTo: table.baseUpTo, baseFee: table.baseFee, steps: table.steps, step: table.steps.map((s) => ({ upTo: s.upTo, per: s.per, add: s.add })) },
    scale,
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
  const fee = feeAtRateScaled(toScaled(baseFee.amount), toScaled(new Dec(factor)), table, lookupCurrency(baseFee.currency).minorUnit);
  return scaledToMoney(fee.value, fee.scale, baseFee.currency);
}

/**
 * {@link feeAtRate} in scaled integers: the product rounded half up to `minorUnit` decimals
 * (`raw`, at that scale), and the fee — `raw`, or the table's minimum when that is higher.
 *
 * @internal
 */
export function feeAtRateScaled(baseFee: Scaled, factor: Scaled, table: StepFeeTable, minorUnit: number): Scaled & { readonly raw: bigint } {
  const raw = roundedTo(baseFee.value * factor.value, baseFee.scale + factor.scale, minorUnit);
  const minimum = toScaled(table.minimumFee);
  const scale = minimum.scale > minorUnit ? minimum.scale : minorUnit;
  return atScale(minimum, scale) > atScale({ value: raw, scale: minorUnit }, scale) ? { value: minimum.value, scale: minimum.scale, raw } : { value: raw, scale: minorUnit, raw };
}

/** `value / 10^scale` rounded half up (away from zero) to `to` decimals, as an integer at that scale. @internal */
export function roundedTo(value: bigint, scale: number, to: number): bigint {
  return scale <= to ? value * pow10(to - scale) : divRoundHalfUp(value, pow10(scale - to));
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
