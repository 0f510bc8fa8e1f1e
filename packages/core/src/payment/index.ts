export * from './iban.js';
export * from './bic.js';
export * from './creditor-reference.js';
export * from './epc-qr.js';
