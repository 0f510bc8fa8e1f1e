import { defineConfig } from 'tsup';

// JavaScript only (esbuild, one bundle per entry); the .d.ts files come from `tsc --build` over
// tsconfig.json, run after this by the package's `build` script and once for all by the root build.
export default defineConfig({
  // `doubles` (store, clock, recording adapters, fixtures, books) and `conformance` (port checks,
  // runConformance) work without vitest; the main entry adds the vitest suites and matchers.
  entry: { index: 'src/index.ts', doubles: 'src/doubles.ts', conformance: 'src/conformance/index.ts', vitest: 'src/vitest.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['vitest', '@mahnwerk/core'],
});
