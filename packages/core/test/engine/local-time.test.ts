import { describe, expect, it } from 'vitest';
import { checkInvariants, MahnwerkError, type ClaimEvent, type ClaimFactsInput, type IsoDate, type PolicyInput } from '../../src/index.js';
import { instantAt, parseInstant } from '../../src/calendar/instant.js';
import { sendableAt } from '../../src/engine/host-context.js';
import { berlinClock, smsClaim, smsHost, smsReminderPolicy } from './host-fixture.js';

// The local date and time of an instant (docs/engine.md "Quiet hours: at the instant of the send"):
// rule guard.no-sms-on-sundays-and-holidays (Art. 140 GG i.V.m. Art. 139 WRV; § 7 Abs. 1 UWG) is kept on
// the local date of the instant of the send, read in the clock's time zone — one reading
// (parseInstant) for the dispatcher, the daily run's notBefore and checkInvariants' day of a send.
//
// Calendar and zone rules used below, by hand:
// - 1 January 2025 is a Wednesday. Sat 01-25 = 01-01 + 24 days (3 weeks + 3 days: Wed → Sat);
//   Sun 01-26, Mon 01-27.
// - 1 June 2025 is day 152 of the year (31+28+31+30+31 = 151 days before it); 151 = 21·7 + 4, so four
//   weekdays after Wednesday: Sunday. Sat 06-14, Sun 06-15, Mon 06-16 (not the week before: Easter
//   Sunday 2025 is 20 April, so Whit Monday, Easter + 50 days, is Mon 06-09, a nationwide holiday).
// - Europe/Berlin is UTC+01:00 (CET) in winter and UTC+02:00 (CEST) from the last Sunday of March,
//   01:00 UTC, to the last Sunday of October, 01:00 UTC (EU summer time, Directive 2000/84/EC).
//   So local midnight is 23:00 UTC the evening before in January and 22:00 UTC in June.

const sent = (recordedAt: string): ClaimEvent => ({ type: 'message-sent', claimId: 'C-1', date: recordedAt.slice(0, 10) as IsoDate, messageId: 'm-1', channel: 'sms', recordedAt });
const restFindings = (recordedAt: string, timeZone?: string) =>
  checkInvariants([sent(recordedAt)], undefined, timeZone === undefined ? {} : { timeZone }).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays');

describe('checkInvariants reads the day of a send in the clock\'s time zone (guard.no-sms-on-sundays-and-holidays, § 7 Abs. 1 UWG)', () => {
  it('winter (+01:00): a UTC instant just before and after local midnight of Saturday/Sunday and Sunday/Monday', () => {
    // 2025-01-25T22:59Z + 1 h = Sat 23:59 CET: Saturday, no finding.
    expect(restFindings('2025-01-25T22:59:00Z', 'Europe/Berlin')).toEqual([]);
    // 2025-01-25T23:30Z + 1 h = Sun 2025-01-26 00:30 CET: Sunday. Before: read as written, Saturday 23:30.
    expect(restFindings('2025-01-25T23:30:00Z', 'Europe/Berlin')).toMatchObject([{ guard: 'guard.no-sms-on-sundays-and-holidays', basis: 'Art. 140 GG i.V.m. Art. 139 WRV; § 7 Abs. 1 UWG' }]);
    // 2025-01-26T22:59Z + 1 h = Sun 23:59 CET: still Sunday.
    expect(restFindings('2025-01-26T22:59:00Z', 'Europe/Berlin')).toHaveLength(1);
    // 2025-01-26T23:30Z + 1 h = Mon 2025-01-27 00:30 CET: Monday, no finding. Before: Sunday 23:30.
    expect(restFindings('2025-01-26T23:30:00Z', 'Europe/Berlin')).toEqual([]);
  });

  it('summer (+02:00): the same two midnights in June', () => {
    // 2025-06-14T21:59Z + 2 h = Sat 23:59 CEST: Saturday.
    expect(restFindings('2025-06-14T21:59:00Z', 'Europe/Berlin')).toEqual([]);
    // 2025-06-14T22:30Z + 2 h = Sun 2025-06-15 00:30 CEST: Sunday (read with +01:00 it would be Sat 23:30).
    expect(restFindings('2025-06-14T22:30:00Z', 'Europe/Berlin')).toHaveLength(1);
    // 2025-06-15T21:59Z + 2 h = Sun 23:59 CEST: Sunday.
    expect(restFindings('2025-06-15T21:59:00Z', 'Europe/Berlin')).toHaveLength(1);
    // 2025-06-15T22:30Z + 2 h = Mon 2025-06-16 00:30 CEST: Monday.
    expect(restFindings('2025-06-15T22:30:00Z', 'Europe/Berlin')).toEqual([]);
  });

  it('an instant written with the zone\'s own offset reads the same with or without the zone; without a zone the date is read as written', () => {
    // zonedClock writes Berlin's offset: Sun 00:30+01:00 is Sunday either way.
    expect(restFindings('2025-01-26T00:30:00+01:00', 'Europe/Berlin')).toHaveLength(1);
    expect(restFindings('2025-01-26T00:30:00+01:00')).toHaveLength(1);
    // No zone given: 2025-01-25T23:30Z is read as written, Saturday (a clock of one fixed offset).
    expect(restFindings('2025-01-25T23:30:00Z')).toEqual([]);
  });

  it('refuses an unknown time zone with a ValidationError naming timeZone', () => {
    let error: unknown;
    try {
      checkInvariants([sent('2025-01-25T23:30:00Z')], undefined, { timeZone: 'Europe/Atlantis' });
    } catch (e) {
      error = e;
    }
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect((error as MahnwerkError).field).toBe('timeZone');
  });
});

