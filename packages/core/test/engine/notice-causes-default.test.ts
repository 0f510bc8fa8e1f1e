import { describe, expect, it } from 'vitest';
import { type IsoDate, type PolicyInput } from '../../src/index.js';
import { noticePolicy, noticeRun, type NoticeRun } from './host-fixture.js';

// § 286 Abs. 1 BGB: a Mahnung after the due date puts the debtor in default with its receipt; the
// engine counts default from the day after receipt (receipt = sending + the policy's 3 letter
// delivery days). Whether a payment deadline set in the same Mahnung postpones default is a question
// of how the letter is read (lexexakt, Glossar "Mahnung": "Bei Fristsetzung ist durch Auslegung zu
// unterscheiden, ob der Verzug erst mit Fristablauf eintreten soll …"; docs/legal-notes.md). The
// engine therefore tells the renderer when a notice is the one whose receipt causes default
// (`causesDefault`), so that the letter says so and its deadline cannot be read as a deferral.

const policyWith = (noticeAfterReminder: number): PolicyInput => noticePolicy({ id: 'causes-default-test', name: 'Causes default test', noticeAfterReminder });

/** Runs the claim of `noticeRun` (1,000.00 €) of a debtor of `claim.kind` day by day through createMahnwerk and keeps what the renderer was given per template. */
const run = (claim: { kind: 'consumer' | 'business'; dueDateAgreed?: boolean }, until: IsoDate, noticeAfterReminder = 14): Promise<NoticeRun> =>
  noticeRun(policyWith(noticeAfterReminder), until, claim);

describe('causesDefault: the Mahnung whose receipt puts the debtor in default says so (§ 286 Abs. 1 BGB)', () => {
  it('consumer, due date set on the invoice only, no 30-day notice: the dunning notice causes default; the reminder and the final notice do not', async () => {
    // Reminder 2025-01-23 (due + 7); Mahnung 2025-02-06 (+ 14), deadline 2025-02-20, received
    // 2025-02-09, default from 2025-02-10; final notice 2025-02-27 (+ 21), already in default.
    const { inputs } = await run({ kind: 'consumer' }, '2025-02-28');
    expect(inputs.get('reminder')?.causesDefault).toBeUndefined();
    const notice = inputs.get('dunning-notice');
    expect(notice?.deadline).toBe('2025-02-20');
    expect(notice?.causesDefault).toBe(true);
    const final = inputs.get('final-notice');
    expect(final?.causesDefault).toBeUndefined();
    // What the letter promises is what the engine counts: interest from the day after receipt.
    const interest = final?.statement.lines.filter((l) => l.part === 'interest') ?? [];
    expect(interest.length).toBeGreaterThan(0);
    expect(interest[0]?.date).toBe('2025-02-10');
    // By hand: 2025-02-10 … 2025-02-27 = 18 days; base rate 2.27 % + 5 points = 7.27 % (§ 288 Abs. 1 BGB);
    // 1,000.00 × 7.27 % × 18 / 365 = 3.585… → 3.59.
    expect(interest.map((l) => [l.date, l.to, l.days, l.ratePercent, l.amount.amount.toFixed(2)])).toEqual([['2025-02-10', '2025-02-27', 18, '7.27', '3.59']]);
  });

  it('an agreed calendar due date (§ 286 Abs. 2 Nr. 1 BGB): in default from 2025-01-17 already, so the dunning notice does not cause default', async () => {
    const { inputs } = await run({ kind: 'consumer', dueDateAgreed: true }, '2025-02-07');
    expect(inputs.get('dunning-notice')).toBeDefined();
    expect(inputs.get('dunning-notice')?.causesDefault).toBeUndefined();
  });

  it('business debtor: the 30-day rule (§ 286 Abs. 3 BGB) puts the debtor in default from 2025-02-16, after the Mahnung received on 2025-02-09, so the Mahnung causes it', async () => {
    // Invoice 2025-01-02, received 2025-01-05, due 2025-01-16: 30 days from 2025-01-16 end on
    // 2025-02-15 → default 2025-02-16 by the rule, 2025-02-10 by the Mahnung.
    const { inputs } = await run({ kind: 'business' }, '2025-02-07');
    expect(inputs.get('dunning-notice')?.causesDefault).toBe(true);
  });

  it('business debtor, Mahnung sent 2025-02-13 (received 2025-02-16): the 30-day rule puts the debtor in default from 2025-02-16, before the day after receipt, so the Mahnung does not cause it', async () => {
    // Reminder 2025-01-23, Mahnung 21 days later on 2025-02-13: not yet in default on the day of
    // sending, but the rule's default (2025-02-16) comes before the one by receipt (2025-02-17).
    const { inputs } = await run({ kind: 'business' }, '2025-02-14', 21);
    expect(inputs.get('dunning-notice')?.causesDefault).toBeUndefined();
    // Sent a day earlier (received 2025-02-15, default by receipt 2025-02-16, the same day), it does.
    const earlier = await run({ kind: 'business' }, '2025-02-13', 20);
    expect(earlier.inputs.get('dunning-notice')?.causesDefault).toBe(true);
  });
});
