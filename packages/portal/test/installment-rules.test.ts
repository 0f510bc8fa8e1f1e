import { money, sum } from '@mahnwerk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeProposal } from '../src/index.js';

const today = '2025-01-31';

describe('installment proposals within the creditor rules', () => {
  it('3 monthly installments of 1,006.17 EUR: 335.39 + 335.39 + 335.39 = 1,006.17, due on the same day of each month, accepted at once', () => {
    const v = judgeProposal(money('1006.17'), { count: 3, firstDueDate: '2025-02-14' }, today);
    expect(v).toEqual({
      outcome: 'accepted',
      installments: [
        { dueDate: '2025-02-14', amount: '335.39' },
        { dueDate: '2025-03-14', amount: '335.39' },
        { dueDate: '2025-04-14', amount: '335.39' },
      ],
    });
  });

  it('more installments than the automatic limit (default 3) go to review; more than the maximum (default 6) are refused', () => {
    expect(judgeProposal(money('1006.17'), { count: 4, firstDueDate: '2025-02-14' }, today).outcome).toBe('review');
    expect(judgeProposal(money('1006.17'), { count: 7, firstDueDate: '2025-02-14' }, today)).toEqual({ outcome: 'refused', refusal: { rule: 'too-many', max: 6 } });
  });

  it('a total above autoAcceptUpTo goes to review even with few installments', () => {
    expect(judgeProposal(money('1006.17'), { count: 2, firstDueDate: '2025-02-14' }, today, { autoAcceptUpTo: '1000.00' }).outcome).toBe('review');
  });

  it('installments below the minimum (default 25.00) are refused: 100.00 in 5 parts is 20.00 each', () => {
    expect(judgeProposal(money('100.00'), { count: 5, firstDueDate: '2025-02-14' }, today)).toEqual({ outcome: 'refused', refusal: { rule: 'too-small', min: money('25.00') } });
  });

  it('the first installment must fall between today and today + maxDaysToFirst (default 30)', () => {
    expect(judgeProposal(money('500.00'), { count: 2, firstDueDate: '2025-03-03' }, today)).toEqual({ outcome: 'refused', refusal: { rule: 'first-too-late', latest: '2025-03-02' } });
    expect(judgeProposal(money('500.00'), { count: 2, firstDueDate: '2025-01-30' }, today)).toEqual({ outcome: 'refused', refusal: { rule: 'first-in-past', earliest: today } });
    expect(judgeProposal(money('500.00'), { count: 2, firstDueDate: '2025-03-02' }, today).outcome).toBe('accepted');
  });

  it('property: accepted or reviewed installments add up to the total to the cent, each ≥ the minimum, in date order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 30 }), (cents, count, offset) => {
        const total = money((cents / 100).toFixed(2));
        const first = `2025-02-${String(1 + (offset % 28)).padStart(2, '0')}`;
        const v = judgeProposal(total, { count, firstDueDate: first }, today);
        if (v.outcome === 'refused') return v.refusal.rule === 'too-small';
        expect(sum(v.installments.map((i) => money(i.amount))).amount.equals(total.amount)).toBe(true);
        expect(v.installments).toHaveLength(count);
        if (count > 1) for (const i of v.installments) expect(money(i.amount).amount.greaterThanOrEqualTo('25.00')).toBe(true);
        for (let k = 1; k < v.installments.length; k++) expect((v.installments[k - 1] as { dueDate: string }).dueDate < (v.installments[k] as { dueDate: string }).dueDate).toBe(true);
        return true;
      }),
    );
  });
});
