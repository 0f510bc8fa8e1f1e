import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  compare,
  money,
  deB2cDefaultPolicy,
  MahnwerkError,
  simulate,
  toAmountString,
  ValidationError,
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

// Timeline tests of the built-in consumer policy `de-b2c-default` (issue #3), run through `simulate`
// with scripted debtor behaviour. Every date and amount below is computed BY HAND; the computation
// is written next to the figure. Conventions (facts file /work/shared/legal/de-and-eu-facts.md):
// - Base rate (§ 247 BGB, facts § 1.1): 2025-01-01 2.27 %, 2025-07-01 1.27 %. Consumer: + 5 points
//   (§ 288 Abs. 1 BGB) → 7.27 % (H1 2025), 6.27 % (H2 2025).
// - Interest = principal × rate × days / 365 (act/365), each Zinsstaffel period rounded half up to
//   the cent. First interest day = first day of default (§ 187 Abs. 1 BGB analogously, facts § 2.3);
//   a payment on day D lowers the principal from D on (D is not an interest day for the paid part).
// - § 367 Abs. 1 BGB: a payment goes to costs, then interest, then principal, against the claim as
//   it stood at the END OF THE DAY BEFORE the payment.
// - RVG (facts § 3.1/3.2, § 60 RVG: mandate before 2025-06-01 → 2021 table), GKG (facts § 6).
// - Policy timings (de-b2c-default): reminder due + 7 (e-mail); dunning-notice + 14 (letter,
//   deadline 14); final-notice + 21 (letter, deadline 10, creditor fee 1.00); handover + 17
//   (collection costs, letter handover-inkasso, deadline 14); court-dunning + 30. A stage never
//   starts on or before the previous deadline; deadlines move by § 193 BGB.

const POLICY = 'de-b2c-default';

function consumerClaim(over: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    id: 'B2C-1',
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    // Thursday; "zahlbar bis 16.01.2025" → default from 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB).
    dueDate: '2025-01-16',
    dueDateIsCalendarDate: true,
    // The reason of the claim the agency's first letter names (§ 13a Abs. 1 Nr. 2 RDG); without it no hand-over.
    description: 'Bestellung 4711: Gartenstuhl',
    contractDate: over.invoiceDate ?? '2025-01-02',
    ...over,
    debtor: { id: 'D-B2C-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Musterweg 1', '10115 Berlin'] },
  };
}

type Script = NonNullable<BehaviourInput['script']>;

function run(claim: ClaimFacts, from: IsoDate, to: IsoDate, script: Script = [], extra: Partial<SimulationInput> = {}): SimulationResult {
  return runWith(POLICY, claim, from, to, script, extra);
}

function expectNoGuardBroken(result: SimulationResult): void {
  expect(checkInvariants(result.events, deB2cDefaultPolicy)).toEqual([]);
}

