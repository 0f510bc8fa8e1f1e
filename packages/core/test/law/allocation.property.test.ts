import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatePayment,
  Dec,
  money,
  toAmountString,
  type AllocationInput,
  type AllocationOrder,
  type AllocationResult,
  type ClaimAllocation,
  type Money,
  type OpenClaim,
} from '../../src/index.js';

// Invariants of §§ 366, 367 BGB and § 497 Abs. 3 BGB (facts file /work/shared/legal/de-and-eu-facts.md § 4),
// checked on random claims. Amounts are generated as integer cents and turned into decimal strings
// without any floating-point arithmetic.

/** Integer cents → "12.34" (exact, no float division). */
function centsToString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A Money value → integer cents, via its exact decimal string. */
function toCents(m: Money): bigint {
  expect(m.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  return BigInt(toAmountString(m).replace('.', ''));
}

const PARTS = ['costs', 'interest', 'principal'] as const;

const dueDates = ['2024-11-30', '2025-01-10', '2025-02-28', '2025-03-01', '2025-03-02', '2025-06-30'];
const PAYMENT_DATE = '2025-03-01';

const claimArb = fc.record({
  costs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
  interest: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000 })),
  principal: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500_000 })),
  dueDate: fc.constantFrom(...dueDates),
  security: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  burden: fc.option(fc.constantFrom('0', '5', '5.0', '9.12', '10'), { nil: undefined }),
  arose: fc.option(fc.constantFrom('2023-05-01', '2024-12-31', '2025-01-10'), { nil: undefined }),
  order: fc.option(fc.constantFrom<AllocationOrder>('bgb367', 'bgb497'), { nil: undefined }),
});

