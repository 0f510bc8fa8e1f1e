// The README's quick start: a shop embeds the engine with the embedded default store (PostgreSQL on
// PGlite, in memory or in a data directory) and recording channels.
import { createMahnwerk, fixedClock, toAmountString, type BlockedStep, type ClaimFactsInput, type Clock, type IsoDate } from '@mahnwerk/core';
import { openEmbeddedStore } from '@mahnwerk/store-postgres';
import { createEngineRenderer } from '@mahnwerk/templates';
import { createRecordingChannel, createVirtualClock } from '@mahnwerk/testing/doubles';

/** The README's claim: a consumer's order, paid on terms the customer accepted at checkout. */
export const quickStartClaim: ClaimFactsInput = {
  id: 'RE-1001',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Anna Muster', email: 'anna@example.org' },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateAgreed: true, // payment terms in the T&Cs accepted at checkout: the due date is agreed (§ 286 Abs. 2 Nr. 1 BGB)
  // What was bought and when: the collection agency's first letter must name both (§ 13a Abs. 1 Nr. 2 RDG);
  // without them the engine never hands a consumer's claim over.
  description: 'Bestellung 1001: Kaffeevollautomat',
  contractDate: '2024-12-30',
};

/** Where the shop keeps its book. */
export interface ShopOptions {
  /** A directory that keeps the embedded database across runs (the README's `{ dataDir }`); absent: in memory. */
  readonly dataDir?: string;
}

/**
 * The README's engine: the embedded store (`openEmbeddedStore`: PostgreSQL on PGlite, the same
 * tables a PostgreSQL server holds), recording e-mail and letter channels, the built-in policies.
 * Close the store when done: the embedded database keeps the process alive until it is closed.
 */
async function createShop(clock: Clock, options: ShopOptions = {}) {
  const store = await openEmbeddedStore(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const email = createRecordingChannel('email');
  const letter = createRecordingChannel('letter');
  const mahnwerk = createMahnwerk({
    store,
    channels: [email, letter],
    policy: 'auto', // de-b2c-default or de-b2b-default by debtor kind
    clock,
    render: createEngineRenderer({ creditor: { name: 'Beispiel GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] } }),
  });
  return { mahnwerk, email, letter, store };
}

/** Sets up mahnwerk for the shop, creates one overdue claim, runs the due work on a day and closes the store. */
export async function runShop(day: string, clock: Clock = fixedClock(day), options: ShopOptions = {}) {
  const { mahnwerk, email, letter, store } = await createShop(clock, options);
  try {
    await mahnwerk.createClaim(quickStartClaim);
    const run = await mahnwerk.runDue(day);
    const statement = await mahnwerk.statement('RE-1001', day);
    return { run, statement, sent: email.sent, letters: letter.sent, history: await mahnwerk.history('RE-1001'), verification: await mahnwerk.verify('RE-1001') };
  } finally {
    await store.close();
  }
}

/**
 * Runs the README's claim day by day from its due date to `lastDay` (a virtual clock, `runDue` every
 * day) and returns the steps the engine refused (`blocked`) and the stages entered, with their days.
 */
export async function runShopDays(lastDay: IsoDate) {
  const clock = createVirtualClock(quickStartClaim.dueDate);
  const { mahnwerk, store } = await createShop(clock);
  try {
    await mahnwerk.createClaim(quickStartClaim);
    const blocked: (BlockedStep & { readonly date: IsoDate })[] = [];
    for (let day = clock.today(); day <= lastDay; day = clock.advance(1)) {
      const run = await mahnwerk.runDue(day);
      blocked.push(...run.blocked.map((step) => ({ ...step, date: day })));
    }
    const stages = (await mahnwerk.history('RE-1001')).flatMap(({ event }) => (event.type === 'stage-entered' ? [`${event.date} ${event.stage}`] : []));
    return { blocked, stages, state: await mahnwerk.claim('RE-1001') };
  } finally {
    await store.close();
  }
}

/** Prints what happened (for running the example by hand). */
export async function main(): Promise<void> {
  const { statement, sent } = await runShop('2025-01-23');
  console.log(`messages sent: ${sent.map((m) => m.subject).join(', ')}`);
  console.log(`principal ${toAmountString(statement.principal)}, interest ${toAmountString(statement.interest)}, total ${toAmountString(statement.total)}`);
}
