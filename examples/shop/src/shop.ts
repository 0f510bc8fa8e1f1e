// The README's quick start: a shop embeds the engine with an in-memory store and recording channels.
import { createMahnwerk, fixedClock, toAmountString, type Clock } from '@mahnwerk/core';
import { createEngineRenderer } from '@mahnwerk/templates';
import { createMemoryClaimStore, createRecordingChannel } from '@mahnwerk/testing/doubles';

/** Sets up mahnwerk for the shop, creates one overdue claim and runs the due work on a day. */
export async function runShop(day: string, clock: Clock = fixedClock(day)) {
  const email = createRecordingChannel('email');
  const letter = createRecordingChannel('letter');
  const mahnwerk = createMahnwerk({
    store: createMemoryClaimStore(),
    channels: [email, letter],
    policy: 'auto', // de-b2c-default or de-b2b-default by debtor kind
    clock,
    render: createEngineRenderer({ creditor: { name: 'Beispiel GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] } }),
  });
  await mahnwerk.createClaim({
    id: 'RE-1001',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Anna Muster', email: 'anna@example.org' },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: true, // payment terms in the T&Cs accepted at checkout: the due date is agreed (§ 286 Abs. 2 Nr. 1 BGB)
  });
  const run = await mahnwerk.runDue(day);
  const statement = await mahnwerk.statement('RE-1001', day);
  return { run, statement, sent: email.sent, letters: letter.sent, history: await mahnwerk.history('RE-1001'), verify: () => mahnwerk.verify('RE-1001') };
}

/** Prints what happened (for running the example by hand). */
export async function main(): Promise<void> {
  const { statement, sent } = await runShop('2025-01-23');
  console.log(`messages sent: ${sent.map((m) => m.subject).join(', ')}`);
  console.log(`principal ${toAmountString(statement.principal)}, interest ${toAmountString(statement.interest)}, total ${toAmountString(statement.total)}`);
}
