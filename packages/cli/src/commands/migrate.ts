import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { openStore } from '../store-option.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  {
    name: 'db',
    type: 'string',
    required: true,
    placeholder: 'URL|DIR',
    help: 'the database: a postgres:// URL (a server) or a directory (an embedded PGlite database, created if missing)',
  },
];

const summary = 'bring a database to the newest schema (safe to run again, and from several processes at once)';

/** `mahnwerk migrate`: runs the store's missing migrations on `--db`. */
export const migrateCommand = {
  name: 'migrate',
  summary,
  fieldToFlag: { db: '--db' } as Record<string, string>,
  help: () => helpText('migrate', summary, flags, 'mahnwerk migrate --db ./mahnwerk-data', []),
  async run(argv: readonly string[]): Promise<CommandResult> {
    const f = parseFlags('migrate', argv, flags);
    if (f['help']) return { text: migrateCommand.help() };
    const opened = await openStore(str(f, 'db'), { migrate: false });
    try {
      const result = await opened.store.migrate();
      const json = { database: opened.where, schema: opened.store.schema, from: result.from, to: result.to, applied: result.applied };
      if (f['json']) return { text: toJson(json) };
      return {
        text:
          renderTable(['database', 'schema', 'from', 'to'], [[json.database, json.schema, String(json.from), String(json.to)]]) +
          (json.applied.length === 0 ? 'already up to date; nothing applied\n' : `applied ${json.applied.join(', ')}\n`),
      };
    } finally {
      await opened.close();
    }
  },
};
