import { z } from 'zod';
import { addDays, addMonths, isoDateProblem, monthOf, parseIsoDate, yearOf, type IsoDate } from '../../calendar/date.js';
import { germanBaseRates, type BaseRateRow } from '../../data/de/base-rates.js';
import { LegalDataError, ValidationError } from '../../errors/errors.js';
import { Dec, type Decimal } from '../../money/decimal.js';

/**
 * A checked base-rate table (§ 247 BGB): every half-year from its first row to its last, in
 * ascending order, without gaps. Build one with {@link createBaseRateTable} or
 * {@link extendBaseRates}; both return frozen objects.
 */
export interface BaseRateTable {
  /** The half-year rows, ascending and contiguous (one row per 1 January and 1 July). */
  readonly rows: readonly BaseRateRow[];
  /** The last day with a known rate: the last day of the half-year of the last row. */
  readonly knownUntil: IsoDate;
}

/** Options for {@link createBaseRateTable}. */
export interface BaseRateTableOptions {
  /**
   * End the table before the first row marked `confirmed: false` (default `false`). Dates after
   * that then need newer rows or the explicit opt-in, like any unknown date.
   */
  readonly confirmedOnly?: boolean;
  /** Name of the input in error messages (default `rows`). */
  readonly field?: string;
}

/** Options for {@link baseRateOn}. */
export interface BaseRateOnOptions {
  /** The table to read (default: the shipped German table {@link germanBaseRateTable}); a row list is checked first. */
  readonly table?: BaseRateTable | readonly BaseRateRow[];
  /**
   * For a date after the table's `knownUntil`, assume the last known rate instead of throwing
   * (default `false`). The result is then marked `assumed: true`.
   */
  readonly allowBeyondKnown?: boolean;
  /** Name of the date input in error messages (default `date`). */
  readonly field?: string;
}

/** The base rate in force on one day. */
export interface BaseRateOnDate {
  /** The rate in percent, e.g. `1.27` or `-0.88`. */
  readonly ratePercent: Decimal;
  /** First day of the half-year row the rate comes from. */
  readonly from: IsoDate;
  /** The source of that row. */
  readonly source: string;
  /** `true` when the date lies after the table's `knownUntil` and the last known rate was assumed (opt-in). */
  readonly assumed: boolean;
  /** `false` when the row is marked unconfirmed in the table (no primary source yet). */
  readonly confirmed: boolean;
  /** The table's last day with a known rate. */
  readonly knownUntil: IsoDate;
}

/** zod schema of one row as a host supplies it. */
const baseRateRowSchema = z.strictObject({
  from: z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    // The one rule of a bad date (isoDateProblem): "2027-02-30 is not a day of the calendar (February 2027 has 28 days)".
    .superRefine((d, ctx) => {
      const problem = isoDateProblem(d);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: d, continue: false });
    })
    .refine((d) => d.endsWith('-01-01') || d.endsWith('-07-01'), 'must be 1 January or 1 July: the base rate changes only on these days (§ 247 Abs. 1 S. 2 BGB)'),
  ratePercent: z
    .string({ error: 'must be a decimal string such as "1.27" or "-0.88"' })
    .regex(/^-?\d{1,2}(\.\d{1,4})?$/, 'must be a decimal string such as "1.27" or "-0.88" (percent, not a JS number)'),
  source: z.string({ error: 'must name where the rate comes from' }).trim().min(1, 'must name where the rate comes from (e.g. the Bundesbank press release)'),
  confirmed: z.boolean({ error: 'must be true or false' }).optional(),
  confidence: z.enum(['V', 'V2', 'M', 'U'], { error: 'must be one of V, V2, M, U' }).optional(),
});

const rowsSchema = z.array(baseRateRowSchema, { error: 'must be a list of base-rate rows' });

const checkedTables = new WeakSet<BaseRateTable>();

function pathText(field: string, path: readonly PropertyKey[]): string {
  let text = field;
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return text;
}

