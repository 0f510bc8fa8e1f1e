/**
 * `@mahnwerk/testing/vitest` — the parts of the test kit that run inside vitest: one conformance
 * suite per port (`testClaimStore`, `testChannel`, `testPaymentProvider`; an adapter's conformance
 * test is one call) and the timeline matchers (`installMatchers`, `toHaveEnteredStage`, …).
 * Importing this entry also brings the matchers' TypeScript declarations for `expect`.
 *
 * @packageDocumentation
 */
export * from './conformance/suites.js';
export * from './matchers.js';
export { describePostgres } from './services.js';
