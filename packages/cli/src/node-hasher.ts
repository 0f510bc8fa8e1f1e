/**
 * The `node:crypto` audit hasher, re-exported from `@mahnwerk/store-postgres` (its home: the store's
 * chain check and the runner use it too). Kept here so `@mahnwerk/cli/node-hasher` keeps working.
 *
 * @packageDocumentation
 */
export { nodeSha256Hasher } from '@mahnwerk/store-postgres';
