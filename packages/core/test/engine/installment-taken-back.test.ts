import { describe, expect, it } from 'vitest';
import { decide, decideFacts, deB2cDefaultPolicy, nextReviewAt, project, type ClaimEvent, type IsoDate } from '../../src/index.js';
import { renderingHost } from './host-fixture.js';
import { play, stages, told, type PlayPayment } from './kept-plan-play.js';

// An installment paid by its last day and taken back later (a refund or chargeback, `payment-reversed`, recorded
// after the installment's check day): the one check of the installments (installmentCheck in
// engine/installment-agreement.ts, rule installment.missed) books it missed on the day of the reversal. A payment
// taken back did not fulfil (§ 362 Abs. 1 BGB): that day the installment is unpaid and its date has passed, so the
// plan (§ 311 Abs. 1 BGB) is in arrears as if the installment had been missed — the policy's path for a missed
// installment runs (de-b2c-default: installmentsMissedToDefault 2, so the second miss declares the plan defaulted,
// rule installment.plan-defaulted, and escalation resumes at once). Not backdated to the check day: the debtor could
// not have known of the arrears before.
//
// The claim of kept-plan-book.ts (demo book RE-00001, a consumer's 1,281.64 EUR, invoice Tue 2025-01-28, due Tue
// 02-11, the 30-day rule pointed out on the invoice), played through createMahnwerk (kept-plan-play.ts): reminder
// e-mail 02-18; plan agreed Tue 02-25 before any Mahnung, 427.21 + 427.21 + 427.22 = 1,281.64 due Tue 03-25,
// Fri 04-25, Sun 05-25. installmentGraceDays 5, each last day by installmentLastDay (§ 193 BGB: a due date on a
// Saturday, Sunday or holiday is payable on the next business day, the grace days count from there, and an end on such a
// day moves again): 03-25 + 5 = Sun 03-30 → Mon 03-31; 04-25 + 5 = Wed 04-30; Sun 05-25 → payable Mon 05-26, + 5 = Sat
// 05-31 → Mon 06-02. Check days Tue 04-01, Thu 05-01, Tue 06-03 (the plan holds escalation through 06-02). Default from Fri 03-14 (30-day rule, § 286 Abs. 3
// BGB; kept-plan-end.test.ts). Interest 7.27 % (base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB), act/365, each period
// rounded to the cent, the day of a statement counted; each payment to costs, interest, principal (§ 367 Abs. 1 BGB):
// - p1 03-25: interest 03-14 … 03-24 = 11 days on 1,281.64: 1281.64 × 0.0727 × 11 / 365 = 2.8080 → 2.81; principal
//   427.21 − 2.81 = 424.40 → 857.24 open.
// - p2 04-25: 03-25 … 04-24 = 31 days on 857.24: 857.24 × 0.0727 × 31 / 365 = 5.2931 → 5.29; principal 421.92 → 435.32.
// A chargeback undoes a payment's parts (its principal bears interest again from the chargeback's day; its interest
// part is owed again, no interest on interest, § 289 BGB).
const installments = [
  { dueDate: '2025-03-25', amount: '427.21' },
  { dueDate: '2025-04-25', amount: '427.21' },
  { dueDate: '2025-05-25', amount: '427.22' },
] as const;
const paid: PlayPayment[] = installments.map((i, n) => ({ day: i.dueDate, amount: i.amount, id: `p${n + 1}` }));
const policy = deB2cDefaultPolicy;

/** "day index paid of due [reversedOn]" of every installment-missed, and "day defaulted" of the plan's default. */
const plan = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => {
    if (e.type === 'installment-missed') {
      const i = e.reason?.inputs ?? {};
      return [`${e.date} missed ${e.index} ${String(i['paid'])} of ${String(i['due'])}${i['reversedOn'] === undefined ? '' : ` taken back ${String(i['reversalIds'])}`}`];
    }
    return e.type === 'installment-plan-defaulted' ? [`${e.date} defaulted`] : [];
  });

