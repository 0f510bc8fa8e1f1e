import {
  buildAuditChain,
  appendAudit,
  project,
  statement,
  toAmountString,
  unappliedMoneyOf,
  type ClaimEvent,
  type ClaimFilter,
  type ClaimPage,
  type ClaimQuery,
  type ClaimStore,
  type ClaimTotal,
  type IsoDate,
  type OutboxMessage,
  type OutboxTotal,
  type UnappliedTotal,
} from '@mahnwerk/core';
import { fixtures } from '../fixtures.js';
import { fail, ok, rejectsWith, resolves, same, show } from './assert.js';
import type { ClaimStoreCheck, ClaimStoreSubject } from './claim-store-checks.js';

// The claim queries of the ClaimStore port (issue 9 point 2): filters, sort orders, cursor paging,
// totals per status, stage and currency, outbox totals. Every expectation below was worked out by
// hand from the fixture book in the table, not read off a store.

/** A store's optional query method, or a failure saying the store lacks it. */
function need<K extends 'queryClaims' | 'claimTotals' | 'outboxTotals' | 'unappliedTotals'>(store: ClaimStore, name: K): NonNullable<ClaimStore[K]> {
  const method = store[name];
  if (typeof method !== 'function') fail(`${name} is not implemented; a store that answers the facade's claim queries must provide queryClaims, claimTotals, outboxTotals and unappliedTotals`);
  return method.bind(store) as NonNullable<ClaimStore[K]>;
}

interface QueryClaimSpec {
  readonly id: string;
  readonly debtor: string;
  readonly principal: string;
  readonly currency?: string;
  readonly due: IsoDate;
  readonly tags?: readonly string[];
  /** What happened after creation: `default`, `stage:<id>`, `dispute`, `settled`. */
  readonly steps?: readonly string[];
}

const HUGE = '99999999999999999999999999.99';

/**
 * The fixture book (created 2024-12-01; events on 2025-01-02 …):
 *
 * | id   | debtor | principal | cur | due        | tags      | after creation                 | status     | stage          |
 * | q-01 | d-a    | 100.00    | EUR | 2025-01-10 | vip       | –                              | open       | –              |
 * | q-02 | d-a    | 9.50      | EUR | 2025-01-20 |           | default                        | in-default | –              |
 * | q-03 | d-b    | 1200.00   | EUR | 2025-01-10 | vip, b2b  | default, reminder              | in-default | reminder       |
 * | q-04 | d-b    | 1200.00   | EUR | 2025-02-01 | b2b       | default, reminder, dunning     | in-default | dunning-notice |
 * | q-05 | d-c    | 55.55     | EUR | 2025-03-01 |           | default, reminder, dispute     | disputed   | reminder       |
 * | q-06 | d-c    | 10.00     | EUR | 2025-01-31 | vip       | default, reminder, settled     | settled    | reminder       |
 * | q-07 | d-d    | 5000      | JPY | 2025-01-15 |           | default, reminder              | in-default | reminder       |
 * | q-08 | d-a    | HUGE      | EUR | 2025-01-12 |           | –                              | open       | –              |
 */
const book: readonly QueryClaimSpec[] = [
  { id: 'q-01', debtor: 'd-a', principal: '100.00', due: '2025-01-10', tags: ['vip'] },
  { id: 'q-02', debtor: 'd-a', principal: '9.50', due: '2025-01-20', steps: ['default'] },
  { id: 'q-03', debtor: 'd-b', principal: '1200.00', due: '2025-01-10', tags: ['vip', 'b2b'], steps: ['default', 'stage:reminder'] },
  { id: 'q-04', debtor: 'd-b', principal: '1200.00', due: '2025-02-01', tags: ['b2b'], steps: ['default', 'stage:reminder', 'stage:dunning-notice'] },
  { id: 'q-05', debtor: 'd-c', principal: '55.55', due: '2025-03-01', steps: ['default', 'stage:reminder', 'dispute'] },
  { id: 'q-06', debtor: 'd-c', principal: '10.00', due: '2025-01-31', tags: ['vip'], steps: ['default', 'stage:reminder', 'settled'] },
  { id: 'q-07', debtor: 'd-d', principal: '5000', currency: 'JPY', due: '2025-01-15', steps: ['default', 'stage:reminder'] },
  { id: 'q-08', debtor: 'd-a', principal: HUGE, due: '2025-01-12' },
];

/** The event of one step of a fixture claim, on day `n` after 2025-01-01. */
function step(claimId: string, what: string, n: number): ClaimEvent {
  const date = `2025-01-${String(n + 1).padStart(2, '0')}` as IsoDate;
  if (what === 'default') return { type: 'default-began', claimId, date, basis: '§ 286 Abs. 1 BGB', route: 'reminder' };
  if (what === 'dispute') return { type: 'dispute-opened', claimId, date, disputeId: `${claimId}-dispute` };
  if (what === 'settled') return { type: 'settled', claimId, date };
  const stage = what.slice('stage:'.length);
  return { type: 'stage-entered', claimId, date, stage, stageIndex: stage === 'reminder' ? 0 : 1 };
}

function eventsOf(spec: QueryClaimSpec): ClaimEvent[] {
  const facts = fixtures.consumerClaim({
    id: spec.id,
    debtor: { id: spec.debtor },
    principal: spec.principal,
    currency: spec.currency ?? 'EUR',
    dueDate: spec.due,
    ...(spec.tags === undefined ? {} : { tags: spec.tags }),
  });
  return [fixtures.claimCreated(facts), ...(spec.steps ?? []).map((s, i) => step(spec.id, s, i + 1))];
}

