/**
 * `@mahnwerk/testing` — the test kit of mahnwerk: an in-memory `ClaimStore`, a virtual clock,
 * recording channel and payment provider, fixtures and seeded books, vitest matchers, and one
 * conformance suite per port (`testClaimStore`, `testChannel`, `testPaymentProvider`) that every
 * adapter must pass. The suites and matchers import `vitest` (so this entry loads only under
 * vitest); the rest is also available without it: the test doubles, fixtures and books from
 * `@mahnwerk/testing/doubles`, the port checks and `runConformance` from
 * `@mahnwerk/testing/conformance`.
 *
 * @packageDocumentation
 */
export * from './doubles.js';
export * from './conformance/index.js';
export * from './conformance/suites.js';
export * from './matchers.js';
