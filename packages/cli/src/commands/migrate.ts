import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, requiredDatabase } from '../host.js';
import type { CliIo } from '../io.js';
import { openCommandStore } from '../store-option.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [...hostFlags];

const summary = 'bring a database to the newest schema (safe to run again, and from several processes at once)';

/** `mahnwerk migrate`: runs the store's missing migrations on `--db` (else the config's `database`). */
export const migrateCommand = {
  name: 'migrate',
  summary,
  fieldToFlag: { db: '--db' } as Record<string, string>,
  help: () => helpText('migrate', summary, flags, 'mahnwerk migrate --db ./mahnwerk-data', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('migrate', argv, flags);
    if (f['help']) return { text: migrateCommand.help() };
    const { db } = await requiredDatabase(f, io, 'migrate');
    const opened = await openCommandStore(io, db, { migrate: false });
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