async function seedClaims(store: ClaimStore, specs: readonly QueryClaimSpec[]): Promise<void> {
  for (const spec of specs) {
    const entries = buildAuditChain(eventsOf(spec));
    await resolves(
      store.append({ claimId: spec.id, debtorId: spec.debtor, expectedVersion: 0, entries, nextReviewAt: '2025-06-01' }),
      `creating fixture claim "${spec.id}"`,
    );
  }
}

/** Appends events to a stored claim. */
async function appendEvents(store: ClaimStore, claimId: string, events: readonly ClaimEvent[]): Promise<void> {
  const stored = await resolves(store.load(claimId), `load("${claimId}")`);
  ok(stored !== null, `load("${claimId}") returned null for a stored claim`);
  const chain = [...stored.entries];
  const entries = [];
  for (const event of events) {
    const entry = appendAudit(chain, event);
    chain.push(entry);
    entries.push(entry);
  }
  await resolves(
    store.append({ claimId, debtorId: stored.debtorId, expectedVersion: stored.version, entries, nextReviewAt: stored.nextReviewAt }),
    `appending ${events.map((e) => e.type).join(', ')} to "${claimId}"`,
  );
}

async function fresh(subject: ClaimStoreSubject): Promise<ClaimStore> {
  const store = await subject.create();
  ok(typeof store === 'object' && store !== null, `the factory must return a ClaimStore, got ${show(store)}`);
  return store;
}

/** Every page of a query, from the first to the one whose nextCursor is null (at most 100 pages). */
async function allPages(store: ClaimStore, query: ClaimQuery): Promise<{ ids: string[]; pages: number }> {
  const queryClaims = need(store, 'queryClaims');
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 100; pages++) {
    const page: ClaimPage = await resolves(queryClaims({ ...query, ...(cursor === undefined ? {} : { cursor }) }), `queryClaims(${show(query)}) page ${pages}`);
    ok(page.claims.length <= (query.limit ?? 100), () => `queryClaims(${show(query)}) page ${pages} returned ${page.claims.length} claims, more than limit ${query.limit}`);
    ids.push(...page.claims.map((c) => c.claimId));
    if (page.nextCursor === null) return { ids, pages };
    ok(typeof page.nextCursor === 'string', `nextCursor must be a string or null, got ${show(page.nextCursor)}`);
    ok(page.claims.length > 0, `queryClaims(${show(query)}) page ${pages} is empty but has a nextCursor`);
    cursor = page.nextCursor;
  }
  return fail(`queryClaims(${show(query)}) still had a nextCursor after 100 pages`);
}

async function idsOf(store: ClaimStore, query: ClaimQuery): Promise<string[]> {
  return (await allPages(store, { limit: 1000, ...query })).ids;
}

const filters: readonly [string, ClaimFilter, readonly string[]][] = [
  ['no filter: every claim, by id', {}, ['q-01', 'q-02', 'q-03', 'q-04', 'q-05', 'q-06', 'q-07', 'q-08']],
  ['status in-default', { status: ['in-default'] }, ['q-02', 'q-03', 'q-04', 'q-07']],
  ['status open or settled', { status: ['open', 'settled'] }, ['q-01', 'q-06', 'q-08']],
  ['stage reminder', { stage: ['reminder'] }, ['q-03', 'q-05', 'q-06', 'q-07']],
  ['stage null (no stage yet)', { stage: [null] }, ['q-01', 'q-02', 'q-08']],
  ['stage null or dunning-notice', { stage: [null, 'dunning-notice'] }, ['q-01', 'q-02', 'q-04', 'q-08']],
  ['debtor d-a', { debtorId: 'd-a' }, ['q-01', 'q-02', 'q-08']],
  ['debtor nobody has', { debtorId: 'd-x' }, []],
  ['tag vip', { tag: 'vip' }, ['q-01', 'q-03', 'q-06']],
  ['currency JPY', { currency: 'JPY' }, ['q-07']],
  ['amountMin 100.00 in EUR (as numbers: 9.50 < 100.00, though "9.50" > "100.00" as text)', { currency: 'EUR', amountMin: '100.00' }, ['q-01', 'q-03', 'q-04', 'q-08']],
  ['amountMax 55.55 (inclusive)', { amountMax: '55.55' }, ['q-02', 'q-05', 'q-06']],
  ['amount range 10 … 1200 (inclusive both ends)', { amountMin: '10', amountMax: '1200' }, ['q-01', 'q-03', 'q-04', 'q-05', 'q-06']],
  ['due 2025-01-12 … 2025-01-31 (inclusive)', { dueFrom: '2025-01-12', dueTo: '2025-01-31' }, ['q-02', 'q-06', 'q-07', 'q-08']],
  ['in-default and tagged b2b', { status: ['in-default'], tag: 'b2b' }, ['q-03', 'q-04']],
];