describe('an installment charged back after its check day is missed on the day of the chargeback (§ 362 Abs. 1 BGB; rule installment.missed, § 311 Abs. 1 BGB)', () => {
  // The second installment (p2, 427.21 paid Fri 04-25) passes its check on Thu 05-01: 427.21 + 427.21 = 854.42 of
  // 854.42 due. Charged back on Mon 05-05: paid under the plan by then 427.21 + 427.21 − 427.21 = 427.21 < 854.42
  // → missed on 05-05 (the first miss; the limit is 2). p3 (427.22) paid on Sun 05-25; its check on Tue 06-03: by
  // 06-02 427.21 + 427.21 − 427.21 + 427.22 = 854.43 < 1,281.64 → missed, the second → the plan is declared defaulted
  // on 06-03, as for any two missed installments, and escalation resumes that day with the Mahnung (its trigger,
  // reminder 02-18 + 14 = 03-04, long past): deadline 06-03 + 14 = Tue 06-17. Its statement:
  // - 05-05 the chargeback: principal 435.32 + 421.92 = 857.24 again, interest 5.29 owed again.
  // - p3 05-25: interest 04-25 … 05-04 = 10 days on 435.32: 435.32 × 0.0727 × 10 / 365 = 0.8671 → 0.87; 05-05 … 05-24 =
  //   20 days on 857.24: 857.24 × 0.0727 × 20 / 365 = 3.4149 → 3.41; 5.29 + 0.87 + 3.41 = 9.57; principal 427.22 −
  //   9.57 = 417.65 → 439.59.
  // - 06-03: 05-25 … 06-03 = 10 days on 439.59: 439.59 × 0.0727 × 10 / 365 = 0.8756 → 0.88; 439.59 + 0.88 = 440.47.
  const chargeback = [{ day: '2025-05-05' as IsoDate, paymentId: 'p2', amount: '427.21' }];

  it('missed on Mon 05-05 (427.21 of 854.42), not back on its check day 05-01; with the third check on Tue 06-03 (§ 193 BGB) the plan is defaulted (installment.plan-defaulted, limit 2) and the Mahnung follows: 440.47, deadline Tue 06-17', async () => {
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-04', chargeback);
    expect(plan(events)).toEqual([
      // Without the fix: no miss on 05-05 — the plan went on as if p2 were paid — and none but the 05-31 one, so
      // no default: the shortfall counted only at the plan's end.
      '2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2',
      '2025-06-03 missed 2 854.43 of 1281.64',
      '2025-06-03 defaulted',
    ]);
    const missed = events.find((e) => e.type === 'installment-missed');
    expect(missed?.reason?.rule).toBe('installment.missed');
    expect(missed?.reason?.basis).toBe('§ 311 Abs. 1 BGB (installment agreement); § 362 Abs. 1 BGB');
    expect(missed?.reason?.text).toBe(
      'Installment 2 of 427.21 was due on 2025-04-25 and paid by 2025-04-30; the refund or chargeback cb-p2 of 2025-05-05 took back payments under the plan, ' +
        'leaving 427.21 of 854.42 due so far paid. A payment taken back did not fulfil (§ 362 Abs. 1 BGB): the installment is unpaid from 2025-05-05.',
    );
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-06-03 dunning-notice']);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: -']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('440.47');
    expect(h.rendered[1]?.deadline).toBe('2025-06-17');
  });

  it('the review looks at the claim on the chargeback day, and decide books the miss that day, once; a command of Tue 05-06 records it dated 05-05, one of 05-05 does not backdate it (factsBefore)', async () => {
    // The chargeback recorded on 05-05 before that day's run, p3 not yet due. The review's next look: 05-05 itself
    // (without the fix 06-03, the third installment's check day — the plan would hold the claim unseen till then).
    const events = await play(renderingHost(), '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-04', chargeback);
    const state = project(events);
    expect(nextReviewAt(state, policy, {}, '2025-05-05')).toBe('2025-05-05');
    const day = decide(state, policy, '2025-05-05');
    expect(plan(day.events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
    // Deciding again on the state with the miss books nothing more (one miss per installment); the next look is the
    // third installment's check day, Tue 06-03 (Sun 05-25 → Mon 05-26 + 5 = Sat 05-31 → Mon 06-02, § 193 BGB; + 1).
    const after = project([...events, ...day.events]);
    expect(decide(after, policy, '2025-05-05').events).toEqual([]);
    expect(day.nextReviewAt).toBe('2025-06-03');
    // What a command dated 05-06 records first (the facts through 05-05): the same miss, dated 05-05. A command of
    // 05-05 sees the facts through 05-04: no miss yet — the installment counted paid until the chargeback's day.
    expect(plan(decideFacts(state, policy, '2025-05-05'))).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
    expect(decideFacts(state, policy, '2025-05-04')).toEqual([]);
  });
});

describe('a chargeback and a payment again: paid the same day before the run, no miss; paid the next day, the miss stands but the plan goes on (§ 362 Abs. 1 BGB, § 311 Abs. 1 BGB)', () => {
  const chargeback = [{ day: '2025-05-05' as IsoDate, paymentId: 'p2', amount: '427.21' }];

  it('paid again on Mon 05-05 before the day\'s run: by the end of 05-05 427.21 + 427.21 − 427.21 + 427.21 = 854.42 of 854.42 — no miss; the plan is kept (1,281.64 by 06-02) and the letter after it thanks for 1,281.64', async () => {
    // (Holds with and without the fix: the check counts the payments of the reversal's day, so the same-day payment
    // leaves nothing unpaid.)
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, [...paid, { day: '2025-05-05', amount: '427.21', id: 'p2-again' }], '2025-06-04', chargeback);
    expect(plan(events)).toEqual([]);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02']);
  });

  it('paid again on Tue 05-06, after the run of 05-05: missed on 05-05 (427.21 of 854.42), one miss of 2 — not defaulted; 06-03 finds 1,281.64 of 1,281.64 paid by 06-02, the plan is kept and the letter after it goes out', async () => {
    // By 06-02: 427.21 + 427.21 − 427.21 + 427.21 (05-06) + 427.22 = 1,281.64 → the third installment is not missed,
    // and the plan counts as kept (keptPlanRemainder: the installments' total paid by its last day).
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, [...paid, { day: '2025-05-06', amount: '427.21', id: 'p2-again' }], '2025-06-04', chargeback);
    // Without the fix: [] — the chargeback was never a missed installment.
    expect(plan(events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
    expect(project(events).installmentPlan?.defaultedOn).toBeUndefined();
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02']);
  });
});

describe('two chargebacks: two installments missed, the plan declared defaulted on the day of the second (installment.plan-defaulted; § 362 Abs. 1 BGB)', () => {
  it('both on Mon 05-05: nothing stays paid — installments 1 (0.00 of 427.21) and 2 (0.00 of 854.42) missed that day, the plan defaulted, the Mahnung the same day: 1,290.87, deadline Mon 05-19', async () => {
    // p1 and p2 charged back on 05-05: principal 424.40 + 435.32 + 421.92 = 1,281.64 again, interest 2.81 + 5.29 =
    // 8.10 owed again; interest 04-25 … 05-04 = 10 days on 435.32: 0.87; 05-05 = 1 day on 1,281.64: 1281.64 × 0.0727
    // / 365 = 0.2553 → 0.26; 1,281.64 + 8.10 + 0.87 + 0.26 = 1,290.87. Deadline 05-05 + 14 = Mon 05-19 (a working day).
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-10', [
      { day: '2025-05-05', paymentId: 'p1', amount: '427.21' },
      { day: '2025-05-05', paymentId: 'p2', amount: '427.21' },
    ]);
    // Without the fix: [] by 05-10 — the plan held escalation to its end (06-02) as if both were paid.
    expect(plan(events)).toEqual(['2025-05-05 missed 0 0.00 of 427.21 taken back cb-p1, cb-p2', '2025-05-05 missed 1 0.00 of 854.42 taken back cb-p1, cb-p2', '2025-05-05 defaulted']);
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-05-05 dunning-notice']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('1290.87');
    expect(h.rendered[1]?.deadline).toBe('2025-05-19');
  });

  it('p2 on Mon 05-05, p1 on Mon 05-12: a miss on each day (427.21 of 854.42; then 0.00 of 427.21), the plan defaulted on 05-12 with the Mahnung: 1,292.07, deadline Mon 05-26', async () => {
    // 05-05: 427.21 + 427.21 − 427.21 = 427.21 covers installment 1 (427.21) but not 1 + 2 (854.42) → installment 2
    // missed (the check is cumulative: what stands paid covers the earliest installments first). 05-12: 0.00 <
    // 427.21 → installment 1 missed, the second miss → defaulted. Statement of 05-12: principal 1,281.64, interest
    // owed again 5.29 + 2.81 = 8.10; 04-25 … 05-04 = 10 days on 435.32: 0.87; 05-05 … 05-11 = 7 days on 857.24:
    // 857.24 × 0.0727 × 7 / 365 = 1.1952 → 1.20; 05-12 on 1,281.64: 0.26; 1,281.64 + 8.10 + 0.87 + 1.20 + 0.26 =
    // 1,292.07. Deadline 05-12 + 14 = Mon 05-26.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-20', [
      { day: '2025-05-05', paymentId: 'p2', amount: '427.21' },
      { day: '2025-05-12', paymentId: 'p1', amount: '427.21' },
    ]);
    // Without the fix: [] by 05-20.
    expect(plan(events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2', '2025-05-12 missed 0 0.00 of 427.21 taken back cb-p1', '2025-05-12 defaulted']);
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-05-12 dunning-notice']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('1292.07');
    expect(h.rendered[1]?.deadline).toBe('2025-05-26');
  });
});

