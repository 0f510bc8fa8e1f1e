/**
 * The part of `@mahnwerk/testing` that does not need vitest: the in-memory claim store, the
 * virtual clock, the recording channel and payment provider, fixtures and seeded books. Import it
 * as `@mahnwerk/testing/doubles` from demos, scripts and other test runners.
 *
 * @packageDocumentation
 */
export * from './memory-claim-store.js';
export * from './virtual-clock.js';
export * from './recording-channel.js';
export * from './recording-payment-provider.js';
export * from './webhook-simulator.js';
export * from './fixtures.js';
export * from './random.js';
export * from './book.js';
export * from './host-driver.js';
