// A reproducible book for the benchmarks: consumer and business claims invoiced over the first 60
// days of 2025, principals from 19.90 to 9,000.00 EUR, under the built-in policies ('auto') and a
// behaviour model (some debtors pay after a message, some in part, a few dispute).
import { addDays, createPrng, type BehaviourInput, type ClaimFacts, type IsoDate, type SimulationInput } from '../src/index.js';

/** The first simulated day. */
export const benchFrom: IsoDate = '2025-01-01';

/** The benchmarks' behaviour model. */
export const benchBehaviour: BehaviourInput = {
  model: { payAfterMessage: 0.3, partialShare: 0.2, disputeAfterMessage: 0.05, payWithinDays: [2, 12] },
};

/**
 * Makes `size` claims (30 % business), deterministic for the seed.
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
