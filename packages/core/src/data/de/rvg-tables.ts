import type { IsoDate } from '../../calendar/date.js';
import type { Decimal } from '../../money/decimal.js';
import type { Money } from '../../money/money.js';
import { feeAtRate, stepTableFee, feeTableOn, type StepFeeTable } from './fee-table.js';

export { feeAtRate, stepTableFee, feeTableOn, type FeeTableStep, type StepFeeTable } from './fee-table.js';

/**
 * The reduced 1.0 fee of § 13 Abs. 2 RVG: for the Geschäftsgebühr of an out-of-court collection
 * service for an uncontested claim (Anm. Abs. 2 zu Nr. 2300 VV RVG), values up to `upTo` EUR.
 */
export interface RvgSmallClaimFee {
  /** Highest value (inclusive) the reduced fee applies to, `'50'`. */
  readonly upTo: string;
  /** The reduced 1.0 fee in EUR. */
  readonly fee: string;
  /** First mandate date the rule applies to (it came with the Inkasso reform). */
  readonly from: IsoDate;
  /** Source of the figure. */
  readonly source: string;
}

/** A version of the § 13 RVG fee table (Anlage 2 RVG), with the § 13 Abs. 2 fee of that version. */
export interface RvgTable extends StepFeeTable {
  /** Always `RVG`. */
  readonly law: 'RVG';
  /** § 13 Abs. 2 RVG reduced fee for uncontested collection claims up to 50 EUR; absent in versions before the Inkasso reform. */
  readonly smallClaimFee?: RvgSmallClaimFee;
}

/**
 * § 13 RVG as amended by the 2. KostRMoG, for mandates given 2013-08-01 … 2020-12-31 (transition:
 * § 60 RVG), so that an old backlog can be computed. No § 13 Abs. 2 fee yet.
 */
export const rvgTable2013: RvgTable = Object.freeze({
  id: 'RVG 2013-08-01',
  law: 'RVG',
  validFrom: '2013-08-01',
  validUntil: '2020-12-31',
  baseUpTo: '500',
  baseFee: '45',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '35' },
    { upTo: '10000', per: '1000', add: '51' },
    { upTo: '25000', per: '3000', add: '46' },
    { upTo: '50000', per: '5000', add: '75' },
    { upTo: '200000', per: '15000', add: '85' },
    { upTo: '500000', per: '30000', add: '120' },
    { upTo: null, per: '50000', add: '150' },
  ]),
  minimumFee: '15',
  source:
    '§ 13 RVG i.d.F. 2. KostRMoG (Anlage 2 "BGBl. I 2013, 2703"), valid until 2020-12-31: step rule from the project facts file § 3.2 ' +
    '("version before 2021 (2013–2020)", [V2] buzer.de al0-119679), cross-checked with urteile-gesetze.de/gesetze/rvg/13 and the Anlage 2 ' +
    'values 1,000 → 80, 5,000 → 303, 10,000 → 558. The first day, 2013-08-01 (in force of the 2. KostRMoG), is not in the facts file — verify ' +
    'before computing mandates of 2013; § 13 Abs. 3 RVG minimum 15 EUR',
});
/**
 * § 13 RVG as amended by the KostRÄG 2021, for mandates given 2021-01-01 … 2025-05-31
 * (transition: § 60 RVG). § 13 Abs. 2 (30 EUR) was added by the Inkasso reform from 2021-10-01.
 */
export const rvgTable2021: RvgTable = Object.freeze({
  id: 'RVG 2021-01-01',
  law: 'RVG',
  validFrom: '2021-01-01',
  validUntil: '2025-05-31',
  baseUpTo: '500',
  baseFee: '49',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '39' },
    { upTo: '10000', per: '1000', add: '56' },
    { upTo: '25000', per: '3000', add: '52' },
    { upTo: '50000', per: '5000', add: '81' },
    { upTo: '200000', per: '15000', add: '94' },
    { upTo: '500000', per: '30000', add: '132' },
    { upTo: null, per: '50000', add: '165' },
  ]),
  minimumFee: '15',
  source:
    '§ 13 RVG i.d.F. KostRÄG 2021 (BGBl. I 2020, 3229), valid 2021-01-01 … 2025-05-31; buzer.de/gesetz/6775/al0-119679.htm, ' +
    'al0-39965.htm and the Anlage 2 comparison al211830-0.htm (all 42 Anlage 2 values reproduced by the step rule); ' +
    '§ 13 Abs. 3 RVG minimum 15 EUR',
  smallClaimFee: Object.freeze({
    upTo: '50',
    fee: '30',
    from: '2021-10-01',
    source: '§ 13 Abs. 2 RVG i.d.F. Gesetz zur Verbesserung des Verbraucherschutzes im Inkassorecht (BGBl. I 2020, 3320), from 2021-10-01; haufe Rz. 141 (0.9 × 30 = 27 EUR)',
  }),
});

