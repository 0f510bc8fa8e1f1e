import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@mahnwerk/source'] },
  test: {
    name: 'core',
    // Property tests run hundreds of cases; on a shared 2-core machine under load 5 s is not enough. A
    // timeout is no assertion about speed (benchmarks measure that), only a guard against a hang.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // CI runs two test files at a time (root vitest.config.ts): a beforeAll that starts a server or
    // renders under that load needs more than vitest's default 10 s; a guard against a hang only.
    hookTimeout: 120_000,
    // Core is pure (no I/O, no globals, no mocks in its specs): its files share one process and one
    // module graph instead of a fresh process and a fresh import of the sources per file — the import
    // was most of a core file's time in CI (docs/benchmarks.md, "CI time"). Each spec still passes alone
    // (vitest run --project core <file>), and CI runs them together.
    poolOptions: { forks: { singleFork: true, isolate: false } },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
