import { defineConfig } from 'tsup';

// JavaScript only (esbuild, one bundle per entry); the .d.ts files come from `tsc --build` over
// tsconfig.json, run after this by the package's `build` script and once for all by the root build.
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts', 'src/node-hasher.ts', 'src/system-clock.ts', 'src/checkpoints.ts', 'src/run-worker.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
});
