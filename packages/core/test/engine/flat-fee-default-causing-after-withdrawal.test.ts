import { describe, expect, it } from 'vitest';
import { checkInvariants, type ClaimEvent, type ClaimEventOf, type IsoDate } from '../../src/index.js';
import { figures, flatFees, runWithdrawal, withdrawalClaim, withdrawalPolicy, type WithdrawalClaim } from './withdrawn-default-fixture.js';

// Rule (§ 288 Abs. 5 S. 1 BGB; docs/legal-notes.md, "A Mahnung that did not reach the debtor"): "Der
// Gläubiger einer Entgeltforderung hat bei Verzug des Schuldners, wenn dieser kein Verbraucher ist,
// außerdem einen Anspruch auf Zahlung einer Pauschale in Höhe von 40 Euro." The flat fee arises with
// default itself, once per claim — not with a dunning step. When the e-mail Mahnung default was booked
// from is reported bounced BEFORE the stage that charges the flat fee, the default is taken back
// (`default-withdrawn`) and, with no fallback channel, that stage's notice becomes the Mahnung that puts
// the debtor in default: on its day the debtor is not in default, so its `charge-flat-fee` is refused
// (guard.no-fee-for-default-causing-notice). Default then begins with that notice's receipt, and from that
// day the creditor is entitled to the flat fee the policy asked for. Our reading: it is charged on the
// first decision in default anew, once, through the one flatFeeCharge (rule fee.flat-fee, inputs `stage`
// and `stageEnteredOn` saying which step asked for it) — the same rule that charges again a flat fee
// dropped as charged before default (flat-fee-after-withdrawn-default.test.ts, input `chargedAgainFor`).
//
// The bug: the stage had run, its fee refused; nothing charged it when default began.
//
// The claim: 500.00 EUR, a business debtor, an Entgeltforderung (invoice 2025-01-02, due Thu 2025-01-16, no
// calendar date). The policy (withdrawalPolicy of withdrawn-default-fixture.ts, the Mahnung without a letter
// fallback): Mahnung by e-mail one day after the due date, Fri 2025-01-17, deadline 7 days (Fri 01-24);
// final notice by letter 7 days after, once the deadline passed: Sat 2025-01-25, charging the flat fee.
// Days by hand: 2025-01-01 was a Wednesday, so 01-17 is a Friday, 01-22 and 01-29 Wednesdays, 01-25 a
// Saturday, 01-28 a Tuesday.
// - The e-mail goes out 01-17, received Sat 01-18: default booked from Sun 2025-01-19.
// - The bounce is reported Wed 2025-01-22: default taken back that day; no other route holds yet (the
//   30-day rule of § 286 Abs. 3 BGB only from 2025-02-16).
// - The final notice goes out Sat 01-25 (not in default: its flat fee refused), received + 3 days = Tue
//   01-28: by it default begins Wed 2025-01-29 (§ 286 Abs. 1 BGB, § 187 Abs. 1 BGB) — the flat fee's day.
// Interest (§ 288 Abs. 2 BGB): base rate 2.27 % + 9 points = 11.27 %, act/365, on 500.00: 56.35 a year.
// - 01-29 to 02-20: 3 + 20 = 23 days: 56.35 × 23 / 365 = 1,296.05 / 365 = 3.5508 → 3.55;
//   with the flat fee: 500.00 + 3.55 + 40.00 = 543.55 (before the fix, without it: 503.55).

const policy = withdrawalPolicy({ id: 'flat-fee-default-causing-after-withdrawal', name: 'Flat fee on the notice that causes default after a withdrawal', letterFallback: false });
const business = withdrawalClaim('32');
const consumer = withdrawalClaim('32', 'consumer');
const run = (claim: WithdrawalClaim, reportOn: IsoDate | null, to?: IsoDate, pay?: { readonly on: IsoDate; readonly amount: string }): Promise<ClaimEvent[]> =>
  runWithdrawal(policy, claim, reportOn, to, pay);

