export * from './simulate.js';
export * from './input.js';
export * from './prng.js';