describe("a chargeback after the plan's last day (Mon 06-02, § 193 BGB): the installment is missed that day and no letter after a kept plan goes out (keptPlanRemainder; § 362 Abs. 1 BGB)", () => {
  // p3 (427.22, paid Sun 05-25): interest 04-25 … 05-24 = 30 days on 435.32: 435.32 × 0.0727 × 30 / 365 = 2.6012 →
  // 2.60; principal 424.62 → 10.70 open. Kept by 06-02: 1,281.64 of 1,281.64.
  it('charged back on Tue 06-03 before the run: missed (854.42 of 1,281.64), one miss — not defaulted; the Mahnung of 06-03 is a plain one for 438.03, deadline Tue 06-17', async () => {
    // 06-03: principal 10.70 + 424.62 = 435.32, interest 2.60 owed again; 05-25 … 06-02 = 9 days on 10.70: 10.70 ×
    // 0.0727 × 9 / 365 = 0.0192 → 0.02; 06-03 on 435.32: 435.32 × 0.0727 / 365 = 0.0867 → 0.09; 435.32 + 2.60 + 0.02
    // + 0.09 = 438.03. Deadline 06-03 + 14 = Tue 06-17.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-04', [{ day: '2025-06-03', paymentId: 'p3', amount: '427.22' }]);
    // Without the fix: [] (the letter below was right already: keptPlanRemainder nets the reversals by its day).
    expect(plan(events)).toEqual(['2025-06-03 missed 2 854.42 of 1281.64 taken back cb-p3']);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: -']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('438.03');
    expect(h.rendered[1]?.deadline).toBe('2025-06-17');
  });

  it('charged back on Tue 06-10, after the letter of 06-03 went out: that letter stands; the miss is booked on 06-10; the final notice of Tue 06-24 is a plain one', async () => {
    // The final notice: the Mahnung of 06-03 + 21 = Tue 06-24 (after its deadline Tue 06-17).
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-25', [{ day: '2025-06-10', paymentId: 'p3', amount: '427.22' }]);
    // Without the fix: [].
    expect(plan(events)).toEqual(['2025-06-10 missed 2 854.42 of 1281.64 taken back cb-p3']);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02', '2025-06-24 final-notice: -']);
  });
});

