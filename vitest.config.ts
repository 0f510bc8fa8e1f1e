import { defineConfig } from 'vitest/config';
import workspace from './vitest.workspace.js';

/**
 * The project list lives in `vitest.workspace.ts` (one vitest project per package and example).
 * Handing it to `test.projects` here keeps that file as the one list and stops vitest 3.2 from
 * printing its "workspace file is deprecated" notice on every run.
 *
 * `maxWorkers: 2`: vitest's default is one worker less than the cores, so on CI's 2-core machine it
 * ran one test file at a time while most files wait on PGlite (WebAssembly, one thread), a child
 * process or a server. Two files at a time (docs/benchmarks.md, "CI time"); every project sets
 * `hookTimeout` for its set-ups under that load. The `singleFork` projects (core, templates) still
 * run their files one after the other in one process.
 */
export default defineConfig({ test: { projects: workspace, maxWorkers: 2, minWorkers: 1 } });
