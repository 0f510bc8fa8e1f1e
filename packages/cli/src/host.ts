import { createMahnwerk, type ClaimStore, type Mahnwerk, type MahnwerkOptions } from '@mahnwerk/core';
import { openAnchor, processStream } from './anchor-option.js';
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
  /** The same host API over another store (e.g. one that wraps this one to count writes). */
  readonly rebuild: (store: ClaimStore) => Mahnwerk;
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
    const engine = hostEngineOptions(config, io, 'cli');
    const rebuild = (store: ClaimStore): Mahnwerk => createMahnwerk({ ...engine, store });
    return { config, opened, mahnwerk: rebuild(opened.store), rebuild, close: opened.close };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/**
 * What `createMahnwerk` gets from the config besides the store — the one place the CLI turns its
 * settings into engine options, used by every command in this process and by each
 * `mahnwerk run --workers N` worker: the policy, the system clock in the config's time zone, the
 * file channel, the creditor's renderer, and the audit anchor (its own checkpoint stream per
 * process, named after `role`).
 *
 * @param config - the settings
 * @param io - the file writers for the file channel
 * @param role - what this process is, in its checkpoint stream's name (e.g. `cli`, `worker-2`)
 * @returns the options
 * @internal
 */
export function hostEngineOptions(config: MahnwerkConfig, io: Pick<CliIo, 'writeFile' | 'writeBinaryFile'>, role: string): Omit<MahnwerkOptions, 'store'> {
  const file = config.channels.file;
  const channels = file === undefined ? [] : fileChannels(file.dir, file.channels, io);
  return {
    policy: config.policy as MahnwerkOptions['policy'],
    clock: systemClock(config.timeZone),
    channels,
    ...(config.creditor === undefined ? {} : { render: createEngineRenderer({ creditor: config.creditor as CreditorParty }) }),
    ...(config.anchor === undefined ? {} : { anchor: openAnchor(config.anchor, processStream(role, new Date())) }),
  };
}