describe('simulate de-b2c-default: paid before the due date', () => {
  // 1000.00 paid on 2025-01-10, six days before the due date 2025-01-16.
  const result = run(consumerClaim(), '2025-01-02', '2025-03-31', [{ type: 'pay', claimId: 'B2C-1', date: '2025-01-10', amount: '1000.00' }]);
  const claim = only(result);

  it('§ 362 Abs. 1 BGB: settled on the payment day; no stage, no message, no default, no interest', () => {
    expect(timeline(claim.events)).toEqual([
      // Statement as of 2025-01-09: principal 1000.00, no interest (no default), no costs → all to principal.
      '2025-01-10 payment 1000.00 → costs 0.00 interest 0.00 principal 1000.00',
      '2025-01-10 settled',
    ]);
    expect(claim.status).toBe('settled');
    expect(claim.stage).toBeNull();
    expect(result.messages).toEqual([]);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '0.00' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2c-default: paid after the reminder (interest only for the days in default)', () => {
  it('§ 286 Abs. 2 Nr. 1, § 288 Abs. 1 BGB: calendar due date 2025-01-16 → default from 01-17; paid 01-30 with 13 days of interest', () => {
    // Interest days 2025-01-17 … 2025-01-29 (the day before the payment) = 13 days at 2.27 + 5 = 7.27 %:
    // 1000.00 × 0.0727 × 13 / 365 = 945.10 / 365 = 2.5893 → 2.59. The debtor pays 1000.00 + 2.59 = 1002.59.
    const result = run(consumerClaim(), '2025-01-02', '2025-03-31', [{ type: 'pay', claimId: 'B2C-1', date: '2025-01-30', amount: '1002.59' }]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      // due 2025-01-16 + 7
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      // § 367: no costs; interest 2.59 (as of 01-29); principal 1000.00 → nothing left.
      '2025-01-30 payment 1002.59 → costs 0.00 interest 2.59 principal 1000.00',
      '2025-01-30 settled',
    ]);
    expect(claim.status).toBe('settled');
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '2.59' });
    expect(interestLines(claim.statement)).toEqual(['2025-01-17..2025-01-29 13d 7.27% on 1000.00 = 2.59']);
    expect(result.messages.map((m) => [m.date, m.stage, m.channel, m.template])).toEqual([['2025-01-23', 'reminder', 'email', 'reminder']]);
    expectNoGuardBroken(result);
  });

  // REGRESSION (fixed: the engine now runs before a day's bookings and looks again after a notice is sent). Was (src/simulate/simulate.ts, step "4. When to look again", `let next = decision.nextReviewAt`):
  // the next review day is taken from `decide`, which ran BEFORE the `message-sent` events of the day
  // were appended. `decide` only knows a dunning notice's receipt (and so the first day of default,
  // § 286 Abs. 1 BGB: receipt 02-09 → default 02-10) from its `message-sent` event, so the claim is
  // not looked at on 02-10 and `default-began` is not recorded before the payment of 02-20.
  // The payment is then allocated (§ 367 Abs. 1 BGB) against a ledger without default: 0.00 to
  // interest, 1.99 "unapplied" — and only afterwards `default-began` (dated 02-10) is appended, so
  // the claim shows 1.99 interest open next to 1.99 unapplied and is escalated to final notice and
  // hand-over for 1.99 the debtor has already paid. The host API does it right (engine/mahnwerk.ts
  // `appendDelivery` recomputes the review day after a delivery); simulate should do the same
  // (e.g. `nextReviewAt(run.state, run.policy, context, today)` after `append(i, sent)`).
  it('§ 286 Abs. 1 BGB: no calendar due date → default only from receipt of the Mahnung (letter 02-06 + 3 days = 02-09, default 02-10); paid 02-20 with 10 days of interest', () => {
    // Default from 2025-02-10; interest days 02-10 … 02-19 = 10 days at 7.27 %:
    // 1000.00 × 0.0727 × 10 / 365 = 727.00 / 365 = 1.9918 → 1.99. Payment 1001.99.
    const result = run(consumerClaim({ dueDateIsCalendarDate: false }), '2025-01-02', '2025-03-31', [
      { type: 'pay', claimId: 'B2C-1', date: '2025-02-20', amount: '1001.99' },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      // reminder 01-23 + 14; deadline 02-06 + 14 = Thu 02-20
      '2025-02-06 stage dunning-notice deadline 2025-02-20',
      '2025-02-06 message letter dunning-notice',
      '2025-02-10 default reminder',
      '2025-02-20 payment 1001.99 → costs 0.00 interest 1.99 principal 1000.00',
      '2025-02-20 settled',
    ]);
    expect(figures(claim.statement)).toMatchObject({ total: '0.00', interestAccrued: '1.99' });
    expect(interestLines(claim.statement)).toEqual(['2025-02-10..2025-02-19 10d 7.27% on 1000.00 = 1.99']);
    expectNoGuardBroken(result);
  });

  // REGRESSION (fixed: the engine now runs before a day's bookings and looks again after a notice is sent). Was (src/simulate/simulate.ts, step "1. What the debtor does today" runs before step 2
  // `decide`): when the simulation starts after default has begun, the debtor's input of the first
  // day is allocated before `decide` has recorded `default-began` (dated 2025-01-17), so the interest
  // owed on 02-28 is not seen by § 367 Abs. 1 BGB: the whole payment goes to principal, and the claim
  // is then dunned (reminder 03-01, dunning notice 03-15) for 8.56 of interest. § 367 requires the
  // payment to meet the interest first. Same root as above: a payment must not be allocated against
  // a ledger that lacks a default the engine already knows from the facts.
  it('§ 367 Abs. 1 BGB: a simulation starting after default (from 2025-03-01) still allocates the first day\'s payment to the interest owed', () => {
    // Interest 2025-01-17 … 2025-02-28 = 15 + 28 = 43 days: 1000.00 × 0.0727 × 43 / 365 = 3126.10 / 365 = 8.5647 → 8.56.
    const result = run(consumerClaim(), '2025-03-01', '2025-03-31', [{ type: 'pay', claimId: 'B2C-1', date: '2025-03-01', amount: '1008.56' }]);
    const claim = only(result);
    expect(ofType(claim.events, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '8.56', principal: '1000.00', unapplied: '0.00' });
    expect(claim.status).toBe('settled');
    // The engine runs before the day's bookings (like a host's morning runDue): the overdue reminder of
    // that morning may go out, but nothing after the payment.
    expect(result.messages.every((m) => m.date === '2025-03-01' && m.stage === 'reminder')).toBe(true);
  });

  it('no calendar due date, paid after the friendly reminder but before any Mahnung: no default, so no interest', () => {
    // The engine (conservatively) gives the Zahlungserinnerung no legal effect; the debtor is not in
    // default on 2025-01-30, so 1000.00 settles the claim in full.
    const result = run(consumerClaim({ dueDateIsCalendarDate: false }), '2025-01-02', '2025-03-31', [
      { type: 'pay', claimId: 'B2C-1', date: '2025-01-30', amount: '1000.00' },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      '2025-01-30 payment 1000.00 → costs 0.00 interest 0.00 principal 1000.00',
      '2025-01-30 settled',
    ]);
    expect(claim.statement.interestAccrued.amount.isZero()).toBe(true);
    expect(ofType(claim.events, 'default-began')).toEqual([]);
  });
});

