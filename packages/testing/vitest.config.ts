import { defineProject } from 'vitest/config';

// Vite 6+ applies `resolve.conditions` to the client environment only; tests run in the SSR
// environment, so the `@mahnwerk/source` condition is set there too (with Vite's server defaults).
const conditions = ['@mahnwerk/source', 'module', 'node', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: 'testing',
    include: ['test/**/*.test.ts'],
  },
});
