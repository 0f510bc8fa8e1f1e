import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkInvariants,
  deB2bDefaultPolicyInput,
  deB2cDefaultPolicyInput,
  loadPolicy,
  simulate,
  type ClaimEvent,
  type ClaimFacts,
  type DebtorKind,
  type IsoDate,
  type MahnungDefault,
  type ScriptedAction,
} from '../../src/index.js';

// Policy.mahnungDefault 'after-deadline' reads a Mahnung's payment deadline as postponing default
// (§ 286 Abs. 1 BGB; docs/legal-notes.md): default begins the day after the deadline instead of the
// day after receipt — never earlier, since the deadline rule takes the later of the two
// (`mahnungDefaultDay`), and the other routes (agreed calendar date, 30-day rule) are the same. So
// for the same book — the same claims, the same scripted payments on the same days, the same built-in
// policy but for this one setting — the debtor-friendly reading never charges more default interest:
// it starts no earlier, and a payment before it goes to the principal rather than to interest
// (§ 367 Abs. 1 BGB), which leaves no more principal to bear interest afterwards. Scripted behaviour
// only: a probability model draws from one stream for the whole book, so a message that one reading
// sends and the other does not would give the two runs different payments.

const START: IsoDate = '2025-01-01';
const STATEMENT = { allowBeyondKnownBaseRate: true } as const;

function cents(n: number): string {
  const digits = String(n).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const claimArb = fc.record({
  principalCents: fc.oneof(fc.integer({ min: 1_000, max: 100_000 }), fc.integer({ min: 100_000, max: 2_000_000 })),
  invoiceDay: fc.integer({ min: 0, max: 120 }),
  dueAfter: fc.integer({ min: 0, max: 30 }),
  dueDateAgreed: fc.constantFrom(false, false, false, true),
  invoicePointedOut30DayRule: fc.boolean(),
  /** Payments: days after the invoice date; a share of the principal in per mille, or the whole amount due. */
  payments: fc.array(fc.record({ day: fc.integer({ min: 1, max: 200 }), permille: fc.oneof(fc.integer({ min: 10, max: 900 }), fc.constant(0)) }), { maxLength: 3 }),
});

const bookArb = fc.record({
  kind: fc.constantFrom<DebtorKind>('consumer', 'business'),
  claims: fc.array(claimArb, { minLength: 1, maxLength: 4 }),
});

type Book = typeof bookArb extends fc.Arbitrary<infer T> ? T : never;

function claimsOf(book: Book): { claims: ClaimFacts[]; script: ScriptedAction[] } {
  const claims: ClaimFacts[] = [];
  const script: ScriptedAction[] = [];
  book.claims.forEach((c, i) => {
    const id = `M${i + 1}`;
    const invoiceDate = addDays(START, c.invoiceDay);
    claims.push({
      id,
      debtor: { id: `D${i + 1}`, kind: book.kind, name: `Debtor ${i + 1}`, email: `d${i + 1}@example.org`, address: ['Musterstr. 1', '10115 Berlin'] },
      principal: cents(c.principalCents),
      currency: 'EUR',
      invoiceDate,
      dueDate: addDays(invoiceDate, c.dueAfter),
      dueDateAgreed: c.dueDateAgreed,
      invoicePointedOut30DayRule: c.invoicePointedOut30DayRule,
      description: `Vertrag ${id}`,
      contractDate: invoiceDate,
    });
    for (const p of c.payments) {
      const date = addDays(invoiceDate, p.day);
      script.push(
        p.permille === 0
          ? { type: 'pay-in-full', claimId: id, date }
          : { type: 'pay', claimId: id, date, amount: cents(Math.max(1, Math.floor((c.principalCents * p.permille) / 1000))) },
      );
    }
  });
  return { claims, script };
}

function run(book: Book, mahnungDefault: MahnungDefault) {
  const input = book.kind === 'consumer' ? deB2cDefaultPolicyInput : deB2bDefaultPolicyInput;
  const policy = loadPolicy({ ...input, mahnungDefault });
  const { claims, script } = claimsOf(book);
  return { policy, result: simulate({ claims, policy, from: START, to: '2025-12-31', behaviour: { script }, seed: 1, statement: STATEMENT }) };
}

const defaultDay = (events: readonly ClaimEvent[]): IsoDate | undefined => events.find((e) => e.type === 'default-began')?.date;

describe("mahnungDefault 'after-deadline' against 'on-receipt' over random books (§ 286 Abs. 1, § 288 BGB)", () => {
  it("'after-deadline' never charges more default interest than 'on-receipt' for the same book, and never puts the debtor in default earlier; no guard is broken", () => {
    // Claims where the setting made a difference: the property must not pass because it changes nothing.
    let less = 0;
    fc.assert(
      fc.property(bookArb, (book) => {
        const onReceipt = run(book, 'on-receipt');
        const afterDeadline = run(book, 'after-deadline');
        afterDeadline.result.claims.forEach((claim, i) => {
          const other = onReceipt.result.claims[i];
          if (other === undefined) throw new Error(`claim ${claim.id} missing in the on-receipt run`);
          const after = claim.statement.interestAccrued.amount;
          const before = other.statement.interestAccrued.amount;
          expect(after.lte(before), `${claim.id}: interest ${after.toFixed(2)} after the deadline, ${before.toFixed(2)} on receipt`).toBe(true);
          if (after.lt(before)) less++;
          const a = defaultDay(claim.events);
          const b = defaultDay(other.events);
          if (a !== undefined) expect(b !== undefined && b <= a, `${claim.id}: default ${a} after the deadline, ${b ?? 'none'} on receipt`).toBe(true);
          expect(checkInvariants(claim.events, afterDeadline.policy), claim.id).toEqual([]);
        });
      }),
      { numRuns: 40 },
    );
    expect(less).toBeGreaterThan(0);
  });
});