const sorts: readonly [string, ClaimQuery, readonly string[]][] = [
  ['claim id, descending', { order: 'desc' }, ['q-08', 'q-07', 'q-06', 'q-05', 'q-04', 'q-03', 'q-02', 'q-01']],
  ['amount ascending (numeric, ties by id)', { currency: 'EUR', sort: 'amount' }, ['q-02', 'q-06', 'q-05', 'q-01', 'q-03', 'q-04', 'q-08']],
  ['amount descending (ties by id, descending)', { currency: 'EUR', sort: 'amount', order: 'desc' }, ['q-08', 'q-04', 'q-03', 'q-01', 'q-05', 'q-06', 'q-02']],
  ['due date ascending (ties by id)', { sort: 'dueDate' }, ['q-01', 'q-03', 'q-08', 'q-07', 'q-02', 'q-06', 'q-04', 'q-05']],
];

/**
 * Totals of the whole fixture book, by hand; sorted by status, stage (none first), currency. The
 * book has no payments, credit notes or write-downs, so the principal still open is the principal as
 * created (the open-principal book below has them).
 */
const bookTotals: readonly ClaimTotal[] = [
  { status: 'disputed', stage: 'reminder', currency: 'EUR', count: 1, amount: '55.55', openPrincipal: '55.55' },
  { status: 'in-default', stage: null, currency: 'EUR', count: 1, amount: '9.50', openPrincipal: '9.50' },
  { status: 'in-default', stage: 'dunning-notice', currency: 'EUR', count: 1, amount: '1200.00', openPrincipal: '1200.00' },
  { status: 'in-default', stage: 'reminder', currency: 'EUR', count: 1, amount: '1200.00', openPrincipal: '1200.00' },
  { status: 'in-default', stage: 'reminder', currency: 'JPY', count: 1, amount: '5000', openPrincipal: '5000' },
  // 100.00 + 99999999999999999999999999.99
  { status: 'open', stage: null, currency: 'EUR', count: 2, amount: '100000000000000000000000099.99', openPrincipal: '100000000000000000000000099.99' },
  { status: 'settled', stage: 'reminder', currency: 'EUR', count: 1, amount: '10.00', openPrincipal: '10.00' },
];

/**
 * The overpayment book (all created 2024-12-01, due 2025-01-10; every payment on 2025-01-08, before
 * the due date, so no interest or costs are owed and a payment goes to the principal, the rest of it
 * unapplied — § 367 Abs. 1 BGB; refunds undo the unapplied part first):
 *
 * | id  | cur | principal | payments                 | refunds (of the unapplied part)  | held back (by hand)          |
 * | u-1 | EUR | 100.00    | p-1 130.00               | –                                 | 130.00 − 100.00 = 30.00      |
 * | u-2 | EUR | 200.00    | p-2 250.50               | 20.00                             | 50.50 − 20.00 = 30.50        |
 * | u-3 | EUR | 100.00    | p-3 120.00               | 20.00 (all of it)                 | 20.00 − 20.00 = 0.00         |
 * | u-4 | EUR | 50.00     | p-4 50.00                | –                                 | 0.00                          |
 * | u-5 | JPY | 5000      | p-5 6000                 | –                                 | 6000 − 5000 = 1000            |
 * | u-6 | EUR | 10.00     | –                        | –                                 | 0.00                          |
 */
interface OverpaidSpec {
  readonly id: string;
  readonly currency: string;
  readonly principal: string;
  readonly paid?: string;
  readonly applied?: string;
  readonly unapplied?: string;
  readonly refunded?: string;
}

const overpaid: readonly OverpaidSpec[] = [
  { id: 'u-1', currency: 'EUR', principal: '100.00', paid: '130.00', applied: '100.00', unapplied: '30.00' },
  { id: 'u-2', currency: 'EUR', principal: '200.00', paid: '250.50', applied: '200.00', unapplied: '50.50', refunded: '20.00' },
  { id: 'u-3', currency: 'EUR', principal: '100.00', paid: '120.00', applied: '100.00', unapplied: '20.00', refunded: '20.00' },
  { id: 'u-4', currency: 'EUR', principal: '50.00', paid: '50.00', applied: '50.00', unapplied: '0.00' },
  { id: 'u-5', currency: 'JPY', principal: '5000', paid: '6000', applied: '5000', unapplied: '1000' },
  { id: 'u-6', currency: 'EUR', principal: '10.00' },
];

function paymentOf(claimId: string, paymentId: string, date: IsoDate, amount: string, principal: string, unapplied: string, zero: string): ClaimEvent {
  return { type: 'payment-received', claimId, date, paymentId, amount, allocation: { costs: zero, interest: zero, principal, unapplied } };
}

function refundOf(claimId: string, paymentId: string, reversalId: string, date: IsoDate, amount: string, zero: string): ClaimEvent {
  return { type: 'payment-reversed', claimId, date, reversalId, paymentId, kind: 'refund', amount, allocation: { costs: zero, interest: zero, principal: zero, unapplied: amount } };
}

async function seedOverpaid(store: ClaimStore): Promise<void> {
  for (const spec of overpaid) {
    const zero = spec.currency === 'JPY' ? '0' : '0.00';
    const facts = fixtures.consumerClaim({ id: spec.id, debtor: { id: `d-${spec.id}` }, principal: spec.principal, currency: spec.currency, dueDate: '2025-01-10' });
    const events: ClaimEvent[] = [fixtures.claimCreated(facts)];
    if (spec.paid !== undefined) {
      events.push(paymentOf(spec.id, `p-${spec.id}`, '2025-01-08', spec.paid, spec.applied ?? zero, spec.unapplied ?? zero, zero));
      events.push({ type: 'settled', claimId: spec.id, date: '2025-01-08' });
    }
    if (spec.refunded !== undefined) events.push(refundOf(spec.id, `p-${spec.id}`, `r-${spec.id}`, '2025-01-09', spec.refunded, zero));
    await resolves(
      store.append({ claimId: spec.id, debtorId: `d-${spec.id}`, expectedVersion: 0, entries: buildAuditChain(events), nextReviewAt: null }),
      `creating overpayment fixture claim "${spec.id}"`,
    );
  }
}

