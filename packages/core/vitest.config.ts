import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@mahnwerk/source'] },
  test: {
    name: 'core',
    // Property tests over random books run for seconds; on a shared 2-core machine they need headroom.
    testTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
