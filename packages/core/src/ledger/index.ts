export * from './events.js';
export * from './state.js';
export * from './project.js';
export * from './statement.js';
export { dayInWords, statementLineItem, statementLineText, type StatementLineItem, type StatementLineText, type StatementLocale, type StatementPart } from './statement-words.js';
export * from './payment.js';
export * from './ids.js';
export * from './reversal.js';
export * from './legal-terms.js';
