/**
 * The port specifications without a test framework: the checks of each port and
 * `runConformance` to run them and get a report. Import it as `@mahnwerk/testing/conformance`
 * to check an adapter from another test runner or a script; in vitest use the `test…` suites of
 * the main entry.
 *
 * @packageDocumentation
 */
export * from './check.js';
export * from './claim-store-checks.js';
export * from './channel-checks.js';
export * from './payment-provider-checks.js';
