import { addDays, baseRateCoverage, LegalDataError, MahnwerkError, type BaseRateTable, type IsoDate } from '@mahnwerk/core';
import { configStatementOptions, defaultConfigFile, type MahnwerkConfig } from './config.js';
import { UsageError } from './io.js';

/**
 * Where a command's user adds a base rate, and what to do then — what every command that computes
 * interest says when the base rate of a day is missing from the table its engines use.
 *
 * @internal
 */
export interface BaseRateAdvice {
  /** The config file the row goes into: the `--config` file or the one found; undefined: none was found. */
  readonly file: string | undefined;
  /** What to do once the row is there, a clause after "then" (e.g. `run the same command again`). */
  readonly then: string;
  /** The command's flag that assumes the last known rate instead (`interest --assume-base-rate`); none: the command has no such flag. */
  readonly assumeFlag?: string;
}

/** The clause after "then" of a command that computes everything again when run again (all but `run`). @internal */
export const runAgain = 'run the same command again';

/** The base-rate table the config's engines compute with — the one {@link configStatementOptions} hands them. */
function tableOf(config: Pick<MahnwerkConfig, 'baseRates'>): BaseRateTable {
  return configStatementOptions(config).baseRates as BaseRateTable;
}

/**
 * What the CLI says when a base rate (§ 247 BGB) is missing: the half-year after the last one the
 * config's table knows (the built-in table with the config's `baseRates`, {@link configStatementOptions}),
 * where the Bundesbank publishes it, the `baseRates` row to add to the config file — and, where the
 * command has one, the flag that assumes the last known rate instead. The one wording of every
 * command: `run`'s summary of undecided claims, `simulate`, `interest`, `demo` and `portal`.
 *
 * @param config - the settings (their `baseRates`)
 * @param advice - the config file, what to do then, the command's flag
 * @returns the text, a sentence starting in lower case ("the base rate (§ 247 BGB) for … is not known — …")
 * @internal
 */
export function missingBaseRate(config: Pick<MahnwerkConfig, 'baseRates'>, advice: BaseRateAdvice): string {
  const table = tableOf(config);
  const next = addDays(table.knownUntil, 1);
  const last = table.rows[table.rows.length - 1];
  const where = advice.file ?? `${defaultConfigFile} (there is none yet: create it in the working directory, or give one with --config FILE)`;
  const assume = advice.assumeFlag === undefined ? '' : ` — or pass ${advice.assumeFlag} to assume the last known rate, ${last?.ratePercent ?? '?'} % (those periods are marked as assumed)`;
  return (
    `the base rate (§ 247 BGB) for ${next} is not known — the table ends on ${table.knownUntil}. ` +
    `Add the base rate for ${next} to "baseRates" in ${where}: the Deutsche Bundesbank publishes it in the last days of the half-year before (§ 247 Abs. 2 BGB, in the Bundesanzeiger), ` +
    `e.g. "baseRates": [{ "from": "${next}", "ratePercent": "<rate>", "source": "Deutsche Bundesbank, Bundesanzeiger of <date>" }]; then ${advice.then}${assume}. A later release of @mahnwerk/core carries the rate too.`
  );
}

/**
 * The usage error (exit 2) of a command refused for a base rate the config's table lacks: where
 * (the flag or file, and what needs the rate), then {@link missingBaseRate}.
 *
 * @param what - the flag or file named first and what needs the rate (e.g. `--date: the portal's today 2027-02-01 needs a base rate the table does not have`)
 * @param config - the settings (their `baseRates`)
 * @param advice - the config file, what to do then
 * @returns the error to throw
 * @internal
 */
export function baseRateRefusal(what: string, config: Pick<MahnwerkConfig, 'baseRates'>, advice: BaseRateAdvice): UsageError {
  return new UsageError(`${what}: ${missingBaseRate(config, advice)}`);
}

/**
 * Refuses, before anything runs, a command whose last day lies after the config's base-rate table
 * (`demo`, `portal`: their demo book always has claims in default to the end): {@link baseRateRefusal}.
 *
 * @param config - the settings (their `baseRates`)
 * @param day - the last day the command computes interest for
 * @param what - the flags that set the day and what it is, named first (e.g. `--date: the portal's today`)
 * @param advice - the config file, what to do then
 * @throws UsageError when `day` is after the table's last known day
 * @internal
 */
