import { defineProject } from 'vitest/config';

// Vite 6+ applies `resolve.conditions` to the client environment only; tests run in the SSR
// environment, so the `@mahnwerk/source` condition is set there too (with Vite's server defaults).
const conditions = ['@mahnwerk/source', 'module', 'node', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: 'testing',
    // Property tests run hundreds of cases; on a shared 2-core machine under load 5 s is not enough. A
    // timeout is no assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // CI runs two test files at a time (root vitest.config.ts): a beforeAll that starts a server or
    // renders under that load needs more than vitest's default 10 s; a guard against a hang only.
    hookTimeout: 120_000,
  },
});
