import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  addDays,
  checkInvariants,
  compare,
  daysInclusive,
  decide,
  isNegative,
  loadPolicy,
  money,
  multiply,
  openPartsForPayment,
  project,
  resolvePolicy,
  simulate,
  subtract,
  sum,
  zero,
  type BehaviourInput,
  type ClaimEvent,
  type ClaimFacts,
  type DebtorKind,
  type IsoDate,
  type Money,
  type Policy,
  type PolicySpec,
  type ScriptedAction,
  type SimulationInput,
  type SimulationResult,
} from '../../src/index.js';
import { Dec } from '../../src/money/decimal.js';

// Properties of `simulate` over random books and random debtor behaviour (engine design, issue #3):
//   (a) no event stream the engine writes ever breaks a guard (checkInvariants, guards.ts);
//   (b) every payment is allocated exactly (§ 367 Abs. 1 BGB): costs + interest + principal + unapplied = amount, no part negative;
//   (c) decide is idempotent: deciding again on the state with the decision appended gives no new events;
//   (d) simulate is a pure function of its input and seed;
//   (e) money is conserved: total = principal + fees charged + interest accrued − payments applied;
//   (f) a claim invoiced before the first day is created on it (claimCreationDay), nothing but
//       default-began is dated before it.
// and, beyond the brief, (b) § 367 against the finished ledger (back-dated events never leave
// interest behind a payment that reached the principal).
// Amounts are integer cents turned into decimal strings without floating-point arithmetic.
// Runtime: 3–7 s for the whole file on 2 cores (numRuns are sized for that; with 15× the runs every
// property passed too). At the end: defects seen with these properties, as regression tests (fixed)
// (all fixed by now).

const YEAR_START: IsoDate = '2025-01-01';
const YEAR_END: IsoDate = '2025-12-31';
const STATEMENT = { allowBeyondKnownBaseRate: true } as const;

