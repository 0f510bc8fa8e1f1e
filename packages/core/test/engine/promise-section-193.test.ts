import { describe, expect, it } from 'vitest';
import { escalationBlock, project, promiseHolds, promiseWouldHold, simulate, type ClaimEvent, type ClaimFacts, type IsoDate, type ScriptedActionInput } from '../../src/index.js';
import { created, ofType } from './helpers.js';
import { strangerFacts } from './stranger-claim.js';

// § 193 BGB for the day of a promise to pay (guard.no-escalation-during-promise, promiseHolds in engine/triggers.ts).
// A promise to pay (Zahlungszusage, recordPromise / the portal's "Zahlung bis") names a fixed day for a performance:
// when `by` is a Saturday, Sunday or public holiday at the debtor's place (§§ 269, 270 Abs. 4 BGB: the debtor's
// federal state, else the context's), the debtor pays in time on the next business day. The hold that keeps the
// portal's word "Bis dahin senden wir keine weitere Mahnung" runs from that business day + promiseGraceDays, the end
// moved again when it is a Saturday, Sunday or holiday — the one rule of an installment's last day
// (installmentLastDay, docs/legal-notes.md "How § 193 BGB and the grace days combine"). Before, the hold ran to the
// plain `by` + grace: a promise for Sunday 05-11 with 5 grace days ended on Friday 05-16, and escalation came on
// Saturday 05-17 although a debtor paying on Monday 05-12 had the same 5 days for the transfer as one promising Monday.
//
// The calendar of 2025, by hand: 1 May is a Thursday, so Sun 05-11, Sat 05-17, Sun 05-18, Mon 05-19. Easter Sunday is
// 20 April: Good Friday Fri 04-18, Easter Monday 04-21; Whit Monday Mon 06-09 (Easter + 50); Fronleichnam Thu 06-19
// (Easter + 60; a holiday in Bavaria, not in Berlin).
//
// - by Sun 05-11, grace 5: payable Mon 05-12, + 5 = Sat 05-17 → Mon 05-19 (before: Fri 05-16); grace 0: Mon 05-12
// - by Good Friday 04-18, grace 0: Sat, Sun, Easter Monday follow → Tue 04-22; grace 5: Tue 04-22 + 5 = Sun 04-27 → Mon 04-28
// - by Whit Monday 06-09, grace 5: Tue 06-10 + 5 = Sun 06-15 → Mon 06-16
// - by Fri 05-16 (a business day), grace 1: Sat 05-17 → Mon 05-19 (a transfer made on Friday is credited on Monday, § 675s Abs. 1 BGB)
// - by Thu 06-19, grace 0: Fri 06-20 for a debtor in Bavaria; Thu 06-19 in Berlin

const RULE = 'guard.no-escalation-during-promise';

/** The stranger's claim (stranger-claim.ts): a consumer's 249.90 EUR, due on the agreed 2025-03-17, no federal state; handed over on 2025-05-15 without a promise. */
const claim: ClaimFacts = { ...strangerFacts, id: 'S' };

const promise = (date: IsoDate, by: IsoDate): ClaimEvent => ({ type: 'promise-to-pay', claimId: 'S', date, amount: '160.00', by });

function holdOf(by: IsoDate, grace: number, state: ClaimFacts['debtor']['state'] = undefined, context?: 'BY' | 'BE'): string[] {
  const s = project([created({ ...claim, debtor: state === undefined ? claim.debtor : { ...claim.debtor, state } }), promise('2025-04-01', by)]);
  return promiseHolds(s, grace, context ?? s.facts.debtor.state).holds.map((h) => `${h.from}..${h.until}`);
}

