import { describe, expect, it } from 'vitest';
import { checkInvariants, simulate, UnknownTimeZoneError, ValidationError, type ClaimEvent, type ClaimFactsInput, type IsoDate } from '../../src/index.js';
import { recipientTimeZone } from '../../src/calendar/instant.js';
import { berlinClock, smsClaim, smsHost, smsReminderPolicy } from './host-fixture.js';

// § 7 Abs. 1 UWG (unzumutbare Belästigung) protects the rest of the person contacted: the quiet hours
// (the policy's contactLimits.quietFrom–quietTo, default 20:00–08:00) and the Sunday/holiday rest of
// SMS and WhatsApp (guard.no-sms-on-sundays-and-holidays) are kept on the DEBTOR's wall clock — the
// debtor's `timeZone` when the claim's facts give one, else the clock's zone (docs/engine.md "Quiet
// hours: at the instant of the send"; one rule, recipientTimeZone, asked by the dispatcher, the daily
// run's notBefore and checkInvariants). Before, core read the clock's zone only, while
// @mahnwerk/channel-sms refused sends in the quiet hours of the debtor's zone: a debtor in New York
// was held at 15:30 their time because it was 21:30 in Berlin, and texted at 03:00 their time when it
// was 09:00 in Berlin (then refused by the adapter, retried).
//
// Zone rules, by hand: in January Europe/Berlin is UTC+01:00, America/New_York UTC−05:00 (six hours
// behind Berlin), Pacific/Kiritimati UTC+14:00 (13 hours ahead of Berlin; no summer time).
// Calendar: 1 January 2025 is a Wednesday, so Tue 01-14, Wed 01-15, Fri 01-17, Wed 01-22, Thu 01-23,
// Sat 01-25, Sun 01-26, Mon 01-27.

/** A reminder by SMS 8 days after the due date; default quiet hours 20:00–08:00. */
const smsReminder = smsReminderPolicy();

const claim = (dueDate: IsoDate, timeZone?: string): ClaimFactsInput => smsClaim('TZ', '2025-01-02', dueDate, timeZone);

/** The claim on a host with one SMS channel and a Berlin clock (the creditor's) over an instant the test moves. */
async function book(dueDate: IsoDate, timeZone: string | undefined, start: string) {
  const { clock, at } = berlinClock(start);
  const { sms, store, mw } = smsHost(clock, smsReminder);
  await mw.createClaim(claim(dueDate, timeZone));
  return { sms, store, at, mw };
}