describe('§ 288 Abs. 5 S. 1 BGB: the flat fee of a stage that became the Mahnung causing default after a withdrawal is charged once default begins anew, once', () => {
  it('bounce reported 2025-01-22, before the final notice: its flat fee, refused on 01-25, is charged 40.00 on 2025-01-29, the first day of default anew; interest 23 days = 3.55, total 543.55 to 2025-02-20', async () => {
    const events = await run(business, '2025-01-22');
    expect(events.filter((e) => e.type === 'default-began' || e.type === 'default-withdrawn').map((e) => `${e.type} ${e.date}`)).toEqual([
      'default-began 2025-01-19',
      'default-withdrawn 2025-01-22',
      'default-began 2025-01-29',
    ]);
    expect(events.filter((e) => e.type === 'stage-entered').map((e) => `${e.date} ${(e as ClaimEventOf<'stage-entered'>).stage}`)).toEqual(['2025-01-17 dunning-notice', '2025-01-25 final-notice']);
    expect(flatFees(events)).toEqual(['2025-01-29 charged 40.00 (fee.flat-fee)']);
    const fee = events.find((e): e is ClaimEventOf<'fee-charged'> => e.type === 'fee-charged');
    expect([fee?.code, fee?.basis, fee?.reason?.inputs?.['stage'], fee?.reason?.inputs?.['stageEnteredOn'], fee?.reason?.inputs?.['defaultBegan']]).toEqual([
      '§ 288 Abs. 5 BGB',
      '§ 288 Abs. 5 BGB',
      'final-notice',
      '2025-01-25',
      '2025-01-29',
    ]);
    // Charged on the day default began, after it in the ledger.
    expect(events.indexOf(fee as ClaimEvent)).toBeGreaterThan(events.findIndex((e) => e.type === 'default-began' && e.date === '2025-01-29'));
    // 56.35 × 23 / 365 = 3.5508 → 3.55; 500.00 + 3.55 + 40.00 = 543.55.
    expect(figures(events, '2025-02-20')).toEqual(['500.00', '3.55', '40.00', '543.55']);
    // In default and once: the guards find nothing (guard.no-fee-before-default, guard.flat-fee-once).
    expect(checkInvariants(events, policy as never)).toEqual([]);
    // Later days charge nothing more.
    expect(flatFees(await run(business, '2025-01-22', '2025-03-10'))).toEqual(flatFees(events));
  });

  it('a payment in full on 2025-01-29, the first day of default anew, booked before the run: settled, no flat fee (the order of a day: payments first)', async () => {
    // 500.00 dated 01-29 meets the claim as it stood at the end of 01-28: 500.00, no interest (the default
    // from 01-19 was taken back; anew from 01-29, and the payment day bears none). Nothing else is open: the
    // claim is settled on 01-29 and the flat fee of that day is not owed (§§ 280 Abs. 2, 286 BGB; § 254
    // Abs. 2 BGB). Before the fix: 40.00 charged after the payment, the claim open for the fee alone.
    const events = await run(business, '2025-01-22', '2025-02-20', { on: '2025-01-29', amount: '500.00' });
    expect(flatFees(events)).toEqual([]);
    expect(events.filter((e) => e.type === 'settled').map((e) => e.date)).toEqual(['2025-01-29']);
    expect(figures(events, '2025-02-20')).toEqual(['0.00', '0.00', '0.00', '0.00']);
  });

  it('the same claim without a bounce charges the flat fee with the final notice on 2025-01-25 (in default since 01-19), once; a consumer never (§ 288 Abs. 5 S. 1 BGB: "wenn dieser kein Verbraucher ist")', async () => {
    expect(flatFees(await run(business, null))).toEqual(['2025-01-25 charged 40.00 (fee.flat-fee)']);
    expect(flatFees(await run(consumer, '2025-01-22'))).toEqual([]);
  });
});
