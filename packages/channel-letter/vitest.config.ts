import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'channel-letter',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