describe(`§ 193 BGB: a promise whose day is a Saturday, Sunday or holiday holds through the next business day + grace (${RULE})`, () => {
  it('by Sun 2025-05-11: grace 5 → Mon 05-12 + 5 = Sat 05-17 → Mon 05-19 (not Fri 05-16); grace 0 → Mon 05-12', () => {
    expect(holdOf('2025-05-11', 5)).toEqual(['2025-04-01..2025-05-19']);
    expect(holdOf('2025-05-11', 0)).toEqual(['2025-04-01..2025-05-12']);
  });

  it('by Good Friday 2025-04-18: grace 0 → Tue 04-22; grace 5 → Tue 04-22 + 5 = Sun 04-27 → Mon 04-28', () => {
    expect(holdOf('2025-04-18', 0)).toEqual(['2025-04-01..2025-04-22']);
    expect(holdOf('2025-04-18', 5)).toEqual(['2025-04-01..2025-04-28']);
  });

  it('by Whit Monday 2025-06-09, grace 5: Tue 06-10 + 5 = Sun 06-15 → Mon 06-16', () => {
    expect(holdOf('2025-06-09', 5)).toEqual(['2025-04-01..2025-06-16']);
  });

  it('by Fri 2025-05-16, a business day, grace 1: the end Sat 05-17 moves to Mon 05-19 (the Friday transfer is credited on Monday)', () => {
    expect(holdOf('2025-05-16', 1)).toEqual(['2025-04-01..2025-05-19']);
    // A business day + grace ending on a business day stays as it was: Mon 05-12 + 2 = Wed 05-14.
    expect(holdOf('2025-05-12', 2)).toEqual(['2025-04-01..2025-05-14']);
  });

  it('the debtor\'s federal state counts, else the context\'s: by Fronleichnam Thu 2025-06-19, grace 0 → Fri 06-20 in Bavaria, Thu 06-19 in Berlin', () => {
    expect(holdOf('2025-06-19', 0, 'BY')).toEqual(['2025-04-01..2025-06-20']);
    expect(holdOf('2025-06-19', 0, 'BE')).toEqual(['2025-04-01..2025-06-19']);
    // A debtor without a state: nationwide holidays only, unless the host's state (the context's) is given.
    expect(holdOf('2025-06-19', 0)).toEqual(['2025-04-01..2025-06-19']);
    expect(holdOf('2025-06-19', 0, undefined, 'BY')).toEqual(['2025-04-01..2025-06-20']);
  });

  it('the escalation guard blocks through Mon 2025-05-19 and names the Monday (by Sun 05-11, grace 5)', () => {
    const s = project([created(claim), promise('2025-05-05', '2025-05-11')]);
    for (const day of ['2025-05-16', '2025-05-17', '2025-05-18', '2025-05-19'] as const) expect(escalationBlock(s, day, 0, 5)?.rule).toBe(RULE);
    expect(escalationBlock(s, '2025-05-19', 0, 5)?.until).toBe('2025-05-20');
    expect(escalationBlock(s, '2025-05-19', 0, 5)?.text).toContain('by 2025-05-11 (payable on 2025-05-12, § 193 BGB); escalation waits until 2025-05-19');
    expect(escalationBlock(s, '2025-05-20', 0, 5)).toBeNull();
    // The host's state reaches the guard: by Fronleichnam, grace 0, a debtor without a state — held on Fri 06-20 only with BY.
    const f = project([created(claim), promise('2025-06-02', '2025-06-19')]);
    expect(escalationBlock(f, '2025-06-20', 0, 0)).toBeNull();
    expect(escalationBlock(f, '2025-06-20', 0, 0, 'BY')?.rule).toBe(RULE);
  });

  it('promiseWouldHold (the portal\'s check) reads the same days: a second promise on Sat 05-17 within the hold of by Sun 05-11 extends it', () => {
    // The first hold ends Mon 05-19 (above): a promise made on Sat 05-17 is made within it and extends it once.
    const s = project([created(claim), promise('2025-05-05', '2025-05-11')]);
    expect(promiseWouldHold(s, '2025-05-17', '2025-05-26', 5)).toBe(true);
    expect(promiseHolds(project([created(claim), promise('2025-05-05', '2025-05-11'), promise('2025-05-17', '2025-05-26')]), 5).holds.map((h) => `${h.from}..${h.until}`)).toEqual([
      // by Mon 05-26 + 5 = Sat 05-31 → Mon 06-02.
      '2025-05-05..2025-06-02',
    ]);
  });
});

describe(`§ 193 BGB through the daily decision (simulate, the one decider): the stranger's claim, promise made Mon 2025-05-05 for Sun 05-11`, () => {
  const run = (script: readonly ScriptedActionInput[]) =>
    simulate({ claims: [claim], policy: 'auto', from: '2025-03-03', to: '2025-06-10', behaviour: { script: [...script] }, seed: 1 });
  const promised: ScriptedActionInput = { type: 'promise', claimId: 'S', date: '2025-05-05', amount: '160.00', by: '2025-05-11' };

  it('no payment: no stage through Mon 05-19; the hand-over (due since 05-15) on Tue 05-20, naming the broken promise held until 05-19', () => {
    const { events } = run([promised]);
    expect(events.filter((e) => e.type === 'handed-over').map((e) => e.date)).toEqual(['2025-05-20']);
    expect(events.filter((e) => e.type === 'stage-entered' && e.date >= '2025-05-05' && e.date <= '2025-05-19')).toEqual([]);
    const handover = ofType(events, 'stage-entered').find((e) => e.stage === 'handover');
    expect(handover?.reason?.inputs).toMatchObject({ promiseBroken: '2025-05-11', promisePaid: '0.00', promiseHeldUntil: '2025-05-19' });
  });

  it('the promised 160.00 credited on Mon 05-19, the last day of grace from the Monday: the promise was kept (no broken-promise note), hand-over of the rest on 05-20', () => {
    const { events } = run([promised, { type: 'pay', claimId: 'S', date: '2025-05-19', amount: '160.00' }]);
    const handover = ofType(events, 'stage-entered').find((e) => e.stage === 'handover');
    expect(handover?.date).toBe('2025-05-20');
    expect(handover?.reason?.inputs?.['promiseBroken']).toBeUndefined();
  });
});
