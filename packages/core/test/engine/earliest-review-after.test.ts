import { describe, expect, it } from 'vitest';
import { addDays, deB2cDefaultPolicy, project, resolvePolicy, reviewCandidates, simulate, type ClaimEvent, type IsoDate } from '../../src/index.js';
import { earliestReviewAfter } from '../../src/engine/review.js';
import { created, facts } from './helpers.js';

// The dispatcher's next review day after delivery events: the last decision's day unless a review
// candidate after the delivery's day comes earlier (e.g. the first day of default a dunning notice's
// receipt starts, § 286 Abs. 1 BGB). earliestReviewAfter gives the minimum over reviewCandidates after
// the day without working out the limitation (§§ 195, 199 BGB) when its bound already comes later.

/** The answer as the dispatcher worked it out before: the minimum over the whole candidate list, candidates after `day` only. */
function byList(state: ReturnType<typeof project>, policy: typeof deB2cDefaultPolicy, day: IsoDate, from: IsoDate | null): IsoDate | null {
  let review = from;
  for (const c of reviewCandidates(state, policy, {}, day)) if (c.date > day && (review === null || c.date < review)) review = c.date;
  return review;
}

describe('earliestReviewAfter: the earliest review candidate after a day, or the day kept', () => {
  // Consumer claim invoiced 2025-01-02, due 2025-01-16 as a calendar date: candidates default 2025-01-17 (§ 286 Abs. 2
  // Nr. 1 BGB, the day after the due date), stage 2025-01-23 (reminder: due + 7 days) and limitation 2029-01-03 (the claim
  // arose in 2025: §§ 195, 199 Abs. 1 BGB end 2028-12-31, a Sunday, and 2029-01-01 is a holiday, so § 193 BGB moves the end
  // to 2029-01-02; looked at the day after).
  const state = project([created(facts())]);
  const policy = deB2cDefaultPolicy;

  it('on the invoice day, nothing kept: the first day of default, 2025-01-17', () => {
    expect(earliestReviewAfter(state, policy, {}, '2025-01-02', null)).toBe('2025-01-17');
  });

  it('on 2025-01-20 the default day has passed (not after the day): the reminder stage, 2025-01-23', () => {
    expect(earliestReviewAfter(state, policy, {}, '2025-01-20', null)).toBe('2025-01-23');
  });

  it('on 2025-03-01, nothing kept: only the limitation is after the day, worked out: 2029-01-03', () => {
    expect(earliestReviewAfter(state, policy, {}, '2025-03-01', null)).toBe('2029-01-03');
  });

  it('a kept day earlier than every candidate after the day stays (2025-03-08); a later kept day gives way (2025-01-23 before 2025-02-01)', () => {
    expect(earliestReviewAfter(state, policy, {}, '2025-03-01', '2025-03-08')).toBe('2025-03-08');
    expect(earliestReviewAfter(state, policy, {}, '2025-01-20', '2025-02-01')).toBe('2025-01-23');
    // A kept day on or before the day is kept as well: no candidate after the day is earlier.
    expect(earliestReviewAfter(state, policy, {}, '2025-03-01', '2025-02-20')).toBe('2025-02-20');
  });

  it('the same day as the minimum over reviewCandidates, on every prefix of simulated ledgers and several days', () => {
    let compared = 0;
    for (const seed of [1, 2, 3]) {
      const claims = Array.from({ length: 9 }, (_, i) => {
        // Claims that arose in 2021, 2022 and 2025: limitation ends years apart, some near the simulated days.
        const invoiceDate = addDays(i % 3 === 0 ? '2025-01-02' : i % 3 === 1 ? '2022-11-01' : '2021-03-01', (seed * 7 + i * 11) % 40);
        return {
          id: `E${seed}-${i}`,
          debtor: { id: `d${i}`, kind: (i % 3 === 0 ? 'business' : 'consumer') as 'business' | 'consumer', name: `Debtor ${i}`, email: `d${i}@example.org` },
          principal: `${200 + i * 37}.50`,
          currency: 'EUR',
          invoiceDate,
          dueDate: addDays(invoiceDate, 14),
        };
      });
      const result = simulate({ claims, policy: 'auto', from: '2025-01-01', to: '2025-03-20', seed, behaviour: { model: { payAfterMessage: 0.15, partialShare: 0.5, disputeAfterMessage: 0.1, payWithinDays: [2, 20] } } });
      for (const c of result.claims) {
        const events = [...c.events] as ClaimEvent[];
        const claimPolicy = resolvePolicy('auto', c.facts.debtor.kind);
        for (let k = 0; k < events.length; k++) {
          const s = project(events.slice(0, k + 1));
          const last = (events[k] as ClaimEvent).date;
          for (const day of [last, addDays(last, 9), addDays(last, 400)]) {
            for (const from of [null, addDays(day, 3), addDays(day, -2), '2030-06-30' as IsoDate]) {
              // A projection of its own for each side (states remember their statements and reviews).
              expect(earliestReviewAfter(project(events.slice(0, k + 1)), claimPolicy, {}, day, from)).toBe(byList(s, claimPolicy, day, from));
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
