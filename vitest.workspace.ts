import { defineWorkspace } from 'vitest/config';

/**
 * Every package and example is its own vitest project. The `@mahnwerk/source` condition makes
 * workspace imports resolve to `src/index.ts`, so tests run against the sources without a build.
 */
export default defineWorkspace(['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts']);
