// The same simulate as `measure.ts simulate N 365`, run several times in one process: the first
// run pays V8's warm-up (interpreter, TurboFan compiles and recompiles after deopts), the later
// ones show the steady state. `node warm.mjs [claims] [runs]` after bundling as measure.ts is.
import { performance } from 'node:perf_hooks';
import { simulate } from '@mahnwerk/core';
import { benchInput } from './book.js';

const size = Number(process.argv[2] ?? '10000');
const runs = Number(process.argv[3] ?? '4');
for (let i = 0; i < runs; i++) {
  const input = benchInput(size, 365);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = simulate(input);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ run: i + 1, claims: size, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), decisions: result.decisions }));
}
