import { defineProject } from 'vitest/config';

const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: { name: 'example-calculator', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
