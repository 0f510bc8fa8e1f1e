import { courtDunningFee, parseIsoDate, parseMoney, toAmountString } from '@mahnwerk/core';
import { amountAndDayFormats, helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'value', type: 'string', required: true, placeholder: 'amount', help: 'the amount claimed (Streitwert), in EUR' },
  { name: 'date', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'date of the application; picks the GKG table' },
];

/** `mahnwerk court-fee`: the court fee for a Mahnbescheid (KV 1100 GKG). */
export const courtFeeCommand = {
  name: 'court-fee',
  summary: 'court fee for a court dunning order (KV 1100 GKG: 0.5 fee, with its minimum)',
  fieldToFlag: { value: '--value', date: '--date' } as Record<string, string>,
  help: () =>
    helpText('court-fee', 'court fee for a court dunning order (KV 1100 GKG: 0.5 fee, with its minimum)', flags, 'mahnwerk court-fee --value 5000.00 --date 2025-07-01', amountAndDayFormats),
  async run(argv: readonly string[]): Promise<CommandResult> {
    const f = parseFlags('court-fee', argv, flags);
    if (f['help']) return { text: courtFeeCommand.help() };
    const result = courtDunningFee({
      value: parseMoney(str(f, 'value') ?? '', { field: '--value', nonNegative: true }),
      date: parseIsoDate(str(f, 'date'), '--date'),
    });
    const json = {
      amount: toAmountString(result.amount),
      currency: result.amount.currency,
      code: result.code,
      table: result.table,
      factor: result.factor.toString(),
      baseFee: toAmountString(result.baseFee),
      minimumApplied: result.minimumApplied,
      minimum: toAmountString(result.minimum),
      minimumConfirmed: result.minimumConfirmed,
    };
    if (f['json']) return { text: toJson(json) };
    return {
      text: renderTable(['code', 'table', 'factor', 'base fee', 'amount'], [[json.code, json.table, json.factor, json.baseFee, json.amount]]) +
        (json.minimumApplied ? `(minimum fee applied${json.minimumConfirmed ? '' : `; the minimum of ${json.minimum} EUR rests on secondary sources only and is not confirmed — verify`})\n` : '') +
        (!json.minimumApplied && !json.minimumConfirmed ? `(the KV 1100 minimum of this table, ${json.minimum} EUR, is not confirmed; it did not apply here)\n` : ''),
    };
  },
};
