import { packageBuild } from '../../tsup.base';

// `doubles` (store, clock, recording adapters, fixtures, books) and `conformance` (port checks,
// runConformance) work without vitest; the main entry adds the vitest suites and matchers.
export default packageBuild({ index: 'src/index.ts', doubles: 'src/doubles.ts', conformance: 'src/conformance/index.ts', vitest: 'src/vitest.ts' }, { external: ['vitest', '@mahnwerk/core'] });
