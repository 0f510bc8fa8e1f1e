import { describe, expect, it } from 'vitest';
import { claimStoreChecks, ConformanceFailure, runConformance } from '../src/index.js';
import { createFlawedStore, type Flaw } from './support/flawed-store.js';

/**
 * The ClaimStore suite has teeth: every way a store can break a promise of the port makes the
 * check for that promise fail. A small independent store with switchable flaws stands in for a
 * buggy adapter; without flaws it passes, so each failure below is caused by its flaw alone.
 */

const expectations: readonly [Flaw, readonly string[], string][] = [
  ['ignores-expected-version', ['conflict-stale', 'conflict-ahead', 'race-create', 'race-continue'], "append is optimistic: wrong expectedVersion → 'conflict'"],
  ['check-then-await', ['race-create', 'race-continue'], 'of concurrent writers with the same expected version exactly one succeeds'],
  ['wrong-error-code', ['conflict-stale', 'conflict-ahead', 'idempotency-reuse'], "the conflict is a MahnwerkError with code 'conflict'"],
  ['ignores-idempotency-keys', ['idempotency-reuse', 'idempotency-race'], "a second append with the same key throws 'conflict'"],
  ['writes-before-key-check', ['idempotency-reuse'], 'append is atomic: a refused write leaves no trace'],
  ['stores-key-of-refused-write', ['idempotency-failed-write', 'conflict-stale'], 'the idempotency key lands together with the write or not at all'],
  ['key-answers-expected-version', ['idempotency-find', 'idempotency-fingerprint'], 'findByIdempotencyKey answers the version the keyed write produced'],
  ['drops-fingerprint', ['idempotency-fingerprint'], 'findByIdempotencyKey answers the fingerprint written with the key'],
  ['list-due-exclusive', ['list-due-filter'], 'listDue returns claims with nextReviewAt <= date'],
  ['list-due-unsorted', ['list-due-order', 'list-due-paging'], 'listDue is ordered by claim id'],
  ['cursor-inclusive', ['list-due-paging'], 'listDue returns ids after the cursor'],
  ['ignores-limit', ['list-due-paging'], 'listDue returns at most limit ids'],
  ['keeps-first-review-date', ['next-review-at', 'list-due-moves'], 'each append sets the next review date'],
  ['contacts-one-claim', ['contacts-since'], "contactsSince covers all of the debtor's claims"],
  ['contacts-exclusive-since', ['contacts-since'], 'contactsSince includes messages decided on the since day'],
  ['outbox-sorted-by-id', ['outbox-order'], 'pendingOutbox is oldest first'],
  ['mark-without-attempt', ['outbox-mark', 'contacts-status'], 'markOutbox counts the attempt'],
  ['reopen-counts-attempt', ['outbox-reopen'], 'reopenOutbox counts no attempt'],
  ['reopen-any-status', ['outbox-reopen'], 'reopenOutbox changes only a failed message'],
  ['reopen-keeps-unknown', ['outbox-reopen'], 'reopenOutbox clears the unknown outcome'],
  ['reopen-sent-counts-attempt', ['outbox-reopen-sent'], 'reopenSentOutbox counts no attempt'],
  ['reopen-sent-any-status', ['outbox-reopen-sent'], 'reopenSentOutbox changes only a sent message'],
  ['reopen-sent-check-then-await', ['outbox-reopen-sent'], 'of two concurrent reopenSentOutbox calls exactly one puts the message back'],
  ['reopen-sent-keeps-unknown', ['outbox-reopen-sent'], 'reopenSentOutbox clears the unknown outcome'],
  ['reopen-sent-not-persisted', ['outbox-reopen-sent'], 'what reopenSentOutbox answers is what landed in the tables'],
  ['drops-unicode', ['entries-exact'], 'entries come back exactly as written'],
  ['live-references', ['copies-out'], 'returned objects are copies'],
  ['keeps-caller-objects', ['copies-in'], 'the store copies what it is given'],
  ['reports-written-count', ['append-continue', 'idempotency-find'], 'the version is the number of events'],
  ['drops-outbox-options', ['outbox-fields'], 'outbox messages come back as written'],
  ['load-missing-throws', ['load-missing', 'conflict-ahead'], 'load of an unknown claim resolves to null'],
  ['wrong-specification-version', ['specification-version'], "the port version is 'v1'"],
  ['outbox-before-version-check', ['tables-refused-atomic', 'tables-no-orphans'], 'outbox rows land together with the write or not at all; none without its claim'],
  ['outbox-not-persisted', ['tables-append'], 'what the port answers is what landed in the tables'],
  ['claim-row-before-key-check', ['tables-create-refused'], 'a refused create leaves no claim row'],
  ['amounts-through-floats', ['many-digit-amounts'], 'decimal strings keep every digit'],
  ['caps-streams-at-1000', ['large-stream'], 'large streams come back complete'],
  ['list-due-locale-order', ['unicode-ids'], 'listDue orders unicode ids by code unit, not by locale'],
  ['list-due-scans-first-100', ['due-at-scale'], 'listDue finds every due claim of a large book'],
  ['lease-check-then-await', ['lease-exclusive'], 'concurrent dispatchers never lease the same message'],
  ['complete-ignores-attempt', ['lease-expiry'], 'only the attempt holding the lease records an outcome'],
  ['retry-ignores-retry-at', ['lease-outcomes'], 'a retried message is not leased before its retryAt'],
  ['personal-data-dropped', ['personal-data-round-trip', 'erase-debtor', 'erase-debtor-tables'], 'personal data written with the first append comes back from load'],
  ['personal-data-any-write', ['personal-data-first-write-only'], 'personal data only with the first write, matching its claim-created commitment'],
  ['erase-all-debtors', ['erase-debtor', 'erase-debtor-tables'], 'eraseDebtor erases only that debtor'],
  ['erase-keeps-copy', ['erase-debtor-tables'], 'after erasure no personal datum is anywhere in the store'],
  ['erase-keeps-fingerprint', ['erase-debtor', 'erase-debtor-tables'], 'erasure forgets the create-claim fingerprints that hash the personal data'],
  ['query-drops-stage-null', ['query-filters'], 'stage: [null] selects the claims not in a stage yet'],
  ['summary-keeps-tag-order', ['query-summary'], 'a summary is summarizeClaim of the ledger (tags sorted)'],
  ['amount-sorted-as-text', ['query-sort', 'totals-many-digits'], 'amounts sort as numbers'],
  ['query-cursor-inclusive', ['query-paging', 'query-paging-ties'], 'a page starts after the cursor'],
  ['query-cursor-key-only', ['query-paging-ties'], 'paging is complete when claims share the sort key'],
  ['summary-at-creation-only', ['query-follows-writes', 'unapplied-money', 'open-principal'], "a claim's row follows every write"],
  ['unapplied-ignores-refunds', ['unapplied-money'], "a claim's unapplied figure is unappliedMoneyOf of its ledger (refunds lower it), not a second computation"],
  ['open-principal-ignores-adjustments', ['open-principal'], "a claim's open principal is the statement's principal (credit notes, write-downs and chargebacks count), not a second computation"],
  ['totals-through-floats', ['claim-totals', 'totals-many-digits'], 'totals are summed exactly'],
  ['outbox-totals-ignore-status', ['outbox-totals'], 'outbox totals are per status'],
  ['query-accepts-anything', ['query-invalid'], 'a malformed query is refused naming the field'],
  ['append-many-outcomes-by-claim-id', ['append-many-writes-each'], 'appendMany answers the outcomes in request order'],
  ['append-many-ignores-batch-keys', ['append-many-conflicts-per-claim'], 'an idempotency key used by an earlier request of the batch is a conflict'],
  ['append-many-writes-before-checks', ['append-many-malformed-refuses-all'], 'a malformed request refuses the whole batch before anything is written'],
  ['append-many-check-then-await', ['append-many-concurrent'], 'of concurrent batches exactly one writes a claim at one version'],
  ['load-many-skips-missing', ['load-many'], 'loadMany answers null in the place of a claim it does not hold'],
  ['contacts-many-by-debtor', ['contacts-since-many'], 'contactsSinceMany orders by date and write order, not by debtor'],
  ['summary-unchecked', ['summary-checked'], 'a summary that does not match its write is refused'],
  ['complete-many-answers-by-id', ['complete-outbox-many'], 'completeOutboxMany answers per attempt in the order given'],
  ['complete-many-ignores-attempt', ['complete-outbox-many', 'complete-outbox-many-expired'], 'completeOutboxMany records only for the attempt holding the lease'],
  ['complete-many-records-before-checks', ['complete-outbox-many-malformed'], 'a malformed completeOutboxMany call records nothing'],
  ['run-day-overwrites', ['run-day-latest'], 'recordRunDay keeps the latest day: an earlier day never lowers it'],
  ['run-day-check-then-await', ['run-day-concurrent'], 'of concurrent recordRunDay calls the latest day stays'],
  ['run-day-unchecked', ['run-day-invalid'], 'recordRunDay refuses a day that is not a calendar day and records nothing'],
];