describe('simulate de-b2c-default: partial payments allocated per § 367 Abs. 1 BGB', () => {
  // 1000.00, default from 2025-01-17 (calendar due date). Pays 100.00 on 2025-03-05 and 200.00 on 2025-03-20.
  const result = run(consumerClaim(), '2025-01-02', '2025-03-31', [
    { type: 'pay', claimId: 'B2C-1', date: '2025-03-05', amount: '100.00' },
    { type: 'pay', claimId: 'B2C-1', date: '2025-03-20', amount: '200.00' },
  ]);
  const claim = only(result);

  it('costs → interest → principal, each against the statement as of the day before the payment', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      '2025-02-06 stage dunning-notice deadline 2025-02-20',
      '2025-02-06 message letter dunning-notice',
      // 02-06 + 21 = 02-27 (after the deadline 02-20); deadline 02-27 + 10 = Sun 03-09 → § 193 BGB: Mon 03-10.
      '2025-02-27 stage final-notice deadline 2025-03-10',
      '2025-02-27 fee creditor-dunning-fee 1.00',
      '2025-02-27 message letter final-notice',
      // As of 03-04: costs 1.00; interest 01-17 … 03-04 = 15 + 28 + 4 = 47 days:
      // 1000.00 × 0.0727 × 47 / 365 = 3416.90 / 365 = 9.3614 → 9.36; principal 100.00 − 1.00 − 9.36 = 89.64.
      '2025-03-05 payment 100.00 → costs 1.00 interest 9.36 principal 89.64',
      // 02-27 + 17 = Sun 03-16 (after the deadline 03-10); deadline 03-16 + 14 = Sun 03-30 → Mon 03-31.
      '2025-03-16 stage handover deadline 2025-03-31',
      '2025-03-16 handed-over',
      // § 13e RDG cap. Mandate 2025-03-16 → RVG 2021 table (§ 60 RVG). Value = open principal
      // 1000.00 − 89.64 = 910.36 → "up to 1,000": 1.0 fee 49 + 39 = 88.00. Nr. 2300 (uncontested,
      // Anm. Abs. 2) 0.9 × 88.00 = 79.20; Nr. 7002 20 % = 15.84 (< 20.00) → 95.04.
      '2025-03-16 fee collection-costs 95.04',
      '2025-03-16 message letter handover-inkasso',
      // As of 03-19: costs 1.00 + 95.04 − 1.00 paid = 95.04; interest: 9.36 (paid) + 03-05 … 03-19 =
      // 15 days on 910.36: 910.36 × 0.0727 × 15 / 365 = 992.74758 / 365 = 2.7199 → 2.72 open;
      // principal 200.00 − 95.04 − 2.72 = 102.24.
      '2025-03-20 payment 200.00 → costs 95.04 interest 2.72 principal 102.24',
    ]);
  });

  it('the allocation records what it was made against (asOf = the day before)', () => {
    const [first, second] = ofType(claim.events, 'payment-received');
    expect(first?.reason).toMatchObject({
      rule: 'allocation.367',
      basis: '§ 367 Abs. 1 BGB',
      inputs: { asOf: '2025-03-04', openCosts: '1.00', openInterest: '9.36', openPrincipal: '1000.00', amount: '100.00' },
    });
    expect(second?.reason?.inputs).toMatchObject({ asOf: '2025-03-19', openCosts: '95.04', openInterest: '2.72', openPrincipal: '910.36' });
  });

  it('the statement on 03-31: a Zinsstaffel on the falling principal (§ 289 BGB: none on interest or costs)', () => {
    // Principal 1000.00 − 89.64 − 102.24 = 808.12. Third period 03-20 … 03-31 = 12 days:
    // 808.12 × 0.0727 × 12 / 365 = 705.003888 / 365 = 1.9315 → 1.93. Accrued 9.36 + 2.72 + 1.93 = 14.01,
    // paid 9.36 + 2.72 → open 1.93. Costs 96.04 − 96.04 = 0.00. Total 808.12 + 1.93 = 810.05.
    expect(interestLines(claim.statement)).toEqual([
      '2025-01-17..2025-03-04 47d 7.27% on 1000.00 = 9.36',
      '2025-03-05..2025-03-19 15d 7.27% on 910.36 = 2.72',
      '2025-03-20..2025-03-31 12d 7.27% on 808.12 = 1.93',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '808.12', interest: '1.93', costs: '0.00', total: '810.05', interestAccrued: '14.01' });
    expect(claim.status).toBe('handed-over');
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2c-default: dispute, then resolution', () => {
  // Disputed on 2025-01-20 (before the reminder would go out on 01-23), resolved for the creditor on 2025-03-03.
  const result = run(consumerClaim(), '2025-01-02', '2025-03-31', [
    { type: 'dispute', claimId: 'B2C-1', date: '2025-01-20', note: 'goods defective' },
    { type: 'resolve-dispute', claimId: 'B2C-1', date: '2025-03-03', outcome: 'creditor-right' },
  ]);
  const claim = only(result);

  it('no escalation while the dispute is open; escalation resumes on the day it is resolved', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-20 dispute-opened',
      // nothing from 01-20 to 03-02: the reminder (due + 7 = 01-23) waits
      '2025-03-03 dispute-resolved creditor-right',
      '2025-03-03 stage reminder',
      '2025-03-03 message email reminder',
      // 03-03 + 14 = 03-17; deadline 03-17 + 14 = Mon 03-31
      '2025-03-17 stage dunning-notice deadline 2025-03-31',
      '2025-03-17 message letter dunning-notice',
    ]);
    const escalations = claim.events.filter((e) => ['stage-entered', 'message-queued', 'fee-charged'].includes(e.type));
    expect(escalations.filter((e) => e.date >= '2025-01-20' && e.date < '2025-03-03')).toEqual([]);
    expectNoGuardBroken(result);
  });

  it('the dispute (resolved for the creditor) does not stop default interest', () => {
    // 2025-01-17 … 2025-03-31 = 15 + 28 + 31 = 74 days: 1000.00 × 0.0727 × 74 / 365 = 5379.80 / 365 = 14.7392 → 14.74.
    expect(interestLines(claim.statement)).toEqual(['2025-01-17..2025-03-31 74d 7.27% on 1000.00 = 14.74']);
    expect(figures(claim.statement)).toEqual({ principal: '1000.00', interest: '14.74', costs: '0.00', total: '1014.74', interestAccrued: '14.74' });
  });
});

