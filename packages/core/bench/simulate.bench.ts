import { bench, describe } from 'vitest';
import { simulate } from '../src/index.js';
import { benchInput } from './book.js';

// `pnpm bench` (root: vitest bench --run). simulate over 365 days with the built-in policies
// ('auto': de-b2c-default / de-b2b-default by debtor kind) and a behaviour model. The inputs are
// built once, outside the measured function. 10,000 claims take minutes per run, so that case runs
// once (no warm-up); see docs/benchmarks.md for figures and how the cost grows.

const small = benchInput(1_000, 365);
const large = benchInput(10_000, 365);

describe('simulate, 365 days, built-in policies, behaviour model', () => {
  bench(
    '1,000 claims',
    () => {
      simulate(small);
    },
    { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 },
  );

  bench(
    '10,000 claims',
    () => {
      simulate(large);
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