/** Parses rows with zod and returns frozen copies (only the known fields). */
function parseRows(input: unknown, field: string): BaseRateRow[] {
  const parsed = rowsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = pathText(field, issue?.path ?? []);
    throw new ValidationError(`${where}: ${issue?.message ?? 'is not a valid base-rate row'}.`, { field: where });
  }
  return parsed.data.map((r) =>
    Object.freeze({
      from: r.from,
      ratePercent: r.ratePercent,
      source: r.source,
      ...(r.confirmed === undefined ? {} : { confirmed: r.confirmed }),
      ...(r.confidence === undefined ? {} : { confidence: r.confidence }),
    }),
  );
}

/** Checks that rows run one half-year after another. */
function checkSequence(rows: readonly BaseRateRow[], field: string, firstIndex = 0): void {
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1] as BaseRateRow;
    const cur = rows[i] as BaseRateRow;
    const expected = addMonths(prev.from, 6);
    if (cur.from !== expected) {
      const where = `${field}[${i + firstIndex}].from`;
      throw new ValidationError(
        `${where}: ${cur.from} follows ${prev.from}, but the next row must be ${expected}. List every half-year in ascending order, ` +
          'also those in which the rate did not change, so that a missing publication is never taken for an unchanged rate.',
        { field: where },
      );
    }
  }
}

function endOfHalfYear(from: IsoDate): IsoDate {
  return addDays(addMonths(from, 6), -1);
}

function freezeTable(rows: readonly BaseRateRow[]): BaseRateTable {
  const last = rows[rows.length - 1] as BaseRateRow;
  const table: BaseRateTable = Object.freeze({ rows: Object.freeze(rows.slice()), knownUntil: endOfHalfYear(last.from) });
  checkedTables.add(table);
  return table;
}

/**
 * Builds a checked base-rate table (§ 247 BGB) from half-year rows.
 *
 * The rows are validated (zod): each `from` is a 1 January or 1 July, `ratePercent` a decimal
 * string, `source` not empty; the rows run in ascending order without a gap. `knownUntil` is the
 * last day of the last row's half-year.
 *
 * @param rows - the rows; default the shipped German table {@link germanBaseRates}
 * @param options - `confirmedOnly` to end the table before its first unconfirmed row; `field` for messages
 * @returns a frozen table
 * @throws ValidationError naming the row and field, e.g. `rows[3].from`
 */
export function createBaseRateTable(rows: readonly BaseRateRow[] = germanBaseRates, options: BaseRateTableOptions = {}): BaseRateTable {
  const field = options.field ?? 'rows';
  let checked = parseRows(rows, field);
  if (checked.length === 0) {
    throw new ValidationError(`${field}: the base-rate table is empty; give at least one half-year row such as { from: '2025-07-01', ratePercent: '1.27', source: '…' }.`, { field });
  }
  checkSequence(checked, field);
  if (options.confirmedOnly) {
    const firstUnconfirmed = checked.findIndex((r) => r.confirmed === false);
    if (firstUnconfirmed === 0) {
      throw new ValidationError(`${field}[0]: the first row (${checked[0]?.from}) is unconfirmed, so a table of confirmed rows only would be empty.`, { field: `${field}[0]` });
    }
    if (firstUnconfirmed > 0) checked = checked.slice(0, firstUnconfirmed);
  }
  return freezeTable(checked);
}

/** The shipped German base-rate table ({@link germanBaseRates}), known until `baseRateKnownUntil` (2026-12-31). */
export const germanBaseRateTable: BaseRateTable = createBaseRateTable(germanBaseRates);

/**
 * Returns a checked table for a table or row list given by a caller.
 *
 * @param table - a table from {@link createBaseRateTable} / {@link extendBaseRates}, a row list, or `undefined` for the German table
 * @param field - name of the input in error messages
 * @throws ValidationError when the rows are not a valid table
 */
export function resolveBaseRateTable(table: BaseRateTable | readonly BaseRateRow[] | undefined, field = 'baseRates'): BaseRateTable {
  if (table === undefined) return germanBaseRateTable;
  if (Array.isArray(table)) return createBaseRateTable(table as readonly BaseRateRow[], { field });
  const t = table as BaseRateTable;
  if (checkedTables.has(t)) return t;
  if (typeof t !== 'object' || t === null || !Array.isArray(t.rows)) {
    throw new ValidationError(`${field}: expected a table from createBaseRateTable()/extendBaseRates() or a list of base-rate rows.`, { field });
  }
  return createBaseRateTable(t.rows, { field: `${field}.rows` });
}

