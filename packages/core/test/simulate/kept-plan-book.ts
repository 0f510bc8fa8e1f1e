// The demo book's RE-00001 and its installment plan, as the specs of a kept plan's end play it — through
// simulate (simulate/kept-plan-remainder.test.ts) and through createMahnwerk (engine/kept-plan-letter.test.ts) —
// so the claim and the plan are written once. Each spec writes out the dates and figures it checks: a
// consumer's 1,281.64 EUR, invoice Tue 2025-01-28, due Tue 2025-02-11, no calendar date; the plan agreed
// Mon 2025-03-10: 427.21 on 04-09, 427.21 on 05-09, 427.22 on 06-08 = 1,281.64, the principal only.
import type { ClaimFacts, IsoDate } from '../../src/index.js';

/** The claim: RE-00001 of debtor D-1, a consumer reachable by e-mail (no postal address; add one for letters). */
export const keptPlanClaim: ClaimFacts = {
  id: 'RE-00001',
  principal: '1281.64',
  currency: 'EUR',
  invoiceDate: '2025-01-28',
  dueDate: '2025-02-11',
  invoicePointedOut30DayRule: true,
  description: 'Bestellung 100001: Kaffeevollautomat',
  contractDate: '2025-01-27',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Lena Schneider', email: 'lena.schneider@example.org' },
};

/** The day the plan is agreed. */
export const keptPlanAgreedOn: IsoDate = '2025-03-10';

/** The plan's id, as the engine books it (`<claim>:plan:<day agreed>:1`). */
export const keptPlanId = 'RE-00001:plan:2025-03-10:1';

/** The plan's installments, in order: 427.21 + 427.21 + 427.22 = 1,281.64. */
export const keptPlanInstallments: readonly { readonly dueDate: IsoDate; readonly amount: string }[] = [
  { dueDate: '2025-04-09', amount: '427.21' },
  { dueDate: '2025-05-09', amount: '427.21' },
  { dueDate: '2025-06-08', amount: '427.22' },
];
