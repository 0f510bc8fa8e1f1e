import { ValidationError } from '../../errors/errors.js';
import { parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { checkedFeeValue, roundedTo, stepTableFeeScaled, tableVersionText } from '../../data/de/fee-table.js';
import { courtDunningFeeBasis } from '../../ledger/statement-words.js';
import { gkgTableOn, gkgTables, type GkgTable } from '../../data/de/gkg-tables.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { isPositive, money, type Money } from '../../money/money.js';
import { atScale, scaledToAmountString, scaledToMoney, scaledToString, toScaled, type Scaled } from '../../money/scaled.js';

/** Input of {@link courtDunningFee}. */
export interface CourtDunningFeeInput {
  /** The amount claimed in the Mahnbescheid (Streitwert: principal only, § 43 Abs. 1 GKG), in EUR, above zero. */
  value: Money;
  /** Date of the application; picks the GKG table (§ 71 GKG: pending proceedings keep the old fees). */
  date: IsoDate;
  /** GKG table versions to choose from; default the shipped {@link gkgTables}. */
  tables?: readonly GkgTable[];
}

/** The court fee for a Mahnbescheid application. */
export interface CourtDunningFeeResult {
  /** The fee due: 0.5 × the 1.0 fee, rounded to the cent, at least the KV 1100 minimum. */
  amount: Money;
  /** The 1.0 fee of § 34 GKG for the value. */
  baseFee: Money;
  /** The rate, 0.5. */
  factor: Decimal;
  /** Fee code. */
  code: 'KV 1100 GKG';
  /** Table version, e.g. `'GKG 2025-06-01'`. */
  table: string;
  /** True when the minimum fee replaced the smaller 0.5 fee. */
  minimumApplied: boolean;
  /** The KV 1100 minimum of the period (32.00 EUR 2013–2020 and 38.00 EUR from 2025-06-01, both not yet verified; 36.00 EUR 2021 – 2025-05-31). */
  minimum: Money;
  /** False when the minimum of the period rests on secondary sources only (see the table's source). */
  minimumConfirmed: boolean;
  /** Legal basis in words. */
  basis: string;
}

/** The KV 1100 rate (decimal.js values are immutable: one for every result). */
const HALF_TEXT = '0.5';
const HALF: Decimal = new Dec(HALF_TEXT);

/**
 * The court fee for applying for a Mahnbescheid (KV Nr. 1100 GKG): a 0.5 fee of the § 34 GKG table,
 * rounded to the cent (§ 34 Abs. 2 GKG, 0.5 cent up), at least the minimum of the period.
 *
 * Example: 5,000.00 EUR on 2025-07-01 → 0.5 × 170.50 = 85.25 EUR (`GKG 2025-06-01`).
 *
 * @param input - value and application date
 * @throws ValidationError when the value is not above zero; CurrencyMismatchError for a non-EUR value;
 *   DateError for a malformed date; LegalDataError `table_unknown` before 2013-08-01
 */
export function courtDunningFee(input: CourtDunningFeeInput): CourtDunningFeeResult {
  const f = courtDunningFeeFigures(input);
  const minimum = money(f.minimumText, 'EUR');
  return {
    amount: f.minimumApplied ? minimum : scaledToMoney(f.half, 2, 'EUR'),
    baseFee: scaledToMoney(f.baseFee.value, f.baseFee.scale, 'EUR'),
    factor: HALF,
    code: f.code,
    table: f.table,
    minimumApplied: f.minimumApplied,
    minimum,
    minimumConfirmed: f.minimumConfirmed,
    basis: f.basis,
  };
}

/**
 * {@link courtDunningFee} in scaled integers — the one computation, which courtDunningFee turns into
 * Money and the engine writes into events as text: the 1.0 fee at its table's scale, the 0.5 fee in
 * cents (rounded half up), the minimum as the table writes it and whether it applies.
 *
 * @internal
 */
export interface CourtDunningFeeFigures {
  readonly code: 'KV 1100 GKG';
  /** The rate as text, `'0.5'` (as the result's decimal.js factor writes it). */
  readonly factorText: string;
  readonly baseFee: Scaled;
  /** 0.5 × the 1.0 fee in cents, before the minimum. */
  readonly half: bigint;
  readonly minimumText: string;
  readonly minimumApplied: boolean;
  readonly minimumConfirmed: boolean;
  readonly table: string;
  readonly basis: string;
  /** The fee due, as text with the cents (`"85.25"`). */
  readonly amountText: string;
}

/**
 * See {@link CourtDunningFeeFigures}; the same checks and errors as {@link courtDunningFee}.
 *
 * @internal
 */
export function courtDunningFeeFigures(input: CourtDunningFeeInput): CourtDunningFeeFigures {
  const date = parseIsoDate(input.date, 'date');
  if (!isPositive(input.value)) {
    throw new ValidationError(
      `value: ${input.value.amount.toString()} ${input.value.currency} is not above zero; a Mahnbescheid needs a money claim (§ 688 ZPO).`,
      { field: 'value' },
    );
  }
  const table = gkgTableOn(date, input.tables ?? gkgTables);
  // The 1.0 fee of the table, its half rounded to the cent (0.5 cent up): gkgFee's figures, without decimal.js.
  const baseFee = stepTableFeeScaled(checkedFeeValue(input.value, table, 'value'), table);
  const half = roundedTo(baseFee.value * 5n, baseFee.scale + 1, 2);
  const minimumText = table.dunningMinimum.amount;
  const minimum = toScaled(minimumText);
  const scale = minimum.scale > 2 ? minimum.scale : 2;
  const minimumApplied = atScale({ value: half, scale: 2 }, scale) < atScale(minimum, scale);
  return {
    code: 'KV 1100 GKG',
    factorText: HALF_TEXT,
    baseFee,
    half,
    minimumText,
    minimumApplied,
    minimumConfirmed: table.dunningMinimum.confirmed,
    table: table.id,
    basis: courtDunningFeeBasis(minimumText, tableVersionText(table)),
    amountText: minimumApplied ? scaledToAmountString(minimum.value, minimum.scale, 2) : scaledToString(half, 2),
  };
}
