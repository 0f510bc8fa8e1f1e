import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'cli',
    // Property tests run hundreds of cases; on a shared 2-core machine under load 5 s is not enough. A
    // timeout is no assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // One initialised PGlite template for the commands that open a database (initdb in WASM takes 15–30 s).
    globalSetup: ['test/global-setup.ts'],
    hookTimeout: 120_000,
  },
});
