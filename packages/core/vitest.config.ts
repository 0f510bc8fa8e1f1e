import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@mahnwerk/source'] },
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
