// A reproducible book for the benchmarks: consumer and business claims invoiced over the first 60
// days of 2025, principals from 19.90 to 9,000.00 EUR, under the built-in policies ('auto') and a
// behaviour model (some debtors pay after a message, some in part, a few dispute).
import {
  addDays,
  allocateIncomingPayment,
  createPrng,
  evolve,
  money,
  project,
  reverseIncomingPayment,
  simulate,
  type BehaviourInput,
  type ClaimEvent,
  type ClaimFacts,
  type ClaimState,
  type IsoDate,
  type SimulationInput,
} from '../src/index.js';

/** The first simulated day. */
export const benchFrom: IsoDate = '2025-01-01';

/** The benchmarks' behaviour model. */
export const benchBehaviour: BehaviourInput = {
  model: { payAfterMessage: 0.3, partialShare: 0.2, disputeAfterMessage: 0.05, payWithinDays: [2, 12] },
};

/**
 * Makes `size` claims (30 % business; consumers with description and contract date), deterministic for the seed.
 *
 * @param size - number of claims
 * @param seed - seed of the generator
 */
export function benchClaims(size: number, seed = 42): ClaimFacts[] {
  const rng = createPrng(seed);
  const claims: ClaimFacts[] = [];
  for (let n = 1; n <= size; n++) {
    const business = rng.chance(0.3);
    const invoiceDate = addDays(benchFrom, rng.int(0, 59));
    const cents = business ? rng.int(20_000, 900_000) : rng.int(1_990, 150_000);
    claims.push({
      id: `B-${String(n).padStart(6, '0')}`,
      debtor: { id: `D-${n}`, kind: business ? 'business' : 'consumer', name: `Debtor ${n}`, email: `d${n}@example.org` },
      principal: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      currency: 'EUR',
      invoiceDate,
      dueDate: addDays(invoiceDate, business ? 30 : 14),
      invoicePointedOut30DayRule: true,
      // What the agency's first letter to a consumer names (§ 13a Abs. 1 Nr. 2 RDG): without them the
      // engine hands no consumer claim over. Drawn from nothing, so the book is otherwise the same.
      ...(business ? {} : { description: `Bestellung B-${String(n).padStart(6, '0')}`, contractDate: addDays(invoiceDate, -1) }),
    });
  }
  return claims;
}

/**
 * The simulation input of a benchmark run.
 *
 * @param size - number of claims
 * @param days - number of simulated days from 2025-01-01
 */
export function benchInput(size: number, days: number): SimulationInput {
  return {
    claims: benchClaims(size),
    policy: 'auto',
    from: benchFrom,
    to: addDays(benchFrom, days - 1),
    behaviour: benchBehaviour,
    seed: 7,
  };
}

/** The events of one claim of the decide mix, the ends of its decision points and their days. */
export interface DecideMixClaim {
  /** Every event of the claim after the simulated year. */
  readonly events: ClaimEvent[];
  /** Decision point k decides on `events.slice(0, ends[k])` ... */
  readonly ends: number[];
  /** ... on day `days[k]`. */
  readonly days: IsoDate[];
}

/**
 * The decide mix of the benchmarks: every point of a simulated year of the bench book (`size`
 * claims) at which the engine decided something — the claim's events before that decision and its
 * day; a run of events written by the engine (events with a `policy`) starts such a point — plus
 * each claim's state at the end on the last day (a review that usually finds nothing to do).
 *
 * @param size - number of claims
 */
export function decideMix(size: number): DecideMixClaim[] {
  const input = benchInput(size, 365);
  const result = simulate(input);
  return result.claims.map((c) => {
    const ends: number[] = [];
    const days: IsoDate[] = [];
    c.events.forEach((e, k) => {
      const prev = c.events[k - 1];
      // k > 0: the claim-created event starts no decision point (it carries a policy since the engine's deciders, not at d3c49c4).
      if (k > 0 && e.policy !== undefined && (prev === undefined || prev.policy === undefined || prev.date !== e.date)) {
        ends.push(k);
        days.push(e.date);
      }
    });
    ends.push(c.events.length);
    days.push(input.to);
    return { events: [...c.events], ends, days };
  });
}

