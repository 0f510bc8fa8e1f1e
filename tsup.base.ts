import { defineConfig, type Options } from 'tsup';

/**
 * The build every package shares: JavaScript only (esbuild, one ESM bundle per entry, source maps,
 * Node 20); the .d.ts files come from `tsc --build` over the package's tsconfig.json, run after
 * this by the package's `build` script and once for all by the root build. Dependencies and peer
 * dependencies stay external (tsup's default), so adapters never bundle `@mahnwerk/core`.
 *
 * @param entry - the package's entry points (each listed in its package.json `exports`)
 * @param extra - anything a package needs beyond the shared options
 */
export function packageBuild(entry: Options['entry'], extra: Options = {}) {
  return defineConfig({ entry, format: ['esm'], clean: true, sourcemap: true, target: 'node20', ...extra });
}
