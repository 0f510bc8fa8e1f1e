import { describe, expect, it } from 'vitest';
import { checkInvariants, project, statement, toAmountString, type ClaimEvent, type ClaimEventOf, type IsoDate, type PolicyInput } from '../../src/index.js';
import { deliveryClaim, deliveryHost, deliveryPolicy } from './host-fixture.js';

// Rule fee.simple-case (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG; § 13 RVG; docs/legal-notes.md,
// "Collection costs"): a payment that settles the claim within two weeks of the collection agency's first
// demand lowers the collection costs to the 0.5 fee — on the same value the costs were charged on: the
// principal open on the day of the mandate (the Gegenstandswert is the principal only, § 23 RVG with § 43
// Abs. 1 GKG). That principal is lower by what a fee reduction credited to it (`fee-reduced.creditedToPrincipal`:
// a fee that dropped after a payment had paid it, § 367 Abs. 1 BGB) — the engine charged the costs on the
// statement's principal, which counts the credit.
//
// The bug: the simple-case value (fee-corrections' feeBasisAt) summed the principal parts of payments, the
// adjustments and the interest a withdrawn default re-allocated, but not `creditedToPrincipal`: the value
// stayed too high by the credit, and across a step of the RVG table the 0.5 fee came out on the next step.
//
// The claim: 1,000.00 EUR, consumer (description and contract date given, § 13a Abs. 1 Nr. 2 RDG), due Thu
// 2025-01-16. The policy: that of default-withdrawn-interest-paid (reminder letter 01-23; Mahnung by e-mail
// with a letter fallback Thu 2025-02-06, received 02-07, default booked from Sat 02-08; final notice letter
// Fri 2025-02-21 with a 1.00 creditor fee, received Mon 02-24, by it default from Tue 02-25), the final notice
// not final, then a hand-over to a collection agency 14 days after it, Fri 2025-03-07, with collection costs
// (case auto) and the agency's letter. Interest (§ 288 Abs. 1 BGB): 2.27 % + 5 = 7.27 %, act/365.
// - 500.40 paid Thu 2025-02-27, against the end of 02-26 as booked (default from 02-08): costs 1.00; interest
//   02-08…02-26 = 19 days on 1,000.00 = 1,000.00 × 0.0727 × 19 / 365 = 1,381.30 / 365 = 3.7844 → 3.78;
//   principal 500.40 − 1.00 − 3.78 = 495.62 → 504.38.
// - The e-mail's bounce is reported Mon 2025-03-03: default taken back, anew from 02-25. The payment keeps
//   the interest 02-25…02-26 = 2 days on 1,000.00 = 145.40 / 365 = 0.3984 → 0.40; 3.78 − 0.40 = 3.38 goes
//   to the principal (interestReallocated) → 501.00. The 1.00 fee, charged 02-21 before the new default,
//   drops (fee.before-default); the payment had paid it: credited to the principal (creditedToPrincipal
//   1.00) → 500.00.
// - Hand-over Fri 2025-03-07 (mandate before 2025-06-01: RVG table 2021, § 60 RVG), value 500.00: step up
//   to 500 → 1.0 fee 49.00; uncontested 0.9 × 49.00 = 44.10 + Nr. 7002 20 % = 8.82 → 52.92 (no VAT: the
//   creditor deducts it). The agency's letter goes out 03-07, received Mon 03-10 (letter + 3), two weeks to
//   Mon 2025-03-24.
// - Simple case on the same value: 0.5 × 49.00 = 24.50 + 20 % = 4.90 → 29.40; reduction 52.92 − 29.40 = 23.52.
//   Before the fix the value was 1,000.00 − 495.62 − 3.38 = 501.00 (the 1.00 credit left out): step up to
//   1,000 → 88.00; 0.5 × 88.00 = 44.00 + 8.80 = 52.80 — a reduction of 0.12 only.
// - Owed at the end of 2025-03-13: principal 500.00; interest 0.40 (02-25…02-26 on 1,000.00) + 02-27…03-02
//   (4 days) on 504.38 = 146.673704 / 365 = 0.4018 → 0.40 + 03-03…03-13 (11 days) on 500.00 = 399.85 / 365 =
//   1.0955 → 1.10 = 1.90 accrued, 0.40 paid: 1.50; costs 52.92; total 554.42. Paid in full on Fri 2025-03-14
//   with the costs lowered: 554.42 − 23.52 = 530.90 → costs 29.40, interest 1.50, principal 500.00; settled.
//   Before the fix 530.90 left 554.42 − 0.12 − 530.90 = 23.40 open, so it settled nothing and no costs were lowered.