describe('parseInstant: the local date and wall time of an instant in a zone', () => {
  it('reads a UTC instant as Berlin\'s wall clock, with Berlin\'s offset then', () => {
    // 23:30Z + 1 h = 00:30 on the next day, CET.
    expect(parseInstant('2025-01-25T23:30:00Z', 'now', 'Europe/Berlin')).toMatchObject({ date: '2025-01-26', time: '00:30', offset: '+01:00' });
    // 22:30Z + 2 h = 00:30 on the next day, CEST.
    expect(parseInstant('2025-06-14T22:30:00Z', 'now', 'Europe/Berlin')).toMatchObject({ date: '2025-06-15', time: '00:30', offset: '+02:00' });
    // The same instant, whichever way it is written: minutes since the epoch unchanged.
    expect(parseInstant('2025-01-25T23:30:00Z', 'now', 'Europe/Berlin').minutes).toBe(parseInstant('2025-01-26T00:30:00+01:00').minutes);
    // Without a zone: as written.
    expect(parseInstant('2025-01-25T23:30:00Z')).toMatchObject({ date: '2025-01-25', time: '23:30', offset: 'Z' });
  });
});

// The dispatcher and the daily run read the clock's instant in its timeZone (Clock.timeZone): a host
// clock that writes UTC and declares Europe/Berlin keeps Berlin's Sunday. Quiet hours here 02:00–06:00
// (a policy may set them so), so that local midnight is not quiet and only the rest day holds the SMS.

const smsReminder: PolicyInput = smsReminderPolicy({ id: 'sms-reminder-late', name: 'reminder by SMS, quiet 02:00–06:00', contactLimits: { quietFrom: '02:00', quietTo: '06:00' } });

const claim = (invoiceDate: IsoDate, dueDate: IsoDate): ClaimFactsInput => smsClaim('Z', invoiceDate, dueDate);