/** The unapplied figure of every claim as the store's summaries give it, by claim id. */
async function unappliedFigures(store: ClaimStore): Promise<Record<string, string>> {
  const page = await resolves(need(store, 'queryClaims')({ limit: 1000 }), 'queryClaims({ limit: 1000 })');
  return Object.fromEntries(page.claims.map((c) => [c.claimId, c.unapplied]));
}

function unappliedChecks(): ClaimStoreCheck[] {
  return [
    {
      id: 'claim-store/unapplied-money',
      group: 'queries',
      title:
        "each claim's projection holds what it holds beyond what it owed (unappliedMoneyOf: overpayment less refunds), written with the claim's events — in the tables, in queryClaims({ holdsUnapplied }) and in unappliedTotals per currency",
      async run(subject) {
        const store = await fresh(subject);
        same(await resolves(need(store, 'unappliedTotals')(), 'unappliedTotals() of an empty store'), [], 'an empty store holds no money');
        await seedOverpaid(store);
        const byHand = { 'u-1': '30.00', 'u-2': '30.50', 'u-3': '0.00', 'u-4': '0.00', 'u-5': '1000', 'u-6': '0.00' };
        same(await unappliedFigures(store), byHand, 'the summaries\' unapplied figures, worked out by hand (see the table above the checks)');
        // The one rule: the figure is core's unappliedMoneyOf of the claim's ledger, not a second computation.
        for (const spec of overpaid) {
          const stored = await resolves(store.load(spec.id), `load("${spec.id}")`);
          ok(stored !== null, `load("${spec.id}") returned null for a stored claim`);
          const held = unappliedMoneyOf(project(stored.entries.map((e) => e.event)));
          same((await unappliedFigures(store))[spec.id], held === null ? (spec.currency === 'JPY' ? '0' : '0.00') : toAmountString(held.amount), `"${spec.id}": the summary's unapplied is unappliedMoneyOf of its ledger`);
        }
        if (subject.tables !== undefined) {
          const t = subject.tables(store);
          if (t.unapplied !== undefined) {
            for (const [claimId, figure] of Object.entries(byHand)) {
              same(await t.unapplied(claimId), figure, `"${claimId}": the unapplied figure in the claim's row of the tables (read past the port)`);
            }
          }
        }
        same(await idsOf(store, { holdsUnapplied: true }), ['u-1', 'u-2', 'u-5'], 'queryClaims({ holdsUnapplied: true }): the claims holding money (u-3 was refunded in full)');
        same(await idsOf(store, { holdsUnapplied: false }), ['u-3', 'u-4', 'u-6'], 'queryClaims({ holdsUnapplied: false }): the claims holding none');
        same(await idsOf(store, { holdsUnapplied: true, currency: 'EUR', sort: 'amount', order: 'desc' }), ['u-2', 'u-1'], 'holdsUnapplied with the other filters and a sort by principal');
        const unappliedTotals = need(store, 'unappliedTotals');
        const totals: UnappliedTotal[] = [
          { currency: 'EUR', count: 2, amount: '60.50' }, // 30.00 + 30.50
          { currency: 'JPY', count: 1, amount: '1000' },
        ];
        same(await resolves(unappliedTotals(), 'unappliedTotals()'), totals, 'money held per currency, summed by hand, sorted by currency');
        same(await resolves(unappliedTotals({ currency: 'JPY' }), 'unappliedTotals({ currency: "JPY" })'), [totals[1]], 'unappliedTotals under a filter');
        same(await resolves(unappliedTotals({ debtorId: 'd-u-3' }), 'unappliedTotals({ debtorId: "d-u-3" })'), [], 'a claim refunded in full holds nothing');
        same(await resolves(unappliedTotals({ holdsUnapplied: false }), 'unappliedTotals({ holdsUnapplied: false })'), [], 'holdsUnapplied: false leaves no claim holding money');

        // The figure follows every write: a partial refund lowers it, a payment on a paid claim raises it.
        await appendEvents(store, 'u-1', [refundOf('u-1', 'p-u-1', 'r-u-1', '2025-01-20', '10.00', '0.00')]);
        await appendEvents(store, 'u-4', [paymentOf('u-4', 'p-u-4-b', '2025-01-21', '5.00', '0.00', '5.00', '0.00')]);
        await appendEvents(store, 'u-2', [refundOf('u-2', 'p-u-2', 'r-u-2-b', '2025-01-22', '30.50', '0.00')]);
        same(
          await unappliedFigures(store),
          { ...byHand, 'u-1': '20.00', 'u-2': '0.00', 'u-4': '5.00' },
          'after refunding 10.00 of u-1 (30.00 − 10.00 = 20.00), paying 5.00 on the paid u-4 (all of it unapplied) and refunding the rest of u-2 (30.50 − 30.50)',
        );
        same(await idsOf(store, { holdsUnapplied: true }), ['u-1', 'u-4', 'u-5'], 'the claims holding money after those writes');
        same(
          await resolves(unappliedTotals(), 'unappliedTotals() after the writes'),
          [
            { currency: 'EUR', count: 2, amount: '25.00' }, // 20.00 + 5.00
            { currency: 'JPY', count: 1, amount: '1000' },
          ],
          'totals after the writes, by hand',
        );
        if (subject.tables !== undefined) {
          const t = subject.tables(store);
          if (t.unapplied !== undefined) same(await t.unapplied('u-4'), '5.00', '"u-4": the tables hold the new figure after the write');
        }
      },
    },
  ];
}

