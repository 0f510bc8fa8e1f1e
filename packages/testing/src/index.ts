/**
 * `@mahnwerk/testing` — the test kit of mahnwerk: an in-memory `ClaimStore`, a virtual clock,
 * recording channel and payment provider, fixtures and seeded books, and the checks of each port
 * with `runConformance`. This entry needs no test framework: it loads in plain Node, scripts,
 * demos and any test runner.
 *
 * The vitest parts — one conformance suite per port (`testClaimStore`, `testChannel`,
 * `testPaymentProvider`) that every adapter runs, and the timeline matchers — are in
 * `@mahnwerk/testing/vitest`. `@mahnwerk/testing/doubles` (the doubles alone) and
 * `@mahnwerk/testing/conformance` (the checks alone) stay as narrower entries.
 *
 * @packageDocumentation
 */
export * from './doubles.js';
export * from './conformance/index.js';
