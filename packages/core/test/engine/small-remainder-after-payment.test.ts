import { describe, expect, it } from 'vitest';
import { deB2bDefaultPolicy, deB2cDefaultPolicy, failedCondition, money, paidOrCredited, project, type ClaimEvent, type ClaimFacts } from '../../src/index.js';
import { created } from './helpers.js';
import { autoHost } from './host-fixture.js';
import { strangerFacts } from './stranger-claim.js';

// Stage condition minRemainder (docs/engine.md, "A claim below a stage's minimum"; docs/legal-notes.md,
// "Built-in policies"): the smallest open balance once part of the claim was paid or credited. The built-in
// policies (version 4) put minRemainder 10.00 on the reminder and the Mahnung: a small remainder after a
// payment or credit is not dunned, a small invoice nothing was paid on is still reminded and dunned (and, as
// in version 3, stops before the final notice below 10 EUR: minAmount 10.00 from the final notice on).
//
// Rates (§ 288 Abs. 1 and 2 BGB, base rate 2.27 % from 2025-01-01): consumer 7.27 %, business 11.27 %, act/365.
// The claim is strangerFacts: 249.90 EUR due Mon 2025-03-17 as agreed (calendar date, § 286 Abs. 2 Nr. 1 BGB:
// default from Tue 03-18); reminder due 03-24 (due + 7), Mahnung 14 days after the reminder.

type Host = ReturnType<typeof autoHost>;

const stagesOf = (events: readonly ClaimEvent[]): string[] => events.flatMap((e) => (e.type === 'stage-entered' ? [`${e.date} ${e.stage}`] : []));
const lettersOf = (events: readonly ClaimEvent[]): string[] => events.flatMap((e) => (e.type === 'message-queued' ? [`${e.date} ${e.template}`] : []));

async function host(facts: ClaimFacts): Promise<Host> {
  const h = autoHost();
  h.clock.date = '2025-03-03';
  await h.mw.createClaim(facts);
  return h;
}

/** The stranger's repro through the host API: one runDue a day, `amount` paid on 03-25. */
async function strangerRun(facts: ClaimFacts, amount: string) {
  const h = await host(facts);
  const early = await h.run('2025-03-24');
  h.clock.date = '2025-03-25';
  await h.mw.recordPayment({ claimId: 'A', paymentId: 'p1', amount, date: '2025-03-25' });
  const late = await h.run('2025-06-30');
  const events = await h.events('A');
  return { blocked: [...early, ...late], events, stages: stagesOf(events), letters: lettersOf(events) };
}

