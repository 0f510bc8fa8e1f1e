import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '.build');

/**
 * Bundles src/run-worker.ts — the worker entry `mahnwerk run --workers N` forks — with the
 * workspace packages from their sources into one ES module plain node runs (what dist/run-worker.js
 * is after `pnpm build`); pg and PGlite stay external and resolve from this package's node_modules.
 *
 * @returns the path of the bundle
 */
export async function buildWorkerEntry(): Promise<string> {
  mkdirSync(out, { recursive: true });
  const file = join(out, `run-worker-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, '..', '..', 'src', 'run-worker.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@mahnwerk/source'],
    external: ['pg', 'pg-boss', '@electric-sql/pglite'],
    // CommonJS dependencies bundled into an ES module call require() for node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return file;
}
