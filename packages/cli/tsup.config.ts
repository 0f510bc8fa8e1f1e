import { packageBuild } from '../../tsup.base';

export default packageBuild(['src/index.ts', 'src/bin.ts', 'src/node-hasher.ts', 'src/system-clock.ts', 'src/checkpoints.ts']);
