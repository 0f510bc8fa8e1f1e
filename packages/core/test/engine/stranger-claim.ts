import type { ClaimFacts } from '../../src/index.js';

/**
 * The stranger's claim of the promise-to-pay specs (/tmp/s14/stranger-repro/promise.mts): a consumer's
 * 249.90 EUR, due on the agreed 2025-03-17, no federal state (nationwide holidays). Without a promise the
 * built-in consumer policy hands it over on 2025-05-15 (promise-hold.test.ts). Read by promise-hold and
 * promise-section-193.
 */
export const strangerFacts: ClaimFacts = {
  id: 'A',
  contractDate: '2025-03-01',
  description: 'Bestellung 4711',
  debtor: {
    id: 'K',
    kind: 'consumer',
    name: 'Anna Muster',
    email: 'a@example.org',
    postalAddress: { street: 'Kastanienweg', houseNumber: '7', postalCode: '01067', city: 'Dresden', country: 'DE' },
  },
  principal: '249.90',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-03-17',
  dueDateAgreed: true,
};
