import {
  computeDefaultInterest,
  parseIsoDate,
  parseMoney,
  toAmountString,
  type DayCount,
  type DebtorKind,
  type DefaultInterestInput,
  type InterestResult,
  type InterestRounding,
  type ClaimKind,
} from '@mahnwerk/core';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { baseRateErrorInCliWords, runAgain } from '../base-rate-advice.js';
import { configStatementOptions, loadConfig } from '../config.js';
import { renderTable, toJson } from '../format.js';
import { configFlag } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'principal', type: 'string', required: true, placeholder: 'amount', help: 'principal bearing interest, e.g. 1000.00' },
  { name: 'from', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'first day of default (first interest day, inclusive)' },
  { name: 'to', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'last interest day (inclusive)' },
  { name: 'debtor', type: 'string', required: true, values: ['consumer', 'business'], help: 'consumer (+5 pp) or business (+9 pp)' },
  { name: 'claim-kind', type: 'string', values: ['entgelt', 'other'], help: 'Entgeltforderung (default) or another money debt (+5 pp)' },
  { name: 'contract-date', type: 'string', placeholder: 'YYYY-MM-DD', help: 'when the obligation arose; before 2014-07-29 business claims get +8 pp' },
  { name: 'creditor', type: 'string', values: ['consumer', 'business'], help: 'creditor kind (default business); a consumer creditor gets +5 pp (§ 288 Abs. 2 BGB)' },
  { name: 'continuing', type: 'boolean', help: 'continuing obligation (Art. 229 § 34 S. 2 EGBGB): with --performed-on after 2016-06-30, +9 pp' },
  { name: 'performed-on', type: 'string', placeholder: 'YYYY-MM-DD', help: 'for a continuing obligation: when the consideration was performed' },
  { name: 'contractual-rate', type: 'string', placeholder: 'percent', help: 'a higher agreed annual rate (§ 288 Abs. 3 BGB), e.g. 12' },
  { name: 'day-count', type: 'string', values: ['act/365', 'act/act'], help: 'year basis (default act/365)' },
  { name: 'rounding', type: 'string', values: ['period', 'total'], help: 'round each period (default) or the total once' },
  { name: 'currency', type: 'string', placeholder: 'ISO 4217', help: 'currency of the principal (default EUR)' },
  { name: 'assume-base-rate', type: 'boolean', help: 'beyond the known base-rate table, assume the last known rate (marked in the output)' },
  { ...configFlag, help: 'the config file (default: ./mahnwerk.config.json if it exists): its baseRates, the base-rate rows mahnwerk run computes with' },
];

const fieldToFlag = {
  principal: '--principal',
  from: '--from',
  to: '--to',
  debtor: '--debtor',
  obligationDate: '--contract-date',
  contractualRatePercent: '--contractual-rate',
  date: '--to',
};

/** JSON shape of an interest result: money as decimal strings with the currency's minor digits. */
export function interestToJson(result: InterestResult): Record<string, unknown> {
  return {
    total: toAmountString(result.total),
    currency: result.currency,
    dayCount: result.dayCount,
    rounding: result.rounding,
    periods: result.periods.map((p) => ({
      from: p.from,
      to: p.to,
      days: p.days,
      yearDays: p.yearDays,
      principal: toAmountString(p.principal),
      baseRatePercent: p.baseRatePercent.toString(),
      marginPoints: p.marginPoints.toString(),
      ratePercent: p.ratePercent.toString(),
      amount: toAmountString(p.amount),
      basis: p.basis,
      ...(p.assumedBaseRate ? { assumedBaseRate: true } : {}),
      ...(p.unconfirmedBaseRate ? { unconfirmedBaseRate: true } : {}),
    })),
  };
}

