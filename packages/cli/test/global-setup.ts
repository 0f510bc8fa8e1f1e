import { pgliteTemplate } from '@mahnwerk/store-postgres';

/**
 * Makes (once per machine, then cached in the OS temp directory) the initialised PGlite template
 * the commands' embedded databases are loaded from, so no test pays for initdb inside WebAssembly.
 */
export default async function setup(): Promise<void> {
  await pgliteTemplate();
}
