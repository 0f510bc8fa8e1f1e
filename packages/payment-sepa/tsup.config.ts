import { defineConfig } from 'tsup';

// JavaScript only (esbuild); the .d.ts files come from `tsc --build` over tsconfig.json.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['@mahnwerk/core'],
});