describe('stage condition minRemainder in the built-in policies (version 4): no reminder or Mahnung for a remainder below 10 EUR after a payment or credit', () => {
  it("the stranger's claim: 249.90 paid a week late leaves 0.35 — no Mahnung for 0,35 € on 04-07; the run of 04-07 reports it (stage.below-minimum, condition minRemainder)", async () => {
    // 249.90 paid Tue 03-25: interest first (§ 367 Abs. 1 BGB), 03-18 … 03-24 = 7 days at 7.27 %:
    // 249.90 × 0.0727 × 7 / 365 = 127.17411 / 365 = 0.3484 → 0.35; principal 249.90 − 0.35 = 249.55 → 0.35 left.
    // The Mahnung is due Mon 04-07 (reminder 03-24 + 14): 0.35 + interest 03-25 … 04-07 (14 days)
    // 0.35 × 0.0727 × 14 / 365 = 0.35623 / 365 = 0.00098 → 0.00: 0.35 open, below 10.00.
    // Interest on 0.35 is 0.35 × 0.0727 = 0.0254 a year: 10.00 is not reached by 2026-12-31, the last day of the
    // known base rates (0.35 + 0.05 at most) — the review looks again on 2027-01-01, when the next rate must be known.
    const { blocked, events, stages, letters } = await strangerRun(strangerFacts, '249.90');
    expect(events.find((e) => e.type === 'payment-received')).toMatchObject({ allocation: { interest: '0.35', principal: '249.55' } });
    // Without minRemainder (version 3): [03-24 reminder, 04-07 dunning-notice], a Mahnung letter queued on 04-07.
    expect(stages).toEqual(['2025-03-24 reminder']);
    expect(letters).toEqual(['2025-03-24 reminder']);
    expect(blocked).toEqual([
      {
        day: '2025-04-07',
        claimId: 'A',
        reason: {
          rule: 'stage.below-minimum',
          basis: "the policy's stage condition minRemainder",
          text:
            'Stage dunning-notice (Mahnung) is due, but 0.35 EUR is open on 2025-04-07, below its minimum of 10.00 EUR for what is left once part of the claim was paid or credited (condition minRemainder). The claim waits at its stage reminder. ' +
            "Default interest does not bring the open balance to 10.00 EUR by 2026-12-31, the last day of the known base rates (§ 247 BGB); the claim is looked at again on 2027-01-01, when the next half-year's base rate must be known (add it with extendBaseRates), or when a payment or another command makes it due before.",
          stage: 'dunning-notice',
          until: '2027-01-01',
          openBalance: '0.35',
          minAmount: '10.00',
        },
      },
    ]);
    // It stays open (the engine writes nothing off), at the reminder.
    expect(events.some((e) => e.type === 'settled' || e.type === 'written-off')).toBe(false);
  });

  it('the same for a business debtor (de-b2b-default, 11.27 %): 249.90 × 0.1127 × 7 / 365 = 0.54 left, no Mahnung', async () => {
    // 249.90 × 0.1127 × 7 / 365 = 197.14611 / 365 = 0.5401 → 0.54 interest first, principal 249.36 → 0.54 left;
    // 04-07: 0.54 × 0.1127 × 14 / 365 = 0.85201 / 365 = 0.0023 → 0.00: 0.54 open, below 10.00; 0.0609 a year:
    // not 10.00 by 2026-12-31, looked at again on 2027-01-01.
    const { blocked, events, stages } = await strangerRun({ ...strangerFacts, debtor: { ...strangerFacts.debtor, kind: 'business', name: 'Muster GmbH' } }, '249.90');
    expect(events.find((e) => e.type === 'payment-received')).toMatchObject({ allocation: { interest: '0.54', principal: '249.36' } });
    expect(stages).toEqual(['2025-03-24 reminder']);
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.stage, b.reason.openBalance, b.reason.minAmount, b.reason.until])).toEqual([['2025-04-07', 'stage.below-minimum', 'dunning-notice', '0.54', '10.00', '2027-01-01']]);
    expect(blocked[0]?.reason.text).toContain('(condition minRemainder)');
  });

  it('an unpaid invoice of 5.00 is still reminded and dunned (nothing paid or credited), and stops before the final notice as in version 3 (minAmount)', async () => {
    // Reminder 03-24, Mahnung 04-07 (+ 14, deadline 14 days), final notice due 04-28 (+ 21): 5.00 + interest
    // 03-18 … 04-28 (14 + 28 = 42 days) 5.00 × 0.0727 × 42 / 365 = 15.267 / 365 = 0.0418 → 0.04: 5.04 open, below 10.00.
    const h = await host({ ...strangerFacts, principal: '5.00' });
    const blocked = await h.run('2025-06-30');
    const events = await h.events('A');
    // Without the fix as the first attempt had it (minAmount on every stage): no stage at all.
    expect(stagesOf(events)).toEqual(['2025-03-24 reminder', '2025-04-07 dunning-notice']);
    expect(lettersOf(events)).toEqual(['2025-03-24 reminder', '2025-04-07 dunning-notice']);
    expect(blocked.map((b) => [b.day, b.reason.rule, b.reason.stage, b.reason.openBalance, b.reason.minAmount])).toEqual([['2025-04-28', 'stage.below-minimum', 'final-notice', '5.04', '10.00']]);
    expect(blocked[0]?.reason.text).toContain('(condition minAmount)');
  });

  it('a remainder of 9.99 is held until default interest lifts it to 10.00: the Mahnung goes the day after it is due', async () => {
    // 100.00 due 03-17 as agreed; reminder 03-24 (100.00 open). 90.39 paid Sun 04-06: interest 03-18 … 04-05
    // (19 days) 100.00 × 0.0727 × 19 / 365 = 138.13 / 365 = 0.3784 → 0.38 first, principal 90.01 → 9.99 left.
    // Mahnung due Mon 04-07: 9.99 + interest 04-06 … 04-07 (2 days) 9.99 × 0.0727 × 2 / 365 = 1.452546 / 365
    // = 0.00398 → 0.00: 9.99 open, below 10.00 — held, reported with `until` the day the balance reaches 10.00:
    // 3 days (04-06 … 04-08) 2.178819 / 365 = 0.00597 → 0.01: 10.00 on Tue 04-08, at the minimum: entered.
    // The final notice (04-08 + 21 = Tue 04-29, minAmount 10.00): 24 days 04-06 … 04-29 9.99 × 0.0727 × 24 / 365
    // = 17.430552 / 365 = 0.0478 → 0.05: 10.04 open, entered.
    const h = await host({ ...strangerFacts, principal: '100.00' });
    const early = await h.run('2025-04-05');
    h.clock.date = '2025-04-06';
    await h.mw.recordPayment({ claimId: 'A', paymentId: 'p1', amount: '90.39', date: '2025-04-06' });
    const late = await h.run('2025-04-30');
    const events = await h.events('A');
    expect(events.find((e) => e.type === 'payment-received')).toMatchObject({ allocation: { interest: '0.38', principal: '90.01' } });
    // Without the fix (version 3): the Mahnung on 04-07 for 9.99.
    expect(stagesOf(events)).toEqual(['2025-03-24 reminder', '2025-04-08 dunning-notice', '2025-04-29 final-notice']);
    expect([...early, ...late].map((b) => [b.day, b.reason.rule, b.reason.stage, b.reason.openBalance, b.reason.until])).toEqual([['2025-04-07', 'stage.below-minimum', 'dunning-notice', '9.99', '2025-04-08']]);
    expect(late[0]?.reason.text).toContain('(condition minRemainder)');
  });

  it('a credit note counts as credited: a 12.00 invoice credited 3.00 waits before its reminder at 9.00 + interest', async () => {
    // 12.00 due 03-17 agreed, credit note 3.00 on 03-10 (before default, no interest): 9.00 principal.
    // Reminder due 03-24: 9.00 × 0.0727 × 7 / 365 = 4.5801 / 365 = 0.0125 → 0.01: 9.01 open, below 10.00.
    const h = await host({ ...strangerFacts, principal: '12.00' });
    h.clock.date = '2025-03-10';
    await h.mw.recordAdjustment({ claimId: 'A', kind: 'credit-note', amount: '3.00', date: '2025-03-10' });
    const blocked = await h.run('2025-03-24');
    expect(stagesOf(await h.events('A'))).toEqual([]);
    expect(blocked.map((b) => [b.day, b.reason.stage, b.reason.openBalance, b.reason.minAmount])).toEqual([['2025-03-24', 'reminder', '9.01', '10.00']]);
    expect(blocked[0]?.reason.text).toContain('The claim waits before its first stage.');
  });

  it('a payment fully refunded counts as not paid (the 5.00 invoice is reminded); one refunded in part still counts (held)', async () => {
    // 5.00 due 03-17 agreed; 3.00 paid 03-10 (before default: all principal), refunded on 03-12.
    // In full (3.00): nothing paid in effect — 5.00 + 7 days' interest 5.00 × 0.0727 × 7 / 365 = 0.0070 → 0.01
    // = 5.01 open on 03-24, reminded. In part (1.00): 2.00 + 1.00 = 3.00 principal, 3.00 × 0.0727 × 7 / 365
    // = 0.0042 → 0.00: 3.00 open on 03-24, held (minRemainder).
    const run = async (refund: string) => {
      const h = await host({ ...strangerFacts, principal: '5.00' });
      h.clock.date = '2025-03-10';
      await h.mw.recordPayment({ claimId: 'A', paymentId: 'p1', amount: '3.00', date: '2025-03-10' });
      h.clock.date = '2025-03-12';
      await h.mw.reversePayment({ claimId: 'A', paymentId: 'p1', reversalId: 'r1', kind: 'refund', amount: refund, date: '2025-03-12' });
      const blocked = await h.run('2025-03-24');
      return { blocked, stages: stagesOf(await h.events('A')) };
    };
    const full = await run('3.00');
    expect(full.stages).toEqual(['2025-03-24 reminder']);
    expect(full.blocked).toEqual([]);
    const part = await run('1.00');
    expect(part.stages).toEqual([]);
    expect(part.blocked.map((b) => [b.day, b.reason.stage, b.reason.openBalance])).toEqual([['2025-03-24', 'reminder', '3.00']]);
  });

  it('both built-ins are version 4: minRemainder 10.00 on the reminder and the Mahnung, minAmount 10.00 from the final notice on', () => {
    for (const p of [deB2cDefaultPolicy, deB2bDefaultPolicy]) {
      expect(p.version).toBe(4);
      expect(p.stages.map((s) => [s.id, s.conditions?.minRemainder, s.conditions?.minAmount])).toEqual([
        ['reminder', '10.00', undefined],
        ['dunning-notice', '10.00', undefined],
        ['final-notice', undefined, '10.00'],
        ['handover', undefined, '10.00'],
        ['court-dunning-announcement', undefined, '10.00'],
        ['court-dunning', undefined, '10.00'],
      ]);
    }
  });
});

