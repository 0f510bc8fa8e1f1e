// A shop's book over five months: a consumer and a business order, a partial payment, a dispute, an
// overpayment, and the hand-over to a collection agency with the § 13a RDG letter — the README's
// "Before the first claim reaches the hand-over" set up in code. It keeps its book where the quick start
// (shop.ts) does, in the embedded default store (PostgreSQL on PGlite): the daily runs on the virtual
// clock write what a shop's daily runs would write.
import {
  agencyCollectsAt,
  createMahnwerk,
  policyStagesFor,
  type ClaimFactsInput,
  type IsoDate,
  type RunDueResult,
} from '@mahnwerk/core';
import { openEmbeddedStore } from '@mahnwerk/store-postgres';
import { createEngineRenderer, type CreditorParty, type InkassoInfo } from '@mahnwerk/templates';
import { createRecordingChannel, createVirtualClock } from '@mahnwerk/testing/doubles';

/** The shop: it dunns until the hand-over stage. */
export const shop: CreditorParty = {
  name: 'Gartenwelt Versand GmbH',
  addressLines: ['Lindenallee 12', '04109 Leipzig'],
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
};

/** The collection agency the shop hands claims over to; it writes in its own name from then on. */
export const agency: CreditorParty = {
  name: 'Muster Inkasso GmbH',
  addressLines: ['Inkassoplatz 2', '10117 Berlin'],
  isCollectionAgency: true,
  registration: 'registriert im Rechtsdienstleistungsregister (Beispiel)',
  bank: { iban: 'DE02 1001 0010 0006 8201 01' },
};

/** What § 13a Abs. 1 RDG asks of the agency's first letter beyond the claim's own facts and statement. */
const inkasso: InkassoInfo = {
  client: { name: shop.name, addressLines: shop.addressLines ?? [] }, // Nr. 1: the client
  vatOnCosts: false, // Nr. 6: the shop deducts input VAT, so no VAT on the collection costs
  addressResearched: false, // Nr. 7: the address came from the shop
  supervisoryAuthority: { name: 'Bundesamt für Justiz (Beispielangabe)', addressLines: ['Adenauerallee 99–103', '53113 Bonn'], website: 'https://www.bundesjustizamt.de' }, // Nr. 8
};

/** A consumer's order (§ 13 BGB): +5 points over the base rate, no flat fee. */
export const consumerOrder: ClaimFactsInput = {
  id: 'RE-2025-0417',
  debtor: {
    id: 'K-88231',
    kind: 'consumer',
    name: 'Anna Muster',
    email: 'anna.muster@example.org',
    postalAddress: { street: 'Kastanienweg', houseNumber: '7', postalCode: '01067', city: 'Dresden', country: 'DE' },
  },
  principal: '249.90',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-03-17',
  dueDateAgreed: true, // "zahlbar innerhalb von 14 Tagen" in the T&Cs accepted at checkout
  description: 'Bestellung 4711: Gartenstuhl „Lotte“, 2 Stück',
  contractDate: '2025-03-01',
};

/** A business customer's order: +9 points, the 40 EUR flat fee (§ 288 Abs. 2, 5 BGB). */
export const businessOrder: ClaimFactsInput = {
  id: 'RE-2025-0418',
  debtor: {
    id: 'K-90412',
    kind: 'business',
    name: 'Muster Bau GmbH',
    email: 'buchhaltung@musterbau.example',
    postalAddress: { street: 'Industriestraße', houseNumber: '41', postalCode: '80339', city: 'München', country: 'DE' },
  },
  principal: '4780.00',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-04-02',
  dueDateAgreed: true,
  description: 'Bestellung 4712: 20 Pflanzkübel Cortenstahl',
  contractDate: '2025-02-27',
};

/**
 * Lives the book day by day on a virtual clock from 2025-03-03 to `lastDay`: each day's payments
 * and debtor actions first, then `runDue` (the order of a business day, docs/engine.md). The book is
 * kept in the embedded store (`openEmbeddedStore`, in memory) and left open for reading: call `close()`
 * when done — the embedded database keeps the process alive until it is closed.
 */
export async function runTimeline(lastDay: IsoDate = '2025-06-30') {
  const clock = createVirtualClock('2025-03-03');
  const email = createRecordingChannel('email');
  const letter = createRecordingChannel('letter');
  const render = createEngineRenderer({
    // Who writes: the shop until the hand-over stage, the agency from then on (§ 13a Abs. 1 Nr. 1 RDG).
    creditor: (input) => (agencyCollectsAt(policyStagesFor('auto', input.claim.debtor.kind), input.stage) ? agency : shop),
    extra: (input) => (agencyCollectsAt(policyStagesFor('auto', input.claim.debtor.kind), input.stage) ? { inkasso } : {}),
  });
  const store = await openEmbeddedStore();
  const mahnwerk = createMahnwerk({ store, channels: [email, letter], policy: 'auto', clock, render });
  const actions: Record<IsoDate, () => Promise<unknown>> = {
    '2025-04-10': () => mahnwerk.recordPayment({ claimId: consumerOrder.id, amount: '100.00', paymentId: 'BANK-2025-04-10-1' }),
    '2025-04-14': () => mahnwerk.openDispute({ claimId: businessOrder.id, disputeId: 'D-1', note: 'Zwei Kübel mit Lackschäden geliefert' }),
    '2025-04-28': () => mahnwerk.resolveDispute({ claimId: businessOrder.id, disputeId: 'D-1', outcome: 'creditor-right', note: 'Schaden nach Zustellung entstanden' }),
    '2025-06-02': () => mahnwerk.recordPayment({ claimId: businessOrder.id, amount: '6000.00', paymentId: 'BANK-2025-06-02-9' }),
  };
  const runs: RunDueResult[] = [];
  try {
    await mahnwerk.createClaim(consumerOrder);
    await mahnwerk.createClaim(businessOrder);
    for (let day = clock.today(); day <= lastDay; day = clock.advance(1)) {
      await actions[day]?.();
      runs.push(await mahnwerk.runDue(day));
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return { mahnwerk, runs, email, letter, close: () => store.close() };
}