/**
 * Adds newer base-rate rows to a table at run time, for hosts that learn of a new rate (the
 * Bundesbank publishes it before every 1 January and 1 July) before a new mahnwerk release.
 *
 * `rows` run in ascending order without gaps and continue the table: the first new row is at most
 * the half-year after the table's last row. A row for a half-year the table already has replaces
 * it only when the table's row is unconfirmed (`confirmed: false`) or has the same rate (for
 * instance to confirm it); correcting a confirmed rate needs a whole new table from
 * {@link createBaseRateTable}.
 *
 * @param table - the table to extend (e.g. {@link germanBaseRateTable})
 * @param rows - the new rows, validated like those of {@link createBaseRateTable}
 * @returns a new frozen table; the given one is unchanged
 * @throws ValidationError naming the offending row, e.g. `rows[0].from`
 */
export function extendBaseRates(table: BaseRateTable, rows: readonly BaseRateRow[]): BaseRateTable {
  const base = resolveBaseRateTable(table, 'table');
  const added = parseRows(rows, 'rows');
  if (added.length === 0) return base;
  checkSequence(added, 'rows');
  const first = base.rows[0] as BaseRateRow;
  const last = base.rows[base.rows.length - 1] as BaseRateRow;
  const next = addMonths(last.from, 6);
  const head = added[0] as BaseRateRow;
  if (head.from < first.from) {
    throw new ValidationError(`rows[0].from: ${head.from} is before the table's first row ${first.from}; extendBaseRates adds newer rows — build a whole table with createBaseRateTable(rows) instead.`, {
      field: 'rows[0].from',
    });
  }
  if (head.from > next) {
    throw new ValidationError(
      `rows[0].from: ${head.from} leaves a gap after the table's last row ${last.from}; the next row must be ${next} (list every half-year, also unchanged ones).`,
      { field: 'rows[0].from' },
    );
  }
  const merged = base.rows.slice();
  added.forEach((row, i) => {
    const at = merged.findIndex((r) => r.from === row.from);
    if (at < 0) {
      merged.push(row);
      return;
    }
    const existing = merged[at] as BaseRateRow;
    if (existing.confirmed !== false && !new Dec(existing.ratePercent).equals(new Dec(row.ratePercent))) {
      throw new ValidationError(
        `rows[${i}].ratePercent: ${row.from} already has the confirmed base rate ${existing.ratePercent} % in the table, not ${row.ratePercent} %; ` +
          'to correct a confirmed rate build a whole table with createBaseRateTable(rows).',
        { field: `rows[${i}].ratePercent` },
      );
    }
    merged[at] = row;
  });
  return freezeTable(merged);
}

/**
 * Index of the half-year row holding `date` (may be out of range).
 */
function halfYearIndex(first: IsoDate, date: IsoDate): number {
  const halves = (d: IsoDate): number => yearOf(d) * 2 + (monthOf(d) >= 7 ? 1 : 0);
  return halves(date) - halves(first);
}

/**
 * The message of a `base_rate_unknown` error for a date after the known table.
 *
 * @param field - the input field named first
 * @param date - the date without a known rate
 * @param table - the table that ends too early
 */
function beyondKnownMessage(field: string, date: IsoDate, table: BaseRateTable): string {
  const last = table.rows[table.rows.length - 1] as BaseRateRow;
  return (
    `${field}: the base rate (§ 247 BGB) for ${date} is not known; the table ends on ${table.knownUntil} ` +
    `(last row from ${last.from}: ${last.ratePercent} %). To fix: pass the newer half-year rows published by the Deutsche Bundesbank ` +
    `via extendBaseRates(table, rows) (option baseRates), or opt in with allowBeyondKnownBaseRate: true ` +
    `(baseRateOn: allowBeyondKnown: true) to assume ${last.ratePercent} % — such periods are marked as assumed.`
  );
}

