import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  collectionCostsCap,
  deB2bDefaultPolicy,
  money,
  simulate,
  toAmountString,
  type BehaviourInput,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type SimulatedClaim,
  type SimulationInput,
  type SimulationResult,
  type Statement,
} from '../../src/index.js';
import { figures, interestLines, ofType, only, runWith, timeline } from './timeline-helpers.js';

// Timeline tests of the built-in business policy `de-b2b-default` (issue #3), run through `simulate`
// with scripted debtor behaviour. Every date and amount below is computed BY HAND; the computation
// is written next to the figure. Conventions (facts file /work/shared/legal/de-and-eu-facts.md):
// - Base rate (§ 247 BGB, facts § 1.1): 2025-01-01 2.27 %, 2025-07-01 1.27 %. Business debtor and
//   Entgeltforderung arisen after 2014-07-28: + 9 points (§ 288 Abs. 2 BGB) → 11.27 % (H1 2025),
//   10.27 % (H2 2025).
// - Interest = principal × rate × days / 365 (act/365), each Zinsstaffel period rounded half up to
//   the cent; first interest day = first day of default; a payment on day D lowers the principal
//   from D on.
// - § 367 Abs. 1 BGB: costs (the 40 EUR flat fee and collection costs are costs of legal pursuit),
//   then interest, then principal, against the claim at the END OF THE DAY BEFORE the payment.
// - § 288 Abs. 5 BGB: 40 EUR flat fee (charged by this policy with the final notice); S. 3: credited
//   against the collection costs, which are capped at what a lawyer may charge (§ 13e RDG):
//   Nr. 2300 VV RVG fee + Nr. 7002 VV RVG (20 %, at most 20.00) − 40.00.
// - RVG table by mandate date (§ 60 RVG: before 2025-06-01 → 2021 table, facts § 3.2; from then
//   the 2025 table, facts § 3.1); GKG 2025 (facts § 6).
// - Policy timings (de-b2b-default): reminder due + 7 (e-mail); dunning-notice + 14 (letter,
//   deadline 14); final-notice + 21 (letter, deadline 10, flat fee); handover + 17 (collection
//   costs, letter handover-inkasso, deadline 14); court-dunning + 30. A stage never starts on or
//   before the previous deadline; deadlines move by § 193 BGB.

const POLICY = 'de-b2b-default';

function businessClaim(over: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    id: 'B2B-1',
    principal: '2400.00',
    currency: 'EUR',
    invoiceDate: '2025-03-03',
    // Wednesday; "zahlbar bis 02.04.2025" (30 days net) → default from 2025-04-03 (§ 286 Abs. 2 Nr. 1 BGB).
    dueDate: '2025-04-02',
    dueDateIsCalendarDate: true,
    ...over,
    debtor: { id: 'D-B2B-1', kind: 'business', name: 'Muster Bau GmbH', email: 'buchhaltung@muster-bau.example', address: ['Industriestraße 5', '50667 Köln'] },
  };
}

type Script = NonNullable<BehaviourInput['script']>;

function run(claim: ClaimFacts, from: IsoDate, to: IsoDate, script: Script = [], extra: Partial<SimulationInput> = {}): SimulationResult {
  return runWith(POLICY, claim, from, to, script, extra);
}

function feeItems(claim: SimulatedClaim, kind: 'collection-costs' | 'court-fee'): (string | null)[][] | undefined {
  const fee = ofType(claim.events, 'fee-charged').find((f) => f.kind === kind);
  return fee?.items?.map((i) => [i.code, i.amount, i.factor ?? null, i.baseFee ?? null]);
}

function expectNoGuardBroken(result: SimulationResult): void {
  expect(checkInvariants(result.events, deB2bDefaultPolicy)).toEqual([]);
}