describe('ClaimStore conformance checks catch broken stores', () => {
  it('the flawless reference of the broken stores passes every check (so each failure below is its flaw)', async () => {
    const report = await runConformance(claimStoreChecks, { create: () => createFlawedStore(), tables: (store) => (store as ReturnType<typeof createFlawedStore>).tables });
    expect(report.failed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.outcomes.every((o) => o.status === 'passed')).toBe(true);
  });

  it.each(expectations)('a store with flaw "%s" fails %j (promise: %s)', async (flaw, failing) => {
    const report = await runConformance(claimStoreChecks, { create: () => createFlawedStore(flaw), tables: (store) => (store as ReturnType<typeof createFlawedStore>).tables });
    expect(report.ok).toBe(false);
    for (const id of failing) expect(report.failed).toContain(`claim-store/${id}`);
    for (const outcome of report.outcomes.filter((o) => o.status === 'failed')) {
      // A failure is a broken promise with a message, not a crash of the check itself.
      expect(outcome.error).toBeInstanceOf(ConformanceFailure);
      expect(outcome.message?.length).toBeGreaterThan(20);
    }
  });

  it('every check of the suite is exercised by at least one flaw', () => {
    const covered = new Set(expectations.flatMap(([, ids]) => ids.map((id) => `claim-store/${id}`)));
    const uncovered = claimStoreChecks.map((c) => c.id).filter((id) => !covered.has(id));
    // append-create is the base of every other check: any store that fails it fails them all.
    expect(uncovered).toEqual(['claim-store/append-create']);
  });

  it('failure messages say which promise broke, what was expected and what was found', async () => {
    const report = await runConformance(
      claimStoreChecks.filter((c) => c.id === 'claim-store/conflict-stale'),
      { create: () => createFlawedStore('ignores-expected-version') },
    );
    expect(report.outcomes[0]?.message).toMatch(/expectedVersion 1 to a claim at version 3.*code 'conflict'.*resolved with \{"version":4\}/s);

    const ordering = await runConformance(
      claimStoreChecks.filter((c) => c.id === 'claim-store/list-due-order'),
      { create: () => createFlawedStore('list-due-unsorted') },
    );
    expect(ordering.outcomes[0]?.message).toContain('listDue must order by claim id');
    expect(ordering.outcomes[0]?.message).toContain('expected: ["c-1","c-10","c-2","c-a","c-b"]');
    expect(ordering.outcomes[0]?.message).toContain('found:    ["c-2","c-b","c-10","c-a","c-1"]');
  });

  it('the last day run is optional: a store without lastRunDay/recordRunDay declared runDays: false has its three checks skipped with the reason; undeclared, they fail saying so', async () => {
    const without = () => {
      const { lastRunDay: _last, recordRunDay: _record, ...rest } = createFlawedStore();
      return rest;
    };
    const ids = ['claim-store/run-day-latest', 'claim-store/run-day-concurrent', 'claim-store/run-day-invalid'];
    const declared = await runConformance(claimStoreChecks, { create: without, tables: (store) => (store as ReturnType<typeof createFlawedStore>).tables, runDays: false });
    expect(declared.ok).toBe(true);
    expect(declared.outcomes.filter((o) => o.status === 'skipped')).toEqual(ids.map((id) => expect.objectContaining({ id, message: 'the store has no lastRunDay/recordRunDay (optional)' })));
    const undeclared = await runConformance(claimStoreChecks.filter((c) => ids.includes(c.id)), { create: without });
    expect(undeclared.failed).toEqual(ids);
    expect(undeclared.outcomes[0]?.message).toContain('pass runDays: false for a store without them');
  });

  it('a store that breaks several promises fails each of their checks', async () => {
    const report = await runConformance(claimStoreChecks, { create: () => createFlawedStore('ignores-limit', 'outbox-sorted-by-id') });
    expect(report.failed).toEqual(['claim-store/list-due-paging', 'claim-store/outbox-order']);
  });
});
