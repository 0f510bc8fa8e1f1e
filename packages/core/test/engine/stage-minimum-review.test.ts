import { describe, expect, it } from 'vitest';
import {
  createMahnwerk,
  deB2cDefaultPolicy,
  decide,
  extendBaseRates,
  germanBaseRateTable,
  nextReviewAt,
  project,
  type IsoDate,
  definePolicy,
  type PolicyInput,
  type StageInput,
} from '../../src/index.js';
import { autoHost, channel } from './host-fixture.js';
import { created, facts } from './helpers.js';

// When a claim waiting below a stage's minimum is looked at again (minimumLook, balanceReachesOn in
// engine/guards.ts; docs/engine.md, "A claim below a stage's minimum"):
// 1. on the day default interest brings the open balance to the minimum — and, when that day lies after
//    the known base rates (§ 247 BGB: the table ends 2026-12-31), on the day after them (2027-01-01), when
//    the next half-year's rate must be known anyway: a run on that day with the table extended
//    (extendBaseRates) works the day out again; without it the run reports base_rate_unknown as for any
//    claim in default;
// 2. on the earliest day any stage can be entered: a later stage with a lower minimum, not before its own
//    trigger day; a later stage without a minimum is simply the next stage (the claim does not wait).
//
// The claim of engine/stage-below-minimum.test.ts: 1,000.00 EUR, a consumer, invoice Thu 2025-01-02, due Thu
// 01-16 agreed as a calendar date (default from Fri 01-17, § 286 Abs. 2 Nr. 1 BGB); reminder 01-23, Mahnung
// Thu 02-06 (deadline 02-20), final notice due Thu 02-27 (02-06 + 21). Base rates (data/de/base-rates.ts):
// 2025-01-01 2.27 %, 2025-07-01 1.27 %, 2026-01-01 1.27 %, 2026-07-01 1.52 % (unconfirmed); § 288 Abs. 1 BGB:
// + 5 pp → 7.27 %, 6.27 %, 6.27 %, 6.52 %; act/365, each interest line rounded to the cent. A part payment on
// Mon 02-24 pays the interest 01-17 … 02-23 = 38 days on 1,000.00 first: 1000 × 0.0727 × 38 / 365 = 7.5688 → 7.57.

/** The host of this page from 2025-01-02: the claim, the run to 02-23, the part payment on 02-24. */
async function partPaid(amount: string, policy: PolicyInput = deB2cDefaultPolicy) {
  const h = autoHost({ policy });
  h.clock.date = '2025-01-02';
  await h.mw.createClaim(facts());
  expect(await h.run('2025-02-23')).toEqual([]);
  h.clock.date = '2025-02-24';
  await h.mw.recordPayment({ claimId: 'INV-1', paymentId: 'p1', amount, date: '2025-02-24' });
  return h;
}

/** The stage days of a claim's events. */
function stagesOf(events: readonly { type: string; date: IsoDate; stage?: string }[]): string[] {
  return events.flatMap((e) => (e.type === 'stage-entered' ? [`${e.date} ${e.stage}`] : []));
}

// The 2027-01-01 rate is not known today; the specs add one as a host would once the Bundesbank publishes it.
// 1.52 % (unchanged) → 6.52 % for a consumer.
const extended = extendBaseRates(germanBaseRateTable, [{ from: '2027-01-01', ratePercent: '1.52', source: 'spec: a host adds the next half-year (assumed unchanged)' }]);

