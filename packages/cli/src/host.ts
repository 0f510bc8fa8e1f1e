import { createMahnwerk, type ClaimStore, type Mahnwerk, type MahnwerkOptions, type Renderer } from '@mahnwerk/core';
import { openAnchor, processStream } from './anchor-option.js';
import { createEngineRenderer, type CreditorParty, type InkassoInfo } from '@mahnwerk/templates';
import { writtenByAgency } from './agency-stage.js';
import { checkSendingConfig } from './disclosure-check.js';
import { str, type FlagSpec, type ParsedFlags } from './args.js';
import { configStatementOptions, defaultConfigFile, loadConfig, type MahnwerkConfig } from './config.js';
import { fileChannels } from './file-channel.js';
import { nodeSha256Hasher } from './node-hasher.js';
import { UsageError, type CliIo } from './io.js';
import { openCommandStore, type OpenedStore } from './store-option.js';
import { systemClock } from './system-clock.js';

/** The `--config` flag: the settings file a command reads ({@link configuredDatabase}, `loadConfig`). @internal */
export const configFlag: FlagSpec = { name: 'config', type: 'string', placeholder: 'file', help: 'the config file (default: ./mahnwerk.config.json if it exists)' };

/** The flags of every command that works on a database: `--db` and `--config`. @internal */
export const hostFlags: readonly FlagSpec[] = [
  { name: 'db', type: 'string', placeholder: 'URL|DIR', help: 'the database: a postgres:// URL or a PGlite directory (default: the config\'s database)' },
  configFlag,
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
 * @param purpose - whether the command decides and sends (see {@link configuredDatabase})
 * @returns the host; close it when done
 */
export async function openHost(flags: ParsedFlags, io: CliIo, purpose: ConfigPurpose = {}): Promise<Host> {
  const { config, db } = await configuredDatabase(flags, io, purpose);
  return openConfiguredHost(config, db, io, 'cli');
}

/** What a command does with its settings. @internal */
export interface ConfigPurpose {
  /**
   * The command decides and sends (`run`): the config must let every message the policy sends be
   * written, checked before anything is opened ({@link checkSendingConfig}).
   */
  readonly sends?: boolean;
}

/**
 * The settings and the database of a command that takes {@link hostFlags}: the config
 * (`--config FILE`, else `./mahnwerk.config.json` if there is one, else the defaults) and the
 * database `--db` names, else the config's `database` — the one place a command reads the two
 * (`run`, `import`, `status`, `migrate`, `verify`, `bank import`, `sepa debits`).
 *
 * @param flags - the parsed flags (`db`, `config`)
 * @param io - the CLI's io (reads the config file)
 * @param purpose - whether the command decides and sends
 * @returns the settings, the database (undefined: neither `--db` nor a configured database), and
 *   the config file they came from (undefined: none was found, the defaults)
 * @throws UsageError naming `--config` or the config file and field; for a command that sends, a
 *   config whose policy hands consumers over without the § 13a RDG information
 * @internal
 */
export async function configuredDatabase(
  flags: ParsedFlags,
  io: Pick<CliIo, 'readFile'>,
  purpose: ConfigPurpose = {},
): Promise<{ config: MahnwerkConfig; db: string | undefined; file: string | undefined }> {
  const { config, file } = await loadConfig(str(flags, 'config'), io.readFile);
  if (purpose.sends === true) checkSendingConfig(config, file);
  return { config, db: str(flags, 'db') ?? config.database, file };
}

/**
 * {@link configuredDatabase} for a command that needs a database that outlives it (`migrate`,
 * `verify`, `bank import`, `sepa debits`): an in-memory database would be gone at exit, so neither
 * `--db` nor a configured `database` is a usage error.
 *
 * @param flags - the parsed flags (`db`, `config`)
 * @param io - the CLI's io (reads the config file)
 * @param command - the command, for the message (e.g. `migrate`)
 * @returns the settings, the database and the config file (undefined: none was found)
 * @throws UsageError naming `--db` when no database is given
 * @internal
 */
export async function requiredDatabase(flags: ParsedFlags, io: Pick<CliIo, 'readFile'>, command: string): Promise<{ config: MahnwerkConfig; db: string; file: string | undefined }> {
  const { config, db, file } = await configuredDatabase(flags, io);
  if (db === undefined) {
    throw new UsageError(
      `--db: missing; give --db URL|DIR or set "database" in ${str(flags, 'config') ?? defaultConfigFile} (an in-memory database would be gone when the command ends; see mahnwerk ${command} --help).`,
    );
  }
  return { config, db, file };
}

/**
 * {@link openHost} with the settings already in hand: opens the database `db` names (through
 * {@link openStore}; absent: in memory) and builds `createMahnwerk` over it from
 * {@link hostEngineOptions} — the one way a command of this process gets its host. `mahnwerk demo`
 * comes in here with its own settings and a virtual clock, collecting channels and its renderer.
 *
 * @param config - the settings
 * @param db - the `--db` value (a postgres:// URL or a PGlite directory), or undefined for an in-memory database
 * @param io - the CLI's io (file channel)
 * @param role - what this process is (see {@link hostEngineOptions})
 * @param parts - engine options that replace those the config gives (see {@link hostEngineOptions})
 * @returns the host; close it when done
 * @internal
 */
export async function openConfiguredHost(config: MahnwerkConfig, db: string | undefined, io: CliIo, role: string, parts: HostParts = {}): Promise<Host> {
  const opened = await openCommandStore(io, db);
  try {
    const engine = hostEngineOptions(config, io, role, parts);
    const rebuild = (store: ClaimStore): Mahnwerk => createMahnwerk({ ...engine, store });
    return { config, opened, mahnwerk: rebuild(opened.store), rebuild, close: opened.close };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/**
 * Engine options a command sets itself instead of taking them from the config: `mahnwerk demo`
 * runs on a virtual clock, with channels that write its letters and e-mails, its own renderer
 * (shop or agency as sender) and statements that may run beyond the known base rates.
 *
 * @internal
 */
export type HostParts = Partial<Pick<MahnwerkOptions, 'clock' | 'channels' | 'render' | 'statement'>>;

/**
 * What `createMahnwerk` gets from the config besides the store — the one place the CLI turns its
 * settings into engine options, used by every command in this process and by each
 * `mahnwerk run --workers N` worker: the policy, the system clock in the config's time zone, the
 * file channel, the creditor's renderer, the statement options (`configStatementOptions`: the
 * built-in base-rate table with the config's `baseRates`), the node:crypto hasher of the audit
 * chain, and the audit anchor (its own checkpoint stream per process, named after `role`).
 *
 * @param config - the settings
 * @param io - the file writers for the file channel
 * @param role - what this process is, in its checkpoint stream's name (e.g. `cli`, `worker-2`)
 * @param parts - options the calling command sets itself; each replaces what the config would give
 *   (`statement`: its options go over the config's, so a command's own `baseRates` would win)
 * @returns the options
 * @internal
 */
export function hostEngineOptions(config: MahnwerkConfig, io: Pick<CliIo, 'writeFile' | 'writeBinaryFile'>, role: string, parts: HostParts = {}): Omit<MahnwerkOptions, 'store'> {
  const file = config.channels.file;
  const render = configuredRenderer(config, parts);
  return {
    policy: config.policy as MahnwerkOptions['policy'],
    clock: parts.clock ?? systemClock(config.timeZone),
    // The CLI runs on Node: its audit chain is hashed with node:crypto (the same hashes as the default, faster).
    hasher: nodeSha256Hasher,
    channels: parts.channels ?? (file === undefined ? [] : fileChannels(file.dir, file.channels, io)),
    ...(render === undefined ? {} : { render }),
    // The config's base rates (the built-in table with its baseRates rows), under what the command sets itself.
    statement: configStatementOptions(config, parts.statement),
    ...(config.anchor === undefined ? {} : { anchor: openAnchor(config.anchor, processStream(role, new Date())) }),
  };
}

/**
 * The renderer a command's host uses: the one the command sets itself (`parts.render`, the demo's),
 * else {@link configRenderer} when the config names a `creditor`, else none (core's plain text) —
 * the one place the CLI picks it, for the engine of `run` and every other command
 * ({@link hostEngineOptions}) and for the check `mahnwerk simulate` passes to `simulate`, so a
 * simulation blocks the steps whose message the host's renderer refuses.
 *
 * @param config - the settings
 * @param parts - what the command sets itself
 * @returns the renderer, or undefined
 * @internal
 */
export function configuredRenderer(config: MahnwerkConfig, parts: HostParts = {}): Renderer | undefined {
  if (parts.render !== undefined) return parts.render;
  return config.creditor === undefined ? undefined : configRenderer(config);
}

/**
 * The renderer of the config's messages: `@mahnwerk/templates` with the configured sender — the
 * `creditor`, or with an `agency` the agency from the policy's hand-over stage on
 * (`writtenByAgency`, the demo's rule) — the config's § 13a RDG block (`inkasso`) on every message
 * (the agency's first letter prints it, the court announcement names the client), and each claim's
 * `description` as what the invoice was for (the templates' default; with its `contractDate`, the
 * reason of the claim, § 13a Abs. 1 Nr. 2 RDG).
 *
 * @param config - the settings, with a `creditor`
 * @returns the renderer
 * @internal
 */
export function configRenderer(config: MahnwerkConfig): Renderer {
  const creditor = config.creditor as CreditorParty;
  const agency = config.agency as CreditorParty | undefined;
  const inkasso = config.inkasso as InkassoInfo | undefined;
  return createEngineRenderer({
    creditor: agency === undefined ? creditor : (input) => (writtenByAgency(config.policy, input) ? agency : creditor),
    ...(inkasso === undefined ? {} : { extra: () => ({ inkasso }) }),
  });
}
