// One-off measurement for docs/benchmarks.md: wall time, heap and the engine's cost measure
// (decisions = times decide looked at a claim) for one book size and run length per process, so
// that one case's garbage does not count against the next.
// Run (from packages/core):
//   npx esbuild bench/measure.ts --bundle --platform=node --format=esm --outfile=/tmp/measure.mjs
//   for c in "1000 365" "1000 730" "10000 365" "10000 730"; do node --expose-gc /tmp/measure.mjs $c; done
// heapAfter is heapUsed right after the run (garbage included); retained is what the result keeps
// alive after a full GC (the result is still referenced then).
import { performance } from 'node:perf_hooks';
import { simulate } from '../src/index.js';
import { benchInput } from './book.js';

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const size = Number(process.argv[2] ?? '1000');
const days = Number(process.argv[3] ?? '365');

const input = benchInput(size, days);
gc?.();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const result = simulate(input);
const ms = performance.now() - t0;
const after = process.memoryUsage().heapUsed;
gc?.();
const retained = process.memoryUsage().heapUsed - before;
const statuses: Record<string, number> = {};
for (const c of result.claims) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
console.log(
  JSON.stringify({
    claims: size,
    days,
    ms: Math.round(ms),
    decisions: result.decisions,
    events: result.events.length,
    messages: result.messages.length,
    claimDays: size * days,
    heapBeforeMB: mb(before),
    heapAfterMB: mb(after),
    retainedMB: mb(retained),
    statuses,
  }),
);