interface Case {
  input: AllocationInput;
  claims: OpenClaim[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    raw: fc.array(claimArb, { minLength: 0, maxLength: 6 }),
    // In about a third of the cases every claim has the same rank, so § 366 Abs. 2 Nr. 5 (pro rata) is reached often.
    sameRank: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    paymentCents: fc.integer({ min: 1, max: 1_500_000 }),
    designate: fc.boolean(),
    shuffleSeed: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .map(({ raw, sameRank, paymentCents, designate, shuffleSeed }) => {
    const claims: OpenClaim[] = raw.map((r, i) => {
      const c: OpenClaim = {
        id: `C${i}`,
        dueDate: sameRank ? '2025-01-10' : r.dueDate,
        costs: money(centsToString(r.costs)),
        interest: money(centsToString(r.interest)),
        principal: money(centsToString(r.principal)),
      };
      if (r.order !== undefined) c.order = r.order;
      if (sameRank) return c;
      if (r.security !== undefined) c.security = r.security;
      if (r.burden !== undefined) c.burden = r.burden;
      if (r.arose !== undefined) c.arose = r.arose;
      return c;
    });
    const input: AllocationInput = { payment: money(centsToString(paymentCents)), date: PAYMENT_DATE, claims };
    if (designate && claims.length > 0) {
      // A designation: a prefix of a seeded permutation of the ids.
      const ids = claims.map((c) => c.id);
      const picked: string[] = [];
      for (const s of shuffleSeed) {
        if (ids.length === 0) break;
        picked.push(ids.splice(s % ids.length, 1)[0] as string);
      }
      input.designation = picked;
    }
    return { input, claims };
  });

function rowOf(result: AllocationResult, id: string): ClaimAllocation {
  return result.allocations.find((a) => a.claimId === id) as ClaimAllocation;
}

function owedCents(c: OpenClaim): bigint {
  return toCents(c.costs) + toCents(c.interest) + toCents(c.principal);
}

function paidInFull(result: AllocationResult, c: OpenClaim): boolean {
  return toCents(rowOf(result, c.id).total) === owedCents(c);
}

/** § 366 Abs. 2 BGB as written in the facts file: negative when a comes before b, 0 at equal rank. */
function specRank(a: OpenClaim, b: OpenClaim): number {
  const aDue = a.dueDate <= PAYMENT_DATE;
  const bDue = b.dueDate <= PAYMENT_DATE;
  if (aDue !== bDue) return aDue ? -1 : 1;
  if ((a.security ?? 0) !== (b.security ?? 0)) return (a.security ?? 0) - (b.security ?? 0);
  const burden = new Dec(b.burden ?? '0').comparedTo(new Dec(a.burden ?? '0'));
  if (burden !== 0) return burden;
  const aAge = a.arose ?? a.dueDate;
  const bAge = b.arose ?? b.dueDate;
  return aAge < bAge ? -1 : aAge > bAge ? 1 : 0;
}

describe('allocatePayment — invariants (property tests)', () => {
  it('money is conserved exactly: applied + unapplied = payment; rows list every claim in input order', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        expect(result.allocations.map((a) => a.claimId)).toEqual(claims.map((c) => c.id));
        let applied = 0n;
        for (const a of result.allocations) {
          const parts = toCents(a.costs) + toCents(a.interest) + toCents(a.principal);
          expect(toCents(a.total)).toBe(parts);
          applied += parts;
        }
        expect(applied + toCents(result.unapplied)).toBe(toCents(input.payment));
      }),
      { numRuns: 500 },
    );
  });

  it('no part is negative and no part gets more than was owed', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        expect(toCents(result.unapplied) >= 0n).toBe(true);
        for (const c of claims) {
          const r = rowOf(result, c.id);
          for (const part of PARTS) {
            const got = toCents(r[part]);
            expect(got >= 0n, `${c.id}.${part} ≥ 0`).toBe(true);
            expect(got <= toCents(c[part]), `${c.id}.${part} ≤ owed`).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('something is unapplied only if every claim was paid in full', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        if (toCents(result.unapplied) > 0n) {
          for (const c of claims) expect(paidInFull(result, c)).toBe(true);
        }
        // And conversely: if the claims together owe at least the payment, nothing is left over.
        const owed = claims.reduce((s, c) => s + owedCents(c), 0n);
        if (owed >= toCents(input.payment)) expect(toCents(result.unapplied)).toBe(0n);
      }),
      { numRuns: 500 },
    );
  });

  it('§ 367 Abs. 1 / § 497 Abs. 3 BGB: a later part gets money only when the earlier parts are paid in full', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        for (const c of claims) {
          const r = rowOf(result, c.id);
          const sequence = (c.order ?? 'bgb367') === 'bgb367' ? (['costs', 'interest', 'principal'] as const) : (['costs', 'principal', 'interest'] as const);
          for (let i = 1; i < sequence.length; i += 1) {
            const later = sequence[i] as (typeof PARTS)[number];
            if (toCents(r[later]) > 0n) {
              for (const earlier of sequence.slice(0, i)) {
                expect(toCents(r[earlier]), `${c.id}: ${later} paid before ${earlier} was full`).toBe(toCents(c[earlier]));
              }
            }
          }
          if (toCents(r.total) > 0n) {
            expect(r.basis).toContain((c.order ?? 'bgb367') === 'bgb367' ? '§ 367 Abs. 1 BGB' : '§ 497 Abs. 3 BGB');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('§ 366 Abs. 2 BGB: without a designation, a claim ranked later gets money only when every claim ranked earlier is paid in full', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment({ ...input, designation: null });
        for (const a of claims) {
          for (const b of claims) {
            if (specRank(a, b) < 0 && toCents(rowOf(result, b.id).total) > 0n) {
              expect(paidInFull(result, a), `${a.id} ranks before ${b.id}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('§ 366 Abs. 2 Nr. 5 BGB: claims of equal rank share pro rata — each share within one cent of the exact proportional share', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment({ ...input, designation: null });
        // Group the claims by equal rank; in a group that got money but was not paid in full,
        // the exact share of claim i is groupPaid × owed_i / groupOwed.
        const groups: OpenClaim[][] = [];
        for (const c of claims) {
          const g = groups.find((grp) => specRank(grp[0] as OpenClaim, c) === 0);
          if (g) g.push(c);
          else groups.push([c]);
        }
        for (const g of groups) {
          const owed = g.reduce((s, c) => s + owedCents(c), 0n);
          const paid = g.reduce((s, c) => s + toCents(rowOf(result, c.id).total), 0n);
          if (paid === 0n || paid === owed) continue;
          for (const c of g) {
            const exact = new Dec(String(paid)).times(String(owedCents(c))).dividedBy(String(owed));
            const got = new Dec(String(toCents(rowOf(result, c.id).total)));
            expect(got.minus(exact).abs().lessThan(1), `${c.id}: ${got.toString()} vs exact ${exact.toString()} cents`).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the generator reaches the interesting cases (partial pro-rata groups, overpayments, § 497 claims)', () => {
    // Guards the guards: if the generator drifted, the properties above would pass vacuously.
    const seen = { proRata: 0, overpaid: 0, bgb497: 0 };
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment({ ...input, designation: null });
        if (toCents(result.unapplied) > 0n) seen.overpaid += 1;
        if (claims.some((c) => c.order === 'bgb497' && toCents(rowOf(result, c.id).total) > 0n)) seen.bgb497 += 1;
        const partial = claims.filter((c) => toCents(rowOf(result, c.id).total) > 0n && !paidInFull(result, c));
        if (partial.length > 1) seen.proRata += 1;
      }),
      { numRuns: 1000, seed: 366 },
    );
    expect(seen.proRata).toBeGreaterThan(50);
    expect(seen.overpaid).toBeGreaterThan(5);
    expect(seen.bgb497).toBeGreaterThan(5);
  });

  it('§ 366 Abs. 1 BGB: named claims are served in the named order, before every other claim', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        const named = input.designation ?? [];
        const byId = new Map(claims.map((c) => [c.id, c]));
        for (let i = 0; i < named.length; i += 1) {
          const current = rowOf(result, named[i] as string);
          if (toCents(current.total) === 0n) continue;
          for (const earlier of named.slice(0, i)) expect(paidInFull(result, byId.get(earlier) as OpenClaim)).toBe(true);
        }
        const others = claims.filter((c) => !named.includes(c.id));
        if (others.some((c) => toCents(rowOf(result, c.id).total) > 0n)) {
          for (const id of named) expect(paidInFull(result, byId.get(id) as OpenClaim)).toBe(true);
        }
        // The served order starts with the named claims that received money.
        const servedNamed = named.filter((id) => toCents(rowOf(result, id).total) > 0n);
        expect(result.order.slice(0, servedNamed.length)).toEqual(servedNamed);
      }),
      { numRuns: 500 },
    );
  });

  it('`order` lists exactly the claims that received money, each once', () => {
    fc.assert(
      fc.property(caseArb, ({ input, claims }) => {
        const result = allocatePayment(input);
        const receivers = claims.filter((c) => toCents(rowOf(result, c.id).total) > 0n).map((c) => c.id);
        expect([...result.order].sort()).toEqual([...receivers].sort());
        expect(new Set(result.order).size).toBe(result.order.length);
      }),
      { numRuns: 300 },
    );
  });
});
