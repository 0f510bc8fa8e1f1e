import { describe, expect, it } from 'vitest';
import { checkInvariants, createMahnwerk, MahnwerkError, type Channel, type ClaimEvent, type ClaimFactsInput, type IsoDate, type OutgoingMessage, type PolicyInput } from '../../src/index.js';
import { parseInstant } from '../../src/calendar/instant.js';
import { memoryStore, type TestStore } from './memory-store.js';

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

interface SmsChannel extends Channel {
  readonly sent: OutgoingMessage[];
}

function smsChannel(): SmsChannel {
  const ch: SmsChannel = {
    specificationVersion: 'v1',
    name: 'sms',
    sent: [],
    capabilities: { attachments: false, needsConsent: false, maxLength: 918 },
    canReach: (to) => to.phone !== undefined,
    send(message) {
      ch.sent.push(message);
      return Promise.resolve({ providerMessageId: `sms-${message.id}` });
    },
  };
  return ch;
}

const smsReminder: PolicyInput = {
  id: 'sms-reminder-late',
  version: 1,
  name: 'reminder by SMS, quiet 02:00–06:00',
  debtorKind: 'consumer',
  contactLimits: { quietFrom: '02:00', quietTo: '06:00' },
  stages: [{ id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 8 }, actions: [{ type: 'send', channel: 'sms', template: 'reminder' }] }],
};

const claim = (invoiceDate: IsoDate, dueDate: IsoDate): ClaimFactsInput => ({
  id: 'INV-Z',
  debtor: { id: 'D-Z', kind: 'consumer', name: 'Erika Muster', phone: '+4915112345678', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '300.00',
  currency: 'EUR',
  invoiceDate,
  dueDate,
  dueDateIsCalendarDate: false,
  reference: 'RE-Z',
});

describe('the dispatcher and the daily run read a UTC clock in its time zone (guard.no-sms-on-sundays-and-holidays)', () => {
  it('a run at 2025-01-25T23:30:00Z (Sun 00:30 in Berlin) for Sat 01-25 texts nobody; the SMS waits for Mon 01-27 00:00 Berlin', async () => {
    // Due Fri 01-17 + 8 days = Sat 01-25: the reminder's business day, a working day.
    const sms = smsChannel();
    const store: TestStore = memoryStore();
    const clock = { timeZone: 'Europe/Berlin', instant: '2025-01-02T09:00:00Z', today: () => '2025-01-25' as IsoDate, now: () => clock.instant };
    const mw = createMahnwerk({ store, clock, channels: [sms], policy: smsReminder });
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
