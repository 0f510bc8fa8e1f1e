import type { ClaimTotal, OutboxTotal } from '@mahnwerk/core';
import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openHost } from '../host.js';
import type { CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [...hostFlags];

const summary = 'claims, amounts and messages per status and stage in the database (deterministic: sorted, no timestamps)';

/** The status report as text: claims per status and stage, then messages per template, channel and status. @internal */
export function statusText(where: string, claims: readonly ClaimTotal[], messages: readonly OutboxTotal[]): string {
  const claimRows = claims.map((t) => [t.status, t.stage ?? '–', t.currency, String(t.count), t.amount]);
  const messageRows = messages.map((m) => [m.template, m.channel, m.status, String(m.count)]);
  return [
    `database: ${where}`,
    '',
    claims.length === 0 ? 'no claims\n' : renderTable(['status', 'stage', 'currency', 'claims', 'principal'], claimRows),
    messages.length === 0 ? 'no messages\n' : renderTable(['template', 'channel', 'status', 'messages'], messageRows),
  ].join('\n');
}

/** `mahnwerk status`: the totals queries of the store, as a table or JSON. */
export const statusCommand = {
  name: 'status',
  summary,
  fieldToFlag: {} as Record<string, string>,
  help: () => helpText('status', summary, flags, 'mahnwerk status --db ./mahnwerk-data', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('status', argv, flags);
    if (f['help']) return { text: statusCommand.help() };
    const host = await openHost(f, io);
    try {
      const claims = await host.mahnwerk.claimTotals();
      const messages = await host.mahnwerk.outboxTotals();
      if (f['json']) return { text: toJson({ database: host.opened.where, claims, messages }) };
      return { text: statusText(host.opened.where, claims, messages) };
    } finally {
      await host.close();
    }
  },
};
