import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'payment-stripe',
    // As in the other packages: a timeout guards against a hang, it is no assertion about speed (shared 2-core machine).
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // CI runs two test files at a time (root vitest.config.ts): a beforeAll that starts a server or
    // renders under that load needs more than vitest's default 10 s; a guard against a hang only.
    hookTimeout: 120_000,
  },
});
