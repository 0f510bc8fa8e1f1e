export * from './schema.js';
export * from './lawful.js';
export * from './load.js';
export * from './builder.js';
export * from './builtin/index.js';
