import type { IsoDate } from '../../calendar/date.js';
import type { Money } from '../../money/money.js';
import { stepTableFee, feeTableOn, type StepFeeTable } from './fee-table.js';

/**
 * The minimum of the court fee for a Mahnbescheid application (KV Nr. 1100 GKG: a 0.5 fee, at
 * least this amount) in one table period.
 */
export interface GkgDunningMinimum {
  /** The minimum fee in EUR. */
  readonly amount: string;
  /** False while the figure rests on secondary sources only (verify before relying on it). */
  readonly confirmed: boolean;
  /** Source of the figure. */
  readonly source: string;
}

/** A version of the § 34 GKG fee table (Anlage 2 GKG), with the KV 1100 minimum of that period. */
export interface GkgTable extends StepFeeTable {
  /** Always `GKG`. */
  readonly law: 'GKG';
  /** KV Nr. 1100 GKG minimum fee for the court dunning procedure in this period. */
  readonly dunningMinimum: GkgDunningMinimum;
}

/**
 * § 34 GKG as amended by the 2. KostRMoG, for proceedings begun 2013-08-01 … 2020-12-31 (§ 71 GKG),
 * so that an old backlog can be computed. The KV 1100 minimum of the period (32 EUR) rests on one
 * secondary source and is marked unconfirmed.
 */
export const gkgTable2013: GkgTable = Object.freeze({
  id: 'GKG 2013-08-01',
  law: 'GKG',
  validFrom: '2013-08-01',
  validUntil: '2020-12-31',
  baseUpTo: '500',
  baseFee: '35',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '18' },
    { upTo: '10000', per: '1000', add: '19' },
    { upTo: '25000', per: '3000', add: '26' },
    { upTo: '50000', per: '5000', add: '35' },
    { upTo: '200000', per: '15000', add: '120' },
    { upTo: '500000', per: '30000', add: '179' },
    { upTo: null, per: '50000', add: '180' },
  ]),
  minimumFee: '15',
  source:
    '§ 34 Abs. 1 GKG i.d.F. der Bekanntmachung vom 27.02.2014 (BGBl. I S. 154), text as amended 18.07.2017 (BGBl. I S. 2739), supplied by juris at ' +
    'norm.bverwg.de/jur.php?gkg_2004,34 ("bis 500 Euro 35 Euro … 2 000 500 18 … über 500 000 50 000 180"). Not in the project facts file (which has ' +
    'only the 2021 and 2025 versions); one source — verify. The first day, 2013-08-01 (2. KostRMoG), is also not from the facts file; ' +
    '§ 34 Abs. 2 GKG minimum 15 EUR',
  dunningMinimum: Object.freeze({
    amount: '32.00',
    confirmed: false,
    source: 'KV Nr. 1100 GKG minimum 32 EUR, "assumed valid 2013–2020" — facts file § 6 [M] (hessen.de); not checked against the statute. Verify.',
  }),
});

/** § 34 GKG as amended by the KostRÄG 2021, for proceedings begun 2021-01-01 … 2025-05-31 (§ 71 GKG). */
export const gkgTable2021: GkgTable = Object.freeze({
  id: 'GKG 2021-01-01',
  law: 'GKG',
  validFrom: '2021-01-01',
  validUntil: '2025-05-31',
  baseUpTo: '500',
  baseFee: '38',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '20' },
    { upTo: '10000', per: '1000', add: '21' },
    { upTo: '25000', per: '3000', add: '29' },
    { upTo: '50000', per: '5000', add: '38' },
    { upTo: '200000', per: '15000', add: '132' },
    { upTo: '500000', per: '30000', add: '198' },
    { upTo: null, per: '50000', add: '198' },
  ]),
  minimumFee: '15',
  source:
    '§ 34 GKG i.d.F. KostRÄG 2021, valid 2021-01-01 … 2025-05-31; buzer.de al0-39949, dejure.org, deubner-steuern; ' +
    'KV 1100 halves cross-checked with whk-controlling.de "Mahnbescheid Kosten Tabelle" (1,000 → 36.00 … 50,000 → 300.50)',
  dunningMinimum: Object.freeze({
    amount: '36.00',
    confirmed: true,
    source: 'KV Nr. 1100 GKG "0,5 – mindestens 36,00 €" from 2021-01-01; schuldnerberatung.de (Stand 05/2024), whk-controlling.de',
  }),
});

/** § 34 GKG as amended by the KostBRÄG 2025 (BGBl. 2025 I Nr. 109), for proceedings begun from 2025-06-01. */
export const gkgTable2025: GkgTable = Object.freeze({
  id: 'GKG 2025-06-01',
  law: 'GKG',
  validFrom: '2025-06-01',
  validUntil: null,
  baseUpTo: '500',
  baseFee: '40.00',
  steps: Object.freeze([
    { upTo: '2000', per: '500', add: '21.00' },
    { upTo: '10000', per: '1000', add: '22.50' },
    { upTo: '25000', per: '3000', add: '30.50' },
    { upTo: '50000', per: '5000', add: '40.50' },
    { upTo: '200000', per: '15000', add: '140.00' },
    { upTo: '500000', per: '30000', add: '210.00' },
    { upTo: null, per: '50000', add: '210.00' },
  ]),
  minimumFee: '15',
  source:
    '§ 34 GKG i.d.F. KostBRÄG 2025, Anlage 2 "BGBl. 2025 I Nr. 109, S. 11", in force 2025-06-01; ' +
    'text: gesetze-im-internet.de via kmein/gesetze laws/GKG-BJNR071810004.md; § 34 Abs. 2 GKG minimum 15 EUR',
  dunningMinimum: Object.freeze({
    amount: '38.00',
    confirmed: false,
    source:
      'KV Nr. 1100 GKG minimum reportedly 38.00 EUR from 2025-06-01 — from two code sources only (a TS constant ' +
      '"MAHNVERFAHREN_MINDESTGEBUEHR = 38" and a lint README); the KV text was not checked against the statute. Verify.',
  }),
});

/** The GKG table versions mahnwerk ships, oldest first. */
export const gkgTables: readonly GkgTable[] = Object.freeze([gkgTable2013, gkgTable2021, gkgTable2025]);

/**
 * The GKG table for a date. Under § 71 Abs. 1 GKG proceedings pending before a change keep the old
 * fees, so pass the date the proceedings (the Mahnbescheid application) began.
 *
 * @param date - the application date
 * @param tables - table versions to choose from (default {@link gkgTables}; a host may add newer ones)
 * @throws LegalDataError `table_unknown` for dates before 2013-08-01
 */
export function gkgTableOn(date: IsoDate, tables: readonly GkgTable[] = gkgTables): GkgTable {
  return feeTableOn(date, tables, 'date');
}

/**
 * The full (1.0) court fee of § 34 Abs. 1 GKG for a value (Streitwert).
 *
 * @param value - the value in EUR, zero or more
 * @param table - the table version, from {@link gkgTableOn}
 * @throws CurrencyMismatchError for a non-EUR value; ValidationError for a negative value
 */
export function gkgFee(value: Money, table: GkgTable): Money {
  return stepTableFee(value, table, 'value');
}
