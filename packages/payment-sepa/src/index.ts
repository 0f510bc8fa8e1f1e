/**
 * `@mahnwerk/payment-sepa` — SEPA for mahnwerk: camt.053 / camt.054 bank statement import that
 * matches credits to claims (creditor reference, invoice number, amount and name) and records
 * them through the host's payment command, idempotent by the bank's references. IBAN, BIC,
 * creditor references (ISO 11649) and the EPC QR payload are in `@mahnwerk/core`. The SEPA
 * payment provider takes camt.054 notifications as its webhooks and links to a transfer page.
 *
 * @packageDocumentation
 */
export { parseCamt, type BankCredit, type BankStatementCredits } from './camt.js';
export { claimCreditorReferences, matchCredit, type CreditMatch, type MatchCandidate, type MatchRule } from './matching.js';
export {
  bankPaymentId,
  importBankStatement,
  type BankImportHost,
  type BankImportOptions,
  type BankImportResult,
  type ImportedCredit,
  type UnmatchedCredit,
} from './import.js';
export {
  createSepaPaymentProvider,
  sepaWebhookHeaders,
  signSepaNotification,
  type SepaNotifiedTransaction,
  type SepaPaymentProviderOptions,
  type SepaTransfer,
} from './sepa-provider.js';
export { pain008, pain008Namespace, type DirectDebit, type Pain008Options, type SepaAddress, type SepaMandate } from './pain008.js';