/**
 * A claim of 100,000.00 EUR (business debtor) in default from 2025-02-01 with `count` payments of
 * 10.00 EUR on the principal, one every other day from 2025-02-02, and the day after the last one.
 *
 * @param count - number of payments
 */
export function manyPayments(count: number): { events: ClaimEvent[]; asOf: IsoDate } {
  const claimId = 'S-1';
  const events: ClaimEvent[] = [
    {
      type: 'claim-created',
      claimId,
      date: '2025-01-01',
      claim: {
        id: claimId,
        debtor: { id: 'D-1', kind: 'business', name: 'Debtor GmbH' },
        principal: '100000.00',
        currency: 'EUR',
        invoiceDate: '2025-01-01',
        dueDate: '2025-01-31',
      },
    },
    { type: 'default-began', claimId, date: '2025-02-01', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
  ];
  let date: IsoDate = '2025-02-02';
  for (let n = 1; n <= count; n++) {
    events.push({
      type: 'payment-received',
      claimId,
      date,
      paymentId: `P-${n}`,
      amount: '10.00',
      allocation: { costs: '0.00', interest: '0.00', principal: '10.00', unapplied: '0.00' },
    });
    date = addDays(date, 2);
  }
  return { events, asOf: date };
}

/**
 * A claim paid by a standing order that kept running: a consumer claim of `count` × 5.00 EUR (not
 * in default: no interest, no costs), `count` payments of 10.00 EUR, one a day from 2025-02-01, each
 * allocated by the engine (allocateIncomingPayment) — the first half pay the principal, the rest are
 * surplus (`unapplied`). Every fourth payment is refunded 4.00 EUR the next day and every tenth
 * charged back 10.00 EUR three days later (reverseIncomingPayment: a refund undoes the surplus first,
 * a chargeback of a payment on the principal makes it owed again). For count = 1,000: 1,000 payments,
 * 250 refunds and 100 chargebacks (payments 20, 40 … are both).
 *
 * @param count - number of payments (a multiple of 2)
 */
export function standingOrder(count: number): ClaimState {
  const claimId = 'SO-1';
  let state = project([
    {
      type: 'claim-created',
      claimId,
      date: '2025-01-01',
      claim: {
        id: claimId,
        debtor: { id: 'D-1', kind: 'consumer', name: 'Debtor' },
        principal: `${count * 5}.00`,
        currency: 'EUR',
        invoiceDate: '2025-01-01',
        dueDate: '2025-12-31',
      },
    },
  ]);
  const later: { date: IsoDate; reversalId: string; paymentId: string; kind: 'refund' | 'chargeback'; amount: string }[] = [];
  const book = (upTo: IsoDate): void => {
    later.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    while (later.length > 0 && (later[0] as (typeof later)[number]).date <= upTo) {
      const r = later.shift() as (typeof later)[number];
      for (const e of reverseIncomingPayment(state, { ...r, amount: money(r.amount) })) state = evolve(state, e);
    }
  };
  let date: IsoDate = '2025-02-01';
  for (let n = 1; n <= count; n++) {
    book(date);
    state = evolve(state, allocateIncomingPayment(state, { paymentId: `P-${n}`, amount: money('10.00'), date }));
    if (n % 4 === 0) later.push({ date: addDays(date, 1), reversalId: `R-${n}`, paymentId: `P-${n}`, kind: 'refund', amount: '4.00' });
    if (n % 10 === 0) later.push({ date: addDays(date, 3), reversalId: `C-${n}`, paymentId: `P-${n}`, kind: 'chargeback', amount: n % 4 === 0 ? '6.00' : '10.00' });
    date = addDays(date, 1);
  }
  book(addDays(date, 3));
  return state;
}
