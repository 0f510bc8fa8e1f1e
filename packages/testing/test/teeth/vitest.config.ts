import { defineProject } from 'vitest/config';

// Only for suite-teeth.test.ts: runs the *.suite.ts files, which are meant to fail.
const conditions = ['@mahnwerk/source', 'module', 'node', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: 'testing-teeth', root: new URL('.', import.meta.url).pathname, include: ['*.suite.ts'], testTimeout: 60_000 },
});
