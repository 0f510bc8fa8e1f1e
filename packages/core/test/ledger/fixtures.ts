import type { ClaimEvent, ClaimFacts, DebtorKind, IsoDate, Statement } from '../../src/index.js';
import { toAmountString } from '../../src/index.js';

/** Claim id used by the fixtures. */
export const CLAIM = 'RE-2025-001';

/** A claim-created event for a claim of `principal` EUR. */
export function created(principal: string, options: { debtor?: DebtorKind; date?: IsoDate; facts?: Partial<ClaimFacts> } = {}): ClaimEvent {
  const facts: ClaimFacts = {
    id: CLAIM,
    debtor: { id: 'D-1', kind: options.debtor ?? 'consumer', name: 'Erika Mustermann' },
    principal,
    currency: 'EUR',
    invoiceDate: '2024-12-01',
    dueDate: '2024-12-31',
    ...options.facts,
  };
  return { type: 'claim-created', claimId: CLAIM, date: options.date ?? '2024-12-01', claim: facts };
}

/** default-began on `date` (the first day of default). */
export function defaultBegan(date: IsoDate): ClaimEvent {
  return { type: 'default-began', claimId: CLAIM, date, basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' };
}

/** A fee of `amount` charged on `date`. */
export function fee(date: IsoDate, amount: string, kind: 'flat-fee' | 'creditor-dunning-fee' | 'collection-costs' | 'court-fee' = 'flat-fee'): ClaimEvent {
  const code = kind === 'flat-fee' ? '§ 288 Abs. 5 BGB' : kind === 'collection-costs' ? 'Nr. 2300 VV RVG' : kind === 'court-fee' ? 'KV 1100 GKG' : 'Mahnkosten';
  return { type: 'fee-charged', claimId: CLAIM, date, feeId: `${CLAIM}:fee:${kind}:${date}:1`, kind, code, amount, basis: code };
}

/** A statement as plain strings, for equality checks and readable diffs. */
export function plain(s: Statement): unknown {
  return {
    asOf: s.asOf,
    principal: toAmountString(s.principal),
    interest: toAmountString(s.interest),
    costs: toAmountString(s.costs),
    total: toAmountString(s.total),
    interestAccrued: toAmountString(s.interestAccrued),
    unapplied: toAmountString(s.unapplied),
    lines: s.lines.map((l) => ({
      part: l.part,
      label: l.label,
      amount: toAmountString(l.amount),
      basis: l.basis,
      date: l.date,
      ...(l.to === undefined ? {} : { to: l.to, days: l.days, ratePercent: l.ratePercent }),
      ...(l.onPrincipal === undefined ? {} : { onPrincipal: toAmountString(l.onPrincipal) }),
    })),
  };
}
