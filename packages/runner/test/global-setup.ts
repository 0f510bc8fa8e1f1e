import { pgliteTemplate } from '@mahnwerk/store-postgres';

/** Makes (once per machine, then cached) the initialised PGlite template the PGlite tests load. */
export default async function setup(): Promise<void> {
  await pgliteTemplate();
}
