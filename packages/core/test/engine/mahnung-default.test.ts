import { describe, expect, it } from 'vitest';
import { checkInvariants, loadPolicy, type ClaimEvent, type IsoDate, type MahnungDefault, type PolicyInput, type RenderInput } from '../../src/index.js';
import { noticePolicy, noticeRun, type NoticeRun, type NoticeRunOptions } from './host-fixture.js';

// A Mahnung that sets a payment deadline ("bis zum …"): does default begin with its receipt, or only
// once the deadline has passed unpaid? "Bei Fristsetzung ist durch Auslegung zu unterscheiden, ob der
// Verzug erst mit Fristablauf eintreten soll …" (lexexakt, Glossar "Mahnung"; docs/legal-notes.md).
// The policy's `mahnungDefault` chooses the reading: 'on-receipt' (default) counts default from the
// day after receipt (§ 286 Abs. 1 BGB; receipt = sending + 3 letter delivery days), 'after-deadline'
// from the day after the deadline as § 193 BGB moved it. Every figure below is worked out by hand in
// its comment (calendar 2025: 2025-02-06 is a Thursday, 2025-02-08 a Saturday; base rate 2.27 % from
// 2025-01-01, Bundesbank; § 288 Abs. 1 BGB: + 5 points for a consumer; act/365, both ends counted).

const policyWith = (mahnungDefault: MahnungDefault | undefined, noticeAfterReminder = 14, thirdStage: 'final' | 'after-default' = 'final'): PolicyInput =>
  noticePolicy({ id: 'mahnung-default-test', name: 'Mahnung default test', mahnungDefault, noticeAfterReminder, thirdStage });

interface RunOptions extends NoticeRunOptions {
  readonly noticeAfterReminder?: number;
  readonly thirdStage?: 'final' | 'after-default';
}

/** Runs the claim of `noticeRun` (1,000.00 EUR, invoice 2025-01-02, due 2025-01-16) under the policy read as `mahnungDefault`; keeps what the renderer was given per template. */
const run = (mahnungDefault: MahnungDefault | undefined, until: IsoDate, options: RunOptions = {}): Promise<NoticeRun> =>
  noticeRun(policyWith(mahnungDefault, options.noticeAfterReminder, options.thirdStage), until, options);

const defaultBegan = (events: readonly ClaimEvent[]): Extract<ClaimEvent, { type: 'default-began' }> | undefined =>
  events.find((e): e is Extract<ClaimEvent, { type: 'default-began' }> => e.type === 'default-began');

const interestRows = (input: RenderInput | undefined): unknown[] =>
  (input?.statement.lines ?? []).filter((l) => l.part === 'interest').map((l) => [l.date, l.to, l.days, l.ratePercent, l.amount.amount.toFixed(2)]);

