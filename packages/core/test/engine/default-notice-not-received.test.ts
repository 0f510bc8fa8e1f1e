import { describe, expect, it } from 'vitest';
import { statementLineItem, statementLineText, toAmountString, type ClaimEvent, type ClaimEventOf } from '../../src/index.js';
import { defaultLine, deliveryClaim, deliveryHost, deliveryPolicy, feeLines as fees, mahnungBounce } from './host-fixture.js';
import { ofType } from './helpers.js';

// Rule (§ 286 Abs. 1 S. 1 BGB with § 130 Abs. 1 S. 1 BGB; docs/legal-notes.md, "A Mahnung that did not
// reach the debtor"): without a calendar date (§ 286 Abs. 2 Nr. 1 BGB) or the 30-day rule (§ 286
// Abs. 3 BGB, for a consumer only when the invoice said so) default begins with the *receipt* of a
// Mahnung after the due date. The engine counts a notice as received by its `message-sent` (receipt =
// send + 1 day for an e-mail, + 3 days for a letter) and books `default-began` from it. When the
// provider reports afterwards that this notice bounced, the debtor demonstrably never got it: the
// default booked from it did not begin then. Default interest (§ 288 Abs. 1 BGB) and the Mahnkosten
// claimed as damages for delay (§§ 280 Abs. 1, 2, 286 BGB) rest on default, so they must not run from
// it either. The engine takes the booked default back (`default-withdrawn`, dated the report's day, the
// trail append-only) and books default anew from the next Mahnung that did reach the debtor; a
// creditor fee charged before that new first day drops (`fee-reduced`, rule `fee.before-default`).
//
// The bug: `default-began` was booked once and never looked at again; the bounce was recorded but
// interest kept running from the day after the bounced e-mail's assumed receipt, and the final notice's
// fee — charged "in default" — stayed, though the final notice itself is the Mahnung that put the
// debtor in default (the costs of the Mahnung that causes default are no damage of delay).
//
// Dates by hand: 2025-01-01 was a Wednesday, so 2025-01-16, -23 and 2025-02-06, -20, -27 are
// Thursdays, 2025-02-07 and -21 Fridays, 2025-02-08 a Saturday, 2025-02-12 a Wednesday, 2025-02-24 and
// 2025-03-03 Mondays, 2025-02-25 a Tuesday. February 2025 has 28 days.
//
// The policy: reminder by letter 7 days after the due date (Thu 2025-01-16 + 7 = Thu 2025-01-23, no
// Mahnung: a reminder kind does not cause default); Mahnung by e-mail (letter fallback) 14 days later,
// Thu 2025-02-06, 14-day deadline (2025-02-20); final notice by letter 7 days after the Mahnung but not
// before its deadline has passed: Fri 2025-02-21, creditor fee 1.00 EUR. The e-mail goes out on
// 2025-02-06: received Fri 2025-02-07 (e-mail + 1), default from Sat 2025-02-08 as booked. The final
// notice goes out Fri 2025-02-21: received Mon 2025-02-24 (letter + 3), so by *it* default begins
// Tue 2025-02-25 (§ 286 Abs. 1 BGB: the day after receipt; § 187 Abs. 1 BGB).
//
// Interest (consumer, § 288 Abs. 1 BGB): base rate 2.27 % (2025-01-01 to 2025-06-30) + 5 points =
// 7.27 % a year, act/365, on 500.00 EUR: 500.00 × 0.0727 = 36.35 a year.
// - from 2025-02-25 to 2025-03-10 inclusive: 4 (25–28 Feb) + 10 = 14 days: 36.35 × 14 / 365 =
//   508.90 / 365 = 1.39424… → 1.39 EUR.
// - as booked before the fix, from 2025-02-08 to 2025-03-10: 21 (8–28 Feb) + 10 = 31 days:
//   36.35 × 31 / 365 = 1,126.85 / 365 = 3.08726… → 3.09 EUR, plus the fee 1.00: total 504.09.

const policy = deliveryPolicy({ id: 'default-notice-not-received', name: 'Default notice not received', finalFee: '1.00' });

/** The host; both channels accept every message. */
const setup = () => deliveryHost({ policy, claimId: 'INV-8' });

const claim = deliveryClaim(8);

const mahnungId = 'INV-8:msg:dunning-notice:1';
const bounce = mahnungBounce(8);

/** What the ledger says about default, in order: each `default-began` and each `default-withdrawn`. */
const defaults = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'default-began' ? [`began ${e.date}`] : e.type === 'default-withdrawn' ? [`withdrawn ${e.date} (was ${e.previous}, ${e.messageId})`] : []));