describe('simulate de-b2b-default: paid before the due date', () => {
  it('§ 362 Abs. 1 BGB: settled on the payment day; no stage, no default, no interest, no flat fee', () => {
    const result = run(businessClaim(), '2025-03-03', '2025-06-30', [{ type: 'pay', claimId: 'B2B-1', date: '2025-03-28', amount: '2400.00' }]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual(['2025-03-28 payment 2400.00 → costs 0.00 interest 0.00 principal 2400.00', '2025-03-28 settled']);
    expect(claim.status).toBe('settled');
    expect(claim.stage).toBeNull();
    expect(result.messages).toEqual([]);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '0.00' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: paid after the reminder', () => {
  it('§ 288 Abs. 2 BGB: 9 points above the base rate for the 13 days in default; no flat fee charged before the final notice', () => {
    // Default from 2025-04-03; interest days 04-03 … 04-15 = 13 days at 2.27 + 9 = 11.27 %:
    // 2400.00 × 0.1127 × 13 / 365 = 3516.24 / 365 = 9.6335 → 9.63. Payment 2400.00 + 9.63 = 2409.63.
    const result = run(businessClaim(), '2025-03-03', '2025-06-30', [{ type: 'pay', claimId: 'B2B-1', date: '2025-04-16', amount: '2409.63' }]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-04-03 default calendar-date',
      // 04-02 + 7
      '2025-04-09 stage reminder',
      '2025-04-09 message email reminder',
      '2025-04-16 payment 2409.63 → costs 0.00 interest 9.63 principal 2400.00',
      '2025-04-16 settled',
    ]);
    expect(interestLines(claim.statement)).toEqual(['2025-04-03..2025-04-15 13d 11.27% on 2400.00 = 9.63']);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '9.63' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: no Mahnung for less than 10.00 left after a payment (condition minRemainder, version 4), no final notice (and so no flat fee) for less than 10.00 open (minAmount)', () => {
  it('paid 2400.00 without the interest: 9.63 principal left; no Mahnung, no final notice, no § 288 Abs. 5 BGB flat fee, no handover', () => {
    // Default from 2025-04-03; the payment of 2400.00 on 04-16 meets 13 days of interest
    // (2400.00 × 11.27 % × 13 / 365 = 9.63, as in the test above) first (§ 367 Abs. 1 BGB):
    // principal 2400.00 − (2400.00 − 9.63) = 9.63 left. The Mahnung is due 04-23 (reminder 04-09 + 14) with
    // 9.63 + 9.63 × 11.27 % × 8 / 365 (04-16 … 04-23) = 9.63 + 0.0238 → 9.65 open: under the 10.00 of minRemainder
    // (part was paid), not sent. (Version 3 sent it, and stopped at the final notice, due 05-14, 9.72 open.)
    // On 06-30: 9.63 × 11.27 % × 76 / 365 (04-16 … 06-30) = 0.22598 → 0.23; total 9.86.
    const result = run(businessClaim(), '2025-03-03', '2025-06-30', [{ type: 'pay', claimId: 'B2B-1', date: '2025-04-16', amount: '2400.00' }]);
    const claim = only(result);
    expect(ofType(claim.events, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '9.63', principal: '2390.37', unapplied: '0.00' });
    expect(ofType(claim.events, 'stage-entered').map((e) => `${e.date} ${e.stage}`)).toEqual(['2025-04-09 reminder']);
    expect(ofType(claim.events, 'fee-charged')).toEqual([]);
    expect(ofType(claim.events, 'handed-over')).toEqual([]);
    expect(toAmountString(claim.statement.total)).toBe('9.86');
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: partial payments allocated per § 367 Abs. 1 BGB (flat fee and collection costs are costs)', () => {
  // 2400.00, default from 2025-04-03. Pays 500.00 on 2025-05-20 and 300.00 on 2025-06-10.
  const result = run(businessClaim(), '2025-03-03', '2025-06-30', [
    { type: 'pay', claimId: 'B2B-1', date: '2025-05-20', amount: '500.00' },
    { type: 'pay', claimId: 'B2B-1', date: '2025-06-10', amount: '300.00' },
  ]);
  const claim = only(result);

  it('costs → interest → principal; collection costs on the open principal, less the flat fee', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-04-03 default calendar-date',
      '2025-04-09 stage reminder',
      '2025-04-09 message email reminder',
      // 04-09 + 14; deadline 04-23 + 14 = Wed 05-07
      '2025-04-23 stage dunning-notice deadline 2025-05-07',
      '2025-04-23 message letter dunning-notice',
      // 04-23 + 21 = 05-14; deadline 05-14 + 10 = Sat 05-24 → § 193 BGB: Mon 05-26. § 288 Abs. 5 BGB: 40.00.
      '2025-05-14 stage final-notice deadline 2025-05-26',
      '2025-05-14 fee flat-fee 40.00',
      '2025-05-14 message letter final-notice',
      // As of 05-19: costs 40.00; interest 04-03 … 05-19 = 28 + 19 = 47 days:
      // 2400.00 × 0.1127 × 47 / 365 = 12712.56 / 365 = 34.8289 → 34.83; principal 500.00 − 40.00 − 34.83 = 425.17.
      '2025-05-20 payment 500.00 → costs 40.00 interest 34.83 principal 425.17',
      // 05-14 + 17 = Sat 05-31 (after the deadline 05-26); deadline 05-31 + 14 = Sat 06-14 → Mon 06-16.
      '2025-05-31 stage handover deadline 2025-06-16',
      '2025-05-31 handed-over',
      // Mandate 2025-05-31 → RVG 2021 table (§ 60 RVG; the 2025 table applies from 06-01). Value = open
      // principal 2400.00 − 425.17 = 1974.83 → "up to 2,000": 49 + 3 × 39 = 166.00. Nr. 2300 0.9 × 166.00
      // = 149.40; Nr. 7002 20 % = 29.88 → at most 20.00; 169.40; § 288 Abs. 5 S. 3 BGB − 40.00 → 129.40.
      '2025-05-31 fee collection-costs 129.40',
      '2025-05-31 message letter handover-inkasso',
      // As of 06-09: costs 40.00 + 129.40 − 40.00 paid = 129.40; interest 05-20 … 06-09 = 12 + 9 = 21 days
      // on 1974.83: 1974.83 × 0.1127 × 21 / 365 = 4673.830161 / 365 = 12.8050 → 12.81;
      // principal 300.00 − 129.40 − 12.81 = 157.79.
      '2025-06-10 payment 300.00 → costs 129.40 interest 12.81 principal 157.79',
      // 05-31 + 30 = Mon 06-30 (after the deadline 06-16): the announcement, deadline 06-30 + 14 = Mon 07-14.
      // No court fee: KV 1100 GKG arises with the filing (06-30 + 21 = 07-21, after this run), not with the letter (issue 8).
      '2025-06-30 stage court-dunning-announcement deadline 2025-07-14',
      '2025-06-30 message letter court-dunning-announcement',
    ]);
    expect(feeItems(claim, 'collection-costs')).toEqual([
      ['Nr. 2300 VV RVG', '149.40', '0.9', '166.00'],
      ['Nr. 7002 VV RVG', '20.00', null, null],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00', null, null],
    ]);
    const costs = ofType(claim.events, 'fee-charged').find((f) => f.kind === 'collection-costs');
    expect(costs?.reason?.inputs).toMatchObject({ claimValue: '1974.83', table: 'RVG 2021-01-01', case: 'uncontested', cap: '129.40', flatFeeCredit: '40.00' });
    expectNoGuardBroken(result);
  });

  it('the statement on 06-30: a Zinsstaffel on the falling principal (§ 289 BGB: none on interest or costs)', () => {
    // Principal 2400.00 − 425.17 − 157.79 = 1817.04. 06-10 … 06-30 = 21 days:
    // 1817.04 × 0.1127 × 21 / 365 = 4300.388568 / 365 = 11.7819 → 11.78. Accrued 34.83 + 12.81 + 11.78 = 59.42,
    // open 11.78. Costs 40.00 + 129.40 − 169.40 paid = 0.00 (no court fee before the filing). Total 1817.04 + 11.78 = 1828.82.
    expect(interestLines(claim.statement)).toEqual([
      '2025-04-03..2025-05-19 47d 11.27% on 2400.00 = 34.83',
      '2025-05-20..2025-06-09 21d 11.27% on 1974.83 = 12.81',
      '2025-06-10..2025-06-30 21d 11.27% on 1817.04 = 11.78',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '1817.04', interest: '11.78', costs: '0.00', total: '1828.82', interestAccrued: '59.42' });
  });
});

describe('simulate de-b2b-default: dispute, then resolution (default by the 30-day rule meanwhile)', () => {
  // Due date NOT fixed by the calendar. Invoice 2025-03-03, taken as received 03-06 (letterDeliveryDays 3),
  // due 04-02: § 286 Abs. 3 BGB → 30 days after due date and receipt (the later, 04-02): last day 05-02,
  // default from 05-03. Disputed 04-05 (before the reminder of 04-09), resolved for the creditor 05-05.
  const result = run(businessClaim({ dueDateIsCalendarDate: false }), '2025-03-03', '2025-06-30', [
    { type: 'dispute', claimId: 'B2B-1', date: '2025-04-05', note: 'delivery incomplete' },
    { type: 'resolve-dispute', claimId: 'B2B-1', date: '2025-05-05', outcome: 'creditor-right' },
  ]);
  const claim = only(result);

  it('no escalation while the dispute is open; resumes on resolution; the hand-over after a dispute resolved for the creditor is uncontested', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-04-05 dispute-opened',
      '2025-05-03 default thirty-day-rule',
      '2025-05-05 dispute-resolved creditor-right',
      '2025-05-05 stage reminder',
      '2025-05-05 message email reminder',
      // 05-05 + 14; deadline 05-19 + 14 = Mon 06-02
      '2025-05-19 stage dunning-notice deadline 2025-06-02',
      '2025-05-19 message letter dunning-notice',
      // 05-19 + 21 = 06-09; deadline 06-09 + 10 = Thu 06-19 (no federal state given: only nationwide holidays)
      '2025-06-09 stage final-notice deadline 2025-06-19',
      '2025-06-09 fee flat-fee 40.00',
      '2025-06-09 message letter final-notice',
      // 06-09 + 17 = 06-26; deadline 06-26 + 14 = Thu 07-10
      '2025-06-26 stage handover deadline 2025-07-10',
      '2025-06-26 handed-over',
      // Issue 8: the dispute was resolved for the creditor before the mandate; the agency collects a claim
      // no longer disputed, so Anm. Abs. 2 zu Nr. 2300 VV RVG applies (0.9) — not 1.3 "contested" for a dispute the
      // agency never handled (§ 254 Abs. 2 BGB: only necessary costs). Mandate 06-26 → RVG 2025; value 2400.00 →
      // "up to 3,000": 176.00 + 59.50 = 235.50. 0.9 × 235.50 = 211.95; Nr. 7002 20 % = 42.39 → 20.00; 231.95 − 40.00 = 191.95.
      '2025-06-26 fee collection-costs 191.95',
      '2025-06-26 message letter handover-inkasso',
    ]);
    const escalations = claim.events.filter((e) => ['stage-entered', 'message-queued', 'fee-charged'].includes(e.type));
    expect(escalations.filter((e) => e.date >= '2025-04-05' && e.date < '2025-05-05')).toEqual([]);
    expect(feeItems(claim, 'collection-costs')).toEqual([
      ['Nr. 2300 VV RVG', '211.95', '0.9', '235.50'],
      ['Nr. 7002 VV RVG', '20.00', null, null],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00', null, null],
    ]);
    expect(ofType(claim.events, 'fee-charged').find((f) => f.kind === 'collection-costs')?.reason?.inputs).toMatchObject({ case: 'uncontested', cap: '191.95' });
    expectNoGuardBroken(result);
  });

  it('interest from the first day of default (05-03) to 06-30', () => {
    // 05-03 … 06-30 = 29 + 30 = 59 days: 2400.00 × 0.1127 × 59 / 365 = 15958.32 / 365 = 43.7214 → 43.72.
    // Costs 40.00 + 191.95 = 231.95. Total 2400.00 + 43.72 + 231.95 = 2675.67.
    expect(interestLines(claim.statement)).toEqual(['2025-05-03..2025-06-30 59d 11.27% on 2400.00 = 43.72']);
    expect(figures(claim.statement)).toEqual({ principal: '2400.00', interest: '43.72', costs: '231.95', total: '2675.67', interestAccrued: '43.72' });
  });
});

