import { describe, expect, it } from 'vitest';
import { nodeSha256Hasher as storeHasher } from '@mahnwerk/store-postgres';
import { nodeSha256Hasher } from '../src/node-hasher.js';

// The hasher's home is @mahnwerk/store-postgres (its tests are there); the CLI's subpath export
// `@mahnwerk/cli/node-hasher` stays and hands out the same object.
describe('@mahnwerk/cli/node-hasher', () => {
  it('is the store package’s node:crypto hasher', () => {
    expect(nodeSha256Hasher).toBe(storeHasher);
    expect(nodeSha256Hasher.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
