import { describe, expect, it } from 'vitest';
import { checkInvariants, type ClaimEvent, type ClaimEventOf, type IsoDate } from '../../src/index.js';
import { figures, flatFees, runWithdrawal, withdrawalClaim, withdrawalPolicy } from './withdrawn-default-fixture.js';

// Rule (§ 288 Abs. 5 S. 1 BGB; docs/legal-notes.md, "A Mahnung that did not reach the debtor"): "Der
// Gläubiger einer Entgeltforderung hat bei Verzug des Schuldners, wenn dieser kein Verbraucher ist,
// außerdem einen Anspruch auf Zahlung einer Pauschale in Höhe von 40 Euro." The flat fee arises with
// default itself, once per claim — not with a dunning step. A flat fee charged while the ledger showed
// default from an e-mail Mahnung that was later reported bounced drops (rule fee.before-default: the
// debtor was not in default then, § 130 Abs. 1 S. 1 BGB); but once default begins anew — by the next
// Mahnung that did arrive — the creditor is entitled to it again. It is charged then, by the same
// function that charges it for a stage's `charge-flat-fee` (rule fee.flat-fee), and only once
// (guard.flat-fee-once counts the flat fees standing: the dropped one is not one).
//
// The bug: only a stage's `charge-flat-fee` charged it; the stage had run, so the dropped fee never came back.
//
// The claim: 500.00 EUR, a business debtor, an Entgeltforderung (the invoice of 2025-01-02, due Thu
// 2025-01-16, no calendar date; withdrawalClaim('B')). The policy (withdrawalPolicy of
// withdrawn-default-fixture.ts): Mahnung by e-mail (letter fallback) one day after the due date, Fri
// 2025-01-17, deadline 7 days (Fri 01-24); final notice by letter 7 days after, once the deadline
// passed: Sat 2025-01-25, charging the flat fee. Days by hand: 2025-01-01 was a Wednesday, so
// 01-16 is a Thursday, 01-17 a Friday, 01-25 a Saturday, 01-27 and 02-03 Mondays, 01-29 a Wednesday.
// - The e-mail goes out 01-17, received Sat 01-18: default booked from Sun 2025-01-19; the final notice,
//   in default as booked, charges 40.00 on 01-25.
// - The final notice letter goes out Sat 01-25, received + 3 days = Tue 01-28: by it default begins Wed
//   2025-01-29 (§ 286 Abs. 1 BGB, § 187 Abs. 1 BGB). (The 30-day rule of § 286 Abs. 3 BGB would put the
//   business debtor in default only from 2025-02-16, 30 days after the due date: later.)
// Interest (§ 288 Abs. 2 BGB): base rate 2.27 % + 9 points = 11.27 %, act/365, on 500.00: 56.35 a year.
// - default as booked, 01-19 to 02-20: 13 + 20 = 33 days: 56.35 × 33 / 365 = 1,859.55 / 365 = 5.0947 → 5.09.
// - default anew, 01-29 to 02-20: 3 + 20 = 23 days: 56.35 × 23 / 365 = 1,296.05 / 365 = 3.5508 → 3.55;
//   with the flat fee charged again: 500.00 + 3.55 + 40.00 = 543.55 (without it, before the fix: 503.55).

const policy = withdrawalPolicy({ id: 'flat-fee-after-withdrawn-default', name: 'Flat fee after a withdrawn default', letterFallback: true });
const claim = withdrawalClaim('B');
const run = (reportOn: IsoDate | null, to?: IsoDate): Promise<ClaimEvent[]> => runWithdrawal(policy, claim, reportOn, to);
const firstFlatFeeId = 'INV-B:fee:flat-fee:2025-01-25:1';

describe('§ 288 Abs. 5 S. 1 BGB: the flat fee arises with default — dropped as charged before a default that was taken back, it is charged again once default begins anew, once', () => {
  it('no bounce (the guard of the figures): default from 2025-01-19, the flat fee 40.00 charged with the final notice on 2025-01-25; interest to 2025-02-20 = 33 days = 5.09', async () => {
    const events = await run(null);
    expect(flatFees(events)).toEqual(['2025-01-25 charged 40.00 (fee.flat-fee)']);
    expect(events.filter((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged').map((f) => f.feeId)).toEqual([firstFlatFeeId]);
    // 56.35 × 33 / 365 = 5.0947 → 5.09; 500.00 + 5.09 + 40.00 = 545.09.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '5.09', '40.00', '545.09']);
  });

  it.each([
    // Reported after the new default began (01-29): the fee drops and comes back on the report's day.
    ['2025-02-03', '2025-02-03'],
    // Reported before it: the fee drops on 01-27 (not in default then), and comes back on 01-29, the day default begins.
    ['2025-01-27', '2025-01-29'],
  ] as const)('bounce reported on %s: the 40.00 of 01-25 drops (fee.before-default) and is charged again on %s, through the stage\'s rule fee.flat-fee; interest 23 days = 3.55, total 543.55 to 2025-02-20', async (reportOn, againOn) => {
    const events = await run(reportOn);
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-01-19', '2025-01-29']);
    expect(flatFees(events)).toEqual(['2025-01-25 charged 40.00 (fee.flat-fee)', `${reportOn} reduced 40.00 (fee.before-default)`, `${againOn} charged 40.00 (fee.flat-fee, again for ${firstFlatFeeId})`]);
    const again = events.filter((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged')[1];
    expect([again?.code, again?.basis, again?.reason?.basis, again?.reason?.inputs?.['defaultBegan']]).toEqual(['§ 288 Abs. 5 BGB', '§ 288 Abs. 5 BGB', '§ 288 Abs. 5 BGB', '2025-01-29']);
    // 500.00 + 3.55 + 40.00 = 543.55.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '3.55', '40.00', '543.55']);
    // Never twice: the guards see one flat fee standing (the dropped one does not count), none before default.
    expect(checkInvariants(events, policy as never)).toEqual([]);
    // …and later days charge nothing more.
    const later = await run(reportOn, '2025-03-10');
    expect(flatFees(later)).toEqual(flatFees(events));
  });

  it('guard.flat-fee-once still reports a second flat fee while the first stands', async () => {
    const events = await run(null);
    const first = events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged') as ClaimEventOf<'fee-charged'>;
    const second: ClaimEventOf<'fee-charged'> = { ...first, date: '2025-02-03', feeId: 'INV-B:fee:flat-fee:2025-02-03:1' };
    expect(checkInvariants([...events, second], policy as never).map((r) => r.guard)).toEqual(['guard.flat-fee-once']);
  });
});
