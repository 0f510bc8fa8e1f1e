/**
 * `@mahnwerk/core` — the pure heart of mahnwerk: money, calendar, German dunning law, policies,
 * the claim ledger, the dunning engine (`decide`, `createMahnwerk`), `simulate`, the audit trail
 * and the ports adapters implement. No I/O, no clock, no randomness: time and seeds come in as
 * arguments or through ports. Guides: `docs/guides` (getting started, concepts, policies,
 * simulation, production, adapters).
 *
 * @packageDocumentation
 */
export * from './errors/errors.js';
export { Dec, type Decimal, type DecimalInput } from './money/decimal.js';
export { currency, knownCurrencies, type Currency } from './money/currency.js';
export * from './money/money.js';
export * from './calendar/date.js';
export * from './law/de/types.js';
export * from './calendar/holidays.js';
export * from './calendar/business-days.js';
export * from './law/de/default.js';
export * from './law/de/limitation.js';
export * from './data/de/base-rates.js';
export * from './law/de/base-rate.js';
export * from './law/de/transition.js';
export * from './law/de/interest.js';
export * from './data/de/rvg-tables.js';
export * from './data/de/gkg-tables.js';
export * from './law/de/collection-costs.js';
export * from './law/de/installment-agreement.js';
export * from './law/de/flat-fee.js';
export * from './law/de/dunning-fees.js';
export * from './law/de/court-fee.js';
export * from './law/de/allocation.js';
export * from './audit/audit.js';
export * from './audit/anchor.js';
export * from './audit/personal-data.js';
export * from './ports/index.js';
export * from './ledger/index.js';
export * from './policy/index.js';
export * from './engine/index.js';
export * from './simulate/index.js';
export * from './payment/index.js';
export * from './address/index.js';
