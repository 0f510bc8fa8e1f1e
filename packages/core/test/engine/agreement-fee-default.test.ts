import { describe, expect, it } from 'vitest';
import { checkInvariants, decideCommand, deB2cDefaultPolicy, installmentAgreementTerms, project, toAmountString, type ClaimEvent } from '../../src/index.js';
import { created, facts, ofType } from './helpers.js';

// The Einigungsgebühr of a payment agreement a collection agency concludes (Nr. 1000 Nr. 2 VV RVG,
// § 31b RVG, § 13e RDG) is recoverable from the debtor only as damage of the delay (§§ 280 Abs. 2,
// 286 BGB): like every fee, not while the debtor is not in default (guard.no-fee-before-default).
// Found by the ledger property test once the random ledgers agreed plans after hand-overs: the
// agreement fee was charged whenever collection costs stood on the ledger, default or not. The
// engine's own way there: the Mahnung default rested on was reported bounced (default-withdrawn,
// § 130 Abs. 1 S. 1 BGB), the collection costs charged before the new first day dropped (rule
// fee.before-default), and the plan agreed before a new default began.
//
// Figures by hand (as in installment-agreement.test.ts; facts file § 3): 1500.00, collection costs at
// 0.9 on RVG 2025: 0.9 × 134.50 = 121.05, Nr. 7002 20.00 → 141.05. Agreement: § 31b value 750.00 →
// 93.00; 0.7 × 93.00 = 65.10 (Nr. 7002 stays at its 20.00 cap).

const f = facts({ id: 'AD-1', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16', dueDateAgreed: false });
const base: ClaimEvent[] = [
  created(f),
  { type: 'default-began', claimId: 'AD-1', date: '2025-07-01', basis: '§ 286 Abs. 1 BGB', route: 'reminder' },
  { type: 'handed-over', claimId: 'AD-1', date: '2025-08-14', to: 'collection-agency' },
  {
    type: 'fee-charged',
    claimId: 'AD-1',
    date: '2025-08-14',
    feeId: 'AD-1:fee:collection-costs:2025-08-14:1',
    kind: 'collection-costs',
    code: 'Nr. 2300 VV RVG',
    amount: '141.05',
    basis: '§ 13e RDG',
    reason: { rule: 'fee.collection-costs', inputs: { claimValue: '1500.00', case: 'uncontested', factor: '0.9' } },
  },
];
// The notice default rested on reported bounced on 2025-08-18: default taken back, the costs charged in it dropped.
const withdrawn: ClaimEvent[] = [
  ...base,
  { type: 'default-withdrawn', claimId: 'AD-1', date: '2025-08-18', previous: '2025-07-01', messageId: 'AD-1:mahnung:1', basis: '§ 286 Abs. 1, § 130 Abs. 1 S. 1 BGB' },
  { type: 'fee-reduced', claimId: 'AD-1', date: '2025-08-18', feeId: 'AD-1:fee:collection-costs:2025-08-14:1', amount: '141.05', basis: '§§ 280 Abs. 2, 286 BGB', items: [], reason: { rule: 'fee.before-default' } },
];
const plan = { type: 'agree-installment-plan' as const, claimId: 'AD-1', installments: [{ dueDate: '2025-09-01', amount: '800.00' }], date: '2025-08-20', costNoticeGivenOn: '2025-08-19' };

describe('no Einigungsgebühr while the debtor is not in default (§§ 280 Abs. 2, 286 BGB; guard.no-fee-before-default)', () => {
  it('in default (from 2025-07-01), the plan of 2025-08-20 carries the 65.10 Einigungsgebühr', () => {
    const terms = installmentAgreementTerms(project(base), '2025-08-20');
    expect(terms.fee && toAmountString(terms.fee.amount)).toBe('65.10');
    const decision = decideCommand(project(base), plan, '2025-08-20', { policy: deB2cDefaultPolicy });
    expect(ofType(decision.events, 'fee-charged').map((e) => [e.kind, e.amount])).toEqual([['agreement-fee', '65.10']]);
  });

  it('default withdrawn and not begun again: the plan is agreed, no Einigungsgebühr is charged, no guard is broken', () => {
    expect(installmentAgreementTerms(project(withdrawn), '2025-08-20').fee).toBeNull();
    const decision = decideCommand(project(withdrawn), plan, '2025-08-20', { policy: deB2cDefaultPolicy });
    expect(ofType(decision.events, 'installment-plan-agreed')).toHaveLength(1);
    expect(ofType(decision.events, 'fee-charged')).toEqual([]);
    expect(checkInvariants([...withdrawn, ...decision.events], deB2cDefaultPolicy)).toEqual([]);
  });
});