export function checkBaseRateKnown(config: Pick<MahnwerkConfig, 'baseRates'>, day: IsoDate, what: string, advice: BaseRateAdvice): void {
  if (day > tableOf(config).knownUntil) throw baseRateRefusal(`${what} ${day} needs a base rate the table does not have`, config, advice);
}

/**
 * Whether an error is core's `base_rate_unknown` for a day after the config's table: the table ends
 * before the last day the command computes interest for (the same code for a day before the table's
 * first row, 2002-01-01, is not — no row of the config helps there).
 *
 * @param error - what the command's computation threw
 * @param config - the settings (their `baseRates`)
 * @param lastDay - the last day the command computes interest for
 * @internal
 */
export function isBaseRateBeyondTable(error: unknown, config: Pick<MahnwerkConfig, 'baseRates'>, lastDay: IsoDate): error is MahnwerkError {
  return MahnwerkError.isInstance(error) && error.code === 'base_rate_unknown' && lastDay > tableOf(config).knownUntil;
}

/**
 * Core's `base_rate_unknown` for a day after the config's table, in the CLI's words: the same error
 * (class, code and field, so the command still places it at its flag, file or record) with the
 * advice of {@link missingBaseRate} instead of core's, which names library calls. What core said
 * before its sentence about the base rate (e.g. "the payment of 2027-01-04 on claim "K1" was
 * refused: ") is kept. Any other error is returned as it is — also `base_rate_unknown` for a day
 * before the table's first row (2002-01-01), which no row of the config can help.
 *
 * @param error - what the command's computation threw
 * @param config - the settings (their `baseRates`)
 * @param lastDay - the last day the command computes interest for (`--to`): the table ends before it
 *   when the error is about the table's end
 * @param advice - the config file, what to do then, the command's flag
 * @returns the error to throw
 * @internal
 */
export function baseRateErrorInCliWords(error: unknown, config: Pick<MahnwerkConfig, 'baseRates'>, lastDay: IsoDate, advice: BaseRateAdvice): unknown {
  if (!isBaseRateBeyondTable(error, config, lastDay)) return error;
  const at = error.message.indexOf('the base rate (§ 247 BGB)');
  const before = at >= 0 ? error.message.slice(0, at) : error.field === undefined ? '' : `${error.field}: `;
  return new LegalDataError('base_rate_unknown', `${before}${missingBaseRate(config, advice)}`, error.field === undefined ? {} : { field: error.field });
}

/**
 * The warning of a command that ran to a day whose base rate the config's table does not know or
 * knows only unconfirmed (core's `baseRateCoverage` of the table), in the CLI's words: beyond the
 * table, {@link missingBaseRate}; an unconfirmed row, that it is marked and how to confirm it in
 * the config. Null when the day's rate is known and confirmed.
 *
 * @param config - the settings (their `baseRates`)
 * @param day - the last day the command ran to
 * @param advice - the config file, what to do then
 * @returns the warning, or null
 * @internal
 */
export function baseRateWarning(config: Pick<MahnwerkConfig, 'baseRates'>, day: IsoDate, advice: BaseRateAdvice): string | null {
  const table = tableOf(config);
  const coverage = baseRateCoverage(day, table);
  if (coverage.status === 'known') return null;
  if (coverage.status === 'beyond') return `interest after ${table.knownUntil} could not be computed: ${missingBaseRate(config, advice)}`;
  const row = [...table.rows].reverse().find((r) => r.from <= day);
  return (
    `the base rate (§ 247 BGB) from ${row?.from ?? '?'} (${row?.ratePercent ?? '?'} %) is not confirmed by a primary source; interest on it is marked unconfirmed. ` +
    `Once the Bundesbank's notice is at hand, add the half-year with its rate and source to "baseRates" in ${advice.file ?? defaultConfigFile} (it replaces the unconfirmed row).`
  );
}