describe('the dispatcher and the daily run read a UTC clock in its time zone (guard.no-sms-on-sundays-and-holidays)', () => {
  it('a run at 2025-01-25T23:30:00Z (Sun 00:30 in Berlin) for Sat 01-25 texts nobody; the SMS waits for Mon 01-27 00:00 Berlin', async () => {
    // Due Fri 01-17 + 8 days = Sat 01-25: the reminder's business day, a working day.
    const clock = { timeZone: 'Europe/Berlin', instant: '2025-01-02T09:00:00Z', today: () => '2025-01-25' as IsoDate, now: () => clock.instant };
    const { sms, store, mw } = smsHost(clock, smsReminder);
    await mw.createClaim(claim('2025-01-02', '2025-01-17'));
    clock.instant = '2025-01-25T23:30:00Z';
    const run = await mw.runDue('2025-01-25');
    expect(run.events.filter((e) => e.type === 'stage-entered')).toMatchObject([{ stage: 'reminder', date: '2025-01-25' }]);
    // Before: the instant was read as written, Saturday 23:30 (outside 02:00–06:00): sent on Berlin's Sunday.
    expect(sms.sent).toHaveLength(0);
    // Sunday rests; Monday 01-27 from its midnight, 00:00 not in 02:00–06:00; Berlin's offset +01:00.
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', notBefore: '2025-01-27T00:00:00+01:00' });
    // Sun 2025-01-26T22:59Z = 23:59 CET, Sunday: the dispatcher holds it.
    clock.instant = '2025-01-26T22:59:00Z';
    expect((await mw.dispatch('2025-01-25')).sent).toBe(0);
    // Mon 2025-01-27T00:00+01:00 = 2025-01-26T23:00Z: it goes.
    clock.instant = '2025-01-26T23:00:00Z';
    expect((await mw.dispatch('2025-01-25')).sent).toBe(1);
    const history = (await mw.history('INV-Z')).map((h) => h.event);
    expect(history.find((e) => e.type === 'message-sent')?.recordedAt).toBe('2025-01-26T23:00:00Z');
    // Read in the clock's zone the send was on Monday: no finding; read as written (Sunday 23:00) one.
    expect(checkInvariants(history, undefined, { timeZone: 'Europe/Berlin' }).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays')).toEqual([]);
    expect(checkInvariants(history).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays')).toHaveLength(1);
  });
});

// A message held to a later local time (quietUntil / sendableAt) is an instant with the offset its zone
// has at that time, not the offset of the instant it was held at (instantAt). EU summer time 2025
// (Directive 2000/84/EC: from the last Sunday of March to the last Sunday of October, 01:00 UTC), by hand:
// - 1 March 2025 = 1 January + 59 days = 8 weeks + 3 days after a Wednesday: Saturday; so the Sundays of
//   March are 2, 9, 16, 23, 30. Sun 2025-03-30 at 01:00 UTC: 02:00 CET → 03:00 CEST.
// - 1 October 2025 = 1 January + 273 days = 39 weeks: Wednesday; Sundays 5, 12, 19, 26. Sun 2025-10-26 at
//   01:00 UTC: 03:00 CEST → 02:00 CET.

describe('sendableAt: a held message gets the offset of the local time it is held to (summer time)', () => {
  const limits = { quietFrom: '20:00', quietTo: '08:00' };
  const berlin = (instant: string) => parseInstant(instant, 'now', 'Europe/Berlin');

  it('to summer time: an SMS at Sat 2025-03-29 22:30+01:00 may go on Mon 03-31 at 08:00+02:00 (06:00 UTC)', () => {
    // Quiet until Sun 03-30 08:00; Sunday rests; Monday's quiet hours end at 08:00, CEST by then.
    const from = sendableAt('sms', berlin('2025-03-29T22:30:00+01:00'), limits, undefined, undefined);
    expect(from).toMatchObject({ date: '2025-03-31', time: '08:00', offset: '+02:00' });
    // 08:00 − 2 h = 06:00 UTC. Before: +01:00, 07:00 UTC, 09:00 on Monday's wall clock.
    expect(from?.minutes).toBe(parseInstant('2025-03-31T06:00:00Z').minutes);
    // An e-mail the same evening: quiet until 08:00 on the morning of the change itself, CEST.
    expect(sendableAt('email', berlin('2025-03-29T22:30:00+01:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-03-30', time: '08:00', offset: '+02:00' });
  });

  it('back to winter time: an SMS at Sat 2025-10-25 22:30+02:00 may go on Mon 10-27 at 08:00+01:00 (07:00 UTC)', () => {
    const from = sendableAt('sms', berlin('2025-10-25T22:30:00+02:00'), limits, undefined, undefined);
    expect(from).toMatchObject({ date: '2025-10-27', time: '08:00', offset: '+01:00' });
    // 08:00 − 1 h = 07:00 UTC. Before: +02:00, 06:00 UTC, 07:00 on Monday's wall clock (in its quiet hours).
    expect(from?.minutes).toBe(parseInstant('2025-10-27T07:00:00Z').minutes);
    expect(sendableAt('email', berlin('2025-10-25T22:30:00+02:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-10-26', time: '08:00', offset: '+01:00' });
  });

  it('an ordinary week keeps its offset: Sat 2025-01-25 22:30+01:00 → Mon 01-27 08:00+01:00; Sat 2025-06-14 22:30+02:00 → Mon 06-16 08:00+02:00', () => {
    expect(sendableAt('sms', berlin('2025-01-25T22:30:00+01:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-01-27', time: '08:00', offset: '+01:00' });
    expect(sendableAt('sms', berlin('2025-06-14T22:30:00+02:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-06-16', time: '08:00', offset: '+02:00' });
  });

  it('a clock without a time zone is one of a fixed offset: the held message keeps it', () => {
    expect(sendableAt('sms', parseInstant('2025-03-29T22:30:00+01:00'), limits, undefined, undefined)).toMatchObject({ date: '2025-03-31', time: '08:00', offset: '+01:00' });
  });

  it('instantAt: a wall time the change to summer time skips is read an hour later; one shown twice, the first time', () => {
    const like = berlin('2025-03-29T22:30:00+01:00');
    // 02:30 on 2025-03-30 does not exist in Berlin (02:00 → 03:00): 03:30 CEST, 01:30 UTC.
    expect(instantAt('2025-03-30', '02:30', like)).toMatchObject({ date: '2025-03-30', time: '03:30', offset: '+02:00', minutes: parseInstant('2025-03-30T01:30:00Z').minutes });
    // 02:30 on 2025-10-26 is shown at 00:30 UTC (CEST) and at 01:30 UTC (CET): the first.
    expect(instantAt('2025-10-26', '02:30', like)).toMatchObject({ time: '02:30', offset: '+02:00', minutes: parseInstant('2025-10-26T00:30:00Z').minutes });
  });
});

const smsDefaultQuiet: PolicyInput = { ...smsReminder, id: 'sms-reminder', name: 'reminder by SMS', contactLimits: {} };

describe('the daily run\'s outbox notBefore and the dispatcher across a change of summer time (one rule: sendableAt)', () => {
  it('to summer time: run Sat 2025-03-29 22:30+01:00 → notBefore 2025-03-31T08:00:00+02:00, sent at 08:00 CEST', async () => {
    // Due Fri 03-21 + 8 days = Sat 03-29: the reminder's business day.
    const { clock, at } = berlinClock('2025-03-07T09:00:00+01:00');
    const { sms, store, mw } = smsHost(clock, smsDefaultQuiet);
    await mw.createClaim(claim('2025-03-07', '2025-03-21'));
    at('2025-03-29T22:30:00+01:00');
    expect((await mw.runDue()).sent).toBe(0);
    // Before: 2025-03-31T08:00:00+01:00, the offset of Saturday night.
    expect(store.outbox()[0]).toMatchObject({ date: '2025-03-29', status: 'pending', notBefore: '2025-03-31T08:00:00+02:00' });
    // 07:59 CEST: in Monday's quiet hours, held.
    at('2025-03-31T07:59:00+02:00');
    expect((await mw.dispatch('2025-03-29')).sent).toBe(0);
    // 08:00 CEST: out. Before: notBefore 08:00+01:00 = 09:00 CEST, still held here — an hour late.
    at('2025-03-31T08:00:00+02:00');
    expect((await mw.dispatch('2025-03-29')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('back to winter time: run Sat 2025-10-25 22:30+02:00 → notBefore 2025-10-27T08:00:00+01:00; nothing at 07:30 CET', async () => {
    // Due Fri 10-17 + 8 days = Sat 10-25.
    const { clock, at } = berlinClock('2025-10-03T09:00:00+02:00');
    const { store, mw } = smsHost(clock, smsDefaultQuiet);
    await mw.createClaim(claim('2025-10-03', '2025-10-17'));
    at('2025-10-25T22:30:00+02:00');
    expect((await mw.runDue()).sent).toBe(0);
    // Before: 2025-10-27T08:00:00+02:00, i.e. 07:00 on Monday's wall clock (CET).
    expect(store.outbox()[0]).toMatchObject({ date: '2025-10-25', status: 'pending', notBefore: '2025-10-27T08:00:00+01:00' });
    // 07:30 CET (past the wrong notBefore): the dispatcher's own reading of the quiet hours holds it too.
    at('2025-10-27T07:30:00+01:00');
    expect((await mw.dispatch('2025-10-25')).sent).toBe(0);
    at('2025-10-27T08:00:00+01:00');
    expect((await mw.dispatch('2025-10-25')).sent).toBe(1);
  });

  it('an ordinary week: run Sat 2025-01-25 22:30+01:00 → notBefore 2025-01-27T08:00:00+01:00', async () => {
    const { clock, at } = berlinClock('2025-01-02T09:00:00+01:00');
    const { store, mw } = smsHost(clock, smsDefaultQuiet);
    await mw.createClaim(claim('2025-01-02', '2025-01-17'));
    at('2025-01-25T22:30:00+01:00');
    expect((await mw.runDue()).sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ date: '2025-01-25', notBefore: '2025-01-27T08:00:00+01:00' });
  });
});