describe('simulate de-b2b-default: hold with expiry (interestRuns true)', () => {
  // Hold 2025-04-05 until 2025-04-30, interest keeps running; paid in full on 2025-05-08.
  // Interest 04-03 … 05-07 = 28 + 7 = 35 days: 2400.00 × 0.1127 × 35 / 365 = 9466.80 / 365 = 25.9364 → 25.94. Payment 2425.94.
  const result = run(businessClaim(), '2025-03-03', '2025-06-30', [
    { type: 'hold', claimId: 'B2B-1', date: '2025-04-05', until: '2025-04-30', interestRuns: true, note: 'payment promised by the managing director' },
    { type: 'pay', claimId: 'B2B-1', date: '2025-05-08', amount: '2425.94' },
  ]);
  const claim = only(result);

  it('no escalation until expiry + 1 (05-01); interest runs through the hold', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-04-03 default calendar-date',
      '2025-04-05 hold-placed until 2025-04-30 interestRuns true',
      // the reminder (due + 7 = 04-09) waits for the hold
      '2025-05-01 hold-lifted expired',
      '2025-05-01 stage reminder',
      '2025-05-01 message email reminder',
      '2025-05-08 payment 2425.94 → costs 0.00 interest 25.94 principal 2400.00',
      '2025-05-08 settled',
    ]);
    expect(interestLines(claim.statement)).toEqual(['2025-04-03..2025-05-07 35d 11.27% on 2400.00 = 25.94']);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '25.94' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: installment plan', () => {
  it('kept: no escalation while the plan runs; the last installment settles the claim', () => {
    // Plan agreed 2025-04-10 (after the reminder): 1200.00 on 04-30, 1231.31 on 05-30.
    // 04-30: interest 04-03 … 04-29 = 27 days: 2400.00 × 0.1127 × 27 / 365 = 7302.96 / 365 = 20.0081 → 20.01;
    //        principal 1200.00 − 20.01 = 1179.99 → 1220.01 left.
    // 05-30: interest 04-30 … 05-29 = 1 + 29 = 30 days on 1220.01: 1220.01 × 0.1127 × 30 / 365 = 4124.85381 / 365 = 11.3010 → 11.30;
    //        1220.01 + 11.30 = 1231.31 = the second installment.
    const result = run(businessClaim(), '2025-03-03', '2025-06-30', [
      {
        type: 'installment-plan',
        claimId: 'B2B-1',
        date: '2025-04-10',
        installments: [
          { dueDate: '2025-04-30', amount: '1200.00' },
          { dueDate: '2025-05-30', amount: '1231.31' },
        ],
      },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-04-03 default calendar-date',
      '2025-04-09 stage reminder',
      '2025-04-09 message email reminder',
      '2025-04-10 installment-plan-agreed',
      // the dunning notice (04-09 + 14 = 04-23) and with it the flat fee wait while the plan is kept
      '2025-04-30 payment 1200.00 → costs 0.00 interest 20.01 principal 1179.99',
      '2025-05-30 payment 1231.31 → costs 0.00 interest 11.30 principal 1220.01',
      '2025-05-30 settled',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '31.31' });
    expectNoGuardBroken(result);
  });

  it('defaulted: two missed installments → installment-plan-defaulted → dunning resumes, flat fee with the final notice', () => {
    // Plan agreed 2025-04-10: 800.00 on 04-30, 05-30 and 06-30; the debtor pays nothing.
    // Grace 5 days: 04-30 → last day 05-05 → missed on 05-06; 05-30 → last day 06-04 → missed on 06-05,
    // 2 missed = limit → plan defaulted 06-05.
    const result = run(businessClaim(), '2025-03-03', '2025-06-30', [
      {
        type: 'installment-plan',
        claimId: 'B2B-1',
        date: '2025-04-10',
        installments: [
          { dueDate: '2025-04-30', amount: '800.00' },
          { dueDate: '2025-05-30', amount: '800.00' },
          { dueDate: '2025-06-30', amount: '800.00' },
        ],
        paysInstallments: 0,
      },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-04-03 default calendar-date',
      '2025-04-09 stage reminder',
      '2025-04-09 message email reminder',
      '2025-04-10 installment-plan-agreed',
      '2025-05-06 installment-missed 0',
      '2025-06-05 installment-missed 1',
      '2025-06-05 installment-plan-defaulted',
      // trigger 04-23 long passed; deadline 06-05 + 14 = Thu 06-19
      '2025-06-05 stage dunning-notice deadline 2025-06-19',
      '2025-06-05 message letter dunning-notice',
      // 06-05 + 21 = 06-26; deadline 06-26 + 10 = Sun 07-06 → § 193 BGB: Mon 07-07
      '2025-06-26 stage final-notice deadline 2025-07-07',
      '2025-06-26 fee flat-fee 40.00',
      '2025-06-26 message letter final-notice',
    ]);
    // 04-03 … 06-30 = 28 + 31 + 30 = 89 days: 2400.00 × 0.1127 × 89 / 365 = 24072.72 / 365 = 65.9527 → 65.95.
    expect(figures(claim.statement)).toEqual({ principal: '2400.00', interest: '65.95', costs: '40.00', total: '2505.95', interestAccrued: '65.95' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: the whole timeline; § 288 Abs. 5 S. 3 BGB — the flat fee is credited against the collection costs', () => {
  // 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (calendar date) → default from 06-17. Nobody pays.
  const claimFacts = businessClaim({ id: 'B2B-2', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16' });
  const result = simulate({ claims: [claimFacts], policy: 'auto', from: '2025-06-02', to: '2025-10-31' });
  const claim = only(result);

  it('dates, deadlines and charges of every stage', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-06-17 default calendar-date',
      '2025-06-23 stage reminder',
      '2025-06-23 message email reminder',
      '2025-07-07 stage dunning-notice deadline 2025-07-21',
      '2025-07-07 message letter dunning-notice',
      // § 288 Abs. 5 S. 1 BGB: business debtor, Entgeltforderung, obligation 2025 (after 2014-07-28), in default.
      '2025-07-28 stage final-notice deadline 2025-08-07',
      '2025-07-28 fee flat-fee 40.00',
      '2025-07-28 message letter final-notice',
      '2025-08-14 stage handover deadline 2025-08-28',
      '2025-08-14 handed-over',
      // Mandate 08-14 → RVG 2025; value 1500.00: 51.50 + 2 × 41.50 = 134.50. Nr. 2300 0.9 × 134.50 = 121.05;
      // Nr. 7002 20 % = 24.21 → at most 20.00; lawyer's fee 141.05 (§ 13e RDG cap); − 40.00 flat fee = 101.05.
      '2025-08-14 fee collection-costs 101.05',
      '2025-08-14 message letter handover-inkasso',
      // 08-14 + 30 = Sat 09-13: the announcement, no court fee; deadline 09-13 + 14 = Sat 09-27 → § 193 BGB Mon 09-29.
      '2025-09-13 stage court-dunning-announcement deadline 2025-09-29',
      '2025-09-13 message letter court-dunning-announcement',
      // The filing 09-13 + 21 = Sat 10-04. KV 1100 GKG: 0.5 × 82.00 (GKG 2025 for 1500.00: 40.00 + 2 × 21.00) = 41.00.
      '2025-10-04 stage court-dunning',
      '2025-10-04 court-dunning-filed',
      '2025-10-04 fee court-fee 41.00',
    ]);
    expect(claim.status).toBe('court-dunning');
    expectNoGuardBroken(result);
  });

  it('§ 13e RDG, § 288 Abs. 5 S. 3 BGB: costs = RVG fee (Nr. 2300 + Nr. 7002) − 40; flat fee + costs = the lawyer fee, never more', () => {
    expect(feeItems(claim, 'collection-costs')).toEqual([
      ['Nr. 2300 VV RVG', '121.05', '0.9', '134.50'],
      ['Nr. 7002 VV RVG', '20.00', null, null],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00', null, null],
    ]);
    const costs = ofType(claim.events, 'fee-charged').find((f) => f.kind === 'collection-costs');
    expect(costs?.reason?.inputs).toMatchObject({ claimValue: '1500.00', case: 'uncontested', table: 'RVG 2025-06-01', cap: '101.05', flatFeeCredit: '40.00' });
    // flat fee 40.00 + collection costs 101.05 = 141.05 = what a lawyer may charge for the same work.
    expect(toAmountString(collectionCostsCap(money('1500.00', 'EUR'), '2025-08-14'))).toBe('141.05');
    const charged = ofType(claim.events, 'fee-charged').filter((f) => f.kind === 'flat-fee' || f.kind === 'collection-costs');
    expect(charged.map((f) => f.amount)).toEqual(['40.00', '101.05']);
    expect(feeItems(claim, 'court-fee')).toEqual([['KV 1100 GKG', '41.00', '0.5', '82.00']]);
  });

  it('the letters carry the deadlines and the statement of their day', () => {
    expect(result.messages.map((m) => [m.date, m.stage, m.channel, m.template, m.deadline ?? null])).toEqual([
      ['2025-06-23', 'reminder', 'email', 'reminder', null],
      ['2025-07-07', 'dunning-notice', 'letter', 'dunning-notice', '2025-07-21'],
      ['2025-07-28', 'final-notice', 'letter', 'final-notice', '2025-08-07'],
      ['2025-08-14', 'handover', 'letter', 'handover-inkasso', '2025-08-28'],
      ['2025-09-13', 'court-dunning-announcement', 'letter', 'court-dunning-announcement', '2025-09-29'],
    ]);
    // The announcement's statement holds no court fee: costs 40.00 + 101.05 = 141.05.
    const announcement = result.messages.find((m) => m.template === 'court-dunning-announcement');
    expect(announcement && toAmountString(announcement.statement.costs)).toBe('141.05');
    // Final notice 07-28: 06-17 … 06-30 = 14 days at 11.27 %: 1500.00 × 0.1127 × 14 / 365 = 2366.70 / 365 = 6.4841 → 6.48;
    // 07-01 … 07-28 = 28 days at 1.27 + 9 = 10.27 %: 1500.00 × 0.1027 × 28 / 365 = 4313.40 / 365 = 11.8175 → 11.82; 18.30.
    // Costs 40.00 (flat fee of that day). Total 1500.00 + 18.30 + 40.00 = 1558.30.
    const finalNotice = result.messages.find((m) => m.stage === 'final-notice');
    expect(finalNotice && figures(finalNotice.statement)).toEqual({ principal: '1500.00', interest: '18.30', costs: '40.00', total: '1558.30', interestAccrued: '18.30' });
  });

  it('the statement on 10-31', () => {
    // 06-17 … 06-30: 6.48; 07-01 … 10-31 = 123 days at 10.27 %: 1500.00 × 0.1027 × 123 / 365 = 18948.15 / 365 = 51.9127 → 51.91.
    // Interest 58.39; costs 40.00 + 101.05 + 41.00 = 182.05; total 1500.00 + 58.39 + 182.05 = 1740.44.
    expect(interestLines(claim.statement)).toEqual([
      '2025-06-17..2025-06-30 14d 11.27% on 1500.00 = 6.48',
      '2025-07-01..2025-10-31 123d 10.27% on 1500.00 = 51.91',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '1500.00', interest: '58.39', costs: '182.05', total: '1740.44', interestAccrued: '58.39' });
  });
});

describe('simulate de-b2b-default: paid within two weeks of the collection agency\'s first demand', () => {
  // REGRESSION (fixed in src/engine/fee-corrections.ts, simpleCaseCorrection: a payment that settles
  // the claim within two weeks of the agency's first demand first books `fee-reduced`, then § 367).
  // Was (src/engine/decide.ts, enterStage, case 'charge-collection-costs', `case: 'auto'`
  // → always 'uncontested' 0.9 at the hand-over, never revisited). Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG:
  // "In einfachen Fällen darf nur eine Gebühr von 0,5 gefordert werden; ein einfacher Fall liegt in
  // der Regel vor, wenn die Forderung innerhalb von zwei Wochen nach der ersten Zahlungsaufforderung
  // beglichen wird" — the rule covers every Inkasso service for an uncontested claim, business
  // debtors included; § 13e RDG caps the recoverable costs at it. See the same test in timeline-b2c.
  it('Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG: paid in full 7 days after the hand-over letter → 0.5 fee less the flat fee; settled, no court dunning', () => {
    // 0.5 × 134.50 = 67.25; Nr. 7002 20 % = 13.45; 80.70 − 40.00 flat fee (§ 288 Abs. 5 S. 3 BGB) = 40.70.
    // As of 08-20: interest 06-17 … 06-30 = 6.48 (above); 07-01 … 08-20 = 51 days at 10.27 %:
    // 1500.00 × 0.1027 × 51 / 365 = 7856.55 / 365 = 21.5248 → 21.52; 28.00. Costs 40.00 + 40.70 = 80.70.
    // Total 1500.00 + 28.00 + 80.70 = 1608.70.
    const claimFacts = businessClaim({ id: 'B2B-2', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16' });
    const result = run(claimFacts, '2025-06-02', '2025-09-30', [{ type: 'pay', claimId: 'B2B-2', date: '2025-08-21', amount: '1608.70' }]);
    const claim = only(result);
    expect(ofType(claim.events, 'payment-received').map((p) => p.allocation)).toEqual([{ costs: '80.70', interest: '28.00', principal: '1500.00', unapplied: '0.00' }]);
    expect(claim.status).toBe('settled');
    expect(ofType(claim.events, 'court-dunning-filed')).toEqual([]);
    // Charged 101.05 (141.05 − 40.00) − simple case 40.70 (80.70 − 40.00) = 60.35; the flat fee stays credited.
    const reduced = ofType(claim.events, 'fee-reduced');
    expect(reduced.map((r) => [r.date, r.feeId, r.amount])).toEqual([['2025-08-21', 'B2B-2:fee:collection-costs:2025-08-14:1', '60.35']]);
    expect(reduced[0]?.items?.map((i) => [i.code, i.amount, i.factor ?? null])).toEqual([
      ['Nr. 2300 VV RVG', '67.25', '0.5'],
      ['Nr. 7002 VV RVG', '13.45', null],
      ['§ 288 Abs. 5 S. 3 BGB', '-40.00', null],
    ]);
    // First demand: the hand-over letter sent Thu 08-14, received Sun 08-17 (sent + letterDeliveryDays 3, the
    // receipt convention of a Mahnung); two weeks from receipt: 08-17 + 14 = Sun 08-31 → § 193 BGB → Mon 09-01.
    expect(reduced[0]?.reason?.inputs).toMatchObject({ demandDate: '2025-08-14', demandReceivedOn: '2025-08-17', windowEnd: '2025-09-01', charged: '101.05', simpleCase: '40.70', flatFeeCredit: '40.00' });
    expect(figures(claim.statement)).toMatchObject({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2b-default: a time-barred claim', () => {
  it('§§ 195, 199 Abs. 1 BGB: invoice of 2021 → limitation ended 2024-12-31 (a Tuesday); flagged time-barred, no message, no flat fee', () => {
    // Arose 2021-12-15 (due date) → 3 years from the end of 2021: 2024-12-31. Time-barred from 2025-01-01.
    const old = businessClaim({ id: 'B2B-OLD', invoiceDate: '2021-11-15', dueDate: '2021-12-15' });
    const result = run(old, '2025-01-01', '2025-06-30');
    const claim = only(result);
    expect(timeline(claim.events)).toEqual(['2021-12-16 default calendar-date', '2025-01-01 time-barred expiredOn 2024-12-31']);
    expect(claim.status).toBe('time-barred');
    expect(claim.stage).toBeNull();
    expect(result.messages).toEqual([]);
    expect(ofType(claim.events, 'fee-charged')).toEqual([]);
    expectNoGuardBroken(result);
  });
});
