export * from './events.js';
export * from './state.js';
export * from './project.js';
export * from './statement.js';
export * from './payment.js';
export * from './ids.js';
export * from './reversal.js';
export * from './legal-terms.js';
