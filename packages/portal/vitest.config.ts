import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (the "@mahnwerk/source" export
// condition), so tests run without a build. Vitest runs test files in Vite's SSR environment,
// whose conditions are set under `ssr.resolve`.
const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: {
    name: 'portal',
    // The browser tests start Chromium on a shared 2-core machine; a timeout here only guards against a hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