function cents(n: number): string {
  const digits = String(n).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A lawful policy (loadPolicy checks it) that exercises what the built-ins do not: SMS on day 1
 * (Sunday/holiday rest), a tight contact limit (1 message per 7 days per debtor), two messages in
 * one stage, a hand-over to a lawyer with collection costs (§ 13f RDG), and a write-off stage.
 */
const densePolicy: Policy = loadPolicy({
  id: 'dense-test',
  version: 1,
  name: 'dense (test)',
  contactLimits: { maxMessages: 1, perDays: 7 },
  letterDeliveryDays: 2,
  installmentsMissedToDefault: 1,
  installmentGraceDays: 3,
  stages: [
    { id: 'sms-reminder', name: 'SMS', kind: 'reminder', trigger: { after: 'due-date', days: 1 }, actions: [{ type: 'send', channel: 'sms', template: 'reminder-sms' }] },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 3 },
      actions: [
        { type: 'send', channel: 'email', template: 'dunning-notice' },
        { type: 'set-deadline', days: 7 },
      ],
    },
    {
      id: 'final-notice',
      name: 'Letzte Mahnung',
      kind: 'final-notice',
      trigger: { after: 'previous-stage', days: 5 },
      actions: [
        { type: 'send', channel: 'letter', template: 'final-notice' },
        { type: 'send', channel: 'sms', template: 'final-notice-sms' },
        { type: 'set-deadline', days: 7 },
        { type: 'charge-creditor-fee', amount: '1.00' },
      ],
    },
    {
      id: 'lawyer',
      name: 'Anwalt',
      kind: 'handover',
      trigger: { after: 'previous-stage', days: 8 },
      actions: [
        { type: 'hand-over', to: 'lawyer' },
        { type: 'charge-collection-costs', case: 'auto' },
        { type: 'send', channel: 'letter', template: 'handover-lawyer' },
      ],
    },
    { id: 'write-off', name: 'Ausbuchung', kind: 'write-off', trigger: { after: 'default', days: 60 }, actions: [{ type: 'write-off' }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// Generators

interface ClaimSpec {
  kind: DebtorKind;
  debtor: number;
  principalCents: number;
  invoiceDay: number;
  dueAfter: number;
  dueDateIsCalendarDate: boolean;
  invoicePointedOut30DayRule: boolean;
  claimKind: 'entgelt' | 'other';
  oldContract: boolean;
  phone: boolean;
  currency: 'EUR' | 'CHF';
  /** The claim carries description and contractDate (a consumer's is handed over only then, § 13a Abs. 1 Nr. 2 RDG). */
  claimReason: boolean;
}

type ActionSpec =
  | { type: 'pay'; day: number; permille: number }
  | { type: 'pay-in-full'; day: number }
  | { type: 'dispute'; day: number; resolveAfter: number | null; outcome: 'debtor-right' | 'creditor-right' | 'partial' }
  | { type: 'hold'; day: number; until: number | null; interestRuns: boolean; liftAfter: number | null }
  | { type: 'installment-plan'; day: number; count: number; every: number; pays: number };

const claimArb: fc.Arbitrary<ClaimSpec> = fc.record({
  kind: fc.constantFrom<DebtorKind>('consumer', 'business'),
  debtor: fc.integer({ min: 0, max: 3 }), // a small pool: several claims of one debtor share the contact limit
  principalCents: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 10_000, max: 5_000_000 })),
  invoiceDay: fc.integer({ min: 0, max: 364 }),
  dueAfter: fc.integer({ min: 0, max: 45 }),
  dueDateIsCalendarDate: fc.boolean(),
  invoicePointedOut30DayRule: fc.boolean(),
  claimKind: fc.constantFrom<'entgelt' | 'other'>('entgelt', 'entgelt', 'entgelt', 'other'),
  // An obligation from before 2014-07-29: no flat fee (Art. 229 § 34 EGBGB) even for a business.
  oldContract: fc.constantFrom(false, false, false, true),
  phone: fc.boolean(),
  currency: fc.constantFrom<'EUR' | 'CHF'>('EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'CHF'),
  // Mostly with the reason of the claim, so consumers reach the Inkasso stages; sometimes without (guard.agency-handover-needs-claim-reason).
  claimReason: fc.constantFrom(true, true, true, false),
});

/** Days are counted from the claim's invoice date. */
const actionArb: fc.Arbitrary<ActionSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('pay' as const), day: fc.integer({ min: 0, max: 300 }), permille: fc.integer({ min: 1, max: 1_300 }) }) },
  // Not on the invoice day itself: simulate then asks for the statement of the day before (KNOWN DEFECT below).
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pay-in-full' as const), day: fc.integer({ min: 1, max: 300 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('dispute' as const),
      day: fc.integer({ min: 0, max: 200 }),
      resolveAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      outcome: fc.constantFrom<'debtor-right' | 'creditor-right' | 'partial'>('debtor-right', 'creditor-right', 'partial'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('hold' as const),
      day: fc.integer({ min: 0, max: 200 }),
      until: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      interestRuns: fc.boolean(),
      liftAfter: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('installment-plan' as const),
      day: fc.integer({ min: 0, max: 150 }),
      count: fc.integer({ min: 1, max: 4 }),
      every: fc.integer({ min: 7, max: 31 }),
      pays: fc.integer({ min: 0, max: 4 }),
    }),
  },
);

const modelArb = fc.option(
  fc.record({
    payAfterMessage: fc.constantFrom(0, 0.2, 0.5, 0.9),
    partialShare: fc.constantFrom(0, 0.5, 1),
    disputeAfterMessage: fc.constantFrom(0, 0.1, 0.3),
    payWithinDays: fc.constantFrom<[number, number]>([0, 3], [2, 12], [10, 40]),
  }),
  { nil: undefined },
);

const bookArb = fc.record({
  claims: fc.array(fc.record({ claim: claimArb, actions: fc.array(actionArb, { maxLength: 4 }) }), { minLength: 1, maxLength: 6 }),
  model: modelArb,
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  policy: fc.constantFrom<'auto' | 'dense'>('auto', 'auto', 'dense'),
  /** Days simulated after 2025-01-01: to the end of 2025, or into 2026. */
  days: fc.constantFrom(365, 365, 500),
  /** First simulated day after 2025-01-01: mostly 0; sometimes the run starts after claims were invoiced (due, in default, past stages). */
  fromOffset: fc.constantFrom(0, 0, 0, 45, 120),
});

type BookSpec = typeof bookArb extends fc.Arbitrary<infer T> ? T : never;

