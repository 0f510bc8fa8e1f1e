import { createMahnwerk, type Mahnwerk } from '@mahnwerk/core';
import { createEngineRenderer, type CreditorParty } from '@mahnwerk/templates';
import { str, type FlagSpec, type ParsedFlags } from './args.js';
import { loadConfig, type MahnwerkConfig } from './config.js';
import { fileChannels } from './file-channel.js';
import type { CliIo } from './io.js';
import { openStore, type OpenedStore } from './store-option.js';
import { systemClock } from './system-clock.js';

/** The flags of every command that works on a database: `--db` and `--config`. @internal */
export const hostFlags: readonly FlagSpec[] = [
  { name: 'db', type: 'string', placeholder: 'URL|DIR', help: 'the database: a postgres:// URL or a PGlite directory (default: the config\'s database)' },
  { name: 'config', type: 'string', placeholder: 'file', help: 'the config file (default: ./mahnwerk.config.json if it exists)' },
];

/** An open database with mahnwerk over it, as the config says. */
export interface Host {
  /** The settings. */
  readonly config: MahnwerkConfig;
  /** The open store. */
  readonly opened: OpenedStore;
  /** The host API over it: the config's policy, time zone, channels and creditor. */
  readonly mahnwerk: Mahnwerk;
  /** Closes the database. */
  readonly close: () => Promise<void>;
}

/**
 * Opens what a command works on: the config (`--config` or `./mahnwerk.config.json`), the database
 * (`--db`, else the config's `database`, through {@link openStore}), and `createMahnwerk` over it
 * with the config's policy, time zone, file channel and creditor (messages rendered by
 * `@mahnwerk/templates` when a creditor is configured, else as plain text).
 *
 * @param flags - the parsed flags (`db`, `config`)
 * @param io - the CLI's io (config file, file channel)
 * @returns the host; close it when done
 */
export async function openHost(flags: ParsedFlags, io: CliIo): Promise<Host> {
  const { config } = await loadConfig(str(flags, 'config'), io.readFile);
  const opened = await openStore(str(flags, 'db') ?? config.database);
  try {
    const file = config.channels.file;
    const mahnwerk = createMahnwerk({
      store: opened.store,
      policy: config.policy as Parameters<typeof createMahnwerk>[0]['policy'],
      clock: systemClock(config.timeZone),
      channels: file === undefined ? [] : fileChannels(file.dir, file.channels, io),
      ...(config.creditor === undefined ? {} : { render: createEngineRenderer({ creditor: config.creditor as CreditorParty }) }),
    });
    return { config, opened, mahnwerk, close: opened.close };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
