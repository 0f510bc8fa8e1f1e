import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@mahnwerk/source'] },
  test: {
    name: 'core',
    // Property tests run hundreds of cases; on a shared 2-core machine under load 5 s is not enough. A
    // timeout is no assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
