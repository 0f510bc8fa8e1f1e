import { ValidationError } from '../../errors/errors.js';
import { parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { checkedFeeValue, roundedTo, stepTableFeeScaled } from '../../data/de/fee-table.js';
import { gkgTableOn, gkgTables, type GkgTable } from '../../data/de/gkg-tables.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import { isPositive, money, type Money } from '../../money/money.js';
import { atScale, scaledToMoney, toScaled } from '../../money/scaled.js';

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
const HALF: Decimal = new Dec('0.5');

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
  const date = parseIsoDate(input.date, 'date');
  if (!isPositive(input.value)) {
    throw new ValidationError(
      `value: ${input.value.amount.toString()} ${input.value.currency} is not above zero; a Mahnbescheid needs a money claim (§ 688 ZPO).`,
      { field: 'value' },
    );
  }
  const table = gkgTableOn(date, input.tables ?? gkgTables);
  // In scaled integers (the 1.0 fee of the table, its half rounded to the cent, 0.5 cent up): gkgFee's figures, without decimal.js.
  const base = stepTableFeeScaled(checkedFeeValue(input.value, table, 'value'), table);
  const half = roundedTo(base.value * 5n, base.scale + 1, 2);
  const minimum = money(table.dunningMinimum.amount, 'EUR');
  const minimumScaled = toScaled(table.dunningMinimum.amount);
  const scale = minimumScaled.scale > 2 ? minimumScaled.scale : 2;
  const minimumApplied = atScale({ value: half, scale: 2 }, scale) < atScale(minimumScaled, scale);
  return {
    amount: minimumApplied ? minimum : scaledToMoney(half, 2, 'EUR'),
    baseFee: scaledToMoney(base.value, base.scale, 'EUR'),
    factor: HALF,
    code: 'KV 1100 GKG',
    table: table.id,
    minimumApplied,
    minimum,
    minimumConfirmed: table.dunningMinimum.confirmed,
    basis: `KV Nr. 1100 GKG (0,5-Gebühr, mindestens ${table.dunningMinimum.amount.replace(".", ",")} EUR), § 34 GKG (${table.id})`,
  };
}
