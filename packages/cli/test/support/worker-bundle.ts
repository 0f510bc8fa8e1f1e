import { copyFileSync, mkdirSync } from 'node:fs';
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
  return bundle('run-worker');
}

/**
 * Bundles src/bin.ts — the `mahnwerk` command — the same way, for tests that run a command in a
 * second process (what bin/mahnwerk.js runs after `pnpm build`).
 *
 * @returns the path of the bundle
 */
export async function buildCliEntry(): Promise<string> {
  // version.ts reads ../package.json beside its module: the bundle goes one directory down, under a copy.
  mkdirSync(out, { recursive: true });
  copyFileSync(join(here, '..', '..', 'package.json'), join(out, 'package.json'));
  return bundle('bin', join(out, 'cli'));
}

async function bundle(entry: string, dir = out): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${entry}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, '..', '..', 'src', `${entry}.ts`)],
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
