import { describe, expect, it } from 'vitest';
import { checkInvariants, MahnwerkError, type ClaimEvent, type ClaimFactsInput, type IsoDate, type PolicyInput } from '../../src/index.js';
import { parseInstant } from '../../src/calendar/instant.js';
import { sendableAt } from '../../src/engine/host-context.js';
import { smsChannel, smsClaim, smsHost, smsReminderPolicy, type SmsChannel } from './host-fixture.js';

// Rule guard.no-sms-on-sundays-and-holidays at the instant of the send (sendableAt, docs/engine.md
// "Quiet hours: at the instant of the send"): SMS and WhatsApp keep the Sunday and public-holiday rest
// of the local date the message would go out on — the clock's instant — not of the business day the
// run is for. The dispatcher defers on it and the daily run's outbox notBefore is the end of it: one
// function for both.
//
// Calendar of 2025 used below (1 January 2025 is a Wednesday):
// - January: Wed 01-01 + 7k → Wed 01-22, so Fri 01-24, Sat 01-25, Sun 01-26, Mon 01-27.
// - Tag der Arbeit (1 May, nationwide holiday, § 2 of every state's Feiertagsgesetz; legal/holidays):
//   day 121 of the year (31+28+31+30 = 120 days before it); 120 = 17·7 + 1, so one weekday after
//   Wednesday: Thu 2025-05-01; Wed 04-30 before it, Fri 05-02 after it.
// - Fronleichnam = Easter Sunday + 60 days; Easter Sunday 2025 is 20 April; 20 April + 60 = 19 June
//   (10 days to 30 April, 31 in May = 41, 19 in June = 60), a Thursday (60 = 8·7 + 4: Sunday + 4 days).
//   A holiday in Bavaria (BY), not in Berlin (BE).

/** One stage: a reminder by SMS 8 days after the due date. */
const smsReminder: PolicyInput = smsReminderPolicy();

const claim = (invoiceDate: IsoDate, dueDate: IsoDate): ClaimFactsInput => smsClaim('R', invoiceDate, dueDate);

/** The host with the channel `sms`, its clock at `start`, 09:00 (+01:00); the spec moves `clock.date` and `clock.time`. */
function setup(sms: SmsChannel, start: IsoDate) {
  const clock = { date: start, time: '09:00', today: () => clock.date, now: () => `${clock.date}T${clock.time}:00+01:00` };
  const { store, mw } = smsHost(clock, smsReminder, sms);
  return { store, clock, mw };
}

const sentEvents = (events: readonly ClaimEvent[]) => events.filter((e) => e.type === 'message-sent');

