// The book of the specs on credit notes and write-downs in `mahnwerk import` (import-adjustment.test.ts) and
// `mahnwerk simulate --script` (simulate-adjustment.test.ts): one claim and its credit note, the same record
// in a book and in a script (core's scripted action `adjustment`), so both commands are fed the same entry.

/**
 * The claim K1 of debtor D-1, a consumer reachable by e-mail and by letter: 500.00 EUR, invoice
 * 2025-01-02, due 2025-01-16 agreed as a calendar date (default from 2025-01-17, § 286 Abs. 2 Nr. 1 BGB),
 * "Bestellung 4711: Gartenstuhl" under a contract of 2025-01-02.
 */
export const k1 = {
  id: 'K1',
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateAgreed: true,
  description: 'Bestellung 4711: Gartenstuhl',
  contractDate: '2025-01-02',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
};

/** A credit note (Gutschrift) of 100.00 EUR on K1, 2025-02-14, "Rücksendung": a book's record and a script's entry. */
export const creditNote = { type: 'adjustment', claimId: 'K1', date: '2025-02-14', kind: 'credit-note', amount: '100.00', note: 'Rücksendung' };

/** A JSON array with one record per line: record N stands on line N + 1 (so a spec can name the line an error names). */
export const jsonLines = (records: readonly unknown[]): string => `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
