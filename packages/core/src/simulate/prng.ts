/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
 * machine. The core has no `Math.random()`; simulations draw from this instead so that a run is a
 * pure function of its input and seed.
 */
export interface Prng {
  /** The next value in [0, 1). */
  next(): number;
  /** The next integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with the given probability (a decimal string or number between 0 and 1). */
  chance(probability: number): boolean;
}

/**
 * Creates a {@link Prng} from a 32-bit seed.
 *
 * @param seed - any integer; only its low 32 bits matter
 */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
  };
}

/**
 * Derives an independent seed for one claim from the run's seed and the claim's id, so that adding
 * or removing one claim does not change what every other debtor does.
 *
 * @param seed - the run's seed
 * @param key - the claim id
 */
export function deriveSeed(seed: number, key: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
