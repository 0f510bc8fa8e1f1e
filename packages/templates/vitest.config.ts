import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'templates',
    // Property tests run hundreds of cases; on a shared 2-core machine under load 5 s is not enough. A
    // timeout is no assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // CI runs two test files at a time (root vitest.config.ts): a beforeAll that starts a server or
    // renders under that load needs more than vitest's default 10 s; a guard against a hang only.
    hookTimeout: 120_000,
    // The templates render (no I/O, no globals, no mocks in the specs; each renderer its own Handlebars):
    // the files share one process and one module graph instead of a fresh import of core per file
    // (docs/benchmarks.md, "CI time"). Each spec still passes alone, and CI runs them together.
    poolOptions: { forks: { singleFork: true, isolate: false } },
  },
});