describe('guard.no-sms-on-sundays-and-holidays at the instant of the send: dispatcher and daily run', () => {
  it('a catch-up run on Sun 2025-01-26 at 10:00 for Sat 2025-01-25 texts nobody on the Sunday: the SMS waits for Mon 2025-01-27 08:00', async () => {
    // Due Fri 01-17 + 8 days = Sat 01-25: the reminder's business day, no rest day (decide enters it).
    // Before: the rest day was that of the business day (Saturday), so the run sent on Sunday at 10:00.
    const sms = smsChannel();
    const { store, clock, mw } = setup(sms, '2025-01-02');
    await mw.createClaim(claim('2025-01-02', '2025-01-17'));
    clock.date = '2025-01-26';
    clock.time = '10:00';
    const sunday = await mw.runDue('2025-01-25');
    expect(sunday.events.filter((e) => e.type === 'stage-entered')).toMatchObject([{ stage: 'reminder', date: '2025-01-25' }]);
    expect(sunday.sent).toBe(0);
    expect(sms.attempts).toBe(0);
    // 10:00 is outside 20:00–08:00, but Sunday rests; the next day that is no Sunday or holiday is
    // Mon 01-27, whose quiet hours end at 08:00; in the clock's offset +01:00.
    expect(store.outbox()[0]).toMatchObject({ date: '2025-01-25', status: 'pending', notBefore: '2025-01-27T08:00:00+01:00' });
    clock.date = '2025-01-27';
    clock.time = '08:00';
    const monday = await mw.dispatch();
    expect(monday.sent).toBe(1);
    expect(sentEvents(monday.events)).toMatchObject([{ channel: 'sms', date: '2025-01-27' }]);
  });

  /** An SMS reminder queued on Sat 2025-01-25 at 09:00 whose first attempt failed (retryable): pending, no notBefore. */
  async function pendingSaturdaySms() {
    // Queued on Sat 01-25 at 09:00 (no rest day, no quiet hour: no notBefore); its first attempt fails
    // (retryable), so it waits in the outbox.
    const sms = smsChannel((n) => (n === 1 ? new MahnwerkError('adapter_failed', 'gateway timeout', { retryable: true }) : null));
    const { store, clock, mw } = setup(sms, '2025-01-02');
    await mw.createClaim(claim('2025-01-02', '2025-01-17'));
    clock.date = '2025-01-25';
    expect((await mw.runDue()).sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(store.outbox()[0]).not.toHaveProperty('notBefore');
    return { sms, clock, mw };
  }

  it('the dispatcher: a pending SMS of Sat 2025-01-25 is not retried by dispatch(2025-01-25) on Sun 01-26 at 10:00', async () => {
    // The instant is on a Sunday. Before: the business day (Saturday) counted, and it went.
    const { sms, clock, mw } = await pendingSaturdaySms();
    clock.date = '2025-01-26';
    clock.time = '10:00';
    expect((await mw.dispatch('2025-01-25')).sent).toBe(0);
    expect(sms.attempts).toBe(1);
  });

  it('the dispatcher: a run on Mon 2025-01-27 at 10:00 for Sun 01-26 (caught up) sends the pending SMS, and the invariant check reads Monday', async () => {
    // Monday is a working day and 10:00 no quiet hour, so it goes. Before: the business day (Sunday)
    // counted, and it waited.
    const { sms, clock, mw } = await pendingSaturdaySms();
    clock.date = '2025-01-27';
    clock.time = '10:00';
    const catchUp = await mw.runDue('2025-01-26');
    expect(catchUp.sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    // The event carries the run's business day (docs/engine.md); its recordedAt the Monday instant.
    expect(sentEvents(catchUp.events)).toMatchObject([{ channel: 'sms', date: '2025-01-26' }]);
    // The invariant check reads the instant the SMS went (recordedAt, Monday), not the business day
    // (Sunday): no guard.no-sms-on-sundays-and-holidays finding. Before: it reported one.
    const history = (await mw.history('INV-R')).map((h) => h.event);
    expect(history.find((e) => e.type === 'message-sent')?.recordedAt).toBe('2025-01-27T10:00:00+01:00');
    expect(checkInvariants(history).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays')).toEqual([]);
  });

  it('a holiday at the instant: a catch-up run on Tag der Arbeit, Thu 2025-05-01 at 10:00, for Wed 04-30 waits for Fri 05-02 08:00', async () => {
    // Due Tue 04-22 + 8 days = Wed 04-30 (22 + 8 = 30): the reminder's business day, a working day.
    const sms = smsChannel();
    const { store, clock, mw } = setup(sms, '2025-04-08');
    await mw.createClaim(claim('2025-04-08', '2025-04-22'));
    clock.date = '2025-05-01';
    clock.time = '10:00';
    const holiday = await mw.runDue('2025-04-30');
    expect(holiday.events.filter((e) => e.type === 'stage-entered')).toMatchObject([{ date: '2025-04-30' }]);
    expect(holiday.sent).toBe(0);
    expect(sms.attempts).toBe(0);
    // 1 May rests; Fri 05-02 is no Sunday and no holiday; its quiet hours end at 08:00.
    expect(store.outbox()[0]).toMatchObject({ date: '2025-04-30', notBefore: '2025-05-02T08:00:00+01:00' });
    // The dispatcher agrees: dispatching again on the holiday sends nothing.
    clock.time = '14:00';
    expect((await mw.dispatch('2025-04-30')).sent).toBe(0);
    clock.date = '2025-05-02';
    clock.time = '08:00';
    expect((await mw.dispatch()).sent).toBe(1);
  });
});

describe('sendableAt: the one rule of when a message may go (quiet hours, channel hours, Sunday/holiday rest)', () => {
  const at = (date: IsoDate, time: string) => parseInstant(`${date}T${time}:00+01:00`);
  const limits = { quietFrom: '20:00', quietTo: '08:00' };

  it('SMS and WhatsApp rest on the Sunday and holiday of the instant; e-mail and letter do not', () => {
    // Sun 01-26 10:00 → Mon 01-27 08:00 (the end of Monday's quiet hours).
    expect(sendableAt('sms', at('2025-01-26', '10:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-01-27', time: '08:00' });
    expect(sendableAt('whatsapp', at('2025-01-26', '10:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-01-27', time: '08:00' });
    expect(sendableAt('email', at('2025-01-26', '10:00'), limits, undefined, undefined)).toBeNull();
    expect(sendableAt('letter', at('2025-01-26', '10:00'), limits, undefined, undefined)).toBeNull();
    // Sat 01-25 and Mon 01-27 at 10:00: working days, no quiet hour.
    expect(sendableAt('sms', at('2025-01-25', '10:00'), limits, undefined, undefined)).toBeNull();
    expect(sendableAt('sms', at('2025-01-27', '10:00'), limits, undefined, undefined)).toBeNull();
  });

  it('quiet hours that end on a rest day end on the next working day', () => {
    // Sat 01-25 21:00: quiet until Sun 08:00, a Sunday → Mon 01-27 08:00.
    expect(sendableAt('sms', at('2025-01-25', '21:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-01-27', time: '08:00' });
    // Wed 04-30 23:00: quiet until Thu 05-01 08:00, Tag der Arbeit → Fri 05-02 08:00.
    expect(sendableAt('sms', at('2025-04-30', '23:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-05-02', time: '08:00' });
    // Sun 01-26 23:00: quiet until Mon 01-27 08:00, a working day.
    expect(sendableAt('sms', at('2025-01-26', '23:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-01-27', time: '08:00' });
  });

  it('a channel\'s allowedHours count on the next working day; a state\'s holiday counts for its debtors only', () => {
    // Sun 01-26 10:00 with hours 09:00–18:00: Monday's first minute outside both 20:00–08:00 and the
    // hours outside 09:00–18:00 is 09:00.
    expect(sendableAt('sms', at('2025-01-26', '10:00'), limits, { from: '09:00', to: '18:00' }, undefined)).toMatchObject({ date: '2025-01-27', time: '09:00' });
    // Fronleichnam Thu 2025-06-19: a holiday in Bavaria → Fri 06-20 08:00; none in Berlin → now.
    expect(sendableAt('sms', at('2025-06-19', '10:00'), limits, undefined, 'BY')).toMatchObject({ date: '2025-06-20', time: '08:00' });
    expect(sendableAt('sms', at('2025-06-19', '10:00'), limits, undefined, 'BE')).toBeNull();
  });
});