/** `mahnwerk interest`: § 288 BGB default interest, split at every base-rate change. */
export const interestCommand = {
  name: 'interest',
  summary: 'default interest (§ 288 BGB) over a period, split at every base-rate change',
  fieldToFlag,
  rewrites: [[/ is before from /, ' is before --from ']] as const,
  help: () =>
    helpText(
      'interest',
      'default interest (§ 288 BGB) over a period, split at every base-rate change',
      flags,
      'mahnwerk interest --principal 1000.00 --from 2024-12-16 --to 2025-01-15 --debtor consumer',
    ),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: Pick<CliIo, 'readFile'>): Promise<CommandResult> {
    const f = parseFlags('interest', argv, flags);
    if (f['help']) return { text: interestCommand.help() };
    const currency = str(f, 'currency') ?? 'EUR';
    // The config as `mahnwerk run` reads it (--config, else ./mahnwerk.config.json if there is one): the
    // base-rate table its engines compute with (configStatementOptions), the day count, rounding and
    // --assume-base-rate on top.
    const { config, file } = await loadConfig(str(f, 'config'), io.readFile);
    const statement = configStatementOptions(config, {
      ...(str(f, 'day-count') ? { dayCount: str(f, 'day-count') as DayCount } : {}),
      ...(str(f, 'rounding') ? { rounding: str(f, 'rounding') as InterestRounding } : {}),
      ...(f['assume-base-rate'] ? { allowBeyondKnownBaseRate: true } : {}),
    });
    const input: DefaultInterestInput = {
      principal: parseMoney(str(f, 'principal') ?? '', { field: '--principal', currency, nonNegative: true }),
      from: parseIsoDate(str(f, 'from'), '--from'),
      to: parseIsoDate(str(f, 'to'), '--to'),
      debtor: str(f, 'debtor') as DebtorKind,
      ...(str(f, 'claim-kind') ? { claimKind: str(f, 'claim-kind') as ClaimKind } : {}),
      ...(str(f, 'contract-date') ? { obligationDate: parseIsoDate(str(f, 'contract-date'), '--contract-date') } : {}),
      ...(str(f, 'creditor') ? { creditor: str(f, 'creditor') as DebtorKind } : {}),
      ...(f['continuing'] ? { continuingObligation: true } : {}),
      ...(str(f, 'performed-on') ? { performedOn: parseIsoDate(str(f, 'performed-on'), '--performed-on') } : {}),
      ...(str(f, 'contractual-rate') ? { contractualRatePercent: rate(str(f, 'contractual-rate') ?? '') } : {}),
      ...statement,
    };
    let result: InterestResult;
    try {
      result = computeDefaultInterest(input);
    } catch (error) {
      // A day after the table: which half-year is missing and how to add it, in every command's words.
      throw baseRateErrorInCliWords(error, config, input.to, { file, then: runAgain, assumeFlag: '--assume-base-rate' });
    }
    if (f['json']) return { text: toJson(interestToJson(result)) };
    const rows = result.periods.map((p) => [
      p.from,
      p.to,
      String(p.days),
      `${p.ratePercent.toString()}%`,
      toAmountString(p.amount),
      p.basis + (p.assumedBaseRate ? ' (base rate assumed)' : p.unconfirmedBaseRate ? ' (base rate unconfirmed)' : ''),
    ]);
    const table = renderTable(['from', 'to', 'days', 'rate', 'interest', 'basis'], rows);
    const unconfirmed = result.periods.filter((p) => p.unconfirmedBaseRate || p.assumedBaseRate);
    const note =
      unconfirmed.length === 0
        ? ''
        : `Note: ${unconfirmed.length} period(s) rest on a base rate that is ${unconfirmed.some((p) => p.assumedBaseRate) ? 'assumed or ' : ''}not confirmed by a primary source (§ 247 BGB); check the Bundesbank notice before relying on the figure.\n`;
    return {
      text: `${table}\nTotal: ${toAmountString(result.total)} ${result.currency} (${result.dayCount}, rounding per ${result.rounding})\n${note}`,
    };
  },
};

function rate(text: string): string {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) {
    throw new UsageError(`--contractual-rate: "${text}" is not a percentage; write it like 12 or 9.5.`);
  }
  return text.trim();
}
