/**
 * `@mahnwerk/cli` — the `mahnwerk` command line, also usable in-process through {@link runCli}.
 *
 * @packageDocumentation
 */
export { runCli, exitCodes } from './cli.js';
export { UsageError, type CliIo, type FileWriter } from './io.js';
export { openStore, type OpenedStore, type OpenStoreOptions } from './store-option.js';
export { interestToJson } from './commands/interest.js';
export { costsToJson } from './commands/costs.js';
export { allocationToJson, parseAllocationRequest } from './commands/allocate.js';
export { limitationToJson } from './commands/limitation.js';
export { nodeSha256Hasher } from './node-hasher.js';