/**
 * § 13 RVG as amended by the KostBRÄG 2025 (BGBl. 2025 I Nr. 109), for mandates from 2025-06-01.
 */
export const rvgTable2025: RvgTable = Object.freeze({
  id: 'RVG 2025-06-01',
  law: 'RVG',
  validFrom: '2025-06-01',
  validUntil: null,
  baseUpTo: '500',
  baseFee: '51.50',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '41.50' },
    { upTo: '10000', per: '1000', add: '59.50' },
    { upTo: '25000', per: '3000', add: '55.00' },
    { upTo: '50000', per: '5000', add: '86.00' },
    { upTo: '200000', per: '15000', add: '99.50' },
    { upTo: '500000', per: '30000', add: '140.00' },
    { upTo: null, per: '50000', add: '175.00' },
  ]),
  minimumFee: '15',
  source:
    '§ 13 RVG i.d.F. KostBRÄG 2025, Anlage 2 "BGBl. 2025 I Nr. 109, S. 30", in force 2025-06-01; ' +
    'text: gesetze-im-internet.de via kmein/gesetze laws/RVG-BJNR078800004.md; cross-checked with ' +
    'rvrecht.deutsche-rentenversicherung.de and the buzer.de Anlage 2 comparison; § 13 Abs. 3 RVG minimum 15 EUR',
  smallClaimFee: Object.freeze({
    upTo: '50',
    fee: '31.50',
    from: '2025-06-01',
    source:
      '§ 13 Abs. 2 RVG i.d.F. KostBRÄG 2025 (kmein/gesetze laws/RVG-BJNR078800004.md: "31,50 Euro"; national-inkasso.de). ' +
      'The DRV rvRecht page shows 30.50, which looks like a transcription error.',
  }),
});

/** The RVG table versions mahnwerk ships, oldest first. */
export const rvgTables: readonly RvgTable[] = Object.freeze([rvgTable2013, rvgTable2021, rvgTable2025]);

/**
 * The RVG table for a mandate date. Under § 60 Abs. 1 RVG the old fees apply when the
 * unconditional mandate for the matter was given before the change, so pass the mandate date.
 *
 * @param date - the mandate date
 * @param tables - table versions to choose from (default {@link rvgTables}; a host may add newer ones)
 * @throws LegalDataError `table_unknown` for dates before 2013-08-01
 */
export function rvgTableOn(date: IsoDate, tables: readonly RvgTable[] = rvgTables): RvgTable {
  return feeTableOn(date, tables, 'date');
}

/**
 * The full (1.0) fee of § 13 Abs. 1 RVG for a value (Gegenstandswert).
 *
 * @param value - the value in EUR, zero or more
 * @param table - the table version, from {@link rvgTableOn}
 * @throws CurrencyMismatchError for a non-EUR value; ValidationError for a negative value
 */
export function rvgFee(value: Money, table: RvgTable): Money {
  return stepTableFee(value, table, 'value');
}

/**
 * An RVG fee at a rate (e.g. 0.9 for a Geschäftsgebühr), rounded per § 2 Abs. 2 RVG and never
 * below the § 13 Abs. 3 RVG minimum of 15 EUR.
 *
 * @param baseFee - the 1.0 fee (from {@link rvgFee} or the § 13 Abs. 2 fee)
 * @param factor - the rate as a decimal string or value, e.g. `'0.9'`
 * @param table - the table version (for its minimum fee)
 */
export function rvgFeeAtRate(baseFee: Money, factor: Decimal | string, table: RvgTable): Money {
  return feeAtRate(baseFee, factor, table);
}