describe('a minimum reached only after the known base rates: looked at again on the day after them (2027-01-01)', () => {
  // 998.67 paid: 998.67 − 7.57 = 991.10 on the principal → 8.90 left. On 02-27: 02-24 … 02-27 = 4 days:
  // 8.90 × 0.0727 × 4 / 365 = 2.58812 / 365 = 0.0071 → 0.01; 8.91 open, below the final notice's 10.00.
  // By 2026-12-31, nothing booked: 02-24 … 06-30 = 127 days at 7.27 %: 8.90 × 0.0727 × 127 / 365 = 82.17281 / 365 =
  // 0.2251 → 0.23; 2025-07-01 … 2026-06-30 at 6.27 % (184 + 181 days: 8.90 × 0.0627 × 184 / 365 = 0.2813 → 0.28,
  // × 181 / 365 = 0.2767 → 0.28; one line of 365 days gives 0.55803 → 0.56 too); 2026-07-01 … 12-31 = 184 days at
  // 6.52 %: 8.90 × 0.0652 × 184 / 365 = 106.77152 / 365 = 0.2925 → 0.29. 8.90 + 0.23 + 0.56 + 0.29 = 9.98, below
  // 10.00 on the last known day. With 1.52 % from 2027-01-01 (6.52 %): 0.02 more needs 0.015 before rounding —
  // 9 days: 8.90 × 0.0652 × 9 / 365 = 5.22252 / 365 = 0.0143 → 0.01; 10 days: 5.8028 / 365 = 0.0159 → 0.02 — so
  // 01-01 … 01-10: 10.00 on Sun 2027-01-10.
  const known =
    'Stage final-notice (Letzte Mahnung) is due, but 8.91 EUR is open on 2025-02-27, below its minimum of 10.00 EUR (condition minAmount). The claim waits at its stage dunning-notice. ' +
    'Default interest does not bring the open balance to 10.00 EUR by 2026-12-31, the last day of the known base rates (§ 247 BGB); the claim is looked at again on 2027-01-01, ' +
    "when the next half-year's base rate must be known (add it with extendBaseRates), or when a payment or another command makes it due before.";

  it('the run of 02-27 names 2027-01-01 as the day to look again (without the fix: no day — "not looked at again … (or limitation)")', async () => {
    const h = await partPaid('998.67');
    const blocked = await h.run('2025-03-31');
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.openBalance, b.reason.until])).toEqual([['2025-02-27', 'stage.below-minimum', '8.91', '2027-01-01']]);
    expect(blocked[0]?.reason.text).toBe(known);
    const state = project(await h.events('INV-1'));
    // Without the fix: 2029-01-03, the day after limitation (2025 + 3 years → Sun 2028-12-31, 01-01 a holiday →
    // Tue 2029-01-02 by § 193 BGB).
    expect(nextReviewAt(state, deB2cDefaultPolicy, {}, '2025-03-31')).toBe('2027-01-01');
    // On the last known day itself (no day left to search), the day after it too; with the table extended,
    // the day is known already (10.00 on 2027-01-10, above) — and so with the last rate assumed (opt-in).
    expect(decide(state, deB2cDefaultPolicy, '2026-12-31').nextReviewAt).toBe('2027-01-01');
    expect(nextReviewAt(state, deB2cDefaultPolicy, { statement: { baseRates: extended } }, '2025-03-31')).toBe('2027-01-10');
    expect(nextReviewAt(state, deB2cDefaultPolicy, { statement: { allowBeyondKnownBaseRate: true } }, '2025-03-31')).toBe('2027-01-10');
    // The balance of the last known day, as by hand above.
    expect(decide(state, deB2cDefaultPolicy, '2026-12-31').blocked.map((b) => b.openBalance)).toEqual(['9.98']);
  });

  it('the host across the table\'s end: without the new rate 2027-01-01 reports base_rate_unknown (the run goes on); with it added, the final notice on 2027-01-10', async () => {
    // Two hosts over one store, as a host deploys a new table: first with the shipped table through 2026-12-31.
    const h = await partPaid('998.67');
    const before = await h.run('2026-12-31');
    // Looked at on 02-27 only — not daily, not on any other day of the known half-years.
    expect(before.map((b) => [b.day, b.reason.rule, b.reason.until])).toEqual([['2025-02-27', 'stage.below-minimum', '2027-01-01']]);

    // Not extended: the run of 2027-01-01 decides the claim — it is due — and cannot (interest needs the
    // 2027-01-01 rate): base_rate_unknown, the claim's own error, as for every claim in default due that day;
    // the run ends normally. The claim stays due, so the next run asks again (and reports it again) until the
    // rate is added — the CLI's exit 3 with the fix (docs/cli.md).
    for (const day of ['2027-01-01', '2027-01-02'] as const) {
      h.clock.date = day;
      const run = await h.mw.runDue();
      expect(run.errors.map((e) => [e.claimId, e.error.code])).toEqual([['INV-1', 'base_rate_unknown']]);
      expect([run.decided, run.blocked, run.events]).toEqual([0, [], []]);
    }
    // Without the fix nothing was due on these days: no error, and once the rate was added no look before 2029.

    // The rate added (a new host with the extended table) on 01-03: looked at again, the day is worked out anew.
    const later = createMahnwerk({ store: h.store, clock: h.clock, channels: [channel('email'), channel('letter')], policy: deB2cDefaultPolicy, statement: { baseRates: extended } });
    const blocked: [IsoDate, string, string | undefined, string | undefined][] = [];
    for (let day = 3; day <= 20; day++) {
      h.clock.date = `2027-01-${String(day).padStart(2, '0')}`;
      const run = await later.runDue();
      expect(run.errors).toEqual([]);
      for (const b of run.blocked) blocked.push([h.clock.date, b.reason.rule, b.reason.openBalance, b.reason.until]);
    }
    // 01-03: 8.90 + 0.23 + 0.56 + 0.29 + 3 days (01-01 … 01-03: 8.90 × 0.0652 × 3 / 365 = 0.0048 → 0.00) = 9.98;
    // the day it reaches 10.00 is 01-10 (above). Then the final notice on that day, with its 1.00 fee (its hand-over
    // follows 17 days later, 01-27, after these runs).
    expect(blocked).toEqual([['2027-01-03', 'stage.below-minimum', '9.98', '2027-01-10']]);
    const events = await h.events('INV-1');
    expect(stagesOf(events)).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2027-01-10 final-notice']);
    expect(events.filter((e) => e.type === 'fee-charged').map((e) => `${e.date} ${e.amount}`)).toEqual(['2027-01-10 1.00']);
  });

  it('the table extended before it ends (as docs/legal-notes.md asks): the run of 02-27 names 2027-01-10 at once, and the final notice comes then', async () => {
    const h = autoHost({ policy: deB2cDefaultPolicy, statement: { baseRates: extended } });
    h.clock.date = '2025-01-02';
    await h.mw.createClaim(facts());
    await h.run('2025-02-23');
    h.clock.date = '2025-02-24';
    await h.mw.recordPayment({ claimId: 'INV-1', paymentId: 'p1', amount: '998.67', date: '2025-02-24' });
    const blocked = await h.run('2027-01-20');
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.until])).toEqual([['2025-02-27', 'stage.below-minimum', '2027-01-10']]);
    expect(stagesOf(await h.events('INV-1'))).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2027-01-10 final-notice']);
  });
});

