import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'store-postgres',
    include: ['test/**/*.test.ts'],
    // One initialised PGlite template for all test files (initdb in WASM takes 15–30 s).
    globalSetup: ['test/global-setup.ts'],
    hookTimeout: 120_000,
    // PGlite work on a shared 2-core machine under load takes longer than 5 s; a timeout is no
    // assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
  },
});
