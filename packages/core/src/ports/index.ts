export * from './clock.js';
export * from './claim-store.js';
export * from './channel.js';
export * from './payment-provider.js';
export * from './append-checks.js';
export * from './sanitize.js';
export * from './claim-query.js';
