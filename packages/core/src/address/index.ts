export * from './postal-address.js';
export * from './party-lines.js';