describe('simulate de-b2c-default: hold with expiry (interestRuns false)', () => {
  // Hold placed 2025-01-20 until 2025-02-28 without interest; paid in full on 2025-03-20.
  // Interest days: 01-17 … 01-19 = 3 days: 1000.00 × 0.0727 × 3 / 365 = 218.10 / 365 = 0.5975 → 0.60;
  // (01-20 … 02-28 excluded); 03-01 … 03-19 = 19 days: 1381.30 / 365 = 3.7844 → 3.78. Total 4.38 → payment 1004.38.
  const result = run(consumerClaim(), '2025-01-02', '2025-03-31', [
    { type: 'hold', claimId: 'B2C-1', date: '2025-01-20', until: '2025-02-28', interestRuns: false, note: 'customer in hospital' },
    { type: 'pay', claimId: 'B2C-1', date: '2025-03-20', amount: '1004.38' },
  ]);
  const claim = only(result);

  it('no escalation until the day after expiry (until + 1 = 2025-03-01); then the overdue reminder goes out', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-20 hold-placed until 2025-02-28 interestRuns false',
      '2025-03-01 hold-lifted expired',
      '2025-03-01 stage reminder',
      '2025-03-01 message email reminder',
      // 03-01 + 14 = Sat 03-15; deadline 03-15 + 14 = Sat 03-29 → § 193 BGB: Mon 03-31
      '2025-03-15 stage dunning-notice deadline 2025-03-31',
      '2025-03-15 message letter dunning-notice',
      '2025-03-20 payment 1004.38 → costs 0.00 interest 4.38 principal 1000.00',
      '2025-03-20 settled',
    ]);
    expectNoGuardBroken(result);
  });

  it('no interest during the hold (01-20 … 02-28)', () => {
    expect(interestLines(claim.statement)).toEqual([
      '2025-01-17..2025-01-19 3d 7.27% on 1000.00 = 0.60',
      '2025-03-01..2025-03-19 19d 7.27% on 1000.00 = 3.78',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '4.38' });
    expect(claim.status).toBe('settled');
  });
});

