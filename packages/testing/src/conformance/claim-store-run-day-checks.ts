import type { ClaimStore, IsoDate } from '@mahnwerk/core';
import { fail, ok, rejectsWith, resolves, same, settle, show } from './assert.js';
import type { ClaimStoreCheck, ClaimStoreSubject } from './claim-store-checks.js';

// The last day run of the ClaimStore port (optional: lastRunDay and recordRunDay, a store has both or
// neither): recordRunDay keeps the later of the day recorded and the day given in one atomic step, and
// lastRunDay answers it (null before the first record). runDue refuses a day before it. Every expected
// value below follows from the port's TSDoc and the days recorded here.

/** The store's two methods, or a failure (the checks are skipped for stores the subject says lack them). */
async function runDaysOf(subject: ClaimStoreSubject): Promise<{ last: () => Promise<IsoDate | null>; record: (day: IsoDate) => Promise<void> }> {
  const store: ClaimStore = await subject.create();
  ok(typeof store === 'object' && store !== null, `the factory must return a ClaimStore, got ${show(store)}`);
  const { lastRunDay, recordRunDay } = store;
  if (typeof lastRunDay !== 'function' || typeof recordRunDay !== 'function') {
    fail(`lastRunDay and recordRunDay must both be implemented (found ${typeof lastRunDay} and ${typeof recordRunDay}); pass runDays: false for a store without them`);
  }
  return {
    last: () => resolves(lastRunDay.call(store), 'lastRunDay()'),
    record: (day) => resolves(recordRunDay.call(store, day), `recordRunDay(${show(day)})`),
  };
}

const noRunDays = (subject: ClaimStoreSubject): string | undefined => (subject.runDays === false ? 'the store has no lastRunDay/recordRunDay (optional)' : undefined);

/** The checks of the last day run (part of `claimStoreChecks`). @internal */
export const claimStoreRunDayChecks: readonly ClaimStoreCheck[] = [
  {
    id: 'claim-store/run-day-latest',
    group: 'last day run',
    title: 'lastRunDay answers null before the first recordRunDay, then the latest day recorded: the same day again leaves it, an earlier day never lowers it, a later day (also across a year) raises it',
    unavailable: noRunDays,
    async run(subject) {
      const { last, record } = await runDaysOf(subject);
      same(await last(), null, 'lastRunDay of a fresh store');
      await record('2025-03-12');
      same(await last(), '2025-03-12', 'lastRunDay after recordRunDay("2025-03-12")');
      await record('2025-03-12');
      same(await last(), '2025-03-12', 'lastRunDay after the same day again (a second run of the day)');
      await record('2025-03-10');
      same(await last(), '2025-03-12', 'lastRunDay after recordRunDay("2025-03-10"): an earlier day must never lower it');
      await record('2025-12-31');
      await record('2026-01-02');
      same(await last(), '2026-01-02', 'lastRunDay after 2025-12-31 and 2026-01-02');
      await record('2025-12-31');
      same(await last(), '2026-01-02', 'lastRunDay after 2025-12-31 again');
      const other = await runDaysOf(subject);
      same(await other.last(), null, 'lastRunDay of another fresh store (the day is the store\'s own)');
    },
  },
  {
    id: 'claim-store/run-day-concurrent',
    group: 'last day run',
    title: 'concurrent recordRunDay calls all resolve and the latest day stays: 2025-03-11, 2025-03-14, 2025-03-12 and 2025-03-12 at once leave 2025-03-14',
    unavailable: noRunDays,
    async run(subject) {
      const { last, record } = await runDaysOf(subject);
      const days = ['2025-03-11', '2025-03-14', '2025-03-12', '2025-03-12'];
      const { fulfilled, rejected } = await settle(days.map((d) => record(d)));
      ok(rejected.length === 0, () => `concurrent recordRunDay calls of ${days.join(', ')} must all resolve (workers sharing a day record it together), but ${rejected.length} rejected: ${rejected.map((e) => show(e, 160)).join('; ')}`);
      same(fulfilled.length, days.length, 'resolved records');
      same(await last(), '2025-03-14', 'lastRunDay after the concurrent records: the latest of them must stay, whatever order they were written in');
      // Again, with the latest day first.
      await settle(['2025-03-20', '2025-03-15', '2025-03-16'].map((d) => record(d)));
      same(await last(), '2025-03-20', 'lastRunDay after 2025-03-20, 2025-03-15 and 2025-03-16 at once');
    },
  },
  {
    id: 'claim-store/run-day-invalid',
    group: 'last day run',
    title: "recordRunDay refuses a day that is not a calendar day written YYYY-MM-DD ('invalid_date', field day) and records nothing",
    unavailable: noRunDays,
    async run(subject) {
      const store = await subject.create();
      const { last, record } = await runDaysOf({ ...subject, create: () => store });
      await record('2025-03-12');
      for (const day of ['2025-02-30', '2025-3-14', '14.03.2025', '']) {
        const error = await rejectsWith((store.recordRunDay as (d: string) => Promise<void>).call(store, day), 'invalid_date', `recordRunDay(${show(day)})`);
        same(error.field, 'day', `the field of the refusal of recordRunDay(${show(day)})`);
      }
      same(await last(), '2025-03-12', 'lastRunDay after the refused records');
    },
  },
];
