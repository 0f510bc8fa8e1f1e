import { daysBetween, determineDefault, isIsoDate, money, type ClaimFacts } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../src/index.js';

describe('fixtures', () => {
  it('consumerClaim: 1000.00 EUR consumer Entgeltforderung, calendar due date 2024-12-31, 30-day notice on the invoice', () => {
    const facts = fixtures.consumerClaim();
    expect(facts).toMatchObject({ principal: '1000.00', currency: 'EUR', dueDate: '2024-12-31', dueDateIsCalendarDate: true, claimKind: 'entgelt', invoicePointedOut30DayRule: true });
    expect(facts.debtor).toMatchObject({ kind: 'consumer', id: 'D-1001', state: 'NW' });
    expect(facts.debtor.phone).toBeUndefined();
  });

  it('businessClaim: 2500.00 EUR business Entgeltforderung with contract date, calendar due date 2024-12-31', () => {
    const facts = fixtures.businessClaim();
    expect(facts).toMatchObject({ principal: '2500.00', contractDate: '2024-11-15', dueDate: '2024-12-31', dueDateIsCalendarDate: true, creditorCanDeductVat: true });
    expect(facts.debtor.kind).toBe('business');
  });

  it('default of both fixtures begins 2025-01-01 (§ 286 Abs. 2 Nr. 1 BGB: calendar due date 2024-12-31, default from the next day)', () => {
    for (const facts of [fixtures.consumerClaim(), fixtures.businessClaim()]) {
      // The core's default rule agrees with the fixture's documentation.
      const result = determineDefault({
        debtor: facts.debtor.kind,
        claimKind: facts.claimKind,
        dueDate: facts.dueDate,
        dueDateIsCalendarDate: facts.dueDateIsCalendarDate,
        invoiceReceivedOn: facts.invoiceDate,
        invoicePointedOut30DayRule: facts.invoicePointedOut30DayRule,
        state: facts.debtor.state,
      });
      // 2024-12-31 is a Tuesday and no public holiday, so § 193 BGB does not move it.
      expect(result).toMatchObject({ firstDayOfDefault: '2025-01-01', route: 'calendar-date', basis: '§ 286 Abs. 2 Nr. 1 BGB', shifted193: false });
    }
  });

  it('overrides replace members, merge the debtor member by member, and undefined removes a member', () => {
    const facts = fixtures.consumerClaim({ id: 'X-1', principal: '19.99', debtor: { id: 'D-9', email: undefined, phone: '+4915100000000' }, invoicePointedOut30DayRule: undefined });
    expect(facts.id).toBe('X-1');
    expect(facts.principal).toBe('19.99');
    expect(facts.debtor).toMatchObject({ id: 'D-9', name: 'Erika Mustermann', phone: '+4915100000000', kind: 'consumer' });
    expect('email' in facts.debtor).toBe(false);
    expect('invoicePointedOut30DayRule' in facts).toBe(false);
  });

  it('every call returns a fresh object: changing one does not change the next', () => {
    const a = fixtures.consumerClaim() as { -readonly [K in keyof ClaimFacts]: ClaimFacts[K] };
    a.principal = '1.00';
    (a.debtor as { name: string }).name = 'changed';
    expect(fixtures.consumerClaim().principal).toBe('1000.00');
    expect(fixtures.consumerClaim().debtor.name).toBe('Erika Mustermann');
  });

  it('fixture facts are well-formed: valid dates, due after invoice, final amounts', () => {
    for (const facts of [fixtures.consumerClaim(), fixtures.businessClaim()]) {
      expect(isIsoDate(facts.invoiceDate) && isIsoDate(facts.dueDate)).toBe(true);
      expect(daysBetween(facts.invoiceDate, facts.dueDate)).toBe(30);
      expect(() => money(facts.principal, facts.currency)).not.toThrow();
    }
  });

  it('claimCreated wraps facts in a claim-created event dated on the invoice date (or the given date)', () => {
    const facts = fixtures.businessClaim();
    expect(fixtures.claimCreated(facts)).toEqual({ type: 'claim-created', claimId: facts.id, date: '2024-12-01', claim: facts });
    expect(fixtures.claimCreated(facts, '2024-12-02').date).toBe('2024-12-02');
  });
});