describe("Policy.mahnungDefault: when a Mahnung with a payment deadline puts the debtor in default (§ 286 Abs. 1 BGB)", () => {
  it("the same claim under both readings: default from the day after receipt ('on-receipt') or after the deadline ('after-deadline'); interest, the default-began event and the letter follow", async () => {
    // Reminder 2025-01-23 (due + 7); Mahnung sent Thursday 2025-02-06 (+ 14) with a deadline to
    // Thursday 2025-02-20 (+ 14, a business day: § 193 BGB moves nothing), received Sunday 2025-02-09
    // (+ 3 letter days); final notice 2025-02-27 (+ 21). Interest on the final notice's statement:
    //   on-receipt:     2025-02-10 … 2025-02-27 = 18 days; 1,000.00 × 7.27 % × 18 / 365 = 3.5852… → 3.59
    //   after-deadline: 2025-02-21 … 2025-02-27 =  7 days; 1,000.00 × 7.27 % ×  7 / 365 = 1.3942… → 1.39
    const onReceipt = await run('on-receipt', '2025-02-28');
    const afterDeadline = await run('after-deadline', '2025-02-28');

    expect(defaultBegan(onReceipt.events)).toMatchObject({ date: '2025-02-10', route: 'reminder', basis: '§ 286 Abs. 1 BGB' });
    const began = defaultBegan(afterDeadline.events);
    expect(began).toMatchObject({ date: '2025-02-21', route: 'reminder', basis: '§ 286 Abs. 1 BGB' });
    expect(began?.reason?.inputs).toMatchObject({ noticeReceivedOn: '2025-02-09', noticeDeadline: '2025-02-20', firstDayOfDefault: '2025-02-21' });
    expect(began?.reason?.text).toContain('payment deadline to 2025-02-20');
    // The on-receipt event is as before: no deadline among its inputs (the checksum guard's events are unchanged).
    expect(defaultBegan(onReceipt.events)?.reason?.inputs).not.toHaveProperty('noticeDeadline');

    expect(interestRows(onReceipt.inputs.get('final-notice'))).toEqual([['2025-02-10', '2025-02-27', 18, '7.27', '3.59']]);
    expect(interestRows(afterDeadline.inputs.get('final-notice'))).toEqual([['2025-02-21', '2025-02-27', 7, '7.27', '1.39']]);

    // The letter: on receipt → causesDefault; after the deadline → causesDefaultAfterDeadline, never both.
    const noticeOnReceipt = onReceipt.inputs.get('dunning-notice');
    expect(noticeOnReceipt?.causesDefault).toBe(true);
    expect(noticeOnReceipt?.causesDefaultAfterDeadline).toBeUndefined();
    const noticeAfter = afterDeadline.inputs.get('dunning-notice');
    expect(noticeAfter?.deadline).toBe('2025-02-20');
    expect(noticeAfter?.causesDefaultAfterDeadline).toBe(true);
    expect(noticeAfter?.causesDefault).toBeUndefined();
    // The final notice goes to a debtor already in default under both readings.
    expect(afterDeadline.inputs.get('final-notice')?.causesDefault).toBeUndefined();
    expect(afterDeadline.inputs.get('final-notice')?.causesDefaultAfterDeadline).toBeUndefined();

    // On the deadline itself the debtor is not in default yet: no interest (statement of 2025-02-20).
    expect((await afterDeadline.mw.statement('K-1', '2025-02-20')).interest.amount.toFixed(2)).toBe('0.00');
    // A day later: 1,000.00 × 7.27 % × 1 / 365 = 0.1991… → 0.20.
    expect((await afterDeadline.mw.statement('K-1', '2025-02-21')).interest.amount.toFixed(2)).toBe('0.20');
    for (const r of [onReceipt, afterDeadline]) expect(checkInvariants(r.events, loadPolicy(policyWith('after-deadline')))).toEqual([]);
  });

  it('without mahnungDefault the policy reads on-receipt (the default): the same events as with it set explicitly', async () => {
    const implicit = await run(undefined, '2025-02-28');
    const explicit = await run('on-receipt', '2025-02-28');
    const strip = (events: readonly ClaimEvent[]): unknown[] => events.map(({ recordedAt: _r, ...e }) => e);
    expect(strip(implicit.events)).toEqual(strip(explicit.events));
    expect(loadPolicy(policyWith(undefined)).mahnungDefault).toBe('on-receipt');
  });

  it('§ 193 BGB: a deadline on a Saturday is moved to Monday, and default begins on the Tuesday', async () => {
    // Mahnung 16 days after the reminder: sent Saturday 2025-02-08, received 2025-02-11; 14 days give
    // Saturday 2025-02-22, which § 193 BGB moves to Monday 2025-02-24 (the stage's deadline already
    // says so); default from Tuesday 2025-02-25. On receipt it would be 2025-02-12.
    const afterDeadline = await run('after-deadline', '2025-02-26', { noticeAfterReminder: 16 });
    expect(afterDeadline.inputs.get('dunning-notice')?.deadline).toBe('2025-02-24');
    expect(defaultBegan(afterDeadline.events)?.date).toBe('2025-02-25');
    const onReceipt = await run('on-receipt', '2025-02-26', { noticeAfterReminder: 16 });
    expect(defaultBegan(onReceipt.events)?.date).toBe('2025-02-12');
  });

  it('a claim paid in full by the deadline never falls into default under after-deadline; on receipt it owes interest from the day after receipt', async () => {
    // 1,000.00 paid on 2025-02-18, before the deadline 2025-02-20.
    //   on-receipt: default 2025-02-10; a payment on D is allocated against the balance at the end
    //     of the day before (docs/engine.md, "The order of a day"), so interest runs 2025-02-10 …
    //     2025-02-17 = 8 days; 1,000.00 × 7.27 % × 8 / 365 = 1.5934… → 1.59; § 367 Abs. 1 BGB puts
    //     the payment on the interest first, so 1.59 of the principal stays open.
    //   after-deadline: the claim is settled before default could begin; no default, no interest.
    const pay = { on: '2025-02-18' as IsoDate, amount: '1000.00' };
    const onReceipt = await run('on-receipt', '2025-02-28', { pay });
    const afterDeadline = await run('after-deadline', '2025-02-28', { pay });
    expect(defaultBegan(onReceipt.events)?.date).toBe('2025-02-10');
    const open = await onReceipt.mw.statement('K-1', '2025-02-18');
    expect([open.interestAccrued.amount.toFixed(2), open.total.amount.toFixed(2)]).toEqual(['1.59', '1.59']);
    expect(defaultBegan(afterDeadline.events)).toBeUndefined();
    expect((await afterDeadline.mw.claim('K-1'))?.status).toBe('settled');
    expect((await afterDeadline.mw.statement('K-1', '2025-02-28')).interestAccrued.amount.toFixed(2)).toBe('0.00');
  });

  it("a stage triggered by default (after: 'default') counts from the default the policy's reading gives", async () => {
    // Final notice at default + 14: on receipt 2025-02-10 + 14 = 2025-02-24; after the deadline
    // 2025-02-21 + 14 = 2025-03-07.
    const entered = (events: readonly ClaimEvent[]): IsoDate | undefined => events.find((e) => e.type === 'stage-entered' && e.stage === 'final')?.date;
    expect(entered((await run('on-receipt', '2025-03-10', { thirdStage: 'after-default' })).events)).toBe('2025-02-24');
    expect(entered((await run('after-deadline', '2025-03-10', { thirdStage: 'after-default' })).events)).toBe('2025-03-07');
  });

  it('defaults that arise otherwise are untouched: an agreed calendar date (§ 286 Abs. 2 Nr. 1 BGB) and the 30-day rule (Abs. 3)', async () => {
    // Agreed calendar due date 2025-01-16 (a Thursday): default from 2025-01-17 under both readings; the Mahnung causes nothing.
    for (const reading of ['on-receipt', 'after-deadline'] as const) {
      const agreed = await run(reading, '2025-02-07', { dueDateAgreed: true });
      expect(defaultBegan(agreed.events)).toMatchObject({ date: '2025-01-17', route: 'calendar-date' });
      expect(agreed.inputs.get('dunning-notice')?.causesDefault).toBeUndefined();
      expect(agreed.inputs.get('dunning-notice')?.causesDefaultAfterDeadline).toBeUndefined();
    }
    // Business debtor: invoice taken as received 2025-01-05, due 2025-01-16; 30 days from 2025-01-16
    // end on 2025-02-15 → default 2025-02-16 by the rule. On receipt the Mahnung (received 2025-02-09)
    // comes first (2025-02-10); after its deadline (2025-02-21) the 30-day rule does, and the Mahnung
    // does not claim to cause default.
    const onReceipt = await run('on-receipt', '2025-02-22', { kind: 'business' });
    expect(defaultBegan(onReceipt.events)).toMatchObject({ date: '2025-02-10', route: 'reminder' });
    const afterDeadline = await run('after-deadline', '2025-02-22', { kind: 'business' });
    expect(defaultBegan(afterDeadline.events)).toMatchObject({ date: '2025-02-16', route: 'thirty-day-rule', basis: '§ 286 Abs. 3 BGB' });
    expect(afterDeadline.inputs.get('dunning-notice')?.causesDefault).toBeUndefined();
    expect(afterDeadline.inputs.get('dunning-notice')?.causesDefaultAfterDeadline).toBeUndefined();
  });
});
