import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, decide, deB2cDefaultPolicy, definePolicy, project, type ClaimEvent, type ClaimEventOf, type IsoDate, type Policy } from '../../src/index.js';
import { created, facts, ofType } from './helpers.js';
import { deferredStagePolicy } from './host-fixture.js';

// Rule guard.stage-waits-for-letter (engine/triggers.ts `stageTriggerDate`; docs/engine.md "A stage waits
// for the letter of the one before"), on `decide` alone — the one decision the host's runDue, simulate and
// the runner share: a stage is not entered while a message of the current stage is still in the outbox,
// a "previous stage + n days" trigger counts from the day that message went out, and a message that failed
// for good on every channel is not waited for (the rule before: counted from the entry).
//
// Dates by hand: 2025-01-01 is a Wednesday; 2025-01-16 (due) a Thursday, 01-23 a Thursday, 01-26 a Sunday,
// 01-30 a Thursday, 02-06 a Thursday. The claim of `facts()` has an agreed calendar due date (default from
// 2025-01-17, § 286 Abs. 2 Nr. 1 BGB).

/** A Mahnung by e-mail without a deadline at due date + 7, then a final notice by letter 14 days after it (creditor fee 1.00, 7-day deadline). */
const mahnungThenFinal: Policy = definePolicy(deferredStagePolicy);

/** Two stages both counted from the due date (+ 7 and + 10): the second's day does not depend on the first. */
const bothFromDueDate: Policy = definePolicy({
  id: 'due-date-stages',
  version: 1,
  name: 'Due-date stages',
  stages: [
    { id: 'reminder', name: 'Erinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder' }] },
    { id: 'dunning-notice', name: 'Mahnung', kind: 'dunning-notice', trigger: { after: 'due-date', days: 10 }, final: true, actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }] },
  ],
});

const f = facts();
const sentEvent = (m: ClaimEventOf<'message-queued'>, date: IsoDate): ClaimEvent => ({ type: 'message-sent', claimId: m.claimId, date, messageId: m.messageId, channel: m.channel });

describe('decide: the next stage waits for the current stage\'s letter (guard.stage-waits-for-letter)', () => {
  const booked = decide(project([created(f)]), mahnungThenFinal, '2025-01-23');
  const mahnung = ofType([...booked.events], 'message-queued')[0] as ClaimEventOf<'message-queued'>;
  const queued = [created(f), ...booked.events];

  it('Mahnung booked 2025-01-23 and still queued on 2025-02-06 (01-23 + 14): no final notice; the reason names the message; reviewed on 02-20 (02-06 + 14, were it sent on 02-06)', () => {
    expect(mahnung.date).toBe('2025-01-23');
    const d = decide(project(queued), mahnungThenFinal, '2025-02-06');
    expect(d.events).toEqual([]);
    expect(d.blocked).toEqual([expect.objectContaining({ rule: 'guard.stage-waits-for-letter', stage: 'final-notice', until: '2025-02-20' })]);
    expect(d.nextReviewAt).toBe('2025-02-20');
  });

  it('before the entry + 14 days nothing is due, so nothing is reported (2025-02-05)', () => {
    const d = decide(project(queued), mahnungThenFinal, '2025-02-05');
    expect(d.blocked).toEqual([]);
  });

  it('sent on 2025-01-30 (a week late): the final notice on 01-30 + 14 = 2025-02-13, not on 02-12; its fee with it', () => {
    const events = [...queued, sentEvent(mahnung, '2025-01-30')];
    expect(decide(project(events), mahnungThenFinal, '2025-02-12').events).toEqual([]);
    const d = decide(project(events), mahnungThenFinal, '2025-02-13');
    expect(ofType([...d.events], 'stage-entered').map((e) => [e.stage, e.date, e.deadline])).toEqual([['final-notice', '2025-02-13', '2025-02-20']]);
    expect(ofType([...d.events], 'fee-charged').map((e) => e.amount)).toEqual(['1.00']);
  });

  it('sent on the day it was booked: counted from the entry as before, 01-23 + 14 = 2025-02-06', () => {
    const d = decide(project([...queued, sentEvent(mahnung, '2025-01-23')]), mahnungThenFinal, '2025-02-06');
    expect(ofType([...d.events], 'stage-entered').map((e) => e.date)).toEqual(['2025-02-06']);
  });

  it('failed for good on its only channel on 2025-01-24: not waited for — the final notice on 01-23 + 14 = 2025-02-06, as before', () => {
    const failed: ClaimEvent = { type: 'message-failed', claimId: 'INV-1', date: '2025-01-24', messageId: mahnung.messageId, channel: 'email', error: '550 no such user', retryable: false };
    const d = decide(project([...queued, failed]), mahnungThenFinal, '2025-02-06');
    expect(ofType([...d.events], 'stage-entered').map((e) => e.stage)).toEqual(['final-notice']);
    expect(d.blocked).toEqual([]);
  });

  it('built-in consumer policy, Mahnung booked Thu 2025-02-06 (deadline 02-20) and sent Mon 02-17 with 14 days from there (Mon 03-03): the final notice 21 days after the letter, Mon 03-10 — before: the day after the printed deadline, 03-04', () => {
    // Reminder 01-16 + 7 = 01-23, sent that day; Mahnung 01-23 + 14 = 02-06, deadline 02-06 + 14 = 02-20.
    const events: ClaimEvent[] = [created(f)];
    for (const day of ['2025-01-23', '2025-02-06'] as const) {
      const d = decide(project(events), deB2cDefaultPolicy, day);
      events.push(...d.events);
      if (day === '2025-01-23') for (const m of ofType([...d.events], 'message-queued')) events.push(sentEvent(m, day));
    }
    const notice = ofType(events, 'message-queued').find((m) => m.stage === 'dunning-notice') as ClaimEventOf<'message-queued'>;
    expect([notice.date, notice.deadline]).toEqual(['2025-02-06', '2025-02-20']);
    // Sent 11 days late, Mon 02-17: the dispatcher counts its 14 days again from there, 03-03 (a Monday), and records it.
    events.push({ ...sentEvent(notice, '2025-02-17'), deadline: '2025-03-03' } as ClaimEvent);
    // Final notice: 02-17 + 21 = Mon 03-10 (past the deadline 03-03); counted from the entry it was max(02-06 + 21 = 02-27, 03-03 + 1 = 03-04).
    expect(decide(project(events), deB2cDefaultPolicy, '2025-03-09').events).toEqual([]);
    const d = decide(project(events), deB2cDefaultPolicy, '2025-03-10');
    expect(ofType([...d.events], 'stage-entered').map((e) => [e.stage, e.date])).toEqual([['final-notice', '2025-03-10']]);
  });

  it('a stage counted from the due date (01-16 + 10 = Sun 01-26) waits for the reminder booked 01-23 and sent 01-30: entered on 01-31, the day after, reviewed daily meanwhile', () => {
    const first = decide(project([created(f)]), bothFromDueDate, '2025-01-23');
    const reminder = ofType([...first.events], 'message-queued')[0] as ClaimEventOf<'message-queued'>;
    const events = [created(f), ...first.events];
    const waiting = decide(project(events), bothFromDueDate, '2025-01-26');
    expect(waiting.blocked).toEqual([expect.objectContaining({ rule: 'guard.stage-waits-for-letter', stage: 'dunning-notice', until: '2025-01-27' })]);
    expect(waiting.nextReviewAt).toBe('2025-01-27');
    events.push(sentEvent(reminder, '2025-01-30'));
    expect(decide(project(events), bothFromDueDate, '2025-01-30').events).toEqual([]);
    expect(ofType([...decide(project(events), bothFromDueDate, '2025-01-31').events], 'stage-entered').map((e) => e.stage)).toEqual(['dunning-notice']);
  });
});

