// The kept-plan claim (kept-plan-book.ts: the demo book's RE-00001) played through createMahnwerk on the
// rendering host (host-fixture.ts): created on Tue 2025-01-28 on the built-in consumer policy, each day run,
// a plan agreed, then payments and refunds or chargebacks booked on their days before that day's run. Shared by
// the specs of a kept plan's end (kept-plan-end.test.ts) and of installments taken back after their check
// (installment-taken-back.test.ts), so the play is written once.
import { addDays, toAmountString, type ClaimEvent, type IsoDate, type RenderInput } from '../../src/index.js';
import { keptPlanClaim } from '../simulate/kept-plan-book.js';
import { runDays, type RenderingHost } from './host-fixture.js';

/** RE-00001 of the demo book (kept-plan-book.ts) with `principal`, and a postal address for its letters. */
export const claimFacts = (principal: string) => ({ ...keptPlanClaim, principal, debtor: { ...keptPlanClaim.debtor, address: ['Lindenallee 33', '60311 Frankfurt am Main'] } });

/** "day stage" of every stage entered. */
export const stages = (events: readonly ClaimEvent[]): string[] => events.flatMap((e) => (e.type === 'stage-entered' ? [`${e.date} ${e.stage}`] : []));

/** "day template: installments agreed paid kept-until" of each rendered input, or "-" without afterKeptPlan. */
export const told = (inputs: readonly RenderInput[]): string[] =>
  inputs.map((i) => {
    const k = i.afterKeptPlan;
    return `${i.statement.asOf} ${i.template}: ${k === undefined ? '-' : `${k.installments} ${toAmountString(k.agreed)} ${toAmountString(k.paid)} ${k.keptUntil}`}`;
  });

/** A payment booked on its day (value date that day). */
export interface PlayPayment {
  readonly day: IsoDate;
  readonly amount: string;
  readonly id: string;
}

/**
 * A chargeback of `paymentId` booked on its day, value-dated `valueDate` (default: that day — a bank may
 * value-date a chargeback back, e.g. a SEPA return carrying the original settlement date); its id is `id`, else
 * `cb-<paymentId>`.
 */
export interface PlayReversal {
  readonly day: IsoDate;
  readonly valueDate?: IsoDate;
  readonly paymentId: string;
  readonly amount: string;
  readonly id?: string;
}

/**
 * Creates the claim on `h` on Tue 2025-01-28 and runs each day through `until`, booking before a day's run
 * what happens that day: the plan of `installments` agreed on `agreeOn`, each payment and each reversal on its
 * day (on one day: the agreement, then the reversals, then the payments). Returns the claim's events.
 */
export async function play(
  h: RenderingHost,
  principal: string,
  agreeOn: IsoDate,
  installments: readonly { dueDate: IsoDate; amount: string }[],
  payments: readonly PlayPayment[],
  until: IsoDate,
  reversals: readonly PlayReversal[] = [],
): Promise<ClaimEvent[]> {
  h.clock.date = '2025-01-28';
  await h.mw.createClaim(claimFacts(principal));
  const steps = [
    { day: agreeOn, act: () => h.mw.agreeInstallmentPlan({ claimId: 'RE-00001', installments }) },
    ...reversals.map((r) => ({
      day: r.day,
      act: () => h.mw.reversePayment({ claimId: 'RE-00001', paymentId: r.paymentId, reversalId: r.id ?? `cb-${r.paymentId}`, kind: 'chargeback', amount: r.amount, date: r.valueDate ?? r.day }),
    })),
    ...payments.map((p) => ({ day: p.day, act: () => h.mw.recordPayment({ claimId: 'RE-00001', paymentId: p.id, amount: p.amount, date: p.day }) })),
  ].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let from: IsoDate = '2025-01-28';
  for (const step of steps) {
    if (step.day > from) await runDays(h, from, addDays(step.day, -1));
    h.clock.date = step.day;
    await step.act();
    from = step.day;
  }
  await runDays(h, from, until);
  return (await h.mw.history('RE-00001')).map((x) => x.event);
}
