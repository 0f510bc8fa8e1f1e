import { defineConfig } from 'vitest/config';
import workspace from './vitest.workspace.js';

/**
 * The project list lives in `vitest.workspace.ts` (one vitest project per package and example).
 * Handing it to `test.projects` here keeps that file as the one list and stops vitest 3.2 from
 * printing its "workspace file is deprecated" notice on every run.
 */
export default defineConfig({ test: { projects: workspace } });
