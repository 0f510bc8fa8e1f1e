import { compareDates, daysBetween, isIsoDate, money, type ClaimFacts } from '@mahnwerk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, makeBook, mulberry32 } from '../src/index.js';

const share = (claims: readonly ClaimFacts[], pick: (c: ClaimFacts) => boolean): number => claims.filter(pick).length / claims.length;

describe('mulberry32 / createRandom', () => {
  it('is deterministic per seed and matches the reference mulberry32 sequence', () => {
    // Reference values: the first outputs × 2^32, computed by an independent Python transcription
    // of the algorithm (32-bit arithmetic with explicit masks, not JS's Math.imul).
    const next = mulberry32(1);
    expect([next(), next(), next()].map((x) => x * 4294967296)).toEqual([2693262067, 11749833, 2265367787]);
    const next42 = mulberry32(42);
    expect([next42(), next42(), next42()].map((x) => x * 4294967296)).toEqual([2581720956, 1925393290, 3661312704]);
    expect(mulberry32(42)()).toBe(mulberry32(42)());
    expect(mulberry32(42)()).not.toBe(mulberry32(43)());
  });

  it('int, chance, pick and weighted stay in range', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRandom(seed);
        const n = rng.int(-3, 7);
        expect(Number.isInteger(n) && n >= -3 && n <= 7).toBe(true);
        expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
        expect(rng.weighted([['x', 0], ['y', 1]])).toBe('y');
        expect(typeof rng.chance(0.5)).toBe('boolean');
      }),
    );
  });

  it('refuses a non-integer seed and empty lists', () => {
    expect(() => mulberry32(1.5)).toThrow(expect.objectContaining({ field: 'seed' }) as Error);
    expect(() => createRandom(1).pick([])).toThrow(/at least one item/);
    expect(() => createRandom(1).weighted([['x', 0]])).toThrow(/weight above 0/);
  });
});

describe('makeBook', () => {
  const book = makeBook({ seed: 7, size: 2000 });

  it('is a pure function of seed and size; a smaller book is a prefix of a larger one', () => {
    expect(makeBook({ seed: 7, size: 2000 })).toEqual(book);
    expect(makeBook({ seed: 7, size: 50 }).claims).toEqual(book.claims.slice(0, 50));
    expect(makeBook({ seed: 8, size: 50 }).claims).not.toEqual(book.claims.slice(0, 50));
    expect(makeBook({ seed: 7, size: 0 })).toEqual({ seed: 7, claims: [], debtors: [] });
  });

  it('ids are unique, in order, with the prefix', () => {
    const ids = book.claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('RE-000001');
    expect([...ids].sort()).toEqual(ids);
    expect(makeBook({ seed: 1, size: 1, idPrefix: 'INV/' }).claims[0]?.id).toBe('INV/000001');
  });

  it('every claim is well-formed: real dates, due on or after invoice within 60 days, invoices within 90 days of start, final positive EUR amounts as strings', () => {
    for (const c of book.claims) {
      expect(isIsoDate(c.invoiceDate) && isIsoDate(c.dueDate)).toBe(true);
      expect(daysBetween(c.invoiceDate, c.dueDate)).toBeGreaterThanOrEqual(7);
      expect(daysBetween(c.invoiceDate, c.dueDate)).toBeLessThanOrEqual(60);
      expect(compareDates(c.invoiceDate, '2025-01-01')).toBeGreaterThanOrEqual(0);
      expect(daysBetween('2025-01-01', c.invoiceDate)).toBeLessThan(90);
      expect(c.principal).toMatch(/^\d+\.\d{2}$/);
      expect(money(c.principal, c.currency).amount.greaterThan(0)).toBe(true);
      if (c.contractDate !== undefined) expect(compareDates(c.contractDate, c.invoiceDate)).toBeLessThan(0);
      if (c.score !== undefined) expect(c.score).toMatch(/^0\.\d{2}$/);
      expect(c.debtor.address?.length).toBeGreaterThanOrEqual(3);
      if (c.debtor.kind === 'consumer') expect(c.invoicePointedOut30DayRule).toBeTypeOf('boolean');
    }
  });

  it('is a realistic mix: ~30 % businesses, ~20 % repeat debtors, mostly calendar due dates and Entgeltforderungen, some without e-mail, some English', () => {
    const claims = book.claims;
    expect(share(claims, (c) => c.debtor.kind === 'business')).toBeGreaterThan(0.22);
    expect(share(claims, (c) => c.debtor.kind === 'business')).toBeLessThan(0.38);
    expect(1 - book.debtors.length / claims.length).toBeGreaterThan(0.15);
    expect(1 - book.debtors.length / claims.length).toBeLessThan(0.25);
    expect(share(claims, (c) => c.dueDateIsCalendarDate === true)).toBeGreaterThan(0.6);
    expect(share(claims, (c) => c.claimKind === 'other')).toBeGreaterThan(0.01);
    expect(share(claims, (c) => c.claimKind === 'other')).toBeLessThan(0.1);
    expect(share(claims, (c) => c.debtor.email === undefined)).toBeGreaterThan(0.05);
    expect(share(claims, (c) => c.debtor.phone !== undefined)).toBeGreaterThan(0.1);
    expect(share(claims, (c) => c.debtor.locale === 'en')).toBeGreaterThan(0.02);
    expect(new Set(claims.map((c) => c.debtor.state)).size).toBeGreaterThanOrEqual(8);
    const large = claims.filter((c) => money(c.principal).amount.greaterThan(10000));
    expect(large.length).toBeGreaterThan(0);
    expect(large.every((c) => c.debtor.kind === 'business')).toBe(true);
  });

  it('debtors are listed once each; every claim of a debtor carries the same debtor data', () => {
    const byId = new Map(book.debtors.map((d) => [d.id, d]));
    expect(byId.size).toBe(book.debtors.length);
    for (const c of book.claims) expect(c.debtor).toEqual(byId.get(c.debtor.id));
  });

  it('refuses a bad size or start', () => {
    expect(() => makeBook({ seed: 1, size: -1 })).toThrow(expect.objectContaining({ field: 'size' }) as Error);
    expect(() => makeBook({ seed: 1, size: 1.5 })).toThrow(expect.objectContaining({ field: 'size' }) as Error);
    expect(() => makeBook({ seed: 1.5, size: 1 })).toThrow(expect.objectContaining({ field: 'seed' }) as Error);
    expect(() => makeBook({ seed: 1, size: 1, start: '2025-02-30' })).toThrow(expect.objectContaining({ field: 'start' }) as Error);
  });
});