/**
 * The open-principal book (all created 2024-12-01, due 2025-01-10; every payment on 2025-01-08,
 * before the due date, so no interest or costs are owed and a payment goes to the principal first —
 * § 367 Abs. 1 BGB —, the rest of it unapplied). The principal still open is the principal as
 * created less the principal parts of payments, less credit notes and write-downs, plus what a
 * chargeback puts back:
 *
 * | id  | cur | principal | after creation                                                   | status  | open principal (by hand)          |
 * | o-1 | EUR | 500.00    | credit note 100.00 (01-05), payment 150.00 (01-08)               | open    | 500.00 − 100.00 − 150.00 = 250.00 |
 * | o-2 | EUR | 200.00    | payment 250.50 (01-08: 200.00 principal, 50.50 unapplied), settled | settled | 200.00 − 200.00 = 0.00          |
 * | o-3 | EUR | 300.00    | payment 120.00 (01-08), charged back in full (01-09)             | open    | 300.00 − 120.00 + 120.00 = 300.00 |
 * | o-4 | JPY | 5000      | payment 1200 (01-08)                                             | open    | 5000 − 1200 = 3800                |
 * | o-5 | EUR | 80.00     | write-down 80.00 (01-09), settled                                | settled | 80.00 − 80.00 = 0.00              |
 * | o-6 | EUR | 10.00     | –                                                                | open    | 10.00                             |
 */
function openPrincipalEvents(): readonly [string, string, ClaimEvent[]][] {
  const claim = (id: string, principal: string, currency = 'EUR'): ClaimEvent =>
    fixtures.claimCreated(fixtures.consumerClaim({ id, debtor: { id: `d-${id}` }, principal, currency, dueDate: '2025-01-10' }));
  const adjustment = (claimId: string, date: IsoDate, kind: 'credit-note' | 'write-down', amount: string): ClaimEvent => ({ type: 'adjustment', claimId, date, kind, amount });
  const chargeback = (claimId: string, paymentId: string, date: IsoDate, amount: string): ClaimEvent => ({
    type: 'payment-reversed',
    claimId,
    date,
    reversalId: `cb-${claimId}`,
    paymentId,
    kind: 'chargeback',
    amount,
    allocation: { costs: '0.00', interest: '0.00', principal: amount, unapplied: '0.00' },
  });
  return [
    ['o-1', 'EUR', [claim('o-1', '500.00'), adjustment('o-1', '2025-01-05', 'credit-note', '100.00'), paymentOf('o-1', 'p-o-1', '2025-01-08', '150.00', '150.00', '0.00', '0.00')]],
    ['o-2', 'EUR', [claim('o-2', '200.00'), paymentOf('o-2', 'p-o-2', '2025-01-08', '250.50', '200.00', '50.50', '0.00'), { type: 'settled', claimId: 'o-2', date: '2025-01-08' }]],
    ['o-3', 'EUR', [claim('o-3', '300.00'), paymentOf('o-3', 'p-o-3', '2025-01-08', '120.00', '120.00', '0.00', '0.00'), chargeback('o-3', 'p-o-3', '2025-01-09', '120.00')]],
    ['o-4', 'JPY', [claim('o-4', '5000', 'JPY'), paymentOf('o-4', 'p-o-4', '2025-01-08', '1200', '1200', '0', '0')]],
    ['o-5', 'EUR', [claim('o-5', '80.00'), adjustment('o-5', '2025-01-09', 'write-down', '80.00'), { type: 'settled', claimId: 'o-5', date: '2025-01-09' }]],
    ['o-6', 'EUR', [claim('o-6', '10.00')]],
  ];
}

/** The openPrincipal figure of every claim as the store's summaries give it, by claim id. */
async function openPrincipalFigures(store: ClaimStore): Promise<Record<string, string>> {
  const page = await resolves(need(store, 'queryClaims')({ limit: 1000 }), 'queryClaims({ limit: 1000 })');
  return Object.fromEntries(page.claims.map((c) => [c.claimId, c.openPrincipal]));
}

