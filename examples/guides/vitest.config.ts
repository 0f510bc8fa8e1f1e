import { defineProject } from 'vitest/config';
// @ts-expect-error -- a plain ESM script without declarations
import { extractGuides } from './extract.mjs';

// The guides' code blocks are written to generated/ before vitest looks for test files.
extractGuides();

const conditions = ['@mahnwerk/source', 'node', 'import', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@mahnwerk/source'] } },
  test: { name: 'example-guides', include: ['test/**/*.test.ts', 'generated/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
