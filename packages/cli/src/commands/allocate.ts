import { z } from 'zod';
import {
  allocatePayment,
  parseIsoDate,
  parseMoney,
  toAmountString,
  type AllocationInput,
  type AllocationOrder,
  type AllocationResult,
  type OpenClaim,
} from '@mahnwerk/core';
import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { UsageError } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [];

const claimSchema = z.looseObject({
  id: z.string().min(1),
  dueDate: z.string(),
  costs: z.string().optional(),
  interest: z.string().optional(),
  principal: z.string(),
  security: z.number().int().optional(),
  burden: z.string().optional(),
  arose: z.string().optional(),
  order: z.enum(['bgb367', 'bgb497']).optional(),
});

const inputSchema = z.looseObject({
  payment: z.string(),
  date: z.string(),
  currency: z.string().optional(),
  claims: z.array(claimSchema).min(1),
  designation: z.array(z.string()).nullable().optional(),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Reads and validates the allocation request from JSON text; errors name the path in the input. */
export function parseAllocationRequest(text: string, source = 'stdin'): AllocationInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? pathOf(issue.path) || '(top level)' : '(top level)';
    throw new UsageError(`${source}: ${where}: ${issue?.message ?? 'invalid input'}.`);
  }
  const data = parsed.data;
  const currency = data.currency ?? 'EUR';
  const amount = (value: string, field: string) => parseMoney(value, { field: `${source}: ${field}`, currency, nonNegative: true });
  const claims: OpenClaim[] = data.claims.map((c, i) => ({
    id: c.id,
    dueDate: parseIsoDate(c.dueDate, `${source}: claims[${i}].dueDate`),
    costs: amount(c.costs ?? '0', `claims[${i}].costs`),
    interest: amount(c.interest ?? '0', `claims[${i}].interest`),
    principal: amount(c.principal, `claims[${i}].principal`),
    ...(c.security !== undefined ? { security: c.security } : {}),
    ...(c.burden !== undefined ? { burden: c.burden } : {}),
    ...(c.arose !== undefined ? { arose: parseIsoDate(c.arose, `${source}: claims[${i}].arose`) } : {}),
    ...(c.order !== undefined ? { order: c.order as AllocationOrder } : {}),
  }));
  return {
    payment: amount(data.payment, 'payment'),
    date: parseIsoDate(data.date, `${source}: date`),
    claims,
    designation: data.designation ?? null,
  };
}

/** JSON shape of an allocation result: the amounts applied to each part of each claim. */
export function allocationToJson(result: AllocationResult): Record<string, unknown> {
  return {
    allocations: result.allocations.map((a) => ({
      claimId: a.claimId,
      costs: toAmountString(a.costs),
      interest: toAmountString(a.interest),
      principal: toAmountString(a.principal),
      basis: a.basis,
    })),
    unapplied: toAmountString(result.unapplied),
    order: result.order,
    basis: result.basis,
  };
}

/** The `Input formats` section of `mahnwerk allocate --help`: the stdin request with an example file. */
const allocateInputFormat = [
  'stdin: one JSON object, amounts as decimal strings, dates YYYY-MM-DD — e.g. payment.json:',
  '  {',
  '    "payment": "500.00",',
  '    "date": "2025-03-01",',
  '    "currency": "EUR",',
  '    "claims": [',
  '      { "id": "A", "dueDate": "2025-01-10", "costs": "55.00", "interest": "30.25", "principal": "1000.00" },',
  '      { "id": "B", "dueDate": "2025-02-10", "principal": "200.00" }',
  '    ],',
  '    "designation": null',
  '  }',
  'payment, date, claims[].id, claims[].dueDate, claims[].principal are required; costs and interest',
  'default to "0", currency to EUR. designation: null applies the law\'s order (§ 366 Abs. 2 BGB), or',
  'the claim ids the debtor named, in order (§ 366 Abs. 1 BGB). Optional per claim: security',
  '(integer, the lower the less secured, served first), burden (decimal, e.g. the interest rate),',
  'arose (YYYY-MM-DD), order (bgb367, or bgb497 for consumer credit: costs, principal, interest).',
];

/** `mahnwerk allocate`: applies a payment to open claims (§§ 366, 367 BGB). */
export const allocateCommand = {
  name: 'allocate',
  summary: 'apply a payment to open claims per §§ 366, 367 BGB (request as JSON on stdin)',
  fieldToFlag: {} as Record<string, string>,
  help: () =>
    helpText(
      'allocate',
      'apply a payment to open claims per §§ 366, 367 BGB (the request as JSON on stdin)',
      flags,
      'mahnwerk allocate --json < payment.json',
      allocateInputFormat,
    ),
  async run(argv: readonly string[], readStdin: () => Promise<string>): Promise<CommandResult> {
    const f = parseFlags('allocate', argv, flags);
    if (f['help']) return { text: allocateCommand.help() };
    const request = parseAllocationRequest(await readStdin());
    const result = allocatePayment(request);
    if (f['json']) return { text: toJson(allocationToJson(result)) };
    const rows = result.allocations.map((a) => [a.claimId, toAmountString(a.costs), toAmountString(a.interest), toAmountString(a.principal), a.basis]);
    return { text: `${renderTable(['claim', 'costs', 'interest', 'principal', 'basis'], rows)}\nUnapplied: ${toAmountString(result.unapplied)} ${result.unapplied.currency}\n` };
  },
};