function openPrincipalChecks(): ClaimStoreCheck[] {
  return [
    {
      id: 'claim-store/open-principal',
      group: 'queries',
      title:
        "each claim's projection holds the principal still open (the statement's principal: after payments, credit notes, write-downs and chargebacks), written with the claim's events — in the tables, in queryClaims and summed per status, stage and currency by claimTotals beside the principal as created",
      async run(subject) {
        const store = await fresh(subject);
        for (const [id, , events] of openPrincipalEvents()) {
          await resolves(
            store.append({ claimId: id, debtorId: `d-${id}`, expectedVersion: 0, entries: buildAuditChain(events), nextReviewAt: null }),
            `creating open-principal fixture claim "${id}"`,
          );
        }
        const byHand = { 'o-1': '250.00', 'o-2': '0.00', 'o-3': '300.00', 'o-4': '3800', 'o-5': '0.00', 'o-6': '10.00' };
        same(await openPrincipalFigures(store), byHand, "the summaries' openPrincipal figures, worked out by hand (see the table above the checks)");
        // The one rule: the figure is the principal of core's statement of the claim's ledger (any day after its last event), not a second computation.
        for (const [id] of openPrincipalEvents()) {
          const stored = await resolves(store.load(id), `load("${id}")`);
          ok(stored !== null, `load("${id}") returned null for a stored claim`);
          const principal = statement(project(stored.entries.map((e) => e.event)), '2025-02-28').principal;
          same((await openPrincipalFigures(store))[id], toAmountString(principal), `"${id}": the summary's openPrincipal is the principal of statement(project(ledger), day)`);
        }
        if (subject.tables !== undefined) {
          const t = subject.tables(store);
          if (t.openPrincipal !== undefined) {
            for (const [claimId, figure] of Object.entries(byHand)) {
              same(await t.openPrincipal(claimId), figure, `"${claimId}": the openPrincipal figure in the claim's row of the tables (read past the port)`);
            }
          }
        }
        const claimTotals = need(store, 'claimTotals');
        same(
          await resolves(claimTotals(), 'claimTotals()'),
          [
            // o-1, o-3, o-6: 500.00 + 300.00 + 10.00 = 810.00 as created; 250.00 + 300.00 + 10.00 = 560.00 open
            { status: 'open', stage: null, currency: 'EUR', count: 3, amount: '810.00', openPrincipal: '560.00' },
            { status: 'open', stage: null, currency: 'JPY', count: 1, amount: '5000', openPrincipal: '3800' },
            // o-2, o-5: 200.00 + 80.00 = 280.00 as created; 0.00 + 0.00 open
            { status: 'settled', stage: null, currency: 'EUR', count: 2, amount: '280.00', openPrincipal: '0.00' },
          ],
          'totals of the open-principal book: the principal as created and still open, summed by hand',
        );
        same(
          await resolves(claimTotals({ currency: 'JPY' }), 'claimTotals({ currency: "JPY" })'),
          [{ status: 'open', stage: null, currency: 'JPY', count: 1, amount: '5000', openPrincipal: '3800' }],
          'claimTotals under a filter',
        );

        // The figure follows every write: a write-down lowers it, a payment lowers it.
        await appendEvents(store, 'o-1', [{ type: 'adjustment', claimId: 'o-1', date: '2025-01-20', kind: 'write-down', amount: '50.00' }]);
        await appendEvents(store, 'o-6', [paymentOf('o-6', 'p-o-6', '2025-01-21', '4.00', '4.00', '0.00', '0.00')]);
        same(
          await openPrincipalFigures(store),
          { ...byHand, 'o-1': '200.00', 'o-6': '6.00' },
          'after a write-down of 50.00 on o-1 (250.00 − 50.00 = 200.00) and a payment of 4.00 on o-6 (10.00 − 4.00 = 6.00)',
        );
        same(
          await resolves(claimTotals({ status: ['open'], currency: 'EUR' }), 'claimTotals({ status: ["open"], currency: "EUR" }) after the writes'),
          // 200.00 + 300.00 + 6.00 = 506.00; as created unchanged
          [{ status: 'open', stage: null, currency: 'EUR', count: 3, amount: '810.00', openPrincipal: '506.00' }],
          'totals after the writes, by hand',
        );
        if (subject.tables !== undefined) {
          const t = subject.tables(store);
          if (t.openPrincipal !== undefined) same(await t.openPrincipal('o-1'), '200.00', '"o-1": the tables hold the new figure after the write');
        }
      },
    },
  ];
}

