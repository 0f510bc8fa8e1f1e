import { computeLimitation, parseIsoDate, type LimitationInput, type LimitationResult } from '@mahnwerk/core';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { UsageError } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'arose', type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'when the claim arose (and the creditor knew of it)' },
  { name: 'knew', type: 'string', placeholder: 'YYYY-MM-DD', help: 'when the creditor learned of the claim and the debtor, if later (§ 199 Abs. 1 Nr. 2 BGB)' },
  { name: 'titled', type: 'string', placeholder: 'YYYY-MM-DD', help: 'date the title became final (judgment, Vollstreckungsbescheid): 30 years (§ 197 BGB)' },
  { name: 'tolled-from', type: 'string', placeholder: 'YYYY-MM-DD', help: 'court dunning order applied for / served (§ 204 Abs. 1 Nr. 3 BGB)' },
  { name: 'tolled-to', type: 'string', placeholder: 'YYYY-MM-DD', help: 'end of those proceedings; suspension lasts 6 more months (§ 204 Abs. 2 BGB)' },
  { name: 'acknowledged', type: 'string', placeholder: 'YYYY-MM-DD[,…]', help: 'acknowledgements or part payments (§ 212 BGB), comma-separated' },
];

const fieldToFlag = { arose: '--arose', creditorKnewOn: '--knew', titledOn: '--titled', tolling: '--tolled-from', acknowledgedOn: '--acknowledged' };

/** JSON shape of a limitation result. */
export function limitationToJson(result: LimitationResult): Record<string, unknown> {
  return { expiresAt: result.expiresAt, basis: result.basis, steps: result.steps };
}

/** `mahnwerk limitation`: when a claim becomes time-barred (§§ 195 ff. BGB). */
export const limitationCommand = {
  name: 'limitation',
  summary: 'the last day before a claim is time-barred (§§ 195, 197, 199, 204, 212 BGB)',
  fieldToFlag,
  help: () =>
    helpText('limitation', 'the last day before a claim is time-barred (§§ 195, 197, 199, 204, 212 BGB)', flags, 'mahnwerk limitation --arose 2022-03-15', [
      'dates     calendar dates YYYY-MM-DD (e.g. 2022-03-15); --acknowledged takes several, comma-separated',
    ]),
  async run(argv: readonly string[]): Promise<CommandResult> {
    const f = parseFlags('limitation', argv, flags);
    if (f['help']) return { text: limitationCommand.help() };
    const tolledFrom = str(f, 'tolled-from');
    const tolledTo = str(f, 'tolled-to');
    if ((tolledFrom === undefined) !== (tolledTo === undefined)) {
      throw new UsageError(`${tolledFrom === undefined ? '--tolled-from' : '--tolled-to'}: missing; give --tolled-from and --tolled-to together.`);
    }
    const acknowledged = str(f, 'acknowledged');
    const input: LimitationInput = {
      arose: parseIsoDate(str(f, 'arose'), '--arose'),
      ...(str(f, 'knew') ? { creditorKnewOn: parseIsoDate(str(f, 'knew'), '--knew') } : {}),
      ...(str(f, 'titled') ? { titledOn: parseIsoDate(str(f, 'titled'), '--titled') } : {}),
      ...(tolledFrom !== undefined && tolledTo !== undefined
        ? { tolling: [{ from: parseIsoDate(tolledFrom, '--tolled-from'), to: parseIsoDate(tolledTo, '--tolled-to'), kind: 'court-dunning' as const }] }
        : {}),
      ...(acknowledged ? { acknowledgedOn: acknowledged.split(',').map((d) => parseIsoDate(d.trim(), '--acknowledged')) } : {}),
    };
    if (input.tolling?.[0] && input.tolling[0].from > input.tolling[0].to) {
      throw new UsageError(`--tolled-to: ${input.tolling[0].to} is before --tolled-from ${input.tolling[0].from}.`);
    }
    const result = computeLimitation(input);
    if (f['json']) return { text: toJson(limitationToJson(result)) };
    const rows = result.steps.map((s) => [s.date, s.event, s.basis]);
    return { text: `${renderTable(['date', 'step', 'basis'], rows)}\nTime-barred after: ${result.expiresAt}\n` };
  },
};