describe('a chargeback of a payment not under the plan (received before its day) misses no installment (§ 311 Abs. 1 BGB: the plan covers what it agreed)', () => {
  it('100.00 paid Thu 02-20, the plan for the 1,181.64 left (3 × 393.88), the 100.00 charged back on Mon 05-05: no miss, the plan is kept, the letter after it asks for 110.42', async () => {
    // (Holds with and without the fix; it checks that the fix takes off reversals of payments under the plan only.)
    // 02-20: 100.00 to principal (no interest before default) → 1,181.64. 03-25: 11 days on 1,181.64: 1181.64 ×
    // 0.0727 × 11 / 365 = 2.5889 → 2.59; principal 391.29 → 790.35. 04-25: 31 days on 790.35: 4.8800 → 4.88;
    // principal 389.00 → 401.35. 05-05: the 100.00 principal owed again → 501.35. 05-25: 10 days on 401.35: 0.7994 →
    // 0.80; 20 days on 501.35: 1.9972 → 2.00; principal 393.88 − 2.80 = 391.08 → 110.27. Kept by 06-02 (Sun 05-25 →
    // Mon 05-26 + 5 = Sat 05-31 → Mon 06-02, § 193 BGB): 393.88 × 3 = 1,181.64 of 1,181.64. 06-03: 05-25 … 06-03 = 10
    // days on 110.27: 110.27 × 0.0727 × 10 / 365 = 0.2196 → 0.22; 110.49, asked for by the Mahnung after the plan.
    const h = renderingHost();
    const plan393 = installments.map((i) => ({ dueDate: i.dueDate, amount: '393.88' }));
    const payments: PlayPayment[] = [{ day: '2025-02-20', amount: '100.00', id: 'p0' }, ...plan393.map((i, n) => ({ day: i.dueDate, amount: i.amount, id: `p${n + 1}` }))];
    const events = await play(h, '1281.64', '2025-02-25', plan393, payments, '2025-06-04', [{ day: '2025-05-05', paymentId: 'p0', amount: '100.00' }]);
    expect(plan(events)).toEqual([]);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1181.64 1181.64 2025-06-02']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('110.49');
  });
});