function toInput(spec: BookSpec): SimulationInput {
  const claims: ClaimFacts[] = [];
  const script: ScriptedAction[] = [];
  const from = addDays(YEAR_START, spec.fromOffset);
  spec.claims.forEach(({ claim: c, actions: generated }, i) => {
    // simulate derives dispute and hold ids from claim and day, so two on one day of one claim
    // collide (KNOWN DEFECT, see the end of this file); keep one per day — actions dated before
    // `from` are moved to `from` below — and leave disputes to the model when it opens disputes itself.
    const invoice = addDays(YEAR_START, c.invoiceDay);
    const days = new Set<string>();
    const actions = generated.filter((a) => {
      if (a.type !== 'dispute' && a.type !== 'hold') return true;
      if (a.type === 'dispute' && spec.model !== undefined && spec.model.disputeAfterMessage > 0) return false;
      const booked = addDays(invoice, a.day) < from ? from : addDays(invoice, a.day);
      const key = `${a.type}:${booked}`;
      if (days.has(key)) return false;
      days.add(key);
      return true;
    });
    const id = `C${i + 1}`;
    const invoiceDate = addDays(YEAR_START, c.invoiceDay);
    const principal = cents(c.principalCents);
    claims.push({
      id,
      debtor: {
        // Debtor ids per kind, so that one debtor's claims share one policy ('auto') and its contact limit.
        id: `${c.kind}-${c.debtor}`,
        kind: c.kind,
        name: `Debtor ${c.kind} ${c.debtor}`,
        email: `d${c.debtor}@example.org`,
        ...(c.phone ? { phone: '+4915112345678' } : {}),
      },
      principal,
      currency: c.currency,
      invoiceDate,
      dueDate: addDays(invoiceDate, c.dueAfter),
      dueDateIsCalendarDate: c.dueDateIsCalendarDate,
      invoicePointedOut30DayRule: c.invoicePointedOut30DayRule,
      claimKind: c.claimKind,
      ...(c.oldContract ? { contractDate: '2014-03-01' } : c.claimReason ? { contractDate: invoiceDate } : {}),
      ...(c.claimReason ? { description: `Vertrag ${id}` } : {}),
    });
    // simulate rejects debtor actions dated before the first simulated day: book them on `from` at the earliest.
    const at = (d: number): IsoDate => (addDays(invoiceDate, d) < from ? from : addDays(invoiceDate, d));
    for (const a of actions) {
      switch (a.type) {
        case 'pay':
          // A share of the principal: from 0.1 % to 130 % (overpayment), at least one cent.
          script.push({ type: 'pay', claimId: id, date: at(a.day), amount: cents(Math.max(1, Math.floor((c.principalCents * a.permille) / 1000))) });
          break;
        case 'pay-in-full':
          script.push({ type: 'pay-in-full', claimId: id, date: at(a.day) });
          break;
        case 'dispute':
          script.push({ type: 'dispute', claimId: id, date: at(a.day) });
          if (a.resolveAfter !== null) script.push({ type: 'resolve-dispute', claimId: id, date: at(a.day + a.resolveAfter), outcome: a.outcome });
          break;
        case 'hold':
          script.push({
            type: 'hold',
            claimId: id,
            date: at(a.day),
            interestRuns: a.interestRuns,
            note: 'random hold',
            ...(a.until === null ? {} : { until: at(a.day + a.until) }),
          });
          if (a.liftAfter !== null) script.push({ type: 'lift-hold', claimId: id, date: at(a.day + a.liftAfter) });
          break;
        case 'installment-plan': {
          // Installments of equal cents; the last takes the remainder.
          const part = Math.max(1, Math.floor(c.principalCents / a.count));
          const installments = Array.from({ length: a.count }, (_, k) => ({
            dueDate: at(a.day + a.every * (k + 1)),
            amount: cents(k === a.count - 1 ? Math.max(1, c.principalCents - part * (a.count - 1)) : part),
          }));
          script.push({ type: 'installment-plan', claimId: id, date: at(a.day), installments, paysInstallments: Math.min(a.pays, a.count) });
          break;
        }
      }
    }
  });
  const behaviour: BehaviourInput = { script, ...(spec.model === undefined ? {} : { model: spec.model }) };
  return {
    claims,
    policy: spec.policy === 'dense' ? densePolicy : 'auto',
    from,
    to: addDays(YEAR_START, spec.days - 1),
    behaviour,
    seed: spec.seed,
    statement: STATEMENT,
  };
}

function policyOf(input: SimulationInput, facts: ClaimFacts): Policy {
  return resolvePolicy(input.policy as PolicySpec, facts.debtor.kind);
}

/** Simulates a book. */
function run(spec: BookSpec): { input: SimulationInput; result: SimulationResult } {
  const input = toInput(spec);
  return { input, result: simulate(input) };
}