describe('quiet hours and the rest day of a send are the debtor\'s (§ 7 Abs. 1 UWG): the debtor\'s time zone, else the clock\'s', () => {
  // Due Tue 01-14 + 8 days = Wed 01-22, the reminder's business day.
  it('21:30 in Berlin is 15:30 in New York: the SMS to a debtor in New York goes at once (no notBefore)', async () => {
    const { sms, store, at, mw } = await book('2025-01-14', 'America/New_York', '2025-01-02T09:00:00+01:00');
    at('2025-01-22T21:30:00+01:00');
    expect((await mw.runDue('2025-01-22')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    expect(store.outbox()[0]?.notBefore).toBeUndefined();
  });

  it('the same evening a debtor without a time zone is read on the clock\'s (Berlin): held until Thu 08:00+01:00', async () => {
    const { sms, store, at, mw } = await book('2025-01-14', undefined, '2025-01-02T09:00:00+01:00');
    at('2025-01-22T21:30:00+01:00');
    expect((await mw.runDue('2025-01-22')).sent).toBe(0);
    expect(sms.sent).toHaveLength(0);
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', notBefore: '2025-01-23T08:00:00+01:00' });
  });

  // Thu 01-23 09:00 in Berlin = 08:00 UTC = 03:00 in New York (quiet until 08:00 there = 13:00 UTC =
  // 14:00 in Berlin). The notBefore is written with New York's offset.
  it('09:00 in Berlin is 03:00 in New York: held until 08:00 New York time (notBefore 2025-01-23T08:00:00-05:00, 14:00 in Berlin)', async () => {
    const { sms, store, at, mw } = await book('2025-01-15', 'America/New_York', '2025-01-02T09:00:00+01:00');
    // Due Wed 01-15 + 8 = Thu 01-23.
    at('2025-01-23T09:00:00+01:00');
    expect((await mw.runDue('2025-01-23')).sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ status: 'pending', notBefore: '2025-01-23T08:00:00-05:00' });
    // 13:59 in Berlin = 07:59 in New York: still held (by notBefore and by the dispatcher's own reading).
    at('2025-01-23T13:59:00+01:00');
    expect((await mw.dispatch('2025-01-23')).sent).toBe(0);
    at('2025-01-23T14:00:00+01:00');
    expect((await mw.dispatch('2025-01-23')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  // Pacific/Kiritimati is UTC+14:00, 13 hours ahead of Berlin in winter: Sat 2025-01-25 19:30 in
  // Berlin = 18:30 UTC = Sun 2025-01-26 08:30 in Kiritimati — a Sunday for the debtor, outside the
  // quiet hours of both zones. Due Fri 01-17 + 8 days = Sat 01-25, the reminder's business day (a
  // working day, so decide enters the stage). The SMS waits for the debtor's Monday 01-27 at the end
  // of its quiet hours, 08:00 (+14:00) = Sun 01-26 18:00 UTC = Sun 19:00 in Berlin.
  it('Saturday 19:30 in Berlin is Sunday 08:30 in Kiritimati: no SMS on the debtor\'s Sunday; it waits for Monday 08:00 there', async () => {
    const { sms, store, at, mw } = await book('2025-01-17', 'Pacific/Kiritimati', '2025-01-02T09:00:00+01:00');
    at('2025-01-25T19:30:00+01:00');
    expect((await mw.runDue('2025-01-25')).sent).toBe(0);
    expect(store.outbox()[0]).toMatchObject({ date: '2025-01-25', status: 'pending', notBefore: '2025-01-27T08:00:00+14:00' });
    // Sun 18:59 in Berlin = Mon 07:59 in Kiritimati: held; Sun 19:00 in Berlin = Mon 08:00 there: it goes.
    at('2025-01-26T18:59:00+01:00');
    expect((await mw.dispatch('2025-01-25')).sent).toBe(0);
    at('2025-01-26T19:00:00+01:00');
    expect((await mw.dispatch('2025-01-25')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    // checkInvariants reads the day of the send on the debtor's wall clock too: Monday in Kiritimati
    // (on Berlin's wall clock it was a Sunday).
    const history = (await mw.history('INV-TZ')).map((h) => h.event);
    expect(checkInvariants(history, undefined, { timeZone: 'Europe/Berlin' }).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays')).toEqual([]);
  });

  it('checkInvariants reads the day of a send on the debtor\'s wall clock, the clock\'s zone only for a debtor without one', () => {
    const created = (timeZone?: string): ClaimEvent => ({ type: 'claim-created', claimId: 'C-1', date: '2025-01-02', claim: { ...claim('2025-01-17', timeZone), id: 'C-1' } }) as unknown as ClaimEvent;
    const sent = (recordedAt: string): ClaimEvent => ({ type: 'message-sent', claimId: 'C-1', date: recordedAt.slice(0, 10) as IsoDate, messageId: 'm-1', channel: 'sms', recordedAt });
    const rest = (events: ClaimEvent[]) => checkInvariants(events, undefined, { timeZone: 'Europe/Berlin' }).filter((r) => r.guard === 'guard.no-sms-on-sundays-and-holidays');
    // 2025-01-25T18:30Z: Sat 19:30 in Berlin, Sun 08:30 in Kiritimati (+14:00).
    expect(rest([created('Pacific/Kiritimati'), sent('2025-01-25T18:30:00Z')])).toMatchObject([{ type: 'message-sent', message: 'sms message m-1 sent on 2025-01-26, a Sunday or public holiday.' }]);
    expect(rest([created(), sent('2025-01-25T18:30:00Z')])).toEqual([]);
    // 2025-01-25T23:30Z: Sun 00:30 in Berlin, Sat 18:30 in New York (−05:00).
    expect(rest([created('America/New_York'), sent('2025-01-25T23:30:00Z')])).toEqual([]);
    expect(rest([created(), sent('2025-01-25T23:30:00Z')])).toHaveLength(1);
  });

  it('recipientTimeZone: the debtor\'s zone when the runtime knows it, else the clock\'s, else none', () => {
    expect(recipientTimeZone('America/New_York', 'Europe/Berlin')).toBe('America/New_York');
    expect(recipientTimeZone(undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    // A well-formed name the runtime does not know — createClaim refuses it now (below); facts stored before keep the clock's.
    expect(recipientTimeZone('Europe/Atlantis', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(recipientTimeZone(undefined, undefined)).toBeUndefined();
  });
});

// § 7 Abs. 1 UWG: the quiet hours are the debtor's only if core can read the debtor's wall clock. A
// name of the right form without IANA rules (`Europe/Atlantis`) used to be accepted and then read as
// the clock's zone without a word (recipientTimeZone's fallback); it is refused where the claim's
// facts are validated, before anything is written (one rule, timeZoneProblem).
describe('a debtor time zone the runtime does not know is refused at createClaim (§ 7 Abs. 1 UWG: quiet hours on the debtor\'s wall clock)', () => {
  it('Europe/Atlantis: UnknownTimeZoneError, code time_zone_unknown, naming the field, the value and the fix; nothing is written', async () => {
    const { store, mw } = smsHost(berlinClock('2025-01-02T09:00:00+01:00').clock, smsReminder);
    const refusal = mw.createClaim(claim('2025-01-14', 'Europe/Atlantis'));
    await expect(refusal).rejects.toBeInstanceOf(UnknownTimeZoneError);
    await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    await expect(refusal).rejects.toMatchObject({ code: 'time_zone_unknown', field: 'facts.debtor.timeZone', timeZone: 'Europe/Atlantis' });
    await expect(refusal).rejects.toThrow(
      'facts.debtor.timeZone: "Europe/Atlantis" is not a time zone this runtime knows (it has no IANA rules for it); give a name from ' +
        `Intl.supportedValuesOf('timeZone'), such as "Europe/Berlin", or leave timeZone out to read quiet hours and rest days on the clock's zone.`,
    );
    expect(store.writes()).toBe(0);
    expect(await store.load('INV-TZ')).toBeNull();
  });

  it('simulate refuses the same claim in the same words, naming claims[0] (one rule for the host API and a simulation)', () => {
    const input = { claims: [{ ...claim('2025-01-14', 'Europe/Atlantis'), id: 'A' }], policy: smsReminder, from: '2025-01-02', to: '2025-01-31' } as const;
    expect(() => simulate(input)).toThrow(UnknownTimeZoneError);
    expect(() => simulate(input)).toThrow(/^claims\[0\]\.debtor\.timeZone: "Europe\/Atlantis" is not a time zone this runtime knows .* \(claim "A"\)\.$/);
  });

  it('a zone the runtime knows is taken as given (America/New_York, UTC, Pacific/Kiritimati); a name of the wrong form keeps its own message', async () => {
    for (const zone of ['America/New_York', 'UTC', 'Pacific/Kiritimati']) {
      const { mw } = await book('2025-01-14', zone, '2025-01-02T09:00:00+01:00');
      expect((await mw.history('INV-TZ'))[0]?.event).toMatchObject({ type: 'claim-created', claim: { debtor: { timeZone: zone } } });
    }
    const { mw } = smsHost(berlinClock('2025-01-02T09:00:00+01:00').clock, smsReminder);
    await expect(mw.createClaim(claim('2025-01-14', 'Berlin time'))).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'facts.debtor.timeZone: expected an IANA time zone such as Europe/Berlin.',
    });
  });
});
