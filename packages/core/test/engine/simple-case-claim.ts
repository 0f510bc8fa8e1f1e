// The claim SC-1 of the simple-case specs (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; figures by hand in
// fee-corrections.test.ts and reversal-fee-reinstated.test.ts), set up once for the specs that read it:
// consumer claim 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (calendar date) → default from 06-17;
// de-b2c-default hands it over on Thu 2025-08-14 with collection costs 141.05 (0.9 × 134.50 = 121.05 +
// Nr. 7002 20.00); the simple case (0.5) would be 80.70, a lowering of 60.35.
import { bookIncomingPayment, deB2cDefaultPolicy, money, project, type ClaimEvent } from '../../src/index.js';
import { created, facts, play } from './helpers.js';

/** The facts of SC-1. */
export const simpleCaseFacts = facts({
  id: 'SC-1',
  principal: '1500.00',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateIsCalendarDate: true,
  debtor: { address: ['Musterweg 1', '10115 Berlin'] },
});

/** SC-1's ledger under de-b2c-default from its invoice date through the hand-over of 2025-08-14 (creditor fee 1.00 on 07-28, collection costs 141.05 on 08-14). */
export const simpleCaseHandedOver: readonly ClaimEvent[] = play([created(simpleCaseFacts)], deB2cDefaultPolicy, simpleCaseFacts.invoiceDate, '2025-08-14');

/**
 * SC-1 paid in part, then settled as a simple case (reversal-fee-reinstated.test.ts, "backFromPrincipal"): 1000.00
 * on Wed 2025-08-20 (costs 142.05, interest 17.06, principal 840.89), 599.67 on Thu 08-28 (interest 0.91,
 * principal 598.76): the 60.35 lowered on 08-28 was paid already and is credited to the principal.
 */
export const simpleCasePartThenSettled: readonly ClaimEvent[] = (() => {
  const partPaid = [...simpleCaseHandedOver, ...bookIncomingPayment(project(simpleCaseHandedOver), { paymentId: 'bank-1', amount: money('1000.00', 'EUR'), date: '2025-08-20' })];
  return [...partPaid, ...bookIncomingPayment(project(partPaid), { paymentId: 'bank-2', amount: money('599.67', 'EUR'), date: '2025-08-28' })];
})();