// A creditor's policy on the built-in consumer stages: reminder, Mahnung, the final notice by letter with its
// 1.00 fee from 10.00 EUR open, then a fourth stage, a final e-mail without fee, with the conditions a spec gives.
function withFourth(conditions: StageInput['conditions'] | undefined, days: number, finalMinimum = '10.00'): PolicyInput {
  const [reminder, mahnung, finalNotice] = deB2cDefaultPolicy.stages as readonly StageInput[];
  const fourth: StageInput = {
    id: 'final-email',
    name: 'Letzte Erinnerung per E-Mail',
    kind: 'final-notice',
    trigger: { after: 'previous-stage', days },
    ...(conditions === undefined ? {} : { conditions }),
    actions: [{ type: 'send', channel: 'email', template: 'final-notice' }, { type: 'set-deadline', days: 10 }],
  };
  return {
    ...deB2cDefaultPolicy,
    id: 'minimum-review',
    stages: [reminder as StageInput, mahnung as StageInput, { ...(finalNotice as StageInput), conditions: { minAmount: finalMinimum } }, fourth],
  };
}

describe('no default interest running: the balance stays below the minimum, and the end of the base rates brings no look', () => {
  // A creditor's policy of one stage, a reminder e-mail 7 days after the due date from 10.00 EUR open. A 9.00 EUR
  // claim of a consumer, due Thu 2025-01-16 not as an agreed calendar date and no 30-day rule pointed out: not in
  // default (§ 286 BGB) before a Mahnung, and the policy sends none — no interest, 9.00 open on every day.
  const policy = definePolicy({
    id: 'reminder-from-ten',
    version: 1,
    name: 'Reminder from 10 EUR',
    stages: [{ id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, conditions: { minAmount: '10.00' }, actions: [{ type: 'send', channel: 'email', template: 'reminder' }] }],
  } satisfies PolicyInput);
  const state = project([created(facts({ principal: '9.00', dueDateAgreed: false }))]);

  it('on the reminder\'s day 01-23 the reason has no day to look again, and the next look is the day after limitation, not 2027-01-01', () => {
    const due = decide(state, policy, '2025-01-23');
    expect(due.events).toEqual([]);
    expect(due.blocked.map((b) => [b.rule, b.stage, b.openBalance, b.until])).toEqual([['stage.below-minimum', 'reminder', '9.00', undefined]]);
    expect(due.blocked[0]?.text).toContain('It is not looked at again for this until a payment or another command (or limitation) makes it due');
    // §§ 195, 199 BGB: three years from the end of 2025 → Sun 2028-12-31, New Year's Day a holiday → Tue 2029-01-02
    // (§ 193 BGB); the day after: 01-03. (Were the day after the known base rates taken for any claim not reaching
    // its minimum by then: 2027-01-01, a look for a balance no rate to come changes.)
    expect(due.nextReviewAt).toBe('2029-01-03');
  });
});

