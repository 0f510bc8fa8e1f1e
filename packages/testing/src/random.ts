import { ValidationError } from '@mahnwerk/core';

/**
 * mulberry32, a small seeded pseudo-random generator: the same seed gives the same sequence on
 * every machine and runtime. Randomness lives here, in the test kit — the core takes none.
 *
 * @param seed - a safe integer; only its low 32 bits matter
 * @returns a function giving the next value in [0, 1)
 * @throws ValidationError when the seed is not a safe integer
 */
export function mulberry32(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ValidationError(`seed: expected a whole number, got ${String(seed)}.`, { field: 'seed' });
  }
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience draws on top of {@link mulberry32}. */
export interface Random {
  /** The next value in [0, 1). */
  next(): number;
  /** A whole number in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p` (0 to 1). */
  chance(p: number): boolean;
  /** One item of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T;
  /** One item of a non-empty list of `[item, weight]` pairs, proportional to the weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

/**
 * A seeded {@link Random}.
 *
 * @param seed - a safe integer
 * @returns the generator
 * @throws ValidationError when the seed is not a safe integer
 */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new ValidationError('items: pick needs at least one item.', { field: 'items' });
      return items[int(0, items.length - 1)] as T;
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((s, [, w]) => s + w, 0);
      if (items.length === 0 || !(total > 0)) {
        throw new ValidationError('items: weighted needs at least one item with a weight above 0.', { field: 'items' });
      }
      let r = next() * total;
      for (const [item, w] of items) {
        if (r < w) return item;
        r -= w;
      }
      return (items[items.length - 1] as readonly [T, number])[0];
    },
  };
}
