import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts', 'src/node-hasher.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/node-hasher.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