describe('§ 286 Abs. 1 BGB, § 130 Abs. 1 S. 1 BGB: default rests on the receipt of a Mahnung — a Mahnung reported bounced after default was booked from it did not put the debtor in default', () => {
  it('no bounce (the guard of the figures): default from Sat 2025-02-08 (e-mail sent 02-06, received 02-07), interest to 2025-03-10 = 31 days = 3.09, the final notice fee 1.00 stays', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10');
    const events = await h.events();
    expect(defaults(events)).toEqual(['began 2025-02-08']);
    expect(fees(events)).toEqual(['2025-02-21 charged creditor-dunning-fee 1.00']);
    const s = await h.mw.statement('INV-8', '2025-03-10');
    // 36.35 × 31 / 365 = 3.0873 → 3.09; 500.00 + 3.09 + 1.00 = 504.09.
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['3.09', '1.00', '504.09']);
  });

  it('(a) the bounce is reported on Wed 2025-02-12, before the final notice: default taken back that day; the Mahnung\'s fallback letter goes out that day ("bis zum 26.02.2025"), received Sat 02-15, default from Sun 02-16; the final notice on Thu 2025-02-27 keeps its 1.00; interest to 2025-03-10 = 23 days = 2.29', async () => {
    const h = setup();
    await h.mw.createClaim(claim);
    await h.run('2025-03-10', async (day) => {
      if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
    });
    const events = await h.events();
    // The e-mail went out (sent) and bounced: its fallback letter goes out (engine/sent-then-bounced-fallback.test.ts).
    expect(defaults(events)).toEqual(['began 2025-02-08', `withdrawn 2025-02-12 (was 2025-02-08, ${mahnungId})`, 'began 2025-02-16']);
    const withdrawn = ofType(events, 'default-withdrawn')[0] as ClaimEventOf<'default-withdrawn'>;
    expect(withdrawn.reason?.rule).toBe('default.notice-not-received');
    // The letter is the Mahnung that causes default (no fee for it, and it says so); the final notice comes in default.
    expect(fees(events)).toEqual(['2025-02-27 charged creditor-dunning-fee 1.00']);
    const mahnungLetter = h.letter.find((m) => m.stage === 'dunning-notice');
    expect(mahnungLetter?.date).toBe('2025-02-12');
    expect(defaultLine(mahnungLetter)).toMatch(/Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug/);
    expect(h.letter.find((m) => m.stage === 'final-notice')?.date).toBe('2025-02-27');
    // Between the report and the letter's receipt the claim is not in default: no interest as of 2025-02-15.
    expect(toAmountString((await h.mw.statement('INV-8', '2025-02-15')).interest)).toBe('0.00');
    const s = await h.mw.statement('INV-8', '2025-03-10');
    // 16–28 Feb 13 days + 10 = 23 days: 36.35 × 23 / 365 = 2.2905 → 2.29; 500.00 + 2.29 + 1.00 = 503.29.
    expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['2.29', '1.00', '503.29']);
  });

  it.each([
    // Reported on the day the final notice is received: the new default (02-25) is booked the next day.
    ['2025-02-24', ['began 2025-02-08', `withdrawn 2025-02-24 (was 2025-02-08, ${mahnungId})`, 'began 2025-02-25']],
    // Reported after the new default began: the default-began is booked with the withdrawal, dated its first day.
    ['2025-03-03', ['began 2025-02-08', `withdrawn 2025-03-03 (was 2025-02-08, ${mahnungId})`, 'began 2025-02-25']],
  ] as const)(
    '(b) the bounce is reported on %s, after the final notice went out (Fri 2025-02-21, received Mon 02-24): default from Tue 2025-02-25 by the final notice, its fee 1.00 (charged 02-21, before that) drops; interest to 2025-03-10 = 14 days = 1.39',
    async (reportOn, expected) => {
      const h = setup();
      await h.mw.createClaim(claim);
      await h.run('2025-03-10', async (day) => {
        if (day === reportOn) await h.mw.recordDelivery(bounce);
      });
      const events = await h.events();
      expect(defaults(events)).toEqual(expected);
      // The fee was charged on 02-21 as if the debtor were in default since 02-08; default began only on
      // 02-25, by the very notice the fee is for: it drops on the report's day, nothing of it was paid.
      expect(fees(events)).toEqual(['2025-02-21 charged creditor-dunning-fee 1.00', `${reportOn} reduced 1.00 (fee.before-default)`]);
      const s = await h.mw.statement('INV-8', '2025-03-10');
      expect([s.interest, s.costs, s.total].map(toAmountString)).toEqual(['1.39', '0.00', '501.39']);
      // The statement names the drop and its basis, and reads the line back as that rule.
      const dropped = s.lines.filter((l) => l.label.startsWith('Entfällt'));
      expect(dropped.map((l) => [l.label, l.basis, toAmountString(l.amount)])).toEqual([
        ['Entfällt: Mahnkosten (Porto und Material), vor Verzugseintritt berechnet', '§§ 280 Abs. 2, 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB (Mahnung nicht zugegangen: kein Verzug bei Entstehung)', '-1.00'],
      ]);
      expect(dropped.map((l) => statementLineItem(l))).toEqual([{ kind: 'fee-reduction', rule: 'before-default', collectionCosts: false, code: 'Mahnkosten' }]);
      expect(dropped.map((l) => statementLineText(l, 'en').label)).toEqual(['Dropped: Dunning costs (postage and materials), charged before default']);
      // A second look changes nothing: the report is answered once.
      await h.mw.recordDelivery(bounce);
      await h.run('2025-03-12');
      const again = await h.events();
      expect(defaults(again)).toEqual(expected);
      expect(ofType(again, 'fee-reduced')).toHaveLength(1);
    },
  );
});