const parts = (e: Extract<ClaimEvent, { type: 'payment-received' }>, cur: string): Money[] =>
  [e.allocation.costs, e.allocation.interest, e.allocation.principal, e.allocation.unapplied].map((x) => money(x, cur));

// ---------------------------------------------------------------------------------------------

describe('simulate over random books and random debtor behaviour', () => {
  it('(a) no guard is ever broken: checkInvariants(events, policy) is [] for every claim and for every debtor across its claims (guards.ts, §§ 286, 288 Abs. 5 BGB, § 13e RDG, § 7 UWG)', () => {
    fc.assert(
      fc.property(bookArb, (spec) => {
        const { input, result } = run(spec);
        for (const claim of result.claims) {
          const policy = policyOf(input, claim.facts);
          expect(checkInvariants(claim.events, policy), claim.id).toEqual([]);
        }
        // The contact limit holds per debtor over all its claims (one policy per debtor kind).
        const byDebtor = new Map<string, ClaimEvent[]>();
        for (const claim of result.claims) {
          const list = byDebtor.get(claim.facts.debtor.id) ?? [];
          list.push(...claim.events);
          byDebtor.set(claim.facts.debtor.id, list);
        }
        for (const [debtor, events] of byDebtor) {
          const first = result.claims.find((c) => c.facts.debtor.id === debtor);
          if (first === undefined) continue;
          expect(checkInvariants(events, policyOf(input, first.facts)), debtor).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('(b) every payment is allocated exactly (§ 367 Abs. 1 BGB): costs + interest + principal + unapplied == amount, no part negative, amounts to the cent', () => {
    fc.assert(
      fc.property(bookArb, (spec) => {
        const { result } = run(spec);
        for (const claim of result.claims) {
          const cur = claim.facts.currency;
          for (const e of claim.events) {
            if (e.type !== 'payment-received') continue;
            const p = parts(e, cur);
            expect(sum(p, cur).amount.equals(money(e.amount, cur).amount), `${claim.id} ${e.paymentId}`).toBe(true);
            for (const x of p) expect(isNegative(x), `${claim.id} ${e.paymentId} ${JSON.stringify(e.allocation)}`).toBe(false);
            for (const s of [e.amount, e.allocation.costs, e.allocation.interest, e.allocation.principal, e.allocation.unapplied]) expect(s).toMatch(/^\d+\.\d{2}$/);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('(b) § 367 Abs. 1 BGB holds against the final ledger: a payment that reaches the principal has paid all costs and interest open at the end of the day before, as the finished timeline shows them', () => {
    // The allocation is made when the payment comes in; events appended later but dated earlier
    // (default-began is dated the first day of default) must not leave interest behind that the
    // payment should have paid first — whether the run starts before or after the claims fell due.
    fc.assert(
      fc.property(bookArb, (spec) => {
        const { input, result } = run(spec);
        for (const claim of result.claims) {
          const cur = claim.facts.currency;
          claim.events.forEach((e, k) => {
            if (e.type !== 'payment-received') return;
            if (money(e.allocation.principal, cur).amount.isZero() && money(e.allocation.unapplied, cur).amount.isZero()) return;
            const before = claim.events.filter((x, i) => !(x.type === 'payment-received' && i >= k));
            const open = openPartsForPayment(project(before), e.date, input.statement);
            const where = `${claim.id} ${e.paymentId} on ${e.date}: ${JSON.stringify(e.allocation)}`;
            expect(e.allocation.costs, where).toBe(open.costs.amount.toFixed(2));
            expect(e.allocation.interest, where).toBe(open.interest.amount.toFixed(2));
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('(c) decide is idempotent: decide(state, policy, day), then decide(project([...events, ...new]), policy, day) gives no new events — also with the messages sent', () => {
    // States: a random book simulated to a random last day; days: that day up to 120 days later.
    const caseArb = fc.record({
      book: bookArb,
      stopAfter: fc.integer({ min: 0, max: 364 }),
      later: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(caseArb, ({ book, stopAfter, later }) => {
        const full = toInput(book);
        const to = addDays(YEAR_START, Math.max(stopAfter, book.fromOffset));
        // A claim invoiced after `to` makes simulate throw (KNOWN DEFECT, see the end of this file): leave such claims out.
        const claims = full.claims.filter((c) => c.invoiceDate <= to);
        fc.pre(claims.length > 0);
        const ids = new Set(claims.map((c) => c.id));
        const script = (full.behaviour?.script ?? []).filter((a) => ids.has(a.claimId));
        const input: SimulationInput = { ...full, claims, to, behaviour: { ...full.behaviour, script } };
        const result = simulate(input);
        for (const claim of result.claims) {
          const policy = policyOf(input, claim.facts);
          const state = project(claim.events);
          for (const k of later) {
            const day = addDays(input.to, k);
            const context = { statement: STATEMENT };
            const first = decide(state, policy, day, context);
            if (first.nextReviewAt !== null) expect(first.nextReviewAt > day, `${claim.id} ${day}: nextReviewAt ${first.nextReviewAt}`).toBe(true);
            const after = [...claim.events, ...first.events];
            const again = decide(project(after), policy, day, context);
            expect(again.events, `${claim.id} on ${day}`).toEqual([]);
            const sent: ClaimEvent[] = first.events.flatMap((e) =>
              e.type === 'message-queued' ? [{ type: 'message-sent', claimId: e.claimId, date: day, messageId: e.messageId, channel: e.channel }] : [],
            );
            if (sent.length > 0) expect(decide(project([...after, ...sent]), policy, day, context).events, `${claim.id} on ${day}, sent`).toEqual([]);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('(d) simulate is deterministic for a seed: the same input twice gives deep-equal results', () => {
    fc.assert(
      fc.property(bookArb, (spec) => {
        const a = simulate(toInput(spec));
        const b = simulate(toInput(spec));
        expect(b).toEqual(a);
      }),
      { numRuns: 15 },
    );
  });

  it('(d) with a behaviour model, different seeds may give different timelines (the seed drives the model, nothing else does)', () => {
    const claims: ClaimFacts[] = Array.from({ length: 12 }, (_, i) => ({
      id: `S${i + 1}`,
      debtor: { id: `D${i + 1}`, kind: i % 2 === 0 ? 'consumer' : 'business', name: `Debtor ${i + 1}` },
      principal: '500.00',
      currency: 'EUR',
      invoiceDate: '2025-02-03',
      dueDate: '2025-02-17',
    }));
    const input = (seed: number): SimulationInput => ({
      claims,
      policy: 'auto',
      from: YEAR_START,
      to: YEAR_END,
      seed,
      behaviour: { model: { payAfterMessage: 0.5, partialShare: 0.5, disputeAfterMessage: 0.1 } },
    });
    const results = [1, 2, 3].map((seed) => simulate(input(seed)));
    expect(results.some((r) => JSON.stringify(r.events) !== JSON.stringify(results[0]?.events))).toBe(true);
    // Without a model the seed changes nothing.
    const plain = (seed: number) => simulate({ ...input(seed), behaviour: {} });
    expect(plain(2)).toEqual(plain(1));
  });

  it('(f) a claim invoiced before the first day is created on the first day (claimCreationDay: the later of invoice day and `from`, as a host that starts then records it) and no event is dated before `from` but default-began (the first day of default)', () => {
    let before = 0;
    fc.assert(
      fc.property(bookArb, (spec) => {
        const { input, result } = run(spec);
        for (const claim of result.claims) {
          // By hand: the later of the two days, compared as ISO strings.
          const created = claim.facts.invoiceDate < input.from ? input.from : claim.facts.invoiceDate;
          if (claim.facts.invoiceDate < input.from) before++;
          expect(claim.events[0], claim.id).toMatchObject({ type: 'claim-created', date: created });
          for (const e of claim.events) if (e.date < input.from) expect(e.type, `${claim.id} ${e.date}`).toBe('default-began');
        }
      }),
      { numRuns: 40 },
    );
    // The books held such claims (fromOffset 45 and 120).
    expect(before).toBeGreaterThan(0);
  });

  it('(e) money is conserved: statement total at the end == principal + fees charged (less reductions) + interest accrued − payments applied (§§ 288, 367 BGB)', () => {
    fc.assert(
      fc.property(bookArb, (spec) => {
        const { input, result } = run(spec);
        for (const claim of result.claims) {
          const cur = claim.facts.currency;
          // Fees charged, less later reductions of them (fee-reduced: collection costs lowered to the
          // simple-case fee when paid within two weeks, Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG).
          const fees = sum(
            claim.events.flatMap((e) => (e.type === 'fee-charged' ? [money(e.amount, cur)] : e.type === 'fee-reduced' ? [multiply(money(e.amount, cur), '-1')] : [])),
            cur,
          );
          const applied = sum(
            claim.events.flatMap((e) => (e.type === 'payment-received' ? parts(e, cur).slice(0, 3) : [])),
            cur,
          );
          const unapplied = sum(
            claim.events.flatMap((e) => (e.type === 'payment-received' ? [money(e.allocation.unapplied, cur)] : [])),
            cur,
          );
          const paid = sum(
            claim.events.flatMap((e) => (e.type === 'payment-received' ? [money(e.amount, cur)] : [])),
            cur,
          );
          const s = claim.statement;
          expect(s.asOf).toBe(input.to);
          const expected = subtract(add(add(money(claim.facts.principal, cur), fees), s.interestAccrued), applied);
          expect(s.total.amount.toFixed(2), claim.id).toBe(expected.amount.toFixed(2));
          // Every cent paid is either applied or reported unapplied.
          expect(add(applied, unapplied).amount.equals(paid.amount)).toBe(true);
          expect(s.unapplied.amount.equals(unapplied.amount)).toBe(true);
          // The parts add up, and none is negative (nothing is over-applied, a fee reduction never
          // takes back more than is still open of the fee).
          expect(add(add(s.principal, s.interest), s.costs).amount.equals(s.total.amount)).toBe(true);
          for (const part of [s.principal, s.interest, s.costs]) expect(isNegative(part), `${claim.id} ${JSON.stringify(s)}`).toBe(false);
          // Interest is never more than the highest § 288 rate of the period (base 2.27 % + 9 pp = 11.27 %,
          // facts file § 1) on the full principal for every day of the run, plus a cent per line of rounding.
          const days = daysInclusive(claim.facts.invoiceDate, input.to);
          const bound = add(
            multiply(money(claim.facts.principal, cur), new Dec('0.1127').times(days).div(365)),
            multiply(money('0.01', cur), String(s.lines.length)),
          );
          expect(compare(s.interestAccrued, bound) <= 0, `${claim.id} interest ${s.interestAccrued.amount} > ${bound.amount}`).toBe(true);
          expect(compare(s.interestAccrued, zero(cur)) >= 0).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Defects seen with the properties above, pinned as examples. Fixed ones stay as regression tests;
// (all of them are fixed by now).

const claim = (id: string, invoiceDate: IsoDate, dueDate: IsoDate, principal = '100.00'): ClaimFacts => ({
  id,
  debtor: { id: `D-${id}`, kind: 'consumer', name: `Debtor ${id}` },
  principal,
  currency: 'EUR',
  invoiceDate,
  dueDate,
});

describe('regressions: simulate defects seen while writing these properties, since fixed', () => {
  it('§ 367 Abs. 1 BGB with a run starting after default: the payment first pays the interest of 2025-02-18..2025-02-28, then principal', () => {
    // 100.00 EUR, consumer, agreed calendar due date 2025-02-17: default from 2025-02-18 (§ 286 Abs. 2 Nr. 1 BGB).
    // Interest 2025-02-18..2025-02-28 = 100.00 × 7.27 % (base 2.27 + 5) × 11/365 = 0.2191 → 0.22.
    // A payment of 100.00 received on 2025-03-01 pays interest 0.22 and principal 99.78 (§ 367 Abs. 1 BGB).
    // (Regression: simulate used to book the payment before deciding on the first
    // visited day, so default-began came after it and the payment went wholly to principal.)
    const result = simulate({
      claims: [{ ...claim('A', '2025-02-03', '2025-02-17'), dueDateAgreed: true }],
      policy: 'auto',
      from: '2025-03-01',
      to: '2025-06-01',
      payments: [{ claimId: 'A', date: '2025-03-01', amount: '100.00' }],
    });
    const payment = result.events.find((e) => e.type === 'payment-received');
    expect(payment?.type === 'payment-received' ? payment.allocation : null).toEqual({ costs: '0.00', interest: '0.22', principal: '99.78', unapplied: '0.00' });
  });

  it('a Mahnung by letter starts default the day after its receipt: the claim is looked at that day, so a later payment pays the interest first (§§ 286 Abs. 1, 367 Abs. 1 BGB)', () => {
    // 100.00 EUR consumer, invoice and due 2025-01-01, no calendar due date, no 30-day notice on the
    // invoice: only a Mahnung puts the debtor in default (§ 286 Abs. 1 BGB). Built-in de-b2c-default:
    // reminder (e-mail) 2025-01-08 = due + 7; Mahnung (letter) 2025-01-22 = reminder + 14, received
    // 2025-01-25 (letterDeliveryDays 3), default from 2025-01-26.
    // Payment of 100.00 on 2025-02-05: interest 2025-01-26..2025-02-04 = 100.00 × 7.27 % (2.27 + 5) × 10/365
    // = 0.1992 → 0.20; § 367 Abs. 1 BGB: interest 0.20, principal 99.80.
    // (Regression: simulate used to keep the review day decide chose before
    // message-sent existed, so 01-26 was not visited and the payment went wholly to principal.)
    const result = simulate({
      claims: [
        {
          id: 'C1',
          debtor: { id: 'consumer-0', kind: 'consumer', name: 'Debtor', email: 'd0@example.org' },
          principal: '100.00',
          currency: 'EUR',
          invoiceDate: '2025-01-01',
          dueDate: '2025-01-01',
          dueDateIsCalendarDate: false,
          invoicePointedOut30DayRule: false,
        },
      ],
      policy: 'auto',
      from: '2025-01-01',
      to: '2025-03-01',
      payments: [{ claimId: 'C1', date: '2025-02-05', amount: '100.00' }],
    });
    const events = result.claims[0]?.events ?? [];
    const began = events.findIndex((e) => e.type === 'default-began');
    const paid = events.findIndex((e) => e.type === 'payment-received');
    expect(events[began]?.date).toBe('2025-01-26');
    expect(began).toBeLessThan(paid);
    const payment = events[paid];
    expect(payment?.type === 'payment-received' ? payment.allocation : null).toEqual({ costs: '0.00', interest: '0.20', principal: '99.80', unapplied: '0.00' });
  });

  it('a scripted payment of 0.00 is rejected by validation naming behaviour.script[0].amount, before anything runs', () => {
    expect(() =>
      simulate({
        claims: [claim('A', '2025-02-03', '2025-02-17')],
        policy: 'auto',
        from: '2025-01-01',
        to: '2025-06-01',
        behaviour: { script: [{ type: 'pay', claimId: 'A', date: '2025-03-01', amount: '0.00' }] },
      }),
    ).toThrow(/behaviour\.script\[0\]\.amount/);
  });

  it('a payment dated before `from` is rejected by validation naming payments[0].date (it would otherwise be booked on a day it was not made)', () => {
    expect(() =>
      simulate({
        claims: [claim('A', '2025-02-03', '2025-02-17')],
        policy: 'auto',
        from: '2025-03-01',
        to: '2025-06-01',
        payments: [{ claimId: 'A', date: '2025-02-10', amount: '100.00' }],
      }),
    ).toThrow(/payments\[0\]\.date/);
  });
  // Both below: built-in de-b2c-default, consumer, invoice 2025-01-02, due 2025-01-16 (calendar date):
  // default 2025-01-17, reminder 01-23, Mahnung 02-06, letzte Mahnung 02-27 (1.00 EUR fee), hand-over
  // 2025-03-16 with collection costs, whose letter is the agency's first demand (two weeks: to 2025-03-31,
  // § 193 BGB). Paying in full within them makes the case simple: only a 0.5 Geschäftsgebühr
  // (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG), booked as fee-reduced.

  it('a fee reduction larger than the unpaid rest of the costs is credited, not left as negative costs beside open principal', () => {
    // 22.64 EUR: collection costs 0.9 × 30.00 (§ 13 Abs. 2 RVG, claims to 50 EUR) + 20 % = 32.40; costs 33.40.
    // 2025-03-18 pays 19.01, all to costs (§ 367 Abs. 1 BGB): 14.39 of the costs stay open.
    // 2025-03-25 pay-in-full: simple case 0.5 × 30.00 + 20 % = 18.00, reduction 14.40 — 0.01 more than is open.
    // (Regression: the reduction used to be booked in full and the claim settled with principal 0.01
    // and costs −0.01.)
    const result = simulate({
      claims: [claim('K1', '2025-01-02', '2025-01-16', '22.64')],
      policy: 'auto',
      from: '2025-01-02',
      to: '2025-04-30',
      behaviour: {
        script: [
          { type: 'pay', claimId: 'K1', date: '2025-03-18', amount: '19.01' },
          { type: 'pay-in-full', claimId: 'K1', date: '2025-03-25' },
        ],
      },
    });
    const s = result.claims[0]?.statement;
    expect(result.claims[0]?.status).toBe('settled');
    expect([s?.principal, s?.interest, s?.costs].map((m) => m?.amount.toFixed(2))).toEqual(['0.00', '0.00', '0.00']);
  });

  it('pay-in-full after the costs were paid settles the claim: the amount simulate pays is the amount that settles it', () => {
    // 1000.00 EUR: collection costs 95.04 on 2025-03-16; 2025-03-18 pays 200.00 (costs 96.04, interest 11.95,
    // principal 92.01). 2025-03-25 pay-in-full: amountToSettle lowers the total by the simple-case reduction
    // (42.24). (Regression: the debtor used to pay 867.02, which bookIncomingPayment then found did
    // not settle — the costs were already paid — so no reduction was booked, 42.24 principal stayed
    // open and the claim went to court dunning on 2025-04-15 with a 36.00 EUR court fee.)
    const result = simulate({
      claims: [claim('K1', '2025-01-02', '2025-01-16', '1000.00')],
      policy: 'auto',
      from: '2025-01-02',
      to: '2025-04-30',
      behaviour: {
        script: [
          { type: 'pay', claimId: 'K1', date: '2025-03-18', amount: '200.00' },
          { type: 'pay-in-full', claimId: 'K1', date: '2025-03-25' },
        ],
      },
    });
    expect(result.claims[0]?.status).toBe('settled');
  });
});

describe('regressions: simulate defects found by these properties, since fixed', () => {
  it('a plan agreed at the Inkasso stage on the day a hold is placed charges no Einigungsgebühr (guard.no-escalation-during-hold; seed 2072226573 of (a), CI 2026-12-02)', () => {
    // The shrunk counterexample: a consumer claim of 100.00 handed over on 2025-03-01; hold (no end) and
    // a one-installment plan both on 2025-03-02. The plan used to charge Nr. 1000 VV RVG during the hold.
    const { input, result } = run({
      claims: [
        { claim: { kind: 'consumer', debtor: 0, principalCents: 10000, invoiceDay: 0, dueAfter: 0, dueDateIsCalendarDate: false, invoicePointedOut30DayRule: false, claimKind: 'entgelt', oldContract: false, phone: false, currency: 'EUR', claimReason: true }, actions: [
          { type: 'hold', day: 60, until: null, interestRuns: false, liftAfter: null },
          { type: 'installment-plan', day: 60, count: 1, every: 7, pays: 0 },
        ] },
      ],
      model: undefined,
      seed: 0,
      policy: 'auto',
      days: 365,
      fromOffset: 0,
    } as BookSpec);
    const c1 = result.claims[0];
    expect(c1?.events.some((e) => e.type === 'handed-over' && e.date === '2025-03-01')).toBe(true);
    expect(c1?.events.some((e) => e.type === 'installment-plan-agreed' && e.date === '2025-03-02')).toBe(true);
    expect(c1?.events.filter((e) => e.type === 'fee-charged' && e.kind === 'agreement-fee')).toEqual([]);
    expect(c1 && checkInvariants(c1.events, policyOf(input, c1.facts))).toEqual([]);
  });

  it('a claim invoiced after `to` is refused before the run with a ValidationError naming claims[1].invoiceDate (it used to throw DateError from the final statement)', () => {
    expect(() => simulate({ claims: [claim('A', '2025-02-03', '2025-02-17'), claim('B', '2025-06-01', '2025-06-15')], policy: 'auto', from: '2025-01-01', to: '2025-03-01' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'claims[1].invoiceDate' }),
    );
  });

  it('two disputes (or holds) of one claim on one day are two records — simulate must not derive equal ids and throw mid-run', () => {
    const result = simulate({
      claims: [claim('A', '2025-02-03', '2025-02-17')],
      policy: 'auto',
      from: '2025-01-01',
      to: '2025-06-01',
      behaviour: {
        script: [
          { type: 'dispute', claimId: 'A', date: '2025-03-01' },
          { type: 'dispute', claimId: 'A', date: '2025-03-01' },
        ],
      },
    });
    expect(result.claims[0]?.status).toBe('disputed');
  });

  it('pay-in-full on the invoice day pays the principal (simulate must not ask for the statement of the day before the invoice)', () => {
    const result = simulate({
      claims: [claim('A', '2025-02-03', '2025-02-17')],
      policy: 'auto',
      from: '2025-01-01',
      to: '2025-03-01',
      behaviour: { script: [{ type: 'pay-in-full', claimId: 'A', date: '2025-02-03' }] },
    });
    expect(result.claims[0]?.status).toBe('settled');
  });
});
