import { createRequire } from 'node:module';

/**
 * The version of `@mahnwerk/cli`, read from its package.json (one directory above both `src/` and
 * the built `dist/`), so `mahnwerk --version` says what is installed.
 *
 * @internal
 */
export const version: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
