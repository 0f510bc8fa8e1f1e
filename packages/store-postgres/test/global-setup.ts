import { pgliteTemplate } from '../src/pglite.js';

/**
 * Makes (once per machine, then cached in the OS temp directory) the initialised PGlite template
 * every test database is loaded from, so no test file pays for initdb inside WebAssembly.
 */
export default async function setup(): Promise<void> {
  await pgliteTemplate();
}