/**
 * Plays `policy` day by day from the due date to `to` as the host does — each day the decision first,
 * then the outbox — with an outbox that sends each message `delays[k]` days after the day it was booked
 * (k counting the messages, cycling through `delays`). Returns the events.
 */
function playWithDelays(policy: Policy, delays: readonly number[], to: IsoDate): ClaimEvent[] {
  const events: ClaimEvent[] = [created(f)];
  const due = new Map<string, { message: ClaimEventOf<'message-queued'>; on: IsoDate }>();
  let k = 0;
  for (let day = f.dueDate; day <= to; day = addDays(day, 1)) {
    const d = decide(project(events), policy, day);
    events.push(...d.events);
    for (const e of d.events) if (e.type === 'message-queued') due.set(e.messageId, { message: e, on: addDays(e.date, delays[k++ % delays.length] as number) });
    for (const [id, { message, on }] of due) {
      if (on > day) continue;
      events.push(sentEvent(message, day));
      due.delete(id);
    }
  }
  return events;
}

describe('property: whatever the outbox delays, the letters of a claim\'s stages go out one stage after the other, never together', () => {
  const policies: readonly Policy[] = [mahnungThenFinal, bothFromDueDate, deB2cDefaultPolicy];
  it('no two stages\' letters on one day; each stage entered after every letter of the stage before went out, a "previous stage + n" stage n days after the last of them at the earliest', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 }), (policy, delays) => {
        const events = playWithDelays(policy, delays, '2025-09-30');
        const stageOf = new Map(ofType(events, 'message-queued').map((m) => [m.messageId, m.stage]));
        const sends = ofType(events, 'message-sent').map((s) => ({ stage: stageOf.get(s.messageId), date: s.date }));
        // One stage's letters per day.
        const stagesOnDay = new Map<IsoDate, Set<string | undefined>>();
        for (const s of sends) stagesOnDay.set(s.date, (stagesOnDay.get(s.date) ?? new Set()).add(s.stage));
        for (const [day, stages] of stagesOnDay) expect([day, stages.size]).toEqual([day, 1]);
        // Each entry after the letters of the entry before it.
        const entries = ofType(events, 'stage-entered');
        for (let i = 1; i < entries.length; i++) {
          const before = entries[i - 1] as ClaimEventOf<'stage-entered'>;
          const entry = entries[i] as ClaimEventOf<'stage-entered'>;
          const letters = sends.filter((s) => s.stage === before.stage);
          expect(letters.length).toBeGreaterThan(0);
          const last = letters.reduce((a, s) => (s.date > a ? s.date : a), before.date);
          expect(entry.date > last).toBe(true);
          const trigger = policy.stages.find((s) => s.id === entry.stage)?.trigger;
          if (trigger?.after === 'previous-stage') expect(entry.date >= addDays(last, trigger.days)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with every letter sent on the day it is booked, the timeline is the one counted from the entries (built-in consumer policy: reminder 01-23, Mahnung 02-06, final notice 02-27)', () => {
    // 01-16 + 7 = 01-23; + 14 = 02-06; + 21 = 02-27 (past the Mahnung's deadline 02-20).
    const entries = ofType(playWithDelays(deB2cDefaultPolicy, [0], '2025-03-01'), 'stage-entered').map((e) => `${e.stage} ${e.date}`);
    expect(entries).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-06', 'final-notice 2025-02-27']);
  });
});