describe('a later stage with a lower minimum applies first: the look is the earliest day any stage can be entered', () => {
  // 998.00 paid: 990.43 on the principal → 9.57 left (stage-below-minimum.test.ts); 9.58 on 02-27. The final
  // notice's 10.00 is reached on 2025-10-21 (that spec's hand figures). The fourth stage asks 9.60 from 02-06 + 35 =
  // Thu 03-13. 9.57 reaches 9.60 with 0.03 of interest, 0.025 before rounding: 13 days 9.57 × 0.0727 × 13 / 365 =
  // 9.044907 / 365 = 0.0248 → 0.02; 14 days 9.740346 / 365 = 0.0267 → 0.03 — 02-24 … 03-09 (5 + 9 days): 9.60 on
  // Sun 03-09, before its day 03-13; so it is entered on 03-13 (9.57 + 18 days: 12.523302 / 365 = 0.0343 → 0.03,
  // 9.60), not the final notice on 10-21.
  const policy = withFourth({ minAmount: '9.60' }, 35);

  it('the run of 02-27 names the fourth stage\'s minimum and day (03-13); the final e-mail comes then (without the fix: the final notice on 10-21)', async () => {
    const h = await partPaid('998.00', policy);
    const blocked = await h.run('2025-10-31');
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.stage, b.reason.openBalance, b.reason.until])).toEqual([['2025-02-27', 'stage.below-minimum', 'final-notice', '9.58', '2025-03-13']]);
    expect(blocked[0]?.reason.text).toContain(
      'Default interest brings the open balance to 9.60 EUR, the minimum of stage final-email (Letzte Erinnerung per E-Mail), on 2025-03-09; the claim is looked at again on 2025-03-13, the day stage final-email is due',
    );
    const events = await h.events('INV-1');
    expect(stagesOf(events)).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-03-13 final-email']);
    expect(events.filter((e) => e.type === 'fee-charged')).toEqual([]);
  });

  it('a later stage with the same or a higher minimum never applies first (the policy takes the first stage that applies): the look stays on 10-21', async () => {
    // The fourth stage from 10.00 or 12.00, due 02-07 (02-06 + 1): at 10.00 the final notice applies first (it
    // comes first in the policy), so the look is the final notice's 10-21 (as in the built-in policy, whose
    // hand-over and court dunning ask the same 10.00).
    for (const minimum of ['10.00', '12.00']) {
      const h = await partPaid('998.00', withFourth({ minAmount: minimum }, 1));
      const blocked = await h.run('2025-03-31');
      expect(blocked.map((b) => [b.day, b.reason.until])).toEqual([['2025-02-27', '2025-10-21']]);
    }
  });
});

describe('a later stage without a minimum: the claim does not wait — it is the next stage, on its own day', () => {
  it('the fourth stage without conditions 35 days after the Mahnung: the final e-mail on 03-13, nothing reported below a minimum', async () => {
    // nextStageOf passes over the final notice (9.58 < 10.00 on 02-27) and takes the stage after it, whose
    // conditions hold; its day is 02-06 + 35 = 03-13. The final notice's 10.00 (10-21) comes later, so it never applies.
    const h = await partPaid('998.00', withFourth(undefined, 35));
    const blocked = await h.run('2025-10-31');
    expect(blocked).toEqual([]);
    expect(stagesOf(await h.events('INV-1'))).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-03-13 final-email']);
  });

  it('but a stage before it whose minimum is reached before that day applies first: the final notice at 9.60 on 03-09, not the e-mail on 04-07', async () => {
    // Final notice from 9.60 (due 02-27), the e-mail without conditions 02-06 + 60 = Mon 04-07. On 02-27 9.58 is
    // open: the final notice is passed over, the e-mail is the next stage. 9.60 is reached on Sun 03-09 (above): the
    // final notice, the first stage of the policy that applies then, is due since 02-27 — entered on 03-09 (the
    // e-mail then counts from it: 03-09 + 60 = 05-08). Without the fix the review looked only at the e-mail's
    // day, 04-07, and entered the final notice then.
    const h = await partPaid('998.00', withFourth(undefined, 60, '9.60'));
    const blocked = await h.run('2025-04-30');
    expect(blocked).toEqual([]);
    expect(stagesOf(await h.events('INV-1'))).toEqual(['2025-01-23 reminder', '2025-02-06 dunning-notice', '2025-03-09 final-notice']);
  });
});
