// The claim the compact codec's tests (lean-result.test.ts, reason-texts.test.ts) encode and read back.
import type { ClaimFacts } from '../../src/index.js';

/** A consumer's claim over 1,042.80 EUR, invoiced 2025-01-08 and due 2025-01-22. */
export const codecFacts: ClaimFacts = {
  id: 'RE-2025-00042',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'e@example.org' },
  principal: '1042.80',
  currency: 'EUR',
  invoiceDate: '2025-01-08',
  dueDate: '2025-01-22',
};
