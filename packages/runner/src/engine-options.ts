import type { ClaimStore, MahnwerkOptions } from '@mahnwerk/core';
import { nodeSha256Hasher } from '@mahnwerk/store-postgres';

/**
 * What the runner hands to `createMahnwerk` besides the store, worker id and batch size: policy,
 * clock, channels, renderer, payments, statement options — the same options a host gives the
 * embedded facade, so a worker decides and sends exactly as `runDue` does. Without a `hasher` the
 * runner hashes the audit chain with `nodeSha256Hasher` (`node:crypto`; the same hashes as core's
 * default, several times faster).
 */
export type RunnerEngineOptions = Omit<MahnwerkOptions, 'store' | 'workerId' | 'batchSize'>;

/**
 * The engine options as the runner hands them to `createMahnwerk`: the host's, with the Node
 * hasher when they name none.
 *
 * @internal
 */
export function runnerEngine(engine: RunnerEngineOptions): RunnerEngineOptions {
  return engine.hasher === undefined ? { ...engine, hasher: nodeSha256Hasher } : engine;
}

/**
 * The store as the daily run's facade sees it for one batch: `listDue` answers with the claims this
 * worker leased (in id order, paged by the facade's cursor) and the outbox is left to the
 * dispatcher (`leaseOutbox` hands out nothing here). The last day run is the whole run's, not a
 * batch's: `runDailyRun` checks the day once before it leases and records it once when the day is
 * done, so the view has no `lastRunDay`/`recordRunDay`. Every other method is the store's own, so the
 * decisions, events and outbox rows are written by the facade's one path (`runDue`).
 *
 * @internal
 */
export function batchView(store: ClaimStore, leased: readonly string[]): ClaimStore {
  const { lastRunDay: _last, recordRunDay: _record, ...rest } = store;
  return {
    ...rest,
    listDue: (_date, options = {}) => {
      const cursor = options.cursor;
      const after = cursor === undefined ? leased : leased.filter((id) => id > cursor);
      return Promise.resolve(options.limit === undefined ? after : after.slice(0, options.limit));
    },
    leaseOutbox: () => Promise.resolve([]),
  };
}
