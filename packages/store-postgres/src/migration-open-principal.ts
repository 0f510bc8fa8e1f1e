import type { Migration } from './migrations.js';

/**
 * Version 12: `open_principal` in the query projection of `claims` — the principal still open after
 * payments (as allocated under § 367 Abs. 1 BGB), credit notes, write-downs and what refunds and
 * chargebacks put back: `summarizeClaim`'s figure, the principal of core's statement of the claim's
 * ledger. `numeric`, exact, written with the rest of the projection; `claimTotals` sums it beside the
 * principal as created. No index of its own (no filter or sort order reads it); it is in the
 * predicate of the index of unprojected rows, so it changes the row's index entries only when its
 * value changes — with a payment, a reversal, a credit note or write-down, as `unapplied` does — and
 * the other writes (a delivery's events) stay heap-only updates.
 *
 * Rows written before it have `open_principal` null. SQL cannot fold a ledger, so the store's
 * `migrate()` fills them in after the schema steps, as it filled in those of versions 4 and 10:
 * `summarizeClaim` of each claim's events, the same figures a write stores. The index of unprojected
 * rows covers them (`status is null or unapplied is null or open_principal is null`). Kept in its own
 * file beside the list of {@link migrations}: a released migration never changes.
 *
 * @internal
 */
export const openPrincipalMigration: Migration = {
  version: 12,
  name: 'claim query projection: open_principal (principal still open after payments, credit notes and write-downs)',
  sql: (s) => `
    alter table ${s}.claims add column open_principal numeric;
    drop index if exists ${s}.claims_unprojected;
    create index claims_unprojected on ${s}.claims (claim_id) where status is null or unapplied is null or open_principal is null;
  `,
};
