import {
  computeCollectionCosts,
  parseIsoDate,
  parseMoney,
  toAmountString,
  type CollectionCase,
  type CollectionCostsInput,
  type CollectionCostsResult,
} from '@mahnwerk/core';
import { amountAndDayFormats, helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { UsageError } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'claim', type: 'string', required: true, placeholder: 'amount', help: 'the claim (principal only; Gegenstandswert), e.g. 1200.00' },
  { name: 'mandate-date', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'date of the collection mandate; picks the RVG table (§ 60 RVG)' },
  { name: 'case', type: 'string', required: true, values: ['simple', 'uncontested', 'contested'], help: 'simple 0.5, uncontested up to 0.9, contested up to 1.3' },
  { name: 'factor', type: 'string', placeholder: 'decimal', help: 'Nr. 2300 factor (default by case; above the case cap only with --reason)' },
  { name: 'reason', type: 'string', placeholder: 'text', help: 'why the work was (particularly) extensive or difficult' },
  { name: 'vat', type: 'boolean', help: 'add VAT (Nr. 7008 VV RVG): only when the creditor cannot deduct input tax' },
  { name: 'installment', type: 'boolean', help: 'an installment agreement was made (Nr. 1000 VV RVG, 0.7 on 50 % of the claim)' },
  { name: 'flat-fee-credit', type: 'string', placeholder: 'amount', help: '§ 288 Abs. 5 flat fee already claimed, credited against the costs' },
];

const fieldToFlag = {
  claim: '--claim',
  mandateDate: '--mandate-date',
  case: '--case',
  factor: '--factor',
  factorReason: '--reason',
  flatFeeCredit: '--flat-fee-credit',
};

/** JSON shape of a collection-costs result. */
export function costsToJson(result: CollectionCostsResult): Record<string, unknown> {
  return {
    total: toAmountString(result.total),
    currency: result.total.currency,
    table: result.table,
    items: result.items.map((i) => ({
      code: i.code,
      ...(i.factor !== undefined ? { factor: i.factor.toString() } : {}),
      ...(i.value !== undefined ? { value: toAmountString(i.value) } : {}),
      ...(i.baseFee !== undefined ? { baseFee: toAmountString(i.baseFee) } : {}),
      amount: toAmountString(i.amount),
      basis: i.basis,
      ...(i.note !== undefined ? { note: i.note } : {}),
    })),
  };
}

/** `mahnwerk costs`: collection costs capped at the RVG (§ 13e RDG). */
export const costsCommand = {
  name: 'costs',
  summary: 'collection costs within the § 13e RDG cap (RVG fees, Nr. 2300, 1000, 7002, 7008 VV RVG)',
  fieldToFlag,
  help: () =>
    helpText(
      'costs',
      'collection costs within the § 13e RDG cap (RVG fees, Nr. 2300, 1000, 7002, 7008 VV RVG)',
      flags,
      'mahnwerk costs --claim 1200.00 --mandate-date 2025-07-01 --case uncontested',
      amountAndDayFormats,
    ),
  async run(argv: readonly string[]): Promise<CommandResult> {
    const f = parseFlags('costs', argv, flags);
    if (f['help']) return { text: costsCommand.help() };
    const factor = str(f, 'factor');
    if (factor !== undefined && !/^\d+(\.\d+)?$/.test(factor)) {
      throw new UsageError(`--factor: "${factor}" is not a decimal factor; write it like 0.9 or 1.3.`);
    }
    const credit = str(f, 'flat-fee-credit');
    const input: CollectionCostsInput = {
      claim: parseMoney(str(f, 'claim') ?? '', { field: '--claim', nonNegative: true }),
      mandateDate: parseIsoDate(str(f, 'mandate-date'), '--mandate-date'),
      case: str(f, 'case') as CollectionCase,
      ...(factor !== undefined ? { factor } : {}),
      ...(str(f, 'reason') !== undefined ? { factorReason: str(f, 'reason') as string } : {}),
      ...(f['vat'] ? { creditorCanDeductVat: false } : {}),
      ...(f['installment'] ? { installmentAgreement: true } : {}),
      ...(credit !== undefined ? { flatFeeCredit: parseMoney(credit, { field: '--flat-fee-credit', nonNegative: true }) } : {}),
    };
    const result = computeCollectionCosts(input);
    if (f['json']) return { text: toJson(costsToJson(result)) };
    const rows = result.items.map((i) => [
      i.code,
      i.factor?.toString() ?? '',
      i.baseFee ? toAmountString(i.baseFee) : '',
      toAmountString(i.amount),
    ]);
    return {
      text: `${renderTable(['item', 'factor', 'base fee', 'amount'], rows)}\nTotal: ${toAmountString(result.total)} ${result.total.currency} (${result.table})\n`,
    };
  },
};