/**
 * The German base rate (§ 247 BGB) in force on a day.
 *
 * @param date - the day, `YYYY-MM-DD`
 * @param options - the table, the opt-in for dates after the known table, the field name for messages
 * @returns the rate, its row and source, and whether it was assumed
 * @throws DateError for an invalid date
 * @throws LegalDataError code `base_rate_unknown` for a date before the table's first row, or after
 *   its `knownUntil` without `allowBeyondKnown`; the message names the date, the last known day and
 *   how to add rows or opt in
 */
export function baseRateOn(date: IsoDate, options: BaseRateOnOptions = {}): BaseRateOnDate {
  const field = options.field ?? 'date';
  const day = parseIsoDate(date, field);
  const table = resolveBaseRateTable(options.table, 'table');
  const first = table.rows[0] as BaseRateRow;
  let assumed = false;
  let row: BaseRateRow;
  if (day < first.from) {
    throw new LegalDataError(
      'base_rate_unknown',
      `${field}: ${day} is before ${first.from}, the first day of the base-rate table; the base rate of § 247 BGB applies from 2002-01-01 ` +
        '(before that, the DÜG base rate, which mahnwerk does not ship). Start the period later or pass older rows via createBaseRateTable(rows).',
      { field },
    );
  }
  if (day > table.knownUntil) {
    if (!options.allowBeyondKnown) throw new LegalDataError('base_rate_unknown', beyondKnownMessage(field, day, table), { field });
    row = table.rows[table.rows.length - 1] as BaseRateRow;
    assumed = true;
  } else {
    row = table.rows[halfYearIndex(first.from, day)] as BaseRateRow;
  }
  return Object.freeze({
    ratePercent: new Dec(row.ratePercent),
    from: row.from,
    source: row.source,
    assumed,
    confirmed: row.confirmed !== false,
    knownUntil: table.knownUntil,
  });
}


/** What a base-rate table says about a day: whether its rate is known and confirmed. */
export interface BaseRateCoverage {
  /** `known`: a confirmed row covers the day; `unconfirmed`: a row covers it but is not confirmed; `beyond`: the day is after the table's last half-year. */
  readonly status: 'known' | 'unconfirmed' | 'beyond';
  /** The last day with a known rate (the table's `knownUntil`). */
  readonly knownUntil: IsoDate;
  /** A warning for the operator, or null when the rate of the day is known and confirmed. */
  readonly warning: string | null;
}

/**
 * Whether a base-rate table covers a day — for a daily run or a simulation to warn when its date is
 * past the last known half-year (§ 247 BGB: a new rate every 1 January and 1 July, published by the
 * Bundesbank in the last days of the half-year before), or rests on an unconfirmed row.
 *
 * Update path: add the new half-year's row with `extendBaseRates(germanBaseRateTable, [{ from, ratePercent,
 * source }])` and pass the table as `baseRates`; an unconfirmed row (e.g. 2026-07-01) is replaced by
 * the same call once the rate is confirmed.
 *
 * @param date - the day of the run
 * @param table - the table used (default: the shipped German table); a row list is checked first
 * @throws DateError for a malformed date
 */
export function baseRateCoverage(date: IsoDate, table: BaseRateTable | readonly BaseRateRow[] = germanBaseRateTable): BaseRateCoverage {
  const day = parseIsoDate(date, 'date');
  const t = resolveBaseRateTable(table, 'table');
  if (day > t.knownUntil) {
    return {
      status: 'beyond',
      knownUntil: t.knownUntil,
      warning:
        `${day} is after the last half-year with a known base rate (up to ${t.knownUntil}); interest after that day cannot be computed, or only on an assumed rate. ` +
        'Add the new row with extendBaseRates(table, [{ from, ratePercent, source }]) once the Bundesbank has published it (§ 247 Abs. 2 BGB).',
    };
  }
  const row = [...t.rows].reverse().find((r) => r.from <= day);
  if (row !== undefined && row.confirmed === false) {
    return {
      status: 'unconfirmed',
      knownUntil: t.knownUntil,
      warning: `The base rate from ${row.from} (${row.ratePercent} %) is not confirmed by a primary source; interest on it is marked unconfirmedBaseRate. Confirm it with extendBaseRates once the Bundesbank notice is at hand.`,
    };
  }
  return { status: 'known', knownUntil: t.knownUntil, warning: null };
}