// A chargeback booked after its value date (value-dated back by the bank: a SEPA return can carry the original
// settlement date). Whether the installment is missed is read by value dates, as for any reversal (the payment taken
// back did not fulfil, § 362 Abs. 1 BGB); when is read by the ledger: the miss is recorded on the day the reversal is
// booked (`bookedOn`, reversalBookedOn), never before — the engine held the plan for kept until then, and a decision
// cannot be dated in the past (rule installment.missed in installmentCheck; § 311 Abs. 1 BGB). Interest is unchanged:
// the parts taken back are owed again from the value date (ledger/reversal.ts). Same claim, plan and figures as above.
describe('a chargeback value-dated back is missed on the day it is booked, not before (§ 362 Abs. 1 BGB; rule installment.missed, § 311 Abs. 1 BGB)', () => {
  // p2 (427.21 paid Fri 04-25) charged back value-dated Mon 04-28, within the grace days (last day Wed 04-30), booked
  // Mon 05-05. The check of Thu 05-01 saw p2 paid (427.21 + 427.21 = 854.42 of 854.42); on 05-05 the ledger shows by
  // 04-30 427.21 + 427.21 − 427.21 = 427.21 < 854.42 → missed on 05-05 (the first miss; the limit is 2). p3 (427.22,
  // Sun 05-25) → by Mon 06-02 854.43 < 1,281.64 → missed on Tue 06-03, the second → defaulted, the Mahnung that day.
  // Interest from the value date 04-28 (the existing rule): p3 05-25 pays 5.29 owed again + 04-25 … 04-27 = 3 days on
  // 435.32: 435.32 × 0.0727 × 3 / 365 = 0.2601 → 0.26 + 04-28 … 05-24 = 27 days on 857.24: 857.24 × 0.0727 × 27 / 365
  // = 4.6101 → 4.61 = 10.16; principal 427.22 − 10.16 = 417.06 → 440.18. 06-03: 05-25 … 06-03 = 10 days on 440.18:
  // 440.18 × 0.0727 × 10 / 365 = 0.8767 → 0.88; 441.06 (the plain chargeback of 05-05 above: 440.47, 7 days later).
  const backdated = [{ day: '2025-05-05' as IsoDate, valueDate: '2025-04-28' as IsoDate, paymentId: 'p2', amount: '427.21' }];

  it('booked Mon 05-05, value-dated Mon 04-28: missed on 05-05 (427.21 of 854.42 by 04-30), not back on the check day 05-01; 06-03 the second miss defaults the plan: Mahnung 441.06, deadline Tue 06-17', async () => {
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-04', backdated);
    // Without the fix: '2025-05-01 missed 1 427.21 of 854.42' — booked on 05-05, dated four days back.
    expect(plan(events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2', '2025-06-03 missed 2 854.43 of 1281.64', '2025-06-03 defaulted']);
    const reversed = events.find((e) => e.type === 'payment-reversed');
    expect(reversed).toMatchObject({ date: '2025-04-28', bookedOn: '2025-05-05' });
    const missed = events.find((e) => e.type === 'installment-missed');
    expect(missed?.reason?.basis).toBe('§ 311 Abs. 1 BGB (installment agreement); § 362 Abs. 1 BGB');
    expect(missed?.reason?.inputs).toMatchObject({ reversedOn: '2025-05-05', reversalIds: 'cb-p2', reversalValueDates: '2025-04-28', paidThrough: '2025-04-30', paid: '427.21', due: '854.42' });
    expect(missed?.reason?.text).toBe(
      'Installment 2 of 427.21 was due on 2025-04-25 and stood paid by 2025-04-30 until the refund or chargeback cb-p2, value-dated 2025-04-28, was booked on 2025-05-05: ' +
        'it took back payments under the plan, leaving 427.21 of 854.42 due so far paid by 2025-04-30. A payment taken back did not fulfil (§ 362 Abs. 1 BGB): ' +
        'the installment was unpaid from 2025-04-28; it is recorded missed on 2025-05-05, the day the reversal was booked, not before.',
    );
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-06-03 dunning-notice']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('441.06');
    expect(h.rendered[1]?.deadline).toBe('2025-06-17');
  });

  it('the review looks at the claim on the booking day 05-05 and decide books the miss that day; a command of 05-05 (facts through 05-04) records nothing yet', async () => {
    const events = await play(renderingHost(), '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-04', backdated);
    const state = project(events);
    // Without the fix: 05-01, a day already decided.
    expect(nextReviewAt(state, policy, {}, '2025-05-05')).toBe('2025-05-05');
    const day = decide(state, policy, '2025-05-05');
    expect(plan(day.events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
    expect(decide(project([...events, ...day.events]), policy, '2025-05-05').events).toEqual([]);
    // Without the fix: the 05-01 miss, recorded first by any command dated after 05-01.
    expect(decideFacts(state, policy, '2025-05-04')).toEqual([]);
    expect(plan(decideFacts(state, policy, '2025-05-05'))).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
  });

  it('p1 and p2 both value-dated 04-28, booked 05-05: installments 1 and 2 missed and the plan defaulted on 05-05, not on 04-28 / 05-01; the Mahnung that day: 1,292.04, deadline Mon 05-19', async () => {
    // Installment 1 (last day Mon 03-31): taken back after it, value 04-28 → by 04-28 0.00 of 427.21; installment 2
    // (last day 04-30): by 04-30 0.00 of 854.42. Both first seen on 05-05. Statement of 05-05: principal 1,281.64,
    // interest owed again 2.81 + 5.29 = 8.10; 04-25 … 04-27 = 3 days on 435.32: 0.26; 04-28 … 05-05 = 8 days on
    // 1,281.64: 1281.64 × 0.0727 × 8 / 365 = 2.0422 → 2.04; 1,281.64 + 8.10 + 0.26 + 2.04 = 1,292.04. Deadline 05-05 + 14.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-10', [
      { day: '2025-05-05', valueDate: '2025-04-28', paymentId: 'p1', amount: '427.21' },
      { day: '2025-05-05', valueDate: '2025-04-28', paymentId: 'p2', amount: '427.21' },
    ]);
    // Without the fix: '2025-04-28 missed 0', '2025-05-01 missed 1', '2025-05-01 defaulted' — all booked on 05-05.
    expect(plan(events)).toEqual(['2025-05-05 missed 0 0.00 of 427.21 taken back cb-p1, cb-p2', '2025-05-05 missed 1 0.00 of 854.42 taken back cb-p1, cb-p2', '2025-05-05 defaulted']);
    expect(stages(events)).toEqual(['2025-02-18 reminder', '2025-05-05 dunning-notice']);
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('1292.04');
    expect(h.rendered[1]?.deadline).toBe('2025-05-19');
  });

  it('value-dated after the last day (Fri 05-02) and booked Mon 05-05: missed on 05-05, not 05-02; Mahnung of 06-03: 440.73', async () => {
    // By 05-02 427.21 + 427.21 − 427.21 = 427.21 < 854.42 (the late-chargeback measure at the value date), seen on 05-05.
    // p3 05-25: 5.29 + 04-25 … 05-01 = 7 days on 435.32: 435.32 × 0.0727 × 7 / 365 = 0.6069 → 0.61 + 05-02 … 05-24 = 23
    // days on 857.24: 857.24 × 0.0727 × 23 / 365 = 3.9271 → 3.93 = 9.83; principal 427.22 − 9.83 = 417.39 → 439.85;
    // 06-03: 10 days on 439.85: 0.8761 → 0.88; 440.73.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-04', [{ day: '2025-05-05', valueDate: '2025-05-02', paymentId: 'p2', amount: '427.21' }]);
    // Without the fix: '2025-05-02 missed 1 …' — booked on 05-05, dated three days back.
    expect(plan(events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2', '2025-06-03 missed 2 854.43 of 1281.64', '2025-06-03 defaulted']);
    expect(events.find((e) => e.type === 'installment-missed')?.reason?.inputs).toMatchObject({ reversalValueDates: '2025-05-02', paidThrough: '2025-05-02' });
    expect(h.rendered[1]?.statement.total.amount.toFixed(2)).toBe('440.73');
  });

  it('as before: value-dated 04-28 and booked that day (before the check) — not paid by its last day, missed on the check day Thu 05-01 (a plain miss)', async () => {
    // (Holds with and without the fix.) By 04-30: 427.21 of 854.42 → missed on 05-01, the day after the last day.
    const events = await play(renderingHost(), '1281.64', '2025-02-25', installments, paid.slice(0, 2), '2025-05-10', [{ day: '2025-04-28', paymentId: 'p2', amount: '427.21' }]);
    expect(plan(events)).toEqual(['2025-05-01 missed 1 427.21 of 854.42']);
    expect(events.find((e) => e.type === 'payment-reversed')).not.toHaveProperty('bookedOn');
  });

  it('after the plan ran out: p3 value-dated Fri 05-30 (by its last day Mon 06-02), booked Tue 06-10 after the letter of 06-03 went out: missed on 06-10, not 06-03; the letter stands', async () => {
    // By 06-02: 1,281.64 − 427.22 = 854.42 < 1,281.64, seen on 06-10.
    const h = renderingHost();
    const events = await play(h, '1281.64', '2025-02-25', installments, paid, '2025-06-25', [{ day: '2025-06-10', valueDate: '2025-05-30', paymentId: 'p3', amount: '427.22' }]);
    // Without the fix: '2025-06-03 missed 2 …' — dated the day of the letter that thanked for the kept plan.
    expect(plan(events)).toEqual(['2025-06-10 missed 2 854.42 of 1281.64 taken back cb-p3']);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02', '2025-06-24 final-notice: -']);
  });
});

describe('value-dated back and paid again: on the value date, no miss; later — even on the booking day — the miss stands, on the booking day (§ 362 Abs. 1 BGB; § 311 Abs. 1 BGB)', () => {
  it('p2 value-dated Mon 04-28, paid again that day (p2-again, 427.21), booked Mon 05-05: by 04-30 427.21 × 3 − 427.21 = 854.42 of 854.42 — no miss; the plan is kept (1,281.64 by 06-02)', async () => {
    // (Holds with and without the fix: paid again on the value date, the installment was paid by its last day.)
    const h = renderingHost();
    const again: PlayPayment = { day: '2025-04-28', amount: '427.21', id: 'p2-again' };
    const events = await play(h, '1281.64', '2025-02-25', installments, [...paid, again], '2025-06-04', [{ day: '2025-05-05', valueDate: '2025-04-28', paymentId: 'p2', amount: '427.21' }]);
    expect(plan(events)).toEqual([]);
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02']);
  });

  it('paid again on the booking day Mon 05-05: by 04-30 only 427.21 of 854.42 — missed on 05-05 all the same (as when booked on 04-28: missed on 05-01), one miss, the plan goes on and is kept by 06-02', async () => {
    // The booking day moves the day of the miss, not whether there is one: the installment was unpaid on its last day.
    // By 06-02: 427.21 + 427.21 − 427.21 + 427.21 (05-05) + 427.22 = 1,281.64 → installment 3 not missed, the plan kept.
    const h = renderingHost();
    const again: PlayPayment = { day: '2025-05-05', amount: '427.21', id: 'p2-again' };
    const events = await play(h, '1281.64', '2025-02-25', installments, [...paid, again], '2025-06-04', [{ day: '2025-05-05', valueDate: '2025-04-28', paymentId: 'p2', amount: '427.21' }]);
    // Without the fix: '2025-05-01 missed 1 …'.
    expect(plan(events)).toEqual(['2025-05-05 missed 1 427.21 of 854.42 taken back cb-p2']);
    expect(project(events).installmentPlan?.defaultedOn).toBeUndefined();
    expect(told(h.rendered)).toEqual(['2025-02-18 reminder: -', '2025-06-03 dunning-notice: 3 1281.64 1281.64 2025-06-02']);
  });
});