describe('paidOrCredited: what counts as part of the claim paid or credited (minRemainder)', () => {
  const base = { claimId: 'A' };
  const payment = (paymentId: string, amount: string): ClaimEvent => ({ ...base, type: 'payment-received', date: '2025-03-10', paymentId, amount, allocation: { principal: amount, interest: '0.00', costs: '0.00', unapplied: '0.00' } }) as unknown as ClaimEvent;
  const reversal = (paymentId: string, amount: string, n: number): ClaimEvent =>
    ({ ...base, type: 'payment-reversed', date: '2025-03-12', reversalId: `r${n}`, paymentId, kind: n % 2 === 0 ? 'refund' : 'chargeback', amount, allocation: { principal: amount, interest: '0.00', costs: '0.00', unapplied: '0.00' } }) as unknown as ClaimEvent;
  const state = (...events: ClaimEvent[]) => project([created(strangerFacts), ...events]);

  it('nothing booked: not paid; a payment: paid; reversed in full (in one or two steps): not paid; in part: paid', () => {
    expect(paidOrCredited(state())).toBe(false);
    expect(paidOrCredited(state(payment('p1', '3.00')))).toBe(true);
    expect(paidOrCredited(state(payment('p1', '3.00'), reversal('p1', '3.00', 1)))).toBe(false);
    expect(paidOrCredited(state(payment('p1', '3.00'), reversal('p1', '1.00', 1), reversal('p1', '2.00', 2)))).toBe(false);
    expect(paidOrCredited(state(payment('p1', '3.00'), reversal('p1', '2.99', 1)))).toBe(true);
    // Another payment's reversal does not take back this one.
    expect(paidOrCredited(state(payment('p1', '3.00'), payment('p2', '1.00'), reversal('p2', '1.00', 1)))).toBe(true);
  });

  it('a credit note or a write-down counts', () => {
    for (const kind of ['credit-note', 'write-down'] as const) {
      expect(paidOrCredited(state({ ...base, type: 'adjustment', date: '2025-03-10', kind, amount: '1.00' } as unknown as ClaimEvent))).toBe(true);
    }
  });

  it('failedCondition: minRemainder holds a part-paid claim below it, not one nothing was paid on, nor a caller passing the facts alone', () => {
    const paid = state(payment('p1', '3.00'));
    const unpaid = state();
    const c = { minRemainder: '10.00' };
    expect(failedCondition(c, paid, money('9.99', 'EUR'))).toBe('minRemainder');
    expect(failedCondition(c, paid, money('10.00', 'EUR'))).toBeNull(); // at the minimum exactly the stage applies
    expect(failedCondition(c, unpaid, money('0.01', 'EUR'))).toBeNull();
    expect(failedCondition(c, strangerFacts, money('0.01', 'EUR'))).toBeNull();
    // With minAmount too: the higher minimum of those that apply, named by its condition.
    expect(failedCondition({ minAmount: '5.00', minRemainder: '10.00' }, paid, money('7.00', 'EUR'))).toBe('minRemainder');
    expect(failedCondition({ minAmount: '5.00', minRemainder: '10.00' }, unpaid, money('7.00', 'EUR'))).toBeNull();
    expect(failedCondition({ minAmount: '20.00', minRemainder: '10.00' }, paid, money('15.00', 'EUR'))).toBe('minAmount');
  });
});
