import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, DateError, determineDefault, fromDayNumber, mahnungDefaultDay, toDayNumber, ValidationError, type DefaultInput } from '../../src/index.js';

// § 286 BGB (facts file /work/shared/legal/de-and-eu-facts.md § 2.2, § 2.3): first day of default =
// first interest day = the day after the event that caused default (§ 187 Abs. 1 BGB by analogy).
// Dates are computed by hand; weekdays checked against a calendar.

describe('§ 286 Abs. 2 Nr. 1 BGB: calendar due date — only when agreed (dueDateAgreed)', () => {
  it('"zahlbar bis 15.05.2025" (Thursday), agreed → default from 2025-05-16 (facts file § 2.2)', () => {
    const r = determineDefault({ debtor: 'consumer', dueDate: '2025-05-15', dueDateAgreed: true });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-05-16', route: 'calendar-date', basis: '§ 286 Abs. 2 Nr. 1 BGB', shifted193: false });
  });

  it('§ 193 BGB: due date Saturday 2025-05-17 → last day Monday 2025-05-19 → default from 2025-05-20', () => {
    const r = determineDefault({ debtor: 'business', dueDate: '2025-05-17', dueDateAgreed: true });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-05-20', route: 'calendar-date', shifted193: true });
    expect(r?.explanation).toContain('§ 193 BGB');
  });

  it('apply193: false keeps the Saturday → default from Sunday 2025-05-18', () => {
    expect(determineDefault({ debtor: 'business', dueDate: '2025-05-17', dueDateAgreed: true, apply193: false })?.firstDayOfDefault).toBe('2025-05-18');
  });

  it('§ 193 BGB with the state of performance: due on Fronleichnam 2025-06-19 in BY → last day Friday 06-20 → default from 2025-06-21; in HH from 2025-06-20', () => {
    expect(determineDefault({ debtor: 'business', dueDate: '2025-06-19', dueDateAgreed: true, state: 'BY' })?.firstDayOfDefault).toBe('2025-06-21');
    expect(determineDefault({ debtor: 'business', dueDate: '2025-06-19', dueDateAgreed: true, state: 'HH' })?.firstDayOfDefault).toBe('2025-06-20');
  });

  it('a due date that is not a calendar date needs a reminder or the 30-day rule: alone it gives no default', () => {
    expect(determineDefault({ debtor: 'business', dueDate: '2025-05-15', dueDateIsCalendarDate: false })).toBeNull();
  });

  it('a due date set by the invoice alone is not agreed: by default (no flag) it gives no default — the Mahnung, the 30-day rule or a refusal must', () => {
    // § 286 Abs. 2 Nr. 1 BGB needs "eine Zeit nach dem Kalender bestimmt" by contract or law; the creditor's invoice alone does not fix it.
    expect(determineDefault({ debtor: 'consumer', dueDate: '2025-05-15' })).toBeNull();
    expect(determineDefault({ debtor: 'consumer', dueDate: '2025-05-15', reminderReceivedOn: '2025-05-20' })).toMatchObject({ route: 'reminder', firstDayOfDefault: '2025-05-21' });
    // The deprecated name still works when the new one is absent.
    expect(determineDefault({ debtor: 'consumer', dueDate: '2025-05-15', dueDateIsCalendarDate: true })?.route).toBe('calendar-date');
  });
});

describe('§ 286 Abs. 1 BGB: reminder (Mahnung)', () => {
  it('reminder received 2025-03-10 after the due date 2025-03-03 → default from 2025-03-11', () => {
    const r = determineDefault({ debtor: 'consumer', dueDate: '2025-03-03', dueDateIsCalendarDate: false, reminderReceivedOn: '2025-03-10' });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-03-11', route: 'reminder', basis: '§ 286 Abs. 1 BGB' });
  });

  it('a reminder received on the due date itself counts → default from the next day', () => {
    expect(determineDefault({ debtor: 'consumer', dueDate: '2025-03-03', dueDateIsCalendarDate: false, reminderReceivedOn: '2025-03-03' })?.firstDayOfDefault).toBe('2025-03-04');
  });

  it('a reminder received before the due date has no effect', () => {
    expect(determineDefault({ debtor: 'consumer', dueDate: '2025-03-20', dueDateIsCalendarDate: false, reminderReceivedOn: '2025-03-10' })).toBeNull();
  });

  it('a reminder is not moved by § 193 BGB: received Friday 2025-05-16 → default from Saturday 2025-05-17', () => {
    expect(determineDefault({ debtor: 'business', reminderReceivedOn: '2025-05-16' })?.firstDayOfDefault).toBe('2025-05-17');
  });
});