const base = deliveryPolicy({ id: 'simple-case-credited-principal', name: 'Simple case on the credited principal', finalFee: '1.00', final: false });
const policy = {
  ...base,
  stages: [
    ...(base.stages as readonly object[]),
    {
      id: 'inkasso',
      name: 'Inkasso',
      kind: 'handover',
      trigger: { after: 'previous-stage', days: 14 },
      actions: [{ type: 'hand-over', to: 'collection-agency' }, { type: 'charge-collection-costs', case: 'auto' }, { type: 'send', channel: 'letter', template: 'handover-inkasso' }],
      final: true,
    },
  ],
} as PolicyInput;
const claim = { ...deliveryClaim(33), principal: '1000.00', description: 'Bestellung 4711: Gartenstuhl', contractDate: '2025-01-02' };
const bounce = { claimId: 'INV-33', messageId: 'INV-33:msg:dunning-notice:1', channel: 'email', status: 'bounced' as const, detail: '550 5.1.1 mailbox unknown' };

async function run(): Promise<ClaimEvent[]> {
  const h = deliveryHost({ policy, claimId: 'INV-33' });
  await h.mw.createClaim(claim);
  await h.run('2025-03-20', async (day) => {
    if (day === '2025-02-27') await h.mw.recordPayment({ claimId: 'INV-33', paymentId: 'P-1', amount: '500.40', date: day });
    if (day === '2025-03-03') await h.mw.recordDelivery(bounce);
    if (day === '2025-03-14') await h.mw.recordPayment({ claimId: 'INV-33', paymentId: 'P-2', amount: '530.90', date: day });
  });
  return h.events();
}

const figures = (events: readonly ClaimEvent[], day: IsoDate): string[] => {
  const s = statement(project(events), day);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};

describe('fee.simple-case (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG, § 13e RDG): the 0.5 fee is worked out on the principal the costs were charged on, net of costs credited to it', () => {
  it('1.00 credited to the principal on 2025-03-03 (fee.before-default): the costs 52.92 charged on 500.00 are lowered to 29.40 (0.5 × 49.00 + 20 %) when 530.90 settles the claim on 2025-03-14 — not to 52.80 on a value of 501.00', async () => {
    const events = await run();
    const p1 = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === 'P-1');
    expect(p1?.allocation).toEqual({ costs: '1.00', interest: '3.78', principal: '495.62', unapplied: '0.00' });
    expect(events.find((e): e is ClaimEventOf<'default-withdrawn'> => e.type === 'default-withdrawn')?.interestReallocated).toEqual([
      { paymentId: 'P-1', interest: '3.38', principal: '3.38', unapplied: '0.00' },
    ]);
    const reductions = events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    expect(reductions.map((r) => [r.date, r.reason?.rule, r.amount, r.creditedToPrincipal])).toEqual([
      ['2025-03-03', 'fee.before-default', '1.00', '1.00'],
      ['2025-03-14', 'fee.simple-case', '23.52', undefined],
    ]);
    // The engine charged the costs on the statement's principal of 03-07: 500.00.
    const costs = events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged' && e.kind === 'collection-costs');
    expect([costs?.date, costs?.amount, costs?.reason?.inputs?.['claimValue']]).toEqual(['2025-03-07', '52.92', '500.00']);
    // The simple case reads the same value: 0.5 × 49.00 = 24.50 + 4.90 = 29.40.
    const simple = reductions[1];
    expect([simple?.reason?.inputs?.['claimValue'], simple?.reason?.inputs?.['simpleCase'], simple?.reason?.inputs?.['demandReceivedOn'], simple?.reason?.inputs?.['windowEnd']]).toEqual([
      '500.00',
      '29.40',
      '2025-03-10',
      '2025-03-24',
    ]);
    expect(simple?.items?.map((i) => [i.code, i.amount, i.factor ?? null])).toEqual([
      ['Nr. 2300 VV RVG', '24.50', '0.5'],
      ['Nr. 7002 VV RVG', '4.90', null],
    ]);
    // Before the payment: principal 500.00, interest 1.50, costs 52.92, total 554.42.
    expect(figures(events, '2025-03-13')).toEqual(['500.00', '1.50', '52.92', '554.42']);
    const p2 = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === 'P-2');
    expect(p2?.allocation).toEqual({ costs: '29.40', interest: '1.50', principal: '500.00', unapplied: '0.00' });
    expect(figures(events, '2025-03-14')).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(events.some((e) => e.type === 'settled')).toBe(true);
    expect(checkInvariants(events, policy as never)).toEqual([]);
  });
});