describe('simulate de-b2c-default: installment plan', () => {
  it('kept: no escalation while the plan runs; the last installment settles the claim', () => {
    // Plan agreed 2025-02-01 (after the reminder): 500.00 on 02-15, 508.60 on 03-15.
    // 02-15: interest 01-17 … 02-14 = 15 + 14 = 29 days: 1000.00 × 0.0727 × 29 / 365 = 2108.30 / 365 = 5.7762 → 5.78;
    //        principal 500.00 − 5.78 = 494.22 → 505.78 left.
    // 03-15: interest 02-15 … 03-14 = 14 + 14 = 28 days on 505.78: 505.78 × 0.0727 × 28 / 365 = 1029.565768 / 365 = 2.8207 → 2.82;
    //        505.78 + 2.82 = 508.60 = the second installment → nothing left.
    const result = run(consumerClaim(), '2025-01-02', '2025-04-30', [
      {
        type: 'installment-plan',
        claimId: 'B2C-1',
        date: '2025-02-01',
        installments: [
          { dueDate: '2025-02-15', amount: '500.00' },
          { dueDate: '2025-03-15', amount: '508.60' },
        ],
      },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      '2025-02-01 installment-plan-agreed',
      // the dunning notice (01-23 + 14 = 02-06) does not go out while the plan is kept
      '2025-02-15 payment 500.00 → costs 0.00 interest 5.78 principal 494.22',
      '2025-03-15 payment 508.60 → costs 0.00 interest 2.82 principal 505.78',
      '2025-03-15 settled',
    ]);
    expect(claim.status).toBe('settled');
    expect(figures(claim.statement)).toEqual({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00', interestAccrued: '8.60' });
    expectNoGuardBroken(result);
  });

  it('defaulted: two missed installments → installment-plan-defaulted → the dunning notice goes out the same day', () => {
    // Plan agreed 2025-02-01: 400.00 on 02-10, 300.00 on 03-10, 300.00 on 04-10; the debtor pays only the first.
    // 02-10: interest 01-17 … 02-09 = 15 + 9 = 24 days: 1000.00 × 0.0727 × 24 / 365 = 1744.80 / 365 = 4.7803 → 4.78;
    //        principal 400.00 − 4.78 = 395.22 → 604.78 left.
    // Grace 5 days (policy default): installment 2 due Mon 03-10, + 5 = Sat 03-15 → last day Mon 03-17 (§ 193 BGB) → missed
    // on 03-18 (paid 400.00 < 700.00 due);
    // installment 3 due 04-10, last day 04-15 → missed on 04-16 (400.00 < 1000.00); 2 missed = limit → plan defaulted 04-16.
    const result = run(consumerClaim(), '2025-01-02', '2025-04-30', [
      {
        type: 'installment-plan',
        claimId: 'B2C-1',
        date: '2025-02-01',
        installments: [
          { dueDate: '2025-02-10', amount: '400.00' },
          { dueDate: '2025-03-10', amount: '300.00' },
          { dueDate: '2025-04-10', amount: '300.00' },
        ],
        paysInstallments: 1,
      },
    ]);
    const claim = only(result);
    expect(timeline(claim.events)).toEqual([
      '2025-01-17 default calendar-date',
      '2025-01-23 stage reminder',
      '2025-01-23 message email reminder',
      '2025-02-01 installment-plan-agreed',
      '2025-02-10 payment 400.00 → costs 0.00 interest 4.78 principal 395.22',
      '2025-03-18 installment-missed 1',
      '2025-04-16 installment-missed 2',
      '2025-04-16 installment-plan-defaulted',
      // trigger 01-23 + 14 = 02-06 has long passed; deadline 04-16 + 14 = Wed 04-30
      '2025-04-16 stage dunning-notice deadline 2025-04-30',
      '2025-04-16 message letter dunning-notice',
    ]);
    // 04-30: 02-10 … 04-30 = 19 + 31 + 30 = 80 days on 604.78: 604.78 × 0.0727 × 80 / 365 = 3517.40048 / 365 = 9.6367 → 9.64.
    expect(interestLines(claim.statement)).toEqual([
      '2025-01-17..2025-02-09 24d 7.27% on 1000.00 = 4.78',
      '2025-02-10..2025-04-30 80d 7.27% on 604.78 = 9.64',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '604.78', interest: '9.64', costs: '0.00', total: '614.42', interestAccrued: '14.42' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2c-default: the whole timeline to the handover and the court dunning procedure', () => {
  // 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (calendar date) → default from 06-17. Nobody pays.
  const claimFacts = consumerClaim({ id: 'B2C-2', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16' });
  const result = simulate({ claims: [claimFacts], policy: 'auto', from: '2025-06-02', to: '2025-10-31' });
  const claim = only(result);

  it('dates, deadlines and charges of every stage', () => {
    expect(timeline(claim.events)).toEqual([
      '2025-06-17 default calendar-date',
      // 06-16 + 7
      '2025-06-23 stage reminder',
      '2025-06-23 message email reminder',
      // 06-23 + 14; deadline 07-07 + 14 = Mon 07-21
      '2025-07-07 stage dunning-notice deadline 2025-07-21',
      '2025-07-07 message letter dunning-notice',
      // 07-07 + 21; deadline 07-28 + 10 = Thu 08-07; creditor fee 1.00 (actual material costs, BGH VIII ZR 95/18)
      '2025-07-28 stage final-notice deadline 2025-08-07',
      '2025-07-28 fee creditor-dunning-fee 1.00',
      '2025-07-28 message letter final-notice',
      // 07-28 + 17; deadline 08-14 + 14 = Thu 08-28
      '2025-08-14 stage handover deadline 2025-08-28',
      '2025-08-14 handed-over',
      // § 13e RDG: mandate 2025-08-14 → RVG 2025 table. Value 1500.00: 51.50 + 2 × 41.50 = 134.50.
      // Nr. 2300 0.9 × 134.50 = 121.05; Nr. 7002 20 % = 24.21 → at most 20.00; total 141.05.
      '2025-08-14 fee collection-costs 141.05',
      '2025-08-14 message letter handover-inkasso',
      // 08-14 + 30 = Sat 09-13 (a letter; no Sunday/holiday rule for letters): the announcement, no court fee
      // (issue 8: KV 1100 GKG arises with the filing, not with the letter). Deadline 09-13 + 14 = Sat 09-27 → § 193 BGB Mon 09-29.
      '2025-09-13 stage court-dunning-announcement deadline 2025-09-29',
      '2025-09-13 message letter court-dunning-announcement',
      // The filing, a stage of its own: 09-13 + 21 = Sat 10-04 (no message, so no rest-day rule). KV 1100 GKG: 0.5 × GKG 2025
      // fee for 1500.00 (40.00 + 2 × 21.00 = 82.00) = 41.00, above the minimum (36.00 / reportedly 38.00).
      '2025-10-04 stage court-dunning',
      '2025-10-04 court-dunning-filed',
      '2025-10-04 fee court-fee 41.00',
    ]);
    expect(claim.status).toBe('court-dunning');
    expect(claim.stage).toBe('court-dunning');
    expectNoGuardBroken(result);
  });

  it('§ 13e RDG: the collection costs are itemized and equal the cap (0.9, uncontested, no VAT)', () => {
    const costs = ofType(claim.events, 'fee-charged').find((f) => f.kind === 'collection-costs');
    expect(costs?.items?.map((i) => [i.code, i.amount, i.factor ?? null, i.baseFee ?? null])).toEqual([
      ['Nr. 2300 VV RVG', '121.05', '0.9', '134.50'],
      ['Nr. 7002 VV RVG', '20.00', null, null],
    ]);
    expect(costs?.reason?.inputs).toMatchObject({ claimValue: '1500.00', case: 'uncontested', table: 'RVG 2025-06-01', cap: '141.05', flatFeeCredit: null });
    const courtFee = ofType(claim.events, 'fee-charged').find((f) => f.kind === 'court-fee');
    expect(courtFee?.items?.map((i) => [i.code, i.amount, i.factor ?? null, i.baseFee ?? null])).toEqual([['KV 1100 GKG', '41.00', '0.5', '82.00']]);
    // no flat fee for a consumer (§ 288 Abs. 5 S. 1 BGB)
    expect(ofType(claim.events, 'fee-charged').map((f) => f.kind)).toEqual(['creditor-dunning-fee', 'collection-costs', 'court-fee']);
  });

  it('the letters carry the deadlines and the statement of their day', () => {
    expect(result.messages.map((m) => [m.date, m.stage, m.channel, m.template, m.deadline ?? null])).toEqual([
      ['2025-06-23', 'reminder', 'email', 'reminder', null],
      ['2025-07-07', 'dunning-notice', 'letter', 'dunning-notice', '2025-07-21'],
      ['2025-07-28', 'final-notice', 'letter', 'final-notice', '2025-08-07'],
      ['2025-08-14', 'handover', 'letter', 'handover-inkasso', '2025-08-28'],
      ['2025-09-13', 'court-dunning-announcement', 'letter', 'court-dunning-announcement', '2025-09-29'],
    ]);
    // The announcement's statement holds no court fee: costs 1.00 + 141.05 = 142.05 (KV 1100 GKG is charged on 10-04).
    const announcement = result.messages.find((m) => m.template === 'court-dunning-announcement');
    expect(announcement && toAmountString(announcement.statement.costs)).toBe('142.05');
    expect(announcement?.statement.lines.some((l) => l.code === 'KV 1100 GKG')).toBe(false);
    // Final notice 07-28: interest 06-17 … 06-30 = 14 days at 7.27 %: 1500.00 × 0.0727 × 14 / 365 = 1526.70 / 365 = 4.1827 → 4.18;
    // 07-01 … 07-28 = 28 days at 1.27 + 5 = 6.27 %: 1500.00 × 0.0627 × 28 / 365 = 2633.40 / 365 = 7.2148 → 7.21; 11.39.
    // Costs 1.00 (charged that day). Total 1500.00 + 11.39 + 1.00 = 1512.39.
    const finalNotice = result.messages.find((m) => m.stage === 'final-notice');
    expect(finalNotice && figures(finalNotice.statement)).toEqual({ principal: '1500.00', interest: '11.39', costs: '1.00', total: '1512.39', interestAccrued: '11.39' });
  });

  it('the statement on 10-31: interest split at the base-rate change of 2025-07-01', () => {
    // 06-17 … 06-30: 4.18 (above); 07-01 … 10-31 = 31 + 31 + 30 + 31 = 123 days at 6.27 %:
    // 1500.00 × 0.0627 × 123 / 365 = 11568.15 / 365 = 31.6936 → 31.69. Interest 35.87.
    // Costs 1.00 + 141.05 + 41.00 = 183.05. Total 1500.00 + 35.87 + 183.05 = 1718.92.
    expect(interestLines(claim.statement)).toEqual([
      '2025-06-17..2025-06-30 14d 7.27% on 1500.00 = 4.18',
      '2025-07-01..2025-10-31 123d 6.27% on 1500.00 = 31.69',
    ]);
    expect(figures(claim.statement)).toEqual({ principal: '1500.00', interest: '35.87', costs: '183.05', total: '1718.92', interestAccrued: '35.87' });
  });
});

describe('simulate de-b2c-default: paid within two weeks of the collection agency\'s first demand', () => {
  // REGRESSION (fixed in src/engine/fee-corrections.ts, simpleCaseCorrection, called by simulate's
  // payment booking and createMahnwerk.recordPayment before the § 367 allocation). Was
  // (src/engine/decide.ts, enterStage, case 'charge-collection-costs':
  // `case_ = requested === 'auto' ? (disputed ? 'contested' : 'uncontested') : …`): with case 'auto'
  // the engine charges the 0.9 Geschäftsgebühr at the hand-over, with the agency's FIRST demand, and
  // never revisits it. Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG (kmein/gesetze laws/RVG-BJNR078800004.md):
  // "In einfachen Fällen darf nur eine Gebühr von 0,5 gefordert werden; ein einfacher Fall liegt in
  // der Regel vor, wenn die Forderung innerhalb von zwei Wochen nach der ersten Zahlungsaufforderung
  // beglichen wird" — so the first agency letter may demand only 0.5 (facts § 3.3, haufe
  // Prüfungsschema), and a debtor who pays within two weeks owes only 0.5; § 13e RDG caps the
  // recoverable costs at that. The engine instead keeps 0.9, books the payment's surplus to its
  // costs (§ 367) and leaves 60.35 of principal open, for which it then files a Mahnbescheid.
  // Now a payment that settles the claim within the two weeks first books `fee-reduced` (0.9 → 0.5),
  // dated the payment day, and the payment meets the lowered costs.
  it('Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG: paid in full 7 days after the hand-over letter → only the 0.5 fee is owed; settled, no court dunning', () => {
    // Same claim as the whole timeline above (1500.00, default from 2025-06-17, hand-over 08-14).
    // 0.5 fee: 0.5 × 134.50 = 67.25; Nr. 7002 20 % = 13.45; collection costs 80.70.
    // Payment on 08-21 against the claim as of 08-20: interest 06-17 … 06-30 = 4.18 (above);
    // 07-01 … 08-20 = 31 + 20 = 51 days at 6.27 %: 1500.00 × 0.0627 × 51 / 365 = 4796.55 / 365 = 13.1412 → 13.14; 17.32.
    // Costs 1.00 + 80.70 = 81.70. Total 1500.00 + 17.32 + 81.70 = 1599.02.
    const claimFacts = consumerClaim({ id: 'B2C-2', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16' });
    const result = run(claimFacts, '2025-06-02', '2025-09-30', [{ type: 'pay', claimId: 'B2C-2', date: '2025-08-21', amount: '1599.02' }]);
    const claim = only(result);
    expect(ofType(claim.events, 'payment-received').map((p) => p.allocation)).toEqual([{ costs: '81.70', interest: '17.32', principal: '1500.00', unapplied: '0.00' }]);
    expect(claim.status).toBe('settled');
    expect(ofType(claim.events, 'court-dunning-filed')).toEqual([]);
    // The reduction: charged 141.05 − simple case 80.70 = 60.35; first demand = the hand-over letter sent Thu 08-14,
    // received Sun 08-17 (sent + letterDeliveryDays 3, the receipt convention of a Mahnung); two weeks from receipt
    // (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; §§ 187 Abs. 1, 188 Abs. 2 BGB): 08-17 + 14 = Sun 08-31 → § 193 BGB → Mon 09-01.
    const reduced = ofType(claim.events, 'fee-reduced');
    expect(reduced.map((r) => [r.date, r.feeId, r.amount, r.basis])).toEqual([
      ['2025-08-21', 'B2C-2:fee:collection-costs:2025-08-14:1', '60.35', 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG'],
    ]);
    expect(reduced[0]?.items?.map((i) => [i.code, i.amount, i.factor ?? null])).toEqual([
      ['Nr. 2300 VV RVG', '67.25', '0.5'],
      ['Nr. 7002 VV RVG', '13.45', null],
    ]);
    expect(reduced[0]?.reason?.inputs).toMatchObject({ demandDate: '2025-08-14', demandReceivedOn: '2025-08-17', windowEnd: '2025-09-01', charged: '141.05', simpleCase: '80.70' });
    expect(timeline(claim.events).filter((l) => l >= '2025-08-21')).toEqual([
      '2025-08-21 fee-reduced',
      '2025-08-21 payment 1599.02 → costs 81.70 interest 17.32 principal 1500.00',
      '2025-08-21 settled',
    ]);
    // Statement: costs 1.00 + 141.05 − 60.35 − 81.70 paid = 0.00; total 0.00.
    expect(claim.statement.lines.filter((l) => l.part === 'costs').map((l) => [l.date, l.label, toAmountString(l.amount)])).toEqual([
      ['2025-07-28', 'Mahnkosten (Porto und Material)', '1.00'],
      ['2025-08-14', 'Geschäftsgebühr Nr. 2300 VV RVG', '121.05'],
      ['2025-08-14', 'Auslagenpauschale Nr. 7002 VV RVG', '20.00'],
      ['2025-08-21', 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)', '-60.35'],
      ['2025-08-21', 'Zahlung auf Kosten', '-81.70'],
    ]);
    expect(figures(claim.statement)).toMatchObject({ principal: '0.00', interest: '0.00', costs: '0.00', total: '0.00' });
    expectNoGuardBroken(result);
  });
});

describe('simulate de-b2c-default: a time-barred claim', () => {
  it('§§ 195, 199 Abs. 1, 193 BGB: invoice of 2019 → limitation ended 2023-01-02; flagged time-barred, no message, no fee', () => {
    // Arose 2019-03-29 (due date) → the 3 years run from the end of 2019 to 2022-12-31, a Saturday;
    // § 193 BGB moves the end past Sun 2023-01-01 (New Year) to Mon 2023-01-02. Time-barred from 2023-01-03.
    const old = consumerClaim({ id: 'B2C-OLD', invoiceDate: '2019-03-15', dueDate: '2019-03-29' });
    const result = run(old, '2025-01-01', '2025-03-31');
    const claim = only(result);
    expect(timeline(claim.events)).toEqual(['2019-03-30 default calendar-date', '2023-01-03 time-barred expiredOn 2023-01-02']);
    expect(ofType(claim.events, 'time-barred')[0]?.reason).toMatchObject({ rule: 'limitation.expired' });
    expect(claim.status).toBe('time-barred');
    expect(claim.stage).toBeNull();
    expect(result.messages).toEqual([]);
    expect(ofType(claim.events, 'fee-charged')).toEqual([]);
    expectNoGuardBroken(result);
  });
});

describe('simulate: input errors are reported before anything runs', () => {
  const good = consumerClaim();
  const runWith = (input: Partial<SimulationInput>): { error: unknown; progress: number } => {
    let progress = 0;
    let error: unknown = null;
    try {
      simulate({ claims: [good], policy: POLICY, from: '2025-01-02', to: '2025-03-31', onProgress: () => progress++, ...input });
    } catch (e) {
      error = e;
    }
    return { error, progress };
  };

  it('a payment for an unknown claim → ValidationError naming payments[0].claimId', () => {
    const { error, progress } = runWith({ payments: [{ claimId: 'B2C-NOPE', date: '2025-02-01', amount: '10.00' }] });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('payments[0].claimId');
    expect((error as ValidationError).message).toContain('B2C-NOPE');
    expect(progress).toBe(0);
  });

  it('a scripted action for an unknown claim → ValidationError naming behaviour.script[1].claimId', () => {
    const { error, progress } = runWith({
      behaviour: {
        script: [
          { type: 'pay', claimId: 'B2C-1', date: '2025-02-01', amount: '10.00' },
          { type: 'dispute', claimId: 'B2C-NOPE', date: '2025-02-02' },
        ],
      },
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('behaviour.script[1].claimId');
    expect(progress).toBe(0);
  });

  it('a due date before the invoice date → ValidationError naming claims[1].dueDate and the claim', () => {
    const { error, progress } = runWith({ claims: [good, consumerClaim({ id: 'B2C-BAD', invoiceDate: '2025-02-01', dueDate: '2025-01-15' })] });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('claims[1].dueDate');
    expect((error as ValidationError).message).toContain('B2C-BAD');
    expect(progress).toBe(0);
  });

  it('a payment amount written "12,50" → ValidationError naming payments[0].amount', () => {
    const { error, progress } = runWith({ payments: [{ claimId: 'B2C-1', date: '2025-02-01', amount: '12,50' }] });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('payments[0].amount');
    expect(progress).toBe(0);
  });

  it('a negative scripted payment → ValidationError naming behaviour.script[0].amount', () => {
    const { error, progress } = runWith({ behaviour: { script: [{ type: 'pay', claimId: 'B2C-1', date: '2025-02-01', amount: '-5.00' }] } });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('behaviour.script[0].amount');
    expect(progress).toBe(0);
  });

  it('a bad principal is refused naming claims[0].principal, before anything runs', () => {
    const { error, progress } = runWith({ claims: [consumerClaim({ principal: '1.000,00' })] });
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect((error as MahnwerkError).field).toBe('claims[0].principal');
    expect(progress).toBe(0);
  });

  // REGRESSION (fixed in src/simulate/input.ts). Was (minor, contract): `simulate` is documented "@throws ValidationError naming the record and
  // field of the first bad input", but src/simulate/input.ts checks claims[i].principal (and amounts
  // with too many decimals) with parseMoney, which throws MoneyError (code invalid_money), not a
  // ValidationError (invalid_input). The field is named correctly.
  it('a bad principal is a ValidationError, as simulate documents', () => {
    const { error } = runWith({ claims: [consumerClaim({ principal: '1.000,00' })] });
    expect(error).toBeInstanceOf(ValidationError);
  });

  // REGRESSION (fixed in src/simulate/input.ts). Was (src/simulate/input.ts, the scripted 'pay' check `parseMoney(action.amount, { …, nonNegative: true, … })`):
  // a zero amount passes validation, the run starts, and on 2025-02-01 allocateIncomingPayment throws
  // ValidationError with field "amount" (not behaviour.script[0].amount) after four simulated days —
  // half-simulated, and the record is not named. A payment must be above zero (ledger/payment.ts).
  it('a zero scripted payment → ValidationError naming behaviour.script[0].amount, before anything runs', () => {
    const { error, progress } = runWith({ behaviour: { script: [{ type: 'pay', claimId: 'B2C-1', date: '2025-02-01', amount: '0.00' }] } });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('behaviour.script[0].amount');
    expect(progress).toBe(0);
  });

  // REGRESSION (fixed in src/simulate/input.ts). Was (src/simulate/input.ts, payments loop): paymentIds are not checked for uniqueness; the run
  // starts and throws on the second payment (allocateIncomingPayment: field "paymentId") mid-run.
  it('two payments with the same paymentId → ValidationError naming payments[1].paymentId, before anything runs', () => {
    const { error, progress } = runWith({
      payments: [
        { claimId: 'B2C-1', date: '2025-02-01', amount: '10.00', paymentId: 'TX-1' },
        { claimId: 'B2C-1', date: '2025-02-02', amount: '10.00', paymentId: 'TX-1' },
      ],
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('payments[1].paymentId');
    expect(progress).toBe(0);
  });

  // REGRESSION (fixed in src/simulate/input.ts). Was (src/simulate/input.ts payments loop + simulate.ts applyInput): a payment dated before the
  // claim's invoice date is accepted and silently re-dated to the first simulated day (applyInput
  // books it on `today`). The host API refuses the same payment (engine/mahnwerk.ts recordPayment:
  // "date: … is before the invoice date"). A changed payment day changes interest and allocation.
  it('a payment dated before the invoice date → ValidationError naming payments[0].date', () => {
    const { error, progress } = runWith({ payments: [{ claimId: 'B2C-1', date: '2024-12-01', amount: '10.00' }] });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('payments[0].date');
    expect(progress).toBe(0);
  });
});

describe('simulate de-b2c-default: no final notice, handover or court dunning for a small remainder (policy condition minAmount 10.00, since version 3)', () => {
  it('principal paid late, 6.77 principal left: no final notice (it would threaten a handover that does not follow), no fee, no handover, no court dunning', () => {
    // Default from 2025-01-17. Payment 1000.00 on 2025-02-20 meets the claim as of 2025-02-19 (§ 367):
    // interest 2025-01-17..02-19 = 15 + 19 = 34 days: 1000 × 7.27 × 34 / 36500 = 6.7720 → 6.77;
    // principal 1000.00 − 6.77 = 993.23 → 6.77 principal left. The final notice would be due on
    // 02-27 with 6.77 + a cent of interest open: under 10.00, so it is not sent and its 1.00 fee
    // not charged (version 2 sent it, with the fee, threatening a handover the policy never takes).
    // On 06-30: interest on 6.77 from 02-20 to 06-30 = 9 + 31 + 30 + 31 + 30 = 131 days at 7.27 %
    // (base rate 2.27 % from 2025-01-01): 6.77 × 7.27 × 131 / 36500 = 0.17664 → 0.18; total 6.95.
    const result = run(consumerClaim(), '2025-01-02', '2025-06-30', [{ type: 'pay', claimId: 'B2C-1', date: '2025-02-20', amount: '1000.00' }]);
    const claim = only(result);
    expect(ofType(claim.events, 'payment-received')[0]?.allocation).toEqual({ costs: '0.00', interest: '6.77', principal: '993.23', unapplied: '0.00' });
    expect(ofType(claim.events, 'stage-entered').map((e) => e.stage)).toEqual(['reminder', 'dunning-notice']);
    expect(ofType(claim.events, 'fee-charged')).toEqual([]);
    expect(ofType(claim.events, 'handed-over')).toEqual([]);
    expect(ofType(claim.events, 'court-dunning-filed')).toEqual([]);
    expect(claim.stage).toBe('dunning-notice');
    expect(toAmountString(claim.statement.total)).toBe('6.95');
  });
});
