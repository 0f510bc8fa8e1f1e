import type { Migration } from './migrations.js';

/**
 * Version 11: the last day a daily run was done for (the port's `lastRunDay` / `recordRunDay`), one
 * row in `last_run_day` (a `singleton` key that can only be true). `recordRunDay` writes it with one
 * `insert … on conflict do update … where` that keeps the later day, so concurrent records (workers
 * sharing a day, a second run) end with the latest and an earlier day never lowers it; `recorded_at`
 * says when it last moved. Kept in its own file beside the list of {@link migrations}: a released
 * migration never changes.
 *
 * @internal
 */
export const lastRunDayMigration: Migration = {
  version: 11,
  name: 'the last day a daily run was done for (one row, the later day kept)',
  sql: (s) => `
    create table ${s}.last_run_day (
      singleton boolean primary key default true check (singleton),
      day date not null,
      recorded_at timestamptz not null default now()
    );
  `,
};
