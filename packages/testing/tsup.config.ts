import { defineConfig } from 'tsup';

export default defineConfig({
  // `doubles` (store, clock, recording adapters, fixtures, books) and `conformance` (port checks,
  // runConformance) work without vitest; the main entry adds the vitest suites and matchers.
  entry: { index: 'src/index.ts', doubles: 'src/doubles.ts', conformance: 'src/conformance/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['vitest', '@mahnwerk/core'],
});