/** The claim-query checks of the ClaimStore specification (see the port's TSDoc). */
export const claimQueryChecks: readonly ClaimStoreCheck[] = [
  {
    id: 'claim-store/query-filters',
    group: 'queries',
    title: 'queryClaims returns exactly the claims passing every filter given (status, stage incl. none, debtor, tag, currency, amount and due-date ranges)',
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book);
      for (const [what, filter, expected] of filters) same(await idsOf(store, filter), expected, `queryClaims with ${what} — ${show(filter)}`);
    },
  },
  {
    id: 'claim-store/query-summary',
    group: 'queries',
    title: "each claim comes back as summarizeClaim of its ledger: status, stage, currency, principal as written, tags sorted, dates, version",
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book);
      const page = await resolves(need(store, 'queryClaims')({ debtorId: 'd-b' }), 'queryClaims({ debtorId: "d-b" })');
      same(
        page,
        {
          claims: [
            { claimId: 'q-03', debtorId: 'd-b', status: 'in-default', stage: 'reminder', currency: 'EUR', principal: '1200.00', tags: ['b2b', 'vip'], invoiceDate: '2024-12-01', dueDate: '2025-01-10', nextReviewAt: '2025-06-01', version: 3, unapplied: '0.00', openPrincipal: '1200.00' },
            { claimId: 'q-04', debtorId: 'd-b', status: 'in-default', stage: 'dunning-notice', currency: 'EUR', principal: '1200.00', tags: ['b2b'], invoiceDate: '2024-12-01', dueDate: '2025-02-01', nextReviewAt: '2025-06-01', version: 4, unapplied: '0.00', openPrincipal: '1200.00' },
          ],
          nextCursor: null,
        },
        "a debtor's claims, as summaries",
      );
      const huge = await resolves(need(store, 'queryClaims')({ amountMin: HUGE }), `queryClaims({ amountMin: "${HUGE}" })`);
      same(huge.claims.map((c) => c.principal), [HUGE], 'a many-digit principal comes back with every digit');
    },
  },
  {
    id: 'claim-store/query-sort',
    group: 'queries',
    title: 'queryClaims sorts by claim id, amount (as a number) or due date, ascending or descending, ties broken by claim id in the same direction',
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book);
      for (const [what, query, expected] of sorts) same(await idsOf(store, query), expected, `queryClaims sorted by ${what} — ${show(query)}`);
    },
  },
  {
    id: 'claim-store/query-paging',
    group: 'queries',
    title: 'following nextCursor pages through the query in order, at most limit per page, and ends with a null cursor',
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book);
      const queryClaims = need(store, 'queryClaims');
      const first = await resolves(queryClaims({ sort: 'dueDate', limit: 3 }), 'first page');
      same(first.claims.map((c) => c.claimId), ['q-01', 'q-03', 'q-08'], 'page 1 of due-date order, limit 3');
      ok(first.nextCursor !== null, 'page 1 of 3 must have a nextCursor');
      const second = await resolves(queryClaims({ sort: 'dueDate', limit: 3, cursor: first.nextCursor }), 'second page');
      same(second.claims.map((c) => c.claimId), ['q-07', 'q-02', 'q-06'], 'page 2 of due-date order, limit 3');
      ok(second.nextCursor !== null, 'page 2 of 3 must have a nextCursor');
      const third = await resolves(queryClaims({ sort: 'dueDate', limit: 3, cursor: second.nextCursor }), 'third page');
      same(third, { claims: third.claims, nextCursor: null }, 'the last page has nextCursor null');
      same(third.claims.map((c) => c.claimId), ['q-04', 'q-05'], 'page 3 of due-date order, limit 3');
      const exact = await resolves(queryClaims({ status: ['in-default'], limit: 4 }), 'a page exactly as long as the result');
      same([exact.claims.length, exact.nextCursor], [4, null], 'a query with exactly limit results has one page and no cursor');
    },
  },
  {
    id: 'claim-store/query-paging-ties',
    group: 'queries',
    title: 'paging is stable and complete when many claims share the sort key: every claim exactly once, ties in claim-id order',
    async run(subject) {
      const store = await fresh(subject);
      const ties = Array.from({ length: 23 }, (_, i): QueryClaimSpec => ({ id: `t-${String(i).padStart(2, '0')}`, debtor: 'd-t', principal: '500.00', due: '2025-05-05' }));
      await seedClaims(store, [...ties].reverse());
      const ascending = ties.map((t) => t.id);
      for (const [query, expected] of [
        [{ sort: 'amount', order: 'desc', limit: 5 }, [...ascending].reverse()],
        [{ sort: 'dueDate', limit: 4 }, ascending],
        [{ sort: 'amount', limit: 1 }, ascending],
        [{ limit: 7, order: 'desc' }, [...ascending].reverse()],
      ] as const) {
        const { ids, pages } = await allPages(store, query);
        same(ids, expected, `all pages of ${show(query)} over 23 claims with the same amount and due date`);
        same(pages, Math.ceil(23 / query.limit), `number of pages of ${show(query)}`);
      }
    },
  },
  {
    id: 'claim-store/query-follows-writes',
    group: 'queries',
    title: "a claim's row follows every write: status and stage after the latest append",
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book);
      await appendEvents(store, 'q-01', [step('q-01', 'default', 10), step('q-01', 'stage:reminder', 11)]);
      same(await idsOf(store, { status: ['in-default'], stage: ['reminder'] }), ['q-01', 'q-03', 'q-07'], 'after q-01 entered default and the reminder stage');
      await appendEvents(store, 'q-01', [step('q-01', 'settled', 12)]);
      same(await idsOf(store, { status: ['settled'] }), ['q-01', 'q-06'], 'after q-01 was settled');
      const totals = await resolves(need(store, 'claimTotals')({ status: ['settled'] }), 'claimTotals({ status: ["settled"] })');
      same(totals, [{ status: 'settled', stage: 'reminder', currency: 'EUR', count: 2, amount: '110.00', openPrincipal: '110.00' }], 'settled totals: 100.00 + 10.00');
    },
  },
  {
    id: 'claim-store/claim-totals',
    group: 'queries',
    title: 'claimTotals counts claims and sums principals exactly per status, stage and currency (sorted), under the same filters as queryClaims',
    async run(subject) {
      const store = await fresh(subject);
      same(await resolves(need(store, 'claimTotals')(), 'claimTotals() of an empty store'), [], 'an empty store has no totals');
      await seedClaims(store, book);
      const claimTotals = need(store, 'claimTotals');
      same(await resolves(claimTotals(), 'claimTotals()'), bookTotals, 'totals of the fixture book, summed by hand');
      same(
        await resolves(claimTotals({ tag: 'vip' }), 'claimTotals({ tag: "vip" })'),
        [
          { status: 'in-default', stage: 'reminder', currency: 'EUR', count: 1, amount: '1200.00', openPrincipal: '1200.00' },
          { status: 'open', stage: null, currency: 'EUR', count: 1, amount: '100.00', openPrincipal: '100.00' },
          { status: 'settled', stage: 'reminder', currency: 'EUR', count: 1, amount: '10.00', openPrincipal: '10.00' },
        ],
        'totals of the claims tagged vip',
      );
    },
  },
  {
    id: 'claim-store/totals-many-digits',
    group: 'queries',
    title: 'totals keep every digit of many-digit amounts (no float, no 15-digit cut)',
    async run(subject) {
      const store = await fresh(subject);
      const big = '12345678901234567890123456789.01';
      await seedClaims(store, [
        { id: 'm-1', debtor: 'd-m', principal: big, due: '2025-01-10' },
        { id: 'm-2', debtor: 'd-m', principal: big, due: '2025-01-10' },
        { id: 'm-3', debtor: 'd-m', principal: big, due: '2025-01-10' },
        { id: 'm-4', debtor: 'd-m', principal: '9.99', due: '2025-01-10' },
      ]);
      // 3 × 12345678901234567890123456789.01 = 37037036703703703670370370367.03, + 9.99, worked by hand.
      same(
        await resolves(need(store, 'claimTotals')(), 'claimTotals()'),
        [{ status: 'open', stage: null, currency: 'EUR', count: 4, amount: '37037036703703703670370370377.02', openPrincipal: '37037036703703703670370370377.02' }],
        'the sum of three 31-digit principals and 9.99',
      );
      same(await idsOf(store, { sort: 'amount' }), ['m-4', 'm-1', 'm-2', 'm-3'], 'many-digit amounts sort as numbers (9.99 first, though "9.99" > "1234…" as text)');
    },
  },
  {
    id: 'claim-store/outbox-totals',
    group: 'queries',
    title: 'outboxTotals counts messages per template, channel and status (sorted by those)',
    async run(subject) {
      const store = await fresh(subject);
      const msg = (id: string, channel: string, template: string): OutboxMessage => ({
        id, claimId: 'o-1', debtorId: 'd-o', channel, template, date: '2025-01-05', status: 'pending', attempts: 0,
      });
      const entries = buildAuditChain(eventsOf({ id: 'o-1', debtor: 'd-o', principal: '10.00', due: '2025-01-03' }));
      await resolves(
        store.append({
          claimId: 'o-1', debtorId: 'd-o', expectedVersion: 0, entries, nextReviewAt: null,
          outbox: [msg('o:1', 'email', 'p/reminder'), msg('o:2', 'email', 'p/reminder'), msg('o:3', 'letter', 'p/reminder'), msg('o:4', 'email', 'p/dunning-notice')],
        }),
        'creating a claim with four outbox messages',
      );
      await resolves(store.markOutbox('o:1', 'sent'), 'markOutbox("o:1", "sent")');
      await resolves(store.markOutbox('o:3', 'failed'), 'markOutbox("o:3", "failed")');
      same(
        await resolves(need(store, 'outboxTotals')(), 'outboxTotals()'),
        [
          { template: 'p/dunning-notice', channel: 'email', status: 'pending', count: 1 },
          { template: 'p/reminder', channel: 'email', status: 'pending', count: 1 },
          { template: 'p/reminder', channel: 'email', status: 'sent', count: 1 },
          { template: 'p/reminder', channel: 'letter', status: 'failed', count: 1 },
        ],
        'messages by template, channel and status',
      );
    },
  },
  {
    id: 'claim-store/query-invalid',
    group: 'queries',
    title: "a malformed query is refused naming the field ('invalid_input'; 'invalid_date' for a date): limit, status, amounts, dates, a cursor of another sort",
    async run(subject) {
      const store = await fresh(subject);
      await seedClaims(store, book.slice(0, 3));
      const queryClaims = need(store, 'queryClaims');
      const page = await resolves(queryClaims({ sort: 'amount', limit: 1 }), 'a page by amount');
      ok(page.nextCursor !== null, 'a page of 1 of 3 claims must have a nextCursor');
      const bad: readonly [unknown, string, ('invalid_input' | 'invalid_date')?][] = [
        [{ limit: 0 }, 'limit'],
        [{ limit: 1001 }, 'limit'],
        [{ status: ['overdue'] }, 'status[0]'],
        [{ amountMin: '1,5' }, 'amountMin'],
        [{ amountMin: '10', amountMax: '9' }, 'amountMin'],
        [{ dueFrom: '2025-02-30' }, 'dueFrom', 'invalid_date'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ sort: 'dueDate', cursor: page.nextCursor }, 'cursor'],
        [{ sort: 'size' }, 'sort'],
        [{ holdsUnapplied: 'yes' }, 'holdsUnapplied'],
      ];
      for (const [query, field, code] of bad) {
        const error = await rejectsWith(queryClaims(query as ClaimQuery), code ?? 'invalid_input', `queryClaims(${show(query)})`);
        same(error.field, field, `the error of queryClaims(${show(query)}) must name the field`);
      }
      await rejectsWith(need(store, 'claimTotals')({ currency: '' }), 'invalid_input', 'claimTotals({ currency: "" })');
      await rejectsWith(need(store, 'unappliedTotals')({ holdsUnapplied: 1 } as unknown as ClaimFilter), 'invalid_input', 'unappliedTotals({ holdsUnapplied: 1 })');
    },
  },
  ...unappliedChecks(),
  ...openPrincipalChecks(),
];
