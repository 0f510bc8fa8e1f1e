// The set-up of the specs on a flat fee and a default that was taken back (§ 288 Abs. 5 S. 1 BGB with
// § 130 Abs. 1 S. 1 BGB: flat-fee-after-withdrawn-default.test.ts, flat-fee-default-causing-after-withdrawal.test.ts),
// so the two-stage policy, the claim, the bounce report and the day-by-day run are written once. Each spec
// writes out the dates and figures it checks.
//
// The claim: 500.00 EUR, an Entgeltforderung (invoice Thu 2025-01-02, due Thu 2025-01-16, no calendar date).
// The policy: Mahnung by e-mail one day after the due date, Fri 2025-01-17, deadline 7 days; final notice by
// letter 7 days after it, once the deadline passed (Sat 2025-01-25), charging the flat fee, deadline 14 days.
import { project, statement, toAmountString, type ClaimEvent, type IsoDate, type PolicyInput } from '../../src/index.js';
import { deliveryHost } from './host-fixture.js';

/** Options of {@link withdrawalPolicy}. */
export interface WithdrawalPolicyOptions {
  readonly id: string;
  readonly name: string;
  /** Whether the Mahnung e-mail falls back to a letter (`fallbackChannel: 'letter'`). */
  readonly letterFallback: boolean;
}

/**
 * The two-stage policy: Mahnung by e-mail (with a letter fallback if asked) one day after the due date,
 * deadline 7 days; final notice by letter 7 days after it, charging the flat fee (`charge-flat-fee`),
 * deadline 14 days, final.
 */
export function withdrawalPolicy(options: WithdrawalPolicyOptions): PolicyInput {
  return {
    id: options.id,
    version: 1,
    name: options.name,
    stages: [
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'due-date', days: 1 },
        actions: [
          { type: 'send', channel: 'email', template: 'dunning-notice', ...(options.letterFallback ? { fallbackChannel: 'letter' } : {}) },
          { type: 'set-deadline', days: 7 },
        ],
      },
      {
        id: 'final-notice',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 7 },
        actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'charge-flat-fee' }, { type: 'set-deadline', days: 14 }],
        final: true,
      },
    ],
  } as PolicyInput;
}

/**
 * The claim tagged `tag`: `INV-tag` of debtor `D-tag` (a business "Muster GmbH" or a consumer "Erika
 * Muster", reachable by e-mail and by letter), reference `RE-tag`, 500.00 EUR, invoice 2025-01-02, due
 * 2025-01-16, not a calendar date agreed in the contract.
 */
export function withdrawalClaim(tag: string, kind: 'business' | 'consumer' = 'business') {
  return {
    id: `INV-${tag}`,
    debtor: { id: `D-${tag}`, kind, ...(kind === 'business' ? { name: 'Muster GmbH', email: 'buchhaltung@example.org' } : { name: 'Erika Muster', email: 'erika@example.org' }), address: ['Musterstr. 1', '10115 Berlin'] },
    principal: '500.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateIsCalendarDate: false,
    reference: `RE-${tag}`,
  };
}

/** The claim of {@link withdrawalClaim}. */
export type WithdrawalClaim = ReturnType<typeof withdrawalClaim>;

/** The provider's report that the Mahnung e-mail of `claimId` (its message 1) bounced: the input of `recordDelivery`. */
export const mahnungBounced = (claimId: string) =>
  ({ claimId, messageId: `${claimId}:msg:dunning-notice:1`, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' }) as const;

/**
 * Runs `claim` under `policy` day by day from 2025-01-02 to `to` (default 2025-02-20) on the delivery host
 * (every message delivered), the Mahnung's bounce reported on the morning of `reportOn` (before the run,
 * none if `null`) and, with `pay`, a payment (id P-1) booked on the morning of its day; returns the claim's events.
 */
export async function runWithdrawal(
  policy: PolicyInput,
  claim: WithdrawalClaim,
  reportOn: IsoDate | null,
  to: IsoDate = '2025-02-20',
  pay?: { readonly on: IsoDate; readonly amount: string },
): Promise<ClaimEvent[]> {
  const h = deliveryHost({ policy, claimId: claim.id });
  await h.mw.createClaim(claim);
  await h.run(to, async (day) => {
    if (day === reportOn) await h.mw.recordDelivery(mahnungBounced(claim.id));
    if (day === pay?.on) await h.mw.recordPayment({ claimId: claim.id, amount: pay.amount, date: day, paymentId: 'P-1' });
  });
  return h.events();
}

/**
 * The flat fees among `events`, in order: "date charged amount (rule)" per flat fee charged (", again for
 * <feeId>" when it is charged again for a dropped one), "date reduced amount (rule)" per `fee-reduced`.
 */
export const flatFees = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'fee-charged' && e.kind === 'flat-fee'
      ? [`${e.date} charged ${e.amount} (${e.reason?.rule ?? ''}${e.reason?.inputs?.['chargedAgainFor'] === undefined ? '' : `, again for ${String(e.reason.inputs['chargedAgainFor'])}`})`]
      : e.type === 'fee-reduced'
        ? [`${e.date} reduced ${e.amount} (${e.reason?.rule ?? ''})`]
        : [],
  );

/** The statement's principal, interest, costs and total on `day`, as amount strings. */
export const figures = (events: readonly ClaimEvent[], day: IsoDate): string[] => {
  const s = statement(project(events), day);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};
