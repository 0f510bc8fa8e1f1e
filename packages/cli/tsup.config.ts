import { packageBuild } from '../../tsup.base';

// src/run-worker.ts is the worker process `mahnwerk run --workers N` forks (dist/run-worker.js).
export default packageBuild(['src/index.ts', 'src/bin.ts', 'src/node-hasher.ts', 'src/system-clock.ts', 'src/checkpoints.ts', 'src/run-worker.ts']);