describe("§ 286 Abs. 1 BGB: a Mahnung read as postponing default until its deadline (reminderDeadline, a policy's mahnungDefault 'after-deadline')", () => {
  // "Bei Fristsetzung ist durch Auslegung zu unterscheiden, ob der Verzug erst mit Fristablauf
  // eintreten soll …" (lexexakt, Glossar "Mahnung"; docs/legal-notes.md). Weekdays checked with `date`.
  it('received Monday 2025-03-10 with a deadline to Monday 2025-03-24 → default from 2025-03-25 (without the deadline: 2025-03-11)', () => {
    const r = determineDefault({ debtor: 'consumer', dueDate: '2025-03-03', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-03-24' });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-03-25', route: 'reminder', basis: '§ 286 Abs. 1 BGB', shifted193: false });
    expect(r?.explanation).toContain('payment deadline to 2025-03-24');
    expect(mahnungDefaultDay('2025-03-10', '2025-03-24')).toEqual({ firstDayOfDefault: '2025-03-25', afterDeadline: true, lastDayForPayment: '2025-03-24', shifted193: false });
    expect(mahnungDefaultDay('2025-03-10')).toEqual({ firstDayOfDefault: '2025-03-11', afterDeadline: false, shifted193: false });
  });

  it('§ 193 BGB: a deadline on Saturday 2025-03-22 ends on Monday 2025-03-24 → default from 2025-03-25; apply193: false keeps it → from Sunday 2025-03-23', () => {
    expect(determineDefault({ debtor: 'consumer', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-03-22' })).toMatchObject({ firstDayOfDefault: '2025-03-25', shifted193: true });
    expect(determineDefault({ debtor: 'consumer', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-03-22' })?.explanation).toContain('§ 193 BGB moves it to 2025-03-24');
    expect(determineDefault({ debtor: 'consumer', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-03-22', apply193: false })?.firstDayOfDefault).toBe('2025-03-23');
  });

  it('§ 193 BGB over Easter: a deadline on Good Friday 2025-04-18 ends on Tuesday 2025-04-22 (Easter Monday 04-21 is a holiday in every state) → default from 2025-04-23', () => {
    expect(mahnungDefaultDay('2025-04-04', '2025-04-18', { state: 'BE' })).toMatchObject({ firstDayOfDefault: '2025-04-23', lastDayForPayment: '2025-04-22', shifted193: true });
  });

  it('a deadline that had passed before receipt does not pull default before receipt: received 2025-03-10, deadline 2025-03-07 → default from 2025-03-11', () => {
    const r = determineDefault({ debtor: 'consumer', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-03-07' });
    expect(r?.firstDayOfDefault).toBe('2025-03-11');
    expect(r?.explanation).toContain('which had passed before receipt');
    expect(mahnungDefaultDay('2025-03-10', '2025-03-07').afterDeadline).toBe(false);
  });

  it('the other routes are untouched and the earliest wins: a business invoice received 2025-01-05, due 2025-01-16 → the 30-day rule gives 2025-02-16, before the Mahnung deadline 2025-02-20 (default 2025-02-21)', () => {
    const r = determineDefault({ debtor: 'business', dueDate: '2025-01-16', invoiceReceivedOn: '2025-01-05', reminderReceivedOn: '2025-02-09', reminderDeadline: '2025-02-20' });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-02-16', route: 'thirty-day-rule' });
    expect(r?.candidates.map((c) => [c.route, c.firstDayOfDefault])).toEqual([
      ['thirty-day-rule', '2025-02-16'],
      ['reminder', '2025-02-21'],
    ]);
  });

  it('input errors name the field: a deadline without the Mahnung that set it, an invalid deadline', () => {
    const noReminder = (() => {
      try {
        determineDefault({ debtor: 'consumer', reminderDeadline: '2025-03-24' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(noReminder).toBeInstanceOf(ValidationError);
    expect((noReminder as ValidationError).field).toBe('reminderDeadline');
    expect((noReminder as ValidationError).message).toMatch(/reminderReceivedOn/);
    expect(() => determineDefault({ debtor: 'consumer', reminderReceivedOn: '2025-03-10', reminderDeadline: '2025-02-30' })).toThrow(DateError);
    expect(() => mahnungDefaultDay('2025-03-10', 'soon')).toThrow(/deadline/);
  });

  it('property: the deadline never makes default earlier, and default after it is always after the deadline', () => {
    const day0 = toDayNumber('2024-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: -10, max: 90 }), (r, f) => {
        const received = fromDayNumber(day0 + r);
        const deadline = fromDayNumber(day0 + r + f);
        const withDeadline = mahnungDefaultDay(received, deadline).firstDayOfDefault;
        expect(withDeadline >= mahnungDefaultDay(received).firstDayOfDefault).toBe(true);
        expect(withDeadline > deadline).toBe(true);
      }),
    );
  });
});

describe('§ 286 Abs. 3 BGB: 30 days after due date and receipt of the invoice', () => {
  it('business: invoice due and received 2025-03-03 → 30 days 04.03.–02.04. → default from 2025-04-03 (facts file § 2.2 [C])', () => {
    const r = determineDefault({ debtor: 'business', invoiceReceivedOn: '2025-03-03' });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-04-03', route: 'thirty-day-rule', basis: '§ 286 Abs. 3 BGB' });
  });

  it('consumer: only if the invoice pointed out the consequence (§ 286 Abs. 3 S. 1 Hs. 2 BGB)', () => {
    expect(determineDefault({ debtor: 'consumer', invoiceReceivedOn: '2025-03-03' })).toBeNull();
    expect(determineDefault({ debtor: 'consumer', invoiceReceivedOn: '2025-03-03', invoicePointedOut30DayRule: false })).toBeNull();
    expect(determineDefault({ debtor: 'consumer', invoiceReceivedOn: '2025-03-03', invoicePointedOut30DayRule: true })?.firstDayOfDefault).toBe('2025-04-03');
  });

  it('the 30 days run from the later of due date and receipt: received 2025-03-03, due 2025-03-10 (not calendar) → from 2025-04-10', () => {
    expect(
      determineDefault({ debtor: 'business', invoiceReceivedOn: '2025-03-03', dueDate: '2025-03-10', dueDateIsCalendarDate: false })?.firstDayOfDefault,
    ).toBe('2025-04-10');
  });

  it('only for Entgeltforderungen: claimKind "other" gets no 30-day default', () => {
    expect(determineDefault({ debtor: 'business', claimKind: 'other', invoiceReceivedOn: '2025-03-03' })).toBeNull();
  });

  it('§ 193 BGB is not applied to the 30-day period by default (disputed); opt in with apply193ToThirtyDayRule', () => {
    // Received 2025-04-04: 30th day = Sunday 2025-05-04.
    expect(determineDefault({ debtor: 'business', invoiceReceivedOn: '2025-04-04' })?.firstDayOfDefault).toBe('2025-05-05');
    const r = determineDefault({ debtor: 'business', invoiceReceivedOn: '2025-04-04', apply193ToThirtyDayRule: true });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-05-06', shifted193: true });
  });
});

describe('§ 286 Abs. 2 Nr. 3 BGB: serious and final refusal', () => {
  it('refusal on 2025-03-10 → default without a reminder, interest from 2025-03-11', () => {
    const r = determineDefault({ debtor: 'consumer', seriousRefusalOn: '2025-03-10' });
    expect(r).toMatchObject({ firstDayOfDefault: '2025-03-11', route: 'serious-refusal', basis: '§ 286 Abs. 2 Nr. 3 BGB' });
  });

  it('a refusal before the due date takes effect at the due date: refused 2025-03-01, due 2025-03-20 (not calendar) → from 2025-03-21', () => {
    expect(
      determineDefault({ debtor: 'consumer', seriousRefusalOn: '2025-03-01', dueDate: '2025-03-20', dueDateIsCalendarDate: false })?.firstDayOfDefault,
    ).toBe('2025-03-21');
  });
});

describe('the earliest route wins', () => {
  it('calendar due date 2025-06-30 beats reminder 2025-07-10 and the 30-day rule', () => {
    const r = determineDefault({ debtor: 'business', dueDate: '2025-06-30', dueDateAgreed: true, invoiceReceivedOn: '2025-05-02', reminderReceivedOn: '2025-07-10' });
    expect(r?.route).toBe('calendar-date');
    expect(r?.firstDayOfDefault).toBe('2025-07-01');
    expect(r?.candidates.map((c) => `${c.route} ${c.firstDayOfDefault}`)).toEqual([
      'calendar-date 2025-07-01',
      'reminder 2025-07-11',
      'thirty-day-rule 2025-07-31',
    ]);
  });

  it('reminder 2025-03-20 beats the 30-day rule (2025-04-03); a later reminder 2025-04-10 loses to it', () => {
    const base: DefaultInput = { debtor: 'business', dueDate: '2025-03-03', dueDateIsCalendarDate: false, invoiceReceivedOn: '2025-03-03' };
    expect(determineDefault({ ...base, reminderReceivedOn: '2025-03-20' })).toMatchObject({ route: 'reminder', firstDayOfDefault: '2025-03-21' });
    expect(determineDefault({ ...base, reminderReceivedOn: '2025-04-10' })).toMatchObject({ route: 'thirty-day-rule', firstDayOfDefault: '2025-04-03' });
  });

  it('consumer without the 30-day notice: the reminder decides even when it comes later', () => {
    const r = determineDefault({ debtor: 'consumer', dueDate: '2025-03-03', dueDateIsCalendarDate: false, invoiceReceivedOn: '2025-03-03', reminderReceivedOn: '2025-05-05' });
    expect(r).toMatchObject({ route: 'reminder', firstDayOfDefault: '2025-05-06' });
    expect(r?.candidates).toHaveLength(1);
  });

  it('nothing that causes default → null', () => {
    expect(determineDefault({ debtor: 'business' })).toBeNull();
  });
});

describe('input errors name the field', () => {
  it('unknown debtor kind → ValidationError on `debtor`', () => {
    expect(() => determineDefault({ debtor: 'company' as 'business' })).toThrow(ValidationError);
    try {
      determineDefault({ debtor: 'company' as 'business' });
    } catch (e) {
      expect((e as ValidationError).field).toBe('debtor');
    }
  });

  it('impossible date → DateError on that field', () => {
    try {
      determineDefault({ debtor: 'business', reminderReceivedOn: '2025-02-30' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DateError);
      expect((e as DateError).field).toBe('reminderReceivedOn');
    }
  });

  it('unknown state → ValidationError on `state`', () => {
    expect(() => determineDefault({ debtor: 'business', dueDate: '2025-05-15', state: 'XY' as 'BY' })).toThrow(/state/);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: toDayNumber('2002-01-01'), max: toDayNumber('2090-12-01') }).map(fromDayNumber);
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

  it('the result is the earliest candidate; default never starts on or before the due date; removing a route never makes default earlier', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('consumer' as const, 'business' as const),
        opt(day),
        fc.boolean(),
        opt(fc.integer({ min: -20, max: 60 })),
        opt(fc.integer({ min: -20, max: 60 })),
        opt(fc.integer({ min: -20, max: 60 })),
        fc.boolean(),
        (debtor, dueDate, calendar, inv, rem, ref, notice) => {
          const anchor = dueDate ?? '2025-01-15';
          const input: DefaultInput = {
            debtor,
            dueDate,
            dueDateIsCalendarDate: calendar,
            invoiceReceivedOn: inv === undefined ? undefined : addDays(anchor, inv),
            reminderReceivedOn: rem === undefined ? undefined : addDays(anchor, rem),
            seriousRefusalOn: ref === undefined ? undefined : addDays(anchor, ref),
            invoicePointedOut30DayRule: notice,
          };
          const r = determineDefault(input);
          if (r === null) return;
          const days = r.candidates.map((c) => c.firstDayOfDefault);
          expect(r.firstDayOfDefault).toBe([...days].sort()[0]);
          if (dueDate !== undefined) expect(r.firstDayOfDefault > dueDate).toBe(true);
          const without = determineDefault({ ...input, reminderReceivedOn: undefined });
          if (without !== null) expect(without.firstDayOfDefault >= r.firstDayOfDefault).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
