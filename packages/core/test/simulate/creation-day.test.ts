import { describe, expect, it } from 'vitest';
import { claimCreationDay, simulate, simulateStream, type ClaimEvent, type ClaimFacts, type DebtorKind, type SimulationInput } from '../../src/index.js';
import { timeline } from './timeline-helpers.js';

// A claim invoiced before the run's first day (a host that starts mahnwerk on day D with a book of
// older invoices). The host records each claim with `createClaim` on D: its audit shows the
// creation on D — a creation is dated the business day it is recorded, and no host records a claim
// before it runs — and `runDue` first decides it when the creation's review (`nextReviewAt` as of D)
// is due: on D itself when a step or default fell due before. simulate dated the creation on the
// invoice day instead (the `claim-created` event of a day it never simulated). One rule for both
// now: `claimCreationDay` (the later of invoice day and the first day); the host's side of it is
// proven against `createMahnwerk` in @mahnwerk/testing's differential test.

const debtor = (id: string, kind: DebtorKind): ClaimFacts['debtor'] => ({ id, kind, name: `Debtor ${id}`, email: `${id}@example.org` });

// Checked by hand against de-b2c-default (reminder due + 7 by e-mail; Mahnung reminder + 14,
// deadline 14; letzte Mahnung + 21, deadline 10, 1.00 EUR fee), § 286 Abs. 2 Nr. 1 BGB (a due date
// fixed by the calendar: default from the next day, no notice needed) and § 193 BGB:
// - G1, invoiced 2024-11-04, due Monday 2024-11-18: default from 2024-11-19; the reminder fell due
//   2024-11-25, before the run. Created 2025-01-01 and decided that day: default-began dated
//   2024-11-19 (the first day of default, as every default-began is), reminder 2025-01-01, Mahnung
//   + 14 = 2025-01-15 (deadline + 14 = Wednesday 2025-01-29), letzte Mahnung + 21 = 2025-02-05
//   (deadline + 10 = Saturday 2025-02-15, moved to Monday 2025-02-17).
// - G2, invoiced 2024-12-20, due Monday 2025-01-20: nothing due before the run. Created 2025-01-01,
//   first decided 2025-01-21 (default); reminder + 7 = 2025-01-27, Mahnung + 14 = 2025-02-10
//   (deadline 2025-02-24, a Monday).
const g1: ClaimFacts = { id: 'G1', debtor: debtor('g1', 'consumer'), principal: '100.00', currency: 'EUR', invoiceDate: '2024-11-04', dueDate: '2024-11-18', dueDateIsCalendarDate: true };
const g2: ClaimFacts = { id: 'G2', debtor: debtor('g2', 'consumer'), principal: '100.00', currency: 'EUR', invoiceDate: '2024-12-20', dueDate: '2025-01-20', dueDateIsCalendarDate: true };
const book: SimulationInput = { claims: [g1, g2], policy: 'auto', from: '2025-01-01', to: '2025-02-28', statement: { allowBeyondKnownBaseRate: true } };

describe('a claim invoiced before the first simulated day is created on that day (claimCreationDay)', () => {
  it('claimCreationDay: the invoice day, or the first day when the invoice is older', () => {
    expect(claimCreationDay(g1, '2025-01-01')).toBe('2025-01-01');
    expect(claimCreationDay(g2, '2025-01-01')).toBe('2025-01-01');
    expect(claimCreationDay(g2, '2024-12-20')).toBe('2024-12-20');
    expect(claimCreationDay(g2, '2024-12-01')).toBe('2024-12-20');
  });

  it('simulate dates claim-created on the first day, not the invoice day; default-began keeps the first day of default; stages follow as checked by hand', () => {
    const result = simulate(book);
    const of = (id: string): readonly ClaimEvent[] => result.claims.find((c) => c.id === id)?.events ?? [];
    expect(of('G1')[0]).toMatchObject({ type: 'claim-created', date: '2025-01-01' });
    expect(of('G2')[0]).toMatchObject({ type: 'claim-created', date: '2025-01-01' });
    // The facts keep the invoice date the claim was created with.
    expect(result.claims.map((c) => c.facts.invoiceDate)).toEqual(['2024-11-04', '2024-12-20']);
    expect(timeline(of('G1'))).toEqual([
      '2024-11-19 default calendar-date',
      '2025-01-01 stage reminder',
      '2025-01-01 message email reminder',
      '2025-01-15 stage dunning-notice deadline 2025-01-29',
      '2025-01-15 message letter dunning-notice',
      '2025-02-05 stage final-notice deadline 2025-02-17',
      '2025-02-05 fee creditor-dunning-fee 1.00',
      '2025-02-05 message letter final-notice',
    ]);
    expect(timeline(of('G2'))).toEqual([
      '2025-01-21 default calendar-date',
      '2025-01-27 stage reminder',
      '2025-01-27 message email reminder',
      '2025-02-10 stage dunning-notice deadline 2025-02-24',
      '2025-02-10 message letter dunning-notice',
    ]);
    // The result's events in date order (ties: claim order): G1's default-began of 2024-11-19, then its creation.
    expect(result.events.slice(0, 2).map((e) => `${e.date} ${e.claimId} ${e.type}`)).toEqual(['2024-11-19 G1 default-began', '2025-01-01 G1 claim-created']);
  });

  it('G2 is first decided on 2025-01-21 (its creation review), not on the day it was created', () => {
    expect(simulate({ ...book, claims: [g2], to: '2025-01-20' }).decisions).toBe(0);
    expect(simulate({ ...book, claims: [g2], to: '2025-01-21' }).decisions).toBe(1);
  });

  it('simulateStream hands over the creation dated the first day too', () => {
    const created: string[] = [];
    simulateStream(book, { onEvent: (e) => void (e.type === 'claim-created' && created.push(`${e.claimId} ${e.date}`)) });
    expect(created).toEqual(['G1 2025-01-01', 'G2 2025-01-01']);
  });
});
